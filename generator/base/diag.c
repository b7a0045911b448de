/* diag.c: messages to the person running sayso. */
#include "diag.h"
#include "util.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static DiagVerbosity verbosity = DIAG_NORMAL;
static size_t errors, warnings;
static DiagSink sink;
static void *sink_data;
/* Messages this thread emits are also kept here while a capture is on, so
 * the build cache can show a reused pack's warnings again (diag.h). */
static _Thread_local StrList *capture;
/* Everything written to stderr while set (diag_transcript). */
static StrBuf *transcript;
/* While set, this thread's messages are kept here instead (diag_hold). */
static _Thread_local StrList *held;

void diag_set_verbosity(DiagVerbosity v) { verbosity = v; }
DiagVerbosity diag_verbosity(void) { return verbosity; }

void diag_set_sink(DiagSink s, void *data)
{
    pthread_mutex_lock(&lock);
    sink = s;
    sink_data = data;
    pthread_mutex_unlock(&lock);
}

/* A line to stderr, and to the transcript.  Call with the lock held. */
static void put_line(const char *text)
{
    fprintf(stderr, "%s\n", text);
    if (transcript) {
        sb_append(transcript, text);
        sb_append_char(transcript, '\n');
    }
}

/* A formatted error or warning: kept for the capture, counted, shown
 * and passed to the sink.  Shared by new messages and replayed ones. */
static void deliver(bool is_error, const char *text)
{
    if (capture)
        sl_push(capture, text);
    pthread_mutex_lock(&lock);
    if (is_error)
        errors++;
    else
        warnings++;
    /* Warnings are hidden by --quiet; errors only by DIAG_SILENT. */
    if (verbosity != DIAG_SILENT && (is_error || verbosity != DIAG_QUIET))
        put_line(text);
    if (sink)
        sink(sink_data, is_error, text);
    pthread_mutex_unlock(&lock);
}

static void emit(bool is_error, const char *file, int line, const char *fmt, va_list ap)
{
    StrBuf sb;
    sb_init(&sb);
    if (file && line > 0)
        sb_printf(&sb, "%s:%d: ", file, line);
    else if (file)
        sb_printf(&sb, "%s: ", file);
    sb_append(&sb, is_error ? "error: " : "warning: ");
    char *msg = xvasprintf(fmt, ap);
    sb_append(&sb, msg);
    free(msg);
    if (held) {
        /* Kept for the capture now, in the order made; shown later. */
        if (capture)
            sl_push(capture, sb.data);
        sl_push(held, sb.data);
        sb_free(&sb);
        return;
    }
    deliver(is_error, sb.data);
    sb_free(&sb);
}

void diag_error(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(true, file, line, fmt, ap);
    va_end(ap);
}

void diag_warning(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(false, file, line, fmt, ap);
    va_end(ap);
}

static void note(DiagVerbosity at_least, const char *fmt, va_list ap)
{
    if (verbosity < at_least)
        return;
    char *text = xvasprintf(fmt, ap);
    pthread_mutex_lock(&lock);
    put_line(text);
    pthread_mutex_unlock(&lock);
    free(text);
}

void diag_write(const char *data, size_t len)
{
    pthread_mutex_lock(&lock);
    fwrite(data, 1, len, stderr);
    if (transcript)
        sb_append_len(transcript, data, len);
    pthread_mutex_unlock(&lock);
}

void diag_transcript(StrBuf *into)
{
    pthread_mutex_lock(&lock);
    transcript = into;
    pthread_mutex_unlock(&lock);
}

void diag_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    note(DIAG_NORMAL, fmt, ap);
    va_end(ap);
}

void diag_verbose(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    note(DIAG_VERBOSE, fmt, ap);
    va_end(ap);
}

void diag_capture(StrList *into)
{
    capture = into;
}

void diag_hold(StrList *into)
{
    held = into;
}

/* Recorded messages start "file:line: warning: "; the text is already
 * formatted, so it goes out as it is. */
void diag_replay(const char *formatted)
{
    if (held) {
        if (capture)
            sl_push(capture, formatted);
        sl_push(held, formatted);
        return;
    }
    bool is_error = strstr(formatted, ": error: ") != NULL || !strncmp(formatted, "error: ", 7);
    deliver(is_error, formatted);
}

size_t diag_error_count(void) { return errors; }
size_t diag_warning_count(void) { return warnings; }

void diag_reset(void)
{
    pthread_mutex_lock(&lock);
    errors = warnings = 0;
    pthread_mutex_unlock(&lock);
}
