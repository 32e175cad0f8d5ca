/*
 * test_locale.c - unit tests for src/core/locale.c: BCP 47 (RFC 5646) tag
 * recognition and case normalisation (language, extlang, script, region,
 * variants, extensions, private use), the tags that must be refused, the
 * length limit, primary-language helpers and text direction.
 *
 * Does not test matching against Accept-Language (src/http) and does not
 * consult the IANA registry (locale.c does not either).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/locale.h"
#include "pressroom/banned.h"

static void
check_ok(const char *in, const char *want)
{
	struct locale l;
	enum err e;

	memset(&l, 'Z', sizeof l);
	e = locale_parse(str_from(in), &l);
	if (e != ERR_OK)
		fail_msg("\"%s\" refused: %s", in, err_str(e));
	if (strcmp(l.tag, want) != 0)
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", in, l.tag, want);
}

static void
check_bad_n(const char *in, size_t n, enum err want)
{
	struct locale l;
	enum err e;

	memcpy(l.tag, "untouched", 10);
	e = locale_parse(str_make(in, n), &l);
	if (e != want)
		fail_msg("\"%.*s\": %s, want %s", (int)n, in, err_str(e),
		    err_str(want));
	assert_string_equal(l.tag, "untouched");
}

static void
check_bad(const char *in)
{
	check_bad_n(in, strlen(in), ERR_INVAL);
}

static void
test_normalise(void **state)
{
	(void)state;
	check_ok("en", "en");
	check_ok("EN", "en");
	check_ok("en-gb", "en-GB");
	check_ok("en-GB", "en-GB");
	check_ok("EN_us", "en-US");
	check_ok("en_US", "en-US");
	check_ok("zh-hant-tw", "zh-Hant-TW");
	check_ok("ZH-HANT-TW", "zh-Hant-TW");
	check_ok("sr-Latn-RS", "sr-Latn-RS");
	check_ok("sr-latn-rs", "sr-Latn-RS");
	check_ok("sr-LATN-rs", "sr-Latn-RS");
	check_ok("de-CH-1996", "de-CH-1996");
	check_ok("de-ch-1996", "de-CH-1996");
	check_ok("es-419", "es-419");
	check_ok("ru-RU", "ru-RU");
	check_ok("ar-EG", "ar-EG");
	check_ok("az-Arab", "az-Arab");
	check_ok("uz-cyrl-uz", "uz-Cyrl-UZ");
}

static void
test_extlang_variants(void **state)
{
	(void)state;
	check_ok("zh-yue", "zh-yue");
	check_ok("zh-yue-HK", "zh-yue-HK");
	check_ok("zh-CMN-hans-cn", "zh-cmn-Hans-CN");
	check_ok("ar-aao-abc-abd", "ar-aao-abc-abd");	/* three extlangs */
	check_ok("sl-rozaj", "sl-rozaj");
	check_ok("sl-rozaj-biske", "sl-rozaj-biske");
	check_ok("sl-IT-nedis", "sl-IT-nedis");
	check_ok("hy-Latn-IT-arevela", "hy-Latn-IT-arevela");
	check_ok("de-DE-1901-ROZAJ", "de-DE-1901-rozaj");
	check_ok("en-1234", "en-1234");		/* digit + 3 alnum variant */
	check_ok("en-abcdefgh", "en-abcdefgh");	/* 8-char variant */
	/* 4-letter (reserved) and 5-8 letter (registered) languages */
	check_ok("abcd", "abcd");
	check_ok("Abcdefgh", "abcdefgh");
	check_ok("qaa-Qaaa-QM", "qaa-Qaaa-QM");
}

static void
test_extensions_private(void **state)
{
	(void)state;
	check_ok("x-private", "x-private");
	check_ok("X-Private", "x-private");
	check_ok("x-a", "x-a");
	check_ok("x-a-b-c", "x-a-b-c");
	check_ok("en-a-bbb-x-ccc", "en-a-bbb-x-ccc");
	check_ok("EN-A-BBB-X-CCC", "en-a-bbb-x-ccc");
	check_ok("de-DE-u-co-phonebk", "de-DE-u-co-phonebk");
	check_ok("en-US-u-islamcal", "en-US-u-islamcal");
	check_ok("en-a-myext-b-another", "en-a-myext-b-another");
	check_ok("en-1-abc", "en-1-abc");	/* a digit singleton */
	check_ok("en-GB-x-gb", "en-GB-x-gb");	/* private use may repeat */
	check_ok("en-x-a-a", "en-x-a-a");
	check_ok("en-x-Latn", "en-x-latn");	/* private use is lower case */
	check_ok("sr-Latn-RS-rozaj-u-nu-latn-x-my1",
	    "sr-Latn-RS-rozaj-u-nu-latn-x-my1");
	check_ok("en-u-ab-cd-ef-gh", "en-u-ab-cd-ef-gh");
}

static void
test_rejected(void **state)
{
	(void)state;
	check_bad("");
	check_bad("e");
	check_bad("en-");
	check_bad("-en");
	check_bad("en--gb");
	check_bad("en-gb-");
	check_bad("_");
	check_bad("-");
	check_bad("123");
	check_bad("e1");
	check_bad("1en");
	check_bad("en GB");
	check_bad("en.GB");
	check_bad(" en");
	check_bad("en-GB-GB");		/* a second region */
	check_bad("en-US-Latn");	/* script after region */
	check_bad("en-Latn-Cyrl");	/* two scripts */
	check_bad("en-12");		/* a two-digit region */
	check_bad("en-1");		/* singleton without subtags */
	check_bad("en-toolongsub");	/* subtag of 9+ characters */
	check_bad("toolonglang");
	check_bad("en-abc-def-ghi-jkl");	/* four extlangs */
	check_bad("abcd-abc");		/* extlang after a 4-letter language */
	check_bad("de-1996-1996");	/* duplicate variant */
	check_bad("sl-rozaj-ROZAJ");	/* duplicate, another case */
	check_bad("sl-rozaj-biske-rozaj");
	check_bad("en-a-bbb-a-ccc");	/* duplicate singleton */
	check_bad("en-a-bbb-A-ccc");
	check_bad("en-a");
	check_bad("en-a-x-foo");	/* extension without subtag */
	check_bad("en-a-b-bbb");
	check_bad("en-x");		/* private use without subtag */
	check_bad("x");
	check_bad("x-");
	check_bad("x-toolongsub");
	check_bad("i-klingon");		/* irregular grandfathered */
	check_bad("a-bcd");
	check_bad("en-GB-x");
	check_bad("ru-\xD0\xA0\xD0\xA3");
	check_bad("en-G\xC3\xA9");
	/* variant before script or region */
	check_bad("de-1996-CH");
	check_bad("sl-rozaj-Latn");
	/* extension subtag of 1 character after another extension subtag */
	check_bad("en-u-co-x");
	/* a NUL inside the slice */
	check_bad_n("en\0GB", 5, ERR_INVAL);
	check_bad_n("en-\0", 4, ERR_INVAL);
}

static void
test_length_limit(void **state)
{
	char tag[64];
	struct locale l;

	(void)state;
	/* 47 bytes fit (LOCALE_TAG_MAX - 1) */
	memcpy(tag, "en-x-", 5);
	memset(tag + 5, 'a', 42);
	for (size_t i = 5 + 8; i < 47; i += 9)
		tag[i] = '-';
	tag[47] = '\0';
	assert_int_equal(strlen(tag), LOCALE_TAG_MAX - 1);
	assert_int_equal(locale_parse(str_from(tag), &l), ERR_OK);
	assert_string_equal(l.tag, tag);
	assert_int_equal(strlen(l.tag), 47);
	/* 48 are refused as too long, not as malformed */
	tag[47] = 'b';
	tag[48] = '\0';
	check_bad_n(tag, 48, ERR_LIMIT);
	memset(tag, 'a', 63);
	check_bad_n(tag, 63, ERR_LIMIT);
	/* the most subtags that fit: "x" and 23 one-letter ones */
	{
		char many[48];
		size_t o = 0;

		many[o++] = 'x';
		for (int i = 0; i < 23; i++) {
			many[o++] = '-';
			many[o++] = (char)('a' + i);
		}
		many[o] = '\0';
		assert_int_equal(o, 47);
		assert_int_equal(locale_parse(str_from(many), &l), ERR_OK);
		assert_string_equal(l.tag, many);
	}
}

static void
test_only_slice_read(void **state)
{
	struct locale l;

	(void)state;
	/* bytes after the slice do not count */
	assert_int_equal(locale_parse(str_make("en-gbXXXX", 5), &l), ERR_OK);
	assert_string_equal(l.tag, "en-GB");
	assert_int_equal(locale_parse(str_make("en-gb", 3), &l), ERR_INVAL);
}

static struct locale
loc(const char *s)
{
	struct locale l;

	if (locale_parse(str_from(s), &l) != ERR_OK)
		fail_msg("\"%s\" refused", s);
	return l;
}

static void
test_language(void **state)
{
	char lang[LOCALE_LANG_MAX];
	struct locale a, b;

	(void)state;
	a = loc("en-GB");
	locale_language(&a, lang);
	assert_string_equal(lang, "en");
	a = loc("zh-yue-Hant-HK");
	locale_language(&a, lang);
	assert_string_equal(lang, "zh");
	a = loc("ckb-IQ");
	locale_language(&a, lang);
	assert_string_equal(lang, "ckb");
	a = loc("abcdefgh-US");
	locale_language(&a, lang);
	assert_string_equal(lang, "abcdefgh");
	a = loc("x-private");
	locale_language(&a, lang);
	assert_string_equal(lang, "x");

	a = loc("en-GB");
	b = loc("en_us");
	assert_true(locale_same_language(&a, &b));
	assert_false(locale_eq(&a, &b));
	b = loc("EN-gb");
	assert_true(locale_eq(&a, &b));
	b = loc("eng");
	assert_false(locale_same_language(&a, &b));
	b = loc("en");
	assert_true(locale_same_language(&a, &b));
	assert_false(locale_eq(&a, &b));
	a = loc("zh-Hant");
	b = loc("zh-Hans");
	assert_true(locale_same_language(&a, &b));
	a = loc("sr");
	b = loc("sr-Latn");
	assert_true(locale_same_language(&a, &b));
}

static void
check_dir(const char *tag, bool rtl)
{
	struct locale l = loc(tag);

	if (locale_is_rtl(&l) != rtl)
		fail_msg("%s should be %s", tag, rtl ? "rtl" : "ltr");
	assert_string_equal(locale_dir(&l), rtl ? "rtl" : "ltr");
}

static void
test_direction(void **state)
{
	(void)state;
	check_dir("ar", true);
	check_dir("fa", true);
	check_dir("he", true);
	check_dir("iw", true);
	check_dir("ur", true);
	check_dir("yi", true);
	check_dir("ps", true);
	check_dir("dv", true);
	check_dir("ckb", true);
	check_dir("ckb-IQ", true);
	check_dir("ar-EG", true);
	check_dir("AR-eg", true);
	check_dir("fa-IR", true);
	check_dir("he-IL", true);
	check_dir("ar-001", true);
	check_dir("ar-u-nu-latn", true);	/* numbering, not script */
	check_dir("ar-x-latn", true);		/* private use: no script */
	check_dir("az-Arab", true);
	check_dir("az-Arab-IR", true);
	check_dir("ku-Arab", true);
	check_dir("pa-Arab", true);
	check_dir("ms-Arab", true);
	check_dir("uz-Arab-AF", true);
	check_dir("en-Hebr", true);		/* the script decides */
	check_dir("syr", true);
	check_dir("arc-Syrc", true);
	check_dir("ff-Adlm", true);

	check_dir("en", false);
	check_dir("en-GB", false);
	check_dir("ru-RU", false);
	check_dir("az-Latn", false);
	check_dir("az", false);
	check_dir("uz-Cyrl", false);
	check_dir("ku", false);
	check_dir("pa", false);
	check_dir("sd-Deva", false);		/* RTL language, LTR script */
	check_dir("ar-Latn", false);
	check_dir("ur-Latn-PK", false);
	check_dir("zh-Hant-TW", false);
	check_dir("en-x-arab", false);
	check_dir("en-u-arab", false);
	check_dir("x-ar", false);
	/* a language that only starts like an RTL one */
	check_dir("are", false);
	check_dir("hea", false);
	check_dir("fab", false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_extlang_variants),
		cmocka_unit_test(test_extensions_private),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_only_slice_read),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_direction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
