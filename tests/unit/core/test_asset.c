/*
 * test_asset.c - unit tests for src/core/asset.c: names and parsers of the
 * enums, the builders (asset_new, speakers, translations, blocks) with their
 * limits, translation lookup with language fallback, text_check, and
 * asset_validate: one test per invariant of asset.h's header comment, each
 * checking the error and that the diag message names the field.
 *
 * Does not test JSON (test_asset_json.c) or storage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/asset.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

static struct arena arena;

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
	arena_release(&arena);
	mem_fail_after(0);
	return 0;
}

static struct locale
loc(const char *s)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(s), &l), ERR_OK);
	return l;
}

static void
add_block(struct translation *t, const char *id, enum block_type type,
    enum turn_role role, int speaker, const char *text)
{
	assert_int_equal(translation_block_add(&arena, t, id, type, role,
	    speaker, text, strlen(text)), ERR_OK);
}

static struct translation *
add_translation(struct asset *as, const char *tag, const char *title)
{
	struct locale l = loc(tag);
	struct translation *t = NULL;

	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, title);
	return t;
}

/*
 * A valid transcript: announced in en-GB and ru-RU, two speakers, each
 * translation a paragraph and two turns, two related assets.
 */
static struct asset *
make_asset(void)
{
	struct asset *as = asset_new(&arena);
	struct translation *t;
	int lavrov, journalist;

	assert_non_null(as);
	as->id = 3;
	as->slug = arena_strdup(&arena, "lavrov-press-conference");
	as->kind = ASSET_KIND_TRANSCRIPT;
	as->event_at = 1434036600;
	as->event_offset = 10800;
	as->place = arena_strdup(&arena, "Moscow");
	as->locales = arena_calloc(&arena, 2, sizeof *as->locales);
	as->locales[0] = loc("en-GB");
	as->locales[1] = loc("ru-RU");
	as->nlocales = 2;
	assert_int_equal(asset_speaker_intern(&arena, as, "Sergey Lavrov",
	    "Foreign Minister", &lavrov), ERR_OK);
	assert_int_equal(asset_speaker_intern(&arena, as, "Question", NULL,
	    &journalist), ERR_OK);
	t = add_translation(as, "en-GB", "Press conference");
	add_block(t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "Opening remarks.\n\nSecond paragraph\twith a tab.");
	add_block(t, "t1", BLOCK_TURN, TURN_ROLE_QUESTION, journalist,
	    "A question?");
	add_block(t, "t2", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov, "An answer.");
	t = add_translation(as, "ru-RU",
	    "\xD0\x9F\xD1\x80\xD0\xB5\xD1\x81\xD1\x81-\xD0\xBA\xD0\xBE\xD0\xBD"
	    "\xD1\x84\xD0\xB5\xD1\x80\xD0\xB5\xD0\xBD\xD1\x86\xD0\xB8\xD1\x8F");
	add_block(t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "\xD0\x92\xD1\x81\xD1\x82\xD1\x83\xD0\xBF\xD0\xBB\xD0\xB5\xD0\xBD"
	    "\xD0\xB8\xD0\xB5.");
	add_block(t, "t1", BLOCK_TURN, TURN_ROLE_QUESTION, journalist,
	    "\xD0\x92\xD0\xBE\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81?");
	add_block(t, "t2", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov,
	    "\xD0\x9E\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82.");
	as->related = arena_calloc(&arena, 2, sizeof *as->related);
	as->related[0] = 5;
	as->related[1] = 7;
	as->nrelated = 2;
	assert_int_equal(arena.err, ERR_OK);
	return as;
}

/* asset_validate gives want, and the message starts with prefix */
static void
check_invalid(const struct asset *as, enum err want, const char *prefix)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_validate(as, &d);
	if (e != want)
		fail_msg("asset_validate: %s (%s), want %s", err_str(e), d.msg,
		    err_str(want));
	if (strncmp(d.msg, prefix, strlen(prefix)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", d.msg,
		    prefix);
	/* d may be NULL */
	assert_int_equal(asset_validate(as, NULL), want);
}

static void
check_valid(const struct asset *as)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_validate(as, &d);
	if (e != ERR_OK)
		fail_msg("asset_validate: %s: %s", err_str(e), d.msg);
	assert_string_equal(d.msg, "");
}

/* a string of n copies of c in the arena */
static char *
repeat(char c, size_t n)
{
	char *s = arena_alloc(&arena, n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* --- names and parsers ------------------------------------------------- */

static void
test_names(void **state)
{
	enum asset_kind k;
	enum block_type bt;
	enum turn_role r;

	(void)state;
	for (int i = 0; i < ASSET_KIND__MAX; i++) {
		const char *name = asset_kind_name((enum asset_kind)i);

		assert_non_null(name);
		assert_int_equal(asset_kind_parse(name, &k), ERR_OK);
		assert_int_equal(k, i);
	}
	assert_string_equal(asset_kind_name(ASSET_KIND_PRESS_RELEASE),
	    "press-release");
	assert_null(asset_kind_name(ASSET_KIND__MAX));
	assert_null(asset_kind_name((enum asset_kind)-1));
	k = ASSET_KIND_NEWS;
	assert_int_equal(asset_kind_parse("Statement", &k), ERR_INVAL);
	assert_int_equal(asset_kind_parse("", &k), ERR_INVAL);
	assert_int_equal(asset_kind_parse("press_release", &k), ERR_INVAL);
	assert_int_equal(asset_kind_parse("statement ", &k), ERR_INVAL);
	assert_int_equal(k, ASSET_KIND_NEWS);

	assert_string_equal(block_type_name(BLOCK_PARAGRAPH), "paragraph");
	assert_string_equal(block_type_name(BLOCK_TURN), "turn");
	assert_null(block_type_name(BLOCK_TYPE__MAX));
	assert_int_equal(block_type_parse("turn", &bt), ERR_OK);
	assert_int_equal(bt, BLOCK_TURN);
	assert_int_equal(block_type_parse("paragraph", &bt), ERR_OK);
	assert_int_equal(bt, BLOCK_PARAGRAPH);
	assert_int_equal(block_type_parse("Turn", &bt), ERR_INVAL);
	assert_int_equal(block_type_parse("", &bt), ERR_INVAL);

	assert_string_equal(turn_role_name(TURN_ROLE_NONE), "");
	assert_null(turn_role_name(TURN_ROLE__MAX));
	for (int i = 1; i < TURN_ROLE__MAX; i++) {
		assert_int_equal(turn_role_parse(
		    turn_role_name((enum turn_role)i), &r), ERR_OK);
		assert_int_equal(r, i);
	}
	r = TURN_ROLE_REMARK;
	/* "" is the name of NONE, but NONE is not a role one can ask for */
	assert_int_equal(turn_role_parse("", &r), ERR_INVAL);
	assert_int_equal(turn_role_parse("chair", &r), ERR_INVAL);
	assert_int_equal(turn_role_parse("Question", &r), ERR_INVAL);
	assert_int_equal(r, TURN_ROLE_REMARK);
}

/* --- builders ----------------------------------------------------------- */

static void
test_asset_new(void **state)
{
	struct asset *as;
	struct arena small;

	(void)state;
	as = asset_new(&arena);
	assert_non_null(as);
	assert_int_equal(as->id, 0);
	assert_string_equal(as->slug, "");
	assert_string_equal(as->place, "");
	assert_int_equal(as->kind, ASSET_KIND_STATEMENT);
	assert_int_equal(as->event_offset, 0);
	assert_int_equal(as->nlocales, 0);
	assert_int_equal(as->nspeakers, 0);
	assert_int_equal(as->ntranslations, 0);
	assert_int_equal(as->nrelated, 0);
	assert_null(as->source);

	arena_init(&small, 64);
	assert_null(asset_new(&small));
	assert_int_equal(small.err, ERR_LIMIT);
	arena_release(&small);
}

static void
test_speaker_intern(void **state)
{
	struct asset *as = asset_new(&arena);
	char name[32];
	int i = -5, k = -5;

	(void)state;
	snprintf(name, sizeof name, "%s", "Maria Zakharova");
	assert_int_equal(asset_speaker_intern(&arena, as, name, NULL, &i),
	    ERR_OK);
	assert_int_equal(i, 0);
	assert_null(as->speakers[0].title);
	/* the name is copied */
	name[0] = 'X';
	assert_string_equal(as->speakers[0].name, "Maria Zakharova");
	/* the same name gives the same index and fills a missing title */
	assert_int_equal(asset_speaker_intern(&arena, as, "Maria Zakharova",
	    "Spokeswoman", &k), ERR_OK);
	assert_int_equal(k, 0);
	assert_int_equal(as->nspeakers, 1);
	assert_string_equal(as->speakers[0].title, "Spokeswoman");
	/* but does not replace a title it has */
	assert_int_equal(asset_speaker_intern(&arena, as, "Maria Zakharova",
	    "Other", &k), ERR_OK);
	assert_string_equal(as->speakers[0].title, "Spokeswoman");
	/* exact bytes: another case is another person */
	assert_int_equal(asset_speaker_intern(&arena, as, "maria zakharova",
	    NULL, &k), ERR_OK);
	assert_int_equal(k, 1);
	/* up to the limit, then ERR_LIMIT; earlier records stay */
	for (int n = 2; n < LIMIT_SPEAKERS; n++) {
		snprintf(name, sizeof name, "Speaker %d", n);
		assert_int_equal(asset_speaker_intern(&arena, as, name, NULL,
		    &k), ERR_OK);
		assert_int_equal(k, n);
	}
	assert_int_equal(as->nspeakers, LIMIT_SPEAKERS);
	k = -5;
	assert_int_equal(asset_speaker_intern(&arena, as, "One too many", NULL,
	    &k), ERR_LIMIT);
	assert_int_equal(k, -5);
	assert_int_equal(as->nspeakers, LIMIT_SPEAKERS);
	/* an existing name is still found at the limit */
	assert_int_equal(asset_speaker_intern(&arena, as, "Speaker 150", NULL,
	    &k), ERR_OK);
	assert_int_equal(k, 150);
	assert_string_equal(as->speakers[0].name, "Maria Zakharova");
	assert_string_equal(as->speakers[199].name, "Speaker 199");
}

static void
test_translation_add(void **state)
{
	struct asset *as = asset_new(&arena);
	struct translation *t = NULL, *t2;
	struct locale l;
	char tag[16];

	(void)state;
	l = loc("en-GB");
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	assert_non_null(t);
	assert_string_equal(t->locale.tag, "en-GB");
	assert_string_equal(t->title, "");
	assert_string_equal(t->summary, "");
	assert_int_equal(t->nblocks, 0);
	t2 = NULL;
	assert_int_equal(asset_translation_add(&arena, as, &l, &t2),
	    ERR_CONFLICT);
	assert_null(t2);
	assert_int_equal(as->ntranslations, 1);
	for (int i = 1; i < LIMIT_LOCALES; i++) {
		snprintf(tag, sizeof tag, "en-x-n%d", i);
		l = loc(tag);
		assert_int_equal(asset_translation_add(&arena, as, &l, &t),
		    ERR_OK);
	}
	assert_int_equal(as->ntranslations, LIMIT_LOCALES);
	l = loc("fr");
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_LIMIT);
	assert_int_equal(as->ntranslations, LIMIT_LOCALES);
	/* earlier translations survive the array's growth */
	assert_string_equal(as->translations[0].locale.tag, "en-GB");
	assert_string_equal(as->translations[63].locale.tag, "en-x-n63");
}

static void
test_translation_lookup(void **state)
{
	struct asset *as = asset_new(&arena);
	struct locale l;

	(void)state;
	add_translation(as, "en-US", "US");
	add_translation(as, "en-GB", "GB");
	add_translation(as, "ru", "RU");
	l = loc("en-GB");
	assert_string_equal(asset_translation(as, &l)->title, "GB");
	assert_string_equal(asset_translation_for(as, &l)->title, "GB");
	/* no exact match: the first of the same language */
	l = loc("en-AU");
	assert_null(asset_translation(as, &l));
	assert_string_equal(asset_translation_for(as, &l)->title, "US");
	l = loc("en");
	assert_null(asset_translation(as, &l));
	assert_string_equal(asset_translation_for(as, &l)->title, "US");
	l = loc("ru-RU");
	assert_null(asset_translation(as, &l));
	assert_string_equal(asset_translation_for(as, &l)->title, "RU");
	l = loc("fr");
	assert_null(asset_translation(as, &l));
	assert_null(asset_translation_for(as, &l));
	/* nothing in an empty asset */
	as = asset_new(&arena);
	assert_null(asset_translation_for(as, &l));
}

static void
test_block_add(void **state)
{
	struct asset *as = asset_new(&arena);
	struct translation *t = add_translation(as, "en", "Title");
	char id[16], text[32];

	(void)state;
	/* text is copied by length, not up to a NUL */
	assert_int_equal(translation_block_add(&arena, t, "p1",
	    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "abcdef", 3), ERR_OK);
	assert_string_equal(t->blocks[0].text, "abc");
	assert_string_equal(t->blocks[0].id, "p1");
	assert_int_equal(t->blocks[0].speaker, -1);
	/* an id of BLOCK_ID_MAX - 1 bytes fits, one more does not */
	assert_int_equal(translation_block_add(&arena, t, "p2345678901",
	    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "x", 1), ERR_OK);
	assert_int_equal(translation_block_add(&arena, t, "p23456789012",
	    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "x", 1), ERR_INVAL);
	assert_int_equal(t->nblocks, 2);
	/* growth keeps every earlier block */
	for (size_t i = t->nblocks; i < LIMIT_BLOCKS; i++) {
		snprintf(id, sizeof id, "t%zu", i);
		snprintf(text, sizeof text, "turn %zu", i);
		assert_int_equal(translation_block_add(&arena, t, id,
		    BLOCK_TURN, TURN_ROLE_REMARK, -1, text, strlen(text)),
		    ERR_OK);
	}
	assert_int_equal(t->nblocks, LIMIT_BLOCKS);
	assert_int_equal(translation_block_add(&arena, t, "t9999", BLOCK_TURN,
	    TURN_ROLE_REMARK, -1, "x", 1), ERR_LIMIT);
	assert_int_equal(t->nblocks, LIMIT_BLOCKS);
	assert_string_equal(t->blocks[0].text, "abc");
	assert_string_equal(t->blocks[1].id, "p2345678901");
	for (size_t i = 2; i < LIMIT_BLOCKS; i++) {
		snprintf(id, sizeof id, "t%zu", i);
		snprintf(text, sizeof text, "turn %zu", i);
		assert_string_equal(t->blocks[i].id, id);
		assert_string_equal(t->blocks[i].text, text);
		assert_int_equal(t->blocks[i].role, TURN_ROLE_REMARK);
	}
}

/* each builder under allocation failure: an error, never a crash */
static void
test_builders_alloc_failure(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct arena a;
		struct asset *as;
		struct translation *t = NULL;
		struct locale l = loc("en");
		enum err e = ERR_OK;
		int idx;

		arena_init(&a, 64u << 20);
		mem_fail_after(n);
		as = asset_new(&a);
		if (as == NULL)
			e = a.err;
		if (e == ERR_OK)
			e = asset_translation_add(&a, as, &l, &t);
		for (int i = 0; i < 300 && e == ERR_OK; i++) {
			char name[16];

			snprintf(name, sizeof name, "s%d", i % 150);
			e = asset_speaker_intern(&a, as, name, "title", &idx);
			if (e == ERR_OK)
				e = translation_block_add(&a, t, "p1",
				    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
				    "some text of a paragraph", 24);
		}
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		assert_int_equal(e, ERR_NOMEM);
		arena_release(&a);
		assert_true(n < 1000);
	}
}

/* --- text_check --------------------------------------------------------- */

static void
check_text(const char *s, size_t n, size_t max, enum err want,
    size_t want_bad)
{
	size_t bad = 12345;

	assert_int_equal(text_check(s, n, max, &bad), want);
	if (want != ERR_OK)
		assert_int_equal(bad, want_bad);
}

static void
test_text_check(void **state)
{
	(void)state;
	check_text("", 0, 10, ERR_OK, 0);
	check_text("plain", 5, 10, ERR_OK, 0);
	check_text("tab\tnew\nline", 12, 100, ERR_OK, 0);
	check_text("\xD0\x9C\xD0\x98\xD0\x94", 6, 6, ERR_OK, 0);
	check_text("0123456789", 10, 10, ERR_OK, 0);
	check_text("0123456789x", 11, 10, ERR_LIMIT, 10);
	check_text("cr\r\n", 4, 100, ERR_INVAL, 2);
	check_text("a\0b", 3, 100, ERR_INVAL, 1);
	check_text("bell\a", 5, 100, ERR_INVAL, 4);
	check_text("esc\x1b[0m", 7, 100, ERR_INVAL, 3);
	check_text("del\x7f", 4, 100, ERR_INVAL, 3);
	check_text("ff\f", 3, 100, ERR_INVAL, 2);
	check_text("ok \xC3", 4, 100, ERR_INVAL, 3);
	check_text("\xED\xA0\x80", 3, 100, ERR_INVAL, 0);
	check_text("ab\xC0\xAF", 4, 100, ERR_INVAL, 2);
	/* C1 controls (U+0080..U+009F) are control characters too */
	check_text("\xC2\x85", 2, 100, ERR_INVAL, 0);
	check_text("x\xC2\x9B[0m", 6, 100, ERR_INVAL, 1);
	check_text("\xC2\x9F", 2, 100, ERR_INVAL, 0);
	check_text("\xC2\xA0\xC2\xA9", 4, 100, ERR_OK, 0);	/* NBSP, (c) */
}

/* --- asset_validate, one invariant at a time ---------------------------- */

static void
test_valid_asset(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	check_valid(as);
	/* optional parts may be empty */
	as->place = arena_strdup(&arena, "");
	as->nrelated = 0;
	as->nlocales = 0;
	as->speakers[0].title = NULL;
	as->translations[0].summary = arena_strdup(&arena,
	    "Two lines\nof summary.");
	as->event_offset = -TIME_OFFSET_MAX;
	check_valid(as);
	as->event_offset = TIME_OFFSET_MAX;
	check_valid(as);
	as->event_offset = -(5 * 3600 + 1800);
	check_valid(as);
	/* a block id may be in one translation only */
	add_block(&as->translations[0], "p2", BLOCK_PARAGRAPH, TURN_ROLE_NONE,
	    -1, "Only in English.");
	check_valid(as);
	/* a turn without a speaker */
	add_block(&as->translations[1], "t3", BLOCK_TURN, TURN_ROLE_REMARK, -1,
	    "x");
	check_valid(as);
}

static void
test_slug_rules(void **state)
{
	static const char *const bad[] = { "", "-a", "a-", "A", "a--b", "a b",
		"a_b", "caf\xC3\xA9", "slug/x" };
	struct asset *as = make_asset();

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		as->slug = arena_strdup(&arena, bad[i]);
		check_invalid(as, ERR_INVAL, "slug: ");
	}
	as->slug = NULL;
	check_invalid(as, ERR_INVAL, "slug: ");
	as->slug = repeat('a', LIMIT_SLUG_BYTES + 1);
	check_invalid(as, ERR_INVAL, "slug: ");
	as->slug = repeat('a', LIMIT_SLUG_BYTES);
	check_valid(as);
	as->slug = arena_strdup(&arena, "a");
	check_valid(as);
}

static void
test_kind_range(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->kind = ASSET_KIND__MAX;
	check_invalid(as, ERR_INVAL, "kind: ");
	as->kind = (enum asset_kind)-1;
	check_invalid(as, ERR_INVAL, "kind: ");
}

static void
test_offset_rules(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->event_offset = 30;
	check_invalid(as, ERR_INVAL, "published_at: ");
	as->event_offset = TIME_OFFSET_MAX + 60;
	check_invalid(as, ERR_INVAL, "published_at: ");
	as->event_offset = -TIME_OFFSET_MAX - 60;
	check_invalid(as, ERR_INVAL, "published_at: ");
}

static void
test_place_rules(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->place = NULL;
	check_invalid(as, ERR_INVAL, "place: missing");
	as->place = arena_strdup(&arena, "Moscow\nRussia");
	check_invalid(as, ERR_INVAL, "place: must be a single line");
	as->place = arena_strdup(&arena, "Mos\tcow");
	check_valid(as);
	as->place = arena_strdup(&arena, "Mos\rcow");
	check_invalid(as, ERR_INVAL, "place: invalid UTF-8 or control "
	    "character at byte 3");
	as->place = arena_strdup(&arena, "Mos\xFF");
	check_invalid(as, ERR_INVAL, "place: invalid UTF-8");
	as->place = repeat('x', LIMIT_PLACE_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "place: longer than 200 bytes");
	as->place = repeat('x', LIMIT_PLACE_BYTES);
	check_valid(as);
}

static void
test_locales_distinct(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->locales[1] = loc("en-gb");
	check_invalid(as, ERR_INVAL, "locales: en-GB is listed twice");
	/* same language, other region: distinct */
	as->locales[1] = loc("en-US");
	check_valid(as);
}

static void
test_locales_limit(void **state)
{
	struct asset *as = make_asset();
	char tag[16];

	(void)state;
	as->locales = arena_calloc(&arena, LIMIT_LOCALES + 1,
	    sizeof *as->locales);
	for (int i = 0; i <= LIMIT_LOCALES; i++) {
		snprintf(tag, sizeof tag, "en-x-n%d", i);
		as->locales[i] = loc(tag);
	}
	as->nlocales = LIMIT_LOCALES;
	check_valid(as);
	as->nlocales = LIMIT_LOCALES + 1;
	check_invalid(as, ERR_LIMIT, "locales: more than 64");
}

static void
test_translations_distinct(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	/* the builder refuses it; a caller writing the array directly can not
	 * get it past validation either */
	as->translations[1].locale = loc("en-GB");
	check_invalid(as, ERR_INVAL, "translations: en-GB appears twice");
}

static void
test_translations_required(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->ntranslations = 0;
	check_invalid(as, ERR_INVAL,
	    "translations: an asset needs at least one");
}

static void
test_translations_limit(void **state)
{
	struct asset *as = make_asset();
	struct translation *t;
	char tag[16];

	(void)state;
	t = arena_calloc(&arena, LIMIT_LOCALES + 1, sizeof *t);
	for (int i = 0; i <= LIMIT_LOCALES; i++) {
		snprintf(tag, sizeof tag, "en-x-n%d", i);
		t[i].locale = loc(tag);
		t[i].title = arena_strdup(&arena, "T");
		t[i].summary = arena_strdup(&arena, "");
	}
	as->translations = t;
	as->ntranslations = LIMIT_LOCALES;
	check_valid(as);
	as->ntranslations = LIMIT_LOCALES + 1;
	check_invalid(as, ERR_LIMIT, "translations: more than 64");
}

static void
test_title_rules(void **state)
{
	struct asset *as = make_asset();
	struct translation *t = &as->translations[1];

	(void)state;
	t->title = arena_strdup(&arena, "");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.title: must not be "
	    "empty");
	t->title = NULL;
	check_invalid(as, ERR_INVAL, "translations.ru-RU.title: missing");
	t->title = arena_strdup(&arena, "Two\nlines");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.title: must be a "
	    "single line");
	t->title = arena_strdup(&arena, "Bad \x01 byte");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.title: invalid "
	    "UTF-8 or control character at byte 4");
	t->title = repeat('T', LIMIT_TITLE_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "translations.ru-RU.title: longer than "
	    "1024 bytes");
	t->title = repeat('T', LIMIT_TITLE_BYTES);
	check_valid(as);
}

static void
test_summary_rules(void **state)
{
	struct asset *as = make_asset();
	struct translation *t = &as->translations[0];

	(void)state;
	t->summary = NULL;
	check_invalid(as, ERR_INVAL, "translations.en-GB.summary: missing");
	t->summary = repeat('s', LIMIT_SUMMARY_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "translations.en-GB.summary: longer "
	    "than 4096 bytes");
	t->summary = repeat('s', LIMIT_SUMMARY_BYTES);
	check_valid(as);
	t->summary = arena_strdup(&arena, "\xE2\x82");
	check_invalid(as, ERR_INVAL, "translations.en-GB.summary: invalid "
	    "UTF-8");
}

static void
test_block_id_form(void **state)
{
	static const struct {
		const char *id;
		enum block_type type;
		enum turn_role role;
	} bad[] = {
		{ "p0", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p01", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "P1", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "x1", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p1a", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p-1", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p 1", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		/* the prefix of the other type */
		{ "t1", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
		{ "p1", BLOCK_TURN, TURN_ROLE_ANSWER },
		{ "t0", BLOCK_TURN, TURN_ROLE_ANSWER },
	};
	struct asset *as;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct block *b;

		as = make_asset();
		b = &as->translations[0].blocks[0];
		snprintf(b->id, sizeof b->id, "%s", bad[i].id);
		b->type = bad[i].type;
		b->role = bad[i].role;
		check_invalid(as, ERR_INVAL,
		    "translations.en-GB.blocks[0].id: ");
	}
	/* large numbers are fine */
	as = make_asset();
	snprintf(as->translations[0].blocks[0].id, BLOCK_ID_MAX, "p999999");
	snprintf(as->translations[1].blocks[0].id, BLOCK_ID_MAX, "p999999");
	check_valid(as);
}

static void
test_block_id_unique(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	snprintf(as->translations[1].blocks[2].id, BLOCK_ID_MAX, "t1");
	as->translations[1].blocks[2].role = TURN_ROLE_QUESTION;
	as->translations[1].blocks[2].speaker = 1;
	check_invalid(as, ERR_INVAL,
	    "translations.ru-RU.blocks[2].id: \"t1\" is used twice");
}

static void
test_block_id_shared_meaning(void **state)
{
	struct asset *as;

	(void)state;
	/* turn 2 is an answer in English and a remark in Russian */
	as = make_asset();
	as->translations[1].blocks[2].role = TURN_ROLE_REMARK;
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[2]: block t2 "
	    "has another role or speaker in en-GB");
	/* turn 1 has another speaker in Russian */
	as = make_asset();
	as->translations[1].blocks[1].speaker = 0;
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[1]: block t1 "
	    "has another role or speaker in en-GB");
	/* no speaker in one, a speaker in the other */
	as = make_asset();
	as->translations[1].blocks[1].speaker = -1;
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[1]: block t1 ");
	/* the text and position may differ: p1 moved after the turns */
	as = make_asset();
	{
		struct translation *t = &as->translations[1];
		struct block p = t->blocks[0];

		t->blocks[0] = t->blocks[1];
		t->blocks[1] = t->blocks[2];
		t->blocks[2] = p;
	}
	check_valid(as);
}

static void
test_turn_needs_role(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->translations[0].blocks[1].role = TURN_ROLE_NONE;
	as->translations[1].blocks[1].role = TURN_ROLE_NONE;
	check_invalid(as, ERR_INVAL,
	    "translations.en-GB.blocks[1]: a turn needs a role");
}

static void
test_paragraph_no_role_no_speaker(void **state)
{
	struct asset *as;

	(void)state;
	as = make_asset();
	as->translations[0].blocks[0].role = TURN_ROLE_STATEMENT;
	check_invalid(as, ERR_INVAL, "translations.en-GB.blocks[0]: a "
	    "paragraph has no role and no speaker");
	as = make_asset();
	as->translations[0].blocks[0].speaker = 0;
	check_invalid(as, ERR_INVAL, "translations.en-GB.blocks[0]: a "
	    "paragraph has no role and no speaker");
}

static void
test_speaker_index(void **state)
{
	struct asset *as;

	(void)state;
	as = make_asset();
	as->translations[0].blocks[2].speaker = 2;	/* == nspeakers */
	as->translations[1].blocks[2].speaker = 2;
	check_invalid(as, ERR_INVAL,
	    "translations.en-GB.blocks[2].speaker: no such speaker");
	as = make_asset();
	as->translations[0].blocks[2].speaker = -2;
	as->translations[1].blocks[2].speaker = -2;
	check_invalid(as, ERR_INVAL,
	    "translations.en-GB.blocks[2].speaker: no such speaker");
}

static void
test_block_enums(void **state)
{
	struct asset *as;

	(void)state;
	as = make_asset();
	as->translations[0].blocks[0].type = BLOCK_TYPE__MAX;
	check_invalid(as, ERR_INVAL,
	    "translations.en-GB.blocks[0]: bad type or role");
	as = make_asset();
	as->translations[0].blocks[1].role = TURN_ROLE__MAX;
	check_invalid(as, ERR_INVAL,
	    "translations.en-GB.blocks[1]: bad type or role");
}

static void
test_block_text(void **state)
{
	struct asset *as = make_asset();
	struct block *b = &as->translations[1].blocks[2];

	(void)state;
	b->text = arena_strdup(&arena, "");
	check_invalid(as, ERR_INVAL,
	    "translations.ru-RU.blocks[2].text: must not be empty");
	b->text = NULL;
	check_invalid(as, ERR_INVAL,
	    "translations.ru-RU.blocks[2].text: missing");
	b->text = arena_strdup(&arena, "line\r\nline");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[2].text: "
	    "invalid UTF-8 or control character at byte 4");
	b->text = arena_strdup(&arena, "del\x7f");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[2].text: ");
	b->text = arena_strdup(&arena, "ok \xF4\x90\x80\x80");
	check_invalid(as, ERR_INVAL, "translations.ru-RU.blocks[2].text: "
	    "invalid UTF-8 or control character at byte 3");
	b->text = repeat('b', LIMIT_BLOCK_TEXT_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "translations.ru-RU.blocks[2].text: "
	    "longer than 262144 bytes");
	b->text = repeat('b', LIMIT_BLOCK_TEXT_BYTES);
	check_valid(as);
	/* several paragraphs, tabs: fine */
	b->text = arena_strdup(&arena, "one\n\ntwo\tthree\n");
	check_valid(as);
}

static void
test_blocks_limit(void **state)
{
	struct asset *as = make_asset();
	struct translation *t = &as->translations[0];
	struct block *b;

	(void)state;
	b = arena_calloc(&arena, LIMIT_BLOCKS + 1, sizeof *b);
	for (int i = 0; i <= LIMIT_BLOCKS; i++) {
		snprintf(b[i].id, sizeof b[i].id, "p%d", i + 1);
		b[i].type = BLOCK_PARAGRAPH;
		b[i].speaker = -1;
		b[i].text = (char *)"x";
	}
	t->blocks = b;
	t->nblocks = LIMIT_BLOCKS + 1;
	check_invalid(as, ERR_LIMIT,
	    "translations.en-GB.blocks: more than 2000 blocks");
	/* (the shared-id check is quadratic; keep the other side small) */
	t->nblocks = LIMIT_BLOCKS;
	as->translations[1].nblocks = 1;
	check_valid(as);
}

static void
test_speaker_rules(void **state)
{
	struct asset *as;

	(void)state;
	as = make_asset();
	as->speakers[1].name = arena_strdup(&arena, "");
	check_invalid(as, ERR_INVAL, "speakers[1].name: must not be empty");
	as->speakers[1].name = NULL;
	check_invalid(as, ERR_INVAL, "speakers[1].name: missing");
	as->speakers[1].name = arena_strdup(&arena, "Two\nlines");
	check_invalid(as, ERR_INVAL, "speakers[1].name: must be a single "
	    "line");
	as->speakers[1].name = repeat('n', LIMIT_PERSON_NAME_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "speakers[1].name: longer than 200 "
	    "bytes");
	as->speakers[1].name = repeat('n', LIMIT_PERSON_NAME_BYTES);
	check_valid(as);
	as->speakers[1].name = arena_strdup(&arena, "Sergey Lavrov");
	check_invalid(as, ERR_INVAL,
	    "speakers[1].name: \"Sergey Lavrov\" is listed twice");

	as = make_asset();
	as->speakers[0].title = repeat('t', LIMIT_PERSON_TITLE_BYTES + 1);
	check_invalid(as, ERR_LIMIT, "speakers[0].title: longer than 200 "
	    "bytes");
	as->speakers[0].title = arena_strdup(&arena, "A\nB");
	check_invalid(as, ERR_INVAL, "speakers[0].title: must be a single "
	    "line");
	as->speakers[0].title = arena_strdup(&arena, "");
	check_valid(as);
}

static void
test_speakers_limit(void **state)
{
	struct asset *as = make_asset();
	struct person *p;

	(void)state;
	p = arena_calloc(&arena, LIMIT_SPEAKERS + 1, sizeof *p);
	for (int i = 0; i <= LIMIT_SPEAKERS; i++)
		p[i].name = arena_printf(&arena, "Speaker %d", i);
	as->speakers = p;
	as->nspeakers = LIMIT_SPEAKERS;
	check_valid(as);
	as->nspeakers = LIMIT_SPEAKERS + 1;
	check_invalid(as, ERR_LIMIT, "speakers: more than 200");
}

static void
test_related_rules(void **state)
{
	struct asset *as = make_asset();

	(void)state;
	as->related[1] = 0;
	check_invalid(as, ERR_INVAL, "related[1]: not another asset's id");
	as->related[1] = -7;
	check_invalid(as, ERR_INVAL, "related[1]: ");
	as->related[1] = as->id;
	check_invalid(as, ERR_INVAL, "related[1]: not another asset's id");
	/* before it is stored (id 0) an asset relates to any positive id */
	as->related[1] = 7;
	as->id = 0;
	check_valid(as);

	/* slugs still to be resolved must be slugs */
	as->related_slugs = arena_calloc(&arena, 2, sizeof *as->related_slugs);
	as->related_slugs[0] = arena_strdup(&arena, "other-asset");
	as->related_slugs[1] = arena_strdup(&arena, "Other Asset");
	as->nrelated_slugs = 1;
	check_valid(as);
	as->nrelated_slugs = 2;
	check_invalid(as, ERR_INVAL, "related: \"Other Asset\" is not a slug");
	as->nrelated_slugs = 0;

	as->related = arena_calloc(&arena, LIMIT_RELATED + 1,
	    sizeof *as->related);
	for (int i = 0; i <= LIMIT_RELATED; i++)
		as->related[i] = 100 + i;
	as->nrelated = LIMIT_RELATED;
	check_valid(as);
	as->nrelated = LIMIT_RELATED + 1;
	check_invalid(as, ERR_LIMIT, "related: more than 100");
}

static void
test_diag_first_message_kept(void **state)
{
	struct asset *as = make_asset();
	struct diag d;

	(void)state;
	as->slug = arena_strdup(&arena, "");
	diag_init(&d, "file.json");
	diag_set(&d, 3, 4, "earlier problem");
	assert_int_equal(asset_validate(as, &d), ERR_INVAL);
	assert_string_equal(d.msg, "earlier problem");
	assert_int_equal(d.line, 3);
}

/* When an asset shown elsewhere last changed that page, by state. */
static void
test_shown_modified(void **state)
{
	struct asset as = { 0 };
	const int64_t now = 2000000;

	(void)state;
	as.updated_at = 1000;
	as.status = ASSET_PUBLISHED;
	as.publish_at = 1500;		/* public since 1500, saved at 1000 */
	assert_int_equal(asset_shown_modified(&as, now), 1500);
	as.publish_at = 500;		/* public before its last save */
	assert_int_equal(asset_shown_modified(&as, now), 1000);
	as.publish_at = now + 1;	/* scheduled: nothing shows */
	assert_int_equal(asset_shown_modified(&as, now), 0);
	as.status = ASSET_DRAFT;	/* back to draft: it left at its save */
	assert_int_equal(asset_shown_modified(&as, now), 1000);
	as.status = ASSET_WITHDRAWN;
	assert_int_equal(asset_shown_modified(&as, now), 1000);
	as.status = ASSET_UNPUBLISHED;
	assert_int_equal(asset_shown_modified(&as, now), 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_shown_modified),
		cmocka_unit_test(test_asset_new),
		cmocka_unit_test(test_speaker_intern),
		cmocka_unit_test(test_translation_add),
		cmocka_unit_test(test_translation_lookup),
		cmocka_unit_test(test_block_add),
		cmocka_unit_test_teardown(test_builders_alloc_failure,
		    teardown),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_valid_asset),
		cmocka_unit_test(test_slug_rules),
		cmocka_unit_test(test_kind_range),
		cmocka_unit_test(test_offset_rules),
		cmocka_unit_test(test_place_rules),
		cmocka_unit_test(test_locales_distinct),
		cmocka_unit_test(test_locales_limit),
		cmocka_unit_test(test_translations_distinct),
		cmocka_unit_test(test_translations_required),
		cmocka_unit_test(test_translations_limit),
		cmocka_unit_test(test_title_rules),
		cmocka_unit_test(test_summary_rules),
		cmocka_unit_test(test_block_id_form),
		cmocka_unit_test(test_block_id_unique),
		cmocka_unit_test(test_block_id_shared_meaning),
		cmocka_unit_test(test_turn_needs_role),
		cmocka_unit_test(test_paragraph_no_role_no_speaker),
		cmocka_unit_test(test_speaker_index),
		cmocka_unit_test(test_block_enums),
		cmocka_unit_test(test_block_text),
		cmocka_unit_test(test_blocks_limit),
		cmocka_unit_test(test_speaker_rules),
		cmocka_unit_test(test_speakers_limit),
		cmocka_unit_test(test_related_rules),
		cmocka_unit_test(test_diag_first_message_kept),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
