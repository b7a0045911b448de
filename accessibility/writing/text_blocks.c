/* text_blocks.c: gathering a page's prose by block (see text_blocks.h). */
#include "text_blocks.h"
#include "sentences.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the walk needs to know of an element by its name.  Every element
 * of every page is looked up, so by halves in one sorted table (names in
 * lower case; element names are compared without regard to case). */
enum {
    INLINE = 1,      /* part of the text around it */
    SKIPPED = 2,     /* not prose: left out with everything inside it */
    CODE = 4,        /* code: left out, but its line breaks are kept */
};

static const struct { const char *name; unsigned char kinds; } element_kinds[] = {
    {"a", INLINE}, {"abbr", INLINE}, {"audio", SKIPPED}, {"b", INLINE}, {"bdi", INLINE},
    {"bdo", INLINE}, {"big", INLINE}, {"br", INLINE}, {"button", INLINE | SKIPPED},
    {"canvas", SKIPPED}, {"cite", INLINE}, {"code", INLINE | CODE}, {"data", INLINE},
    {"del", INLINE}, {"dfn", INLINE}, {"em", INLINE}, {"embed", SKIPPED}, {"font", INLINE},
    {"i", INLINE}, {"iframe", SKIPPED}, {"img", INLINE | SKIPPED}, {"input", INLINE | SKIPPED},
    {"ins", INLINE}, {"kbd", INLINE | CODE}, {"label", INLINE}, {"map", SKIPPED},
    {"mark", INLINE}, {"math", SKIPPED}, {"meter", INLINE | SKIPPED}, {"noscript", SKIPPED},
    {"object", SKIPPED}, {"output", INLINE | SKIPPED}, {"picture", INLINE | SKIPPED},
    {"pre", CODE}, {"progress", INLINE | SKIPPED}, {"q", INLINE}, {"s", INLINE},
    {"samp", INLINE | CODE}, {"script", SKIPPED}, {"select", INLINE | SKIPPED},
    {"small", INLINE}, {"source", INLINE | SKIPPED}, {"span", INLINE}, {"strong", INLINE},
    {"style", SKIPPED}, {"sub", INLINE}, {"sup", INLINE}, {"svg", SKIPPED},
    {"template", SKIPPED}, {"textarea", INLINE | SKIPPED}, {"time", INLINE},
    {"tt", INLINE | CODE}, {"u", INLINE}, {"var", INLINE | CODE}, {"video", SKIPPED},
    {"wbr", INLINE},
};

static unsigned kinds_of(const xmlChar *name)
{
    char low[12];
    size_t n = 0;
    for (; name && name[n]; n++) {
        if (n == sizeof low - 1)
            return 0;                   /* longer than any name above */
        unsigned char c = name[n];
        low[n] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    low[n] = '\0';
    size_t lo = 0, hi = sizeof element_kinds / sizeof element_kinds[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(element_kinds[mid].name, low);
        if (c == 0)
            return element_kinds[mid].kinds;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}


/* Can the document's DTDs give an element attributes it was not written
 * with?  Only if they declare attributes; a page's <!DOCTYPE html> does not. */
static bool dtd_has_attributes(xmlDocPtr doc)
{
    return doc && ((doc->intSubset && doc->intSubset->attributes) ||
                   (doc->extSubset && doc->extSubset->attributes));
}

/* The attribute called name, as xmlHasProp finds it, without its search
 * of the DTDs when they declare no attributes. */
static xmlAttrPtr find_attribute(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->name && strcmp((const char *)a->name, name) == 0)
            return a;
    return dtd_has_attributes(n->doc) ? xmlHasProp(n, (const xmlChar *)name) : NULL;
}

/* Hidden, or written in a language other than English; kinds is
 * kinds_of(n->name), which callers have already looked up. */
static bool is_left_out(xmlNodePtr n, unsigned kinds)
{
    if (kinds & SKIPPED)
        return true;
    if (!n->properties && !dtd_has_attributes(n->doc))
        return false;
    if (find_attribute(n, "hidden"))
        return true;
    xmlAttrPtr attr = find_attribute(n, "lang");
    if (!attr)
        return false;
    /* The value as xmlGetProp gives it, read in place when it is one text. */
    xmlChar *copy = NULL;
    const xmlChar *lang;
    if (attr->type == XML_ATTRIBUTE_NODE && attr->children && !attr->children->next &&
        (attr->children->type == XML_TEXT_NODE || attr->children->type == XML_CDATA_SECTION_NODE))
        lang = attr->children->content;
    else
        lang = copy = xmlGetProp(n, (const xmlChar *)"lang");
    bool other = lang && lang[0] && !(((lang[0] | 0x20) == 'e') && ((lang[1] | 0x20) == 'n') &&
                                      (lang[2] == '\0' || lang[2] == '-'));
    xmlFree(copy);
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
        if (c->type != XML_ELEMENT_NODE)
            continue;
        unsigned kinds = kinds_of(c->name);
        if (!(kinds & INLINE) || is_left_out(c, kinds))
            continue;
        if (kinds & CODE) {
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
    GROW(out->items, out->count, out->cap);
    TextBlock *b = &out->items[out->count++];
    b->node = n;
    b->kind = kind_of(n);
    b->len = sb->len;
    b->text = sb_take(sb);
}

static void collect(xmlNodePtr n, unsigned kinds, TextBlocks *out, StrBuf *sb);

/* Blocks inside n's children, looking through inline wrappers (a link
 * around a div) for them. */
static void collect_children(xmlNodePtr n, TextBlocks *out, StrBuf *sb)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        unsigned kinds = kinds_of(c->name);
        if (is_left_out(c, kinds))
            continue;
        if ((kinds & CODE) && xmlStrcasecmp(c->name, (const xmlChar *)"pre"))
            continue;
        if (kinds & INLINE)
            collect_children(c, out, sb);
        else
            collect(c, kinds, out, sb);
    }
}

/* kinds is kinds_of(n->name). */
static void collect(xmlNodePtr n, unsigned kinds, TextBlocks *out, StrBuf *sb)
{
    if (is_left_out(n, kinds) || !xmlStrcasecmp(n->name, (const xmlChar *)"pre"))
        return;
    sb_clear(sb);
    gather_inline(n, sb);
    if (has_word_char(sb->data, sb->len))
        push_block(out, n, sb);
    collect_children(n, out, sb);
}

/* Whether the nearest ancestor of n that says its language says one other
 * than English: a page in Welsh (<html lang="cy">) is not English, however
 * deep in it the checks start. */
static bool inherits_other_language(xmlNodePtr n)
{
    for (xmlNodePtr a = n ? n->parent : NULL; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (find_attribute(a, "lang"))
            return is_left_out(a, 0);
    return false;
}

void text_blocks_collect(xmlNodePtr root, TextBlocks *out)
{
    if (!root || root->type != XML_ELEMENT_NODE || inherits_other_language(root))
        return;
    StrBuf sb;
    sb_init(&sb);
    collect(root, kinds_of(root->name), out, &sb);
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
