/* media.c: audio, video and caption files by their first bytes (media.h). */
#include "media.h"
#include "diag.h"
#include "ogg_opus.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

MediaKind media_kind_by_name(const char *name)
{
    const char *ext = path_extension(name);
    if (!strcasecmp(ext, ".ogg") || !strcasecmp(ext, ".opus") || !strcasecmp(ext, ".oga"))
        return MEDIA_OGG;
    if (!strcasecmp(ext, ".mp3"))
        return MEDIA_MP3;
    if (!strcasecmp(ext, ".mp4") || !strcasecmp(ext, ".m4v"))
        return MEDIA_MP4;
    if (!strcasecmp(ext, ".vtt"))
        return MEDIA_VTT;
    return MEDIA_NONE;
}

/* An MPEG audio frame header: 11 sync bits, a layer, a bit rate index
 * that is not "free" or "bad". */
static bool mp3_frame_at(const unsigned char *p, size_t left)
{
    return left >= 4 && p[0] == 0xFF && (p[1] & 0xE0) == 0xE0 && (p[1] & 0x06) != 0 &&
           (p[2] & 0xF0) != 0xF0 && (p[2] & 0xF0) != 0 && (p[2] & 0x0C) != 0x0C;
}

/* Skips an ID3v2 tag: 10 bytes and a 28-bit "syncsafe" size. */
static size_t id3_size(const unsigned char *data, size_t len)
{
    if (len < 10 || memcmp(data, "ID3", 3) != 0)
        return 0;
    return 10 + ((size_t)(data[6] & 0x7F) << 21 | (size_t)(data[7] & 0x7F) << 14 |
                 (size_t)(data[8] & 0x7F) << 7 | (size_t)(data[9] & 0x7F));
}

MediaKind media_sniff(const unsigned char *data, size_t len)
{
    if (len >= 4 && !memcmp(data, "OggS", 4))
        return MEDIA_OGG;
    if (len >= 12 && !memcmp(data + 4, "ftyp", 4))
        return MEDIA_MP4;
    size_t id3 = id3_size(data, len);
    if (id3 && id3 < len)
        return MEDIA_MP3;   /* a tag, then frames: trust the tag once it fits */
    if (mp3_frame_at(data, len))
        return MEDIA_MP3;
    const unsigned char *p = data;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        len -= 3;
    }
    if (len >= 6 && !memcmp(p, "WEBVTT", 6) && (len == 6 || p[6] == ' ' || p[6] == '\t' || p[6] == '\n' ||
                                                p[6] == '\r'))
        return MEDIA_VTT;
    return MEDIA_NONE;
}

const char *media_kind_name(MediaKind k)
{
    switch (k) {
    case MEDIA_OGG: return "Ogg";
    case MEDIA_MP3: return "MP3";
    case MEDIA_MP4: return "MP4 video";
    case MEDIA_VTT: return "WebVTT captions";
    case MEDIA_NONE: break;
    }
    return "unknown";
}

static double vorbis_seconds(const unsigned char *data, size_t len)
{
    size_t head = 27 + data[26];
    if (head + 16 > len || memcmp(data + head, "\x01vorbis", 7) != 0)
        return -1;
    const unsigned char *r = data + head + 12;
    unsigned rate = r[0] | (unsigned)r[1] << 8 | (unsigned)r[2] << 16 | (unsigned)r[3] << 24;
    if (!rate)
        return -1;
    for (size_t i = len - 27 + 1; i-- > 0;) {
        if (memcmp(data + i, "OggS", 4) != 0)
            continue;
        uint64_t g = 0;
        for (int b = 7; b >= 0; b--)
            g = (g << 8) | data[i + 6 + b];
        if (g != UINT64_MAX)
            return (double)g / rate;
    }
    return -1;
}

static double mp3_seconds(const unsigned char *data, size_t len)
{
    static const int kbps_v1_l3[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
    static const int kbps_v2_l3[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
    size_t at = id3_size(data, len);
    while (at + 4 <= len && !mp3_frame_at(data + at, len - at))
        at++;
    if (at + 4 > len)
        return -1;
    bool v1 = (data[at + 1] & 0x18) == 0x18;
    int kbps = (v1 ? kbps_v1_l3 : kbps_v2_l3)[data[at + 2] >> 4];
    return kbps ? (double)(len - at) * 8 / (kbps * 1000.0) : -1;
}

double media_seconds(const unsigned char *data, size_t len)
{
    switch (media_sniff(data, len)) {
    case MEDIA_OGG: {
        double s = ogg_opus_seconds(data, len);
        return s >= 0 ? s : len > 27 ? vorbis_seconds(data, len) : -1;
    }
    case MEDIA_MP3:
        return mp3_seconds(data, len);
    default:
        return -1;
    }
}

/* Only the first bytes are read: videos can be hundreds of megabytes. */
static size_t read_start(const char *path, unsigned char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    return n;
}

bool media_check_pack(const PackMeta *meta, const StrList *files)
{
    bool ok = true;
    for (size_t i = 0; i < files->count; i++) {
        const char *name = files->items[i];
        MediaKind want = media_kind_by_name(name);
        if (want == MEDIA_NONE)
            continue;
        char *path = path_join(meta->dir, name);
        char *shown = xasprintf("consultations/%s/%s", meta->slug, name);
        unsigned char start[64];
        size_t n = read_start(path, start, sizeof start);
        MediaKind found = n ? media_sniff(start, n) : MEDIA_NONE;
        if (n == 0) {
            diag_error(shown, 0, "this %s file is empty: add the recording, or remove the file",
                       media_kind_name(want));
            ok = false;
        } else if (found != want) {
            diag_error(shown, 0, "this is named as %s but its contents are %s: export it again as %s, "
                       "or give it the right name", media_kind_name(want),
                       found == MEDIA_NONE ? "not audio, video or captions" : media_kind_name(found),
                       media_kind_name(want));
            ok = false;
        }
        free(shown);
        free(path);
    }
    if (sl_contains(files, "bsl.mp4") && !sl_contains(files, "bsl.vtt")) {
        char *shown = xasprintf("consultations/%s/bsl.mp4", meta->slug);
        diag_warning(shown, 0, "this British Sign Language video has no captions: add bsl.vtt beside it, so "
                     "people who do not sign can follow it too");
        free(shown);
    }
    return ok;
}
