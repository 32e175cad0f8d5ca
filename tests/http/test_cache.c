/*
 * test_cache.c - the response cache: hits, invalidation by any committed
 * write (from another connection, as `pressroom import` in another process
 * would), ETag changes, and concurrent readers during writes.
 *
 * Does not test page content (test_cases.c does).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "fixture.h"
#include "pressroom/banned.h"

#define TREATY "/en-GB/2019-11-20-statement-signing-vessa-river-water-treaty"

static char tmpdir[] = "/tmp/pressroom-cache-XXXXXX";
static const char *db;

static struct http_reply *
get(struct app *app, const char *target, const char *inm)
{
	struct fix_request fr;
	struct http_reply *r;

	fix_request_init(&fr, HTTP_GET, target);
	if (inm != NULL)
		fix_request_header(&fr, "If-None-Match", inm);
	r = http_dispatch(app, &fr.req);
	fix_request_release(&fr);
	return r;
}

/* Sets the en-GB title of asset 1 through a separate connection. */
static void
retitle(const char *title)
{
	struct store *s;
	struct arena a;
	struct asset *as;
	struct store_save_result res;
	struct diag d;
	struct locale en;

	diag_init(&d, NULL);
	assert_int_equal(store_open(db, 0, &s, &d), ERR_OK);
	arena_init(&a, 64u << 20);
	assert_int_equal(store_asset_get(s, &a, 1, &as), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &en), ERR_OK);
	asset_translation(as, &en)->title = (char *)title;
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	arena_release(&a);
	store_close(s);
	/* another process's write shows within a millisecond */
	usleep(2000);
}

/*
 * Gives asset 1 an it-IT translation (a copy of its en-GB one), or takes
 * it away again, through a separate connection.
 */
static void
italian(bool add)
{
	struct store *s;
	struct arena a;
	struct asset *as;
	struct translation *ts;
	struct locale *ls;
	struct store_save_result res;
	struct diag d;
	struct locale en, it;

	diag_init(&d, NULL);
	assert_int_equal(store_open(db, 0, &s, &d), ERR_OK);
	arena_init(&a, 64u << 20);
	assert_int_equal(store_asset_get(s, &a, 1, &as), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("en-GB"), &en), ERR_OK);
	assert_int_equal(locale_parse(STR_LIT("it-IT"), &it), ERR_OK);
	if (add) {
		ts = arena_calloc(&a, as->ntranslations + 1, sizeof *ts);
		ls = arena_calloc(&a, as->nlocales + 1, sizeof *ls);
		assert_non_null(ts);
		assert_non_null(ls);
		memcpy(ts, as->translations, as->ntranslations * sizeof *ts);
		memcpy(ls, as->locales, as->nlocales * sizeof *ls);
		ts[as->ntranslations] = *asset_translation(as, &en);
		ts[as->ntranslations].locale = it;
		ls[as->nlocales] = it;
		as->translations = ts;
		as->ntranslations++;
		as->locales = ls;
		as->nlocales++;
	} else {
		assert_true(locale_eq(&as->translations[as->ntranslations - 1].
		    locale, &it));
		as->ntranslations--;
		assert_true(locale_eq(&as->locales[as->nlocales - 1], &it));
		as->nlocales--;
	}
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	arena_release(&a);
	store_close(s);
	usleep(2000);
}

/*
 * The site's languages, kept between requests for uncached pages (the
 * search page's language switcher), follow a write that adds one, and one
 * that takes it away.
 */
static void
t_site_locales_follow_writes(void **state)
{
	struct app *app = fix_app(db);
	struct http_reply *r;
	const char *search = "/en-GB/search?q=nothingmatchesthis";

	(void)state;
	r = get(app, search, NULL);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "lang=\"it-IT\""));
	http_reply_unref(r);
	italian(true);
	r = get(app, search, NULL);
	assert_non_null(strstr(r->body, "lang=\"it-IT\""));
	http_reply_unref(r);
	r = get(app, search, NULL);	/* and again, from what is kept */
	assert_non_null(strstr(r->body, "lang=\"it-IT\""));
	http_reply_unref(r);
	italian(false);
	r = get(app, search, NULL);
	assert_null(strstr(r->body, "lang=\"it-IT\""));
	http_reply_unref(r);
	app_free(app);
}

static void
t_hit_then_invalidate(void **state)
{
	struct app *app = fix_app(db);
	struct http_reply *r1, *r2, *r3, *r4;
	struct app_stats st;
	char etag[64];

	(void)state;
	r1 = get(app, TREATY, NULL);
	assert_int_equal(r1->status, 200);
	r2 = get(app, TREATY, NULL);
	assert_ptr_equal(r1, r2);	/* the very same cached reply */
	app_stats_get(app, &st);
	assert_int_equal(st.cache_hits, 1);
	assert_int_equal(st.renders, 1);
	snprintf(etag, sizeof etag, "%s", r1->etag);

	retitle("A changed title for the cache test");
	r3 = get(app, TREATY, NULL);
	assert_int_equal(r3->status, 200);
	assert_ptr_not_equal(r3, r1);
	assert_non_null(strstr(r3->body, "A changed title for the cache test"));
	assert_string_not_equal(r3->etag, etag);
	/* the old validator no longer matches */
	r4 = get(app, TREATY, etag);
	assert_int_equal(r4->status, 200);
	http_reply_unref(r4);
	/* the new one does */
	r4 = get(app, TREATY, r3->etag);
	assert_int_equal(r4->status, 304);
	http_reply_unref(r4);
	/* the list and the API changed too */
	r4 = get(app, "/en-GB/", NULL);
	assert_non_null(strstr(r4->body, "A changed title for the cache test"));
	http_reply_unref(r4);
	r4 = get(app, "/api/v1/assets/1", NULL);
	assert_non_null(strstr(r4->body, "A changed title for the cache test"));
	http_reply_unref(r4);
	/* old replies stay valid for whoever still holds them */
	assert_non_null(strstr(r1->body, "<html"));
	http_reply_unref(r1);
	http_reply_unref(r2);
	http_reply_unref(r3);
	app_free(app);
}

static void
t_unchanged_save_keeps_cache(void **state)
{
	struct app *app = fix_app(db);
	struct http_reply *r1, *r2;
	struct app_stats st;

	(void)state;
	retitle("Stable title");
	r1 = get(app, TREATY, NULL);
	retitle("Stable title");	/* same content: no new revision */
	r2 = get(app, TREATY, NULL);
	assert_ptr_equal(r1, r2);
	app_stats_get(app, &st);
	assert_int_equal(st.renders, 1);
	http_reply_unref(r1);
	http_reply_unref(r2);
	app_free(app);
}

/* Schedules asset 8 for at (through another connection). */
static void
schedule(int64_t at)
{
	struct store *s;
	struct arena a;
	struct asset *as;
	struct store_save_result res;
	struct diag d;

	diag_init(&d, NULL);
	assert_int_equal(store_open(db, 0, &s, &d), ERR_OK);
	arena_init(&a, 64u << 20);
	assert_int_equal(store_asset_get(s, &a, 8, &as), ERR_OK);
	as->status = ASSET_PUBLISHED;
	as->publish_at = at;
	assert_int_equal(store_asset_save(s, as, NULL, &res, &d), ERR_OK);
	arena_release(&a);
	store_close(s);
	usleep(2000);
}

#define VISA "/en-GB/2026-01-15-statement-visa-facilitation-agreement-" \
    "ostrelia-entry-into-force"

/*
 * A scheduled item appears at its second on every surface, with no write
 * in between: cached lists made before are not served after.
 */
static void
t_appears_on_time(void **state)
{
	struct app *app = fix_app(db);
	struct http_reply *r;
	int64_t at;
	struct timespec ts;

	(void)state;
	/* wait for the start of a second so that T is 2 s away for sure */
	do {
		clock_gettime(CLOCK_REALTIME, &ts);
	} while (ts.tv_nsec > 100000000);
	at = (int64_t)ts.tv_sec + 2;
	schedule(at);
	/* before T: absent everywhere, and the list gets cached */
	for (int i = 0; i < 3; i++) {
		r = get(app, VISA, NULL);
		assert_int_equal(r->status, 404);
		http_reply_unref(r);
		r = get(app, "/api/v1/assets/8", NULL);
		assert_int_equal(r->status, 404);
		http_reply_unref(r);
		r = get(app, "/en-GB/", NULL);
		assert_int_equal(r->status, 200);
		assert_null(strstr(r->body, "Visa Facilitation"));
		http_reply_unref(r);
	}
	assert_true(time_now() < at);
	while (time_now() < at)
		usleep(1000);
	/* at T: present everywhere */
	r = get(app, "/en-GB/", NULL);
	assert_non_null(strstr(r->body, "Visa Facilitation"));
	http_reply_unref(r);
	r = get(app, VISA, NULL);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	r = get(app, "/api/v1/assets/8", NULL);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	app_free(app);
}

struct reader_arg {
	struct app *app;
	int bad;
};

static void *
reader(void *p)
{
	struct reader_arg *ra = p;

	for (int i = 0; i < 300; i++) {
		struct http_reply *r = get(ra->app, i % 2 ? TREATY : "/en-GB/",
		    NULL);

		if (r->status != 200 || strstr(r->body, "</html>") == NULL)
			ra->bad++;
		http_reply_unref(r);
	}
	return NULL;
}

static void
t_concurrent_readers_and_writer(void **state)
{
	struct app *app = fix_app(db);
	pthread_t th[4];
	struct reader_arg ra[4];
	char title[64];

	(void)state;
	for (int i = 0; i < 4; i++) {
		ra[i].app = app;
		ra[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, reader, &ra[i]),
		    0);
	}
	for (int i = 0; i < 20; i++) {
		snprintf(title, sizeof title, "Concurrent title %d", i);
		retitle(title);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(ra[i].bad, 0);
	}
	app_free(app);
}

/* An app that renders every request, as the export's does. */
static struct app *
app_uncached(void)
{
	struct http_config cfg = {
		.db_path = db,
		.listen = "127.0.0.1:1",
		.base_url = "http://test.invalid",
		.no_cache = true,
	};
	struct app *app;
	struct diag d;

	diag_init(&d, NULL);
	assert_int_equal(app_new(&cfg, &app, &d), ERR_OK);
	return app;
}

/* The body of target (a 200), or NULL for a 404. Caller frees. */
static char *
body_of(struct app *app, const char *target)
{
	struct http_reply *r = get(app, target, NULL);
	char *b = NULL;

	if (r->status != 404) {
		assert_int_equal(r->status, 200);
		b = strdup(r->body);
		assert_non_null(b);
	}
	http_reply_unref(r);
	return b;
}

/* Copies of asset 1 as new assets: n of them, three to an event time. */
static void
copies(const char *prefix, int n, int64_t first_at)
{
	struct store *s;
	struct arena a;
	struct diag d;

	diag_init(&d, NULL);
	assert_int_equal(store_open(db, 0, &s, &d), ERR_OK);
	arena_init(&a, 64u << 20);
	for (int i = 0; i < n; i++) {
		struct asset *as;
		struct store_save_result res;

		assert_int_equal(store_asset_get(s, &a, 1, &as), ERR_OK);
		as->id = 0;
		as->source = NULL;
		as->slug = arena_printf(&a, "%s-%02d", prefix, i);
		as->event_at = first_at + (i / 3) * 86400;
		assert_int_equal(store_asset_save(s, as, NULL, &res, &d),
		    ERR_OK);
	}
	arena_release(&a);
	store_close(s);
	usleep(2000);
}

#define LIST_PAGES_MAX 40

/* Page k of the listing at base ("/en-GB", "/en-GB/tag/water"). */
static void
page_target(char *out, size_t n, const char *base, size_t k)
{
	if (k == 1)
		snprintf(out, n, "%s/", base);
	else
		snprintf(out, n, "%s/page/%zu/", base, k);
}

/* Every page of base as a fresh app renders it (nothing remembered). */
static size_t
pages_reference(const char *base, char *ref[LIST_PAGES_MAX + 1])
{
	size_t n = 0;

	for (size_t k = 1; k <= LIST_PAGES_MAX; k++) {
		struct app *fresh = app_uncached();
		char target[128];

		page_target(target, sizeof target, base, k);
		ref[k] = body_of(fresh, target);
		app_free(fresh);
		if (ref[k] == NULL)
			break;
		n = k;
	}
	return n;
}

static size_t
list_reference(char *ref[LIST_PAGES_MAX + 1])
{
	return pages_reference("/en-GB", ref);
}

static void
page_expect(struct app *app, const char *base, char *ref[], size_t k)
{
	char target[128];
	char *b;

	page_target(target, sizeof target, base, k);
	b = body_of(app, target);
	assert_non_null(b);
	assert_string_equal(b, ref[k]);
	free(b);
}

static void
list_expect(struct app *app, char *ref[], size_t k)
{
	page_expect(app, "/en-GB", ref, k);
}

/*
 * A listing's pages resume after the last item of an earlier page that the
 * app remembers (the export walks 500 of them a locale): in order, in
 * reverse, by twos, with event times shared by three items (order by id
 * then), each page is what a fresh app renders; after a write that puts a
 * new item first, no page resumes from what was remembered before it.
 */
static void
t_list_pages_resume(void **state)
{
	char *ref[LIST_PAGES_MAX + 1] = { 0 }, *after[LIST_PAGES_MAX + 1] = {
		0 };
	struct app *app;
	struct app_stats st;
	size_t n, m;

	(void)state;
	copies("resume-copy", 61, 1400000000);
	n = list_reference(ref);
	assert_true(n >= 4);
	app = app_uncached();
	for (size_t k = 1; k <= n; k++)
		list_expect(app, ref, k);
	app_stats_get(app, &st);
	assert_int_equal(st.list_resumes, n - 1);
	for (size_t k = n; k >= 1; k--)
		list_expect(app, ref, k);
	for (size_t k = 1; k <= n; k += 2)
		list_expect(app, ref, k);
	for (size_t k = 2; k <= n; k += 2)
		list_expect(app, ref, k);
	/* a new first item: every page shifts by one */
	copies("resume-newest", 1, 1900000000);
	m = list_reference(after);
	assert_true(m >= n);
	assert_string_not_equal(after[2], ref[2]);
	for (size_t k = 2; k <= m; k++)
		list_expect(app, after, k);
	app_free(app);
	for (size_t k = 1; k <= LIST_PAGES_MAX; k++) {
		free(ref[k]);
		free(after[k]);
	}
}

/*
 * A publisher's pages and a tag's (the copies of asset 1 above carry its
 * tag "water"), which share one sort per generation: in any order each
 * page is what a fresh app renders, and after a write that adds an item
 * at the top, what the new sort gives.
 */
static void
t_listing_order_kept(void **state)
{
	static const char *const bases[] = { "/en-GB/p/water",
		"/en-GB/tag/water", "/ru-RU/tag/water" };

	(void)state;
	for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
		char *ref[LIST_PAGES_MAX + 1] = { 0 },
		    *after[LIST_PAGES_MAX + 1] = { 0 };
		struct app *app = app_uncached();
		char prefix[32];
		size_t n, m;

		n = pages_reference(bases[b], ref);
		assert_true(n >= 2);
		for (size_t k = n; k >= 1; k--)
			page_expect(app, bases[b], ref, k);
		for (size_t k = 1; k <= n; k++)
			page_expect(app, bases[b], ref, k);
		snprintf(prefix, sizeof prefix, "order-newest-%zu", b);
		copies(prefix, 1, 1950000000);
		m = pages_reference(bases[b], after);
		assert_true(m >= n);
		assert_string_not_equal(after[1], ref[1]);
		for (size_t k = m; k >= 1; k--)
			page_expect(app, bases[b], after, k);
		app_free(app);
		for (size_t k = 1; k <= LIST_PAGES_MAX; k++) {
			free(ref[k]);
			free(after[k]);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_hit_then_invalidate),
		cmocka_unit_test(t_unchanged_save_keeps_cache),
		cmocka_unit_test(t_concurrent_readers_and_writer),
		cmocka_unit_test(t_appears_on_time),
		cmocka_unit_test(t_site_locales_follow_writes),
		cmocka_unit_test(t_list_pages_resume),	/* adds assets: last */
		cmocka_unit_test(t_listing_order_kept),	/* after the above */
	};
	char cmd[256];
	int rc;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	db = fix_db_create(tmpdir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0 && rc == 0)
		rc = 1;
	return rc;
}
