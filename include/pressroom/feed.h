/*
 * feed.h - machine-readable views of the site: Atom 1.0 feeds, sitemaps
 * (an index and per-locale URL sets with hreflang alternates) and
 * robots.txt, plus the XML escaping they all go through.
 *
 * Writers take what to write and append to a buffer; they do not load
 * anything and do not decide visibility (callers pass only what the public
 * may see).
 */
#ifndef PRESSROOM_FEED_H
#define PRESSROOM_FEED_H

#include <stddef.h>
#include <stdint.h>
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/page.h"

/*
 * Appends s[0..n) escaped for XML text and attribute values (& < > " ').
 * Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE,
 * U+FFFF) and invalid UTF-8 become U+FFFD.
 */
void xml_escape(struct buf *b, const char *s, size_t n);
void xml_escapes(struct buf *b, const char *s);

struct feed_info {
	const struct locale *locale;	/* the feed's language */
	const char *title;
	const char *self_path;		/* "/en-GB/feed.atom" */
	const char *html_path;		/* "/en-GB/" */
	int64_t now;			/* when it is made: for last modified */
};

struct feed_entry {
	const struct asset *as;		/* whole, for the content */
	const struct translation *t;	/* the entry's translation */
};

/*
 * An Atom 1.0 feed (RFC 4287): the feed's id is its HTML page's URL, each
 * entry's id the permanent URL of its translation (slugs never change);
 * updated is the asset's last modification; published its event time with
 * the announced offset; one author per speaker (else the site); a link to
 * the page (the one rel="alternate") and one to each other translation
 * (rel="related" with hreflang); summary (the
 * summary, else the first block as text) and the full text as escaped
 * HTML; a category per tag. The feed's updated is its latest entry's;
 * a feed with no entries says 1970-01-01T00:00:00Z (never the clock: the
 * same content is the same bytes). A withdrawn asset is marked: "Withdrawn: " in
 * its title (translated), a "withdrawn" category, the reason as summary.
 */
enum err feed_atom(struct arena *a, const struct page_site *site,
    const struct feed_info *info, const struct feed_entry *entries,
    size_t n, struct buf *out);

#define SITEMAP_URLS_MAX 50000	/* per file, as sitemaps.org says */

struct sitemap_url {
	const char *slug;		/* NULL: the locale's list page */
	int64_t last_modified;		/* 0: none */
	const struct locale *locale;	/* of this URL */
	const struct locale *alternates;	/* every locale of the item */
	size_t nalternates;
};

/*
 * A <urlset> with xhtml:link alternates for every translation (the URL's
 * own included, so the set is reciprocal) and x-default.
 */
enum err sitemap_urlset(const struct page_site *site,
    const struct sitemap_url *urls, size_t n, struct buf *out);

struct sitemap_ref {
	const char *path;		/* "/sitemap-en-GB-1.xml" */
	int64_t last_modified;
};

/* A <sitemapindex> of the given sitemaps. */
enum err sitemap_index(const struct page_site *site,
    const struct sitemap_ref *refs, size_t n, struct buf *out);

/* robots.txt: everything allowed, the sitemap index announced. */
enum err robots_txt(const struct page_site *site, struct buf *out);

#endif
