/* fuzz_front_matter.c: a consultation's index.md, from its raw bytes to
 * the pack model: encoding detection and conversion, the front matter
 * split, yamldoc and every typed getter the pack loader uses.
 *
 * The first byte picks the site's encoding, so the Windows-1252 and
 * Latin-1 paths get the same attention as UTF-8.  Nothing here may crash,
 * leak or read out of bounds, whatever the bytes.
 */
#include "diag.h"
#include "load.h"

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
    static const char *const encodings[] = {NULL, "windows-1252", "iso-8859-1", "utf-8"};
    if (size < 1)
        return 0;
    Site site = {.source_dir = "site", .today = 0, .feedback_due_weeks = 12};
    site.encoding = (char *)encodings[data[0] % 4];
    const char *raw = (const char *)data + 1;
    size_t raw_len = size - 1;

    char *front = NULL;
    size_t front_len = 0;
    int front_line = 1;
    SourceText body;
    if (load_markdown_text(raw, raw_len, "consultations/fuzz/index.md", site.encoding, &front, &front_len,
                           &front_line, &body)) {
        free(body.text);
        free(body.path);
        if (front) {
            PackMeta p = {0};
            p.slug = strdup("fuzz");
            p.dir = strdup("site/consultations/fuzz");
            p.index_path = strdup("consultations/fuzz/index.md");
            load_pack_front_matter(&site, front, front_len, front_line, &p);
            pack_meta_free(&p);
        }
        free(front);
    }
    diag_reset();
    return 0;
}
