/* render_pack.c: a consultation's pages.
 *
 * From one pack: the plain-English page, the easy-read page, the
 * large-print page, a printable comment card, and the extra pages hooks
 * make (such as "You said, we did"), each of those in three formats too.
 */
#include "render_internal.h"
#include "structured_data.h"
#include "diag.h"
#include "dom.h"
#include "load.h"
#include "review.h"
#include "player.h"
#include "language.h"
#include "words.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *level_name(const Renderer *r, const char *level)
{
    if (!strcmp(level, "information"))   return render_word(r, "level_information", "Information");
    if (!strcmp(level, "co-production")) return render_word(r, "level_co_production", "Co-production");
    if (!strcmp(level, "citizen-power")) return render_word(r, "level_citizen_power", "Citizen power");
    return render_word(r, "level_consulting", "Consultation");
}

static const char *level_text(const Renderer *r, const char *level)
{
    if (!strcmp(level, "information"))
        return render_word(r, "level_information_text",
                           "We are telling you about a change. You can still ask us questions.");
    if (!strcmp(level, "co-production"))
        return render_word(r, "level_co_production_text",
                           "We are planning this together with the people who use the service.");
    if (!strcmp(level, "citizen-power"))
        return render_word(r, "level_citizen_power_text",
                           "People in the community lead this work and make the decisions.");
    return render_word(r, "level_consulting_text", "We are asking what you think before we decide.");
}

/* A theme word with {date} filled in, or the English format when the
 * language has none. */
static char *dated(const Renderer *r, const char *key, const char *date)
{
    const char *form = words_get(r->theme->words, render_lang(r), key);
    return form ? words_fill(form, "date", date, (const char *)NULL) : NULL;
}

/* "Closes in 12 days, on Friday 4 December 2026". */
static char *status_text(const Renderer *r, const PackMeta *p, Day today)
{
    char opens[64], closes[64];
    words_date_long(r->theme->words, render_lang(r), p->opens, opens, sizeof opens);
    words_date_long(r->theme->words, render_lang(r), p->closes, closes, sizeof closes);
    char *said = NULL;
    switch (p->status) {
    case STATUS_UPCOMING:
        if (p->opens - today == 1)
            said = dated(r, "status_opens_tomorrow", opens);
        else if ((said = words_count(r->theme->words, render_lang(r), "status_opens_in", (long)(p->opens - today)))) {
            char *filled = words_fill(said, "date", opens, (const char *)NULL);
            free(said);
            said = filled;
        }
        break;
    case STATUS_OPEN:
        if (p->closes == today)
            said = dated(r, "status_closes_today", closes);
        else if (p->closes - today == 1)
            said = dated(r, "status_closes_tomorrow", closes);
        else if ((said = words_count(r->theme->words, render_lang(r), "status_closes_in", (long)(p->closes - today)))) {
            char *filled = words_fill(said, "date", closes, (const char *)NULL);
            free(said);
            said = filled;
        }
        break;
    case STATUS_CLOSED: {
        /* Between closing and results: the date they are due, and once
         * that has passed, that they are late (never "due soon"). */
        char due[64];
        words_date_long(r->theme->words, render_lang(r), p->feedback_due, due, sizeof due);
        const char *form = words_get(r->theme->words, render_lang(r),
                                     p->feedback_overdue ? "status_closed_due" : "status_closed_looking");
        said = form ? words_fill(form, "date", closes, "due", due, (const char *)NULL) : NULL;
        break;
    }
    case STATUS_RESULTS:
        said = dated(r, "status_closed_results", closes);
        break;
    }
    if (said)
        return said;
    switch (p->status) {
    case STATUS_UPCOMING: {
        Day d = p->opens - today;
        return d == 1 ? xasprintf("Opens tomorrow, %s", opens)
                      : xasprintf("Opens in %d days, on %s", (int)d, opens);
    }
    case STATUS_OPEN: {
        Day d = p->closes - today;
        if (d == 0)
            return xasprintf("Closes today, %s", closes);
        if (d == 1)
            return xasprintf("Closes tomorrow, %s", closes);
        return xasprintf("Closes in %d days, on %s", (int)d, closes);
    }
    case STATUS_CLOSED: {
        char due[48];
        date_long(p->feedback_due, due, sizeof due);
        if (p->feedback_overdue)
            return xasprintf("Closed on %s. We said we would publish the results by %s. "
                             "We have not done this yet.", closes, due);
        return xasprintf("Closed on %s. We are looking at the responses. We will publish the "
                         "results by %s.", closes, due);
    }
    case STATUS_RESULTS:
        return xasprintf("Closed on %s. We have published the results.", closes);
    }
    return xstrdup("");
}

/* Topics and areas lead to the lists of the page's own language; their
 * names come from the source's front matter, so in a translation they
 * say which language they are in. */
static void scope_term_list(const Renderer *r, Scope *s, const char *key, const char *folder,
                            const StrList *terms, const char *root)
{
    scope_list(s, key);
    for (size_t i = 0; i < terms->count; i++) {
        Scope *item = scope_add_item(s, key);
        char *slug = slugify(terms->items[i]);
        scope_text(item, "term_name", terms->items[i]);
        if (r->lang) {
            scope_textf(item, "term_url", "%s%s/%s/%s/", root, r->lang, folder, slug);
            scope_text(item, "term_lang", r->site->language);
        } else {
            scope_textf(item, "term_url", "%s%s/%s/", root, folder, slug);
        }
        free(slug);
    }
}

/* "6pm", "6:30pm", "12 noon": how times read on a UK public notice. */
static void clock_words(const char *hhmm, char *out, size_t size)
{
    int h = atoi(hhmm), m = atoi(hhmm + 3);
    if (h == 12 && m == 0)
        snprintf(out, size, "12 noon");
    else if (h == 0 && m == 0)
        snprintf(out, size, "midnight");
    else if (m)
        snprintf(out, size, "%d:%02d%s", h % 12 ? h % 12 : 12, m, h < 12 ? "am" : "pm");
    else
        snprintf(out, size, "%d%s", h % 12 ? h % 12 : 12, h < 12 ? "am" : "pm");
}

/* "Thursday 3 December 2026, 6pm to 8pm".  Dates and times were checked
 * when the front matter was loaded. */
static char *event_when(const Renderer *r, const Event *ev, Day day)
{
    char date[64], from[16], to[16];
    words_date_long(r->theme->words, render_lang(r), day, date, sizeof date);
    if (!ev->time)
        return xstrdup(date);
    clock_words(ev->time, from, sizeof from);
    const char *dash = strchr(ev->time, '-');
    if (!dash)
        return xasprintf("%s, %s", date, from);
    clock_words(dash + 1, to, sizeof to);
    const char *form = words_get(r->theme->words, render_lang(r), "event_time_range");
    char *range = form ? words_fill(form, "from", from, "to", to, (const char *)NULL)
                       : xasprintf("%s to %s", from, to);
    char *when = xasprintf("%s, %s", date, range);
    free(range);
    return when;
}

/* Events still to come are invitations, only while people can still take
 * part; events that have passed are listed as past, in any status. */
static void scope_events(Scope *s, const Renderer *r, const PackMeta *p, Day today)
{
    bool inviting = p->status == STATUS_OPEN || p->status == STATUS_UPCOMING;
    scope_list(s, "events");
    scope_list(s, "past_events");
    for (size_t i = 0; i < p->respond.event_count; i++) {
        const Event *ev = &p->respond.events[i];
        Day day;
        if (!date_parse(ev->date, &day))
            continue;
        bool past = day < today;
        if (!past && !inviting)
            continue;
        Scope *e = scope_add_item(s, past ? "past_events" : "events");
        char *when = event_when(r, ev, day);
        /* The writer's own words, so a message about them names their line. */
        scope_origin_at(e, p->index_path, ev->line);
        scope_text(e, "event_date", when);
        free(when);
        scope_origin_at(e, p->index_path, ev->place_line);
        scope_text(e, "event_place", ev->place);
        scope_origin_at(e, p->index_path, ev->access_line);
        scope_text(e, "event_access", ev->access);
        scope_origin_at(e, p->index_path, ev->booking_line);
        scope_text(e, "event_booking", ev->booking);
        scope_origin(e, NULL);
    }
}

/* The front matter facts every format of a pack shows. */
static void scope_pack(Scope *s, const Renderer *r, const PackMeta *p, const char *root,
                       const char *pack_url, bool has_feedback_page)
{
    const Site *site = r->site;
    char buf[64];
    scope_site(s, site);
    scope_origin(s, p->index_path);     /* what follows comes from the front matter */
    scope_contact(s, site, p);
    scope_origin_at(s, p->index_path, p->title_line);
    scope_text(s, "title", p->title);
    scope_origin_at(s, p->index_path, p->summary_line);
    scope_text(s, "summary", p->summary);
    scope_origin(s, p->index_path);
    scope_text(s, "status_id", status_id(p->status));
    scope_textf(s, "status_class", "status status-%s", status_id(p->status));
    scope_text(s, "status_name", p->feedback_overdue ? render_word(r, "status_results_late", "Results late")
                                                     : render_word(r, status_word(p->status), status_name(p->status)));
    char *st = status_text(r, p, site->today);
    scope_text(s, "status_text", st);
    free(st);
    words_date_long(r->theme->words, render_lang(r), p->opens, buf, sizeof buf);
    scope_text(s, "opens_long", buf);
    date_iso(p->opens, buf);
    scope_text(s, "opens_iso", buf);
    words_date_long(r->theme->words, render_lang(r), p->closes, buf, sizeof buf);
    scope_text(s, "closes_long", buf);
    date_iso(p->closes, buf);
    scope_text(s, "closes_iso", buf);
    scope_flag(s, "is_open", p->status == STATUS_OPEN);
    scope_flag(s, "is_upcoming", p->status == STATUS_UPCOMING);
    scope_flag(s, "is_closed", p->status == STATUS_CLOSED || p->status == STATUS_RESULTS);
    scope_text(s, "level_name", level_name(r, p->level));
    scope_text(s, "level_text", level_text(r, p->level));
    scope_term_list(r, s, "topics", "topics", &p->topics, root);
    scope_term_list(r, s, "areas", "areas", &p->areas, root);

    const Respond *rs = &p->respond;
    scope_text(s, "respond_online", rs->online);
    scope_text(s, "respond_email", rs->email);
    if (rs->email)
        scope_textf(s, "respond_email_url", "mailto:%s", rs->email);
    scope_text(s, "respond_phone", rs->phone);
    if (rs->phone) {
        char *tel = tel_url(rs->phone);
        scope_text(s, "respond_phone_url", tel);
        free(tel);
    }
    scope_text(s, "respond_post", rs->post);
    scope_flag(s, "has_respond", rs->online || rs->email || rs->phone || rs->post || rs->event_count);
    scope_events(s, r, p, site->today);
    if (p->decision.date != DAY_NONE || p->decision.summary) {
        scope_flag(s, "has_decision", true);
        if (p->decision.date != DAY_NONE) {
            words_date_long(r->theme->words, render_lang(r), p->decision.date, buf, sizeof buf);
            scope_text(s, "decision_date", buf);
        }
        scope_text(s, "decision_summary", p->decision.summary);
    }
    scope_textf(s, "plain_url", "%s%s", root, pack_url);
    scope_textf(s, "easy_read_url", "%s%seasy-read/", root, pack_url);
    scope_textf(s, "large_print_url", "%s%slarge-print/", root, pack_url);
    scope_textf(s, "comment_card_url", "%s%scomment-card/", root, pack_url);
    scope_textf(s, "calendar_url", "%s%scalendar.ics", root, pack_url);
    if (has_feedback_page) {
        /* A translation without its own you-said-we-did.LANG.csv links to the source's. */
        char *feedback_base = p->lang && !p->translation->has_feedback ? xasprintf("consultations/%s/", p->slug)
                                                                      : xstrdup(pack_url);
        /* Feedback shown while open is only what has been heard so far:
         * never worded as what was done. */
        bool interim = p->status != STATUS_RESULTS;
        scope_textf(s, "feedback_url", "%s%syou-said-we-did/", root, feedback_base);
        scope_textf(s, "feedback_easy_url", "%s%syou-said-we-did/easy-read/", root, feedback_base);
        free(feedback_base);
        scope_text(s, "feedback_link_text",
                   interim ? render_word(r, "feedback_link_interim", "What we have heard so far: what people have "
                                         "told us while this consultation is open")
                           : render_word(r, "feedback_link_final", "You said, we did: what happened after people "
                                         "told us their views"));
        scope_flag(s, interim ? "feedback_interim" : "feedback_final", true);
    }
    if (p->translation && p->translation->stale) {
        const char *source_lang = site->language;
        scope_text(s, "translation_stale", words_or(r->theme->words, render_lang(r), "translation_stale",
                   "This translation may be out of date: the English has changed since it was translated."));
        scope_textf(s, "translation_source_url", "%sconsultations/%s/", root, p->slug);
        scope_text(s, "translation_source_name", language_autonym(source_lang));
        scope_text(s, "translation_source_lang", source_lang);
    }
    /* Pictures the templates use by name: pic_calendar, pic_phone, ... */
    static const char *const pictures[] = {"calendar", "tick", "question", "phone", "email", "write",
        "letter", "meeting", "people", "cross", "clock", "computer", "wheelchair", NULL};
    for (const char *const *name = pictures; *name; name++) {
        char key[32];
        snprintf(key, sizeof key, "pic_%s", *name);
        scope_textf(s, key, "%spictures/%s.svg", root, *name);
    }
    scope_flag(s, "results_due", p->feedback_overdue);
    if (p->lang) {
        /* Places, addresses and the decision come from the source's front
         * matter: in a translation they keep their language and direction. */
        scope_text(s, "source_lang", site->language);
        scope_text(s, "source_dir", language_is_rtl(site->language) ? "rtl" : "ltr");
    }
    scope_flag(s, "awaiting_results", p->status == STATUS_CLOSED && !p->feedback_overdue);
    words_date_long(r->theme->words, render_lang(r), p->feedback_due, buf, sizeof buf);
    scope_text(s, "results_due_long", buf);
    scope_origin(s, NULL);
}

/* "Checked by NAME on DATE", only while the words are the ones checked
 * (review.h): the group's own name, description and logo where site.yml
 * names it, else the reviewer's name and a tick. */
static void scope_review(Scope *s, const Renderer *r, const PackMeta *p, const PackContent *content,
                         ReviewFormat format, const char *root)
{
    const FormatReview *fr = content->reviews ? &content->reviews->formats[format] : NULL;
    if (!review_shows_check(fr))
        return;
    const Review *rv = fr->review;
    const Reviewer *group = review_group(r->site, rv->by);
    char date[48];
    date_long(rv->date, date, sizeof date);
    /* The words come from site.yml or reviews.yml: findings about them name it. */
    scope_origin(s, group ? "site.yml" : content->reviews->list.path);
    scope_text(s, "checked_by", group ? group->name : rv->by);
    scope_text(s, "checked_description", group ? group->description : NULL);
    scope_origin(s, NULL);
    scope_text(s, "checked_date", date);
    const char *logo = group ? group->logo : NULL;
    if (logo && !strncmp(logo, "picture:", 8) && theme_picture(r->theme, logo + 8)) {
        scope_textf(s, "checked_logo", "%spictures/%s.svg", root, logo + 8);
        scope_textf(s, "checked_logo_alt", "The mark of %s", group->name);
    } else if (logo && strncmp(logo, "picture:", 8) && sl_contains(&content->files, logo)) {
        scope_textf(s, "checked_logo", "%sconsultations/%s/%s", root, p->slug, logo);
        scope_textf(s, "checked_logo_alt", "The mark of %s", group->name);
    } else {
        scope_textf(s, "checked_logo", "%spictures/tick.svg", root);
        scope_text(s, "checked_logo_alt", "A tick");
    }
}

/* "Full plan" -> "Full%20plan": a mailto: subject keeps only unreserved
 * characters as they are (RFC 6068). */
static void append_percent_encoded(StrBuf *sb, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~')
            sb_append_char(sb, (char)*p);
        else
            sb_printf(sb, "%%%02X", *p);
    }
}

/* A PDF or Word file is often the least accessible thing in a pack, so
 * each one gets its own way to ask for it in another format, naming it,
 * right after the text that links to it: an email with the document's
 * name in the subject, or the page's own "ask for another format" box
 * when the pack has no email address. */
static void document_requests(const Renderer *r, xmlDocPtr doc, xmlNodePtr prose, const PackMeta *p)
{
    const char *email = pack_contact_email(r->site, p);
    for (xmlNodePtr n = prose; n; n = dom_next(n, prose)) {
        if (!dom_has_class(n, "document-type") || !n->parent || !dom_is(n->parent, "a"))
            continue;
        xmlNodePtr link = n->parent;
        xmlNodePtr block = link;
        while (block->parent && block->parent != prose)
            block = block->parent;
        if (block->parent != prose)
            continue;
        char *whole = node_text(link), *kind = node_text(n);
        size_t name_len = strlen(whole) >= strlen(kind) ? strlen(whole) - strlen(kind) : 0;
        char *name = xstrndup(whole, name_len);
        char *trimmed = str_trim(name);
        StrBuf href;
        sb_init(&href);
        if (email) {
            sb_printf(&href, "mailto:%s?subject=", email);
            char *subject = xasprintf("Another format: %s (%s)", trimmed, p->title);
            append_percent_encoded(&href, subject);
            free(subject);
        } else {
            sb_append(&href, "#other-formats-heading");
        }
        xmlNodePtr ask = xmlNewDocNode(doc, NULL, BAD_CAST "p", NULL);
        dom_set(ask, "class", "document-ask");
        xmlNodePtr a = dom_element(doc, ask, "a", NULL);
        dom_set(a, "href", href.data);
        const char *form = words_get(r->theme->words, render_lang(r), "document_ask");
        char *text = form ? words_fill(form, "name", trimmed, (const char *)NULL)
                          : xasprintf("Ask for \u201c%s\u201d in another format", trimmed);
        xmlAddChild(a, xmlNewDocText(doc, BAD_CAST text));
        xmlAddChild(ask, xmlNewDocText(doc, BAD_CAST render_word(r, "document_ask_tail",
                                                                  ", such as large print, easy read, audio or braille.")));
        /* After the block that links to it, and after any ask already there. */
        xmlNodePtr after = block;
        while (after->next && (after->next->type != XML_ELEMENT_NODE || dom_has_class(after->next, "document-ask")))
            after = after->next;
        xmlAddNextSibling(after, ask);
        free(text);
        sb_free(&href);
        free(name);
        free(whole);
        free(kind);
    }
}

/* Renders one body of Markdown for one format, shaped for that format. */
static xmlNodePtr render_body(const Renderer *given, xmlDocPtr scratch, const SourceText *src, Format format,
                              const PackMeta *p, const PackContent *content, const char *depth_prefix,
                              const char *root, const char *plain_text, bool *ok)
{
    /* Large print is made from the plain page's text: when the text is the
     * same, its problems were reported with the plain page already. */
    Renderer local = *given;
    local.markdown.repeat = format == FORMAT_LARGE_PRINT && plain_text && src->text &&
                            !strcmp(plain_text, src->text);
    const Renderer *r = &local;
    xmlNodePtr prose = markdown_render(scratch, src, &r->markdown);
    markdown_heading_ids(prose);
    *ok &= resolve_links(r, prose, p, content, depth_prefix, root);
    if (format != FORMAT_EASY_READ)
        document_requests(r, scratch, prose, p);
    if (format == FORMAT_EASY_READ)
        easy_read_rows(r, prose, scratch, root);
    else if (format == FORMAT_LARGE_PRINT)
        large_print_adapt(prose);
    return prose;
}

/* The line of the easy-read file's own "# Title", before it is taken;
 * 0 when it has none. */
static int easy_title_line(const SourceText *src)
{
    const char *p = src->text;
    if (!p)
        return 0;
    int line = src->first_line > 0 ? src->first_line : 1;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        line += *p++ == '\n';
    if (p[0] != '#' || p[1] != ' ')
        return 0;
    const char *words = p + 2;
    while (*words == ' ' || *words == '\t')
        words++;
    return *words && *words != '\n' && *words != '\r' ? line : 0;
}

/* Gives hooks their say on a page's title and text. */
static bool before_render(const Renderer *r, const PackMeta *p, Format f, const char *slug,
                          char **title, SourceText *src)
{
    if (!r->before_render)
        return true;
    char *markdown = xstrdup(src->text ? src->text : "");
    bool ok = r->before_render(r->hook_data, p, f, slug, title, &markdown);
    if (!src->text && !*markdown) {
        /* No file, and the hooks wrote none: the page still says it has
         * no words of its own (an easy-read page offers to make one). */
        free(markdown);
    } else if (!src->text || strcmp(markdown, src->text) != 0) {
        free(src->text);
        src->text = markdown;
        src->length = strlen(markdown);
    } else {
        free(markdown);
    }
    return ok;
}

static bool render_formats(const Renderer *r, const PackMeta *p, const PackContent *content,
                           bool has_feedback_page)
{
    bool ok = true;
    char *pack_url = pack_folder_url(p);
    char *source_url = xasprintf("consultations/%s/", p->slug);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        Format format = (Format)f;
        char *path = xasprintf("%s%sindex.html", pack_url, format_dir(format));
        char *root = relative_root(path);
        /* Pack files sit beside the source's plain page, a folder above a translation's. */
        const char *depth = format == FORMAT_PLAIN ? (p->lang ? "../" : "") : (p->lang ? "../../" : "../");
        const SourceText *own = format == FORMAT_EASY_READ ? &content->easy_read : &content->index;
        SourceText src = {.path = xstrdup(own->path), .text = xstrdup(own->text),
                          .length = own->length, .first_line = own->first_line};
        int own_title_line = format == FORMAT_EASY_READ ? easy_title_line(&src) : 0;
        char *title = xstrdup(p->title);
        if (format == FORMAT_EASY_READ)
            take_easy_read_title(&src, &title);
        ok &= before_render(r, p, format, "index", &title, &src);

        xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
        Scope *s = scope_new();
        scope_pack(s, r, p, root, pack_url, has_feedback_page);
        scope_review(s, r, p, content, (ReviewFormat)format, root);
        /* The comment card in the reader's own format. */
        scope_textf(s, "comment_card_url", "%s%scomment-card/%s", root, pack_url, format_dir(format));
        scope_origin(s, src.path ? src.path : p->index_path);
        scope_text(s, "title", title);
        /* The title's words are the easy-read file's own first heading, or
         * else the front matter's title: findings name that line. */
        if (own_title_line || !strcmp(title, p->title)) {
            scope_origin_at(s, own_title_line ? src.path : p->index_path,
                            own_title_line ? own_title_line : p->title_line);
            scope_text(s, "title", title);
        }
        scope_origin(s, NULL);
        if (src.text) {
            xmlNodePtr prose = render_body(r, scratch, &src, format, p, content, depth, root,
                                           content->index.text, &ok);
            if (format != FORMAT_EASY_READ) {
                xmlNodePtr toc = contents_list(scratch, prose);
                if (toc)
                    scope_nodes(s, "contents", toc);
            }
            scope_nodes(s, "body", prose);
        } else {
            scope_flag(s, "no_easy_read", true);
        }
        /* schema.org markup once, on the plain page: the other formats
         * are the same consultation. */
        if (format == FORMAT_PLAIN) {
            char *json = structured_data_pack(r->site, p);
            scope_text(s, "structured_data", json);
            free(json);
        }
        xmlNodePtr body = render_content(r, format == FORMAT_EASY_READ ? TEMPLATE_EASY_READ
                                                                        : TEMPLATE_CONSULTATION, s, scratch);
        scope_free(s);

        Alternate alts[FORMAT_COUNT + 1];
        size_t alt_count = pack_alternates(r, alts, pack_url, format, pack_has_bsl(p, content));
        char *source = xstrdup(src.path ? src.path : p->index_path);
        PageShell shell = {
            .kind = PAGE_CONSULTATION, .kind_id = "consultation", .format = format, .path = path,
            .title = title, .description = p->summary, .source_path = source, .pack = p,
            .content_template = format == FORMAT_EASY_READ ? TEMPLATE_EASY_READ : TEMPLATE_CONSULTATION,
            .alternates = alts, .alternate_count = alt_count, .lang_base = source_url,
        };
        make_page(r, &shell, body);
        free_alternates(alts, alt_count);
        free(source);
        xmlFreeDoc(scratch);
        free(src.path);
        free(src.text);
        free(title);
        free(root);
        free(path);
    }
    free(source_url);
    free(pack_url);
    return ok;
}

/* The comment card in each format: easy read and large print readers
 * need a card they can read and fill in too. */
static void render_comment_card(const Renderer *r, const PackMeta *p, bool has_feedback_page, Format format)
{
    char *pack_url = pack_folder_url(p);
    char *source_url = xasprintf("consultations/%s/", p->slug);
    char *card_url = xasprintf("%scomment-card/", pack_url);
    char *path = xasprintf("%s%sindex.html", card_url, format_dir(format));
    char *root = relative_root(path);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_pack(s, r, p, root, pack_url, has_feedback_page);
    scope_flag(s, "easy_read", format == FORMAT_EASY_READ);
    scope_textf(s, "format_pack_url", "%s%s%s", root, pack_url, format_dir(format));
    xmlNodePtr body = render_content(r, TEMPLATE_COMMENT_CARD, s, scratch);
    scope_free(s);
    /* The card is in plain English: "Read this in" marks that as the
     * format shown, linking to this card; the others lead to the pack. */
    Alternate alts[FORMAT_COUNT];
    format_alternates(r, alts, card_url, format);
    const char *form = words_get(r->theme->words, render_lang(r), "comment_card_title");
    char *title = form ? words_fill(form, "title", p->title, (const char *)NULL)
                       : xasprintf("Comment card: %s", p->title);
    PageShell shell = {
        .kind = PAGE_COMMENT_CARD, .kind_id = "comment-card", .format = format, .path = path,
        .title = title, .description = p->summary, .source_path = p->index_path, .pack = p,
        .content_template = TEMPLATE_COMMENT_CARD, .alternates = alts, .alternate_count = FORMAT_COUNT,
        .lang_base = source_url,
    };
    make_page(r, &shell, body);
    free_alternates(alts, FORMAT_COUNT);
    free(source_url);
    free(title);
    xmlFreeDoc(scratch);
    free(root);
    free(path);
    free(card_url);
    free(pack_url);
}

/* TEXT with its first FROM changed to TO ("You said, we did: Library
 * opening hours" to "... Library times"); a copy of TEXT without one. */
static char *title_renamed(const char *text, const char *from, const char *to)
{
    const char *at = *from ? strstr(text, from) : NULL;
    if (!at)
        return xstrdup(text);
    return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static bool render_extra(const Renderer *r, const PackMeta *p, const PackContent *content,
                         const ExtraPageSource *x)
{
    bool ok = true;
    if (!slug_valid(x->slug)) {
        diag_error(x->source_path, 0, "a hook made a page called '%s': page names may only use "
                   "lowercase letters, digits and hyphens", x->slug);
        return false;
    }
    char *pack_url = pack_folder_url(p);
    char *base = xasprintf("%s%s/", pack_url, x->slug);
    char *source_url = xasprintf("consultations/%s/", p->slug);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        Format format = (Format)f;
        const char *md = x->markdown[f] ? x->markdown[f] : x->markdown[FORMAT_PLAIN];
        if (!md)
            continue;
        char *path = xasprintf("%s%sindex.html", base, format_dir(format));
        char *root = relative_root(path);
        const char *depth = format == FORMAT_PLAIN ? (p->lang ? "../../" : "../") : (p->lang ? "../../../" : "../../");
        /* first_line 0: the Markdown was made by the hook, so its lines are
         * not lines of any file; findings name the hook file alone. */
        SourceText src = {.path = xstrdup(x->source_path), .text = xstrdup(md), .length = strlen(md),
                          .first_line = 0};
        /* In easy read the consultation goes by its easy-read title, in the
         * page's title and in the link back to it. */
        char *easy_title = format == FORMAT_EASY_READ ? pack_easy_title(content) : NULL;
        const char *pack_title = easy_title ? easy_title : p->title;
        char *title = easy_title ? title_renamed(x->title, p->title, easy_title) : xstrdup(x->title);
        ok &= before_render(r, p, format, x->slug, &title, &src);
        xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
        Scope *s = scope_new();
        scope_pack(s, r, p, root, pack_url, true);
        if (!strcmp(x->slug, "you-said-we-did"))
            scope_review(s, r, p, content, REVIEW_YOU_SAID_WE_DID, root);
        scope_text(s, "title", title);
        scope_text(s, "consultation_title", pack_title);
        scope_text(s, "page_summary", x->summary);
        scope_flag(s, "easy_read", format == FORMAT_EASY_READ);
        scope_nodes(s, "body", render_body(r, scratch, &src, format, p, content, depth, root,
                                           x->markdown[FORMAT_PLAIN], &ok));
        xmlNodePtr body = render_content(r, TEMPLATE_FEEDBACK, s, scratch);
        scope_free(s);
        Alternate alts[FORMAT_COUNT];
        format_alternates(r, alts, base, format);
        PageShell shell = {
            .kind = PAGE_FEEDBACK, .kind_id = "feedback", .format = format, .path = path,
            .title = title, .description = x->summary, .source_path = x->source_path, .pack = p,
            .content_template = TEMPLATE_FEEDBACK, .alternates = alts, .alternate_count = FORMAT_COUNT,
            .lang_base = source_url,
        };
        make_page(r, &shell, body);
        free_alternates(alts, FORMAT_COUNT);
        xmlFreeDoc(scratch);
        free(src.path);
        free(src.text);
        free(title);
        free(easy_title);
        free(root);
        free(path);
    }
    free(source_url);
    free(pack_url);
    free(base);
    return ok;
}

bool render_pack(const Renderer *r, const PackMeta *meta, const PackContent *content,
                 const ExtraPageSource *extras, size_t extra_count)
{
    bool has_feedback_page = false;
    for (size_t i = 0; i < extra_count; i++)
        has_feedback_page |= !strcmp(extras[i].slug, "you-said-we-did");
    bool ok = render_formats(r, meta, content, has_feedback_page);
    for (int f = 0; f < FORMAT_COUNT; f++)
        render_comment_card(r, meta, has_feedback_page, (Format)f);
    render_bsl_page(r, meta, content);
    for (size_t i = 0; i < extra_count; i++)
        ok &= render_extra(r, meta, content, &extras[i]);
    return ok;
}

/* ---- British Sign Language ---- */

bool pack_has_bsl(const PackMeta *p, const PackContent *content)
{
    return p->bsl_url || (content && sl_contains(&content->files, "bsl.mp4"));
}

void render_bsl_page(const Renderer *r, const PackMeta *p, const PackContent *content)
{
    if (!pack_has_bsl(p, content))
        return;
    bool own = sl_contains(&content->files, "bsl.mp4");
    bool captions = sl_contains(&content->files, "bsl.vtt");
    /* One video, and a page around it in each language the pack is in, so
     * a Welsh reader's link leads to a Welsh page (cy/bsl/). */
    char *pack_url = pack_folder_url(p);
    char *source_url = xasprintf("consultations/%s/", p->slug);   /* the languages' common base */
    char *path = xasprintf("%sbsl/index.html", pack_url);
    const char *up = p->lang ? "../../" : "../";     /* to the pack's own files */
    char *video_file = xasprintf("%sbsl.mp4", up), *captions_file = xasprintf("%sbsl.vtt", up);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr article = dom_element(scratch, NULL, "article", NULL);
    dom_set(article, "class", "bsl");
    char *heading = words_fill(render_word(r, "bsl_title", "{title}: in British Sign Language"),
                               "title", p->title, (const char *)NULL);
    dom_element(scratch, article, "h1", heading);
    xmlNodePtr lead = dom_element(scratch, article, "p", p->summary);
    dom_set(lead, "class", "lead");
    const char *video_src = own ? video_file : p->bsl_url;
    if (own || str_ends_with(p->bsl_url, ".mp4") || str_ends_with(p->bsl_url, ".webm")) {
        xmlNodePtr video = dom_element(scratch, article, "video", NULL);
        xmlSetProp(video, BAD_CAST "controls", NULL);
        dom_set(video, "preload", "metadata");
        dom_set(video, "class", "bsl-video");
        xmlNodePtr source = dom_element(scratch, video, "source", NULL);
        dom_set(source, "src", video_src);
        dom_set(source, "type", str_ends_with(video_src, ".webm") ? "video/webm" : "video/mp4");
        if (captions) {
            xmlNodePtr track = dom_element(scratch, video, "track", NULL);
            dom_set(track, "kind", "captions");
            dom_set(track, "src", captions_file);
            dom_set(track, "srclang", r->site->language);   /* the captions are the source's words */
            dom_set(track, "label", render_word(r, "bsl_captions_label", "Captions"));
        }
        xmlNodePtr fallback = dom_element(scratch, video, "a", render_word(r, "bsl_fallback", "Download the video"));
        dom_set(fallback, "href", video_src);
    }
    xmlNodePtr p1 = dom_element(scratch, article, "p", NULL);
    xmlNodePtr watch = dom_element(scratch, p1, "a",
        own ? render_word(r, "bsl_download", "Download the British Sign Language video")
            : render_word(r, "bsl_watch", "Watch the British Sign Language video"));
    dom_set(watch, "href", video_src);
    if (captions)
        dom_element(scratch, article, "p", render_word(r, "bsl_captions", "The video has English captions. "
                                                       "Turn them on with the captions button in the player."));
    /* "The video says what the {link} says": the link's words sit where
     * the language puts them. */
    const char *says = render_word(r, "bsl_says", "The video says what the {link} says, in British Sign Language.");
    const char *hole = strstr(says, "{link}");
    xmlNodePtr p2 = dom_element(scratch, article, "p", NULL);
    if (hole) {
        char *before = xstrndup(says, (size_t)(hole - says));
        xmlAddChild(p2, xmlNewDocText(scratch, BAD_CAST before));
        free(before);
    }
    xmlNodePtr back = dom_element(scratch, p2, "a", render_word(r, "bsl_plain_page", "plain English page"));
    dom_set(back, "href", "../");
    xmlAddChild(p2, xmlNewDocText(scratch, BAD_CAST (hole ? hole + strlen("{link}") : says)));

    Alternate alts[FORMAT_COUNT + 1];
    size_t n = pack_alternates(r, alts, pack_url, FORMAT_COUNT, true);
    alts[n - 1].current = true;
    PageShell shell = {
        .kind = PAGE_BSL, .kind_id = "bsl", .format = FORMAT_PLAIN, .path = path, .title = heading,
        .description = p->summary, .source_path = p->index_path, .pack = p,
        .content_template = TEMPLATE_CONSULTATION, .alternates = alts, .alternate_count = n,
        .lang_base = source_url,
    };
    make_page(r, &shell, article);
    for (size_t i = 0; i < n; i++)
        free(alts[i].url);
    free(pack_url);
    free(source_url);
    free(video_file);
    free(captions_file);
    free(heading);
    xmlFreeDoc(scratch);
    free(path);
}
