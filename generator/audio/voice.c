/* voice.c: espeak-ng behind one lock (voice.h says why). */
#include "voice.h"
#include "util.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_mutex_t voice_lock = PTHREAD_MUTEX_INITIALIZER;
static int voice_state;       /* 0 not tried, 1 ready, -1 failed: data missing */
static int voice_rate_hz;

void pcm_free(Pcm *pcm)
{
    free(pcm->samples);
    memset(pcm, 0, sizeof *pcm);
}

/* Called with the lock held. */
static bool ensure_started(char **why);

/* Languages espeak-ng was asked about, with its answer: the build asks once
 * per page, and the list of voices is read from disk.  Each tag is its own
 * allocation, so what voice_for_language returned stays valid as the list
 * grows. */
typedef struct VoiceLanguage {
    char *tag;
    bool has_voice;
} VoiceLanguage;
static VoiceLanguage *voice_languages;
static size_t voice_language_count, voice_language_cap;

/* Whether espeak-ng has a voice whose own language is tag.  Called with
 * the lock held and espeak-ng started.  Only a voice that names the
 * language as its own: espeak-ng's list also offers near matches, which
 * would read the words with another language's sounds. */
static bool espeak_speaks(const char *tag)
{
    espeak_VOICE wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.languages = tag;
    const espeak_VOICE **voices = espeak_ListVoices(&wanted);
    for (size_t i = 0; voices && voices[i]; i++)
        for (const char *l = voices[i]->languages; l && *l; l += strlen(l + 1) + 2)   /* (priority, name) pairs */
            if (!strcmp(l + 1, tag))
                return true;
    return false;
}

const char *voice_for_language(const char *lang)
{
    if (!lang || !*lang)
        return "en-gb";
    /* The primary language subtag: "cy" of cy-GB, "ur" of ur-PK. */
    char tag[4];
    size_t n = 0;
    while (lang[n] && lang[n] != '-' && lang[n] != '_' && n < 4) {
        char c = lang[n];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            return NULL;
        tag[n++] = c;
    }
    if (n < 2 || n > 3 || (lang[n] && lang[n] != '-' && lang[n] != '_'))
        return NULL;
    tag[n] = '\0';
    if (!strcmp(tag, "en"))
        return "en-gb";          /* the British voice, for any English */
    pthread_mutex_lock(&voice_lock);
    const VoiceLanguage *found = NULL;
    for (size_t i = 0; i < voice_language_count && !found; i++)
        if (!strcmp(voice_languages[i].tag, tag))
            found = &voice_languages[i];
    if (!found) {
        /* Without speech data every language is taken to have a voice, so
         * speaking it says what to install rather than "no voice". */
        bool has = !ensure_started(NULL) || espeak_speaks(tag);
        GROW(voice_languages, voice_language_count, voice_language_cap);
        voice_languages[voice_language_count] = (VoiceLanguage){xstrdup(tag), has};
        found = &voice_languages[voice_language_count++];
    }
    const char *voice = found->has_voice ? found->tag : NULL;
    pthread_mutex_unlock(&voice_lock);
    return voice;
}

/* espeak-ng's default is 175; people new to a subject, or to reading,
 * follow a slower voice more easily. */
int voice_rate_for(bool easy_read)
{
    return easy_read ? 140 : 165;
}

static int take_samples(short *wav, int count, espeak_EVENT *events)
{
    Pcm *out = events ? events->user_data : NULL;
    if (!out || !wav || count <= 0)
        return 0;
    GROW_TO(out->samples, out->count + (size_t)count, out->cap);
    memcpy(out->samples + out->count, wav, (size_t)count * sizeof *wav);
    out->count += (size_t)count;
    return 0;
}

static void free_espeak(void)
{
    espeak_Terminate();
}

/* Called with the lock held. */
static bool ensure_started(char **why)
{
    if (voice_state == 0) {
        espeak_ng_InitializePath(NULL);
        espeak_ng_ERROR_CONTEXT context = NULL;
        espeak_ng_STATUS status = espeak_ng_Initialize(&context);
        if (context)
            espeak_ng_ClearErrorContext(&context);
        if (status == ENS_OK)
            status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
        if (status == ENS_OK) {
            voice_rate_hz = espeak_ng_GetSampleRate();
            espeak_SetSynthCallback(take_samples);
            atexit(free_espeak);
            voice_state = 1;
        } else {
            voice_state = -1;
        }
    }
    if (voice_state < 0 && why)
        *why = xstrdup("espeak-ng could not load its speech data: install the Debian package "
                       "espeak-ng-data (apt-get install espeak-ng-data)");
    return voice_state > 0;
}

static bool choose_voice(const char *voice, char **why)
{
    /* By language, not by file name: data packages have moved voice files
     * between folders, but the language a voice speaks stays put. */
    espeak_VOICE wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.languages = voice;
    if (espeak_SetVoiceByProperties(&wanted) == EE_OK)
        return true;
    if (why)
        *why = xasprintf("espeak-ng has no '%s' voice: install the Debian package espeak-ng-data "
                         "(apt-get install espeak-ng-data)", voice);
    return false;
}

bool voice_available(const char *voice, char **why)
{
    pthread_mutex_lock(&voice_lock);
    bool ok = ensure_started(why) && choose_voice(voice, why);
    pthread_mutex_unlock(&voice_lock);
    return ok;
}

bool voice_speak(const char *ssml, const char *voice, int rate, Pcm *out, char **why)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&voice_lock);
    bool ok = ensure_started(why) && choose_voice(voice, why);
    if (ok) {
        out->rate = voice_rate_hz;
        espeak_SetParameter(espeakRATE, rate, 0);
        espeak_ERROR e = espeak_Synth(ssml, strlen(ssml) + 1, 0, POS_CHARACTER, 0,
                                      espeakCHARS_UTF8 | espeakSSML, NULL, out);
        if (e != EE_OK) {
            ok = false;
            if (why)
                *why = xstrdup("espeak-ng could not speak this page");
        }
    }
    pthread_mutex_unlock(&voice_lock);
    if (!ok)
        pcm_free(out);
    return ok;
}
