/* diag.h: messages to the person running sayso.
 *
 * Every message about content names the file and line it is about, in the
 * form compilers use ("consultations/bus/index.md:4: closes is before
 * opens"), so editors and people alike can jump to it.  Errors about input
 * make the build stop before anything is written; warnings do not.
 * Messages may come from worker threads, so printing is serialised.
 */
#ifndef SAYSO_DIAG_H
#define SAYSO_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* DIAG_SILENT hides errors too; it is for fuzzing and tests that look at
 * the counts or the sink, never for a person running sayso. */
typedef enum { DIAG_SILENT, DIAG_QUIET, DIAG_NORMAL, DIAG_VERBOSE } DiagVerbosity;

void diag_set_verbosity(DiagVerbosity v);
DiagVerbosity diag_verbosity(void);

/* line 0: the message is about the whole file; file NULL: about no file. */
void diag_error(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));     /* hidden by --quiet */
void diag_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* shown by --verbose */

size_t diag_error_count(void);
size_t diag_warning_count(void);
void diag_reset(void);

/* A hook for `sayso serve`, which shows build errors in the browser too:
 * each error and warning is also passed here, already formatted. */
typedef void (*DiagSink)(void *data, bool is_error, const char *formatted);
void diag_set_sink(DiagSink sink, void *data);

/* The build cache reuses a pack's pages without building them, and shows
 * the warnings building them gave, so a rebuild says what a cold build
 * says.  diag_capture(list) keeps a copy of each message this thread emits
 * in list (NULL stops); diag_replay() emits a kept message again, counted
 * as an error or warning as it was. */
struct StrList;
void diag_capture(struct StrList *into);
void diag_replay(const char *formatted);

/* Work done on several threads whose messages must still come out in a
 * fixed order: diag_hold(list) keeps this thread's errors and warnings in
 * list, unprinted and uncounted, until diag_hold(NULL); the caller then
 * passes them to diag_replay() in the order it wants.  Messages replayed
 * on a thread that holds are held too, and a capture on the same thread
 * still keeps each as it is made. */
void diag_hold(struct StrList *into);

/* Writes to stderr as the messages do (findings printed in bulk). */
void diag_write(const char *data, size_t len);

/* Keeps a copy of everything written to stderr in into (NULL stops), so
 * a build with nothing to do can say again what the last one said. */
struct StrBuf;
void diag_transcript(struct StrBuf *into);

#endif
