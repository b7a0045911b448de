/* load.c: reading a site's source into the site model. */
#include "load.h"
#include "attachment.h"
#include "diag.h"
#include "encoding.h"
#include "front_cache.h"
#include "review.h"
#include "site_config.h"
#include "language.h"
#include "translation.h"
#include "yamldoc.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What is wrong with a name slug_valid refused, to follow "so it ". */
static const char *slug_problem(const char *slug)
{
    if (strlen(slug) > 100)
        return "may be at most 100 characters long";
    if (slug[0] == '-')
        return "may not start with a hyphen";
    return "may only use lowercase letters, digits and hyphens";
}

/* Pack files are published under their own names, so the names must be
 * safe in a web address: letters, digits, hyphens, underscores and dots. */
static bool file_name_publishable(const char *name)
{
    if (!*name || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}


/* ---- consultation packs ---- */

static bool read_date(YamlDoc *y, yaml_node_t *map, const char *key, bool required, Day *out)
{
    *out = DAY_NONE;
    yaml_node_t *n = yamldoc_get(y, map, key);
    char *text = yamldoc_string(y, map, key);
    if (!text) {
        if (required && !y->failed) {
            diag_error(y->path, n ? yamldoc_line(y, n) : 1, "%s is missing: give a date as YYYY-MM-DD", key);
            y->failed = true;
        }
        return false;
    }
    bool ok = date_parse(text, out);
    if (!ok) {
        diag_error(y->path, yamldoc_line(y, n), "%s '%s' is not a date: write it as YYYY-MM-DD, like 2026-03-31",
                   key, text);
        y->failed = true;
    }
    free(text);
    return ok;
}

/* "HH:MM" with hours 00-23 and minutes 00-59; returns minutes past midnight. */
static int clock_minutes(const char *t, size_t n)
{
    if (n != 5 || t[2] != ':')
        return -1;
    for (size_t i = 0; i < 5; i++)
        if (i != 2 && (t[i] < '0' || t[i] > '9'))
            return -1;
    int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static bool event_time_valid(const char *time)
{
    const char *dash = strchr(time, '-');
    if (!dash)
        return clock_minutes(time, strlen(time)) >= 0;
    int from = clock_minutes(time, (size_t)(dash - time));
    int to = clock_minutes(dash + 1, strlen(dash + 1));
    return from >= 0 && to > from;
}

/* An event's date is a real date and its time a clock time, so pages can
 * tell whether it has happened: free text such as "28/12/2026, 6pm" is
 * an error at its line, with how to write it. */
static void check_event_when(YamlDoc *y, yaml_node_t *e, const Event *ev)
{
    Day day;
    if (ev->date && date_has_iso_form(ev->date) && !date_parse(ev->date, &day)) {
        /* Written right, but a day no calendar has (2027-02-29). */
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, e, "date")),
                   "event date '%s' is not a day on the calendar", ev->date);
        y->failed = true;
    } else if (ev->date && !date_parse(ev->date, &day)) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, e, "date")),
                   "event date '%s' is not a date: write it as YYYY-MM-DD, like 2026-12-03, "
                   "and the time on its own line, like `time: 18:00-20:00`", ev->date);
        y->failed = true;
    }
    if (ev->time && !event_time_valid(ev->time)) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, e, "time")),
                   "event time '%s' is not a time: write HH:MM or HH:MM-HH:MM on the 24-hour "
                   "clock, like 18:00-20:00", ev->time);
        y->failed = true;
    }
}

static void read_respond(YamlDoc *y, yaml_node_t *map, Respond *r)
{
    static const char *const keys[] = {"online", "email", "phone", "post", "events", NULL};
    static const char *const event_keys[] = {"date", "time", "place", "access", "booking", NULL};
    if (!map)
        return;
    yamldoc_warn_unknown_keys(y, map, keys);
    r->online = yamldoc_string(y, map, "online");
    r->email = yamldoc_string(y, map, "email");
    r->phone = yamldoc_string(y, map, "phone");
    r->post = yamldoc_string(y, map, "post");
    if (r->online && !str_starts_with(r->online, "https://") && !str_starts_with(r->online, "http://")) {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, map, "online")),
                   "respond.online must be a web address starting https://");
        y->failed = true;
    }
    yaml_node_t *events = yamldoc_sequence(y, map, "events");
    if (!events)
        return;
    for (yaml_node_item_t *i = events->data.sequence.items.start; i < events->data.sequence.items.top; i++) {
        yaml_node_t *e = yaml_document_get_node(&y->doc, *i);
        if (!e || e->type != YAML_MAPPING_NODE) {
            diag_error(y->path, yamldoc_line(y, e ? e : events), "each event needs date, place and access keys");
            y->failed = true;
            continue;
        }
        yamldoc_warn_unknown_keys(y, e, event_keys);
        r->events = xrealloc(r->events, (r->event_count + 1) * sizeof *r->events);
        Event *ev = &r->events[r->event_count++];
        ev->date = yamldoc_string(y, e, "date");
        ev->place = yamldoc_string(y, e, "place");
        ev->access = yamldoc_string(y, e, "access");
        ev->time = yamldoc_string(y, e, "time");
        ev->booking = yamldoc_string(y, e, "booking");
        ev->line = yamldoc_line(y, e);
        ev->place_line = ev->place ? yamldoc_line(y, yamldoc_get(y, e, "place")) : 0;
        ev->access_line = ev->access ? yamldoc_line(y, yamldoc_get(y, e, "access")) : 0;
        ev->booking_line = ev->booking ? yamldoc_line(y, yamldoc_get(y, e, "booking")) : 0;
        if (!ev->date || !ev->place) {
            diag_error(y->path, yamldoc_line(y, e), "an event needs a date and a place");
            y->failed = true;
        }
        check_event_when(y, e, ev);
    }
}

static bool load_pack_meta(const Site *site, const char *slug, PackMeta *p)
{
    memset(p, 0, sizeof *p);
    p->slug = xstrdup(slug);
    char *consultations = path_join(site->source_dir, "consultations");
    p->dir = path_join(consultations, slug);
    free(consultations);
    p->index_path = xasprintf("consultations/%s/index.md", slug);
    p->opens = p->closes = DAY_NONE;
    p->decision.date = DAY_NONE;

    char *index = path_join(p->dir, "index.md");
    if (!file_exists(index)) {
        char *display = xasprintf("consultations/%s", slug);
        /* A folder sayso may not read is not one without an index.md. */
        if (access(p->dir, R_OK | X_OK) != 0)
            diag_error(display, 0, "cannot read this folder: %s", strerror(errno));
        else
            diag_error(display, 0, "this consultation folder has no index.md: add one with its front "
                       "matter and text, or move the folder out of consultations/");
        free(display);
        free(index);
        return false;
    }
    char *front = NULL;
    size_t front_len = 0;
    int front_line = 1;
    SourceText body;
    bool ok = load_markdown_file(index, p->index_path, site->encoding, &front, &front_len, &front_line, &body);
    free(index);
    if (!ok)
        return false;
    free(body.text);
    free(body.path);
    if (!front) {
        diag_error(p->index_path, 1, "index.md must start with front matter: a '---' line, "
                   "then at least title, summary, opens and closes, then '---'");
        return false;
    }
    ok = load_pack_front_matter(site, front, front_len, front_line, p);
    free(front);
    if (!ok)
        return false;

    char *easy = path_join(p->dir, "easy-read.md");
    char *csv = path_join(p->dir, "you-said-we-did.csv");
    p->has_easy_read = file_exists(easy);
    p->has_feedback = file_exists(csv);
    free(easy);
    free(csv);
    return true;
}

bool load_pack_front_matter(const Site *site, const char *front, size_t front_len, int front_line, PackMeta *p)
{
    static const char *const keys[] = {"title", "summary", "opens", "closes", "level", "topics",
        "areas", "respond", "contact", "decision", "encoding", "bsl", "results", NULL};
    static const char *const levels[] = {"information", "consulting", "co-production", "citizen-power", NULL};
    p->encoding = xstrdup(site->encoding);
    YamlDoc y;
    if (!yamldoc_parse(&y, front, front_len, p->index_path, front_line))
        return false;
    yaml_node_t *root = yamldoc_root(&y);
    if (!root || root->type != YAML_MAPPING_NODE) {
        diag_error(p->index_path, front_line, "the front matter must be `key: value` lines");
        yamldoc_free(&y);
        return false;
    }
    yamldoc_warn_unknown_keys(&y, root, keys);
    p->title = yamldoc_string(&y, root, "title");
    p->summary = yamldoc_string(&y, root, "summary");
    p->bsl_url = yamldoc_string(&y, root, "bsl");
    if (p->bsl_url && strncmp(p->bsl_url, "https://", 8) != 0) {
        diag_error(p->index_path, yamldoc_line(&y, yamldoc_get(&y, root, "bsl")),
                   "bsl must be the full web address (https://...) of a British Sign Language video; "
                   "for a video in the pack, name it bsl.mp4 instead");
        y.failed = true;
    }
    char *own_encoding = yamldoc_string(&y, root, "encoding");
    if (own_encoding) {
        free(p->encoding);
        p->encoding = own_encoding;
    }
    if (!p->title || !*str_trim(p->title)) {
        if (!y.failed)
            diag_error(p->index_path, front_line, "the consultation needs a title: add a line like "
                       "`title: Changes to evening buses` to the front matter");
        y.failed = true;
    }
    if (!p->summary || !*str_trim(p->summary)) {
        if (!y.failed)
            diag_error(p->index_path, front_line, "the consultation needs a summary: one or two plain sentences");
        y.failed = true;
    }
    /* Where these values are, for messages about them (libyaml's marks). */
    p->title_line = p->title ? yamldoc_line(&y, yamldoc_get(&y, root, "title")) : 0;
    p->summary_line = p->summary ? yamldoc_line(&y, yamldoc_get(&y, root, "summary")) : 0;
    p->closes_line = yamldoc_get(&y, root, "closes") ? yamldoc_line(&y, yamldoc_get(&y, root, "closes")) : 0;
    read_date(&y, root, "opens", true, &p->opens);
    read_date(&y, root, "closes", true, &p->closes);
    if (pack_dates_problem(p->opens, p->closes)) {
        diag_error(p->index_path, yamldoc_line(&y, yamldoc_get(&y, root, "closes")), "%s",
                   pack_dates_problem(p->opens, p->closes));
        y.failed = true;
    }
    p->level = yamldoc_string(&y, root, "level");
    if (!p->level)
        p->level = xstrdup("consulting");
    bool level_ok = false;
    for (const char *const *l = levels; *l; l++)
        level_ok |= !strcmp(*l, p->level);
    if (!level_ok) {
        diag_error(p->index_path, yamldoc_line(&y, yamldoc_get(&y, root, "level")),
                   "level '%s' is not one of information, consulting, co-production, citizen-power", p->level);
        y.failed = true;
    }
    yamldoc_string_list(&y, root, "topics", &p->topics);
    yamldoc_string_list(&y, root, "areas", &p->areas);
    read_respond(&y, yamldoc_mapping(&y, root, "respond"), &p->respond);
    read_contact(&y, yamldoc_mapping(&y, root, "contact"), &p->contact);
    yaml_node_t *decision = yamldoc_mapping(&y, root, "decision");
    if (decision) {
        static const char *const dkeys[] = {"date", "summary", NULL};
        yamldoc_warn_unknown_keys(&y, decision, dkeys);
        read_date(&y, decision, "date", false, &p->decision.date);
        p->decision.summary = yamldoc_string(&y, decision, "summary");
    }
    char *results = yamldoc_string(&y, root, "results");
    if (results && strcmp(results, "interim") != 0) {
        diag_error(p->index_path, yamldoc_line(&y, yamldoc_get(&y, root, "results")),
                   "results '%s' is not known: the only value is `interim`, to publish feedback "
                   "while the consultation is open as what we have heard so far", results);
        y.failed = true;
    }
    p->results_interim = results != NULL && !y.failed;
    free(results);
    bool ok = !y.failed;
    yamldoc_free(&y);
    return ok;
}

/* One consultation folder, loaded on any thread. */
typedef struct PackLoad {
    const Site *site;
    const char *dir;          /* consultations/ */
    const char *slug;
    FrontCache *front;        /* the last build's front matter, or NULL */
    const Changes *changes;   /* what the stamp check vouched for, or NULL */
    size_t index;
    PackMeta meta;
    DiagList messages;        /* held until they can be shown in order */
    bool present;             /* a folder, not a stray file */
    bool loaded, ok;
} PackLoad;

/* The pack as the last build loaded it, when none of its files changed. */
static bool from_front_cache(PackLoad *l)
{
    char *pack_dir = path_join(l->dir, l->slug);
    PackMeta *p = &l->meta;
    memset(p, 0, sizeof *p);
    DiagList said = {0};
    bool hit = front_cache_get(l->front, l->index, pack_dir, l->slug, changes_pack_unchanged(l->changes, l->slug),
                               p, &said);
    if (hit) {
        p->slug = xstrdup(l->slug);
        p->dir = pack_dir;
        p->index_path = xasprintf("consultations/%s/index.md", l->slug);
        /* Said again, in order, by the caller with the rest of the pack's. */
        for (size_t i = 0; i < said.count; i++)
            diag_list_push(&l->messages, &said.items[i]);
    } else {
        pack_meta_free(p);
        free(pack_dir);
    }
    diag_list_free(&said);
    return hit;
}

static void load_one_pack(PackLoad *l)
{
    Diag held;
    diag_push(&held, DIAG_HOLD, &l->messages, NULL);
    char *pack_dir = path_join(l->dir, l->slug);
    l->present = dir_exists(pack_dir);
    free(pack_dir);
    l->ok = true;
    if (!l->present) {
        /* a stray file beside the packs */
    } else if (!slug_valid(l->slug)) {
        char *display = xasprintf("consultations/%s", l->slug);
        char *better = slug_suggest(l->slug);
        diag_error(display, 0, "this folder name becomes a web address, so it %s: rename the folder%s%s",
                   slug_problem(l->slug), better ? ", for example to " : "", better ? better : "");
        free(better);
        free(display);
        l->ok = false;
    } else if (l->front && from_front_cache(l)) {
        pack_update_status(&l->meta, l->site->today, l->site->feedback_due_weeks);
        l->loaded = true;
        l->ok = load_pack_translations(l->site, &l->meta);
    } else if (load_pack_meta(l->site, l->slug, &l->meta)) {
        if (l->front)
            front_cache_put(l->front, l->index, &l->meta, &l->messages);
        pack_update_status(&l->meta, l->site->today, l->site->feedback_due_weeks);
        l->loaded = true;
        l->ok = load_pack_translations(l->site, &l->meta);
    } else {
        pack_meta_free(&l->meta);
        l->ok = false;
    }
    diag_pop(&held);
}

typedef struct PackLoader {
    PackLoad *loads;
    size_t count;
    atomic_size_t next;
} PackLoader;

static void *pack_loader_main(void *data)
{
    PackLoader *pl = data;
    for (size_t i; (i = atomic_fetch_add(&pl->next, 1)) < pl->count;)
        load_one_pack(&pl->loads[i]);
    return NULL;
}

/* Front matter is read for every pack on every build, before anything
 * else can start: a site of thousands of packs reads them on every core.
 * Messages come out afterwards, in folder order, as from one thread. */
static bool load_packs(Site *site, const char *cache_dir, const Changes *changes)
{
    char *dir = path_join(site->source_dir, "consultations");
    StrList names = {0};
    bool ok = true;
    if (dir_exists(dir) && !list_dir(dir, &names)) {
        diag_error("consultations", 0, "cannot read this folder");
        ok = false;
    }
    PackLoader pl = {.loads = xcalloc(names.count + 1, sizeof *pl.loads), .count = names.count};
    FrontCache *front = cache_dir ? front_cache_open(cache_dir, site->source_dir, names.count) : NULL;
    for (size_t i = 0; i < names.count; i++)
        pl.loads[i] = (PackLoad){.site = site, .dir = dir, .slug = names.items[i], .front = front,
                                 .changes = changes, .index = i};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t threads = cores < 1 ? 1 : cores > 16 ? 16 : (size_t)cores;
    if (threads > names.count / 32)   /* not worth a thread for a few packs */
        threads = names.count / 32;
    pthread_t *ids = xcalloc(threads + 1, sizeof *ids);
    size_t started = 0;
    while (started < threads && pthread_create(&ids[started], NULL, pack_loader_main, &pl) == 0)
        started++;
    pack_loader_main(&pl);
    for (size_t i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    free(ids);

    site->packs = xcalloc(names.count ? names.count : 1, sizeof *site->packs);
    for (size_t i = 0; i < names.count; i++) {
        PackLoad *l = &pl.loads[i];
        diag_replay_list(&l->messages);
        diag_list_free(&l->messages);
        ok &= l->ok;
        if (l->loaded)
            site->packs[site->pack_count++] = l->meta;
    }
    free(pl.loads);
    if (front) {
        if (ok)
            front_cache_save(front);
        front_cache_free(front);
    }
    sl_free(&names);
    free(dir);
    return ok;
}

/* ---- pages/ ---- */

static int compare_pages(const void *a, const void *b)
{
    const PageMeta *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->slug, y->slug);
}

static bool load_pages(Site *site)
{
    static const char *const keys[] = {"title", "summary", "order", "encoding", NULL};
    char *dir = path_join(site->source_dir, "pages");
    StrList names = {0};
    bool ok = true;
    if (dir_exists(dir) && !list_dir(dir, &names)) {
        /* Skipped, the site's pages would vanish from the next site. */
        diag_error("pages", 0, "cannot read this folder: %s", strerror(errno));
        ok = false;
    }
    site->pages = xcalloc(names.count ? names.count : 1, sizeof *site->pages);
    for (size_t i = 0; i < names.count; i++) {
        const char *name = names.items[i];
        if (strcmp(path_extension(name), ".md") != 0 || translation_file_language(site, name, ".md"))
            continue;
        /* pages/SLUG.easy-read.md is the easy-read version of pages/SLUG.md
         * (render.c finds it), not a page of its own. */
        if (str_ends_with(name, ".easy-read.md"))
            continue;
        char tag[16];
        if (translation_unlisted_language(site, name, ".md", tag)) {
            char *shown = xasprintf("pages/%s", name);
            diag_warning(shown, 0, "this looks like a translation into '%s', which site.yml does not list: "
                         "add %s to `languages:` to publish it", tag, tag);
            free(shown);
            continue;
        }
        char *slug = xstrndup(name, strlen(name) - 3);
        char *display = xasprintf("pages/%s", name);
        if (!slug_valid(slug)) {
            char *better = slug_suggest(slug);
            diag_error(display, 0, "this file name becomes a web address, so it %s%s%s%s", slug_problem(slug),
                       better ? ": rename it, for example to " : "", better ? better : "", better ? ".md" : "");
            free(better);
            free(slug);
            free(display);
            ok = false;
            continue;
        }
        char *path = path_join(dir, name);
        char *front = NULL;
        size_t front_len = 0;
        int front_line = 1;
        SourceText body;
        PageMeta pg = {.slug = slug, .path = path, .display_path = display, .order = 100};
        bool page_ok = load_markdown_file(path, display, site->encoding, &front, &front_len, &front_line, &body);
        if (page_ok) {
            free(body.text);
            free(body.path);
            YamlDoc y;
            if (!front) {
                diag_error(display, 1, "a page must start with front matter giving at least its title");
                page_ok = false;
            } else if (yamldoc_parse(&y, front, front_len, display, front_line)) {
                yaml_node_t *root = yamldoc_root(&y);
                yamldoc_warn_unknown_keys(&y, root, keys);
                pg.title = yamldoc_string(&y, root, "title");
                pg.summary = yamldoc_string(&y, root, "summary");
                pg.order = yamldoc_int(&y, root, "order", 100, -1000, 1000);
                if (!pg.title && !y.failed) {
                    diag_error(display, front_line, "the page needs a title");
                    y.failed = true;
                }
                page_ok = !y.failed;
                yamldoc_free(&y);
            } else {
                page_ok = false;
            }
            free(front);
        }
        if (page_ok)
            page_ok = load_page_translations(site, &pg);
        if (page_ok) {
            site->pages[site->page_count++] = pg;
        } else {
            free(pg.slug);
            free(pg.path);
            free(pg.display_path);
            free(pg.title);
            free(pg.summary);
            sl_free(&pg.translations);
            sl_free(&pg.translated_titles);
            sl_free(&pg.translated_summaries);
            sl_free(&pg.stale_translations);
            ok = false;
        }
    }
    if (site->page_count > 1)
        qsort(site->pages, site->page_count, sizeof *site->pages, compare_pages);
    sl_free(&names);
    free(dir);
    return ok;
}

/* ---- links out of the source ---- */

/* True when real (a resolved path) is root_real or inside it. */
static bool path_inside(const char *real, const char *root_real)
{
    size_t n = strlen(root_real);
    return !strncmp(real, root_real, n) && (real[n] == '/' || real[n] == '\0' || n == 1);
}

/* Reports every symbolic link under path (display: the same, as shown in
 * messages) that leads out of the source folder.  Whatever sayso reads may
 * be published, so a link to /etc/passwd named easy-read.md would put the
 * password file on the web.  Links inside the source are followed; a link
 * to a folder the walk is already in (up) is a loop, and an error. */
static bool links_stay_inside(const char *path, const char *display, const char *root_real,
                              const DirChain *up, unsigned char type)
{
    /* The folder listing says what each entry is (d_type), so a file
     * costs no system call here: this walks every file of the source on
     * every build.  Only file systems that do not say are asked. */
    if (type == DT_UNKNOWN) {
        struct stat st;
        if (lstat(path, &st) != 0)
            return true;              /* absent: nothing to read */
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type == DT_LNK) {
        char *real = realpath(path, NULL);
        if (!real && errno == ELOOP) {
            diag_error(display, 0, "this link leads to itself, round a loop of links: remove it");
            return false;
        }
        if (real && !path_inside(real, root_real)) {
            bool is_dir = dir_exists(real);
            diag_error(display, 0, "this is a link to %s, which is outside the site's folder: "
                       "copy the %s into the site instead of linking to it", real, is_dir ? "folder" : "file");
            free(real);
            return false;
        }
        free(real);
        if (!dir_exists(path))
            return true;
    } else if (type != DT_DIR) {
        return true;
    }
    DirChain here;
    bool loop;
    if (!dir_chain_enter(&here, up, path, &loop)) {
        if (loop)
            diag_error(display, 0, "this link leads back to a folder it is in, so the folder would hold "
                       "itself for ever: remove the link");
        return !loop;
    }
    DIR *d = opendir(path);
    if (!d) {
        /* What sayso cannot read it would leave out of the site. */
        diag_error(display, 0, "cannot read this folder: %s", strerror(errno));
        return false;
    }
    /* "name\x01T", sorted: by name, as list_dir() gives them, so
     * messages come in the same order on every machine. */
    StrList entries = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            sl_push_owned(&entries, xasprintf("%s\x01%c", e->d_name, e->d_type ? e->d_type : 0xff));
    closedir(d);
    sl_sort(&entries);
    bool ok = true;
    for (size_t i = 0; i < entries.count; i++) {
        char *name = entries.items[i];
        char *mark = strrchr(name, '\x01');
        unsigned char t = (unsigned char)mark[1];
        *mark = '\0';
        char *child = path_join(path, name);
        char *child_display = path_join(display, name);
        ok &= links_stay_inside(child, child_display, root_real, &here, t == 0xff ? DT_UNKNOWN : t);
        free(child_display);
        free(child);
    }
    sl_free(&entries);
    return ok;
}

/* consultations/: the folder, then each pack folder the stamp check did
 * not vouch for (a link added, or changed, changes its folder's stat). */
static bool pack_links_stay_inside(const char *path, const char *root_real, const Changes *changes)
{
    if (!changes || !changes->packs_known)
        return links_stay_inside(path, "consultations", root_real, NULL, DT_UNKNOWN);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return links_stay_inside(path, "consultations", root_real, NULL, DT_UNKNOWN);
    bool ok = true;
    for (size_t i = 0; i < changes->changed.count; i++) {
        char *pack = path_join(path, changes->changed.items[i]);
        char *display = path_join("consultations", changes->changed.items[i]);
        ok &= links_stay_inside(pack, display, root_real, NULL, DT_UNKNOWN);
        free(display);
        free(pack);
    }
    return ok;
}

/* Checks the parts of the source sayso reads. */
static bool source_links_stay_inside(const char *source_dir, const Changes *changes)
{
    static const char *const parts[] = {"site.yml", "consultations", "pages", "lua", "themes", NULL};
    char *root_real = realpath(source_dir, NULL);
    if (!root_real)
        return true;                  /* reported by the loaders, which cannot read it either */
    bool ok = true;
    for (const char *const *part = parts; *part; part++) {
        char *path = path_join(source_dir, *part);
        if (!strcmp(*part, "consultations"))
            ok &= pack_links_stay_inside(path, root_real, changes);
        else
            ok &= links_stay_inside(path, *part, root_real, NULL, DT_UNKNOWN);
        free(path);
    }
    free(root_real);
    return ok;
}

bool load_site(const char *source_dir, Day today, const char *cache_dir, const Changes *changes, Site *site)
{
    memset(site, 0, sizeof *site);
    site->source_dir = xstrdup(source_dir);
    site->today = today;
    if (!dir_exists(source_dir)) {
        diag_error(source_dir, 0, "there is no folder here to build");
        return false;
    }
    if (!source_links_stay_inside(source_dir, changes) || !load_site_config(source_dir, site))
        return false;
    bool packs_ok = load_packs(site, cache_dir, changes);
    bool pages_ok = load_pages(site);
    return packs_ok && pages_ok;
}


/* Lists the files of a pack to copy beside its pages.  A file that is a
 * link to somewhere outside the pack is refused, so a source tree cannot
 * publish /etc/passwd by symlink. */
static bool list_pack_files(const Site *site, const PackMeta *meta, StrList *files)
{
    StrList names = {0};
    bool ok = true;
    list_dir(meta->dir, &names);
    char *pack_real = realpath(meta->dir, NULL);
    for (size_t i = 0; i < names.count; i++) {
        const char *n = names.items[i];
        if (!strcmp(n, "index.md") || !strcmp(n, "easy-read.md") || !strcmp(n, "you-said-we-did.csv"))
            continue;
        if (!strcmp(n, "reviews.yml") || !strcmp(n, "reviews"))
            continue;            /* reviewers' records and the text they checked: not for the site */
        if (translation_file_language(site, n, ".md") || translation_file_language(site, n, ".csv"))
            continue;     /* a translation: built at consultations/SLUG/LANG/, not published as a file */
        char tag[16];
        if ((str_starts_with(n, "index.") || str_starts_with(n, "easy-read.") ||
             str_starts_with(n, "you-said-we-did.")) &&
            (translation_unlisted_language(site, n, ".md", tag) || translation_unlisted_language(site, n, ".csv", tag))) {
            char *shown = xasprintf("consultations/%s/%s", meta->slug, n);
            diag_warning(shown, 0, "this looks like a translation into '%s', which site.yml does not list: "
                         "add %s to `languages:` to publish it", tag, tag);
            free(shown);
            continue;     /* never published as a raw file */
        }
        char *path = path_join(meta->dir, n);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
            char *real = realpath(path, NULL);
            size_t pl = pack_real ? strlen(pack_real) : 0;
            if (!real || !pack_real || strncmp(real, pack_real, pl) != 0 || real[pl] != '/') {
                char *display = xasprintf("consultations/%s/%s", meta->slug, n);
                if (!real && errno == ELOOP)
                    diag_error(display, 0, "this link leads to itself, round a loop of links: remove it");
                else if (!real)
                    diag_error(display, 0, "this link leads nowhere (%s): remove it or copy the file "
                               "into the pack", strerror(errno));
                else
                    diag_error(display, 0, "this is a link to a file outside the pack; "
                               "copy the file into the pack instead");
                free(display);
                ok = false;
            }
            free(real);
        }
        if (ok && file_exists(path) && file_name_publishable(n)) {
            char *display = xasprintf("consultations/%s/%s", meta->slug, n);
            if (attachment_publishable(path, display))
                sl_push(files, n);
            else
                ok = false;
            free(display);
        }
        else if (ok && file_exists(path)) {
            char *display = xasprintf("consultations/%s/%s", meta->slug, n);
            diag_warning(display, 0, "file names with spaces or unusual characters make poor web "
                         "addresses, so this file is not published: rename it with letters, digits, "
                         "hyphens and dots");
            free(display);
        }
        free(path);
    }
    free(pack_real);
    sl_free(&names);
    return ok;
}

bool load_pack_content(const Site *site, const PackMeta *meta, PackContent *out)
{
    memset(out, 0, sizeof *out);
    char *index = path_join(meta->dir, "index.md");
    bool ok = load_markdown_file(index, meta->index_path, meta->encoding, NULL, NULL, NULL, &out->index);
    free(index);
    if (meta->has_easy_read) {
        char *easy = path_join(meta->dir, "easy-read.md");
        char *display = xasprintf("consultations/%s/easy-read.md", meta->slug);
        char *front = NULL;
        size_t fl;
        int fline;
        ok &= load_markdown_file(easy, display, meta->encoding, &front, &fl, &fline, &out->easy_read);
        free(front);
        free(easy);
        free(display);
    }
    ok &= list_pack_files(site, meta, &out->files);
    return ok;
}
