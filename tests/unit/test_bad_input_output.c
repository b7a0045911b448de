/* test_bad_input_output.c: nothing is written outside the output folder.
 *
 * Names that come from content (pack folders, page files, hook page slugs)
 * become paths, so both gates are tested with hostile names: slug_valid,
 * which decides what may become a web address, and output_path_safe,
 * which output_write checks before every file.  Then the output folder
 * itself: sayso refuses to replace its source or a folder it did not make,
 * and a build either swaps the new site in whole or leaves the old one.
 */
#include "testutil.h"
#include "diag.h"
#include "load.h"
#include "output.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *scratch;

static int setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/sayso-output-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    scratch = xstrdup(tmpl);
    diag_set_verbosity(DIAG_SILENT);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(scratch);
    free(scratch);
    return 0;
}

static char *in_scratch(const char *relative)
{
    return path_join(scratch, relative);
}

static void test_slugs_that_cannot_be_made(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "..", ".", "../etc", "a/b", "/etc", "a\\b", "Parks", "park lane",
        "-parks", "parks.html", "caf\xc3\xa9", "a\nb", "%2e%2e", NULL};
    for (const char *const *s = bad; *s; s++)
        if (slug_valid(*s))
            fail_msg("slug_valid accepted '%s'", *s);
    assert_true(slug_valid("evening-buses"));
    assert_true(slug_valid("a1"));
    char long_slug[102];
    memset(long_slug, 'a', 101);
    long_slug[101] = '\0';
    assert_false(slug_valid(long_slug));
}

static void test_paths_that_climb_out_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "/etc/passwd", "..", "../x", "a/../../x", "a/..", "./x",
        "a//b", "a/./b", "a\\..\\b", "consultations/../../x", NULL};
    for (const char *const *p = bad; *p; p++)
        if (output_path_safe(*p))
            fail_msg("output_path_safe accepted '%s'", *p);
    assert_false(output_path_safe(NULL));
    assert_true(output_path_safe("index.html"));
    assert_true(output_path_safe("consultations/bus/easy-read/index.html"));
    assert_true(output_path_safe("a..b/c.d"));     /* dots inside a name are fine */
}

static void test_write_outside_is_refused_and_nothing_appears(void **state)
{
    (void)state;
    char *out_dir = in_scratch("site-a");
    char *src = in_scratch("src-a");
    assert_true(make_dirs(src));
    Output out;
    diag_reset();
    assert_true(output_begin(&out, out_dir, src));
    assert_false(output_write(&out, "../escaped.html", "x", 1));
    assert_false(output_write(&out, "/tmp/escaped.html", "x", 1));
    assert_false(output_write(&out, "a/../../escaped.html", "x", 1));
    assert_int_equal(diag_error_count(), 3);
    char *escaped = in_scratch("escaped.html");
    assert_false(file_exists(escaped));
    assert_false(file_exists("/tmp/escaped.html"));
    output_abort(&out);
    assert_false(dir_exists(out_dir));     /* never made: the build failed */
    free(escaped);
    free(src);
    free(out_dir);
}

static void test_output_is_source_or_holds_it(void **state)
{
    (void)state;
    char *src = in_scratch("src-b");
    char *sub = in_scratch("src-b/consultations");
    assert_true(make_dirs(sub));
    Output out;
    diag_reset();
    assert_false(output_begin(&out, src, src));            /* -o SOURCE */
    assert_false(output_begin(&out, scratch, src));        /* -o the folder holding it */
    char *dotted = xasprintf("%s/src-b/.", scratch);
    assert_false(output_begin(&out, dotted, src));         /* the same folder, spelt differently */
    assert_int_equal(diag_error_count(), 3);
    assert_int_equal(count_staging_folders(scratch), 0);
    assert_true(dir_exists(sub));
    free(dotted);
    free(sub);
    free(src);
}

static void test_foreign_folder_is_not_replaced(void **state)
{
    (void)state;
    char *src = in_scratch("src-c");
    char *mine = in_scratch("mine");
    char *notes = in_scratch("mine/notes.txt");
    assert_true(make_dirs(src) && make_dirs(mine));
    assert_true(write_file(notes, "mine\n", 5));
    Output out;
    diag_reset();
    assert_false(output_begin(&out, mine, src));
    assert_int_equal(diag_error_count(), 1);
    size_t len;
    char *kept = read_file(notes, &len);
    assert_non_null(kept);
    assert_memory_equal(kept, "mine\n", 5);
    free(kept);
    /* An empty folder is fine to build into. */
    char *empty = in_scratch("empty");
    assert_true(make_dirs(empty));
    assert_true(output_begin(&out, empty, src));
    output_abort(&out);
    assert_int_equal(count_staging_folders(scratch), 0);
    free(empty);
    free(notes);
    free(mine);
    free(src);
}

static void test_commit_swaps_whole_sites_and_abort_keeps_the_old(void **state)
{
    (void)state;
    char *src = in_scratch("src-d");
    char *site = in_scratch("site-d");
    assert_true(make_dirs(src));
    Output out;
    diag_reset();

    /* First build: old.html only. */
    assert_true(output_begin(&out, site, src));
    assert_true(output_write(&out, "old.html", "old", 3));
    assert_true(output_commit(&out, NULL));
    /* Second build: new.html only, committed: old.html must be gone. */
    assert_true(output_begin(&out, site, src));
    assert_true(output_write(&out, "a/new.html", "new", 3));
    assert_true(output_commit(&out, NULL));
    char *old_file = in_scratch("site-d/old.html"), *new_file = in_scratch("site-d/a/new.html");
    assert_false(file_exists(old_file));
    assert_true(file_exists(new_file));
    /* Third build, abandoned: the second site stays exactly. */
    assert_true(output_begin(&out, site, src));
    assert_true(output_write(&out, "a/new.html", "changed", 7));
    output_abort(&out);
    size_t len;
    char *kept = read_file(new_file, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(kept, "new", 3);
    free(kept);
    assert_int_equal(count_staging_folders(scratch), 0);
    assert_int_equal(diag_error_count(), 0);
    free(new_file);
    free(old_file);
    free(site);
    free(src);
}

/* A link planted in the kept site (which becomes staging) is never
 * written through: the kept copy is thrown away, with a warning. */
static void test_kept_site_with_a_link_is_not_taken_up(void **state)
{
    (void)state;
    char *src = in_scratch("src-k"), *site = in_scratch("site-k");
    char *keep = in_scratch("keep-k"), *elsewhere = in_scratch("elsewhere-k");
    assert_true(make_dirs(src) && make_dirs(keep) && make_dirs(elsewhere));
    char *planted = in_scratch("keep-k/pages");
    assert_int_equal(symlink(elsewhere, planted), 0);
    Output out;
    diag_reset();
    assert_true(output_begin(&out, site, src));
    assert_false(output_recycle(&out, keep, NULL));
    assert_int_equal(diag_warning_count(), 1);
    assert_true(output_write(&out, "pages/about/index.html", "about", 5));
    assert_true(output_commit(&out, NULL));
    char *outside = in_scratch("elsewhere-k/about");
    assert_false(dir_exists(outside));
    struct stat st;
    char *written = in_scratch("site-k/pages");
    assert_int_equal(lstat(written, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    free(written);
    free(outside);
    free(planted);
    free(elsewhere);
    free(keep);
    free(site);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs_that_cannot_be_made),
        cmocka_unit_test(test_paths_that_climb_out_are_refused),
        cmocka_unit_test(test_write_outside_is_refused_and_nothing_appears),
        cmocka_unit_test(test_output_is_source_or_holds_it),
        cmocka_unit_test(test_foreign_folder_is_not_replaced),
        cmocka_unit_test(test_commit_swaps_whole_sites_and_abort_keeps_the_old),
        cmocka_unit_test(test_kept_site_with_a_link_is_not_taken_up),
    };
    return cmocka_run_group_tests_name("output safety", tests, setup, teardown);
}
