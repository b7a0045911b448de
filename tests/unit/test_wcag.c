/* test_wcag.c: the accessible name computation and each WCAG rule on small
 * pages, with the exact rule and line of every finding. */
#include "testutil.h"
#include "css.h"
#include "util.h"
#include "wcag.h"
#include "wcag_lang.h"
#include "wcag_accname.h"
#include "wcag_page.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

static xmlDocPtr parse(const char *html)
{
    return htmlReadMemory(html, (int)strlen(html), "page.html", "UTF-8",
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *v = wp_attr(n, "id");
        if (v && !strcmp(v, id))
            return n;
        xmlNodePtr found = find_id(n->children, id);
        if (found)
            return found;
    }
    return NULL;
}

/* The accessible name of the element with id "t" in body. */
static char *name_of(const char *body)
{
    char *html = xasprintf("<!DOCTYPE html><html lang=en><head><title>t</title></head>"
                           "<body>%s</body></html>", body);
    xmlDocPtr doc = parse(html);
    free(html);
    CssDocument *styles = css_document_compute(doc, NULL, 0);
    WcagPage page;
    page_init(&page, doc, styles, NULL);
    xmlNodePtr el = find_id(page.root, "t");
    assert_non_null(el);
    char *name = page_accessible_name(&page, el);
    page_free(&page);
    css_document_free(styles);
    xmlFreeDoc(doc);
    return name;
}

#define assert_name(body, expected)             \
    do {                                        \
        char *n_ = name_of(body);               \
        assert_string_equal(n_, expected);      \
        free(n_);                               \
    } while (0)

static void test_accessible_names(void **state)
{
    (void)state;
    assert_name("<a id=t href=#> Read  the\n report </a>", "Read the report");
    assert_name("<button id=t aria-label='Close'>X</button>", "Close");
    assert_name("<span id=a>Postcode</span><span id=b>(required)</span>"
                "<input id=t aria-labelledby='a b' aria-label='ignored'>", "Postcode (required)");
    assert_name("<label for=t>Email</label><input id=t>", "Email");
    assert_name("<label>Name <input id=t></label>", "Name");
    assert_name("<input id=t title='Search' placeholder='Type here'>", "Search");
    assert_name("<input id=t placeholder='Type here'>", "Type here");
    assert_name("<a id=t href=#><img src=x alt='Home page'></a>", "Home page");
    assert_name("<a id=t href=#>Next<span aria-hidden=true> &#8594;</span></a>", "Next");
    assert_name("<a id=t href=#>Next<span style='display:none'> page</span></a>", "Next");
    assert_name("<span id=h hidden>Hidden label</span><h1 id=t aria-labelledby=h>Shown</h1>",
                "Hidden label");
    assert_name("<label for=t>Colour <select><option>red</option></select></label>"
                "<input id=t>", "Colour red");
    assert_name("<div id=t role=heading aria-level=2><p>One</p><p>Two</p></div>", "One Two");
    assert_name("<input id=t type=submit>", "Submit");
    assert_name("<div id=t role=textbox>typed text</div>", "");
    assert_name("<figure id=t><img src=x alt=''><figcaption>A map</figcaption></figure>", "A map");
    assert_name("<svg id=t role=img><title>Chart</title></svg>", "Chart");
}

/* Runs the checker and returns "line:rule" for each finding, one a line. */
static char *check(const char *html)
{
    xmlDocPtr doc = parse(html);
    FindingList list;
    findings_init(&list, "page.html");
    wcag_check_document(doc, NULL, &list);
    findings_sort(&list);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");
    for (size_t i = 0; i < list.count; i++)
        sb_printf(&sb, "%d:%s\n", list.items[i].line, list.items[i].rule->id);
    findings_free(&list);
    xmlFreeDoc(doc);
    return sb_take(&sb);
}

#define HEAD "<!DOCTYPE html>\n<html lang=en><head><title>Test</title></head><body><main>\n"
#define TAIL "</main></body></html>\n"

#define assert_findings(body, expected)          \
    do {                                         \
        char *got_ = check(HEAD body TAIL);      \
        assert_string_equal(got_, expected);     \
        free(got_);                              \
    } while (0)

static void test_clean_page_has_no_findings(void **state)
{
    (void)state;
    assert_findings("<h1>Parking</h1>\n<p>We want your views on <a href=/p>parking charges</a>."
                    "</p>\n<img src=a.png alt='Map of the car parks'>\n"
                    "<label for=e>Email</label><input id=e type=email autocomplete=email>\n"
                    "<button>Send</button>\n", "");
}

static void test_page_rules(void **state)
{
    (void)state;
    char *got = check("<html><head></head><body><main><h1>x</h1></main></body></html>");
    assert_string_equal(got, "1:document-title\n1:html-has-lang\n");
    free(got);
    got = check("<html lang=eng><head><title>x</title>\n"
                "<meta http-equiv=refresh content='30; url=/next'>\n"
                "<meta name=viewport content='width=device-width, user-scalable=no'>\n"
                "</head><body><main><h1>x</h1></main></body></html>");
    assert_string_equal(got, "1:html-lang-valid\n2:meta-refresh\n3:meta-viewport\n");
    free(got);
    /* Redirecting at once, or a day later, is not the 2.2.1 failure. */
    got = check("<html lang=cy><head><title>x</title><meta http-equiv=refresh content='0; url=/a'>"
                "</head><body><main><h1>x</h1></main></body></html>");
    assert_string_equal(got, "");
    free(got);
}

static void test_image_and_name_rules(void **state)
{
    (void)state;
    assert_findings("<img src=a.png>\n"
                    "<img src=b.png alt=' '>\n"
                    "<img src=c.png alt=''>\n"
                    "<a href=/x><img src=d.png alt=''></a>\n"
                    "<button></button>\n"
                    "<input type=image src=go.png>\n"
                    "<input type=text>\n"
                    "<iframe src=/f></iframe>\n"
                    "<h2> </h2>\n"
                    "<svg role=img><circle r=4></circle></svg>\n"
                    "<details><summary></summary>x</details>\n",
                    "3:image-alt\n4:image-alt\n6:link-name\n7:button-name\n8:image-button-name\n"
                    "9:form-field-name\n10:frame-name\n11:heading-name\n12:svg-img-name\n"
                    "13:summary-name\n");
}

static void test_aria_rules(void **state)
{
    (void)state;
    assert_findings("<div role=buton>x</div>\n"
                    "<div role=button aria-pressd=true>x</div>\n"
                    "<div role=button aria-expanded=open>x</div>\n"
                    "<div role=button aria-checked=true>x</div>\n"
                    "<div role=checkbox tabindex=0>Agree</div>\n"
                    "<div role=listitem>Orphan</div>\n"
                    "<div role=list><span>not an item</span></div>\n"
                    "<div aria-hidden=true><a href=/x>Hidden link</a></div>\n"
                    "<p aria-label=Bananas>x</p>\n",
                    "3:aria-role-valid\n4:aria-attr-defined\n5:aria-attr-value\n"
                    "6:aria-attr-allowed\n7:aria-required-attr\n8:aria-required-parent\n"
                    "9:aria-required-children\n10:aria-hidden-focus\n11:aria-prohibited-attr\n");
}

static void test_table_rules(void **state)
{
    (void)state;
    assert_findings("<table>\n"
                    "<tr><th>Ward</th><th id=v>Votes</th></tr>\n"
                    "<tr><td>North</td><td headers=nowhere>12</td></tr>\n"
                    "</table>\n",
                    "4:table-header-cells\n5:table-headers-attr\n");
}

static void test_text_rules(void **state)
{
    (void)state;
    assert_findings("<p style='color:#aaa; background:#fff'>Pale text</p>\n"
                    "<p style='color:#777; font-size:24px'>Large grey text is fine</p>\n"
                    "<p style='color:#000; opacity:.3'>Faded</p>\n"
                    "<p style='background:url(x.png); color:#eee'>Cannot tell</p>\n"
                    "<p style='letter-spacing: 0.05em !important'>Tight</p>\n"
                    "<p style='line-height: 1.2 !important'>Cramped</p>\n"
                    "<p lang=xx-invalid>Bonjour</p>\n"
                    "<input autocomplete='work photo' aria-label=Photo>\n",
                    "3:color-contrast\n5:color-contrast\n7:text-spacing-letter\n"
                    "8:text-spacing-line-height\n9:lang-valid\n10:autocomplete-valid\n");
}

/* The contrast rule works out what it needs about each element once, from
 * the element's parent: backgrounds and opacity from ancestors, and
 * ancestors that exempt the text (disabled controls, icons named by
 * aria-label, visually hidden boxes).  Text in <b> is its own element, so
 * it has its own finding. */
static void test_contrast_from_ancestors(void **state)
{
    (void)state;
    assert_findings("<div style='background:#000'><section>\n"
                    "<p style='color:#222'>Dark on black</p>\n"
                    "<p style='color:#fff'>White on black</p>\n"
                    "<p><span style='color:#333'>Also dark on black</span></p>\n"
                    "</section></div>\n"
                    "<div style='background:#000; opacity:.5'><p style='color:#fff'>Half faded"
                    "</p></div>\n"
                    "<button disabled><span style='color:#ddd'>Disabled</span></button>\n"
                    "<button aria-label=Close><span style='color:#eee'>X</span></button>\n"
                    "<div style='position:absolute; left:-9999px'><p style='color:#eee'>Off"
                    "</p></div>\n"
                    "<p style='color:#ccc'>Pale <b>bold</b></p>\n",
                    "4:color-contrast\n6:color-contrast\n8:color-contrast\n"
                    "12:color-contrast\n12:color-contrast\n");
}

/* Deep pages: contexts are worked out without recursion, and only the
 * nearest 128 elements paint the background, as always. */
static void test_contrast_on_deep_pages(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, HEAD "<div style='background:#000'>");
    for (int i = 0; i < 100; i++)
        sb_append(&sb, "<div>");
    sb_append(&sb, "<p style='color:#111'>Dark on black, deep</p>");
    for (int i = 0; i < 100; i++)
        sb_append(&sb, "</div>");
    sb_append(&sb, "</div>\n<div style='background:#000'>");
    for (int i = 0; i < 140; i++)
        sb_append(&sb, "<div>");
    sb_append(&sb, "<p style='color:#eee'>Beyond the painted ancestors</p>");
    for (int i = 0; i < 140; i++)
        sb_append(&sb, "</div>");
    sb_append(&sb, "</div>\n" TAIL);
    char *html = sb_take(&sb);
    char *got = check(html);
    assert_string_equal(got, "3:color-contrast\n4:color-contrast\n");
    free(got);
    free(html);
}

static void test_sayso_rules(void **state)
{
    (void)state;
    assert_findings("<h1>Title</h1>\n"
                    "<h3>Skipped a level</h3>\n"
                    "<p><a href=/more>click here</a> or <a href=https://example.org/x>"
                    "https://example.org/x</a></p>\n"
                    "<img src=t.png alt='Image of text: opening hours'>\n"
                    "<img src=p.png alt='Picture of the town hall'>\n",
                    "4:heading-order\n5:link-text\n5:link-text\n6:image-of-text\n"
                    "7:image-alt-redundant\n");
}

static void test_bypass_blocks(void **state)
{
    (void)state;
    char *got = check("<!DOCTYPE html>\n<html lang=en><head><title>t</title></head><body>\n"
                      "<nav><a href=/a>A</a> <a href=/b>B</a></nav>\n"
                      "<div><p>Main text with no heading.</p></div></body></html>");
    assert_string_equal(got, "2:bypass-blocks\n");
    free(got);
    /* A main landmark is enough for 2.4.1; the missing skip link and
     * heading are only warnings. */
    got = check("<!DOCTYPE html>\n<html lang=en><head><title>t</title></head><body>\n"
                "<nav><a href=/a>A</a></nav><main><h1>Main</h1></main></body></html>");
    assert_string_equal(got, "2:bypass-skip-link\n");
    free(got);
}

static void test_language_tags(void **state)
{
    (void)state;
    assert_true(wcag_lang_valid("en"));
    assert_true(wcag_lang_valid("EN-gb"));
    assert_true(wcag_lang_valid("cy"));
    assert_true(wcag_lang_valid("yue-Hant-HK"));
    assert_true(wcag_lang_valid("en-US-GB"));
    assert_false(wcag_lang_valid("eng"));     /* has a two-letter code: not registered */
    assert_false(wcag_lang_valid("em"));
    assert_false(wcag_lang_valid("i-lux"));
    assert_false(wcag_lang_valid("#!"));
    assert_false(wcag_lang_valid("  "));
    assert_false(wcag_lang_valid("english"));
}

static char *stylesheet_loader(void *data, const char *href, size_t *len)
{
    (void)data;
    if (strcmp(href, "theme.css"))
        return NULL;
    char *css = xstrdup(".pale { color: #bbb }");
    *len = strlen(css);
    return css;
}

static void test_linked_stylesheet(void **state)
{
    (void)state;
    xmlDocPtr doc = parse(HEAD "<link rel=stylesheet href=theme.css>\n<p class=pale>Hard to read"
                               "</p>\n" TAIL);
    FindingList list;
    findings_init(&list, "page.html");
    WcagOptions options = {.load_stylesheet = stylesheet_loader};
    wcag_check_document(doc, &options, &list);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].rule->id, "color-contrast");
    assert_int_equal(list.items[0].line, 4);
    assert_non_null(strstr(list.items[0].message, "1.92:1"));
    findings_free(&list);
    xmlFreeDoc(doc);
    css_cache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accessible_names),
        cmocka_unit_test(test_clean_page_has_no_findings),
        cmocka_unit_test(test_page_rules),
        cmocka_unit_test(test_image_and_name_rules),
        cmocka_unit_test(test_aria_rules),
        cmocka_unit_test(test_table_rules),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_contrast_from_ancestors),
        cmocka_unit_test(test_contrast_on_deep_pages),
        cmocka_unit_test(test_sayso_rules),
        cmocka_unit_test(test_bypass_blocks),
        cmocka_unit_test(test_language_tags),
        cmocka_unit_test(test_linked_stylesheet),
    };
    return cmocka_run_group_tests_name("wcag", tests, NULL, NULL);
}
