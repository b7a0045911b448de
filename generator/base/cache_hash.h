/* cache_hash.h: what the caches' keys are made of.
 *
 * The build cache (cache.h), the front-matter cache (front_cache.h) and
 * the up-to-date stamp key what they keep by hashes of its inputs:
 * files and folders by their bytes, and sayso itself.  Below all three,
 * so none calls up into another.
 */
#ifndef SAYSO_CACHE_HASH_H
#define SAYSO_CACHE_HASH_H

#include "paths.h"
#include "util.h"

#include <stdint.h>

/* A string that may be NULL, and a number. */
uint64_t hash_opt(uint64_t h, const char *s);
uint64_t hash_int(uint64_t h, int64_t v);
uint64_t hash_list(uint64_t h, const StrList *l);

/* A file's bytes (a missing one hashes as missing), and every file in
 * dir and below, names and bytes, in a stable order. */
uint64_t hash_file(uint64_t h, const char *path);
uint64_t hash_tree(uint64_t h, const char *dir, const DirChain *up);

/* sayso itself: its version and the hash of its executable. */
uint64_t cache_sayso_key(void);

#endif
