/* encoding.c: turning source files into UTF-8 with iconv. */
#include "encoding.h"
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool encoding_is_utf8(const char *name)
{
    return !name || !*name || !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8");
}

bool encoding_known(const char *name)
{
    if (encoding_is_utf8(name))
        return true;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* A NUL byte means a binary file: no text format sayso reads contains one. */
static bool reject_nul(const char *data, size_t len, const char *path)
{
    const char *nul = memchr(data, '\0', len);
    if (!nul)
        return false;
    diag_error(path, line_of_offset(data, (size_t)(nul - data)),
               "this is not a text file (it contains a NUL byte); is it a binary file named like text?");
    return true;
}

char *encoding_to_utf8(const char *data, size_t len, const char *encoding,
                       const char *path, size_t *out_len)
{
    if (reject_nul(data, len, path))
        return NULL;
    if (encoding_is_utf8(encoding)) {
        if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
            data += 3;
            len -= 3;
        }
        size_t bad;
        if (!utf8_valid(data, len, &bad)) {
            diag_error(path, line_of_offset(data, bad),
                       "byte 0x%02X is not valid UTF-8; if this file was saved from Word or Excel, "
                       "name its encoding (for example `encoding: windows-1252`)",
                       (unsigned char)data[bad]);
            return NULL;
        }
        if (out_len)
            *out_len = len;
        return xstrndup(data, len);
    }

    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1) {
        diag_error(path, 0, "unknown encoding '%s' (try utf-8, windows-1252 or iso-8859-1)", encoding);
        return NULL;
    }
    /* Every single-byte encoding grows at most 3x into UTF-8; start at 2x+16 and grow on demand. */
    size_t cap = len * 2 + 16, used = 0;
    char *out = xmalloc(cap);
    char *in = (char *)data;
    size_t in_left = len;
    while (in_left > 0) {
        char *dst = out + used;
        size_t dst_left = cap - used - 1;
        size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);
        used = (size_t)(dst - out);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            GROW_TO(out, cap + 1, cap);
            continue;
        }
        /* EILSEQ or EINVAL: a byte with no meaning in this encoding. */
        size_t offset = (size_t)(in - data);
        diag_error(path, line_of_offset(data, offset),
                   "byte 0x%02X is not valid %s", (unsigned char)data[offset], encoding);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    out[used] = '\0';
    if (out_len)
        *out_len = used;
    return out;
}
