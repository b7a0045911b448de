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

/* Which entries a feed carries, for alerts by topic, area or status: a
 * resident who cares about one street should not have to read them all. */
typedef enum {
    FEED_ALL,                /* feed.xml */
    FEED_TOPIC,              /* feeds/topics/SLUG.xml: packs with a topic of that slug */
    FEED_AREA,               /* feeds/areas/SLUG.xml */
    FEED_NEW,                /* feeds/new.xml: consultations as they open */
    FEED_RESULTS,            /* feeds/results.xml: results as they are published */
} FeedKind;

typedef struct FeedFilter {
    FeedKind kind;
    const char *term_slug;   /* FEED_TOPIC, FEED_AREA: the slug of the term */
    const char *title;       /* the feed's title: "Consultations about parking" */
    const char *self_path;   /* where it is published: "feeds/topics/parking.xml" */
} FeedFilter;

char *feed_atom_filtered(const Site *site, const FeedFilter *filter, size_t *len);

/* Where the feed for a hub list lives: "feeds/topics/parking.xml" for
 * folder "topics" and slug "parking", "feed.xml" for the whole hub.
 * Caller frees. */
char *feed_path_for_list(const char *folder, const char *term_slug);

/* Every feed but feed.xml: per topic, per area, new and results.  Calls
 * write(path, data, len, arg) for each; data is the callee's to free. */
void feed_write_alerts(const Site *site, void (*write)(const char *path, char *data, size_t len, void *arg),
                       void *arg);

/* Every page path given (relative, "consultations/x/index.html"). */
char *feed_sitemap(const Site *site, const StrList *page_paths, size_t *len);

#endif
