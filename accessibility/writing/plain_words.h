/* plain_words.h: the table of words with plainer alternatives, and how a
 * piece of text is matched against it.
 *
 * Matching is case-insensitive and on whole words.  An entry may be a
 * phrase ("in order to"); its words must follow one another with only
 * spaces or line breaks between them, so "In addition, to..." does not
 * match "in addition to".  The first word may be inflected: "utilised",
 * "utilises", "utilising", "submitted", "notified" all find their entry.
 * Where several entries match ("in addition", "in addition to") the longest
 * wins.  Lookups are a binary search of the sorted table: no allocation,
 * nothing to set up.
 */
#ifndef SAYSO_PLAIN_WORDS_H
#define SAYSO_PLAIN_WORDS_H

#include <stddef.h>

#include "sentences.h"

typedef struct PlainWord {
    const char *phrase;      /* lower case, words separated by one space */
    const char *instead;     /* what to write instead: "use", "go with" */
} PlainWord;

extern const PlainWord plain_words[];
extern const size_t plain_words_count;

/* The longest entry matching the words of text from words[i] on, or NULL.
 * *matched is set to the number of words it covers. */
const PlainWord *plain_words_match(const char *text, const TextWord *words, size_t count,
                                   size_t i, size_t *matched);

/* The entry for exactly this lower-case phrase, or NULL. */
const PlainWord *plain_words_lookup(const char *phrase);

#endif
