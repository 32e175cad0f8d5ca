/*
 * site.c - the list of every public URL path, for the static export and
 * for the test that compares the export with what the server sends.
 *
 * Knows the URL scheme (shared with page.c's path builders and the route
 * table) but renders nothing: the export asks http_dispatch for each.
 */
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

static int
cmp_paths(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
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
	if ((e = store_locales(s, a, &pub, &lc, &nlc)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nlc; i++) {
		const char *tag = lc[i].locale.tag;
		size_t pages_n = (lc[i].count + HTTP_LIST_PAGE_SIZE - 1) /
		    HTTP_LIST_PAGE_SIZE;

		add(&p, arena_printf(a, "/%s/", tag));
		for (size_t k = 2; k <= pages_n; k++)
			add(&p, arena_printf(a, "/%s/page/%zu/", tag, k));
		add(&p, arena_printf(a, "/%s/feed.atom", tag));
		/* one sitemap part per 50,000 URLs, the list page included */
		for (size_t k = 0; k * SITEMAP_URLS_MAX < lc[i].count + 1; k++)
			add(&p, arena_printf(a, "/sitemap-%s-%zu.xml", tag,
			    k + 1));
	}
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
	qsort(p.v, p.n, sizeof *p.v, cmp_paths);
	*out = p.v;
	*n = p.n;
out:
	app_store_put(app, s);
	return e;
}
