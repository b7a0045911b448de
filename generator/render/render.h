/* render.h: making pages, as DOM documents, from the loaded site.
 *
 * The renderer knows what pages a site has and what goes on them; it does
 * not check or write them.  Each finished page is handed to a PageSink
 * (the build), which checks it while the source positions are still on the
 * nodes, then strips them and writes the file.  Pages are handed over one
 * at a time so a pack's pages can be written and freed before the next
 * pack is read.
 */
#ifndef SAYSO_RENDER_H
#define SAYSO_RENDER_H

#include "markdown.h"
#include "site.h"
#include "theme.h"

#include <libxml/tree.h>

typedef enum {
    PAGE_CONSULTATION,        /* one of the three formats of a pack */
    PAGE_FEEDBACK,            /* an extra page made by a hook, in one format */
    PAGE_COMMENT_CARD,
    PAGE_HUB,                 /* index.html, and the topic and area lists */
    PAGE_SITE,                /* pages/SLUG */
    PAGE_REPORT,
    PAGE_BSL                  /* consultations/SLUG/bsl: the British Sign Language video */
} PageKind;

typedef struct OutPage {
    PageKind kind;
    Format format;
    char *path;               /* output file, relative: "consultations/bus/easy-read/index.html" */
    char *title;
    const PackMeta *pack;     /* NULL for site-wide pages */
    char *source_path;        /* the main source file, for the report */
    xmlDocPtr doc;            /* with source positions still on its nodes */
} OutPage;

typedef void (*PageSink)(void *data, OutPage *page);   /* takes ownership */

void out_page_free(OutPage *page);

/* Lets hooks change a page's title and Markdown before it is rendered
 * (hooks.h: before_render).  *title and *markdown may be replaced with new
 * malloc'd strings.  Returns false after reporting an error. */
typedef bool (*BeforeRender)(void *data, const PackMeta *meta, Format format, const char *page_slug,
                             char **title, char **markdown);

/* One per worker thread: cheap, and it holds no state of its own. */
typedef struct Renderer {
    const Site *site;
    const Theme *theme;
    MarkdownOptions markdown;
    bool live_reload;
    PageSink sink;
    void *sink_data;
    BeforeRender before_render;     /* may be NULL */
    void *hook_data;
    const char *lang;               /* the pages' language when not the site's (a translation); else NULL */
} Renderer;

/* An extra page a hook made for a pack (hooks.h makes them). */
typedef struct ExtraPageSource {
    const char *slug, *title, *summary, *source_path;
    const char *markdown[FORMAT_COUNT];
} ExtraPageSource;

/* Every picture of the theme with its name, at PICTURE_GALLERY_PATH, for
 * authors choosing one (gallery.c). */
#define PICTURE_GALLERY_PATH "easy-read-pictures/"
void render_picture_gallery(const Renderer *r);

/* The pack's three formats, its comment card, and its extra pages.
 * Returns false after reporting errors (a bad picture name, a link out of
 * the pack). */
bool render_pack(const Renderer *r, const PackMeta *meta, const PackContent *content,
                 const ExtraPageSource *extras, size_t extra_count);

/* index.html, and one list per topic and per area. */
bool render_hub(const Renderer *r);

/* pages/SLUG.md, each in one page; with r->lang set, pages/SLUG.LANG.md
 * at pages/SLUG/LANG/. */
bool render_site_pages(const Renderer *r);

/* The language r's pages are in: r->lang, or the site's. */
const char *render_lang(const Renderer *r);

/* "../../" for "consultations/bus/index.html": the way back to the root. */
char *relative_root(const char *out_path);

/* How the hub, the A to Z and the search results list a pack, in the
 * renderer's language (hub.c).  The view is the pack's translation into
 * r->lang when it has one; *untranslated says it is listed in the source
 * language instead. */
PackMeta pack_listing_view(const Renderer *r, const PackMeta *source, bool *untranslated);
const char *pack_listing_status(const Renderer *r, const PackMeta *p);     /* "Open", "Results late" */
char *pack_listing_status_class(const PackMeta *p);                        /* caller frees */
/* "Closes Monday 15 February 2027 (36 days left)", "Closed ... Results due by ...". Caller frees. */
char *pack_listing_dates(const Renderer *r, const PackMeta *p, Day today);

/* ---- a page in the site's layout, for the renderer and the other page
 * makers (the review report and its sheets) ---- */

/* One of the formats a page can be read in, for the format links. */
typedef struct Alternate {
    const char *name;         /* "Easy read" */
    const char *hint;         /* "short sentences with pictures" */
    char *url;                /* relative to the site root */
    bool current;
    const char *picture;      /* a theme picture shown with the link, or NULL */
} Alternate;

/* Everything the layout needs to know about a page besides its content. */
typedef struct PageShell {
    PageKind kind;
    const char *kind_id;      /* for the body class: "consultation", "hub", ... */
    Format format;
    const char *path;         /* output path */
    const char *title;
    const char *description;
    const char *source_path;
    const PackMeta *pack;     /* for the contact; NULL: the site's */
    TemplateKind content_template;
    const char *nav_current;  /* "hub", a page slug, or NULL */
    Alternate *alternates;
    size_t alternate_count;
    /* Where the page's language versions branch: "consultations/bus/",
     * "pages/about/", or "" for the hub (the Welsh of
     * consultations/bus/easy-read/ is consultations/bus/cy/easy-read/).
     * NULL: the page has no language versions (the report). */
    const char *lang_base;
    const PageMeta *site_page;    /* for a pages/SLUG page: which translations it has */
} PageShell;

/* Fills the layout around content (nodes of any scratch document; the
 * scope takes them) and hands the page to the renderer's sink. */
void make_page(const Renderer *r, const PageShell *shell, xmlNodePtr content);
xmlNodePtr render_content(const Renderer *r, TemplateKind kind, Scope *scope, xmlDocPtr scratch);
void scope_site(Scope *s, const Site *site);

#endif
