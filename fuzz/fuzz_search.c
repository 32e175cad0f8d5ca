/*
 * fuzz_search.c - libFuzzer target for the search box's language: any
 * bytes are parsed (src/search/query.c), written back in normal form,
 * compiled to FTS5 expressions (compile.c) and run against a small store
 * in memory (the real FTS5 table and tokenizer, in three languages).
 *
 * Checks that nothing crashes or leaks, that the normal form parses to
 * itself, and that FTS5 accepts every compiled expression: a search that
 * ends in anything but success (an SQL or FTS5 syntax error) aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/search.h"
#include "pressroom/store.h"
#include "pressroom/banned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static const char asset_json[] =
    "{\"slug\":\"2020-01-01-fuzz\",\"kind\":\"transcript\","
    "\"published_at\":\"2020-01-01T12:00:00+03:00\",\"place\":\"Here\","
    "\"locales\":[\"en-GB\",\"ru-RU\",\"ar\"],"
    "\"speakers\":[{\"name\":\"A B\"}],"
    "\"translations\":{"
    "\"en-GB\":{\"title\":\"Water treaty talks\",\"summary\":\"On "
    "negotiations.\",\"blocks\":[{\"text\":\"a *b* [c](http://x) "
    "negotiate\"},"
    "{\"type\":\"turn\",\"role\":\"question\",\"text\":\"OR NOT near\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"A B\","
    "\"text\":\"the water treaty\"}]},"
    "\"ru-RU\":{\"title\":\"Договор\",\"blocks\":[{\"text\":\"терроризмом"
    " и Mосква\"},{\"type\":\"turn\",\"role\":\"question\",\"text\":\"q\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"A B\","
    "\"text\":\"ответ\"}]},"
    "\"ar\":{\"title\":\"المعاهدة\",\"blocks\":[{\"text\":\"وزير "
    "ووزير\"},{\"type\":\"turn\",\"role\":\"question\",\"text\":\"س\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"A B\","
    "\"text\":\"ج\"}]}}}";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct arena a;
	struct asset *as;
	struct store_save_result res;
	struct diag d;

	(void)argc;
	(void)argv;
	asset_json_setup();
	arena_init(&a, 1u << 20);
	diag_init(&d, NULL);
	if (store_open(":memory:", STORE_CREATE, &st, &d) != ERR_OK ||
	    asset_json_parse(&a, asset_json, sizeof asset_json - 1, &as,
	    &d) != ERR_OK ||
	    store_asset_save(st, as, NULL, &res, &d) != ERR_OK) {
		fprintf(stderr, "fuzz_search: set-up: %s\n", d.msg);
		abort();
	}
	arena_release(&a);
	return 0;
}

/* The normal form of a query. */
static char *
normal(struct arena *a, const struct search_query *q)
{
	struct buf b;
	char *s;

	buf_init(&b, 1u << 20);
	search_query_format(&b, q);
	s = b.err == ERR_OK ? arena_strndup(a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tags[] = { "en-GB", "ru-RU", "ar", "de",
		"zz-Latn" };
	struct arena a;
	struct search_query *q, *again;
	struct search_fts fts;
	struct store_search_query sq = { .scope = { .public = true,
		.now = 2000000000 }, .limit = 5 };
	struct store_search_result r;
	struct locale ls[5];
	char *n1, *n2;
	enum err e;

	if (st == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	for (size_t i = 0; i < 5; i++)
		if (locale_parse(str_from(tags[i]), &ls[i]) != ERR_OK)
			abort();
	arena_init(&a, 64u << 20);
	if (search_parse(&a, (const char *)data, size, &q) != ERR_OK)
		abort();	/* only memory can fail, and it does not here */
	/* the normal form is a fixed point */
	n1 = normal(&a, q);
	if (n1 == NULL || search_parse(&a, n1, strlen(n1), &again) != ERR_OK ||
	    (n2 = normal(&a, again)) == NULL || strcmp(n1, n2) != 0) {
		fprintf(stderr, "fuzz_search: \"%s\" is not a fixed point\n",
		    n1 != NULL ? n1 : "(null)");
		abort();
	}
	/* every language at once, then one, then none */
	for (size_t k = 0; k < 3; k++) {
		size_t n = k == 0 ? 5 : k == 1 ? 1 : 0;

		if (search_compile(&a, q, ls + (k == 1 ? 1 : 0), n, &fts) !=
		    ERR_OK)
			abort();
		sq.match = fts.match;
		sq.exclude = fts.exclude;
		e = store_search(st, &a, &sq, &r);
		if (e != ERR_OK) {
			fprintf(stderr, "fuzz_search: %s for [%s]: %s\n",
			    err_str(e), fts.match, store_errmsg(st));
			abort();
		}
	}
	arena_release(&a);
	return 0;
}
