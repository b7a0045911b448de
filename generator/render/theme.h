/* theme.h: the theme a site uses, its templates and its pictures.
 *
 * A theme is a folder: templates/NAME.html, css/NAME.css, pictures/NAME.svg with
 * pictures/pictures.yml naming each picture's default text alternative, and
 * tidy.conf.  A site's own themes/NAME/ overrides files of the built-in
 * theme of that name, file by file, so a council can change one template
 * or add its logo without copying the rest.  The built-in default fills in
 * anything neither has.
 */
#ifndef SAYSO_THEME_H
#define SAYSO_THEME_H

#include "site.h"
#include "template.h"

typedef enum {
    TEMPLATE_LAYOUT,          /* the page shell: head, header, format links, footer */
    TEMPLATE_CONSULTATION,    /* plain English and large print */
    TEMPLATE_EASY_READ,
    TEMPLATE_FEEDBACK,        /* pages made by hooks, such as "You said, we did" */
    TEMPLATE_COMMENT_CARD,
    TEMPLATE_HUB,             /* index.html and the topic and area lists */
    TEMPLATE_PAGE,            /* pages/SLUG.md */
    TEMPLATE_REPORT,          /* the review report */
    TEMPLATE_A_TO_Z,          /* a-z/: every consultation by title */
    TEMPLATE_COUNT
} TemplateKind;

typedef struct Picture {
    char *name;
    char *alt;                /* default text alternative */
    char *path;               /* the SVG on disk */
} Picture;

typedef struct Theme {
    char *name;
    char *dirs[3];            /* site override, built-in of that name, built-in default */
    size_t dir_count;
    Template *templates[TEMPLATE_COUNT];
    Picture *pictures;        /* sorted by name */
    size_t picture_count;
    uint64_t hash;            /* of every theme file in effect, for the build cache */
    struct Words *words;      /* strings/LANG.yml: the theme's words per language (words.h) */
} Theme;

/* Loads the theme named in site.yml; reports and returns false on errors. */
bool theme_load(const Site *site, Theme *theme);
void theme_free(Theme *theme);

/* The file a relative theme path resolves to ("css/site.css"), or NULL. */
char *theme_find(const Theme *theme, const char *relative);
const Template *theme_template(const Theme *theme, TemplateKind kind);
const Picture *theme_picture(const Theme *theme, const char *name);
/* The nearest picture name to a misspelt one, for "did you mean". */
const char *theme_picture_suggest(const Theme *theme, const char *name);

/* How messages name a theme file: "themes/default/css/site.css", relative
 * to the site for a site's own file, or to sayso's data folder.  Caller frees. */
char *theme_display_path(const Site *site, const char *path);

/* Copies css/ and pictures/ (merged across the theme's folders) to out. */
bool theme_copy_assets(const Theme *theme, const char *out_dir);

#endif
