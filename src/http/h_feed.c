/*
 * h_feed.c - machine-readable routes: the Atom feed of a locale
 * (/{locale}/feed.atom), the sitemap index (/sitemap.xml), the per-locale
 * sitemaps (/sitemap-{locale}-{n}.xml) and /robots.txt.
 *
 * Handlers load what the public may see (the feed also shows withdrawn
 * assets, marked) and hand it to render/feed.c. They do not write XML.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/feed.h"
#include "pressroom/i18n.h"
#include "pressroom/limits.h"
#include "http_internal.h"
#include "pressroom/banned.h"

#define FEED_ENTRIES 50
#define INDEX_CHUNK 100000

static enum err
xml_reply(struct hctx *h, struct buf *b, const char *ctype)
{
	struct http_reply *r = reply_from_buf(200, ctype, b);

	if (r == NULL)
		return ERR_NOMEM;
	if (reply_header(r, "Cache-Control", "public, no-cache") != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = true;
	return ERR_OK;
}

enum err
h_feed(struct hctx *h)
{
	struct store_list_query q = { 0 };
	struct store_list list;
	struct feed_entry *entries;
	struct feed_info info = { 0 };
	struct locale *ls;
	size_t n, same, ne = 0;
	struct buf b, self, html;
	enum err e;

	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	if (site_locale_known(&h->locale, ls, n, &same) == NULL)
		return ERR_NOTFOUND;
	q.scope = h->scope;
	q.scope.withdrawn = true;	/* feeds mark withdrawn items */
	q.locale = h->locale;
	q.limit = FEED_ENTRIES;
	if ((e = store_asset_list(h->store, h->a, &q, &list)) != ERR_OK)
		return e;
	entries = arena_calloc(h->a, list.nitems + 1, sizeof *entries);
	if (entries == NULL)
		return h->a->err;
	for (size_t i = 0; i < list.nitems; i++) {
		struct asset *as;
		const struct translation *t;

		e = store_asset_get(h->store, h->a, list.items[i].id, &as);
		if (e == ERR_NOTFOUND)
			continue;	/* deleted meanwhile */
		if (e != ERR_OK)
			return e;
		t = asset_translation(as, &list.items[i].locale);
		if (t == NULL)
			continue;
		entries[ne].as = as;
		entries[ne].t = t;
		ne++;
	}
	buf_init(&self, 256);
	buf_init(&html, 256);
	buf_addf(&self, "/%s/feed.atom", h->locale.tag);
	page_list_path(&html, &h->locale, 1);
	buf_init(&b, LIMIT_PAGE_BYTES);
	info.locale = &h->locale;
	info.title = arena_printf(h->a, "%s — %s", h->app->site.site_name !=
	    NULL ? h->app->site.site_name : i18n_msg(&h->locale,
	    MSG_SITE_NAME), i18n_msg(&h->locale, MSG_LATEST));
	info.self_path = self.p;
	info.html_path = html.p;
	info.now = h->now;
	e = info.title == NULL ? h->a->err : self.err != ERR_OK ? self.err :
	    html.err;
	if (e == ERR_OK)
		e = feed_atom(h->a, &h->app->site, &info, entries, ne, &b);
	if (e == ERR_OK)
		e = xml_reply(h, &b, "application/atom+xml; charset=utf-8");
	buf_release(&b);
	buf_release(&self);
	buf_release(&html);
	return e;
}

/* Every public asset, by id. */
static enum err
load_index(struct hctx *h, struct store_index_item **out, size_t *n)
{
	struct store_index_item *all = NULL, *chunk;
	size_t total = 0, got;
	enum err e;

	for (;;) {
		e = store_asset_index(h->store, h->a, &h->scope, total,
		    INDEX_CHUNK, &chunk, &got);
		if (e != ERR_OK)
			return e;
		if (all == NULL) {
			all = chunk;
		} else if (got > 0) {
			struct store_index_item *grown = arena_alloc(h->a,
			    (total + got) * sizeof *grown);

			if (grown == NULL)
				return h->a->err;
			memcpy(grown, all, total * sizeof *grown);
			memcpy(grown + total, chunk, got * sizeof *grown);
			all = grown;
		}
		total += got;
		if (got < INDEX_CHUNK)
			break;
	}
	*out = all;
	*n = total;
	return ERR_OK;
}

static bool
item_has(const struct store_index_item *it, const struct locale *l)
{
	for (size_t k = 0; k < it->nlocales; k++)
		if (locale_eq(&it->locales[k], l))
			return true;
	return false;
}

enum err
h_sitemap_index(struct hctx *h)
{
	struct store_index_item *items;
	struct sitemap_ref *refs = NULL;
	size_t nitems, nrefs = 0, cap = 0, nl;
	struct locale *ls;
	struct buf b;
	enum err e;

	if ((e = site_locales(h, &ls, &nl)) != ERR_OK ||
	    (e = load_index(h, &items, &nitems)) != ERR_OK)
		return e;
	for (size_t i = 0; i < nl; i++) {
		size_t count = 1;	/* the list page */
		int64_t last = 0;

		for (size_t k = 0; k < nitems; k++)
			if (item_has(&items[k], &ls[i])) {
				count++;
				if (items[k].last_modified > last)
					last = items[k].last_modified;
			}
		for (size_t part = 0; part * SITEMAP_URLS_MAX < count;
		    part++) {
			struct sitemap_ref *r = arena_push(h->a, (void **)&refs,
			    &nrefs, &cap, sizeof *r);

			if (r == NULL)
				return h->a->err;
			r->path = arena_printf(h->a, "/sitemap-%s-%zu.xml",
			    ls[i].tag, part + 1);
			if (r->path == NULL)
				return h->a->err;
			r->last_modified = last;
			nrefs++;
		}
	}
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = sitemap_index(&h->app->site, refs, nrefs, &b);
	if (e == ERR_OK)
		e = xml_reply(h, &b, "application/xml; charset=utf-8");
	buf_release(&b);
	return e;
}

/* h->name is "sitemap-{locale}-{n}.xml" */
enum err
h_sitemap(struct hctx *h)
{
	struct store_index_item *items;
	struct sitemap_url *urls;
	size_t nitems, nl, same, nurls = 0, skip, len, dash;
	struct locale *ls, l;
	const struct locale *known;
	const char *name = h->name;
	int64_t part;
	struct buf b;
	enum err e;

	len = strlen(name);
	if (len < 14 || strncmp(name, "sitemap-", 8) != 0 ||
	    strcmp(name + len - 4, ".xml") != 0)
		return ERR_NOTFOUND;
	for (dash = len - 5; dash > 8 && name[dash] != '-'; dash--)
		;
	if (dash <= 8 || str_to_i64(str_make(name + dash + 1,
	    len - 4 - dash - 1), 1, 1000000, &part) != ERR_OK ||
	    name[dash + 1] == '0' ||
	    locale_parse(str_make(name + 8, dash - 8), &l) != ERR_OK ||
	    strncmp(l.tag, name + 8, dash - 8) != 0 || l.tag[dash - 8] != '\0')
		return ERR_NOTFOUND;
	if ((e = site_locales(h, &ls, &nl)) != ERR_OK)
		return e;
	/* only the exact locales we publish in have sitemaps */
	known = site_locale_known(&l, ls, nl, &same);
	if (known == NULL || !locale_eq(known, &l))
		return ERR_NOTFOUND;
	if ((e = load_index(h, &items, &nitems)) != ERR_OK)
		return e;
	urls = arena_calloc(h->a, SITEMAP_URLS_MAX, sizeof *urls);
	if (urls == NULL)
		return h->a->err;
	skip = (size_t)(part - 1) * SITEMAP_URLS_MAX;
	if (skip == 0) {
		urls[nurls].locale = known;
		urls[nurls].alternates = ls;
		urls[nurls].nalternates = nl;
		nurls++;
	} else {
		skip--;		/* the list page is in part 1 */
	}
	for (size_t k = 0; k < nitems && nurls < SITEMAP_URLS_MAX; k++) {
		const struct store_index_item *it = &items[k];

		if (it->status != ASSET_PUBLISHED || !item_has(it, &l))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		for (size_t j = 0; j < it->nlocales; j++)
			if (locale_eq(&it->locales[j], &l))
				urls[nurls].locale = &it->locales[j];
		urls[nurls].slug = it->slug;
		urls[nurls].last_modified = it->last_modified;
		urls[nurls].alternates = it->locales;
		urls[nurls].nalternates = it->nlocales;
		nurls++;
	}
	if (part > 1 && nurls == 0)
		return ERR_NOTFOUND;
	buf_init(&b, 64u << 20);
	e = sitemap_urlset(&h->app->site, urls, nurls, &b);
	if (e == ERR_OK)
		e = xml_reply(h, &b, "application/xml; charset=utf-8");
	buf_release(&b);
	return e;
}

enum err
h_robots(struct hctx *h)
{
	struct buf b;
	enum err e;

	buf_init(&b, 4096);
	e = robots_txt(&h->app->site, &b);
	if (e == ERR_OK)
		e = xml_reply(h, &b, "text/plain; charset=utf-8");
	buf_release(&b);
	return e;
}
