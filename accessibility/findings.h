/* findings.h: what every check in sayso reports.
 *
 * A check (WCAG, writing, tidy, theme) describes each rule it enforces once,
 * as a static Rule, and adds a Finding to a FindingList each time a page
 * breaks it.  The build, `sayso check` and the review report all read the
 * same list, so a finding looks the same wherever it is shown.
 *
 * Findings may point at a DOM node while the page is in memory.  The list's
 * locator (set by whoever owns the page) turns that node into a source file
 * and line: the build maps nodes back to the Markdown they came from, while
 * `sayso check` uses the line in the HTML file itself.
 */
#ifndef SAYSO_FINDINGS_H
#define SAYSO_FINDINGS_H

#include <stddef.h>
#include <stdbool.h>
#include <libxml/tree.h>

typedef enum {
    LEVEL_OFF = 0,      /* turned off by site settings: never reported */
    LEVEL_NOTICE,       /* information for the report, never fails a build */
    LEVEL_WARNING,      /* fails only with --strict */
    LEVEL_ERROR         /* fails the build (exit 1) */
} FindingLevel;

typedef struct Rule {
    const char *id;          /* stable, kebab-case: "image-alt", "sentence-length" */
    const char *category;    /* "wcag", "plain", "easy-read", "large-print", "theme", "html" */
    FindingLevel level;      /* default level; site settings may change it */
    const char *wcag;        /* success criteria, comma separated: "1.1.1,4.1.2"; NULL if none */
    const char *act;         /* ACT rule ids, comma separated: "23a2a8"; NULL if none */
    const char *title;       /* short plain-words name for reports: "Image has no text alternative" */
} Rule;

typedef struct Finding {
    const Rule *rule;
    FindingLevel level;      /* after site settings */
    char *file;              /* source file the problem is in, or NULL */
    int line;                /* 1-based line in file, 0 when unknown */
    char *message;           /* plain words: what is wrong and how to fix it */
    char *excerpt;           /* a short piece of the text or markup, or NULL */
} Finding;

/* Turns a node into a file and line.  Returns false when it cannot.  The
 * file's name lives as long as the node's document does. */
typedef bool (*FindingLocator)(void *data, xmlNodePtr node, const char **file, int *line);

/* Lets the owner of a list change a rule's level (site settings, --strict)
 * and record why; returns the level to use.  *reason may be set to a static
 * or owner-kept string explaining a change. */
typedef FindingLevel (*FindingPolicy)(void *data, const Rule *rule, const char *file, const char **reason);

typedef struct FindingList {
    Finding *items;
    size_t count, capacity;
    const char *default_file;   /* used when no locator answers */
    FindingLocator locate;
    void *locate_data;
    FindingPolicy policy;
    void *policy_data;
} FindingList;

void findings_init(FindingList *list, const char *default_file);
void findings_free(FindingList *list);

/* Adds a finding at a node (may be NULL).  The message is printf-style. */
void findings_add_node(FindingList *list, const Rule *rule, xmlNodePtr node,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adds a finding at a known file and line (file NULL: the list's default). */
void findings_add_at(FindingList *list, const Rule *rule, const char *file, int line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets the excerpt of the finding added last (copied, shortened to ~80 chars). */
void findings_set_excerpt(FindingList *list, const char *text);

/* Moves every finding of src to the end of dst, leaving src empty. */
void findings_move(FindingList *dst, FindingList *src);

size_t findings_count_level(const FindingList *list, FindingLevel level);

const char *finding_level_name(FindingLevel level);   /* "error", "warning", ... */

/* Orders findings by file, line, then rule id, so output is the same every run. */
void findings_sort(FindingList *list);

#endif
