/*
 * test_admin.c - the role matrix of the editorial interface (/admin):
 * every admin route × every role (anonymous, two contributors,
 * translators for ru-RU and for de-DE, editor, admin, a disabled editor)
 * × objects (a contributor's own draft, another's draft, a published
 * asset), through http_dispatch with session cookies, the right Origin
 * and CSRF token. Each cell's expected status is written in a table;
 * a refused change must leave the asset's revision as it was, an allowed
 * one must move it. Also: every admin reply is private, and the forms
 * round-trip an asset unchanged.
 *
 * Does not test tokens, CSRF refusals or the API (test_auth.c does) or
 * the pages in a browser (tests/browser/admin.mjs does).
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
#include "pressroom/buf.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "pressroom/user.h"
#include "fixture.h"
#include "pressroom/banned.h"

#define ORIGIN "http://test.invalid"

enum who {
	ANON,
	C1,		/* contributor, owns the "own" draft */
	C2,		/* another contributor */
	TRU,		/* translator, ru-RU */
	TRD,		/* translator, de-DE */
	ED,		/* editor, owns the "other" draft and the published one */
	ADM,
	OFF,		/* a disabled editor (with a session made before) */
	WHO__MAX
};

static const char *const names[WHO__MAX] = {
	[ANON] = "anonymous", [C1] = "c1", [C2] = "c2", [TRU] = "tru",
	[TRD] = "trd", [ED] = "ed", [ADM] = "adm", [OFF] = "off",
};

struct account {
	int64_t id;
	char token[64];
	char csrf[48];
};

static struct account acc[WHO__MAX];
static char tmpdir[] = "/tmp/pressroom-admin-XXXXXX";
static const char *db;
static struct app *app;

enum obj {
	OWN,		/* C1's draft */
	OTHER,		/* ED's draft */
	PUB,		/* ED's, published */
	OBJ__MAX
};

static const char *const obj_names[OBJ__MAX] = { "own draft",
	"other's draft", "published" };

static struct store *
open_store(void)
{
	struct store *s;
	struct diag d;

	diag_init(&d, NULL);
	assert_int_equal(store_open(db, 0, &s, &d), ERR_OK);
	return s;
}

static void
add_user(struct store *s, enum who w, enum user_role role, const char *loc)
{
	struct user u = { .name = (char *)names[w], .role = role };
	struct locale l;
	unsigned char hash[AUTH_HASH_BYTES];
	struct diag d;

	if (loc != NULL) {
		assert_int_equal(locale_parse(str_from(loc), &l), ERR_OK);
		u.locales = &l;
		u.nlocales = 1;
	}
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(s, &u, NULL, time_now(), &d), ERR_OK);
	acc[w].id = u.id;
	snprintf(acc[w].token, sizeof acc[w].token, "pr_session_%s", names[w]);
	snprintf(acc[w].csrf, sizeof acc[w].csrf, "csrf_%s", names[w]);
	auth_token_hash(acc[w].token, hash);
	assert_int_equal(store_session_create(s, hash, u.id, acc[w].csrf,
	    time_now()), ERR_OK);
	if (w == OFF) {
		u.disabled = true;
		assert_int_equal(store_user_save(s, &u, NULL, time_now(), &d),
		    ERR_OK);
	}
}

static const char asset_json[] =
    "{\"kind\":\"transcript\",\"published_at\":\"2026-03-02T10:00:00+01:00\","
    "\"place\":\"Here\",\"status\":\"draft\","
    "\"locales\":[\"en-GB\",\"ru-RU\",\"de-DE\"],"
    "\"speakers\":[{\"name\":\"Ann Speaker\",\"title\":\"Spokeswoman\"}],"
    "\"tags\":[\"water\"],"
    "\"translations\":{"
    "\"en-GB\":{\"title\":\"Matrix\",\"summary\":\"S\",\"blocks\":["
    "{\"type\":\"turn\",\"role\":\"question\",\"text\":\"Q?\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"Ann Speaker\","
    "\"text\":\"A.\"}]},"
    "\"ru-RU\":{\"title\":\"Матрица\",\"blocks\":["
    "{\"type\":\"turn\",\"role\":\"question\",\"text\":\"В?\"},"
    "{\"type\":\"turn\",\"role\":\"answer\",\"speaker\":\"Ann Speaker\","
    "\"text\":\"О.\"}]}}}";

/* A fresh asset of kind o (two revisions, so there is one to restore). */
static int64_t
make_obj(enum obj o)
{
	static int n;
	struct store *s = open_store();
	struct arena a;
	struct asset *as;
	struct store_save_result r;
	struct store_save_opts opts = { .author = "fixture" };
	struct diag d;
	char slug[64];

	arena_init(&a, 1u << 20);
	diag_init(&d, NULL);
	assert_int_equal(asset_json_parse(&a, asset_json, strlen(asset_json),
	    &as, &d), ERR_OK);
	snprintf(slug, sizeof slug, "2026-03-02-matrix-%d", ++n);
	as->slug = slug;
	opts.author_id = o == OWN ? acc[C1].id : acc[ED].id;
	assert_int_equal(store_asset_save(s, as, &opts, &r, &d), ERR_OK);
	as->translations[0].summary = "S2";
	if (o == PUB) {
		as->status = ASSET_PUBLISHED;
		as->publish_at = time_now() - 60;
	}
	assert_int_equal(store_asset_save(s, as, &opts, &r, &d), ERR_OK);
	store_close(s);
	arena_release(&a);
	return r.id;
}

static int64_t
revision_of(int64_t id)
{
	struct store *s = open_store();
	struct arena a;
	struct asset *as;
	int64_t rev;

	arena_init(&a, 1u << 20);
	assert_int_equal(store_asset_get(s, &a, id, &as), ERR_OK);
	rev = as->revision;
	store_close(s);
	arena_release(&a);
	return rev;
}

/* Dispatches as w; returns the status (checks privacy on the way). */
static int
call(enum who w, enum http_method m, const char *path, const char *type,
    const char *body, size_t len)
{
	struct fix_request f;
	struct http_reply *r;
	char cookie[128];
	int status;
	const char *cc;

	fix_request_init(&f, m, path);
	if (w != ANON) {
		snprintf(cookie, sizeof cookie, "__Host-pressroom=%s",
		    acc[w].token);
		fix_request_header(&f, "Cookie", cookie);
	}
	if (m != HTTP_GET)
		fix_request_header(&f, "Origin", ORIGIN);
	if (body != NULL)
		fix_request_body(&f, type, body, len);
	fix_request_peer(&f, "192.0.2.1");
	r = http_dispatch(app, &f.req);
	status = r->status;
	cc = http_reply_header(r, "Cache-Control");
	if (cc == NULL || (strcmp(cc, "private, no-store") != 0 &&
	    strcmp(cc, "no-store") != 0))
		fail_msg("%s %s as %s: Cache-Control %s", m == HTTP_GET ? "GET" :
		    "POST", path, names[w], cc != NULL ? cc : "(none)");
	if (status == 303 && w != ANON && w != OFF &&
	    strncmp(http_reply_header(r, "Location"), "/admin/login", 12) ==
	    0)
		fail_msg("%s as %s was sent to sign in", path, names[w]);
	http_reply_unref(r);
	fix_request_release(&f);
	return status;
}

static int
get(enum who w, const char *path)
{
	return call(w, HTTP_GET, path, NULL, NULL, 0);
}

/* urlencodes v onto b */
static void
enc(struct buf *b, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_')
			buf_addc(b, (char)*p);
		else
			buf_addf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
}

static void
field(struct buf *b, const char *name, const char *v)
{
	if (b->len > 0)
		buf_addc(b, '&');
	enc(b, name);
	buf_addc(b, '=');
	enc(b, v);
}

/*
 * The edit form of asset id as the page would submit it, with the title
 * replaced (title NULL: unchanged), as w (its CSRF token).
 */
static void
edit_form(struct buf *b, enum who w, int64_t id, const char *title)
{
	struct store *s = open_store();
	struct arena a;
	struct asset *as;
	const struct translation *t;
	char v[64], dt[32], name[48];

	arena_init(&a, 1u << 20);
	assert_int_equal(store_asset_get(s, &a, id, &as), ERR_OK);
	t = &as->translations[0];
	field(b, "csrf", w != ANON ? acc[w].csrf : "");
	snprintf(v, sizeof v, "%lld", (long long)as->revision);
	field(b, "revision", v);
	field(b, "kind", asset_kind_name(as->kind));
	assert_int_equal(time_format_rfc3339(as->event_at, as->event_offset,
	    dt), ERR_OK);
	snprintf(v, sizeof v, "%.19s", dt);
	field(b, "event_at", v);
	field(b, "event_offset", dt + 19);
	field(b, "place", as->place);
	field(b, "slug", as->slug);
	field(b, "source_locale", t->locale.tag);
	field(b, "locales", "en-GB ru-RU de-DE");
	field(b, "tags", "water");
	field(b, "related", "");
	field(b, "speaker_name_0", as->speakers[0].name);
	field(b, "speaker_title_0", as->speakers[0].title);
	field(b, "title", title != NULL ? title : t->title);
	field(b, "summary", t->summary);
	field(b, "update_note", "");
	for (size_t i = 0; i < t->nblocks; i++) {
		snprintf(name, sizeof name, "block_id_%zu", i);
		field(b, name, t->blocks[i].id);
		snprintf(name, sizeof name, "block_pos_%zu", i);
		snprintf(v, sizeof v, "%zu", (i + 1) * 10);
		field(b, name, v);
		snprintf(name, sizeof name, "block_role_%zu", i);
		field(b, name, turn_role_name(t->blocks[i].role));
		snprintf(name, sizeof name, "block_speaker_%zu", i);
		snprintf(v, sizeof v, "%d", t->blocks[i].speaker);
		field(b, name, t->blocks[i].speaker >= 0 ? v : "");
		snprintf(name, sizeof name, "block_text_%zu", i);
		field(b, name, t->blocks[i].text);
	}
	field(b, "note", "matrix");
	store_close(s);
	arena_release(&a);
}

static int
post_form(enum who w, const char *path, struct buf *b)
{
	return call(w, HTTP_POST, path, "application/x-www-form-urlencoded",
	    b->p, b->len);
}

/* --- the matrix ------------------------------------------------------- */

enum action {
	G_HOME, G_USERS, G_NEW, G_EDIT, G_HISTORY, G_TRANS_RU, G_TODO,
	P_CREATE, P_EDIT, P_TRANS_RU, P_TRANS_DE, P_PUBLISH, P_SCHEDULE,
	P_WITHDRAW, P_RESTORE, P_ATTACH, P_USERS,
	ACTION__MAX
};

static const char *const action_names[ACTION__MAX] = {
	"GET /admin/", "GET /admin/users", "GET /admin/assets/new",
	"GET edit", "GET history", "GET translate ru-RU",
	"GET /admin/translations", "POST create", "POST edit",
	"POST translate ru-RU", "POST translate de-DE", "POST publish",
	"POST schedule", "POST withdraw", "POST restore", "POST attachment",
	"POST /admin/users",
};

/* 3: 303 (done, redirected), 2: 200, 4: 403, L: 303 to sign in */
#define Y 303
#define K 200
#define N 403
#define L 1		/* to the sign-in page */

/* expected[action][object][who]; actions without an object use [OWN] */
static const int expected[ACTION__MAX][OBJ__MAX][WHO__MAX] = {
	/*                   ANON C1 C2 TRU TRD ED ADM OFF */
	[G_HOME] = { { L, K, K, K, K, K, K, L } },
	[G_USERS] = { { L, N, N, N, N, N, K, L } },
	[G_NEW] = { { L, K, K, N, N, K, K, L } },
	[G_EDIT] = { { L, K, K, K, K, K, K, L }, { L, K, K, K, K, K, K, L },
		{ L, K, K, K, K, K, K, L } },
	[G_HISTORY] = { { L, K, K, K, K, K, K, L }, { L, K, K, K, K, K, K, L },
		{ L, K, K, K, K, K, K, L } },
	[G_TRANS_RU] = { { L, K, N, K, N, K, K, L },
		{ L, N, N, K, N, K, K, L }, { L, N, N, K, N, K, K, L } },
	[G_TODO] = { { L, K, K, K, K, K, K, L } },
	[P_CREATE] = { { L, Y, Y, N, N, Y, Y, L } },
	[P_EDIT] = { { L, Y, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L } },
	[P_TRANS_RU] = { { L, Y, N, Y, N, Y, Y, L },
		{ L, N, N, Y, N, Y, Y, L }, { L, N, N, Y, N, Y, Y, L } },
	[P_TRANS_DE] = { { L, Y, N, N, Y, Y, Y, L },
		{ L, N, N, N, Y, Y, Y, L }, { L, N, N, N, Y, Y, Y, L } },
	[P_PUBLISH] = { { L, N, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L } },
	[P_SCHEDULE] = { { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L } },
	[P_WITHDRAW] = { { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L } },
	[P_RESTORE] = { { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L } },
	[P_ATTACH] = { { L, Y, N, N, N, Y, Y, L }, { L, N, N, N, N, Y, Y, L },
		{ L, N, N, N, N, Y, Y, L } },
	[P_USERS] = { { L, N, N, N, N, N, Y, L } },
};

static bool
has_object(enum action a)
{
	return a != G_HOME && a != G_USERS && a != G_NEW && a != G_TODO &&
	    a != P_CREATE && a != P_USERS;
}

static bool
changes_asset(enum action a)
{
	return a >= P_EDIT && a <= P_ATTACH;
}

/* Runs one cell; returns the status. */
static int
run_cell(enum action a, enum who w, int64_t id)
{
	char path[128];
	struct buf b;
	int st = 0;

	buf_init(&b, 1u << 20);
	switch (a) {
	case G_HOME: st = get(w, "/admin/"); break;
	case G_USERS: st = get(w, "/admin/users"); break;
	case G_NEW: st = get(w, "/admin/assets/new"); break;
	case G_TODO: st = get(w, "/admin/translations"); break;
	case G_EDIT:
		snprintf(path, sizeof path, "/admin/assets/%lld", (long long)id);
		st = get(w, path);
		break;
	case G_HISTORY:
		snprintf(path, sizeof path, "/admin/assets/%lld/history",
		    (long long)id);
		st = get(w, path);
		break;
	case G_TRANS_RU:
		snprintf(path, sizeof path, "/admin/assets/%lld/t/ru-RU",
		    (long long)id);
		st = get(w, path);
		break;
	case P_CREATE:
		edit_form(&b, w, make_obj(OWN), "A new one");
		/* the form of a new asset: no slug, no block ids */
		{
			char *p = strstr(b.p, "&slug=");

			memcpy(p + 1, "xlug", 4);
			while ((p = strstr(b.p, "&block_id_")) != NULL)
				memcpy(p + 1, "xlock", 5);
		}
		st = post_form(w, "/admin/assets/new", &b);
		break;
	case P_EDIT:
		edit_form(&b, w, id, "Changed title");
		snprintf(path, sizeof path, "/admin/assets/%lld", (long long)id);
		st = post_form(w, path, &b);
		break;
	case P_TRANS_RU:
	case P_TRANS_DE:
		field(&b, "csrf", w != ANON ? acc[w].csrf : "");
		field(&b, "title", a == P_TRANS_RU ? "Новое" : "Neu");
		field(&b, "text_t1", a == P_TRANS_RU ? "Вопрос?" : "Frage?");
		field(&b, "text_t2", a == P_TRANS_RU ? "Ответ." : "Antwort.");
		snprintf(path, sizeof path, "/admin/assets/%lld/t/%s",
		    (long long)id, a == P_TRANS_RU ? "ru-RU" : "de-DE");
		st = post_form(w, path, &b);
		break;
	case P_PUBLISH:
	case P_SCHEDULE:
	case P_WITHDRAW:
		field(&b, "csrf", w != ANON ? acc[w].csrf : "");
		field(&b, "op", a == P_PUBLISH ? "publish" : a == P_SCHEDULE ?
		    "schedule" : "withdraw");
		field(&b, "publish_at", "2099-01-01T10:00");
		field(&b, "publish_offset", "+01:00");
		field(&b, "reason", "matrix");
		snprintf(path, sizeof path, "/admin/assets/%lld/state",
		    (long long)id);
		st = post_form(w, path, &b);
		break;
	case P_RESTORE:
		field(&b, "csrf", w != ANON ? acc[w].csrf : "");
		field(&b, "rev", "1");
		snprintf(path, sizeof path, "/admin/assets/%lld/restore",
		    (long long)id);
		st = post_form(w, path, &b);
		break;
	case P_ATTACH:
		buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"csrf\"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: "
		    "form-data; name=\"op\"\r\n\r\nupload\r\n--XyZ\r\n"
		    "Content-Disposition: form-data; name=\"file\"; "
		    "filename=\"m.pdf\"\r\nContent-Type: application/pdf"
		    "\r\n\r\n%%PDF-1.4 matrix\r\n--XyZ--\r\n",
		    w != ANON ? acc[w].csrf : "");
		snprintf(path, sizeof path, "/admin/assets/%lld/attachments",
		    (long long)id);
		st = call(w, HTTP_POST, path,
		    "multipart/form-data; boundary=XyZ", b.p, b.len);
		break;
	case P_USERS:
		field(&b, "csrf", w != ANON ? acc[w].csrf : "");
		field(&b, "op", "add");
		snprintf(path, sizeof path, "new%s", names[w]);
		field(&b, "name", path);
		field(&b, "role", "contributor");
		field(&b, "password", "twelve chars or more");
		st = post_form(w, "/admin/users", &b);
		break;
	default:
		fail_msg("no such action");
	}
	buf_release(&b);
	return st;
}

static void
t_matrix(void **state)
{
	size_t failures = 0, cells = 0;

	(void)state;
	for (int a = 0; a < ACTION__MAX; a++)
		for (int o = 0; o < (has_object(a) ? OBJ__MAX : 1); o++)
			for (int w = 0; w < WHO__MAX; w++) {
				int want = expected[a][o][w], got;
				int64_t id = 0, before = 0;

				if (has_object(a)) {
					id = make_obj((enum obj)o);
					before = revision_of(id);
				}
				got = run_cell((enum action)a, (enum who)w, id);
				cells++;
				if (want == L ? got != 303 : got != want) {
					fprintf(stderr, "%s on %s as %s: %d, "
					    "want %d\n", action_names[a],
					    has_object(a) ? obj_names[o] : "-",
					    names[w], got, want == L ? 303 :
					    want);
					failures++;
				}
				if (changes_asset(a) && id > 0 &&
				    (revision_of(id) != before) != (want == Y)) {
					fprintf(stderr, "%s on %s as %s: the "
					    "revision %s\n", action_names[a],
					    obj_names[o], names[w],
					    want == Y ? "did not move" :
					    "moved though refused");
					failures++;
				}
			}
	fprintf(stderr, "admin matrix: %zu cells, %zu wrong\n", cells,
	    failures);
	assert_int_equal(failures, 0);
}

/* The edit form, submitted as loaded, changes nothing. */
static void
t_round_trip(void **state)
{
	int64_t id = make_obj(OWN), before = revision_of(id);
	char path[64];
	struct buf b;

	(void)state;
	buf_init(&b, 1u << 20);
	edit_form(&b, ED, id, NULL);
	snprintf(path, sizeof path, "/admin/assets/%lld", (long long)id);
	assert_int_equal(post_form(ED, path, &b), 303);
	assert_int_equal(revision_of(id), before);
	buf_release(&b);
}

/* POST /admin/login with a pre-session cookie and form token. */
static struct http_reply *
login(const char *cookie_token, const char *form_token, const char *name,
    const char *pw, const char *peer)
{
	struct fix_request f;
	struct http_reply *r;
	struct buf b;
	char cookie[128];

	buf_init(&b, 4096);
	field(&b, "csrf", form_token);
	field(&b, "name", name);
	field(&b, "password", pw);
	field(&b, "next", "/admin/translations");
	fix_request_init(&f, HTTP_POST, "/admin/login");
	if (cookie_token != NULL) {
		snprintf(cookie, sizeof cookie, "__Host-pressroom-login=%s",
		    cookie_token);
		fix_request_header(&f, "Cookie", cookie);
	}
	fix_request_header(&f, "Origin", ORIGIN);
	fix_request_body(&f, "application/x-www-form-urlencoded", b.p, b.len);
	fix_request_peer(&f, peer);
	r = http_dispatch(app, &f.req);
	fix_request_release(&f);
	buf_release(&b);
	return r;
}

/* Sign-in: the form's token must match its cookie; rate limit; a new
 * session each time. */
static void
t_login(void **state)
{
	struct fix_request f;
	struct http_reply *r;
	char tok[64] = "", *p;
	const char *sc;
	struct store *s = open_store();
	char hash[PASSWORD_HASH_MAX];
	struct user *u;
	struct arena a;

	(void)state;
	/* a password for ed */
	arena_init(&a, 1u << 20);
	assert_int_equal(store_user_get(s, &a, "ed", 0, &u, NULL), ERR_OK);
	assert_int_equal(user_password_hash("the editor's password", hash),
	    ERR_OK);
	assert_int_equal(store_user_save(s, u, hash, time_now(), NULL),
	    ERR_OK);
	store_close(s);
	arena_release(&a);
	/* the form sets the cookie and carries the same token */
	fix_request_init(&f, HTTP_GET, "/admin/login");
	r = http_dispatch(app, &f.req);
	assert_int_equal(r->status, 200);
	sc = http_reply_header(r, "Set-Cookie");
	assert_non_null(sc);
	assert_non_null(strstr(sc, "Secure; HttpOnly; SameSite=Strict"));
	assert_int_equal(sscanf(sc, "__Host-pressroom-login=%63[^;]", tok), 1);
	p = strstr(r->body, "name=\"csrf\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	assert_int_equal(strncmp(p, tok, strlen(tok)), 0);
	assert_int_equal(p[strlen(tok)], '"');
	http_reply_unref(r);
	fix_request_release(&f);
	/* without the cookie, or with another token: refused */
	r = login(NULL, tok, "ed", "the editor's password", "192.0.2.9");
	assert_int_equal(r->status, 403);
	assert_null(strstr(http_reply_header(r, "Set-Cookie"),
	    "__Host-pressroom="));
	http_reply_unref(r);
	r = login("pr_other", tok, "ed", "the editor's password",
	    "192.0.2.9");
	assert_int_equal(r->status, 403);
	http_reply_unref(r);
	/* right: a session cookie, the login cookie cleared, on to next */
	r = login(tok, tok, "ed", "the editor's password", "192.0.2.9");
	assert_int_equal(r->status, 303);
	assert_string_equal(http_reply_header(r, "Location"),
	    "/admin/translations");
	assert_non_null(strstr(http_reply_header(r, "Set-Cookie"),
	    "__Host-pressroom=pr_"));
	http_reply_unref(r);
	/* ten wrong passwords from one address, then even the right one
	 * waits */
	for (int i = 0; i < 10; i++) {
		r = login(tok, tok, "ed", "wrong password!", "192.0.2.10");
		assert_int_equal(r->status, 200);
		assert_non_null(strstr(r->body, "wrong name or password"));
		http_reply_unref(r);
	}
	r = login(tok, tok, "ed", "the editor's password", "192.0.2.10");
	assert_int_equal(r->status, 429);
	assert_non_null(http_reply_header(r, "Retry-After"));
	http_reply_unref(r);
}

static int
setup(void **state)
{
	struct store *s;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	db = fix_db_create(tmpdir);
	s = open_store();
	add_user(s, C1, ROLE_CONTRIBUTOR, NULL);
	add_user(s, C2, ROLE_CONTRIBUTOR, NULL);
	add_user(s, TRU, ROLE_TRANSLATOR, "ru-RU");
	add_user(s, TRD, ROLE_TRANSLATOR, "de-DE");
	add_user(s, ED, ROLE_EDITOR, NULL);
	add_user(s, ADM, ROLE_ADMIN, NULL);
	add_user(s, OFF, ROLE_EDITOR, NULL);
	store_close(s);
	app = fix_app(db);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	app_free(app);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_matrix),
		cmocka_unit_test(t_round_trip),
		cmocka_unit_test(t_login),
	};

	asset_json_setup();
	return cmocka_run_group_tests(tests, setup, teardown);
}
