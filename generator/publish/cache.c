/* cache.c: the build cache (cache.h): what to reuse and what to record.
 *
 * PARENT/.sayso-cache/NAME/ holds:
 *
 *   index         a record per pack and per group of site-wide pages
 *                 (cache_record.h);
 *   findings/     the findings of each record's pages, one file per record
 *                 and key, read only when something needs them
 *                 (cache_findings.h).
 *
 * A rebuild reads the index (a few megabytes for thousands of packs) and
 * leaves the findings where they are: printing is cut short, and the
 * review report and report.json read them back (cache_load_findings)
 * only when their keys changed.
 */
#include "cache.h"
#include "cache_findings.h"
#include "cache_hash.h"
#include "cache_record.h"
#include "diag.h"
#include "paths.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct BuildCache {
    char *dir;                /* PARENT/.sayso-cache/NAME */
    const Site *site;
    uint64_t site_key;
    time_t started;
    PackRecord *old;          /* the last build's records, sorted by slug */
    size_t old_count;
    const Changes *changes;   /* what the stamp check vouched for, or NULL */
    bool index_read;          /* the last build's index was read: it names every findings file */
    bool saved;               /* cache_save() wrote the index */
    /* Findings files may be written as records are built: the index on
     * disk, if any, was read, so a failed build knows which of its files
     * to take away again (cache_free). */
    bool findings_early;
    PackRecord *now;          /* this build's, one per site pack */
    size_t now_count;
    const PackRecord **old_for;  /* per site pack: its old record, or NULL */
    RuleCopies rules;
    size_t reused;
    /* Every page of this build's records, by its address: the report
     * hands back pages, not records.  Made again when pages were added
     * since (pages_added). */
    struct PageRef *pages;
    size_t page_count;
    size_t pages_added;
};

/* Where a report page is kept: its record, and its place in page_refs. */
typedef struct PageRef {
    const ReportPage *page;
    PackRecord *rec;
    size_t at;
} PageRef;

/* A finding as the review report shows it. */
static uint64_t hash_finding(uint64_t h, const Finding *f)
{
    h = hash_opt(h, f->rule->id);
    h = hash_opt(h, f->rule->title);
    h = hash_opt(h, f->rule->wcag);
    h = hash_int(h, f->level);
    h = hash_opt(h, f->file);
    h = hash_int(h, f->line);
    h = hash_opt(h, f->message);
    return hash_opt(h, f->excerpt);
}

/* What the review report shows of a page: its findings, not its scores
 * (those are on each consultation's own review page). */
static uint64_t page_key(const ReportPage *p)
{
    uint64_t h = hash_opt(HASH_SEED, p->path);
    h = hash_opt(h, p->title);
    h = hash_int(h, p->kind);
    h = hash_int(h, p->format);
    h = hash_opt(h, p->pack_slug);
    h = hash_opt(h, p->source_path);
    h = hash_opt(h, p->opening);        /* the review report shows it */
    h = hash_int(h, (int64_t)p->findings.count);
    for (size_t k = 0; k < p->findings.count; k++)
        h = hash_finding(h, &p->findings.items[k]);
    /* The report's front page charts reading ages across consultations. */
    if (p->has_scores)
        h = hash_bytes(h, &p->reading_age, sizeof p->reading_age);
    /* Never 0: 0 means "not worked out yet". */
    return h ? h : 1;
}

/* old is sorted by slug (the index is read and sorted once). */
static int compare_slug_with_packrecord(const void *slug, const void *item)
{
    return strcmp(slug, ((const PackRecord *)item)->slug);
}

static const PackRecord *find_old(const BuildCache *c, const char *slug)
{
    if (!c->old_count)       /* bsearch's base may not be NULL */
        return NULL;
    return bsearch(slug, c->old, c->old_count, sizeof *c->old, compare_slug_with_packrecord);
}

/* ---- keys ---- */

static uint64_t site_key(const CacheInputs *in)
{
    const Site *site = in->site;
    uint64_t h = cache_sayso_key();
    char *yml = path_join(site->source_dir, "site.yml");
    h = hash_file(h, yml);
    free(yml);
    /* pages/ make the navigation of every page. */
    char *pages = path_join(site->source_dir, "pages");
    h = hash_tree(h, pages, NULL);
    free(pages);
    uint64_t parts[] = {in->theme->hash, in->hooks_hash, (uint64_t)site->today,
                        in->live_reload, in->strict};
    return hash_bytes(h, parts, sizeof parts);
}

static bool stat_trusted(const struct stat *st, time_t started)
{
    /* A file changed in the same second as it was recorded could change
     * again without its mtime moving: such a stat is never trusted. */
    return st->st_mtim.tv_sec < started - 1 && st->st_ctim.tv_sec < started - 1;
}

/* One of a pack's files, as its key counts it: name and content hash. */
static uint64_t hash_source(uint64_t h, const SourceStat *s)
{
    h = hash_str(h, s->name);
    return hash_bytes(h, &s->hash, sizeof s->hash);
}

/* The pack's files, each hashed unless its stat is the one recorded. */
static uint64_t pack_key(BuildCache *c, const PackMeta *meta, const PackRecord *old, PackRecord *now)
{
    StrList names = {0};
    list_dir(meta->dir, &names);
    uint64_t h = hash_str(c->site_key, meta->slug);
    now->sources = xcalloc(names.count + 1, sizeof *now->sources);
    for (size_t i = 0; i < names.count; i++) {
        char *path = path_join(meta->dir, names.items[i]);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            /* Folders inside a pack are not published; a broken link is. */
            if (stat(path, &st) != 0)
                h = hash_str(hash_str(h, names.items[i]), "\x01unreadable");
            free(path);
            continue;
        }
        SourceStat s = {.name = xstrdup(names.items[i]), .size = st.st_size, .mtime_ns = timespec_ns(st.st_mtim),
                        .ctime_ns = timespec_ns(st.st_ctim), .ino = st.st_ino, .trusted = stat_trusted(&st, c->started)};
        const SourceStat *was = NULL;
        for (size_t k = 0; old && k < old->source_count && !was; k++)
            if (!strcmp(old->sources[k].name, s.name))
                was = &old->sources[k];
        if (was && was->trusted && was->size == s.size && was->mtime_ns == s.mtime_ns &&
            was->ctime_ns == s.ctime_ns && was->ino == s.ino)
            s.hash = was->hash;
        else {
            s.hash = hash_file(HASH_SEED, path);
            now->stats_changed = true;
        }
        h = hash_source(h, &s);
        now->sources[now->source_count++] = s;
        free(path);
    }
    sl_free(&names);
    return h;
}

/* ---- the cache ---- */

uint64_t cache_inputs_key(const CacheInputs *in)
{
    return site_key(in);
}

char *cache_dir_for(const char *output_dir)
{
    char *trimmed = xstrdup(output_dir);
    while (strlen(trimmed) > 1 && str_ends_with(trimmed, "/"))
        trimmed[strlen(trimmed) - 1] = '\0';
    char *parent = path_dirname(trimmed);
    char *dir = xasprintf("%s/.sayso-cache/%s", parent, path_basename(trimmed));
    free(parent);
    free(trimmed);
    return dir;
}

BuildCache *cache_open(const char *output_dir, const CacheInputs *in, bool use_previous, const Changes *changes)
{
    BuildCache *c = xcalloc(1, sizeof *c);
    c->dir = cache_dir_for(output_dir);
    c->changes = use_previous ? changes : NULL;
    c->site = in->site;
    c->started = time(NULL);
    c->site_key = site_key(in);
    rule_copies_init(&c->rules);
    if (use_previous)
        c->index_read = read_index(c->dir, &c->old, &c->old_count);
    char *index = path_join(c->dir, INDEX_FILE);
    c->findings_early = c->index_read || !file_exists(index);
    free(index);
    /* One record per pack, then one per group of site-wide pages. */
    c->now_count = in->site->pack_count + CACHE_GROUP_COUNT;
    c->now = xcalloc(c->now_count + 1, sizeof *c->now);
    c->old_for = xcalloc(c->now_count + 1, sizeof *c->old_for);
    for (size_t i = 0; i < c->now_count; i++) {
        if (i < in->site->pack_count)
            c->old_for[i] = find_old(c, in->site->packs[i].slug);
    }
    return c;
}

void cache_free(BuildCache *c)
{
    if (!c)
        return;
    /* A build that was not saved leaves the cache as it found it: the
     * findings files its records wrote go, but for any the last build's
     * index names (a record built again with the same key). */
    for (size_t i = 0; !c->saved && i < c->now_count; i++) {
        const PackRecord *now = &c->now[i], *old = c->old_for[i];
        if (now->findings_saved && !(old && old->key == now->key)) {
            char *path = findings_path(c->dir, now->slug, now->key);
            unlink(path);
            free(path);
        }
    }
    for (size_t i = 0; i < c->old_count; i++)
        record_free(&c->old[i]);
    free(c->old);
    for (size_t i = 0; i < c->now_count; i++)
        record_free(&c->now[i]);
    free(c->now);
    free(c->old_for);
    free(c->pages);
    rule_copies_free(&c->rules);
    free(c->dir);
    free(c);
}

/* The pack's key from the hashes recorded for its files, when the stamp
 * check vouches that none of them changed (changes.h): no stat, no read.
 * Only for a record all of whose stats were trusted, and the same sum as
 * pack_key() makes. */
static bool vouched_key(BuildCache *c, const PackMeta *meta, const PackRecord *old, PackRecord *now)
{
    if (!old || !changes_pack_unchanged(c->changes, meta->slug))
        return false;
    for (size_t i = 0; i < old->source_count; i++)
        if (!old->sources[i].trusted)
            return false;
    uint64_t h = hash_str(c->site_key, meta->slug);
    now->sources = xcalloc(old->source_count + 1, sizeof *now->sources);
    for (size_t i = 0; i < old->source_count; i++) {
        now->sources[i] = old->sources[i];
        now->sources[i].name = xstrdup(old->sources[i].name);
        h = hash_source(h, &now->sources[i]);
    }
    now->source_count = old->source_count;
    now->key = h;
    return true;
}

bool cache_pack_unchanged(BuildCache *c, size_t index, const PackMeta *meta)
{
    PackRecord *now = &c->now[index];
    const PackRecord *old = c->old_for[index];
    now->slug = xstrdup(meta->slug);
    if (!vouched_key(c, meta, old, now))
        now->key = pack_key(c, meta, old, now);
    return old && old->key == now->key;
}

uint64_t cache_pack_key(const BuildCache *c, size_t index)
{
    return c->now[index].key;
}

static bool same_output(const OutputStat *o, const struct stat *st)
{
    return S_ISREG(st->st_mode) && st->st_size == o->size && timespec_ns(st->st_mtim) == o->mtime_ns &&
           (uint64_t)st->st_ino == o->ino;
}

/* link(from, to), making to's folder when it is missing. */
static bool link_making_folder(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return true;
    if (errno != ENOENT)
        return false;
    /* Usually only the file's own folder is missing: one mkdir, rather
     * than one per folder of the whole path. */
    char *dir = path_dirname(to);
    bool ok = (mkdir(dir, 0755) == 0 || make_dirs(dir)) && link(from, to) == 0;
    free(dir);
    return ok;
}

/* A published file the stamp check saw as sayso wrote it (changes.h):
 * no stat is needed.  When the kept site holds it too, staging already
 * has it; else the published one is linked in its place. */
static bool link_output_as_left(const Output *out, const OutputStat *o, bool kept_has_it)
{
    if (out->recycled && kept_has_it) {
        output_note((Output *)out, o->path);
        return true;
    }
    char *from = path_join(out->final_dir, o->path);
    char *to = path_join(out->staging_dir, o->path);
    if (out->recycled)
        unlink(to);
    bool ok = link_making_folder(from, to);
    if (ok)
        output_note((Output *)out, o->path);
    free(from);
    free(to);
    return ok;
}

/* Hard-links final/rel to staging/rel, making folders as needed. */
static bool link_output(const Output *out, const OutputStat *o)
{
    char *from = path_join(out->final_dir, o->path);
    char *to = path_join(out->staging_dir, o->path);
    struct stat st, there;
    if (out->recycled && lstat(to, &there) == 0) {
        /* Staging started as the site before last (output_recycle).  Its
         * file is often this very one, as recorded: then it stays, and is
         * what will be published whatever became of the published copy. */
        if (same_output(o, &there)) {
            output_note((Output *)out, o->path);
            free(from);
            free(to);
            return true;
        }
        unlink(to);            /* makes way for the published one */
    }
    bool ok = stat(from, &st) == 0 && same_output(o, &st) && link_making_folder(from, to);
    if (ok)
        output_note((Output *)out, o->path);
    free(from);
    free(to);
    return ok;
}

bool cache_pack_reuse(BuildCache *c, size_t index, const Output *out, ReportPage ***pages, size_t *count)
{
    PackRecord *old = (PackRecord *)c->old_for[index];
    PackRecord *now = &c->now[index];
    *pages = NULL;
    *count = 0;
    if (!old || !out->final_dir)
        return false;
    bool as_left = c->changes && c->changes->outputs_as_left;
    size_t linked = 0;
    while (linked < old->output_count &&
           (as_left ? link_output_as_left(out, &old->outputs[linked], old->kept_has_it)
                    : link_output(out, &old->outputs[linked])))
        linked++;
    if (linked < old->output_count) {
        /* Take back what was linked: the pack is built afresh, and a write
         * through a link would change the published file. */
        for (size_t i = 0; i < linked; i++) {
            char *to = path_join(out->staging_dir, old->outputs[i].path);
            unlink(to);
            free(to);
        }
        return false;
    }
    diag_replay_list(&old->warnings);
    /* This build's record is the last one's: the same files, findings and
     * warnings.  The pages go to the report with their findings unloaded. */
    now->outputs = xcalloc(old->output_count + 1, sizeof *now->outputs);
    now->output_cap = old->output_count + 1;
    for (size_t i = 0; i < old->output_count; i++) {
        now->outputs[i] = old->outputs[i];
        now->outputs[i].path = xstrdup(old->outputs[i].path);
    }
    now->output_count = old->output_count;
    ReportPage **list = xcalloc(old->stub_count + 1, sizeof *list);
    now->page_refs = xcalloc(old->stub_count + 1, sizeof *now->page_refs);
    now->page_keys = xcalloc(old->stub_count + 1, sizeof *now->page_keys);
    now->ref_cap = old->stub_count + 1;
    for (size_t i = 0; i < old->stub_count; i++) {
        list[i] = old->stubs[i];
        now->page_keys[now->ref_count] = old->stub_keys[i];
        now->page_refs[now->ref_count++] = list[i];
        old->stubs[i] = NULL;
    }
    __atomic_add_fetch(&c->pages_added, old->stub_count, __ATOMIC_RELAXED);
    *count = old->stub_count;
    old->stub_count = 0;
    for (size_t i = 0; i < old->warnings.count; i++)
        diag_list_push(&now->warnings, &old->warnings.items[i]);
    now->complete = true;
    now->reused = true;
    __atomic_add_fetch(&c->reused, 1, __ATOMIC_RELAXED);
    *pages = list;
    return true;
}

static int compare_page_refs(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const PageRef *)a)->page, y = (uintptr_t)((const PageRef *)b)->page;
    return x < y ? -1 : x > y;
}

/* Where page is kept, or NULL for a page no record holds.  Main thread,
 * with no pack being built. */
static const PageRef *find_page(BuildCache *c, const ReportPage *page)
{
    size_t added = __atomic_load_n(&c->pages_added, __ATOMIC_RELAXED);
    if (!c->pages || c->page_count != added) {
        free(c->pages);
        c->pages = xcalloc(added + 1, sizeof *c->pages);
        c->page_count = 0;
        for (size_t i = 0; i < c->now_count; i++)
            for (size_t k = 0; k < c->now[i].ref_count && c->page_count < added; k++)
                c->pages[c->page_count++] = (PageRef){.page = c->now[i].page_refs[k], .rec = &c->now[i], .at = k};
        qsort(c->pages, c->page_count, sizeof *c->pages, compare_page_refs);
    }
    PageRef key = {.page = page};
    return c->page_count ? bsearch(&key, c->pages, c->page_count, sizeof *c->pages, compare_page_refs) : NULL;
}

uint64_t cache_page_key(BuildCache *c, const ReportPage *page)
{
    const PageRef *ref = find_page(c, page);
    return ref ? ref->rec->key : 0;
}

bool cache_load_findings(void *data, ReportPage *page)
{
    BuildCache *c = data;
    const PageRef *ref = find_page(c, page);
    /* The records were checked when they were read; findings that have
     * gone since are a cache someone changed under a running build. */
    if (ref && load_findings(c->dir, &c->rules, ref->rec, page))
        return true;
    diag_error(NULL, 0, "the build cache lost the findings of %s: build again with --no-cache", page->path);
    return false;
}

void cache_pack_begin(BuildCache *c, size_t index)
{
    PackRecord *now = &c->now[index];
    for (size_t i = 0; i < now->output_count; i++)
        free(now->outputs[i].path);
    now->output_count = 0;
    __atomic_sub_fetch(&c->pages_added, now->ref_count, __ATOMIC_RELAXED);
    now->ref_count = 0;
    diag_list_free(&now->warnings);
    diag_push(&now->recording, DIAG_RECORD, &now->warnings, NULL);
}

void cache_pack_output(BuildCache *c, size_t index, const char *relative)
{
    PackRecord *now = &c->now[index];
    if (now->output_count == now->output_cap) {
        now->output_cap = now->output_cap ? now->output_cap * 2 : 16;
        now->outputs = xrealloc(now->outputs, now->output_cap * sizeof *now->outputs);
    }
    now->outputs[now->output_count++] = (OutputStat){.path = xstrdup(relative)};
}

void cache_pack_page(BuildCache *c, size_t index, ReportPage *page)
{
    PackRecord *now = &c->now[index];
    if (now->ref_count == now->ref_cap) {
        now->ref_cap = now->ref_cap ? now->ref_cap * 2 : 16;
        now->page_refs = xrealloc(now->page_refs, now->ref_cap * sizeof *now->page_refs);
        now->page_keys = xrealloc(now->page_keys, now->ref_cap * sizeof *now->page_keys);
    }
    now->page_keys[now->ref_count] = 0;
    now->page_refs[now->ref_count++] = page;
    __atomic_add_fetch(&c->pages_added, 1, __ATOMIC_RELAXED);
}

void cache_pack_end(BuildCache *c, size_t index, const Output *out)
{
    PackRecord *now = &c->now[index];
    diag_pop(&now->recording);
    now->complete = true;
    for (size_t i = 0; i < now->output_count; i++) {
        OutputStat *o = &now->outputs[i];
        char *path = path_join(out->staging_dir, o->path);
        struct stat st;
        if (stat(path, &st) == 0) {
            o->size = st.st_size;
            o->mtime_ns = timespec_ns(st.st_mtim);
            o->ino = st.st_ino;
        } else {
            now->complete = false;     /* never reused */
        }
        free(path);
    }
    /* Its findings now, on the thread that built it, rather than every
     * record's at the end on one.  Named by its key, the file is never
     * one a record of the last build's index reads otherwise; a build
     * that fails takes its new files away again (cache_free). */
    if (now->complete && c->findings_early)
        now->findings_saved = save_findings(c->dir, now);
    /* Each page's key hashes all of its findings: worked out here, on
     * the thread that built it, not for every page at the end on one. */
    for (size_t i = 0; now->complete && i < now->ref_count; i++)
        if (!now->page_keys[i])
            now->page_keys[i] = page_key(now->page_refs[i]);
}

/* After the index no longer names them: the findings files of records
 * that changed or went. */
static void remove_old_findings(const BuildCache *c)
{
    /* An old record is still named when this build's record of the same
     * name (old_for) is complete with the same key. */
    bool *named = xcalloc(c->old_count + 1, sizeof *named);
    for (size_t k = 0; k < c->now_count; k++) {
        const PackRecord *now = &c->now[k], *old = c->old_for[k];
        if (old && now->complete && now->key == old->key)
            named[old - c->old] = true;
    }
    for (size_t i = 0; i < c->old_count; i++) {
        const PackRecord *old = &c->old[i];
        if (!named[i]) {
            char *path = findings_path(c->dir, old->slug, old->key);
            unlink(path);
            free(path);
        }
    }
    free(named);
}

/* Without an index read (none, one of another format, or --no-cache),
 * nothing says which files in findings/ the last build left: keep only
 * those the new index names. */
static void remove_unnamed_findings(const BuildCache *c)
{
    StrList named = {0};
    for (size_t i = 0; i < c->now_count; i++)
        if (c->now[i].complete)
            sl_push_owned(&named, findings_name(c->now[i].slug, c->now[i].key));
    sl_sort(&named);
    char *dir = path_join(c->dir, FINDINGS_DIR);
    StrList present = {0};
    list_dir(dir, &present);
    for (size_t i = 0; i < present.count; i++)
        if (!sl_contains_sorted(&named, present.items[i])) {
            char *path = path_join(dir, present.items[i]);
            unlink(path);
            free(path);
        }
    sl_free(&present);
    sl_free(&named);
    free(dir);
}

bool cache_save(BuildCache *c, const char *published_dir, bool kept_is_copy)
{
    size_t complete = 0, as_before = 0;
    for (size_t i = 0; i < c->now_count; i++) {
        PackRecord *r = &c->now[i];
        r->kept_has_it = r->reused || kept_is_copy;
        complete += r->complete;
        as_before += r->complete && r->reused && !r->stats_changed && c->old_for[i] &&
                     c->old_for[i]->kept_has_it == r->kept_has_it;
    }
    /* Everything reused, every file's stat as recorded, nothing gone:
     * the index on disk says it all already. */
    if (as_before == complete && complete == c->old_count)
        return c->saved = true;
    char *findings_dir = path_join(c->dir, FINDINGS_DIR);
    bool ok = make_dirs(findings_dir);
    free(findings_dir);
    /* Findings first (most were written as their records were built),
     * then the index that names them. */
    for (size_t i = 0; i < c->now_count && ok; i++) {
        PackRecord *r = &c->now[i];
        if (r->complete && !r->reused && !r->findings_saved)
            ok = r->findings_saved = save_findings(c->dir, r);
    }
    ok = ok && write_index(c->dir, c->now, c->now_count);
    if (!ok) {
        /* A cache that cannot be written only makes the next build slower. */
        diag_verbose("sayso: could not write the build cache in %s: %s", c->dir, strerror(errno));
    } else if (c->index_read) {
        remove_old_findings(c);
    } else {
        remove_unnamed_findings(c);
    }
    c->saved = ok;
    return ok;
}

/* Group records are named so no pack folder can be: a pack's name is a
 * folder name, which cannot hold a slash. */
static const char *const group_names[CACHE_GROUP_COUNT] = {"/hub", "/pages", "/review-report",
                                                            "/feed", "/sitemap", "/search", "/report-json"};

size_t cache_group_index(const BuildCache *c, CacheGroup group)
{
    return c->site->pack_count + (size_t)group;
}

bool cache_group_unchanged(BuildCache *c, CacheGroup group, uint64_t key)
{
    size_t index = cache_group_index(c, group);
    PackRecord *now = &c->now[index];
    const PackRecord *old = find_old(c, group_names[group]);
    c->old_for[index] = old;
    free(now->slug);
    now->slug = xstrdup(group_names[group]);
    now->key = key;
    return old && old->key == key;
}

uint64_t cache_site_key(const BuildCache *c)
{
    return c->site_key;
}

/* Every field of a pack's front matter as loaded (and as hooks left it).
 * The hub and its lists show only these, never a pack's body, so editing
 * a pack's text does not rebuild the hub.  A field added to PackMeta must
 * be added here. */
static uint64_t hash_meta(uint64_t h, const PackMeta *p)
{
    h = hash_opt(h, p->slug);
    h = hash_opt(h, p->index_path);
    h = hash_opt(h, p->encoding);
    h = hash_opt(h, p->title);
    h = hash_opt(h, p->summary);
    h = hash_int(h, p->opens);
    h = hash_int(h, p->closes);
    h = hash_opt(h, p->level);
    h = hash_list(h, &p->topics);
    h = hash_list(h, &p->areas);
    h = hash_opt(h, p->respond.online);
    h = hash_opt(h, p->respond.email);
    h = hash_opt(h, p->respond.phone);
    h = hash_opt(h, p->respond.post);
    h = hash_int(h, (int64_t)p->respond.event_count);
    for (size_t i = 0; i < p->respond.event_count; i++) {
        h = hash_opt(h, p->respond.events[i].date);
        h = hash_opt(h, p->respond.events[i].place);
        h = hash_opt(h, p->respond.events[i].access);
        h = hash_opt(h, p->respond.events[i].time);
        h = hash_opt(h, p->respond.events[i].booking);
        int64_t lines[] = {p->respond.events[i].line, p->respond.events[i].place_line, p->respond.events[i].access_line,
                           p->respond.events[i].booking_line};
        h = hash_bytes(h, lines, sizeof lines);
    }
    h = hash_opt(h, p->contact.name);
    h = hash_opt(h, p->contact.email);
    h = hash_opt(h, p->contact.phone);
    h = hash_opt(h, p->contact.address);
    h = hash_int(h, p->decision.date);
    h = hash_opt(h, p->decision.summary);
    int64_t shown[] = {p->results_interim, p->title_line, p->summary_line, p->closes_line};
    h = hash_bytes(h, shown, sizeof shown);
    int64_t flags[] = {p->has_easy_read, p->has_feedback, p->status, p->feedback_due, p->feedback_overdue};
    h = hash_bytes(h, flags, sizeof flags);
    /* The hubs in other languages list the translations' titles. */
    h = hash_int(h, (int64_t)p->translation_count);
    for (size_t i = 0; i < p->translation_count; i++) {
        const Translation *t = &p->translations[i];
        h = hash_opt(h, t->lang);
        h = hash_opt(h, t->title);
        h = hash_opt(h, t->summary);
        int64_t tflags[] = {t->has_easy_read, t->has_feedback};   /* not stale: the hubs do not show it */
        h = hash_bytes(h, tflags, sizeof tflags);
    }
    return h;
}

uint64_t cache_hub_key(const BuildCache *c, const Site *site)
{
    uint64_t h = hash_str(c->site_key, group_names[CACHE_HUB]);
    h = hash_int(h, (int64_t)site->pack_count);
    for (size_t i = 0; i < site->pack_count; i++)
        h = hash_meta(h, &site->packs[i]);
    return h;
}

uint64_t cache_search_key(const BuildCache *c, const Site *site)
{
    uint64_t h = hash_str(c->site_key, group_names[CACHE_SEARCH]);
    h = hash_int(h, (int64_t)site->pack_count);
    /* Each pack's own key (cache_pack_unchanged, already worked out when
     * the packs were built) covers its sources. */
    for (size_t i = 0; i < site->pack_count; i++) {
        h = hash_meta(h, &site->packs[i]);
        h = hash_bytes(h, &c->now[i].key, sizeof c->now[i].key);
    }
    return h;
}

uint64_t cache_feed_key(const BuildCache *c, uint64_t hub_key)
{
    return hash_bytes(hash_str(c->site_key, group_names[CACHE_FEED]), &hub_key, sizeof hub_key);
}

uint64_t cache_sitemap_key(const BuildCache *c, const StrList *page_paths)
{
    return hash_list(hash_str(c->site_key, group_names[CACHE_SITEMAP]), page_paths);
}

uint64_t cache_report_json_key(const BuildCache *c)
{
    uint64_t h = hash_str(c->site_key, group_names[CACHE_REPORT_JSON]);
    size_t before = cache_group_index(c, CACHE_REPORT_JSON);
    for (size_t i = 0; i < before; i++) {
        const PackRecord *r = &c->now[i];
        /* A record built again with the key it had makes the same pages. */
        h = hash_opt(h, r->complete ? r->slug : NULL);
        h = hash_int(h, r->complete ? (int64_t)r->key : 0);
    }
    return h;
}

void cache_each_output(const BuildCache *c, CacheOutputFn fn, void *data)
{
    for (size_t i = 0; i < c->now_count; i++) {
        const PackRecord *r = &c->now[i];
        for (size_t k = 0; r->complete && k < r->output_count; k++)
            fn(data, r->outputs[k].path, r->outputs[k].size, r->outputs[k].mtime_ns, r->outputs[k].ino);
    }
}

size_t cache_reused_count(const BuildCache *c)
{
    return c->reused;
}
