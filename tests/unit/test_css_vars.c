/* test_css_vars.c: custom properties in the one CSS engine (CSS Custom
 * Properties Level 1), the contrast they lead to, and a cascade over a
 * page nested far deeper than any stack would hold. */
#include "testutil.h"
#include "css_dom.h"
#include "css.h"
#include "wcag.h"
#include "util.h"

#include <libxml/HTMLparser.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

static const char *var_of(const Styled *s, const char *id, const char *name)
{
    return css_custom_property(s->styles, find_id(xmlDocGetRootElement(s->doc), id), name);
}

static bool rgb_is(CssColor c, int r, int g, int b)
{
    return lround(c.r) == r && lround(c.g) == g && lround(c.b) == b && c.a == 1;
}

static void test_var_substituted_and_inherited(void **state)
{
    (void)state;
    Styled s = style(
        ":root { --muted: #999999; --Case: #ff0000 }"
        ".note { color: var(--muted) }"
        "section { --muted: #123456 }"
        ".case { color: var(--case, #00ff00) }",
        "<html><body><p class=note id=a>grey</p>"
        "<section><div><p class=note id=b>nearer</p></div></section>"
        "<p class=case id=c>names are case-sensitive</p></body></html>");
    assert_true(rgb_is(of(&s, "a")->color, 0x99, 0x99, 0x99));
    /* The nearest ancestor's value is inherited through the div. */
    assert_true(rgb_is(of(&s, "b")->color, 0x12, 0x34, 0x56));
    assert_string_equal(var_of(&s, "b", "--muted"), "#123456");
    assert_true(rgb_is(of(&s, "c")->color, 0, 0xff, 0));
    done(&s);
}

static void test_fallbacks_and_nesting(void **state)
{
    (void)state;
    Styled s = style(
        ":root { --ink: #111111; --alias: var(--ink); --deep: var(--alias) }"
        "#a { color: var(--undefined, #aaaaaa) }"
        "#b { color: var(--undefined, var(--also-undefined, var(--ink))) }"
        "#c { color: var(--deep) }"
        "#d { background: var(--none, #ffdd00) }"
        "#e { color: var(--undefined) }"     /* invalid: acts as unset, so inherits */
        "#f { background-color: var(--undefined) }"   /* unset: transparent */
        "body { color: #0000ff }",
        "<html><body><p id=a>a</p><p id=b>b</p><p id=c>c</p><p id=d>d</p>"
        "<p id=e>e</p><p id=f style='background-color: red; background-color: var(--x)'>f</p>"
        "</body></html>");
    assert_true(rgb_is(of(&s, "a")->color, 0xaa, 0xaa, 0xaa));
    assert_true(rgb_is(of(&s, "b")->color, 0x11, 0x11, 0x11));
    assert_true(rgb_is(of(&s, "c")->color, 0x11, 0x11, 0x11));
    assert_string_equal(var_of(&s, "c", "--deep"), "#111111");
    assert_true(rgb_is(of(&s, "d")->background_color, 0xff, 0xdd, 0));
    assert_true(rgb_is(of(&s, "e")->color, 0, 0, 0xff));
    assert_true(of(&s, "f")->background_color.a == 0);
    done(&s);
}

static void test_cycles_are_invalid_at_computed_value_time(void **state)
{
    (void)state;
    Styled s = style(
        "body { color: #0000ff; --one: #222222 }"
        "#a { --one: var(--two); --two: var(--one); --three: var(--one, #333333);"
        "     --free: #444444; color: var(--one) }"
        "#b { --self: var(--self, #555555); color: var(--self, #666666) }"
        "#c { color: var(--two, #777777) }",
        "<html><body><div id=a><p id=b>b</p><p id=c>c</p></div></body></html>");
    /* Both sides of the cycle are invalid, so color acts as unset and
     * inherits body's blue; the fallback of a var() naming them is used. */
    assert_null(var_of(&s, "a", "--one"));
    assert_null(var_of(&s, "a", "--two"));
    assert_string_equal(var_of(&s, "a", "--three"), "#333333");
    assert_string_equal(var_of(&s, "a", "--free"), "#444444");
    assert_true(rgb_is(of(&s, "a")->color, 0, 0, 0xff));
    /* A property naming itself is a cycle too, fallback or not. */
    assert_null(var_of(&s, "b", "--self"));
    assert_true(rgb_is(of(&s, "b")->color, 0x66, 0x66, 0x66));
    /* The invalid values are inherited as invalid. */
    assert_true(rgb_is(of(&s, "c")->color, 0x77, 0x77, 0x77));
    done(&s);
}

static void test_css_wide_keywords(void **state)
{
    (void)state;
    Styled s = style(
        ":root { --x: #101010 }"
        "#a { --x: initial; color: var(--x, #abcdef) }"
        "#b { --x: #202020 }"
        "#c { --x: inherit; color: var(--x) }"
        "#d { --x: unset; color: var(--x) }"
        "#e { --x: #303030 !important } #e { --x: #404040; color: var(--x) }",
        "<html><body><p id=a>a</p><div id=b><p id=c>c</p><p id=d>d</p></div>"
        "<p id=e>e</p></body></html>");
    assert_null(var_of(&s, "a", "--x"));
    assert_true(rgb_is(of(&s, "a")->color, 0xab, 0xcd, 0xef));
    assert_true(rgb_is(of(&s, "c")->color, 0x20, 0x20, 0x20));
    assert_true(rgb_is(of(&s, "d")->color, 0x20, 0x20, 0x20));
    assert_true(rgb_is(of(&s, "e")->color, 0x30, 0x30, 0x30));
    done(&s);
}

static void test_inline_style_and_shorthands(void **state)
{
    (void)state;
    Styled s = style(
        ":root { --size: 2rem; --weight: bold; --panel: #f3f2f1 }"
        ".big { font: var(--weight) var(--size)/1.2 sans-serif }",
        "<html><body><p class=big id=a style='--panel: #0b0c0c; background: var(--panel)'>a</p>"
        "</body></html>");
    assert_true(fabs(of(&s, "a")->font_size_px - 32) < 1e-9);
    assert_int_equal(of(&s, "a")->font_weight, 700);
    assert_true(rgb_is(of(&s, "a")->background_color, 0x0b, 0x0c, 0x0c));
    done(&s);
}

/* A value that doubles with every reference must not eat the machine. */
static void test_substitution_is_bounded(void **state)
{
    (void)state;
    StrBuf css;
    sb_init(&css);
    sb_append(&css, ":root { --v0: #000;");
    for (int i = 1; i < 40; i++)
        sb_printf(&css, " --v%d: var(--v%d) var(--v%d);", i, i - 1, i - 1);
    sb_append(&css, " } p { color: var(--v39, #0f0f0f) }");
    Styled s = style(css.data, "<html><body><p id=a>a</p></body></html>");
    assert_null(var_of(&s, "a", "--v39"));
    assert_non_null(var_of(&s, "a", "--v10"));
    assert_true(rgb_is(of(&s, "a")->color, 0x0f, 0x0f, 0x0f));
    done(&s);
    sb_free(&css);
}

/* The same computation for a stylesheet alone (theme_rules.h). */
static void test_vars_without_a_document(void **state)
{
    (void)state;
    const char *names[] = {"--a", "--b", "--c", "--loop", "color"};
    const char *values[] = {"#111", "var(--a)", "var(--nope, var(--b))", "var(--loop)", "red"};
    CssVars *base = css_vars_declare(NULL, names, values, 5);
    assert_string_equal(css_vars_get(base, "--c"), "#111");
    assert_null(css_vars_get(base, "--loop"));
    assert_null(css_vars_get(base, "color"));
    const char *over_names[] = {"--a"};
    const char *over_values[] = {"#222"};
    CssVars *palette = css_vars_declare(base, over_names, over_values, 1);
    css_vars_free(base);
    /* --b was computed on the parent, so it keeps the parent's --a. */
    char *v = css_vars_substitute(palette, "1px solid var(--a) var(--b)");
    assert_string_equal(v, "1px solid #222 #111");
    free(v);
    assert_null(css_vars_substitute(palette, "var(--loop)"));
    css_vars_free(palette);
}

static size_t count_id(const FindingList *list, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        n += !strcmp(list->items[i].rule->id, id);
    return n;
}

/* On a page: grey text through var(--muted) fails contrast. */
static void test_contrast_through_custom_properties(void **state)
{
    (void)state;
    const char *html =
        "<!DOCTYPE html><html lang=en><head><title>t</title><style>"
        ":root { --muted: #999999; --ok: #505050 }"
        "body { background: #ffffff }"
        ".hint { color: var(--muted) }"
        ".fine { color: var(--ok) }"
        "</style></head><body><main><p class=hint>Closing date to be confirmed.</p>"
        "<p class=fine>Tell us what you think.</p></main></body></html>";
    xmlDocPtr doc = parse(html);
    FindingList list;
    findings_init(&list, "page.html");
    wcag_check_document(doc, NULL, &list);
    size_t found = 0;
    for (size_t i = 0; i < list.count; i++)
        if (strstr(list.items[i].rule->id, "contrast"))
            found++;
    assert_int_equal(found, 1);
    (void)count_id;
    findings_free(&list);
    xmlFreeDoc(doc);
}

/* The cascade over a page nested 100,000 deep, on a thread with a 1 MB
 * stack: a walk that recursed once per level would need far more. */
typedef struct DeepResult {
    size_t elements;
    double deep_size, after_size;
    CssColor deep_color;
    int deep_weight, after_weight;
} DeepResult;

/* Asserts stay on the test's own thread: cmocka cannot fail from another. */
static void *style_deep_page(void *arg)
{
    DeepResult *r = arg;
    enum { DEPTH = 100000 };
    StrBuf html;
    sb_init(&html);
    sb_append(&html, "<html><head></head><body><main>");
    for (int i = 0; i < DEPTH; i++)
        sb_append(&html, "<div>");
    sb_append(&html, "<p id=deep>bottom</p>");
    for (int i = 0; i < DEPTH; i++)
        sb_append(&html, "</div>");
    sb_append(&html, "</main><p id=after>after</p></body></html>");
    /* "main div" and "body p": each element's ancestor walk would reach
     * the top, a quadratic cost, unless walks share what they learnt. */
    Styled s = style(":root { --ink: #222 } div { color: var(--ink) } body p { font-size: 20px }"
                     "main div { font-style: italic } main p { font-weight: bold }",
                     html.data);
    xmlNodePtr root = xmlDocGetRootElement(s.doc);
    r->elements = css_element_count(s.styles);
    r->deep_size = css_style_of(s.styles, find_id(root, "deep"))->font_size_px;
    r->deep_color = css_style_of(s.styles, find_id(root, "deep"))->color;
    r->after_size = css_style_of(s.styles, find_id(root, "after"))->font_size_px;
    r->deep_weight = css_style_of(s.styles, find_id(root, "deep"))->font_weight;
    r->after_weight = css_style_of(s.styles, find_id(root, "after"))->font_weight;
    done(&s);
    sb_free(&html);
    return NULL;
}

/* Each colour scheme a settings panel offers (radio buttons read through
 * html:has(#id:checked)) is checked; a failure found only in one scheme
 * names it, and the page itself is left as it was. */
static void test_scheme_that_fails_is_named(void **state)
{
    (void)state;
    const char *html =
        "<!DOCTYPE html><html lang=en><head><title>t</title><style>"
        ":root { --text: #0b0c0c; --background: #ffffff; --muted: #505050 }"
        "html:has(#c-dark:checked) { --text: #e8e8e8; --background: #121212; --muted: #444444 }"
        "html:has(#c-cream:checked) { --text: #1b1b1b; --background: #fbf5e6 }"
        "html:has(#size-big:checked) { font-size: 150% }"
        "body { color: var(--text); background: var(--background) }"
        ".muted { color: var(--muted) }"
        "</style></head><body><main>"
        "<form><fieldset><legend>Colours</legend>"
        "<input type=radio name=c id=c-standard checked><label for=c-standard>Standard</label>"
        "<input type=radio name=c id=c-dark><label for=c-dark>Dark</label>"
        "<input type=radio name=c id=c-cream><label for=c-cream>Cream</label>"
        "<input type=radio name=size id=size-big><label for=size-big>Big</label>"
        "</fieldset></form>"
        "<p class=muted>Closing date to be confirmed.</p></main></body></html>";
    xmlDocPtr doc = parse(html);
    FindingList list;
    findings_init(&list, "page.html");
    wcag_check_document(doc, NULL, &list);
    size_t contrast = 0;
    for (size_t i = 0; i < list.count; i++)
        if (strstr(list.items[i].rule->id, "contrast")) {
            contrast++;
            assert_non_null(strstr(list.items[i].message,
                                   "With the \"Dark\" colours chosen in the page's settings: "));
            assert_non_null(strstr(list.items[i].message, "#444444"));
        }
    assert_int_equal(contrast, 1);
    /* The choices are as they were. */
    xmlNodePtr standard = find_id(xmlDocGetRootElement(doc), "c-standard");
    xmlNodePtr dark = find_id(xmlDocGetRootElement(doc), "c-dark");
    assert_true(xmlHasProp(standard, (const xmlChar *)"checked") != NULL);
    assert_null(xmlHasProp(dark, (const xmlChar *)"checked"));
    findings_free(&list);
    xmlFreeDoc(doc);
}

static void test_page_nested_100000_deep(void **state)
{
    (void)state;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1 << 20);
    pthread_t thread;
    DeepResult r = {0};
    assert_int_equal(pthread_create(&thread, &attr, style_deep_page, &r), 0);
    pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    assert_true(r.elements > 100000);
    assert_true(fabs(r.deep_size - 20) < 1e-9);
    assert_true(rgb_is(r.deep_color, 0x22, 0x22, 0x22));
    assert_true(fabs(r.after_size - 20) < 1e-9);
    assert_int_equal(r.deep_weight, 700);
    assert_int_equal(r.after_weight, 400);
}

/* "h2 ~ p" over 100,000 siblings: each sibling walk stops where an earlier
 * one already learnt the answer. */
static void test_wide_page_sibling_selectors(void **state)
{
    (void)state;
    StrBuf html;
    sb_init(&html);
    sb_append(&html, "<html><body><p id=first>before</p><h2>Heading</h2>");
    for (int i = 0; i < 100000; i++)
        sb_append(&html, "<p>x</p>");
    sb_append(&html, "<p id=last>last</p></body></html>");
    Styled s = style("h2 ~ p { font-size: 20px } h3 ~ p { font-weight: bold }", html.data);
    assert_true(fabs(of(&s, "first")->font_size_px - 16) < 1e-9);
    assert_true(fabs(of(&s, "last")->font_size_px - 20) < 1e-9);
    assert_int_equal(of(&s, "last")->font_weight, 400);
    done(&s);
    sb_free(&html);
}

/* Selector and at-rule nesting in a stylesheet is bounded too. */
static void test_deeply_nested_stylesheet(void **state)
{
    (void)state;
    StrBuf css;
    sb_init(&css);
    for (int i = 0; i < 100000; i++)
        sb_append(&css, "@media screen {");
    sb_append(&css, "p { color: red }");
    for (int i = 0; i < 100000; i++)
        sb_append(&css, "}");
    sb_append(&css, "p");
    for (int i = 0; i < 100000; i++)
        sb_append(&css, ":not(");
    sb_append(&css, ".x");
    for (int i = 0; i < 100000; i++)
        sb_append(&css, ")");
    sb_append(&css, " { color: blue } em { color: #010203 }");
    Styled s = style(css.data, "<html><body><p id=a><em id=b>a</em></p></body></html>");
    assert_true(rgb_is(of(&s, "b")->color, 1, 2, 3));
    done(&s);
    sb_free(&css);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_var_substituted_and_inherited),
        cmocka_unit_test(test_fallbacks_and_nesting),
        cmocka_unit_test(test_cycles_are_invalid_at_computed_value_time),
        cmocka_unit_test(test_css_wide_keywords),
        cmocka_unit_test(test_inline_style_and_shorthands),
        cmocka_unit_test(test_substitution_is_bounded),
        cmocka_unit_test(test_vars_without_a_document),
        cmocka_unit_test(test_contrast_through_custom_properties),
        cmocka_unit_test(test_scheme_that_fails_is_named),
        cmocka_unit_test(test_page_nested_100000_deep),
        cmocka_unit_test(test_wide_page_sibling_selectors),
        cmocka_unit_test(test_deeply_nested_stylesheet),
    };
    return cmocka_run_group_tests_name("css_vars", tests, NULL, NULL);
}
