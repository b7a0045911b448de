/* cmd_build.c: `sayso build [SOURCE] [-o OUT] [--now DATE] [--strict] [-j N]`. */
#include "build.h"
#include "cli_options.h"
#include "commands.h"
#include "diag.h"
#include "html_validate.h"
#include "paths.h"
#include "site_root.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char build_usage[] =
    "usage: sayso build [SOURCE] [-o OUT] [--now YYYY-MM-DD] [--strict] [-j N]\n"
    "                   [--no-cache] [--quiet] [--verbose] [--check=piecewise|full]\n"
    "       sayso build --example [-o OUT] ...\n"
    "\n"
    "SOURCE defaults to the site around this folder: the nearest folder here\n"
    "or above that holds site.yml.  OUT defaults to public/ inside SOURCE.\n"
    "--example builds the example site that comes with sayso into ./public.\n"
    "--check=full has tidy read every page whole; piecewise (the default) reads\n"
    "each distinct theme shell and page content once, with the same findings.\n";

int cmd_build(int argc, char **argv)
{
    enum { OPT_STRICT = 256, OPT_EXAMPLE, OPT_NO_CACHE, OPT_NOW, OPT_CHECK };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},  {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},     {"strict", no_argument, NULL, OPT_STRICT},
        {"example", no_argument, NULL, OPT_EXAMPLE}, {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"now", required_argument, NULL, OPT_NOW}, {"check", required_argument, NULL, OPT_CHECK},
        {NULL, 0, NULL, 0},
    };
    BuildOptions o = {0};
    bool example = false;
    cli_options_begin();
    int c;
    while ((c = cli_next_option(argc, argv, "build", "ho:j:qv", longopts, build_usage)) != -1) {
        switch (c) {
        case 0:
            return EXIT_USAGE;
        case 'h':
            fputs(build_usage, stdout);
            return EXIT_CLEAN;
        case OPT_STRICT:
            o.strict = true;
            break;
        case OPT_EXAMPLE:
            example = true;
            break;
        case OPT_NO_CACHE:
            o.no_cache = true;
            break;
        case 'q':
            diag_set_verbosity(DIAG_QUIET);
            break;
        case 'v':
            diag_set_verbosity(DIAG_VERBOSE);
            break;
        case 'o':
            o.output_dir = optarg;
            if (!*o.output_dir) {
                fprintf(stderr, "sayso build: -o was given an empty folder name: name the folder to "
                        "publish into, such as -o public\n");
                return EXIT_USAGE;
            }
            break;
        case OPT_NOW:
            o.now = optarg;
            break;
        case OPT_CHECK:
            if (strcmp(optarg, "full") && strcmp(optarg, "piecewise")) {
                fprintf(stderr, "sayso build: --check is 'full' or 'piecewise', not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            html_validate_set_default_mode(strcmp(optarg, "full") ? HTML_CHECK_PIECEWISE : HTML_CHECK_FULL);
            break;
        case 'j':
            /* More workers than 256 would only queue: say so rather than
             * quietly use fewer. */
            if (!cli_parse_int(optarg, 1, 256, &o.jobs)) {
                fprintf(stderr, "sayso build: -j needs a number of worker threads from 1 to 256, not '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (o.source_dir) {
            fprintf(stderr, "sayso build: give one source folder, not '%s' as well\n%s", argv[i], build_usage);
            return EXIT_USAGE;
        }
        o.source_dir = argv[i];
    }
    if (example && o.source_dir) {
        fprintf(stderr, "sayso build: give a source folder or --example, not both\n%s", build_usage);
        return EXIT_USAGE;
    }
    char *source = NULL, *output = NULL;
    if (example) {
        source = sayso_data_path("content");
    } else if (!o.source_dir && !(source = site_root_find("."))) {
        fprintf(stderr, "sayso build: %s", site_root_missing_help());
        return EXIT_USAGE;
    }
    if (source)
        o.source_dir = source;
    /* The example may sit in a read-only install: its site goes here. */
    if (!o.output_dir && !example)
        o.output_dir = output = strcmp(o.source_dir, ".") ? path_join(o.source_dir, "public")
                                                          : xstrdup("public");
    BuildResult result;
    int status = build_site(&o, &result);
    free(source);
    free(output);
    return status;
}
