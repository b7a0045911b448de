/* test_cache.c: the build cache never serves a stale page.
 *
 * Each test builds a copy of the example site, changes one thing, builds
 * again, and looks at what the second build did.  A page sayso reused is
 * the published file hard-linked into the new site, so it keeps its inode;
 * a page sayso built again is a new file.  So "reused" and "rebuilt" are
 * read from the output itself, besides BuildResult.pages_reused.
 */
#include "testutil.h"
#include "build.h"
#include "build_memory.h"
#include "cache.h"
#include "diag.h"
#include "paths.h"
#include "stamp.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

/* Every page of the example site: the packs' (6, 6 and 9 with their
 * comment cards in three formats, each with a review page, and a review
 * sheet per format: 3, 3 and 4; and evening buses' British Sign Language
 * page), the hub in three formats and its 9 lists, the A to Z list, 3
 * pages/ with their large print and one easy read, the picture gallery
 * and the review report;
 * then the Welsh evening buses and the Urdu library hours, each with its
 * comment cards, and the Welsh and Urdu hubs with their 9 lists and A to Z
 * each. */
#define ALL_PAGES 96

#define BUSES   "consultations/evening-buses/index.html"
#define LIBRARY "consultations/library-opening-hours/index.html"
#define HARBOUR "consultations/harbour-day-centre/easy-read/index.html"
#define HUB     "index.html"
#define TOPIC   "topics/buses/index.html"
#define ABOUT   "pages/about/index.html"
#define REVIEW  "report/index.html"
#define BUSES_REVIEW "report/evening-buses/index.html"

typedef struct Fixture {
    char *root, *site, *out;
} Fixture;

static int setup(void **state)
{
    diag_set_verbosity(DIAG_QUIET);
    Fixture *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    f->root = xasprintf("%s/sayso-test-cache-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->root))
        return -1;
    f->site = path_join(f->root, "site");
    f->out = path_join(f->root, "public");
    char *example = sayso_data_path("content");
    char *cmd = xasprintf("cp -R '%s' '%s'", example, f->site);
    int rc = system(cmd);
    free(cmd);
    free(example);
    *state = f;
    return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    remove_tree(f->root);
    free(f->root);
    free(f->site);
    free(f->out);
    free(f);
    return 0;
}

static BuildResult build_with(const Fixture *f, const char *now, bool no_cache)
{
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = now, .jobs = 2,
                            .no_cache = no_cache};
    BuildResult result = {0};
    assert_int_equal(build_site(&options, &result), 0);
    assert_int_equal(result.errors, 0);
    return result;
}

static BuildResult build(const Fixture *f)
{
    return build_with(f, "2026-11-23", false);
}

static ino_t inode_of(const Fixture *f, const char *page)
{
    char *path = path_join(f->out, page);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    free(path);
    return st.st_ino;
}

static char *published(const Fixture *f, const char *page)
{
    char *path = path_join(f->out, page);
    char *text = read_file(path, NULL);
    assert_non_null(text);
    free(path);
    return text;
}

static void put(const Fixture *f, const char *rel, const char *text)
{
    char *path = path_join(f->site, rel);
    char *dir = path_dirname(path);
    assert_true(make_dirs(dir));
    assert_true(write_file(path, text, strlen(text)));
    free(dir);
    free(path);
}

/* Appends text to a site file. */
static void append(const Fixture *f, const char *rel, const char *text)
{
    char *path = path_join(f->site, rel);
    FILE *fp = fopen(path, "a");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    free(path);
}

/* Replaces the first `from` in a site file with `to`. */
static void edit(const Fixture *f, const char *rel, const char *from, const char *to)
{
    replace_in_file(f->site, rel, from, to);
}

/* Appends to a published page in place, as an editor might. */
static void edit_published_by_hand(const Fixture *f, const char *page)
{
    char *path = path_join(f->out, page);
    FILE *fp = fopen(path, "a");
    assert_non_null(fp);
    fputs("<!-- edited by hand -->\n", fp);
    fclose(fp);
    free(path);
}

static void test_nothing_changed_reuses_every_page(void **state)
{
    Fixture *f = *state;
    BuildResult cold = build(f);
    assert_int_equal(cold.pages_reused, 0);
    assert_int_equal(cold.pages_written, ALL_PAGES);
    ino_t buses = inode_of(f, BUSES), library = inode_of(f, LIBRARY), hub = inode_of(f, HUB),
          review = inode_of(f, REVIEW), about = inode_of(f, ABOUT);
    char *report = published(f, "report.json");

    BuildResult warm = build(f);
    assert_int_equal(warm.pages_reused, ALL_PAGES);
    assert_true(inode_of(f, HUB) == hub);
    assert_true(inode_of(f, REVIEW) == review);
    assert_true(inode_of(f, ABOUT) == about);
    assert_int_equal(warm.pages_written, cold.pages_written);
    assert_int_equal(warm.warnings, cold.warnings);
    assert_true(inode_of(f, BUSES) == buses);
    assert_true(inode_of(f, LIBRARY) == library);
    /* The report is the same whether pages were built or reused. */
    char *again = published(f, "report.json");
    assert_string_equal(again, report);
    free(again);
    free(report);

    /* The cache is beside the output, never inside it. */
    char *cache = path_join(f->root, ".sayso-cache/public/index");
    assert_true(file_exists(cache));
    free(cache);
    char *inside = path_join(f->out, ".sayso-cache");
    assert_false(file_exists(inside) || dir_exists(inside));
    free(inside);
}

static void test_changed_pack_is_rebuilt_and_others_reused(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t buses = inode_of(f, BUSES), library = inode_of(f, LIBRARY), harbour = inode_of(f, HARBOUR),
          hub = inode_of(f, HUB), topic = inode_of(f, TOPIC), review = inode_of(f, REVIEW),
          buses_review = inode_of(f, BUSES_REVIEW);

    append(f, "consultations/evening-buses/index.md", "\nWe also want to hear about Sunday buses.\n");
    BuildResult warm = build(f);
    assert_true(inode_of(f, BUSES) != buses);
    char *page = published(f, BUSES);
    assert_non_null(strstr(page, "We also want to hear about Sunday buses."));
    free(page);
    assert_true(inode_of(f, LIBRARY) == library);
    assert_true(inode_of(f, HARBOUR) == harbour);
    /* The hub shows front matter only, which did not change. */
    assert_true(inode_of(f, HUB) == hub);
    assert_true(inode_of(f, TOPIC) == topic);
    /* The pack's review page shows its word count, which did change; so
     * does the review report over every pack, which charts reading ages.
     * The pack's review sheets have its words. */
    assert_true(inode_of(f, BUSES_REVIEW) != buses_review);
    assert_true(inode_of(f, REVIEW) != review);
    /* The pack's 6 pages (3 formats, 3 comment cards), its BSL page, its
     * review page and 3 review sheets, and the review report's front page;
     * and its Welsh translation's 6 pages and review page, rebuilt with it
     * (and now out of date). */
    assert_int_equal(warm.pages_reused, ALL_PAGES - 19);
}

static void test_front_matter_change_rebuilds_the_hub(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t hub = inode_of(f, HUB), topic = inode_of(f, TOPIC), library = inode_of(f, LIBRARY);
    edit(f, "consultations/evening-buses/index.md", "title: Changes to evening bus services",
         "title: Evening bus services are changing");
    build(f);
    assert_true(inode_of(f, HUB) != hub);
    assert_true(inode_of(f, TOPIC) != topic);
    char *page = published(f, HUB);
    assert_non_null(strstr(page, "Evening bus services are changing"));
    free(page);
    assert_true(inode_of(f, LIBRARY) == library);
}

static void test_new_finding_rebuilds_the_review_report(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t review = inode_of(f, REVIEW);
    append(f, "consultations/harbour-day-centre/index.md", "\nWe will utilise the new rooms.\n");
    BuildResult warm = build(f);
    assert_int_equal(warm.errors, 0);
    assert_true(inode_of(f, REVIEW) != review);
    char *page = published(f, REVIEW);
    assert_non_null(strstr(page, "Designing the new Harbour Day Centre together</a><span>: 0 must fix, 1 should fix"));
    free(page);
    page = published(f, "report/harbour-day-centre/index.html");
    assert_non_null(strstr(page, "instead of \"utilise\""));
    free(page);
}

/* The review report is kept when nothing it shows changed, though the
 * pack's pages did: a word swapped for one as long, of as many
 * syllables, in a pack with no translation to fall out of date, changes
 * its opening words and its own review page, but not its counts or its
 * reading age. */
static void assert_same_as_cold(const Fixture *f, const char *now);

static void test_review_report_kept_when_what_it_shows_is_the_same(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t review = inode_of(f, REVIEW), harbour_review = inode_of(f, "report/harbour-day-centre/index.html");
    edit(f, "consultations/harbour-day-centre/index.md", "on Quay Road is too small", "on Dock Road is too small");
    build(f);
    assert_true(inode_of(f, "report/harbour-day-centre/index.html") != harbour_review);
    assert_true(inode_of(f, REVIEW) == review);
    assert_same_as_cold(f, "2026-11-23");
}

static void test_file_added_to_pack_rebuilds_it(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t harbour = inode_of(f, HARBOUR), buses = inode_of(f, BUSES);
    put(f, "consultations/harbour-day-centre/plan.txt", "The floor plan.\n");
    build(f);
    assert_true(inode_of(f, HARBOUR) != harbour);
    assert_true(inode_of(f, BUSES) == buses);
    char *copied = path_join(f->out, "consultations/harbour-day-centre/plan.txt");
    assert_true(file_exists(copied));
    free(copied);
}

/* A change that keeps the file's size and mtime is still seen: the
 * stat compared includes ctime and inode, and contents are hashed. */
static void test_same_size_same_mtime_change_is_seen(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t buses = inode_of(f, BUSES);
    char *path = path_join(f->site, "consultations/evening-buses/index.md");
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    free(path);
    edit(f, "consultations/evening-buses/index.md", "Changes to evening bus services",
         "Changes to evening BUS services");
    path = path_join(f->site, "consultations/evening-buses/index.md");
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    free(path);
    build(f);
    assert_true(inode_of(f, BUSES) != buses);
    char *page = published(f, BUSES);
    assert_non_null(strstr(page, "Changes to evening BUS services"));
    free(page);
}

static void test_template_change_rebuilds_every_page(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t library = inode_of(f, LIBRARY), hub = inode_of(f, HUB);
    char *builtin = sayso_data_path("themes/default/templates/layout.html");
    char *layout = read_file(builtin, NULL);
    assert_non_null(layout);
    free(builtin);
    char *at = strstr(layout, "</body>");
    assert_non_null(at);
    char *changed = xasprintf("%.*s<p>Printed by the council.</p>%s", (int)(at - layout), layout, at);
    put(f, "themes/default/templates/layout.html", changed);
    free(changed);
    free(layout);

    BuildResult warm = build(f);
    assert_int_equal(warm.pages_reused, 0);
    assert_true(inode_of(f, LIBRARY) != library);
    assert_true(inode_of(f, HUB) != hub);
    char *page = published(f, LIBRARY);
    assert_non_null(strstr(page, "Printed by the council."));
    free(page);
}

static void test_hook_change_rebuilds_every_page(void **state)
{
    Fixture *f = *state;
    put(f, "lua/extra.lua", "-- does nothing yet\nreturn {}\n");
    build(f);
    assert_int_equal(build(f).pages_reused, ALL_PAGES);
    put(f, "lua/extra.lua", "-- does nothing, still\nreturn {}\n");
    assert_int_equal(build(f).pages_reused, 0);
}

static void test_site_settings_change_rebuilds_every_page(void **state)
{
    Fixture *f = *state;
    build(f);
    edit(f, "site.yml", "title: Have your say in Northbridge", "title: Tell Northbridge");
    BuildResult warm = build(f);
    assert_int_equal(warm.pages_reused, 0);
    char *page = published(f, HARBOUR);
    assert_non_null(strstr(page, "Tell Northbridge"));
    free(page);
}

static void test_site_page_change_rebuilds_every_page(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t about = inode_of(f, ABOUT);
    /* pages/ titles are in every page's navigation. */
    edit(f, "pages/about.md", "title: ", "title: All ");
    assert_int_equal(build(f).pages_reused, 0);
    assert_true(inode_of(f, ABOUT) != about);
}

static void test_build_date_change_rebuilds_every_page(void **state)
{
    Fixture *f = *state;
    build_with(f, "2026-11-23", false);
    char *before = published(f, BUSES);
    BuildResult next_day = build_with(f, "2026-11-24", false);
    assert_int_equal(next_day.pages_reused, 0);
    char *after = published(f, BUSES);
    assert_string_not_equal(before, after);     /* "closes in N days" moved on */
    free(before);
    free(after);
}

static void test_edited_published_page_is_rebuilt(void **state)
{
    Fixture *f = *state;
    build(f);
    char *cold = published(f, LIBRARY);
    edit_published_by_hand(f, LIBRARY);
    BuildResult warm = build(f);
    /* The pack's 9 pages and its review page, its 4 review sheets, and
     * its Urdu translation's 6 pages. */
    assert_int_equal(warm.pages_reused, ALL_PAGES - 20);
    char *rebuilt = published(f, LIBRARY);
    assert_string_equal(rebuilt, cold);
    free(rebuilt);
    free(cold);
}

static void test_no_cache_builds_everything(void **state)
{
    Fixture *f = *state;
    build(f);
    ino_t buses = inode_of(f, BUSES);
    assert_int_equal(build_with(f, "2026-11-23", true).pages_reused, 0);
    assert_true(inode_of(f, BUSES) != buses);
    /* and rewrites the cache, so the next build reuses again */
    assert_int_equal(build(f).pages_reused, ALL_PAGES);
}

static void test_unreadable_cache_builds_everything(void **state)
{
    Fixture *f = *state;
    build(f);
    char *cache = path_join(f->root, ".sayso-cache/public/index");
    assert_true(write_file(cache, "sayso-cache 1 3 \npack 4:abc", 27));
    free(cache);
    assert_int_equal(build(f).pages_reused, 0);
    assert_int_equal(build(f).pages_reused, ALL_PAGES);
}

/* Every file under dir, as "relative-path hash" lines, sorted. */
static void list_tree(const char *dir, const char *rel, StrList *into)
{
    StrList names = {0};
    list_dir(dir, &names);
    for (size_t i = 0; i < names.count; i++) {
        char *path = path_join(dir, names.items[i]);
        char *r = *rel ? xasprintf("%s/%s", rel, names.items[i]) : xstrdup(names.items[i]);
        if (dir_exists(path)) {
            list_tree(path, r, into);
        } else {
            size_t len;
            char *data = read_file(path, &len);
            assert_non_null(data);
            char *line = xasprintf("%s %016llx", r, (unsigned long long)hash_bytes(HASH_SEED, data, len));
            sl_push_owned(into, line);
            free(data);
        }
        free(r);
        free(path);
    }
    sl_free(&names);
}

/* The published site is the one a build without the cache makes. */
static void assert_same_as_cold(const Fixture *f, const char *now)
{
    char *cold_out = path_join(f->root, "cold");
    BuildOptions options = {.source_dir = f->site, .output_dir = cold_out, .now = now, .jobs = 1,
                            .no_cache = true};
    BuildResult result = {0};
    assert_int_equal(build_site(&options, &result), 0);
    StrList warm = {0}, cold = {0};
    list_tree(f->out, "", &warm);
    list_tree(cold_out, "", &cold);
    sl_sort(&warm);
    sl_sort(&cold);
    for (size_t i = 0; i < warm.count && i < cold.count; i++)
        assert_string_equal(warm.items[i], cold.items[i]);
    assert_int_equal(warm.count, cold.count);
    sl_free(&warm);
    sl_free(&cold);
    remove_tree(cold_out);
    free(cold_out);
}

/* report.json is written from every page's findings, those of reused
 * pages read back from the cache: after one pack changed it is, byte for
 * byte, the one a cold build writes, in the reused packs' entries too. */
static void test_report_json_of_a_rebuild_is_a_cold_builds(void **state)
{
    Fixture *f = *state;
    build(f);
    append(f, "consultations/evening-buses/index.md", "\nWe will utilise the new timetable to facilitate later buses.\n");
    BuildResult warm = build(f);
    assert_true(warm.pages_reused > 0);
    assert_true(inode_of(f, LIBRARY) != 0);
    char *json = published(f, "report.json");
    assert_non_null(strstr(json, "\"consultation\":\"library-opening-hours\""));
    free(json);
    assert_same_as_cold(f, "2026-11-23");
}

/* Findings taken away from under the cache (never do this: delete the
 * whole of .sayso-cache/NAME) fail the build rather than go missing from
 * the report. */
static void test_lost_findings_fail_the_build(void **state)
{
    Fixture *f = *state;
    build(f);
    char *dir = path_join(f->root, ".sayso-cache/public/findings");
    StrList names = {0};
    assert_true(list_dir(dir, &names));
    size_t removed = 0;
    for (size_t i = 0; i < names.count; i++)
        if (str_starts_with(names.items[i], "library-opening-hours-")) {
            char *path = path_join(dir, names.items[i]);
            assert_int_equal(unlink(path), 0);
            free(path);
            removed++;
        }
    assert_int_equal(removed, 1);
    sl_free(&names);
    free(dir);
    append(f, "consultations/evening-buses/index.md", "\nWe will utilise the new timetable.\n");
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = "2026-11-23", .jobs = 2};
    BuildResult result = {0};
    assert_int_equal(build_site(&options, &result), 2);
    assert_true(result.errors > 0);
}

/* `sayso serve` keeps each page's entry of report.json in memory, with
 * the key of the pack that made it: after another pack changed, the
 * kept pack's findings are not read back (here they are gone, which a
 * build without the memory stops at, as above), and report.json is a
 * cold build's all the same. */
static void test_serve_memory_keeps_report_entries(void **state)
{
    Fixture *f = *state;
    BuildMemory *memory = build_memory_new();
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = "2026-11-23", .jobs = 2,
                            .memory = memory};
    BuildResult result = {0};
    assert_int_equal(build_site(&options, &result), 0);
    char *dir = path_join(f->root, ".sayso-cache/public/findings");
    StrList names = {0};
    assert_true(list_dir(dir, &names));
    for (size_t i = 0; i < names.count; i++)
        if (str_starts_with(names.items[i], "library-opening-hours-")) {
            char *path = path_join(dir, names.items[i]);
            assert_int_equal(unlink(path), 0);
            free(path);
        }
    sl_free(&names);
    free(dir);
    append(f, "consultations/evening-buses/index.md", "\nWe will utilise the new timetable.\n");
    Changes changes = {.packs_known = true, .outputs_as_left = true};
    sl_push(&changes.changed, "evening-buses");
    options.known_changes = &changes;
    assert_int_equal(build_site(&options, &result), 0);
    assert_int_equal(result.errors, 0);
    assert_same_as_cold(f, "2026-11-23");
    changes_free(&changes);
    build_memory_free(memory);
}

/* The site a build replaces is kept and becomes the next build's staging
 * folder: what it had and the new site has not must go. */
static void test_removed_pack_and_file_leave_no_trace(void **state)
{
    Fixture *f = *state;
    put(f, "consultations/harbour-day-centre/plan.txt", "The floor plan.\n");
    build(f);
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    char *pack = path_join(f->site, "consultations/harbour-day-centre");
    assert_true(remove_tree(pack));
    free(pack);
    for (int round = 0; round < 3; round++) {
        build(f);
        char *gone = path_join(f->out, "consultations/harbour-day-centre");
        assert_false(dir_exists(gone));
        free(gone);
        gone = path_join(f->out, "report/harbour-day-centre");
        assert_false(dir_exists(gone));
        free(gone);
        assert_same_as_cold(f, "2026-11-23");
    }
    /* A file removed from a pack goes too. */
    append(f, "consultations/evening-buses/index.md", "\nMore about the routes.\n");
    build(f);
    edit(f, "consultations/evening-buses/index.md", "More about the routes.", "More about the buses.");
    build(f);
    assert_same_as_cold(f, "2026-11-23");
}

/* Replaces every FROM in the file at PATH with TO, both SIZE bytes. */
static size_t replace_all_bytes(const char *path, const char *from, const char *to, size_t size)
{
    size_t len, n = 0;
    char *data = read_file(path, &len);
    assert_non_null(data);
    for (char *at = data; (at = memmem(at, len - (size_t)(at - data), from, size)); at += size, n++)
        memcpy(at, to, size);
    assert_true(write_file(path, data, len));
    free(data);
    return n;
}

/* The search index's words of every pack are kept in the cache, each
 * with its pack's key: a rebuild reads only the changed pack's Markdown
 * again (at 5,000 packs, reading them all was most of a rebuild). */
static void test_search_words_are_kept_by_pack(void **state)
{
    Fixture *f = *state;
    build(f);
    char *kept = path_join(f->root, ".sayso-cache/public/search-words");
    /* Planted: what the cache says the harbour pack's words are (a word
     * ends in NUL; its slug, on its own line, does not). */
    assert_true(replace_all_bytes(kept, "harbour", "zzzzzzz", sizeof "harbour") > 0);
    append(f, "consultations/library-opening-hours/index.md", "\nWe will read every answer.\n");
    build(f);
    char *planted = path_join(f->out, "search/terms/7a7a7a.json");
    assert_true(file_exists(planted));
    /* Once the pack changes, its words are read again. */
    append(f, "consultations/harbour-day-centre/index.md", "\nThe group meets on Mondays.\n");
    build(f);
    assert_false(file_exists(planted));
    assert_same_as_cold(f, "2026-11-23");
    /* A file that is not what sayso wrote is read as far as it makes sense. */
    assert_true(write_file(kept, "sayso search words 1\n0 broken", 30));
    append(f, "consultations/library-opening-hours/index.md", "\nAnd every letter.\n");
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    free(planted);
    free(kept);
}

static void test_rebuilds_publish_what_a_cold_build_does(void **state)
{
    Fixture *f = *state;
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    append(f, "consultations/library-opening-hours/index.md", "\nWe will read every answer.\n");
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    build_with(f, "2026-12-01", false);
    assert_same_as_cold(f, "2026-12-01");
    build_with(f, "2026-12-01", false);
    assert_same_as_cold(f, "2026-12-01");
}

/* The published folder is swapped for a new one by every build that
 * runs; a build with nothing to do leaves it as it is. */
static ino_t site_inode(const Fixture *f)
{
    struct stat st;
    assert_int_equal(stat(f->out, &st), 0);
    return st.st_ino;
}

/* A stat made less than a second before a build is not trusted: wait. */
static void let_a_second_pass(void)
{
    sleep(2);
}

static void test_nothing_to_do_is_seen_and_anything_else_is_not(void **state)
{
    Fixture *f = *state;
    build(f);
    let_a_second_pass();
    build(f);                       /* everything old enough: the stamp is written */
    ino_t site = site_inode(f);
    BuildResult idle = build(f);
    assert_true(site_inode(f) == site);          /* nothing was done */
    assert_int_equal(idle.pages_reused, ALL_PAGES);
    assert_int_equal(idle.pages_written, ALL_PAGES);

    /* A changed pack is built. */
    append(f, "consultations/evening-buses/index.md", "\nThe last bus leaves at midnight.\n");
    build(f);
    assert_true(site_inode(f) != site);
    char *page = published(f, BUSES);
    assert_non_null(strstr(page, "The last bus leaves at midnight."));
    free(page);

    /* A file added to a pack (its folder's stat changes). */
    let_a_second_pass();
    build(f);
    build(f);
    site = site_inode(f);
    put(f, "consultations/evening-buses/timetable.txt", "Every 20 minutes.\n");
    build(f);
    assert_true(site_inode(f) != site);
    char *copied = published(f, "consultations/evening-buses/timetable.txt");
    assert_string_equal(copied, "Every 20 minutes.\n");
    free(copied);

    /* A published page edited by hand is put right. */
    let_a_second_pass();
    build(f);
    build(f);
    site = site_inode(f);
    char *cold = published(f, LIBRARY);
    edit_published_by_hand(f, LIBRARY);
    build(f);
    assert_true(site_inode(f) != site);
    char *again = published(f, LIBRARY);
    assert_string_equal(again, cold);
    free(again);
    free(cold);

    /* Front matter kept from the last build is read again when it changes:
     * the hub shows the new title. */
    let_a_second_pass();
    build(f);
    edit(f, "consultations/evening-buses/index.md", "title: ", "title: Later ");
    build(f);
    char *hub = published(f, HUB);
    assert_non_null(strstr(hub, "Later "));
    free(hub);
    char *front = path_join(f->root, ".sayso-cache/public/front-matter");
    assert_true(file_exists(front));
    free(front);

    /* A new build date is a change too (the status of every pack), with
     * every pack's front matter as the last build kept it. */
    let_a_second_pass();
    build(f);
    build(f);
    site = site_inode(f);
    build_with(f, "2026-12-01", false);
    assert_true(site_inode(f) != site);
    assert_same_as_cold(f, "2026-12-01");
}

/* The names in a folder, a line each, sorted. */
static char *listing(const Fixture *f, const char *rel)
{
    char *dir = path_join(f->root, rel);
    StrList names = {0};
    list_dir(dir, &names);
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < names.count; i++)
        sb_printf(&sb, "%s\n", names.items[i]);
    sl_free(&names);
    free(dir);
    return sb.data ? sb.data : xstrdup("");
}

/* Findings files are written as packs are built; a build that then
 * fails takes its new ones away, so the cache is as it was. */
static void test_failed_build_leaves_the_cache_as_it_was(void **state)
{
    Fixture *f = *state;
    build(f);
    char *findings = listing(f, ".sayso-cache/public/findings");
    char *index_path = path_join(f->root, ".sayso-cache/public/index");
    size_t index_len;
    char *index = read_file(index_path, &index_len);
    assert_non_null(index);

    /* One pack changed (a new findings file), one with an error. */
    append(f, "consultations/evening-buses/index.md", "\nThe last bus leaves at midnight.\n");
    append(f, "consultations/library-opening-hours/index.md", "\n![](no-such-picture-text.svg)\n");
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = "2026-11-23", .jobs = 2};
    BuildResult result = {0};
    assert_int_not_equal(build_site(&options, &result), 0);

    char *after = listing(f, ".sayso-cache/public/findings");
    assert_string_equal(after, findings);
    size_t again_len;
    char *again = read_file(index_path, &again_len);
    assert_non_null(again);
    assert_int_equal(again_len, index_len);
    assert_memory_equal(again, index, index_len);
    free(again);
    free(after);
    free(index);
    free(index_path);
    free(findings);
}

/* ---- what the up-to-date check vouches for (changes.h) ---- */

/* The key the stamp was written with: the check is asked with the same
 * inputs, as the build asks it. */
static uint64_t stamp_key(const Fixture *f)
{
    char *path = path_join(f->root, ".sayso-cache/public/stamp");
    char *text = read_file(path, NULL);
    assert_non_null(text);
    const char *line = strchr(text, '\n');
    assert_non_null(line);
    uint64_t key = strtoull(line + 1, NULL, 10);
    free(text);
    free(path);
    return key;
}

/* What the check sees now; *up_to_date says whether it found nothing to do. */
static StampCheck check_now(const Fixture *f, bool *up_to_date)
{
    BuildResult result;
    size_t packs;
    StampCheck check;
    *up_to_date = stamp_up_to_date(f->out, f->site, stamp_key(f), true, &result, &packs, &check);
    return check;
}

/* The check finds something to do, and consultations/slug among it. */
static void assert_check_sees_pack_change(const Fixture *f, const char *slug)
{
    bool idle;
    StampCheck check = check_now(f, &idle);
    assert_false(idle);
    assert_true(check.changes.packs_known);
    assert_false(changes_pack_unchanged(&check.changes, slug));
    stamp_check_free(&check);
}

/* A stamp every source of which is old enough to trust. */
static void build_settled(const Fixture *f)
{
    build(f);
    let_a_second_pass();
    build(f);
}

static void test_check_vouches_only_for_what_it_saw(void **state)
{
    Fixture *f = *state;
    build_settled(f);
    bool idle;
    StampCheck check = check_now(f, &idle);
    assert_true(idle);
    stamp_check_free(&check);

    /* One pack's text changed: only it is looked at again. */
    append(f, "consultations/evening-buses/index.md", "\nThe last bus leaves at midnight.\n");
    check = check_now(f, &idle);
    assert_false(idle);
    assert_true(check.changes.packs_known);
    assert_int_equal(check.changes.changed.count, 1);
    assert_string_equal(check.changes.changed.items[0], "evening-buses");
    assert_true(check.changes.outputs_as_left);
    assert_false(changes_pack_unchanged(&check.changes, "evening-buses"));
    assert_true(changes_pack_unchanged(&check.changes, "library-opening-hours"));
    stamp_check_free(&check);
    build(f);
    char *page = published(f, BUSES);
    assert_non_null(strstr(page, "The last bus leaves at midnight."));
    free(page);
    assert_same_as_cold(f, "2026-11-23");

    /* Built within a second of the change: its stat is not trusted, so
     * the pack is still looked at, and only it. */
    check = check_now(f, &idle);
    assert_false(idle);
    assert_true(check.changes.packs_known);
    assert_true(sl_contains(&check.changes.changed, "evening-buses"));
    assert_true(changes_pack_unchanged(&check.changes, "harbour-day-centre"));
    stamp_check_free(&check);

    /* A published page edited by hand: published files are no longer
     * vouched for, and the build puts the page right. */
    let_a_second_pass();
    build(f);
    edit_published_by_hand(f, LIBRARY);
    check = check_now(f, &idle);
    assert_false(idle);
    assert_false(check.changes.outputs_as_left);
    assert_true(changes_pack_unchanged(&check.changes, "library-opening-hours"));
    stamp_check_free(&check);
    build(f);
    assert_same_as_cold(f, "2026-11-23");

    /* A file added to a pack changes its folder's stat. */
    let_a_second_pass();
    build(f);
    put(f, "consultations/harbour-day-centre/plan.txt", "The floor plan.\n");
    assert_check_sees_pack_change(f, "harbour-day-centre");
    build(f);
    char *copied = published(f, "consultations/harbour-day-centre/plan.txt");
    assert_string_equal(copied, "The floor plan.\n");
    free(copied);
    assert_same_as_cold(f, "2026-11-23");

    /* A folder's names are taken from the last walk only while its stat
     * is unchanged: a file added in a folder inside a pack is seen, and so
     * is one taken away. */
    put(f, "consultations/harbour-day-centre/drafts/one.txt", "First draft.\n");
    let_a_second_pass();
    build(f);
    check = check_now(f, &idle);
    assert_true(idle);
    stamp_check_free(&check);
    put(f, "consultations/harbour-day-centre/drafts/two.txt", "Second draft.\n");
    assert_check_sees_pack_change(f, "harbour-day-centre");
    let_a_second_pass();
    build(f);
    char *plan = path_join(f->site, "consultations/harbour-day-centre/plan.txt");
    assert_int_equal(unlink(plan), 0);
    free(plan);
    assert_check_sees_pack_change(f, "harbour-day-centre");
    build(f);
    assert_same_as_cold(f, "2026-11-23");
    /* And the file added is in the walk from then on: a change to it
     * alone, which leaves its folder's stat as it was, is seen. */
    let_a_second_pass();
    build(f);
    append(f, "consultations/harbour-day-centre/drafts/two.txt", "Third draft.\n");
    assert_check_sees_pack_change(f, "harbour-day-centre");
    build(f);

    /* A pack added: the packs are not known, and every one is looked at. */
    let_a_second_pass();
    build(f);
    char *from = path_join(f->site, "consultations/evening-buses");
    char *to = path_join(f->site, "consultations/night-buses");
    char *cmd = xasprintf("cp -R '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(to);
    free(from);
    check = check_now(f, &idle);
    assert_false(idle);
    assert_false(check.changes.packs_known);
    assert_false(changes_pack_unchanged(&check.changes, "library-opening-hours"));
    stamp_check_free(&check);
    build(f);
    assert_same_as_cold(f, "2026-11-23");
}

/* The links check is skipped only for packs the check saw unchanged: a
 * link out of the source put into a pack is still refused.  A folder, so
 * that only the links check (not the listing of a pack's files) sees it. */
static void test_link_out_put_in_after_a_stamp_is_refused(void **state)
{
    Fixture *f = *state;
    build_settled(f);
    char *link_path = path_join(f->site, "consultations/evening-buses/photos");
    assert_int_equal(symlink(f->root, link_path), 0);
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = "2026-11-23", .jobs = 2};
    BuildResult result = {0};
    assert_int_equal(build_site(&options, &result), 2);
    assert_true(result.errors > 0);
    assert_int_equal(unlink(link_path), 0);
    free(link_path);
    build(f);
    assert_same_as_cold(f, "2026-11-23");
}

static void test_cache_dir_is_beside_output(void **state)
{
    (void)state;
    char *dir = cache_dir_for("/srv/www/public/");
    assert_string_equal(dir, "/srv/www/.sayso-cache/public");
    free(dir);
    dir = cache_dir_for("public");
    assert_string_equal(dir, "./.sayso-cache/public");
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nothing_changed_reuses_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_pack_is_rebuilt_and_others_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_front_matter_change_rebuilds_the_hub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_finding_rebuilds_the_review_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_report_kept_when_what_it_shows_is_the_same, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_search_words_are_kept_by_pack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_serve_memory_keeps_report_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_added_to_pack_rebuilds_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_size_same_mtime_change_is_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_template_change_rebuilds_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hook_change_rebuilds_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_settings_change_rebuilds_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_page_change_rebuilds_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_date_change_rebuilds_every_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited_published_page_is_rebuilt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cache_builds_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_cache_builds_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_json_of_a_rebuild_is_a_cold_builds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_findings_fail_the_build, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_pack_and_file_leave_no_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rebuilds_publish_what_a_cold_build_does, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_do_is_seen_and_anything_else_is_not, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_build_leaves_the_cache_as_it_was, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_vouches_only_for_what_it_saw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_out_put_in_after_a_stamp_is_refused, setup, teardown),
        cmocka_unit_test(test_cache_dir_is_beside_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
