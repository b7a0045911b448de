/* cmd_new.c: `sayso new SITE-DIR` and `sayso new consultation SLUG`.
 *
 * Reads the arguments and reports what was made; the files themselves
 * come from scaffold.c.  A folder named "consultation" can still be made
 * as a site with `sayso new ./consultation`.
 */
#include "cli_options.h"
#include "commands.h"
#include "date.h"
#include "scaffold.h"
#include "site_root.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: sayso new SITE-DIR [--now YYYY-MM-DD]\n"
    "       sayso new consultation SLUG [--site DIR] [--now YYYY-MM-DD]\n"
    "\n"
    "The first makes a new site, ready to build, in a folder that does not\n"
    "exist yet or is empty.  The second adds consultations/SLUG/ to the site\n"
    "around the current folder (or in DIR).  SLUG is a short name of small\n"
    "letters, numbers and hyphens, such as bus-routes.  The new consultation\n"
    "opens today (or on --now) and closes 12 weeks later.\n";

static void list_made(const char *heading, const StrList *made)
{
    printf("%s\n", heading);
    for (size_t i = 0; i < made->count; i++)
        printf("  %s\n", made->items[i]);
}

int cmd_new(int argc, char **argv)
{
    enum { OPT_NOW = 256, OPT_SITE };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"now", required_argument, NULL, OPT_NOW},
        {"site", required_argument, NULL, OPT_SITE}, {NULL, 0, NULL, 0},
    };
    const char *now = NULL, *site = NULL;
    const char *words[3] = {NULL, NULL, NULL};
    int nwords = 0;
    cli_options_begin();
    int c;
    while ((c = cli_next_option(argc, argv, "new", "h", longopts, usage)) != -1) {
        switch (c) {
        case 0:
            return EXIT_USAGE;
        case 'h':
            fputs(usage, stdout);
            return EXIT_CLEAN;
        case OPT_NOW:
            now = optarg;
            break;
        case OPT_SITE:
            site = optarg;
            break;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (nwords == 2) {
            fprintf(stderr, "sayso new: unexpected '%s'\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        }
        words[nwords++] = argv[i];
    }
    bool consultation = nwords >= 1 && !strcmp(words[0], "consultation");
    if (nwords == 0 || (consultation && nwords != 2) || (!consultation && nwords != 1) ||
        (!consultation && site)) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }

    Day today;
    const char *date_error = NULL;
    if (!date_build_day(now, &today, &date_error)) {
        fprintf(stderr, "sayso new: %s\n", date_error ? date_error : "--now needs a date, YYYY-MM-DD");
        return EXIT_USAGE;
    }

    StrList made = {0};
    char *error = NULL;
    int status = EXIT_CLEAN;
    if (consultation) {
        /* In a site's subfolder, as with build: the nearest site.yml above. */
        char *found = site ? NULL : site_root_find(".");
        const char *site_dir = site ? site : found ? found : ".";
        if (scaffold_consultation(site_dir, words[1], today, &made, &error)) {
            char *heading = site ? xasprintf("Made a new consultation in %s:", site_dir)
                                 : xstrdup("Made a new consultation:");
            list_made(heading, &made);
            free(heading);
            printf("Edit index.md and easy-read.md, then run sayso serve to see them.\n");
        } else {
            status = EXIT_USAGE;
        }
        free(found);
    } else if (scaffold_site(words[0], today, &made, &error)) {
        char *heading = xasprintf("Made a new site in %s:", words[0]);
        list_made(heading, &made);
        free(heading);
        printf("Next: cd %s, then run sayso serve to see it. README.md explains the rest.\n",
               words[0]);
    } else {
        status = EXIT_USAGE;
    }
    if (error)
        fprintf(stderr, "sayso new: %s\n", error);
    free(error);
    sl_free(&made);
    return status;
}
