/*
 * search_bench.c - the search benchmark's in-process driver (bench/search.py
 * builds and runs it; it is not part of the normal build or the tests).
 *
 *   search_bench baseline OURS.db BASE.db
 *     BASE.db is a copy of OURS.db. Times building, from the same plain
 *     text (search_fts's stored content), an FTS5 table with pressroom's
 *     tokenizer and one with the stock unicode61 tokenizer (remove
 *     diacritics 2), each followed by 'optimize'; then replaces BASE.db's
 *     search_fts by the unicode61 one, so that BASE.db is the same store
 *     with a plain FTS5 index. Prints the times and the index sizes (JSON).
 *
 *   search_bench query OURS.db BASE.db QUERIES ROUNDS
 *     QUERIES: one query a line, "text<TAB>locale<TAB>speaker<TAB>kind"
 *     (empty fields: no filter). Runs each query through store_search
 *     (first page of 20, facets, snippets: what /{locale}/search does) on
 *     OURS.db, written by search_compile for every language of the store,
 *     and on BASE.db, written for no language (one branch, markers
 *     removed: plain quoted FTS5 terms), interleaved, ROUNDS times after
 *     one warm-up round. Prints one JSON line per query: the times in ms
 *     and the totals.
 *
 * Builds with the project's static libraries (see bench/search.py); uses
 * the store's internal tokenizer registration (src/store/sqlite_internal.h)
 * to read and drop the pressroom FTS5 table on a raw connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "pressroom/analyze.h"
#include "pressroom/asset_json.h"
#include "pressroom/search.h"
#include "pressroom/store.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

#define PAGE 20
#define QUERIES_MAX 1000

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "search_bench: %s: %s\n", what, msg);
	exit(1);
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg != NULL ? msg : "?");
}

static double
timed(sqlite3 *db, const char *sql)
{
	double t0 = now_ms();

	exec(db, sql);
	return now_ms() - t0;
}

/* Bytes of the FTS5 shadow tables of table name, from dbstat. */
static void
sizes(sqlite3 *db, const char *name, long long *index, long long *content)
{
	sqlite3_stmt *st;
	char sql[512];

	*index = *content = 0;
	snprintf(sql, sizeof sql, "SELECT name, sum(pgsize) FROM dbstat "
	    "WHERE name LIKE '%s\\_%%' ESCAPE '\\' GROUP BY name", name);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die("dbstat", sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);

		if (strstr(n, "_content") != NULL)
			*content += sqlite3_column_int64(st, 1);
		else
			*index += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
}

static int
cmd_baseline(const char *ours, const char *base)
{
	sqlite3 *db;
	double t_ours, t_plain;
	long long oi, oc, pi, pc, rows;
	sqlite3_stmt *st;

	if (sqlite3_open(base, &db) != SQLITE_OK || fts_register(db) != ERR_OK)
		die(base, "cannot open");
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM search_fts_content",
	    -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		die("count", sqlite3_errmsg(db));
	rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* the same text through both tokenizers */
	exec(db, "CREATE VIRTUAL TABLE bench_ours USING fts5(title, summary, "
	    "body, tokenize = 'pressroom')");
	t_ours = timed(db, "BEGIN; INSERT INTO bench_ours(rowid, title, "
	    "summary, body) SELECT id, c0, c1, c2 FROM search_fts_content; "
	    "INSERT INTO bench_ours(bench_ours) VALUES ('optimize'); COMMIT");
	exec(db, "CREATE VIRTUAL TABLE bench_plain USING fts5(title, summary, "
	    "body, tokenize = 'unicode61 remove_diacritics 2')");
	t_plain = timed(db, "BEGIN; INSERT INTO bench_plain(rowid, title, "
	    "summary, body) SELECT id, "
	    "substr(c0, instr(c0, char(2)) + 1), "
	    "substr(c1, instr(c1, char(2)) + 1), "
	    "substr(c2, instr(c2, char(2)) + 1) FROM search_fts_content; "
	    "INSERT INTO bench_plain(bench_plain) VALUES ('optimize'); COMMIT");
	sizes(db, "bench_ours", &oi, &oc);
	sizes(db, "bench_plain", &pi, &pc);
	/* BASE.db: the same store with the plain index */
	exec(db, "BEGIN; DROP TABLE bench_ours; DROP TABLE search_fts; "
	    "ALTER TABLE bench_plain RENAME TO search_fts; COMMIT; "
	    "PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(db);
	(void)ours;
	printf("{\"rows\": %lld, \"build_ms_pressroom\": %.0f, "
	    "\"build_ms_unicode61\": %.0f, \"index_bytes_pressroom\": %lld, "
	    "\"index_bytes_unicode61\": %lld, \"content_bytes\": %lld}\n",
	    rows, t_ours, t_plain, oi, pi, oc);
	return 0;
}

struct query {
	char text[1024];
	char locale[64];
	char speaker[256];
	char kind[32];
};

/* Removes every locale marker ("\x01tag\x02") from s, in place. */
static void
unmark(char *s)
{
	char *o = s;

	while (*s != '\0') {
		if (*s == ANALYZE_MARK) {
			while (*s != '\0' && *s != ANALYZE_MARK_END)
				s++;
			if (*s != '\0')
				s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
}

/* One search; returns its time in ms and its total in *total. */
static double
run(struct store *s, struct arena *a, const struct query *qq, bool plain,
    const struct locale *langs, size_t nlangs, size_t *total)
{
	struct store_search_query q = { .limit = PAGE,
		.scope = { .public = true, .now = 2000000000 } };
	struct store_search_result r;
	struct search_query *sq;
	struct search_fts fts;
	double t0 = now_ms(), t1;
	enum err e;

	if (qq->locale[0] != '\0' &&
	    locale_parse(str_from(qq->locale), &q.locale) != ERR_OK)
		die("locale", qq->locale);
	if (qq->kind[0] != '\0') {
		q.has_kind = true;
		if (asset_kind_parse(qq->kind, &q.kind) != ERR_OK)
			die("kind", qq->kind);
	}
	if (qq->speaker[0] != '\0')
		q.speaker = qq->speaker;
	if (search_parse(a, qq->text, strlen(qq->text), &sq) != ERR_OK)
		die("parse", qq->text);
	if (plain) {
		if (search_compile(a, sq, NULL, 0, &fts) != ERR_OK)
			die("compile", qq->text);
		unmark(fts.match);
		unmark(fts.exclude);
	} else if (search_compile(a, sq, q.locale.tag[0] != '\0' ? &q.locale :
	    langs, q.locale.tag[0] != '\0' ? 1 : nlangs, &fts) != ERR_OK) {
		die("compile", qq->text);
	}
	q.match = fts.match;
	q.exclude = fts.exclude;
	e = store_search(s, a, &q, &r);
	t1 = now_ms();
	if (e != ERR_OK)
		die(qq->text, store_errmsg(s));
	*total = r.total;
	return t1 - t0;
}

static int
cmd_query(const char *ours, const char *base, const char *file, int rounds)
{
	static struct query qs[QUERIES_MAX];
	struct store *so, *sb;
	struct diag d;
	struct arena a;
	struct locale *langs;
	size_t nq = 0, nlangs;
	char line[2048];
	FILE *f = fopen(file, "r");

	if (f == NULL)
		die(file, "cannot read");
	while (nq < QUERIES_MAX && fgets(line, sizeof line, f) != NULL) {
		char *fields[4] = { line, "", "", "" }, *p = line;
		size_t k = 1;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0')
			continue;
		while (k < 4 && (p = strchr(p, '\t')) != NULL) {
			*p++ = '\0';
			fields[k++] = p;
		}
		snprintf(qs[nq].text, sizeof qs[nq].text, "%.1000s",
		    fields[0]);
		snprintf(qs[nq].locale, sizeof qs[nq].locale, "%.60s",
		    fields[1]);
		snprintf(qs[nq].speaker, sizeof qs[nq].speaker, "%.250s",
		    fields[2]);
		snprintf(qs[nq].kind, sizeof qs[nq].kind, "%.30s", fields[3]);
		nq++;
	}
	fclose(f);
	asset_json_setup();
	diag_init(&d, NULL);
	if (store_open(ours, STORE_READONLY, &so, &d) != ERR_OK)
		die(ours, d.msg);
	if (store_open(base, STORE_READONLY, &sb, &d) != ERR_OK)
		die(base, d.msg);
	arena_init(&a, (size_t)1 << 30);
	if (store_search_locales(so, &a, &langs, &nlangs) != ERR_OK)
		die("locales", store_errmsg(so));
	for (size_t i = 0; i < nq; i++) {
		double to[64], tb[64];
		size_t total_o = 0, total_b = 0;
		struct arena qa;

		arena_init(&qa, (size_t)1 << 30);
		for (int r = 0; r <= rounds && r < 64; r++) {
			/* round 0 warms up; the order alternates */
			if (r % 2 == 0) {
				to[r] = run(so, &qa, &qs[i], false, langs,
				    nlangs, &total_o);
				tb[r] = run(sb, &qa, &qs[i], true, NULL, 0,
				    &total_b);
			} else {
				tb[r] = run(sb, &qa, &qs[i], true, NULL, 0,
				    &total_b);
				to[r] = run(so, &qa, &qs[i], false, langs,
				    nlangs, &total_o);
			}
			arena_reset(&qa);
		}
		arena_release(&qa);
		printf("{\"i\": %zu, \"ours_total\": %zu, \"base_total\": %zu, "
		    "\"ours_ms\": [", i, total_o, total_b);
		for (int r = 1; r <= rounds && r < 64; r++)
			printf("%s%.3f", r > 1 ? ", " : "", to[r]);
		printf("], \"base_ms\": [");
		for (int r = 1; r <= rounds && r < 64; r++)
			printf("%s%.3f", r > 1 ? ", " : "", tb[r]);
		printf("]}\n");
		fflush(stdout);
	}
	arena_release(&a);
	store_close(so);
	store_close(sb);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "baseline") == 0)
		return cmd_baseline(argv[2], argv[3]);
	if (argc == 6 && strcmp(argv[1], "query") == 0)
		return cmd_query(argv[2], argv[3], argv[4],
		    (int)strtol(argv[5], NULL, 10));
	fprintf(stderr, "usage: search_bench baseline OURS.db BASE.db\n"
	    "       search_bench query OURS.db BASE.db QUERIES ROUNDS\n");
	return 2;
}
