/*
 * page.h - whole HTML pages: the article, the latest-items list and the
 * error page, rendered through the theme's checked templates.
 *
 * Builds each page's view model (escaping happens in the templates, raw
 * markup only comes from the Markdown renderer) and knows pressroom's URL
 * scheme: /{locale}/ and /{locale}/page/N/ for lists, /{locale}/{slug} for
 * articles, #{block id}
 * for turns. Does not load anything from the store: callers pass what the
 * page shows.
 */
#ifndef PRESSROOM_PAGE_H
#define PRESSROOM_PAGE_H

#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/locale.h"
#include "pressroom/theme.h"

struct page_site {
	const char *base_url;	/* "https://press.example.org", no final '/' */
	const char *site_name;	/* NULL: "Press room" in the page's language */
};

/* Appends "/{tag}/{slug}" (path only) to b. */
void page_article_path(struct buf *b, const struct locale *l,
    const char *slug);
/* Appends "/{tag}/" or "/{tag}/page/N/" for N > 1. */
void page_list_path(struct buf *b, const struct locale *l, size_t page);

/*
 * The article page for as in translation t (one of as->translations), with
 * related (summaries of the related assets in the best locale for t, may be
 * empty). Appends to out; view data lives in a.
 */
enum err page_article(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct asset *as,
    const struct translation *t, const struct asset_summary *related,
    size_t nrelated, struct buf *out);

struct page_list_view {
	const struct locale *locale;		/* of the page */
	const struct asset_summary *items;
	size_t nitems;
	size_t page;		/* 1-based */
	size_t pages;		/* >= 1 */
	const struct locale *alternates;	/* other locales with lists */
	size_t nalternates;
};

/* The list of latest items in a locale. */
enum err page_list(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_list_view *v,
    struct buf *out);

/* The error page (404 and others) in locale l (NULL: English). */
enum err page_error(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct locale *l, int status,
    struct buf *out);

#endif
