/*
 * router.c - the dispatcher: validates the request line, matches the route
 * table, serves from the response cache or runs the handler, turns errors
 * into error pages and answers conditional requests with 304.
 *
 * Does not know libmicrohttpd (server.c) and does not render pages itself
 * (the handlers do).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "pressroom/limits.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "http_internal.h"
#include "pressroom/banned.h"

enum seg {
	SEG_END,
	SEG_EMPTY,	/* "" : the path ends with '/' */
	SEG_LIT,
	SEG_LOCALE,
	SEG_SLUG,
	SEG_ID,
	SEG_NAME,	/* a file name: [A-Za-z0-9._-], not starting with '.' */
	SEG_ANY,	/* any non-empty segment: a tag, a speaker's name, a
			 * publisher name (the handler checks it) */
	SEG__MAX
};

enum route_flags {
	R_STORE = 1 << 0,	/* needs a store connection */
	R_CACHE = 1 << 1,	/* replies may be cached */
	R_JSON = 1 << 2,	/* errors as JSON, not HTML pages */
};

#define ROUTE_SEGS 7

struct route {
	const char *name;		/* also tells handlers which route */
	enum seg segs[ROUTE_SEGS];
	const char *lits[ROUTE_SEGS];
	enum err (*fn)(struct hctx *h);
	unsigned flags;
	const char *params;	/* query parameters that make the cache key */
};

static const struct route routes[] = {
	{ "root", { SEG_EMPTY }, { 0 }, h_root, R_STORE, NULL },
	{ "static", { SEG_LIT, SEG_NAME }, { "static" }, h_static, R_CACHE,
	    "v" },
	/* search replies are never cached: any text makes a new key */
	{ "api-search", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1", "search" },
	    h_api_search, R_STORE | R_JSON, NULL },
	{ "search", { SEG_LOCALE, SEG_LIT }, { NULL, "search" }, h_search,
	    R_STORE, NULL },
	{ "api-asset", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID },
	    { "api", "v1", "assets" }, h_api_asset, R_STORE | R_CACHE | R_JSON,
	    NULL },
	{ "api-publishers", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1",
	    "publishers" }, h_api_publishers, R_STORE | R_CACHE | R_JSON,
	    NULL },
	{ "api-publisher", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ANY }, { "api",
	    "v1", "publishers" }, h_api_publisher, R_STORE | R_CACHE | R_JSON,
	    NULL },
	{ "robots", { SEG_LIT }, { "robots.txt" }, h_robots, R_CACHE, NULL },
	{ "sitemap-index", { SEG_LIT }, { "sitemap.xml" }, h_sitemap_index,
	    R_STORE | R_CACHE, NULL },
	{ "feed", { SEG_LOCALE, SEG_LIT }, { NULL, "feed.atom" }, h_feed,
	    R_STORE | R_CACHE, NULL },
	{ "list", { SEG_LOCALE, SEG_EMPTY }, { 0 }, h_list,
	    R_STORE | R_CACHE, "page" },
	{ "list-page", { SEG_LOCALE, SEG_LIT, SEG_ID, SEG_EMPTY },
	    { NULL, "page" }, h_list, R_STORE | R_CACHE, NULL },
	{ "locale", { SEG_LOCALE }, { 0 }, h_locale_noslash, R_STORE, NULL },
	{ "article", { SEG_LOCALE, SEG_SLUG }, { 0 }, h_article,
	    R_STORE | R_CACHE, NULL },
	{ "publisher-bare", { SEG_LOCALE, SEG_LIT, SEG_ANY }, { NULL, "p" },
	    h_publisher_bare, R_STORE | R_CACHE, NULL },
	{ "publisher", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "p" }, h_publisher, R_STORE | R_CACHE, NULL },
	{ "publisher-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "p", NULL, "page" }, h_publisher,
	    R_STORE | R_CACHE, NULL },
	{ "tag", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY }, { NULL, "tag" },
	    h_term, R_STORE | R_CACHE, NULL },
	{ "tag-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "tag", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL },
	{ "speaker", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "speaker" }, h_term, R_STORE | R_CACHE, NULL },
	{ "speaker-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "speaker", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL },
	{ "archive-year", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "archive" }, h_term, R_STORE | R_CACHE, NULL },
	{ "archive-month", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_ANY,
	    SEG_EMPTY }, { NULL, "archive" }, h_term, R_STORE | R_CACHE, NULL },
	{ "archive-year-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "archive", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL },
	{ "archive-month-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_ANY,
	    SEG_LIT, SEG_ID, SEG_EMPTY }, { NULL, "archive", NULL, NULL,
	    "page" }, h_term, R_STORE | R_CACHE, NULL },
	/* last: any other file name at the top ("sitemap-en-GB-1.xml") */
	{ "sitemap", { SEG_NAME }, { 0 }, h_sitemap, R_STORE | R_CACHE, NULL },
};

enum http_method
http_method_parse(const char *s)
{
	static const char *const names[HTTP_METHOD__MAX] = {
		[HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST",
		[HTTP_PUT] = "PUT", [HTTP_DELETE] = "DELETE",
		[HTTP_PATCH] = "PATCH", [HTTP_OPTIONS] = "OPTIONS",
	};

	for (int i = 0; i < HTTP_OTHER; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

static bool
name_ok(struct str s)
{
	if (s.len == 0 || s.len > 100 || s.p[0] == '.')
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Does segment s fit kind k? Fills the handler's parameters. */
static bool
seg_match(struct hctx *h, enum seg k, const char *lit, struct str s)
{
	int64_t id;

	switch (k) {
	case SEG_EMPTY:
		return s.len == 0;
	case SEG_LIT:
		return str_eq_cstr(s, lit);
	case SEG_LOCALE:
		return s.len > 0 && locale_parse(s, &h->locale) == ERR_OK;
	case SEG_SLUG: {
		char *slug;

		if (s.len == 0 || s.len > LIMIT_SLUG_BYTES)
			return false;
		slug = arena_strndup(h->a, s.p, s.len);
		if (slug == NULL || !slug_valid(slug))
			return false;
		h->slug = slug;
		return true;
	}
	case SEG_ID:
		if (s.len == 0 || s.p[0] == '0' || str_to_i64(s, 1, INT64_MAX,
		    &id) != ERR_OK)
			return false;
		h->id = id;
		return true;
	case SEG_NAME:
		if (!name_ok(s))
			return false;
		h->name = arena_strndup(h->a, s.p, s.len);
		return h->name != NULL;
	case SEG_ANY:
		if (s.len == 0 || h->nargs == HCTX_ARGS)
			return false;
		h->args[h->nargs] = arena_strndup(h->a, s.p, s.len);
		return h->args[h->nargs++] != NULL;
	default:
		return false;
	}
}

static const struct route *
route_match(struct hctx *h, const char *path)
{
	struct str segs[ROUTE_SEGS + 1];
	struct str rest = str_from(path + 1);
	size_t n = 0;

	/* "/a/b/" -> "a", "b", "" ; "/" -> "" */
	for (;;) {
		size_t i = str_find_char(rest, '/');

		if (n == ROUTE_SEGS + 1)
			return NULL;
		segs[n++] = str_make(rest.p, i);
		if (i == rest.len)
			break;
		rest.p += i + 1;
		rest.len -= i + 1;
	}
	for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
		const struct route *rt = &routes[r];
		size_t k;

		h->nargs = 0;
		h->id = 0;
		for (k = 0; k < ROUTE_SEGS && rt->segs[k] != SEG_END; k++)
			if (k >= n || !seg_match(h, rt->segs[k], rt->lits[k],
			    segs[k]))
				break;
		if (k < ROUTE_SEGS && rt->segs[k] != SEG_END)
			continue;
		if (k == n)
			return rt;
	}
	return NULL;
}

static bool
path_ok(const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || path[0] != '/' || n > LIMIT_HTTP_PATH_BYTES)
		return false;
	if (!utf8_valid(path, n, NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			return false;
	return true;
}

static struct http_reply *
json_error(int status, const char *message)
{
	char body[512];
	int n;
	struct http_reply *r;

	n = snprintf(body, sizeof body,
	    "{\"error\":{\"status\":%d,\"message\":\"%s\"}}\n", status,
	    message);
	r = reply_from_bytes(status, "application/json; charset=utf-8", body,
	    n > 0 && (size_t)n < sizeof body ? (size_t)n : 0);
	if (r != NULL)
		reply_header(r, "Cache-Control", "no-store");
	return r;
}

static struct http_reply *
error_reply(struct hctx *h, const struct route *rt, int status)
{
	struct http_reply *r;

	if (rt != NULL && (rt->flags & R_JSON))
		r = json_error(status, http_reason(status));
	else
		r = h_error_page(h, status);
	return r != NULL ? r : reply_oom();
}

static const char *
cache_key(struct hctx *h, const struct route *rt)
{
	const char *v;

	if (rt->params == NULL)
		return h->req->path;
	v = h->req->param(h->req->ctx, rt->params);
	if (v == NULL)
		return h->req->path;
	return arena_printf(h->a, "%s?%s=%.64s", h->req->path, rt->params, v);
}

/* A 304 for full, carrying the validator of the variant the client has. */
static struct http_reply *
not_modified(struct http_reply *full, const char *etag)
{
	struct http_reply *r = reply_from_bytes(304, full->content_type, "", 0);
	const char *cc = http_reply_header(full, "Cache-Control");
	const char *vary = http_reply_header(full, "Vary");
	const char *lm = http_reply_header(full, "Last-Modified");

	if (r == NULL)
		return NULL;
	snprintf(r->etag, sizeof r->etag, "%s", etag);
	if ((cc != NULL && reply_header(r, "Cache-Control", cc) != ERR_OK) ||
	    (vary != NULL && reply_header(r, "Vary", vary) != ERR_OK) ||
	    (lm != NULL && reply_header(r, "Last-Modified", lm) != ERR_OK)) {
		http_reply_unref(r);
		return NULL;
	}
	return r;
}

/*
 * RFC 9110 13.1: If-None-Match decides when present; otherwise
 * If-Modified-Since against Last-Modified (seconds).
 */
static bool
is_not_modified(const struct http_request *req, const struct http_reply *r,
    const char *etag)
{
	const char *inm = req->header(req->ctx, "If-None-Match");
	const char *ims;
	int64_t t;

	if (inm != NULL)
		return etag_match(inm, etag);
	ims = req->header(req->ctx, "If-Modified-Since");
	return ims != NULL && r->last_modified > 0 &&
	    time_parse_http(ims, &t) == ERR_OK && r->last_modified <= t;
}

struct http_reply *
http_dispatch(struct app *app, const struct http_request *req)
{
	int64_t now = time_now();
	struct hctx h = { .app = app, .req = req, .a = req->arena,
		.now = now, .scope = { .public = true, .now = now } };
	const struct route *rt = NULL;
	struct http_reply *r = NULL, *nm;
	const char *key = NULL;
	enum err e;

	atomic_fetch_add_explicit(&app->n_requests, 1, memory_order_relaxed);
	if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
		r = reply_from_bytes(405, "text/plain; charset=utf-8",
		    "Method Not Allowed\n", 19);
		if (r != NULL && reply_header(r, "Allow", "GET, HEAD") !=
		    ERR_OK) {
			http_reply_unref(r);
			r = NULL;
		}
		return r != NULL ? r : reply_oom();
	}
	if (req->path == NULL || !path_ok(req->path))
		return error_reply(&h, NULL, 400);
	rt = route_match(&h, req->path);
	if (rt == NULL) {
		/* a locale in the first segment picks the 404 page's language */
		struct str first = str_from(req->path + 1);

		first.len = str_find_char(first, '/');
		if (locale_parse(first, &h.locale) != ERR_OK)
			h.locale.tag[0] = '\0';
		return error_reply(&h, NULL, 404);
	}
	if (rt->flags & (R_STORE | R_CACHE)) {
		e = app_generation(app, h.now, &h.generation);
		if (e != ERR_OK) {
			r = error_reply(&h, rt, http_status_of(e));
			goto out;
		}
	}
	if (rt->flags & R_CACHE) {
		key = cache_key(&h, rt);
		if (key == NULL) {
			r = reply_oom();
			goto out;
		}
		r = cache_get(app, key, h.generation);
		if (r != NULL) {
			atomic_fetch_add_explicit(&app->n_hits, 1,
			    memory_order_relaxed);
			goto conditional;
		}
		atomic_fetch_add_explicit(&app->n_misses, 1,
		    memory_order_relaxed);
	}
	if (rt->flags & R_STORE) {
		e = app_store_get(app, &h.store);
		if (e != ERR_OK) {
			r = error_reply(&h, rt, http_status_of(e));
			goto out;
		}
	}
	h.route = rt->name;
	e = rt->fn(&h);
	if (e != ERR_OK || h.reply == NULL) {
		http_reply_unref(h.reply);
		r = error_reply(&h, rt, http_status_of_asset(e != ERR_OK ? e :
		    ERR_NOMEM, h.gone));
		goto out;
	}
	r = h.reply;
	atomic_fetch_add_explicit(&app->n_renders, 1, memory_order_relaxed);
	if (r->status == 200 && r->etag[0] == '\0')
		reply_etag(r);
	/* before it is shared; without memory it simply stays uncompressed */
	if (r->status == 200)
		(void)reply_compress(r);
	if (key != NULL && h.cacheable && r->status == 200)
		cache_put(app, key, h.generation, r);
conditional:
	if (r->status == 200) {
		const char *etag = http_reply_gzip(r, req) ? r->etag_gz :
		    r->etag;

		if (is_not_modified(req, r, etag) &&
		    (nm = not_modified(r, etag)) != NULL) {
			http_reply_unref(r);
			r = nm;
		}
	}
out:
	app_store_put(app, h.store);
	return r;
}
