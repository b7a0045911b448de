/* test_bad_input_wcag.c: pages the fuzzer found to upset the WCAG checker,
 * kept as cases with the findings they must give.
 *
 * The build only checks pages sayso made, but `sayso check` is pointed at
 * HTML from anywhere, so the checker meets broken markup too.
 */
#include "testutil.h"
#include "dom.h"
#include "wcag.h"

#include <stdbool.h>
#include <string.h>

static bool has_rule(const FindingList *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->items[i].rule->id, id))
            return true;
    return false;
}

/* libxml2 makes no document of empty input: then there is nothing to check. */
static void check(const char *html, FindingList *out)
{
    findings_init(out, "page.html");
    xmlDocPtr doc = dom_parse_document(html, strlen(html), "page.html");
    if (!doc)
        return;
    wcag_check_document(doc, NULL, out);
    xmlFreeDoc(doc);
}

/* fuzz_wcag: a link named by a heading with no text.  The name buffer was
 * still empty (NULL) when checked, and NULL + 0 is undefined behaviour. */
static void test_link_labelled_by_empty_heading(void **state)
{
    (void)state;
    FindingList f;
    check("<a href aria-labelledby=\"h\"> <h2 id=\"h\"></h2></a>", &f);
    assert_true(has_rule(&f, "link-name"));
    assert_true(has_rule(&f, "heading-name"));
    findings_free(&f);
}

/* Broken and hostile markup: each must be checked, not crash, and still
 * give the findings that apply. */
static void test_broken_markup_is_still_checked(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "",
        "<",
        "<html><body><button></button><a href=#></a>",
        "<div aria-labelledby=\"a\" id=\"a\" role=\"button\"></div>",           /* labelled by itself */
        "<div id=a aria-labelledby=b role=link></div><div id=b aria-labelledby=a role=link></div>",
        "<table><tr><th scope=bogus></th><td headers=\"x y z\"></td></table>",
        "<p style=\"color:#zzz;background:url(\">x</p><style>p{color:</style>",
        "<img alt><img><svg role=img></svg><input type=image>",
        NULL,
    };
    for (const char *const *p = pages; *p; p++) {
        FindingList f;
        check(*p, &f);
        findings_free(&f);
    }
    FindingList f;
    check("<html><body><button></button></body></html>", &f);
    assert_true(has_rule(&f, "button-name"));
    assert_true(has_rule(&f, "html-has-lang"));
    findings_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_labelled_by_empty_heading),
        cmocka_unit_test(test_broken_markup_is_still_checked),
    };
    return cmocka_run_group_tests_name("wcag on bad input", tests, NULL, NULL);
}
