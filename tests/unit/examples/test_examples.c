/*
 * test_examples.c - checks the sample content in examples/ that the demo
 * (`make demo`) imports: every .json file in examples/ parses and validates
 * with asset_json_parse(), and together the items show what the demo is
 * meant to show: several kinds, a news-conference transcript with questions and
 * answers, English, Russian and a right-to-left locale, a locale announced
 * without a translation ("not available"), and translations that share
 * their blocks (turn t4 in English is turn t4 in Russian).
 *
 * Does not import the items into a store, render them or judge the
 * translations themselves: only their structure is checked.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/asset_json.h"
#include "pressroom/err.h"
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

#define EXAMPLES_DIR TEST_SRC_ROOT "/examples"
#define MAX_ITEMS 64
#define NAME_MAX_BYTES 256

struct item {
	char name[NAME_MAX_BYTES];	/* file name inside examples/ */
	struct asset *as;		/* NULL when it did not parse */
};

static struct arena arena;
static struct item items[MAX_ITEMS];
static size_t nitems;
static size_t nbroken;		/* files that did not read or parse */

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static bool
is_json_name(const char *s)
{
	size_t n = strlen(s);

	return s[0] != '.' && n > 5 && strcmp(s + n - 5, ".json") == 0;
}

/* Reads path into the arena; NULL (with a message printed) on failure. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long n;

	if (f == NULL) {
		print_error("%s: cannot open\n", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		print_error("%s: cannot seek\n", path);
		goto out;
	}
	if ((unsigned long)n > LIMIT_ASSET_JSON_BYTES) {
		print_error("%s: larger than %u bytes\n", path,
		    LIMIT_ASSET_JSON_BYTES);
		goto out;
	}
	text = arena_alloc(&arena, (size_t)n + 1);
	if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) {
		print_error("%s: cannot read\n", path);
		text = NULL;
		goto out;
	}
	text[n] = '\0';
	*len = (size_t)n;
out:
	fclose(f);
	return text;
}

static void
load_item(struct item *it)
{
	char path[1024], msg[DIAG_MSG_MAX + 1200];
	struct diag d;
	size_t len = 0;
	char *text;
	int n;
	enum err e;

	n = snprintf(path, sizeof path, "%s/%s", EXAMPLES_DIR, it->name);
	if (n < 0 || (size_t)n >= sizeof path) {
		print_error("%s: path too long\n", it->name);
		nbroken++;
		return;
	}
	text = read_file(path, &len);
	if (text == NULL) {
		nbroken++;
		return;
	}
	diag_init(&d, path);
	e = asset_json_parse(&arena, text, len, &it->as, &d);
	if (e != ERR_OK) {
		diag_format(&d, msg, sizeof msg);
		print_error("%s (%s)\n", msg, err_str(e));
		it->as = NULL;
		nbroken++;
		return;
	}
	if (it->as->slug == NULL || it->as->slug[0] == '\0') {
		print_error("%s: has no slug, so it was not validated\n", path);
		it->as = NULL;
		nbroken++;
	}
}

static int
setup(void **state)
{
	DIR *dir;
	struct dirent *de;

	(void)state;
	asset_json_setup();
	arena_init(&arena, 64u << 20);
	dir = opendir(EXAMPLES_DIR);
	if (dir == NULL) {
		print_error("%s: cannot open the directory\n", EXAMPLES_DIR);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t n;

		if (!is_json_name(de->d_name))
			continue;
		n = strlen(de->d_name);
		if (nitems == MAX_ITEMS || n >= NAME_MAX_BYTES) {
			print_error("%s: too many files or too long a name\n",
			    de->d_name);
			closedir(dir);
			return -1;
		}
		memcpy(items[nitems].name, de->d_name, n + 1);
		nitems++;
	}
	closedir(dir);
	/* a stable order, so that messages and "the first item" are too */
	qsort(items, nitems, sizeof items[0], item_cmp);
	for (size_t i = 0; i < nitems; i++)
		load_item(&items[i]);
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
test_all_parse_and_validate(void **state)
{
	(void)state;
	if (nbroken > 0)
		fail_msg("%zu of %zu files in examples/ do not parse or "
		    "validate (see above)", nbroken, nitems);
	if (nitems < 6)
		fail_msg("examples/ has %zu items, the demo needs at least 6",
		    nitems);
}

static void
test_kinds(void **state)
{
	bool seen[ASSET_KIND__MAX] = { false };
	size_t nkinds = 0;

	(void)state;
	for (size_t i = 0; i < nitems; i++) {
		if (items[i].as == NULL)
			continue;
		if (!seen[items[i].as->kind])
			nkinds++;
		seen[items[i].as->kind] = true;
	}
	if (nkinds < 5)
		fail_msg("examples/ has %zu distinct kinds, wanted at least 5",
		    nkinds);
}

static void
test_transcript_with_questions(void **state)
{
	bool found = false;

	(void)state;
	for (size_t i = 0; i < nitems && !found; i++) {
		const struct asset *as = items[i].as;
		const struct translation *t;
		size_t nq = 0, na = 0;

		if (as == NULL || as->kind != ASSET_KIND_TRANSCRIPT ||
		    as->ntranslations == 0)
			continue;
		t = &as->translations[0];
		for (size_t b = 0; b < t->nblocks; b++) {
			if (t->blocks[b].type != BLOCK_TURN)
				continue;
			nq += t->blocks[b].role == TURN_ROLE_QUESTION;
			na += t->blocks[b].role == TURN_ROLE_ANSWER;
		}
		found = nq >= 2 && na >= 2;
	}
	if (!found)
		fail_msg("no transcript with at least 2 questions and "
		    "2 answers");
}

static void
test_locales_covered(void **state)
{
	bool en = false, ru = false, rtl = false;
	struct locale l_en, l_ru;

	(void)state;
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &l_en), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("ru-RU"), &l_ru), ERR_OK);
	for (size_t i = 0; i < nitems; i++) {
		const struct asset *as = items[i].as;

		if (as == NULL)
			continue;
		for (size_t k = 0; k < as->ntranslations; k++) {
			const struct locale *l = &as->translations[k].locale;

			en = en || locale_eq(l, &l_en);
			ru = ru || locale_eq(l, &l_ru);
			rtl = rtl || locale_is_rtl(l);
		}
	}
	if (!en || !ru || !rtl)
		fail_msg("translations miss%s%s%s", en ? "" : " en-GB",
		    ru ? "" : " ru-RU", rtl ? "" : " a right-to-left locale");
}

static bool
same_block(const struct block *a, const struct block *b)
{
	return strcmp(a->id, b->id) == 0 && a->type == b->type &&
	    a->role == b->role && a->speaker == b->speaker;
}

static void
test_translations_share_blocks(void **state)
{
	size_t bad = 0;

	(void)state;
	for (size_t i = 0; i < nitems; i++) {
		const struct asset *as = items[i].as;
		const struct translation *t0;

		if (as == NULL || as->ntranslations == 0)
			continue;
		t0 = &as->translations[0];
		for (size_t k = 1; k < as->ntranslations; k++) {
			const struct translation *t = &as->translations[k];
			size_t n = t->nblocks < t0->nblocks ? t->nblocks :
			    t0->nblocks;

			if (t->nblocks != t0->nblocks) {
				print_error("%s: %s has %zu blocks, %s has "
				    "%zu\n", items[i].name, t->locale.tag,
				    t->nblocks, t0->locale.tag, t0->nblocks);
				bad++;
				continue;
			}
			for (size_t b = 0; b < n; b++) {
				if (same_block(&t->blocks[b], &t0->blocks[b]))
					continue;
				print_error("%s: block %zu is %s in %s but "
				    "%s in %s, or its type, role or speaker "
				    "differ\n", items[i].name, b,
				    t->blocks[b].id, t->locale.tag,
				    t0->blocks[b].id, t0->locale.tag);
				bad++;
				break;
			}
		}
	}
	if (bad > 0)
		fail_msg("%zu translations differ from their item's first "
		    "translation in their blocks", bad);
}

static void
test_announced_without_translation(void **state)
{
	bool found = false;

	(void)state;
	for (size_t i = 0; i < nitems && !found; i++) {
		const struct asset *as = items[i].as;

		if (as == NULL)
			continue;
		for (size_t k = 0; k < as->nlocales && !found; k++)
			found = asset_translation(as, &as->locales[k]) == NULL;
	}
	if (!found)
		fail_msg("no item announces a locale it has no translation "
		    "in (the demo's \"not available\" case)");
}

static void
test_translations_announced(void **state)
{
	size_t bad = 0;

	(void)state;
	for (size_t i = 0; i < nitems; i++) {
		const struct asset *as = items[i].as;

		if (as == NULL)
			continue;
		for (size_t k = 0; k < as->ntranslations; k++) {
			bool listed = false;

			for (size_t m = 0; m < as->nlocales; m++)
				listed = listed || locale_eq(&as->locales[m],
				    &as->translations[k].locale);
			if (!listed) {
				print_error("%s: translation %s is not in "
				    "\"locales\"\n", items[i].name,
				    as->translations[k].locale.tag);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_slugs_and_dates(void **state)
{
	size_t bad = 0;

	(void)state;
	for (size_t i = 0; i < nitems; i++) {
		const struct asset *as = items[i].as;
		char when[TIME_RFC3339_MAX];

		if (as == NULL)
			continue;
		/* the slug starts with the local date it was published on */
		assert_int_equal(time_format_rfc3339(as->event_at,
		    as->event_offset, when), ERR_OK);
		if (strncmp(as->slug, when, 10) != 0 || as->slug[10] != '-') {
			print_error("%s: slug %s does not start with %.10s-\n",
			    items[i].name, as->slug, when);
			bad++;
		}
		for (size_t k = 0; k < i; k++) {
			const struct asset *o = items[k].as;

			if (o == NULL)
				continue;
			if (strcmp(o->slug, as->slug) == 0) {
				print_error("%s and %s share the slug %s\n",
				    items[k].name, items[i].name, as->slug);
				bad++;
			}
			if (o->event_at == as->event_at) {
				print_error("%s and %s share published_at "
				    "%s\n", items[k].name, items[i].name,
				    when);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_parse_and_validate),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_transcript_with_questions),
		cmocka_unit_test(test_locales_covered),
		cmocka_unit_test(test_translations_share_blocks),
		cmocka_unit_test(test_announced_without_translation),
		cmocka_unit_test(test_translations_announced),
		cmocka_unit_test(test_slugs_and_dates),
	};

	return cmocka_run_group_tests_name("examples", tests, setup,
	    teardown);
}
