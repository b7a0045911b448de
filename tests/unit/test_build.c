/* test_build.c: `sayso build` end to end, as a communications team runs it.
 *
 * Each test writes a small site into a temporary folder, runs the sayso
 * binary (SAYSO_BIN, set by tests/run-unit.sh to the build beside the
 * tests, so the sanitizer run checks the sanitized binary), and looks at
 * the exit status, the messages and the files written.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_in(const char *sub, const char *args, char **output)
{
    return sayso_run_in(sub, NULL, 0, args, output);
}

static int run(const char *args, char **output)
{
    return sayso_run(args, output);
}

static const char site_yml[] =
    TESTBURY_TITLE TESTBURY_BASE_URL TESTBURY_CONTACT;

static const char good_pack[] =
    NEW_PARK_FRONT
    "topics: [parks]\n"
    "areas: [Northside]\n"
    NEW_PARK_WHY
    "We want to hear from you. Read the [plan](plan.pdf).\n";

static int setup(void **state)
{
    (void)state;
    if (!tmp_root_make("build"))
        return -1;
    put("site/site.yml", site_yml);
    put("site/consultations/new-park/index.md", good_pack);
    put("site/consultations/new-park/easy-read.md", "# A new park\n\n![A park](picture:park) We want to make a new park.\n");
    put("site/consultations/new-park/plan.pdf", "%PDF-1.4 a tiny test file\n");
    put("site/pages/about.md", "---\ntitle: About\n---\n\nThis site is for testing.\n");
    return 0;
}

static void test_builds_the_spec_layout(void **state)
{
    (void)state;
    char *out;
    int rc = run("build site -o out --now 2026-11-23", &out);
    assert_int_equal(rc, 0);
    free(out);
    const char *files[] = {
        "out/index.html",
        "out/consultations/new-park/index.html",
        "out/consultations/new-park/easy-read/index.html",
        "out/consultations/new-park/large-print/index.html",
        "out/consultations/new-park/comment-card/index.html",
        "out/consultations/new-park/plan.pdf",
        "out/pages/about/index.html",
        "out/topics/parks/index.html",
        "out/areas/northside/index.html",
        "out/feed.xml",
        "out/sitemap.xml",
        "out/report.json",
        "out/css/site.css",
        "out/pictures/park.svg",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!exists(files[i]))
            fail_msg("missing %s", files[i]);
    }
    char *page = slurp("out/consultations/new-park/index.html");
    assert_non_null(strstr(page, "<!DOCTYPE html>"));
    assert_non_null(strstr(page, "<h1>A new park for Testbury</h1>"));
    /* Status from the dates and the build date: open, 27 days left. */
    assert_non_null(strstr(page, "Closes in 27 days, on Sunday 20 December 2026"));
    /* Stable heading ids, and the document's type and size on its link. */
    assert_non_null(strstr(page, "id=\"why-we-are-asking\""));
    assert_non_null(strstr(page, "(PDF, 26 bytes)"));
    /* Links to the other formats, with rel=alternate. */
    assert_non_null(strstr(page, "rel=\"alternate\" href=\"../../consultations/new-park/easy-read/\""));
    /* No source positions leak into what is published. */
    assert_null(strstr(page, "data-sourcepos"));
    assert_null(strstr(page, "data-sayso"));
    free(page);
    char *easy = slurp("out/consultations/new-park/easy-read/index.html");
    assert_non_null(strstr(easy, "class=\"easy-row\""));
    assert_non_null(strstr(easy, "src=\"../../../pictures/park.svg\""));
    assert_non_null(strstr(easy, "<h1>A new park</h1>"));
    free(easy);
}

/* Two builds of the same source on the same date are byte-identical. */
static void test_builds_are_reproducible(void **state)
{
    (void)state;
    assert_int_equal(run("build site -o one --now 2026-11-23 -q", NULL), 0);
    assert_int_equal(run("build site -o two --now 2026-11-23 -q -j 1", NULL), 0);
    char *cmd = xasprintf("diff -r '%s/one' '%s/two' >/dev/null", tmp_root, tmp_root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    /* SOURCE_DATE_EPOCH sets the date when --now is not given: 2026-11-23. */
    assert_int_equal(run("build site -o three -q", NULL) == 0, 1);
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1795392000", 1), 0);
    assert_int_equal(run("build site -o three -q", NULL), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    cmd = xasprintf("diff -r '%s/one' '%s/three' >/dev/null", tmp_root, tmp_root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* A broken pack fails with file:line, exit 2, and the old site stays. */
static void test_broken_pack_keeps_previous_site(void **state)
{
    (void)state;
    assert_int_equal(run("build site -o keep --now 2026-11-23 -q", NULL), 0);
    char *before = slurp("keep/index.html");
    put("site/consultations/broken/index.md",
        "---\nsummary: No title here.\nopens: 2026-11-01\ncloses: 2026-10-01\n---\n\nText.\n");
    char *out;
    int rc = run("build site -o keep --now 2026-11-23", &out);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "consultations/broken/index.md:2: error: the consultation needs a title"));
    assert_non_null(strstr(out, "consultations/broken/index.md:4: error: closes is before opens"));
    free(out);
    char *after = slurp("keep/index.html");
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* No staging folder is left behind. */
    char *cmd = xasprintf("ls -a '%s' | grep -q '\\.keep\\.new-'", tmp_root);
    assert_int_not_equal(system(cmd), 0);
    free(cmd);
    char *path = path_join(tmp_root, "site/consultations/broken");
    remove_tree(path);
    free(path);
}

static void test_bad_values_name_file_and_line(void **state)
{
    (void)state;
    put("bad/site.yml", site_yml);
    put("bad/consultations/dates/index.md",
        "---\ntitle: Dates\nsummary: Bad dates.\nopens: 2026-02-30\ncloses: soon\n---\n");
    put("bad/consultations/types/index.md",
        "---\ntitle: [not, text]\nsummary: Wrong type.\nopens: 2026-01-01\ncloses: 2026-02-01\n---\n");
    put("bad/consultations/yaml/index.md", "---\ntitle: Broken\nsummary: \"never closed\n---\n");
    char *out;
    assert_int_equal(run("build bad -o badout --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/dates/index.md:4: error: opens '2026-02-30' is not a date"));
    assert_non_null(strstr(out, "consultations/dates/index.md:5: error: closes 'soon' is not a date"));
    assert_non_null(strstr(out, "consultations/types/index.md:2: error: title must be text, not a list"));
    assert_non_null(strstr(out, "consultations/yaml/index.md:"));
    assert_non_null(strstr(out, "not valid YAML"));
    assert_false(exists("badout/index.html"));
    free(out);
}

/* Word's Windows-1252 exports: the curly quotes must come out right. */
static void test_windows_1252_pack(void **state)
{
    (void)state;
    put("w/site.yml", site_yml);
    put("w/consultations/quotes/index.md",
        "---\ntitle: \x93Quoted\x94 title\nsummary: It\x92s a test \x96 with a dash.\n"
        "opens: 2026-11-01\ncloses: 2026-12-01\nencoding: windows-1252\n---\n\nWe said \x93yes\x94.\n");
    char *out;
    assert_int_equal(run("build w -o wout --now 2026-11-23 -q", &out), 0);
    free(out);
    char *page = slurp("wout/consultations/quotes/index.html");
    assert_non_null(strstr(page, "\xe2\x80\x9cQuoted\xe2\x80\x9d title"));
    assert_non_null(strstr(page, "It\xe2\x80\x99s a test \xe2\x80\x93 with a dash."));
    assert_non_null(strstr(page, "We said \xe2\x80\x9cyes\xe2\x80\x9d."));
    free(page);
    /* The same file without the encoding named is an error at its line. */
    put("w/consultations/quotes/index.md",
        "---\ntitle: \x93Quoted\x94 title\nsummary: s\nopens: 2026-11-01\ncloses: 2026-12-01\n---\n");
    assert_int_equal(run("build w -o wout --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/quotes/index.md:2: error: byte 0x93 is not valid UTF-8"));
    free(out);
}

static void test_values_are_escaped_and_raw_html_is_off(void **state)
{
    (void)state;
    put("x/site.yml", site_yml);
    put("x/consultations/script/index.md",
        "---\ntitle: \"<script>alert(1)</script> Roads\"\nsummary: Fine.\nopens: 2026-11-01\n"
        "closes: 2026-12-01\n---\n\nText.\n\n<div onclick=\"x()\">raw</div>\n");
    char *out;
    assert_int_equal(run("build x -o xout --now 2026-11-23", &out), 0);
    assert_non_null(strstr(out, "consultations/script/index.md:10: warning: raw HTML is turned off"));
    free(out);
    char *page = slurp("xout/consultations/script/index.html");
    assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt; Roads"));
    assert_null(strstr(page, "<script>alert"));
    assert_null(strstr(page, "onclick"));
    free(page);
}

static void test_links_out_of_the_pack_are_errors(void **state)
{
    (void)state;
    put("l/site.yml", site_yml);
    put("l/consultations/links/index.md",
        "---\ntitle: Links\nsummary: Links.\nopens: 2026-11-01\ncloses: 2026-12-01\n---\n\n"
        "![secret](../../../etc/passwd)\n\n[abs](/etc/passwd)\n\n![missing](nothere.png)\n\n"
        "![bad picture](picture:buss)\n");
    char *out;
    assert_int_equal(run("build l -o lout --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/links/index.md:8: error: '../../../etc/passwd' points outside the site"));
    assert_non_null(strstr(out, "consultations/links/index.md:10: error: '/etc/passwd' is an absolute path"));
    assert_non_null(strstr(out, "consultations/links/index.md:12: error: 'nothere.png' is not a file in consultations/links/"));
    assert_non_null(strstr(out, "consultations/links/index.md:14: error: there is no picture called 'buss' (did you mean 'bus'?)"));
    free(out);
}

/* A link to the pack's own Markdown file leads to the page it becomes, in
 * every format; another Markdown name is still a missing file. */
static void test_links_to_a_packs_markdown_lead_to_its_page(void **state)
{
    (void)state;
    put("m/site.yml", site_yml);
    put("m/consultations/links/index.md",
        "---\ntitle: Links\nsummary: Links.\nopens: 2026-11-01\ncloses: 2026-12-20\n---\n\n"
        "## Start\n\nRead the [easy read version](easy-read.md#tell-us) of this page.\n");
    put("m/consultations/links/easy-read.md", "# Links\n\n## Tell us\n\n"
        "![A question mark](picture:question) Read the [main page](index.md).\n");
    char *out;
    assert_int_equal(run("build m -o mout --now 2026-11-23 -q", &out), 0);
    free(out);
    char *plain = slurp("mout/consultations/links/index.html");
    assert_non_null(strstr(plain, "<a href=\"easy-read/#tell-us\">easy read version</a>"));
    free(plain);
    char *large = slurp("mout/consultations/links/large-print/index.html");
    assert_non_null(strstr(large, "<a href=\"../easy-read/#tell-us\">easy read version</a>"));
    free(large);
    char *easy = slurp("mout/consultations/links/easy-read/index.html");
    assert_non_null(strstr(easy, "<a href=\"../\">main page</a>"));
    free(easy);
    put("m/consultations/links/index.md",
        "---\ntitle: Links\nsummary: Links.\nopens: 2026-11-01\ncloses: 2026-12-20\n---\n\n"
        "## Start\n\nRead the [notes](notes.md).\n");
    assert_int_equal(run("build m -o mout --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/links/index.md:10: error: 'notes.md' is not a file in consultations/links/"));
    free(out);
}

/* A task list is a list of things done and to do, not a form: its boxes
 * are named by their words, so the page passes the form-field check. */
static void test_task_list_passes_the_checks(void **state)
{
    (void)state;
    put("t/site.yml", site_yml);
    put("t/consultations/tasks/index.md",
        "---\ntitle: Tasks\nsummary: Tasks.\nopens: 2026-11-01\ncloses: 2026-12-20\n---\n\n"
        "## Where we are\n\n- [x] We talked to traders\n- [ ] We ask you\n\n"
        "- [x] A loose list\n\n- [ ] of two things\n");
    char *out;
    assert_int_equal(run("build t -o tout --now 2026-11-23", &out), 0);
    assert_null(strstr(out, "form-field-name"));
    free(out);
    char *page = slurp("tout/consultations/tasks/index.html");
    assert_non_null(strstr(page, "<label><input type=\"checkbox\" checked disabled> We talked to traders</label>"));
    free(page);
}

/* A footnote as other tools write it is published as text, so the writer
 * is told at its line; "[^1]" in a code block, or inside a sentence, is not one.
 * The code block keeps large print's size (it was taken to be 13px). */
static void test_footnotes_are_named_at_their_line(void **state)
{
    (void)state;
    put("f/site.yml", site_yml);
    put("f/consultations/notes/index.md",
        "---\ntitle: Notes\nsummary: Notes.\nopens: 2026-11-01\ncloses: 2026-12-20\n---\n\n"
        "## Notes\n\nFewer cars on Market Street.[^1]\n\n"
        "   [^1]: Deliveries before 10am.\n\n"
        "```\n[^2]: in code\n```\n\nWrite [^3]: like this.\n");
    char *out;
    assert_int_equal(run("build f -o fout --now 2026-11-23", &out), 0);
    assert_non_null(strstr(out, "consultations/notes/index.md:12: warning: footnotes are not made into links"));
    assert_null(strstr(out, "index.md:15: warning: footnotes"));
    assert_null(strstr(out, "index.md:18: warning: footnotes"));
    free(out);
}

/* The checks run on every page and name the Markdown line of each problem. */
static void test_checks_fail_the_build_with_lines(void **state)
{
    (void)state;
    put("c/site.yml", site_yml);
    put("c/consultations/checks/index.md",
        "---\ntitle: Checks\nsummary: A test of the checks.\nopens: 2026-11-01\ncloses: 2026-12-20\n---\n\n"
        "## Start\n\n![](map.png)\n\nTo find out more [click here](https://example.org/more).\n\n"
        "#### Too deep\n\nWe will utilise the money.\n");
    put("c/consultations/checks/map.png", "not really a picture");
    char *out;
    assert_int_equal(run("build c -o cout --now 2026-11-23", &out), 1);
    assert_non_null(strstr(out, "consultations/checks/index.md:10: error: This image has no accessible name"));
    assert_non_null(strstr(out, "consultations/checks/index.md:12: warning: The link text \"click here\""));
    assert_non_null(strstr(out, "consultations/checks/index.md:14: warning: This heading is level 4 but the one before it is level 2"));
    assert_non_null(strstr(out, "consultations/checks/index.md:16: warning: Use a plainer word: write \"use\" instead of \"utilise\""));
    assert_false(exists("cout/index.html"));
    free(out);
    /* A site setting turns a rule off for one page, and the report says why. */
    put("c/site.yml", "title: T\nrules:\n  - rule: image-alt\n    level: warning\n    page: checks\n"
                      "    reason: The map is described in the text below it.\n");
    assert_int_equal(run("build c -o cout --now 2026-11-23 -q", &out), 0);
    free(out);
    char *report = slurp("cout/report/index.html");
    assert_non_null(strstr(report, "The map is described in the text below it."));
    free(report);
    /* --strict fails on warnings too. */
    assert_int_equal(run("build c -o cout --now 2026-11-23 -q --strict", &out), 1);
    free(out);
}

/* Front matter is read on several threads; the messages still come out
 * in folder order, each pack's together, as from one thread. */
static void test_many_broken_packs_report_in_folder_order(void **state)
{
    (void)state;
    put("many/site.yml", site_yml);
    for (int i = 0; i < 90; i++) {
        char *rel = xasprintf("many/consultations/pack-%03d/index.md", i);
        put(rel, "---\nsummary: No title here.\nopens: 2026-11-01\ncloses: 2026-10-01\n---\n\nText.\n");
        free(rel);
    }
    char *out;
    assert_int_equal(run("build many -o manyout --now 2026-11-23", &out), 2);
    const char *at = out;
    for (int i = 0; i < 90; i++) {
        char *title = xasprintf("consultations/pack-%03d/index.md:2: error: the consultation needs a title", i);
        char *dates = xasprintf("consultations/pack-%03d/index.md:4: error: closes is before opens", i);
        const char *t = strstr(at, title);
        assert_non_null(t);
        const char *d = strstr(t, dates);
        assert_non_null(d);
        /* The pack's two messages are next to each other. */
        assert_true(strstr(t + strlen(title), "consultations/pack-") == d);
        at = d;
        free(title);
        free(dates);
    }
    free(out);
    assert_false(exists("manyout/index.html"));
}

/* Thousands of warnings help nobody on a terminal: a hundred are printed,
 * then how many more there are and where they all are. */
static void test_long_lists_of_findings_are_cut_short(void **state)
{
    (void)state;
    put("wordy/site.yml", site_yml);
    StrBuf text;
    sb_init(&text);
    sb_append(&text, good_pack);
    for (int i = 0; i < 130; i++)
        sb_printf(&text, "\nParagraph %d is about the engagement we did.\n", i);
    put("wordy/consultations/new-park/index.md", text.data);
    put("wordy/consultations/new-park/plan.pdf", "%PDF-1.4 a tiny test file\n");
    sb_free(&text);
    char *out;
    assert_int_equal(run("build wordy -o wordyout --now 2026-11-23", &out), 0);
    size_t printed = 0;
    for (const char *p = out; (p = strstr(p, ": warning: Use a plainer word")); p++)
        printed++;
    assert_int_equal(printed, 100);
    assert_non_null(strstr(out, "more findings are not shown here: report/index.html and report.json have them all"));
    free(out);
    /* --verbose prints them all; report.json has them all either way. */
    assert_int_equal(run("build wordy -o wordyout --now 2026-11-23 --verbose", &out), 0);
    printed = 0;
    for (const char *p = out; (p = strstr(p, ": warning: Use a plainer word")); p++)
        printed++;
    assert_true(printed >= 130);
    assert_null(strstr(out, "more findings are not shown"));
    free(out);
    char *json = slurp("wordyout/report.json");
    size_t in_json = 0;
    for (const char *p = json; (p = strstr(p, "\"rule\":\"plain-words\"")); p++)
        in_json++;
    assert_true(in_json >= 130);
    free(json);
}

static void test_usage_errors(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("build site --now tomorrow -o u", &out), 2);
    assert_non_null(strstr(out, "--now needs a date as YYYY-MM-DD"));
    free(out);
    assert_int_equal(run("build site --frobnicate", &out), 2);
    assert_non_null(strstr(out, "unknown option '--frobnicate'"));
    free(out);
    /* Options are read by getopt_long: a misspelt option is unknown, not
     * taken for another one; each has a spelling with '=' and one without;
     * a number out of range is refused, never quietly capped. */
    assert_int_equal(run("build site --nowx 2026-11-23 -o u", &out), 2);
    assert_non_null(strstr(out, "sayso build: unknown option '--nowx'"));
    free(out);
    assert_int_equal(run("build site -o u --now", &out), 2);
    assert_non_null(strstr(out, "sayso build: --now needs a value"));
    free(out);
    assert_int_equal(run("build site -j 300 -o u", &out), 2);
    assert_non_null(strstr(out, "-j needs a number of worker threads from 1 to 256, not '300'"));
    free(out);
    assert_int_equal(run("build --now=2026-11-23 --output=eq -j1 site --quiet", &out), 0);
    free(out);
    assert_true(exists("eq/index.html"));
    assert_int_equal(run("build -oattached --now 2026-11-23 site -q", &out), 0);
    free(out);
    assert_true(exists("attached/index.html"));
    assert_int_equal(run("serve site --port=http", &out), 2);
    assert_non_null(strstr(out, "sayso serve: --port needs a number from 0 to 65535, not 'http'"));
    free(out);
    assert_int_equal(run("check --format=yaml x.html", &out), 2);
    assert_non_null(strstr(out, "--format must be text, json or sarif"));
    free(out);
    assert_int_equal(run("build no-such-folder -o u", &out), 2);
    assert_non_null(strstr(out, "no-such-folder: error: there is no folder here to build"));
    free(out);
    /* A folder sayso did not make is never replaced. */
    put("precious/notes.txt", "keep me\n");
    assert_int_equal(run("build site -o precious --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "was not made by sayso"));
    free(out);
    assert_true(exists("precious/notes.txt"));
}

/* A site made by `sayso new`, built from a folder deep inside it with no
 * SOURCE, publishes that site into its own public/: never the example. */
static void test_build_finds_the_site_around_the_folder(void **state)
{
    (void)state;
    assert_int_equal(run("new mine --now 2026-11-23", NULL), 0);
    put("mine/consultations/example-consultation/drafts/notes.txt", "not content\n");
    put("mine/site.yml", "title: Millbrook says\norganisation: Millbrook Council\n"
                         "base_url: https://example.org\n");
    char *out;
    int rc = run_in("mine/consultations/example-consultation/drafts", "build --now 2026-11-23 -q", &out);
    assert_int_equal(rc, 0);
    free(out);
    assert_true(exists("mine/public/consultations/example-consultation/index.html"));
    assert_false(exists("mine/consultations/example-consultation/drafts/public"));
    char *hub = slurp("mine/public/index.html");
    assert_non_null(strstr(hub, "Millbrook says"));
    assert_null(strstr(hub, "Northbridge"));
    assert_null(strstr(hub, "evening-buses"));
    free(hub);
    /* `sayso new consultation` finds the same site from the same place. */
    assert_int_equal(run_in("mine/consultations/example-consultation/drafts",
                            "new consultation play-areas --now 2026-11-23", NULL), 0);
    assert_true(exists("mine/consultations/play-areas/index.md"));
    /* A SOURCE given without -o gets its own public/ too. */
    assert_int_equal(run("build mine --now 2026-11-23 -q", NULL), 0);
    assert_true(exists("mine/public/consultations/play-areas/index.html"));
    assert_false(exists("public"));
}

/* Outside any site nothing is built: exit 2, and how to make a site or
 * build the example.  The example is built only when asked for. */
static void test_build_outside_a_site_says_what_to_do(void **state)
{
    (void)state;
    put("loose/notes/readme.txt", "no site here\n");
    char *out;
    assert_int_equal(run_in("loose/notes", "build --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "sayso build: there is no sayso site here"));
    assert_non_null(strstr(out, "sayso new SITE"));
    assert_non_null(strstr(out, "sayso build --example"));
    free(out);
    assert_false(exists("loose/notes/public"));
    assert_false(exists("loose/public"));
    assert_int_equal(run_in("loose/notes", "serve --port 0", &out), 2);
    assert_non_null(strstr(out, "sayso serve: there is no sayso site here"));
    free(out);

    assert_int_equal(run_in("loose", "build --example --now 2026-11-23 -q", NULL), 0);
    assert_true(exists("loose/public/consultations/evening-buses/index.html"));
    char *hub = slurp("loose/public/index.html");
    assert_non_null(strstr(hub, "Northbridge"));
    free(hub);
    assert_int_equal(run("build site --example", &out), 2);
    assert_non_null(strstr(out, "not both"));
    free(out);
}

/* One count per build, the same in every line: "1 consultation", the
 * checks' warnings and the build's own together, and a build that fails
 * for a missing file counts that error rather than "0 errors". */
static void test_one_count_in_every_line(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("build site -o counted --now 2026-11-23", &out), 0);
    const char *last = strstr(out, "sayso: built ");
    assert_non_null(last);
    assert_non_null(strstr(last, " from 1 consultation into counted, with "));
    assert_null(strstr(out, "the checks found"));
    /* Every warning line above is counted in the last line. */
    size_t shown = 0;
    for (const char *p = out; (p = strstr(p, ": warning: ")); p++)
        shown++;
    char *expected = xasprintf(", with %zu warning%s and ", shown, shown == 1 ? "" : "s");
    assert_non_null(strstr(last, expected));
    free(expected);
    /* The review report's count of pages checked agrees with the pages built. */
    size_t built = 0;
    assert_int_equal(sscanf(last, "sayso: built %zu pages", &built), 1);
    char *report = slurp("counted/report/index.html");
    char *checked = xasprintf("<li>%zu pages checked: every page of the site but this report</li>", built - 1);
    assert_non_null(strstr(report, checked));
    free(checked);
    free(report);
    free(out);

    char *index = slurp("site/consultations/new-park/index.md");
    char *broken = xasprintf("%s\nRead the [timetable](timetable.pdf).\n", index);
    put("site/consultations/new-park/index.md", broken);
    /* A hard word, so the checks have something to count as well. */
    put("site/consultations/new-park/easy-read.md",
        "# A new park\n\n![A park](picture:park) This is a consultation about a new park.\n");
    assert_int_equal(run("build site -o counted --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "'timetable.pdf' is not a file in consultations/new-park/"));
    assert_non_null(strstr(out, "consultation\" is a long word"));
    assert_non_null(strstr(out, "sayso: 1 error and 1 warning\n"));
    assert_null(strstr(out, "0 errors"));
    assert_non_null(strstr(out, "sayso: the build failed, so counted was left as it was"));
    free(out);
    put("site/consultations/new-park/index.md", index);
    put("site/consultations/new-park/easy-read.md",
        "# A new park\n\n![A park](picture:park) We want to make a new park.\n");
    free(broken);
    free(index);
}

/* A finding in a front matter value names the value's line (libyaml's
 * marks), and the easy-read file's own title names its heading's line. */
static void test_front_matter_findings_name_their_line(void **state)
{
    (void)state;
    put("site/consultations/trees/index.md",
        "---\ntitle: A consultation about trees\nsummary: Tell us about trees.\n"
        "opens: 2026-11-01\ncloses: 2026-12-20\n---\n\nWe want to plant trees.\n");
    put("site/consultations/trees/easy-read.md", "![A park](picture:park) We want to plant trees.\n");
    char *out;
    assert_int_equal(run("build site -o lines --now 2026-11-23", &out), 0);
    assert_non_null(strstr(out, "consultations/trees/index.md:2: warning: \"consultation\" is a long word"));
    assert_null(strstr(out, "consultations/trees/easy-read.md: warning: \"consultation\""));
    free(out);
    put("site/consultations/trees/easy-read.md",
        "\n# Our consultation on trees\n\n![A park](picture:park) We want to plant trees.\n");
    assert_int_equal(run("build site -o lines --now 2026-11-23", &out), 0);
    assert_non_null(strstr(out, "consultations/trees/easy-read.md:2: warning: \"consultation\" is a long word"));
    free(out);
    char *path = path_join(tmp_root, "site/consultations/trees");
    remove_tree(path);
    free(path);
}

/* Authors can see every picture with its name, and a name that matches
 * nothing points them there. */
static void test_picture_gallery_and_unknown_names(void **state)
{
    (void)state;
    assert_int_equal(run("build site -o gallery --now 2026-11-23 -q", NULL), 0);
    char *page = slurp("gallery/easy-read-pictures/index.html");
    assert_non_null(strstr(page, "<strong>picture:bus</strong>"));
    assert_non_null(strstr(page, "src=\"../pictures/library.svg\""));
    assert_non_null(strstr(page, "<h1>Easy-read pictures</h1>"));
    free(page);
    put("site/consultations/new-park/easy-read.md", "# A new park\n\n![A van](picture:van) A van comes.\n");
    char *out;
    assert_int_equal(run("build site -o gallery --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/easy-read.md:3: error: there is no picture called 'van': "
                                "the page easy-read-pictures/ of the built site shows every picture with its name"));
    assert_null(strstr(out, "did you mean 'bank'"));
    free(out);
    put("site/consultations/new-park/easy-read.md",
        "# A new park\n\n![A park](picture:park) We want to make a new park.\n");
}

/* Every raw HTML block keeps its line, however many a page has: findings
 * in the 70th still name its line (line markers once stopped at 64). */
static void test_raw_html_blocks_keep_their_lines(void **state)
{
    (void)state;
    put("raw/site.yml", "title: Raw\nmarkdown:\n  raw_html: true\ncontact:\n  email: a@raw.example\n");
    StrBuf md;
    sb_init(&md);
    sb_append(&md, "---\ntitle: Many boxes\nsummary: A page with many boxes.\nopens: 2026-11-01\n"
                   "closes: 2026-12-20\n---\n\n");
    int line = 8, last = 0;
    for (int i = 0; i < 70; i++) {
        if (i == 69) {
            last = line;
            sb_append(&md, "<div class=\"box\"><img src=\"plan.png\"></div>\n\n");
        } else {
            sb_printf(&md, "<div class=\"box\">Box %d.</div>\n\n", i);
        }
        line += 2;
    }
    put("raw/consultations/boxes/index.md", md.data);
    put("raw/consultations/boxes/plan.png", "\x89PNG\r\n\x1a\n");
    sb_free(&md);
    char *out;
    run("build raw -o raw-out --now 2026-11-23", &out);
    char *want = xasprintf("consultations/boxes/index.md:%d: error: This image has no accessible name", last);
    if (!strstr(out, want))
        fail_msg("expected \"%s\" in:\n%s", want, out);
    free(want);
    free(out);
}

/* The warning about an emptied address comes exactly when the address is
 * emptied: a data: picture that is not PNG, GIF, JPEG or WebP is emptied,
 * a link to a PNG data: address is kept. */
static void test_emptied_addresses_are_named(void **state)
{
    (void)state;
    put("data/site.yml", "title: Data\ncontact:\n  email: a@data.example\n");
    put("data/consultations/chart/index.md",
        "---\ntitle: A chart\nsummary: A page with a chart.\nopens: 2026-11-01\n"
        "closes: 2026-12-20\n---\n\n"
        "![A chart](data:image/svg+xml;base64,AA)\n\n"
        "[The chart as a picture](data:image/png;base64,AA)\n");
    char *out;
    run("build data -o data-out --now 2026-11-23", &out);
    if (!strstr(out, "consultations/chart/index.md:8: warning: data: addresses are not allowed, "
                     "so this image goes nowhere"))
        fail_msg("expected a warning about the image at line 8 in:\n%s", out);
    if (strstr(out, ":10: warning: data: addresses"))
        fail_msg("the PNG link is kept, so no warning about it:\n%s", out);
    free(out);
}

/* Workers finish packs in whatever order they can; what the packs say is
 * shown in the packs' order all the same, so two builds of one site say
 * the same thing in the same order on any number of cores.  The first
 * pack is long and the second short: on two workers the second is done
 * first, and its warning must still come second. */
static void test_pack_messages_in_pack_order(void **state)
{
    (void)state;
    put("order/site.yml", "title: Order\ncontact:\n  email: a@order.example\n");
    StrBuf body;
    sb_init(&body);
    sb_append(&body, "---\ntitle: A long one\nsummary: A pack with a lot to check.\nopens: 2026-11-01\n"
                     "closes: 2026-12-20\n---\n\n");
    for (int i = 0; i < 1500; i++)
        sb_printf(&body, "## Part %d\n\nWe want to hear what you think about part %d of the plan.\n\n", i, i);
    put("order/consultations/a-long/index.md", body.data);
    sb_free(&body);
    /* Said late: easy read is made after the long plain page is checked. */
    put("order/consultations/a-long/easy-read.md",
        "# A long one\n\n![A park](picture:park) We want to hear from you.\n\n<div>Raw HTML.</div>\n");
    put("order/consultations/b-short/index.md",
        "---\ntitle: A short one\nsummary: A pack with little to check.\nopens: 2026-11-01\n"
        "closes: 2026-12-20\n---\n\nTell us.\n");
    static const char csv[] = "theme,you_said,we_did,status\nX,More.,Added.,done\n";
    put("order/consultations/a-long/you-said-we-did.csv", csv);
    put("order/consultations/b-short/you-said-we-did.csv", csv);
    for (int run = 0; run < 3; run++) {
        char *out;
        assert_int_equal(sayso_run("build order -o order-out --now 2026-11-23 --no-cache -j 2", &out), 0);
        const char *a = strstr(out, "consultations/a-long/easy-read.md:5: warning: raw HTML is turned off");
        const char *b = strstr(out, "consultations/b-short/you-said-we-did.csv:1: warning: this consultation is still open");
        if (!a || !b || a > b)
            fail_msg("the packs' warnings are not in the packs' order:\n%s", out);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builds_the_spec_layout),
        cmocka_unit_test(test_builds_are_reproducible),
        cmocka_unit_test(test_broken_pack_keeps_previous_site),
        cmocka_unit_test(test_bad_values_name_file_and_line),
        cmocka_unit_test(test_windows_1252_pack),
        cmocka_unit_test(test_values_are_escaped_and_raw_html_is_off),
        cmocka_unit_test(test_links_out_of_the_pack_are_errors),
        cmocka_unit_test(test_footnotes_are_named_at_their_line),
        cmocka_unit_test(test_task_list_passes_the_checks),
        cmocka_unit_test(test_links_to_a_packs_markdown_lead_to_its_page),
        cmocka_unit_test(test_checks_fail_the_build_with_lines),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_many_broken_packs_report_in_folder_order),
        cmocka_unit_test(test_long_lists_of_findings_are_cut_short),
        cmocka_unit_test(test_build_finds_the_site_around_the_folder),
        cmocka_unit_test(test_build_outside_a_site_says_what_to_do),
        cmocka_unit_test(test_one_count_in_every_line),
        cmocka_unit_test(test_front_matter_findings_name_their_line),
        cmocka_unit_test(test_picture_gallery_and_unknown_names),
        cmocka_unit_test(test_raw_html_blocks_keep_their_lines),
        cmocka_unit_test(test_emptied_addresses_are_named),
        cmocka_unit_test(test_pack_messages_in_pack_order),
    };
    return cmocka_run_group_tests_name("build", tests, setup, remove_tmp_root);
}
