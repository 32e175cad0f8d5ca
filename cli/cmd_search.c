/*
 * cmd_search.c - `pressroom search QUERY`: full-text search of what is
 * public now, as text or as the API's JSON.
 *
 * The query language is the search box's (include/pressroom/search.h);
 * the store applies the visibility rule. Does not search drafts: what the
 * command finds is what a reader finds.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "pressroom/analyze.h"
#include "pressroom/limits.h"
#include "pressroom/page.h"
#include "pressroom/search.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "cli.h"
#include "pressroom/banned.h"

static void
help(void)
{
	printf("usage: pressroom [--db PATH] search [--locale TAG] "
	    "[--speaker NAME]\n"
	    "                 [--kind KIND] [--role question|answer] "
	    "[--tag TAG]\n"
	    "                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
	    "[--limit N]\n"
	    "                 [--page N] [--json] QUERY...\n"
	    "\n"
	    "Searches the titles, summaries and blocks of what is public "
	    "now, in\n"
	    "every language (words are stemmed per language), and prints "
	    "the best\n"
	    "matches: id, date, kind, locale, title, the address of the "
	    "matching\n"
	    "block and a snippet; then the counts per kind, speaker, year "
	    "and\n"
	    "language. Several QUERY arguments are one query.\n"
	    "\n"
	    "Query: words (all required, in one title, summary or block),\n"
	    "\"exact phrase\", prefix* (%d characters at least), -excluded,\n"
	    "a OR b. Anything else is searched as text.\n"
	    "\n"
	    "  --locale TAG   only passages in this locale (\"ru\" matches "
	    "every region)\n"
	    "  --speaker NAME only turns of a speaker whose name contains "
	    "NAME\n"
	    "  --kind KIND    statement, speech, transcript, press-release, "
	    "news,\n"
	    "                 briefing or interview\n"
	    "  --role ROLE    only questions, or only answers\n"
	    "  --tag TAG      only assets with this tag\n"
	    "  --from, --to   the event's local date, both days included\n"
	    "  --limit N      results per page (default 10, at most %d)\n"
	    "  --page N       which page (default 1)\n"
	    "  --json         the JSON of /api/v1/search\n"
	    "\n"
	    "Exit code 0 also when nothing is found.\n",
	    LIMIT_SEARCH_PREFIX_CHARS, LIMIT_SEARCH_PAGE_SIZE);
}

/* "YYYY-MM-DD" as seconds (UTC midnight). */
static bool
parse_date(const char *s, int64_t *out)
{
	struct civil c = { 0 };
	int64_t v;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    str_to_i64(str_make(s, 4), 1, 9999, &v) != ERR_OK)
		return false;
	c.year = (int)v;
	if (str_to_i64(str_make(s + 5, 2), 1, 12, &v) != ERR_OK)
		return false;
	c.month = (int)v;
	if (str_to_i64(str_make(s + 8, 2), 1, 31, &v) != ERR_OK)
		return false;
	c.day = (int)v;
	return time_from_civil(&c, out) == ERR_OK;
}

/* Prints s with its highlights bold on a terminal, dropped otherwise. */
static void
print_marked(const char *s, bool tty)
{
	for (; *s != '\0'; s++) {
		if (*s == ANALYZE_HL_OPEN || *s == ANALYZE_HL_CLOSE) {
			if (tty)
				fputs(*s == ANALYZE_HL_OPEN ? "\033[1m" :
				    "\033[0m", stdout);
			continue;
		}
		putchar(*s);
	}
}

static json_t *
json_marked(const char *s, bool html)
{
	struct buf b;
	json_t *j;

	buf_init(&b, LIMIT_PAGE_BYTES);
	if (html)
		page_marked_html(&b, s);
	else
		page_marked_plain(&b, s);
	j = b.err == ERR_OK ? json_stringn(b.p, b.len) : NULL;
	buf_release(&b);
	return j;
}

/* The API's JSON (see docs/SEARCH.md). */
static int
print_json(const char *query, const struct search_query *q,
    const struct store_search_result *r, size_t page, size_t per_page)
{
	static const char *const names[STORE_FACET__MAX] = {
		"kind", "speaker", "year", "locale",
	};
	json_t *results = json_array(), *facets = json_object(), *root;
	size_t pages = r->total == 0 ? 1 : (r->total + per_page - 1) / per_page;
	int rc = EXIT_OK;

	if (pages > LIMIT_SEARCH_PAGES)
		pages = LIMIT_SEARCH_PAGES;
	for (size_t i = 0; results != NULL && i < r->nhits; i++) {
		const struct store_search_hit *h = &r->hits[i];
		char when[TIME_RFC3339_MAX], url[512];

		if (time_format_rfc3339(h->event_at, h->event_offset, when) !=
		    ERR_OK)
			when[0] = '\0';
		snprintf(url, sizeof url, "/%s/%s%s%s", h->locale.tag, h->slug,
		    h->block_id[0] != '\0' ? "#" : "", h->block_id);
		if (json_array_append_new(results, json_pack("{s:I, s:s, s:s, "
		    "s:s, s:s, s:s, s:o, s:o, s:s?, s:o, s:o, s:f}",
		    "id", (json_int_t)h->id, "slug", h->slug,
		    "kind", asset_kind_name(h->kind), "locale", h->locale.tag,
		    "published_at", when, "url", url,
		    "title", json_marked(h->title, false),
		    "title_html", json_marked(h->title, true),
		    "block", h->block_id[0] != '\0' ? h->block_id : NULL,
		    "snippet", json_marked(h->snippet, false),
		    "snippet_html", json_marked(h->snippet, true),
		    "score", h->score)) != 0)
			rc = EXIT_FAIL;
	}
	for (int k = 0; facets != NULL && k < STORE_FACET__MAX; k++) {
		json_t *a = json_array();

		for (size_t i = 0; a != NULL && i < r->nfacets[k]; i++)
			if (json_array_append_new(a, json_pack("{s:s, s:I}",
			    "value", r->facets[k][i].value, "count",
			    (json_int_t)r->facets[k][i].count)) != 0)
				rc = EXIT_FAIL;
		if (a == NULL || json_object_set_new(facets, names[k], a) != 0)
			rc = EXIT_FAIL;
	}
	root = results != NULL && facets != NULL && rc == EXIT_OK ?
	    json_pack("{s:s, s:b, s:I, s:b, s:I, s:I, s:I, s:O, s:O}",
	    "query", query, "cut", q->cut, "total", (json_int_t)r->total,
	    "capped", r->capped, "page", (json_int_t)page,
	    "pages", (json_int_t)pages, "per_page", (json_int_t)per_page,
	    "results", results, "facets", facets) : NULL;
	if (root == NULL || json_dumpf(root, stdout, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0)
		rc = EXIT_FAIL;
	putchar('\n');
	json_decref(root);
	json_decref(results);
	json_decref(facets);
	return rc;
}

static void
print_text(const struct store_search_result *r, size_t page,
    size_t per_page)
{
	static const char *const names[STORE_FACET__MAX] = {
		"kind", "speaker", "year", "locale",
	};
	bool tty = isatty(STDOUT_FILENO) == 1;

	for (size_t i = 0; i < r->nhits; i++) {
		const struct store_search_hit *h = &r->hits[i];
		char t[TIME_RFC3339_MAX];

		if (time_format_rfc3339(h->event_at, h->event_offset, t) !=
		    ERR_OK)
			t[0] = '\0';
		t[10] = '\0';
		printf("%5lld  %s  %-13s  %-6s  ", (long long)h->id, t,
		    asset_kind_name(h->kind), h->locale.tag);
		print_marked(h->title, tty);
		printf("\n       /%s/%s%s%s\n", h->locale.tag, h->slug,
		    h->block_id[0] != '\0' ? "#" : "", h->block_id);
		if (h->snippet[0] != '\0') {
			printf("       ");
			print_marked(h->snippet, tty);
			putchar('\n');
		}
	}
	printf("%zu to %zu of %zu result%s%s\n", r->nhits > 0 ?
	    (page - 1) * per_page + 1 : 0, (page - 1) * per_page + r->nhits,
	    r->total, r->total == 1 ? "" : "s", r->capped ?
	    " (only the newest matching passages were counted)" : "");
	for (int k = 0; k < STORE_FACET__MAX; k++) {
		if (r->nfacets[k] == 0)
			continue;
		printf("%s:", names[k]);
		for (size_t i = 0; i < r->nfacets[k]; i++)
			printf("%s %s (%zu)", i > 0 ? "," : "",
			    r->facets[k][i].value, r->facets[k][i].count);
		putchar('\n');
	}
}

int
cmd_search(struct cli *c, int argc, char **argv)
{
	const char *locale = NULL, *speaker = NULL, *kind = NULL,
	    *role = NULL, *tag = NULL, *from = NULL, *to = NULL,
	    *limit = NULL, *page = NULL;
	bool json = false, want_help;
	const struct cli_opt opts[] = {
		{ "locale", true, &locale, NULL },
		{ "speaker", true, &speaker, NULL },
		{ "kind", true, &kind, NULL },
		{ "role", true, &role, NULL },
		{ "tag", true, &tag, NULL },
		{ "from", true, &from, NULL },
		{ "to", true, &to, NULL },
		{ "limit", true, &limit, NULL },
		{ "page", true, &page, NULL },
		{ "json", false, NULL, &json },
		{ NULL, false, NULL, NULL },
	};
	char **args = NULL, tagbuf[TAG_MAX];
	int nargs, rc = EXIT_OK;
	struct store_search_query sq = { .limit = 10 };
	struct store_search_result r = { 0 };
	struct search_query *q = NULL;
	struct search_fts fts;
	struct locale *langs = &sq.locale;
	size_t nlangs = 1, pg = 1;
	struct store *s = NULL;
	struct arena a;
	struct buf text;
	struct diag d;
	int64_t v, now = time_now();
	enum err e;

	arena_init(&a, (size_t)1 << 30);
	buf_init(&text, LIMIT_SEARCH_QUERY_BYTES * 8);
	if ((args = arena_calloc(&a, (size_t)argc + 1, sizeof *args)) ==
	    NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (!cli_opts_parse(c, "search", argc, argv, opts, &want_help, args,
	    argc + 1, &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help();
		goto out;
	}
	if (nargs == 0) {
		cli_error("search: give a query (see `pressroom search "
		    "--help`)");
		rc = EXIT_USAGE;
		goto out;
	}
	if (locale != NULL && locale_parse(str_from(locale), &sq.locale) !=
	    ERR_OK) {
		cli_error("search: --locale %s: not a BCP 47 language tag",
		    locale);
		rc = EXIT_USAGE;
		goto out;
	}
	if (kind != NULL && asset_kind_parse(kind, &sq.kind) != ERR_OK) {
		cli_error("search: --kind %s: not a kind (see --help)", kind);
		rc = EXIT_USAGE;
		goto out;
	}
	sq.has_kind = kind != NULL;
	if (role != NULL && (turn_role_parse(role, &sq.role) != ERR_OK ||
	    (sq.role != TURN_ROLE_QUESTION && sq.role != TURN_ROLE_ANSWER))) {
		cli_error("search: --role must be question or answer");
		rc = EXIT_USAGE;
		goto out;
	}
	if (tag != NULL && tag_normalise(tag, strlen(tag), tagbuf) != ERR_OK) {
		cli_error("search: --tag \"%s\": not a tag", tag);
		rc = EXIT_USAGE;
		goto out;
	}
	sq.tag = tag != NULL ? tagbuf : NULL;
	sq.speaker = speaker;
	if ((from != NULL && !parse_date(from, &sq.from)) ||
	    (to != NULL && !parse_date(to, &sq.to))) {
		cli_error("search: --from and --to take a date, YYYY-MM-DD");
		rc = EXIT_USAGE;
		goto out;
	}
	sq.has_from = from != NULL;
	sq.has_to = to != NULL;
	if (sq.has_to)
		sq.to += 86400;		/* the whole day */
	if (limit != NULL) {
		if (str_to_i64(str_from(limit), 1, LIMIT_SEARCH_PAGE_SIZE,
		    &v) != ERR_OK) {
			cli_error("search: --limit must be 1 to %d",
			    LIMIT_SEARCH_PAGE_SIZE);
			rc = EXIT_USAGE;
			goto out;
		}
		sq.limit = (size_t)v;
	}
	if (page != NULL) {
		if (str_to_i64(str_from(page), 1, LIMIT_SEARCH_PAGES, &v) !=
		    ERR_OK) {
			cli_error("search: --page must be 1 to %d",
			    LIMIT_SEARCH_PAGES);
			rc = EXIT_USAGE;
			goto out;
		}
		pg = (size_t)v;
	}
	sq.offset = (pg - 1) * sq.limit;
	for (int i = 0; i < nargs; i++) {
		if (i > 0)
			buf_addc(&text, ' ');
		buf_adds(&text, args[i]);
	}
	if (text.err != ERR_OK ||
	    search_parse(&a, text.p, text.len, &q) != ERR_OK) {
		rc = EXIT_FAIL;
		goto out;
	}
	buf_reset(&text);
	search_query_format(&text, q);
	diag_init(&d, NULL);
	if ((e = store_open(c->db, STORE_READONLY, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!search_query_empty(q)) {
		if (locale == NULL && (e = store_search_locales(s, &a, &langs,
		    &nlangs)) != ERR_OK)
			goto fail;
		if ((e = search_compile(&a, q, langs, nlangs, &fts)) !=
		    ERR_OK)
			goto fail;
		sq.scope.public = true;
		sq.scope.now = now;
		sq.match = fts.match;
		sq.exclude = fts.exclude;
		if (locale != NULL)
			sq.prefer = sq.locale;
		if ((e = store_search(s, &a, &sq, &r)) != ERR_OK)
			goto fail;
	} else if (!json) {
		cli_error("search: the query has no word to look for");
	}
	if (json)
		rc = print_json(text.err == ERR_OK ? text.p : "", q, &r, pg,
		    sq.limit);
	else
		print_text(&r, pg, sq.limit);
	goto out;
fail:
	cli_error("search: %s (%s)", err_str(e), store_errmsg(s));
	rc = EXIT_FAIL;
out:
	store_close(s);
	buf_release(&text);
	arena_release(&a);
	return rc;
}
