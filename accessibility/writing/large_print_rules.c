/* large_print_rules.c: large-print rules on computed styles (see large_print_rules.h). */
#include "large_print_rules.h"
#include "sentences.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const Rule rule_small = {
    "large-print-small-text", "large-print", LEVEL_ERROR, NULL, NULL,
    "Text is smaller than 16 point"
};
static const Rule rule_italic = {
    "large-print-italic", "large-print", LEVEL_WARNING, NULL, NULL, "Text is in italics"
};
static const Rule rule_underline = {
    "large-print-underline", "large-print", LEVEL_WARNING, NULL, NULL, "Text is underlined"
};
static const Rule rule_justified = {
    "large-print-justified", "large-print", LEVEL_WARNING, NULL, NULL, "Text is justified"
};
static const Rule rule_image_text = {
    "large-print-image-text", "large-print", LEVEL_NOTICE, "1.4.5", NULL,
    "Picture may contain words"
};

static const Rule *const all_rules[] = {
    &rule_small, &rule_italic, &rule_underline, &rule_justified, &rule_image_text,
};

const Rule *const *large_print_rules(size_t *count)
{
    *count = sizeof all_rules / sizeof *all_rules;
    return all_rules;
}

static bool is_tag(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static bool has_visible_text(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            return true;
    return false;
}

/* Links and the other things people click (a disclosure's summary, a
 * button) may keep an underline: it is how they show they can be used. */
static bool inside_control(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if ((is_tag(n, "a") && xmlHasProp(n, (const xmlChar *)"href")) || is_tag(n, "summary") ||
            is_tag(n, "button"))
            return true;
    return false;
}

/* One finding per rule per element: the pairs already reported. */
typedef struct Reported {
    struct { xmlNodePtr node; const Rule *rule; } *items;
    size_t count, cap;
} Reported;

static bool first_time(Reported *r, xmlNodePtr n, const Rule *rule)
{
    for (size_t i = r->count; i > 0; i--)     /* recent first: text nodes come in runs */
        if (r->items[i - 1].node == n && r->items[i - 1].rule == rule)
            return false;
    GROW(r->items, r->count, r->cap);
    r->items[r->count].node = n;
    r->items[r->count].rule = rule;
    r->count++;
    return true;
}

typedef struct Walk {
    const CssDocument *styles;
    FindingList *out;
    Reported reported;
} Walk;

static void excerpt_of(FindingList *out, size_t before, xmlNodePtr n)
{
    if (out->count == before)
        return;
    xmlChar *text = xmlNodeGetContent(n);
    findings_set_excerpt(out, (const char *)text);
    xmlFree(text);
}

static void check_text(Walk *w, xmlNodePtr text)
{
    xmlNodePtr el = text->parent;
    const CssStyle *st = css_style_of(w->styles, el);
    if (!st || css_is_hidden(w->styles, el) || st->clipped)
        return;
    size_t before = w->out->count;
    if (st->font_size_px + 0.005 < LARGE_PRINT_MIN_PX && first_time(&w->reported, el, &rule_small)) {
        double pt = st->font_size_px * 72.0 / 96.0;
        findings_add_node(w->out, &rule_small, el,
            "This text is %.1fpt (%.1fpx). Large print is never smaller than 16pt (21.33px): "
            "set its font-size in the theme to 1.5rem (18pt) or more.", pt, st->font_size_px);
        excerpt_of(w->out, before, el);
    }
    before = w->out->count;
    if (st->font_style != CSS_FONT_NORMAL && first_time(&w->reported, el, &rule_italic)) {
        findings_add_node(w->out, &rule_italic, el,
            "This text is in italics, which are hard to read in large print. Use bold for emphasis "
            "instead (font-style: normal; font-weight: bold).");
        excerpt_of(w->out, before, el);
    }
    before = w->out->count;
    if ((st->text_decoration & CSS_DECORATION_UNDERLINE) && !inside_control(el)) {
        /* Report at the element the underline comes from. */
        xmlNodePtr from = el;
        while (from->parent && from->parent->type == XML_ELEMENT_NODE) {
            const CssStyle *ps = css_style_of(w->styles, from->parent);
            if (!ps || !(ps->text_decoration & CSS_DECORATION_UNDERLINE))
                break;
            from = from->parent;
        }
        if (first_time(&w->reported, from, &rule_underline)) {
            findings_add_node(w->out, &rule_underline, from,
                "This text is underlined, which makes letters harder to tell apart in large print. "
                "Use bold for emphasis; keep underlines for links only.");
            excerpt_of(w->out, before, from);
        }
    }
    before = w->out->count;
    if (st->text_align == CSS_ALIGN_JUSTIFY && first_time(&w->reported, el, &rule_justified)) {
        findings_add_node(w->out, &rule_justified, el,
            "This text is justified. Uneven gaps between words make large print harder to follow: "
            "align it left (text-align: left).");
        excerpt_of(w->out, before, el);
    }
}

static size_t word_count(const char *s)
{
    size_t n = 0, pos = 0, len = strlen(s);
    TextWord w;
    while (text_next_word(s, len, &pos, &w))
        n++;
    return n;
}

static void check_image(Walk *w, xmlNodePtr img)
{
    if (css_is_hidden(w->styles, img))
        return;
    xmlChar *alt = xmlGetProp(img, (const xmlChar *)"alt");
    xmlChar *src = xmlGetProp(img, (const xmlChar *)"src");
    static const char *const wordy_names[] = {
        "banner", "flyer", "leaflet", "notice", "poster", "scan", "screenshot", "text",
    };
    bool wordy = alt && word_count((const char *)alt) > 12;
    const char *name = src ? path_basename((const char *)src) : "";
    for (size_t i = 0; !wordy && i < sizeof wordy_names / sizeof *wordy_names; i++)
        wordy = strcasestr(name, wordy_names[i]) != NULL;
    if (wordy) {
        size_t before = w->out->count;
        findings_add_node(w->out, &rule_image_text, img,
            "This picture seems to contain words. Words in a picture do not get bigger with the "
            "text and cannot be read aloud: put them in the page as text.");
        if (w->out->count > before)
            findings_set_excerpt(w->out, (const char *)(alt ? alt : src));
    }
    xmlFree(alt);
    xmlFree(src);
}

static void walk(Walk *w, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (has_visible_text(n->content) && n->parent && n->parent->type == XML_ELEMENT_NODE)
                check_text(w, n);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_tag(n, "script") || is_tag(n, "style") || is_tag(n, "template") ||
            is_tag(n, "noscript") || is_tag(n, "head") || is_tag(n, "svg"))
            continue;
        if (is_tag(n, "img"))
            check_image(w, n);
        walk(w, n->children);
    }
}

void large_print_check(xmlDocPtr doc, const CssDocument *styles, FindingList *out)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !styles)
        return;
    Walk w = { .styles = styles, .out = out };
    walk(&w, root);
    free(w.reported.items);
}

void large_print_check_sheets(xmlDocPtr doc, const CssStylesheet *const *sheets, size_t count,
                              FindingList *out)
{
    if (!doc)
        return;
    CssDocument *styles = css_document_compute(doc, sheets, count);
    large_print_check(doc, styles, out);
    css_document_free(styles);
}
