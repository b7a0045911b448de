/* feed.c: feed.xml (Atom) and sitemap.xml, written with libxml2's writer
 * so every value is escaped. */
#include "feed.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

static const char *base(const Site *site)
{
    return site->base_url ? site->base_url : "";
}

static char *page_url(const Site *site, const char *relative)
{
    return xasprintf("%s%s", base(site), relative);
}

/* Atom dates are full timestamps; consultations have days. */
static void write_day(xmlTextWriterPtr w, const char *element, Day d)
{
    char iso[11];
    date_iso(d, iso);
    xmlTextWriterWriteFormatElement(w, BAD_CAST element, "%sT00:00:00Z", iso);
}

static void write_entry(xmlTextWriterPtr w, const Site *site, const PackMeta *p, bool results)
{
    char *path = results ? xasprintf("consultations/%s/you-said-we-did/", p->slug)
                         : xasprintf("consultations/%s/", p->slug);
    char *url = page_url(site, path);
    Day when = results ? p->closes : p->opens;
    xmlTextWriterStartElement(w, BAD_CAST "entry");
    if (results)
        xmlTextWriterWriteFormatElement(w, BAD_CAST "title", "Results published: %s", p->title);
    else
        xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST p->title);
    xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST url);
    xmlTextWriterStartElement(w, BAD_CAST "link");
    xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST url);
    xmlTextWriterEndElement(w);
    /* The consultation in the site's other languages. */
    for (size_t i = 0; !results && i < p->translation_count; i++) {
        const Translation *t = &p->translations[i];
        xmlTextWriterStartElement(w, BAD_CAST "link");
        xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
        xmlTextWriterWriteAttribute(w, BAD_CAST "hreflang", BAD_CAST t->lang);
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "href", "%s%s/", url, t->lang);
        xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST t->title);
        xmlTextWriterEndElement(w);
    }
    write_day(w, "updated", when);
    write_day(w, "published", when);
    xmlTextWriterWriteElement(w, BAD_CAST "summary", BAD_CAST p->summary);
    xmlTextWriterEndElement(w);
    free(url);
    free(path);
}

/* An indented UTF-8 document into *buf, its root element (in namespace
 * xmlns) open; finish() ends it. */
static xmlTextWriterPtr start(xmlBufferPtr *buf, const char *root, const char *xmlns)
{
    *buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(*buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST root);
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST xmlns);
    return w;
}

static char *finish(xmlTextWriterPtr w, xmlBufferPtr buf, size_t *len)
{
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    size_t n = (size_t)xmlBufferLength(buf);
    char *out = xstrndup((const char *)xmlBufferContent(buf), n);
    xmlBufferFree(buf);
    if (len)
        *len = n;
    return out;
}

static bool term_matches(const StrList *terms, const char *slug)
{
    for (size_t i = 0; i < terms->count; i++) {
        char *s = slugify(terms->items[i]);
        bool same = !strcmp(s, slug);
        free(s);
        if (same)
            return true;
    }
    return false;
}

static bool pack_in_feed(const PackMeta *p, const FeedFilter *f)
{
    switch (f->kind) {
    case FEED_TOPIC: return term_matches(&p->topics, f->term_slug);
    case FEED_AREA:  return term_matches(&p->areas, f->term_slug);
    default:         return true;
    }
}

char *feed_atom(const Site *site, size_t *len)
{
    FeedFilter all = {.kind = FEED_ALL, .title = site->title, .self_path = "feed.xml"};
    return feed_atom_filtered(site, &all, len);
}

char *feed_atom_filtered(const Site *site, const FeedFilter *filter, size_t *len)
{
    bool opened = filter->kind != FEED_RESULTS, results = filter->kind != FEED_NEW;
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start(&buf, "feed", "http://www.w3.org/2005/Atom");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST site->language);
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST filter->title);
    /* An Atom id must be unique per feed: the whole site's keeps the
     * site's address it always had, the others are their own URLs. */
    if (filter->kind == FEED_ALL)
        xmlTextWriterWriteFormatElement(w, BAD_CAST "id", "%s", *base(site) ? base(site) : "urn:sayso:site");
    else if (*base(site))
        xmlTextWriterWriteFormatElement(w, BAD_CAST "id", "%s%s", base(site), filter->self_path);
    else
        xmlTextWriterWriteFormatElement(w, BAD_CAST "id", "urn:sayso:site:%s", filter->self_path);
    xmlTextWriterStartElement(w, BAD_CAST "link");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "href", "%s%s", base(site), filter->self_path);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "author");
    xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST site->organisation);
    xmlTextWriterEndElement(w);
    /* The feed changes when the newest event in it does: the build date
     * would change it every day with nothing new. */
    Day newest = DAY_NONE;
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &site->packs[i];
        if (!pack_in_feed(p, filter))
            continue;
        if (opened && p->status != STATUS_UPCOMING && p->opens > newest)
            newest = p->opens;
        if (results && p->status == STATUS_RESULTS && p->closes > newest)
            newest = p->closes;
    }
    write_day(w, "updated", newest == DAY_NONE ? site->today : newest);
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &site->packs[i];
        if (p->status == STATUS_UPCOMING || !pack_in_feed(p, filter))
            continue;
        if (opened)
            write_entry(w, site, p, false);
        if (results && p->status == STATUS_RESULTS)
            write_entry(w, site, p, true);
    }
    xmlTextWriterEndElement(w);
    return finish(w, buf, len);
}

char *feed_path_for_list(const char *folder, const char *term_slug)
{
    return folder ? xasprintf("feeds/%s/%s.xml", folder, term_slug) : xstrdup("feed.xml");
}

/* One feed per distinct slug of a term list, named by its first spelling
 * (as the hub's lists are). */
static void write_term_feeds(const Site *site, const char *folder, FeedKind kind,
                             void (*write)(const char *, char *, size_t, void *), void *arg)
{
    StrList done = {0};
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = kind == FEED_TOPIC ? &site->packs[i].topics : &site->packs[i].areas;
        for (size_t k = 0; k < terms->count; k++) {
            char *slug = slugify(terms->items[k]);
            if (*slug && !sl_contains(&done, slug)) {
                char *path = feed_path_for_list(folder, slug);
                char *title = xasprintf("%s: consultations %s %s", site->title,
                                        kind == FEED_TOPIC ? "about" : "in", terms->items[k]);
                FeedFilter f = {.kind = kind, .term_slug = slug, .title = title, .self_path = path};
                size_t len;
                char *data = feed_atom_filtered(site, &f, &len);
                write(path, data, len, arg);
                free(title);
                free(path);
                sl_push_owned(&done, slug);
            } else {
                free(slug);
            }
        }
    }
    sl_free(&done);
}

void feed_write_alerts(const Site *site, void (*write)(const char *, char *, size_t, void *), void *arg)
{
    const struct { FeedKind kind; const char *path, *what; } own[] = {
        {FEED_NEW, "feeds/new.xml", "new consultations"},
        {FEED_RESULTS, "feeds/results.xml", "results published"},
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        char *title = xasprintf("%s: %s", site->title, own[i].what);
        FeedFilter f = {.kind = own[i].kind, .title = title, .self_path = own[i].path};
        size_t len;
        char *data = feed_atom_filtered(site, &f, &len);
        write(own[i].path, data, len, arg);
        free(title);
    }
    write_term_feeds(site, "topics", FEED_TOPIC, write, arg);
    write_term_feeds(site, "areas", FEED_AREA, write, arg);
}

/* Where a page's language versions branch (as PageShell.lang_base):
 * "consultations/bus/", "pages/about/", or "" for the hub; *lang is the
 * language folder after it, or NULL for the source language. */
static size_t language_base(const Site *site, const char *path, const char **lang)
{
    size_t base = 0;
    const char *folders[] = {"consultations/", "pages/"};
    for (int k = 0; k < 2; k++)
        if (str_starts_with(path, folders[k])) {
            const char *slash = strchr(path + strlen(folders[k]), '/');
            base = slash ? (size_t)(slash + 1 - path) : 0;
        }
    *lang = NULL;
    for (size_t i = 1; i < site->languages.count; i++) {
        const char *l = site->languages.items[i];
        size_t n = strlen(l);
        if (!strncmp(path + base, l, n) && path[base + n] == '/')
            *lang = l;
    }
    return base;
}

/* xhtml:link alternates for each language version of the page that was
 * built (Google's sitemap extension for hreflang). */
static void write_alternates(xmlTextWriterPtr w, const Site *site, const StrList *page_paths, const char *path)
{
    const char *lang;
    size_t base = language_base(site, path, &lang);
    const char *rest = path + base + (lang ? strlen(lang) + 1 : 0);
    StrList found = {0}, urls = {0};
    for (size_t i = 0; i < site->languages.count; i++) {
        const char *l = site->languages.items[i];
        char *candidate = i == 0 ? xasprintf("%.*s%s", (int)base, path, rest)
                                 : xasprintf("%.*s%s/%s", (int)base, path, l, rest);
        if (sl_contains_sorted(page_paths, candidate)) {
            sl_push(&found, l);
            size_t n = strlen(candidate) - (str_ends_with(candidate, "index.html") ? strlen("index.html") : 0);
            candidate[n] = '\0';
            sl_push_owned(&urls, page_url(site, candidate));
        }
        free(candidate);
    }
    for (size_t i = 0; found.count > 1 && i < found.count; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "xhtml:link");
        xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
        xmlTextWriterWriteAttribute(w, BAD_CAST "hreflang", BAD_CAST found.items[i]);
        xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST urls.items[i]);
        xmlTextWriterEndElement(w);
    }
    sl_free(&found);
    sl_free(&urls);
}

char *feed_sitemap(const Site *site, const StrList *page_paths, size_t *len)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = start(&buf, "urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
    bool languages = site->languages.count > 1;
    if (languages)
        xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xhtml", BAD_CAST "http://www.w3.org/1999/xhtml");
    for (size_t i = 0; i < page_paths->count; i++) {
        const char *p = page_paths->items[i];
        size_t n = strlen(p);
        if (str_ends_with(p, "index.html"))
            n -= strlen("index.html");
        char *rel = xstrndup(p, n);
        char *url = page_url(site, rel);
        xmlTextWriterStartElement(w, BAD_CAST "url");
        xmlTextWriterWriteElement(w, BAD_CAST "loc", BAD_CAST url);
        if (languages)
            write_alternates(w, site, page_paths, p);
        xmlTextWriterEndElement(w);
        free(url);
        free(rel);
    }
    xmlTextWriterEndElement(w);
    return finish(w, buf, len);
}
