/* wcag_page.h: one page as assistive technology sees it.
 *
 * The WCAG rules share these questions about elements: is it rendered,
 * is it in the accessibility tree, what is its role, can it take focus,
 * what is its accessible name.  A WcagPage answers them from the DOM and
 * the document's computed styles, which are worked out once per page.
 * Internal to the checker (the public interface is wcag.h).
 */
#ifndef SAYSO_WCAG_PAGE_H
#define SAYSO_WCAG_PAGE_H

#include "css.h"
#include "findings.h"
#include "wcag_aria.h"

#include <stdbool.h>
#include <libxml/tree.h>

typedef struct IdEntry {
    const char *id;
    xmlNodePtr node;
} IdEntry;

typedef struct WcagPage {
    xmlDocPtr doc;
    xmlNodePtr root;          /* the document element */
    xmlNodePtr body;          /* may be NULL */
    CssDocument *styles;
    FindingList *out;
    bool is_html;             /* root is <html>, not an SVG or XML file */
    IdEntry *ids;             /* open-addressed id -> first element with it */
    size_t id_slots;
    struct ExcludedMap *excluded;   /* elements left out of the accessibility tree */
    xmlNodePtr *labels;       /* every <label for=...>, in document order */
    size_t label_count, label_cap;
    struct ContrastCache *contrast; /* the contrast rule's per-element memo */
    const char **disabled_labelledby;  /* aria-labelledby of every disabled element */
    size_t disabled_labelledby_count, disabled_labelledby_cap;
    int walk_svg_depth;       /* during wcag.c's walk: how many of the element being
                                 checked and its ancestors are <svg>; -1 outside it */
} WcagPage;

/* Names of elements and attributes in the HTML parser are lower case. */
bool wp_is_tag(xmlNodePtr node, const char *name);
bool wp_is_element(xmlNodePtr node);
/* An attribute's value (owned by the document: do not free), or NULL. */
const char *wp_attr(xmlNodePtr node, const char *name);
bool wp_has_attr(xmlNodePtr node, const char *name);
/* True when the attribute is present and has non-white-space content. */
bool wp_attr_nonblank(xmlNodePtr node, const char *name);
/* Case-insensitive comparison of an attribute value, ignoring white space
 * around it. */
bool wp_attr_is(xmlNodePtr node, const char *name, const char *value);

xmlNodePtr page_by_id(const WcagPage *page, const char *id);
/* True when one of ids (separated by white space) names an element of the
 * page: an ID reference that reaches nothing gives no name, controls nothing. */
bool page_ids_reach(const WcagPage *page, const char *ids);

/* Not rendered: display:none on it or an ancestor, visibility:hidden. */
bool page_not_rendered(const WcagPage *page, xmlNodePtr el);
/* Left out of the accessibility tree: not rendered, or aria-hidden="true"
 * on it or an ancestor. */
bool page_excluded(const WcagPage *page, xmlNodePtr el);
/* An <area> of an image map that a shown image uses: in the accessibility
 * tree as a link of that image, although CSS never renders areas. */
bool page_area_exposed(const WcagPage *page, xmlNodePtr el);
/* Visually hidden but read by screen readers: off screen or clipped. */
bool page_visually_hidden(const WcagPage *page, xmlNodePtr el);
/* The part of page_visually_hidden that is about el itself, not its
 * ancestors: clipped, transparent or moved off screen here. */
bool page_hides_visually(const WcagPage *page, xmlNodePtr el);

/* The explicit role: the first token of role="..." this module knows and
 * that is not abstract, lower-cased into buf (32 bytes); NULL if none. */
const char *page_explicit_role(xmlNodePtr el, char *buf);
/* The role from the element's own semantics (HTML-AAM), or NULL. */
const char *page_implicit_role(const WcagPage *page, xmlNodePtr el);
/* The role assistive technology gets: explicit, then implicit, with the
 * presentational-role conflict resolution (role="none" on a focusable
 * element or one with global ARIA attributes is ignored). */
const char *page_role(const WcagPage *page, xmlNodePtr el, char *buf);

bool page_is_disabled(const WcagPage *page, xmlNodePtr el);
/* True when id is among the ids in aria-labelledby of a disabled element
 * (page_is_disabled): text that names a disabled control. */
bool page_labels_disabled_control(const WcagPage *page, const char *id);
/* Can take focus (by mouse or script); in_sequence: also reachable by Tab. */
bool page_focusable(const WcagPage *page, xmlNodePtr el, bool in_sequence);

void page_init(WcagPage *page, xmlDocPtr doc, CssDocument *styles, FindingList *out);
/* Puts styles in place of the page's (the page restyled for a colour
 * scheme): what depends on styles is worked out again, what comes from
 * the DOM alone (ids, labels) is kept.  The caller frees the contrast
 * rule's memo first. */
void page_set_styles(WcagPage *page, CssDocument *styles);
void page_free(WcagPage *page);

#endif
