/* test_audio.c: listening and watching.
 *
 * What a listener hears of a page (speech.h), which files are audio and
 * video by their bytes (media.h), the Ogg Opus files sayso makes, and
 * `sayso build` with `audio: generate`, a pack's own recording and a
 * British Sign Language video.  Generated audio costs about a second of
 * CPU per three minutes of speech, so the sites here are a few lines.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "dom.h"
#include "media.h"
#include "ogg_opus.h"
#include "speech.h"
#include "util.h"
#include "voice.h"

#include <opus/opusenc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- reading an Ogg Opus file, independently of ogg_opus.c ---- */

/* Seconds of audio in an Ogg Opus file: OpusHead in the first page, the
 * granule position (48 kHz samples) of the last page, less the pre-skip.
 * Fails the test when the file is not Ogg Opus. */
static double opus_file_seconds(const unsigned char *d, size_t len)
{
    assert_true(len > 64);
    assert_memory_equal(d, "OggS", 4);
    size_t seg = 27 + d[26];
    assert_memory_equal(d + seg, "OpusHead", 8);
    assert_int_equal(d[seg + 9], 1);                      /* mono */
    unsigned pre_skip = d[seg + 10] | (unsigned)d[seg + 11] << 8;
    size_t last = 0;
    for (size_t i = 0; i + 27 <= len; i++)
        if (!memcmp(d + i, "OggS", 4))
            last = i;
    assert_true(d[last + 5] & 4);                         /* end of stream */
    unsigned long long g = 0;
    for (int b = 7; b >= 0; b--)
        g = g << 8 | d[last + 6 + b];
    return (double)(g - pre_skip) / 48000.0;
}

/* A spoken page lasts about as long as its words take at 140-165 words a
 * minute, with pauses for headings and lists: between half and twice that. */
static void assert_length_fits(double seconds, size_t words)
{
    double expected = (double)words / 165.0 * 60.0;
    assert_true(seconds > expected * 0.5);
    assert_true(seconds < expected * 2.0 + 2.0);
}

/* ---- speech ---- */

static char *speech_of(const char *html)
{
    xmlDocPtr doc = dom_parse_document(html, strlen(html), NULL);
    Speech s;
    speech_from_page(doc, &s);
    xmlFreeDoc(doc);
    return s.ssml;
}

static void test_speech_reads_main_for_the_ear(void **state)
{
    (void)state;
    char *ssml = speech_of(
        "<html lang=en-GB><body><nav>Skip this</nav><main>"
        "<h1>New park</h1>"
        "<nav class=contents><ol><li><a href='#a'>Contents item</a></li></ol></nav>"
        "<p>Read the <a href='https://example.org/plan.pdf'>plan</a> by 2026-12-04</p>"
        "<ul><li>swings</li><li>a pond & ducks</li></ul>"
        "<p>Call <a href='tel:01632960000'>01632 960 000</a> or email "
        "<a href='mailto:ask@testbury.example'>ask@testbury.example</a>.</p>"
        "<script>alert(1)</script>"
        "</main><footer>Not this</footer></body></html>");
    /* The heading after a pause, a little slower, then a pause. */
    assert_non_null(strstr(ssml, "<break time=\"500ms\"/> <prosody rate=\"90%\">New park.</prosody> "
                                 "<break time=\"700ms\"/>"));
    /* Link words, never the address; an ISO date as people say it. */
    assert_non_null(strstr(ssml, "Read the plan by Friday the 4th of December 2026."));
    assert_null(strstr(ssml, "example.org"));
    /* A list: how many, then each item as a sentence; text escaped for SSML. */
    assert_non_null(strstr(ssml, "A list of 2 things."));
    assert_non_null(strstr(ssml, "swings. <break time=\"400ms\"/>"));
    assert_non_null(strstr(ssml, "a pond &amp; ducks."));
    /* A phone number digit by digit, an email address with "at" and "dot". */
    assert_non_null(strstr(ssml, "0 1 6 3 2 , 9 6 0 , 0 0 0"));
    assert_non_null(strstr(ssml, "ask at testbury dot example"));
    /* Only <main>, without its contents list or scripts. */
    assert_null(strstr(ssml, "Skip this"));
    assert_null(strstr(ssml, "Not this"));
    assert_null(strstr(ssml, "Contents item"));
    assert_null(strstr(ssml, "alert"));
    free(ssml);
}

static void test_easy_read_picture_comes_before_its_sentence(void **state)
{
    (void)state;
    char *ssml = speech_of(
        "<html><body><main><h1>A new park</h1>"
        "<div class=easy-row><div class=easy-picture><img src=p.svg alt='A park'></div>"
        "<div class=easy-words><p>We want a new park</p></div></div>"
        "<p><img src=x.png alt='The site from above'> The land is empty.</p>"
        "</main></body></html>");
    const char *pic = strstr(ssml, "A park.");
    const char *words = strstr(ssml, "We want a new park.");
    assert_non_null(pic);
    assert_non_null(words);
    assert_true(pic < words);
    /* A picture that is not an easy-read picture is announced as one. */
    assert_non_null(strstr(ssml, "Picture: The site from above."));
    free(ssml);
}

static void test_other_languages_get_no_english_words(void **state)
{
    (void)state;
    char *ssml = speech_of("<html lang=cy><body><main><h1>Parc newydd</h1>"
                           "<ul><li>siglenni</li><li>pwll</li></ul><p>Erbyn 2026-12-04</p>"
                           "<p><img src=x.png alt='Y safle'></p></main></body></html>");
    assert_null(strstr(ssml, "A list of"));
    assert_null(strstr(ssml, "Picture"));
    assert_null(strstr(ssml, "December"));
    assert_non_null(strstr(ssml, "siglenni. <break time=\"400ms\"/>"));
    assert_non_null(strstr(ssml, "Y safle."));
    free(ssml);
    Pcm pcm;
    char *why = NULL;
    assert_true(voice_speak("<speak>Parc newydd</speak>", voice_for_language("cy"), 165, &pcm, &why));
    assert_true(pcm.count > 22050 / 4);
    pcm_free(&pcm);
}

/* ---- media files by their bytes ---- */

static void test_media_known_by_first_bytes(void **state)
{
    (void)state;
    assert_int_equal(media_sniff((const unsigned char *)"OggS\0\2", 6), MEDIA_OGG);
    assert_int_equal(media_sniff((const unsigned char *)"ID3\4\0\0\0\0\0\0x", 11), MEDIA_MP3);
    assert_int_equal(media_sniff((const unsigned char *)"\xFF\xFB\x90\x64", 4), MEDIA_MP3);
    assert_int_equal(media_sniff((const unsigned char *)"\0\0\0\x18" "ftypmp42", 12), MEDIA_MP4);
    assert_int_equal(media_sniff((const unsigned char *)"WEBVTT\n\n00:00.000", 17), MEDIA_VTT);
    assert_int_equal(media_sniff((const unsigned char *)"\xEF\xBB\xBFWEBVTT\n", 10), MEDIA_VTT);
    assert_int_equal(media_sniff((const unsigned char *)"PK\3\4 a Word file", 16), MEDIA_NONE);
    assert_int_equal(media_sniff((const unsigned char *)"WEBVTTX", 7), MEDIA_NONE);
    assert_int_equal(media_kind_by_name("audio.easy-read.OGG"), MEDIA_OGG);
    assert_int_equal(media_kind_by_name("bsl.mp4"), MEDIA_MP4);
    assert_int_equal(media_kind_by_name("plan.pdf"), MEDIA_NONE);
}

/* ---- the encoder ---- */

static void test_spoken_words_make_ogg_opus_of_the_right_length(void **state)
{
    (void)state;
    const char *text = "<speak>We want to make a new park in Northside. Tell us what you think by "
                       "the 20th of December.</speak>";
    Pcm pcm;
    char *why = NULL;
    assert_true(voice_speak(text, voice_for_language("en-GB"), voice_rate_for(false), &pcm, &why));
    assert_int_equal(pcm.rate, 22050);
    StrBuf ogg;
    sb_init(&ogg);
    assert_true(ogg_opus_encode(&pcm, &ogg_opus_speech, "A new park", &ogg));
    double seconds = opus_file_seconds((const unsigned char *)ogg.data, ogg.len);
    /* Opus keeps every sample: the file is as long as what was spoken. */
    assert_true(seconds > (double)pcm.count / pcm.rate - 0.03);
    assert_true(seconds < (double)pcm.count / pcm.rate + 0.03);
    assert_length_fits(seconds, 19);
    assert_true(ogg_opus_seconds((const unsigned char *)ogg.data, ogg.len) == seconds);
    /* About 24 kbit/s: speech, not music. */
    assert_true((double)ogg.len * 8 / seconds < 40000);
    /* The same words make the same bytes, so a rebuild changes nothing. */
    StrBuf again;
    sb_init(&again);
    assert_true(ogg_opus_encode(&pcm, &ogg_opus_speech, "A new park", &again));
    assert_int_equal(again.len, ogg.len);
    assert_memory_equal(again.data, ogg.data, ogg.len);
    sb_free(&again);
    sb_free(&ogg);
    pcm_free(&pcm);
}

static void test_voices_by_language(void **state)
{
    (void)state;
    assert_string_equal(voice_for_language("en-GB"), "en-gb");
    assert_string_equal(voice_for_language("cy"), "cy");
    assert_string_equal(voice_for_language("cy-GB"), "cy");
    /* Any language espeak-ng has a voice of its own for. */
    assert_string_equal(voice_for_language("ur"), "ur");
    assert_string_equal(voice_for_language("UR-pk"), "ur");
    assert_string_equal(voice_for_language("pl"), "pl");
    assert_null(voice_for_language("cym"));
    assert_null(voice_for_language("xx"));
    assert_null(voice_for_language("c"));
    assert_null(voice_for_language("ur!"));
    char *why = NULL;
    assert_true(voice_available("cy", &why));
    assert_null(why);
}

/* ---- `sayso build` ---- */

/* Runs sayso with args in the test folder, env first (if any). */
static int run_env(const char *env, const char *args, char **output)
{
    return sayso_run_in(".", env, 0, args, output);
}

static int run(const char *args, char **output)
{
    return run_env(NULL, args, output);
}

/* Builds site/ into the folder dir; the test fails, showing what sayso
 * said, where the build does. */
static void build_into(const char *dir)
{
    char *out;
    char *args = xasprintf("build site -o %s --now 2026-11-20", dir);
    int rc = run(args, &out);
    free(args);
    if (rc != 0)
        fprintf(stderr, "%s", out);
    assert_int_equal(rc, 0);
    free(out);
}

static const char pack_index[] =
    NEW_PARK_FRONT NEW_PARK_WHY "We want to hear from you.\n";

static const char pack_easy[] = "# A new park\n\n![A park](picture:park) We want to make a new park.\n";

static void put_site(const char *audio_line)
{
    char *yml = xasprintf("title: Have your say in Testbury\norganisation: Testbury Council\n"
                          "contact:\n  email: ask@testbury.example\n%s", audio_line);
    put("site/site.yml", yml);
    free(yml);
    put("site/consultations/new-park/index.md", pack_index);
    put("site/consultations/new-park/easy-read.md", pack_easy);
    put("site/pages/about.md", "---\ntitle: About\n---\n\nThis site is for testing.\n");
}

static int setup(void **state)
{
    (void)state;
    return tmp_root_make("audio") ? 0 : -1;
}

/* The page's listening file: valid Ogg Opus, as long as its words take. */
static void assert_page_audio(const char *page_dir)
{
    char *html_rel = xasprintf("public/%sindex.html", page_dir);
    char *ogg_rel = xasprintf("public/%slisten.ogg", page_dir);
    size_t html_len = 0, ogg_len = 0;
    char *html = slurp_bytes(html_rel, &html_len);
    char *ogg = slurp_bytes(ogg_rel, &ogg_len);
    assert_non_null(html);
    assert_non_null(ogg);
    assert_non_null(strstr(html, "<audio controls preload=\"none\"><source src=\"listen.ogg\" "
                                 "type=\"audio/ogg; codecs=opus\">"));
    assert_non_null(strstr(html, "computer voice"));
    assert_non_null(strstr(html, "<a href=\"listen.ogg\" download>Download the recording") ? html : strstr(html, "<a href=\"listen.ogg\" download>Save the recording"));
    char *size = xasprintf("(Ogg Opus, %zu <abbr title=\"kilobytes\">KB</abbr>)", (ogg_len + 1023) / 1024);
    assert_non_null(strstr(html, size));
    free(size);
    /* Its words, as the listener hears them (the player itself is not read). */
    xmlDocPtr doc = dom_parse_document(html, html_len, NULL);
    Speech s;
    speech_from_page(doc, &s);
    assert_null(strstr(s.ssml, "Download the recording"));
    assert_length_fits(opus_file_seconds((const unsigned char *)ogg, ogg_len), s.words);
    speech_free(&s);
    xmlFreeDoc(doc);
    free(ogg);
    free(html);
    free(ogg_rel);
    free(html_rel);
}

static void test_generated_audio_on_every_format_page(void **state)
{
    (void)state;
    put_site("audio: generate\n");
    build_into("public");
    assert_page_audio("consultations/new-park/");
    assert_page_audio("consultations/new-park/easy-read/");
    assert_page_audio("consultations/new-park/large-print/");
    assert_page_audio("pages/about/");
    /* Easy read: the picture and easy words; not the hub or comment card. */
    char *easy = slurp("public/consultations/new-park/easy-read/index.html");
    assert_non_null(strstr(easy, "pictures/listen.svg"));
    assert_non_null(strstr(easy, "A computer voice reads it."));
    free(easy);
    assert_false(exists("public/listen.ogg"));
    assert_false(exists("public/consultations/new-park/comment-card/listen.ogg"));
}

static void test_rebuild_remakes_only_the_changed_page_audio(void **state)
{
    (void)state;
    put_site("audio: generate\n");
    put("site/consultations/old-pier/index.md",
        "---\ntitle: Mending the old pier\nsummary: The pier needs mending. Tell us what you think.\n"
        "opens: 2026-11-01\ncloses: 2026-12-20\n---\n\nWe want to mend the pier.\n");
    put("site/consultations/old-pier/easy-read.md", "# The pier\n\nWe want to mend the pier.\n");
    char *out;
    assert_int_equal(run("build site -o public --now 2026-11-20 --verbose", &out), 0);
    /* Six consultation pages and the about page in plain English and
     * large print: large print has plain English's words, so each large
     * print is taken from the cache. */
    assert_non_null(strstr(out, "sayso: 5 audio files spoken, 3 taken from the build cache"));
    free(out);
    size_t before_len;
    char *pier_before = slurp_bytes("public/consultations/old-pier/listen.ogg", &before_len);
    put("site/consultations/new-park/index.md",
        NEW_PARK_FRONT "---\n\nWe want to hear from you about the new park.\n");
    assert_int_equal(run("build site -o public --now 2026-11-20 --verbose", &out), 0);
    /* Only the edited plain English (and its large print, the same words)
     * is spoken again; its easy read is unchanged. */
    assert_non_null(strstr(out, "sayso: 1 audio files spoken, 2 taken from the build cache"));
    free(out);
    size_t after_len;
    char *pier_after = slurp_bytes("public/consultations/old-pier/listen.ogg", &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(pier_before, pier_after, before_len);
    free(pier_before);
    free(pier_after);
    assert_page_audio("consultations/new-park/");
    /* Files no build has used for a month go; the ones in use stay. */
    char *cache = path_join(tmp_root, ".sayso-cache/public/audio");
    StrList kept = {0};
    assert_true(list_dir(cache, &kept));
    assert_int_equal(kept.count, 6);     /* five spoken, and the edited page */
    char *stale = path_join(cache, "0123456789abcdef.ogg");
    assert_true(write_file(stale, "OggS", 4));
    time_t month_ago = time(NULL) - 40 * 24 * 3600;
    struct timespec old[2] = {{.tv_sec = month_ago}, {.tv_sec = month_ago}};
    assert_int_equal(utimensat(AT_FDCWD, stale, old, 0), 0);
    put("site/consultations/old-pier/index.md",
        "---\ntitle: Mending the old pier\nsummary: The pier needs mending. Tell us what you think.\n"
        "opens: 2026-11-01\ncloses: 2026-12-20\n---\n\nWe want to mend the pier soon.\n");
    build_into("public");
    assert_false(file_exists(stale));
    StrList after = {0};
    assert_true(list_dir(cache, &after));
    assert_int_equal(after.count, 7);
    sl_free(&after);
    sl_free(&kept);
    free(stale);
    free(cache);
}

static int keep_bytes(void *data, const unsigned char *ptr, opus_int32 len)
{
    sb_append_len(data, (const char *)ptr, (size_t)len);
    return 0;
}

static int close_nothing(void *data)
{
    (void)data;
    return 0;
}

/* A tiny real recording, as a sound recorder would save a person's. */
static void put_recording(const char *rel)
{
    StrBuf ogg;
    sb_init(&ogg);
    OpusEncCallbacks callbacks = {keep_bytes, close_nothing};
    OggOpusComments *tags = ope_comments_create();
    ope_comments_add(tags, "ARTIST", "Sam, Testbury Council");
    int error = 0;
    OggOpusEnc *enc = ope_encoder_create_callbacks(&callbacks, &ogg, tags, 48000, 1, 0, &error);
    assert_non_null(enc);
    int16_t samples[4800];
    for (size_t i = 0; i < 4800; i++)
        samples[i] = (int16_t)((i / 60) % 2 ? 3000 : -3000);
    for (int i = 0; i < 10; i++)
        assert_int_equal(ope_encoder_write(enc, samples, 4800), OPE_OK);
    assert_int_equal(ope_encoder_drain(enc), OPE_OK);
    ope_encoder_destroy(enc);
    ope_comments_destroy(tags);
    put_bytes(rel, ogg.data, ogg.len);
    sb_free(&ogg);
}

/* A file sayso spoke, kept in the pack by its author. */
static void put_spoken(const char *rel, const char *words)
{
    Pcm pcm;
    char *why = NULL;
    assert_true(voice_speak(words, "en-gb", 165, &pcm, &why));
    StrBuf ogg;
    sb_init(&ogg);
    assert_true(ogg_opus_encode(&pcm, &ogg_opus_speech, "Spoken", &ogg));
    put_bytes(rel, ogg.data, ogg.len);
    sb_free(&ogg);
    pcm_free(&pcm);
}

static void test_authors_recording_wins(void **state)
{
    (void)state;
    put_site("audio: generate\n");
    put_recording("site/consultations/new-park/audio.ogg");
    build_into("public");
    char *plain = slurp("public/consultations/new-park/index.html");
    assert_non_null(strstr(plain, "<source src=\"../../consultations/new-park/audio.ogg\" "
                                  "type=\"audio/ogg; codecs=opus\">"));
    assert_non_null(strstr(plain, "Less than a minute, read by a person."));
    assert_null(strstr(plain, "computer voice"));
    free(plain);
    assert_false(exists("public/consultations/new-park/listen.ogg"));
    /* Large print has the same words, so the same recording. */
    char *large = slurp("public/consultations/new-park/large-print/index.html");
    assert_non_null(strstr(large, "src=\"../../../consultations/new-park/audio.ogg\""));
    free(large);
    assert_false(exists("public/consultations/new-park/large-print/listen.ogg"));
    /* Easy read has no recording of its own: the computer voice reads it. */
    assert_page_audio("consultations/new-park/easy-read/");
    /* A recording is published even when the site generates none. */
    put_site("");
    build_into("public2");
    char *off = slurp("public2/consultations/new-park/index.html");
    assert_non_null(strstr(off, "read by a person"));
    free(off);
    assert_false(exists("public2/consultations/new-park/easy-read/listen.ogg"));
    /* A computer voice the author kept is still called one. */
    put_spoken("site/consultations/new-park/audio.easy-read.ogg", "<speak>We want a new park.</speak>");
    build_into("public3");
    char *easy = slurp("public3/consultations/new-park/easy-read/index.html");
    assert_non_null(strstr(easy, "src=\"../../../consultations/new-park/audio.easy-read.ogg\""));
    assert_non_null(strstr(easy, "A computer voice reads it."));
    free(easy);
}

static void test_bad_media_files_are_errors_at_their_path(void **state)
{
    (void)state;
    put_site("");
    put("site/consultations/new-park/audio.mp3", "This is a note, not a recording.\n");
    put("site/consultations/new-park/bsl.mp4", "");
    char *out;
    assert_int_equal(run("build site -o public --now 2026-11-20", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/audio.mp3: error: this is named as MP3 but its "
                                "contents are not audio, video or captions"));
    assert_non_null(strstr(out, "consultations/new-park/bsl.mp4: error: this MP4 video file is empty"));
    free(out);
    assert_false(exists("public/index.html"));
}

static void test_bsl_video_with_captions(void **state)
{
    (void)state;
    put_site("");
    put_bytes("site/consultations/new-park/bsl.mp4", "\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24);
    char *out;
    assert_int_equal(run("build site -o public --now 2026-11-20", &out), 0);
    assert_non_null(strstr(out, "consultations/new-park/bsl.mp4: warning: this British Sign Language "
                                "video has no captions"));
    free(out);
    put("site/consultations/new-park/bsl.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nWe want a new park.\n");
    assert_int_equal(run("build site -o public --now 2026-11-20", &out), 0);
    assert_null(strstr(out, "no captions"));
    free(out);
    char *bsl = slurp("public/consultations/new-park/bsl/index.html");
    assert_non_null(bsl);
    assert_non_null(strstr(bsl, "<video controls preload=\"metadata\" class=\"bsl-video\">"
                                "<source src=\"../bsl.mp4\" type=\"video/mp4\">"
                                "<track kind=\"captions\" src=\"../bsl.vtt\" srclang=\"en-GB\" label=\"Captions\">"));
    assert_null(strstr(bsl, "</track>"));
    free(bsl);
    /* Every format links to it, with the sign-language picture. */
    static const char *const pages[] = {"public/consultations/new-park/index.html",
        "public/consultations/new-park/easy-read/index.html",
        "public/consultations/new-park/large-print/index.html", NULL};
    for (const char *const *p = pages; *p; p++) {
        char *html = slurp(*p);
        const char *link = strstr(html, "consultations/new-park/bsl/\"");
        assert_non_null(link);
        assert_non_null(strstr(link, "pictures/sign-language.svg"));
        assert_non_null(strstr(link, "British Sign Language"));
        free(html);
    }
}

/* A translation has its own page around the one video, in its own words,
 * at its own address; the source's page stays the source's (the Welsh
 * page used to be written over the English one, and Welsh links led to
 * a page that did not exist). */
static void test_bsl_page_in_each_language(void **state)
{
    (void)state;
    put_site("languages: [en-GB, cy]\n");
    put("site/consultations/new-park/index.cy.md",
        "---\ntitle: Parc newydd\nsummary: Rydym eisiau adeiladu parc newydd.\n---\n\n"
        "## Am beth mae hyn\n\nParc newydd.\n");
    put_bytes("site/consultations/new-park/bsl.mp4", "\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24);
    put("site/consultations/new-park/bsl.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nWe want a new park.\n");
    char *out;
    assert_int_equal(run("build site -o public --now 2026-11-20", &out), 0);
    free(out);
    char *english = slurp("public/consultations/new-park/bsl/index.html");
    assert_non_null(strstr(english, "<html lang=\"en-GB\""));
    assert_non_null(strstr(english, ": in British Sign Language</h1>"));
    free(english);
    char *welsh = slurp("public/consultations/new-park/cy/bsl/index.html");
    assert_non_null(strstr(welsh, "<html lang=\"cy\""));
    assert_non_null(strstr(welsh, "<h1>Parc newydd: yn Iaith Arwyddion Prydain</h1>"));
    assert_non_null(strstr(welsh, "<source src=\"../../bsl.mp4\" type=\"video/mp4\">"
                                  "<track kind=\"captions\" src=\"../../bsl.vtt\" srclang=\"en-GB\""));
    assert_null(strstr(welsh, "Download the British Sign Language video"));
    free(welsh);
    char *welsh_plain = slurp("public/consultations/new-park/cy/index.html");
    const char *link = strstr(welsh_plain, "consultations/new-park/cy/bsl/\"");
    assert_non_null(link);
    assert_non_null(strstr(link, "Iaith Arwyddion Prydain"));
    free(welsh_plain);
}

static void test_missing_voice_is_one_error_or_a_warning(void **state)
{
    (void)state;
    /* espeak-ng looks for its data in $ESPEAK_DATA_PATH/espeak-ng-data:
     * an empty folder is a machine without espeak-ng-data. */
    put("empty/espeak-ng-data/.keep", "");
    char *env = xasprintf("ESPEAK_DATA_PATH='%s/empty'", tmp_root);
    put_site("audio: generate\n");
    char *out;
    assert_int_equal(run_env(env, "build site -o public --now 2026-11-20", &out), 2);
    const char *first = strstr(out, "site.yml: error: espeak-ng could not load its speech data: install the "
                                    "Debian package espeak-ng-data");
    assert_non_null(first);
    assert_null(strstr(first + 30, "espeak-ng could not load"));    /* said once */
    free(out);
    assert_false(exists("public/index.html"));
    put_site("audio: optional\n");
    assert_int_equal(run_env(env, "build site -o public --now 2026-11-20", &out), 0);
    assert_non_null(strstr(out, "site.yml: warning: espeak-ng could not load its speech data"));
    free(out);
    assert_true(exists("public/consultations/new-park/index.html"));
    assert_false(exists("public/consultations/new-park/listen.ogg"));
    /* A Welsh page without speech data is told what to install too, not
     * that Welsh has no voice. */
    put_site("audio: optional\nlanguages: [en-GB, cy]\n");
    put("site/consultations/new-park/index.cy.md",
        "---\ntitle: Parc newydd\nsummary: Rydym eisiau parc newydd.\n---\n\nParc newydd.\n");
    assert_int_equal(run_env(env, "build site -o public --now 2026-11-20", &out), 0);
    assert_null(strstr(out, "no espeak-ng voice for the language 'cy'"));
    free(out);
    char *welsh = path_join(tmp_root, "site/consultations/new-park/index.cy.md");
    unlink(welsh);
    free(welsh);
    free(env);
    /* A bad value names the line. */
    put_site("audio: yes please\n");
    assert_int_equal(run("build site -o public --now 2026-11-20", &out), 2);
    assert_non_null(strstr(out, "site.yml:5: error: audio must be `generate`, `optional`"));
    free(out);
}

/* A translation's pages offer only a recording in their own language,
 * named like their text (easy-read.cy.md, audio.easy-read.cy.ogg), and the
 * player's own words are in that language too. */
static void test_translation_has_its_own_recording_and_words(void **state)
{
    (void)state;
    put_site("languages: [en-GB, cy]\n");
    put("site/consultations/new-park/index.cy.md",
        "---\ntitle: Parc newydd i Testbury\nsummary: Rydyn ni eisiau gwneud parc newydd.\n---\n\n"
        "## Pam rydyn ni'n gofyn\n\nRydyn ni eisiau clywed gennych chi.\n");
    put("site/consultations/new-park/easy-read.cy.md",
        "# Parc newydd\n\n![Parc](picture:park) Rydyn ni eisiau gwneud parc newydd.\n");
    put_recording("site/consultations/new-park/audio.easy-read.ogg");
    build_into("public");
    char *welsh = slurp("public/consultations/new-park/cy/easy-read/index.html");
    assert_non_null(welsh);
    assert_null(strstr(welsh, "audio.easy-read.ogg"));   /* the English recording is not offered */
    assert_null(strstr(welsh, "class=\"listen"));
    free(welsh);

    put_recording("site/consultations/new-park/audio.easy-read.cy.ogg");
    build_into("public2");
    welsh = slurp("public2/consultations/new-park/cy/easy-read/index.html");
    assert_non_null(strstr(welsh, "consultations/new-park/audio.easy-read.cy.ogg\""));
    assert_non_null(strstr(welsh, ">Gwrando</h2>"));
    assert_non_null(strstr(welsh, "Mae person yn ei darllen."));
    assert_non_null(strstr(welsh, "Mae'n cymryd llai na munud i wrando ar y dudalen hon."));
    assert_null(strstr(welsh, "A person reads it."));
    free(welsh);
    char *english = slurp("public2/consultations/new-park/easy-read/index.html");
    assert_non_null(strstr(english, "consultations/new-park/audio.easy-read.ogg\""));
    assert_non_null(strstr(english, "A person reads it."));
    free(english);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_speech_reads_main_for_the_ear),
        cmocka_unit_test(test_easy_read_picture_comes_before_its_sentence),
        cmocka_unit_test(test_other_languages_get_no_english_words),
        cmocka_unit_test(test_media_known_by_first_bytes),
        cmocka_unit_test(test_spoken_words_make_ogg_opus_of_the_right_length),
        cmocka_unit_test(test_voices_by_language),
        cmocka_unit_test_setup_teardown(test_generated_audio_on_every_format_page, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_rebuild_remakes_only_the_changed_page_audio, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_authors_recording_wins, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_bad_media_files_are_errors_at_their_path, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_bsl_video_with_captions, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_bsl_page_in_each_language, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_missing_voice_is_one_error_or_a_warning, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_translation_has_its_own_recording_and_words, setup, remove_tmp_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
