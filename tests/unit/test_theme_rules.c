/* test_theme_rules.c: contrast of a theme's colour pairs, at CSS lines. */
#include "testutil.h"
#include "writing_dom.h"
#include "theme_rules.h"
#include "util.h"

static void check(FindingList *list, const char *css)
{
    findings_init(list, "theme.css");
    theme_check_stylesheet(css, "themes/civic/css/site.css", list);
}

static size_t at_line(const FindingList *list, const char *id, int line)
{
    size_t n = count_rule(list, id, line);
    for (size_t i = 0; i < list->count; i++)
        assert_string_equal(list->items[i].file, "themes/civic/css/site.css");
    return n;
}

static void test_pairs_just_above_and_below_the_line(void **state)
{
    (void)state;
    FindingList list;
    check(&list,
        "/* a theme */\n"
        "body { color: #0b0c0c; background: #ffffff; }\n"
        ".ok { color: #767676; }\n"                         /* 4.54:1 on white */
        ".faint {\n"
        "    color: #777777;\n"                             /* 4.48:1: line 5 */
        "}\n"
        ".big { color: #949494; font-size: 1.5rem; }\n"     /* 3.03:1, large (24px) */
        ".big-bold { color: #949494; font-size: 19px; font-weight: bold; }\n"
        ".small-bold { color: #949494; font-size: 18px; font-weight: bold; }\n"  /* line 9 */
        ".banner { background-color: #1d70b8; color: #ffffff; }\n"
        ".warn { background: #ffdd00 url(none.png); color: #ffffff; }\n"  /* image: skipped */
        "@media print { .printed { color: #eeeeee; } }\n"
        "@media screen { .screen { color: rgba(0, 0, 0, 0.3); } }\n");  /* line 13 */
    assert_int_equal(at_line(&list, "theme-contrast", 5), 1);
    assert_int_equal(at_line(&list, "theme-contrast", 9), 1);
    assert_int_equal(at_line(&list, "theme-contrast", 13), 1);
    assert_int_equal(list.count, 3);
    assert_string_equal(list.items[0].message,
        "Text in .faint is #777777 on #ffffff: a contrast of 4.48:1, and normal text needs at least "
        "4.5:1. Make the text darker or the background lighter (or the other way round).");
    assert_string_equal(list.items[0].excerpt, ".faint");
    assert_int_equal(list.items[0].level, LEVEL_ERROR);
    findings_free(&list);
}

static void test_custom_properties_and_palettes(void **state)
{
    (void)state;
    FindingList list;
    check(&list,
        ":root {\n"
        "  --text: #0b0c0c; --background: #ffffff; --link: #1d5e9e;\n"
        "  --header: #0b0c0c; --header-text: #ffffff;\n"
        "}\n"
        "html:has(#dark:checked) { --text: #e8e8e8; --background: #121212; --link: #1d5e9e; }\n"
        "body { color: var(--text); background: var(--background); }\n"
        "a { color: var(--link); }\n"                                      /* line 7 */
        ".site-header { background: var(--header); color: var(--header-text); }\n"
        ".site-name { color: var(--header-text); }\n"
        ".status { color: #ffffff; background: #505a5f; }\n"
        ".status-open { background: #00703c; }\n"
        ".status-new { background: #ffdd00; }\n"                           /* line 12 */
        ".panel { background: #d0d0d0; }\n"
        ".photo img { background: #000000; }\n"
        ".missing { color: var(--nothing); }\n");
    /* The link colour fails only on the dark palette's background. */
    assert_int_equal(at_line(&list, "theme-contrast", 7), 1);
    const Finding *f = NULL;
    for (size_t i = 0; i < list.count; i++)
        if (list.items[i].line == 7)
            f = &list.items[i];
    assert_non_null(f);
    assert_string_equal(f->message,
        "Text in a is #1d5e9e on #121212 with the colours of html:has(#dark:checked) (line 5): a "
        "contrast of 2.81:1, and normal text needs at least 4.5:1. Make the text darker or the "
        "background lighter (or the other way round).");
    /* White status text on yellow (from the .status base class). */
    assert_int_equal(at_line(&list, "theme-contrast", 12), 1);
    /* .panel keeps the page's text: fine in light, poor in dark (a warning). */
    assert_int_equal(at_line(&list, "theme-contrast-inherited", 13), 1);
    assert_int_equal(first_of(&list, "theme-contrast-inherited")->level, LEVEL_WARNING);
    assert_int_equal(list.count, 3);
    findings_free(&list);
}

/* var() in a theme means what it means on a page (one engine, css.h):
 * fallbacks, nested var(), and cycles invalid at computed-value time. */
static void test_var_as_the_page_engine_reads_it(void **state)
{
    (void)state;
    FindingList list;
    check(&list,
        ":root { --muted: var(--grey, #999999); --a: var(--b); --b: var(--a);\n"
        "        --deep: var(--nothing, var(--muted)); }\n"
        "body { color: #0b0c0c; background: #ffffff; }\n"
        ".hint { color: var(--muted); }\n"                   /* line 4: #999 fails */
        ".loop { color: var(--a, #777777); }\n"              /* line 5: fallback, fails */
        ".nested { color: var(--deep); }\n"                  /* line 6: #999 again */
        ".fine { color: var(--a, #505050); }\n");
    assert_int_equal(at_line(&list, "theme-contrast", 4), 1);
    assert_int_equal(at_line(&list, "theme-contrast", 5), 1);
    assert_int_equal(at_line(&list, "theme-contrast", 6), 1);
    assert_int_equal(list.count, 3);
    findings_free(&list);
}

/* The built-in theme passes in all four of its palettes. */
static void test_default_theme_passes(void **state)
{
    (void)state;
    char *css = read_file("themes/default/css/site.css", NULL);
    assert_non_null(css);
    FindingList list;
    check(&list, css);
    if (list.count)
        dump_findings(&list);
    assert_int_equal(list.count, 0);
    findings_free(&list);
    free(css);
}

static void test_rule_list(void **state)
{
    (void)state;
    size_t n;
    const Rule *const *rules = theme_rules(&n);
    assert_int_equal(n, 2);
    assert_string_equal(rules[0]->category, "theme");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_just_above_and_below_the_line),
        cmocka_unit_test(test_custom_properties_and_palettes),
        cmocka_unit_test(test_var_as_the_page_engine_reads_it),
        cmocka_unit_test(test_default_theme_passes),
        cmocka_unit_test(test_rule_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
