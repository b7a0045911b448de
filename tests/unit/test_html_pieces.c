/* test_html_pieces.c: pages cut into shell and content for tidy, the keys
 * that let pages share tidy's verdict, and the piecewise validator giving
 * the findings a whole-page check gives. */
#include "testutil.h"
#include "html_pieces.h"
#include "html_validate.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THEME_CONF "themes/default/tidy.conf"

/* A page in the theme's shape: shell text, a link depth and the content. */
static char *page(const char *title, const char *up, const char *content, const char *footer_extra)
{
    return xasprintf("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<title>%s</title>\n<link rel=\"stylesheet\" href=\"%scss/site.css\">\n</head>\n"
                     "<body class=\"format-plain\">\n<a class=\"skip-link\" href=\"#main\">Skip</a>\n"
                     "<header><nav aria-label=\"Site\"><ul><li><a href=\"%s\">Home</a></li></ul></nav></header>\n"
                     "<main id=\"main\" class=\"wrap\">\n%s\n</main>\n"
                     "<footer><p>%s council</p>%s</footer>\n</body>\n</html>\n",
                     title, up, up, content, title, footer_extra);
}

static HtmlPieces cut_page(const char *title, const char *up, const char *content, const char *footer)
{
    char *html = page(title, up, content, footer);
    HtmlPieces p;
    assert_true(html_pieces_cut(html, strlen(html), &p));
    free(html);
    return p;
}

static bool same_key(PieceKey a, PieceKey b)
{
    return a.a == b.a && a.b == b.b;
}

static void test_words_and_links_do_not_change_the_keys(void **state)
{
    (void)state;
    /* Large print's content is plain English's, one folder deeper. */
    HtmlPieces plain = cut_page("Library hours", "../../",
                                "<h1 id=\"hours\">Library hours</h1>\n<p>Read <a href=\"you-said/\">what you said</a>.</p>",
                                "");
    HtmlPieces large = cut_page("Evening buses", "../../../",
                                "<h1 id=\"buses\">Evening buses</h1>\n<p>Read <a href=\"../you-said/\">our answer</a>.</p>",
                                "");
    assert_true(same_key(plain.shell_key, large.shell_key));
    assert_true(same_key(plain.content_key, large.content_key));
    assert_false(plain.ids_shared);
    /* The content piece stands in a page of its own, inside <main>. */
    assert_non_null(strstr(plain.content, "<body><main>"));
    assert_null(strstr(plain.content, "skip-link"));
    assert_non_null(strstr(plain.shell, "<main id=\"i0\" class=\"a\"></main>"));
    html_pieces_free(&plain);
    html_pieces_free(&large);
}

static void test_what_tidy_judges_changes_the_keys(void **state)
{
    (void)state;
    HtmlPieces base = cut_page("T", "../", "<p>Some <a href=\"a/b\">words</a> here.</p>", "");
    const char *contents[] = {
        "<p>Some <a href=\"a b\">words</a> here.</p>",         /* a space in a link */
        "<p>Some <a href=\"a\\b\">words</a> here.</p>",        /* a backslash in a link */
        "<p>Some <b>words</b> here.</p>",                       /* another element */
        "<p>Some <a href=\"a/b\" hreff=\"x\">words</a> here.</p>",  /* another attribute */
        "<p>Some &nosuch; words here.</p>",                     /* an entity */
        "<p>Some <a href=\"a/b\">w\xc3\xb6rds</a> here.</p>",   /* a non-ASCII letter */
    };
    for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++) {
        HtmlPieces other = cut_page("T", "../", contents[i], "");
        assert_true(same_key(base.shell_key, other.shell_key));
        assert_false(same_key(base.content_key, other.content_key));
        html_pieces_free(&other);
    }
    /* The shell is its own piece: an element added to the footer. */
    HtmlPieces shell = cut_page("T", "../", "<p>Some <a href=\"a/b\">words</a> here.</p>", "<blink>x</blink>");
    assert_false(same_key(base.shell_key, shell.shell_key));
    assert_true(same_key(base.content_key, shell.content_key));
    html_pieces_free(&shell);
    /* Entities keep their names: &amp; and &lt; differ. */
    HtmlPieces amp = cut_page("T", "../", "<p>A &amp; B</p>", "");
    HtmlPieces lt = cut_page("T", "../", "<p>A &lt; B</p>", "");
    assert_false(same_key(amp.content_key, lt.content_key));
    html_pieces_free(&amp);
    html_pieces_free(&lt);
    html_pieces_free(&base);
}

static void test_ids_keep_their_pattern(void **state)
{
    (void)state;
    /* Different ids, the same pattern of repeats: one key. */
    HtmlPieces a = cut_page("T", "", "<h2 id=\"why\">a</h2><h2 id=\"how\">b</h2>", "");
    HtmlPieces b = cut_page("T", "", "<h2 id=\"when\">a</h2><h2 id=\"where\">b</h2>", "");
    HtmlPieces twice = cut_page("T", "", "<h2 id=\"why\">a</h2><h2 id=\"why\">b</h2>", "");
    assert_true(same_key(a.content_key, b.content_key));
    assert_false(same_key(a.content_key, twice.content_key));
    html_pieces_free(&a);
    html_pieces_free(&b);
    html_pieces_free(&twice);
}

static void test_ids_in_both_pieces_are_seen(void **state)
{
    (void)state;
    const char *shared[] = {
        "<span id=\"main\">x</span>",        /* the shell's <main id="main"> */
        "<span id=\"MAIN\">x</span>",        /* case aside */
        "<a name=\"main\">x</a>",            /* an anchor name */
        "<span id=\"m&#97;in\">x</span>",    /* an entity tidy would decode */
    };
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        HtmlPieces p = cut_page("T", "", shared[i], "");
        assert_true(p.ids_shared);
        html_pieces_free(&p);
    }
    HtmlPieces input = cut_page("T", "", "<input name=\"main\">", "");
    assert_false(input.ids_shared);         /* a form field's name is no anchor */
    html_pieces_free(&input);
}

static void test_pages_not_in_the_theme_shape_are_not_cut(void **state)
{
    (void)state;
    const char *pages[] = {
        "<html><body><main>x</main></body></html>",                                    /* no doctype */
        "<!DOCTYPE html>\n<html><body><p>no main</p></body></html>",
        "<!DOCTYPE html>\n<html><body><div><main>x</main></div></body></html>",       /* not in body */
        "<!DOCTYPE html>\n<html><body><main>x</main><main>y</main></body></html>",    /* two */
        "<!DOCTYPE html>\n<html><body><main>x<!-- </main> --></body></html>",         /* never closed */
        "<!DOCTYPE html>\n<html><body><main>x</body><p>y</p></main></body></html>",  /* body closed inside */
        "<!DOCTYPE html>\n<html><body><main>x</main><p>y</p></main></body></html>", /* closed early */
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        HtmlPieces p;
        assert_false(html_pieces_cut(pages[i], strlen(pages[i]), &p));
    }
    /* "<main" in a script or a comment is not the content's start. */
    const char *hidden = "<!DOCTYPE html>\n<html><head><script>var s = \"<main>\";</script></head>"
                         "<body><!-- <main> --><main><p>x</p></main></body></html>";
    HtmlPieces p;
    assert_true(html_pieces_cut(hidden, strlen(hidden), &p));
    assert_non_null(strstr(p.content, "<main><p>a</p></main>"));
    html_pieces_free(&p);
}

static void test_verdicts_are_kept_per_key(void **state)
{
    (void)state;
    PieceVerdicts *v = piece_verdicts_new();
    /* Enough keys to make the table grow. */
    for (int i = 0; i < 1000; i++) {
        char s[16];
        int n = snprintf(s, sizeof s, "%d", i);
        piece_verdict_set(v, piece_key(s, (size_t)n), i % 3 ? PIECE_CLEAN : PIECE_FAULTY);
    }
    for (int i = 0; i < 1000; i++) {
        char s[16];
        int n = snprintf(s, sizeof s, "%d", i);
        assert_int_equal(piece_verdict(v, piece_key(s, (size_t)n)), i % 3 ? PIECE_CLEAN : PIECE_FAULTY);
    }
    assert_int_equal(piece_verdict(v, piece_key("x", 1)), PIECE_UNKNOWN);
    piece_verdicts_free(v);
}

/* ---- the validator, piecewise and whole ---- */

/* Lines 12 and after of the page are the Markdown's, from its line 3. */
static bool locate_markdown(void *data, int html_line, int html_column, const char **file, int *line)
{
    (void)data;
    (void)html_column;
    if (html_line < 12)
        return false;
    *file = "consultations/parks/index.md";
    *line = html_line - 9;
    return true;
}

static void validate(HtmlValidator *v, const char *html, FindingList *out)
{
    findings_init(out, NULL);
    html_validate(v, html, strlen(html), "parks/index.html", locate_markdown, NULL, out);
    findings_sort(out);
}

static void assert_same_findings(const FindingList *a, const FindingList *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        assert_string_equal(a->items[i].rule->id, b->items[i].rule->id);
        assert_int_equal(a->items[i].level, b->items[i].level);
        assert_string_equal(a->items[i].file, b->items[i].file);
        assert_int_equal(a->items[i].line, b->items[i].line);
        assert_string_equal(a->items[i].message, b->items[i].message);
    }
}

static void test_pages_with_the_same_content_share_one_tidy_run(void **state)
{
    (void)state;
    HtmlValidator *v = html_validator_new(THEME_CONF);
    assert_non_null(v);
    html_validator_set_mode(v, HTML_CHECK_PIECEWISE);
    char *plain = page("Parks", "../../", "<h1>Parks</h1>\n<p>See <a href=\"map/\">the map</a>.</p>", "");
    char *large = page("Parks", "../../../", "<h1>Parks</h1>\n<p>See <a href=\"../map/\">the map</a>.</p>", "");
    FindingList f;
    validate(v, plain, &f);
    assert_int_equal(f.count, 0);
    findings_free(&f);
    assert_int_equal(html_validator_tidy_runs(v), 2);       /* the shell, the content */
    validate(v, large, &f);
    assert_int_equal(f.count, 0);
    findings_free(&f);
    assert_int_equal(html_validator_tidy_runs(v), 2);       /* nothing new to read */
    free(plain);
    free(large);
    html_validator_free(v);
}

/* Each page is checked piecewise by one validator and whole by another;
 * their findings must be the same, and the first's fault is placed. */
static void test_faults_are_found_and_placed_as_whole_pages_place_them(void **state)
{
    (void)state;
    HtmlValidator *pieces = html_validator_new(THEME_CONF), *whole = html_validator_new(THEME_CONF);
    html_validator_set_mode(pieces, HTML_CHECK_PIECEWISE);
    html_validator_set_mode(whole, HTML_CHECK_FULL);
    char *pages[] = {
        /* In the content: a misnested tag on HTML line 13, Markdown line 4. */
        page("Parks", "../", "<h1>Parks</h1>\n<p><b><i>Bold</b></i> words.</p>", ""),
        /* The same content, clean, after a clean page made the shell known. */
        page("Parks", "../", "<h1>Parks</h1>\n<p><b><i>Bold</i></b> words.</p>", ""),
        /* A change to the shell alone is seen. */
        page("Parks", "../", "<h1>Parks</h1>\n<p><b><i>Bold</i></b> words.</p>", "<blink>x</blink>"),
        /* An id in the content that the shell has. */
        page("Parks", "../", "<h1 id=\"main\">Parks</h1>", ""),
    };
    size_t expected[] = { 1, 0, 1, 1 };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        FindingList a, b;
        validate(pieces, pages[i], &a);
        validate(whole, pages[i], &b);
        assert_same_findings(&a, &b);
        assert_true(a.count >= expected[i]);
        if (!expected[i])
            assert_int_equal(a.count, 0);
        if (i == 0) {
            assert_string_equal(a.items[0].file, "consultations/parks/index.md");
            assert_int_equal(a.items[0].line, 4);
            assert_string_equal(a.items[0].rule->id, "html-misnested");
        }
        if (i == 2)
            assert_string_equal(a.items[0].rule->id, "html-unknown-element");
        if (i == 3)
            assert_string_equal(a.items[0].rule->id, "html-duplicate-id");
        findings_free(&a);
        findings_free(&b);
        free(pages[i]);
    }
    html_validator_free(pieces);
    html_validator_free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_links_do_not_change_the_keys),
        cmocka_unit_test(test_what_tidy_judges_changes_the_keys),
        cmocka_unit_test(test_ids_keep_their_pattern),
        cmocka_unit_test(test_ids_in_both_pieces_are_seen),
        cmocka_unit_test(test_pages_not_in_the_theme_shape_are_not_cut),
        cmocka_unit_test(test_verdicts_are_kept_per_key),
        cmocka_unit_test(test_pages_with_the_same_content_share_one_tidy_run),
        cmocka_unit_test(test_faults_are_found_and_placed_as_whole_pages_place_them),
    };
    return cmocka_run_group_tests_name("html_pieces", tests, NULL, NULL);
}
