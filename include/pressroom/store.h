/*
 * store.h - where assets live: a backend-neutral interface over an ops table.
 *
 * The SQLite backend (src/store/sqlite.c) is the default; a PostgreSQL one
 * will be another ops table chosen by the URL given to store_open, without
 * touching callers. Every save is one transaction that replaces the current
 * state of the asset and appends a full revision (its canonical JSON), so no
 * previous state is ever lost. A struct store is one connection: use it from
 * one thread at a time (the HTTP server keeps one per worker).
 *
 * Does not decide visibility or render anything.
 */
#ifndef PRESSROOM_STORE_H
#define PRESSROOM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"
#include "pressroom/publisher.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1 << 0,	/* create the database if it does not exist */
	STORE_READONLY = 1 << 1,
};

struct store_save_opts {
	const char *author;	/* who saved; NULL: "system" */
	const char *note;	/* change note; NULL: "" */
	int64_t expect_revision;	/* > 0: ERR_CONFLICT unless current */
	int64_t now;		/* time of the save; 0: the clock */
};

struct store_save_result {
	int64_t id;
	int64_t revision;	/* the asset's revision after the save */
	bool created;		/* a new asset */
	bool changed;		/* false: content equalled the current revision */
};

/*
 * Which assets a read sees: the public at an instant (only what
 * asset_visibility() calls VIS_PUBLIC then), or an editor (everything).
 */
struct store_scope {
	bool public;
	int64_t now;		/* with public: the instant, UTC seconds */
	bool withdrawn;		/* with public: withdrawn assets too (feeds
				 * mark them; lists and search do not) */
};

/* An asset's place in the public site: for sitemaps and the export. */
struct store_index_item {
	int64_t id;
	char *slug;
	int64_t last_modified;	/* asset_last_modified at the scope's now */
	enum asset_status status;
	struct locale *locales;	/* of its translations, in their order */
	size_t nlocales;
};

struct store_list_query {
	struct store_scope scope;
	struct locale locale;	/* translations in this locale; a bare
				 * language ("en") matches any region; an
				 * empty tag lists every asset */
	size_t offset;
	size_t limit;		/* <= LIMIT_LIST_PAGE_SIZE */
};

struct store_list {
	struct asset_summary *items;
	size_t nitems;
	size_t total;		/* matching items in all pages */
};

/* A translation locale present in the store and how many assets have it. */
/* What store_terms counts. */
enum store_term_kind {
	STORE_TERM_TAG,
	STORE_TERM_SPEAKER,
	STORE_TERM_MONTH,	/* "2015-06" of the event's UTC instant, as
				 * the archive pages count them */
	STORE_TERM__MAX
};

struct store_term {
	char *name;
	size_t count;		/* assets in scope with text in the locale */
};

/* A page of a publisher's listing. */
struct store_publisher_query {
	struct store_scope scope;
	struct locale locale;	/* of the page */
	size_t offset;
	size_t limit;		/* <= LIMIT_LIST_PAGE_SIZE */
};

struct store_locale_count {
	struct locale locale;
	size_t count;
};

struct store_revision {
	int64_t revision;
	int64_t created_at;
	char *author;
	char *note;
};

/*
 * A full-text search: match (and exclude) are FTS expressions written by
 * search_compile() (include/pressroom/search.h) for this backend, never
 * user text. A passage is a title, a summary or a block of a translation;
 * an asset matches when one of its passages matches match and the filters,
 * and none of its passages matches exclude.
 */
struct store_search_query {
	struct store_scope scope;
	const char *match;	/* "": nothing matches */
	const char *exclude;	/* NULL or "": nothing is excluded */
	struct locale locale;	/* passages in this locale; a bare language
				 * matches its regions; "": any */
	struct locale prefer;	/* an asset matching in several languages
				 * is shown in this one's when it can */
	bool has_kind;
	enum asset_kind kind;
	enum turn_role role;	/* turns with this role; NONE: any */
	const char *speaker;	/* turns of a speaker whose name contains
				 * this (ASCII case ignored); NULL: any */
	const char *tag;	/* a normalised tag; NULL: any */
	bool has_from, has_to;	/* the event's local date in [from, to): */
	int64_t from, to;	/* local times as if UTC, seconds */
	size_t offset;
	size_t limit;		/* 1 to LIMIT_SEARCH_PAGE_SIZE */
};

struct store_search_hit {
	int64_t id;
	char *slug;
	enum asset_kind kind;
	int64_t event_at;
	int event_offset;
	struct locale locale;	/* of the passage, the title and the link */
	char *title;		/* ANALYZE_HL_OPEN and _CLOSE (analyze.h)
				 * around matched words when it matched */
	char *snippet;		/* the best passage, an excerpt with the
				 * same markers; the summary when only the
				 * title matched; "" when there is none */
	char block_id[BLOCK_ID_MAX];	/* the passage's block; "" for the
					 * title or summary */
	double score;		/* BM25, lower is better */
};

enum store_facet_kind {
	STORE_FACET_KIND,	/* values: kind names */
	STORE_FACET_SPEAKER,	/* person names */
	STORE_FACET_YEAR,	/* "2021": the year of the event, local */
	STORE_FACET_LOCALE,	/* locale tags */
	STORE_FACET__MAX
};

/* How many matching assets have a value. */
struct store_facet {
	char *value;
	size_t count;
};

/*
 * hits: the page asked for, best first (score, then newest event, then
 * highest id). Facets count matching assets: kinds and years partition
 * them (their counts add up to total); an asset counts once for every
 * locale and speaker it matches in. Most frequent first, years newest
 * first, at most LIMIT_SEARCH_FACET_VALUES each.
 */
struct store_search_result {
	struct store_search_hit *hits;
	size_t nhits;
	size_t total;		/* matching assets in all pages */
	bool capped;		/* more than LIMIT_SEARCH_PASSAGES passages
				 * matched: only those were counted */
	struct store_facet *facets[STORE_FACET__MAX];
	size_t nfacets[STORE_FACET__MAX];
};

/*
 * Backend operations. Each gets the store it was opened with; arena
 * results live in the given arena. Errors are those of the store_* wrapper
 * functions below.
 */
struct store_ops {
	const char *name;
	enum err (*open)(struct store *s, const char *target, unsigned flags,
	    struct diag *d);
	void (*close)(struct store *s);
	enum err (*asset_save)(struct store *s, struct asset *as,
	    const struct store_save_opts *opts, struct store_save_result *res,
	    struct diag *d);
	enum err (*asset_get)(struct store *s, struct arena *a, int64_t id,
	    struct asset **out);
	enum err (*asset_find)(struct store *s, const char *slug,
	    const char *source, int64_t *out);
	enum err (*asset_list)(struct store *s, struct arena *a,
	    const struct store_list_query *q, struct store_list *out);
	enum err (*locales)(struct store *s, struct arena *a,
	    const struct store_scope *scope, struct store_locale_count **out,
	    size_t *n);
	enum err (*next_publish)(struct store *s, int64_t now, int64_t *out);
	enum err (*publisher_save)(struct store *s, struct publisher *p,
	    int64_t now, struct diag *d);
	enum err (*publisher_get)(struct store *s, struct arena *a,
	    const char *name, struct publisher **out);
	enum err (*publisher_list)(struct store *s, struct arena *a,
	    struct publisher ***out, size_t *n);
	enum err (*publisher_delete)(struct store *s, const char *name);
	enum err (*publisher_items)(struct store *s, struct arena *a,
	    const struct publisher *p, const struct store_publisher_query *q,
	    struct store_list *out);
	enum err (*terms)(struct store *s, struct arena *a,
	    const struct store_scope *scope, const struct locale *l,
	    enum store_term_kind kind, struct store_term **out, size_t *n);
	enum err (*asset_index)(struct store *s, struct arena *a,
	    const struct store_scope *scope, size_t offset, size_t limit,
	    struct store_index_item **out, size_t *n);
	enum err (*revisions)(struct store *s, struct arena *a, int64_t id,
	    struct store_revision **out, size_t *n);
	enum err (*revision_get)(struct store *s, struct arena *a, int64_t id,
	    int64_t revision, struct asset **out);
	enum err (*generation)(struct store *s, uint64_t *out);
	enum err (*check)(struct store *s, struct diag *d);
	enum err (*search)(struct store *s, struct arena *a,
	    const struct store_search_query *q,
	    struct store_search_result *out);
	enum err (*search_locales)(struct store *s, struct arena *a,
	    struct locale **out, size_t *n);
	enum err (*reindex)(struct store *s, struct diag *d);
};

struct store {
	const struct store_ops *ops;
	void *impl;		/* backend state */
	char errmsg[256];	/* the backend's last error, for logs */
};

/*
 * Opens a store. target is a file path for SQLite (":memory:" works for
 * tests); "postgres://..." is reserved for the PostgreSQL backend (ERR_INVAL
 * until it exists). With STORE_CREATE a missing database is created, and in
 * any case the schema is brought up to date by the numbered migrations.
 * ERR_NOTFOUND (no such database and no STORE_CREATE), ERR_DB, ERR_CORRUPT
 * (not a pressroom database, or one from a newer version), ERR_NOMEM; d
 * says what. *out is closed with store_close().
 */
enum err store_open(const char *target, unsigned flags, struct store **out,
    struct diag *d);
void store_close(struct store *s);

/*
 * Validates and saves as. as->id == 0 creates an asset (as->id is set);
 * otherwise the asset with that id is replaced (ERR_NOTFOUND if none). A
 * revision is appended only when the canonical content differs from the
 * current revision (res->changed). The slug must be unique (ERR_CONFLICT),
 * as must a non-NULL source; related ids must exist (ERR_INVAL). A
 * PUBLISHED asset with publish_at 0 is published at the time of the save
 * (as->publish_at is set). Persons
 * are shared between assets by name. as->revision/created_at/updated_at are
 * updated on success. All or nothing: on any error the store is unchanged.
 */
enum err store_asset_save(struct store *s, struct asset *as,
    const struct store_save_opts *opts, struct store_save_result *res,
    struct diag *d);

/* Loads the current state of an asset into a; ERR_NOTFOUND. */
enum err store_asset_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out);

/* The id of the asset with this slug or, when slug is NULL, this source. */
enum err store_asset_find(struct store *s, const char *slug,
    const char *source, int64_t *out);

/*
 * Assets with a translation in q->locale (each once, in its first-listed
 * matching translation), newest event first, then highest id.
 */
enum err store_asset_list(struct store *s, struct arena *a,
    const struct store_list_query *q, struct store_list *out);

/*
 * Saves a publisher under its name (a new one, or replacing the one of
 * that name: p->id is set), validated, in one transaction that also moves
 * the generation (pages that show it change). now 0: the clock.
 */
enum err store_publisher_save(struct store *s, struct publisher *p,
    int64_t now, struct diag *d);
/* The publisher called name, in a; ERR_NOTFOUND. */
enum err store_publisher_get(struct store *s, struct arena *a,
    const char *name, struct publisher **out);
/* Every publisher, by name. */
enum err store_publisher_list(struct store *s, struct arena *a,
    struct publisher ***out, size_t *n);
/* Deletes the publisher called name; ERR_NOTFOUND. */
enum err store_publisher_delete(struct store *s, const char *name);
/*
 * A page of what publisher p lists in q->locale: its selection and
 * filters, only assets in q->scope, each shown in q->locale or (with the
 * "original" fallback) in its first translation with fallback set, in
 * p's order. Items carry speakers and locales. total counts all pages.
 */
enum err store_publisher_items(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    struct store_list *out);

/*
 * The tags, speakers or months of the assets in scope that have text in
 * locale l, with how many assets each, sorted by name.
 */
enum err store_terms(struct store *s, struct arena *a,
    const struct store_scope *scope, const struct locale *l,
    enum store_term_kind kind, struct store_term **out, size_t *n);

/*
 * The assets in scope, by id, limit (<= 100,000) from offset: slug,
 * last modification and translation locales. ERR_LIMIT for a bigger limit.
 */
enum err store_asset_index(struct store *s, struct arena *a,
    const struct store_scope *scope, size_t offset, size_t limit,
    struct store_index_item **out, size_t *n);

/* Translation locales of the assets in scope, most used first (ties by
 * tag). */
enum err store_locales(struct store *s, struct arena *a,
    const struct store_scope *scope, struct store_locale_count **out,
    size_t *n);

/*
 * The next instant after now at which a published asset becomes public
 * (its publish_at); ERR_NOTFOUND when nothing is scheduled. Caches use it
 * so that nothing made before that instant is served after it.
 */
enum err store_next_publish(struct store *s, int64_t now, int64_t *out);

/* The revisions of an asset, newest first; ERR_NOTFOUND for no asset. */
enum err store_revisions(struct store *s, struct arena *a, int64_t id,
    struct store_revision **out, size_t *n);

/* An old revision as an asset (its stored JSON); ERR_NOTFOUND. */
enum err store_revision_get(struct store *s, struct arena *a, int64_t id,
    int64_t revision, struct asset **out);

/*
 * A number that changes whenever any connection (any process) commits a
 * change to content. Cheap: meant to be called per request to validate
 * caches.
 */
enum err store_generation(struct store *s, uint64_t *out);

/* Runs the backend's integrity check; ERR_CORRUPT with d saying why. */
enum err store_check(struct store *s, struct diag *d);

/*
 * Full-text search (see struct store_search_query). Only assets in
 * q->scope are returned or counted. ERR_LIMIT for a limit out of range;
 * ERR_DB for an expression the index refuses (search_compile never writes
 * one). The result lives in a.
 */
enum err store_search(struct store *s, struct arena *a,
    const struct store_search_query *q, struct store_search_result *out);

/*
 * Every locale some translation is in (any state), ordered by tag: the
 * languages search_compile() writes a query for.
 */
enum err store_search_locales(struct store *s, struct arena *a,
    struct locale **out, size_t *n);

/*
 * Rebuilds the full-text index from the stored assets, in one
 * transaction (searches on other connections see the old index until it
 * commits). Saves keep the index current; this is for a changed analyzer
 * and after an upgrade (the first writable open after the migration that
 * adds the index runs it).
 */
enum err store_reindex(struct store *s, struct diag *d);

/* The backend's last error message ("" when none), for logs. */
const char *store_errmsg(const struct store *s);

#endif
