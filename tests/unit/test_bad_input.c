/* test_bad_input.c: runs `sayso build` on every site in tests/bad/cases.
 *
 * Each case is a folder:
 *   site/      a site's source with one thing wrong in it
 *   setup      optional: a shell script run in a copy of site/ first, for
 *              what git should not hold (10 MB lines, symbolic links)
 *   args       optional: the words after `sayso build` instead of
 *              "site -o out"
 *   expected   "exit N", then every line sayso prints on stderr, exactly;
 *              "$TMP" stands for the case's scratch folder.  "exit N
 *              partial" instead: the lines must all appear, in order, and
 *              others may come between (for builds that succeed, whose
 *              other output belongs to the checks, not to the case)
 *   unprivileged  optional: run sayso as an ordinary user (nobody) when the
 *              tests run as root, for whom no folder is unreadable
 *   checks     optional: lines about the output, relative to the scratch
 *              folder: `has FILE TEXT`, `lacks FILE-OR-FOLDER TEXT`,
 *              `lacks-markup FOLDER TEXT` (no file a browser reads as
 *              markup or script holds TEXT: data files such as .csv and
 *              .ics carry text as it was written), `absent PATH`
 *
 * The scratch folder starts with `out/`, a good site built from
 * tests/bad/good.  sayso runs as a separate process (build/sayso, or
 * build/san/sayso for the sanitizer run) so a crash is a failed case, not
 * a crashed runner, and so what is checked is exactly what a person sees.
 * After a failed build, out/ must be byte-for-byte the good site and no
 * staging folder (.out.new-*) may be left behind.
 */
#include "testutil.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CASES "tests/bad/cases"
#define GOOD  "tests/bad/good"
#define NOW   "2026-11-23"
#define CHILD_SECONDS 300      /* a hung build is a failed case, not a hung suite */

static char root[PATH_MAX];    /* the repository: tests run from it */
static char *sayso;            /* the binary beside this test's folder */
static char *scratch;          /* one folder for the whole run */
static char *good_out;         /* the good site, built once */

/* ---- running programs ---- */

typedef struct Run {
    int status;                /* exit status, or 128 + signal */
    char *err;                 /* what it printed on stderr */
} Run;

/* Runs argv in cwd, capturing stderr; stdout goes to /dev/null.  The
 * sanitizers' own exit code is moved off 1 and 2, which mean something. */
static Run run_in(const char *cwd, char *const argv[])
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        dup2(pipefd[1], 2);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        if (chdir(cwd) != 0)
            _exit(126);
        const char *asan = getenv("ASAN_OPTIONS");
        char *a = xasprintf("%s%sexitcode=86", asan ? asan : "", asan && *asan ? ":" : "");
        setenv("ASAN_OPTIONS", a, 1);
        setenv("UBSAN_OPTIONS", "print_stacktrace=1:exitcode=87", 1);
        unsetenv("SOURCE_DATE_EPOCH");
        alarm(CHILD_SECONDS);
        execv(argv[0], argv);
        _exit(127);
    }
    close(pipefd[1]);
    StrBuf sb;
    sb_init(&sb);
    char buf[4096];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0)
        sb_append_len(&sb, buf, (size_t)n);
    close(pipefd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    Run r = {.err = sb_take(&sb)};
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

static int sh(const char *cwd, const char *script)
{
    char *argv[] = {"/bin/sh", "-e", (char *)script, NULL};
    Run r = run_in(cwd, argv);
    if (r.status != 0)
        print_error("%s: %s", script, r.err);
    free(r.err);
    return r.status;
}

static int copy_tree(const char *from, const char *to)
{
    char *argv[] = {"/bin/cp", "-a", (char *)from, (char *)to, NULL};
    Run r = run_in("/", argv);
    free(r.err);
    return r.status;
}

/* ---- comparing ---- */

/* Replaces every occurrence of what with with, in place. */
static char *replace_all(char *text, const char *what, const char *with)
{
    StrBuf sb;
    sb_init(&sb);
    size_t wl = strlen(what);
    const char *p = text;
    for (const char *hit; wl && (hit = strstr(p, what)); p = hit + wl) {
        sb_append_len(&sb, p, (size_t)(hit - p));
        sb_append(&sb, with);
    }
    sb_append(&sb, p);
    free(text);
    return sb_take(&sb);
}

/* True when every line of want is a whole line of got, in the same order. */
static bool lines_in_order(const char *got, const char *want)
{
    const char *g = got;
    while (*want) {
        size_t n = strcspn(want, "\n");
        bool found = false;
        while (*g && !found) {
            size_t m = strcspn(g, "\n");
            found = m == n && !strncmp(g, want, n);
            g += m + (g[m] == '\n');
        }
        if (!found)
            return false;
        want += n + (want[n] == '\n');
    }
    return true;
}

/* True when the two trees hold the same names, kinds and bytes. */
static bool trees_equal(const char *a, const char *b, StrBuf *why)
{
    struct stat sa, sb;
    if (lstat(a, &sa) != 0 || lstat(b, &sb) != 0) {
        sb_printf(why, "%s or %s is missing\n", a, b);
        return false;
    }
    if ((sa.st_mode & S_IFMT) != (sb.st_mode & S_IFMT)) {
        sb_printf(why, "%s changed kind\n", b);
        return false;
    }
    if (S_ISREG(sa.st_mode)) {
        size_t la, lb;
        char *da = read_file(a, &la), *db = read_file(b, &lb);
        bool same = da && db && la == lb && !memcmp(da, db, la);
        if (!same)
            sb_printf(why, "%s changed\n", b);
        free(da);
        free(db);
        return same;
    }
    if (!S_ISDIR(sa.st_mode))
        return true;
    /* list_dir leaves hidden names out: read the folders whole. */
    StrList na = {0}, nb = {0};
    DIR *d;
    struct dirent *e;
    if ((d = opendir(a))) {
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                sl_push(&na, e->d_name);
        closedir(d);
    }
    if ((d = opendir(b))) {
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                sl_push(&nb, e->d_name);
        closedir(d);
    }
    sl_sort(&na);
    sl_sort(&nb);
    bool same = na.count == nb.count;
    if (!same)
        sb_printf(why, "%s: %zu entries, was %zu\n", b, nb.count, na.count);
    for (size_t i = 0; same && i < na.count; i++) {
        if (strcmp(na.items[i], nb.items[i]) != 0) {
            sb_printf(why, "%s: '%s' where '%s' was\n", b, nb.items[i], na.items[i]);
            same = false;
            break;
        }
        char *ca = path_join(a, na.items[i]), *cb = path_join(b, nb.items[i]);
        same = trees_equal(ca, cb, why);
        free(ca);
        free(cb);
    }
    sl_free(&na);
    sl_free(&nb);
    return same;
}

/* Files a browser reads as markup or runs as script. */
static bool is_markup(const char *path)
{
    static const char *const kinds[] = {".html", ".htm", ".xml", ".svg", ".js", ".json", NULL};
    for (const char *const *k = kinds; *k; k++)
        if (str_ends_with(path, *k))
            return true;
    return false;
}

/* True when text occurs in the file, or in any file under the folder
 * (only in markup files when markup_only). */
static bool tree_contains_in(const char *path, const char *text, bool markup_only)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return false;
    if (S_ISREG(st.st_mode)) {
        if (markup_only && !is_markup(path))
            return false;
        size_t len;
        char *data = read_file(path, &len);
        bool found = data && memmem(data, len, text, strlen(text)) != NULL;
        free(data);
        return found;
    }
    if (!S_ISDIR(st.st_mode))
        return false;
    bool found = false;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && !found && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *child = path_join(path, e->d_name);
        found = tree_contains_in(child, text, markup_only);
        free(child);
    }
    if (d)
        closedir(d);
    return found;
}

static bool tree_contains(const char *path, const char *text)
{
    return tree_contains_in(path, text, false);
}

/* Runs the `checks` file; returns the number that failed. */
static int run_checks(const char *checks_path, const char *dir)
{
    char *text = read_file(checks_path, NULL);
    if (!text)
        return 0;
    int failed = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char verb[16], file[256];
        int used = 0;
        if (sscanf(line, "%15s %255s %n", verb, file, &used) < 2) {
            print_error("checks: cannot read '%s'\n", line);
            failed++;
            continue;
        }
        const char *arg = line + used;
        char *path = path_join(dir, file);
        struct stat st;
        bool ok;
        if (!strcmp(verb, "has"))
            ok = tree_contains(path, arg);
        else if (!strcmp(verb, "lacks"))
            ok = lstat(path, &st) == 0 && !tree_contains(path, arg);
        else if (!strcmp(verb, "lacks-markup"))
            ok = lstat(path, &st) == 0 && !tree_contains_in(path, arg, true);
        else if (!strcmp(verb, "absent"))
            ok = lstat(path, &st) != 0;
        else
            ok = false;
        if (!ok) {
            print_error("check failed: %s\n", line);
            failed++;
        }
        free(path);
    }
    free(text);
    return failed;
}

/* ---- one case ---- */

static void test_case(void **state)
{
    const char *name = *state;
    char *case_dir = xasprintf("%s/%s/%s", root, CASES, name);
    char *dir = path_join(scratch, name);
    assert_true(make_dirs(dir));

    char *site_from = path_join(case_dir, "site");
    char *site = path_join(dir, "site");
    assert_int_equal(copy_tree(site_from, site), 0);
    char *setup = path_join(case_dir, "setup");
    if (file_exists(setup))
        assert_int_equal(sh(site, setup), 0);
    char *out = path_join(dir, "out");
    assert_int_equal(copy_tree(good_out, out), 0);

    /* the command */
    char *args_path = path_join(case_dir, "args");
    char *args = read_file(args_path, NULL);
    if (!args)
        args = xstrdup("site -o out");
    char *argv[40];
    int argc = 0;
    char *unprivileged = path_join(case_dir, "unprivileged");
    if (file_exists(unprivileged) && geteuid() == 0) {
        /* nobody must be able to run sayso where it was built: a checkout
         * under a folder closed to other users (such as /root) cannot test
         * this, and says so rather than fail for a reason not the case's. */
        char *probe = xasprintf("/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups '%s' build --help "
                                ">/dev/null 2>&1", sayso);
        bool reachable = system(probe) == 0;
        free(probe);
        if (!reachable) {
            print_message("%s: skipped: the user nobody cannot run %s (a folder above it is closed to "
                          "other users)\n", name, sayso);
            free(unprivileged);
            free(args_path);
            free(args);
            free(site);
            free(site_from);
            free(setup);
            free(out);
            free(dir);
            free(case_dir);
            skip();
        }
        /* nobody must reach the case's folder and own what it writes to. */
        chmod(scratch, 0711);
        char *own = xasprintf("chown -R 65534:65534 '%s'", dir);
        assert_int_equal(system(own), 0);
        free(own);
        static char *const as_nobody[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                          "--clear-groups"};
        for (size_t i = 0; i < 4; i++)
            argv[argc++] = as_nobody[i];
    }
    free(unprivileged);
    argv[argc++] = sayso;
    argv[argc++] = "build";
    char *save = NULL;
    for (char *w = strtok_r(args, " \n", &save); w && argc < 30; w = strtok_r(NULL, " \n", &save))
        argv[argc++] = w;
    argv[argc++] = "--now";
    argv[argc++] = NOW;
    argv[argc++] = "-j";
    argv[argc++] = "1";
    argv[argc] = NULL;
    Run r = run_in(dir, argv);
    r.err = replace_all(r.err, dir, "$TMP");
    r.err = replace_all(r.err, root, "$ROOT");

    /* what it should have done */
    char *expected_path = path_join(case_dir, "expected");
    char *expected = read_file(expected_path, NULL);
    if (!expected)
        fail_msg("%s: no expected file; sayso printed (exit %d):\n%s", name, r.status, r.err);
    int want_status = -1;
    char *want_err = strchr(expected, '\n');
    want_err = want_err ? want_err + 1 : expected + strlen(expected);
    if (sscanf(expected, "exit %d", &want_status) != 1)
        fail_msg("%s: expected must start with 'exit N'", name);

    int failures = 0;
    if (r.status != want_status) {
        print_error("%s: exit status %d, expected %d\n", name, r.status, want_status);
        failures++;
    }
    bool partial = strncmp(expected, "exit ", 5) == 0 && strstr(expected, " partial\n") &&
                   strstr(expected, " partial\n") < want_err;
    if (partial ? !lines_in_order(r.err, want_err) : strcmp(r.err, want_err) != 0) {
        print_error("%s: stderr differs.\n--- expected\n%s--- got\n%s---\n", name, want_err, r.err);
        failures++;
    }
    if (r.status != 0) {
        StrBuf why;
        sb_init(&why);
        if (!trees_equal(good_out, out, &why)) {
            print_error("%s: the build failed but changed the previous site:\n%s", name, why.data);
            failures++;
        }
        sb_free(&why);
    }
    size_t left = count_staging_folders(dir);
    if (left) {
        print_error("%s: %zu staging folder(s) left behind\n", name, left);
        failures++;
    }
    char *checks = path_join(case_dir, "checks");
    failures += run_checks(checks, dir);

    free(checks);
    free(expected);
    free(expected_path);
    free(r.err);
    free(args);
    free(args_path);
    free(out);
    free(setup);
    free(site);
    free(site_from);
    free(dir);
    free(case_dir);
    assert_int_equal(failures, 0);
}

/* ---- the run ---- */

static char *find_sayso(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *tests = path_dirname(exe);         /* build/tests or build/san/tests */
    char *tree = path_dirname(tests);
    char *bin = path_join(tree, "sayso");
    free(tree);
    free(tests);
    return bin;
}

int main(void)
{
    if (!getcwd(root, sizeof root) || !dir_exists(CASES)) {
        fprintf(stderr, "test_bad_input: run from the repository (no %s here)\n", CASES);
        return 1;
    }
    sayso = find_sayso();
    if (!sayso || !file_exists(sayso)) {
        fprintf(stderr, "test_bad_input: cannot find sayso beside this test (%s): make it first\n",
                sayso ? sayso : "?");
        return 1;
    }
    char tmpl[] = "/tmp/sayso-bad-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 1;
    }
    scratch = xstrdup(tmpl);

    /* The good site every case starts from. */
    good_out = path_join(scratch, "good-out");
    char *good = path_join(root, GOOD);
    char *argv[] = {sayso, "build", good, "-o", good_out, "--now", NOW, "-j", "1", NULL};
    Run r = run_in(scratch, argv);
    if (r.status != 0) {
        fprintf(stderr, "test_bad_input: the good site did not build (exit %d):\n%s", r.status, r.err);
        return 1;
    }
    free(r.err);
    free(good);

    StrList names = {0};
    list_dir(CASES, &names);
    struct CMUnitTest *tests = xcalloc(names.count ? names.count : 1, sizeof *tests);
    for (size_t i = 0; i < names.count; i++)
        tests[i] = (struct CMUnitTest){.name = names.items[i], .test_func = test_case,
                                       .initial_state = names.items[i]};
    int failed = _cmocka_run_group_tests("bad input", tests, names.count, NULL, NULL);

    if (!failed || getenv("SAYSO_KEEP_SCRATCH") == NULL)
        remove_tree(scratch);
    else
        fprintf(stderr, "test_bad_input: scratch folder kept: %s\n", scratch);
    free(tests);
    sl_free(&names);
    free(good_out);
    free(scratch);
    free(sayso);
    return failed ? 1 : 0;
}
