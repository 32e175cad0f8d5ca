/*
 * sqlite_attach.c - the SQLite backend's attachment bytes: kept once per
 * SHA-256 in the attachment table, found, and checked against the
 * visibility rule before a public route may serve them (see store.h).
 *
 * Links between assets and attachments are written and read with the
 * asset (sqlite.c). Does not judge types (core's attachment_sniff does)
 * or hash the bytes (the caller does).
 */
#include <string.h>
#include "pressroom/limits.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

static enum err
att_put(struct store *s, const char *sha256, const char *type,
    const void *data, size_t len, int64_t now)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st;

	if (!attachment_sha_valid(sha256) || len > LIMIT_ATTACHMENT_BYTES)
		return ERR_INVAL;
	if ((st = sqlite_stmt(s, SQL_ATTACHMENT_PUT, &e)) == NULL)
		return e;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)len);
	sqlite3_bind_blob(st, 4, len > 0 ? data : "", (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return sqlite_done(s, st);
}

static enum err
att_get(struct store *s, struct arena *a, const char *sha256,
    const char **type, const void **data, size_t *len)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = sqlite_stmt(s, SQL_ATTACHMENT_GET, &e)) == NULL)
		return e;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 1);
		const void *p = sqlite3_column_blob(st, 1);
		void *copy = arena_alloc(a, (size_t)n + 1);

		*type = sqlite_col_text(a, st, 0);
		if (copy == NULL || *type == NULL) {
			e = ERR_NOMEM;
		} else {
			if (n > 0)
				memcpy(copy, p, (size_t)n);
			*data = copy;
			*len = (size_t)n;
		}
	} else {
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sqlite_err(s, rc);
	}
	sqlite3_reset(st);
	return e;
}

static enum err
att_visible(struct store *s, const char *sha256, const char *name,
    const struct store_scope *scope)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = sqlite_stmt(s, SQL_ATTACHMENT_VISIBLE, &e)) == NULL)
		return e;
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":sha"),
	    sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":name"),
	    name, -1, SQLITE_STATIC);
	sqlite_bind_scope(st, scope);
	rc = sqlite3_step(st);
	e = rc == SQLITE_ROW ? ERR_OK : rc == SQLITE_DONE ? ERR_NOTFOUND :
	    sqlite_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
att_index(struct store *s, struct arena *a, const struct store_scope *scope,
    struct store_attachment_ref **out, size_t *n)
{
	struct store_attachment_ref *v = NULL;
	size_t nv = 0, cap = 0;
	enum err e = ERR_OK;
	sqlite3_stmt *st;
	int rc;

	if ((st = sqlite_stmt(s, SQL_ATTACHMENT_INDEX, &e)) == NULL)
		return e;
	sqlite_bind_scope(st, scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_attachment_ref *r = arena_push(a, (void **)&v, &nv,
		    &cap, sizeof *r);
		const char *sha = (const char *)sqlite3_column_text(st, 0);

		if (r == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		if (sha == NULL || !attachment_sha_valid(sha)) {
			e = ERR_CORRUPT;
			goto out;
		}
		memcpy(r->sha256, sha, sizeof r->sha256);
		r->name = sqlite_col_text(a, st, 1);
		if (r->name == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		nv++;
	}
	if (rc != SQLITE_DONE) {
		e = sqlite_err(s, rc);
		goto out;
	}
	*out = v;
	*n = nv;
out:
	sqlite3_reset(st);
	return e;
}

const struct store_attachment_ops store_sqlite_attachments = {
	.put = att_put,
	.get = att_get,
	.visible = att_visible,
	.index = att_index,
};
