/* build_memory.c: what `sayso serve` keeps between builds (build_memory.h). */
#include "build_memory.h"
#include "hashmap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Kept {
    char *slug;
    char *lang;               /* the translation's words; NULL: the source language's */
    uint64_t key;             /* the pack's cache key when its words were read (cache.h) */
    bool used;                /* looked up or kept since the memory was made: saved */
    SearchPackWords *words;
} Kept;

/* Sorted by slug, then language (the source's first), for a binary
 * search per pack; a pack's languages are together. */
typedef struct ReportEntry {
    char *path;
    uint64_t key;
    char *json;
    size_t len;
} ReportEntry;

struct BuildMemory {
    Kept *kept;
    size_t count, cap;
    bool changed;             /* words were kept since it was made or loaded */
    HashMap report_entries;   /* page path -> ReportEntry */
};

BuildMemory *build_memory_new(void)
{
    BuildMemory *m = xcalloc(1, sizeof(BuildMemory));
    hashmap_init(&m->report_entries, HASH_STRING_KEYS, 0);
    return m;
}

static void forget_all(BuildMemory *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->kept[i].slug);
        free(m->kept[i].lang);
        search_pack_words_free(m->kept[i].words);
    }
    m->count = 0;
    for (size_t i = 0; i < m->report_entries.size; i++) {
        ReportEntry *e = m->report_entries.slots[i].value;
        if (!m->report_entries.slots[i].key)
            continue;
        free(e->path);
        free(e->json);
        free(e);
    }
    hashmap_free(&m->report_entries);
    hashmap_init(&m->report_entries, HASH_STRING_KEYS, 0);
}

void build_memory_free(BuildMemory *m)
{
    if (!m)
        return;
    forget_all(m);
    hashmap_free(&m->report_entries);
    free(m->kept);
    free(m);
}

static int compare_key(const Kept *k, const char *slug, const char *lang)
{
    int c = strcmp(k->slug, slug);
    if (c)
        return c;
    if (!k->lang || !lang)
        return (k->lang != NULL) - (lang != NULL);
    return strcmp(k->lang, lang);
}

/* Where (slug, lang) is, or would go: *found says which. */
static size_t position(const BuildMemory *m, const char *slug, const char *lang, bool *found)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = compare_key(&m->kept[mid], slug, lang);
        if (cmp == 0) {
            *found = true;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

void build_memory_forget(BuildMemory *m, const Changes *known)
{
    if (!known || !known->packs_known) {
        forget_all(m);
        return;
    }
    for (size_t i = 0; i < known->changed.count; i++) {
        /* Every language's words of the pack: they sort together, the
         * source language's first. */
        bool found;
        size_t at = position(m, known->changed.items[i], NULL, &found), end = at;
        while (end < m->count && !strcmp(m->kept[end].slug, known->changed.items[i])) {
            free(m->kept[end].slug);
            free(m->kept[end].lang);
            search_pack_words_free(m->kept[end].words);
            end++;
        }
        memmove(&m->kept[at], &m->kept[end], (m->count - end) * sizeof *m->kept);
        m->count -= end - at;
    }
}

const SearchPackWords *build_memory_search_words(BuildMemory *m, const char *slug, const char *lang, uint64_t key)
{
    bool found;
    size_t at = position(m, slug, lang, &found);
    if (!found || m->kept[at].key != key)
        return NULL;
    m->kept[at].used = true;
    return m->kept[at].words;
}

void build_memory_keep_search_words(BuildMemory *m, const char *slug, const char *lang, uint64_t key,
                                    SearchPackWords *words)
{
    bool found;
    size_t at = position(m, slug, lang, &found);
    m->changed = true;
    if (found) {
        search_pack_words_free(m->kept[at].words);
        m->kept[at].words = words;
        m->kept[at].key = key;
        m->kept[at].used = true;
        return;
    }
    GROW(m->kept, m->count, m->cap);
    memmove(&m->kept[at + 1], &m->kept[at], (m->count - at) * sizeof *m->kept);
    m->kept[at] = (Kept){.slug = xstrdup(slug), .lang = lang ? xstrdup(lang) : NULL, .key = key, .used = true,
                         .words = words};
    m->count++;
}

const char *build_memory_report_entry(const BuildMemory *m, const char *path, uint64_t key, size_t *len)
{
    const HashEntry *found = hashmap_find(&m->report_entries, path);
    const ReportEntry *e = found ? found->value : NULL;
    if (!e || e->key != key)
        return NULL;
    *len = e->len;
    return e->json;
}

void build_memory_keep_report_entry(BuildMemory *m, const char *path, uint64_t key, const char *json, size_t len)
{
    HashEntry *found = hashmap_find(&m->report_entries, path);
    ReportEntry *e = found ? found->value : NULL;
    if (!e) {
        e = xcalloc(1, sizeof *e);
        e->path = xstrdup(path);
        hashmap_put(&m->report_entries, e->path, e);
    }
    free(e->json);
    e->json = xmalloc(len + 1);
    memcpy(e->json, json, len);
    e->json[len] = '\0';
    e->len = len;
    e->key = key;
}

/* The file: a first line naming it, then per entry a line
 * "KEY SLUG LANG" ("-" for the source language; slugs and language
 * codes have no spaces) and the words (search_pack_words_put).  Written
 * in sorted order, so it is read back in order. */
#define MEMORY_FILE_HEAD "sayso search words 1\n"

BuildMemory *build_memory_load(const char *path)
{
    BuildMemory *m = build_memory_new();
    size_t len = 0;
    char *data = path ? read_file(path, &len) : NULL;
    if (!data || strncmp(data, MEMORY_FILE_HEAD, strlen(MEMORY_FILE_HEAD))) {
        free(data);
        return m;
    }
    const char *at = data + strlen(MEMORY_FILE_HEAD), *end = data + len;
    while (at < end) {
        const char *eol = memchr(at, '\n', (size_t)(end - at));
        if (!eol)
            break;
        char *line = xstrndup(at, (size_t)(eol - at));
        char *slug = strchr(line, ' '), *lang = slug ? strchr(slug + 1, ' ') : NULL;
        SearchPackWords *words = NULL;
        if (lang) {
            *slug++ = '\0';
            *lang++ = '\0';
            at = eol + 1;
            words = search_pack_words_get(&at, end);
        }
        bool found = false;
        size_t place = words ? position(m, slug, strcmp(lang, "-") ? lang : NULL, &found) : 0;
        /* A file that is not as written (found: out of order) ends here:
         * what was read before is good, the rest is read again. */
        if (!words || found || place != m->count) {
            search_pack_words_free(words);
            free(line);
            break;
        }
        GROW(m->kept, m->count, m->cap);
        m->kept[m->count++] = (Kept){.slug = xstrdup(slug), .lang = strcmp(lang, "-") ? xstrdup(lang) : NULL,
                                     .key = strtoull(line, NULL, 16), .words = words};
        free(line);
    }
    free(data);
    return m;
}

bool build_memory_save(BuildMemory *m, const char *path)
{
    bool all_used = true;
    for (size_t i = 0; i < m->count; i++)
        all_used = all_used && m->kept[i].used;
    if (!m->changed && all_used)
        return true;
    /* Written a pack at a time (thousands of packs' words at once would
     * add tens of megabytes to the build's peak), beside the file and
     * renamed, so a reader never sees half of it. */
    char *partial = xasprintf("%s.new", path);
    FILE *f = fopen(partial, "wb");
    bool ok = f && fputs(MEMORY_FILE_HEAD, f) >= 0;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < m->count && ok; i++) {
        const Kept *k = &m->kept[i];
        if (!k->used)
            continue;      /* a pack that went, or a language no longer published */
        sb_clear(&sb);
        sb_printf(&sb, "%016llx %s %s\n", (unsigned long long)k->key, k->slug, k->lang ? k->lang : "-");
        search_pack_words_put(k->words, &sb);
        ok = fwrite(sb.data, 1, sb.len, f) == sb.len;
    }
    if (f && fclose(f) != 0)
        ok = false;
    ok = ok && rename(partial, path) == 0;
    if (!ok)
        unlink(partial);
    free(partial);
    sb_free(&sb);
    return ok;
}
