/* css.h: enough CSS to know how each element of a page will look.
 *
 * The accessibility checks need a handful of computed values (colours,
 * font size and weight, whether an element is displayed) without a
 * browser.  This module parses stylesheets into rules, matches them against
 * a libxml2 HTML document, runs the cascade (origin, !important,
 * specificity, order, inline style) and inheritance once per document, and
 * answers "what is the computed style of this element".
 *
 * What is covered: comments, @media (screen/all rules apply, print-only and
 * other media are skipped), @supports (contents kept), other at-rules
 * skipped; selectors with type, class, id, attribute ([a], =, ~=, |=, ^=,
 * $=, *=), universal, descendant, child, adjacent and general sibling
 * combinators, :root, :not(), :is(), :where(), :first-child, :last-child,
 * :only-child, :link, :empty, :checked, and :has() on the root element.  Dynamic pseudo-classes (:hover, :focus, ...) and
 * pseudo-elements never match: they describe states or boxes that are not
 * there when the page is first shown.  Units: px, pt, pc, in, cm, mm, em,
 * rem, ex, ch, %, and the font-size keywords.  Colours: #rgb, #rgba,
 * #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), hsla(), named colours,
 * transparent and currentColor.
 *
 * Custom properties (CSS Custom Properties Level 1): "--x" declarations
 * cascade and inherit like any property; var(--x) and var(--x, fallback),
 * nested, are substituted when each element's values are computed; a var()
 * that cannot be substituted (undefined without fallback, or a cycle)
 * makes the declaration invalid at computed-value time, so the property
 * acts as unset.
 *
 * Parsed stylesheets are immutable, so one parse can be shared by every
 * thread; css_cache_get() keeps them keyed by their text.
 */
#ifndef SAYSO_CSS_H
#define SAYSO_CSS_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

/* A colour with channels 0..255 and alpha 0..1. */
typedef struct CssColor {
    double r, g, b, a;
} CssColor;

/* Parses a CSS colour value ("#fff", "rgb(0 0 0 / 50%)", "navy").
 * Returns false when text is not a colour this module knows. */
bool css_parse_color(const char *text, CssColor *out);

/* WCAG 2 relative luminance (0..1) of an opaque colour. */
double css_relative_luminance(CssColor c);
/* WCAG 2 contrast ratio (1..21) of two opaque colours. */
double css_contrast_ratio(CssColor a, CssColor b);
/* Paints top over bottom (alpha compositing); the result is opaque when
 * bottom is. */
CssColor css_blend(CssColor top, CssColor bottom);

typedef enum { CSS_FONT_NORMAL, CSS_FONT_ITALIC, CSS_FONT_OBLIQUE } CssFontStyle;
typedef enum {
    CSS_ALIGN_START, CSS_ALIGN_LEFT, CSS_ALIGN_RIGHT, CSS_ALIGN_CENTER,
    CSS_ALIGN_JUSTIFY, CSS_ALIGN_END
} CssTextAlign;
enum { CSS_DECORATION_UNDERLINE = 1, CSS_DECORATION_OVERLINE = 2,
       CSS_DECORATION_LINE_THROUGH = 4 };

typedef enum {
    CSS_BG_NONE,        /* no background image */
    CSS_BG_GRADIENT,    /* a gradient: its colour stops are known */
    CSS_BG_IMAGE        /* url() or anything else whose colours are unknown */
} CssBackgroundKind;

#define CSS_MAX_STOPS 8

/* The computed values of one element, after cascade and inheritance. */
typedef struct CssStyle {
    bool display_none;          /* display: none on this element */
    bool display_contents;      /* display: contents */
    bool visibility_hidden;     /* visibility: hidden or collapse (inherited) */
    CssColor color;             /* opaque or not; never currentColor */
    CssColor background_color;  /* transparent unless set */
    CssBackgroundKind background_kind;
    CssColor stops[CSS_MAX_STOPS];  /* gradient colour stops */
    int stop_count;
    double opacity;             /* this element's own opacity, 0..1 */
    double font_size_px;
    int font_weight;            /* 100..900; bold is 700 */
    CssFontStyle font_style;
    unsigned text_decoration;   /* CSS_DECORATION_* bits on this element */
    CssTextAlign text_align;
    bool has_text_shadow;
    CssColor text_shadow_color; /* first shadow's colour */
    bool clipped;               /* position absolute + clip/1px box: visually hidden */
} CssStyle;

typedef struct CssStylesheet CssStylesheet;

/* Parses CSS text (need not be NUL-terminated).  Never fails: what cannot
 * be understood is skipped, as browsers do. */
CssStylesheet *css_stylesheet_parse(const char *text, size_t len);
void css_stylesheet_free(CssStylesheet *sheet);
size_t css_stylesheet_rule_count(const CssStylesheet *sheet);

/* True when a rule of sheet reads whether the element with this id is
 * checked (html:has(#colours-dark:checked)): a choice that restyles the
 * page without script, such as a settings panel's colour schemes. */
bool css_stylesheet_reads_checked(const CssStylesheet *sheet, const char *id);

/* The stylesheet as written, for checks that report at its lines
 * (theme_rules.h): every style rule, in order, with the @media around it
 * described by CSS_MEDIA_* bits; rules under media other than screen are
 * kept here but take no part in the cascade. */
enum {
    CSS_MEDIA_NOT_SCREEN = 1,   /* inside @media that a plain screen does not match */
    CSS_MEDIA_PRINT = 2,        /* ... print, speech or forced colours */
    CSS_MEDIA_DARK = 4,         /* ... (prefers-color-scheme: dark) */
};
typedef struct CssSourceDecl {
    const char *property;   /* lower case; custom properties keep their case */
    const char *value;      /* comments removed, white space collapsed, no !important */
    int line;
    bool important;
} CssSourceDecl;
typedef struct CssSourceRule {
    const char *selector;   /* white space collapsed */
    int line;
    unsigned media;
    const CssSourceDecl *decls;
    size_t count;
} CssSourceRule;

/* Parses like css_stylesheet_parse() and keeps the source view too. */
CssStylesheet *css_stylesheet_parse_source(const char *text, size_t len);
const CssSourceRule *css_stylesheet_source(const CssStylesheet *sheet, size_t *count);

/* A process-wide cache of parsed stylesheets keyed by their text, so pages
 * sharing one theme parse it once.  Safe to call from several threads.
 * The returned sheet lives until css_cache_clear(). */
const CssStylesheet *css_cache_get(const char *text, size_t len);
void css_cache_clear(void);

/* The computed styles of every element of one document. */
typedef struct CssDocument CssDocument;

/* Runs the cascade over doc with the browser defaults, then sheets in
 * order (author origin), then each element's style attribute. */
CssDocument *css_document_compute(xmlDocPtr doc, const CssStylesheet *const *sheets,
                                  size_t sheet_count);
void css_document_free(CssDocument *styles);

/* Styles doc again after only attributes named in changed[] were set,
 * removed or renamed on its elements (checking a radio button, say),
 * given before, its styles computed earlier with sheets that must still
 * be alive.  The result is what css_document_compute() would give now;
 * it is cheaper because each element keeps the rules it matched before
 * whose selectors read none of those attributes, and only the rules that
 * read one (:checked reads checked, selected and type; [a] reads a; :is,
 * :not and :has read what their arguments read) are matched again.
 * Values are computed afresh: custom properties inherit, so a change on
 * one element may change the values of every element below it.  before
 * keeps which rules read the names, for its next restyle.  A document
 * made by a restyle keeps no matched rules, so restyling it styles the
 * page afresh (the same styles, at a full cascade's cost). */
CssDocument *css_document_restyle(CssDocument *before, xmlDocPtr doc,
                                  const char *const *changed, size_t changed_count);

/* The computed style of an element, or NULL for nodes that are not
 * elements of the document (or are inside a display:none subtree's
 * non-rendered parts, e.g. <head>, which still get a style). */
const CssStyle *css_style_of(const CssDocument *styles, xmlNodePtr element);

/* Every styled element has a number, its place in document order from 0
 * to css_element_count() - 1, so a caller can keep its own per-element
 * data in a plain array.  SIZE_MAX for nodes without a style. */
size_t css_element_count(const CssDocument *styles);
size_t css_element_index(const CssDocument *styles, xmlNodePtr element);

/* True when the element or an ancestor has display:none, or the element
 * inherits visibility:hidden: the element is not rendered. */
bool css_is_hidden(const CssDocument *styles, xmlNodePtr element);

/* The computed value of a custom property ("--muted") on an element, with
 * every var() in it substituted; NULL when it has none (never declared,
 * initial, or invalid at computed-value time, as in a var() cycle). */
const char *css_custom_property(const CssDocument *styles, xmlNodePtr element,
                                const char *name);

/* Custom properties without a document, for checks of a stylesheet alone
 * (theme_rules.h): the same computation the cascade runs per element.
 * css_vars_declare() returns the custom properties of an element whose
 * parent has `parent` (NULL: none) and that declares names[i]: values[i]
 * in cascade order (later wins); var() among them is substituted and
 * cycles are invalid, as on a page.  Names not starting "--" are skipped. */
typedef struct CssVars CssVars;
CssVars *css_vars_declare(const CssVars *parent, const char *const *names,
                          const char *const *values, size_t count);
void css_vars_free(CssVars *vars);
const char *css_vars_get(const CssVars *vars, const char *name);
/* value with var() substituted (a new string), or NULL when it is invalid
 * at computed-value time. */
char *css_vars_substitute(const CssVars *vars, const char *value);

/* Parses one declaration value for a length in px, given the font size
 * em is relative to (and rem's root size).  Percentages resolve against
 * percent_base.  Returns false if the value is not a length. */
bool css_parse_length(const char *text, double em_px, double rem_px, double percent_base,
                      double *px);

#endif
