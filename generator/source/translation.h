/* translation.h: a site's translations, found beside their sources.
 *
 * consultations/SLUG/index.cy.md translates index.md into Welsh (with
 * easy-read.cy.md and you-said-we-did.cy.csv beside it); pages/about.ur.md
 * translates pages/about.md into Urdu.  Only languages listed in site.yml
 * `languages:` count, so a pack file called notes.pl.md is still just a file.
 *
 * Staleness needs no cache, so it survives a fresh clone: a translation
 * names, in `translated_from`, the fingerprint of the source it was made
 * from (what `sayso translation mark` writes), and the build compares it
 * with the source's fingerprint now.
 */
#ifndef SAYSO_TRANSLATION_H
#define SAYSO_TRANSLATION_H

#include "site.h"

/* The site language name is a translation in ("about.cy.md" with ext
 * ".md" gives "cy"), or NULL.  The result points into site->languages. */
const char *translation_file_language(const Site *site, const char *name, const char *ext);

/* A name that looks like a translation ("about.pl.md": a source name, a
 * language tag, ext) into a language the site does not list: the tag into
 * out, or NULL. */
const char *translation_unlisted_language(const Site *site, const char *name, const char *ext, char out[16]);

/* Finds and reads the pack's translations (front matter only), and warns
 * about stale ones.  False after reporting an error. */
bool load_pack_translations(const Site *site, PackMeta *p);

/* Notes which languages pages/SLUG.md is translated into. */
bool load_page_translations(const Site *site, PageMeta *pg);

/* Reads a translated view's Markdown: index.LANG.md and, when it has one,
 * easy-read.LANG.md.  The feedback CSV is left to feedback_load. */
bool load_translation_content(const Site *site, const PackMeta *view, PackContent *out);

/* The fingerprint of what a translator translates: the text (body, title
 * and summary) of a Markdown source, and the other files named; 16 hex
 * digits, or NULL when the source cannot be read.  Dates, topics and
 * contacts are left out: they come from the source, so changing them
 * does not make a translation out of date. */
char *translation_fingerprint(const char *markdown_path, const char *const *other_paths);

/* The fingerprint of a pack's source for its translation t. */
char *pack_source_fingerprint(const PackMeta *p, const Translation *t);

/* `sayso translation mark SLUG LANG`: writes the source's fingerprint into
 * the translation's translated_from.  SLUG is a consultation or a page.
 * Returns the exit status (0, or 2 after saying what is wrong). */
int translation_mark(const char *source_dir, const char *slug, const char *lang);

#endif
