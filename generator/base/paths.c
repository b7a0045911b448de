/* paths.c: where sayso finds its own files. */
#include "paths.h"
#include "util.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef SAYSO_DATADIR
#define SAYSO_DATADIR "/usr/local/share/sayso"
#endif

static char *data_dir;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static bool has_theme(const char *dir)
{
    char *p = path_join(dir, "themes/default");
    bool ok = dir_exists(p);
    free(p);
    return ok;
}

static void find_data_dir(void)
{
    const char *env = getenv("SAYSO_DATADIR");
    if (env && *env) {
        data_dir = xstrdup(env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        /* build/sayso or build/san/sayso: walk up until themes/default shows. */
        char *dir = path_dirname(exe);
        for (int up = 0; up < 3; up++) {
            char *parent = path_dirname(dir);
            free(dir);
            dir = parent;
            if (has_theme(dir)) {
                data_dir = dir;
                return;
            }
        }
        free(dir);
    }
    data_dir = xstrdup(SAYSO_DATADIR);
}

const char *sayso_data_dir(void)
{
    pthread_once(&once, find_data_dir);
    return data_dir;
}

char *sayso_data_path(const char *relative)
{
    return path_join(sayso_data_dir(), relative);
}
