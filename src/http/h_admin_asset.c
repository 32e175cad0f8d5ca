/*
 * h_admin_asset.c - the asset editor of /admin: create and edit an asset
 * (metadata, speakers, the source text's blocks and turns: add, move,
 * delete, pick a speaker), change its state, translate it side by side
 * with the source (the source's changes shown as a diff next to outdated
 * text), and its history (per-block diff between revisions, restore).
 *
 * Forms are read into a whole new asset which then goes through the same
 * check and save as the write API (asset_save_checked): the form never
 * decides what a role may change. A rejected form is shown again with
 * what was typed and the reason. Does not render HTML itself (the
 * admin-* templates do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/limits.h"
#include "pressroom/page.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "admin_internal.h"
#include "pressroom/banned.h"

#define EXTRA_BLOCK_ROWS 3
#define EXTRA_SPEAKER_ROWS 2

/* The choices of a block's "Kind" select: type and role in one. */
static const struct {
	const char *value;
	enum block_type type;
	enum turn_role role;
} kinds[] = {
	{ "paragraph", BLOCK_PARAGRAPH, TURN_ROLE_NONE },
	{ "statement", BLOCK_TURN, TURN_ROLE_STATEMENT },
	{ "question", BLOCK_TURN, TURN_ROLE_QUESTION },
	{ "answer", BLOCK_TURN, TURN_ROLE_ANSWER },
	{ "remark", BLOCK_TURN, TURN_ROLE_REMARK },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* A form's text value with CR removed (browsers send CRLF), "" if none. */
static char *
fv(struct hctx *h, const char *name)
{
	const char *v = h->has_form ? form_get(&h->form, name) : NULL;
	char *o, *p;

	if (v == NULL)
		return arena_strdup(h->a, "");
	o = p = arena_strdup(h->a, v);
	if (o == NULL)
		return NULL;
	for (const char *q = v; *q != '\0'; q++)
		if (*q != '\r')
			*p++ = *q;
	*p = '\0';
	return o;
}

/* Field prefix + n ("block_text_" 3). */
static char *
fvf(struct hctx *h, const char *prefix, size_t n)
{
	char name[64];

	snprintf(name, sizeof name, "%s%zu", prefix, n);
	return fv(h, name);
}

static bool
has_field(struct hctx *h, const char *prefix, size_t n)
{
	char name[64];

	snprintf(name, sizeof name, "%s%zu", prefix, n);
	return h->has_form && form_get(&h->form, name) != NULL;
}

/* "2015-06-11T18:30[:SS]" and "+03:00" as an instant and offset. */
static enum err
parse_local(const char *dt, const char *off, int64_t *t, int *offset)
{
	char s[64];
	size_t n = strlen(dt);

	if ((n != 16 && n != 19) || strlen(off) != 6)
		return ERR_INVAL;
	snprintf(s, sizeof s, "%s%s%s", dt, n == 16 ? ":00" : "", off);
	return time_parse_rfc3339(s, strlen(s), t, offset);
}

/* t as "YYYY-MM-DDTHH:MM:SS" at offset, and the offset "+hh:mm". */
static void
local_parts(struct hctx *h, int64_t t, int offset, const char **dt,
    const char **off)
{
	char s[TIME_RFC3339_MAX];

	if (time_format_rfc3339(t, offset, s) != ERR_OK) {
		*dt = "";
		*off = "+00:00";
		return;
	}
	*dt = arena_strndup(h->a, s, 19);
	*off = arena_strdup(h->a, s + 19);
}

static const char *
join_locales(struct hctx *h, const struct locale *ls, size_t n)
{
	struct buf b;
	const char *s;

	buf_init(&b, 1 << 16);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", ls[i].tag);
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

static const char *
join_tags(struct hctx *h, const struct asset *as)
{
	struct buf b;
	const char *s;

	buf_init(&b, 1 << 16);
	for (size_t i = 0; i < as->ntags; i++)
		buf_addf(&b, "%s%s", i > 0 ? ", " : "", as->tags[i]);
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

static const char *
join_related(struct hctx *h, const struct asset *as)
{
	struct buf b;
	const char *s;

	buf_init(&b, 1 << 16);
	for (size_t i = 0; i < as->nrelated; i++)
		buf_addf(&b, "%s%lld", i > 0 ? ", " : "",
		    (long long)as->related[i]);
	for (size_t i = 0; i < as->nrelated_slugs; i++)
		buf_addf(&b, "%s%s", i > 0 || as->nrelated > 0 ? ", " : "",
		    as->related_slugs[i]);
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

static size_t
kind_of(const struct block *b)
{
	for (size_t k = 0; k < NKINDS; k++)
		if (kinds[k].type == b->type && (b->type == BLOCK_PARAGRAPH ||
		    kinds[k].role == b->role))
			return k;
	return 0;
}

static const char *
text_rows(struct hctx *h, const char *text)
{
	size_t n = strlen(text), lines = 1;

	for (const char *p = text; *p != '\0'; p++)
		lines += *p == '\n';
	lines += n / 90;
	return arena_printf(h->a, "%zu", lines < 3 ? 3 : lines > 30 ? 30 :
	    lines);
}

/* --- the edit page ----------------------------------------------------- */

static void
edit_block(struct av *v, struct tval *list, size_t n, const struct asset *as,
    const struct block *b)
{
	struct hctx *h = v->h;
	struct tval *o = av_push(v, list), *opts;
	size_t kind = b != NULL ? kind_of(b) : 0;

	av_fmt(v, o, "n", "%zu", n);
	av_str(v, o, "id", b != NULL ? b->id : "");
	av_fmt(v, o, "pos", "%zu", (n + 1) * 10);
	opts = av_list(v, o, "role_options");
	for (size_t k = 0; k < NKINDS; k++)
		av_option(v, opts, kinds[k].value, kinds[k].value, k == kind);
	opts = av_list(v, o, "speaker_options");
	av_option(v, opts, "", "—", b == NULL || b->speaker < 0);
	for (size_t i = 0; i < as->nspeakers; i++)
		av_option(v, opts, arena_printf(h->a, "%zu", i),
		    as->speakers[i].name, b != NULL &&
		    (size_t)b->speaker == i);
	av_str(v, o, "text", b != NULL ? b->text : "");
	av_str(v, o, "rows", text_rows(h, b != NULL ? b->text : ""));
}

/*
 * The editor for as (is_new: not stored yet), with error shown; status is
 * the reply's (200, or 400/409 for a rejected form).
 */
static enum err
edit_page(struct hctx *h, const struct asset *as, bool is_new,
    const char *error, int status)
{
	struct av v = { .h = h };
	const struct translation *src = as->ntranslations > 0 ?
	    &as->translations[0] : NULL;
	struct tval *root, *list;
	const char *dt, *off, *label;
	size_t n = 0;

	root = admin_root(&v, is_new ? "New asset" : src != NULL ?
	    src->title : "Asset");
	av_str(&v, root, "error", error);
	av_bool(&v, root, "is_new", is_new);
	av_str(&v, root, "heading", is_new ? "New asset" : src != NULL ?
	    src->title : "Asset");
	av_fmt(&v, root, "id", "%lld", (long long)as->id);
	av_fmt(&v, root, "revision", "%lld", (long long)as->revision);
	label = asset_status_label(as->status, as->publish_at, h->now);
	av_str(&v, root, "status", label);
	av_str(&v, root, "status_label", as->status == ASSET_PUBLISHED &&
	    as->publish_at > h->now ? arena_printf(h->a, "scheduled for %s",
	    admin_time(h, as->publish_at, as->event_offset)) : label);
	av_str(&v, root, "public_href", is_new ? NULL :
	    admin_public_href(h, as));
	av_str(&v, root, "history_href", arena_printf(h->a,
	    "/admin/assets/%lld/history", (long long)as->id));
	av_str(&v, root, "action", is_new ? "/admin/assets/new" :
	    arena_printf(h->a, "/admin/assets/%lld", (long long)as->id));
	list = av_list(&v, root, "kind_options");
	for (int k = 0; k < ASSET_KIND__MAX; k++)
		av_option(&v, list, asset_kind_name((enum asset_kind)k),
		    asset_kind_name((enum asset_kind)k),
		    (enum asset_kind)k == as->kind);
	local_parts(h, as->event_at, as->event_offset, &dt, &off);
	av_str(&v, root, "event_at", dt);
	av_str(&v, root, "event_offset", off);
	av_str(&v, root, "place", as->place);
	av_str(&v, root, "slug", as->slug);
	av_str(&v, root, "source_locale", src != NULL ? src->locale.tag :
	    "en-GB");
	av_str(&v, root, "dir", src != NULL ? locale_dir(&src->locale) :
	    "ltr");
	av_str(&v, root, "locales", join_locales(h, as->locales,
	    as->nlocales));
	av_str(&v, root, "tags", join_tags(h, as));
	av_str(&v, root, "related", join_related(h, as));
	list = av_list(&v, root, "speakers");
	for (size_t i = 0; i < as->nspeakers + EXTRA_SPEAKER_ROWS; i++) {
		struct tval *o = av_push(&v, list);

		av_fmt(&v, o, "n", "%zu", i);
		if (i < as->nspeakers) {
			av_str(&v, o, "name", as->speakers[i].name);
			av_str(&v, o, "title", as->speakers[i].title);
		}
	}
	av_str(&v, root, "title", src != NULL ? src->title : "");
	av_str(&v, root, "summary", src != NULL ? src->summary : "");
	av_str(&v, root, "update_note", src != NULL ? src->update_note : "");
	list = av_list(&v, root, "blocks");
	for (size_t i = 0; src != NULL && i < src->nblocks; i++)
		edit_block(&v, list, n++, as, &src->blocks[i]);
	for (size_t i = 0; i < EXTRA_BLOCK_ROWS; i++)
		edit_block(&v, list, n++, as, NULL);
	av_str(&v, root, "save_label", is_new ? "Create the draft" : "Save");
	if (!is_new) {
		struct authz_object ob = { .status = as->status };

		av_locale_pills(&v, av_list(&v, root, "translations"), as);
		av_str(&v, root, "translate_action", arena_printf(h->a,
		    "/admin/assets/%lld/translate", (long long)as->id));
		av_str(&v, root, "attach_action", arena_printf(h->a,
		    "/admin/assets/%lld/attachments", (long long)as->id));
		list = av_list(&v, root, "attachments");
		for (size_t i = 0; i < as->nattachments; i++) {
			const struct attachment *at = &as->attachments[i];
			struct tval *o = av_push(&v, list);
			struct buf b;

			buf_init(&b, 4096);
			page_attachment_path(&b, at);
			av_str(&v, o, "href", b.err == ERR_OK ?
			    arena_printf(h->a, "/admin%.*s", (int)b.len, b.p) :
			    NULL);
			buf_release(&b);
			av_str(&v, o, "name", at->name);
			av_str(&v, o, "type", at->type);
			av_fmt(&v, o, "size", "%lld bytes",
			    (long long)at->size);
		}
		av_bool(&v, root, "can_state", authz_allowed(h->auth.user,
		    AUTHZ_ASSET_STATE, &ob, NULL));
		av_str(&v, root, "state_action", arena_printf(h->a,
		    "/admin/assets/%lld/state", (long long)as->id));
		local_parts(h, as->status == ASSET_PUBLISHED &&
		    as->publish_at > h->now ? as->publish_at :
		    h->now - h->now % 60 + 3600, as->event_offset, &dt, &off);
		av_str(&v, root, "publish_at", dt);
		av_str(&v, root, "publish_offset", off);
	}
	return admin_render(&v, root, "admin-edit", status);
}

enum err
h_admin_new(struct hctx *h)
{
	struct authz_object ob = { .is_new = true };
	struct asset *as;
	enum err e;

	if ((e = admin_may(h, AUTHZ_ASSET_CREATE, &ob)) != ERR_OK)
		return e;
	if ((as = asset_new(h->a)) == NULL)
		return ERR_NOMEM;
	as->slug = "";
	as->place = "";
	as->event_at = h->now - h->now % 60;
	as->kind = ASSET_KIND_STATEMENT;
	return edit_page(h, as, true, NULL, 200);
}

enum err
h_admin_edit(struct hctx *h)
{
	struct asset *as;
	enum err e;

	if ((e = admin_may(h, AUTHZ_READ_DRAFTS, NULL)) != ERR_OK ||
	    (e = store_asset_get(h->store, h->a, h->id, &as)) != ERR_OK)
		return e;
	return edit_page(h, as, false, NULL, 200);
}

/* --- reading the edit form --------------------------------------------- */

struct row {
	size_t n;		/* form row */
	int64_t pos;
	const char *old_id;	/* "" for a new row */
	size_t kind;
	int speaker;		/* new speaker index or -1 */
	char *text;
	char id[BLOCK_ID_MAX];
};

static int
row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* The highest N of ids "<prefix>N" in any translation of as. */
static unsigned
max_id(const struct asset *as, char prefix)
{
	unsigned m = 0;

	for (size_t i = 0; as != NULL && i < as->ntranslations; i++)
		for (size_t k = 0; k < as->translations[i].nblocks; k++) {
			const char *id = as->translations[i].blocks[k].id;

			if (id[0] == prefix && strtoul(id + 1, NULL, 10) > m &&
			    strtoul(id + 1, NULL, 10) < 1000000000ul)
				m = (unsigned)strtoul(id + 1, NULL, 10);
		}
	return m;
}

/* Splits "a, b c" at commas (and blanks when blanks_too) into tokens. */
static size_t
split(struct hctx *h, const char *s, bool blanks_too, char ***out)
{
	size_t n = 0, cap = 0;
	struct str rest = str_from(s);

	*out = NULL;
	while (rest.len > 0) {
		size_t i = 0;
		struct str tok;
		char **slot;

		while (i < rest.len && rest.p[i] != ',' && !(blanks_too &&
		    (rest.p[i] == ' ' || rest.p[i] == '\t')))
			i++;
		tok = str_trim(str_make(rest.p, i));
		rest.p += i < rest.len ? i + 1 : i;
		rest.len -= i < rest.len ? i + 1 : i;
		if (tok.len == 0)
			continue;
		slot = arena_push(h->a, (void **)out, &n, &cap, sizeof *slot);
		if (slot == NULL)
			return n;
		*slot = arena_strndup(h->a, tok.p, tok.len);
		n++;
	}
	return n;
}

/* Copies old's translations into as so they can be rebuilt. */
static enum err
copy_translations(struct hctx *h, const struct asset *old, struct asset *as)
{
	as->translations = arena_calloc(h->a, old->ntranslations + 1,
	    sizeof *as->translations);
	if (as->translations == NULL)
		return ERR_NOMEM;
	memcpy(as->translations, old->translations,
	    old->ntranslations * sizeof *as->translations);
	as->ntranslations = old->ntranslations;
	return ERR_OK;
}

static const struct block *
find_block(const struct translation *t, const char *id)
{
	for (size_t i = 0; t != NULL && i < t->nblocks; i++)
		if (strcmp(t->blocks[i].id, id) == 0)
			return &t->blocks[i];
	return NULL;
}

/*
 * Reads the edit form into a new asset based on old (NULL for a new one).
 * On a bad value *error says what, and *out still holds everything read,
 * so the form can be shown again as typed.
 */
static enum err
read_edit_form(struct hctx *h, const struct asset *old, struct asset **out,
    const char **error)
{
	struct asset *as = arena_alloc(h->a, sizeof *as);
	struct translation *src, *osrc;
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0;
	int *speaker_map;
	char **toks;
	size_t nt;
	unsigned next_p, next_t;
	enum err e;

	*error = NULL;
	if (as == NULL)
		return ERR_NOMEM;
	if (old != NULL) {
		*as = *old;
		if ((e = copy_translations(h, old, as)) != ERR_OK)
			return e;
	} else {
		memset(as, 0, sizeof *as);
		as->status = ASSET_DRAFT;
		as->translations = arena_calloc(h->a, 1,
		    sizeof *as->translations);
		if (as->translations == NULL)
			return ERR_NOMEM;
		as->ntranslations = 1;
	}
	*out = as;
	src = &as->translations[0];
	osrc = old != NULL ? &old->translations[0] : NULL;
	if (old == NULL && locale_parse(str_from(fv(h, "source_locale")),
	    &src->locale) != ERR_OK)
		*error = "“Written in” must be a language tag such as en-GB.";
	/* metadata */
	if (asset_kind_parse(fv(h, "kind"), &as->kind) != ERR_OK && !*error)
		*error = "Pick a kind.";
	if (parse_local(fv(h, "event_at"), fv(h, "event_offset"),
	    &as->event_at, &as->event_offset) != ERR_OK && !*error)
		*error = "The date needs a day, a time and a UTC offset such as "
		    "+03:00.";
	as->place = fv(h, "place");
	as->slug = fv(h, "slug");
	if (as->slug[0] == '\0' && old != NULL)
		as->slug = old->slug;
	nt = split(h, fv(h, "locales"), true, &toks);
	as->locales = arena_calloc(h->a, nt + 1, sizeof *as->locales);
	as->nlocales = 0;
	if (as->locales == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i < nt; i++)
		if (locale_parse(str_from(toks[i]),
		    &as->locales[as->nlocales]) == ERR_OK)
			as->nlocales++;
		else if (!*error)
			*error = arena_printf(h->a, "“%s” in “Announced in” is "
			    "not a language tag.", toks[i]);
	if (as->nlocales == 0 && src->locale.tag[0] != '\0')
		as->locales[as->nlocales++] = src->locale;
	as->tags = NULL;
	as->ntags = 0;
	nt = split(h, fv(h, "tags"), false, &toks);
	for (size_t i = 0; i < nt; i++) {
		char tag[TAG_MAX];

		if (tag_normalise(toks[i], strlen(toks[i]), tag) != ERR_OK ||
		    asset_tag_add(h->a, as, tag) != ERR_OK) {
			if (!*error)
				*error = arena_printf(h->a, "The tag “%.60s” "
				    "is too long or not text.", toks[i]);
		}
	}
	as->related = NULL;
	as->nrelated = 0;
	as->related_slugs = NULL;
	as->nrelated_slugs = 0;
	nt = split(h, fv(h, "related"), true, &toks);
	as->related = arena_calloc(h->a, nt + 1, sizeof *as->related);
	as->related_slugs = arena_calloc(h->a, nt + 1,
	    sizeof *as->related_slugs);
	if (as->related == NULL || as->related_slugs == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i < nt; i++) {
		int64_t id;

		if (str_to_i64(str_from(toks[i]), 1, INT64_MAX, &id) == ERR_OK)
			as->related[as->nrelated++] = id;
		else if (slug_valid(toks[i]))
			as->related_slugs[as->nrelated_slugs++] = toks[i];
		else if (!*error)
			*error = arena_printf(h->a, "“%.60s” under Additional "
			    "materials is neither an id nor a slug.", toks[i]);
	}
	/* speakers: the rows in order, empty names dropped */
	as->speakers = NULL;
	as->nspeakers = 0;
	speaker_map = arena_calloc(h->a, LIMIT_SPEAKERS + EXTRA_SPEAKER_ROWS +
	    1, sizeof *speaker_map);
	if (speaker_map == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i < LIMIT_SPEAKERS + EXTRA_SPEAKER_ROWS &&
	    has_field(h, "speaker_name_", i); i++) {
		char *name = fvf(h, "speaker_name_", i);
		char *title = fvf(h, "speaker_title_", i);

		speaker_map[i] = -1;
		if (name == NULL || title == NULL)
			return ERR_NOMEM;
		if (str_trim(str_from(name)).len == 0)
			continue;
		if ((e = asset_speaker_intern(h->a, as, name, title[0] != '\0' ?
		    title : NULL, &speaker_map[i])) != ERR_OK) {
			if (e == ERR_NOMEM)
				return e;
			if (!*error)
				*error = "Too many speakers.";
		}
	}
	/* the source's head and blocks */
	src->title = fv(h, "title");
	src->summary = fv(h, "summary");
	src->update_note = fv(h, "update_note");
	for (size_t i = 0; i < LIMIT_BLOCKS + EXTRA_BLOCK_ROWS &&
	    has_field(h, "block_role_", i); i++) {
		struct row *r;
		const char *kind = fvf(h, "block_role_", i);
		const char *sp = fvf(h, "block_speaker_", i);
		const char *pos = fvf(h, "block_pos_", i);
		const char *id = fvf(h, "block_id_", i);
		char *text = fvf(h, "block_text_", i);
		int64_t spi;

		if (kind == NULL || sp == NULL || pos == NULL || id == NULL ||
		    text == NULL)
			return ERR_NOMEM;
		if (has_field(h, "block_delete_", i) ||
		    (id[0] == '\0' && str_trim(str_from(text)).len == 0))
			continue;
		r = arena_push(h->a, (void **)&rows, &nrows, &cap, sizeof *r);
		if (r == NULL)
			return ERR_NOMEM;
		nrows++;
		r->n = i;
		r->old_id = id;
		r->text = text;
		r->speaker = -1;
		if (str_to_i64(str_from(pos), INT32_MIN, INT32_MAX, &r->pos) !=
		    ERR_OK)
			r->pos = (int64_t)(i + 1) * 10;
		for (r->kind = 0; r->kind < NKINDS &&
		    strcmp(kinds[r->kind].value, kind) != 0; r->kind++)
			;
		if (r->kind == NKINDS) {
			r->kind = 0;
			if (!*error)
				*error = "A block has an unknown kind.";
		}
		if (sp[0] != '\0' && str_to_i64(str_from(sp), 0,
		    LIMIT_SPEAKERS + EXTRA_SPEAKER_ROWS - 1, &spi) == ERR_OK)
			r->speaker = speaker_map[spi];
		if (kinds[r->kind].type == BLOCK_PARAGRAPH)
			r->speaker = -1;
		if (id[0] != '\0' && find_block(osrc, id) == NULL &&
		    !*error)
			*error = "The form refers to a block that is gone: "
			    "reload the page.";
	}
	if (nrows > 1)
		qsort(rows, nrows, sizeof *rows, row_cmp);
	/* ids: kept while the block stays a paragraph or a turn */
	next_p = max_id(old, 'p');
	next_t = max_id(old, 't');
	for (size_t i = 0; i < nrows; i++) {
		char prefix = kinds[rows[i].kind].type == BLOCK_TURN ? 't' :
		    'p';

		if (rows[i].old_id[0] == prefix)
			snprintf(rows[i].id, sizeof rows[i].id, "%s",
			    rows[i].old_id);
		else
			snprintf(rows[i].id, sizeof rows[i].id, "%c%u", prefix,
			    prefix == 't' ? ++next_t : ++next_p);
	}
	src->blocks = NULL;
	src->nblocks = 0;
	for (size_t i = 0; i < nrows; i++)
		if ((e = translation_block_add(h->a, src, rows[i].id,
		    kinds[rows[i].kind].type, kinds[rows[i].kind].role,
		    rows[i].speaker, rows[i].text, strlen(rows[i].text))) !=
		    ERR_OK) {
			if (e == ERR_NOMEM)
				return e;
			if (!*error)
				*error = "Too many blocks.";
		}
	/*
	 * Every translation follows the source's structure: its blocks in
	 * the source's order, with the source's kind and speaker; blocks the
	 * source no longer has go.
	 */
	for (size_t k = 1; k < as->ntranslations; k++) {
		struct translation *t = &as->translations[k];
		const struct translation *ot = &old->translations[k];

		t->blocks = NULL;
		t->nblocks = 0;
		for (size_t i = 0; i < nrows; i++) {
			const struct block *ob = rows[i].old_id[0] != '\0' ?
			    find_block(ot, rows[i].old_id) : NULL;

			if (ob == NULL)
				continue;
			if ((e = translation_block_add(h->a, t, rows[i].id,
			    kinds[rows[i].kind].type, kinds[rows[i].kind].role,
			    rows[i].speaker, ob->text, strlen(ob->text))) !=
			    ERR_OK)
				return e;
			/* text unchanged: the store keeps its status */
			t->blocks[t->nblocks - 1].rev = ob->rev;
			t->blocks[t->nblocks - 1].source_rev = ob->source_rev;
		}
	}
	return ERR_OK;
}

/* The message for a store or authorisation refusal of a form. */
static int
refusal(struct hctx *h, enum err e, const char **msg)
{
	*msg = h->why != NULL ? h->why : err_str(e);
	return e == ERR_CONFLICT ? 409 : e == ERR_FORBIDDEN ? 403 : 400;
}

static enum err
form_save(struct hctx *h, const struct asset *old, int64_t owner)
{
	struct asset *as;
	struct store_save_result res;
	const char *error, *note = fv(h, "note");
	int64_t expect = 0;
	enum err e;

	if ((e = read_edit_form(h, old, &as, &error)) != ERR_OK)
		return e;
	if (error != NULL)
		return edit_page(h, as, old == NULL, error, 400);
	if (old == NULL && as->slug[0] == '\0' &&
	    (e = asset_slug_make(h, as)) != ERR_OK)
		return e == ERR_NOMEM ? e : edit_page(h, as, true,
		    "Give the asset an address (slug).", 400);
	(void)str_to_i64(str_from(fv(h, "revision")), 0, INT64_MAX, &expect);
	e = asset_save_checked(h, old, owner, as, note[0] != '\0' ? note :
	    old == NULL ? "created" : "edited", old != NULL ? expect : 0,
	    &res);
	if (e == ERR_INVAL || e == ERR_FORBIDDEN || e == ERR_CONFLICT ||
	    e == ERR_LIMIT) {
		const char *msg;
		int st = refusal(h, e, &msg);

		if (old != NULL)
			as->revision = old->revision;
		return edit_page(h, as, old == NULL, msg, st);
	}
	if (e != ERR_OK)
		return e;
	return admin_redirect(h, arena_printf(h->a, "/admin/assets/%lld?"
	    "done=%s", (long long)res.id, old == NULL ? "created" :
	    res.changed ? "saved" : "unchanged"));
}

enum err
h_admin_create(struct hctx *h)
{
	struct authz_object ob = { .is_new = true };
	enum err e = admin_may(h, AUTHZ_ASSET_CREATE, &ob);

	return e != ERR_OK ? e : form_save(h, NULL, 0);
}

enum err
h_admin_save(struct hctx *h)
{
	struct asset *old;
	int64_t owner;
	enum err e;

	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK)
		return e;
	return form_save(h, old, owner);
}

enum err
h_admin_state(struct hctx *h)
{
	const char *op = fv(h, "op");
	int64_t at = 0;
	int off;
	enum err e;

	if (op == NULL || !state_op_valid(op)) {
		h->why = "unknown state change";
		return ERR_INVAL;
	}
	if (strcmp(op, "schedule") == 0 && parse_local(fv(h, "publish_at"),
	    fv(h, "publish_offset"), &at, &off) != ERR_OK) {
		h->why = "Publish at needs a day, a time and a UTC offset such "
		    "as +01:00.";
		return ERR_INVAL;
	}
	if ((e = state_change(h, op, at, fv(h, "reason"))) != ERR_OK)
		return e;
	return admin_redirect(h, arena_printf(h->a, "/admin/assets/%lld?"
	    "done=%s", (long long)h->id, strcmp(op, "schedule") == 0 &&
	    at <= h->now ? "published" : strcmp(op, "publish") == 0 ?
	    "published" : strcmp(op, "schedule") == 0 ? "scheduled" :
	    strcmp(op, "withdraw") == 0 ? "withdrawn" :
	    strcmp(op, "unpublish") == 0 ? "unpublished" : "draft"));
}

/* --- translating ------------------------------------------------------- */

/* GET /admin/assets/{id}/translate?locale=xx: the "add a translation"
 * form's target. */
enum err
h_admin_translate_pick(struct hctx *h)
{
	const char *tag = h->req->param(h->req->ctx, "locale");
	struct locale l;

	if (tag == NULL || locale_parse(str_from(tag), &l) != ERR_OK) {
		h->why = "That is not a language tag (for example de-DE).";
		return ERR_INVAL;
	}
	return admin_redirect(h, arena_printf(h->a, "/admin/assets/%lld/t/%s",
	    (long long)h->id, l.tag));
}

/* The source text of block id as it was at revision rev, or NULL. */
static const char *
source_then(struct hctx *h, struct asset **cache, int64_t *cached,
    int64_t rev, const char *id, bool head, const char **summary)
{
	const struct translation *src;
	const struct block *b;

	if (rev <= 0)
		return NULL;
	if (*cached != rev) {
		if (store_revision_get(h->store, h->a, h->id, rev, cache) !=
		    ERR_OK)
			return NULL;
		*cached = rev;
	}
	if ((*cache)->ntranslations == 0)
		return NULL;
	src = &(*cache)->translations[0];
	if (head) {
		*summary = src->summary;
		return src->title;
	}
	b = find_block(src, id);
	return b != NULL ? b->text : NULL;
}

static const char *
block_label(struct hctx *h, const struct asset *as, const struct block *b)
{
	if (b->type == BLOCK_PARAGRAPH)
		return "paragraph";
	if (b->speaker >= 0 && (size_t)b->speaker < as->nspeakers)
		return arena_printf(h->a, "%s · %s", turn_role_name(b->role),
		    as->speakers[b->speaker].name);
	return turn_role_name(b->role);
}

static enum err
translate_page(struct hctx *h, const struct asset *as,
    const struct translation *t, const struct locale *l, const char *error,
    int status)
{
	struct av v = { .h = h };
	const struct translation *src = &as->translations[0];
	struct translation_status ts = { 0 };
	struct asset *then = NULL;
	int64_t cached = 0;
	struct tval *root, *rows;
	bool head_old = t != NULL && asset_head_outdated(as, t);

	root = admin_root(&v, arena_printf(h->a, "%s: %s", l->tag,
	    src->title));
	av_str(&v, root, "error", error);
	av_str(&v, root, "heading", src->title);
	av_str(&v, root, "edit_href", arena_printf(h->a, "/admin/assets/%lld",
	    (long long)as->id));
	av_fmt(&v, root, "id", "%lld", (long long)as->id);
	av_fmt(&v, root, "revision", "%lld", (long long)as->revision);
	av_str(&v, root, "source_locale", src->locale.tag);
	av_str(&v, root, "source_dir", locale_dir(&src->locale));
	av_str(&v, root, "locale", l->tag);
	av_str(&v, root, "dir", locale_dir(l));
	if (t != NULL)
		asset_translation_status(as, t, &ts);
	av_str(&v, root, "status_text", t == NULL ? "not translated yet" :
	    ts.outdated == 0 && ts.missing == 0 ? "up to date" :
	    arena_printf(h->a, "%zu outdated, %zu missing", ts.outdated,
	    ts.missing));
	av_str(&v, root, "action", arena_printf(h->a,
	    "/admin/assets/%lld/t/%s", (long long)as->id, l->tag));
	av_str(&v, root, "title_src", src->title);
	av_str(&v, root, "summary_src", src->summary);
	av_str(&v, root, "title", t != NULL ? t->title : "");
	av_str(&v, root, "summary", t != NULL ? t->summary : "");
	av_str(&v, root, "update_note", t != NULL ? t->update_note : "");
	av_bool(&v, root, "head_outdated", head_old);
	if (head_old) {
		const char *sum = NULL;
		const char *was = source_then(h, &then, &cached,
		    t->head_source_rev, "", true, &sum);

		if (was != NULL)
			av_spans(&v, av_obj(&v, root, "head_diff"),
			    arena_printf(h->a, "%s\n%s", was, sum),
			    arena_printf(h->a, "%s\n%s", src->title,
			    src->summary));
	}
	rows = av_list(&v, root, "rows");
	for (size_t i = 0; i < src->nblocks; i++) {
		const struct block *sb = &src->blocks[i];
		const struct block *tb = find_block(t, sb->id);
		bool outdated = tb != NULL && asset_block_outdated(as, t, tb);
		struct tval *o = av_push(&v, rows);

		av_str(&v, o, "id", sb->id);
		av_str(&v, o, "label", block_label(h, as, sb));
		av_str(&v, o, "source_text", sb->text);
		av_str(&v, o, "text", tb != NULL ? tb->text : "");
		av_str(&v, o, "rows", text_rows(h, sb->text));
		av_bool(&v, o, "outdated", outdated);
		av_bool(&v, o, "missing", tb == NULL);
		if (outdated) {
			const char *was = source_then(h, &then, &cached,
			    tb->source_rev, sb->id, false, NULL);

			av_bool(&v, o, "has_diff", was != NULL);
			if (was != NULL)
				av_spans(&v, o, was, sb->text);
		}
	}
	return admin_render(&v, root, "admin-translate", status);
}

/* May the user work on locale l of as? (Editors also create it.) */
static enum err
may_translate(struct hctx *h, const struct asset *as, int64_t owner,
    const struct locale *l)
{
	struct authz_object ob = { .owner = owner, .status = as->status,
		.locale = l };

	if (as->ntranslations > 0 && locale_eq(&as->translations[0].locale,
	    l)) {
		h->why = "This is the source text: edit it on the asset's page.";
		return ERR_INVAL;
	}
	return admin_may(h, AUTHZ_TRANSLATION_EDIT, &ob);
}

enum err
h_admin_translate(struct hctx *h)
{
	struct asset *as;
	int64_t owner;
	enum err e;

	if ((e = asset_load_owned(h, &as, &owner)) != ERR_OK)
		return e;
	if (as->ntranslations == 0)
		return ERR_NOTFOUND;
	if ((e = may_translate(h, as, owner, &h->locale)) != ERR_OK)
		return e;
	return translate_page(h, as, asset_translation(as, &h->locale),
	    &h->locale, NULL, 200);
}

enum err
h_admin_translate_save(struct hctx *h)
{
	struct asset *old, *as;
	struct translation *t;
	const struct translation *src;
	struct store_save_result res;
	const char *note = fv(h, "note");
	int64_t owner, expect = 0;
	size_t k;
	enum err e;

	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK)
		return e;
	if (old->ntranslations == 0)
		return ERR_NOTFOUND;
	if ((e = may_translate(h, old, owner, &h->locale)) != ERR_OK)
		return e;
	if ((as = arena_alloc(h->a, sizeof *as)) == NULL)
		return ERR_NOMEM;
	*as = *old;
	if ((e = copy_translations(h, old, as)) != ERR_OK)
		return e;
	src = &as->translations[0];
	for (k = 1; k < as->ntranslations; k++)
		if (locale_eq(&as->translations[k].locale, &h->locale))
			break;
	if (k == as->ntranslations) {
		memset(&as->translations[k], 0, sizeof as->translations[k]);
		as->translations[k].locale = h->locale;
		as->ntranslations++;
	}
	t = &as->translations[k];
	t->title = fv(h, "title");
	t->summary = fv(h, "summary");
	t->update_note = fv(h, "update_note");
	{
		const struct translation *ot = k < old->ntranslations ?
		    &old->translations[k] : NULL;

		t->blocks = NULL;
		t->nblocks = 0;
		for (size_t i = 0; i < src->nblocks; i++) {
			const struct block *sb = &src->blocks[i];
			const struct block *ob = find_block(ot, sb->id);
			char name[BLOCK_ID_MAX + 8];
			char *text;

			snprintf(name, sizeof name, "text_%s", sb->id);
			text = fv(h, name);
			if (text == NULL)
				return ERR_NOMEM;
			/* a block not on the form (added meanwhile) stays */
			if (form_get(&h->form, name) == NULL && ob != NULL)
				text = ob->text;
			if (str_trim(str_from(text)).len == 0)
				continue;
			if ((e = translation_block_add(h->a, t, sb->id,
			    sb->type, sb->role, sb->speaker, text,
			    strlen(text))) != ERR_OK)
				return e;
		}
	}
	/* the whole of a locale at once: the language must be announced */
	{
		bool announced = false;

		for (size_t i = 0; i < as->nlocales; i++)
			announced |= locale_eq(&as->locales[i], &h->locale);
		if (!announced && t->nblocks > 0) {
			struct locale *ls = arena_calloc(h->a, as->nlocales + 1,
			    sizeof *ls);

			if (ls == NULL)
				return ERR_NOMEM;
			memcpy(ls, as->locales, as->nlocales * sizeof *ls);
			ls[as->nlocales] = h->locale;
			as->locales = ls;
			as->nlocales++;
		}
	}
	(void)str_to_i64(str_from(fv(h, "revision")), 0, INT64_MAX, &expect);
	e = asset_save_checked(h, old, owner, as, note[0] != '\0' ? note :
	    arena_printf(h->a, "%s translation", h->locale.tag), expect, &res);
	if (e == ERR_INVAL || e == ERR_FORBIDDEN || e == ERR_CONFLICT ||
	    e == ERR_LIMIT) {
		const char *msg;
		int st = refusal(h, e, &msg);

		return translate_page(h, as, t, &h->locale, msg, st);
	}
	if (e != ERR_OK)
		return e;
	/* "still right" ticks, after the save (it may have renumbered) */
	if (h->has_form && form_get(&h->form, "confirm_head") != NULL &&
	    (e = store_translation_confirm(h->store, h->id, h->locale.tag,
	    "")) != ERR_OK && e != ERR_NOTFOUND)
		return e;
	for (size_t i = 0; i < src->nblocks; i++) {
		char name[BLOCK_ID_MAX + 12];

		snprintf(name, sizeof name, "confirm_%s", src->blocks[i].id);
		if (h->has_form && form_get(&h->form, name) != NULL &&
		    (e = store_translation_confirm(h->store, h->id,
		    h->locale.tag, src->blocks[i].id)) != ERR_OK &&
		    e != ERR_NOTFOUND)
			return e;
	}
	app_generation_stale(h->app);
	return admin_redirect(h, arena_printf(h->a,
	    "/admin/assets/%lld/t/%s?done=translated", (long long)h->id,
	    h->locale.tag));
}

/* --- history ------------------------------------------------------------ */

static enum err
history_diff(struct av *v, struct tval *root, int64_t from, int64_t to)
{
	struct hctx *h = v->h;
	struct asset *a, *b;
	struct asset_change *ch;
	size_t n;
	struct tval *list;
	enum err e;

	if ((e = store_revision_get(h->store, h->a, h->id, from, &a)) !=
	    ERR_OK ||
	    (e = store_revision_get(h->store, h->a, h->id, to, &b)) != ERR_OK ||
	    (e = asset_diff(h->a, a, b, &ch, &n)) != ERR_OK)
		return e;
	av_bool(v, root, "has_diff", true);
	av_fmt(v, root, "from", "%lld", (long long)from);
	av_fmt(v, root, "to", "%lld", (long long)to);
	av_bool(v, root, "no_changes", n == 0);
	list = av_list(v, root, "changes");
	for (size_t i = 0; i < n; i++) {
		struct tval *o = av_push(v, list);

		av_str(v, o, "where", ch[i].where);
		av_str(v, o, "what", ch[i].kind == CHANGE_ADDED ? "added" :
		    ch[i].kind == CHANGE_REMOVED ? "removed" : "changed");
		av_spans(v, o, ch[i].old, ch[i].new);
	}
	return ERR_OK;
}

enum err
h_admin_history(struct hctx *h)
{
	struct av v = { .h = h };
	struct asset *as;
	struct store_revision *revs;
	struct tval *root, *list;
	const char *fs = h->req->param(h->req->ctx, "from");
	const char *ts = h->req->param(h->req->ctx, "to");
	struct authz_object ob = { 0 };
	int64_t from = 0, to = 0;
	size_t n;
	bool can_restore;
	enum err e;

	if ((e = admin_may(h, AUTHZ_READ_DRAFTS, NULL)) != ERR_OK ||
	    (e = store_asset_get(h->store, h->a, h->id, &as)) != ERR_OK ||
	    (e = store_revisions(h->store, h->a, h->id, &revs, &n)) != ERR_OK)
		return e;
	ob.status = as->status;
	can_restore = authz_allowed(h->auth.user, AUTHZ_REVISION_RESTORE, &ob,
	    NULL);
	root = admin_root(&v, "History");
	av_str(&v, root, "heading", arena_printf(h->a, "History: %s",
	    as->ntranslations > 0 ? as->translations[0].title : as->slug));
	av_str(&v, root, "edit_href", arena_printf(h->a, "/admin/assets/%lld",
	    (long long)as->id));
	av_fmt(&v, root, "id", "%lld", (long long)as->id);
	av_fmt(&v, root, "revision", "%lld", (long long)as->revision);
	if (fs != NULL && ts != NULL &&
	    str_to_i64(str_from(fs), 1, INT64_MAX, &from) == ERR_OK &&
	    str_to_i64(str_from(ts), 1, INT64_MAX, &to) == ERR_OK) {
		e = history_diff(&v, root, from, to);
		if (e == ERR_NOTFOUND) {
			h->why = "There is no such revision.";
			return e;
		}
		if (e != ERR_OK)
			return e;
	}
	list = av_list(&v, root, "revisions");
	for (size_t i = 0; i < n; i++) {
		struct tval *o = av_push(&v, list);

		av_fmt(&v, o, "rev", "%lld", (long long)revs[i].revision);
		av_bool(&v, o, "current", revs[i].revision == as->revision);
		av_str(&v, o, "when", admin_time(h, revs[i].created_at, 0));
		av_str(&v, o, "author", revs[i].author);
		av_str(&v, o, "note", revs[i].note);
		if (i + 1 < n)
			av_str(&v, o, "diff_href", arena_printf(h->a,
			    "/admin/assets/%lld/history?from=%lld&to=%lld",
			    (long long)as->id,
			    (long long)revs[i + 1].revision,
			    (long long)revs[i].revision));
		av_bool(&v, o, "can_restore", can_restore &&
		    revs[i].revision != as->revision);
		av_str(&v, o, "restore_action", arena_printf(h->a,
		    "/admin/assets/%lld/restore", (long long)as->id));
	}
	return admin_render(&v, root, "admin-history", 200);
}

/*
 * Restore: the old revision's content as a new revision. Its state
 * (draft, scheduled, published...) is today's, not the old one's:
 * restoring text never publishes or hides anything.
 */
enum err
h_admin_restore(struct hctx *h)
{
	struct asset *old, *then;
	struct store_save_result res;
	struct authz_object ob = { 0 };
	int64_t owner, rev;
	enum err e;

	if (str_to_i64(str_from(fv(h, "rev")), 1, INT64_MAX, &rev) != ERR_OK) {
		h->why = "Which revision?";
		return ERR_INVAL;
	}
	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK)
		return e;
	ob.owner = owner;
	ob.status = old->status;
	if ((e = admin_may(h, AUTHZ_REVISION_RESTORE, &ob)) != ERR_OK)
		return e;
	if ((e = store_revision_get(h->store, h->a, h->id, rev, &then)) !=
	    ERR_OK) {
		h->why = "There is no such revision.";
		return e;
	}
	then->id = old->id;
	then->status = old->status;
	then->publish_at = old->publish_at;
	then->withdrawn_at = old->withdrawn_at;
	then->withdraw_reason = old->withdraw_reason;
	then->source = old->source;
	if ((e = asset_save_checked(h, old, owner, then, arena_printf(h->a,
	    "restored revision %lld", (long long)rev), 0, &res)) != ERR_OK)
		return e;
	return admin_redirect(h, arena_printf(h->a,
	    "/admin/assets/%lld/history?done=restored", (long long)h->id));
}
