/*
 * test_import.c - unit tests for src/import: the seed page (a scraped page
 * of a ministry site) with every figure the importer must recover from it,
 * word preservation, time and date variants in several languages and zones,
 * title place, announced locales, language detection on Russian, German and
 * Arabic pages, speaker heuristics, kinds, slugs, JSON import, bad input
 * with its messages and lines, allocation failure at every step, and the
 * replay of fuzzer-found inputs in tests/fixtures/import/regress/.
 *
 * Does not test the store or rendering of imported assets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/mem.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "pressroom/tz.h"
#include "detect.h"
#include "pressroom/banned.h"

#define SEED TEST_SRC_ROOT "/tests/fixtures/seed/000_1e53a87551ad3537.txt"
#define FIXTURES TEST_SRC_ROOT "/tests/fixtures/import/"
#define ARENA_CAP (64u << 20)
#define PAGE_MAX 8192

/* ---- helpers -------------------------------------------------------- */

struct run {
	struct arena a;
	struct diag d;
	struct asset *as;
	struct tz *tz;
	struct locale loc;
	enum err e;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->a, ARENA_CAP);
	diag_init(&r->d, NULL);
}

static void
run_release(struct run *r)
{
	arena_release(&r->a);
	tz_free(r->tz);
	r->tz = NULL;
}

/*
 * Imports text with the zone called tzname (NULL: the default, UTC) and the
 * locale tag (NULL: detect).
 */
static enum err
run_parse(struct run *r, const char *text, size_t n, const char *tzname,
    const char *locale)
{
	struct import_opts o = { NULL, NULL, "file:test" };

	if (tzname != NULL) {
		assert_int_equal(tz_load(tzname, &r->tz), ERR_OK);
		o.tz = r->tz;
	}
	if (locale != NULL) {
		assert_int_equal(locale_parse(str_from(locale), &r->loc),
		    ERR_OK);
		o.locale = &r->loc;
	}
	r->as = NULL;
	diag_init(&r->d, NULL);
	r->e = import_parse(&r->a, text, n, &o, &r->as, &r->d);
	if (r->e == ERR_OK)
		assert_non_null(r->as);
	else
		assert_null(r->as);
	return r->e;
}

static void
read_fixture(const char *path, struct buf *b)
{
	struct diag d;

	diag_init(&d, NULL);
	buf_init(b, LIMIT_IMPORT_FILE_BYTES + 1);
	assert_int_equal(import_read_file(path, b, &d), ERR_OK);
}

/* A page in the scraped layout around the given date line, title and body. */
static const char *
page(const char *date, const char *title, const char *locales,
    const char *body)
{
	static char out[PAGE_MAX];
	int n;

	n = snprintf(out, sizeof out, "Asset Publisher\n\n%s\n\n%s\n\n\n%s%s"
	    "%s\n\nAdditional materials\n\n\n\nAdvanced settings", date, title,
	    locales != NULL ? locales : "", locales != NULL ? "\n\n" : "",
	    body);
	assert_true(n > 0 && (size_t)n < sizeof out);
	return out;
}

#define TITLE_EN "Foreign Minister Sergey Lavrov’s statement, Moscow, " \
	"June 11, 2015"
#define LOCALES_EN "  • en-GB1 ru-RU1"
#define BODY_EN "We held talks with our partners today. We discussed the " \
	"situation in the region and the fight against terrorism."

static const char *
rfc3339(const struct asset *as)
{
	static char s[TIME_RFC3339_MAX];

	assert_int_equal(time_format_rfc3339(as->event_at, as->event_offset,
	    s), ERR_OK);
	return s;
}

/* number of paragraphs in a Markdown text (separated by blank lines) */
static int
paragraphs(const char *s)
{
	int n = 1;

	for (const char *p = s; (p = strstr(p, "\n\n")) != NULL; p += 2)
		n++;
	return n;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* ---- the seed ------------------------------------------------------- */

static void
test_seed(void **state)
{
	static const enum turn_role roles[6] = { TURN_ROLE_QUESTION,
		TURN_ROLE_ANSWER, TURN_ROLE_QUESTION, TURN_ROLE_ANSWER,
		TURN_ROLE_QUESTION, TURN_ROLE_ANSWER };
	static const int paras[6] = { 1, 2, 2, 4, 1, 2 };
	static const char *const announced[5] = { "de-DE", "en-GB", "es-ES",
		"ru-RU", "fr-FR" };
	const struct translation *t;
	struct buf b;
	struct run r;
	int64_t want;
	int off;

	(void)state;
	read_fixture(SEED, &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Moscow", NULL),
	    ERR_OK);
	assert_int_equal(r.as->kind, ASSET_KIND_TRANSCRIPT);
	assert_int_equal(time_parse_rfc3339("2015-06-11T15:30:00Z", 20, &want,
	    &off), ERR_OK);
	assert_true(r.as->event_at == want);
	assert_int_equal(r.as->event_offset, 3 * 3600);
	assert_string_equal(rfc3339(r.as), "2015-06-11T18:30:00+03:00");
	assert_string_equal(r.as->place, "Moscow");
	assert_int_equal(r.as->nlocales, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(r.as->locales[i].tag, announced[i]);
	assert_int_equal(r.as->ntranslations, 1);
	t = &r.as->translations[0];
	assert_string_equal(t->locale.tag, "en-GB");
	assert_true(starts_with(t->title, "Foreign Minister Sergey Lavrov’s "
	    "statement and answers to media questions"));
	assert_true(ends_with(t->title, "Iyad Ameen Madani, Moscow, June 11, "
	    "2015"));
	assert_string_equal(t->summary, "");
	assert_int_equal(t->nblocks, 14);
	for (size_t i = 0; i < 8; i++) {
		char id[8];

		snprintf(id, sizeof id, "p%zu", i + 1);
		assert_string_equal(t->blocks[i].id, id);
		assert_int_equal(t->blocks[i].type, BLOCK_PARAGRAPH);
		assert_int_equal(t->blocks[i].role, TURN_ROLE_NONE);
		assert_int_equal(t->blocks[i].speaker, -1);
		assert_int_equal(paragraphs(t->blocks[i].text), 1);
	}
	for (size_t i = 0; i < 6; i++) {
		const struct block *bl = &t->blocks[8 + i];
		char id[8];

		snprintf(id, sizeof id, "t%zu", i + 1);
		assert_string_equal(bl->id, id);
		assert_int_equal(bl->type, BLOCK_TURN);
		assert_int_equal(bl->role, roles[i]);
		assert_int_equal(bl->speaker, roles[i] == TURN_ROLE_ANSWER ?
		    0 : -1);
		assert_int_equal(paragraphs(bl->text), paras[i]);
	}
	assert_string_equal(t->blocks[0].text, "Ladies and gentlemen,");
	assert_true(starts_with(t->blocks[1].text, "We held talks with "
	    "Secretary General"));
	assert_non_null(strstr(t->blocks[1].text, " Wemeetregularly. "));
	assert_non_null(strstr(t->blocks[7].text, " MrMadani "));
	assert_true(starts_with(t->blocks[8].text, "Could you comment on "
	    "Australian intelligence"));
	assert_true(ends_with(t->blocks[8].text, "the “caliphate”?"));
	assert_true(starts_with(t->blocks[9].text, "Today, we discussed"));
	/* "Question:" + no-break space + text */
	assert_true(starts_with(t->blocks[10].text, "The issue of combatting "
	    "extremism"));
	assert_non_null(strstr(t->blocks[10].text, "recruitment.\n\nThere "
	    "are 13 Russians"));
	assert_true(starts_with(t->blocks[11].text, "You are absolutely "
	    "right."));
	assert_non_null(strstr(t->blocks[11].text, "forgotten.\n\n"
	    "Regarding the specific question"));
	assert_true(ends_with(t->blocks[11].text, "There should be a truly "
	    "international system in place here."));
	/* trailing no-break space and space trimmed */
	assert_true(ends_with(t->blocks[13].text, "between Arabs and Kurds."));
	assert_int_equal(r.as->nspeakers, 1);
	assert_string_equal(r.as->speakers[0].name, "Sergey Lavrov");
	assert_non_null(r.as->speakers[0].title);
	assert_string_equal(r.as->speakers[0].title, "Foreign Minister");
	assert_string_equal(r.as->slug, "2015-06-11-foreign-minister-sergey-"
	    "lavrovs-statement-and-answers-to-media");
	assert_true(strlen(r.as->slug) <= 80);
	assert_string_equal(r.as->source, "file:test");
	for (size_t i = 0; i < t->nblocks; i++) {
		assert_null(strstr(t->blocks[i].text, "Asset Publisher"));
		assert_null(strstr(t->blocks[i].text, "Additional materials"));
		assert_null(strstr(t->blocks[i].text, "Advanced settings"));
		assert_null(strstr(t->blocks[i].text, "Question:"));
		assert_null(strstr(t->blocks[i].text, "Sergey Lavrov:"));
	}
	assert_int_equal(asset_validate(r.as, &r.d), ERR_OK);
	run_release(&r);
	buf_release(&b);
}

/* The seed's text ends in "Advanced settings" without a newline; the same
 * page with one, with CRLF line ends and with a BOM gives the same asset. */
static void
test_seed_line_ends(void **state)
{
	struct buf b, crlf;
	struct run r;

	(void)state;
	read_fixture(SEED, &b);
	assert_true(ends_with(b.p, "\nAdvanced settings"));
	buf_init(&crlf, LIMIT_IMPORT_FILE_BYTES);
	buf_adds(&crlf, "\xEF\xBB\xBF");
	for (size_t i = 0; i < b.len; i++) {
		if (b.p[i] == '\n')
			buf_addc(&crlf, '\r');
		buf_addc(&crlf, b.p[i]);
	}
	buf_adds(&crlf, "\r\n");
	run_init(&r);
	assert_int_equal(run_parse(&r, crlf.p, crlf.len, "Europe/Moscow",
	    NULL), ERR_OK);
	assert_int_equal(r.as->translations[0].nblocks, 14);
	assert_string_equal(r.as->place, "Moscow");
	assert_string_equal(r.as->translations[0].locale.tag, "en-GB");
	assert_int_equal(paragraphs(r.as->translations[0].blocks[11].text), 4);
	for (size_t i = 0; i < r.as->translations[0].nblocks; i++)
		assert_null(strchr(r.as->translations[0].blocks[i].text, '\r'));
	run_release(&r);
	buf_release(&crlf);
	buf_release(&b);
}

/* words split at ASCII whitespace and no-break spaces */
static size_t
split_words(const char *s, size_t n, struct str *out, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n) {
		size_t start;

		while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
		    s[i] == '\r' || (s[i] == '\xC2' && i + 1 < n &&
		    s[i + 1] == '\xA0')))
			i += s[i] == '\xC2' ? 2 : 1;
		if (i >= n)
			break;
		start = i;
		while (i < n && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
		    s[i] == '\r' || (s[i] == '\xC2' && i + 1 < n &&
		    s[i + 1] == '\xA0')))
			i++;
		assert_true(k < max);
		out[k++] = str_make(s + start, i - start);
	}
	return k;
}

static int
cmp_str(const void *x, const void *y)
{
	const struct str *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/*
 * Every word of the seed's body (after the locales line, before the
 * furniture) is in the blocks unchanged, and the blocks hold no other word:
 * only the turn labels ("Question:", "Sergey Lavrov:") are taken out.
 */
static void
test_seed_words(void **state)
{
	enum { MAXW = 4000 };
	struct str *src = calloc(MAXW, sizeof *src);
	struct str *dst = calloc(MAXW, sizeof *dst);
	const char *start, *end;
	struct buf b, all;
	struct run r;
	size_t ns, nd, k = 0;

	(void)state;
	assert_non_null(src);
	assert_non_null(dst);
	read_fixture(SEED, &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Moscow", NULL),
	    ERR_OK);
	start = strstr(b.p, "fr-FR1");
	end = strstr(b.p, "Additional materials");
	assert_non_null(start);
	assert_non_null(end);
	start += strlen("fr-FR1");
	ns = split_words(start, (size_t)(end - start), src, MAXW);
	/* drop the labels */
	for (size_t i = 0; i < ns; i++) {
		if (str_eq_cstr(src[i], "Question:"))
			continue;
		if (str_eq_cstr(src[i], "Sergey") && i + 1 < ns &&
		    str_eq_cstr(src[i + 1], "Lavrov:")) {
			i++;
			continue;
		}
		src[k++] = src[i];
	}
	ns = k;
	buf_init(&all, 1u << 20);
	for (size_t i = 0; i < r.as->translations[0].nblocks; i++) {
		buf_adds(&all, r.as->translations[0].blocks[i].text);
		buf_addc(&all, '\n');
	}
	nd = split_words(all.p, all.len, dst, MAXW);
	assert_true(ns > 1500);
	assert_int_equal(ns, nd);
	qsort(src, ns, sizeof *src, cmp_str);
	qsort(dst, nd, sizeof *dst, cmp_str);
	for (size_t i = 0; i < ns; i++)
		if (!str_eq(src[i], dst[i]))
			fail_msg("word \"%.*s\" is not kept", (int)src[i].len,
			    src[i].p);
	/* and in order: each body line (less its label) is in a block */
	assert_non_null(strstr(all.p, "Wemeetregularly."));
	assert_non_null(strstr(all.p, "VarvaraKaraulova."));
	assert_non_null(strstr(all.p, "publicisedcooperation,"));
	buf_release(&all);
	run_release(&r);
	buf_release(&b);
	free(src);
	free(dst);
}

/* Every allocation of the seed import fails in turn: ERR_NOMEM, no leak. */
static void
test_seed_nomem(void **state)
{
	struct buf b;
	struct run r;
	long n;

	(void)state;
	read_fixture(SEED, &b);
	run_init(&r);
	assert_int_equal(tz_load("Europe/Moscow", &r.tz), ERR_OK);
	for (n = 1; n < 10000; n++) {
		struct import_opts o = { r.tz, NULL, "file:seed" };
		struct asset *as = NULL;
		enum err e;

		arena_init(&r.a, ARENA_CAP);
		diag_init(&r.d, NULL);
		mem_fail_after(n);
		e = import_parse(&r.a, b.p, b.len, &o, &as, &r.d);
		mem_fail_after(0);
		if (e == ERR_OK) {
			assert_non_null(as);
			assert_int_equal(as->translations[0].nblocks, 14);
			arena_release(&r.a);
			break;
		}
		assert_int_equal(e, ERR_NOMEM);
		assert_null(as);
		assert_string_equal(r.d.msg, "out of memory");
		arena_release(&r.a);
	}
	assert_true(n > 1 && n < 10000);
	run_release(&r);
	buf_release(&b);
}

/* ---- time ------------------------------------------------------------ */

static void
test_time_variants(void **state)
{
	static const struct {
		const char *line, *tz, *want;
	} cases[] = {
		{ "11 June 201518:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 June 2015 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 June 2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "11 Jun 2015 09:05", "Europe/Moscow",
		    "2015-06-11T09:05:00+03:00" },
		{ "11 июня 2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "11 июня 201518:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 июня 2015 года, 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 июня 2015 г. 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11. Juni 2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "11. Juni 2015 um 18:30 Uhr", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 juin 2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "1er juin 2015 à 18h30", "Europe/Moscow",
		    "2015-06-01T18:30:00+03:00" },
		{ "11 de junio de 2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "11 de junio de 2015 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11.06.2015 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11.06.2015", "Europe/Moscow",
		    "2015-06-11T00:00:00+03:00" },
		{ "11.06.201518:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "June 11, 2015 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "2015-06-11T18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "11 يونيو 2015 18:30", "Europe/Moscow",
		    "2015-06-11T18:30:00+03:00" },
		{ "  11 June 2015 18:30:15  ", "Europe/Moscow",
		    "2015-06-11T18:30:15+03:00" },
		/* Moscow kept UTC+4 from 2011 to 2014 */
		{ "11 June 2013 18:30", "Europe/Moscow",
		    "2013-06-11T18:30:00+04:00" },
		/* daylight saving time: winter and summer */
		{ "11 January 2015 18:30", "America/New_York",
		    "2015-01-11T18:30:00-05:00" },
		{ "11 June 2015 18:30", "America/New_York",
		    "2015-06-11T18:30:00-04:00" },
		/* clocks set back: the earlier of the two 01:30 */
		{ "1 November 2015 01:30", "America/New_York",
		    "2015-11-01T01:30:00-04:00" },
		{ "29 February 2016 12:00", "Europe/Berlin",
		    "2016-02-29T12:00:00+01:00" },
		/* no zone given: UTC */
		{ "11 June 201518:30", NULL, "2015-06-11T18:30:00+00:00" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run r;

		run_init(&r);
		if (run_parse(&r, page(cases[i].line, TITLE_EN, LOCALES_EN,
		    BODY_EN), strlen(page(cases[i].line, TITLE_EN, LOCALES_EN,
		    BODY_EN)), cases[i].tz, "en-GB") != ERR_OK)
			fail_msg("%s: %s", cases[i].line, r.d.msg);
		if (strcmp(rfc3339(r.as), cases[i].want) != 0)
			fail_msg("%s in %s: %s, want %s", cases[i].line,
			    cases[i].tz != NULL ? cases[i].tz : "UTC",
			    rfc3339(r.as), cases[i].want);
		run_release(&r);
	}
}

static void
test_time_instants(void **state)
{
	const char *p;
	struct run r;
	int64_t want;
	int off;

	(void)state;
	run_init(&r);
	p = page("11 June 2015 18:30", TITLE_EN, LOCALES_EN, BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), "America/New_York",
	    "en-GB"), ERR_OK);
	assert_int_equal(time_parse_rfc3339("2015-06-11T22:30:00Z", 20, &want,
	    &off), ERR_OK);
	assert_true(r.as->event_at == want);
	assert_int_equal(r.as->event_offset, -4 * 3600);
	run_release(&r);
	run_init(&r);
	p = page("11 January 2015 18:30", TITLE_EN, LOCALES_EN, BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), "America/New_York",
	    "en-GB"), ERR_OK);
	assert_int_equal(time_parse_rfc3339("2015-01-11T23:30:00Z", 20, &want,
	    &off), ERR_OK);
	assert_true(r.as->event_at == want);
	assert_int_equal(r.as->event_offset, -5 * 3600);
	run_release(&r);
	/* the title may come first, the date line second */
	run_init(&r);
	p = "Asset Publisher\n\n" TITLE_EN "\n\n11 June 201518:30\n\n"
	    LOCALES_EN "\n\n" BODY_EN "\n";
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"), ERR_OK);
	assert_string_equal(rfc3339(r.as), "2015-06-11T18:30:00+00:00");
	assert_string_equal(r.as->translations[0].title, TITLE_EN);
	assert_int_equal(r.as->nlocales, 2);
	run_release(&r);
}

/* ---- title: place and tail date ------------------------------------- */

static void
test_title_place(void **state)
{
	static const struct {
		const char *title, *place;
	} cases[] = {
		{ "Statement, Moscow, June 11, 2015", "Moscow" },
		{ "Statement, Moscow, 11 June 2015", "Moscow" },
		{ "Заявление МИД России, Москва, 11 июня 2015 года", "Москва" },
		{ "Erklärung zum Gipfel, Moskau, 11. Juni 2015", "Moskau" },
		{ "Statement, New York, June 11, 2015", "New York" },
		{ "Remarks, Rio de Janeiro, 11 June 2015", "Rio de Janeiro" },
		/* the tail date disagrees: the place still counts */
		{ "Statement, Moscow, June 12, 2015", "Moscow" },
		/* no comma before the place candidate */
		{ "Statement by the Minister, June 11, 2015", "" },
		/* not a name */
		{ "Talks with the Minister, answers to questions, June 11, "
		    "2015", "" },
		{ "Statement on the situation in Syria", "" },
		{ "Statement, Moscow", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = page("11 June 2015 18:30", cases[i].title,
		    LOCALES_EN, BODY_EN);
		struct run r;

		run_init(&r);
		if (run_parse(&r, p, strlen(p), NULL, "en-GB") != ERR_OK)
			fail_msg("%s: %s", cases[i].title, r.d.msg);
		if (strcmp(r.as->place, cases[i].place) != 0)
			fail_msg("%s: place \"%s\", want \"%s\"",
			    cases[i].title, r.as->place, cases[i].place);
		assert_string_equal(r.as->translations[0].title,
		    cases[i].title);
		/* the date line decides the date */
		assert_string_equal(rfc3339(r.as),
		    "2015-06-11T18:30:00+00:00");
		run_release(&r);
	}
}

/* ---- announced locales ---------------------------------------------- */

static void
test_locales_line(void **state)
{
	static const struct {
		const char *line;
		size_t n;
		const char *tags[4];
	} cases[] = {
		{ "  • de-DE1 en-GB1", 2, { "de-DE", "en-GB" } },
		{ "de-DE1 en-GB1", 2, { "de-DE", "en-GB" } },
		{ "•de-DE1 en-GB12", 2, { "de-DE", "en-GB" } },
		{ "• en-gb3 EN-GB1 es-4191 es-419", 2, { "en-GB", "es-419" } },
		{ "• zh-Hant-TW3 sr-Latn1", 2, { "zh-Hant-TW", "sr-Latn" } },
		{ "• en-GB", 1, { "en-GB" } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = page("11 June 2015", TITLE_EN, cases[i].line,
		    BODY_EN);
		struct run r;

		run_init(&r);
		if (run_parse(&r, p, strlen(p), NULL, "en-GB") != ERR_OK)
			fail_msg("%s: %s", cases[i].line, r.d.msg);
		assert_int_equal(r.as->nlocales, cases[i].n);
		for (size_t k = 0; k < cases[i].n; k++)
			assert_string_equal(r.as->locales[k].tag,
			    cases[i].tags[k]);
		/* the line is not content */
		assert_int_equal(r.as->translations[0].nblocks, 1);
		run_release(&r);
	}
}

static void
test_locales_absent(void **state)
{
	const char *p;
	struct run r;

	(void)state;
	/* no locales line: the text's locale is the one announced */
	run_init(&r);
	p = page("11 June 2015", TITLE_EN, NULL, BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"), ERR_OK);
	assert_int_equal(r.as->nlocales, 1);
	assert_string_equal(r.as->locales[0].tag, "en-GB");
	assert_int_equal(r.as->translations[0].nblocks, 1);
	run_release(&r);
	/* an ordinary first line is not taken for locales */
	run_init(&r);
	p = page("11 June 2015", TITLE_EN, NULL, "Thank you\n\n" BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"), ERR_OK);
	assert_int_equal(r.as->translations[0].nblocks, 2);
	assert_string_equal(r.as->translations[0].blocks[0].text, "Thank you");
	run_release(&r);
}

/* ---- language detection --------------------------------------------- */

static void
test_detect_seed_without_announced(void **state)
{
	const char *p;
	struct run r;

	(void)state;
	/* English text, English not announced: the bare tag */
	run_init(&r);
	p = page("11 June 2015", TITLE_EN, "  • ru-RU1 de-DE1", BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, NULL), ERR_OK);
	assert_string_equal(r.as->translations[0].locale.tag, "en");
	run_release(&r);
	/* no locales line at all */
	run_init(&r);
	p = page("11 June 2015", TITLE_EN, NULL, BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, NULL), ERR_OK);
	assert_string_equal(r.as->translations[0].locale.tag, "en");
	assert_string_equal(r.as->locales[0].tag, "en");
	run_release(&r);
	/* the given locale wins over detection */
	run_init(&r);
	p = page("11 June 2015", TITLE_EN, "  • ru-RU1 de-DE1", BODY_EN);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, "fr-FR"), ERR_OK);
	assert_string_equal(r.as->translations[0].locale.tag, "fr-FR");
	run_release(&r);
}

static void
test_detect_ru(void **state)
{
	const struct translation *t;
	struct buf b;
	struct run r;

	(void)state;
	read_fixture(FIXTURES "ru_transcript.txt", &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Moscow", NULL),
	    ERR_OK);
	t = &r.as->translations[0];
	assert_string_equal(t->locale.tag, "ru-RU");
	assert_string_equal(rfc3339(r.as), "2015-06-11T18:30:00+03:00");
	assert_string_equal(r.as->place, "Москва");
	assert_int_equal(r.as->kind, ASSET_KIND_TRANSCRIPT);
	assert_int_equal(r.as->nspeakers, 1);
	assert_string_equal(r.as->speakers[0].name, "С.В.Лавров");
	assert_int_equal(t->nblocks, 8);
	assert_int_equal(t->blocks[4].role, TURN_ROLE_QUESTION);
	assert_int_equal(t->blocks[5].role, TURN_ROLE_ANSWER);
	assert_int_equal(t->blocks[5].speaker, 0);
	assert_int_equal(paragraphs(t->blocks[5].text), 2);
	assert_string_equal(t->blocks[6].text, "(перевод с английского) Как "
	    "Вы оцениваете планы США вооружать и обучать суннитские отряды "
	    "в Ираке?");
	assert_true(starts_with(r.as->slug, "2015-06-11-vystuplenie-i-"
	    "otvety"));
	for (size_t i = 0; i < t->nblocks; i++)
		assert_null(strstr(t->blocks[i].text, "Дополнительные"));
	run_release(&r);
	buf_release(&b);
}

static void
test_detect_de(void **state)
{
	const struct translation *t;
	struct buf b;
	struct run r;

	(void)state;
	read_fixture(FIXTURES "de_statement.txt", &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Berlin", NULL),
	    ERR_OK);
	t = &r.as->translations[0];
	assert_string_equal(t->locale.tag, "de-DE");
	assert_string_equal(rfc3339(r.as), "2015-06-15T10:00:00+02:00");
	assert_string_equal(r.as->place, "Moskau");
	assert_int_equal(r.as->kind, ASSET_KIND_STATEMENT);
	assert_int_equal(r.as->nspeakers, 0);
	assert_int_equal(t->nblocks, 4);
	/* "Hinweis:" is one unknown word: not a speaker */
	assert_int_equal(t->blocks[3].type, BLOCK_PARAGRAPH);
	assert_true(starts_with(t->blocks[3].text, "Hinweis: Die"));
	assert_true(starts_with(r.as->slug, "2015-06-15-erklarung-des-"
	    "aussenministeriums"));
	run_release(&r);
	buf_release(&b);
}

static void
test_detect_ar(void **state)
{
	const struct translation *t;
	struct buf b;
	struct run r;

	(void)state;
	read_fixture(FIXTURES "ar_transcript.txt", &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Moscow", NULL),
	    ERR_OK);
	t = &r.as->translations[0];
	assert_string_equal(t->locale.tag, "ar-SA");
	assert_string_equal(locale_dir(&t->locale), "rtl");
	assert_string_equal(r.as->place, "موسكو");
	assert_int_equal(r.as->kind, ASSET_KIND_TRANSCRIPT);
	/* a caseless name counts because the title names it */
	assert_int_equal(r.as->nspeakers, 1);
	assert_string_equal(r.as->speakers[0].name, "سيرغي لافروف");
	assert_int_equal(t->nblocks, 6);
	/* "وأضاف الوزير:" ("the minister added:") is not a speaker */
	assert_int_equal(t->blocks[3].type, BLOCK_PARAGRAPH);
	assert_int_equal(t->blocks[4].role, TURN_ROLE_QUESTION);
	assert_int_equal(t->blocks[5].role, TURN_ROLE_ANSWER);
	assert_int_equal(paragraphs(t->blocks[5].text), 2);
	/* no Latin or Cyrillic letter in the title */
	assert_string_equal(r.as->slug, "transcript-2015-06-11");
	run_release(&r);
	buf_release(&b);
}

static void
test_detect_other(void **state)
{
	static const struct {
		const char *body, *want;
	} cases[] = {
		{ "Abbiamo avuto colloqui con i nostri partner e abbiamo "
		    "discusso della situazione nella regione e della lotta "
		    "contro il terrorismo. Questo è molto importante per la "
		    "sicurezza di tutti.", "it" },
		{ "Nous avons eu des entretiens avec nos partenaires et nous "
		    "avons discuté de la situation dans la région et de la "
		    "lutte contre le terrorisme.", "fr-FR" },
		{ "Hemos mantenido conversaciones con nuestros socios y hemos "
		    "hablado de la situación en la región y de la lucha contra "
		    "el terrorismo.", "es-ES" },
		{ "Ми провели переговори з нашими партнерами і обговорили "
		    "ситуацію в регіоні та боротьбу з тероризмом. Це дуже "
		    "важливо для всіх.", "uk" },
		{ "Είχαμε συνομιλίες με τους εταίρους μας για την κατάσταση "
		    "στην περιοχή.", "el" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = page("11 June 2015", "11.06.2015",
		    "  • en-GB1 fr-FR1 es-ES1 ru-RU1", cases[i].body);
		struct run r;

		run_init(&r);
		if (run_parse(&r, p, strlen(p), NULL, NULL) != ERR_OK)
			fail_msg("%s: %s", cases[i].want, r.d.msg);
		assert_string_equal(r.as->translations[0].locale.tag,
		    cases[i].want);
		run_release(&r);
	}
}

static void
test_detect_unsure(void **state)
{
	static const char *const bodies[] = {
		"Ok.",
		"Xyzzy plugh quux frobnicate wibble wobble zork grault garply "
		    "waldo fred.",
		"Merhaba arkadaşlar, bugün toplantımızda bölgedeki durumu ve "
		    "terörle mücadeleyi görüştük.",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		const char *p = page("11 June 2015", "11.06.2015",
		    "  • en-GB1 ru-RU1", bodies[i]);
		struct run r;

		run_init(&r);
		assert_int_equal(run_parse(&r, p, strlen(p), NULL, NULL),
		    ERR_INVAL);
		assert_non_null(strstr(r.d.msg, "--locale"));
		assert_non_null(strstr(r.d.msg, "cannot tell which language"));
		assert_int_equal(r.d.line, 5);
		run_release(&r);
	}
}

/* The common-word table answers for words of every list (it is searched
 * by halves, so it must stay sorted). */
static void
test_detect_words(void **state)
{
	static const char *const words[] = {
		"a", "aan", "about", "all", "also", "are", "as", "at", "be",
		"been", "but", "by", "can", "der", "die", "und", "für", "über",
		"können", "wir", "le", "à", "été", "être", "très", "qu", "el",
		"más", "también", "había", "está", "están", "il", "è", "più",
		"perché", "não", "já", "só", "são", "nós", "het", "een", "wij",
		"и", "в", "что", "это", "который", "я", "zo", "zum", "ya",
		"Dear", "ДАМЫ", "Уважаемые", "MESDAMES", "the", "THE", "The",
	};

	(void)state;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (import_detect_word(str_from(words[i])) == 0)
			fail_msg("\"%s\" is not found", words[i]);
	assert_int_equal(import_detect_word(str_from("Lavrov")), 0);
	assert_int_equal(import_detect_word(str_from("")), 0);
	assert_true(import_detect_word(str_from("Dear")) &
	    IMPORT_WORD_NOTNAME);
	assert_true(import_detect_word(str_from("de")) & IMPORT_WORD_FR);
	assert_true(import_detect_word(str_from("de")) & IMPORT_WORD_ES);
}

/* ---- speakers and turns --------------------------------------------- */

static void
test_speakers(void **state)
{
	static const struct {
		enum block_type type;
		enum turn_role role;
		const char *speaker;	/* NULL: none */
		const char *text;
	} want[] = {
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "Dear Colleagues: welcome to Moscow." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "The following was agreed: to meet again." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "In Conclusion: we thank our hosts." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "Lavrov: one unknown word is not a name." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "Moscow, June 11: a date is not a name." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "At 18:30 the talks began." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "We agreed on three points: peace, trade and culture." },
		{ BLOCK_PARAGRAPH, TURN_ROLE_NONE, NULL,
		    "See http://www.example.org for more." },
		{ BLOCK_TURN, TURN_ROLE_STATEMENT, "Sergey Lavrov",
		    "Good afternoon." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL,
		    "(retranslated from Arabic) What about Iraq?" },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, "Sergey Lavrov",
		    "We support Baghdad.\n\nLavrov: still the same turn." },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, "Haider al-Abadi",
		    "Thank you." },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, "С.В.Лавров",
		    "Спасибо." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "The glued label." },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, NULL,
		    "An answer without a speaker." },
		{ BLOCK_TURN, TURN_ROLE_REMARK, "Moderator",
		    "Next question, please." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "Вопрос по-русски." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "Eine Frage." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "Une question." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "Una pregunta." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "سؤال بالعربية." },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, NULL, "Ответ по-русски." },
		{ BLOCK_TURN, TURN_ROLE_ANSWER, "Sergey Lavrov",
		    "(speaks English) Yes.\nAnd more." },
		{ BLOCK_TURN, TURN_ROLE_QUESTION, NULL, "Label alone." },
	};
	static const char body[] =
	    "Dear Colleagues: welcome to Moscow.\n\n"
	    "The following was agreed: to meet again.\n\n"
	    "In Conclusion: we thank our hosts.\n\n"
	    "Lavrov: one unknown word is not a name.\n\n"
	    "Moscow, June 11: a date is not a name.\n\n"
	    "At 18:30 the talks began.\n\n"
	    "We agreed on three points: peace, trade and culture.\n\n"
	    "See http://www.example.org for more.\n\n"
	    "Sergey Lavrov: Good afternoon.\n\n"
	    "Question (retranslated from Arabic): What about Iraq?\n\n"
	    "Sergey Lavrov : We support Baghdad.\n\n"
	    "Lavrov: still the same turn.\n\n"
	    "Haider al-Abadi: Thank you.\n\n"
	    "С.В.Лавров: Спасибо.\n\n"
	    "Question:The glued label.\n\n"
	    "Answer: An answer without a speaker.\n\n"
	    "Moderator: Next question, please.\n\n"
	    "Вопрос: Вопрос по-русски.\n\n"
	    "Frage: Eine Frage.\n\n"
	    "Question\xC2\xA0: Une question.\n\n"
	    "Pregunta: Una pregunta.\n\n"
	    "سؤال: سؤال بالعربية.\n\n"
	    "Ответ: Ответ по-русски.\n\n"
	    "Sergey Lavrov (speaks English): Yes.\n"
	    "And more.\n\n"
	    "Question:\n\n"
	    "Label alone.\n\n"
	    "Answer:";
	const struct translation *t;
	const char *p;
	struct run r;

	(void)state;
	p = page("11 June 2015", "Talks in Moscow", NULL, body);
	run_init(&r);
	if (run_parse(&r, p, strlen(p), NULL, "en-GB") != ERR_OK)
		fail_msg("%s", r.d.msg);
	t = &r.as->translations[0];
	assert_int_equal(t->nblocks, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct block *b = &t->blocks[i];

		if (b->type != want[i].type || b->role != want[i].role ||
		    strcmp(b->text, want[i].text) != 0)
			fail_msg("block %zu (%s): type %d role %d \"%s\", "
			    "want \"%s\"", i, b->id, b->type, b->role, b->text,
			    want[i].text);
		if (want[i].speaker == NULL)
			assert_int_equal(b->speaker, -1);
		else if (b->speaker < 0 || strcmp(r.as->speakers[b->speaker].
		    name, want[i].speaker) != 0)
			fail_msg("block %zu: wrong speaker", i);
	}
	assert_int_equal(r.as->nspeakers, 4);
	assert_int_equal(r.as->kind, ASSET_KIND_TRANSCRIPT);
	run_release(&r);
}

static void
test_speaker_title(void **state)
{
	static const struct {
		const char *title, *name, *person;
	} cases[] = {
		{ "Foreign Minister Sergey Lavrov’s remarks", "Sergey Lavrov",
		    "Foreign Minister" },
		{ "Remarks by Russian Foreign Minister Sergey Lavrov",
		    "Sergey Lavrov", "Russian Foreign Minister" },
		{ "The Foreign Minister Sergey Lavrov answers",
		    "Sergey Lavrov", "Foreign Minister" },
		{ "Sergey Lavrov answers questions", "Sergey Lavrov", NULL },
		{ "Talks with Sergey Lavrov", "Sergey Lavrov", NULL },
		{ "Interview with Sergey Lavrovich", "Sergey Lavrov", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[256];
		const char *p;
		struct run r;

		snprintf(body, sizeof body, "Question: Why?\n\n%s: Because.",
		    cases[i].name);
		p = page("11 June 2015", cases[i].title, NULL, body);
		run_init(&r);
		assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"),
		    ERR_OK);
		assert_int_equal(r.as->nspeakers, 1);
		assert_string_equal(r.as->speakers[0].name, cases[i].name);
		if (cases[i].person == NULL) {
			if (r.as->speakers[0].title != NULL)
				fail_msg("%s: title \"%s\"", cases[i].title,
				    r.as->speakers[0].title);
		} else {
			assert_non_null(r.as->speakers[0].title);
			assert_string_equal(r.as->speakers[0].title,
			    cases[i].person);
		}
		run_release(&r);
	}
}

/* ---- kinds ---------------------------------------------------------- */

static void
test_kinds(void **state)
{
	static const struct {
		const char *title;
		bool qa;
		enum asset_kind kind;
	} cases[] = {
		{ "Foreign Minister’s statement and answers", true,
		    ASSET_KIND_TRANSCRIPT },
		{ "Interview of Foreign Minister Sergey Lavrov to RT", true,
		    ASSET_KIND_INTERVIEW },
		{ "Интервью Министра иностранных дел", true,
		    ASSET_KIND_INTERVIEW },
		{ "Briefing by Foreign Ministry Spokesperson", true,
		    ASSET_KIND_BRIEFING },
		{ "Брифинг официального представителя МИД", true,
		    ASSET_KIND_BRIEFING },
		{ "Foreign Minister Sergey Lavrov’s statement", false,
		    ASSET_KIND_STATEMENT },
		{ "Заявление МИД России", false, ASSET_KIND_STATEMENT },
		{ "Speech by the Minister", false, ASSET_KIND_SPEECH },
		{ "Remarks at the Security Council", false, ASSET_KIND_SPEECH },
		{ "Rede des Ministers", false, ASSET_KIND_SPEECH },
		{ "Redefinition of priorities", false, ASSET_KIND_NEWS },
		{ "Press release on the talks", false,
		    ASSET_KIND_PRESS_RELEASE },
		{ "Russia and the OIC hold talks", false, ASSET_KIND_NEWS },
		/* interview words without questions: still from the title */
		{ "Interview of the Minister", false, ASSET_KIND_NEWS },
	};
	const char *p;
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = page("11 June 2015", cases[i].title, NULL, cases[i].qa ?
		    "Question: Why?\n\nAnswer: Because." : "We held talks.");
		run_init(&r);
		assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"),
		    ERR_OK);
		if (r.as->kind != cases[i].kind)
			fail_msg("%s: %s", cases[i].title,
			    asset_kind_name(r.as->kind));
		run_release(&r);
	}
	/* turns by named speakers only (no question): a transcript whose
	 * turns are statements */
	p = page("11 June 2015", "Talks in Moscow", NULL, "Sergey Lavrov: "
	    "Welcome.\n\nIyad Madani: Thank you.");
	run_init(&r);
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, "en-GB"), ERR_OK);
	assert_int_equal(r.as->kind, ASSET_KIND_TRANSCRIPT);
	assert_int_equal(r.as->translations[0].blocks[0].role,
	    TURN_ROLE_STATEMENT);
	assert_int_equal(r.as->translations[0].blocks[1].role,
	    TURN_ROLE_STATEMENT);
	assert_int_equal(r.as->nspeakers, 2);
	run_release(&r);
}

/* ---- slugs ---------------------------------------------------------- */

static void
test_make_slug(void **state)
{
	struct arena a;
	struct asset *as;
	char *s;
	int off;

	(void)state;
	arena_init(&a, ARENA_CAP);
	as = asset_new(&a);
	assert_non_null(as);
	assert_int_equal(time_parse_rfc3339("2015-06-11T23:30:00-04:00", 25,
	    &as->event_at, &off), ERR_OK);
	as->event_offset = off;
	as->kind = ASSET_KIND_TRANSCRIPT;
	/* the date as announced (in its offset), not in UTC */
	assert_int_equal(import_make_slug(&a, as, "Talks in Moscow", &s),
	    ERR_OK);
	assert_string_equal(s, "2015-06-11-talks-in-moscow");
	assert_int_equal(import_make_slug(&a, as, "Переговоры в Москве", &s),
	    ERR_OK);
	assert_string_equal(s, "2015-06-11-peregovory-v-moskve");
	assert_int_equal(import_make_slug(&a, as, "مؤتمر صحفي", &s), ERR_OK);
	assert_string_equal(s, "transcript-2015-06-11");
	assert_int_equal(import_make_slug(&a, as, "2015 — 11/06", &s), ERR_OK);
	assert_string_equal(s, "transcript-2015-06-11");
	assert_int_equal(import_make_slug(&a, as, NULL, &s), ERR_OK);
	assert_string_equal(s, "transcript-2015-06-11");
	as->kind = ASSET_KIND_PRESS_RELEASE;
	assert_int_equal(import_make_slug(&a, as, "", &s), ERR_OK);
	assert_string_equal(s, "press-release-2015-06-11");
	/* cut at a word boundary to 80 bytes */
	assert_int_equal(import_make_slug(&a, as, "Alpha beta gamma delta "
	    "epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
	    "sigma tau", &s), ERR_OK);
	assert_true(strlen(s) <= 80);
	assert_string_equal(s, "2015-06-11-alpha-beta-gamma-delta-epsilon-"
	    "zeta-eta-theta-iota-kappa-lambda-mu-nu");
	assert_true(slug_valid(s));
	arena_release(&a);
}

/* ---- JSON ----------------------------------------------------------- */

static void
test_json(void **state)
{
	static const char json[] = "\xEF\xBB\xBF \n{\"kind\": \"statement\", "
	    "\"published_at\": \"2015-06-11T18:30:00+03:00\", "
	    "\"translations\": {\"en-GB\": {\"title\": \"Statement on "
	    "Syria\", \"blocks\": [{\"text\": \"We call for talks.\"}]}}}";
	struct buf b, out;
	const char *p;
	struct run r;

	(void)state;
	run_init(&r);
	assert_int_equal(run_parse(&r, json, sizeof json - 1, NULL, NULL),
	    ERR_OK);
	assert_string_equal(r.as->slug, "2015-06-11-statement-on-syria");
	assert_string_equal(r.as->source, "file:test");
	assert_string_equal(r.as->translations[0].blocks[0].id, "p1");
	run_release(&r);
	/* a JSON error names its line and column */
	run_init(&r);
	assert_int_equal(run_parse(&r, "{\n\"kind\": }", 11, NULL, NULL),
	    ERR_INVAL);
	assert_int_equal(r.d.line, 2);
	run_release(&r);
	/* no translations */
	run_init(&r);
	p = "{\"kind\": \"news\", \"published_at\": "
	    "\"2015-06-11T18:30:00Z\", \"translations\": {}}";
	assert_int_equal(run_parse(&r, p, strlen(p), NULL, NULL), ERR_INVAL);
	assert_non_null(strstr(r.d.msg, "translations"));
	run_release(&r);
	/* the seed through JSON and back gives the same asset */
	read_fixture(SEED, &b);
	run_init(&r);
	assert_int_equal(run_parse(&r, b.p, b.len, "Europe/Moscow", NULL),
	    ERR_OK);
	buf_init(&out, 1u << 20);
	assert_int_equal(asset_json_write(r.as, ASSET_JSON_PRETTY, &out),
	    ERR_OK);
	run_release(&r);
	run_init(&r);
	assert_int_equal(run_parse(&r, out.p, out.len, NULL, NULL), ERR_OK);
	assert_string_equal(r.as->slug, "2015-06-11-foreign-minister-sergey-"
	    "lavrovs-statement-and-answers-to-media");
	assert_string_equal(rfc3339(r.as), "2015-06-11T18:30:00+03:00");
	assert_int_equal(r.as->translations[0].nblocks, 14);
	assert_string_equal(r.as->speakers[0].title, "Foreign Minister");
	run_release(&r);
	buf_release(&out);
	buf_release(&b);
}

/* ---- bad input ------------------------------------------------------ */

struct bad {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	const char *tz;
	enum err err;
	unsigned line, col;
	const char *msg;	/* a part of the message */
};

static void
check_bad(const struct bad *c)
{
	size_t n = c->len != 0 ? c->len : strlen(c->text);
	struct run r;

	run_init(&r);
	if (run_parse(&r, c->text, n, c->tz, "en-GB") != c->err)
		fail_msg("%s: %s (%s)", c->name, err_str(r.e), r.d.msg);
	if (r.d.line != c->line || r.d.col != c->col ||
	    strstr(r.d.msg, c->msg) == NULL)
		fail_msg("%s: %u:%u: %s; want %u:%u: ...%s...", c->name,
		    r.d.line, r.d.col, r.d.msg, c->line, c->col, c->msg);
	run_release(&r);
}

static void
test_bad_input(void **state)
{
	static const struct bad cases[] = {
		{ "empty", "", 0, NULL, ERR_INVAL, 0, 0, "the file is empty" },
		{ "whitespace", " \n\t\r\n\xC2\xA0\n", 0, NULL, ERR_INVAL, 0,
		    0, "nothing but whitespace" },
		{ "nul", "Asset Publisher\n\n11 June\0 2015\n", 31, NULL,
		    ERR_INVAL, 3, 8, "NUL byte: this is a binary file" },
		{ "binary", "\x7f" "ELF\x02\x01\x01", 0, NULL, ERR_INVAL, 1,
		    1, "control character 0x7F" },
		{ "escape", "Title\n\x1b[31m", 0, NULL, ERR_INVAL, 2, 1,
		    "control character 0x1B" },
		{ "latin1", "Asset Publisher\n\n11 June 2015\n\nCaf\xe9 talks",
		    0, NULL, ERR_INVAL, 5, 4, "invalid UTF-8 (byte 0xE9)" },
		{ "overlong", "\xc0\xaf", 0, NULL, ERR_INVAL, 1, 1,
		    "invalid UTF-8" },
		{ "surrogate", "ab\xed\xa0\x80", 0, NULL, ERR_INVAL, 1, 3,
		    "invalid UTF-8" },
		{ "truncated", "Москва\xd0", 0, NULL, ERR_INVAL, 1, 7,
		    "invalid UTF-8" },
		{ "c1", "Title \xc2\x85", 0, NULL, ERR_INVAL, 1, 7,
		    "control character U+0085" },
		{ "no title", "Asset Publisher\n\n11 June 2015 18:30\n\n"
		    "Additional materials\n", 0, NULL, ERR_INVAL, 3, 0,
		    "no title" },
		{ "locales for title", "11 June 2015\n\n  • en-GB1\n\nText.",
		    0, NULL, ERR_INVAL, 1, 0, "no title" },
		{ "31 June", "Asset Publisher\n\n31 June 2015\n\nTitle\n\n"
		    "Text.", 0, NULL, ERR_INVAL, 3, 1,
		    "\"31 June 2015\" is not a date: June has 30 days" },
		{ "31 June glued", "  31 June 201518:30\n\nTitle", 0, NULL,
		    ERR_INVAL, 1, 3,
		    "\"31 June 2015\" is not a date: June has 30 days" },
		{ "31 июня", "31 июня 2015\n\nЗаголовок", 0, NULL, ERR_INVAL,
		    1, 1, "\"31 июня 2015\" is not a date: June has 30 days" },
		{ "29 February", "29 February 2015\n\nTitle", 0, NULL,
		    ERR_INVAL, 1, 1, "February has 28 days in 2015" },
		{ "day 0", "0 June 2015\n\nTitle", 0, NULL, ERR_INVAL, 1, 1,
		    "there is no day 0" },
		{ "31.06", "31.06.2015 18:30\n\nTitle", 0, NULL, ERR_INVAL, 1,
		    1, "\"31.06.2015\" is not a date: June has 30 days" },
		{ "month 13", "11.13.2015\n\nTitle", 0, NULL, ERR_INVAL, 1, 1,
		    "there is no month 13" },
		{ "25:00", "11 June 2015 25:00\n\nTitle", 0, NULL, ERR_INVAL,
		    1, 14, "\"25:00\" is not a time of day" },
		{ "glued 18:61", "11 June 201518:61\n\nTitle", 0, NULL,
		    ERR_INVAL, 1, 13, "\"18:61\" is not a time of day" },
		{ "no date line", "Asset Publisher\n\nSome title\n\nBody text "
		    "here.\n\nMore text.", 0, NULL, ERR_INVAL, 3, 1,
		    "no date line" },
		{ "only furniture", "Asset Publisher\n\nAdditional materials\n",
		    0, NULL, ERR_INVAL, 3, 0, "no date line" },
		{ "dst gap", "29 March 2015 02:30\n\nTitle\n\nText.", 0,
		    "Europe/Berlin", ERR_INVAL, 1, 1,
		    "02:30 on \"29 March 2015\" never happened in "
		    "Europe/Berlin" },
		{ "bad locale", "11 June 2015\n\nTitle\n\n  • en-GB1 "
		    "english1\n\nText.", 0, NULL, ERR_INVAL, 5, 12,
		    "\"english1\" is not a language tag" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_bad(&cases[i]);
}

static void
test_bad_limits(void **state)
{
	size_t n = LIMIT_IMPORT_FILE_BYTES + 1, k;
	char *big = malloc(n + 1);
	struct bad c;

	(void)state;
	assert_non_null(big);
	/* a file over the limit */
	memset(big, 'a', n);
	for (size_t i = 80; i < n; i += 80)
		big[i] = '\n';
	big[n] = '\0';
	c = (struct bad){ "file limit", big, n, NULL, ERR_LIMIT, 0, 0,
	    "larger than 4194304 bytes" };
	check_bad(&c);
	/* one line over the line limit, on line 5 */
	k = (size_t)snprintf(big, n, "11 June 2015\n\nTitle\n\n");
	memset(big + k, 'x', LIMIT_IMPORT_LINE_BYTES + 1);
	k += LIMIT_IMPORT_LINE_BYTES + 1;
	big[k] = '\0';
	c = (struct bad){ "line limit", big, k, NULL, ERR_LIMIT, 5, 0,
	    "longer than 262144 bytes" };
	check_bad(&c);
	/* a line exactly at the limit is fine */
	c.len = k - 1;
	{
		struct run r;

		run_init(&r);
		assert_int_equal(run_parse(&r, big, k - 1, NULL, "en-GB"),
		    ERR_OK);
		assert_int_equal(strlen(r.as->translations[0].blocks[0].text),
		    LIMIT_IMPORT_LINE_BYTES);
		run_release(&r);
	}
	/* a title over LIMIT_TITLE_BYTES */
	k = (size_t)snprintf(big, n, "11 June 2015\n\n");
	memset(big + k, 't', LIMIT_TITLE_BYTES + 1);
	k += LIMIT_TITLE_BYTES + 1;
	big[k] = '\0';
	c = (struct bad){ "title limit", big, k, NULL, ERR_LIMIT, 3, 0,
	    "the title is longer than 1024 bytes" };
	check_bad(&c);
	free(big);
}

/* diag_format shows file, line and column as a user sees them */
static void
test_bad_format(void **state)
{
	static const char text[] = "Asset Publisher\n\n31 June 2015\n\nTitle";
	struct import_opts o = { NULL, NULL, NULL };
	struct asset *as = NULL;
	struct diag d;
	struct arena a;
	char msg[300];

	(void)state;
	arena_init(&a, ARENA_CAP);
	diag_init(&d, "page.txt");
	assert_int_equal(import_parse(&a, text, sizeof text - 1, &o, &as, &d),
	    ERR_INVAL);
	diag_format(&d, msg, sizeof msg);
	assert_string_equal(msg, "page.txt:3:1: \"31 June 2015\" is not a "
	    "date: June has 30 days");
	arena_release(&a);
}

static void
test_read_file(void **state)
{
	char path[512];
	struct diag d;
	struct buf b;
	FILE *f;

	(void)state;
	buf_init(&b, LIMIT_IMPORT_FILE_BYTES + 16);
	diag_init(&d, NULL);
	assert_int_equal(import_read_file(FIXTURES "no-such-file.txt", &b, &d),
	    ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "cannot open"));
	assert_string_equal(d.file, FIXTURES "no-such-file.txt");
	assert_int_equal(b.len, 0);
	diag_init(&d, NULL);
	assert_int_equal(import_read_file(FIXTURES, &b, &d), ERR_IO);
	assert_non_null(strstr(d.msg, "cannot read"));
	/* one byte over the limit */
	snprintf(path, sizeof path, "%s/test_import_big.txt", TEST_BUILD_ROOT);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (size_t i = 0; i <= LIMIT_IMPORT_FILE_BYTES; i++)
		fputc(i % 64 == 63 ? '\n' : 'a', f);
	fclose(f);
	diag_init(&d, NULL);
	assert_int_equal(import_read_file(path, &b, &d), ERR_LIMIT);
	assert_non_null(strstr(d.msg, "larger than"));
	assert_int_equal(b.len, 0);
	remove(path);
	diag_init(&d, NULL);
	assert_int_equal(import_read_file(SEED, &b, &d), ERR_OK);
	assert_int_equal(b.len, 10090);
	buf_release(&b);
}

/* ---- fuzz regressions ----------------------------------------------- */

/* Every input the fuzzer once crashed on imports or fails cleanly. */
static void
test_regress(void **state)
{
	const char *dir = FIXTURES "regress";
	struct dirent *e;
	DIR *dp;
	int n = 0;

	(void)state;
	dp = opendir(dir);
	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		char path[1024];
		struct diag d;
		struct buf b;
		struct run r;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		buf_init(&b, LIMIT_IMPORT_FILE_BYTES + 1);
		diag_init(&d, NULL);
		assert_int_equal(import_read_file(path, &b, &d), ERR_OK);
		run_init(&r);
		if (run_parse(&r, b.p, b.len, NULL, NULL) != ERR_OK)
			assert_true(r.d.msg[0] != '\0');
		else
			assert_int_equal(asset_validate(r.as, &r.d), ERR_OK);
		run_release(&r);
		run_init(&r);
		if (run_parse(&r, b.p, b.len, NULL, "en-GB") != ERR_OK)
			assert_true(r.d.msg[0] != '\0');
		run_release(&r);
		buf_release(&b);
		n++;
	}
	closedir(dp);
	print_message("%d regression inputs\n", n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_seed_line_ends),
		cmocka_unit_test(test_seed_words),
		cmocka_unit_test(test_seed_nomem),
		cmocka_unit_test(test_time_variants),
		cmocka_unit_test(test_time_instants),
		cmocka_unit_test(test_title_place),
		cmocka_unit_test(test_locales_line),
		cmocka_unit_test(test_locales_absent),
		cmocka_unit_test(test_detect_seed_without_announced),
		cmocka_unit_test(test_detect_ru),
		cmocka_unit_test(test_detect_de),
		cmocka_unit_test(test_detect_ar),
		cmocka_unit_test(test_detect_other),
		cmocka_unit_test(test_detect_unsure),
		cmocka_unit_test(test_detect_words),
		cmocka_unit_test(test_speakers),
		cmocka_unit_test(test_speaker_title),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_make_slug),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bad_limits),
		cmocka_unit_test(test_bad_format),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_regress),
	};

	asset_json_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
