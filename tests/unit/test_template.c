/* test_template.c: filling templates with nodes values.
 *
 * A nodes value is moved into the element that uses it, not copied; these
 * tests pin what that must keep: the nodes belong to the page's document,
 * a value used twice fills both places, and data-if still sees a value
 * after it has been used. */
#include "testutil.h"
#include "diag.h"
#include "dom.h"
#include "template.h"
#include "util.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Template *load(const char *html)
{
    char path[] = "/tmp/sayso-test-template-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(write_file(path, html, strlen(html)));
    Template *t = template_load(path, "templates/test.html");
    unlink(path);
    assert_non_null(t);
    return t;
}

/* <p>Hello <b>you</b></p> in a document of its own. */
static xmlNodePtr make_nodes(xmlDocPtr doc)
{
    xmlNodePtr p = dom_element(doc, NULL, "p", "Hello ");
    dom_element(doc, p, "b", "you");
    return p;
}

static char *serialize_list(xmlDocPtr doc, xmlNodePtr list)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(buf, NULL);
    for (xmlNodePtr c = list; c; c = c->next)
        htmlNodeDumpFormatOutput(out, doc, c, "UTF-8", 0);
    xmlOutputBufferClose(out);
    char *s = xstrdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

static void assert_all_in(xmlNodePtr root, xmlDocPtr doc)
{
    for (xmlNodePtr n = root; n; n = dom_next(n, root)) {
        assert_ptr_equal(n->doc, doc);
        for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
            assert_ptr_equal(a->doc, doc);
    }
}

static void test_nodes_from_another_document(void **state)
{
    (void)state;
    Template *t = load("<!DOCTYPE html><html><body><main data-html=\"content\"></main></body></html>");
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_nodes(s, "content", make_nodes(scratch));
    xmlDocPtr page = template_render_document(t, s);
    scope_free(s);
    xmlFreeDoc(scratch);                 /* the page must not need it any more */
    xmlNodePtr main = dom_find_element(xmlDocGetRootElement(page), "main");
    assert_non_null(main);
    assert_all_in(main, page);
    char *html = serialize_list(page, main);
    assert_string_equal(html, "<main><p>Hello <b>you</b></p></main>");
    free(html);
    xmlFreeDoc(page);
    template_free(t);
}

static void test_value_used_twice_and_tested_after_use(void **state)
{
    (void)state;
    Template *t = load("<!DOCTYPE html><html><body>"
                       "<div data-html=\"body\"></div>"
                       "<ul><li data-each=\"items\"><span data-text=\"name\"></span><i data-html=\"body\"></i></li></ul>"
                       "<p data-if=\"body\">has body</p><p data-unless=\"body\">no body</p>"
                       "</body></html>");
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_nodes(s, "body", make_nodes(doc));
    scope_text(scope_add_item(s, "items"), "name", "one");
    scope_text(scope_add_item(s, "items"), "name", "two");
    xmlNodePtr list = template_render_fragment(t, s, doc);
    scope_free(s);
    char *html = serialize_list(doc, list);
    assert_string_equal(html,
                        "<div data-sayso-template=\"templates/test.html\"><p>Hello <b>you</b></p></div>"
                        "<ul data-sayso-template=\"templates/test.html\"><li><span>one</span><i><p>Hello <b>you</b></p></i></li>"
                        "<li><span>two</span><i><p>Hello <b>you</b></p></i></li></ul>"
                        "<p data-sayso-template=\"templates/test.html\">has body</p>");
    free(html);
    xmlFreeNodeList(list);
    xmlFreeDoc(doc);
    template_free(t);
}

/* A value the template never uses is freed with the scope. */
static void test_unused_value_freed(void **state)
{
    (void)state;
    Template *t = load("<!DOCTYPE html><html><body><p data-unless=\"body\">none</p></body></html>");
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_nodes(s, "other", make_nodes(doc));
    xmlNodePtr list = template_render_fragment(t, s, doc);
    scope_free(s);
    char *html = serialize_list(doc, list);
    assert_string_equal(html, "<p data-sayso-template=\"templates/test.html\">none</p>");
    free(html);
    xmlFreeNodeList(list);
    xmlFreeDoc(doc);
    template_free(t);
}

int main(void)
{
    diag_set_verbosity(DIAG_SILENT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nodes_from_another_document),
        cmocka_unit_test(test_value_used_twice_and_tested_after_use),
        cmocka_unit_test(test_unused_value_freed),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
