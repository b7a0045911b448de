/* readability.c: syllables and reading scores (rules in readability.h). */
#include "readability.h"
#include "sentences.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static bool is_aeiou(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Is p[i] a vowel?  "y" is one except at the start or before a vowel. */
static bool vowel_at(const char *p, size_t n, size_t i)
{
    char c = p[i];
    if (is_aeiou(c))
        return true;
    if (c == 'y')
        return i > 0 && !(i + 1 < n && is_aeiou(p[i + 1]));
    return false;
}

static bool consonant_at(const char *p, size_t n, size_t i)
{
    char c = p[i];
    return c >= 'a' && c <= 'z' && !vowel_at(p, n, i);
}

static bool one_of(char c, const char *set)
{
    return c && strchr(set, c) != NULL;
}

static bool ends_with(const char *p, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(p + n - k, suffix, k) == 0;
}

static bool starts_with(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(p, prefix, k) == 0;
}

static int vowel_groups(const char *p, size_t n)
{
    int groups = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool v = vowel_at(p, n, i);
        groups += v && !in;
        in = v;
    }
    return groups;
}

/* Step 3: silent endings. */
static int silent_endings(const char *p, size_t n)
{
    if (n < 3)
        return 0;
    /* A consonant before "l" makes "-le", "-les", "-led" a syllable of its
     * own ("table"), unless it is another l ("called"); same for "-red"
     * after a consonant ("hundred"). */
    if (p[n - 1] == 'e' && consonant_at(p, n, n - 2)) {
        if (p[n - 2] == 'l' && consonant_at(p, n, n - 3) && p[n - 3] != 'l')
            return 0;
        return 1;
    }
    if (n < 4)
        return 0;
    char c0 = p[n - 3];
    bool syllabic_l = c0 == 'l' && consonant_at(p, n, n - 4) && p[n - 4] != 'l';
    if (ends_with(p, n, "es") && consonant_at(p, n, n - 3)) {
        if (one_of(c0, "sxzcg") || syllabic_l)
            return 0;
        if (c0 == 'h' && one_of(p[n - 4], "cs"))
            return 0;
        return 1;
    }
    if (ends_with(p, n, "ed") && consonant_at(p, n, n - 3)) {
        if (one_of(c0, "td") || syllabic_l)
            return 0;
        if (c0 == 'r' && consonant_at(p, n, n - 4))
            return 0;
        return 1;
    }
    return 0;
}

/* Step 4: vowel pairs said as two syllables. */
static int split_pairs(const char *p, size_t n)
{
    int extra = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        char a = p[i], b = p[i + 1];
        char prev = i > 0 ? p[i - 1] : 0;
        char next = i + 2 < n ? p[i + 2] : 0;
        char next2 = i + 3 < n ? p[i + 3] : 0;
        if (a == 'i' && b == 'a')
            extra += !one_of(prev, "ctsg");
        else if (a == 'i' && b == 'o')
            extra += next != 'n' && !one_of(prev, "ctsxg");
        else if (a == 'e' && b == 'a')
            extra += i + 2 == n || (i + 3 == n && next == 's');
        else if (a == 'e' && b == 'o')
            extra += prev != 'p' && next != 'u' && !(next == 'n' && next2 == 'e' && i + 4 == n);
        else if (a == 'u' && b == 'a')
            extra += !one_of(prev, "qg");
        else if (a == 'i' && b == 'e') {
            if (next == 't')
                extra += 1;
            else if (next == 'n' && one_of(next2, "tc"))
                extra += !one_of(prev, "ct") || (prev == 'c' && i >= 2 && p[i - 2] == 's');
        } else if ((a == 'i' && b == 'u') || (a == 'u' && b == 'o'))
            extra += 1;
    }
    if (ends_with(p, n, "ism"))
        extra++;
    if (starts_with(p, n, "coop") || starts_with(p, n, "coor"))
        extra++;
    if (starts_with(p, n, "creat") && !starts_with(p, n, "creatu"))
        extra++;
    return extra;
}

static int count_lower(const char *p, size_t n);

/* Compounds whose first part the rules would run into the second:
 * "someone", "everything". */
static const struct { const char *head; int syllables; } compound_heads[] = {
    {"any", 2}, {"every", 2}, {"some", 1},
};
static const char *const compound_tails[] = {
    "body", "how", "one", "place", "thing", "time", "times", "way", "what", "where",
};

static int compound(const char *p, size_t n)
{
    for (size_t h = 0; h < sizeof compound_heads / sizeof *compound_heads; h++) {
        size_t k = strlen(compound_heads[h].head);
        if (n <= k || memcmp(p, compound_heads[h].head, k) != 0)
            continue;
        for (size_t t = 0; t < sizeof compound_tails / sizeof *compound_tails; t++) {
            size_t m = strlen(compound_tails[t]);
            if (n - k == m && memcmp(p + k, compound_tails[t], m) == 0)
                return compound_heads[h].syllables + count_lower(p + k, m);
        }
    }
    return 0;
}

/* Syllables in a lower-case ASCII word without hyphens. */
static int count_lower(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    int c = compound(p, n);
    if (c)
        return c;
    /* Step 5: a suffix after a silent "e" ("statement", "safely",
     * "carefully") is counted apart, or the "e" would count as a vowel. */
    static const char *const suffixes[] = { "ments", "ment", "fully", "ful", "less", "ness", "ly" };
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        size_t m = strlen(suffixes[k]);
        if (n > m + 2 && ends_with(p, n, suffixes[k]) && p[n - m - 1] == 'e' &&
            consonant_at(p, n - m, n - m - 2))
            return count_lower(p, n - m) + count_lower(suffixes[k], m);
    }
    /* "-ing" after a stem with a vowel. */
    if (n > 4 && ends_with(p, n, "ing") && vowel_groups(p, n - 3) > 0)
        return count_lower(p, n - 3) + 1;
    int s = vowel_groups(p, n);
    if (s == 0)
        return 1;
    s -= silent_endings(p, n);
    s += split_pairs(p, n);
    return s > 0 ? s : 1;
}

/* One hyphen-free part of a word, in its original case. */
static int count_part(const char *w, size_t len)
{
    bool digits = true, upper = true, letter = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!(c >= '0' && c <= '9'))
            digits = false;
        if (c >= 'a' && c <= 'z')
            upper = false;
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80)
            letter = true;
    }
    if (len == 0)
        return 0;
    if (digits)
        return 1;
    if (!letter)
        return 0;
    if (upper && len >= 2 && len <= 4)
        return (int)len;                    /* read letter by letter: "NHS" */

    /* Lower-case it; any non-ASCII letter stands in as a vowel ("café"). */
    char buf[64];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof buf; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80) {
            if ((c & 0xC0) != 0x80)
                buf[n++] = 'a';
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            buf[n++] = (char)(c | 0x20);
        } else if (c >= '0' && c <= '9') {
            buf[n++] = 'x';                 /* a consonant-like place holder */
        }
    }
    return count_lower(buf, n);
}

static int count_word(const char *word, size_t len)
{
    int total = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        bool apostrophe = i < len && (word[i] == '\'' ||
            (i + 2 < len && (unsigned char)word[i] == 0xE2 && (unsigned char)word[i + 1] == 0x80 &&
             (unsigned char)word[i + 2] == 0x99));
        if (apostrophe) {
            /* The bit after an apostrophe ("'s", "n't", "'ll") adds nothing. */
            total += count_part(word + start, i - start);
            return total;
        }
        if (i == len || word[i] == '-' || word[i] == '.' ||
            (i + 2 < len && (unsigned char)word[i] == 0xE2 && (unsigned char)word[i + 1] == 0x80 &&
             ((unsigned char)word[i + 2] == 0x90 || (unsigned char)word[i + 2] == 0x91))) {
            total += count_part(word + start, i - start);
            if (i < len && word[i] != '-' && word[i] != '.')
                i += 2;                     /* the rest of a U+2010/U+2011 */
            start = i + 1;
        }
    }
    return total;
}

/* Counts already made, by word as written.  A page says the same words
 * again and again, and the rules above cost a few hundred instructions a
 * word: a lookup here costs a few dozen.  One table per thread, so no
 * locks; a word that lands on a taken slot replaces the word there. */
#define COUNT_CACHE_SLOTS 2048          /* a power of two */
#define COUNT_CACHE_WORD 23

typedef struct {
    unsigned char len;                  /* 0: empty */
    char syllables;
    char word[COUNT_CACHE_WORD];
} CachedCount;

static _Thread_local CachedCount count_cache[COUNT_CACHE_SLOTS];

int count_syllables(const char *word, size_t len)
{
    if (len == 0 || len > COUNT_CACHE_WORD)
        return count_word(word, len);
    uint32_t h = 2166136261u;           /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    CachedCount *slot = &count_cache[h & (COUNT_CACHE_SLOTS - 1)];
    if (slot->len == len && memcmp(slot->word, word, len) == 0)
        return slot->syllables;
    int n = count_word(word, len);
    if (n > 127)
        return n;
    slot->len = (unsigned char)len;
    slot->syllables = (char)n;
    memcpy(slot->word, word, len);
    return n;
}

void readability_add_split(const char *text, const SentenceSplit *split, ReadingScores *acc)
{
    acc->words += split->word_count;
    acc->sentences += split->count;
    for (size_t i = 0; i < split->word_count; i++)
        acc->syllables += (size_t)count_syllables(text + split->words[i].start, split->words[i].len);
}

void readability_measure_len(const char *utf8, size_t len, ReadingScores *acc)
{
    SentenceSplit split = {0};
    sentences_split(utf8, len, &split);
    readability_add_split(utf8, &split, acc);
    sentences_free(&split);
}

void readability_measure_text(const char *utf8, ReadingScores *acc)
{
    readability_measure_len(utf8, strlen(utf8), acc);
}

void readability_finish(ReadingScores *s)
{
    if (s->words == 0 || s->sentences == 0) {
        s->flesch_ease = s->fk_grade = s->reading_age = 0;
        return;
    }
    double wps = (double)s->words / (double)s->sentences;
    double spw = (double)s->syllables / (double)s->words;
    s->flesch_ease = 206.835 - 1.015 * wps - 84.6 * spw;
    s->fk_grade = 0.39 * wps + 11.8 * spw - 15.59;
    s->reading_age = s->fk_grade + 5.0;
}
