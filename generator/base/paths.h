/* paths.h: where sayso finds its own files (themes, hooks, example site).
 *
 * In order: $SAYSO_DATADIR; the folder above the running binary when it
 * holds themes/default (a build tree: build/sayso); the installed
 * PREFIX/share/sayso.  So sayso runs the same from a checkout or installed. */
#ifndef SAYSO_PATHS_H
#define SAYSO_PATHS_H

const char *sayso_data_dir(void);          /* never NULL; computed once */
char *sayso_data_path(const char *relative);   /* caller frees */

#endif
