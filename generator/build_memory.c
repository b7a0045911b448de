/* build_memory.c: what `sayso serve` keeps between builds (build_memory.h). */
#include "build_memory.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct Kept {
    char *slug;
    SearchPackWords *words;
} Kept;

/* Sorted by slug, for a binary search per pack. */
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

/* Where slug is, or would go: *found says which. */
static size_t position(const BuildMemory *m, const char *slug, bool *found)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(m->kept[mid].slug, slug);
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
        bool found;
        size_t at = position(m, known->changed.items[i], &found);
        if (!found)
            continue;
        free(m->kept[at].slug);
        search_pack_words_free(m->kept[at].words);
        memmove(&m->kept[at], &m->kept[at + 1], (m->count - at - 1) * sizeof *m->kept);
        m->count--;
    }
}

const SearchPackWords *build_memory_search_words(const BuildMemory *m, const char *slug)
{
    bool found;
    size_t at = position(m, slug, &found);
    return found ? m->kept[at].words : NULL;
}

void build_memory_keep_search_words(BuildMemory *m, const char *slug, SearchPackWords *words)
{
    bool found;
    size_t at = position(m, slug, &found);
    if (found) {
        search_pack_words_free(m->kept[at].words);
        m->kept[at].words = words;
        return;
    }
    if (m->count == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->kept = xrealloc(m->kept, m->cap * sizeof *m->kept);
    }
    memmove(&m->kept[at + 1], &m->kept[at], (m->count - at) * sizeof *m->kept);
    m->kept[at] = (Kept){.slug = xstrdup(slug), .words = words};
    m->count++;
}
