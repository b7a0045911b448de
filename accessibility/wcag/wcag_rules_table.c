/* wcag_rules_table.c: header cells and the headers attribute.
 *
 * Builds each table's grid once (rows, columns, spans) as the HTML table
 * model does, then checks that every header cell heads some cell and
 * that headers="..." only names cells of the same table.
 */
#include "util.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct Cell {
    xmlNodePtr node;
    int row, col, rowspan, colspan;
    bool header;          /* role columnheader or rowheader */
    bool row_header;
} Cell;

typedef struct Grid {
    Cell *cells;
    size_t count, cap;
} Grid;

static bool role_is(const char *role, const char *name)
{
    return role && !strcmp(role, name);
}

static int span_of(xmlNodePtr el, const char *name)
{
    const char *v = wp_attr(el, name);
    int n = v ? atoi(v) : 1;
    return n < 1 ? 1 : n > 1000 ? 1000 : n;
}

/* Occupied slots of earlier rows' rowspans: a small list is enough. */
typedef struct Slot {
    int row, col;
} Slot;

static bool taken(const Slot *slots, size_t n, int row, int col)
{
    for (size_t i = 0; i < n; i++)
        if (slots[i].row == row && slots[i].col == col)
            return true;
    return false;
}

static void add_row(const WcagPage *page, Grid *g, xmlNodePtr tr, int row, Slot **slots,
                    size_t *nslots, size_t *capslots)
{
    int col = 0;
    for (xmlNodePtr c = tr->children; c; c = c->next) {
        if (!wp_is_tag(c, "td") && !wp_is_tag(c, "th"))
            continue;
        while (taken(*slots, *nslots, row, col))
            col++;
        int rs = span_of(c, "rowspan"), cs = span_of(c, "colspan");
        if (rs > 100)
            rs = 100;
        if (g->count == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 32;
            g->cells = xrealloc(g->cells, g->cap * sizeof *g->cells);
        }
        char buf[32];
        const char *role = page_role(page, c, buf);
        g->cells[g->count++] = (Cell){c, row, col, rs, cs,
                                      role_is(role, "columnheader") || role_is(role, "rowheader"),
                                      role_is(role, "rowheader")};
        for (int r = 1; r < rs; r++)
            for (int k = 0; k < cs; k++) {
                if (*nslots == *capslots) {
                    *capslots = *capslots ? *capslots * 2 : 16;
                    *slots = xrealloc(*slots, *capslots * sizeof **slots);
                }
                (*slots)[(*nslots)++] = (Slot){row + r, col + k};
            }
        col += cs;
    }
}

static void build_grid(const WcagPage *page, xmlNodePtr table, Grid *g)
{
    Slot *slots = NULL;
    size_t nslots = 0, capslots = 0;
    int row = 0;
    /* thead rows come first, tfoot rows last, whatever the source order. */
    for (int pass = 0; pass < 3; pass++)
        for (xmlNodePtr k = table->children; k; k = k->next) {
            bool head = wp_is_tag(k, "thead"), foot = wp_is_tag(k, "tfoot");
            if ((pass == 0) != head || (pass == 2) != foot)
                continue;
            if (wp_is_tag(k, "tr")) {
                add_row(page, g, k, row++, &slots, &nslots, &capslots);
            } else if (head || foot || wp_is_tag(k, "tbody")) {
                for (xmlNodePtr tr = k->children; tr; tr = tr->next)
                    if (wp_is_tag(tr, "tr"))
                        add_row(page, g, tr, row++, &slots, &nslots, &capslots);
            }
        }
    free(slots);
}

/* ---- tables built from ARIA roles (role=table, grid, treegrid) ----
 *
 * Rows are the elements with role row the table owns (through row groups
 * and elements with no role of their own), cells those a row owns.  Their
 * place is aria-rowindex / aria-colindex where given, else their order;
 * aria-colspan and aria-rowspan widen them.  Rows or cells added to the
 * table by aria-owns, or by a script, are not seen. */

static bool transparent_role(const char *role)
{
    return !role || role_is(role, "generic") || role_is(role, "none") ||
           role_is(role, "presentation");
}

static bool table_role(const char *role)
{
    return role_is(role, "table") || role_is(role, "grid") || role_is(role, "treegrid");
}

static bool cell_role(const char *role)
{
    return role_is(role, "cell") || role_is(role, "gridcell") ||
           role_is(role, "columnheader") || role_is(role, "rowheader");
}

static int aria_index(xmlNodePtr el, const char *name, int fallback)
{
    const char *v = wp_attr(el, name);
    int n = v ? atoi(v) : 0;
    return n >= 1 && n <= 100000 ? n - 1 : fallback;
}

static void add_cell(Grid *g, Cell cell)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        g->cells = xrealloc(g->cells, g->cap * sizeof *g->cells);
    }
    g->cells[g->count++] = cell;
}

static void aria_row_cells(const WcagPage *page, Grid *g, xmlNodePtr n, int row, int *col,
                           int depth)
{
    for (xmlNodePtr k = n->children; k && depth < 32; k = k->next) {
        if (!wp_is_element(k))
            continue;
        char buf[32];
        const char *role = page_role(page, k, buf);
        if (cell_role(role)) {
            int c = aria_index(k, "aria-colindex", *col);
            int cs = span_of(k, "aria-colspan"), rs = span_of(k, "aria-rowspan");
            add_cell(g, (Cell){k, row, c, rs > 100 ? 100 : rs, cs,
                               role_is(role, "columnheader") || role_is(role, "rowheader"),
                               role_is(role, "rowheader")});
            *col = c + cs;
        } else if (transparent_role(role)) {
            aria_row_cells(page, g, k, row, col, depth + 1);
        }
    }
}

static void aria_rows(const WcagPage *page, Grid *g, xmlNodePtr n, int *row, int depth)
{
    for (xmlNodePtr k = n->children; k && depth < 32; k = k->next) {
        if (!wp_is_element(k))
            continue;
        char buf[32];
        const char *role = page_role(page, k, buf);
        if (role_is(role, "row")) {
            int r = aria_index(k, "aria-rowindex", *row), col = 0;
            aria_row_cells(page, g, k, r, &col, depth + 1);
            *row = r + 1;
        } else if (role_is(role, "rowgroup") || transparent_role(role)) {
            aria_rows(page, g, k, row, depth + 1);
        }
    }
}

static const Cell *cell_of(const Grid *g, xmlNodePtr node)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->cells[i].node == node)
            return &g->cells[i];
    return NULL;
}

static bool headers_names(xmlNodePtr cell, const char *id)
{
    const char *h = wp_attr(cell, "headers");
    if (!h || !id)
        return false;
    size_t n = strlen(id);
    for (const char *p = h; *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if ((size_t)(p - s) == n && !strncmp(s, id, n))
            return true;
    }
    return false;
}

static bool overlaps(int a, int alen, int b, int blen)
{
    return a < b + blen && b < a + alen;
}

/* ACT d0f69e asks for a non-empty cell: one with words in it, or with
 * something that is not text (an image, a control) standing for them. */
static bool cell_has_content(xmlNodePtr n, int depth)
{
    for (xmlNodePtr k = n->children; k && depth < 64; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *p = k->content; p && *p; p++)
                if (!isspace(*p))
                    return true;
        } else if (wp_is_element(k)) {
            static const char *const embedded[] = {
                "img", "input", "select", "textarea", "button", "svg", "video", "audio",
                "canvas", "object", "embed", "iframe", "math", "picture", "meter", "progress",
            };
            for (size_t i = 0; i < sizeof embedded / sizeof embedded[0]; i++)
                if (wp_is_tag(k, embedded[i]))
                    return true;
            if (!wp_is_tag(k, "script") && !wp_is_tag(k, "style") && !wp_is_tag(k, "template") &&
                cell_has_content(k, depth + 1))
                return true;
        }
    }
    return false;
}

/* In an HTML table a header heads the cells after it, as the HTML table
 * model assigns them (below a column header, beside a row header); in an
 * ARIA table a header heads its whole column or row (WAI-ARIA 1.2). */
static void check_header_cells(WcagPage *page, const Grid *g, bool html)
{
    /* A table with no words in any cell is a layout of nothing: d0f69e
     * does not apply to it. */
    bool any_content = false;
    for (size_t i = 0; i < g->count && !any_content; i++)
        any_content = cell_has_content(g->cells[i].node, 0);
    if (!any_content)
        return;
    for (size_t i = 0; i < g->count; i++) {
        const Cell *h = &g->cells[i];
        /* ACT d0f69e: only headers that are visible, so not one moved off
         * screen or clipped for screen readers alone. */
        if (!h->header || page_excluded(page, h->node) || page_visually_hidden(page, h->node))
            continue;
        const char *id = wp_attr(h->node, "id");
        bool assigned = false;
        for (size_t j = 0; j < g->count && !assigned; j++) {
            const Cell *c = &g->cells[j];
            if (c == h || page_excluded(page, c->node) || !cell_has_content(c->node, 0))
                continue;
            if (wp_has_attr(c->node, "headers")) {
                assigned = headers_names(c->node, id);
                continue;
            }
            if (h->row_header)
                assigned = overlaps(c->row, c->rowspan, h->row, h->rowspan) &&
                           (html ? c->col > h->col : c->col != h->col);
            else
                assigned = overlaps(c->col, c->colspan, h->col, h->colspan) &&
                           (html ? c->row > h->row : c->row != h->row);
        }
        if (!assigned)
            findings_add_node(page->out, &RULE_TABLE_HEADER_CELLS, h->node,
                              "This table header heads no cells. Put data cells under it (or "
                              "beside it for a row header), or make it an ordinary cell.");
    }
}

static void check_headers_attribute(WcagPage *page, xmlNodePtr table, const Grid *g)
{
    for (size_t i = 0; i < g->count; i++) {
        xmlNodePtr cell = g->cells[i].node;
        const char *h = wp_attr(cell, "headers");
        if (!h || page_excluded(page, cell))
            continue;
        char *copy = xstrdup(h);
        char *save = NULL;
        bool any = false;
        for (char *id = strtok_r(copy, " \t\n\r\f", &save); id;
             id = strtok_r(NULL, " \t\n\r\f", &save)) {
            any = true;
            xmlNodePtr target = page_by_id(page, id);
            const char *why = NULL;
            if (!target)
                why = "no element has that id";
            else if (target == cell)
                why = "it names the cell itself";
            else if (!cell_of(g, target))
                why = "that element is not a cell of this table";
            if (why) {
                findings_add_node(page->out, &RULE_TABLE_HEADERS_ATTR, cell,
                                  "headers=\"%s\" names \"%s\", but %s. Point it at the id of a "
                                  "header cell in the same table.", h, id, why);
                break;
            }
        }
        (void)any;
        (void)table;
        free(copy);
    }
}

void wcag_check_tables(WcagPage *page, xmlNodePtr el)
{
    if (!wp_is_element(el) || page_excluded(page, el))
        return;
    char buf[32];
    const char *role = page_role(page, el, buf);
    if (!table_role(role))
        return;
    Grid g = {0};
    bool html = wp_is_tag(el, "table");
    if (html)
        build_grid(page, el, &g);
    else {
        int row = 0;
        aria_rows(page, &g, el, &row, 0);
    }
    check_header_cells(page, &g, html);
    if (html)
        check_headers_attribute(page, el, &g);
    free(g.cells);
}
