/* feedback.h: reading a pack's you-said-we-did.csv.
 *
 * The CSV is how a council records what people said, what it did about it
 * and, where it could not act, why.  Councils fill it in with Excel, so it
 * may come in Windows-1252 and its columns in any order; sayso matches the
 * header names and checks every row, naming file:line for each problem, so
 * the whole file can be fixed in one pass.
 */
#ifndef SAYSO_FEEDBACK_H
#define SAYSO_FEEDBACK_H

#include "site.h"

#include <stdbool.h>

/* Reads and checks the CSV at `path`, converting it from `encoding` (NULL:
 * UTF-8) first.  Messages name `display_path` and the line where each row
 * starts.  On success fills *out (free with feedback_free) and returns true;
 * on any error reports every problem found through diag_error, leaves *out
 * empty and returns false. */
bool feedback_load(const char *path, const char *display_path, const char *encoding, Feedback *out);

/* The same, from text already in memory (UTF-8 after conversion). */
bool feedback_parse(const char *data, size_t len, const char *display_path, const char *encoding,
                    Feedback *out);

/* Warns about promises that have gone stale: a `doing` row whose follow_up
 * date is before `today`.  Returns the number of warnings given. */
size_t feedback_check_follow_up(const Feedback *feedback, Day today);

/* The header row of a CSV with every column sayso reads, in its usual
 * order, ending "\r\n" as spreadsheets write it: what `sayso new` puts in
 * templates/, from the same list the reader matches. Caller frees. */
char *feedback_header_row(void);

#endif
