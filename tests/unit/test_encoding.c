/* test_encoding.c: UTF-8 checks and Windows-1252 conversion. */
#include "testutil.h"
#include "encoding.h"
#include "diag.h"
#include <stdlib.h>
#include <string.h>

static void test_windows_1252_quotes_become_curly(void **state)
{
    (void)state;
    /* 0x93/0x94 are Word's curly double quotes, 0x92 its apostrophe, 0x96 an en dash. */
    const char src[] = "\x93Have your say\x94 \x96 it\x92s open";
    size_t n;
    char *out = encoding_to_utf8(src, sizeof src - 1, "windows-1252", "a.md", &n);
    assert_non_null(out);
    assert_string_equal(out, "\xe2\x80\x9cHave your say\xe2\x80\x9d \xe2\x80\x93 it\xe2\x80\x99s open");
    assert_int_equal(n, strlen(out));
    free(out);
}

static void test_invalid_utf8_is_an_error(void **state)
{
    (void)state;
    diag_set_verbosity(DIAG_QUIET);
    diag_reset();
    const char src[] = "line one\nline \x93two\n";
    assert_null(encoding_to_utf8(src, sizeof src - 1, NULL, "a.md", NULL));
    assert_int_equal(diag_error_count(), 1);
}

static void test_unknown_encoding_is_an_error(void **state)
{
    (void)state;
    diag_reset();
    assert_false(encoding_known("klingon-8"));
    assert_true(encoding_known("Windows-1252"));
    assert_null(encoding_to_utf8("x", 1, "klingon-8", "a.md", NULL));
    assert_int_equal(diag_error_count(), 1);
}

static void test_bom_dropped_and_nul_rejected(void **state)
{
    (void)state;
    char *out = encoding_to_utf8("\xEF\xBB\xBFhi", 5, "utf-8", "a.md", NULL);
    assert_string_equal(out, "hi");
    free(out);
    diag_reset();
    assert_null(encoding_to_utf8("a\0b", 3, "utf-8", "a.md", NULL));
    assert_int_equal(diag_error_count(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_1252_quotes_become_curly),
        cmocka_unit_test(test_invalid_utf8_is_an_error),
        cmocka_unit_test(test_unknown_encoding_is_an_error),
        cmocka_unit_test(test_bom_dropped_and_nul_rejected),
    };
    return cmocka_run_group_tests_name("encoding", tests, NULL, NULL);
}
