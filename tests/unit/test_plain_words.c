/* test_plain_words.c: the plain-words table and how text is matched to it. */
#include "testutil.h"
#include "plain_words.h"
#include <stdio.h>
#include <string.h>

static void test_table_is_sorted_unique_and_lower_case(void **state)
{
    (void)state;
    assert_true(plain_words_count >= 200);
    for (size_t i = 0; i < plain_words_count; i++) {
        const char *p = plain_words[i].phrase;
        if (i > 0)
            assert_true(strcmp(plain_words[i - 1].phrase, p) < 0);
        for (const char *c = p; *c; c++)
            assert_true((*c >= 'a' && *c <= 'z') || *c == ' ' || *c == '-' || *c == '\'');
        assert_true(p[0] != ' ' && p[strlen(p) - 1] != ' ' && !strstr(p, "  "));
        assert_true(plain_words[i].instead[0] != '\0');
        assert_ptr_equal(plain_words_lookup(p), &plain_words[i]);
    }
    assert_null(plain_words_lookup("consultation"));
    assert_string_equal(plain_words_lookup("utilise")->instead, "use");
    assert_string_equal(plain_words_lookup("commence")->instead, "start");
    assert_string_equal(plain_words_lookup("in order to")->instead, "to");
}

/* Matches text from its first word; returns the phrase or "" and the words covered. */
static const char *match_first(const char *text, size_t *matched)
{
    SentenceSplit s = {0};
    sentences_split(text, strlen(text), &s);
    const PlainWord *pw = plain_words_match(text, s.words, s.word_count, 0, matched);
    sentences_free(&s);
    return pw ? pw->phrase : "";
}

static void test_matching(void **state)
{
    (void)state;
    size_t m;
    assert_string_equal(match_first("Utilise it", &m), "utilise");
    assert_int_equal(m, 1);
    assert_string_equal(match_first("utilised", &m), "utilise");
    assert_string_equal(match_first("UTILISES", &m), "utilise");
    assert_string_equal(match_first("utilising", &m), "utilise");
    assert_string_equal(match_first("submitted", &m), "submit");
    assert_string_equal(match_first("notified", &m), "notify");
    assert_string_equal(match_first("prohibited", &m), "prohibit");
    assert_string_equal(match_first("in order to go", &m), "in order to");
    assert_int_equal(m, 3);
    assert_string_equal(match_first("In\norder  to", &m), "in order to");
    assert_string_equal(match_first("in addition to this", &m), "in addition to");
    assert_string_equal(match_first("in addition, to this", &m), "in addition");
    assert_int_equal(m, 2);
    assert_string_equal(match_first("in the event that it rains", &m), "in the event that");
    assert_string_equal(match_first("in the", &m), "");
    assert_int_equal(m, 0);
    assert_string_equal(match_first("use", &m), "");
    assert_string_equal(match_first("so", &m), "");
    assert_string_equal(match_first("thus", &m), "thus");
    assert_string_equal(match_first("premises", &m), "premises");
}

/* Every entry is found from its text, whole or as the start of longer
 * text, including entries that share a first word ("in order to", "in
 * addition to"): the entries are looked up by first word. */
static void test_every_entry_is_found(void **state)
{
    (void)state;
    char text[128];
    for (size_t i = 0; i < plain_words_count; i++) {
        const char *p = plain_words[i].phrase;
        if (strchr(p, '-') || strchr(p, '\''))
            continue;                   /* hyphens and apostrophes split words */
        size_t m, words = 1;
        for (const char *c = p; *c; c++)
            words += *c == ' ';
        snprintf(text, sizeof text, "%s", p);
        const char *got = match_first(text, &m);
        /* A longer entry may start with this one, never a shorter. */
        assert_true(strncmp(got, p, strlen(p)) == 0);
        assert_true(m >= words);
        snprintf(text, sizeof text, "%s zzz", p);
        assert_string_equal(match_first(text, &m), got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sorted_unique_and_lower_case),
        cmocka_unit_test(test_matching),
        cmocka_unit_test(test_every_entry_is_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
