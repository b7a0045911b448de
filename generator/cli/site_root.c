/* site_root.c: finds the site around the current folder (site_root.h). */
#include "site_root.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool holds_site(const char *dir)
{
    char *yml = path_join(dir, "site.yml");
    bool found = file_exists(yml);
    free(yml);
    return found;
}

static bool is_filesystem_root(const char *dir)
{
    char resolved[PATH_MAX];
    return realpath(dir, resolved) && !strcmp(resolved, "/");
}

char *site_root_find(const char *start)
{
    char *dir = xstrdup(start && *start ? start : ".");
    /* PATH_MAX / 3 "../" steps reach the root of any path that can exist. */
    for (int steps = 0; steps < PATH_MAX / 3; steps++) {
        if (holds_site(dir))
            return dir;
        if (!dir_exists(dir) || is_filesystem_root(dir))
            break;
        char *up = !strcmp(dir, ".") ? xstrdup("..") : xasprintf("%s/..", dir);
        free(dir);
        dir = up;
    }
    free(dir);
    return NULL;
}

const char *site_root_missing_help(void)
{
    return "there is no sayso site here: neither this folder nor any folder above it "
           "holds a site.yml.\n"
           "  To make a site:            sayso new SITE   (then cd SITE and run this again)\n"
           "  To build a site elsewhere: give its folder, as in sayso build SITE\n"
           "  To build the example site that comes with sayso: sayso build --example\n";
}
