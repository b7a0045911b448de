/* hooks.h: Lua hooks, the way a council changes what sayso makes without
 * touching C.
 *
 * Hook files are the .lua files in lua/: sayso's built-in ones (in its data folder) and
 * the site's own, where a site file replaces a built-in file of the same
 * name.  Each file is a chunk returning a table of functions, and the files
 * run in order of name.  The hook points, in the order a build meets them:
 *
 *   pack_loaded(pack)     after a pack's front matter loads; may change
 *                         its fields (title, summary, topics, ...)
 *   pages(pack)           returns extra pages for the pack, such as
 *                         "You said, we did", as Markdown in each format
 *   before_render(page)   may change a page's title and Markdown just
 *                         before it is rendered
 *
 * doc/hooks.md describes the tables hooks see and the sayso API.  Every
 * problem is reported through diag_error naming the hook file and line; a
 * function that returns false has reported it, and the build should stop.
 */
#ifndef SAYSO_HOOKS_H
#define SAYSO_HOOKS_H

#include "site.h"
#include "words.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Hooks Hooks;

/* After a hook is stopped for running too long or using too much memory,
 * every later call on the same Hooks returns false at once without running
 * hooks or reporting again: the build has already failed. */

/* Loads every hook file in effect for the site into a fresh sandboxed Lua
 * state.  One per worker thread: a Hooks must not be shared between
 * threads.  Returns NULL after diag_error (a file that does not load or
 * does not return a table of functions). */
Hooks *hooks_open(const Site *site);
void hooks_close(Hooks *h);
/* The theme's words, so sayso.word and sayso.date_long speak the language
 * of the pages a hook makes (a translation's, for its extra pages). */
void hooks_set_words(Hooks *h, const Words *words);

/* Stricter limits than the defaults (lua_sandbox.h), for tests; call right
 * after hooks_open.  0 leaves a limit as it is. */
void hooks_set_limits(Hooks *h, long instructions, size_t memory_bytes);

/* pack_loaded: lets hooks change the pack's fields, then copies them back
 * into *meta and works its status out again (the dates may have changed).
 * `content` may be NULL; when given, hooks see its feedback rows. */
bool hooks_pack_loaded(Hooks *h, PackMeta *meta, const PackContent *content);

/* before_render: *title and *markdown are heap strings the caller owns;
 * they are replaced (the old ones freed) when a hook changed them.
 * `meta` is NULL for pages/SLUG.md; `page_slug` is "index" for a pack's
 * own text, the extra page's slug for a hook page, and the page's slug for
 * pages/SLUG.md. */
bool hooks_before_render(Hooks *h, const PackMeta *meta, Format format, const char *page_slug,
                         char **title, char **markdown);

/* An extra page a hook made: consultations/PACK/SLUG/ in every format.
 * markdown[FORMAT_EASY_READ] is in the easy-read syntax (each paragraph
 * starts with its picture).  source_path is the hook file, for messages. */
typedef struct ExtraPage {
    char *slug, *title, *summary;        /* summary may be NULL */
    char *markdown[FORMAT_COUNT];
    char *source_path;
} ExtraPage;

/* pages: every hook's extra pages for the pack, in hook-file order.
 * *pages is NULL and *count 0 when there are none. */
bool hooks_extra_pages(Hooks *h, const PackMeta *meta, const PackContent *content,
                       ExtraPage **pages, size_t *count);
void extra_pages_free(ExtraPage *pages, size_t count);

/* True when a pack_loaded hook may change packs' front matter, which the
 * hub and feed show: the build cache then still runs it for reused packs. */
bool hooks_change_packs(const Hooks *h);

/* A hash of the names and text of every hook file in effect, for the build
 * cache: changing a hook must rebuild every page. */
uint64_t hooks_hash(const Site *site);

#endif
