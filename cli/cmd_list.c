/*
 * cmd_list.c - `pressroom list`: assets newest first, one line each, or
 * JSON.
 */
#include <stdio.h>
#include <jansson.h>
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "cli.h"
#include "pressroom/banned.h"

static void
help(void)
{
	printf("usage: pressroom [--db PATH] list [--locale TAG] [--limit N]\n"
	    "                 [--offset N] [--json]\n"
	    "\n"
	    "Lists every asset (drafts and scheduled ones too), newest event\n"
	    "first: id, date and time with the announced offset, status, kind,\n"
	    "locale and title. With --locale,\n"
	    "only assets with text in that locale (a bare language such as\n"
	    "\"en\" matches every region). --limit defaults to 50 (at most\n"
	    "%d).\n", LIMIT_LIST_PAGE_SIZE);
}

static int
print_json(const struct store_list *l)
{
	json_t *arr = json_array(), *o;
	char t[TIME_RFC3339_MAX];
	int rc = EXIT_OK;

	if (arr == NULL)
		return EXIT_FAIL;
	for (size_t i = 0; i < l->nitems; i++) {
		const struct asset_summary *it = &l->items[i];

		if (time_format_rfc3339(it->event_at, it->event_offset, t) !=
		    ERR_OK)
			t[0] = '\0';
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)it->id, "slug", it->slug,
		    "kind", asset_kind_name(it->kind), "published_at", t,
		    "place", it->place, "locale", it->locale.tag,
		    "title", it->title, "status", asset_status_label(
		    it->status, it->publish_at, time_now()));
		if (o == NULL || json_array_append_new(arr, o) != 0) {
			rc = EXIT_FAIL;
			goto out;
		}
	}
	o = json_pack("{s:I, s:O}", "total", (json_int_t)l->total, "items",
	    arr);
	if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2)) != 0)
		rc = EXIT_FAIL;
	putchar('\n');
	json_decref(o);
out:
	json_decref(arr);
	return rc;
}

int
cmd_list(struct cli *c, int argc, char **argv)
{
	const char *locale = NULL, *limit = NULL, *offset = NULL;
	bool json = false, want_help;
	const struct cli_opt opts[] = {
		{ "locale", true, &locale, NULL },
		{ "limit", true, &limit, NULL },
		{ "offset", true, &offset, NULL },
		{ "json", false, NULL, &json },
		{ NULL, false, NULL, NULL },
	};
	char *args[4];
	int nargs, rc = EXIT_OK;
	struct store_list_query q = { .limit = 50 };
	struct store_list l;
	struct store *s = NULL;
	struct arena a;
	struct diag d;
	int64_t v, now;
	enum err e;

	arena_init(&a, (size_t)1 << 30);
	if (!cli_opts_parse(c, "list", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help();
		goto out;
	}
	if (nargs > 0) {
		cli_error("list: unexpected argument \"%s\"", args[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (locale != NULL && locale_parse(str_from(locale), &q.locale) !=
	    ERR_OK) {
		cli_error("list: --locale %s: not a BCP 47 language tag",
		    locale);
		rc = EXIT_USAGE;
		goto out;
	}
	if (limit != NULL) {
		if (str_to_i64(str_from(limit), 1, LIMIT_LIST_PAGE_SIZE, &v) !=
		    ERR_OK) {
			cli_error("list: --limit must be 1 to %d",
			    LIMIT_LIST_PAGE_SIZE);
			rc = EXIT_USAGE;
			goto out;
		}
		q.limit = (size_t)v;
	}
	if (offset != NULL) {
		if (str_to_i64(str_from(offset), 0, INT32_MAX, &v) != ERR_OK) {
			cli_error("list: --offset must be a number from 0");
			rc = EXIT_USAGE;
			goto out;
		}
		q.offset = (size_t)v;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, STORE_READONLY, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((e = store_asset_list(s, &a, &q, &l)) != ERR_OK) {
		cli_error("list: %s (%s)", err_str(e), store_errmsg(s));
		rc = EXIT_FAIL;
		goto out;
	}
	if (json) {
		rc = print_json(&l);
		goto out;
	}
	now = time_now();
	for (size_t i = 0; i < l.nitems; i++) {
		const struct asset_summary *it = &l.items[i];
		char t[TIME_RFC3339_MAX];

		if (time_format_rfc3339(it->event_at, it->event_offset, t) !=
		    ERR_OK)
			t[0] = '\0';
		t[16] = '\0';	/* "YYYY-MM-DDTHH:MM" */
		t[10] = ' ';
		printf("%5lld  %s  %-11s  %-13s  %-6s  %s\n",
		    (long long)it->id, t, asset_status_label(it->status,
		    it->publish_at, now), asset_kind_name(it->kind),
		    it->locale.tag, it->title);
	}
	printf("%zu of %zu asset%s\n", l.nitems, l.total,
	    l.total == 1 ? "" : "s");
out:
	store_close(s);
	arena_release(&a);
	return rc;
}
