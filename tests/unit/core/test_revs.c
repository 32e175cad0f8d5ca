/*
 * test_revs.c - unit tests for src/core/revs.c, the translation status of
 * asset.h: asset_revs_carry over a sequence of saves (a new asset, an
 * unchanged save, a changed source block marking exactly that block of
 * each translation outdated, a translator's edit clearing it, the source's
 * title and summary marking every head outdated, blocks added to and
 * removed from the source, blocks only a translation has), the counts of
 * asset_translation_status, asset_revs_confirm (and its refusals), and the
 * source changing language (translations reordered).
 *
 * Each step builds the next version of the asset from scratch, as the
 * store does when it loads the old one, and carries the numbers from the
 * previous step. Checks that once found bugs go through known_bug(), a
 * plain assertion with a message. Does not store anything (tests/unit/store/test_accounts.c checks that the
 * store keeps these numbers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/locale.h"
#include "pressroom/str.h"
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
	return 0;
}

/* A check that once found a bug (kept by name; now a plain assertion). */
static void
known_bug(bool ok, const char *what)
{
	if (!ok)
		fail_msg("%s", what);
}

static struct locale
loc(const char *s)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(s), &l), ERR_OK);
	return l;
}

static void
add(struct translation *t, const char *id, const char *text)
{
	enum block_type type = id[0] == 't' ? BLOCK_TURN : BLOCK_PARAGRAPH;

	assert_int_equal(translation_block_add(&arena, t, id, type,
	    type == BLOCK_TURN ? TURN_ROLE_STATEMENT : TURN_ROLE_NONE, -1,
	    text, strlen(text)), ERR_OK);
}

static struct translation *
add_tr(struct asset *as, const char *tag, const char *title,
    const char *summary)
{
	struct locale l = loc(tag);
	struct translation *t;

	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, title);
	t->summary = arena_strdup(&arena, summary);
	assert_non_null(t->title);
	assert_non_null(t->summary);
	return t;
}

/*
 * The base version: en-GB (the source) with p1, p2, t1; ru-RU with the
 * same three; de-DE with p1 only. order names the translations' order
 * ("en ru de" or "ru en de").
 */
static struct asset *
base(bool ru_first)
{
	struct asset *as = asset_new(&arena);
	struct translation *t;

	assert_non_null(as);
	as->slug = arena_strdup(&arena, "2024-05-01-statement");
	for (int pass = 0; pass < 2; pass++) {
		if (pass == (ru_first ? 1 : 0)) {
			t = add_tr(as, "en-GB", "Statement", "In short.");
			add(t, "p1", "One.");
			add(t, "p2", "Two.");
			add(t, "t1", "Three.");
		} else {
			t = add_tr(as, "ru-RU", "Заявление", "Кратко.");
			add(t, "p1", "Один.");
			add(t, "p2", "Два.");
			add(t, "t1", "Три.");
		}
	}
	t = add_tr(as, "de-DE", "Erklärung", "Kurz.");
	add(t, "p1", "Eins.");
	return as;
}

static struct translation *
tr(const struct asset *as, const char *tag)
{
	struct locale l = loc(tag);
	struct translation *t = asset_translation(as, &l);

	assert_non_null(t);
	return t;
}

static struct block *
blk(const struct asset *as, const char *tag, const char *id)
{
	struct translation *t = tr(as, tag);

	for (size_t i = 0; i < t->nblocks; i++)
		if (strcmp(t->blocks[i].id, id) == 0)
			return &t->blocks[i];
	fail_msg("%s has no block %s", tag, id);
	return NULL;
}

static void
set_text(struct asset *as, const char *tag, const char *id, const char *s)
{
	blk(as, tag, id)->text = arena_strdup(&arena, s);
}

static void
assert_revs(const struct asset *as, const char *tag, const char *id,
    int64_t rev, int64_t source_rev)
{
	const struct block *b = blk(as, tag, id);

	if (b->rev != rev || b->source_rev != source_rev)
		fail_msg("%s %s: rev %lld source_rev %lld, want %lld %lld",
		    tag, id, (long long)b->rev, (long long)b->source_rev,
		    (long long)rev, (long long)source_rev);
}

static bool
outdated(const struct asset *as, const char *tag, const char *id)
{
	struct translation *t = tr(as, tag);

	return asset_block_outdated(as, t, blk(as, tag, id));
}

/* How many blocks of the whole asset are outdated. */
static size_t
count_outdated(const struct asset *as)
{
	size_t n = 0;

	for (size_t i = 0; i < as->ntranslations; i++)
		for (size_t k = 0; k < as->translations[i].nblocks; k++)
			n += asset_block_outdated(as, &as->translations[i],
			    &as->translations[i].blocks[k]);
	return n;
}

static void
assert_status(const struct asset *as, const char *tag, size_t outd,
    size_t missing, bool is_source)
{
	struct translation_status ts;

	memset(&ts, 0x5a, sizeof ts);
	asset_translation_status(as, tr(as, tag), &ts);
	if (ts.outdated != outd || ts.missing != missing ||
	    ts.is_source != is_source)
		fail_msg("%s: outdated %zu missing %zu source %d, want %zu "
		    "%zu %d", tag, ts.outdated, ts.missing, ts.is_source, outd,
		    missing, is_source);
}

/* Every number of as equals rev (a new asset, or nothing changed). */
static void
assert_all(const struct asset *as, int64_t rev)
{
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];

		assert_int_equal(t->head_rev, rev);
		assert_int_equal(t->head_source_rev, rev);
		for (size_t k = 0; k < t->nblocks; k++) {
			assert_int_equal(t->blocks[k].rev, rev);
			assert_int_equal(t->blocks[k].source_rev, rev);
		}
	}
}

/* --- tests ---------------------------------------------------------------- */

static void
test_new_asset(void **state)
{
	struct asset *a = base(false);

	(void)state;
	asset_revs_carry(NULL, a, 1);
	assert_all(a, 1);
	assert_int_equal(count_outdated(a), 0);
	assert_status(a, "en-GB", 0, 0, true);
	assert_status(a, "ru-RU", 0, 0, false);
	assert_status(a, "de-DE", 0, 2, false);	/* p2, t1 */
	assert_false(asset_head_outdated(a, tr(a, "ru-RU")));
	assert_false(asset_head_outdated(a, tr(a, "en-GB")));
	/* a new asset at any revision: all numbers are that revision */
	a = base(false);
	asset_revs_carry(NULL, a, 7);
	assert_all(a, 7);
	assert_int_equal(count_outdated(a), 0);
}

static void
test_no_translations(void **state)
{
	struct asset *a = asset_new(&arena);
	struct translation t = { .title = "x", .summary = "" };
	struct translation_status ts;

	(void)state;
	assert_non_null(a);
	asset_revs_carry(NULL, a, 1);
	asset_revs_carry(a, a, 2);
	asset_translation_status(a, &t, &ts);
	assert_true(ts.is_source);
	assert_false(asset_head_outdated(a, &t));
	assert_null(asset_source_block(a, "p1"));
	assert_int_equal(asset_revs_confirm(a, &t, "p1"), ERR_NOTFOUND);
}

static void
test_unchanged_keeps(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	asset_revs_carry(a1, a2, 2);
	assert_all(a2, 1);
	asset_revs_carry(a2, a3, 3);
	assert_all(a3, 1);
	assert_int_equal(count_outdated(a3), 0);
}

static void
test_source_block_changed(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	set_text(a2, "en-GB", "p2", "Two, revised.");
	asset_revs_carry(a1, a2, 2);
	assert_revs(a2, "en-GB", "p1", 1, 1);
	assert_revs(a2, "en-GB", "p2", 2, 2);
	assert_revs(a2, "en-GB", "t1", 1, 1);
	assert_revs(a2, "ru-RU", "p2", 1, 1);
	/* exactly ru-RU's p2 is outdated; de-DE has no p2 */
	assert_true(outdated(a2, "ru-RU", "p2"));
	assert_false(outdated(a2, "ru-RU", "p1"));
	assert_false(outdated(a2, "ru-RU", "t1"));
	assert_false(outdated(a2, "de-DE", "p1"));
	assert_false(outdated(a2, "en-GB", "p2"));	/* the source never */
	assert_int_equal(count_outdated(a2), 1);
	assert_status(a2, "ru-RU", 1, 0, false);
	assert_status(a2, "de-DE", 0, 2, false);
	assert_status(a2, "en-GB", 0, 0, true);
	assert_false(asset_head_outdated(a2, tr(a2, "ru-RU")));
	/* the source block of a translation block is the same id */
	assert_ptr_equal(asset_source_block(a2, "p2"), blk(a2, "en-GB", "p2"));
	assert_null(asset_source_block(a2, "p9"));
}

static void
test_translation_edit_clears(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);
	struct asset *a4 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	set_text(a2, "en-GB", "p2", "Two, revised.");
	asset_revs_carry(a1, a2, 2);
	assert_true(outdated(a2, "ru-RU", "p2"));
	/* the translator brings ru-RU's p2 up to date */
	set_text(a3, "en-GB", "p2", "Two, revised.");
	set_text(a3, "ru-RU", "p2", "Два, исправлено.");
	asset_revs_carry(a2, a3, 3);
	assert_revs(a3, "ru-RU", "p2", 3, 2);
	assert_revs(a3, "en-GB", "p2", 2, 2);
	assert_false(outdated(a3, "ru-RU", "p2"));
	assert_int_equal(count_outdated(a3), 0);
	assert_status(a3, "ru-RU", 0, 0, false);
	/* an edit of a block that was up to date keeps it so */
	set_text(a4, "en-GB", "p2", "Two, revised.");
	set_text(a4, "ru-RU", "p2", "Два, исправлено.");
	set_text(a4, "ru-RU", "p1", "Один!");
	asset_revs_carry(a3, a4, 4);
	assert_revs(a4, "ru-RU", "p1", 4, 1);
	assert_revs(a4, "ru-RU", "p2", 3, 2);
	assert_int_equal(count_outdated(a4), 0);
}

/* An edit of the translation before the source changes does not help. */
static void
test_translation_edit_then_source(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	set_text(a2, "ru-RU", "t1", "Три!");
	asset_revs_carry(a1, a2, 2);
	assert_revs(a2, "ru-RU", "t1", 2, 1);
	assert_false(outdated(a2, "ru-RU", "t1"));
	set_text(a3, "ru-RU", "t1", "Три!");
	set_text(a3, "en-GB", "t1", "Three!");
	asset_revs_carry(a2, a3, 3);
	assert_true(outdated(a3, "ru-RU", "t1"));
	assert_int_equal(count_outdated(a3), 1);
}

static void
test_source_head(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);
	struct asset *a4 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	tr(a2, "en-GB")->title = "Statement by the Ministry";
	asset_revs_carry(a1, a2, 2);
	assert_int_equal(tr(a2, "en-GB")->head_rev, 2);
	assert_true(asset_head_outdated(a2, tr(a2, "ru-RU")));
	assert_true(asset_head_outdated(a2, tr(a2, "de-DE")));
	assert_false(asset_head_outdated(a2, tr(a2, "en-GB")));
	assert_int_equal(count_outdated(a2), 0);	/* blocks are fine */
	assert_status(a2, "ru-RU", 1, 0, false);	/* the head counts */
	assert_status(a2, "de-DE", 1, 2, false);
	/* ru-RU retitled: its head is current, de-DE's is not */
	tr(a3, "en-GB")->title = "Statement by the Ministry";
	tr(a3, "ru-RU")->title = "Заявление МИД";
	asset_revs_carry(a2, a3, 3);
	assert_int_equal(tr(a3, "ru-RU")->head_rev, 3);
	assert_int_equal(tr(a3, "ru-RU")->head_source_rev, 2);
	assert_false(asset_head_outdated(a3, tr(a3, "ru-RU")));
	assert_true(asset_head_outdated(a3, tr(a3, "de-DE")));
	/* the summary alone changes the head too */
	tr(a4, "en-GB")->title = "Statement by the Ministry";
	tr(a4, "ru-RU")->title = "Заявление МИД";
	tr(a4, "en-GB")->summary = "";
	asset_revs_carry(a3, a4, 4);
	assert_int_equal(tr(a4, "en-GB")->head_rev, 4);
	assert_true(asset_head_outdated(a4, tr(a4, "ru-RU")));
}

static void
test_source_block_added_removed(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);
	struct asset *a4 = base(false), *a5 = base(false);

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	add(tr(a2, "en-GB"), "p3", "Four.");
	asset_revs_carry(a1, a2, 2);
	assert_revs(a2, "en-GB", "p3", 2, 2);
	assert_status(a2, "ru-RU", 0, 1, false);	/* p3 missing */
	assert_status(a2, "de-DE", 0, 3, false);
	assert_int_equal(count_outdated(a2), 0);
	/* translated: nothing missing; its source_rev is the source's */
	add(tr(a3, "en-GB"), "p3", "Four.");
	add(tr(a3, "ru-RU"), "p3", "Четыре.");
	asset_revs_carry(a2, a3, 3);
	assert_revs(a3, "ru-RU", "p3", 3, 2);
	assert_status(a3, "ru-RU", 0, 0, false);
	/* t1 removed from the source: ru-RU's t1 is neither outdated nor
	 * missing; a block only a translation has has source_rev 0 */
	a4->translations[0].nblocks = 2;	/* en-GB: p1, p2 */
	add(tr(a4, "en-GB"), "p3", "Four.");
	add(tr(a4, "ru-RU"), "p3", "Четыре.");
	add(tr(a4, "ru-RU"), "p4", "Только по-русски.");
	asset_revs_carry(a3, a4, 4);
	assert_false(outdated(a4, "ru-RU", "t1"));
	assert_revs(a4, "ru-RU", "p4", 4, 0);
	assert_false(outdated(a4, "ru-RU", "p4"));
	assert_status(a4, "ru-RU", 0, 0, false);
	assert_status(a4, "de-DE", 0, 2, false);	/* p2, p3 */
	/* t1 back in the source with other text: ru-RU's t1 is outdated */
	add(tr(a5, "en-GB"), "p3", "Four.");
	add(tr(a5, "ru-RU"), "p3", "Четыре.");
	add(tr(a5, "ru-RU"), "p4", "Только по-русски.");
	set_text(a5, "en-GB", "t1", "Three, again.");
	asset_revs_carry(a4, a5, 5);
	assert_revs(a5, "en-GB", "t1", 5, 5);
	assert_true(outdated(a5, "ru-RU", "t1"));
	assert_status(a5, "ru-RU", 1, 0, false);
}

static void
test_confirm(void **state)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);
	struct translation *ru, *de;
	const char *text;

	(void)state;
	asset_revs_carry(NULL, a1, 1);
	set_text(a2, "en-GB", "p2", "Two, revised.");
	set_text(a2, "en-GB", "t1", "Three, revised.");
	tr(a2, "en-GB")->title = "Statement!";
	asset_revs_carry(a1, a2, 2);
	assert_int_equal(count_outdated(a2), 2);
	ru = tr(a2, "ru-RU");
	de = tr(a2, "de-DE");
	text = blk(a2, "ru-RU", "p2")->text;
	/* "still right": one block, its text untouched */
	assert_int_equal(asset_revs_confirm(a2, ru, "p2"), ERR_OK);
	assert_false(outdated(a2, "ru-RU", "p2"));
	assert_ptr_equal(blk(a2, "ru-RU", "p2")->text, text);
	assert_revs(a2, "ru-RU", "p2", 1, 2);
	assert_true(outdated(a2, "ru-RU", "t1"));	/* only that one */
	assert_int_equal(count_outdated(a2), 1);
	/* the head */
	assert_true(asset_head_outdated(a2, ru));
	assert_int_equal(asset_revs_confirm(a2, ru, ""), ERR_OK);
	assert_false(asset_head_outdated(a2, ru));
	assert_true(asset_head_outdated(a2, de));
	assert_status(a2, "ru-RU", 1, 0, false);
	/* refusals: the source itself, unknown ids, a block either side
	 * lacks */
	assert_int_equal(asset_revs_confirm(a2, tr(a2, "en-GB"), "p2"),
	    ERR_INVAL);
	assert_int_equal(asset_revs_confirm(a2, ru, "p9"), ERR_NOTFOUND);
	assert_int_equal(asset_revs_confirm(a2, de, "p2"), ERR_NOTFOUND);
	add(ru, "p4", "Только по-русски.");
	assert_int_equal(asset_revs_confirm(a2, ru, "p4"), ERR_NOTFOUND);
	ru->nblocks--;
	/* a confirmation is kept by the next save that leaves it alone */
	set_text(a3, "en-GB", "p2", "Two, revised.");
	set_text(a3, "en-GB", "t1", "Three, revised.");
	tr(a3, "en-GB")->title = "Statement!";
	asset_revs_carry(a2, a3, 3);
	assert_false(outdated(a3, "ru-RU", "p2"));
	assert_true(outdated(a3, "ru-RU", "t1"));
	assert_false(asset_head_outdated(a3, tr(a3, "ru-RU")));
}

/*
 * History: 1 new; 2 en-GB's p2 changes; 3 ru-RU's p2 is translated again.
 * Then ru-RU becomes the source (put first), texts unchanged.
 */
static struct asset *
history(void)
{
	struct asset *a1 = base(false), *a2 = base(false), *a3 = base(false);

	asset_revs_carry(NULL, a1, 1);
	set_text(a2, "en-GB", "p2", "Two, revised.");
	asset_revs_carry(a1, a2, 2);
	set_text(a3, "en-GB", "p2", "Two, revised.");
	set_text(a3, "ru-RU", "p2", "Два, исправлено.");
	asset_revs_carry(a2, a3, 3);
	assert_int_equal(count_outdated(a3), 0);
	return a3;
}

static void
test_source_changes_language(void **state)
{
	struct asset *a3 = history(), *a4 = base(true), *a5 = base(true);

	(void)state;
	set_text(a4, "en-GB", "p2", "Two, revised.");
	set_text(a4, "ru-RU", "p2", "Два, исправлено.");
	assert_string_equal(a4->translations[0].locale.tag, "ru-RU");
	asset_revs_carry(a3, a4, 4);
	/* the new source keeps its numbers and is the source */
	assert_status(a4, "ru-RU", 0, 0, true);
	assert_revs(a4, "ru-RU", "p1", 1, 1);
	assert_revs(a4, "ru-RU", "p2", 3, 3);
	assert_revs(a4, "ru-RU", "t1", 1, 1);
	assert_false(outdated(a4, "ru-RU", "p2"));
	/* sensible numbers: nothing is newer than it says */
	for (size_t i = 0; i < a4->ntranslations; i++) {
		const struct translation *t = &a4->translations[i];

		assert_true(t->head_rev >= 1 && t->head_rev <= 4);
		assert_true(t->head_source_rev >= 0 &&
		    t->head_source_rev <= 4);
		for (size_t k = 0; k < t->nblocks; k++) {
			assert_true(t->blocks[k].rev >= 1 &&
			    t->blocks[k].rev <= 4);
			assert_true(t->blocks[k].source_rev >= 0 &&
			    t->blocks[k].source_rev <= 4);
		}
	}
	{
		struct translation_status ts;

		asset_translation_status(a4, tr(a4, "en-GB"), &ts);
		assert_false(ts.is_source);
		assert_int_equal(ts.missing, 0);
	}
	assert_status(a4, "de-DE", 0, 2, false);
	/* the new source changes: its translations notice */
	set_text(a5, "en-GB", "p2", "Two, revised.");
	set_text(a5, "ru-RU", "p2", "Два, исправлено.");
	set_text(a5, "ru-RU", "p1", "Один, заново.");
	asset_revs_carry(a4, a5, 5);
	assert_revs(a5, "ru-RU", "p1", 5, 5);
	assert_true(outdated(a5, "en-GB", "p1"));
	assert_true(outdated(a5, "de-DE", "p1"));
	assert_false(outdated(a5, "en-GB", "t1"));
}

/*
 * revs.c says of the source changing language: "A translation that was
 * the source before ... is no translation of the new one yet: its numbers
 * start afresh." So right after the switch, with no text changed, the
 * former source is not outdated anywhere and its blocks are at the
 * switch's revision. The check compares the translation with
 * asset_translation(old, new source's locale), not with old's source.
 */
static void
test_source_change_afresh(void **state)
{
	struct asset *a3 = history(), *a4 = base(true);

	(void)state;
	set_text(a4, "en-GB", "p2", "Two, revised.");
	set_text(a4, "ru-RU", "p2", "Два, исправлено.");
	asset_revs_carry(a3, a4, 4);
	known_bug(!outdated(a4, "en-GB", "p2") &&
	    blk(a4, "en-GB", "p2")->rev == 4,
	    "revs.c:71 'ot == osrc' never holds (osrc is old's translation "
	    "in the NEW source's locale), so the former source keeps its "
	    "numbers and en-GB p2 shows outdated right after ru-RU becomes "
	    "the source with no text changed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_asset, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_translations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_keeps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_source_block_changed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_translation_edit_clears,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_translation_edit_then_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_head, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_source_block_added_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_changes_language,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_change_afresh,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
