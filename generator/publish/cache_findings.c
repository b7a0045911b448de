/* cache_findings.c: the findings files of the build cache (cache_findings.h). */
#include "cache_findings.h"
#include "binio.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FINDINGS_MAGIC "sayso-findings 2\n"

static void put_findings(StrBuf *sb, const FindingList *list)
{
    put_u64(sb, list->count);
    for (size_t i = 0; i < list->count; i++) {
        const Finding *f = &list->items[i];
        put_str(sb, f->rule->id);
        put_str(sb, f->rule->category);
        put_u64(sb, (uint64_t)f->rule->level);
        put_str(sb, f->rule->wcag);
        put_str(sb, f->rule->act);
        put_str(sb, f->rule->title);
        put_u64(sb, (uint64_t)f->level);
        put_str(sb, f->file);
        put_i64(sb, f->line);
        put_str(sb, f->message);
        put_str(sb, f->excerpt);
    }
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

void rule_copies_init(RuleCopies *c)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
}

void rule_copies_free(RuleCopies *c)
{
    for (size_t i = 0; i < c->count; i++) {
        for (int k = 0; k < 5; k++)
            free(c->items[i]->strings[k]);
        free(c->items[i]);
    }
    free(c->items);
    pthread_mutex_destroy(&c->lock);
}

/* The one copy of a rule read back, made on first sight.  Takes the strings. */
static const Rule *intern_rule(RuleCopies *c, char *s[5], FindingLevel level)
{
    pthread_mutex_lock(&c->lock);
    const Rule *found = NULL;
    for (size_t i = 0; i < c->count && !found; i++) {
        const Rule *r = &c->items[i]->rule;
        if (same_str(r->id, s[0]) && same_str(r->category, s[1]) && r->level == level &&
            same_str(r->wcag, s[2]) && same_str(r->act, s[3]) && same_str(r->title, s[4]))
            found = r;
    }
    if (!found) {
        RuleCopy *rc = xcalloc(1, sizeof *rc);
        memcpy(rc->strings, s, sizeof rc->strings);
        rc->rule = (Rule){.id = s[0], .category = s[1], .level = level, .wcag = s[2], .act = s[3], .title = s[4]};
        c->items = xrealloc(c->items, (c->count + 1) * sizeof *c->items);
        c->items[c->count++] = rc;
        found = &rc->rule;
    } else {
        for (int i = 0; i < 5; i++)
            free(s[i]);
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

static bool get_findings(RuleCopies *c, Reader *r, FindingList *into)
{
    size_t n = get_count(r, 8);
    for (size_t i = 0; i < n && !r->failed; i++) {
        char *s[5];
        s[0] = get_str(r);
        s[1] = get_str(r);
        FindingLevel rule_level = (FindingLevel)get_u64(r);
        s[2] = get_str(r);
        s[3] = get_str(r);
        s[4] = get_str(r);
        FindingLevel level = (FindingLevel)get_u64(r);
        char *file = get_str(r);
        int line = (int)get_i64(r);
        char *message = get_str(r);
        char *excerpt = get_str(r);
        if (r->failed || !s[0] || !message) {
            for (int k = 0; k < 5; k++)
                free(s[k]);
            free(file);
            free(message);
            free(excerpt);
            r->failed = true;
            break;
        }
        if (into->count == into->capacity) {
            into->capacity = into->capacity ? into->capacity * 2 : 8;
            into->items = xrealloc(into->items, into->capacity * sizeof *into->items);
        }
        into->items[into->count++] = (Finding){.rule = intern_rule(c, s, rule_level), .level = level,
                                               .file = file, .line = line, .message = message,
                                               .excerpt = excerpt};
    }
    return !r->failed;
}

/* findings/NAME: the record's slug made safe as a file name, and its key,
 * so a changed record never overwrites the file the old index names. */
char *findings_name(const char *slug, uint64_t key)
{
    StrBuf name;
    sb_init(&name);
    for (const unsigned char *p = (const unsigned char *)slug; *p && name.len < 80; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
            sb_append_char(&name, (char)*p);
        else
            sb_append_char(&name, '_');
    }
    /* The hash tells apart slugs made the same by the line above. */
    sb_printf(&name, "-%016" PRIx64 "-%016" PRIx64, hash_str(HASH_SEED, slug), key);
    return name.data;
}

char *findings_path(const char *cache_dir, const char *slug, uint64_t key)
{
    char *name = findings_name(slug, key);
    char *path = xasprintf("%s/" FINDINGS_DIR "/%s", cache_dir, name);
    free(name);
    return path;
}

/* Reads back the findings of every unloaded page of rec; true when page's were among them. */
bool load_findings(const char *cache_dir, RuleCopies *rules, const PackRecord *rec, const ReportPage *page)
{
    char *path = findings_path(cache_dir, rec->slug, rec->key);
    size_t len;
    char *text = read_file(path, &len);
    free(path);
    size_t head = strlen(FINDINGS_MAGIC);
    if (!text || len < head || memcmp(text, FINDINGS_MAGIC, head) != 0) {
        free(text);
        return false;
    }
    /* The whole record's pages at once: they are in one file. */
    Reader r = {.p = text + head, .end = text + len};
    size_t pages = get_count(&r, 8);
    bool found = false;
    for (size_t i = 0; i < pages && !r.failed; i++) {
        FindingList list;
        findings_init(&list, NULL);
        bool ok = get_findings(rules, &r, &list);
        ReportPage *p = i < rec->ref_count ? rec->page_refs[i] : NULL;
        if (ok && p && p->unloaded) {
            findings_free(&p->findings);
            p->findings = list;
            p->unloaded = false;
            found |= p == page;
        } else {
            findings_free(&list);
        }
    }
    free(text);
    return found && !r.failed && pages == rec->ref_count;
}

/* Writes findings/NAME for a record built in this build. */
bool save_findings(const char *cache_dir, const PackRecord *r)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, FINDINGS_MAGIC);
    put_u64(&sb, r->ref_count);
    for (size_t i = 0; i < r->ref_count; i++)
        put_findings(&sb, &r->page_refs[i]->findings);
    char *path = findings_path(cache_dir, r->slug, r->key);
    char *tmp = xasprintf("%s.new", path);
    bool ok = write_file(tmp, sb.data, sb.len) && rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    free(path);
    sb_free(&sb);
    return ok;
}
