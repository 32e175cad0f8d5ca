/*
 * site.c - the list of every public URL path, for the static export and
 * for the test that compares the export with what the server sends.
 *
 * Knows the URL scheme (shared with page.c's path builders and the route
 * table) but renders nothing: the export asks http_dispatch for each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/feed.h"
#include "http_internal.h"
#include "pressroom/banned.h"

struct paths {
	struct arena *a;
	const char **v;
	size_t n, cap;
	enum err e;
};

static void
add(struct paths *p, const char *path)
{
	const char **slot;

	if (p->e != ERR_OK)
		return;
	if (path == NULL) {
		p->e = p->a->err != ERR_OK ? p->a->err : ERR_NOMEM;
		return;
	}
	slot = arena_push(p->a, (void **)&p->v, &p->n, &p->cap, sizeof *slot);
	if (slot == NULL) {
		p->e = p->a->err;
		return;
	}
	*slot = path;
	p->n++;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Paths in a natural order: runs of digits compare as numbers, so that a
 * listing's pages come in sequence (/page/9/ before /page/10/) and each
 * resumes where the one before it ended (h_pages.c list_page). Equal
 * numbers written differently ("007", "7") fall back to strcmp.
 */
static int
cmp_paths(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	const char *p = x, *q = y;

	while (*p != '\0' && *q != '\0') {
		if (is_digit(*p) && is_digit(*q)) {
			const char *ps = p, *qs = q;
			size_t pn, qn;
			int c;

			while (*ps == '0' && is_digit(ps[1]))
				ps++;
			while (*qs == '0' && is_digit(qs[1]))
				qs++;
			for (p = ps; is_digit(*p); p++)
				;
			for (q = qs; is_digit(*q); q++)
				;
			pn = (size_t)(p - ps);
			qn = (size_t)(q - qs);
			if (pn != qn)
				return pn < qn ? -1 : 1;
			if ((c = memcmp(ps, qs, pn)) != 0)
				return c;
			continue;
		}
		if (*p != *q)
			return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
		p++;
		q++;
	}
	if (*p != *q)
		return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
	return strcmp(x, y);
}

/* Pages of n items, size per page (at least one page). */
static size_t
pages_of(size_t n, size_t size)
{
	return n == 0 ? 1 : (n + size - 1) / size;
}

static void
add_pages(struct paths *p, const char *base, size_t pages)
{
	add(p, arena_printf(p->a, "%s/", base));
	for (size_t k = 2; k <= pages; k++)
		add(p, arena_printf(p->a, "%s/page/%zu/", base, k));
}

/* Each publisher serving l: its pages and its feed. */
static enum err
add_publishers(struct paths *p, struct store *s, int64_t now,
    const struct locale *l, struct publisher **pubs, size_t n)
{
	struct store_publisher_query q = { .scope = { .public = true,
		.now = now }, .offset = 0, .limit = 1 };
	struct store_list list;
	enum err e;

	q.locale = *l;
	for (size_t i = 0; i < n; i++) {
		const struct publisher *pub = pubs[i];
		size_t pages;

		if (!publisher_serves(pub, l))
			continue;
		if ((e = store_publisher_items(s, p->a, pub, &q, &list)) !=
		    ERR_OK)
			return e;
		pages = pub->paging == PUB_PAGING_NONE ? 1 :
		    pages_of(list.total, pub->page_size);
		add_pages(p, arena_printf(p->a, "/%s/p/%s", l->tag, pub->name),
		    pages);
		add(p, arena_printf(p->a, "/%s/p/%s.atom", l->tag, pub->name));
	}
	return p->e;
}

/* A name usable as one path segment (and one file name). */
static bool
segment_ok(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL;
}

/* Tag, speaker and archive pages of locale l. */
static enum err
add_terms(struct paths *p, struct store *s, const struct store_scope *scope,
    const struct locale *l)
{
	static const char *const dirs[2] = { "tag", "speaker" };
	struct store_term *t;
	size_t n;
	int last_year = 0;
	enum err e;

	for (int k = 0; k < 2; k++) {
		if ((e = store_terms(s, p->a, scope, l, k == 0 ?
		    STORE_TERM_TAG : STORE_TERM_SPEAKER, &t, &n)) != ERR_OK)
			return e;
		for (size_t i = 0; i < n; i++)
			if (segment_ok(t[i].name))
				add_pages(p, arena_printf(p->a, "/%s/%s/%s",
				    l->tag, dirs[k], t[i].name),
				    pages_of(t[i].count, HTTP_LIST_PAGE_SIZE));
	}
	if ((e = store_terms(s, p->a, scope, l, STORE_TERM_MONTH, &t, &n)) !=
	    ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		int year = 0, month = 0;
		size_t in_year = 0;

		if (sscanf(t[i].name, "%4d-%2d", &year, &month) != 2)
			continue;
		if (year != last_year) {
			for (size_t k = i; k < n; k++)
				if (strncmp(t[k].name, t[i].name, 4) == 0)
					in_year += t[k].count;
			add_pages(p, arena_printf(p->a, "/%s/archive/%04d",
			    l->tag, year), pages_of(in_year,
			    HTTP_LIST_PAGE_SIZE));
			last_year = year;
		}
		add_pages(p, arena_printf(p->a, "/%s/archive/%04d/%02d",
		    l->tag, year, month), pages_of(t[i].count,
		    HTTP_LIST_PAGE_SIZE));
	}
	return p->e;
}

enum err
http_site_paths(struct app *app, struct arena *a, int64_t now,
    const char ***out, size_t *n)
{
	struct paths p = { .a = a };
	struct store *s = NULL;
	struct store_scope pub = { .public = true, .now = now };
	struct store_scope pages = { .public = true, .now = now,
		.withdrawn = true };
	struct store_locale_count *lc;
	struct store_index_item *items;
	struct publisher **pubs;
	size_t npubs;
	const struct theme_asset *files;
	size_t nlc, nitems, nfiles, offset = 0, got;
	enum err e;

	if ((e = app_store_get(app, &s)) != ERR_OK)
		return e;
	add(&p, "/robots.txt");
	add(&p, "/sitemap.xml");
	add(&p, "/404.html");
	files = theme_static_all(app->theme, &nfiles);
	for (size_t i = 0; i < nfiles; i++)
		add(&p, arena_printf(a, "/static/%s", files[i].name));
	if ((e = store_locales(s, a, &pub, &lc, &nlc)) != ERR_OK ||
	    (e = store_publisher_list(s, a, &pubs, &npubs)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nlc; i++) {
		const char *tag = lc[i].locale.tag;
		size_t pages_n = pages_of(lc[i].count, HTTP_LIST_PAGE_SIZE);

		/* a publisher called "home" pages the home page its way */
		for (size_t k = 0; k < npubs; k++) {
			struct store_publisher_query q = { .scope = pub,
				.locale = lc[i].locale, .limit = 1 };
			struct store_list one;

			if (strcmp(pubs[k]->name, "home") != 0 ||
			    !publisher_serves(pubs[k], &lc[i].locale))
				continue;
			if ((e = store_publisher_items(s, a, pubs[k], &q,
			    &one)) != ERR_OK)
				goto out;
			pages_n = pubs[k]->paging == PUB_PAGING_NONE ? 1 :
			    pages_of(one.total, pubs[k]->page_size);
		}
		add_pages(&p, arena_printf(a, "/%s", tag), pages_n);
		add(&p, arena_printf(a, "/%s/feed.atom", tag));
		/* one sitemap part per 50,000 URLs, the list page included */
		for (size_t k = 0; k * SITEMAP_URLS_MAX < lc[i].count + 1; k++)
			add(&p, arena_printf(a, "/sitemap-%s-%zu.xml", tag,
			    k + 1));
		if ((e = add_publishers(&p, s, now, &lc[i].locale, pubs,
		    npubs)) != ERR_OK || (e = add_terms(&p, s, &pub,
		    &lc[i].locale)) != ERR_OK)
			goto out;
	}
	{
		/* files of the pages exported, under their decoded names */
		struct store_attachment_ref *refs;
		size_t nrefs;

		if ((e = store_attachment_index(s, a, &pages, &refs, &nrefs)) !=
		    ERR_OK)
			goto out;
		for (size_t i = 0; i < nrefs; i++)
			add(&p, arena_printf(a, "/attachments/%s/%s",
			    refs[i].sha256, refs[i].name));
	}
	/*
	 * Listings and files in natural order (each page of a listing after
	 * the one before it); then articles by asset, each asset's locales
	 * together, so that its blocks are read while they are still in the
	 * store's cache
	 */
	if ((e = p.e) != ERR_OK)
		goto out;
	qsort(p.v, p.n, sizeof *p.v, cmp_paths);
	do {
		e = store_asset_index(s, a, &pages, offset, 100000, &items,
		    &got);
		if (e != ERR_OK)
			goto out;
		for (size_t i = 0; i < got; i++)
			for (size_t k = 0; k < items[i].nlocales; k++)
				add(&p, arena_printf(a, "/%s/%s",
				    items[i].locales[k].tag, items[i].slug));
		offset += got;
		nitems = got;
	} while (nitems == 100000);
	if ((e = p.e) != ERR_OK)
		goto out;
	*out = p.v;
	*n = p.n;
out:
	app_store_put(app, s);
	return e;
}
