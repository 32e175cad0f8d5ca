/*
 * http.h - pressroom's web front: the application (store pool, theme,
 * response cache), the dispatcher that turns a request into a reply, and
 * the server that runs it on libmicrohttpd.
 *
 * The dispatcher needs no socket: tests build a struct http_request and
 * call http_dispatch(). Only src/http/server.c knows libmicrohttpd; only
 * src/http/status.c maps an enum err to an HTTP status.
 */
#ifndef PRESSROOM_HTTP_H
#define PRESSROOM_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/arena.h"
#include "pressroom/err.h"

struct http_config {
	const char *db_path;	/* store target */
	const char *listen;	/* "127.0.0.1:8080", "[::1]:8080" */
	const char *base_url;	/* absolute URLs in pages; NULL: http://listen */
	const char *theme_dir;	/* NULL: the built-in theme */
	const char *site_name;	/* NULL: "Press room" in each language */
	unsigned threads;	/* worker threads; 0: one per CPU */
	unsigned timeout_s;	/* idle/slow connection timeout; 0: default */
	unsigned max_conn_per_ip;	/* 0: LIMIT_HTTP_CONN_PER_IP */
	unsigned checkpoint_s;	/* WAL checkpoint period; 0: 5 seconds */
	bool quiet;		/* no access log */
	bool no_cache;		/* render every request and make no ETag:
				 * the export, which writes bodies to files */
	bool no_mmap;		/* open the store with STORE_NO_MMAP (the
				 * export) */
};

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP_METHOD__MAX
};

/* Parses a method name (case-sensitive, as HTTP says); HTTP_OTHER if unknown. */
enum http_method http_method_parse(const char *s);

/*
 * A request as the dispatcher sees it. path is the decoded path without the
 * query; headers and query parameters are looked up through the callbacks
 * (names are case-insensitive for headers, exact for parameters; NULL when
 * absent). arena is reset by the caller after the reply is made.
 */
struct http_request {
	enum http_method method;
	const char *path;
	const char *(*header)(const void *ctx, const char *name);
	const char *(*param)(const void *ctx, const char *name);
	const void *ctx;
	struct arena *arena;
	const char *body;	/* the request body (NUL-terminated, may hold
				 * NULs), NULL when there is none */
	size_t body_len;	/* bytes of request body received */
	const char *peer;	/* the client's address ("127.0.0.1"), for
				 * rate limits; set for POST, PUT, PATCH and
				 * DELETE only, NULL when unknown */
};

#define HTTP_REPLY_HEADERS_MAX 12

/*
 * A reply: immutable once made, reference-counted, so one cached page can be
 * sent to many clients at once. body is NUL-terminated. headers hold the
 * ones a handler chose (Location, Cache-Control, Vary, ETag...); the
 * security headers every response carries are included.
 */
struct http_reply {
	_Atomic long refs;	/* use http_reply_ref/unref */
	int status;
	const char *content_type;	/* static string */
	char *body;
	size_t len;
	char etag[44];		/* quoted strong ETag, "" when none */
	char *gz;		/* the body gzipped, NULL when not worth it */
	size_t gzlen;
	char etag_gz[44];	/* the gzip variant's own strong ETag */
	int64_t last_modified;	/* UTC; 0: no Last-Modified */
	size_t nheaders;
	struct {
		const char *name;	/* static string */
		char *value;		/* owned */
	} headers[HTTP_REPLY_HEADERS_MAX];
	/* the server adapter's prepared response for this reply, and how to
	 * free it; set at most once, by the adapter */
	_Atomic(void *) adapter;
	_Atomic(void *) adapter_gz;
	_Atomic(void (*)(void *)) adapter_free;
};

void http_reply_ref(struct http_reply *r);
/* Drops a reference; the last one frees the reply. NULL is a no-op. */
void http_reply_unref(struct http_reply *r);
/* The value of a reply header (case-insensitive name), or NULL. */
const char *http_reply_header(const struct http_reply *r, const char *name);

/*
 * Whether this request gets the gzip variant of r: r has one and the
 * request's Accept-Encoding takes gzip (q > 0). The dispatcher (for
 * 304s) and the server adapter (for the body) both ask this.
 */
bool http_reply_gzip(const struct http_reply *r,
    const struct http_request *req);

struct app;

/*
 * Makes the application: opens one store connection to check the database,
 * loads and checks the theme. ERR_* with d saying what (for example a theme
 * template error, or a database that is not pressroom's). Free with
 * app_free() after the server is stopped.
 */
enum err app_new(const struct http_config *cfg, struct app **out,
    struct diag *d);
void app_free(struct app *app);

/*
 * Answers one request; never NULL (on allocation failure a static 503
 * reply is returned). The caller owns one reference. Thread-safe.
 */
struct http_reply *http_dispatch(struct app *app,
    const struct http_request *req);

/*
 * Every path of the public site at instant now, as a static export holds
 * it: robots.txt, the sitemap index and its parts, theme files, and per
 * published locale its list pages, feed and every article page (public
 * and withdrawn; an unpublished page's 410 cannot be a file), plus
 * "/404.html" for the error page. Paths are in a: first everything but
 * articles in natural order (digits compare as numbers: a listing's pages
 * in sequence), then the article pages asset by asset, each asset's
 * locales together. ERR_* from the store.
 */
enum err http_site_paths(struct app *app, struct arena *a, int64_t now,
    const char ***out, size_t *n);

/* Counters for tests and logs. */
struct app_stats {
	uint64_t requests;
	uint64_t cache_hits;
	uint64_t cache_misses;
	uint64_t renders;
	uint64_t list_resumes;	/* list pages resumed after a remembered
				 * page end instead of skipping rows */
};
void app_stats_get(struct app *app, struct app_stats *out);

/*
 * Serves cfg->listen until *stop becomes non-zero (set it from a signal
 * handler), then drains and returns. ERR_INVAL for a bad listen address,
 * ERR_IO when the address cannot be bound (d says why).
 */
enum err http_serve(struct app *app, const struct http_config *cfg,
    volatile sig_atomic_t *stop, struct diag *d);

#endif
