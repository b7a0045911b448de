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

/* Every field of a pack's front matter as loaded (and as hooks left it).
 * The hub and its lists show only these, never a pack's body, so editing
 * a pack's text does not rebuild the hub.  A field added to PackMeta must
 * be added here. */
uint64_t hash_meta(uint64_t h, const PackMeta *p)
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
        h = hash_opt(h, p->respond.events[i].time);
        h = hash_opt(h, p->respond.events[i].booking);
    }
    h = hash_opt(h, p->contact.name);
    h = hash_opt(h, p->contact.email);
    h = hash_opt(h, p->contact.phone);
    h = hash_opt(h, p->contact.address);
    h = hash_int(h, p->decision.date);
    h = hash_opt(h, p->decision.summary);
    int64_t shown[] = {p->results_interim, p->title_line, p->summary_line, p->closes_line};
    h = hash_bytes(h, shown, sizeof shown);
    int64_t flags[] = {p->has_easy_read, p->has_feedback, p->status, p->feedback_due, p->feedback_overdue};
    h = hash_bytes(h, flags, sizeof flags);
    /* The hubs in other languages list the translations' titles. */
    h = hash_int(h, (int64_t)p->translation_count);
    for (size_t i = 0; i < p->translation_count; i++) {
        const Translation *t = &p->translations[i];
        h = hash_opt(h, t->lang);
        h = hash_opt(h, t->title);
        h = hash_opt(h, t->summary);
        int64_t tflags[] = {t->has_easy_read, t->has_feedback};   /* not stale: the hubs do not show it */
        h = hash_bytes(h, tflags, sizeof tflags);
    }
    return h;
}
