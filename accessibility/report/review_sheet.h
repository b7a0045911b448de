/* review_sheet.h: each consultation's reviews on its review page, and
 * report/SLUG/FORMAT/index.html, a sheet to print for each format: its
 * words in large print with space for a reviewer's comments. */
#ifndef SAYSO_REVIEW_SHEET_H
#define SAYSO_REVIEW_SHEET_H

#include "render.h"
#include "review.h"

/* The words of a format page, in reading order, for its printable review
 * sheet: taken from the page as built, so the sheet has what residents
 * read (hooks and templates included), not the Markdown. */
typedef struct SheetBlock {
    char tag[4];              /* "h1".."h4", "p", "img" */
    char *text;               /* the words; for "img" its text alternative */
    char *src;                /* "img": the picture, relative to the site root */
} SheetBlock;

typedef struct ReviewSheet {
    SheetBlock *blocks;
    size_t count, cap;
} ReviewSheet;

/* Takes the words of the page at page_path (its <main>) into sheet. */
void review_sheet_take(ReviewSheet *sheet, xmlDocPtr doc, const char *page_path);
void review_sheet_free(ReviewSheet *sheet);

/* The review page's "Checks by reviewers": who checked each format of pack
 * and whether that still holds, with a link to each sheet and the words
 * changed since.  to_root: the way from that page back to the site root. */
void review_checks_section(const Renderer *r, xmlDocPtr doc, xmlNodePtr parent, const char *to_root,
                           const PackMeta *pack, const PackReviews *reviews,
                           const ReviewSheet sheets[REVIEW_FORMAT_COUNT]);

/* Writes one page of the review report at path (under report/): body,
 * made in scratch, in the report template, titled title, in format. */
void render_review_page(const Renderer *r, xmlDocPtr scratch, xmlNodePtr body, const char *path,
                        const char *title, const char *description, Format format);

/* report/SLUG/FORMAT/: the format's words in large print, each part
 * followed by a box to write in. */
void render_review_sheet(const Renderer *r, const PackMeta *pack, ReviewFormat f, const ReviewSheet *sheet);

#endif
