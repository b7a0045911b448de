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

/* An error or warning, as made: it is formatted ("file:line: level: text")
 * only where it is shown, so it can be kept, stored and shown again as
 * what it was. */
typedef enum { DIAG_LEVEL_ERROR, DIAG_LEVEL_WARNING } DiagLevel;

typedef struct DiagMessage {
    DiagLevel level;
    char *file;               /* NULL: about no file */
    int line;                 /* 0: about the whole file */
    char *text;
} DiagMessage;

typedef struct DiagList {
    DiagMessage *items;
    size_t count, cap;
} DiagList;

void diag_list_push(DiagList *list, const DiagMessage *m);   /* keeps a copy */
void diag_list_free(DiagList *list);
/* The message as shown, "file:line: warning: text"; the caller frees. */
char *diag_format(const DiagMessage *m);

/* A list as the build cache stores it (binio.h), and back.  Reading
 * marks r failed on a malformed list. */
struct StrBuf;
struct Reader;
void diag_list_put(struct StrBuf *sb, const DiagList *list);
void diag_list_get(struct Reader *r, DiagList *list);

/* line 0: the message is about the whole file; file NULL: about no file.
 * The message goes to this thread's sink (below). */
void diag_error(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));     /* hidden by --quiet */
void diag_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* shown by --verbose */

/* Sinks.  Each thread sends its errors and warnings to its sink; a sink
 * counts what reaches it and passes it on to the sink outside it, and the
 * last of them shows it (stderr, the transcript, the hook below).  A build
 * counts its own messages in a sink of its own, whose workers send theirs
 * through it; work whose messages must come out later, in a fixed order,
 * holds them in a sink that passes nothing on; the build cache records
 * what a pack's work said, to say it again when it reuses the pack. */
typedef enum {
    DIAG_PASS_ON,             /* count, and pass on */
    DIAG_RECORD,              /* count, keep a copy in kept, and pass on */
    DIAG_HOLD,                /* count, keep in kept (if set), pass nothing on */
} DiagMode;

typedef struct Diag {
    DiagMode mode;
    DiagList *kept;
    size_t errors, warnings;  /* what reached this sink since diag_push */
    struct Diag *outer;       /* where it passes them on to */
    struct Diag *before;      /* this thread's sink before diag_push */
} Diag;

/* Makes d this thread's sink until diag_pop(d), passing on to outer, or
 * when NULL to the sink this thread had (a thread with none: shown).  A
 * worker thread passes on to its build's sink, made on another thread:
 * sinks several threads pass through are safe to share. */
void diag_push(Diag *d, DiagMode mode, DiagList *kept, Diag *outer);
/* This thread's sink is the one before d again; d keeps its counts. */
void diag_pop(Diag *d);

/* Sends a kept message again, through this thread's sink, as what it was. */
void diag_replay(const DiagMessage *m);
void diag_replay_list(const DiagList *list);

/* Everything shown since diag_reset(), from every thread: for tests and
 * `sayso serve`; a build counts in a sink of its own. */
size_t diag_error_count(void);
size_t diag_warning_count(void);
void diag_reset(void);

/* A hook for `sayso serve`, which shows build errors in the browser too:
 * each error and warning shown is also passed here, formatted. */
typedef void (*DiagSink)(void *data, bool is_error, const char *formatted);
void diag_set_sink(DiagSink sink, void *data);

/* Writes to stderr as the messages do (findings printed in bulk). */
void diag_write(const char *data, size_t len);

/* Keeps a copy of everything written to stderr in into (NULL stops), so
 * a build with nothing to do can say again what the last one said. */
void diag_transcript(struct StrBuf *into);

#endif
