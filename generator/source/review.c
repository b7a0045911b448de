/* review.c: reviews.yml, the review text of each format and its
 * fingerprint (review.h). */
#include "review.h"
#include "diag.h"
#include "encoding.h"
#include "feedback.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char *const format_ids[REVIEW_FORMAT_COUNT] = {"plain", "easy-read", "large-print",
                                                            "you-said-we-did"};
static const char *const format_names[REVIEW_FORMAT_COUNT] = {"Plain English", "Easy read", "Large print",
                                                              "You said, we did"};

const char *review_format_id(ReviewFormat f)
{
    return f < REVIEW_FORMAT_COUNT ? format_ids[f] : "";
}

const char *review_format_name(ReviewFormat f)
{
    return f < REVIEW_FORMAT_COUNT ? format_names[f] : "";
}

bool review_format_parse(const char *id, ReviewFormat *out)
{
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++)
        if (id && !strcmp(id, format_ids[f])) {
            *out = (ReviewFormat)f;
            return true;
        }
    return false;
}

bool review_format_present(const PackMeta *meta, ReviewFormat f)
{
    switch (f) {
    case REVIEW_EASY_READ:       return meta->has_easy_read;
    case REVIEW_YOU_SAID_WE_DID: return meta->has_feedback;
    default:                     return true;
    }
}

const char *review_outcome_id(ReviewOutcome o)
{
    return o == OUTCOME_CHANGES ? "changes" : "approved";
}

/* ---- reviews.yml ---- */

static bool fingerprint_valid(const char *s)
{
    static const char prefix[] = "xxh3-128:";
    if (!s || strncmp(s, prefix, sizeof prefix - 1))
        return false;
    s += sizeof prefix - 1;
    size_t n = 0;
    for (; s[n]; n++)
        if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
            return false;
    return n == 32;
}

static void review_free(Review *r)
{
    free(r->by);
    free(r->notes);
    free(r->fingerprint);
}

/* One entry; false (reported) when it cannot be used. */
static bool read_entry(YamlDoc *y, yaml_node_t *item, Review *r)
{
    static const char *const keys[] = {"format", "by", "date", "outcome", "notes", "fingerprint", NULL};
    int line = yamldoc_line(y, item);
    memset(r, 0, sizeof *r);
    r->line = line;
    if (item->type != YAML_MAPPING_NODE) {
        diag_error(y->path, line, "each review must be a set of `key: value` lines (format, by, date, "
                   "outcome, notes, fingerprint)");
        return false;
    }
    yamldoc_warn_unknown_keys(y, item, keys);
    bool ok = !y->failed;
    char *format = yamldoc_string(y, item, "format");
    char *date = yamldoc_string(y, item, "date");
    char *outcome = yamldoc_string(y, item, "outcome");
    r->by = yamldoc_string(y, item, "by");
    r->notes = yamldoc_string(y, item, "notes");
    r->fingerprint = yamldoc_string(y, item, "fingerprint");
    ok &= !y->failed;
    y->failed = false;
    if (!format) {
        diag_error(y->path, line, "this review has no format: give one of plain, easy-read, large-print, "
                   "you-said-we-did");
        ok = false;
    } else if (!review_format_parse(format, &r->format)) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, item, "format")), "unknown format '%s': use one "
                   "of plain, easy-read, large-print, you-said-we-did", format);
        ok = false;
    }
    if (!r->by || !*r->by) {
        diag_error(y->path, line, "this review does not say who checked it: add `by:` with a name");
        ok = false;
    }
    if (!date) {
        diag_error(y->path, line, "this review has no date: add `date:` as YYYY-MM-DD");
        ok = false;
    } else if (!date_parse(date, &r->date)) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, item, "date")),
                   "date '%s' is not a date: write it as YYYY-MM-DD", date);
        ok = false;
    }
    if (outcome && !strcmp(outcome, "changes"))
        r->outcome = OUTCOME_CHANGES;
    else if (outcome && strcmp(outcome, "approved")) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, item, "outcome")),
                   "outcome must be approved or changes, not '%s'", outcome);
        ok = false;
    }
    if (!fingerprint_valid(r->fingerprint)) {
        yaml_node_t *n = yamldoc_get(y, item, "fingerprint");
        diag_error(y->path, n ? yamldoc_line(y, n) : line, "%s: use `sayso review sign` to record a review, "
                   "so the fingerprint is worked out for you",
                   r->fingerprint ? "this fingerprint is not one sayso wrote (xxh3-128: and 32 hex digits)"
                                  : "this review has no fingerprint");
        ok = false;
    }
    free(format);
    free(date);
    free(outcome);
    if (!ok)
        review_free(r);
    return ok;
}

bool review_parse(const char *text, size_t len, const char *display_path, ReviewList *out)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(display_path);
    YamlDoc y;
    if (!yamldoc_parse(&y, text, len, out->path, 1))
        return false;
    yaml_node_t *root = yamldoc_root(&y);
    bool ok = true;
    bool empty = !root || (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0);
    if (!empty && root->type != YAML_SEQUENCE_NODE) {
        diag_error(out->path, yamldoc_line(&y, root), "reviews.yml must be a list of reviews, each starting "
                   "with `- format:`");
        ok = false;
    } else if (!empty) {
        size_t n = (size_t)(root->data.sequence.items.top - root->data.sequence.items.start);
        out->items = xcalloc(n + 1, sizeof *out->items);
        for (yaml_node_item_t *i = root->data.sequence.items.start; i < root->data.sequence.items.top; i++) {
            yaml_node_t *item = yaml_document_get_node(&y.doc, *i);
            if (item && read_entry(&y, item, &out->items[out->count]))
                out->count++;
            else
                ok = false;
        }
    }
    yamldoc_free(&y);
    return ok;
}

bool review_load(const char *file, const char *display_path, ReviewList *out)
{
    if (!file_exists(file)) {
        memset(out, 0, sizeof *out);
        out->path = xstrdup(display_path);
        return true;
    }
    size_t len;
    char *raw = read_file(file, &len);
    if (!raw) {
        memset(out, 0, sizeof *out);
        out->path = xstrdup(display_path);
        diag_error(display_path, 0, "cannot read the reviews");
        return false;
    }
    char *text = encoding_to_utf8(raw, len, "utf-8", display_path, &len);
    free(raw);
    if (!text) {
        memset(out, 0, sizeof *out);
        out->path = xstrdup(display_path);
        return false;
    }
    bool ok = review_parse(text, len, display_path, out);
    free(text);
    return ok;
}

void review_list_free(ReviewList *list)
{
    for (size_t i = 0; i < list->count; i++)
        review_free(&list->items[i]);
    free(list->items);
    free(list->path);
    memset(list, 0, sizeof *list);
}

char *review_fingerprint(const char *text, size_t len)
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits(text, len));
    char out[sizeof "xxh3-128:" + 32];
    int n = snprintf(out, sizeof out, "xxh3-128:");
    for (int i = 0; i < 16; i++)
        n += snprintf(out + n, sizeof out - (size_t)n, "%02x", c.digest[i]);
    return xstrdup(out);
}

char *review_kept_path(const char *pack_dir, ReviewFormat f)
{
    return xasprintf("%s/reviews/%s.txt", pack_dir, review_format_id(f));
}

void review_pack_free(PackReviews *r)
{
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++) {
        free(r->formats[f].text);
        free(r->formats[f].kept);
    }
    review_list_free(&r->list);
}

bool review_shows_check(const FormatReview *fr)
{
    return fr && fr->present && fr->state == REVIEW_CURRENT && fr->review->outcome == OUTCOME_APPROVED;
}

bool review_sheets_wanted(const Site *site, const PackReviews *r)
{
    return site->reviewer_count || site->require_review.count || (r && r->list.count);
}

const Reviewer *review_group(const Site *site, const char *by)
{
    for (size_t i = 0; by && i < site->reviewer_count; i++)
        if (!strcasecmp(site->reviewers[i].name, by))
            return &site->reviewers[i];
    return NULL;
}

/* ---- site.yml ---- */

void review_read_settings(YamlDoc *y, yaml_node_t *root, Site *site)
{
    yamldoc_string_list(y, root, "require_review", &site->require_review);
    for (size_t i = 0; i < site->require_review.count; i++) {
        ReviewFormat f;
        if (!review_format_parse(site->require_review.items[i], &f)) {
            diag_error(y->path, yamldoc_line(y, yamldoc_get(y, root, "require_review")),
                       "require_review: unknown format '%s': use plain, easy-read, large-print or "
                       "you-said-we-did", site->require_review.items[i]);
            y->failed = true;
        }
    }
    yaml_node_t *list = yamldoc_sequence(y, root, "reviewers");
    if (!list)
        return;
    static const char *const keys[] = {"name", "description", "logo", NULL};
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    site->reviewers = xcalloc(n + 1, sizeof *site->reviewers);
    for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(&y->doc, *i);
        if (!item || item->type != YAML_MAPPING_NODE) {
            diag_error(y->path, yamldoc_line(y, item ? item : list), "each of reviewers must have a name, "
                       "and may have a description and a logo");
            y->failed = true;
            continue;
        }
        yamldoc_warn_unknown_keys(y, item, keys);
        Reviewer r = {.name = yamldoc_string(y, item, "name"),
                      .description = yamldoc_string(y, item, "description"),
                      .logo = yamldoc_string(y, item, "logo")};
        if (!r.name) {
            diag_error(y->path, yamldoc_line(y, item), "this reviewer has no name: add `name:`, as "
                       "`sayso review sign --by` will give it");
            y->failed = true;
        }
        site->reviewers[site->reviewer_count++] = r;
    }
}
