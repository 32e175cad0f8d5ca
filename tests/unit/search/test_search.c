/*
 * test_search.c - search from end to end below HTTP: the query language
 * (src/search: parsing, normalised form, FTS5 expressions), the index and
 * searches of the SQLite store (src/store/sqlite_search.c, fts.c) on the
 * fixtures of tests/fixtures/search, and the page that shows results.
 *
 * Quality: Russian inflections, English, German, French and Spanish
 * variants, Arabic with and without article and diacritics, look-alike
 * letters, phrases against loose words, prefixes, exclusions, OR; the
 * speaker and role filters; snippets that highlight the right words and
 * come out escaped; facets that add up; nothing that is not public
 * returned or counted; no input that makes an SQL or FTS5 error; the index
 * following edits, a rebuild and the rebuild an upgrade asks for;
 * batches of saves; allocation failure. Does not go through HTTP
 * (tests/http/cases.txt does).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "pressroom/analyze.h"
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/page.h"
#include "pressroom/search.h"
#include "pressroom/store.h"
#include "pressroom/theme.h"
#include "pressroom/banned.h"

#define FIXTURES TEST_SRC_ROOT "/tests/fixtures/search"
#define SAVED_AT 1600000000	/* 2020-09-13: when the fixtures are saved */
#define NOW 1893456000		/* 2030-01-01: when the tests search */
#define LATER 2208988800	/* 2040-01-01: the scheduled copy is out */

#define S_TERROR "2016-03-01-statement-countering-terrorism"
#define S_THREAT "2017-05-10-news-terrorist-threat-vessa-region"
#define S_NEGOTIATIONS "2018-02-14-press-release-border-negotiations-resume"
#define S_NEGOTIATE "2018-06-20-statement-ready-to-negotiate"
#define S_VERTRAG "2018-09-03-statement-vertraege-unterzeichnet"
#define S_NEGOCIATIONS "2019-01-22-point-de-presse-negociations"
#define S_NEGOCIACION "2019-04-08-comunicado-negociacion-pesca"
#define S_MUAHADA "2019-07-15-bayan-muahada-al-miyah"
#define S_VISA "2020-10-05-transcript-visa-questions"
#define S_SCRIPT "2021-02-01-statement-on-script-tags"
#define S_ZEBRA "2021-05-05-news-zebrafinch-count"

static struct store *st;
static struct arena arena;
static char dbdir[] = "/tmp/pressroom-search-XXXXXX";

/* --- fixture -------------------------------------------------------------- */

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int64_t
save(struct asset *as)
{
	struct store_save_opts o = { .now = SAVED_AT };
	struct store_save_result r;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_asset_save(st, as, &o, &r, &d);
	if (e != ERR_OK)
		fail_msg("save %s: %s: %s", as->slug, err_str(e), d.msg);
	return r.id;
}

static void
load_fixtures(void)
{
	char *names[64], path[1024];
	size_t n = 0;
	struct dirent *de;
	DIR *dh = opendir(FIXTURES);
	struct asset *as;
	struct diag d;

	assert_non_null(dh);
	while ((de = readdir(dh)) != NULL && n < 64) {
		size_t len = strlen(de->d_name);

		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(dh);
	assert_int_equal(n, 11);
	qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; i < n; i++) {
		FILE *f;
		char *text = malloc(1 << 20);
		size_t len;

		snprintf(path, sizeof path, "%s/%s", FIXTURES, names[i]);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_non_null(text);
		len = fread(text, 1, (1 << 20) - 1, f);
		fclose(f);
		diag_init(&d, path);
		if (asset_json_parse(&arena, text, len, &as, &d) != ERR_OK)
			fail_msg("%s: %s", path, d.msg);
		as->nrelated_slugs = 0;
		save(as);
		free(text);
		free(names[i]);
	}
}

/* Copies of the zebrafinch asset in every state that is not public. */
static void
save_hidden_copies(void)
{
	static const struct {
		const char *slug;
		enum asset_status status;
		int64_t publish_at;
	} copies[] = {
		{ "2021-05-06-zebrafinch-draft", ASSET_DRAFT, 0 },
		{ "2021-05-07-zebrafinch-scheduled", ASSET_PUBLISHED, NOW + 1 },
		{ "2021-05-08-zebrafinch-withdrawn", ASSET_WITHDRAWN, 0 },
		{ "2021-05-09-zebrafinch-unpublished", ASSET_UNPUBLISHED, 0 },
	};
	struct asset *as;
	int64_t id;

	assert_int_equal(store_asset_find(st, S_ZEBRA, NULL, &id), ERR_OK);
	for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
		assert_int_equal(store_asset_get(st, &arena, id, &as), ERR_OK);
		as->id = 0;
		as->source = NULL;
		as->slug = (char *)copies[i].slug;
		as->status = copies[i].status;
		as->publish_at = copies[i].publish_at;
		as->withdraw_reason = (char *)"Counted twice.";
		save(as);
	}
}

static int
setup(void **state)
{
	struct diag d;

	(void)state;
	asset_json_setup();
	arena_init(&arena, (size_t)1 << 30);
	diag_init(&d, NULL);
	if (store_open(":memory:", STORE_CREATE, &st, &d) != ERR_OK) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		return -1;
	}
	load_fixtures();
	save_hidden_copies();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	arena_release(&arena);
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

/* Compiles text for every language in the store and searches with q. */
static struct store_search_result
find_q(struct store *s, const char *text, struct store_search_query q)
{
	struct search_query *sq;
	struct search_fts fts;
	struct store_search_result r;
	struct locale *langs = &q.locale;
	size_t n = 1;
	enum err e;

	assert_int_equal(search_parse(&arena, text, strlen(text), &sq),
	    ERR_OK);
	if (q.locale.tag[0] == '\0')
		assert_int_equal(store_search_locales(s, &arena, &langs, &n),
		    ERR_OK);
	assert_int_equal(search_compile(&arena, sq, langs, n, &fts), ERR_OK);
	if (q.scope.now == 0) {
		q.scope.public = true;
		q.scope.now = NOW;
	}
	q.match = fts.match;
	q.exclude = fts.exclude;
	if (q.limit == 0)
		q.limit = LIMIT_SEARCH_PAGE_SIZE;
	memset(&r, 0xa5, sizeof r);
	e = store_search(s, &arena, &q, &r);
	if (e != ERR_OK)
		fail_msg("\"%s\": %s (%s)", text, err_str(e), store_errmsg(s));
	return r;
}

static struct store_search_result
find(const char *text)
{
	struct store_search_query q = { 0 };

	return find_q(st, text, q);
}

static const struct store_search_hit *
hit(const struct store_search_result *r, const char *slug)
{
	for (size_t i = 0; i < r->nhits; i++)
		if (strcmp(r->hits[i].slug, slug) == 0)
			return &r->hits[i];
	return NULL;
}

/* text finds exactly the assets listed (NULL-terminated). */
static void
assert_finds(const char *text, ...)
{
	struct store_search_result r = find(text);
	va_list ap;
	const char *slug;
	size_t n = 0;

	va_start(ap, text);
	while ((slug = va_arg(ap, const char *)) != NULL) {
		if (hit(&r, slug) == NULL)
			fail_msg("\"%s\" does not find %s (%zu results)", text,
			    slug, r.total);
		n++;
	}
	va_end(ap);
	if (r.total != n) {
		for (size_t i = 0; i < r.nhits; i++)
			print_message("  %s\n", r.hits[i].slug);
		fail_msg("\"%s\": %zu results, expected %zu", text, r.total,
		    n);
	}
}

static size_t
facet_sum(const struct store_search_result *r, enum store_facet_kind k)
{
	size_t sum = 0;

	for (size_t i = 0; i < r->nfacets[k]; i++)
		sum += r->facets[k][i].count;
	return sum;
}

static size_t
facet_count(const struct store_search_result *r, enum store_facet_kind k,
    const char *value)
{
	for (size_t i = 0; i < r->nfacets[k]; i++)
		if (strcmp(r->facets[k][i].value, value) == 0)
			return r->facets[k][i].count;
	return 0;
}

/* s with the highlight markers as [ and ]. */
static const char *
brackets(const char *s)
{
	static char out[8192];
	size_t i = 0;

	for (; *s != '\0' && i + 1 < sizeof out; s++)
		out[i++] = *s == ANALYZE_HL_OPEN ? '[' :
		    *s == ANALYZE_HL_CLOSE ? ']' : *s;
	out[i] = '\0';
	return out;
}

/* --- the query language -------------------------------------------------- */

static const char *
normal(const char *text)
{
	static char out[4096];
	struct search_query *q;
	struct buf b;

	assert_int_equal(search_parse(&arena, text, strlen(text), &q), ERR_OK);
	buf_init(&b, sizeof out - 1);
	search_query_format(&b, q);
	snprintf(out, sizeof out, "%s", b.p);
	buf_release(&b);
	return out;
}

static void
test_parse(void **state)
{
	struct search_query *q;
	const char *t = "water \"border treaty\" negot* -fish OR visa";

	(void)state;
	assert_int_equal(search_parse(&arena, t, strlen(t), &q), ERR_OK);
	assert_int_equal(q->ngroups, 3);
	assert_int_equal(q->groups[0].terms[0].kind, SEARCH_WORD);
	assert_string_equal(q->groups[0].terms[0].text, "water");
	assert_int_equal(q->groups[1].terms[0].kind, SEARCH_PHRASE);
	assert_string_equal(q->groups[1].terms[0].text, "border treaty");
	assert_int_equal(q->groups[2].nterms, 2);
	assert_int_equal(q->groups[2].terms[0].kind, SEARCH_PREFIX);
	assert_string_equal(q->groups[2].terms[0].text, "negot");
	assert_string_equal(q->groups[2].terms[1].text, "visa");
	assert_int_equal(q->nexcluded, 1);
	assert_string_equal(q->excluded[0].text, "fish");
	assert_false(q->cut);
	assert_string_equal(normal(t), "water \"border treaty\" negot* OR visa "
	    "-fish");
	/* a normalised query parses to itself */
	assert_string_equal(normal(normal(t)), normal(t));
}

static void
test_parse_degrades(void **state)
{
	struct search_query *q;
	char big[LIMIT_SEARCH_QUERY_BYTES * 2];

	(void)state;
	/* an unclosed quote is a phrase to the end */
	assert_string_equal(normal("a \"b c"), "a \"b c\"");
	/* typographic quotes are quotes */
	assert_string_equal(normal("«Весса река» „Vertrag der“"),
	    "\"Весса река\" \"Vertrag der\"");
	/* operators without operands, AND, NOT */
	assert_string_equal(normal("OR a OR"), "a");
	assert_string_equal(normal("- a -"), "a");
	assert_string_equal(normal("a AND b"), "a b");
	assert_string_equal(normal("a NOT b"), "a -b");
	assert_string_equal(normal("a OR -b"), "a -b");
	/* lower-case operators are words */
	assert_string_equal(normal("a or b and c"), "a or b and c");
	/* short prefixes are words, stars are dropped */
	assert_string_equal(normal("ab* abc* *"), "ab abc*");
	/* FTS5 syntax is text */
	assert_string_equal(normal("title:x NEAR(a b) ^c (d)"),
	    "title:x NEAR(a b) ^c (d)");
	/* terms without a word are skipped */
	assert_string_equal(normal("() -- \"\" ^ :"), "");
	assert_true(search_parse(&arena, "()", 2, &q) == ERR_OK &&
	    search_query_empty(q));
	/* control characters and bad bytes separate */
	assert_string_equal(normal("a\x01" "b\xff" "c\x7f" "d"), "a b c d");
	/* too many terms */
	assert_string_equal(normal("a b c d e f g h i j k l m n"),
	    "a b c d e f g h i j k l");
	assert_int_equal(search_parse(&arena, "a b c d e f g h i j k l m", 25,
	    &q), ERR_OK);
	assert_true(q->cut);
	/* too long: cut at a character */
	for (size_t i = 0; i + 2 <= sizeof big; i += 2)
		memcpy(big + i, "я", 2);
	assert_int_equal(search_parse(&arena, big, sizeof big, &q), ERR_OK);
	assert_true(q->cut);
	assert_int_equal(strlen(q->groups[0].terms[0].text),
	    LIMIT_SEARCH_QUERY_BYTES);
	/* NULL text is empty */
	assert_int_equal(search_parse(&arena, NULL, 5, &q), ERR_OK);
	assert_true(search_query_empty(q));
}

static void
test_compile(void **state)
{
	struct search_query *q;
	struct search_fts f;
	struct locale ls[3];
	const char *t = "water \"a b\" negot* -fish";

	(void)state;
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &ls[0]), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("en-US"), &ls[1]), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("ru-RU"), &ls[2]), ERR_OK);
	assert_int_equal(search_parse(&arena, t, strlen(t), &q), ERR_OK);
	assert_int_equal(search_compile(&arena, q, ls, 3, &f), ERR_OK);
	/* one branch per language, not per locale; every term quoted */
	assert_string_equal(f.match,
	    "((\"\x01" "en\x02" "water\") AND (\"\x01" "en\x02" "a b\") AND "
	    "(\"\x01" "en\x02" "negot\" *)) OR "
	    "((\"\x01" "ru\x02" "water\") AND (\"\x01" "ru\x02" "a b\") AND "
	    "(\"\x01" "ru\x02" "negot\" *))");
	assert_string_equal(f.exclude, "\"\x01" "en\x02" "fish\" OR "
	    "\"\x01" "ru\x02" "fish\"");
	/* no locale: the unstemmed analysis */
	assert_int_equal(search_compile(&arena, q, NULL, 0, &f), ERR_OK);
	assert_non_null(strstr(f.match, "\x01" "und\x02"));
	/* nothing to look for */
	assert_int_equal(search_parse(&arena, "-x", 2, &q), ERR_OK);
	assert_int_equal(search_compile(&arena, q, ls, 3, &f), ERR_OK);
	assert_string_equal(f.match, "");
	assert_string_equal(f.exclude, "");
}

/* --- quality ------------------------------------------------------------- */

static void
test_russian_inflections(void **state)
{
	(void)state;
	assert_finds("терроризм", S_TERROR, S_THREAT, NULL);
	assert_finds("терроризма", S_TERROR, S_THREAT, NULL);
	assert_finds("терроризмом", S_TERROR, S_THREAT, NULL);
	assert_finds("ТЕРРОРИЗМУ", S_TERROR, S_THREAT, NULL);
	assert_finds("террор*", S_TERROR, S_THREAT, NULL);
	/* the English text of the first, not the Russian-only second */
	assert_finds("terrorism", S_TERROR, NULL);
}

static void
test_english(void **state)
{
	(void)state;
	assert_finds("negotiations", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	assert_finds("negotiate", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	assert_finds("negotiating", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	assert_finds("negot*", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	assert_finds("negotiatio*", S_NEGOTIATIONS, NULL);
	/* a link's address is not text */
	assert_finds("communique", S_NEGOTIATIONS, NULL);
	assert_finds("example", NULL);
}

static void
test_german_french_spanish(void **state)
{
	(void)state;
	assert_finds("Vertrag", S_VERTRAG, NULL);
	assert_finds("Verträge", S_VERTRAG, NULL);
	assert_finds("Vertrags", S_VERTRAG, NULL);
	assert_finds("Aussenministerin", S_VERTRAG, NULL);
	assert_finds("négociation", S_NEGOCIATIONS, NULL);
	assert_finds("negociations", S_NEGOCIATIONS, NULL);
	assert_finds("accord", S_NEGOCIATIONS, NULL);
	assert_finds("negociación", S_NEGOCIACION, NULL);
	assert_finds("negociacion", S_NEGOCIACION, NULL);
	assert_finds("acuerdo", S_NEGOCIACION, NULL);
}

static void
test_arabic(void **state)
{
	(void)state;
	assert_finds("معاهدة", S_MUAHADA, NULL);
	assert_finds("المعاهدة", S_MUAHADA, NULL);
	assert_finds("المُعَاهَدَةُ", S_MUAHADA, NULL);
	assert_finds("والمعاهدة", S_MUAHADA, NULL);
	assert_finds("معاهده", S_MUAHADA, NULL);
	assert_finds("وزير", S_MUAHADA, NULL);
	assert_finds("الزراعة", S_MUAHADA, NULL);
	assert_finds("المعا*", S_MUAHADA, NULL);
}

static void
test_lookalikes(void **state)
{
	(void)state;
	/* "Mоскве" has a Latin M, "Nоrland" a Cyrillic о */
	assert_finds("Москве", S_TERROR, NULL);
	assert_finds("\"Norland delegation\"", S_TERROR, NULL);
}

static void
test_phrase_or_exclude(void **state)
{
	(void)state;
	assert_finds("water treaty", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	assert_finds("\"water treaty\"", S_NEGOTIATIONS, NULL);
	assert_finds("\"treaty water\"", NULL);
	assert_finds("treaty -drinking", S_NEGOTIATIONS, NULL);
	assert_finds("treaty NOT drinking", S_NEGOTIATIONS, NULL);
	assert_finds("Vertrag OR negociación", S_VERTRAG, S_NEGOCIACION,
	    NULL);
	/* all words in one passage */
	assert_finds("fishing drinking", NULL);
	assert_finds("fishing arrangement", S_NEGOTIATE, NULL);
}

static void
test_speaker_and_role(void **state)
{
	struct store_search_query q = { .speaker = "javorin" };
	struct store_search_result r;
	struct asset *as;
	int64_t id;

	(void)state;
	r = find_q(st, "visa", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].slug, S_VISA);
	assert_int_equal(store_asset_find(st, S_VISA, NULL, &id), ERR_OK);
	assert_int_equal(store_asset_get(st, &arena, id, &as), ERR_OK);
	/* the passage shown is a turn of that speaker */
	for (size_t t = 0; t < as->ntranslations; t++)
		for (size_t b = 0; b < as->translations[t].nblocks; b++) {
			const struct block *bl = &as->translations[t].blocks[b];

			if (strcmp(bl->id, r.hits[0].block_id) == 0)
				assert_string_equal(
				    as->speakers[bl->speaker].name,
				    "Marek Javorin");
		}
	assert_int_equal(r.nfacets[STORE_FACET_SPEAKER], 1);
	assert_string_equal(r.facets[STORE_FACET_SPEAKER][0].value,
	    "Marek Javorin");
	/* students are only in the question and two answers */
	q.speaker = "Ingrid Maarland";
	r = find_q(st, "students", q);
	assert_int_equal(r.total, 0);
	q.speaker = "Sara Lund";
	r = find_q(st, "students", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].block_id, "t1");
	/* roles */
	q.speaker = NULL;
	q.role = TURN_ROLE_QUESTION;
	r = find_q(st, "seasonal", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].block_id, "t4");
	q.role = TURN_ROLE_ANSWER;
	r = find_q(st, "seasonal", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].block_id, "t5");
	/* the speakers facet of an unfiltered search */
	q.role = TURN_ROLE_NONE;
	r = find_q(st, "visa", q);
	assert_int_equal(facet_count(&r, STORE_FACET_SPEAKER,
	    "Marek Javorin"), 1);
	assert_int_equal(facet_count(&r, STORE_FACET_SPEAKER,
	    "Ingrid Maarland"), 1);
	assert_int_equal(facet_count(&r, STORE_FACET_SPEAKER, "Sara Lund"),
	    1);
}

static void
test_other_filters(void **state)
{
	struct store_search_query q = { 0 };
	struct store_search_result r;

	(void)state;
	/* locale: a bare language matches its regions */
	assert_int_equal(locale_parse(STR_LIT("ru"), &q.locale), ERR_OK);
	r = find_q(st, "визы", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].locale.tag, "ru-RU");
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &q.locale), ERR_OK);
	r = find_q(st, "визы", q);
	assert_int_equal(r.total, 0);
	memset(&q.locale, 0, sizeof q.locale);
	/* kind */
	q.has_kind = true;
	q.kind = ASSET_KIND_NEWS;
	r = find_q(st, "terrorism OR терроризм", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].slug, S_THREAT);
	q.has_kind = false;
	/* dates: the local date of the event, both ends */
	q.has_from = true;
	q.from = 1489968000;	/* 2017-03-20 */
	r = find_q(st, "терроризм", q);
	assert_int_equal(r.total, 1);
	q.has_to = true;
	q.to = 1494374400;	/* 2017-05-10, exclusive */
	r = find_q(st, "терроризм", q);
	assert_int_equal(r.total, 0);
	q.to += 86400;
	r = find_q(st, "терроризм", q);
	assert_int_equal(r.total, 1);
	q.has_from = q.has_to = false;
	/* tag */
	q.tag = "fisheries";
	r = find_q(st, "negotiate", q);
	assert_int_equal(r.total, 0);
	/* the preferred language picks the passage's locale */
	q.tag = NULL;
	assert_int_equal(locale_parse(STR_LIT("ru-RU"), &q.prefer), ERR_OK);
	r = find_q(st, "Javorin OR Яворин OR визы OR visa", q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].locale.tag, "ru-RU");
	assert_int_equal(locale_parse(STR_LIT("en"), &q.prefer), ERR_OK);
	r = find_q(st, "Javorin OR Яворин OR визы OR visa", q);
	assert_string_equal(r.hits[0].locale.tag, "en-GB");
}

static void
test_snippets(void **state)
{
	struct store_search_result r;
	const struct store_search_hit *h;

	(void)state;
	r = find("negotiations");
	h = hit(&r, S_NEGOTIATIONS);
	assert_non_null(h);
	assert_string_equal(brackets(h->title),
	    "Border [negotiations] with Ostrelia resume");
	assert_non_null(strstr(brackets(h->snippet), "[negotiations]"));
	h = hit(&r, S_NEGOTIATE);
	assert_non_null(h);
	assert_string_equal(h->block_id, "p1");
	assert_string_equal(brackets(h->snippet), "Norland is ready to "
	    "[negotiate] a new arrangement on fishing rights.");
	/* a phrase: the words of the phrase */
	r = find("\"water treaty\"");
	assert_non_null(strstr(brackets(r.hits[0].snippet),
	    "the [water treaty] signed"));
	/* Russian forms: the word as written */
	r = find("терроризм");
	h = hit(&r, S_THREAT);
	assert_non_null(h);
	assert_string_equal(brackets(h->title),
	    "Угроза [терроризма] в регионе Весса снижается");
	/* no marker bytes ever leak */
	for (size_t i = 0; i < r.nhits; i++) {
		assert_null(strchr(r.hits[i].title, ANALYZE_MARK));
		assert_null(strchr(r.hits[i].snippet, ANALYZE_MARK));
	}
}

static void
test_escaping(void **state)
{
	struct store_search_result r = find("script markup");
	struct page_search_hit ph;
	struct page_search_view v = { 0 };
	struct theme *th;
	struct page_site site = { .base_url = "http://test.invalid" };
	struct locale en;
	struct buf b;
	struct diag d;

	(void)state;
	assert_int_equal(r.total, 1);
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &en), ERR_OK);
	ph.slug = r.hits[0].slug;
	ph.locale = r.hits[0].locale;
	ph.block_id = r.hits[0].block_id;
	ph.kind = r.hits[0].kind;
	ph.event_at = r.hits[0].event_at;
	ph.event_offset = r.hits[0].event_offset;
	ph.title = r.hits[0].title;
	ph.snippet = r.hits[0].snippet;
	v.locale = &en;
	v.params.q = "<script>alert(2)</script>";
	v.has_query = true;
	v.hits = &ph;
	v.nhits = 1;
	v.total = 1;
	v.page = v.pages = 1;
	v.per_page = 20;
	diag_init(&d, NULL);
	assert_int_equal(theme_load(NULL, &th, &d), ERR_OK);
	buf_init(&b, LIMIT_PAGE_BYTES);
	assert_int_equal(page_search(&arena, th, &site, &v, &b), ERR_OK);
	assert_null(strstr(b.p, "<script"));
	assert_non_null(strstr(b.p, "Statement on &lt;<mark>script</mark>&gt;"
	    "alert(1)&lt;/<mark>script</mark>&gt; <mark>markup</mark>"));
	assert_non_null(strstr(b.p, "value=\"&lt;script&gt;alert(2)&lt;/"
	    "script&gt;\""));
	assert_non_null(strstr(b.p, "&amp; other &lt;b&gt;"));
	buf_release(&b);
	/* the marked text writer on its own */
	buf_init(&b, 1024);
	page_marked_html(&b, "a\x1e<b>\x1f\x1f & \x1e" "c");
	assert_string_equal(b.p, "a<mark>&lt;b&gt;</mark> &amp; <mark>c"
	    "</mark>");
	buf_release(&b);
	theme_free(th);
}

static void
test_facets_add_up(void **state)
{
	static const char *const queries[] = {
		"negot*", "visa OR визы", "Vessa",
		"treaty OR Vertrag OR معاهدة", "Norland OR Норландия",
	};

	(void)state;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct store_search_result r = find(queries[i]);

		assert_true(r.total > 0);
		assert_int_equal(facet_sum(&r, STORE_FACET_KIND), r.total);
		assert_int_equal(facet_sum(&r, STORE_FACET_YEAR), r.total);
		for (size_t k = 0; k < r.nfacets[STORE_FACET_LOCALE]; k++) {
			struct store_search_query q = { 0 };
			struct store_search_result f;

			/* a locale's count is what its filter finds */
			assert_int_equal(locale_parse(str_from(
			    r.facets[STORE_FACET_LOCALE][k].value), &q.locale),
			    ERR_OK);
			q.locale = q.locale;
			f = find_q(st, queries[i], q);
			assert_true(f.total <=
			    r.facets[STORE_FACET_LOCALE][k].count);
		}
		for (size_t k = 0; k < r.nfacets[STORE_FACET_KIND]; k++) {
			struct store_search_query q = { .has_kind = true };
			struct store_search_result f;

			assert_int_equal(asset_kind_parse(
			    r.facets[STORE_FACET_KIND][k].value, &q.kind),
			    ERR_OK);
			f = find_q(st, queries[i], q);
			assert_int_equal(f.total,
			    r.facets[STORE_FACET_KIND][k].count);
		}
		for (size_t k = 0; k < r.nfacets[STORE_FACET_SPEAKER]; k++) {
			struct store_search_query q = { .speaker =
			    r.facets[STORE_FACET_SPEAKER][k].value };
			struct store_search_result f = find_q(st, queries[i],
			    q);

			assert_int_equal(f.total,
			    r.facets[STORE_FACET_SPEAKER][k].count);
		}
	}
}

static void
test_only_public(void **state)
{
	struct store_search_query q = { 0 };
	struct store_search_result r;

	(void)state;
	r = find("zebrafinch");
	assert_int_equal(r.total, 1);
	assert_int_equal(r.nhits, 1);
	assert_string_equal(r.hits[0].slug, S_ZEBRA);
	assert_int_equal(facet_sum(&r, STORE_FACET_KIND), 1);
	assert_int_equal(facet_sum(&r, STORE_FACET_YEAR), 1);
	assert_int_equal(facet_count(&r, STORE_FACET_LOCALE, "en-GB"), 1);
	/* the scheduled copy appears at its second, the others never */
	q.scope.public = true;
	q.scope.now = NOW + 1;
	r = find_q(st, "zebrafinch", q);
	assert_int_equal(r.total, 2);
	assert_non_null(hit(&r, "2021-05-07-zebrafinch-scheduled"));
	q.scope.now = LATER;
	q.scope.withdrawn = false;
	r = find_q(st, "zebrafinch", q);
	assert_int_equal(r.total, 2);
	/* an editor's scope sees all five */
	q.scope.public = false;
	r = find_q(st, "zebrafinch", q);
	assert_int_equal(r.total, 5);
}

static void
test_no_input_errs(void **state)
{
	static const char *const nasty[] = {
		"", " ", "\"", "\"\"", "\"\"\"", "'", "*", "**", "-", "--x",
		"OR", "AND", "NOT", "NEAR", "NEAR(a b, 2)", "a NEAR b",
		"title:treaty", "body:x", "{title summary}:x", "^x", "a^", "(",
		")", "((a)", "a OR OR b", "a AND NOT b", "-\"a b\"*", "\"a*\"",
		"x\"y\"z", "\\", "\\\"", ";", "'; DROP TABLE asset; --",
		"%", "_", "\x01", "\x01" "en\x02" "x", "\x02", "\x1e\x1f",
		"\xff\xfe\xfd", "\xc3\x28", "\xe2\x82", "ـ", "ً", "\xCC\x81",
		"水*", "٣٤*", "😀", "a\tb\nc\rd", "NOT NOT a", "-a -b -c",
		"a OR -b OR c", "*a", "a**", "\"unclosed", "x OR \"y",
		"NEAR/3", "+a", "a+b", "a:b:c", "col:\"x\"", "{a}", "[a]",
	};
	char junk[600];
	unsigned seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++)
		(void)find(nasty[i]);
	/* random bytes and random UTF-8 of the alphabet that matters */
	for (int round = 0; round < 500; round++) {
		static const char *const bits[] = {
			"\"", "*", "-", " ", "OR", "AND", "NOT", "(", ")", ":",
			"^", "a", "я", "ا", "ال", "水", "\xff", "\x01", "\x02",
			"NEAR", "+", "'", "1",
		};
		size_t n = 0;

		seed = seed * 1103515245 + 12345;
		if (round % 2 == 0) {
			size_t len = (seed >> 16) % sizeof junk;

			for (size_t k = 0; k < len; k++) {
				seed = seed * 1103515245 + 12345;
				junk[k] = (char)(seed >> 16);
				if (junk[k] == '\0')
					junk[k] = ' ';
			}
			junk[len] = '\0';
		} else {
			while (n + 8 < sizeof junk) {
				const char *b;

				seed = seed * 1103515245 + 12345;
				b = bits[(seed >> 16) %
				    (sizeof bits / sizeof bits[0])];
				if ((seed >> 8) % 40 == 0)
					break;
				memcpy(junk + n, b, strlen(b));
				n += strlen(b);
			}
			junk[n] = '\0';
		}
		(void)find(junk);
	}
}

static void
test_pages(void **state)
{
	struct store_search_query q = { .limit = 1 };
	struct store_search_result all = find("Vessa OR Весса"), r;

	(void)state;
	assert_true(all.total >= 2);
	for (size_t p = 0; p < all.total; p++) {
		q.offset = p;
		r = find_q(st, "Vessa OR Весса", q);
		assert_int_equal(r.total, all.total);
		assert_int_equal(r.nhits, 1);
		assert_string_equal(r.hits[0].slug, all.hits[p].slug);
	}
	q.offset = all.total;
	r = find_q(st, "Vessa OR Весса", q);
	assert_int_equal(r.nhits, 0);
	/* out of range */
	q.limit = LIMIT_SEARCH_PAGE_SIZE + 1;
	q.match = "x";
	assert_int_equal(store_search(st, &arena, &q, &r), ERR_LIMIT);
	/* ranking: best score first; a title match beats a passage */
	r = find("negotiations");
	for (size_t i = 1; i < r.nhits; i++)
		assert_true(r.hits[i - 1].score <= r.hits[i].score);
	r = find("ready");
	assert_string_equal(r.hits[0].slug, S_NEGOTIATE);
}

static void
test_index_follows_edits(void **state)
{
	struct asset *as;
	struct store_search_result r;
	int64_t id;

	(void)state;
	assert_int_equal(store_asset_find(st, S_NEGOTIATE, NULL, &id), ERR_OK);
	assert_int_equal(store_asset_get(st, &arena, id, &as), ERR_OK);
	as->translations[0].blocks[0].text =
	    (char *)"Norland is ready to discuss porpoise quotas.";
	save(as);
	assert_finds("porpoise", S_NEGOTIATE, NULL);
	assert_finds("fishing", NULL);
	assert_finds("negotiate", S_NEGOTIATIONS, S_NEGOTIATE, NULL);
	/* a rebuild gives the same results */
	assert_int_equal(store_reindex(st, NULL), ERR_OK);
	assert_finds("porpoise", S_NEGOTIATE, NULL);
	assert_finds("терроризмом", S_TERROR, S_THREAT, NULL);
	r = find("zebrafinch");
	assert_int_equal(r.total, 1);
}

/* A tokenizer named 'pressroom' that makes nothing: enough to drop. */
static int
dummy_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int dummy;

	(void)ud;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&dummy;
	return SQLITE_OK;
}

static void
dummy_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
dummy_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *p, int n,
    int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	(void)ctx;
	(void)flags;
	(void)p;
	(void)n;
	(void)token;
	return SQLITE_OK;
}

static void
db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/*
 * A database with content and an empty index, as migration 3 leaves one
 * made by an older pressroom: the first writable open fills the index,
 * once; a read-only open leaves it be.
 */
static void
test_upgrade(void **state)
{
	static fts5_tokenizer dummy = { dummy_create, dummy_delete,
		dummy_tokenize };
	char path[256];
	struct store *s;
	struct diag d;
	sqlite3 *db;
	sqlite3_stmt *stmt;
	fts5_api *api = NULL;
	struct store_search_query q = { 0 };
	struct store_search_result r;
	struct store_save_result res;
	struct asset *as;
	int64_t id;

	(void)state;
	assert_non_null(mkdtemp(dbdir));
	snprintf(path, sizeof path, "%s/p.db", dbdir);
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, STORE_CREATE, &s, &d), ERR_OK);
	assert_int_equal(store_asset_find(st, S_TERROR, NULL, &id), ERR_OK);
	assert_int_equal(store_asset_get(st, &arena, id, &as), ERR_OK);
	as->id = 0;
	as->source = NULL;
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	store_close(s);
	/* the index emptied and the migration's flag set */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt,
	    NULL), SQLITE_OK);
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	assert_non_null(api);
	assert_int_equal(api->xCreateTokenizer(api, "pressroom", NULL, &dummy,
	    NULL), SQLITE_OK);
	db_exec(db, "DROP TABLE search_fts;"
	    "DELETE FROM search_doc;"
	    "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, "
	    "tokenize = 'pressroom');"
	    "INSERT INTO meta(key, value) VALUES ('search_reindex', 1);");
	sqlite3_close(db);
	/* read-only: no rebuild (and nothing found) */
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, STORE_READONLY, &s, &d), ERR_OK);
	r = find_q(s, "терроризмом", q);
	assert_int_equal(r.total, 0);
	store_close(s);
	/* writable: rebuilt */
	assert_int_equal(store_open(path, 0, &s, &d), ERR_OK);
	r = find_q(s, "терроризмом", q);
	assert_int_equal(r.total, 1);
	store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_int(db, "SELECT count(*) FROM meta WHERE key = "
	    "'search_reindex'"), 0);
	/* two translations: title, summary and two blocks each */
	assert_int_equal(db_int(db, "SELECT count(*) FROM search_doc"), 8);
	sqlite3_close(db);
	unlink(path);
	snprintf(path, sizeof path, "%s/p.db-wal", dbdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/p.db-shm", dbdir);
	unlink(path);
	rmdir(dbdir);
}

/* Batches: savepoints in one transaction, searchable once committed. */
static void
test_batch(void **state)
{
	struct store *s;
	struct diag d;
	struct asset *as, *bad;
	struct store_save_result res;
	struct store_search_query q = { 0 };
	int64_t id;

	(void)state;
	diag_init(&d, NULL);
	assert_int_equal(store_open(":memory:", STORE_CREATE, &s, &d), ERR_OK);
	assert_int_equal(store_batch_end(s, true), ERR_INVAL);
	assert_int_equal(store_batch_begin(s), ERR_OK);
	assert_int_equal(store_batch_begin(s), ERR_CONFLICT);
	assert_int_equal(store_asset_find(st, S_ZEBRA, NULL, &id), ERR_OK);
	assert_int_equal(store_asset_get(st, &arena, id, &as), ERR_OK);
	as->id = 0;
	as->source = NULL;
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	/* a save that fails inside the batch leaves no trace of itself */
	assert_int_equal(store_asset_get(st, &arena, id, &bad), ERR_OK);
	bad->id = 0;
	bad->source = NULL;
	diag_init(&d, NULL);
	assert_int_equal(store_asset_save(s, bad, NULL, &res, &d),
	    ERR_CONFLICT);	/* the same slug */
	assert_int_equal(bad->id, 0);
	bad->slug = (char *)"2021-05-10-zebrafinch-again";
	assert_int_equal(store_asset_save(s, bad, NULL, &res, &d), ERR_OK);
	assert_int_equal(store_batch_end(s, true), ERR_OK);
	assert_int_equal(find_q(s, "zebrafinch", q).total, 2);
	/* a batch rolled back leaves nothing */
	assert_int_equal(store_batch_begin(s), ERR_OK);
	as->id = 0;
	as->slug = (char *)"2021-05-11-zebrafinch-never";
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	assert_int_equal(store_batch_end(s, false), ERR_OK);
	assert_int_equal(find_q(s, "zebrafinch", q).total, 2);
	assert_int_equal(store_asset_find(s, "2021-05-11-zebrafinch-never",
	    NULL, &id), ERR_NOTFOUND);
	store_close(s);
}

static void
test_nomem(void **state)
{
	struct store_search_query q = { .scope = { .public = true,
		.now = NOW }, .limit = 10 };
	struct search_query *sq;
	struct search_fts fts;
	struct store_search_result r;
	struct locale *langs;
	size_t n;
	long k, fails = 0;
	enum err e;
	struct arena a;
	const char *text = "visa OR виз* -zebrafinch \"seasonal workers\"";

	(void)state;
	assert_int_equal(store_search_locales(st, &arena, &langs, &n), ERR_OK);
	for (k = 1; k < 100000; k++) {
		arena_init(&a, (size_t)1 << 30);
		mem_fail_after(k);
		e = search_parse(&a, text, strlen(text), &sq);
		if (e == ERR_OK)
			e = search_compile(&a, sq, langs, n, &fts);
		if (e == ERR_OK) {
			q.match = fts.match;
			q.exclude = fts.exclude;
			e = store_search(st, &a, &q, &r);
		}
		mem_fail_after(0);
		arena_release(&a);
		if (e == ERR_OK)
			break;
		assert_true(e == ERR_NOMEM || e == ERR_LIMIT);
		fails++;
	}
	assert_int_equal(e, ERR_OK);
	assert_true(fails > 0);
	assert_int_equal(r.total, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_degrades),
		cmocka_unit_test(test_compile),
		cmocka_unit_test(test_russian_inflections),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_german_french_spanish),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_lookalikes),
		cmocka_unit_test(test_phrase_or_exclude),
		cmocka_unit_test(test_speaker_and_role),
		cmocka_unit_test(test_other_filters),
		cmocka_unit_test(test_snippets),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_facets_add_up),
		cmocka_unit_test(test_only_public),
		cmocka_unit_test(test_no_input_errs),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_index_follows_edits),
		cmocka_unit_test(test_upgrade),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
