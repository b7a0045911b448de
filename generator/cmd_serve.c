/* cmd_serve.c: `sayso serve`.  Not built yet: see the open issue for it. */
#include "commands.h"
#include <stdio.h>

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("sayso serve: not available in this version yet\n", stderr);
    return EXIT_USAGE;
}
