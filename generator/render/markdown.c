/* markdown.c: Markdown to DOM with cmark-gfm and libxml2. */
#include "markdown.h"
#include "diag.h"
#include "dom.h"
#include "language.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdint.h>
#include <stdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ATTR_SOURCE   "data-sayso-source"
#define ATTR_LINE     "data-sayso-line"
#define ATTR_AT       "data-sayso-at"     /* template text from one line of a file */
#define ATTR_TEMPLATE "data-sayso-template"
#define ATTR_POS      "data-sourcepos"
#define LINE_MARKER   "sayso-line:"

static const char *const extension_names[] = {"table", "autolink", "strikethrough", "tasklist"};

void markdown_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    xmlInitParser();
}

/* Text in another language inside a page (a Welsh place name in an English
 * page) is marked as <span lang="cy">Caerdydd</span>, which WCAG 3.1.2 asks
 * for.  CommonMark has no attribute syntax, so that one tag is let through
 * even when raw HTML is off: an opening <span lang="TAG"> with a usable tag
 * and its closing </span> among the later inline nodes of the same block.
 * Accepted pairs are marked on the nodes' user data. */
static char lang_span_mark;

/* The language of `<span lang="cy">` into out, or false. */
static bool lang_span_open(const char *lit, char out[36])
{
    if (!lit || strncmp(lit, "<span lang=", 11) != 0)
        return false;
    char quote = lit[11];
    if (quote != '"' && quote != '\'')
        return false;
    const char *start = lit + 12, *end = strchr(start, quote);
    if (!end || strcmp(end + 1, ">") != 0 || end - start >= 36 || end == start)
        return false;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return language_tag_usable(out);
}

static void mark_lang_spans(cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    char lang[36];
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE ||
            cmark_node_get_user_data(n) || !lang_span_open(cmark_node_get_literal(n), lang))
            continue;
        int depth = 0;
        for (cmark_node *s = cmark_node_next(n); s; s = cmark_node_next(s)) {
            if (cmark_node_get_type(s) != CMARK_NODE_HTML_INLINE || cmark_node_get_user_data(s))
                continue;
            if (lang_span_open(cmark_node_get_literal(s), lang)) {
                depth++;
            } else if (!strcmp(cmark_node_get_literal(s), "</span>") && depth-- == 0) {
                cmark_node_set_user_data(n, &lang_span_mark);
                cmark_node_set_user_data(s, &lang_span_mark);
                break;
            }
        }
    }
    cmark_iter_free(it);
}

/* cmark's scan_dangerous_url: these addresses are emptied unless raw HTML
 * is on.  Returns the scheme that makes url one ("data:"), or NULL. */
static const char *dangerous_scheme(const char *url)
{
    static const char *const schemes[] = {"javascript:", "vbscript:", "file:", "data:"};
    if (!strncasecmp(url, "data:image/", 11)) {
        static const char *const safe[] = {"png", "gif", "jpeg", "webp"};
        for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
            if (!strncasecmp(url + 11, safe[i], strlen(safe[i])))
                return NULL;
    }
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (!strncasecmp(url, schemes[i], strlen(schemes[i])))
            return schemes[i];
    return NULL;
}

/* Warns once per raw HTML node when raw HTML is off (cmark drops it), and
 * marks each raw HTML block with its line when it is on.  True when raw
 * HTML is on and the text has some. */
static bool handle_raw_html(cmark_node *root, const SourceText *src, bool raw_html, bool repeat)
{
    bool found = false;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    /* Every raw HTML block gets its line marker, however many there are. */
    cmark_node **pending = NULL;
    size_t npending = 0, cap = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !raw_html && !repeat) {
            /* cmark empties these addresses in safe mode; say so rather than
             * leave a link that goes nowhere. */
            const char *url = cmark_node_get_url(n);
            const char *scheme = url ? dangerous_scheme(url) : NULL;
            if (scheme)
                diag_warning(src->path, cmark_node_get_start_line(n) + src->first_line - 1,
                             "%s addresses are not allowed, so this %s goes nowhere: use a web "
                             "address (https://...) or a file in the pack", scheme,
                             t == CMARK_NODE_LINK ? "link" : "image");
            continue;
        }
        if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE)
            continue;
        if (cmark_node_get_user_data(n) == &lang_span_mark && !raw_html)
            continue;                 /* a language span: kept as Markdown's own */
        int line = cmark_node_get_start_line(n) + src->first_line - 1;
        found = found || raw_html;
        if (!raw_html) {
            const char *lit = cmark_node_get_literal(n);
            /* An HTML comment is harmless to drop; anything else is content lost. */
            if (lit && strncmp(lit, "<!--", 4) != 0 && !repeat)
                diag_warning(src->path, line, "raw HTML is turned off, so this is left out of the page: "
                             "write it in Markdown, or set `markdown: {raw_html: true}` in site.yml");
        } else if (t == CMARK_NODE_HTML_BLOCK) {
            GROW(pending, npending, cap);
            pending[npending++] = n;
        }
    }
    cmark_iter_free(it);
    /* Insert the markers after the walk: changing the tree while iterating is not allowed. */
    for (size_t i = 0; i < npending; i++) {
        cmark_node *marker = cmark_node_new(CMARK_NODE_HTML_BLOCK);
        char text[48];
        snprintf(text, sizeof text, "<!--" LINE_MARKER "%d-->", cmark_node_get_start_line(pending[i]));
        cmark_node_set_literal(marker, text);
        cmark_node_insert_before(pending[i], marker);
    }
    free(pending);
    return found;
}

/* cmark's leaf nodes: the iterator gives them no exit event. */
static bool is_leaf(cmark_node_type t)
{
    return t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_CODE_BLOCK ||
           t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
           t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE;
}

/* Blockquotes, lists or emphasis nested thousands deep make a page no one
 * can read, and every later walk over the page (the style cascade, the
 * checks, the name of each element) would have to go as deep.  So what is
 * nested deeper than MARKDOWN_MAX_DEPTH is an error at its line, and is
 * cut off, so the rest of the build sees a page of bounded depth. */
static void bound_depth(cmark_node *root, const SourceText *src, bool repeat)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    int depth = 0;
    cmark_node **cut = NULL;
    size_t ncut = 0, cap = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_EXIT) {
            depth--;
            continue;
        }
        if (is_leaf(cmark_node_get_type(n)))
            continue;
        if (depth < MARKDOWN_MAX_DEPTH) {
            depth++;
            continue;
        }
        if (!ncut && !repeat)
            diag_error(src->path, cmark_node_get_start_line(n) + src->first_line - 1,
                       "this is nested more than %d deep (quotes, lists or emphasis inside one another), "
                       "which no one could follow: make it flatter", MARKDOWN_MAX_DEPTH);
        GROW(cut, ncut, cap);
        cut[ncut++] = n;
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < ncut; i++)
        cmark_node_free(cut[i]);
    free(cut);
}

/* cmark's parse of src, with the raw HTML warnings and line markers done.
 * *raw_html_found says whether raw HTML will reach the page. */
/* True when the line starting at p (up to end) opens a footnote, as other
 * Markdown tools write one: up to three spaces, "[^name]:". */
static bool is_footnote_line(const char *p, const char *end)
{
    for (int spaces = 0; p < end && *p == ' ' && spaces < 3; spaces++)
        p++;
    if (end - p < 4 || p[0] != '[' || p[1] != '^')
        return false;
    const char *q = p + 2;
    while (q < end && *q != ']' && *q != ' ' && *q != '\n')
        q++;
    return q > p + 2 && q + 1 < end && q[0] == ']' && q[1] == ':';
}

/* cmark-gfm can make footnotes, but sayso leaves them as text: a reader on
 * a phone or with a screen reader loses their place jumping to the end of
 * the page and back.  Left as text, "[^1]: ..." would be published as it
 * stands, so the writer is told where, and what to do instead. */
static void warn_footnotes(cmark_node *root, const SourceText *src, bool repeat)
{
    if (repeat || !src->text)
        return;
    const char *text = src->text, *end = src->text + src->length;
    const char *at = text;      /* start of line `line` */
    int line = 1;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
            continue;
        int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
        if (first < line)
            continue;           /* paragraphs come in order of their lines */
        for (; line <= last && at < end; line++) {
            const char *eol = memchr(at, '\n', (size_t)(end - at));
            if (!eol)
                eol = end;
            if (line >= first && is_footnote_line(at, eol))
                diag_warning(src->path, line + src->first_line - 1,
                             "footnotes are not made into links, so this is published as it is written: "
                             "put the note in the sentence it belongs to, or in brackets after it");
            at = eol < end ? eol + 1 : end;
        }
    }
    cmark_iter_free(it);
}

static cmark_node *parse_markdown(const SourceText *src, bool raw_html, bool repeat,
                                  cmark_parser **parser_out, bool *raw_html_found)
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
    mark_lang_spans(doc);
    bound_depth(doc, src, repeat);
    *raw_html_found = handle_raw_html(doc, src, raw_html, repeat);
    warn_footnotes(doc, src, repeat);
    *parser_out = parser;
    return doc;
}

/* Raw HTML can open an element in one block and close it blocks later, and
 * libxml2's parser then nests the Markdown between inside it (or closes a
 * paragraph early).  Only the parser itself gets that right, so a text
 * with raw HTML in it still goes through cmark's HTML and libxml2. */
static void append_via_html(xmlNodePtr div, cmark_node *doc, cmark_parser *parser, bool raw_html)
{
    int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_SMART | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
    if (raw_html)
        options |= CMARK_OPT_UNSAFE;
    char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
    dom_append_html(div, html, strlen(html));
    free(html);
}

/* Building the DOM straight from cmark's tree.
 *
 * What comes out is exactly what libxml2 made of cmark's HTML (the pages
 * must not change): the same elements and attributes in the same order,
 * the same text nodes, including the line breaks cmark writes between
 * tags (libxml2 keeps white space as text), and the line each element
 * would have had in the parsed fragment.  Each case below mirrors a case
 * of cmark-gfm's html.c or of its table and tasklist extensions. */

typedef struct DomBuilder {
    xmlDocPtr doc;
    xmlNodePtr parent;      /* the element cmark's HTML would be inside now */
    StrBuf text;            /* text since the last tag: libxml2 makes one node of it */
    char last;              /* last byte cmark's HTML would hold, for its "\n if not at line start" */
    bool empty;             /* cmark's HTML so far is empty */
    int line;               /* line in the fragment libxml2 parsed, for xmlNode.line */
    bool table_header;      /* inside the table's header row: cells are th */
    bool table_body_open;
    bool failed;            /* met a node the HTML way knows and this one does not */
} DomBuilder;

/* libxml2 drops characters XML does not allow (C0 controls but tab, line
 * feed and carriage return; U+FFFE and U+FFFF) from text, so the text
 * appended leaves them out too. */
static void builder_text(DomBuilder *b, const char *s, size_t len)
{
    if (!len)
        return;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t skip = 0;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            skip = 1;
        else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
                 ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
            skip = 3;
        else if (c == '\n')
            b->line++;
        if (skip) {
            sb_append_len(&b->text, s + start, i - start);
            i += skip - 1;
            start = i + 1;
        }
    }
    sb_append_len(&b->text, s + start, len - start);
    b->last = s[len - 1];
    b->empty = false;
}

static void builder_flush(DomBuilder *b)
{
    if (!b->text.len)
        return;
    xmlNodePtr t = xmlNewDocTextLen(b->doc, BAD_CAST b->text.data, (int)b->text.len);
    xmlAddChild(b->parent, t);
    sb_clear(&b->text);
}

/* cmark_html_render_cr: a line break unless the HTML is at a line start. */
static void builder_cr(DomBuilder *b)
{
    if (!b->empty && b->last != '\n')
        builder_text(b, "\n", 1);
}

static void builder_newline(DomBuilder *b)
{
    builder_text(b, "\n", 1);
}

/* An element child of the current one; it becomes the current one when
 * open is true (it has an end tag in the HTML). */
static xmlNodePtr builder_element(DomBuilder *b, const char *name, bool open)
{
    builder_flush(b);
    xmlNodePtr e = xmlNewDocNode(b->doc, NULL, BAD_CAST name, NULL);
    e->line = (unsigned short)(b->line < 65535 ? b->line : 65535);
    xmlAddChild(b->parent, e);
    if (open)
        b->parent = e;
    b->last = '>';
    b->empty = false;
    return e;
}

static void builder_close(DomBuilder *b)
{
    builder_flush(b);
    b->parent = b->parent->parent;
    b->last = '>';
}

/* An attribute value.  libxml2 gives an element the line its start tag
 * ends on, so line breaks in the value count. */
static void builder_attr(DomBuilder *b, xmlNodePtr e, const char *name, const char *value)
{
    bool breaks = false;
    for (const char *p = value; *p; p++)
        if (*p == '\n') {
            b->line++;
            breaks = true;
        }
    if (breaks)
        e->line = (unsigned short)(b->line < 65535 ? b->line : 65535);
    xmlNewProp(e, BAD_CAST name, BAD_CAST value);
}

/* Appends n in decimal at p; returns the end.  (snprintf cost more than
 * building the element it labels.) */
static char *put_int(char *p, int n)
{
    char digits[12];
    size_t count = 0;
    unsigned int u = n < 0 ? 0u - (unsigned int)n : (unsigned int)n;
    if (n < 0)
        *p++ = '-';
    do {
        digits[count++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (count)
        *p++ = digits[--count];
    return p;
}

/* data-sourcepos="12:1-14:7", as cmark_html_render_sourcepos writes it. */
static void builder_sourcepos(DomBuilder *b, xmlNodePtr e, cmark_node *n)
{
    (void)b;
    char pos[64];
    char *p = put_int(pos, cmark_node_get_start_line(n));
    *p++ = ':';
    p = put_int(p, cmark_node_get_start_column(n));
    *p++ = '-';
    p = put_int(p, cmark_node_get_end_line(n));
    *p++ = ':';
    p = put_int(p, cmark_node_get_end_column(n));
    *p = '\0';
    xmlNewProp(e, BAD_CAST ATTR_POS, BAD_CAST pos);
}

static xmlNodePtr builder_block(DomBuilder *b, const char *name, cmark_node *n, bool open)
{
    xmlNodePtr e = builder_element(b, name, open);
    builder_sourcepos(b, e, n);
    return e;
}

static void builder_comment(DomBuilder *b, const char *text)
{
    builder_flush(b);
    xmlNodePtr c = xmlNewDocComment(b->doc, BAD_CAST text);
    c->line = (unsigned short)(b->line < 65535 ? b->line : 65535);
    xmlAddChild(b->parent, c);
    b->last = '>';
    b->empty = false;
}

/* houdini_escape_href as libxml2 reads it back: bytes outside the safe set
 * become %XX; & and ' were entities, which the parser turned back. */
static char *href_value(const char *url, bool unsafe_ok)
{
    static const char hex[] = "0123456789ABCDEF";
    StrBuf sb;
    sb_init(&sb);
    if (unsafe_ok || !dangerous_scheme(url))
        for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
            unsigned char c = *p;
            bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        (c && strchr("-_.+!*(),%#@?=;:/,+$~&'", c));
            if (safe) {
                sb_append_char(&sb, (char)c);
            } else {
                char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
                sb_append_len(&sb, esc, 3);
            }
        }
    return sb_take(&sb);
}

/* The alt text html.c writes: the literal text under an image, breaks as spaces. */
static void image_alt(cmark_node *image, StrBuf *alt)
{
    cmark_iter *it = cmark_iter_new(image);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || n == image)
            continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            sb_append(alt, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_SOFTBREAK:
            sb_append_char(alt, ' ');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static bool tight_paragraph(cmark_node *n)
{
    cmark_node *grandparent = cmark_node_parent(cmark_node_parent(n));
    return grandparent && cmark_node_get_type(grandparent) == CMARK_NODE_LIST && cmark_node_get_list_tight(grandparent);
}

static bool is_block_element(xmlNodePtr n)
{
    static const char blocks[] = " p ul ol li blockquote pre table div h1 h2 h3 h4 h5 h6 hr ";
    char name[16];
    if (n->type != XML_ELEMENT_NODE || xmlStrlen(n->name) > 12)
        return false;
    snprintf(name, sizeof name, " %s ", (const char *)n->name);
    return strstr(blocks, name) != NULL;
}

/* A task list item's box is a form field, and a screen reader says
 * "checkbox, checked" and nothing else unless it has a name: a <label>
 * around the box and the item's first words gives it their name.  In a
 * loose list the words are in a paragraph, so the box moves into it. */
static void label_task_box(xmlNodePtr li, xmlNodePtr box)
{
    xmlNodePtr words = box->next;
    while (words && !is_block_element(words) && words->next && xmlIsBlankNode(words))
        words = words->next;
    if (words && dom_is(words, "p")) {
        /* Loose: <li><input> <p>words</p></li> becomes <li><p><label><input> words</label></p></li>. */
        while (box->next != words)
            dom_remove(box->next);
        xmlUnlinkNode(box);
        if (words->children)
            xmlAddPrevSibling(words->children, box);
        else
            xmlAddChild(words, box);
        xmlAddNextSibling(box, xmlNewDocText(li->doc, BAD_CAST " "));
    }
    xmlNodePtr label = xmlNewDocNode(li->doc, NULL, BAD_CAST "label", NULL);
    label->line = box->line;
    xmlAddPrevSibling(box, label);
    for (xmlNodePtr n = box, next; n && !is_block_element(n); n = next) {
        next = n->next;
        xmlUnlinkNode(n);
        xmlAddChild(label, n);
    }
}

void markdown_label_task_boxes(xmlNodePtr root)
{
    for (xmlNodePtr n = root; n; n = dom_next(n, root)) {
        xmlNodePtr box = dom_is(n, "li") ? n->children : NULL;
        while (box && box->type != XML_ELEMENT_NODE)
            box = box->next;
        /* The task list's own box: first in its item, disabled, and not
         * already inside a label or named some other way. */
        const char *type = box && dom_is(box, "input") ? dom_attr_ref(box, "type") : NULL;
        if (type && !strcasecmp(type, "checkbox") && xmlHasProp(box, BAD_CAST "disabled") &&
            !xmlHasProp(box, BAD_CAST "aria-label") && !xmlHasProp(box, BAD_CAST "aria-labelledby") &&
            !xmlHasProp(box, BAD_CAST "id"))
            label_task_box(n, box);
    }
}

/* The table, strikethrough and tasklist extensions' nodes. */
static void build_extension_node(DomBuilder *b, cmark_node *n, bool entering)
{
    const char *type = cmark_node_get_type_string(n);
    if (!strcmp(type, "strikethrough")) {
        if (entering)
            builder_element(b, "del", true);
        else
            builder_close(b);
    } else if (!strcmp(type, "table")) {
        if (entering) {
            builder_cr(b);
            builder_block(b, "table", n, true);
            b->table_body_open = false;
        } else {
            if (b->table_body_open) {
                builder_cr(b);
                builder_close(b);                  /* </tbody> */
                builder_cr(b);
            }
            b->table_body_open = false;
            builder_cr(b);
            builder_close(b);
            builder_cr(b);
        }
    } else if (!strcmp(type, "table_header") || !strcmp(type, "table_row")) {
        bool header = cmark_gfm_extensions_get_table_row_is_header(n);
        if (entering) {
            builder_cr(b);
            if (header) {
                b->table_header = true;
                builder_element(b, "thead", true);
                builder_cr(b);
            } else if (!b->table_body_open) {
                builder_element(b, "tbody", true);
                builder_cr(b);
                b->table_body_open = true;
            }
            builder_block(b, "tr", n, true);
        } else {
            builder_cr(b);
            builder_close(b);
            if (header) {
                builder_cr(b);
                builder_close(b);                  /* </thead> */
                b->table_header = false;
            }
        }
    } else if (!strcmp(type, "table_cell")) {
        if (entering) {
            builder_cr(b);
            xmlNodePtr cell = builder_element(b, b->table_header ? "th" : "td", true);
            cmark_node *row = cmark_node_parent(n);
            cmark_node *table = cmark_node_parent(row);
            int i = 0;
            for (cmark_node *c = cmark_node_first_child(row); c && c != n; c = cmark_node_next(c))
                i++;
            uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
            if (align && i < cmark_gfm_extensions_get_table_columns(table)) {
                const char *value = align[i] == 'l' ? "left" : align[i] == 'c' ? "center"
                                  : align[i] == 'r' ? "right" : NULL;
                if (value)
                    xmlNewProp(cell, BAD_CAST "align", BAD_CAST value);
            }
            builder_sourcepos(b, cell, n);
        } else {
            builder_close(b);
        }
    } else if (!strcmp(type, "tasklist")) {
        if (entering) {
            builder_cr(b);
            builder_block(b, "li", n, true);
            xmlNodePtr box = builder_element(b, "input", false);
            xmlNewProp(box, BAD_CAST "type", BAD_CAST "checkbox");
            if (cmark_gfm_extensions_get_tasklist_item_checked(n))
                xmlNewProp(box, BAD_CAST "checked", BAD_CAST "");
            xmlNewProp(box, BAD_CAST "disabled", BAD_CAST "");
            builder_text(b, " ", 1);
        } else {
            builder_close(b);
            builder_newline(b);
        }
    } else {
        b->failed = true;
    }
}

static void build_node(DomBuilder *b, cmark_node *n, bool entering, bool raw_html)
{
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_ITEM && strcmp(cmark_node_get_type_string(n), "item") != 0)
        type = CMARK_NODE_NONE;                    /* a tasklist item */
    switch (type) {
    case CMARK_NODE_DOCUMENT:
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        builder_cr(b);
        if (entering) {
            builder_block(b, "blockquote", n, true);
        } else {
            builder_close(b);
        }
        builder_newline(b);
        break;
    case CMARK_NODE_LIST:
        if (entering) {
            builder_cr(b);
            bool bullet = cmark_node_get_list_type(n) == CMARK_BULLET_LIST;
            xmlNodePtr list = builder_element(b, bullet ? "ul" : "ol", true);
            int start = cmark_node_get_list_start(n);
            if (!bullet && start != 1) {
                char number[16];
                snprintf(number, sizeof number, "%d", start);
                xmlNewProp(list, BAD_CAST "start", BAD_CAST number);
            }
            builder_sourcepos(b, list, n);
        } else {
            builder_close(b);
        }
        builder_newline(b);
        break;
    case CMARK_NODE_ITEM:
        if (entering) {
            builder_cr(b);
            builder_block(b, "li", n, true);
        } else {
            builder_close(b);
            builder_newline(b);
        }
        break;
    case CMARK_NODE_HEADING:
        if (entering) {
            builder_cr(b);
            char name[3] = {'h', (char)('0' + cmark_node_get_heading_level(n)), '\0'};
            builder_block(b, name, n, true);
        } else {
            builder_close(b);
            builder_newline(b);
        }
        break;
    case CMARK_NODE_CODE_BLOCK: {
        builder_cr(b);
        builder_block(b, "pre", n, true);
        xmlNodePtr code = builder_element(b, "code", true);
        const char *info = cmark_node_get_fence_info(n);
        if (info && *info) {
            size_t first_word = strcspn(info, " \t\n\r");
            char *cls = xasprintf("language-%.*s", (int)first_word, info);
            builder_attr(b, code, "class", cls);
            free(cls);
        }
        const char *literal = cmark_node_get_literal(n);
        builder_text(b, literal, strlen(literal));
        builder_close(b);
        builder_close(b);
        builder_newline(b);
        break;
    }
    case CMARK_NODE_HTML_BLOCK:
        if (raw_html) {
            b->failed = true;
            break;
        }
        builder_cr(b);
        builder_comment(b, " raw HTML omitted ");
        builder_cr(b);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        builder_cr(b);
        builder_block(b, "hr", n, false);
        builder_newline(b);
        break;
    case CMARK_NODE_PARAGRAPH:
        if (tight_paragraph(n))
            break;
        if (entering) {
            builder_cr(b);
            builder_block(b, "p", n, true);
        } else {
            builder_close(b);
            builder_newline(b);
        }
        break;
    case CMARK_NODE_TEXT: {
        const char *literal = cmark_node_get_literal(n);
        builder_text(b, literal, strlen(literal));
        break;
    }
    case CMARK_NODE_LINEBREAK:
        builder_element(b, "br", false);
        builder_newline(b);
        break;
    case CMARK_NODE_SOFTBREAK:
        builder_newline(b);
        break;
    case CMARK_NODE_CODE: {
        builder_element(b, "code", true);
        const char *literal = cmark_node_get_literal(n);
        builder_text(b, literal, strlen(literal));
        builder_close(b);
        break;
    }
    case CMARK_NODE_HTML_INLINE: {
        char lang[36];
        if (raw_html) {
            b->failed = true;
        } else if (cmark_node_get_user_data(n) != &lang_span_mark) {
            builder_comment(b, " raw HTML omitted ");
        } else if (lang_span_open(cmark_node_get_literal(n), lang)) {
            xmlNodePtr span = builder_element(b, "span", true);
            xmlNewProp(span, BAD_CAST "lang", BAD_CAST lang);
            if (language_is_rtl(lang))
                xmlNewProp(span, BAD_CAST "dir", BAD_CAST "rtl");
        } else {
            builder_close(b);
        }
        break;
    }
    case CMARK_NODE_STRONG:
    case CMARK_NODE_EMPH:
        if (entering)
            builder_element(b, type == CMARK_NODE_STRONG ? "strong" : "em", true);
        else
            builder_close(b);
        break;
    case CMARK_NODE_LINK:
        if (entering) {
            xmlNodePtr a = builder_element(b, "a", true);
            char *href = href_value(cmark_node_get_url(n), raw_html);
            builder_attr(b, a, "href", href);
            free(href);
            const char *title = cmark_node_get_title(n);
            if (title && *title)
                builder_attr(b, a, "title", title);
        } else {
            builder_close(b);
        }
        break;
    case CMARK_NODE_IMAGE:
        if (entering) {
            xmlNodePtr img = builder_element(b, "img", false);
            char *src = href_value(cmark_node_get_url(n), raw_html);
            builder_attr(b, img, "src", src);
            free(src);
            StrBuf alt;
            sb_init(&alt);
            image_alt(n, &alt);
            builder_attr(b, img, "alt", alt.data ? alt.data : "");
            sb_free(&alt);
            const char *title = cmark_node_get_title(n);
            if (title && *title)
                builder_attr(b, img, "title", title);
        }
        break;
    case CMARK_NODE_NONE:
    default:
        build_extension_node(b, n, entering);
        break;
    }
}

/* Appends the DOM of cmark's tree to div; false (div left untouched) when
 * the tree has something only the HTML way handles. */
static bool append_dom(xmlNodePtr div, cmark_node *doc, bool raw_html)
{
    DomBuilder b = {.doc = div->doc, .parent = div, .empty = true, .line = 1};
    sb_init(&b.text);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (!b.failed && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        build_node(&b, n, ev == CMARK_EVENT_ENTER, raw_html);
        /* An image's children are its alt text, written already. */
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE)
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    }
    cmark_iter_free(it);
    builder_flush(&b);
    sb_free(&b.text);
    if (b.failed)
        dom_clear(div);
    return !b.failed;
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

static int sourcepos_line(xmlNodePtr n);
static int marker_line(xmlNodePtr n, xmlNodePtr stop);

xmlNodePtr markdown_render(xmlDocPtr doc, const SourceText *src, const MarkdownOptions *options)
{
    cmark_parser *parser;
    bool raw_html_found;
    cmark_node *tree = parse_markdown(src, options->raw_html, options->repeat, &parser, &raw_html_found);
    xmlNodePtr div = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
    xmlNewProp(div, BAD_CAST "class", BAD_CAST "prose");
    xmlNewProp(div, BAD_CAST ATTR_SOURCE, BAD_CAST src->path);
    char line[16];
    snprintf(line, sizeof line, "%d", src->first_line);
    xmlNewProp(div, BAD_CAST ATTR_LINE, BAD_CAST line);
    if (raw_html_found || !append_dom(div, tree, options->raw_html))
        append_via_html(div, tree, parser, options->raw_html);
    /* Raw HTML nests as deep as it likes, past what bound_depth sees. */
    xmlNodePtr deep = raw_html_found ? dom_cut_deeper(div, MARKDOWN_MAX_DEPTH * 2) : NULL;
    if (deep && !options->repeat) {
        int line = 0;
        for (xmlNodePtr n = deep; n && n != div && !line; n = n->parent)
            line = sourcepos_line(n) ? sourcepos_line(n) : marker_line(n, div);
        if (line)
            line += src->first_line - 1;
        diag_error(src->path, line, "the HTML here is nested more than %d elements deep, which no one "
                   "could follow: make it flatter", MARKDOWN_MAX_DEPTH * 2);
    }
    cmark_node_free(tree);
    cmark_parser_free(parser);
    demote_headings(div);
    markdown_label_task_boxes(div);
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
            const char *at = dom_attr_ref(n, ATTR_AT);
            int offset = first ? atoi(first) : 1;
            *file = src;
            *line = rel && offset > 0 ? rel + offset - 1 : at ? atoi(at) : 0;
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
    static const char *const attrs[] = {ATTR_POS, ATTR_SOURCE, ATTR_LINE, ATTR_AT, ATTR_TEMPLATE};
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
