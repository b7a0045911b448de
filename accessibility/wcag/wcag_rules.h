/* wcag_rules.h: the groups of rules wcag.c runs on a page.  Internal. */
#ifndef SAYSO_WCAG_RULES_H
#define SAYSO_WCAG_RULES_H

#include "wcag_accname.h"
#include "wcag_page.h"
#include "wcag_rule_list.h"

/* Page-level: language, title, meta refresh and viewport, bypass blocks. */
void wcag_check_page_rules(WcagPage *page);
/* Per element: text alternatives and accessible names, headings. */
void wcag_check_names(WcagPage *page, xmlNodePtr el);
/* Per element: ARIA roles, attributes, ownership, hidden focusable content. */
void wcag_check_aria(WcagPage *page, xmlNodePtr el);
/* Per element: table headers. */
void wcag_check_tables(WcagPage *page, xmlNodePtr el);
/* Per element: autocomplete, text spacing, language of parts, link text. */
void wcag_check_forms_and_text(WcagPage *page, xmlNodePtr el);
/* Per text node: contrast.  What it keeps about the page's elements is
 * freed by wcag_contrast_free, after the walk. */
void wcag_check_contrast(WcagPage *page, xmlNodePtr text);
void wcag_contrast_free(WcagPage *page);
/* After the walk: heading levels (sayso's own rule). */
void wcag_check_heading_order(WcagPage *page);


#endif
