/* cmd_build.c: `sayso build`.  Parses options and runs the pipeline. */
#include "commands.h"
#include <stdio.h>

int cmd_build(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("sayso build: not available in this version yet\n", stderr);
    return EXIT_USAGE;
}
