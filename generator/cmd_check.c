/* cmd_check.c: `sayso check`.  Not built yet: see the open issue for it. */
#include "commands.h"
#include <stdio.h>

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("sayso check: not available in this version yet\n", stderr);
    return EXIT_USAGE;
}
