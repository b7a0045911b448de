/* test_html_validate.c: the libtidy pass, on pages in tests/cases/tidy/. */
#include "testutil.h"
#include "html_validate.h"
#include "diag.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES "tests/cases/tidy/"
#define THEME_CONF "themes/default/tidy.conf"

/* Validates a case file and returns its findings, sorted. */
static void validate_case(HtmlValidator *v, const char *name, HtmlLineLocator locate,
                          void *data, FindingList *out)
{
    char *path = xasprintf(CASES "%s", name);
    size_t len;
    char *html = read_file(path, &len);
    assert_non_null(html);
    findings_init(out, path);
    html_validate(v, html, len, path, locate, data, out);
    findings_sort(out);
    free(html);
    free(path);
}

/* Finds the finding of a rule at a line (0: the first of that rule);
 * fails the test when there is none. */
static const Finding *find_rule(const FindingList *list, const char *rule_id, int line)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].rule->id, rule_id) == 0 && (!line || list->items[i].line == line))
            return &list->items[i];
    fail_msg("no finding of rule %s at line %d among %zu", rule_id, line, list->count);
    return NULL;
}

static void print_findings(const FindingList *list)
{
    for (size_t i = 0; i < list->count; i++)
        print_message("  %s:%d: %s [%s] %s\n", list->items[i].file, list->items[i].line,
                      finding_level_name(list->items[i].level), list->items[i].rule->id,
                      list->items[i].message);
}

static void test_modern_html5_page_is_clean(void **state)
{
    (void)state;
    /* Landmarks, aria-*, data-*, inline SVG, <details>, <picture>,
     * <template>, <dialog>, <search>, <data>, loading="lazy"... */
    const char *configs[] = { NULL, THEME_CONF };
    for (size_t i = 0; i < 2; i++) {
        HtmlValidator *v = html_validator_new(configs[i]);
        assert_non_null(v);
        FindingList list;
        validate_case(v, "modern.html", NULL, NULL, &list);
        print_findings(&list);
        assert_int_equal(list.count, 0);
        findings_free(&list);
        html_validator_free(v);
    }
}

static void test_unclosed_table_is_an_error_at_page_and_line(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    FindingList list;
    validate_case(v, "unclosed-table.html", NULL, NULL, &list);
    const Finding *f = find_rule(&list, "html-unclosed-element", 10);   /* the <table> tag */
    assert_int_equal(f->level, LEVEL_ERROR);
    assert_string_equal(f->file, CASES "unclosed-table.html");
    assert_non_null(strstr(f->message, "missing </table>"));
    assert_non_null(strstr(f->message, "MISSING_ENDTAG_BEFORE at HTML line 10 column 1"));
    assert_string_equal(f->excerpt, "<table>");
    /* The <p> inside the table is reported too, at its own line. */
    f = find_rule(&list, "html-misplaced-element", 14);
    assert_int_equal(f->level, LEVEL_ERROR);
    findings_free(&list);
    html_validator_free(v);
}

static void test_duplicate_id_is_an_error_naming_the_id(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    FindingList list;
    validate_case(v, "duplicate-id.html", NULL, NULL, &list);
    assert_int_equal(list.count, 1);
    const Finding *f = find_rule(&list, "html-duplicate-id", 12);   /* the second id="respond" */
    assert_int_equal(f->level, LEVEL_ERROR);
    assert_string_equal(f->file, CASES "duplicate-id.html");
    assert_non_null(strstr(f->message, "anchor \"respond\" already defined"));
    findings_free(&list);
    html_validator_free(v);
}

static void test_misnesting_and_unknown_elements_are_errors(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    FindingList list;
    validate_case(v, "misnested.html", NULL, NULL, &list);
    const Finding *f = find_rule(&list, "html-misnested", 10);
    assert_int_equal(f->level, LEVEL_ERROR);
    findings_free(&list);

    validate_case(v, "unknown-element.html", NULL, NULL, &list);
    f = find_rule(&list, "html-unknown-element", 10);
    assert_int_equal(f->level, LEVEL_ERROR);
    assert_non_null(strstr(f->message, "<blink> is not approved by W3C."));
    f = find_rule(&list, "html-unknown-element", 11);
    assert_non_null(strstr(f->message, "<warning> is not recognized! Check the spelling"));
    assert_int_equal(findings_count_level(&list, LEVEL_ERROR), 4);  /* blink, warning and its two tags */
    findings_free(&list);
    html_validator_free(v);
}

static void test_misspelt_attribute_is_a_warning(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(NULL);
    FindingList list;
    validate_case(v, "attribute-typo.html", NULL, NULL, &list);
    assert_int_equal(list.count, 1);
    const Finding *f = find_rule(&list, "html-unknown-attribute", 10);
    assert_int_equal(f->level, LEVEL_WARNING);
    assert_non_null(strstr(f->message, "\"atl\""));
    findings_free(&list);
    html_validator_free(v);
}

/* Tidy lets control characters through; the Nu checker does not. */
static void test_control_characters_are_errors(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    FindingList list;
    validate_case(v, "control-characters.html", NULL, NULL, &list);
    assert_int_equal(list.count, 2);
    const Finding *f = find_rule(&list, "html-control-character", 9);
    assert_int_equal(f->level, LEVEL_ERROR);
    /* One finding a line, at the first; columns count characters. */
    assert_string_equal(f->message, "Control character U+007F in the text. Remove it; it is usually "
                        "left over from copying text out of another program. (HTML line 9 column 22)");
    f = find_rule(&list, "html-control-character", 10);
    assert_non_null(strstr(f->message, "U+0007"));
    findings_free(&list);
    html_validator_free(v);
}

/* Control characters anywhere in a line, at every offset from the last
 * newline (the scan reads eight bytes at a time), after é, and as C1
 * controls (U+0080-U+009F, two bytes). */
static void test_control_characters_at_every_offset(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    StrBuf page;
    sb_init(&page);
    sb_append(&page, "<!DOCTYPE html>\n<html lang=\"en\"><head><title>t</title></head><body>\n");
    for (int k = 0; k < 20; k++) {
        sb_append(&page, "<p>");
        for (int i = 0; i < k; i++)
            sb_append(&page, i % 3 ? "x" : "\xC3\xA9");     /* é is one column */
        sb_append(&page, k % 2 ? "\x01" : "\xC2\x85");
        sb_append(&page, "y</p>\n");
    }
    sb_append(&page, "</body></html>\n");
    FindingList list;
    findings_init(&list, "page.html");
    html_validate(v, page.data, page.len, "page.html", NULL, NULL, &list);
    findings_sort(&list);
    size_t found = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (strcmp(list.items[i].rule->id, "html-control-character") != 0)
            continue;
        int k = list.items[i].line - 3;
        char want[64];
        snprintf(want, sizeof want, "(HTML line %d column %d)", k + 3, k + 4);
        assert_non_null(strstr(list.items[i].message, want));
        assert_non_null(strstr(list.items[i].message, k % 2 ? "U+0001" : "U+0085"));
        found++;
    }
    assert_int_equal(found, 20);
    findings_free(&list);
    sb_free(&page);
    html_validator_free(v);
}

/* A locator that says HTML lines 10 and up came from a Markdown file, 100
 * lines further down, and knows nothing about the lines before. */
typedef struct { int calls; int last_column; } LocatorLog;

static bool markdown_locator(void *data, int html_line, int html_column, const char **file, int *line)
{
    LocatorLog *log = data;
    log->calls++;
    log->last_column = html_column;
    if (html_line < 10)
        return false;
    *file = "consultations/buses/index.md";
    *line = html_line + 100;
    return true;
}

static void test_locator_maps_lines_to_the_source(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    LocatorLog log = { 0, 0 };
    FindingList list;
    validate_case(v, "unclosed-table.html", markdown_locator, &log, &list);
    assert_true(log.calls >= 3);
    const Finding *f;
    /* MISSING_ENDTAG_FOR </main> is at HTML line 8: the locator declines,
     * so it stays on the page; the table's, at line 10, moves. */
    bool saw_page = false, saw_markdown = false;
    for (size_t i = 0; i < list.count; i++) {
        f = &list.items[i];
        if (strcmp(f->file, "consultations/buses/index.md") == 0) {
            saw_markdown = true;
            assert_true(f->line >= 110);
        } else {
            saw_page = true;
            assert_string_equal(f->file, CASES "unclosed-table.html");
            assert_int_equal(f->line, 8);
        }
    }
    assert_true(saw_page);
    assert_true(saw_markdown);
    findings_free(&list);

    log.calls = 0;
    validate_case(v, "duplicate-id.html", markdown_locator, &log, &list);
    assert_int_equal(log.calls, 1);
    assert_int_equal(log.last_column, 1);
    assert_string_equal(list.items[0].file, "consultations/buses/index.md");
    assert_int_equal(list.items[0].line, 112);
    findings_free(&list);
    html_validator_free(v);
}

/* Tidy reads the page without the build's position marks, but findings
 * are as if it had read them: same messages, lines, columns, excerpts. */
static void test_skipped_marks_change_no_finding(void **state)
{
    (void)state;
    static const char *const marks[] = { "data-sourcepos", "data-sayso-source", "data-sayso-line",
                                         "data-sayso-template", NULL };
    HtmlValidator *reads_all = html_validator_new(THEME_CONF);
    HtmlValidator *skips = html_validator_new(THEME_CONF);
    html_validator_skip_marks(skips, marks, "sayso-line:");
    FindingList all, skipped;
    validate_case(reads_all, "marks.html", NULL, NULL, &all);
    validate_case(skips, "marks.html", NULL, NULL, &skipped);
    print_findings(&skipped);
    assert_true(all.count >= 10);
    assert_int_equal(skipped.count, all.count);
    for (size_t i = 0; i < all.count; i++) {
        assert_string_equal(skipped.items[i].rule->id, all.items[i].rule->id);
        assert_int_equal(skipped.items[i].line, all.items[i].line);
        assert_string_equal(skipped.items[i].message, all.items[i].message);
        if (all.items[i].excerpt)
            assert_string_equal(skipped.items[i].excerpt, all.items[i].excerpt);
        else
            assert_null(skipped.items[i].excerpt);
    }
    /* Columns after marks, a tab and accented letters on the same line. */
    bool seen = false;
    for (size_t i = 0; i < skipped.count; i++)
        seen |= strstr(skipped.items[i].message, "<foo> is not recognized") != NULL
                && strstr(skipped.items[i].message, "at HTML line 14 column 49") != NULL;
    assert_true(seen);
    findings_free(&all);
    findings_free(&skipped);
    html_validator_free(reads_all);
    html_validator_free(skips);
}

/* Collects diag messages, which are what a person sees. */
static StrList diag_lines;
static void collect_diag(void *data, bool is_error, const char *formatted)
{
    (void)data;
    (void)is_error;
    sl_push(&diag_lines, formatted);
}

static void test_bad_config_is_an_error_with_file_and_line(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    diag_reset();
    diag_set_sink(collect_diag, NULL);
    assert_null(html_validator_new(CASES "bad.conf"));
    assert_int_equal(diag_error_count(), 2);
    assert_int_equal(diag_lines.count, 2);
    assert_string_equal(diag_lines.items[0],
                        CASES "bad.conf:3: error: tidy settings: unknown option: frobnicate");
    assert_string_equal(diag_lines.items[1],
                        CASES "bad.conf:5: error: tidy settings: missing or malformed argument for option: show-errors");
    sl_free(&diag_lines);

    diag_reset();
    assert_null(html_validator_new(CASES "no-such.conf"));
    assert_int_equal(diag_error_count(), 1);
    assert_string_equal(diag_lines.items[0], CASES "no-such.conf: error: cannot read tidy settings");
    sl_free(&diag_lines);
    diag_set_sink(NULL, NULL);
}

/* "mute:" in the settings turns a kind of message off. */
static void test_muted_keys_are_not_reported(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(CASES "mute.conf");
    assert_non_null(v);
    FindingList list;
    validate_case(v, "duplicate-id.html", NULL, NULL, &list);
    assert_int_equal(list.count, 0);
    findings_free(&list);
    validate_case(v, "misnested.html", NULL, NULL, &list);
    assert_true(list.count > 0);
    findings_free(&list);
    html_validator_free(v);
}

/* Every option in the theme's tidy.conf is explained by a note above it,
 * since councils are invited to change them. */
static void test_every_theme_option_is_commented(void **state)
{
    (void)state;
    char *text = read_file(THEME_CONF, NULL);
    assert_non_null(text);
    bool commented = false;
    int line = 0, options = 0;
    for (char *p = text, *next; p && *p; p = next) {
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        line++;
        if (p[0] == '#')
            commented = true;
        else if (p[0] == '\0')
            ;   /* a blank line between a note and its options is fine */
        else {
            if (!commented)
                fail_msg(THEME_CONF ":%d: option without a note above it: %s", line, p);
            options++;
            /* Several options may share one note, as long as none has a
             * blank line between it and the note. */
            if (next && *next == '\n')
                commented = false;
        }
    }
    assert_true(options >= 10);
    free(text);
}

/* Workers share one validator: results must not depend on the others. */
typedef struct { HtmlValidator *v; const char *name; size_t count; } Job;

static void *validate_many(void *arg)
{
    Job *job = arg;
    char *path = xasprintf(CASES "%s", job->name);
    size_t len;
    char *html = read_file(path, &len);
    job->count = 0;
    for (int i = 0; i < 50; i++) {
        FindingList list;
        findings_init(&list, path);
        html_validate(job->v, html, len, path, NULL, NULL, &list);
        job->count += list.count;
        findings_free(&list);
    }
    free(html);
    free(path);
    return NULL;
}

static void test_one_validator_serves_several_threads(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    Job jobs[4] = { { v, "unclosed-table.html", 0 }, { v, "modern.html", 0 },
                    { v, "duplicate-id.html", 0 }, { v, "misnested.html", 0 } };
    size_t expected[4];
    for (int i = 0; i < 4; i++) {
        FindingList list;
        validate_case(v, jobs[i].name, NULL, NULL, &list);
        expected[i] = list.count * 50;
        findings_free(&list);
    }
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, validate_many, &jobs[i]);
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(jobs[i].count, expected[i]);
    }
    assert_int_equal(expected[1], 0);
    assert_true(expected[0] > 0);
    html_validator_free(v);
}

static void test_rules_are_listed_once(void **state)
{
    (void)state;
    size_t n = 0;
    for (const Rule *r; (r = html_validate_rule_at(n)); n++) {
        assert_string_equal(r->category, "html");
        assert_true(strncmp(r->id, "html-", 5) == 0);
        for (size_t j = 0; j < n; j++)
            assert_string_not_equal(html_validate_rule_at(j)->id, r->id);
    }
    assert_true(n > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modern_html5_page_is_clean),
        cmocka_unit_test(test_unclosed_table_is_an_error_at_page_and_line),
        cmocka_unit_test(test_duplicate_id_is_an_error_naming_the_id),
        cmocka_unit_test(test_misnesting_and_unknown_elements_are_errors),
        cmocka_unit_test(test_misspelt_attribute_is_a_warning),
        cmocka_unit_test(test_control_characters_are_errors),
        cmocka_unit_test(test_control_characters_at_every_offset),
        cmocka_unit_test(test_locator_maps_lines_to_the_source),
        cmocka_unit_test(test_skipped_marks_change_no_finding),
        cmocka_unit_test(test_bad_config_is_an_error_with_file_and_line),
        cmocka_unit_test(test_muted_keys_are_not_reported),
        cmocka_unit_test(test_every_theme_option_is_commented),
        cmocka_unit_test(test_one_validator_serves_several_threads),
        cmocka_unit_test(test_rules_are_listed_once),
    };
    return cmocka_run_group_tests_name("html_validate", tests, NULL, NULL);
}
