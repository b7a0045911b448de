/* cmd_build.c: `sayso build [SOURCE] [-o OUT] [--now DATE] [--strict] [-j N]`. */
#include "build.h"
#include "commands.h"
#include "diag.h"
#include "paths.h"
#include "site_root.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char build_usage[] =
    "usage: sayso build [SOURCE] [-o OUT] [--now YYYY-MM-DD] [--strict] [-j N]\n"
    "                   [--no-cache] [--quiet] [--verbose]\n"
    "       sayso build --example [-o OUT] ...\n"
    "\n"
    "SOURCE defaults to the site around this folder: the nearest folder here\n"
    "or above that holds site.yml.  OUT defaults to public/ inside SOURCE.\n"
    "--example builds the example site that comes with sayso into ./public.\n";

/* Accepts "-o X", "-oX", "--output X" and "--output=X". */
static const char *option_value(int argc, char **argv, int *i, const char *shortname, const char *longname)
{
    const char *a = argv[*i];
    size_t ln = strlen(longname);
    if (shortname && !strcmp(a, shortname)) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    if (shortname && !strncmp(a, shortname, 2) && a[2] && shortname[1] != '-')
        return a + 2;
    if (!strcmp(a, longname)) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    if (!strncmp(a, longname, ln) && a[ln] == '=')
        return a + ln + 1;
    return NULL;
}

static bool is_option(const char *a, const char *shortname, const char *longname)
{
    size_t ln = strlen(longname);
    return (shortname && !strncmp(a, shortname, 2)) || !strncmp(a, longname, ln);
}

int cmd_build(int argc, char **argv)
{
    BuildOptions o = {0};
    bool example = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(build_usage, stdout);
            return EXIT_CLEAN;
        } else if (!strcmp(a, "--strict")) {
            o.strict = true;
        } else if (!strcmp(a, "--example")) {
            example = true;
        } else if (!strcmp(a, "--no-cache")) {
            o.no_cache = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            diag_set_verbosity(DIAG_QUIET);
        } else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            diag_set_verbosity(DIAG_VERBOSE);
        } else if (is_option(a, "-o", "--output")) {
            if (!(o.output_dir = option_value(argc, argv, &i, "-o", "--output")))
                goto missing;
            if (!*o.output_dir) {
                fprintf(stderr, "sayso build: -o was given an empty folder name: name the folder to "
                        "publish into, such as -o public\n");
                return EXIT_USAGE;
            }
        } else if (is_option(a, NULL, "--now")) {
            if (!(o.now = option_value(argc, argv, &i, NULL, "--now")))
                goto missing;
        } else if (is_option(a, "-j", "--jobs")) {
            const char *v = option_value(argc, argv, &i, "-j", "--jobs");
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 256) {
                fprintf(stderr, "sayso build: -j needs a number of worker threads from 1 to 256\n");
                return EXIT_USAGE;
            }
            o.jobs = (int)n;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sayso build: unknown option '%s'\n%s", a, build_usage);
            return EXIT_USAGE;
        } else if (!o.source_dir) {
            o.source_dir = a;
        } else {
            fprintf(stderr, "sayso build: give one source folder, not '%s' as well\n%s", a, build_usage);
            return EXIT_USAGE;
        }
        continue;
missing:
        fprintf(stderr, "sayso build: %s needs a value\n%s", a, build_usage);
        return EXIT_USAGE;
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
