/*
 * test_str.c - unit tests for src/base/str.c: construction, comparison,
 * trimming, splitting into fields and lines, and str_to_i64's syntax and
 * range checks at the int64_t limits.
 *
 * Does not test Unicode-aware operations (utf8.h) or buffers (buf.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/str.h"
#include "pressroom/banned.h"

static void
test_make(void **state)
{
	struct str s;

	(void)state;
	s = str_from("abc");
	assert_int_equal(s.len, 3);
	assert_memory_equal(s.p, "abc", 3);
	s = str_from(NULL);
	assert_non_null(s.p);
	assert_int_equal(s.len, 0);
	s = str_from("");
	assert_int_equal(s.len, 0);
	s = str_make("abcdef", 2);
	assert_true(str_eq_cstr(s, "ab"));
	s = STR_LIT("a\0b");
	assert_int_equal(s.len, 3);
}

static void
test_eq(void **state)
{
	(void)state;
	assert_true(str_eq(STR_LIT("abc"), str_from("abc")));
	assert_false(str_eq(STR_LIT("abc"), STR_LIT("abd")));
	assert_false(str_eq(STR_LIT("abc"), STR_LIT("ab")));
	assert_false(str_eq(STR_LIT("ab"), STR_LIT("abc")));
	assert_true(str_eq(STR_LIT(""), str_make(NULL, 0)));
	assert_true(str_eq(str_make(NULL, 0), str_make(NULL, 0)));
	assert_true(str_eq(STR_LIT("a\0b"), STR_LIT("a\0b")));
	assert_false(str_eq(STR_LIT("a\0b"), STR_LIT("a\0c")));

	assert_true(str_eq_cstr(STR_LIT("x"), "x"));
	assert_false(str_eq_cstr(STR_LIT("x"), "X"));
	assert_true(str_eq_cstr(STR_LIT(""), ""));
	/* a slice with a NUL is not equal to the C string cut there */
	assert_false(str_eq_cstr(STR_LIT("a\0b"), "a"));
	/* only the slice's bytes count, not what follows them */
	assert_true(str_eq_cstr(str_make("abc", 2), "ab"));

	assert_true(str_caseeq_cstr(STR_LIT("Content-TYPE"), "content-type"));
	assert_true(str_caseeq_cstr(STR_LIT(""), ""));
	assert_false(str_caseeq_cstr(STR_LIT("abc"), "abcd"));
	assert_false(str_caseeq_cstr(STR_LIT("abcd"), "abc"));
	assert_false(str_caseeq_cstr(STR_LIT("a-b"), "a_b"));
	/* ASCII only: '@' and '`' are not letters (0x40/0x60 vs 0x60/0x40) */
	assert_false(str_caseeq_cstr(STR_LIT("@"), "`"));
	assert_false(str_caseeq_cstr(STR_LIT("["), "{"));
	/* bytes above 0x7F are compared as they are */
	assert_false(str_caseeq_cstr(STR_LIT("\xC3\xA9"), "\xC3\x89"));
	assert_true(str_caseeq_cstr(STR_LIT("\xC3\xA9"), "\xC3\xA9"));
}

static void
test_prefix_suffix(void **state)
{
	struct str s = STR_LIT("/articles/slug");

	(void)state;
	assert_true(str_starts_with(s, "/articles/"));
	assert_true(str_starts_with(s, ""));
	assert_true(str_starts_with(s, "/articles/slug"));
	assert_false(str_starts_with(s, "/articles/slugs"));
	assert_false(str_starts_with(s, "articles"));
	assert_true(str_ends_with(s, "slug"));
	assert_true(str_ends_with(s, ""));
	assert_true(str_ends_with(s, "/articles/slug"));
	assert_false(str_ends_with(s, "x/articles/slug"));
	assert_false(str_ends_with(s, "slu"));
	assert_true(str_starts_with(str_make(NULL, 0), ""));
	assert_false(str_starts_with(str_make(NULL, 0), "a"));
	assert_false(str_ends_with(str_make(NULL, 0), "a"));
	/* the slice ends before the C string's NUL */
	assert_true(str_ends_with(str_make("abcdef", 3), "bc"));
	assert_false(str_ends_with(str_make("abcdef", 3), "ef"));
}

static void
test_find_char(void **state)
{
	(void)state;
	assert_int_equal(str_find_char(STR_LIT("a=b=c"), '='), 1);
	assert_int_equal(str_find_char(STR_LIT("abc"), '='), 3);
	assert_int_equal(str_find_char(STR_LIT(""), '='), 0);
	assert_int_equal(str_find_char(str_make(NULL, 0), '='), 0);
	assert_int_equal(str_find_char(STR_LIT("=x"), '='), 0);
	assert_int_equal(str_find_char(STR_LIT("a\0b"), '\0'), 1);
	/* bytes beyond len are not looked at */
	assert_int_equal(str_find_char(str_make("ab=", 2), '='), 2);
	/* a byte above 0x7F */
	assert_int_equal(str_find_char(STR_LIT("ab\xFF"), '\xFF'), 2);
}

static void
test_trim(void **state)
{
	struct str s;

	(void)state;
	s = str_trim(STR_LIT(" \t\r\n\f\vx y\v\f\n\r\t "));
	assert_true(str_eq_cstr(s, "x y"));
	s = str_trim(STR_LIT("   "));
	assert_int_equal(s.len, 0);
	s = str_trim(STR_LIT(""));
	assert_int_equal(s.len, 0);
	s = str_trim(STR_LIT("abc"));
	assert_true(str_eq_cstr(s, "abc"));
	/* NUL and non-breaking space are not ASCII whitespace */
	s = str_trim(STR_LIT("\0a\0"));
	assert_int_equal(s.len, 3);
	s = str_trim(STR_LIT("\xC2\xA0x\xC2\xA0"));
	assert_int_equal(s.len, 5);
}

static void
test_take_until(void **state)
{
	struct str s = STR_LIT("a,bb,,c"), f;

	(void)state;
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, "a"));
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, "bb"));
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, ""));
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, "c"));
	assert_int_equal(s.len, 0);
	assert_false(str_take_until(&s, ',', &f));

	/* no separator: all of it */
	s = STR_LIT("whole");
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, "whole"));
	assert_int_equal(s.len, 0);

	/* a separator at the very start and the very end */
	s = STR_LIT(",x,");
	assert_true(str_take_until(&s, ',', &f));
	assert_int_equal(f.len, 0);
	assert_true(str_take_until(&s, ',', &f));
	assert_true(str_eq_cstr(f, "x"));
	assert_false(str_take_until(&s, ',', &f));

	s = str_make(NULL, 0);
	assert_false(str_take_until(&s, ',', &f));
}

static void
test_take_line(void **state)
{
	struct str s = STR_LIT("one\r\ntwo\n\nthree\rx\nlast"), l;

	(void)state;
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, "one"));
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, "two"));
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, ""));
	/* a lone CR inside a line stays */
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, "three\rx"));
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, "last"));
	assert_false(str_take_line(&s, &l));

	s = STR_LIT("\r\n");
	assert_true(str_take_line(&s, &l));
	assert_int_equal(l.len, 0);
	assert_false(str_take_line(&s, &l));

	/* a final CR without LF is cut too (it ends the last line) */
	s = STR_LIT("end\r");
	assert_true(str_take_line(&s, &l));
	assert_true(str_eq_cstr(l, "end"));
	assert_false(str_take_line(&s, &l));
}

static void
check_i64(const char *s, int64_t min, int64_t max, enum err want,
    int64_t wantv)
{
	int64_t v = 12345;

	assert_int_equal(str_to_i64(str_from(s), min, max, &v), want);
	if (want == ERR_OK)
		assert_true(v == wantv);
	else
		assert_true(v == 12345);	/* untouched on failure */
}

static void
test_to_i64(void **state)
{
	(void)state;
	check_i64("0", INT64_MIN, INT64_MAX, ERR_OK, 0);
	check_i64("-0", INT64_MIN, INT64_MAX, ERR_OK, 0);
	check_i64("42", INT64_MIN, INT64_MAX, ERR_OK, 42);
	check_i64("-42", INT64_MIN, INT64_MAX, ERR_OK, -42);
	check_i64("007", INT64_MIN, INT64_MAX, ERR_OK, 7);
	check_i64("9223372036854775807", INT64_MIN, INT64_MAX, ERR_OK,
	    INT64_MAX);
	check_i64("-9223372036854775808", INT64_MIN, INT64_MAX, ERR_OK,
	    INT64_MIN);
	check_i64("9223372036854775808", INT64_MIN, INT64_MAX, ERR_LIMIT, 0);
	check_i64("-9223372036854775809", INT64_MIN, INT64_MAX, ERR_LIMIT, 0);
	check_i64("18446744073709551616", INT64_MIN, INT64_MAX, ERR_LIMIT, 0);
	check_i64("99999999999999999999999", INT64_MIN, INT64_MAX, ERR_LIMIT,
	    0);
	check_i64("00000000000000000000009", INT64_MIN, INT64_MAX, ERR_OK, 9);

	/* syntax */
	check_i64("", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("-", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("+1", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64(" 1", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("1 ", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("1a", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("0x10", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("--1", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("1-", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("1.0", INT64_MIN, INT64_MAX, ERR_INVAL, 0);
	check_i64("\xD9\xA1", INT64_MIN, INT64_MAX, ERR_INVAL, 0); /* ١ */

	/* ranges */
	check_i64("1", 1, 100, ERR_OK, 1);
	check_i64("100", 1, 100, ERR_OK, 100);
	check_i64("0", 1, 100, ERR_LIMIT, 0);
	check_i64("101", 1, 100, ERR_LIMIT, 0);
	check_i64("-1", 0, 100, ERR_LIMIT, 0);
	check_i64("-5", -10, -2, ERR_OK, -5);
	check_i64("-1", -10, -2, ERR_LIMIT, 0);
	check_i64("-11", -10, -2, ERR_LIMIT, 0);
	check_i64("-9223372036854775808", 0, INT64_MAX, ERR_LIMIT, 0);
	check_i64("9223372036854775807", INT64_MIN, 0, ERR_LIMIT, 0);
}

static void
test_to_i64_slice(void **state)
{
	int64_t v = 0;

	(void)state;
	/* only the slice is parsed, not the digits after it */
	assert_int_equal(str_to_i64(str_make("12345", 2), 0, 100, &v),
	    ERR_OK);
	assert_int_equal(v, 12);
	assert_int_equal(str_to_i64(str_make("1\0002", 3), 0, 1000, &v),
	    ERR_INVAL);
	assert_int_equal(str_to_i64(str_make(NULL, 0), 0, 1000, &v),
	    ERR_INVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_eq),
		cmocka_unit_test(test_prefix_suffix),
		cmocka_unit_test(test_find_char),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_take_until),
		cmocka_unit_test(test_take_line),
		cmocka_unit_test(test_to_i64),
		cmocka_unit_test(test_to_i64_slice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
