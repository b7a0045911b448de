/* build_memory.c: what `sayso serve` keeps between builds (build_memory.h). */
#include "build_memory.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct Kept {
    char *slug;
    char *lang;               /* the translation's words; NULL: the source language's */
    SearchPackWords *words;
} Kept;

/* Sorted by slug, then language (the source's first), for a binary
 * search per pack; a pack's languages are together. */
struct BuildMemory {
    Kept *kept;
    size_t count, cap;
};

BuildMemory *build_memory_new(void)
{
    return xcalloc(1, sizeof(BuildMemory));
}

static void forget_all(BuildMemory *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->kept[i].slug);
        free(m->kept[i].lang);
        search_pack_words_free(m->kept[i].words);
    }
    m->count = 0;
}

void build_memory_free(BuildMemory *m)
{
    if (!m)
        return;
    forget_all(m);
    free(m->kept);
    free(m);
}

static int compare_key(const Kept *k, const char *slug, const char *lang)
{
    int c = strcmp(k->slug, slug);
    if (c)
        return c;
    if (!k->lang || !lang)
        return (k->lang != NULL) - (lang != NULL);
    return strcmp(k->lang, lang);
}

/* Where (slug, lang) is, or would go: *found says which. */
static size_t position(const BuildMemory *m, const char *slug, const char *lang, bool *found)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = compare_key(&m->kept[mid], slug, lang);
        if (cmp == 0) {
            *found = true;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

void build_memory_forget(BuildMemory *m, const Changes *known)
{
    if (!known || !known->packs_known) {
        forget_all(m);
        return;
    }
    for (size_t i = 0; i < known->changed.count; i++) {
        /* Every language's words of the pack: they sort together, the
         * source language's first. */
        bool found;
        size_t at = position(m, known->changed.items[i], NULL, &found), end = at;
        while (end < m->count && !strcmp(m->kept[end].slug, known->changed.items[i])) {
            free(m->kept[end].slug);
            free(m->kept[end].lang);
            search_pack_words_free(m->kept[end].words);
            end++;
        }
        memmove(&m->kept[at], &m->kept[end], (m->count - end) * sizeof *m->kept);
        m->count -= end - at;
    }
}

const SearchPackWords *build_memory_search_words(const BuildMemory *m, const char *slug, const char *lang)
{
    bool found;
    size_t at = position(m, slug, lang, &found);
    return found ? m->kept[at].words : NULL;
}

void build_memory_keep_search_words(BuildMemory *m, const char *slug, const char *lang, SearchPackWords *words)
{
    bool found;
    size_t at = position(m, slug, lang, &found);
    if (found) {
        search_pack_words_free(m->kept[at].words);
        m->kept[at].words = words;
        return;
    }
    GROW(m->kept, m->count, m->cap);
    memmove(&m->kept[at + 1], &m->kept[at], (m->count - at) * sizeof *m->kept);
    m->kept[at] = (Kept){.slug = xstrdup(slug), .lang = lang ? xstrdup(lang) : NULL, .words = words};
    m->count++;
}
