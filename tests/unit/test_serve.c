/* test_serve.c: the preview server, driven over real loopback sockets.
 *
 * The server runs with a small stand-in build (fake_build below), so these
 * tests pin down serving, watching, reloading and error pages apart from
 * the renderer; test_serve_site.c runs the same server on the real build.
 */
#include "testutil.h"
#include "commands.h"
#include "diag.h"
#include "serve.h"
#include "util.h"
#include "watch.h"
#include "test_serve_http.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- A stand-in build ----
 * Each X.md in the source becomes X/index.html holding the file's text;
 * other files are copied.  A line starting with BROKEN is an error at that
 * line, and the build then writes nothing, as the real one does.  It also
 * leaves a secret beside the output, for the path traversal tests to reach
 * for, and a symlink inside the output that points at it. */

static atomic_bool saw_live_reload_off;

static int convert(const char *src, const char *rel, const char *out)
{
    StrList names = {0};
    char *dir = *rel ? path_join(src, rel) : xstrdup(src);
    list_dir(dir, &names);
    int status = 0;
    for (size_t i = 0; i < names.count; i++) {
        char *r = *rel ? path_join(rel, names.items[i]) : xstrdup(names.items[i]);
        char *from = path_join(src, r);
        if (dir_exists(from)) {
            status |= convert(src, r, out);
        } else if (str_ends_with(r, ".md")) {
            char *text = read_file(from, NULL);
            for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
                if (str_starts_with(line, "BROKEN")) {
                    diag_error(r, line_of_offset(text, (size_t)(line - text)),
                               "the line says <BROKEN> & \"stops\"");
                    status = 2;
                }
            char *page_dir = path_join(out, r);
            page_dir[strlen(page_dir) - 3] = '\0';
            if (str_ends_with(page_dir, "/index"))
                page_dir[strlen(page_dir) - 6] = '\0';
            make_dirs(page_dir);
            char *page = path_join(page_dir, "index.html");
            char *html = xasprintf("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><title>t</title>"
                                   "</head><body><pre>%s</pre>" SERVE_RELOAD_TAG "</body></html>\n",
                                   text ? text : "");
            write_file(page, html, strlen(html));
            free(html);
            free(page);
            free(page_dir);
            free(text);
        } else {
            char *to = path_join(out, r);
            char *parent = path_dirname(to);
            make_dirs(parent);
            copy_file(from, to);
            free(parent);
            free(to);
        }
        free(from);
        free(r);
    }
    sl_free(&names);
    free(dir);
    return status;
}

static int fake_build(const BuildOptions *o, BuildResult *result)
{
    if (!o->live_reload)
        atomic_store(&saw_live_reload_off, true);
    char *fresh = xasprintf("%s.fresh", o->output_dir);
    remove_tree(fresh);
    make_dirs(fresh);
    char *css = path_join(fresh, "style.css");
    write_file(css, "body { color: black; }\n", 23);
    free(css);
    char *index = path_join(fresh, "index.html");
    const char *home = "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Home</title></head>"
                       "<body><h1>Home</h1>" SERVE_RELOAD_TAG "</body></html>\n";
    write_file(index, home, strlen(home));
    free(index);
    /* A page written without the reload script, and one with it written
     * another way: the server must make both reload. */
    char *plain = path_join(fresh, "plain.html");
    const char *plain_html = "<html><body><p>Plain</p></body></html>\n";
    write_file(plain, plain_html, strlen(plain_html));
    free(plain);
    char *other = path_join(fresh, "other.html");
    const char *other_html = "<html><body><p>Other</p>"
                             "<script defer src=\"/_sayso/reload.js\"></script></body></html>\n";
    write_file(other, other_html, strlen(other_html));
    free(other);
    char *parent = path_dirname(o->output_dir);
    char *secret = path_join(parent, "secret.txt");
    write_file(secret, "top secret\n", 11);
    char *link = path_join(fresh, "escape.txt");
    if (symlink(secret, link) != 0)
        fail_msg("cannot make a symlink");
    free(link);
    free(secret);
    free(parent);

    int status = convert(o->source_dir, "", fresh);
    result->exit_status = status;
    if (status) {
        remove_tree(fresh);
        free(fresh);
        return status;
    }
    char *old = xasprintf("%s.old", o->output_dir);
    rename(o->output_dir, old);
    rename(fresh, o->output_dir);
    remove_tree(old);
    free(old);
    free(fresh);
    result->pages_written = 2;
    return 0;
}

/* ---- Fixture: a source folder, a private TMPDIR and a running server ---- */

typedef struct Fixture {
    char *scratch;     /* everything the test makes lives here */
    char *source;
    char *tmpdir;      /* $TMPDIR for the server, to see what it leaves */
    Server *server;
    int port;
} Fixture;

/* The TMPDIR the tests started with: each server gets a private one. */
static char *original_tmpdir;

static void restore_tmpdir(void)
{
    if (original_tmpdir)
        setenv("TMPDIR", original_tmpdir, 1);
    else
        unsetenv("TMPDIR");
}

static const char bus_index[] = "---\ntitle: Buses\n---\nFirst words about buses.\n";

static Fixture *fixture_new(int quiet_ms)
{
    Fixture *f = xcalloc(1, sizeof *f);
    f->scratch = make_scratch_dir("serve");
    assert_non_null(f->scratch);
    f->source = path_join(f->scratch, "source");
    f->tmpdir = path_join(f->scratch, "tmp");
    assert_true(make_dirs(f->tmpdir));
    assert_true(put_file(f->source, "site.yml", "title: Test\n"));
    assert_true(put_file(f->source, "consultations/bus/index.md", bus_index));
    assert_true(put_file(f->source, "pages/about.md", "About us.\n"));
    setenv("TMPDIR", f->tmpdir, 1);
    ServeOptions options = {.source_dir = f->source, .port = 0, .quiet_ms = quiet_ms,
                            .build = fake_build};
    assert_int_equal(serve_start(&options, &f->server), SERVE_OK);
    f->port = serve_port(f->server);
    assert_true(f->port > 0);
    return f;
}

static int count_entries(const char *dir)
{
    StrList names = {0};
    list_dir(dir, &names);
    int n = (int)names.count;
    sl_free(&names);
    return n;
}

static void fixture_free(Fixture *f)
{
    if (f->server) {
        char *out = xstrdup(serve_output_dir(f->server));
        serve_stop(f->server);
        /* Stopping removes the private output folder and all beside it. */
        assert_false(dir_exists(out));
        assert_int_equal(count_entries(f->tmpdir), 0);
        free(out);
    }
    restore_tmpdir();
    remove_tree(f->scratch);
    free(f->scratch);
    free(f->source);
    free(f->tmpdir);
    free(f);
}

static int setup(void **state)
{
    diag_set_verbosity(DIAG_QUIET);
    *state = fixture_new(100);
    return 0;
}

/* A longer calm, for the test that counts builds: a busy machine must not
 * split one burst of saves in two. */
static int setup_slow_calm(void **state)
{
    diag_set_verbosity(DIAG_QUIET);
    *state = fixture_new(400);
    return 0;
}

static int teardown(void **state)
{
    fixture_free(*state);
    return 0;
}

/* Waits until the last build has failed (or not, if FAILED is false). */
static bool wait_for_failure(Server *s, bool failed, int timeout_ms)
{
    long long deadline = test_now_ms() + timeout_ms;
    while (serve_last_build_failed(s) != failed) {
        if (test_now_ms() > deadline)
            return false;
        sleep_ms(20);
    }
    return true;
}

/* Waits until the server has finished build number N. */
static bool wait_for_build(Server *s, unsigned long n, int timeout_ms)
{
    long long deadline = test_now_ms() + timeout_ms;
    while (serve_build_count(s) < n) {
        if (test_now_ms() > deadline)
            return false;
        sleep_ms(20);
    }
    return true;
}

/* ---- Pure functions ---- */

static void test_resolve_path(void **state)
{
    (void)state;
    char *scratch = make_scratch_dir("resolve");
    assert_non_null(scratch);
    char *real_scratch = realpath(scratch, NULL);
    char *root = path_join(real_scratch, "site");
    assert_true(put_file(root, "index.html", "home"));
    assert_true(put_file(root, "a/index.html", "a"));
    assert_true(put_file(root, "a/page.html", "page"));
    assert_true(put_file(root, "style.css", "css"));
    assert_true(put_file(root, "b/c d.txt", "space"));
    assert_true(put_file(root, ".hidden", "hidden"));
    assert_true(put_file(real_scratch, "secret.txt", "secret"));
    assert_true(put_file(real_scratch, "site-two/x.txt", "sibling with a common prefix"));
    char *link_out = path_join(root, "out.txt"), *link_in = path_join(root, "in.css");
    char *dir_out = path_join(root, "outdir");
    assert_int_equal(symlink("../secret.txt", link_out), 0);
    assert_int_equal(symlink("style.css", link_in), 0);
    assert_int_equal(symlink("../site-two", dir_out), 0);

    static const struct {
        const char *url, *file;     /* file NULL: not found */
    } cases[] = {
        {"/", "index.html"},
        {"/a/", "a/index.html"},
        {"/a//page.html", "a/page.html"},
        {"/style.css", "style.css"},
        {"/%73tyle.css", "style.css"},
        {"/b/c%20d.txt", "b/c d.txt"},
        {"/in.css", "style.css"},               /* a symlink inside is fine */
        {"/out.txt", NULL},                     /* one pointing out is not */
        {"/outdir/x.txt", NULL},
        {"/../secret.txt", NULL},
        {"/a/../../secret.txt", NULL},
        {"/a/../index.html", NULL},             /* ".." is refused, not worked out */
        {"/./index.html", NULL},
        {"/%2e%2e/secret.txt", NULL},
        {"/%2E%2E/%2E%2E/etc/passwd", NULL},
        {"/..%2fsecret.txt", NULL},
        {"/a/%2e%2e%2f%2e%2e%2fsecret.txt", NULL},
        {"/../../../../../../../../etc/passwd", NULL},
        {"/.hidden", NULL},
        {"/style.css%00.png", NULL},
        {"/a\\page.html", NULL},
        {"/a%5cpage.html", NULL},
        {"/%zz", NULL},
        {"/%2", NULL},
        {"style.css", NULL},
        {"/missing.html", NULL},
        {"/style.css/", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = NULL;
        ResolveResult r = serve_resolve_path(root, cases[i].url, &path);
        if (cases[i].file) {
            char *expected = path_join(root, cases[i].file);
            if (r != RESOLVE_FILE || strcmp(path, expected))
                fail_msg("%s: expected %s, got %d %s", cases[i].url, expected, r, path ? path : "");
            free(expected);
        } else if (r != RESOLVE_NOT_FOUND) {
            fail_msg("%s: expected not found, got %d %s", cases[i].url, r, path ? path : "");
        }
        free(path);
    }
    char *path = NULL;
    assert_int_equal(serve_resolve_path(root, "/a", &path), RESOLVE_ADD_SLASH);
    assert_null(path);

    free(link_out);
    free(link_in);
    free(dir_out);
    free(root);
    free(real_scratch);
    remove_tree(scratch);
    free(scratch);
}

static void test_content_types(void **state)
{
    (void)state;
    assert_string_equal(serve_content_type("a/index.html"), "text/html; charset=utf-8");
    assert_string_equal(serve_content_type("s.css"), "text/css; charset=utf-8");
    assert_string_equal(serve_content_type("p.svg"), "image/svg+xml");
    assert_string_equal(serve_content_type("p.PNG"), "image/png");
    assert_string_equal(serve_content_type("p.jpg"), "image/jpeg");
    assert_string_equal(serve_content_type("p.jpeg"), "image/jpeg");
    assert_string_equal(serve_content_type("d.pdf"), "application/pdf");
    assert_string_equal(serve_content_type("feed.xml"), "application/xml");
    assert_string_equal(serve_content_type("r.js"), "text/javascript; charset=utf-8");
    assert_string_equal(serve_content_type("report.json"), "application/json");
    assert_string_equal(serve_content_type("robots.txt"), "text/plain; charset=utf-8");
    assert_string_equal(serve_content_type("archive.tar"), "application/octet-stream");
}

static void test_error_page(void **state)
{
    (void)state;
    StrList messages = {0};
    sl_push(&messages, "consultations/bus/index.md:4: error: closes (2026-01-01) is before opens");
    sl_push(&messages, "pages/a&b.md:2: error: <script>alert('x')</script> \"quoted\"");
    char *page = serve_error_page(&messages, 7);
    assert_non_null(strstr(page, "<html lang=\"en-GB\">"));
    assert_non_null(strstr(page, "<title>The site could not be built"));
    assert_non_null(strstr(page, "<h1>The site could not be built</h1>"));
    assert_non_null(strstr(page, "<main>"));
    assert_non_null(strstr(page, "<li><code>consultations/bus/index.md:4: error: closes "
                                 "(2026-01-01) is before opens</code></li>"));
    assert_non_null(strstr(page, "<li><code>pages/a&amp;b.md:2: error: &lt;script&gt;alert(&#39;x&#39;)"
                                 "&lt;/script&gt; &quot;quoted&quot;</code></li>"));
    assert_null(strstr(page, "<script>alert"));
    assert_non_null(strstr(page, "<script src=\"/_sayso/reload.js?g=7\" defer></script>"));
    free(page);
    sl_free(&messages);

    StrList none = {0};
    page = serve_error_page(&none, 1);
    assert_non_null(strstr(page, "terminal"));
    assert_null(strstr(page, "<ul>"));
    free(page);
}

static void test_status_messages(void **state)
{
    (void)state;
    char *m = serve_status_message(SERVE_PORT_IN_USE, 8080);
    assert_string_equal(m, "Port 8080 is already in use, perhaps by another sayso serve. "
                           "Try --port 8081, or --port 0 to use any free port.");
    free(m);
}

/* ---- The server ---- */

static void test_serves_pages(void **state)
{
    Fixture *f = *state;
    assert_int_equal(serve_build_count(f->server), 1);
    assert_false(serve_last_build_failed(f->server));
    assert_false(atomic_load(&saw_live_reload_off));

    HttpReply r = http_get(f->port, "/");
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "text/html; charset=utf-8");
    /* The tag the build wrote now names the build the page came from. */
    assert_non_null(strstr(r.body, "<script src=\"/_sayso/reload.js?g=1\" defer></script>"));
    assert_null(strstr(r.body, SERVE_RELOAD_TAG));
    http_reply_free(&r);

    r = http_get(f->port, "/consultations/bus/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "First words about buses."));
    http_reply_free(&r);

    r = http_get(f->port, "/plain.html");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "<html><body><p>Plain</p>"
                                "<script src=\"/_sayso/reload.js?g=1\" defer></script>\n"
                                "</body></html>\n");
    http_reply_free(&r);
    r = http_get(f->port, "/other.html");
    assert_string_equal(r.body, "<html><body><p>Other</p>"
                                "<script defer src=\"/_sayso/reload.js?g=1\"></script></body></html>\n");
    http_reply_free(&r);

    r = http_get(f->port, "/consultations/bus");
    assert_int_equal(r.status, 301);
    assert_header(&r, "Location", "/consultations/bus/");
    http_reply_free(&r);

    r = http_get(f->port, "/_sayso/reload.js");
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "text/javascript; charset=utf-8");
    /* It names its page, so that only a build that changed it reloads it. */
    assert_non_null(strstr(r.body, "new EventSource(\"/_sayso/events?page=\" + page"));
    http_reply_free(&r);

    r = http_request(f->port, "HEAD", "/style.css");
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Length", "23");
    assert_string_equal(r.body, "");
    http_reply_free(&r);

    r = http_get(f->port, "/no/such/page/");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "<h1>Page not found</h1>"));
    http_reply_free(&r);

    r = http_request(f->port, "POST", "/");
    assert_int_equal(r.status, 405);
    assert_header(&r, "Allow", "GET, HEAD");
    http_reply_free(&r);

    r = http_request(f->port, "DELETE", "/style.css");
    assert_int_equal(r.status, 405);
    http_reply_free(&r);
}

static void test_path_traversal_is_refused(void **state)
{
    Fixture *f = *state;
    static const char *const attempts[] = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/consultations/..%2f..%2fsecret.txt",
        "/consultations/%2e%2e/%2e%2e/secret.txt",
        "/escape.txt",                    /* a symlink in the output, pointing out */
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../../../../../etc/passwd",
        "/..%2fsite.yml",
        "/..\\secret.txt",
        "/secret.txt%00.html",
        "//etc/passwd",
    };
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        HttpReply r = http_get(f->port, attempts[i]);
        if (r.status != 404)
            fail_msg("%s: status %d", attempts[i], r.status);
        assert_null(strstr(r.body, "top secret"));
        assert_null(strstr(r.body, "root:"));
        http_reply_free(&r);
    }
    /* "//host" must never become a redirect to another site. */
    HttpReply r = http_get(f->port, "//consultations/bus");
    assert_int_equal(r.status, 301);
    assert_header(&r, "Location", "/consultations/bus/");
    http_reply_free(&r);
}

/* Saves a source file, as an editor does, and waits for the page at url
 * to show `shows`. */
static void save_and_see(const Fixture *f, const char *rel, const char *text, const char *url,
                         const char *shows)
{
    assert_true(put_file(f->source, rel, text));
    HttpReply r = http_wait_for(f->port, url, shows, 10000);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, shows));
    http_reply_free(&r);
}

static void test_rebuilds_when_a_file_changes(void **state)
{
    Fixture *f = *state;
    save_and_see(f, "consultations/bus/index.md", "---\ntitle: Buses\n---\nNew words.\n", "/consultations/bus/",
                 "New words.");

    /* A new pack: a folder made after the server started is watched too. */
    save_and_see(f, "consultations/parks/index.md", "Parks, first draft.\n", "/consultations/parks/",
                 "first draft");
    save_and_see(f, "consultations/parks/index.md", "Parks, second draft.\n", "/consultations/parks/",
                 "second draft");

    /* A new folder with a subfolder made in one go (mkdir -p, unzip). */
    save_and_see(f, "consultations/roads/maps/note.md", "Roads map.\n", "/consultations/roads/maps/note/",
                 "Roads map.");
    save_and_see(f, "consultations/roads/maps/note.md", "Roads map, changed.\n",
                 "/consultations/roads/maps/note/", "changed");
}

static void test_changes_outside_content_are_ignored(void **state)
{
    Fixture *f = *state;
    unsigned long before = serve_build_count(f->server);
    assert_true(put_file(f->source, "public/index.md", "old output\n"));
    assert_true(put_file(f->source, "notes.txt", "a note\n"));
    assert_true(put_file(f->source, "consultations/bus/.index.md.swp", "swap\n"));
    assert_true(put_file(f->source, "consultations/bus/index.md~", "backup\n"));
    sleep_ms(800);
    assert_int_equal(serve_build_count(f->server), before);
}

static void test_a_burst_of_saves_is_one_build(void **state)
{
    Fixture *f = *state;
    unsigned long before = serve_build_count(f->server);
    for (int i = 0; i < 10; i++) {
        char *text = xasprintf("Save number %d.\n", i);
        assert_true(put_file(f->source, "consultations/bus/index.md", text));
        free(text);
        sleep_ms(10);
    }
    assert_true(wait_for_build(f->server, before + 1, 10000));
    sleep_ms(1000);
    assert_int_equal(serve_build_count(f->server), before + 1);
    HttpReply r = http_get(f->port, "/consultations/bus/");
    assert_non_null(strstr(r.body, "Save number 9."));
    http_reply_free(&r);
}

static void test_event_stream_announces_rebuilds(void **state)
{
    Fixture *f = *state;
    unsigned long before = serve_build_count(f->server);

    /* A page from an older build hears about the newer one at once. */
    HttpReply r = http_get(f->port, "/_sayso/events?since=0");
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "text/event-stream");
    char *expected = xasprintf("event: reload\ndata: %lu\n\n", before);
    assert_non_null(strstr(r.body, expected));
    free(expected);
    http_reply_free(&r);

    /* A page from the current build waits until the next one. */
    int fd = http_connect(f->port, 10);
    assert_true(fd >= 0);
    char *path = xasprintf("/_sayso/events?since=%lu", before);
    assert_true(http_send(fd, "GET", path));
    free(path);
    sleep_ms(200);
    assert_true(put_file(f->source, "pages/about.md", "About us, changed.\n"));
    StrBuf got;
    sb_init(&got);
    sb_append(&got, "");
    char buf[512];
    ssize_t n;
    while (!strstr(got.data, "event: reload") && (n = recv(fd, buf, sizeof buf, 0)) > 0)
        sb_append_len(&got, buf, (size_t)n);
    close(fd);
    expected = xasprintf("event: reload\ndata: %lu\n\n", before + 1);
    assert_non_null(strstr(got.data, "retry: 1000\n\n"));
    assert_non_null(strstr(got.data, expected));
    free(expected);
    sb_free(&got);
}

static void test_failed_build_shows_error_page(void **state)
{
    Fixture *f = *state;
    unsigned long before = serve_build_count(f->server);
    assert_true(put_file(f->source, "consultations/bus/index.md", "---\ntitle: Buses\nBROKEN here\n---\n"));
    assert_true(wait_for_failure(f->server, true, 10000));
    unsigned long failed_build = serve_build_count(f->server);
    assert_true(failed_build > before);

    static const char *const pages[] = {"/consultations/bus/", "/", "/pages/about/", "/index.html",
                                        "/consultations/bus"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        HttpReply r = http_get(f->port, pages[i]);
        assert_int_equal(r.status, 500);
        assert_non_null(strstr(r.body, "<h1>The site could not be built</h1>"));
        assert_non_null(strstr(r.body, "<li><code>consultations/bus/index.md:3: error: the line says "
                                       "&lt;BROKEN&gt; &amp; &quot;stops&quot;</code></li>"));
        char *tag = xasprintf("reload.js?g=%lu", failed_build);
        assert_non_null(strstr(r.body, tag));
        free(tag);
        http_reply_free(&r);
    }
    /* The last good build's stylesheet is still there for the error page. */
    HttpReply r = http_get(f->port, "/style.css");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "body { color: black; }\n");
    http_reply_free(&r);

    /* Fixing the file brings the page back. */
    assert_true(put_file(f->source, "consultations/bus/index.md", bus_index));
    assert_true(wait_for_failure(f->server, false, 10000));
    r = http_get(f->port, "/consultations/bus/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "First words about buses."));
    http_reply_free(&r);
}

static void test_stop_is_prompt_with_open_streams(void **state)
{
    Fixture *f = *state;
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = http_connect(f->port, 10);
        assert_true(fds[i] >= 0);
        assert_true(http_send(fds[i], "GET", "/_sayso/events"));
    }
    sleep_ms(200);
    long long started = test_now_ms();
    char *out = xstrdup(serve_output_dir(f->server));
    serve_stop(f->server);
    f->server = NULL;
    assert_true(test_now_ms() - started < 3000);
    assert_false(dir_exists(out));
    assert_int_equal(count_entries(f->tmpdir), 0);
    free(out);
    for (int i = 0; i < 3; i++)
        close(fds[i]);
}

/* The server listens on loopback only: from any other address of this
 * machine the port is closed. */
static void test_listens_on_loopback_only(void **state)
{
    Fixture *f = *state;
    struct ifaddrs *addrs = NULL;
    assert_int_equal(getifaddrs(&addrs), 0);
    int tried = 0;
    for (struct ifaddrs *a = addrs; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK))
            continue;
        struct sockaddr_in addr = *(struct sockaddr_in *)a->ifa_addr;
        addr.sin_port = htons((uint16_t)f->port);
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        assert_true(fd >= 0);
        assert_int_not_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
        close(fd);
        tried++;
    }
    freeifaddrs(addrs);
    if (tried == 0)
        skip();
}

static void test_busy_port_is_reported(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    char *scratch = make_scratch_dir("busy");
    char *tmpdir = path_join(scratch, "tmp");
    assert_true(make_dirs(tmpdir));
    assert_true(put_file(scratch, "source/site.yml", "title: Busy\n"));
    setenv("TMPDIR", tmpdir, 1);

    int taken = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(taken, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(listen(taken, 1), 0);
    socklen_t len = sizeof addr;
    getsockname(taken, (struct sockaddr *)&addr, &len);
    int port = ntohs(addr.sin_port);

    char *source = path_join(scratch, "source");
    ServeOptions options = {.source_dir = source, .port = port, .build = fake_build};
    Server *server = (Server *)1;
    assert_int_equal(serve_start(&options, &server), SERVE_PORT_IN_USE);
    assert_null(server);
    assert_int_equal(count_entries(tmpdir), 0);     /* nothing left behind */

    char *missing = path_join(scratch, "no-such-site");
    options.source_dir = missing;
    options.port = 0;
    assert_int_equal(serve_start(&options, &server), SERVE_NO_SOURCE);
    assert_null(server);

    restore_tmpdir();
    close(taken);
    free(missing);
    free(source);
    remove_tree(scratch);
    free(tmpdir);
    free(scratch);
}

static void test_command_line_errors(void **state)
{
    (void)state;
    const char *bad_port[] = {"serve", "--port", "99999"};
    assert_int_equal(cmd_serve(3, (char **)bad_port), EXIT_USAGE);
    const char *no_port[] = {"serve", "--port"};
    assert_int_equal(cmd_serve(2, (char **)no_port), EXIT_USAGE);
    const char *unknown[] = {"serve", "--colour"};
    assert_int_equal(cmd_serve(2, (char **)unknown), EXIT_USAGE);
    const char *two_sources[] = {"serve", "a", "b"};
    assert_int_equal(cmd_serve(3, (char **)two_sources), EXIT_USAGE);
    const char *missing[] = {"serve", "/no/such/site/folder", "--port", "0"};
    assert_int_equal(cmd_serve(4, (char **)missing), EXIT_USAGE);
}

/* Sends a GET with the given Host header (NULL: none) and returns the status. */
static int status_with_host(int port, const char *host)
{
    int fd = http_connect(port, 10);
    assert_true(fd >= 0);
    char *request = host ? xasprintf("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host)
                         : xstrdup("GET / HTTP/1.0\r\n\r\n");
    assert_true(send(fd, request, strlen(request), MSG_NOSIGNAL) == (ssize_t)strlen(request));
    free(request);
    char buf[256] = {0};
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    close(fd);
    int status = 0;
    if (n > 0)
        sscanf(buf, "HTTP/1.%*d %d", &status);
    return status;
}

/* A page on another site, under a name pointed at 127.0.0.1, must not
 * read the drafts (DNS rebinding). */
static void test_only_loopback_names_are_answered(void **state)
{
    Fixture *f = *state;
    HttpReply first = http_wait_for(f->port, "/", "<", 10000);
    http_reply_free(&first);
    char *own = xasprintf("127.0.0.1:%d", f->port), *name = xasprintf("localhost:%d", f->port);
    char *v6 = xasprintf("[::1]:%d", f->port), *evil = xasprintf("evil.example:%d", f->port);
    char *other_port = xasprintf("127.0.0.1:%d", f->port + 1);
    char *suffix = xasprintf("localhost.evil.example:%d", f->port);
    assert_int_equal(status_with_host(f->port, own), 200);
    assert_int_equal(status_with_host(f->port, name), 200);
    assert_int_equal(status_with_host(f->port, v6), 200);
    assert_int_equal(status_with_host(f->port, NULL), 200);
    assert_int_equal(status_with_host(f->port, evil), 421);
    assert_int_equal(status_with_host(f->port, other_port), 421);
    assert_int_equal(status_with_host(f->port, suffix), 421);
    free(own);
    free(name);
    free(v6);
    free(evil);
    free(other_port);
    free(suffix);
}

/* Event streams that wait, and connections that say nothing, never
 * leave a page request without a slot. */
static void test_waiting_connections_leave_room_for_pages(void **state)
{
    Fixture *f = *state;
    HttpReply first = http_wait_for(f->port, "/", "<", 10000);
    http_reply_free(&first);
    enum { STREAMS = 200, SILENT = 40 };
    int fds[STREAMS + SILENT];
    int opened = 0;
    for (int i = 0; i < STREAMS; i++) {
        int fd = http_connect(f->port, 10);
        if (fd < 0)
            break;
        fds[opened++] = fd;
        http_send(fd, "GET", "/_sayso/events");
    }
    for (int i = 0; i < SILENT; i++) {
        int fd = http_connect(f->port, 10);
        if (fd >= 0)
            fds[opened++] = fd;       /* connected, and never a word */
    }
    sleep_ms(300);
    HttpReply page = http_get(f->port, "/");
    assert_int_equal(page.status, 200);
    http_reply_free(&page);
    for (int i = 0; i < opened; i++)
        close(fds[i]);
}

/* ---- The watch's list of what changed ---- */

/* Saves land in the list as paths from the root, each once and sorted;
 * a new folder is named itself. */
static void test_watch_lists_what_changed(void **state)
{
    (void)state;
    char *root = make_scratch_dir("watch");
    assert_non_null(root);
    assert_true(put_file(root, "consultations/bus/index.md", "Buses.\n"));
    assert_true(put_file(root, "site.yml", "title: Test\n"));
    Watch *w = watch_open(root, NULL);
    assert_non_null(w);
    StrList paths = {0};
    assert_true(watch_take_changes(w, &paths));     /* nothing yet */
    assert_int_equal(paths.count, 0);

    assert_true(put_file(root, "consultations/bus/index.md", "Buses, changed.\n"));
    assert_true(put_file(root, "consultations/bus/index.md", "Buses, changed again.\n"));
    char *parks = path_join(root, "consultations/parks");
    assert_true(make_dirs(parks));
    free(parks);
    assert_true(put_file(root, "consultations/bus/.index.md.swp", "swap\n"));
    assert_int_equal(watch_wait(w, -1, 50), WATCH_CHANGED);
    assert_true(watch_take_changes(w, &paths));
    assert_int_equal(paths.count, 2);
    assert_string_equal(paths.items[0], "consultations/bus/index.md");
    assert_string_equal(paths.items[1], "consultations/parks");
    sl_free(&paths);

    /* Taken means gone: the next list starts empty. */
    assert_true(put_file(root, "site.yml", "title: Test again\n"));
    assert_int_equal(watch_wait(w, -1, 50), WATCH_CHANGED);
    assert_true(watch_take_changes(w, &paths));
    assert_int_equal(paths.count, 1);
    assert_string_equal(paths.items[0], "site.yml");
    sl_free(&paths);

    /* A symlink's target changes without an event here: from then on the
     * list is not to be trusted, and the caller looks at everything. */
    char *target = path_join(root, "elsewhere.md"), *link = path_join(root, "consultations/bus/linked.md");
    assert_true(write_file(target, "Elsewhere.\n", 11));
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(watch_wait(w, -1, 50), WATCH_CHANGED);
    assert_false(watch_take_changes(w, &paths));
    assert_int_equal(paths.count, 0);
    assert_true(put_file(root, "consultations/bus/index.md", "Buses, once more.\n"));
    assert_int_equal(watch_wait(w, -1, 50), WATCH_CHANGED);
    assert_false(watch_take_changes(w, &paths));
    free(target);
    free(link);
    watch_close(w);

    /* A symlink already there when the watch starts counts the same. */
    w = watch_open(root, NULL);
    assert_non_null(w);
    assert_true(put_file(root, "consultations/bus/index.md", "Buses, last time.\n"));
    assert_int_equal(watch_wait(w, -1, 50), WATCH_CHANGED);
    assert_false(watch_take_changes(w, &paths));
    watch_close(w);
    remove_tree(root);
    free(root);
}

int main(void)
{
    original_tmpdir = xstrdup(getenv("TMPDIR"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_path),
        cmocka_unit_test(test_watch_lists_what_changed),
        cmocka_unit_test(test_content_types),
        cmocka_unit_test(test_error_page),
        cmocka_unit_test(test_status_messages),
        cmocka_unit_test(test_command_line_errors),
        cmocka_unit_test_setup_teardown(test_serves_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_traversal_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rebuilds_when_a_file_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes_outside_content_are_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_burst_of_saves_is_one_build, setup_slow_calm, teardown),
        cmocka_unit_test_setup_teardown(test_event_stream_announces_rebuilds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_build_shows_error_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_is_prompt_with_open_streams, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listens_on_loopback_only, setup, teardown),
        cmocka_unit_test(test_busy_port_is_reported),
        cmocka_unit_test_setup_teardown(test_only_loopback_names_are_answered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_waiting_connections_leave_room_for_pages, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    free(original_tmpdir);
    return failed;
}
