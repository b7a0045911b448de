/* site_root.h: which site a command works on when none is named.
 *
 * Like git finding its repository: the nearest folder at or above the
 * current one that holds site.yml.  Never the built-in example: that is
 * only built when asked for (--example), so nobody publishes it by
 * mistake. */
#ifndef SAYSO_SITE_ROOT_H
#define SAYSO_SITE_ROOT_H

/* The nearest folder at or above START that holds site.yml, as START
 * itself or START followed by "/.." steps ("." gives ".", "..", "../.."),
 * so messages stay relative to where the person is.  NULL when no folder
 * up to the root holds one.  Caller frees. */
char *site_root_find(const char *start);

/* What to tell someone who ran a command outside any site: how to make
 * one and how to build the example.  Ends with a newline. */
const char *site_root_missing_help(void);

#endif
