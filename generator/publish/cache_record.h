/* cache_record.h: the build cache's index, record by record.
 *
 * A record is a pack, or a group of site-wide pages, as a build made it:
 * its key; the stat and hash of each of its files (the fast path); the
 * files its pages were published as, with their stat; its warnings; and
 * its report pages without their findings (cache_findings.h keeps those)
 * and with what the review report shows of each (its page key).
 * The index is binary, in this machine's byte order, strings prefixed by
 * their length (binio.h), so messages may hold any byte.  An index that
 * does not parse, or was written by another format version, is ignored
 * whole.
 */
#ifndef SAYSO_CACHE_RECORD_H
#define SAYSO_CACHE_RECORD_H

#include "diag.h"
#include "report.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>

#define INDEX_FILE    "index"

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
    DiagList warnings;        /* what building it said */
    Diag recording;           /* while it is built (cache_pack_begin) */
    /* Read back: the pages as the index has them, findings unloaded;
     * handed to the report (and set to NULL here) when reused. */
    ReportPage **stubs;
    uint64_t *stub_keys;      /* each stub's page key (cache.c: page_key) */
    size_t stub_count;
    /* This build's: its report pages, owned by the report, and their
     * keys (0: not worked out yet). */
    ReportPage **page_refs;
    uint64_t *page_keys;
    size_t ref_count, ref_cap;
    bool complete;            /* built (or reused) in this build */
    bool reused;              /* reused: its findings file is the last build's */
    bool stats_changed;       /* a file was hashed again */
    /* The site kept for the next build (output_recycle) holds this
     * record's files as published, hard links to the same files: true of
     * a record reused, whose files were linked from the site it replaced,
     * and of every record when the kept site is a copy of the new one. */
    bool kept_has_it;
    bool findings_saved;      /* its findings file was written as it was built */
} PackRecord;

void record_free(PackRecord *r);

/* The index the last build wrote into cache_dir, its records sorted by
 * slug; false when there is none that reads whole. */
bool read_index(const char *cache_dir, PackRecord **old, size_t *old_count);
/* Writes the index of the complete records (of count); false with errno. */
bool write_index(const char *cache_dir, const PackRecord *records, size_t count);

#endif
