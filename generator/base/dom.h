/* dom.h: small conveniences over libxml2's tree for building pages.
 *
 * libxml2's API is general and verbose; the renderer and templates need a
 * handful of operations over and over (walk, find, read an attribute,
 * append parsed HTML), so they live here once. */
#ifndef SAYSO_DOM_H
#define SAYSO_DOM_H

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* Pre-order walk of the subtree at root: the node after n, or NULL. */
xmlNodePtr dom_next(xmlNodePtr n, xmlNodePtr root);
/* The same, but skipping n's own descendants. */
xmlNodePtr dom_next_skip(xmlNodePtr n, xmlNodePtr root);

bool dom_is(xmlNodePtr n, const char *name);          /* an element with this name */
int dom_heading_level(xmlNodePtr n);                  /* 1-6, or 0 */
const char *dom_attr_ref(xmlNodePtr n, const char *name);   /* no copy; NULL if absent */
char *dom_attr(xmlNodePtr n, const char *name);       /* malloc'd copy or NULL */
bool dom_has_class(xmlNodePtr n, const char *cls);
xmlNodePtr dom_find_element(xmlNodePtr root, const char *name);
xmlNodePtr dom_find_by_id(xmlNodePtr root, const char *id);

/* A new element, appended to parent when parent is not NULL; text may be NULL. */
xmlNodePtr dom_element(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *text);
void dom_set(xmlNodePtr n, const char *name, const char *value);
void dom_remove(xmlNodePtr n);                        /* unlink and free */
void dom_clear(xmlNodePtr n);                         /* free every child */

/* Cuts off whatever is nested more than limit elements below root, so
 * walks that follow can go down a bounded way.  Returns the first element
 * whose children were cut, or NULL when nothing was that deep. */
xmlNodePtr dom_cut_deeper(xmlNodePtr root, int limit);
/* The depth a page from outside (a template, a page given to `sayso check`)
 * may have: far past any real page, well within the stack of every walk. */
#define DOM_MAX_DEPTH 512

/* Parses an HTML fragment and appends its nodes to parent. */
void dom_append_html(xmlNodePtr parent, const char *html, size_t len);

/* Parses a whole HTML document (templates, pages given to `sayso check`). */
xmlDocPtr dom_parse_document(const char *html, size_t len, const char *url);
/* Moves what libxml2 put inside an HTML5 empty element (<source>, <track>,
 * <wbr>) back out after it, for n, its siblings and their descendants. */
void dom_close_void_elements(xmlNodePtr n);

/* Serialises a page as HTML5: "<!DOCTYPE html>" then the root element,
 * UTF-8 kept as is.  Caller frees with free(). */
char *dom_serialize(xmlDocPtr doc, size_t *len);

/* Text of a node and its descendants, white space collapsed.  Caller frees. */
char *node_text(xmlNodePtr node);

#endif
