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

/* The next node after n in document order within root, or NULL; with
 * into false, n's children are skipped. */
static xmlNodePtr next_in_order(xmlNodePtr root, xmlNodePtr n, bool into)
{
    if (into && n->children)
        return n->children;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

static bool is_unrendered_container(xmlNodePtr n)
{
    return wp_is_tag(n, "template") || wp_is_tag(n, "script") || wp_is_tag(n, "style") ||
           wp_is_tag(n, "noscript");
}

/* A settings panel offers a handful of schemes; a page offering more is
 * checked in the first this many, since each costs a restyle. */
#define MAX_SCHEMES 16

/* The radio buttons a stylesheet reads through :checked and that are not
 * checked now: each is a scheme a reader can choose without script (a
 * settings panel's colours, in sayso's theme). */
static xmlNodePtr *scheme_choices(xmlNodePtr root, const SheetList *sheets, size_t *count)
{
    xmlNodePtr *found = NULL;
    size_t n = 0, cap = 0;
    for (xmlNodePtr k = root; k && n < MAX_SCHEMES; k = next_in_order(root, k, wp_is_element(k))) {
        if (!wp_is_element(k) || !wp_is_tag(k, "input") || wp_attr(k, "checked"))
            continue;
        const char *type = wp_attr(k, "type"), *id = wp_attr(k, "id");
        if (!type || strcasecmp(type, "radio") || !id || !*id)
            continue;
        bool read = false;
        for (size_t i = 0; i < sheets->count && !read; i++)
            read = css_stylesheet_reads_checked(sheets->items[i], id);
        if (!read)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            found = xrealloc(found, cap * sizeof *found);
        }
        found[n++] = k;
    }
    *count = n;
    return found;
}

/* The scheme's name as the reader sees it: its label's text, or its id. */
static char *choice_name(const WcagPage *page, xmlNodePtr choice)
{
    const char *id = wp_attr(choice, "id");
    for (size_t i = 0; i < page->label_count; i++) {
        const char *f = wp_attr(page->labels[i], "for");
        if (!f || strcmp(f, id))
            continue;
        xmlChar *text = xmlNodeGetContent(page->labels[i]);
        char *name = xstrdup(text ? str_trim((char *)text) : "");
        xmlFree(text);
        if (*name)
            return name;
        free(name);
    }
    return xstrdup(id);
}

static bool same_finding(const Finding *a, const Finding *b)
{
    return a->rule == b->rule && a->line == b->line &&
           !strcmp(a->message ? a->message : "", b->message ? b->message : "") &&
           !strcmp(a->excerpt ? a->excerpt : "", b->excerpt ? b->excerpt : "");
}

/* Checks text contrast again with each scheme chosen in turn, since each
 * is a set of custom properties the reader may pick.  A failure found
 * only in a scheme is reported naming it.  Each scheme restyles the page
 * from its standard styles (css_document_restyle), so only the rules
 * that read a radio's state are matched again. */
static void check_schemes(WcagPage *page, const SheetList *sheets)
{
    xmlDocPtr doc = page->doc;
    CssDocument *standard_styles = page->styles;
    FindingList *out = page->out;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    size_t count = 0;
    xmlNodePtr *choices = scheme_choices(root, sheets, &count);
    size_t standard = out->count;
    for (size_t c = 0; c < count; c++) {
        xmlNodePtr choice = choices[c];
        const char *group = wp_attr(choice, "name");
        /* Choose it: the other radios of its group are unchecked, by
         * renaming their attribute so the page is put back exactly. */
        xmlAttrPtr *unchecked = NULL;
        size_t unchecked_count = 0;
        for (xmlNodePtr k = root; k && group; k = next_in_order(root, k, wp_is_element(k))) {
            if (!wp_is_element(k) || !wp_is_tag(k, "input") || k == choice ||
                !wp_attr(k, "name") || strcmp(wp_attr(k, "name"), group))
                continue;
            xmlAttrPtr checked = xmlHasProp(k, (const xmlChar *)"checked");
            if (!checked)
                continue;
            unchecked = xrealloc(unchecked, (unchecked_count + 1) * sizeof *unchecked);
            unchecked[unchecked_count++] = checked;
            xmlNodeSetName((xmlNodePtr)checked, (const xmlChar *)"data-sayso-unchecked");
        }
        xmlSetProp(choice, (const xmlChar *)"checked", (const xmlChar *)"");

        /* Only these attributes changed since the standard styles. */
        static const char *const changed[] = {"checked", "data-sayso-unchecked"};
        CssDocument *styles = css_document_restyle(standard_styles, doc, changed, 2);
        FindingList found = *out;
        found.items = NULL;
        found.count = found.capacity = 0;
        page_set_styles(page, styles);
        page->out = &found;
        char *name = choice_name(page, choice);
        for (xmlNodePtr k = root; k;) {
            bool element = wp_is_element(k);
            if (!element && k->type == XML_TEXT_NODE)
                wcag_check_contrast(page, k);
            k = next_in_order(root, k, element && !is_unrendered_container(k));
        }
        wcag_contrast_free(page);
        page->styles = standard_styles;   /* excluded is stale: the page is freed next */
        page->out = out;
        css_document_free(styles);

        size_t kept = 0;
        for (size_t i = 0; i < found.count; i++) {
            Finding *f = &found.items[i];
            bool seen = false;
            for (size_t j = 0; j < standard && !seen; j++)
                seen = same_finding(f, &out->items[j]);
            if (seen) {
                free(f->file);
                free(f->message);
                free(f->excerpt);
                continue;
            }
            char *message = xasprintf("With the \"%s\" colours chosen in the page's settings: %s",
                                      name, f->message ? f->message : "");
            free(f->message);
            f->message = message;
            found.items[kept++] = *f;
        }
        found.count = kept;
        findings_move(out, &found);
        findings_free(&found);
        free(name);

        xmlUnsetProp(choice, (const xmlChar *)"checked");
        for (size_t i = 0; i < unchecked_count; i++)
            xmlNodeSetName((xmlNodePtr)unchecked[i], (const xmlChar *)"checked");
        free(unchecked);
    }
    free(choices);
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
    check_schemes(&page, &sheets);
    page_free(&page);
    if (options && options->use_styles)
        options->use_styles(options->styles_data, doc, styles);
    css_document_free(styles);
    for (size_t i = 0; i < sheets.owned_count; i++)
        css_stylesheet_free(sheets.owned[i]);
    free(sheets.items);
    free(sheets.owned);
}
