/* audio.h: the listening file of each page.
 *
 * A page's audio is, in order of preference:
 *   1. the pack's own recording: audio.ogg / audio.mp3 for plain English,
 *      audio.easy-read.ogg, audio.large-print.ogg (else plain English's,
 *      the same words), audio.you-said-we-did.ogg, ...;
 *   2. with site.yml `audio: generate` (or `optional`), the page's words
 *      (speech.h) spoken by espeak-ng (voice.h) and encoded as Ogg Opus
 *      (ogg_opus.h), published beside the page as listen.ogg.
 * Generated files are kept in the build cache's audio/ folder, named by a
 * hash of the spoken text and the voice settings, so a page is spoken
 * again only when its words change, and large print, whose words are
 * plain English's, costs nothing more.  A file no build has used for 30
 * days is removed.
 *
 * Safe to call from the build's worker threads: speaking is serialised in
 * voice.c; encoding, the cost, runs on each worker.
 */
#ifndef SAYSO_AUDIO_H
#define SAYSO_AUDIO_H

#include "render.h"
#include "site.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct AudioMaker AudioMaker;

typedef struct PageAudio {
    char *href;               /* from the page: "listen.ogg", "../audio.easy-read.ogg" */
    const char *type;         /* "Ogg Opus", "MP3" */
    double seconds;           /* -1 when not known */
    long long bytes;
    bool human;               /* a person reads it: the pack's own recording, unless
                                 its tags say a computer voice made it (ogg_opus.h) */
    char *publish_path;       /* generated only: where it goes, from the site root */
    StrBuf data;              /* generated only: the file */
} PageAudio;

/* cache_dir: the build cache (cache.h), or NULL for none; reuse false
 * writes the cache without reading it (--no-cache). */
AudioMaker *audio_maker_new(const Site *site, const char *cache_dir, bool reuse);
void audio_maker_free(AudioMaker *m);

/* The page's audio, if it has one.  A voice that cannot be loaded is
 * reported once per language: an error, or with `audio: optional` a
 * warning, and its pages go without. */
bool audio_for_page(AudioMaker *m, const OutPage *page, PageAudio *out);
void page_audio_free(PageAudio *a);

/* Generated files spoken and encoded in this build, and taken from the cache. */
void audio_maker_counts(AudioMaker *m, size_t *made, size_t *reused);

#endif
