/* theme.c: finding theme files, loading templates and the picture list. */
#include "theme.h"
#include "words.h"
#include "diag.h"
#include "paths.h"
#include "yamldoc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *display_name(const Theme *theme, const Site *site, const char *path);

static const char *const template_files[TEMPLATE_COUNT] = {
    "layout.html", "consultation.html", "easy-read.html", "feedback.html",
    "comment-card.html", "hub.html", "page.html", "report.html", "a-z.html",
};

char *theme_find(const Theme *theme, const char *relative)
{
    for (size_t i = 0; i < theme->dir_count; i++) {
        char *p = path_join(theme->dirs[i], relative);
        if (file_exists(p))
            return p;
        free(p);
    }
    return NULL;
}

/* How a theme file is named in messages: relative to the site for a site
 * override, or as sayso's own theme. */
char *theme_display_path(const Site *site, const char *path)
{
    return display_name(NULL, site, path);
}

static char *display_name(const Theme *theme, const Site *site, const char *path)
{
    size_t n = strlen(site->source_dir);
    if (!strncmp(path, site->source_dir, n) && path[n] == '/')
        return xstrdup(path + n + 1);
    const char *data = sayso_data_dir();
    n = strlen(data);
    if (!strncmp(path, data, n) && path[n] == '/')
        return xstrdup(path + n + 1);
    (void)theme;
    return xstrdup(path);
}

static int compare_pictures(const void *a, const void *b)
{
    return strcmp(((const Picture *)a)->name, ((const Picture *)b)->name);
}

/* Reads pictures.yml of one theme folder; later folders do not replace
 * names an earlier (overriding) folder already gave. */
static bool load_pictures_from(Theme *theme, const char *dir, const Site *site)
{
    char *yml = path_join(dir, "pictures/pictures.yml");
    if (!file_exists(yml)) {
        free(yml);
        return true;
    }
    size_t len;
    char *text = read_file(yml, &len);
    char *shown = display_name(theme, site, yml);
    YamlDoc y;
    bool ok = text && yamldoc_parse(&y, text, len, shown, 1);
    free(text);
    if (ok) {
        yaml_node_t *root = yamldoc_root(&y);
        if (root && root->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(&y.doc, p->key);
                yaml_node_t *v = yaml_document_get_node(&y.doc, p->value);
                if (!k || k->type != YAML_SCALAR_NODE || !v || v->type != YAML_SCALAR_NODE)
                    continue;
                const char *name = (const char *)k->data.scalar.value;
                bool seen = false;
                for (size_t i = 0; i < theme->picture_count; i++)
                    seen |= !strcmp(theme->pictures[i].name, name);
                char *svg_rel = xasprintf("pictures/%s.svg", name);
                char *svg = path_join(dir, svg_rel);
                free(svg_rel);
                if (seen || !file_exists(svg)) {
                    if (!seen)
                        diag_warning(shown, yamldoc_line(&y, k), "picture '%s' has no file %s.svg", name, name);
                    free(svg);
                    continue;
                }
                theme->pictures = xrealloc(theme->pictures, (theme->picture_count + 1) * sizeof *theme->pictures);
                theme->pictures[theme->picture_count++] = (Picture){
                    .name = xstrdup(name), .alt = xstrdup((const char *)v->data.scalar.value), .path = svg};
            }
        }
        yamldoc_free(&y);
    }
    free(shown);
    free(yml);
    return ok;
}

/* Hashes every file under dir (names and bytes) in a stable order.  A
 * folder that cannot be read, or a link back to a folder the walk is in
 * (which would never end), is an error: a theme read in part is not the
 * theme the council made. */
static bool hash_tree(uint64_t *h, const char *dir, const DirChain *up)
{
    DirChain here;
    bool loop;
    StrList names = {0};
    if (!dir_chain_enter(&here, up, dir, &loop) || !list_dir(dir, &names)) {
        if (loop)
            diag_error(dir, 0, "this is a link back to a folder it is in, so the theme would hold "
                       "itself for ever: remove the link");
        else
            diag_error(dir, 0, "cannot read this folder of the theme: %s", strerror(errno));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < names.count; i++) {
        char *p = path_join(dir, names.items[i]);
        *h = hash_str(*h, names.items[i]);
        if (dir_exists(p)) {
            ok = hash_tree(h, p, &here);
        } else {
            size_t len;
            char *data = read_file(p, &len);
            if (data)
                *h = hash_bytes(*h, data, len);
            else if (errno != ENOENT) {
                diag_error(p, 0, "cannot read this file of the theme: %s", strerror(errno));
                ok = false;
            }
            free(data);
        }
        free(p);
    }
    sl_free(&names);
    return ok;
}

bool theme_load(const Site *site, Theme *theme)
{
    memset(theme, 0, sizeof *theme);
    theme->name = xstrdup(site->theme);
    char *rel = xasprintf("themes/%s", site->theme);
    char *own = path_join(site->source_dir, rel);
    char *builtin = sayso_data_path(rel);
    char *fallback = sayso_data_path("themes/default");
    free(rel);
    char *candidates[3] = {own, builtin, fallback};
    for (size_t i = 0; i < 3; i++) {
        bool dup = false;
        for (size_t k = 0; k < theme->dir_count; k++)
            dup |= !strcmp(theme->dirs[k], candidates[i]);
        if (!dup && dir_exists(candidates[i]))
            theme->dirs[theme->dir_count++] = candidates[i];
        else
            free(candidates[i]);
    }
    if (theme->dir_count == 0) {
        diag_error(NULL, 0, "cannot find sayso's built-in theme in %s: set SAYSO_DATADIR to "
                   "the folder holding themes/", sayso_data_dir());
        return false;
    }
    if (strcmp(site->theme, "default") != 0 && theme->dir_count < 2)
        diag_warning("site.yml", 0, "there is no theme '%s' (no themes/%s folder): using the default theme",
                     site->theme, site->theme);

    bool ok = true;
    for (int k = 0; k < TEMPLATE_COUNT; k++) {
        char *rel_t = xasprintf("templates/%s", template_files[k]);
        char *path = theme_find(theme, rel_t);
        free(rel_t);
        if (!path) {
            diag_error(NULL, 0, "the theme has no templates/%s", template_files[k]);
            ok = false;
            continue;
        }
        char *shown = display_name(theme, site, path);
        theme->templates[k] = template_load(path, shown);
        ok &= theme->templates[k] != NULL;
        free(shown);
        free(path);
    }
    for (size_t i = 0; i < theme->dir_count; i++) {
        ok &= load_pictures_from(theme, theme->dirs[i], site);
        if (!theme->hash)
            theme->hash = HASH_SEED;
        ok &= hash_tree(&theme->hash, theme->dirs[i], NULL);
    }
    if (theme->picture_count > 1)
        qsort(theme->pictures, theme->picture_count, sizeof *theme->pictures, compare_pictures);
    theme->words = words_load(site, theme->dirs, theme->dir_count);
    return ok;
}

void theme_free(Theme *theme)
{
    words_free(theme->words);
    theme->words = NULL;
    for (size_t i = 0; i < theme->dir_count; i++)
        free(theme->dirs[i]);
    for (int k = 0; k < TEMPLATE_COUNT; k++)
        template_free(theme->templates[k]);
    for (size_t i = 0; i < theme->picture_count; i++) {
        free(theme->pictures[i].name);
        free(theme->pictures[i].alt);
        free(theme->pictures[i].path);
    }
    free(theme->pictures);
    free(theme->name);
    memset(theme, 0, sizeof *theme);
}

const Template *theme_template(const Theme *theme, TemplateKind kind)
{
    return theme->templates[kind];
}

const Picture *theme_picture(const Theme *theme, const char *name)
{
    Picture key = {.name = (char *)name};
    return bsearch(&key, theme->pictures, theme->picture_count, sizeof *theme->pictures, compare_pictures);
}

/* The next word of *text: letters only, lower case, a plural "s" or "es"
 * taken off ("buses" and "bus" are one word for this).  0 at the end. */
static size_t next_word(const char **text, char *out, size_t size)
{
    const char *p = *text;
    while (*p && !isalpha((unsigned char)*p))
        p++;
    size_t n = 0;
    for (; isalpha((unsigned char)*p); p++)
        if (n + 1 < size)
            out[n++] = (char)tolower((unsigned char)*p);
    *text = p;
    out[n] = '\0';
    if (n > 4 && (!strcmp(out + n - 3, "ses") || !strcmp(out + n - 3, "xes") ||
                  !strcmp(out + n - 4, "ches") || !strcmp(out + n - 4, "shes")))
        n -= 2;
    else if (n > 3 && out[n - 1] == 's')
        n--;
    out[n] = '\0';
    return n;
}

static bool mentions(const char *text, const char *word)
{
    char w[64];
    for (const char *p = text; next_word(&p, w, sizeof w);)
        if (!strcmp(w, word))
            return true;
    return false;
}

/* How many of NAME's words a picture's name or default text alternative
 * uses: "library-van" finds the library, "time" the clock ("A clock:
 * time passing"). */
static int meaning_score(const Picture *pic, const char *name)
{
    static const char *const small[] = {"the", "and", "for", "with", NULL};
    int score = 0;
    char w[64];
    for (const char *p = name; next_word(&p, w, sizeof w);) {
        bool skip = strlen(w) < 3;
        for (const char *const *s = small; *s && !skip; s++)
            skip = !strcmp(w, *s);
        if (!skip && (mentions(pic->name, w) || mentions(pic->alt, w)))
            score++;
    }
    return score;
}

const char *theme_picture_suggest(const Theme *theme, const char *name)
{
    /* By meaning first, then by spelling: a near spelling of another
     * word ("van" and "bank") is no help, so short names must be close. */
    const char *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < theme->picture_count; i++) {
        int score = meaning_score(&theme->pictures[i], name);
        if (score > best_score) {
            best_score = score;
            best = theme->pictures[i].name;
        }
    }
    if (best)
        return best;
    size_t len = strlen(name), best_d = len / 3 + 1;
    if (best_d > 3)
        best_d = 3;
    for (size_t i = 0; i < theme->picture_count; i++) {
        size_t d = edit_distance(theme->pictures[i].name, name);
        if (d < best_d) {
            best_d = d;
            best = theme->pictures[i].name;
        }
    }
    return best;
}

/* Copies dir/sub into out/sub, not replacing files an overriding folder
 * already put there (folders are visited most specific first). */
static bool copy_merged(const char *dir, const char *sub, const char *out_dir)
{
    char *from = path_join(dir, sub);
    char *to = path_join(out_dir, sub);
    StrList names = {0};
    bool ok = true;
    if (dir_exists(from)) {
        ok = make_dirs(to) && list_dir(from, &names);
        for (size_t i = 0; ok && i < names.count; i++) {
            char *src = path_join(from, names.items[i]);
            char *dst = path_join(to, names.items[i]);
            if (file_exists(src) && !file_exists(dst))
                ok = copy_file(src, dst);
            free(src);
            free(dst);
        }
    }
    sl_free(&names);
    free(from);
    free(to);
    return ok;
}

bool theme_copy_assets(const Theme *theme, const char *out_dir)
{
    bool ok = true;
    for (size_t i = 0; i < theme->dir_count; i++) {
        ok &= copy_merged(theme->dirs[i], "css", out_dir);
        ok &= copy_merged(theme->dirs[i], "pictures", out_dir);
        ok &= copy_merged(theme->dirs[i], "js", out_dir);
    }
    if (!ok)
        diag_error(out_dir, 0, "could not copy the theme's files into the new site");
    return ok;
}
