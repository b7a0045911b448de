/* cache_findings.h: the findings of the build cache's records.
 *
 * CACHE_DIR/findings/ holds the findings of each record's pages, one file
 * per record and key, read only when something needs them.  A findings
 * file is named by its record and key, never rewritten: a build that dies
 * while saving leaves the old index with its old files.
 */
#ifndef SAYSO_CACHE_FINDINGS_H
#define SAYSO_CACHE_FINDINGS_H

#include "cache_record.h"
#include "findings.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define FINDINGS_DIR  "findings"

/* Rules named by findings read back from the cache.  The checks' own Rule
 * structs are static and private to each check, so findings read back
 * point at copies kept here for the cache's lifetime. */
typedef struct RuleCopy {
    Rule rule;
    char *strings[5];
} RuleCopy;

typedef struct RuleCopies {
    pthread_mutex_t lock;
    RuleCopy **items;
    size_t count;
} RuleCopies;

void rule_copies_init(RuleCopies *c);
void rule_copies_free(RuleCopies *c);

/* findings/NAME for a record's slug and key, and its whole path. */
char *findings_name(const char *slug, uint64_t key);
char *findings_path(const char *cache_dir, const char *slug, uint64_t key);

/* Reads back the findings of every unloaded page of rec; true when page's were among them. */
bool load_findings(const char *cache_dir, RuleCopies *rules, const PackRecord *rec, const ReportPage *page);
/* Writes findings/NAME for a record built in this build. */
bool save_findings(const char *cache_dir, const PackRecord *r);

#endif
