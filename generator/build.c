/* build.c: the build pipeline.
 *
 *   load    site.yml and every pack's front matter            load_site()
 *   render  each pack's pages, on worker threads              render_pack()
 *   check   each page while its nodes still know their source  page_checks_run()
 *   write   into a staging folder, swapped in at the end       output_commit()
 *
 * Packs stream through the workers: a pack's text is read, rendered,
 * checked, written and freed before the worker takes the next one, so
 * memory stays flat however many packs a site has.  Only the front matter
 * of every pack (for the hub and feed) and the findings (for the report)
 * are kept for the whole build.
 */
#include "build.h"
#include "build_internal.h"
#include "audio.h"
#include "build_memory.h"
#include "cache.h"
#include "diag.h"
#include "dom.h"
#include "feed.h"
#include "calendar.h"
#include "open_data.h"
#include "search_index.h"
#include "feedback.h"
#include "hooks.h"
#include "load.h"
#include "media.h"
#include "lua_sandbox.h"
#include "output.h"
#include "paths.h"
#include "player.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "review.h"
#include "review_check.h"
#include "review_report.h"
#include "review_text.h"
#include "stamp.h"
#include "theme.h"
#include "translation.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>


/* Ends a step: "load 0.31 s" goes on the --verbose timing line. */
static void step_done(Build *b, const char *name)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double seconds = (double)(now.tv_sec - b->step_start.tv_sec) +
                     (double)(now.tv_nsec - b->step_start.tv_nsec) / 1e9;
    sb_printf(&b->steps, "%s%s %.2f s", b->steps.len ? ", " : "", name, seconds);
    b->step_start = now;
}


/* ---- check and write, for each page the renderer makes ---- */

/* Gives the page its player, publishing its generated audio beside it.
 * Done here, on the workers, because a page's audio is made from its
 * finished words; encoding is the cost and runs in parallel. */
static void add_audio(Worker *w, OutPage *page)
{
    Build *b = w->build;
    PageAudio audio;
    if (!audio_for_page(b->audio, page, &audio))
        return;
    if (audio.publish_path) {
        if (b->cache && w->pack_index != NO_PACK)
            cache_pack_output(b->cache, w->pack_index, audio.publish_path);
        if (!output_write(&b->out, audio.publish_path, audio.data.data, audio.data.len))
            atomic_store(&b->write_failed, true);
    }
    Listening l = {.href = audio.href, .type = audio.type, .seconds = audio.seconds, .bytes = audio.bytes,
                   .human = audio.human, .words = w->renderer.theme->words};
    player_insert(page, &l);
    page_audio_free(&audio);
}

static void take_page(void *data, OutPage *page)
{
    Worker *w = data;
    Build *b = w->build;
    add_audio(w, page);
    ReportPage *rp = report_page_new(page);
    size_t len;
    ReviewFormat reviewed;
    /* Reviewers checked the source language's words: a translation's
     * pages neither carry their check nor warn about it. */
    bool reviewed_words = page->pack && !page->pack->lang && w->pack_reviews;
    if (reviewed_words && review_sheets_wanted(&b->site, w->pack_reviews) &&
        review_page_format(page->kind, page->format, page->path, &reviewed))
        review_sheet_take(&w->sheets[reviewed], page->doc, page->path);
    char *html = report_check_page(&b->report, page, rp, &len);
    if (reviewed_words) {
        review_check_page(&rp->findings, &b->site, page->pack, w->pack_reviews, page->kind, page->format,
                          page->path);
        findings_sort(&rp->findings);
    }
    if (b->cache && w->pack_index != NO_PACK) {
        cache_pack_output(b->cache, w->pack_index, page->path);
        cache_pack_page(b->cache, w->pack_index, rp);
    }
    if (page->pack) {
        if (w->pack_page_count == w->pack_page_cap) {
            w->pack_page_cap = w->pack_page_cap ? w->pack_page_cap * 2 : 16;
            w->pack_pages = xrealloc(w->pack_pages, w->pack_page_cap * sizeof *w->pack_pages);
        }
        w->pack_pages[w->pack_page_count++] = rp;   /* the report owns it; kept until the end */
    }
    if (!output_write(&b->out, page->path, html, len))
        atomic_store(&b->write_failed, true);
    free(html);
    pthread_mutex_lock(&b->lock);
    sl_push(&b->page_paths, page->path);
    if (b->options->rendered)
        sl_push(b->options->rendered, page->path);
    report_add_page(&b->report, rp);
    pthread_mutex_unlock(&b->lock);
    out_page_free(page);
}

static bool call_before_render(void *data, const PackMeta *meta, Format format, const char *page_slug,
                               char **title, char **markdown)
{
    return hooks_before_render(data, meta, format, page_slug, title, markdown);
}

static bool worker_init(Worker *w, Build *b)
{
    memset(w, 0, sizeof *w);
    w->build = b;
    w->pack_index = NO_PACK;
    w->hooks = hooks_open(&b->site);
    hooks_set_words(w->hooks, b->theme.words);
    w->renderer = (Renderer){
        .site = &b->site,
        .theme = &b->theme,
        .markdown = {.raw_html = b->site.raw_html},
        .live_reload = b->options->live_reload,
        .sink = take_page,
        .sink_data = w,
        .before_render = call_before_render,
        .hook_data = w->hooks,
    };
    return w->hooks != NULL;
}

static void worker_done(Worker *w)
{
    free(w->pack_pages);
    w->pack_pages = NULL;
    sl_free(&w->pack_made);
    hooks_close(w->hooks);
    w->hooks = NULL;
}

/* ---- one pack ---- */

/* What the pack made (a page, or any file) at rel, or in a folder rel names. */
static const char *page_taking(const StrList *made, const char *rel)
{
    size_t n = strlen(rel);
    for (size_t i = 0; i < made->count; i++)
        if (!strncmp(made->items[i], rel, n) && (!made->items[i][n] || made->items[i][n] == '/'))
            return made->items[i];
    return NULL;
}

static void copy_pack_files(Worker *w, const PackMeta *meta, const PackContent *content)
{
    Build *b = w->build;
    for (size_t i = 0; i < content->files.count; i++) {
        char *rel = xasprintf("consultations/%s/%s", meta->slug, content->files.items[i]);
        const char *page = page_taking(&w->pack_made, rel);
        if (page) {
            diag_error(rel, 0, "this file would be published as %s, which sayso makes for the "
                       "consultation: rename the file", page);
            free(rel);
            continue;
        }
        if (b->cache && w->pack_index != NO_PACK)
            cache_pack_output(b->cache, w->pack_index, rel);
        char *from = path_join(meta->dir, content->files.items[i]);
        if (!output_copy(&b->out, rel, from))
            atomic_store(&b->write_failed, true);
        free(from);
        free(rel);
    }
}

/* Reads the pack's feedback CSV, if it has one.  A bad CSV stops the
 * pack: publishing half of what people were told would be worse.  While
 * a consultation is open its feedback is not a decision: it is published
 * only when the author says `results: interim`, as what has been heard so
 * far; otherwise it is held back with a warning. */
static bool load_feedback(Build *b, const PackMeta *meta, PackContent *content)
{
    if (!meta->has_feedback)
        return true;
    char *display = xasprintf("consultations/%s/you-said-we-did.csv", meta->slug);
    if ((meta->status == STATUS_OPEN || meta->status == STATUS_UPCOMING) && !meta->results_interim) {
        char opens[48], closes[48];
        date_long(meta->opens, opens, sizeof opens);
        date_long(meta->closes, closes, sizeof closes);
        if (meta->status == STATUS_UPCOMING)
            diag_warning(display, 1, "this consultation has not opened yet (it opens on %s), so this "
                         "feedback is not published: people cannot have told you anything yet. "
                         "Check the opens and closes dates in %s", opens, meta->index_path);
        else
            diag_warning(display, 1, "this consultation is still open (it closes on %s), so this feedback "
                         "is not published: people would read it as a decision. To publish it now as "
                         "what we have heard so far, add `results: interim` to %s", closes, meta->index_path);
        free(display);
        return true;
    }
    char *path = path_join(meta->dir, "you-said-we-did.csv");
    bool ok = feedback_load(path, display, meta->encoding, &content->feedback);
    if (ok)
        feedback_check_follow_up(&content->feedback, b->site.today);
    free(display);
    free(path);
    return ok;
}

/* A pack unchanged since the last build: its published files, findings
 * and warnings are reused (cache.h).  Not when a pack_loaded hook may
 * change front matter the hub shows: that needs the pack loaded, so such
 * sites build every pack. */
static bool reuse_recorded(Worker *w, size_t index)
{
    Build *b = w->build;
    ReportPage **pages;
    size_t count;
    if (!cache_pack_reuse(b->cache, index, &b->out, &pages, &count))
        return false;
    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < count; i++) {
        sl_push(&b->page_paths, pages[i]->path);
        report_add_page(&b->report, pages[i]);
    }
    pthread_mutex_unlock(&b->lock);
    atomic_fetch_add(&b->pages_reused, count);
    free(pages);
    return true;
}

static bool reuse_pack(Worker *w, size_t index)
{
    Build *b = w->build;
    return b->cache && !hooks_change_packs(w->hooks) &&
           cache_pack_unchanged(b->cache, index, &b->site.packs[index]) && reuse_recorded(w, index);
}

/* The pack's translations, each built at consultations/SLUG/LANG/ with
 * every format under it, beside the source (whose files they share). */
static void build_translations(Worker *w, const PackMeta *meta, const PackContent *source)
{
    Build *b = w->build;
    for (size_t i = 0; i < meta->translation_count; i++) {
        const Translation *t = &meta->translations[i];
        PackMeta view = translation_view(meta, t);
        PackContent content;
        bool ok = load_translation_content(&b->site, &view, &content);
        for (size_t k = 0; k < source->files.count; k++)
            sl_push(&content.files, source->files.items[k]);
        if (ok && t->has_feedback) {
            char *name = xasprintf("you-said-we-did.%s.csv", t->lang);
            char *path = path_join(meta->dir, name);
            char *display = xasprintf("consultations/%s/%s", meta->slug, name);
            ok = feedback_load(path, display, meta->encoding, &content.feedback);
            if (ok)
                feedback_check_follow_up(&content.feedback, b->site.today);
            free(display);
            free(path);
            free(name);
        }
        ExtraPage *extras = NULL;
        size_t extra_count = 0;
        if (ok && t->has_feedback)
            ok = hooks_extra_pages(w->hooks, &view, &content, &extras, &extra_count);
        if (ok) {
            ExtraPageSource *sources = xcalloc(extra_count + 1, sizeof *sources);
            for (size_t k = 0; k < extra_count; k++) {
                sources[k] = (ExtraPageSource){.slug = extras[k].slug, .title = extras[k].title,
                                               .summary = extras[k].summary, .source_path = extras[k].source_path};
                for (int f = 0; f < FORMAT_COUNT; f++)
                    sources[k].markdown[f] = extras[k].markdown[f];
            }
            Renderer translated = w->renderer;
            translated.lang = t->lang;
            render_pack(&translated, &view, &content, sources, extra_count);
            free(sources);
        }
        extra_pages_free(extras, extra_count);
        pack_content_free(&content);
    }
}

static void build_pack(Worker *w, size_t index)
{
    Build *b = w->build;
    PackMeta *meta = &b->site.packs[index];
    if (reuse_pack(w, index))
        return;
    if (b->cache) {
        if (hooks_change_packs(w->hooks))
            cache_pack_unchanged(b->cache, index, meta);   /* still record its files' hashes */
        cache_pack_begin(b->cache, index);
    }
    w->pack_index = index;
    sl_free(&w->pack_made);
    output_track(&w->pack_made);
    PackContent content;
    PackReviews reviews;
    bool ok = load_pack_content(&b->site, meta, &content) && media_check_pack(meta, &content.files) &&
              load_feedback(b, meta, &content) && hooks_pack_loaded(w->hooks, meta, &content);
    /* After the feedback: a CSV that does not load has said so already. */
    ok = review_pack_state(&b->theme, meta, &reviews) && ok;
    content.reviews = &reviews;
    w->pack_reviews = &reviews;
    ExtraPage *extras = NULL;
    size_t extra_count = 0;
    if (ok && hooks_extra_pages(w->hooks, meta, &content, &extras, &extra_count)) {
        if (!meta->has_easy_read)
            diag_warning(meta->index_path, 0, "this consultation has no easy-read.md: its easy-read page "
                         "tells people they can ask for an easy-read version");
        ExtraPageSource *sources = xcalloc(extra_count + 1, sizeof *sources);
        size_t data_len = strlen(sayso_data_dir());
        for (size_t i = 0; i < extra_count; i++) {
            /* Name built-in hooks as lua/NAME.lua, as people see them in sayso's sources. */
            const char *shown = extras[i].source_path;
            if (!strncmp(shown, sayso_data_dir(), data_len) && shown[data_len] == '/')
                shown += data_len + 1;
            sources[i] = (ExtraPageSource){.slug = extras[i].slug, .title = extras[i].title,
                                           .summary = extras[i].summary, .source_path = shown};
            for (int f = 0; f < FORMAT_COUNT; f++)
                sources[i].markdown[f] = extras[i].markdown[f];
        }
        w->pack_page_count = 0;
        render_pack(&w->renderer, meta, &content, sources, extra_count);
        build_translations(w, meta, &content);
        render_pack_review(&w->renderer, meta, &reviews, w->sheets, w->pack_pages, w->pack_page_count);
        w->pack_page_count = 0;
        output_track(NULL);
        copy_pack_files(w, meta, &content);
        free(sources);
    }
    output_track(NULL);
    extra_pages_free(extras, extra_count);
    pack_content_free(&content);
    w->pack_reviews = NULL;
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++)
        review_sheet_free(&w->sheets[f]);
    review_pack_free(&reviews);
    w->pack_index = NO_PACK;
    if (b->cache)
        cache_pack_end(b->cache, index, &b->out);
}

/* A hook stuck in C code (lua_sandbox.h): the process ends, and takes
 * its staging folders with it, as a failed build does. */
static void abandon_output(void *data)
{
    Build *b = data;
    if (b->out.staging_dir)
        remove_tree(b->out.staging_dir);
    if (b->out.mirror_dir)
        remove_tree(b->out.mirror_dir);
    diag_info("sayso: the build failed, so %s was left as it was", b->out.final_dir);
}

static void render_hub_pages(Worker *w);

/* Pack i is built: shows what it and every pack after it that is done
 * said, once every pack before it has had its say. */
static void say_in_order(Build *b, size_t i)
{
    pthread_mutex_lock(&b->lock);
    b->pack_done[i] = true;
    while (b->next_to_say < b->site.pack_count && b->pack_done[b->next_to_say]) {
        diag_replay_list(&b->pack_said[b->next_to_say]);
        diag_list_free(&b->pack_said[b->next_to_say]);
        b->next_to_say++;
    }
    pthread_mutex_unlock(&b->lock);
}

static void *worker_main(void *data)
{
    Worker *w = data;
    Build *b = w->build;
    Diag said;
    diag_push(&said, DIAG_PASS_ON, NULL, b->sink);
    for (;;) {
        if (b->hub_alongside && !atomic_exchange(&b->hub_taken, true)) {
            Diag held;
            diag_push(&held, DIAG_HOLD, &b->hub_said, NULL);
            build_group(w, CACHE_HUB, b->hub_key, render_hub_pages);
            diag_pop(&held);
            continue;
        }
        size_t i = atomic_fetch_add(&b->next_pack, 1);
        if (i >= b->site.pack_count)
            break;
        Diag held;
        diag_push(&held, DIAG_HOLD, &b->pack_said[i], NULL);
        build_pack(w, i);
        diag_pop(&held);
        say_in_order(b, i);
        progress_step(b->progress);
    }
    diag_pop(&said);
    return NULL;
}

static int job_count(const BuildOptions *o, size_t packs)
{
    long n = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 64)
        n = 64;
    if ((size_t)n > packs)
        n = packs ? (long)packs : 1;
    return (int)n;
}

/* Every pack, on JOBS workers; the hub beside them when no hook can
 * change the front matter it shows. */
static void run_workers(Build *b, Worker *workers, pthread_t *threads, int jobs)
{
    if (!hooks_change_packs(workers[0].hooks)) {
        b->hub_key = cache_hub_key(b->cache, &b->site);
        b->hub_alongside = true;
    }
    if (jobs == 1) {
        worker_main(&workers[0]);     /* no thread: simpler to debug, same result */
    } else {
        for (int i = 0; i < jobs; i++)
            pthread_create(&threads[i], NULL, worker_main, &workers[i]);
        for (int i = 0; i < jobs; i++)
            pthread_join(threads[i], NULL);
    }
}

/* Returns false when the hooks did not load (already reported). */
static bool render_all_packs(Build *b)
{
    b->pack_said = xcalloc(b->site.pack_count + 1, sizeof *b->pack_said);
    b->pack_done = xcalloc(b->site.pack_count + 1, sizeof *b->pack_done);
    int jobs = job_count(b->options, b->site.pack_count);
    Worker *workers = xcalloc((size_t)jobs, sizeof *workers);
    pthread_t *threads = xcalloc((size_t)jobs, sizeof *threads);
    bool hooks_ok = true;
    for (int i = 0; i < jobs && hooks_ok; i++)
        hooks_ok = worker_init(&workers[i], b);
    if (hooks_ok)
        run_workers(b, workers, threads, jobs);
    for (int i = 0; i < jobs; i++)
        worker_done(&workers[i]);
    for (size_t i = 0; i < b->site.pack_count; i++)
        diag_list_free(&b->pack_said[i]);
    free(b->pack_said);
    free(b->pack_done);
    free(threads);
    free(workers);
    return hooks_ok;
}

/* ---- site-wide pages ---- */

static void render_hub_pages(Worker *w)
{
    render_hub(&w->renderer);
    const StrList *langs = &w->build->site.languages;
    for (size_t i = 1; i < langs->count; i++) {
        Renderer translated = w->renderer;
        translated.lang = langs->items[i];
        render_hub(&translated);
    }
}

static void render_pages_folder(Worker *w)
{
    render_picture_gallery(&w->renderer);
    render_site_pages(&w->renderer);
    const StrList *langs = &w->build->site.languages;
    for (size_t i = 1; i < langs->count; i++) {
        Renderer translated = w->renderer;
        translated.lang = langs->items[i];
        render_site_pages(&translated);
    }
}

static void render_report_page(Worker *w)
{
    render_review_report_body(&w->renderer, &w->build->report_body);
}

/* The review report, keyed by what it says: a pack's edit changes its
 * pages' findings and reading ages, but seldom anything the report shows
 * (its counts, the hardest to read), so the page, made and checked whole,
 * is mostly kept. */
static void build_review_report(Worker *w)
{
    Build *b = w->build;
    report_sort(&b->report);
    review_report_body(&b->site, &b->report, b->said_list, &b->report_body);
    uint64_t key = 0;
    if (b->cache) {
        size_t len;
        char *bytes = review_report_body_bytes(&b->report_body, &len);
        key = hash_bytes(hash_str(cache_site_key(b->cache), "review report"), bytes, len);
        free(bytes);
    }
    build_group(w, CACHE_REVIEW_REPORT, key, render_report_page);
    review_report_body_free(&b->report_body);
}

/* Renders a group of site-wide pages, or reuses the last build's when
 * what they show has not changed: with thousands of packs, the hub and
 * the review report are most of what a rebuild would otherwise redo. */
void build_group(Worker *w, CacheGroup group, uint64_t key, RenderGroup render)
{
    Build *b = w->build;
    if (!b->cache) {
        render(w);
        return;
    }
    size_t index = cache_group_index(b->cache, group);
    if (cache_group_unchanged(b->cache, group, key) && reuse_recorded(w, index))
        return;
    cache_pack_begin(b->cache, index);
    w->pack_index = index;
    render(w);
    w->pack_index = NO_PACK;
    cache_pack_end(b->cache, index, &b->out);
}

/* ---- site-wide files ---- */

static void warn_overdue_feedback(const Site *site)
{
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &site->packs[i];
        if (!p->feedback_overdue)
            continue;
        char due[48];
        date_long(p->feedback_due, due, sizeof due);
        diag_warning(p->index_path, p->closes_line, "this consultation closed more than %d week%s ago and has "
                     "no you-said-we-did.csv: people were due to hear what happened by %s, and its pages "
                     "now say the results are late", site->feedback_due_weeks,
                     site->feedback_due_weeks == 1 ? "" : "s", due);
    }
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* The build's last line, the same whether it built or found nothing to do:
 * one count of everything it said, messages and checks together. */
static void say_built(const BuildResult *result, size_t packs, const char *out_dir)
{
    diag_info("sayso: built %zu %s from %zu %s into %s, with %zu %s and %zu %s%s",
              result->pages_written, plural(result->pages_written, "page", "pages"), packs,
              plural(packs, "consultation", "consultations"), out_dir, result->warnings,
              plural(result->warnings, "warning", "warnings"), result->notices,
              plural(result->notices, "notice", "notices"),
              result->warnings || result->notices ? "; report/index.html lists them page by page" : "");
}

/* Before a failed build's last line: how many errors stopped it, counted
 * as they were shown above (a missing file is an error like any other). */
static void say_failed(const BuildResult *result)
{
    diag_info("sayso: %zu %s and %zu %s", result->errors, plural(result->errors, "error", "errors"),
              result->warnings, plural(result->warnings, "warning", "warnings"));
}

/* A build with nothing to do says so quickly (stamp.h).  Only site.yml
 * and the theme are read for the key; anything they have to say (an
 * error, a warning) means the build runs as usual and says it there.
 * When something did change, *check keeps what the check saw.  `sayso
 * serve` (live_reload) builds only when a file changed, and shows each
 * build's messages in the browser, so it never skips one: it only takes
 * what the check saw. */
static bool up_to_date(const BuildOptions *options, const char *source, const char *out_dir, Day today,
                       BuildResult *result, StampCheck *check)
{
    if (options->no_cache)
        return false;
    Site site;
    Theme theme;
    memset(&theme, 0, sizeof theme);
    Diag held;
    diag_push(&held, DIAG_HOLD, NULL, NULL);
    bool ok = load_site_settings(source, today, &site) && theme_load(&site, &theme);
    diag_pop(&held);
    ok = ok && held.errors + held.warnings == 0;
    if (ok) {
        CacheInputs in = {.site = &site, .theme = &theme, .hooks_hash = hooks_hash(&site),
                          .live_reload = options->live_reload, .strict = options->strict};
        size_t packs = 0;
        ok = stamp_up_to_date(out_dir, source, cache_inputs_key(&in), !options->live_reload, result, &packs,
                              check);
        if (ok)
            say_built(result, packs, out_dir);
    }
    theme_free(&theme);
    site_free(&site);
    return ok;
}

/* ---- the phases of a build, in the order build_site() runs them ---- */

/* A build that runs (it was not up to date): the Build and what its
 * phases hand on to each other. */
static Build *build_new(const BuildOptions *options, const char *source, const char *out_dir, Day today,
                        struct timespec began, BuildResult *result, StampCheck check, Diag *sink)
{
    Build *b = xcalloc(1, sizeof *b);
    b->options = options;
    b->source = source;
    b->out_dir = out_dir;
    b->today = today;
    b->result = result;
    b->check = check;
    b->sink = sink;
    /* What this build says, for the next to say again if nothing changes. */
    sb_init(&b->said);
    diag_transcript(&b->said);
    pthread_mutex_init(&b->lock, NULL);
    sb_init(&b->steps);
    b->step_start = began;
    step_done(b, "up-to-date check");
    markdown_init();
    return b;
}

/* site.yml, every pack's front matter and the theme; then the staging
 * folder and the report.  False (status 2) when the build cannot go on. */
static bool load_sources(Build *b)
{
    char *cache_dir = b->options->no_cache ? NULL : cache_dir_for(b->out_dir);
    bool loaded = load_site(b->source, b->today, cache_dir, &b->check.changes, &b->site);
    free(cache_dir);
    if (!loaded || !theme_load(&b->site, &b->theme)) {
        b->status = 2;
        return false;
    }
    warn_overdue_feedback(&b->site);
    if (!output_begin(&b->out, b->out_dir, b->source)) {
        b->status = 2;
        return false;
    }
    sandbox_on_stuck(abandon_output, b);
    if (!report_init(&b->report, &b->site, &b->theme, b->options->strict)) {
        output_abort(&b->out);
        report_free(&b->report);
        b->status = 2;
        return false;
    }
    step_done(b, "load");
    return true;
}

/* The site this build replaces is kept beside the cache and becomes the
 * next build's staging folder (output_recycle): only what changed is
 * written, and nothing is deleted but what went away. */
static void recycle_last_site(Build *b)
{
    static const char *const fresh[] = {"css", "pictures", "js", NULL};
    char *cache_dir = cache_dir_for(b->out_dir);
    char *keep = path_join(cache_dir, "site");
    /* A caller that knows what changed (`sayso serve`) owns the output. */
    const Changes *known = b->options->known_changes;
    b->out.kept_private = known && known->outputs_as_left;
    if (make_dirs(cache_dir))
        output_recycle(&b->out, keep, fresh);
    if (b->out.restored)
        b->check.changes.outputs_as_left = false;   /* its files are as a killed build left them */
    free(keep);
    free(cache_dir);
}

/* report.json's entries of pages whose pack or group did not change,
 * kept by `sayso serve` (build_memory.h). */
static const char *kept_report_entry(void *data, const ReportPage *page, size_t *len)
{
    Build *b = data;
    uint64_t key = cache_page_key(b->cache, page);
    return key ? build_memory_report_entry(b->options->memory, page->path, key, len) : NULL;
}

static void keep_report_entry(void *data, const ReportPage *page, const char *json, size_t len)
{
    Build *b = data;
    uint64_t key = cache_page_key(b->cache, page);
    if (key)
        build_memory_keep_report_entry(b->options->memory, page->path, key, json, len);
}

/* What the last build made, to reuse what has not changed. */
static void open_build_cache(Build *b)
{
    const BuildOptions *options = b->options;
    if (!options->no_cache)
        recycle_last_site(b);
    b->cache_inputs = (CacheInputs){.site = &b->site, .theme = &b->theme, .hooks_hash = hooks_hash(&b->site),
                                    .live_reload = options->live_reload, .strict = options->strict};
    b->cache = cache_open(b->out_dir, &b->cache_inputs, !options->no_cache, &b->check.changes);
    char *audio_cache = cache_dir_for(b->out_dir);
    b->audio = audio_maker_new(&b->site, audio_cache, !options->no_cache);
    free(audio_cache);
    b->report.load = cache_load_findings;
    b->report.load_data = b->cache;
    if (options->memory) {
        b->report.json_find = kept_report_entry;
        b->report.json_keep = keep_report_entry;
        b->report.json_data = b;
    }
    step_done(b, "build cache");
}

/* Every pack's pages, on the workers. */
static void build_consultations(Build *b)
{
    b->progress = progress_start(b->site.pack_count, "consultations");
    b->hooks_ok = render_all_packs(b);
    progress_finish(b->progress);
    step_done(b, "consultations");
}

static void *search_main(void *data)
{
    Worker *w = data;
    Diag said;
    diag_push(&said, DIAG_PASS_ON, NULL, w->build->sink);
    build_group(w, CACHE_SEARCH, cache_search_key(w->build->cache, &w->build->site), render_search);
    diag_pop(&said);
    return NULL;
}

/* The search index reads every pack's words, and nothing the hub, pages/
 * and the review report do touches what it reads, unless a hook may
 * change packs' front matter: then it waits its turn. */
static void start_search(Build *b)
{
    if (!b->hub_alongside)
        return;
    b->search_worker = xcalloc(1, sizeof *b->search_worker);
    b->search_worker->build = b;
    b->search_worker->pack_index = NO_PACK;
    b->search_started = pthread_create(&b->search_thread, NULL, search_main, b->search_worker) == 0;
}

static void finish_search(Build *b, Worker *files_worker)
{
    bool started = b->search_started;
    if (started)
        pthread_join(b->search_thread, NULL);
    b->search_started = false;
    free(b->search_worker);
    b->search_worker = NULL;
    if (!started)
        build_group(files_worker, CACHE_SEARCH, cache_search_key(b->cache, &b->site), render_search);
}

/* The hub, pages/ and the review report.  Hooks that failed to load
 * would fail again, with the same messages, for the hub: skipped, the
 * build has failed anyway. */
static void build_site_pages(Build *b)
{
    if (!b->hooks_ok)
        return;
    start_search(b);
    Worker main_worker;
    if (b->hub_alongside)
        diag_replay_list(&b->hub_said);
    if (worker_init(&main_worker, b)) {
        if (!b->hub_alongside) {
            b->hub_key = cache_hub_key(b->cache, &b->site);
            build_group(&main_worker, CACHE_HUB, b->hub_key, render_hub_pages);
        }
        build_group(&main_worker, CACHE_SITE_PAGES, cache_site_key(b->cache), render_pages_folder);
        build_review_report(&main_worker);
    }
    worker_done(&main_worker);
}

/* Feeds, the sitemap, the search index, report.json and the theme's
 * files: made from every page, so after them. */
static void build_site_files(Build *b)
{
    sl_sort(&b->page_paths);
    report_sort(&b->report);
    if (b->hooks_ok) {
        Worker files_worker;
        memset(&files_worker, 0, sizeof files_worker);
        files_worker.build = b;
        files_worker.pack_index = NO_PACK;
        build_group(&files_worker, CACHE_FEED, cache_feed_key(b->cache, b->hub_key), render_feed);
        build_group(&files_worker, CACHE_SITEMAP, cache_sitemap_key(b->cache, &b->page_paths), render_sitemap);
        finish_search(b, &files_worker);
        build_group(&files_worker, CACHE_REPORT_JSON, cache_report_json_key(b->cache), render_report_json);
    }
    if (!theme_copy_assets(&b->theme, b->out.staging_dir))
        atomic_store(&b->write_failed, true);
    step_done(b, "site-wide pages and files");
}

/* Shows the findings and decides the exit status from them and from what
 * the build said. */
static void judge(Build *b)
{
    report_print(&b->report);
    b->checked = true;
    b->check_errors = b->report.errors;
    b->check_warnings = b->report.warnings;
    b->check_notices = b->report.notices;
    if (b->sink->errors || atomic_load(&b->write_failed))
        b->status = 2;
    else if (report_fails(&b->report))
        b->status = 1;
}

/* Swaps the new site in when the build passed, else throws it away. */
static void publish(Build *b)
{
    bool kept_is_copy = false;
    if (b->status == 0 && !output_commit(&b->out, &kept_is_copy))
        b->status = 2;
    step_done(b, "publish");
    if (b->status == 0)
        cache_save(b->cache, b->out_dir, kept_is_copy);    /* only what was published is ever reused */
    if (b->status != 0)
        output_abort(&b->out);
}

/* The counts, and the stamp that lets the next build with nothing to do
 * say so at once. */
static void save_for_next_build(Build *b)
{
    BuildResult *result = b->result;
    result->pages_written = b->page_paths.count;
    result->pages_reused = atomic_load(&b->pages_reused);
    audio_maker_counts(b->audio, &result->audio_made, &result->audio_reused);
    if (result->audio_made || result->audio_reused)
        diag_verbose("sayso: %zu audio files spoken, %zu taken from the build cache", result->audio_made,
                     result->audio_reused);
    diag_transcript(NULL);
    if (b->status == 0) {
        result->warnings = b->sink->warnings + b->check_warnings;
        result->notices = b->check_notices;
        stamp_save(b->out_dir, cache_inputs_key(&b->cache_inputs), b->cache, b->said.data, result,
                   b->site.pack_count, &b->check);
    } else {
        stamp_remove(b->out_dir);
    }
    step_done(b, "save the cache");
    diag_verbose("sayso: %zu of %zu pages reused from the build cache", result->pages_reused,
                 result->pages_written);
    diag_verbose("sayso: time taken: %s", b->steps.data);
}

/* The build's closing lines, whether it got to the end or stopped early,
 * and everything it held freed. */
static int finish_build(Build *b)
{
    BuildResult *result = b->result;
    int status = b->status;
    sandbox_on_stuck(NULL, NULL);
    diag_transcript(NULL);
    sb_free(&b->said);
    stamp_check_free(&b->check);
    if (status != 0)
        stamp_remove(b->out_dir);
    result->errors = b->sink->errors + b->check_errors;
    result->warnings = b->sink->warnings + b->check_warnings;
    result->notices = b->check_notices;
    result->exit_status = status;
    /* Only when the checks found something (as before, when they said
     * so on their own): a build stopped by one bad file says just that. */
    if (status != 0 && b->checked && (b->check_errors || b->check_warnings))
        say_failed(result);
    /* Said for every failure, early or late, so nobody wonders whether a
     * half-built site went out. */
    if (status != 0)
        diag_info("sayso: the build failed, so %s was left as it was", b->out_dir);
    else
        say_built(result, b->site.pack_count, b->out_dir);
    cache_free(b->cache);
    audio_maker_free(b->audio);
    theme_free(&b->theme);
    site_free(&b->site);
    sl_free(&b->page_paths);
    diag_list_free(&b->hub_said);
    sb_free(&b->steps);
    pthread_mutex_destroy(&b->lock);
    free(b);
    return status;
}

/* What the caller knows changed, in place of the check's walk.  There is
 * no walk to make the next stamp from, so none is left (stamp_save). */
static void take_known_changes(StampCheck *check, const Changes *known)
{
    check->changes.packs_known = known->packs_known;
    check->changes.outputs_as_left = known->outputs_as_left;
    for (size_t i = 0; i < known->changed.count; i++)
        sl_push(&check->changes.changed, known->changed.items[i]);
    sl_sort(&check->changes.changed);
}

int build_site(const BuildOptions *options, BuildResult *result)
{
    BuildResult local = {0};
    if (!result)
        result = &local;
    memset(result, 0, sizeof *result);

    Day today;
    const char *date_error = NULL;
    if (!date_build_day(options->now, &today, &date_error)) {
        diag_error(NULL, 0, "%s", date_error);
        return result->exit_status = 2;
    }
    char *builtin = NULL;
    const char *source = options->source_dir;
    if (!source)
        source = builtin = sayso_data_path("content");
    const char *out_dir = options->output_dir ? options->output_dir : "public";
    struct timespec began;
    clock_gettime(CLOCK_MONOTONIC, &began);
    /* What this build says, counted, and kept for the review report. */
    DiagList said_list = {0};
    Diag said_here;
    diag_push(&said_here, DIAG_RECORD, &said_list, NULL);
    StampCheck check = {0};
    if (options->known_changes)
        take_known_changes(&check, options->known_changes);
    else if (up_to_date(options, source, out_dir, today, result, &check)) {
        stamp_check_free(&check);
        free(builtin);
        diag_pop(&said_here);
        diag_list_free(&said_list);
        return 0;
    }
    if (options->memory)
        build_memory_forget(options->memory, options->known_changes);
    Build *b = build_new(options, source, out_dir, today, began, result, check, &said_here);
    b->said_list = &said_list;  /* filled through b->sink; read when the review report is made */
    if (load_sources(b)) {
        open_build_cache(b);
        build_consultations(b);
        build_site_pages(b);
        build_site_files(b);
        judge(b);
        publish(b);
        save_for_next_build(b);
        report_free(&b->report);
    }
    int status = finish_build(b);
    free(builtin);
    diag_pop(&said_here);
    diag_list_free(&said_list);
    return status;
}
