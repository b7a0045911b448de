/* test_dates.c: a consultation says only true things at every date.
 *
 * One pack (open 2 November to 14 December 2026, two events, results due
 * 12 weeks after closing) is built at dates before, during and after it
 * closes, and after its results, and every format and the hub are read:
 * feedback while open is not a decision, past events are past, closed
 * consultations invite nobody, and late results say they are late. */
#define TESTUTIL_MESSAGES
#include "testutil.h"
#include "build.h"
#include "date.h"
#include "diag.h"
#include "util.h"
#include "test_serve_http.h"

#include <stdlib.h>
#include <unistd.h>

static const char site_yml[] =
    "title: Millbrook says\n"
    "organisation: Millbrook Council\n"
    "base_url: https://example.org\n"
    "privacy: We keep your card for one year and never publish your name.\n"
    "contact:\n"
    "  email: talk@millbrook.example\n";

/* Line 12 is the first event's date: messages name it. */
static const char index_head[] =
    "---\n"
    "title: Play areas\n"
    "summary: We want to hear what you think about play areas.\n"
    "opens: 2026-11-02\n"
    "closes: 2026-12-14\n"
    "topics: [Parks]\n"
    "respond:\n"
    "  email: play@millbrook.example\n"
    "  events:\n"
    "    - place: Millbrook Library\n"
    "      access: Step-free way in\n"
    "      date: %s\n"
    "      time: 18:00-20:00\n"
    "    - date: 2026-12-10\n"
    "      time: \"10:30\"\n"
    "      place: Park Lane Community Hall\n"
    "%s"
    "---\n"
    "\n"
    "## What this is about\n"
    "\n"
    "We want to make the play areas better.\n";

static const char easy_md[] =
    "# New play areas\n\n![A park](picture:park) We want to make the play areas better.\n";

static const char feedback_csv[] =
    "you_said,we_did,status,reason\n"
    "Put in more swings,We put in four new swings,done,\n";

typedef struct Fixture {
    char *scratch, *site, *out;
} Fixture;

static void write_pack(Fixture *f, const char *first_event_date, const char *extra_front, bool feedback)
{
    char *index = xasprintf(index_head, first_event_date, extra_front);
    assert_true(put_file(f->site, "consultations/play-areas/index.md", index));
    free(index);
    assert_true(put_file(f->site, "consultations/play-areas/easy-read.md", easy_md));
    char *csv = path_join(f->site, "consultations/play-areas/you-said-we-did.csv");
    if (feedback)
        assert_true(write_file(csv, feedback_csv, strlen(feedback_csv)));
    else
        unlink(csv);
    free(csv);
}

static int setup(void **state)
{
    Fixture *f = xcalloc(1, sizeof *f);
    f->scratch = make_scratch_dir("dates");
    f->site = path_join(f->scratch, "site");
    f->out = path_join(f->scratch, "public");
    assert_true(put_file(f->site, "site.yml", site_yml));
    diag_set_verbosity(DIAG_QUIET);
    diag_set_sink(collect_message, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    diag_set_sink(NULL, NULL);
    sl_free(&messages);
    remove_tree(f->scratch);
    free(f->scratch);
    free(f->site);
    free(f->out);
    free(f);
    return 0;
}

static int build_at(Fixture *f, const char *now)
{
    sl_free(&messages);
    messages = (StrList){0};
    diag_reset();
    BuildOptions options = {.source_dir = f->site, .output_dir = f->out, .now = now, .jobs = 1,
                            .no_cache = true};
    BuildResult result = {0};
    return build_site(&options, &result);
}

static char *page(Fixture *f, const char *rel)
{
    char *path = path_join(f->out, rel);
    char *text = read_file(path, NULL);
    free(path);
    assert_non_null(text);
    return text;
}

static bool published(Fixture *f, const char *rel)
{
    char *path = path_join(f->out, rel);
    bool there = file_exists(path) || dir_exists(path);
    free(path);
    return there;
}

static bool said(const char *text)
{
    for (size_t i = 0; i < messages.count; i++)
        if (strstr(messages.items[i], text))
            return true;
    return false;
}

#define PLAIN "consultations/play-areas/index.html"
#define EASY  "consultations/play-areas/easy-read/index.html"
#define LARGE "consultations/play-areas/large-print/index.html"

/* Open, with a feedback CSV and no `results: interim`: a warning naming
 * the CSV, and no page presents the feedback at all. */
static void test_open_feedback_is_held_back(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", true);
    assert_int_equal(build_at(f, "2026-11-25"), 0);
    assert_true(said("consultations/play-areas/you-said-we-did.csv:1: warning: this consultation is still "
                     "open (it closes on Monday 14 December 2026), so this feedback is not published"));
    assert_true(said("add `results: interim` to consultations/play-areas/index.md"));
    assert_false(published(f, "consultations/play-areas/you-said-we-did"));
    const char *const pages[] = {PLAIN, EASY, LARGE, "index.html", NULL};
    for (const char *const *p = pages; *p; p++) {
        char *html = page(f, *p);
        assert_null(strstr(html, "you-said-we-did"));
        assert_null(strstr(html, "You said, we did"));
        assert_null(strstr(html, "Find out what we did"));
        assert_null(strstr(html, "tick.svg"));
        free(html);
    }
}

/* Before it opens, the feedback cannot be people's views at all: the
 * message says so and points at the dates, not at `results: interim`. */
static void test_feedback_before_opening_points_at_the_dates(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", true);
    assert_int_equal(build_at(f, "2026-10-01"), 0);
    assert_true(said("consultations/play-areas/you-said-we-did.csv:1: warning: this consultation has not "
                     "opened yet (it opens on Monday 2 November 2026), so this feedback is not published"));
    assert_true(said("Check the opens and closes dates in consultations/play-areas/index.md"));
    assert_false(said("still open"));
    assert_false(published(f, "consultations/play-areas/you-said-we-did"));
}

/* After it closes, "You said, we did" in easy read stays within easy
 * read's sentence length for a title of ten words: sayso's own words
 * around it must not make the writer's page fail. */
static void test_closed_feedback_easy_read_fits_a_long_title(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", true);
    char *path = path_join(f->site, "consultations/play-areas/index.md");
    char *index = read_file(path, NULL);
    char *at = strstr(index, "title: Play areas\n");
    assert_non_null(at);
    char *longer = xasprintf("%.*stitle: New play areas in the parks of Millbrook and Eastfield\n%s",
                             (int)(at - index), index, at + strlen("title: Play areas\n"));
    assert_true(write_file(path, longer, strlen(longer)));
    assert_int_equal(build_at(f, "2027-01-10"), 0);
    assert_true(published(f, "consultations/play-areas/you-said-we-did/easy-read/index.html"));
    assert_false(said("easy-sentence-long"));
    char *easy = page(f, "consultations/play-areas/you-said-we-did/easy-read/index.html");
    assert_non_null(strstr(easy, "What people told us about New play areas in the parks of Millbrook and "
                                 "Eastfield. What we did about it."));
    free(easy);
    free(longer);
    free(index);
    free(path);
}

/* With `results: interim` the same feedback is "what we have heard so
 * far", on its own page and in every link to it. */
static void test_interim_feedback_reads_as_heard_so_far(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "results: interim\n", true);
    assert_int_equal(build_at(f, "2026-11-25"), 0);
    assert_false(said("so this feedback is not published"));
    char *plain = page(f, PLAIN);
    assert_non_null(strstr(plain, ">What we have heard so far: what people have told us while this "
                                  "consultation is open</a>"));
    assert_null(strstr(plain, "You said, we did"));
    free(plain);
    char *easy = page(f, EASY);
    assert_non_null(strstr(easy, "Find out what people have told us so far</a>"));
    assert_null(strstr(easy, "Find out what we did"));
    assert_null(strstr(easy, "tick.svg"));
    free(easy);
    char *heard = page(f, "consultations/play-areas/you-said-we-did/index.html");
    assert_non_null(strstr(heard, "<h1>What we have heard so far: Play areas</h1>"));
    assert_null(strstr(heard, "We did"));
    free(heard);
    char *hub = page(f, "index.html");
    assert_null(strstr(hub, "You said, we did"));
    free(hub);
}

/* While open: the event that has passed is listed as past, the one to come
 * is an invitation, each with its date and time in words. */
static void test_events_before_and_after_they_happen(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", false);
    assert_int_equal(build_at(f, "2026-11-25"), 0);
    char *plain = page(f, PLAIN);
    const char *coming = strstr(plain, "<h3>Come and talk to us</h3>");
    const char *past = strstr(plain, "<h3>Past events</h3>");
    assert_non_null(coming);
    assert_non_null(past);
    const char *later = strstr(plain, "Thursday 10 December 2026, 10:30am");
    const char *earlier = strstr(plain, "Friday 20 November 2026, 6pm to 8pm");
    assert_non_null(later);
    assert_non_null(earlier);
    assert_true(coming < later && later < past);
    assert_true(past < earlier);
    assert_non_null(strstr(plain, "These events have happened."));
    free(plain);

    /* Before either event, both are invitations. */
    assert_int_equal(build_at(f, "2026-11-03"), 0);
    plain = page(f, PLAIN);
    assert_null(strstr(plain, "Past events"));
    assert_non_null(strstr(plain, "Friday 20 November 2026, 6pm to 8pm"));
    free(plain);
}

/* Closed, results not yet due: closed, responses being looked at, and the
 * date results are due; nobody is invited to anything. */
static void test_closed_awaiting_results(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", false);
    assert_int_equal(build_at(f, "2027-01-10"), 0);
    char due[48];
    Day closes;
    assert_true(date_parse("2026-12-14", &closes));
    date_long(closes + 12 * 7, due, sizeof due);
    char *expected = xasprintf("Closed on Monday 14 December 2026. We are looking at the responses. "
                               "We will publish the results by %s.", due);
    char *plain = page(f, PLAIN);
    assert_non_null(strstr(plain, expected));
    assert_null(strstr(plain, "<h3>Come and talk to us</h3>"));
    assert_non_null(strstr(plain, "<h3>Past events</h3>"));
    assert_null(strstr(plain, "due soon"));
    free(plain);
    char *easy = page(f, EASY);
    char *easy_due = xasprintf("We will tell you what we decided by <strong>%s</strong>.", due);
    assert_non_null(strstr(easy, easy_due));
    free(easy_due);
    free(easy);
    char *hub = page(f, "index.html");
    char *hub_due = xasprintf("Closed Monday 14 December 2026. Results due by %s", due);
    assert_non_null(strstr(hub, hub_due));
    free(hub_due);
    free(hub);
    free(expected);
}

/* Results overdue: said honestly, with the date that was promised. */
static void test_overdue_results_say_so(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", false);
    assert_int_equal(build_at(f, "2027-04-01"), 0);
    assert_true(said("consultations/play-areas/index.md:5: warning: this consultation closed more than 12 weeks "
                     "ago and has no you-said-we-did.csv"));
    char due[48];
    Day closes;
    assert_true(date_parse("2026-12-14", &closes));
    date_long(closes + 12 * 7, due, sizeof due);
    char *promise = xasprintf("We said we would publish the results by %s. We have not done this yet.", due);
    char *plain = page(f, PLAIN);
    assert_non_null(strstr(plain, promise));
    assert_null(strstr(plain, "due soon"));
    assert_non_null(strstr(plain, ">Results late<"));
    free(plain);
    char *easy = page(f, EASY);
    assert_non_null(strstr(easy, "We have not done this yet. We are sorry."));
    free(easy);
    char *hub = page(f, "index.html");
    char *hub_due = xasprintf("The results were due by %s", due);
    assert_non_null(strstr(hub, hub_due));
    free(hub_due);
    free(hub);
    free(promise);
}

/* After results: the page says they are published and links to them. */
static void test_results_published(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", true);
    assert_int_equal(build_at(f, "2027-01-10"), 0);
    assert_false(said("so this feedback is not published"));
    char *plain = page(f, PLAIN);
    assert_non_null(strstr(plain, "We have published the results."));
    assert_non_null(strstr(plain, ">You said, we did: what happened after people told us their views</a>"));
    free(plain);
    char *ysd = page(f, "consultations/play-areas/you-said-we-did/easy-read/index.html");
    assert_non_null(strstr(ysd, "tick.svg"));
    /* Easy read names the consultation by its easy-read title. */
    assert_non_null(strstr(ysd, "<h1>You said, we did: New play areas</h1>"));
    assert_non_null(strstr(ysd, "what they think about New play areas."));
    free(ysd);
}

static char *str_replace_first(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Free text where a date belongs is an error at its line. */
static void test_event_dates_must_be_dates(void **state)
{
    Fixture *f = *state;
    write_pack(f, "\"28/12/2026\"", "", false);
    assert_int_equal(build_at(f, "2026-11-25"), 2);
    assert_true(said("consultations/play-areas/index.md:12: error: event date '28/12/2026' is not a date: "
                     "write it as YYYY-MM-DD"));
    write_pack(f, "2026-11-20", "", false);
    char *index = path_join(f->site, "consultations/play-areas/index.md");
    char *text = read_file(index, NULL);
    char *bad = str_replace_first(text, "time: 18:00-20:00", "time: 6pm to 8pm");
    assert_true(write_file(index, bad, strlen(bad)));
    assert_int_equal(build_at(f, "2026-11-25"), 2);
    assert_true(said("consultations/play-areas/index.md:13: error: event time '6pm to 8pm' is not a time"));
    free(bad);
    free(text);
    free(index);
}

#define CARD "consultations/play-areas/comment-card/index.html"

/* The comment card asks about the plans while people can take part, and
 * "did you feel we listened?" only once results are out; it carries the
 * closing date, the organisation and the site's privacy line, and "Read
 * this in" marks the format it is in. */
static void test_comment_card_at_every_date(void **state)
{
    Fixture *f = *state;
    write_pack(f, "2026-11-20", "", true);
    assert_int_equal(build_at(f, "2026-11-25"), 0);
    char *card = page(f, CARD);
    assert_non_null(strstr(card, "What do you think about our plans?"));
    assert_null(strstr(card, "Did you feel we listened"));
    assert_non_null(strstr(card, "Please send it to us by <strong>Monday 14 December 2026</strong>."));
    assert_non_null(strstr(card, "<strong>From:</strong> <span>Millbrook Council</span>"));
    assert_non_null(strstr(card, "We keep your card for one year and never publish your name."));
    assert_non_null(strstr(card, "comment-card/\" aria-current=\"page\"><span class=\"format-name\">Plain English"));
    free(card);

    write_pack(f, "2026-11-20", "", false);
    assert_int_equal(build_at(f, "2027-01-10"), 0);
    card = page(f, CARD);
    assert_null(strstr(card, "What do you think about our plans?"));
    assert_null(strstr(card, "Did you feel we listened"));
    assert_null(strstr(card, "Please send it to us by"));
    assert_non_null(strstr(card, "This consultation closed on <strong>Monday 14 December 2026</strong>."));
    free(card);

    write_pack(f, "2026-11-20", "", true);
    assert_int_equal(build_at(f, "2027-01-10"), 0);
    card = page(f, CARD);
    assert_non_null(strstr(card, "Did you feel we listened to you?"));
    assert_null(strstr(card, "What do you think about our plans?"));
    free(card);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_feedback_is_held_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feedback_before_opening_points_at_the_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_feedback_easy_read_fits_a_long_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interim_feedback_reads_as_heard_so_far, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_before_and_after_they_happen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_awaiting_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overdue_results_say_so, setup, teardown),
        cmocka_unit_test_setup_teardown(test_results_published, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_dates_must_be_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comment_card_at_every_date, setup, teardown),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
