/* stamp.h: is the published site already what this build would make?
 *
 * A build that changes nothing is the commonest build of all (`make site`
 * in a loop, a CI job, a second `sayso build` to be sure).  After each
 * build it publishes, sayso writes a stamp beside the build cache:
 *
 *   the key of everything besides the packs (cache_inputs_key: sayso,
 *   site.yml, pages/, the theme, the hooks, the date, the options);
 *   the stat of every folder and file under consultations/;
 *   the stat of every file published, and of the build cache's index;
 *   what the build said on stderr, and its totals.
 *
 * The next build first reads site.yml and the theme (for the key) and
 * the stamp.  When the key is the same, every folder and file under
 * consultations/ has the stat recorded (a file added or removed changes
 * its folder's), and every published file is as sayso wrote it, there is
 * nothing to do: sayso says again what it said, and leaves the site and
 * the cache as they are.  Anything else, and the build runs, with what
 * the check saw (changes.h): the packs it found unchanged, and whether
 * the published files are as left, need no second look.
 *
 * consultations/ is walked before the build, stamp or no stamp, and the
 * next stamp is made from that walk, never from one after the build: a
 * file changed while the build ran then has a stat other than the one
 * recorded.  As with the build cache, a stat within a second of the walk
 * is never trusted: it is recorded as "?", which nothing matches.
 */
#ifndef SAYSO_STAMP_H
#define SAYSO_STAMP_H

#include "build_result.h"
#include "cache.h"
#include "changes.h"

#include <stdbool.h>
#include <stdint.h>

/* What the check saw, for the build that runs when the site is not up
 * to date: the walk of consultations/ (for the next stamp) and what it
 * can vouch for (changes.h). */
typedef struct StampCheck {
    Changes changes;
    bool walked;              /* sources holds the walk, made at walked_at */
    StrBuf sources;
    time_t walked_at;
} StampCheck;

/* True when the site published at out_dir is up to date: then the last
 * build's messages have been shown again, and result and *packs are
 * filled in for the build's closing line.  Otherwise *check (when not
 * NULL) says what the check saw; free it with stamp_check_free().  With
 * may_skip false the answer is always false: the check only looks. */
bool stamp_up_to_date(const char *out_dir, const char *source_dir, uint64_t inputs_key, bool may_skip,
                      BuildResult *result, size_t *packs, StampCheck *check);
void stamp_check_free(StampCheck *check);

/* What a published build leaves for the next: call after cache_save().
 * transcript is what it wrote to stderr; packs its number of packs;
 * check the check made before the build (without its walk, as with
 * --no-cache, no stamp is left). */
void stamp_save(const char *out_dir, uint64_t inputs_key, const BuildCache *cache, const char *transcript,
                const BuildResult *result, size_t packs, const StampCheck *check);

/* Removes the stamp: a build that failed or ran without the cache. */
void stamp_remove(const char *out_dir);

#endif
