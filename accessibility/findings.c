/* findings.c: the list every check reports into. */
#include "findings.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void findings_init(FindingList *list, const char *default_file)
{
    memset(list, 0, sizeof *list);
    list->default_file = default_file;
}

void findings_free(FindingList *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].message);
        free(list->items[i].excerpt);
    }
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}

/* Appends one finding; returns NULL when the policy turned the rule off. */
static Finding *append(FindingList *list, const Rule *rule, const char *file, int line,
                       const char *fmt, va_list ap)
{
    FindingLevel level = rule->level;
    if (list->policy) {
        const char *reason = NULL;
        level = list->policy(list->policy_data, rule, file, &reason);
    }
    if (level == LEVEL_OFF)
        return NULL;
    GROW(list->items, list->count, list->capacity);
    Finding *f = &list->items[list->count++];
    f->rule = rule;
    f->level = level;
    f->file = xstrdup(file);
    f->line = line;
    f->excerpt = NULL;

    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    f->message = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(f->message, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    return f;
}

void findings_add_node(FindingList *list, const Rule *rule, xmlNodePtr node, const char *fmt, ...)
{
    const char *file = list->default_file;
    int line = 0;
    bool located = false;
    if (node && list->locate)
        located = list->locate(list->locate_data, node, &file, &line);
    if (!located && node) {
        long l = xmlGetLineNo(node);
        line = l > 0 ? (int)l : 0;
    }
    va_list ap;
    va_start(ap, fmt);
    append(list, rule, file, line, fmt, ap);
    va_end(ap);
}

void findings_add_at(FindingList *list, const Rule *rule, const char *file, int line,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(list, rule, file ? file : list->default_file, line, fmt, ap);
    va_end(ap);
}

void findings_set_excerpt(FindingList *list, const char *text)
{
    if (!list->count || !text)
        return;
    Finding *f = &list->items[list->count - 1];
    free(f->excerpt);
    /* Collapse white space and cut at about 80 bytes, on a UTF-8 boundary. */
    size_t cap = 80, n = 0;
    char *out = xmalloc(cap + 4);
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)text; *p && n < cap; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = n > 0;
            continue;
        }
        if (space) {
            out[n++] = ' ';
            space = false;
            if (n >= cap)
                break;
        }
        out[n++] = (char)*p;
    }
    if (n >= cap) {
        while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
            n--;                          /* drop a partial character */
        if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
            n--;
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
    f->excerpt = out;
}

void findings_move(FindingList *dst, FindingList *src)
{
    for (size_t i = 0; i < src->count; i++) {
        GROW(dst->items, dst->count, dst->capacity);
        dst->items[dst->count++] = src->items[i];
    }
    free(src->items);
    src->items = NULL;
    src->count = src->capacity = 0;
}

size_t findings_count_level(const FindingList *list, FindingLevel level)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        n += list->items[i].level == level;
    return n;
}

const char *finding_level_name(FindingLevel level)
{
    switch (level) {
    case LEVEL_ERROR:   return "error";
    case LEVEL_WARNING: return "warning";
    case LEVEL_NOTICE:  return "notice";
    default:            return "off";
    }
}

static int compare_findings(const void *a, const void *b)
{
    const Finding *x = a, *y = b;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

void findings_sort(FindingList *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, compare_findings);
}
