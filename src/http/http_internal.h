/*
 * http_internal.h - what the parts of src/http share: the application
 * state, the handler context, reply builders, the cache and the handlers.
 *
 * Private to src/http.
 */
#ifndef PRESSROOM_HTTP_INTERNAL_H
#define PRESSROOM_HTTP_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include "pressroom/buf.h"
#include "pressroom/form.h"
#include "pressroom/http.h"
#include "pressroom/locale.h"
#include "pressroom/page.h"
#include "pressroom/store.h"
#include "pressroom/theme.h"
#include "pressroom/user.h"

#define APP_POOL_MAX 64
#define HTTP_LIST_PAGE_SIZE 20	/* items on a list page */
#define APP_GENERATION_NS 1000000u	/* 1 ms */
#define CACHE_BUCKETS 4096
#define APP_MEMO_SLOTS 1024	/* app_memo_get: direct-mapped slots */
#define APP_MEMO_KEY_MAX 160
#define APP_ORDER_SLOTS 256	/* app_order_get: direct-mapped slots */
#define APP_ORDER_BYTES (32u << 20)	/* ids kept by all of them */
#define APP_CHECKPOINT_S 5	/* default WAL checkpoint period */
#define APP_CHECKPOINT_WAIT_MS 200	/* writers wait this long at most */

struct cache_entry {
	struct cache_entry *next;
	char *key;
	uint64_t generation;
	struct http_reply *reply;
	size_t bytes;
};

struct app {
	char *db_path;
	char *base_url;
	char *site_name;
	struct theme *theme;
	struct page_site site;

	pthread_mutex_t pool_lock;
	struct store *idle[APP_POOL_MAX];
	size_t nidle;

	/*
	 * The store generation as last read, and when (CLOCK_MONOTONIC ns).
	 * Cached replies are checked against it; it is re-read at most once
	 * per APP_GENERATION_NS, on gen_store, by one thread at a time.
	 */
	_Atomic uint64_t gen;		/* the cache's view: moves when the
					 * store changes or a scheduled item
					 * becomes public */
	_Atomic uint64_t gen_checked_ns;
	_Atomic int64_t next_publish;	/* INT64_MAX: nothing scheduled */
	uint64_t store_gen;		/* last store generation seen */
	pthread_mutex_t gen_lock;
	struct store *gen_store;

	/*
	 * WAL upkeep: a thread checkpoints the store's log every
	 * checkpoint_s seconds on its own connection, waiting at most
	 * APP_CHECKPOINT_WAIT_MS for readers, so the log stays bounded while
	 * readers never stop. app_new starts it, app_free stops it.
	 */
	struct store *ckpt_store;
	unsigned checkpoint_s;
	pthread_t ckpt_thread;
	bool ckpt_running;
	bool ckpt_stop;			/* under ckpt_lock */
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_wake;

	/*
	 * The public site's locales (site_locales) at generation locs_gen:
	 * counting them reads every public translation, too dear for every
	 * uncached page (a search) of a big archive.
	 */
	pthread_mutex_t locs_lock;
	uint64_t locs_gen;		/* 0: none kept */
	struct locale *locs;
	size_t nlocs;

	/*
	 * Small facts about listings at one generation (app_memo_get): a
	 * slot per key hash, a newer key takes the slot. Kept even when
	 * replies are not cached (the export pages through every listing).
	 */
	pthread_mutex_t memo_lock;
	struct app_memo_slot {
		uint64_t gen;		/* 0: empty */
		int64_t v[2];
		char key[APP_MEMO_KEY_MAX];
	} memo[APP_MEMO_SLOTS];
	/* and listings' whole orders (app_order_get), under order_lock */
	pthread_mutex_t order_lock;
	struct app_order_slot {
		uint64_t gen;		/* 0: empty */
		int64_t *ids;		/* owned */
		size_t n;
		char key[APP_MEMO_KEY_MAX];
	} order[APP_ORDER_SLOTS];
	size_t order_bytes;

	bool no_cache;
	unsigned store_flags;	/* for every store_open: STORE_NO_MMAP */
	pthread_rwlock_t cache_lock;
	struct cache_entry *buckets[CACHE_BUCKETS];
	size_t cache_bytes;

	_Atomic uint64_t n_requests, n_hits, n_misses, n_renders, n_resumes;
};

/*
 * A memo of two numbers per key for generation gen (a listing's count, the
 * key of the last item of one of its pages), shared by all threads. get
 * is true and fills out only when key was put at gen; put forgets keys of
 * APP_MEMO_KEY_MAX bytes or more, and what another key in the same slot
 * held. Emptied with the cache (cache_clear). Allocates nothing.
 */
bool app_memo_get(struct app *app, const char *key, uint64_t gen,
    int64_t out[2]);
void app_memo_put(struct app *app, const char *key, uint64_t gen,
    const int64_t v[2]);

/*
 * A listing's whole order (the ids of every item, sorted) kept for
 * generation gen, so that its other pages need not sort it again. get is
 * true when key was put at gen: *total is the listing's length and *page
 * (in a) its ids [off, off + lim), *n of them. put keeps a copy, unless
 * key is too long, the copy would take the ids kept past APP_ORDER_BYTES,
 * or memory is short; it replaces what the slot held. Emptied with the
 * cache (cache_clear).
 */
bool app_order_get(struct app *app, const char *key, uint64_t gen,
    size_t off, size_t lim, struct arena *a, int64_t **page, size_t *n,
    size_t *total);
void app_order_put(struct app *app, const char *key, uint64_t gen,
    const int64_t *ids, size_t n);

/* A store connection for this request; return it with app_store_put. */
enum err app_store_get(struct app *app, struct store **out);
void app_store_put(struct app *app, struct store *s);

/*
 * The cache's view number at instant now: it moves when the store's
 * generation moves (read at most APP_GENERATION_NS ago: a write committed
 * by another process shows within a millisecond; writes made by this
 * process call app_generation_stale() after their commit, so they show at
 * once) and, exactly, when now reaches the next scheduled publication.
 * ERR_* if the store cannot be read.
 */
enum err app_generation(struct app *app, int64_t now, uint64_t *out);
void app_generation_stale(struct app *app);

/* The cached reply for key made at generation gen (a new reference), or
 * NULL. */
struct http_reply *cache_get(struct app *app, const char *key, uint64_t gen);
/* Keeps reply (takes a new reference) for key at generation gen. */
void cache_put(struct app *app, const char *key, uint64_t gen,
    struct http_reply *reply);
/* Empties the cache and forgets the kept site locales. */
void cache_clear(struct app *app);

/* How the request proved who sent it. */
enum auth_via {
	AUTH_NONE,	/* anonymous */
	AUTH_SESSION,	/* the session cookie (state changes need CSRF) */
	AUTH_TOKEN,	/* an API token (Authorization: Bearer) */
	AUTH__MAX
};

struct hauth {
	enum auth_via via;
	struct user *user;		/* NULL when anonymous */
	unsigned char session[AUTH_HASH_BYTES];	/* AUTH_SESSION: its key */
	char csrf[48];			/* AUTH_SESSION: its CSRF token */
};

#define SESSION_COOKIE "__Host-pressroom"

/* What a handler works with. */
struct hctx {
	struct app *app;
	const struct http_request *req;
	struct arena *a;
	struct store *store;	/* acquired by the dispatcher */
	uint64_t generation;
	int64_t now;		/* the request's instant: visibility is
				 * decided against it, once */
	struct store_scope scope;	/* public at now */
	struct locale locale;	/* route parameter {locale}, if any */
	const char *slug;	/* route parameter {slug} */
	int64_t id;		/* route parameter {id} */
	const char *name;	/* route parameter {name} */
#define HCTX_ARGS 3
	const char *args[HCTX_ARGS];	/* route parameters {any}, in order */
	size_t nargs;
	const char *route;	/* the matched route's name */
	struct http_reply *reply;	/* set by the handler on success */
	bool cacheable;		/* the handler's reply may be cached */
	bool gone;		/* with ERR_NOTFOUND: 410, not 404 */
	struct hauth auth;	/* who is asking (routes that need it) */
	struct form form;	/* a state change's form body, if one */
	bool has_form;
	const char *why;	/* with an error: what was wrong, in English
				 * (shown to the client) */
};

/* --- replies (reply.c) --- */

/* A reply with the body taken from b (b is left empty); NULL on failure. */
struct http_reply *reply_from_buf(int status, const char *content_type,
    struct buf *b);
/* A reply with a copy of n bytes. */
struct http_reply *reply_from_bytes(int status, const char *content_type,
    const void *p, size_t n);
/* Adds a header (value copied); ERR_NOMEM or ERR_LIMIT. */
enum err reply_header(struct http_reply *r, const char *name,
    const char *value);
/* Sets Last-Modified (t > 0; other values are ignored). ERR_NOMEM. */
enum err reply_last_modified(struct http_reply *r, int64_t t);
/* Computes the strong ETag from the body. */
void reply_etag(struct http_reply *r);
/*
 * Adds the gzip variant (and its ETag, and Vary: Accept-Encoding) to a
 * text reply of some size, once, before it is shared; once: the reply is
 * sent once (not cached), so compressed fast rather than small. ERR_NOMEM.
 */
enum err reply_compress(struct http_reply *r, bool once);
/* Does the request's Accept-Encoding take gzip? */
bool reply_accepts_gzip(const struct http_request *req);
/* A redirect to location (a path or absolute URL) with status 301/302. */
struct http_reply *reply_redirect(int status, const char *location);
/* The static reply used when nothing else can be allocated. */
struct http_reply *reply_oom(void);

/* True if the If-None-Match header value matches etag (strong compare,
 * a list or "*"). */
bool etag_match(const char *if_none_match, const char *etag);

/* --- auth.c --- */

/*
 * Who sent the request: an API token (Authorization: Bearer), else the
 * session cookie. A session past its idle or absolute limit, or of a
 * disabled account, is ended and the request is anonymous; so is one with
 * no credentials. ERR_AUTH for a Bearer token that is unknown or revoked
 * (h->why says so), ERR_* from the store.
 */
enum err auth_identify(struct hctx *h);

/*
 * For a state-changing request: its Origin (or, without one, its Referer)
 * must be this site's; with a session, the CSRF token (the X-CSRF-Token
 * header, or csrf_field from a form) must be the session's. ERR_FORBIDDEN
 * with h->why. API tokens need no CSRF token (browsers never send them on
 * their own).
 */
enum err auth_check_write(struct hctx *h, const char *csrf_field);

/* Only the Origin/Referer part of auth_check_write (the login form). */
enum err auth_check_origin(struct hctx *h);

/*
 * Signs name in with password: ERR_RATE after LIMIT_LOGIN_FAILURES
 * failures for the account or the client address in the last
 * LIMIT_LOGIN_WINDOW_S seconds (checked before the password, recorded on
 * each failure), ERR_AUTH for a wrong name or password or a disabled
 * account (one message for all). On success a new session exists, h->auth
 * describes it and *cookie is its Set-Cookie value (in h->a).
 */
enum err auth_login(struct hctx *h, const char *name, const char *password,
    const char **cookie);

/* Ends h's session, if any; *cookie is the Set-Cookie value that clears
 * it. */
enum err auth_logout(struct hctx *h, const char **cookie);

/* Marks a reply as depending on who asked (private, never stored, varies
 * by Cookie and Authorization). ERR_NOMEM. */
enum err reply_private(struct http_reply *r);

/* --- status.c --- */

/* The HTTP status for an error from a handler. */
int http_status_of(enum err e);
/* The same for a handler that looked up an asset: one that was public and
 * is no more (gone) is 410. */
int http_status_of_asset(enum err e, bool gone);
/* The reason phrase of a status ("Not Found"). */
const char *http_reason(int status);

/* --- negotiate.c --- */

/*
 * Picks the best of n available locales for an Accept-Language value
 * (RFC 9110 q-values, RFC 4647 lookup: exact tag, then the range as a
 * prefix, then same primary language). Returns the index, or -1 when none
 * is acceptable (the caller uses its default).
 */
int negotiate_locale(const char *accept, const struct locale *avail,
    size_t n);

/* --- handlers (h_*.c) --- */

enum err h_root(struct hctx *h);
enum err h_list(struct hctx *h);
enum err h_locale_noslash(struct hctx *h);
enum err h_article(struct hctx *h);
enum err h_api_asset(struct hctx *h);
enum err h_api_asset_private(struct hctx *h);
enum err h_api_create(struct hctx *h);
enum err h_api_replace(struct hctx *h);
enum err h_api_state(struct hctx *h);
enum err h_api_revisions(struct hctx *h);
enum err h_api_me(struct hctx *h);
enum err h_api_confirm(struct hctx *h);

/*
 * Shared by the write API and the admin forms (h_api_write.c).
 * asset_slug_make: a unique slug for as from its date and first title.
 * state_change: loads asset h->id, applies op (publish, schedule at `at`,
 * withdraw with reason, unpublish, draft), checks it with
 * authz_asset_change and saves it as h->auth.user. ERR_NOTFOUND for an
 * unknown op; other errors with h->why.
 */
enum err asset_slug_make(struct hctx *h, struct asset *as);
/* Asset h->id as stored, and who created it (0: unknown). */
enum err asset_load_owned(struct hctx *h, struct asset **as, int64_t *owner);
/* authz_asset_change, related slugs resolved, then saved as the user
 * (expect > 0: ERR_CONFLICT unless that is the current revision). */
enum err asset_save_checked(struct hctx *h, const struct asset *old,
    int64_t owner, struct asset *as, const char *note, int64_t expect,
    struct store_save_result *res);
bool state_op_valid(const char *op);
enum err state_change(struct hctx *h, const char *op, int64_t at,
    const char *reason);
enum err h_api_publishers(struct hctx *h);
enum err h_api_publisher(struct hctx *h);
enum err h_static(struct hctx *h);
enum err h_search(struct hctx *h);
enum err h_api_search(struct hctx *h);
enum err h_feed(struct hctx *h);
enum err h_publisher(struct hctx *h);
enum err h_publisher_bare(struct hctx *h);
enum err h_term(struct hctx *h);

/*
 * Serves page h->id (0: 1) of publisher p in h->locale, at base (pages at
 * base + "/page/N/"), in the locales it serves among those published.
 * empty_is_404: a listing with nothing in it does not exist.
 */
enum err h_listing_serve(struct hctx *h, const struct publisher *p,
    const char *base, const char *heading, const char *feed_path,
    bool empty_is_404);
enum err h_sitemap_index(struct hctx *h);
enum err h_sitemap(struct hctx *h);
enum err h_robots(struct hctx *h);

/* Renders the error page for status in the best locale for the request. */
struct http_reply *h_error_page(struct hctx *h, int status);

/* The editors' error page: status, and h->why when set. */
struct http_reply *h_admin_error_page(struct hctx *h, int status);

/* The editorial interface (h_admin.c, h_admin_asset.c). */
enum err h_admin_bare(struct hctx *h);
enum err h_admin_login_page(struct hctx *h);
enum err h_admin_login(struct hctx *h);
enum err h_admin_logout(struct hctx *h);
enum err h_admin_home(struct hctx *h);
enum err h_admin_translations(struct hctx *h);
enum err h_admin_users(struct hctx *h);
enum err h_admin_users_post(struct hctx *h);
enum err h_admin_new(struct hctx *h);
enum err h_admin_create(struct hctx *h);
enum err h_admin_edit(struct hctx *h);
enum err h_admin_save(struct hctx *h);
enum err h_admin_state(struct hctx *h);
enum err h_admin_translate_pick(struct hctx *h);
enum err h_admin_translate(struct hctx *h);
enum err h_admin_translate_save(struct hctx *h);
enum err h_admin_history(struct hctx *h);
enum err h_admin_restore(struct hctx *h);
enum err h_admin_attachments(struct hctx *h);
enum err h_attachment(struct hctx *h);
enum err h_admin_attachment(struct hctx *h);
enum err h_api_attachment(struct hctx *h);

/* The locales that have a list page, most used first, in h->a. */
enum err site_locales(struct hctx *h, struct locale **out, size_t *n);

/*
 * Of the n published locales ls, the one l means: l itself, or for a bare
 * language ("en") the first of its regions; NULL when none. *same_lang
 * counts the published locales of l's language.
 */
const struct locale *site_locale_known(const struct locale *l,
    const struct locale *ls, size_t n, size_t *same_lang);

#endif
