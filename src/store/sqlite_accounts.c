/*
 * sqlite_accounts.c - the SQLite backend's accounts and editorial state:
 * users, sessions, API tokens, login failures, asset owners, translators'
 * confirmations (see store.h).
 *
 * Tokens are stored only as SHA-256 hashes; passwords only as argon2id
 * strings made by core/user.c. Does not decide who may do what.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "pressroom/limits.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

#define FAILURES_KEPT (24 * 3600)

static int
bind_blob(sqlite3_stmt *st, int i, const unsigned char *p)
{
	return sqlite3_bind_blob(st, i, p, STORE_TOKEN_HASH, SQLITE_STATIC);
}

/* "ru-RU ar" */
static enum err
locales_text(const struct user *u, char *out, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < u->nlocales; i++) {
		int w = snprintf(out + o, n - o, "%s%s", i > 0 ? " " : "",
		    u->locales[i].tag);

		if (w < 0 || (size_t)w >= n - o)
			return ERR_LIMIT;
		o += (size_t)w;
	}
	return ERR_OK;
}

static enum err
acc_user_save(struct store *s, struct user *u, const char *password_hash,
    int64_t now, struct diag *d)
{
	char locales[LIMIT_LOCALES * LOCALE_TAG_MAX];
	sqlite3_stmt *st;
	enum err e = ERR_OK;

	if (!user_name_valid(u->name)) {
		diag_set(d, 0, 0, "user name \"%.64s\": 1 to %d of a-z, 0-9, "
		    "'.', '_' and '-', starting with a letter", u->name,
		    USER_NAME_MAX);
		return ERR_INVAL;
	}
	if ((unsigned)u->role >= ROLE__MAX || u->nlocales > LIMIT_LOCALES) {
		diag_set(d, 0, 0, "user %s: bad role or too many locales",
		    u->name);
		return ERR_INVAL;
	}
	if ((e = locales_text(u, locales, sizeof locales)) != ERR_OK)
		return e;
	if (now == 0)
		now = time(NULL);
	st = sqlite_stmt(s, u->id == 0 ? SQL_USER_INSERT : SQL_USER_UPDATE,
	    &e);
	if (st == NULL)
		return e;
	if (u->id == 0) {
		sqlite3_bind_text(st, 1, u->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, user_role_name(u->role), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 3, locales, -1, SQLITE_STATIC);
		if (password_hash != NULL)
			sqlite3_bind_text(st, 4, password_hash, -1,
			    SQLITE_STATIC);
		sqlite3_bind_int(st, 5, u->disabled);
		sqlite3_bind_int64(st, 6, now);
	} else {
		sqlite3_bind_int64(st, 1, u->id);
		sqlite3_bind_text(st, 2, user_role_name(u->role), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 3, locales, -1, SQLITE_STATIC);
		if (password_hash != NULL)
			sqlite3_bind_text(st, 4, password_hash, -1,
			    SQLITE_STATIC);
		sqlite3_bind_int(st, 5, u->disabled);
		sqlite3_bind_int64(st, 6, now);
	}
	e = sqlite_done(s, st);
	if (e == ERR_CONFLICT) {
		diag_set(d, 0, 0, "there is already a user called %s", u->name);
		return e;
	}
	if (e != ERR_OK)
		return e;
	if (u->id == 0) {
		u->id = sqlite3_last_insert_rowid(sqlite_db(s));
		u->created_at = now;
	} else if (sqlite3_changes(sqlite_db(s)) == 0) {
		diag_set(d, 0, 0, "there is no user %lld", (long long)u->id);
		return ERR_NOTFOUND;
	}
	return ERR_OK;
}

static enum err
user_row(struct arena *a, sqlite3_stmt *st, struct user **out, char **hash)
{
	struct user *u = arena_calloc(a, 1, sizeof *u);
	const char *role = (const char *)sqlite3_column_text(st, 2);
	const char *tags = (const char *)sqlite3_column_text(st, 3);
	struct str rest, tag;
	size_t cap = 0;

	if (u == NULL)
		return a->err;
	u->id = sqlite3_column_int64(st, 0);
	u->name = sqlite_col_text(a, st, 1);
	if (role == NULL || user_role_parse(role, &u->role) != ERR_OK)
		return ERR_CORRUPT;
	rest = str_from(tags);
	while (str_take_until(&rest, ' ', &tag)) {
		struct locale *l = arena_push(a, (void **)&u->locales,
		    &u->nlocales, &cap, sizeof *l);

		if (l == NULL)
			return a->err;
		if (locale_parse(tag, l) != ERR_OK)
			return ERR_CORRUPT;
		u->nlocales++;
	}
	u->disabled = sqlite3_column_int(st, 5) != 0;
	u->created_at = sqlite3_column_int64(st, 6);
	if (hash != NULL)
		*hash = sqlite_col_text(a, st, 4);
	if (a->err != ERR_OK)
		return a->err;
	*out = u;
	return ERR_OK;
}

static enum err
acc_user_get(struct store *s, struct arena *a, const char *name, int64_t id,
    struct user **out, char **hash)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	st = sqlite_stmt(s, name != NULL ? SQL_USER_BY_NAME : SQL_USER_BY_ID,
	    &e);
	if (st == NULL)
		return e;
	if (name != NULL)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		e = user_row(a, st, out, hash);
	else
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sqlite_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
acc_user_list(struct store *s, struct arena *a, struct user ***out, size_t *n)
{
	struct user **items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_USER_LIST, &e)) == NULL)
		return e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct user **slot = arena_push(a, (void **)&items, &count,
		    &cap, sizeof *slot);

		if (slot == NULL) {
			e = a->err;
			goto out;
		}
		if ((e = user_row(a, st, slot, NULL)) != ERR_OK)
			goto out;
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sqlite_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
acc_session_create(struct store *s, const unsigned char *hash,
    int64_t user_id, const char *csrf, int64_t now)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_INSERT, &e);

	if (st == NULL)
		return e;
	bind_blob(st, 1, hash);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return sqlite_done(s, st);
}

static enum err
acc_session_get(struct store *s, const unsigned char *hash,
    struct store_session *out)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_GET, &e);
	int rc;

	if (st == NULL)
		return e;
	bind_blob(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		snprintf(out->csrf, sizeof out->csrf, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		out->created_at = sqlite3_column_int64(st, 2);
		out->last_seen = sqlite3_column_int64(st, 3);
	} else {
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sqlite_err(s, rc);
	}
	sqlite3_reset(st);
	return e;
}

static enum err
by_hash(struct store *s, enum sql_id id, const unsigned char *hash,
    int64_t *arg)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, id, &e);

	if (st == NULL)
		return e;
	bind_blob(st, 1, hash);
	if (arg != NULL)
		sqlite3_bind_int64(st, 2, *arg);
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	return sqlite3_changes(sqlite_db(s)) > 0 ? ERR_OK : ERR_NOTFOUND;
}

static enum err
acc_session_touch(struct store *s, const unsigned char *hash, int64_t now)
{
	return by_hash(s, SQL_SESSION_TOUCH, hash, &now);
}

static enum err
acc_session_delete(struct store *s, const unsigned char *hash)
{
	return by_hash(s, SQL_SESSION_DELETE, hash, NULL);
}

static enum err
acc_sessions_delete_user(struct store *s, int64_t user_id)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSIONS_DELETE_USER, &e);

	if (st == NULL)
		return e;
	sqlite3_bind_int64(st, 1, user_id);
	return sqlite_done(s, st);
}

static enum err
acc_token_create(struct store *s, const unsigned char *hash, int64_t user_id,
    const char *name, int64_t now, int64_t *id)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_TOKEN_INSERT, &e);

	if (st == NULL)
		return e;
	bind_blob(st, 1, hash);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	*id = sqlite3_last_insert_rowid(sqlite_db(s));
	return ERR_OK;
}

static enum err
acc_token_user(struct store *s, const unsigned char *hash, int64_t *user_id)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_TOKEN_USER, &e);
	int rc;

	if (st == NULL)
		return e;
	bind_blob(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	else
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sqlite_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
acc_token_list(struct store *s, struct arena *a,
    struct store_token_info **out, size_t *n)
{
	struct store_token_info *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_TOKEN_LIST, &e)) == NULL)
		return e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_token_info *t = arena_push(a, (void **)&items,
		    &count, &cap, sizeof *t);

		if (t == NULL) {
			e = a->err;
			goto out;
		}
		t->id = sqlite3_column_int64(st, 0);
		t->user = sqlite_col_text(a, st, 1);
		t->name = sqlite_col_text(a, st, 2);
		t->created_at = sqlite3_column_int64(st, 3);
		t->revoked_at = sqlite3_column_int64(st, 4);
		if (a->err != ERR_OK) {
			e = a->err;
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sqlite_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
acc_token_revoke(struct store *s, int64_t id, int64_t now)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_TOKEN_REVOKE, &e);

	if (st == NULL)
		return e;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	return sqlite3_changes(sqlite_db(s)) > 0 ? ERR_OK : ERR_NOTFOUND;
}

static enum err
acc_login_failure(struct store *s, const char *key, int64_t now)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_ADD, &e);

	if (st == NULL)
		return e;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	if ((st = sqlite_stmt(s, SQL_LOGIN_FAILURES_PRUNE, &e)) == NULL)
		return e;
	sqlite3_bind_int64(st, 1, now - FAILURES_KEPT);
	return sqlite_done(s, st);
}

static enum err
acc_login_failures(struct store *s, const char *key, int64_t since,
    size_t *count)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURES, &e);
	int rc;

	if (st == NULL)
		return e;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = (size_t)sqlite3_column_int64(st, 0);
	else
		e = sqlite_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
acc_asset_owner(struct store *s, int64_t id, int64_t *owner)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_ASSET_OWNER_GET, &e);
	int rc;

	if (st == NULL)
		return e;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*owner = sqlite3_column_int64(st, 0);
	else
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sqlite_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
acc_translation_confirm(struct store *s, int64_t id, const char *locale,
    const char *block_id)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = sqlite_stmt(s, block_id[0] == '\0' ?
	    SQL_HEAD_CONFIRM : SQL_BLOCK_CONFIRM, &e);
	uint64_t gen;

	if (st == NULL)
		return e;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, locale, -1, SQLITE_STATIC);
	if (block_id[0] != '\0')
		sqlite3_bind_text(st, 3, block_id, -1, SQLITE_STATIC);
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	if (sqlite3_changes(sqlite_db(s)) == 0)
		return ERR_NOTFOUND;
	/* not public, but editors' pages cached by others must move on */
	return sqlite_generation_bump(s, &gen);
}

const struct store_account_ops store_sqlite_accounts = {
	.user_save = acc_user_save,
	.user_get = acc_user_get,
	.user_list = acc_user_list,
	.session_create = acc_session_create,
	.session_get = acc_session_get,
	.session_touch = acc_session_touch,
	.session_delete = acc_session_delete,
	.sessions_delete_user = acc_sessions_delete_user,
	.token_create = acc_token_create,
	.token_user = acc_token_user,
	.token_list = acc_token_list,
	.token_revoke = acc_token_revoke,
	.login_failure = acc_login_failure,
	.login_failures = acc_login_failures,
	.asset_owner = acc_asset_owner,
	.translation_confirm = acc_translation_confirm,
};
