/* ogg_opus.h: speech samples to an Ogg Opus file in memory, and the
 * length of an Ogg Opus file.
 *
 * Settings are chosen for one synthetic voice, measured on a 440-word page
 * (README, "Audio"): mono, 24 kbit/s, OPUS_SIGNAL_VOICE, at most wideband
 * (espeak-ng's voice has little above 8 kHz, and a wideband limit keeps
 * Opus in its SILK speech mode, several times cheaper than CELT), and
 * complexity 3, where the cost stops falling much and the sound is
 * unchanged to the ear.  espeak-ng's 22050 Hz is given to libopusenc as
 * it is: its resampler costs less than a pass of our own would.
 */
#ifndef SAYSO_OGG_OPUS_H
#define SAYSO_OGG_OPUS_H

#include "voice.h"
#include "util.h"

#include <stdbool.h>

typedef struct OpusSettings {
    int bitrate;              /* bits per second */
    int complexity;           /* 0-10 */
    bool wideband_only;
} OpusSettings;

extern const OpusSettings ogg_opus_speech;    /* what the build uses */

/* "opus 24000 c3 wb": part of the audio cache key. */
char *ogg_opus_settings_id(const OpusSettings *s);

/* Encodes pcm into out (bytes of a whole .ogg file).  title goes in the
 * file's tags.  Returns false when libopusenc refuses. */
bool ogg_opus_encode(const Pcm *pcm, const OpusSettings *s, const char *title, StrBuf *out);

/* The tag sayso puts in the files it speaks, so a generated file that an
 * author keeps in a pack is still called a computer voice. */
#define OGG_OPUS_COMPUTER_VOICE "COMMENT=Read by a computer voice"

/* True when an Ogg file's tags say a computer voice reads it. */
bool ogg_opus_computer_voice(const unsigned char *data, size_t len);

/* Length in seconds of an Ogg Opus file: its last page's granule
 * position, less the pre-skip in its OpusHead.  -1 when data is not an
 * Ogg Opus file. */
double ogg_opus_seconds(const unsigned char *data, size_t len);

#endif
