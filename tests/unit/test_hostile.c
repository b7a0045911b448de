/* test_hostile.c: input made to hurt sayso (issue 22), a class per test.
 *
 * Most run the sayso binary (SAYSO_BIN, as test_build.c does) on a small
 * site in a temporary folder and look at what a person would see: the
 * exit status, the message, and what was (not) written.  The rest call
 * the module that holds the mechanism.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "attachment.h"
#include "diag.h"
#include "lua_sandbox.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs sayso with args in the test folder, stopped after `seconds`. */
static int run_for(int seconds, const char *args, char **output)
{
    return sayso_run_in(".", NULL, seconds, args, output);
}

static int run(const char *args, char **output)
{
    return run_for(60, args, output);
}

static char *in_tmp(const char *rel)
{
    return path_join(tmp_root, rel);
}

static bool exists_or_link(const char *rel)
{
    char *path = in_tmp(rel);
    struct stat st;
    bool ok = lstat(path, &st) == 0;
    free(path);
    return ok;
}

static const char site_yml[] =
    TESTBURY_TITLE TESTBURY_BASE_URL TESTBURY_CONTACT;

static const char good_pack[] =
    NEW_PARK_FRONT NEW_PARK_WHY "We want to hear from you.\n";

/* Writes text to the file rel in the site folder name. */
static void put_in(const char *name, const char *rel, const char *text)
{
    char *p = xasprintf("%s/%s", name, rel);
    put(p, text);
    free(p);
}

/* A good site in folder name, to spoil one thing in. */
static void good_site(const char *name)
{
    put_in(name, "site.yml", site_yml);
    put_in(name, "consultations/new-park/index.md", good_pack);
    put_in(name, "pages/about.md", "---\ntitle: About\nsummary: About this site.\n---\n\nThis site is for testing.\n");
}

static int setup(void **state)
{
    (void)state;
    if (!tmp_root_make("hostile"))
        return -1;
    diag_set_verbosity(DIAG_SILENT);
    return 0;
}

/* ---- 8: a pack's files never replace or pass as its pages ---- */

static void test_attachment_named_like_a_page_is_an_error(void **state)
{
    (void)state;
    good_site("a8");
    put("a8/consultations/new-park/large-print", "not a folder\n");
    char *out;
    assert_int_equal(run("build a8 -o a8out --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/large-print: error: this file would be published as "
                                "consultations/new-park/large-print/index.html, which sayso makes"));
    assert_false(exists_or_link("a8out"));
    free(out);
}

static void test_html_attachment_is_refused(void **state)
{
    (void)state;
    good_site("h8");
    put("h8/consultations/new-park/index.html", "<script>alert(1)</script>\n");
    char *out;
    assert_int_equal(run("build h8 -o h8out --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/index.html: error: a web page in a consultation's folder"));
    assert_false(exists_or_link("h8out"));
    free(out);
}

static void test_svg_attachments_must_be_plain_pictures(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "<svg xmlns='http://www.w3.org/2000/svg'><a href='javascript:alert(1)'><rect/></a></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'>"
        "<use x:href='https://evil.example/a.svg#x'/></svg>",
        "<!DOCTYPE svg [<!ENTITY s '&#60;script&#62;'>]><svg xmlns='http://www.w3.org/2000/svg'>&s;</svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><div/></foreignObject></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><style>@import 'https://evil.example/x.css';</style></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><set attributeName='href' to='javascript:alert(1)'/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'><rect",
    };
    char *path = in_tmp("picture.svg");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_true(write_file(path, bad[i], strlen(bad[i])));
        diag_reset();
        if (attachment_publishable(path, "picture.svg"))
            fail_msg("published: %s", bad[i]);
        assert_int_equal(diag_error_count(), 1);
    }
    static const char plain[] = "<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-labelledby='t'>"
                                "<title id='t'>A map</title><defs><linearGradient id='g'/></defs>"
                                "<rect fill='url(#g)' style='fill:url(#g)'/><use href='#g'/></svg>";
    assert_true(write_file(path, plain, strlen(plain)));
    diag_reset();
    assert_true(attachment_publishable(path, "picture.svg"));
    assert_int_equal(diag_error_count(), 0);
    free(path);
}

/* ---- 2: a loop of links ends every walk with a message ---- */

static void link_at(const char *target, const char *rel)
{
    char *path = in_tmp(rel);
    assert_int_equal(symlink(target, path), 0);
    free(path);
}

static void test_link_loops_end_with_a_message(void **state)
{
    (void)state;
    good_site("l2");
    link_at(".", "l2/pages/again");
    link_at(".", "l2/pages/and-again");
    char *out;
    assert_int_equal(run_for(20, "build l2 -o l2out --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "pages/again: error: this link leads back to a folder it is in"));
    free(out);

    good_site("t2");
    put("t2/themes/mine/css/extra.css", "p { color: #000; }\n");
    put("t2/site.yml", "title: T\norganisation: T\nbase_url: https://t.example/\ntheme: mine\n"
                       "contact:\n  email: a@t.example\n");
    link_at("..", "t2/themes/mine/css/up");
    link_at("..", "t2/themes/mine/css/up-again");
    assert_int_equal(run_for(20, "build t2 -o t2out --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "themes/mine/css/up: error: this link leads back to a folder it is in"));
    free(out);

    good_site("p2");
    link_at("self", "p2/consultations/new-park/self");
    assert_int_equal(run_for(20, "build p2 -o p2out --now 2026-11-23", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/self: error: this link leads to itself, round a loop"));
    assert_null(strstr(out, "outside the pack"));
    free(out);

    put("c2/a/page.html", "<!DOCTYPE html><html lang=en><head><title>A</title></head><body></body></html>");
    link_at("..", "c2/a/up");
    link_at("..", "c2/a/up-again");
    assert_int_equal(run_for(20, "check c2", &out), 2);
    assert_non_null(strstr(out, "c2/a/up: this link leads back to a folder it is in"));
    free(out);
}

/* ---- 3, 4, 5: what the count hook cannot see ---- */

/* Runs a hook file's text in a fresh sandbox; false with *err when it failed. */
static bool run_lua(const char *code, SandboxError *err)
{
    Sandbox *sb = sandbox_new(SANDBOX_MEMORY_LIMIT, SANDBOX_INSTRUCTION_LIMIT, NULL, 0);
    assert_non_null(sb);
    bool ok = sandbox_load(sb, code, strlen(code), "lua/h.lua", err) && sandbox_call(sb, 0, 0, "lua/h.lua", err);
    sandbox_free(sb);
    return ok;
}

static void test_finalizers_are_refused(void **state)
{
    (void)state;
    SandboxError err;
    assert_false(run_lua("local t = setmetatable({}, {__gc = function() while true do end end})\n", &err));
    assert_string_equal(err.path, "lua/h.lua");
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "__gc is not allowed"));
    /* Other metatables are as they were. */
    assert_true(run_lua("local t = setmetatable({}, {__index = function() return 1 end})\n"
                        "assert(t.x == 1 and getmetatable(t) ~= nil)\n", &err));
}

static void test_warnings_are_capped_and_counted(void **state)
{
    (void)state;
    SandboxError err;
    diag_reset();
    assert_true(run_lua("local s = string.rep('x', 100000)\n"
                        "for i = 1, 100000 do sayso.warn(s) end\n", &err));
    /* 20 warnings, then one saying how many were left out. */
    assert_int_equal(diag_warning_count(), 21);
}

/* A string listed a million times is one string to Lua, and a million
 * copies once handed to C: what a hook gives back counts too. */
static void test_what_a_hook_hands_back_is_limited(void **state)
{
    (void)state;
    good_site("g5");
    put("g5/lua/many.lua", "return { pack_loaded = function(pack)\n  local s = string.rep('x', 1000000)\n"
                           "  local t = {}\n  for i = 1, 200 do t[i] = s end\n  pack.topics = t\nend }\n");
    char *out;
    assert_int_equal(run("build g5 -o g5out --now 2026-11-23", &out), 2);
    if (!strstr(out, "lua/many.lua:1: error: pack_loaded(): what it hands back comes to more than 64 MB"))
        fail_msg("%s", out);
    free(out);
}

static void test_backtracking_pattern_is_stopped_by_the_clock(void **state)
{
    (void)state;
    good_site("p4");
    put("p4/lua/slow.lua", "return {\n  pack_loaded = function(pack)\n"
                           "    local s = string.rep('a', 5000)\n"
                           "    return string.find(s, '.-.-.-.-.-.-.-b')\n  end,\n}\n");
    char *out;
    setenv("SAYSO_HOOK_SECONDS", "2", 1);
    int status = run_for(30, "build p4 -o p4out --now 2026-11-23", &out);
    unsetenv("SAYSO_HOOK_SECONDS");
    assert_int_equal(status, 2);
    assert_non_null(strstr(out, "lua/slow.lua:4: error: hook stopped: it ran for more than 2 seconds"));
    assert_int_equal(count_staging_folders(tmp_root), 0);
    free(out);
}

/* ---- 1 and 11: nesting thousands deep ---- */

/* text repeated n times */
static char *repeat(const char *text, size_t n)
{
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_append(&sb, text);
    return sb_take(&sb);
}

static void test_deep_markdown_is_an_error_at_its_line(void **state)
{
    (void)state;
    static const char *const deep[][2] = {{"> ", "quote"}, {"- ", "list"}, {"1. ", "numbered"}};
    for (size_t i = 0; i < 3; i++) {
        good_site("d1");
        char *prefix = repeat(deep[i][0], 20000);
        char *text = xasprintf("%s\n%s%s\n", good_pack, prefix, deep[i][1]);
        put("d1/consultations/new-park/index.md", text);
        char *out;
        assert_int_equal(run("build d1 -o d1out --now 2026-11-23 -j 1", &out), 2);
        if (!strstr(out, "consultations/new-park/index.md:12: error: this is nested more than 50 deep"))
            fail_msg("%s: %s", deep[i][1], out);
        free(out);
        free(text);
        free(prefix);
    }
    good_site("d2");
    put("d2/site.yml", "title: T\norganisation: T\nbase_url: https://t.example/\n"
                       "contact:\n  email: a@t.example\nmarkdown:\n  raw_html: true\n");
    char *open = repeat("<div>", 10000), *close = repeat("</div>", 10000);
    char *text = xasprintf("%s\n%sdeep%s\n", good_pack, open, close);
    put("d2/consultations/new-park/index.md", text);
    char *out;
    assert_int_equal(run("build d2 -o d2out --now 2026-11-23 -j 1", &out), 2);
    assert_non_null(strstr(out, "consultations/new-park/index.md:12: error: the HTML here is nested more than"));
    free(out);
    free(text);
    free(open);
    free(close);
}

static void test_check_never_passes_a_page_it_could_not_read_whole(void **state)
{
    (void)state;
    static const char head[] = "<!DOCTYPE html><html lang=\"en\"><head><title>Deep</title></head>"
                               "<body><main><h1>Deep</h1>";
    /* 300 deep: past libxml2's default limit, within sayso's: the missing
     * alt text after the nesting is found. */
    char *open = repeat("<div>", 300), *close = repeat("</div>", 300);
    char *page = xasprintf("%s%sx%s<img src=\"a.png\"></main></body></html>", head, open, close);
    put("c11/deep.html", page);
    char *out;
    assert_int_equal(run("check c11/deep.html", &out), 1);
    assert_non_null(strstr(out, "c11/deep.html:1: error: This image has no accessible name"));
    free(out);
    free(page);
    free(open);
    free(close);
    /* 5000 deep: not checked, and said so. */
    open = repeat("<div>", 5000);
    close = repeat("</div>", 5000);
    page = xasprintf("%s%sx%s</main></body></html>", head, open, close);
    put("c11/deeper.html", page);
    assert_int_equal(run("check c11/deeper.html", &out), 2);
    assert_non_null(strstr(out, "c11/deeper.html: elements are nested more than 512 deep"));
    free(out);
    free(page);
    free(open);
    free(close);
}

/* ---- 10: after kill -9 ---- */

static void test_killed_build_leaves_nothing_behind_and_keeps_the_kept_site(void **state)
{
    (void)state;
    good_site("k10");
    char *out;
    assert_int_equal(run("build k10 -o k10out --now 2026-11-23", &out), 0);
    free(out);
    put("k10/pages/about.md", "---\ntitle: About\nsummary: About this site.\n---\n\nChanged.\n");
    assert_int_equal(run("build k10 -o k10out --now 2026-11-23", &out), 0);
    free(out);
    assert_true(exists_or_link(".sayso-cache/k10out/site"));
    /* A hook that hangs in C, so the build is killed after it took up
     * the kept site as its staging folder. */
    put("k10/lua/stuck.lua", "return { pack_loaded = function(pack)\n"
                             "  string.find(string.rep('a', 5000), '.-.-.-.-.-.-.-.-b')\nend }\n");
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *bin = sayso_bin();
    char *cmd = xasprintf("cd '%s' && SAYSO_HOOK_SECONDS=60 '%s%s%s' build k10 -o k10out --now 2026-11-23 "
                          ">/dev/null 2>&1 & i=0; while [ -e .sayso-cache/k10out/site ] && [ $i -lt 600 ]; do "
                          "sleep 0.1; i=$((i + 1)); done; sleep 0.5; kill -9 $!; wait $! 2>/dev/null; true",
                          tmp_root, bin[0] == '/' ? "" : cwd, bin[0] == '/' ? "" : "/", bin);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    assert_int_equal(count_staging_folders(tmp_root), 1);
    assert_false(exists_or_link(".sayso-cache/k10out/site"));
    /* A staging folder a build beside this one holds is not touched. */
    put(".k10out.new-busy/.sayso-site", "made by sayso\n");
    char *busy = in_tmp(".k10out.new-busy");
    int fd = open(busy, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0 && flock(fd, LOCK_EX) == 0);

    char *gone = in_tmp("k10/lua/stuck.lua");
    unlink(gone);
    free(gone);
    assert_int_equal(run("build k10 -o k10out --now 2026-11-23", &out), 0);
    free(out);
    assert_int_equal(count_staging_folders(tmp_root), 1);     /* the busy one */
    assert_true(exists_or_link(".k10out.new-busy/.sayso-site"));
    assert_true(exists_or_link(".sayso-cache/k10out/site"));
    assert_true(exists_or_link("k10out/pages/about/index.html"));
    close(fd);
    free(busy);
}

/* ---- 14: checks that were missing ---- */

static void expect_build_error(const char *site, const char *message)
{
    char *args = xasprintf("build %s -o %sout --now 2026-11-23", site, site);
    char *out;
    int status = run(args, &out);
    if (status != 2 || !strstr(out, message))
        fail_msg("%s: exit %d, wanted 2 and '%s':\n%s", site, status, message, out);
    free(out);
    free(args);
}

static void test_missing_input_checks(void **state)
{
    (void)state;
    static const char *const bad_bases[] = {"javascript:alert(1)//", "data:text/html,x", "//evil.example/",
                                            "https://", "https://a b.example/", "ftp://files.example/"};
    for (size_t i = 0; i < sizeof bad_bases / sizeof *bad_bases; i++) {
        good_site("b14");
        char *yml = xasprintf("title: T\norganisation: T\nbase_url: \"%s\"\ncontact:\n  email: a@t.example\n",
                              bad_bases[i]);
        put("b14/site.yml", yml);
        free(yml);
        expect_build_error("b14", "site.yml:3: error: base_url must be the site's web address");
    }

    good_site("e14");
    char *pack = xasprintf("%s", good_pack);
    char *at = strstr(pack, "closes: 2026-12-20\n") + strlen("closes: 2026-12-20\n");
    char *with_event = xasprintf("%.*srespond:\n  online: https://t.example/\n  events:\n"
                                 "    - date: 2026-02-29\n      place: The library\n      access: Step-free\n%s",
                                 (int)(at - pack), pack, at);
    put("e14/consultations/new-park/index.md", with_event);
    expect_build_error("e14", "consultations/new-park/index.md:9: error: event date '2026-02-29' is not a day");
    free(with_event);
    free(pack);

    good_site("y14");
    put("y14/consultations/new-park/index.md", "---\ntitle: A park\nsummary: A park.\ntitle: Another\n"
                                              "opens: 2026-11-01\ncloses: 2026-12-20\n---\n\nText.\n");
    expect_build_error("y14", "consultations/new-park/index.md:4: error: 'title' is given twice (first on line 2)");

    good_site("h14");
    put("h14/lua/dates.lua", "return {\n  pack_loaded = function(pack)\n    pack.closes = '2026-01-01'\n  end,\n}\n");
    expect_build_error("h14", "lua/dates.lua:2: error: pack_loaded(): pack.closes is before opens");
}

/* ---- 12: big feedback files ---- */

static void test_hook_limit_message_names_the_data_file(void **state)
{
    (void)state;
    good_site("m12");
    put("m12/consultations/new-park/you-said-we-did.csv",
        "theme,you_said,we_did,status,reason,follow_up\nBenches,More benches.,We added two.,done,,\n");
    put("m12/lua/greedy.lua", "return { pack_loaded = function(pack)\n  local t = {}\n"
                              "  for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end\nend }\n");
    char *out;
    /* After it closes, so the feedback is read as results. */
    assert_int_equal(run("build m12 -o m12out --now 2027-01-10", &out), 2);
    if (!strstr(out, "lua/greedy.lua:3: error: hook stopped: it used more than 64 MB of memory, working on "
                     "consultations/new-park/you-said-we-did.csv (1 rows)"))
        fail_msg("%s", out);
    free(out);
}

/* ---- 6: thousands of topics ---- */

static size_t count_in(const char *rel, const char *needle)
{
    char *path = in_tmp(rel);
    char *text = read_file(path, NULL);
    free(path);
    assert_non_null(text);
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    free(text);
    return n;
}

/* Each topic's page listing every topic made the hub quadratic: a term
 * page lists the most used, the front page all of them. */
static void test_term_pages_do_not_list_every_term(void **state)
{
    (void)state;
    good_site("t6");
    StrBuf topics;
    sb_init(&topics);
    for (int i = 0; i < 300; i++)
        sb_printf(&topics, "%stopic %d", i ? ", " : "", i);
    char *pack = xasprintf("---\ntitle: A park\nsummary: A park.\nopens: 2026-11-01\ncloses: 2026-12-20\n"
                           "topics: [%s]\n---\n\nText.\n", topics.data);
    put("t6/consultations/new-park/index.md", pack);
    char *out;
    assert_int_equal(run("build t6 -o t6out --now 2026-11-23", &out), 0);
    free(out);
    assert_int_equal(count_in("t6out/index.html", "topics/topic-"), 300);
    size_t on_term_page = count_in("t6out/topics/topic-7/index.html", "../../topics/topic-");
    assert_true(on_term_page > 0 && on_term_page <= 40);
    assert_non_null(strstr(pack, "topic 299"));
    free(pack);
    sb_free(&topics);
}

/* ---- messages that said the wrong thing ---- */

static void test_messages_say_what_is_wrong(void **state)
{
    (void)state;
    char *long_name = repeat("a", 120);
    good_site("s1");
    char *rel = xasprintf("s1/consultations/%s/index.md", long_name);
    put(rel, good_pack);
    free(rel);
    char *want = xasprintf("consultations/%s: error: this folder name becomes a web address, so it may be "
                           "at most 100 characters long", long_name);
    expect_build_error("s1", want);
    free(want);

    good_site("s2");
    rel = xasprintf("s2/pages/%s.md", long_name);
    put(rel, "---\ntitle: Long\n---\n\nText.\n");
    free(rel);
    want = xasprintf("pages/%s.md: error: this file name becomes a web address, so it may be at most 100", long_name);
    expect_build_error("s2", want);
    free(want);
    free(long_name);

    good_site("s3");
    char *out;
    assert_int_equal(run("build s3 -o ''", &out), 2);
    assert_non_null(strstr(out, "sayso build: -o was given an empty folder name"));
    free(out);
    assert_int_equal(run("build s3 --output=", &out), 2);
    assert_non_null(strstr(out, "sayso build: -o was given an empty folder name"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attachment_named_like_a_page_is_an_error),
        cmocka_unit_test(test_html_attachment_is_refused),
        cmocka_unit_test(test_svg_attachments_must_be_plain_pictures),
        cmocka_unit_test(test_link_loops_end_with_a_message),
        cmocka_unit_test(test_finalizers_are_refused),
        cmocka_unit_test(test_warnings_are_capped_and_counted),
        cmocka_unit_test(test_what_a_hook_hands_back_is_limited),
        cmocka_unit_test(test_backtracking_pattern_is_stopped_by_the_clock),
        cmocka_unit_test(test_deep_markdown_is_an_error_at_its_line),
        cmocka_unit_test(test_check_never_passes_a_page_it_could_not_read_whole),
        cmocka_unit_test(test_killed_build_leaves_nothing_behind_and_keeps_the_kept_site),
        cmocka_unit_test(test_missing_input_checks),
        cmocka_unit_test(test_hook_limit_message_names_the_data_file),
        cmocka_unit_test(test_term_pages_do_not_list_every_term),
        cmocka_unit_test(test_messages_say_what_is_wrong),
    };
    return cmocka_run_group_tests_name("hostile input", tests, setup, remove_tmp_root);
}
