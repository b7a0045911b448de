/* wcag.h: the automatic WCAG 2.2 AA checker.
 *
 * Checks one parsed page (a libxml2 HTML document) for what can be decided
 * from its HTML and CSS without layout or scripts: language, title, text
 * alternatives, accessible names, headings, ARIA, tables, meta refresh and
 * viewport, autocomplete, hidden focusable content, ways to bypass blocks,
 * text spacing and text contrast.  Each problem becomes a Finding naming
 * the rule (with its WCAG success criteria and W3C ACT rule ids) and saying
 * in plain words how to fix it.
 *
 * Scripts are not run, so what a script adds or changes is not seen;
 * doc/checker.md says, rule by rule, what each follows and cannot see.
 *
 * Styles come from <style> elements, style attributes and linked
 * stylesheets, which the caller loads (the build from its output tree,
 * `sayso check` relative to the file).  Parsed stylesheets are cached
 * across documents and threads; see css.h.
 */
#ifndef SAYSO_WCAG_H
#define SAYSO_WCAG_H

#include "findings.h"

#include <stddef.h>
#include <libxml/tree.h>

/* Returns the CSS text of the stylesheet at href (malloc'd, the checker
 * frees it) and its length, or NULL when it cannot be loaded. */
typedef char *(*StylesheetLoader)(void *data, const char *href, size_t *len);

struct CssDocument;

/* Called with the page's computed styles once the WCAG checks are done and
 * before the styles are freed, so another check (large print) can use the
 * same cascade instead of working it out again. */
typedef void (*StylesUser)(void *data, xmlDocPtr doc, const struct CssDocument *styles);

typedef struct WcagOptions {
    StylesheetLoader load_stylesheet;   /* NULL: linked stylesheets are ignored */
    void *loader_data;
    StylesUser use_styles;              /* may be NULL */
    void *styles_data;
} WcagOptions;

/* Checks doc and appends what it finds to out.  options may be NULL.
 * Safe to call from several threads on different documents. */
void wcag_check_document(xmlDocPtr doc, const WcagOptions *options, FindingList *out);

/* Every rule the checker can report, for documentation and settings:
 * fills *count and returns a static array of pointers. */
const Rule *const *wcag_rules(size_t *count);

#endif
