/* stamp.c: is the published site already what this build would make?
 * (stamp.h)
 *
 * PARENT/.sayso-cache/NAME/stamp is text:
 *
 *   sayso-stamp 3
 *   KEY VERBOSITY PAGES PACKS WARNINGS
 *   cache BYTES        then a line for the build cache's index (cache.c)
 *   sources BYTES      then a line per folder and file under consultations/
 *   outputs BYTES      then a line per published file
 *   said BYTES         then what the build wrote to stderr
 *
 * Each source or output line is "PATH<tab>SIZE MTIME CTIME INODE", so the
 * check makes the same lines from the files as they are now and compares
 * text with text; a source too fresh to trust is "PATH<tab>?".  A name
 * with a tab or a newline in it gets no stamp.
 */
#include "stamp.h"
#include "diag.h"
#include "paths.h"
#include "util.h"

#include <dirent.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STAMP_MAGIC "sayso-stamp 4\n"

static char *stamp_path(const char *out_dir)
{
    char *dir = cache_dir_for(out_dir);
    char *path = path_join(dir, "stamp");
    free(dir);
    return path;
}

/* Appends u in decimal: tens of thousands of lines per build, and
 * printf's machinery was a tenth of a rebuild's time. */
static void append_decimal(StrBuf *sb, uint64_t u)
{
    char digits[24];
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    sb_append_len(sb, digits + n, sizeof digits - n);
}

static void append_signed(StrBuf *sb, int64_t v)
{
    if (v < 0)
        sb_append_char(sb, '-');
    append_decimal(sb, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* " SIZE MTIME CTIME INODE\n" after a path and its tab. */
static void append_stat(StrBuf *sb, int64_t size, int64_t mtime_ns, int64_t ctime_ns, uint64_t ino)
{
    sb_append_char(sb, '\t');
    append_signed(sb, size);
    sb_append_char(sb, ' ');
    append_signed(sb, mtime_ns);
    sb_append_char(sb, ' ');
    append_signed(sb, ctime_ns);
    sb_append_char(sb, ' ');
    append_decimal(sb, ino);
    sb_append_char(sb, '\n');
}

/* One line of a walk or of the outputs block: "PATH<tab>STAT\n". */
typedef struct Line {
    const char *start, *tab, *end;   /* end: past the newline; tab: NULL when there is none */
} Line;

/* The line at *p (before end), and *p moved past it; false at the end. */
static bool next_line(const char **p, const char *end, Line *line)
{
    if (*p >= end)
        return false;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    line->start = *p;
    line->end = nl ? nl + 1 : end;
    line->tab = memchr(line->start, '\t', (size_t)(line->end - line->start));
    *p = line->end;
    return true;
}

/* One line: the path and its stat, or "-" for a path that is gone.
 * *st (when not NULL) is the stat, st_mode 0 when gone.  False for a name
 * no line can hold. */
static bool stat_line(StrBuf *sb, const char *shown, const char *path, bool with_ctime, struct stat *st_out)
{
    if (strpbrk(shown, "\t\n"))
        return false;
    struct stat local;
    struct stat *st = st_out ? st_out : &local;
    sb_append(sb, shown);
    if (stat(path, st) != 0) {
        st->st_mode = 0;
        sb_append(sb, "\t-\n");
        return true;
    }
    append_stat(sb, (int64_t)st->st_size, timespec_ns(st->st_mtim), with_ctime ? timespec_ns(st->st_ctim) : 0,
                (uint64_t)st->st_ino);
    return true;
}

/* The last stamp's walk, a line each, so a folder whose stat it has
 * unchanged is not read again: a name added, removed or renamed in a
 * folder changes its mtime, so its names are the ones the walk had.
 * With thousands of pack folders, reading each was half the walk. */
typedef struct OldLine {
    const char *text;         /* "PATH<tab>...\n" */
    size_t len, path_len;
} OldLine;

typedef struct OldWalk {
    OldLine *lines;
    size_t count;
} OldWalk;

static void old_walk_read(OldWalk *w, const char *text, size_t len)
{
    memset(w, 0, sizeof *w);
    size_t cap = 0;
    const char *p = text;
    Line line;
    while (next_line(&p, text + len, &line) && line.tab) {
        if (w->count == cap) {
            cap = cap ? cap * 2 : 1024;
            w->lines = xrealloc(w->lines, cap * sizeof *w->lines);
        }
        w->lines[w->count++] = (OldLine){.text = line.start, .len = (size_t)(line.end - line.start),
                                         .path_len = (size_t)(line.tab - line.start)};
    }
}

/* True when old line i is dir/NAME itself (not deeper); *name is NAME. */
static bool old_child(const OldWalk *w, size_t i, const char *dir, size_t dir_len, const char **name,
                      size_t *name_len)
{
    const OldLine *l = &w->lines[i];
    if (l->path_len <= dir_len + 1 || memcmp(l->text, dir, dir_len) || l->text[dir_len] != '/')
        return false;
    *name = l->text + dir_len + 1;
    *name_len = l->path_len - dir_len - 1;
    return memchr(*name, '/', *name_len) == NULL;
}

/* Whether old line i belongs under dir (dir/ANYTHING). */
static bool old_under(const OldWalk *w, size_t i, const char *dir, size_t dir_len)
{
    const OldLine *l = &w->lines[i];
    return l->path_len > dir_len + 1 && !memcmp(l->text, dir, dir_len) && l->text[dir_len] == '/';
}

#define NO_LINE ((size_t)-1)

/* Every folder and file under dir, in name order, as the loaders see
 * them (hidden names are not content).  old_at: the line for dir in the
 * last walk, or NO_LINE. */
static bool walk_sources(StrBuf *sb, const char *dir, const char *shown, const DirChain *up,
                         const OldWalk *old, size_t old_at)
{
    size_t line_at = sb->len;
    struct stat st;
    if (!stat_line(sb, shown, dir, true, &st))
        return false;
    /* A link back to a folder the walk is in is not followed: the loader
     * reports it, and the walk would never end. */
    DirChain here;
    bool loop;
    if (!S_ISDIR(st.st_mode) || !dir_chain_enter(&here, up, dir, &loop))
        return true;
    size_t shown_len = strlen(shown);
    bool same = old_at != NO_LINE && old->lines[old_at].len == sb->len - line_at &&
                !memcmp(old->lines[old_at].text, sb->data + line_at, sb->len - line_at);
    StrList names = {0};
    size_t *at = NULL;        /* per name: its line in the old walk, or NO_LINE */
    if (same) {
        /* Its names are the last walk's: its children are the lines that
         * follow it, each child's own lines after it. */
        size_t cap = 0;
        for (size_t i = old_at + 1; i < old->count && old_under(old, i, shown, shown_len); i++) {
            const char *name;
            size_t name_len;
            if (!old_child(old, i, shown, shown_len, &name, &name_len))
                continue;
            if (names.count == cap) {
                cap = cap ? cap * 2 : 8;
                at = xrealloc(at, cap * sizeof *at);
            }
            at[names.count] = i;
            sl_push_owned(&names, xstrndup(name, name_len));
        }
    } else {
        list_dir(dir, &names);
        at = xcalloc(names.count + 1, sizeof *at);
        /* Both lists are in name order: one pass pairs them up. */
        size_t i = old_at == NO_LINE ? old->count : old_at + 1;
        for (size_t k = 0; k < names.count; k++) {
            at[k] = NO_LINE;
            for (; i < old->count && old_under(old, i, shown, shown_len); i++) {
                const char *name;
                size_t name_len;
                if (!old_child(old, i, shown, shown_len, &name, &name_len))
                    continue;
                /* As strcmp orders them (list_dir's order): the old
                 * name has no NUL of its own. */
                int cmp = strncmp(name, names.items[k], name_len);
                if (cmp == 0)
                    cmp = names.items[k][name_len] == '\0' ? 0 : -1;
                if (cmp == 0) {
                    at[k] = i++;
                    break;
                }
                if (cmp > 0)
                    break;        /* the old walk's next name comes after this one */
            }
        }
    }
    bool ok = true;
    for (size_t i = 0; i < names.count && ok; i++) {
        char *path = path_join(dir, names.items[i]);
        char *child = path_join(shown, names.items[i]);
        ok = walk_sources(sb, path, child, &here, old, at[i]);
        free(child);
        free(path);
    }
    free(at);
    sl_free(&names);
    return ok;
}

/* The build cache's index: a stamp only stands beside the cache it was
 * written with, so a cache changed or removed by hand means a build. */
static void cache_now(StrBuf *sb, const char *out_dir)
{
    char *dir = cache_dir_for(out_dir);
    char *index = path_join(dir, "index");
    stat_line(sb, "index", index, true, NULL);
    free(index);
    free(dir);
}

/* The walk of consultations/ now.  was (len bytes, or NULL): the last
 * stamp's, whose unchanged folders are not read again. */
static bool sources_now(StrBuf *sb, const char *source_dir, const char *was, size_t len)
{
    OldWalk old;
    old_walk_read(&old, was ? was : "", was ? len : 0);
    char *dir = path_join(source_dir, "consultations");
    /* The first line is consultations/ itself. */
    size_t first = old.count && old.lines[0].path_len == strlen("consultations") &&
                   !memcmp(old.lines[0].text, "consultations", old.lines[0].path_len) ? 0 : NO_LINE;
    bool ok = walk_sources(sb, dir, "consultations", NULL, &old, first);
    free(dir);
    free(old.lines);
    return ok;
}

typedef struct OutputLines {
    StrBuf sb;
    bool ok;
} OutputLines;

static void add_output(void *data, const char *path, int64_t size, int64_t mtime_ns, uint64_t ino)
{
    OutputLines *o = data;
    if (strpbrk(path, "\t\n")) {
        o->ok = false;
        return;
    }
    sb_append(&o->sb, path);
    append_stat(&o->sb, size, mtime_ns, 0, ino);
}

/* The theme's files, copied into every build without the cache's records. */
static void add_assets(OutputLines *o, const char *out_dir, const char *rel, const DirChain *up)
{
    char *dir = path_join(out_dir, rel);
    StrList names = {0};
    DirChain here;
    bool loop;
    if (dir_chain_enter(&here, up, dir, &loop))
        list_dir(dir, &names);
    for (size_t i = 0; i < names.count && o->ok; i++) {
        char *path = path_join(dir, names.items[i]);
        char *shown = path_join(rel, names.items[i]);
        if (dir_exists(path))
            add_assets(o, out_dir, shown, &here);
        else
            o->ok = stat_line(&o->sb, shown, path, false, NULL);
        free(shown);
        free(path);
    }
    sl_free(&names);
    free(dir);
}

void stamp_remove(const char *out_dir)
{
    char *path = stamp_path(out_dir);
    unlink(path);
    free(path);
}

/* The walk as the stamp keeps it: a line whose stat is less than a
 * second older than the walk becomes "PATH<tab>?", which no stat
 * matches.  Such a file may change again within the same second and keep
 * its stat, so the next build looks at its pack whatever it finds. */
static void settled_lines(StrBuf *into, const char *walk, size_t len, time_t walked_at)
{
    int64_t fresh_ns = ((int64_t)walked_at - 1) * 1000000000;
    const char *p = walk;
    Line line;
    while (next_line(&p, walk + len, &line)) {
        /* SIZE MTIME CTIME INODE, or "-" for a path gone.  (Not sscanf:
         * it measures the whole rest of the walk for every line.) */
        char *stop = NULL;
        int64_t mtime = -1, ctime = -1;
        if (line.tab && line.tab[1] != '-') {
            strtoll(line.tab + 1, &stop, 10);
            mtime = strtoll(stop, &stop, 10);
            ctime = strtoll(stop, &stop, 10);
        }
        if (line.tab && (mtime >= fresh_ns || ctime >= fresh_ns)) {
            sb_append_len(into, line.start, (size_t)(line.tab - line.start));
            sb_append(into, "\t?\n");
        } else {
            sb_append_len(into, line.start, (size_t)(line.end - line.start));
        }
    }
}

void stamp_save(const char *out_dir, uint64_t inputs_key, const BuildCache *cache, const char *transcript,
                const BuildResult *result, size_t packs, const StampCheck *check)
{
    if (!check || !check->walked) {
        stamp_remove(out_dir);
        return;
    }
    /* The walk made before the build, not one made now: a file changed
     * while the build ran has a stat other than the one recorded, so the
     * next build sees the change. */
    StrBuf sources;
    sb_init(&sources);
    settled_lines(&sources, check->sources.data ? check->sources.data : "", check->sources.len, check->walked_at);
    OutputLines outputs = {.ok = true};
    sb_init(&outputs.sb);
    cache_each_output(cache, add_output, &outputs);
    static const char *const assets[] = {"css", "js", "pictures"};
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
        add_assets(&outputs, out_dir, assets[i], NULL);
    bool ok = outputs.ok;
    char *path = stamp_path(out_dir);
    if (ok) {
        /* Written piece by piece: at thousands of packs the stamp is tens
         * of megabytes, and a copy of it all at once would be the build's
         * peak memory. */
        StrBuf cache;
        sb_init(&cache);
        cache_now(&cache, out_dir);
        size_t said = transcript ? strlen(transcript) : 0;
        char *tmp = xasprintf("%s.new", path);
        FILE *f = fopen(tmp, "wb");
        bool written = f != NULL;
        if (f) {
            fprintf(f, STAMP_MAGIC "%" PRIu64 " %d %zu %zu %zu %zu\n", inputs_key, (int)diag_verbosity(),
                    result->pages_written, packs, result->warnings, result->notices);
            fprintf(f, "cache %zu\n", cache.len);
            written = fwrite(cache.data ? cache.data : "", 1, cache.len, f) == cache.len;
            fprintf(f, "sources %zu\n", sources.len);
            written = written && fwrite(sources.data ? sources.data : "", 1, sources.len, f) == sources.len;
            fprintf(f, "outputs %zu\n", outputs.sb.len);
            written = written && fwrite(outputs.sb.data ? outputs.sb.data : "", 1, outputs.sb.len, f) == outputs.sb.len;
            fprintf(f, "said %zu\n", said);
            written = written && fwrite(transcript ? transcript : "", 1, said, f) == said;
            written = !ferror(f) && fclose(f) == 0 && written;
        }
        if (!written || rename(tmp, path) != 0)
            unlink(tmp);
        free(tmp);
        sb_free(&cache);
    } else {
        /* Something changed as the build ran, or cannot be written down:
         * the next build looks at everything. */
        unlink(path);
    }
    free(path);
    sb_free(&sources);
    sb_free(&outputs.sb);
}

/* "NAME SIZE\n" at *p: the size of the block after it. */
static bool block(const char **p, const char *end, const char *name, const char **data, size_t *len)
{
    size_t n = strlen(name);
    if ((size_t)(end - *p) < n + 2 || strncmp(*p, name, n) || (*p)[n] != ' ')
        return false;
    char *stop;
    unsigned long long size = strtoull(*p + n + 1, &stop, 10);
    if (*stop != '\n' || size > (size_t)(end - stop - 1))
        return false;
    *data = stop + 1;
    *len = (size_t)size;
    *p = *data + *len;
    return true;
}

/* Every published file still has the stat recorded. */
static bool outputs_unchanged(const char *out_dir, const char *lines, size_t len)
{
    StrBuf now, path;
    sb_init(&now);
    sb_init(&path);
    sb_append(&path, out_dir);
    sb_append_char(&path, '/');
    size_t dir_len = path.len;
    bool same = true;
    const char *p = lines;
    Line line;
    while (same && next_line(&p, lines + len, &line)) {
        if (!line.tab) {
            same = false;
            break;
        }
        path.len = dir_len;
        sb_append_len(&path, line.start, (size_t)(line.tab - line.start));
        /* The line made from the file now, path and all, compared whole. */
        sb_clear(&now);
        stat_line(&now, path.data + dir_len, path.data, false, NULL);
        same = now.len == (size_t)(line.end - line.start) && !memcmp(now.data, line.start, now.len);
    }
    sb_free(&path);
    sb_free(&now);
    return same;
}

typedef struct OutputCheck {
    const char *out_dir, *lines;
    size_t len;
    bool same;
} OutputCheck;

static void *check_outputs(void *data)
{
    OutputCheck *c = data;
    c->same = outputs_unchanged(c->out_dir, c->lines, c->len);
    return NULL;
}

/* ---- which packs changed ---- */

/* The lines of one pack's folder in a walk, hashed together. */
typedef struct PackLines {
    const char *slug;         /* into the walk's text; slug_len bytes */
    size_t slug_len;
    uint64_t hash;
} PackLines;

/* Splits a walk of consultations/ into its first line (the folder
 * itself) and a PackLines per pack folder, in walk order (by name). */
static PackLines *pack_lines(const char *text, size_t len, const char **top, size_t *top_len, size_t *count)
{
    PackLines *packs = NULL;
    size_t n = 0, cap = 0;
    *top = NULL;
    *top_len = 0;
    static const char prefix[] = "consultations/";
    const char *p = text;
    Line line;
    while (next_line(&p, text + len, &line)) {
        size_t line_len = (size_t)(line.end - line.start);
        if (line_len > sizeof prefix - 1 && !memcmp(line.start, prefix, sizeof prefix - 1)) {
            const char *slug = line.start + sizeof prefix - 1;
            size_t slug_len = strcspn(slug, "/\t\n");
            if (!n || packs[n - 1].slug_len != slug_len || memcmp(packs[n - 1].slug, slug, slug_len)) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 256;
                    packs = xrealloc(packs, cap * sizeof *packs);
                }
                packs[n++] = (PackLines){.slug = slug, .slug_len = slug_len, .hash = HASH_SEED};
            }
            packs[n - 1].hash = hash_bytes(packs[n - 1].hash, line.start, line_len);
        } else if (!*top) {
            *top = line.start;
            *top_len = line_len;
        }
    }
    *count = n;
    return packs;
}

static int compare_slugs(const PackLines *a, const PackLines *b)
{
    size_t n = a->slug_len < b->slug_len ? a->slug_len : b->slug_len;
    int cmp = memcmp(a->slug, b->slug, n);
    return cmp ? cmp : (a->slug_len > b->slug_len) - (a->slug_len < b->slug_len);
}

/* Compares the recorded walk with the one now.  The packs are known when
 * consultations/ itself is unchanged: a folder added, removed or renamed
 * in it changes its stat.  Then every pack whose lines differ changed. */
static void find_changed_packs(const char *was, size_t was_len, const char *now, size_t now_len, Changes *into)
{
    const char *top_was, *top_now;
    size_t top_was_len, top_now_len, n_was, n_now;
    PackLines *a = pack_lines(was, was_len, &top_was, &top_was_len, &n_was);
    PackLines *b = pack_lines(now, now_len, &top_now, &top_now_len, &n_now);
    bool known = top_was && top_now && top_was_len == top_now_len && !memcmp(top_was, top_now, top_now_len);
    size_t i = 0, k = 0;
    while (known && (i < n_was || k < n_now)) {
        int cmp = i == n_was ? 1 : k == n_now ? -1 : compare_slugs(&a[i], &b[k]);
        if (cmp != 0) {
            known = false;    /* a pack came or went with the folder's stat the same */
        } else {
            if (a[i].hash != b[k].hash)
                sl_push_owned(&into->changed, xstrndup(b[k].slug, b[k].slug_len));
            i++;
            k++;
        }
    }
    into->packs_known = known;
    if (!known)
        sl_free(&into->changed);
    sl_sort(&into->changed);   /* walk order is name order already; sorted to be sure */
    free(a);
    free(b);
}

bool stamp_up_to_date(const char *out_dir, const char *source_dir, uint64_t inputs_key, bool may_skip,
                      BuildResult *result, size_t *packs_out, StampCheck *check)
{
    StampCheck local;
    if (!check)
        check = &local;
    memset(check, 0, sizeof *check);
    sb_init(&check->sources);
    char *path = stamp_path(out_dir);
    size_t len = 0;
    char *text = read_file(path, &len);
    free(path);
    const char *p = text ? text : "", *end = p + (text ? len : 0);
    bool parsed = text && len > strlen(STAMP_MAGIC) && !strncmp(text, STAMP_MAGIC, strlen(STAMP_MAGIC));
    uint64_t key = 0;
    int verbosity = -1;
    size_t pages = 0, packs = 0, warnings = 0, notices = 0;
    if (parsed) {
        p += strlen(STAMP_MAGIC);
        int used = 0;
        parsed = sscanf(p, "%" SCNu64 " %d %zu %zu %zu %zu\n%n", &key, &verbosity, &pages, &packs, &warnings,
                        &notices, &used) == 6 && used > 0;
        p += used;
    }
    const char *cache = NULL, *sources = NULL, *outputs = NULL, *said = NULL;
    size_t cache_len = 0, sources_len = 0, outputs_len = 0, said_len = 0;
    parsed = parsed && block(&p, end, "cache", &cache, &cache_len) &&
             block(&p, end, "sources", &sources, &sources_len) && block(&p, end, "outputs", &outputs, &outputs_len) &&
             block(&p, end, "said", &said, &said_len) && p == end;
    /* Published pages are only reused with the inputs they were made
     * from: with other inputs, whether they are as left does not matter. */
    bool cache_same = false;
    if (parsed && key == inputs_key) {
        StrBuf now;
        sb_init(&now);
        cache_now(&now, out_dir);
        cache_same = now.len == cache_len && !memcmp(now.data, cache, cache_len);
        sb_free(&now);
    }
    /* The published files on a thread of their own while the sources
     * are walked here: tens of thousands of stats each. */
    OutputCheck outputs_check = {.out_dir = out_dir, .lines = outputs, .len = outputs_len};
    pthread_t thread;
    bool threaded = false;
    if (cache_same) {
        threaded = pthread_create(&thread, NULL, check_outputs, &outputs_check) == 0;
        if (!threaded)
            check_outputs(&outputs_check);
    }
    /* Walked with or without a stamp: the next stamp is made from it. */
    check->walked_at = time(NULL);
    check->walked = sources_now(&check->sources, source_dir, parsed ? sources : NULL, sources_len);
    if (threaded)
        pthread_join(thread, NULL);
    bool outputs_same = cache_same && outputs_check.same;
    bool sources_same = check->walked && parsed && check->sources.len == sources_len &&
                        !memcmp(check->sources.data, sources, sources_len);
    /* What the last build said depends on --quiet and --verbose too. */
    bool up_to_date = may_skip && outputs_same && sources_same && verbosity == (int)diag_verbosity();
    if (up_to_date) {
        diag_write(said, said_len);
        diag_verbose("sayso: nothing changed since the last build: %s is up to date", out_dir);
        *result = (BuildResult){.exit_status = 0, .pages_written = pages, .pages_reused = pages,
                                .warnings = warnings, .notices = notices};
        *packs_out = packs;
    } else if (parsed && check->walked) {
        check->changes.outputs_as_left = outputs_same;
        find_changed_packs(sources, sources_len, check->sources.data ? check->sources.data : "",
                           check->sources.len, &check->changes);
    }
    if (check == &local)
        stamp_check_free(&local);
    free(text);
    return up_to_date;
}

void stamp_check_free(StampCheck *check)
{
    changes_free(&check->changes);
    sb_free(&check->sources);
    check->walked = false;
}
