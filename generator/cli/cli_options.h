/* cli_options.h: one way to read every command's options, with
 * getopt_long (as git has parse-options.h for all of its commands).
 *
 * Each option has one spelling with "=" and one without ("--now=D" and
 * "--now D", "-o X" and "-oX"); unknown options are named as unknown, an
 * option without its value says so, and each message ends with the
 * command's usage. */
#ifndef SAYSO_CLI_OPTIONS_H
#define SAYSO_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

/* Starts reading argv afresh (a command may be run more than once in a
 * process, as the tests do). */
void cli_options_begin(void);

/* The next option's character (or a long option's val), -1 when there are
 * no more, or 0 after printing why the command line is wrong: the caller
 * then exits with EXIT_USAGE.  Arguments that are not options are left,
 * in order, in argv[optind..argc-1]. */
int cli_next_option(int argc, char **argv, const char *command, const char *shortopts,
                    const struct option *longopts, const char *usage);

/* A whole number from low to high, or false. */
bool cli_parse_int(const char *text, int low, int high, int *out);

#endif
