/* progress.h: "Building: 120 of 3,000 packs" on the terminal during long builds.
 *
 * Drawn on stderr, and only when stderr is a terminal and the verbosity is
 * normal: --quiet means quiet, --verbose prints a line per pack instead, and
 * a log file or a CI job gets no carriage returns.  Redrawn at most ten
 * times a second, and not at all for builds that finish within half a
 * second, so small sites never flicker.
 *
 *   Progress *p = progress_start(pack_count, "packs");
 *   ... in any worker thread, after each pack:  progress_step(p);
 *   progress_finish(p);    clears the line and frees p
 *
 * Every function accepts NULL, so callers need not check.
 */
#ifndef SAYSO_PROGRESS_H
#define SAYSO_PROGRESS_H

#include <stddef.h>

typedef struct Progress Progress;

Progress *progress_start(size_t total, const char *what);
void progress_step(Progress *p);           /* thread-safe */
void progress_finish(Progress *p);

/* As progress_start(), drawing on FD whenever FD is a terminal, whatever
 * the verbosity; DELAY_MS is how long to wait before the first drawing.
 * For tests, which draw on a pseudo-terminal. */
Progress *progress_start_on(int fd, size_t total, const char *what, int delay_ms);
size_t progress_done(Progress *p);         /* steps so far */
size_t progress_draw_count(Progress *p);   /* times the line was drawn */

#endif
