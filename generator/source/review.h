/* review.h: what reviewers checked (consultations/SLUG/reviews.yml), and
 * whether the text they checked is still the text people read.
 *
 * A group such as an Improving Information Group checks a format of a
 * consultation before it goes out.  Their sign-off must never outlive the
 * words it was for, so each review records the fingerprint of the "review
 * text" of its format: one readable document holding everything that
 * changes the words of that format (the Markdown with its front matter,
 * the feedback CSV, and each picture chosen, named with its text
 * alternative and a hash of its bytes) and nothing of the theme's look.
 * The same text is kept beside reviews.yml (reviews/FORMAT.txt) when a
 * review is signed, so what changed since can be shown word by word on a
 * fresh clone, with no cache involved.
 *
 * The fingerprint is XXH3-128 (Debian's libxxhash) of the review text,
 * written "xxh3-128:" and 32 hex digits: it is stored in files people
 * commit, so it must be stable across machines and versions (XXH3's output
 * is fixed since xxHash 0.8.0), and wide enough that an edit is never
 * mistaken for the text signed (the build cache's 64-bit FNV is neither
 * meant for storing nor collision-resistant enough for that).
 */
#ifndef SAYSO_REVIEW_H
#define SAYSO_REVIEW_H

#include "site.h"
#include "yamldoc.h"

#include <stdbool.h>
#include <stddef.h>

/* The formats a review can be for, in the order pages list them. */
typedef enum {
    REVIEW_PLAIN = 0, REVIEW_EASY_READ, REVIEW_LARGE_PRINT, REVIEW_YOU_SAID_WE_DID, REVIEW_FORMAT_COUNT
} ReviewFormat;
const char *review_format_id(ReviewFormat f);        /* "plain", "easy-read", ... */
const char *review_format_name(ReviewFormat f);      /* "Plain English", "Easy read", ... */
/* Returns false for a name that is not one of the formats. */
bool review_format_parse(const char *id, ReviewFormat *out);
/* Whether the pack has the format at all: easy read needs easy-read.md,
 * "You said, we did" a feedback CSV. */
bool review_format_present(const PackMeta *meta, ReviewFormat f);

typedef enum { OUTCOME_APPROVED, OUTCOME_CHANGES } ReviewOutcome;
const char *review_outcome_id(ReviewOutcome o);      /* "approved", "changes" */

/* One entry of reviews.yml. */
typedef struct Review {
    ReviewFormat format;
    char *by;                 /* a person or a group (site.yml reviewers: name) */
    Day date;
    ReviewOutcome outcome;
    char *notes;              /* may be NULL */
    char *fingerprint;        /* "xxh3-128:<32 hex>" */
    int line;                 /* where the entry starts in reviews.yml */
} Review;

typedef struct ReviewList {
    char *path;               /* as shown in messages: consultations/SLUG/reviews.yml */
    Review *items;            /* in file order: the last is the newest */
    size_t count;
} ReviewList;

/* Reads reviews.yml (a missing file is an empty list).  Every problem is
 * reported as path:line; returns false when there was any. */
bool review_load(const char *file, const char *display_path, ReviewList *out);
bool review_parse(const char *text, size_t len, const char *display_path, ReviewList *out);
void review_list_free(ReviewList *list);

/* "xxh3-128:..." of text; caller frees. */
char *review_fingerprint(const char *text, size_t len);
/* Where `review sign` keeps the text reviewed: DIR/reviews/FORMAT.txt. */
char *review_kept_path(const char *pack_dir, ReviewFormat f);

/* ---- a pack's state, for its pages and the report ---- */

typedef enum {
    REVIEW_NEVER,             /* no review of this format */
    REVIEW_CURRENT,           /* a review's fingerprint matches the text now */
    REVIEW_CHANGED            /* reviewed, but the text has changed since */
} ReviewStateKind;

typedef struct FormatReview {
    ReviewStateKind state;
    const Review *review;     /* CURRENT: the newest matching; CHANGED: the newest; NULL: NEVER */
    char *text;               /* the review text now; NULL when the format is absent */
    char *kept;               /* the text last reviewed (reviews/FORMAT.txt), or NULL */
    bool present;             /* the pack has this format */
} FormatReview;

typedef struct PackReviews {
    ReviewList list;
    FormatReview formats[REVIEW_FORMAT_COUNT];
} PackReviews;

void review_pack_free(PackReviews *r);

/* True when the page may say it was checked: the text is unchanged since
 * a review that approved it. */
bool review_shows_check(const FormatReview *fr);

/* Whether the review report makes printable review sheets for the pack:
 * for sites that name reviewers or require reviews, and packs with
 * reviews.yml.  They are a page per format, which other sites would pay
 * for in build time and never use. */
bool review_sheets_wanted(const Site *site, const PackReviews *r);

/* The group named `by` in site.yml reviewers:, or NULL. */
const Reviewer *review_group(const Site *site, const char *by);

/* Reads site.yml's `require_review:` and `reviewers:` into site.
 * Reports path:line and sets y->failed on bad values. */
void review_read_settings(YamlDoc *y, yaml_node_t *root, Site *site);

#endif
