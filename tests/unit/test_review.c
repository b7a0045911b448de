/* test_review.c: reviewers' sign-offs (`sayso review`, reviews.yml,
 * "Checked by" on pages, require_review, the review report's diff).
 *
 * Most tests run the sayso binary (SAYSO_BIN) on a small site in a
 * temporary folder, as a communications team would, from inside the site;
 * the word diff and the fingerprint are also tested directly.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "review.h"
#include "util.h"
#include "word_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs sayso in the folder rel under the test folder, on a fixed clock. */
static int run_in(const char *rel, const char *args, char **output)
{
    return sayso_run_in(rel, "SOURCE_DATE_EPOCH=1795000000", 0, args, output);
}

static int run(const char *args, char **output)
{
    return run_in("site", args, output);
}

static bool contains(const char *rel, const char *needle)
{
    char *text = slurp(rel);
    bool found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

static int build(char **output)
{
    return run("build . -o ../public --now 2026-11-25 --no-cache", output);
}

static const char site_yml[] =
    TESTBURY_TITLE TESTBURY_CONTACT
    "reviewers:\n"
    "  - name: Testbury Information Group\n"
    "    description: Local people who check our words.\n"
    "    logo: picture:people\n";

static const char pack[] =
    NEW_PARK_FRONT "---\n\nWe want to hear from you about the new park.\n";

static const char easy[] =
    "# A new park\n\n"
    "![A park](picture:park) We want to make a new park.\n\n"
    "![A question](picture:question) Tell us what you think.\n";

static int setup(void **state)
{
    (void)state;
    if (!tmp_root_make("review"))
        return -1;
    return 0;
}

/* A fresh site for each test. */
static int fresh_site(void **state)
{
    (void)state;
    char *site = path_join(tmp_root, "site");
    remove_tree(site);
    free(site);
    put("site/site.yml", site_yml);
    put("site/consultations/new-park/index.md", pack);
    put("site/consultations/new-park/easy-read.md", easy);
    return 0;
}

#define EASY_PAGE "public/consultations/new-park/easy-read/index.html"
#define PLAIN_PAGE "public/consultations/new-park/index.html"
#define REPORT_PAGE "public/report/new-park/index.html"

static void test_sign_change_warn_resign(void **state)
{
    (void)state;
    char *out;
    /* Signed from inside the pack's folder: the site is found above it. */
    assert_int_equal(run_in("site/consultations/new-park",
                            "review sign new-park easy-read --by 'Testbury Information Group' --date 2026-11-20 "
                            "--notes 'Clear words'", &out), 0);
    free(out);
    char *yml = slurp("site/consultations/new-park/reviews.yml");
    assert_non_null(strstr(yml, "- format: easy-read\n  by: \"Testbury Information Group\"\n  date: 2026-11-20\n"
                                "  outcome: approved\n  notes: \"Clear words\"\n  fingerprint: xxh3-128:"));
    free(yml);
    assert_true(contains("site/consultations/new-park/reviews/easy-read.txt", "We want to make a new park."));

    assert_int_equal(build(&out), 0);
    assert_null(strstr(out, "review-"));
    free(out);
    assert_true(contains(EASY_PAGE, "checked these words"));
    assert_true(contains(EASY_PAGE, "Testbury Information Group"));
    assert_true(contains(EASY_PAGE, "pictures/people.svg"));
    assert_false(contains(PLAIN_PAGE, "checked-by"));        /* only the format that was checked */
    /* Reviewers' records are not published with the pack's files. */
    char *published = path_join(tmp_root, "public/consultations/new-park/reviews.yml");
    assert_false(file_exists(published));
    free(published);

    /* The words change: the page stops claiming the check, the build says so. */
    put("site/consultations/new-park/easy-read.md",
        "# A new park\n\n![A park](picture:park) We want to make a big new park.\n\n"
        "![A question](picture:question) Tell us what you think.\n");
    assert_int_equal(build(&out), 0);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:3: warning: Easy read of new-park has changed "
                                "since Testbury Information Group checked it on Friday 20 November 2026"));
    free(out);
    assert_false(contains(EASY_PAGE, "checked these words"));
    /* The report shows what changed, word by word. */
    assert_true(contains(REPORT_PAGE, "<ins><span class=\"visually-hidden\">[added: </span>big "));
    assert_true(contains(REPORT_PAGE, "1 word added"));
    assert_false(contains(REPORT_PAGE, "Take care: reviews/easy-read.txt"));
    assert_true(contains(REPORT_PAGE, "Changed since Testbury Information Group checked it"));
    assert_true(contains(REPORT_PAGE, "<img src=\"../../pictures/people.svg\" alt=\"\" class=\"reviewer-mark\">"));
    assert_int_equal(run("review status new-park", &out), 0);
    assert_non_null(strstr(out, "easy-read        changed since Testbury Information Group checked it on 2026-11-20"));
    free(out);

    /* A kept text changed by hand is not trusted silently. */
    put("site/consultations/new-park/reviews/easy-read.txt", "Some other words.\n");
    assert_int_equal(build(&out), 0);
    free(out);
    assert_true(contains(REPORT_PAGE, "Take care: reviews/easy-read.txt is not the text this check was for"));

    /* Signed again: the page says so again, and the first entry is kept. */
    assert_int_equal(run("review sign new-park easy-read --by 'Testbury Information Group' --date 2026-11-24", &out), 0);
    free(out);
    yml = slurp("site/consultations/new-park/reviews.yml");
    assert_non_null(strstr(yml, "date: 2026-11-20"));
    assert_non_null(strstr(yml, "date: 2026-11-24"));
    assert_non_null(strstr(yml, "# What reviewers have checked."));
    free(yml);
    assert_int_equal(build(&out), 0);
    assert_null(strstr(out, "review-changed"));
    free(out);
    assert_true(contains(EASY_PAGE, "Tuesday 24 November 2026"));
    assert_true(contains("public/report/new-park/easy-read/index.html", "What do you think of this part?"));
}

static void test_require_review(void **state)
{
    (void)state;
    char *out;
    char *yml = xasprintf("%srequire_review: [easy-read]\n", site_yml);
    put("site/site.yml", yml);
    free(yml);
    assert_int_equal(build(&out), 1);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml: error: nobody has checked the Easy read "
                                "version of new-park, and site.yml requires it"));
    free(out);
    assert_int_equal(run("review status", &out), 1);
    assert_non_null(strstr(out, "easy-read        never checked [required by site.yml]"));
    free(out);

    assert_int_equal(run("review sign new-park easy-read --by 'Ann Lee' --date 2026-11-20", &out), 0);
    free(out);
    assert_int_equal(build(&out), 0);
    free(out);
    assert_true(contains(EASY_PAGE, "Ann Lee"));

    put("site/consultations/new-park/easy-read.md", "# A new park\n\n![A park](picture:park) We want a park.\n");
    assert_int_equal(build(&out), 1);
    assert_non_null(strstr(out, "reviews.yml:3: error: Easy read of new-park has changed since Ann Lee checked it"));
    free(out);

    /* Reviewers who asked for changes have not passed it. */
    assert_int_equal(run("review sign new-park easy-read --by 'Ann Lee' --outcome changes --notes 'Say where'", &out), 0);
    free(out);
    assert_int_equal(build(&out), 1);
    assert_non_null(strstr(out, "asked for changes (Say where)"));
    free(out);
}

/* The fingerprint is of the words and pictures, not the look. */
static void test_theme_changes_keep_the_check_but_pictures_do_not(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("review sign new-park easy-read --by 'Ann Lee'", &out), 0);
    free(out);
    put("site/themes/default/css/site.css", "body { background: #ffffff; }\n");
    put("site/themes/default/templates/easy-read.html.unused", "x");
    assert_int_equal(run("review status new-park", &out), 0);
    assert_non_null(strstr(out, "easy-read        checked by Ann Lee"));
    free(out);
    /* The same text with Windows line endings is the same text. */
    put("site/consultations/new-park/easy-read.md",
        "# A new park\r\n\r\n![A park](picture:park) We want to make a new park.\r\n\r\n"
        "![A question](picture:question) Tell us what you think.\r\n");
    assert_int_equal(run("review status new-park", &out), 0);
    assert_non_null(strstr(out, "easy-read        checked by Ann Lee"));
    free(out);
    /* A redrawn picture is a change reviewers must see. */
    put("site/themes/default/pictures/park.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    assert_int_equal(run("review status new-park", &out), 0);
    assert_non_null(strstr(out, "easy-read        changed since Ann Lee checked it"));
    free(out);
}

static void test_exit_codes(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("review sign no-such-park easy-read --by X", &out), 2);
    assert_non_null(strstr(out, "there is no consultation 'no-such-park'"));
    free(out);
    assert_int_equal(run("review sign new-prak plain --by X", &out), 2);
    assert_non_null(strstr(out, "did you mean 'new-park'?"));
    free(out);
    assert_int_equal(run("review sign new-park audio --by X", &out), 2);
    assert_non_null(strstr(out, "unknown format 'audio'"));
    free(out);
    assert_int_equal(run("review sign new-park you-said-we-did --by X", &out), 2);
    assert_non_null(strstr(out, "has no You said, we did to check"));
    free(out);
    assert_int_equal(run("review sign new-park plain", &out), 2);
    free(out);
    assert_int_equal(run("review sign new-park plain --by X --colour red", &out), 2);
    assert_non_null(strstr(out, "unknown option '--colour'"));
    free(out);
    assert_int_equal(run("review sign new-park plain --by", &out), 2);
    assert_non_null(strstr(out, "--by needs a value"));
    free(out);
    assert_int_equal(run("review sign new-park plain --by X --outcome maybe", &out), 2);
    free(out);
    assert_int_equal(run("review status no-such-park", &out), 2);
    free(out);
    assert_int_equal(run("review", &out), 2);
    free(out);
    put("elsewhere/readme.txt", "not a site\n");
    assert_int_equal(run_in("elsewhere", "review status", &out), 2);
    assert_non_null(strstr(out, "there is no site.yml here or in any folder above"));
    free(out);
    /* --by=NAME and options before the words work too. */
    assert_int_equal(run("review --by='Ann Lee' sign new-park plain", &out), 0);
    free(out);
    assert_int_equal(run("review status", &out), 0);
    assert_non_null(strstr(out, "plain            checked by Ann Lee"));
    free(out);
}

static void test_bad_reviews_yml_names_file_and_line(void **state)
{
    (void)state;
    char *out;
    char *yml = xasprintf("%srequire_review: [easy-read, braille]\n", site_yml);
    put("site/site.yml", yml);
    free(yml);
    assert_int_equal(build(&out), 2);
    assert_non_null(strstr(out, "site.yml:10: error: require_review: unknown format 'braille'"));
    free(out);
    put("site/site.yml", site_yml);

    put("site/consultations/new-park/reviews.yml",
        "# checked by hand\n"
        "- format: easy-read\n"
        "  by: Ann Lee\n"
        "  date: 2026-13-01\n"
        "  fingerprint: xxh3-128:00000000000000000000000000000000\n"
        "- format: braille\n"
        "  by: Sam\n"
        "  date: 2026-11-01\n"
        "  outcome: maybe\n"
        "  fingerprint: 1234\n");
    assert_int_equal(run("review status", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:4: error: date '2026-13-01' is not a date"));
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:6: error: unknown format 'braille'"));
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:9: error: outcome must be approved or changes"));
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:10: error: this fingerprint is not one sayso wrote"));
    free(out);
    assert_int_equal(build(&out), 2);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:4: error:"));
    free(out);
    /* sign will not add to a file it cannot read. */
    assert_int_equal(run("review sign new-park plain --by X", &out), 2);
    free(out);
    assert_false(contains("site/consultations/new-park/reviews.yml", "by: \"X\""));

    put("site/consultations/new-park/reviews.yml", "format: plain\n");
    assert_int_equal(run("review status", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:1: error: reviews.yml must be a list"));
    free(out);
    put("site/consultations/new-park/reviews.yml", "- format: plain\n  by: [unclosed\n");
    assert_int_equal(run("review status", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/reviews.yml:"));
    free(out);
    /* An empty list written as [] is replaced by the first review. */
    put("site/consultations/new-park/reviews.yml", "[]\n");
    assert_int_equal(run("review sign new-park plain --by X", &out), 0);
    free(out);
    assert_int_equal(run("review status new-park", &out), 0);
    assert_non_null(strstr(out, "plain            checked by X"));
    free(out);
}

/* Sites with no review group and no reviews get no review sheets. */
static void test_sheets_only_where_reviews_are_used(void **state)
{
    (void)state;
    char *out;
    put("site/site.yml", "title: Have your say in Testbury\n");
    assert_int_equal(build(&out), 0);
    free(out);
    char *sheet = path_join(tmp_root, "public/report/new-park/easy-read/index.html");
    assert_false(file_exists(sheet));
    assert_int_equal(run("review sign new-park plain --by 'Ann Lee'", &out), 0);
    free(out);
    assert_int_equal(build(&out), 0);
    free(out);
    assert_true(file_exists(sheet));
    free(sheet);
}

/* ---- in process ---- */

static const char *kinds(const WordDiff *d, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count && n + 1 < size; i++)
        buf[n++] = d->words[i].kind == DIFF_SAME ? '=' : d->words[i].kind == DIFF_ADDED ? '+' : '-';
    buf[n] = '\0';
    return buf;
}

static void test_word_diff(void **state)
{
    (void)state;
    char buf[64];
    WordDiff d;
    word_diff("the cat sat on the mat", "the dog sat on the mat today", &d);
    assert_string_equal(kinds(&d, buf, sizeof buf), "=-+====+");
    assert_int_equal(d.added, 2);
    assert_int_equal(d.removed, 1);
    assert_memory_equal(d.words[1].text, "cat ", 4);
    assert_memory_equal(d.words[2].text, "dog ", 4);
    assert_memory_equal(d.words[7].text, "today", 5);
    assert_false(d.whole);
    word_diff_free(&d);

    /* Spaces and line breaks between words are not changes. */
    word_diff("one two\nthree", "one  two three", &d);
    assert_string_equal(kinds(&d, buf, sizeof buf), "===");
    word_diff_free(&d);

    word_diff("", "new words", &d);
    assert_string_equal(kinds(&d, buf, sizeof buf), "++");
    word_diff_free(&d);

    word_diff("a b c d", "d c b a", &d);
    assert_int_equal(d.added + d.removed, 6);    /* one word kept: the longest common run is 1 */
    word_diff_free(&d);
}

static void test_fingerprint(void **state)
{
    (void)state;
    char *a = review_fingerprint("We want a park.\n", 16);
    char *b = review_fingerprint("We want a park.\n", 16);
    char *c = review_fingerprint("We want a big park.\n", 20);
    assert_int_equal(strlen(a), strlen("xxh3-128:") + 32);
    assert_true(str_starts_with(a, "xxh3-128:"));
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    free(a);
    free(b);
    free(c);
    ReviewFormat f;
    assert_true(review_format_parse("you-said-we-did", &f));
    assert_int_equal(f, REVIEW_YOU_SAID_WE_DID);
    assert_false(review_format_parse("Easy-Read", &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sign_change_warn_resign, fresh_site),
        cmocka_unit_test_setup(test_require_review, fresh_site),
        cmocka_unit_test_setup(test_theme_changes_keep_the_check_but_pictures_do_not, fresh_site),
        cmocka_unit_test_setup(test_exit_codes, fresh_site),
        cmocka_unit_test_setup(test_bad_reviews_yml_names_file_and_line, fresh_site),
        cmocka_unit_test_setup(test_sheets_only_where_reviews_are_used, fresh_site),
        cmocka_unit_test(test_word_diff),
        cmocka_unit_test(test_fingerprint),
    };
    return cmocka_run_group_tests_name("review", tests, setup, remove_tmp_root);
}
