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
#include "output.h"
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
} ReportPage;

typedef struct Report {
    const Site *site;
    const Theme *theme;
    bool strict;
    ReportPage **pages;
    size_t count, cap;
    size_t errors, warnings;
    FindingList site_findings;   /* about the theme or the site as a whole */
    struct ReportChecks *checks; /* shared, read-only state of the checkers */
} Report;

/* Returns false after reporting a problem with the checkers' settings. */
bool report_init(Report *r, const Site *site, const Theme *theme, bool strict);
void report_free(Report *r);

ReportPage *report_page_new(const OutPage *page);
/* Runs every check that applies to the page, and returns the HTML to
 * publish (*html_len bytes; free it): the page without its position
 * marks, as markdown_strip_positions and dom_serialize would make it.
 * Thread-safe. */
char *report_check_page(Report *r, const OutPage *page, ReportPage *out, size_t *html_len);
/* Takes ownership; call with the build's lock held. */
void report_add_page(Report *r, ReportPage *page);

/* Orders the pages by path, so each consultation's pages are together. */
void report_sort(Report *r);

/* report.json into the output. */
bool report_write(Report *r, const Output *out);

/* Prints the findings to stderr as file:line messages: errors always,
 * warnings unless --quiet, notices with --verbose. */
void report_print(const Report *r);

/* Errors, or warnings under --strict. */
bool report_fails(const Report *r);

#endif
