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
 * the cache as they are.  Anything else, and the build runs as usual.
 *
 * As with the build cache, a stat within a second of being recorded is
 * never trusted: a stamp with one is not written.
 */
#ifndef SAYSO_STAMP_H
#define SAYSO_STAMP_H

#include "build.h"
#include "cache.h"

#include <stdbool.h>
#include <stdint.h>

/* True when the site published at out_dir is up to date: then the last
 * build's messages have been shown again, and result and *packs are
 * filled in for the build's closing line. */
bool stamp_up_to_date(const char *out_dir, const char *source_dir, uint64_t inputs_key, BuildResult *result,
                      size_t *packs);

/* What a published build leaves for the next: call after cache_save().
 * transcript is what it wrote to stderr; packs its number of packs. */
void stamp_save(const char *out_dir, const char *source_dir, uint64_t inputs_key, const BuildCache *cache,
                const char *transcript, const BuildResult *result, size_t packs);

/* Removes the stamp: a build that failed or ran without the cache. */
void stamp_remove(const char *out_dir);

#endif
