/* cache_record.c: the build cache's index, record by record (cache_record.h). */
#include "cache_record.h"
#include "binio.h"
#include "output.h"
#include "paths.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAGIC   "sayso-cache 4\n"
#define OLD_CACHE_FILE "packs"      /* format 1, one text file: removed when seen */

/* ---- report pages: in the index without findings, findings apart ---- */

static void put_page_stub(StrBuf *sb, const ReportPage *p, uint64_t key)
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
    for (int level = LEVEL_NOTICE; level <= LEVEL_ERROR; level++)
        put_u64(sb, p->counts[level]);
    put_u64(sb, key);
    put_str(sb, p->opening);
}

static ReportPage *get_page_stub(Reader *r, uint64_t *key)
{
    ReportPage *p = xcalloc(1, sizeof *p);
    findings_init(&p->findings, NULL);
    p->unloaded = true;
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
    for (int level = LEVEL_NOTICE; level <= LEVEL_ERROR; level++)
        p->counts[level] = (size_t)get_u64(r);
    *key = get_u64(r);
    p->opening = get_str(r);
    if (!p->path || p->format >= FORMAT_COUNT)
        r->failed = true;
    return p;
}

/* ---- records ---- */

void record_free(PackRecord *r)
{
    free(r->slug);
    for (size_t i = 0; i < r->source_count; i++)
        free(r->sources[i].name);
    free(r->sources);
    for (size_t i = 0; i < r->output_count; i++)
        free(r->outputs[i].path);
    free(r->outputs);
    for (size_t i = 0; i < r->stub_count; i++)
        report_page_free(r->stubs[i]);
    free(r->stubs);
    free(r->stub_keys);
    free(r->page_refs);
    free(r->page_keys);
    diag_list_free(&r->warnings);
    memset(r, 0, sizeof *r);
}

static void put_record(StrBuf *sb, const PackRecord *r)
{
    put_str(sb, r->slug);
    put_u64(sb, r->key);
    put_u64(sb, r->source_count);
    for (size_t i = 0; i < r->source_count; i++) {
        const SourceStat *s = &r->sources[i];
        put_str(sb, s->name);
        put_i64(sb, s->size);
        put_i64(sb, s->mtime_ns);
        put_i64(sb, s->ctime_ns);
        put_u64(sb, s->ino);
        put_u64(sb, s->hash);
        put_u64(sb, s->trusted);
    }
    put_u64(sb, r->output_count);
    for (size_t i = 0; i < r->output_count; i++) {
        const OutputStat *o = &r->outputs[i];
        put_str(sb, o->path);
        put_i64(sb, o->size);
        put_i64(sb, o->mtime_ns);
        put_u64(sb, o->ino);
    }
    diag_list_put(sb, &r->warnings);
    put_u64(sb, r->ref_count);
    for (size_t i = 0; i < r->ref_count; i++)
        put_page_stub(sb, r->page_refs[i], r->page_keys[i]);
    put_u64(sb, r->kept_has_it);
}

static bool get_record(Reader *r, PackRecord *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->slug = get_str(r);
    rec->key = get_u64(r);
    size_t sources = get_count(r, 8);
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
        if (!s->name)
            r->failed = true;
    }
    size_t outputs = get_count(r, 8);
    rec->outputs = xcalloc(outputs + 1, sizeof *rec->outputs);
    rec->output_cap = outputs + 1;
    for (size_t i = 0; i < outputs && !r->failed; i++) {
        OutputStat *o = &rec->outputs[rec->output_count++];
        o->path = get_str(r);
        o->size = get_i64(r);
        o->mtime_ns = get_i64(r);
        o->ino = get_u64(r);
        if (!o->path || !output_path_safe(o->path))
            r->failed = true;
    }
    diag_list_get(r, &rec->warnings);
    size_t pages = get_count(r, 8);
    rec->stubs = xcalloc(pages + 1, sizeof *rec->stubs);
    rec->stub_keys = xcalloc(pages + 1, sizeof *rec->stub_keys);
    for (size_t i = 0; i < pages && !r->failed; i++, rec->stub_count++)
        rec->stubs[i] = get_page_stub(r, &rec->stub_keys[i]);
    rec->kept_has_it = get_u64(r) != 0;
    if (!rec->slug)
        r->failed = true;
    return !r->failed;
}

static int compare_records(const void *a, const void *b)
{
    return strcmp(((const PackRecord *)a)->slug, ((const PackRecord *)b)->slug);
}

/* The index the last build wrote, its records sorted by slug; false
 * when there is none that reads whole. */
bool read_index(const char *cache_dir, PackRecord **old, size_t *old_count)
{
    char *old_file = path_join(cache_dir, OLD_CACHE_FILE);
    unlink(old_file);          /* the first format's file: never read again */
    free(old_file);
    char *path = path_join(cache_dir, INDEX_FILE);
    size_t len;
    char *data = read_file(path, &len);
    free(path);
    if (!data)
        return false;
    size_t head = strlen(CACHE_MAGIC);
    if (len < head || memcmp(data, CACHE_MAGIC, head) != 0) {
        free(data);
        return false;
    }
    Reader r = {.p = data + head, .end = data + len};
    size_t count = get_count(&r, 16);
    PackRecord *records = xcalloc(count + 1, sizeof *records);
    size_t n = 0;
    while (n < count && !r.failed) {
        bool ok = get_record(&r, &records[n]);
        n++;
        if (!ok)
            break;
    }
    if (r.failed || r.p != r.end) {
        /* Half a cache is no cache: build everything. */
        for (size_t i = 0; i < n; i++)
            record_free(&records[i]);
        free(records);
        free(data);
        return false;
    }
    qsort(records, n, sizeof *records, compare_records);
    *old = records;
    *old_count = n;
    free(data);
    return true;
}

/* The index naming the complete records. */
bool write_index(const char *cache_dir, const PackRecord *records, size_t count)
{
    size_t complete = 0;
    for (size_t i = 0; i < count; i++)
        complete += records[i].complete;
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, CACHE_MAGIC);
    put_u64(&sb, complete);
    for (size_t i = 0; i < count; i++) {
        const PackRecord *r = &records[i];
        if (!r->complete)
            continue;
        put_record(&sb, r);    /* page keys: worked out in cache_pack_end(), or read back */
    }
    char *path = path_join(cache_dir, INDEX_FILE);
    char *tmp = xasprintf("%s.new", path);
    bool ok = write_file(tmp, sb.data, sb.len) && rename(tmp, path) == 0;
    if (!ok) {
        int saved_errno = errno;
        unlink(tmp);
        errno = saved_errno;
    }
    free(tmp);
    free(path);
    sb_free(&sb);
    return ok;
}
