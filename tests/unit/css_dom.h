/* css_dom.h: shared by the CSS engine's tests (test_css*): a page parsed
 * as the build parses it, styled with one author stylesheet. */
#ifndef SAYSO_CSS_DOM_H
#define SAYSO_CSS_DOM_H

#include "css.h"

#include <libxml/HTMLparser.h>
#include <string.h>

static inline xmlDocPtr parse(const char *html)
{
    return htmlReadMemory(html, (int)strlen(html), "test.html", "UTF-8",
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                          XML_PARSE_HUGE);
}

static inline xmlNodePtr find_id(xmlNodePtr root, const char *id)
{
    /* Iterative: some documents here are very deep. */
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
            bool match = v && !strcmp((const char *)v, id);
            xmlFree(v);
            if (match)
                return n;
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
    return NULL;
}

/* A page styled with one author stylesheet. */
typedef struct Styled {
    xmlDocPtr doc;
    CssStylesheet *sheet;
    CssDocument *styles;
} Styled;

static inline Styled style(const char *css, const char *html)
{
    Styled s;
    s.doc = parse(html);
    s.sheet = css_stylesheet_parse(css, strlen(css));
    const CssStylesheet *sheets[] = {s.sheet};
    s.styles = css_document_compute(s.doc, sheets, 1);
    return s;
}

static inline const CssStyle *of(const Styled *s, const char *id)
{
    xmlNodePtr el = find_id(xmlDocGetRootElement(s->doc), id);
    assert_non_null(el);
    const CssStyle *st = css_style_of(s->styles, el);
    assert_non_null(st);
    return st;
}

static inline void done(Styled *s)
{
    css_document_free(s->styles);
    css_stylesheet_free(s->sheet);
    xmlFreeDoc(s->doc);
}

#endif
