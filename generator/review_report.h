/* review_report.h: report/index.html, the review report for people who
 * check the formats before they go out. */
#ifndef SAYSO_REVIEW_REPORT_H
#define SAYSO_REVIEW_REPORT_H

#include "render.h"
#include "report.h"

/* Makes the report page from every page's findings (call report_sort
 * first) and hands it to the renderer's sink like any other page. */
void render_review_report(const Renderer *r, Report *report);

#endif
