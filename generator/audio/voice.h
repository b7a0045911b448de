/* voice.h: speaking text with espeak-ng, into 16-bit mono samples.
 *
 * espeak-ng keeps one global synthesiser and is not thread-safe, so every
 * call here takes one process-wide lock.  Speaking is cheap (a 440-word
 * page in about 0.15 s); encoding what it said is the cost, and that is
 * done outside the lock (ogg_opus.h), so the build's workers still encode
 * in parallel.
 */
#ifndef SAYSO_VOICE_H
#define SAYSO_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Pcm {
    int16_t *samples;
    size_t count, cap;
    int rate;                 /* samples per second: espeak-ng speaks at 22050 */
} Pcm;

void pcm_free(Pcm *pcm);

/* The espeak-ng voice for a page language: "en-gb" for en-GB (and any
 * English), otherwise the language's own code ("cy" for cy-GB, "ur" for
 * ur-PK) when espeak-ng has a voice whose language it is; NULL when it has
 * none, or its speech data cannot be loaded. */
const char *voice_for_language(const char *lang);

/* Words per minute: easy read is spoken more slowly than plain English. */
int voice_rate_for(bool easy_read);

/* Speaks ssml (espeak-ng's SSML subset, UTF-8) in voice at rate words per
 * minute.  On failure returns false and sets *why to a sentence saying
 * what is missing and which Debian package provides it (caller frees). */
bool voice_speak(const char *ssml, const char *voice, int rate, Pcm *out, char **why);

/* True when espeak-ng and voice can be loaded; *why as above. */
bool voice_available(const char *voice, char **why);

#endif
