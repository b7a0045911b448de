/* review_text.c: the text reviewers read of a pack's format, and whether
 * their reviews of it still hold (review_text.h). */
#include "review_text.h"
#include "diag.h"
#include "encoding.h"
#include "feedback.h"
#include "markdown_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* ---- the review text ---- */

/* Text as it is read, whatever line endings the checkout gave it, so a
 * Windows clone does not unsign every format. */
static void append_normalised(StrBuf *sb, const char *text)
{
    for (const char *p = text; p && *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            sb_append_char(sb, *p);
    if (sb->len && sb->data[sb->len - 1] != '\n')
        sb_append_char(sb, '\n');
}

static void hex64(uint64_t v, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)v);
}

/* The pictures a text chooses: `![alt](target)` in Markdown. */
static void markdown_pictures(const char *text, StrList *targets)
{
    for (const char *p = text ? strstr(text, "![") : NULL; p; p = strstr(p + 2, "![")) {
        const char *close = strstr(p + 2, "](");
        if (!close)
            return;
        const char *t = close + 2;
        size_t n = strcspn(t, ") \t\n");
        char *target = xstrndup(t, n);
        if (*target && !sl_contains(targets, target))
            sl_push_owned(targets, target);
        else
            free(target);
    }
}

/* One line per picture: what it is, what it is called when the text does
 * not say, and a hash of its bytes, so a redrawn picture counts as a
 * change but a restyled page does not. */
static void append_pictures(StrBuf *sb, const Theme *theme, const PackMeta *meta, const StrList *targets)
{
    if (!targets->count)
        return;
    sb_append(sb, "\n## Pictures\n");
    for (size_t i = 0; i < targets->count; i++) {
        const char *t = targets->items[i];
        char *file = NULL;
        const char *alt = NULL;
        if (!strncmp(t, "picture:", 8)) {
            const Picture *pic = theme ? theme_picture(theme, t + 8) : NULL;
            if (pic) {
                /* The drawing published: a site's own pictures/NAME.svg
                 * wins over the built-in one even without a pictures.yml. */
                char *rel = xasprintf("pictures/%s.svg", pic->name);
                file = theme_find(theme, rel);
                free(rel);
                alt = pic->alt;
            }
        } else if (!strstr(t, "://") && t[0] != '/' && !strstr(t, "..")) {
            file = path_join(meta->dir, t);
        }
        size_t len = 0;
        char *bytes = file ? read_file(file, &len) : NULL;
        if (bytes) {
            char hex[17];
            hex64(XXH3_64bits(bytes, len), hex);
            sb_printf(sb, "%s: %s%s%sdrawing %s\n", t, alt ? "\"" : "", alt ? alt : "", alt ? "\", " : "", hex);
        } else {
            sb_printf(sb, "%s: not found\n", t);
        }
        free(bytes);
        free(file);
    }
}

static bool append_markdown(StrBuf *sb, const PackMeta *meta, const char *name, bool with_body, StrList *pics)
{
    char *path = path_join(meta->dir, name);
    char *display = xasprintf("consultations/%s/%s", meta->slug, name);
    char *front = NULL;
    size_t front_len = 0;
    int front_line = 0;
    SourceText body = {0};
    bool ok = load_markdown_file(path, display, meta->encoding, &front, &front_len, &front_line, &body);
    if (ok) {
        if (front) {
            sb_printf(sb, "\n## %s: front matter\n", name);
            append_normalised(sb, front);
        }
        if (with_body) {
            sb_printf(sb, "\n## %s\n", name);
            append_normalised(sb, body.text);
            markdown_pictures(body.text, pics);
        }
    }
    free(front);
    free(body.path);
    free(body.text);
    free(display);
    free(path);
    return ok;
}

static bool append_feedback(StrBuf *sb, const PackMeta *meta, StrList *pics)
{
    char *path = path_join(meta->dir, "you-said-we-did.csv");
    char *display = xasprintf("consultations/%s/you-said-we-did.csv", meta->slug);
    size_t len;
    char *raw = read_file(path, &len);
    char *text = raw ? encoding_to_utf8(raw, len, meta->encoding, display, &len) : NULL;
    bool ok = text != NULL;
    if (!raw)
        diag_error(display, 0, "cannot read the feedback");
    if (ok) {
        sb_append(sb, "\n## you-said-we-did.csv\n");
        append_normalised(sb, text);
        Feedback fb = {0};
        if (feedback_parse(text, len, display, NULL, &fb))
            for (size_t i = 0; i < fb.count; i++)
                if (fb.rows[i].picture) {
                    char *t = strchr(fb.rows[i].picture, ':') ? xstrdup(fb.rows[i].picture)
                                                               : xasprintf("picture:%s", fb.rows[i].picture);
                    if (!sl_contains(pics, t))
                        sl_push_owned(pics, t);
                    else
                        free(t);
                }
        feedback_free(&fb);
    }
    free(text);
    free(raw);
    free(display);
    free(path);
    return ok;
}

char *review_text(const Theme *theme, const PackMeta *meta, ReviewFormat f)
{
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, "# What reviewers read: %s, consultations/%s\n", review_format_name(f), meta->slug);
    sb_append(&sb, "# sayso review sign keeps this text; reviews.yml has its fingerprint.\n");
    StrList pics = {0};
    bool ok;
    switch (f) {
    case REVIEW_EASY_READ:
        ok = append_markdown(&sb, meta, "index.md", false, &pics) &&
             append_markdown(&sb, meta, "easy-read.md", true, &pics);
        break;
    case REVIEW_YOU_SAID_WE_DID:
        ok = append_markdown(&sb, meta, "index.md", false, &pics) && append_feedback(&sb, meta, &pics);
        break;
    default:
        ok = append_markdown(&sb, meta, "index.md", true, &pics);
    }
    if (ok)
        append_pictures(&sb, theme, meta, &pics);
    sl_free(&pics);
    if (!ok) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

/* ---- a pack's state ---- */

bool review_pack_state(const Theme *theme, const PackMeta *meta, PackReviews *out)
{
    memset(out, 0, sizeof *out);
    char *file = path_join(meta->dir, "reviews.yml");
    char *display = xasprintf("consultations/%s/reviews.yml", meta->slug);
    bool ok = review_load(file, display, &out->list);
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++) {
        FormatReview *fr = &out->formats[f];
        fr->present = review_format_present(meta, (ReviewFormat)f);
        const Review *newest = NULL;
        for (size_t i = 0; i < out->list.count; i++)
            if (out->list.items[i].format == (ReviewFormat)f)
                newest = &out->list.items[i];
        if (!newest)
            continue;          /* never reviewed: no need to read its text */
        fr->state = REVIEW_CHANGED;
        fr->review = newest;
        if (fr->present && (fr->text = review_text(theme, meta, (ReviewFormat)f))) {
            char *fp = review_fingerprint(fr->text, strlen(fr->text));
            /* The newest review of exactly this text: one of an older
             * version still counts when the text went back to it. */
            for (size_t i = out->list.count; i-- > 0;)
                if (out->list.items[i].format == (ReviewFormat)f && !strcmp(out->list.items[i].fingerprint, fp)) {
                    fr->state = REVIEW_CURRENT;
                    fr->review = &out->list.items[i];
                    break;
                }
            free(fp);
        }
        char *kept = review_kept_path(meta->dir, (ReviewFormat)f);
        fr->kept = read_file(kept, NULL);
        free(kept);
    }
    free(display);
    free(file);
    return ok;
}
