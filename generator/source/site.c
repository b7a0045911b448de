/* site.c: names, freeing and status of the site model. */
#include "site.h"

#include <stdlib.h>
#include <string.h>

const char *format_id(Format f)
{
    static const char *const ids[] = {"plain", "easy-read", "large-print"};
    return ids[f];
}

const char *format_name(Format f)
{
    static const char *const names[] = {"Plain English", "Easy read", "Large print"};
    return names[f];
}

const char *format_dir(Format f)
{
    static const char *const dirs[] = {"", "easy-read/", "large-print/"};
    return dirs[f];
}

const char *status_id(PackStatus s)
{
    static const char *const ids[] = {"upcoming", "open", "closed", "results"};
    return ids[s];
}

const char *status_name(PackStatus s)
{
    static const char *const names[] = {"Upcoming", "Open", "Closed", "Results published"};
    return names[s];
}

const char *feedback_status_id(FeedbackStatus s)
{
    static const char *const ids[] = {"done", "doing", "not-doing"};
    return ids[s];
}

void contact_free(Contact *c)
{
    free(c->name);
    free(c->email);
    free(c->phone);
    free(c->address);
}

void pack_meta_free(PackMeta *p)
{
    free(p->slug);
    free(p->dir);
    free(p->index_path);
    free(p->encoding);
    free(p->title);
    free(p->summary);
    free(p->bsl_url);
    free(p->level);
    sl_free(&p->topics);
    sl_free(&p->areas);
    free(p->respond.online);
    free(p->respond.email);
    free(p->respond.phone);
    free(p->respond.post);
    for (size_t i = 0; i < p->respond.event_count; i++) {
        free(p->respond.events[i].date);
        free(p->respond.events[i].place);
        free(p->respond.events[i].access);
        free(p->respond.events[i].time);
        free(p->respond.events[i].booking);
    }
    free(p->respond.events);
    contact_free(&p->contact);
    free(p->decision.summary);
    for (size_t i = 0; i < p->translation_count; i++) {
        Translation *t = &p->translations[i];
        free(t->lang);
        free(t->index_path);
        free(t->title);
        free(t->summary);
        free(t->translated_from);
    }
    free(p->translations);
}

void feedback_free(Feedback *f)
{
    for (size_t i = 0; i < f->count; i++) {
        FeedbackRow *r = &f->rows[i];
        free(r->you_said);
        free(r->we_did);
        free(r->reason);
        free(r->theme);
        free(r->easy_you_said);
        free(r->easy_we_did);
        free(r->easy_reason);
        free(r->picture);
    }
    free(f->rows);
    free(f->path);
    f->rows = NULL;
    f->path = NULL;
    f->count = 0;
}

static void source_text_free(SourceText *t)
{
    free(t->path);
    free(t->text);
    t->path = t->text = NULL;
}

void pack_content_free(PackContent *c)
{
    source_text_free(&c->index);
    source_text_free(&c->easy_read);
    feedback_free(&c->feedback);
    sl_free(&c->files);
}

void site_free(Site *site)
{
    for (size_t i = 0; i < site->pack_count; i++)
        pack_meta_free(&site->packs[i]);
    free(site->packs);
    for (size_t i = 0; i < site->page_count; i++) {
        PageMeta *p = &site->pages[i];
        free(p->slug);
        free(p->path);
        free(p->display_path);
        free(p->title);
        free(p->summary);
        sl_free(&p->translations);
        sl_free(&p->translated_titles);
        sl_free(&p->translated_summaries);
        sl_free(&p->stale_translations);
    }
    free(site->pages);
    sl_free(&site->languages);
    for (size_t i = 0; i < site->rule_count; i++) {
        free(site->rules[i].rule);
        free(site->rules[i].level);
        free(site->rules[i].page);
        free(site->rules[i].reason);
    }
    free(site->rules);
    sl_free(&site->require_review);
    for (size_t i = 0; i < site->reviewer_count; i++) {
        free(site->reviewers[i].name);
        free(site->reviewers[i].description);
        free(site->reviewers[i].logo);
    }
    free(site->reviewers);
    free(site->source_dir);
    free(site->title);
    free(site->organisation);
    free(site->privacy);
    free(site->base_url);
    free(site->alerts_url);
    free(site->language);
    free(site->theme);
    free(site->encoding);
    contact_free(&site->contact);
}

const char *pack_contact_email(const Site *site, const PackMeta *p)
{
    return p->contact.email ? p->contact.email : site->contact.email;
}

const char *pack_contact_phone(const Site *site, const PackMeta *p)
{
    return p->contact.phone ? p->contact.phone : site->contact.phone;
}

char *pack_easy_title(const PackContent *content)
{
    const char *p = content ? content->easy_read.text : NULL;
    if (!p)
        return NULL;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        p++;
    if (p[0] != '#' || p[1] != ' ')
        return NULL;
    size_t n = strcspn(p + 2, "\r\n");
    char *heading = xstrndup(p + 2, n);
    char *t = str_trim(heading);
    char *title = *t ? xstrdup(t) : NULL;
    free(heading);
    return title;
}

void pack_update_status(PackMeta *p, Day today, int feedback_due_weeks)
{
    p->feedback_due = p->closes + 7 * feedback_due_weeks;
    p->feedback_overdue = false;
    if (today < p->opens)
        p->status = STATUS_UPCOMING;
    else if (today <= p->closes)
        p->status = STATUS_OPEN;
    else if (p->has_feedback)
        p->status = STATUS_RESULTS;
    else {
        p->status = STATUS_CLOSED;
        p->feedback_overdue = today > p->feedback_due;
    }
}

PackMeta translation_view(const PackMeta *source, const Translation *t)
{
    PackMeta view = *source;
    view.title = t->title;
    view.summary = t->summary;
    view.index_path = t->index_path;
    view.has_easy_read = t->has_easy_read;
    view.has_feedback = t->has_feedback || source->has_feedback;
    view.lang = t->lang;
    view.translation = t;
    return view;
}

const Translation *pack_translation(const PackMeta *p, const char *lang)
{
    for (size_t i = 0; lang && i < p->translation_count; i++)
        if (!strcmp(p->translations[i].lang, lang))
            return &p->translations[i];
    return NULL;
}

char *pack_folder_url(const PackMeta *p)
{
    if (p->lang)
        return xasprintf("consultations/%s/%s/", p->slug, p->lang);
    return xasprintf("consultations/%s/", p->slug);
}
const char *pack_dates_problem(Day opens, Day closes)
{
    if (opens != DAY_NONE && closes != DAY_NONE && closes < opens)
        return "closes is before opens: a consultation cannot close before it opens";
    return NULL;
}

bool slug_valid(const char *slug)
{
    size_t n = strlen(slug);
    if (n == 0 || n > 100 || slug[0] == '-')
        return false;
    for (const char *p = slug; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* The plain letters of a Latin letter with an accent (U+00C0 to U+017F),
 * so "Caf\u00e9" suggests "cafe" and Welsh "T\u0177" suggests "ty"; false
 * for any other character.  In the tables a capital stands for two letters
 * (A ae, T th, S ss, J ij, O oe) and '-' for a sign that is no letter. */
static bool accent_folded(unsigned cp, char out[3])
{
    static const char latin1[64 + 1] =
        "aaaaaaAceeeeiiiidnooooo-ouuuuyTS"
        "aaaaaaAceeeeiiiidnooooo-ouuuuyTy";
    static const char extended_a[128 + 1] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkklllllll"
        "lllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    static const char *const pairs[][2] = {{"A", "ae"}, {"T", "th"}, {"S", "ss"}, {"J", "ij"}, {"O", "oe"}};
    char c;
    if (cp >= 0xC0 && cp <= 0xFF)
        c = latin1[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        c = extended_a[cp - 0x100];
    else
        return false;
    if (c == '-')
        return false;
    out[0] = c, out[1] = '\0';
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (c == pairs[i][0][0])
            memcpy(out, pairs[i][1], 3);
    return true;
}

char *slug_suggest(const char *name)
{
    StrBuf sb;
    sb_init(&sb);
    const unsigned char *p = (const unsigned char *)name;
    while (*p && sb.len <= 100) {
        if (*p >= 0x80) {
            size_t n = 1;
            char plain[3];
            unsigned cp = utf8_decode((const char *)p, strlen((const char *)p), &n);
            if (accent_folded(cp, plain))
                sb_append(&sb, plain);
            else if (cp == 0x2019)
                ;                           /* an apostrophe: "children's" is one word */
            else if (sb.len && sb.data[sb.len - 1] != '-')
                sb_append_char(&sb, '-');   /* another script: a word break */
            p += n ? n : 1;
            continue;
        }
        char c = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            sb_append_char(&sb, c);
        else if (c != '\'' && sb.len && sb.data[sb.len - 1] != '-')
            sb_append_char(&sb, '-');   /* spaces, underscores, dots: one hyphen */
        p++;
    }
    while (sb.len && sb.data[sb.len - 1] == '-')
        sb.data[--sb.len] = '\0';
    char *slug = sb_take(&sb);
    /* A name cut short is no example: a shorter one needs a person. */
    if (!slug || !slug_valid(slug) || !strcmp(slug, name)) {
        free(slug);
        return NULL;
    }
    return slug;
}
