/* test_diag.c: messages as values, and the sinks that count, keep, hold
 * and show them (diag.h). */
#include "testutil.h"
#include "binio.h"
#include "build.h"
#include "diag.h"
#include "paths.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What reached the edge, formatted, in order. */
static void collect(void *data, bool is_error, const char *formatted)
{
    StrList *shown = data;
    sl_push(shown, formatted);
    (void)is_error;
}

static DiagVerbosity verbosity_before;

static int quiet_setup(void **state)
{
    (void)state;
    verbosity_before = diag_verbosity();
    diag_set_verbosity(DIAG_SILENT);
    diag_reset();
    return 0;
}

static int quiet_teardown(void **state)
{
    (void)state;
    diag_set_sink(NULL, NULL);
    diag_set_verbosity(verbosity_before);
    return 0;
}

static void test_format_names_file_line_and_level(void **state)
{
    (void)state;
    DiagMessage both = {.level = DIAG_LEVEL_ERROR, .file = "consultations/bus/index.md", .line = 4,
                        .text = "closes is before opens"};
    DiagMessage file_only = {.level = DIAG_LEVEL_WARNING, .file = "site.yml", .text = "no title"};
    DiagMessage none = {.level = DIAG_LEVEL_ERROR, .text = "no such folder"};
    char *s = diag_format(&both);
    assert_string_equal(s, "consultations/bus/index.md:4: error: closes is before opens");
    free(s);
    s = diag_format(&file_only);
    assert_string_equal(s, "site.yml: warning: no title");
    free(s);
    s = diag_format(&none);
    assert_string_equal(s, "error: no such folder");
    free(s);
}

static void test_sink_counts_what_passes_through_it(void **state)
{
    (void)state;
    StrList shown = {0};
    diag_set_sink(collect, &shown);
    Diag build;
    diag_push(&build, DIAG_PASS_ON, NULL, NULL);
    diag_error("a.md", 1, "one");
    diag_warning("a.md", 2, "two");
    diag_warning(NULL, 0, "three");
    diag_pop(&build);
    diag_warning("b.md", 3, "after the build");
    assert_int_equal(build.errors, 1);
    assert_int_equal(build.warnings, 2);
    /* The edge saw all four; the build only its own three. */
    assert_int_equal(diag_error_count(), 1);
    assert_int_equal(diag_warning_count(), 3);
    assert_int_equal(shown.count, 4);
    assert_string_equal(shown.items[0], "a.md:1: error: one");
    assert_string_equal(shown.items[2], "warning: three");
    sl_free(&shown);
}

/* The old replay searched the formatted text for ": error: ", so a
 * warning that quoted such words came back as an error. */
static void test_replay_keeps_a_warning_that_quotes_an_error(void **state)
{
    (void)state;
    StrList shown = {0};
    diag_set_sink(collect, &shown);
    DiagList kept = {0};
    Diag held;
    diag_push(&held, DIAG_HOLD, &kept, NULL);
    diag_warning("consultations/bus/index.md", 4, "the heading reads \"Stop: error: none\"");
    diag_error("consultations/bus/index.md", 0, "a real one");
    diag_pop(&held);
    assert_int_equal(shown.count, 0);          /* held: not shown */
    assert_int_equal(diag_warning_count(), 0); /* nor counted outside */
    assert_int_equal(held.warnings, 1);
    assert_int_equal(held.errors, 1);

    Diag build;
    diag_push(&build, DIAG_PASS_ON, NULL, NULL);
    diag_replay_list(&kept);
    diag_pop(&build);
    assert_int_equal(build.warnings, 1);
    assert_int_equal(build.errors, 1);
    assert_int_equal(diag_warning_count(), 1);
    assert_int_equal(diag_error_count(), 1);
    assert_int_equal(shown.count, 2);
    assert_string_equal(shown.items[0],
                        "consultations/bus/index.md:4: warning: the heading reads \"Stop: error: none\"");
    assert_string_equal(shown.items[1], "consultations/bus/index.md: error: a real one");
    diag_list_free(&kept);
    sl_free(&shown);
}

/* The build cache records what a pack's work said; work it holds and
 * drops (the search index reads every pack again) was never said, so a
 * reused record must not say it. */
static void test_record_keeps_what_passes_not_what_is_held_inside(void **state)
{
    (void)state;
    DiagList recorded = {0};
    Diag recording, dropped;
    diag_push(&recording, DIAG_RECORD, &recorded, NULL);
    diag_warning("a.md", 1, "said");
    diag_push(&dropped, DIAG_HOLD, NULL, NULL);
    diag_warning("a.md", 2, "read again and dropped");
    diag_pop(&dropped);
    diag_pop(&recording);
    assert_int_equal(recorded.count, 1);
    assert_string_equal(recorded.items[0].text, "said");
    assert_int_equal(recorded.items[0].level, DIAG_LEVEL_WARNING);
    assert_int_equal(recording.warnings, 1);
    assert_int_equal(diag_warning_count(), 1);

    /* Held inside a recording (the hub, shown after the packs): recorded
     * as made, shown when replayed. */
    DiagList hub_said = {0};
    Diag held;
    diag_push(&held, DIAG_HOLD, &hub_said, NULL);
    diag_push(&recording, DIAG_RECORD, &recorded, NULL);
    diag_warning("index.html", 0, "hub");
    diag_pop(&recording);
    diag_pop(&held);
    assert_int_equal(recorded.count, 2);
    assert_int_equal(hub_said.count, 1);
    assert_int_equal(diag_warning_count(), 1);
    diag_replay_list(&hub_said);
    assert_int_equal(diag_warning_count(), 2);
    diag_list_free(&hub_said);
    diag_list_free(&recorded);
}

static void test_list_is_stored_as_it_was(void **state)
{
    (void)state;
    DiagList list = {0};
    diag_list_push(&list, &(DiagMessage){.level = DIAG_LEVEL_WARNING, .file = "a.md", .line = 7, .text = "x: error: y"});
    diag_list_push(&list, &(DiagMessage){.level = DIAG_LEVEL_ERROR, .file = NULL, .line = 0, .text = "no file"});
    StrBuf sb;
    sb_init(&sb);
    diag_list_put(&sb, &list);
    Reader r = {.p = sb.data, .end = sb.data + sb.len};
    DiagList back = {0};
    diag_list_get(&r, &back);
    assert_false(r.failed);
    assert_true(r.p == r.end);
    assert_int_equal(back.count, 2);
    assert_int_equal(back.items[0].level, DIAG_LEVEL_WARNING);
    assert_string_equal(back.items[0].file, "a.md");
    assert_int_equal(back.items[0].line, 7);
    assert_string_equal(back.items[0].text, "x: error: y");
    assert_int_equal(back.items[1].level, DIAG_LEVEL_ERROR);
    assert_null(back.items[1].file);
    assert_int_equal(back.items[1].line, 0);
    diag_list_free(&back);

    /* Cut short: failed, and the caller drops the whole file. */
    Reader cut = {.p = sb.data, .end = sb.data + sb.len - 3};
    diag_list_get(&cut, &back);
    assert_true(cut.failed);
    assert_int_equal(back.count, 1);
    diag_list_free(&back);
    diag_list_free(&list);
    sb_free(&sb);
}

/* ---- threads ---- */

enum { PER_THREAD = 200 };

typedef struct Worker {
    Diag *build;              /* shared: the workers pass on to it */
    bool holds;               /* this worker holds its messages */
    DiagList held;
    Diag own;
    size_t seen_by_this_thread;
} Worker;

static void *work(void *data)
{
    Worker *w = data;
    diag_push(&w->own, DIAG_PASS_ON, NULL, w->build);
    Diag hold;
    if (w->holds)
        diag_push(&hold, DIAG_HOLD, &w->held, NULL);
    for (int i = 0; i < PER_THREAD; i++) {
        if (i % 4 == 0)
            diag_error("w.md", i + 1, "error %d", i);
        else
            diag_warning("w.md", i + 1, "warning %d", i);
    }
    if (w->holds)
        diag_pop(&hold);
    diag_pop(&w->own);
    return NULL;
}

static void test_each_thread_has_its_own_sink(void **state)
{
    (void)state;
    Diag build;
    diag_push(&build, DIAG_PASS_ON, NULL, NULL);
    Worker workers[4];
    pthread_t ids[4];
    for (int i = 0; i < 4; i++) {
        workers[i] = (Worker){.build = &build, .holds = i == 3};
        assert_int_equal(pthread_create(&ids[i], NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(ids[i], NULL);
    /* This thread's messages go to this thread's sink only. */
    diag_warning("main.md", 1, "from the build's own thread");
    diag_pop(&build);

    for (int i = 0; i < 3; i++) {
        assert_int_equal(workers[i].own.errors, PER_THREAD / 4);
        assert_int_equal(workers[i].own.warnings, PER_THREAD - PER_THREAD / 4);
    }
    /* The holding worker's hold is its own: the others' messages passed. */
    assert_int_equal(workers[3].own.errors + workers[3].own.warnings, 0);
    assert_int_equal(workers[3].held.count, PER_THREAD);
    assert_int_equal(build.errors, 3 * (PER_THREAD / 4));
    assert_int_equal(build.warnings, 3 * (PER_THREAD - PER_THREAD / 4) + 1);
    assert_int_equal(diag_error_count(), build.errors);
    assert_int_equal(diag_warning_count(), build.warnings);
    /* Held messages keep their order and their levels. */
    for (int i = 0; i < PER_THREAD; i++) {
        assert_int_equal(workers[3].held.items[i].line, i + 1);
        assert_int_equal(workers[3].held.items[i].level, i % 4 == 0 ? DIAG_LEVEL_ERROR : DIAG_LEVEL_WARNING);
    }
    diag_list_free(&workers[3].held);
}

/* ---- a build ---- */

static size_t count_containing(const StrList *l, const char *part)
{
    size_t n = 0;
    for (size_t i = 0; i < l->count; i++)
        n += strstr(l->items[i], part) != NULL;
    return n;
}

/* A rebuild that reuses every pack and the search index says what a cold
 * build said, once.  The search index reads each pack again and drops what
 * that says; a reused search index used to say it all again. */
static void test_rebuild_says_each_warning_once(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char *root = xasprintf("%s/sayso-test-diag-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(root));
    char *site = path_join(root, "site"), *out = path_join(root, "public");
    char *example = sayso_data_path("content");
    char *cmd = xasprintf("cp -R '%s' '%s'", example, site);
    assert_int_equal(system(cmd), 0);
    /* Not published, with a warning, whenever the pack's files are listed. */
    char *notes = path_join(site, "consultations/evening-buses/my notes.txt");
    assert_true(write_file(notes, "notes\n", 6));

    StrList shown = {0};
    diag_set_sink(collect, &shown);
    BuildOptions options = {.source_dir = site, .output_dir = out, .now = "2026-11-23", .jobs = 2};
    BuildResult cold = {0}, warm = {0};
    assert_int_equal(build_site(&options, &cold), 0);
    assert_int_equal(count_containing(&shown, "my notes.txt: warning:"), 1);
    sl_free(&shown);
    /* A published file gone: the build runs, and reuses what it can. */
    char *sitemap = path_join(out, "sitemap.xml");
    assert_int_equal(unlink(sitemap), 0);
    assert_int_equal(build_site(&options, &warm), 0);
    assert_true(warm.pages_reused > 0);
    assert_int_equal(count_containing(&shown, "my notes.txt: warning:"), 1);
    assert_int_equal(warm.warnings, cold.warnings);
    sl_free(&shown);

    remove_tree(root);
    free(sitemap);
    free(notes);
    free(cmd);
    free(example);
    free(site);
    free(out);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names_file_line_and_level),
        cmocka_unit_test_setup_teardown(test_sink_counts_what_passes_through_it, quiet_setup, quiet_teardown),
        cmocka_unit_test_setup_teardown(test_replay_keeps_a_warning_that_quotes_an_error, quiet_setup,
                                        quiet_teardown),
        cmocka_unit_test_setup_teardown(test_record_keeps_what_passes_not_what_is_held_inside, quiet_setup,
                                        quiet_teardown),
        cmocka_unit_test(test_list_is_stored_as_it_was),
        cmocka_unit_test_setup_teardown(test_each_thread_has_its_own_sink, quiet_setup, quiet_teardown),
        cmocka_unit_test_setup_teardown(test_rebuild_says_each_warning_once, quiet_setup, quiet_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
