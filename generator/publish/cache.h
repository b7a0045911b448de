/* cache.h: the build cache, so a rebuild only renders what changed.
 *
 * Each pack's pages depend on the pack's own files and on things every
 * page shares: site.yml, pages/, the theme, the hooks, the build date,
 * sayso itself and the options that change output.  The cache keeps, per
 * pack, a key hashed from all of those, the files the pack's pages were
 * published as, the findings of its pages and the warnings building it
 * gave.  When a pack's key is the same as last time, its published files
 * are hard-linked into the new staging folder and its findings and
 * warnings are reported again, so the site, report.json and the messages
 * are what a cold build makes.  The findings stay on disk until something
 * needs them (report.h: unloaded pages, read back by cache_load_findings).
 *
 * Never stale, and cheap when nothing changed:
 *   - the key covers the content of every input, not dates: a pack file
 *     is re-read and hashed unless its size, mtime, ctime and inode are
 *     the ones recorded (as make and ninja do), and a file changed within
 *     a second of being recorded is never trusted by its stat alone;
 *   - a published file is only reused when its size, mtime and inode are
 *     the ones sayso wrote, so an edit to the published site is not kept;
 *   - sayso itself counts by its version and the hash of its executable;
 *   - what the up-to-date check saw (changes.h) is not looked at again:
 *     a pack whose files all stat as the last build saw them is keyed
 *     from their recorded hashes, and when every published file is as
 *     sayso left it, so are the files of the kept site (site/ below),
 *     which are taken as sayso left them.  To clear the cache, delete
 *     the whole of .sayso-cache/NAME, never files inside it.
 *
 * The cache lives beside the output, never inside it:
 * PARENT/.sayso-cache/NAME/ for an output folder PARENT/NAME, with
 *   index, findings/   the records (cache.c);
 *   site/, site.files  the site before the published one, the next
 *                      build's staging folder, and its list of files
 *                      (output.h: output_recycle);
 *   stamp              what a build with nothing to do needs (stamp.h);
 *   search-words       each pack's words for the search index, by its key
 *                      (build_memory.h);
 *   audio/             generated audio, by a hash of its words (audio.h).
 * It is only rewritten after a build is published; a failed build leaves
 * it as it was.
 */
#ifndef SAYSO_CACHE_H
#define SAYSO_CACHE_H

#include "changes.h"
#include "output.h"
#include "report.h"
#include "site.h"
#include "theme.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct BuildCache BuildCache;

/* Everything besides a pack's own files that its pages depend on. */
typedef struct CacheInputs {
    const Site *site;
    const Theme *theme;
    uint64_t hooks_hash;
    bool live_reload;
    bool strict;
} CacheInputs;

/* The key of everything but the packs' own files: sayso, site.yml,
 * pages/, the theme, the hooks, the build date and the options. */
uint64_t cache_inputs_key(const CacheInputs *in);

/* "PARENT/.sayso-cache/NAME" for output_dir "PARENT/NAME"; malloc'd. */
char *cache_dir_for(const char *output_dir);

/* Works out the site key and, when use_previous, reads what the last
 * published build recorded (a missing or unreadable cache is an empty one:
 * everything is built).  With use_previous false (--no-cache) nothing is
 * reused, and the cache is written afresh after the build.  changes (or
 * NULL) is what the stamp check vouched for: packs it saw unchanged are
 * keyed from their recorded hashes, and published files it saw as left
 * are reused without a stat. */
BuildCache *cache_open(const char *output_dir, const CacheInputs *in, bool use_previous, const Changes *changes);
void cache_free(BuildCache *c);

/* ---- per pack: site->packs[index], from any one worker thread ---- */

/* True when the previous build's pages of the pack can be reused: its key
 * (worked out here from its files) is the one recorded. */
bool cache_pack_unchanged(BuildCache *c, size_t index, const PackMeta *meta);
/* The key cache_pack_unchanged() worked out: of the pack's files and
 * everything else its pages depend on. */
uint64_t cache_pack_key(const BuildCache *c, size_t index);

/* Links the pack's published files into out's staging folder and returns
 * its report pages (the caller adds them to the report) after showing its
 * warnings again.  False when a published file was changed or removed
 * since: nothing was linked, and the pack must be built. */
bool cache_pack_reuse(BuildCache *c, size_t index, const Output *out, ReportPage ***pages, size_t *count);

/* Recording a pack as it is built: begin starts keeping the thread's
 * warnings; each file written for the pack and each page's findings are
 * noted; end stops, and looks up the written files in the staging folder. */
void cache_pack_begin(BuildCache *c, size_t index);
void cache_pack_output(BuildCache *c, size_t index, const char *relative);
void cache_pack_page(BuildCache *c, size_t index, ReportPage *page);   /* kept by reference */
void cache_pack_end(BuildCache *c, size_t index, const Output *out);

/* ---- site-wide pages, kept like packs: all of a group or none ---- */

typedef enum {
    CACHE_HUB,                /* index.html, topics/, areas/: every pack's front matter */
    CACHE_SITE_PAGES,         /* pages/SLUG/: only what the site key covers */
    CACHE_REVIEW_REPORT,      /* report/: the findings of every other page */
    CACHE_FEED,               /* feed.xml: every pack's front matter */
    CACHE_SITEMAP,            /* sitemap.xml: the address of every page */
    CACHE_SEARCH,             /* search/: every pack's front matter and words */
    CACHE_REPORT_JSON,        /* report.json: everything */
    CACHE_GROUP_COUNT
} CacheGroup;

/* The index to pass to cache_pack_reuse() and the recording functions. */
size_t cache_group_index(const BuildCache *c, CacheGroup group);
/* True when the group's key is the one recorded last time. */
bool cache_group_unchanged(BuildCache *c, CacheGroup group, uint64_t key);

/* Keys: the site key with what else the group shows. */
uint64_t cache_site_key(const BuildCache *c);
uint64_t cache_hub_key(const BuildCache *c, const Site *site);       /* after hooks changed packs */
/* The feed shows what the hub shows. */
/* The search index: every pack's front matter and source files.  Call it
 * after every pack's cache_pack_unchanged(). */
uint64_t cache_search_key(const BuildCache *c, const Site *site);
uint64_t cache_feed_key(const BuildCache *c, uint64_t hub_key);
/* The sitemap: every page's path (sorted). */
uint64_t cache_sitemap_key(const BuildCache *c, const StrList *page_paths);
/* Of every record so far (call after the other groups): report.json
 * comes from all of them. */
uint64_t cache_report_json_key(const BuildCache *c);

/* The ReportLoader (report.h) for pages cache_pack_reuse() returned:
 * the cache alone knows where their findings are kept.  Main thread,
 * once every pack is built. */
bool cache_load_findings(void *cache, ReportPage *page);
/* The key of the pack or group that made page (what made it is all
 * that it depends on), or 0 for a page no record holds.  Main thread,
 * once every pack is built. */
uint64_t cache_page_key(BuildCache *c, const ReportPage *page);

/* After the build was published into published_dir: writes the records of
 * every pack.  The report pages noted or returned are read here: call
 * before report_free().  kept_is_copy:
 * the site kept for the next build is a copy of this one (output.h:
 * output_commit), not the site it replaced. */
bool cache_save(BuildCache *c, const char *published_dir, bool kept_is_copy);

size_t cache_reused_count(const BuildCache *c);

/* Every file this build's records published, with its stat as written. */
typedef void (*CacheOutputFn)(void *data, const char *path, int64_t size, int64_t mtime_ns, uint64_t ino);
void cache_each_output(const BuildCache *c, CacheOutputFn fn, void *data);

#endif
