/*
 * feed.c - Atom feeds, sitemaps and robots.txt (see feed.h), written
 * through one XML escaping function.
 *
 * Does not choose entries or URLs: the HTTP handlers and the export pass
 * exactly what the public may see.
 */
#include <string.h>
#include "pressroom/feed.h"
#include "pressroom/i18n.h"
#include "pressroom/limits.h"
#include "pressroom/markdown.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

void
xml_escape(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t at = i;

		if (c >= 0x80) {
			uint32_t cp = utf8_next(s, n, &i);

			if (cp == UTF8_INVALID || cp == 0xFFFE ||
			    cp == 0xFFFF) {
				buf_add(b, s + run, at - run);
				buf_adds(b, "\xEF\xBF\xBD");
				run = i;
			}
			continue;
		}
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\t': case '\n': case '\r': break;
		default:
			if (c < 0x20 || c == 0x7f)
				rep = "\xEF\xBF\xBD";
		}
		if (rep != NULL) {
			buf_add(b, s + run, i - run);
			buf_adds(b, rep);
			run = i + 1;
		}
		i++;
	}
	buf_add(b, s + run, n - run);
}

void
xml_escapes(struct buf *b, const char *s)
{
	xml_escape(b, s, strlen(s));
}

static void
xml_time(struct buf *b, int64_t t, int offset)
{
	char s[TIME_RFC3339_MAX];

	if (time_format_rfc3339(t, offset, s) == ERR_OK)
		buf_adds(b, s);
}

/* base + path, escaped */
static void
xml_url(struct buf *b, const struct page_site *site, const char *path)
{
	xml_escapes(b, site->base_url);
	xml_escapes(b, path);
}

static void
xml_article_url(struct buf *b, const struct page_site *site,
    const struct locale *l, const char *slug)
{
	struct buf p;

	buf_init(&p, 1024);
	page_article_path(&p, l, slug);
	xml_url(b, site, p.p);
	if (p.err != ERR_OK)
		b->err = p.err;
	buf_release(&p);
}

/* The entry's text as HTML: turns get their speaker and role first. */
static enum err
entry_html(const struct asset *as, const struct translation *t,
    struct buf *html)
{
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct block *bl = &t->blocks[i];
		enum err e;

		if (bl->type == BLOCK_TURN) {
			buf_adds(html, "<p><strong>");
			if (bl->speaker >= 0 &&
			    (size_t)bl->speaker < as->nspeakers)
				xml_escapes(html, as->speakers[bl->speaker].name);
			else
				xml_escapes(html, i18n_role(&t->locale,
				    bl->role));
			buf_adds(html, ":</strong></p>\n");
		}
		if ((e = markdown_render(html, bl->text, strlen(bl->text))) !=
		    ERR_OK)
			return e;
	}
	return html->err;
}

static enum err
feed_entry_write(const struct page_site *site, const struct feed_info *info,
    const struct feed_entry *fe, struct buf *out)
{
	const struct asset *as = fe->as;
	const struct translation *t = fe->t;
	const struct locale *l = &t->locale;
	bool withdrawn = as->status == ASSET_WITHDRAWN;
	struct buf text;
	enum err e;

	buf_adds(out, "<entry xml:lang=\"");
	xml_escapes(out, l->tag);
	buf_adds(out, "\">\n<id>");
	xml_article_url(out, site, l, as->slug);
	buf_adds(out, "</id>\n<title type=\"text\">");
	if (withdrawn) {
		xml_escapes(out, i18n_msg(l, MSG_WITHDRAWN));
		buf_adds(out, ": ");
	}
	xml_escapes(out, t->title);
	buf_adds(out, "</title>\n<updated>");
	xml_time(out, asset_last_modified(as, info->now), 0);
	buf_adds(out, "</updated>\n<published>");
	xml_time(out, as->event_at, as->event_offset);
	buf_adds(out, "</published>\n<link rel=\"alternate\" type=\"text/html\" "
	    "hreflang=\"");
	xml_escapes(out, l->tag);
	buf_adds(out, "\" href=\"");
	xml_article_url(out, site, l, as->slug);
	buf_adds(out, "\"/>\n");
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct locale *o = &as->translations[i].locale;

		if (locale_eq(o, l))
			continue;
		/*
		 * rel="related", not "alternate": feed readers take one
		 * alternate as the entry's link (feedparser the last), and
		 * that must be the page in the feed's language
		 */
		buf_adds(out, "<link rel=\"related\" type=\"text/html\" "
		    "hreflang=\"");
		xml_escapes(out, o->tag);
		buf_adds(out, "\" href=\"");
		xml_article_url(out, site, o, as->slug);
		buf_adds(out, "\"/>\n");
	}
	for (size_t i = 0; i < as->nspeakers; i++) {
		buf_adds(out, "<author><name>");
		xml_escapes(out, as->speakers[i].name);
		buf_adds(out, "</name></author>\n");
	}
	buf_adds(out, "<category term=\"");
	xml_escapes(out, asset_kind_name(as->kind));
	buf_adds(out, "\" label=\"");
	xml_escapes(out, i18n_kind(l, as->kind));
	buf_adds(out, "\"/>\n");
	for (size_t i = 0; i < as->ntags; i++) {
		buf_adds(out, "<category term=\"");
		xml_escapes(out, as->tags[i]);
		buf_adds(out, "\"/>\n");
	}
	if (withdrawn)
		buf_adds(out, "<category term=\"withdrawn\"/>\n");
	buf_init(&text, LIMIT_PAGE_BYTES);
	if (!withdrawn && as->update_note_at != 0 && t->update_note != NULL &&
	    t->update_note[0] != '\0') {
		/* "Updated 12 June 2015, 10:00: note" before the summary */
		buf_adds(&text, i18n_msg(l, MSG_UPDATED));
		buf_addc(&text, ' ');
		i18n_format_datetime(&text, l, as->update_note_at,
		    as->event_offset, 1);
		buf_adds(&text, ": ");
		buf_adds(&text, t->update_note);
		buf_adds(&text, "\n\n");
	}
	if (withdrawn && as->withdraw_reason != NULL)
		buf_adds(&text, as->withdraw_reason);
	else if (t->summary[0] != '\0')
		buf_adds(&text, t->summary);
	else if (t->nblocks > 0 && (e = markdown_plain(&text,
	    t->blocks[0].text, strlen(t->blocks[0].text))) != ERR_OK) {
		buf_release(&text);
		return e;
	}
	if (text.err != ERR_OK) {
		/* an entry without its summary is no entry to serve */
		e = text.err;
		buf_release(&text);
		return e;
	}
	if (text.len > 0) {
		buf_adds(out, "<summary type=\"text\">");
		xml_escape(out, text.p, text.len);
		buf_adds(out, "</summary>\n");
	}
	buf_reset(&text);
	e = entry_html(as, t, &text);
	if (e == ERR_OK) {
		buf_adds(out, "<content type=\"html\">");
		xml_escape(out, text.p, text.len);
		buf_adds(out, "</content>\n");
	}
	buf_release(&text);
	buf_adds(out, "</entry>\n");
	return e != ERR_OK ? e : out->err;
}

enum err
feed_atom(struct arena *a, const struct page_site *site,
    const struct feed_info *info, const struct feed_entry *entries,
    size_t n, struct buf *out)
{
	int64_t updated = 0;
	enum err e;

	(void)a;
	for (size_t i = 0; i < n; i++) {
		int64_t u = asset_last_modified(entries[i].as, info->now);

		if (u > updated)
			updated = u;
	}
	/* empty: the epoch, not the clock, so that the feed (and its ETag)
	 * stays the same until something enters it */
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml_escapes(out, info->locale->tag);
	buf_adds(out, "\">\n<id>");
	xml_url(out, site, info->html_path);
	buf_adds(out, "</id>\n<title type=\"text\">");
	xml_escapes(out, info->title);
	buf_adds(out, "</title>\n<updated>");
	xml_time(out, updated, 0);
	buf_adds(out, "</updated>\n<link rel=\"self\" "
	    "type=\"application/atom+xml\" href=\"");
	xml_url(out, site, info->self_path);
	buf_adds(out, "\"/>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	xml_url(out, site, info->html_path);
	buf_adds(out, "\"/>\n<author><name>");
	xml_escapes(out, site->site_name != NULL ? site->site_name :
	    i18n_msg(info->locale, MSG_SITE_NAME));
	buf_adds(out, "</name></author>\n<generator>pressroom</generator>\n");
	for (size_t i = 0; i < n; i++)
		if ((e = feed_entry_write(site, info, &entries[i], out)) !=
		    ERR_OK)
			return e;
	buf_adds(out, "</feed>\n");
	return out->err;
}

enum err
sitemap_urlset(const struct page_site *site, const struct sitemap_url *urls,
    size_t n, struct buf *out)
{
	struct buf p;

	if (n > SITEMAP_URLS_MAX)
		return ERR_LIMIT;
	buf_init(&p, 1024);
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
	    "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct sitemap_url *u = &urls[i];
		size_t def;

		buf_adds(out, "<url><loc>");
		buf_reset(&p);
		if (u->slug != NULL)
			page_article_path(&p, u->locale, u->slug);
		else
			page_list_path(&p, u->locale, 1);
		xml_url(out, site, p.p);
		buf_adds(out, "</loc>");
		if (u->last_modified > 0) {
			buf_adds(out, "<lastmod>");
			xml_time(out, u->last_modified, 0);
			buf_adds(out, "</lastmod>");
		}
		buf_addc(out, '\n');
		for (size_t k = 0; k < u->nalternates && u->nalternates > 1;
		    k++) {
			const struct locale *l = &u->alternates[k];

			buf_reset(&p);
			if (u->slug != NULL)
				page_article_path(&p, l, u->slug);
			else
				page_list_path(&p, l, 1);
			buf_adds(out, "<xhtml:link rel=\"alternate\" "
			    "hreflang=\"");
			xml_escapes(out, l->tag);
			buf_adds(out, "\" href=\"");
			xml_url(out, site, p.p);
			buf_adds(out, "\"/>\n");
		}
		if (u->nalternates > 1) {
			def = locale_default_index(u->alternates,
			    u->nalternates);
			buf_reset(&p);
			if (u->slug != NULL)
				page_article_path(&p, &u->alternates[def],
				    u->slug);
			else
				page_list_path(&p, &u->alternates[def], 1);
			buf_adds(out, "<xhtml:link rel=\"alternate\" "
			    "hreflang=\"x-default\" href=\"");
			xml_url(out, site, p.p);
			buf_adds(out, "\"/>\n");
		}
		buf_adds(out, "</url>\n");
	}
	buf_adds(out, "</urlset>\n");
	if (p.err != ERR_OK)
		out->err = p.err;
	buf_release(&p);
	return out->err;
}

enum err
sitemap_index(const struct page_site *site, const struct sitemap_ref *refs,
    size_t n, struct buf *out)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<sitemapindex "
	    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, "<sitemap><loc>");
		xml_url(out, site, refs[i].path);
		buf_adds(out, "</loc>");
		if (refs[i].last_modified > 0) {
			buf_adds(out, "<lastmod>");
			xml_time(out, refs[i].last_modified, 0);
			buf_adds(out, "</lastmod>");
		}
		buf_adds(out, "</sitemap>\n");
	}
	buf_adds(out, "</sitemapindex>\n");
	return out->err;
}

enum err
robots_txt(const struct page_site *site, struct buf *out)
{
	buf_adds(out, "User-agent: *\nAllow: /\n\nSitemap: ");
	buf_adds(out, site->base_url);
	buf_adds(out, "/sitemap.xml\n");
	return out->err;
}
