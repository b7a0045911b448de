/* wcag_page.c: roles, visibility and focus of elements (their names: wcag_accname.c). */
#include "wcag_page.h"
#include "dom.h"
#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- DOM helpers ---- */

bool wp_is_element(xmlNodePtr node)
{
    return node && node->type == XML_ELEMENT_NODE;
}

/* ASCII case-insensitive equality.  The rules ask millions of these
 * questions per build, nearly all answered by the first byte, so this
 * beats a call to the locale-aware strcasecmp; markup names are ASCII. */
static bool name_equals(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x != y) {
            if (x >= 'A' && x <= 'Z')
                x = (unsigned char)(x + ('a' - 'A'));
            if (y >= 'A' && y <= 'Z')
                y = (unsigned char)(y + ('a' - 'A'));
            if (x != y)
                return false;
        }
        if (!x)
            return true;
    }
}

bool wp_is_tag(xmlNodePtr node, const char *name)
{
    return wp_is_element(node) && name_equals((const char *)node->name, name);
}

const char *wp_attr(xmlNodePtr node, const char *name)
{
    if (!wp_is_element(node))
        return NULL;
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        if (!name_equals((const char *)a->name, name))
            continue;
        if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

bool wp_has_attr(xmlNodePtr node, const char *name)
{
    return wp_attr(node, name) != NULL;
}

bool wp_attr_nonblank(xmlNodePtr node, const char *name)
{
    const char *v = wp_attr(node, name);
    if (!v)
        return false;
    for (; *v; v++)
        if (!isspace((unsigned char)*v))
            return true;
    return false;
}

bool wp_attr_is(xmlNodePtr node, const char *name, const char *value)
{
    const char *v = wp_attr(node, name);
    if (!v)
        return false;
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(value);
    if (strncasecmp(v, value, n))
        return false;
    for (v += n; *v; v++)
        if (!isspace((unsigned char)*v))
            return false;
    return true;
}

/* ---- ids ---- */

static void index_ids(WcagPage *page, xmlNodePtr n, size_t *count)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        if (wp_is_tag(n, "label") && wp_has_attr(n, "for") && page->ids) {
            if (page->label_count == page->label_cap) {
                page->label_cap = page->label_cap ? page->label_cap * 2 : 16;
                page->labels = xrealloc(page->labels, page->label_cap * sizeof *page->labels);
            }
            page->labels[page->label_count++] = n;
        }
        /* Kept once here: page_labels_disabled_control() is asked for
         * every element with an id, too often to walk the page each time. */
        const char *by = page->ids ? wp_attr(n, "aria-labelledby") : NULL;
        if (by && page_is_disabled(page, n)) {
            GROW(page->disabled_labelledby, page->disabled_labelledby_count,
                 page->disabled_labelledby_cap);
            page->disabled_labelledby[page->disabled_labelledby_count++] = by;
        }
        const char *id = wp_attr(n, "id");
        if (id && *id) {
            if (page->ids) {
                size_t mask = page->id_slots - 1;
                size_t i = (size_t)hash_str(HASH_SEED, id) & mask;
                while (page->ids[i].id && strcmp(page->ids[i].id, id))
                    i = (i + 1) & mask;
                if (!page->ids[i].id) {
                    page->ids[i].id = id;
                    page->ids[i].node = n;
                }
            } else
                (*count)++;
        }
        index_ids(page, n->children, count);
    }
}

bool page_labels_disabled_control(const WcagPage *page, const char *id)
{
    size_t len = strlen(id);
    for (size_t i = 0; i < page->disabled_labelledby_count; i++) {
        const char *by = page->disabled_labelledby[i];
        for (const char *p = by; (p = strstr(p, id)); p += len)
            if ((p == by || isspace((unsigned char)p[-1])) &&
                (!p[len] || isspace((unsigned char)p[len])))
                return true;
    }
    return false;
}

xmlNodePtr page_by_id(const WcagPage *page, const char *id)
{
    if (!page->ids || !id || !*id)
        return NULL;
    size_t mask = page->id_slots - 1;
    for (size_t i = (size_t)hash_str(HASH_SEED, id) & mask; page->ids[i].id; i = (i + 1) & mask)
        if (!strcmp(page->ids[i].id, id))
            return page->ids[i].node;
    return NULL;
}

/* Every check asks "is this element in the accessibility tree?", so the
 * answer is worked out for all elements in one walk and kept in a set. */
typedef struct ExcludedMap {
    xmlNodePtr *slots;
    size_t size, count;
} ExcludedMap;

static void excluded_add(ExcludedMap *m, xmlNodePtr n)
{
    if ((m->count + 1) * 2 > m->size) {
        ExcludedMap grown = {xcalloc(m->size ? m->size * 2 : 64, sizeof *m->slots),
                             m->size ? m->size * 2 : 64, 0};
        for (size_t i = 0; i < m->size; i++)
            if (m->slots[i])
                excluded_add(&grown, m->slots[i]);
        free(m->slots);
        *m = grown;
    }
    size_t mask = m->size - 1;
    size_t i = hash_pointer(n) & mask;
    while (m->slots[i] && m->slots[i] != n)
        i = (i + 1) & mask;
    if (!m->slots[i]) {
        m->slots[i] = n;
        m->count++;
    }
}

static bool excluded_has(const ExcludedMap *m, xmlNodePtr n)
{
    if (!m || !m->size)
        return false;
    size_t mask = m->size - 1;
    for (size_t i = hash_pointer(n) & mask; m->slots[i]; i = (i + 1) & mask)
        if (m->slots[i] == n)
            return true;
    return false;
}

static void mark_excluded(WcagPage *page, xmlNodePtr n, bool parent_excluded)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        bool excluded = parent_excluded || wp_attr_is(n, "aria-hidden", "true") ||
                        page_not_rendered(page, n);
        if (excluded)
            excluded_add(page->excluded, n);
        mark_excluded(page, n->children, excluded);
    }
}

void page_init(WcagPage *page, xmlDocPtr doc, CssDocument *styles, FindingList *out)
{
    memset(page, 0, sizeof *page);
    page->walk_svg_depth = -1;
    page->doc = doc;
    page->styles = styles;
    page->out = out;
    page->root = xmlDocGetRootElement(doc);
    page->is_html = wp_is_tag(page->root, "html");
    for (xmlNodePtr n = page->root ? page->root->children : NULL; n; n = n->next)
        if (wp_is_tag(n, "body"))
            page->body = n;
    size_t count = 0;
    if (page->root)
        index_ids(page, page->root, &count);
    page->id_slots = 16;
    while (page->id_slots < count * 2)
        page->id_slots *= 2;
    page->ids = xcalloc(page->id_slots, sizeof *page->ids);
    if (page->root)
        index_ids(page, page->root, &count);
    page->excluded = xcalloc(1, sizeof *page->excluded);
    if (page->root)
        mark_excluded(page, page->root, false);
}

void page_set_styles(WcagPage *page, CssDocument *styles)
{
    page->styles = styles;
    if (page->excluded)
        free(page->excluded->slots);
    free(page->excluded);
    page->excluded = xcalloc(1, sizeof *page->excluded);
    if (page->root)
        mark_excluded(page, page->root, false);
}

void page_free(WcagPage *page)
{
    free(page->ids);
    free(page->labels);
    free(page->disabled_labelledby);
    page->disabled_labelledby = NULL;
    page->disabled_labelledby_count = page->disabled_labelledby_cap = 0;
    if (page->excluded)
        free(page->excluded->slots);
    free(page->excluded);
    page->excluded = NULL;
    page->ids = NULL;
    page->labels = NULL;
}

/* ---- visibility ---- */

bool page_not_rendered(const WcagPage *page, xmlNodePtr el)
{
    if (!wp_is_element(el))
        el = el->parent;
    if (!wp_is_element(el))
        return false;
    if (page->styles && css_style_of(page->styles, el))
        return css_is_hidden(page->styles, el);
    /* Without styles (or outside the styled tree): the hidden attribute. */
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_has_attr(n, "hidden") || wp_is_tag(n, "template"))
            return true;
    return false;
}

bool page_excluded(const WcagPage *page, xmlNodePtr el)
{
    if (page->excluded && wp_is_element(el) && page->root && el->doc == page->doc)
        return excluded_has(page->excluded, el);
    if (page_not_rendered(page, el))
        return true;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_attr_is(n, "aria-hidden", "true"))
            return true;
    return false;
}

static xmlNodePtr image_using_map(const WcagPage *page, xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        const char *use = wp_attr(n, "usemap");
        if (wp_is_tag(n, "img") && use && use[0] == '#' && !strcmp(use + 1, name) &&
            !page_excluded(page, n))
            return n;
        xmlNodePtr found = image_using_map(page, n->children, name);
        if (found)
            return found;
    }
    return NULL;
}

bool page_area_exposed(const WcagPage *page, xmlNodePtr el)
{
    if (!wp_is_tag(el, "area") || wp_has_attr(el, "hidden"))
        return false;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent) {
        if (wp_attr_is(n, "aria-hidden", "true"))
            return false;
        if (wp_is_tag(n, "map")) {
            const char *name = wp_attr(n, "name");
            if (!name || !*name)
                name = wp_attr(n, "id");
            return name && *name && image_using_map(page, page->root, name);
        }
    }
    return false;
}

/* position:absolute; left:-9999px and friends: moved far off the page. */
static bool offscreen_style(const char *style, double em)
{
    static const char *const props[] = {"left", "top", "margin-left", "margin-top",
                                         "text-indent", "right"};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        size_t n = strlen(props[i]);
        for (const char *p = strcasestr(style, props[i]); p; p = strcasestr(p + 1, props[i])) {
            if (p > style && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
                continue;
            const char *q = p + n;
            while (isspace((unsigned char)*q))
                q++;
            if (*q != ':')
                continue;
            q++;
            char value[32];
            size_t len = strcspn(q, ";!");
            if (len >= sizeof value)
                continue;
            memcpy(value, q, len);
            value[len] = '\0';
            double px;
            if (css_parse_length(value, em, 16, 1000, &px) && px <= -900)
                return true;
        }
    }
    return false;
}

bool page_hides_visually(const WcagPage *page, xmlNodePtr n)
{
    if (!page->styles)
        return false;
    const CssStyle *s = css_style_of(page->styles, n);
    if (s && (s->clipped || s->opacity == 0))
        return true;
    const char *style = wp_attr(n, "style");
    return style && offscreen_style(style, s ? s->font_size_px : 16);
}

bool page_visually_hidden(const WcagPage *page, xmlNodePtr el)
{
    if (!page->styles)
        return false;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (page_hides_visually(page, n))
            return true;
    return false;
}

/* ---- roles ---- */

const char *page_explicit_role(xmlNodePtr el, char *buf)
{
    const char *v = wp_attr(el, "role");
    if (!v)
        return NULL;
    for (const char *p = v; *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - s);
        if (!n || n >= 32)
            continue;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)tolower((unsigned char)s[i]);
        buf[n] = '\0';
        const AriaRole *r = aria_role(buf);
        if (r && !r->abstract)
            return buf;
    }
    return NULL;
}

static bool inside_sectioning(xmlNodePtr el)
{
    for (xmlNodePtr n = el->parent; wp_is_element(n); n = n->parent)
        if (wp_is_tag(n, "article") || wp_is_tag(n, "aside") || wp_is_tag(n, "main") ||
            wp_is_tag(n, "nav") || wp_is_tag(n, "section"))
            return true;
    return false;
}

static xmlNodePtr ancestor_tag(xmlNodePtr el, const char *name)
{
    for (xmlNodePtr n = el->parent; wp_is_element(n); n = n->parent)
        if (wp_is_tag(n, name))
            return n;
    return NULL;
}

static const char *input_role(xmlNodePtr el)
{
    const char *type = wp_attr(el, "type");
    char t[16] = "text";
    if (type && *type && strlen(type) < sizeof t) {
        size_t i = 0;
        for (; type[i]; i++)
            t[i] = (char)tolower((unsigned char)type[i]);
        t[i] = '\0';
    }
    bool list = wp_has_attr(el, "list");
    if (!strcmp(t, "button") || !strcmp(t, "submit") || !strcmp(t, "reset") ||
        !strcmp(t, "image"))
        return "button";
    if (!strcmp(t, "checkbox"))
        return "checkbox";
    if (!strcmp(t, "radio"))
        return "radio";
    if (!strcmp(t, "range"))
        return "slider";
    if (!strcmp(t, "number"))
        return "spinbutton";
    if (!strcmp(t, "search"))
        return list ? "combobox" : "searchbox";
    if (!strcmp(t, "hidden"))
        return NULL;
    if (!strcmp(t, "text") || !strcmp(t, "email") || !strcmp(t, "tel") || !strcmp(t, "url"))
        return list ? "combobox" : "textbox";
    if (!strcmp(t, "password"))
        return "textbox";
    /* date, time, color, file...: no ARIA role, still a form field. */
    return NULL;
}

/* The rows of the table a cell's row belongs to, in order: <tr> children
 * of the table and of its row groups. */
static size_t table_rows(xmlNodePtr table, xmlNodePtr *rows, size_t cap)
{
    size_t n = 0;
    for (xmlNodePtr k = table->children; k; k = k->next) {
        if (wp_is_tag(k, "tr")) {
            if (n < cap)
                rows[n] = k;
            n++;
        } else if (wp_is_tag(k, "thead") || wp_is_tag(k, "tbody") || wp_is_tag(k, "tfoot")) {
            for (xmlNodePtr r = k->children; r; r = r->next)
                if (wp_is_tag(r, "tr")) {
                    if (n < cap)
                        rows[n] = r;
                    n++;
                }
        }
    }
    return n;
}

static int span_attr(xmlNodePtr el, const char *name)
{
    const char *v = wp_attr(el, name);
    int n = v ? atoi(v) : 1;
    return n < 1 ? 1 : n > 1000 ? 1000 : n;
}

/* Whether any data cell of the table's other rows covers columns
 * [col, col + width).  Row spans are not followed: close enough for
 * telling a row header from a column header. */
static bool column_has_data(xmlNodePtr *rows, size_t count, xmlNodePtr own_row, int col, int width)
{
    for (size_t r = 0; r < count; r++) {
        if (rows[r] == own_row)
            continue;
        int c = 0;
        for (xmlNodePtr k = rows[r]->children; k; k = k->next) {
            if (!wp_is_tag(k, "td") && !wp_is_tag(k, "th"))
                continue;
            int w = span_attr(k, "colspan");
            if (wp_is_tag(k, "td") && c < col + width && col < c + w)
                return true;
            c += w;
        }
    }
    return false;
}

/* A <th> heads a column or a row as the HTML table model says: its scope,
 * or for scope auto, a column header when its row has no data cells and a
 * row header when its column has none.  A header with data cells both in
 * its row and its column heads neither and is exposed as a cell. */
static const char *th_role(xmlNodePtr el)
{
    const char *scope = wp_attr(el, "scope");
    if (scope && (!strcasecmp(scope, "row") || !strcasecmp(scope, "rowgroup")))
        return "rowheader";
    if (scope && (!strcasecmp(scope, "col") || !strcasecmp(scope, "colgroup")))
        return "columnheader";
    xmlNodePtr row = el->parent;
    if (!wp_is_tag(row, "tr"))
        return "columnheader";
    bool data_in_row = false;
    int col = 0;
    for (xmlNodePtr s = row->children; s; s = s->next) {
        if (wp_is_tag(s, "td"))
            data_in_row = true;
        if (s == el)
            break;
        if (wp_is_tag(s, "td") || wp_is_tag(s, "th"))
            col += span_attr(s, "colspan");
    }
    for (xmlNodePtr s = el->next; s && !data_in_row; s = s->next)
        data_in_row = wp_is_tag(s, "td");
    if (!data_in_row)
        return "columnheader";
    xmlNodePtr table = ancestor_tag(el, "table");
    if (!table)
        return "rowheader";
    xmlNodePtr rows[512];
    size_t count = table_rows(table, rows, 512);
    if (count > 512)
        return col == 0 ? "rowheader" : "columnheader";   /* too big to scan each time */
    return column_has_data(rows, count, row, col, span_attr(el, "colspan")) ? "cell" : "rowheader";
}

/* Whether aria-labelledby names at least one element that exists: only
 * then can it give a name (a <section> is a region only when named). */
static bool labelledby_resolves(const WcagPage *page, xmlNodePtr el)
{
    const char *v = wp_attr(el, "aria-labelledby");
    if (!v)
        return false;
    if (!page->ids)
        return wp_attr_nonblank(el, "aria-labelledby");
    return page_ids_reach(page, v);
}

bool page_ids_reach(const WcagPage *page, const char *ids)
{
    char id[256];
    for (const char *p = ids; *p;) {
        while (isspace((unsigned char)*p))
            p++;
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]))
            n++;
        if (n && n < sizeof id) {
            memcpy(id, p, n);
            id[n] = '\0';
            if (page_by_id(page, id))
                return true;
        }
        p += n;
    }
    return false;
}

const char *page_implicit_role(const WcagPage *page, xmlNodePtr el)
{
    if (!wp_is_element(el))
        return NULL;
    const char *n = (const char *)el->name;
    switch (n[0]) {
    case 'a':
        if (!strcmp(n, "a") || !strcmp(n, "area"))
            return wp_has_attr(el, "href") ? "link" : "generic";
        if (!strcmp(n, "article"))
            return "article";
        if (!strcmp(n, "aside")) {
            /* HTML-AAM: an aside inside article, aside, nav or section is
             * complementary only when it has a name. */
            for (xmlNodePtr a = el->parent; wp_is_element(a); a = a->parent)
                if (wp_is_tag(a, "article") || wp_is_tag(a, "aside") || wp_is_tag(a, "nav") ||
                    wp_is_tag(a, "section"))
                    return wp_attr_nonblank(el, "aria-label") || labelledby_resolves(page, el) ||
                                   wp_attr_nonblank(el, "title") ? "complementary" : "generic";
            return "complementary";
        }
        if (!strcmp(n, "address"))
            return "group";
        break;
    case 'b':
        if (!strcmp(n, "button"))
            return "button";
        if (!strcmp(n, "blockquote"))
            return "blockquote";
        if (!strcmp(n, "b") || !strcmp(n, "bdi") || !strcmp(n, "bdo") || !strcmp(n, "body"))
            return "generic";
        break;
    case 'c':
        if (!strcmp(n, "caption"))
            return "caption";
        if (!strcmp(n, "code"))
            return "code";
        break;
    case 'd':
        if (!strcmp(n, "div"))
            return "generic";
        if (!strcmp(n, "datalist"))
            return "listbox";
        if (!strcmp(n, "dd"))
            return "definition";
        if (!strcmp(n, "details"))
            return "group";
        if (!strcmp(n, "dfn") || !strcmp(n, "dt"))
            return "term";
        if (!strcmp(n, "dialog"))
            return "dialog";
        if (!strcmp(n, "del"))
            return "deletion";
        if (!strcmp(n, "data"))
            return "generic";
        break;
    case 'e':
        if (!strcmp(n, "em"))
            return "emphasis";
        break;
    case 'f':
        if (!strcmp(n, "fieldset"))
            return "group";
        if (!strcmp(n, "figure"))
            return "figure";
        if (!strcmp(n, "footer"))
            return inside_sectioning(el) ? "generic" : "contentinfo";
        if (!strcmp(n, "form"))
            return "form";
        break;
    case 'h':
        if (n[1] >= '1' && n[1] <= '6' && !n[2])
            return "heading";
        if (!strcmp(n, "header"))
            return inside_sectioning(el) ? "generic" : "banner";
        if (!strcmp(n, "hr"))
            return "separator";
        if (!strcmp(n, "html"))
            return "document";
        if (!strcmp(n, "hgroup"))
            return "group";
        break;
    case 'i':
        if (!strcmp(n, "img")) {
            const char *alt = wp_attr(el, "alt");
            if (alt && !*alt && !wp_attr_nonblank(el, "aria-label") &&
                !wp_attr_nonblank(el, "aria-labelledby"))
                return "presentation";
            return "img";
        }
        if (!strcmp(n, "input"))
            return input_role(el);
        if (!strcmp(n, "ins"))
            return "insertion";
        if (!strcmp(n, "i"))
            return "generic";
        break;
    case 'l':
        if (!strcmp(n, "li"))
            return "listitem";
        break;
    case 'm':
        if (!strcmp(n, "main"))
            return "main";
        if (!strcmp(n, "math"))
            return "math";
        if (!strcmp(n, "menu"))
            return "list";
        if (!strcmp(n, "meter"))
            return "meter";
        if (!strcmp(n, "mark"))
            return "mark";
        break;
    case 'n':
        if (!strcmp(n, "nav"))
            return "navigation";
        break;
    case 'o':
        if (!strcmp(n, "ol"))
            return "list";
        if (!strcmp(n, "option"))
            return "option";
        if (!strcmp(n, "optgroup"))
            return "group";
        if (!strcmp(n, "output"))
            return "status";
        break;
    case 'p':
        if (!strcmp(n, "p"))
            return "paragraph";
        if (!strcmp(n, "progress"))
            return "progressbar";
        if (!strcmp(n, "pre"))
            return "generic";
        break;
    case 'q':
        return !strcmp(n, "q") ? "generic" : NULL;
    case 's':
        if (!strcmp(n, "span") || !strcmp(n, "small") || !strcmp(n, "samp") || !strcmp(n, "s"))
            return "generic";
        if (!strcmp(n, "section"))
            return wp_attr_nonblank(el, "aria-label") || labelledby_resolves(page, el) ||
                           wp_attr_nonblank(el, "title") ? "region" : "generic";
        if (!strcmp(n, "select")) {
            const char *size = wp_attr(el, "size");
            return wp_has_attr(el, "multiple") || (size && atoi(size) > 1) ? "listbox" : "combobox";
        }
        if (!strcmp(n, "strong"))
            return "strong";
        if (!strcmp(n, "sub"))
            return "subscript";
        if (!strcmp(n, "sup"))
            return "superscript";
        if (!strcmp(n, "search"))
            return "search";
        if (!strcmp(n, "svg"))
            return "graphics-document";
        break;
    case 't':
        if (!strcmp(n, "table"))
            return "table";
        if (!strcmp(n, "tbody") || !strcmp(n, "thead") || !strcmp(n, "tfoot"))
            return "rowgroup";
        if (!strcmp(n, "tr"))
            return "row";
        if (!strcmp(n, "td") || !strcmp(n, "th")) {
            xmlNodePtr table = ancestor_tag(el, "table");
            char buf[32];
            const char *trole = table ? page_explicit_role(table, buf) : NULL;
            if (trole && (!strcmp(trole, "grid") || !strcmp(trole, "treegrid")) &&
                !strcmp(n, "td"))
                return "gridcell";
            if (trole && (!strcmp(trole, "none") || !strcmp(trole, "presentation")))
                return NULL;
            return !strcmp(n, "td") ? "cell" : th_role(el);
        }
        if (!strcmp(n, "textarea"))
            return "textbox";
        if (!strcmp(n, "time"))
            return "time";
        break;
    case 'u':
        if (!strcmp(n, "ul"))
            return "list";
        if (!strcmp(n, "u"))
            return "generic";
        break;
    }
    (void)page;
    return NULL;
}

/* Global ARIA attributes (other than aria-hidden) make a presentational
 * role be ignored, as does focusability. */
static bool has_global_aria(xmlNodePtr el)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (strncasecmp(name, "aria-", 5) || !strcasecmp(name, "aria-hidden"))
            continue;
        const AriaAttribute *def = aria_attribute(name);
        if (def && def->global)
            return true;
    }
    return false;
}

const char *page_role(const WcagPage *page, xmlNodePtr el, char *buf)
{
    const char *role = page_explicit_role(el, buf);
    if (role && (!strcmp(role, "none") || !strcmp(role, "presentation")) &&
        (page_focusable(page, el, false) || has_global_aria(el)))
        role = NULL;
    if (role)
        return role;
    return page_implicit_role(page, el);
}

/* ---- focus ---- */

static bool is_form_control(xmlNodePtr el)
{
    return wp_is_tag(el, "input") || wp_is_tag(el, "button") || wp_is_tag(el, "select") ||
           wp_is_tag(el, "textarea") || wp_is_tag(el, "optgroup") || wp_is_tag(el, "option") ||
           wp_is_tag(el, "fieldset");
}

bool page_is_disabled(const WcagPage *page, xmlNodePtr el)
{
    (void)page;
    if (is_form_control(el) && wp_has_attr(el, "disabled"))
        return true;
    /* A disabled fieldset disables its controls, except in its first legend. */
    if (is_form_control(el))
        for (xmlNodePtr n = el->parent; wp_is_element(n); n = n->parent)
            if (wp_is_tag(n, "fieldset") && wp_has_attr(n, "disabled")) {
                xmlNodePtr legend = NULL;
                for (xmlNodePtr k = n->children; k && !legend; k = k->next)
                    if (wp_is_tag(k, "legend"))
                        legend = k;
                bool in_legend = false;
                for (xmlNodePtr m = el->parent; m && m != n; m = m->parent)
                    if (m == legend)
                        in_legend = true;
                if (!in_legend)
                    return true;
            }
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_attr_is(n, "aria-disabled", "true"))
            return true;
    return false;
}

static bool parse_tabindex(xmlNodePtr el, long *value)
{
    const char *t = wp_attr(el, "tabindex");
    if (!t)
        return false;
    char *end;
    while (isspace((unsigned char)*t))
        t++;
    long v = strtol(t, &end, 10);
    if (end == t)
        return false;
    *value = v;
    return true;
}

bool page_focusable(const WcagPage *page, xmlNodePtr el, bool in_sequence)
{
    if (!wp_is_element(el) || page_not_rendered(page, el))
        return false;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_has_attr(n, "inert"))
            return false;
    long tabindex = 0;
    bool has_tabindex = parse_tabindex(el, &tabindex);
    bool native = false;
    if ((wp_is_tag(el, "a") || wp_is_tag(el, "area")) && wp_has_attr(el, "href"))
        native = true;
    else if (wp_is_tag(el, "input"))
        native = !wp_attr_is(el, "type", "hidden");
    else if (wp_is_tag(el, "button") || wp_is_tag(el, "select") || wp_is_tag(el, "textarea") ||
             wp_is_tag(el, "iframe"))
        native = true;
    else if ((wp_is_tag(el, "audio") || wp_is_tag(el, "video")) && wp_has_attr(el, "controls"))
        native = true;
    else if (wp_is_tag(el, "summary") && wp_is_tag(el->parent, "details")) {
        native = true;
        for (xmlNodePtr s = el->prev; s; s = s->prev)
            if (wp_is_tag(s, "summary"))
                native = false;
    } else {
        const char *ce = wp_attr(el, "contenteditable");
        native = ce && strcasecmp(ce, "false");
    }
    if (native && is_form_control(el) && page_is_disabled(page, el) && wp_has_attr(el, "disabled"))
        return false;
    if (native && is_form_control(el)) {
        for (xmlNodePtr n = el->parent; wp_is_element(n); n = n->parent)
            if (wp_is_tag(n, "fieldset") && wp_has_attr(n, "disabled") && page_is_disabled(page, el) &&
                !wp_attr_is(el, "aria-disabled", "true"))
                return false;
    }
    if (has_tabindex)
        return in_sequence ? tabindex >= 0 : true;
    return native;
}
