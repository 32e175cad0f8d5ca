/*
 * test_alloc.c - allocation-failure torture (curl's torture mode, SQLite's
 * OOM tests) for HTTP requests and for the import-and-save path.
 *
 * HTTP: for a representative set of requests, count the allocations a
 * cold request makes, then for every n rerun it on a fresh app with the
 * n-th allocation failing, once with every later one failing too
 * (mem_fail_after) and once with only that one failing (mem_fail_once).
 * Each reply must be clean: a 500 or 503, or the very page a request
 * without failure gets (the failure was absorbed). Then the same app
 * answers the request again without failure, and must give that very page
 * (status, body, ETag and its gzip variant): nothing half-made was cached.
 * Leaks are LeakSanitizer's to find (the ASan build).
 *
 * Import and save: a scraped page (created) and a pressroom JSON file
 * (updating an existing asset) are read, parsed and saved with the n-th
 * allocation failing, for every n. Afterwards the store passes its
 * integrity check, and the asset is exactly as before (absent, or its old
 * revision) or exactly as a save without failure makes it: never half
 * written.
 *
 * SQLite's own allocations are not injected (it has its own OOM tests);
 * ours and jansson's are. ALLOC_DUMP=1 in the environment writes the two
 * bodies of a failing comparison to /tmp/alloc-got and /tmp/alloc-want.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/store.h"
#include "pressroom/tz.h"
#include "fixture.h"
#include "http_internal.h"	/* cache_clear */
#include "pressroom/banned.h"

/* in memory when it can: thousands of saves, each synced */
static char tmpdir[64];
static const char *db;

/* A request and what it must get without failure. */
struct alloc_case {
	const char *target;
	const char *accept_language;
	const char *accept_encoding;
};

static const struct alloc_case cases[] = {
	{ "/en-GB/2019-11-20-statement-signing-vessa-river-water-treaty",
	    NULL, "gzip" },
	{ "/ar/2021-06-17-joint-news-conference-ostra-consular-agreement",
	    NULL, NULL },
	{ "/en-GB/2015-06-11-foreign-minister-sergey-lavrovs-statement-and-"
	    "answers-to-media", NULL, NULL },
	{ "/en-GB/", NULL, "gzip" },
	{ "/de-DE/p/water/page/2/", NULL, NULL },
	{ "/en-GB/p/water/", NULL, NULL },
	{ "/en-GB/tag/water/", NULL, NULL },
	{ "/en-GB/archive/2015/", NULL, NULL },
	{ "/en-GB/feed.atom", NULL, NULL },
	{ "/sitemap.xml", NULL, NULL },
	{ "/en-GB/search?q=water%20treaty", NULL, NULL },
	{ "/api/v1/search?q=Vessa", NULL, NULL },
	{ "/api/v1/assets/5", NULL, NULL },
	{ "/api/v1/publishers/water", NULL, NULL },
	{ "/", "ru-RU,ru;q=0.9", NULL },
	{ "/de-DE/2099-01-01-nothing", NULL, NULL },
	{ "/en-GB/2019-01-02-gone-item", NULL, NULL },
	{ "/en-GB/2019-01-01-withdrawn-item", NULL, NULL },
	{ "/static/style.css", NULL, NULL },
};

/* What a reply must be again after failures. */
struct expect {
	int status;
	char *body;
	size_t len;
	char etag[44];
	bool has_gz;
	char etag_gz[44];
};

static struct http_reply *
get(struct app *app, const struct alloc_case *c)
{
	struct fix_request fr;
	struct http_reply *r;
	char target[512];

	/* the fixture splits "?a=b" without decoding: decode %20 here */
	snprintf(target, sizeof target, "%s", c->target);
	for (char *p = strstr(target, "%20"); p != NULL;
	    p = strstr(p, "%20")) {
		*p = ' ';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	fix_request_init(&fr, HTTP_GET, target);
	if (c->accept_language != NULL)
		fix_request_header(&fr, "Accept-Language", c->accept_language);
	if (c->accept_encoding != NULL)
		fix_request_header(&fr, "Accept-Encoding", c->accept_encoding);
	r = http_dispatch(app, &fr.req);
	fix_request_release(&fr);
	return r;
}

static void
expect_of(const struct http_reply *r, struct expect *e)
{
	e->status = r->status;
	e->body = malloc(r->len + 1);
	assert_non_null(e->body);
	memcpy(e->body, r->body, r->len + 1);
	e->len = r->len;
	memcpy(e->etag, r->etag, sizeof e->etag);
	e->has_gz = r->gz != NULL;
	memcpy(e->etag_gz, r->etag_gz, sizeof e->etag_gz);
}

static bool
same(const struct http_reply *r, const struct expect *e)
{
	return r->status == e->status && r->len == e->len &&
	    memcmp(r->body, e->body, e->len) == 0 &&
	    strcmp(r->etag, e->etag) == 0 &&
	    (r->gz != NULL) == e->has_gz &&
	    strcmp(r->etag_gz, e->etag_gz) == 0;
}

/*
 * The body of a reply may name the current year or the like; the pages
 * here do not depend on the clock except through visibility, which does
 * not change during the test.
 */
static int
torture_one(const struct alloc_case *c, bool once, long *iterations,
    long *failed_replies)
{
	struct app *app;
	struct http_reply *r;
	struct expect want;
	long n, count;

	/*
	 * One app for all the runs, its cache emptied before each: a run
	 * starts cold, and whatever a failed run left in the app (its store
	 * pool, its view of the store) is there for the next ones to trip on.
	 */
	app = fix_app(db);
	r = get(app, c);	/* opens the pool's connections */
	http_reply_unref(r);
	cache_clear(app);
	mem_fail_after(0);
	r = get(app, c);
	count = mem_alloc_count();
	expect_of(r, &want);
	http_reply_unref(r);
	assert_true(count > 0);
	for (n = 1; ; n++) {
		bool hit;

		cache_clear(app);
		if (once)
			mem_fail_once(n);
		else
			mem_fail_after(n);
		r = get(app, c);
		hit = mem_failed();
		mem_fail_after(0);
		(*iterations)++;
		/*
		 * Clean: 500 or 503, or the page itself (without its gzip
		 * variant if making that failed: the same content).
		 */
		if (r->status == 500 || r->status == 503) {
			(*failed_replies)++;
		} else if (r->status != want.status || r->len != want.len ||
		    memcmp(r->body, want.body, want.len) != 0 ||
		    strcmp(r->etag, want.etag) != 0) {
			fprintf(stderr, "%s: allocation %ld of %ld failing%s "
			    "gave %d, %zu bytes (want %d, %zu bytes, or "
			    "500/503)\n", c->target, n, count,
			    once ? " once" : "", r->status, r->len,
			    want.status, want.len);
			if (getenv("ALLOC_DUMP") != NULL) {
				FILE *f = fopen("/tmp/alloc-got", "wb");
				fwrite(r->body, 1, r->len, f);
				fclose(f);
				f = fopen("/tmp/alloc-want", "wb");
				fwrite(want.body, 1, want.len, f);
				fclose(f);
			}
			fail();
		}
		http_reply_unref(r);
		/* the same app, no failure: the page, whole */
		r = get(app, c);
		if (!same(r, &want)) {
			fprintf(stderr, "%s: after allocation %ld failed%s, "
			    "the next reply is %d, %zu bytes, gzip %s (want "
			    "%d, %zu bytes, gzip %s)\n", c->target, n,
			    once ? " once" : "", r->status, r->len,
			    r->gz != NULL ? "yes" : "no", want.status,
			    want.len, want.has_gz ? "yes" : "no");
			fail();
		}
		http_reply_unref(r);
		if (!hit)
			break;	/* the request made fewer than n */
		assert_true(n < count + 1000);
	}
	app_free(app);
	free(want.body);
	return want.status;
}

static void
t_http_requests(void **state)
{
	long iterations = 0, failed = 0;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long before = iterations;
		int status;

		status = torture_one(&cases[i], false, &iterations, &failed);
		torture_one(&cases[i], true, &iterations, &failed);
		fprintf(stderr, "alloc: %-64.64s %d, %ld runs\n",
		    cases[i].target, status, iterations - before);
	}
	fprintf(stderr, "alloc: %ld failing runs, %ld gave 500/503\n",
	    iterations, failed);
}

/* --- import and save --------------------------------------------------- */

/*
 * Reads, parses and saves path (source key source) as `pressroom import`
 * would: an update keeps the asset's slug and state; a new asset gets
 * slug when it is not NULL.
 */
static enum err
import_save(struct store *s, const char *path, const char *source,
    const char *slug, const struct tz *tz)
{
	struct arena a;
	struct buf text;
	struct asset *as;
	struct store_save_result res;
	struct import_opts io = { 0 };
	struct diag d;
	int64_t id;
	enum err e;

	arena_init(&a, 64u << 20);
	buf_init(&text, LIMIT_IMPORT_FILE_BYTES);
	diag_init(&d, path);
	io.tz = tz;
	io.source = source;
	if ((e = import_read_file(path, &text, &d)) != ERR_OK ||
	    (e = import_parse(&a, text.p, text.len, &io, &as, &d)) != ERR_OK)
		goto out;
	as->nrelated_slugs = 0;
	as->nrelated = 0;
	/* an update keeps the asset's id, slug and state (as import does) */
	e = store_asset_find(s, NULL, source, &id);
	if (e == ERR_OK) {
		struct asset *old;

		if ((e = store_asset_get(s, &a, id, &old)) != ERR_OK)
			goto out;
		as->id = id;
		as->slug = old->slug;
		as->status = old->status;
		as->publish_at = old->publish_at;
	} else if (e == ERR_NOTFOUND) {
		if (slug != NULL)
			as->slug = (char *)slug;
		/* not the clock's second: saves must compare equal */
		as->publish_at = 1700000000;
	} else {
		goto out;
	}
	e = store_asset_save(s, as, NULL, &res, &d);
out:
	buf_release(&text);
	arena_release(&a);
	return e;
}

/* The asset with source as canonical content JSON and its revision
 * count, or "" and 0 when there is none. */
static void
snapshot(struct store *s, const char *source, struct buf *json, size_t *nrev)
{
	struct arena a;
	struct asset *as;
	struct store_revision *revs;
	int64_t id;
	enum err e;

	arena_init(&a, 64u << 20);
	buf_reset(json);
	*nrev = 0;
	e = store_asset_find(s, NULL, source, &id);
	if (e == ERR_NOTFOUND) {
		arena_release(&a);
		return;
	}
	assert_int_equal(e, ERR_OK);
	assert_int_equal(store_asset_get(s, &a, id, &as), ERR_OK);
	assert_int_equal(asset_json_write(as, ASSET_JSON_CONTENT, json),
	    ERR_OK);
	assert_int_equal(store_revisions(s, &a, id, &revs, nrev), ERR_OK);
	arena_release(&a);
}

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char b[65536];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(b, 1, sizeof b, in)) > 0)
		assert_int_equal(fwrite(b, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void
rm_db(const char *path)
{
	char p[1100];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static void
save_torture(const char *path, const char *source, const char *slug,
    const struct tz *tz, bool once)
{
	char tmpl[1024], work[1024];
	struct store *s;
	struct diag d;
	struct buf before, after, now;
	size_t nbefore, nafter, nnow;
	long n, count, absorbed = 0, refused = 0;

	snprintf(tmpl, sizeof tmpl, "%s/save-template.db", tmpdir);
	snprintf(work, sizeof work, "%s/save.db", tmpdir);
	buf_init(&before, LIMIT_ASSET_JSON_BYTES);
	buf_init(&after, LIMIT_ASSET_JSON_BYTES);
	buf_init(&now, LIMIT_ASSET_JSON_BYTES);
	diag_init(&d, NULL);
	/* without failure: the state before and after */
	rm_db(work);
	copy_file(tmpl, work);
	assert_int_equal(store_open(work, 0, &s, &d), ERR_OK);
	snapshot(s, source, &before, &nbefore);
	mem_fail_after(0);
	assert_int_equal(import_save(s, path, source, slug, tz), ERR_OK);
	count = mem_alloc_count();
	snapshot(s, source, &after, &nafter);
	store_close(s);
	assert_true(count > 0);
	assert_true(nafter == nbefore + 1);
	for (n = 1; ; n++) {
		enum err e;
		bool hit;

		rm_db(work);
		copy_file(tmpl, work);
		assert_int_equal(store_open(work, 0, &s, &d), ERR_OK);
		if (once)
			mem_fail_once(n);
		else
			mem_fail_after(n);
		e = import_save(s, path, source, slug, tz);
		hit = mem_failed();
		mem_fail_after(0);
		if (e != ERR_OK && e != ERR_NOMEM) {
			fprintf(stderr, "%s: allocation %ld failing gave %s\n",
			    path, n, err_str(e));
			fail();
		}
		assert_int_equal(store_check(s, &d), ERR_OK);
		snapshot(s, source, &now, &nnow);
		if (e == ERR_OK) {
			absorbed++;
			if (nnow != nafter || strcmp(now.p, after.p) != 0) {
				fprintf(stderr, "%s: allocation %ld failing%s "
				    "was absorbed, but the asset saved "
				    "differs from the one a save without "
				    "failure makes\n", path, n,
				    once ? " once" : "");
				fail();
			}
		} else {
			refused++;
			if (nnow != nbefore || strcmp(now.p, before.p) != 0) {
				fprintf(stderr, "%s: allocation %ld failing "
				    "left %zu revisions, content %s the one "
				    "before\n", path, n, nnow,
				    strcmp(now.p, before.p) == 0 ? "=" : "!=");
				fail();
			}
		}
		/* the store still takes the save afterwards */
		assert_int_equal(import_save(s, path, source, slug, tz),
		    ERR_OK);
		snapshot(s, source, &now, &nnow);
		assert_string_equal(now.p, after.p);
		store_close(s);
		if (!hit)
			break;
		assert_true(n < count + 1000);
	}
	fprintf(stderr, "alloc: save %s%s: %ld allocations, %ld failed "
	    "cleanly, %ld absorbed\n", strrchr(path, '/') + 1,
	    once ? " (once)" : "", count, refused, absorbed);
	rm_db(work);
	buf_release(&before);
	buf_release(&after);
	buf_release(&now);
}

/* A small store holding the seed as source "file:seed" (as in the
 * fixture), so that each run copies and checks little. */
static void
save_template(const struct tz *msk)
{
	char path[1024];
	struct store *s;
	struct diag d;

	snprintf(path, sizeof path, "%s/save-template.db", tmpdir);
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, STORE_CREATE, &s, &d), ERR_OK);
	assert_int_equal(import_save(s, TEST_SRC_ROOT
	    "/tests/fixtures/seed/000_1e53a87551ad3537.txt", "file:seed", NULL,
	    msk),
	    ERR_OK);
	store_close(s);	/* the last connection: the WAL is folded in */
}

static const char update_json[] =
    "{\"slug\": \"2021-06-17-news-conference\", \"kind\": \"transcript\",\n"
    " \"published_at\": \"2021-06-17T16:30:00+03:00\", \"place\": \"Ostra\",\n"
    " \"locales\": [\"en-GB\", \"ru-RU\", \"ar\"],\n"
    " \"speakers\": [{\"name\": \"Ingrid Maarland\", \"title\": "
    "\"Minister\"},\n"
    "   {\"name\": \"Marek Javorin\", \"title\": \"Minister of Ostrelia\"}],\n"
    " \"tags\": [\"water\", \"consular affairs\"],\n"
    " \"translations\": {\n"
    "  \"en-GB\": {\"title\": \"Joint news conference of Norland and "
    "Ostrelia\",\n"
    "   \"summary\": \"The ministers signed a consular agreement.\",\n"
    "   \"blocks\": [\n"
    "    {\"type\": \"paragraph\", \"text\": \"Joint news conference in "
    "*Ostra*, see [the agreement](https://example.org/a).\"},\n"
    "    {\"type\": \"turn\", \"role\": \"statement\", \"speaker\": "
    "\"Ingrid Maarland\", \"text\": \"Ladies and gentlemen, today we "
    "signed it.\\n\\nIt enters into force in May.\"},\n"
    "    {\"type\": \"turn\", \"role\": \"question\", \"text\": "
    "\"_Ostra Daily_: when do visas get cheaper?\"},\n"
    "    {\"type\": \"turn\", \"role\": \"answer\", \"speaker\": "
    "\"Marek Javorin\", \"text\": \"From February:\\n\\n- faster\\n- "
    "cheaper\"}]},\n"
    "  \"ru-RU\": {\"title\": \"Совместная пресс-конференция\",\n"
    "   \"blocks\": [\n"
    "    {\"type\": \"paragraph\", \"text\": \"Пресс-конференция в "
    "Остре.\"},\n"
    "    {\"type\": \"turn\", \"role\": \"statement\", \"speaker\": "
    "\"Ingrid Maarland\", \"text\": \"Дамы и господа.\"},\n"
    "    {\"type\": \"turn\", \"role\": \"question\", \"text\": "
    "\"Вопрос: когда?\"},\n"
    "    {\"type\": \"turn\", \"role\": \"answer\", \"speaker\": "
    "\"Marek Javorin\", \"text\": \"С февраля.\"}]},\n"
    "  \"ar\": {\"title\": \"مؤتمر صحفي مشترك\",\n"
    "   \"blocks\": [{\"type\": \"paragraph\", \"text\": \"مؤتمر "
    "صحفي.\"}]}}}\n";

static void
t_import_save(void **state)
{
	struct tz *msk;
	char path[1024];
	FILE *f;

	(void)state;
	assert_int_equal(tz_load("Europe/Moscow", &msk), ERR_OK);
	save_template(msk);
	/* a scraped page, new to the store */
	save_torture(TEST_SRC_ROOT
	    "/tests/fixtures/seed/000_1e53a87551ad3537.txt", "file:new-seed",
	    "2015-06-11-allocation-torture-copy", msk, false);
	save_torture(TEST_SRC_ROOT
	    "/tests/fixtures/seed/000_1e53a87551ad3537.txt", "file:new-seed",
	    "2015-06-11-allocation-torture-copy", msk, true);
	/* pressroom JSON replacing the seed's text: a small transcript with
	 * what the format has (the examples are the same, only longer) */
	snprintf(path, sizeof path, "%s/update.json", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(update_json, f);
	assert_int_equal(fclose(f), 0);
	save_torture(path, "file:seed", NULL, NULL, false);
	save_torture(path, "file:seed", NULL, NULL, true);
	tz_free(msk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_import_save),
		cmocka_unit_test(t_http_requests),
	};
	char cmd[256];
	int rc;

	snprintf(tmpdir, sizeof tmpdir, "%s/pressroom-alloc-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	db = fix_db_create(tmpdir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
