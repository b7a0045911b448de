/* load.h: reading a site's source into the site model (site.h).
 *
 * Everything here reports problems as file:line through diag.h and keeps
 * going, so one run shows every mistake in the source; the caller checks
 * the return value (or diag_error_count) and stops before writing.
 */
#ifndef SAYSO_LOAD_H
#define SAYSO_LOAD_H

#include "markdown_source.h"
#include "site_config.h"

#include "changes.h"
#include "site.h"

/* Reads site.yml, the front matter of every pack and every page.
 * Returns false when anything was wrong (messages already printed). */
/* cache_dir, when not NULL, keeps every pack's front matter between
 * builds (front_cache.h), so an unchanged pack's index.md is not read.
 * changes (or NULL): the packs the stamp check vouched for (changes.h)
 * are neither looked at for links out of the source nor stat'ed again. */
bool load_site(const char *source_dir, Day today, const char *cache_dir, const Changes *changes, Site *site);


/* Reads one pack's Markdown bodies and lists its other files.  The
 * feedback CSV is read by feedback_load (feedback.h). */
bool load_pack_content(const Site *site, const PackMeta *meta, PackContent *out);

/* Reads a pack's front matter (YAML text starting on file line first_line)
 * into *p, whose slug, dir and index_path are already set.  Returns false
 * after reporting every problem; *p may be partly filled either way. */
bool load_pack_front_matter(const Site *site, const char *front, size_t len, int first_line, PackMeta *p);

#endif
