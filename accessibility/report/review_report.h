/* review_report.h: the review report for people who check the formats
 * before they go out: report/index.html over the whole site, and
 * report/SLUG/index.html for each consultation. */
#ifndef SAYSO_REVIEW_REPORT_H
#define SAYSO_REVIEW_REPORT_H

#include "render.h"
#include "report.h"
#include "review.h"
#include "review_sheet.h"

/* Makes the report page from every page's findings (call report_sort
 * first) and hands it to the renderer's sink like any other page. */
void render_review_report(const Renderer *r, Report *report);

/* The same in two steps, so a build can tell whether the report says
 * anything new before it makes and checks the page (a page listing
 * thousands of consultations, checked like any other, was most of a
 * rebuild after one pack changed).  The body holds everything the page
 * shows that is not the site's and the theme's. */
typedef struct ReviewReportBody {
    xmlDocPtr scratch;
    xmlNodePtr body;
} ReviewReportBody;
/* build_said: what the build said while reading and making the site
 * (a consultation's feedback held back, results that are late), shown
 * beside the checks' findings; NULL for none. */
struct DiagList;
void review_report_body(const Site *site, Report *report, const struct DiagList *build_said,
                        ReviewReportBody *out);
/* The body as bytes (*len of them; free them), to key the page by. */
char *review_report_body_bytes(const ReviewReportBody *b, size_t *len);
void render_review_report_body(const Renderer *r, ReviewReportBody *b);
void review_report_body_free(ReviewReportBody *b);

/* report/SLUG/index.html: one consultation's pages side by side, with
 * their reading ages and findings, and each format's review: who checked
 * it and whether that still holds, and the words added and removed since.
 * pages are the pack's report pages (checked already); made as soon as
 * the pack is built, so it streams and is cached with the pack like its
 * other pages.  With it, report/SLUG/FORMAT/index.html: a review sheet
 * to print for each format, in large print with space for comments. */
void render_pack_review(const Renderer *r, const PackMeta *pack, const PackReviews *reviews,
                        const ReviewSheet sheets[REVIEW_FORMAT_COUNT], ReportPage *const *pages, size_t count);

#endif
