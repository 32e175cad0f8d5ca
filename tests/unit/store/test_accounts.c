/*
 * test_accounts.c - unit tests of the store's accounts and translation
 * status through include/pressroom/store.h (src/store/sqlite_accounts.c,
 * the revision numbers kept by src/store/sqlite.c, migration 5 of
 * src/store/sql.c).
 *
 * Covers users (insert, a taken name, validation, update of role, locales,
 * disabled and password, by name and by id, the list), sessions (create,
 * get, touch, delete, all of a user's), API tokens (create, lookup,
 * revoke, list), login failures (counted within a window, forgotten after
 * a day), an asset's owner (set on create from store_save_opts.author_id,
 * kept after), and translation status across saves and reloads (a changed
 * source block marks that translation block outdated, a translator's edit
 * clears it, a no-op save keeps everything). Migration 5: the store offers
 * no way to stop at schema version 4, so the test makes a version-4
 * database by removing from a new one what migration 5 creates (read from
 * the store's migration table, src/store/sql.h) and setting user_version
 * to 4; opening it must upgrade it to the schema a new database has,
 * keeping its assets.
 *
 * Checks that once found bugs go through known_bug(), a plain assertion
 * with a message. Does not test the
 * HTTP side of sign-in (tests/http does) or the CLI (tests/e2e/users.sh).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/store.h"
#include "pressroom/user.h"
#include "pressroom/banned.h"

#define ARENA_CAP (64u << 20)
#define NOW1 1700000100
#define NOW2 1700000200
#define NOW3 1700000300
#define DAY 86400

/* --- fixture ------------------------------------------------------------ */

struct fx {
	char dir[64];
	char path[128];
	struct store *s;
	sqlite3 *db;
	struct arena a;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct diag d;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/pr-test-accounts-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/pressroom.db", f->dir);
	arena_init(&f->a, ARENA_CAP);
	diag_init(&d, NULL);
	if (store_open(f->path, STORE_CREATE, &f->s, &d) != ERR_OK) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	struct dirent *de;
	char p[512];
	DIR *dir;

	store_close(f->s);
	sqlite3_close(f->db);
	arena_release(&f->a);
	if ((dir = opendir(f->dir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
			unlink(p);
		}
		closedir(dir);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* A check that once found a bug (kept by name; now a plain assertion). */
static void
known_bug(bool ok, const char *what)
{
	if (!ok)
		fail_msg("%s", what);
}

/* --- helpers -------------------------------------------------------------- */

static struct locale
loc(const char *tag)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(tag), &l), ERR_OK);
	return l;
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
db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg != NULL ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

static long long
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every row of sql, columns joined by '|' and rows by '\n', into b. */
static void
db_rows(sqlite3 *db, const char *sql, char *b, size_t n)
{
	sqlite3_stmt *st = NULL;
	size_t o = 0;

	b[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			int w = snprintf(b + o, n - o, "%s%s", i > 0 ? "|" : "",
			    t != NULL ? (const char *)t : "NULL");

			assert_true(w >= 0 && (size_t)w < n - o);
			o += (size_t)w;
		}
		assert_true(o + 1 < n);
		b[o++] = '\n';
		b[o] = '\0';
	}
	sqlite3_finalize(st);
}

static struct user *
user_save_ok(struct fx *f, const char *name, enum user_role r,
    const char *hash, int64_t now)
{
	struct user *u = arena_calloc(&f->a, 1, sizeof *u);
	struct diag d;
	enum err e;

	assert_non_null(u);
	u->name = arena_strdup(&f->a, name);
	u->role = r;
	diag_init(&d, NULL);
	e = store_user_save(f->s, u, hash, now, &d);
	if (e != ERR_OK)
		fail_msg("user_save %s: %s: %s", name, err_str(e), d.msg);
	assert_true(u->id > 0);
	return u;
}

static struct user *
user_get_ok(struct fx *f, const char *name, int64_t id, char **hash)
{
	struct user *u = NULL;
	enum err e = store_user_get(f->s, &f->a, name, id, &u, hash);

	if (e != ERR_OK)
		fail_msg("user_get %s/%lld: %s", name != NULL ? name : "-",
		    (long long)id, err_str(e));
	assert_non_null(u);
	return u;
}

static void
newhash(unsigned char h[STORE_TOKEN_HASH])
{
	char tok[AUTH_TOKEN_MAX];

	assert_int_equal(auth_token_new(tok, h), ERR_OK);
}

/* --- users ---------------------------------------------------------------- */

static void
test_user_insert_get(void **state)
{
	struct fx *f = *state;
	struct user *u, bad = { .name = "alice", .role = ROLE_ADMIN };
	struct locale many[LIMIT_LOCALES + 1];
	char *hash = NULL;
	struct diag d;

	u = user_save_ok(f, "alice", ROLE_EDITOR, "$argon2id$hash-a", NOW1);
	assert_int_equal(u->created_at, NOW1);
	/* by name and by id, with and without the hash */
	u = user_get_ok(f, "alice", 0, &hash);
	assert_string_equal(u->name, "alice");
	assert_int_equal(u->role, ROLE_EDITOR);
	assert_int_equal(u->nlocales, 0);
	assert_false(u->disabled);
	assert_int_equal(u->created_at, NOW1);
	assert_string_equal(hash, "$argon2id$hash-a");
	u = user_get_ok(f, NULL, u->id, NULL);
	assert_string_equal(u->name, "alice");
	assert_int_equal(u->role, ROLE_EDITOR);
	/* a taken name */
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_CONFLICT);
	assert_non_null(strstr(d.msg, "alice"));
	assert_int_equal(bad.id, 0);
	/* no password: "" */
	u = user_save_ok(f, "bob", ROLE_CONTRIBUTOR, NULL, NOW2);
	u = user_get_ok(f, "bob", 0, &hash);
	assert_string_equal(hash, "");
	/* refused: names, roles, too many locales */
	bad.name = "Alice";
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_INVAL);
	assert_true(d.msg[0] != '\0');
	bad.name = "";
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_INVAL);
	bad.name = "1alice";
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_INVAL);
	bad.name = "carol";
	bad.role = ROLE__MAX;
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_INVAL);
	bad.role = ROLE_TRANSLATOR;
	for (size_t i = 0; i <= LIMIT_LOCALES; i++)
		many[i] = loc("ru-RU");
	bad.locales = many;
	bad.nlocales = LIMIT_LOCALES + 1;
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &bad, "x", NOW2, &d),
	    ERR_INVAL);
	assert_int_equal(bad.id, 0);
	assert_int_equal(store_user_get(f->s, &f->a, "carol", 0, &u, NULL),
	    ERR_NOTFOUND);
	/* unknown */
	assert_int_equal(store_user_get(f->s, &f->a, "nobody", 0, &u, NULL),
	    ERR_NOTFOUND);
	assert_int_equal(store_user_get(f->s, &f->a, NULL, 999999, &u, NULL),
	    ERR_NOTFOUND);
}

static void
test_user_update(void **state)
{
	struct fx *f = *state;
	struct user *u = user_save_ok(f, "alice", ROLE_EDITOR, "hash-a", NOW1);
	struct user *g, ghost = { .id = 999999, .name = "ghost" };
	struct locale ls[2] = { loc("ru-RU"), loc("ar") };
	int64_t id = u->id;
	char *hash = NULL;
	struct diag d;

	u->role = ROLE_TRANSLATOR;
	u->locales = ls;
	u->nlocales = 2;
	u->disabled = true;
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, u, NULL, NOW2, &d), ERR_OK);
	assert_int_equal(u->id, id);
	g = user_get_ok(f, NULL, id, &hash);
	assert_int_equal(g->role, ROLE_TRANSLATOR);
	assert_int_equal(g->nlocales, 2);
	assert_string_equal(g->locales[0].tag, "ru-RU");
	assert_string_equal(g->locales[1].tag, "ar");
	assert_true(g->disabled);
	assert_int_equal(g->created_at, NOW1);
	assert_string_equal(hash, "hash-a");	/* NULL keeps it */
	/* a new password; enabled again; locales cleared */
	u->disabled = false;
	u->nlocales = 0;
	u->role = ROLE_ADMIN;
	assert_int_equal(store_user_save(f->s, u, "hash-b", NOW3, &d), ERR_OK);
	g = user_get_ok(f, "alice", 0, &hash);
	assert_string_equal(hash, "hash-b");
	assert_false(g->disabled);
	assert_int_equal(g->nlocales, 0);
	assert_int_equal(g->role, ROLE_ADMIN);
	/* the name is not changed by an update (store.h: role, locales,
	 * disabled, password) */
	u->name = "alicia";
	assert_int_equal(store_user_save(f->s, u, NULL, NOW3, &d), ERR_OK);
	g = user_get_ok(f, NULL, id, NULL);
	assert_string_equal(g->name, "alice");
	/* no such id */
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, &ghost, NULL, NOW3, &d),
	    ERR_NOTFOUND);
	assert_int_equal(store_user_get(f->s, &f->a, "ghost", 0, &g, NULL),
	    ERR_NOTFOUND);
}

/* LIMIT_LOCALES locales of the longest tags fit. */
static void
test_user_many_locales(void **state)
{
	struct fx *f = *state;
	struct user *u = user_save_ok(f, "polyglot", ROLE_TRANSLATOR, NULL,
	    NOW1);
	struct locale *ls = arena_calloc(&f->a, LIMIT_LOCALES, sizeof *ls);
	struct user *g;
	struct diag d;

	assert_non_null(ls);
	for (int i = 0; i < LIMIT_LOCALES; i++) {
		char tag[LOCALE_TAG_MAX];

		snprintf(tag, sizeof tag,
		    "en-x-%08d-aaaaaaaa-bbbbbbbb-cccccccc-dddddd", i);
		assert_int_equal(strlen(tag), LOCALE_TAG_MAX - 1);
		ls[i] = loc(tag);
	}
	u->locales = ls;
	u->nlocales = LIMIT_LOCALES;
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, u, NULL, NOW2, &d), ERR_OK);
	g = user_get_ok(f, "polyglot", 0, NULL);
	assert_int_equal(g->nlocales, LIMIT_LOCALES);
	for (int i = 0; i < LIMIT_LOCALES; i++)
		assert_string_equal(g->locales[i].tag, ls[i].tag);
}

static void
test_user_list(void **state)
{
	struct fx *f = *state;
	struct user **all = NULL, *c;
	struct locale ls[1] = { loc("de-DE") };
	size_t n = 99;
	struct diag d;

	assert_int_equal(store_user_list(f->s, &f->a, &all, &n), ERR_OK);
	assert_int_equal(n, 0);
	user_save_ok(f, "zed", ROLE_ADMIN, "h", NOW1);
	c = user_save_ok(f, "carol", ROLE_TRANSLATOR, NULL, NOW2);
	user_save_ok(f, "bob", ROLE_CONTRIBUTOR, "h", NOW3);
	c->locales = ls;
	c->nlocales = 1;
	c->disabled = true;
	diag_init(&d, NULL);
	assert_int_equal(store_user_save(f->s, c, NULL, NOW3, &d), ERR_OK);
	assert_int_equal(store_user_list(f->s, &f->a, &all, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(all[0]->name, "bob");
	assert_string_equal(all[1]->name, "carol");
	assert_string_equal(all[2]->name, "zed");
	assert_int_equal(all[0]->role, ROLE_CONTRIBUTOR);
	assert_int_equal(all[1]->role, ROLE_TRANSLATOR);
	assert_true(all[1]->disabled);
	assert_int_equal(all[1]->nlocales, 1);
	assert_string_equal(all[1]->locales[0].tag, "de-DE");
	assert_int_equal(all[1]->created_at, NOW2);
	assert_false(all[2]->disabled);
}

/* --- sessions ------------------------------------------------------------- */

static void
test_sessions(void **state)
{
	struct fx *f = *state;
	struct user *alice = user_save_ok(f, "alice", ROLE_EDITOR, "h", NOW1);
	struct user *bob = user_save_ok(f, "bob", ROLE_EDITOR, "h", NOW1);
	unsigned char h1[STORE_TOKEN_HASH], h2[STORE_TOKEN_HASH];
	unsigned char h3[STORE_TOKEN_HASH], h4[STORE_TOKEN_HASH];
	const char *csrf = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo";
	struct store_session ss;

	newhash(h1);
	newhash(h2);
	newhash(h3);
	newhash(h4);
	assert_int_equal(strlen(csrf), 43);
	assert_int_equal(store_session_create(f->s, h1, alice->id, csrf,
	    NOW1), ERR_OK);
	memset(&ss, 0x5a, sizeof ss);
	assert_int_equal(store_session_get(f->s, h1, &ss), ERR_OK);
	assert_int_equal(ss.user_id, alice->id);
	assert_string_equal(ss.csrf, csrf);
	assert_int_equal(ss.created_at, NOW1);
	assert_int_equal(ss.last_seen, NOW1);
	/* touch moves last_seen only */
	assert_int_equal(store_session_touch(f->s, h1, NOW2), ERR_OK);
	assert_int_equal(store_session_get(f->s, h1, &ss), ERR_OK);
	assert_int_equal(ss.created_at, NOW1);
	assert_int_equal(ss.last_seen, NOW2);
	/* the same hash twice; a user that does not exist */
	assert_int_equal(store_session_create(f->s, h1, bob->id, "x", NOW2),
	    ERR_CONFLICT);
	assert_int_not_equal(store_session_create(f->s, h2, 999999, "x",
	    NOW2), ERR_OK);
	assert_int_equal(store_session_get(f->s, h2, &ss), ERR_NOTFOUND);
	/* delete one */
	assert_int_equal(store_session_create(f->s, h2, alice->id, "c2",
	    NOW2), ERR_OK);
	assert_int_equal(store_session_create(f->s, h3, alice->id, "c3",
	    NOW2), ERR_OK);
	assert_int_equal(store_session_create(f->s, h4, bob->id, "c4", NOW2),
	    ERR_OK);
	assert_int_equal(store_session_delete(f->s, h1), ERR_OK);
	assert_int_equal(store_session_get(f->s, h1, &ss), ERR_NOTFOUND);
	assert_int_equal(store_session_get(f->s, h2, &ss), ERR_OK);
	/* all of alice's, none of bob's */
	assert_int_equal(store_sessions_delete_user(f->s, alice->id), ERR_OK);
	assert_int_equal(store_session_get(f->s, h2, &ss), ERR_NOTFOUND);
	assert_int_equal(store_session_get(f->s, h3, &ss), ERR_NOTFOUND);
	assert_int_equal(store_session_get(f->s, h4, &ss), ERR_OK);
	assert_int_equal(ss.user_id, bob->id);
	assert_string_equal(ss.csrf, "c4");
	assert_int_equal(store_sessions_delete_user(f->s, alice->id), ERR_OK);
}

/*
 * store.h: "Sessions, keyed by the SHA-256 of their token ... ERR_NOTFOUND
 * for an unknown one." (auth.c's session_end expects it from delete.)
 */
static void
test_sessions_unknown(void **state)
{
	struct fx *f = *state;
	unsigned char h[STORE_TOKEN_HASH];
	enum err touch, del;

	newhash(h);
	touch = store_session_touch(f->s, h, NOW2);
	del = store_session_delete(f->s, h);
	assert_true(touch == ERR_OK || touch == ERR_NOTFOUND);
	assert_true(del == ERR_OK || del == ERR_NOTFOUND);
	known_bug(touch == ERR_NOTFOUND && del == ERR_NOTFOUND,
	    "sqlite_accounts.c acc_session_touch/acc_session_delete return "
	    "ERR_OK for an unknown session; store.h promises ERR_NOTFOUND");
}

/* --- API tokens ----------------------------------------------------------- */

static void
test_tokens(void **state)
{
	struct fx *f = *state;
	struct user *alice = user_save_ok(f, "alice", ROLE_EDITOR, "h", NOW1);
	struct user *bob = user_save_ok(f, "bob", ROLE_CONTRIBUTOR, "h", NOW1);
	unsigned char t1[STORE_TOKEN_HASH], t2[STORE_TOKEN_HASH];
	unsigned char t3[STORE_TOKEN_HASH];
	struct store_token_info *list = NULL;
	int64_t id1 = 0, id2 = 0, id3 = 0, uid = 0;
	size_t n = 99;

	newhash(t1);
	newhash(t2);
	newhash(t3);
	assert_int_equal(store_token_list(f->s, &f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_token_create(f->s, t1, alice->id, "ci", NOW1,
	    &id1), ERR_OK);
	assert_true(id1 > 0);
	assert_int_equal(store_token_create(f->s, t2, bob->id, "", NOW2,
	    &id2), ERR_OK);
	assert_true(id2 > id1);
	assert_int_equal(store_token_user(f->s, t1, &uid), ERR_OK);
	assert_int_equal(uid, alice->id);
	assert_int_equal(store_token_user(f->s, t2, &uid), ERR_OK);
	assert_int_equal(uid, bob->id);
	assert_int_equal(store_token_user(f->s, t3, &uid), ERR_NOTFOUND);
	/* the same hash twice; a user that does not exist */
	assert_int_equal(store_token_create(f->s, t1, bob->id, "again", NOW2,
	    &id3), ERR_CONFLICT);
	assert_int_not_equal(store_token_create(f->s, t3, 999999, "x", NOW2,
	    &id3), ERR_OK);
	assert_int_equal(store_token_user(f->s, t3, &uid), ERR_NOTFOUND);
	/* the list */
	assert_int_equal(store_token_list(f->s, &f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, id1);
	assert_string_equal(list[0].user, "alice");
	assert_string_equal(list[0].name, "ci");
	assert_int_equal(list[0].created_at, NOW1);
	assert_int_equal(list[0].revoked_at, 0);
	assert_int_equal(list[1].id, id2);
	assert_string_equal(list[1].user, "bob");
	assert_string_equal(list[1].name, "");
	/* revoked: found by no lookup, listed with the time */
	assert_int_equal(store_token_revoke(f->s, id1, NOW3), ERR_OK);
	assert_int_equal(store_token_user(f->s, t1, &uid), ERR_NOTFOUND);
	assert_int_equal(store_token_user(f->s, t2, &uid), ERR_OK);
	assert_int_equal(store_token_list(f->s, &f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].revoked_at, NOW3);
	assert_int_equal(list[1].revoked_at, 0);
	/* twice, or unknown */
	assert_int_equal(store_token_revoke(f->s, id1, NOW3 + 1),
	    ERR_NOTFOUND);
	assert_int_equal(store_token_list(f->s, &f->a, &list, &n), ERR_OK);
	assert_int_equal(list[0].revoked_at, NOW3);	/* the first time */
	assert_int_equal(store_token_revoke(f->s, 999999, NOW3),
	    ERR_NOTFOUND);
}

/* --- login failures ------------------------------------------------------- */

static size_t
failures(struct fx *f, const char *key, int64_t since)
{
	size_t n = 999;

	assert_int_equal(store_login_failures(f->s, key, since, &n), ERR_OK);
	return n;
}

static void
test_login_failures(void **state)
{
	struct fx *f = *state;
	const int64_t t = NOW3;

	assert_int_equal(failures(f, "user:alice", 0), 0);
	assert_int_equal(store_login_failure(f->s, "user:alice", t - 100),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "user:alice", t - 50),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "user:alice", t - 10),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "addr:192.0.2.1", t - 10),
	    ERR_OK);
	/* within a window; its start counts */
	assert_int_equal(failures(f, "user:alice", t - 60), 2);
	assert_int_equal(failures(f, "user:alice", t - 100), 3);
	assert_int_equal(failures(f, "user:alice", t - 99), 2);
	assert_int_equal(failures(f, "user:alice", t), 0);
	assert_int_equal(failures(f, "addr:192.0.2.1", 0), 1);
	assert_int_equal(failures(f, "user:alicE", 0), 0);
	assert_int_equal(failures(f, "user:bob", 0), 0);
}

static void
test_login_failures_forgotten(void **state)
{
	struct fx *f = *state;
	const int64_t t = NOW3;

	/* (each failure forgets those a day older than itself: the oldest
	 * goes in last) */
	assert_int_equal(store_login_failure(f->s, "user:new", t - 5),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "user:gone", t - DAY - 1),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "user:edge", t - DAY),
	    ERR_OK);
	assert_int_equal(store_login_failure(f->s, "user:old", t - 3 * DAY),
	    ERR_OK);
	assert_int_equal(failures(f, "user:old", 0), 1);	/* not yet */
	assert_int_equal(failures(f, "user:gone", 0), 1);
	/* any new failure forgets every key's older than a day */
	assert_int_equal(store_login_failure(f->s, "user:other", t), ERR_OK);
	assert_int_equal(failures(f, "user:old", 0), 0);
	assert_int_equal(failures(f, "user:gone", 0), 0);
	assert_int_equal(failures(f, "user:edge", 0), 1);	/* a day */
	assert_int_equal(failures(f, "user:new", 0), 1);
	assert_int_equal(failures(f, "user:other", 0), 1);
}

/* --- assets: owner and translation status -------------------------------- */

/* A draft statement: en-GB (the source) and ru-RU, each p1, p2, t1. */
static struct asset *
build(struct arena *a, const char *slug)
{
	struct asset *as = asset_new(a);
	static const char *const tags[2] = { "en-GB", "ru-RU" };
	static const char *const text[2][3] = {
		{ "One.", "Two.", "Three." },
		{ "Один.", "Два.", "Три." },
	};
	static const char *const ids[3] = { "p1", "p2", "t1" };

	assert_non_null(as);
	as->slug = arena_strdup(a, slug);
	as->event_at = 1714557600;
	as->place = arena_strdup(a, "Geneva");
	for (int i = 0; i < 2; i++) {
		struct locale l = loc(tags[i]);
		struct translation *t;

		assert_int_equal(asset_translation_add(a, as, &l, &t), ERR_OK);
		t->title = arena_strdup(a, i == 0 ? "Statement" : "Заявление");
		t->summary = arena_strdup(a, "");
		for (int k = 0; k < 3; k++) {
			enum block_type bt = ids[k][0] == 't' ? BLOCK_TURN :
			    BLOCK_PARAGRAPH;

			assert_int_equal(translation_block_add(a, t, ids[k],
			    bt, bt == BLOCK_TURN ? TURN_ROLE_STATEMENT :
			    TURN_ROLE_NONE, -1, text[i][k],
			    strlen(text[i][k])), ERR_OK);
		}
	}
	return as;
}

static struct store_save_result
save_as(struct fx *f, struct asset *as, int64_t author_id, int64_t now)
{
	struct store_save_opts o = { .now = now, .author_id = author_id };
	struct store_save_result r;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_asset_save(f->s, as, &o, &r, &d);
	if (e != ERR_OK)
		fail_msg("save %s: %s: %s", as->slug, err_str(e), d.msg);
	return r;
}

static struct asset *
reload(struct fx *f, int64_t id)
{
	struct asset *as = NULL;

	assert_int_equal(store_asset_get(f->s, &f->a, id, &as), ERR_OK);
	return as;
}

static int64_t
owner(struct fx *f, int64_t id)
{
	int64_t o = -1;

	assert_int_equal(store_asset_owner(f->s, id, &o), ERR_OK);
	return o;
}

static void
test_asset_owner(void **state)
{
	struct fx *f = *state;
	struct user *alice = user_save_ok(f, "alice", ROLE_CONTRIBUTOR, "h",
	    NOW1);
	struct user *bob = user_save_ok(f, "bob", ROLE_EDITOR, "h", NOW1);
	struct asset *as = build(&f->a, "2024-05-01-a");
	struct store_save_result r;
	int64_t o;

	r = save_as(f, as, alice->id, NOW1);
	assert_true(r.created);
	assert_int_equal(owner(f, r.id), alice->id);
	/* another author's later save does not change the owner */
	as = reload(f, r.id);
	as->place = arena_strdup(&f->a, "Paris");
	r = save_as(f, as, bob->id, NOW2);
	assert_false(r.created);
	assert_true(r.changed);
	assert_int_equal(owner(f, r.id), alice->id);
	/* no author: no owner */
	r = save_as(f, build(&f->a, "2024-05-01-b"), 0, NOW2);
	assert_int_equal(owner(f, r.id), 0);
	/* an asset that does not exist */
	assert_int_equal(store_asset_owner(f->s, 999999, &o), ERR_NOTFOUND);
}

static struct block *
blk(const struct asset *as, size_t t, const char *id)
{
	for (size_t i = 0; i < as->translations[t].nblocks; i++)
		if (strcmp(as->translations[t].blocks[i].id, id) == 0)
			return &as->translations[t].blocks[i];
	fail_msg("translation %zu has no %s", t, id);
	return NULL;
}

static bool
ru_outdated(const struct asset *as, const char *id)
{
	return asset_block_outdated(as, &as->translations[1],
	    blk(as, 1, id));
}

static size_t
count_outdated(const struct asset *as)
{
	struct translation_status ts;
	size_t n = 0;

	for (size_t i = 0; i < as->ntranslations; i++) {
		asset_translation_status(as, &as->translations[i], &ts);
		n += ts.outdated;
	}
	return n;
}

static void
assert_same_revs(const struct asset *a, const struct asset *b)
{
	assert_int_equal(a->ntranslations, b->ntranslations);
	for (size_t i = 0; i < a->ntranslations; i++) {
		const struct translation *x = &a->translations[i];
		const struct translation *y = &b->translations[i];

		assert_int_equal(x->head_rev, y->head_rev);
		assert_int_equal(x->head_source_rev, y->head_source_rev);
		assert_int_equal(x->nblocks, y->nblocks);
		for (size_t k = 0; k < x->nblocks; k++) {
			assert_int_equal(x->blocks[k].rev, y->blocks[k].rev);
			assert_int_equal(x->blocks[k].source_rev,
			    y->blocks[k].source_rev);
		}
	}
}

static void
test_translation_status(void **state)
{
	struct fx *f = *state;
	struct asset *as = build(&f->a, "2024-05-01-status"), *got, *again;
	struct store_save_result r1, r2, r3, r4, r5;

	r1 = save_as(f, as, 0, NOW1);
	assert_int_equal(r1.revision, 1);
	got = reload(f, r1.id);
	assert_int_equal(got->translations[0].head_rev, 1);
	assert_int_equal(blk(got, 0, "p2")->rev, 1);
	assert_int_equal(blk(got, 1, "p2")->source_rev, 1);
	assert_int_equal(count_outdated(got), 0);
	/* one source block changes: exactly that ru-RU block is outdated */
	blk(got, 0, "p2")->text = "Two, revised.";
	r2 = save_as(f, got, 0, NOW2);
	assert_true(r2.changed);
	assert_int_equal(r2.revision, 2);
	got = reload(f, r1.id);
	assert_int_equal(blk(got, 0, "p2")->rev, 2);
	assert_int_equal(blk(got, 0, "p1")->rev, 1);
	assert_true(ru_outdated(got, "p2"));
	assert_false(ru_outdated(got, "p1"));
	assert_false(ru_outdated(got, "t1"));
	assert_int_equal(count_outdated(got), 1);
	assert_false(asset_head_outdated(got, &got->translations[1]));
	/* the translator updates it */
	blk(got, 1, "p2")->text = "Два, исправлено.";
	r3 = save_as(f, got, 0, NOW3);
	assert_int_equal(r3.revision, 3);
	got = reload(f, r1.id);
	assert_false(ru_outdated(got, "p2"));
	assert_int_equal(blk(got, 1, "p2")->rev, 3);
	assert_int_equal(blk(got, 1, "p2")->source_rev, 2);
	assert_int_equal(count_outdated(got), 0);
	/* a no-op save: same revision, same numbers */
	r4 = save_as(f, got, 0, NOW3 + 10);
	assert_false(r4.changed);
	assert_int_equal(r4.revision, 3);
	again = reload(f, r1.id);
	assert_int_equal(again->revision, 3);
	assert_same_revs(got, again);
	/* a version built afresh (as an import makes it: no numbers) with
	 * the source's title and p1 changed: the store carries from what it
	 * has, not from what it is given */
	as = build(&f->a, "2024-05-01-status");
	as->id = r1.id;
	as->translations[0].title = "Statement, revised";
	blk(as, 0, "p1")->text = "One, revised.";
	blk(as, 0, "p2")->text = "Two, revised.";
	blk(as, 1, "p2")->text = "Два, исправлено.";
	r5 = save_as(f, as, 0, NOW3 + 20);
	assert_int_equal(r5.revision, 4);
	got = reload(f, r1.id);
	assert_true(ru_outdated(got, "p1"));
	assert_false(ru_outdated(got, "p2"));
	assert_int_equal(blk(got, 1, "p2")->source_rev, 2);
	assert_true(asset_head_outdated(got, &got->translations[1]));
	assert_int_equal(count_outdated(got), 2);	/* p1 and the head */
}

/*
 * asset.h: asset_revs_confirm marks a translation block as translated
 * from the current source "without changing its text". Saving the
 * confirmed asset must keep that; the store neither writes it (the
 * content is unchanged, so the save is a no-op) nor, when something else
 * changed too, keeps it (asset_revs_carry takes source_rev from the
 * stored asset).
 */
static void
test_translation_confirm_saved(void **state)
{
	struct fx *f = *state;
	struct asset *as = build(&f->a, "2024-05-01-confirm"), *got;
	struct store_save_result r;
	bool kept_alone, kept_with_edit;

	r = save_as(f, as, 0, NOW1);
	got = reload(f, r.id);
	blk(got, 0, "p1")->text = "One, revised.";
	blk(got, 0, "t1")->text = "Three, revised.";
	save_as(f, got, 0, NOW2);
	got = reload(f, r.id);
	assert_true(ru_outdated(got, "p1"));
	assert_true(ru_outdated(got, "t1"));
	/* confirmed alone */
	assert_int_equal(asset_revs_confirm(got, &got->translations[1], "p1"),
	    ERR_OK);
	assert_false(ru_outdated(got, "p1"));
	save_as(f, got, 0, NOW3);
	got = reload(f, r.id);
	kept_alone = !ru_outdated(got, "p1");
	/* confirmed with another edit in the same save */
	assert_int_equal(asset_revs_confirm(got, &got->translations[1], "p1"),
	    ERR_OK);
	blk(got, 1, "t1")->text = "Три, исправлено.";
	save_as(f, got, 0, NOW3 + 1);
	got = reload(f, r.id);
	assert_false(ru_outdated(got, "t1"));
	kept_with_edit = !ru_outdated(got, "p1");
	print_message("confirmation kept by a save alone: %d, with another "
	    "edit: %d\n", kept_alone, kept_with_edit);
	known_bug(kept_alone && kept_with_edit,
	    "store: a confirmation (asset_revs_confirm) cannot be saved: an "
	    "otherwise unchanged save is a no-op, and a save with other "
	    "changes takes source_rev from the stored asset "
	    "(sqlite.c asset_revs_carry(old, ...))");
}

/* --- migration 5 ---------------------------------------------------------- */

/*
 * The store's migration scripts (src/store/sql.h). The store offers no
 * way to stop at version 4, and version 3 creates the search index with
 * the store's own tokenizer, so the scripts cannot be replayed on a
 * connection of ours either; instead undo_migration() reverses what
 * script 4 (4 -> 5) creates, read from its text, so that the test follows
 * the migration as it is edited. This is the only internal it touches.
 */
extern const char *const sql_migrations[];
extern const size_t sql_nmigrations;

/* The identifier after prefix at the start of *s, into out. */
static bool
name_after(const char *s, const char *prefix, char *out, size_t n)
{
	size_t k = 0, pl = strlen(prefix);

	if (strncmp(s, prefix, pl) != 0)
		return false;
	s += pl;
	while (*s == ' ')
		s++;
	if (strncmp(s, "IF NOT EXISTS ", 14) == 0)
		s += 14;
	while (s[k] != '\0' && s[k] != ' ' && s[k] != '(' && k + 1 < n) {
		out[k] = s[k];
		k++;
	}
	out[k] = '\0';
	return k > 0;
}

/*
 * Takes a database at version k + 1 back to version k by reversing what
 * sql_migrations[k] creates: indexes first, then columns, tables, views
 * and triggers, newest first. A statement it cannot reverse fails the
 * test, naming it, rather than leaving a half-old schema.
 */
static void
undo_migration(sqlite3 *db, size_t k)
{
	struct undo {
		char sql[256];
	} undo[64];
	const char *m = sql_migrations[k];
	size_t nundo = 0;
	char sql[256], a[64], b[64];

	while (*m != '\0') {
		const char *end = strchr(m, ';');
		size_t len = end != NULL ? (size_t)(end - m) : strlen(m);
		char st[4096];

		while (len > 0 && (*m == ' ' || *m == '\n' || *m == '\t')) {
			m++;
			len--;
		}
		assert_true(len < sizeof st);
		memcpy(st, m, len);
		st[len] = '\0';
		m += len;
		if (*m == ';')
			m++;
		if (len == 0 || strncmp(st, "PRAGMA ", 7) == 0 ||
		    strncmp(st, "UPDATE ", 7) == 0 ||
		    strncmp(st, "INSERT ", 7) == 0 ||
		    strncmp(st, "DELETE ", 7) == 0)
			continue;
		assert_true(nundo < sizeof undo / sizeof undo[0]);
		if (name_after(st, "CREATE INDEX", a, sizeof a) ||
		    name_after(st, "CREATE UNIQUE INDEX", a, sizeof a)) {
			snprintf(sql, sizeof sql, "DROP INDEX %s", a);
			db_exec(db, sql);
		} else if (name_after(st, "CREATE TABLE", a, sizeof a) ||
		    name_after(st, "CREATE VIRTUAL TABLE", a, sizeof a)) {
			snprintf(undo[nundo++].sql, sizeof undo[0].sql,
			    "DROP TABLE %s", a);
		} else if (name_after(st, "CREATE VIEW", a, sizeof a)) {
			snprintf(undo[nundo++].sql, sizeof undo[0].sql,
			    "DROP VIEW %s", a);
		} else if (name_after(st, "CREATE TRIGGER", a, sizeof a)) {
			snprintf(undo[nundo++].sql, sizeof undo[0].sql,
			    "DROP TRIGGER %s", a);
		} else if (name_after(st, "ALTER TABLE", a, sizeof a) &&
		    strstr(st, " ADD COLUMN ") != NULL &&
		    name_after(strstr(st, " ADD COLUMN ") + 1, "ADD COLUMN", b,
		    sizeof b)) {
			snprintf(undo[nundo++].sql, sizeof undo[0].sql,
			    "ALTER TABLE %s DROP COLUMN %s", a, b);
		} else {
			fail_msg("migration %zu: cannot undo \"%.80s\": teach "
			    "undo_migration()", k + 1, st);
		}
	}
	while (nundo > 0)
		db_exec(db, undo[--nundo].sql);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %zu", k);
	db_exec(db, sql);
}

/*
 * The schema as names and column lists, for comparing two databases (not
 * the SQL text: ALTER TABLE rewrites it). Virtual tables are left out:
 * reading their columns would need the store's tokenizer.
 */
static void
schema_of(sqlite3 *db, char *out, size_t n)
{
	size_t o;

	db_rows(db, "SELECT type, name, tbl_name FROM sqlite_schema "
	    "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name", out, n);
	o = strlen(out);
	db_rows(db, "SELECT m.name, p.name, p.type, p.\"notnull\", "
	    "p.dflt_value, p.pk FROM sqlite_schema m, "
	    "pragma_table_info(m.name) p "
	    "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' "
	    "ORDER BY m.name, p.cid", out + o, n - o);
}

static void
test_migration_5(void **state)
{
	struct fx *f = *state;
	struct asset *as = build(&f->a, "2024-05-01-old"), *got;
	struct store_save_result r;
	char *fresh = arena_calloc(&f->a, 1, 1 << 16);
	char *upgraded = arena_calloc(&f->a, 1, 1 << 16);
	struct user *u;
	struct diag d;
	int64_t o;

	assert_non_null(fresh);
	assert_non_null(upgraded);
	r = save_as(f, as, 0, NOW1);
	got = reload(f, r.id);
	blk(got, 0, "p2")->text = "Two, revised.";
	save_as(f, got, 0, NOW2);
	store_close(f->s);
	f->s = NULL;
	/* the schema of a new database, then the same file taken back to 4 */
	f->db = db_open(f->path);
	schema_of(f->db, fresh, 1 << 16);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), 5);
	for (size_t k = sql_nmigrations; k-- > 4;)
		undo_migration(f->db, k);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), 4);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM "
	    "pragma_table_info('block') WHERE name IN ('rev', 'source_rev')"),
	    0);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name IN ('user', 'session', 'api_token', "
	    "'login_failure')"), 0);
	sqlite3_close(f->db);
	f->db = NULL;
	/* opening upgrades it */
	diag_init(&d, NULL);
	if (store_open(f->path, 0, &f->s, &d) != ERR_OK)
		fail_msg("store_open of a version-4 database: %s", d.msg);
	f->db = db_open(f->path);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), 5);
	schema_of(f->db, upgraded, 1 << 16);
	assert_string_equal(upgraded, fresh);
	assert_int_equal(db_int(f->db, "PRAGMA foreign_key_check"), -1);
	sqlite3_close(f->db);
	f->db = NULL;
	/* the asset is there, its numbers start at 1, no owner */
	got = reload(f, r.id);
	assert_int_equal(got->revision, 2);
	assert_string_equal(blk(got, 0, "p2")->text, "Two, revised.");
	assert_int_equal(count_outdated(got), 0);
	assert_int_equal(got->translations[0].head_rev, 1);
	assert_int_equal(blk(got, 1, "t1")->source_rev, 1);
	assert_int_equal(store_asset_owner(f->s, r.id, &o), ERR_OK);
	assert_int_equal(o, 0);
	/* and from now on changes are tracked */
	blk(got, 0, "t1")->text = "Three, revised.";
	r = save_as(f, got, 0, NOW3);
	assert_int_equal(r.revision, 3);
	got = reload(f, r.id);
	assert_true(ru_outdated(got, "t1"));
	assert_false(ru_outdated(got, "p2"));
	/* the new tables work */
	u = user_save_ok(f, "alice", ROLE_ADMIN, "h", NOW3);
	assert_int_equal(user_get_ok(f, NULL, u->id, NULL)->role, ROLE_ADMIN);
	r = save_as(f, build(&f->a, "2024-05-01-new"), u->id, NOW3);
	assert_int_equal(owner(f, r.id), u->id);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_user_insert_get),
		T(test_user_update),
		T(test_user_many_locales),
		T(test_user_list),
		T(test_sessions),
		T(test_sessions_unknown),
		T(test_tokens),
		T(test_login_failures),
		T(test_login_failures_forgotten),
		T(test_asset_owner),
		T(test_translation_status),
		T(test_translation_confirm_saved),
		T(test_migration_5),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
