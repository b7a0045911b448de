/* sentences.h: splitting UTF-8 text into words and sentences.
 *
 * The writing checks (plain English, easy read, reading scores) all need
 * the same answer to "where are the words and where do sentences end", so
 * it is worked out here once.  The rules are deliberately simple and
 * documented, because writers need to predict what the checker will count:
 *
 *   A word starts with a letter or a digit and runs on through letters and
 *   digits.  An apostrophe (' or U+2019), a hyphen (-, U+2010, U+2011) or a
 *   full stop joins two runs into one word when it sits between them with
 *   no space: "don't", "well-being", "e.g", "2.5", "example.org".
 *   Any byte sequence that decodes to a non-ASCII letter counts as a letter;
 *   general punctuation (U+2000-U+206F), Latin-1 symbols (U+00A0-U+00BF),
 *   currency signs and the multiplication/division signs do not.
 *
 *   A sentence ends after a word when the gap before the next word holds a
 *   full stop, "!", "?" or an ellipsis (U+2026), except
 *     - when the next word starts with a lower-case letter ("approx. ten",
 *       "\"Is it right?\" we asked"), and
 *     - a full stop after a common abbreviation that never ends a sentence
 *       ("e.g", "i.e", "Mr", "Dr", "St", "Cllr", "No", "approx", "vs",
 *       "Prof", "tel", "ref").
 *   The end of the text always ends the last sentence.  Colons, semicolons
 *   and line breaks do not end sentences: cmark keeps a paragraph's soft
 *   line breaks as newlines, and those are where the Markdown lines break.
 *
 * Nothing here allocates per word: a SentenceSplit keeps its arrays and is
 * reused from one block of text to the next.
 */
#ifndef SAYSO_SENTENCES_H
#define SAYSO_SENTENCES_H

#include <stdbool.h>
#include <stddef.h>

/* Marks the text of an <abbr title="..."> in text gathered from a page
 * (text_blocks.h): ABBR_OPEN before it, ABBR_CLOSE after.  Neither is a
 * word character nor ends a sentence. */
#define ABBR_OPEN  '\x01'
#define ABBR_CLOSE '\x02'

typedef struct TextWord {
    size_t start, len;          /* bytes of the text */
} TextWord;

typedef struct TextSentence {
    size_t start, end;          /* bytes: first word's start, just past the terminator */
    size_t first_word;          /* index into SentenceSplit.words */
    size_t word_count;
} TextSentence;

typedef struct SentenceSplit {
    TextWord *words;
    size_t word_count, word_cap;
    TextSentence *sentences;
    size_t count, cap;
} SentenceSplit;

/* Finds the first word at or after *pos (a byte offset), stores it in *word
 * and moves *pos past it.  Returns false when there are no more words. */
bool text_next_word(const char *text, size_t len, size_t *pos, TextWord *word);

/* Splits text into sentences (and their words), replacing what *out held.
 * Sentences with no words are not stored. */
void sentences_split(const char *text, size_t len, SentenceSplit *out);
void sentences_free(SentenceSplit *s);

/* Copies a word into buf in ASCII lower case, with U+2019 turned into "'",
 * cut to fit cap (which must be at least 1).  Returns the length written. */
size_t word_fold(const char *word, size_t len, char *buf, size_t cap);

/* True when the word has at least one letter and no lower-case letter. */
bool word_is_upper(const char *word, size_t len);

/* True when the word contains at least one letter (not only digits). */
bool word_has_letter(const char *word, size_t len);

/* Number of '\n' in text[0, offset): how many lines after the first line
 * of the text the offset is on. */
int text_lines_before(const char *text, size_t offset);

/* A copy of text[start, end) without the ABBR markers, for excerpts. */
char *text_excerpt(const char *text, size_t start, size_t end);

#endif
