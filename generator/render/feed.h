/* feed.h: feed.xml (Atom) and sitemap.xml.
 *
 * The feed tells subscribers when a consultation opens and when its
 * results are published; the sitemap lists every page for search engines.
 * Both use the build date, never the clock, so builds are reproducible. */
#ifndef SAYSO_FEED_H
#define SAYSO_FEED_H

#include "site.h"

/* Atom: one entry per consultation that has opened, and one per published
 * set of results.  Caller frees. */
char *feed_atom(const Site *site, size_t *len);

/* Every page path given (relative, "consultations/x/index.html"). */
char *feed_sitemap(const Site *site, const StrList *page_paths, size_t *len);

#endif
