/* test_css_restyle.c: css_document_restyle() after a reader's choice
 * (checking a radio button) gives exactly the styles a full cascade
 * gives, whichever way a selector reads the choice, and the colour
 * schemes built on it find what a full cascade finds. */
#include "testutil.h"
#include "css_dom.h"
#include "css.h"
#include "wcag.h"
#include "util.h"

#include <math.h>
#include <string.h>

static const char *const var_names[] = {"--fg", "--bg", "--muted", "--depth"};

static bool same_color(CssColor a, CssColor b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* Every element of doc has the same computed values, custom properties
 * included, in both; returns how many elements were compared. */
static size_t assert_same_styles(xmlDocPtr doc, const CssDocument *a, const CssDocument *b)
{
    assert_int_equal(css_element_count(a), css_element_count(b));
    size_t compared = 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            const CssStyle *x = css_style_of(a, n), *y = css_style_of(b, n);
            assert_non_null(x);
            assert_non_null(y);
            assert_true(same_color(x->color, y->color));
            assert_true(same_color(x->background_color, y->background_color));
            assert_true(x->font_size_px == y->font_size_px);
            assert_int_equal(x->font_weight, y->font_weight);
            assert_int_equal(x->font_style, y->font_style);
            assert_int_equal(x->text_decoration, y->text_decoration);
            assert_int_equal(x->display_none, y->display_none);
            assert_int_equal(x->visibility_hidden, y->visibility_hidden);
            assert_int_equal(css_is_hidden(a, n), css_is_hidden(b, n));
            for (size_t i = 0; i < sizeof var_names / sizeof *var_names; i++) {
                const char *va = css_custom_property(a, n, var_names[i]);
                const char *vb = css_custom_property(b, n, var_names[i]);
                assert_true((va == NULL) == (vb == NULL));
                if (va)
                    assert_string_equal(va, vb);
            }
            compared++;
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
    return compared;
}

static void set_checked(xmlDocPtr doc, const char *id, bool checked)
{
    xmlNodePtr el = find_id(xmlDocGetRootElement(doc), id);
    assert_non_null(el);
    if (checked)
        xmlSetProp(el, (const xmlChar *)"checked", (const xmlChar *)"");
    else
        xmlUnsetProp(el, (const xmlChar *)"checked");
}

static const char choice_css[] =
    ":root { --fg: #0b0c0c; --bg: #ffffff; --muted: #505050 }"
    /* The root reads a radio through :has(). */
    "html:has(#dark:checked) { --fg: #e8e8e8; --bg: #121212; --muted: #444444 }"
    "body { color: var(--fg); background-color: var(--bg) }"
    ".deep p { color: var(--muted) }"
    /* Another radio's state read through a sibling combinator ... */
    "#wide:checked ~ .panel .note { font-size: 24px; --depth: 3 }"
    /* ... through an attribute selector, :not() and :is() ... */
    "input[checked] + label { font-weight: bold }"
    "input:not(:checked) + label { font-style: italic }"
    ":is(#dark:checked, #wide:checked) ~ .panel { text-decoration: underline }"
    /* ... and rules that read no choice, which keep their answer. */
    ".panel p:first-child { background-color: #eeeeee }"
    "label { color: #333333 }";

static const char choice_html[] =
    "<html><body>"
    "<input type=radio name=c id=light checked><label for=light id=l-light>Light</label>"
    "<input type=radio name=c id=dark><label for=dark id=l-dark>Dark</label>"
    "<input type=checkbox id=wide><label for=wide id=l-wide>Wide</label>"
    "<div class=panel id=panel><p id=first>First</p>"
    "<section class=deep><div><div><p id=deep>Deep <span id=note class=note>note</span></p>"
    "</div></div></section></div>"
    "</body></html>";

/* Choosing schemes one after another: each restyle from the styles of
 * the page as first shown equals a full cascade of the page as it is. */
static void test_restyle_equals_full_cascade(void **state)
{
    (void)state;
    Styled s = style(choice_css, choice_html);
    const CssStylesheet *sheets[] = {s.sheet};
    static const char *const changed[] = {"checked"};
    const char *const choices[][2] = {{"dark", "light"}, {"wide", NULL}, {"light", "dark"}};
    for (size_t c = 0; c < sizeof choices / sizeof *choices; c++) {
        set_checked(s.doc, choices[c][0], true);
        if (choices[c][1])
            set_checked(s.doc, choices[c][1], false);
        CssDocument *restyled = css_document_restyle(s.styles, s.doc, changed, 1);
        CssDocument *full = css_document_compute(s.doc, sheets, 1);
        assert_true(assert_same_styles(s.doc, restyled, full) > 10);
        xmlNodePtr root = xmlDocGetRootElement(s.doc);
        const CssStyle *deep = css_style_of(restyled, find_id(root, "deep"));
        const CssStyle *note = css_style_of(restyled, find_id(root, "note"));
        const CssStyle *dark_label = css_style_of(restyled, find_id(root, "l-dark"));
        if (c == 0) {
            /* The custom property set on the root reaches the deep text. */
            assert_true(same_color(deep->color, (CssColor){0x44, 0x44, 0x44, 1}));
            assert_int_equal(dark_label->font_weight, 700);
            assert_int_equal(dark_label->font_style, CSS_FONT_NORMAL);
            assert_true(note->font_size_px == 16);
        } else if (c == 1) {
            assert_true(note->font_size_px == 24);
            assert_string_equal(css_custom_property(restyled, find_id(root, "note"), "--depth"),
                                "3");
        } else {
            assert_true(same_color(deep->color, (CssColor){0x50, 0x50, 0x50, 1}));
            assert_int_equal(dark_label->font_style, CSS_FONT_ITALIC);
        }
        css_document_free(restyled);
        css_document_free(full);
    }
    done(&s);
}

/* A restyle may start from a restyled document, and an attribute no rule
 * reads changes nothing. */
static void test_restyle_chains_and_unread_attributes(void **state)
{
    (void)state;
    Styled s = style(choice_css, choice_html);
    const CssStylesheet *sheets[] = {s.sheet};
    static const char *const changed[] = {"checked", "data-unread"};
    set_checked(s.doc, "dark", true);
    set_checked(s.doc, "light", false);
    CssDocument *first = css_document_restyle(s.styles, s.doc, changed, 2);
    xmlSetProp(find_id(xmlDocGetRootElement(s.doc), "deep"), (const xmlChar *)"data-unread",
               (const xmlChar *)"1");
    set_checked(s.doc, "wide", true);
    CssDocument *second = css_document_restyle(first, s.doc, changed, 2);
    CssDocument *full = css_document_compute(s.doc, sheets, 1);
    assert_true(assert_same_styles(s.doc, second, full) > 10);
    const CssStyle *panel = css_style_of(second, find_id(xmlDocGetRootElement(s.doc), "panel"));
    assert_int_equal(panel->text_decoration, CSS_DECORATION_UNDERLINE);
    css_document_free(first);
    css_document_free(second);
    css_document_free(full);
    done(&s);
}

/* When the tree is not the one styled before (an element was added), or
 * more rules read the change than re-matching can save, the restyle is
 * a full cascade: still the same answer. */
static void test_restyle_falls_back_to_full_cascade(void **state)
{
    (void)state;
    Styled s = style(choice_css, choice_html);
    const CssStylesheet *sheets[] = {s.sheet};
    static const char *const changed[] = {"checked"};
    xmlNodePtr panel = find_id(xmlDocGetRootElement(s.doc), "panel");
    xmlNodePtr added = xmlNewChild(panel, NULL, (const xmlChar *)"p", (const xmlChar *)"added");
    xmlSetProp(added, (const xmlChar *)"id", (const xmlChar *)"added");
    set_checked(s.doc, "dark", true);
    set_checked(s.doc, "light", false);
    CssDocument *restyled = css_document_restyle(s.styles, s.doc, changed, 1);
    CssDocument *full = css_document_compute(s.doc, sheets, 1);
    assert_true(assert_same_styles(s.doc, restyled, full) > 10);
    css_document_free(restyled);
    css_document_free(full);
    done(&s);

    StrBuf css;
    sb_init(&css);
    sb_append(&css, choice_css);
    for (int i = 0; i < 300; i++)
        sb_printf(&css, "#light:checked ~ .panel .c%d { font-size: %dpx }", i, 10 + i);
    sb_append(&css, "#light:checked ~ .panel .c299 { color: #010203 }");
    s = style(css.data, choice_html);
    const CssStylesheet *many[] = {s.sheet};
    xmlSetProp(find_id(xmlDocGetRootElement(s.doc), "note"), (const xmlChar *)"class",
               (const xmlChar *)"note c299");
    CssDocument *before = css_document_compute(s.doc, many, 1);
    set_checked(s.doc, "light", false);
    restyled = css_document_restyle(before, s.doc, changed, 1);
    full = css_document_compute(s.doc, many, 1);
    assert_true(assert_same_styles(s.doc, restyled, full) > 10);
    assert_true(same_color(css_style_of(before, find_id(xmlDocGetRootElement(s.doc), "note"))->color,
                           (CssColor){1, 2, 3, 1}));
    assert_false(same_color(css_style_of(restyled, find_id(xmlDocGetRootElement(s.doc), "note"))->color,
                            (CssColor){1, 2, 3, 1}));
    css_document_free(before);
    css_document_free(restyled);
    css_document_free(full);
    done(&s);
    sb_free(&css);
}

/* The colour scheme check restyles for each scheme: a scheme whose
 * :checked rule sets a custom property that text deep in the page uses,
 * and one read through a sibling combinator, are each reported once,
 * named, at the line of the text's element. */
static void test_scheme_findings_deep_in_the_page(void **state)
{
    (void)state;
    const char *html =
        "<!DOCTYPE html><html lang=en><head><title>t</title><style>"
        ":root { --text: #0b0c0c; --background: #ffffff; --muted: #505050 }"
        "html:has(#c-dark:checked) { --text: #e8e8e8; --background: #121212; --muted: #444444 }"
        "body { color: var(--text); background: var(--background) }"
        ".card .muted { color: var(--muted) }"
        "#c-pale:checked ~ main .card { color: #aaaaaa }"
        "</style></head><body>\n"
        "<input type=radio name=c id=c-standard checked><label for=c-standard>Standard</label>\n"
        "<input type=radio name=c id=c-dark><label for=c-dark>Dark</label>\n"
        "<input type=radio name=c id=c-pale><label for=c-pale>Pale</label>\n"
        "<main><div class=card><div><section>\n"
        "<p class=muted>Closing date to be confirmed.</p>\n"
        "<p>Tell us what you think.</p>\n"
        "</section></div></div></main></body></html>";
    xmlDocPtr doc = parse(html);
    FindingList list;
    findings_init(&list, "page.html");
    wcag_check_document(doc, NULL, &list);
    const char *dark = NULL, *pale = NULL;
    int dark_line = 0, pale_line = 0, contrast = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (!strstr(list.items[i].rule->id, "contrast"))
            continue;
        contrast++;
        if (strstr(list.items[i].message, "\"Dark\""))
            dark = list.items[i].message, dark_line = list.items[i].line;
        if (strstr(list.items[i].message, "\"Pale\""))
            pale = list.items[i].message, pale_line = list.items[i].line;
    }
    assert_int_equal(contrast, 2);
    assert_non_null(dark);
    assert_non_null(pale);
    assert_string_equal(dark,
        "With the \"Dark\" colours chosen in the page's settings: Text contrast is 1.92:1 "
        "(text colour #444444); it needs at least 4.5:1 for normal-sized text. Use a darker "
        "text colour or a lighter background (or the other way round).");
    assert_int_equal(dark_line, 6);
    assert_non_null(strstr(pale, "(text colour #aaaaaa)"));
    assert_int_equal(pale_line, 7);
    findings_free(&list);
    xmlFreeDoc(doc);
}

/* "#wide:checked ~ .panel .note": #wide is a sibling of the note's
 * ancestor, not an ancestor, so the ancestor filter must not ask for it. */
static void test_sibling_of_an_ancestor(void **state)
{
    (void)state;
    Styled s = style("h2 ~ div span { font-size: 24px } #wide:checked ~ .panel .note { color: #010203 }",
                     "<html><body><input type=checkbox id=wide checked>"
                     "<div class=panel><p><span id=note class=note>x</span></p></div>"
                     "<h2>h</h2><div><span id=after>y</span></div><span id=outside>z</span>"
                     "</body></html>");
    assert_true(of(&s, "after")->font_size_px == 24);
    assert_true(of(&s, "outside")->font_size_px == 16);
    assert_true(same_color(of(&s, "note")->color, (CssColor){1, 2, 3, 1}));
    done(&s);
}

/* Grey text that names a disabled control through aria-labelledby need
 * not contrast (its ids are kept once per page); the same text naming an
 * enabled control, or with a longer id containing it, must. */
static void test_text_naming_a_disabled_control(void **state)
{
    (void)state;
    const char *html =
        "<!DOCTYPE html><html lang=en><head><title>t</title><style>"
        ".grey { color: #aaaaaa }</style></head><body><main>\n"
        "<p class=grey id=off>Postcode</p><input aria-labelledby='x off' disabled>\n"
        "<p class=grey id=on>Street</p><input aria-labelledby=on>\n"
        "<p class=grey id=off-longer>Town</p>\n"
        "</main></body></html>";
    xmlDocPtr doc = parse(html);
    FindingList list;
    findings_init(&list, "page.html");
    wcag_check_document(doc, NULL, &list);
    int lines[2] = {0}, contrast = 0;
    for (size_t i = 0; i < list.count; i++)
        if (strstr(list.items[i].rule->id, "contrast") && contrast < 2)
            lines[contrast++] = list.items[i].line;
    assert_int_equal(contrast, 2);
    assert_int_equal(lines[0], 3);
    assert_int_equal(lines[1], 4);
    findings_free(&list);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sibling_of_an_ancestor),
        cmocka_unit_test(test_restyle_equals_full_cascade),
        cmocka_unit_test(test_restyle_chains_and_unread_attributes),
        cmocka_unit_test(test_restyle_falls_back_to_full_cascade),
        cmocka_unit_test(test_scheme_findings_deep_in_the_page),
        cmocka_unit_test(test_text_naming_a_disabled_control),
    };
    return cmocka_run_group_tests_name("css_restyle", tests, NULL, NULL);
}
