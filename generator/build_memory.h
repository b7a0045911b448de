/* build_memory.h: what `sayso serve` keeps in memory from one build to
 * the next, so a rebuild after one pack changed reads only that pack.
 *
 * The search index needs the words of every pack's Markdown: reading and
 * splitting them for thousands of packs was most of a rebuild.  The
 * memory keeps each pack's words (search_index.h: SearchPackWords) from
 * the build that read them.  It is only trusted as far as the build's
 * known changes (build.h: BuildOptions.known_changes) vouch for: at the
 * start of each build, the packs that changed are forgotten, and
 * without such a list (the build looks at every file) all of it is.
 * Each pack's words are also kept with its cache key, and given back
 * only for the same key, which is what `sayso build` goes by.
 */
#ifndef SAYSO_BUILD_MEMORY_H
#define SAYSO_BUILD_MEMORY_H

#include "changes.h"
#include "search_index.h"

#include <stdint.h>

typedef struct BuildMemory BuildMemory;

BuildMemory *build_memory_new(void);
void build_memory_free(BuildMemory *m);

/* At the start of a build: forgets the packs KNOWN says changed, or
 * everything when KNOWN is NULL or does not know the packs. */
void build_memory_forget(BuildMemory *m, const Changes *known);

/* The words kept for the pack SLUG in LANG (NULL: the source language;
 * a translation's search index has its own), or NULL; only when they
 * were read with the pack's cache key KEY (cache.h: cache_pack_key),
 * which covers every file they come from. */
const SearchPackWords *build_memory_search_words(BuildMemory *m, const char *slug, const char *lang, uint64_t key);
/* Keeps WORDS (taken) for the pack SLUG in LANG, in place of any kept. */
void build_memory_keep_search_words(BuildMemory *m, const char *slug, const char *lang, uint64_t key,
                                    SearchPackWords *words);

/* A page's entry of report.json (report.h: json_find), kept with the
 * key of the pack or group that made the page (cache.h: cache_page_key)
 * and given back only for the same key; *len bytes, not NUL-ended. */
const char *build_memory_report_entry(const BuildMemory *m, const char *path, uint64_t key, size_t *len);
void build_memory_keep_report_entry(BuildMemory *m, const char *path, uint64_t key, const char *json, size_t len);

/* `sayso build` runs once, so it keeps the words in the build cache's
 * folder instead, trusted by their keys alone: load reads the file at
 * PATH (missing or unreadable: an empty memory); save writes the words
 * looked up or kept since, when any changed. */
BuildMemory *build_memory_load(const char *path);
bool build_memory_save(BuildMemory *m, const char *path);

#endif
