/* test_plain_english.c: the plain-English rules on good and bad pages. */
#include "testutil.h"
#include "writing_dom.h"
#include "plain_english.h"

/* 28 words. */
#define LONG_28 "We would like to know which of the three new timetables would suit you best, " \
                "and whether the first bus in the morning leaves early enough for work."
/* 40 words. */
#define LONG_40 "Over the last year we have spoken to drivers, parents, older residents, shop " \
                "owners, head teachers and people who use wheelchairs about when and where the " \
                "buses should run, and what would make each journey safer and easier for them."

static void check_html(Checked *c, const char *html)
{
    check_main(c, html, plain_english_check);
}

static void test_clean_page_has_no_findings(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main id=\"main\"><h1>Changes to bus routes</h1>"
        "<p data-sourcepos=\"3:1-4:20\">We want to hear what you think about the new routes.\n"
        "Tell us by 5 June. You can write, phone or come to a drop-in session.</p>"
        "<ul data-sourcepos=\"6:1-7:12\"><li data-sourcepos=\"6:1-6:20\">Route 12 will run later</li>"
        "<li data-sourcepos=\"7:1-7:12\">Route 14 will stop at the new hospital</li></ul></main>");
    if (c.list.count)
        dump_findings(&c.list);
    assert_int_equal(c.list.count, 0);
    assert_int_equal(c.scores.sentences, 5);
    done(&c);
}

static void test_long_sentence_warns_and_very_long_is_an_error(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><p data-sourcepos=\"3:1-3:200\">" LONG_28 "</p>\n"
        "<p data-sourcepos=\"5:1-7:60\">We asked people.\nOver the last year we have spoken to drivers, "
        "parents, older residents, shop\nowners, head teachers and people who use wheelchairs about "
        "when and where the buses should run, and what would make each journey safer and easier "
        "for them.</p></main>");
    assert_int_equal(count_rule(&c.list, "sentence-long", 3), 1);
    const Finding *f = first_of(&c.list, "sentence-long");
    assert_string_equal(f->file, "index.md");
    assert_int_equal(f->level, LEVEL_WARNING);
    assert_string_equal(f->message, "This sentence has 28 words. Sentences of 25 words or fewer are "
                                    "easier to read: split it in two, or take out words it does not need.");
    assert_true(strncmp(f->excerpt, "We would like to know", 21) == 0);

    /* The 40-word sentence starts on the second line of its paragraph,
     * and is reported once, as the error. */
    assert_int_equal(count_rule(&c.list, "sentence-very-long", 6), 1);
    assert_int_equal(count_rule(&c.list, "sentence-very-long", 0), 1);
    assert_int_equal(count_rule(&c.list, "sentence-long", 0), 1);
    f = first_of(&c.list, "sentence-very-long");
    assert_int_equal(f->level, LEVEL_ERROR);
    assert_string_equal(f->message, "This sentence has 40 words. Most readers lose track of a sentence "
                                    "longer than 35 words: split it into sentences of 25 words or fewer.");
    assert_true(strncmp(f->excerpt, "Over the last year", 18) == 0);
    done(&c);
}

static void test_headings_do_not_count_for_sentence_length(void **state)
{
    (void)state;
    Checked c;
    check_html(&c, "<main><h2 data-sourcepos=\"1:1-1:300\">" LONG_40 "</h2></main>");
    assert_int_equal(count_rule(&c.list, "sentence-very-long", 0), 0);
    assert_int_equal(c.scores.words, 0);
    done(&c);
}

static void test_paragraph_of_six_sentences(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><p data-sourcepos=\"2:1-2:80\">Buses run late. Some stop early. Fares went up. "
        "Routes changed. People told us. We listened.</p>"
        "<p data-sourcepos=\"4:1-4:80\">Buses run late. Some stop early. Fares went up. "
        "Routes changed. People told us.</p></main>");
    assert_int_equal(count_rule(&c.list, "paragraph-long", 2), 1);
    assert_int_equal(count_rule(&c.list, "paragraph-long", 0), 1);
    assert_string_equal(first_of(&c.list, "paragraph-long")->message,
        "This paragraph has 6 sentences. Keep paragraphs to 5 sentences or fewer: start a new "
        "paragraph where the subject changes.");
    done(&c);
}

static void test_passive_voice(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main>"
        "<p data-sourcepos=\"1:1-1:9\">The plan was approved by the cabinet.</p>"
        "<p data-sourcepos=\"2:1-2:9\">The report will be quickly written.</p>"
        "<p data-sourcepos=\"3:1-3:9\">The changes have been agreed.</p>"
        "<p data-sourcepos=\"4:1-4:9\">We are interested in your views.</p>"
        "<p data-sourcepos=\"5:1-5:9\">The library is closed on Sundays.</p>"
        "<p data-sourcepos=\"6:1-6:9\">We need your help. The hall is a good size.</p>"
        "<p data-sourcepos=\"7:1-7:9\">The decision is not yet made.</p>"
        "<p data-sourcepos=\"8:1-8:9\">Progress is: Done. It was, finished or not, ours.</p>"
        "</main>");
    assert_int_equal(count_rule(&c.list, "passive-voice", 1), 1);
    assert_int_equal(count_rule(&c.list, "passive-voice", 2), 1);
    assert_int_equal(count_rule(&c.list, "passive-voice", 3), 1);
    assert_int_equal(count_rule(&c.list, "passive-voice", 7), 1);   /* two fillers: "not yet" */
    assert_int_equal(count_rule(&c.list, "passive-voice", 8), 0);   /* punctuation between */
    assert_int_equal(count_rule(&c.list, "passive-voice", 0), 4);
    const Finding *f = first_of(&c.list, "passive-voice");
    assert_int_equal(f->level, LEVEL_NOTICE);
    assert_string_equal(f->message, "\"was approved\" may be passive. Say who does what: \"we will "
                                    "decide\" is clearer than \"it will be decided\".");
    assert_string_equal(f->excerpt, "The plan was approved by the cabinet.");
    assert_string_equal(c.list.items[1].message, "\"be quickly written\" may be passive. Say who does "
                        "what: \"we will decide\" is clearer than \"it will be decided\".");
    done(&c);
}

static void test_plain_words_with_inflections_and_phrases(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><h2 data-sourcepos=\"1:1-1:30\">Additional information</h2>"
        "<p data-sourcepos=\"3:1-4:40\">We will utilise the hall in order to\ncommence the work.</p>"
        "<p data-sourcepos=\"6:1-6:40\">We utilised it before. Commencing soon. Utilising it again.</p>"
        "<p data-sourcepos=\"8:1-8:40\">In addition, to help you, we will call.</p>"
        "<p data-sourcepos=\"9:1-9:40\">We will use the hall to start the work.</p></main>");
    assert_int_equal(count_rule(&c.list, "plain-words", 1), 1);
    assert_string_equal(first_of(&c.list, "plain-words")->message,
                        "Use a plainer word: write \"extra, more\" instead of \"Additional\".");
    /* Line 3: utilise and in order to; line 4 (the paragraph's 2nd line): commence. */
    assert_int_equal(count_rule(&c.list, "plain-words", 3), 2);
    assert_int_equal(count_rule(&c.list, "plain-words", 4), 1);
    bool saw_phrase = false;
    for (size_t i = 0; i < c.list.count; i++)
        if (strcmp(c.list.items[i].message,
                   "Use a plainer word: write \"to\" instead of \"in order to\".") == 0)
            saw_phrase = c.list.items[i].line == 3;
    assert_true(saw_phrase);
    /* Once per entry per block: "utilised" and "Utilising" are one finding. */
    assert_int_equal(count_rule(&c.list, "plain-words", 6), 2);
    /* "In addition," is "in addition" (also), not "in addition to". */
    assert_int_equal(count_rule(&c.list, "plain-words", 8), 1);
    bool also = false;
    for (size_t i = 0; i < c.list.count; i++)
        also |= c.list.items[i].line == 8 &&
                strstr(c.list.items[i].message, "\"also\" instead of \"In addition\"") != NULL;
    assert_true(also);
    assert_int_equal(count_rule(&c.list, "plain-words", 9), 0);
    done(&c);
}

static void test_acronyms(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><h1>Transport for the SEND service</h1>"
        "<p data-sourcepos=\"3:1-3:50\">Special educational needs and disabilities (SEND) support "
        "is changing. SEND transport will change too.</p>"
        "<p data-sourcepos=\"5:1-5:50\">The ICB (integrated care board) agreed. Ask your GP, "
        "the NHS or your local MPs. See Part II and the UK plan.</p>"
        "<p data-sourcepos=\"7:1-7:50\">The <abbr title=\"Clinical Commissioning Group\">CCG</abbr> "
        "closed. The CCG's work moved.</p>"
        "<p data-sourcepos=\"9:1-9:50\">The DfT wrote to the LTA and the LTA replied. "
        "COVID-19 and NHS-funded care.</p>"
        "</main>");
    /* SEND's first use is the heading, unexplained: reported there (the
     * heading has no data-sourcepos, so at its HTML line). */
    assert_int_equal(count_rule(&c.list, "acronym-unexplained", 0), 2);
    assert_int_equal(count_rule(&c.list, "acronym-unexplained", 9), 1);
    const Finding *f = first_of(&c.list, "acronym-unexplained");
    assert_string_equal(f->file, "page.html");
    assert_string_equal(f->excerpt, "SEND");
    assert_string_equal(f->message,
        "Spell out \"SEND\" the first time it is used on the page: write the words in full with "
        "the letters after them in brackets, for example \"Full Name (SEND)\", or mark it up as "
        "<abbr title=\"Full Name\">SEND</abbr>.");
    done(&c);
    /* "DfT" has a lower-case letter: not an acronym by this rule.  "LTA"
     * is unexplained, and reported once however often it is used. */
    check_html(&c,
        "<main><p data-sourcepos=\"9:1-9:50\">The DfT wrote to the LTA and the LTA replied.</p></main>");
    assert_int_equal(count_rule(&c.list, "acronym-unexplained", 9), 1);
    assert_int_equal(c.list.count, 1);
    done(&c);
}

static void test_capitals_run(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><p data-sourcepos=\"2:1-2:50\">PLEASE READ THIS CAREFULLY before you reply.</p>"
        "<p data-sourcepos=\"3:1-3:50\">Call NHS 111 or the BBC TV line.</p></main>");
    assert_int_equal(count_rule(&c.list, "capitals-run", 2), 1);
    assert_int_equal(c.list.count, 1);      /* no acronym findings for the shouted words */
    assert_string_equal(c.list.items[0].excerpt, "PLEASE READ THIS CAREFULLY");
    done(&c);
}

static void test_code_other_languages_and_hidden_text_are_skipped(void **state)
{
    (void)state;
    Checked c;
    check_html(&c,
        "<main><p data-sourcepos=\"1:1-1:9\">Type <code>UTILISE THE FORCE NOW</code> in the box.</p>"
        "<pre><code>COMMENCE AT ONCE</code></pre>"
        "<p lang=\"cy\" data-sourcepos=\"3:1-3:9\">Rydym eisiau clywed eich barn am y CBS.</p>"
        "<p hidden data-sourcepos=\"4:1-4:9\">We will utilise it.</p>"
        "<script>var X = 'COMMENCE THE THING';</script></main>");
    if (c.list.count)
        dump_findings(&c.list);
    assert_int_equal(c.list.count, 0);
    assert_int_equal(c.scores.words, 4);   /* "Type in the box": the code is left out */
    done(&c);
}

static FindingLevel no_plain_words(void *data, const Rule *rule, const char *file, const char **reason)
{
    (void)data;
    (void)file;
    (void)reason;
    return strcmp(rule->id, "plain-words") == 0 ? LEVEL_OFF : rule->level;
}

static void test_rule_turned_off_keeps_other_excerpts(void **state)
{
    (void)state;
    htmlDocPtr doc = parse_page("<main><p data-sourcepos=\"1:1-1:9\">THE BIG RED bus. We will "
                                "utilise it.</p></main>");
    FindingList list;
    locating_list(&list);
    list.policy = no_plain_words;
    plain_english_check(find_element(xmlDocGetRootElement(doc), "main"), &list, NULL);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].rule->id, "capitals-run");
    assert_string_equal(list.items[0].excerpt, "THE BIG RED");
    findings_free(&list);
    xmlFreeDoc(doc);
}

static void test_without_a_locator_lines_are_html_lines(void **state)
{
    (void)state;
    htmlDocPtr doc = parse_page("<html><body>\n<main>\n<p>Hello.</p>\n<p>We will\nutilise it.</p>\n"
                                "</main></body></html>");
    FindingList list;
    findings_init(&list, "page.html");
    plain_english_check(find_element(xmlDocGetRootElement(doc), "main"), &list, NULL);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].file, "page.html");
    assert_int_equal(list.items[0].line, 5);   /* "utilise" is on the paragraph's 2nd line */
    findings_free(&list);
    xmlFreeDoc(doc);
}

/* Measuring without the rules (large print) gives the scores checking does. */
static void test_measure_gives_the_scores_check_gives(void **state)
{
    (void)state;
    Checked c;
    check_html(&c, "<main><h1>Buses in the evening</h1><p>" LONG_28 " " LONG_40 "</p>"
                   "<dl><dt>Timetable</dt><dd>When the buses run.</dd></dl>"
                   "<ul><li>We will utilise the NHS car park.</li><li>It was decided by us.</li></ul>"
                   "<p lang=\"cy\">Bore da.</p><pre>code here</pre></main>");
    assert_true(c.scores.words > 60);
    ReadingScores measured = {0};
    plain_english_measure(find_element(xmlDocGetRootElement(c.doc), "main"), &measured);
    assert_int_equal(measured.words, c.scores.words);
    assert_int_equal(measured.sentences, c.scores.sentences);
    assert_int_equal(measured.syllables, c.scores.syllables);
    done(&c);
}

static void test_rule_list(void **state)
{
    (void)state;
    size_t n;
    const Rule *const *rules = plain_english_rules(&n);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rules[i]->category, "plain");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_page_has_no_findings),
        cmocka_unit_test(test_long_sentence_warns_and_very_long_is_an_error),
        cmocka_unit_test(test_headings_do_not_count_for_sentence_length),
        cmocka_unit_test(test_paragraph_of_six_sentences),
        cmocka_unit_test(test_passive_voice),
        cmocka_unit_test(test_plain_words_with_inflections_and_phrases),
        cmocka_unit_test(test_acronyms),
        cmocka_unit_test(test_capitals_run),
        cmocka_unit_test(test_code_other_languages_and_hidden_text_are_skipped),
        cmocka_unit_test(test_rule_turned_off_keeps_other_excerpts),
        cmocka_unit_test(test_without_a_locator_lines_are_html_lines),
        cmocka_unit_test(test_measure_gives_the_scores_check_gives),
        cmocka_unit_test(test_rule_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
