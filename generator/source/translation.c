/* translation.c: finding, reading and marking translations (translation.h). */
#include "translation.h"
#include "diag.h"
#include "markdown_source.h"
#include "site_config.h"
#include "language.h"
#include "yamldoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *translation_file_language(const Site *site, const char *name, const char *ext)
{
    if (!str_ends_with(name, ext))
        return NULL;
    size_t stem = strlen(name) - strlen(ext);
    for (size_t i = 1; i < site->languages.count; i++) {
        const char *lang = site->languages.items[i];
        size_t n = strlen(lang);
        if (stem > n + 1 && name[stem - n - 1] == '.' && !strncmp(name + stem - n, lang, n))
            return lang;
    }
    return NULL;
}

const char *translation_unlisted_language(const Site *site, const char *name, const char *ext, char out[16])
{
    if (!str_ends_with(name, ext) || translation_file_language(site, name, ext))
        return NULL;
    size_t stem = strlen(name) - strlen(ext);
    const char *dot = NULL;
    for (size_t i = stem; i-- > 0;)
        if (name[i] == '.') {
            dot = name + i;
            break;
        }
    if (!dot || dot == name || (size_t)(name + stem - dot - 1) >= 16)
        return NULL;
    snprintf(out, 16, "%.*s", (int)(name + stem - dot - 1), dot + 1);
    /* Lower-case language subtags only, so "plan.v2.md" or "notes.final.md" are not taken for one. */
    for (const char *c = out; *c && *c != '-'; c++)
        if (*c < 'a' || *c > 'z')
            return NULL;
    return language_tag_usable(out) && strcspn(out, "-") <= 3 ? out : NULL;
}

/* The body of a Markdown file after its front matter, and the front
 * matter's title: and summary: lines, which are what gets translated. */
static void hash_translatable(uint64_t *h, const char *text)
{
    const char *body = text;
    if (!strncmp(text, "---", 3) && (text[3] == '\n' || text[3] == '\r')) {
        const char *line = strchr(text, '\n') + 1;
        while (*line) {
            const char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            if ((!strncmp(line, "---", 3) || !strncmp(line, "...", 3)) && (n == 3 || line[3] == '\r')) {
                body = nl ? nl + 1 : line + n;
                break;
            }
            if (!strncmp(line, "title:", 6) || !strncmp(line, "summary:", 8))
                *h = hash_bytes(*h, line, n);
            if (!nl) {
                body = line + n;
                break;
            }
            line = nl + 1;
        }
    }
    *h = hash_str(*h, body);
}

char *translation_fingerprint(const char *markdown_path, const char *const *other_paths)
{
    char *text = read_file(markdown_path, NULL);
    if (!text)
        return NULL;
    uint64_t h = HASH_SEED;
    hash_translatable(&h, text);
    free(text);
    for (const char *const *p = other_paths; p && *p; p++) {
        size_t len;
        char *data = read_file(*p, &len);
        h = hash_str(h, path_basename(*p));
        if (data)
            h = hash_bytes(h, data, len);
        free(data);
    }
    return xasprintf("%016llx", (unsigned long long)h);
}

char *pack_source_fingerprint(const PackMeta *p, const Translation *t)
{
    char *index = path_join(p->dir, "index.md");
    char *easy = t->has_easy_read && p->has_easy_read ? path_join(p->dir, "easy-read.md") : NULL;
    char *csv = t->has_feedback && p->has_feedback ? path_join(p->dir, "you-said-we-did.csv") : NULL;
    const char *others[3] = {0};
    size_t n = 0;
    if (easy)
        others[n++] = easy;
    if (csv)
        others[n++] = csv;
    char *fp = translation_fingerprint(index, others);
    free(index);
    free(easy);
    free(csv);
    return fp;
}

/* Reads one translation's front matter: only title, summary and
 * translated_from; the rest is the source's. */
static bool read_translation_front(const Site *site, const PackMeta *p, Translation *t, const char *path)
{
    static const char *const keys[] = {"title", "summary", "translated_from", "encoding", NULL};
    char *front = NULL;
    size_t front_len = 0;
    int front_line = 1;
    SourceText body;
    if (!load_markdown_file(path, t->index_path, p->encoding, &front, &front_len, &front_line, &body))
        return false;
    free(body.text);
    free(body.path);
    if (!front) {
        diag_error(t->index_path, 1, "a translation must start with front matter: a '---' line, then its "
                   "title, summary and translated_from, then '---'");
        return false;
    }
    YamlDoc y;
    bool ok = yamldoc_parse(&y, front, front_len, t->index_path, front_line);
    free(front);
    if (!ok)
        return false;
    yaml_node_t *root = yamldoc_root(&y);
    if (!root || root->type != YAML_MAPPING_NODE) {
        diag_error(t->index_path, front_line, "the front matter must be `key: value` lines");
        yamldoc_free(&y);
        return false;
    }
    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(&y.doc, pair->key);
        bool known = false;
        for (const char *const *key = keys; k && k->type == YAML_SCALAR_NODE && *key; key++)
            known |= !strcmp((const char *)k->data.scalar.value, *key);
        if (!known && k && k->type == YAML_SCALAR_NODE)
            diag_warning(t->index_path, yamldoc_line(&y, k), "a translation takes only title, summary and "
                         "translated_from: '%s' comes from %s, so it is left out here",
                         (const char *)k->data.scalar.value, p->index_path);
    }
    t->title = yamldoc_string(&y, root, "title");
    t->summary = yamldoc_string(&y, root, "summary");
    t->translated_from = yamldoc_string(&y, root, "translated_from");
    yaml_node_t *from = yamldoc_get(&y, root, "translated_from");
    t->translated_from_line = from ? yamldoc_line(&y, from) : front_line;
    if (!t->title || !*str_trim(t->title) || !t->summary || !*str_trim(t->summary)) {
        diag_error(t->index_path, front_line, "a translation needs its own title and summary, in %s", t->lang);
        y.failed = true;
    }
    ok = !y.failed;
    yamldoc_free(&y);
    (void)site;
    return ok;
}

/* Says, in the build, when a translation's source has changed since. */
static void check_translation_fresh(const PackMeta *p, Translation *t)
{
    char *now = pack_source_fingerprint(p, t);
    if (!now)
        return;
    if (!t->translated_from) {
        diag_warning(t->index_path, 1, "this translation does not say which version of the English it was "
                     "made from: when it matches index.md, run `sayso translation mark %s %s`", p->slug, t->lang);
    } else if (strcmp(now, t->translated_from) != 0) {
        t->stale = true;
        diag_warning(t->index_path, t->translated_from_line, "this translation may be out of date: %s has "
                     "changed since it was translated; update the translation, then run "
                     "`sayso translation mark %s %s`", p->index_path, p->slug, t->lang);
    }
    free(now);
}

bool load_pack_translations(const Site *site, PackMeta *p)
{
    bool ok = true;
    for (size_t i = 1; i < site->languages.count; i++) {
        const char *lang = site->languages.items[i];
        char *name = xasprintf("index.%s.md", lang);
        char *path = path_join(p->dir, name);
        free(name);
        if (!file_exists(path)) {
            free(path);
            continue;
        }
        p->translations = xrealloc(p->translations, (p->translation_count + 1) * sizeof *p->translations);
        Translation *t = &p->translations[p->translation_count];
        memset(t, 0, sizeof *t);
        t->lang = xstrdup(lang);
        t->index_path = xasprintf("consultations/%s/index.%s.md", p->slug, lang);
        char *easy_name = xasprintf("easy-read.%s.md", lang), *csv_name = xasprintf("you-said-we-did.%s.csv", lang);
        char *easy = path_join(p->dir, easy_name), *csv = path_join(p->dir, csv_name);
        t->has_easy_read = file_exists(easy);
        t->has_feedback = file_exists(csv);
        free(easy);
        free(csv);
        free(easy_name);
        free(csv_name);
        p->translation_count++;
        if (read_translation_front(site, p, t, path))
            check_translation_fresh(p, t);
        else
            ok = false;
        free(path);
    }
    return ok;
}

bool load_page_translations(const Site *site, PageMeta *pg)
{
    bool ok = true;
    for (size_t i = 1; i < site->languages.count; i++) {
        const char *lang = site->languages.items[i];
        char *name = xasprintf("pages/%s.%s.md", pg->slug, lang);
        char *path = path_join(site->source_dir, name);
        if (file_exists(path)) {
            PackMeta p = {.slug = pg->slug, .index_path = pg->display_path, .encoding = site->encoding};
            Translation t = {.lang = (char *)lang, .index_path = name};
            if (read_translation_front(site, &p, &t, path)) {
                sl_push(&pg->translations, lang);
                sl_push(&pg->translated_titles, t.title);
                sl_push(&pg->translated_summaries, t.summary);
                char *now = translation_fingerprint(pg->path, NULL);
                if (now && t.translated_from && strcmp(now, t.translated_from) != 0)
                    sl_push(&pg->stale_translations, lang);
                if (now && t.translated_from && strcmp(now, t.translated_from) != 0)
                    diag_warning(name, t.translated_from_line, "this translation may be out of date: %s has "
                                 "changed since it was translated; update the translation, then run "
                                 "`sayso translation mark %s %s`", pg->display_path, pg->slug, lang);
                else if (now && !t.translated_from)
                    diag_warning(name, 1, "this translation does not say which version of the English it was "
                                 "made from: when it matches %s, run `sayso translation mark %s %s`",
                                 pg->display_path, pg->slug, lang);
                free(now);
            } else {
                ok = false;
            }
            free(t.title);
            free(t.summary);
            free(t.translated_from);
        }
        free(path);
        free(name);
    }
    return ok;
}

bool load_translation_content(const Site *site, const PackMeta *view, PackContent *out)
{
    memset(out, 0, sizeof *out);
    const char *lang = view->lang;
    char *name = xasprintf("index.%s.md", lang);
    char *path = path_join(view->dir, name);
    bool ok = load_markdown_file(path, view->index_path, view->encoding, NULL, NULL, NULL, &out->index);
    free(path);
    free(name);
    if (view->has_easy_read) {
        name = xasprintf("easy-read.%s.md", lang);
        path = path_join(view->dir, name);
        char *display = xasprintf("consultations/%s/%s", view->slug, name);
        char *front = NULL;
        size_t fl;
        int fline;
        ok &= load_markdown_file(path, display, view->encoding, &front, &fl, &fline, &out->easy_read);
        free(front);
        free(display);
        free(path);
        free(name);
    }
    (void)site;
    return ok;
}

/* Replaces (or adds, after the opening '---') the translated_from line. */
static char *with_translated_from(const char *text, const char *fingerprint)
{
    StrBuf sb;
    sb_init(&sb);
    const char *line = text;
    bool in_front = false, done = false;
    int n = 0;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        bool fence = (!strncmp(line, "---", 3) || (n > 0 && !strncmp(line, "...", 3))) &&
                     (len == 3 || line[3] == '\n' || line[3] == '\r');
        if (n == 0 && fence) {
            in_front = true;
        } else if (in_front && fence) {
            if (!done)
                sb_printf(&sb, "translated_from: %s\n", fingerprint);
            in_front = false;
            done = true;
        } else if (in_front && !strncmp(line, "translated_from:", 16)) {
            sb_printf(&sb, "translated_from: %s\n", fingerprint);
            done = true;
            line += len;
            n++;
            continue;
        }
        sb_append_len(&sb, line, len);
        line += len;
        n++;
    }
    if (!done) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

int translation_mark(const char *source_dir, const char *slug, const char *lang)
{
    Site site;
    if (!load_site_settings(source_dir, DAY_NONE, &site)) {
        site_free(&site);
        return 2;
    }
    int status = 2;
    char *display = NULL, *target = NULL, *fingerprint = NULL;
    if (!sl_contains(&site.languages, lang) || language_same(lang, site.language)) {
        diag_error("site.yml", 0, "'%s' is not one of the site's other languages: add it to `languages:`", lang);
        goto done;
    }
    char *pack_dir = xasprintf("%s/consultations/%s", source_dir, slug);
    if (dir_exists(pack_dir)) {
        display = xasprintf("consultations/%s/index.%s.md", slug, lang);
        target = xasprintf("%s/index.%s.md", pack_dir, lang);
        PackMeta p = {.dir = pack_dir, .has_easy_read = true, .has_feedback = true};
        char *easy = xasprintf("%s/easy-read.%s.md", pack_dir, lang);
        char *csv = xasprintf("%s/you-said-we-did.%s.csv", pack_dir, lang);
        char *source_easy = xasprintf("%s/easy-read.md", pack_dir);
        char *source_csv = xasprintf("%s/you-said-we-did.csv", pack_dir);
        Translation t = {.has_easy_read = file_exists(easy), .has_feedback = file_exists(csv)};
        p.has_easy_read = file_exists(source_easy);
        p.has_feedback = file_exists(source_csv);
        fingerprint = pack_source_fingerprint(&p, &t);
        free(easy);
        free(csv);
        free(source_easy);
        free(source_csv);
    } else {
        display = xasprintf("pages/%s.%s.md", slug, lang);
        target = xasprintf("%s/pages/%s.%s.md", source_dir, slug, lang);
        char *source = xasprintf("%s/pages/%s.md", source_dir, slug);
        fingerprint = translation_fingerprint(source, NULL);
        free(source);
    }
    free(pack_dir);
    if (!fingerprint) {
        diag_error(display, 0, "there is no consultation or page called '%s' to take a fingerprint of", slug);
        goto done;
    }
    char *text = read_file(target, NULL);
    if (!text) {
        diag_error(display, 0, "cannot read the translation: %s", strerror(errno));
        goto done;
    }
    char *marked = with_translated_from(text, fingerprint);
    free(text);
    if (!marked) {
        diag_error(display, 1, "the translation needs front matter (title and summary) before it can be marked");
        goto done;
    }
    if (write_file(target, marked, strlen(marked))) {
        diag_info("sayso: %s marked as translated from the source as it is now (%s)", display, fingerprint);
        status = 0;
    } else {
        diag_error(display, 0, "cannot write the translation: %s", strerror(errno));
    }
    free(marked);
done:
    free(fingerprint);
    free(target);
    free(display);
    site_free(&site);
    return status;
}
