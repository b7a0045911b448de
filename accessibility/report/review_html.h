/* review_html.h: the small helpers the review pages (review_report.c,
 * review_sheet.c) make their markup with.  Inline, so each file keeps the
 * short names it was written with. */
#ifndef SAYSO_REVIEW_HTML_H
#define SAYSO_REVIEW_HTML_H

#include "dom.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static inline xmlNodePtr el(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *text)
{
    return dom_element(doc, parent, name, text);
}

static inline xmlNodePtr elf(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline xmlNodePtr elf(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    xmlNodePtr e = el(doc, parent, name, text);
    free(text);
    return e;
}

/* to_root: the way from the page being made back to the site root: "../"
 * from report/index.html, "../../" from report/SLUG/index.html. */
static inline xmlNodePtr link_to(xmlDocPtr doc, xmlNodePtr parent, const char *to_root, const char *page_path,
                          const char *text)
{
    char *href = xstrdup(page_path);
    if (str_ends_with(href, "index.html"))
        href[strlen(href) - strlen("index.html")] = '\0';
    char *url = xasprintf("%s%s", to_root, href);
    xmlNodePtr a = el(doc, parent, "a", text);
    dom_set(a, "href", url);
    free(url);
    free(href);
    return a;
}

#endif
