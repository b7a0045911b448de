/* changes.h: what a build may take as it was, without looking again.
 *
 * Before a build runs, the stamp check (stamp.h) compares the stat of
 * every folder and file under consultations/, and of every published
 * file, with what the last published build recorded.  When it finds
 * something changed, what it learnt is not thrown away: the packs whose
 * folders it saw unchanged, and the published files it saw as sayso wrote
 * them, need no second look from the loader or the build cache.  With
 * thousands of packs, those second looks were most of a rebuild after
 * one pack changed.
 *
 * Nothing is vouched for unless the check saw it: an empty Changes (no
 * stamp, --no-cache) vouches for nothing, and every file is looked at.
 */
#ifndef SAYSO_CHANGES_H
#define SAYSO_CHANGES_H

#include "util.h"

#include <stdbool.h>

typedef struct Changes {
    /* The same packs as last time, and changed lists every one whose
     * folder or files may differ (sorted); the others are vouched for. */
    bool packs_known;
    StrList changed;
    /* Every published file, and the build cache's index, is as the last
     * build left them. */
    bool outputs_as_left;
} Changes;

/* True when consultations/slug is vouched for: its folder and every file
 * in it have the stat the last published build saw. */
bool changes_pack_unchanged(const Changes *c, const char *slug);

void changes_free(Changes *c);

#endif
