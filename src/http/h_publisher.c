/*
 * h_publisher.c - listing pages: a saved publisher (/{locale}/p/{name}/
 * with /page/N/, its feed /{locale}/p/{name}.atom), and the listings made
 * on the fly from one filter: a tag (/{locale}/tag/{tag}/), a speaker
 * (/{locale}/speaker/{name}/) and the archive (/{locale}/archive/{year}/,
 * /{locale}/archive/{year}/{month}/).
 *
 * Handlers load the publisher and its page of items and hand them to
 * render; they do not decide visibility (the store's scope does).
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/feed.h"
#include "pressroom/i18n.h"
#include "pressroom/limits.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "http_internal.h"
#include "pressroom/banned.h"

#define HTML "text/html; charset=utf-8"

static enum err
reply_page(struct hctx *h, struct buf *b, const char *ctype)
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

static enum err
moved(struct hctx *h, int status, const char *location)
{
	h->reply = reply_redirect(status, location);
	return h->reply != NULL ? ERR_OK : ERR_NOMEM;
}

/*
 * One page (q->offset, q->limit) of publisher p's listing at base: from
 * its whole order as the app keeps it for this generation, sorted once
 * for all its pages (the export renders 100 pages of a big tag, each
 * sorting every asset of the tag before), then the page's rows.
 */
static enum err
listing_items(struct hctx *h, const struct publisher *p, const char *base,
    const struct store_publisher_query *q, struct store_list *out)
{
	const char *key;
	int64_t *ids, *page;
	size_t n, total;
	enum err e;

	if (!q->scope.public || h->generation == 0)
		return store_publisher_items(h->store, h->a, p, q, out);
	key = arena_printf(h->a, "order %s %d", base, (int)q->scope.withdrawn);
	if (key == NULL)
		return h->a->err;
	if (!app_order_get(h->app, key, h->generation, q->offset, q->limit,
	    h->a, &page, &n, &total)) {
		if ((e = store_publisher_order(h->store, h->a, p, q, &ids,
		    &total)) != ERR_OK)
			return e;
		app_order_put(h->app, key, h->generation, ids, total);
		page = NULL;	/* ids is NULL when total is 0 */
		n = 0;
		if (q->offset < total) {
			page = ids + q->offset;
			n = total - q->offset < q->limit ? total - q->offset :
			    q->limit;
		}
	}
	if ((e = store_publisher_rows(h->store, h->a, p, q, page, n, out)) !=
	    ERR_OK)
		return e;
	out->total = total;
	return ERR_OK;
}

/*
 * Serves one page of publisher p in h->locale at base ("/en-GB/p/name"),
 * page number from the route (h->id, 0 for page 1). Locales: the
 * publisher's own, among those published.
 */
enum err
h_listing_serve(struct hctx *h, const struct publisher *p, const char *base,
    const char *heading, const char *feed_path, bool empty_is_404)
{
	struct store_publisher_query q = { 0 };
	struct store_list list;
	struct page_publisher_view pv = { 0 };
	struct locale *ls, *served;
	const struct asset **full = NULL;
	size_t n, nserved = 0, same, page = h->id > 0 ? (size_t)h->id : 1;
	const struct locale *known;
	struct buf b;
	enum err e;

	if (page > LIMIT_LIST_PAGES || (page > 1 &&
	    p->paging == PUB_PAGING_NONE))
		return ERR_NOTFOUND;
	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	served = arena_calloc(h->a, n + 1, sizeof *served);
	if (served == NULL)
		return h->a->err;
	for (size_t i = 0; i < n; i++)
		if (publisher_serves(p, &ls[i]))
			served[nserved++] = ls[i];
	known = site_locale_known(&h->locale, served, nserved, &same);
	if (known == NULL || !locale_eq(known, &h->locale))
		return ERR_NOTFOUND;	/* only its exact locales */
	if (h->id == 1) {
		buf_init(&b, 1024);
		page_publisher_path(&b, base, 1);
		e = b.err == ERR_OK ? moved(h, 301, b.p) : b.err;
		buf_release(&b);
		return e;
	}
	q.scope = h->scope;
	q.locale = h->locale;
	q.limit = p->page_size;
	q.offset = (page - 1) * p->page_size;
	if ((e = listing_items(h, p, base, &q, &list)) != ERR_OK)
		return e;
	pv.pages = p->paging == PUB_PAGING_NONE ? 1 : list.total == 0 ? 1 :
	    (list.total + p->page_size - 1) / p->page_size;
	if (page > pv.pages || (empty_is_404 && list.total == 0))
		return ERR_NOTFOUND;
	if (p->display == PUB_DISPLAY_FULL) {
		full = arena_calloc(h->a, list.nitems + 1, sizeof *full);
		if (full == NULL)
			return h->a->err;
		for (size_t i = 0; i < list.nitems; i++) {
			struct asset *as;

			e = store_asset_get(h->store, h->a, list.items[i].id,
			    &as);
			if (e != ERR_OK)
				return e;
			full[i] = as;
		}
	}
	pv.pub = p;
	pv.locale = &h->locale;
	pv.heading = heading;
	pv.base_path = base;
	pv.feed_path = feed_path;
	pv.items = list.items;
	pv.nitems = list.nitems;
	pv.full = (const struct asset *const *)full;
	pv.page = page;
	pv.alternates = served;
	pv.nalternates = nserved;
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = page_publisher(h->a, h->app->theme, &h->app->site, &pv, &b);
	if (e == ERR_OK)
		e = reply_page(h, &b, HTML);
	buf_release(&b);
	return e;
}

/* "/en-GB/p/name" -> "/en-GB/p/name/"; "/en-GB/p/name.atom" -> the feed */
enum err
h_publisher_bare(struct hctx *h)
{
	const char *arg = h->args[0];
	size_t n = strlen(arg);
	struct buf b;
	enum err e;

	if (n > 5 && strcmp(arg + n - 5, ".atom") == 0)
		return h_publisher(h);
	if (!publisher_name_valid(arg))
		return ERR_NOTFOUND;
	buf_init(&b, 512);
	buf_addf(&b, "/%s/p/%s/", h->locale.tag, arg);
	e = b.err == ERR_OK ? moved(h, 301, b.p) : b.err;
	buf_release(&b);
	return e;
}

static enum err
publisher_feed(struct hctx *h, const struct publisher *p, const char *title)
{
	struct store_publisher_query q = { 0 };
	struct store_list list;
	struct feed_entry *entries;
	struct feed_info info = { 0 };
	struct locale *ls;
	size_t n, same, ne = 0;
	const struct locale *known;
	struct buf b;
	enum err e;

	if ((e = site_locales(h, &ls, &n)) != ERR_OK)
		return e;
	known = site_locale_known(&h->locale, ls, n, &same);
	if (known == NULL || !locale_eq(known, &h->locale) ||
	    !publisher_serves(p, &h->locale))
		return ERR_NOTFOUND;
	q.scope = h->scope;
	q.scope.withdrawn = true;
	q.locale = h->locale;
	q.limit = 50;
	if ((e = store_publisher_items(h->store, h->a, p, &q, &list)) !=
	    ERR_OK)
		return e;
	entries = arena_calloc(h->a, list.nitems + 1, sizeof *entries);
	if (entries == NULL)
		return h->a->err;
	for (size_t i = 0; i < list.nitems; i++) {
		struct asset *as;
		const struct translation *t;

		e = store_asset_get(h->store, h->a, list.items[i].id, &as);
		if (e != ERR_OK)
			return e;
		if ((t = asset_translation(as, &list.items[i].locale)) == NULL)
			continue;
		entries[ne].as = as;
		entries[ne++].t = t;
	}
	info.locale = &h->locale;
	info.title = title;
	info.self_path = arena_printf(h->a, "/%s/p/%s.atom", h->locale.tag,
	    p->name);
	info.html_path = arena_printf(h->a, "/%s/p/%s/", h->locale.tag,
	    p->name);
	info.now = h->now;
	if (info.self_path == NULL || info.html_path == NULL)
		return h->a->err;
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = feed_atom(h->a, &h->app->site, &info, entries, ne, &b);
	if (e == ERR_OK)
		e = reply_page(h, &b, "application/atom+xml; charset=utf-8");
	buf_release(&b);
	return e;
}

enum err
h_publisher(struct hctx *h)
{
	char name[PUBLISHER_NAME_MAX + 8];
	const char *arg = h->args[0], *title, *base;
	size_t n = strlen(arg);
	bool feed = n > 5 && strcmp(arg + n - 5, ".atom") == 0 &&
	    strcmp(h->route, "publisher-bare") == 0;
	struct publisher *p;
	enum err e;

	if (n >= sizeof name)
		return ERR_NOTFOUND;
	snprintf(name, sizeof name, "%.*s", (int)(feed ? n - 5 : n), arg);
	if (!publisher_name_valid(name))
		return ERR_NOTFOUND;
	if ((e = store_publisher_get(h->store, h->a, name, &p)) != ERR_OK)
		return e;
	title = publisher_title(p, &h->locale);
	if (title == NULL)
		title = p->name;
	if (feed)
		return publisher_feed(h, p, title);
	base = arena_printf(h->a, "/%s/p/%s", h->locale.tag, p->name);
	if (base == NULL)
		return h->a->err;
	return h_listing_serve(h, p, base, title, arena_printf(h->a,
	    "/%s/p/%s.atom", h->locale.tag, p->name), false);
}

/* A publisher made on the fly for one tag, speaker or archive period. */
enum err
h_term(struct hctx *h)
{
	struct publisher *p = publisher_new(h->a);
	const char *route = h->route, *arg = h->args[0];
	struct buf b, heading;
	enum err e;

	if (p == NULL)
		return h->a->err;
	if (!utf8_valid(arg, strlen(arg), NULL))
		return ERR_NOTFOUND;
	p->name = (char *)"term";
	p->show = PUB_SHOW_DATE | PUB_SHOW_PLACE | PUB_SHOW_KIND;
	buf_init(&b, 1024);
	buf_init(&heading, 1024);
	buf_addf(&b, "/%s/", h->locale.tag);
	if (strncmp(route, "tag", 3) == 0) {
		char tag[TAG_MAX];

		if (tag_normalise(arg, strlen(arg), tag) != ERR_OK ||
		    strcmp(tag, arg) != 0) {
			e = ERR_NOTFOUND;
			goto out;
		}
		p->tags_any = arena_calloc(h->a, 1, sizeof *p->tags_any);
		if (p->tags_any == NULL) {
			e = h->a->err;
			goto out;
		}
		p->tags_any[0] = (char *)arg;
		p->ntags_any = 1;
		buf_reset(&b);
		page_term_path(&b, &h->locale, "tag", arg);
		i18n_format1(&heading, &h->locale, MSG_TAG_HEADING, arg);
	} else if (strncmp(route, "speaker", 7) == 0) {
		if (strlen(arg) > LIMIT_PERSON_NAME_BYTES) {
			e = ERR_NOTFOUND;
			goto out;
		}
		p->speaker = (char *)arg;
		p->show |= PUB_SHOW_SPEAKERS;
		buf_reset(&b);
		page_term_path(&b, &h->locale, "speaker", arg);
		i18n_format1(&heading, &h->locale, MSG_SPEAKER_HEADING, arg);
	} else {
		/* archive: {year} or {year}/{month} */
		struct civil c = { .month = 1, .day = 1 };
		int64_t year, month = 0;

		if (strlen(arg) != 4 || str_to_i64(str_from(arg), 1000, 9999,
		    &year) != ERR_OK || (h->nargs == 2 &&
		    (strlen(h->args[1]) != 2 || str_to_i64(str_from(h->args[1]),
		    1, 12, &month) != ERR_OK))) {
			e = ERR_NOTFOUND;
			goto out;
		}
		c.year = (int)year;
		c.month = month > 0 ? (int)month : 1;
		if (time_from_civil(&c, &p->from) != ERR_OK) {
			e = ERR_NOTFOUND;
			goto out;
		}
		if (month > 0 && month < 12) {
			c.month++;
		} else {
			c.year++;
			c.month = 1;
		}
		if (c.year > 9999 || time_from_civil(&c, &p->to) != ERR_OK)
			p->to = 0;
		p->group = month > 0 ? PUB_GROUP_NONE : PUB_GROUP_MONTH;
		p->order[0] = PUB_ORDER_EVENT;
		p->desc[0] = false;	/* an archive reads forwards */
		buf_addf(&b, "archive/%04d", (int)year);
		buf_adds(&heading, i18n_msg(&h->locale, MSG_ARCHIVE));
		buf_adds(&heading, ": ");
		if (month > 0) {
			buf_addf(&b, "/%02d", (int)month);
			i18n_format_month(&heading, &h->locale, (int)year,
			    (int)month);
		} else {
			buf_addf(&heading, "%d", (int)year);
		}
	}
	if (b.err != ERR_OK || heading.err != ERR_OK) {
		e = ERR_NOMEM;
		goto out;
	}
	e = h_listing_serve(h, p, arena_strdup(h->a, b.p),
	    arena_strdup(h->a, heading.p), NULL, true);
out:
	buf_release(&b);
	buf_release(&heading);
	return e;
}
