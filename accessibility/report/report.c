/* report.c: checking pages and reporting what the checks found. */
#include "report.h"
#include "markdown.h"
#include "diag.h"
#include "dom.h"
#include "easy_read_rules.h"
#include "html_validate.h"
#include "large_print_rules.h"
#include "plain_english.h"
#include "readability.h"
#include "theme_rules.h"
#include "paths.h"
#include "util.h"
#include "wcag.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- site settings: a rule's level changed for the site or one page ---- */

typedef struct PolicyData {
    const Site *site;
    const char *page_path;
    const char *pack_slug;
} PolicyData;

static bool setting_matches_page(const RuleSetting *s, const PolicyData *d)
{
    if (!s->page)
        return true;
    if (d->page_path && (!strcmp(s->page, d->page_path) || str_starts_with(d->page_path, s->page)))
        return true;
    return d->pack_slug && !strcmp(s->page, d->pack_slug);
}

static FindingLevel level_from_name(const char *name)
{
    if (!strcmp(name, "error"))   return LEVEL_ERROR;
    if (!strcmp(name, "warning")) return LEVEL_WARNING;
    if (!strcmp(name, "notice"))  return LEVEL_NOTICE;
    return LEVEL_OFF;
}

static FindingLevel apply_settings(void *data, const Rule *rule, const char *file, const char **reason)
{
    const PolicyData *d = data;
    (void)file;
    FindingLevel level = rule->level;
    for (size_t i = 0; i < d->site->rule_count; i++) {
        const RuleSetting *s = &d->site->rules[i];
        if (strcmp(s->rule, rule->id) == 0 && setting_matches_page(s, d)) {
            level = level_from_name(s->level);
            *reason = s->reason;
        }
    }
    return level;
}

/* ---- pages ---- */

/* What the checkers share between pages and threads. */
/* A theme stylesheet as read once for the build: every page links the
 * same two, and reading them for each page was tens of thousands of
 * opens on a large site. */
typedef struct SheetText {
    char *rel;                /* its path in the site: css/site.css */
    char *text;               /* NULL when there is no such file */
    size_t len;
} SheetText;

struct ReportChecks {
    HtmlValidator *tidy;
    pthread_mutex_t sheets_lock;
    SheetText *sheets;
    size_t sheet_count;
};

bool report_init(Report *r, const Site *site, const Theme *theme, bool strict)
{
    memset(r, 0, sizeof *r);
    r->site = site;
    r->theme = theme;
    r->strict = strict;
    /* --verbose asks for everything; otherwise a long list is cut short. */
    r->printed_limit = diag_verbosity() == DIAG_VERBOSE ? 0 : REPORT_PRINTED_LIMIT;
    findings_init(&r->site_findings, NULL);
    r->checks = xcalloc(1, sizeof *r->checks);
    pthread_mutex_init(&r->checks->sheets_lock, NULL);
    char *tidy_conf = theme_find(theme, "tidy.conf");
    r->checks->tidy = html_validator_new(tidy_conf);
    free(tidy_conf);
    /* The position marks markdown.c and template.c add, which
     * markdown_strip_positions takes out before a page is written. */
    static const char *const marks[] = {"data-sourcepos", "data-sayso-source", "data-sayso-line",
                                        "data-sayso-at", "data-sayso-template", NULL};
    if (r->checks->tidy)
        html_validator_skip_marks(r->checks->tidy, marks, "sayso-line:");
    /* Every colour pair the theme's stylesheets define, once per build. */
    static const char *const sheets[] = {"css/site.css", "css/print.css"};
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
        char *path = theme_find(theme, sheets[i]);
        char *text = path ? read_file(path, NULL) : NULL;
        if (text) {
            char *shown = theme_display_path(site, path);
            PolicyData policy = {.site = site, .page_path = shown};
            r->site_findings.policy = apply_settings;
            r->site_findings.policy_data = &policy;
            theme_check_stylesheet(text, shown, &r->site_findings);
            r->site_findings.policy = NULL;
            r->site_findings.policy_data = NULL;
            free(shown);
        }
        free(text);
        free(path);
    }
    findings_sort(&r->site_findings);
    r->errors += findings_count_level(&r->site_findings, LEVEL_ERROR);
    r->warnings += findings_count_level(&r->site_findings, LEVEL_WARNING);
    return r->checks->tidy != NULL;
}

void report_page_free(ReportPage *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->title);
    free(p->pack_slug);
    free(p->source_path);
    free(p->opening);
    findings_free(&p->findings);
    free(p);
}

void report_free(Report *r)
{
    for (size_t i = 0; i < r->count; i++)
        report_page_free(r->pages[i]);
    free(r->pages);
    findings_free(&r->site_findings);
    if (r->checks) {
        if (r->checks->tidy)
            html_validator_free(r->checks->tidy);
        for (size_t i = 0; i < r->checks->sheet_count; i++) {
            free(r->checks->sheets[i].rel);
            free(r->checks->sheets[i].text);
        }
        free(r->checks->sheets);
        pthread_mutex_destroy(&r->checks->sheets_lock);
        free(r->checks);
    }
    memset(r, 0, sizeof *r);
}

ReportPage *report_page_new(const OutPage *page)
{
    ReportPage *p = xcalloc(1, sizeof *p);
    p->path = xstrdup(page->path);
    p->title = xstrdup(page->title);
    p->kind = page->kind;
    p->format = page->format;
    p->pack_slug = page->pack ? xstrdup(page->pack->slug) : NULL;
    p->source_path = xstrdup(page->source_path);
    findings_init(&p->findings, NULL);
    return p;
}

/* Tidy reports lines of the HTML as written with source positions still
 * in it.  The nearest position mark before the line says where the markup
 * came from: a Markdown block (data-sourcepos, or a raw HTML block's
 * sayso-line comment) in the file its prose div names, or else the
 * template that wrote it. */
typedef struct HtmlSource {
    const char *html;
    size_t len;
    char file[512];
} HtmlSource;

static const char *find_back(const char *start, const char *from, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = from - n; p >= start; p--)
        if (*p == needle[0] && !memcmp(p, needle, n))
            return p;
    return NULL;
}

static void copy_attr_value(const char *at, char *out, size_t size)
{
    const char *v = strchr(at, '"');
    size_t n = 0;
    if (v)
        for (v++; *v && *v != '"' && n + 1 < size; v++)
            out[n++] = *v;
    out[n] = '\0';
}

static bool locate_html_line(void *data, int html_line, int html_column, const char **file, int *line)
{
    HtmlSource *src = data;
    const char *p = src->html, *end = src->html + src->len;
    for (int l = 1; l < html_line && p < end; p++)
        if (*p == '\n')
            l++;
    p += html_column > 0 ? html_column - 1 : 0;
    if (p > end)
        p = end;
    const char *source = find_back(src->html, p, "data-sayso-source=\"");
    const char *tpl = find_back(src->html, p, "data-sayso-template=\"");
    if (source && (!tpl || source > tpl)) {
        copy_attr_value(source, src->file, sizeof src->file);
        const char *first = strstr(source, "data-sayso-line=\"");
        int offset = first ? atoi(first + 17) : 1;
        const char *pos = find_back(source, p, "data-sourcepos=\"");
        const char *marker = find_back(source, p, "<!--sayso-line:");
        int rel = 0;
        if (marker && (!pos || marker > pos))
            rel = atoi(marker + 15);
        else if (pos)
            rel = atoi(pos + 16);
        *file = src->file;
        *line = offset <= 0 ? 0 : rel ? rel + offset - 1 : offset;
        return true;
    }
    if (tpl) {
        copy_attr_value(tpl, src->file, sizeof src->file);
        *file = src->file;
        *line = 0;
        return true;
    }
    return false;
}

/* Linked stylesheets, for the contrast checks: an href is relative to the
 * page, and names a file of the theme once resolved against the site root
 * ("../../css/site.css" from consultations/bus/index.html is css/site.css). */
typedef struct StylesheetContext {
    const Theme *theme;
    const char *page_path;
    struct ReportChecks *checks;
} StylesheetContext;

/* The theme's file at rel, read on first use; a copy for the caller. */
static char *theme_sheet(const StylesheetContext *c, const char *rel, size_t *len)
{
    struct ReportChecks *k = c->checks;
    pthread_mutex_lock(&k->sheets_lock);
    const SheetText *found = NULL;
    for (size_t i = 0; i < k->sheet_count && !found; i++)
        if (!strcmp(k->sheets[i].rel, rel))
            found = &k->sheets[i];
    if (!found) {
        SheetText sheet = {.rel = xstrdup(rel)};
        char *file = theme_find(c->theme, rel);
        if (file)
            sheet.text = read_file(file, &sheet.len);
        free(file);
        k->sheets = xrealloc(k->sheets, (k->sheet_count + 1) * sizeof *k->sheets);
        k->sheets[k->sheet_count] = sheet;
        found = &k->sheets[k->sheet_count++];
    }
    char *copy = NULL;
    if (found->text) {
        copy = xmalloc(found->len + 1);
        memcpy(copy, found->text, found->len + 1);
        *len = found->len;
    }
    pthread_mutex_unlock(&k->sheets_lock);
    return copy;
}

static char *load_theme_stylesheet(void *data, const char *href, size_t *len)
{
    const StylesheetContext *c = data;
    if (strstr(href, "://") || href[0] == '/')
        return NULL;                 /* not one of ours: nothing to read */
    char *rel = path_from_page(c->page_path, href);
    char *text = rel ? theme_sheet(c, rel, len) : NULL;
    free(rel);
    return text;
}

static void check_large_print(void *data, xmlDocPtr doc, const struct CssDocument *styles)
{
    large_print_check(doc, styles, data);
}

/* The reading scores of a page, for the report's chart. */
static void keep_scores(ReportPage *out, const ReadingScores *s)
{
    if (s->words == 0)
        return;
    out->has_scores = true;
    out->reading_age = s->reading_age;
    out->flesch_ease = s->flesch_ease;
    out->fk_grade = s->fk_grade;
    out->words = s->words;
}

/* The first few paragraphs people read on the page (not its status line
 * or the way back to its consultation), one to a line. */
static char *opening_words(xmlNodePtr main)
{
    enum { PARAGRAPHS = 4 };
    StrBuf sb;
    sb_init(&sb);
    int taken = 0;
    for (xmlNodePtr n = main; n && taken < PARAGRAPHS; n = dom_next(n, main)) {
        if (!dom_is(n, "p") || dom_has_class(n, "status-line") || dom_has_class(n, "context") ||
            dom_has_class(n, "screen-only"))
            continue;
        char *text = node_text(n);
        if (*text) {
            sb_printf(&sb, "%s%s", taken ? "\n" : "", text);
            taken++;
        }
        free(text);
    }
    if (!taken) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

/* The build says so too (translation.h); the report keeps the list. */
static const Rule rule_translation_stale = {
    "translation-stale", "translation", LEVEL_NOTICE, NULL, NULL,
    "Translation may be out of date"
};

static void note_stale_translation(const OutPage *page, FindingList *f)
{
    const Translation *t = page->pack ? page->pack->translation : NULL;
    if (!t || !t->stale || page->kind != PAGE_CONSULTATION || page->format != FORMAT_PLAIN)
        return;               /* once per translation, on its plain page */
    findings_add_at(f, &rule_translation_stale, t->index_path, t->translated_from_line,
                    "This translation may be out of date: consultations/%s/index.md has changed since it was "
                    "translated. Update the translation, then run `sayso translation mark %s %s`.",
                    page->pack->slug, page->pack->slug, t->lang);
}

char *report_check_page(Report *r, const OutPage *page, ReportPage *out, size_t *html_len)
{
    PolicyData policy = {.site = r->site, .page_path = page->path,
                         .pack_slug = page->pack ? page->pack->slug : NULL};
    FindingList *f = &out->findings;
    f->default_file = out->source_path;
    f->locate = markdown_locate;
    f->policy = apply_settings;
    f->policy_data = &policy;

    xmlNodePtr root = xmlDocGetRootElement(page->doc);
    xmlNodePtr main = dom_find_by_id(root, "main");
    ReadingScores scores = {0};

    /* WCAG on the whole page, with the theme's stylesheets for contrast. */
    StylesheetContext css = {.theme = r->theme, .page_path = page->path, .checks = r->checks};
    WcagOptions wcag = {.load_stylesheet = load_theme_stylesheet, .loader_data = &css};
    if (page->format == FORMAT_LARGE_PRINT) {
        /* The sizes and styles large print promises, on the cascade the
         * WCAG checks have just worked out for this page. */
        wcag.use_styles = check_large_print;
        wcag.styles_data = f;
    }
    wcag_check_document(page->doc, &wcag, f);
    note_stale_translation(page, f);

    /* Writing rules for the page's format, on the words people read. */
    if (main && page->format == FORMAT_EASY_READ) {
        easy_read_check(main, f, &scores);
    } else if (main && page->format == FORMAT_PLAIN && page->kind != PAGE_REPORT) {
        plain_english_check(main, f, &scores);
    } else if (main && page->format == FORMAT_LARGE_PRINT) {
        /* Large print has the plain page's words: measure them for the
         * report, but report their findings once, on the plain page. */
        plain_english_measure(main, &scores);
    }
    readability_finish(&scores);
    keep_scores(out, &scores);
    if (main && page->kind != PAGE_REPORT)
        out->opening = opening_words(main);

    /* Tidy last: it reads the HTML as it will be written, which is the
     * page serialised with its position marks, less the marks. */
    size_t len;
    char *html = dom_serialize(page->doc, &len);
    HtmlSource src = {.html = html, .len = len};
    char *written = html_validate_unmarked(r->checks->tidy, html, len, page->path, locate_html_line, &src,
                                           f, html_len);
    free(html);

    f->policy = NULL;
    f->policy_data = NULL;
    f->locate = NULL;
    f->default_file = NULL;
    findings_sort(f);
    return written;
}

void report_add_page(Report *r, ReportPage *page)
{
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->pages = xrealloc(r->pages, r->cap * sizeof *r->pages);
    }
    r->pages[r->count++] = page;
    if (!page->unloaded)
        for (int level = LEVEL_NOTICE; level <= LEVEL_ERROR; level++)
            page->counts[level] = findings_count_level(&page->findings, (FindingLevel)level);
    r->errors += page->counts[LEVEL_ERROR];
    r->warnings += page->counts[LEVEL_WARNING];
}

void report_page_load(Report *r, ReportPage *page)
{
    if (!page->unloaded)
        return;
    /* Only whoever handed the page in knows where its findings are, and
     * says what went wrong when they cannot be read back. */
    if (r->load)
        (void)r->load(r->load_data, page);
    page->unloaded = false;
}

void report_load_all(Report *r)
{
    for (size_t i = 0; i < r->count; i++)
        report_page_load(r, r->pages[i]);
}

/* Findings are gathered in out and written in large pieces: stderr is
 * unbuffered, and a large site has a hundred thousand findings of five
 * writes each. */
static void flush_findings(StrBuf *out, size_t at_least)
{
    if (out->len >= at_least && out->len) {
        diag_write(out->data, out->len);
        sb_clear(out);
    }
}

static void print_finding(StrBuf *out, const Finding *f, const char *fallback, const char *where)
{
    /* Appended piece by piece: printf-style formatting of long messages
     * was most of a rebuild that reuses every page. */
    sb_append(out, f->file ? f->file : fallback);
    if (f->line > 0) {
        char line[24];
        int n = snprintf(line, sizeof line, ":%d", f->line);
        sb_append_len(out, line, (size_t)n);
    }
    sb_append(out, ": ");
    sb_append(out, finding_level_name(f->level));
    sb_append(out, ": ");
    sb_append(out, f->message);
    sb_append(out, " [");
    sb_append(out, f->rule->id);
    if (f->rule->wcag) {
        sb_append(out, ", WCAG ");
        sb_append(out, f->rule->wcag);
    }
    sb_append(out, "]");
    sb_append(out, where);
    sb_append_char(out, '\n');
    flush_findings(out, 1 << 16);
}

/* Whether a finding at this level is shown at this verbosity. */
static bool shown_at(FindingLevel level, DiagVerbosity v)
{
    if (level == LEVEL_NOTICE)
        return v == DIAG_VERBOSE;
    return level == LEVEL_ERROR || v != DIAG_QUIET;
}

void report_print(Report *r)
{
    DiagVerbosity v = diag_verbosity();
    size_t notices = 0, budget = r->printed_limit ? r->printed_limit : SIZE_MAX, held_back = 0;
    StrBuf out;
    sb_init(&out);
    for (size_t k = 0; k < r->site_findings.count; k++) {
        const Finding *f = &r->site_findings.items[k];
        if (f->level >= LEVEL_WARNING || v == DIAG_VERBOSE)
            print_finding(&out, f, "the theme", "");
    }
    for (size_t i = 0; i < r->count; i++) {
        ReportPage *p = r->pages[i];
        notices += p->counts[LEVEL_NOTICE];
        size_t minor = (shown_at(LEVEL_WARNING, v) ? p->counts[LEVEL_WARNING] : 0) +
                       (shown_at(LEVEL_NOTICE, v) ? p->counts[LEVEL_NOTICE] : 0);
        /* A page with nothing to show is not read back (report_page_load). */
        if (!p->counts[LEVEL_ERROR] && (!minor || !budget)) {
            held_back += minor;
            continue;
        }
        report_page_load(r, p);
        char where[600];
        snprintf(where, sizeof where, " (%s, %s)", p->path, format_name(p->format));
        for (size_t k = 0; k < p->findings.count; k++) {
            const Finding *f = &p->findings.items[k];
            if (f->level == LEVEL_OFF || !shown_at(f->level, v))
                continue;
            if (f->level != LEVEL_ERROR) {
                if (!budget) {
                    held_back++;
                    continue;
                }
                budget--;
            }
            print_finding(&out, f, p->path, where);
        }
    }
    flush_findings(&out, 0);
    sb_free(&out);
    if (held_back)
        diag_info("sayso: %zu more finding%s not shown here: report/index.html and "
                "report.json have them all, and --verbose prints them all", held_back,
                held_back == 1 ? " is" : "s are");
    /* The build's last line gives the counts, with its own messages'. */
    r->notices = notices;
}

bool report_fails(const Report *r)
{
    return r->errors > 0 || (r->strict && r->warnings > 0);
}

/* ---- report.json ---- */

static void json_string(StrBuf *sb, const char *s)
{
    sb_append_json(sb, s);
}

/* "1.1.1,4.1.2" as a JSON array. */
static void json_list(StrBuf *sb, const char *csv)
{
    sb_append_char(sb, '[');
    bool first = true;
    while (csv && *csv) {
        const char *end = strchr(csv, ',');
        size_t n = end ? (size_t)(end - csv) : strlen(csv);
        char *item = xstrndup(csv, n);
        if (!first)
            sb_append_char(sb, ',');
        json_string(sb, str_trim(item));
        free(item);
        first = false;
        csv = end ? end + 1 : NULL;
    }
    sb_append_char(sb, ']');
}

static void json_findings(StrBuf *sb, const FindingList *list)
{
    sb_append(sb, "[");
    for (size_t i = 0; i < list->count; i++) {
        const Finding *f = &list->items[i];
        sb_append(sb, i ? ",\n    {" : "\n    {");
        sb_append(sb, "\"rule\":");
        json_string(sb, f->rule->id);
        sb_append(sb, ",\"level\":");
        json_string(sb, finding_level_name(f->level));
        sb_append(sb, ",\"category\":");
        json_string(sb, f->rule->category);
        sb_append(sb, ",\"wcag\":");
        json_list(sb, f->rule->wcag);
        sb_append(sb, ",\"act\":");
        json_list(sb, f->rule->act);
        sb_append(sb, ",\"file\":");
        json_string(sb, f->file);
        sb_printf(sb, ",\"line\":%d,\"message\":", f->line);
        json_string(sb, f->message);
        if (f->excerpt) {
            sb_append(sb, ",\"excerpt\":");
            json_string(sb, f->excerpt);
        }
        sb_append(sb, "}");
    }
    sb_append(sb, list->count ? "\n  ]" : "]");
}

static int compare_pages(const void *a, const void *b)
{
    return strcmp((*(ReportPage *const *)a)->path, (*(ReportPage *const *)b)->path);
}

/* One page's entry, from its "{" to its "}". */
static void json_page(StrBuf *sb, const ReportPage *p)
{
    sb_append(sb, "{\"path\":");
    json_string(sb, p->path);
    sb_append(sb, ",\"title\":");
    json_string(sb, p->title);
    sb_append(sb, ",\"format\":");
    json_string(sb, format_id(p->format));
    sb_append(sb, ",\"consultation\":");
    if (p->pack_slug)
        json_string(sb, p->pack_slug);
    else
        sb_append(sb, "null");
    sb_append(sb, ",\"source\":");
    json_string(sb, p->source_path);
    if (p->has_scores)
        sb_printf(sb, ",\"reading_age\":%.1f,\"flesch_reading_ease\":%.1f,\"flesch_kincaid_grade\":%.1f,\"words\":%zu",
                  p->reading_age, p->flesch_ease, p->fk_grade, p->words);
    sb_append(sb, ",\"findings\":");
    json_findings(sb, &p->findings);
    sb_append(sb, "}");
}

/* report.json goes straight into its file, a megabyte or so at a time:
 * a large site's report is tens of megabytes. */
typedef struct JsonFile {
    int fd;
    StrBuf buf;
    bool failed;
} JsonFile;

static void jf_flush(JsonFile *j)
{
    const char *data = j->buf.data;
    size_t len = j->buf.len;
    while (len && !j->failed) {
        ssize_t n = write(j->fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            j->failed = true;
        else
            data += n, len -= (size_t)n;
    }
    sb_clear(&j->buf);
}

static bool write_json(Report *r, int fd)
{
    JsonFile j = {.fd = fd};
    sb_init(&j.buf);
    sb_printf(&j.buf, "{\"summary\":{\"pages\":%zu,\"errors\":%zu,\"warnings\":%zu},\n\"site\":",
              r->count, r->errors, r->warnings);
    json_findings(&j.buf, &r->site_findings);
    sb_append(&j.buf, ",\n\"pages\":[");
    for (size_t i = 0; i < r->count && !j.failed; i++) {
        ReportPage *p = r->pages[i];
        sb_append(&j.buf, i ? ",\n " : "\n ");
        /* Entries are kept by path: every page has one of its own (each
         * language's British Sign Language page too, since cy/bsl/). */
        size_t kept_len;
        const char *kept = r->json_find ? r->json_find(r->json_data, p, &kept_len) : NULL;
        if (kept) {
            sb_append_len(&j.buf, kept, kept_len);
        } else {
            report_page_load(r, p);
            size_t at = j.buf.len;
            json_page(&j.buf, p);
            if (r->json_keep)
                r->json_keep(r->json_data, p, j.buf.data + at, j.buf.len - at);
        }
        if (j.buf.len >= 1 << 20)
            jf_flush(&j);
    }
    sb_append(&j.buf, "\n]}\n");
    jf_flush(&j);
    sb_free(&j.buf);
    return !j.failed;
}

void report_sort(Report *r)
{
    if (r->count > 1)
        qsort(r->pages, r->count, sizeof *r->pages, compare_pages);
}

bool report_write(Report *r, const char *dir)
{
    report_sort(r);
    char *path = path_join(dir, "report.json");
    unlink(path);              /* never write through a link to the published one */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && write_json(r, fd);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok)
        diag_error(path, 0, "cannot write this file: %s", strerror(errno));
    free(path);
    return ok;
}
