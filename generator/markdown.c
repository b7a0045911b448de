/* markdown.c: Markdown to DOM with cmark-gfm and libxml2. */
#include "markdown.h"
#include "diag.h"
#include "dom.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ATTR_SOURCE   "data-sayso-source"
#define ATTR_LINE     "data-sayso-line"
#define ATTR_TEMPLATE "data-sayso-template"
#define ATTR_POS      "data-sourcepos"
#define LINE_MARKER   "sayso-line:"

static const char *const extension_names[] = {"table", "autolink", "strikethrough", "tasklist"};

void markdown_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    xmlInitParser();
}

/* Warns once per raw HTML node when raw HTML is off (cmark drops it), and
 * marks each raw HTML block with its line when it is on. */
static void handle_raw_html(cmark_node *root, const SourceText *src, bool raw_html, bool repeat)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    cmark_node *pending[64];
    int pending_lines[64];
    size_t npending = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !raw_html && !repeat) {
            /* cmark empties these addresses in safe mode; say so rather than
             * leave a link that goes nowhere. */
            const char *url = cmark_node_get_url(n);
            static const char *const unsafe[] = {"javascript:", "vbscript:", "file:", "data:"};
            for (size_t i = 0; url && i < sizeof unsafe / sizeof unsafe[0]; i++)
                if (!strncasecmp(url, unsafe[i], strlen(unsafe[i])) &&
                    !(t == CMARK_NODE_IMAGE && !strncasecmp(url, "data:image/", 11)))
                    diag_warning(src->path, cmark_node_get_start_line(n) + src->first_line - 1,
                                 "%s addresses are not allowed, so this %s goes nowhere: use a web "
                                 "address (https://...) or a file in the pack", unsafe[i],
                                 t == CMARK_NODE_LINK ? "link" : "image");
            continue;
        }
        if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE)
            continue;
        int line = cmark_node_get_start_line(n) + src->first_line - 1;
        if (!raw_html) {
            const char *lit = cmark_node_get_literal(n);
            /* An HTML comment is harmless to drop; anything else is content lost. */
            if (lit && strncmp(lit, "<!--", 4) != 0 && !repeat)
                diag_warning(src->path, line, "raw HTML is turned off, so this is left out of the page: "
                             "write it in Markdown, or set `markdown: {raw_html: true}` in site.yml");
        } else if (t == CMARK_NODE_HTML_BLOCK && npending < 64) {
            pending[npending] = n;
            pending_lines[npending++] = cmark_node_get_start_line(n);
        }
    }
    cmark_iter_free(it);
    /* Insert the markers after the walk: changing the tree while iterating is not allowed. */
    for (size_t i = 0; i < npending; i++) {
        cmark_node *marker = cmark_node_new(CMARK_NODE_HTML_BLOCK);
        char text[48];
        snprintf(text, sizeof text, "<!--" LINE_MARKER "%d-->", pending_lines[i]);
        cmark_node_set_literal(marker, text);
        cmark_node_insert_before(pending[i], marker);
    }
}

static char *render_html(const SourceText *src, bool raw_html, bool repeat)
{
    int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_SMART | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
    if (raw_html)
        options |= CMARK_OPT_UNSAFE;
    cmark_parser *parser = cmark_parser_new(options);
    for (size_t i = 0; i < sizeof extension_names / sizeof extension_names[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extension_names[i]);
        if (ext)
            cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, src->text ? src->text : "", src->text ? src->length : 0);
    cmark_node *doc = cmark_parser_finish(parser);
    handle_raw_html(doc, src, raw_html, repeat);
    char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
    cmark_node_free(doc);
    cmark_parser_free(parser);
    return html;
}

/* Moves every heading down one level when the body has an h1: the page
 * title is the page's only h1. */
static void demote_headings(xmlNodePtr root)
{
    bool has_h1 = false;
    for (xmlNodePtr n = dom_next(root, root); n; n = dom_next(n, root))
        if (dom_is(n, "h1"))
            has_h1 = true;
    if (!has_h1)
        return;
    for (xmlNodePtr n = dom_next(root, root); n; n = dom_next(n, root)) {
        int level = dom_heading_level(n);
        if (level >= 1 && level < 6) {
            char name[3] = {'h', (char)('0' + level + 1), '\0'};
            xmlNodeSetName(n, BAD_CAST name);
        }
    }
}

xmlNodePtr markdown_render(xmlDocPtr doc, const SourceText *src, const MarkdownOptions *options)
{
    char *html = render_html(src, options->raw_html, options->repeat);
    xmlNodePtr div = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
    xmlNewProp(div, BAD_CAST "class", BAD_CAST "prose");
    xmlNewProp(div, BAD_CAST ATTR_SOURCE, BAD_CAST src->path);
    char line[16];
    snprintf(line, sizeof line, "%d", src->first_line);
    xmlNewProp(div, BAD_CAST ATTR_LINE, BAD_CAST line);
    dom_append_html(div, html, strlen(html));
    free(html);
    demote_headings(div);
    return div;
}

void markdown_heading_ids(xmlNodePtr root)
{
    StrList used = {0};
    for (xmlNodePtr n = dom_next(root, root); n; n = dom_next(n, root)) {
        char *id = dom_attr(n, "id");
        if (id)
            sl_push_owned(&used, id);
    }
    for (xmlNodePtr n = dom_next(root, root); n; n = dom_next(n, root)) {
        if (dom_heading_level(n) < 2 || xmlHasProp(n, BAD_CAST "id"))
            continue;
        char *text = node_text(n);
        char *base = slugify(text);
        free(text);
        if (!*base) {
            free(base);
            base = xstrdup("section");
        }
        char *id = xstrdup(base);
        for (int k = 2; sl_contains(&used, id); k++) {
            free(id);
            id = xasprintf("%s-%d", base, k);
        }
        xmlSetProp(n, BAD_CAST "id", BAD_CAST id);
        sl_push_owned(&used, id);
        free(base);
    }
    sl_free(&used);
}

/* The start line in data-sourcepos="12:1-14:7". */
static int sourcepos_line(xmlNodePtr n)
{
    const char *v = dom_attr_ref(n, ATTR_POS);
    return v ? atoi(v) : 0;
}

/* The line of a raw HTML block marker just before n or an ancestor of n. */
static int marker_line(xmlNodePtr n, xmlNodePtr stop)
{
    for (; n && n != stop; n = n->parent)
        for (xmlNodePtr s = n->prev; s; s = s->prev) {
            if (s->type == XML_COMMENT_NODE && s->content &&
                !strncmp((const char *)s->content, LINE_MARKER, strlen(LINE_MARKER)))
                return atoi((const char *)s->content + strlen(LINE_MARKER));
            if (s->type == XML_ELEMENT_NODE && sourcepos_line(s))
                return 0;   /* a Markdown block came between: the marker is not ours */
        }
    return 0;
}

bool markdown_locate(void *data, xmlNodePtr node, const char **file, int *line)
{
    (void)data;
    int rel = 0;
    long template_line = 0;
    for (xmlNodePtr n = node; n && n->type != XML_DOCUMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE; n = n->parent) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!rel)
            rel = sourcepos_line(n);
        if (!template_line && n->line > 0 && n->line < 65535)
            template_line = n->line;
        const char *src = dom_attr_ref(n, ATTR_SOURCE);
        if (src) {
            if (!rel)
                rel = marker_line(node, n);
            const char *first = dom_attr_ref(n, ATTR_LINE);
            int offset = first ? atoi(first) : 1;
            *file = src;
            *line = rel && offset > 0 ? rel + offset - 1 : 0;
            return true;
        }
        const char *tpl = dom_attr_ref(n, ATTR_TEMPLATE);
        if (tpl) {
            *file = tpl;
            *line = (int)template_line;
            return true;
        }
    }
    return false;
}

void markdown_strip_positions(xmlNodePtr root)
{
    static const char *const attrs[] = {ATTR_POS, ATTR_SOURCE, ATTR_LINE, ATTR_TEMPLATE};
    xmlNodePtr n = root;
    while (n) {
        xmlNodePtr next = dom_next(n, root);
        if (n->type == XML_ELEMENT_NODE) {
            for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
                xmlAttrPtr a = xmlHasProp(n, BAD_CAST attrs[i]);
                if (a)
                    xmlRemoveProp(a);
            }
        } else if (n->type == XML_COMMENT_NODE && n->content &&
                   !strncmp((const char *)n->content, LINE_MARKER, strlen(LINE_MARKER))) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
        n = next;
    }
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

char *slugify(const char *text)
{
    StrBuf sb;
    sb_init(&sb);
    bool hyphen = false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (hyphen && sb.len)
                sb_append_char(&sb, '-');
            hyphen = false;
            sb_append_char(&sb, (char)c);
        } else if (c < 0x80 && c != '\'') {
            hyphen = true;            /* apostrophes vanish: "what's" -> "whats" */
        } else if (c >= 0x80 && (c & 0xC0) != 0x80) {
            hyphen = true;            /* a non-ASCII character separates words */
        }
        if (sb.len >= 60)
            break;
    }
    return sb_take(&sb);
}
