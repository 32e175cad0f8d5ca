/*
 * cmd_show.c - `pressroom show ID|SLUG`: one asset as readable text or as
 * the API's JSON.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "cli.h"
#include "pressroom/banned.h"

#define LINE_CHARS 72

static void
help(void)
{
	printf("usage: pressroom [--db PATH] show [--json] [--locale TAG]\n"
	    "                 [--full] ID|SLUG\n"
	    "\n"
	    "Shows an asset: its metadata, then each translation's blocks\n"
	    "with their ids (p1, t4...), roles and speakers. --full prints\n"
	    "whole texts instead of their first line; --json prints the JSON\n"
	    "the API serves at /api/v1/assets/ID. Exit code 4 if there is no\n"
	    "such asset.\n");
}

/* The first line of text, cut to about n characters. */
static void
print_line(const char *text, bool full)
{
	size_t len = strcspn(text, "\n"), i = 0, chars = 0;

	if (full) {
		printf("%s\n", text);
		return;
	}
	while (i < len && chars < LINE_CHARS) {
		utf8_next(text, len, &i);
		chars++;
	}
	printf("%.*s%s\n", (int)i, text, i < strlen(text) ? "…" : "");
}

static void
print_text(const struct asset *as, const struct locale *only, bool full)
{
	char t[TIME_RFC3339_MAX];

	if (time_format_rfc3339(as->event_at, as->event_offset, t) != ERR_OK)
		t[0] = '\0';
	printf("#%lld %s\n", (long long)as->id, as->slug);
	printf("kind:       %s\n", asset_kind_name(as->kind));
	printf("event:      %s\n", t);
	printf("place:      %s\n", as->place);
	printf("status:     %s", asset_status_label(as->status, as->publish_at,
	    time_now()));
	if (as->status == ASSET_PUBLISHED &&
	    time_format_rfc3339(as->publish_at, 0, t) == ERR_OK)
		printf(" (from %s)", t);
	if (as->status == ASSET_WITHDRAWN)
		printf(": %s", as->withdraw_reason != NULL ?
		    as->withdraw_reason : "");
	printf("\n");
	if (as->ntags > 0) {
		printf("tags:      ");
		for (size_t i = 0; i < as->ntags; i++)
			printf(" %s%s", as->tags[i], i + 1 < as->ntags ? "," :
			    "");
		printf("\n");
	}
	printf("locales:   ");
	for (size_t i = 0; i < as->nlocales; i++)
		printf(" %s%s", as->locales[i].tag,
		    asset_translation(as, &as->locales[i]) ? "" : " (no text)");
	printf("\nspeakers:  ");
	for (size_t i = 0; i < as->nspeakers; i++)
		printf(" %s%s%s%s%s", as->speakers[i].name,
		    as->speakers[i].title ? " (" : "",
		    as->speakers[i].title ? as->speakers[i].title : "",
		    as->speakers[i].title ? ")" : "",
		    i + 1 < as->nspeakers ? "," : "");
	if (time_format_rfc3339(as->updated_at, 0, t) != ERR_OK)
		t[0] = '\0';
	printf("\nrevision:   %lld (%s)\n", (long long)as->revision, t);
	if (as->source != NULL)
		printf("source:     %s\n", as->source);
	if (as->nrelated > 0) {
		printf("related:   ");
		for (size_t i = 0; i < as->nrelated; i++)
			printf(" #%lld", (long long)as->related[i]);
		printf("\n");
	}
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *tr = &as->translations[i];

		if (only != NULL && !locale_eq(only, &tr->locale))
			continue;
		printf("\n[%s] %s\n", tr->locale.tag, tr->title);
		if (tr->summary[0] != '\0')
			printf("summary: %s\n", tr->summary);
		for (size_t k = 0; k < tr->nblocks; k++) {
			const struct block *b = &tr->blocks[k];

			printf("  %-4s %-9s ", b->id, b->type == BLOCK_TURN ?
			    turn_role_name(b->role) : "paragraph");
			if (b->speaker >= 0)
				printf("%s: ", as->speakers[b->speaker].name);
			print_line(b->text, full);
		}
	}
}

int
cmd_show(struct cli *c, int argc, char **argv)
{
	const char *locale = NULL;
	bool json = false, full = false, want_help;
	const struct cli_opt opts[] = {
		{ "json", false, NULL, &json },
		{ "full", false, NULL, &full },
		{ "locale", true, &locale, NULL },
		{ NULL, false, NULL, NULL },
	};
	char *args[8];
	int nargs, rc = EXIT_OK;
	struct store *s = NULL;
	struct asset *as;
	struct locale only;
	struct arena a;
	struct diag d;
	struct buf b;
	int64_t id;
	enum err e;

	arena_init(&a, (size_t)1 << 30);
	buf_init(&b, LIMIT_ASSET_JSON_BYTES + 4096);
	if (!cli_opts_parse(c, "show", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help();
		goto out;
	}
	if (nargs != 1) {
		cli_error("show: give one asset id or slug");
		rc = EXIT_USAGE;
		goto out;
	}
	if (locale != NULL && locale_parse(str_from(locale), &only) != ERR_OK) {
		cli_error("show: --locale %s: not a BCP 47 language tag",
		    locale);
		rc = EXIT_USAGE;
		goto out;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, STORE_READONLY, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if (str_to_i64(str_from(args[0]), 1, INT64_MAX, &id) != ERR_OK)
		e = store_asset_find(s, args[0], NULL, &id);
	else
		e = ERR_OK;
	if (e == ERR_OK)
		e = store_asset_get(s, &a, id, &as);
	if (e == ERR_NOTFOUND) {
		cli_error("show: no asset \"%s\"", args[0]);
		rc = EXIT_NOTFOUND;
		goto out;
	}
	if (e != ERR_OK) {
		cli_error("show: %s (%s)", err_str(e), store_errmsg(s));
		rc = EXIT_FAIL;
		goto out;
	}
	if (json) {
		e = asset_json_write(as, ASSET_JSON_META | ASSET_JSON_PRETTY,
		    &b);
		if (e != ERR_OK) {
			cli_error("show: %s", err_str(e));
			rc = EXIT_FAIL;
			goto out;
		}
		printf("%s\n", b.p);
	} else {
		print_text(as, locale != NULL ? &only : NULL, full);
	}
out:
	store_close(s);
	buf_release(&b);
	arena_release(&a);
	return rc;
}
