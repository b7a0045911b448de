/* testutil.h: shared by the cmocka tests. */
#ifndef SAYSO_TESTUTIL_H
#define SAYSO_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* The staging folders (".NAME.new-XXXXXX") a build left in dir: a failed
 * build must leave none.  list_dir() hides dot-names, so read dir here. */
static inline size_t count_staging_folders(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] == '.' && strstr(e->d_name, ".new-"))
            n++;
    if (d)
        closedir(d);
    return n;
}
/* Replaces the first `from` in the file at dir/rel with `to`, as an
 * editor would; the test fails where the file or `from` is missing. */
static inline void replace_in_file(const char *dir, const char *rel, const char *from, const char *to)
{
    char *path = path_join(dir, rel);
    char *text = read_file(path, NULL);
    assert_non_null(text);
    char *at = strstr(text, from);
    assert_non_null(at);
    char *changed = xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    assert_true(write_file(path, changed, strlen(changed)));
    free(changed);
    free(text);
    free(path);
}
#ifdef TESTUTIL_MESSAGES
/* The messages sayso gave, in order, for the tests that check them word
 * for word.  Define TESTUTIL_MESSAGES before including this header to
 * have them; messages_setup and messages_teardown go around each test. */
#include "diag.h"
#include "util.h"

static StrList messages;

static inline void collect_message(void *data, bool is_error, const char *formatted)
{
    (void)data;
    (void)is_error;
    sl_push(&messages, formatted);
}

static inline int messages_setup(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    diag_set_sink(collect_message, NULL);
    diag_reset();
    messages = (StrList){0};
    return 0;
}

static inline int messages_teardown(void **state)
{
    (void)state;
    sl_free(&messages);
    messages = (StrList){0};
    diag_set_sink(NULL, NULL);
    return 0;
}
#endif
#ifdef TESTUTIL_SITE
/* Helpers for the tests that write a small site into a temporary folder and
 * run the sayso binary on it, as a communications team does.  Define
 * TESTUTIL_SITE before including this header to have them. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmp_root[256];

/* Testbury's site and its new park, which the site tests build on. */
#define TESTBURY_TITLE "title: Have your say in Testbury\n" "organisation: Testbury Council\n"
#define TESTBURY_BASE_URL "base_url: https://consult.testbury.example/\n"
#define TESTBURY_CONTACT "contact:\n  email: ask@testbury.example\n  phone: 01632 960 000\n"
#define NEW_PARK_FRONT                                                                     \
    "---\n"                                                                                 \
    "title: A new park for Testbury\n"                                                      \
    "summary: We want to make a new park. Tell us what you think.\n"                        \
    "opens: 2026-11-01\n"                                                                   \
    "closes: 2026-12-20\n"
#define NEW_PARK_WHY "---\n\n## Why we are asking\n\n"

/* Makes the test folder /tmp/sayso-test-NAME-XXXXXX; false if it could not. */
static inline bool tmp_root_make(const char *name)
{
    snprintf(tmp_root, sizeof tmp_root, "/tmp/sayso-test-%s-XXXXXX", name);
    return mkdtemp(tmp_root) != NULL;
}

/* The group's or test's teardown: removes the test folder. */
static inline int remove_tmp_root(void **state)
{
    (void)state;
    remove_tree(tmp_root);
    return 0;
}

/* SAYSO_BIN is set by tests/run-unit.sh to the build beside the tests, so
 * the sanitizer run checks the sanitized binary. */
static inline const char *sayso_bin(void)
{
    const char *b = getenv("SAYSO_BIN");
    return b && *b ? b : "build/sayso";
}

/* Writes a file under the test folder, making its folders. */
static inline void put_bytes(const char *rel, const char *data, size_t len)
{
    char *path = path_join(tmp_root, rel);
    char *dir = path_dirname(path);
    assert_true(make_dirs(dir));
    assert_true(write_file(path, data, len));
    free(dir);
    free(path);
}

static inline void put(const char *rel, const char *text)
{
    put_bytes(rel, text, strlen(text));
}

/* A file under the test folder and its length; the test fails where it
 * was not written. */
static inline char *slurp_bytes(const char *rel, size_t *len)
{
    char *path = path_join(tmp_root, rel);
    char *text = read_file(path, len);
    free(path);
    if (!text)
        fail_msg("%s was not written", rel);
    return text;
}

static inline char *slurp(const char *rel)
{
    return slurp_bytes(rel, NULL);
}

static inline bool exists(const char *rel)
{
    char *path = path_join(tmp_root, rel);
    bool ok = file_exists(path);
    free(path);
    return ok;
}

/* Runs sayso with args (a shell-quoted string) in the folder dir under the
 * test folder, after env (shell assignments, or NULL), killed after
 * `seconds` when that is above 0; returns the exit status (-1 when killed)
 * and sets *output, when asked for, to stdout and stderr together. */
static inline int sayso_run_in(const char *dir, const char *env, int seconds, const char *args,
                               char **output)
{
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    /* A relative SAYSO_BIN must keep working after the cd. */
    char *bin = sayso_bin()[0] == '/' ? xstrdup(sayso_bin()) : xasprintf("%s/%s", cwd, sayso_bin());
    char *timeout = seconds > 0 ? xasprintf("timeout -s KILL %d ", seconds) : xstrdup("");
    char *cmd = xasprintf("cd '%s/%s' && %s %s'%s' %s 2>&1", tmp_root, dir, env ? env : "", timeout,
                          bin, args);
    free(timeout);
    free(bin);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    StrBuf sb;
    sb_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        sb_append_len(&sb, buf, n);
    int status = pclose(p);
    free(cmd);
    if (output)
        *output = sb_take(&sb);
    else
        sb_free(&sb);
    if (!WIFEXITED(status) || (seconds > 0 && WEXITSTATUS(status) == 137))
        return -1;
    return WEXITSTATUS(status);
}

/* Runs sayso with args in the test folder. */
static inline int sayso_run(const char *args, char **output)
{
    return sayso_run_in(".", NULL, 0, args, output);
}
#endif
#endif
