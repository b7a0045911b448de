/* site.h: the site as sayso understands it, once loaded.
 *
 * Loading happens in two steps so that thousands of packs can stream
 * through the build with little memory:
 *   1. load_site() reads site.yml, every pack's front matter and every
 *      page's front matter: what the hub, feed and sitemap need (PackMeta).
 *   2. load_pack_content() reads one pack's Markdown bodies and feedback
 *      CSV (PackContent) just before it is rendered; it is freed after.
 * All text is UTF-8 by the time it is stored here, whatever the source
 * encoding was.
 */
#ifndef SAYSO_SITE_H
#define SAYSO_SITE_H

#include "markdown_source.h"   /* SourceText */
#include "date.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/* The three formats every page is published in. */
typedef enum { FORMAT_PLAIN = 0, FORMAT_EASY_READ, FORMAT_LARGE_PRINT, FORMAT_COUNT } Format;
const char *format_id(Format f);      /* "plain", "easy-read", "large-print" */
const char *format_name(Format f);    /* "Plain English", "Easy read", "Large print" */
const char *format_dir(Format f);     /* "", "easy-read/", "large-print/": where it lives under a page */

typedef enum {
    STATUS_UPCOMING,         /* opens is after the build date */
    STATUS_OPEN,             /* between opens and closes, both included */
    STATUS_CLOSED,           /* closed, no feedback yet */
    STATUS_RESULTS           /* closed and a you-said-we-did.csv exists */
} PackStatus;
const char *status_id(PackStatus s);    /* "upcoming", "open", "closed", "results" */
const char *status_name(PackStatus s);  /* "Upcoming", "Open", "Closed", "Results published" */

typedef struct Contact {
    char *name, *email, *phone, *address;
} Contact;

typedef struct Event {
    char *date;              /* YYYY-MM-DD: checked when loaded, so it always parses */
    char *time;              /* "18:00" or "18:00-20:00"; may be NULL */
    char *place;
    char *access;            /* access notes: step-free, hearing loop, BSL interpreter */
    char *booking;           /* how to book a place; may be NULL */
    int line, place_line, access_line, booking_line;   /* in index.md, for messages about them */
} Event;

typedef struct Respond {
    char *online;            /* URL of an online form */
    char *email, *phone, *post;
    Event *events;
    size_t event_count;
} Respond;

typedef struct Decision {
    Day date;                /* DAY_NONE when not decided */
    char *summary;
} Decision;

/* A Markdown body with where it came from, so messages can name file:line. */
typedef enum { FEEDBACK_DONE, FEEDBACK_DOING, FEEDBACK_NOT_DOING } FeedbackStatus;
const char *feedback_status_id(FeedbackStatus s);     /* "done", "doing", "not-doing" */

typedef struct FeedbackRow {
    int line;                /* line in the CSV where the row starts */
    char *you_said, *we_did;
    FeedbackStatus status;
    char *reason, *theme;    /* may be NULL */
    Day follow_up;           /* DAY_NONE when not set */
    char *easy_you_said, *easy_we_did, *picture;   /* may be NULL */
    char *easy_reason;       /* the reason in easy-read words; may be NULL */
} FeedbackRow;

typedef struct Feedback {
    char *path;              /* as shown in messages */
    FeedbackRow *rows;
    size_t count;
} Feedback;

/* A pack's translation into one of the site's other languages: its
 * index.LANG.md gives the title and summary, everything else is the
 * source's.  translated_from is the fingerprint of the source files the
 * translation was made from (`sayso translation mark`); when the source
 * has changed since, the translation is stale. */
typedef struct Translation {
    char *lang;              /* as listed in site.yml languages: */
    char *index_path;        /* consultations/SLUG/index.LANG.md, as shown in messages */
    char *title, *summary;
    char *translated_from;   /* as written; NULL when missing */
    int translated_from_line;
    bool has_easy_read;      /* easy-read.LANG.md exists */
    bool has_feedback;       /* you-said-we-did.LANG.csv exists */
    bool stale;              /* the source has changed since translated_from */
} Translation;

/* What the hub, feed and sitemap need of a pack: kept for the whole build. */
typedef struct PackMeta {
    char *slug;              /* folder name under consultations/ */
    char *dir;               /* the pack's folder on disk */
    char *index_path;        /* consultations/SLUG/index.md, as shown in messages */
    char *encoding;          /* of this pack's files: its own, else the site's */
    char *title, *summary;
    int title_line, summary_line, closes_line;   /* in index.md, for messages about them */
    Day opens, closes;
    char *level;             /* information, consulting, co-production, citizen-power */
    StrList topics, areas;
    Respond respond;
    Contact contact;         /* the pack's; falls back to the site's where empty */
    Decision decision;
    bool has_easy_read;      /* easy-read.md exists */
    bool has_feedback;       /* you-said-we-did.csv exists */
    bool results_interim;    /* `results: interim`: feedback may show while open */
    PackStatus status;
    Day feedback_due;        /* closes + feedback_due_weeks */
    bool feedback_overdue;   /* closed, past feedback_due, and no feedback */
    char *bsl_url;           /* front matter `bsl:`: a British Sign Language video elsewhere */
    Translation *translations;   /* in the order of site.yml languages: */
    size_t translation_count;
    /* Set only on a translated view of a pack (translation_view()): the
     * language it is in, and the translation it shows. */
    const char *lang;
    const Translation *translation;
} PackMeta;

/* What only rendering needs: loaded per pack, freed after. */
typedef struct PackContent {
    SourceText index;        /* the plain-English text */
    SourceText easy_read;    /* text NULL when the pack has no easy-read.md */
    Feedback feedback;       /* rows NULL when the pack has no CSV */
    StrList files;           /* other files in the pack, copied beside its pages */
    const struct PackReviews *reviews;   /* review.h; set by the build, owned by it; may be NULL */
} PackContent;

/* pages/SLUG.md: about, how we consult, accessibility statement. */
typedef struct PageMeta {
    char *slug;
    char *path;              /* on disk */
    char *display_path;      /* pages/SLUG.md */
    char *title, *summary;
    int order;               /* for the navigation: front matter `order`, else 100 */
    StrList translations;    /* languages with a pages/SLUG.LANG.md, in site order */
    StrList translated_titles, translated_summaries;   /* theirs, in the same order */
    StrList stale_translations;  /* languages whose translation is older than the page */
} PageMeta;

/* A rule's level changed by site settings, with the reason for the report. */
typedef struct RuleSetting {
    char *rule;              /* rule id */
    char *level;             /* "error", "warning", "notice" or "off" */
    char *page;              /* only for this page (a slug or output path); NULL: everywhere */
    char *reason;
} RuleSetting;

/* A group that checks formats before they go out (site.yml reviewers:). */
typedef struct Reviewer {
    char *name;
    char *description;       /* one short sentence, may be NULL */
    char *logo;              /* picture:NAME from the theme, or a file in the pack; may be NULL */
} Reviewer;

/* site.yml `audio:`: whether pages without a recording get a computer voice. */
typedef enum {
    AUDIO_OFF,               /* no generated audio (the default) */
    AUDIO_GENERATE,          /* every page; a voice that cannot be loaded is an error */
    AUDIO_OPTIONAL           /* the same, but a missing voice is a warning */
} AudioSetting;

typedef struct Site {
    char *source_dir;
    char *title, *organisation, *base_url, *language, *theme, *encoding;
    StrList languages;       /* `languages:`: every language published, source first; empty: just `language` */
    Contact contact;
    char *privacy;           /* how what people send is used: on comment cards */
    int feedback_due_weeks;
    bool raw_html;           /* `markdown: {raw_html: true}` lets raw HTML through */
    char *alerts_url;        /* `alerts:` where people sign up for email alerts; NULL when none */
    /* The review report is for reviewers: the public footer links to it
     * only when site.yml has `report_in_footer: true`. */
    bool report_in_footer;
    AudioSetting audio;
    RuleSetting *rules;      /* `rules:` in site.yml */
    size_t rule_count;
    Day today;               /* the build date */
    StrList require_review;  /* formats that must be checked (review.h), from site.yml */
    Reviewer *reviewers;     /* site.yml reviewers: */
    size_t reviewer_count;

    PackMeta *packs;         /* sorted by slug */
    size_t pack_count;
    PageMeta *pages;         /* sorted by order, then slug */
    size_t page_count;
} Site;

void contact_free(Contact *c);
void pack_meta_free(PackMeta *p);
void pack_content_free(PackContent *c);
void feedback_free(Feedback *f);
void site_free(Site *site);

/* The pack's contact for questions and other formats: its own fields where
 * given, the site's otherwise. */
const char *pack_contact_email(const Site *site, const PackMeta *p);
const char *pack_contact_phone(const Site *site, const PackMeta *p);
/* The easy-read text's own title: its first line when that is "# Title".
 * NULL when it has none.  Caller frees. */
char *pack_easy_title(const PackContent *content);

/* The pack as it reads in translation t: a shallow copy sharing the
 * source's fields, with the translation's title and summary.  Free with
 * nothing: it owns no memory. */
PackMeta translation_view(const PackMeta *source, const Translation *t);

/* The pack's translation into lang, or NULL. */
const Translation *pack_translation(const PackMeta *p, const char *lang);

/* "consultations/SLUG/" or, for a translated view, "consultations/SLUG/LANG/". */
char *pack_folder_url(const PackMeta *p);

/* Works out status, feedback_due and feedback_overdue from the dates. */
void pack_update_status(PackMeta *p, Day today, int feedback_due_weeks);

/* Why a consultation's dates cannot be (it closes before it opens), or
 * NULL: one check for front matter and for what pack_loaded hooks set. */
const char *pack_dates_problem(Day opens, Day closes);

/* True for a name usable as a web address segment: a-z, 0-9, hyphens. */
bool slug_valid(const char *slug);
/* A name slug_valid would take, made from one it refused ("My Plan" gives
 * "my-plan"), for the message; NULL when there is none.  Caller frees. */
char *slug_suggest(const char *name);

#endif
