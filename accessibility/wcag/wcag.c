/* wcag.c: runs the WCAG rules over one page.
 *
 * The page's styles are computed once (css.h), then one walk over the
 * DOM hands each element to the rule groups and each text node to the
 * contrast check, so the cost grows with the size of the page only.
 */
#include "wcag.h"
#include "css.h"
#include "util.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A media attribute that leaves the sheet out of the screen rendering. */
static bool media_excludes_screen(const char *media)
{
    if (!media || !*media)
        return false;
    return !strcasestr(media, "screen") && !strcasestr(media, "all") &&
           (strcasestr(media, "print") || strcasestr(media, "speech"));
}

static bool rel_has_stylesheet(const char *rel)
{
    if (!rel)
        return false;
    for (const char *p = rel; *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p - s == 10 && !strncasecmp(s, "stylesheet", 10))
            return true;
        if (p - s == 9 && !strncasecmp(s, "alternate", 9))
            return false;   /* alternate sheets are off until chosen */
    }
    return false;
}

typedef struct SheetList {
    const CssStylesheet **items;
    CssStylesheet **owned;      /* parsed from <style>: freed after the page */
    size_t count, owned_count, cap;
} SheetList;

static void add_sheet(SheetList *l, const CssStylesheet *sheet, CssStylesheet *owned)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
        l->owned = xrealloc(l->owned, l->cap * sizeof *l->owned);
    }
    l->items[l->count++] = sheet;
    if (owned)
        l->owned[l->owned_count++] = owned;
}

/* Collects <style> and <link rel=stylesheet> in document order, which is
 * their order in the cascade.  The walk follows parent links instead of
 * recursing, so a page nested however deep cannot exhaust the stack. */
static void collect_sheets(xmlNodePtr root, const WcagOptions *options, SheetList *sheets)
{
    xmlNodePtr n = root;
    while (n) {
        bool descend = false;
        if (!wp_is_element(n) || wp_is_tag(n, "template")) {
            /* nothing here styles the page */
        } else if (wp_is_tag(n, "style")) {
            if (!media_excludes_screen(wp_attr(n, "media"))) {
                xmlChar *text = xmlNodeGetContent(n);
                if (text) {
                    CssStylesheet *s = css_stylesheet_parse((const char *)text,
                                                            strlen((const char *)text));
                    add_sheet(sheets, s, s);
                    xmlFree(text);
                }
            }
        } else if (wp_is_tag(n, "link")) {
            if (rel_has_stylesheet(wp_attr(n, "rel")) && wp_attr_nonblank(n, "href") &&
                !media_excludes_screen(wp_attr(n, "media")) && options &&
                options->load_stylesheet) {
                size_t len = 0;
                char *text = options->load_stylesheet(options->loader_data, wp_attr(n, "href"),
                                                      &len);
                if (text) {
                    add_sheet(sheets, css_cache_get(text, len), NULL);
                    free(text);
                }
            }
        } else {
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
}

static void walk(WcagPage *page, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (wp_is_element(n)) {
            if (wp_is_tag(n, "template") || wp_is_tag(n, "script") || wp_is_tag(n, "style") ||
                wp_is_tag(n, "noscript"))
                continue;
            /* Counted here so rules need not walk the ancestors to know. */
            int svg = wp_is_tag(n, "svg");
            page->walk_svg_depth += svg;
            wcag_check_names(page, n);
            wcag_check_aria(page, n);
            wcag_check_tables(page, n);
            wcag_check_forms_and_text(page, n);
            walk(page, n->children);
            page->walk_svg_depth -= svg;
        } else if (n->type == XML_TEXT_NODE) {
            wcag_check_contrast(page, n);
        }
    }
}

void wcag_check_document(xmlDocPtr doc, const WcagOptions *options, FindingList *out)
{
    if (!doc || !xmlDocGetRootElement(doc))
        return;
    SheetList sheets = {0};
    collect_sheets(xmlDocGetRootElement(doc), options, &sheets);
    CssDocument *styles = css_document_compute(doc, sheets.items, sheets.count);
    WcagPage page;
    page_init(&page, doc, styles, out);
    wcag_check_page_rules(&page);
    page.walk_svg_depth = 0;
    walk(&page, page.root);
    page.walk_svg_depth = -1;
    wcag_check_heading_order(&page);
    wcag_contrast_free(&page);
    page_free(&page);
    if (options && options->use_styles)
        options->use_styles(options->styles_data, doc, styles);
    css_document_free(styles);
    for (size_t i = 0; i < sheets.owned_count; i++)
        css_stylesheet_free(sheets.owned[i]);
    free(sheets.items);
    free(sheets.owned);
}
