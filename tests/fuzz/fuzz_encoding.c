/* fuzz_encoding.c: encoding_to_utf8 from the encodings councils' files
 * come in, plus some multi-byte ones iconv knows, to test the output
 * buffer growth.  Whatever comes out must be valid UTF-8 of the length
 * reported. */
#include "diag.h"
#include "encoding.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    diag_set_verbosity(DIAG_SILENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const encodings[] = {
        NULL, "utf-8", "UTF8", "windows-1252", "iso-8859-1", "iso-8859-15", "cp437",
        "utf-16", "utf-16le", "utf-32", "gb18030", "shift_jis", "koi8-r", "macintosh",
    };
    if (size < 1)
        return 0;
    const char *enc = encodings[data[0] % (sizeof encodings / sizeof encodings[0])];
    size_t out_len = 0;
    char *out = encoding_to_utf8((const char *)data + 1, size - 1, enc, "fuzz.md", &out_len);
    if (out) {
        size_t bad;
        if (strlen(out) != out_len || !utf8_valid(out, out_len, &bad))
            abort();
        free(out);
    }
    diag_reset();
    return 0;
}
