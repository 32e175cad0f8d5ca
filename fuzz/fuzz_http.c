/*
 * fuzz_http.c - libFuzzer target for the HTTP dispatcher: the input is
 * split at newlines into a method, a path, an Accept-Language value, an
 * If-None-Match value and a "page" parameter, and dispatched against a
 * small store (one asset in en-GB, ru-RU and ar). Checks that nothing
 * crashes or leaks and that every reply has a status from 200 to 599 and a
 * body.
 *
 * Does not open sockets: libmicrohttpd's request parsing is its own (and
 * is fuzzed upstream); this covers our path, locale, slug, id, query and
 * header handling.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "pressroom/asset_json.h"
#include "pressroom/http.h"
#include "pressroom/store.h"
#include "pressroom/banned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app *app;
static char dbdir[] = "/tmp/pressroom-fuzz-http-XXXXXX";

static const char asset_json[] =
    "{\"slug\":\"2020-01-01-fuzz\",\"kind\":\"transcript\","
    "\"published_at\":\"2020-01-01T12:00:00+03:00\",\"place\":\"Here\","
    "\"locales\":[\"en-GB\",\"ru-RU\",\"ar\",\"de-DE\"],"
    "\"translations\":{"
    "\"en-GB\":{\"title\":\"T\",\"blocks\":[{\"text\":\"a *b* [c](http://x)\"},"
    "{\"type\":\"turn\",\"role\":\"question\",\"text\":\"q\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"A B\",\"text\":\"x\"}]},"
    "\"ru-RU\":{\"title\":\"Т\",\"blocks\":[{\"text\":\"а\"}]},"
    "\"ar\":{\"title\":\"ت\",\"blocks\":[{\"text\":\"ب\"}]}}}";

struct fz_req {
	const char *lang;
	const char *inm;
	const char *page;
};

static const char *
fz_header(const void *ctx, const char *name)
{
	const struct fz_req *r = ctx;

	if (strcasecmp(name, "Accept-Language") == 0)
		return r->lang;
	if (strcasecmp(name, "If-None-Match") == 0)
		return r->inm;
	return NULL;
}

static const char *
fz_param(const void *ctx, const char *name)
{
	const struct fz_req *r = ctx;

	if (strcmp(name, "page") == 0 || strcmp(name, "v") == 0)
		return r->page;
	return NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char db[256];
	struct store *s;
	struct arena a;
	struct asset *as;
	struct store_save_result res;
	struct diag d;
	struct http_config cfg = { .listen = "127.0.0.1:1",
		.base_url = "http://fuzz.invalid" };

	(void)argc;
	(void)argv;
	asset_json_setup();
	if (mkdtemp(dbdir) == NULL)
		abort();
	snprintf(db, sizeof db, "%s/f.db", dbdir);
	arena_init(&a, 1u << 20);
	if (store_open(db, STORE_CREATE, &s, &d) != ERR_OK ||
	    asset_json_parse(&a, asset_json, sizeof asset_json - 1, &as,
		&d) != ERR_OK ||
	    store_asset_save(s, as, NULL, &res, &d) != ERR_OK)
		abort();
	store_close(s);
	arena_release(&a);
	cfg.db_path = db;
	if (app_new(&cfg, &app, &d) != ERR_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *field[5] = { 0 }, *p;
	struct fz_req fr;
	struct http_request req = { 0 };
	struct http_reply *r;
	struct arena a;
	int n = 0;

	if (size > 65536)
		return 0;
	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; n < 5; n++) {
		field[n] = p;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	fr.lang = field[2];
	fr.inm = field[3];
	fr.page = field[4];
	arena_init(&a, 64u << 20);
	req.method = http_method_parse(field[0]);
	req.path = field[1] != NULL ? field[1] : "/";
	req.header = fz_header;
	req.param = fz_param;
	req.ctx = &fr;
	req.arena = &a;
	req.body_len = 0;
	r = http_dispatch(app, &req);
	if (r == NULL || r->status < 200 || r->status > 599 || r->body == NULL)
		abort();
	http_reply_unref(r);
	arena_release(&a);
	free(copy);
	return 0;
}
