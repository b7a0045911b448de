/* test_easy_read.c: the easy-read rules on the markup the renderer makes. */
#include "testutil.h"
#include "writing_dom.h"
#include "easy_read_rules.h"
#include "util.h"

#define ROW(line, alt, words) \
    "<div class=\"easy-row\" data-sourcepos=\"" #line ":1-" #line ":60\">" \
    "<div class=\"easy-picture\"><img src=\"../../../pictures/meeting.svg\" alt=\"" alt "\"></div>" \
    "<div class=\"easy-words\"><p>" words "</p></div></div>\n"

static void check_html(Checked *c, const char *html)
{
    check_main(c, html, easy_read_check);
}

static void test_good_page_passes(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main id=\"main\"><h1>Changes to buses</h1>"
        "<section class=\"easy-section\"><h2>About this consultation</h2>"
        ROW(5, "Two people talking", "We want to hear what you think.")
        ROW(7, "A bus", "We want to change some bus times.\nThis is called a consultation.")
        "</section>"
        "<dl class=\"glossary\" data-sourcepos=\"20:1-23:3\"><dt>consultation</dt>"
        "<dd>When we ask people what they think.</dd></dl></main>");
    if (c.list.count)
        dump_findings(&c.list);
    assert_int_equal(c.list.count, 0);
    assert_int_equal(c.scores.sentences, 4);
    assert_int_equal(c.scores.words, 26);
    done(&c);
}

static void test_bad_rows(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><section class=\"easy-section\"><h2>Buses</h2>"
        /* Line 5: one 19-word sentence. */
        ROW(5, "A bus", "We want to know if the new bus times are better for you and for "
                        "your family and friends.")
        /* Line 7: no picture. */
        "<div class=\"easy-row easy-row-no-picture\" data-sourcepos=\"7:1-7:30\">"
        "<div class=\"easy-words\"><p>You can tell us on the phone.</p></div></div>"
        /* Line 9: empty text alternative; line 11: none at all. */
        ROW(9, " ", "You can write to us.")
        "<div class=\"easy-row\" data-sourcepos=\"11:1-11:30\"><div class=\"easy-picture\">"
        "<img src=\"letter.png\"></div><div class=\"easy-words\"><p>Send a letter.</p></div></div>"
        /* Line 13: four sentences over two lines. */
        ROW(13, "A calendar", "The bus will come at 8. It will come at 9.\nIt will come at 10. "
                              "It will stop at 6.")
        "</section></main>");
    assert_int_equal(count_rule(&c.list, "easy-sentence-long", 5), 1);
    assert_string_equal(first_of(&c.list, "easy-sentence-long")->message,
        "This sentence has 19 words. In easy read keep sentences to 15 words or fewer: split it "
        "into two short sentences.");
    assert_int_equal(count_rule(&c.list, "easy-row-no-picture", 7), 1);
    assert_string_equal(first_of(&c.list, "easy-row-no-picture")->excerpt,
                        "You can tell us on the phone.");
    assert_int_equal(count_rule(&c.list, "easy-picture-no-alt", 9), 1);
    assert_int_equal(count_rule(&c.list, "easy-picture-no-alt", 11), 1);
    assert_int_equal(first_of(&c.list, "easy-picture-no-alt")->level, LEVEL_ERROR);
    assert_int_equal(count_rule(&c.list, "easy-row-ideas", 13), 1);
    assert_string_equal(first_of(&c.list, "easy-row-ideas")->message,
        "This row has 4 sentences. Keep to one idea in each row, in 3 sentences or fewer: give "
        "the next idea its own paragraph and picture.");
    assert_string_equal(first_of(&c.list, "easy-row-ideas")->excerpt, "The bus will come at 8.");
    assert_int_equal(c.list.count, 5);
    done(&c);
}

static void test_hard_words_and_the_glossary(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><h1>Consultation about transport</h1><section class=\"easy-section\">"
        ROW(3, "A form", "We will utilise your ideas.")
        ROW(5, "A map", "Tell us in order to help.\nIt is about accessibility in Merseyside.")
        ROW(7, "A bus", "There are consultations every year. Information is on our website.")
        ROW(9, "A person", "Accessibility matters to us.")
        ROW(11, "A computer", "Go to https://northbridge.example/consultations or email haveyoursay@northbridge.example.")
        "</section><dl class=\"glossary\"><dt>Consultation</dt><dd>When we ask you.</dd>"
        "<dt>bus lane</dt><dd>A road just for buses.</dd></dl></main>");
    /* utilise (line 3), in order to (line 5), accessibility (line 6, the
     * paragraph's second line, once per page).  "Consultation" and its
     * plural are in the glossary; "Information" is a common long word;
     * "Merseyside" is a name; web and email addresses are not words. */
    assert_int_equal(count_rule(&c.list, "easy-hard-word", 3), 1);
    assert_int_equal(count_rule(&c.list, "easy-hard-word", 5), 1);
    assert_int_equal(count_rule(&c.list, "easy-hard-word", 6), 1);
    assert_int_equal(count_rule(&c.list, "easy-hard-word", 0), 3);
    const Finding *f = first_of(&c.list, "easy-hard-word");
    assert_string_equal(f->message,
        "\"utilise\" is a hard word. Use \"use\" instead, or explain it in the page's glossary "
        "(a ```glossary block with a line \"utilise: what it means\").");
    assert_string_equal(f->excerpt, "utilise");
    bool long_word = false;
    for (size_t i = 0; i < c.list.count; i++)
        long_word |= c.list.items[i].line == 6 &&
            strcmp(c.list.items[i].message, "\"accessibility\" is a long word that many readers find "
                   "hard. Use a shorter word, or explain it in the page's glossary (a ```glossary "
                   "block with a line \"accessibility: what it means\").") == 0;
    assert_true(long_word);
    /* "Consultation" is used (as "consultations"); "bus lane" never is. */
    assert_int_equal(count_rule(&c.list, "easy-glossary-unused", 0), 1);
    assert_string_equal(first_of(&c.list, "easy-glossary-unused")->message,
        "The glossary explains \"bus lane\", but the page does not use it. Use the word where it helps, "
        "or take it out of the glossary.");
    assert_int_equal(c.list.count, 4);
    done(&c);
}

static void test_too_many_rows_for_24_pages(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "<main><section class=\"easy-section\">");
    for (int i = 1; i <= 121; i++)
        sb_printf(&sb, "<div class=\"easy-row\" data-sourcepos=\"%d:1-%d:9\"><div class=\"easy-picture\">"
                       "<img src=\"a.svg\" alt=\"A bus\"></div><div class=\"easy-words\"><p>Row %d.</p>"
                       "</div></div>\n", i * 2, i * 2, i);
    sb_append(&sb, "</section></main>");
    Checked c;
    check_html(&c, sb.data);
    assert_int_equal(c.list.count, 1);
    assert_int_equal(count_rule(&c.list, "easy-too-long", 242), 1);
    assert_string_equal(c.list.items[0].message,
        "This easy-read document would print on about 25 A4 pages (5 rows to a page), and page 25 "
        "starts here. Keep easy-read documents to 24 pages or fewer: split it into parts, or leave "
        "out what people do not need to know.");
    done(&c);

    /* 120 rows fit in 24 pages. */
    char *cut = strstr(sb.data, "<div class=\"easy-row\" data-sourcepos=\"242:");
    assert_non_null(cut);
    strcpy(cut, "</section></main>");
    check_html(&c, sb.data);
    assert_int_equal(c.list.count, 0);
    done(&c);
    sb_free(&sb);
}

static void test_rule_list(void **state)
{
    (void)state;
    size_t n;
    const Rule *const *rules = easy_read_rules(&n);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rules[i]->category, "easy-read");
}

/* Welsh mutates a word's first sound after some words: "am gyfieithydd",
 * "fy nghyfieithydd", "ei chyfieithydd" all use the glossary's
 * "cyfieithydd".  English has no mutations: "ben" does not use "pen". */
static void test_glossary_use_knows_welsh_mutations(void **state)
{
    (void)state;
    static const char *const uses[] = {"Gallwch chi ofyn am gyfieithydd.", "Dyma fy nghyfieithydd.",
                                       "Dyma ei chyfieithydd hi."};
    for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++) {
        char html[1024];
        snprintf(html, sizeof html,
            "<html lang=\"cy\"><body><main><h1>Bysiau</h1><section class=\"easy-section\"><h2>Cyfarfod</h2>"
            ROW(5, "Dwy law yn arwyddo", "%s")
            "</section><dl class=\"glossary\"><dt>cyfieithydd</dt><dd>person sy'n arwyddo</dd></dl>"
            "</main></body></html>", uses[i]);
        Checked c;
        check_html(&c, html);
        if (count_rule(&c.list, "easy-glossary-unused", 0))
            fail_msg("\"%s\" should use the glossary's \"cyfieithydd\"", uses[i]);
        done(&c);
    }
    Checked c;
    check_html(&c,
        "<html lang=\"en-GB\"><body><main><h1>Letters</h1><section class=\"easy-section\"><h2>Write</h2>"
        ROW(5, "A pen", "Ben writes a letter.")
        "</section><dl class=\"glossary\"><dt>pen</dt><dd>a thing to write with</dd></dl></main></body></html>");
    assert_int_equal(count_rule(&c.list, "easy-glossary-unused", 0), 1);
    done(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_page_passes),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_hard_words_and_the_glossary),
        cmocka_unit_test(test_glossary_use_knows_welsh_mutations),
        cmocka_unit_test(test_too_many_rows_for_24_pages),
        cmocka_unit_test(test_rule_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
