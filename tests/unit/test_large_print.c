/* test_large_print.c: large-print rules on computed styles. */
#include "testutil.h"
#include "writing_dom.h"
#include "large_print_rules.h"
#include "util.h"

static const char theme[] =
    "body { font-size: 1.5rem; }\n"                     /* 24px = 18pt */
    ".small { font-size: 14pt; }\n"
    ".edge { font-size: 16pt; }\n"
    ".slanted { font-style: italic; }\n"
    ".lined { text-decoration: underline; }\n"
    ".block { text-align: justify; }\n"
    ".hidden { display: none; font-size: 8px; }\n"
    ".visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; "
    "clip: rect(0 0 0 0); font-size: 10px; }\n";

static void check(FindingList *list, const char *html)
{
    htmlDocPtr doc = parse_page(html);
    assert_non_null(doc);
    CssStylesheet *sheet = css_stylesheet_parse(theme, strlen(theme));
    const CssStylesheet *sheets[] = { sheet };
    locating_list(list);
    large_print_check_sheets(doc, sheets, 1, list);
    css_stylesheet_free(sheet);
    xmlFreeDoc(doc);
}

static void test_good_large_print_passes(void **state)
{
    (void)state;
    FindingList list;
    check(&list, "<html><body class=\"format-large-print\"><main>"
                 "<p data-sourcepos=\"1:1-1:9\">We want to hear what you think. <strong>Tell us by "
                 "June.</strong> Read <a href=\"plan/\">the plan</a>.</p>"
                 "<p class=\"edge\" data-sourcepos=\"2:1-2:9\">Sixteen point is the smallest.</p>"
                 "<p class=\"hidden\">Never shown.</p><span class=\"visually-hidden\">For screen "
                 "readers</span><img src=\"bus.svg\" alt=\"A bus\"></main>"
                 "<details><summary class=\"lined\">Change text size</summary></details></body></html>");
    if (list.count)
        dump_findings(&list);
    assert_int_equal(list.count, 0);
    findings_free(&list);
}

static void test_bad_large_print_is_caught(void **state)
{
    (void)state;
    FindingList list;
    check(&list, "<html><body><main>\n"
                 "<p class=\"small\" data-sourcepos=\"3:1-3:9\">Small print. <b>Still small.</b></p>\n"
                 "<p class=\"slanted\" data-sourcepos=\"5:1-5:9\">Leaning words.</p>\n"
                 "<p data-sourcepos=\"7:1-7:9\">Read <span class=\"lined\">this <em>bit</em></span> "
                 "and <a class=\"lined\" href=\"x/\">this link</a>.</p>\n"
                 "<p class=\"block\" data-sourcepos=\"9:1-9:9\">Even edges.</p>\n"
                 "<p data-sourcepos=\"11:1-11:9\"><img src=\"summer-poster.png\" alt=\"Fair\"></p>\n"
                 "</main></body></html>");
    assert_int_equal(count_rule(&list, "large-print-small-text", 3), 2);   /* p and b */
    const Finding *f = first_of(&list, "large-print-small-text");
    assert_int_equal(f->level, LEVEL_ERROR);
    assert_string_equal(f->message, "This text is 14.0pt (18.7px). Large print is never smaller than "
                        "16pt (21.33px): set its font-size in the theme to 1.5rem (18pt) or more.");
    assert_string_equal(f->excerpt, "Small print. Still small.");
    assert_int_equal(count_rule(&list, "large-print-italic", 5), 1);
    /* The underline is reported once, at the span it comes from; the link's
     * is allowed (WCAG 1.4.1). */
    assert_int_equal(count_rule(&list, "large-print-underline", 7), 1);
    assert_string_equal(first_of(&list, "large-print-underline")->excerpt, "this bit");
    assert_int_equal(count_rule(&list, "large-print-justified", 9), 1);
    assert_int_equal(count_rule(&list, "large-print-image-text", 11), 1);
    /* <em> is italic by the browser's own stylesheet. */
    assert_int_equal(count_rule(&list, "large-print-italic", 7), 1);
    assert_int_equal(list.count, 7);
    findings_free(&list);
}

static void test_long_text_alternative_is_words_in_a_picture(void **state)
{
    (void)state;
    FindingList list;
    check(&list, "<html><body><main><p data-sourcepos=\"4:1-4:9\"><img src=\"a.png\" alt=\"Summer fair "
                 "on Saturday 5 July from 10am to 4pm at the park, with food and music\"></p>"
                 "</main></body></html>");
    assert_int_equal(count_rule(&list, "large-print-image-text", 4), 1);
    assert_int_equal(first_of(&list, "large-print-image-text")->level, LEVEL_NOTICE);
    findings_free(&list);
}

static void test_rule_list(void **state)
{
    (void)state;
    size_t n;
    const Rule *const *rules = large_print_rules(&n);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rules[i]->category, "large-print");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_large_print_passes),
        cmocka_unit_test(test_bad_large_print_is_caught),
        cmocka_unit_test(test_long_text_alternative_is_words_in_a_picture),
        cmocka_unit_test(test_rule_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
