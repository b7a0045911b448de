/* main.c: the sayso command line.  Finds the subcommand and hands over. */
#include "commands.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: sayso build [SOURCE] [-o OUT] [--now YYYY-MM-DD] [--strict] [-j N]\n"
    "                   [--quiet] [--verbose]\n"
    "       sayso check [--format text|json|sarif] [--strict] FILE-OR-DIR...\n"
    "       sayso build --example [-o OUT]\n"
    "       sayso new SITE-DIR\n"
    "       sayso new consultation SLUG\n"
    "       sayso serve [SOURCE] [--port N] [--now YYYY-MM-DD] [--quiet] [--verbose]\n"
    "       sayso review sign SLUG FORMAT --by NAME [--date D] [--outcome approved|changes]\n"
    "       sayso review status [SLUG]\n"
    "       sayso translation mark SLUG LANG [SOURCE]\n"
    "       sayso --version\n"
    "\n"
    "SOURCE defaults to the site around this folder (the nearest folder here\n"
    "or above that holds site.yml); OUT to public/ inside it.  --example\n"
    "builds the example site that comes with sayso.\n"
    "Exit status: 0 clean, 1 errors found, 2 bad usage or unreadable input.\n"
    "See sayso(1) for more.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[1];
    if (!strcmp(command, "--help") || !strcmp(command, "-h") || !strcmp(command, "help")) {
        fputs(usage, stdout);
        return EXIT_CLEAN;
    }
    if (!strcmp(command, "--version")) {
        printf("sayso %s\n", SAYSO_VERSION);
        return EXIT_CLEAN;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"build", cmd_build},
        {"check", cmd_check},
        {"new", cmd_new},
        {"serve", cmd_serve},
        {"review", cmd_review},
        {"translation", cmd_translation},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(command, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "sayso: unknown command '%s'\n\n%s", command, usage);
    return EXIT_USAGE;
}
