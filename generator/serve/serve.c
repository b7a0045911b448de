/* serve.c: the preview server behind `sayso serve`.
 *
 * Three kinds of thread share a Server:
 *   - libmicrohttpd's, one per connection, answering requests;
 *   - the watcher, which waits for source changes and rebuilds;
 *   - the caller's, which starts and stops the whole.
 * The lock guards what they share: the build count, whether the last build
 * failed and its messages, and the stopping flag.  The output folder needs
 * no lock: the build writes a fresh folder and swaps it in at the end, so a
 * request sees either the old site or the new one.
 *
 * One connection per thread is what lets the event stream simply wait on a
 * condition variable until a build finishes; with a single polling thread a
 * waiting stream would have to busy-poll or block everyone else.
 */
#include "serve.h"
#include "build_memory.h"
#include "diag.h"
#include "paths.h"
#include "util.h"
#include "watch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Short: inotify reports a save as it finishes (IN_CLOSE_WRITE, or the
 * rename an editor ends with), so there is little to wait for, and a
 * burst split in two only costs a second, small build. */
#define DEFAULT_QUIET_MS 30
/* Builds whose changed pages are remembered, for pages that were loaded a
 * few builds ago; an older page simply reloads. */
#define BUILDS_REMEMBERED 16
/* A comment line on idle event streams, so a closed tab is noticed and its
 * thread ends. */
#define KEEPALIVE_SECONDS 10
/* Enough for many tabs, each with a page load and an event stream open.
 * Event streams may take at most half, so slow or waiting connections
 * never leave ordinary page requests without a slot, and a connection
 * that says nothing is closed quickly. */
#define MAX_CONNECTIONS 256u
#define MAX_EVENT_STREAMS (MAX_CONNECTIONS / 2)
#define IDLE_TIMEOUT_SECONDS 20u
/* An error page lists at most this many messages; the terminal has all. */
#define MAX_SHOWN_MESSAGES 200

/* What `sayso serve` watches in a site: the rest (public/, notes) is not
 * content and must not set off rebuilds. */
static const char *const watched_names[] = {"site.yml", "consultations", "pages", "themes", "lua", NULL};

typedef struct BuiltPages {
    unsigned long build;             /* 0: nothing recorded */
    bool all;                        /* every page may have changed */
    StrList pages;                   /* else these (sorted): paths in the output */
} BuiltPages;

struct Server {
    char *source_dir;
    char *now;
    bool strict;
    int jobs;
    int quiet_ms;
    ServeBuildFn build;

    char *temp_dir;      /* real path of our private folder */
    char *output_dir;    /* temp_dir/site: the build swaps a sibling into place */
    int port;
    struct MHD_Daemon *daemon;
    Watch *watch;
    int stop_pipe[2];
    pthread_t watcher;
    bool watcher_started;

    pthread_mutex_t lock;
    pthread_cond_t build_finished;   /* also signalled when stopping */
    unsigned long builds;
    /* The pages each recent build rendered (ring by build number), so a
     * page reloads only when a build changed it. */
    BuiltPages built[BUILDS_REMEMBERED];
    unsigned event_streams;      /* open now, under the lock */
    bool last_failed;
    bool last_warm;                  /* the last build took inotify's list */
    StrList messages;                /* of the last build: errors, then warnings */
    bool stopping;
    /* The watcher's own (no lock): whether the last build published, so
     * the next may take inotify's list of changes instead of looking at
     * every file (BuildOptions.known_changes). */
    bool warm;
    BuildMemory *memory;             /* the watcher's: what builds keep between them */
};

static const char reload_script[] =
    "/* sayso serve: reloads this page when a rebuild has finished. */\n"
    "(function () {\n"
    "  \"use strict\";\n"
    "  if (!window.EventSource) return;\n"
    "  var script = document.currentScript;\n"
    "  var built = script && /[?&]g=(\\d+)/.exec(script.src);\n"
    "  var page = encodeURIComponent(decodeURIComponent(window.location.pathname));\n"
    "  var source = new EventSource(\"/_sayso/events?page=\" + page + (built ? \"&since=\" + built[1] : \"\"));\n"
    "  source.addEventListener(\"reload\", function () {\n"
    "    source.close();\n"
    "    window.location.reload();\n"
    "  });\n"
    "})();\n";

/* ---- Small helpers ---- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void serve_html_escape(StrBuf *sb, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': sb_append(sb, "&amp;"); break;
        case '<': sb_append(sb, "&lt;"); break;
        case '>': sb_append(sb, "&gt;"); break;
        case '"': sb_append(sb, "&quot;"); break;
        case '\'': sb_append(sb, "&#39;"); break;
        default: sb_append_char(sb, *p);
        }
    }
}

static char *reload_tag(unsigned long build_number)
{
    return xasprintf("<script src=\"/_sayso/reload.js?g=%lu\" defer></script>", build_number);
}

/* The head and style shared by the server's own pages.  Large type, strong
 * contrast and the system font: these pages are read by the same people as
 * the site. */
static void page_start(StrBuf *sb, const char *title)
{
    sb_append(sb,
              "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    serve_html_escape(sb, title);
    sb_append(sb,
              " - sayso serve</title>\n<style>\n"
              "body{font-family:system-ui,sans-serif;font-size:1.25rem;line-height:1.5;"
              "color:#0b0c0c;background:#fff;max-width:45em;margin:2rem auto;padding:0 1rem}\n"
              "code{font-family:ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}\n"
              "li{margin-bottom:0.75em}\na{color:#1d4f91}\n"
              "</style>\n</head>\n<body>\n<main>\n<h1>");
    serve_html_escape(sb, title);
    sb_append(sb, "</h1>\n");
}

static void page_end(StrBuf *sb, unsigned long build_number)
{
    char *tag = reload_tag(build_number);
    sb_printf(sb, "</main>\n%s\n</body>\n</html>\n", tag);
    free(tag);
}

char *serve_error_page(const StrList *messages, unsigned long build_number)
{
    StrBuf sb;
    sb_init(&sb);
    page_start(&sb, "The site could not be built");
    if (messages->count == 0) {
        sb_append(&sb, "<p>The build stopped without saying why. "
                       "Look in the terminal where sayso serve is running.</p>\n");
    } else {
        sb_append(&sb, "<p>sayso found these problems. Each one starts with the file and "
                       "the line it is about.</p>\n<ul>\n");
        size_t shown = messages->count < MAX_SHOWN_MESSAGES ? messages->count : MAX_SHOWN_MESSAGES;
        for (size_t i = 0; i < shown; i++) {
            sb_append(&sb, "<li><code>");
            serve_html_escape(&sb, messages->items[i]);
            sb_append(&sb, "</code></li>\n");
        }
        sb_append(&sb, "</ul>\n");
        if (shown < messages->count)
            sb_printf(&sb, "<p>There are %zu more. The terminal shows them all.</p>\n",
                      messages->count - shown);
    }
    sb_append(&sb, "<p>Fix the files and save them. This page reloads by itself when the "
                   "site has been built again.</p>\n");
    page_end(&sb, build_number);
    return sb_take(&sb);
}

static char *not_found_page(unsigned long build_number)
{
    StrBuf sb;
    sb_init(&sb);
    page_start(&sb, "Page not found");
    sb_append(&sb, "<p>There is no page at this address in the site being previewed.</p>\n"
                   "<p><a href=\"/\">Go to the home page</a></p>\n");
    page_end(&sb, build_number);
    return sb_take(&sb);
}

const char *serve_content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".xml", "application/xml"},
        {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".pdf", "application/pdf"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
    };
    const char *ext = path_extension(path);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcasecmp(ext, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* ---- Mapping a request path to a file ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %XX escapes.  NULL for a broken escape or a byte no file name
 * in a built site has: NUL and the other control characters, backslash. */
static char *percent_decode(const char *raw)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = raw; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%') {
            int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
            if (hi < 0 || lo < 0)
                goto bad;
            c = (unsigned char)(hi * 16 + lo);
            p += 2;
        }
        if (c < 0x20 || c == 0x7f || c == '\\')
            goto bad;
        sb_append_char(&sb, (char)c);
    }
    return sb_take(&sb);
bad:
    sb_free(&sb);
    return NULL;
}

static bool inside(const char *root, const char *real)
{
    size_t n = strlen(root);
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

ResolveResult serve_resolve_path(const char *root, const char *raw_path, char **path_out)
{
    *path_out = NULL;
    if (raw_path[0] != '/')
        return RESOLVE_NOT_FOUND;
    char *decoded = percent_decode(raw_path);
    if (!decoded)
        return RESOLVE_NOT_FOUND;

    /* Rebuild the path from its segments.  "." and ".." are refused rather
     * than interpreted, and so are hidden names: a built site has none. */
    StrBuf candidate;
    sb_init(&candidate);
    sb_append(&candidate, root);
    bool ok = true;
    for (char *save = NULL, *seg = strtok_r(decoded, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (seg[0] == '.') {
            ok = false;
            break;
        }
        sb_append_char(&candidate, '/');
        sb_append(&candidate, seg);
    }
    bool trailing_slash = str_ends_with(raw_path, "/");
    free(decoded);

    ResolveResult result = RESOLVE_NOT_FOUND;
    char *real = ok ? realpath(candidate.data, NULL) : NULL;
    struct stat st;
    if (real && inside(root, real) && stat(real, &st) == 0) {
        if (S_ISDIR(st.st_mode) && !trailing_slash) {
            result = RESOLVE_ADD_SLASH;
        } else if (S_ISDIR(st.st_mode)) {
            char *index = path_join(real, "index.html");
            char *real_index = realpath(index, NULL);
            if (real_index && inside(root, real_index) && stat(real_index, &st) == 0 &&
                S_ISREG(st.st_mode)) {
                *path_out = real_index;
                real_index = NULL;
                result = RESOLVE_FILE;
            }
            free(real_index);
            free(index);
        } else if (S_ISREG(st.st_mode) && !trailing_slash) {
            *path_out = real;
            real = NULL;
            result = RESOLVE_FILE;
        }
    }
    free(real);
    sb_free(&candidate);
    return result;
}

/* ---- Building ---- */

typedef struct Captured {
    StrList errors, warnings;
} Captured;

static void capture_message(void *data, bool is_error, const char *formatted)
{
    Captured *c = data;
    sl_push(is_error ? &c->errors : &c->warnings, formatted);
}

/* The packs whose own files inotify named, into changes.  False when
 * anything else changed (site.yml, pages/, the theme, the hooks) or a
 * pack came, went or was renamed (a path straight under consultations/):
 * then the build must look at everything. */
static bool packs_changed(const StrList *paths, Changes *changes)
{
    static const char prefix[] = "consultations/";
    for (size_t i = 0; i < paths->count; i++) {
        const char *p = paths->items[i];
        if (strncmp(p, prefix, sizeof prefix - 1))
            return false;
        const char *slug = p + sizeof prefix - 1, *slash = strchr(slug, '/');
        if (!slash || slash == slug || !slash[1])
            return false;
        char *name = xstrndup(slug, (size_t)(slash - slug));
        if (!sl_contains(&changes->changed, name))
            sl_push(&changes->changed, name);
        free(name);
    }
    sl_sort(&changes->changed);
    /* Only this server writes its output folder, so the files there are
     * as the last build left them. */
    changes->packs_known = true;
    changes->outputs_as_left = true;
    return true;
}

/* Keeps what build NUMBER rendered, for the event streams. */
static void remember_pages(Server *s, unsigned long number, bool all, StrList *rendered)
{
    BuiltPages *bp = &s->built[number % BUILDS_REMEMBERED];
    sl_free(&bp->pages);
    bp->build = number;
    bp->all = all;
    bp->pages = *rendered;
    memset(rendered, 0, sizeof *rendered);
    sl_sort(&bp->pages);
}

static void run_build(Server *s)
{
    Captured captured = {0};
    /* Taken before the build: a save while it runs is in the next list. */
    StrList paths = {0};
    Changes changes = {0};
    bool sure = watch_take_changes(s->watch, &paths);
    bool known = s->warm && sure && packs_changed(&paths, &changes);
    StrList rendered = {0};
    BuildOptions options = {
        .source_dir = s->source_dir,
        .output_dir = s->output_dir,
        .now = s->now,
        .strict = s->strict,
        .jobs = s->jobs,
        .live_reload = true,
        .known_changes = known ? &changes : NULL,
        .rendered = &rendered,
        .memory = s->memory,
    };
    BuildResult result = {0};
    long long started = now_ms();
    diag_reset();
    diag_set_sink(capture_message, &captured);
    int status = s->build(&options, &result);
    diag_set_sink(NULL, NULL);
    long long took = now_ms() - started;
    diag_verbose("sayso serve: %s", known ? "built from inotify's list of changes"
                                          : "looked at every file for changes");
    sl_free(&paths);
    changes_free(&changes);
    /* Only a build that saw exactly what changed, after one that
     * published, knows which pages changed: after a failed build or a
     * change to the theme every page reloads. */
    bool all = !known || status != 0 || !s->warm;
    s->warm = status == 0;

    /* Errors first: they are why the build failed. */
    StrList messages = captured.errors;
    for (size_t i = 0; i < captured.warnings.count; i++)
        sl_push_owned(&messages, captured.warnings.items[i]);
    free(captured.warnings.items);

    pthread_mutex_lock(&s->lock);
    sl_free(&s->messages);
    s->messages = messages;
    s->last_failed = status != 0;
    s->last_warm = known;
    s->builds++;
    unsigned long number = s->builds;
    remember_pages(s, number, all, &rendered);
    pthread_cond_broadcast(&s->build_finished);
    pthread_mutex_unlock(&s->lock);

    if (status != 0)
        diag_info("Build %lu failed after %.1f seconds, with %zu error%s. "
                  "The browser shows the messages too.",
                  number, took / 1000.0, captured.errors.count, captured.errors.count == 1 ? "" : "s");
    else
        diag_info("Build %lu finished in %.1f seconds.", number, took / 1000.0);
}

static void *watch_and_rebuild(void *data)
{
    Server *s = data;
    for (;;) {
        WatchEvent event = watch_wait(s->watch, s->stop_pipe[0], s->quiet_ms);
        if (event == WATCH_STOPPED)
            break;
        if (event == WATCH_ERROR) {
            diag_error(NULL, 0, "sayso serve: cannot watch %s for changes any more (%s); "
                       "restart sayso serve to see new changes", s->source_dir, strerror(errno));
            break;
        }
        diag_verbose("A source file changed: building again.");
        run_build(s);
    }
    return NULL;
}

/* ---- Answering requests ---- */

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status,
                                     struct MHD_Response *r, const char *content_type)
{
    if (!r)
        return MHD_NO;
    if (content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    /* A preview changes under the browser: never let it keep an old copy. */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, char *owned_text,
                                 const char *content_type)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(owned_text), owned_text,
                                                             MHD_RESPMEM_MUST_FREE);
    if (!r)
        free(owned_text);
    return send_response(c, status, r, content_type);
}

static unsigned long current_build(Server *s)
{
    pthread_mutex_lock(&s->lock);
    unsigned long n = s->builds;
    pthread_mutex_unlock(&s->lock);
    return n;
}

/* Whether a request asks for a page rather than a stylesheet or picture:
 * "/x/", "/x.html", or a last segment without an extension. */
static bool asks_for_page(const char *raw_path)
{
    if (str_ends_with(raw_path, "/") || str_ends_with(raw_path, ".html"))
        return true;
    const char *last = strrchr(raw_path, '/');
    return !strchr(last ? last : raw_path, '.');
}

/* Serves an HTML file with the reload script pointing at the build it came
 * from: src="/_sayso/reload.js" becomes src="/_sayso/reload.js?g=N".
 * Pages built without the script (a build not run for sayso serve) get the
 * whole tag added before </body>. */
static enum MHD_Result send_html_file(Server *s, struct MHD_Connection *c, const char *path)
{
    static const char script_src[] = "src=\"/_sayso/reload.js\"";
    size_t len;
    char *html = read_file(path, &len);
    if (!html)
        return send_text(c, MHD_HTTP_NOT_FOUND, not_found_page(current_build(s)),
                         "text/html; charset=utf-8");
    /* The count goes up only after a build has swapped its output in, so
     * the number given is never newer than the page: at worst the page
     * reloads once more than it needed to. */
    unsigned long build = current_build(s);
    StrBuf sb;
    sb_init(&sb);
    const char *found = strstr(html, script_src);
    if (found) {
        const char *p = html;
        for (; found; found = strstr(p, script_src)) {
            sb_append_len(&sb, p, (size_t)(found - p));
            sb_printf(&sb, "src=\"/_sayso/reload.js?g=%lu\"", build);
            p = found + strlen(script_src);
        }
        sb_append(&sb, p);
    } else {
        const char *body_end = NULL;
        for (const char *q = strstr(html, "</body>"); q; q = strstr(q + 1, "</body>"))
            body_end = q;
        if (body_end) {
            char *tag = reload_tag(build);
            sb_append_len(&sb, html, (size_t)(body_end - html));
            sb_append(&sb, tag);
            sb_append(&sb, "\n");
            sb_append(&sb, body_end);
            free(tag);
        } else {
            sb_append_len(&sb, html, len);
        }
    }
    free(html);
    size_t out_len = sb.len;
    char *out = sb_take(&sb);
    struct MHD_Response *r = MHD_create_response_from_buffer(out_len, out, MHD_RESPMEM_MUST_FREE);
    if (!r)
        free(out);
    return send_response(c, MHD_HTTP_OK, r, "text/html; charset=utf-8");
}

static enum MHD_Result send_file(Server *s, struct MHD_Connection *c, const char *path)
{
    const char *type = serve_content_type(path);
    if (str_starts_with(type, "text/html"))
        return send_html_file(s, c, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return send_text(c, MHD_HTTP_NOT_FOUND, not_found_page(current_build(s)),
                         "text/html; charset=utf-8");
    }
    /* MHD closes fd when it is done with the response. */
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!r)
        close(fd);
    return send_response(c, MHD_HTTP_OK, r, type);
}

typedef struct EventStream {
    Server *server;
    unsigned long since;
    char *page;          /* the page's file in the output, or NULL: reload on any build */
    int sent;            /* 0: nothing yet; 1: the retry hint; 2: the reload event */
} EventStream;

/* "/consultations/bus/" -> "consultations/bus/index.html": the path a
 * build gives the page.  NULL for a path no page has. */
static char *page_file(const char *escaped)
{
    char *path = percent_decode(escaped);
    if (!path || path[0] != '/') {
        free(path);
        return NULL;
    }
    char *file = str_ends_with(path, "/") ? xasprintf("%sindex.html", path + 1) : xstrdup(path + 1);
    free(path);
    return file;
}

/* Whether a page from build SINCE must reload now that NOW has finished:
 * when any build in between may have changed it.  Under the lock. */
static bool page_changed(const Server *s, const char *page, unsigned long since, unsigned long now)
{
    if (!page || since > now)        /* a page from before sayso serve restarted */
        return true;
    for (unsigned long n = since + 1; n <= now; n++) {
        const BuiltPages *bp = &s->built[n % BUILDS_REMEMBERED];
        if (bp->build != n || bp->all || sl_contains_sorted(&bp->pages, page))
            return true;
    }
    return false;
}

/* Runs in the connection's own thread, so it may block until a build
 * finishes, the server stops, or it is time for a keep-alive comment. */
static void event_stream_free(void *data)
{
    EventStream *es = data;
    pthread_mutex_lock(&es->server->lock);
    es->server->event_streams--;
    pthread_mutex_unlock(&es->server->lock);
    free(es->page);
    free(es);
}

static ssize_t event_stream_read(void *data, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    EventStream *es = data;
    Server *s = es->server;
    if (es->sent == 2)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (es->sent == 0) {
        /* Reconnect quickly after a restart of sayso serve. */
        es->sent = 1;
        return snprintf(buf, max, "retry: 1000\n\n");
    }
    pthread_mutex_lock(&s->lock);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += KEEPALIVE_SECONDS;
    int waited = 0;
    while (!s->stopping && s->builds == es->since && waited != ETIMEDOUT)
        waited = pthread_cond_timedwait(&s->build_finished, &s->lock, &until);
    bool stopping = s->stopping;
    unsigned long builds = s->builds;
    bool changed = builds != es->since && page_changed(s, es->page, es->since, builds);
    pthread_mutex_unlock(&s->lock);
    if (stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (builds == es->since)
        return snprintf(buf, max, ": still here\n\n");
    if (!changed) {
        es->since = builds;
        return snprintf(buf, max, ": build %lu left this page as it was\n\n", builds);
    }
    es->sent = 2;
    return snprintf(buf, max, "event: reload\ndata: %lu\n\n", builds);
}

static enum MHD_Result send_event_stream(Server *s, struct MHD_Connection *c)
{
    pthread_mutex_lock(&s->lock);
    bool room = s->event_streams < MAX_EVENT_STREAMS;
    if (room)
        s->event_streams++;
    pthread_mutex_unlock(&s->lock);
    if (!room) {
        static const char busy[] = "Too many pages are waiting for rebuilds: close some tabs.\n";
        struct MHD_Response *r = MHD_create_response_from_buffer(sizeof busy - 1, (void *)busy,
                                                                 MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "10");
        return send_response(c, MHD_HTTP_SERVICE_UNAVAILABLE, r, "text/plain; charset=utf-8");
    }
    EventStream *es = xcalloc(1, sizeof *es);
    es->server = s;
    const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    char *end = NULL;
    es->since = since ? strtoul(since, &end, 10) : 0;
    if (!since || !*since || *end)
        es->since = current_build(s);
    const char *page = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    es->page = page ? page_file(page) : NULL;
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
                                                               event_stream_read, es, event_stream_free);
    if (!r)
        event_stream_free(es);
    return send_response(c, MHD_HTTP_OK, r, "text/event-stream");
}

/* A page on another site can make the browser ask this server for the
 * drafts, under its own name pointed at 127.0.0.1 (DNS rebinding): the
 * Host header still carries that name.  So only the loopback names, with
 * this server's port or none, are answered. */
static bool host_allowed(const char *host, int port)
{
    if (!host)
        return true;                 /* HTTP/1.0 without one: not a browser */
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]", NULL};
    for (const char *const *n = names; *n; n++) {
        size_t len = strlen(*n);
        if (strncasecmp(host, *n, len) != 0)
            continue;
        const char *rest = host + len;
        if (!*rest)
            return true;
        char *end;
        if (*rest == ':' && rest[1] && strtol(rest + 1, &end, 10) == port && !*end)
            return true;
    }
    return false;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    (void)upload_size;
    (void)con_cls;
    Server *s = cls;

    if (!host_allowed(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST), s->port)) {
        char *text = xasprintf("sayso serve answers only to http://127.0.0.1:%d/ and http://localhost:%d/, "
                               "and this request was for another host.\n", s->port, s->port);
        return send_text(c, MHD_HTTP_MISDIRECTED_REQUEST, text, "text/plain; charset=utf-8");
    }

    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            strlen("Only GET and HEAD are allowed.\n"), (void *)"Only GET and HEAD are allowed.\n",
            MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        return send_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
    }

    if (!strcmp(url, "/_sayso/reload.js")) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            sizeof reload_script - 1, (void *)reload_script, MHD_RESPMEM_PERSISTENT);
        return send_response(c, MHD_HTTP_OK, r, "text/javascript; charset=utf-8");
    }
    if (!strcmp(url, "/_sayso/events"))
        return send_event_stream(s, c);

    pthread_mutex_lock(&s->lock);
    bool failed = s->last_failed;
    unsigned long builds = s->builds;
    char *error_page = failed && asks_for_page(url) ? serve_error_page(&s->messages, builds) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (error_page)
        return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, error_page, "text/html; charset=utf-8");

    char *path = NULL;
    ResolveResult found = str_starts_with(url, "/_sayso/")
                              ? RESOLVE_NOT_FOUND
                              : serve_resolve_path(s->output_dir, url, &path);
    if (found == RESOLVE_FILE) {
        enum MHD_Result ret = send_file(s, c, path);
        free(path);
        return ret;
    }
    if (found == RESOLVE_ADD_SLASH) {
        /* Built from the path without its leading slashes, so "//host/x"
         * can never turn into a redirect to another site. */
        const char *rest = url;
        while (*rest == '/')
            rest++;
        char *location = xasprintf("/%s/", rest);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location);
        free(location);
        return send_response(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
    }
    return send_text(c, MHD_HTTP_NOT_FOUND, not_found_page(builds), "text/html; charset=utf-8");
}

/* MHD would decode %XX in the path before we see it, and a %00 would cut
 * the path short.  Leaving it encoded lets serve_resolve_path() see every
 * byte and refuse what it must. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

/* ---- Starting and stopping ---- */

static ServeStatus open_listener(int port, int *fd_out, int *port_out)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return SERVE_NO_PORT;
    int yes = 1;
    /* Lets sayso serve start again at once on the port it just left.  On
     * Linux it never lets two servers share a port. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    /* Loopback only: a preview is for the person at this computer. */
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        ServeStatus st = errno == EADDRINUSE ? SERVE_PORT_IN_USE : SERVE_NO_PORT;
        close(fd);
        return st;
    }
    socklen_t len = sizeof addr;
    if (listen(fd, 64) != 0 || getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        close(fd);
        return SERVE_NO_PORT;
    }
    *fd_out = fd;
    *port_out = ntohs(addr.sin_port);
    return SERVE_OK;
}

static char *make_temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *template = xasprintf("%s/sayso-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *made = mkdtemp(template);
    char *real = made ? realpath(made, NULL) : NULL;
    if (made && !real)
        rmdir(made);
    free(template);
    return real;
}

static void free_server(Server *s)
{
    if (s->watch)
        watch_close(s->watch);
    if (s->stop_pipe[0] >= 0)
        close(s->stop_pipe[0]);
    if (s->stop_pipe[1] >= 0)
        close(s->stop_pipe[1]);
    if (s->temp_dir)
        remove_tree(s->temp_dir);
    free(s->temp_dir);
    free(s->output_dir);
    free(s->source_dir);
    free(s->now);
    sl_free(&s->messages);
    build_memory_free(s->memory);
    for (size_t i = 0; i < BUILDS_REMEMBERED; i++)
        sl_free(&s->built[i].pages);
    pthread_cond_destroy(&s->build_finished);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

ServeStatus serve_start(const ServeOptions *options, Server **out)
{
    *out = NULL;
    Server *s = xcalloc(1, sizeof *s);
    s->stop_pipe[0] = s->stop_pipe[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&s->build_finished, &attr);
    pthread_condattr_destroy(&attr);
    s->source_dir = options->source_dir ? xstrdup(options->source_dir) : sayso_data_path("content");
    s->now = xstrdup(options->now);
    s->strict = options->strict;
    s->jobs = options->jobs;
    s->quiet_ms = options->quiet_ms > 0 ? options->quiet_ms : DEFAULT_QUIET_MS;
    s->build = options->build ? options->build : build_site;
    s->memory = build_memory_new();

    ServeStatus status = SERVE_OK;
    int listen_fd = -1;
    if (!dir_exists(s->source_dir))
        status = SERVE_NO_SOURCE;
    else if (!(s->temp_dir = make_temp_dir()))
        status = SERVE_NO_TEMP;
    else if ((status = open_listener(options->port, &listen_fd, &s->port)) != SERVE_OK)
        ;
    else if (pipe2(s->stop_pipe, O_CLOEXEC) != 0 || !(s->watch = watch_open(s->source_dir, watched_names)))
        status = SERVE_NO_WATCH;
    if (status != SERVE_OK) {
        int saved = errno;     /* for serve_status_message() */
        if (listen_fd >= 0)
            close(listen_fd);
        free_server(s);
        errno = saved;
        return status;
    }
    s->output_dir = path_join(s->temp_dir, "site");

    /* Watch before the first build, so a save during it is not missed. */
    run_build(s);

    s->daemon = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
        NULL, answer, s, MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_UNESCAPE_CALLBACK,
        keep_escaped, NULL, MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_SECONDS, MHD_OPTION_END);
    if (!s->daemon) {
        /* Whether MHD closed the socket on failure depends on its version. */
        if (fcntl(listen_fd, F_GETFD) != -1)
            close(listen_fd);
        free_server(s);
        return SERVE_NO_PORT;
    }
    if (pthread_create(&s->watcher, NULL, watch_and_rebuild, s) != 0) {
        MHD_stop_daemon(s->daemon);
        free_server(s);
        return SERVE_NO_WATCH;
    }
    s->watcher_started = true;
    *out = s;
    return SERVE_OK;
}

void serve_stop(Server *s)
{
    if (!s)
        return;
    /* The watcher first: a build must not be writing while we delete. */
    if (s->watcher_started) {
        ssize_t ignored = write(s->stop_pipe[1], "x", 1);
        (void)ignored;
        pthread_join(s->watcher, NULL);
    }
    /* Then wake the event streams, so MHD's threads can finish. */
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->build_finished);
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(s->daemon);
    free_server(s);
}

char *serve_status_message(ServeStatus status, int port)
{
    switch (status) {
    case SERVE_OK:
        return xstrdup("Serving.");
    case SERVE_PORT_IN_USE:
        return xasprintf("Port %d is already in use, perhaps by another sayso serve. "
                         "Try --port %d, or --port 0 to use any free port.",
                         port, port < 65535 ? port + 1 : 8081);
    case SERVE_NO_PORT:
        return xasprintf("Cannot listen on 127.0.0.1 port %d (%s). "
                         "Try --port 0 to use any free port.", port, strerror(errno));
    case SERVE_NO_TEMP:
        return xasprintf("Cannot make a temporary folder for the preview (%s). "
                         "Check that TMPDIR names a folder you can write to.", strerror(errno));
    case SERVE_NO_SOURCE:
        return xstrdup("The source folder does not exist. Give the folder that holds site.yml.");
    case SERVE_NO_WATCH:
        return xasprintf("Cannot watch the source folder for changes (%s).", strerror(errno));
    }
    return xstrdup("Cannot start the preview.");
}

int serve_port(const Server *s) { return s->port; }
const char *serve_output_dir(const Server *s) { return s->output_dir; }

unsigned long serve_build_count(Server *s)
{
    return current_build(s);
}

bool serve_last_build_was_warm(Server *s)
{
    pthread_mutex_lock(&s->lock);
    bool warm = s->last_warm;
    pthread_mutex_unlock(&s->lock);
    return warm;
}

bool serve_last_build_failed(Server *s)
{
    pthread_mutex_lock(&s->lock);
    bool failed = s->last_failed;
    pthread_mutex_unlock(&s->lock);
    return failed;
}
