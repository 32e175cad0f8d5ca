/*
 * sqlite_search.c - the SQLite backend's full-text search: keeping the
 * index in step with saves, rebuilding it, and answering searches.
 *
 * The index is the FTS5 table search_fts (tokenizer: fts.c) with one row
 * per title, summary and block of every translation, and search_doc, a
 * plain table saying what each row is (asset, locale, block, role,
 * speaker): filters read search_doc's small rows rather than FTS5's
 * content rows, which hold the text. Saves call sqlite_search_index()
 * inside their transaction, so the index is never behind the content.
 *
 * A search reads every matching passage once (SQL_SEARCH_ROWS, which
 * applies the filters and the visibility rule SQL_IN_SCOPE) and gathers
 * them per asset here: an asset's score is its best passage's, in the
 * preferred language when it matched in it; the total, the facets and the
 * page all come from that one pass. Snippets are made for the page's hits
 * only. Does not parse or build queries (src/search does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/analyze.h"
#include "pressroom/buf.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

#define WORK_ARENA_BYTES ((size_t)1 << 30)	/* a search's scratch */
#define REINDEX_ARENA_BYTES ((size_t)1 << 31)	/* one asset at a time */

enum field {
	FIELD_TITLE,
	FIELD_SUMMARY,
	FIELD_BLOCK,
	FIELD__MAX
};

/* --- keeping the index --------------------------------------------------- */

/* Adds one row: its search_doc entry, then its text (in column f). */
static enum err
index_row(struct store *s, const struct buf *text, int64_t asset,
    const struct locale *l, enum field f, size_t pos, const struct block *b)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int64_t row;

	if (text->err != ERR_OK)
		return text->err;
	if ((st = sqlite_stmt(s, SQL_SEARCH_DOC_INSERT, &e)) == NULL)
		return e;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_text(st, 2, l->tag, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)f);
	sqlite3_bind_int64(st, 4, (int64_t)pos);
	if (b != NULL) {
		sqlite3_bind_text(st, 5, b->id, -1, SQLITE_STATIC);
		if (b->type == BLOCK_TURN) {
			sqlite3_bind_text(st, 6, turn_role_name(b->role), -1,
			    SQLITE_STATIC);
			if (b->speaker >= 0)
				sqlite3_bind_int(st, 7, b->speaker);
		}
	}
	if ((e = sqlite_done(s, st)) != ERR_OK)
		return e;
	row = sqlite3_last_insert_rowid(sqlite_db(s));
	if ((st = sqlite_stmt(s, SQL_SEARCH_FTS_INSERT, &e)) == NULL)
		return e;
	sqlite3_bind_int64(st, 1, row);
	sqlite3_bind_text(st, 2 + (int)f, text->p, (int)text->len,
	    SQLITE_STATIC);
	return sqlite_done(s, st);
}

enum err
sqlite_search_index(struct store *s, const struct asset *as)
{
	static const enum sql_id deletes[] = { SQL_SEARCH_FTS_DELETE,
		SQL_SEARCH_DOC_DELETE };
	sqlite3_stmt *st;
	struct buf text;
	enum err e = ERR_OK;

	for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
		if ((st = sqlite_stmt(s, deletes[i], &e)) == NULL)
			return e;
		sqlite3_bind_int64(st, 1, as->id);
		if ((e = sqlite_done(s, st)) != ERR_OK)
			return e;
	}
	buf_init(&text, LIMIT_BLOCK_TEXT_BYTES + LOCALE_TAG_MAX + 2);
	for (size_t i = 0; i < as->ntranslations && e == ERR_OK; i++) {
		const struct translation *t = &as->translations[i];

		buf_reset(&text);
		analyze_marker_add(&text, &t->locale);
		buf_adds(&text, t->title);
		if ((e = index_row(s, &text, as->id, &t->locale, FIELD_TITLE,
		    0, NULL)) != ERR_OK)
			break;
		if (t->summary[0] != '\0') {
			buf_reset(&text);
			analyze_marker_add(&text, &t->locale);
			buf_adds(&text, t->summary);
			if ((e = index_row(s, &text, as->id, &t->locale,
			    FIELD_SUMMARY, 0, NULL)) != ERR_OK)
				break;
		}
		for (size_t k = 0; k < t->nblocks; k++) {
			const struct block *b = &t->blocks[k];

			buf_reset(&text);
			analyze_marker_add(&text, &t->locale);
			e = analyze_markdown_plain(&text, b->text,
			    strlen(b->text));
			if (e == ERR_OK)
				e = index_row(s, &text, as->id, &t->locale,
				    FIELD_BLOCK, k, b);
			if (e != ERR_OK)
				break;
		}
	}
	buf_release(&text);
	return e;
}

/* Runs one of BEGIN, COMMIT, ROLLBACK. */
static enum err
run_id(struct store *s, enum sql_id id)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;

	if ((st = sqlite_stmt(s, id, &e)) == NULL)
		return e;
	return sqlite_done(s, st);
}

/* Is the reindex flag of migration 3 set? */
static enum err
pending(struct store *s, bool *out)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_PENDING, &e)) == NULL)
		return e;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ERR_OK :
	    sqlite_err(s, rc);
}

/* The ids of every asset, in mem (free with mem_free). */
static enum err
asset_ids(struct store *s, int64_t **out, size_t *n)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL, *more;
	size_t count = 0, cap = 0;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_ASSET_IDS, &e)) == NULL)
		return e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			size_t bytes;

			cap = cap == 0 ? 256 : cap * 2;
			if (!mem_mul(cap, sizeof *ids, &bytes) ||
			    (more = mem_realloc(ids, bytes)) == NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			ids = more;
		}
		ids[count++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		e = sqlite_err(s, rc);
out:
	sqlite3_reset(st);
	if (e != ERR_OK) {
		mem_free(ids);
		return e;
	}
	*out = ids;
	*n = count;
	return ERR_OK;
}

/* Rebuilds the index; with only_pending, only if migration 3 asked. */
static enum err
reindex(struct store *s, bool only_pending, struct diag *d)
{
	struct arena a;
	struct asset *as;
	int64_t *ids = NULL;
	size_t n = 0;
	uint64_t gen = 0;
	bool began = false, flag = false;
	sqlite3_stmt *st;
	enum err e;

	arena_init(&a, REINDEX_ARENA_BYTES);
	if ((e = run_id(s, SQL_BEGIN)) != ERR_OK)
		goto out;
	began = true;
	if (only_pending) {
		if ((e = pending(s, &flag)) != ERR_OK || !flag)
			goto out;
	}
	if ((e = sqlite_script(s, sql_text(SQL_SEARCH_RESET))) != ERR_OK ||
	    (e = asset_ids(s, &ids, &n)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		arena_reset(&a);
		if ((e = sqlite_get(s, &a, ids[i], &as)) != ERR_OK ||
		    (e = sqlite_search_index(s, as)) != ERR_OK) {
			diag_set(d, 0, 0, "reindex: asset %lld: %s (%s)",
			    (long long)ids[i], err_str(e), store_errmsg(s));
			goto out;
		}
	}
	if ((st = sqlite_stmt(s, SQL_SEARCH_OPTIMIZE, &e)) == NULL ||
	    (e = sqlite_done(s, st)) != ERR_OK)
		goto out;
	/* an empty store's new index changes nothing anyone sees */
	if (n > 0 && (e = sqlite_generation_bump(s, &gen)) != ERR_OK)
		goto out;
	if ((e = run_id(s, SQL_COMMIT)) != ERR_OK)
		goto out;
	began = false;
	if (n > 0)
		sqlite_generation_set(s, gen);
out:
	if (began)
		run_id(s, only_pending && e == ERR_OK ? SQL_COMMIT :
		    SQL_ROLLBACK);
	if (e != ERR_OK)
		diag_set(d, 0, 0, "cannot rebuild the search index: %s (%s)",
		    err_str(e), store_errmsg(s));
	mem_free(ids);
	arena_release(&a);
	return e;
}

enum err
sqlite_reindex(struct store *s, struct diag *d)
{
	return reindex(s, false, d);
}

enum err
sqlite_search_pending(struct store *s, struct diag *d)
{
	bool flag = false;
	enum err e;

	/* cheap and lock-free when there is nothing to do */
	if ((e = pending(s, &flag)) != ERR_OK || !flag)
		return e;
	return reindex(s, true, d);
}

enum err
sqlite_search_locales(struct store *s, struct arena *a, struct locale **out,
    size_t *n)
{
	sqlite3_stmt *st;
	struct locale *items = NULL;
	size_t count = 0, cap = 0;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_LOCALES, &e)) == NULL)
		return e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct locale *l = arena_push(a, (void **)&items, &count, &cap,
		    sizeof *l);
		const char *tag = (const char *)sqlite3_column_text(st, 0);

		if (l == NULL) {
			e = a->err;
			goto out;
		}
		if (tag == NULL || locale_parse(str_from(tag), l) != ERR_OK) {
			e = ERR_CORRUPT;
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

/* --- searching ----------------------------------------------------------- */

/* An open-addressing map from positive ids to indexes. */
struct imap {
	int64_t *keys;		/* 0: empty */
	size_t *vals;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

static size_t
imap_hash(int64_t k, size_t cap)
{
	uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 17) & (cap - 1);
}

/* The slot of key (present, or where it would go); NULL when empty map. */
static size_t *
imap_get(const struct imap *m, int64_t key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = imap_hash(key, m->cap); m->keys[i] != 0;
	    i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return &m->vals[i];
	return NULL;
}

/* Adds key with value val unless present; *slot is its value. */
static enum err
imap_put(struct arena *a, struct imap *m, int64_t key, size_t val,
    size_t **slot, bool *added)
{
	size_t i;

	if (m->n * 2 >= m->cap) {
		struct imap g = { .cap = m->cap == 0 ? 64 : m->cap * 2 };

		g.keys = arena_calloc(a, g.cap, sizeof *g.keys);
		g.vals = arena_calloc(a, g.cap, sizeof *g.vals);
		if (g.keys == NULL || g.vals == NULL)
			return a->err;
		for (size_t k = 0; k < m->cap; k++) {
			if (m->keys[k] == 0)
				continue;
			for (i = imap_hash(m->keys[k], g.cap); g.keys[i] != 0;
			    i = (i + 1) & (g.cap - 1))
				;
			g.keys[i] = m->keys[k];
			g.vals[i] = m->vals[k];
		}
		g.n = m->n;
		*m = g;
	}
	for (i = imap_hash(key, m->cap); m->keys[i] != 0;
	    i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			*slot = &m->vals[i];
			*added = false;
			return ERR_OK;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	*slot = &m->vals[i];
	*added = true;
	return ERR_OK;
}

/* An asset's matching passages in one locale. */
struct loc_hit {
	struct loc_hit *next;
	size_t loc;		/* index into work.locs */
	double best;		/* its best passage's score */
	int64_t passage;	/* best summary or block row; 0: none */
	double passage_score;
	int64_t title;		/* its title row, when that matched */
};

struct speaker_ref {
	struct speaker_ref *next;
	int64_t id;
};

struct agg {
	int64_t id;
	enum asset_kind kind;
	int64_t event_at;
	int event_offset;
	struct loc_hit *locs;
	struct speaker_ref *speakers;
	struct loc_hit *rep;	/* the locale it is shown in */
	double score;
};

struct work_loc {
	struct locale l;
	bool pref;		/* the preferred language */
	size_t count;		/* assets matching in it */
};

struct work {
	struct arena a;
	struct imap excluded;
	struct imap ids;	/* asset id -> index into aggs */
	struct agg *aggs;
	size_t naggs, capaggs;
	struct work_loc *locs;
	size_t nlocs, caplocs;
	size_t last_loc;	/* rows come in runs of one locale */
	char pref[LOCALE_LANG_MAX];
};

static enum err
bind_name(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i == 0)
		return ERR_DB;
	return sqlite3_bind_text(st, i, v != NULL ? v : "", -1,
	    SQLITE_STATIC) == SQLITE_OK ? ERR_OK : ERR_NOMEM;
}

static void
bind_name_i64(sqlite3_stmt *st, const char *name, int64_t v)
{
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, name), v);
}

/* The assets that have a passage matching q->exclude. */
static enum err
load_excluded(struct store *s, struct work *w, const char *exclude)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t *slot;
	bool added;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_EXCLUDED, &e)) == NULL)
		return e;
	sqlite3_bind_text(st, 1, exclude, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((e = imap_put(&w->a, &w->excluded,
		    sqlite3_column_int64(st, 0), 0, &slot, &added)) != ERR_OK)
			goto out;
	if (rc != SQLITE_DONE)
		e = sqlite_err(s, rc);
out:
	sqlite3_reset(st);
	return e;
}

/* The index of a row's locale in w->locs, interned on first sight. */
static enum err
intern_loc(struct work *w, const char *tag, size_t *out)
{
	struct work_loc *wl;
	char lang[LOCALE_LANG_MAX];

	if (w->last_loc < w->nlocs &&
	    strcmp(w->locs[w->last_loc].l.tag, tag) == 0) {
		*out = w->last_loc;
		return ERR_OK;
	}
	for (size_t i = 0; i < w->nlocs; i++)
		if (strcmp(w->locs[i].l.tag, tag) == 0) {
			*out = w->last_loc = i;
			return ERR_OK;
		}
	wl = arena_push(&w->a, (void **)&w->locs, &w->nlocs, &w->caplocs,
	    sizeof *wl);
	if (wl == NULL)
		return w->a.err;
	if (locale_parse(str_from(tag), &wl->l) != ERR_OK)
		return ERR_CORRUPT;
	locale_language(&wl->l, lang);
	wl->pref = strcmp(lang, w->pref) == 0;
	*out = w->last_loc = w->nlocs++;
	return ERR_OK;
}

/* Adds one matching passage (a row of SQL_SEARCH_ROWS) to its asset. */
static enum err
gather(struct work *w, sqlite3_stmt *st)
{
	int64_t row = sqlite3_column_int64(st, 0);
	int64_t id = sqlite3_column_int64(st, 1);
	const char *tag = (const char *)sqlite3_column_text(st, 2);
	int field = sqlite3_column_int(st, 3);
	int64_t speaker = sqlite3_column_int64(st, 4);
	double score = sqlite3_column_double(st, 5);
	struct agg *ag;
	struct loc_hit *lh;
	size_t *slot, loc = 0;
	bool added;
	enum err e;

	if (imap_get(&w->excluded, id) != NULL)
		return ERR_OK;
	if (tag == NULL)
		return ERR_CORRUPT;
	if ((e = intern_loc(w, tag, &loc)) != ERR_OK ||
	    (e = imap_put(&w->a, &w->ids, id, w->naggs, &slot, &added)) !=
	    ERR_OK)
		return e;
	if (added) {
		const char *kind = (const char *)sqlite3_column_text(st, 6);

		ag = arena_push(&w->a, (void **)&w->aggs, &w->naggs,
		    &w->capaggs, sizeof *ag);
		if (ag == NULL)
			return w->a.err;
		ag->id = id;
		if (kind == NULL || asset_kind_parse(kind, &ag->kind) != ERR_OK)
			return ERR_CORRUPT;
		ag->event_at = sqlite3_column_int64(st, 7);
		ag->event_offset = sqlite3_column_int(st, 8);
		w->naggs++;
	}
	ag = &w->aggs[*slot];
	for (lh = ag->locs; lh != NULL && lh->loc != loc; lh = lh->next)
		;
	if (lh == NULL) {
		lh = arena_calloc(&w->a, 1, sizeof *lh);
		if (lh == NULL)
			return w->a.err;
		lh->loc = loc;
		lh->best = score;
		lh->next = ag->locs;
		ag->locs = lh;
	}
	if (score < lh->best)
		lh->best = score;
	if (field == FIELD_TITLE) {
		lh->title = row;
	} else if (lh->passage == 0 || score < lh->passage_score) {
		lh->passage = row;
		lh->passage_score = score;
	}
	if (speaker > 0) {
		struct speaker_ref *sr;

		for (sr = ag->speakers; sr != NULL && sr->id != speaker;
		    sr = sr->next)
			;
		if (sr == NULL) {
			if ((sr = arena_calloc(&w->a, 1, sizeof *sr)) == NULL)
				return w->a.err;
			sr->id = speaker;
			sr->next = ag->speakers;
			ag->speakers = sr;
		}
	}
	return ERR_OK;
}

/* Reads every matching passage into w. */
static enum err
read_rows(struct store *s, struct work *w,
    const struct store_search_query *q, bool *capped)
{
	const char *tag = q->locale.tag;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	size_t rows = 0;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_ROWS, &e)) == NULL)
		return e;
	if ((e = bind_name(st, ":match", q->match)) != ERR_OK ||
	    (e = bind_name(st, ":locale", tag)) != ERR_OK ||
	    (e = bind_name(st, ":kind", q->has_kind ?
	    asset_kind_name(q->kind) : "")) != ERR_OK ||
	    (e = bind_name(st, ":role", q->role != TURN_ROLE_NONE ?
	    turn_role_name(q->role) : "")) != ERR_OK ||
	    (e = bind_name(st, ":speaker", q->speaker)) != ERR_OK ||
	    (e = bind_name(st, ":tag", q->tag)) != ERR_OK)
		goto out;
	bind_name_i64(st, ":bare", tag[0] != '\0' && strchr(tag, '-') == NULL);
	if (q->has_from)
		bind_name_i64(st, ":from", q->from);
	if (q->has_to)
		bind_name_i64(st, ":to", q->to);
	sqlite_bind_scope(st, &q->scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++rows > LIMIT_SEARCH_PASSAGES) {
			*capped = true;
			rc = SQLITE_DONE;
			break;
		}
		if ((e = gather(w, st)) != ERR_OK)
			goto out;
	}
	if (rc != SQLITE_DONE)
		e = sqlite_err(s, rc);
out:
	sqlite3_reset(st);
	return e;
}

static int
agg_cmp(const void *pa, const void *pb)
{
	const struct agg *a = *(const struct agg *const *)pa;
	const struct agg *b = *(const struct agg *const *)pb;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	if (a->event_at != b->event_at)
		return a->event_at > b->event_at ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

static int
facet_cmp(const void *pa, const void *pb)
{
	const struct store_facet *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->value, b->value);
}

static int
year_cmp(const void *pa, const void *pb)
{
	const struct store_facet *a = pa, *b = pb;

	/* "2021" > "2019": equal lengths for years 1000 to 9999 */
	if (strlen(a->value) != strlen(b->value))
		return strlen(a->value) > strlen(b->value) ? -1 : 1;
	return -strcmp(a->value, b->value);
}

/* Appends a facet value; counts are merged when the value is there. */
static enum err
facet_add(struct arena *a, struct store_facet **items, size_t *n,
    size_t *cap, const char *value, size_t count)
{
	struct store_facet *f;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*items)[i].value, value) == 0) {
			(*items)[i].count += count;
			return ERR_OK;
		}
	if ((f = arena_push(a, (void **)items, n, cap, sizeof *f)) == NULL)
		return a->err;
	if ((f->value = arena_strdup(a, value)) == NULL)
		return a->err;
	f->count = count;
	(*n)++;
	return ERR_OK;
}

/* A person's name into a; "" when unknown. */
static enum err
person_name(struct store *s, struct arena *a, int64_t id, char **out)
{
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	int rc;

	if ((st = sqlite_stmt(s, SQL_SEARCH_PERSON, &e)) == NULL)
		return e;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*out = rc == SQLITE_ROW ? sqlite_col_text(a, st, 0) :
		    arena_strdup(a, "");
		e = *out == NULL ? a->err : ERR_OK;
	} else {
		e = sqlite_err(s, rc);
	}
	sqlite3_reset(st);
	return e;
}

struct speaker_count {
	int64_t id;
	size_t count;
};

static int
speaker_cmp(const void *pa, const void *pb)
{
	const struct speaker_count *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Picks each asset's locale and score, and counts the facets. */
static enum err
facets(struct store *s, struct arena *a, struct work *w,
    struct store_search_result *res)
{
	size_t kinds[ASSET_KIND__MAX] = { 0 }, cap[STORE_FACET__MAX] = { 0 };
	struct imap speakers = { 0 };
	struct speaker_count *sp = NULL;
	size_t nsp = 0, capsp = 0;
	enum err e;

	for (size_t i = 0; i < w->naggs; i++) {
		struct agg *ag = &w->aggs[i];
		struct loc_hit *best = NULL, *pref = NULL;
		struct civil c;
		char year[16];

		for (struct loc_hit *lh = ag->locs; lh != NULL; lh = lh->next) {
			w->locs[lh->loc].count++;
			if (best == NULL || lh->best < best->best)
				best = lh;
			if (w->locs[lh->loc].pref &&
			    (pref == NULL || lh->best < pref->best))
				pref = lh;
		}
		ag->rep = pref != NULL ? pref : best;
		ag->score = ag->rep->best;
		kinds[ag->kind]++;
		if (time_to_civil(ag->event_at + ag->event_offset, &c) ==
		    ERR_OK) {
			snprintf(year, sizeof year, "%d", c.year);
			if ((e = facet_add(a, &res->facets[STORE_FACET_YEAR],
			    &res->nfacets[STORE_FACET_YEAR],
			    &cap[STORE_FACET_YEAR], year, 1)) != ERR_OK)
				return e;
		}
		for (struct speaker_ref *sr = ag->speakers; sr != NULL;
		    sr = sr->next) {
			size_t *slot;
			bool added;

			if ((e = imap_put(&w->a, &speakers, sr->id, nsp, &slot,
			    &added)) != ERR_OK)
				return e;
			if (added) {
				struct speaker_count *n = arena_push(&w->a,
				    (void **)&sp, &nsp, &capsp, sizeof *n);

				if (n == NULL)
					return w->a.err;
				n->id = sr->id;
				nsp++;
			}
			sp[*slot].count++;
		}
	}
	/* the most frequent speakers, by name */
	if (nsp > 0)
		qsort(sp, nsp, sizeof *sp, speaker_cmp);
	for (size_t i = 0; i < nsp && i < LIMIT_SEARCH_FACET_VALUES; i++) {
		char *name = NULL;

		if ((e = person_name(s, a, sp[i].id, &name)) != ERR_OK)
			return e;
		if ((e = facet_add(a, &res->facets[STORE_FACET_SPEAKER],
		    &res->nfacets[STORE_FACET_SPEAKER],
		    &cap[STORE_FACET_SPEAKER], name, sp[i].count)) != ERR_OK)
			return e;
	}
	for (int k = 0; k < ASSET_KIND__MAX; k++)
		if (kinds[k] > 0 && (e = facet_add(a,
		    &res->facets[STORE_FACET_KIND],
		    &res->nfacets[STORE_FACET_KIND], &cap[STORE_FACET_KIND],
		    asset_kind_name((enum asset_kind)k), kinds[k])) != ERR_OK)
			return e;
	for (size_t i = 0; i < w->nlocs; i++)
		if (w->locs[i].count > 0 && (e = facet_add(a,
		    &res->facets[STORE_FACET_LOCALE],
		    &res->nfacets[STORE_FACET_LOCALE],
		    &cap[STORE_FACET_LOCALE], w->locs[i].l.tag,
		    w->locs[i].count)) != ERR_OK)
			return e;
	for (int f = 0; f < STORE_FACET__MAX; f++) {
		if (res->nfacets[f] == 0)
			continue;
		qsort(res->facets[f], res->nfacets[f], sizeof *res->facets[f],
		    f == STORE_FACET_YEAR ? year_cmp : facet_cmp);
		if (res->nfacets[f] > LIMIT_SEARCH_FACET_VALUES)
			res->nfacets[f] = LIMIT_SEARCH_FACET_VALUES;
	}
	return ERR_OK;
}

/* A highlighted text without the locale marker it was indexed with. */
static char *
unmark(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i), skip;
	char lang[LOCALE_LANG_MAX];

	if (t == NULL)
		return arena_strdup(a, "");
	skip = analyze_marker_parse(t, n, lang);
	return arena_strndup(a, t + skip, n - skip);
}

/* Fills a page's hit: slug, title (highlighted), passage. */
static enum err
hit_fill(struct store *s, struct arena *a, struct work *w, const char *match,
    const struct agg *ag, struct store_search_hit *h)
{
	const struct loc_hit *lh = ag->rep;
	sqlite3_stmt *st;
	enum err e = ERR_OK;
	char *summary = NULL;
	int rc;

	h->id = ag->id;
	h->kind = ag->kind;
	h->event_at = ag->event_at;
	h->event_offset = ag->event_offset;
	h->locale = w->locs[lh->loc].l;
	h->score = ag->score;
	if ((st = sqlite_stmt(s, SQL_SEARCH_HIT, &e)) == NULL)
		return e;
	sqlite3_bind_int64(st, 1, ag->id);
	sqlite3_bind_text(st, 2, h->locale.tag, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		h->slug = sqlite_col_text(a, st, 0);
		h->title = sqlite_col_text(a, st, 1);
		summary = sqlite_col_text(a, st, 2);
		e = a->err;
	} else {
		e = rc == SQLITE_DONE ? ERR_CORRUPT : sqlite_err(s, rc);
	}
	sqlite3_reset(st);
	if (e != ERR_OK)
		return e;
	if (lh->title != 0) {
		if ((st = sqlite_stmt(s, SQL_SEARCH_TITLE, &e)) == NULL)
			return e;
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lh->title);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			h->title = unmark(a, st, 0);
		else if (rc != SQLITE_DONE)
			e = sqlite_err(s, rc);
		sqlite3_reset(st);
		if (e != ERR_OK || h->title == NULL)
			return e != ERR_OK ? e : a->err;
	}
	h->snippet = summary;
	if (lh->passage != 0) {
		if ((st = sqlite_stmt(s, SQL_SEARCH_SNIPPET, &e)) == NULL)
			return e;
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lh->passage);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st,
			    1);

			h->snippet = unmark(a, st, 0);
			if (id != NULL)
				snprintf(h->block_id, sizeof h->block_id, "%s",
				    id);
		} else if (rc != SQLITE_DONE) {
			e = sqlite_err(s, rc);
		}
		sqlite3_reset(st);
		if (e != ERR_OK || h->snippet == NULL)
			return e != ERR_OK ? e : a->err;
	}
	return ERR_OK;
}

enum err
sqlite_search(struct store *s, struct arena *a,
    const struct store_search_query *q, struct store_search_result *out)
{
	struct store_search_result res = { 0 };
	struct work w = { .last_loc = SIZE_MAX };
	struct agg **order = NULL;
	size_t end;
	enum err e = ERR_OK;

	if (q->limit == 0 || q->limit > LIMIT_SEARCH_PAGE_SIZE ||
	    q->offset > (size_t)LIMIT_SEARCH_PAGE_SIZE * LIMIT_SEARCH_PAGES)
		return ERR_LIMIT;
	if (q->match == NULL || q->match[0] == '\0') {
		*out = res;
		return ERR_OK;
	}
	arena_init(&w.a, WORK_ARENA_BYTES);
	if (q->prefer.tag[0] != '\0')
		locale_language(&q->prefer, w.pref);
	if (q->exclude != NULL && q->exclude[0] != '\0' &&
	    (e = load_excluded(s, &w, q->exclude)) != ERR_OK)
		goto out;
	if ((e = read_rows(s, &w, q, &res.capped)) != ERR_OK ||
	    (e = facets(s, a, &w, &res)) != ERR_OK)
		goto out;
	res.total = w.naggs;
	if (w.naggs > 0) {
		order = arena_calloc(&w.a, w.naggs, sizeof *order);
		if (order == NULL) {
			e = w.a.err;
			goto out;
		}
		for (size_t i = 0; i < w.naggs; i++)
			order[i] = &w.aggs[i];
		qsort(order, w.naggs, sizeof *order, agg_cmp);
	}
	end = q->offset + q->limit < w.naggs ? q->offset + q->limit : w.naggs;
	if (q->offset < end) {
		res.hits = arena_calloc(a, end - q->offset, sizeof *res.hits);
		if (res.hits == NULL) {
			e = a->err;
			goto out;
		}
		for (size_t i = q->offset; i < end; i++) {
			e = hit_fill(s, a, &w, q->match, order[i],
			    &res.hits[res.nhits]);
			if (e != ERR_OK)
				goto out;
			res.nhits++;
		}
	}
	*out = res;
out:
	arena_release(&w.a);
	return e;
}
