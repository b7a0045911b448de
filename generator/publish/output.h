/* output.h: the folder a build writes into, and the swap at the end.
 *
 * A build never writes into the published folder.  It writes a complete
 * new site into a staging folder beside it and, only when everything
 * succeeded, exchanges the two in one rename (renameat2 RENAME_EXCHANGE),
 * so a reader or a web server sees either the old site or the new one,
 * never half of each, and a failed build leaves the old site untouched.
 */
#ifndef SAYSO_OUTPUT_H
#define SAYSO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct OutputPaths;

typedef struct Output {
    char *final_dir;          /* where the site is published: public/ */
    char *staging_dir;        /* where this build writes: .public.new-XXXXXX beside it */
    char *keep_dir;           /* where the replaced site is kept for the next build, or NULL */
    bool recycled;            /* staging started as the site before last (output_recycle) */
    struct OutputPaths *written;  /* with a keep_dir: every file this build put in staging */
    char *staged;             /* when recycled: the files staging started with, a line each, or NULL */
    /* When there was no kept site to start from: a copy of staging, each
     * file hard-linked as it is written (on the workers, so it costs no
     * time at the end), which becomes the next build's staging folder. */
    char *mirror_dir;
    int mirror_failed;        /* set atomically by any thread */
    /* The staging folder is locked (flock) while its build runs, so the
     * next build can tell one left by a build that was killed from one a
     * build beside it is still writing. */
    int lock_fd;
    char *stale_dir;          /* one left by a killed build, kept until recycle: the kept site */
    bool restored;            /* staging is a killed build's, taken back: trust no file by its record */
    /* Set before output_recycle(): the kept site is in a folder no other
     * process writes (`sayso serve`'s private one), so it is not searched
     * for planted links, which at 5,000 packs took a second. */
    bool kept_private;
} Output;

/* Checks final_dir is safe to replace (it is absent, empty, or was made by
 * sayso) and makes the staging folder.  Reports and returns false if not.
 * Staging folders beside it that builds killed (kill -9, a crash, a
 * timeout) left behind are deleted, but for one, which output_recycle
 * takes back as the kept site when that was lost with the killed build. */
bool output_begin(Output *out, const char *final_dir, const char *source_dir);

/* Keeps the site a build replaces in keep_dir instead of deleting it, and
 * starts the next build's staging folder from it: with thousands of
 * packs, making and deleting tens of thousands of folders and files each
 * build cost more than building what changed.  Call after output_begin().
 * From then on every file written replaces (never writes through) the
 * file there, files this build does not put there are deleted before the
 * swap (output_commit), and the folders named in fresh (NULL-terminated,
 * such as "css") are emptied now, for whoever fills them without
 * output_write().  Returns whether an old site was taken up. */
bool output_recycle(Output *out, const char *keep_dir, const char *const *fresh);

/* Notes a file put in staging other than by output_write() (a hard link). */
void output_note(Output *out, const char *relative);

/* Until called again with NULL, every path this thread writes with
 * output_write() is also added to into: what a pack made, which its own
 * files must not replace. */
struct StrList;
void output_track(struct StrList *into);

/* Writes a file under the staging folder, making folders as needed.
 * relative must not climb out ("..") or be absolute. */
bool output_write(const Output *out, const char *relative, const char *data, size_t len);
bool output_copy(const Output *out, const char *relative, const char *from);

/* Publishes the staging folder as final_dir, atomically.  *kept_copy
 * (when not NULL) says whether the site kept for the next build is a copy
 * of this build's whole site (the mirror: no site was replaced), rather
 * than the site it replaced. */
bool output_commit(Output *out, bool *kept_copy);

/* Throws the staging folder away; final_dir is left as it was. */
void output_abort(Output *out);

/* True when relative is a safe path inside an output folder. */
bool output_path_safe(const char *relative);

#endif
