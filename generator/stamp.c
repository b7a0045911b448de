/* stamp.c: is the published site already what this build would make?
 * (stamp.h)
 *
 * PARENT/.sayso-cache/NAME/stamp is text:
 *
 *   sayso-stamp 1
 *   KEY VERBOSITY PAGES PACKS WARNINGS
 *   cache BYTES        then a line for the build cache's index (cache.c)
 *   sources BYTES      then a line per folder and file under consultations/
 *   outputs BYTES      then a line per published file
 *   said BYTES         then what the build wrote to stderr
 *
 * Each source or output line is "PATH<tab>SIZE MTIME CTIME INODE", so the
 * check makes the same lines from the files as they are now and compares
 * text with text.  A name with a tab or a newline in it gets no stamp.
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

#define STAMP_MAGIC "sayso-stamp 2\n"

static char *stamp_path(const char *out_dir)
{
    char *dir = cache_dir_for(out_dir);
    char *path = path_join(dir, "stamp");
    free(dir);
    return path;
}

/* One line: the path and its stat, or "-" for a path that is gone. */
static bool stat_line(StrBuf *sb, const char *shown, const char *path, bool with_ctime, time_t *newest)
{
    if (strpbrk(shown, "\t\n"))
        return false;
    struct stat st;
    sb_append(sb, shown);
    if (stat(path, &st) != 0) {
        sb_append(sb, "\t-\n");
        return true;
    }
    sb_printf(sb, "\t%" PRId64 " %" PRId64 " %" PRId64 " %" PRIu64 "\n", (int64_t)st.st_size,
              timespec_ns(st.st_mtim), with_ctime ? timespec_ns(st.st_ctim) : 0, (uint64_t)st.st_ino);
    if (newest) {
        if (st.st_mtim.tv_sec > *newest)
            *newest = st.st_mtim.tv_sec;
        if (with_ctime && st.st_ctim.tv_sec > *newest)
            *newest = st.st_ctim.tv_sec;
    }
    return true;
}

/* Every folder and file under dir, in name order, as the loaders see
 * them (hidden names are not content). */
static bool walk_sources(StrBuf *sb, const char *dir, const char *shown, time_t *newest, int depth)
{
    if (!stat_line(sb, shown, dir, true, newest))
        return false;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || depth > 8)
        return true;
    StrList names = {0};
    list_dir(dir, &names);
    bool ok = true;
    for (size_t i = 0; i < names.count && ok; i++) {
        char *path = path_join(dir, names.items[i]);
        char *child = path_join(shown, names.items[i]);
        ok = walk_sources(sb, path, child, newest, depth + 1);
        free(child);
        free(path);
    }
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

static bool sources_now(StrBuf *sb, const char *source_dir, time_t *newest)
{
    char *dir = path_join(source_dir, "consultations");
    bool ok = walk_sources(sb, dir, "consultations", newest, 0);
    free(dir);
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
    sb_printf(&o->sb, "%s\t%" PRId64 " %" PRId64 " 0 %" PRIu64 "\n", path, size, mtime_ns, ino);
}

/* The theme's files, copied into every build without the cache's records. */
static void add_assets(OutputLines *o, const char *out_dir, const char *rel)
{
    char *dir = path_join(out_dir, rel);
    StrList names = {0};
    list_dir(dir, &names);
    for (size_t i = 0; i < names.count && o->ok; i++) {
        char *path = path_join(dir, names.items[i]);
        char *shown = path_join(rel, names.items[i]);
        if (dir_exists(path))
            add_assets(o, out_dir, shown);
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

void stamp_save(const char *out_dir, const char *source_dir, uint64_t inputs_key, const BuildCache *cache,
                const char *transcript, const BuildResult *result, size_t packs)
{
    time_t started = time(NULL), newest = 0;
    StrBuf sources;
    sb_init(&sources);
    OutputLines outputs = {.ok = true};
    sb_init(&outputs.sb);
    bool ok = sources_now(&sources, source_dir, &newest) && newest < started - 1;
    if (ok) {
        cache_each_output(cache, add_output, &outputs);
        static const char *const assets[] = {"css", "js", "pictures"};
        for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
            add_assets(&outputs, out_dir, assets[i]);
        ok = outputs.ok;
    }
    char *path = stamp_path(out_dir);
    if (ok) {
        StrBuf sb;
        sb_init(&sb);
        sb_printf(&sb, STAMP_MAGIC "%" PRIu64 " %d %zu %zu %zu\n", inputs_key, (int)diag_verbosity(),
                  result->pages_written, packs, result->warnings);
        StrBuf cache;
        sb_init(&cache);
        cache_now(&cache, out_dir);
        sb_printf(&sb, "cache %zu\n", cache.len);
        sb_append_len(&sb, cache.data, cache.len);
        sb_free(&cache);
        sb_printf(&sb, "sources %zu\n", sources.len);
        sb_append_len(&sb, sources.data ? sources.data : "", sources.len);
        sb_printf(&sb, "outputs %zu\n", outputs.sb.len);
        sb_append_len(&sb, outputs.sb.data ? outputs.sb.data : "", outputs.sb.len);
        size_t said = transcript ? strlen(transcript) : 0;
        sb_printf(&sb, "said %zu\n", said);
        sb_append_len(&sb, transcript ? transcript : "", said);
        char *tmp = xasprintf("%s.new", path);
        if (!write_file(tmp, sb.data, sb.len) || rename(tmp, path) != 0)
            unlink(tmp);
        free(tmp);
        sb_free(&sb);
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
    StrBuf now;
    sb_init(&now);
    bool same = true;
    for (const char *p = lines, *end = lines + len; p < end && same;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *tab = nl ? memchr(p, '\t', (size_t)(nl - p)) : NULL;
        if (!tab) {
            same = false;
            break;
        }
        char *rel = xstrndup(p, (size_t)(tab - p));
        char *path = path_join(out_dir, rel);
        sb_clear(&now);
        stat_line(&now, rel, path, false, NULL);
        same = now.len == (size_t)(nl + 1 - p) && !memcmp(now.data, p, now.len);
        free(path);
        free(rel);
        p = nl + 1;
    }
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

bool stamp_up_to_date(const char *out_dir, const char *source_dir, uint64_t inputs_key, BuildResult *result,
                      size_t *packs_out)
{
    char *path = stamp_path(out_dir);
    size_t len;
    char *text = read_file(path, &len);
    free(path);
    if (!text)
        return false;
    const char *p = text, *end = text + len;
    bool ok = len > strlen(STAMP_MAGIC) && !strncmp(text, STAMP_MAGIC, strlen(STAMP_MAGIC));
    uint64_t key = 0;
    int verbosity = -1;
    size_t pages = 0, packs = 0, warnings = 0;
    if (ok) {
        p += strlen(STAMP_MAGIC);
        int used = 0;
        ok = sscanf(p, "%" SCNu64 " %d %zu %zu %zu\n%n", &key, &verbosity, &pages, &packs, &warnings, &used) == 5 &&
             used > 0;
        p += used;
    }
    /* What the last build said depends on --quiet and --verbose too. */
    ok = ok && key == inputs_key && verbosity == (int)diag_verbosity();
    const char *cache, *sources, *outputs, *said;
    size_t cache_len, sources_len, outputs_len, said_len;
    ok = ok && block(&p, end, "cache", &cache, &cache_len) && block(&p, end, "sources", &sources, &sources_len) &&
         block(&p, end, "outputs", &outputs, &outputs_len) && block(&p, end, "said", &said, &said_len) && p == end;
    if (ok) {
        StrBuf now;
        sb_init(&now);
        cache_now(&now, out_dir);
        ok = now.len == cache_len && !memcmp(now.data, cache, cache_len);
        sb_free(&now);
    }
    if (ok) {
        /* The published files on a thread of their own while the sources
         * are walked here: tens of thousands of stats each. */
        OutputCheck check = {.out_dir = out_dir, .lines = outputs, .len = outputs_len};
        pthread_t thread;
        bool threaded = pthread_create(&thread, NULL, check_outputs, &check) == 0;
        if (!threaded)
            check_outputs(&check);
        StrBuf now;
        sb_init(&now);
        time_t newest = 0;
        ok = sources_now(&now, source_dir, &newest) && now.len == sources_len &&
             !memcmp(now.data, sources, sources_len);
        sb_free(&now);
        if (threaded)
            pthread_join(thread, NULL);
        ok = ok && check.same;
    }
    if (ok) {
        diag_write(said, said_len);
        diag_verbose("sayso: nothing changed since the last build: %s is up to date", out_dir);
        *result = (BuildResult){.exit_status = 0, .pages_written = pages, .pages_reused = pages,
                                .warnings = warnings};
        *packs_out = packs;
    }
    free(text);
    return ok;
}
