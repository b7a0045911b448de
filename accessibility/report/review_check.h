/* review_check.h: whether a page may still say it was checked.
 *
 * A format's review holds while its text is the text reviewers read
 * (review.h).  Once the words change, its page stops claiming the check
 * and the build says so: a warning, or an error (exit 1) for a format that
 * site.yml's require_review lists, which also fails for a format nobody
 * has checked.  These are findings of the page, so they are in the report
 * and report.json, and kept with the pack by the build cache.
 */
#ifndef SAYSO_REVIEW_CHECK_H
#define SAYSO_REVIEW_CHECK_H

#include "findings.h"
#include "render.h"
#include "review.h"

/* Which reviewed format a pack's page shows: its own format for the three
 * format pages, REVIEW_YOU_SAID_WE_DID for that page in plain English
 * (reviewed once for all its formats).  False for other pages. */
bool review_page_format(PageKind kind, Format format, const char *path, ReviewFormat *out);

/* Adds the review findings of one page of a pack (a format page, or the
 * plain "You said, we did" page) to its list.  Other pages get none. */
void review_check_page(FindingList *findings, const Site *site, const PackMeta *pack,
                       const PackReviews *reviews, PageKind kind, Format format, const char *path);

#endif
