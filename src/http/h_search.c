/*
 * h_search.c - search: the page /{locale}/search and the JSON API
 * /api/v1/search, both with ?q=...&locale=&kind=&speaker=&role=&tag=
 * &from=&to=&page= (the API also takes per_page and prefer).
 *
 * Parses the query (src/search), asks the store (which applies the
 * visibility rule) and hands the results to render/page.c or writes them
 * as JSON. Bad parameters never fail a search: an unusable filter is
 * ignored, a page out of range is empty. Replies are not kept in the
 * response cache (any text makes a new key: a flood would evict real
 * pages); they carry an ETag, so a client's repeat is a 304.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "pressroom/analyze.h"
#include "pressroom/limits.h"
#include "pressroom/page.h"
#include "pressroom/search.h"
#include "pressroom/time.h"
#include "http_internal.h"
#include "pressroom/banned.h"

#define SEARCH_PAGE_SIZE 20
#define CACHE_SEARCH "private, no-cache"

/* A search request, checked. */
struct search_req {
	struct page_search_params params;	/* as the page shows them */
	struct store_search_query sq;
	struct search_query *q;
	size_t page, per_page;
	struct locale filter;	/* params.locale parsed */
	char tag[TAG_MAX];
	struct store_search_result res;
	size_t pages;
};

static const char *
param(struct hctx *h, const char *name)
{
	const char *v = h->req->param(h->req->ctx, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* "YYYY-MM-DD" as seconds (UTC midnight); false if it is not a date. */
static bool
parse_date(const char *s, int64_t *out)
{
	struct civil c = { 0 };
	int64_t v;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    str_to_i64(str_make(s, 4), 1, 9999, &v) != ERR_OK)
		return false;
	c.year = (int)v;
	if (str_to_i64(str_make(s + 5, 2), 1, 12, &v) != ERR_OK)
		return false;
	c.month = (int)v;
	if (str_to_i64(str_make(s + 8, 2), 1, 31, &v) != ERR_OK)
		return false;
	c.day = (int)v;
	return time_from_civil(&c, out) == ERR_OK;
}

/* A number parameter in [1, max], else dflt. */
static size_t
param_num(struct hctx *h, const char *name, size_t max, size_t dflt)
{
	const char *v = param(h, name);
	int64_t n;

	if (v == NULL || str_to_i64(str_from(v), 1, (int64_t)max, &n) !=
	    ERR_OK)
		return dflt;
	return (size_t)n;
}

/* Reads and checks the parameters; what does not check is left out. */
static enum err
search_params(struct hctx *h, struct search_req *r)
{
	struct page_search_params *p = &r->params;
	struct store_search_query *sq = &r->sq;
	const char *v;
	struct buf b;
	enum err e;
	size_t bad;
	int64_t t;

	v = h->req->param(h->req->ctx, "q");
	if ((e = search_parse(h->a, v != NULL ? v : "", v != NULL ?
	    strlen(v) : 0, &r->q)) != ERR_OK)
		return e;
	buf_init(&b, 4 * LIMIT_SEARCH_QUERY_BYTES);
	search_query_format(&b, r->q);
	p->q = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	if (p->q == NULL)
		return h->a->err != ERR_OK ? h->a->err : ERR_NOMEM;
	if ((v = param(h, "locale")) != NULL &&
	    locale_parse(str_from(v), &r->filter) == ERR_OK) {
		sq->locale = r->filter;
		p->locale = r->filter.tag;
	}
	if ((v = param(h, "kind")) != NULL &&
	    asset_kind_parse(v, &sq->kind) == ERR_OK) {
		sq->has_kind = true;
		p->kind = asset_kind_name(sq->kind);
	}
	if ((v = param(h, "role")) != NULL &&
	    turn_role_parse(v, &sq->role) == ERR_OK &&
	    (sq->role == TURN_ROLE_QUESTION || sq->role == TURN_ROLE_ANSWER))
		p->role = turn_role_name(sq->role);
	else
		sq->role = TURN_ROLE_NONE;
	if ((v = param(h, "speaker")) != NULL &&
	    text_check(v, strlen(v), LIMIT_PERSON_NAME_BYTES, &bad) ==
	    ERR_OK && strchr(v, '\n') == NULL && strchr(v, '\t') == NULL &&
	    str_trim(str_from(v)).len > 0)
		p->speaker = sq->speaker = v;
	if ((v = param(h, "tag")) != NULL &&
	    tag_normalise(v, strlen(v), r->tag) == ERR_OK)
		p->tag = sq->tag = r->tag;
	if ((v = param(h, "from")) != NULL && parse_date(v, &t)) {
		sq->has_from = true;
		sq->from = t;
		p->from = v;
	}
	if ((v = param(h, "to")) != NULL && parse_date(v, &t)) {
		sq->has_to = true;
		sq->to = t + 86400;	/* the whole day */
		p->to = v;
	}
	return ERR_OK;
}

/* Compiles and runs the search of this request (search_params first). */
static enum err
search_run(struct hctx *h, struct search_req *r, size_t per_page,
    const struct locale *prefer)
{
	struct search_fts fts = { .match = (char *)"", .exclude = (char *)"" };
	struct locale *langs = &r->filter;
	size_t nlangs = 1;
	enum err e;

	r->page = param_num(h, "page", LIMIT_SEARCH_PAGES, 1);
	r->per_page = per_page;
	r->pages = 1;
	if (search_query_empty(r->q))
		return ERR_OK;
	if (r->params.locale == NULL &&
	    (e = store_search_locales(h->store, h->a, &langs, &nlangs)) !=
	    ERR_OK)
		return e;
	if ((e = search_compile(h->a, r->q, langs, nlangs, &fts)) != ERR_OK)
		return e;
	r->sq.scope = h->scope;
	r->sq.match = fts.match;
	r->sq.exclude = fts.exclude;
	if (prefer != NULL)
		r->sq.prefer = *prefer;
	r->sq.offset = (r->page - 1) * per_page;
	r->sq.limit = per_page;
	if ((e = store_search(h->store, h->a, &r->sq, &r->res)) != ERR_OK)
		return e;
	if (r->res.total > 0)
		r->pages = (r->res.total + per_page - 1) / per_page;
	if (r->pages > LIMIT_SEARCH_PAGES)
		r->pages = LIMIT_SEARCH_PAGES;
	return ERR_OK;
}

static enum err
reply(struct hctx *h, struct buf *b, const char *type)
{
	struct http_reply *r = reply_from_buf(200, type, b);

	if (r == NULL)
		return ERR_NOMEM;
	if (reply_header(r, "Cache-Control", CACHE_SEARCH) != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = false;
	return ERR_OK;
}

enum err
h_search(struct hctx *h)
{
	struct search_req r = { 0 };
	struct page_search_view sv = { 0 };
	struct page_search_hit *hits = NULL;
	const struct locale *known;
	struct locale *ls;
	size_t n, same;
	struct buf b;
	enum err e;

	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	known = site_locale_known(&h->locale, ls, n, &same);
	if (known == NULL)
		return ERR_NOTFOUND;
	if ((e = search_params(h, &r)) != ERR_OK)
		return e;
	if (!locale_eq(known, &h->locale) || strncmp(h->req->path + 1,
	    known->tag, strlen(known->tag)) != 0) {
		/* "/en/search", "/en-gb/search": the page's own address */
		buf_init(&b, 4096);
		page_search_path(&b, known, &r.params, param_num(h, "page",
		    LIMIT_SEARCH_PAGES, 1));
		h->reply = b.err == ERR_OK ? reply_redirect(302, b.p) : NULL;
		buf_release(&b);
		return h->reply != NULL ? ERR_OK : ERR_NOMEM;
	}
	if ((e = search_run(h, &r, SEARCH_PAGE_SIZE, known)) != ERR_OK)
		return e;
	if (r.res.nhits > 0 && (hits = arena_calloc(h->a, r.res.nhits,
	    sizeof *hits)) == NULL)
		return h->a->err;
	for (size_t i = 0; i < r.res.nhits; i++) {
		const struct store_search_hit *s = &r.res.hits[i];

		hits[i].slug = s->slug;
		hits[i].locale = s->locale;
		hits[i].block_id = s->block_id;
		hits[i].kind = s->kind;
		hits[i].event_at = s->event_at;
		hits[i].event_offset = s->event_offset;
		hits[i].title = s->title;
		hits[i].snippet = s->snippet;
	}
	sv.locale = known;
	sv.params = r.params;
	sv.has_query = !search_query_empty(r.q);
	sv.cut = r.q->cut;
	sv.capped = r.res.capped;
	sv.hits = hits;
	sv.nhits = r.res.nhits;
	sv.total = r.res.total;
	sv.page = r.page;
	sv.pages = r.pages;
	sv.per_page = r.per_page;
	for (int k = 0; k < PAGE_FACET__MAX && k < STORE_FACET__MAX; k++) {
		struct page_facet_value *fv = NULL;

		if (r.res.nfacets[k] > 0 && (fv = arena_calloc(h->a,
		    r.res.nfacets[k], sizeof *fv)) == NULL)
			return h->a->err;
		for (size_t i = 0; i < r.res.nfacets[k]; i++) {
			fv[i].value = r.res.facets[k][i].value;
			fv[i].count = r.res.facets[k][i].count;
		}
		sv.facets[k] = fv;
		sv.nfacets[k] = r.res.nfacets[k];
	}
	sv.languages = ls;
	sv.nlanguages = n;
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = page_search(h->a, h->app->theme, &h->app->site, &sv, &b);
	if (e == ERR_OK)
		e = reply(h, &b, "text/html; charset=utf-8");
	buf_release(&b);
	return e;
}

/* A string marked with highlight markers, as HTML or plain, in JSON. */
static json_t *
json_marked(const char *s, bool html)
{
	struct buf b;
	json_t *j;

	buf_init(&b, LIMIT_PAGE_BYTES);
	if (html)
		page_marked_html(&b, s);
	else
		page_marked_plain(&b, s);
	j = b.err == ERR_OK ? json_stringn(b.p, b.len) : NULL;
	buf_release(&b);
	return j;
}

static json_t *
json_hit(const struct store_search_hit *s)
{
	char when[TIME_RFC3339_MAX], url[512];
	json_t *o;

	if (time_format_rfc3339(s->event_at, s->event_offset, when) != ERR_OK)
		when[0] = '\0';
	snprintf(url, sizeof url, "/%s/%s%s%s", s->locale.tag, s->slug,
	    s->block_id[0] != '\0' ? "#" : "", s->block_id);
	/* "o", not "o?": a value that failed must fail the hit, not
	 * become null */
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s?, "
	    "s:o, s:o, s:f}",
	    "id", (json_int_t)s->id, "slug", s->slug,
	    "kind", asset_kind_name(s->kind), "locale", s->locale.tag,
	    "published_at", when, "url", url,
	    "title", json_marked(s->title, false),
	    "title_html", json_marked(s->title, true),
	    "block", s->block_id[0] != '\0' ? s->block_id : NULL,
	    "snippet", json_marked(s->snippet, false),
	    "snippet_html", json_marked(s->snippet, true),
	    "score", s->score);
	return o;
}

static json_t *
json_facet(const struct store_facet *f, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_pack("{s:s, s:I}", "value",
		    f[i].value, "count", (json_int_t)f[i].count)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static int
dump_to_buf(const char *p, size_t n, void *ud)
{
	struct buf *b = ud;

	buf_add(b, p, n);
	return b->err == ERR_OK ? 0 : -1;
}

enum err
h_api_search(struct hctx *h)
{
	struct search_req r = { 0 };
	struct locale prefer, *pp = NULL;
	const char *v = param(h, "prefer");
	json_t *root = NULL, *results, *facets;
	struct buf b;
	enum err e;

	if (v != NULL && locale_parse(str_from(v), &prefer) == ERR_OK)
		pp = &prefer;
	if ((e = search_params(h, &r)) != ERR_OK)
		return e;
	e = search_run(h, &r, param_num(h, "per_page",
	    LIMIT_SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE), pp);
	if (e != ERR_OK)
		return e;
	results = json_array();
	facets = json_pack("{s:o, s:o, s:o, s:o}",
	    "kind", json_facet(r.res.facets[STORE_FACET_KIND],
	    r.res.nfacets[STORE_FACET_KIND]),
	    "speaker", json_facet(r.res.facets[STORE_FACET_SPEAKER],
	    r.res.nfacets[STORE_FACET_SPEAKER]),
	    "year", json_facet(r.res.facets[STORE_FACET_YEAR],
	    r.res.nfacets[STORE_FACET_YEAR]),
	    "locale", json_facet(r.res.facets[STORE_FACET_LOCALE],
	    r.res.nfacets[STORE_FACET_LOCALE]));
	for (size_t i = 0; results != NULL && i < r.res.nhits; i++)
		if (json_array_append_new(results, json_hit(&r.res.hits[i])) !=
		    0) {
			json_decref(results);
			results = NULL;
		}
	if (results != NULL && facets != NULL)
		root = json_pack("{s:s, s:b, s:I, s:b, s:I, s:I, s:I, s:O, "
		    "s:O}", "query", r.params.q, "cut", r.q->cut,
		    "total", (json_int_t)r.res.total, "capped", r.res.capped,
		    "page", (json_int_t)r.page, "pages", (json_int_t)r.pages,
		    "per_page", (json_int_t)r.per_page, "results", results,
		    "facets", facets);
	json_decref(results);
	json_decref(facets);
	if (root == NULL)
		return ERR_NOMEM;
	buf_init(&b, LIMIT_PAGE_BYTES);
	if (json_dump_callback(root, dump_to_buf, &b, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0 && b.err == ERR_OK)
		b.err = ERR_NOMEM;
	json_decref(root);
	buf_addc(&b, '\n');
	e = b.err != ERR_OK ? b.err : reply(h, &b, "application/json; "
	    "charset=utf-8");
	buf_release(&b);
	return e;
}
