/*
 * test_publisher.c - unit tests for src/core/publisher.c: the publisher
 * model. The names of the enum values, the defaults of publisher_new,
 * publisher_name_valid, publisher_validate (one test per invariant of
 * publisher.h's header, each checking the error and that the diag names
 * the field), the JSON form both ways (every field round trips, defaults
 * for missing members, every rejection of publisher_from_json with its
 * message, dates as "2015-06-11" and as RFC 3339, the second order key
 * chosen when one is given), publisher_serves and publisher_title, and
 * allocation failure injected at every step of reading and writing JSON.
 *
 * Does not run a listing (tests/unit/store/test_publisher.c does) or
 * render one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/publisher.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

static struct arena arena;

/* 2015-06-11T00:00:00Z and 2015-06-11T18:30:00+03:00 */
#define JUNE11 1433980800
#define JUNE11_1830_MSK 1434036600

static int
group_setup(void **state)
{
	(void)state;
	asset_json_setup();
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 64u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	arena_release(&arena);
	return 0;
}

/* --- helpers ------------------------------------------------------------ */

/* JSON text written with ' for " (the tests need no apostrophes) */
static char *
jq(const char *s)
{
	size_t n = strlen(s);
	char *p = arena_calloc(&arena, n + 1, 1);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = s[i] == '\'' ? '"' : s[i];
	return p;
}

static struct locale
loc(const char *s)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(s), &l), ERR_OK);
	return l;
}

static char *
sdup(const char *s)
{
	char *p = arena_strdup(&arena, s);

	assert_non_null(p);
	return p;
}

static char **
strv(const char *const *v, size_t n)
{
	char **out = arena_calloc(&arena, n + 1, sizeof *out);

	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		out[i] = sdup(v[i]);
	return out;
}

/* A valid publisher with the defaults and a name. */
static struct publisher *
make_default(void)
{
	struct publisher *p = publisher_new(&arena);

	assert_non_null(p);
	p->name = sdup("latest");
	return p;
}

/*
 * A valid publisher with every field away from its default: manual, three
 * titles (the first not English), every filter, two order keys, grouped by
 * month, titles display, every show bit but date, two locales, fallback
 * original.
 */
static struct publisher *
make_full(void)
{
	struct publisher *p = make_default();
	static const char *const any[] = { "syria", "un security council" };
	static const char *const all[] = { "iran" };
	static const char *const none[] = { "sport", "culture", "ёлка" };
	static const int64_t ids[] = { 42, 7, 1000000000000, 3 };

	p->name = sdup("ministers-speeches-2015");
	p->titles = arena_calloc(&arena, 3, sizeof *p->titles);
	assert_non_null(p->titles);
	p->titles[0].locale = loc("ru-RU");
	p->titles[0].text = sdup("Выступления Министра");
	p->titles[1].locale = loc("en-GB");
	p->titles[1].text = sdup("Speeches of the Minister");
	p->titles[2].locale = loc("ar");
	p->titles[2].text = sdup("خطابات الوزير");
	p->ntitles = 3;
	p->selection = PUB_MANUAL;
	p->manual = arena_calloc(&arena, 4, sizeof *p->manual);
	assert_non_null(p->manual);
	memcpy(p->manual, ids, sizeof ids);
	p->nmanual = 4;
	p->kinds = 1u << ASSET_KIND_SPEECH | 1u << ASSET_KIND_INTERVIEW;
	p->tags_any = strv(any, 2);
	p->ntags_any = 2;
	p->tags_all = strv(all, 1);
	p->ntags_all = 1;
	p->tags_none = strv(none, 3);
	p->ntags_none = 3;
	p->speaker = sdup("Sergey Lavrov");
	p->place = sdup("Moscow, Russia");
	p->from = JUNE11;
	p->to = JUNE11_1830_MSK;
	p->has_locale = true;
	p->locale = loc("ru-RU");
	p->order[0] = PUB_ORDER_TITLE;
	p->desc[0] = false;
	p->order[1] = PUB_ORDER_MODIFIED;
	p->desc[1] = true;
	p->group = PUB_GROUP_MONTH;
	p->page_size = 7;
	p->paging = PUB_PAGING_PREVNEXT;
	p->display = PUB_DISPLAY_TITLES;
	p->show = PUB_SHOW_PLACE | PUB_SHOW_SPEAKERS | PUB_SHOW_LOCALES |
	    PUB_SHOW_KIND;
	p->locales = arena_calloc(&arena, 2, sizeof *p->locales);
	assert_non_null(p->locales);
	p->locales[0] = loc("ru-RU");
	p->locales[1] = loc("en-GB");
	p->nlocales = 2;
	p->fallback = PUB_FALLBACK_ORIGINAL;
	return p;
}

static void
assert_strv_equal(char *const *want, size_t nwant, char *const *got,
    size_t ngot)
{
	assert_int_equal(ngot, nwant);
	for (size_t i = 0; i < nwant; i++)
		assert_string_equal(got[i], want[i]);
}

static void
assert_str_or_null(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

/* Every field but the id is equal. */
static void
assert_publisher_equal(const struct publisher *want,
    const struct publisher *got)
{
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->ntitles, want->ntitles);
	for (size_t i = 0; i < want->ntitles; i++) {
		assert_string_equal(got->titles[i].locale.tag,
		    want->titles[i].locale.tag);
		assert_string_equal(got->titles[i].text, want->titles[i].text);
	}
	assert_int_equal(got->selection, want->selection);
	assert_int_equal(got->nmanual, want->nmanual);
	for (size_t i = 0; i < want->nmanual; i++)
		assert_int_equal(got->manual[i], want->manual[i]);
	assert_int_equal(got->kinds, want->kinds);
	assert_strv_equal(want->tags_any, want->ntags_any, got->tags_any,
	    got->ntags_any);
	assert_strv_equal(want->tags_all, want->ntags_all, got->tags_all,
	    got->ntags_all);
	assert_strv_equal(want->tags_none, want->ntags_none, got->tags_none,
	    got->ntags_none);
	assert_str_or_null(want->speaker, got->speaker);
	assert_str_or_null(want->place, got->place);
	assert_int_equal(got->from, want->from);
	assert_int_equal(got->to, want->to);
	assert_int_equal(got->has_locale, want->has_locale);
	if (want->has_locale)
		assert_string_equal(got->locale.tag, want->locale.tag);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(got->order[k], want->order[k]);
		assert_int_equal(got->desc[k], want->desc[k]);
	}
	assert_int_equal(got->group, want->group);
	assert_int_equal(got->page_size, want->page_size);
	assert_int_equal(got->paging, want->paging);
	assert_int_equal(got->display, want->display);
	assert_int_equal(got->show, want->show);
	assert_int_equal(got->nlocales, want->nlocales);
	for (size_t i = 0; i < want->nlocales; i++)
		assert_string_equal(got->locales[i].tag, want->locales[i].tag);
	assert_int_equal(got->fallback, want->fallback);
}

/* publisher_validate fails with want and a message holding part. */
static void
expect_invalid(const struct publisher *p, enum err want, const char *part)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = publisher_validate(p, &d);
	if (e != want || strstr(d.msg, part) == NULL)
		fail_msg("validate: got %s \"%s\", want %s with \"%s\"",
		    err_str(e), d.msg, err_str(want), part);
}

static void
expect_valid(const struct publisher *p)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = publisher_validate(p, &d);
	if (e != ERR_OK)
		fail_msg("validate: %s: %s", err_str(e), d.msg);
}

/* Parses JSON text (with ' for ") that must be accepted. */
static struct publisher *
parse_ok(const char *text)
{
	struct publisher *p = NULL;
	struct diag d;
	const char *t = jq(text);
	enum err e;

	diag_init(&d, NULL);
	e = publisher_json_parse(&arena, t, strlen(t), &p, &d);
	if (e != ERR_OK)
		fail_msg("%s: %s: %s", text, err_str(e), d.msg);
	assert_non_null(p);
	return p;
}

/* Parses JSON text that must be refused with want and a message holding
 * part; *out stays untouched. */
static void
parse_fail(const char *text, enum err want, const char *part)
{
	struct publisher *p = (struct publisher *)&arena;
	struct diag d;
	const char *t = jq(text);
	enum err e;

	diag_init(&d, NULL);
	e = publisher_json_parse(&arena, t, strlen(t), &p, &d);
	if (e != want || strstr(d.msg, part) == NULL)
		fail_msg("%s: got %s \"%s\", want %s with \"%s\"", text,
		    err_str(e), d.msg, err_str(want), part);
	assert_ptr_equal(p, (struct publisher *)&arena);
}

/* The publisher through publisher_to_json and publisher_from_json. */
static struct publisher *
through_json(const struct publisher *p)
{
	struct publisher *q = NULL;
	struct diag d;
	json_t *j = NULL;
	enum err e;

	assert_int_equal(publisher_to_json(p, &j), ERR_OK);
	assert_non_null(j);
	diag_init(&d, NULL);
	e = publisher_from_json(&arena, j, &q, &d);
	json_decref(j);
	if (e != ERR_OK)
		fail_msg("from_json: %s: %s", err_str(e), d.msg);
	return q;
}

/* publisher_json_write into a string in the arena. */
static char *
write_text(const struct publisher *p, bool pretty)
{
	struct buf b;
	char *s;

	buf_init(&b, 1u << 20);
	assert_int_equal(publisher_json_write(p, pretty, &b), ERR_OK);
	s = sdup(b.p);
	buf_release(&b);
	return s;
}

/* --- names and defaults ------------------------------------------------- */

static void
test_enum_names(void **state)
{
	(void)state;
	assert_string_equal(pub_order_name(PUB_ORDER_EVENT), "event");
	assert_string_equal(pub_order_name(PUB_ORDER_TITLE), "title");
	assert_string_equal(pub_order_name(PUB_ORDER_MODIFIED), "modified");
	assert_string_equal(pub_order_name(PUB_ORDER__MAX), "");
	assert_string_equal(pub_group_name(PUB_GROUP_NONE), "none");
	assert_string_equal(pub_group_name(PUB_GROUP_KIND), "kind");
	assert_string_equal(pub_group_name(PUB_GROUP_YEAR), "year");
	assert_string_equal(pub_group_name(PUB_GROUP_MONTH), "month");
	assert_string_equal(pub_group_name(PUB_GROUP__MAX), "");
	assert_string_equal(pub_paging_name(PUB_PAGING_NONE), "none");
	assert_string_equal(pub_paging_name(PUB_PAGING_PREVNEXT), "prev-next");
	assert_string_equal(pub_paging_name(PUB_PAGING_NUMBERED), "numbered");
	assert_string_equal(pub_paging_name(PUB_PAGING__MAX), "");
	assert_string_equal(pub_display_name(PUB_DISPLAY_FULL), "full");
	assert_string_equal(pub_display_name(PUB_DISPLAY_ABSTRACTS),
	    "abstracts");
	assert_string_equal(pub_display_name(PUB_DISPLAY_TITLES), "titles");
	assert_string_equal(pub_display_name(PUB_DISPLAY_TABLE), "table");
	assert_string_equal(pub_display_name(PUB_DISPLAY__MAX), "");
	assert_string_equal(pub_fallback_name(PUB_FALLBACK_HIDE), "hide");
	assert_string_equal(pub_fallback_name(PUB_FALLBACK_ORIGINAL),
	    "original");
	assert_string_equal(pub_fallback_name(PUB_FALLBACK__MAX), "");
	assert_string_equal(pub_order_name((enum pub_order)-1), "");
}

static void
test_new_defaults(void **state)
{
	struct publisher *p = publisher_new(&arena);

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->id, 0);
	assert_non_null(p->name);
	assert_string_equal(p->name, "");
	assert_int_equal(p->ntitles, 0);
	assert_int_equal(p->selection, PUB_DYNAMIC);
	assert_int_equal(p->nmanual, 0);
	assert_int_equal(p->kinds, 0);
	assert_int_equal(p->ntags_any, 0);
	assert_int_equal(p->ntags_all, 0);
	assert_int_equal(p->ntags_none, 0);
	assert_null(p->speaker);
	assert_null(p->place);
	assert_int_equal(p->from, 0);
	assert_int_equal(p->to, 0);
	assert_false(p->has_locale);
	/* newest event first, ties by title A to Z */
	assert_int_equal(p->order[0], PUB_ORDER_EVENT);
	assert_true(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_TITLE);
	assert_false(p->desc[1]);
	assert_int_equal(p->group, PUB_GROUP_NONE);
	assert_int_equal(p->page_size, 20);
	assert_int_equal(p->paging, PUB_PAGING_NUMBERED);
	assert_int_equal(p->display, PUB_DISPLAY_ABSTRACTS);
	assert_true(p->show & PUB_SHOW_DATE);
	assert_true(p->show & PUB_SHOW_PLACE);
	assert_false(p->show & PUB_SHOW_SPEAKERS);
	assert_false(p->show & PUB_SHOW_LOCALES);
	assert_int_equal(p->nlocales, 0);
	assert_int_equal(p->fallback, PUB_FALLBACK_HIDE);
	/* the name is the only thing missing */
	expect_invalid(p, ERR_INVAL, "name");
	p->name = sdup("x");
	expect_valid(p);
}

static void
test_new_nomem(void **state)
{
	(void)state;
	for (long n = 1; n < 10; n++) {
		struct arena a;
		struct publisher *p;

		arena_init(&a, 1u << 20);
		mem_fail_after(n);
		p = publisher_new(&a);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_non_null(p);
			arena_release(&a);
			return;
		}
		mem_fail_after(0);
		assert_null(p);
		arena_release(&a);
	}
	fail_msg("publisher_new allocates more than expected");
}

static void
test_name_valid(void **state)
{
	static const char *const good[] = { "a", "0", "latest",
		"latest-statements", "briefings-2015", "a-b-c", "9-lives",
		"a--b" };
	static const char *const bad[] = { "", "-", "-a", "a-", "Latest",
		"a_b", "a b", "a.b", "a/b", "é", "latest\n", "a\tb", "ЛАВРОВ" };
	char max[PUBLISHER_NAME_MAX + 2];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!publisher_name_valid(good[i]))
			fail_msg("\"%s\" refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (publisher_name_valid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	memset(max, 'a', sizeof max);
	max[PUBLISHER_NAME_MAX] = '\0';
	assert_true(publisher_name_valid(max));
	max[PUBLISHER_NAME_MAX] = 'a';
	max[PUBLISHER_NAME_MAX + 1] = '\0';
	assert_false(publisher_name_valid(max));
}

/* --- publisher_validate: one test per invariant -------------------------- */

static void
test_validate_full(void **state)
{
	(void)state;
	expect_valid(make_default());
	expect_valid(make_full());
}

static void
test_validate_name(void **state)
{
	struct publisher *p = make_default();
	char big[PUBLISHER_NAME_MAX + 2];

	(void)state;
	p->name = NULL;
	expect_invalid(p, ERR_INVAL, "name");
	p->name = sdup("");
	expect_invalid(p, ERR_INVAL, "name");
	p->name = sdup("Latest");
	expect_invalid(p, ERR_INVAL, "name: \"Latest\"");
	p->name = sdup("-latest");
	expect_invalid(p, ERR_INVAL, "name");
	p->name = sdup("latest-");
	expect_invalid(p, ERR_INVAL, "name");
	memset(big, 'b', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	p->name = sdup(big);
	expect_invalid(p, ERR_INVAL, "name");
	big[PUBLISHER_NAME_MAX] = '\0';
	p->name = sdup(big);
	expect_valid(p);
}

static void
test_validate_titles(void **state)
{
	struct publisher *p = make_full();
	char *big = arena_calloc(&arena, LIMIT_TITLE_BYTES + 2, 1);

	(void)state;
	p->titles[1].text = NULL;
	expect_invalid(p, ERR_INVAL, "title.en-GB");
	p->titles[1].text = sdup("");
	expect_invalid(p, ERR_INVAL, "title.en-GB");
	p->titles[1].text = sdup("bell\a");
	expect_invalid(p, ERR_INVAL, "title.en-GB");
	p->titles[1].text = sdup("\xff\xfe");
	expect_invalid(p, ERR_INVAL, "title.en-GB");
	assert_non_null(big);
	memset(big, 'x', LIMIT_TITLE_BYTES + 1);
	p->titles[1].text = big;
	expect_invalid(p, ERR_INVAL, "title.en-GB");
	big[LIMIT_TITLE_BYTES] = '\0';
	expect_valid(p);
	/* one title per locale (the JSON form could not hold two) */
	p->titles[2].locale = loc("ru-RU");
	expect_invalid(p, ERR_INVAL, "title.ru-RU: given twice");
	p->titles[2].locale = loc("ru");
	expect_valid(p);
	p->ntitles = 0;
	expect_valid(p);
}

static void
test_validate_enums(void **state)
{
	struct publisher *p;

	(void)state;
	p = make_full();
	p->selection = PUB_SELECTION__MAX;
	expect_invalid(p, ERR_INVAL, "selection");
	p = make_full();
	p->group = PUB_GROUP__MAX;
	expect_invalid(p, ERR_INVAL, "group");
	p = make_full();
	p->paging = PUB_PAGING__MAX;
	expect_invalid(p, ERR_INVAL, "paging");
	p = make_full();
	p->display = PUB_DISPLAY__MAX;
	expect_invalid(p, ERR_INVAL, "display");
	p = make_full();
	p->fallback = PUB_FALLBACK__MAX;
	expect_invalid(p, ERR_INVAL, "fallback");
	p = make_full();
	p->order[0] = PUB_ORDER__MAX;
	expect_invalid(p, ERR_INVAL, "order");
	p = make_full();
	p->order[1] = (enum pub_order)-1;
	expect_invalid(p, ERR_INVAL, "order");
	p = make_full();
	p->show = PUB_SHOW_KIND << 1;
	expect_invalid(p, ERR_INVAL, "show");
}

static void
test_validate_manual(void **state)
{
	struct publisher *p = make_full();
	int64_t *many;

	(void)state;
	p->nmanual = 0;
	expect_invalid(p, ERR_INVAL, "assets");
	p->nmanual = 4;
	p->manual[2] = 7;	/* 42, 7, 7, 3 */
	expect_invalid(p, ERR_INVAL, "assets[2]: 7 is listed twice");
	p->manual[2] = 0;
	expect_invalid(p, ERR_INVAL, "assets[2]");
	p->manual[2] = -5;
	expect_invalid(p, ERR_INVAL, "assets[2]");
	p->manual[2] = 8;
	expect_valid(p);
	many = arena_calloc(&arena, LIMIT_PUBLISHER_MANUAL + 1, sizeof *many);
	assert_non_null(many);
	for (int64_t i = 0; i < LIMIT_PUBLISHER_MANUAL + 1; i++)
		many[i] = i + 1;
	p->manual = many;
	p->nmanual = LIMIT_PUBLISHER_MANUAL;
	expect_valid(p);
	p->nmanual = LIMIT_PUBLISHER_MANUAL + 1;
	expect_invalid(p, ERR_INVAL, "assets");
	/* a dynamic publisher may keep a list; it must still be sound */
	p->selection = PUB_DYNAMIC;
	p->nmanual = 0;
	expect_valid(p);
	p->manual = arena_calloc(&arena, 2, sizeof *p->manual);
	assert_non_null(p->manual);
	p->manual[0] = p->manual[1] = 9;
	p->nmanual = 2;
	expect_invalid(p, ERR_INVAL, "assets[1]");
}

static void
test_validate_kinds(void **state)
{
	struct publisher *p = make_full();

	(void)state;
	p->kinds = (1u << ASSET_KIND__MAX) - 1;
	expect_valid(p);
	p->kinds = 1u << ASSET_KIND__MAX;
	expect_invalid(p, ERR_INVAL, "filters.kinds");
	p->kinds = 0;
	expect_valid(p);
}

static void
test_validate_tags(void **state)
{
	struct publisher *p = make_full();
	char **many = arena_calloc(&arena, LIMIT_PUBLISHER_TAGS + 1,
	    sizeof *many);

	(void)state;
	p->tags_any[1] = sdup("Syria");
	expect_invalid(p, ERR_INVAL, "filters.tags.any[1]");
	p->tags_any[1] = sdup(" syria");
	expect_invalid(p, ERR_INVAL, "filters.tags.any[1]");
	p->tags_any[1] = sdup("a,b");
	expect_invalid(p, ERR_INVAL, "filters.tags.any[1]");
	p->tags_any[1] = NULL;
	expect_invalid(p, ERR_INVAL, "filters.tags.any[1]");
	p->tags_any[1] = sdup("un security council");
	p->tags_all[0] = sdup("");
	expect_invalid(p, ERR_INVAL, "filters.tags.all[0]");
	p->tags_all[0] = sdup("un  security council");
	expect_invalid(p, ERR_INVAL, "filters.tags.all[0]");
	p->tags_all[0] = sdup("iran");
	p->tags_none[2] = sdup("ЁЛКА");
	expect_invalid(p, ERR_INVAL, "filters.tags.none[2]");
	p->tags_none[2] = sdup("ёлка");
	expect_valid(p);
	assert_non_null(many);
	for (size_t i = 0; i < LIMIT_PUBLISHER_TAGS + 1; i++)
		many[i] = arena_printf(&arena, "tag %zu", i);
	p->tags_none = many;
	p->ntags_none = LIMIT_PUBLISHER_TAGS;
	expect_valid(p);
	p->ntags_none = LIMIT_PUBLISHER_TAGS + 1;
	expect_invalid(p, ERR_LIMIT, "filters.tags.none");
}

static void
test_validate_speaker_place(void **state)
{
	struct publisher *p = make_full();
	char *big = arena_calloc(&arena, LIMIT_PLACE_BYTES + 2, 1);

	(void)state;
	p->speaker = sdup("");
	expect_invalid(p, ERR_INVAL, "filters.speaker");
	p->speaker = sdup("Sergey\x01Lavrov");
	expect_invalid(p, ERR_INVAL, "filters.speaker");
	p->speaker = NULL;
	expect_valid(p);
	p->place = sdup("");
	expect_invalid(p, ERR_INVAL, "filters.place");
	assert_non_null(big);
	memset(big, 'p', LIMIT_PLACE_BYTES + 1);
	p->place = big;
	expect_invalid(p, ERR_INVAL, "filters.place");
	p->place = NULL;
	expect_valid(p);
}

static void
test_validate_dates(void **state)
{
	struct publisher *p = make_full();

	(void)state;
	p->from = p->to;
	expect_invalid(p, ERR_INVAL, "\"from\" must be before \"to\"");
	p->from = p->to + 1;
	expect_invalid(p, ERR_INVAL, "from");
	p->from = p->to - 1;
	expect_valid(p);
	/* either side open */
	p->from = 0;
	expect_valid(p);
	p->from = JUNE11;
	p->to = 0;
	expect_valid(p);
	p->from = -86400;	/* before 1970 is a date like any other */
	p->to = -3600;
	expect_valid(p);
}

static void
test_validate_page_size(void **state)
{
	struct publisher *p = make_full();

	(void)state;
	p->page_size = 0;
	expect_invalid(p, ERR_INVAL, "page_size");
	p->page_size = LIMIT_LIST_PAGE_SIZE + 1;
	expect_invalid(p, ERR_INVAL, "page_size");
	p->page_size = 1;
	expect_valid(p);
	p->page_size = LIMIT_LIST_PAGE_SIZE;
	expect_valid(p);
}

static void
test_validate_locales(void **state)
{
	struct publisher *p = make_full();
	struct locale *many = arena_calloc(&arena, LIMIT_LOCALES + 1,
	    sizeof *many);

	(void)state;
	p->locales[1] = loc("ru-RU");
	expect_invalid(p, ERR_INVAL, "locales: ru-RU is listed twice");
	p->locales[1] = loc("ru");
	expect_valid(p);
	assert_non_null(many);
	for (int i = 0; i < LIMIT_LOCALES + 1; i++) {
		char tag[16];

		snprintf(tag, sizeof tag, "x-l%d", i);
		many[i] = loc(tag);
	}
	p->locales = many;
	p->nlocales = LIMIT_LOCALES;
	expect_valid(p);
	p->nlocales = LIMIT_LOCALES + 1;
	expect_invalid(p, ERR_LIMIT, "locales");
}

/* --- JSON --------------------------------------------------------------- */

static void
test_json_round_trip(void **state)
{
	struct publisher *p = make_full(), *q;
	char *t1, *t2;

	(void)state;
	/* through json_t */
	q = through_json(p);
	assert_publisher_equal(p, q);
	/* through text, compact and pretty; writing again gives the same */
	t1 = write_text(p, false);
	assert_null(strchr(t1, '\n'));
	q = parse_ok(t1);
	assert_publisher_equal(p, q);
	t2 = write_text(q, false);
	assert_string_equal(t1, t2);
	t1 = write_text(p, true);
	assert_non_null(strchr(t1, '\n'));
	q = parse_ok(t1);
	assert_publisher_equal(p, q);
	/* the defaults too */
	p = make_default();
	assert_publisher_equal(p, through_json(p));
	/* each value of each enum */
	for (int v = 0; v < PUB_GROUP__MAX; v++) {
		p->group = (enum pub_group)v;
		assert_publisher_equal(p, through_json(p));
	}
	for (int v = 0; v < PUB_PAGING__MAX; v++) {
		p->paging = (enum pub_paging)v;
		assert_publisher_equal(p, through_json(p));
	}
	for (int v = 0; v < PUB_DISPLAY__MAX; v++) {
		p->display = (enum pub_display)v;
		assert_publisher_equal(p, through_json(p));
	}
	for (int v = 0; v < PUB_FALLBACK__MAX; v++) {
		p->fallback = (enum pub_fallback)v;
		assert_publisher_equal(p, through_json(p));
	}
	for (int v = 0; v < PUB_ORDER__MAX * 2; v++) {
		p->order[0] = (enum pub_order)(v / 2);
		p->desc[0] = v % 2;
		p->order[1] = (enum pub_order)(PUB_ORDER__MAX - 1 - v / 2);
		p->desc[1] = !(v % 2);
		assert_publisher_equal(p, through_json(p));
	}
	for (int k = 0; k < ASSET_KIND__MAX; k++) {
		p->kinds = 1u << k;
		assert_publisher_equal(p, through_json(p));
	}
	for (unsigned s = 0; s < (unsigned)PUB_SHOW_KIND << 1; s++) {
		p->show = s;
		assert_publisher_equal(p, through_json(p));
	}
	/* the id is not part of the JSON */
	p->id = 99;
	assert_int_equal(through_json(p)->id, 0);
}

/* The form is pinned: the store keeps it and the API serves it. */
static void
test_json_form(void **state)
{
	struct publisher *p = make_full();

	(void)state;
	assert_string_equal(write_text(p, false), jq(
	    "{'name':'ministers-speeches-2015',"
	    "'title':{'ru-RU':'Выступления Министра',"
	    "'en-GB':'Speeches of the Minister'"
	    ",'ar':'خطابات الوزير'},"
	    "'selection':'manual','assets':[42,7,1000000000000,3],"
	    "'filters':{'kinds':['speech','interview'],"
	    "'tags':{'any':['syria','un security council'],'all':['iran'],"
	    "'none':['sport','culture','ёлка']},"
	    "'speaker':'Sergey Lavrov','place':'Moscow, Russia',"
	    "'from':'2015-06-11T00:00:00+00:00',"
	    "'to':'2015-06-11T15:30:00+00:00','locale':'ru-RU'},"
	    "'order':[{'by':'title','dir':'asc'},"
	    "{'by':'modified','dir':'desc'}],"
	    "'group':'month','page_size':7,'paging':'prev-next',"
	    "'display':'titles','show':['place','speakers','locales','kind'],"
	    "'locales':['ru-RU','en-GB'],'fallback':'original'}"));
	assert_string_equal(write_text(make_default(), false), jq(
	    "{'name':'latest','title':{},'selection':'dynamic','assets':[],"
	    "'filters':{'kinds':[],'tags':{'any':[],'all':[],'none':[]},"
	    "'speaker':null,'place':null,'from':null,'to':null,"
	    "'locale':null},"
	    "'order':[{'by':'event','dir':'desc'},"
	    "{'by':'title','dir':'asc'}],"
	    "'group':'none','page_size':20,'paging':'numbered',"
	    "'display':'abstracts','show':['date','place','kind'],"
	    "'locales':[],'fallback':'hide'}"));
}

/* Missing and null members keep the defaults of publisher_new. */
static void
test_json_defaults(void **state)
{
	struct publisher *want = make_default(), *p;

	(void)state;
	p = parse_ok("{'name': 'latest'}");
	assert_publisher_equal(want, p);
	assert_int_equal(p->id, 0);
	p = parse_ok("{'name': 'latest', 'title': null, 'selection': null, "
	    "'assets': null, 'filters': null, 'order': null, 'group': null, "
	    "'page_size': null, 'paging': null, 'display': null, "
	    "'show': null, 'locales': null, 'fallback': null}");
	assert_publisher_equal(want, p);
	p = parse_ok("{'name': 'latest', 'filters': {'kinds': null, "
	    "'tags': null, 'speaker': null, 'place': null, 'from': null, "
	    "'to': null, 'locale': null}}");
	assert_publisher_equal(want, p);
	p = parse_ok("{'name': 'latest', 'filters': {'tags': {}}}");
	assert_publisher_equal(want, p);
	/* empty arrays are empty, not defaults */
	p = parse_ok("{'name': 'latest', 'show': [], 'title': {}, "
	    "'filters': {'kinds': []}, 'locales': []}");
	assert_int_equal(p->show, 0);
	assert_int_equal(p->ntitles, 0);
	assert_int_equal(p->kinds, 0);
	/* an id is read when there is one (the API echoes it) */
	p = parse_ok("{'name': 'latest', 'id': 12}");
	assert_int_equal(p->id, 12);
	/* unknown members are ignored */
	p = parse_ok("{'name': 'latest', 'colour': 'blue'}");
	assert_publisher_equal(want, p);
}

/* Tags are normalised on the way in. */
static void
test_json_tags(void **state)
{
	struct publisher *p;

	(void)state;
	p = parse_ok("{'name': 'x', 'filters': {'tags': {"
	    "'any': ['  Syria ', 'UN   Security\\tCouncil'], "
	    "'all': ['ÉLYSÉE'], 'none': ['Ёлка']}}}");
	assert_int_equal(p->ntags_any, 2);
	assert_string_equal(p->tags_any[0], "syria");
	assert_string_equal(p->tags_any[1], "un security council");
	assert_int_equal(p->ntags_all, 1);
	assert_string_equal(p->tags_all[0], "élysée");
	assert_int_equal(p->ntags_none, 1);
	assert_string_equal(p->tags_none[0], "ёлка");
}

struct reject {
	const char *json;	/* ' for " */
	enum err e;
	const char *msg;	/* part of the diag message */
};

static void
test_json_rejects(void **state)
{
	static const struct reject cases[] = {
		/* the document */
		{ "[]", ERR_INVAL, "a publisher must be a JSON object" },
		{ "'latest'", ERR_INVAL, "" },
		{ "{'name': 'a'", ERR_INVAL, "" },
		{ "{'name': 'a', 'name': 'b'}", ERR_INVAL, "duplicate" },
		/* name */
		{ "{}", ERR_INVAL, "name" },
		{ "{'name': 5}", ERR_INVAL, "name: must be a string" },
		{ "{'name': 'a\\u0000b'}", ERR_INVAL, "" },
		{ "{'name': 'Latest'}", ERR_INVAL, "name: \"Latest\"" },
		{ "{'name': 'a b'}", ERR_INVAL, "name" },
		/* enums */
		{ "{'name': 'a', 'selection': 'auto'}", ERR_INVAL,
		    "selection: must be one of dynamic, manual" },
		{ "{'name': 'a', 'selection': 1}", ERR_INVAL, "selection" },
		{ "{'name': 'a', 'group': 'day'}", ERR_INVAL,
		    "group: must be one of none, kind, year, month" },
		{ "{'name': 'a', 'group': 'Month'}", ERR_INVAL, "group" },
		{ "{'name': 'a', 'paging': 'infinite'}", ERR_INVAL,
		    "paging: must be one of none, prev-next, numbered" },
		{ "{'name': 'a', 'display': 'grid'}", ERR_INVAL,
		    "display: must be one of full, abstracts, titles, table" },
		{ "{'name': 'a', 'display': true}", ERR_INVAL, "display" },
		{ "{'name': 'a', 'fallback': 'none'}", ERR_INVAL,
		    "fallback: must be one of hide, original" },
		/* title */
		{ "{'name': 'a', 'title': 'Latest'}", ERR_INVAL,
		    "title: must be {locale: text}" },
		{ "{'name': 'a', 'title': ['Latest']}", ERR_INVAL, "title" },
		{ "{'name': 'a', 'title': {'no way': 'Latest'}}", ERR_INVAL,
		    "title" },
		{ "{'name': 'a', 'title': {'en': 5}}", ERR_INVAL, "title" },
		{ "{'name': 'a', 'title': {'en': null}}", ERR_INVAL, "title" },
		{ "{'name': 'a', 'title': {'en': ''}}", ERR_INVAL,
		    "title.en: must be a line of text" },
		{ "{'name': 'a', 'title': {'en': 'a\\u0007'}}", ERR_INVAL,
		    "title.en" },
		{ "{'name': 'a', 'title': {'en-gb': 'A', 'en-GB': 'B'}}",
		    ERR_INVAL, "title.en-GB: given twice" },
		/* manual selection */
		{ "{'name': 'a', 'selection': 'manual'}", ERR_INVAL,
		    "assets: a manual publisher lists 1 to 500 assets" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': []}",
		    ERR_INVAL, "assets" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': [3, 1, 3]}",
		    ERR_INVAL, "assets[2]: 3 is listed twice" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': [1, 0]}",
		    ERR_INVAL, "assets[1]: not an asset id" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': [-1]}",
		    ERR_INVAL, "assets[0]" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': ['1']}",
		    ERR_INVAL, "assets: must hold ids" },
		{ "{'name': 'a', 'selection': 'manual', 'assets': [1.5]}",
		    ERR_INVAL, "assets: must hold ids" },
		{ "{'name': 'a', 'assets': {'1': 1}}", ERR_INVAL, "assets" },
		/* filters */
		{ "{'name': 'a', 'filters': []}", ERR_INVAL,
		    "filters: must be an object" },
		{ "{'name': 'a', 'filters': {'kinds': 'speech'}}", ERR_INVAL,
		    "filters.kinds: must be an array of kinds" },
		{ "{'name': 'a', 'filters': {'kinds': ['speech', 'tweet']}}",
		    ERR_INVAL, "filters.kinds: holds an unknown kind" },
		{ "{'name': 'a', 'filters': {'kinds': ['Speech']}}",
		    ERR_INVAL, "filters.kinds" },
		{ "{'name': 'a', 'filters': {'kinds': [1]}}", ERR_INVAL,
		    "filters.kinds" },
		{ "{'name': 'a', 'filters': {'tags': ['syria']}}", ERR_INVAL,
		    "filters.tags: must be" },
		{ "{'name': 'a', 'filters': {'tags': {'any': 'syria'}}}",
		    ERR_INVAL, "any: must be an array" },
		{ "{'name': 'a', 'filters': {'tags': {'any': ['syria,iran']}}}",
		    ERR_INVAL, "any: holds something that is not a tag" },
		{ "{'name': 'a', 'filters': {'tags': {'all': ['a', 'b,']}}}",
		    ERR_INVAL, "all: holds something that is not a tag" },
		{ "{'name': 'a', 'filters': {'tags': {'none': [',']}}}",
		    ERR_INVAL, "none: holds something that is not a tag" },
		{ "{'name': 'a', 'filters': {'tags': {'none': ['  ']}}}",
		    ERR_INVAL, "none: holds something that is not a tag" },
		{ "{'name': 'a', 'filters': {'tags': {'any': [7]}}}",
		    ERR_INVAL, "any: holds something that is not a tag" },
		{ "{'name': 'a', 'filters': {'tags': {'any': ['1', '2', '3', "
		    "'4', '5', '6', '7', '8', '9', '10', '11', '12', '13', "
		    "'14', '15', '16', '17', '18', '19', '20', '21']}}}",
		    ERR_INVAL, "any: must be an array of at most 20 tags" },
		{ "{'name': 'a', 'filters': {'speaker': 5}}", ERR_INVAL,
		    "speaker: must be a string" },
		{ "{'name': 'a', 'filters': {'speaker': ''}}", ERR_INVAL,
		    "filters.speaker" },
		{ "{'name': 'a', 'filters': {'place': ['Moscow']}}",
		    ERR_INVAL, "place: must be a string" },
		{ "{'name': 'a', 'filters': {'place': ''}}", ERR_INVAL,
		    "filters.place" },
		{ "{'name': 'a', 'filters': {'from': 'yesterday'}}",
		    ERR_INVAL, "from: must be a date (2015-06-11) or an RFC "
		    "3339 date-time" },
		{ "{'name': 'a', 'filters': {'from': 1433980800}}",
		    ERR_INVAL, "from: must be a date" },
		{ "{'name': 'a', 'filters': {'to': '2015-13-01'}}",
		    ERR_INVAL, "to: must be a date" },
		{ "{'name': 'a', 'filters': {'to': '2015-02-29'}}",
		    ERR_INVAL, "to: must be a date" },
		{ "{'name': 'a', 'filters': {'to': '2015-06-11T25:00:00Z'}}",
		    ERR_INVAL, "to: must be a date" },
		{ "{'name': 'a', 'filters': {'from': '2015-06-11', "
		    "'to': '2015-06-11'}}", ERR_INVAL,
		    "filters: \"from\" must be before \"to\"" },
		{ "{'name': 'a', 'filters': {'from': '2016-01-01', "
		    "'to': '2015-06-11T18:30:00+03:00'}}", ERR_INVAL,
		    "\"from\" must be before \"to\"" },
		{ "{'name': 'a', 'filters': {'from': "
		    "'2015-06-11T03:00:00+03:00', 'to': '2015-06-11'}}",
		    ERR_INVAL,
		    "\"from\" must be before \"to\"" },
		{ "{'name': 'a', 'filters': {'locale': 'English!'}}",
		    ERR_INVAL, "filters.locale: must be a BCP 47 tag" },
		{ "{'name': 'a', 'filters': {'locale': ''}}", ERR_INVAL,
		    "filters.locale" },
		{ "{'name': 'a', 'filters': {'locale': ['en']}}", ERR_INVAL,
		    "filters.locale" },
		/* order */
		{ "{'name': 'a', 'order': 'event'}", ERR_INVAL,
		    "order: must list one or two keys" },
		{ "{'name': 'a', 'order': []}", ERR_INVAL, "order" },
		{ "{'name': 'a', 'order': [{'by': 'event'}, {'by': 'title'}, "
		    "{'by': 'modified'}]}", ERR_INVAL, "order" },
		{ "{'name': 'a', 'order': ['event']}", ERR_INVAL,
		    "order: each key is an object" },
		{ "{'name': 'a', 'order': [{'by': 'date'}]}", ERR_INVAL,
		    "by: must be one of event, title, modified" },
		{ "{'name': 'a', 'order': [{'by': 'event', 'dir': 'up'}]}",
		    ERR_INVAL, "dir: must be one of asc, desc" },
		{ "{'name': 'a', 'order': [{'by': 'event'}, {'dir': 'DESC'}]}",
		    ERR_INVAL, "dir" },
		/* page size */
		{ "{'name': 'a', 'page_size': 0}", ERR_INVAL,
		    "page_size: must be 1 to 100" },
		{ "{'name': 'a', 'page_size': 101}", ERR_INVAL, "page_size" },
		{ "{'name': 'a', 'page_size': -1}", ERR_INVAL, "page_size" },
		{ "{'name': 'a', 'page_size': '20'}", ERR_INVAL, "page_size" },
		{ "{'name': 'a', 'page_size': 20.0}", ERR_INVAL, "page_size" },
		{ "{'name': 'a', 'page_size': 4294967316}", ERR_INVAL,
		    "page_size" },
		/* show */
		{ "{'name': 'a', 'show': 'date'}", ERR_INVAL,
		    "show: must be an array" },
		{ "{'name': 'a', 'show': ['date', 'title']}", ERR_INVAL,
		    "show: holds something other than date, place, speakers, "
		    "locales or kind" },
		{ "{'name': 'a', 'show': ['Date']}", ERR_INVAL, "show" },
		{ "{'name': 'a', 'show': [1]}", ERR_INVAL, "show" },
		/* locales */
		{ "{'name': 'a', 'locales': 'en'}", ERR_INVAL,
		    "locales: must be an array" },
		{ "{'name': 'a', 'locales': ['en', 'no way']}", ERR_INVAL,
		    "locales: must be an array of BCP 47 tags" },
		{ "{'name': 'a', 'locales': [5]}", ERR_INVAL, "locales" },
		{ "{'name': 'a', 'locales': ['en-GB', 'ru', 'en-gb']}",
		    ERR_INVAL, "locales: en-GB is listed twice" },
		{ "{'name': 'a', 'locales': ['en_GB', 'en-GB']}", ERR_INVAL,
		    "locales: en-GB is listed twice" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		parse_fail(cases[i].json, cases[i].e, cases[i].msg);
}

/* A syntax error says where it is; the rest of the JSON is not read. */
static void
test_json_syntax(void **state)
{
	struct publisher *p = NULL;
	struct diag d;
	const char *t = "{\n  \"name\": \"a\",\n  \"group\" \"none\"\n}";

	(void)state;
	diag_init(&d, NULL);
	assert_int_equal(publisher_json_parse(&arena, t, strlen(t), &p, &d),
	    ERR_INVAL);
	assert_null(p);
	assert_int_equal(d.line, 3);
	assert_true(d.col > 0);
	assert_true(d.msg[0] != '\0');
	diag_init(&d, NULL);
	assert_int_equal(publisher_json_parse(&arena, "", 0, &p, &d),
	    ERR_INVAL);
	assert_true(d.msg[0] != '\0');
	/* a NUL inside the text ends nothing early: it is an error */
	diag_init(&d, NULL);
	assert_int_equal(publisher_json_parse(&arena, "{\"name\":\"a\"}\0x",
	    14, &p, &d), ERR_INVAL);
	assert_null(p);
}

static void
test_json_dates(void **state)
{
	static const struct {
		const char *text;
		int64_t t;
	} good[] = {
		{ "2015-06-11", JUNE11 },
		{ "1970-01-02", 86400 },
		{ "2000-02-29", 951782400 },
		{ "2015-06-11T00:00:00Z", JUNE11 },
		{ "2015-06-11t00:00:00z", JUNE11 },
		{ "2015-06-11T18:30:00+03:00", JUNE11_1830_MSK },
		{ "2015-06-11T15:30:00Z", JUNE11_1830_MSK },
		{ "2015-06-11T15:30:00.999+00:00", JUNE11_1830_MSK },
		{ "2015-06-11T10:00:00-05:30", JUNE11_1830_MSK },
		{ "1969-12-31", -86400 },
	};
	static const char *const bad[] = { "2015-6-11", "2015-06-1", "15-06-11",
		"2015/06/11", "20150611", "2015-06-11 ", " 2015-06-11",
		"2015-06-1x", "2015-06-+1", "2015-+6-11", " 2015-06-1",
		"2015-00-10", "2015-06-31", "0000-01-01", "2015-06-11T18:30",
		"2015-06-11T18:30:00", "June 11, 2015", "" };

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char *text = arena_printf(&arena, "{'name': 'a', 'filters': "
		    "{'from': '%s'}}", good[i].text);
		struct publisher *p = parse_ok(text);

		if (p->from != good[i].t)
			fail_msg("%s: %lld, want %lld", good[i].text,
			    (long long)p->from, (long long)good[i].t);
		assert_int_equal(p->to, 0);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = arena_printf(&arena, "{'name': 'a', 'filters': "
		    "{'to': '%s'}}", bad[i]);

		parse_fail(text, ERR_INVAL, "to: must be a date");
	}
	/* written back as RFC 3339 in UTC; an open end is null */
	{
		struct publisher *p = parse_ok("{'name': 'a', 'filters': "
		    "{'from': '2015-06-11', "
		    "'to': '2015-06-11T18:30:00+03:00'}}");
		json_t *j = NULL, *f;

		assert_int_equal(p->from, JUNE11);
		assert_int_equal(p->to, JUNE11_1830_MSK);
		assert_int_equal(publisher_to_json(p, &j), ERR_OK);
		f = json_object_get(j, "filters");
		assert_string_equal(json_string_value(json_object_get(f,
		    "from")), "2015-06-11T00:00:00+00:00");
		assert_string_equal(json_string_value(json_object_get(f,
		    "to")), "2015-06-11T15:30:00+00:00");
		json_decref(j);
		p->from = 0;
		assert_int_equal(publisher_to_json(p, &j), ERR_OK);
		f = json_object_get(j, "filters");
		assert_true(json_is_null(json_object_get(f, "from")));
		json_decref(j);
	}
}

/* Given one key, the publisher breaks ties by a second, sensible one. */
static void
test_json_one_order_key(void **state)
{
	struct publisher *p;

	(void)state;
	/* by event (either way): then title A to Z */
	p = parse_ok("{'name': 'a', 'order': [{'by': 'event', "
	    "'dir': 'asc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_EVENT);
	assert_false(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_TITLE);
	assert_false(p->desc[1]);
	p = parse_ok("{'name': 'a', 'order': [{'by': 'event'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_EVENT);
	assert_true(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_TITLE);
	assert_false(p->desc[1]);
	/* by title: then newest event first */
	p = parse_ok("{'name': 'a', 'order': [{'by': 'title', "
	    "'dir': 'asc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_TITLE);
	assert_false(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_EVENT);
	assert_true(p->desc[1]);
	p = parse_ok("{'name': 'a', 'order': [{'by': 'title', "
	    "'dir': 'desc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_TITLE);
	assert_true(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_EVENT);
	assert_true(p->desc[1]);
	/* by modification: then title A to Z */
	p = parse_ok("{'name': 'a', 'order': [{'by': 'modified', "
	    "'dir': 'asc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_MODIFIED);
	assert_false(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_TITLE);
	assert_false(p->desc[1]);
	/* a key without "by" keeps the default's */
	p = parse_ok("{'name': 'a', 'order': [{'dir': 'asc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_EVENT);
	assert_false(p->desc[0]);
	/* two keys are taken as they are */
	p = parse_ok("{'name': 'a', 'order': [{'by': 'modified', "
	    "'dir': 'desc'}, {'by': 'event', 'dir': 'asc'}]}");
	assert_int_equal(p->order[0], PUB_ORDER_MODIFIED);
	assert_true(p->desc[0]);
	assert_int_equal(p->order[1], PUB_ORDER_EVENT);
	assert_false(p->desc[1]);
}

static void
test_json_locales(void **state)
{
	struct publisher *p;

	(void)state;
	/* normalised on the way in */
	p = parse_ok("{'name': 'a', 'locales': ['en_gb', 'RU-ru', 'ar'], "
	    "'filters': {'locale': 'ru-ru'}, "
	    "'title': {'en-gb': 'Latest', 'ar': 'الأحدث'}}");
	assert_int_equal(p->nlocales, 3);
	assert_string_equal(p->locales[0].tag, "en-GB");
	assert_string_equal(p->locales[1].tag, "ru-RU");
	assert_string_equal(p->locales[2].tag, "ar");
	assert_true(p->has_locale);
	assert_string_equal(p->locale.tag, "ru-RU");
	assert_int_equal(p->ntitles, 2);
	assert_string_equal(p->titles[0].locale.tag, "en-GB");
	assert_string_equal(p->titles[0].text, "Latest");
	assert_string_equal(p->titles[1].locale.tag, "ar");
}

/* --- serving and titles ------------------------------------------------- */

static void
test_serves(void **state)
{
	struct publisher *p = make_default();
	struct locale en_gb = loc("en-GB"), en_us = loc("en-US"),
	    en = loc("en"), ru = loc("ru-RU"), ar = loc("ar");

	(void)state;
	/* no list: every locale */
	assert_true(publisher_serves(p, &en_gb));
	assert_true(publisher_serves(p, &ar));
	assert_true(publisher_serves(p, &en));
	p = make_full();	/* ru-RU, en-GB */
	assert_true(publisher_serves(p, &en_gb));
	assert_true(publisher_serves(p, &ru));
	assert_false(publisher_serves(p, &en_us));
	assert_false(publisher_serves(p, &en));
	assert_false(publisher_serves(p, &ar));
}

static void
test_title(void **state)
{
	struct publisher *p = make_full();	/* ru-RU, en-GB, ar */
	struct locale l;

	(void)state;
	l = loc("en-GB");	/* exact */
	assert_string_equal(publisher_title(p, &l), "Speeches of the Minister");
	l = loc("ar");
	assert_string_equal(publisher_title(p, &l), "خطابات الوزير");
	l = loc("en-US");	/* same language */
	assert_string_equal(publisher_title(p, &l), "Speeches of the Minister");
	l = loc("en");
	assert_string_equal(publisher_title(p, &l), "Speeches of the Minister");
	l = loc("ru");
	assert_string_equal(publisher_title(p, &l), "Выступления Министра");
	l = loc("ar-EG");
	assert_string_equal(publisher_title(p, &l), "خطابات الوزير");
	l = loc("fr-FR");	/* the first */
	assert_string_equal(publisher_title(p, &l), "Выступления Министра");
	/* an exact match beats an earlier one of the same language */
	p->titles[0].locale = loc("en-US");
	p->titles[0].text = sdup("US");
	l = loc("en-GB");
	assert_string_equal(publisher_title(p, &l), "Speeches of the Minister");
	l = loc("en-AU");	/* first of the language */
	assert_string_equal(publisher_title(p, &l), "US");
	/* none */
	p->ntitles = 0;
	assert_null(publisher_title(p, &l));
}

/* --- allocation failure -------------------------------------------------- */

static void
test_nomem_from_json(void **state)
{
	struct publisher *want = make_full();
	json_t *j = NULL;

	(void)state;
	assert_int_equal(publisher_to_json(want, &j), ERR_OK);
	for (long n = 1;; n++) {
		struct arena a;
		struct publisher *p = NULL;
		struct diag d;
		enum err e;

		arena_init(&a, 1u << 20);
		diag_init(&d, NULL);
		mem_fail_after(n);
		e = publisher_from_json(&a, j, &p, &d);
		if (!mem_failed()) {
			mem_fail_after(0);
			if (e != ERR_OK)
				fail_msg("n=%ld: %s: %s", n, err_str(e), d.msg);
			assert_publisher_equal(want, p);
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s (%s), want out of memory", n,
			    err_str(e), d.msg);
		assert_null(p);
		arena_release(&a);
		assert_true(n < 10000);
	}
	json_decref(j);
}

/*
 * KNOWN (reported, not fixed here): an allocation that fails inside
 * jansson's json_loadb makes publisher_json_parse answer ERR_INVAL with a
 * parse message ("invalid token near ..."), because jansson 2.14 does not
 * say that it ran out of memory; asset_json_parse learns it from the
 * allocator asset_json_setup() installs (json_alloc_failed, private to
 * asset_json.c). Failures there are only checked to fail cleanly (no
 * crash, no leak, nothing returned); every later one must be ERR_NOMEM.
 */
static void
test_nomem_parse(void **state)
{
	struct publisher *want = make_full();
	char *text = write_text(want, true);
	json_error_t jerr;
	json_t *j;
	long in_jansson;

	(void)state;
	mem_fail_after(0);
	j = json_loadb(text, strlen(text), JSON_REJECT_DUPLICATES, &jerr);
	in_jansson = mem_alloc_count();
	assert_non_null(j);
	json_decref(j);
	assert_true(in_jansson > 0);
	for (long n = 1;; n++) {
		struct arena a;
		struct publisher *p = NULL;
		struct diag d;
		enum err e;

		arena_init(&a, 1u << 20);
		diag_init(&d, NULL);
		mem_fail_after(n);
		e = publisher_json_parse(&a, text, strlen(text), &p, &d);
		if (!mem_failed()) {
			mem_fail_after(0);
			if (e != ERR_OK)
				fail_msg("n=%ld: %s: %s", n, err_str(e), d.msg);
			assert_true(n > in_jansson);
			assert_publisher_equal(want, p);
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		if (n <= in_jansson ? e == ERR_OK : e != ERR_NOMEM)
			fail_msg("n=%ld: %s (%s), want out of memory", n,
			    err_str(e), d.msg);
		assert_null(p);
		arena_release(&a);
		assert_true(n < 10000);
	}
}

static void
test_nomem_to_json(void **state)
{
	struct publisher *p = make_full();
	char *want = write_text(p, false);

	(void)state;
	for (long n = 1;; n++) {
		json_t *j = NULL;
		enum err e;

		mem_fail_after(n);
		e = publisher_to_json(p, &j);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			json_decref(j);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s, want out of memory", n,
			    err_str(e));
		assert_true(n < 10000);
	}
	for (long n = 1;; n++) {
		struct buf b;
		enum err e;

		buf_init(&b, 1u << 20);
		mem_fail_after(n);
		e = publisher_json_write(p, false, &b);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			assert_string_equal(b.p, want);
			buf_release(&b);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s, want out of memory", n,
			    err_str(e));
		buf_release(&b);
		assert_true(n < 10000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_enum_names),
		T(test_new_defaults),
		T(test_new_nomem),
		T(test_name_valid),
		T(test_validate_full),
		T(test_validate_name),
		T(test_validate_titles),
		T(test_validate_enums),
		T(test_validate_manual),
		T(test_validate_kinds),
		T(test_validate_tags),
		T(test_validate_speaker_place),
		T(test_validate_dates),
		T(test_validate_page_size),
		T(test_validate_locales),
		T(test_json_round_trip),
		T(test_json_form),
		T(test_json_defaults),
		T(test_json_tags),
		T(test_json_rejects),
		T(test_json_syntax),
		T(test_json_dates),
		T(test_json_one_order_key),
		T(test_json_locales),
		T(test_serves),
		T(test_title),
		T(test_nomem_from_json),
		T(test_nomem_parse),
		T(test_nomem_to_json),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
