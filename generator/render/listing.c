/* listing.c: how the hub, the A to Z and the search index list a pack,
 * in the language of the renderer (render.h: pack_listing_*). */
#include "render_internal.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>

/* A theme word with {date} (and {n}) filled in, else the English. */
static char *hub_dated(const Renderer *r, const char *key, const char *date, long n, const char *english)
{
    const Words *w = r->theme->words;
    char *form = n >= 0 ? words_count(w, render_lang(r), key, n) : NULL;
    const char *plain = n >= 0 ? NULL : words_get(w, render_lang(r), key);
    char number[24];
    snprintf(number, sizeof number, "%ld", n);
    char *text = form ? words_fill(form, "date", date, "n", number, (const char *)NULL)
               : plain ? words_fill(plain, "date", date, (const char *)NULL) : NULL;
    free(form);
    return text ? text : xstrdup(english);
}

PackMeta pack_listing_view(const Renderer *r, const PackMeta *source, bool *untranslated)
{
    const Translation *t = pack_translation(source, r->lang);
    *untranslated = r->lang && !t;
    return t ? translation_view(source, t) : *source;
}

const char *pack_listing_status(const Renderer *r, const PackMeta *p)
{
    return p->feedback_overdue ? render_word(r, "status_results_late", "Results late")
                               : render_word(r, status_word(p->status), status_name(p->status));
}

char *pack_listing_status_class(const PackMeta *p)
{
    return xasprintf("status status-%s%s", status_id(p->status), p->feedback_overdue ? " status-due" : "");
}

char *pack_listing_dates(const Renderer *r, const PackMeta *p, Day today)
{
    char buf[64];
    char *dates = NULL;
    switch (p->status) {
    case STATUS_OPEN: {
        int left = (int)(p->closes - today);
        words_date_long(r->theme->words, render_lang(r), p->closes, buf, sizeof buf);
        if (left == 0) {
            char *english = xasprintf("Closes today, %s", buf);
            dates = hub_dated(r, "status_closes_today", buf, -1, english);
            free(english);
        } else {
            char *english = xasprintf("Closes %s (%d day%s left)", buf, left, left == 1 ? "" : "s");
            dates = hub_dated(r, "hub_closes_days_left", buf, left, english);
            free(english);
        }
        break;
    }
    case STATUS_UPCOMING: {
        words_date_long(r->theme->words, render_lang(r), p->opens, buf, sizeof buf);
        char *english = xasprintf("Opens %s", buf);
        dates = hub_dated(r, "hub_opens", buf, -1, english);
        free(english);
        break;
    }
    case STATUS_CLOSED: {
        /* Between closing and results, the date people can expect them;
         * once that has passed, that it has, never "due soon". */
        char due[64];
        words_date_long(r->theme->words, render_lang(r), p->closes, buf, sizeof buf);
        words_date_long(r->theme->words, render_lang(r), p->feedback_due, due, sizeof due);
        char *english = xasprintf("Closed %s", buf);
        char *closed = hub_dated(r, "hub_closed", buf, -1, english);
        free(english);
        english = xasprintf(p->feedback_overdue ? "The results were due by %s" : "Results due by %s", due);
        char *when = hub_dated(r, p->feedback_overdue ? "hub_results_were_due" : "hub_results_due_by", due, -1,
                               english);
        free(english);
        dates = xasprintf("%s. %s", closed, when);
        free(closed);
        free(when);
        break;
    }
    default: {
        words_date_long(r->theme->words, render_lang(r), p->closes, buf, sizeof buf);
        char *english = xasprintf("Closed %s", buf);
        dates = hub_dated(r, "hub_closed", buf, -1, english);
        free(english);
        break;
    }
    }
    return dates;
}

