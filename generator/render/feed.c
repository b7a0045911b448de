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

char *feed_atom(const Site *site, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "feed");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2005/Atom");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST site->language);
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST site->title);
    xmlTextWriterWriteFormatElement(w, BAD_CAST "id", "%s", *base(site) ? base(site) : "urn:sayso:site");
    xmlTextWriterStartElement(w, BAD_CAST "link");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "href", "%sfeed.xml", base(site));
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "author");
    xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST site->organisation);
    xmlTextWriterEndElement(w);
    /* The feed changes when the newest event in it does: the build date
     * would change it every day with nothing new. */
    Day newest = DAY_NONE;
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &site->packs[i];
        if (p->status != STATUS_UPCOMING && p->opens > newest)
            newest = p->opens;
        if (p->status == STATUS_RESULTS && p->closes > newest)
            newest = p->closes;
    }
    write_day(w, "updated", newest == DAY_NONE ? site->today : newest);
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &site->packs[i];
        if (p->status == STATUS_UPCOMING)
            continue;
        write_entry(w, site, p, false);
        if (p->status == STATUS_RESULTS)
            write_entry(w, site, p, true);
    }
    xmlTextWriterEndElement(w);
    return finish(w, buf, len);
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
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "urlset");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
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
