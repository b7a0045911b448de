/* encoding.h: turning source files into UTF-8.
 *
 * Councils' text often comes from Word exported as Windows-1252, where the
 * curly quotes and dashes live in bytes 0x80-0x9F.  A site or a pack names
 * its encoding (`encoding:` in site.yml or front matter); sayso converts
 * with iconv and, for UTF-8 sources, insists on valid UTF-8 so nothing
 * reaches a page as mojibake.
 */
#ifndef SAYSO_ENCODING_H
#define SAYSO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

/* True when iconv knows the name (case does not matter). */
bool encoding_known(const char *name);

/* True for NULL, "", "utf-8", "UTF8" and the like. */
bool encoding_is_utf8(const char *name);

/* Converts data (len bytes) from `encoding` to UTF-8.  Returns a new
 * NUL-terminated string, or NULL after reporting `path:line: ...` through
 * diag_error: an unknown encoding, a byte that is invalid in it, or a NUL
 * byte (a binary file named .md).  A UTF-8 byte-order mark is dropped. */
char *encoding_to_utf8(const char *data, size_t len, const char *encoding,
                       const char *path, size_t *out_len);

#endif
