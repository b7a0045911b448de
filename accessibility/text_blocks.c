/* text_blocks.c: gathering a page's prose by block (see text_blocks.h). */
#include "text_blocks.h"
#include "sentences.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool name_in(const xmlChar *name, const char *const *set)
{
    for (; *set; set++)
        if (xmlStrcasecmp(name, (const xmlChar *)*set) == 0)
            return true;
    return false;
}

static const char *const inline_elements[] = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", "img", "input", "button", "select",
    "textarea", "output", "meter", "progress", "picture", "source", NULL,
};

/* Not prose: left out with everything inside them. */
static const char *const skipped_elements[] = {
    "script", "style", "template", "noscript", "svg", "math", "img", "input", "button",
    "select", "textarea", "output", "meter", "progress", "picture", "source", "iframe",
    "object", "embed", "video", "audio", "canvas", "map", NULL,
};

/* Code: left out, but its line breaks are kept. */
static const char *const code_elements[] = { "code", "kbd", "samp", "var", "tt", "pre", NULL };

static bool is_inline(xmlNodePtr n)
{
    return name_in(n->name, inline_elements);
}

/* Hidden, or written in a language other than English. */
static bool is_left_out(xmlNodePtr n)
{
    if (name_in(n->name, skipped_elements))
        return true;
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return true;
    xmlChar *lang = xmlGetProp(n, (const xmlChar *)"lang");
    bool other = lang && lang[0] && !(((lang[0] | 0x20) == 'e') && ((lang[1] | 0x20) == 'n') &&
                                      (lang[2] == '\0' || lang[2] == '-'));
    xmlFree(lang);
    return other;
}

static void append_newlines(xmlNodePtr n, StrBuf *sb)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *p = c->content; p && *p; p++)
                if (*p == '\n')
                    sb_append_char(sb, '\n');
        } else if (c->type == XML_ELEMENT_NODE) {
            append_newlines(c, sb);
        }
    }
}

/* The text of n's inline content, not descending into blocks. */
static void gather_inline(xmlNodePtr n, StrBuf *sb)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                sb_append(sb, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || !is_inline(c) || is_left_out(c))
            continue;
        if (name_in(c->name, code_elements)) {
            append_newlines(c, sb);
            continue;
        }
        if (xmlStrcasecmp(c->name, (const xmlChar *)"br") == 0) {
            sb_append_char(sb, ' ');
            continue;
        }
        bool abbr = false;
        if (xmlStrcasecmp(c->name, (const xmlChar *)"abbr") == 0) {
            xmlChar *title = xmlGetProp(c, (const xmlChar *)"title");
            abbr = title && title[strspn((const char *)title, " \t\r\n")];
            xmlFree(title);
        }
        if (abbr)
            sb_append_char(sb, ABBR_OPEN);
        gather_inline(c, sb);
        if (abbr)
            sb_append_char(sb, ABBR_CLOSE);
    }
}

static BlockKind kind_of(xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (!xmlStrcasecmp(n->name, (const xmlChar *)"p"))
        return BLOCK_PARAGRAPH;
    if ((name[0] | 0x20) == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return BLOCK_HEADING;
    if (!xmlStrcasecmp(n->name, (const xmlChar *)"li"))
        return BLOCK_LIST_ITEM;
    if (!xmlStrcasecmp(n->name, (const xmlChar *)"td") || !xmlStrcasecmp(n->name, (const xmlChar *)"th"))
        return BLOCK_CELL;
    if (!xmlStrcasecmp(n->name, (const xmlChar *)"dt"))
        return BLOCK_TERM;
    return BLOCK_OTHER;
}

static bool has_word_char(const char *s, size_t len)
{
    size_t pos = 0;
    TextWord w;
    return text_next_word(s, len, &pos, &w);
}

static void push_block(TextBlocks *out, xmlNodePtr n, StrBuf *sb)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 32;
        out->items = xrealloc(out->items, out->cap * sizeof *out->items);
    }
    TextBlock *b = &out->items[out->count++];
    b->node = n;
    b->kind = kind_of(n);
    b->len = sb->len;
    b->text = sb_take(sb);
}

static void collect(xmlNodePtr n, TextBlocks *out, StrBuf *sb);

/* Blocks inside n's children, looking through inline wrappers (a link
 * around a div) for them. */
static void collect_children(xmlNodePtr n, TextBlocks *out, StrBuf *sb)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_left_out(c))
            continue;
        if (name_in(c->name, code_elements) && xmlStrcasecmp(c->name, (const xmlChar *)"pre"))
            continue;
        if (is_inline(c))
            collect_children(c, out, sb);
        else
            collect(c, out, sb);
    }
}

static void collect(xmlNodePtr n, TextBlocks *out, StrBuf *sb)
{
    if (is_left_out(n) || !xmlStrcasecmp(n->name, (const xmlChar *)"pre"))
        return;
    sb_clear(sb);
    gather_inline(n, sb);
    if (has_word_char(sb->data, sb->len))
        push_block(out, n, sb);
    collect_children(n, out, sb);
}

void text_blocks_collect(xmlNodePtr root, TextBlocks *out)
{
    if (!root || root->type != XML_ELEMENT_NODE)
        return;
    StrBuf sb;
    sb_init(&sb);
    collect(root, out, &sb);
    sb_free(&sb);
}

void text_blocks_free(TextBlocks *blocks)
{
    for (size_t i = 0; i < blocks->count; i++)
        free(blocks->items[i].text);
    free(blocks->items);
    memset(blocks, 0, sizeof *blocks);
}

bool node_has_class(xmlNodePtr node, const char *cls)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return false;
    xmlChar *value = xmlGetProp(node, (const xmlChar *)"class");
    bool found = false;
    size_t k = strlen(cls);
    for (const char *p = (const char *)value; p && *p && !found;) {
        p += strspn(p, " \t\r\n\f");
        size_t n = strcspn(p, " \t\r\n\f");
        found = n == k && memcmp(p, cls, k) == 0;
        p += n;
    }
    xmlFree(value);
    return found;
}

xmlNodePtr node_ancestor_with_class(xmlNodePtr node, const char *cls, xmlNodePtr stop)
{
    for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        if (node_has_class(n, cls))
            return n;
        if (n == stop)
            break;
    }
    return NULL;
}

void text_block_report(FindingList *out, const Rule *rule, xmlNodePtr anchor,
                       const char *text, size_t offset, const char *excerpt,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *message = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(message, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);

    /* Lines can be counted on from the block's own line when that line is
     * the first line of its text: a block that came from Markdown (it has
     * data-sourcepos and the locator maps it), or an HTML file read as it
     * is (no locator).  Anything else is reported at the element. */
    const char *file = NULL;
    int line = 0;
    size_t before = out->count;
    if (anchor && out->locate && xmlHasProp(anchor, (const xmlChar *)"data-sourcepos") &&
        out->locate(out->locate_data, anchor, &file, &line) && line > 0) {
        findings_add_at(out, rule, file, line + text_lines_before(text, offset), "%s", message);
    } else if (anchor && !out->locate && xmlGetLineNo(anchor) > 0) {
        line = (int)xmlGetLineNo(anchor);
        findings_add_at(out, rule, NULL, line + text_lines_before(text, offset), "%s", message);
    } else {
        findings_add_node(out, rule, anchor, "%s", message);
    }
    free(message);
    if (out->count > before)            /* not when site settings turned the rule off */
        findings_set_excerpt(out, excerpt);
}
