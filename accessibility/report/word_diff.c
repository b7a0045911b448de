/* word_diff.c: a word-level diff (word_diff.h). */
#include "word_diff.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Token {
    const char *text;
    size_t word, len;         /* the word's bytes; with the spaces after it */
} Token;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Leading spaces belong to no word: they are dropped. */
static Token *tokenize(const char *s, size_t *count)
{
    size_t cap = 64, n = 0;
    Token *t = xmalloc(cap * sizeof *t);
    const char *p = s ? s : "";
    while (is_space(*p))
        p++;
    while (*p) {
        const char *start = p;
        while (*p && !is_space(*p))
            p++;
        size_t word = (size_t)(p - start);
        while (is_space(*p))
            p++;
        if (n == cap)
            t = xrealloc(t, (cap *= 2) * sizeof *t);
        t[n++] = (Token){start, word, (size_t)(p - start)};
    }
    *count = n;
    return t;
}

static bool same(const Token *a, const Token *b)
{
    return a->word == b->word && !memcmp(a->text, b->text, a->word);
}

static void push(WordDiff *d, size_t *cap, DiffKind kind, const Token *t)
{
    if (d->count == *cap)
        d->words = xrealloc(d->words, (*cap = *cap ? *cap * 2 : 64) * sizeof *d->words);
    d->words[d->count++] = (DiffWord){kind, t->text, t->len};
    d->added += kind == DIFF_ADDED;
    d->removed += kind == DIFF_REMOVED;
}

void word_diff(const char *old_text, const char *new_text, WordDiff *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, n, m;
    Token *a = tokenize(old_text, &n), *b = tokenize(new_text, &m);
    size_t pre = 0, suf = 0;
    while (pre < n && pre < m && same(&a[pre], &b[pre]))
        pre++;
    while (suf < n - pre && suf < m - pre && same(&a[n - 1 - suf], &b[m - 1 - suf]))
        suf++;
    for (size_t i = 0; i < pre; i++)
        push(out, &cap, DIFF_SAME, &b[i]);
    size_t rows = n - pre - suf, cols = m - pre - suf;
    const Token *x = a + pre, *y = b + pre;
    if (rows && cols && (rows + 1) * (cols + 1) <= WORD_DIFF_MAX_CELLS && rows < UINT16_MAX && cols < UINT16_MAX) {
        /* L[i][j]: the longest common subsequence of x[i..] and y[j..]. */
        size_t w = cols + 1;
        uint16_t *L = xcalloc((rows + 1) * w, sizeof *L);
        for (size_t i = rows; i-- > 0;)
            for (size_t j = cols; j-- > 0;)
                L[i * w + j] = same(&x[i], &y[j]) ? (uint16_t)(L[(i + 1) * w + j + 1] + 1)
                             : L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j] : L[i * w + j + 1];
        size_t i = 0, j = 0;
        while (i < rows || j < cols) {
            if (i < rows && j < cols && same(&x[i], &y[j])) {
                push(out, &cap, DIFF_SAME, &y[j]);
                i++, j++;
            } else if (i < rows && (j == cols || L[(i + 1) * w + j] >= L[i * w + j + 1])) {
                push(out, &cap, DIFF_REMOVED, &x[i++]);
            } else {
                push(out, &cap, DIFF_ADDED, &y[j++]);
            }
        }
        free(L);
    } else {
        out->whole = rows && cols;
        for (size_t i = 0; i < rows; i++)
            push(out, &cap, DIFF_REMOVED, &x[i]);
        for (size_t j = 0; j < cols; j++)
            push(out, &cap, DIFF_ADDED, &y[j]);
    }
    for (size_t k = m - suf; k < m; k++)
        push(out, &cap, DIFF_SAME, &b[k]);
    free(a);
    free(b);
}

void word_diff_free(WordDiff *d)
{
    free(d->words);
    memset(d, 0, sizeof *d);
}
