/* cache.c: the build cache (cache.h).
 *
 * One file, PARENT/.sayso-cache/NAME/packs, holds a record per pack:
 *
 *   its key; the stat and hash of each of its files (the fast path);
 *   the files its pages were published as, with their stat;
 *   its report pages with their findings; the warnings building it gave.
 *
 * Records are written with every string length-prefixed ("5:hello"), so
 * messages and excerpts may hold any byte.  A file that does not parse,
 * or was written by another format version, is ignored as a whole.
 */
#include "cache.h"
#include "diag.h"
#include "paths.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_FORMAT "sayso-cache 1"
#define CACHE_FILE   "packs"

/* A source file as last seen: its hash is trusted again only when all of
 * its stat is unchanged. */
typedef struct SourceStat {
    char *name;
    int64_t size, mtime_ns, ctime_ns;
    uint64_t ino, hash;
    bool trusted;             /* not changed in the second before it was recorded */
} SourceStat;

/* A published file, as sayso wrote it. */
typedef struct OutputStat {
    char *path;               /* relative to the output folder */
    int64_t size, mtime_ns;
    uint64_t ino;
} OutputStat;

typedef struct PackRecord {
    char *slug;
    uint64_t key;
    SourceStat *sources;
    size_t source_count;
    OutputStat *outputs;
    size_t output_count, output_cap;
    StrBuf pages;             /* read back: the report pages, serialised */
    size_t page_count;
    /* This build's: its report pages, owned by the report and serialised
     * only when the cache is saved, so findings are not held twice. */
    const ReportPage **page_refs;
    size_t ref_count, ref_cap;
    StrList warnings;         /* as printed */
    bool complete;            /* built (or reused) in this build */
    bool as_before;           /* reused, and its files' stat as recorded: nothing to save */
    bool stats_changed;       /* a file was hashed again */
} PackRecord;

/* Rules named by findings read back from the cache.  The checks' own Rule
 * structs are static and private to each check, so findings read back
 * point at copies kept here for the cache's lifetime. */
typedef struct RuleCopy {
    Rule rule;
    char *strings[5];
} RuleCopy;

struct BuildCache {
    char *dir;                /* PARENT/.sayso-cache/NAME */
    const Site *site;
    uint64_t site_key;
    time_t started;
    PackRecord *old;          /* the last build's records, sorted by slug */
    size_t old_count;
    PackRecord *now;          /* this build's, one per site pack */
    size_t now_count;
    const PackRecord **old_for;  /* per site pack: its old record, or NULL */
    pthread_mutex_t rules_lock;
    RuleCopy **rules;
    size_t rule_count;
    size_t reused;
};

/* ---- writing and reading records ---- */

/* Numbers by hand: the cache holds every finding of the site, and
 * printf (which sb_printf calls twice) was most of a rebuild's time. */
static void put_digits(StrBuf *sb, uint64_t v, char after)
{
    char buf[24];
    char *p = buf + sizeof buf;
    *--p = after;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_append_len(sb, p, (size_t)(buf + sizeof buf - p));
}

static void put_u64(StrBuf *sb, uint64_t v)
{
    put_digits(sb, v, ' ');
}

static void put_i64(StrBuf *sb, int64_t v)
{
    if (v < 0) {
        sb_append_char(sb, '-');
        put_digits(sb, (uint64_t)0 - (uint64_t)v, ' ');
    } else {
        put_digits(sb, (uint64_t)v, ' ');
    }
}

static void put_str(StrBuf *sb, const char *s)
{
    if (!s) {
        sb_append_len(sb, "- ", 2);
        return;
    }
    size_t n = strlen(s);
    put_digits(sb, n, ':');
    sb_append_len(sb, s, n);
    sb_append_char(sb, ' ');
}

static void put_double(StrBuf *sb, double d)
{
    sb_printf(sb, "%a ", d);     /* hexadecimal: read back exactly */
}

typedef struct Reader {
    const char *p, *end;
    bool failed;
} Reader;

static bool get_token(Reader *r, const char **start, size_t *len)
{
    const char *s = r->p;
    while (s < r->end && *s != ' ' && *s != '\n')
        s++;
    if (s >= r->end || s == r->p) {
        r->failed = true;
        return false;
    }
    *start = r->p;
    *len = (size_t)(s - r->p);
    r->p = s + 1;
    return true;
}

/* Copies the next token into buf as a C string, for the number parsers. */
static bool get_number_text(Reader *r, char *buf, size_t cap)
{
    const char *s;
    size_t n;
    if (r->failed || !get_token(r, &s, &n))
        return false;
    if (n >= cap) {
        r->failed = true;
        return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    return true;
}

static uint64_t get_u64(Reader *r)
{
    char buf[32], *stop;
    if (!get_number_text(r, buf, sizeof buf))
        return 0;
    uint64_t v = strtoull(buf, &stop, 10);
    if (*stop || errno)
        r->failed = true;
    return v;
}

static int64_t get_i64(Reader *r)
{
    char buf[32], *stop;
    if (!get_number_text(r, buf, sizeof buf))
        return 0;
    int64_t v = strtoll(buf, &stop, 10);
    if (*stop || errno)
        r->failed = true;
    return v;
}

static double get_double(Reader *r)
{
    char buf[64], *stop;
    if (!get_number_text(r, buf, sizeof buf))
        return 0;
    double d = strtod(buf, &stop);
    if (*stop)
        r->failed = true;
    return d;
}

/* A string: "-" for NULL, else "LEN:BYTES". */
static char *get_str(Reader *r)
{
    if (r->failed)
        return NULL;
    if (r->p + 1 < r->end && r->p[0] == '-' && r->p[1] == ' ') {
        r->p += 2;
        return NULL;
    }
    char *colon = memchr(r->p, ':', (size_t)(r->end - r->p) < 24 ? (size_t)(r->end - r->p) : 24);
    if (!colon) {
        r->failed = true;
        return NULL;
    }
    char *stop;
    unsigned long long n = strtoull(r->p, &stop, 10);
    if (stop != colon || (size_t)(r->end - colon - 1) < n + 1 || colon[1 + n] != ' ') {
        r->failed = true;
        return NULL;
    }
    char *s = xstrndup(colon + 1, (size_t)n);
    r->p = colon + 1 + n + 1;
    return s;
}

/* ---- report pages ---- */

static void put_page(StrBuf *sb, const ReportPage *p)
{
    put_str(sb, p->path);
    put_str(sb, p->title);
    put_u64(sb, (uint64_t)p->kind);
    put_u64(sb, (uint64_t)p->format);
    put_str(sb, p->pack_slug);
    put_str(sb, p->source_path);
    put_u64(sb, p->has_scores);
    put_double(sb, p->reading_age);
    put_double(sb, p->flesch_ease);
    put_double(sb, p->fk_grade);
    put_u64(sb, p->words);
    put_u64(sb, p->findings.count);
    for (size_t i = 0; i < p->findings.count; i++) {
        const Finding *f = &p->findings.items[i];
        put_str(sb, f->rule->id);
        put_str(sb, f->rule->category);
        put_u64(sb, (uint64_t)f->rule->level);
        put_str(sb, f->rule->wcag);
        put_str(sb, f->rule->act);
        put_str(sb, f->rule->title);
        put_u64(sb, (uint64_t)f->level);
        put_str(sb, f->file);
        put_i64(sb, f->line);
        put_str(sb, f->message);
        put_str(sb, f->excerpt);
    }
    sb_append_char(sb, '\n');
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The one copy of a rule read back, made on first sight.  Takes the strings. */
static const Rule *intern_rule(BuildCache *c, char *s[5], FindingLevel level)
{
    pthread_mutex_lock(&c->rules_lock);
    const Rule *found = NULL;
    for (size_t i = 0; i < c->rule_count && !found; i++) {
        const Rule *r = &c->rules[i]->rule;
        if (same_str(r->id, s[0]) && same_str(r->category, s[1]) && r->level == level &&
            same_str(r->wcag, s[2]) && same_str(r->act, s[3]) && same_str(r->title, s[4]))
            found = r;
    }
    if (!found) {
        RuleCopy *rc = xcalloc(1, sizeof *rc);
        memcpy(rc->strings, s, sizeof rc->strings);
        rc->rule = (Rule){.id = s[0], .category = s[1], .level = level, .wcag = s[2], .act = s[3], .title = s[4]};
        c->rules = xrealloc(c->rules, (c->rule_count + 1) * sizeof *c->rules);
        c->rules[c->rule_count++] = rc;
        found = &rc->rule;
    } else {
        for (int i = 0; i < 5; i++)
            free(s[i]);
    }
    pthread_mutex_unlock(&c->rules_lock);
    return found;
}

static ReportPage *get_page(BuildCache *c, Reader *r)
{
    ReportPage *p = xcalloc(1, sizeof *p);
    findings_init(&p->findings, NULL);
    p->path = get_str(r);
    p->title = get_str(r);
    p->kind = (PageKind)get_u64(r);
    p->format = (Format)get_u64(r);
    p->pack_slug = get_str(r);
    p->source_path = get_str(r);
    p->has_scores = get_u64(r) != 0;
    p->reading_age = get_double(r);
    p->flesch_ease = get_double(r);
    p->fk_grade = get_double(r);
    p->words = (size_t)get_u64(r);
    size_t n = (size_t)get_u64(r);
    for (size_t i = 0; i < n && !r->failed; i++) {
        char *s[5];
        s[0] = get_str(r);
        s[1] = get_str(r);
        FindingLevel rule_level = (FindingLevel)get_u64(r);
        s[2] = get_str(r);
        s[3] = get_str(r);
        s[4] = get_str(r);
        FindingLevel level = (FindingLevel)get_u64(r);
        char *file = get_str(r);
        int line = (int)get_i64(r);
        char *message = get_str(r);
        char *excerpt = get_str(r);
        if (r->failed || !s[0]) {
            for (int k = 0; k < 5; k++)
                free(s[k]);
            free(file);
            free(message);
            free(excerpt);
            r->failed = true;
            break;
        }
        FindingList *f = &p->findings;
        if (f->count == f->capacity) {
            f->capacity = f->capacity ? f->capacity * 2 : 8;
            f->items = xrealloc(f->items, f->capacity * sizeof *f->items);
        }
        f->items[f->count++] = (Finding){.rule = intern_rule(c, s, rule_level), .level = level,
                                         .file = file, .line = line, .message = message, .excerpt = excerpt};
    }
    if (r->p < r->end && *r->p == '\n')
        r->p++;
    else
        r->failed = true;
    return p;
}

static void page_free(ReportPage *p)
{
    free(p->path);
    free(p->title);
    free(p->pack_slug);
    free(p->source_path);
    findings_free(&p->findings);
    free(p);
}

/* ---- records ---- */

static void record_free(PackRecord *r)
{
    free(r->slug);
    for (size_t i = 0; i < r->source_count; i++)
        free(r->sources[i].name);
    free(r->sources);
    for (size_t i = 0; i < r->output_count; i++)
        free(r->outputs[i].path);
    free(r->outputs);
    sb_free(&r->pages);
    free(r->page_refs);
    sl_free(&r->warnings);
    memset(r, 0, sizeof *r);
}

static void put_record(StrBuf *sb, const PackRecord *r)
{
    StrBuf pages;
    sb_init(&pages);
    for (size_t i = 0; i < r->ref_count; i++)
        put_page(&pages, r->page_refs[i]);
    sb_append(sb, "pack ");
    put_str(sb, r->slug);
    put_u64(sb, r->key);
    put_u64(sb, r->source_count);
    put_u64(sb, r->output_count);
    put_u64(sb, r->warnings.count);
    put_u64(sb, r->ref_count);
    put_u64(sb, pages.len);
    sb_append_char(sb, '\n');
    for (size_t i = 0; i < r->source_count; i++) {
        const SourceStat *s = &r->sources[i];
        put_str(sb, s->name);
        put_i64(sb, s->size);
        put_i64(sb, s->mtime_ns);
        put_i64(sb, s->ctime_ns);
        put_u64(sb, s->ino);
        put_u64(sb, s->hash);
        put_u64(sb, s->trusted);
        sb_append_char(sb, '\n');
    }
    for (size_t i = 0; i < r->output_count; i++) {
        const OutputStat *o = &r->outputs[i];
        put_str(sb, o->path);
        put_i64(sb, o->size);
        put_i64(sb, o->mtime_ns);
        put_u64(sb, o->ino);
        sb_append_char(sb, '\n');
    }
    for (size_t i = 0; i < r->warnings.count; i++) {
        put_str(sb, r->warnings.items[i]);
        sb_append_char(sb, '\n');
    }
    sb_append_len(sb, pages.data ? pages.data : "", pages.len);
    sb_free(&pages);
}

static void expect_newline(Reader *r)
{
    if (!r->failed && r->p < r->end && *r->p == '\n')
        r->p++;
    else
        r->failed = true;
}

static bool get_record(Reader *r, PackRecord *rec)
{
    memset(rec, 0, sizeof *rec);
    sb_init(&rec->pages);
    if ((size_t)(r->end - r->p) < 5 || strncmp(r->p, "pack ", 5) != 0) {
        r->failed = true;
        return false;
    }
    r->p += 5;
    rec->slug = get_str(r);
    rec->key = get_u64(r);
    size_t sources = (size_t)get_u64(r), outputs = (size_t)get_u64(r), warnings = (size_t)get_u64(r);
    rec->page_count = (size_t)get_u64(r);
    size_t pages_len = (size_t)get_u64(r);
    expect_newline(r);
    if (r->failed || !rec->slug || sources > 100000 || outputs > 100000 || warnings > 100000)
        return r->failed = true, false;
    rec->sources = xcalloc(sources + 1, sizeof *rec->sources);
    for (size_t i = 0; i < sources && !r->failed; i++) {
        SourceStat *s = &rec->sources[rec->source_count++];
        s->name = get_str(r);
        s->size = get_i64(r);
        s->mtime_ns = get_i64(r);
        s->ctime_ns = get_i64(r);
        s->ino = get_u64(r);
        s->hash = get_u64(r);
        s->trusted = get_u64(r) != 0;
        expect_newline(r);
        if (!s->name)
            r->failed = true;
    }
    rec->outputs = xcalloc(outputs + 1, sizeof *rec->outputs);
    rec->output_cap = outputs + 1;
    for (size_t i = 0; i < outputs && !r->failed; i++) {
        OutputStat *o = &rec->outputs[rec->output_count++];
        o->path = get_str(r);
        o->size = get_i64(r);
        o->mtime_ns = get_i64(r);
        o->ino = get_u64(r);
        expect_newline(r);
        if (!o->path || !output_path_safe(o->path))
            r->failed = true;
    }
    for (size_t i = 0; i < warnings && !r->failed; i++) {
        char *w = get_str(r);
        expect_newline(r);
        if (w)
            sl_push_owned(&rec->warnings, w);
    }
    if (r->failed || (size_t)(r->end - r->p) < pages_len)
        return r->failed = true, false;
    sb_append_len(&rec->pages, r->p, pages_len);
    r->p += pages_len;
    return true;
}

static int compare_records(const void *a, const void *b)
{
    return strcmp(((const PackRecord *)a)->slug, ((const PackRecord *)b)->slug);
}

static void read_records(BuildCache *c)
{
    char *path = path_join(c->dir, CACHE_FILE);
    size_t len;
    char *data = read_file(path, &len);
    free(path);
    if (!data)
        return;
    Reader r = {.p = data, .end = data + len};
    size_t head = strlen(CACHE_FORMAT " ");
    if (len < head || strncmp(data, CACHE_FORMAT " ", head) != 0) {
        free(data);
        return;
    }
    r.p += head;
    size_t count = (size_t)get_u64(&r);
    expect_newline(&r);
    if (r.failed || count > 10000000) {
        free(data);
        return;
    }
    PackRecord *records = xcalloc(count + 1, sizeof *records);
    size_t n = 0;
    while (n < count && !r.failed) {
        if (get_record(&r, &records[n]))
            n++;
    }
    if (r.failed || r.p != r.end) {
        /* Half a cache is no cache: build everything. */
        for (size_t i = 0; i <= n && i < count; i++)
            record_free(&records[i]);
        free(records);
        free(data);
        return;
    }
    qsort(records, n, sizeof *records, compare_records);
    c->old = records;
    c->old_count = n;
    free(data);
}

static const PackRecord *find_old(const BuildCache *c, const char *slug)
{
    size_t lo = 0, hi = c->old_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(c->old[mid].slug, slug);
        if (cmp == 0)
            return &c->old[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- keys ---- */

static int64_t ns(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static uint64_t hash_file(uint64_t h, const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    if (!data)
        return hash_str(h, "\x01missing");
    h = hash_bytes(h, data, len);
    free(data);
    return h;
}

/* Every file in dir and below, names and bytes, in a stable order. */
static uint64_t hash_tree(uint64_t h, const char *dir)
{
    StrList names = {0};
    if (!list_dir(dir, &names))
        return hash_str(h, "\x01none");
    for (size_t i = 0; i < names.count; i++) {
        char *p = path_join(dir, names.items[i]);
        h = hash_str(h, names.items[i]);
        h = dir_exists(p) ? hash_tree(h, p) : hash_file(h, p);
        free(p);
    }
    sl_free(&names);
    return h;
}

/* sayso itself: its version, and its executable, so a rebuilt sayso with
 * the same version number never serves what the old one made. */
static uint64_t hash_sayso(uint64_t h)
{
    h = hash_str(h, "sayso " SAYSO_VERSION);
    return hash_file(h, "/proc/self/exe");
}

static uint64_t site_key(const CacheInputs *in)
{
    const Site *site = in->site;
    uint64_t h = hash_sayso(HASH_SEED);
    char *yml = path_join(site->source_dir, "site.yml");
    h = hash_file(h, yml);
    free(yml);
    /* pages/ make the navigation of every page. */
    char *pages = path_join(site->source_dir, "pages");
    h = hash_tree(h, pages);
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
        SourceStat s = {.name = xstrdup(names.items[i]), .size = st.st_size, .mtime_ns = ns(st.st_mtim),
                        .ctime_ns = ns(st.st_ctim), .ino = st.st_ino, .trusted = stat_trusted(&st, c->started)};
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
        h = hash_str(h, s.name);
        h = hash_bytes(h, &s.hash, sizeof s.hash);
        now->sources[now->source_count++] = s;
        free(path);
    }
    sl_free(&names);
    return h;
}

/* ---- the cache ---- */

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

BuildCache *cache_open(const char *output_dir, const CacheInputs *in, bool use_previous)
{
    BuildCache *c = xcalloc(1, sizeof *c);
    c->dir = cache_dir_for(output_dir);
    c->site = in->site;
    c->started = time(NULL);
    c->site_key = site_key(in);
    pthread_mutex_init(&c->rules_lock, NULL);
    if (use_previous)
        read_records(c);
    /* One record per pack, then one per group of site-wide pages. */
    c->now_count = in->site->pack_count + CACHE_GROUP_COUNT;
    c->now = xcalloc(c->now_count + 1, sizeof *c->now);
    c->old_for = xcalloc(c->now_count + 1, sizeof *c->old_for);
    for (size_t i = 0; i < c->now_count; i++) {
        if (i < in->site->pack_count)
            c->old_for[i] = find_old(c, in->site->packs[i].slug);
        sb_init(&c->now[i].pages);
    }
    return c;
}

void cache_free(BuildCache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->old_count; i++)
        record_free(&c->old[i]);
    free(c->old);
    for (size_t i = 0; i < c->now_count; i++)
        record_free(&c->now[i]);
    free(c->now);
    free(c->old_for);
    for (size_t i = 0; i < c->rule_count; i++) {
        for (int k = 0; k < 5; k++)
            free(c->rules[i]->strings[k]);
        free(c->rules[i]);
    }
    free(c->rules);
    pthread_mutex_destroy(&c->rules_lock);
    free(c->dir);
    free(c);
}

bool cache_pack_unchanged(BuildCache *c, size_t index, const PackMeta *meta)
{
    PackRecord *now = &c->now[index];
    const PackRecord *old = c->old_for[index];
    now->slug = xstrdup(meta->slug);
    now->key = pack_key(c, meta, old, now);
    return old && old->key == now->key;
}

static bool same_output(const OutputStat *o, const struct stat *st)
{
    return S_ISREG(st->st_mode) && st->st_size == o->size && ns(st->st_mtim) == o->mtime_ns &&
           (uint64_t)st->st_ino == o->ino;
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
    bool ok = stat(from, &st) == 0 && same_output(o, &st);
    if (ok && link(from, to) != 0) {
        ok = false;
        if (errno == ENOENT) {
            /* Usually only the file's own folder is missing: one mkdir,
             * rather than one per folder of the whole path. */
            char *dir = path_dirname(to);
            ok = (mkdir(dir, 0755) == 0 || make_dirs(dir)) && link(from, to) == 0;
            free(dir);
        }
    }
    if (ok)
        output_note((Output *)out, o->path);
    free(from);
    free(to);
    return ok;
}

bool cache_pack_reuse(BuildCache *c, size_t index, const Output *out, ReportPage ***pages, size_t *count)
{
    const PackRecord *old = c->old_for[index];
    PackRecord *now = &c->now[index];
    *pages = NULL;
    *count = 0;
    if (!old || !out->final_dir)
        return false;
    size_t linked = 0;
    while (linked < old->output_count && link_output(out, &old->outputs[linked]))
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
    Reader r = {.p = old->pages.data, .end = old->pages.data + old->pages.len};
    ReportPage **list = xcalloc(old->page_count + 1, sizeof *list);
    size_t n = 0;
    while (n < old->page_count && !r.failed)
        list[n++] = get_page(c, &r);
    if (r.failed) {
        for (size_t i = 0; i < n; i++)
            page_free(list[i]);
        free(list);
        for (size_t i = 0; i < old->output_count; i++) {
            char *to = path_join(out->staging_dir, old->outputs[i].path);
            unlink(to);
            free(to);
        }
        return false;
    }
    for (size_t i = 0; i < old->warnings.count; i++)
        diag_replay(old->warnings.items[i]);
    /* This build's record is the last one's: the same files, findings and warnings. */
    now->outputs = xcalloc(old->output_count + 1, sizeof *now->outputs);
    now->output_cap = old->output_count + 1;
    for (size_t i = 0; i < old->output_count; i++) {
        now->outputs[i] = old->outputs[i];
        now->outputs[i].path = xstrdup(old->outputs[i].path);
    }
    now->output_count = old->output_count;
    now->page_refs = xcalloc(n + 1, sizeof *now->page_refs);
    now->ref_cap = n + 1;
    for (size_t i = 0; i < n; i++)
        now->page_refs[now->ref_count++] = list[i];
    /* Read back into pages now: the text is not needed again. */
    sb_free(&((PackRecord *)old)->pages);
    for (size_t i = 0; i < old->warnings.count; i++)
        sl_push(&now->warnings, old->warnings.items[i]);
    now->complete = true;
    now->as_before = !now->stats_changed && (index >= c->site->pack_count ||
                                             now->source_count == old->source_count);
    __atomic_add_fetch(&c->reused, 1, __ATOMIC_RELAXED);
    *pages = list;
    *count = n;
    return true;
}

void cache_pack_begin(BuildCache *c, size_t index)
{
    PackRecord *now = &c->now[index];
    for (size_t i = 0; i < now->output_count; i++)
        free(now->outputs[i].path);
    now->output_count = 0;
    now->ref_count = 0;
    sl_free(&now->warnings);
    diag_capture(&now->warnings);
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

void cache_pack_page(BuildCache *c, size_t index, const ReportPage *page)
{
    PackRecord *now = &c->now[index];
    if (now->ref_count == now->ref_cap) {
        now->ref_cap = now->ref_cap ? now->ref_cap * 2 : 16;
        now->page_refs = xrealloc(now->page_refs, now->ref_cap * sizeof *now->page_refs);
    }
    now->page_refs[now->ref_count++] = page;
}

void cache_pack_end(BuildCache *c, size_t index, const Output *out)
{
    diag_capture(NULL);
    PackRecord *now = &c->now[index];
    now->complete = true;
    for (size_t i = 0; i < now->output_count; i++) {
        OutputStat *o = &now->outputs[i];
        char *path = path_join(out->staging_dir, o->path);
        struct stat st;
        if (stat(path, &st) == 0) {
            o->size = st.st_size;
            o->mtime_ns = ns(st.st_mtim);
            o->ino = st.st_ino;
        } else {
            now->complete = false;     /* never reused */
        }
        free(path);
    }
}

bool cache_save(BuildCache *c)
{
    size_t complete = 0, as_before = 0;
    for (size_t i = 0; i < c->now_count; i++) {
        complete += c->now[i].complete;
        as_before += c->now[i].complete && c->now[i].as_before;
    }
    /* Nothing built, nothing gone: the file on disk says it all already. */
    if (as_before == complete && complete == c->old_count)
        return true;
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, CACHE_FORMAT " %zu \n", complete);
    for (size_t i = 0; i < c->now_count; i++)
        if (c->now[i].complete)
            put_record(&sb, &c->now[i]);
    bool ok = make_dirs(c->dir);
    char *path = path_join(c->dir, CACHE_FILE);
    char *tmp = xasprintf("%s.new", path);
    ok = ok && write_file(tmp, sb.data, sb.len) && rename(tmp, path) == 0;
    if (!ok) {
        /* A cache that cannot be written only makes the next build slower. */
        diag_verbose("sayso: could not write the build cache in %s: %s", c->dir, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(path);
    sb_free(&sb);
    return ok;
}

/* Group records are named so no pack folder can be: a pack's name is a
 * folder name, which cannot hold a slash. */
static const char *const group_names[CACHE_GROUP_COUNT] = {"/hub", "/pages", "/review-report"};

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

static uint64_t hash_opt(uint64_t h, const char *s)
{
    return s ? hash_str(hash_str(h, "\x01"), s) : hash_str(h, "\x02");
}

static uint64_t hash_int(uint64_t h, int64_t v)
{
    return hash_bytes(h, &v, sizeof v);
}

static uint64_t hash_list(uint64_t h, const StrList *l)
{
    h = hash_int(h, (int64_t)l->count);
    for (size_t i = 0; i < l->count; i++)
        h = hash_opt(h, l->items[i]);
    return h;
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
    }
    h = hash_opt(h, p->contact.name);
    h = hash_opt(h, p->contact.email);
    h = hash_opt(h, p->contact.phone);
    h = hash_opt(h, p->contact.address);
    h = hash_int(h, p->decision.date);
    h = hash_opt(h, p->decision.summary);
    int64_t flags[] = {p->has_easy_read, p->has_feedback, p->status, p->feedback_due, p->feedback_overdue};
    return hash_bytes(h, flags, sizeof flags);
}

uint64_t cache_hub_key(const BuildCache *c, const Site *site)
{
    uint64_t h = hash_str(c->site_key, group_names[CACHE_HUB]);
    h = hash_int(h, (int64_t)site->pack_count);
    for (size_t i = 0; i < site->pack_count; i++)
        h = hash_meta(h, &site->packs[i]);
    return h;
}

uint64_t cache_report_key(const BuildCache *c, const Report *report)
{
    uint64_t h = hash_str(c->site_key, group_names[CACHE_REVIEW_REPORT]);
    for (size_t i = 0; i < report->count; i++) {
        /* The report over every pack shows findings, not reading scores:
         * those are on each pack's own review page. */
        const ReportPage *p = report->pages[i];
        h = hash_opt(h, p->path);
        h = hash_opt(h, p->title);
        h = hash_int(h, p->kind);
        h = hash_int(h, p->format);
        h = hash_opt(h, p->pack_slug);
        h = hash_opt(h, p->source_path);
        h = hash_int(h, (int64_t)p->findings.count);
        for (size_t k = 0; k < p->findings.count; k++) {
            const Finding *f = &p->findings.items[k];
            h = hash_opt(h, f->rule->id);
            h = hash_opt(h, f->rule->title);
            h = hash_opt(h, f->rule->wcag);
            h = hash_int(h, f->level);
            h = hash_opt(h, f->file);
            h = hash_int(h, f->line);
            h = hash_opt(h, f->message);
            h = hash_opt(h, f->excerpt);
        }
    }
    /* Findings about the theme and the site are on the report too. */
    for (size_t i = 0; i < report->site_findings.count; i++) {
        const Finding *f = &report->site_findings.items[i];
        h = hash_opt(h, f->rule->id);
        h = hash_int(h, f->level);
        h = hash_opt(h, f->file);
        h = hash_int(h, f->line);
        h = hash_opt(h, f->message);
        h = hash_opt(h, f->excerpt);
    }
    return h;
}

size_t cache_reused_count(const BuildCache *c)
{
    return c->reused;
}
