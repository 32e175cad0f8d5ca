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
	{ "feed_href", TVAL_STR, NULL }

static const struct tschema block_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "is_turn", TVAL_BOOL, NULL },
	{ "role", TVAL_STR, NULL },
	{ "role_label", TVAL_STR, NULL },
	{ "speaker", TVAL_STR, NULL },
	{ "speaker_title", TVAL_STR, NULL },
	{ "html", TVAL_HTML, NULL },
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

static const struct tschema withdrawn_fields[] = {
	{ "label", TVAL_STR, NULL },
	{ "text", TVAL_STR, NULL },
	{ "date_iso", TVAL_STR, NULL },
	{ "date_text", TVAL_STR, NULL },
	{ "reason", TVAL_STR, NULL },
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

static const struct tschema error_schema[] = {
	COMMON_FIELDS,
	{ "heading", TVAL_STR, NULL },
	{ "message", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

enum err
page_check_templates(struct tmpl_set *s, struct diag *d)
{
	enum err e;

	if ((e = tmpl_check(s, "article", article_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "list", list_schema, d)) != ERR_OK ||
	    (e = tmpl_check(s, "error", error_schema, d)) != ERR_OK)
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

/* Plain text of Markdown cut to about max characters at a word. */
static const char *
v_abstract(struct view *v, const char *md, size_t max)
{
	struct buf b;
	size_t cut;
	const char *s;

	buf_init(&b, LIMIT_PAGE_BYTES);
	if (markdown_plain(&b, md, strlen(md)) != ERR_OK) {
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
	buf_addstr(&v->tmp, buf_str(&b));
	buf_release(&b);
	s = v_take(v);
	return s;
}

/* --- article ----------------------------------------------------------- */

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
	}
	v_set(v, root, "blocks", blocks);
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
		v_str(&v, root, "description", v_abstract(&v, t->summary, 300));
	else if (t->nblocks > 0)
		v_str(&v, root, "description",
		    v_abstract(&v, t->blocks[0].text, 300));
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
	article_langs(&v, site, as, t, root);
	article_blocks(&v, as, t, root);
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
		v_str(&v, o, "abstract", v_abstract(&v,
		    it->summary[0] != '\0' ? it->summary : it->lead,
		    ABSTRACT_CHARS));
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
