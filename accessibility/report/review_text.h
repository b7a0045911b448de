/* review_text.h: the text reviewers read of a pack's format (review.h
 * says what goes in it), and whether their reviews of it still hold.
 *
 * It names each picture chosen by its theme file, so it sits above the
 * theme (render) while the reviews themselves are read with the sources.
 */
#ifndef SAYSO_REVIEW_TEXT_H
#define SAYSO_REVIEW_TEXT_H

#include "review.h"
#include "theme.h"

/* The review text of a format of a pack (review.h): a new string, or
 * NULL after reporting why (an unreadable file, a bad CSV). */
char *review_text(const Theme *theme, const PackMeta *meta, ReviewFormat f);

/* Loads the pack's reviews.yml and works out each format's state.
 * Returns false after reporting a bad reviews.yml (file:line); *out is
 * usable either way (formats without a valid review are NEVER). */
bool review_pack_state(const Theme *theme, const PackMeta *meta, PackReviews *out);

#endif
