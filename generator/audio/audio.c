/* audio.c: which file a page is heard from, and making it (audio.h). */
#include "audio.h"
#include "diag.h"
#include "dom.h"
#include "media.h"
#include "ogg_opus.h"
#include "paths.h"
#include "speech.h"
#include "voice.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct AudioMaker {
    const Site *site;
    char *cache_dir;          /* CACHE/audio, or NULL */
    bool reuse;
    pthread_mutex_t lock;
    StrList voices_missing;   /* languages already reported */
    atomic_size_t made, reused;
};

/* Every build renders every pack again at least once a day (the build
 * date is in every pack's key), and each file used is touched, so a file
 * untouched this long belongs to words no page has any more. */
#define AUDIO_CACHE_DAYS 30

static void prune_unused(const char *dir)
{
    StrList names = {0};
    list_dir(dir, &names);
    time_t now = time(NULL);
    for (size_t i = 0; i < names.count; i++) {
        char *path = path_join(dir, names.items[i]);
        struct stat st;
        if (stat(path, &st) == 0 && now - st.st_mtime > AUDIO_CACHE_DAYS * 24 * 3600)
            unlink(path);
        free(path);
    }
    sl_free(&names);
}

AudioMaker *audio_maker_new(const Site *site, const char *cache_dir, bool reuse)
{
    AudioMaker *m = xcalloc(1, sizeof *m);
    m->site = site;
    m->reuse = reuse;
    if (cache_dir) {
        m->cache_dir = path_join(cache_dir, "audio");
        if (!make_dirs(m->cache_dir)) {
            free(m->cache_dir);
            m->cache_dir = NULL;
        } else if (site->audio != AUDIO_OFF) {
            prune_unused(m->cache_dir);
        }
    }
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void audio_maker_free(AudioMaker *m)
{
    if (!m)
        return;
    free(m->cache_dir);
    sl_free(&m->voices_missing);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

void audio_maker_counts(AudioMaker *m, size_t *made, size_t *reused)
{
    *made = m ? atomic_load(&m->made) : 0;
    *reused = m ? atomic_load(&m->reused) : 0;
}

void page_audio_free(PageAudio *a)
{
    free(a->href);
    free(a->publish_path);
    sb_free(&a->data);
    memset(a, 0, sizeof *a);
}

/* "audio", "audio.easy-read", "audio.you-said-we-did.large-print", "audio.easy-read.cy". */
static char *recording_stem(const OutPage *page, Format format)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "audio");
    if (page->kind == PAGE_FEEDBACK) {
        /* consultations/SLUG/EXTRA/...: the extra page's name. */
        const char *p = page->path + strlen("consultations/") + strlen(page->pack->slug) + 1;
        sb_printf(&sb, ".%.*s", (int)strcspn(p, "/"), p);
    }
    if (format != FORMAT_PLAIN)
        sb_printf(&sb, ".%s", format_id(format));
    /* A translation's recording is named as its text is (easy-read.cy.md,
     * audio.easy-read.cy.ogg): a Welsh page never offers the English one. */
    if (page->pack->lang)
        sb_printf(&sb, ".%s", page->pack->lang);
    return sb_take(&sb);
}

static bool find_recording_as(const OutPage *page, Format format, PageAudio *out)
{
    static const char *const exts[] = {".ogg", ".opus", ".mp3", NULL};
    char *stem = recording_stem(page, format);
    bool found = false;
    for (const char *const *e = exts; *e && !found; e++) {
        char *name = xasprintf("%s%s", stem, *e);
        char *path = path_join(page->pack->dir, name);
        size_t len = 0;
        char *data = file_exists(path) ? read_file(path, &len) : NULL;
        if (data && len && media_sniff((unsigned char *)data, len) == media_kind_by_name(name)) {
            char *root = relative_root(page->path);
            out->href = xasprintf("%sconsultations/%s/%s", root, page->pack->slug, name);
            free(root);
            out->type = media_kind_by_name(name) == MEDIA_MP3                  ? "MP3"
                        : ogg_opus_seconds((unsigned char *)data, len) >= 0 ? "Ogg Opus"
                                                                            : "Ogg audio";
            out->seconds = media_seconds((unsigned char *)data, len);
            out->bytes = (long long)len;
            out->human = !ogg_opus_computer_voice((unsigned char *)data, len);
            found = true;
        }
        free(data);
        free(path);
        free(name);
    }
    free(stem);
    return found;
}

static bool find_recording(const OutPage *page, PageAudio *out)
{
    if (!page->pack || (page->kind != PAGE_CONSULTATION && page->kind != PAGE_FEEDBACK))
        return false;
    if (find_recording_as(page, page->format, out))
        return true;
    /* Large print has plain English's words. */
    return page->format == FORMAT_LARGE_PRINT && find_recording_as(page, FORMAT_PLAIN, out);
}

static char *page_language(const AudioMaker *m, const OutPage *page)
{
    xmlNodePtr root = xmlDocGetRootElement(page->doc);
    char *lang = root ? dom_attr(root, "lang") : NULL;
    return lang ? lang : xstrdup(m->site->language);
}

/* Reports a voice that cannot be had, once per language. */
static void voice_missing(AudioMaker *m, const char *lang, const char *why)
{
    pthread_mutex_lock(&m->lock);
    bool said = sl_contains(&m->voices_missing, lang);
    if (!said)
        sl_push(&m->voices_missing, lang);
    pthread_mutex_unlock(&m->lock);
    if (said)
        return;
    if (m->site->audio == AUDIO_OPTIONAL)
        diag_warning("site.yml", 0, "%s; pages in '%s' are published without audio (audio: optional)", why, lang);
    else
        diag_error("site.yml", 0, "%s, or set `audio: optional` to publish pages in '%s' without audio",
                   why, lang);
}

static char *cache_file(const AudioMaker *m, uint64_t key)
{
    return m->cache_dir ? xasprintf("%s/%016llx.ogg", m->cache_dir, (unsigned long long)key) : NULL;
}

/* Writes beside the final name and renames: two workers making the same
 * file (plain and large print) never leave half of one. */
static void keep_in_cache(const char *path, const StrBuf *data)
{
    char *tmp = xasprintf("%s.%ld.tmp", path, (long)gettid());
    if (write_file(tmp, data->data, data->len))
        rename(tmp, path);
    else
        unlink(tmp);
    free(tmp);
}

static bool generate(AudioMaker *m, const OutPage *page, PageAudio *out)
{
    char *lang = page_language(m, page);
    const char *voice = voice_for_language(lang);
    char *why = NULL;
    if (!voice) {
        why = xasprintf("sayso has no espeak-ng voice for the language '%s'", lang);
        voice_missing(m, lang, why);
        free(why);
        free(lang);
        return false;
    }
    int rate = voice_rate_for(page->format == FORMAT_EASY_READ);
    Speech speech;
    speech_from_page(page->doc, &speech);
    char *settings = ogg_opus_settings_id(&ogg_opus_speech);
    char *voice_id = xasprintf("%s %d %s", voice, rate, settings);
    uint64_t key = hash_str(hash_str(0, voice_id), speech.ssml);
    free(voice_id);
    free(settings);
    char *cached = cache_file(m, key);
    size_t len = 0;
    char *data = cached && m->reuse ? read_file(cached, &len) : NULL;
    bool ok = false;
    if (data && ogg_opus_seconds((unsigned char *)data, len) >= 0) {
        utimensat(AT_FDCWD, cached, NULL, 0);    /* still in use (prune_unused) */
        sb_append_len(&out->data, data, len);
        atomic_fetch_add(&m->reused, 1);
        ok = true;
    } else {
        Pcm pcm;
        if (!voice_speak(speech.ssml, voice, rate, &pcm, &why)) {
            voice_missing(m, lang, why);
        } else if (ogg_opus_encode(&pcm, &ogg_opus_speech, page->title, &out->data)) {
            if (cached)
                keep_in_cache(cached, &out->data);
            atomic_fetch_add(&m->made, 1);
            ok = true;
        } else {
            diag_error(page->source_path, 0, "the audio of %s could not be encoded", page->path);
        }
        pcm_free(&pcm);
        free(why);
    }
    free(data);
    free(cached);
    speech_free(&speech);
    free(lang);
    if (!ok) {
        sb_free(&out->data);
        return false;
    }
    char *dir = path_dirname(page->path);
    out->publish_path = xasprintf("%s/listen.ogg", dir);
    free(dir);
    out->href = xstrdup("listen.ogg");
    out->type = "Ogg Opus";
    out->seconds = ogg_opus_seconds((unsigned char *)out->data.data, out->data.len);
    out->bytes = (long long)out->data.len;
    return true;
}

static bool wants_audio(const OutPage *page)
{
    return page->kind == PAGE_CONSULTATION || page->kind == PAGE_FEEDBACK || page->kind == PAGE_SITE;
}

bool audio_for_page(AudioMaker *m, const OutPage *page, PageAudio *out)
{
    memset(out, 0, sizeof *out);
    sb_init(&out->data);
    if (!wants_audio(page))
        return false;
    if (find_recording(page, out))
        return true;
    return m && m->site->audio != AUDIO_OFF && generate(m, page, out);
}
