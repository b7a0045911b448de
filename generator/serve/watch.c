/* watch.c: notices when a site's source files change (Linux inotify). */
#include "watch.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Everything that can change what a build makes.  IN_ATTRIB catches
 * `touch`, which people use to ask for a rebuild. */
#define WATCH_MASK (IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | \
                    IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

/* Deep enough for any real site; stops a symlink loop from recursing forever. */
#define MAX_DEPTH 32

typedef struct Folder {
    int wd;            /* -1: the slot is free */
    char *path;
} Folder;

struct Watch {
    int fd;
    int root_wd;
    char *root;
    StrList top_names;   /* empty: every name in root counts */
    Folder *folders;
    size_t count, cap;
    /* What changed since watch_take_changes() last asked: paths from root.
     * unsure when that list may miss something (watch_take_changes()). */
    StrList changed;
    bool unsure;
    bool links_seen;     /* a symlink in the tree: what it points at is not watched */
};

static bool ignored_name(const char *name)
{
    size_t n = strlen(name);
    /* Hidden files, editor backups ("x.md~") and Emacs autosaves ("#x.md#"). */
    return n == 0 || name[0] == '.' || name[0] == '#' || name[n - 1] == '~';
}

static bool wanted_at_top(const Watch *w, const char *name)
{
    return w->top_names.count == 0 || sl_contains(&w->top_names, name);
}

static Folder *folder_for(Watch *w, int wd)
{
    for (size_t i = 0; i < w->count; i++)
        if (w->folders[i].wd == wd)
            return &w->folders[i];
    return NULL;
}

static void remember(Watch *w, int wd, const char *path)
{
    Folder *f = folder_for(w, wd);
    if (f) {            /* inotify gives the same wd for a folder watched twice */
        free(f->path);
        f->path = xstrdup(path);
        return;
    }
    for (size_t i = 0; i < w->count; i++)
        if (w->folders[i].wd == -1) {
            w->folders[i].wd = wd;
            w->folders[i].path = xstrdup(path);
            return;
        }
    if (w->count == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->folders = xrealloc(w->folders, w->cap * sizeof *w->folders);
    }
    w->folders[w->count].wd = wd;
    w->folders[w->count].path = xstrdup(path);
    w->count++;
}

static void forget(Watch *w, int wd)
{
    Folder *f = folder_for(w, wd);
    if (f) {
        free(f->path);
        f->path = NULL;
        f->wd = -1;
    }
}

/* Watches PATH and every folder below it.  Failures are not fatal: a
 * folder removed while we walk, or one we may not read, is simply left out. */
static void add_tree(Watch *w, const char *path, bool is_root, int depth, const DirChain *up)
{
    /* A link back to a folder above is a loop: the build reports it. */
    DirChain here;
    bool loop;
    if (depth > MAX_DEPTH || !dir_chain_enter(&here, up, path, &loop))
        return;
    int wd = inotify_add_watch(w->fd, path, WATCH_MASK);
    if (wd < 0) {
        w->unsure = true;     /* changes in it would go unseen */
        return;
    }
    remember(w, wd, path);
    if (is_root)
        w->root_wd = wd;
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (ignored_name(e->d_name) || (is_root && !wanted_at_top(w, e->d_name)))
            continue;
        char *child = path_join(path, e->d_name);
        struct stat st;
        if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
            struct stat link_st;
            if (lstat(child, &link_st) == 0 && S_ISLNK(link_st.st_mode))
                w->links_seen = true;
        }
        if (stat(child, &st) == 0 && S_ISDIR(st.st_mode))
            add_tree(w, child, false, depth + 1, &here);
        free(child);
    }
    closedir(d);
}

Watch *watch_open(const char *root, const char *const *top_names)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return NULL;
    Watch *w = xcalloc(1, sizeof *w);
    w->fd = fd;
    w->root_wd = -1;
    w->root = xstrdup(root);
    for (size_t i = 0; top_names && top_names[i]; i++)
        sl_push(&w->top_names, top_names[i]);
    add_tree(w, root, true, 0, NULL);
    if (w->root_wd < 0) {
        int saved = errno;
        watch_close(w);
        errno = saved;
        return NULL;
    }
    return w;
}

void watch_close(Watch *w)
{
    if (!w)
        return;
    close(w->fd);
    for (size_t i = 0; i < w->count; i++)
        free(w->folders[i].path);
    free(w->folders);
    free(w->root);
    sl_free(&w->top_names);
    sl_free(&w->changed);
    free(w);
}

int watch_folder_count(const Watch *w)
{
    int n = 0;
    for (size_t i = 0; i < w->count; i++)
        n += w->folders[i].wd != -1;
    return n;
}

/* Notes FOLDER/NAME (NAME may be NULL: the folder itself) as changed, as
 * a path from the root. */
static void note_change(Watch *w, const char *folder, const char *name)
{
    size_t root_len = strlen(w->root);
    const char *rel = folder + root_len;
    if (strncmp(folder, w->root, root_len) || (*rel && *rel != '/')) {
        w->unsure = true;
        return;
    }
    while (*rel == '/')
        rel++;
    char *path = !name ? xstrdup(rel) : *rel ? path_join(rel, name) : xstrdup(name);
    if (!*path)
        w->unsure = true;
    sl_push_owned(&w->changed, path);
}

/* Reads every pending event.  Returns how many of them matter, -1 on error. */
static int drain(Watch *w)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int relevant = 0;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN ? relevant : -1;
        }
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                /* Events were lost: watch everything again and rebuild. */
                add_tree(w, w->root, true, 0, NULL);
                w->unsure = true;
                relevant++;
                continue;
            }
            if (ev->mask & IN_IGNORED) {
                forget(w, ev->wd);
                continue;
            }
            Folder *f = folder_for(w, ev->wd);
            if (!f)
                continue;
            if (ev->len == 0) {          /* about the folder itself: deleted or moved */
                if (ev->wd != w->root_wd) {
                    relevant++;
                    note_change(w, f->path, NULL);
                    /* Moved out of the tree, its events would come under
                     * its old name: only a look at everything is sure. */
                    if (ev->mask & IN_MOVE_SELF)
                        w->unsure = true;
                }
                continue;
            }
            if (ignored_name(ev->name) || (ev->wd == w->root_wd && !wanted_at_top(w, ev->name)))
                continue;
            relevant++;
            note_change(w, f->path, ev->name);
            if (!(ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                char *child = path_join(f->path, ev->name);
                struct stat st;
                if (lstat(child, &st) == 0 && S_ISLNK(st.st_mode))
                    w->links_seen = true;
                free(child);
            }
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                char *child = path_join(f->path, ev->name);
                add_tree(w, child, false, 1, NULL);
                free(child);
            }
        }
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

WatchEvent watch_wait(Watch *w, int stop_fd, int quiet_ms)
{
    bool changed = false;
    long long first_change = 0;
    long long longest = 20LL * quiet_ms;
    for (;;) {
        int timeout = -1;
        if (changed) {
            long long left = first_change + longest - now_ms();
            if (left <= 0)
                return WATCH_CHANGED;
            timeout = left < quiet_ms ? (int)left : quiet_ms;
        }
        struct pollfd fds[2] = {{.fd = w->fd, .events = POLLIN}, {.fd = stop_fd, .events = POLLIN}};
        int ready = poll(fds, stop_fd >= 0 ? 2 : 1, timeout);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            return WATCH_ERROR;
        }
        if (stop_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
            return WATCH_STOPPED;
        if (ready == 0)                  /* quiet for quiet_ms after a change */
            return WATCH_CHANGED;
        if (fds[0].revents & POLLIN) {
            int n = drain(w);
            if (n < 0)
                return WATCH_ERROR;
            if (n > 0 && !changed) {
                changed = true;
                first_change = now_ms();
            }
        }
    }
}

bool watch_take_changes(Watch *w, StrList *paths)
{
    bool sure = !w->unsure && !w->links_seen;
    sl_sort(&w->changed);
    for (size_t i = 0; i < w->changed.count; i++)
        if (sure && (!paths->count || strcmp(paths->items[paths->count - 1], w->changed.items[i])))
            sl_push(paths, w->changed.items[i]);
    sl_free(&w->changed);
    w->unsure = false;
    return sure;
}
