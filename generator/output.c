/* output.c: the staging folder and the atomic swap. */
#include "output.h"
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Written into every site sayso makes, so it only ever replaces its own. */
#define MARKER ".sayso-site"

bool output_path_safe(const char *relative)
{
    if (!relative || !*relative || relative[0] == '/')
        return false;
    const char *p = relative;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        p += n + (end ? 1 : 0);
    }
    return strchr(relative, '\\') == NULL;
}

/* True when dir is absent, empty, or a site sayso made. */
static bool replaceable(const char *dir)
{
    if (!dir_exists(dir))
        return true;
    char *marker = path_join(dir, MARKER);
    bool ours = file_exists(marker);
    free(marker);
    if (ours)
        return true;
    StrList names = {0};
    list_dir(dir, &names);
    bool empty = names.count == 0;
    sl_free(&names);
    return empty;
}

/* Refuses an output folder that is the source, or holds it: replacing it
 * would delete the council's own files. */
static bool contains(const char *outer, const char *inner)
{
    char *a = realpath(outer, NULL), *b = realpath(inner, NULL);
    bool result = false;
    if (a && b) {
        size_t n = strlen(a);
        result = !strncmp(a, b, n) && (b[n] == '/' || b[n] == '\0' || n == 1);
    }
    free(a);
    free(b);
    return result;
}

bool output_begin(Output *out, const char *final_dir, const char *source_dir)
{
    memset(out, 0, sizeof *out);
    if (contains(final_dir, source_dir)) {
        diag_error(final_dir, 0, "the output folder holds the site's source: choose another folder with -o");
        return false;
    }
    if (file_exists(final_dir)) {
        diag_error(final_dir, 0, "the output must be a folder, and this is a file");
        return false;
    }
    if (!replaceable(final_dir)) {
        diag_error(final_dir, 0, "this folder was not made by sayso and is not empty, so sayso will "
                   "not replace it: choose another folder with -o, or empty it");
        return false;
    }
    char *trimmed = xstrdup(final_dir);
    while (strlen(trimmed) > 1 && str_ends_with(trimmed, "/"))
        trimmed[strlen(trimmed) - 1] = '\0';
    char *parent = path_dirname(trimmed);
    if (!make_dirs(parent)) {
        diag_error(parent, 0, "cannot make this folder: %s", strerror(errno));
        free(parent);
        free(trimmed);
        return false;
    }
    char *pattern = xasprintf("%s/.%s.new-XXXXXX", parent, path_basename(trimmed));
    free(parent);
    if (!mkdtemp(pattern)) {
        diag_error(final_dir, 0, "cannot make a folder to build into beside it: %s", strerror(errno));
        free(pattern);
        free(trimmed);
        return false;
    }
    chmod(pattern, 0755);             /* mkdtemp makes it private; a site is for publishing */
    out->final_dir = trimmed;
    out->staging_dir = pattern;
    char *marker = path_join(pattern, MARKER);
    bool ok = write_file(marker, "made by sayso\n", 14);
    free(marker);
    return ok;
}

bool output_write(const Output *out, const char *relative, const char *data, size_t len)
{
    if (!output_path_safe(relative)) {
        diag_error(NULL, 0, "refusing to write '%s': it is not a path inside the site", relative);
        return false;
    }
    char *path = path_join(out->staging_dir, relative);
    /* Most files go into a folder made already: make folders only when
     * the write says one is missing.  make_dirs() tries every folder of
     * the path, about ten system calls, for each of tens of thousands of
     * files. */
    bool ok = write_file(path, data, len);
    if (!ok && errno == ENOENT) {
        char *dir = path_dirname(path);
        ok = (mkdir(dir, 0755) == 0 || make_dirs(dir)) && write_file(path, data, len);
        free(dir);
    }
    if (!ok)
        diag_error(path, 0, "cannot write this file: %s", strerror(errno));
    free(path);
    return ok;
}

bool output_copy(const Output *out, const char *relative, const char *from)
{
    size_t len;
    char *data = read_file(from, &len);
    if (!data) {
        diag_error(from, 0, "cannot read this file: %s", strerror(errno));
        return false;
    }
    bool ok = output_write(out, relative, data, len);
    free(data);
    return ok;
}

bool output_commit(Output *out)
{
    bool ok;
    if (!dir_exists(out->final_dir)) {
        ok = rename(out->staging_dir, out->final_dir) == 0;
    } else {
        /* Exchange the two folders in one step, then delete the old site. */
        ok = renameat2(AT_FDCWD, out->staging_dir, AT_FDCWD, out->final_dir, RENAME_EXCHANGE) == 0;
        if (!ok && (errno == EINVAL || errno == ENOSYS)) {
            /* A file system without exchange: two renames, old one kept until the end. */
            char *old = xasprintf("%s.old", out->staging_dir);
            ok = rename(out->final_dir, old) == 0 && rename(out->staging_dir, out->final_dir) == 0;
            if (ok)
                remove_tree(old);
            free(old);
        } else if (ok) {
            remove_tree(out->staging_dir);   /* now holds the previous site */
        }
    }
    if (!ok) {
        diag_error(out->final_dir, 0, "could not put the new site in place: %s", strerror(errno));
        output_abort(out);
        return false;
    }
    free(out->staging_dir);
    free(out->final_dir);
    memset(out, 0, sizeof *out);
    return true;
}

void output_abort(Output *out)
{
    if (out->staging_dir)
        remove_tree(out->staging_dir);
    free(out->staging_dir);
    free(out->final_dir);
    memset(out, 0, sizeof *out);
}
