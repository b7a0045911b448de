/* build.h: the build pipeline, as one call.
 *
 *   load    site.yml, front matter of every pack and page      (load.h)
 *   render  each pack's three formats and its extra pages      (render.h)
 *   check   WCAG, writing and tidy checks on every page        (accessibility/)
 *   write   into a fresh folder beside the output, swapped in at the end
 *
 * `sayso build` and `sayso serve` both call build_site().  A build that
 * fails leaves the previous output exactly as it was.
 */
#ifndef SAYSO_BUILD_H
#define SAYSO_BUILD_H

#include "build_result.h"
#include "changes.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct BuildOptions {
    const char *source_dir;   /* NULL: the built-in example site */
    const char *output_dir;   /* NULL: "public" */
    const char *now;          /* --now YYYY-MM-DD, or NULL */
    bool strict;              /* warnings fail the build too */
    int jobs;                 /* worker threads; 0: one per core */
    bool no_cache;            /* ignore and rewrite the build cache */
    bool live_reload;         /* add the `sayso serve` reload script to pages */
    /* What changed since the last build, when the caller knows for sure
     * (`sayso serve`, from inotify): the up-to-date check and its walk of
     * every source file are skipped and this is taken instead (changes.h).
     * Its outputs_as_left says the caller owns the output and the site
     * kept beside it: no other process writes them.  NULL: walk, as
     * `sayso build` always does. */
    const Changes *known_changes;
    /* When not NULL: the path of every page this build rendered, rather
     * than reused, is added: `sayso serve` reloads only those. */
    StrList *rendered;
    /* When not NULL: what this build may take from the last one in the
     * same process, and keeps for the next (build_memory.h). */
    struct BuildMemory *memory;
} BuildOptions;


int build_site(const BuildOptions *options, BuildResult *result);

#endif
