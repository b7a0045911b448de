/* cli_options.c: getopt_long with sayso's own messages (cli_options.h). */
#include "cli_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_options_begin(void)
{
    /* 0, not 1: glibc then also resets its own state between runs. */
    optind = 0;
    opterr = 0;
}

int cli_next_option(int argc, char **argv, const char *command, const char *shortopts,
                    const struct option *longopts, const char *usage)
{
    /* A leading ':' makes a missing value ':' rather than '?'. */
    char opts[64];
    snprintf(opts, sizeof opts, ":%s", shortopts);
    int c = getopt_long(argc, argv, opts, longopts, NULL);
    if (c != '?' && c != ':')
        return c;
    const char *given = argv[optind - 1];
    char shortname[3] = {'-', (char)optopt, '\0'};
    /* For a short option given inside a group (-qx), argv[optind - 1] is
     * the group: name the one letter instead. */
    if (optopt && strncmp(given, "--", 2) != 0)
        given = shortname;
    if (c == ':')
        fprintf(stderr, "sayso %s: %s needs a value\n%s", command, given, usage);
    else
        fprintf(stderr, "sayso %s: unknown option '%s'\n%s", command, given, usage);
    return 0;
}

bool cli_parse_int(const char *text, int low, int high, int *out)
{
    char *end = NULL;
    long v = text && *text ? strtol(text, &end, 10) : -1;
    if (!text || !*text || *end || v < low || v > high)
        return false;
    *out = (int)v;
    return true;
}
