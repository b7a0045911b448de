/* sentences.c: words and sentences in UTF-8 text (rules in sentences.h). */
#include "sentences.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool is_letter_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
        return false;                       /* Latin-1 symbols, x and / signs */
    if (cp >= 0x2000 && cp <= 0x2BFF)
        return false;                       /* punctuation, currency, arrows, symbols */
    if (cp >= 0x3000 && cp <= 0x303F)
        return false;                       /* CJK punctuation */
    if (cp >= 0xFE30 && cp <= 0xFE4F)
        return false;
    if (cp >= 0x1F000)
        return false;                       /* emoji and pictographs */
    return true;
}

static bool is_word_cp(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || is_letter_cp(cp);
}

/* Characters that join two runs of word characters into one word. */
static bool is_joiner_cp(unsigned cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == '.';
}

bool text_next_word(const char *text, size_t len, size_t *pos, TextWord *word)
{
    size_t i = *pos, n;
    while (i < len && !is_word_cp(utf8_decode(text + i, len - i, &n)))
        i += n;
    if (i >= len) {
        *pos = len;
        return false;
    }
    size_t start = i;
    while (i < len) {
        unsigned cp = utf8_decode(text + i, len - i, &n);
        if (is_word_cp(cp)) {
            i += n;
            continue;
        }
        size_t m;
        if (is_joiner_cp(cp) && i + n < len && is_word_cp(utf8_decode(text + i + n, len - i - n, &m))) {
            i += n;
            continue;
        }
        break;
    }
    word->start = start;
    word->len = i - start;
    *pos = i;
    return true;
}

size_t word_fold(const char *word, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c == 0xE2 && i + 2 < len && (unsigned char)word[i + 1] == 0x80 &&
            (unsigned char)word[i + 2] == 0x99) {
            buf[o++] = '\'';
            i += 2;
        } else {
            buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    buf[o] = '\0';
    return o;
}

bool word_is_upper(const char *word, size_t len)
{
    bool letter = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 'a' && c <= 'z')
            return false;
        if (c >= 'A' && c <= 'Z')
            letter = true;
    }
    return letter;
}

bool word_has_letter(const char *word, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC0)
            return true;
    }
    return false;
}

int text_lines_before(const char *text, size_t offset)
{
    int n = 0;
    for (size_t i = 0; i < offset; i++)
        n += text[i] == '\n';
    return n;
}

char *text_excerpt(const char *text, size_t start, size_t end)
{
    char *out = xmalloc(end - start + 1);
    size_t o = 0;
    for (size_t i = start; i < end; i++)
        if (text[i] != ABBR_OPEN && text[i] != ABBR_CLOSE)
            out[o++] = text[i];
    out[o] = '\0';
    return out;
}

/* Abbreviations after which a full stop never ends a sentence.  Sorted. */
static const char *const never_final[] = {
    "approx", "cllr", "dr", "e.g", "eg", "i.e", "ie", "mr", "mrs", "ms", "no", "prof",
    "ref", "st", "tel", "vs",
};

static bool is_never_final(const char *text, const TextWord *w)
{
    char buf[16];
    if (w->len >= sizeof buf)
        return false;
    word_fold(text + w->start, w->len, buf, sizeof buf);
    return STR_IN_SET(buf, never_final);
}

/* What the gap text[from, to) between two words says about a sentence end:
 * 0 none, 1 a full stop only, 2 "!", "?" or an ellipsis. */
static int gap_terminator(const char *text, size_t from, size_t to)
{
    int t = 0;
    for (size_t i = from; i < to; i++) {
        char c = text[i];
        if (c == '!' || c == '?')
            return 2;
        if (c == '.')
            t = 1;
        else if ((unsigned char)c == 0xE2 && i + 2 < to && (unsigned char)text[i + 1] == 0x80 &&
                 (unsigned char)text[i + 2] == 0xA6)
            return 2;
    }
    return t;
}

/* Where the terminator of a sentence ends: after the run of ".!?", closing
 * quotes and brackets that follows its last word. */
static size_t terminator_end(const char *text, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        unsigned char c = (unsigned char)text[i];
        if (c == '.' || c == '!' || c == '?' || c == ')' || c == ']' || c == '"' || c == '\'' ||
            c == ABBR_CLOSE) {
            i++;
        } else if (c == 0xE2 && i + 2 < to && (unsigned char)text[i + 1] == 0x80 &&
                   ((unsigned char)text[i + 2] == 0xA6 || (unsigned char)text[i + 2] == 0x99 ||
                    (unsigned char)text[i + 2] == 0x9D)) {
            i += 3;                         /* ellipsis, closing curly quotes */
        } else {
            break;
        }
    }
    return i;
}

static void push_word(SentenceSplit *s, TextWord w)
{
    GROW(s->words, s->word_count, s->word_cap);
    s->words[s->word_count++] = w;
}

static void push_sentence(SentenceSplit *s, TextSentence t)
{
    GROW(s->sentences, s->count, s->cap);
    s->sentences[s->count++] = t;
}

void sentences_split(const char *text, size_t len, SentenceSplit *out)
{
    out->word_count = out->count = 0;
    size_t pos = 0;
    TextWord w;
    while (text_next_word(text, len, &pos, &w))
        push_word(out, w);

    size_t first = 0;
    for (size_t i = 0; i < out->word_count; i++) {
        const TextWord *cur = &out->words[i];
        size_t gap_from = cur->start + cur->len;
        bool last = i + 1 == out->word_count;
        size_t gap_to = last ? len : out->words[i + 1].start;
        int t = gap_terminator(text, gap_from, gap_to);
        bool ends = last;
        if (t && !last) {
            unsigned char next = (unsigned char)text[out->words[i + 1].start];
            ends = !(next >= 'a' && next <= 'z') && (t == 2 || !is_never_final(text, cur));
        }
        if (!ends)
            continue;
        TextSentence st = {
            .start = out->words[first].start,
            .end = t ? terminator_end(text, gap_from, gap_to) : gap_from,
            .first_word = first,
            .word_count = i + 1 - first,
        };
        push_sentence(out, st);
        first = i + 1;
    }
}

void sentences_free(SentenceSplit *s)
{
    free(s->words);
    free(s->sentences);
    memset(s, 0, sizeof *s);
}
