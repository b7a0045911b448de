/* site_files.c: the site-wide files made from every page (build_internal.h):
 * feeds, calendars and open data, the search index of each language, the
 * sitemap and report.json. */
#include "build_internal.h"
#include "build_memory.h"
#include "calendar.h"
#include "feed.h"
#include "load.h"
#include "open_data.h"
#include "search_index.h"
#include "translation.h"

#include <stdlib.h>
#include <string.h>

/* Writes a site-wide file and notes it for the cache. */
void write_noted(Worker *w, const char *relative, char *data, size_t len)
{
    Build *b = w->build;
    if (b->cache && w->pack_index != NO_PACK)
        cache_pack_output(b->cache, w->pack_index, relative);
    if (!output_write(&b->out, relative, data, len))
        atomic_store(&b->write_failed, true);
    free(data);
}

/* feed.xml, sitemap.xml and report.json are made from every pack: with
 * thousands of packs they are megabytes each, so each is a group of its
 * own, kept as it is when what it comes from did not change. */
void write_noted_cb(const char *relative, char *data, size_t len, void *worker)
{
    write_noted(worker, relative, data, len);
}

/* Everything made only from the packs' front matter and the build date,
 * for people and programs that follow the site rather than read it:
 * feeds (all, and per topic, area and status), calendars and open data. */
void render_feed(Worker *w)
{
    const Site *site = &w->build->site;
    size_t len;
    char *feed = feed_atom(site, &len);
    write_noted(w, "feed.xml", feed, len);
    feed_write_alerts(site, write_noted_cb, w);
    char *ics = calendar_site(site, &len);
    write_noted(w, "calendar.ics", ics, len);
    for (size_t i = 0; i < site->pack_count; i++) {
        char *path = xasprintf("consultations/%s/calendar.ics", site->packs[i].slug);
        ics = calendar_pack(site, &site->packs[i], &len);
        write_noted(w, path, ics, len);
        free(path);
    }
    char *data = open_data_json(site, &len);
    write_noted(w, "consultations.json", data, len);
    data = open_data_csv(site, &len);
    write_noted(w, "consultations.csv", data, len);
    data = open_data_readme(site, &len);
    write_noted(w, "consultations-data.txt", data, len);
}

/* The search index needs every pack's words, so it reads each pack's
 * Markdown again: its own cache group keeps that off a rebuild in which
 * no pack changed.  What loading says was said when the pack was built.
 * Each language gets an index of its own, of the packs as its hub lists
 * them: the translation where there is one. */
void render_search(Worker *w)
{
    Build *b = w->build;
    const Site *site = &b->site;
    /* `sayso serve` keeps each pack's words (build_memory.h), and `sayso
     * build` in the cache's folder, but not when a hook may change the
     * front matter they are taken from: pack keys do not cover that. */
    BuildMemory *memory = b->hub_alongside && b->cache ? b->options->memory : NULL;
    BuildMemory *on_disk = NULL;
    char *on_disk_path = NULL;
    if (b->hub_alongside && b->cache && !memory) {
        char *dir = cache_dir_for(b->out_dir);
        on_disk_path = path_join(dir, "search-words");
        free(dir);
        memory = on_disk = build_memory_load(b->options->no_cache ? NULL : on_disk_path);
    }
    size_t langs = site->languages.count ? site->languages.count : 1;
    /* The source language's words of each pack: a translation's index
     * lists a pack it has no translation of as it is, with the same words,
     * so they are read once, not once per language. */
    const SearchPackWords **source = xcalloc(site->pack_count + 1, sizeof *source);
    SearchPackWords **owned = xcalloc(site->pack_count + 1, sizeof *owned);
    for (size_t l = 0; l < langs; l++) {
        /* Only for the hub's words: this worker renders no pages. */
        Renderer renderer = {.site = site, .theme = &b->theme, .lang = l ? site->languages.items[l] : NULL};
        SearchIndex *si = search_index_new(site, renderer.lang);
        for (size_t i = 0; i < site->pack_count; i++) {
            bool untranslated;
            PackMeta view = pack_listing_view(&renderer, &site->packs[i], &untranslated);
            char *folder = pack_folder_url(&view);
            char *url = xasprintf("%s%s", renderer.lang ? "../" : "", folder);
            char *status_class = pack_listing_status_class(&view);
            char *dates = pack_listing_dates(&renderer, &view, site->today);
            SearchRecord record = {.title = view.title, .url = url, .status = pack_listing_status(&renderer, &view),
                                   .status_class = status_class, .dates = dates, .summary = view.summary};
            const SearchPackWords *kept = l && untranslated ? source[i]
                                          : memory ? build_memory_search_words(memory, site->packs[i].slug, renderer.lang,
                                                                               cache_pack_key(b->cache, i))
                                                   : NULL;
            if (kept) {
                search_index_add_words(si, i, &record, kept);
                if (!l)
                    source[i] = kept;
            } else {
                PackContent content;
                memset(&content, 0, sizeof content);
                Diag unsaid;
                diag_push(&unsaid, DIAG_HOLD, NULL, NULL);
                bool loaded = view.lang ? load_translation_content(site, &view, &content)
                                        : load_pack_content(site, &site->packs[i], &content);
                diag_pop(&unsaid);
                SearchPackWords *words = search_pack_words(&site->packs[i], &record,
                                                           loaded ? content.index.text : NULL,
                                                           loaded ? content.easy_read.text : NULL);
                search_index_add_words(si, i, &record, words);
                if (!l)
                    source[i] = words;
                if (memory)
                    build_memory_keep_search_words(memory, site->packs[i].slug, renderer.lang,
                                                   cache_pack_key(b->cache, i), words);
                else if (!l)
                    owned[i] = words;
                else
                    search_pack_words_free(words);
                pack_content_free(&content);
            }
            free(dates);
            free(status_class);
            free(url);
            free(folder);
        }
        search_index_write(si, write_noted_cb, w);
        search_index_free(si);
    }
    for (size_t i = 0; i < site->pack_count; i++)
        search_pack_words_free(owned[i]);
    free(owned);
    free(source);
    /* Keyed by content, so right even if this build then fails. */
    if (on_disk)
        build_memory_save(on_disk, on_disk_path);
    build_memory_free(on_disk);
    free(on_disk_path);
}

void render_sitemap(Worker *w)
{
    size_t len;
    char *sitemap = feed_sitemap(&w->build->site, &w->build->page_paths, &len);
    write_noted(w, "sitemap.xml", sitemap, len);
}

void render_report_json(Worker *w)
{
    Build *b = w->build;
    if (b->cache && w->pack_index != NO_PACK)
        cache_pack_output(b->cache, w->pack_index, "report.json");
    if (report_write(&b->report, b->out.staging_dir))
        output_note(&b->out, "report.json");
    else
        atomic_store(&b->write_failed, true);
}

