/* dom.c: small conveniences over libxml2's tree. */
#include "dom.h"
#include "util.h"

#include <libxml/HTMLparser.h>
#include <string.h>

xmlNodePtr dom_next(xmlNodePtr n, xmlNodePtr root)
{
    if (n->children && n->type != XML_ENTITY_REF_NODE)
        return n->children;
    return dom_next_skip(n, root);
}

xmlNodePtr dom_next_skip(xmlNodePtr n, xmlNodePtr root)
{
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

xmlNodePtr dom_cut_deeper(xmlNodePtr root, int limit)
{
    xmlNodePtr first = NULL;
    int depth = 0;
    xmlNodePtr n = root->children;
    if (n)
        depth = 1;
    while (n) {
        if (n->children && n->type == XML_ELEMENT_NODE && depth >= limit) {
            if (!first)
                first = n;
            xmlNodePtr c = n->children;
            while (c) {
                xmlNodePtr next = c->next;
                xmlUnlinkNode(c);
                xmlFreeNode(c);
                c = next;
            }
        }
        if (n->children && n->type != XML_ENTITY_REF_NODE) {
            n = n->children;
            depth++;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            depth--;
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
    return first;
}

bool dom_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

int dom_heading_level(xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return 0;
    const char *s = (const char *)n->name;
    if ((s[0] == 'h' || s[0] == 'H') && s[1] >= '1' && s[1] <= '6' && !s[2])
        return s[1] - '0';
    return 0;
}

const char *dom_attr_ref(xmlNodePtr n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

char *dom_attr(xmlNodePtr n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE || !xmlHasProp(n, BAD_CAST name))
        return NULL;
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *copy = xstrdup(v ? (const char *)v : "");
    xmlFree(v);
    return copy;
}

bool dom_has_class(xmlNodePtr n, const char *cls)
{
    const char *v = dom_attr_ref(n, "class");
    size_t len = strlen(cls);
    while (v && *v) {
        while (*v == ' ' || *v == '\t' || *v == '\n')
            v++;
        const char *end = v;
        while (*end && *end != ' ' && *end != '\t' && *end != '\n')
            end++;
        if ((size_t)(end - v) == len && !strncmp(v, cls, len))
            return true;
        v = end;
    }
    return false;
}

xmlNodePtr dom_find_element(xmlNodePtr root, const char *name)
{
    for (xmlNodePtr n = root; n; n = dom_next(n, root))
        if (dom_is(n, name))
            return n;
    return NULL;
}

xmlNodePtr dom_find_by_id(xmlNodePtr root, const char *id)
{
    for (xmlNodePtr n = root; n; n = dom_next(n, root)) {
        const char *v = dom_attr_ref(n, "id");
        if (v && !strcmp(v, id))
            return n;
    }
    return NULL;
}

xmlNodePtr dom_element(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr e = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
    if (text && *text)
        xmlAddChild(e, xmlNewDocText(doc, BAD_CAST text));
    if (parent)
        xmlAddChild(parent, e);
    return e;
}

void dom_set(xmlNodePtr n, const char *name, const char *value)
{
    xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

void dom_remove(xmlNodePtr n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

void dom_clear(xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        dom_remove(c);
        c = next;
    }
}

/* XML_PARSE_HUGE (called HTML_PARSE_HUGE in later libxml2): without it
 * libxml2 stops at a text node of 10 MB and silently drops the rest of
 * the page. */
static const int parse_options = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE;

/* libxml2 parses HTML 4, where <source>, <track> and <wbr> are not empty
 * elements: what follows one becomes its child (the <img> of a <picture>,
 * a <video>'s fallback text), which nothing renders.  Put it back after
 * the element, where HTML5 parsers put it. */
void dom_close_void_elements(xmlNodePtr n)
{
    static const char *const voids[] = {"source", "track", "wbr", "embed", "param", "keygen", NULL};
    xmlNodePtr top = n ? n->parent : NULL;
    /* A loop, not recursion: pages from outside can nest deeper than the
     * stack allows before they are cut. */
    while (n) {
        if (n->type == XML_ELEMENT_NODE)
            for (const char *const *v = voids; *v && n->children; v++)
                if (!xmlStrcasecmp(n->name, BAD_CAST *v)) {
                    xmlNodePtr after = n;
                    for (xmlNodePtr c = n->children; c;) {
                        xmlNodePtr next = c->next;
                        xmlUnlinkNode(c);
                        xmlAddNextSibling(after, c);
                        after = c;
                        c = next;
                    }
                }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n->parent != top)
            n = n->parent;
        n = n ? n->next : NULL;
    }
}

xmlDocPtr dom_parse_document(const char *html, size_t len, const char *url)
{
    xmlDocPtr doc = htmlReadMemory(html, (int)len, url, "UTF-8", parse_options);
    if (doc)
        dom_close_void_elements(doc->children);
    return doc;
}

void dom_append_html(xmlNodePtr parent, const char *html, size_t len)
{
    /* Parse inside a wrapper of a throwaway document, then copy the nodes:
     * libxml2 2.9's in-context HTML fragment parser drops text in some
     * cases, while a whole document parses reliably. */
    static const char head[] = "<!DOCTYPE html><html><body><div id=\"sayso-fragment\">";
    static const char tail[] = "</div></body></html>";
    StrBuf sb;
    sb_init(&sb);
    sb_append_len(&sb, head, sizeof head - 1);
    sb_append_len(&sb, html, len);
    sb_append_len(&sb, tail, sizeof tail - 1);
    xmlDocPtr tmp = htmlReadMemory(sb.data, (int)sb.len, NULL, "UTF-8", parse_options);
    sb_free(&sb);
    if (!tmp)
        return;
    dom_close_void_elements(tmp->children);
    xmlNodePtr wrapper = dom_find_by_id(xmlDocGetRootElement(tmp), "sayso-fragment");
    if (wrapper && wrapper->children) {
        xmlNodePtr copy = xmlDocCopyNodeList(parent->doc, wrapper->children);
        xmlAddChildList(parent, copy);
    }
    xmlFreeDoc(tmp);
}

/* libxml2 knows HTML 4's empty elements only, so it closes HTML5's
 * <source> and <track>, an end tag HTML5 forbids: remove it. */
static size_t drop_void_end_tags(char *html, size_t n)
{
    static const char *const tags[] = {"</source>", "</track>", "</wbr>", NULL};
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t skip = 0;
        for (const char *const *t = tags; *t && !skip; t++)
            if (html[i] == '<' && html[i + 1] == '/' && !strncmp(html + i, *t, strlen(*t)))
                skip = strlen(*t);
        if (skip) {
            i += skip;
            continue;
        }
        html[out++] = html[i++];
    }
    html[out] = '\0';
    return out;
}

char *dom_serialize(xmlDocPtr doc, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buf, NULL);
    xmlOutputBufferWrite(out, 15, "<!DOCTYPE html>");
    xmlOutputBufferWrite(out, 1, "\n");
    htmlNodeDumpFormatOutput(out, doc, xmlDocGetRootElement(doc), "UTF-8", 0);
    xmlOutputBufferWrite(out, 1, "\n");
    xmlOutputBufferClose(out);
    size_t n = (size_t)xmlBufferLength(buf);
    char *result = xstrndup((const char *)xmlBufferContent(buf), n);
    xmlBufferFree(buf);
    n = drop_void_end_tags(result, n);
    if (len)
        *len = n;
    return result;
}

char *node_text(xmlNodePtr node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    StrBuf sb;
    sb_init(&sb);
    bool space = false;
    for (const char *p = (const char *)(raw ? raw : BAD_CAST ""); *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            sb_append_char(&sb, ' ');
        space = false;
        sb_append_char(&sb, *p);
    }
    xmlFree(raw);
    return sb_take(&sb);
}
