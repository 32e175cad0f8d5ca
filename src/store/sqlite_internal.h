/*
 * sqlite_internal.h - what the SQLite backend's files share: sqlite.c's
 * statement cache and helpers for sqlite_search.c, and the FTS5 tokenizer
 * of fts.c.
 *
 * Private to src/store. Every function works on a struct store opened by
 * the SQLite backend.
 */
#ifndef PRESSROOM_STORE_SQLITE_INTERNAL_H
#define PRESSROOM_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/err.h"
#include "pressroom/store.h"
#include "sql.h"

/* --- sqlite.c ----------------------------------------------------------- */

/* The connection. */
sqlite3 *sqlite_db(struct store *s);

/* Statement id, prepared once per connection, reset and unbound; NULL
 * with *e set on failure. */
sqlite3_stmt *sqlite_stmt(struct store *s, enum sql_id id, enum err *e);

/* Records the connection's error message and maps rc to an enum err. */
enum err sqlite_err(struct store *s, int rc);

/* Steps a statement whose rows are ignored, then resets it. */
enum err sqlite_done(struct store *s, sqlite3_stmt *st);

/* Runs a script (several statements) with sqlite3_exec. */
enum err sqlite_script(struct store *s, const char *sql);

/* Binds :public, :now and :withdrawn where the statement has them. */
void sqlite_bind_scope(sqlite3_stmt *st, const struct store_scope *scope);

/* Column i as a string in a ("" for NULL); NULL when a fails. */
char *sqlite_col_text(struct arena *a, sqlite3_stmt *st, int i);

/* The current state of asset id (store_asset_get). */
enum err sqlite_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out);

/* Bumps the generation inside the open transaction; the new value. */
enum err sqlite_generation_bump(struct store *s, uint64_t *out);
/* Records a generation that has been committed. */
void sqlite_generation_set(struct store *s, uint64_t g);

/* --- sqlite_maint.c ------------------------------------------------------ */

/* The busy timeout every connection has (sqlite.c sets it at open). */
#define SQLITE_STORE_BUSY_MS 10000

/* store_backup and store_checkpoint. */
enum err sqlite_backup(struct store *s, const char *path, unsigned flags,
    struct store_backup_result *res, struct diag *d);
enum err sqlite_checkpoint(struct store *s, unsigned wait_ms,
    struct store_checkpoint *out);

/* --- sqlite_search.c ----------------------------------------------------- */

/*
 * Replaces the index rows of as (saved in the open transaction: its
 * speakers are in asset_speaker) with its titles, summaries and blocks.
 */
enum err sqlite_search_index(struct store *s, const struct asset *as);

/* Runs the reindex a migration asked for (once, on a writable open). */
enum err sqlite_search_pending(struct store *s, struct diag *d);

enum err sqlite_search(struct store *s, struct arena *a,
    const struct store_search_query *q, struct store_search_result *out);
enum err sqlite_search_locales(struct store *s, struct arena *a,
    struct locale **out, size_t *n);
enum err sqlite_reindex(struct store *s, struct diag *d);

/* --- fts.c --------------------------------------------------------------- */

/*
 * Registers the FTS5 tokenizer 'pressroom' (pressroom/analyze.h behind
 * fts5_tokenizer) on db. ERR_NOMEM; ERR_DB when SQLite has no FTS5.
 */
enum err fts_register(sqlite3 *db);

#endif
