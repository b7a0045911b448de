/* test_new_build.c: the promise of `sayso new`: the new site builds at
 * once, with no errors, and so does a consultation added to it. */
#include "testutil.h"
#include "build.h"
#include "date.h"
#include "diag.h"
#include "scaffold.h"
#include "util.h"
#include "test_serve_http.h"

#include <stdlib.h>

static Day day(const char *iso)
{
    Day d;
    assert_true(date_parse(iso, &d));
    return d;
}

/* What `sayso new` makes, then `sayso new consultation bus-routes`, as on
 * 23 November 2026: the site in scratch/site. */
static char *new_site_with_a_consultation(const char *scratch)
{
    char *site = path_join(scratch, "site");
    StrList made = {0};
    char *error = NULL;
    assert_true(scaffold_site(site, day("2026-11-23"), &made, &error));
    sl_free(&made);
    assert_true(scaffold_consultation(site, "bus-routes", day("2026-11-23"), &made, &error));
    sl_free(&made);
    return site;
}

/* The file rel of the site built into out; the test fails if it is not there. */
static char *read_built(const char *out, const char *rel)
{
    char *path = path_join(out, rel);
    char *text = read_file(path, NULL);
    assert_non_null(text);
    free(path);
    return text;
}

static void test_new_site_builds(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    char *scratch = make_scratch_dir("new-build");
    char *site = new_site_with_a_consultation(scratch);
    char *out = path_join(scratch, "public");

    BuildOptions options = {.source_dir = site, .output_dir = out, .now = "2026-11-23", .jobs = 1};
    BuildResult result = {0};
    int status = build_site(&options, &result);
    assert_int_equal(status, 0);
    assert_int_equal(result.exit_status, 0);
    assert_int_equal(result.errors, 0);
    /* Ready to build means nothing to fix either: no warning on a new site. */
    assert_int_equal(result.warnings, 0);
    char *page = path_join(out, "consultations/bus-routes/easy-read/index.html");
    assert_true(file_exists(page));
    free(page);
    /* The review report tells the hub's three formats apart. */
    char *report = read_built(out, "report/index.html");
    assert_non_null(strstr(report, "Have your say (easy read)</a>"));
    assert_non_null(strstr(report, "Have your say (large print)</a>"));
    free(report);

    free(out);
    free(site);
    remove_tree(scratch);
    free(scratch);
}

/* The new site stays free of warnings at every date of its consultation's
 * life, not only the day it was made: the theme's own words on the easy
 * read pages that appear once it closes (the comment card's "closed" line)
 * must pass the easy-read rules too.  Only the late-results warning, which
 * is the point of a promise date, may appear once that date has passed. */
static void test_new_site_builds_at_every_date(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    char *scratch = make_scratch_dir("new-build-dates");
    char *site = new_site_with_a_consultation(scratch);

    static const struct {
        const char *now;
        size_t warnings;
    } dates[] = {
        {"2026-11-01", 0}, /* before it opens */
        {"2027-01-04", 0}, /* open */
        {"2027-02-16", 0}, /* the day after it closes (12 weeks after opening) */
        {"2027-04-20", 0}, /* closed, results not due yet */
        {"2027-06-01", 2}, /* results late: the one warning each closed pack earns */
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char *out = path_join(scratch, dates[i].now);
        BuildOptions options = {.source_dir = site, .output_dir = out, .now = dates[i].now, .jobs = 1};
        BuildResult result = {0};
        assert_int_equal(build_site(&options, &result), 0);
        if (result.errors != 0 || result.warnings != dates[i].warnings)
            fail_msg("at %s: %zu errors and %zu warnings, expected 0 and %zu", dates[i].now,
                     result.errors, result.warnings, dates[i].warnings);
        /* The review report says plainly what there is to do: nothing, or
         * only things to think about. */
        char *report = read_built(out, "report/index.html");
        if (dates[i].warnings == 0)
            assert_non_null(strstr(report, result.notices ? "list things to think about"
                                                          : "every page passed every check"));
        /* What the build itself said (late results) is in the report too,
         * naming the file and line, and only when it said something. */
        if (dates[i].warnings == 0) {
            assert_null(strstr(report, "What the build said"));
        } else {
            assert_non_null(strstr(report, "<h2>What the build said</h2>"));
            assert_non_null(strstr(report, "<strong>Should fix: </strong>This consultation closed more than "
                                           "12 weeks ago"));
            assert_non_null(strstr(report, "(consultations/bus-routes/index.md, line "));
        }
        free(report);
        free(out);
    }
    free(site);
    remove_tree(scratch);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_site_builds),
        cmocka_unit_test(test_new_site_builds_at_every_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
