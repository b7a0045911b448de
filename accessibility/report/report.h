/* report.h: the checks every page goes through, and what they found.
 *
 * Each page the renderer makes is checked here while its nodes still carry
 * their source positions (WCAG, writing rules for its format, tidy).  The
 * findings are kept, with the page's reading scores, for report.json and
 * the review report (report/index.html) that reviewers read, and decide
 * whether the build fails.
 */
#ifndef SAYSO_REPORT_H
#define SAYSO_REPORT_H

#include "findings.h"
#include "render.h"
#include "site.h"
#include "theme.h"

typedef struct ReportPage {
    char *path;               /* output path */
    char *title;
    PageKind kind;
    Format format;
    char *pack_slug;          /* NULL for site-wide pages */
    char *source_path;
    FindingList findings;
    bool has_scores;
    double reading_age, flesch_ease, fk_grade;
    size_t words;
    /* Findings per level (LEVEL_NOTICE..LEVEL_ERROR), kept whether or not
     * the findings themselves are loaded. */
    size_t counts[LEVEL_ERROR + 1];
    /* A page whose findings are kept elsewhere (its counts are set):
     * Report.load reads them back only when something needs them
     * (report_page_load).  With a hundred thousand findings on a large
     * site, reading them all back was most of a rebuild. */
    bool unloaded;
    /* The page's first paragraphs, one to a line, so the review report can
     * set each format's words side by side; NULL when it has none. */
    char *opening;
} ReportPage;

/* Reads an unloaded page's findings back; false if they are gone, which
 * the loader has said. */
typedef bool (*ReportLoader)(void *data, ReportPage *page);

typedef struct Report {
    const Site *site;
    const Theme *theme;
    bool strict;
    ReportPage **pages;
    size_t count, cap;
    size_t errors, warnings;
    size_t notices;           /* counted by report_print */
    FindingList site_findings;   /* about the theme or the site as a whole */
    struct ReportChecks *checks; /* shared, read-only state of the checkers */
    ReportLoader load;        /* for unloaded pages, by whoever handed them in */
    void *load_data;
    /* Each page's entry of report.json as an earlier build wrote it, for
     * `sayso serve` to keep (build_memory.h): a page whose entry is found
     * is neither read back nor written out again.  find returns NULL when
     * it has none; keep is told every entry written.  NULL: none. */
    const char *(*json_find)(void *data, const ReportPage *page, size_t *len);
    void (*json_keep)(void *data, const ReportPage *page, const char *json, size_t len);
    void *json_data;
    size_t printed_limit;     /* warnings and notices printed at most (0: all) */
} Report;

/* Returns false after reporting a problem with the checkers' settings. */
bool report_init(Report *r, const Site *site, const Theme *theme, bool strict);
void report_free(Report *r);

ReportPage *report_page_new(const OutPage *page);
void report_page_free(ReportPage *page);
/* Runs every check that applies to the page, and returns the HTML to
 * publish (*html_len bytes; free it): the page without its position
 * marks, as markdown_strip_positions and dom_serialize would make it.
 * Thread-safe. */
char *report_check_page(Report *r, const OutPage *page, ReportPage *out, size_t *html_len);
/* Takes ownership; call with the build's lock held.  Counts the page's
 * findings unless it is unloaded (whoever handed it in set its counts). */
void report_add_page(Report *r, ReportPage *page);

/* Makes sure the page's findings are in memory.  Main thread only. */
void report_page_load(Report *r, ReportPage *page);
/* Every page's, for whatever shows them all (the review report). */
void report_load_all(Report *r);

/* How many warnings and notices report_print shows before it says how
 * many more there are: thousands of lines help nobody, the review
 * report and report.json have them all. */
#define REPORT_PRINTED_LIMIT 100

/* Orders the pages by path, so each consultation's pages are together. */
void report_sort(Report *r);

/* report.json into dir (the build's staging folder), every entry made
 * from its page's findings (unloaded pages are loaded). */
bool report_write(Report *r, const char *dir);

/* Prints the findings to stderr as file:line messages: errors always;
 * warnings unless --quiet, notices with --verbose, up to printed_limit
 * of them (all with --verbose), then how many more there are. */
void report_print(Report *r);

/* Errors, or warnings under --strict. */
bool report_fails(const Report *r);

#endif
