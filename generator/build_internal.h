/* build_internal.h: what the build's own files share (build.c runs the
 * pipeline; site_files.c writes the site-wide files made from every
 * page: feeds, calendars, open data, the search index, the sitemap and
 * report.json).  Not for anything outside the build.
 */
#ifndef SAYSO_BUILD_INTERNAL_H
#define SAYSO_BUILD_INTERNAL_H

#include "build.h"
#include "audio.h"
#include "cache.h"
#include "diag.h"
#include "hooks.h"
#include "output.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "review.h"
#include "review_report.h"
#include "stamp.h"
#include "theme.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

struct Worker;

typedef struct Build {
    const BuildOptions *options;
    Site site;
    Theme theme;
    Output out;
    pthread_mutex_t lock;
    StrList page_paths;       /* every page written, for the sitemap */
    Report report;            /* findings of every page */
    ReviewReportBody report_body;   /* what the review report says, while it is made */
    atomic_size_t next_pack;
    /* Workers finish packs in no fixed order; what each pack said is held
     * and shown in the packs' order, under lock, so two builds of the same
     * site say the same thing in the same order, on any number of cores. */
    DiagList *pack_said;
    bool *pack_done;
    size_t next_to_say;
    atomic_bool write_failed;
    Progress *progress;       /* packs done of total, on a terminal only */
    BuildCache *cache;        /* what the last build made, and what this one makes */
    AudioMaker *audio;        /* each page's listening file (audio.h) */
    atomic_size_t pages_reused;
    /* The hub shows only front matter, so when no hook can change that,
     * the first worker free renders it while the others build packs.  Its
     * messages are held and shown after the packs', where they would come
     * if it were rendered last. */
    bool hub_alongside;
    atomic_bool hub_taken;
    uint64_t hub_key;
    DiagList hub_said;
    Diag *sink;               /* this build's messages, counted; workers send theirs through it */
    const DiagList *said_list; /* and kept, for the review report */
    /* How long each step took, for --verbose: with thousands of packs,
     * people want to know where a build's time goes. */
    struct timespec step_start;
    StrBuf steps;
    /* Handed from phase to phase (build_site()). */
    const char *source, *out_dir;
    Day today;
    BuildResult *result;
    StampCheck check;         /* what the up-to-date check saw */
    StrBuf said;              /* what this build says, for the stamp */
    CacheInputs cache_inputs;
    bool hooks_ok;            /* every worker's hooks loaded */
    /* The search index, built beside the other site-wide pages. */
    struct Worker *search_worker;
    pthread_t search_thread;
    bool search_started;
    int status;               /* the exit status so far */
    bool checked;             /* the pages' checks ran: their counts join the build's */
    size_t check_errors, check_warnings, check_notices;
} Build;

#define NO_PACK ((size_t)-1)

/* What one worker thread owns. */
typedef struct Worker {
    Build *build;
    Renderer renderer;
    Hooks *hooks;             /* a Lua state of its own: Lua states are not shared */
    size_t pack_index;        /* the pack being built, for the cache; NO_PACK between packs */
    ReportPage **pack_pages;  /* the pack's pages so far, for its review page */
    size_t pack_page_count, pack_page_cap;
    const PackReviews *pack_reviews;   /* of the pack being built; NULL between packs */
    ReviewSheet sheets[REVIEW_FORMAT_COUNT];   /* the words of its format pages, for review sheets */
    StrList pack_made;        /* every path written for the pack, which its files must not take */
} Worker;

/* Renders a group of site-wide files (or reuses the last build's when
 * what they show has not changed, by the cache's key for the group). */
typedef void (*RenderGroup)(Worker *w);
void build_group(Worker *w, CacheGroup group, uint64_t key, RenderGroup render);

/* site_files.c */
void write_noted(Worker *w, const char *relative, char *data, size_t len);
void write_noted_cb(const char *relative, char *data, size_t len, void *worker);
void render_feed(Worker *w);
void render_search(Worker *w);
void render_sitemap(Worker *w);
void render_report_json(Worker *w);

#endif
