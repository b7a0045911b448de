/* wcag_lang.c: language tag checks against the registered subtags. */
#include "wcag_lang.h"

#include <ctype.h>
#include <string.h>

bool wcag_lang_primary(const char *tag, char out[9])
{
    while (isspace((unsigned char)*tag))
        tag++;
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && !isspace((unsigned char)tag[n])) {
        if (n == 8)
            return false;
        out[n] = (char)tolower((unsigned char)tag[n]);
        n++;
    }
    out[n] = '\0';
    return n > 0;
}

static bool in_sorted(const char *table, size_t width, const char *code)
{
    size_t count = strlen(table) / width, lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(table + mid * width, code, width);
        if (!c)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool wcag_lang_valid(const char *tag)
{
    while (isspace((unsigned char)*tag))
        tag++;
    size_t len = strlen(tag);
    while (len && isspace((unsigned char)tag[len - 1]))
        len--;
    if (!len)
        return false;
    /* Syntax: subtags of 1-8 letters or digits. */
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (tag[i] == '-') {
            if (!run)
                return false;
            run = 0;
        } else if (isalnum((unsigned char)tag[i])) {
            if (++run > 8)
                return false;
        } else
            return false;
    }
    if (!run)
        return false;
    char primary[9];
    if (!wcag_lang_primary(tag, primary))
        return false;
    size_t n = strlen(primary);
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)primary[i]))
            return false;
    if (n == 2)
        return in_sorted(wcag_lang_two_letter, 2, primary);
    if (n == 3) {
        /* qaa..qtz are reserved for private use and always valid. */
        if (primary[0] == 'q' && primary[1] >= 'a' && primary[1] <= 't')
            return true;
        return in_sorted(wcag_lang_three_letter, 3, primary);
    }
    return false;
}
