/* render_internal.h: what the renderer's files share with each other
 * (render.c, render_pack.c, easy_read.c, hub.c, links.c).  Not for use
 * outside the renderer. */
#ifndef SAYSO_RENDER_INTERNAL_H
#define SAYSO_RENDER_INTERNAL_H

#include "render.h"
#include "template.h"

/* A pack's formats, and its British Sign Language page when it has one
 * (player.h), as links from its pages; base is "consultations/SLUG/".
 * out has room for FORMAT_COUNT + 1; returns how many were filled. */
size_t pack_alternates(const Renderer *r, Alternate *out, const char *base, Format current, bool bsl);

/* The three formats of a page whose plain version is at base ("" for the
 * hub, "consultations/bus/"); free with free_alternates. */
void format_alternates(const Renderer *r, Alternate out[FORMAT_COUNT], const char *base, Format current);
void free_alternates(Alternate *a, size_t n);

/* An easy-read text's own "# Title" line becomes the page's title (the
 * line is blanked, so line numbers still match the file). */
void take_easy_read_title(SourceText *src, char **title);

/* The theme word key in the pages' language (words.h), else english. */
const char *render_word(const Renderer *r, const char *key, const char *english);
/* "format_plain", "format_easy_read", "format_large_print": the word keys of a format's name. */
const char *format_word(Format f);
const char *status_word(PackStatus s);   /* "status_open", ... */
char *tel_url(const char *phone);     /* "tel:01632960400" from "01632 960 400" */
void scope_contact(Scope *s, const Site *site, const PackMeta *pack);

/* Checks and rewrites the links and images under root.
 *   picture:NAME  -> the theme's picture, with its default alt if none given
 *   a pack file   -> the copied file, with its type and size in the link
 *   ../../x, /x   -> an error: it points outside the pack
 * depth_prefix is "../" for each folder the page sits below the pack's
 * plain page ("" for the plain page itself).  root_prefix leads to the
 * site root.  Reports errors with file:line and returns false. */
bool resolve_links(const Renderer *r, xmlNodePtr root, const PackMeta *pack, const PackContent *content,
                   const char *depth_prefix, const char *root_prefix);

/* Turns rendered easy-read Markdown into rows of picture and words, and
 * ```glossary blocks into a glossary: a section with a heading and a
 * picture (root_prefix leads to the site's pictures/), whose words are
 * marked where the page uses them. */
void easy_read_rows(const Renderer *r, xmlNodePtr prose, xmlDocPtr doc, const char *root_prefix);
/* An easy-read row of the theme's picture (pictures/PICTURE.svg under
 * root_prefix, with alt) added to parent; returns the div for its words. */
xmlNodePtr easy_picture_row(xmlDocPtr doc, xmlNodePtr parent, const char *root_prefix, const char *picture,
                            const char *alt);

/* Large print: emphasis becomes bold (UKAAF: no italics or underlining). */
void large_print_adapt(xmlNodePtr prose);

/* a-z/index.html (LANG/a-z/ in a translation): every consultation by
 * title (a_to_z.c). */
void render_a_to_z(const Renderer *r);


/* A contents list for the h2s under prose, or NULL when there are few. */
xmlNodePtr contents_list(xmlDocPtr doc, xmlNodePtr prose);

/* The British Sign Language version of a consultation (render_pack.c). */
/* consultations/SLUG/bsl/index.html: the pack's BSL video (bsl.mp4, with
 * bsl.vtt captions when it has them, or the front matter's `bsl:` web
 * address).  Does nothing for a pack without one. */
void render_bsl_page(const Renderer *r, const PackMeta *p, const PackContent *content);

/* True when the pack has a BSL version, for its "Read this in" lists. */
bool pack_has_bsl(const PackMeta *p, const PackContent *content);

#endif
