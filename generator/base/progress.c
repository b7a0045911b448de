/* progress.c: a progress line on the terminal during long builds. */
#include "progress.h"
#include "diag.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_MS 100          /* ten times a second is smooth enough to read */
#define FIRST_DRAW_MS 500

struct Progress {
    int fd;                    /* -1: draw nothing, only count */
    size_t total;
    char *what;
    atomic_size_t done;
    long long started_ms;
    int delay_ms;
    pthread_mutex_t lock;      /* one thread draws at a time */
    long long last_draw_ms;
    size_t drawn;              /* under lock */
    size_t last_width;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 3000 -> "3,000": long numbers are easier to read with separators. */
static void format_count(size_t n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

Progress *progress_start_on(int fd, size_t total, const char *what, int delay_ms)
{
    Progress *p = xcalloc(1, sizeof *p);
    p->fd = fd >= 0 && isatty(fd) ? fd : -1;
    p->total = total;
    p->what = xstrdup(what ? what : "items");
    atomic_init(&p->done, 0);
    p->started_ms = now_ms();
    p->delay_ms = delay_ms;
    pthread_mutex_init(&p->lock, NULL);
    return p;
}

Progress *progress_start(size_t total, const char *what)
{
    int fd = diag_verbosity() == DIAG_NORMAL ? STDERR_FILENO : -1;
    return progress_start_on(fd, total, what, FIRST_DRAW_MS);
}

/* The line ends with a carriage return rather than starting with one, so
 * a message printed meanwhile starts at the left edge, over the line. */
static void draw(Progress *p, size_t done)
{
    char a[32], b[32], line[160];
    format_count(done, a, sizeof a);
    format_count(p->total, b, sizeof b);
    int n = snprintf(line, sizeof line, "Building: %s of %s %s", a, b, p->what);
    if (n < 0)
        return;
    size_t width = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    StrBuf sb;
    sb_init(&sb);
    sb_append_len(&sb, line, width);
    for (size_t i = width; i < p->last_width; i++)   /* rub out a longer line */
        sb_append_char(&sb, ' ');
    sb_append_char(&sb, '\r');
    ssize_t ignored = write(p->fd, sb.data, sb.len);
    (void)ignored;
    sb_free(&sb);
    p->last_width = width;
    p->drawn++;
}

void progress_step(Progress *p)
{
    if (!p)
        return;
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    if (p->fd < 0)
        return;
    long long now = now_ms();
    if (now - p->started_ms < p->delay_ms)
        return;
    /* Workers never wait for the terminal: if another thread is drawing,
     * this step shows up in the next drawing. */
    if (pthread_mutex_trylock(&p->lock) != 0)
        return;
    if (p->drawn == 0 || now - p->last_draw_ms >= REDRAW_MS || done == p->total) {
        p->last_draw_ms = now;
        draw(p, atomic_load(&p->done));
    }
    pthread_mutex_unlock(&p->lock);
}

size_t progress_done(Progress *p)
{
    return p ? atomic_load(&p->done) : 0;
}

size_t progress_draw_count(Progress *p)
{
    if (!p)
        return 0;
    pthread_mutex_lock(&p->lock);
    size_t n = p->drawn;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void progress_finish(Progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    if (p->fd >= 0 && p->drawn > 0) {
        /* Leave a clean line for the summary that follows. */
        StrBuf sb;
        sb_init(&sb);
        for (size_t i = 0; i < p->last_width; i++)
            sb_append_char(&sb, ' ');
        sb_append_char(&sb, '\r');
        ssize_t ignored = write(p->fd, sb.data, sb.len);
        (void)ignored;
        sb_free(&sb);
    }
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_destroy(&p->lock);
    free(p->what);
    free(p);
}
