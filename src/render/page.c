/*
 * page.c - view models and rendering of the article, list and error pages.
 *
 * Each page has a schema (the names its template may use); theme loading
 * checks templates against them, so a typo in a theme fails at start-up.
 * Strings put into view models are escaped by the template engine; the only
 * markup is Markdown output, declared trusted here. Does not load data.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/analyze.h"
#include "pressroom/i18n.h"
#include "pressroom/limits.h"
#include "pressroom/markdown.h"
#include "pressroom/page.h"
#include "pressroom/time.h"
#include "html_internal.h"
#include "page_internal.h"
#include "pressroom/banned.h"

#define ABSTRACT_CHARS 280

/* --- schemas ----------------------------------------------------------- */

static const struct tschema alternate_fields[] = {
	{ "hreflang", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema lang_fields[] = {
	{ "tag", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "current", TVAL_BOOL, NULL },
	{ "linked", TVAL_BOOL, NULL },
	{ "missing", TVAL_BOOL, NULL },
	{ NULL, TVAL_NULL, NULL },
};

/* Fields every page has (head, foot and language switcher partials). */
#define COMMON_FIELDS \
	{ "lang", TVAL_STR, NULL }, \
	{ "dir", TVAL_STR, NULL }, \
	{ "page_title", TVAL_STR, NULL }, \
	{ "site_name", TVAL_STR, NULL }, \
	{ "description", TVAL_STR, NULL }, \
	{ "css_href", TVAL_STR, NULL }, \
	{ "canonical", TVAL_STR, NULL }, \
	{ "home_href", TVAL_STR, NULL }, \
	{ "alternates", TVAL_LIST, alternate_fields }, \
	{ "langs", TVAL_LIST, lang_fields }, \
	{ "t_skip", TVAL_STR, NULL }, \
	{ "t_languages", TVAL_STR, NULL }, \
	{ "t_not_available", TVAL_STR, NULL }, \
	{ "t_home", TVAL_STR, NULL }, \
	{ "noindex", TVAL_BOOL, NULL }, \
	{ "feed_href", TVAL_STR, NULL }, \
	{ "search_href", TVAL_STR, NULL }, \
	{ "t_search", TVAL_STR, NULL }

static const struct tschema block_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "is_turn", TVAL_BOOL, NULL },
	{ "role", TVAL_STR, NULL },
	{ "role_label", TVAL_STR, NULL },
	{ "speaker", TVAL_STR, NULL },
	{ "speaker_title", TVAL_STR, NULL },
	{ "html", TVAL_HTML, NULL },
	{ "outdated", TVAL_STR, NULL },	/* "the original has changed" */
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema related_fields[] = {
	{ "href", TVAL_STR, NULL },
	{ "tag", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema term_fields[] = {
	{ "label", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema withdrawn_fields[] = {
	{ "label", TVAL_STR, NULL },
	{ "text", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "reason", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema attachment_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "size", TVAL_STR, NULL },
	{ "type", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema update_fields[] = {
	{ "label", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "note", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema article_schema[] = {
	COMMON_FIELDS,
	{ "kind_id", TVAL_STR, NULL },
	{ "kind_label", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "place", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "summary", TVAL_STR, NULL },
	{ "blocks", TVAL_LIST, block_fields },
	{ "has_related", TVAL_BOOL, NULL },
	{ "related", TVAL_LIST, related_fields },
	{ "t_additional", TVAL_STR, NULL },
	{ "withdrawn", TVAL_OBJ, withdrawn_fields },
	{ "update", TVAL_OBJ, update_fields },
	{ "has_attachments", TVAL_BOOL, NULL },
	{ "attachments", TVAL_LIST, attachment_fields },
	{ "t_documents", TVAL_STR, NULL },
	{ "has_terms", TVAL_BOOL, NULL },
	{ "speaker_links", TVAL_LIST, term_fields },
	{ "tag_links", TVAL_LIST, term_fields },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema item_fields[] = {
	{ "href", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "kind_label", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "place", TVAL_STR, NULL },
	{ "abstract", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pager_fields[] = {
	{ "prev_href", TVAL_STR, NULL },
	{ "next_href", TVAL_STR, NULL },
	{ "page_label", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema list_schema[] = {
	COMMON_FIELDS,
	{ "heading", TVAL_STR, NULL },
	{ "has_items", TVAL_BOOL, NULL },
	{ "items", TVAL_LIST, item_fields },
	{ "pager", TVAL_OBJ, pager_fields },
	{ "has_langs", TVAL_BOOL, NULL },
	{ "t_no_items", TVAL_STR, NULL },
	{ "t_pagination", TVAL_STR, NULL },
	{ "t_newer", TVAL_STR, NULL },
	{ "t_older", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pub_locale_fields[] = {
	{ "tag", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pub_item_fields[] = {
	{ "href", TVAL_STR, NULL },
	{ "tag", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "kind_label", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "place", TVAL_STR, NULL },
	{ "abstract", TVAL_STR, NULL },
	{ "html", TVAL_HTML, NULL },
	{ "speakers", TVAL_LIST, NULL },
	{ "locales", TVAL_LIST, pub_locale_fields },
	{ "fallback", TVAL_BOOL, NULL },
	{ "fallback_label", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pub_group_fields[] = {
	{ "heading", TVAL_STR, NULL },
	{ "items", TVAL_LIST, pub_item_fields },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pub_page_fields[] = {
	{ "number", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "current", TVAL_BOOL, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema pub_pager_fields[] = {
	{ "prev_href", TVAL_STR, NULL },
	{ "next_href", TVAL_STR, NULL },
	{ "page_label", TVAL_STR, NULL },
	{ "pages", TVAL_LIST, pub_page_fields },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema publisher_schema[] = {
	COMMON_FIELDS,
	{ "heading", TVAL_STR, NULL },
	{ "has_items", TVAL_BOOL, NULL },
	{ "groups", TVAL_LIST, pub_group_fields },
	{ "pager", TVAL_OBJ, pub_pager_fields },
	{ "show_date", TVAL_BOOL, NULL },
	{ "show_place", TVAL_BOOL, NULL },
	{ "show_speakers", TVAL_BOOL, NULL },
	{ "show_locales", TVAL_BOOL, NULL },
	{ "show_kind", TVAL_BOOL, NULL },
	{ "display_full", TVAL_BOOL, NULL },
	{ "display_abstracts", TVAL_BOOL, NULL },
	{ "display_table", TVAL_BOOL, NULL },
	{ "has_langs", TVAL_BOOL, NULL },
	{ "t_no_items", TVAL_STR, NULL },
	{ "t_pagination", TVAL_STR, NULL },
	{ "t_previous", TVAL_STR, NULL },
	{ "t_next", TVAL_STR, NULL },
	{ "t_date", TVAL_STR, NULL },
	{ "t_title", TVAL_STR, NULL },
	{ "t_kind", TVAL_STR, NULL },
	{ "t_place", TVAL_STR, NULL },
	{ "t_speakers", TVAL_STR, NULL },
	{ "t_available_in", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema error_schema[] = {
	COMMON_FIELDS,
	{ "heading", TVAL_STR, NULL },
	{ "message", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema option_fields[] = {
	{ "value", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "selected", TVAL_BOOL, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema facet_value_fields[] = {
	{ "label", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "count", TVAL_STR, NULL },
	{ "current", TVAL_BOOL, NULL },
	{ "tag", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema facet_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "values", TVAL_LIST, facet_value_fields },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema hit_fields[] = {
	{ "href", TVAL_STR, NULL },
	{ "tag", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "lang_label", TVAL_STR, NULL },
	{ "kind_label", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "title_html", TVAL_HTML, NULL },
	{ "has_snippet", TVAL_BOOL, NULL },
	{ "snippet_html", TVAL_HTML, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema search_schema[] = {
	COMMON_FIELDS,
	{ "heading", TVAL_STR, NULL },
	{ "action", TVAL_STR, NULL },
	{ "q", TVAL_STR, NULL },
	{ "speaker", TVAL_STR, NULL },
	{ "tag", TVAL_STR, NULL },
	{ "from", TVAL_STR, NULL },
	{ "to", TVAL_STR, NULL },
	{ "kind_options", TVAL_LIST, option_fields },
	{ "role_options", TVAL_LIST, option_fields },
	{ "language_options", TVAL_LIST, option_fields },
	{ "has_filters", TVAL_BOOL, NULL },
	{ "clear_href", TVAL_STR, NULL },
	{ "notice", TVAL_STR, NULL },
	{ "has_query", TVAL_BOOL, NULL },
	{ "count_label", TVAL_STR, NULL },
	{ "prompt", TVAL_STR, NULL },
	{ "has_facets", TVAL_BOOL, NULL },
	{ "facets", TVAL_LIST, facet_fields },
	{ "has_hits", TVAL_BOOL, NULL },
	{ "start", TVAL_STR, NULL },
	{ "hits", TVAL_LIST, hit_fields },
	{ "no_hits", TVAL_BOOL, NULL },
	{ "pager", TVAL_OBJ, pager_fields },
	{ "has_langs", TVAL_BOOL, NULL },
	{ "t_query", TVAL_STR, NULL },
	{ "t_help", TVAL_STR, NULL },
	{ "t_filters", TVAL_STR, NULL },
	{ "t_kind", TVAL_STR, NULL },
	{ "t_role", TVAL_STR, NULL },
	{ "t_speaker", TVAL_STR, NULL },
	{ "t_language", TVAL_STR, NULL },
	{ "t_tag", TVAL_STR, NULL },
	{ "t_from", TVAL_STR, NULL },
	{ "t_to", TVAL_STR, NULL },
	{ "t_refine", TVAL_STR, NULL },
	{ "t_clear", TVAL_STR, NULL },
	{ "t_no_results", TVAL_STR, NULL },
	{ "t_pagination", TVAL_STR, NULL },
	{ "t_newer", TVAL_STR, NULL },
	{ "t_older", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

enum err
page_check_templates(struct tmpl_set *s, struct diag *d)
{
	enum err e;

	if ((e = tmpl_check(s, "article", article_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "list", list_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "error", error_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "publisher", publisher_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "search", search_schema, d)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* --- helpers ----------------------------------------------------------- */

void
page_article_path(struct buf *b, const struct locale *l, const char *slug)
{
	buf_addf(b, "/%s/%s", l->tag, slug);
}

void
page_list_path(struct buf *b, const struct locale *l, size_t page)
{
	if (page > 1)
		buf_addf(b, "/%s/page/%zu/", l->tag, page);
	else
		buf_addf(b, "/%s/", l->tag);
}

/* name percent-encoded as one path segment */
static void
segment(struct buf *b, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

void
page_term_path(struct buf *b, const struct locale *l, const char *dir,
    const char *name)
{
	buf_addf(b, "/%s/%s/", l->tag, dir);
	segment(b, name);
}

void
page_attachment_path(struct buf *b, const struct attachment *at)
{
	buf_addf(b, "/attachments/%s/", at->sha256);
	segment(b, at->name);
}

/* A view builder: every setter's error lands in e, checked once. */
struct view {
	struct arena *a;
	enum err e;
	struct buf tmp;		/* scratch for formatting */
};

static void
v_fail(struct view *v, enum err e)
{
	if (v->e == ERR_OK && e != ERR_OK)
		v->e = e;
}

static void
v_str(struct view *v, struct tval *o, const char *key, const char *s)
{
	if (o == NULL) {
		v_fail(v, ERR_NOMEM);
		return;
	}
	v_fail(v, tval_set_str(v->a, o, key, s));
}

static void
v_bool(struct view *v, struct tval *o, const char *key, bool b)
{
	if (o == NULL) {
		v_fail(v, ERR_NOMEM);
		return;
	}
	v_fail(v, tval_set_bool(v->a, o, key, b));
}

static void
v_set(struct view *v, struct tval *o, const char *key, struct tval *c)
{
	if (o == NULL || c == NULL) {
		v_fail(v, ERR_NOMEM);
		return;
	}
	v_fail(v, tval_set(v->a, o, key, c));
}

/* The scratch buffer's content copied into the arena, then cleared. */
static const char *
v_take(struct view *v)
{
	char *s;

	if (v->tmp.err != ERR_OK) {
		v_fail(v, v->tmp.err);
		buf_reset(&v->tmp);
		return "";
	}
	s = arena_strndup(v->a, v->tmp.p, v->tmp.len);
	buf_reset(&v->tmp);
	if (s == NULL) {
		v_fail(v, v->a->err);
		return "";
	}
	return s;
}

static const char *
v_url(struct view *v, const struct page_site *site, const char *path)
{
	buf_adds(&v->tmp, site->base_url);
	buf_adds(&v->tmp, path);
	return v_take(v);
}

static const char *
v_date_iso(struct view *v, int64_t t, int offset)
{
	char s[TIME_RFC3339_MAX];

	if (time_format_rfc3339(t, offset, s) != ERR_OK)
		return "";
	buf_adds(&v->tmp, s);
	return v_take(v);
}

static const char *
v_date_text(struct view *v, const struct locale *l, int64_t t, int offset,
    int with_time)
{
	i18n_format_datetime(&v->tmp, l, t, offset, with_time);
	return v_take(v);
}

static const char *
v_lang_label(struct view *v, const struct locale *l, int region)
{
	i18n_language_name(&v->tmp, l, region);
	return v_take(v);
}

/* Two entries in the list share a language: show regions for both. */
static int
needs_region(const struct locale *l, const struct locale *const *all,
    size_t n)
{
	int same = 0;

	for (size_t i = 0; i < n; i++)
		if (locale_same_language(l, all[i]))
			same++;
	return same > 1;
}

static struct tval *
common(struct view *v, const struct page_site *site, const struct theme *th,
    const struct locale *l, const char *title)
{
	struct tval *root = tval_obj(v->a);
	const char *name = site->site_name != NULL ? site->site_name :
	    i18n_msg(l, MSG_SITE_NAME);

	v_str(v, root, "lang", l != NULL ? l->tag : "en");
	v_str(v, root, "dir", l != NULL ? locale_dir(l) : "ltr");
	v_str(v, root, "page_title", title);
	v_str(v, root, "site_name", name);
	v_str(v, root, "css_href", theme_css_href(th));
	if (l != NULL)
		page_list_path(&v->tmp, l, 1);
	else
		buf_adds(&v->tmp, "/");
	v_str(v, root, "home_href", v_take(v));
	if (l != NULL) {
		buf_addf(&v->tmp, "/%s/feed.atom", l->tag);
		v_str(v, root, "feed_href", v_take(v));
		page_search_path(&v->tmp, l, NULL, 1);
		v_str(v, root, "search_href", v_take(v));
		v_str(v, root, "t_search", i18n_msg(l, MSG_SEARCH));
	}
	v_str(v, root, "t_skip", i18n_msg(l, MSG_SKIP_TO_CONTENT));
	v_str(v, root, "t_languages", i18n_msg(l, MSG_LANGUAGES));
	v_str(v, root, "t_not_available", i18n_msg(l, MSG_NOT_AVAILABLE));
	v_str(v, root, "t_home", i18n_msg(l, MSG_HOME));
	return root;
}

static enum err
finish(struct view *v, const struct theme *th, const char *name,
    struct tval *root, struct buf *out)
{
	enum err e = v->e;

	buf_release(&v->tmp);
	if (e == ERR_OK && root == NULL)
		e = ERR_NOMEM;
	if (e != ERR_OK)
		return e;
	return tmpl_render(theme_templates(th), name, root, out);
}

/*
 * "Page 2 of 5" in l's language: the catalogue's two "%u" are replaced in
 * order (messages are data, never format strings).
 */
static void
v_page_of(struct view *v, const struct locale *l, size_t page, size_t pages)
{
	const char *m = i18n_msg(l, MSG_PAGE_OF), *p;
	size_t nums[2] = { page, pages };
	int k = 0;

	while ((p = strstr(m, "%u")) != NULL) {
		buf_add(&v->tmp, m, (size_t)(p - m));
		buf_addf(&v->tmp, "%zu", k < 2 ? nums[k] : (size_t)0);
		k++;
		m = p + 2;
	}
	buf_adds(&v->tmp, m);
}

/* Renders Markdown into the arena as trusted markup. */
static struct html
v_markdown(struct view *v, const char *md)
{
	struct buf b;
	char *p;
	size_t n;
	enum err e;

	buf_init(&b, LIMIT_PAGE_BYTES);
	e = markdown_render(&b, md, strlen(md));
	if (e != ERR_OK) {
		buf_release(&b);
		v_fail(v, e);
		return html_trust("", 0);
	}
	/* trim the final newline so templates control the layout */
	while (b.len > 0 && b.p[b.len - 1] == '\n')
		b.len--;
	p = arena_strndup(v->a, b.p, b.len);
	n = b.len;
	buf_release(&b);
	if (p == NULL) {
		v_fail(v, v->a->err);
		return html_trust("", 0);
	}
	return html_trust(p, n);
}

/*
 * Text cut to about max characters at a word: a summary as it is (it is
 * plain text, shown literally on the page), a block's Markdown as plain
 * text.
 */
static const char *
v_abstract(struct view *v, const char *text, bool markdown, size_t max)
{
	struct buf b;
	size_t cut;
	const char *s;
	enum err e = ERR_OK;

	buf_init(&b, LIMIT_PAGE_BYTES);
	if (markdown)
		e = markdown_plain(&b, text, strlen(text));
	else
		buf_adds(&b, text);
	if (e != ERR_OK) {
		/* never a page without its abstract: the view fails */
		v_fail(v, e);
		buf_release(&b);
		return "";
	}
	if (b.len > max) {
		cut = max;
		while (cut > max / 2 && b.p[cut] != ' ')
			cut--;
		/* never split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)b.p[cut] & 0xC0) == 0x80)
			cut--;
		buf_truncate(&b, cut);
		buf_adds(&b, "…");
	}
	if (b.err != ERR_OK) {
		v_fail(v, b.err);
		buf_release(&b);
		return "";
	}
	buf_addstr(&v->tmp, buf_str(&b));
	buf_release(&b);
	s = v_take(v);
	return s;
}

/* --- article ----------------------------------------------------------- */

/* "PDF", "PNG"... for a type attachment_sniff gave */
static const char *
type_label(const char *type)
{
	static const char *const labels[][2] = {
		{ "application/pdf", "PDF" }, { "image/png", "PNG" },
		{ "image/jpeg", "JPEG" }, { "image/gif", "GIF" },
		{ "image/webp", "WebP" }, { "text/plain", "TXT" },
	};

	for (size_t i = 0; type != NULL && i < sizeof labels /
	    sizeof labels[0]; i++)
		if (strncmp(type, labels[i][0], strlen(labels[i][0])) == 0)
			return labels[i][1];
	return "";
}

static void
article_attachments(struct view *v, const struct asset *as,
    const struct locale *l, struct tval *root)
{
	struct tval *list = tval_list(v->a);

	v_bool(v, root, "has_attachments", as->nattachments > 0);
	v_str(v, root, "t_documents", i18n_msg(l, MSG_DOCUMENTS));
	for (size_t i = 0; i < as->nattachments; i++) {
		const struct attachment *at = &as->attachments[i];
		struct tval *o = list != NULL ? tval_push_obj(v->a, list) :
		    NULL;

		v_str(v, o, "name", at->name);
		page_attachment_path(&v->tmp, at);
		v_str(v, o, "href", v_take(v));
		if (at->size >= 1024 * 1024)
			buf_addf(&v->tmp, "%.1f MB", (double)at->size /
			    (1024.0 * 1024.0));
		else
			buf_addf(&v->tmp, "%lld kB",
			    (long long)((at->size + 1023) / 1024));
		v_str(v, o, "size", v_take(v));
		v_str(v, o, "type", type_label(at->type));
	}
	v_set(v, root, "attachments", list);
}

/* The translation x-default points at (locale_default_index). */
static const struct translation *
x_default(const struct asset *as)
{
	for (size_t i = 0; i < as->ntranslations; i++)
		if (locale_is_language(&as->translations[i].locale, "en"))
			return &as->translations[i];
	return &as->translations[0];
}

static void
article_langs(struct view *v, const struct page_site *site,
    const struct asset *as, const struct translation *cur, struct tval *root)
{
	struct tval *langs = tval_list(v->a), *alts = tval_list(v->a), *o;
	/*
	 * Pointers into the asset (which outlives the render), never copies:
	 * the view model borrows the tags.
	 */
	const struct locale *all[2 * LIMIT_LOCALES];
	size_t nall = 0;

	/* announced locales first (in their order), then any other text */
	for (size_t i = 0; i < as->nlocales && nall < LIMIT_LOCALES; i++)
		all[nall++] = &as->locales[i];
	for (size_t i = 0; i < as->ntranslations; i++) {
		bool seen = false;

		for (size_t k = 0; k < nall; k++)
			if (locale_eq(all[k], &as->translations[i].locale))
				seen = true;
		if (!seen && nall < 2 * LIMIT_LOCALES)
			all[nall++] = &as->translations[i].locale;
	}
	for (size_t i = 0; i < nall; i++) {
		const struct locale *l = all[i];
		bool has = asset_translation(as, l) != NULL;
		bool current = locale_eq(l, &cur->locale);

		o = tval_push_obj(v->a, langs);
		v_str(v, o, "tag", l->tag);
		v_str(v, o, "dir", locale_dir(l));
		v_str(v, o, "label", v_lang_label(v, l,
		    needs_region(l, all, nall)));
		v_bool(v, o, "current", current);
		v_bool(v, o, "linked", has && !current);
		v_bool(v, o, "missing", !has);
		if (has) {
			page_article_path(&v->tmp, l, as->slug);
			v_str(v, o, "href", v_take(v));
		}
	}
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct locale *l = &as->translations[i].locale;

		o = tval_push_obj(v->a, alts);
		v_str(v, o, "hreflang", l->tag);
		page_article_path(&v->tmp, l, as->slug);
		v_str(v, o, "href", v_url(v, site, v_take(v)));
	}
	o = tval_push_obj(v->a, alts);
	v_str(v, o, "hreflang", "x-default");
	page_article_path(&v->tmp, &x_default(as)->locale, as->slug);
	v_str(v, o, "href", v_url(v, site, v_take(v)));
	v_set(v, root, "langs", langs);
	v_set(v, root, "alternates", alts);
}

static void
article_blocks(struct view *v, const struct asset *as,
    const struct translation *t, struct tval *root)
{
	struct tval *blocks = tval_list(v->a), *o;
	const struct locale *l = &t->locale;

	for (size_t i = 0; i < t->nblocks; i++) {
		const struct block *b = &t->blocks[i];
		bool turn = b->type == BLOCK_TURN;

		o = tval_push_obj(v->a, blocks);
		v_str(v, o, "id", b->id);
		v_bool(v, o, "is_turn", turn);
		if (turn) {
			v_str(v, o, "role", turn_role_name(b->role));
			v_str(v, o, "role_label", i18n_role(l, b->role));
		}
		if (turn && b->speaker >= 0 &&
		    (size_t)b->speaker < as->nspeakers) {
			const struct person *p = &as->speakers[b->speaker];

			v_str(v, o, "speaker", p->name);
			if (p->title != NULL && p->title[0] != '\0')
				v_str(v, o, "speaker_title", p->title);
		}
		if (o != NULL)
			v_fail(v, tval_set_html(v->a, o, "html",
			    v_markdown(v, b->text)));
		/* the reader is told when the original moved on */
		if (asset_block_outdated(as, t, b))
			v_str(v, o, "outdated", i18n_msg(l, MSG_OUTDATED));
	}
	v_set(v, root, "blocks", blocks);
}

/* Links to the speakers' and tags' pages. */
static void
article_terms(struct view *v, const struct asset *as, const struct locale *l,
    struct tval *root)
{
	struct tval *sp = tval_list(v->a), *tg = tval_list(v->a), *o;

	for (size_t i = 0; i < as->nspeakers; i++) {
		if (strchr(as->speakers[i].name, '/') != NULL)
			continue;	/* no page can have that name */
		o = tval_push_obj(v->a, sp);
		v_str(v, o, "label", as->speakers[i].name);
		page_term_path(&v->tmp, l, "speaker", as->speakers[i].name);
		buf_addc(&v->tmp, '/');
		v_str(v, o, "href", v_take(v));
	}
	for (size_t i = 0; i < as->ntags; i++) {
		o = tval_push_obj(v->a, tg);
		v_str(v, o, "label", as->tags[i]);
		/* a '/' cannot be in a path segment (the server decodes %2F
		 * before routing): such a tag is shown, not linked */
		if (strchr(as->tags[i], '/') != NULL)
			continue;
		page_term_path(&v->tmp, l, "tag", as->tags[i]);
		buf_addc(&v->tmp, '/');
		v_str(v, o, "href", v_take(v));
	}
	v_set(v, root, "speaker_links", sp);
	v_set(v, root, "tag_links", tg);
	v_bool(v, root, "has_terms", as->nspeakers + as->ntags > 0);
}

enum err
page_article(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct asset *as,
    const struct translation *t, const struct asset_summary *related,
    size_t nrelated, struct buf *out)
{
	struct view v = { .a = a };
	const struct locale *l = &t->locale;
	struct tval *root, *rel, *o;

	buf_init(&v.tmp, LIMIT_PAGE_BYTES);
	root = common(&v, site, th, l, t->title);
	page_article_path(&v.tmp, l, as->slug);
	v_str(&v, root, "canonical", v_url(&v, site, v_take(&v)));
	if (t->summary[0] != '\0')
		v_str(&v, root, "description",
		    v_abstract(&v, t->summary, false, 300));
	else if (t->nblocks > 0)
		v_str(&v, root, "description",
		    v_abstract(&v, t->blocks[0].text, true, 300));
	v_str(&v, root, "kind_id", asset_kind_name(as->kind));
	v_str(&v, root, "kind_label", i18n_kind(l, as->kind));
	v_str(&v, root, "date_iso", v_date_iso(&v, as->event_at,
	    as->event_offset));
	v_str(&v, root, "date_text", v_date_text(&v, l, as->event_at,
	    as->event_offset, 1));
	v_str(&v, root, "place", as->place);
	v_str(&v, root, "title", t->title);
	v_str(&v, root, "summary", t->summary);
	v_str(&v, root, "t_additional", i18n_msg(l, MSG_ADDITIONAL_MATERIALS));
	if (as->status == ASSET_WITHDRAWN) {
		struct tval *w = tval_obj(a);

		v_str(&v, w, "label", i18n_msg(l, MSG_WITHDRAWN));
		v_str(&v, w, "text", i18n_msg(l, MSG_WITHDRAWN_TEXT));
		v_str(&v, w, "date_iso", v_date_iso(&v, as->withdrawn_at, 0));
		v_str(&v, w, "date_text", v_date_text(&v, l, as->withdrawn_at,
		    as->event_offset, 0));
		v_str(&v, w, "reason", as->withdraw_reason != NULL ?
		    as->withdraw_reason : "");
		v_set(&v, root, "withdrawn", w);
		/* kept for the record, not offered to search engines */
		v_bool(&v, root, "noindex", true);
	}
	if (as->update_note_at != 0 && t->update_note != NULL &&
	    t->update_note[0] != '\0') {
		struct tval *u = tval_obj(a);

		v_str(&v, u, "label", i18n_msg(l, MSG_UPDATED));
		v_str(&v, u, "date_iso", v_date_iso(&v, as->update_note_at, 0));
		v_str(&v, u, "date_text", v_date_text(&v, l,
		    as->update_note_at, as->event_offset, 1));
		v_str(&v, u, "note", t->update_note);
		v_set(&v, root, "update", u);
	}
	article_attachments(&v, as, l, root);
	article_langs(&v, site, as, t, root);
	article_blocks(&v, as, t, root);
	article_terms(&v, as, l, root);
	rel = tval_list(a);
	for (size_t i = 0; i < nrelated; i++) {
		const struct asset_summary *r = &related[i];

		o = tval_push_obj(a, rel);
		page_article_path(&v.tmp, &r->locale, r->slug);
		v_str(&v, o, "href", v_take(&v));
		v_str(&v, o, "tag", r->locale.tag);
		v_str(&v, o, "title", r->title);
		v_str(&v, o, "date_iso", v_date_iso(&v, r->event_at,
		    r->event_offset));
		v_str(&v, o, "date_text", v_date_text(&v, l, r->event_at,
		    r->event_offset, 0));
	}
	v_set(&v, root, "related", rel);
	v_bool(&v, root, "has_related", nrelated > 0);
	return finish(&v, th, "article", root, out);
}

/* --- list -------------------------------------------------------------- */

enum err
page_list(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_list_view *lv,
    struct buf *out)
{
	struct view v = { .a = a };
	const struct locale *l = lv->locale;
	struct tval *root, *items, *o, *langs, *alts;
	const char *heading = i18n_msg(l, MSG_LATEST);
	const struct locale **alt_ptrs;
	size_t nalt;

	buf_init(&v.tmp, LIMIT_PAGE_BYTES);
	if (lv->page > 1) {
		buf_adds(&v.tmp, heading);
		buf_adds(&v.tmp, " — ");
		v_page_of(&v, l, lv->page, lv->pages);
		root = common(&v, site, th, l, v_take(&v));
	} else {
		root = common(&v, site, th, l, heading);
	}
	page_list_path(&v.tmp, l, lv->page);
	v_str(&v, root, "canonical", v_url(&v, site, v_take(&v)));
	v_str(&v, root, "heading", heading);
	v_str(&v, root, "t_no_items", i18n_msg(l, MSG_NO_ITEMS));
	v_str(&v, root, "t_pagination", i18n_msg(l, MSG_PAGINATION));
	v_str(&v, root, "t_newer", i18n_msg(l, MSG_NEWER));
	v_str(&v, root, "t_older", i18n_msg(l, MSG_OLDER));
	items = tval_list(a);
	for (size_t i = 0; i < lv->nitems; i++) {
		const struct asset_summary *it = &lv->items[i];

		o = tval_push_obj(a, items);
		page_article_path(&v.tmp, &it->locale, it->slug);
		v_str(&v, o, "href", v_take(&v));
		v_str(&v, o, "title", it->title);
		v_str(&v, o, "kind_label", i18n_kind(l, it->kind));
		v_str(&v, o, "date_iso", v_date_iso(&v, it->event_at,
		    it->event_offset));
		v_str(&v, o, "date_text", v_date_text(&v, l, it->event_at,
		    it->event_offset, 1));
		v_str(&v, o, "place", it->place);
		v_str(&v, o, "abstract", it->summary[0] != '\0' ?
		    v_abstract(&v, it->summary, false, ABSTRACT_CHARS) :
		    v_abstract(&v, it->lead, true, ABSTRACT_CHARS));
	}
	v_set(&v, root, "items", items);
	v_bool(&v, root, "has_items", lv->nitems > 0);
	if (lv->pages > 1) {
		o = tval_obj(a);
		if (lv->page > 1) {
			page_list_path(&v.tmp, l, lv->page - 1);
			v_str(&v, o, "prev_href", v_take(&v));
		}
		if (lv->page < lv->pages) {
			page_list_path(&v.tmp, l, lv->page + 1);
			v_str(&v, o, "next_href", v_take(&v));
		}
		v_page_of(&v, l, lv->page, lv->pages);
		v_str(&v, o, "page_label", v_take(&v));
		v_set(&v, root, "pager", o);
	}
	langs = tval_list(a);
	alts = tval_list(a);
	nalt = lv->nalternates;
	alt_ptrs = arena_calloc(a, nalt + 1, sizeof *alt_ptrs);
	if (alt_ptrs == NULL)
		v_fail(&v, a->err);
	else
		for (size_t i = 0; i < nalt; i++)
			alt_ptrs[i] = &lv->alternates[i];
	if (alt_ptrs == NULL)
		nalt = 0;
	for (size_t i = 0; i < nalt; i++) {
		const struct locale *al = &lv->alternates[i];
		bool current = locale_eq(al, l);

		o = tval_push_obj(a, langs);
		v_str(&v, o, "tag", al->tag);
		v_str(&v, o, "dir", locale_dir(al));
		v_str(&v, o, "label", v_lang_label(&v, al,
		    needs_region(al, alt_ptrs, nalt)));
		v_bool(&v, o, "current", current);
		v_bool(&v, o, "linked", !current);
		v_bool(&v, o, "missing", false);
		page_list_path(&v.tmp, al, 1);
		v_str(&v, o, "href", v_take(&v));
		if (lv->page == 1) {
			o = tval_push_obj(a, alts);
			v_str(&v, o, "hreflang", al->tag);
			page_list_path(&v.tmp, al, 1);
			v_str(&v, o, "href", v_url(&v, site, v_take(&v)));
		}
	}
	v_set(&v, root, "langs", langs);
	v_set(&v, root, "alternates", alts);
	v_bool(&v, root, "has_langs", lv->nalternates > 1);
	return finish(&v, th, "list", root, out);
}

/* --- publishers -------------------------------------------------------- */

void
page_publisher_path(struct buf *b, const char *base_path, size_t page)
{
	if (page > 1)
		buf_addf(b, "%s/page/%zu/", base_path, page);
	else
		buf_addf(b, "%s/", base_path);
}

/* The heading of the group item it opens, or NULL (no grouping). */
static const char *
group_heading(struct view *v, const struct publisher *p,
    const struct locale *l, const struct asset_summary *it)
{
	struct civil c;

	if (p->group == PUB_GROUP_NONE)
		return NULL;
	if (p->group == PUB_GROUP_KIND)
		return i18n_kind(l, it->kind);
	if (time_to_civil(it->event_at + it->event_offset, &c) != ERR_OK)
		return "";
	if (p->group == PUB_GROUP_YEAR)
		buf_addf(&v->tmp, "%d", c.year);
	else
		i18n_format_month(&v->tmp, l, c.year, c.month);
	return v_take(v);
}

/* All blocks of a, as one piece of markup (display "full"). */
static struct html
v_full_text(struct view *v, const struct asset *as, const char *tag)
{
	struct buf b;
	const struct translation *t = NULL;
	char *p;

	for (size_t i = 0; i < as->ntranslations; i++)
		if (strcmp(as->translations[i].locale.tag, tag) == 0)
			t = &as->translations[i];
	if (t == NULL)
		return html_trust("", 0);
	buf_init(&b, LIMIT_PAGE_BYTES);
	for (size_t i = 0; i < t->nblocks && b.err == ERR_OK; i++) {
		const struct block *bl = &t->blocks[i];

		if (bl->type == BLOCK_TURN) {
			buf_adds(&b, "<p class=\"turn__who\"><strong>");
			html_escapes(&b, bl->speaker >= 0 &&
			    (size_t)bl->speaker < as->nspeakers ?
			    as->speakers[bl->speaker].name :
			    i18n_role(&t->locale, bl->role));
			buf_adds(&b, "</strong></p>\n");
		}
		if (markdown_render(&b, bl->text, strlen(bl->text)) != ERR_OK)
			break;
	}
	if (b.err != ERR_OK) {
		v_fail(v, b.err);
		buf_release(&b);
		return html_trust("", 0);
	}
	p = arena_strndup(v->a, b.p, b.len);
	buf_release(&b);
	if (p == NULL) {
		v_fail(v, v->a->err);
		return html_trust("", 0);
	}
	return html_trust(p, strlen(p));
}

static struct tval *
pub_item(struct view *v, const struct page_publisher_view *pv,
    const struct asset_summary *it, const struct asset *full,
    struct tval *items)
{
	const struct locale *l = pv->locale;
	struct tval *o = tval_push_obj(v->a, items), *list, *x;

	page_article_path(&v->tmp, &it->locale, it->slug);
	v_str(v, o, "href", v_take(v));
	v_str(v, o, "tag", it->locale.tag);
	v_str(v, o, "dir", locale_dir(&it->locale));
	v_str(v, o, "title", it->title);
	v_str(v, o, "kind_label", i18n_kind(l, it->kind));
	v_str(v, o, "date_iso", v_date_iso(v, it->event_at, it->event_offset));
	v_str(v, o, "date_text", v_date_text(v, l, it->event_at,
	    it->event_offset, pv->pub->display != PUB_DISPLAY_TABLE));
	v_str(v, o, "place", it->place);
	if (pv->pub->display == PUB_DISPLAY_ABSTRACTS)
		v_str(v, o, "abstract", it->summary[0] != '\0' ?
		    v_abstract(v, it->summary, false, ABSTRACT_CHARS) :
		    v_abstract(v, it->lead, true, ABSTRACT_CHARS));
	if (pv->pub->display == PUB_DISPLAY_FULL && full != NULL && o != NULL)
		v_fail(v, tval_set_html(v->a, o, "html", v_full_text(v, full,
		    it->locale.tag)));
	list = tval_list(v->a);
	for (size_t k = 0; k < it->nspeakers; k++)
		if (list != NULL)
			v_fail(v, tval_push_str(v->a, list, it->speakers[k]));
	v_set(v, o, "speakers", list);
	list = tval_list(v->a);
	for (size_t k = 0; k < it->nlocales; k++) {
		x = tval_push_obj(v->a, list);
		v_str(v, x, "tag", it->locales[k].tag);
		v_str(v, x, "dir", locale_dir(&it->locales[k]));
		v_str(v, x, "label", v_lang_label(v, &it->locales[k], 0));
		page_article_path(&v->tmp, &it->locales[k], it->slug);
		v_str(v, x, "href", v_take(v));
	}
	v_set(v, o, "locales", list);
	v_bool(v, o, "fallback", it->fallback);
	if (it->fallback) {
		buf_adds(&v->tmp, i18n_msg(l, MSG_ORIGINAL_TEXT));
		buf_adds(&v->tmp, ": ");
		i18n_language_name(&v->tmp, &it->locale, 0);
		v_str(v, o, "fallback_label", v_take(v));
	}
	return o;
}

enum err
page_publisher(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_publisher_view *pv,
    struct buf *out)
{
	struct view v = { .a = a };
	const struct publisher *p = pv->pub;
	const struct locale *l = pv->locale;
	struct tval *root, *groups, *group = NULL, *items = NULL, *o, *langs;
	struct tval *alts;
	const char *last = NULL;

	buf_init(&v.tmp, LIMIT_PAGE_BYTES);
	if (pv->page > 1) {
		buf_adds(&v.tmp, pv->heading);
		buf_adds(&v.tmp, " — ");
		v_page_of(&v, l, pv->page, pv->pages);
		root = common(&v, site, th, l, v_take(&v));
	} else {
		root = common(&v, site, th, l, pv->heading);
	}
	page_publisher_path(&v.tmp, pv->base_path, pv->page);
	v_str(&v, root, "canonical", v_url(&v, site, v_take(&v)));
	if (pv->feed_path != NULL)
		v_str(&v, root, "feed_href", pv->feed_path);
	v_str(&v, root, "heading", pv->heading);
	v_bool(&v, root, "has_items", pv->nitems > 0);
	v_bool(&v, root, "show_date", (p->show & PUB_SHOW_DATE) != 0);
	v_bool(&v, root, "show_place", (p->show & PUB_SHOW_PLACE) != 0);
	v_bool(&v, root, "show_speakers", (p->show & PUB_SHOW_SPEAKERS) != 0);
	v_bool(&v, root, "show_locales", (p->show & PUB_SHOW_LOCALES) != 0);
	v_bool(&v, root, "show_kind", (p->show & PUB_SHOW_KIND) != 0);
	v_bool(&v, root, "display_full", p->display == PUB_DISPLAY_FULL);
	v_bool(&v, root, "display_abstracts",
	    p->display == PUB_DISPLAY_ABSTRACTS);
	v_bool(&v, root, "display_table", p->display == PUB_DISPLAY_TABLE);
	v_str(&v, root, "t_no_items", i18n_msg(l, MSG_NO_ITEMS));
	v_str(&v, root, "t_pagination", i18n_msg(l, MSG_PAGINATION));
	v_str(&v, root, "t_previous", i18n_msg(l, MSG_PREVIOUS));
	v_str(&v, root, "t_next", i18n_msg(l, MSG_NEXT));
	v_str(&v, root, "t_date", i18n_msg(l, MSG_COL_DATE));
	v_str(&v, root, "t_title", i18n_msg(l, MSG_COL_TITLE));
	v_str(&v, root, "t_kind", i18n_msg(l, MSG_COL_KIND));
	v_str(&v, root, "t_place", i18n_msg(l, MSG_COL_PLACE));
	v_str(&v, root, "t_speakers", i18n_msg(l, MSG_SPEAKERS));
	v_str(&v, root, "t_available_in", i18n_msg(l, MSG_AVAILABLE_IN));
	groups = tval_list(a);
	for (size_t i = 0; i < pv->nitems; i++) {
		const char *h = group_heading(&v, p, l, &pv->items[i]);

		if (group == NULL || (h != NULL && (last == NULL ||
		    strcmp(h, last) != 0))) {
			group = tval_push_obj(a, groups);
			if (h != NULL)
				v_str(&v, group, "heading", h);
			items = tval_list(a);
			v_set(&v, group, "items", items);
			last = h;
		}
		pub_item(&v, pv, &pv->items[i], pv->full != NULL ?
		    pv->full[i] : NULL, items);
	}
	v_set(&v, root, "groups", groups);
	if (p->paging != PUB_PAGING_NONE && pv->pages > 1) {
		o = tval_obj(a);
		if (pv->page > 1) {
			page_publisher_path(&v.tmp, pv->base_path, pv->page - 1);
			v_str(&v, o, "prev_href", v_take(&v));
		}
		if (pv->page < pv->pages) {
			page_publisher_path(&v.tmp, pv->base_path, pv->page + 1);
			v_str(&v, o, "next_href", v_take(&v));
		}
		v_page_of(&v, l, pv->page, pv->pages);
		v_str(&v, o, "page_label", v_take(&v));
		if (p->paging == PUB_PAGING_NUMBERED) {
			struct tval *pages = tval_list(a);

			for (size_t k = 1; k <= pv->pages; k++) {
				struct tval *pg;

				/* first, last and the five around the current */
				if (k != 1 && k != pv->pages &&
				    (k + 2 < pv->page || k > pv->page + 2))
					continue;
				pg = tval_push_obj(a, pages);
				buf_addf(&v.tmp, "%zu", k);
				v_str(&v, pg, "number", v_take(&v));
				page_publisher_path(&v.tmp, pv->base_path, k);
				v_str(&v, pg, "href", v_take(&v));
				v_bool(&v, pg, "current", k == pv->page);
			}
			v_set(&v, o, "pages", pages);
		}
		v_set(&v, root, "pager", o);
	}
	langs = tval_list(a);
	alts = tval_list(a);
	for (size_t i = 0; i < pv->nalternates; i++) {
		const struct locale *al = &pv->alternates[i];
		bool current = locale_eq(al, l);
		char *base;

		/* the same publisher in another locale: swap the prefix */
		base = arena_printf(a, "/%s%s", al->tag, strchr(pv->base_path +
		    1, '/') != NULL ? strchr(pv->base_path + 1, '/') : "");
		if (base == NULL) {
			v_fail(&v, a->err);
			break;
		}
		o = tval_push_obj(a, langs);
		v_str(&v, o, "tag", al->tag);
		v_str(&v, o, "dir", locale_dir(al));
		v_str(&v, o, "label", v_lang_label(&v, al, 0));
		v_bool(&v, o, "current", current);
		v_bool(&v, o, "linked", !current);
		v_bool(&v, o, "missing", false);
		page_publisher_path(&v.tmp, base, 1);
		v_str(&v, o, "href", v_take(&v));
		if (pv->page == 1) {
			o = tval_push_obj(a, alts);
			v_str(&v, o, "hreflang", al->tag);
			page_publisher_path(&v.tmp, base, 1);
			v_str(&v, o, "href", v_url(&v, site, v_take(&v)));
		}
	}
	v_set(&v, root, "langs", langs);
	v_set(&v, root, "alternates", alts);
	v_bool(&v, root, "has_langs", pv->nalternates > 1);
	return finish(&v, th, "publisher", root, out);
}

/* --- errors ------------------------------------------------------------ */

enum err
page_error(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct locale *l, int status,
    struct buf *out)
{
	struct view v = { .a = a };
	struct tval *root;
	const char *heading, *message;

	buf_init(&v.tmp, 4096);
	if (status == 404) {
		heading = i18n_msg(l, MSG_NOT_FOUND_TITLE);
		message = i18n_msg(l, MSG_NOT_FOUND_TEXT);
	} else if (status == 410) {
		heading = i18n_msg(l, MSG_GONE_TITLE);
		message = i18n_msg(l, MSG_GONE_TEXT);
	} else {
		buf_addf(&v.tmp, "Error %d", status);
		heading = v_take(&v);
		message = status >= 500 ?
		    "The server could not answer this request. Please try "
		    "again later." :
		    "The request could not be answered as it was made.";
	}
	root = common(&v, site, th, l, heading);
	v_str(&v, root, "heading", heading);
	v_str(&v, root, "message", message);
	v_bool(&v, root, "noindex", true);
	return finish(&v, th, "error", root, out);
}

/* --- search ------------------------------------------------------------ */

/* Appends v percent-encoded (all but the unreserved characters). */
static void
url_encode(struct buf *b, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

static void
url_param(struct buf *b, bool *first, const char *name, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return;
	buf_addc(b, *first ? '?' : '&');
	*first = false;
	buf_adds(b, name);
	buf_addc(b, '=');
	url_encode(b, v);
}

void
page_search_path(struct buf *b, const struct locale *l,
    const struct page_search_params *p, size_t page)
{
	bool first = true;

	buf_addf(b, "/%s/search", l->tag);
	if (p != NULL) {
		url_param(b, &first, "q", p->q);
		url_param(b, &first, "locale", p->locale);
		url_param(b, &first, "kind", p->kind);
		url_param(b, &first, "speaker", p->speaker);
		url_param(b, &first, "role", p->role);
		url_param(b, &first, "tag", p->tag);
		url_param(b, &first, "from", p->from);
		url_param(b, &first, "to", p->to);
	}
	if (page > 1)
		buf_addf(b, "%cpage=%zu", first ? '?' : '&', page);
}

void
page_marked_html(struct buf *b, const char *s)
{
	static const char marks[] = { ANALYZE_HL_OPEN, ANALYZE_HL_CLOSE, 0 };
	bool open = false;

	while (*s != '\0') {
		size_t n = strcspn(s, marks);

		html_escape(b, s, n);
		s += n;
		if (*s == ANALYZE_HL_OPEN && !open) {
			buf_adds(b, "<mark>");
			open = true;
		} else if (*s == ANALYZE_HL_CLOSE && open) {
			buf_adds(b, "</mark>");
			open = false;
		}
		if (*s != '\0')
			s++;
	}
	if (open)
		buf_adds(b, "</mark>");
}

void
page_marked_plain(struct buf *b, const char *s)
{
	static const char marks[] = { ANALYZE_HL_OPEN, ANALYZE_HL_CLOSE, 0 };

	while (*s != '\0') {
		size_t n = strcspn(s, marks);

		buf_add(b, s, n);
		s += n;
		if (*s != '\0')
			s++;
	}
}

/* Marked text as trusted markup in the arena. */
static struct html
v_marked(struct view *v, const char *s)
{
	const char *p;

	page_marked_html(&v->tmp, s);
	p = v_take(v);
	return html_trust(p, strlen(p));
}

/* A message with its one "%u" replaced by n. */
static const char *
v_count(struct view *v, const struct locale *l, enum msg m, size_t n)
{
	const char *t = i18n_msg(l, m), *p = strstr(t, "%u");

	if (p == NULL) {
		buf_adds(&v->tmp, t);
	} else {
		buf_add(&v->tmp, t, (size_t)(p - t));
		buf_addf(&v->tmp, "%zu", n);
		buf_adds(&v->tmp, p + 2);
	}
	return v_take(v);
}

static void
v_option(struct view *v, struct tval *list, const char *value,
    const char *label, const char *current)
{
	struct tval *o = tval_push_obj(v->a, list);

	v_str(v, o, "value", value);
	v_str(v, o, "label", label);
	v_bool(v, o, "selected", current != NULL && strcmp(current, value) == 0);
}

/* The search page's form: the box and the filters. */
static void
search_form(struct view *v, const struct page_search_view *sv,
    struct tval *root)
{
	const struct locale *l = sv->locale;
	const struct page_search_params *p = &sv->params;
	struct tval *kinds = tval_list(v->a), *roles = tval_list(v->a);
	struct tval *langs = tval_list(v->a);
	static const enum turn_role role_values[] = { TURN_ROLE_QUESTION,
		TURN_ROLE_ANSWER };

	page_search_path(&v->tmp, l, NULL, 1);
	v_str(v, root, "action", v_take(v));
	v_str(v, root, "q", p->q);
	v_str(v, root, "speaker", p->speaker);
	v_str(v, root, "tag", p->tag);
	v_str(v, root, "from", p->from);
	v_str(v, root, "to", p->to);
	v_option(v, kinds, "", i18n_msg(l, MSG_SEARCH_ANY), p->kind);
	for (int k = 0; k < ASSET_KIND__MAX; k++)
		v_option(v, kinds, asset_kind_name((enum asset_kind)k),
		    i18n_kind(l, (enum asset_kind)k), p->kind);
	v_option(v, roles, "", i18n_msg(l, MSG_SEARCH_ANY), p->role);
	for (size_t k = 0; k < 2; k++)
		v_option(v, roles, turn_role_name(role_values[k]),
		    i18n_role(l, role_values[k]), p->role);
	v_option(v, langs, "", i18n_msg(l, MSG_SEARCH_ANY), p->locale);
	for (size_t k = 0; k < sv->nlanguages; k++) {
		const struct locale *o = &sv->languages[k];
		bool region = false;

		for (size_t j = 0; j < sv->nlanguages; j++)
			if (j != k && locale_same_language(o,
			    &sv->languages[j]))
				region = true;
		i18n_language_name(&v->tmp, o, region);
		v_option(v, langs, o->tag, v_take(v), p->locale);
	}
	v_set(v, root, "kind_options", kinds);
	v_set(v, root, "role_options", roles);
	v_set(v, root, "language_options", langs);
	v_str(v, root, "t_query", i18n_msg(l, MSG_SEARCH_QUERY));
	v_str(v, root, "t_help", i18n_msg(l, MSG_SEARCH_HELP));
	v_str(v, root, "t_filters", i18n_msg(l, MSG_SEARCH_FILTERS));
	v_str(v, root, "t_kind", i18n_msg(l, MSG_SEARCH_KIND));
	v_str(v, root, "t_role", i18n_msg(l, MSG_SEARCH_ROLE));
	v_str(v, root, "t_speaker", i18n_msg(l, MSG_SEARCH_SPEAKER));
	v_str(v, root, "t_language", i18n_msg(l, MSG_SEARCH_LANGUAGE));
	v_str(v, root, "t_tag", i18n_msg(l, MSG_SEARCH_TAG));
	v_str(v, root, "t_from", i18n_msg(l, MSG_SEARCH_FROM));
	v_str(v, root, "t_to", i18n_msg(l, MSG_SEARCH_TO));
	v_str(v, root, "t_refine", i18n_msg(l, MSG_SEARCH_REFINE));
	v_str(v, root, "t_clear", i18n_msg(l, MSG_SEARCH_CLEAR));
}

/* The facet value's label in the page's language. */
static const char *
facet_label(struct view *v, const struct locale *l, enum page_facet f,
    const char *value, bool region, bool *lang)
{
	enum asset_kind k;
	struct locale o;

	*lang = false;
	switch (f) {
	case PAGE_FACET_KIND:
		if (asset_kind_parse(value, &k) == ERR_OK)
			return i18n_kind(l, k);
		return value;
	case PAGE_FACET_LOCALE:
		if (locale_parse(str_from(value), &o) != ERR_OK)
			return value;
		*lang = true;
		i18n_language_name(&v->tmp, &o, region);
		return v_take(v);
	default:
		return value;
	}
}

/* The params with facet f set to value (a year sets the date range). */
static void
facet_params(const struct page_search_params *p, enum page_facet f,
    const char *value, struct page_search_params *out, char from[16],
    char to[16])
{
	*out = *p;
	switch (f) {
	case PAGE_FACET_KIND:
		out->kind = value;
		break;
	case PAGE_FACET_SPEAKER:
		out->speaker = value;
		break;
	case PAGE_FACET_LOCALE:
		out->locale = value;
		break;
	case PAGE_FACET_YEAR:
		snprintf(from, 16, "%.4s-01-01", value);
		snprintf(to, 16, "%.4s-12-31", value);
		out->from = from;
		out->to = to;
		break;
	default:
		break;
	}
}

static bool
facet_current(const struct page_search_params *p, enum page_facet f,
    const char *value)
{
	const char *cur = f == PAGE_FACET_KIND ? p->kind :
	    f == PAGE_FACET_SPEAKER ? p->speaker :
	    f == PAGE_FACET_LOCALE ? p->locale : NULL;
	char from[16], to[16];

	if (f == PAGE_FACET_YEAR) {
		snprintf(from, sizeof from, "%.4s-01-01", value);
		snprintf(to, sizeof to, "%.4s-12-31", value);
		return p->from != NULL && p->to != NULL &&
		    strcmp(p->from, from) == 0 && strcmp(p->to, to) == 0;
	}
	return cur != NULL && strcmp(cur, value) == 0;
}

static void
search_facets(struct view *v, const struct page_search_view *sv,
    struct tval *root)
{
	static const enum msg labels[PAGE_FACET__MAX] = {
		[PAGE_FACET_KIND] = MSG_SEARCH_KIND,
		[PAGE_FACET_SPEAKER] = MSG_SEARCH_SPEAKER,
		[PAGE_FACET_YEAR] = MSG_SEARCH_YEAR,
		[PAGE_FACET_LOCALE] = MSG_SEARCH_LANGUAGE,
	};
	static const char *const ids[PAGE_FACET__MAX] = {
		"kind", "speaker", "year", "language",
	};
	const struct locale *l = sv->locale;
	struct tval *facets = tval_list(v->a), *f, *values, *o;
	bool any = false;

	for (int k = 0; k < PAGE_FACET__MAX; k++) {
		if (sv->nfacets[k] == 0)
			continue;
		any = true;
		f = tval_push_obj(v->a, facets);
		v_str(v, f, "id", ids[k]);
		v_str(v, f, "label", i18n_msg(l, labels[k]));
		values = tval_list(v->a);
		for (size_t i = 0; i < sv->nfacets[k]; i++) {
			const struct page_facet_value *fv = &sv->facets[k][i];
			struct page_search_params np;
			char from[16], to[16];
			bool lang, region = false;

			for (size_t j = 0; k == PAGE_FACET_LOCALE &&
			    j < sv->nfacets[k]; j++) {
				struct locale x, y;

				if (j != i && locale_parse(str_from(fv->value),
				    &x) == ERR_OK && locale_parse(str_from(
				    sv->facets[k][j].value), &y) == ERR_OK &&
				    locale_same_language(&x, &y))
					region = true;
			}
			o = tval_push_obj(v->a, values);
			v_str(v, o, "label", facet_label(v, l,
			    (enum page_facet)k, fv->value, region, &lang));
			if (lang)
				v_str(v, o, "tag", fv->value);
			buf_addf(&v->tmp, "%zu", fv->count);
			v_str(v, o, "count", v_take(v));
			v_bool(v, o, "current", facet_current(&sv->params,
			    (enum page_facet)k, fv->value));
			facet_params(&sv->params, (enum page_facet)k,
			    fv->value, &np, from, to);
			page_search_path(&v->tmp, l, &np, 1);
			v_str(v, o, "href", v_take(v));
		}
		v_set(v, f, "values", values);
	}
	v_set(v, root, "facets", facets);
	v_bool(v, root, "has_facets", any);
}

static void
search_hits(struct view *v, const struct page_search_view *sv,
    struct tval *root)
{
	const struct locale *l = sv->locale;
	struct tval *hits = tval_list(v->a), *o;

	for (size_t i = 0; i < sv->nhits; i++) {
		const struct page_search_hit *h = &sv->hits[i];

		o = tval_push_obj(v->a, hits);
		page_article_path(&v->tmp, &h->locale, h->slug);
		if (h->block_id != NULL && h->block_id[0] != '\0')
			buf_addf(&v->tmp, "#%s", h->block_id);
		v_str(v, o, "href", v_take(v));
		v_str(v, o, "tag", h->locale.tag);
		v_str(v, o, "dir", locale_dir(&h->locale));
		v_str(v, o, "lang_label", v_lang_label(v, &h->locale, 0));
		v_str(v, o, "kind_label", i18n_kind(l, h->kind));
		v_str(v, o, "date_iso", v_date_iso(v, h->event_at,
		    h->event_offset));
		v_str(v, o, "date_text", v_date_text(v, l, h->event_at,
		    h->event_offset, 0));
		if (o != NULL)
			v_fail(v, tval_set_html(v->a, o, "title_html",
			    v_marked(v, h->title)));
		v_bool(v, o, "has_snippet", h->snippet[0] != '\0');
		if (o != NULL && h->snippet[0] != '\0')
			v_fail(v, tval_set_html(v->a, o, "snippet_html",
			    v_marked(v, h->snippet)));
	}
	v_set(v, root, "hits", hits);
	v_bool(v, root, "has_hits", sv->nhits > 0);
	v_bool(v, root, "no_hits", sv->has_query && sv->nhits == 0);
	if (sv->page > 1) {
		buf_addf(&v->tmp, "%zu", (sv->page - 1) * sv->per_page + 1);
		v_str(v, root, "start", v_take(v));
	}
}

enum err
page_search(struct arena *a, const struct theme *th,
    const struct page_site *site, const struct page_search_view *sv,
    struct buf *out)
{
	struct view v = { .a = a };
	const struct locale *l = sv->locale;
	const struct page_search_params *p = &sv->params;
	struct tval *root, *o, *langs;
	const char *heading = i18n_msg(l, MSG_SEARCH);

	buf_init(&v.tmp, LIMIT_PAGE_BYTES);
	if (p->q != NULL && p->q[0] != '\0') {
		buf_adds(&v.tmp, p->q);
		buf_adds(&v.tmp, " — ");
		buf_adds(&v.tmp, heading);
		if (sv->page > 1) {
			buf_adds(&v.tmp, " — ");
			v_page_of(&v, l, sv->page, sv->pages);
		}
		root = common(&v, site, th, l, v_take(&v));
	} else {
		root = common(&v, site, th, l, heading);
	}
	/* results change with every edit and are not for search engines */
	v_bool(&v, root, "noindex", true);
	v_str(&v, root, "search_href", "");	/* the page is the form */
	v_str(&v, root, "heading", heading);
	search_form(&v, sv, root);
	if ((p->locale != NULL && p->locale[0] != '\0') ||
	    (p->kind != NULL && p->kind[0] != '\0') ||
	    (p->speaker != NULL && p->speaker[0] != '\0') ||
	    (p->role != NULL && p->role[0] != '\0') ||
	    (p->tag != NULL && p->tag[0] != '\0') ||
	    (p->from != NULL && p->from[0] != '\0') ||
	    (p->to != NULL && p->to[0] != '\0')) {
		struct page_search_params only_q = { .q = p->q };

		v_bool(&v, root, "has_filters", true);
		page_search_path(&v.tmp, l, &only_q, 1);
		v_str(&v, root, "clear_href", v_take(&v));
	}
	if (sv->cut)
		v_str(&v, root, "notice", i18n_msg(l, MSG_SEARCH_CUT));
	else if (sv->capped)
		v_str(&v, root, "notice", i18n_msg(l, MSG_SEARCH_CAPPED));
	v_bool(&v, root, "has_query", sv->has_query);
	if (sv->has_query)
		v_str(&v, root, "count_label", v_count(&v, l,
		    MSG_SEARCH_RESULTS, sv->total));
	else
		v_str(&v, root, "prompt", i18n_msg(l, MSG_SEARCH_PROMPT));
	v_str(&v, root, "t_no_results", i18n_msg(l, MSG_SEARCH_NONE));
	v_str(&v, root, "t_pagination", i18n_msg(l, MSG_PAGINATION));
	v_str(&v, root, "t_newer", i18n_msg(l, MSG_PREVIOUS));
	v_str(&v, root, "t_older", i18n_msg(l, MSG_NEXT));
	search_facets(&v, sv, root);
	search_hits(&v, sv, root);
	if (sv->pages > 1) {
		o = tval_obj(a);
		if (sv->page > 1) {
			page_search_path(&v.tmp, l, p, sv->page - 1);
			v_str(&v, o, "prev_href", v_take(&v));
		}
		if (sv->page < sv->pages) {
			page_search_path(&v.tmp, l, p, sv->page + 1);
			v_str(&v, o, "next_href", v_take(&v));
		}
		v_page_of(&v, l, sv->page, sv->pages);
		v_str(&v, o, "page_label", v_take(&v));
		v_set(&v, root, "pager", o);
	}
	/* the same search in the site's other languages */
	langs = tval_list(a);
	for (size_t i = 0; i < sv->nlanguages; i++) {
		const struct locale *al = &sv->languages[i];
		bool current = locale_eq(al, l), region = false;

		for (size_t j = 0; j < sv->nlanguages; j++)
			if (j != i && locale_same_language(al,
			    &sv->languages[j]))
				region = true;
		o = tval_push_obj(a, langs);
		v_str(&v, o, "tag", al->tag);
		v_str(&v, o, "dir", locale_dir(al));
		i18n_language_name(&v.tmp, al, region);
		v_str(&v, o, "label", v_take(&v));
		v_bool(&v, o, "current", current);
		v_bool(&v, o, "linked", !current);
		v_bool(&v, o, "missing", false);
		page_search_path(&v.tmp, al, p, 1);
		v_str(&v, o, "href", v_take(&v));
	}
	v_set(&v, root, "langs", langs);
	v_bool(&v, root, "has_langs", sv->nlanguages > 1);
	return finish(&v, th, "search", root, out);
}
