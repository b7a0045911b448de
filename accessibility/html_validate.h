/* html_validate.h: every page sayso writes, checked by libtidy.
 *
 * This is the last gate before a page is published.  Tidy parses the HTML
 * the build has already made and says what it would have had to repair;
 * sayso's own output is always what gets written, tidy never rewrites it.
 *
 * Each tidy message becomes a Finding in category "html".  Messages about
 * faults that make a browser build a different page from the one intended
 * (an unclosed table, a duplicate id, tags closed in the wrong order, an
 * element HTML does not have) are errors; doubts tidy raises about correct
 * but unusual markup are warnings.  See the rule table in html_validate.c.
 *
 * Tidy reports a line and column of the generated HTML.  The locator turns
 * that into the place a person can fix: the Markdown file and line raw HTML
 * came from, or the theme template that wrote the line.  Without a locator,
 * findings name page_path and the HTML line.
 *
 * Tidy's settings come from a tidy config file (themes/default/tidy.conf),
 * so a council can tune them without rebuilding sayso.
 */
#ifndef SAYSO_HTML_VALIDATE_H
#define SAYSO_HTML_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include "findings.h"

/* Maps a 1-based line and column of the generated HTML to a source file and
 * line.  Returns false when it cannot; the finding then names the page. */
typedef bool (*HtmlLineLocator)(void *data, int html_line, int html_column,
                                const char **file, int *line);

/* Holds tidy's parsed settings and a few ready-made tidy documents that
 * pages reuse.  One validator may be shared by every worker thread. */
typedef struct HtmlValidator HtmlValidator;

/* Loads tidy's settings from config_path (NULL: the built-in defaults,
 * which are the same as themes/default/tidy.conf).  A missing file, an
 * unknown option or a bad value is reported with diag_error naming the
 * file and line, and the result is NULL. */
HtmlValidator *html_validator_new(const char *config_path);
void html_validator_free(HtmlValidator *v);

/* The build marks where markup came from, so that a finding can name a
 * source line: attributes (data-sourcepos="12:1-14:7") and comments
 * (<!--sayso-line:12-->) that the written page does not have.  Tidy is not
 * given them (see html_validate.c); findings still give lines, columns and
 * excerpts of the HTML as passed to html_validate, marks and all.
 * attributes ends with NULL; comment_start is what such a comment starts
 * with, or NULL. */
void html_validator_skip_marks(HtmlValidator *v, const char *const *attributes, const char *comment_start);

/* Validates len bytes of UTF-8 HTML and adds a finding to out for each
 * problem tidy reports.  page_path names the page when locate is NULL or
 * cannot place a line. */
void html_validate(HtmlValidator *v, const char *html, size_t len, const char *page_path,
                   HtmlLineLocator locate, void *locate_data, FindingList *out);

/* As html_validate, and returns the page without the marks named by
 * html_validator_skip_marks (*unmarked_len bytes and a NUL; free it):
 * the page as it is published, which tidy has read. */
char *html_validate_unmarked(HtmlValidator *v, const char *html, size_t len, const char *page_path,
                             HtmlLineLocator locate, void *locate_data, FindingList *out,
                             size_t *unmarked_len);

/* How pages are checked.  Whole: tidy reads every page, as it always did.
 * Piecewise (the default): tidy reads each distinct theme shell and each
 * distinct page content once (html_pieces.h), and a page whose pieces are
 * both clean needs no run of its own; any other page is read whole, so
 * findings, their lines and messages are the same in both modes. */
typedef enum { HTML_CHECK_PIECEWISE, HTML_CHECK_FULL } HtmlCheckMode;

/* The mode of validators made from now on (`sayso build --check=`). */
void html_validate_set_default_mode(HtmlCheckMode mode);
void html_validator_set_mode(HtmlValidator *v, HtmlCheckMode mode);
/* Documents tidy has parsed so far, pieces and whole pages. */
size_t html_validator_tidy_runs(HtmlValidator *v);

/* The rules this pass can report, for documentation and the report:
 * index 0, 1, ... until NULL. */
const Rule *html_validate_rule_at(size_t index);

#endif
