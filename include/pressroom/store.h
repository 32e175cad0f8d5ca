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
#include "pressroom/user.h"

struct store;
struct store_backup_result;
struct store_checkpoint;

enum store_open_flags {
	STORE_CREATE = 1 << 0,	/* create the database if it does not exist */
	STORE_READONLY = 1 << 1,
	/* read through SQLite's own page cache instead of mapping the file:
	 * for a bulk reader (the export) whose resident memory must stay its
	 * working set rather than every page of the file it touched */
	STORE_NO_MMAP = 1 << 2,
};

struct store_save_opts {
	const char *author;	/* who saved; NULL: "system" */
	const char *note;	/* change note; NULL: "" */
	int64_t author_id;	/* the user saving, 0 for none: becomes the
				 * creator of a new asset */
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
	const char *status;	/* NULL: any; else a status name or
				 * "scheduled" (published, publish_at after
				 * status_now) or "published" (at or before
				 * status_now); for editors' lists */
	int64_t status_now;
	/*
	 * A keyset start, so that a deep page costs its own rows rather than
	 * every row before it: with after_id > 0 the list resumes after the
	 * item (after_event_at, after_id), which the same list (same
	 * locale, scope and status, same store generation) returned, and
	 * offset counts from there.
	 */
	int64_t after_event_at, after_id;
	/* total_known: total is this list's count, known to the caller
	 * (same list, same generation); it is not counted again */
	bool total_known;
	size_t total;
};

struct store_list {
	struct asset_summary *items;
	size_t nitems;
	size_t total;		/* matching items in all pages */
};

/* A signed-in browser's session (the token itself is never stored). */
struct store_session {
	int64_t user_id;
	char csrf[48];		/* the session's anti-CSRF token */
	int64_t created_at;
	int64_t last_seen;
};

#define STORE_TOKEN_HASH 32	/* SHA-256 of a session or API token */

struct store_token_info {
	int64_t id;
	char *user;
	char *name;
	int64_t created_at;
	int64_t revoked_at;	/* 0: valid */
};

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

/* A translation locale present in the store and how many assets have it. */
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

/* An attachment a public route may serve (store_attachment_index). */
struct store_attachment_ref {
	char sha256[ATTACHMENT_SHA_HEX + 1];
	char *name;
};

/* Attachments' bytes and where they are attached (store_attachment_*). */
struct store_attachment_ops {
	enum err (*put)(struct store *s, const char *sha256, const char *type,
	    const void *data, size_t len, int64_t now);
	enum err (*get)(struct store *s, struct arena *a, const char *sha256,
	    const char **type, const void **data, size_t *len);
	enum err (*visible)(struct store *s, const char *sha256,
	    const char *name, const struct store_scope *scope);
	enum err (*index)(struct store *s, struct arena *a,
	    const struct store_scope *scope, struct store_attachment_ref **out,
	    size_t *n);
};

/* Accounts, sessions, API tokens and login failures (see store_user_*). */
struct store_account_ops {
	enum err (*user_save)(struct store *s, struct user *u,
	    const char *password_hash, int64_t now, struct diag *d);
	enum err (*user_get)(struct store *s, struct arena *a, const char *name,
	    int64_t id, struct user **out, char **hash);
	enum err (*user_list)(struct store *s, struct arena *a,
	    struct user ***out, size_t *n);
	enum err (*session_create)(struct store *s,
	    const unsigned char *hash, int64_t user_id, const char *csrf,
	    int64_t now);
	enum err (*session_get)(struct store *s, const unsigned char *hash,
	    struct store_session *out);
	enum err (*session_touch)(struct store *s, const unsigned char *hash,
	    int64_t now);
	enum err (*session_delete)(struct store *s, const unsigned char *hash);
	enum err (*sessions_delete_user)(struct store *s, int64_t user_id);
	enum err (*token_create)(struct store *s, const unsigned char *hash,
	    int64_t user_id, const char *name, int64_t now, int64_t *id);
	enum err (*token_user)(struct store *s, const unsigned char *hash,
	    int64_t *user_id);
	enum err (*token_list)(struct store *s, struct arena *a,
	    struct store_token_info **out, size_t *n);
	enum err (*token_revoke)(struct store *s, int64_t id, int64_t now);
	enum err (*login_failure)(struct store *s, const char *key,
	    int64_t now);
	enum err (*login_failures)(struct store *s, const char *key,
	    int64_t since, size_t *count);
	enum err (*asset_owner)(struct store *s, int64_t id, int64_t *owner);
	enum err (*translation_confirm)(struct store *s, int64_t id,
	    const char *locale, const char *block_id);
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
	enum err (*asset_summary_get)(struct store *s, struct arena *a,
	    int64_t id, const struct locale *l, struct asset_summary *out);
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
	enum err (*publisher_order)(struct store *s, struct arena *a,
	    const struct publisher *p, const struct store_publisher_query *q,
	    int64_t **ids, size_t *n);
	enum err (*publisher_rows)(struct store *s, struct arena *a,
	    const struct publisher *p, const struct store_publisher_query *q,
	    const int64_t *ids, size_t n, struct store_list *out);
	const struct store_account_ops *accounts;
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
	enum err (*backup)(struct store *s, const char *path, unsigned flags,
	    struct store_backup_result *res, struct diag *d);
	enum err (*checkpoint)(struct store *s, unsigned wait_ms,
	    struct store_checkpoint *out);
	enum err (*batch_begin)(struct store *s);
	enum err (*batch_end)(struct store *s, bool commit);
	enum err (*snapshot_begin)(struct store *s);
	enum err (*snapshot_end)(struct store *s);
	const struct store_attachment_ops *attachments;
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

/*
 * An asset as a listing shows it (one query, not the whole asset): in the
 * translation asset_translation_for picks for l, else its first; lead is
 * that translation's first block ("" when none). speakers and locales are
 * not filled. Strings in a; ERR_NOTFOUND.
 */
enum err store_asset_summary_get(struct store *s, struct arena *a, int64_t id,
    const struct locale *l, struct asset_summary *out);

/* Loads the current state of an asset into a; ERR_NOTFOUND. */
enum err store_asset_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out);

/* The id of the asset with this slug or, when slug is NULL, this source. */
enum err store_asset_find(struct store *s, const char *slug,
    const char *source, int64_t *out);

/*
 * Moves as->related_slugs that the store knows into as->related (ids, in
 * a); the ones it does not know stay in related_slugs. ERR_* from the
 * store.
 */
enum err store_asset_resolve_related(struct store *s, struct arena *a,
    struct asset *as);

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
 * The ids of everything store_publisher_items pages through for p and q
 * (its offset and limit ignored), in its order: one sort, after which
 * each page is store_publisher_rows of a slice. *ids in a (NULL when
 * *n is 0).
 */
enum err store_publisher_order(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    int64_t **ids, size_t *n);
/*
 * The items of ids[0..n) (at most LIMIT_LIST_PAGE_SIZE, else ERR_LIMIT)
 * in that order, as store_publisher_items shows them in q->locale with
 * p's fallback; ids that no longer exist are left out. out->total is n.
 */
enum err store_publisher_rows(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    const int64_t *ids, size_t n, struct store_list *out);

/*
 * Accounts. store_user_save inserts (u->id 0: sets it; ERR_CONFLICT for a
 * taken name) or updates role, locales, disabled and, when password_hash
 * is not NULL, the password; validated (name, role). store_user_get finds
 * by name, or by id when name is NULL; *hash (may be NULL) gets the
 * password hash ("" when none). ERR_NOTFOUND.
 */
enum err store_user_save(struct store *s, struct user *u,
    const char *password_hash, int64_t now, struct diag *d);
enum err store_user_get(struct store *s, struct arena *a, const char *name,
    int64_t id, struct user **out, char **hash);
enum err store_user_list(struct store *s, struct arena *a,
    struct user ***out, size_t *n);

/*
 * Sessions, keyed by the SHA-256 of their token (STORE_TOKEN_HASH bytes).
 * ERR_NOTFOUND for an unknown one.
 */
enum err store_session_create(struct store *s, const unsigned char *hash,
    int64_t user_id, const char *csrf, int64_t now);
enum err store_session_get(struct store *s, const unsigned char *hash,
    struct store_session *out);
enum err store_session_touch(struct store *s, const unsigned char *hash,
    int64_t now);
enum err store_session_delete(struct store *s, const unsigned char *hash);
enum err store_sessions_delete_user(struct store *s, int64_t user_id);

/* API tokens, keyed by hash too; a revoked token finds no user. */
enum err store_token_create(struct store *s, const unsigned char *hash,
    int64_t user_id, const char *name, int64_t now, int64_t *id);
enum err store_token_user(struct store *s, const unsigned char *hash,
    int64_t *user_id);
enum err store_token_list(struct store *s, struct arena *a,
    struct store_token_info **out, size_t *n);
enum err store_token_revoke(struct store *s, int64_t id, int64_t now);

/*
 * Login failures for rate limiting: record one under key ("user:NAME",
 * "addr:1.2.3.4"), count those since an instant. Recording also forgets
 * failures older than a day.
 */
enum err store_login_failure(struct store *s, const char *key, int64_t now);
enum err store_login_failures(struct store *s, const char *key,
    int64_t since, size_t *count);

/*
 * Attachments. store_attachment_put keeps bytes under their SHA-256 (the
 * caller computed it; a second put of the same bytes is a no-op) with the
 * type judged from them. store_attachment_get loads them into a.
 * store_attachment_visible: ERR_OK when an asset in scope has the bytes
 * attached under name, else ERR_NOTFOUND (the public route asks it, so an
 * embargoed asset's files stay hidden). store_attachment_index: every
 * (sha256, name) attached to an asset in scope, sorted. Saving an asset
 * that names bytes never put is ERR_INVAL.
 */
enum err store_attachment_put(struct store *s, const char *sha256,
    const char *type, const void *data, size_t len, int64_t now);
enum err store_attachment_get(struct store *s, struct arena *a,
    const char *sha256, const char **type, const void **data, size_t *len);
enum err store_attachment_visible(struct store *s, const char *sha256,
    const char *name, const struct store_scope *scope);
enum err store_attachment_index(struct store *s, struct arena *a,
    const struct store_scope *scope, struct store_attachment_ref **out,
    size_t *n);

/* Who created asset id (0 when unknown); ERR_NOTFOUND. */
enum err store_asset_owner(struct store *s, int64_t id, int64_t *owner);

/*
 * A translator's "still right": marks block block_id ("" for the title
 * and summary) of asset id's translation in locale as translated from the
 * source's current text, without a new revision (asset_revs_confirm, in
 * the store). ERR_NOTFOUND when there is no such block, in the
 * translation or in the source, or locale is the source's.
 */
enum err store_translation_confirm(struct store *s, int64_t id,
    const char *locale, const char *block_id);

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

/*
 * A batch of saves for bulk imports: between store_batch_begin() and
 * store_batch_end() every store_asset_save() is a savepoint inside one
 * transaction (a failed save still leaves no trace of itself, and the
 * others stay), and store_batch_end() commits them together: one disk
 * sync and one index flush for many assets. Other writers wait until the
 * batch ends, readers see none of it before. ERR_CONFLICT when a batch is
 * open already; store_batch_end with commit false rolls the whole batch
 * back (ERR_INVAL when none is open).
 */
enum err store_batch_begin(struct store *s);
enum err store_batch_end(struct store *s, bool commit);

/*
 * A read snapshot: every read between store_snapshot_begin() and
 * store_snapshot_end() sees the store as it was at the first of them (a
 * page's count and its items agree), and costs one transaction instead
 * of one per statement. For readers only: a save inside one may fail
 * with ERR_BUSY. ERR_CONFLICT when a snapshot or a batch is open;
 * store_snapshot_end gives ERR_INVAL when none is.
 */
enum err store_snapshot_begin(struct store *s);
enum err store_snapshot_end(struct store *s);

/*
 * Writes a copy of the whole database to path as it was at one instant: a
 * consistent snapshot, even while other connections and processes write.
 * The copy is made from one read transaction in steps of
 * STORE_BACKUP_STEP_PAGES pages, so readers and writers go on meanwhile
 * (in WAL mode neither waits for it; the WAL cannot be checkpointed past
 * the snapshot until the copy ends). It goes to a temporary file next to
 * path, which is opened as a pressroom database and checked
 * (store_check: integrity and foreign keys), synced, and only then moved
 * to path; the directory is synced too. So path is either untouched or a
 * complete, checked copy, never a partial one.
 *
 * path must not exist unless flags has STORE_BACKUP_FORCE (ERR_CONFLICT).
 * ERR_INVAL when path is the database itself, is not a regular file, or
 * has a non-empty "-wal" file next to it (a database in use: replacing it
 * would corrupt it). ERR_CORRUPT when the copy fails its check (nothing is
 * left at path), ERR_IO, ERR_DB, ERR_NOMEM; d says what. A restore is
 * copying the file back into place while nothing has the database open.
 */
enum store_backup_flags {
	STORE_BACKUP_FORCE = 1 << 0,	/* replace an existing file */
};

#define STORE_BACKUP_STEP_PAGES 256	/* pages copied per step (1 MiB at
					 * 4 KiB pages) */

struct store_backup_result {
	int64_t pages;		/* pages copied */
	int64_t bytes;		/* size of the written file */
	int64_t steps;		/* backup steps it took */
};

enum err store_backup(struct store *s, const char *path, unsigned flags,
    struct store_backup_result *res, struct diag *d);

/*
 * Keeps the write-ahead log bounded while readers never stop: copies every
 * committed page of the log into the database and truncates the log to
 * zero bytes. It waits at most wait_ms for the writer and for readers
 * still on older snapshots (writers wait for it meanwhile, so keep it
 * short); if they are not done by then, out->busy is set and nothing is
 * lost: the next call does it. Without such calls a log that always has a
 * reader is never restarted and grows without bound. out->log_frames and
 * out->checkpointed count the log's frames before the call and those
 * copied (-1 when the database is not in WAL mode). ERR_DB, ERR_IO.
 */
struct store_checkpoint {
	bool busy;
	int64_t log_frames;
	int64_t checkpointed;
};

enum err store_checkpoint(struct store *s, unsigned wait_ms,
    struct store_checkpoint *out);

/* The backend's last error message ("" when none), for logs. */
const char *store_errmsg(const struct store *s);

#endif
