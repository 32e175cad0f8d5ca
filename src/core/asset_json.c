/*
 * asset_json.c - asset <-> JSON (see asset_json.h for the shape).
 *
 * Uses jansson. Writes keys in a fixed order so that the same asset always
 * gives the same bytes (the store hashes them to notice real changes). Does
 * not decide identity or slugs beyond what the JSON says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

/*
 * jansson's parser reports most allocation failures as syntax errors
 * ("invalid token", or no message at all), so the allocator it is given
 * notes them for asset_json_parse.
 */
static _Thread_local bool json_alloc_failed;

static void *
json_alloc(size_t n)
{
	void *p = mem_alloc(n);

	if (p == NULL)
		json_alloc_failed = true;
	return p;
}

void
asset_json_setup(void)
{
	json_set_alloc_funcs(json_alloc, mem_free);
}

void
asset_json_alloc_reset(void)
{
	json_alloc_failed = false;
}

bool
asset_json_alloc_failed(void)
{
	return json_alloc_failed;
}

json_t *
asset_json_loadb(const char *buf, size_t n, size_t flags, json_error_t *err)
{
	json_t *j;

	json_alloc_failed = false;
	j = json_loadb(buf, n, flags, err);
	if (json_alloc_failed) {
		json_decref(j);
		if (err != NULL) {
			/* as jansson reports its own out-of-memory errors */
			snprintf(err->text, sizeof err->text, "out of memory");
			err->text[JSON_ERROR_TEXT_LENGTH - 1] =
			    (char)json_error_out_of_memory;
		}
		return NULL;
	}
	return j;
}

/* json_object_set_new that reports failure (jansson frees value on error) */
static int
put(json_t *o, const char *k, json_t *v)
{
	return v == NULL || json_object_set_new(o, k, v) != 0 ? -1 : 0;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
time_json(int64_t t, int offset)
{
	char s[TIME_RFC3339_MAX];

	if (time_format_rfc3339(t, offset, s) != ERR_OK)
		return json_null();
	return json_string(s);
}

static json_t *
block_json(const struct asset *as, const struct translation *t,
    const struct block *b, unsigned flags)
{
	json_t *o = json_object();
	const char *speaker = NULL;

	if (o == NULL)
		return NULL;
	if (b->speaker >= 0 && (size_t)b->speaker < as->nspeakers)
		speaker = as->speakers[b->speaker].name;
	if (put(o, "id", json_string(b->id)) ||
	    put(o, "type", json_string(block_type_name(b->type))) ||
	    put(o, "role", b->type == BLOCK_TURN ?
		json_string(turn_role_name(b->role)) : json_null()) ||
	    put(o, "speaker", str_or_null(speaker)) ||
	    put(o, "text", json_string(b->text)) ||
	    ((flags & ASSET_JSON_STATUS) &&
	    (put(o, "rev", json_integer(b->rev)) ||
	    put(o, "source_rev", json_integer(b->source_rev)) ||
	    put(o, "outdated", json_boolean(asset_block_outdated(as, t,
	    b)))))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
translation_json(const struct asset *as, const struct translation *t,
    unsigned flags)
{
	json_t *o = json_object(), *blocks = json_array();
	struct translation_status ts;

	if (o == NULL || blocks == NULL)
		goto fail;
	for (size_t i = 0; i < t->nblocks; i++)
		if (json_array_append_new(blocks,
		    block_json(as, t, &t->blocks[i], flags)) != 0)
			goto fail;
	if (put(o, "title", json_string(t->title)) ||
	    put(o, "summary", json_string(t->summary)) ||
	    (t->update_note != NULL && t->update_note[0] != '\0' &&
	    put(o, "update_note", json_string(t->update_note))) ||
	    put(o, "dir", json_string(locale_dir(&t->locale))))
		goto fail;
	asset_translation_status(as, t, &ts);
	if ((flags & ASSET_JSON_STATUS) && put(o, "status",
	    json_pack("{s:b,s:b,s:I,s:I}", "source", ts.is_source,
	    "head_outdated", asset_head_outdated(as, t),
	    "outdated", (json_int_t)ts.outdated,
	    "missing", (json_int_t)ts.missing)))
		goto fail;
	if (json_object_set_new(o, "blocks", blocks) != 0) {
		blocks = NULL;
		goto fail;
	}
	return o;
fail:
	json_decref(blocks);
	json_decref(o);
	return NULL;
}

enum err
asset_to_json(const struct asset *as, unsigned flags, json_t **out)
{
	json_t *o = json_object(), *arr;
	enum err e = ERR_NOMEM;

	if (o == NULL)
		goto out;
	if ((flags & ASSET_JSON_META) &&
	    put(o, "id", json_integer(as->id)))
		goto out;
	if (put(o, "slug", json_string(as->slug)) ||
	    put(o, "kind", json_string(asset_kind_name(as->kind))) ||
	    put(o, "published_at", time_json(as->event_at, as->event_offset)) ||
	    put(o, "place", json_string(as->place)) ||
	    put(o, "status", json_string(asset_status_name(as->status))) ||
	    put(o, "publish_at", as->status == ASSET_PUBLISHED &&
		as->publish_at != 0 ? time_json(as->publish_at, 0) :
		json_null()))
		goto out;
	if (as->status == ASSET_WITHDRAWN &&
	    (put(o, "withdrawn_at", time_json(as->withdrawn_at, 0)) ||
	    put(o, "withdraw_reason", str_or_null(as->withdraw_reason))))
		goto out;
	/* only when there is one: older revisions' JSON stays the same */
	if (as->update_note_at != 0 &&
	    put(o, "update_note_at", time_json(as->update_note_at, 0)))
		goto out;
	if (put(o, "locales", arr = json_array()))
		goto out;
	for (size_t i = 0; i < as->nlocales; i++)
		if (json_array_append_new(arr,
		    json_string(as->locales[i].tag)) != 0)
			goto out;
	if (put(o, "speakers", arr = json_array()))
		goto out;
	for (size_t i = 0; i < as->nspeakers; i++) {
		json_t *p = json_object();

		if (json_array_append_new(arr, p) != 0 ||
		    put(p, "name", json_string(as->speakers[i].name)) ||
		    put(p, "title", str_or_null(as->speakers[i].title)))
			goto out;
	}
	if (put(o, "tags", arr = json_array()))
		goto out;
	for (size_t i = 0; i < as->ntags; i++)
		if (json_array_append_new(arr, json_string(as->tags[i])) != 0)
			goto out;
	if (put(o, "translations", arr = json_object()))
		goto out;
	for (size_t i = 0; i < as->ntranslations; i++)
		if (put(arr, as->translations[i].locale.tag,
		    translation_json(as, &as->translations[i], flags)))
			goto out;
	if (put(o, "related", arr = json_array()))
		goto out;
	for (size_t i = 0; i < as->nrelated; i++)
		if (json_array_append_new(arr,
		    json_integer(as->related[i])) != 0)
			goto out;
	/* only when there are some: older revisions' JSON stays the same */
	if (as->nattachments > 0) {
		if (put(o, "attachments", arr = json_array()))
			goto out;
		for (size_t i = 0; i < as->nattachments; i++) {
			const struct attachment *at = &as->attachments[i];

			if (json_array_append_new(arr, json_pack(
			    "{s:s,s:s,s:s?,s:I}", "name", at->name, "sha256",
			    at->sha256, "type", at->type,
			    "size", (json_int_t)at->size)) != 0)
				goto out;
		}
	}
	if (as->source != NULL && put(o, "source", json_string(as->source)))
		goto out;
	if (flags & ASSET_JSON_META) {
		if (put(o, "revision", json_integer(as->revision)) ||
		    put(o, "created_at", time_json(as->created_at, 0)) ||
		    put(o, "updated_at", time_json(as->updated_at, 0)))
			goto out;
	}
	*out = o;
	o = NULL;
	e = ERR_OK;
out:
	json_decref(o);
	return e;
}

struct dump_ctx {
	struct buf *b;
};

static int
dump_cb(const char *p, size_t n, void *data)
{
	struct dump_ctx *c = data;

	buf_add(c->b, p, n);
	return c->b->err == ERR_OK ? 0 : -1;
}

enum err
asset_json_write(const struct asset *as, unsigned flags, struct buf *b)
{
	struct dump_ctx c = { b };
	json_t *j = NULL;
	enum err e;
	size_t jflags = JSON_PRESERVE_ORDER;

	e = asset_to_json(as, flags, &j);
	if (e != ERR_OK)
		return e;
	jflags |= (flags & ASSET_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
	if (json_dump_callback(j, dump_cb, &c, jflags) != 0)
		e = b->err != ERR_OK ? b->err : ERR_NOMEM;
	json_decref(j);
	return e;
}

/* --- reading ----------------------------------------------------------- */

struct reader {
	struct arena *a;
	struct diag *d;
	enum err e;
};

static bool
fail(struct reader *r, enum err e, const char *path, const char *detail)
{
	if (r->e == ERR_OK)
		r->e = e;
	diag_set(r->d, 0, 0, "%s: %s", path, detail);
	return false;
}

/* a string member; missing -> def (may be NULL meaning required) */
static bool
get_str(struct reader *r, const json_t *o, const char *key, const char *path,
    const char *def, bool nullable, char **out)
{
	const json_t *v = json_object_get(o, key);
	char full[256];

	snprintf(full, sizeof full, "%s%s%s", path, path[0] ? "." : "", key);
	if (v == NULL || (nullable && json_is_null(v))) {
		if (def == NULL && !nullable)
			return fail(r, ERR_INVAL, full, "is missing");
		*out = def == NULL ? NULL : arena_strdup(r->a, def);
		if (def != NULL && *out == NULL)
			return fail(r, r->a->err, full,
			    "out of memory");
		return true;
	}
	if (!json_is_string(v))
		return fail(r, ERR_INVAL, full, "must be a string");
	*out = arena_strndup(r->a, json_string_value(v), json_string_length(v));
	if (*out == NULL)
		return fail(r, r->a->err, full, "out of memory");
	if (strlen(*out) != json_string_length(v))
		return fail(r, ERR_INVAL, full,
		    "contains a NUL character");
	return true;
}

static bool
read_speakers(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *arr = json_object_get(j, "speakers"), *v;
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr))
		return fail(r, ERR_INVAL, "speakers",
		    "must be an array");
	if (json_array_size(arr) > LIMIT_SPEAKERS)
		return fail(r, ERR_LIMIT, "speakers", "too many");
	json_array_foreach(arr, i, v) {
		char path[48], *name, *title;
		int idx;

		snprintf(path, sizeof path, "speakers[%zu]", i);
		if (json_is_string(v)) {
			name = arena_strdup(r->a, json_string_value(v));
			title = NULL;
			if (name == NULL)
				return fail(r, ERR_NOMEM, path,
				    "out of memory");
			if (strlen(name) != json_string_length(v))
				return fail(r, ERR_INVAL, path,
				    "contains a NUL character");
		} else if (!json_is_object(v)) {
			return fail(r, ERR_INVAL, path,
			    "must be an object with a name");
		} else if (!get_str(r, v, "name", path, NULL, false, &name) ||
		    !get_str(r, v, "title", path, NULL, true, &title)) {
			return false;
		}
		/* no title and an empty one are the same: none */
		if (title != NULL && title[0] == '\0')
			title = NULL;
		for (size_t k = 0; k < as->nspeakers; k++)
			if (strcmp(as->speakers[k].name, name) == 0)
				return fail(r, ERR_INVAL, path,
				    "this name is listed twice");
		if (asset_speaker_intern(r->a, as, name, title, &idx) != ERR_OK)
			return fail(r, ERR_NOMEM, path,
			    "out of memory");
	}
	return true;
}

static bool
read_blocks(struct reader *r, const json_t *arr, struct asset *as,
    struct translation *t, const char *tpath)
{
	const json_t *v;
	size_t i;
	unsigned np = 0, nt = 0;
	char path[192], gen[BLOCK_ID_MAX];
	enum err e;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr))
		return fail(r, ERR_INVAL, tpath,
		    "blocks must be an array");
	if (json_array_size(arr) > LIMIT_BLOCKS)
		return fail(r, ERR_LIMIT, tpath, "too many blocks");
	json_array_foreach(arr, i, v) {
		char *type_s, *role_s, *speaker_s, *id, *text;
		enum block_type type;
		enum turn_role role = TURN_ROLE_NONE;
		int speaker = -1;

		snprintf(path, sizeof path, "%s.blocks[%zu]", tpath, i);
		if (!json_is_object(v))
			return fail(r, ERR_INVAL, path,
			    "must be an object");
		if (!get_str(r, v, "type", path, "paragraph", false,
		    &type_s) ||
		    !get_str(r, v, "role", path, NULL, true, &role_s) ||
		    !get_str(r, v, "speaker", path, NULL, true, &speaker_s) ||
		    !get_str(r, v, "id", path, NULL, true, &id) ||
		    !get_str(r, v, "text", path, NULL, false, &text))
			return false;
		if (block_type_parse(type_s, &type) != ERR_OK)
			return fail(r, ERR_INVAL, path,
			    "type must be \"paragraph\" or \"turn\"");
		if (type == BLOCK_TURN) {
			if (role_s == NULL)
				role_s = "statement";
			if (turn_role_parse(role_s, &role) != ERR_OK)
				return fail(r, ERR_INVAL, path,
				    "role must be statement, question, "
				    "answer or remark");
			if (speaker_s != NULL) {
				speaker = -1;
				for (size_t k = 0; k < as->nspeakers; k++)
					if (strcmp(as->speakers[k].name,
					    speaker_s) == 0)
						speaker = (int)k;
				if (speaker < 0 && (e = asset_speaker_intern(
				    r->a, as, speaker_s, NULL, &speaker)) !=
				    ERR_OK)
					return fail(r, e, path, e == ERR_LIMIT ?
					    "too many speakers" :
					    err_str(e));
			}
		} else if ((role_s != NULL && role_s[0] != '\0') ||
		    speaker_s != NULL) {
			return fail(r, ERR_INVAL, path,
			    "a paragraph has no role or speaker");
		}
		if (id == NULL) {
			snprintf(gen, sizeof gen, "%c%u",
			    type == BLOCK_TURN ? 't' : 'p',
			    type == BLOCK_TURN ? ++nt : ++np);
			id = gen;
		} else if (id[0] == 'p' || id[0] == 't') {
			/* numbering continues after explicit ids, so mixing
			 * given and missing ids never repeats one */
			unsigned long num = strtoul(id + 1, NULL, 10);
			unsigned *last = id[0] == 't' ? &nt : &np;

			if (num > *last && num < 1000000)
				*last = (unsigned)num;
		}
		e = translation_block_add(r->a, t, id, type, role, speaker,
		    text, strlen(text));
		if (e != ERR_OK)
			return fail(r, e, path, e == ERR_INVAL ?
			    "the id is too long" : e == ERR_LIMIT ?
			    "too many blocks" : err_str(e));
	}
	return true;
}

static bool
read_translations(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *obj = json_object_get(j, "translations"), *v;
	const char *key;
	enum err e;

	if (obj == NULL || !json_is_object(obj))
		return fail(r, ERR_INVAL, "translations",
		    "must be an object keyed by locale");
	json_object_foreach((json_t *)obj, key, v) {
		struct translation *t;
		struct locale l;
		char path[96];

		snprintf(path, sizeof path, "translations.%.60s", key);
		if (locale_parse(str_from(key), &l) != ERR_OK)
			return fail(r, ERR_INVAL, path,
			    "is not a BCP 47 language tag");
		if (!json_is_object(v))
			return fail(r, ERR_INVAL, path,
			    "must be an object");
		e = asset_translation_add(r->a, as, &l, &t);
		if (e != ERR_OK)
			return fail(r, e == ERR_CONFLICT ? ERR_INVAL : e, path,
			    e == ERR_CONFLICT ?
			    "appears twice (after normalisation)" :
			    e == ERR_LIMIT ? "too many translations" :
			    err_str(e));
		if (!get_str(r, v, "title", path, NULL, false, &t->title) ||
		    !get_str(r, v, "summary", path, "", false, &t->summary) ||
		    !get_str(r, v, "update_note", path, "", false,
		    &t->update_note) ||
		    !read_blocks(r, json_object_get(v, "blocks"), as, t, path))
			return false;
	}
	return true;
}

static bool
read_locales(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *arr = json_object_get(j, "locales"), *v;
	size_t i;

	if (arr == NULL || json_is_null(arr)) {
		/* announced = translated when not said otherwise */
		as->locales = arena_calloc(r->a, as->ntranslations + 1,
		    sizeof *as->locales);
		if (as->locales == NULL)
			return fail(r, ERR_NOMEM, "locales",
			    "out of memory");
		for (i = 0; i < as->ntranslations; i++)
			as->locales[i] = as->translations[i].locale;
		as->nlocales = as->ntranslations;
		return true;
	}
	if (!json_is_array(arr))
		return fail(r, ERR_INVAL, "locales",
		    "must be an array of language tags");
	if (json_array_size(arr) > LIMIT_LOCALES)
		return fail(r, ERR_LIMIT, "locales", "too many");
	as->locales = arena_calloc(r->a, json_array_size(arr) + 1,
	    sizeof *as->locales);
	if (as->locales == NULL)
		return fail(r, ERR_NOMEM, "locales", "out of memory");
	json_array_foreach(arr, i, v) {
		char path[32];

		snprintf(path, sizeof path, "locales[%zu]", i);
		if (!json_is_string(v) || locale_parse(str_make(
		    json_string_value(v), json_string_length(v)),
		    &as->locales[i]) != ERR_OK)
			return fail(r, ERR_INVAL, path,
			    "is not a BCP 47 language tag");
		as->nlocales++;
	}
	return true;
}

static bool
read_related(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *arr = json_object_get(j, "related"), *v;
	size_t i, n;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr))
		return fail(r, ERR_INVAL, "related",
		    "must be an array of at most 100 asset ids or slugs");
	n = json_array_size(arr);
	if (n > LIMIT_RELATED)
		return fail(r, ERR_LIMIT, "related",
		    "must be an array of at most 100 asset ids or slugs");
	as->related = arena_calloc(r->a, n + 1, sizeof *as->related);
	as->related_slugs = arena_calloc(r->a, n + 1,
	    sizeof *as->related_slugs);
	if (as->related == NULL || as->related_slugs == NULL)
		return fail(r, ERR_NOMEM, "related", "out of memory");
	json_array_foreach(arr, i, v) {
		if (json_is_string(v)) {
			const char *slug = json_string_value(v);

			if (strlen(slug) != json_string_length(v) ||
			    !slug_valid(slug))
				return fail(r, ERR_INVAL, "related",
				    "a slug must be a-z, 0-9 and '-'");
			as->related_slugs[as->nrelated_slugs] =
			    arena_strdup(r->a, slug);
			if (as->related_slugs[as->nrelated_slugs] == NULL)
				return fail(r, ERR_NOMEM, "related",
				    "out of memory");
			as->nrelated_slugs++;
			continue;
		}
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return fail(r, ERR_INVAL, "related",
			    "must hold positive asset ids or slugs");
		as->related[as->nrelated++] = json_integer_value(v);
	}
	return true;
}

/* "attachments": [{"name", "sha256"}] ("type" and "size" are the
 * store's to say and are ignored) */
static bool
read_attachments(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *arr = json_object_get(j, "attachments"), *v;
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr))
		return fail(r, ERR_INVAL, "attachments", "must be an array");
	json_array_foreach(arr, i, v) {
		const char *name = json_string_value(json_object_get(v,
		    "name"));
		const char *sha = json_string_value(json_object_get(v,
		    "sha256"));
		enum err e;

		if (!json_is_object(v) || name == NULL || sha == NULL)
			return fail(r, ERR_INVAL, "attachments",
			    "each needs \"name\" and \"sha256\"");
		e = asset_attachment_add(r->a, as, sha, name);
		if (e != ERR_OK)
			return fail(r, e == ERR_NOMEM ? e : e == ERR_LIMIT ?
			    e : ERR_INVAL, "attachments", e == ERR_LIMIT ?
			    "too many" : e == ERR_CONFLICT ?
			    "a name is attached twice" : e == ERR_NOMEM ?
			    "out of memory" : "a name or sha256 is not valid "
			    "(64 lowercase hex digits; a file name without "
			    "'/', '\\' or a leading '.')");
	}
	return true;
}

static bool read_time(struct reader *r, const json_t *j, const char *key,
    bool required, int64_t *t, int *offset);

static bool
read_tags(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *arr = json_object_get(j, "tags"), *v;
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > LIMIT_TAGS)
		return fail(r, ERR_INVAL, "tags",
		    "must be an array of at most 50 strings");
	json_array_foreach(arr, i, v) {
		char tag[TAG_MAX];
		enum err e;

		if (!json_is_string(v))
			return fail(r, ERR_INVAL, "tags", "must hold strings");
		e = tag_normalise(json_string_value(v), json_string_length(v),
		    tag);
		if (e != ERR_OK)
			return fail(r, e, "tags", e == ERR_LIMIT ?
			    "a tag is too long" :
			    "a tag must be text without commas or controls");
		if ((e = asset_tag_add(r->a, as, tag)) != ERR_OK)
			return fail(r, e, "tags", err_str(e));
	}
	return true;
}

/* "status", "publish_at", "withdrawn_at", "withdraw_reason" */
static bool
read_state(struct reader *r, const json_t *j, struct asset *as)
{
	const json_t *v = json_object_get(j, "status");
	int off;

	/* an asset without a status is published (imports, examples) */
	as->status = ASSET_PUBLISHED;
	if (v != NULL && !json_is_null(v) && (!json_is_string(v) ||
	    asset_status_parse(json_string_value(v), &as->status) != ERR_OK))
		return fail(r, ERR_INVAL, "status", "must be draft, published, "
		    "withdrawn or unpublished");
	if (!read_time(r, j, "publish_at", false, &as->publish_at, &off) ||
	    !read_time(r, j, "withdrawn_at", false, &as->withdrawn_at, &off) ||
	    !get_str(r, j, "withdraw_reason", "", NULL, true,
		&as->withdraw_reason) ||
	    !read_time(r, j, "update_note_at", false, &as->update_note_at,
		&off))
		return false;
	return true;
}

static bool
read_time(struct reader *r, const json_t *j, const char *key, bool required,
    int64_t *t, int *offset)
{
	const json_t *v = json_object_get(j, key);

	if (v == NULL || json_is_null(v)) {
		if (required)
			return fail(r, ERR_INVAL, key, "is missing");
		return true;
	}
	if (!json_is_string(v) || time_parse_rfc3339(json_string_value(v),
	    json_string_length(v), t, offset) != ERR_OK)
		return fail(r, ERR_INVAL, key,
		    "must be an RFC 3339 date-time such as "
		    "2015-06-11T18:30:00+03:00");
	return true;
}

enum err
asset_from_json(struct arena *a, const json_t *j, struct asset **out,
    struct diag *d)
{
	struct reader r = { a, d, ERR_OK };
	struct asset *as;
	const json_t *v;
	char *kind;
	int off;

	if (!json_is_object(j)) {
		diag_set(d, 0, 0, "an asset must be a JSON object");
		return ERR_INVAL;
	}
	as = asset_new(a);
	if (as == NULL)
		return a->err;
	v = json_object_get(j, "id");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			diag_set(d, 0, 0, "id: must be a positive integer");
			return ERR_INVAL;
		}
		as->id = json_integer_value(v);
	}
	v = json_object_get(j, "revision");
	if (v != NULL && json_is_integer(v))
		as->revision = json_integer_value(v);
	if (!get_str(&r, j, "slug", "", "", false, &as->slug) ||
	    !get_str(&r, j, "kind", "", NULL, false, &kind) ||
	    !get_str(&r, j, "place", "", "", false, &as->place) ||
	    !get_str(&r, j, "source", "", NULL, true, &as->source) ||
	    !read_time(&r, j, "published_at", true, &as->event_at,
		&as->event_offset) ||
	    !read_time(&r, j, "created_at", false, &as->created_at, &off) ||
	    !read_time(&r, j, "updated_at", false, &as->updated_at, &off))
		return r.e;
	if (asset_kind_parse(kind, &as->kind) != ERR_OK) {
		diag_set(d, 0, 0, "kind: \"%.40s\" is not one of statement, "
		    "speech, transcript, press-release, news, briefing, "
		    "interview", kind);
		return ERR_INVAL;
	}
	if (!read_speakers(&r, j, as) || !read_translations(&r, j, as) ||
	    !read_locales(&r, j, as) || !read_related(&r, j, as) ||
	    !read_tags(&r, j, as) || !read_state(&r, j, as) ||
	    !read_attachments(&r, j, as))
		return r.e;
	if (as->slug[0] != '\0') {
		enum err e = asset_validate(as, d);

		if (e != ERR_OK)
			return e;
	}
	*out = as;
	return ERR_OK;
}

enum err
asset_json_parse(struct arena *a, const char *text, size_t n,
    struct asset **out, struct diag *d)
{
	json_error_t jerr;
	json_t *j;
	enum err e;

	if (n > LIMIT_ASSET_JSON_BYTES) {
		diag_set(d, 0, 0, "JSON text is larger than %u bytes",
		    LIMIT_ASSET_JSON_BYTES);
		return ERR_LIMIT;
	}
	json_alloc_failed = false;
	j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL) {
		if (json_alloc_failed ||
		    json_error_code(&jerr) == json_error_out_of_memory) {
			diag_set(d, 0, 0, "out of memory");
			return ERR_NOMEM;
		}
		diag_set(d, jerr.line > 0 ? (unsigned)jerr.line : 0,
		    jerr.column > 0 ? (unsigned)jerr.column : 0, "%s",
		    jerr.text);
		return ERR_INVAL;
	}
	if (json_alloc_failed) {
		/*
		 * jansson's lexer ignores a failed append and goes on, so a
		 * string may have lost characters: never trust such a tree.
		 */
		json_decref(j);
		diag_set(d, 0, 0, "out of memory");
		return ERR_NOMEM;
	}
	e = asset_from_json(a, j, out, d);
	json_decref(j);
	return e;
}
