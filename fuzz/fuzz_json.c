/*
 * fuzz_json.c - libFuzzer target for the JSON bodies of the write API.
 *
 * Every input is read by the library's JSON readers:
 *   - asset_json_parse(), the reader of a create (POST /api/v1/assets) and
 *     a replace (PUT /api/v1/assets/{id}) body, of imports and of stored
 *     revisions. An asset it accepts must be valid (when it has a slug)
 *     and must survive the canonical JSON: written as a revision is, read
 *     back and written again it gives the same bytes and the same instants
 *     (a revision the store cannot read back loses data); the API's reply
 *     form (pretty, with id and translation status) is written too;
 *   - publisher_json_parse(), the publisher reader: what it accepts is
 *     valid and written, read and written again gives the same bytes.
 * A refusal must say why.
 *
 * An input whose first byte is below 0x20 is also a request: the byte
 * picks the route (low 3 bits) and the API token's account (next 2 bits:
 * editor, contributor, translator for ru-RU, admin), the rest is the
 * application/json body, dispatched through http_dispatch() as the server
 * would (a NUL-terminated copy in a block of its own):
 *   0 POST /api/v1/assets                       create
 *   1 PUT  /api/v1/assets/1                     replace (published, 2 locales)
 *   2 POST /api/v1/assets/1/schedule            {"publish_at": ...}
 *   3 POST /api/v1/assets/1/withdraw            {"reason": ...}
 *   4 POST /api/v1/assets/1/translations/ru-RU/confirm  {"blocks", "head"}
 *   5 POST /api/v1/assets/2/publish             (a contributor's draft)
 *   6 PUT  /api/v1/assets/2                     replace a draft
 *   7 POST /api/v1/assets/2/schedule
 * Every reply must have a status from 200 to 599 other than 500 (an input
 * is never an internal error) and a body. When a request changed the
 * database, it is put back as it was from a copy taken at start-up
 * (SQLite's backup API), so each input runs against the same data and a
 * saved input replays the same way.
 *
 * FUZZ_JSON_VERBOSE set in the environment prints each reply's status.
 * The database lives in a directory of its own (under /dev/shm when there
 * is one, as fsync is free there), removed at exit. Does not open sockets
 * (fuzz_http covers paths and headers, fuzz_form form bodies).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sqlite3.h>
#include "pressroom/asset_json.h"
#include "pressroom/http.h"
#include "pressroom/publisher.h"
#include "pressroom/store.h"
#include "pressroom/user.h"
#include "pressroom/banned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_MAX (1u << 20)
#define FZ_ARENA (64u << 20)
/* the fixture's one uploaded file: the SHA-256 of "hello\n" */
#define FZ_FILE_SHA256 \
	"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

static struct app *app;
static sqlite3 *fz_db;		/* our own connection to the database */
static sqlite3 *fz_pristine;	/* in memory: the database as created */
static char fz_dir[64];
static char fz_path[128];

enum { FZ_EDITOR, FZ_CONTRIBUTOR, FZ_TRANSLATOR, FZ_ADMIN, FZ__USERS };
static char fz_authz[FZ__USERS][AUTH_TOKEN_MAX + 16];
static const char *const fz_names[FZ__USERS] = { "ed", "cora", "tess",
	"ada" };

static const struct {
	enum http_method method;
	const char *path;
} fz_routes[8] = {
	{ HTTP_POST, "/api/v1/assets" },
	{ HTTP_PUT, "/api/v1/assets/1" },
	{ HTTP_POST, "/api/v1/assets/1/schedule" },
	{ HTTP_POST, "/api/v1/assets/1/withdraw" },
	{ HTTP_POST, "/api/v1/assets/1/translations/ru-RU/confirm" },
	{ HTTP_POST, "/api/v1/assets/2/publish" },
	{ HTTP_PUT, "/api/v1/assets/2" },
	{ HTTP_POST, "/api/v1/assets/2/schedule" },
};

/* Asset 1, saved twice so that its ru-RU text is outdated; asset 2 a
 * contributor's draft; and one uploaded file, FZ_FILE_SHA256. */
static const char fz_asset1[] =
    "{\"slug\":\"2020-01-01-fuzz-one\",\"kind\":\"transcript\","
    "\"published_at\":\"2020-01-01T12:00:00+03:00\",\"place\":\"Here\","
    "\"locales\":[\"en-GB\",\"ru-RU\",\"ar\"],\"tags\":[\"water\"],"
    "\"speakers\":[{\"name\":\"A B\",\"title\":\"Minister\"}],"
    "\"translations\":{"
    "\"en-GB\":{\"title\":\"T\",\"summary\":\"S\",\"blocks\":["
    "{\"id\":\"p1\",\"text\":\"a *b* [c](http://x)\"},"
    "{\"id\":\"t1\",\"type\":\"turn\",\"role\":\"question\",\"text\":\"q\"},"
    "{\"id\":\"t2\",\"type\":\"turn\",\"role\":\"answer\","
    "\"speaker\":\"A B\",\"text\":\"x\"}]},"
    "\"ru-RU\":{\"title\":\"Т\",\"blocks\":["
    "{\"id\":\"p1\",\"text\":\"а\"},"
    "{\"id\":\"t1\",\"type\":\"turn\",\"role\":\"question\",\"text\":\"в\"},"
    "{\"id\":\"t2\",\"type\":\"turn\",\"role\":\"answer\","
    "\"speaker\":\"A B\",\"text\":\"б\"}]}}}";
static const char fz_asset2[] =
    "{\"slug\":\"2020-01-02-fuzz-two\",\"kind\":\"statement\","
    "\"status\":\"draft\",\"published_at\":\"2020-01-02T09:30:00Z\","
    "\"translations\":{\"en-GB\":{\"title\":\"Draft\",\"blocks\":["
    "{\"text\":\"d\"}]}}}";

static void
fz_check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_json: %s\n", what);
		abort();
	}
}

static void
fz_die(const char *what, const struct diag *d)
{
	char msg[DIAG_MSG_MAX + 64];

	diag_format(d, msg, sizeof msg);
	fprintf(stderr, "fuzz_json: %s: %s\n", what, msg);
	abort();
}

static void
fz_cleanup(void)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char p[160];

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", fz_path, ext[i]);
		unlink(p);
	}
	rmdir(fz_dir);
}

static void
fz_save(struct store *s, struct arena *a, const char *json, int64_t author,
    const char *edit_from, const char *edit_to)
{
	struct asset *as;
	struct store_save_result res;
	struct store_save_opts o = { .author_id = author };
	struct diag d;

	diag_init(&d, "fixture");
	if (asset_json_parse(a, json, strlen(json), &as, &d) != ERR_OK)
		fz_die("fixture asset", &d);
	if (edit_from != NULL) {
		if (store_asset_find(s, as->slug, NULL, &as->id) != ERR_OK)
			abort();
		for (size_t i = 0; i < as->translations[0].nblocks; i++)
			if (strcmp(as->translations[0].blocks[i].text,
			    edit_from) == 0)
				as->translations[0].blocks[i].text =
				    (char *)edit_to;
	}
	if (store_asset_save(s, as, &o, &res, &d) != ERR_OK)
		fz_die("fixture save", &d);
}

static int64_t
fz_user(struct store *s, const char *name, enum user_role role,
    const char *locale, char *authz)
{
	struct locale l;
	struct user u = { .name = (char *)name, .role = role };
	unsigned char key[AUTH_HASH_BYTES];
	char token[AUTH_TOKEN_MAX];
	int64_t tid;
	struct diag d;

	diag_init(&d, "fixture");
	if (locale != NULL) {
		if (locale_parse(str_from(locale), &l) != ERR_OK)
			abort();
		u.locales = &l;
		u.nlocales = 1;
	}
	if (store_user_save(s, &u, NULL, 0, &d) != ERR_OK)
		fz_die("fixture user", &d);
	if (auth_token_new(token, key) != ERR_OK ||
	    store_token_create(s, key, u.id, "fuzz", 0, &tid) != ERR_OK)
		abort();
	snprintf(authz, AUTH_TOKEN_MAX + 16, "Bearer %s", token);
	return u.id;
}

/* Copies the database from src into dst (whole, one step). */
static void
fz_copy(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	fz_check(b != NULL, sqlite3_errmsg(dst));
	rc = sqlite3_backup_step(b, -1);
	fz_check(sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE,
	    sqlite3_errmsg(dst));
}

static int64_t
fz_data_version(void)
{
	sqlite3_stmt *st;
	int64_t v;

	fz_check(sqlite3_prepare_v2(fz_db, "PRAGMA data_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW,
	    sqlite3_errmsg(fz_db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct store *s;
	struct arena a;
	struct diag d;
	struct http_config cfg = { .listen = "127.0.0.1:1",
		.base_url = "http://fuzz.invalid", .quiet = true };
	int64_t editor, contributor;

	(void)argc;
	(void)argv;
	asset_json_setup();
	snprintf(fz_dir, sizeof fz_dir, "%s/pressroom-fuzz-json-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(fz_dir) == NULL)
		abort();
	snprintf(fz_path, sizeof fz_path, "%s/f.db", fz_dir);
	atexit(fz_cleanup);
	arena_init(&a, FZ_ARENA);
	diag_init(&d, fz_path);
	if (store_open(fz_path, STORE_CREATE, &s, &d) != ERR_OK)
		fz_die("open", &d);
	editor = fz_user(s, fz_names[FZ_EDITOR], ROLE_EDITOR, NULL,
	    fz_authz[FZ_EDITOR]);
	contributor = fz_user(s, fz_names[FZ_CONTRIBUTOR], ROLE_CONTRIBUTOR,
	    NULL, fz_authz[FZ_CONTRIBUTOR]);
	fz_user(s, fz_names[FZ_TRANSLATOR], ROLE_TRANSLATOR, "ru-RU",
	    fz_authz[FZ_TRANSLATOR]);
	fz_user(s, fz_names[FZ_ADMIN], ROLE_ADMIN, NULL, fz_authz[FZ_ADMIN]);
	fz_save(s, &a, fz_asset1, editor, NULL, NULL);
	fz_save(s, &a, fz_asset1, editor, "q", "q, changed");
	fz_save(s, &a, fz_asset2, contributor, NULL, NULL);
	/* a file an asset may attach (sha256 of "hello\n") */
	if (store_attachment_put(s, FZ_FILE_SHA256, "text/plain", "hello\n", 6,
	    0) != ERR_OK)
		abort();
	store_close(s);
	arena_release(&a);
	if (sqlite3_open_v2(fz_path, &fz_db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_open(":memory:", &fz_pristine) != SQLITE_OK)
		abort();
	sqlite3_busy_timeout(fz_db, 10000);
	fz_copy(fz_pristine, fz_db);
	cfg.db_path = fz_path;
	if (app_new(&cfg, &app, &d) != ERR_OK)
		fz_die("app", &d);
	return 0;
}

/* --- the library's readers ------------------------------------------ */

static void
fz_refused(enum err e, const struct diag *d)
{
	fz_check(e == ERR_INVAL || e == ERR_LIMIT, "unexpected error");
	fz_check(d->msg[0] != '\0', "a refusal without a message");
}

static void
fz_asset(const char *body, size_t n)
{
	struct arena a;
	struct asset *as = NULL, *as2 = NULL;
	struct buf b1, b2, b3;
	struct diag d;
	enum err e;

	arena_init(&a, FZ_ARENA);
	buf_init(&b1, FZ_ARENA);
	buf_init(&b2, FZ_ARENA);
	buf_init(&b3, FZ_ARENA);
	diag_init(&d, "body");
	e = asset_json_parse(&a, body, n, &as, &d);
	if (e != ERR_OK) {
		fz_refused(e, &d);
		goto out;
	}
	fz_check(as != NULL, "no asset");
	fz_check(as->slug != NULL, "no slug");
	if (as->slug[0] != '\0')
		fz_check(asset_validate(as, NULL) == ERR_OK,
		    "an accepted asset is not valid");
	/* the canonical form (a stored revision), read back, is the same */
	fz_check(asset_json_write(as, ASSET_JSON_CONTENT, &b1) == ERR_OK,
	    "an accepted asset cannot be written");
	diag_init(&d, "again");
	e = asset_json_parse(&a, b1.p, b1.len, &as2, &d);
	if (e != ERR_OK)
		fz_die("an asset's own JSON is refused", &d);
	fz_check(asset_json_write(as2, ASSET_JSON_CONTENT, &b2) == ERR_OK,
	    "a read-back asset cannot be written");
	fz_check(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0,
	    "an asset's JSON changes when read back");
	fz_check(as2->event_at == as->event_at &&
	    as2->event_offset == as->event_offset &&
	    as2->status == as->status &&
	    (as->status != ASSET_PUBLISHED ||
	    as2->publish_at == as->publish_at) &&
	    (as->status != ASSET_WITHDRAWN ||
	    as2->withdrawn_at == as->withdrawn_at) &&
	    as2->update_note_at == as->update_note_at,
	    "an instant is lost in the asset's JSON");
	/* the API's reply */
	fz_check(asset_json_write(as, ASSET_JSON_META | ASSET_JSON_PRETTY |
	    ASSET_JSON_STATUS, &b3) == ERR_OK,
	    "an accepted asset cannot be shown");
out:
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&b3);
	arena_release(&a);
}

static void
fz_publisher(const char *body, size_t n)
{
	struct arena a;
	struct publisher *p = NULL, *p2 = NULL;
	struct buf b1, b2;
	struct diag d;
	enum err e;

	arena_init(&a, FZ_ARENA);
	buf_init(&b1, FZ_ARENA);
	buf_init(&b2, FZ_ARENA);
	diag_init(&d, "body");
	e = publisher_json_parse(&a, body, n, &p, &d);
	if (e != ERR_OK) {
		fz_refused(e, &d);
		goto out;
	}
	fz_check(p != NULL, "no publisher");
	fz_check(publisher_validate(p, NULL) == ERR_OK,
	    "an accepted publisher is not valid");
	fz_check(publisher_json_write(p, false, &b1) == ERR_OK,
	    "an accepted publisher cannot be written");
	diag_init(&d, "again");
	e = publisher_json_parse(&a, b1.p, b1.len, &p2, &d);
	if (e != ERR_OK)
		fz_die("a publisher's own JSON is refused", &d);
	fz_check(publisher_json_write(p2, false, &b2) == ERR_OK,
	    "a read-back publisher cannot be written");
	fz_check(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0,
	    "a publisher's JSON changes when read back");
	buf_release(&b2);
	buf_init(&b2, FZ_ARENA);
	fz_check(publisher_json_write(p, true, &b2) == ERR_OK,
	    "an accepted publisher cannot be shown");
out:
	buf_release(&b1);
	buf_release(&b2);
	arena_release(&a);
}

/* --- through the dispatcher ----------------------------------------- */

struct fz_req {
	const char *authz;
};

static const char *
fz_header(const void *ctx, const char *name)
{
	const struct fz_req *r = ctx;

	if (strcasecmp(name, "Authorization") == 0)
		return r->authz;
	if (strcasecmp(name, "Content-Type") == 0)
		return "application/json";
	return NULL;
}

static const char *
fz_param(const void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

static void
fz_request(unsigned sel, const char *body, size_t n)
{
	struct fz_req fr = { fz_authz[(sel >> 3) & 3] };
	struct http_request req = { 0 };
	struct http_reply *r;
	struct arena a;
	int64_t before = fz_data_version();

	arena_init(&a, FZ_ARENA);
	req.method = fz_routes[sel & 7].method;
	req.path = fz_routes[sel & 7].path;
	req.header = fz_header;
	req.param = fz_param;
	req.ctx = &fr;
	req.arena = &a;
	req.body = body;
	req.body_len = n;
	r = http_dispatch(app, &req);
	fz_check(r != NULL && r->body != NULL && r->status >= 200 &&
	    r->status <= 599, "a reply without a status or a body");
	if (getenv("FUZZ_JSON_VERBOSE") != NULL)
		fprintf(stderr, "fuzz_json: %s %s as %s: %d %.300s\n",
		    req.method == HTTP_PUT ? "PUT" : "POST", req.path,
		    fz_names[(sel >> 3) & 3], r->status, r->body);
	if (r->status == 500) {
		fprintf(stderr, "fuzz_json: 500 for %s %s: %s\n",
		    req.method == HTTP_PUT ? "PUT" : "POST", req.path,
		    r->body);
		abort();
	}
	http_reply_unref(r);
	arena_release(&a);
	if (fz_data_version() != before) {
		fz_copy(fz_db, fz_pristine);
		sqlite3_wal_checkpoint_v2(fz_db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body;
	unsigned sel = 0;
	bool request = false;

	if (size > FZ_MAX)
		return 0;
	if (size > 0 && data[0] < 0x20) {
		sel = data[0];
		request = true;
		data++;
		size--;
	}
	/* as the server gives it: NUL-terminated, in a block of its own */
	body = malloc(size + 1);
	if (body == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	fz_asset(body, size);
	fz_publisher(body, size);
	if (request)
		fz_request(sel, body, size);
	free(body);
	return 0;
}
