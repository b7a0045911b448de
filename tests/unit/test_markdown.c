/* test_markdown.c: Markdown to DOM.
 *
 * markdown_render builds libxml2 nodes straight from cmark's tree.  Pages
 * must come out as they did when cmark wrote HTML and libxml2 parsed it
 * back, so besides the expected DOM of each kind of node these tests
 * compare it with that parse (reference_render) node by node: names,
 * attributes, text (white space between tags included) and the line
 * libxml2 records on each element. */
#include "testutil.h"
#include "diag.h"
#include "dom.h"
#include "markdown.h"
#include "util.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <libxml/HTMLtree.h>
#include <string.h>

static char source_path[] = "consultations/x/index.md";

static xmlNodePtr render(xmlDocPtr doc, const char *md, bool raw_html)
{
    char *text = xstrdup(md);
    SourceText src = {.path = source_path, .text = text, .length = strlen(md), .first_line = 1};
    MarkdownOptions options = {.raw_html = raw_html};
    xmlNodePtr div = markdown_render(doc, &src, &options);
    free(text);
    return div;
}

/* The children of the prose div as HTML, data-sourcepos kept. */
static char *inner_html(xmlDocPtr doc, xmlNodePtr div)
{
    /* Unformatted, as dom_serialize writes pages. */
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buf, NULL);
    for (xmlNodePtr c = div->children; c; c = c->next)
        htmlNodeDumpFormatOutput(out, doc, c, "UTF-8", 0);
    xmlOutputBufferClose(out);
    char *s = xstrdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

static char *render_html_string(const char *md, bool raw_html)
{
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr div = render(doc, md, raw_html);
    char *s = inner_html(doc, div);
    xmlFreeNode(div);
    xmlFreeDoc(doc);
    return s;
}

static void expect(const char *md, bool raw_html, const char *html)
{
    char *got = render_html_string(md, raw_html);
    assert_string_equal(got, html);
    free(got);
}

/* The old way: cmark's HTML parsed back by libxml2, headings demoted and
 * task boxes labelled. */
static xmlNodePtr reference_render(xmlDocPtr doc, const char *md, bool raw_html)
{
    int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_SMART | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
    if (raw_html)
        options |= CMARK_OPT_UNSAFE;
    cmark_parser *parser = cmark_parser_new(options);
    static const char *const names[] = {"table", "autolink", "strikethrough", "tasklist"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(names[i]));
    cmark_parser_feed(parser, md, strlen(md));
    cmark_node *tree = cmark_parser_finish(parser);
    char *html = cmark_render_html(tree, options, cmark_parser_get_syntax_extensions(parser));
    xmlNodePtr div = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
    dom_append_html(div, html, strlen(html));
    free(html);
    cmark_node_free(tree);
    cmark_parser_free(parser);
    bool has_h1 = dom_find_element(div, "h1") != NULL;
    for (xmlNodePtr n = div; has_h1 && n; n = dom_next(n, div)) {
        int level = dom_heading_level(n);
        if (level >= 1 && level < 6) {
            char name[3] = {'h', (char)('0' + level + 1), '\0'};
            xmlNodeSetName(n, BAD_CAST name);
        }
    }
    markdown_label_task_boxes(div);
    return div;
}

static void assert_same_nodes(xmlNodePtr a, xmlNodePtr b)
{
    for (; a || b; a = a->next, b = b->next) {
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(a->type, b->type);
        assert_string_equal((const char *)a->name, (const char *)b->name);
        if (a->content || b->content) {
            assert_non_null(a->content);
            assert_non_null(b->content);
            assert_string_equal((const char *)a->content, (const char *)b->content);
        }
        if (a->type == XML_ELEMENT_NODE)
            assert_int_equal(a->line, b->line);
        xmlAttrPtr x = a->properties, y = b->properties;
        for (; x || y; x = x->next, y = y->next) {
            assert_non_null(x);
            assert_non_null(y);
            assert_string_equal((const char *)x->name, (const char *)y->name);
            xmlChar *vx = xmlNodeListGetString(a->doc, x->children, 1);
            xmlChar *vy = xmlNodeListGetString(b->doc, y->children, 1);
            assert_string_equal(vx ? (const char *)vx : "", vy ? (const char *)vy : "");
            assert_int_equal(x->children == NULL, y->children == NULL);
            xmlFree(vx);
            xmlFree(vy);
        }
        assert_same_nodes(a->children, b->children);
    }
}

static void assert_same_as_reference(const char *md, bool raw_html)
{
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr mine = render(doc, md, raw_html);
    xmlNodePtr ref = reference_render(doc, md, raw_html);
    assert_same_nodes(mine->children, ref->children);
    xmlFreeNode(mine);
    xmlFreeNode(ref);
    xmlFreeDoc(doc);
}

static void test_blocks_and_inlines(void **state)
{
    (void)state;
    expect("# Title\n\nSome *em*, **strong**, `co<de>` and ~~gone~~ & \"quotes\".\n", false,
           "<h2 data-sourcepos=\"1:1-1:7\">Title</h2>\n"
           "<p data-sourcepos=\"3:1-3:56\">Some <em>em</em>, <strong>strong</strong>, <code>co&lt;de&gt;</code> "
           "and <del>gone</del> &amp; \xe2\x80\x9cquotes\xe2\x80\x9d.</p>\n");
    expect("## Two\n\n> quoted\n\n---\n", false,
           "<h2 data-sourcepos=\"1:1-1:6\">Two</h2>\n"
           "<blockquote data-sourcepos=\"3:1-3:8\">\n<p data-sourcepos=\"3:3-3:8\">quoted</p>\n</blockquote>\n"
           "<hr data-sourcepos=\"5:1-5:3\">\n");
    expect("one\ntwo  \nthree\\\nfour\n", false,
           "<p data-sourcepos=\"1:1-4:4\">one\ntwo<br>\nthree<br>\nfour</p>\n");
}

static void test_table_with_alignment(void **state)
{
    (void)state;
    const char *md = "| Left | Middle | Right | None |\n|:-----|:------:|------:|------|\n| a | *b* | c | d |\n";
    expect(md, false,
           "<table data-sourcepos=\"1:1-3:19\">\n<thead>\n<tr data-sourcepos=\"1:1-1:32\">\n"
           "<th align=\"left\" data-sourcepos=\"1:2-1:7\">Left</th>\n"
           "<th align=\"center\" data-sourcepos=\"1:9-1:16\">Middle</th>\n"
           "<th align=\"right\" data-sourcepos=\"1:18-1:24\">Right</th>\n"
           "<th data-sourcepos=\"1:26-1:31\">None</th>\n</tr>\n</thead>\n<tbody>\n"
           "<tr data-sourcepos=\"3:1-3:19\">\n"
           "<td align=\"left\" data-sourcepos=\"3:2-3:4\">a</td>\n"
           "<td align=\"center\" data-sourcepos=\"3:6-3:10\"><em>b</em></td>\n"
           "<td align=\"right\" data-sourcepos=\"3:12-3:14\">c</td>\n"
           "<td data-sourcepos=\"3:16-3:18\">d</td>\n</tr>\n</tbody>\n</table>\n");
    assert_same_as_reference(md, false);
    assert_same_as_reference("| only | header |\n|---|---|\n", false);
    assert_same_as_reference("- item\n\n  | a | b |\n  |---|--:|\n  | 1 | 2 |\n  | 3 |\n\nafter\n", false);
}

static void test_tasklist(void **state)
{
    (void)state;
    const char *md = "- [ ] to do\n- [x] done\n";
    expect(md, false,
           "<ul data-sourcepos=\"1:1-2:10\">\n"
           "<li data-sourcepos=\"1:1-1:11\"><label><input type=\"checkbox\" disabled> to do</label></li>\n"
           "<li data-sourcepos=\"2:1-2:10\"><label><input type=\"checkbox\" checked disabled> done</label></li>\n</ul>\n");
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr div = render(doc, md, false);
    xmlNodePtr box = dom_find_element(div, "input");
    assert_string_equal(dom_attr_ref(box, "type"), "checkbox");
    assert_string_equal(dom_attr_ref(box, "disabled"), "");
    assert_null(dom_attr_ref(box, "checked"));
    xmlFreeNode(div);
    xmlFreeDoc(doc);
    assert_same_as_reference(md, false);
    assert_same_as_reference("- [x] loose\n\n- [ ] list\n\n  with more\n", false);
    /* A loose item's box goes into its paragraph's label; a nested list
     * stays outside the label, and so does the item's next paragraph. */
    expect("- [x] loose *one*\n\n- [ ] two\n\n  more\n  - inner\n", false,
           "<ul data-sourcepos=\"1:1-6:9\">\n"
           "<li data-sourcepos=\"1:1-2:0\"><p data-sourcepos=\"1:7-1:17\"><label><input type=\"checkbox\" checked disabled> "
           "loose <em>one</em></label></p>\n</li>\n"
           "<li data-sourcepos=\"3:1-6:9\"><p data-sourcepos=\"3:7-3:9\"><label><input type=\"checkbox\" disabled> two</label></p>\n"
           "<p data-sourcepos=\"5:3-5:6\">more</p>\n"
           "<ul data-sourcepos=\"6:3-6:9\">\n<li data-sourcepos=\"6:3-6:9\">inner</li>\n</ul>\n</li>\n</ul>\n");
    expect("- [ ] tight\n  - inner\n", false,
           "<ul data-sourcepos=\"1:1-2:9\">\n"
           "<li data-sourcepos=\"1:1-2:9\"><label><input type=\"checkbox\" disabled> tight\n</label>"
           "<ul data-sourcepos=\"2:3-2:9\">\n<li data-sourcepos=\"2:3-2:9\">inner</li>\n</ul>\n</li>\n</ul>\n");
}

static void test_nested_lists(void **state)
{
    (void)state;
    const char *md = "1. one\n2. two\n   - inner\n   - list\n\n     loose\n3. three\n";
    assert_same_as_reference(md, false);
    expect("3. three\n4. four\n", false,
           "<ol start=\"3\" data-sourcepos=\"1:1-2:7\">\n<li data-sourcepos=\"1:1-1:8\">three</li>\n"
           "<li data-sourcepos=\"2:1-2:7\">four</li>\n</ol>\n");
    expect("- a\n\n- b\n  - c\n", false,
           "<ul data-sourcepos=\"1:1-4:5\">\n<li data-sourcepos=\"1:1-2:0\">\n<p data-sourcepos=\"1:3-1:3\">a</p>\n</li>\n"
           "<li data-sourcepos=\"3:1-4:5\">\n<p data-sourcepos=\"3:3-3:3\">b</p>\n"
           "<ul data-sourcepos=\"4:3-4:5\">\n<li data-sourcepos=\"4:3-4:5\">c</li>\n</ul>\n</li>\n</ul>\n");
}

static void test_code_blocks(void **state)
{
    (void)state;
    expect("```python extra words\nif a < b:\n    pass\n```\n\n    indented\n", false,
           "<pre data-sourcepos=\"1:1-4:3\"><code class=\"language-python\">if a &lt; b:\n    pass\n</code></pre>\n"
           "<pre data-sourcepos=\"6:5-6:12\"><code>indented\n</code></pre>\n");
    assert_same_as_reference("~~~ c&amp;x\ncode\n~~~\n", false);
}

static void test_images_and_links(void **state)
{
    (void)state;
    expect("![A *red* `bus`](bus.jpg \"Title\") ![](empty.png) <https://e.org/a?b&c>\n",
           false,
           "<p data-sourcepos=\"1:1-1:70\"><img src=\"bus.jpg\" alt=\"A red bus\" title=\"Title\"> "
           "<img src=\"empty.png\" alt=\"\"> "
           "<a href=\"https://e.org/a?b&amp;c\">https://e.org/a?b&amp;c</a></p>\n");
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr div = render(doc, "![](empty.png)\n", false);
    assert_string_equal(dom_attr_ref(dom_find_element(div, "img"), "alt"), "");
    xmlFreeNode(div);
    xmlFreeDoc(doc);
    expect("[x](<a b\xc3\xa9.html> \"t\") www.example.com\n", false,
           "<p data-sourcepos=\"1:1-1:37\"><a href=\"a%20b%C3%A9.html\" title=\"t\">x</a> "
           "<a href=\"http://www.example.com\">www.example.com</a></p>\n");
    /* cmark empties these addresses unless raw HTML is on. */
    expect("[x](javascript:alert(1)) ![y](data:image/png;base64,AA)\n", false,
           "<p data-sourcepos=\"1:1-1:55\"><a href=\"\">x</a> <img src=\"data:image/png;base64,AA\" alt=\"y\"></p>\n");
    expect("[x](javascript:alert(1))\n", true,
           "<p data-sourcepos=\"1:1-1:24\"><a href=\"javascript:alert(1)\">x</a></p>\n");
    assert_same_as_reference("![a\nb](u 'multi\nline\ntitle') [c](d \"e\nf\")\n\n# after\n", false);
}

static void test_raw_html_off(void **state)
{
    (void)state;
    diag_reset();
    expect("<div>kept out</div>\n\nText <b>bold</b>.\n", false,
           "<!-- raw HTML omitted -->\n"
           "<p data-sourcepos=\"3:1-3:17\">Text <!-- raw HTML omitted -->bold<!-- raw HTML omitted -->.</p>\n");
    assert_int_equal(diag_warning_count(), 3);
    diag_reset();
}

static void test_raw_html_on(void **state)
{
    (void)state;
    /* An element opened in one HTML block and closed in another holds the
     * Markdown between, as libxml2 nests it. */
    expect("Intro\n\n<div class=\"note\">\n\n*Read* this.\n\n</div>\n", true,
           "<p data-sourcepos=\"1:1-1:5\">Intro</p>\n<!--sayso-line:3-->\n<div class=\"note\">\n"
           "<p data-sourcepos=\"5:1-5:12\"><em>Read</em> this.</p>\n<!--sayso-line:7-->\n</div>\n");
    expect("Text <b>bold</b>.\n", true, "<p data-sourcepos=\"1:1-1:17\">Text <b>bold</b>.</p>\n");
    diag_reset();
    char *html = render_html_string("<div>x</div>\n", true);
    free(html);
    assert_int_equal(diag_warning_count(), 0);
}

/* A finding in a table cell or a list keeps its Markdown line. */
static void test_locate(void **state)
{
    (void)state;
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    char text[] = "Intro\n\n| a | b |\n|---|---|\n| 1 | *two* |\n";
    SourceText src = {.path = source_path, .text = text, .length = strlen(text), .first_line = 5};
    MarkdownOptions options = {0};
    xmlNodePtr div = markdown_render(doc, &src, &options);
    xmlNodePtr em = dom_find_element(div, "em");
    const char *file = NULL;
    int line = 0;
    assert_true(markdown_locate(NULL, em, &file, &line));
    assert_string_equal(file, "consultations/x/index.md");
    assert_int_equal(line, 9);
    xmlFreeNode(div);
    xmlFreeDoc(doc);
}

/* Odd input: characters libxml2 drops, carriage returns, lone markers. */
static void test_same_as_html_parse(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "plain",
        "a\x01" "b\x0b\x0c" "c\r\nd\re \xef\xbf\xbe\xef\xbf\xbf f\n",
        "```\n\x02" "code\r\n```\n",
        "* a\n* b\n\n\n* c\n",
        "> - [ ] quoted task\n>\n> | t |\n> |---|\n",
        "1) x\n2) y\n\n10. z\n",
        "Setext\n======\n\nAnd\n---\n",
        "[ref]\n\n[ref]: /u \"t\"\n",
        "**[link *in* strong](u)** ~~**both**~~\n",
        "line  \n<b>\n",
        "   \n\t\n",
        "![outer ![inner](i.png) **x**](o.png)\n",
        "&copy; &#65; &#x27; &nbsp;\n",
        "<!-- comment -->\n\ntext\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_same_as_reference(cases[i], false);
        if (!strchr(cases[i], '<'))
            assert_same_as_reference(cases[i], true);
    }
}

int main(void)
{
    diag_set_verbosity(DIAG_SILENT);
    markdown_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_and_inlines),
        cmocka_unit_test(test_table_with_alignment),
        cmocka_unit_test(test_tasklist),
        cmocka_unit_test(test_nested_lists),
        cmocka_unit_test(test_code_blocks),
        cmocka_unit_test(test_images_and_links),
        cmocka_unit_test(test_raw_html_off),
        cmocka_unit_test(test_raw_html_on),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_same_as_html_parse),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
