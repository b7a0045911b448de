/* changes.c: what a build may take as it was (changes.h). */
#include "changes.h"

#include <string.h>

bool changes_pack_unchanged(const Changes *c, const char *slug)
{
    return c && c->packs_known && !sl_contains_sorted(&c->changed, slug);
}

void changes_free(Changes *c)
{
    sl_free(&c->changed);
    memset(c, 0, sizeof *c);
}
