/* testutil.h: shared by the cmocka tests. */
#ifndef SAYSO_TESTUTIL_H
#define SAYSO_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
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
#endif
