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
#include "diag.h"
#include "render.h"
#include "review_html.h"
#include "dom.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (p && p->unloaded)
        return p->counts[l];
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
        dom_set(td, "data-format", format_name((Format)f));   /* its heading, when a phone stacks them */
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
            ReportPage *p = report->pages[i];
            /* Only the pages with something to show are read back. */
            if (!count(p, (FindingLevel)level))
                continue;
            report_page_load(report, p);
            for (size_t k = 0; k < p->findings.count && shown < 10; k++)
                if ((int)p->findings.items[k].level == level) {
                    finding_item(doc, ol, &p->findings.items[k]);
                    shown++;
                }
        }
    if (!shown) {
        xmlUnlinkNode(ol);
        xmlFreeNode(ol);
        size_t advice = 0;
        for (size_t i = 0; i < report->count; i++)
            advice += count(report->pages[i], LEVEL_NOTICE);   /* pages not read back count too */
        el(doc, parent, "p", advice ? "Nothing must be fixed: no page breaks a rule. The sections below "
                                      "list things to think about."
                                    : "Nothing must be fixed and nothing should be changed: every page "
                                      "passed every check.");
    }
}

/* The build's own messages: about the site's files rather than its pages,
 * so a reviewer reading only this report still learns that results are
 * late or that feedback was held back. */
static void build_said_section(xmlDocPtr doc, xmlNodePtr parent, const DiagList *said)
{
    if (!said || !said->count)
        return;
    el(doc, parent, "h2", "What the build said");
    el(doc, parent, "p", "These came from reading the site's files, before any page was checked. "
                         "Each names the file to change.");
    xmlNodePtr ul = el(doc, parent, "ul", NULL);
    dom_set(ul, "class", "findings");
    for (size_t i = 0; i < said->count; i++) {
        const DiagMessage *m = &said->items[i];
        xmlNodePtr li = el(doc, ul, "li", NULL);
        dom_set(li, "class", m->level == DIAG_LEVEL_ERROR ? "finding-error" : "finding-warning");
        elf(doc, li, "strong", "%s: ", level_words(m->level == DIAG_LEVEL_ERROR ? LEVEL_ERROR : LEVEL_WARNING));
        /* The file's name as people write it: sentence case, like the checks' messages. */
        char *text = xstrdup(m->text ? m->text : "");
        if (*text >= 'a' && *text <= 'z')
            *text = (char)(*text - 'a' + 'A');
        xmlAddChild(li, xmlNewDocText(doc, BAD_CAST text));
        free(text);
        if (m->file) {
            xmlNodePtr meta = el(doc, li, "span", NULL);
            dom_set(meta, "class", "finding-where");
            char *at = m->line > 0 ? xasprintf(" (%s, line %d)", m->file, m->line) : xasprintf(" (%s)", m->file);
            xmlAddChild(meta, xmlNewDocText(doc, BAD_CAST at));
            free(at);
        }
    }
}

void review_report_body(const Site *site, Report *report, const DiagList *build_said, ReviewReportBody *out)
{
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
    build_said_section(scratch, body, build_said);

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
        ReportPage *p = report->pages[k];
        if (p->pack_slug)
            continue;
        /* A consultation's review page is listed with it, above, unless the
         * checks found something on the review page itself; one that was
         * kept is read back only then. */
        bool found_any = p->unloaded ? p->counts[LEVEL_ERROR] + p->counts[LEVEL_WARNING] + p->counts[LEVEL_NOTICE] > 0
                                     : p->findings.count > 0;
        if (p->kind == PAGE_REPORT && !found_any)
            continue;
        report_page_load(report, p);
        xmlNodePtr li = el(scratch, others, "li", NULL);
        /* The hub and pages/ come in every format under one title: name
         * the format, so a reviewer knows which of the three this is. */
        char *name = p->format == FORMAT_EASY_READ      ? xasprintf("%s (easy read)", p->title)
                     : p->format == FORMAT_LARGE_PRINT ? xasprintf("%s (large print)", p->title)
                                                       : xstrdup(p->title);
        link_to(scratch, li, to_root, p->path, name);
        free(name);
        elf(scratch, li, "span", ": %zu must fix, %zu should fix", count(p, LEVEL_ERROR), count(p, LEVEL_WARNING));
        if (p->findings.count) {
            xmlNodePtr ul = el(scratch, li, "ul", NULL);
            for (size_t n = 0; n < p->findings.count; n++)
                finding_item(scratch, ul, &p->findings.items[n]);
        }
    }
    el(scratch, body, "p", "The same findings are in report.json, for tools.");
    *out = (ReviewReportBody){.scratch = scratch, .body = body};
}

char *review_report_body_bytes(const ReviewReportBody *b, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlNodeDump(buf, b->scratch, b->body, 0, 0);
    *len = (size_t)xmlBufferLength(buf);
    char *bytes = xmalloc(*len + 1);
    memcpy(bytes, xmlBufferContent(buf), *len);
    bytes[*len] = '\0';
    xmlBufferFree(buf);
    return bytes;
}

void review_report_body_free(ReviewReportBody *b)
{
    /* A body never rendered is still a node of its own, which freeing
     * the document would leave behind. */
    if (b->body)
        xmlFreeNode(b->body);
    if (b->scratch)
        xmlFreeDoc(b->scratch);
    *b = (ReviewReportBody){0};
}

void render_review_report_body(const Renderer *r, ReviewReportBody *b)
{
    render_review_page(r, b->scratch, b->body, "report/index.html", "Accessibility review report",
                       "What the checks found on every page.", FORMAT_PLAIN);
    b->body = NULL;           /* the page has it now */
}

void render_review_report(const Renderer *r, Report *report)
{
    ReviewReportBody body;
    review_report_body(r->site, report, NULL, &body);
    render_review_report_body(r, &body);
    review_report_body_free(&body);
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
        review_checks_section(r, scratch, body, to_root, pack, reviews, sheets);

    char *title = xasprintf("Review: %s", pack->title);
    char *path = xasprintf("report/%s/index.html", pack->slug);
    render_review_page(r, scratch, body, path, title, "What the checks found on this consultation's pages.",
                       FORMAT_PLAIN);
    free(path);
    free(title);
    free(pages);
    xmlFreeDoc(scratch);
    for (int f = 0; sheets && f < REVIEW_FORMAT_COUNT; f++)
        if (sheets[f].count)
            render_review_sheet(r, pack, (ReviewFormat)f, &sheets[f]);
}
