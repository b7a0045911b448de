/* review_check.c: the review findings of a page (review_check.h). */
#include "review_check.h"

#include <string.h>

static const Rule review_changed = {
    .id = "review-changed", .category = "review", .level = LEVEL_WARNING,
    .title = "Changed since reviewers checked it",
};
static const Rule review_required = {
    .id = "review-required", .category = "review", .level = LEVEL_ERROR,
    .title = "Needs a check by reviewers (site.yml require_review)",
};

bool review_page_format(PageKind kind, Format format, const char *path, ReviewFormat *out)
{
    if (kind == PAGE_CONSULTATION) {
        *out = (ReviewFormat)format;
        return true;
    }
    /* "You said, we did" is reviewed once, for all its formats: its
     * findings go on its plain page alone so each is said once. */
    if (kind == PAGE_FEEDBACK && format == FORMAT_PLAIN && strstr(path, "/you-said-we-did/")) {
        *out = REVIEW_YOU_SAID_WE_DID;
        return true;
    }
    return false;
}

void review_check_page(FindingList *findings, const Site *site, const PackMeta *pack,
                       const PackReviews *reviews, PageKind kind, Format format, const char *path)
{
    ReviewFormat f;
    if (!reviews || !review_page_format(kind, format, path, &f) || !reviews->formats[f].present)
        return;
    const FormatReview *fr = &reviews->formats[f];
    bool required = sl_contains(&site->require_review, review_format_id(f));
    const Rule *rule = required ? &review_required : &review_changed;
    const char *file = reviews->list.path;
    const Review *r = fr->review;
    char date[48] = "";
    if (r)
        date_long(r->date, date, sizeof date);
    const char *slug = pack->slug, *id = review_format_id(f);
    switch (fr->state) {
    case REVIEW_NEVER:
        if (required)
            findings_add_at(findings, rule, file, 0, "nobody has checked the %s version of %s, and site.yml "
                            "requires it (require_review): once reviewers have checked it, run `sayso review "
                            "sign %s %s --by NAME`", review_format_name(f), slug, slug, id);
        break;
    case REVIEW_CHANGED:
        findings_add_at(findings, rule, file, r->line, "%s of %s has changed since %s checked it on %s, so "
                        "its page no longer says it was checked%s: ask them to check it again, then run "
                        "`sayso review sign %s %s --by NAME` (the review report shows what changed)",
                        review_format_name(f), slug, r->by, date, required ? ", and site.yml requires a check" : "",
                        slug, id);
        break;
    case REVIEW_CURRENT:
        if (r->outcome == OUTCOME_CHANGES)
            findings_add_at(findings, rule, file, r->line, "%s checked %s of %s on %s and asked for changes%s%s%s: "
                            "make them, ask for another check, and sign it with `sayso review sign %s %s "
                            "--by NAME`", r->by, review_format_name(f), slug, date, r->notes ? " (" : "",
                            r->notes ? r->notes : "", r->notes ? ")" : "", slug, id);
        break;
    }
}
