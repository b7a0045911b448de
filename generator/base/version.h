/* version.h: the sayso version.  Part of every cache key, so a new sayso
 * never serves pages an older one made. */
#ifndef SAYSO_VERSION_H
#define SAYSO_VERSION_H
#define SAYSO_VERSION "0.1.0"
#endif
