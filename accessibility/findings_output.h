/* findings_output.h: findings as text for people, JSON for scripts and
 * SARIF 2.1.0 for code-scanning tools.
 *
 * Each writer takes the findings of several files at once, so `sayso
 * check` and the build's report.json share one format.  Only errors and
 * warnings are written; notices are for the review report.
 */
#ifndef SAYSO_FINDINGS_OUTPUT_H
#define SAYSO_FINDINGS_OUTPUT_H

#include "findings.h"

#include <stdio.h>

typedef struct FileFindings {
    const char *path;              /* shown when a finding names no file */
    const FindingList *findings;
} FileFindings;

/* path:line: level: message [rule-id, WCAG 1.1.1] — one line per finding. */
void findings_write_text(FILE *out, const FileFindings *files, size_t count);

/* {"files":[{"path":P,"findings":[{"rule":R,"level":L,"act":[..],
 *   "wcag":[..],"line":N,"message":M}]}]} followed by a newline. */
void findings_write_json(FILE *out, const FileFindings *files, size_t count);

/* A SARIF 2.1.0 log with one run, its rules and results. */
void findings_write_sarif(FILE *out, const FileFindings *files, size_t count,
                          const char *tool_version);

/* Writes s as a JSON string, quotes included: control characters, quotes
 * and backslashes escaped, bytes that are not UTF-8 replaced by U+FFFD. */
void json_write_string(FILE *out, const char *s);

#endif
