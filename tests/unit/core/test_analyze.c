/*
 * test_analyze.c - unit tests for src/core/analyze.c: word segmentation
 * and offsets, NFKC and case folding, digits, Latin/Cyrillic look-alikes,
 * Arabic normalisation and clitics (short words kept whole), Snowball
 * stemming per language (that every libstemmer language is reachable by
 * its ISO code), accent folding after stemming, the colocated variants
 * of each mode, the locale marker, the plain text of Markdown, and
 * allocation failure.
 *
 * Does not test FTS5 or queries (tests/unit/search does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libstemmer.h>
#include "pressroom/analyze.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

#define TOKENS_MAX 64

struct toks {
	char t[TOKENS_MAX][ANALYZE_TOKEN_MAX];
	size_t start[TOKENS_MAX], end[TOKENS_MAX];
	bool colocated[TOKENS_MAX];
	size_t n;
};

static struct analyzer *an;

static int
setup(void **state)
{
	(void)state;
	return analyzer_new(&an) == ERR_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	analyzer_free(an);
	return 0;
}

static enum err
collect(void *ctx, const struct analyze_token *t)
{
	struct toks *k = ctx;

	if (k->n == TOKENS_MAX)
		return ERR_LIMIT;
	assert_true(t->len < ANALYZE_TOKEN_MAX);
	memcpy(k->t[k->n], t->p, t->len);
	k->t[k->n][t->len] = '\0';
	k->start[k->n] = t->start;
	k->end[k->n] = t->end;
	k->colocated[k->n] = t->colocated;
	k->n++;
	return ERR_OK;
}

/* The tokens of text in locale tag (NULL: no marker) and mode. */
static void
run(const char *tag, const char *text, enum analyze_mode mode,
    struct toks *k)
{
	struct buf b;
	struct locale l;

	memset(k, 0, sizeof *k);
	buf_init(&b, 1 << 20);
	if (tag != NULL) {
		assert_int_equal(locale_parse(str_from(tag), &l), ERR_OK);
		analyze_marker_add(&b, &l);
	}
	buf_adds(&b, text);
	assert_int_equal(analyze_text(an, b.p, b.len, mode, collect, k),
	    ERR_OK);
	buf_release(&b);
}

/* The primary (non-colocated) tokens, space-separated. */
static const char *
primaries(const char *tag, const char *text, enum analyze_mode mode)
{
	static char out[4096];
	struct toks k;
	size_t len = 0;

	run(tag, text, mode, &k);
	out[0] = '\0';
	for (size_t i = 0; i < k.n; i++) {
		if (k.colocated[i])
			continue;
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
		    len > 0 ? " " : "", k.t[i]);
	}
	return out;
}

/* True if text (one word) gives token tok, primary or colocated. */
static bool
gives(const char *tag, const char *text, enum analyze_mode mode,
    const char *tok)
{
	struct toks k;

	run(tag, text, mode, &k);
	for (size_t i = 0; i < k.n; i++)
		if (strcmp(k.t[i], tok) == 0)
			return true;
	return false;
}

/* Two words stem alike in a language (as a query sees them). */
static void
assert_same(const char *tag, const char *a, const char *b)
{
	char x[4096];

	snprintf(x, sizeof x, "%s", primaries(tag, a, ANALYZE_QUERY));
	if (strcmp(x, primaries(tag, b, ANALYZE_QUERY)) != 0)
		fail_msg("%s: \"%s\" -> %s but \"%s\" -> %s", tag, a, x, b,
		    primaries(tag, b, ANALYZE_QUERY));
}

static void
test_segments_and_offsets(void **state)
{
	struct toks k;
	const char *text = "Hello,  world! G20 ﬁnance";

	(void)state;
	run(NULL, text, ANALYZE_QUERY, &k);
	assert_int_equal(k.n, 4);
	assert_string_equal(k.t[0], "und:hello");
	assert_int_equal(k.start[0], 0);
	assert_int_equal(k.end[0], 5);
	assert_string_equal(k.t[1], "und:world");
	assert_int_equal(k.start[1], 8);
	assert_int_equal(k.end[1], 13);
	assert_string_equal(k.t[2], "und:g20");
	assert_string_equal(k.t[3], "und:finance");	/* NFKC: the ligature */
	/* offsets count the marker's bytes */
	run("en-GB", "Hello", ANALYZE_QUERY, &k);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.start[0], strlen("\x01" "en-GB\x02"));
	/* hyphens and apostrophes separate, soft hyphens do not */
	assert_string_equal(primaries("en", "flood-hit Russia's Ver\xC2\xAD"
	    "trag", ANALYZE_QUERY), "en:flood en:hit en:russia en:s "
	    "en:vertrag");
	/* CJK: one word per ideograph */
	assert_string_equal(primaries("zh", "水和平", ANALYZE_QUERY),
	    "zh:水 zh:和 zh:平");
	/* nothing to find */
	run("en", " ,.;!? -- ", ANALYZE_QUERY, &k);
	assert_int_equal(k.n, 0);
}

static void
test_bad_bytes(void **state)
{
	struct toks k;

	(void)state;
	run(NULL, "ab\xff\xfe" "cd\xc3", ANALYZE_QUERY, &k);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.t[0], "und:ab");
	assert_string_equal(k.t[1], "und:cd");
	/* a word of marks only is no word; tatweel alone neither */
	assert_false(analyze_has_word("\xCC\x81\xCC\x81", 4));
	assert_false(analyze_has_word("ـــ", strlen("ـــ")));
	assert_false(analyze_has_word("\"*()^:", 6));
	assert_true(analyze_has_word("x", 1));
	assert_true(analyze_has_word("٣", strlen("٣")));
}

static void
test_case_and_digits(void **state)
{
	(void)state;
	assert_string_equal(primaries(NULL, "ÉCOLE Straße ＡＢＣ", ANALYZE_QUERY),
	    "und:ecole und:strasse und:abc");
	/* every decimal digit is ASCII */
	assert_string_equal(primaries(NULL, "٢٠٢١ ۲۰۲۱ २०२१ 2021",
	    ANALYZE_QUERY), "und:2021 und:2021 und:2021 und:2021");
}

static void
test_lookalikes(void **state)
{
	(void)state;
	/* a Latin M in a Cyrillic word, a Cyrillic о in a Latin one */
	assert_same("ru", "Mоскве", "Москве");
	assert_same("en", "Nоrland", "Norland");
	assert_same("ru", "MИД", "МИД");
	/* a word of one script is left alone */
	assert_string_equal(primaries("ru", "pop", ANALYZE_QUERY), "ru:pop");
	assert_string_equal(primaries("en", "рор", ANALYZE_QUERY), "en:рор");
}

static void
test_russian(void **state)
{
	(void)state;
	assert_same("ru-RU", "терроризм", "терроризма");
	assert_same("ru-RU", "терроризм", "терроризмом");
	assert_same("ru-RU", "терроризм", "терроризму");
	assert_same("ru-RU", "Терроризм", "ТЕРРОРИЗМОМ");
	assert_same("ru-RU", "переговоры", "переговоров");
	assert_same("ru-RU", "ёлка", "елка");
}

static void
test_english(void **state)
{
	(void)state;
	assert_same("en-GB", "negotiations", "negotiate");
	assert_same("en-GB", "negotiations", "negotiating");
	assert_same("en-US", "treaties", "treaty");
	assert_string_equal(primaries("en-GB", "negotiations",
	    ANALYZE_QUERY), "en:negoti");
}

static void
test_german_french_spanish(void **state)
{
	(void)state;
	assert_same("de-DE", "Vertrag", "Verträge");
	assert_same("de-DE", "Vertrag", "Vertrags");
	assert_same("de-DE", "Außenministerin", "Aussenministerin");
	assert_same("fr-FR", "négociations", "négociation");
	assert_same("fr-FR", "accords", "accord");
	assert_same("es-ES", "negociaciones", "negociación");
	assert_same("es-ES", "acuerdos", "acuerdo");
	/* without accents: the colocated accentless stem meets the query */
	assert_true(gives("es-ES", "negociación", ANALYZE_DOCUMENT,
	    primaries("es-ES", "negociacion", ANALYZE_QUERY)));
	assert_true(gives("fr-FR", "négociation", ANALYZE_DOCUMENT,
	    primaries("fr-FR", "negociation", ANALYZE_QUERY)));
}

static void
test_arabic(void **state)
{
	const char *base;
	char want[ANALYZE_TOKEN_MAX];

	(void)state;
	/* the article, diacritics, tatweel, ta marbuta */
	assert_same("ar", "المعاهدة", "معاهدة");
	assert_same("ar", "المُعَاهَدَةُ", "معاهدة");
	assert_same("ar", "معـــاهدة", "معاهدة");
	assert_same("ar", "معاهده", "معاهدة");
	/* the article with a clitic */
	assert_same("ar", "والمعاهدة", "معاهدة");
	assert_same("ar", "بالمعاهدة", "معاهدة");
	assert_same("ar", "للمعاهدة", "معاهدة");
	/* alef forms, alef maqsura */
	assert_same("ar", "أمن", "امن");
	assert_same("ar", "إعلان", "اعلان");
	assert_same("ar", "آخر", "اخر");
	assert_same("ar", "على", "علي");
	/* short words that start like a clitic are not cut */
	snprintf(want, sizeof want, "%s", primaries("ar", "وزير",
	    ANALYZE_QUERY));
	assert_true(strcmp(want, "ar:زير") != 0);
	assert_true(strncmp(want, "ar:و", strlen("ar:و")) == 0);
	base = primaries("ar", "بيان", ANALYZE_QUERY);
	assert_true(strncmp(base, "ar:ب", strlen("ar:ب")) == 0);
	base = primaries("ar", "فرنسا", ANALYZE_QUERY);
	assert_true(strncmp(base, "ar:ف", strlen("ar:ف")) == 0);
	/* but an indexed "and the minister" still meets "minister" */
	snprintf(want, sizeof want, "%s", primaries("ar", "وزير",
	    ANALYZE_QUERY));
	assert_true(gives("ar", "ووزير", ANALYZE_DOCUMENT, want));
	snprintf(want, sizeof want, "%s", primaries("ar", "كتاب",
	    ANALYZE_QUERY));
	assert_true(gives("ar", "بكتاب", ANALYZE_DOCUMENT, want));
	/* and a query never drops a one-letter clitic itself */
	assert_false(strcmp(primaries("ar", "بكتاب", ANALYZE_QUERY), want) ==
	    0);
	/* Arabic text in another language is normalised, not stemmed */
	assert_same("fa", "كتابٌ", "كتاب");
}

static void
test_modes(void **state)
{
	struct toks k;

	(void)state;
	/* a document: the stem, then the surface form (colocated) */
	run("en", "negotiations water", ANALYZE_DOCUMENT, &k);
	assert_int_equal(k.n, 3);
	assert_string_equal(k.t[0], "en:negoti");
	assert_false(k.colocated[0]);
	assert_string_equal(k.t[1], "en=negotiations");
	assert_true(k.colocated[1]);
	assert_int_equal(k.start[1], k.start[0]);
	assert_string_equal(k.t[2], "en:water");	/* stem = word */
	assert_false(k.colocated[2]);
	/* aux: the positions of a document, primaries only */
	run("en", "negotiations water", ANALYZE_AUX, &k);
	assert_int_equal(k.n, 2);
	/* a prefix query: only the last word, unstemmed, both forms */
	run("en", "border negotiati", ANALYZE_PREFIX, &k);
	assert_int_equal(k.n, 3);
	assert_string_equal(k.t[0], "en:border");
	assert_string_equal(k.t[1], "en:negotiati");
	assert_false(k.colocated[1]);
	assert_string_equal(k.t[2], "en=negotiati");
	assert_true(k.colocated[2]);
	/* Arabic prefix: without the article too */
	assert_true(gives("ar", "المعا", ANALYZE_PREFIX, "ar:معا"));
	assert_true(gives("ar", "المعا", ANALYZE_PREFIX, "ar=المعا"));
}

static void
test_marker(void **state)
{
	char lang[LOCALE_LANG_MAX];

	(void)state;
	assert_int_equal(analyze_marker_parse("\x01" "en-GB\x02" "x", 8, lang),
	    7);
	assert_string_equal(lang, "en");
	assert_int_equal(analyze_marker_parse("\x01" "ru\x02", 4, lang), 4);
	assert_string_equal(lang, "ru");
	/* not a marker: no end, a bad tag, nothing */
	assert_int_equal(analyze_marker_parse("\x01" "en-GB", 6, lang), 0);
	assert_string_equal(lang, "und");
	assert_int_equal(analyze_marker_parse("\x01" "??\x02", 4, lang), 0);
	assert_int_equal(analyze_marker_parse("abc", 3, lang), 0);
	assert_int_equal(analyze_marker_parse("", 0, lang), 0);
	/* a bad marker is a separator, the words after it count */
	assert_string_equal(primaries(NULL, "\x01??\x02 word", ANALYZE_QUERY),
	    "und:word");
}

static void
test_every_stemmer(void **state)
{
	static const char *const codes[] = {
		"ar", "hy", "eu", "ca", "da", "nl", "en", "eo", "et", "fi",
		"fr", "de", "el", "hi", "hu", "id", "ga", "it", "lt", "ne",
		"no", "nb", "nn", "pt", "ro", "ru", "sr", "es", "sv", "ta",
		"tr", "yi",
	};
	const char **have = sb_stemmer_list();

	(void)state;
	for (size_t i = 0; have[i] != NULL; i++) {
		bool found = strcmp(have[i], "porter") == 0;	/* English */

		for (size_t k = 0; k < sizeof codes / sizeof codes[0] &&
		    !found; k++) {
			const char *algo = analyze_stemmer_name(codes[k]);

			found = algo != NULL && strcmp(algo, have[i]) == 0;
		}
		if (!found)
			fail_msg("libstemmer's \"%s\" has no language code",
			    have[i]);
	}
	assert_null(analyze_stemmer_name("ja"));
	assert_null(analyze_stemmer_name("und"));
	/* a language without a stemmer is still normalised */
	assert_string_equal(primaries("ja", "ＴＯＫＹＯ", ANALYZE_QUERY),
	    "ja:tokyo");
	/* more languages than the analyzer keeps stemmers for at once */
	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
			struct toks t;

			run(codes[k], "word", ANALYZE_QUERY, &t);
			assert_int_equal(t.n, 1);
		}
	assert_string_equal(primaries("ru", "терроризма", ANALYZE_QUERY),
	    "ru:терроризм");
}

static void
test_long_words(void **state)
{
	char w[2048];
	struct toks k;

	(void)state;
	memset(w, 'a', sizeof w - 1);
	w[sizeof w - 1] = '\0';
	run("en", w, ANALYZE_DOCUMENT, &k);
	assert_int_equal(k.n, 1);
	assert_true(strlen(k.t[0]) < ANALYZE_TOKEN_MAX);
	/* a character that NFKC makes eighteen */
	for (size_t i = 0; i + 3 < sizeof w; i += 3)
		memcpy(w + i, "\xEF\xB7\xBA", 3);	/* U+FDFA */
	w[sizeof w - 1 - (sizeof w - 1) % 3] = '\0';
	run("ar", w, ANALYZE_DOCUMENT, &k);
	assert_true(k.n >= 1);
}

static void
test_markdown_plain(void **state)
{
	static const char md[] = "*Radio:* read [the text]"
	    "(https://example.org/x \"t\") &amp; `code`\n\n- one\n- two "
	    "&#233;&#x1;";
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	buf_adds(&b, "\x01" "en\x02");
	assert_int_equal(analyze_markdown_plain(&b, md, strlen(md)), ERR_OK);
	assert_string_equal(b.p, "\x01" "en\x02" "Radio: read the text & code "
	    "one two é ");
	buf_release(&b);
	buf_init(&b, 1 << 16);
	assert_int_equal(analyze_markdown_plain(&b, "<script>x</script>", 18),
	    ERR_OK);
	assert_string_equal(b.p, "<script>x</script>");	/* text, as written */
	buf_release(&b);
}

static void
test_nomem(void **state)
{
	struct analyzer *x = NULL;
	struct toks k;
	long n;
	enum err e;

	(void)state;
	for (n = 1; n < 100; n++) {
		mem_fail_after(n);
		e = analyzer_new(&x);
		mem_fail_after(0);
		if (e == ERR_OK)
			break;
		assert_int_equal(e, ERR_NOMEM);
	}
	assert_int_equal(e, ERR_OK);
	memset(&k, 0, sizeof k);
	assert_int_equal(analyze_text(x, "\x01" "ru\x02" "слово", 11,
	    ANALYZE_DOCUMENT, collect, &k), ERR_OK);
	analyzer_free(x);
	analyzer_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segments_and_offsets),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_case_and_digits),
		cmocka_unit_test(test_lookalikes),
		cmocka_unit_test(test_russian),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_german_french_spanish),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_marker),
		cmocka_unit_test(test_every_stemmer),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_markdown_plain),
		cmocka_unit_test(test_nomem),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
