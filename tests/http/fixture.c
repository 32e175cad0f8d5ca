/*
 * fixture.c - builds the HTTP tests' database through the same library
 * calls `pressroom import` makes, and fake requests for http_dispatch
 * (headers, query, body and peer address).
 *
 * Does not test anything itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "fixture.h"
#include "pressroom/banned.h"

static void die(const char *what, const struct diag *d)
    __attribute__((noreturn));

static void
die(const char *what, const struct diag *d)
{
	char msg[1024];

	diag_format(d, msg, sizeof msg);
	fprintf(stderr, "fixture: %s: %s\n", what, msg);
	abort();
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
import_one(struct store *s, const char *path, const struct import_opts *io)
{
	struct arena a;
	struct buf text;
	struct asset *as;
	struct store_save_result res;
	struct diag d;

	arena_init(&a, 64u << 20);
	buf_init(&text, LIMIT_IMPORT_FILE_BYTES);
	diag_init(&d, path);
	if (import_read_file(path, &text, &d) != ERR_OK ||
	    import_parse(&a, text.p, text.len, io, &as, &d) != ERR_OK)
		die("import", &d);
	/* links by slug are resolved by `pressroom import`; the fixture sets
	 * its own (asset 3 below) */
	as->nrelated_slugs = 0;
	as->nrelated = 0;
	if (store_asset_save(s, as, NULL, &res, &d) != ERR_OK)
		die("save", &d);
	buf_release(&text);
	arena_release(&a);
}

const char *
fix_db_create(const char *dir)
{
	static char db[1024];
	char path[2048], *names[64];
	size_t n = 0;
	struct store *s;
	struct diag d;
	struct dirent *de;
	DIR *dh;
	struct import_opts io = { 0 };
	struct tz *msk;
	struct arena a;
	struct asset *as;
	struct store_save_result res;
	static int64_t rel[2] = { 1, 8 };

	asset_json_setup();
	snprintf(db, sizeof db, "%s/fixture.db", dir);
	diag_init(&d, db);
	if (store_open(db, STORE_CREATE, &s, &d) != ERR_OK)
		die("open", &d);
	dh = opendir(TEST_SRC_ROOT "/examples");
	if (dh == NULL)
		abort();
	while ((de = readdir(dh)) != NULL && n < 64) {
		size_t len = strlen(de->d_name);

		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(dh);
	qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/examples/%s", TEST_SRC_ROOT,
		    names[i]);
		import_one(s, path, &io);
		free(names[i]);
	}
	if (tz_load("Europe/Moscow", &msk) != ERR_OK)
		abort();
	io.tz = msk;
	io.source = "file:seed";
	import_one(s, TEST_SRC_ROOT
	    "/tests/fixtures/seed/000_1e53a87551ad3537.txt", &io);
	tz_free(msk);
	/* "Additional materials" for the transcript */
	arena_init(&a, 64u << 20);
	if (store_asset_get(s, &a, 3, &as) != ERR_OK)
		abort();
	as->related = rel;
	as->nrelated = 2;
	if (store_asset_save(s, as, NULL, &res, &d) != ERR_OK)
		die("relate", &d);
	/* copies of asset 1 in every other state: ids 10 to 13 */
	{
		static const struct {
			const char *slug;
			enum asset_status status;
			int64_t publish_at;
		} states[] = {
			{ "2030-01-01-scheduled-item", ASSET_PUBLISHED,
			    4102444800 },	/* 2100-01-01 */
			{ "2019-01-01-withdrawn-item", ASSET_WITHDRAWN, 0 },
			{ "2019-01-02-gone-item", ASSET_UNPUBLISHED, 0 },
			{ "2019-01-03-draft-item", ASSET_DRAFT, 0 },
		};

		for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
			if (store_asset_get(s, &a, 1, &as) != ERR_OK)
				abort();
			as->id = 0;
			as->source = NULL;
			as->nrelated = 0;
			as->slug = (char *)states[i].slug;
			as->status = states[i].status;
			as->publish_at = states[i].publish_at;
			as->withdraw_reason = (char *)"Superseded by a later "
			    "statement <b>now</b>.";
			as->translations[0].title = (char *)states[i].slug;
			if (store_asset_save(s, as, NULL, &res, &d) != ERR_OK)
				die("state copy", &d);
		}
	}
	/* tags, and publishers over them */
	{
		static const struct {
			int64_t id;
			const char *tags[2];
		} tagged[] = {
			{ 1, { "water", "vessa river" } },
			{ 3, { "water", "consular affairs" } },
			{ 4, { "water", NULL } },
			{ 8, { "consular affairs", NULL } },
		};
		static const char *const pubs[] = {
			("{\"name\": \"statements\", \"title\": {\"en-GB\": "
			"\"Statements and speeches\", \"ru-RU\": \"Заявления "
			"и выступления\", \"ar\": \"بيانات وكلمات\"}, "
			"\"filters\": {\"kinds\": [\"statement\", \"speech\"]}, "
			"\"show\": [\"date\", \"place\", \"speakers\", "
			"\"locales\"], \"group\": \"year\"}"),
			("{\"name\": \"water\", \"filters\": {\"tags\": "
			"{\"any\": [\"water\"]}}, \"display\": \"table\", "
			"\"order\": [{\"by\": \"title\", \"dir\": \"asc\"}], "
			"\"locales\": [\"en-GB\", \"ru-RU\", \"ar\", "
			"\"de-DE\"], \"fallback\": \"original\", "
			"\"paging\": \"prev-next\", \"page_size\": 2}"),
			("{\"name\": \"picks\", \"selection\": \"manual\", "
			"\"assets\": [8, 11, 1, 10, 3], \"display\": \"full\"}"),
		};

		for (size_t i = 0; i < sizeof tagged / sizeof tagged[0]; i++) {
			if (store_asset_get(s, &a, tagged[i].id, &as) != ERR_OK)
				abort();
			for (size_t k = 0; k < 2 && tagged[i].tags[k]; k++)
				if (asset_tag_add(&a, as, tagged[i].tags[k]) !=
				    ERR_OK)
					abort();
			if (store_asset_save(s, as, NULL, &res, &d) != ERR_OK)
				die("tag", &d);
		}
		for (size_t i = 0; i < sizeof pubs / sizeof pubs[0]; i++) {
			struct publisher *p;

			if (publisher_json_parse(&a, pubs[i], strlen(pubs[i]),
			    &p, &d) != ERR_OK ||
			    store_publisher_save(s, p, 0, &d) != ERR_OK)
				die("publisher", &d);
		}
	}
	arena_release(&a);
	store_close(s);
	return db;
}

struct app *
fix_app(const char *db)
{
	struct http_config cfg = {
		.db_path = db,
		.listen = "127.0.0.1:1",
		.base_url = "http://test.invalid",
	};
	struct app *app;
	struct diag d;

	diag_init(&d, NULL);
	if (app_new(&cfg, &app, &d) != ERR_OK)
		die("app", &d);
	return app;
}

static const char *
get_header(const void *ctx, const char *name)
{
	const struct fix_request *f = ctx;

	for (size_t i = 0; i < f->nheaders; i++)
		if (strcasecmp(f->headers[i][0], name) == 0)
			return f->headers[i][1];
	return NULL;
}

static const char *
get_param(const void *ctx, const char *name)
{
	const struct fix_request *f = ctx;

	for (size_t i = 0; i < f->nparams; i++)
		if (strcmp(f->params[i][0], name) == 0)
			return f->params[i][1];
	return NULL;
}

void
fix_request_init(struct fix_request *f, enum http_method m,
    const char *target)
{
	char *q, *p, *amp, *eq;

	memset(f, 0, sizeof *f);
	arena_init(&f->arena, LIMIT_REQUEST_ARENA);
	snprintf(f->path, sizeof f->path, "%s", target);
	q = strchr(f->path, '?');
	if (q != NULL) {
		*q = '\0';
		for (p = q + 1; p != NULL && *p != '\0' &&
		    f->nparams < FIX_PARAMS_MAX; p = amp) {
			amp = strchr(p, '&');
			if (amp != NULL)
				*amp++ = '\0';
			eq = strchr(p, '=');
			if (eq != NULL)
				*eq++ = '\0';
			f->params[f->nparams][0] = p;
			f->params[f->nparams][1] = eq != NULL ? eq : "";
			f->nparams++;
		}
	}
	f->req.method = m;
	f->req.path = f->path;
	f->req.header = get_header;
	f->req.param = get_param;
	f->req.ctx = f;
	f->req.arena = &f->arena;
}

void
fix_request_header(struct fix_request *f, const char *name,
    const char *value)
{
	if (f->nheaders >= FIX_HEADERS_MAX) {
		fprintf(stderr, "fixture: more than %d headers\n",
		    FIX_HEADERS_MAX);
		abort();
	}
	f->headers[f->nheaders][0] = name;
	f->headers[f->nheaders][1] = value;
	f->nheaders++;
}

void
fix_request_body(struct fix_request *f, const char *content_type,
    const void *body, size_t len)
{
	/* plain malloc: failure injection (mem.h) is for the code tested */
	char *p = malloc(len + 1);

	if (p == NULL)
		abort();
	if (len > 0)
		memcpy(p, body, len);
	p[len] = '\0';
	free(f->body);
	f->body = p;
	f->req.body = p;
	f->req.body_len = len;
	if (content_type != NULL)
		fix_request_header(f, "Content-Type", content_type);
}

void
fix_request_peer(struct fix_request *f, const char *peer)
{
	f->req.peer = peer;
}

void
fix_request_release(struct fix_request *f)
{
	free(f->body);
	f->body = NULL;
	f->req.body = NULL;
	f->req.body_len = 0;
	arena_release(&f->arena);
}
