/* cmd_translation.c: `sayso translation mark SLUG LANG [SOURCE]`. */
#include "commands.h"
#include "translation.h"

#include <stdio.h>
#include <string.h>

static const char translation_usage[] =
    "usage: sayso translation mark SLUG LANG [SOURCE]\n"
    "  Records that the LANG translation of consultation (or page) SLUG matches\n"
    "  its source as it is now, by writing the source's fingerprint into the\n"
    "  translation's translated_from.  SOURCE defaults to the current folder.\n";

int cmd_translation(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(translation_usage, stdout);
        return EXIT_CLEAN;
    }
    if (argc < 4 || argc > 5 || strcmp(argv[1], "mark") != 0) {
        fputs(translation_usage, stderr);
        return EXIT_USAGE;
    }
    return translation_mark(argc == 5 ? argv[4] : ".", argv[2], argv[3]);
}
