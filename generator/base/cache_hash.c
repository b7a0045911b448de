/* cache_hash.c: what the caches' keys are made of (cache_hash.h). */
#include "cache_hash.h"
#include "paths.h"
#include "util.h"
#include "version.h"

#include <pthread.h>
#include <stdlib.h>

uint64_t hash_opt(uint64_t h, const char *s)
{
    return s ? hash_str(hash_str(h, "\x01"), s) : hash_str(h, "\x02");
}

uint64_t hash_int(uint64_t h, int64_t v)
{
    return hash_bytes(h, &v, sizeof v);
}

uint64_t hash_file(uint64_t h, const char *path)
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
uint64_t hash_tree(uint64_t h, const char *dir, const DirChain *up)
{
    StrList names = {0};
    DirChain here;
    bool loop;
    /* A link back to a folder the walk is in: the loader reports it. */
    if (!dir_chain_enter(&here, up, dir, &loop))
        return hash_str(h, loop ? "\x01loop" : "\x01none");
    if (!list_dir(dir, &names))
        return hash_str(h, "\x01none");
    for (size_t i = 0; i < names.count; i++) {
        char *p = path_join(dir, names.items[i]);
        h = hash_str(h, names.items[i]);
        h = dir_exists(p) ? hash_tree(h, p, &here) : hash_file(h, p);
        free(p);
    }
    sl_free(&names);
    return h;
}

/* sayso itself: its version, and its executable, so a rebuilt sayso with
 * the same version number never serves what the old one made. */
/* Worked out once per process: the up-to-date check, the front-matter
 * cache and the build cache all need it, and it reads the whole
 * executable.  Once is also right: it is the program running that made
 * the pages, whatever has replaced its file on disk since. */
static uint64_t sayso_hash;
static pthread_once_t sayso_hash_once = PTHREAD_ONCE_INIT;

static void hash_sayso_once(void)
{
    sayso_hash = hash_file(hash_str(HASH_SEED, "sayso " SAYSO_VERSION), "/proc/self/exe");
}

uint64_t cache_sayso_key(void)
{
    pthread_once(&sayso_hash_once, hash_sayso_once);
    return sayso_hash;
}

uint64_t hash_list(uint64_t h, const StrList *l)
{
    h = hash_int(h, (int64_t)l->count);
    for (size_t i = 0; i < l->count; i++)
        h = hash_opt(h, l->items[i]);
    return h;
}
