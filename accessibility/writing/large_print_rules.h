/* large_print_rules.h: what a large-print page promises, checked on the
 * styles the page really gets.
 *
 * The UK Association for Accessible Formats (UKAAF) sets the standard for
 * large print: 16pt is the smallest size that may be called large print
 * (18pt is usual), sans serif, left aligned with a ragged right edge, bold
 * rather than italics or underlining for emphasis, and no words in
 * pictures.  These rules read the computed style (css.h: cascade, then
 * inheritance) of every element that holds visible text in the page body:
 *
 *   rule id                   level    what it finds
 *   large-print-small-text    error    text under 16pt (21.33px)
 *   large-print-italic        warning  italic or oblique text
 *   large-print-underline     warning  underlined text that is not a link
 *   large-print-justified     warning  justified text
 *   large-print-image-text    notice   a picture that seems to hold words
 *
 * Links (and the other things people click: a <summary>, a <button>) keep
 * their underline.  On screen, WCAG 1.4.1 (Use of Color) needs
 * links in running text to stand out by more than colour, and the
 * underline is the cue everyone knows; taking it away to follow UKAAF's
 * print advice would fail WCAG, so underlined links are not reported.  The
 * theme's print stylesheet can drop the underline on paper, where links
 * cannot be followed anyway.
 *
 * A picture "seems to hold words" when its text alternative is long (more
 * than 12 words: that much text is usually what the picture says) or its
 * file name says poster, leaflet, flyer, banner, screenshot, scan, notice
 * or text.  This cannot be sure, so it is a notice.
 *
 * Text that is not shown (display:none, visibility:hidden, the 1px "visually
 * hidden" pattern) is not checked: nobody reads it in print.  Each element
 * is reported once per rule, at the element.
 */
#ifndef SAYSO_LARGE_PRINT_RULES_H
#define SAYSO_LARGE_PRINT_RULES_H

#include <libxml/tree.h>

#include "css.h"
#include "findings.h"

#define LARGE_PRINT_MIN_PX (16.0 * 96.0 / 72.0)   /* 16pt = 21.33px */

/* Checks the body of doc with styles already computed for it
 * (css_document_compute), so a caller that also runs the WCAG checks can
 * share them. */
void large_print_check(xmlDocPtr doc, const CssDocument *styles, FindingList *out);

/* The same, computing the styles from sheets (in cascade order). */
void large_print_check_sheets(xmlDocPtr doc, const CssStylesheet *const *sheets, size_t count,
                              FindingList *out);

const Rule *const *large_print_rules(size_t *count);

#endif
