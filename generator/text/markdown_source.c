/* markdown_source.c: reading a Markdown file (markdown_source.h). */
#include "markdown_source.h"
#include "diag.h"
#include "encoding.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A file may name its own encoding in its front matter.  The front matter
 * has to be read before the file can be decoded, so look for the key in the
 * raw bytes: every encoding sayso supports is ASCII-compatible. */
static char *encoding_in_front_matter(const char *raw, size_t len, int *line_number)
{
    if (len < 4 || strncmp(raw, "---", 3) != 0)
        return NULL;
    const char *p = memchr(raw, '\n', len);
    const char *end = raw + len;
    *line_number = 1;
    while (p && p + 1 < end) {
        const char *line = p + 1;
        ++*line_number;
        p = memchr(line, '\n', (size_t)(end - line));
        size_t n = (size_t)((p ? p : end) - line);
        if ((n >= 3 && !strncmp(line, "---", 3)) || (n >= 3 && !strncmp(line, "...", 3)))
            break;
        if (n > 9 && !strncmp(line, "encoding:", 9)) {
            char *value = xstrndup(line + 9, n - 9);
            char *t = str_trim(value);
            if (*t == '"' || *t == '\'') {
                t++;
                size_t tl = strlen(t);
                if (tl && (t[tl - 1] == '"' || t[tl - 1] == '\''))
                    t[tl - 1] = '\0';
            }
            char *result = xstrdup(t);
            free(value);
            return result;
        }
    }
    return NULL;
}

bool load_markdown_file(const char *path, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body)
{
    memset(body, 0, sizeof *body);
    if (front)
        *front = NULL;
    size_t raw_len;
    char *raw = read_file(path, &raw_len);
    if (!raw) {
        diag_error(display_path, 0, "cannot read this file: %s", strerror(errno));
        return false;
    }
    bool ok = load_markdown_text(raw, raw_len, display_path, encoding, front, front_len, front_line, body);
    free(raw);
    return ok;
}

bool load_markdown_text(const char *raw, size_t raw_len, const char *display_path, const char *encoding,
                        char **front, size_t *front_len, int *front_line, SourceText *body)
{
    memset(body, 0, sizeof *body);
    if (front)
        *front = NULL;
    int encoding_line = 0;
    char *own = encoding_in_front_matter(raw, raw_len, &encoding_line);
    if (own && !encoding_known(own)) {
        diag_error(display_path, encoding_line, "unknown encoding '%s' (try utf-8, windows-1252 or iso-8859-1)", own);
        free(own);
        return false;
    }
    size_t len;
    char *text = encoding_to_utf8(raw, raw_len, own ? own : encoding, display_path, &len);
    free(own);
    if (!text)
        return false;

    /* Front matter: a first line of "---", then YAML, then "---" or "...". */
    size_t body_start = 0;
    int body_line = 1;
    if (!strncmp(text, "---", 3) && (text[3] == '\n' || (text[3] == '\r' && text[4] == '\n'))) {
        const char *yaml = strchr(text, '\n') + 1;
        const char *p = yaml;
        const char *close = NULL;
        int line = 2;
        while (*p) {
            if ((!strncmp(p, "---", 3) || !strncmp(p, "...", 3)) &&
                (p[3] == '\n' || p[3] == '\0' || (p[3] == '\r' && p[4] == '\n'))) {
                close = p;
                break;
            }
            const char *nl = strchr(p, '\n');
            if (!nl)
                break;
            p = nl + 1;
            line++;
        }
        if (!close) {
            diag_error(display_path, 1, "the front matter starting here has no closing '---' line");
            free(text);
            return false;
        }
        if (front) {
            *front = xstrndup(yaml, (size_t)(close - yaml));
            *front_len = (size_t)(close - yaml);
            *front_line = 2;
        }
        const char *after = strchr(close, '\n');
        body_start = after ? (size_t)(after + 1 - text) : len;
        body_line = line + 1;
    }
    body->path = xstrdup(display_path);
    body->length = len - body_start;
    body->text = xstrndup(text + body_start, body->length);
    body->first_line = body_line;
    free(text);
    return true;
}
