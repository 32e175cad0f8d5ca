/*
 * sqlite.c - the SQLite store backend.
 *
 * One connection per struct store, opened in WAL mode with synchronous=FULL
 * (an acknowledged save survives power loss), foreign keys on and a busy
 * timeout. Statements come from the table in sql.c and are prepared once
 * per connection. Saves run in BEGIN IMMEDIATE ... COMMIT and roll back on
 * any error. Does not decide visibility, render or import anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sodium.h>
#include <sqlite3.h>
#include "pressroom/asset_json.h"
#include "pressroom/buf.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "sql.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

#define BUSY_TIMEOUT_MS SQLITE_STORE_BUSY_MS
#define HASH_BYTES crypto_hash_sha256_BYTES

struct sqlite_store {
	sqlite3 *db;
	sqlite3_stmt *stmts[SQL__MAX];
	int64_t data_version;	/* -1: not read yet */
	uint64_t generation;
	bool batch;		/* store_batch_begin: saves are savepoints */
	bool snapshot;		/* store_snapshot_begin: a read transaction */
	uint64_t batch_generation;	/* the last save's, until committed */
};

static struct sqlite_store *
impl(struct store *s)
{
	return s->impl;
}

/* Records the connection's error message and maps rc to an enum err. */
static enum err
sq_err(struct store *s, int rc)
{
	struct sqlite_store *q = impl(s);
	int prim = rc & 0xff;

	/* success keeps the last error ("" until there is one) */
	if (q != NULL && q->db != NULL && prim != SQLITE_OK &&
	    prim != SQLITE_DONE && prim != SQLITE_ROW)
		snprintf(s->errmsg, sizeof s->errmsg, "%s",
		    sqlite3_errmsg(q->db));
	switch (prim) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return ERR_OK;
	case SQLITE_NOMEM:
		return ERR_NOMEM;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return ERR_INVAL;
		return ERR_CONFLICT;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ERR_CORRUPT;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		return ERR_IO;
	case SQLITE_TOOBIG:
		return ERR_LIMIT;
	default:
		return ERR_DB;
	}
}

/* The statement, reset and unbound, ready for binding; NULL on failure. */
static sqlite3_stmt *
stmt(struct store *s, enum sql_id id, enum err *e)
{
	struct sqlite_store *q = impl(s);
	sqlite3_stmt *st = q->stmts[id];
	int rc;

	if (st == NULL) {
		rc = sqlite3_prepare_v3(q->db, sql_text(id), -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			*e = sq_err(s, rc);
			return NULL;
		}
		q->stmts[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
bind_i64(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

/* Binds :public and :now where the statement has them (SQL_IN_SCOPE). */
static void
bind_scope(sqlite3_stmt *st, const struct store_scope *scope)
{
	int ip = sqlite3_bind_parameter_index(st, ":public");
	int in = sqlite3_bind_parameter_index(st, ":now");
	int iw = sqlite3_bind_parameter_index(st, ":withdrawn");

	if (ip > 0)
		sqlite3_bind_int(st, ip, scope != NULL && scope->public);
	if (iw > 0)
		sqlite3_bind_int(st, iw, scope != NULL && scope->withdrawn);
	if (in > 0)
		sqlite3_bind_int64(st, in, scope != NULL ? scope->now : 0);
}

/* The editors' status filter of a list query (NULL binds NULL). */
static void
bind_status(sqlite3_stmt *st, const struct store_list_query *q)
{
	int is = sqlite3_bind_parameter_index(st, ":status");
	int in = sqlite3_bind_parameter_index(st, ":snow");

	if (is > 0 && q->status != NULL)
		sqlite3_bind_text(st, is, q->status, -1, SQLITE_STATIC);
	if (in > 0)
		sqlite3_bind_int64(st, in, q->status_now);
}

static char *
col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	if (t == NULL)
		return arena_strdup(a, "");
	return arena_strndup(a, (const char *)t, (size_t)n);
}

/* Steps a statement that returns no rows (or whose rows we ignore). */
static enum err
exec_done(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return ERR_OK;
	}
	sqlite3_reset(st);
	return sq_err(s, rc);
}

static enum err
exec_id(struct store *s, enum sql_id id)
{
	enum err e = ERR_OK;
	sqlite3_stmt *st = stmt(s, id, &e);

	if (st == NULL)
		return e;
	return exec_done(s, st);
}

/* --- opening and migrations -------------------------------------------- */

static enum err
exec_script(struct store *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(impl(s)->db, sql, NULL, NULL, &msg);
	enum err e = sq_err(s, rc);

	if (msg != NULL) {
		snprintf(s->errmsg, sizeof s->errmsg, "%s", msg);
		sqlite3_free(msg);
	}
	return e;
}

/*
 * The schema version, application id and number of schema objects, read
 * in one statement so that another process's migration is seen whole.
 */
static enum err
read_header(struct store *s, int64_t *version, int64_t *app, int64_t *tables)
{
	sqlite3_stmt *st = NULL;
	int rc;
	enum err e = ERR_OK;

	rc = sqlite3_prepare_v2(impl(s)->db, sql_text(SQL_HEADER), -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return sq_err(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		*app = sqlite3_column_int64(st, 1);
		*tables = sqlite3_column_int64(st, 2);
	} else {
		e = sq_err(s, rc);
	}
	sqlite3_finalize(st);
	return e;
}

/* ERR_CORRUPT unless empty or a pressroom database we know how to read. */
static enum err
check_header(int64_t version, int64_t app, int64_t tables, struct diag *d)
{
	if ((version == 0 && tables > 0) ||
	    (version > 0 && app != SQL_PRESSROOM_APP_ID)) {
		diag_set(d, 0, 0, "not a pressroom database (it has other "
		    "tables or another application id)");
		return ERR_CORRUPT;
	}
	if (version > (int64_t)sql_nmigrations) {
		diag_set(d, 0, 0, "the database has schema version %lld, newer "
		    "than this pressroom knows (%zu): upgrade pressroom",
		    (long long)version, sql_nmigrations);
		return ERR_CORRUPT;
	}
	return ERR_OK;
}

/*
 * Brings the schema up to date, one migration per transaction. Several
 * processes may open a database at once: the header read without a lock
 * only tells whether there is anything to do; what is done is decided on
 * the header read again under the write lock.
 */
static enum err
migrate(struct store *s, struct diag *d)
{
	int64_t version = 0, app = 0, tables = 0, ran = -1;
	enum err e;

	if ((e = read_header(s, &version, &app, &tables)) != ERR_OK)
		goto unreadable;
	if (version >= (int64_t)sql_nmigrations)
		return check_header(version, app, tables, d);
	for (;;) {
		if ((e = exec_script(s, sql_text(SQL_BEGIN))) != ERR_OK)
			goto fail;
		if ((e = read_header(s, &version, &app, &tables)) != ERR_OK) {
			exec_script(s, sql_text(SQL_ROLLBACK));
			goto unreadable;
		}
		if ((e = check_header(version, app, tables, d)) != ERR_OK ||
		    version == (int64_t)sql_nmigrations) {
			exec_script(s, sql_text(SQL_ROLLBACK));
			return e;
		}
		if (version == ran) {
			exec_script(s, sql_text(SQL_ROLLBACK));
			snprintf(s->errmsg, sizeof s->errmsg, "migration %lld "
			    "does not set user_version", (long long)ran + 1);
			e = ERR_DB;
			goto fail;
		}
		ran = version;
		if ((e = exec_script(s, sql_migrations[version])) != ERR_OK ||
		    (e = exec_script(s, sql_text(SQL_COMMIT))) != ERR_OK) {
			exec_script(s, sql_text(SQL_ROLLBACK));
			goto fail;
		}
	}
unreadable:
	diag_set(d, 0, 0, "cannot read the database header: %s", s->errmsg);
	return e == ERR_DB ? ERR_CORRUPT : e;
fail:
	diag_set(d, 0, 0, "schema migration failed: %s", s->errmsg);
	return e;
}

/* A read-only store cannot migrate: the schema must be ours and current. */
static enum err
check_readonly(struct store *s, struct diag *d)
{
	int64_t version = 0, app = 0, tables = 0;
	enum err e;

	if ((e = read_header(s, &version, &app, &tables)) != ERR_OK) {
		diag_set(d, 0, 0, "cannot read the database header: %s",
		    s->errmsg);
		return e == ERR_DB ? ERR_CORRUPT : e;
	}
	if ((e = check_header(version, app, tables, d)) != ERR_OK)
		return e;
	if (version < (int64_t)sql_nmigrations) {
		diag_set(d, 0, 0, "the database has schema version %lld, older "
		    "than this pressroom's (%zu), and a read-only store cannot "
		    "upgrade it: run `pressroom init` first",
		    (long long)version, sql_nmigrations);
		return ERR_CORRUPT;
	}
	return ERR_OK;
}

static void
sqlite_close(struct store *s)
{
	struct sqlite_store *q = impl(s);

	if (q == NULL)
		return;
	for (int i = 0; i < SQL__MAX; i++)
		sqlite3_finalize(q->stmts[i]);
	sqlite3_close_v2(q->db);
	mem_free(q);
	s->impl = NULL;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static int sqlite_init_rc = SQLITE_ERROR;

/*
 * Once per process, before any connection: no memory statistics (with
 * them every allocation of every connection takes one global mutex, and
 * threads rendering pages in parallel queue on it; nothing here reads
 * sqlite3_memory_used), then the library's own set-up.
 */
static void
sqlite_init_once(void)
{
	/* SQLITE_MISUSE when a caller initialized the library first: the
	 * statistics stay, nothing else changes */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite_init_rc = sqlite3_initialize();
}

static enum err
sqlite_open(struct store *s, const char *target, unsigned flags,
    struct diag *d)
{
	struct sqlite_store *q;
	int oflags = SQLITE_OPEN_NOMUTEX, rc;
	char mode[16] = "";
	enum err e;
	sqlite3_stmt *st = NULL;

	if (pthread_once(&sqlite_once, sqlite_init_once) != 0 ||
	    sqlite_init_rc != SQLITE_OK)
		return ERR_NOMEM;
	q = mem_calloc(1, sizeof *q);
	if (q == NULL)
		return ERR_NOMEM;
	q->data_version = -1;
	s->impl = q;
	oflags |= (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	if ((flags & STORE_CREATE) && !(flags & STORE_READONLY))
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(target, &q->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		e = (rc & 0xff) == SQLITE_CANTOPEN ? ERR_NOTFOUND : sq_err(s, rc);
		diag_set(d, 0, 0, "cannot open %s: %s%s", target,
		    q->db != NULL ? sqlite3_errmsg(q->db) : "out of memory",
		    e == ERR_NOTFOUND ? " (run `pressroom init` to create it)" :
		    "");
		goto fail;
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
	/* before any migration: the search index's schema names it */
	if ((e = fts_register(q->db)) != ERR_OK) {
		diag_set(d, 0, 0, "%s: cannot register the search tokenizer: "
		    "%s", target, err_str(e));
		goto fail;
	}
	/*
	 * WAL: readers never block the writer; FULL: commits survive power
	 * loss. A read-only connection cannot switch (a pressroom database
	 * is WAL from its creation).
	 */
	if (!(flags & STORE_READONLY)) {
		int64_t version = 0, app = 0, tables = 0;

		/* someone else's database is refused before we change it */
		e = read_header(s, &version, &app, &tables);
		if (e == ERR_OK)
			e = check_header(version, app, tables, d);
		if (e != ERR_OK) {
			if (d != NULL && d->msg[0] == '\0')
				diag_set(d, 0, 0, "%s: %s", target, s->errmsg);
			goto fail;
		}
		/*
		 * Switching a new file to WAL takes an exclusive lock and
		 * does not wait on the busy handler: retry for a while when
		 * several processes create the database at once.
		 */
		for (int tries = 0; ; tries++) {
			rc = sqlite3_prepare_v2(q->db, sql_text(SQL_JOURNAL_WAL),
			    -1, &st, NULL);
			if (rc == SQLITE_OK) {
				if (sqlite3_step(st) == SQLITE_ROW)
					snprintf(mode, sizeof mode, "%s",
					    (const char *)sqlite3_column_text(
					    st, 0));
				rc = sqlite3_finalize(st);
			}
			if ((rc & 0xff) != SQLITE_BUSY ||
			    tries * 10 >= BUSY_TIMEOUT_MS)
				break;
			sqlite3_sleep(10);
		}
		/* a file that is not a database fails to prepare: NOTADB */
		if (rc != SQLITE_OK) {
			e = sq_err(s, rc);
			diag_set(d, 0, 0, "%s: %s", target, s->errmsg);
			goto fail;
		}
		if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0) {
			diag_set(d, 0, 0, "%s: cannot switch to WAL mode "
			    "(got %s)", target, mode);
			e = ERR_DB;
			goto fail;
		}
	}
	if ((e = exec_script(s, sql_text(SQL_SETUP))) != ERR_OK ||
	    ((flags & STORE_NO_MMAP) &&
	    (e = exec_script(s, sql_text(SQL_MMAP_OFF))) != ERR_OK)) {
		diag_set(d, 0, 0, "%s: %s", target, s->errmsg);
		goto fail;
	}
	e = (flags & STORE_READONLY) ? check_readonly(s, d) : migrate(s, d);
	if (e == ERR_OK && !(flags & STORE_READONLY))
		e = sqlite_search_pending(s, d);
	if (e != ERR_OK)
		goto fail;
	return ERR_OK;
fail:
	sqlite_close(s);
	return e;
}

/* --- saving ------------------------------------------------------------ */

struct save_ctx {
	struct arena scratch;	/* sort keys, for the time of the save */
	struct store *s;
	struct asset *as;
	const struct store_save_opts *opts;
	struct diag *d;
	struct buf json;
	unsigned char hash[HASH_BYTES];
	int64_t now;
	int64_t revision;
	int64_t created_at;
	int64_t updated_at;	/* before the save (unchanged saves) */
	uint64_t generation;	/* after the save, once committed */
	bool created;
	bool changed;
};

static enum err sqlite_asset_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out);

/*
 * The type and size of each attachment, from the stored bytes (so the
 * revision records them); ERR_INVAL for bytes never uploaded.
 */
static enum err
attachments_fill(struct store *s, struct arena *a, struct asset *as,
    struct diag *d)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < as->nattachments; i++) {
		struct attachment *at = &as->attachments[i];
		sqlite3_stmt *st = stmt(s, SQL_ATTACHMENT_META, &e);
		int rc;

		if (st == NULL)
			return e;
		bind_text(st, 1, at->sha256);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			at->type = col_text(a, st, 0);
			at->size = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			diag_set(d, 0, 0, "attachments[%zu]: no file with "
			    "sha256 %s was uploaded", i, at->sha256);
			return ERR_INVAL;
		}
		if (rc != SQLITE_ROW)
			return sq_err(s, rc);
		if (at->type == NULL)
			return ERR_NOMEM;
	}
	return ERR_OK;
}

/*
 * For an unchanged save: every translation block (and head) whose
 * source_rev the caller raised (asset_revs_confirm) is confirmed in the
 * store, as store_translation_confirm does.
 */
static enum err
save_confirmations(struct save_ctx *c)
{
	struct asset *old;
	enum err e;

	if (c->as->id == 0 || c->as->ntranslations < 2)
		return ERR_OK;
	if ((e = sqlite_asset_get(c->s, &c->scratch, c->as->id, &old)) !=
	    ERR_OK)
		return e;
	for (size_t k = 1; k < c->as->ntranslations; k++) {
		const struct translation *t = &c->as->translations[k];
		const struct translation *ot = asset_translation(old,
		    &t->locale);

		if (ot == NULL)
			continue;
		if (t->head_source_rev > ot->head_source_rev &&
		    (e = c->s->ops->accounts->translation_confirm(c->s,
		    c->as->id, t->locale.tag, "")) != ERR_OK &&
		    e != ERR_NOTFOUND)
			return e;
		for (size_t i = 0; i < t->nblocks; i++) {
			const struct block *b = &t->blocks[i];

			for (size_t j = 0; j < ot->nblocks; j++)
				if (strcmp(ot->blocks[j].id, b->id) == 0 &&
				    b->source_rev > ot->blocks[j].source_rev &&
				    (e = c->s->ops->accounts->
				    translation_confirm(c->s, c->as->id,
				    t->locale.tag, b->id)) != ERR_OK &&
				    e != ERR_NOTFOUND)
					return e;
		}
	}
	return ERR_OK;
}

/* Links tag name (made if new) to asset id at position pos. */
static enum err
save_tag(struct store *s, int64_t id, size_t pos, const char *name)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int64_t tag;
	int rc;

	if ((st = stmt(s, SQL_TAG_FIND, &e)) == NULL)
		return e;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	tag = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_err(s, rc);
	if (rc == SQLITE_DONE) {
		if ((st = stmt(s, SQL_TAG_INSERT, &e)) == NULL)
			return e;
		bind_text(st, 1, name);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
		tag = sqlite3_last_insert_rowid(impl(s)->db);
	}
	if ((st = stmt(s, SQL_ASSET_TAG_INSERT, &e)) == NULL)
		return e;
	bind_i64(st, 1, id);
	bind_i64(st, 2, (int64_t)pos);
	bind_i64(st, 3, tag);
	return exec_done(s, st);
}

static enum err
save_children(struct save_ctx *c)
{
	struct store *s = c->s;
	struct asset *as = c->as;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	static const enum sql_id deletes[] = { SQL_LOCALES_DELETE,
		SQL_SPEAKERS_DELETE, SQL_TRANSLATIONS_DELETE,
		SQL_RELATED_DELETE, SQL_TAGS_DELETE, SQL_ATTACHMENTS_DELETE };

	for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
		if ((st = stmt(s, deletes[i], &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < as->nlocales; i++) {
		if ((st = stmt(s, SQL_LOCALE_INSERT, &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		bind_i64(st, 2, (int64_t)i);
		bind_text(st, 3, as->locales[i].tag);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < as->nspeakers; i++) {
		int64_t person = 0;
		int rc;

		if ((st = stmt(s, SQL_PERSON_FIND, &e)) == NULL)
			return e;
		bind_text(st, 1, as->speakers[i].name);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			person = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		} else if (rc == SQLITE_DONE) {
			sqlite3_reset(st);
			if ((st = stmt(s, SQL_PERSON_INSERT, &e)) == NULL)
				return e;
			bind_text(st, 1, as->speakers[i].name);
			if ((e = exec_done(s, st)) != ERR_OK)
				return e;
			person = sqlite3_last_insert_rowid(impl(s)->db);
		} else {
			sqlite3_reset(st);
			return sq_err(s, rc);
		}
		if ((st = stmt(s, SQL_SPEAKER_INSERT, &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		bind_i64(st, 2, (int64_t)i);
		bind_i64(st, 3, person);
		bind_text(st, 4, as->speakers[i].title);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];
		char *key;

		if ((st = stmt(s, SQL_TRANSLATION_INSERT, &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		bind_text(st, 2, t->locale.tag);
		bind_i64(st, 3, (int64_t)i);
		bind_text(st, 4, t->title);
		bind_text(st, 5, t->summary);
		key = text_sort_key(&c->scratch, t->title);
		if (key == NULL)
			return ERR_NOMEM;
		bind_text(st, 6, key);
		bind_i64(st, 7, t->head_rev);
		bind_i64(st, 8, t->head_source_rev);
		bind_text(st, 9, t->update_note != NULL ? t->update_note : "");
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
		for (size_t k = 0; k < t->nblocks; k++) {
			const struct block *b = &t->blocks[k];

			if ((st = stmt(s, SQL_BLOCK_INSERT, &e)) == NULL)
				return e;
			bind_i64(st, 1, as->id);
			bind_text(st, 2, t->locale.tag);
			bind_i64(st, 3, (int64_t)k);
			bind_text(st, 4, b->id);
			bind_text(st, 5, block_type_name(b->type));
			bind_text(st, 6, b->type == BLOCK_TURN ?
			    turn_role_name(b->role) : NULL);
			if (b->speaker >= 0)
				bind_i64(st, 7, b->speaker);
			bind_text(st, 8, b->text);
			bind_i64(st, 9, b->rev);
			bind_i64(st, 10, b->source_rev);
			if ((e = exec_done(s, st)) != ERR_OK)
				return e;
		}
	}
	for (size_t i = 0; i < as->nrelated; i++) {
		if ((st = stmt(s, SQL_RELATED_INSERT, &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		bind_i64(st, 2, (int64_t)i);
		bind_i64(st, 3, as->related[i]);
		if ((e = exec_done(s, st)) != ERR_OK) {
			if (e == ERR_INVAL)
				diag_set(c->d, 0, 0, "related[%zu]: there is "
				    "no asset %lld", i,
				    (long long)as->related[i]);
			return e;
		}
	}
	for (size_t i = 0; i < as->ntags; i++) {
		if ((e = save_tag(s, as->id, i, as->tags[i])) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < as->nattachments; i++) {
		if ((st = stmt(s, SQL_ATTACHMENT_LINK, &e)) == NULL)
			return e;
		bind_i64(st, 1, as->id);
		bind_i64(st, 2, (int64_t)i);
		bind_text(st, 3, as->attachments[i].sha256);
		bind_text(st, 4, as->attachments[i].name);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
	}
	if ((st = stmt(s, SQL_ASSET_STATE_SET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	bind_text(st, 2, asset_status_name(as->status));
	bind_i64(st, 3, as->publish_at);
	if (as->status == ASSET_WITHDRAWN) {
		bind_i64(st, 4, as->withdrawn_at);
		bind_text(st, 5, as->withdraw_reason);
	}
	bind_i64(st, 6, as->update_note_at);
	return exec_done(s, st);
}

/* Inserts a new asset row or updates the existing one. */
static enum err
save_head(struct save_ctx *c)
{
	struct store *s = c->s;
	struct asset *as = c->as;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if (as->id == 0) {
		if ((st = stmt(s, SQL_ASSET_INSERT, &e)) == NULL)
			return e;
		bind_text(st, 1, as->slug);
		bind_text(st, 2, asset_kind_name(as->kind));
		bind_i64(st, 3, as->event_at);
		bind_i64(st, 4, as->event_offset);
		bind_text(st, 5, as->place);
		bind_text(st, 6, as->source);
		sqlite3_bind_blob(st, 7, c->hash, HASH_BYTES, SQLITE_STATIC);
		bind_i64(st, 8, c->now);
		if ((e = exec_done(s, st)) != ERR_OK)
			return e;
		as->id = sqlite3_last_insert_rowid(impl(s)->db);
		c->revision = 1;
		c->created_at = c->now;
		c->created = true;
		c->changed = true;
		return ERR_OK;
	}
	if ((st = stmt(s, SQL_ASSET_UPDATE, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	bind_text(st, 2, as->slug);
	bind_text(st, 3, asset_kind_name(as->kind));
	bind_i64(st, 4, as->event_at);
	bind_i64(st, 5, as->event_offset);
	bind_text(st, 6, as->place);
	bind_text(st, 7, as->source);
	sqlite3_bind_blob(st, 8, c->hash, HASH_BYTES, SQLITE_STATIC);
	bind_i64(st, 9, c->now);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ERR_NOTFOUND : sq_err(s, rc);
	}
	c->revision = sqlite3_column_int64(st, 0);
	c->created_at = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	c->changed = true;
	return ERR_OK;
}

/* Fills c->changed = false when the content equals the current revision. */
static enum err
save_compare(struct save_ctx *c)
{
	struct store *s = c->s;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if (c->as->id == 0) {
		c->changed = true;
		return ERR_OK;
	}
	if ((st = stmt(s, SQL_ASSET_HEAD, &e)) == NULL)
		return e;
	bind_i64(st, 1, c->as->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		diag_set(c->d, 0, 0, "there is no asset %lld",
		    (long long)c->as->id);
		return ERR_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_err(s, rc);
	}
	c->revision = sqlite3_column_int64(st, 0);
	c->created_at = sqlite3_column_int64(st, 2);
	c->updated_at = sqlite3_column_int64(st, 3);
	if (c->opts->expect_revision > 0 &&
	    c->opts->expect_revision != c->revision) {
		sqlite3_reset(st);
		diag_set(c->d, 0, 0, "asset %lld is at revision %lld, not %lld: "
		    "someone saved it meanwhile", (long long)c->as->id,
		    (long long)c->revision,
		    (long long)c->opts->expect_revision);
		return ERR_CONFLICT;
	}
	if (sqlite3_column_bytes(st, 1) == HASH_BYTES &&
	    memcmp(sqlite3_column_blob(st, 1), c->hash, HASH_BYTES) == 0)
		c->changed = false;
	else
		c->changed = true;
	sqlite3_reset(st);
	return ERR_OK;
}

static enum err
save_revision(struct save_ctx *c)
{
	struct store *s = c->s;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_REVISION_INSERT, &e)) == NULL)
		return e;
	bind_i64(st, 1, c->as->id);
	bind_i64(st, 2, c->revision);
	bind_i64(st, 3, c->now);
	bind_text(st, 4, c->opts->author != NULL ? c->opts->author : "system");
	bind_text(st, 5, c->opts->note != NULL ? c->opts->note : "");
	sqlite3_bind_text(st, 6, c->json.p, (int)c->json.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, c->hash, HASH_BYTES, SQLITE_STATIC);
	if ((e = exec_done(s, st)) != ERR_OK)
		return e;
	if ((st = stmt(s, SQL_GENERATION_BUMP, &e)) == NULL)
		return e;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_err(s, rc);
	}
	c->generation = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ERR_OK;
}

static enum err
sqlite_asset_save(struct store *s, struct asset *as,
    const struct store_save_opts *opts, struct store_save_result *res,
    struct diag *d)
{
	struct save_ctx c = { .s = s, .as = as, .opts = opts, .d = d };
	struct asset *old = NULL;
	int64_t id_before = as->id;
	bool began = false;
	enum err e;

	buf_init(&c.json, LIMIT_ASSET_JSON_BYTES);
	arena_init(&c.scratch, 4 * (size_t)LIMIT_ASSET_JSON_BYTES);
	if ((e = asset_validate(as, d)) != ERR_OK)
		goto out;
	if (as->nrelated_slugs > 0) {
		diag_set(d, 0, 0, "related: \"%s\" is named by slug; resolve "
		    "it to an id before saving", as->related_slugs[0]);
		e = ERR_INVAL;
		goto out;
	}
	if ((e = attachments_fill(s, &c.scratch, as, d)) != ERR_OK)
		goto out;
	c.now = opts->now != 0 ? opts->now : time_now();
	if (as->status == ASSET_PUBLISHED && as->publish_at == 0)
		as->publish_at = c.now;	/* published at the time of the save */
	if (as->status == ASSET_WITHDRAWN && as->withdrawn_at == 0)
		as->withdrawn_at = c.now;
	/* the revision's content: canonical JSON without id and metadata */
	if ((e = asset_json_write(as, ASSET_JSON_CONTENT, &c.json)) != ERR_OK) {
		diag_set(d, 0, 0, "cannot serialise the asset: %s", err_str(e));
		goto out;
	}
	crypto_hash_sha256(c.hash, (const unsigned char *)c.json.p, c.json.len);
	if ((e = exec_id(s, impl(s)->batch ? SQL_SAVEPOINT : SQL_BEGIN)) !=
	    ERR_OK) {
		diag_set(d, 0, 0, "cannot start a transaction: %s", s->errmsg);
		goto out;
	}
	began = true;
	if ((e = save_compare(&c)) != ERR_OK)
		goto out;
	if (!c.changed) {
		/* the content is the same; a translator's "still right"
		 * may still move a block's source number */
		if ((e = save_confirmations(&c)) != ERR_OK)
			goto out;
		goto commit;
	}
	/* the stored state, to carry the translation status over */
	if (as->id != 0 &&
	    (e = sqlite_asset_get(s, &c.scratch, as->id, &old)) != ERR_OK)
		goto out;
	if ((e = save_head(&c)) != ERR_OK) {
		if (e == ERR_CONFLICT)
			diag_set(d, 0, 0, "another asset already has the slug "
			    "\"%s\" or the source \"%s\"", as->slug,
			    as->source != NULL ? as->source : "");
		else if (e == ERR_NOTFOUND)
			diag_set(d, 0, 0, "there is no asset %lld",
			    (long long)as->id);
		goto out;
	}
	asset_revs_carry(old, as, c.revision);
	if ((e = save_children(&c)) != ERR_OK ||
	    (e = sqlite_search_index(s, as)) != ERR_OK ||
	    (e = save_revision(&c)) != ERR_OK)
		goto out;
	if (c.created && opts->author_id > 0) {
		sqlite3_stmt *st = stmt(s, SQL_ASSET_OWNER_SET, &e);

		if (st == NULL)
			goto out;
		bind_i64(st, 1, as->id);
		bind_i64(st, 2, opts->author_id);
		if ((e = exec_done(s, st)) != ERR_OK)
			goto out;
	}
commit:
	if ((e = exec_id(s, impl(s)->batch ? SQL_RELEASE : SQL_COMMIT)) !=
	    ERR_OK)
		goto out;
	began = false;
	/* only now: a rolled-back bump must not be seen as the generation */
	if (c.changed && impl(s)->batch)
		impl(s)->batch_generation = c.generation;
	else if (c.changed)
		impl(s)->generation = c.generation;
	as->created_at = c.created_at;
	as->updated_at = c.changed ? c.now : c.updated_at;
	as->revision = c.revision;
	res->id = as->id;
	res->revision = c.revision;
	res->created = c.created;
	res->changed = c.changed;
out:
	if (began && impl(s)->batch) {
		/* this save only; the batch goes on */
		exec_id(s, SQL_ROLLBACK_TO);
		exec_id(s, SQL_RELEASE);
		as->id = id_before;
	} else if (began) {
		exec_id(s, SQL_ROLLBACK);
		as->id = id_before;
	}
	if (e != ERR_OK && d != NULL && d->msg[0] == '\0')
		diag_set(d, 0, 0, "cannot save: %s (%s)", err_str(e),
		    s->errmsg);
	buf_release(&c.json);
	arena_release(&c.scratch);
	return e;
}

/* --- reading ----------------------------------------------------------- */

static enum err
load_locales(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_LOCALES_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct locale *l = arena_push(a, (void **)&as->locales,
		    &as->nlocales, &cap, sizeof *l);
		const char *tag = (const char *)sqlite3_column_text(st, 0);

		if (l == NULL)
			return a->err;
		if (tag == NULL || locale_parse(str_from(tag), l) != ERR_OK)
			return ERR_CORRUPT;
		as->nlocales++;
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
load_speakers(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_SPEAKERS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct person *p = arena_push(a, (void **)&as->speakers,
		    &as->nspeakers, &cap, sizeof *p);

		if (p == NULL)
			return a->err;
		p->name = col_text(a, st, 0);
		p->title = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL :
		    col_text(a, st, 1);
		if (p->name == NULL || a->err != ERR_OK)
			return a->err;
		as->nspeakers++;
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
load_translations(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_TRANSLATIONS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct translation *t = arena_push(a,
		    (void **)&as->translations, &as->ntranslations, &cap,
		    sizeof *t);
		const char *tag = (const char *)sqlite3_column_text(st, 0);

		if (t == NULL)
			return a->err;
		if (tag == NULL || locale_parse(str_from(tag), &t->locale) !=
		    ERR_OK)
			return ERR_CORRUPT;
		t->title = col_text(a, st, 1);
		t->summary = col_text(a, st, 2);
		t->head_rev = sqlite3_column_int64(st, 3);
		t->head_source_rev = sqlite3_column_int64(st, 4);
		t->update_note = col_text(a, st, 5);
		if (a->err != ERR_OK)
			return a->err;
		as->ntranslations++;
	}
	if (rc != SQLITE_DONE)
		return sq_err(s, rc);
	if ((st = stmt(s, SQL_BLOCKS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct locale l;
		struct translation *t;
		enum block_type type;
		enum turn_role role = TURN_ROLE_NONE;
		const char *tag = (const char *)sqlite3_column_text(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *ty = (const char *)sqlite3_column_text(st, 2);
		const char *ro = (const char *)sqlite3_column_text(st, 3);
		const char *text = (const char *)sqlite3_column_text(st, 5);
		int speaker = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 4);

		if (tag == NULL || id == NULL || ty == NULL || text == NULL ||
		    locale_parse(str_from(tag), &l) != ERR_OK ||
		    (t = asset_translation(as, &l)) == NULL ||
		    block_type_parse(ty, &type) != ERR_OK ||
		    (ro != NULL && turn_role_parse(ro, &role) != ERR_OK))
			return ERR_CORRUPT;
		e = translation_block_add(a, t, id, type, role, speaker, text,
		    (size_t)sqlite3_column_bytes(st, 5));
		if (e != ERR_OK)
			return e;
		t->blocks[t->nblocks - 1].rev = sqlite3_column_int64(st, 6);
		t->blocks[t->nblocks - 1].source_rev =
		    sqlite3_column_int64(st, 7);
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
load_attachments(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_ATTACHMENTS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct attachment *at = arena_push(a, (void **)&as->attachments,
		    &as->nattachments, &cap, sizeof *at);
		const char *sha = (const char *)sqlite3_column_text(st, 0);

		if (at == NULL) {
			sqlite3_reset(st);
			return a->err;
		}
		if (sha == NULL || !attachment_sha_valid(sha)) {
			sqlite3_reset(st);
			return ERR_CORRUPT;
		}
		memcpy(at->sha256, sha, sizeof at->sha256);
		at->name = col_text(a, st, 1);
		at->type = col_text(a, st, 2);
		at->size = sqlite3_column_int64(st, 3);
		if (a->err != ERR_OK) {
			sqlite3_reset(st);
			return a->err;
		}
		as->nattachments++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
load_related(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_RELATED_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t *r = arena_push(a, (void **)&as->related,
		    &as->nrelated, &cap, sizeof *r);

		if (r == NULL)
			return a->err;
		*r = sqlite3_column_int64(st, 0);
		as->nrelated++;
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
load_tags(struct store *s, struct arena *a, struct asset *as)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t cap = 0;
	int rc;

	if ((st = stmt(s, SQL_TAGS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, as->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **t = arena_push(a, (void **)&as->tags, &as->ntags, &cap,
		    sizeof *t);

		if (t == NULL || (*t = col_text(a, st, 0)) == NULL)
			return a->err;
		as->ntags++;
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
sqlite_asset_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out)
{
	sqlite3_stmt *st;
	struct asset *as;
	enum err e = ERR_OK;
	int rc;
	const char *kind, *status;

	if ((st = stmt(s, SQL_ASSET_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sq_err(s, rc);
		goto out;
	}
	as = asset_new(a);
	if (as == NULL) {
		e = a->err;
		goto out;
	}
	as->id = id;
	as->slug = col_text(a, st, 0);
	kind = (const char *)sqlite3_column_text(st, 1);
	if (kind == NULL || asset_kind_parse(kind, &as->kind) != ERR_OK) {
		e = ERR_CORRUPT;
		goto out;
	}
	as->event_at = sqlite3_column_int64(st, 2);
	as->event_offset = sqlite3_column_int(st, 3);
	as->place = col_text(a, st, 4);
	as->source = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL :
	    col_text(a, st, 5);
	as->revision = sqlite3_column_int64(st, 6);
	as->created_at = sqlite3_column_int64(st, 7);
	as->updated_at = sqlite3_column_int64(st, 8);
	status = (const char *)sqlite3_column_text(st, 9);
	if (status == NULL || asset_status_parse(status, &as->status) !=
	    ERR_OK) {
		e = ERR_CORRUPT;
		goto out;
	}
	as->publish_at = sqlite3_column_int64(st, 10);
	as->withdrawn_at = sqlite3_column_int64(st, 11);
	as->withdraw_reason = sqlite3_column_type(st, 12) == SQLITE_NULL ?
	    NULL : col_text(a, st, 12);
	as->update_note_at = sqlite3_column_int64(st, 13);
	if (a->err != ERR_OK) {
		e = a->err;
		goto out;
	}
	sqlite3_reset(st);
	if ((e = load_locales(s, a, as)) != ERR_OK ||
	    (e = load_speakers(s, a, as)) != ERR_OK ||
	    (e = load_translations(s, a, as)) != ERR_OK ||
	    (e = load_related(s, a, as)) != ERR_OK ||
	    (e = load_attachments(s, a, as)) != ERR_OK ||
	    (e = load_tags(s, a, as)) != ERR_OK)
		goto out;
	*out = as;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_asset_summary_get(struct store *s, struct arena *a, int64_t id,
    const struct locale *l, struct asset_summary *out)
{
	struct translation tr[LIMIT_LOCALES];
	char *lead[LIMIT_LOCALES];
	struct asset pick = { .translations = tr };
	struct asset_summary res = { .id = id };
	const struct translation *t;
	const char *kind, *status, *tag;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_ASSET_SUMMARY, &e)) == NULL)
		return e;
	bind_i64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct translation *x = &tr[pick.ntranslations];

		if (pick.ntranslations == LIMIT_LOCALES) {
			e = ERR_CORRUPT;
			goto out;
		}
		if (pick.ntranslations == 0) {
			kind = (const char *)sqlite3_column_text(st, 1);
			status = (const char *)sqlite3_column_text(st, 6);
			if (kind == NULL || asset_kind_parse(kind, &res.kind) !=
			    ERR_OK || status == NULL ||
			    asset_status_parse(status, &res.status) != ERR_OK) {
				e = ERR_CORRUPT;
				goto out;
			}
			res.slug = col_text(a, st, 0);
			res.event_at = sqlite3_column_int64(st, 2);
			res.event_offset = sqlite3_column_int(st, 3);
			res.place = col_text(a, st, 4);
			res.updated_at = sqlite3_column_int64(st, 5);
			res.publish_at = sqlite3_column_int64(st, 7);
		}
		memset(x, 0, sizeof *x);
		tag = (const char *)sqlite3_column_text(st, 8);
		if (tag == NULL ||
		    locale_parse(str_from(tag), &x->locale) != ERR_OK) {
			e = ERR_CORRUPT;
			goto out;
		}
		x->title = col_text(a, st, 9);
		x->summary = col_text(a, st, 10);
		lead[pick.ntranslations] = sqlite3_column_type(st, 11) ==
		    SQLITE_NULL ? arena_strdup(a, "") : col_text(a, st, 11);
		if (a->err != ERR_OK) {
			e = a->err;
			goto out;
		}
		pick.ntranslations++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	if (pick.ntranslations == 0) {
		e = ERR_NOTFOUND;
		goto out;
	}
	t = asset_translation_for(&pick, l);
	if (t == NULL)
		t = &tr[0];
	res.locale = t->locale;
	res.title = t->title;
	res.summary = t->summary;
	res.lead = lead[t - tr];
	*out = res;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_asset_find(struct store *s, const char *slug, const char *source,
    int64_t *out)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	st = stmt(s, slug != NULL ? SQL_ASSET_BY_SLUG : SQL_ASSET_BY_SOURCE,
	    &e);
	if (st == NULL)
		return e;
	bind_text(st, 1, slug != NULL ? slug : source);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ERR_OK;
	return rc == SQLITE_DONE ? ERR_NOTFOUND : sq_err(s, rc);
}

static enum err
sqlite_asset_list(struct store *s, struct arena *a,
    const struct store_list_query *q, struct store_list *out)
{
	sqlite3_stmt *st;
	struct store_list res = { 0 };
	size_t cap = 0;
	enum err e = ERR_OK;
	int rc, bare = strchr(q->locale.tag, '-') == NULL;

	if (q->limit == 0 || q->limit > LIMIT_LIST_PAGE_SIZE)
		return ERR_LIMIT;
	if (q->total_known) {
		res.total = q->total;
	} else {
		if ((st = stmt(s, SQL_LIST_COUNT, &e)) == NULL)
			return e;
		bind_text(st, 1, q->locale.tag);
		bind_i64(st, 2, bare);
		bind_scope(st, &q->scope);
		bind_status(st, q);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return sq_err(s, rc);
		}
		res.total = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if ((st = stmt(s, SQL_LIST, &e)) == NULL)
		return e;
	bind_text(st, 1, q->locale.tag);
	bind_i64(st, 2, bare);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
	    (int64_t)q->limit);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":offset"),
	    (int64_t)q->offset);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":after_at"),
	    q->after_id > 0 ? q->after_event_at : INT64_MAX);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":after_id"),
	    q->after_id > 0 ? q->after_id : INT64_MAX);
	bind_scope(st, &q->scope);
	bind_status(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct asset_summary *it = arena_push(a, (void **)&res.items,
		    &res.nitems, &cap, sizeof *it);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *tag = (const char *)sqlite3_column_text(st, 6);
		const char *status;

		if (it == NULL) {
			e = a->err;
			goto out;
		}
		it->id = sqlite3_column_int64(st, 0);
		it->slug = col_text(a, st, 1);
		if (kind == NULL || asset_kind_parse(kind, &it->kind) !=
		    ERR_OK || tag == NULL ||
		    locale_parse(str_from(tag), &it->locale) != ERR_OK) {
			e = ERR_CORRUPT;
			goto out;
		}
		it->event_at = sqlite3_column_int64(st, 3);
		it->event_offset = sqlite3_column_int(st, 4);
		it->place = col_text(a, st, 5);
		it->title = col_text(a, st, 7);
		it->summary = col_text(a, st, 8);
		it->lead = col_text(a, st, 9);
		it->updated_at = sqlite3_column_int64(st, 10);
		status = (const char *)sqlite3_column_text(st, 12);
		if (status == NULL || asset_status_parse(status, &it->status)
		    != ERR_OK) {
			e = ERR_CORRUPT;
			goto out;
		}
		it->publish_at = sqlite3_column_int64(st, 13);
		if (a->err != ERR_OK) {
			e = a->err;
			goto out;
		}
		res.nitems++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*out = res;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_locales(struct store *s, struct arena *a,
    const struct store_scope *scope, struct store_locale_count **out,
    size_t *n)
{
	sqlite3_stmt *st;
	struct store_locale_count *items = NULL;
	size_t count = 0, cap = 0;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_TRANSLATION_LOCALES, &e)) == NULL)
		return e;
	bind_scope(st, scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_locale_count *c = arena_push(a, (void **)&items,
		    &count, &cap, sizeof *c);
		const char *tag = (const char *)sqlite3_column_text(st, 0);

		if (c == NULL) {
			e = a->err;
			goto out;
		}
		if (tag == NULL || locale_parse(str_from(tag), &c->locale) !=
		    ERR_OK) {
			e = ERR_CORRUPT;
			goto out;
		}
		c->count = (size_t)sqlite3_column_int64(st, 1);
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_revisions(struct store *s, struct arena *a, int64_t id,
    struct store_revision **out, size_t *n)
{
	sqlite3_stmt *st;
	struct store_revision *items = NULL;
	size_t count = 0, cap = 0;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_REVISIONS_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_revision *r = arena_push(a, (void **)&items,
		    &count, &cap, sizeof *r);

		if (r == NULL) {
			e = a->err;
			goto out;
		}
		r->revision = sqlite3_column_int64(st, 0);
		r->created_at = sqlite3_column_int64(st, 1);
		r->author = col_text(a, st, 2);
		r->note = col_text(a, st, 3);
		if (a->err != ERR_OK) {
			e = a->err;
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	if (count == 0) {
		e = ERR_NOTFOUND;
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_revision_get(struct store *s, struct arena *a, int64_t id,
    int64_t revision, struct asset **out)
{
	sqlite3_stmt *st;
	struct asset *as = NULL;
	struct diag d;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_REVISION_GET, &e)) == NULL)
		return e;
	bind_i64(st, 1, id);
	bind_i64(st, 2, revision);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sq_err(s, rc);
		goto out;
	}
	diag_init(&d, NULL);
	e = asset_json_parse(a, (const char *)sqlite3_column_text(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0), &as, &d);
	if (e != ERR_OK) {
		snprintf(s->errmsg, sizeof s->errmsg, "revision %lld of %lld: "
		    "%.150s", (long long)revision, (long long)id, d.msg);
		e = e == ERR_NOMEM ? e : ERR_CORRUPT;
		goto out;
	}
	as->id = id;
	as->revision = revision;
	*out = as;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_generation(struct store *s, uint64_t *out)
{
	struct sqlite_store *q = impl(s);
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int64_t dv;
	int rc;

	/* data_version changes when another connection commits */
	if ((st = stmt(s, SQL_DATA_VERSION, &e)) == NULL)
		return e;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_err(s, rc);
	}
	dv = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (dv == q->data_version) {
		*out = q->generation;
		return ERR_OK;
	}
	if ((st = stmt(s, SQL_GENERATION_GET, &e)) == NULL)
		return e;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ERR_CORRUPT : sq_err(s, rc);
	}
	q->generation = (uint64_t)sqlite3_column_int64(st, 0);
	q->data_version = dv;
	sqlite3_reset(st);
	*out = q->generation;
	return ERR_OK;
}

static enum err
sqlite_asset_index(struct store *s, struct arena *a,
    const struct store_scope *scope, size_t offset, size_t limit,
    struct store_index_item **out, size_t *n)
{
	struct store_index_item *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if (limit > 100000)
		return ERR_LIMIT;
	if ((st = stmt(s, SQL_ASSET_INDEX, &e)) == NULL)
		return e;
	bind_scope(st, scope);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
	    (int64_t)limit);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":offset"),
	    (int64_t)offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_index_item *it = arena_push(a, (void **)&items,
		    &count, &cap, sizeof *it);
		const char *status = (const char *)sqlite3_column_text(st, 4);
		const char *tags = (const char *)sqlite3_column_text(st, 5);
		struct asset tmp = { 0 };
		struct str rest, tag;
		size_t lcap = 0;

		if (it == NULL) {
			e = a->err;
			goto out;
		}
		it->id = sqlite3_column_int64(st, 0);
		it->slug = col_text(a, st, 1);
		tmp.updated_at = sqlite3_column_int64(st, 2);
		tmp.publish_at = sqlite3_column_int64(st, 3);
		if (status == NULL || asset_status_parse(status, &tmp.status) !=
		    ERR_OK) {
			e = ERR_CORRUPT;
			goto out;
		}
		it->status = tmp.status;
		it->last_modified = asset_last_modified(&tmp,
		    scope != NULL ? scope->now : 0);
		rest = str_from(tags);
		while (str_take_until(&rest, ' ', &tag)) {
			struct locale *l = arena_push(a, (void **)&it->locales,
			    &it->nlocales, &lcap, sizeof *l);

			if (l == NULL) {
				e = a->err;
				goto out;
			}
			if (locale_parse(tag, l) != ERR_OK) {
				e = ERR_CORRUPT;
				goto out;
			}
			it->nlocales++;
		}
		if (a->err != ERR_OK) {
			e = a->err;
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

/* --- publishers --------------------------------------------------------- */

static void
bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		bind_text(st, i, v);
}

static void
bind_named_i64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* A JSON array of the strings, in a; NULL (no filter) for none. */
static const char *
json_strings(struct arena *a, char *const *v, size_t n, enum err *e)
{
	json_t *arr;
	char *text, *out;

	if (n == 0)
		return NULL;
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, json_string(v[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	text = arr != NULL ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	out = text != NULL ? arena_strdup(a, text) : NULL;
	free(text);
	if (out == NULL)
		*e = ERR_NOMEM;
	return out;
}

static enum err
sqlite_publisher_save(struct store *s, struct publisher *p, int64_t now,
    struct diag *d)
{
	struct buf json;
	sqlite3_stmt *st;
	enum err e;
	bool began = false;
	int rc;

	buf_init(&json, LIMIT_ASSET_JSON_BYTES);
	if ((e = publisher_validate(p, d)) != ERR_OK)
		goto out;
	if ((e = publisher_json_write(p, false, &json)) != ERR_OK)
		goto out;
	if ((e = exec_id(s, SQL_BEGIN)) != ERR_OK)
		goto out;
	began = true;
	if ((st = stmt(s, SQL_PUBLISHER_UPSERT, &e)) == NULL)
		goto out;
	bind_text(st, 1, p->name);
	sqlite3_bind_text(st, 2, json.p, (int)json.len, SQLITE_STATIC);
	bind_i64(st, 3, now != 0 ? now : time_now());
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		e = sq_err(s, rc);
		goto out;
	}
	p->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((st = stmt(s, SQL_GENERATION_BUMP, &e)) == NULL)
		goto out;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		e = sq_err(s, rc);
		goto out;
	}
	if ((e = exec_id(s, SQL_COMMIT)) != ERR_OK)
		goto out;
	began = false;
	impl(s)->data_version = -1;	/* re-read the generation */
out:
	if (began)
		exec_id(s, SQL_ROLLBACK);
	if (e != ERR_OK && d != NULL && d->msg[0] == '\0')
		diag_set(d, 0, 0, "cannot save the publisher: %s (%s)",
		    err_str(e), s->errmsg);
	buf_release(&json);
	return e;
}

static enum err
publisher_row(struct store *s, struct arena *a, sqlite3_stmt *st,
    struct publisher **out)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = publisher_json_parse(a, (const char *)sqlite3_column_text(st, 1),
	    (size_t)sqlite3_column_bytes(st, 1), out, &d);
	if (e != ERR_OK) {
		snprintf(s->errmsg, sizeof s->errmsg, "publisher: %.200s",
		    d.msg);
		return e == ERR_NOMEM ? e : ERR_CORRUPT;
	}
	(*out)->id = sqlite3_column_int64(st, 0);
	return ERR_OK;
}

static enum err
sqlite_publisher_get(struct store *s, struct arena *a, const char *name,
    struct publisher **out)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_PUBLISHER_GET, &e)) == NULL)
		return e;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		e = publisher_row(s, a, st, out);
	else
		e = rc == SQLITE_DONE ? ERR_NOTFOUND : sq_err(s, rc);
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_publisher_list(struct store *s, struct arena *a,
    struct publisher ***out, size_t *n)
{
	struct publisher **items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_PUBLISHER_LIST, &e)) == NULL)
		return e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct publisher **slot = arena_push(a, (void **)&items,
		    &count, &cap, sizeof *slot);

		if (slot == NULL) {
			e = a->err;
			goto out;
		}
		if ((e = publisher_row(s, a, st, slot)) != ERR_OK)
			goto out;
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_publisher_delete(struct store *s, const char *name)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;

	if ((e = exec_id(s, SQL_BEGIN)) != ERR_OK)
		return e;
	if ((st = stmt(s, SQL_PUBLISHER_DELETE, &e)) == NULL)
		goto fail;
	bind_text(st, 1, name);
	if ((e = exec_done(s, st)) != ERR_OK)
		goto fail;
	if (sqlite3_changes(impl(s)->db) == 0) {
		e = ERR_NOTFOUND;
		goto fail;
	}
	if ((st = stmt(s, SQL_GENERATION_BUMP, &e)) == NULL ||
	    (e = exec_done(s, st)) != ERR_OK ||
	    (e = exec_id(s, SQL_COMMIT)) != ERR_OK)
		goto fail;
	impl(s)->data_version = -1;
	return ERR_OK;
fail:
	exec_id(s, SQL_ROLLBACK);
	return e;
}

/* Binds a publisher's filters and order to a listing statement. */
static enum err
bind_publisher(struct arena *a, sqlite3_stmt *st, const struct publisher *p,
    const struct store_publisher_query *q)
{
	char *kinds[ASSET_KIND__MAX];
	size_t nk = 0;
	enum err e = ERR_OK;
	const char *v;

	bind_scope(st, &q->scope);
	bind_named_text(st, ":locale", q->locale.tag);
	bind_named_i64(st, ":fallback", p->fallback == PUB_FALLBACK_ORIGINAL);
	for (int k = 0; k < ASSET_KIND__MAX; k++)
		if (p->kinds & (1u << k))
			kinds[nk++] = (char *)asset_kind_name((enum asset_kind)k);
	bind_named_text(st, ":kinds", json_strings(a, kinds, nk, &e));
	bind_named_text(st, ":tags_any", json_strings(a, p->tags_any,
	    p->ntags_any, &e));
	bind_named_text(st, ":tags_all", json_strings(a, p->tags_all,
	    p->ntags_all, &e));
	bind_named_text(st, ":tags_none", json_strings(a, p->tags_none,
	    p->ntags_none, &e));
	bind_named_text(st, ":speaker", p->speaker);
	bind_named_text(st, ":place", p->place);
	if (p->from != 0)
		bind_named_i64(st, ":from", p->from);
	if (p->to != 0)
		bind_named_i64(st, ":to", p->to);
	if (p->has_locale)
		bind_named_text(st, ":has_locale", p->locale.tag);
	if (p->selection == PUB_MANUAL) {
		json_t *arr = json_array();
		char *text;

		for (size_t i = 0; arr != NULL && i < p->nmanual; i++)
			if (json_array_append_new(arr,
			    json_integer(p->manual[i])) != 0) {
				json_decref(arr);
				arr = NULL;
			}
		text = arr != NULL ? json_dumps(arr, JSON_COMPACT) : NULL;
		json_decref(arr);
		v = text != NULL ? arena_strdup(a, text) : NULL;
		free(text);
		if (v == NULL)
			e = ERR_NOMEM;
		bind_named_text(st, ":manual", v);
	}
	bind_named_i64(st, ":o1", p->order[0]);
	bind_named_i64(st, ":d1", p->desc[0]);
	bind_named_i64(st, ":o2", p->order[1]);
	bind_named_i64(st, ":d2", p->desc[1]);
	bind_named_i64(st, ":limit", (int64_t)q->limit);
	bind_named_i64(st, ":offset", (int64_t)q->offset);
	return e;
}

/* "a b c" (sep) into an arena array of strings */
static enum err
split_names(struct arena *a, const char *s, char sep, char ***out, size_t *n)
{
	struct str rest = str_from(s), part;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (str_take_until(&rest, sep, &part)) {
		char **slot = arena_push(a, (void **)out, n, &cap,
		    sizeof *slot);

		if (slot == NULL || (*slot = arena_strndup(a, part.p,
		    part.len)) == NULL)
			return a->err;
		(*n)++;
	}
	return ERR_OK;
}

/* Steps st (SQL_PUBLISHER_COLUMNS rows) to the end, into res. */
static enum err
publisher_rows_read(struct store *s, struct arena *a, sqlite3_stmt *st,
    struct store_list *res)
{
	size_t cap = 0;
	enum err e = ERR_OK;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct asset_summary *it = arena_push(a, (void **)&res->items,
		    &res->nitems, &cap, sizeof *it);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *tag = (const char *)sqlite3_column_text(st, 6);
		const char *status = (const char *)sqlite3_column_text(st, 11);
		const char *names = (const char *)sqlite3_column_text(st, 14);
		const char *tags = (const char *)sqlite3_column_text(st, 15);
		char **loc_names;
		size_t nloc;

		if (it == NULL)
			return a->err;
		it->id = sqlite3_column_int64(st, 0);
		it->slug = col_text(a, st, 1);
		if (kind == NULL || asset_kind_parse(kind, &it->kind) !=
		    ERR_OK || tag == NULL || locale_parse(str_from(tag),
		    &it->locale) != ERR_OK || status == NULL ||
		    asset_status_parse(status, &it->status) != ERR_OK)
			return ERR_CORRUPT;
		it->event_at = sqlite3_column_int64(st, 3);
		it->event_offset = sqlite3_column_int(st, 4);
		it->place = col_text(a, st, 5);
		it->title = col_text(a, st, 7);
		it->summary = col_text(a, st, 8);
		it->lead = col_text(a, st, 9);
		it->updated_at = sqlite3_column_int64(st, 10);
		it->publish_at = sqlite3_column_int64(st, 12);
		it->fallback = sqlite3_column_int(st, 13) != 0;
		if ((e = split_names(a, names != NULL ? names : "", '\x1f',
		    &it->speakers, &it->nspeakers)) != ERR_OK ||
		    (e = split_names(a, tags != NULL ? tags : "", ' ',
		    &loc_names, &nloc)) != ERR_OK)
			return e;
		it->locales = arena_calloc(a, nloc + 1, sizeof *it->locales);
		if (it->locales == NULL)
			return a->err;
		for (size_t k = 0; k < nloc; k++)
			if (locale_parse(str_from(loc_names[k]),
			    &it->locales[k]) != ERR_OK)
				return ERR_CORRUPT;
		it->nlocales = nloc;
		if (a->err != ERR_OK)
			return a->err;
		res->nitems++;
	}
	return rc == SQLITE_DONE ? ERR_OK : sq_err(s, rc);
}

static enum err
sqlite_publisher_items(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    struct store_list *out)
{
	struct store_list res = { 0 };
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if (q->limit == 0 || q->limit > LIMIT_LIST_PAGE_SIZE)
		return ERR_LIMIT;
	if ((st = stmt(s, SQL_PUBLISHER_COUNT, &e)) == NULL)
		return e;
	if ((e = bind_publisher(a, st, p, q)) != ERR_OK)
		goto out;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		e = sq_err(s, rc);
		goto out;
	}
	res.total = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((st = stmt(s, SQL_PUBLISHER_ITEMS, &e)) == NULL)
		return e;
	if ((e = bind_publisher(a, st, p, q)) != ERR_OK ||
	    (e = publisher_rows_read(s, a, st, &res)) != ERR_OK)
		goto out;
	*out = res;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_publisher_order(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    int64_t **ids, size_t *n)
{
	int64_t *v = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_PUBLISHER_ORDER, &e)) == NULL)
		return e;
	if ((e = bind_publisher(a, st, p, q)) != ERR_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t *slot = arena_push(a, (void **)&v, &count, &cap,
		    sizeof *slot);

		if (slot == NULL) {
			e = a->err;
			goto out;
		}
		*slot = sqlite3_column_int64(st, 0);
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*ids = v;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_publisher_rows(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    const int64_t *ids, size_t n, struct store_list *out)
{
	struct store_list res = { .total = n };
	struct buf b;
	sqlite3_stmt *st;
	enum err e = ERR_OK;

	(void)p;
	if (n > LIMIT_LIST_PAGE_SIZE)
		return ERR_LIMIT;
	buf_init(&b, 32 + n * 21);
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	buf_addc(&b, ']');
	if (b.err != ERR_OK) {
		e = b.err;
		buf_release(&b);
		return e;
	}
	if ((st = stmt(s, SQL_PUBLISHER_ROWS, &e)) == NULL) {
		buf_release(&b);
		return e;
	}
	bind_named_text(st, ":ids", b.p);
	bind_named_text(st, ":locale", q->locale.tag);
	if ((e = publisher_rows_read(s, a, st, &res)) == ERR_OK)
		*out = res;
	sqlite3_reset(st);
	buf_release(&b);
	return e;
}

static enum err
sqlite_terms(struct store *s, struct arena *a, const struct store_scope *scope,
    const struct locale *l, enum store_term_kind kind,
    struct store_term **out, size_t *n)
{
	static const enum sql_id ids[STORE_TERM__MAX] = { SQL_TERMS_TAG,
		SQL_TERMS_SPEAKER, SQL_TERMS_MONTH };
	struct store_term *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((unsigned)kind >= STORE_TERM__MAX)
		return ERR_INVAL;
	if ((st = stmt(s, ids[kind], &e)) == NULL)
		return e;
	bind_scope(st, scope);
	bind_named_text(st, ":locale", l->tag);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_term *t = arena_push(a, (void **)&items, &count,
		    &cap, sizeof *t);

		if (t == NULL || (t->name = col_text(a, st, 0)) == NULL) {
			e = a->err;
			goto out;
		}
		t->count = (size_t)sqlite3_column_int64(st, 1);
		count++;
	}
	if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
		goto out;
	}
	*out = items;
	*n = count;
out:
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_next_publish(struct store *s, int64_t now, int64_t *out)
{
	struct store_scope scope = { .public = false, .now = now };
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_NEXT_PUBLISH, &e)) == NULL)
		return e;
	bind_scope(st, &scope);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		e = sq_err(s, rc);
	} else if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
		e = ERR_NOTFOUND;
	} else {
		*out = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return e;
}

static enum err
sqlite_check(struct store *s, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	enum err e = ERR_OK;
	int rc;

	rc = sqlite3_prepare_v2(impl(s)->db, sql_text(SQL_INTEGRITY_CHECK), -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(s, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);

		if (r == NULL || strcmp(r, "ok") != 0) {
			diag_set(d, 0, 0, "integrity check: %s",
			    r != NULL ? r : "(null)");
			e = ERR_CORRUPT;
		}
	}
	if (rc != SQLITE_DONE && e == ERR_OK)
		e = sq_err(s, rc);
	sqlite3_finalize(st);
	if (e != ERR_OK)
		return e;
	rc = sqlite3_prepare_v2(impl(s)->db, sql_text(SQL_FOREIGN_KEY_CHECK),
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		diag_set(d, 0, 0, "foreign key check: table %s row %lld "
		    "points nowhere", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1));
		e = ERR_CORRUPT;
	} else if (rc != SQLITE_DONE) {
		e = sq_err(s, rc);
	}
	sqlite3_finalize(st);
	return e;
}

/* --- for the backend's other files (sqlite_internal.h) ------------------ */

sqlite3 *
sqlite_db(struct store *s)
{
	return impl(s)->db;
}

sqlite3_stmt *
sqlite_stmt(struct store *s, enum sql_id id, enum err *e)
{
	return stmt(s, id, e);
}

enum err
sqlite_err(struct store *s, int rc)
{
	return sq_err(s, rc);
}

enum err
sqlite_done(struct store *s, sqlite3_stmt *st)
{
	return exec_done(s, st);
}

enum err
sqlite_script(struct store *s, const char *sql)
{
	return exec_script(s, sql);
}

void
sqlite_bind_scope(sqlite3_stmt *st, const struct store_scope *scope)
{
	bind_scope(st, scope);
}

char *
sqlite_col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	return col_text(a, st, i);
}

enum err
sqlite_get(struct store *s, struct arena *a, int64_t id, struct asset **out)
{
	return sqlite_asset_get(s, a, id, out);
}

enum err
sqlite_generation_bump(struct store *s, uint64_t *out)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = stmt(s, SQL_GENERATION_BUMP, &e)) == NULL)
		return e;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ERR_OK : sq_err(s, rc);
}

void
sqlite_generation_set(struct store *s, uint64_t g)
{
	impl(s)->generation = g;
}

static enum err
sqlite_batch_begin(struct store *s)
{
	struct sqlite_store *q = impl(s);
	enum err e;

	if (q->batch || q->snapshot)
		return ERR_CONFLICT;
	if ((e = exec_id(s, SQL_BEGIN)) != ERR_OK)
		return e;
	q->batch = true;
	q->batch_generation = 0;
	return ERR_OK;
}

static enum err
sqlite_batch_end(struct store *s, bool commit)
{
	struct sqlite_store *q = impl(s);
	enum err e;

	if (!q->batch)
		return ERR_INVAL;
	q->batch = false;
	if (!commit)
		return exec_id(s, SQL_ROLLBACK);
	if ((e = exec_id(s, SQL_COMMIT)) != ERR_OK) {
		exec_id(s, SQL_ROLLBACK);
		return e;
	}
	if (q->batch_generation != 0)
		q->generation = q->batch_generation;
	return ERR_OK;
}

static enum err
sqlite_snapshot_begin(struct store *s)
{
	struct sqlite_store *q = impl(s);
	enum err e;

	if (q->batch || q->snapshot)
		return ERR_CONFLICT;
	if ((e = exec_id(s, SQL_READ_BEGIN)) != ERR_OK)
		return e;
	q->snapshot = true;
	return ERR_OK;
}

static enum err
sqlite_snapshot_end(struct store *s)
{
	struct sqlite_store *q = impl(s);
	enum err e;

	if (!q->snapshot)
		return ERR_INVAL;
	q->snapshot = false;
	if ((e = exec_id(s, SQL_COMMIT)) != ERR_OK)
		exec_id(s, SQL_ROLLBACK);
	return e;
}

extern const struct store_account_ops store_sqlite_accounts;
extern const struct store_attachment_ops store_sqlite_attachments;

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.asset_save = sqlite_asset_save,
	.asset_get = sqlite_asset_get,
	.asset_summary_get = sqlite_asset_summary_get,
	.asset_find = sqlite_asset_find,
	.asset_list = sqlite_asset_list,
	.locales = sqlite_locales,
	.next_publish = sqlite_next_publish,
	.asset_index = sqlite_asset_index,
	.publisher_save = sqlite_publisher_save,
	.publisher_get = sqlite_publisher_get,
	.publisher_list = sqlite_publisher_list,
	.publisher_delete = sqlite_publisher_delete,
	.publisher_items = sqlite_publisher_items,
	.publisher_order = sqlite_publisher_order,
	.publisher_rows = sqlite_publisher_rows,
	.terms = sqlite_terms,
	.accounts = &store_sqlite_accounts,
	.attachments = &store_sqlite_attachments,
	.revisions = sqlite_revisions,
	.revision_get = sqlite_revision_get,
	.generation = sqlite_generation,
	.check = sqlite_check,
	.search = sqlite_search,
	.search_locales = sqlite_search_locales,
	.reindex = sqlite_reindex,
	.backup = sqlite_backup,
	.checkpoint = sqlite_checkpoint,
	.batch_begin = sqlite_batch_begin,
	.batch_end = sqlite_batch_end,
	.snapshot_begin = sqlite_snapshot_begin,
	.snapshot_end = sqlite_snapshot_end,
};
