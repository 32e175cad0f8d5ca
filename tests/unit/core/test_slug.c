/*
 * test_slug.c - unit tests for src/core/slug.c: slug_valid's rules and
 * slug_from_title's folding (case, diacritics, ß and other letters without
 * a decomposition, Cyrillic transliteration, apostrophes, other scripts as
 * separators), the cut at a word boundary within max, and that every output
 * is a valid slug.
 *
 * Does not test uniqueness (the store's job).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/limits.h"
#include "pressroom/slug.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

static struct arena arena;

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 16u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

static void
check_slug_max(const char *title, size_t max, const char *want)
{
	char *out = NULL;
	enum err e = slug_from_title(&arena, title, max, &out);

	if (e != ERR_OK)
		fail_msg("\"%s\" refused: %s", title, err_str(e));
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", title, out, want);
	assert_true(slug_valid(out));
}

static void
check_slug(const char *title, const char *want)
{
	check_slug_max(title, LIMIT_SLUG_BYTES, want);
}

static void
check_no_slug(const char *title)
{
	char *out = (char *)"untouched";

	assert_int_equal(slug_from_title(&arena, title, 0, &out), ERR_INVAL);
	assert_string_equal(out, "untouched");
}

static void
test_valid(void **state)
{
	char s[LIMIT_SLUG_BYTES + 2];

	(void)state;
	assert_true(slug_valid("a"));
	assert_true(slug_valid("0"));
	assert_true(slug_valid("abc-def"));
	assert_true(slug_valid("g20-summit-2024"));
	assert_true(slug_valid("a-b-c"));
	assert_false(slug_valid(""));
	assert_false(slug_valid("-"));
	assert_false(slug_valid("-a"));
	assert_false(slug_valid("a-"));
	assert_false(slug_valid("a--b"));
	assert_false(slug_valid("A"));
	assert_false(slug_valid("abc-Def"));
	assert_false(slug_valid("a_b"));
	assert_false(slug_valid("a b"));
	assert_false(slug_valid("a.b"));
	assert_false(slug_valid("a/b"));
	assert_false(slug_valid("caf\xC3\xA9"));
	assert_false(slug_valid("a\tb"));
	memset(s, 'a', LIMIT_SLUG_BYTES);
	s[LIMIT_SLUG_BYTES] = '\0';
	assert_true(slug_valid(s));
	s[LIMIT_SLUG_BYTES] = 'a';
	s[LIMIT_SLUG_BYTES + 1] = '\0';
	assert_false(slug_valid(s));
}

static void
test_latin(void **state)
{
	(void)state;
	check_slug("Foreign Minister Sergey Lavrov\xE2\x80\x99s statement",
	    "foreign-minister-sergey-lavrovs-statement");
	check_slug("D\xC3\xA9" "claration \xC3\xA0 la presse",
	    "declaration-a-la-presse");
	check_slug("Stra\xC3\x9F" "e", "strasse");
	check_slug("STRA\xE1\xBA\x9E" "E", "strasse");	/* capital sharp s */
	check_slug("Hello, world!", "hello-world");
	check_slug("  --Hello--   world--  ", "hello-world");
	check_slug("G20 summit 2024", "g20-summit-2024");
	check_slug("2024", "2024");
	check_slug("a", "a");
	check_slug("Q&A: the press conference", "q-a-the-press-conference");
	check_slug("\xC5\x81\xC3\xB3" "d\xC5\xBA", "lodz");
	check_slug("\xC3\x86r\xC3\xB8", "aero");
	check_slug("\xC5\x92uvre", "oeuvre");
	check_slug("\xC3\x9E\xC3\xB3r", "thor");
	check_slug("\xC4\xB0stanbul", "istanbul");
	check_slug("\xC4\xB1spanak", "ispanak");
	check_slug("Na\xC3\xAFve co\xC3\xB6perate", "naive-cooperate");
	check_slug("S\xC3\xA3o Paulo", "sao-paulo");
	check_slug("\xEF\xAC\x81nance", "finance");	/* ligature fi */
	/* fullwidth letters */
	check_slug("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc");
}

static void
test_apostrophes(void **state)
{
	(void)state;
	check_slug("Lavrov's", "lavrovs");
	check_slug("Lavrov\xE2\x80\x98s", "lavrovs");
	check_slug("Lavrov`s", "lavrovs");
	check_slug("Lavrov\xC2\xB4s", "lavrovs");
	check_slug("Lavrov\xCA\xBCs", "lavrovs");
	check_slug("L\xE2\x80\x99Or\xC3\xA9" "al", "loreal");
	/* quotes that are not apostrophes separate */
	check_slug("\"Lavrov\" said", "lavrov-said");
	check_slug("\xC2\xABLavrov\xC2\xBB said", "lavrov-said");
}

static void
test_cyrillic(void **state)
{
	(void)state;
	check_slug("\xD0\x97\xD0\xB0\xD1\x8F\xD0\xB2\xD0\xBB\xD0\xB5\xD0\xBD"
	    "\xD0\xB8\xD0\xB5 \xD0\x9C\xD0\x98\xD0\x94 \xD0\xA0\xD0\xBE\xD1\x81"
	    "\xD1\x81\xD0\xB8\xD0\xB8", "zayavlenie-mid-rossii");
	check_slug("\xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2",
	    "lavrov");
	check_slug("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
	    "moskva");
	check_slug("\xD0\xA9\xD1\x83\xD0\xBA\xD0\xB0", "shchuka");
	check_slug("\xD0\x96\xD1\x83\xD0\xBA \xD0\xA6\xD0\xB5\xD1\x85 "
	    "\xD0\xA7\xD0\xB0\xD0\xB9 \xD0\xA5\xD0\xBE\xD1\x80 "
	    "\xD0\xAE\xD0\xB3", "zhuk-tsekh-chay-khor-yug");
	check_slug("\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0", "elka");
	check_slug("\xD0\xAD\xD1\x82\xD0\xBE \xD1\x8B", "eto-y");
	/* Ukrainian and Belarusian letters */
	check_slug("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2", "kiyiv");
	check_slug("\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0",
	    "ukrayina");
	check_slug("\xD2\x90\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xBA", "ganok");
	check_slug("\xD0\x84\xD0\xB2\xD1\x80\xD0\xBE\xD0\xBF\xD0\xB0",
	    "yevropa");
	check_slug("\xD0\x91\xD0\xB5\xD0\xBB\xD0\xB0\xD1\x80\xD1\x83\xD1\x81"
	    "\xD1\x8C", "belarus");
	check_slug("\xD0\x9C\xD1\x96\xD0\xBD\xD1\x81\xD0\xBA", "minsk");
	check_slug("\xD1\x9E", "u");
	check_slug("2024 \xD0\xB3\xD0\xBE\xD0\xB4", "2024-god");
}

static void
test_signs_vanish(void **state)
{
	(void)state;
	/* the soft and hard signs have no Latin letter: they vanish inside a
	 * word and must not split it */
	check_slug("\xD0\x9C\xD0\xB0\xD0\xBB\xD1\x8C\xD1\x82\xD0\xB0",
	    "malta");
	check_slug("\xD0\x9E\xD0\xB1\xD1\x8A\xD1\x8F\xD0\xB2\xD0\xBB\xD0\xB5"
	    "\xD0\xBD\xD0\xB8\xD0\xB5", "obyavlenie");
	check_slug("\xD0\xA1\xD0\xB5\xD0\xBB\xD1\x8C\xD1\x81\xD0\xBA\xD0\xBE"
	    "\xD0\xB5 \xD1\x85\xD0\xBE\xD0\xB7\xD1\x8F\xD0\xB9\xD1\x81\xD1\x82"
	    "\xD0\xB2\xD0\xBE", "selskoe-khozyaystvo");
	check_slug("\xD0\x84\xD0\xB4\xD0\xBD\xD1\x96\xD1\x81\xD1\x82\xD1\x8C",
	    "yednist");
	/* a sign alone is no letter */
	check_no_slug("\xD1\x8C");
	check_no_slug("\xD0\xAA\xD0\xAC");
}

static void
test_decomposed_input(void **state)
{
	(void)state;
	/* NFD text (a letter then a combining mark) folds like NFC text */
	check_slug("Re\xCC\x81sume\xCC\x81", "resume");
	check_slug("De\xCC\x81" "claration a\xCC\x80 la presse",
	    "declaration-a-la-presse");
	check_slug("\xD0\x99\xD0\xBE\xD1\x88\xD0\xBA\xD0\xB0\xD1\x80-\xD0\x9E"
	    "\xD0\xBB\xD0\xB0", "yoshkar-ola");
	/* a stray combining mark at the start does not start a word */
	check_slug("\xCC\x81" "abc", "abc");
}

static void
test_other_scripts(void **state)
{
	(void)state;
	/* Arabic */
	check_no_slug("\xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86 \xD9\x88\xD8\xB2"
	    "\xD8\xA7\xD8\xB1\xD8\xA9 \xD8\xA7\xD9\x84\xD8\xAE\xD8\xA7\xD8\xB1"
	    "\xD8\xAC\xD9\x8A\xD8\xA9");
	check_no_slug("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");	/* Hebrew */
	check_no_slug("\xE4\xB8\xAD\xE6\x96\x87");		/* Chinese */
	check_no_slug("");
	check_no_slug("   ");
	check_no_slug("!!! ??? ---");
	check_no_slug("\xE2\x80\x99\xE2\x80\x99'");
	check_no_slug("\xFF\xFE");			/* invalid UTF-8 only */
	/* mixed: the other script separates the Latin and digit parts */
	check_slug("\xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86 2024", "2024");
	check_slug("\xE6\x9D\xB1\xE4\xBA\xAC Tokyo", "tokyo");
	check_slug("Tokyo\xE6\x9D\xB1\xE4\xBA\xAC" "2020", "tokyo-2020");
	check_slug("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 2024 Athens",
	    "2024-athens");
	/* Arabic-Indic digits are not ASCII digits */
	check_no_slug("\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* invalid bytes are dropped without becoming separators */
	check_slug("abc\xFF" "def", "abcdef");
	check_slug("abc \xC3 def", "abc-def");
	check_slug("\x80\x80x", "x");
}

static void
test_cut(void **state)
{
	(void)state;
	/* fits exactly */
	check_slug_max("abcdefg hij", 11, "abcdefg-hij");
	/* a whole word that ends exactly at max is kept */
	check_slug_max("abcdefg hij klm", 11, "abcdefg-hij");
	check_slug_max("abcdefghij klm", 10, "abcdefghij");
	/* a word that does not fit is dropped with its separator */
	check_slug_max("abcdefg hij klm", 10, "abcdefg");
	check_slug_max("abcdefg hijklmnop", 12, "abcdefg");
	check_slug_max("abcdefghi jk", 10, "abcdefghi");
	/* a single word longer than max is cut hard */
	check_slug_max("abcdefghijklmnop qr", 10, "abcdefghij");
	/* when the last boundary is in the first half, cut hard at max */
	check_slug_max("ab cdefghijklmnop", 10, "ab-cdefghi");
	/* punctuation before the cut does not leave a trailing '-' */
	check_slug_max("abcdefghi!!! xyz", 10, "abcdefghi");
	/* transliterations of several letters are cut like others */
	check_slug_max("\xD1\x89\xD1\x89\xD1\x89", 10, "shchshchsh");
	check_slug_max("\xD1\x89\xD1\x89 \xD1\x89", 10, "shchshch");
	check_slug_max("a b c d e f", 1, "a");
	check_slug_max("ab", 1, "a");
}

static void
test_max_clamped(void **state)
{
	char title[1024], full[1024], *out;
	size_t o = 0, cut;

	(void)state;
	/* words "word0 word1 ... " far beyond LIMIT_SLUG_BYTES */
	for (int i = 0; o < 900; i++)
		o += (size_t)snprintf(title + o, sizeof title - o, "word%d ",
		    i);
	/* the whole slug, and where it must be cut: the last '-' that
	 * leaves at most LIMIT_SLUG_BYTES */
	memcpy(full, title, o + 1);
	for (size_t i = 0; i < o; i++)
		if (full[i] == ' ')
			full[i] = '-';
	for (cut = LIMIT_SLUG_BYTES; full[cut] != '-'; cut--)
		;
	full[cut] = '\0';
	for (int k = 0; k < 3; k++) {
		size_t max = k == 0 ? 0 : k == 1 ? 1000 : LIMIT_SLUG_BYTES;

		assert_int_equal(slug_from_title(&arena, title, max, &out),
		    ERR_OK);
		assert_string_equal(out, full);
		assert_true(slug_valid(out));
	}
	assert_true(strlen(full) > LIMIT_SLUG_BYTES - 8);
}

static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* random titles of mixed scripts: every slug is valid and within max */
static void
test_random_titles(void **state)
{
	static const uint32_t pool[] = { 'a', 'Z', '0', '9', ' ', '-', '\'',
		'.', 0xE9, 0xDF, 0x2019, 0x430, 0x44C, 0x44A, 0x449, 0x416,
		0x627, 0x5D0, 0x4E2D, 0x301, 0x3B1, 0xFB01, 0x1F600, 0x0A,
		0x2014, 0x131, 0x130, 0xC6 };
	uint64_t seed = 42;

	(void)state;
	for (int k = 0; k < 5000; k++) {
		char title[400], *out = NULL;
		size_t o = 0, max = (size_t)(next_rand(&seed) % 130);
		int len = (int)(next_rand(&seed) % 80);
		enum err e;

		for (int i = 0; i < len; i++)
			o += utf8_encode(pool[next_rand(&seed) %
			    (sizeof pool / sizeof pool[0])], title + o);
		title[o] = '\0';
		e = slug_from_title(&arena, title, max, &out);
		if (e == ERR_INVAL)
			continue;
		assert_int_equal(e, ERR_OK);
		if (!slug_valid(out))
			fail_msg("\"%s\" -> invalid \"%s\"", title, out);
		if (strlen(out) > (max == 0 || max > LIMIT_SLUG_BYTES ?
		    LIMIT_SLUG_BYTES : max))
			fail_msg("\"%s\" -> \"%s\" longer than %zu", title,
			    out, max);
		if ((k & 255) == 0)
			arena_reset(&arena);
	}
}

static void
test_arena_full(void **state)
{
	struct arena small;
	char *out = NULL;

	(void)state;
	arena_init(&small, 16);
	assert_int_equal(slug_from_title(&small, "hello", 0, &out),
	    ERR_LIMIT);
	assert_null(out);
	arena_release(&small);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_latin),
		cmocka_unit_test(test_apostrophes),
		cmocka_unit_test(test_cyrillic),
		cmocka_unit_test(test_signs_vanish),
		cmocka_unit_test(test_decomposed_input),
		cmocka_unit_test(test_other_scripts),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_max_clamped),
		cmocka_unit_test(test_random_titles),
		cmocka_unit_test(test_arena_full),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
