/* changes.c: what a build may take as it was (changes.h). */
#include "changes.h"

#include <string.h>

bool changes_pack_unchanged(const Changes *c, const char *slug)
{
    if (!c || !c->packs_known)
        return false;
    /* changed is sorted: a binary search, once per pack. */
    size_t lo = 0, hi = c->changed.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->changed.items[mid], slug);
        if (cmp == 0)
            return false;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return true;
}

void changes_free(Changes *c)
{
    sl_free(&c->changed);
    memset(c, 0, sizeof *c);
}
