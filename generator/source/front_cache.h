/* front_cache.h: every pack's front matter as the last build read it.
 *
 * The hub, the feed and the cache keys need the front matter of every
 * pack, so every build reads every index.md: with thousands of packs,
 * that was most of a rebuild after one change.  This keeps what loading
 * each pack made (its PackMeta, before the build date gives it a status)
 * and the messages it gave, with the stat of the files it looked at:
 * index.md, easy-read.md and you-said-we-did.csv.  When all three stat as
 * recorded (and were not changed in the second before), and sayso and
 * site.yml are the same, the pack is not read again.
 *
 * PARENT/.sayso-cache/NAME/front-matter, beside the build cache.  A pack
 * whose loading gave an error is never kept: the build fails anyway.
 */
#ifndef SAYSO_FRONT_CACHE_H
#define SAYSO_FRONT_CACHE_H

#include "diag.h"
#include "site.h"
#include "util.h"

#include <stdbool.h>

typedef struct FrontCache FrontCache;

/* Reads what the last build kept for cache_dir (a missing or unreadable
 * file is an empty cache), for a site at source_dir with packs many
 * consultation folders. */
FrontCache *front_cache_open(const char *cache_dir, const char *source_dir, size_t packs);
void front_cache_free(FrontCache *fc);

/* For the pack in folder index of packs: true, with *meta filled and its
 * messages in *messages, when nothing it came from changed.  vouched: the
 * stamp check saw none of the pack's files change (changes.h), so they
 * need no stat here.  Any thread; each index from one thread only. */
bool front_cache_get(FrontCache *fc, size_t index, const char *dir, const char *slug, bool vouched,
                     PackMeta *meta, DiagList *messages);
/* Keeps what loading the pack made, with its messages (after a get that
 * returned false, which looked at its files). */
void front_cache_put(FrontCache *fc, size_t index, const PackMeta *meta, const DiagList *messages);

/* Writes what was kept, when anything differs from what was read. */
void front_cache_save(FrontCache *fc);

#endif
