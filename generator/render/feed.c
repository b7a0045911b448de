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

char *feed_sitemap(const Site *site, const StrList *page_paths, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "urlset");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
    for (size_t i = 0; i < page_paths->count; i++) {
        const char *p = page_paths->items[i];
        size_t n = strlen(p);
        if (str_ends_with(p, "index.html"))
            n -= strlen("index.html");
        char *rel = xstrndup(p, n);
        char *url = page_url(site, rel);
        xmlTextWriterStartElement(w, BAD_CAST "url");
        xmlTextWriterWriteElement(w, BAD_CAST "loc", BAD_CAST url);
        xmlTextWriterEndElement(w);
        free(url);
        free(rel);
    }
    xmlTextWriterEndElement(w);
    return finish(w, buf, len);
}
