/* watch.h: notices when a site's source files change (Linux inotify).
 *
 * `sayso serve` rebuilds when someone saves a file.  Editors save in
 * bursts (a temporary file, a rename, a change of permissions), and a
 * `git pull` touches many files at once, so changes are gathered until the
 * folder has been quiet for a short while and reported as one.
 *
 * Folders made after the watch started (a new consultation pack) are
 * watched too.  Hidden files and editor backups ("notes.md~") are ignored:
 * they are never content.
 */
#ifndef SAYSO_WATCH_H
#define SAYSO_WATCH_H

#include <stdbool.h>

typedef struct Watch Watch;

/* Watches ROOT and, recursively, the folders below it.  When TOP_NAMES is
 * not NULL (a NULL-terminated list), only those names directly in ROOT are
 * watched or reported: for a site, site.yml and the content folders, so
 * that a public/ folder inside the source never sets off a rebuild.
 * Returns NULL and sets errno when inotify is not available. */
Watch *watch_open(const char *root, const char *const *top_names);
void watch_close(Watch *w);

typedef enum {
    WATCH_CHANGED,   /* something changed, and then it was quiet for quiet_ms */
    WATCH_STOPPED,   /* stop_fd became readable */
    WATCH_ERROR      /* reading the inotify descriptor failed; errno says why */
} WatchEvent;

/* Blocks until a change has been followed by QUIET_MS of calm, or until
 * STOP_FD (a pipe's read end; -1 for none) becomes readable.  A steady
 * stream of changes is still reported after at most 20 * QUIET_MS, so
 * that a process that keeps writing never holds a rebuild back forever. */
WatchEvent watch_wait(Watch *w, int stop_fd, int quiet_ms);

/* What changed since the last call (or since watch_open()), as paths
 * from the root ("consultations/bus/index.md"; a folder made, removed or
 * moved is named itself), sorted and each once, appended to PATHS.
 * False, with nothing appended, when the list may miss something: events
 * were lost (the kernel's queue overflowed), a folder could not be
 * watched, or the tree holds a symlink, whose target changes without an
 * event here.  Then the caller must look at every file itself. */
struct StrList;
bool watch_take_changes(Watch *w, struct StrList *paths);

/* The number of folders being watched: for tests and --verbose. */
int watch_folder_count(const Watch *w);

#endif
