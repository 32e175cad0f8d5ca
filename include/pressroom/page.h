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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/locale.h"
#include "pressroom/publisher.h"
#include "pressroom/theme.h"

struct page_site {
	const char *base_url;	/* "https://press.example.org", no final '/' */
	const char *site_name;	/* NULL: "Press room" in the page's language */
};

/* Appends "/{tag}/{slug}" (path only) to b. */
void page_article_path(struct buf *b, const struct locale *l,
    const char *slug);
/*
 * Appends "/{tag}/{dir}/{name}" with name percent-encoded as one path
 * segment (dir is "tag" or "speaker").
 */
void page_term_path(struct buf *b, const struct locale *l, const char *dir,
    const char *name);

/* Appends "/attachments/{sha256}/{name}", the name percent-encoded. */
void page_attachment_path(struct buf *b, const struct attachment *at);

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

/*
 * A publisher's page (also the tag, speaker and archive pages, which are
 * publishers made on the fly). Pages live at base_path ("/en-GB/p/name")
 * and base_path + "/page/N/".
 */
struct page_publisher_view {
	const struct publisher *pub;
	const struct locale *locale;
	const char *heading;
	const char *base_path;
	const char *feed_path;		/* NULL: no feed */
	const struct asset_summary *items;
	size_t nitems;
	const struct asset *const *full;	/* display "full": the assets
						 * of items, else NULL */
	size_t page;
	size_t pages;
	const struct locale *alternates;	/* locales it is served in */
	size_t nalternates;
};

/* Appends base_path + "/" or base_path + "/page/N/". */
void page_publisher_path(struct buf *b, const char *base_path, size_t page);

enum err page_publisher(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_publisher_view *v,
    struct buf *out);

/*
 * The search page's parameters as the request gave them (NULL or "": not
 * set), already checked by the caller: q is the normalised query
 * (search_query_format), locale a tag, kind a kind name, role "question"
 * or "answer", from and to dates "YYYY-MM-DD".
 */
struct page_search_params {
	const char *q;
	const char *locale;
	const char *kind;
	const char *speaker;
	const char *role;
	const char *tag;
	const char *from;
	const char *to;
};

/*
 * Appends "/{tag}/search", with p's parameters (percent-encoded) and
 * page when > 1. p may be NULL.
 */
void page_search_path(struct buf *b, const struct locale *l,
    const struct page_search_params *p, size_t page);

/* A result: text holds ANALYZE_HL_OPEN/_CLOSE around matched words. */
struct page_search_hit {
	const char *slug;
	struct locale locale;	/* of the passage; the link goes there */
	const char *block_id;	/* the anchor; "" for the article's top */
	enum asset_kind kind;
	int64_t event_at;
	int event_offset;
	const char *title;
	const char *snippet;	/* "" when there is none */
};

enum page_facet {
	PAGE_FACET_KIND,
	PAGE_FACET_SPEAKER,
	PAGE_FACET_YEAR,
	PAGE_FACET_LOCALE,
	PAGE_FACET__MAX
};

struct page_facet_value {
	const char *value;	/* kind name, person, "2021", locale tag */
	size_t count;
};

struct page_search_view {
	const struct locale *locale;		/* of the page */
	struct page_search_params params;
	bool has_query;		/* something was looked for */
	bool cut;		/* the query was cut to the limits */
	bool capped;		/* the counts are of the first passages */
	const struct page_search_hit *hits;
	size_t nhits;
	size_t total;
	size_t page;		/* 1-based */
	size_t pages;		/* >= 1 */
	size_t per_page;
	const struct page_facet_value *facets[PAGE_FACET__MAX];
	size_t nfacets[PAGE_FACET__MAX];
	const struct locale *languages;	/* for the filter and switcher */
	size_t nlanguages;
};

/* The search page: the form, filters, facets, results and pages. */
enum err page_search(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_search_view *v,
    struct buf *out);

/*
 * Appends s with its highlight markers (pressroom/analyze.h) as <mark>
 * elements and everything else escaped: safe HTML. page_marked_plain
 * appends s without the markers (not escaped).
 */
void page_marked_html(struct buf *b, const char *s);
void page_marked_plain(struct buf *b, const char *s);

/* The error page (404 and others) in locale l (NULL: English). */
enum err page_error(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct locale *l, int status,
    struct buf *out);

#endif
