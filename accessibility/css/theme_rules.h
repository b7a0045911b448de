/* theme_rules.h: colour contrast of a theme's stylesheets, checked once
 * per build on the CSS itself, so a failing pair is reported at the line a
 * designer can change rather than on every page.
 *
 *   rule id                    level    what it finds
 *   theme-contrast             error    a rule's text colour against its own
 *                                       background, or against the page
 *                                       background when it sets none, under
 *                                       4.5:1 (3:1 for large text)
 *   theme-contrast-inherited   warning  a rule that sets only a background,
 *                                       against the page's text colour
 *                                       (a warning: a more specific rule may
 *                                       set the text colour on that background)
 *
 * The page background and text colour come from rules on :root, html or
 * body (white and black when the sheet sets none).  A stylesheet does not
 * say which element sits inside which, so two hints from the theme's own
 * writing stand in for the page: a rule that sets only a text colour is
 * checked against the background of a rule that uses the same colour value
 * with a background (".site-name { color: var(--header-text) }" against
 * ".site-header { background: var(--header); color: var(--header-text) }"),
 * and a rule that sets only a background on a modifier class
 * (".status-open") is checked against the base class's text colour
 * (".status"); backgrounds of pictures and form controls are skipped.  Large text is a rule
 * whose font-size is 24px or more, or 18.66px (14pt) or more and bold
 * (WCAG 2.2, 1.4.3).  Colours with alpha are blended over what is under
 * them.  Backgrounds that are images or gradients are skipped, as are
 * values that are not colours (inherit, currentColor, system colours).
 *
 * Custom properties.  A theme sets its colours as custom properties on
 * :root, and may offer other palettes (dark, high contrast) as rules that
 * only redefine them, such as html:has(#colours-dark:checked) {...} or
 * :root inside @media (prefers-color-scheme: dark).  Each such rule is a
 * palette: the :root values with its own on top.  Every pair is checked in
 * every palette, and a finding names the palette it fails in.
 *
 * The stylesheet is read by css.h (css_stylesheet_parse_source), the same
 * parser the page checks use, which keeps each rule's and declaration's
 * line; var() is substituted by the same engine too (css_vars_declare),
 * so fallbacks, nesting and cycles mean here what they mean on a page.
 */
#ifndef SAYSO_THEME_RULES_H
#define SAYSO_THEME_RULES_H

#include "findings.h"

#define THEME_CONTRAST_NORMAL 4.5
#define THEME_CONTRAST_LARGE  3.0

/* Checks the stylesheet text css (NUL-terminated), reporting at path:line. */
void theme_check_stylesheet(const char *css, const char *path, FindingList *out);

const Rule *const *theme_rules(size_t *count);

#endif
