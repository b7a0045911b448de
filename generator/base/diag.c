/* diag.c: messages to the person running sayso. */
#include "diag.h"
#include "binio.h"
#include "util.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static DiagVerbosity verbosity = DIAG_NORMAL;
static DiagSink hook;
static void *hook_data;
/* Everything written to stderr while set (diag_transcript). */
static StrBuf *transcript;
/* The sink every chain of sinks ends in: what reaches it is shown. */
static Diag shown = {.mode = DIAG_PASS_ON};
/* This thread's sink (diag_push); none: shown. */
static _Thread_local Diag *current;

void diag_set_verbosity(DiagVerbosity v) { verbosity = v; }
DiagVerbosity diag_verbosity(void) { return verbosity; }

void diag_set_sink(DiagSink s, void *data)
{
    pthread_mutex_lock(&lock);
    hook = s;
    hook_data = data;
    pthread_mutex_unlock(&lock);
}

/* ---- messages as values ---- */

void diag_list_push(DiagList *list, const DiagMessage *m)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->count++] = (DiagMessage){.level = m->level, .file = m->file ? xstrdup(m->file) : NULL,
                                               .line = m->line, .text = xstrdup(m->text)};
}

void diag_list_free(DiagList *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].text);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

char *diag_format(const DiagMessage *m)
{
    const char *level = m->level == DIAG_LEVEL_ERROR ? "error" : "warning";
    if (m->file && m->line > 0)
        return xasprintf("%s:%d: %s: %s", m->file, m->line, level, m->text);
    if (m->file)
        return xasprintf("%s: %s: %s", m->file, level, m->text);
    return xasprintf("%s: %s", level, m->text);
}

void diag_list_put(StrBuf *sb, const DiagList *list)
{
    put_u64(sb, list->count);
    for (size_t i = 0; i < list->count; i++) {
        const DiagMessage *m = &list->items[i];
        put_u64(sb, m->level);
        put_str(sb, m->file);
        put_i64(sb, m->line);
        put_str(sb, m->text);
    }
}

void diag_list_get(Reader *r, DiagList *list)
{
    size_t n = get_count(r, 24);
    for (size_t i = 0; i < n && !r->failed; i++) {
        uint64_t level = get_u64(r);
        char *file = get_str(r);
        int64_t line = get_i64(r);
        char *text = get_str(r);
        if (!text || level > DIAG_LEVEL_WARNING || line < 0 || line > INT_MAX)
            r->failed = true;
        else
            diag_list_push(list, &(DiagMessage){.level = (DiagLevel)level, .file = file, .line = (int)line,
                                                .text = text});
        free(file);
        free(text);
    }
}

/* ---- sinks ---- */

void diag_push(Diag *d, DiagMode mode, DiagList *kept, Diag *outer)
{
    *d = (Diag){.mode = mode, .kept = kept, .outer = outer ? outer : current ? current : &shown,
                .before = current};
    current = d;
}

void diag_pop(Diag *d)
{
    current = d->before;
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

/* The edge: the one place a message becomes text.  Lock held. */
static void show(const DiagMessage *m)
{
    bool is_error = m->level == DIAG_LEVEL_ERROR;
    /* Warnings are hidden by --quiet; errors only by DIAG_SILENT. */
    bool printed = verbosity != DIAG_SILENT && (is_error || verbosity != DIAG_QUIET);
    if (!printed && !hook)
        return;
    char *text = diag_format(m);
    if (printed)
        put_line(text);
    if (hook)
        hook(hook_data, is_error, text);
    free(text);
}

/* From this thread's sink outwards, until a sink holds it or it is shown.
 * One lock for every sink: a build's sink is shared by its workers, and
 * messages are few. */
static void send(const DiagMessage *m)
{
    pthread_mutex_lock(&lock);
    for (Diag *d = current ? current : &shown;; d = d->outer) {
        if (m->level == DIAG_LEVEL_ERROR)
            d->errors++;
        else
            d->warnings++;
        if (d->kept)
            diag_list_push(d->kept, m);
        if (d->mode == DIAG_HOLD)
            break;
        if (!d->outer) {
            show(m);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

static void emit(DiagLevel level, const char *file, int line, const char *fmt, va_list ap)
{
    char *text = xvasprintf(fmt, ap);
    send(&(DiagMessage){.level = level, .file = (char *)file, .line = line, .text = text});
    free(text);
}

void diag_error(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(DIAG_LEVEL_ERROR, file, line, fmt, ap);
    va_end(ap);
}

void diag_warning(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(DIAG_LEVEL_WARNING, file, line, fmt, ap);
    va_end(ap);
}

void diag_replay(const DiagMessage *m)
{
    send(m);
}

void diag_replay_list(const DiagList *list)
{
    for (size_t i = 0; i < list->count; i++)
        send(&list->items[i]);
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

size_t diag_error_count(void) { return shown.errors; }
size_t diag_warning_count(void) { return shown.warnings; }

void diag_reset(void)
{
    pthread_mutex_lock(&lock);
    shown.errors = shown.warnings = 0;
    pthread_mutex_unlock(&lock);
}
