/* cmd_new.c: `sayso new`.  Not built yet: see the open issue for it. */
#include "commands.h"
#include <stdio.h>

int cmd_new(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("sayso new: not available in this version yet\n", stderr);
    return EXIT_USAGE;
}
