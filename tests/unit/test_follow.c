/* test_follow.c: what lets people find and follow consultations without
 * visiting the site: feeds per topic, area and status, iCalendar files,
 * and the open-data list.  tests/follow.py parses the same files with real
 * libraries (python3-icalendar, csv, json, an XML parser) in `make test`. */
#include "testutil.h"
#include "calendar.h"
#include "feed.h"
#include "open_data.h"
#include "search_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Event events[2];
static PackMeta packs[2];
static Site site;

static Day day(const char *iso)
{
    Day d;
    assert_true(date_parse(iso, &d));
    return d;
}

static int setup(void **state)
{
    (void)state;
    memset(&site, 0, sizeof site);
    memset(packs, 0, sizeof packs);
    site.title = "Have your say in Testbury";
    site.organisation = "Testbury Council";
    site.base_url = "https://consult.testbury.example/";
    site.language = "en-GB";
    assert_true(date_parse("2026-12-07", &site.today));

    PackMeta *p = &packs[0];
    p->slug = "new-park";
    p->title = "A new park, with a pond; and a café";
    p->summary = "We want to make a new park. Tell us what you think.";
    p->opens = day("2026-11-01");
    p->closes = day("2027-01-20");
    p->status = STATUS_OPEN;
    p->has_easy_read = true;
    sl_push(&p->topics, "Parks and green spaces");
    sl_push(&p->areas, "Northside");
    events[0] = (Event){.date = "2026-12-10", .time = "18:00-19:30", .place = "Northside Library, Main Street",
                        .access = "Step-free; hearing loop", .booking = "Phone us to book"};
    events[1] = (Event){.date = "2026-07-02", .time = "10:00", .place = "The park itself", .access = NULL};
    p->respond.events = events;
    p->respond.event_count = 2;
    p->decision.date = DAY_NONE;

    p = &packs[1];
    p->slug = "bins";
    p->title = "Bin collections";
    p->summary = "=HYPERLINK(\"evil\") We asked about bins.";
    p->opens = day("2026-03-01");
    p->closes = day("2026-05-01");
    p->status = STATUS_RESULTS;
    sl_push(&p->topics, "Waste");
    sl_push(&p->areas, "Southside");
    p->decision.date = day("2026-08-01");
    p->decision.summary = "We will collect bins every week.";

    site.packs = packs;
    site.pack_count = 2;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        sl_free(&packs[i].topics);
        sl_free(&packs[i].areas);
    }
    return 0;
}

/* ---- time zones ---- */

static void test_london_time_to_utc(void **state)
{
    (void)state;
    Day d;
    int m;
    /* Winter: the same. */
    calendar_london_to_utc(day("2026-12-10"), 18 * 60, &d, &m);
    assert_int_equal(d, day("2026-12-10"));
    assert_int_equal(m, 18 * 60);
    /* Summer: an hour earlier. */
    calendar_london_to_utc(day("2026-07-02"), 10 * 60, &d, &m);
    assert_int_equal(m, 9 * 60);
    /* Half past midnight in summer is the day before in UTC. */
    calendar_london_to_utc(day("2026-07-02"), 30, &d, &m);
    assert_int_equal(d, day("2026-07-01"));
    assert_int_equal(m, 23 * 60 + 30);
    /* The clocks change on the last Sunday: 29 March and 25 October 2026. */
    calendar_london_to_utc(day("2026-03-29"), 60, &d, &m);
    assert_int_equal(m, 60);
    calendar_london_to_utc(day("2026-03-29"), 180, &d, &m);
    assert_int_equal(m, 120);
    calendar_london_to_utc(day("2026-03-28"), 12 * 60, &d, &m);
    assert_int_equal(m, 12 * 60);
    calendar_london_to_utc(day("2026-10-24"), 12 * 60, &d, &m);
    assert_int_equal(m, 11 * 60);
    calendar_london_to_utc(day("2026-10-25"), 12 * 60, &d, &m);
    assert_int_equal(m, 12 * 60);
}

/* ---- iCalendar ---- */

/* Content lines joined again where they were folded (RFC 5545 3.1). */
static char *unfold(const char *ics)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = ics; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        sb_append_char(&sb, *p);
    }
    return sb_take(&sb);
}

static void test_pack_calendar(void **state)
{
    (void)state;
    size_t len;
    char *ics = calendar_pack(&site, &packs[0], &len);
    assert_int_equal(len, strlen(ics));
    assert_true(str_starts_with(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert_true(str_ends_with(ics, "END:VCALENDAR\r\n"));
    /* The closing date is a whole day. */
    assert_non_null(strstr(ics, "UID:closes-new-park@consult.testbury.example\r\n"));
    assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20270120\r\nDTEND;VALUE=DATE:20270121\r\n"));
    /* An evening event in winter, and a morning one in summer, in UTC. */
    assert_non_null(strstr(ics, "DTSTART:20261210T180000Z\r\nDTEND:20261210T193000Z\r\n"));
    assert_non_null(strstr(ics, "DTSTART:20260702T090000Z\r\nDTEND:20260702T100000Z\r\n"));
    /* TEXT escaping: commas and semicolons. */
    assert_non_null(strstr(ics, "LOCATION:Northside Library\\, Main Street\r\n"));
    char *whole = unfold(ics);
    assert_non_null(strstr(whole, "Access: Step-free\\; hearing loop\\nBooking: Phone us to book"));
    assert_non_null(strstr(whole, "SUMMARY:Event: A new park\\, with a pond\\; and a café\r\n"));
    free(whole);
    assert_non_null(strstr(ics, "DTSTAMP:20261207T000000Z\r\n"));
    /* Every line is at most 75 octets, and a fold never splits a character. */
    for (char *line = ics; *line;) {
        char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_true(end - line <= 75);
        assert_false((((unsigned char)*line) & 0xC0) == 0x80 && line != ics && line[-1] == ' ');
        line = end + 2;
    }
    free(ics);
}

static void test_folding_keeps_characters_whole(void **state)
{
    (void)state;
    /* A title of two-byte characters: a fold at an odd byte would split one. */
    char title[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(title, "é");
    packs[0].title = title;
    size_t len;
    char *ics = calendar_pack(&site, &packs[0], &len);
    for (char *p = ics; (p = strstr(p, "\r\n ")); p += 3)
        assert_false((((unsigned char)p[3]) & 0xC0) == 0x80);
    /* Unfolded, the summary is whole again. */
    char *unfolded = unfold(ics);
    char *want = xasprintf("X-WR-CALNAME:%s\r\n", title);
    assert_non_null(strstr(unfolded, want));
    free(want);
    free(unfolded);
    free(ics);
}

static void test_site_calendar_has_every_pack(void **state)
{
    (void)state;
    char *ics = calendar_site(&site, NULL);
    assert_non_null(strstr(ics, "UID:closes-new-park@"));
    assert_non_null(strstr(ics, "UID:closes-bins@"));
    assert_non_null(strstr(ics, "UID:event-2-new-park@"));
    assert_non_null(strstr(ics, "X-WR-CALNAME:Have your say in Testbury\r\n"));
    free(ics);
}

/* ---- feeds ---- */

typedef struct Written {
    StrList paths;
    StrList bodies;
} Written;

static void collect(const char *path, char *data, size_t len, void *arg)
{
    Written *w = arg;
    assert_int_equal(strlen(data), len);
    sl_push(&w->paths, path);
    sl_push_owned(&w->bodies, data);
}

static const char *body_of(const Written *w, const char *path)
{
    for (size_t i = 0; i < w->paths.count; i++)
        if (!strcmp(w->paths.items[i], path))
            return w->bodies.items[i];
    return NULL;
}

static void test_alert_feeds(void **state)
{
    (void)state;
    Written w = {0};
    feed_write_alerts(&site, collect, &w);
    /* One feed per status, topic and area, at the hub list's slug. */
    const char *topic = body_of(&w, "feeds/topics/parks-and-green-spaces.xml");
    const char *area = body_of(&w, "feeds/areas/southside.xml");
    const char *fresh = body_of(&w, "feeds/new.xml");
    const char *results = body_of(&w, "feeds/results.xml");
    assert_non_null(topic);
    assert_non_null(area);
    assert_non_null(fresh);
    assert_non_null(results);
    assert_non_null(body_of(&w, "feeds/topics/waste.xml"));
    assert_non_null(body_of(&w, "feeds/areas/northside.xml"));
    assert_int_equal(w.paths.count, 6);
    /* A topic's feed has only its packs. */
    assert_non_null(strstr(topic, "consultations/new-park/"));
    assert_null(strstr(topic, "consultations/bins/"));
    assert_non_null(strstr(topic, "<title>Have your say in Testbury: consultations about Parks and green spaces</title>"));
    assert_non_null(strstr(topic, "href=\"https://consult.testbury.example/feeds/topics/parks-and-green-spaces.xml\""));
    assert_non_null(strstr(topic, "<id>https://consult.testbury.example/feeds/topics/parks-and-green-spaces.xml</id>"));
    /* "Results published" has results only; "new" has no results entries. */
    assert_non_null(strstr(results, "Results published: Bin collections"));
    assert_null(strstr(results, "<title>A new park"));
    assert_null(strstr(fresh, "Results published"));
    assert_non_null(strstr(fresh, "consultations/new-park/"));
    assert_non_null(strstr(fresh, "consultations/bins/"));
    sl_free(&w.paths);
    sl_free(&w.bodies);
}

static void test_whole_site_feed_is_unfiltered(void **state)
{
    (void)state;
    char *all = feed_atom(&site, NULL);
    assert_non_null(strstr(all, "<id>https://consult.testbury.example/</id>"));
    assert_non_null(strstr(all, "consultations/new-park/"));
    assert_non_null(strstr(all, "Results published: Bin collections"));
    free(all);
    char *p = feed_path_for_list("areas", "northside");
    assert_string_equal(p, "feeds/areas/northside.xml");
    free(p);
    p = feed_path_for_list(NULL, NULL);
    assert_string_equal(p, "feed.xml");
    free(p);
}

/* ---- open data ---- */

static void test_open_data_csv(void **state)
{
    (void)state;
    char *csv = open_data_csv(&site, NULL);
    /* The header is the column table, in order. */
    assert_true(str_starts_with(csv, "slug,title,summary,status,opens,closes,level,topics,areas,formats,url,"));
    /* A value with a comma or quote is quoted; lists joined by "; ". */
    assert_non_null(strstr(csv, "new-park,\"A new park, with a pond; and a café\","));
    assert_non_null(strstr(csv, ",open,2026-11-01,2027-01-20,,Parks and green spaces,Northside,"
                                "plain; easy-read; large-print,https://consult.testbury.example/consultations/new-park/,"));
    /* A value a spreadsheet would run as a formula is made inert. */
    assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"evil\"\") We asked about bins.\","));
    assert_non_null(strstr(csv, ",results,2026-03-01,2026-05-01,"));
    assert_non_null(strstr(csv, "2026-08-01,We will collect bins every week.,"));
    /* Every row ends CRLF, and there is one per pack plus the header. */
    size_t rows = 0;
    for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        rows++;
    assert_int_equal(rows, 3);
    free(csv);
}

static void test_open_data_json(void **state)
{
    (void)state;
    char *json = open_data_json(&site, NULL);
    assert_true(str_starts_with(json, "{\"site\":\"Have your say in Testbury\",\"organisation\":\"Testbury Council\","
                                      "\"built\":\"2026-12-07\",\"consultations\":["));
    assert_non_null(strstr(json, "\"topics\":[\"Parks and green spaces\"]"));
    assert_non_null(strstr(json, "\"formats\":[\"plain\",\"large-print\"]"));
    assert_non_null(strstr(json, "\"results_url\":null"));
    assert_non_null(strstr(json, "\"results_url\":\"https://consult.testbury.example/consultations/bins/you-said-we-did/\""));
    assert_non_null(strstr(json, "\"events\":2,"));
    free(json);
}

static void test_readme_defines_every_column(void **state)
{
    (void)state;
    char *readme = open_data_readme(&site, NULL);
    for (size_t i = 0; i < open_data_column_count; i++) {
        char *want = xasprintf("\n%s\n    ", open_data_columns[i].name);
        assert_non_null(strstr(readme, want));
        free(want);
    }
    free(readme);
}

/* ---- search ---- */

static char *joined(const StrList *l)
{
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < l->count; i++)
        sb_printf(&sb, "%s%s", i ? " " : "", l->items[i]);
    return sb_take(&sb);
}

static void test_search_words(void **state)
{
    (void)state;
    StrList w = {0};
    search_words("The Council's NEW plan: see the [map](https://x.example/map.pdf) and <span lang=\"cy\">Ŵyl</span>"
                 " for Pen-y-bryn, in 2027. ![A bus](picture:bus) It is a big bus.", &w);
    char *got = joined(&w);
    /* Lower case; apostrophes kept inside words; link addresses and tags
     * skipped; two-letter and common words left out; non-ASCII kept. */
    assert_string_equal(got, "councils new plan see map Ŵyl pen bryn 2027 bus big bus");
    free(got);
    sl_free(&w);
}

static void written_free(Written *w)
{
    sl_free(&w->paths);
    sl_free(&w->bodies);
}

static void test_search_index_files(void **state)
{
    (void)state;
    SearchIndex *si = search_index_new(&site, NULL);
    /* The records are the hub's words, made by the caller. */
    SearchRecord park = {.title = site.packs[0].title, .url = "consultations/new-park/", .status = "Open",
                         .status_class = "status status-open", .dates = "Closes Wednesday 20 January 2027",
                         .summary = site.packs[0].summary};
    SearchRecord bins = {.title = site.packs[1].title, .url = "consultations/bins/", .status = "Results published",
                         .status_class = "status status-results", .dates = "Closed Friday 1 May 2026",
                         .summary = site.packs[1].summary};
    search_index_add_pack(si, 0, &park, "We will plant trees near the pond.",
                          "![Trees](picture:tree) We will plant trees.");
    search_index_add_pack(si, 1, &bins, "Bins are collected on Mondays. A park bench too.", NULL);
    Written w = {0};
    search_index_write(si, collect, &w);
    search_index_free(si);
    assert_string_equal(body_of(&w, "search/meta.json"), "{\"packs\":2,\"chunk\":10,\"prefix\":3}\n");
    /* "park" is in pack 0's title (8), summary (2) and an event's place
     * (1), and in pack 1's body (1): pack 0 is posted as 0*16+11, pack 1
     * as (1-0)*16+1. */
    const char *par = body_of(&w, "search/terms/706172.json");
    assert_non_null(par);
    assert_non_null(strstr(par, "\"park\":[11,17]"));
    /* "parks" (topic "Parks and green spaces") is pack 0's only, as a term. */
    assert_non_null(strstr(par, "\"parks\":[4]"));
    /* A word in the body twice is posted once; the title, summary and
     * body of the same pack merge their fields. */
    const char *tre = body_of(&w, "search/terms/747265.json");
    assert_non_null(strstr(tre, "\"trees\":[1]"));
    /* Non-ASCII: "café" files under the hex of "caf". */
    assert_non_null(body_of(&w, "search/terms/636166.json"));
    /* Records: title, address, status, its class, dates, summary. */
    const char *rec = body_of(&w, "search/packs/0.json");
    assert_non_null(strstr(rec, "[\"A new park, with a pond; and a café\",\"consultations/new-park/\",\"Open\","
                                "\"status status-open\",\"Closes Wednesday 20 January 2027\",\"We want"));
    assert_non_null(strstr(rec, "[\"Bin collections\",\"consultations/bins/\",\"Results published\","
                                "\"status status-results\",\"Closed Friday 1 May 2026\","));
    /* No file for words that were left out. */
    assert_null(body_of(&w, "search/terms/746865.json"));    /* "the" */
    written_free(&w);
}

/* Packs added in any order, or from words kept apart (as `sayso serve`
 * keeps them between builds), make the same files. */
static void test_search_index_order_and_kept_words(void **state)
{
    (void)state;
    const char *plain0 = "We will plant trees near the pond.", *plain1 = "Bins are collected on Mondays. A park bench too.";
    SearchRecord park = {.title = site.packs[0].title, .url = "consultations/new-park/", .summary = site.packs[0].summary};
    SearchRecord bins = {.title = site.packs[1].title, .url = "consultations/bins/", .summary = site.packs[1].summary};
    SearchIndex *si = search_index_new(&site, NULL);
    search_index_add_pack(si, 1, &bins, plain1, NULL);
    SearchPackWords *kept = search_pack_words(&site.packs[0], &park, plain0, "We will plant trees.");
    search_index_add_words(si, 0, &park, kept);
    search_pack_words_free(kept);
    Written w = {0};
    search_index_write(si, collect, &w);
    search_index_free(si);
    const char *par = body_of(&w, "search/terms/706172.json");
    assert_non_null(par);
    assert_non_null(strstr(par, "\"park\":[11,17]"));
    assert_non_null(strstr(par, "\"parks\":[4]"));
    assert_non_null(strstr(body_of(&w, "search/terms/747265.json"), "\"trees\":[1]"));
    assert_non_null(strstr(body_of(&w, "search/packs/0.json"), "[\"Bin collections\",\"consultations/bins/\""));
    written_free(&w);
}

/* A site with no consultations yet still gets an index that answers. */
static void test_search_index_of_no_packs(void **state)
{
    (void)state;
    Site empty = site;
    empty.pack_count = 0;
    SearchIndex *si = search_index_new(&empty, NULL);
    Written w = {0};
    search_index_write(si, collect, &w);
    search_index_free(si);
    assert_string_equal(body_of(&w, "search/meta.json"), "{\"packs\":0,\"chunk\":10,\"prefix\":3}\n");
    assert_int_equal(w.paths.count, 1);
    written_free(&w);
}

/* A translation's index is in its own folder, and what it finds by is
 * the record it is given: the pack's Welsh title, not the English one. */
static void test_search_index_of_a_language(void **state)
{
    (void)state;
    Site one = site;
    one.pack_count = 1;
    SearchIndex *si = search_index_new(&one, "cy");
    SearchRecord parc = {.title = "Parc newydd gyda phwll", .url = "../consultations/new-park/cy/",
                         .status = "Ar agor", .status_class = "status status-open",
                         .dates = "Yn cau Dydd Mercher 20 Ionawr 2027", .summary = "Rydyn ni eisiau parc."};
    search_index_add_pack(si, 0, &parc, "Byddwn ni'n plannu coed.", NULL);
    Written w = {0};
    search_index_write(si, collect, &w);
    search_index_free(si);
    assert_non_null(body_of(&w, "cy/search/meta.json"));
    assert_null(body_of(&w, "search/meta.json"));
    const char *par = body_of(&w, "cy/search/terms/706172.json");
    assert_non_null(par);
    assert_non_null(strstr(par, "\"parc\":[10]"));      /* title and summary */
    assert_non_null(strstr(body_of(&w, "cy/search/packs/0.json"),
                           "[\"Parc newydd gyda phwll\",\"../consultations/new-park/cy/\",\"Ar agor\""));
    written_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_london_time_to_utc),
        cmocka_unit_test_setup_teardown(test_pack_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folding_keeps_characters_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_calendar_has_every_pack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alert_feeds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_site_feed_is_unfiltered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_data_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_data_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readme_defines_every_column, setup, teardown),
        cmocka_unit_test(test_search_words),
        cmocka_unit_test_setup_teardown(test_search_index_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_of_no_packs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_of_a_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_order_and_kept_words, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
