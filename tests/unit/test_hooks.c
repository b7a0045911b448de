/* test_hooks.c: Lua hooks: the built-in "You said, we did" page, site
 * overrides, the sandbox and its limits, and what hooks may return.
 *
 * Each case is a site folder under tests/cases/hooks/ holding only lua/;
 * the built-in hooks come from lua/ in this checkout (the data folder the
 * test binary finds above build/). */
#define TESTUTIL_MESSAGES
#include "testutil.h"
#include "diag.h"
#include "feedback.h"
#include "hooks.h"
#include "lua_sandbox.h"
#include "markdown_escape.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

static Site make_site(const char *case_name)
{
    Site site = {0};
    site.source_dir = xasprintf("tests/cases/hooks/%s", case_name);
    site.title = xstrdup("Anytown Council: have your say");
    site.organisation = xstrdup("Anytown Council");
    site.contact.email = xstrdup("talk@anytown.example");
    site.feedback_due_weeks = 12;
    site.today = date_from_ymd(2027, 4, 1);
    return site;
}

static PackMeta make_pack(void)
{
    PackMeta m = {0};
    m.slug = xstrdup("parks");
    m.title = xstrdup("Our parks & <green> spaces");
    m.summary = xstrdup("How should we look after the parks?");
    m.opens = date_from_ymd(2026, 11, 2);
    m.closes = date_from_ymd(2026, 12, 14);
    m.decision.date = DAY_NONE;
    sl_push(&m.topics, "environment");
    m.has_feedback = true;
    pack_update_status(&m, date_from_ymd(2027, 4, 1), 12);
    return m;
}

static const char feedback_csv[] =
    "theme,you_said,we_did,status,reason,follow_up,easy_you_said,easy_we_did,picture\n"
    "Play areas,<script>alert(1)</script> [click](javascript:x),We read every comment,done,,,,,\n"
    ",Open the cafe all year,We are talking to the cafe owners,doing,,2027-03-01,"
    "Open the cafe in winter,We are asking the cafe,food\n"
    "Play areas,Build a splash pad,It costs too much to run,not-doing,"
    "The water bill would be more than the whole parks budget,,Build a water play area,We cannot pay for it,\n";

static void load_feedback(PackContent *content)
{
    memset(content, 0, sizeof *content);
    assert_true(feedback_parse(feedback_csv, strlen(feedback_csv), "consultations/parks/you-said-we-did.csv",
                               NULL, &content->feedback));
}

/* A case's hooks opened for the usual pack (tests/cases/hooks/NAME), and
 * the extra pages they make. */
typedef struct HookCase {
    Site site;
    PackMeta pack;
    PackContent content;           /* the usual feedback, or none */
    Hooks *h;
    ExtraPage *pages;
    size_t count;
} HookCase;

static void open_case(HookCase *c, const char *case_name, bool with_feedback)
{
    memset(c, 0, sizeof *c);
    c->site = make_site(case_name);
    c->pack = make_pack();
    if (with_feedback)
        load_feedback(&c->content);
    c->h = hooks_open(&c->site);
    assert_non_null(c->h);
}

static void close_case(HookCase *c)
{
    extra_pages_free(c->pages, c->count);
    hooks_close(c->h);
    pack_content_free(&c->content);
    pack_meta_free(&c->pack);
    site_free(&c->site);
}

static bool contains(const char *haystack, const char *needle)
{
    return strstr(haystack, needle) != NULL;
}

static void assert_messages(const char *const *expected, size_t n)
{
    for (size_t i = 0; i < messages.count && i < n; i++)
        assert_string_equal(messages.items[i], expected[i]);
    assert_int_equal(messages.count, n);
}

/* --- the built-in page ----------------------------------------------------- */

/* easy_reason gives the reason in easy-read words; plain pages keep reason. */
static void test_easy_reason_is_used_in_easy_read(void **state)
{
    (void)state;
    static const char csv[] =
        "you_said,we_did,status,reason,easy_reason\n"
        "Open at night,We cannot open at night,not-doing,"
        "Opening after ten would need two more staff on every shift all year,It needs more staff than we have\n";
    Site site = make_site("no-such-site");
    PackMeta pack = make_pack();
    PackContent content;
    memset(&content, 0, sizeof content);
    assert_true(feedback_parse(csv, strlen(csv), "consultations/parks/you-said-we-did.csv", NULL, &content.feedback));
    Hooks *h = hooks_open(&site);
    assert_non_null(h);
    ExtraPage *pages;
    size_t count;
    assert_true(hooks_extra_pages(h, &pack, &content, &pages, &count));
    assert_int_equal(count, 1);
    assert_true(contains(pages[0].markdown[FORMAT_EASY_READ], "Why: It needs more staff than we have."));
    assert_false(contains(pages[0].markdown[FORMAT_EASY_READ], "two more staff"));
    assert_true(contains(pages[0].markdown[FORMAT_PLAIN], "two more staff on every shift"));
    extra_pages_free(pages, count);
    hooks_close(h);
    feedback_free(&content.feedback);
    pack_meta_free(&pack);
    site_free(&site);
}

/* Feedback while the consultation is open (only with `results: interim`)
 * is what has been heard so far: no statuses, nothing worded as done. */
static void test_interim_feedback_is_not_a_decision(void **state)
{
    (void)state;
    Site site = make_site("no-such-site");
    PackMeta pack = make_pack();
    pack.results_interim = true;
    pack_update_status(&pack, date_from_ymd(2026, 12, 1), 12);
    assert_int_equal(pack.status, STATUS_OPEN);
    PackContent content;
    load_feedback(&content);
    Hooks *h = hooks_open(&site);
    ExtraPage *pages;
    size_t count;
    assert_true(hooks_extra_pages(h, &pack, &content, &pages, &count));
    assert_int_equal(count, 1);
    assert_string_equal(pages[0].title, "What we have heard so far: Our parks & <green> spaces");
    for (int f = 0; f < FORMAT_COUNT; f++) {
        const char *md = pages[0].markdown[f];
        assert_false(contains(md, "We did"));
        assert_false(contains(md, "Done"));
        assert_false(contains(md, "could not do"));
        assert_false(contains(md, "picture:tick"));
        assert_false(contains(md, "picture:cross"));
    }
    assert_true(contains(pages[0].markdown[FORMAT_PLAIN], "This page shows what people have told us so far. "
                                                         "It is not a decision"));
    assert_true(contains(pages[0].markdown[FORMAT_PLAIN], "until Monday 14 December 2026"));
    assert_true(contains(pages[0].markdown[FORMAT_EASY_READ], "We have not decided anything yet."));
    extra_pages_free(pages, count);
    hooks_close(h);
    pack_content_free(&content);
    pack_meta_free(&pack);
    site_free(&site);
}

/* The decision comes first; easy read does not say the status twice when
 * the author's words already do, and a status picture is never the
 * picture of what someone said. */
static void test_decision_first_and_easy_read_words_once(void **state)
{
    (void)state;
    static const char csv[] =
        "you_said,we_did,status,reason,easy_you_said,easy_we_did,picture\n"
        "Bring back the van,We could not bring it back,not-doing,It is too old to repair,"
        "Bring back the van,We could not bring back the van,cross\n";
    Site site = make_site("no-such-site");
    PackMeta pack = make_pack();
    pack.decision.date = date_from_ymd(2027, 1, 20);
    pack.decision.summary = xstrdup("We will keep the parks open later in summer.");
    PackContent content;
    memset(&content, 0, sizeof content);
    assert_true(feedback_parse(csv, strlen(csv), "consultations/parks/you-said-we-did.csv", NULL, &content.feedback));
    Hooks *h = hooks_open(&site);
    ExtraPage *pages;
    size_t count;
    assert_true(hooks_extra_pages(h, &pack, &content, &pages, &count));
    const char *plain = pages[0].markdown[FORMAT_PLAIN];
    assert_true(str_starts_with(plain, "## What we decided\n\nWe decided on Wednesday 20 January 2027. "
                                       "We will keep the parks open later in summer\\."));
    assert_true(contains(plain, "**What happens next:** We have finished everything"));
    const char *easy = pages[0].markdown[FORMAT_EASY_READ];
    assert_true(contains(easy, "](picture:cross) We could not bring back the van."));
    assert_false(contains(easy, "We could not do this. We could not"));
    assert_false(contains(easy, "](picture:cross) You said"));
    assert_true(contains(easy, "](picture:speech) You said: Bring back the van."));
    assert_int_equal(messages.count, 1);
    assert_true(contains(messages.items[0], "consultations/parks/you-said-we-did.csv:2: warning: picture 'cross' "
                                            "says how something went"));
    extra_pages_free(pages, count);
    hooks_close(h);
    pack_content_free(&content);
    pack_meta_free(&pack);
    site_free(&site);
}

static void test_builtin_page_in_three_formats(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "no-such-site", true);

    assert_true(hooks_extra_pages(c.h, &c.pack, &c.content, &c.pages, &c.count));
    assert_int_equal(c.count, 1);
    assert_string_equal(c.pages[0].slug, "you-said-we-did");
    assert_string_equal(c.pages[0].title, "You said, we did: Our parks & <green> spaces");
    assert_true(str_ends_with(c.pages[0].source_path, "lua/you-said-we-did.lua"));

    const char *plain = c.pages[0].markdown[FORMAT_PLAIN];
    /* Counts per status at the top, before the first row. */
    const char *glance = strstr(plain, "## At a glance");
    assert_non_null(glance);
    assert_true(contains(plain, "You told us 3 things:\n\n- ✓ **Done:** 1\n- → **Doing now:** 1\n"
                                "- ✗ **Could not do:** 1"));
    /* Themes in CSV order, rows without one last under a general heading. */
    const char *play = strstr(plain, "## Play areas");
    const char *other = strstr(plain, "## Other things you told us");
    assert_non_null(play);
    assert_non_null(other);
    assert_true(glance < play);
    assert_true(play < other);
    assert_true(strstr(plain, "Build a splash pad") < other);
    /* Each row's status is a label of its own, with a mark and words. */
    assert_true(contains(plain, "- **✓ Done**\n\n  **You said:**"));
    assert_true(contains(plain, "- **→ Doing now**\n\n  **You said:** Open the cafe all year\n\n"
                                "  **What we are doing:** We are talking to the cafe owners"));
    assert_false(contains(plain, "Progress"));
    /* A row not done never says "We did": it says why not. */
    assert_true(contains(plain, "- **✗ Could not do**\n\n  **You said:** Build a splash pad\n\n"
                                "  **Our answer:** It costs too much to run\n\n"
                                "  We could not do this, because the water bill would be more than the "
                                "whole parks budget."));
    assert_false(contains(plain, "**We did:** It costs too much"));
    /* The follow-up date (1 March) is before the build date (1 April): no
     * promise to tell people by a date that has gone. */
    assert_false(contains(plain, "We will tell you by Monday 1 March 2027"));
    assert_true(contains(plain, "We said we would tell you by Monday 1 March 2027 if this happened. That "
                                "date has passed, and we have not updated this yet."));
    assert_true(contains(plain, "**What happens next:** We are still working on 1 thing. We said we would "
                                "tell you how they went by Monday 1 March 2027. That date has passed"));
    assert_true(contains(plain, "Email talk\\@anytown\\.example."));

    const char *large = c.pages[0].markdown[FORMAT_LARGE_PRINT];
    assert_true(contains(large, "We could not do this, because the water bill would be more than the whole "
                                "parks budget."));
    assert_false(contains(large, "\n- **"));

    const char *easy = c.pages[0].markdown[FORMAT_EASY_READ];
    assert_true(contains(easy, "](picture:tick) We did this. We read every comment."));
    assert_true(contains(easy, "](picture:clock) We are doing this now. We are asking the cafe."));
    assert_true(contains(easy, "](picture:food) You said: Open the cafe in winter."));
    assert_true(contains(easy, "](picture:cross) We could not do this. We cannot pay for it.\n\n!["));
    assert_true(contains(easy, "](picture:question) Why: The water bill would be more than the whole parks budget."));
    assert_true(contains(easy, "](picture:tick) We did 1 thing."));
    assert_true(contains(easy, "## Play areas"));
    /* Theme pictures carry the theme's words for them (pictures.yml), not bare names. */
    assert_false(contains(easy, "![](picture:"));
    assert_false(contains(easy, "![tick]"));
    /* Easy read: every block is a heading or starts with its picture. */
    char *copy = xstrdup(easy);
    for (char *block = strtok(copy, "\n"); block; block = strtok(NULL, "\n"))
        if (block[0] != '#')
            assert_true(str_starts_with(block, "!["));
    free(copy);

    close_case(&c);
    assert_int_equal(messages.count, 0);
}

static void test_script_in_a_cell_comes_out_as_text(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "no-such-site", true);
    assert_true(hooks_extra_pages(c.h, &c.pack, &c.content, &c.pages, &c.count));

    for (int f = 0; f < FORMAT_COUNT; f++) {
        const char *md = c.pages[0].markdown[f];
        assert_true(contains(md, "\\<script\\>alert\\(1\\)\\<\\/script\\> \\[click\\]\\(javascript\\:x\\)"));
        /* Through the same CommonMark renderer the pages use: text, not markup. */
        char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
        assert_true(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:x)"));
        assert_false(contains(html, "<script"));
        assert_false(contains(html, "href=\"javascript"));
        assert_true(contains(html, "Our parks &amp; &lt;green&gt; spaces"));
        free(html);
    }
    close_case(&c);
}

static void test_escape_makes_every_punctuation_literal(void **state)
{
    (void)state;
    char *e = markdown_escape("  # *a* _b_ `c` <d> &amp; 1. x|y ~z~ \\  ",
                                     strlen("  # *a* _b_ `c` <d> &amp; 1. x|y ~z~ \\  "));
    assert_string_equal(e, "\\# \\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\&amp\\; 1\\. x\\|y \\~z\\~ \\\\");
    free(e);
    /* A line break could start a block: it becomes one space. */
    e = markdown_escape("one  \r\n\n    # two", strlen("one  \r\n\n    # two"));
    assert_string_equal(e, "one \\# two");
    free(e);
}

static void test_no_feedback_no_page(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "no-such-site", false);
    c.pages = (ExtraPage *)&c.site;
    c.count = 99;
    assert_true(hooks_extra_pages(c.h, &c.pack, NULL, &c.pages, &c.count));
    assert_null(c.pages);
    assert_int_equal(c.count, 0);
    close_case(&c);
}

static void test_unknown_row_picture_warns_at_the_row(void **state)
{
    (void)state;
    Site site = make_site("no-such-site");
    PackMeta pack = make_pack();
    PackContent content = {0};
    const char csv[] = "you_said,we_did,status,picture\n"
                       "More bins,We added ten,done,unicorn\n"
                       "Cleaner paths,We sweep weekly,done,../../etc/passwd\n";
    assert_true(feedback_parse(csv, strlen(csv), "consultations/parks/you-said-we-did.csv", NULL,
                               &content.feedback));
    Hooks *h = hooks_open(&site);
    ExtraPage *pages;
    size_t count;
    assert_true(hooks_extra_pages(h, &pack, &content, &pages, &count));
    static const char *const expected[] = {
        "consultations/parks/you-said-we-did.csv:2: warning: picture 'unicorn' is not one of the theme's "
        "pictures or a file name (the page easy-read-pictures/ of the built site shows every picture with "
        "its name); the easy-read page shows the talking picture instead",
        "consultations/parks/you-said-we-did.csv:3: warning: picture '../../etc/passwd' is not one of the "
        "theme's pictures or a file name (the page easy-read-pictures/ of the built site shows every picture "
        "with its name); the easy-read page shows the talking picture instead",
    };
    assert_messages(expected, 2);
    assert_true(contains(pages[0].markdown[FORMAT_EASY_READ], "](picture:speech) You said: More bins."));
    assert_false(contains(pages[0].markdown[FORMAT_EASY_READ], "passwd)"));
    extra_pages_free(pages, count);
    hooks_close(h);
    pack_content_free(&content);
    pack_meta_free(&pack);
    site_free(&site);
}

/* --- overriding and adding ------------------------------------------------- */

static void test_site_file_replaces_the_builtin(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "override", true);
    assert_true(hooks_extra_pages(c.h, &c.pack, &c.content, &c.pages, &c.count));
    assert_int_equal(c.count, 1);
    assert_string_equal(c.pages[0].title, "Our answers");
    assert_string_equal(c.pages[0].source_path, "lua/you-said-we-did.lua");
    assert_null(c.pages[0].summary);
    assert_string_equal(c.pages[0].markdown[FORMAT_PLAIN],
                        "- \\<script\\>alert\\(1\\)\\<\\/script\\> \\[click\\]\\(javascript\\:x\\): done\n"
                        "- Open the cafe all year: doing\n"
                        "- Build a splash pad: not-doing\n");
    /* No large print given: it is the plain text. */
    assert_string_equal(c.pages[0].markdown[FORMAT_LARGE_PRINT], c.pages[0].markdown[FORMAT_PLAIN]);
    close_case(&c);
}

static void test_site_file_adds_to_the_builtin_in_name_order(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "extra", true);
    assert_true(hooks_extra_pages(c.h, &c.pack, &c.content, &c.pages, &c.count));
    assert_int_equal(c.count, 2);
    assert_string_equal(c.pages[0].slug, "notes");
    assert_string_equal(c.pages[0].source_path, "lua/abc-notes.lua");
    assert_string_equal(c.pages[0].summary, "Meeting notes.");
    assert_string_equal(c.pages[0].markdown[FORMAT_LARGE_PRINT], "NOTES.\n");
    assert_string_equal(c.pages[1].slug, "you-said-we-did");
    close_case(&c);
}

static void test_hash_follows_the_files_in_effect(void **state)
{
    (void)state;
    Site a = make_site("no-such-site"), b = make_site("extra"), c = make_site("override");
    assert_int_equal(hooks_hash(&a), hooks_hash(&a));
    assert_true(hooks_hash(&a) != hooks_hash(&b));
    assert_true(hooks_hash(&a) != hooks_hash(&c));
    assert_true(hooks_hash(&b) != hooks_hash(&c));
    site_free(&a);
    site_free(&b);
    site_free(&c);
}

/* --- the sandbox ------------------------------------------------------------ */

static void test_sandbox_has_no_io_os_or_loading(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "probe", false);
    assert_true(hooks_extra_pages(c.h, &c.pack, NULL, &c.pages, &c.count));
    assert_int_equal(c.count, 2);
    assert_string_equal(c.pages[0].markdown[FORMAT_PLAIN],
                        "io=nil\nos=nil\npackage=nil\ndebug=nil\nrequire=nil\nload=nil\nloadstring=nil\n"
                        "dofile=nil\nloadfile=nil\ncollectgarbage=nil\ncoroutine=nil\nstring=table\n"
                        "table=table\nmath=table\nutf8=table\nprint=function\npcall=function\n"
                        "string.dump=nil\nstringmeta=boolean\nmethod=X\n"
                        "site=Anytown Council: have your say/2027-04-01\ndate=Monday 23 November 2026\n");
    /* The later file's string library was not touched by the earlier one. */
    assert_string_equal(c.pages[1].title, "OK");
    close_case(&c);
}

static void expect_failure(const char *case_name, long instructions, size_t memory, const char *expected)
{
    bool stopped_for_good = strstr(expected, "hook stopped") != NULL;
    HookCase c;
    open_case(&c, case_name, false);
    hooks_set_limits(c.h, instructions, memory);
    assert_false(hooks_extra_pages(c.h, &c.pack, NULL, &c.pages, &c.count));
    assert_null(c.pages);
    assert_int_equal(c.count, 0);
    assert_messages(&expected, 1);
    sl_free(&messages);
    messages = (StrList){0};
    assert_false(hooks_extra_pages(c.h, &c.pack, NULL, &c.pages, &c.count));
    if (stopped_for_good) {
        /* Reported once: later packs fail at once, without running it again. */
        assert_int_equal(messages.count, 0);
    } else {
        /* An ordinary error is reported for each pack it happens in. */
        assert_messages(&expected, 1);
    }
    close_case(&c);
}

static void test_endless_loop_is_stopped(void **state)
{
    (void)state;
    expect_failure("slow", 1000000, 0,
                   "lua/slow.lua:3: error: hook stopped: it ran for more than 1000000 instructions");
}

static void test_pcall_cannot_catch_a_stop(void **state)
{
    (void)state;
    expect_failure("catch-stop", 1000000, 0,
                   "lua/sly.lua:2: error: hook stopped: it ran for more than 1000000 instructions");
}

static void test_memory_bomb_is_stopped(void **state)
{
    (void)state;
    expect_failure("bomb", 0, 16u << 20, "lua/bomb.lua:5: error: hook stopped: it used more than 16 MB of memory");
}

static void test_memory_kept_between_calls_is_stopped(void **state)
{
    (void)state;
    expect_failure("rep-bomb", 0, 16u << 20, "lua/rep.lua:5: error: hook stopped: it used more than 16 MB of memory");
}

static void test_runtime_error_names_file_and_line(void **state)
{
    (void)state;
    expect_failure("broken", 0, 0, "lua/broken.lua:4: error: attempt to index a nil value (local 'missing')");
}

static void test_wrong_return_names_the_hook(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "bad-return", false);
    assert_false(hooks_extra_pages(c.h, &c.pack, NULL, &c.pages, &c.count));
    static const char *const expected[] = {
        "lua/bad-return.lua:5: warning: 'page' is not a hook point, so it is never called "
        "(the hook points are pack_loaded, before_render and pages)",
        "lua/bad-return.lua:2: error: pages(): page 'extra': title must be text, not missing",
    };
    assert_messages(expected, 2);
    close_case(&c);
}

static void test_bad_files_stop_hooks_open(void **state)
{
    (void)state;
    Site a = make_site("syntax"), b = make_site("not-a-table");
    assert_null(hooks_open(&a));
    assert_null(hooks_open(&b));
    static const char *const expected[] = {
        "lua/syntax.lua:3: error: '}' expected near 'title'",
        "lua/nothing.lua: error: a hook file must end by returning a table of hook functions "
        "(for example `return {pages = pages}`), not nothing",
    };
    assert_messages(expected, 2);
    site_free(&a);
    site_free(&b);
}

static void test_warn_and_api_errors_name_lines(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "warn", true);
    assert_false(hooks_extra_pages(c.h, &c.pack, &c.content, &c.pages, &c.count));
    static const char *const expected[] = {
        "lua/warn.lua:3: warning: this is a test warning",
        "consultations/parks/you-said-we-did.csv:2: warning: about a row",
        "lua/warn.lua:5: error: sayso.date_long: 'not a date' is not a date as YYYY-MM-DD",
    };
    assert_messages(expected, 3);
    close_case(&c);
}

/* The example in doc/hooks.md, run as written. */
static void test_documented_example_works(void **state)
{
    (void)state;
    char *doc = read_file("doc/hooks.md", NULL);
    assert_non_null(doc);
    const char *start = strstr(doc, "## An example");
    assert_non_null(start);
    start = strstr(start, "```lua\n");
    assert_non_null(start);
    start += strlen("```lua\n");
    const char *end = strstr(start, "```");
    assert_non_null(end);

    char dir[] = "/tmp/sayso-hooks-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *lua_dir = xasprintf("%s/lua", dir);
    char *file = xasprintf("%s/key-dates.lua", lua_dir);
    assert_true(make_dirs(lua_dir));
    assert_true(write_file(file, start, (size_t)(end - start)));

    Site site = make_site("x");
    free(site.source_dir);
    site.source_dir = xstrdup(dir);
    PackMeta pack = make_pack();
    pack.opens = date_from_ymd(2027, 5, 3);
    pack.closes = date_from_ymd(2027, 6, 28);
    pack_update_status(&pack, site.today, 12);
    Hooks *h = hooks_open(&site);
    assert_non_null(h);
    assert_true(hooks_pack_loaded(h, &pack, NULL));
    assert_string_equal(pack.title, "Our parks & <green> spaces (opens soon)");
    ExtraPage *pages;
    size_t count;
    assert_true(hooks_extra_pages(h, &pack, NULL, &pages, &count));
    assert_int_equal(count, 1);
    assert_string_equal(pages[0].slug, "key-dates");
    assert_string_equal(pages[0].markdown[FORMAT_PLAIN],
                        "## When you can take part\n\nYou can tell us what you think from "
                        "Monday 3 May 2027 to Monday 28 June 2027.\n");
    assert_true(str_starts_with(pages[0].markdown[FORMAT_EASY_READ], "## When\n\n![A calendar](picture:calendar)"));
    assert_int_equal(messages.count, 0);

    extra_pages_free(pages, count);
    hooks_close(h);
    pack_meta_free(&pack);
    site_free(&site);
    remove_tree(dir);
    free(file);
    free(lua_dir);
    free(doc);
}

/* --- pack_loaded and before_render ------------------------------------------ */

static void test_pack_loaded_and_before_render_change_the_pack(void **state)
{
    (void)state;
    HookCase c;
    open_case(&c, "render", false);
    assert_int_equal(c.pack.status, STATUS_RESULTS);

    assert_true(hooks_pack_loaded(c.h, &c.pack, NULL));
    assert_string_equal(c.pack.title, "Our parks & <green> spaces (draft)");
    assert_int_equal(c.pack.topics.count, 2);
    assert_string_equal(c.pack.topics.items[1], "parks");
    assert_int_equal(c.pack.closes, date_from_ymd(2027, 1, 31));
    assert_string_equal(c.pack.summary, "How should we look after the parks?");
    assert_int_equal(c.pack.feedback_due, date_from_ymd(2027, 1, 31) + 84);

    char *title = xstrdup("Parks"), *md = xstrdup("Hello.\n");
    assert_true(hooks_before_render(c.h, &c.pack, FORMAT_LARGE_PRINT, "index", &title, &md));
    assert_string_equal(title, "Parks in large print");
    assert_string_equal(md, "Hello.\n\nFrom index of parks.\n");
    assert_true(hooks_before_render(c.h, &c.pack, FORMAT_PLAIN, "you-said-we-did", &title, &md));
    assert_string_equal(title, "Parks in large print");
    assert_string_equal(md, "Hello.\n\nFrom index of parks.\n\nFrom you-said-we-did of parks.\n");
    free(title);
    free(md);
    close_case(&c);
    assert_int_equal(messages.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_builtin_page_in_three_formats, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_easy_reason_is_used_in_easy_read, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_interim_feedback_is_not_a_decision, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_decision_first_and_easy_read_words_once, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_script_in_a_cell_comes_out_as_text, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_escape_makes_every_punctuation_literal, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_no_feedback_no_page, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_row_picture_warns_at_the_row, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_site_file_replaces_the_builtin, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_site_file_adds_to_the_builtin_in_name_order, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_hash_follows_the_files_in_effect, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_sandbox_has_no_io_os_or_loading, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_endless_loop_is_stopped, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_pcall_cannot_catch_a_stop, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_memory_bomb_is_stopped, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_memory_kept_between_calls_is_stopped, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_runtime_error_names_file_and_line, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_return_names_the_hook, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_bad_files_stop_hooks_open, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_warn_and_api_errors_name_lines, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_documented_example_works, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_pack_loaded_and_before_render_change_the_pack, messages_setup, messages_teardown),
    };
    return cmocka_run_group_tests_name("hooks", tests, NULL, NULL);
}
