/* cmd_serve.c: `sayso serve [SOURCE] [--port N] [--quiet|--verbose]`.
 *
 * Reads the options, starts the preview server and waits for Ctrl-C.  The
 * signals are blocked in every thread and collected here with sigwait(), so
 * stopping is ordinary code (stop the server, delete the temporary output,
 * free everything) rather than work squeezed into a signal handler.
 */
#include "cli_options.h"
#include "commands.h"
#include "diag.h"
#include "paths.h"
#include "serve.h"
#include "site_root.h"
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PORT 8080

static const char usage[] =
    "usage: sayso serve [SOURCE] [--port N] [--now YYYY-MM-DD] [--strict] [-j N]\n"
    "                   [--quiet] [--verbose]\n"
    "       sayso serve --example [--port N] ...\n"
    "\n"
    "Builds the site in SOURCE (default: the site around this folder, the\n"
    "nearest folder here or above that holds site.yml; --example: the\n"
    "example site that comes with sayso), shows it at\n"
    "http://127.0.0.1:8080/ and builds it again whenever a file changes; open\n"
    "pages reload by themselves.  --port 0 uses any free port.  Ctrl-C stops.\n";

int cmd_serve(int argc, char **argv)
{
    enum { OPT_PORT = 256, OPT_NOW, OPT_STRICT, OPT_EXAMPLE };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},         {"port", required_argument, NULL, OPT_PORT},
        {"jobs", required_argument, NULL, 'j'},   {"now", required_argument, NULL, OPT_NOW},
        {"strict", no_argument, NULL, OPT_STRICT}, {"example", no_argument, NULL, OPT_EXAMPLE},
        {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    ServeOptions options = {.port = DEFAULT_PORT};
    DiagVerbosity verbosity = DIAG_NORMAL;
    bool example = false;
    cli_options_begin();
    int c;
    while ((c = cli_next_option(argc, argv, "serve", "hj:qv", longopts, usage)) != -1) {
        switch (c) {
        case 0:
            return EXIT_USAGE;
        case 'h':
            fputs(usage, stdout);
            return EXIT_CLEAN;
        case OPT_PORT:
            if (!cli_parse_int(optarg, 0, 65535, &options.port)) {
                fprintf(stderr, "sayso serve: --port needs a number from 0 to 65535, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j':
            if (!cli_parse_int(optarg, 0, 256, &options.jobs)) {
                fprintf(stderr, "sayso serve: -j needs a number of worker threads from 0 to 256, not '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_NOW:
            options.now = optarg;
            break;
        case OPT_STRICT:
            options.strict = true;
            break;
        case OPT_EXAMPLE:
            example = true;
            break;
        case 'q':
            verbosity = DIAG_QUIET;
            break;
        case 'v':
            verbosity = DIAG_VERBOSE;
            break;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (options.source_dir) {
            fprintf(stderr, "sayso serve: give one source folder, not '%s' as well\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        }
        options.source_dir = argv[i];
    }
    diag_set_verbosity(verbosity);
    if (example && options.source_dir) {
        fprintf(stderr, "sayso serve: give a source folder or --example, not both\n\n%s", usage);
        return EXIT_USAGE;
    }
    char *source = NULL;
    if (example) {
        source = sayso_data_path("content");
    } else if (!options.source_dir && !(source = site_root_find("."))) {
        fprintf(stderr, "sayso serve: %s", site_root_missing_help());
        return EXIT_USAGE;
    }
    if (source)
        options.source_dir = source;

    /* Block the stop signals before any thread starts, so every thread
     * inherits the mask and only sigwait() below ever sees them. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    Server *server = NULL;
    ServeStatus status = serve_start(&options, &server);
    if (status != SERVE_OK) {
        if (status == SERVE_NO_SOURCE) {
            fprintf(stderr, "sayso serve: there is no folder at %s. Give the folder that holds "
                            "site.yml.\n", options.source_dir);
        } else {
            char *why = serve_status_message(status, options.port);
            fprintf(stderr, "sayso serve: %s\n", why);
            free(why);
        }
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
        free(source);
        return EXIT_USAGE;
    }
    /* The address goes to stdout even with --quiet: it is the one thing
     * the person needs, and scripts can read it there. */
    printf("Serving the site at http://127.0.0.1:%d/\n", serve_port(server));
    fflush(stdout);
    char *where = realpath(options.source_dir, NULL);
    diag_info("Watching %s for changes. Press Ctrl-C to stop.",
              example ? "the example site" : where ? where : options.source_dir);
    free(where);

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    diag_info("\nStopping.");
    serve_stop(server);
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
    free(source);
    return EXIT_CLEAN;
}
