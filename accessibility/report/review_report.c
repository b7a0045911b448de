/* review_report.c: report/index.html, the review report.
 *
 * Written for reviewers such as an Improving Information Group, who check
 * the formats before they go out and are not developers: each
 * consultation's three formats side by side, their reading age as a small
 * chart (SVG, so no script is needed, with the numbers in the table too),
 * what to fix first, and every finding in plain words with where to find
 * it.  The page is made like every other page, so it is checked too.
 */
#include "review_report.h"
#include "render_internal.h"
#include "dom.h"
#include "word_diff.h"

#include <libxml/HTMLtree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xmlNodePtr el(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *text)
{
    return dom_element(doc, parent, name, text);
}

static xmlNodePtr elf(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static xmlNodePtr elf(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *fmt, ...)
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
static xmlNodePtr link_to(xmlDocPtr doc, xmlNodePtr parent, const char *to_root, const char *page_path,
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

static const char *where(const Finding *f, char *buf, size_t size)
{
    if (f->file && f->line > 0)
        snprintf(buf, size, "%s, line %d", f->file, f->line);
    else if (f->file)
        snprintf(buf, size, "%s", f->file);
    else
        snprintf(buf, size, "the page");
    return buf;
}

static const char *level_words(FindingLevel l)
{
    switch (l) {
    case LEVEL_ERROR:   return "Must fix";
    case LEVEL_WARNING: return "Should fix";
    default:            return "To think about";
    }
}

/* One finding as a list item: what is wrong, how to fix it, where. */
static void finding_item(xmlDocPtr doc, xmlNodePtr list, const Finding *f)
{
    char buf[600];
    xmlNodePtr li = el(doc, list, "li", NULL);
    dom_set(li, "class", f->level == LEVEL_ERROR ? "finding-error" : "finding-warning");
    elf(doc, li, "strong", "%s: ", level_words(f->level));
    xmlAddChild(li, xmlNewDocText(doc, BAD_CAST f->message));
    xmlNodePtr meta = el(doc, li, "span", NULL);
    dom_set(meta, "class", "finding-where");
    char *text = xasprintf(" (%s. Rule: %s%s%s)", where(f, buf, sizeof buf), f->rule->title,
                           f->rule->wcag ? ", WCAG " : "", f->rule->wcag ? f->rule->wcag : "");
    xmlAddChild(meta, xmlNewDocText(doc, BAD_CAST text));
    free(text);
    if (f->excerpt) {
        xmlNodePtr q = el(doc, li, "q", f->excerpt);
        dom_set(q, "class", "finding-excerpt");
    }
}

/* A bar chart of reading age per format.  The table beside it has the
 * same numbers, so nothing is only in the picture. */
static void reading_age_chart(xmlDocPtr doc, xmlNodePtr parent, ReportPage *const pages[FORMAT_COUNT],
                              const char *title)
{
    static const char *const colours[FORMAT_COUNT] = {"#1d5e9e", "#00703c", "#4c2c92"};
    bool any = false;
    StrBuf label;
    sb_init(&label);
    sb_printf(&label, "Reading age of %s:", title);
    for (int f = 0; f < FORMAT_COUNT; f++)
        if (pages[f] && pages[f]->has_scores) {
            sb_printf(&label, " %s %.0f years;", format_name((Format)f), pages[f]->reading_age);
            any = true;
        }
    if (!any) {
        sb_free(&label);
        return;
    }
    const int width = 360, row = 34, max_age = 20;
    /* A caption that says what the bars measure, for everyone who sees
     * the chart (the svg's own label is for screen readers). */
    xmlNodePtr figure = el(doc, parent, "figure", NULL);
    dom_set(figure, "class", "reading-figure");
    elf(doc, figure, "figcaption", "Reading age of %s, in years, by format: a shorter bar is easier to read.",
        title);
    xmlNodePtr svg = el(doc, figure, "svg", NULL);
    dom_set(svg, "xmlns", "http://www.w3.org/2000/svg");
    char vb[64];
    snprintf(vb, sizeof vb, "0 0 %d %d", width, row * FORMAT_COUNT + 4);
    dom_set(svg, "viewBox", vb);
    dom_set(svg, "class", "reading-chart");
    dom_set(svg, "role", "img");
    dom_set(svg, "aria-label", label.data);
    sb_free(&label);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        int y = f * row + 4;
        xmlNodePtr t = el(doc, svg, "text", format_name((Format)f));
        char num[32];
        snprintf(num, sizeof num, "%d", y + 20);
        dom_set(t, "x", "0");
        dom_set(t, "y", num);
        dom_set(t, "font-size", "16");
        dom_set(t, "fill", "#0b0c0c");
        if (!pages[f] || !pages[f]->has_scores)
            continue;
        double age = pages[f]->reading_age;
        int bar = (int)((age < 0 ? 0 : age > max_age ? max_age : age) / max_age * (width - 170));
        xmlNodePtr rect = el(doc, svg, "rect", NULL);
        snprintf(num, sizeof num, "%d", y + 4);
        dom_set(rect, "y", num);
        dom_set(rect, "x", "110");
        snprintf(num, sizeof num, "%d", bar > 2 ? bar : 2);
        dom_set(rect, "width", num);
        dom_set(rect, "height", "22");
        dom_set(rect, "fill", colours[f]);
        char value[32];
        snprintf(value, sizeof value, "%.0f", age);
        xmlNodePtr v = el(doc, svg, "text", value);
        snprintf(num, sizeof num, "%d", 116 + bar);
        dom_set(v, "x", num);
        snprintf(num, sizeof num, "%d", y + 20);
        dom_set(v, "y", num);
        dom_set(v, "font-size", "16");
        dom_set(v, "fill", "#0b0c0c");
    }
}

static size_t count(const ReportPage *p, FindingLevel l)
{
    return p ? findings_count_level(&p->findings, l) : 0;
}

/* The three formats of one page (a consultation, or one of its hook pages)
 * side by side. */
static void formats_table(xmlDocPtr doc, xmlNodePtr parent, const char *to_root,
                          ReportPage *const pages[FORMAT_COUNT])
{
    xmlNodePtr table = el(doc, parent, "table", NULL);
    dom_set(table, "class", "formats-table");
    xmlNodePtr head = el(doc, el(doc, table, "thead", NULL), "tr", NULL);
    xmlNodePtr th = el(doc, head, "th", "");
    dom_set(th, "scope", "col");
    xmlNodePtr empty = el(doc, th, "span", "What");
    dom_set(empty, "class", "visually-hidden");
    for (int f = 0; f < FORMAT_COUNT; f++) {
        xmlNodePtr c = el(doc, head, "th", format_name((Format)f));
        dom_set(c, "scope", "col");
    }
    xmlNodePtr body = el(doc, table, "tbody", NULL);
    const char *rows[] = {"Page", "Reading age", "Must fix", "Should fix"};
    for (int r = 0; r < 4; r++) {
        xmlNodePtr tr = el(doc, body, "tr", NULL);
        xmlNodePtr rh = el(doc, tr, "th", rows[r]);
        dom_set(rh, "scope", "row");
        for (int f = 0; f < FORMAT_COUNT; f++) {
            xmlNodePtr td = el(doc, tr, "td", NULL);
            const ReportPage *p = pages[f];
            if (!p) {
                xmlAddChild(td, xmlNewDocText(doc, BAD_CAST "none"));
                continue;
            }
            char buf[64];
            switch (r) {
            case 0: {
                char *text = xasprintf("Open the %s page", format_name((Format)f));
                link_to(doc, td, to_root, p->path, text);
                free(text);
                break;
            }
            case 1:
                if (p->has_scores)
                    snprintf(buf, sizeof buf, "%.0f years", p->reading_age);
                else
                    snprintf(buf, sizeof buf, "not measured");
                xmlAddChild(td, xmlNewDocText(doc, BAD_CAST buf));
                break;
            default:
                snprintf(buf, sizeof buf, "%zu", count(p, r == 2 ? LEVEL_ERROR : LEVEL_WARNING));
                xmlAddChild(td, xmlNewDocText(doc, BAD_CAST buf));
            }
        }
    }
}

/* What each format says first, side by side: reviewers compare the words,
 * not only the numbers (is the easy read saying the same thing?). */
static void formats_words(xmlDocPtr doc, xmlNodePtr parent, ReportPage *const pages[FORMAT_COUNT],
                          const char *title)
{
    bool any = false;
    for (int f = 0; f < FORMAT_COUNT; f++)
        any |= pages[f] && pages[f]->opening;
    if (!any)
        return;
    xmlNodePtr table = el(doc, parent, "table", NULL);
    dom_set(table, "class", "formats-words");
    elf(doc, table, "caption", "What each format of %s says first", title);
    xmlNodePtr head = el(doc, el(doc, table, "thead", NULL), "tr", NULL);
    xmlNodePtr row = el(doc, el(doc, table, "tbody", NULL), "tr", NULL);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        xmlNodePtr th = el(doc, head, "th", format_name((Format)f));
        dom_set(th, "scope", "col");
        xmlNodePtr td = el(doc, row, "td", NULL);
        const char *text = pages[f] ? pages[f]->opening : NULL;
        if (!text) {
            el(doc, td, "p", "none");
            continue;
        }
        for (const char *line = text; *line;) {
            size_t n = strcspn(line, "\n");
            char *para = xstrndup(line, n);
            el(doc, td, "p", para);
            free(para);
            line += n + (line[n] == '\n');
        }
    }
}

static void page_findings(xmlDocPtr doc, xmlNodePtr parent, const ReportPage *p, const char *heading_name)
{
    size_t shown = 0;
    for (size_t i = 0; i < p->findings.count; i++)
        shown += p->findings.items[i].level >= LEVEL_NOTICE;
    if (!shown)
        return;
    elf(doc, parent, heading_name, "%s: %zu thing%s to look at", format_name(p->format), shown,
        shown == 1 ? "" : "s");
    xmlNodePtr ul = el(doc, parent, "ul", NULL);
    dom_set(ul, "class", "findings");
    /* Errors first, then warnings, then notices: what to fix first. */
    for (int level = LEVEL_ERROR; level >= LEVEL_NOTICE; level--)
        for (size_t i = 0; i < p->findings.count; i++)
            if ((int)p->findings.items[i].level == level)
                finding_item(doc, ul, &p->findings.items[i]);
}

/* The folder a page's formats share: "consultations/bus/" for
 * consultations/bus/index.html and consultations/bus/easy-read/index.html. */
static char *group_key(const ReportPage *p)
{
    char *base = xstrdup(p->path);
    if (str_ends_with(base, "index.html"))
        base[strlen(base) - strlen("index.html")] = '\0';
    const char *dir = format_dir(p->format);
    if (*dir && str_ends_with(base, dir))
        base[strlen(base) - strlen(dir)] = '\0';
    return base;
}

/* The pack's own plain English page, consultations/SLUG/index.html: not a
 * translation's (consultations/SLUG/cy/index.html), which is a plain page
 * of the pack too. */
static bool is_source_plain_page(const ReportPage *page)
{
    if (page->kind != PAGE_CONSULTATION || page->format != FORMAT_PLAIN || !page->pack_slug)
        return false;
    char *own = xasprintf("consultations/%s/index.html", page->pack_slug);
    bool same = !strcmp(page->path, own);
    free(own);
    return same;
}

/* Every page of one pack, grouped by what it is (the consultation itself,
 * each extra page, the comment card). */
static void consultation_section(xmlDocPtr doc, xmlNodePtr parent, const char *to_root, ReportPage *const *pages,
                                 size_t end)
{
    const size_t first = 0;
    const ReportPage *lead = NULL;
    for (size_t i = first; i < end; i++)
        if (is_source_plain_page(pages[i]))
            lead = pages[i];
    if (!lead)
        lead = pages[first];
    xmlNodePtr section = el(doc, parent, "section", NULL);
    dom_set(section, "class", "report-consultation");
    char *id = xasprintf("c-%s", lead->pack_slug);
    xmlNodePtr h2 = el(doc, section, "h2", lead->title);
    dom_set(h2, "id", id);
    dom_set(section, "aria-labelledby", id);
    free(id);

    /* Group pages by their folder without the format part: the consultation, each hook page. */
    StrList groups = {0};
    /* The consultation's own pages first, then the pages hooks made, then the card. */
    char *own = xasprintf("consultations/%s/", lead->pack_slug);
    sl_push(&groups, own);
    for (size_t i = first; i < end; i++) {
        char *base = group_key(pages[i]);
        if (!sl_contains(&groups, base) && !str_ends_with(base, "/comment-card/"))
            sl_push(&groups, base);
        free(base);
    }
    for (size_t i = first; i < end; i++) {
        char *base = group_key(pages[i]);
        if (!sl_contains(&groups, base))
            sl_push(&groups, base);
        free(base);
    }
    free(own);
    for (size_t g = 0; g < groups.count; g++) {
        ReportPage *formats[FORMAT_COUNT] = {0};
        const char *group_title = NULL;
        for (size_t i = first; i < end; i++) {
            ReportPage *p = pages[i];
            char *base = group_key(p);
            if (!strcmp(base, groups.items[g])) {
                formats[p->format] = p;
                if (!group_title || p->format == FORMAT_PLAIN)
                    group_title = p->title;
            }
            free(base);
        }
        if (!group_title)
            continue;
        if (g > 0)
            el(doc, section, "h3", group_title);
        reading_age_chart(doc, section, formats, group_title);
        formats_table(doc, section, to_root, formats);
        formats_words(doc, section, formats, group_title);
        for (int f = 0; f < FORMAT_COUNT; f++)
            if (formats[f])
                page_findings(doc, section, formats[f], g > 0 ? "h4" : "h3");
    }
    sl_free(&groups);
}

/* ---- reading ages across consultations ---- */

typedef struct PackAges {
    const char *slug, *title;
    const ReportPage *pages[FORMAT_COUNT];
    double highest;
} PackAges;

static int by_highest_age(const void *a, const void *b)
{
    const PackAges *x = a, *y = b;
    if (x->highest != y->highest)
        return x->highest < y->highest ? 1 : -1;
    return strcmp(x->slug, y->slug);
}

/* How many consultations the chart shows: more would be a poster, not a
 * chart.  The hardest to read come first, so a group knows where to start. */
#define AGES_SHOWN 20

static void age_bar(xmlDocPtr doc, xmlNodePtr svg, int y, double age, const char *label, const char *colour)
{
    const int left = 110, span = 240, max_age = 20;
    int bar = (int)((age < 0 ? 0 : age > max_age ? max_age : age) / max_age * span);
    char num[32];
    xmlNodePtr t = el(doc, svg, "text", label);
    dom_set(t, "x", "0");
    snprintf(num, sizeof num, "%d", y + 15);
    dom_set(t, "y", num);
    dom_set(t, "font-size", "15");
    dom_set(t, "fill", "#0b0c0c");
    xmlNodePtr rect = el(doc, svg, "rect", NULL);
    snprintf(num, sizeof num, "%d", left);
    dom_set(rect, "x", num);
    snprintf(num, sizeof num, "%d", y + 2);
    dom_set(rect, "y", num);
    snprintf(num, sizeof num, "%d", bar > 2 ? bar : 2);
    dom_set(rect, "width", num);
    dom_set(rect, "height", "16");
    dom_set(rect, "fill", colour);
    char value[32];
    snprintf(value, sizeof value, "%.0f", age);
    xmlNodePtr v = el(doc, svg, "text", value);
    snprintf(num, sizeof num, "%d", left + bar + 6);
    dom_set(v, "x", num);
    snprintf(num, sizeof num, "%d", y + 15);
    dom_set(v, "y", num);
    dom_set(v, "font-size", "15");
    dom_set(v, "fill", "#0b0c0c");
}

/* One chart of every consultation's reading ages, hardest first, and a
 * table of the same figures: the group includes blind members, so the
 * table is the chart's text alternative, not an extra. */
static void reading_ages_across(xmlDocPtr doc, xmlNodePtr parent, const char *to_root, const Report *report)
{
    static const char *const colours[FORMAT_COUNT] = {"#1d5e9e", "#00703c", "#4c2c92"};
    PackAges *packs = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < report->count; i++) {
        const ReportPage *p = report->pages[i];
        if (!p->pack_slug || p->kind != PAGE_CONSULTATION || !p->has_scores)
            continue;
        if (!n || strcmp(packs[n - 1].slug, p->pack_slug)) {
            if (n == cap)
                packs = xrealloc(packs, (cap = cap ? cap * 2 : 16) * sizeof *packs);
            packs[n++] = (PackAges){.slug = p->pack_slug, .title = p->title};
        }
        PackAges *a = &packs[n - 1];
        a->pages[p->format] = p;
        if (p->format == FORMAT_PLAIN)
            a->title = p->title;
        if (p->reading_age > a->highest)
            a->highest = p->reading_age;
    }
    if (!n) {
        free(packs);
        return;
    }
    qsort(packs, n, sizeof *packs, by_highest_age);
    size_t shown = n < AGES_SHOWN ? n : AGES_SHOWN;
    el(doc, parent, "h2", "Reading ages across consultations");
    elf(doc, parent, "p", "The reading age is roughly how old someone must be to read a page easily. Easy "
        "read should be about 9 or under, and plain English about 12. %s are below, the hardest to "
        "read first, so you can see which to look at first. The table after the chart has the same figures.",
        shown == n ? "All consultations" : "The consultations with the highest reading ages");
    const int group = 22 + 20 * FORMAT_COUNT + 10;
    xmlNodePtr svg = el(doc, parent, "svg", NULL);
    dom_set(svg, "xmlns", "http://www.w3.org/2000/svg");
    char num[64];
    snprintf(num, sizeof num, "0 0 400 %d", group * (int)shown);
    dom_set(svg, "viewBox", num);
    dom_set(svg, "class", "reading-chart reading-chart-all");
    dom_set(svg, "role", "img");
    dom_set(svg, "aria-label", "Bar chart of the reading age of each format of each consultation. "
                               "The table below has the same figures.");
    for (size_t i = 0; i < shown; i++) {
        int y = (int)i * group;
        /* A title longer than the chart is wide is shortened here; the table has it whole. */
        size_t cut = strlen(packs[i].title);
        if (cut > 40)
            for (cut = 38; cut && ((unsigned char)packs[i].title[cut] & 0xC0) == 0x80; cut--)
                ;            /* never inside a character */
        char *title = cut < strlen(packs[i].title) ? xasprintf("%.*s…", (int)cut, packs[i].title)
                                                   : xstrdup(packs[i].title);
        xmlNodePtr t = el(doc, svg, "text", title);
        free(title);
        dom_set(t, "x", "0");
        snprintf(num, sizeof num, "%d", y + 16);
        dom_set(t, "y", num);
        dom_set(t, "font-size", "16");
        dom_set(t, "font-weight", "bold");
        dom_set(t, "fill", "#0b0c0c");
        for (int f = 0; f < FORMAT_COUNT; f++)
            if (packs[i].pages[f])
                age_bar(doc, svg, y + 22 + 20 * f, packs[i].pages[f]->reading_age, format_name((Format)f),
                        colours[f]);
    }
    xmlNodePtr table = el(doc, parent, "table", NULL);
    dom_set(table, "class", "reading-ages-table");
    el(doc, table, "caption", "Reading age in years of each format, hardest to read first");
    xmlNodePtr head = el(doc, el(doc, table, "thead", NULL), "tr", NULL);
    dom_set(el(doc, head, "th", "Consultation"), "scope", "col");
    for (int f = 0; f < FORMAT_COUNT; f++)
        dom_set(el(doc, head, "th", format_name((Format)f)), "scope", "col");
    xmlNodePtr body = el(doc, table, "tbody", NULL);
    for (size_t i = 0; i < shown; i++) {
        xmlNodePtr tr = el(doc, body, "tr", NULL);
        xmlNodePtr th = el(doc, tr, "th", NULL);
        dom_set(th, "scope", "row");
        char *review = xasprintf("report/%s/index.html", packs[i].slug);
        link_to(doc, th, to_root, review, packs[i].title);
        free(review);
        for (int f = 0; f < FORMAT_COUNT; f++) {
            const ReportPage *p = packs[i].pages[f];
            char buf[32] = "none";
            if (p)
                snprintf(buf, sizeof buf, "%.0f", p->reading_age);
            el(doc, tr, "td", buf);
        }
    }
    free(packs);
}

static void fix_first(xmlDocPtr doc, xmlNodePtr parent, Report *report)
{
    el(doc, parent, "h2", "What to fix first");
    xmlNodePtr ol = el(doc, parent, "ol", NULL);
    size_t shown = 0;
    for (int level = LEVEL_ERROR; level >= LEVEL_WARNING && shown < 10; level--)
        for (size_t i = 0; i < report->count && shown < 10; i++) {
            const ReportPage *p = report->pages[i];
            for (size_t k = 0; k < p->findings.count && shown < 10; k++)
                if ((int)p->findings.items[k].level == level) {
                    finding_item(doc, ol, &p->findings.items[k]);
                    shown++;
                }
        }
    if (!shown) {
        xmlUnlinkNode(ol);
        xmlFreeNode(ol);
        el(doc, parent, "p", "Nothing must be fixed: no page breaks a rule. The sections below list "
                             "things to think about.");
    }
}

void render_review_report(const Renderer *r, Report *report)
{
    const Site *site = r->site;
    const char *to_root = "../";     /* from report/index.html */
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr body = dom_element(scratch, NULL, "div", NULL);
    char date[48];
    date_long(site->today, date, sizeof date);
    size_t errors = 0, warnings = 0, notices = 0;
    for (size_t i = 0; i < report->count; i++) {
        errors += count(report->pages[i], LEVEL_ERROR);
        warnings += count(report->pages[i], LEVEL_WARNING);
        notices += count(report->pages[i], LEVEL_NOTICE);
    }
    elf(scratch, body, "p", "This report lists what sayso's checks found on every page of %s, built on %s. "
        "Each consultation has a page of its own with its three formats side by side.", site->title, date);
    xmlNodePtr summary = el(scratch, body, "ul", NULL);
    dom_set(summary, "class", "report-summary");
    /* The build counts this report among the pages it wrote: say so, so the
     * two numbers agree. */
    elf(scratch, summary, "li", "%zu %s checked: every page of the site but this report", report->count,
        report->count == 1 ? "page" : "pages");
    elf(scratch, summary, "li", "%zu must fix", errors);
    elf(scratch, summary, "li", "%zu should fix", warnings);
    elf(scratch, summary, "li", "%zu to think about", notices);
    el(scratch, body, "p", "\"Must fix\" stops the site being published. \"Should fix\" is published but "
                           "should be changed. \"To think about\" is advice.");
    reading_ages_across(scratch, body, to_root, report);
    fix_first(scratch, body, report);

    if (report->site_findings.count) {
        el(scratch, body, "h2", "The theme's colours and styles");
        xmlNodePtr ul = el(scratch, body, "ul", NULL);
        dom_set(ul, "class", "findings");
        for (size_t k = 0; k < report->site_findings.count; k++)
            finding_item(scratch, ul, &report->site_findings.items[k]);
    }

    if (site->rule_count) {
        el(scratch, body, "h2", "Rules changed for this site");
        xmlNodePtr ul = el(scratch, body, "ul", NULL);
        for (size_t i = 0; i < site->rule_count; i++) {
            const RuleSetting *s = &site->rules[i];
            elf(scratch, ul, "li", "%s is set to %s%s%s. Why: %s", s->rule, s->level,
                s->page ? " on " : "", s->page ? s->page : "", s->reason ? s->reason : "no reason given");
        }
    }

    /* Each consultation has a page of its own, report/SLUG/, made as its
     * pack is built: one page for thousands of consultations was tens of
     * megabytes, too big to open, check or rebuild quickly. */
    el(scratch, body, "h2", "Consultations");
    xmlNodePtr packs = el(scratch, body, "ul", NULL);
    dom_set(packs, "class", "report-consultations");
    /* Pages are sorted by path, so each pack's pages are together. */
    size_t i = 0;
    while (i < report->count) {
        const char *slug = report->pages[i]->pack_slug;
        size_t end = i + 1;
        while (end < report->count && slug && report->pages[end]->pack_slug &&
               !strcmp(report->pages[end]->pack_slug, slug))
            end++;
        if (slug) {
            const ReportPage *lead = report->pages[i];
            size_t errors_here = 0, warnings_here = 0;
            for (size_t k = i; k < end; k++) {
                if (is_source_plain_page(report->pages[k]))
                    lead = report->pages[k];
                errors_here += count(report->pages[k], LEVEL_ERROR);
                warnings_here += count(report->pages[k], LEVEL_WARNING);
            }
            xmlNodePtr li = el(scratch, packs, "li", NULL);
            char *review = xasprintf("report/%s/index.html", slug);
            link_to(scratch, li, to_root, review, lead->title);
            free(review);
            elf(scratch, li, "span", ": %zu must fix, %zu should fix", errors_here, warnings_here);
        }
        i = slug ? end : i + 1;
    }
    el(scratch, body, "h2", "Other pages");
    xmlNodePtr others = el(scratch, body, "ul", NULL);
    for (size_t k = 0; k < report->count; k++) {
        const ReportPage *p = report->pages[k];
        /* A consultation's review page is listed with it, above, unless the
         * checks found something on the review page itself. */
        if (p->pack_slug || (p->kind == PAGE_REPORT && !p->findings.count))
            continue;
        xmlNodePtr li = el(scratch, others, "li", NULL);
        link_to(scratch, li, to_root, p->path, p->title);
        elf(scratch, li, "span", ": %zu must fix, %zu should fix", count(p, LEVEL_ERROR), count(p, LEVEL_WARNING));
        if (p->findings.count) {
            xmlNodePtr ul = el(scratch, li, "ul", NULL);
            for (size_t n = 0; n < p->findings.count; n++)
                finding_item(scratch, ul, &p->findings.items[n]);
        }
    }
    el(scratch, body, "p", "The same findings are in report.json, for tools.");

    Scope *s = scope_new();
    scope_site(s, site);
    scope_text(s, "title", "Accessibility review report");
    scope_nodes(s, "body", body);
    xmlNodePtr content = render_content(r, TEMPLATE_REPORT, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_REPORT, .kind_id = "report", .format = FORMAT_PLAIN, .path = "report/index.html",
        .title = "Accessibility review report", .description = "What the checks found on every page.",
        .source_path = "report/index.html", .content_template = TEMPLATE_REPORT,
    };
    make_page(r, &shell, content);
    xmlFreeDoc(scratch);
}

/* ---- reviews: who checked each format, and what changed since ---- */

void review_sheet_free(ReviewSheet *sheet)
{
    for (size_t i = 0; i < sheet->count; i++) {
        free(sheet->blocks[i].text);
        free(sheet->blocks[i].src);
    }
    free(sheet->blocks);
    memset(sheet, 0, sizeof *sheet);
}

static void sheet_push(ReviewSheet *sheet, const char *tag, char *text, char *src)
{
    if (sheet->count == sheet->cap)
        sheet->blocks = xrealloc(sheet->blocks, (sheet->cap = sheet->cap ? sheet->cap * 2 : 32) * sizeof *sheet->blocks);
    SheetBlock *b = &sheet->blocks[sheet->count++];
    snprintf(b->tag, sizeof b->tag, "%s", tag);
    b->text = text;
    b->src = src;
}

/* Spaces and line breaks as one space, trimmed. */
static char *collapsed_text(xmlNodePtr n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    StrBuf sb;
    sb_init(&sb);
    bool space = false;
    for (const char *p = (const char *)raw; p && *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = sb.len > 0;
        } else {
            if (space)
                sb_append_char(&sb, ' ');
            space = false;
            sb_append_char(&sb, *p);
        }
    }
    xmlFree(raw);
    return sb_take(&sb);
}

/* A picture's address from the site root: "pictures/bus.svg" for
 * "../../../pictures/bus.svg" on consultations/x/easy-read/index.html.
 * NULL for one that is not on the site. */
static char *root_relative(const char *page_path, const char *src)
{
    if (!src || strstr(src, "://") || src[0] == '/' || !strncmp(src, "data:", 5))
        return NULL;
    StrList parts = {0};
    char *dir = path_dirname(page_path);
    char *joined = strcmp(dir, ".") ? path_join(dir, src) : xstrdup(src);
    free(dir);
    bool outside = false;
    char *save = NULL;
    for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "..")) {
            if (parts.count)
                free(parts.items[--parts.count]);
            else
                outside = true;
        } else if (strcmp(seg, ".")) {
            sl_push(&parts, seg);
        }
    }
    free(joined);
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < parts.count; i++)
        sb_printf(&sb, "%s%s", i ? "/" : "", parts.items[i]);
    sl_free(&parts);
    if (outside || !sb.len) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

void review_sheet_take(ReviewSheet *sheet, xmlDocPtr doc, const char *page_path)
{
    xmlNodePtr main = dom_find_by_id(xmlDocGetRootElement(doc), "main");
    for (xmlNodePtr n = main ? main->children ? main : NULL : NULL; n;) {
        if (n->type != XML_ELEMENT_NODE || n == main) {
            n = dom_next(n, main);
            continue;
        }
        int level = dom_heading_level(n);
        static const char *const skipped[] = {"nav", "script", "style", "svg", "form", "button", NULL};
        bool skip = false;
        for (const char *const *k = skipped; *k && !skip; k++)
            skip = dom_is(n, *k);
        /* Who checked it is not part of what they check. */
        if (skip || dom_has_class(n, "visually-hidden") || dom_has_class(n, "checked-by")) {
            n = dom_next_skip(n, main);
        } else if (level) {
            char tag[3] = {'h', (char)('0' + (level < 4 ? level : 4)), '\0'};
            sheet_push(sheet, tag, collapsed_text(n), NULL);
            n = dom_next_skip(n, main);
        } else if (dom_is(n, "p") || dom_is(n, "li") || dom_is(n, "dt") || dom_is(n, "dd") || dom_is(n, "td") ||
                   dom_is(n, "th") || dom_is(n, "caption") || dom_is(n, "blockquote")) {
            /* A block holding a picture keeps it, before its words. */
            for (xmlNodePtr i = n; i; i = dom_next(i, n))
                if (dom_is(i, "img")) {
                    char *src = root_relative(page_path, dom_attr_ref(i, "src"));
                    if (src)
                        sheet_push(sheet, "img", dom_attr(i, "alt"), src);
                }
            char *text = collapsed_text(n);
            if (*text)
                sheet_push(sheet, "p", text, NULL);
            else
                free(text);
            n = dom_next_skip(n, main);
        } else if (dom_is(n, "img")) {
            char *src = root_relative(page_path, dom_attr_ref(n, "src"));
            if (src)
                sheet_push(sheet, "img", dom_attr(n, "alt"), src);
            n = dom_next_skip(n, main);
        } else {
            n = dom_next(n, main);
        }
    }
}

/* Words of unchanged text shown either side of a change. */
#define DIFF_CONTEXT 12

static void diff_run(xmlDocPtr doc, xmlNodePtr parent, const WordDiff *d, size_t from, size_t to)
{
    const DiffWord *w = &d->words[from];
    StrBuf text;
    sb_init(&text);
    for (size_t i = from; i < to; i++)
        sb_append_len(&text, d->words[i].text, d->words[i].len);
    if (w->kind == DIFF_SAME) {
        xmlAddChild(parent, xmlNewDocText(doc, BAD_CAST text.data));
    } else {
        xmlNodePtr mark = el(doc, parent, w->kind == DIFF_ADDED ? "ins" : "del", NULL);
        /* Said as well as shown: the group includes blind members. */
        xmlNodePtr said = el(doc, mark, "span", w->kind == DIFF_ADDED ? "[added: " : "[removed: ");
        dom_set(said, "class", "visually-hidden");
        xmlAddChild(mark, xmlNewDocText(doc, BAD_CAST text.data));
        dom_set(el(doc, mark, "span", "]"), "class", "visually-hidden");
    }
    sb_free(&text);
}

/* The words of one run of unchanged text, with the middle of a long one
 * left out: reviewers need the change and enough around it to find it. */
static void diff_same(xmlDocPtr doc, xmlNodePtr parent, const WordDiff *d, size_t from, size_t to)
{
    size_t head = from == 0 ? 0 : DIFF_CONTEXT, tail = to == d->count ? 0 : DIFF_CONTEXT;
    if (to - from <= head + tail + 4) {
        diff_run(doc, parent, d, from, to);
        return;
    }
    /* Whole lines where one ends near: a change reads better from the
     * start of its line, up to the end of the line after. */
    for (size_t k = from + head; head && k < from + 3 * DIFF_CONTEXT && k + tail + 4 < to; k++)
        if (memchr(d->words[k - 1].text, '\n', d->words[k - 1].len)) {
            head = k - from;
            break;
        }
    for (size_t k = to - tail; tail && k > to - 3 * DIFF_CONTEXT && k > from + head + 4; k--)
        if (memchr(d->words[k - 1].text, '\n', d->words[k - 1].len)) {
            tail = to - k;
            break;
        }
    if (head)
        diff_run(doc, parent, d, from, from + head);
    xmlNodePtr skip = elf(doc, parent, "span", "[… %zu words not changed …]", to - from - head - tail);
    dom_set(skip, "class", "diff-skip");
    xmlAddChild(parent, xmlNewDocText(doc, BAD_CAST (tail ? "\n" : "")));
    if (tail)
        diff_run(doc, parent, d, to - tail, to);
}

/* The review text as reviewers read it best: a Markdown picture
 * "![A map](picture:map)" as "[Picture: A map (map)]".  Both texts are
 * shown this way, so the words compared are the same either way. */
static char *readable(const char *text)
{
    StrBuf sb;
    sb_init(&sb);
    const char *p = text;
    for (const char *img; (img = strstr(p, "![")); ) {
        const char *close = strstr(img + 2, "](");
        const char *end = close ? strchr(close + 2, ')') : NULL;
        const char *nl = strchr(img, '\n');
        if (!close || !end || (nl && nl < end)) {
            sb_append_len(&sb, p, (size_t)(img + 2 - p));
            p = img + 2;
            continue;
        }
        const char *target = close + 2;
        if (!strncmp(target, "picture:", 8))
            target += 8;
        sb_append_len(&sb, p, (size_t)(img - p));
        sb_append(&sb, "[Picture: ");
        sb_append_len(&sb, img + 2, (size_t)(close - img - 2));
        sb_append(&sb, " (");
        sb_append_len(&sb, target, (size_t)(end - target));
        sb_append(&sb, ")]");
        p = end + 1;
    }
    sb_append(&sb, p);
    return sb_take(&sb);
}

static void changes_since(xmlDocPtr doc, xmlNodePtr parent, const FormatReview *fr, ReviewFormat f)
{
    char date[48];
    date_long(fr->review->date, date, sizeof date);
    elf(doc, parent, "h3", "What changed in %s since %s checked it on %s", review_format_name(f), fr->review->by,
        date);
    if (!fr->kept || !fr->text) {
        elf(doc, parent, "p", "sayso cannot show what changed: the text they checked is not kept beside "
            "reviews.yml (reviews/%s.txt). Signing the next check keeps it.", review_format_id(f));
        return;
    }
    /* The kept text is checked against the review's fingerprint: a kept
     * file edited by hand would make the words shown here untrue. */
    char *kept_fp = review_fingerprint(fr->kept, strlen(fr->kept));
    if (strcmp(kept_fp, fr->review->fingerprint))
        elf(doc, parent, "p", "Take care: reviews/%s.txt is not the text this check was for (it has been "
            "changed by hand, or the check was recorded without `sayso review sign`), so what is shown "
            "below may not be what changed.", review_format_id(f));
    free(kept_fp);
    WordDiff d;
    char *was = readable(fr->kept), *now = readable(fr->text);
    word_diff(was, now, &d);
    elf(doc, parent, "p", "%zu word%s added (underlined) and %zu removed (crossed out).%s", d.added,
        d.added == 1 ? "" : "s", d.removed, d.whole ? " So much changed that the whole text is shown as "
        "replaced." : "");
    xmlNodePtr box = el(doc, parent, "div", NULL);
    dom_set(box, "class", "review-diff");
    size_t i = 0;
    while (i < d.count) {
        size_t end = i + 1;
        while (end < d.count && d.words[end].kind == d.words[i].kind)
            end++;
        if (d.words[i].kind == DIFF_SAME)
            diff_same(doc, box, &d, i, end);
        else
            diff_run(doc, box, &d, i, end);
        i = end;
    }
    word_diff_free(&d);
    free(was);
    free(now);
}

static void state_words(const FormatReview *fr, char *buf, size_t size)
{
    char date[48] = "";
    if (fr->review)
        date_long(fr->review->date, date, sizeof date);
    if (fr->state == REVIEW_NEVER)
        snprintf(buf, size, "Not checked yet");
    else if (fr->state == REVIEW_CHANGED)
        snprintf(buf, size, "Changed since %s checked it on %s", fr->review->by, date);
    else if (fr->review->outcome == OUTCOME_CHANGES)
        snprintf(buf, size, "%s asked for changes on %s", fr->review->by, date);
    else
        snprintf(buf, size, "Checked by %s on %s", fr->review->by, date);
}

static char *sheet_path(const PackMeta *pack, ReviewFormat f)
{
    return xasprintf("report/%s/%s/index.html", pack->slug, review_format_id(f));
}

static void reviews_section(const Renderer *r, xmlDocPtr doc, xmlNodePtr parent, const char *to_root,
                            const PackMeta *pack, const PackReviews *reviews,
                            const ReviewSheet sheets[REVIEW_FORMAT_COUNT])
{
    xmlNodePtr section = el(doc, parent, "section", NULL);
    dom_set(section, "class", "report-reviews");
    dom_set(section, "aria-labelledby", "reviews-heading");
    dom_set(el(doc, section, "h2", "Checks by reviewers"), "id", "reviews-heading");
    el(doc, section, "p", "A page says who checked it only while its words are the words they checked. "
                          "Print a review sheet to take to a meeting.");
    xmlNodePtr table = el(doc, section, "table", NULL);
    dom_set(table, "class", "reviews-table");
    xmlNodePtr head = el(doc, el(doc, table, "thead", NULL), "tr", NULL);
    const char *cols[] = {"Format", "Check", "Notes", "Review sheet"};
    for (int c = 0; c < 4; c++)
        dom_set(el(doc, head, "th", cols[c]), "scope", "col");
    xmlNodePtr body = el(doc, table, "tbody", NULL);
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++) {
        const FormatReview *fr = &reviews->formats[f];
        if (!fr->present)
            continue;
        xmlNodePtr tr = el(doc, body, "tr", NULL);
        dom_set(el(doc, tr, "th", review_format_name((ReviewFormat)f)), "scope", "row");
        char buf[400];
        state_words(fr, buf, sizeof buf);
        xmlNodePtr state = el(doc, tr, "td", NULL);
        /* The group's own mark, as on the pages it checked. */
        const Reviewer *group = fr->review ? review_group(r->site, fr->review->by) : NULL;
        if (group && group->logo) {
            char *src = NULL;
            if (!strncmp(group->logo, "picture:", 8) && theme_picture(r->theme, group->logo + 8))
                src = xasprintf("%spictures/%s.svg", to_root, group->logo + 8);
            else if (strncmp(group->logo, "picture:", 8))
                src = xasprintf("%sconsultations/%s/%s", to_root, pack->slug, group->logo);
            if (src) {
                xmlNodePtr img = el(doc, state, "img", NULL);
                dom_set(img, "src", src);
                dom_set(img, "alt", "");
                dom_set(img, "class", "reviewer-mark");
                free(src);
            }
        }
        xmlAddChild(state, xmlNewDocText(doc, BAD_CAST buf));
        bool required = sl_contains(&r->site->require_review, review_format_id((ReviewFormat)f));
        if (required && !review_shows_check(fr))
            xmlAddChild(state, xmlNewDocText(doc, BAD_CAST ". This site needs it checked before it is published."));
        el(doc, tr, "td", fr->review && fr->review->notes ? fr->review->notes : "");
        xmlNodePtr cell = el(doc, tr, "td", NULL);
        if (sheets[f].count) {
            char *path = sheet_path(pack, (ReviewFormat)f);
            char *text = xasprintf("Print the %s sheet", review_format_name((ReviewFormat)f));
            link_to(doc, cell, to_root, path, text);
            free(text);
            free(path);
        }
    }
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++)
        if (reviews->formats[f].present && reviews->formats[f].state == REVIEW_CHANGED)
            changes_since(doc, section, &reviews->formats[f], (ReviewFormat)f);
}

static void comment_box(xmlDocPtr doc, xmlNodePtr parent, const char *label)
{
    xmlNodePtr box = el(doc, parent, "div", NULL);
    dom_set(box, "class", "comment-box");
    el(doc, box, "p", label);
}

/* report/SLUG/FORMAT/: the format's words in large print, each part
 * followed by a box to write in. */
static void render_sheet(const Renderer *r, const PackMeta *pack, ReviewFormat f, const ReviewSheet *sheet)
{
    char *path = sheet_path(pack, f);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr body = dom_element(scratch, NULL, "div", NULL);
    dom_set(body, "class", "review-sheet");
    const char *to_root = "../../../";
    xmlNodePtr back = el(scratch, body, "p", NULL);
    dom_set(back, "class", "no-print");
    char *review = xasprintf("report/%s/index.html", pack->slug);
    link_to(scratch, back, to_root, review, "Back to the review of this consultation");
    free(review);
    el(scratch, body, "p", "Read each part. Write what you think in the box after it: what is hard to "
                           "understand, what is missing, and which pictures do not fit.");
    xmlNodePtr who = el(scratch, body, "div", NULL);
    dom_set(who, "class", "comment-box comment-box-small");
    el(scratch, who, "p", "Checked by:");
    el(scratch, who, "p", "Date:");
    bool any = false;
    for (size_t i = 0; i < sheet->count; i++) {
        const SheetBlock *b = &sheet->blocks[i];
        if (b->tag[0] == 'h') {
            if (any)
                comment_box(scratch, body, "What do you think of this part?");
            /* The sheet's own title is the h1: the page's headings go one down. */
            char tag[3] = {'h', (char)(b->tag[1] < '4' ? b->tag[1] + 1 : '4'), '\0'};
            el(scratch, body, tag, b->text);
        } else if (!strcmp(b->tag, "img")) {
            /* A picture and the words after it side by side, as on an easy-read page. */
            xmlNodePtr row = el(scratch, body, "div", NULL);
            dom_set(row, "class", "easy-row");
            xmlNodePtr pic = el(scratch, row, "div", NULL);
            dom_set(pic, "class", "easy-picture");
            xmlNodePtr img = el(scratch, pic, "img", NULL);
            char *src = xasprintf("%s%s", to_root, b->src);
            dom_set(img, "src", src);
            dom_set(img, "alt", b->text ? b->text : "");
            dom_set(img, "class", "sheet-picture");
            free(src);
            xmlNodePtr words = el(scratch, row, "div", NULL);
            dom_set(words, "class", "easy-words");
            while (i + 1 < sheet->count && !strcmp(sheet->blocks[i + 1].tag, "p"))
                el(scratch, words, "p", sheet->blocks[++i].text);
        } else {
            el(scratch, body, "p", b->text);
        }
        any = true;
    }
    comment_box(scratch, body, "What do you think of this part?");
    el(scratch, body, "h2", "Is it ready?");
    el(scratch, body, "p", "Circle one: Yes, it is ready. / No, it needs changes.");
    comment_box(scratch, body, "Anything else:");

    char *title = xasprintf("Review sheet: %s: %s", review_format_name(f), pack->title);
    Scope *s = scope_new();
    scope_site(s, r->site);
    scope_text(s, "title", title);
    scope_nodes(s, "body", body);
    xmlNodePtr content = render_content(r, TEMPLATE_REPORT, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_REPORT, .kind_id = "report", .format = FORMAT_LARGE_PRINT, .path = path,
        .title = title, .description = "A sheet to print, read and write comments on.",
        .source_path = path, .content_template = TEMPLATE_REPORT,
    };
    make_page(r, &shell, content);
    free(title);
    free(path);
    xmlFreeDoc(scratch);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp((*(ReportPage *const *)a)->path, (*(ReportPage *const *)b)->path);
}

void render_pack_review(const Renderer *r, const PackMeta *pack, const PackReviews *reviews,
                        const ReviewSheet sheets[REVIEW_FORMAT_COUNT], ReportPage *const *pack_pages, size_t count)
{
    if (!count)
        return;
    const Site *site = r->site;
    /* In path order, as the report lists pages everywhere. */
    ReportPage **pages = xcalloc(count, sizeof *pages);
    memcpy(pages, pack_pages, count * sizeof *pages);
    qsort(pages, count, sizeof *pages, compare_paths);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr body = dom_element(scratch, NULL, "div", NULL);
    const char *to_root = "../../";
    xmlNodePtr back = el(scratch, body, "p", NULL);
    link_to(scratch, back, to_root, "report/index.html", "Back to the review report for every consultation");
    consultation_section(scratch, body, to_root, pages, count);
    if (reviews)
        reviews_section(r, scratch, body, to_root, pack, reviews, sheets);

    char *title = xasprintf("Review: %s", pack->title);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_text(s, "title", title);
    scope_nodes(s, "body", body);
    xmlNodePtr content = render_content(r, TEMPLATE_REPORT, s, scratch);
    scope_free(s);
    char *path = xasprintf("report/%s/index.html", pack->slug);
    PageShell shell = {
        .kind = PAGE_REPORT, .kind_id = "report", .format = FORMAT_PLAIN, .path = path,
        .title = title, .description = "What the checks found on this consultation's pages.",
        .source_path = path, .content_template = TEMPLATE_REPORT,
    };
    make_page(r, &shell, content);
    free(path);
    free(title);
    free(pages);
    xmlFreeDoc(scratch);
    for (int f = 0; sheets && f < REVIEW_FORMAT_COUNT; f++)
        if (sheets[f].count)
            render_sheet(r, pack, (ReviewFormat)f, &sheets[f]);
}
