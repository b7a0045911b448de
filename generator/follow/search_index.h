/* search_index.h: a search index a static site can answer from, in small
 * files, so a phone fetches only what one query needs.
 *
 * One index per language the site is published in: search/ for the
 * source language, LANG/search/ for each translation, whose records are
 * the pack's translation where it has one.
 *
 *   search/meta.json          how the index is cut: {"packs":N,"chunk":C}
 *   search/terms/HEX.json     every word starting with the same three
 *                             letters (HEX: those letters' UTF-8 bytes):
 *                             {"word":[posting,...]}, each posting
 *                             (pack - the previous posting's pack) * 16
 *                             + fields, packs in increasing order
 *   search/packs/K.json       the records of packs K*C .. K*C+C-1, as
 *                             [title, url, status, status class, dates,
 *                             summary], in the hub's own words
 *
 * `fields` says where the word was found, so the script can rank title
 * matches first: SEARCH_TITLE, SEARCH_TERMS (topics and areas),
 * SEARCH_SUMMARY, SEARCH_BODY (plain English or easy read), or'd.
 * A query for "bus" fetches meta.json, terms/627573.json and the record
 * chunks of the first results it shows: tens of kilobytes at 5,000 packs
 * (`make bench` measures it).  Small record chunks matter more than small
 * term files: the first 20 results of a common word are in 20 chunks.
 */
#ifndef SAYSO_SEARCH_INDEX_H
#define SAYSO_SEARCH_INDEX_H

#include "site.h"

enum { SEARCH_BODY = 1, SEARCH_SUMMARY = 2, SEARCH_TERMS = 4, SEARCH_TITLE = 8 };

/* Records per search/packs/K.json file. */
#define SEARCH_CHUNK 10

typedef struct SearchIndex SearchIndex;

/* What a result shows, in the hub's own words for the index's language.
 * url is relative to the folder above search/. */
typedef struct SearchRecord {
    const char *title, *url, *status, *status_class, *dates, *summary;
} SearchRecord;

/* The index of lang (NULL: the source language, in search/). */
SearchIndex *search_index_new(const Site *site, const char *lang);
/* Adds pack `index` (its place in site->packs): its record, whose title
 * and summary are indexed, the front matter's topics, areas and events,
 * and the words of each body given (Markdown; NULL when absent). */
void search_index_add_pack(SearchIndex *si, size_t index, const SearchRecord *record, const char *plain,
                           const char *easy_read);
/* A pack's words as the index keeps them, each once with the fields it
 * was found in: what search_index_add_pack() adds, made apart so that
 * `sayso serve` can keep them between builds (build_memory.h) and read
 * only the packs that changed.  The record is not kept: its dates say
 * how many days are left, which changes with the build's date. */
typedef struct SearchPackWords SearchPackWords;
SearchPackWords *search_pack_words(const PackMeta *pack, const SearchRecord *record, const char *plain,
                                   const char *easy_read);
void search_index_add_words(SearchIndex *si, size_t index, const SearchRecord *record,
                            const SearchPackWords *words);
void search_pack_words_free(SearchPackWords *words);
/* A pack's words as bytes, and back (NULL when they are not what put
 * wrote), for the build cache to keep them between runs. */
void search_pack_words_put(const SearchPackWords *words, StrBuf *into);
SearchPackWords *search_pack_words_get(const char **at, const char *end);

/* Writes every file above through write(path, data, len, arg); data is
 * the callee's to free. */
void search_index_write(SearchIndex *si, void (*write)(const char *path, char *data, size_t len, void *arg),
                        void *arg);
void search_index_free(SearchIndex *si);

/* The words of text as the index keeps them, lower case, in order, for
 * tests: letters and digits, at least three characters, common words
 * ("the", "and") left out, link addresses in Markdown skipped. */
void search_words(const char *text, StrList *out);

#endif
