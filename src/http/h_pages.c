/*
 * h_pages.c - the HTML pages: "/" (language negotiation), "/{locale}/"
 * (latest items, paginated), "/{locale}/{slug}" (the article) and the error
 * page.
 *
 * Handlers load from the store and hand the data to render/page.c; they do
 * not write HTML and do not map errors to statuses (router and status.c).
 */
#include <string.h>
#include "pressroom/i18n.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/page.h"
#include "http_internal.h"
#include "pressroom/banned.h"

#define HTML "text/html; charset=utf-8"
#define CACHE_PAGE "public, no-cache"

enum err
site_locales(struct hctx *h, struct locale **out, size_t *n)
{
	struct app *app = h->app;
	struct store_locale_count *lc;
	struct locale *ls, *keep;
	size_t count;
	enum err e;

	/* kept for the generation this request sees (0: not read) */
	if (h->generation != 0) {
		pthread_mutex_lock(&app->locs_lock);
		if (app->locs_gen == h->generation) {
			ls = arena_calloc(h->a, app->nlocs + 1, sizeof *ls);
			if (ls != NULL) {
				memcpy(ls, app->locs, app->nlocs * sizeof *ls);
				*n = app->nlocs;
			}
			pthread_mutex_unlock(&app->locs_lock);
			if (ls == NULL)
				return h->a->err;
			*out = ls;
			return ERR_OK;
		}
		pthread_mutex_unlock(&app->locs_lock);
	}
	e = store_locales(h->store, h->a, &h->scope, &lc, &count);
	if (e != ERR_OK)
		return e;
	ls = arena_calloc(h->a, count + 1, sizeof *ls);
	if (ls == NULL)
		return h->a->err;
	for (size_t i = 0; i < count; i++)
		ls[i] = lc[i].locale;
	/* without memory to keep them, the next request counts again */
	if (h->generation != 0 &&
	    (keep = mem_alloc((count + 1) * sizeof *keep)) != NULL) {
		memcpy(keep, ls, count * sizeof *keep);
		pthread_mutex_lock(&app->locs_lock);
		if (h->generation >= app->locs_gen) {
			mem_free(app->locs);
			app->locs = keep;
			app->nlocs = count;
			app->locs_gen = h->generation;
			keep = NULL;
		}
		pthread_mutex_unlock(&app->locs_lock);
		mem_free(keep);
	}
	*out = ls;
	*n = count;
	return ERR_OK;
}

static enum err
html_reply(struct hctx *h, struct buf *b)
{
	struct http_reply *r = reply_from_buf(200, HTML, b);

	if (r == NULL)
		return ERR_NOMEM;
	if (reply_header(r, "Cache-Control", CACHE_PAGE) != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = true;
	return ERR_OK;
}

static enum err
redirect(struct hctx *h, int status, const char *location)
{
	h->reply = reply_redirect(status, location);
	return h->reply != NULL ? ERR_OK : ERR_NOMEM;
}

/* "/": the best locale for Accept-Language among those with content. */
enum err
h_root(struct hctx *h)
{
	struct locale *ls;
	size_t n;
	int best;
	enum err e;
	struct buf b;
	struct page_list_view lv = { 0 };
	struct locale en;

	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	if (n == 0) {
		/* nothing published yet: an empty list, not a redirect loop */
		locale_parse(STR_LIT("en"), &en);
		lv.locale = &en;
		lv.page = lv.pages = 1;
		buf_init(&b, LIMIT_PAGE_BYTES);
		e = page_list(h->a, h->app->theme, &h->app->site, &lv, &b);
		if (e == ERR_OK)
			e = html_reply(h, &b);
		buf_release(&b);
		h->cacheable = false;
		return e;
	}
	best = negotiate_locale(h->req->header(h->req->ctx, "Accept-Language"),
	    ls, n);
	if (best < 0)
		best = 0;	/* the most used locale */
	buf_init(&b, 256);
	page_list_path(&b, &ls[best], 1);
	e = b.err == ERR_OK ? redirect(h, 302, b.p) : b.err;
	buf_release(&b);
	if (e == ERR_OK && (reply_header(h->reply, "Vary", "Accept-Language") !=
	    ERR_OK || reply_header(h->reply, "Cache-Control", "no-cache") !=
	    ERR_OK))
		e = ERR_NOMEM;
	return e;
}

const struct locale *
site_locale_known(const struct locale *l, const struct locale *ls, size_t n,
    size_t *same_lang)
{
	const struct locale *match = NULL;

	*same_lang = 0;
	for (size_t i = 0; i < n; i++) {
		if (locale_eq(&ls[i], l))
			return &ls[i];
		if (locale_same_language(&ls[i], l)) {
			if (match == NULL)
				match = &ls[i];
			(*same_lang)++;
		}
	}
	return strchr(l->tag, '-') == NULL ? match : NULL;
}

/* "/en-GB" -> "/en-GB/", for locales we publish in */
enum err
h_locale_noslash(struct hctx *h)
{
	struct locale *ls;
	size_t n, same;
	struct buf b;
	enum err e;

	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	if (site_locale_known(&h->locale, ls, n, &same) == NULL)
		return ERR_NOTFOUND;
	buf_init(&b, 256);
	page_list_path(&b, &h->locale, 1);
	e = b.err == ERR_OK ? redirect(h, 301, b.p) : b.err;
	buf_release(&b);
	return e;
}

/* The request's locale segment, if it is not written canonically. */
static bool
locale_noncanonical(struct hctx *h)
{
	size_t n = strlen(h->locale.tag);

	return strncmp(h->req->path + 1, h->locale.tag, n) != 0 ||
	    h->req->path[1 + n] != '/';
}

/* How many pages back list_page looks for a remembered page end. */
#define LIST_MEMO_BACK 8

/*
 * One page of a public listing (q: its locale, scope, offset and limit),
 * helped by what earlier pages of the same listing at this generation
 * left in the app's memo: its count, and the last item of the nearest
 * page before this one, to resume from instead of skipping every row
 * before it (the export walks 500 pages of each locale; page 400 skipped
 * 8,000 assets). Leaves the same in the memo for the pages after.
 */
static enum err
list_page(struct hctx *h, struct store_list_query *q, struct store_list *out)
{
	const char *key = NULL;
	size_t want = q->offset;
	int64_t v[2];
	enum err e;

	if (q->scope.public && q->status == NULL && h->generation != 0)
		key = arena_printf(h->a, "list %s %d", q->locale.tag,
		    (int)q->scope.withdrawn);
	if (key != NULL) {
		if (app_memo_get(h->app, key, h->generation, v)) {
			q->total_known = true;
			q->total = (size_t)v[0];
		}
		for (size_t back = 0; back < LIST_MEMO_BACK &&
		    back * q->limit < want; back++) {
			const char *at = arena_printf(h->a, "%s @%zu", key,
			    want - back * q->limit);

			if (at != NULL && app_memo_get(h->app, at,
			    h->generation, v)) {
				q->after_event_at = v[0];
				q->after_id = v[1];
				q->offset = back * q->limit;
				atomic_fetch_add_explicit(&h->app->n_resumes, 1,
				    memory_order_relaxed);
				break;
			}
		}
	}
	if ((e = store_asset_list(h->store, h->a, q, out)) != ERR_OK)
		return e;
	if (key != NULL) {
		const char *at = out->nitems == 0 ? NULL : arena_printf(h->a,
		    "%s @%zu", key, want + out->nitems);

		v[0] = (int64_t)out->total;
		v[1] = 0;
		app_memo_put(h->app, key, h->generation, v);
		if (at != NULL) {
			v[0] = out->items[out->nitems - 1].event_at;
			v[1] = out->items[out->nitems - 1].id;
			app_memo_put(h->app, at, h->generation, v);
		}
	}
	return ERR_OK;
}

enum err
h_list(struct hctx *h)
{
	struct locale *ls;
	size_t n, same = 0, page = 1;
	const char *pv = h->req->param(h->req->ctx, "page");
	const struct locale *known;
	struct store_list_query q = { 0 };
	struct store_list list;
	struct page_list_view lv = { 0 };
	struct publisher *home;
	struct buf b;
	enum err e;

	if (h->id > 0) {
		/* /{locale}/page/{n}/ */
		if (h->id > LIMIT_LIST_PAGES)
			return ERR_NOTFOUND;
		page = (size_t)h->id;
	} else if (pv != NULL) {
		int64_t v;

		if (str_to_i64(str_from(pv), 1, LIMIT_LIST_PAGES, &v) != ERR_OK)
			return ERR_NOTFOUND;
		page = (size_t)v;
	}
	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	known = site_locale_known(&h->locale, ls, n, &same);
	if (known == NULL)
		return ERR_NOTFOUND;
	if (locale_noncanonical(h) || (same == 1 && !locale_eq(known,
	    &h->locale)) || pv != NULL || h->id == 1) {
		/*
		 * "/en-gb/", while there is one English "/en/", the old
		 * "?page=N" and "/page/1/": each has one canonical address
		 * (a path, so that a static export can hold it)
		 */
		/* "/en-gb/" and, while there is one English, "/en/" */
		buf_init(&b, 256);
		page_list_path(&b, same == 1 ? known : &h->locale, page);
		e = b.err == ERR_OK ? redirect(h, same == 1 &&
		    !locale_eq(known, &h->locale) ? 302 : 301, b.p) : b.err;
		buf_release(&b);
		return e;
	}
	/* a publisher called "home" makes the home page, if it serves it */
	e = store_publisher_get(h->store, h->a, "home", &home);
	if (e == ERR_OK && publisher_serves(home, &h->locale)) {
		const char *title = publisher_title(home, &h->locale);

		h->id = page > 1 ? (int64_t)page : 0;
		return h_listing_serve(h, home, arena_printf(h->a, "/%s",
		    h->locale.tag), title != NULL ? title :
		    i18n_msg(&h->locale, MSG_LATEST), NULL, false);
	}
	if (e != ERR_OK && e != ERR_NOTFOUND)
		return e;
	q.scope = h->scope;
	q.locale = h->locale;
	q.limit = HTTP_LIST_PAGE_SIZE;
	q.offset = (page - 1) * HTTP_LIST_PAGE_SIZE;
	if ((e = list_page(h, &q, &list)) != ERR_OK)
		return e;
	lv.locale = &h->locale;
	lv.items = list.items;
	lv.nitems = list.nitems;
	lv.page = page;
	lv.pages = list.total == 0 ? 1 :
	    (list.total + HTTP_LIST_PAGE_SIZE - 1) / HTTP_LIST_PAGE_SIZE;
	if (page > lv.pages)
		return ERR_NOTFOUND;
	lv.alternates = ls;
	lv.nalternates = n;
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = page_list(h->a, h->app->theme, &h->app->site, &lv, &b);
	if (e == ERR_OK)
		e = html_reply(h, &b);
	buf_release(&b);
	return e;
}

/*
 * A related asset as a summary in the locale closest to l, if the public
 * may see it (else ERR_NOTFOUND); *last_modified is raised to when its
 * being on the page, or leaving it, last changed the page.
 */
static enum err
related_summary(struct hctx *h, int64_t id, const struct locale *l,
    struct asset_summary *out, int64_t *last_modified)
{
	struct asset_summary s;
	int64_t shown;
	enum err e;

	e = store_asset_summary_get(h->store, h->a, id, l, &s);
	if (e != ERR_OK)
		return e;
	shown = asset_shown_modified_at(s.status, s.publish_at, s.updated_at,
	    h->now);
	if (shown > *last_modified)
		*last_modified = shown;
	if (asset_visibility(s.status, s.publish_at, h->now) != VIS_PUBLIC)
		return ERR_NOTFOUND;	/* not shown as related either */
	*out = s;
	return ERR_OK;
}

enum err
h_article(struct hctx *h)
{
	struct asset *as;
	const struct translation *t;
	struct asset_summary *rel = NULL;
	size_t nrel = 0;
	int64_t id, last;
	struct buf b;
	enum err e;

	if ((e = store_asset_find(h->store, h->slug, NULL, &id)) != ERR_OK ||
	    (e = store_asset_get(h->store, h->a, id, &as)) != ERR_OK)
		return e;
	switch (asset_visibility(as->status, as->publish_at, h->now)) {
	case VIS_HIDDEN:
		return ERR_NOTFOUND;
	case VIS_GONE:
		h->gone = true;
		return ERR_NOTFOUND;
	default:
		break;
	}
	t = asset_translation(as, &h->locale);
	if (t == NULL || locale_noncanonical(h)) {
		/* "/en/slug" or "/en-gb/slug": the translation's own address */
		t = asset_translation_for(as, &h->locale);
		if (t == NULL)
			return ERR_NOTFOUND;
		buf_init(&b, 512);
		page_article_path(&b, &t->locale, as->slug);
		e = b.err == ERR_OK ? redirect(h, locale_eq(&t->locale,
		    &h->locale) ? 301 : 302, b.p) : b.err;
		buf_release(&b);
		return e;
	}
	/* the page changes when a related asset does, or appears */
	last = asset_last_modified(as, h->now);
	if (as->nrelated > 0) {
		rel = arena_calloc(h->a, as->nrelated, sizeof *rel);
		if (rel == NULL)
			return h->a->err;
		for (size_t i = 0; i < as->nrelated; i++) {
			e = related_summary(h, as->related[i], &t->locale,
			    &rel[nrel], &last);
			if (e == ERR_NOTFOUND)
				continue;
			if (e != ERR_OK)
				return e;
			nrel++;
		}
	}
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = page_article(h->a, h->app->theme, &h->app->site, as, t, rel, nrel,
	    &b);
	if (e == ERR_OK)
		e = html_reply(h, &b);
	if (e == ERR_OK)
		e = reply_last_modified(h->reply, last);
	buf_release(&b);
	return e;
}

struct http_reply *
h_error_page(struct hctx *h, int status)
{
	struct http_reply *r;
	struct locale *ls = NULL, *l = NULL;
	size_t n = 0, same;
	struct buf b;
	struct store *own = NULL;
	enum err e;

	/* the page's language: the path's locale if we publish in it, else
	 * what the browser asks for among ours */
	if (h->store == NULL && app_store_get(h->app, &own) == ERR_OK)
		h->store = own;
	if (h->store != NULL && site_locales(h, &ls, &n) == ERR_OK) {
		if (h->locale.tag[0] != '\0')
			l = (struct locale *)site_locale_known(&h->locale, ls, n,
			    &same);
		if (l == NULL) {
			int best = negotiate_locale(h->req->header(h->req->ctx,
			    "Accept-Language"), ls, n);

			l = best >= 0 ? &ls[best] : NULL;
		}
	}
	if (own != NULL) {
		app_store_put(h->app, own);
		h->store = NULL;
	}
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = page_error(h->a, h->app->theme, &h->app->site, l, status, &b);
	r = e == ERR_OK ? reply_from_buf(status, HTML, &b) : NULL;
	buf_release(&b);
	if (r != NULL && reply_header(r, "Cache-Control", "no-store") !=
	    ERR_OK) {
		http_reply_unref(r);
		r = NULL;
	}
	return r;
}
