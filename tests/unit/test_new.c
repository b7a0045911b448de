/* test_new.c: `sayso new` and `sayso new consultation`. */
#include "testutil.h"
#include "commands.h"
#include "date.h"
#include "diag.h"
#include "paths.h"
#include "scaffold.h"
#include "util.h"
#include "test_serve_http.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Day day(const char *iso)
{
    Day d;
    assert_true(date_parse(iso, &d));
    return d;
}

static char *read_in(const char *dir, const char *relative)
{
    char *path = path_join(dir, relative);
    char *text = read_file(path, NULL);
    free(path);
    return text;
}

static bool exists_in(const char *dir, const char *relative)
{
    char *path = path_join(dir, relative);
    bool yes = file_exists(path) || dir_exists(path);
    free(path);
    return yes;
}

/* Runs a sayso subcommand as main() would, with stdout out of the way. */
static int run(int argc, const char *const *argv)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    close(null);
    int status = cmd_new(argc, (char **)argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    return status;
}

static void test_slugs(void **state)
{
    (void)state;
    static const char *const good[] = {"bus", "bus-routes-2027", "a", "2027-budget", "x-"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!scaffold_slug_valid(good[i], NULL))
            fail_msg("'%s' should be accepted", good[i]);
    char longest[SCAFFOLD_SLUG_MAX + 2];
    memset(longest, 'a', SCAFFOLD_SLUG_MAX);
    longest[SCAFFOLD_SLUG_MAX] = '\0';
    assert_true(scaffold_slug_valid(longest, NULL));
    longest[SCAFFOLD_SLUG_MAX] = 'a';
    longest[SCAFFOLD_SLUG_MAX + 1] = '\0';
    const char *why = NULL;
    assert_false(scaffold_slug_valid(longest, &why));
    assert_string_equal(why, "The name is too long. Use 80 characters or fewer.");

    static const char *const bad[] = {"Bus", "bus routes", "bus/routes", "../etc", "bus.routes",
                                      "bus_routes", "b\xc3\xbcs", ".", ".."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (scaffold_slug_valid(bad[i], &why))
            fail_msg("'%s' should be refused", bad[i]);
        assert_string_equal(why, "Use only small letters a to z, numbers and hyphens, "
                                 "with no spaces, dots or slashes.");
    }
    assert_false(scaffold_slug_valid("", &why));
    assert_string_equal(why, "The name is empty. Give a short name such as bus-routes.");
    assert_false(scaffold_slug_valid("-bus", &why));
    assert_string_equal(why, "The name must start with a letter or a number.");
}

static void test_titles_from_slugs(void **state)
{
    (void)state;
    char *t = scaffold_title_from_slug("bus-routes-2027");
    assert_string_equal(t, "Bus routes 2027");
    free(t);
    t = scaffold_title_from_slug("a--b-");
    assert_string_equal(t, "A b");
    free(t);
}

static void test_new_site_files(void **state)
{
    (void)state;
    char *scratch = make_scratch_dir("new");
    char *site = path_join(scratch, "our-site");
    StrList made = {0};
    char *error = NULL;
    assert_true(scaffold_site(site, day("2026-11-23"), &made, &error));
    assert_null(error);
    static const char *const expected[] = {
        "site.yml", "README.md", "pages/about.md", "templates/you-said-we-did.csv",
        "consultations/example-consultation/index.md", "consultations/example-consultation/easy-read.md",
    };
    assert_int_equal(made.count, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < made.count; i++) {
        assert_string_equal(made.items[i], expected[i]);
        assert_true(exists_in(site, expected[i]));
    }

    /* Every site.yml key is there, each with a note above it. */
    char *yml = read_in(site, "site.yml");
    static const char *const site_keys[] = {"\ntitle:", "\norganisation:", "\nbase_url:",
        "\nlanguage: en-GB", "\ntheme: default", "\ncontact:", "\n  email:", "\n  phone:",
        "\n  address:", "\nencoding: UTF-8", "\nfeedback_due_weeks: 12"};
    for (size_t i = 0; i < sizeof site_keys / sizeof site_keys[0]; i++) {
        const char *at = strstr(yml, site_keys[i]);
        if (!at)
            fail_msg("site.yml lacks %s", site_keys[i] + 1);
        if (site_keys[i][1] != ' ') {           /* top-level keys follow a note */
            const char *line_before = at - 1;
            while (line_before > yml && line_before[-1] != '\n')
                line_before--;
            if (line_before[0] != '#')
                fail_msg("no note above %s", site_keys[i] + 1);
        }
    }
    free(yml);

    /* The example pack opens on the day given and closes 12 weeks later. */
    char *index = read_in(site, "consultations/example-consultation/index.md");
    assert_non_null(strstr(index, "\nopens: 2026-11-23\n"));
    assert_non_null(strstr(index, "\ncloses: 2027-02-15\n"));
    assert_non_null(strstr(index, "by Monday 15 February 2027."));
    free(index);

    /* Results are not published by accident: no feedback file in the pack. */
    assert_false(exists_in(site, "consultations/example-consultation/you-said-we-did.csv"));
    char *csv = read_in(site, "templates/you-said-we-did.csv");
    /* Every column the reader knows, easy_reason included. */
    assert_string_equal(csv, "you_said,we_did,status,reason,theme,follow_up,easy_you_said,easy_we_did,"
                             "easy_reason,picture\r\n");
    free(csv);

    /* Every picture:NAME in the easy read is one the theme has. */
    char *easy = read_in(site, "consultations/example-consultation/easy-read.md");
    int pictures = 0;
    for (const char *p = strstr(easy, "(picture:"); p; p = strstr(p + 1, "(picture:")) {
        const char *name = p + strlen("(picture:");
        char *file = xasprintf("themes/default/pictures/%.*s.svg", (int)strcspn(name, ")"), name);
        char *path = sayso_data_path(file);
        if (!file_exists(path))
            fail_msg("the theme has no %s", path);
        free(path);
        free(file);
        pictures++;
    }
    assert_true(pictures >= 4);
    /* Each paragraph starts with its picture. */
    for (const char *p = easy; p && *p; p = strstr(p, "\n\n") ? strstr(p, "\n\n") + 2 : NULL)
        if (*p != '#' && *p != '\n' && *p)
            if (!str_starts_with(p, "![") || !strstr(p, "](picture:"))
                fail_msg("a paragraph without a picture: %.40s", p);
    free(easy);

    sl_free(&made);
    remove_tree(scratch);
    free(site);
    free(scratch);
}

static void test_new_site_refuses_a_folder_in_use(void **state)
{
    (void)state;
    char *scratch = make_scratch_dir("new");
    char *site = path_join(scratch, "busy");
    assert_true(put_file(site, "notes.txt", "keep me\n"));
    StrList made = {0};
    char *error = NULL;
    assert_false(scaffold_site(site, day("2026-11-23"), &made, &error));
    char *expected = xasprintf("%s already exists and is not empty. sayso new will not write "
                               "over files. Give the name of a new folder.", site);
    assert_string_equal(error, expected);
    free(expected);
    free(error);
    assert_int_equal(made.count, 0);
    char *kept = read_in(site, "notes.txt");
    assert_string_equal(kept, "keep me\n");
    free(kept);
    assert_false(exists_in(site, "site.yml"));

    /* Through the command: exit status 2. */
    const char *argv[] = {"new", site};
    assert_int_equal(run(2, argv), EXIT_USAGE);

    /* An empty folder that already exists is fine. */
    char *empty = path_join(scratch, "empty");
    assert_true(make_dirs(empty));
    const char *argv2[] = {"new", empty, "--now", "2026-11-23"};
    assert_int_equal(run(4, argv2), EXIT_CLEAN);
    assert_true(exists_in(empty, "site.yml"));

    free(empty);
    remove_tree(scratch);
    free(site);
    free(scratch);
}

static void test_new_consultation(void **state)
{
    (void)state;
    char *scratch = make_scratch_dir("new");
    char *site = path_join(scratch, "site");
    StrList made = {0};
    char *error = NULL;
    assert_true(scaffold_site(site, day("2026-11-23"), &made, &error));
    sl_free(&made);

    assert_true(scaffold_consultation(site, "bus-routes-2027", day("2027-03-01"), &made, &error));
    assert_int_equal(made.count, 2);       /* the site already has the CSV template */
    assert_string_equal(made.items[0], "consultations/bus-routes-2027/index.md");
    assert_string_equal(made.items[1], "consultations/bus-routes-2027/easy-read.md");
    sl_free(&made);
    char *index = read_in(site, "consultations/bus-routes-2027/index.md");
    assert_non_null(strstr(index, "\ntitle: Bus routes 2027\n"));
    assert_non_null(strstr(index, "\nopens: 2027-03-01\n"));
    assert_non_null(strstr(index, "\ncloses: 2027-05-24\n"));
    /* Every front matter key of the spec is there, switched on or as a note. */
    static const char *const keys[] = {"title:", "summary:", "opens:", "closes:", "level:",
        "topics:", "areas:", "respond:", "online:", "email:", "phone:", "post:", "events:",
        "date:", "place:", "access:", "contact:", "name:", "decision:", "encoding:"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strstr(index, keys[i]))
            fail_msg("index.md lacks %s", keys[i]);
    assert_null(strstr(index, "{{"));
    free(index);
    assert_false(exists_in(site, "consultations/bus-routes-2027/you-said-we-did.csv"));

    /* A bad name, and a pack that exists already, are refused. */
    assert_false(scaffold_consultation(site, "Bus Routes", day("2027-03-01"), &made, &error));
    assert_string_equal(error, "'Bus Routes' cannot be the name of a consultation. Use only small "
                               "letters a to z, numbers and hyphens, with no spaces, dots or slashes. "
                               "For example: sayso new consultation bus-routes");
    free(error);
    assert_false(scaffold_consultation(site, "../../escape", day("2027-03-01"), &made, &error));
    free(error);
    assert_false(exists_in(scratch, "escape"));
    assert_false(scaffold_consultation(site, "bus-routes-2027", day("2027-03-01"), &made, &error));
    assert_string_equal(error, "consultations/bus-routes-2027 already exists. Choose another name, "
                               "or edit the files in it.");
    free(error);
    assert_int_equal(made.count, 0);

    /* Not a site. */
    assert_false(scaffold_consultation(scratch, "parks", day("2027-03-01"), &made, &error));
    char *expected = xasprintf("%s has no site.yml, so it is not a sayso site.", scratch);
    assert_string_equal(error, expected);
    free(expected);
    free(error);

    /* Through the command: --site, then from inside the site folder. */
    const char *argv[] = {"new", "consultation", "parks", "--site", site};
    assert_int_equal(run(5, argv), EXIT_CLEAN);
    assert_true(exists_in(site, "consultations/parks/easy-read.md"));
    assert_int_equal(run(5, argv), EXIT_USAGE);
    const char *bad[] = {"new", "consultation", "parks.old", "--site", site};
    assert_int_equal(run(5, bad), EXIT_USAGE);
    const char *missing[] = {"new", "consultation"};
    assert_int_equal(run(2, missing), EXIT_USAGE);

    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(site), 0);
    const char *here[] = {"new", "consultation", "libraries"};
    int status = run(3, here);
    assert_int_equal(chdir(scratch), 0);
    int outside = run(3, here);          /* no site.yml in scratch */
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(status, EXIT_CLEAN);
    assert_int_equal(outside, EXIT_USAGE);
    assert_true(exists_in(site, "consultations/libraries/index.md"));

    /* A site made by hand gets the CSV template the first time. */
    char *bare = path_join(scratch, "bare");
    assert_true(put_file(bare, "site.yml", "title: Bare\n"));
    assert_true(scaffold_consultation(bare, "parks", day("2027-03-01"), &made, &error));
    assert_int_equal(made.count, 3);
    assert_string_equal(made.items[2], "templates/you-said-we-did.csv");
    sl_free(&made);

    free(bare);
    remove_tree(scratch);
    free(site);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs),
        cmocka_unit_test(test_titles_from_slugs),
        cmocka_unit_test(test_new_site_files),
        cmocka_unit_test(test_new_site_refuses_a_folder_in_use),
        cmocka_unit_test(test_new_consultation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
