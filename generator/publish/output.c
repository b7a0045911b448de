/* output.c: the staging folder and the atomic swap. */
#include "output.h"
#include "diag.h"
#include "hashmap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* Locks the folder at path for as long as fd is open; -1 when another
 * process holds it (or it cannot be opened). */
static int lock_folder(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Staging folders of final_dir's name in parent that no running build
 * holds: deleted, but for the first, which is kept in out->stale_dir. */
static void clear_stale_staging(Output *out, const char *parent, const char *name)
{
    char *prefix = xasprintf(".%s.new-", name);
    StrList names = {0};
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            sl_push(&names, e->d_name);
    if (d)
        closedir(d);
    sl_sort(&names);
    for (size_t i = 0; i < names.count; i++) {
        char *path = path_join(parent, names.items[i]);
        char *marker = path_join(path, MARKER);
        struct stat st;
        int fd = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && file_exists(marker) ? lock_folder(path) : -1;
        if (fd >= 0) {
            if (!out->stale_dir && !str_ends_with(path, ".old")) {
                out->stale_dir = path;
                path = NULL;
            } else {
                remove_tree(path);
            }
            close(fd);
        }
        free(marker);
        free(path);
    }
    sl_free(&names);
    free(prefix);
}

bool output_begin(Output *out, const char *final_dir, const char *source_dir)
{
    memset(out, 0, sizeof *out);
    out->lock_fd = -1;
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
    clear_stale_staging(out, parent, path_basename(trimmed));
    char *pattern = xasprintf("%s/.%s.new-XXXXXX", parent, path_basename(trimmed));
    free(parent);
    if (!mkdtemp(pattern)) {
        diag_error(final_dir, 0, "cannot make a folder to build into beside it: %s", strerror(errno));
        free(pattern);
        free(trimmed);
        return false;
    }
    chmod(pattern, 0755);             /* mkdtemp makes it private; a site is for publishing */
    out->lock_fd = lock_folder(pattern);
    out->final_dir = trimmed;
    out->staging_dir = pattern;
    char *marker = path_join(pattern, MARKER);
    bool ok = write_file(marker, "made by sayso\n", 14);
    free(marker);
    return ok;
}

/* ---- recycling the site before last ---- */

/* A set of relative paths, shared by the worker threads. */
typedef struct OutputPaths {
    pthread_mutex_t lock;
    HashMap set;              /* keys: owned copies of the paths */
    const char *const *fresh;
} OutputPaths;

static void paths_add(OutputPaths *p, const char *s)
{
    pthread_mutex_lock(&p->lock);
    HashEntry *e = hashmap_put(&p->set, s, NULL);
    if (e->key == s)          /* new: the set keeps its own copy */
        e->key = xstrdup(s);
    pthread_mutex_unlock(&p->lock);
}

static bool paths_has(OutputPaths *p, const char *s)
{
    return hashmap_find(&p->set, s) != NULL;
}

static void paths_free(OutputPaths *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->set.size; i++)
        free((char *)p->set.slots[i].key);
    hashmap_free(&p->set);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* Beside the kept site: the files it has, and the files of the site now
 * published (which becomes the kept one at the next commit).  With them
 * the sweep deletes what it must without reading every folder. */
static char *list_beside(const char *keep_dir, const char *what)
{
    return xasprintf("%s.%s", keep_dir, what);
}

/* The first symbolic link (or other thing that is neither a file nor a
 * folder) under dir, relative to it, or NULL.  The kept site becomes the
 * staging folder, and writing through a link planted in it (say
 * public/pages -> /elsewhere) would write and delete outside the output.
 * Iterative, and from readdir's types, so a big site costs no stat per file. */
static char *first_link_under(const char *dir)
{
    StrList todo = {0};
    sl_push(&todo, "");
    char *found = NULL;
    while (todo.count && !found) {
        char *rel = todo.items[--todo.count];
        char *path = *rel ? path_join(dir, rel) : xstrdup(dir);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && !found && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            unsigned char type = e->d_type;
            char *child = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
            if (type == DT_UNKNOWN) {
                char *full = path_join(dir, child);
                struct stat st;
                type = lstat(full, &st) != 0 ? DT_UNKNOWN
                       : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
                free(full);
            }
            if (type == DT_DIR)
                sl_push_owned(&todo, child);
            else if (type != DT_REG)
                found = child;
            else
                free(child);
        }
        if (d)
            closedir(d);
        free(path);
        free(rel);
    }
    sl_free(&todo);
    return found;
}

bool output_recycle(Output *out, const char *keep_dir, const char *const *fresh)
{
    out->keep_dir = xstrdup(keep_dir);
    OutputPaths *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    hashmap_init(&p->set, HASH_STRING_KEYS, 1024);
    p->fresh = fresh;
    out->written = p;
    /* Read (and used up) whether or not the old site is taken up: it is
     * only ever true of the kept site as the last commit left it. */
    char *listed = list_beside(keep_dir, "files");
    char *staged = read_file(listed, NULL);
    unlink(listed);
    free(listed);
    /* The kept site was lost with a build that was killed after taking it
     * up: its staging folder holds it, with some files rewritten, so it is
     * taken back, and no file in it is trusted by its record. */
    if (out->stale_dir && !dir_exists(keep_dir) && rename(out->stale_dir, keep_dir) == 0) {
        free(out->stale_dir);
        out->stale_dir = NULL;
        out->restored = true;
        free(staged);
        staged = NULL;
    }
    char *link = dir_exists(keep_dir) && !out->kept_private ? first_link_under(keep_dir) : NULL;
    if (link) {
        diag_warning(keep_dir, 0, "the site kept for the next build holds '%s', which is not a file or "
                     "a folder (a symbolic link?), so it was thrown away and this build starts afresh", link);
        free(link);
        remove_tree(keep_dir);
    }
    if (!dir_exists(keep_dir) || !out->staging_dir) {
        free(staged);
        if (out->staging_dir) {
            out->mirror_dir = list_beside(keep_dir, "next");
            remove_tree(out->mirror_dir);
            if (mkdir(out->mirror_dir, 0755) != 0) {
                free(out->mirror_dir);
                out->mirror_dir = NULL;
            }
        }
        return false;
    }
    /* The staging folder is empty but for the marker: the old site replaces it. */
    char *marker = path_join(out->staging_dir, MARKER);
    unlink(marker);
    free(marker);
    if (rename(keep_dir, out->staging_dir) != 0) {
        free(staged);
        remove_tree(keep_dir);
        char *again = path_join(out->staging_dir, MARKER);
        write_file(again, "made by sayso\n", 14);
        free(again);
        return false;
    }
    out->staged = staged;
    out->recycled = true;
    for (const char *const *f = fresh; f && *f; f++) {
        char *dir = path_join(out->staging_dir, *f);
        remove_tree(dir);
        free(dir);
    }
    /* The old site had the marker, but a kept copy may not (the mirror
     * links only what was noted): always put it back. */
    char *again = path_join(out->staging_dir, MARKER);
    unlink(again);
    bool marked = write_file(again, "made by sayso\n", 14);
    free(again);
    output_note(out, MARKER);
    return marked;
}

/* Links staging/relative into the mirror (output.h), making its folder
 * when it is the first file there. */
static void mirror_file(Output *out, const char *relative)
{
    char *from = path_join(out->staging_dir, relative);
    char *to = path_join(out->mirror_dir, relative);
    if (link(from, to) != 0) {
        char *dir = path_dirname(to);
        bool ok = errno == ENOENT && (mkdir(dir, 0755) == 0 || make_dirs(dir)) && link(from, to) == 0;
        free(dir);
        if (!ok && errno != EEXIST)
            __atomic_store_n(&out->mirror_failed, 1, __ATOMIC_RELAXED);
    }
    free(to);
    free(from);
}

void output_note(Output *out, const char *relative)
{
    if (out->written)
        paths_add(out->written, relative);
    if (out->mirror_dir)
        mirror_file(out, relative);
}

static bool is_fresh(const OutputPaths *p, const char *relative)
{
    for (const char *const *f = p->fresh; f && *f; f++)
        if (!strcmp(relative, *f))
            return true;
    return false;
}

/* Deletes what the old site had and this build did not make, and the
 * folders that leaves empty.  Returns whether anything is left in dir. */
static bool sweep(Output *out, const char *dir, const char *relative)
{
    bool kept = false;
    StrList names = {0};
    StrList kinds = {0};      /* "d" for a folder, from readdir: no stat per file */
    DIR *d = opendir(dir);
    if (!d)
        return true;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            sl_push(&names, e->d_name);
            bool is_dir = e->d_type == DT_DIR;
            if (e->d_type == DT_UNKNOWN) {
                char *path = path_join(dir, e->d_name);
                struct stat st;
                is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
                free(path);
            }
            sl_push(&kinds, is_dir ? "d" : "f");
        }
    closedir(d);
    for (size_t i = 0; i < names.count; i++) {
        char *rel = *relative ? xasprintf("%s/%s", relative, names.items[i]) : xstrdup(names.items[i]);
        char *path = path_join(dir, names.items[i]);
        if (kinds.items[i][0] == 'd') {
            if (!*relative && is_fresh(out->written, rel))
                kept = true;
            else if (sweep(out, path, rel) || rmdir(path) != 0)
                kept = true;
        } else if (!paths_has(out->written, rel)) {
            unlink(path);
        } else {
            kept = true;
        }
        free(path);
        free(rel);
    }
    sl_free(&names);
    sl_free(&kinds);
    return kept;
}

/* The sweep when the kept site's files are listed: deletes those this
 * build did not put there, then the folders that leaves empty, deepest
 * first (rmdir fails, as it should, on one that is not). */
static void sweep_listed(Output *out)
{
    StrList dirs = {0};
    for (char *line = out->staged, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (!output_path_safe(line) || paths_has(out->written, line))
            continue;
        const char *slash = strchr(line, '/');
        char top[64];
        snprintf(top, sizeof top, "%.*s", slash ? (int)(slash - line) : 0, line);
        if (slash && is_fresh(out->written, top))
            continue;
        char *path = path_join(out->staging_dir, line);
        unlink(path);
        free(path);
        for (char *end = strrchr(line, '/'); end; end = strrchr(line, '/')) {
            *end = '\0';
            sl_push(&dirs, line);
        }
    }
    sl_sort(&dirs);
    for (size_t i = dirs.count; i-- > 0;) {
        if (i + 1 < dirs.count && !strcmp(dirs.items[i], dirs.items[i + 1]))
            continue;
        char *path = path_join(out->staging_dir, dirs.items[i]);
        rmdir(path);
        free(path);
    }
    sl_free(&dirs);
}

/* Writes the list of the files this build put in staging. */
static bool list_written(const Output *out, const char *into)
{
    StrBuf sb;
    sb_init(&sb);
    const HashMap *written = &out->written->set;
    for (size_t i = 0; i < written->size; i++)
        if (written->slots[i].key) {
            sb_append(&sb, written->slots[i].key);
            sb_append_char(&sb, '\n');
        }
    bool ok = write_file(into, sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return ok;
}

static _Thread_local StrList *tracking;

void output_track(StrList *into)
{
    tracking = into;
}

bool output_write(const Output *out, const char *relative, const char *data, size_t len)
{
    if (!output_path_safe(relative)) {
        diag_error(NULL, 0, "refusing to write '%s': it is not a path inside the site", relative);
        return false;
    }
    char *path = path_join(out->staging_dir, relative);
    /* The old file may be a hard link to the published one: replace
     * it, never write through it. */
    if (out->recycled)
        unlink(path);
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
    if (ok) {
        output_note((Output *)out, relative);
        if (tracking)
            sl_push(tracking, relative);
    } else {
        diag_error(path, 0, "cannot write this file: %s", strerror(errno));
    }
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

/* The replaced site: kept for the next build when asked, else deleted. */
static void retire(Output *out, const char *old_site)
{
    if (!out->keep_dir || rename(old_site, out->keep_dir) != 0)
        remove_tree(old_site);
}

static void output_free(Output *out)
{
    if (out->stale_dir)
        remove_tree(out->stale_dir);
    free(out->stale_dir);
    if (out->lock_fd > 0)             /* an Output never begun is all zeros */
        close(out->lock_fd);
    free(out->staging_dir);
    free(out->final_dir);
    free(out->keep_dir);
    paths_free(out->written);
    free(out->staged);
    free(out->mirror_dir);
    memset(out, 0, sizeof *out);
}

bool output_commit(Output *out, bool *kept_copy)
{
    bool ok, mirror_kept = false;
    if (out->recycled && out->staged)
        sweep_listed(out);
    else if (out->recycled)
        sweep(out, out->staging_dir, "");
    char *published_list = out->keep_dir ? list_beside(out->keep_dir, "published") : NULL;
    char *next_list = published_list ? xasprintf("%s.new", published_list) : NULL;
    if (next_list && !list_written(out, next_list)) {
        unlink(next_list);
        free(next_list);
        next_list = NULL;
    }
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
                retire(out, old);
            free(old);
        } else if (ok) {
            retire(out, out->staging_dir);   /* now holds the previous site */
        }
    }
    if (published_list) {
        char *kept_list = list_beside(out->keep_dir, "files");
        if (ok && !dir_exists(out->keep_dir)) {
            /* No site was replaced (the first build): the copy made as
             * files were written is the next build's staging folder, so a
             * rebuild starts from a whole site whatever it reuses. */
            mirror_kept = out->mirror_dir && !__atomic_load_n(&out->mirror_failed, __ATOMIC_RELAXED) &&
                          rename(out->mirror_dir, out->keep_dir) == 0;
            if (mirror_kept && next_list)
                list_written(out, kept_list);
        } else if (ok && file_exists(published_list)) {
            /* The site published until now is the kept one: its list goes
             * with it. */
            rename(published_list, kept_list);
        } else {
            unlink(kept_list);
        }
        if (ok && next_list)
            rename(next_list, published_list);
        else if (next_list)
            unlink(next_list);
        free(kept_list);
    }
    free(published_list);
    free(next_list);
    if (out->mirror_dir)
        remove_tree(out->mirror_dir);   /* not taken up: a site was kept after all */
    if (kept_copy)
        *kept_copy = ok && mirror_kept;
    if (!ok) {
        diag_error(out->final_dir, 0, "could not put the new site in place: %s", strerror(errno));
        output_abort(out);
        return false;
    }
    output_free(out);
    return true;
}

void output_abort(Output *out)
{
    if (out->staging_dir)
        remove_tree(out->staging_dir);
    if (out->mirror_dir)
        remove_tree(out->mirror_dir);
    output_free(out);
}
