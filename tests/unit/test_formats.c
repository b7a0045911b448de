/* test_formats.c: every reader has a way in (issue 15 points 4, 5, 7, 10).
 *
 * Each test builds a small site with the sayso binary (SAYSO_BIN, as in
 * test_build.c) and reads the pages it wrote: the hub, pages/ and comment
 * cards in easy read and large print; a way to ask for each attached
 * document in another format; easy read that says how to take part; tables
 * that scroll in their own box; and the review report kept for reviewers.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *args, char **output)
{
    return sayso_run(args, output);
}

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Fails with the page's text when it lacks what it should have. */
#define assert_has(page, text) \
    do { if (!strstr((page), (text))) fail_msg("expected %s in the page", (text)); } while (0)
#define assert_lacks(page, text) \
    do { if (strstr((page), (text))) fail_msg("did not expect %s in the page", (text)); } while (0)

static const char pack[] =
    "---\n"
    "title: A new play park for Testbury\n"
    "summary: We want to build a play park. Tell us what you think.\n"
    "opens: 2026-11-01\n"
    "closes: 2026-12-20\n"
    "respond:\n"
    "  online: https://forms.testbury.example/park\n"
    "  email: park@testbury.example\n"
    "  phone: 01632 960 111\n"
    "  post: Park Team, Testbury Town Hall, TB1 1AA\n"
    "  events:\n"
    "    - date: 2026-12-05\n"
    "      place: Testbury Library\n"
    "      access: Step-free entrance and a hearing loop\n"
    "---\n"
    "\n"
    "## Opening times\n"
    "\n"
    "| Day | Opens | Closes |\n"
    "|---|---|---|\n"
    "| Monday | 8am | 8pm |\n"
    "\n"
    "Read the [full plan](plan.pdf).\n";

static const char easy_read[] =
    "# A new play park\n"
    "\n"
    "![A park](picture:park) We want to build a play park with swings.\n"
    "\n"
    "![A child](picture:child) The swings are for children.\n"
    "\n"
    "![A park](picture:park) The old swingset will go.\n"
    "\n"
    "```glossary\n"
    "swings: seats that hang from ropes\n"
    "zebra: a horse with stripes\n"
    "```\n";

static int setup(void **state)
{
    (void)state;
    if (!tmp_root_make("formats"))
        return -1;
    put("site/site.yml", "title: Have your say in Testbury\norganisation: Testbury Council\n"
                         "contact:\n  email: ask@testbury.example\n  phone: 01632 960 000\n");
    put("site/consultations/play-park/index.md", pack);
    put("site/consultations/play-park/easy-read.md", easy_read);
    put("site/consultations/play-park/plan.pdf", "%PDF-1.4 a tiny test file\n");
    put("site/pages/about.md", "---\ntitle: About\n---\n\nThis site is for testing.\n");
    put("site/pages/help.md", "---\ntitle: Help\n---\n\nAsk us for help.\n");
    put("site/pages/about.easy-read.md", "# About this website\n\n"
                                         "![A computer](picture:computer) This website is about our plans.\n");
    return 0;
}

static char *build(const char *out)
{
    char *args = xasprintf("build site -o %s --now 2026-11-23", out);
    char *log;
    int rc = run(args, &log);
    free(args);
    if (rc != 0)
        fail_msg("build failed (%d):\n%s", rc, log);
    return log;
}

/* Point 7: a table scrolls inside a box a keyboard can reach and a screen
 * reader can name, never the page. */
static void test_tables_scroll_in_their_own_named_box(void **state)
{
    (void)state;
    free(build("out"));
    char *page = slurp("out/consultations/play-park/index.html");
    assert_has(page, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
                     "aria-label=\"Table: Opening times\"><table>");
    free(page);
    char *large = slurp("out/consultations/play-park/large-print/index.html");
    assert_has(large, "class=\"table-scroll\"");
    free(large);
}

/* Point 5: the hub in easy read and large print, each leading to the
 * consultations in its own format, and linked from the plain hub. */
static void test_hub_in_every_format(void **state)
{
    (void)state;
    free(build("out"));
    char *plain = slurp("out/index.html");
    assert_has(plain, "rel=\"alternate\" href=\"easy-read/\"");
    assert_has(plain, "rel=\"alternate\" href=\"large-print/\"");
    free(plain);
    char *easy = slurp("out/easy-read/index.html");
    assert_has(easy, "class=\"format-easy-read kind-hub\"");
    assert_has(easy, "href=\"../consultations/play-park/easy-read/\"");
    assert_has(easy, "src=\"../pictures/people.svg\"");
    free(easy);
    char *large = slurp("out/large-print/index.html");
    assert_has(large, "class=\"format-large-print kind-hub\"");
    assert_has(large, "href=\"../consultations/play-park/large-print/\"");
    free(large);
}

/* Point 5: pages/ in large print always, in easy read from
 * pages/SLUG.easy-read.md, and no easy-read link where there is none. */
static void test_pages_in_every_format(void **state)
{
    (void)state;
    free(build("out"));
    assert_true(exists("out/pages/about/large-print/index.html"));
    assert_true(exists("out/pages/help/large-print/index.html"));
    char *easy = slurp("out/pages/about/easy-read/index.html");
    assert_has(easy, "<h1>About this website</h1>");
    assert_has(easy, "class=\"easy-row\"");
    free(easy);
    assert_false(exists("out/pages/help/easy-read/index.html"));
    char *help = slurp("out/pages/help/index.html");
    assert_lacks(help, "pages/help/easy-read/");
    assert_has(help, "href=\"../../pages/help/large-print/\"");
    free(help);
}

/* Point 5: comment cards in easy read and large print, linked from the
 * page of the same format. */
static void test_comment_cards_in_every_format(void **state)
{
    (void)state;
    free(build("out"));
    char *easy = slurp("out/consultations/play-park/comment-card/easy-read/index.html");
    assert_has(easy, "class=\"format-easy-read kind-comment-card\"");
    assert_has(easy, "Print this card. Write on it.");
    free(easy);
    assert_true(exists("out/consultations/play-park/comment-card/large-print/index.html"));
    char *page = slurp("out/consultations/play-park/easy-read/index.html");
    assert_has(page, "consultations/play-park/comment-card/easy-read/");
    free(page);
}

/* Point 5: an attached document gets its own "ask for another format"
 * link, naming it. */
static void test_each_document_can_be_asked_for_in_another_format(void **state)
{
    (void)state;
    free(build("out"));
    char *page = slurp("out/consultations/play-park/index.html");
    assert_has(page, "<p class=\"document-ask\"><a href=\"mailto:ask@testbury.example?subject=Another%20format"
                     "%3A%20full%20plan%20%28A%20new%20play%20park%20for%20Testbury%29\">"
                     "Ask for \u201cfull plan\u201d in another format</a>");
    free(page);
}

/* Point 4: every way to respond, each with its picture; the closing date once. */
static void test_easy_read_says_how_to_take_part(void **state)
{
    (void)state;
    free(build("out"));
    char *page = slurp("out/consultations/play-park/easy-read/index.html");
    assert_has(page, "<h2 id=\"easy-respond-heading\">How to tell us what you think</h2>");
    assert_has(page, "pictures/computer.svg");
    assert_has(page, "href=\"https://forms.testbury.example/park\"");
    assert_has(page, "pictures/email.svg");
    assert_has(page, ">park@testbury.example</a>");
    assert_has(page, ">01632 960 111</a>");
    assert_has(page, "pictures/letter.svg");
    assert_has(page, "Park Team, Testbury Town Hall, TB1 1AA");
    assert_has(page, "pictures/meeting.svg");
    assert_has(page, "Come and talk to us on <strong>Saturday 5 December 2026</strong>");
    assert_has(page, "The place is <span>Testbury Library</span>");
    assert_has(page, "Step-free entrance and a hearing loop");
    assert_int_equal(count_of(page, "20 December 2026"), 1);
    /* Another format, in easy-read words with pictures. */
    assert_has(page, "Get this in another way");
    assert_has(page, "pictures/braille.svg");
    assert_lacks(page, "We can give you this information as audio");
    free(page);
}

/* How to get in and how to book are ideas of their own, so each has its own
 * row and picture; and a message about the writer's words names the line
 * of index.md they came from, not the theme's template. */
static void test_easy_read_event_rows_and_their_lines(void **state)
{
    (void)state;
    put("site/consultations/play-park/index.md",
        "---\n"
        "title: A new play park for Testbury\n"
        "summary: We want to build a play park. Tell us what you think.\n"
        "opens: 2026-11-01\n"
        "closes: 2026-12-20\n"
        "respond:\n"
        "  email: park@testbury.example\n"
        "  events:\n"
        "    - date: 2026-12-05\n"
        "      place: Testbury Library\n"
        "      access: Step-free. Hearing loop at the desk. Quiet room.\n"
        "      booking: Phone 01632 960 111 to book a place.\n"
        "    - date: 2026-12-12\n"
        "      place: Testbury Town Hall\n"
        "      access: There is a step-free way in from the car park behind the hall for anyone who needs it.\n"
        "---\n"
        "\n"
        "## What this is about\n"
        "\n"
        "A play park.\n");
    char *log = build("out");
    char *page = slurp("out/consultations/play-park/easy-read/index.html");
    /* Three rows for the first event: where and when, the way in, booking. */
    assert_int_equal(count_of(page, "pictures/meeting.svg"), 2);
    assert_int_equal(count_of(page, "pictures/wheelchair.svg\" alt=\"A wheelchair user\""), 2);
    assert_int_equal(count_of(page, "pictures/calendar.svg\" alt=\"A calendar\""), 2);   /* closing date, booking */
    assert_has(page, "<p>Phone 01632 960 111 to book a place.</p>");
    /* Three short sentences about the way in are one row of three: no warning. */
    assert_lacks(log, "easy-row-ideas");
    /* The long sentence is the writer's, on line 15 of index.md. */
    assert_has(log, "consultations/play-park/index.md:15: warning: This sentence has 18 words.");
    free(page);
    free(log);
}

/* A pack without easy-read.md still has an easy-read page, and it says
 * there is no easy-read version yet and how to ask for one: in English,
 * and in a translation that has none in its own language. */
static void test_easy_read_page_without_easy_read_says_so(void **state)
{
    (void)state;
    put("site/site.yml", "title: Have your say in Testbury\norganisation: Testbury Council\n"
                         "languages: [en-GB, cy]\n"
                         "contact:\n  email: ask@testbury.example\n  phone: 01632 960 000\n");
    put("site/consultations/bins/index.md",
        "---\ntitle: Bin days\nsummary: We want to change bin days. Tell us what you think.\n"
        "opens: 2026-11-01\ncloses: 2026-12-20\n---\n\n## What this is about\n\nBin days.\n");
    put("site/consultations/bins/index.cy.md",
        "---\ntitle: Diwrnodau biniau\nsummary: Rydym eisiau newid diwrnodau biniau.\n---\n\n"
        "## Am beth mae hyn\n\nDiwrnodau biniau.\n");
    free(build("out"));
    char *easy = slurp("out/consultations/bins/easy-read/index.html");
    assert_has(easy, "<p>We have not made an easy read version of this yet.</p><p>You can ask us for one.</p>");
    free(easy);
    char *welsh = slurp("out/consultations/bins/cy/easy-read/index.html");
    assert_has(welsh, "class=\"easy-missing\"");
    assert_lacks(welsh, "We have not made an easy read version");   /* said in Welsh */
    free(welsh);
    /* A pack with easy read says nothing of the kind. */
    char *park = slurp("out/consultations/play-park/easy-read/index.html");
    assert_lacks(park, "easy-missing");
    free(park);
}

/* Point 4: the glossary has a heading and picture, its words are marked
 * where used, and an entry the page never uses is a warning at its line. */
static void test_easy_read_glossary(void **state)
{
    (void)state;
    char *log = build("out");
    if (!strstr(log, "consultations/play-park/easy-read.md:9: warning: The glossary explains \"zebra\", "
                     "but the page does not use it"))
        fail_msg("no warning about the unused glossary entry:\n%s", log);
    assert_lacks(log, "explains \"swings\"");
    free(log);
    char *page = slurp("out/consultations/play-park/easy-read/index.html");
    assert_has(page, "<h2 id=\"glossary-heading\">What the words mean</h2>");
    assert_has(page, "pictures/book.svg");
    assert_has(page, "<a href=\"#glossary-swings\" class=\"glossary-word\"><strong>swings</strong></a>");
    assert_has(page, "<strong class=\"glossary-word\">swings</strong>");
    assert_has(page, "<dt id=\"glossary-swings\">swings</dt>");
    /* A longer word that starts with the term is another word (and
     * looking for its ending once read past the list of endings). */
    assert_has(page, "The old swingset will go.");
    free(page);
}

/* Point 10: the review report is for reviewers, linked from the public
 * footer only when site.yml asks; its chart has a caption. */
static void test_report_is_for_reviewers(void **state)
{
    (void)state;
    free(build("out"));
    char *hub = slurp("out/index.html");
    assert_lacks(hub, "href=\"report/\"");
    free(hub);
    char *report = slurp("out/report/play-park/index.html");
    assert_has(report, "<figcaption>Reading age of A new play park for Testbury, in years, by format");
    /* Each format's own words, side by side. */
    assert_has(report, "<caption>What each format of A new play park for Testbury says first</caption>");
    assert_has(report, "<td data-format=\"Easy read\"><p>You can tell us what you think until Sunday 20 December 2026.</p>");
    assert_has(report, "<p>We want to build a play park with swings.</p>");
    assert_has(report, "<td data-format=\"Plain English\"><p>We want to build a play park. Tell us what you think.</p>");
    free(report);

    put("site/site.yml", "title: Have your say in Testbury\norganisation: Testbury Council\n"
                         "report_in_footer: true\n"
                         "contact:\n  email: ask@testbury.example\n  phone: 01632 960 000\n");
    free(build("out2"));
    hub = slurp("out2/index.html");
    assert_has(hub, "<a href=\"report/\">Accessibility review report</a>");
    free(hub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tables_scroll_in_their_own_named_box, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_hub_in_every_format, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_pages_in_every_format, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_comment_cards_in_every_format, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_each_document_can_be_asked_for_in_another_format, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_easy_read_says_how_to_take_part, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_easy_read_event_rows_and_their_lines, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_easy_read_page_without_easy_read_says_so, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_easy_read_glossary, setup, remove_tmp_root),
        cmocka_unit_test_setup_teardown(test_report_is_for_reviewers, setup, remove_tmp_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
