/* render_pack.c: a consultation's pages.
 *
 * From one pack: the plain-English page, the easy-read page, the
 * large-print page, a printable comment card, and the extra pages hooks
 * make (such as "You said, we did"), each of those in three formats too.
 */
#include "render_internal.h"
#include "diag.h"
#include "dom.h"
#include "load.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_hints[FORMAT_COUNT] = {
    "the full information in clear language",
    "short sentences with pictures",
    "bigger text, and prints on A4 in large print",
};

static const char *level_name(const char *level)
{
    if (!strcmp(level, "information"))   return "Information";
    if (!strcmp(level, "co-production")) return "Co-production";
    if (!strcmp(level, "citizen-power")) return "Citizen power";
    return "Consultation";
}

static const char *level_text(const char *level)
{
    if (!strcmp(level, "information"))
        return "We are telling you about a change. You can still ask us questions.";
    if (!strcmp(level, "co-production"))
        return "We are planning this together with the people who use the service.";
    if (!strcmp(level, "citizen-power"))
        return "People in the community lead this work and make the decisions.";
    return "We are asking what you think before we decide.";
}

/* The three formats of a page that lives at base ("consultations/bus/"). */
static void format_alternates(Alternate out[FORMAT_COUNT], const char *base, Format current)
{
    for (int f = 0; f < FORMAT_COUNT; f++) {
        out[f].name = format_name((Format)f);
        out[f].hint = format_hints[f];
        out[f].url = xasprintf("%s%s", base, format_dir((Format)f));
        out[f].current = f == (int)current;
    }
}

static void free_alternates(Alternate *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i].url);
}

/* "Closes in 12 days, on Friday 4 December 2026". */
static char *status_text(const PackMeta *p, Day today)
{
    char opens[48], closes[48];
    date_long(p->opens, opens, sizeof opens);
    date_long(p->closes, closes, sizeof closes);
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

static void scope_term_list(Scope *s, const char *key, const char *folder, const StrList *terms,
                            const char *root)
{
    scope_list(s, key);
    for (size_t i = 0; i < terms->count; i++) {
        Scope *item = scope_add_item(s, key);
        char *slug = slugify(terms->items[i]);
        scope_text(item, "term_name", terms->items[i]);
        scope_textf(item, "term_url", "%s%s/%s/", root, folder, slug);
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
static char *event_when(const Event *ev, Day day)
{
    char date[48], from[16], to[16];
    date_long(day, date, sizeof date);
    if (!ev->time)
        return xstrdup(date);
    clock_words(ev->time, from, sizeof from);
    const char *dash = strchr(ev->time, '-');
    if (!dash)
        return xasprintf("%s, %s", date, from);
    clock_words(dash + 1, to, sizeof to);
    return xasprintf("%s, %s to %s", date, from, to);
}

/* Events still to come are invitations, only while people can still take
 * part; events that have passed are listed as past, in any status. */
static void scope_events(Scope *s, const PackMeta *p, Day today)
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
        char *when = event_when(ev, day);
        scope_text(e, "event_date", when);
        free(when);
        scope_text(e, "event_place", ev->place);
        scope_text(e, "event_access", ev->access);
        scope_text(e, "event_booking", ev->booking);
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
    scope_text(s, "status_name", p->feedback_overdue ? "Results late" : status_name(p->status));
    char *st = status_text(p, site->today);
    scope_text(s, "status_text", st);
    free(st);
    date_long(p->opens, buf, sizeof buf);
    scope_text(s, "opens_long", buf);
    date_iso(p->opens, buf);
    scope_text(s, "opens_iso", buf);
    date_long(p->closes, buf, sizeof buf);
    scope_text(s, "closes_long", buf);
    date_iso(p->closes, buf);
    scope_text(s, "closes_iso", buf);
    scope_flag(s, "is_open", p->status == STATUS_OPEN);
    scope_flag(s, "is_upcoming", p->status == STATUS_UPCOMING);
    scope_flag(s, "is_closed", p->status == STATUS_CLOSED || p->status == STATUS_RESULTS);
    scope_text(s, "level_name", level_name(p->level));
    scope_text(s, "level_text", level_text(p->level));
    scope_term_list(s, "topics", "topics", &p->topics, root);
    scope_term_list(s, "areas", "areas", &p->areas, root);

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
    scope_events(s, p, site->today);
    if (p->decision.date != DAY_NONE || p->decision.summary) {
        scope_flag(s, "has_decision", true);
        if (p->decision.date != DAY_NONE) {
            date_long(p->decision.date, buf, sizeof buf);
            scope_text(s, "decision_date", buf);
        }
        scope_text(s, "decision_summary", p->decision.summary);
    }
    scope_textf(s, "plain_url", "%s%s", root, pack_url);
    scope_textf(s, "easy_read_url", "%s%seasy-read/", root, pack_url);
    scope_textf(s, "large_print_url", "%s%slarge-print/", root, pack_url);
    scope_textf(s, "comment_card_url", "%s%scomment-card/", root, pack_url);
    if (has_feedback_page) {
        /* Feedback shown while open is only what has been heard so far:
         * never worded as what was done. */
        bool interim = p->status != STATUS_RESULTS;
        scope_textf(s, "feedback_url", "%s%syou-said-we-did/", root, pack_url);
        scope_textf(s, "feedback_easy_url", "%s%syou-said-we-did/easy-read/", root, pack_url);
        scope_text(s, "feedback_link_text",
                   interim ? "What we have heard so far: what people have told us while this "
                             "consultation is open"
                           : "You said, we did: what happened after people told us their views");
        scope_flag(s, interim ? "feedback_interim" : "feedback_final", true);
    }
    /* Pictures the templates use by name: pic_calendar, pic_phone, ... */
    static const char *const pictures[] = {"calendar", "tick", "question", "phone", "email", "write",
        "letter", "meeting", "people", "cross", "clock", NULL};
    for (const char *const *name = pictures; *name; name++) {
        char key[32];
        snprintf(key, sizeof key, "pic_%s", *name);
        scope_textf(s, key, "%spictures/%s.svg", root, *name);
    }
    scope_flag(s, "results_due", p->feedback_overdue);
    scope_flag(s, "awaiting_results", p->status == STATUS_CLOSED && !p->feedback_overdue);
    date_long(p->feedback_due, buf, sizeof buf);
    scope_text(s, "results_due_long", buf);
    scope_origin(s, NULL);
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
    if (format == FORMAT_EASY_READ)
        easy_read_rows(prose, scratch);
    else if (format == FORMAT_LARGE_PRINT)
        large_print_adapt(prose);
    return prose;
}

/* An easy-read file usually starts with its own, simpler title
 * ("# Evening buses"): that becomes the page's title, and the line is
 * blanked rather than removed so line numbers still match the file. */
static void take_easy_read_title(SourceText *src, char **title)
{
    char *p = src->text;
    if (!p)
        return;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        p++;
    if (p[0] != '#' || p[1] != ' ')
        return;
    char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *heading = xstrndup(p + 2, n - 2);
    char *t = str_trim(heading);
    if (*t) {
        free(*title);
        *title = xstrdup(t);
        memset(p, ' ', n);
    }
    free(heading);
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
    if (!src->text || strcmp(markdown, src->text) != 0) {
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
    char *pack_url = xasprintf("consultations/%s/", p->slug);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        Format format = (Format)f;
        char *path = xasprintf("%s%sindex.html", pack_url, format_dir(format));
        char *root = relative_root(path);
        const char *depth = format == FORMAT_PLAIN ? "" : "../";
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
        xmlNodePtr body = render_content(r, format == FORMAT_EASY_READ ? TEMPLATE_EASY_READ
                                                                        : TEMPLATE_CONSULTATION, s, scratch);
        scope_free(s);

        Alternate alts[FORMAT_COUNT];
        format_alternates(alts, pack_url, format);
        char *source = xstrdup(src.path ? src.path : p->index_path);
        PageShell shell = {
            .kind = PAGE_CONSULTATION, .kind_id = "consultation", .format = format, .path = path,
            .title = title, .description = p->summary, .source_path = source, .pack = p,
            .content_template = format == FORMAT_EASY_READ ? TEMPLATE_EASY_READ : TEMPLATE_CONSULTATION,
            .alternates = alts, .alternate_count = FORMAT_COUNT,
        };
        make_page(r, &shell, body);
        free_alternates(alts, FORMAT_COUNT);
        free(source);
        xmlFreeDoc(scratch);
        free(src.path);
        free(src.text);
        free(title);
        free(root);
        free(path);
    }
    free(pack_url);
    return ok;
}

static void render_comment_card(const Renderer *r, const PackMeta *p, bool has_feedback_page)
{
    char *pack_url = xasprintf("consultations/%s/", p->slug);
    char *path = xasprintf("%scomment-card/index.html", pack_url);
    char *root = relative_root(path);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_pack(s, r, p, root, pack_url, has_feedback_page);
    xmlNodePtr body = render_content(r, TEMPLATE_COMMENT_CARD, s, scratch);
    scope_free(s);
    /* The card is in plain English: "Read this in" marks that as the
     * format shown, linking to this card; the others lead to the pack. */
    Alternate alts[FORMAT_COUNT];
    format_alternates(alts, pack_url, FORMAT_PLAIN);
    free(alts[FORMAT_PLAIN].url);
    alts[FORMAT_PLAIN].url = xasprintf("%scomment-card/", pack_url);
    char *title = xasprintf("Comment card: %s", p->title);
    PageShell shell = {
        .kind = PAGE_COMMENT_CARD, .kind_id = "comment-card", .format = FORMAT_PLAIN, .path = path,
        .title = title, .description = p->summary, .source_path = p->index_path, .pack = p,
        .content_template = TEMPLATE_COMMENT_CARD, .alternates = alts, .alternate_count = FORMAT_COUNT,
    };
    make_page(r, &shell, body);
    free_alternates(alts, FORMAT_COUNT);
    free(title);
    xmlFreeDoc(scratch);
    free(root);
    free(path);
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
    char *base = xasprintf("consultations/%s/%s/", p->slug, x->slug);
    char *pack_url = xasprintf("consultations/%s/", p->slug);
    for (int f = 0; f < FORMAT_COUNT; f++) {
        Format format = (Format)f;
        const char *md = x->markdown[f] ? x->markdown[f] : x->markdown[FORMAT_PLAIN];
        if (!md)
            continue;
        char *path = xasprintf("%s%sindex.html", base, format_dir(format));
        char *root = relative_root(path);
        const char *depth = format == FORMAT_PLAIN ? "../" : "../../";
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
        scope_text(s, "title", title);
        scope_text(s, "consultation_title", pack_title);
        scope_text(s, "page_summary", x->summary);
        scope_flag(s, "easy_read", format == FORMAT_EASY_READ);
        scope_nodes(s, "body", render_body(r, scratch, &src, format, p, content, depth, root,
                                           x->markdown[FORMAT_PLAIN], &ok));
        xmlNodePtr body = render_content(r, TEMPLATE_FEEDBACK, s, scratch);
        scope_free(s);
        Alternate alts[FORMAT_COUNT];
        format_alternates(alts, base, format);
        PageShell shell = {
            .kind = PAGE_FEEDBACK, .kind_id = "feedback", .format = format, .path = path,
            .title = title, .description = x->summary, .source_path = x->source_path, .pack = p,
            .content_template = TEMPLATE_FEEDBACK, .alternates = alts, .alternate_count = FORMAT_COUNT,
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
    render_comment_card(r, meta, has_feedback_page);
    for (size_t i = 0; i < extra_count; i++)
        ok &= render_extra(r, meta, content, &extras[i]);
    return ok;
}
