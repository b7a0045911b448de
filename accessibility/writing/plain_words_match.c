/* plain_words_match.c: finding plain_words entries in text (see plain_words.h). */
#include "plain_words.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* First entry not less than key. */
static size_t lower_bound(const char *key)
{
    size_t lo = 0, hi = plain_words_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(plain_words[mid].phrase, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const PlainWord *plain_words_lookup(const char *phrase)
{
    size_t i = lower_bound(phrase);
    return i < plain_words_count && strcmp(plain_words[i].phrase, phrase) == 0 ? &plain_words[i] : NULL;
}

/* ---- Entries by first word ---- */

/* Every word of every page is looked up, in up to eight forms ("closed":
 * closed, close, clos), and most are in no entry.  The entries whose
 * first word is a given word are next to each other in the table (a space
 * sorts before any letter), so one hash table from first word to that
 * run answers each form with one probe, where a search by halves took
 * nine string comparisons. */

#define FIRST_WORD_SLOTS 2048           /* a power of two, over twice the entries */

typedef struct {
    const char *word;                   /* the first word of plain_words[from], NULL: empty */
    size_t len;
    size_t from, to;                    /* the run of entries starting with it */
} FirstWord;

static FirstWord first_words[FIRST_WORD_SLOTS];
static pthread_once_t first_words_once = PTHREAD_ONCE_INIT;

static uint32_t hash_word(const char *w, size_t n)
{
    uint32_t h = 2166136261u;           /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static void index_first_words(void)
{
    for (size_t e = 0; e < plain_words_count;) {
        const char *p = plain_words[e].phrase;
        size_t n = strcspn(p, " ");
        size_t end = e + 1;
        while (end < plain_words_count && strncmp(plain_words[end].phrase, p, n) == 0 &&
               (plain_words[end].phrase[n] == ' ' || plain_words[end].phrase[n] == '\0'))
            end++;
        uint32_t h = hash_word(p, n);
        for (size_t k = 0;; k++) {
            FirstWord *slot = &first_words[(h + k) & (FIRST_WORD_SLOTS - 1)];
            if (!slot->word) {
                *slot = (FirstWord){ p, n, e, end };
                break;
            }
        }
        e = end;
    }
}

/* The entries whose first word is w (n bytes): [*from, *to). */
static bool entries_starting(const char *w, size_t n, size_t *from, size_t *to)
{
    pthread_once(&first_words_once, index_first_words);
    uint32_t h = hash_word(w, n);
    for (size_t k = 0;; k++) {
        const FirstWord *slot = &first_words[(h + k) & (FIRST_WORD_SLOTS - 1)];
        if (!slot->word)
            return false;
        if (slot->len == n && memcmp(slot->word, w, n) == 0) {
            *from = slot->from;
            *to = slot->to;
            return true;
        }
    }
}

static bool only_space(const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r')
            return false;
    return true;
}

/* Do the words after the first (words[i+1]...) spell the rest of the
 * phrase?  rest points just past the phrase's first word.  Returns the
 * number of words matched in all, or 0. */
static size_t match_rest(const char *rest, const char *text, const TextWord *words, size_t count, size_t i)
{
    size_t n = 1;
    char buf[64];
    while (*rest == ' ') {
        rest++;
        const char *end = strchr(rest, ' ');
        size_t plen = end ? (size_t)(end - rest) : strlen(rest);
        size_t k = i + n;
        if (k >= count || !only_space(text, words[k - 1].start + words[k - 1].len, words[k].start))
            return 0;
        size_t wlen = word_fold(text + words[k].start, words[k].len, buf, sizeof buf);
        if (wlen != plen || memcmp(buf, rest, plen) != 0)
            return 0;
        n++;
        rest += plen;
    }
    return n;
}

#define MAX_FORMS 8
#define FORM_SIZE 64

static void add_form(char forms[][FORM_SIZE], int *k, const char *w, size_t len, const char *suffix)
{
    size_t slen = strlen(suffix);
    if (len < 3 || len + slen >= FORM_SIZE || *k >= MAX_FORMS)
        return;                             /* stems shorter than 3 letters mislead */
    memcpy(forms[*k], w, len);
    memcpy(forms[*k] + len, suffix, slen + 1);
    (*k)++;
}

static bool ends(const char *w, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n > k && memcmp(w + n - k, suffix, k) == 0;
}

/* Fills forms[] with the word itself and the stems it may be an
 * inflection of; returns how many.  n < FORM_SIZE. */
static int stems(const char *w, size_t n, char forms[][FORM_SIZE])
{
    int k = 0;
    memcpy(forms[k++], w, n + 1);
    if (ends(w, n, "ies") || ends(w, n, "ied"))
        add_form(forms, &k, w, n - 3, "y");
    if (ends(w, n, "es"))
        add_form(forms, &k, w, n - 2, "");
    if (ends(w, n, "s") && !ends(w, n, "ss"))
        add_form(forms, &k, w, n - 1, "");
    if (ends(w, n, "ed")) {
        add_form(forms, &k, w, n - 1, "");                  /* closed */
        add_form(forms, &k, w, n - 2, "");                  /* prohibited */
        if (n > 4 && w[n - 3] == w[n - 4])
            add_form(forms, &k, w, n - 3, "");              /* submitted */
    }
    if (ends(w, n, "ing")) {
        add_form(forms, &k, w, n - 3, "");                  /* assisting */
        add_form(forms, &k, w, n - 3, "e");                 /* utilising */
        if (n > 5 && w[n - 4] == w[n - 5])
            add_form(forms, &k, w, n - 4, "");              /* submitting */
    }
    return k;
}

const PlainWord *plain_words_match(const char *text, const TextWord *words, size_t count,
                                   size_t i, size_t *matched)
{
    *matched = 0;
    if (i >= count || words[i].len >= 60)
        return NULL;
    char word[FORM_SIZE];
    size_t n = word_fold(text + words[i].start, words[i].len, word, sizeof word);
    char forms[MAX_FORMS][FORM_SIZE];
    int nforms = stems(word, n, forms);

    const PlainWord *best = NULL;
    for (int f = 0; f < nforms; f++) {
        size_t flen = strlen(forms[f]), from, to;
        if (!entries_starting(forms[f], flen, &from, &to))
            continue;
        for (size_t e = from; e < to; e++) {
            const char *p = plain_words[e].phrase;
            size_t m = match_rest(p + flen, text, words, count, i);
            if (m > *matched) {
                *matched = m;
                best = &plain_words[e];
            }
        }
    }
    return best;
}
