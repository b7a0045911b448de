/* test_util.c: strings, paths and UTF-8 validation. */
#include "testutil.h"
#include "util.h"
#include "hashmap.h"
#include "site.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static void test_utf8_accepts_valid_text(void **state)
{
    (void)state;
    const char *ok = "plain \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80";
    assert_true(utf8_valid(ok, strlen(ok), NULL));
}

static void test_utf8_rejects_bad_bytes_with_offset(void **state)
{
    (void)state;
    size_t off = 0;
    /* 0x93 is a Windows-1252 left quote: never valid on its own in UTF-8. */
    const char *bad = "ab\x93" "cd";
    assert_false(utf8_valid(bad, strlen(bad), &off));
    assert_int_equal(off, 2);
    /* A sequence cut off by the end of the text. */
    const char *cut = "ab\xe2\x80";
    assert_false(utf8_valid(cut, strlen(cut), &off));
    assert_int_equal(off, 2);
    /* An overlong encoding of '/' and an encoded surrogate. */
    assert_false(utf8_valid("\xc0\xaf", 2, NULL));
    assert_false(utf8_valid("\xed\xa0\x80", 3, NULL));
}

static void test_paths(void **state)
{
    (void)state;
    char *p = path_join("a/b", "c.md");
    assert_string_equal(p, "a/b/c.md");
    free(p);
    p = path_join("a/", "c");
    assert_string_equal(p, "a/c");
    free(p);
    assert_string_equal(path_basename("x/y/z.md"), "z.md");
    assert_string_equal(path_extension("x/y/z.tar.gz"), ".gz");
    assert_string_equal(path_extension("x/.hidden"), "");
    p = path_dirname("x/y/z.md");
    assert_string_equal(p, "x/y");
    free(p);
}

static void test_strbuf_and_lines(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < 100; i++)
        sb_printf(&sb, "%d,", i);
    assert_true(str_starts_with(sb.data, "0,1,2,"));
    assert_true(str_ends_with(sb.data, "98,99,"));
    sb_free(&sb);
    assert_int_equal(line_of_offset("a\nb\nc", 4), 3);
    char t[] = "  both ends \n";
    assert_string_equal(str_trim(t), "both ends");
}

/* One decoder: strict, U+FFFD one byte at a time for what is not UTF-8. */
static void test_utf8_decode(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(utf8_decode("\xc3\xa9x", 3, &n), 0xE9);
    assert_int_equal(n, 2);
    assert_int_equal(utf8_decode("\xef\xbf\xbd", 3, &n), 0xFFFD);
    assert_int_equal(n, 3);
    assert_int_equal(utf8_decode("\xc0\xaf", 2, &n), UTF8_BAD);      /* overlong */
    assert_int_equal(n, 1);
    assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &n), UTF8_BAD);  /* surrogate */
    assert_int_equal(n, 1);
    assert_int_equal(utf8_decode("\xe2\x80", 2, &n), UTF8_BAD);      /* cut short */
    assert_int_equal(n, 1);
}

/* One JSON escaper, with or without the HTML-safe escapes. */
static void test_json_escaper(void **state)
{
    (void)state;
    const char *in = "q\" b\\ t\t bell\x07 <a&b> bad\xff ok\xc3\xa9";
    StrBuf sb;
    sb_init(&sb);
    sb_append_json_as(&sb, in, JSON_PLAIN);
    assert_string_equal(sb.data, "\"q\\\" b\\\\ t\\t bell\\u0007 <a&b> bad\\ufffd ok\xc3\xa9\"");
    sb_clear(&sb);
    sb_append_json(&sb, in);
    assert_string_equal(sb.data, "\"q\\\" b\\\\ t\\t bell\\u0007 \\u003ca\\u0026b\\u003e bad\\ufffd ok\xc3\xa9\"");
    sb_free(&sb);
}

/* One grow helper: doubling, room for what is asked, contents kept. */
static void test_grow(void **state)
{
    (void)state;
    int *items = NULL;
    size_t count = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        GROW(items, count, cap);
        items[count++] = i;
    }
    assert_true(cap >= 1000 && cap < 2000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);
    GROW_TO(items, 5000, cap);
    assert_true(cap >= 5000);
    assert_int_equal(items[999], 999);
    free(items);
    assert_int_equal(grow_capacity(0, 1, 8), 16);
    assert_int_equal(grow_capacity(16, 17, 8), 32);
    assert_int_equal(grow_capacity(16, 100, 8), 128);
}

/* The one hash table, with string keys and with pointer keys. */
static void test_hashmap(void **state)
{
    (void)state;
    HashMap names;
    hashmap_init(&names, HASH_STRING_KEYS, 0);
    assert_null(hashmap_find(&names, "a"));
    char keys[500][8];
    for (int i = 0; i < 500; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        assert_ptr_equal(hashmap_put(&names, keys[i], keys[i])->value, keys[i]);
    }
    char again[] = "k42";
    assert_ptr_equal(hashmap_put(&names, again, NULL)->key, keys[42]);   /* already there */
    assert_int_equal(names.count, 500);
    assert_ptr_equal(hashmap_find(&names, again)->value, keys[42]);
    assert_null(hashmap_find(&names, "k500"));
    hashmap_free(&names);

    HashMap nodes;
    hashmap_init(&nodes, HASH_POINTER_KEYS, 4);
    int items[100];
    for (int i = 0; i < 100; i++)
        hashmap_put(&nodes, &items[i], &items[99 - i]);
    for (int i = 0; i < 100; i++)
        assert_ptr_equal(hashmap_find(&nodes, &items[i])->value, &items[99 - i]);
    assert_int_equal(nodes.count, 100);
    hashmap_free(&nodes);
}

/* A folder or page name that cannot be a web address gets an example
 * that can, when one follows from it; a name that is only too long gets
 * none, since cutting it short is a person's choice. */
static void test_slug_suggestions(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"My Plan", "my-plan"}, {"Station_Park 2027", "station-park-2027"}, {"--bus--", "bus"},
        {"Bus.Routes", "bus-routes"}, {"ok-name", NULL}, {"???", NULL},
        /* Accents fold to their letters, apostrophes go, other scripts break words. */
        {"Caf\u00e9 Plans", "cafe-plans"}, {"T\u0177 Newydd", "ty-newydd"}, {"Stra\u00dfe", "strasse"},
        {"Children's Centre", "childrens-centre"}, {"Zo\u00eb\u2019s \u0152uvre", "zoes-oeuvre"},
        {"Bus \u0628\u0633 12", "bus-12"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = slug_suggest(cases[i][0]);
        if (cases[i][1] ? !got || strcmp(got, cases[i][1]) : got != NULL)
            fail_msg("slug_suggest(\"%s\") gave %s, expected %s", cases[i][0], got ? got : "NULL",
                     cases[i][1] ? cases[i][1] : "NULL");
        free(got);
    }
    char long_name[160];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_null(slug_suggest(long_name));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_valid_text),
        cmocka_unit_test(test_utf8_rejects_bad_bytes_with_offset),
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_json_escaper),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_hashmap),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_slug_suggestions),
        cmocka_unit_test(test_strbuf_and_lines),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
