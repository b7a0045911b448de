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

static void page_stub_fields(BinCodec *c, ReportPage *p, uint64_t *key)
{
    BIN_STR(c, p->path);
    BIN_STR(c, p->title);
    BIN_U64(c, p->kind);
    BIN_U64(c, p->format);
    BIN_STR(c, p->pack_slug);
    BIN_STR(c, p->source_path);
    BIN_BOOL(c, p->has_scores);
    BIN_DOUBLE(c, p->reading_age);
    BIN_DOUBLE(c, p->flesch_ease);
    BIN_DOUBLE(c, p->fk_grade);
    BIN_U64(c, p->words);
    for (int level = LEVEL_NOTICE; level <= LEVEL_ERROR; level++)
        BIN_U64(c, p->counts[level]);
    BIN_U64(c, *key);
    BIN_STR(c, p->opening);
    BIN_REQUIRE(c, p->path && p->format < FORMAT_COUNT);
}

static ReportPage *new_page_stub(void)
{
    ReportPage *p = xcalloc(1, sizeof *p);
    findings_init(&p->findings, NULL);
    p->unloaded = true;
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

static void source_fields(BinCodec *c, SourceStat *s)
{
    BIN_STR(c, s->name);
    BIN_I64(c, s->size);
    BIN_I64(c, s->mtime_ns);
    BIN_I64(c, s->ctime_ns);
    BIN_U64(c, s->ino);
    BIN_U64(c, s->hash);
    BIN_BOOL(c, s->trusted);
    BIN_REQUIRE(c, s->name);
}

static void output_fields(BinCodec *c, OutputStat *o)
{
    BIN_STR(c, o->path);
    BIN_I64(c, o->size);
    BIN_I64(c, o->mtime_ns);
    BIN_U64(c, o->ino);
    BIN_REQUIRE(c, o->path && output_path_safe(o->path));
}

/* A record as written, or read back into one zeroed: the stubs a reader
 * makes are the pages a writer was given (page_refs, page_keys).  Read
 * back, its arrays hold as many items as the index says, those after a
 * failure zeroed (record_free frees them). */
static void record_fields(BinCodec *c, PackRecord *rec)
{
    BIN_STR(c, rec->slug);
    BIN_U64(c, rec->key);
    size_t sources = bin_count(c, rec->source_count, 8);
    if (c->in) {
        rec->sources = xcalloc(sources + 1, sizeof *rec->sources);
        rec->source_count = sources;
    }
    for (size_t i = 0; i < sources && !bin_failed(c); i++)
        source_fields(c, &rec->sources[i]);
    size_t outputs = bin_count(c, rec->output_count, 8);
    if (c->in) {
        rec->outputs = xcalloc(outputs + 1, sizeof *rec->outputs);
        rec->output_cap = outputs + 1;
        rec->output_count = outputs;
    }
    for (size_t i = 0; i < outputs && !bin_failed(c); i++)
        output_fields(c, &rec->outputs[i]);
    if (c->in)
        diag_list_get(c->in, &rec->warnings);
    else
        diag_list_put(c->out, &rec->warnings);
    size_t pages = bin_count(c, rec->ref_count, 8);
    if (c->in) {
        rec->stubs = xcalloc(pages + 1, sizeof *rec->stubs);
        rec->stub_keys = xcalloc(pages + 1, sizeof *rec->stub_keys);
    }
    for (size_t i = 0; i < pages && !bin_failed(c); i++) {
        if (c->in) {
            rec->stubs[rec->stub_count++] = new_page_stub();
            page_stub_fields(c, rec->stubs[i], &rec->stub_keys[i]);
        } else {
            page_stub_fields(c, rec->page_refs[i], &rec->page_keys[i]);
        }
    }
    BIN_BOOL(c, rec->kept_has_it);
    BIN_REQUIRE(c, rec->slug);
}

static void put_record(StrBuf *sb, const PackRecord *r)
{
    /* Writing only reads the record. */
    record_fields(&(BinCodec){.out = sb}, (PackRecord *)r);
}

static bool get_record(Reader *r, PackRecord *rec)
{
    memset(rec, 0, sizeof *rec);
    record_fields(&(BinCodec){.in = r}, rec);
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
