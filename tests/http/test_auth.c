/*
 * test_auth.c - who may ask what, through http_dispatch (no socket): API
 * tokens (valid, revoked, of a disabled account, malformed), session
 * cookies (CSRF token as a header or an admin form's field, Origin and
 * Referer, idle and absolute limits), sign-in and its rate limit (through
 * POST /admin/login, and auth_login() called on a handler context for
 * what the route does not show), and the role matrix of the write API
 * against the rule documented in include/pressroom/user.h. Every
 * private reply must be "Cache-Control: private, no-store" and "Vary:
 * Cookie, Authorization", every refusal unstored; a refused write must
 * leave the asset as it was.
 *
 * The database is fixture.c's plus one account per role, a second
 * contributor who owns the "other's" assets, a disabled editor, their
 * tokens and sessions made directly in the store. Each matrix cell gets
 * assets of its own, so cells do not see each other's writes.
 *
 * Does not test what the admin pages show, nor the server adapter
 * (tests/e2e does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "pressroom/user.h"
#include "http_internal.h"
#include "fixture.h"
#include "pressroom/banned.h"

#define ORIGIN "http://test.invalid"
#define PASSWORD "correct horse battery staple"
#define JSON "application/json"

static char tmpdir[] = "/tmp/pressroom-auth-XXXXXX";
static struct app *app;
static struct store *st;	/* the test's own connection */
static struct arena ta;		/* the test's allocations */
static int serial;		/* makes slugs unique */

/* The actors of the matrix, in its column order. */
enum actor {
	A_CONTRIB,
	A_TRANS,
	A_EDITOR,
	A_ADMIN,
	A_ANON,
	A__MAX
};

static const char *const actor_names[A__MAX] = {
	"contributor", "translator(ru-RU)", "editor", "admin", "anonymous",
};

struct account {
	const char *name;
	enum user_role role;
	const char *locales;	/* "ru-RU", or NULL */
	bool disabled;
	int64_t id;
	char token[AUTH_TOKEN_MAX];	/* an API token */
	int64_t token_id;
	char session[AUTH_TOKEN_MAX];	/* a fresh session's cookie */
	char csrf[48];			/* and its CSRF token */
};

static struct account accounts[] = {
	[A_CONTRIB] = { .name = "carol", .role = ROLE_CONTRIBUTOR },
	[A_TRANS] = { .name = "tanya", .role = ROLE_TRANSLATOR,
	    .locales = "ru-RU" },
	[A_EDITOR] = { .name = "ed", .role = ROLE_EDITOR },
	[A_ADMIN] = { .name = "ada", .role = ROLE_ADMIN },
	[A_ANON] = { .name = NULL },
};
static struct account olga = { .name = "olga", .role = ROLE_CONTRIBUTOR };
static struct account dora = { .name = "dora", .role = ROLE_EDITOR,
	.disabled = true };
static struct account pat = { .name = "pat", .role = ROLE_EDITOR };
static struct account quinn = { .name = "quinn", .role = ROLE_EDITOR };
static char revoked_token[AUTH_TOKEN_MAX];

/* --- requests --- */

/* How a request proves who sent it. */
enum via {
	VIA_NONE,
	VIA_TOKEN,	/* Authorization: Bearer, no Origin */
	VIA_SESSION,	/* cookie + Origin + X-CSRF-Token */
};

struct call {
	enum http_method m;
	const char *path;
	const char *authorization;	/* raw header value */
	const char *cookie;		/* raw header value */
	const char *origin;
	const char *referer;
	const char *csrf;		/* X-CSRF-Token */
	const char *if_match;
	const char *type;		/* Content-Type */
	const char *body;
	size_t body_len;		/* 0: strlen(body) */
	const char *peer;
};

static struct http_reply *
run(const struct call *c)
{
	struct fix_request fr;
	struct http_reply *r;

	fix_request_init(&fr, c->m, c->path);
	if (c->authorization != NULL)
		fix_request_header(&fr, "Authorization", c->authorization);
	if (c->cookie != NULL)
		fix_request_header(&fr, "Cookie", c->cookie);
	if (c->origin != NULL)
		fix_request_header(&fr, "Origin", c->origin);
	if (c->referer != NULL)
		fix_request_header(&fr, "Referer", c->referer);
	if (c->csrf != NULL)
		fix_request_header(&fr, "X-CSRF-Token", c->csrf);
	if (c->if_match != NULL)
		fix_request_header(&fr, "If-Match", c->if_match);
	if (c->body != NULL)
		fix_request_body(&fr, c->type, c->body, c->body_len != 0 ?
		    c->body_len : strlen(c->body));
	else if (c->type != NULL)
		fix_request_header(&fr, "Content-Type", c->type);
	fix_request_peer(&fr, c->peer != NULL ? c->peer : "192.0.2.1");
	r = http_dispatch(app, &fr.req);
	fix_request_release(&fr);
	assert_non_null(r);
	return r;
}

/* Fills the credentials of c for who, by way v; bufs hold the headers. */
static void
credentials(struct call *c, const struct account *who, enum via v,
    char *authz, char *cookie)
{
	if (who == NULL || who->name == NULL || v == VIA_NONE)
		return;
	if (v == VIA_TOKEN) {
		snprintf(authz, 128, "Bearer %s", who->token);
		c->authorization = authz;
		return;
	}
	snprintf(cookie, 160, "lang=ru; " SESSION_COOKIE "=%s; theme=dark",
	    who->session);
	c->cookie = cookie;
	c->origin = ORIGIN;
	c->csrf = who->csrf;
}

/* Runs method path [body] as who; returns the reply. */
static struct http_reply *
as(const struct account *who, enum via v, enum http_method m,
    const char *path, const char *body)
{
	char authz[128], cookie[160];
	struct call c = { .m = m, .path = path };

	credentials(&c, who, v, authz, cookie);
	if (body != NULL) {
		c.type = JSON;
		c.body = body;
	}
	return run(&c);
}

static void
expect_private(const struct http_reply *r, const char *what)
{
	const char *cc = http_reply_header(r, "Cache-Control");
	const char *vary = http_reply_header(r, "Vary");

	if (cc == NULL || strcmp(cc, "private, no-store") != 0 ||
	    vary == NULL || strcmp(vary, "Cookie, Authorization") != 0)
		fail_msg("%s: %d with Cache-Control \"%s\", Vary \"%s\"", what,
		    r->status, cc != NULL ? cc : "(none)",
		    vary != NULL ? vary : "(none)");
	assert_null(r->gz);	/* never compressed (BREACH) */
}

/* An error reply: never stored by anyone. */
static void
expect_unstored(const struct http_reply *r, const char *what)
{
	const char *cc = http_reply_header(r, "Cache-Control");

	if (cc == NULL || strstr(cc, "no-store") == NULL)
		fail_msg("%s: %d with Cache-Control \"%s\"", what, r->status,
		    cc != NULL ? cc : "(none)");
}

static void
expect_401(struct http_reply *r, const char *what)
{
	const char *wa = http_reply_header(r, "WWW-Authenticate");

	if (r->status != 401)
		fail_msg("%s: %d, not 401", what, r->status);
	if (wa == NULL || strcmp(wa, "Bearer realm=\"pressroom\"") != 0)
		fail_msg("%s: WWW-Authenticate \"%s\"", what,
		    wa != NULL ? wa : "(none)");
	assert_non_null(strstr(r->body, "\"error\""));
	expect_unstored(r, what);
}

static int
status_of(struct http_reply *r)
{
	int s = r->status;

	http_reply_unref(r);
	return s;
}

/* --- the database --- */

static void
account_add(struct account *u, const char *hash)
{
	struct user usr = { .name = (char *)u->name, .role = u->role,
		.disabled = u->disabled };
	struct locale l;
	unsigned char key[AUTH_HASH_BYTES];
	struct diag d;

	diag_init(&d, NULL);
	if (u->locales != NULL) {
		assert_int_equal(locale_parse(str_from(u->locales), &l),
		    ERR_OK);
		usr.locales = &l;
		usr.nlocales = 1;
	}
	assert_int_equal(store_user_save(st, &usr, hash, 0, &d), ERR_OK);
	u->id = usr.id;
	assert_true(u->id > 0);
	assert_int_equal(auth_token_new(u->token, key), ERR_OK);
	assert_int_equal(strncmp(u->token, "pr_", 3), 0);
	assert_int_equal(store_token_create(st, key, u->id, "test", 0,
	    &u->token_id), ERR_OK);
}

/* A session of uid created at created, last seen at seen; its cookie
 * value into token, its CSRF token into csrf. */
static void
session_add(int64_t uid, int64_t created, int64_t seen,
    char token[AUTH_TOKEN_MAX], char csrf[48])
{
	unsigned char key[AUTH_HASH_BYTES];

	assert_int_equal(auth_token_new(token, key), ERR_OK);
	snprintf(csrf, 48, "csrf-%d-%lld", ++serial, (long long)uid);
	assert_int_equal(store_session_create(st, key, uid, csrf, created),
	    ERR_OK);
	if (seen != created)
		assert_int_equal(store_session_touch(st, key, seen), ERR_OK);
}

static bool
session_exists(const char *token)
{
	unsigned char key[AUTH_HASH_BYTES];
	struct store_session ss;

	auth_token_hash(token, key);
	return store_session_get(st, key, &ss) == ERR_OK;
}

static const char asset_text[] =
    "{\"kind\": \"statement\", \"published_at\": \"2024-05-01T10:00:00"
    "+02:00\", \"place\": \"Geneva\", \"locales\": [\"en-GB\", "
    "\"ru-RU\"], \"translations\": {"
    "\"en-GB\": {\"title\": \"Matrix\", \"blocks\": [{\"text\": "
    "\"English text.\"}]},"
    "\"ru-RU\": {\"title\": \"\xd0\x9c\xd0\xb0\xd1\x82\xd1\x80\xd0\xb8"
    "\xd1\x86\xd0\xb0\", \"blocks\": [{\"text\": \"\xd0\xa2\xd0\xb5\xd0"
    "\xba\xd1\x81\xd1\x82.\"}]}}}";

/* The same announced in en-GB and ru-RU, translated into en-GB only. */
static const char asset_text_en[] =
    "{\"kind\": \"statement\", \"published_at\": \"2024-05-01T10:00:00"
    "+02:00\", \"place\": \"Geneva\", \"locales\": [\"en-GB\", "
    "\"ru-RU\"], \"translations\": {"
    "\"en-GB\": {\"title\": \"Matrix\", \"blocks\": [{\"text\": "
    "\"English text.\"}]}}}";

static int64_t asset_add_text(const char *text, size_t n, int64_t owner,
    enum asset_status s, int64_t publish_at);

/* A new asset owned by owner in status s (publish_at for PUBLISHED; for
 * WITHDRAWN, when it was withdrawn). */
static int64_t
asset_add(int64_t owner, enum asset_status s, int64_t publish_at)
{
	return asset_add_text(asset_text, sizeof asset_text - 1, owner, s,
	    publish_at);
}

static int64_t
asset_add_text(const char *text, size_t n, int64_t owner,
    enum asset_status s, int64_t publish_at)
{
	struct asset *a;
	struct store_save_result res;
	struct store_save_opts o = { .author = "test", .author_id = owner };
	struct diag d;
	char slug[64];
	int64_t got;

	diag_init(&d, NULL);
	assert_int_equal(asset_json_parse(&ta, text, n, &a, &d), ERR_OK);
	snprintf(slug, sizeof slug, "2024-05-01-matrix-%d", ++serial);
	a->slug = arena_strdup(&ta, slug);
	a->status = s;
	a->publish_at = publish_at;
	if (s == ASSET_WITHDRAWN) {
		a->withdraw_reason = (char *)"old";
		a->withdrawn_at = publish_at;
		a->publish_at = publish_at - 86400;
	}
	assert_int_equal(store_asset_save(st, a, &o, &res, &d), ERR_OK);
	assert_int_equal(store_asset_owner(st, res.id, &got), ERR_OK);
	assert_int_equal(got, owner);
	return res.id;
}

static struct asset *
asset_load(int64_t id)
{
	struct asset *a;

	assert_int_equal(store_asset_get(st, &ta, id, &a), ERR_OK);
	return a;
}

/*
 * The JSON a client would PUT after a GET of asset id: its current state
 * with locale's title set to title (NULL: unchanged). Without publish_at
 * when drop_publish_at. In ta.
 */
static char *
put_body(int64_t id, const char *locale, const char *title,
    bool drop_publish_at)
{
	json_t *j, *t;
	char *text, *copy;

	assert_int_equal(asset_to_json(asset_load(id), ASSET_JSON_META, &j),
	    ERR_OK);
	if (locale != NULL) {
		t = json_object_get(json_object_get(j, "translations"),
		    locale);
		assert_non_null(t);
		assert_int_equal(json_object_set_new(t, "title",
		    json_string(title)), 0);
	}
	if (drop_publish_at)
		json_object_del(j, "publish_at");
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(text);
	copy = arena_strdup(&ta, text);
	free(text);
	return copy;
}

static char *
create_body(const char *status)
{
	json_error_t je;
	json_t *j = json_loads(asset_text, 0, &je);
	char *text, *copy, slug[64];

	assert_non_null(j);
	snprintf(slug, sizeof slug, "2024-05-01-created-%d", ++serial);
	json_object_set_new(j, "slug", json_string(slug));
	json_object_set_new(j, "status", json_string(status));
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(text);
	copy = arena_strdup(&ta, text);
	free(text);
	return copy;
}

static int
group_setup(void **state)
{
	char hash[PASSWORD_HASH_MAX];
	int64_t now = time_now();
	const char *db;
	struct diag d;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	db = fix_db_create(tmpdir);
	arena_init(&ta, 256u << 20);
	diag_init(&d, NULL);
	if (store_open(db, 0, &st, &d) != ERR_OK)
		return -1;
	/* one argon2id hash, shared: hashing is slow on purpose */
	if (user_password_hash(PASSWORD, hash) != ERR_OK)
		return -1;
	for (int i = 0; i < A_ANON; i++)
		account_add(&accounts[i], hash);
	account_add(&olga, hash);
	account_add(&dora, hash);
	account_add(&pat, hash);
	account_add(&quinn, hash);
	for (int i = 0; i < A_ANON; i++)
		session_add(accounts[i].id, now - 60, now - 5,
		    accounts[i].session, accounts[i].csrf);
	session_add(dora.id, now - 60, now - 5, dora.session, dora.csrf);
	/* a token of ed's, revoked */
	{
		unsigned char key[AUTH_HASH_BYTES];
		int64_t tid;

		assert_int_equal(auth_token_new(revoked_token, key), ERR_OK);
		assert_int_equal(store_token_create(st, key,
		    accounts[A_EDITOR].id, "old", now - 100, &tid), ERR_OK);
		assert_int_equal(store_token_revoke(st, tid, now - 50),
		    ERR_OK);
	}
	app = fix_app(db);
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	app_free(app);
	store_close(st);
	arena_release(&ta);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

/* --- tokens --- */

static void
t_token(void **state)
{
	struct http_reply *r;
	json_error_t je;
	json_t *j;

	(void)state;
	r = as(&accounts[A_TRANS], VIA_TOKEN, HTTP_GET, "/api/v1/me", NULL);
	assert_int_equal(r->status, 200);
	expect_private(r, "GET /api/v1/me with a token");
	j = json_loads(r->body, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "name")),
	    "tanya");
	assert_string_equal(json_string_value(json_object_get(j, "role")),
	    "translator");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(j, "locales"), 0)), "ru-RU");
	assert_string_equal(json_string_value(json_object_get(j, "via")),
	    "token");
	assert_null(json_object_get(j, "csrf"));
	json_decref(j);
	http_reply_unref(r);

	/* the scheme's name is case-insensitive, blanks around are not part
	 * of the token */
	{
		char authz[128];
		struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
			.authorization = authz };

		snprintf(authz, sizeof authz, "  bEARER   %s  ",
		    accounts[A_EDITOR].token);
		assert_int_equal(status_of(run(&c)), 200);
	}
}

static void
t_token_refused(void **state)
{
	char unknown[AUTH_TOKEN_MAX], buf[8][160];
	unsigned char key[AUTH_HASH_BYTES];
	const char *bad[16];
	size_t n = 0;
	struct http_reply *r;

	(void)state;
	assert_int_equal(auth_token_new(unknown, key), ERR_OK);
	snprintf(buf[0], sizeof buf[0], "Bearer %s", unknown);
	snprintf(buf[1], sizeof buf[1], "Bearer %s", revoked_token);
	snprintf(buf[2], sizeof buf[2], "Bearer %s", dora.token);
	snprintf(buf[3], sizeof buf[3], "Bearer %sx", accounts[A_EDITOR].token);
	snprintf(buf[4], sizeof buf[4], "Bearer %.20s",
	    accounts[A_EDITOR].token);
	snprintf(buf[5], sizeof buf[5], "Bearer %s%s", accounts[A_EDITOR].token,
	    accounts[A_EDITOR].token);	/* too long */
	snprintf(buf[6], sizeof buf[6], "Basic %s", accounts[A_EDITOR].token);
	snprintf(buf[7], sizeof buf[7], "%s", accounts[A_EDITOR].token);
	for (int i = 0; i < 8; i++)
		bad[n++] = buf[i];
	bad[n++] = "Bearer";
	bad[n++] = "Bearer ";
	bad[n++] = "Bearer\t";
	bad[n++] = "";
	bad[n++] = "Basic dXNlcjpwYXNz";
	bad[n++] = "Bearer a b";
	for (size_t i = 0; i < n; i++) {
		static const char *const paths[] = { "/api/v1/me",
			"/api/v1/assets/13", "/api/v1/assets/1" };

		/* on a private route, and on the public one that would show
		 * more to a user: a bad credential is never anonymous */
		for (size_t k = 0; k < 3; k++) {
			struct call c = { .m = HTTP_GET, .path = paths[k],
				.authorization = bad[i] };
			char what[256];

			snprintf(what, sizeof what, "GET %s with "
			    "Authorization \"%.60s\"", paths[k], bad[i]);
			r = run(&c);
			expect_401(r, what);
			http_reply_unref(r);
		}
	}
	/* a write with a bad token is refused before anything else */
	{
		struct call c = { .m = HTTP_POST, .path = "/api/v1/assets",
			.authorization = buf[1], .type = JSON,
			.body = create_body("draft") };

		r = run(&c);
		expect_401(r, "POST with a revoked token");
		http_reply_unref(r);
	}
	/* no credentials at all on a route that needs them */
	r = as(NULL, VIA_NONE, HTTP_GET, "/api/v1/me", NULL);
	expect_401(r, "GET /api/v1/me anonymous");
	http_reply_unref(r);
	r = as(NULL, VIA_NONE, HTTP_POST, "/api/v1/assets",
	    create_body("draft"));
	expect_401(r, "POST /api/v1/assets anonymous");
	http_reply_unref(r);
	/* the disabled account's session is no better than its token */
	r = as(&dora, VIA_SESSION, HTTP_GET, "/api/v1/me", NULL);
	expect_401(r, "GET /api/v1/me with a disabled account's session");
	http_reply_unref(r);
	assert_false(session_exists(dora.session));
}

/* --- Origin, Referer, CSRF --- */

/* POST .../publish of a new draft with a session of ed's; the status. */
static int
publish_with(const char *cookie, const char *origin, const char *referer,
    const char *csrf, const char *type, const char *body, size_t len,
    int64_t *id)
{
	char path[64];
	struct call c = { .m = HTTP_POST, .path = path, .cookie = cookie,
		.origin = origin, .referer = referer, .csrf = csrf,
		.type = type, .body = body, .body_len = len };
	struct http_reply *r;
	int s;

	*id = asset_add(olga.id, ASSET_DRAFT, 0);
	snprintf(path, sizeof path, "/api/v1/assets/%lld/publish",
	    (long long)*id);
	r = run(&c);
	s = r->status;
	if (s == 200)
		expect_private(r, "publish");
	else
		expect_unstored(r, "publish refused");
	http_reply_unref(r);
	return s;
}

/* POST /admin/assets/{id}/state (a form) on a new draft of olga's. */
static int
admin_publish(const char *cookie, const char *origin, const char *csrf,
    const char *type, const char *body, int64_t *id)
{
	char path[64];
	struct call c = { .m = HTTP_POST, .path = path, .cookie = cookie,
		.origin = origin, .csrf = csrf, .type = type, .body = body };
	struct http_reply *r;
	int s;

	*id = asset_add(olga.id, ASSET_DRAFT, 0);
	snprintf(path, sizeof path, "/admin/assets/%lld/state",
	    (long long)*id);
	r = run(&c);
	s = r->status;
	if (s == 303)
		expect_private(r, "admin publish");
	http_reply_unref(r);
	return s;
}

static void
t_origin_csrf(void **state)
{
	const struct account *ed = &accounts[A_EDITOR];
	char cookie[160], form[128], mp[512], authz[128];
	int64_t id;

	(void)state;
	snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s", ed->session);
	/* the right Origin and CSRF token: done */
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, ed->csrf, NULL,
	    NULL, 0, &id), 200);
	assert_int_equal(asset_load(id)->status, ASSET_PUBLISHED);
	/* no Origin, no Referer */
	assert_int_equal(publish_with(cookie, NULL, NULL, ed->csrf, NULL,
	    NULL, 0, &id), 403);
	assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	/* cross-site Origins */
	{
		static const char *const evil[] = { "https://evil.example",
			"http://test.invalid.evil.example", "null",
			"https://test.invalid", "http://test.invalid:8080",
			"http://test.invalid/", "", "http://test.invali" };

		for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
			if (publish_with(cookie, evil[i], NULL, ed->csrf, NULL,
			    NULL, 0, &id) != 403)
				fail_msg("Origin \"%s\" was let through",
				    evil[i]);
			assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
		}
	}
	/* the Origin decides, the Referer is only for when it is missing */
	assert_int_equal(publish_with(cookie, "https://evil.example",
	    ORIGIN "/admin/", ed->csrf, NULL, NULL, 0, &id), 403);
	assert_int_equal(publish_with(cookie, NULL, ORIGIN "/admin/assets/1",
	    ed->csrf, NULL, NULL, 0, &id), 200);
	assert_int_equal(publish_with(cookie, NULL, ORIGIN, ed->csrf, NULL,
	    NULL, 0, &id), 200);
	assert_int_equal(publish_with(cookie, NULL, ORIGIN ".evil.example/",
	    ed->csrf, NULL, NULL, 0, &id), 403);
	assert_int_equal(publish_with(cookie, NULL, "https://evil.example/?"
	    ORIGIN "/", ed->csrf, NULL, NULL, 0, &id), 403);
	assert_int_equal(publish_with(cookie, NULL, ORIGIN "@evil.example/",
	    ed->csrf, NULL, NULL, 0, &id), 403);
	/* the CSRF token: missing, wrong, cut, longer, another session's */
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, NULL, NULL, NULL,
	    0, &id), 403);
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, "", NULL, NULL, 0,
	    &id), 403);
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, "wrong", NULL,
	    NULL, 0, &id), 403);
	{
		char cut[48], longer[64];

		snprintf(cut, sizeof cut, "%.*s", (int)strlen(ed->csrf) - 1,
		    ed->csrf);
		snprintf(longer, sizeof longer, "%sx", ed->csrf);
		assert_int_equal(publish_with(cookie, ORIGIN, NULL, cut, NULL,
		    NULL, 0, &id), 403);
		assert_int_equal(publish_with(cookie, ORIGIN, NULL, longer,
		    NULL, NULL, 0, &id), 403);
	}
	assert_int_equal(publish_with(cookie, ORIGIN, NULL,
	    accounts[A_ADMIN].csrf, NULL, NULL, 0, &id), 403);
	assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	/*
	 * The JSON API reads no forms: a form-encoded token is not taken
	 * there (a form is what a cross-site page can send).
	 */
	snprintf(form, sizeof form, "x=1&csrf=%s", ed->csrf);
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, NULL,
	    "application/x-www-form-urlencoded", form, 0, &id), 403);
	assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	snprintf(mp, sizeof mp, "--b\r\nContent-Disposition: form-data; "
	    "name=\"csrf\"\r\n\r\n%s\r\n--b--\r\n", ed->csrf);
	assert_int_equal(publish_with(cookie, ORIGIN, NULL, NULL,
	    "multipart/form-data; boundary=b", mp, 0, &id), 403);
	assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	/*
	 * The admin forms: the token as the "csrf" field, urlencoded or
	 * multipart; a wrong one, a file part called csrf, or a header
	 * that disagrees are refused; a form that does not parse is
	 * refused whole.
	 */
	snprintf(form, sizeof form, "op=publish&csrf=%s", ed->csrf);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "application/x-www-form-urlencoded", form, &id), 303);
	assert_int_equal(asset_load(id)->status, ASSET_PUBLISHED);
	snprintf(mp, sizeof mp, "--b\r\nContent-Disposition: form-data; "
	    "name=\"op\"\r\n\r\npublish\r\n--b\r\nContent-Disposition: "
	    "form-data; name=\"csrf\"\r\n\r\n%s\r\n--b--\r\n", ed->csrf);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "multipart/form-data; boundary=b", mp, &id), 303);
	assert_int_equal(asset_load(id)->status, ASSET_PUBLISHED);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "application/x-www-form-urlencoded", "op=publish&csrf=wrong",
	    &id), 403);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "application/x-www-form-urlencoded", "op=publish", &id), 403);
	assert_int_equal(admin_publish(cookie, NULL, NULL,
	    "application/x-www-form-urlencoded", form, &id), 403);
	assert_int_equal(admin_publish(cookie, "https://evil.example", NULL,
	    "application/x-www-form-urlencoded", form, &id), 403);
	assert_int_equal(admin_publish(cookie, ORIGIN, "wrong",
	    "application/x-www-form-urlencoded", form, &id), 403);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "application/x-www-form-urlencoded", "op=publish&csrf=%zz", &id),
	    400);
	snprintf(mp, sizeof mp, "--b\r\nContent-Disposition: form-data; "
	    "name=\"op\"\r\n\r\npublish\r\n--b\r\nContent-Disposition: "
	    "form-data; name=\"csrf\"; filename=\"t\"\r\n\r\n%s\r\n--b--"
	    "\r\n", ed->csrf);
	assert_int_equal(admin_publish(cookie, ORIGIN, NULL,
	    "multipart/form-data; boundary=b", mp, &id), 403);
	assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	/* API tokens need no CSRF token and no Origin, but a foreign Origin
	 * still refuses */
	snprintf(authz, sizeof authz, "Bearer %s", ed->token);
	{
		char path[64];
		struct call c = { .m = HTTP_POST, .path = path,
			.authorization = authz };

		id = asset_add(olga.id, ASSET_DRAFT, 0);
		snprintf(path, sizeof path, "/api/v1/assets/%lld/publish",
		    (long long)id);
		c.origin = "https://evil.example";
		assert_int_equal(status_of(run(&c)), 403);
		c.origin = NULL;
		c.referer = "https://evil.example/";
		assert_int_equal(status_of(run(&c)), 403);
		c.referer = NULL;
		assert_int_equal(status_of(run(&c)), 200);
	}
	/* a GET needs neither; the session's token is in /api/v1/me */
	{
		struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
			.cookie = cookie };
		struct http_reply *r = run(&c);
		json_error_t je;
		json_t *j;

		assert_int_equal(r->status, 200);
		expect_private(r, "GET /api/v1/me with a session");
		j = json_loads(r->body, 0, &je);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j,
		    "csrf")), ed->csrf);
		assert_string_equal(json_string_value(json_object_get(j,
		    "via")), "session");
		json_decref(j);
		http_reply_unref(r);
	}
}

/* --- sessions' limits --- */

static int
me_with(const char *token)
{
	char cookie[160];
	struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
		.cookie = cookie };
	struct http_reply *r;

	snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s", token);
	r = run(&c);
	if (r->status == 401)
		expect_401(r, "GET /api/v1/me with an ended session");
	return status_of(r);
}

static void
t_session_limits(void **state)
{
	int64_t now = time_now(), uid = accounts[A_EDITOR].id;
	char tok[AUTH_TOKEN_MAX], csrf[48];
	unsigned char key[AUTH_HASH_BYTES];
	struct store_session ss;

	(void)state;
	/* idle: 30 minutes unused ends it (and it is deleted) */
	session_add(uid, now - 3600, now - LIMIT_SESSION_IDLE_S - 5, tok, csrf);
	assert_int_equal(me_with(tok), 401);
	assert_false(session_exists(tok));
	/* just inside the idle limit: alive, and its clock is reset */
	session_add(uid, now - 3600, now - LIMIT_SESSION_IDLE_S + 60, tok,
	    csrf);
	assert_int_equal(me_with(tok), 200);
	auth_token_hash(tok, key);
	assert_int_equal(store_session_get(st, key, &ss), ERR_OK);
	assert_true(ss.last_seen >= now);
	/* a session used a few seconds ago is not written again */
	session_add(uid, now - 3600, now - 10, tok, csrf);
	assert_int_equal(me_with(tok), 200);
	auth_token_hash(tok, key);
	assert_int_equal(store_session_get(st, key, &ss), ERR_OK);
	assert_int_equal(ss.last_seen, now - 10);
	/* absolute: 12 hours in all, however busy */
	session_add(uid, now - LIMIT_SESSION_MAX_S - 5, now - 10, tok, csrf);
	assert_int_equal(me_with(tok), 401);
	assert_false(session_exists(tok));
	session_add(uid, now - LIMIT_SESSION_MAX_S + 60, now - 10, tok, csrf);
	assert_int_equal(me_with(tok), 200);
	/* made in the future (a clock went back): not trusted */
	session_add(uid, now + 3600, now + 3600, tok, csrf);
	assert_int_equal(me_with(tok), 401);
	assert_false(session_exists(tok));
	/* an expired session cannot write either */
	session_add(uid, now - 3600, now - LIMIT_SESSION_IDLE_S - 5, tok, csrf);
	{
		char cookie[160], path[64];
		struct call c = { .m = HTTP_POST, .path = path,
			.cookie = cookie, .origin = ORIGIN, .csrf = csrf };
		int64_t id = asset_add(olga.id, ASSET_DRAFT, 0);

		snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s", tok);
		snprintf(path, sizeof path, "/api/v1/assets/%lld/publish",
		    (long long)id);
		assert_int_equal(status_of(run(&c)), 401);
		assert_int_equal(asset_load(id)->status, ASSET_DRAFT);
	}
	/* unknown, malformed or misplaced cookies are anonymous */
	assert_int_equal(me_with("pr_nosuchsession"), 401);
	assert_int_equal(me_with(""), 401);
	{
		static const struct {
			const char *before, *after;
		} cookies[] = {
			{ "__host-pressroom=", "" },	/* exact name */
			{ "__Host-pressroom=", " x" },	/* bad octet */
			{ "x__Host-pressroom=", "" },
			{ "__Host-pressroom=\"", "" },
		};
		char cookie[200];

		session_add(uid, now - 60, now - 5, tok, csrf);
		for (size_t i = 0; i < 4; i++) {
			struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
				.cookie = cookie };

			snprintf(cookie, sizeof cookie, "%s%s%s",
			    cookies[i].before, tok, cookies[i].after);
			assert_int_equal(status_of(run(&c)), 401);
		}
		/* quoted, among others: fine */
		{
			struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
				.cookie = cookie };

			snprintf(cookie, sizeof cookie, "a=1; "
			    SESSION_COOKIE "=\"%s\"; b=2", tok);
			assert_int_equal(status_of(run(&c)), 200);
		}
	}
}

/* --- sign-in and its rate limit --- */

static enum err
login(const char *name, const char *password, const char *peer,
    const char **cookie, char *csrf_out)
{
	struct fix_request fr;
	struct hctx h;
	enum err e;

	fix_request_init(&fr, HTTP_POST, "/admin/login");
	fix_request_peer(&fr, peer);
	memset(&h, 0, sizeof h);
	h.app = app;
	h.req = &fr.req;
	h.a = &fr.arena;
	h.now = time_now();
	assert_int_equal(app_store_get(app, &h.store), ERR_OK);
	*cookie = NULL;
	e = auth_login(&h, name, password, cookie);
	if (e == ERR_OK) {
		assert_non_null(*cookie);
		assert_true(h.auth.via == AUTH_SESSION);
		assert_string_equal(h.auth.user->name, name);
		assert_true(strlen(h.auth.csrf) >= 32);
		if (csrf_out != NULL)
			snprintf(csrf_out, 48, "%s", h.auth.csrf);
		/* the cookie outlives the request's arena */
		*cookie = arena_strdup(&ta, *cookie);
	} else {
		assert_non_null(h.why);
		assert_true(h.auth.user == NULL);
	}
	app_store_put(app, h.store);
	fix_request_release(&fr);
	return e;
}

static size_t
failures(const char *key, int64_t since)
{
	size_t n = 99;

	assert_int_equal(store_login_failures(st, key, since, &n), ERR_OK);
	return n;
}

static void
t_login(void **state)
{
	const char *cookie;
	char csrf[48], token[AUTH_TOKEN_MAX], header[200];
	int64_t now = time_now();
	const char *sep;

	(void)state;
	/* a good sign-in: a session and its cookie */
	assert_int_equal(login("pat", PASSWORD, "192.0.2.10", &cookie, csrf),
	    ERR_OK);
	assert_int_equal(strncmp(cookie, SESSION_COOKIE "=pr_",
	    strlen(SESSION_COOKIE) + 4), 0);
	assert_non_null(strstr(cookie, "; Path=/"));
	assert_non_null(strstr(cookie, "; Secure"));
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Strict"));
	assert_null(strstr(cookie, "Domain"));
	sep = strchr(cookie, ';');
	snprintf(token, sizeof token, "%.*s",
	    (int)(sep - cookie - strlen(SESSION_COOKIE) - 1),
	    cookie + strlen(SESSION_COOKIE) + 1);
	assert_true(session_exists(token));
	{
		struct call c = { .m = HTTP_GET, .path = "/api/v1/me",
			.cookie = header };
		struct http_reply *r;

		snprintf(header, sizeof header, "%.*s", (int)(sep - cookie),
		    cookie);
		r = run(&c);
		assert_int_equal(r->status, 200);
		assert_non_null(strstr(r->body, csrf));
		http_reply_unref(r);
	}
	/* failures: wrong password, unknown name, disabled account; each is
	 * recorded for the name and for the address */
	assert_int_equal(failures("user:pat", now - 3600), 0);
	assert_int_equal(login("pat", "wrong password!!", "192.0.2.10",
	    &cookie, NULL), ERR_AUTH);
	assert_int_equal(failures("user:pat", now - 3600), 1);
	assert_int_equal(failures("addr:192.0.2.10", now - 3600), 1);
	assert_int_equal(login("nobody", PASSWORD, "192.0.2.10", &cookie,
	    NULL), ERR_AUTH);
	assert_int_equal(failures("user:nobody", now - 3600), 1);
	assert_int_equal(login("dora", PASSWORD, "192.0.2.10", &cookie,
	    NULL), ERR_AUTH);
	assert_int_equal(failures("addr:192.0.2.10", now - 3600), 3);
	assert_int_equal(login("pat", "", "192.0.2.10", &cookie, NULL),
	    ERR_AUTH);
	/* no peer known: one shared key */
	assert_int_equal(login("pat", "wrong password!!", NULL, &cookie,
	    NULL), ERR_AUTH);
	assert_int_equal(failures("addr:unknown", now - 3600), 1);

	/* per account: 9 recent failures still let the right password in,
	 * the 10th closes it for everyone, from any address */
	for (int i = 0; i < LIMIT_LOGIN_FAILURES - 1; i++)
		assert_int_equal(store_login_failure(st, "user:quinn",
		    now - 30), ERR_OK);
	assert_int_equal(login("quinn", PASSWORD, "192.0.2.20", &cookie,
	    NULL), ERR_OK);
	assert_int_equal(store_login_failure(st, "user:quinn", now - 30),
	    ERR_OK);
	assert_int_equal(failures("user:quinn", now - LIMIT_LOGIN_WINDOW_S),
	    LIMIT_LOGIN_FAILURES);
	assert_int_equal(login("quinn", PASSWORD, "192.0.2.21", &cookie,
	    NULL), ERR_RATE);
	assert_int_equal(login("quinn", "wrong password!!", "192.0.2.22",
	    &cookie, NULL), ERR_RATE);
	/* refused before the password is looked at: nothing recorded */
	assert_int_equal(failures("user:quinn", now - 3600),
	    LIMIT_LOGIN_FAILURES);
	assert_int_equal(failures("addr:192.0.2.22", now - 3600), 0);
	/* another account from the same address is not affected */
	assert_int_equal(login("pat", PASSWORD, "192.0.2.21", &cookie, NULL),
	    ERR_OK);
	assert_int_equal(http_status_of(ERR_RATE), 429);

	/* failures older than the window do not count */
	for (int i = 0; i < 3 * LIMIT_LOGIN_FAILURES; i++)
		assert_int_equal(store_login_failure(st, "user:ada",
		    now - LIMIT_LOGIN_WINDOW_S - 5), ERR_OK);
	assert_int_equal(login("ada", PASSWORD, "192.0.2.30", &cookie, NULL),
	    ERR_OK);

	/* per address: 10 failures from one address close it to every
	 * account, and only it */
	for (int i = 0; i < LIMIT_LOGIN_FAILURES; i++)
		assert_int_equal(store_login_failure(st, "addr:198.51.100.7",
		    now - 10), ERR_OK);
	assert_int_equal(login("pat", PASSWORD, "198.51.100.7", &cookie,
	    NULL), ERR_RATE);
	assert_int_equal(login("carol", PASSWORD, "198.51.100.7", &cookie,
	    NULL), ERR_RATE);
	assert_int_equal(login("pat", PASSWORD, "198.51.100.8", &cookie,
	    NULL), ERR_OK);
	/* a session ends on sign-out */
	{
		struct fix_request fr;
		struct hctx h;
		const char *out;
		char cookie2[160];

		snprintf(cookie2, sizeof cookie2, SESSION_COOKIE "=%s", token);
		fix_request_init(&fr, HTTP_POST, "/admin/logout");
		fix_request_header(&fr, "Cookie", cookie2);
		memset(&h, 0, sizeof h);
		h.app = app;
		h.req = &fr.req;
		h.a = &fr.arena;
		h.now = time_now();
		assert_int_equal(app_store_get(app, &h.store), ERR_OK);
		assert_int_equal(auth_identify(&h), ERR_OK);
		assert_true(h.auth.via == AUTH_SESSION);
		assert_int_equal(auth_logout(&h, &out), ERR_OK);
		assert_non_null(strstr(out, "Max-Age=0"));
		app_store_put(app, h.store);
		fix_request_release(&fr);
		assert_false(session_exists(token));
	}
}

/* Whether r sets the session cookie (to a session, not to clear it). */
static bool
sets_session(const struct http_reply *r)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, "Set-Cookie") == 0 &&
		    strncmp(r->headers[i].value, SESSION_COOKIE "=pr_",
		    strlen(SESSION_COOKIE) + 4) == 0)
			return true;
	return false;
}

/* The sign-in form's pre-session token, as its cookie and its field. */
#define LOGIN_TOKEN "pr_test-login-token"

/* POST /admin/login as a browser would (with the form's token when
 * with_token); the reply. */
static struct http_reply *
login_post(const char *name, const char *password, const char *origin,
    const char *peer, bool with_token)
{
	char body[256];
	struct call c = { .m = HTTP_POST, .path = "/admin/login",
		.origin = origin, .peer = peer, .body = body,
		.type = "application/x-www-form-urlencoded" };

	snprintf(body, sizeof body, "name=%s&password=%s&next=%%2Fadmin%%2F"
	    "&csrf=" LOGIN_TOKEN, name, password);
	if (with_token)
		c.cookie = "__Host-pressroom-login=" LOGIN_TOKEN;
	return run(&c);
}

/* Sign-in through its route: the cookie, the Origin check and the
 * form's own token, the page again on failure, 429 past the limit. */
static void
t_login_route(void **state)
{
	static const char pw[] = "correct+horse+battery+staple";
	int64_t now = time_now();
	struct http_reply *r;
	const char *sc;
	size_t n;

	(void)state;
	r = login_post("pat", pw, ORIGIN, "203.0.113.1", true);
	assert_int_equal(r->status, 303);
	expect_private(r, "POST /admin/login");
	assert_true(sets_session(r));
	sc = http_reply_header(r, "Set-Cookie");	/* the first */
	assert_non_null(sc);
	assert_int_equal(strncmp(sc, SESSION_COOKIE "=pr_",
	    strlen(SESSION_COOKIE) + 4), 0);
	assert_non_null(strstr(sc, "; Secure"));
	assert_non_null(strstr(sc, "; HttpOnly"));
	assert_non_null(strstr(sc, "; SameSite=Strict"));
	assert_string_equal(http_reply_header(r, "Location"), "/admin/");
	http_reply_unref(r);
	/* without the form's pre-session token (its cookie) */
	r = login_post("pat", pw, ORIGIN, "203.0.113.1", false);
	assert_int_equal(r->status, 403);
	assert_false(sets_session(r));
	http_reply_unref(r);
	/* the sign-in form is a state change: Origin (or Referer) checked,
	 * no CSRF token (there is no session yet) */
	r = login_post("pat", pw, NULL, "203.0.113.1", true);
	assert_int_equal(r->status, 403);
	assert_false(sets_session(r));
	http_reply_unref(r);
	r = login_post("pat", pw, "https://evil.example", "203.0.113.1", true);
	assert_int_equal(r->status, 403);
	assert_false(sets_session(r));
	http_reply_unref(r);
	/* a wrong password: the form again, no cookie, one more failure */
	n = failures("user:pat", now - 3600);
	r = login_post("pat", "wrong+password+really", ORIGIN, "203.0.113.2",
	    true);
	assert_int_equal(r->status, 200);
	assert_false(sets_session(r));
	expect_private(r, "a refused sign-in");
	http_reply_unref(r);
	assert_int_equal(failures("user:pat", now - 3600), n + 1);
	assert_int_equal(failures("addr:203.0.113.2", now - 3600), 1);
	/* 10 failures of one account within the window: 429, even with the
	 * right password, from anywhere */
	for (int i = 0; i < LIMIT_LOGIN_FAILURES; i++)
		assert_int_equal(store_login_failure(st, "user:carol",
		    now - 20), ERR_OK);
	r = login_post("carol", pw, ORIGIN, "203.0.113.3", true);
	assert_int_equal(r->status, 429);
	assert_string_equal(http_reply_header(r, "Retry-After"), "60");
	assert_false(sets_session(r));
	expect_private(r, "a rate-limited sign-in");
	http_reply_unref(r);
	/* and of one address, for every account from it */
	for (int i = 0; i < LIMIT_LOGIN_FAILURES; i++)
		assert_int_equal(store_login_failure(st, "addr:203.0.113.9",
		    now - 20), ERR_OK);
	r = login_post("pat", pw, ORIGIN, "203.0.113.9", true);
	assert_int_equal(r->status, 429);
	assert_false(sets_session(r));
	http_reply_unref(r);
	r = login_post("pat", pw, ORIGIN, "203.0.113.10", true);
	assert_int_equal(r->status, 303);
	http_reply_unref(r);
}

/* --- the role matrix --- */

enum action {
	X_CREATE_DRAFT,
	X_CREATE_PUBLISHED,
	X_PUT_OWN_DRAFT,	/* en-GB title of the actor's own draft */
	X_PUT_OTHERS_DRAFT,	/* en-GB title of olga's draft */
	X_PUT_RU,		/* only ru-RU text, olga's published asset */
	X_PUT_EN,		/* en-GB text, olga's published asset */
	X_PUBLISH,		/* the actor's own draft */
	X_PUBLISH_SCHEDULED,	/* olga's asset scheduled for 2100 */
	X_PUBLISH_PUBLISHED,	/* olga's asset, public since yesterday */
	X_SCHEDULE,		/* the actor's own draft, for 2100 */
	X_WITHDRAW,		/* olga's published asset */
	X_UNPUBLISH,		/* olga's published asset */
	X_GET_DRAFT,		/* olga's draft */
	X_GET_REVISIONS,	/* of olga's draft */
	X__MAX
};

/*
 * The expected status per actor, from user.h's rule: a contributor
 * creates drafts and edits its own drafts (translations included) and
 * changes no state; a translator edits translations in its locales and
 * nothing else; an editor does all of that on any asset and changes
 * states; an admin everything; every account reads drafts. Anonymous
 * requests to the write API are 401; an anonymous GET of a draft is 404.
 * Columns: contributor, translator(ru-RU), editor, admin, anonymous.
 */
static const struct {
	const char *name;
	int want[A__MAX];
} matrix[X__MAX] = {
	[X_CREATE_DRAFT] =	{ "create draft",
				  { 201, 403, 201, 201, 401 } },
	[X_CREATE_PUBLISHED] =	{ "create published",
				  { 403, 403, 201, 201, 401 } },
	[X_PUT_OWN_DRAFT] =	{ "PUT own draft (en-GB)",
				  { 200, 403, 200, 200, 401 } },
	[X_PUT_OTHERS_DRAFT] =	{ "PUT other's draft (en-GB)",
				  { 403, 403, 200, 200, 401 } },
	[X_PUT_RU] =		{ "PUT only ru-RU text",
				  { 403, 200, 200, 200, 401 } },
	[X_PUT_EN] =		{ "PUT en-GB text",
				  { 403, 403, 200, 200, 401 } },
	[X_PUBLISH] =		{ "publish",
				  { 403, 403, 200, 200, 401 } },
	[X_PUBLISH_SCHEDULED] =	{ "publish a scheduled asset",
				  { 403, 403, 200, 200, 401 } },
	[X_PUBLISH_PUBLISHED] =	{ "publish a published asset",
				  { 403, 403, 200, 200, 401 } },
	[X_SCHEDULE] =		{ "schedule",
				  { 403, 403, 200, 200, 401 } },
	[X_WITHDRAW] =		{ "withdraw",
				  { 403, 403, 200, 200, 401 } },
	[X_UNPUBLISH] =		{ "unpublish",
				  { 403, 403, 200, 200, 401 } },
	[X_GET_DRAFT] =		{ "GET draft",
				  { 200, 200, 200, 200, 404 } },
	[X_GET_REVISIONS] =	{ "GET revisions",
				  { 200, 200, 200, 200, 401 } },
};

/*
 * Cells where the code disagreed with the documented rule, with the
 * status it gave instead, so that the test holds the code to it and a
 * fix shows up here (then delete the line). None today. Until the fix
 * in same_state() (src/core/user.c), "publish a scheduled asset" and
 * "publish a published asset" gave 200 to contributors and translators:
 * the new publish_at 0 passed for "unchanged" while the store took it
 * for "now". The table ends with a sentinel.
 */
static const struct {
	enum action x;
	enum actor who;
	int got;
} known_bugs[] = {
	{ X__MAX, A__MAX, 0 },
};

static int
known_bug(enum action x, enum actor who)
{
	for (size_t i = 0; known_bugs[i].x != X__MAX; i++)
		if (known_bugs[i].x == x && known_bugs[i].who == who)
			return known_bugs[i].got;
	return 0;
}

/* What a cell changed: did the write happen? */
struct cell_state {
	int64_t id;		/* the asset acted on, 0 for creates */
	int64_t revision;	/* its revision before */
	enum asset_status status;
	int64_t publish_at;
};

static int
cell(enum action x, enum actor who, enum via v)
{
	const struct account *u = who == A_ANON ? NULL : &accounts[who];
	int64_t own = u != NULL ? u->id : olga.id;
	char path[96];
	const char *body = NULL;
	enum http_method m = HTTP_POST;
	struct cell_state before = { 0 };
	struct http_reply *r;
	struct asset *after;
	char what[160];
	int s;

	switch (x) {
	case X_CREATE_DRAFT:
	case X_CREATE_PUBLISHED:
		snprintf(path, sizeof path, "/api/v1/assets");
		body = create_body(x == X_CREATE_DRAFT ? "draft" :
		    "published");
		break;
	case X_PUT_OWN_DRAFT:
	case X_PUT_OTHERS_DRAFT:
		before.id = asset_add(x == X_PUT_OWN_DRAFT ? own : olga.id,
		    ASSET_DRAFT, 0);
		body = put_body(before.id, "en-GB", "Changed", false);
		m = HTTP_PUT;
		break;
	case X_PUT_RU:
	case X_PUT_EN:
		before.id = asset_add(olga.id, ASSET_PUBLISHED,
		    time_now() - 86400);
		body = x == X_PUT_RU ? put_body(before.id, "ru-RU",
		    "\xd0\x98\xd0\xb7\xd0\xbc\xd0\xb5\xd0\xbd\xd0\xb5\xd0\xbd"
		    "\xd0\xbe", false) : put_body(before.id, "en-GB",
		    "Changed", false);
		m = HTTP_PUT;
		break;
	case X_PUBLISH:
	case X_SCHEDULE:
		before.id = asset_add(own, ASSET_DRAFT, 0);
		if (x == X_SCHEDULE)
			body = "{\"publish_at\": \"2100-01-01T00:00:00Z\"}";
		break;
	case X_PUBLISH_SCHEDULED:
		before.id = asset_add(olga.id, ASSET_PUBLISHED, 4102444800);
		break;
	case X_PUBLISH_PUBLISHED:
		before.id = asset_add(olga.id, ASSET_PUBLISHED,
		    time_now() - 86400);
		break;
	case X_WITHDRAW:
	case X_UNPUBLISH:
		before.id = asset_add(olga.id, ASSET_PUBLISHED,
		    time_now() - 86400);
		if (x == X_WITHDRAW)
			body = "{\"reason\": \"Superseded.\"}";
		break;
	case X_GET_DRAFT:
	case X_GET_REVISIONS:
		before.id = asset_add(olga.id, ASSET_DRAFT, 0);
		m = HTTP_GET;
		break;
	default:
		fail();
	}
	if (before.id != 0) {
		static const char *const ops[X__MAX] = {
			[X_PUBLISH] = "publish", [X_SCHEDULE] = "schedule",
			[X_PUBLISH_SCHEDULED] = "publish",
			[X_PUBLISH_PUBLISHED] = "publish",
			[X_WITHDRAW] = "withdraw", [X_UNPUBLISH] = "unpublish",
			[X_GET_REVISIONS] = "revisions",
		};
		struct asset *a = asset_load(before.id);

		before.revision = a->revision;
		before.status = a->status;
		before.publish_at = a->publish_at;
		if (ops[x] != NULL)
			snprintf(path, sizeof path, "/api/v1/assets/%lld/%s",
			    (long long)before.id, ops[x]);
		else
			snprintf(path, sizeof path, "/api/v1/assets/%lld",
			    (long long)before.id);
	}
	r = as(u, v, m, path, body);
	s = r->status;
	snprintf(what, sizeof what, "%s as %s (%s)", matrix[x].name,
	    actor_names[who], v == VIA_TOKEN ? "token" : "session");
	/* who asked matters to every reply here but the anonymous GET */
	if (s >= 200 && s < 300)
		expect_private(r, what);
	else if (!(x == X_GET_DRAFT && who == A_ANON))
		expect_unstored(r, what);
	if (s == 401)
		expect_401(r, what);
	/* a refusal writes nothing; a success wrote what was asked */
	if (before.id != 0) {
		after = asset_load(before.id);
		if (s >= 300 || m == HTTP_GET) {
			assert_int_equal(after->revision, before.revision);
			assert_int_equal(after->status, before.status);
			assert_int_equal(after->publish_at, before.publish_at);
		} else {
			assert_true(after->revision > before.revision);
		}
	}
	http_reply_unref(r);
	return s;
}

static void
matrix_run(enum via v)
{
	int bad = 0;

	for (int x = 0; x < X__MAX; x++)
		for (int who = 0; who < A__MAX; who++) {
			int want = matrix[x].want[who];
			int bug = known_bug((enum action)x, (enum actor)who);
			int got = cell((enum action)x, (enum actor)who, v);

			if (bug != 0 && got == bug) {
				print_message("known bug: %s as %s: %d, the "
				    "rule says %d\n", matrix[x].name,
				    actor_names[who], got, want);
				continue;
			}
			if (got != want) {
				print_error("%s as %s (%s): %d, expected %d%s"
				    "\n", matrix[x].name, actor_names[who],
				    v == VIA_TOKEN ? "token" : "session", got,
				    want, bug != 0 ? " (a known bug changed: "
				    "update known_bugs)" : "");
				bad++;
			}
		}
	if (bad > 0)
		fail_msg("%d cells of the role matrix differ", bad);
}

static void
t_matrix_tokens(void **state)
{
	(void)state;
	matrix_run(VIA_TOKEN);
}

static void
t_matrix_sessions(void **state)
{
	(void)state;
	matrix_run(VIA_SESSION);
}

/* --- what writes leave behind --- */

static void
t_writes(void **state)
{
	const struct account *ed = &accounts[A_EDITOR];
	const struct account *tanya = &accounts[A_TRANS];
	struct http_reply *r;
	struct asset *a;
	char path[64], im[32];
	int64_t id, rev;
	char *body;

	(void)state;
	/* a stale "revision" is 409, and nothing is written */
	id = asset_add(olga.id, ASSET_DRAFT, 0);
	snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)id);
	body = put_body(id, "en-GB", "First", false);
	r = as(ed, VIA_TOKEN, HTTP_PUT, path, body);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	rev = asset_load(id)->revision;
	r = as(ed, VIA_TOKEN, HTTP_PUT, path, body);	/* old revision */
	assert_int_equal(r->status, 409);
	expect_unstored(r, "stale PUT");
	assert_non_null(strstr(r->body, "revision"));
	http_reply_unref(r);
	a = asset_load(id);
	assert_int_equal(a->revision, rev);
	assert_string_equal(a->translations[0].title, "First");
	/* If-Match "rN" works as well, when the body has no revision */
	{
		char authz[128];
		json_error_t je;
		json_t *j = json_loads(put_body(id, "en-GB", "Second", false),
		    0, &je);
		char *text;
		struct call c = { .m = HTTP_PUT, .path = path, .type = JSON,
			.authorization = authz, .if_match = im };

		assert_non_null(j);
		json_object_del(j, "revision");
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		c.body = text;
		snprintf(authz, sizeof authz, "Bearer %s", ed->token);
		snprintf(im, sizeof im, "\"r%lld\"", (long long)rev - 1);
		assert_int_equal(status_of(run(&c)), 409);
		snprintf(im, sizeof im, "\"r%lld\"", (long long)rev);
		assert_int_equal(status_of(run(&c)), 200);
		/* the same again: that revision is stale now */
		assert_int_equal(status_of(run(&c)), 409);
		free(text);
	}
	assert_string_equal(asset_load(id)->translations[0].title, "Second");

	/* a draft: 404 to the public, 200 to an editor, never cached across */
	snprintf(path, sizeof path, "/api/v1/assets/13");
	r = as(NULL, VIA_NONE, HTTP_GET, path, NULL);
	assert_int_equal(r->status, 404);
	http_reply_unref(r);
	r = as(ed, VIA_TOKEN, HTTP_GET, path, NULL);
	assert_int_equal(r->status, 200);
	expect_private(r, "GET a draft as an editor");
	assert_non_null(strstr(r->body, "\"draft\""));
	assert_non_null(http_reply_header(r, "X-Revision-ETag"));
	http_reply_unref(r);
	r = as(ed, VIA_SESSION, HTTP_GET, path, NULL);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	r = as(NULL, VIA_NONE, HTTP_GET, path, NULL);
	assert_int_equal(r->status, 404);
	http_reply_unref(r);
	/* and a public asset: the cached public reply, then a private one */
	r = as(NULL, VIA_NONE, HTTP_GET, "/api/v1/assets/1", NULL);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "\"head_outdated\""));
	assert_string_equal(http_reply_header(r, "Cache-Control"),
	    "public, no-cache");
	http_reply_unref(r);
	r = as(ed, VIA_TOKEN, HTTP_GET, "/api/v1/assets/1", NULL);
	assert_int_equal(r->status, 200);
	expect_private(r, "GET a public asset as an editor");
	assert_non_null(strstr(r->body, "\"head_outdated\""));
	http_reply_unref(r);
	r = as(NULL, VIA_NONE, HTTP_GET, "/api/v1/assets/1", NULL);
	assert_string_equal(http_reply_header(r, "Cache-Control"),
	    "public, no-cache");
	http_reply_unref(r);

	/* GET revisions: newest first, with authors */
	snprintf(path, sizeof path, "/api/v1/assets/%lld/revisions",
	    (long long)id);
	r = as(tanya, VIA_TOKEN, HTTP_GET, path, NULL);
	assert_int_equal(r->status, 200);
	expect_private(r, "GET revisions");
	assert_non_null(strstr(r->body, "\"author\": \"ed\""));
	http_reply_unref(r);

	/* created by the API: owned by its author, who may edit it */
	{
		const struct account *carol = &accounts[A_CONTRIB];
		const char *loc;
		int64_t owner;

		r = as(carol, VIA_TOKEN, HTTP_POST, "/api/v1/assets",
		    create_body("draft"));
		assert_int_equal(r->status, 201);
		loc = http_reply_header(r, "Location");
		assert_non_null(loc);
		assert_int_equal(strncmp(loc, "/api/v1/assets/", 15), 0);
		id = strtoll(loc + 15, NULL, 10);
		http_reply_unref(r);
		assert_int_equal(store_asset_owner(st, id, &owner), ERR_OK);
		assert_int_equal(owner, carol->id);
		snprintf(path, sizeof path, "/api/v1/assets/%lld",
		    (long long)id);
		r = as(carol, VIA_SESSION, HTTP_PUT, path,
		    put_body(id, "ru-RU", "x", false));
		assert_int_equal(r->status, 200);
		http_reply_unref(r);
	}
}

/*
 * A translator's text edit must not change when a scheduled asset goes
 * public, nor the date a withdrawn one shows. The body a client sends may
 * lack "publish_at" or "withdrawn_at" (both are optional in the JSON);
 * the rule says only editors change states: 403, or 200 with the dates
 * kept.
 *
 * This was a bug (the store took a missing date for "now" and
 * authz_asset_change() did not see it as a change: the asset went
 * public at once, the withdrawal was re-dated); h_api_replace now keeps
 * the dates. Set this to true to hold the code to the old behaviour.
 */
static const bool bug_missing_dates = false;

static void
t_translator_keeps_state(void **state)
{
	const struct account *tanya = &accounts[A_TRANS];
	int64_t then = time_now() - 7 * 86400;
	int64_t id = asset_add(olga.id, ASSET_PUBLISHED, 4102444800);
	char path[64];
	struct http_reply *r;
	struct asset *a;
	char *body;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)id);
	r = as(tanya, VIA_TOKEN, HTTP_PUT, path, put_body(id, "ru-RU",
	    "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd0\xb5", true));
	a = asset_load(id);
	if (bug_missing_dates) {
		print_message("known bug: a translator's PUT without "
		    "publish_at moved publish_at from 2100 to %lld\n",
		    (long long)a->publish_at);
		assert_int_equal(r->status, 200);
		assert_true(a->publish_at <= time_now());
	} else if (r->status == 200) {
		assert_int_equal(a->publish_at, 4102444800);
	} else {
		assert_int_equal(r->status, 403);
	}
	http_reply_unref(r);

	id = asset_add(olga.id, ASSET_WITHDRAWN, then);
	assert_int_equal(asset_load(id)->withdrawn_at, then);
	{
		json_error_t je;
		json_t *j = json_loads(put_body(id, "ru-RU", "\xd0\x9d", false),
		    0, &je);
		char *text;

		assert_non_null(j);
		assert_int_equal(json_object_del(j, "withdrawn_at"), 0);
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		body = arena_strdup(&ta, text);
		free(text);
	}
	snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)id);
	r = as(tanya, VIA_TOKEN, HTTP_PUT, path, body);
	a = asset_load(id);
	if (bug_missing_dates) {
		print_message("known bug: a translator's PUT without "
		    "withdrawn_at moved withdrawn_at from %lld to %lld\n",
		    (long long)then, (long long)a->withdrawn_at);
		assert_int_equal(r->status, 200);
		assert_true(a->withdrawn_at >= time_now() - 5);
	} else if (r->status == 200) {
		assert_int_equal(a->withdrawn_at, then);
	} else {
		assert_int_equal(r->status, 403);
	}
	http_reply_unref(r);
}

/* PUTs body to asset id as who (token); the status. */
static int
put_as(const struct account *who, int64_t id, const char *body)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)id);
	return status_of(as(who, VIA_TOKEN, HTTP_PUT, path, body));
}

/* body with locale's translation removed (in ta). */
static char *
without_translation(const char *body, const char *locale)
{
	json_error_t je;
	json_t *j = json_loads(body, 0, &je);
	char *text, *copy;

	assert_non_null(j);
	assert_int_equal(json_object_del(json_object_get(j, "translations"),
	    locale), 0);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	copy = arena_strdup(&ta, text);
	free(text);
	return copy;
}

/* ru-RU of asset id, and whether its first block and its head are old. */
static void
ru_state(int64_t id, bool *block_old, bool *head_old)
{
	struct asset *a = asset_load(id);

	for (size_t i = 0; i < a->ntranslations; i++) {
		struct translation *t = &a->translations[i];

		if (strcmp(t->locale.tag, "ru-RU") != 0)
			continue;
		*block_old = asset_block_outdated(a, t, &t->blocks[0]);
		*head_old = asset_head_outdated(a, t);
		return;
	}
	fail_msg("asset %lld has no ru-RU", (long long)id);
}

/*
 * The translator's "still right" (POST .../confirm) is all or nothing: a
 * request naming a block that does not exist confirms nothing at all.
 */
static void
t_confirm_atomic(void **state)
{
	const struct account *tanya = &accounts[A_TRANS];
	struct store_save_opts o = { .author = "test" };
	struct store_save_result res;
	struct diag d;
	struct asset *a;
	struct http_reply *r;
	char path[128], body[160];
	bool block_old, head_old;
	int64_t id;

	(void)state;
	id = asset_add(olga.id, ASSET_PUBLISHED, time_now() - 86400);
	ru_state(id, &block_old, &head_old);
	assert_false(block_old);
	assert_false(head_old);
	/* the English (the source) changes: title and first block */
	a = asset_load(id);
	assert_string_equal(a->translations[0].locale.tag, "en-GB");
	a->translations[0].title = (char *)"Matrix, revised";
	a->translations[0].blocks[0].text = (char *)"English text, revised.";
	diag_init(&d, NULL);
	assert_int_equal(store_asset_save(st, a, &o, &res, &d), ERR_OK);
	ru_state(id, &block_old, &head_old);
	assert_true(block_old);
	assert_true(head_old);
	snprintf(path, sizeof path,
	    "/api/v1/assets/%lld/translations/ru-RU/confirm", (long long)id);
	/* one unknown block: 404, and neither the block nor the head moved */
	snprintf(body, sizeof body, "{\"blocks\": [\"%s\", \"t99\"], "
	    "\"head\": true}", a->translations[0].blocks[0].id);
	r = as(tanya, VIA_TOKEN, HTTP_POST, path, body);
	assert_int_equal(status_of(r), 404);
	ru_state(id, &block_old, &head_old);
	assert_true(block_old);
	assert_true(head_old);
	/* a body of the wrong shape: 400, nothing moved */
	r = as(tanya, VIA_TOKEN, HTTP_POST, path, "{\"blocks\": \"p1\"}");
	assert_int_equal(status_of(r), 400);
	ru_state(id, &block_old, &head_old);
	assert_true(block_old && head_old);
	/* the right ids: both confirmed */
	snprintf(body, sizeof body, "{\"blocks\": [\"%s\"], \"head\": "
	    "true}", a->translations[0].blocks[0].id);
	r = as(tanya, VIA_TOKEN, HTTP_POST, path, body);
	assert_int_equal(status_of(r), 200);
	ru_state(id, &block_old, &head_old);
	assert_false(block_old);
	assert_false(head_old);
}

/*
 * "A translator edits translations in its locales": that includes giving
 * an announced locale its first translation and removing one, and
 * excludes announcing a new locale (metadata) or touching another's.
 */
static void
t_translator_locales(void **state)
{
	const struct account *tanya = &accounts[A_TRANS];
	static const char ru[] = "{\"title\": \"\u041d\", \"blocks\": "
	    "[{\"text\": \"\u0422\"}]}";
	json_error_t je;
	json_t *j, *tr;
	char *text, *body;
	int64_t id;

	(void)state;
	/* the first ru-RU translation of an asset announced in ru-RU */
	id = asset_add_text(asset_text_en, sizeof asset_text_en - 1, olga.id,
	    ASSET_PUBLISHED, time_now() - 86400);
	j = json_loads(put_body(id, NULL, NULL, false), 0, &je);
	assert_non_null(j);
	tr = json_loads(ru, 0, &je);
	assert_non_null(tr);
	json_object_set_new(json_object_get(j, "translations"), "ru-RU", tr);
	text = json_dumps(j, JSON_COMPACT);
	body = arena_strdup(&ta, text);
	free(text);
	assert_int_equal(put_as(tanya, id, body), 200);
	assert_int_equal(asset_load(id)->ntranslations, 2);
	/* not removing the en-GB one */
	assert_int_equal(put_as(tanya, id, without_translation(put_body(id,
	    NULL, NULL, false), "en-GB")), 403);
	assert_int_equal(asset_load(id)->ntranslations, 2);
	/* removing its own again */
	assert_int_equal(put_as(tanya, id, without_translation(put_body(id,
	    NULL, NULL, false), "ru-RU")), 200);
	assert_int_equal(asset_load(id)->ntranslations, 1);
	/* nor announcing a new locale */
	json_array_append_new(json_object_get(j, "locales"),
	    json_string("de-DE"));
	json_object_set_new(j, "revision", json_integer(asset_load(id)->
	    revision));
	text = json_dumps(j, JSON_COMPACT);
	body = arena_strdup(&ta, text);
	free(text);
	json_decref(j);
	assert_int_equal(put_as(tanya, id, body), 403);
	assert_int_equal(asset_load(id)->nlocales, 2);
	/* a contributor's own draft: any locale, the structure too */
	id = asset_add(accounts[A_CONTRIB].id, ASSET_DRAFT, 0);
	assert_int_equal(put_as(&accounts[A_CONTRIB], id,
	    without_translation(put_body(id, NULL, NULL, false), "ru-RU")),
	    200);
	/* a disabled account's token does nothing, even on its own */
	assert_int_equal(put_as(&dora, id, put_body(id, "en-GB", "D",
	    false)), 401);
}

/* Sign-ins, session touches and refusals write to the store: none of
 * them may throw the public pages out of the response cache. */
static void
t_cache_kept(void **state)
{
	struct app_stats a, b;
	struct http_reply *r;
	const char *cookie;
	char tok[AUTH_TOKEN_MAX], csrf[48];
	int64_t now = time_now();

	(void)state;
	r = as(NULL, VIA_NONE, HTTP_GET, "/api/v1/assets/2", NULL);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	app_stats_get(app, &a);
	session_add(accounts[A_EDITOR].id, now - 3600, now - 600, tok, csrf);
	assert_int_equal(me_with(tok), 200);		/* touches it */
	assert_int_equal(login("pat", "wrong password!!", "192.0.2.99",
	    &cookie, NULL), ERR_AUTH);
	assert_int_equal(status_of(as(&accounts[A_CONTRIB], VIA_TOKEN,
	    HTTP_POST, "/api/v1/assets", create_body("published"))), 403);
	usleep(5000);	/* past APP_GENERATION_NS */
	r = as(NULL, VIA_NONE, HTTP_GET, "/api/v1/assets/2", NULL);
	assert_int_equal(r->status, 200);
	http_reply_unref(r);
	app_stats_get(app, &b);
	assert_int_equal(b.cache_hits, a.cache_hits + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_token),
		cmocka_unit_test(t_token_refused),
		cmocka_unit_test(t_origin_csrf),
		cmocka_unit_test(t_session_limits),
		cmocka_unit_test(t_login),
		cmocka_unit_test(t_login_route),
		cmocka_unit_test(t_matrix_tokens),
		cmocka_unit_test(t_matrix_sessions),
		cmocka_unit_test(t_writes),
		cmocka_unit_test(t_translator_keeps_state),
		cmocka_unit_test(t_translator_locales),
		cmocka_unit_test(t_confirm_atomic),
		cmocka_unit_test(t_cache_kept),
	};

	asset_json_setup();
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
