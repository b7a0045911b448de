/* media.h: recognising the audio, video and caption files a pack holds.
 *
 * An author's recording is published as it is, so a file with the wrong
 * contents (a Word document saved as audio.mp3, an empty bsl.mp4) would
 * reach residents as a player that never plays.  Files are known by their
 * first bytes, not their names.
 */
#ifndef SAYSO_MEDIA_H
#define SAYSO_MEDIA_H

#include "site.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { MEDIA_NONE, MEDIA_OGG, MEDIA_MP3, MEDIA_MP4, MEDIA_VTT } MediaKind;

/* The kind a file's name says it should be: MEDIA_NONE for other files. */
MediaKind media_kind_by_name(const char *name);

/* The kind its first bytes show; MEDIA_NONE when they match none. */
MediaKind media_sniff(const unsigned char *data, size_t len);

/* "Ogg", "MP3", "MP4 video", "WebVTT captions". */
const char *media_kind_name(MediaKind k);

/* Length in seconds of an Ogg (Opus or Vorbis) or MP3 file; -1 when it
 * cannot be told.  MP3 is estimated from its first frame's bit rate. */
double media_seconds(const unsigned char *data, size_t len);

/* Checks every audio, video and caption file of a pack: empty or of the
 * wrong kind is an error at consultations/SLUG/FILE.  A BSL video without
 * captions is a warning.  Returns false after reporting errors. */
bool media_check_pack(const PackMeta *meta, const StrList *files);

#endif
