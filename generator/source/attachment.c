/* attachment.c: HTML refused, SVG published only as a plain picture. */
#include "attachment.h"
#include "diag.h"
#include "dom.h"
#include "util.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <string.h>
#include <strings.h>

static bool has_extension(const char *name, const char *const *exts)
{
    const char *ext = path_extension(name);
    for (; *exts; exts++)
        if (!strcasecmp(ext, *exts))
            return true;
    return false;
}

/* A reference that stays inside the file ("#id") loads nothing. */
static bool reference_leaves_file(const char *value)
{
    while (*value && isspace((unsigned char)*value))
        value++;
    return *value && *value != '#';
}

/* url(...) or @import in a style that is not url(#...). */
static bool style_loads_something(const char *style)
{
    if (strcasestr(style, "@import"))
        return true;
    for (const char *p = style; (p = strcasestr(p, "url(")); p += 4) {
        const char *v = p + 4;
        while (*v == ' ' || *v == '"' || *v == '\'')
            v++;
        if (*v != '#')
            return true;
    }
    return false;
}

/* Why the SVG is not a plain picture, or NULL. */
static const char *svg_problem(xmlDocPtr doc)
{
    if (doc->intSubset || doc->extSubset)
        return "it declares a document type, whose entities a browser would expand";
    static const char *const active[] = {"script", "foreignObject", "iframe", "embed", "object",
                                         "handler", "listener", "animate", "set", NULL};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "svg") != 0)
        return "it is not an SVG picture (its top element is not <svg>)";
    for (xmlNodePtr n = (xmlNodePtr)doc; n; n = dom_next(n, (xmlNodePtr)doc)) {
        if (n->type == XML_PI_NODE)
            return "it holds a processing instruction, which can load a style sheet";
        if (n->type == XML_ENTITY_REF_NODE)
            return "it uses an entity";
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const char *const *a = active; *a; a++)
            if (!strcasecmp((const char *)n->name, *a))
                return "it holds a script, an animation or an embedded document";
        if (!strcasecmp((const char *)n->name, "style")) {
            xmlChar *text = xmlNodeGetContent(n);
            bool loads = text && style_loads_something((const char *)text);
            xmlFree(text);
            if (loads)
                return "its style sheet loads something from outside the file";
        }
        for (xmlAttrPtr at = n->properties; at; at = at->next) {
            const char *name = (const char *)at->name;
            xmlChar *value = xmlNodeListGetString(doc, at->children, 1);
            const char *v = value ? (const char *)value : "";
            const char *why = NULL;
            if (!strncasecmp(name, "on", 2))
                why = "it has an event handler (an on... attribute), which runs a script";
            else if ((!strcasecmp(name, "href") || !strcasecmp(name, "src")) && reference_leaves_file(v))
                why = "it links to or loads something outside the file";
            else if (!strcasecmp(name, "style") && style_loads_something(v))
                why = "a style in it loads something from outside the file";
            xmlFree(value);
            if (why)
                return why;
        }
    }
    return NULL;
}

bool attachment_publishable(const char *path, const char *display)
{
    static const char *const html[] = {".html", ".htm", ".xhtml", ".shtml", ".xht", ".mhtml", NULL};
    static const char *const svg[] = {".svg", ".svgz", NULL};
    if (has_extension(path, html)) {
        diag_error(display, 0, "a web page in a consultation's folder would be published as it is, "
                   "unchecked: sayso makes and checks the pages, so put this text in index.md instead");
        return false;
    }
    if (!has_extension(path, svg))
        return true;
    size_t len;
    char *data = read_file(path, &len);
    xmlDocPtr doc = data && len < (size_t)1 << 30
                        ? xmlReadMemory(data, (int)len, NULL, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                        : NULL;
    free(data);
    const char *why = doc ? svg_problem(doc) : "it is not well-formed XML, so it cannot be checked";
    if (why)
        diag_error(display, 0, "this SVG is not published because %s: a picture a browser may open "
                   "as part of the site must be a plain drawing (export it again, or use a PNG)", why);
    xmlFreeDoc(doc);
    return why == NULL;
}
