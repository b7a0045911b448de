/* markdown.h: Markdown to DOM, with a way back to the source.
 *
 * cmark-gfm parses the Markdown (with tables, autolinks, strikethrough and
 * task lists) and its tree is turned straight into nodes of the page's
 * document, each block carrying `data-sourcepos`: the same nodes libxml2
 * made of cmark's HTML, without writing and parsing that HTML.  Text with
 * raw HTML in it (when the site allows raw HTML) still goes through cmark's
 * HTML and libxml2, since only the parser knows how the HTML nests; raw
 * HTML blocks get no attributes from cmark, so a `<!--sayso-line:N-->`
 * comment goes before each one.  The nodes keep both until the page is
 * written, which lets checks name the Markdown file and line of anything
 * they find.
 */
#ifndef SAYSO_MARKDOWN_H
#define SAYSO_MARKDOWN_H

#include "site.h"
#include <libxml/tree.h>

typedef struct MarkdownOptions {
    bool raw_html;           /* let raw HTML through (site setting) */
    bool repeat;             /* this text was rendered and reported on once
                              * already (large print has the plain page's
                              * text): say nothing about it twice */
} MarkdownOptions;

/* Call once before any thread renders: registers cmark's extensions. */
void markdown_init(void);

/* Renders src into a new <div class="prose"> owned by doc (not yet in
 * the tree).  The div records src->path and src->first_line for the
 * locator.  Headings get stable ids; a body `# h1` is moved down a level
 * because the page's title is its only h1.  Warns (file:line) about raw
 * HTML that is dropped because raw HTML is off. */
/* How deep Markdown may nest blocks and inlines; deeper is an error at its
 * line, and is left out of the page. */
#define MARKDOWN_MAX_DEPTH 50

xmlNodePtr markdown_render(xmlDocPtr doc, const SourceText *src, const MarkdownOptions *options);

/* Puts each task list box under root ("- [x] Done") in a <label> with its
 * item's first words, so the box has a name; markdown_render does this. */
void markdown_label_task_boxes(xmlNodePtr root);

/* Gives every h2-h6 under root an id made from its text ("Why we are
 * asking" -> "why-we-are-asking"), unique in the page.  Existing ids stay. */
void markdown_heading_ids(xmlNodePtr root);

/* The locator for FindingList (accessibility/findings.h): maps a node to
 * the Markdown file:line it came from, or to the template it came from. */
bool markdown_locate(void *data, xmlNodePtr node, const char **file, int *line);

/* Removes the source-position attributes and markers before a page is
 * written. */
void markdown_strip_positions(xmlNodePtr root);

#endif
