/* commands.h: the sayso subcommands.  Each takes the arguments after its
 * own name (argv[0] is the subcommand) and returns the exit status:
 * 0 clean, 1 errors found, 2 bad usage or unreadable input. */
#ifndef SAYSO_COMMANDS_H
#define SAYSO_COMMANDS_H

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_translation(int argc, char **argv);

#endif
