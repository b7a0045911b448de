/* markdown_source.h: a Markdown file as sayso reads it: its bytes in the
 * encoding it names (or the pack's), converted to UTF-8, its front matter
 * apart from its body, and the lines of both kept.
 */
#ifndef SAYSO_MARKDOWN_SOURCE_H
#define SAYSO_MARKDOWN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* A Markdown file's text as read, with where it starts. */
typedef struct SourceText {
    char *path;              /* as shown in messages: relative to the site source */
    char *text;              /* UTF-8, front matter removed; NULL when the file is absent */
    size_t length;
    int first_line;          /* line in the file where text starts (1 with no front matter) */
} SourceText;

/* Reads a Markdown file with optional front matter, converted to UTF-8.
 * *front (may be NULL) gets the front matter text and its first line;
 * body->text the rest.  Returns false after reporting an error. */
bool load_markdown_file(const char *path, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body);

/* The same, from the file's bytes already in memory (for `sayso serve`
 * and the fuzz targets). */
bool load_markdown_text(const char *raw, size_t raw_len, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body);

#endif
