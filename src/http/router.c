/*
 * router.c - the dispatcher: validates the request line, matches the route
 * table, serves from the response cache or runs the handler, turns errors
 * into error pages and answers conditional requests with 304.
 *
 * Does not know libmicrohttpd (server.c) and does not render pages itself
 * (the handlers do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "pressroom/limits.h"
#include "pressroom/mem.h"
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
	R_AUTH = 1 << 3,	/* needs a signed-in user (401, or the
				 * sign-in page for HTML) */
	R_IDENT = 1 << 4,	/* who asks matters when credentials are
				 * given: then nothing is cached */
	R_PRIVATE = 1 << 5,	/* the reply depends on who asked */
	R_LOGIN = 1 << 6,	/* a state change without a session yet:
				 * Origin checked, no CSRF token */
};

enum route_methods {
	M_GET = 1 << 0,		/* GET and HEAD (the default: 0) */
	M_POST = 1 << 1,
	M_PUT = 1 << 2,
	M_DELETE = 1 << 3,
};

#define ROUTE_SEGS 7
#define ADMIN (R_STORE | R_AUTH | R_PRIVATE)

struct route {
	const char *name;		/* also tells handlers which route */
	enum seg segs[ROUTE_SEGS];
	const char *lits[ROUTE_SEGS];
	enum err (*fn)(struct hctx *h);
	unsigned flags;
	const char *params;	/* query parameters that make the cache key */
	unsigned methods;	/* M_* */
};

static const struct route routes[] = {
	{ "root", { SEG_EMPTY }, { 0 }, h_root, R_STORE, NULL, M_GET },
	{ "static", { SEG_LIT, SEG_NAME }, { "static" }, h_static, R_CACHE,
	    "v", M_GET },
	/* search replies are never cached: any text makes a new key */
	{ "api-search", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1", "search" },
	    h_api_search, R_STORE | R_JSON, NULL, M_GET },
	{ "search", { SEG_LOCALE, SEG_LIT }, { NULL, "search" }, h_search,
	    R_STORE, NULL, M_GET },
	{ "api-asset", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID },
	    { "api", "v1", "assets" }, h_api_asset,
	    R_STORE | R_CACHE | R_JSON | R_IDENT, NULL, M_GET },
	/* the write API: JSON in and out, a user required */
	{ "api-create", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1",
	    "assets" }, h_api_create, R_AUTH | R_JSON | R_PRIVATE, NULL,
	    M_POST },
	{ "api-replace", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID },
	    { "api", "v1", "assets" }, h_api_replace,
	    R_AUTH | R_JSON | R_PRIVATE, NULL, M_PUT },
	{ "api-state", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID, SEG_ANY },
	    { "api", "v1", "assets" }, h_api_state,
	    R_AUTH | R_JSON | R_PRIVATE, NULL, M_POST },
	{ "api-confirm", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT,
	    SEG_LOCALE, SEG_LIT }, { "api", "v1", "assets", NULL,
	    "translations", NULL, "confirm" }, h_api_confirm,
	    R_AUTH | R_JSON | R_PRIVATE, NULL, M_POST },
	{ "api-revisions", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT },
	    { "api", "v1", "assets", NULL, "revisions" }, h_api_revisions,
	    R_AUTH | R_JSON | R_PRIVATE, NULL, M_GET },
	{ "api-me", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1", "me" },
	    h_api_me, R_AUTH | R_JSON | R_PRIVATE, NULL, M_GET },
	{ "api-publishers", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1",
	    "publishers" }, h_api_publishers, R_STORE | R_CACHE | R_JSON,
	    NULL, M_GET },
	{ "api-publisher", { SEG_LIT, SEG_LIT, SEG_LIT, SEG_ANY }, { "api",
	    "v1", "publishers" }, h_api_publisher, R_STORE | R_CACHE | R_JSON,
	    NULL, M_GET },
	{ "attachment", { SEG_LIT, SEG_ANY, SEG_ANY }, { "attachments" },
	    h_attachment, R_STORE | R_CACHE, NULL, M_GET },
	{ "api-attachment", { SEG_LIT, SEG_LIT, SEG_LIT }, { "api", "v1",
	    "attachments" }, h_api_attachment, R_AUTH | R_JSON | R_PRIVATE,
	    NULL, M_POST },
	{ "admin-attachment", { SEG_LIT, SEG_LIT, SEG_ANY, SEG_ANY },
	    { "admin", "attachments" }, h_admin_attachment, ADMIN, NULL,
	    M_GET },
	{ "admin-attachments", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT },
	    { "admin", "assets", NULL, "attachments" }, h_admin_attachments,
	    ADMIN, NULL, M_POST },
	/* the editorial interface: private HTML, a user required */
	{ "admin-bare", { SEG_LIT }, { "admin" }, h_admin_bare, R_PRIVATE,
	    NULL, M_GET },
	{ "admin-login", { SEG_LIT, SEG_LIT }, { "admin", "login" },
	    h_admin_login_page, R_STORE | R_IDENT | R_PRIVATE, NULL, M_GET },
	{ "admin-login-post", { SEG_LIT, SEG_LIT }, { "admin", "login" },
	    h_admin_login, R_STORE | R_LOGIN | R_PRIVATE, NULL, M_POST },
	{ "admin-logout", { SEG_LIT, SEG_LIT }, { "admin", "logout" },
	    h_admin_logout, ADMIN, NULL, M_POST },
	{ "admin-home", { SEG_LIT, SEG_EMPTY }, { "admin" }, h_admin_home,
	    ADMIN, NULL, M_GET },
	{ "admin-translations", { SEG_LIT, SEG_LIT }, { "admin",
	    "translations" }, h_admin_translations, ADMIN, NULL, M_GET },
	{ "admin-users", { SEG_LIT, SEG_LIT }, { "admin", "users" },
	    h_admin_users, ADMIN, NULL, M_GET },
	{ "admin-users-post", { SEG_LIT, SEG_LIT }, { "admin", "users" },
	    h_admin_users_post, ADMIN, NULL, M_POST },
	{ "admin-new", { SEG_LIT, SEG_LIT, SEG_LIT }, { "admin", "assets",
	    "new" }, h_admin_new, ADMIN, NULL, M_GET },
	{ "admin-create", { SEG_LIT, SEG_LIT, SEG_LIT }, { "admin", "assets",
	    "new" }, h_admin_create, ADMIN, NULL, M_POST },
	{ "admin-edit", { SEG_LIT, SEG_LIT, SEG_ID }, { "admin", "assets" },
	    h_admin_edit, ADMIN, NULL, M_GET },
	{ "admin-save", { SEG_LIT, SEG_LIT, SEG_ID }, { "admin", "assets" },
	    h_admin_save, ADMIN, NULL, M_POST },
	{ "admin-state", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT }, { "admin",
	    "assets", NULL, "state" }, h_admin_state, ADMIN, NULL, M_POST },
	{ "admin-translate-pick", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT },
	    { "admin", "assets", NULL, "translate" }, h_admin_translate_pick,
	    ADMIN, NULL, M_GET },
	{ "admin-translate", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT, SEG_LOCALE },
	    { "admin", "assets", NULL, "t" }, h_admin_translate, ADMIN, NULL,
	    M_GET },
	{ "admin-translate-save", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT,
	    SEG_LOCALE }, { "admin", "assets", NULL, "t" },
	    h_admin_translate_save, ADMIN, NULL, M_POST },
	{ "admin-history", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT }, { "admin",
	    "assets", NULL, "history" }, h_admin_history, ADMIN, NULL, M_GET },
	{ "admin-restore", { SEG_LIT, SEG_LIT, SEG_ID, SEG_LIT }, { "admin",
	    "assets", NULL, "restore" }, h_admin_restore, ADMIN, NULL,
	    M_POST },
	{ "robots", { SEG_LIT }, { "robots.txt" }, h_robots, R_CACHE, NULL, M_GET },
	{ "sitemap-index", { SEG_LIT }, { "sitemap.xml" }, h_sitemap_index,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "feed", { SEG_LOCALE, SEG_LIT }, { NULL, "feed.atom" }, h_feed,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "list", { SEG_LOCALE, SEG_EMPTY }, { 0 }, h_list,
	    R_STORE | R_CACHE, "page", M_GET },
	{ "list-page", { SEG_LOCALE, SEG_LIT, SEG_ID, SEG_EMPTY },
	    { NULL, "page" }, h_list, R_STORE | R_CACHE, NULL, M_GET },
	{ "locale", { SEG_LOCALE }, { 0 }, h_locale_noslash, R_STORE, NULL, M_GET },
	{ "article", { SEG_LOCALE, SEG_SLUG }, { 0 }, h_article,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "publisher-bare", { SEG_LOCALE, SEG_LIT, SEG_ANY }, { NULL, "p" },
	    h_publisher_bare, R_STORE | R_CACHE, NULL, M_GET },
	{ "publisher", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "p" }, h_publisher, R_STORE | R_CACHE, NULL, M_GET },
	{ "publisher-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "p", NULL, "page" }, h_publisher,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "tag", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY }, { NULL, "tag" },
	    h_term, R_STORE | R_CACHE, NULL, M_GET },
	{ "tag-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "tag", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "speaker", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "speaker" }, h_term, R_STORE | R_CACHE, NULL, M_GET },
	{ "speaker-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "speaker", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "archive-year", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_EMPTY },
	    { NULL, "archive" }, h_term, R_STORE | R_CACHE, NULL, M_GET },
	{ "archive-month", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_ANY,
	    SEG_EMPTY }, { NULL, "archive" }, h_term, R_STORE | R_CACHE, NULL, M_GET },
	{ "archive-year-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_LIT, SEG_ID,
	    SEG_EMPTY }, { NULL, "archive", NULL, "page" }, h_term,
	    R_STORE | R_CACHE, NULL, M_GET },
	{ "archive-month-page", { SEG_LOCALE, SEG_LIT, SEG_ANY, SEG_ANY,
	    SEG_LIT, SEG_ID, SEG_EMPTY }, { NULL, "archive", NULL, NULL,
	    "page" }, h_term, R_STORE | R_CACHE, NULL, M_GET },
	/* last: any other file name at the top ("sitemap-en-GB-1.xml") */
	{ "sitemap", { SEG_NAME }, { 0 }, h_sitemap, R_STORE | R_CACHE, NULL, M_GET },
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

/*
 * Does segment s fit kind k? Fills the handler's parameters. *locale_memo
 * keeps whether segment s parsed as a locale (-1: not tried yet), so that
 * trying every route parses it once: locale_parse was 2 % of a cached
 * page's CPU when each route tried it again.
 */
static bool
seg_match(struct hctx *h, enum seg k, const char *lit, struct str s,
    int *locale_memo)
{
	int64_t id;

	switch (k) {
	case SEG_EMPTY:
		return s.len == 0;
	case SEG_LIT:
		return str_eq_cstr(s, lit);
	case SEG_LOCALE:
		if (*locale_memo < 0)
			*locale_memo = s.len > 0 &&
			    locale_parse(s, &h->locale) == ERR_OK;
		return *locale_memo == 1;
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

static unsigned
method_bit(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
	case HTTP_HEAD: return M_GET;
	case HTTP_POST: return M_POST;
	case HTTP_PUT: return M_PUT;
	case HTTP_DELETE: return M_DELETE;
	default: return 0;
	}
}

/*
 * The route for path and method m; NULL when none. *allowed gets the
 * methods of the routes whose path matches (for 405 and Allow).
 */
static const struct route *
route_match(struct hctx *h, const char *path, enum http_method m,
    unsigned *allowed)
{
	struct str segs[ROUTE_SEGS + 1];
	int locale_memo[ROUTE_SEGS + 1];
	struct str rest = str_from(path + 1);
	size_t n = 0;
	unsigned want = method_bit(m);

	*allowed = 0;
	/* "/a/b/" -> "a", "b", "" ; "/" -> "" */
	for (;;) {
		size_t i = str_find_char(rest, '/');

		if (n == ROUTE_SEGS + 1)
			return NULL;
		locale_memo[n] = -1;
		segs[n++] = str_make(rest.p, i);
		if (i == rest.len)
			break;
		rest.p += i + 1;
		rest.len -= i + 1;
	}
	for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
		const struct route *rt = &routes[r];
		unsigned ms = rt->methods;
		size_t k;

		h->nargs = 0;
		h->id = 0;
		for (k = 0; k < ROUTE_SEGS && rt->segs[k] != SEG_END; k++)
			if (k >= n || !seg_match(h, rt->segs[k], rt->lits[k],
			    segs[k], &locale_memo[k]))
				break;
		if (k < ROUTE_SEGS && rt->segs[k] != SEG_END)
			continue;
		if (k != n)
			continue;
		*allowed |= ms;
		if (ms & want)
			return rt;
	}
	return NULL;
}

static struct http_reply *
method_not_allowed(unsigned allowed)
{
	struct http_reply *r;
	char allow[64] = "";

	if (allowed & M_GET)
		snprintf(allow, sizeof allow, "GET, HEAD");
	if (allowed & M_POST)
		snprintf(allow + strlen(allow), sizeof allow - strlen(allow),
		    "%sPOST", allow[0] != '\0' ? ", " : "");
	if (allowed & M_PUT)
		snprintf(allow + strlen(allow), sizeof allow - strlen(allow),
		    "%sPUT", allow[0] != '\0' ? ", " : "");
	if (allowed & M_DELETE)
		snprintf(allow + strlen(allow), sizeof allow - strlen(allow),
		    "%sDELETE", allow[0] != '\0' ? ", " : "");
	r = reply_from_bytes(405, "text/plain; charset=utf-8",
	    "Method Not Allowed\n", 19);
	if (r != NULL && reply_header(r, "Allow", allow) != ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
	return r != NULL ? r : reply_oom();
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
	json_t *j = json_pack("{s:{s:i,s:s}}", "error", "status", status,
	    "message", message);
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	struct http_reply *r = NULL;

	if (text != NULL) {
		size_t n = strlen(text);

		text[n] = '\n';	/* jansson's buffer has room for NUL */
		r = reply_from_bytes(status, "application/json; charset=utf-8",
		    text, n + 1);
		mem_free(text);
	}
	json_decref(j);
	if (r != NULL && reply_header(r, "Cache-Control", "no-store") !=
	    ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
	return r;
}

static struct http_reply *
error_reply(struct hctx *h, const struct route *rt, int status)
{
	struct http_reply *r;

	if (rt != NULL && (rt->flags & R_JSON))
		r = json_error(status, h->why != NULL ? h->why :
		    http_reason(status));
	else if (rt != NULL && (rt->flags & R_PRIVATE))
		r = h_admin_error_page(h, status);
	else
		r = h_error_page(h, status);
	if (r != NULL && status == 401 && (rt == NULL ||
	    (rt->flags & R_JSON)) && reply_header(r, "WWW-Authenticate",
	    "Bearer realm=\"pressroom\"") != ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
	if (r != NULL && status == 429 && reply_header(r, "Retry-After",
	    "60") != ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
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

static bool
is_write(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_DELETE ||
	    m == HTTP_PATCH;
}

/* Credentials that could name a user: then R_IDENT routes skip the cache. */
static bool
has_credentials(const struct http_request *req)
{
	const char *c = req->header(req->ctx, "Cookie");

	return req->header(req->ctx, "Authorization") != NULL ||
	    (c != NULL && strstr(c, SESSION_COOKIE) != NULL);
}

/* Sends an anonymous browser to the sign-in page, then back. */
static struct http_reply *
to_login(struct hctx *h)
{
	struct buf b;
	struct http_reply *r;

	buf_init(&b, 4096);
	buf_adds(&b, "/admin/login?next=");
	for (const char *p = h->req->path; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/-_.~", c) != NULL)
			buf_addc(&b, (char)c);
		else
			buf_addf(&b, "%%%02X", c);
	}
	r = b.err == ERR_OK ? reply_redirect(303, b.p) : NULL;
	buf_release(&b);
	if (r != NULL && reply_private(r) != ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
	return r != NULL ? r : reply_oom();
}

/*
 * Who asks, and for a state change whether the request may change
 * anything at all (Origin, CSRF). NULL when the handler may run, else the
 * reply to send.
 */
static struct http_reply *
guard(struct hctx *h, const struct route *rt)
{
	const char *ct, *csrf = NULL;
	enum err e;

	if ((rt->flags & (R_AUTH | R_IDENT | R_LOGIN)) ||
	    is_write(h->req->method)) {
		e = auth_identify(h);
		if (e != ERR_OK)
			return error_reply(h, rt, http_status_of(e));
	}
	if ((rt->flags & R_AUTH) && h->auth.user == NULL) {
		if (!(rt->flags & R_JSON))
			return to_login(h);
		h->why = "sign in, or send an API token (Authorization: "
		    "Bearer)";
		return error_reply(h, rt, 401);
	}
	if (!is_write(h->req->method))
		return NULL;
	ct = h->req->header(h->req->ctx, "Content-Type");
	/* the JSON API takes no forms (a file upload may be of any type) */
	if (!(rt->flags & R_JSON) &&
	    (form_type_is(ct, "application/x-www-form-urlencoded") ||
	    form_type_is(ct, "multipart/form-data"))) {
		const char *why = NULL;

		e = form_parse(h->a, ct, h->req->body, h->req->body_len,
		    &h->form, &why);
		if (e != ERR_OK) {
			h->why = why;
			return error_reply(h, rt, http_status_of(e));
		}
		h->has_form = true;
		csrf = form_get(&h->form, "csrf");
	}
	e = (rt->flags & R_LOGIN) ? auth_check_origin(h) :
	    auth_check_write(h, csrf);
	if (e != ERR_OK)
		return error_reply(h, rt, http_status_of(e));
	return NULL;
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
	unsigned allowed;
	bool personal, snapshot = false;
	enum err e;

	atomic_fetch_add_explicit(&app->n_requests, 1, memory_order_relaxed);
	if (req->path == NULL || !path_ok(req->path))
		return error_reply(&h, NULL, 400);
	rt = route_match(&h, req->path, req->method, &allowed);
	/* a segment that could not be copied is no reason for a 404 */
	if (h.a->err != ERR_OK)
		return reply_oom();
	if (rt == NULL && allowed != 0)
		return method_not_allowed(allowed);
	if (rt == NULL && req->method != HTTP_GET && req->method != HTTP_HEAD)
		return method_not_allowed(M_GET);
	if (rt == NULL) {
		/* a locale in the first segment picks the 404 page's language */
		struct str first = str_from(req->path + 1);

		first.len = str_find_char(first, '/');
		if (locale_parse(first, &h.locale) != ERR_OK)
			h.locale.tag[0] = '\0';
		return error_reply(&h, NULL, 404);
	}
	/* a reply that may depend on who asks is never cached or shared */
	personal = (rt->flags & (R_AUTH | R_PRIVATE | R_LOGIN)) ||
	    ((rt->flags & R_IDENT) && has_credentials(req)) ||
	    is_write(req->method);
	if (rt->flags & (R_STORE | R_CACHE)) {
		e = app_generation(app, h.now, &h.generation);
		if (e != ERR_OK) {
			r = error_reply(&h, rt, http_status_of(e));
			goto out;
		}
	}
	if ((rt->flags & R_CACHE) && !personal) {
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
	if ((rt->flags & R_STORE) || personal) {
		e = app_store_get(app, &h.store);
		if (e != ERR_OK) {
			r = error_reply(&h, rt, http_status_of(e));
			goto out;
		}
		/*
		 * A public read sees one snapshot: a listing's count and its
		 * items agree, and ten statements cost one transaction. Not
		 * for anything that may write (a session's last use, a save).
		 */
		if (!personal && (req->method == HTTP_GET ||
		    req->method == HTTP_HEAD)) {
			e = store_snapshot_begin(h.store);
			if (e != ERR_OK) {
				r = error_reply(&h, rt, http_status_of(e));
				goto out;
			}
			snapshot = true;
		}
	}
	h.route = rt->name;
	if ((r = guard(&h, rt)) != NULL)
		goto out;
	e = rt->fn(&h);
	if (e != ERR_OK || h.reply == NULL) {
		http_reply_unref(h.reply);
		r = error_reply(&h, rt, http_status_of_asset(e != ERR_OK ? e :
		    ERR_NOMEM, h.gone));
		goto out;
	}
	r = h.reply;
	atomic_fetch_add_explicit(&app->n_renders, 1, memory_order_relaxed);
	if (personal) {
		/* never stored; not compressed either, as a page holding a
		 * CSRF token next to text others wrote must not be (BREACH) */
		if (http_reply_header(r, "Cache-Control") == NULL &&
		    reply_private(r) != ERR_OK) {
			http_reply_unref(r);
			r = reply_oom();
		}
		goto out;
	}
	/* the export (no_cache) writes bodies to files: no validator */
	if (r->status == 200 && r->etag[0] == '\0' && !app->no_cache)
		reply_etag(r);
	/*
	 * Before it is shared: a reply to be cached gets both variants; one
	 * made for this request alone (a search, or anything when nothing is
	 * cached, as in export-site) only what it asks for.
	 * Without memory it is sent uncompressed, and not cached, so that
	 * the next request makes it whole.
	 */
	if (r->status == 200 && ((h.cacheable && !app->no_cache) ||
	    reply_accepts_gzip(req)) &&
	    reply_compress(r, !h.cacheable || app->no_cache) != ERR_OK)
		h.cacheable = false;
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
	if (snapshot)
		(void)store_snapshot_end(h.store);	/* read only: nothing to lose */
	app_store_put(app, h.store);
	return r;
}
