/*
 * app.c - the application's shared state: store connection pool, theme,
 * site settings and the response cache.
 *
 * The cache maps a request key to a reply made at a store generation; a
 * reply from an older generation is never served (any committed write, from
 * this process or another, moves the generation). Past the byte budget the
 * cache is emptied: simple, and a full rebuild is cheap. Does not route or
 * render.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "pressroom/limits.h"
#include "pressroom/log.h"
#include "pressroom/mem.h"
#include "http_internal.h"
#include "pressroom/banned.h"

static char *
dup_or_null(const char *s)
{
	return s != NULL ? mem_strndup(s, strlen(s)) : NULL;
}

/* --- WAL upkeep --------------------------------------------------------- */

static void *
checkpoint_main(void *p)
{
	struct app *app = p;
	struct store_checkpoint ck;
	struct timespec until;
	unsigned busy = 0;
	enum err e;

	pthread_mutex_lock(&app->ckpt_lock);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += app->checkpoint_s;
	while (!app->ckpt_stop) {
		if (pthread_cond_timedwait(&app->ckpt_wake, &app->ckpt_lock,
		    &until) == 0 || app->ckpt_stop)
			continue;	/* woken: stopping, or spurious */
		pthread_mutex_unlock(&app->ckpt_lock);
		e = store_checkpoint(app->ckpt_store, APP_CHECKPOINT_WAIT_MS,
		    &ck);
		if (e != ERR_OK)
			log_warn("WAL checkpoint: %s: %s", err_str(e),
			    store_errmsg(app->ckpt_store));
		busy = e == ERR_OK && ck.busy ? busy + 1 : 0;
		if (busy > 0 && busy % 12 == 0)
			log_warn("WAL checkpoint: readers have kept the log "
			    "from being restarted %u times in a row", busy);
		pthread_mutex_lock(&app->ckpt_lock);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += app->checkpoint_s;
	}
	pthread_mutex_unlock(&app->ckpt_lock);
	return NULL;
}

static enum err
checkpoint_start(struct app *app, const struct http_config *cfg,
    struct diag *d)
{
	enum err e;

	app->checkpoint_s = cfg->checkpoint_s > 0 ? cfg->checkpoint_s :
	    APP_CHECKPOINT_S;
	if ((e = store_open(app->db_path, app->store_flags, &app->ckpt_store,
	    d)) != ERR_OK)
		return e;
	if (pthread_create(&app->ckpt_thread, NULL, checkpoint_main, app) !=
	    0) {
		diag_set(d, 0, 0, "cannot start the WAL checkpoint thread");
		return ERR_IO;
	}
	app->ckpt_running = true;
	return ERR_OK;
}

static void
checkpoint_stop(struct app *app)
{
	if (app->ckpt_running) {
		pthread_mutex_lock(&app->ckpt_lock);
		app->ckpt_stop = true;
		pthread_cond_signal(&app->ckpt_wake);
		pthread_mutex_unlock(&app->ckpt_lock);
		pthread_join(app->ckpt_thread, NULL);
		app->ckpt_running = false;
	}
	store_close(app->ckpt_store);
	app->ckpt_store = NULL;
}

void
app_free(struct app *app)
{
	if (app == NULL)
		return;
	checkpoint_stop(app);
	pthread_cond_destroy(&app->ckpt_wake);
	pthread_mutex_destroy(&app->ckpt_lock);
	cache_clear(app);
	store_close(app->gen_store);
	pthread_mutex_destroy(&app->gen_lock);
	pthread_mutex_destroy(&app->locs_lock);
	pthread_mutex_destroy(&app->memo_lock);
	pthread_mutex_destroy(&app->order_lock);
	mem_free(app->locs);
	for (size_t i = 0; i < app->nidle; i++)
		store_close(app->idle[i]);
	pthread_mutex_destroy(&app->pool_lock);
	pthread_rwlock_destroy(&app->cache_lock);
	theme_free(app->theme);
	mem_free(app->db_path);
	mem_free(app->base_url);
	mem_free(app->site_name);
	mem_free(app);
}

enum err
app_new(const struct http_config *cfg, struct app **out, struct diag *d)
{
	struct app *app;
	struct store *s = NULL;
	char base[300];
	pthread_condattr_t ca;
	enum err e;

	app = mem_calloc(1, sizeof *app);
	if (app == NULL)
		return ERR_NOMEM;
	pthread_mutex_init(&app->pool_lock, NULL);
	pthread_mutex_init(&app->gen_lock, NULL);
	pthread_mutex_init(&app->locs_lock, NULL);
	pthread_mutex_init(&app->memo_lock, NULL);
	pthread_mutex_init(&app->order_lock, NULL);
	pthread_rwlock_init(&app->cache_lock, NULL);
	pthread_mutex_init(&app->ckpt_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&app->ckpt_wake, &ca);
	pthread_condattr_destroy(&ca);
	if (cfg->base_url != NULL) {
		snprintf(base, sizeof base, "%s", cfg->base_url);
	} else {
		snprintf(base, sizeof base, "http://%s",
		    cfg->listen != NULL ? cfg->listen : "127.0.0.1:8080");
	}
	while (base[0] != '\0' && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	app->db_path = dup_or_null(cfg->db_path);
	app->base_url = dup_or_null(base);
	app->site_name = dup_or_null(cfg->site_name);
	if (app->db_path == NULL || app->base_url == NULL ||
	    (cfg->site_name != NULL && app->site_name == NULL)) {
		e = ERR_NOMEM;
		goto out;
	}
	app->no_cache = cfg->no_cache;
	app->store_flags = cfg->no_mmap ? STORE_NO_MMAP : 0;
	app->site.base_url = app->base_url;
	app->site.site_name = app->site_name;
	if ((e = theme_load(cfg->theme_dir, &app->theme, d)) != ERR_OK)
		goto out;
	/* open one connection now so a bad database fails start-up */
	if ((e = store_open(app->db_path, app->store_flags, &s, d)) != ERR_OK)
		goto out;
	app->idle[app->nidle++] = s;
	if ((e = store_open(app->db_path, STORE_READONLY |
	    app->store_flags, &app->gen_store, d))
	    != ERR_OK)
		goto out;
	atomic_store(&app->next_publish, INT64_MIN);	/* read on first use */
	if ((e = checkpoint_start(app, cfg, d)) != ERR_OK)
		goto out;
	*out = app;
	app = NULL;
out:
	app_free(app);
	return e;
}

enum err
app_store_get(struct app *app, struct store **out)
{
	struct store *s = NULL;
	struct diag d;
	enum err e;

	pthread_mutex_lock(&app->pool_lock);
	if (app->nidle > 0)
		s = app->idle[--app->nidle];
	pthread_mutex_unlock(&app->pool_lock);
	if (s != NULL) {
		*out = s;
		return ERR_OK;
	}
	diag_init(&d, NULL);
	e = store_open(app->db_path, app->store_flags, &s, &d);
	if (e != ERR_OK)
		return e;
	*out = s;
	return ERR_OK;
}

void
app_store_put(struct app *app, struct store *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&app->pool_lock);
	if (app->nidle < APP_POOL_MAX) {
		app->idle[app->nidle++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&app->pool_lock);
	store_close(s);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

enum err
app_generation(struct app *app, int64_t now, uint64_t *out)
{
	uint64_t ns = now_ns(), gen;
	int64_t next = INT64_MAX;
	bool due = now >= atomic_load(&app->next_publish);
	enum err e;

	if (!due &&
	    ns - atomic_load(&app->gen_checked_ns) < APP_GENERATION_NS) {
		*out = atomic_load(&app->gen);
		return ERR_OK;
	}
	/*
	 * One thread reads the store; the others use the view it had, except
	 * at a publication instant, when everyone waits for the new view so
	 * that nothing made before the instant is served after it.
	 */
	if (due)
		pthread_mutex_lock(&app->gen_lock);
	else if (pthread_mutex_trylock(&app->gen_lock) != 0) {
		*out = atomic_load(&app->gen);
		return ERR_OK;
	}
	due = now >= atomic_load(&app->next_publish);
	e = store_generation(app->gen_store, &gen);
	if (e == ERR_OK) {
		e = store_next_publish(app->gen_store, now, &next);
		if (e == ERR_NOTFOUND) {
			next = INT64_MAX;
			e = ERR_OK;
		}
	}
	if (e == ERR_OK) {
		if (gen != app->store_gen || due)
			atomic_fetch_add(&app->gen, 1);
		app->store_gen = gen;
		atomic_store(&app->next_publish, next);
		atomic_store(&app->gen_checked_ns, ns);
		*out = atomic_load(&app->gen);
	}
	pthread_mutex_unlock(&app->gen_lock);
	return e;
}

void
app_generation_stale(struct app *app)
{
	atomic_store(&app->gen_checked_ns, 0);
}

void
app_stats_get(struct app *app, struct app_stats *out)
{
	out->requests = atomic_load(&app->n_requests);
	out->cache_hits = atomic_load(&app->n_hits);
	out->cache_misses = atomic_load(&app->n_misses);
	out->renders = atomic_load(&app->n_renders);
	out->list_resumes = atomic_load(&app->n_resumes);
}

/* --- cache ------------------------------------------------------------- */

static uint64_t
hash_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t
bucket_of(const char *key)
{
	return (size_t)(hash_of(key) % CACHE_BUCKETS);
}

bool
app_memo_get(struct app *app, const char *key, uint64_t gen, int64_t out[2])
{
	struct app_memo_slot *m = &app->memo[hash_of(key) % APP_MEMO_SLOTS];
	bool hit;

	pthread_mutex_lock(&app->memo_lock);
	hit = gen != 0 && m->gen == gen && strcmp(m->key, key) == 0;
	if (hit) {
		out[0] = m->v[0];
		out[1] = m->v[1];
	}
	pthread_mutex_unlock(&app->memo_lock);
	return hit;
}

static void
order_drop(struct app *app, struct app_order_slot *o)
{
	app->order_bytes -= o->n * sizeof *o->ids;
	mem_free(o->ids);
	o->ids = NULL;
	o->n = 0;
	o->gen = 0;
}

bool
app_order_get(struct app *app, const char *key, uint64_t gen, size_t off,
    size_t lim, struct arena *a, int64_t **page, size_t *n, size_t *total)
{
	struct app_order_slot *o = &app->order[hash_of(key) % APP_ORDER_SLOTS];
	int64_t *v = NULL;
	size_t k = 0;
	bool hit;

	pthread_mutex_lock(&app->order_lock);
	hit = gen != 0 && o->gen == gen && strcmp(o->key, key) == 0;
	if (hit) {
		if (off < o->n)
			k = o->n - off < lim ? o->n - off : lim;
		v = arena_calloc(a, k + 1, sizeof *v);
		if (v == NULL)
			hit = false;
		else if (k > 0)
			memcpy(v, o->ids + off, k * sizeof *v);
		*total = o->n;
	}
	pthread_mutex_unlock(&app->order_lock);
	if (hit) {
		*page = v;
		*n = k;
	}
	return hit;
}

void
app_order_put(struct app *app, const char *key, uint64_t gen,
    const int64_t *ids, size_t n)
{
	struct app_order_slot *o = &app->order[hash_of(key) % APP_ORDER_SLOTS];
	size_t len = strlen(key), bytes = n * sizeof *ids;

	if (len >= APP_MEMO_KEY_MAX || gen == 0)
		return;
	pthread_mutex_lock(&app->order_lock);
	if (o->gen != 0)
		order_drop(app, o);
	if (app->order_bytes + bytes <= APP_ORDER_BYTES &&
	    (o->ids = mem_alloc(bytes + sizeof *ids)) != NULL) {
		if (bytes > 0)	/* ids may be NULL then */
			memcpy(o->ids, ids, bytes);
		o->n = n;
		o->gen = gen;
		memcpy(o->key, key, len + 1);
		app->order_bytes += bytes;
	}
	pthread_mutex_unlock(&app->order_lock);
}

void
app_memo_put(struct app *app, const char *key, uint64_t gen,
    const int64_t v[2])
{
	struct app_memo_slot *m = &app->memo[hash_of(key) % APP_MEMO_SLOTS];
	size_t n = strlen(key);

	if (n >= APP_MEMO_KEY_MAX || gen == 0)
		return;
	pthread_mutex_lock(&app->memo_lock);
	m->gen = gen;
	memcpy(m->key, key, n + 1);
	m->v[0] = v[0];
	m->v[1] = v[1];
	pthread_mutex_unlock(&app->memo_lock);
}

struct http_reply *
cache_get(struct app *app, const char *key, uint64_t gen)
{
	struct cache_entry *ce;
	struct http_reply *r = NULL;

	pthread_rwlock_rdlock(&app->cache_lock);
	for (ce = app->buckets[bucket_of(key)]; ce != NULL; ce = ce->next)
		if (strcmp(ce->key, key) == 0) {
			if (ce->generation == gen) {
				r = ce->reply;
				http_reply_ref(r);
			}
			break;
		}
	pthread_rwlock_unlock(&app->cache_lock);
	return r;
}

static void
clear_locked(struct app *app)
{
	for (size_t i = 0; i < CACHE_BUCKETS; i++) {
		struct cache_entry *ce = app->buckets[i], *next;

		for (; ce != NULL; ce = next) {
			next = ce->next;
			http_reply_unref(ce->reply);
			mem_free(ce->key);
			mem_free(ce);
		}
		app->buckets[i] = NULL;
	}
	app->cache_bytes = 0;
}

void
cache_clear(struct app *app)
{
	pthread_rwlock_wrlock(&app->cache_lock);
	clear_locked(app);
	pthread_rwlock_unlock(&app->cache_lock);
	pthread_mutex_lock(&app->memo_lock);
	for (size_t i = 0; i < APP_MEMO_SLOTS; i++)
		app->memo[i].gen = 0;
	pthread_mutex_unlock(&app->memo_lock);
	pthread_mutex_lock(&app->order_lock);
	for (size_t i = 0; i < APP_ORDER_SLOTS; i++)
		if (app->order[i].gen != 0)
			order_drop(app, &app->order[i]);
	pthread_mutex_unlock(&app->order_lock);
	pthread_mutex_lock(&app->locs_lock);
	mem_free(app->locs);
	app->locs = NULL;
	app->nlocs = 0;
	app->locs_gen = 0;
	pthread_mutex_unlock(&app->locs_lock);
}

void
cache_put(struct app *app, const char *key, uint64_t gen,
    struct http_reply *reply)
{
	struct cache_entry *ce, **slot;
	size_t bytes = reply->len + strlen(key) + sizeof *ce + sizeof *reply;

	if (bytes > LIMIT_RESPONSE_CACHE_BYTES / 8 || app->no_cache)
		return;
	pthread_rwlock_wrlock(&app->cache_lock);
	slot = &app->buckets[bucket_of(key)];
	for (ce = *slot; ce != NULL; ce = ce->next)
		if (strcmp(ce->key, key) == 0)
			break;
	if (ce != NULL) {
		/* a newer render replaces an older one, never the reverse */
		if (ce->generation <= gen) {
			http_reply_ref(reply);
			http_reply_unref(ce->reply);
			app->cache_bytes -= ce->bytes;
			ce->reply = reply;
			ce->generation = gen;
			ce->bytes = bytes;
			app->cache_bytes += bytes;
		}
		goto out;
	}
	if (app->cache_bytes + bytes > LIMIT_RESPONSE_CACHE_BYTES) {
		clear_locked(app);
		slot = &app->buckets[bucket_of(key)];
	}
	ce = mem_calloc(1, sizeof *ce);
	if (ce == NULL)
		goto out;
	ce->key = mem_strndup(key, strlen(key));
	if (ce->key == NULL) {
		mem_free(ce);
		goto out;
	}
	http_reply_ref(reply);
	ce->reply = reply;
	ce->generation = gen;
	ce->bytes = bytes;
	ce->next = *slot;
	*slot = ce;
	app->cache_bytes += bytes;
out:
	pthread_rwlock_unlock(&app->cache_lock);
}
