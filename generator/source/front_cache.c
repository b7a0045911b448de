/* front_cache.c: every pack's front matter as the last build read it
 * (front_cache.h).
 *
 * The file: a magic line, the key (sayso and site.yml), the number of
 * entries, then per pack, in folder order: its slug, the stat of its
 * three files, its messages and its PackMeta (binio.h).
 */
#include "front_cache.h"
#include "binio.h"
#include "cache_hash.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FRONT_MAGIC "sayso-front-matter 4\n"
#define FRONT_FILE  "front-matter"

/* The files loading a pack looks at; a missing one has size -1. */
enum { FILE_INDEX, FILE_EASY_READ, FILE_FEEDBACK, PACK_FILES };
static const char *const pack_files[PACK_FILES] = {"index.md", "easy-read.md", "you-said-we-did.csv"};

typedef struct FileStat {
    int64_t size, mtime_ns, ctime_ns;
    uint64_t ino;
} FileStat;

typedef struct Entry {
    char *slug;
    FileStat files[PACK_FILES];
    DiagList messages;
    PackMeta meta;
    bool present;             /* this build: loaded without an error */
    bool settled;             /* none of its files changed in the second before */
} Entry;

struct FrontCache {
    char *path;
    uint64_t key;
    time_t started;
    Entry *old;               /* sorted by slug */
    size_t old_count;
    Entry *now;               /* per consultation folder */
    size_t now_count;
    bool changed;
};

/* ---- PackMeta, field by field ---- */

static void put_list(StrBuf *sb, const StrList *l)
{
    put_u64(sb, l->count);
    for (size_t i = 0; i < l->count; i++)
        put_str(sb, l->items[i]);
}

static void get_list(Reader *r, StrList *l)
{
    size_t n = get_count(r, 4);
    for (size_t i = 0; i < n && !r->failed; i++) {
        char *s = get_str(r);
        if (s)
            sl_push_owned(l, s);
        else
            r->failed = true;
    }
}

static void list_fields(BinCodec *c, StrList *l)
{
    if (c->in)
        get_list(c->in, l);
    else
        put_list(c->out, l);
}

static void event_fields(BinCodec *c, Event *e)
{
    BIN_STR(c, e->date);
    BIN_STR(c, e->place);
    BIN_STR(c, e->access);
    BIN_STR(c, e->time);
    BIN_STR(c, e->booking);
    BIN_I64(c, e->line);
    BIN_I64(c, e->place_line);
    BIN_I64(c, e->access_line);
    BIN_I64(c, e->booking_line);
}

/* Every field load_pack_meta() sets, as cache.c's hash_meta() lists them.
 * Read back, the events hold as many as the file says, those after a
 * failure zeroed. */
static void meta_fields(BinCodec *c, PackMeta *p)
{
    BIN_STR(c, p->encoding);
    BIN_STR(c, p->title);
    BIN_STR(c, p->summary);
    BIN_I64(c, p->opens);
    BIN_I64(c, p->closes);
    BIN_STR(c, p->level);
    list_fields(c, &p->topics);
    list_fields(c, &p->areas);
    BIN_STR(c, p->respond.online);
    BIN_STR(c, p->respond.email);
    BIN_STR(c, p->respond.phone);
    BIN_STR(c, p->respond.post);
    size_t events = bin_count(c, p->respond.event_count, 12);
    if (c->in) {
        p->respond.events = xcalloc(events + 1, sizeof *p->respond.events);
        p->respond.event_count = events;
    }
    for (size_t i = 0; i < events && !bin_failed(c); i++)
        event_fields(c, &p->respond.events[i]);
    BIN_STR(c, p->contact.name);
    BIN_STR(c, p->contact.email);
    BIN_STR(c, p->contact.phone);
    BIN_STR(c, p->contact.address);
    BIN_I64(c, p->decision.date);
    BIN_STR(c, p->decision.summary);
    BIN_BOOL(c, p->results_interim);
    BIN_I64(c, p->title_line);
    BIN_I64(c, p->summary_line);
    BIN_I64(c, p->closes_line);
    BIN_BOOL(c, p->has_easy_read);
    BIN_BOOL(c, p->has_feedback);
    BIN_STR(c, p->bsl_url);
}

/* A copy of the parts of a PackMeta kept here (not slug, dir, paths). */
static void copy_meta(PackMeta *to, const PackMeta *from)
{
    StrBuf sb;
    sb_init(&sb);
    meta_fields(&(BinCodec){.out = &sb}, (PackMeta *)from);   /* writing only reads it */
    Reader r = {.p = sb.data, .end = sb.data + sb.len};
    meta_fields(&(BinCodec){.in = &r}, to);
    sb_free(&sb);
}

/* ---- entries ---- */

static void entry_free(Entry *e)
{
    free(e->slug);
    diag_list_free(&e->messages);
    pack_meta_free(&e->meta);
    memset(e, 0, sizeof *e);
}

static void entry_fields(BinCodec *c, Entry *e)
{
    BIN_STR(c, e->slug);
    for (int f = 0; f < PACK_FILES; f++) {
        BIN_I64(c, e->files[f].size);
        BIN_I64(c, e->files[f].mtime_ns);
        BIN_I64(c, e->files[f].ctime_ns);
        BIN_U64(c, e->files[f].ino);
    }
    if (c->in)
        diag_list_get(c->in, &e->messages);
    else
        diag_list_put(c->out, &e->messages);
    meta_fields(c, &e->meta);
    BIN_REQUIRE(c, e->slug);
}

static bool get_entry(Reader *r, Entry *e)
{
    memset(e, 0, sizeof *e);
    entry_fields(&(BinCodec){.in = r}, e);
    return !r->failed;
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const Entry *)a)->slug, ((const Entry *)b)->slug);
}

/* sayso and site.yml: what every pack's loading depends on besides its files. */
static uint64_t front_key(const char *source_dir)
{
    uint64_t h = cache_sayso_key();
    char *yml = path_join(source_dir, "site.yml");
    size_t len = 0;
    char *text = read_file(yml, &len);
    h = text ? hash_bytes(h, text, len) : hash_str(h, "\x01missing");
    free(text);
    free(yml);
    return h;
}

FrontCache *front_cache_open(const char *cache_dir, const char *source_dir, size_t packs)
{
    FrontCache *fc = xcalloc(1, sizeof *fc);
    fc->path = path_join(cache_dir, FRONT_FILE);
    fc->key = front_key(source_dir);
    fc->started = time(NULL);
    fc->now = xcalloc(packs + 1, sizeof *fc->now);
    fc->now_count = packs;
    size_t len;
    char *data = read_file(fc->path, &len);
    size_t head = strlen(FRONT_MAGIC);
    if (!data || len < head || memcmp(data, FRONT_MAGIC, head) != 0) {
        free(data);
        fc->changed = true;
        return fc;
    }
    Reader r = {.p = data + head, .end = data + len};
    bool same_key = get_u64(&r) == fc->key;
    size_t count = same_key ? get_count(&r, 16) : 0;
    Entry *entries = xcalloc(count + 1, sizeof *entries);
    size_t n = 0;
    while (n < count && !r.failed) {
        bool ok = get_entry(&r, &entries[n]);
        n++;
        if (!ok)
            break;
    }
    if (!same_key || r.failed || r.p != r.end) {
        for (size_t i = 0; i < n; i++)
            entry_free(&entries[i]);
        free(entries);
        fc->changed = true;
    } else {
        qsort(entries, n, sizeof *entries, compare_entries);
        fc->old = entries;
        fc->old_count = n;
    }
    free(data);
    return fc;
}

void front_cache_free(FrontCache *fc)
{
    if (!fc)
        return;
    for (size_t i = 0; i < fc->old_count; i++)
        entry_free(&fc->old[i]);
    free(fc->old);
    for (size_t i = 0; i < fc->now_count; i++)
        entry_free(&fc->now[i]);
    free(fc->now);
    free(fc->path);
    free(fc);
}

/* old is sorted by slug (the index is read and sorted once). */
static int compare_slug_with_entry(const void *slug, const void *item)
{
    return strcmp(slug, ((const Entry *)item)->slug);
}

static const Entry *find_old(const FrontCache *fc, const char *slug)
{
    if (!fc->old_count)       /* bsearch's base may not be NULL */
        return NULL;
    return bsearch(slug, fc->old, fc->old_count, sizeof *fc->old, compare_slug_with_entry);
}

bool front_cache_get(FrontCache *fc, size_t index, const char *dir, const char *slug, bool vouched,
                     PackMeta *meta, DiagList *messages)
{
    Entry *now = &fc->now[index];
    now->slug = xstrdup(slug);
    now->settled = true;
    const Entry *old = find_old(fc, slug);
    if (old && vouched) {
        /* The files have the stat they had when the entry was kept. */
        memcpy(now->files, old->files, sizeof now->files);
    }
    for (int f = 0; f < PACK_FILES && !(old && vouched); f++) {
        char *path = path_join(dir, pack_files[f]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            now->files[f] = (FileStat){.size = st.st_size, .mtime_ns = timespec_ns(st.st_mtim),
                                       .ctime_ns = timespec_ns(st.st_ctim), .ino = st.st_ino};
            /* Changed in the second before: it may change again unseen. */
            if (st.st_mtim.tv_sec >= fc->started - 1 || st.st_ctim.tv_sec >= fc->started - 1)
                now->settled = false;
        } else {
            now->files[f] = (FileStat){.size = -1};
        }
        free(path);
    }
    if (!old || !now->settled || memcmp(old->files, now->files, sizeof now->files) != 0)
        return false;
    copy_meta(meta, &old->meta);
    for (size_t i = 0; i < old->messages.count; i++)
        diag_list_push(messages, &old->messages.items[i]);
    /* Kept as it was. */
    copy_meta(&now->meta, &old->meta);
    for (size_t i = 0; i < old->messages.count; i++)
        diag_list_push(&now->messages, &old->messages.items[i]);
    now->present = true;
    return true;
}

void front_cache_put(FrontCache *fc, size_t index, const PackMeta *meta, const DiagList *messages)
{
    Entry *now = &fc->now[index];
    if (!now->slug || !now->settled)
        return;
    copy_meta(&now->meta, meta);
    for (size_t i = 0; i < messages->count; i++)
        diag_list_push(&now->messages, &messages->items[i]);
    now->present = true;
    fc->changed = true;
}

void front_cache_save(FrontCache *fc)
{
    size_t present = 0;
    for (size_t i = 0; i < fc->now_count; i++)
        present += fc->now[i].present;
    if (!fc->changed && present == fc->old_count)
        return;
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, FRONT_MAGIC);
    put_u64(&sb, fc->key);
    put_u64(&sb, present);
    for (size_t i = 0; i < fc->now_count; i++)
        if (fc->now[i].present)
            entry_fields(&(BinCodec){.out = &sb}, &fc->now[i]);
    char *dir = path_dirname(fc->path);
    char *tmp = xasprintf("%s.new", fc->path);
    if (!make_dirs(dir) || !write_file(tmp, sb.data, sb.len) || rename(tmp, fc->path) != 0)
        unlink(tmp);            /* no cache only makes the next build slower */
    free(tmp);
    free(dir);
    sb_free(&sb);
}
