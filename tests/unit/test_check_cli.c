/* test_check_cli.c: `sayso check` — exit codes, text lines with file:line,
 * the JSON shape, SARIF and directory walking, on tests/cases/check. */
#include "testutil.h"
#include "commands.h"
#include "findings_output.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CASES "tests/cases/check/"

/* Runs cmd_check with the given arguments; returns its exit status and
 * sets *out to what it printed on standard output. */
static int run_check(char **out, int argc, char **argv)
{
    char path[] = "/tmp/sayso-check-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(fd, 1);
    dup2(devnull, 2);
    int status = cmd_check(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(devnull);
    close(fd);
    *out = read_file(path, NULL);
    unlink(path);
    assert_non_null(*out);
    return status;
}

static void test_clean_file_exits_zero(void **state)
{
    (void)state;
    char *out;
    char *argv[] = {"check", CASES "good.html"};
    assert_int_equal(run_check(&out, 2, argv), EXIT_CLEAN);
    assert_string_equal(out, "");
    free(out);
}

static void test_text_lines_name_file_and_line(void **state)
{
    (void)state;
    char *out;
    char *argv[] = {"check", CASES "bad.html"};
    assert_int_equal(run_check(&out, 2, argv), EXIT_FINDINGS);
    assert_string_equal(
        out,
        CASES "bad.html:10: error: This image has no accessible name: add alt text that says "
              "what it shows, or alt=\"\" if it is only decoration. [image-alt, WCAG 1.1.1]\n"
        CASES "bad.html:11: error: Text contrast is 2.17:1 (text colour #b0b0b0); it needs at "
              "least 4.5:1 for normal-sized text. Use a darker text colour or a lighter "
              "background (or the other way round). [color-contrast, WCAG 1.4.3]\n"
        CASES "bad.html:12: warning: This heading is level 3 but the one before it is level 1, "
              "so a level is skipped. Use level 2 here so the outline makes sense to screen "
              "reader users. [heading-order, WCAG 1.3.1]\n");
    free(out);
}

static void test_json_shape(void **state)
{
    (void)state;
    char *out;
    char *argv[] = {"check", "--format", "json", CASES "site"};
    assert_int_equal(run_check(&out, 4, argv), EXIT_FINDINGS);
    /* The directory is searched for .html and .htm; notes.txt is left out. */
    assert_string_equal(
        out,
        "{\"files\":[{\"path\":\"" CASES "site/sub/page.htm\",\"findings\":[{\"rule\":"
        "\"html-has-lang\",\"level\":\"error\",\"act\":[\"b5c3f8\"],\"wcag\":[\"3.1.1\"],"
        "\"line\":1,\"message\":\"The page does not say what language it is in. Add a lang "
        "attribute to the <html> element, for example lang=\\\"en\\\", so screen readers use "
        "the right voice.\"}]}]}\n");
    free(out);
}

static void test_strict_counts_warnings(void **state)
{
    (void)state;
    char *out;
    char *plain[] = {"check", CASES "warn.html"};
    assert_int_equal(run_check(&out, 2, plain), EXIT_CLEAN);
    assert_non_null(strstr(out, "warn.html:7: warning:"));
    free(out);
    char *strict[] = {"check", "--strict", CASES "warn.html"};
    assert_int_equal(run_check(&out, 3, strict), EXIT_FINDINGS);
    free(out);
}

static void test_bad_usage_and_unreadable_input(void **state)
{
    (void)state;
    char *out;
    char *none[] = {"check"};
    assert_int_equal(run_check(&out, 1, none), EXIT_USAGE);
    free(out);
    char *format[] = {"check", "--format", "xml", CASES "good.html"};
    assert_int_equal(run_check(&out, 4, format), EXIT_USAGE);
    free(out);
    char *missing[] = {"check", CASES "no-such-file.html", CASES "good.html"};
    assert_int_equal(run_check(&out, 3, missing), EXIT_USAGE);
    free(out);
    char *option[] = {"check", "--colour", CASES "good.html"};
    assert_int_equal(run_check(&out, 3, option), EXIT_USAGE);
    free(out);
}

static void test_sarif_output(void **state)
{
    (void)state;
    char *out;
    char *argv[] = {"check", "--format=sarif", CASES "bad.html"};
    assert_int_equal(run_check(&out, 3, argv), EXIT_FINDINGS);
    assert_non_null(strstr(out, "\"version\":\"2.1.0\""));
    assert_non_null(strstr(out, "{\"ruleId\":\"image-alt\",\"ruleIndex\":0,\"level\":\"error\""));
    assert_non_null(strstr(out, "\"artifactLocation\":{\"uri\":\"" CASES "bad.html\"},"
                                "\"region\":{\"startLine\":10}"));
    assert_non_null(strstr(out, "{\"ruleId\":\"heading-order\",\"ruleIndex\":2,"
                                "\"level\":\"warning\""));
    free(out);
}

static void test_json_escaping(void **state)
{
    (void)state;
    char path[] = "/tmp/sayso-json-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w+");
    json_write_string(f, "quote\" back\\ tab\t nl\n bell\x07 bad\xff ok\xc3\xa9");
    fclose(f);
    char *got = read_file(path, NULL);
    unlink(path);
    assert_string_equal(got, "\"quote\\\" back\\\\ tab\\t nl\\n bell\\u0007 bad\\ufffd ok\xc3\xa9\"");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_file_exits_zero),
        cmocka_unit_test(test_text_lines_name_file_and_line),
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_strict_counts_warnings),
        cmocka_unit_test(test_bad_usage_and_unreadable_input),
        cmocka_unit_test(test_sarif_output),
        cmocka_unit_test(test_json_escaping),
    };
    return cmocka_run_group_tests_name("check_cli", tests, NULL, NULL);
}
