/* build_result.h: what a build says about itself when it ends: its exit
 * status and its counts.  Its own header so that the up-to-date stamp
 * (stamp.h), which keeps the last build's result, need not include the
 * pipeline (build.h) above it. */
#ifndef SAYSO_BUILD_RESULT_H
#define SAYSO_BUILD_RESULT_H

#include <stddef.h>

typedef struct BuildResult {
    int exit_status;          /* 0 clean, 1 findings at error level, 2 bad input */
    size_t pages_written;
    size_t pages_reused;      /* served from the cache */
    size_t notices;           /* these and errors, warnings below count the build's messages and the checks together */
    size_t errors, warnings;
    size_t audio_made;        /* pages spoken and encoded by this build */
    size_t audio_reused;      /* generated audio taken from the cache */
} BuildResult;

#endif
