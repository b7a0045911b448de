/* hub.c: the front page, and one list per topic and per area.
 *
 * The hub sorts consultations by what a resident can do now: open ones
 * first (closing soonest first), then upcoming, then closed ones waiting
 * for results, then those with results.  Filters are plain links to
 * pre-built lists (topics/parking/, areas/north/), so they work without
 * JavaScript and can be bookmarked and shared.
 */
#include "render_internal.h"
#include "dom.h"
#include "feed.h"
#include "words.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Section {
    const char *key;          /* the template's list name */
    PackStatus status;
} Section;

static const Section sections[] = {
    {"open", STATUS_OPEN},
    {"upcoming", STATUS_UPCOMING},
    {"closed", STATUS_CLOSED},
    {"results", STATUS_RESULTS},
};

static const Site *sort_site;

/* Open: closing soonest first; upcoming: opening soonest first; closed
 * and results: most recently closed first. */
static int compare_for_hub(const void *a, const void *b)
{
    const PackMeta *x = *(const PackMeta *const *)a, *y = *(const PackMeta *const *)b;
    Day kx, ky;
    switch (x->status) {
    case STATUS_OPEN:     kx = x->closes; ky = y->closes; break;
    case STATUS_UPCOMING: kx = x->opens; ky = y->opens; break;
    default:              kx = -x->closes; ky = -y->closes; break;
    }
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return strcmp(x->slug, y->slug);
}

/* The topics and areas of every pack, slugified once.  Lists and filters
 * compare slugs for every pack on every list page: slugifying each term
 * each time made the hub quadratic in the number of packs (most of a
 * 5,000-pack build went there). */
typedef struct Filter {
    const char *name;         /* as written in front matter */
    char *slug;
    size_t count;             /* packs with a term of this slug */
} Filter;

/* One term of one pack, for finding the packs of a term by its slug. */
typedef struct Posting {
    const char *slug;
    size_t pack;
} Posting;

typedef struct TermIndex {
    const char *folder;       /* "topics" or "areas" */
    StrList *pack_slugs;      /* per pack: the slugs of its terms */
    Filter *filters;          /* distinct names, sorted */
    size_t filter_count;
    /* Every (slug, pack) once, sorted: the packs of a term in one search.
     * Asking every pack on every list page, and every list page showing
     * every filter, made the hub quadratic in the number of terms (4,000
     * topics took minutes). */
    Posting *postings;
    size_t posting_count;
    /* The filters a term's own page shows, in name order: the most used.
     * The front page shows them all. */
    size_t *shown;
    size_t shown_count;
} TermIndex;

#define FILTERS_ON_TERM_PAGES 40

typedef struct HubIndex {
    TermIndex topics, areas;
} HubIndex;

static const StrList *pack_terms(const PackMeta *p, const char *folder)
{
    return !strcmp(folder, "topics") ? &p->topics : &p->areas;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_postings(const void *a, const void *b)
{
    const Posting *x = a, *y = b;
    int c = strcmp(x->slug, y->slug);
    return c ? c : (x->pack > y->pack) - (x->pack < y->pack);
}

/* The first posting of slug, or t->posting_count. */
static size_t first_posting(const TermIndex *t, const char *slug)
{
    size_t lo = 0, hi = t->posting_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->postings[mid].slug, slug) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const TermIndex *sort_terms;     /* for compare_by_use: the hub renders on one thread */

static int compare_by_use(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const Filter *x = &sort_terms->filters[i], *y = &sort_terms->filters[j];
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return (i > j) - (i < j);
}

static int compare_indexes(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return (i > j) - (i < j);
}

static void term_index_build(TermIndex *t, const Site *site, const char *folder)
{
    memset(t, 0, sizeof *t);
    t->folder = folder;
    t->pack_slugs = xcalloc(site->pack_count + 1, sizeof *t->pack_slugs);
    size_t total = 0;
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = pack_terms(&site->packs[i], folder);
        for (size_t k = 0; k < terms->count; k++)
            sl_push_owned(&t->pack_slugs[i], slugify(terms->items[k]));
        total += terms->count;
    }
    /* Distinct names, sorted (as sl_sort sorts them). */
    const char **names = xcalloc(total + 1, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = pack_terms(&site->packs[i], folder);
        for (size_t k = 0; k < terms->count; k++)
            names[n++] = terms->items[k];
    }
    qsort(names, n, sizeof *names, compare_names);
    t->filters = xcalloc(n + 1, sizeof *t->filters);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
            t->filters[t->filter_count++] = (Filter){.name = names[i], .slug = slugify(names[i])};
    free(names);
    /* A pack with a term twice counts once: one posting per (slug, pack). */
    t->postings = xcalloc(total + 1, sizeof *t->postings);
    for (size_t i = 0; i < site->pack_count; i++)
        for (size_t k = 0; k < t->pack_slugs[i].count; k++)
            t->postings[t->posting_count++] = (Posting){t->pack_slugs[i].items[k], i};
    qsort(t->postings, t->posting_count, sizeof *t->postings, compare_postings);
    size_t kept = 0;
    for (size_t i = 0; i < t->posting_count; i++)
        if (!kept || compare_postings(&t->postings[i], &t->postings[kept - 1]) != 0)
            t->postings[kept++] = t->postings[i];
    t->posting_count = kept;
    for (size_t f = 0; f < t->filter_count; f++)
        for (size_t i = first_posting(t, t->filters[f].slug);
             i < t->posting_count && !strcmp(t->postings[i].slug, t->filters[f].slug); i++)
            t->filters[f].count++;
    t->shown = xcalloc(t->filter_count + 1, sizeof *t->shown);
    for (size_t f = 0; f < t->filter_count; f++)
        t->shown[f] = f;
    t->shown_count = t->filter_count;
    if (t->shown_count > FILTERS_ON_TERM_PAGES) {
        sort_terms = t;
        qsort(t->shown, t->shown_count, sizeof *t->shown, compare_by_use);
        t->shown_count = FILTERS_ON_TERM_PAGES;
        qsort(t->shown, t->shown_count, sizeof *t->shown, compare_indexes);
    }
}

static void term_index_free(TermIndex *t, size_t pack_count)
{
    for (size_t i = 0; i < pack_count; i++)
        sl_free(&t->pack_slugs[i]);
    free(t->pack_slugs);
    for (size_t f = 0; f < t->filter_count; f++)
        free(t->filters[f].slug);
    free(t->filters);
    free(t->postings);
    free(t->shown);
}

static void add_item(const Renderer *r, Scope *list_owner, const char *key, const PackMeta *source,
                     const char *root, Day today, Format format)
{
    Scope *item = scope_add_item(list_owner, key);
    /* In a translated hub, a pack with no translation is listed as it is,
     * in the source language, and says so with its own lang. */
    bool untranslated;
    PackMeta view = pack_listing_view(r, source, &untranslated);
    const PackMeta *p = &view;
    if (untranslated)
        scope_text(item, "item_lang", r->site->language);
    char *url = pack_folder_url(p);
    scope_text(item, "item_title", p->title);
    /* Each format's hub leads to the consultations in that format. */
    scope_textf(item, "item_url", "%s%s%s", root, url, format_dir(format));
    scope_textf(item, "item_easy_read_url", "%s%seasy-read/", root, url);
    scope_textf(item, "item_large_print_url", "%s%slarge-print/", root, url);
    scope_text(item, "item_summary", p->summary);
    scope_text(item, "item_status", pack_listing_status(r, p));
    char *status_class = pack_listing_status_class(p);
    scope_text(item, "item_status_class", status_class);
    free(status_class);
    char *dates = pack_listing_dates(r, p, today);
    scope_text(item, "item_dates", dates);
    free(dates);
    if (p->status == STATUS_RESULTS) {
        bool own = !p->lang || p->translation->has_feedback;
        scope_textf(item, "item_results_url", "%s%syou-said-we-did/%s", root, own ? url : "", format_dir(format));
        if (!own)
            scope_textf(item, "item_results_url", "%sconsultations/%s/you-said-we-did/%s", root, p->slug,
                        format_dir(format));
    }
    scope_flag(item, "item_results_due", p->feedback_overdue);
    free(url);
}

/* Every distinct topic (or area) with how many consultations have it; on
 * a term's own page, the most used (TermIndex.shown). */
static void add_filters(Scope *s, const char *key, const TermIndex *t, const char *root, const char *current,
                        const char *term_lang, bool term_page)
{
    scope_list(s, key);
    size_t count = term_page ? t->shown_count : t->filter_count;
    for (size_t k = 0; k < count; k++) {
        size_t i = term_page ? t->shown[k] : k;
        const Filter *f = &t->filters[i];
        Scope *item = scope_add_item(s, key);
        scope_text(item, "filter_name", f->name);
        scope_text(item, "filter_lang", term_lang);
        scope_textf(item, "filter_count", "%zu", f->count);
        scope_textf(item, "filter_url", "%s%s/%s/", root, t->folder, f->slug);
        if (current && !strcmp(current, f->slug))
            scope_text(item, "filter_current", "page");
    }
}

/* One hub page: all consultations (folder NULL) or those with one term.
 * The whole hub is in every format (easy-read/, large-print/), so each
 * reader has a way in; the topic and area lists are in plain English. */
static void render_list(const Renderer *r, const HubIndex *hub, const char *folder, const char *term,
                        const char *term_slug, Format format)
{
    const Site *site = r->site;
    const char *lang_folder = r->lang ? r->lang : "", *slash = r->lang ? "/" : "";
    char *path = folder ? xasprintf("%s%s%s/%s/index.html", lang_folder, slash, folder, term_slug)
                        : xasprintf("%s%s%sindex.html", lang_folder, slash, format_dir(format));
    char *root = relative_root(path);
    char *home = xasprintf("%s%s%s", root, lang_folder, slash);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    const char *form = folder ? words_get(r->theme->words, render_lang(r),
                                          !strcmp(folder, "topics") ? "hub_title_topic" : "hub_title_area") : NULL;
    char *title = form ? words_fill(form, "term", term, (const char *)NULL)
                : folder ? xasprintf("Consultations %s %s", !strcmp(folder, "topics") ? "about" : "in", term)
                         : xstrdup(site->title);
    scope_text(s, "title", title);
    if (r->lang && !folder)
        scope_text(s, "title_lang", site->language);    /* the site's own name */
    scope_flag(s, "filtered", folder != NULL);
    scope_flag(s, "plain_hub", format == FORMAT_PLAIN);
    scope_flag(s, "easy_hub", format == FORMAT_EASY_READ);
    scope_flag(s, "large_print_hub", format == FORMAT_LARGE_PRINT);
    scope_textf(s, "pic_people", "%spictures/people.svg", root);
    scope_text(s, "all_url", *home ? home : "./");
    char *feed = feed_path_for_list(folder, term_slug);
    scope_textf(s, "feed_url", "%s%s", root, feed);
    free(feed);
    scope_text(s, "alerts_url", site->alerts_url);
    scope_textf(s, "calendar_url", "%scalendar.ics", root);
    /* Each language has its own A to Z and search index, in its words. */
    scope_textf(s, "a_to_z_url", "%sa-z/", home);
    scope_textf(s, "search_url", "%ssearch/", home);
    scope_textf(s, "search_js_url", "%sjs/search.js", root);

    const PackMeta **sorted = xcalloc(site->pack_count + 1, sizeof *sorted);
    size_t n = 0;
    if (!folder) {
        for (size_t i = 0; i < site->pack_count; i++)
            sorted[n++] = &site->packs[i];
    } else {
        const TermIndex *t = !strcmp(folder, "topics") ? &hub->topics : &hub->areas;
        for (size_t i = first_posting(t, term_slug);
             i < t->posting_count && !strcmp(t->postings[i].slug, term_slug); i++)
            sorted[n++] = &site->packs[t->postings[i].pack];
    }
    sort_site = site;
    qsort(sorted, n, sizeof *sorted, compare_for_hub);
    size_t counts[4] = {0};
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        scope_list(s, sections[k].key);
        for (size_t i = 0; i < n; i++)
            if (sorted[i]->status == sections[k].status) {
                add_item(r, s, sections[k].key, sorted[i], root, site->today, format);
                counts[k]++;
            }
    }
    scope_textf(s, "open_count", "%zu", counts[0]);
    scope_flag(s, "none", n == 0);
    free(sorted);
    add_filters(s, "topic_filters", &hub->topics, home, folder && !strcmp(folder, "topics") ? term_slug : NULL,
                r->lang ? site->language : NULL, folder != NULL);
    add_filters(s, "area_filters", &hub->areas, home, folder && !strcmp(folder, "areas") ? term_slug : NULL,
                r->lang ? site->language : NULL, folder != NULL);

    xmlNodePtr body = render_content(r, TEMPLATE_HUB, s, scratch);
    scope_free(s);
    Alternate alts[FORMAT_COUNT];
    char *alt_base = xasprintf("%s%s", lang_folder, slash);
    format_alternates(r, alts, alt_base, format);
    free(alt_base);
    PageShell shell = {
        .kind = PAGE_HUB, .kind_id = "hub", .format = format, .path = path, .title = title,
        .description = site->organisation, .source_path = "site.yml", .content_template = TEMPLATE_HUB,
        .nav_current = folder ? NULL : "hub", .lang_base = "",
        .alternates = folder ? NULL : alts, .alternate_count = folder ? 0 : FORMAT_COUNT,
    };
    make_page(r, &shell, body);
    free_alternates(alts, FORMAT_COUNT);
    xmlFreeDoc(scratch);
    free(home);
    free(title);
    free(root);
    free(path);
}

/* One list per distinct term slug, named by the first pack's spelling. */
static void render_term_lists(const Renderer *r, const HubIndex *hub, const TermIndex *t)
{
    const Site *site = r->site;
    bool *done = xcalloc(t->posting_count + 1, sizeof *done);   /* by a slug's first posting */
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = pack_terms(&site->packs[i], t->folder);
        for (size_t k = 0; k < terms->count; k++) {
            const char *slug = t->pack_slugs[i].items[k];
            size_t first = first_posting(t, slug);
            if (*slug && !done[first]) {
                render_list(r, hub, t->folder, terms->items[k], slug, FORMAT_PLAIN);
                done[first] = true;
            }
        }
    }
    free(done);
}

bool render_hub(const Renderer *r)
{
    HubIndex hub;
    term_index_build(&hub.topics, r->site, "topics");
    term_index_build(&hub.areas, r->site, "areas");
    for (int f = 0; f < FORMAT_COUNT; f++)
        render_list(r, &hub, NULL, NULL, NULL, (Format)f);
    render_term_lists(r, &hub, &hub.topics);
    render_term_lists(r, &hub, &hub.areas);
    render_a_to_z(r);
    term_index_free(&hub.topics, r->site->pack_count);
    term_index_free(&hub.areas, r->site->pack_count);
    return true;
}
