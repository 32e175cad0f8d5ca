/*
 * test_publisher.c - unit tests of publishers in the store, through
 * include/pressroom/store.h: store_publisher_items (SQL_PUBLISHER_ITEMS,
 * _COUNT and _FILTERS in src/store/sql.c), store_terms (SQL_TERMS_*) and
 * store_publisher_save/get/list/delete (src/store/sqlite.c).
 *
 * Listings run over one dataset of forty assets with chosen kinds, tags,
 * speakers, places, event times over years and months, translations in
 * en-GB, ru-RU and ar (not always in the same order), titles in Latin with
 * accents, Cyrillic and Arabic, and every status (draft, scheduled,
 * withdrawn, unpublished, public). Each behaviour is checked twice: spelt
 * out (the slugs expected, worked out by hand) and against a model of the
 * contract written here in plain C (visibility by asset_visibility(), the
 * filters, the two keys, the manual order, the newest id last, fallback),
 * which the store must match item by item over a grid of publishers,
 * page locales, fallbacks, scopes and pages.
 *
 * Does not test the publisher's JSON or validation on their own
 * (tests/unit/core/test_publisher.c), rendering or HTTP.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/mem.h"
#include "pressroom/publisher.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

#define ARENA_CAP (256u << 20)
#define HOUR 3600
#define DAY 86400
#define NOW 1750000000		/* 2025-06-15T15:06:40Z: "now" of the public */
#define BASE (NOW - 10 * DAY)	/* asset i is saved at BASE + 10 * i */
#define AT_SAVE (-999999999)	/* spec.publish: public from its save */
#define NROWS 40

/* --- the dataset --------------------------------------------------------- */

#define LAVROV "Sergey Lavrov"
#define ZAKHAROVA "Maria Zakharova"
#define PUTIN "Vladimir Putin"
#define GRUSHKO "Alexander Grushko"

struct spec {
	const char *slug;
	enum asset_kind kind;
	const char *when;		/* RFC 3339, in the offset announced */
	const char *place;
	const char *speakers[3];
	const char *tags[5];
	const char *tr[3][2];		/* { locale, title }, in order */
	enum asset_status status;
	int64_t publish;		/* publish_at - NOW, or AT_SAVE */
};

#define ST ASSET_KIND_STATEMENT
#define SP ASSET_KIND_SPEECH
#define TR ASSET_KIND_TRANSCRIPT
#define PR ASSET_KIND_PRESS_RELEASE
#define NW ASSET_KIND_NEWS
#define BR ASSET_KIND_BRIEFING
#define IV ASSET_KIND_INTERVIEW
#define PUB ASSET_PUBLISHED, AT_SAVE
#define HIDDEN_TAGS { "syria", "iran", "alphabet", "culture" }

static const struct spec specs[NROWS] = {
	/* 0 */ { "syria-press-conference", TR, "2015-06-11T18:30:00+03:00",
	    "Moscow", { LAVROV, ZAKHAROVA }, { "syria",
	    "un security council" }, { { "ru-RU",
	    "Пресс-конференция по Сирии" }, { "en-GB",
	    "Press conference on Syria" }, { "ar",
	    "مؤتمر صحفي حول سوريا" } }, PUB },
	/* 1 */ { "zakharova-briefing", BR, "2015-06-18T12:00:00+03:00",
	    "Moscow", { ZAKHAROVA }, { "syria", "iran" }, { { "ru-RU",
	    "Брифинг М.В.Захаровой" }, { "en-GB",
	    "Briefing by Maria Zakharova" } }, PUB },
	/* 2 */ { "emile-zola", NW, "2015-01-13T10:00:00+01:00", "Paris",
	    { NULL }, { "culture", "alphabet" }, { { "en-GB",
	    "Émile Zola remembered" }, { "ru-RU", "Эмиль Золя" } }, PUB },
	/* 3 */ { "arger", ST, "2014-03-01T09:00:00+01:00", "Berlin",
	    { LAVROV }, { "arms control", "alphabet" }, { { "en-GB",
	    "Ärger über Sanktionen" } }, PUB },
	/* 4 */ { "apples", NW, "2016-11-05T08:00:00Z", "Geneva", { NULL },
	    { "culture", "alphabet" }, { { "en-GB", "Apples of Geneva" },
	    { "ar", "تفاح جنيف" } }, PUB },
	/* 5 */ { "zebra", NW, "2016-11-05T08:00:00Z", "Geneva", { NULL },
	    { "culture" }, { { "en-GB", "Zebra crossing" } }, PUB },
	/* 6 */ { "echo", SP, "2013-09-20T15:00:00-04:00", "New York",
	    { LAVROV }, { "un security council", "iran", "alphabet" },
	    { { "en-GB", "Echo of the Assembly" }, { "ru-RU",
	    "Эхо Ассамблеи" }, { "ar", "صدى الجمعية" } }, PUB },
	/* 7 */ { "oslo", IV, "2014-12-01T12:00:00+01:00", "Oslo",
	    { LAVROV }, { "arms control", "alphabet" }, { { "ru-RU",
	    "Интервью норвежской газете" }, { "en-GB", "Oslo interview" } },
	    PUB },
	/* 8 */ { "osterreich", IV, "2014-12-02T12:00:00+01:00", "Vienna",
	    { GRUSHKO }, { "arms control", "alphabet" }, { { "en-GB",
	    "Österreich talks" } }, PUB },
	/* 9 */ { "weekly-a", BR, "2016-02-10T12:00:00+03:00", "Moscow",
	    { ZAKHAROVA }, { "syria" }, { { "en-GB", "Weekly briefing" } },
	    PUB },
	/* 10: same event and same sort key as 9 */
	{ "weekly-b", BR, "2016-02-10T12:00:00+03:00", "Moscow",
	    { ZAKHAROVA }, { "iran" }, { { "en-GB", "weekly Briefing" } },
	    PUB },
	/* 11 */ { "yolka", NW, "2015-12-31T20:00:00+03:00", "Moscow",
	    { NULL }, { "culture", "alphabet" }, { { "ru-RU",
	    "Ёлка в МИДе" }, { "en-GB", "New Year tree at the Ministry" } },
	    PUB },
	/* 12 */ { "zhukovsky", NW, "2015-03-15T10:00:00+03:00", "Zhukovsky",
	    { NULL }, { "alphabet" }, { { "ru-RU", "Жуковский авиасалон" } },
	    PUB },
	/* 13 */ { "maks", NW, "2015-08-25T10:00:00+03:00", "Zhukovsky",
	    { NULL }, { "alphabet" }, { { "ru-RU", "Авиасалон МАКС" } }, PUB },
	/* 14 */ { "yabloko", NW, "2015-09-01T10:00:00+03:00", "Moscow",
	    { NULL }, { "alphabet" }, { { "ru-RU", "Яблоко раздора" },
	    { "en-GB", "Apple of discord" } }, PUB },
	/* 15 */ { "amn", ST, "2024-01-10T10:00:00+03:00", "Cairo",
	    { LAVROV }, { "syria", "alphabet" }, { { "ar", "أمن المنطقة" },
	    { "en-GB", "Security of the region" } }, PUB },
	/* 16 */ { "bayan", ST, "2024-02-10T10:00:00+03:00", "Cairo",
	    { NULL }, { "syria", "alphabet" }, { { "ar", "بيان مشترك" } },
	    PUB },
	/* 17 */ { "yawm", ST, "2024-03-10T10:00:00+03:00", "Riyadh",
	    { NULL }, { "syria", "alphabet" }, { { "ar",
	    "يوم الدبلوماسية" }, { "ru-RU", "День дипломата" } }, PUB },
	/* 18 */ { "salam", ST, "2024-04-10T10:00:00+03:00", "Riyadh",
	    { NULL }, { "iran", "alphabet" }, { { "ar", "سلام دائم" } }, PUB },
	/* 19 */ { "victory-day", SP, "2025-05-09T10:00:00+03:00", "Moscow",
	    { PUTIN, LAVROV }, { NULL }, { { "ru-RU",
	    "Выступление Президента" }, { "en-GB",
	    "Address by the President" }, { "ar", "كلمة الرئيس" } }, PUB },
	/* 20 */ { "grushko-nato", IV, "2025-02-01T10:00:00+01:00",
	    "Brussels", { GRUSHKO }, { "arms control" }, { { "en-GB",
	    "Grushko on NATO" } }, PUB },
	/* 21 */ { "geneva-1", PR, "2014-01-15T10:00:00Z", "Geneva", { NULL },
	    { "iran" }, { { "en-GB", "Geneva talks on Iran" }, { "ru-RU",
	    "Женевские переговоры по Ирану" } }, PUB },
	/* 22 */ { "geneva-2", PR, "2014-02-15T10:00:00Z", "Geneva", { NULL },
	    { "iran" }, { { "en-GB", "Geneva talks resume" } }, PUB },
	/* 23 */ { "geneva-3", PR, "2014-03-15T10:00:00Z", "Geneva", { NULL },
	    { "iran", "syria" }, { { "en-GB",
	    "Geneva talks: Syria and Iran" } }, PUB },
	/* 24 */ { "geneva-4", PR, "2014-04-15T10:00:00Z", "Geneva", { NULL },
	    { NULL }, { { "en-GB", "Geneva talks end" } }, PUB },
	/* 25 */ { "new-year-2013", ST, "2013-01-01T00:00:00Z", "", { NULL },
	    { NULL }, { { "en-GB", "New Year statement" } }, PUB },
	/* 26 */ { "year-end-2013", ST, "2013-12-31T23:59:59Z", "", { NULL },
	    { NULL }, { { "en-GB", "Year end" } }, PUB },
	/* 27: June where it happened, July in UTC */
	{ "late-june", NW, "2015-06-30T23:30:00-02:00", "Havana", { NULL },
	    { "culture" }, { { "en-GB", "Late June news" } }, PUB },
	/* 28 */ { "khabar", NW, "2016-06-11T10:00:00Z", "Geneva", { NULL },
	    { NULL }, { { "ar", "خبر جديد" } }, PUB },
	/* 29 */ { "minister-talk", IV, "2016-03-01T10:00:00+03:00", "Moscow",
	    { LAVROV }, { "syria", "iran", "un security council" },
	    { { "en-GB", "A talk with the Minister" } }, PUB },
	/* 30 */ { "fill-2013", NW, "2013-05-05T10:00:00Z", "Geneva",
	    { ZAKHAROVA }, { "culture" }, { { "en-GB", "Filler of 2013" } },
	    PUB },
	/* 31 */ { "fill-2014", NW, "2014-05-05T10:00:00Z", "Geneva",
	    { NULL }, { "culture" }, { { "en-GB", "Filler of 2014" } }, PUB },
	/* 32 */ { "fill-2015", NW, "2015-05-05T10:00:00Z", "Geneva",
	    { NULL }, { "culture" }, { { "en-GB", "Filler of 2015" },
	    { "ru-RU", "Заполнитель 2015" } }, PUB },
	/* 33 */ { "fill-2016", NW, "2016-05-05T10:00:00Z", "Geneva",
	    { NULL }, { "culture" }, { { "en-GB", "Filler of 2016" } }, PUB },
	/* 34: public from this very second */
	{ "now-exactly", NW, "2025-06-15T10:00:00Z", "Moscow",
	    { ZAKHAROVA }, { "syria" }, { { "en-GB",
	    "Published this very second" } }, ASSET_PUBLISHED, 0 },
	/* 35-39: never public at NOW, yet matching most filters */
	{ "draft", ST, "2015-06-12T10:00:00+03:00", "Moscow", { LAVROV },
	    HIDDEN_TAGS, { { "en-GB", "Hidden draft" }, { "ru-RU",
	    "Черновик" }, { "ar", "مسودة" } }, ASSET_DRAFT, 0 },
	{ "scheduled", ST, "2015-06-13T10:00:00+03:00", "Moscow", { LAVROV },
	    HIDDEN_TAGS, { { "en-GB", "Hidden scheduled" }, { "ru-RU",
	    "Запланировано" }, { "ar", "مجدول" } }, ASSET_PUBLISHED, 1 },
	{ "withdrawn", ST, "2015-06-14T10:00:00+03:00", "Moscow", { LAVROV },
	    HIDDEN_TAGS, { { "en-GB", "Hidden withdrawn" }, { "ru-RU",
	    "Отозвано" }, { "ar", "مسحوب" } }, ASSET_WITHDRAWN, 0 },
	{ "unpublished", ST, "2015-06-15T10:00:00+03:00", "Moscow",
	    { LAVROV }, HIDDEN_TAGS, { { "en-GB", "Hidden unpublished" },
	    { "ru-RU", "Снято" }, { "ar", "ملغى" } }, ASSET_UNPUBLISHED, 0 },
	{ "scheduled-later", SP, "2015-06-16T10:00:00+03:00", "Geneva",
	    { ZAKHAROVA }, HIDDEN_TAGS, { { "ru-RU", "Позже" }, { "en-GB",
	    "Hidden until July" } }, ASSET_PUBLISHED, 30 * DAY },
};

/* Assets re-saved after the others, in this order (modification order). */
static const char *const resaved[] = { "geneva-1", "apples" };

/* One asset of the dataset as stored, with what the model needs. */
struct row {
	const struct spec *sp;
	struct asset *as;	/* as saved: id, publish_at, updated_at */
	char *keys[3];		/* text_sort_key of each translation's title */
};

struct ds {
	char dir[64];
	char path[128];
	struct store *s;
	struct arena a;		/* the dataset and the model */
	struct arena q;		/* results: reset by each test */
	struct row rows[NROWS];
};

/* --- helpers ------------------------------------------------------------- */

static struct locale
loc(const char *tag)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(tag), &l), ERR_OK);
	return l;
}

static char *
sdup(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	assert_non_null(p);
	return p;
}

/* JSON text written with ' for " (the tests need no apostrophes) */
static char *
jq(struct arena *a, const char *s)
{
	char *p = sdup(a, s);

	for (char *c = p; *c != '\0'; c++)
		if (*c == '\'')
			*c = '"';
	return p;
}

/* A publisher from JSON (' for "): the name "t" is added. */
static struct publisher *
pj(struct ds *d, const char *json)
{
	struct publisher *p = NULL;
	struct diag dg;
	char *t = jq(&d->q, json);
	enum err e;

	diag_init(&dg, NULL);
	e = publisher_json_parse(&d->q, t, strlen(t), &p, &dg);
	if (e != ERR_OK)
		fail_msg("%s: %s: %s", json, err_str(e), dg.msg);
	return p;
}

static struct store *
open_ok(const char *target)
{
	struct store *s = NULL;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_open(target, STORE_CREATE, &s, &d);
	if (e != ERR_OK)
		fail_msg("store_open %s: %s: %s", target, err_str(e), d.msg);
	return s;
}

static void
save_ok(struct store *s, struct asset *as, int64_t now)
{
	struct store_save_opts o = { .now = now };
	struct store_save_result r;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_asset_save(s, as, &o, &r, &d);
	if (e != ERR_OK)
		fail_msg("save %s: %s: %s", as->slug, err_str(e), d.msg);
}

static uint64_t
gen(struct store *s)
{
	uint64_t g = 0;

	assert_int_equal(store_generation(s, &g), ERR_OK);
	return g;
}

/* The asset of spec sp: one translation per entry, two paragraphs each. */
static struct asset *
build(struct arena *a, const struct spec *sp, int64_t save_at)
{
	struct asset *as = asset_new(a);

	assert_non_null(as);
	as->slug = sdup(a, sp->slug);
	as->kind = sp->kind;
	assert_int_equal(time_parse_rfc3339(sp->when, strlen(sp->when),
	    &as->event_at, &as->event_offset), ERR_OK);
	as->place = sdup(a, sp->place);
	for (size_t i = 0; i < 3 && sp->speakers[i] != NULL; i++) {
		int k;

		assert_int_equal(asset_speaker_intern(a, as, sp->speakers[i],
		    NULL, &k), ERR_OK);
	}
	for (size_t i = 0; i < 5 && sp->tags[i] != NULL; i++)
		assert_int_equal(asset_tag_add(a, as, sp->tags[i]), ERR_OK);
	for (size_t i = 0; i < 3 && sp->tr[i][0] != NULL; i++) {
		struct locale l = loc(sp->tr[i][0]);
		struct translation *t;
		char *lead = arena_printf(a, "Lead %s %s", sp->slug,
		    sp->tr[i][0]);

		assert_int_equal(asset_translation_add(a, as, &l, &t), ERR_OK);
		t->title = sdup(a, sp->tr[i][1]);
		t->summary = arena_printf(a, "Summary %s %s", sp->slug,
		    sp->tr[i][0]);
		assert_non_null(t->summary);
		assert_non_null(lead);
		assert_int_equal(translation_block_add(a, t, "p1",
		    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, lead, strlen(lead)),
		    ERR_OK);
		assert_int_equal(translation_block_add(a, t, "p2",
		    BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "More.", 5), ERR_OK);
	}
	as->status = sp->status;
	if (sp->status == ASSET_PUBLISHED)
		as->publish_at = sp->publish == AT_SAVE ? save_at :
		    NOW + sp->publish;
	if (sp->status == ASSET_WITHDRAWN) {
		as->withdraw_reason = sdup(a, "Superseded.");
		as->withdrawn_at = NOW - DAY;
	}
	return as;
}

static int
ds_setup(void **state)
{
	struct ds *d = calloc(1, sizeof *d);

	if (d == NULL)
		return -1;
	snprintf(d->dir, sizeof d->dir, "/tmp/pr-test-publisher-XXXXXX");
	if (mkdtemp(d->dir) == NULL) {
		free(d);
		return -1;
	}
	snprintf(d->path, sizeof d->path, "%s/pressroom.db", d->dir);
	arena_init(&d->a, ARENA_CAP);
	arena_init(&d->q, ARENA_CAP);
	*state = d;
	return 0;
}

static int
ds_teardown(void **state)
{
	struct ds *d = *state;
	struct dirent *de;
	char p[512];
	DIR *dir;

	mem_fail_after(0);
	store_close(d->s);
	arena_release(&d->a);
	arena_release(&d->q);
	if ((dir = opendir(d->dir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", d->dir, de->d_name);
			unlink(p);
		}
		closedir(dir);
	}
	rmdir(d->dir);
	free(d);
	return 0;
}

static struct row *
row_of(struct ds *d, const char *slug)
{
	for (size_t i = 0; i < NROWS; i++)
		if (strcmp(d->rows[i].sp->slug, slug) == 0)
			return &d->rows[i];
	fail_msg("no asset %s in the dataset", slug);
	return NULL;
}

/* The dataset, saved once for the whole group. */
static int
group_setup(void **state)
{
	struct ds *d;

	if (ds_setup(state) != 0)
		return -1;
	d = *state;
	d->s = open_ok(d->path);
	for (size_t i = 0; i < NROWS; i++) {
		struct row *r = &d->rows[i];

		r->sp = &specs[i];
		r->as = build(&d->a, r->sp, BASE + 10 * (int64_t)i);
		save_ok(d->s, r->as, BASE + 10 * (int64_t)i);
		for (size_t k = 0; k < r->as->ntranslations; k++)
			r->keys[k] = text_sort_key(&d->a,
			    r->as->translations[k].title);
	}
	for (size_t i = 0; i < sizeof resaved / sizeof resaved[0]; i++) {
		struct row *r = row_of(d, resaved[i]);

		r->as->translations[0].summary = arena_printf(&d->a,
		    "Summary %s, revised", r->sp->slug);
		save_ok(d->s, r->as, BASE + 1000 * (int64_t)(i + 1));
	}
	return 0;
}

static int
group_teardown(void **state)
{
	return ds_teardown(state);
}

/* Each test of the group starts with an empty results arena. */
static int
each_setup(void **state)
{
	struct ds *d = *state;

	arena_release(&d->q);
	arena_init(&d->q, ARENA_CAP);
	mem_fail_after(0);
	return 0;
}

static struct store_publisher_query
query(const char *locale, size_t offset, size_t limit)
{
	struct store_publisher_query q = { .scope = { .public = true,
		.now = NOW }, .offset = offset, .limit = limit };

	q.locale = loc(locale);
	return q;
}

static struct store_list
items_ok(struct ds *d, const struct publisher *p,
    const struct store_publisher_query *q)
{
	struct store_list l;
	enum err e;

	memset(&l, 0xa5, sizeof l);
	e = store_publisher_items(d->s, &d->q, p, q, &l);
	if (e != ERR_OK)
		fail_msg("store_publisher_items: %s (%s)", err_str(e),
		    store_errmsg(d->s));
	assert_true(l.nitems <= q->limit);
	return l;
}

/* --- the model of the contract ------------------------------------------- */

struct hit {
	const struct row *r;
	size_t ti;		/* the translation shown */
	bool fallback;
	int mpos;		/* position in the manual list */
};

static bool
has_str(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool
in_scope(const struct asset *as, const struct store_scope *sc)
{
	if (!sc->public)
		return true;
	if (sc->withdrawn && as->status == ASSET_WITHDRAWN)
		return true;
	return asset_visibility(as->status, as->publish_at, sc->now) ==
	    VIS_PUBLIC;
}

/* Is r listed by p on q's page? *h says how. */
static bool
model_match(const struct publisher *p, const struct store_publisher_query *q,
    const struct row *r, struct hit *h)
{
	const struct asset *as = r->as;
	bool speaker = p->speaker == NULL;

	if (!in_scope(as, &q->scope))
		return false;
	h->r = r;
	h->ti = 0;
	h->fallback = true;
	for (size_t i = 0; i < as->ntranslations; i++)
		if (locale_eq(&as->translations[i].locale, &q->locale)) {
			h->ti = i;
			h->fallback = false;
		}
	if (h->fallback && p->fallback != PUB_FALLBACK_ORIGINAL)
		return false;
	h->mpos = 0;
	if (p->selection == PUB_MANUAL) {
		h->mpos = -1;
		for (size_t i = 0; i < p->nmanual; i++)
			if (p->manual[i] == as->id)
				h->mpos = (int)i;
		if (h->mpos < 0)
			return false;
	}
	if (p->kinds != 0 && !(p->kinds & (1u << as->kind)))
		return false;
	if (p->ntags_any > 0) {
		bool any = false;

		for (size_t i = 0; i < p->ntags_any; i++)
			any |= has_str(as->tags, as->ntags, p->tags_any[i]);
		if (!any)
			return false;
	}
	for (size_t i = 0; i < p->ntags_all; i++)
		if (!has_str(as->tags, as->ntags, p->tags_all[i]))
			return false;
	for (size_t i = 0; i < p->ntags_none; i++)
		if (has_str(as->tags, as->ntags, p->tags_none[i]))
			return false;
	for (size_t i = 0; i < as->nspeakers; i++)
		if (p->speaker != NULL &&
		    strcmp(as->speakers[i].name, p->speaker) == 0)
			speaker = true;
	if (!speaker)
		return false;
	if (p->place != NULL && strcmp(as->place, p->place) != 0)
		return false;
	if (p->from != 0 && as->event_at < p->from)
		return false;
	if (p->to != 0 && as->event_at >= p->to)
		return false;
	if (p->has_locale && asset_translation(as, &p->locale) == NULL)
		return false;
	return true;
}

static const struct publisher *cmp_pub;	/* for qsort */
static size_t checked_pages, checked_items;	/* by check_page */

static int
cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int
key_cmp(const struct hit *x, const struct hit *y, enum pub_order o,
    bool desc)
{
	int c = 0;

	switch (o) {
	case PUB_ORDER_EVENT:
		c = cmp64(x->r->as->event_at, y->r->as->event_at);
		break;
	case PUB_ORDER_TITLE:
		c = strcmp(x->r->keys[x->ti], y->r->keys[y->ti]);
		c = c < 0 ? -1 : c > 0;
		break;
	case PUB_ORDER_MODIFIED:
		c = cmp64(x->r->as->updated_at, y->r->as->updated_at);
		break;
	default:
		fail();
	}
	return desc ? -c : c;
}

static int
hit_cmp(const void *va, const void *vb)
{
	const struct hit *x = va, *y = vb;
	int c;

	if (x->mpos != y->mpos)
		return x->mpos < y->mpos ? -1 : 1;
	if ((c = key_cmp(x, y, cmp_pub->order[0], cmp_pub->desc[0])) != 0 ||
	    (c = key_cmp(x, y, cmp_pub->order[1], cmp_pub->desc[1])) != 0)
		return c;
	return cmp64(y->r->as->id, x->r->as->id);	/* newest id first */
}

/* Every item p lists on q's page, in order (the whole list, unpaged). */
static size_t
model(struct ds *d, const struct publisher *p,
    const struct store_publisher_query *q, struct hit *out)
{
	size_t n = 0;

	for (size_t i = 0; i < NROWS; i++)
		if (model_match(p, q, &d->rows[i], &out[n]))
			n++;
	cmp_pub = p;
	qsort(out, n, sizeof *out, hit_cmp);
	return n;
}

static void
print_lists(const struct hit *want, size_t nwant,
    const struct store_list *got)
{
	print_error("want %zu:", nwant);
	for (size_t i = 0; i < nwant; i++)
		print_error(" %s", want[i].r->sp->slug);
	print_error("\ngot %zu of %zu:", got->nitems, got->total);
	for (size_t i = 0; i < got->nitems; i++)
		print_error(" %s", got->items[i].slug);
	print_error("\n");
}

/* An item is exactly the model's: every field of the summary. */
static void
check_item(const struct hit *h, const struct asset_summary *it)
{
	const struct asset *as = h->r->as;
	const struct translation *t = &as->translations[h->ti];

	assert_int_equal(it->id, as->id);
	assert_string_equal(it->slug, as->slug);
	assert_int_equal(it->kind, as->kind);
	assert_int_equal(it->event_at, as->event_at);
	assert_int_equal(it->event_offset, as->event_offset);
	assert_string_equal(it->place, as->place);
	assert_string_equal(it->locale.tag, t->locale.tag);
	assert_string_equal(it->title, t->title);
	assert_string_equal(it->summary, t->summary);
	assert_string_equal(it->lead, t->blocks[0].text);
	assert_int_equal(it->updated_at, as->updated_at);
	assert_int_equal(it->status, as->status);
	assert_int_equal(it->publish_at, as->publish_at);
	assert_int_equal(it->fallback, h->fallback);
	assert_int_equal(it->nspeakers, as->nspeakers);
	for (size_t i = 0; i < as->nspeakers; i++)
		assert_string_equal(it->speakers[i], as->speakers[i].name);
	assert_int_equal(it->nlocales, as->ntranslations);
	for (size_t i = 0; i < as->ntranslations; i++)
		assert_string_equal(it->locales[i].tag,
		    as->translations[i].locale.tag);
}

/* The store's page q of p is the model's, item for item. */
static void
check_page(struct ds *d, const struct publisher *p,
    const struct store_publisher_query *q)
{
	struct hit want[NROWS];
	size_t n = model(d, p, q, want), from, to;
	struct store_list got = items_ok(d, p, q);
	bool same;

	from = q->offset < n ? q->offset : n;
	to = n - from < q->limit ? n : from + q->limit;
	same = got.total == n && got.nitems == to - from;
	for (size_t i = 0; same && i < got.nitems; i++)
		same = got.items[i].id == want[from + i].r->as->id;
	if (!same) {
		char *json = NULL;
		struct buf b;

		buf_init(&b, 1u << 16);
		if (publisher_json_write(p, false, &b) == ERR_OK)
			json = b.p;
		print_error("publisher %s\npage %s offset %zu limit %zu, "
		    "scope public %d now %lld withdrawn %d\n",
		    json != NULL ? json : "?", q->locale.tag, q->offset,
		    q->limit, q->scope.public, (long long)q->scope.now,
		    q->scope.withdrawn);
		buf_release(&b);
		print_lists(want + from, to - from, &got);
		fail();
	}
	for (size_t i = 0; i < got.nitems; i++)
		check_item(&want[from + i], &got.items[i]);
	checked_pages++;
	checked_items += got.nitems;
}

/* The whole list of p on q's page (limit 100) is exactly these slugs. */
static void
expect_slugs(struct ds *d, const struct publisher *p,
    const struct store_publisher_query *q, const char *slugs)
{
	struct store_list got = items_ok(d, p, q);
	char *list = sdup(&d->q, slugs), *w;
	size_t n = 0;
	bool same = true;

	for (w = list; *w != '\0';) {
		size_t len = strcspn(w, " ");

		if (n >= got.nitems || strlen(got.items[n].slug) != len ||
		    strncmp(got.items[n].slug, w, len) != 0)
			same = false;
		n++;
		w += len;
		w += strspn(w, " ");
	}
	if (!same || n != got.nitems || got.total != n) {
		print_error("want %zu: %s\ngot %zu of %zu:", n, slugs,
		    got.nitems, got.total);
		for (size_t i = 0; i < got.nitems; i++)
			print_error(" %s", got.items[i].slug);
		print_error("\n");
		fail();
	}
	/* and the model agrees with the hand */
	check_page(d, p, q);
}

static const struct asset_summary *
item_of(const struct store_list *l, const char *slug)
{
	for (size_t i = 0; i < l->nitems; i++)
		if (strcmp(l->items[i].slug, slug) == 0)
			return &l->items[i];
	fail_msg("%s is not listed", slug);
	return NULL;
}

/* --- filters, spelt out -------------------------------------------------- */

static void
test_filter_kinds(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	/* same event, same sort key: the newest id first */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['briefing']}}"), &q, "weekly-b weekly-a zakharova-briefing");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['speech', 'interview']}}"), &q,
	    "victory-day grushko-nato minister-talk osterreich oslo echo");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['press-release']}}"), &q,
	    "geneva-4 geneva-3 geneva-2 geneva-1");
	q = query("ar", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['statement']}}"), &q, "salam yawm bayan amn");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['interview', 'briefing']}}"), &q, "");
}

static void
test_filter_tags(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct publisher *p;

	/* any */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['iran']}}}"), &q, "minister-talk weekly-b "
	    "zakharova-briefing geneva-3 geneva-2 geneva-1 echo");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['arms control', 'un security council']}}}"), &q,
	    "grushko-nato minister-talk syria-press-conference osterreich "
	    "oslo arger echo");
	/* given as people type them: normalised */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['  ARMS   Control ']}}}"), &q,
	    "grushko-nato osterreich oslo arger");
	/* all, with two and three tags */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'all': ['syria', 'iran']}}}"), &q,
	    "minister-talk zakharova-briefing geneva-3");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'all': ['syria', 'un security council']}}}"), &q,
	    "minister-talk syria-press-conference");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'all': ['un security council', 'iran', 'syria']}}}"), &q,
	    "minister-talk");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'all': ['syria', 'culture']}}}"), &q, "");
	/* the same tag twice in "all" is that tag once */
	p = pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'all': ['Iran', 'iran']}}}");
	assert_int_equal(p->ntags_all, 2);
	expect_slugs(d, p, &q, "minister-talk weekly-b zakharova-briefing "
	    "geneva-3 geneva-2 geneva-1 echo");
	/* none */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'none': ['syria', 'iran', 'culture', 'alphabet', "
	    "'arms control', 'un security council']}}}"), &q,
	    "victory-day geneva-4 year-end-2013 new-year-2013");
	/* any and none */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['syria'], 'none': ['iran']}}}"), &q,
	    "now-exactly amn weekly-a syria-press-conference");
	/* any, all and none together */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['syria', 'culture'], 'all': ['iran'], "
	    "'none': ['un security council']}}}"), &q,
	    "zakharova-briefing geneva-3");
	/* a tag nobody uses */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['nothing']}}}"), &q, "");
}

static void
test_filter_speaker_place(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'Maria Zakharova'}}"), &q, "now-exactly weekly-b weekly-a "
	    "zakharova-briefing syria-press-conference fill-2013");
	/* second speaker of an asset counts too */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'Sergey Lavrov'}}"), &q, "victory-day amn minister-talk "
	    "syria-press-conference oslo arger echo");
	/* the whole name, exactly */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'Lavrov'}}"), &q, "");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'sergey lavrov'}}"), &q, "");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'place': "
	    "'Geneva'}}"), &q, "apples zebra fill-2016 fill-2015 fill-2014 "
	    "geneva-4 geneva-3 geneva-2 geneva-1 fill-2013");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'place': "
	    "'geneva'}}"), &q, "");
	q = query("ru-RU", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'place': "
	    "'Zhukovsky'}}"), &q, "maks zhukovsky");
	/* speaker, kind and place together */
	q = query("en-GB", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'Sergey Lavrov', 'kinds': ['interview'], 'place': 'Oslo'}}"),
	    &q, "oslo");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'speaker': "
	    "'Sergey Lavrov', 'kinds': ['interview'], 'place': 'Moscow'}}"),
	    &q, "minister-talk");
}

/* from is inclusive, to exclusive, both on the UTC instant. */
static void
test_filter_dates(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	/* new-year-2013 is at 2013-01-01T00:00:00Z, year-end-2013 at
	 * 2013-12-31T23:59:59Z */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2013-01-01', 'to': '2013-12-31T23:59:59Z'}}"), &q,
	    "echo fill-2013 new-year-2013");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2013-01-01T00:00:01Z', 'to': '2014-01-01'}}"), &q,
	    "year-end-2013 echo fill-2013");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2014-01-01', 'to': '2015-01-01'}}"), &q, "osterreich oslo "
	    "fill-2014 geneva-4 geneva-3 arger geneva-2 geneva-1");
	/* an offset in the bound: 2014-03-01T09:00:00+01:00 is arger */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2014-03-01T09:00:00+01:00', 'to': "
	    "'2014-03-01T08:00:01Z'}}"), &q, "arger");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2014-03-01T08:00:01Z', 'to': '2014-03-16'}}"), &q,
	    "geneva-3");
	/* open at one end */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2025-01-01'}}"), &q, "now-exactly victory-day grushko-nato");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'to': "
	    "'2013-06-01'}}"), &q, "fill-2013 new-year-2013");
	/* late-june is 2015-06-30T23:30:00-02:00, in July in UTC */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2015-07-01', 'to': '2015-08-01'}}"), &q, "late-june");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'from': "
	    "'2015-06-01', 'to': '2015-07-01'}}"), &q,
	    "zakharova-briefing syria-press-conference");
}

/* The locale filter (has text in it) is not the page's locale. */
static void
test_filter_locale(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'locale': 'ar'}}"),
	    &q, "victory-day amn apples syria-press-conference echo");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'locale': "
	    "'ru-RU', 'kinds': ['news']}}"),
	    &q, "yolka yabloko fill-2015 emile-zola");
	/* exact tag: "ru" is not "ru-RU" */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'locale': 'ru'}}"),
	    &q, "");
	/* with the fallback, assets without text in the page's locale */
	q = query("ar", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'locale': 'ru-RU', 'kinds': ['news']}}"), &q,
	    "yolka yabloko maks fill-2015 zhukovsky emile-zola");
}

static void
test_filters_combined(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("ar", 0, 100);

	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['statement'], 'tags': {'any': ['syria']}, "
	    "'from': '2020-01-01'}}"), &q, "yawm bayan amn");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['statement'], 'tags': {'any': ['syria']}, "
	    "'from': '2024-01-10T07:00:01Z', 'to': '2024-03-10T07:00:00Z', "
	    "'locale': 'ar'}}"), &q, "bayan");
	q = query("en-GB", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['news', 'press-release'], 'place': 'Geneva', 'tags': "
	    "{'none': ['culture']}, 'to': '2014-03-15T10:00:00Z'}}"), &q,
	    "geneva-2 geneva-1");
}

/* --- orderings, spelt out ------------------------------------------------ */

static void
test_order_event(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['iran']}}, 'order': [{'by': 'event', "
	    "'dir': 'asc'}]}"), &q, "echo geneva-1 geneva-2 geneva-3 "
	    "zakharova-briefing weekly-b minister-talk");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['iran']}}, 'order': [{'by': 'event', "
	    "'dir': 'desc'}]}"), &q, "minister-talk weekly-b "
	    "zakharova-briefing geneva-3 geneva-2 geneva-1 echo");
}

static void
test_order_title(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);
	const char *en = "yabloko apples arger echo emile-zola yolka oslo "
	    "osterreich amn";
	const char *ru = "maks yawm yolka zhukovsky oslo emile-zola echo "
	    "yabloko";
	const char *ar = "amn bayan apples salam echo yawm";

	/* "Émile" with E, "Ärger" with A, "Österreich" with O */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['alphabet']}}, 'order': [{'by': 'title', "
	    "'dir': 'asc'}]}"), &q, en);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['alphabet']}}, 'order': [{'by': 'title', "
	    "'dir': 'desc'}]}"), &q, "amn osterreich oslo yolka emile-zola "
	    "echo arger apples yabloko");
	/* Cyrillic: "Ёлка" with Е, after "День", before "Жуковский" */
	q = query("ru-RU", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['alphabet']}}, 'order': [{'by': 'title', "
	    "'dir': 'asc'}]}"), &q, ru);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['alphabet']}}, 'order': [{'by': 'title', "
	    "'dir': 'desc'}]}"), &q, "yabloko echo emile-zola oslo "
	    "zhukovsky yolka yawm maks");
	/* Arabic: "أمن" (alef with hamza) first, then ب ت س ص ي */
	q = query("ar", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['alphabet']}}, 'order': [{'by': 'title', "
	    "'dir': 'asc'}]}"), &q, ar);
	/* shown in another language: sorted by the title shown */
	expect_slugs(d, pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'tags': {'any': ['alphabet']}}, "
	    "'order': [{'by': 'title', 'dir': 'asc'}]}"), &q,
	    "arger emile-zola osterreich maks yolka zhukovsky oslo yabloko "
	    "amn bayan apples salam echo yawm");
}

static void
test_order_modified(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);

	/* geneva-1 was saved again after every other asset */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['iran']}}, 'order': [{'by': 'modified', "
	    "'dir': 'desc'}]}"), &q, "geneva-1 minister-talk geneva-3 "
	    "geneva-2 weekly-b echo zakharova-briefing");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['iran']}}, 'order': [{'by': 'modified', "
	    "'dir': 'asc'}]}"), &q, "zakharova-briefing echo weekly-b "
	    "geneva-2 geneva-3 minister-talk geneva-1");
	/* apples, saved last of all */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['culture']}}, 'order': [{'by': 'modified', "
	    "'dir': 'desc'}]}"), &q, "apples fill-2016 fill-2015 fill-2014 "
	    "fill-2013 late-june yolka zebra emile-zola");
}

/* The second key breaks ties of the first; the newest id breaks the rest. */
static void
test_order_ties(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);
	const char *tail = "fill-2016 yolka late-june fill-2015 emile-zola "
	    "fill-2014 fill-2013";
	char *want;

	/* apples and zebra happened at the same second */
	want = arena_printf(&d->q, "apples zebra %s", tail);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['culture']}}}"), &q, want);
	want = arena_printf(&d->q, "zebra apples %s", tail);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['culture']}}, 'order': [{'by': 'event', "
	    "'dir': 'desc'}, {'by': 'title', 'dir': 'desc'}]}"), &q, want);
	/* zebra was saved before apples was saved again */
	want = arena_printf(&d->q, "apples zebra %s", tail);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'tags': "
	    "{'any': ['culture']}}, 'order': [{'by': 'event', "
	    "'dir': 'desc'}, {'by': 'modified', 'dir': 'desc'}]}"), &q, want);
	/* weekly-a and weekly-b: same second, same sort key, whatever the
	 * directions: the newest id first */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['briefing']}, 'order': [{'by': 'event', 'dir': 'asc'}, "
	    "{'by': 'title', 'dir': 'asc'}]}"), &q,
	    "zakharova-briefing weekly-b weekly-a");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['briefing']}, 'order': [{'by': 'event', 'dir': 'asc'}, "
	    "{'by': 'title', 'dir': 'desc'}]}"), &q,
	    "zakharova-briefing weekly-b weekly-a");
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['briefing']}, 'order': [{'by': 'title', 'dir': 'desc'}, "
	    "{'by': 'event', 'dir': 'asc'}]}"), &q,
	    "weekly-b weekly-a zakharova-briefing");
	/* one key given: title, then the newest event */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['briefing']}, 'order': [{'by': 'title', 'dir': 'asc'}]}"), &q,
	    "zakharova-briefing weekly-b weekly-a");
}

/* --- manual selection ---------------------------------------------------- */

static struct publisher *
manual(struct ds *d, const char *const *slugs, size_t n, int64_t extra)
{
	struct publisher *p = publisher_new(&d->q);

	assert_non_null(p);
	p->name = sdup(&d->q, "m");
	p->selection = PUB_MANUAL;
	p->manual = arena_calloc(&d->q, n + 1, sizeof *p->manual);
	assert_non_null(p->manual);
	for (size_t i = 0; i < n; i++)
		p->manual[p->nmanual++] = row_of(d, slugs[i])->as->id;
	if (extra != 0)
		p->manual[p->nmanual++] = extra;
	/* keys that would order them otherwise */
	p->order[0] = PUB_ORDER_TITLE;
	p->desc[0] = true;
	return p;
}

static void
test_manual(void **state)
{
	struct ds *d = *state;
	static const char *const pick[] = { "geneva-3", "draft", "echo",
		"weekly-a", "scheduled", "syria-press-conference",
		"unpublished", "withdrawn", "khabar" };
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct publisher *p = manual(d, pick, 9, 999999);
	struct diag dg;

	diag_init(&dg, NULL);
	assert_int_equal(publisher_validate(p, &dg), ERR_OK);
	/* the manual order; what is not public (or not there) is left out */
	expect_slugs(d, p, &q, "geneva-3 echo weekly-a "
	    "syria-press-conference");
	/* an editor sees the hidden ones where they were put */
	q.scope.public = false;
	expect_slugs(d, p, &q, "geneva-3 draft echo weekly-a scheduled "
	    "syria-press-conference unpublished withdrawn");
	/* and the public too, once scheduled is due */
	q = query("en-GB", 0, 100);
	q.scope.now = NOW + 1;
	expect_slugs(d, p, &q, "geneva-3 echo weekly-a scheduled "
	    "syria-press-conference");
	/* filters still apply */
	q = query("en-GB", 0, 100);
	p->kinds = 1u << ASSET_KIND_PRESS_RELEASE | 1u << ASSET_KIND_SPEECH;
	expect_slugs(d, p, &q, "geneva-3 echo");
	p->kinds = 0;
	/* the page's locale: hidden without text, or shown in another */
	q = query("ar", 0, 100);
	expect_slugs(d, p, &q, "echo syria-press-conference khabar");
	p->fallback = PUB_FALLBACK_ORIGINAL;
	expect_slugs(d, p, &q, "geneva-3 echo weekly-a "
	    "syria-press-conference khabar");
	/* paged in the manual order */
	q = query("ar", 2, 2);
	check_page(d, p, &q);
	{
		struct store_list l = items_ok(d, p, &q);

		assert_int_equal(l.total, 5);
		assert_int_equal(l.nitems, 2);
		assert_string_equal(l.items[0].slug, "weekly-a");
		assert_true(l.items[0].fallback);
		assert_string_equal(l.items[1].slug,
		    "syria-press-conference");
		assert_false(l.items[1].fallback);
	}
	/* only assets the public cannot see: an empty list */
	{
		static const char *const hidden[] = { "draft", "withdrawn" };

		q = query("en-GB", 0, 100);
		expect_slugs(d, manual(d, hidden, 2, 0), &q, "");
	}
}

/* --- pages --------------------------------------------------------------- */

static void
test_pagination(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, "{'name': 't'}");
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct store_list all = items_ok(d, p, &q), l;
	static const size_t sizes[] = { 1, 2, 7, 10, 28, 29, 30, 100 };

	/* every public asset with text in English */
	assert_int_equal(all.total, 29);
	assert_int_equal(all.nitems, 29);
	check_page(d, p, &q);
	/* walking the pages gives every item once, in order */
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t seen = 0;

		for (size_t off = 0; off <= all.total + sizes[k];
		    off += sizes[k]) {
			q = query("en-GB", off, sizes[k]);
			l = items_ok(d, p, &q);
			assert_int_equal(l.total, all.total);
			for (size_t i = 0; i < l.nitems; i++)
				assert_int_equal(l.items[i].id,
				    all.items[seen++].id);
			check_page(d, p, &q);
		}
		assert_int_equal(seen, all.total);
	}
	/* exactly one full page, and then nothing */
	q = query("en-GB", 0, 29);
	l = items_ok(d, p, &q);
	assert_int_equal(l.nitems, 29);
	assert_int_equal(l.total, 29);
	q = query("en-GB", 29, 29);
	l = items_ok(d, p, &q);
	assert_int_equal(l.nitems, 0);
	assert_int_equal(l.total, 29);
	/* the last partial page */
	q = query("en-GB", 20, 10);
	l = items_ok(d, p, &q);
	assert_int_equal(l.nitems, 9);
	assert_int_equal(l.total, 29);
	assert_int_equal(l.items[8].id, all.items[28].id);
	q = query("en-GB", 28, 10);
	l = items_ok(d, p, &q);
	assert_int_equal(l.nitems, 1);
	/* far beyond the end */
	q = query("en-GB", 1000000, 100);
	l = items_ok(d, p, &q);
	assert_int_equal(l.nitems, 0);
	assert_int_equal(l.total, 29);
	/* the biggest page; one item more is refused, as is none */
	q = query("en-GB", 0, LIMIT_LIST_PAGE_SIZE);
	(void)items_ok(d, p, &q);
	q.limit = LIMIT_LIST_PAGE_SIZE + 1;
	assert_int_equal(store_publisher_items(d->s, &d->q, p, &q, &l),
	    ERR_LIMIT);
	q.limit = 0;
	assert_int_equal(store_publisher_items(d->s, &d->q, p, &q, &l),
	    ERR_LIMIT);
}

static void
test_empty(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 20);
	struct store_list l;
	static const char *const none[] = {
		"{'name': 't', 'filters': {'tags': {'any': ['nothing']}}}",
		"{'name': 't', 'filters': {'from': '1990-01-01', "
		    "'to': '2000-01-01'}}",
		"{'name': 't', 'filters': {'kinds': ['transcript'], "
		    "'place': 'Geneva'}}",
		"{'name': 't', 'filters': {'locale': 'fr-FR'}}",
		"{'name': 't', 'filters': {'speaker': 'Nobody'}}",
	};

	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		l = items_ok(d, pj(d, none[i]), &q);
		assert_int_equal(l.total, 0);
		assert_int_equal(l.nitems, 0);
	}
	/* a locale nothing is written in */
	q = query("fr-FR", 0, 20);
	l = items_ok(d, pj(d, "{'name': 't'}"), &q);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.nitems, 0);
	q.scope.public = false;
	l = items_ok(d, pj(d, "{'name': 't'}"), &q);
	assert_int_equal(l.total, 0);
	/* ... unless others are shown in their own language */
	l = items_ok(d, pj(d, "{'name': 't', 'fallback': 'original'}"), &q);
	assert_int_equal(l.total, NROWS);
	/* before anything was public */
	q = query("en-GB", 0, 20);
	q.scope.now = BASE - 1;
	l = items_ok(d, pj(d, "{'name': 't'}"), &q);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.nitems, 0);
}

/* --- the page's locale and the fallback ---------------------------------- */

static void
test_fallback(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct store_list l;
	const struct asset_summary *it;

	/* hide: only what has English text */
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['news']}}"), &q, "now-exactly apples zebra fill-2016 yolka "
	    "yabloko late-june fill-2015 emile-zola fill-2014 fill-2013");
	/* original: the others too, in their first translation */
	l = items_ok(d, pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'kinds': ['news']}}"), &q);
	assert_int_equal(l.total, 14);
	it = item_of(&l, "maks");		/* Russian only */
	assert_true(it->fallback);
	assert_string_equal(it->locale.tag, "ru-RU");
	assert_string_equal(it->title, "Авиасалон МАКС");
	assert_string_equal(it->summary, "Summary maks ru-RU");
	assert_string_equal(it->lead, "Lead maks ru-RU");
	it = item_of(&l, "khabar");		/* Arabic only */
	assert_true(it->fallback);
	assert_string_equal(it->locale.tag, "ar");
	assert_string_equal(it->title, "خبر جديد");
	it = item_of(&l, "yabloko");		/* Russian first, English too */
	assert_false(it->fallback);
	assert_string_equal(it->locale.tag, "en-GB");
	assert_string_equal(it->title, "Apple of discord");
	assert_string_equal(it->lead, "Lead yabloko en-GB");
	check_page(d, pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'kinds': ['news']}}"), &q);
	/* the other way: a Russian page */
	q = query("ru-RU", 0, 100);
	expect_slugs(d, pj(d, "{'name': 't', 'filters': {'kinds': "
	    "['news']}}"), &q, "yolka yabloko maks fill-2015 zhukovsky "
	    "emile-zola");
	l = items_ok(d, pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'kinds': ['news']}}"), &q);
	assert_int_equal(l.total, 14);
	it = item_of(&l, "emile-zola");		/* English first, Russian too */
	assert_false(it->fallback);
	assert_string_equal(it->locale.tag, "ru-RU");
	assert_string_equal(it->title, "Эмиль Золя");
	it = item_of(&l, "apples");		/* English first, Arabic */
	assert_true(it->fallback);
	assert_string_equal(it->locale.tag, "en-GB");
	assert_string_equal(it->title, "Apples of Geneva");
	assert_string_equal(it->summary, "Summary apples, revised");
	it = item_of(&l, "late-june");
	assert_true(it->fallback);
	assert_string_equal(it->locale.tag, "en-GB");
	/* the page's locale is a tag: "en" is not "en-GB" */
	q = query("en", 0, 100);
	l = items_ok(d, pj(d, "{'name': 't'}"), &q);
	assert_int_equal(l.total, 0);
	l = items_ok(d, pj(d, "{'name': 't', 'fallback': 'original'}"), &q);
	assert_int_equal(l.total, 35);
	for (size_t i = 0; i < l.nitems; i++)
		assert_true(l.items[i].fallback);
}

/* Items carry their speakers in order and their locales in translation
 * order, and every field of the summary. */
static void
test_item_fields(void **state)
{
	struct ds *d = *state;
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct store_list l = items_ok(d, pj(d, "{'name': 't'}"), &q);
	const struct asset_summary *it = item_of(&l, "victory-day");
	const struct row *r = row_of(d, "victory-day");

	assert_int_equal(it->id, r->as->id);
	assert_int_equal(it->kind, ASSET_KIND_SPEECH);
	assert_int_equal(it->event_at, 1746774000);
	assert_int_equal(it->event_offset, 3 * HOUR);
	assert_string_equal(it->place, "Moscow");
	assert_string_equal(it->locale.tag, "en-GB");
	assert_false(it->fallback);
	assert_string_equal(it->title, "Address by the President");
	assert_string_equal(it->summary, "Summary victory-day en-GB");
	assert_string_equal(it->lead, "Lead victory-day en-GB");
	assert_int_equal(it->status, ASSET_PUBLISHED);
	assert_int_equal(it->publish_at, BASE + 190);
	assert_int_equal(it->updated_at, BASE + 190);
	assert_int_equal(it->nspeakers, 2);
	assert_string_equal(it->speakers[0], PUTIN);
	assert_string_equal(it->speakers[1], LAVROV);
	assert_int_equal(it->nlocales, 3);
	assert_string_equal(it->locales[0].tag, "ru-RU");
	assert_string_equal(it->locales[1].tag, "en-GB");
	assert_string_equal(it->locales[2].tag, "ar");
	it = item_of(&l, "syria-press-conference");
	assert_int_equal(it->nspeakers, 2);
	assert_string_equal(it->speakers[0], LAVROV);
	assert_string_equal(it->speakers[1], ZAKHAROVA);
	it = item_of(&l, "new-year-2013");
	assert_int_equal(it->nspeakers, 0);
	assert_string_equal(it->place, "");
	assert_int_equal(it->nlocales, 1);
	assert_string_equal(it->locales[0].tag, "en-GB");
	it = item_of(&l, "geneva-1");
	assert_int_equal(it->updated_at, BASE + 1000);
	assert_int_equal(it->publish_at, BASE + 210);
	for (size_t i = 0; i < l.nitems; i++)
		assert_non_null(l.items[i].locales);
}

/* Hidden statuses never reach the public; an editor sees everything. */
static void
test_scopes(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, "{'name': 't', 'fallback': "
	    "'original'}");
	struct store_publisher_query q = query("en-GB", 0, 100);
	struct store_list l;
	static const char *const hidden[] = { "draft", "scheduled",
		"withdrawn", "unpublished", "scheduled-later" };

	l = items_ok(d, p, &q);
	assert_int_equal(l.total, 35);
	for (size_t i = 0; i < l.nitems; i++)
		for (size_t k = 0; k < 5; k++)
			if (strcmp(l.items[i].slug, hidden[k]) == 0)
				fail_msg("%s is public", hidden[k]);
	(void)item_of(&l, "now-exactly");
	check_page(d, p, &q);
	/* a second before, now-exactly was not public yet */
	q.scope.now = NOW - 1;
	l = items_ok(d, p, &q);
	assert_int_equal(l.total, 34);
	check_page(d, p, &q);
	/* a second after, scheduled is */
	q.scope.now = NOW + 1;
	l = items_ok(d, p, &q);
	assert_int_equal(l.total, 36);
	(void)item_of(&l, "scheduled");
	/* withdrawn ones when asked for (feeds) */
	q.scope.now = NOW;
	q.scope.withdrawn = true;
	l = items_ok(d, p, &q);
	assert_int_equal(l.total, 36);
	assert_int_equal(item_of(&l, "withdrawn")->status, ASSET_WITHDRAWN);
	check_page(d, p, &q);
	/* an editor: all forty, with their status */
	q.scope.public = false;
	q.scope.withdrawn = false;
	l = items_ok(d, p, &q);
	assert_int_equal(l.total, NROWS);
	assert_int_equal(item_of(&l, "draft")->status, ASSET_DRAFT);
	assert_int_equal(item_of(&l, "unpublished")->status,
	    ASSET_UNPUBLISHED);
	assert_int_equal(item_of(&l, "scheduled-later")->publish_at,
	    NOW + 30 * DAY);
	check_page(d, p, &q);
}

/* --- the grid: the store against the model ------------------------------- */

/* Filters to try, alone and in pairs ("" is none). */
static const char *const grid_filters[] = {
	"",
	"'kinds': ['news']",
	"'kinds': ['statement', 'speech', 'briefing']",
	"'tags': {'any': ['syria']}",
	"'tags': {'any': ['iran', 'culture']}",
	"'tags': {'all': ['syria', 'iran']}",
	"'tags': {'all': ['alphabet', 'arms control']}",
	"'tags': {'none': ['syria']}",
	"'tags': {'none': ['alphabet', 'culture']}",
	"'speaker': 'Sergey Lavrov'",
	"'speaker': 'Maria Zakharova'",
	"'place': 'Moscow'",
	"'place': 'Geneva'",
	"'from': '2015-01-01'",
	"'to': '2015-06-11T15:30:00Z'",
	"'from': '2014-01-15T10:00:00Z', 'to': '2016-11-05T08:00:00Z'",
	"'locale': 'ar'",
	"'locale': 'ru-RU'",
};

static const char *const grid_orders[] = {
	"[{'by': 'event', 'dir': 'desc'}]",
	"[{'by': 'event', 'dir': 'asc'}]",
	"[{'by': 'title', 'dir': 'asc'}]",
	"[{'by': 'title', 'dir': 'desc'}]",
	"[{'by': 'modified', 'dir': 'desc'}]",
	"[{'by': 'modified', 'dir': 'asc'}]",
	"[{'by': 'title', 'dir': 'asc'}, {'by': 'modified', 'dir': 'asc'}]",
	"[{'by': 'event', 'dir': 'asc'}, {'by': 'title', 'dir': 'desc'}]",
	"[{'by': 'modified', 'dir': 'desc'}, {'by': 'event', 'dir': 'asc'}]",
};

static const char *const grid_locales[] = { "en-GB", "ru-RU", "ar",
	"fr-FR" };

static void
grid_scopes(struct ds *d, const struct publisher *p, const char *locale,
    size_t limit)
{
	static const struct store_scope scopes[] = {
		{ .public = true, .now = NOW },
		{ .public = true, .now = BASE + 200 },
		{ .public = true, .now = NOW, .withdrawn = true },
		{ .public = false },
	};

	for (size_t s = 0; s < sizeof scopes / sizeof scopes[0]; s++)
		for (size_t off = 0; off < NROWS + limit; off += limit) {
			struct store_publisher_query q = query(locale, off,
			    limit);

			q.scope = scopes[s];
			check_page(d, p, &q);
			if (off >= NROWS)
				break;
		}
}

/* Do two filter fragments set the same member? */
static bool
same_key(const char *a, const char *b)
{
	static const char *const keys[] = { "'kinds'", "'tags'",
		"'speaker'", "'place'", "'from'", "'to'", "'locale'" };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strstr(a, keys[i]) != NULL && strstr(b, keys[i]) != NULL)
			return true;
	return false;
}

static void
test_grid_filters(void **state)
{
	struct ds *d = *state;
	size_t pages0 = checked_pages, items0 = checked_items;
	size_t nf = sizeof grid_filters / sizeof grid_filters[0];

	for (size_t i = 0; i < nf; i++)
		for (size_t k = i; k < nf; k++) {
			const char *sep = i != k && grid_filters[i][0] !=
			    '\0' && grid_filters[k][0] != '\0' ? ", " : "";

			if (i != k && same_key(grid_filters[i],
			    grid_filters[k]))
				continue;	/* one key given twice */
			for (int fb = 0; fb < 2; fb++) {
				char *json = arena_printf(&d->q, "{'name': "
				    "'t', 'fallback': '%s', 'filters': "
				    "{%s%s%s}}", fb ? "original" : "hide",
				    grid_filters[i], sep, i == k ? "" :
				    grid_filters[k]);
				struct publisher *p;

				assert_non_null(json);
				p = pj(d, json);
				for (size_t l = 0; l < 4; l++)
					grid_scopes(d, p, grid_locales[l],
					    i == k ? 7 : 100);
			}
			arena_reset(&d->q);
		}
	/* the grid is not empty handed */
	assert_true(checked_pages - pages0 > 1000);
	assert_true(checked_items - items0 > 1000);
}

static void
test_grid_orders(void **state)
{
	struct ds *d = *state;
	size_t pages0 = checked_pages, items0 = checked_items;
	size_t no = sizeof grid_orders / sizeof grid_orders[0];

	for (size_t o = 0; o < no; o++)
		for (size_t f = 0; f < 6; f++)
			for (int fb = 0; fb < 2; fb++) {
				char *json = arena_printf(&d->q, "{'name': "
				    "'t', 'fallback': '%s', 'order': %s, "
				    "'filters': {%s}}", fb ? "original" :
				    "hide", grid_orders[o], grid_filters[f]);
				struct publisher *p;

				assert_non_null(json);
				p = pj(d, json);
				for (size_t l = 0; l < 4; l++)
					grid_scopes(d, p, grid_locales[l], 6);
				arena_reset(&d->q);
			}
	/* the grid is not empty handed */
	assert_true(checked_pages - pages0 > 1000);
	assert_true(checked_items - items0 > 1000);
}

/* Manual lists under the grid: random picks, every scope and locale. */
static void
test_grid_manual(void **state)
{
	struct ds *d = *state;
	size_t pages0 = checked_pages, items0 = checked_items;
	unsigned seed = 12345;

	for (int round = 0; round < 40; round++) {
		struct publisher *p = publisher_new(&d->q);
		size_t n;

		assert_non_null(p);
		p->name = sdup(&d->q, "m");
		p->selection = PUB_MANUAL;
		p->manual = arena_calloc(&d->q, NROWS, sizeof *p->manual);
		assert_non_null(p->manual);
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % NROWS;
		for (size_t i = 0; i < n; i++) {
			int64_t id;
			bool dup = false;

			seed = seed * 1103515245u + 12345u;
			id = d->rows[(seed >> 16) % NROWS].as->id;
			for (size_t k = 0; k < p->nmanual; k++)
				dup |= p->manual[k] == id;
			if (!dup)
				p->manual[p->nmanual++] = id;
		}
		p->fallback = round % 2 ? PUB_FALLBACK_ORIGINAL :
		    PUB_FALLBACK_HIDE;
		p->order[0] = (enum pub_order)(round % PUB_ORDER__MAX);
		if (round % 3 == 0)
			p->kinds = 1u << ASSET_KIND_NEWS |
			    1u << ASSET_KIND_STATEMENT;
		for (size_t l = 0; l < 4; l++)
			grid_scopes(d, p, grid_locales[l], 5);
		arena_reset(&d->q);
	}
	/* the grid is not empty handed */
	assert_true(checked_pages - pages0 > 1000);
	assert_true(checked_items - items0 > 1000);
}

/* --- terms --------------------------------------------------------------- */

struct want_term {
	const char *name;
	size_t count;
};

static void
expect_terms(struct ds *d, const struct store_scope *sc, const char *tag,
    enum store_term_kind kind, const struct want_term *want, size_t n)
{
	struct locale l = loc(tag);
	struct store_term *t = NULL;
	size_t got = 0;
	bool same;

	assert_int_equal(store_terms(d->s, &d->q, sc, &l, kind, &t, &got),
	    ERR_OK);
	same = got == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(t[i].name, want[i].name) == 0 &&
		    t[i].count == want[i].count;
	if (!same) {
		print_error("%s kind %d want:", tag, kind);
		for (size_t i = 0; i < n; i++)
			print_error(" %s=%zu", want[i].name, want[i].count);
		print_error("\ngot:");
		for (size_t i = 0; i < got; i++)
			print_error(" %s=%zu", t[i].name, t[i].count);
		print_error("\n");
		fail();
	}
}

/* The model's terms: what assets in scope with text in l have. */
static size_t
model_terms(struct ds *d, const struct store_scope *sc, const char *tag,
    enum store_term_kind kind, struct want_term *out, size_t max)
{
	struct locale l = loc(tag);
	size_t n = 0;

	for (size_t i = 0; i < NROWS; i++) {
		const struct asset *as = d->rows[i].as;
		const char *names[8];
		size_t nn = 0;

		if (!in_scope(as, sc) || asset_translation(as, &l) == NULL)
			continue;
		if (kind == STORE_TERM_TAG)
			for (size_t k = 0; k < as->ntags; k++)
				names[nn++] = as->tags[k];
		else if (kind == STORE_TERM_SPEAKER)
			for (size_t k = 0; k < as->nspeakers; k++)
				names[nn++] = as->speakers[k].name;
		else {
			struct civil c;

			assert_int_equal(time_to_civil(as->event_at, &c),
			    ERR_OK);
			names[nn++] = arena_printf(&d->q, "%04d-%02d",
			    c.year, c.month);
		}
		for (size_t k = 0; k < nn; k++) {
			size_t j = 0;

			while (j < n && strcmp(out[j].name, names[k]) != 0)
				j++;
			if (j == n) {
				assert_true(n < max);
				out[n].name = names[k];
				out[n++].count = 0;
			}
			out[j].count++;
		}
	}
	/* sorted by name, bytewise */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(out[k - 1].name,
		    out[k].name) > 0; k--) {
			struct want_term t = out[k];

			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return n;
}

static void
test_terms(void **state)
{
	struct ds *d = *state;
	struct store_scope pub = { .public = true, .now = NOW };
	static const struct want_term tags_en[] = { { "alphabet", 9 },
		{ "arms control", 4 }, { "culture", 9 }, { "iran", 7 },
		{ "syria", 7 }, { "un security council", 3 } };
	static const struct want_term tags_ar[] = { { "alphabet", 6 },
		{ "culture", 1 }, { "iran", 2 }, { "syria", 4 },
		{ "un security council", 2 } };
	static const struct want_term speakers_en[] = { { GRUSHKO, 2 },
		{ ZAKHAROVA, 6 }, { LAVROV, 7 }, { PUTIN, 1 } };
	static const struct want_term speakers_ar[] = { { ZAKHAROVA, 1 },
		{ LAVROV, 4 }, { PUTIN, 1 } };
	static const struct want_term months_ru[] = { { "2013-09", 1 },
		{ "2014-01", 1 }, { "2014-12", 1 }, { "2015-01", 1 },
		{ "2015-03", 1 }, { "2015-05", 1 }, { "2015-06", 2 },
		{ "2015-08", 1 }, { "2015-09", 1 }, { "2015-12", 1 },
		{ "2024-03", 1 }, { "2025-05", 1 } };

	expect_terms(d, &pub, "en-GB", STORE_TERM_TAG, tags_en, 6);
	expect_terms(d, &pub, "ar", STORE_TERM_TAG, tags_ar, 5);
	expect_terms(d, &pub, "en-GB", STORE_TERM_SPEAKER, speakers_en, 4);
	expect_terms(d, &pub, "ar", STORE_TERM_SPEAKER, speakers_ar, 3);
	expect_terms(d, &pub, "ru-RU", STORE_TERM_MONTH, months_ru, 12);
	/* nothing in a locale without text, nor in "en" for "en-GB" */
	expect_terms(d, &pub, "fr-FR", STORE_TERM_TAG, NULL, 0);
	expect_terms(d, &pub, "en", STORE_TERM_SPEAKER, NULL, 0);
	/* nothing before anything was public */
	pub.now = BASE - 1;
	expect_terms(d, &pub, "en-GB", STORE_TERM_MONTH, NULL, 0);
	/* an unknown kind */
	{
		struct locale l = loc("en-GB");
		struct store_term *t;
		size_t n;

		assert_int_equal(store_terms(d->s, &d->q, &pub, &l,
		    STORE_TERM__MAX, &t, &n), ERR_INVAL);
	}
}

/* Every kind, locale and scope against the model. */
static void
test_terms_model(void **state)
{
	struct ds *d = *state;
	static const struct store_scope scopes[] = {
		{ .public = true, .now = NOW },
		{ .public = true, .now = NOW + 1 },
		{ .public = true, .now = BASE + 200 },
		{ .public = true, .now = NOW, .withdrawn = true },
		{ .public = false },
	};

	for (size_t s = 0; s < sizeof scopes / sizeof scopes[0]; s++)
		for (size_t l = 0; l < 4; l++)
			for (int k = 0; k < STORE_TERM__MAX; k++) {
				struct want_term want[64];
				size_t n = model_terms(d, &scopes[s],
				    grid_locales[l], (enum store_term_kind)k,
				    want, 64);

				expect_terms(d, &scopes[s], grid_locales[l],
				    (enum store_term_kind)k, want, n);
			}
	/* hidden assets count for an editor only */
	{
		struct store_scope ed = { .public = false };
		struct locale l = loc("en-GB");
		struct store_term *t;
		size_t n;

		assert_int_equal(store_terms(d->s, &d->q, &ed, &l,
		    STORE_TERM_TAG, &t, &n), ERR_OK);
		for (size_t i = 0; i < n; i++)
			if (strcmp(t[i].name, "syria") == 0)
				assert_int_equal(t[i].count, 7 + 5);
	}
}

/*
 * What the archive pages rely on: a month's count is the number of items
 * a publisher lists for that month's [from, to) in the same locale and
 * scope (both in UTC: see the report about the contract's "the event's own
 * offset").
 */
static void
test_terms_months_match_listing(void **state)
{
	struct ds *d = *state;
	struct store_scope pub = { .public = true, .now = NOW };

	for (size_t l = 0; l < 3; l++) {
		struct locale lo = loc(grid_locales[l]);
		struct store_term *t;
		size_t n;

		assert_int_equal(store_terms(d->s, &d->q, &pub, &lo,
		    STORE_TERM_MONTH, &t, &n), ERR_OK);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			struct publisher *p = publisher_new(&d->q);
			struct store_publisher_query q = query(
			    grid_locales[l], 0, 100);
			struct civil c = { .day = 1 };
			struct store_list li;

			assert_non_null(p);
			p->name = sdup(&d->q, "archive");
			assert_int_equal(sscanf(t[i].name, "%4d-%2d", &c.year,
			    &c.month), 2);
			assert_int_equal(time_from_civil(&c, &p->from), ERR_OK);
			c.month = c.month % 12 + 1;
			c.year += c.month == 1;
			assert_int_equal(time_from_civil(&c, &p->to), ERR_OK);
			li = items_ok(d, p, &q);
			if (li.total != t[i].count)
				fail_msg("%s %s: %zu listed, %zu counted",
				    grid_locales[l], t[i].name, li.total,
				    t[i].count);
		}
	}
}

/* --- allocation failure -------------------------------------------------- */

static void
test_items_nomem(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, "{'name': 't', 'fallback': 'original', "
	    "'filters': {'kinds': ['speech', 'news', 'transcript'], "
	    "'tags': {'any': ['syria', 'culture', 'iran'], 'all': "
	    "['syria'], 'none': ['arms control']}, 'from': '2010-01-01'}}");
	struct store_publisher_query q = query("ar", 0, 100);
	struct store_list want = items_ok(d, p, &q);

	assert_true(want.nitems > 1);
	for (long n = 1;; n++) {
		struct arena a;
		struct store_list l = { 0 };
		enum err e;

		arena_init(&a, 1u << 20);
		mem_fail_after(n);
		e = store_publisher_items(d->s, &a, p, &q, &l);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			assert_int_equal(l.total, want.total);
			assert_int_equal(l.nitems, want.nitems);
			for (size_t i = 0; i < l.nitems; i++) {
				assert_int_equal(l.items[i].id,
				    want.items[i].id);
				assert_string_equal(l.items[i].title,
				    want.items[i].title);
			}
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s, want out of memory", n,
			    err_str(e));
		arena_release(&a);
		assert_true(n < 100000);
	}
	/* the statement still works afterwards */
	check_page(d, p, &q);
}

/* --- saving, loading, listing and deleting publishers -------------------- */

/* A store of its own for each of these: they write. */
static int
fx_setup(void **state)
{
	struct ds *d;

	if (ds_setup(state) != 0)
		return -1;
	d = *state;
	d->s = open_ok(d->path);
	return 0;
}

static sqlite3 *
db_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static void
db_exec(const char *path, const char *sql)
{
	sqlite3 *db = db_open(path);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg != NULL ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
}

static long long
db_int(const char *path, const char *sql)
{
	sqlite3 *db = db_open(path);
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static char *
json_of(struct ds *d, const struct publisher *p)
{
	struct buf b;
	char *s;

	buf_init(&b, 1u << 20);
	assert_int_equal(publisher_json_write(p, false, &b), ERR_OK);
	s = sdup(&d->q, b.p);
	buf_release(&b);
	return s;
}

static void
pub_save_ok(struct ds *d, struct publisher *p, int64_t now)
{
	struct diag dg;
	enum err e;

	diag_init(&dg, NULL);
	e = store_publisher_save(d->s, p, now, &dg);
	if (e != ERR_OK)
		fail_msg("save %s: %s: %s", p->name, err_str(e), dg.msg);
}

#define FULL_JSON \
	"{'name': 'ministers-speeches', 'title': {'en-GB': " \
	"'Speeches of the Minister', 'ru-RU': 'Выступления Министра'}, " \
	"'filters': {'kinds': ['speech', 'interview'], 'tags': {'any': " \
	"['syria'], 'all': ['iran'], 'none': ['sport']}, 'speaker': " \
	"'Sergey Lavrov', 'place': 'Moscow', 'from': '2015-01-01', " \
	"'to': '2016-01-01', 'locale': 'en-GB'}, 'order': [{'by': 'title', " \
	"'dir': 'asc'}, {'by': 'modified', 'dir': 'desc'}], " \
	"'group': 'year', 'page_size': 15, 'paging': 'prev-next', " \
	"'display': 'table', 'show': ['date', 'speakers'], " \
	"'locales': ['en-GB', 'ru-RU'], 'fallback': 'original'}"

static void
test_save_get(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, FULL_JSON), *got = NULL;
	uint64_t g0 = gen(d->s);

	pub_save_ok(d, p, 1700000000);
	assert_true(p->id > 0);
	assert_true(gen(d->s) > g0);
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &got), ERR_OK);
	assert_non_null(got);
	assert_int_equal(got->id, p->id);
	assert_string_equal(json_of(d, got), json_of(d, p));
	assert_int_equal(db_int(d->path, "SELECT created_at FROM publisher"),
	    1700000000);
	assert_int_equal(db_int(d->path, "SELECT updated_at FROM publisher"),
	    1700000000);
	/* names are exact */
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "Ministers-Speeches", &got), ERR_NOTFOUND);
	assert_int_equal(store_publisher_get(d->s, &d->q, "ministers",
	    &got), ERR_NOTFOUND);
	/* the clock when now is 0 */
	p = pj(d, "{'name': 'latest'}");
	pub_save_ok(d, p, 0);
	assert_true(db_int(d->path, "SELECT created_at FROM publisher "
	    "WHERE name = 'latest'") > 1700000000);
	/* a publisher saved is listed by the store as it is */
	{
		struct store_publisher_query q = query("en-GB", 0, 10);
		struct store_list l;

		assert_int_equal(store_publisher_get(d->s, &d->q, "latest",
		    &got), ERR_OK);
		l = items_ok(d, got, &q);
		assert_int_equal(l.total, 0);
	}
}

static void
test_save_upsert(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, FULL_JSON), *got = NULL;
	int64_t id;
	uint64_t g;

	pub_save_ok(d, p, 1700000000);
	id = p->id;
	g = gen(d->s);
	/* the same name again: replaced, the id kept */
	p = pj(d, "{'name': 'ministers-speeches', 'page_size': 5}");
	assert_int_equal(p->id, 0);
	pub_save_ok(d, p, 1700000500);
	assert_int_equal(p->id, id);
	assert_true(gen(d->s) > g);
	assert_int_equal(db_int(d->path, "SELECT count(*) FROM publisher"),
	    1);
	assert_int_equal(db_int(d->path, "SELECT created_at FROM publisher"),
	    1700000000);
	assert_int_equal(db_int(d->path, "SELECT updated_at FROM publisher"),
	    1700000500);
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &got), ERR_OK);
	assert_int_equal(got->id, id);
	assert_int_equal(got->page_size, 5);
	assert_int_equal(got->ntitles, 0);
	assert_null(got->speaker);
	/* the id in the struct does not choose the row: the name does */
	p = pj(d, "{'name': 'other'}");
	p->id = id;
	pub_save_ok(d, p, 1700000600);
	assert_true(p->id != id);
	assert_int_equal(db_int(d->path, "SELECT count(*) FROM publisher"),
	    2);
	/* saving the same again still moves the generation */
	g = gen(d->s);
	pub_save_ok(d, p, 1700000700);
	assert_true(gen(d->s) > g);
}

static void
test_save_invalid(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, FULL_JSON);
	uint64_t g = gen(d->s);
	struct diag dg;

	p->name = sdup(&d->q, "Not valid");
	diag_init(&dg, NULL);
	assert_int_equal(store_publisher_save(d->s, p, 0, &dg), ERR_INVAL);
	assert_non_null(strstr(dg.msg, "name"));
	assert_int_equal(p->id, 0);
	p->name = sdup(&d->q, "ok");
	p->page_size = 0;
	diag_init(&dg, NULL);
	assert_int_equal(store_publisher_save(d->s, p, 0, &dg), ERR_INVAL);
	assert_non_null(strstr(dg.msg, "page_size"));
	p->page_size = 10;
	p->selection = PUB_MANUAL;
	p->nmanual = 0;
	diag_init(&dg, NULL);
	assert_int_equal(store_publisher_save(d->s, p, 0, &dg), ERR_INVAL);
	assert_non_null(strstr(dg.msg, "assets"));
	/* nothing was written */
	assert_int_equal(gen(d->s), g);
	assert_int_equal(db_int(d->path, "SELECT count(*) FROM publisher"),
	    0);
	assert_int_equal(store_publisher_get(d->s, &d->q, "ok", &p),
	    ERR_NOTFOUND);
}

static void
test_list_publishers(void **state)
{
	struct ds *d = *state;
	static const char *const names[] = { "zeta", "alpha", "m-2", "m-10",
		"home" };
	struct publisher **all = NULL;
	size_t n = 99;

	assert_int_equal(store_publisher_list(d->s, &d->q, &all, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < 5; i++) {
		char *json = arena_printf(&d->q, "{'name': '%s', "
		    "'page_size': %zu}", names[i], i + 1);

		pub_save_ok(d, pj(d, json), 1700000000);
	}
	assert_int_equal(store_publisher_list(d->s, &d->q, &all, &n),
	    ERR_OK);
	assert_int_equal(n, 5);
	/* by name, bytewise */
	assert_string_equal(all[0]->name, "alpha");
	assert_string_equal(all[1]->name, "home");
	assert_string_equal(all[2]->name, "m-10");
	assert_string_equal(all[3]->name, "m-2");
	assert_string_equal(all[4]->name, "zeta");
	assert_int_equal(all[4]->page_size, 1);
	assert_int_equal(all[0]->page_size, 2);
	for (size_t i = 0; i < n; i++) {
		struct publisher *one;

		assert_true(all[i]->id > 0);
		assert_int_equal(store_publisher_get(d->s, &d->q,
		    all[i]->name, &one), ERR_OK);
		assert_int_equal(one->id, all[i]->id);
	}
}

static void
test_delete(void **state)
{
	struct ds *d = *state;
	struct publisher *p = pj(d, FULL_JSON), *got;
	struct publisher **all;
	size_t n;
	uint64_t g;

	pub_save_ok(d, p, 1700000000);
	pub_save_ok(d, pj(d, "{'name': 'keep'}"), 1700000000);
	g = gen(d->s);
	assert_int_equal(store_publisher_delete(d->s, "ministers-speeches"),
	    ERR_OK);
	assert_true(gen(d->s) > g);
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &got), ERR_NOTFOUND);
	/* the second time there is nothing to delete, and no change */
	g = gen(d->s);
	assert_int_equal(store_publisher_delete(d->s, "ministers-speeches"),
	    ERR_NOTFOUND);
	assert_int_equal(store_publisher_delete(d->s, "never"),
	    ERR_NOTFOUND);
	assert_int_equal(gen(d->s), g);
	assert_int_equal(store_publisher_list(d->s, &d->q, &all, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(all[0]->name, "keep");
	/* saved again after a delete: a new row */
	pub_save_ok(d, p, 1700000100);
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &got), ERR_OK);
	/* the store still works after the failed delete (no open
	 * transaction) */
	pub_save_ok(d, pj(d, "{'name': 'after'}"), 1700000200);
}

static void
test_corrupt(void **state)
{
	struct ds *d = *state;
	struct publisher *p;
	struct publisher **all;
	size_t n;

	pub_save_ok(d, pj(d, FULL_JSON), 1700000000);
	pub_save_ok(d, pj(d, "{'name': 'good'}"), 1700000000);
	/* not JSON */
	db_exec(d->path, "UPDATE publisher SET config = '{\"name\": ' "
	    "WHERE name = 'ministers-speeches'");
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &p), ERR_CORRUPT);
	assert_non_null(strstr(store_errmsg(d->s), "publisher"));
	assert_int_equal(store_publisher_list(d->s, &d->q, &all, &n),
	    ERR_CORRUPT);
	/* JSON, but not a valid publisher */
	db_exec(d->path, "UPDATE publisher SET config = "
	    "'{\"name\": \"ministers-speeches\", \"page_size\": 0}' "
	    "WHERE name = 'ministers-speeches'");
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &p), ERR_CORRUPT);
	assert_non_null(strstr(store_errmsg(d->s), "page_size"));
	db_exec(d->path, "UPDATE publisher SET config = '[]' "
	    "WHERE name = 'ministers-speeches'");
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &p), ERR_CORRUPT);
	/* the others still load */
	assert_int_equal(store_publisher_get(d->s, &d->q, "good", &p),
	    ERR_OK);
	/* and saving over the bad one mends it */
	pub_save_ok(d, pj(d, FULL_JSON), 1700000100);
	assert_int_equal(store_publisher_get(d->s, &d->q,
	    "ministers-speeches", &p), ERR_OK);
	assert_int_equal(store_publisher_list(d->s, &d->q, &all, &n),
	    ERR_OK);
	assert_int_equal(n, 2);
}

int
main(void)
{
	const struct CMUnitTest listing[] = {
#define T(fn) cmocka_unit_test_setup(fn, each_setup)
		T(test_filter_kinds),
		T(test_filter_tags),
		T(test_filter_speaker_place),
		T(test_filter_dates),
		T(test_filter_locale),
		T(test_filters_combined),
		T(test_order_event),
		T(test_order_title),
		T(test_order_modified),
		T(test_order_ties),
		T(test_manual),
		T(test_pagination),
		T(test_empty),
		T(test_fallback),
		T(test_item_fields),
		T(test_scopes),
		T(test_grid_filters),
		T(test_grid_orders),
		T(test_grid_manual),
		T(test_terms),
		T(test_terms_model),
		T(test_terms_months_match_listing),
		T(test_items_nomem),
#undef T
	};
	const struct CMUnitTest saving[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, ds_teardown)
		T(test_save_get),
		T(test_save_upsert),
		T(test_save_invalid),
		T(test_list_publishers),
		T(test_delete),
		T(test_corrupt),
#undef T
	};
	int failed;

	asset_json_setup();
	failed = cmocka_run_group_tests_name("listing", listing, group_setup,
	    group_teardown);
	failed += cmocka_run_group_tests_name("saving", saving, NULL, NULL);
	return failed;
}
