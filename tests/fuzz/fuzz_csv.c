/* fuzz_csv.c: you-said-we-did.csv through feedback_parse.  The first
 * byte picks the encoding the file is read in; the rest is the file. */
#include "diag.h"
#include "feedback.h"

#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    diag_set_verbosity(DIAG_SILENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const encodings[] = {NULL, "windows-1252", "iso-8859-1", "utf-16"};
    if (size < 1)
        return 0;
    Feedback f;
    if (feedback_parse((const char *)data + 1, size - 1, "consultations/fuzz/you-said-we-did.csv",
                       encodings[data[0] % 4], &f)) {
        feedback_check_follow_up(&f, 20000);
        feedback_free(&f);
    }
    diag_reset();
    return 0;
}
