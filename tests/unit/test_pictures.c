/* test_pictures.c: the default theme's easy-read pictures.
 *
 * Easy-read readers learn to recognise these pictures, and the pages embed
 * them inline, so every one must be a safe, self-contained SVG whose title
 * is the text alternative listed in pictures.yml.  The checks are written
 * as functions that return a problem (or NULL) so that they can be shown to
 * catch broken pictures before they are run over the real set. */
#include "testutil.h"
#include "site.h"
#include "theme.h"
#include "util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <yaml.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tests run from the top of the repository. */
#define PICTURES_DIR "themes/default/pictures"
#define SVG_NS "http://www.w3.org/2000/svg"
#define MIN_PICTURES 40
/* Small enough to inline in every easy-read page without bloating it. */
#define MAX_SVG_BYTES 4096

/* ---- pictures.yml -------------------------------------------------------- */

typedef struct {
    StrList names, alts;   /* parallel lists, in file order */
} Catalogue;

static void catalogue_free(Catalogue *c)
{
    sl_free(&c->names);
    sl_free(&c->alts);
}

/* Reads a NAME: "alt" mapping.  Returns NULL, or a message the caller frees. */
static char *catalogue_parse(const char *text, size_t len, Catalogue *out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    char *problem = NULL;

    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        problem = xasprintf("pictures.yml:%zu: %s", parser.problem_mark.line + 1,
                            parser.problem ? parser.problem : "unreadable YAML");
        yaml_parser_delete(&parser);
        return problem;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        problem = xasprintf("pictures.yml:1: expected a mapping of NAME: \"alt\"");
        goto done;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        size_t line = k->start_mark.line + 1;
        if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE) {
            problem = xasprintf("pictures.yml:%zu: each entry is NAME: \"alt\"", line);
            goto done;
        }
        const char *name = (const char *)k->data.scalar.value;
        const char *alt = (const char *)v->data.scalar.value;
        if (sl_contains(&out->names, name)) {
            problem = xasprintf("pictures.yml:%zu: '%s' is listed twice", line, name);
            goto done;
        }
        if (out->names.count && strcmp(out->names.items[out->names.count - 1], name) > 0) {
            problem = xasprintf("pictures.yml:%zu: '%s' is out of alphabetical order", line, name);
            goto done;
        }
        if (!*alt) {
            problem = xasprintf("pictures.yml:%zu: '%s' has no text alternative", line, name);
            goto done;
        }
        sl_push(&out->names, name);
        sl_push(&out->alts, alt);
    }
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return problem;
}

/* ---- One SVG ------------------------------------------------------------- */

static bool is_svg_element(xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, SVG_NS)
           && !strcmp((const char *)n->name, name);
}

/* Anything that could run code, fetch from elsewhere or depend on the page
 * around it.  Only same-document references (#id) are allowed. */
static char *unsafe_content(xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (!strcmp(name, "script") || !strcmp(name, "foreignObject") || !strcmp(name, "image")
            || !strcmp(name, "style"))
            return xasprintf("has a <%s> element", name);
        if (!n->ns || strcmp((const char *)n->ns->href, SVG_NS))
            return xasprintf("has <%s> outside the SVG namespace", name);
        for (xmlAttr *a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            xmlChar *v = xmlNodeGetContent((xmlNode *)a);
            char *problem = NULL;
            if (!strncmp(an, "on", 2))
                problem = xasprintf("has an event handler '%s' on <%s>", an, name);
            else if (!strcmp(an, "href") && v && v[0] != '#')
                problem = xasprintf("links outside itself: href=\"%s\"", (const char *)v);
            else if (v && strstr((const char *)v, "url(") && !strstr((const char *)v, "url(#"))
                problem = xasprintf("refers outside itself in %s=\"%s\"", an, (const char *)v);
            xmlFree(v);
            if (problem)
                return problem;
        }
        char *inner = unsafe_content(n->children);
        if (inner)
            return inner;
    }
    return NULL;
}

/* Returns NULL when the SVG is a well-formed, self-contained picture titled
 * with alt; else a message the caller frees. */
static char *svg_problem(const char *xml, size_t len, const char *alt)
{
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "picture.svg", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return xasprintf("is not well-formed XML (line %d)", e ? e->line : 0);
    }
    char *problem = NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlChar *viewbox = NULL, *title_text = NULL;
    if (!root || !is_svg_element(root, "svg")) {
        problem = xasprintf("is not an <svg> in the SVG namespace");
        goto done;
    }
    viewbox = xmlGetProp(root, (const xmlChar *)"viewBox");
    if (!viewbox || strcmp((const char *)viewbox, "0 0 200 200")) {
        problem = xasprintf("needs viewBox=\"0 0 200 200\"");
        goto done;
    }
    /* The page decides the size: a fixed one would defeat large print. */
    if (xmlHasProp(root, (const xmlChar *)"width") || xmlHasProp(root, (const xmlChar *)"height")) {
        problem = xasprintf("has a fixed width or height");
        goto done;
    }
    xmlNode *title = xmlFirstElementChild(root);
    if (!title || !is_svg_element(title, "title")) {
        problem = xasprintf("needs a <title> as its first element");
        goto done;
    }
    title_text = xmlNodeGetContent(title);
    if (strcmp((const char *)title_text, alt)) {
        problem = xasprintf("has title \"%s\" but pictures.yml says \"%s\"",
                            (const char *)title_text, alt);
        goto done;
    }
    problem = unsafe_content(root);
done:
    xmlFree(viewbox);
    xmlFree(title_text);
    xmlFreeDoc(doc);
    return problem;
}

/* ---- The checks shown to catch what they are for ------------------------- */

#define GOOD_HEAD "<svg xmlns=\"" SVG_NS "\" viewBox=\"0 0 200 200\"><title>A bus</title>"

static void expect_problem(const char *xml, const char *alt, const char *expected)
{
    char *problem = svg_problem(xml, strlen(xml), alt);
    assert_non_null(problem);
    if (!strstr(problem, expected))
        fail_msg("expected a problem containing \"%s\", got \"%s\"", expected, problem);
    free(problem);
}

static void test_svg_check_accepts_a_plain_picture(void **state)
{
    (void)state;
    const char *ok = GOOD_HEAD "<defs><path id=\"w\" d=\"M0 0\"/></defs>"
                     "<use href=\"#w\"/><circle r=\"4\" fill=\"#fff\"/></svg>";
    char *problem = svg_problem(ok, strlen(ok), "A bus");
    assert_null(problem);
}

static void test_svg_check_catches_broken_pictures(void **state)
{
    (void)state;
    expect_problem("<svg xmlns=\"" SVG_NS "\" viewBox=\"0 0 200 200\"><title>x</title>",
                   "x", "not well-formed");
    expect_problem("<html><title>A bus</title></html>", "A bus", "not an <svg>");
    expect_problem("<svg xmlns=\"" SVG_NS "\"><title>A bus</title></svg>", "A bus", "viewBox");
    expect_problem("<svg xmlns=\"" SVG_NS "\" viewBox=\"0 0 200 200\" width=\"200\">"
                   "<title>A bus</title></svg>", "A bus", "fixed width");
    expect_problem("<svg xmlns=\"" SVG_NS "\" viewBox=\"0 0 200 200\"><circle r=\"1\"/>"
                   "<title>A bus</title></svg>", "A bus", "<title> as its first");
    expect_problem(GOOD_HEAD "</svg>", "A car", "pictures.yml says \"A car\"");
    expect_problem(GOOD_HEAD "<script>alert(1)</script></svg>", "A bus", "<script>");
    expect_problem(GOOD_HEAD "<circle r=\"1\" onclick=\"x()\"/></svg>", "A bus", "event handler");
    expect_problem(GOOD_HEAD "<a href=\"https://example.org/\"><circle r=\"1\"/></a></svg>",
                   "A bus", "links outside itself");
    expect_problem("<svg xmlns=\"" SVG_NS "\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                   "viewBox=\"0 0 200 200\"><title>A bus</title>"
                   "<use xlink:href=\"other.svg#a\"/></svg>", "A bus", "links outside itself");
    expect_problem(GOOD_HEAD "<rect fill=\"url(http://x/p.svg#g)\"/></svg>", "A bus",
                   "refers outside itself");
    expect_problem(GOOD_HEAD "<image href=\"#a\"/></svg>", "A bus", "<image>");
}

static void test_catalogue_parse_rejects_disorder(void **state)
{
    (void)state;
    Catalogue c = {0};
    const char *ok = "# comment\nbus: \"A bus\"\ncar: \"A car\"\n";
    assert_null(catalogue_parse(ok, strlen(ok), &c));
    assert_int_equal(c.names.count, 2);
    assert_string_equal(c.alts.items[1], "A car");
    catalogue_free(&c);

    const struct { const char *yaml, *message; } bad[] = {
        {"car: \"A car\"\nbus: \"A bus\"\n", "pictures.yml:2: 'bus' is out of alphabetical order"},
        {"bus: \"A bus\"\nbus: \"A bus\"\n", "pictures.yml:2: 'bus' is listed twice"},
        {"bus: \"\"\n", "pictures.yml:1: 'bus' has no text alternative"},
        {"bus: [a, b]\n", "pictures.yml:1: each entry is NAME: \"alt\""},
        {"- bus\n", "pictures.yml:1: expected a mapping of NAME: \"alt\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Catalogue b = {0};
        char *problem = catalogue_parse(bad[i].yaml, strlen(bad[i].yaml), &b);
        assert_non_null(problem);
        assert_string_equal(problem, bad[i].message);
        free(problem);
        catalogue_free(&b);
    }
}

/* ---- The real set -------------------------------------------------------- */

static void load_catalogue(Catalogue *c)
{
    size_t len = 0;
    char *text = read_file(PICTURES_DIR "/pictures.yml", &len);
    if (!text)
        fail_msg("cannot read " PICTURES_DIR "/pictures.yml (run from the repository root)");
    char *problem = catalogue_parse(text, len, c);
    free(text);
    if (problem) {
        fprintf(stderr, "%s\n", problem);
        free(problem);
        fail();
    }
}

static void test_every_listed_picture_is_a_safe_svg(void **state)
{
    (void)state;
    Catalogue c = {0};
    load_catalogue(&c);
    assert_true(c.names.count >= MIN_PICTURES);
    int failures = 0;
    for (size_t i = 0; i < c.names.count; i++) {
        char *path = xasprintf(PICTURES_DIR "/%s.svg", c.names.items[i]);
        size_t len = 0;
        char *xml = read_file(path, &len);
        char *problem = NULL;
        if (!xml)
            problem = xasprintf("is missing");
        else if (len > MAX_SVG_BYTES)
            problem = xasprintf("is %zu bytes, more than %d", len, MAX_SVG_BYTES);
        else
            problem = svg_problem(xml, len, c.alts.items[i]);
        if (problem) {
            fprintf(stderr, "%s: %s\n", path, problem);
            failures++;
        }
        free(problem);
        free(xml);
        free(path);
    }
    catalogue_free(&c);
    assert_int_equal(failures, 0);
}

static void test_every_svg_is_listed(void **state)
{
    (void)state;
    Catalogue c = {0};
    load_catalogue(&c);
    StrList files = {0};
    assert_true(list_dir(PICTURES_DIR, &files));
    int svgs = 0, failures = 0;
    for (size_t i = 0; i < files.count; i++) {
        const char *file = files.items[i];
        if (!str_ends_with(file, ".svg"))
            continue;
        svgs++;
        char *name = xstrndup(file, strlen(file) - 4);
        if (!sl_contains(&c.names, name)) {
            fprintf(stderr, PICTURES_DIR "/%s: not listed in pictures.yml\n", file);
            failures++;
        }
        free(name);
    }
    assert_int_equal(failures, 0);
    assert_int_equal((size_t)svgs, c.names.count);
    sl_free(&files);
    catalogue_free(&c);
}

/* The names the easy-read guidance and the example site rely on. */
static void test_core_names_are_present(void **state)
{
    (void)state;
    static const char *const core[] = {
        "meeting", "question", "bus", "calendar", "letter", "phone", "email", "money",
        "home", "doctor", "school", "tick", "cross", "clock", "people", "person",
        "speech", "listen", "idea", "vote", "decision", "report", "form", "write",
        "computer", "website", "map", "location", "car", "bike", "walk", "wheelchair",
        "park", "library", "book", "bin", "recycle", "hospital", "nurse", "medicine",
        "family", "child", "older-person", "carer", "help", "warning", "information",
        "change", "shop", "job", "food", "house-key", "light", "water", "safe", "star",
        "heart", "thumbs-up", "thumbs-down", "sign-language", "hearing-loop",
        "large-print", "easy-read", "braille", "translate",
    };
    Catalogue c = {0};
    load_catalogue(&c);
    int missing = 0;
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (!sl_contains(&c.names, core[i])) {
            fprintf(stderr, "pictures.yml: no picture called '%s'\n", core[i]);
            missing++;
        }
    catalogue_free(&c);
    assert_int_equal(missing, 0);
}

/* A mistyped or guessed picture name gets a suggestion that helps: by
 * meaning (the pictures' names and words) before spelling, and none when
 * only a near spelling of another word would do ("van" is not "bank"). */
static void test_suggestions_by_meaning(void **state)
{
    (void)state;
    Site site = {0};
    site.source_dir = xstrdup("tests/no-such-site");
    site.theme = xstrdup("default");
    Theme theme;
    assert_true(theme_load(&site, &theme));
    assert_string_equal(theme_picture_suggest(&theme, "library-van"), "library");
    assert_string_equal(theme_picture_suggest(&theme, "time"), "clock");
    assert_string_equal(theme_picture_suggest(&theme, "buses"), "bus");
    assert_string_equal(theme_picture_suggest(&theme, "peeple"), "people");
    assert_string_equal(theme_picture_suggest(&theme, "libary"), "library");
    /* Two letters swapped is one slip, not two. */
    assert_string_equal(theme_picture_suggest(&theme, "bsu"), "bus");
    assert_string_equal(theme_picture_suggest(&theme, "hopsital"), "hospital");
    assert_null(theme_picture_suggest(&theme, "van"));
    theme_free(&theme);
    site_free(&site);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_check_accepts_a_plain_picture),
        cmocka_unit_test(test_svg_check_catches_broken_pictures),
        cmocka_unit_test(test_catalogue_parse_rejects_disorder),
        cmocka_unit_test(test_every_listed_picture_is_a_safe_svg),
        cmocka_unit_test(test_every_svg_is_listed),
        cmocka_unit_test(test_core_names_are_present),
        cmocka_unit_test(test_suggestions_by_meaning),
    };
    int rc = cmocka_run_group_tests_name("pictures", tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
