/* ogg_opus.c: encoding speech with libopusenc (ogg_opus.h says why these settings). */
#include "ogg_opus.h"

#include <opus/opusenc.h>
#include <stdio.h>
#include <string.h>

const OpusSettings ogg_opus_speech = {.bitrate = 24000, .complexity = 3, .wideband_only = true};

char *ogg_opus_settings_id(const OpusSettings *s)
{
    return xasprintf("opus %d c%d %s", s->bitrate, s->complexity, s->wideband_only ? "wb" : "fb");
}

static int write_bytes(void *data, const unsigned char *ptr, opus_int32 len)
{
    sb_append_len(data, (const char *)ptr, (size_t)len);
    return 0;
}

static int close_nothing(void *data)
{
    (void)data;
    return 0;
}

bool ogg_opus_encode(const Pcm *pcm, const OpusSettings *s, const char *title, StrBuf *out)
{
    OpusEncCallbacks callbacks = {write_bytes, close_nothing};
    OggOpusComments *tags = ope_comments_create();
    if (!tags)
        return false;
    if (title)
        ope_comments_add(tags, "TITLE", title);
    ope_comments_add_string(tags, OGG_OPUS_COMPUTER_VOICE " (espeak-ng)");
    int error = 0;
    OggOpusEnc *enc = ope_encoder_create_callbacks(&callbacks, out, tags, pcm->rate, 1, 0, &error);
    ope_comments_destroy(tags);
    if (!enc)
        return false;
    bool ok = ope_encoder_ctl(enc, OPUS_SET_BITRATE(s->bitrate)) == OPE_OK &&
              ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(s->complexity)) == OPE_OK &&
              ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) == OPE_OK &&
              ope_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(s->wideband_only ? OPUS_BANDWIDTH_WIDEBAND
                                                                           : OPUS_BANDWIDTH_FULLBAND)) == OPE_OK;
    /* Fixed serial number: the same words make the same bytes, so a
     * rebuild publishes an unchanged file. */
    ok = ok && ope_encoder_ctl(enc, OPE_SET_SERIALNO(0x5a750000)) == OPE_OK;
    for (size_t at = 0; ok && at < pcm->count;) {
        size_t n = pcm->count - at;
        if (n > 1 << 16)
            n = 1 << 16;
        ok = ope_encoder_write(enc, pcm->samples + at, (int)n) == OPE_OK;
        at += n;
    }
    ok = ok && ope_encoder_drain(enc) == OPE_OK;
    ope_encoder_destroy(enc);
    return ok;
}

bool ogg_opus_computer_voice(const unsigned char *data, size_t len)
{
    /* The tags are the second packet, within the first pages. */
    size_t n = len < 8192 ? len : 8192;
    return memmem(data, n, OGG_OPUS_COMPUTER_VOICE, strlen(OGG_OPUS_COMPUTER_VOICE)) != NULL;
}

static uint64_t read_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

double ogg_opus_seconds(const unsigned char *data, size_t len)
{
    /* The first page holds only the OpusHead packet: 27 header bytes, the
     * segment table, then "OpusHead", version, channels, pre-skip. */
    if (len < 47 || memcmp(data, "OggS", 4) != 0)
        return -1;
    size_t head = 27 + data[26];
    if (head + 19 > len || memcmp(data + head, "OpusHead", 8) != 0)
        return -1;
    unsigned pre_skip = data[head + 10] | (unsigned)data[head + 11] << 8;
    /* The last page: search back for its capture pattern. */
    for (size_t i = len - 27 + 1; i-- > 0;) {
        if (memcmp(data + i, "OggS", 4) != 0 || data[i + 4] != 0)
            continue;
        uint64_t granule = read_le64(data + i + 6);
        if (granule == UINT64_MAX)
            continue;
        return granule > pre_skip ? (double)(granule - pre_skip) / 48000.0 : 0;
    }
    return -1;
}
