/* markdown_escape.h: text that shows in Markdown exactly as written.
 *
 * sayso.escape in the hooks, and sayso's own C: a backslash before every
 * ASCII punctuation mark (CommonMark's list), line breaks as spaces, and
 * blanks at either end left off, so a CSV cell can only ever be text,
 * never a link, a heading or HTML.
 */
#ifndef SAYSO_MARKDOWN_ESCAPE_H
#define SAYSO_MARKDOWN_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the escaped text through put(ctx, bytes, n). */
void markdown_escape_into(const char *text, size_t len, void (*put)(void *ctx, const char *s, size_t n),
                          void *ctx);
/* The escaped text, malloc'd. */
char *markdown_escape(const char *text, size_t len);

#endif
