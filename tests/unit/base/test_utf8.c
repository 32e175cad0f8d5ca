/*
 * test_utf8.c - unit tests for src/base/utf8.c: strict RFC 3629 validation
 * (overlong forms, surrogates, code points above U+10FFFF, truncated and
 * stray bytes), the offset of the first bad sequence, decoding with
 * resynchronisation, encoding, and code point counts.
 *
 * Does not test classification or normalisation (utf8proc's job).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

#define VALID(lit) check_valid((lit), sizeof(lit) - 1)
#define INVALID(lit, at) check_invalid((lit), sizeof(lit) - 1, (at))

static void
check_valid(const char *s, size_t n)
{
	size_t bad = 777;

	assert_true(utf8_valid(s, n, &bad));
	assert_int_equal(bad, 777);	/* untouched */
	assert_true(utf8_valid(s, n, NULL));
}

static void
check_invalid(const char *s, size_t n, size_t at)
{
	size_t bad = 777;

	assert_false(utf8_valid(s, n, &bad));
	assert_int_equal(bad, at);
	assert_false(utf8_valid(s, n, NULL));
}

static void
test_valid(void **state)
{
	(void)state;
	VALID("");
	VALID("plain ASCII \x01\x7F");
	VALID("\0");				/* NUL is valid UTF-8 */
	VALID("\xC2\x80");			/* U+0080, smallest 2-byte */
	VALID("\xDF\xBF");			/* U+07FF */
	VALID("\xE0\xA0\x80");			/* U+0800, smallest 3-byte */
	VALID("\xED\x9F\xBF");			/* U+D7FF, below surrogates */
	VALID("\xEE\x80\x80");			/* U+E000, above surrogates */
	VALID("\xEF\xBF\xBD");			/* U+FFFD */
	VALID("\xEF\xBF\xBF");			/* U+FFFF (a noncharacter) */
	VALID("\xF0\x90\x80\x80");		/* U+10000 */
	VALID("\xF4\x8F\xBF\xBF");		/* U+10FFFF */
	VALID("\xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2");
	VALID("\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9");
	VALID("\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
}

static void
test_invalid(void **state)
{
	(void)state;
	/* stray continuation bytes and impossible lead bytes */
	INVALID("\x80", 0);
	INVALID("ab\xBF", 2);
	INVALID("\xFE", 0);
	INVALID("\xFF", 0);
	INVALID("\xF8\x88\x80\x80\x80", 0);	/* old 5-byte form */
	/* overlong forms */
	INVALID("\xC0\x80", 0);
	INVALID("\xC1\xBF", 0);
	INVALID("x\xE0\x80\x80", 1);
	INVALID("\xE0\x9F\xBF", 0);		/* U+07FF in 3 bytes */
	INVALID("\xF0\x80\x80\x80", 0);
	INVALID("\xF0\x8F\xBF\xBF", 0);		/* U+FFFF in 4 bytes */
	/* surrogates */
	INVALID("\xED\xA0\x80", 0);		/* U+D800 */
	INVALID("\xED\xBF\xBF", 0);		/* U+DFFF */
	INVALID("\xED\xA0\xBD\xED\xB8\x80", 0);	/* CESU-8 pair */
	/* above U+10FFFF */
	INVALID("\xF4\x90\x80\x80", 0);
	INVALID("\xF5\x80\x80\x80", 0);
	INVALID("\xF7\xBF\xBF\xBF", 0);
	/* truncated at the end and interrupted in the middle */
	INVALID("abc\xC3", 3);
	INVALID("\xE2\x82", 0);
	INVALID("\xF0\x9F\x98", 0);
	INVALID("\xE2\x82" "a", 0);
	INVALID("\xC3" "A", 0);
	INVALID("ok \xC3\xA9 \xF0\x9F\x98 x", 6);
	/* the first of several problems is reported */
	INVALID("\xC3\xA9\xC3\xA9\x80\xFF", 4);
}

static void
test_slice_bound(void **state)
{
	const char s[] = "\xC3\xA9";
	size_t bad = 0;

	(void)state;
	/* a sequence cut by n is invalid even if the bytes follow */
	assert_false(utf8_valid(s, 1, &bad));
	assert_int_equal(bad, 0);
	assert_true(utf8_valid(s, 2, &bad));
	assert_true(utf8_valid(s, 0, NULL));
}

static void
test_next(void **state)
{
	const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x80z";
	size_t n = sizeof s - 1, i = 0;

	(void)state;
	assert_int_equal(utf8_next(s, n, &i), 'a');
	assert_int_equal(i, 1);
	assert_int_equal(utf8_next(s, n, &i), 0xE9);
	assert_int_equal(i, 3);
	assert_int_equal(utf8_next(s, n, &i), 0x20AC);
	assert_int_equal(i, 6);
	assert_int_equal(utf8_next(s, n, &i), 0x1F600);
	assert_int_equal(i, 10);
	/* an invalid byte advances by exactly one */
	assert_int_equal(utf8_next(s, n, &i), UTF8_INVALID);
	assert_int_equal(i, 11);
	assert_int_equal(utf8_next(s, n, &i), 'z');
	assert_int_equal(i, n);
}

static void
test_next_resync(void **state)
{
	/* a truncated 3-byte form followed by ASCII: the ASCII survives */
	const char s[] = "\xE2\x82" "A";
	size_t i = 0;

	(void)state;
	assert_int_equal(utf8_next(s, 3, &i), UTF8_INVALID);
	assert_int_equal(i, 1);
	assert_int_equal(utf8_next(s, 3, &i), UTF8_INVALID);
	assert_int_equal(i, 2);
	assert_int_equal(utf8_next(s, 3, &i), 'A');
	assert_int_equal(i, 3);

	/* a sequence cut short by n is not read past n */
	i = 0;
	assert_int_equal(utf8_next("\xC3\xA9", 1, &i), UTF8_INVALID);
	assert_int_equal(i, 1);
	/* NUL decodes as U+0000 */
	i = 0;
	assert_int_equal(utf8_next("\0", 1, &i), 0);
	assert_int_equal(i, 1);
}

static void
test_encode(void **state)
{
	static const struct {
		uint32_t cp;
		const char *want;
		size_t n;
	} cases[] = {
		{ 0, "\0", 1 },
		{ 0x41, "A", 1 },
		{ 0x7F, "\x7F", 1 },
		{ 0x80, "\xC2\x80", 2 },
		{ 0x7FF, "\xDF\xBF", 2 },
		{ 0x800, "\xE0\xA0\x80", 3 },
		{ 0xD7FF, "\xED\x9F\xBF", 3 },
		{ 0xE000, "\xEE\x80\x80", 3 },
		{ 0xFFFF, "\xEF\xBF\xBF", 3 },
		{ 0x10000, "\xF0\x90\x80\x80", 4 },
		{ 0x1F600, "\xF0\x9F\x98\x80", 4 },
		{ 0x10FFFF, "\xF4\x8F\xBF\xBF", 4 },
	};
	char out[4];

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		memset(out, 0x55, sizeof out);
		assert_int_equal(utf8_encode(cases[k].cp, out), cases[k].n);
		assert_memory_equal(out, cases[k].want, cases[k].n);
	}
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDBFF, out), 0);
	assert_int_equal(utf8_encode(0xDC00, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(0x7FFFFFFF, out), 0);
	assert_int_equal(utf8_encode(UTF8_INVALID, out), 0);
}

/* every scalar value encodes, validates and decodes back to itself */
static void
test_round_trip_all(void **state)
{
	char out[4];

	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		size_t n = utf8_encode(cp, out), i = 0;

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 :
		    cp < 0x10000 ? 3 : 4);
		if (!utf8_valid(out, n, NULL))
			fail_msg("U+%04X does not validate", (unsigned)cp);
		if (utf8_next(out, n, &i) != cp || i != n)
			fail_msg("U+%04X does not decode", (unsigned)cp);
		assert_int_equal(utf8_length(out, n), 1);
	}
}

/* every 2-byte sequence: valid exactly when it is a well-formed one */
static void
test_all_two_byte(void **state)
{
	(void)state;
	for (unsigned a = 0x80; a <= 0xFF; a++)
		for (unsigned b = 0; b <= 0xFF; b++) {
			char s[2] = { (char)a, (char)b };
			bool want = a >= 0xC2 && a <= 0xDF && b >= 0x80 &&
			    b <= 0xBF;

			if (utf8_valid(s, 2, NULL) != want)
				fail_msg("%02X %02X", a, b);
		}
}

static void
test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("\xD0\x9C\xD0\x98\xD0\x94", 6), 3);
	assert_int_equal(utf8_length("\xF0\x9F\x98\x80!", 5), 2);
	/* invalid bytes count one each */
	assert_int_equal(utf8_length("\xFF\xFE", 2), 2);
	assert_int_equal(utf8_length("a\xE2\x82", 3), 3);
	assert_int_equal(utf8_length("\xC3\xA9\x80", 3), 2);
	/* only the first n bytes count */
	assert_int_equal(utf8_length("\xC3\xA9\xC3\xA9", 2), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_slice_bound),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_next_resync),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_all_two_byte),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
