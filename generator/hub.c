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

#include <libxml/HTMLtree.h>
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

static bool matches(const PackMeta *p, const char *folder, const char *term_slug)
{
    if (!folder)
        return true;
    const StrList *terms = !strcmp(folder, "topics") ? &p->topics : &p->areas;
    for (size_t i = 0; i < terms->count; i++) {
        char *s = slugify(terms->items[i]);
        bool same = !strcmp(s, term_slug);
        free(s);
        if (same)
            return true;
    }
    return false;
}

static void add_item(Scope *list_owner, const char *key, const PackMeta *p, const char *root, Day today)
{
    Scope *item = scope_add_item(list_owner, key);
    char buf[64];
    scope_text(item, "item_title", p->title);
    scope_textf(item, "item_url", "%sconsultations/%s/", root, p->slug);
    scope_textf(item, "item_easy_read_url", "%sconsultations/%s/easy-read/", root, p->slug);
    scope_textf(item, "item_large_print_url", "%sconsultations/%s/large-print/", root, p->slug);
    scope_text(item, "item_summary", p->summary);
    scope_text(item, "item_status", p->feedback_overdue ? "Results due" : status_name(p->status));
    scope_textf(item, "item_status_class", "status status-%s%s", status_id(p->status),
                p->feedback_overdue ? " status-due" : "");
    switch (p->status) {
    case STATUS_OPEN: {
        int left = (int)(p->closes - today);
        date_long(p->closes, buf, sizeof buf);
        if (left == 0)
            scope_textf(item, "item_dates", "Closes today, %s", buf);
        else
            scope_textf(item, "item_dates", "Closes %s (%d day%s left)", buf, left, left == 1 ? "" : "s");
        break;
    }
    case STATUS_UPCOMING:
        date_long(p->opens, buf, sizeof buf);
        scope_textf(item, "item_dates", "Opens %s", buf);
        break;
    default:
        date_long(p->closes, buf, sizeof buf);
        scope_textf(item, "item_dates", "Closed %s", buf);
        break;
    }
    if (p->status == STATUS_RESULTS)
        scope_textf(item, "item_results_url", "%sconsultations/%s/you-said-we-did/", root, p->slug);
    scope_flag(item, "item_results_due", p->feedback_overdue);
}

/* Every distinct topic (or area) with how many consultations have it. */
static void add_filters(Scope *s, const char *key, const char *folder, const Site *site, const char *root,
                        const char *current)
{
    StrList names = {0};
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = !strcmp(folder, "topics") ? &site->packs[i].topics : &site->packs[i].areas;
        for (size_t k = 0; k < terms->count; k++)
            if (!sl_contains(&names, terms->items[k]))
                sl_push(&names, terms->items[k]);
    }
    sl_sort(&names);
    scope_list(s, key);
    for (size_t i = 0; i < names.count; i++) {
        char *slug = slugify(names.items[i]);
        size_t count = 0;
        for (size_t k = 0; k < site->pack_count; k++)
            count += matches(&site->packs[k], folder, slug);
        Scope *item = scope_add_item(s, key);
        scope_text(item, "filter_name", names.items[i]);
        scope_textf(item, "filter_count", "%zu", count);
        scope_textf(item, "filter_url", "%s%s/%s/", root, folder, slug);
        if (current && !strcmp(current, slug))
            scope_text(item, "filter_current", "page");
        free(slug);
    }
    sl_free(&names);
}

/* One hub page: all consultations (folder NULL) or those with one term. */
static void render_list(const Renderer *r, const char *folder, const char *term, const char *term_slug)
{
    const Site *site = r->site;
    char *path = folder ? xasprintf("%s/%s/index.html", folder, term_slug) : xstrdup("index.html");
    char *root = relative_root(path);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    char *title = folder ? xasprintf("Consultations %s %s", !strcmp(folder, "topics") ? "about" : "in", term)
                         : xstrdup(site->title);
    scope_text(s, "title", title);
    scope_flag(s, "filtered", folder != NULL);
    scope_text(s, "all_url", *root ? root : "./");
    scope_text(s, "feed_url", folder ? NULL : "feed.xml");

    const PackMeta **sorted = xcalloc(site->pack_count + 1, sizeof *sorted);
    size_t n = 0;
    for (size_t i = 0; i < site->pack_count; i++)
        if (matches(&site->packs[i], folder, term_slug))
            sorted[n++] = &site->packs[i];
    sort_site = site;
    qsort(sorted, n, sizeof *sorted, compare_for_hub);
    size_t counts[4] = {0};
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        scope_list(s, sections[k].key);
        for (size_t i = 0; i < n; i++)
            if (sorted[i]->status == sections[k].status) {
                add_item(s, sections[k].key, sorted[i], root, site->today);
                counts[k]++;
            }
    }
    scope_textf(s, "open_count", "%zu", counts[0]);
    scope_flag(s, "none", n == 0);
    free(sorted);
    add_filters(s, "topic_filters", "topics", site, root, folder && !strcmp(folder, "topics") ? term_slug : NULL);
    add_filters(s, "area_filters", "areas", site, root, folder && !strcmp(folder, "areas") ? term_slug : NULL);

    xmlNodePtr body = render_content(r, TEMPLATE_HUB, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_HUB, .kind_id = "hub", .format = FORMAT_PLAIN, .path = path, .title = title,
        .description = site->organisation, .source_path = "site.yml", .content_template = TEMPLATE_HUB,
        .nav_current = folder ? NULL : "hub",
    };
    make_page(r, &shell, body);
    xmlFreeDoc(scratch);
    free(title);
    free(root);
    free(path);
}

static void render_term_lists(const Renderer *r, const char *folder)
{
    const Site *site = r->site;
    StrList done = {0};
    for (size_t i = 0; i < site->pack_count; i++) {
        const StrList *terms = !strcmp(folder, "topics") ? &site->packs[i].topics : &site->packs[i].areas;
        for (size_t k = 0; k < terms->count; k++) {
            char *slug = slugify(terms->items[k]);
            if (*slug && !sl_contains(&done, slug)) {
                render_list(r, folder, terms->items[k], slug);
                sl_push(&done, slug);
            }
            free(slug);
        }
    }
    sl_free(&done);
}

bool render_hub(const Renderer *r)
{
    render_list(r, NULL, NULL, NULL);
    render_term_lists(r, "topics");
    render_term_lists(r, "areas");
    return true;
}
