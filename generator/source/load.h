/* load.h: reading a site's source into the site model (site.h).
 *
 * Everything here reports problems as file:line through diag.h and keeps
 * going, so one run shows every mistake in the source; the caller checks
 * the return value (or diag_error_count) and stops before writing.
 */
#ifndef SAYSO_LOAD_H
#define SAYSO_LOAD_H

#include "changes.h"
#include "site.h"

/* Reads site.yml, the front matter of every pack and every page.
 * Returns false when anything was wrong (messages already printed). */
/* cache_dir, when not NULL, keeps every pack's front matter between
 * builds (front_cache.h), so an unchanged pack's index.md is not read.
 * changes (or NULL): the packs the stamp check vouched for (changes.h)
 * are neither looked at for links out of the source nor stat'ed again. */
bool load_site(const char *source_dir, Day today, const char *cache_dir, const Changes *changes, Site *site);

/* Only site.yml, for the build's up-to-date check (stamp.h): no packs or
 * pages, and none of load_site()'s checks of the source. */
bool load_site_settings(const char *source_dir, Day today, Site *site);

/* Reads one pack's Markdown bodies and lists its other files.  The
 * feedback CSV is read by feedback_load (feedback.h). */
bool load_pack_content(const Site *site, const PackMeta *meta, PackContent *out);

/* Reads a Markdown file with optional front matter, converted to UTF-8.
 * *front (may be NULL) gets the front matter text and its first line;
 * body->text the rest.  Returns false after reporting an error. */
bool load_markdown_file(const char *path, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body);

/* The same, from the file's bytes already in memory (for `sayso serve`
 * and the fuzz targets). */
bool load_markdown_text(const char *raw, size_t raw_len, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body);

/* Reads a pack's front matter (YAML text starting on file line first_line)
 * into *p, whose slug, dir and index_path are already set.  Returns false
 * after reporting every problem; *p may be partly filled either way. */
bool load_pack_front_matter(const Site *site, const char *front, size_t len, int first_line, PackMeta *p);

#endif
