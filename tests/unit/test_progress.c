/* test_progress.c: the progress line, on a pseudo-terminal and off one. */
#include "testutil.h"
#include "diag.h"
#include "progress.h"
#include "util.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Everything written to the terminal so far. */
static char *drain(int master)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");
    char buf[1024];
    struct pollfd p = {.fd = master, .events = POLLIN};
    while (poll(&p, 1, 100) > 0) {
        ssize_t n = read(master, buf, sizeof buf);
        if (n <= 0)
            break;
        sb_append_len(&sb, buf, (size_t)n);
    }
    return sb_take(&sb);
}

static int open_terminal(int *slave)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    *slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    assert_true(*slave >= 0);
    return master;
}

static void test_draws_on_a_terminal(void **state)
{
    (void)state;
    int slave;
    int master = open_terminal(&slave);
    Progress *p = progress_start_on(slave, 3000, "packs", 0);
    progress_step(p);
    for (int i = 0; i < 1499; i++)
        progress_step(p);
    assert_int_equal(progress_done(p), 1500);
    /* Many steps in well under 100 ms: drawn once, not 1500 times. */
    assert_int_equal(progress_draw_count(p), 1);
    pause_ms(120);
    progress_step(p);
    assert_int_equal(progress_draw_count(p), 2);
    char *seen = drain(master);
    assert_non_null(strstr(seen, "Building: 1 of 3,000 packs"));
    assert_non_null(strstr(seen, "Building: 1,501 of 3,000 packs"));
    free(seen);
    progress_finish(p);
    seen = drain(master);        /* the line is rubbed out at the end */
    assert_true(strlen(seen) > 0);
    for (const char *c = seen; *c; c++)
        if (*c != ' ' && *c != '\r' && *c != '\n')
            fail_msg("left on the line: %s", seen);
    free(seen);
    close(slave);
    close(master);
}

static void test_short_builds_draw_nothing(void **state)
{
    (void)state;
    int slave;
    int master = open_terminal(&slave);
    Progress *p = progress_start_on(slave, 10, "packs", 500);
    for (int i = 0; i < 10; i++)
        progress_step(p);
    assert_int_equal(progress_draw_count(p), 0);
    progress_finish(p);
    char *seen = drain(master);
    assert_string_equal(seen, "");
    free(seen);
    close(slave);
    close(master);
}

static void test_silent_off_a_terminal(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    Progress *p = progress_start_on(fds[1], 5, "packs", 0);
    for (int i = 0; i < 5; i++)
        progress_step(p);
    assert_int_equal(progress_done(p), 5);
    assert_int_equal(progress_draw_count(p), 0);
    progress_finish(p);
    close(fds[1]);
    char buf[16];
    assert_int_equal(read(fds[0], buf, sizeof buf), 0);
    close(fds[0]);

    /* --quiet and --verbose draw nothing either, and NULL is harmless. */
    diag_set_verbosity(DIAG_QUIET);
    p = progress_start(5, "packs");
    progress_step(p);
    assert_int_equal(progress_draw_count(p), 0);
    progress_finish(p);
    diag_set_verbosity(DIAG_NORMAL);
    progress_step(NULL);
    progress_finish(NULL);
}

static void *step_many(void *data)
{
    for (int i = 0; i < 10000; i++)
        progress_step(data);
    return NULL;
}

static void test_steps_from_many_threads(void **state)
{
    (void)state;
    int slave;
    int master = open_terminal(&slave);
    Progress *p = progress_start_on(slave, 80000, "pages", 0);
    pthread_t threads[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, step_many, p), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(threads[i], NULL);
    assert_int_equal(progress_done(p), 80000);
    assert_true(progress_draw_count(p) >= 1);
    progress_finish(p);
    free(drain(master));
    close(slave);
    close(master);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draws_on_a_terminal),
        cmocka_unit_test(test_short_builds_draw_nothing),
        cmocka_unit_test(test_silent_off_a_terminal),
        cmocka_unit_test(test_steps_from_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
