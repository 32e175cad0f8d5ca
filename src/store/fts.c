/*
 * fts.c - the FTS5 tokenizer 'pressroom': core's analyzer
 * (pressroom/analyze.h) behind SQLite's fts5_tokenizer interface.
 *
 * FTS5 makes one tokenizer instance per table per connection, and a
 * connection is used by one thread at a time, so each instance owns an
 * analyzer (whose stemmers are not thread-safe). Text to index, queries
 * and highlighting all carry the locale marker that the analyzer reads;
 * FTS5's flags pick the analyzer's mode. Does not build queries
 * (src/search does) or run them (sqlite_search.c).
 */
#include <sqlite3.h>
#include "pressroom/analyze.h"
#include "pressroom/mem.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

struct fts_tok {
	struct analyzer *an;
};

struct fts_call {
	void *ctx;
	int (*token)(void *ctx, int flags, const char *p, int n, int start,
	    int end);
	int rc;
};

static int
fts_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct fts_tok *t;

	(void)ud;
	(void)argv;
	(void)argc;
	t = mem_calloc(1, sizeof *t);
	if (t == NULL)
		return SQLITE_NOMEM;
	if (analyzer_new(&t->an) != ERR_OK) {
		mem_free(t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
fts_delete(Fts5Tokenizer *tok)
{
	struct fts_tok *t = (struct fts_tok *)tok;

	if (t == NULL)
		return;
	analyzer_free(t->an);
	mem_free(t);
}

static enum err
fts_token(void *ctx, const struct analyze_token *t)
{
	struct fts_call *c = ctx;

	c->rc = c->token(c->ctx, t->colocated ? FTS5_TOKEN_COLOCATED : 0, t->p,
	    (int)t->len, (int)t->start, (int)t->end);
	return c->rc == SQLITE_OK ? ERR_OK : ERR_DB;
}

static int
fts_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
    int n, int (*token)(void *ctx, int flags, const char *p, int n,
    int start, int end))
{
	struct fts_tok *t = (struct fts_tok *)tok;
	struct fts_call c = { .ctx = ctx, .token = token, .rc = SQLITE_OK };
	enum analyze_mode mode = ANALYZE_DOCUMENT;
	enum err e;

	if (text == NULL || n <= 0)
		return SQLITE_OK;
	if (flags & FTS5_TOKENIZE_QUERY)
		mode = (flags & FTS5_TOKENIZE_PREFIX) ? ANALYZE_PREFIX :
		    ANALYZE_QUERY;
	else if (flags & FTS5_TOKENIZE_AUX)
		mode = ANALYZE_AUX;
	e = analyze_text(t->an, text, (size_t)n, mode, fts_token, &c);
	if (e == ERR_OK)
		return SQLITE_OK;
	return e == ERR_DB ? c.rc : SQLITE_NOMEM;
}

enum err
fts_register(sqlite3 *db)
{
	static fts5_tokenizer methods = {
		.xCreate = fts_create,
		.xDelete = fts_delete,
		.xTokenize = fts_tokenize,
	};
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, sql_text(SQL_FTS5_API), -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		(void)sqlite3_step(st);
		rc = sqlite3_finalize(st);
	}
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ERR_NOMEM;
	if (rc != SQLITE_OK || api == NULL || api->iVersion < 2)
		return ERR_DB;
	rc = api->xCreateTokenizer(api, "pressroom", NULL, &methods, NULL);
	if (rc == SQLITE_OK)
		return ERR_OK;
	return (rc & 0xff) == SQLITE_NOMEM ? ERR_NOMEM : ERR_DB;
}
