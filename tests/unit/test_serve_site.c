/* test_serve_site.c: `sayso serve` on the real build.
 *
 * Serves tests/cases/serve/site from a scratch copy, changes it, breaks it
 * (tests/cases/serve/broken/index.md has 30 February at line 4) and mends
 * it, checking what the browser would get at each step.
 */
#include "testutil.h"
#include "diag.h"
#include "build.h"
#include "serve.h"
#include "util.h"
#include "test_serve_http.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define CASES "tests/cases/serve"
#define PACK_PAGE "/consultations/bus-stops/"
/* A build of a small site can take a while under the sanitizers. */
#define BUILD_TIMEOUT_MS 60000

static char *original_tmpdir;

/* The serve cases' site copied into a scratch folder, where sayso's
 * temporary files go too (tmp/), and the server on it once started. */
typedef struct ServedSite {
    char *scratch, *source, *tmpdir;
    Server *server;
} ServedSite;

static void site_copy(ServedSite *s, const char *name)
{
    diag_set_verbosity(DIAG_QUIET);
    *s = (ServedSite){.scratch = make_scratch_dir(name)};
    assert_non_null(s->scratch);
    s->source = path_join(s->scratch, "source");
    s->tmpdir = path_join(s->scratch, "tmp");
    assert_true(copy_tree(CASES "/site", s->source));
    assert_true(make_dirs(s->tmpdir));
}

/* Serves the copy in this process, after a calm of quiet_ms (0: serve's own). */
static void site_serve(ServedSite *s, int quiet_ms)
{
    setenv("TMPDIR", s->tmpdir, 1);
    ServeOptions options = {.source_dir = s->source, .port = 0, .now = "2026-11-23", .jobs = 1,
                            .quiet_ms = quiet_ms};
    assert_int_equal(serve_start(&options, &s->server), SERVE_OK);
}

static void site_remove(ServedSite *s)
{
    if (s->server)
        serve_stop(s->server);
    if (original_tmpdir)
        setenv("TMPDIR", original_tmpdir, 1);
    else
        unsetenv("TMPDIR");
    remove_tree(s->scratch);
    free(s->scratch);
    free(s->source);
    free(s->tmpdir);
}

static bool wait_for_failure(Server *s, bool failed, int timeout_ms)
{
    long long deadline = test_now_ms() + timeout_ms;
    while (serve_last_build_failed(s) != failed) {
        if (test_now_ms() > deadline)
            return false;
        sleep_ms(50);
    }
    return true;
}

/* The first stylesheet the home page links to, as a path from the root
 * (the home page is at the root, so a relative link only needs a "/"). */
static char *first_stylesheet(const char *html)
{
    for (const char *p = strstr(html, "href=\""); p; p = strstr(p + 1, "href=\"")) {
        const char *start = p + 6, *end = strchr(start, '"');
        if (!end || end - start <= 4 || strncmp(end - 4, ".css", 4))
            continue;
        if (strstr(start, "://") && strstr(start, "://") < end)
            continue;
        return xasprintf("%s%.*s", *start == '/' ? "" : "/", (int)(end - start), start);
    }
    return NULL;
}

static void test_serve_real_site(void **state)
{
    (void)state;
    ServedSite site;
    site_copy(&site, "serve-site");
    site_serve(&site, 0);
    Server *server = site.server;
    int port = serve_port(server);
    assert_int_equal(serve_build_count(server), 1);
    assert_false(serve_last_build_failed(server));

    /* Every page carries the reload script, pointing at build 1. */
    HttpReply r = http_get(port, PACK_PAGE);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Bus stops on the high street"));
    assert_non_null(strstr(r.body, "src=\"/_sayso/reload.js?g=1\""));
    http_reply_free(&r);
    r = http_get(port, PACK_PAGE "easy-read/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "src=\"/_sayso/reload.js?g=1\""));
    http_reply_free(&r);
    r = http_get(port, "/");
    assert_int_equal(r.status, 200);
    char *css = first_stylesheet(r.body);
    http_reply_free(&r);

    r = http_get(port, "/..%2fsite.yml");
    assert_int_equal(r.status, 404);
    http_reply_free(&r);

    /* Change the title: the page follows. */
    char *index = path_join(site.source, "consultations/bus-stops/index.md");
    char *text = read_file(index, NULL);
    char *at = strstr(text, "Bus stops on the high street");
    assert_non_null(at);
    char *changed = xasprintf("%.*sNew bus stops for the high street%s", (int)(at - text), text,
                              at + strlen("Bus stops on the high street"));
    assert_true(write_file(index, changed, strlen(changed)));
    r = http_wait_for(port, PACK_PAGE, "New bus stops for the high street", BUILD_TIMEOUT_MS);
    assert_non_null(strstr(r.body, "New bus stops for the high street"));
    http_reply_free(&r);

    /* Break it: the browser gets the error with file and line. */
    assert_true(copy_file(CASES "/broken/index.md", index));
    assert_true(wait_for_failure(server, true, BUILD_TIMEOUT_MS));
    r = http_get(port, PACK_PAGE);
    assert_int_equal(r.status, 500);
    assert_non_null(strstr(r.body, "<h1>The site could not be built</h1>"));
    assert_non_null(strstr(r.body, "<li><code>consultations/bus-stops/index.md:4: error: "));
    assert_non_null(strstr(r.body, "2026-02-30"));
    http_reply_free(&r);
    assert_non_null(css);      /* the last good build's look stays available */
    r = http_get(port, css);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "text/css; charset=utf-8");
    http_reply_free(&r);

    /* Mend it: the page comes back. */
    assert_true(write_file(index, text, strlen(text)));
    assert_true(wait_for_failure(server, false, BUILD_TIMEOUT_MS));
    r = http_get(port, PACK_PAGE);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Bus stops on the high street"));
    http_reply_free(&r);

    char *out = xstrdup(serve_output_dir(server));
    serve_stop(server);
    site.server = NULL;
    assert_false(dir_exists(out));
    free(out);

    free(css);
    free(changed);
    free(text);
    free(index);
    site_remove(&site);
}

/* The sayso binary built beside this test: build/sayso for
 * build/tests/test_serve_site, build/san/sayso for the sanitizer build. */
static char *sayso_binary(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    char *tests = path_dirname(exe);
    char *tree = path_dirname(tests);
    char *binary = path_join(tree, "sayso");
    free(tests);
    free(tree);
    return binary;
}

/* `sayso serve` as people run it: it prints the address, serves, and on
 * Ctrl-C (SIGINT) stops with status 0 and leaves no temporary files. */
static void test_serve_command_stops_on_ctrl_c(void **state)
{
    (void)state;
    ServedSite site;
    site_copy(&site, "serve-cmd");
    char *binary = sayso_binary();
    if (!file_exists(binary))
        fail_msg("%s is missing: run make first", binary);

    int out[2];
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        setenv("TMPDIR", site.tmpdir, 1);
        execl(binary, binary, "serve", site.source, "--port", "0", "--now", "2026-11-23", "--quiet",
              (char *)NULL);
        _exit(127);
    }
    close(out[1]);

    /* The first line says where the site is. */
    StrBuf line;
    sb_init(&line);
    sb_append(&line, "");
    long long deadline = test_now_ms() + BUILD_TIMEOUT_MS;
    while (!strchr(line.data, '\n') && test_now_ms() < deadline) {
        struct pollfd p = {.fd = out[0], .events = POLLIN};
        if (poll(&p, 1, 200) > 0) {
            char buf[256];
            ssize_t n = read(out[0], buf, sizeof buf);
            if (n <= 0)
                break;
            sb_append_len(&line, buf, (size_t)n);
        }
    }
    int port = 0;
    if (sscanf(line.data, "Serving the site at http://127.0.0.1:%d/", &port) != 1)
        fail_msg("unexpected first line: '%s'", line.data);
    sb_free(&line);

    HttpReply r = http_get(port, PACK_PAGE);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Bus stops on the high street"));
    http_reply_free(&r);

    assert_int_equal(kill(pid, SIGINT), 0);
    int status = -1;
    deadline = test_now_ms() + 10000;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (test_now_ms() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("sayso serve did not stop within 10 seconds of Ctrl-C");
        }
        sleep_ms(20);
    }
    close(out[0]);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    StrList left = {0};
    list_dir(site.tmpdir, &left);
    assert_int_equal(left.count, 0);
    sl_free(&left);

    free(binary);
    site_remove(&site);
}

/* ---- A warm serve against a fresh build ---- */

/* The first path under A and B (from REL) that is in one and not the
 * other, or whose bytes differ; NULL when they are the same. */
static char *first_difference(const char *a, const char *b, const char *rel)
{
    char *dir_a = *rel ? path_join(a, rel) : xstrdup(a);
    char *dir_b = *rel ? path_join(b, rel) : xstrdup(b);
    StrList names_a = {0}, names_b = {0};
    list_dir(dir_a, &names_a);
    list_dir(dir_b, &names_b);
    sl_sort(&names_a);
    sl_sort(&names_b);
    char *diff = NULL;
    for (size_t i = 0; !diff && i < names_a.count; i++)
        if (!sl_contains_sorted(&names_b, names_a.items[i]))
            diff = *rel ? path_join(rel, names_a.items[i]) : xstrdup(names_a.items[i]);
    for (size_t i = 0; !diff && i < names_b.count; i++)
        if (!sl_contains_sorted(&names_a, names_b.items[i]))
            diff = *rel ? path_join(rel, names_b.items[i]) : xstrdup(names_b.items[i]);
    for (size_t i = 0; !diff && i < names_a.count; i++) {
        char *r = *rel ? path_join(rel, names_a.items[i]) : xstrdup(names_a.items[i]);
        char *fa = path_join(a, r), *fb = path_join(b, r);
        if (dir_exists(fa)) {
            diff = first_difference(a, b, r);
        } else {
            size_t la = 0, lb = 0;
            char *ta = read_file(fa, &la), *tb = read_file(fb, &lb);
            if (!ta || !tb || la != lb || memcmp(ta, tb, la))
                diff = xstrdup(r);
            free(ta);
            free(tb);
        }
        free(fa);
        free(fb);
        free(r);
    }
    sl_free(&names_a);
    sl_free(&names_b);
    free(dir_a);
    free(dir_b);
    return diff;
}

/* Waits for the build after BEFORE (each step's saves are one build, by
 * the server's calm) and a little more, in case one more follows. */
static unsigned long wait_for_settled(Server *s, unsigned long before)
{
    long long deadline = test_now_ms() + BUILD_TIMEOUT_MS;
    while (serve_build_count(s) <= before && test_now_ms() < deadline)
        sleep_ms(20);
    sleep_ms(600);
    return serve_build_count(s);
}

/* The served site must be what a fresh build of the same source writes,
 * byte for byte. */
static void assert_same_as_fresh(Server *server, const char *source, const char *scratch, int step)
{
    char *fresh = xasprintf("%s/fresh-%d/site", scratch, step);
    BuildOptions options = {.source_dir = source, .output_dir = fresh, .now = "2026-11-23", .jobs = 1,
                            .live_reload = true, .no_cache = true};
    BuildResult result;
    build_site(&options, &result);
    assert_int_equal(result.exit_status, 0);
    char *diff = first_difference(serve_output_dir(server), fresh, "");
    if (diff)
        fail_msg("step %d: the served %s is not what a fresh build writes", step, diff);
    free(fresh);
}

/* A copy of bus-stops under another name and title. */
static void add_pack(const char *source, const char *slug, const char *title)
{
    char *from = path_join(source, "consultations/bus-stops");
    char *to = xasprintf("%s/consultations/%s", source, slug);
    assert_true(copy_tree(from, to));
    char *rel = xasprintf("consultations/%s/index.md", slug);
    replace_in_file(source, rel, "Bus stops on the high street", title);
    free(rel);
    free(to);
    free(from);
}

/* Edits, adds and deletes packs while serve stays warm, and compares the
 * served site with a fresh build after each.  Edits inside a pack are
 * built from inotify's list; a pack that comes or goes makes serve look
 * at everything. */
static void test_warm_serve_matches_a_fresh_build(void **state)
{
    (void)state;
    ServedSite site;
    site_copy(&site, "serve-warm");
    char *source = site.source, *scratch = site.scratch;
    add_pack(source, "parks", "A new play area in the park");
    add_pack(source, "libraries", "Longer library opening hours");

    /* A calm long enough that each step's saves are one build, even under
     * valgrind: the comparison must not run while a build does. */
    site_serve(&site, 400);
    Server *server = site.server;
    assert_false(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 1);

    /* A pack's words: its pages, the search index and the report change. */
    unsigned long n = serve_build_count(server);
    replace_in_file(source, "consultations/bus-stops/index.md", "closer to the shops",
                    "closer to the shops and the health centre");
    n = wait_for_settled(server, n);
    assert_true(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 2);

    /* A pack's title: the hub and the feeds change too. */
    replace_in_file(source, "consultations/parks/index.md", "A new play area in the park",
                    "A bigger play area in the park");
    n = wait_for_settled(server, n);
    assert_true(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 3);

    /* A new pack: serve looks at everything. */
    add_pack(source, "roads", "Resurfacing the ring road");
    n = wait_for_settled(server, n);
    assert_false(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 4);

    /* Then warm again, for the new pack's own file. */
    replace_in_file(source, "consultations/roads/easy-read.md", "bus", "road");
    n = wait_for_settled(server, n);
    assert_true(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 5);

    /* A pack deleted. */
    char *gone = path_join(source, "consultations/libraries");
    remove_tree(gone);
    free(gone);
    n = wait_for_settled(server, n);
    assert_false(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 6);

    /* Two packs saved together, and one of them again straight away. */
    replace_in_file(source, "consultations/parks/index.md", "## What we plan", "## What we want to do");
    replace_in_file(source, "consultations/bus-stops/easy-read.md", "bus", "Bus");
    replace_in_file(source, "consultations/parks/index.md", "What we want to do", "What we would like to do");
    n = wait_for_settled(server, n);
    assert_true(serve_last_build_was_warm(server));
    assert_same_as_fresh(server, source, scratch, 7);

    site_remove(&site);
}

/* Reads the event stream on FD until it holds NEEDLE or has been quiet
 * for long; returns what it read. */
static char *read_events_until(int fd, const char *needle)
{
    StrBuf got;
    sb_init(&got);
    sb_append(&got, "");
    char buf[512];
    ssize_t n;
    while (!strstr(got.data, needle) && (n = recv(fd, buf, sizeof buf, 0)) > 0)
        sb_append_len(&got, buf, (size_t)n);
    return sb_take(&got);
}

/* After an edit to one pack, its pages reload and the others' stay. */
static void test_only_changed_pages_reload(void **state)
{
    (void)state;
    ServedSite site;
    site_copy(&site, "serve-reload");
    add_pack(site.source, "parks", "A new play area in the park");
    site_serve(&site, 400);
    Server *server = site.server;
    int port = serve_port(server);
    unsigned long n = serve_build_count(server);

    /* The script tells the server which page it is on. */
    HttpReply r = http_get(port, "/_sayso/reload.js");
    assert_non_null(strstr(r.body, "page="));
    http_reply_free(&r);

    int changed = http_connect(port, 30), kept = http_connect(port, 30);
    assert_true(changed >= 0 && kept >= 0);
    char *path = xasprintf("/_sayso/events?since=%lu&page=%%2Fconsultations%%2Fbus-stops%%2F", n);
    assert_true(http_send(changed, "GET", path));
    free(path);
    path = xasprintf("/_sayso/events?since=%lu&page=%%2Fconsultations%%2Fparks%%2F", n);
    assert_true(http_send(kept, "GET", path));
    free(path);
    sleep_ms(200);
    replace_in_file(site.source, "consultations/bus-stops/index.md", "closer to the shops",
                    "closer to the shops and the library");
    n = wait_for_settled(server, n);
    assert_true(serve_last_build_was_warm(server));

    char *got = read_events_until(changed, "event: reload");
    assert_non_null(strstr(got, "event: reload"));
    free(got);
    char *expected = xasprintf(": build %lu left this page as it was", n);
    got = read_events_until(kept, expected);
    assert_non_null(strstr(got, expected));
    assert_null(strstr(got, "event: reload"));
    free(got);
    free(expected);
    close(changed);
    close(kept);

    site_remove(&site);
}

int main(void)
{
    original_tmpdir = xstrdup(getenv("TMPDIR"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serve_real_site),
        cmocka_unit_test(test_serve_command_stops_on_ctrl_c),
        cmocka_unit_test(test_warm_serve_matches_a_fresh_build),
        cmocka_unit_test(test_only_changed_pages_reload),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    free(original_tmpdir);
    return failed;
}
