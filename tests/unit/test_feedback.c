/* test_feedback.c: reading you-said-we-did.csv, good and bad. */
#define TESTUTIL_MESSAGES
#include "testutil.h"
#include "diag.h"
#include "feedback.h"

#include <stdlib.h>
#include <string.h>

static void assert_messages(const char *const *expected, size_t n)
{
    for (size_t i = 0; i < messages.count && i < n; i++)
        assert_string_equal(messages.items[i], expected[i]);
    assert_int_equal(messages.count, n);
}

static bool parse(const char *csv, const char *encoding, Feedback *out)
{
    return feedback_parse(csv, strlen(csv), "you-said-we-did.csv", encoding, out);
}

static void test_good_file_in_any_column_order(void **state)
{
    (void)state;
    Feedback fb;
    assert_true(feedback_load("tests/cases/feedback/good.csv", "consultations/parks/you-said-we-did.csv",
                              NULL, &fb));
    assert_int_equal(messages.count, 0);
    assert_string_equal(fb.path, "consultations/parks/you-said-we-did.csv");
    assert_int_equal(fb.count, 3);

    assert_int_equal(fb.rows[0].line, 2);
    assert_string_equal(fb.rows[0].theme, "Parks");
    assert_string_equal(fb.rows[0].you_said, "Keep the park gates open later in summer");
    assert_int_equal(fb.rows[0].status, FEEDBACK_DONE);
    assert_null(fb.rows[0].reason);
    assert_int_equal(fb.rows[0].follow_up, DAY_NONE);
    assert_string_equal(fb.rows[0].easy_you_said, "Keep the park open later");
    assert_string_equal(fb.rows[0].picture, "park");

    /* A quoted field over three lines: the row starts on line 3, the next on 6. */
    assert_int_equal(fb.rows[1].line, 3);
    assert_string_equal(fb.rows[1].you_said, "The play area needs\na fence, because\nof the road");
    assert_int_equal(fb.rows[1].status, FEEDBACK_DOING);
    assert_int_equal(fb.rows[1].follow_up, date_from_ymd(2027, 3, 1));
    assert_null(fb.rows[1].easy_you_said);

    assert_int_equal(fb.rows[2].line, 6);
    assert_null(fb.rows[2].theme);
    assert_int_equal(fb.rows[2].status, FEEDBACK_NOT_DOING);
    assert_non_null(strstr(fb.rows[2].reason, "the law says"));
    feedback_free(&fb);
}

static void test_every_error_in_a_bad_file_is_reported(void **state)
{
    (void)state;
    Feedback fb;
    assert_false(feedback_load("tests/cases/feedback/bad.csv", "bad.csv", NULL, &fb));
    assert_null(fb.rows);
    assert_int_equal(fb.count, 0);
    static const char *const expected[] = {
        "bad.csv:1: warning: unknown column 'colour' is ignored (the columns are: you_said, we_did, "
        "status, reason, theme, follow_up, easy_you_said, easy_we_did, easy_reason, picture)",
        "bad.csv:3: error: status is not-doing but reason is empty: people are told why",
        "bad.csv:4: error: unknown status 'perhaps': use done, doing or not-doing",
        "bad.csv:5: error: this row has 2 fields but the header row has 6; "
        "a field with a comma in it must be inside quotes",
        "bad.csv:6: error: unbalanced quote: the quoted field that starts here is not closed "
        "(a quote inside a quoted field is written twice: \"\")",
        "bad.csv:8: error: follow_up '2027-13-01' is not a date as YYYY-MM-DD",
        "bad.csv:9: error: you_said is empty: say what people told you",
    };
    assert_messages(expected, sizeof expected / sizeof *expected);
    assert_int_equal(diag_error_count(), 6);
    assert_int_equal(diag_warning_count(), 1);
}

/* A status typed as people type in a spreadsheet still means what it says. */
static void test_status_as_people_type_it(void **state)
{
    (void)state;
    Feedback fb;
    assert_true(parse("you_said,we_did,status,reason\n"
                      "a,b,Done,\n"
                      "c,d,NOT DOING,No money\n"
                      "e,f,not_doing,No staff\n"
                      "g,h,Doing,\n", NULL, &fb));
    assert_int_equal(fb.count, 4);
    assert_int_equal(fb.rows[0].status, FEEDBACK_DONE);
    assert_int_equal(fb.rows[1].status, FEEDBACK_NOT_DOING);
    assert_int_equal(fb.rows[2].status, FEEDBACK_NOT_DOING);
    assert_int_equal(fb.rows[3].status, FEEDBACK_DOING);
    feedback_free(&fb);
    /* Still not a status: one word run on, or another word. */
    assert_false(parse("you_said,we_did,status,reason\na,b,notdoing,x\nc,d,not  doing,y\n", NULL, &fb));
}

static void test_missing_columns_are_named_on_line_1(void **state)
{
    (void)state;
    Feedback fb;
    assert_false(parse("You said, Reason\n\"Buses\",\n", NULL, &fb));
    static const char *const expected[] = {
        "you-said-we-did.csv:1: error: missing column 'we_did': the header row needs you_said, we_did and status",
        "you-said-we-did.csv:1: error: missing column 'status': the header row needs you_said, we_did and status",
    };
    assert_messages(expected, 2);
}

static void test_quote_never_closed_names_the_line_it_opened(void **state)
{
    (void)state;
    Feedback fb;
    /* The quote opened on line 3 runs to the end of the file. */
    assert_false(parse("you_said,we_did,status\n"
                       "a,b,done\n"
                       "c,\"d\n"
                       "e,f,done\n"
                       "g,h,done\n", NULL, &fb));
    static const char *const expected[] = {
        "you-said-we-did.csv:3: error: unbalanced quote: the quoted field that starts here is not closed "
        "(a quote inside a quoted field is written twice: \"\")",
    };
    assert_messages(expected, 1);
}

static void test_stray_quote_in_unquoted_field_and_rows_after_it(void **state)
{
    (void)state;
    Feedback fb;
    assert_false(parse("you_said,we_did,status\n"
                       "The \"old\" bridge,We fixed it,done\n"
                       "x,y,sometimes\n", NULL, &fb));
    static const char *const expected[] = {
        "you-said-we-did.csv:2: error: unbalanced quote: a field with a quote in it must be inside quotes, "
        "with the quote written twice (\"\")",
        "you-said-we-did.csv:3: error: unknown status 'sometimes': use done, doing or not-doing",
    };
    assert_messages(expected, 2);
}

static void test_line_counting_with_crlf_blank_lines_and_doubled_quotes(void **state)
{
    (void)state;
    Feedback fb;
    assert_true(parse("you_said,we_did,status\r\n"
                      "\r\n"
                      "\"She said \"\"yes\"\"\r\nthen \"\"no\"\"\",Noted,DONE\r\n"
                      ",,\r\n"
                      "last,one,doing", NULL, &fb));
    assert_int_equal(fb.count, 2);
    assert_int_equal(fb.rows[0].line, 3);
    assert_string_equal(fb.rows[0].you_said, "She said \"yes\"\r\nthen \"no\"");
    assert_int_equal(fb.rows[0].status, FEEDBACK_DONE);
    assert_int_equal(fb.rows[1].line, 6);     /* the blank ",," row on line 5 is skipped */
    assert_int_equal(fb.rows[1].status, FEEDBACK_DOING);
    feedback_free(&fb);
}

static void test_windows_1252_file(void **state)
{
    (void)state;
    Feedback fb;
    assert_true(feedback_load("tests/cases/feedback/windows-1252.csv", "w.csv", "windows-1252", &fb));
    assert_int_equal(fb.count, 3);
    assert_string_equal(fb.rows[1].you_said, "The \xe2\x80\x9cSaturday\xe2\x80\x9d timetable is too thin");
    assert_string_equal(fb.rows[2].reason, "The budget for 2026\xe2\x80\x93" "2027 is already set");
    assert_int_equal(fb.rows[2].line, 4);
    feedback_free(&fb);

    /* The same bytes read as UTF-8 fail at the line of the first curly quote. */
    assert_false(feedback_load("tests/cases/feedback/windows-1252.csv", "w.csv", NULL, &fb));
    assert_int_equal(messages.count, 1);
    assert_non_null(strstr(messages.items[0], "w.csv:3: error: byte 0x93 is not valid UTF-8"));
}

static void test_empty_file_and_unreadable_file(void **state)
{
    (void)state;
    Feedback fb;
    assert_false(parse("", NULL, &fb));
    assert_false(feedback_load("tests/cases/feedback/no-such-file.csv", "gone.csv", NULL, &fb));
    static const char *const expected[] = {
        "you-said-we-did.csv:1: error: the file is empty: it needs a header row with you_said, we_did and status",
        "gone.csv: error: cannot read this file: No such file or directory",
    };
    assert_messages(expected, 2);
}

static void test_follow_up_passed_while_still_doing_warns(void **state)
{
    (void)state;
    Feedback fb;
    assert_true(parse("you_said,we_did,status,follow_up\n"
                      "a,b,doing,2027-03-01\n"
                      "c,d,done,2027-03-01\n"
                      "e,f,doing,2027-06-01\n", NULL, &fb));
    assert_int_equal(feedback_check_follow_up(&fb, date_from_ymd(2027, 3, 1)), 0);  /* due today: fine */
    assert_int_equal(feedback_check_follow_up(&fb, date_from_ymd(2027, 3, 2)), 1);
    static const char *const expected[] = {
        "you-said-we-did.csv:2: warning: follow-up date has passed (2027-03-01) and this row is still "
        "'doing': update this row to say what happened",
    };
    assert_messages(expected, 1);
    feedback_free(&fb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_file_in_any_column_order, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_every_error_in_a_bad_file_is_reported, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_status_as_people_type_it, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_missing_columns_are_named_on_line_1, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_quote_never_closed_names_the_line_it_opened, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_stray_quote_in_unquoted_field_and_rows_after_it, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_line_counting_with_crlf_blank_lines_and_doubled_quotes, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_windows_1252_file, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_empty_file_and_unreadable_file, messages_setup, messages_teardown),
        cmocka_unit_test_setup_teardown(test_follow_up_passed_while_still_doing_warns, messages_setup, messages_teardown),
    };
    return cmocka_run_group_tests_name("feedback", tests, NULL, NULL);
}
