/* scaffold.h: the files `sayso new` writes.
 *
 * A new site, or a new consultation pack in a site, made from templates
 * with today's date and the pack's name filled in.  Every setting is
 * written out with a note saying what it does, so a communications team
 * can learn the format from the files themselves.
 *
 * The templates are C strings in scaffold.c rather than files in the data
 * folder: they always need filling in (dates, names), so they are code
 * either way, and `sayso new` then works from a lone copy of the binary,
 * the case where someone has nothing else to start from.
 *
 * No template makes you-said-we-did.csv inside a pack: the file's presence
 * marks a closed consultation as "results published".  The header row
 * lives instead in templates/you-said-we-did.csv at the top of the site,
 * where the build never looks, ready to copy into a pack once it closes.
 */
#ifndef SAYSO_SCAFFOLD_H
#define SAYSO_SCAFFOLD_H

#include "date.h"
#include "util.h"

#include <stdbool.h>

/* The longest slug accepted: it becomes part of every page address. */
#define SCAFFOLD_SLUG_MAX 80

/* A slug is 1 to 80 lowercase letters, digits and hyphens, starting with
 * a letter or digit.  On failure *why (if not NULL) is a sentence saying
 * what is wrong. */
bool scaffold_slug_valid(const char *slug, const char **why);

/* "bus-routes-2027" -> "Bus routes 2027": a first title for a new pack. */
char *scaffold_title_from_slug(const char *slug);

/* Makes a new site in DIR, which must not exist or be empty.  The example
 * consultation opens on TODAY and closes 12 weeks later.  Each file made is
 * added to MADE (paths under DIR).  On failure returns false with *error
 * set to a sentence (caller frees); files already written are removed. */
bool scaffold_site(const char *dir, Day today, StrList *made, char **error);

/* Adds consultations/SLUG/ to the site in SITE_DIR (which must hold
 * site.yml), opening on TODAY and closing 12 weeks later.  Also writes
 * templates/you-said-we-did.csv when the site has none.  Refuses a bad
 * slug and an existing pack. */
bool scaffold_consultation(const char *site_dir, const char *slug, Day today, StrList *made,
                           char **error);

#endif
