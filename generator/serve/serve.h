/* serve.h: the preview server behind `sayso serve`.
 *
 * It builds the site into a private temporary folder, serves that folder
 * on 127.0.0.1 only, rebuilds when a source file changes, and tells open
 * pages to reload when a rebuild has changed them.
 *
 * It stays warm between builds: inotify's list of what changed stands in
 * for the walk of every source file that `sayso build` makes, and each
 * pack's search words stay in memory (build_memory.h), so a rebuild after
 * one pack changed reads that pack.  When the list may be incomplete (the
 * kernel's queue overflowed, a folder could not be watched, a symlink),
 * when anything but packs' own files changed, or after a failed build,
 * the next build looks at everything, as `sayso build` does.
 *
 *   GET /_sayso/reload.js   the script every page loads when built with
 *                           live_reload (see SERVE_RELOAD_TAG)
 *   GET /_sayso/events      Server-Sent Events: one "reload" event when a
 *                           build newer than ?since=N has finished and
 *                           changed the page at ?page=PATH (any page, when
 *                           not given): a build that only rendered other
 *                           pages sends a comment and the page stays
 *
 * When the last build failed, every request for a page gets an error page
 * that lists the build's messages (file:line: message); other files (CSS,
 * pictures) are still served from the last good build, so the error page
 * and the pages around it keep their look.
 *
 * The server runs in threads of its own: serve_start() returns once the
 * first build is done and the port is open, and serve_stop() undoes all of
 * it.  Tests drive it in-process this way; `sayso serve` waits for Ctrl-C
 * in between.
 */
#ifndef SAYSO_SERVE_H
#define SAYSO_SERVE_H

#include "build.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/* The tag the renderer puts before </body> of every page when
 * BuildOptions.live_reload is set.  The server rewrites its
 * src="/_sayso/reload.js" on the way out to carry the build number the page
 * came from (other attributes may vary), so a page never misses a rebuild
 * that finished while it was loading.  A page without it gets it added
 * before </body>. */
#define SERVE_RELOAD_TAG "<script src=\"/_sayso/reload.js\" defer></script>"

typedef int (*ServeBuildFn)(const BuildOptions *options, BuildResult *result);

typedef struct ServeOptions {
    const char *source_dir;    /* NULL: the built-in example site */
    int port;                  /* 0: any free port */
    const char *now;           /* passed to the build; NULL: today */
    bool strict;               /* passed to the build */
    int jobs;                  /* passed to the build; 0: one per core */
    int quiet_ms;              /* calm after a change before rebuilding; 0: 30 */
    /* The build to run; NULL: build_site().  Tests give their own, so the
     * server can be tested apart from the renderer. */
    ServeBuildFn build;
} ServeOptions;

typedef struct Server Server;

typedef enum {
    SERVE_OK = 0,
    SERVE_PORT_IN_USE,         /* the port is taken: try another */
    SERVE_NO_PORT,             /* any other failure to listen */
    SERVE_NO_TEMP,             /* the temporary output folder could not be made */
    SERVE_NO_SOURCE,           /* the source folder does not exist */
    SERVE_NO_WATCH             /* inotify is not available */
} ServeStatus;

/* Makes the temporary output folder, runs the first build (a failed build
 * is not a failure to start: its errors are shown in the browser), opens
 * the port and starts watching.  On failure *out is NULL and nothing is
 * left behind; serve_status_message() says what went wrong. */
ServeStatus serve_start(const ServeOptions *options, Server **out);

/* Stops watching and serving, removes the temporary output, frees all. */
void serve_stop(Server *server);

/* A sentence for the person at the terminal, e.g. "Port 8080 is already in
 * use.  Try --port 8081, or --port 0 for any free port." */
char *serve_status_message(ServeStatus status, int port);   /* caller frees */

int serve_port(const Server *server);              /* the port actually used */
const char *serve_output_dir(const Server *server);
/* How many builds have finished; the first build is number 1.  Tests poll
 * this to know a rebuild happened. */
unsigned long serve_build_count(Server *server);
/* Whether the last finished build failed (its exit status was not 0). */
bool serve_last_build_failed(Server *server);
/* Whether the last finished build took inotify's list of what changed
 * (BuildOptions.known_changes) rather than looking at every file: after
 * a published build, when only packs' own files changed and nothing was
 * missed.  For tests and the bench. */
bool serve_last_build_was_warm(Server *server);

/* ---- The parts below are pure functions, exposed for the tests ---- */

typedef enum {
    RESOLVE_FILE,        /* *path_out is a regular file under the root */
    RESOLVE_ADD_SLASH,   /* a folder asked for without its "/": redirect */
    RESOLVE_NOT_FOUND    /* missing, hidden, unsafe or outside the root */
} ResolveResult;

/* Maps the raw (still percent-encoded) path of a request to a file under
 * ROOT, which must already be a real path (no symlinks, no trailing "/").
 * Rejects "." and ".." segments and hidden names after decoding, bad or
 * NUL escapes, backslashes, and anything whose real path leaves ROOT.
 * "/foo/" means "/foo/index.html".  *path_out is set, to be freed, only for
 * RESOLVE_FILE. */
ResolveResult serve_resolve_path(const char *root, const char *raw_path, char **path_out);

/* "text/html; charset=utf-8" and so on, from the file name's extension. */
const char *serve_content_type(const char *path);

/* The page shown instead of any page while the last build has failed.
 * MESSAGES are the build's error messages, as printed at the terminal.
 * BUILD_NUMBER goes into the reload script so the page reloads when the
 * next build finishes. */
char *serve_error_page(const StrList *messages, unsigned long build_number);

/* Appends TEXT to SB with &, <, >, " and ' escaped for HTML. */
void serve_html_escape(StrBuf *sb, const char *text);

#endif
