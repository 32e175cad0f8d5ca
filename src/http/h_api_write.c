/*
 * h_api_write.c - the write API: POST /api/v1/assets (create), PUT
 * /api/v1/assets/{id} (replace: a new revision), POST
 * /api/v1/assets/{id}/{schedule,publish,withdraw,unpublish}, the
 * revisions (list, one, diff, restore) and GET /api/v1/me.
 *
 * Bodies are the read API's JSON shape (asset_json.h) plus "status",
 * "publish_at", and optionally "revision" (the revision the client
 * edited: a stale one is 409) and "note" (the change note). Every change
 * is checked by authz_asset_change(), the same rule the admin UI uses;
 * the dispatcher has already checked Origin and CSRF. Does not render
 * HTML.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "http_internal.h"
#include "pressroom/banned.h"

#define JSON_TYPE "application/json; charset=utf-8"

static enum err
reply_json_text(struct hctx *h, int status, struct buf *b)
{
	struct http_reply *r;

	if (b->err != ERR_OK)
		return b->err;
	r = reply_from_buf(status, JSON_TYPE, b);
	if (r == NULL)
		return ERR_NOMEM;
	h->reply = r;
	return ERR_OK;
}

/* The asset as the API shows it to a signed-in user. */
static enum err
reply_asset(struct hctx *h, int status, const struct asset *as)
{
	struct buf b;
	enum err e;

	buf_init(&b, 2 * LIMIT_ASSET_JSON_BYTES);
	e = asset_json_write(as, ASSET_JSON_META | ASSET_JSON_PRETTY |
	    ASSET_JSON_STATUS, &b);
	buf_addc(&b, '\n');
	if (e == ERR_OK)
		e = reply_json_text(h, status, &b);
	buf_release(&b);
	if (e == ERR_OK && status == 201) {
		char loc[64];

		snprintf(loc, sizeof loc, "/api/v1/assets/%lld",
		    (long long)as->id);
		e = reply_header(h->reply, "Location", loc);
	}
	return e;
}

static enum err
need_json(struct hctx *h)
{
	const char *ct = h->req->header(h->req->ctx, "Content-Type");

	if (form_type_is(ct, "application/json"))
		return ERR_OK;
	h->why = "the body must be JSON (Content-Type: application/json)";
	return ERR_INVAL;
}

static enum err
bad(struct hctx *h, enum err e, const struct diag *d)
{
	char msg[DIAG_MSG_MAX + 64];

	diag_format(d, msg, sizeof msg);
	h->why = arena_strdup(h->a, msg);
	return e;
}

/* The body's "note" and "revision", read beside the asset itself. */
static enum err
read_extras(struct hctx *h, const char **note, int64_t *revision)
{
	json_error_t jerr;
	json_t *j = asset_json_loadb(h->req->body != NULL ? h->req->body :
	    "", h->req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *v;
	enum err e = ERR_OK;

	*note = NULL;
	*revision = 0;
	if (j == NULL)	/* asset_json_parse reports the syntax */
		return json_error_code(&jerr) == json_error_out_of_memory ?
		    ERR_NOMEM : ERR_OK;
	v = json_object_get(j, "note");
	if (json_is_string(v))
		*note = arena_strdup(h->a, json_string_value(v));
	else if (v != NULL && !json_is_null(v)) {
		h->why = "\"note\" must be a string";
		e = ERR_INVAL;
	}
	v = json_object_get(j, "revision");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		*revision = json_integer_value(v);
	json_decref(j);
	return e;
}

/* Parses the body into an asset; slug may be empty. */
static enum err
body_asset(struct hctx *h, struct asset **out)
{
	struct diag d;
	enum err e;

	if ((e = need_json(h)) != ERR_OK)
		return e;
	diag_init(&d, "body");
	e = asset_json_parse(h->a, h->req->body != NULL ? h->req->body : "",
	    h->req->body_len, out, &d);
	if (e != ERR_OK)
		return bad(h, e, &d);
	return ERR_OK;
}

enum err
asset_slug_make(struct hctx *h, struct asset *as)
{
	const char *title = as->ntranslations > 0 ?
	    as->translations[0].title : NULL;
	char *base;
	int64_t id;
	enum err e;

	if ((e = import_make_slug(h->a, as, title, &base)) != ERR_OK)
		return e;
	as->slug = base;
	for (int i = 2; i < 100; i++) {
		e = store_asset_find(h->store, as->slug, NULL, &id);
		if (e == ERR_NOTFOUND)
			return ERR_OK;
		if (e != ERR_OK)
			return e;
		as->slug = arena_printf(h->a, "%s-%d", base, i);
		if (as->slug == NULL)
			return ERR_NOMEM;
	}
	h->why = "no free slug for this title and date: give one";
	return ERR_CONFLICT;
}

static enum err
check_related(struct hctx *h, struct asset *as)
{
	enum err e = store_asset_resolve_related(h->store, h->a, as);

	if (e == ERR_OK && as->nrelated_slugs > 0) {
		h->why = arena_printf(h->a, "related: there is no asset "
		    "\"%.200s\"", as->related_slugs[0]);
		return ERR_INVAL;
	}
	return e;
}

static enum err
save(struct hctx *h, struct asset *as, const char *note, int64_t expect,
    struct store_save_result *res)
{
	struct store_save_opts o = { .author = h->auth.user->name,
		.author_id = h->auth.user->id, .note = note,
		.expect_revision = expect, .now = h->now };
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_asset_save(h->store, as, &o, res, &d);
	if (e == ERR_CONFLICT && expect > 0 && d.msg[0] == '\0')
		h->why = "the asset changed since that revision: reload it";
	else if (e != ERR_OK && d.msg[0] != '\0')
		return bad(h, e, &d);
	if (e == ERR_OK)
		app_generation_stale(h->app);
	return e;
}

static enum err
check(struct hctx *h, const struct asset *old, int64_t owner,
    const struct asset *new)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = authz_asset_change(h->auth.user, old, owner, new, &d);
	return e != ERR_OK ? bad(h, e, &d) : ERR_OK;
}

/*
 * A public update note that is new or changed dates the notes: now. One
 * that is gone from every translation leaves no date.
 */
static void
date_update_notes(struct hctx *h, const struct asset *old, struct asset *as)
{
	bool any = false, changed = false;

	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];
		const struct translation *ot = old != NULL ?
		    asset_translation(old, &t->locale) : NULL;
		const char *n = t->update_note != NULL ? t->update_note : "";

		if (n[0] == '\0')
			continue;
		any = true;
		if (ot == NULL || ot->update_note == NULL ||
		    strcmp(ot->update_note, n) != 0)
			changed = true;
	}
	if (!any)
		as->update_note_at = 0;
	else if (changed || old == NULL || old->update_note_at == 0)
		as->update_note_at = h->now;
	else
		as->update_note_at = old->update_note_at;
}

enum err
asset_save_checked(struct hctx *h, const struct asset *old, int64_t owner,
    struct asset *as, const char *note, int64_t expect,
    struct store_save_result *res)
{
	enum err e;

	date_update_notes(h, old, as);
	if ((e = check(h, old, owner, as)) != ERR_OK ||
	    (e = check_related(h, as)) != ERR_OK)
		return e;
	return save(h, as, note, expect, res);
}

/* Reloads the saved asset and answers with it. */
static enum err
answer(struct hctx *h, int status, int64_t id)
{
	struct asset *as;
	enum err e = store_asset_get(h->store, h->a, id, &as);

	return e != ERR_OK ? e : reply_asset(h, status, as);
}

enum err
h_api_create(struct hctx *h)
{
	struct asset *as;
	struct store_save_result res;
	const char *note;
	int64_t rev;
	enum err e;

	if ((e = body_asset(h, &as)) != ERR_OK ||
	    (e = read_extras(h, &note, &rev)) != ERR_OK)
		return e;
	as->id = 0;
	date_update_notes(h, NULL, as);
	if ((e = check(h, NULL, 0, as)) != ERR_OK)
		return e;
	if ((as->slug == NULL || as->slug[0] == '\0') &&
	    (e = asset_slug_make(h, as)) != ERR_OK)
		return e;
	if ((e = check_related(h, as)) != ERR_OK)
		return e;
	if ((e = save(h, as, note != NULL ? note : "created", 0, &res)) !=
	    ERR_OK)
		return e;
	return answer(h, 201, res.id);
}

/* The asset h->id as it is now, with its creator. */
enum err
asset_load_owned(struct hctx *h, struct asset **as, int64_t *owner)
{
	enum err e = store_asset_get(h->store, h->a, h->id, as);

	if (e == ERR_OK)
		e = store_asset_owner(h->store, h->id, owner);
	return e;
}

static enum err
may_read(struct hctx *h)
{
	const char *why;

	if (authz_allowed(h->auth.user, AUTHZ_READ_DRAFTS, NULL, &why))
		return ERR_OK;
	h->why = why;
	return ERR_FORBIDDEN;
}

enum err
h_api_replace(struct hctx *h)
{
	struct asset *old, *as;
	struct store_save_result res;
	const char *note, *im;
	int64_t owner, rev;
	enum err e;

	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK ||
	    (e = body_asset(h, &as)) != ERR_OK ||
	    (e = read_extras(h, &note, &rev)) != ERR_OK)
		return e;
	/* If-Match: "revision-N" works as well as the body's "revision" */
	im = h->req->header(h->req->ctx, "If-Match");
	if (rev == 0 && im != NULL && strcmp(im, "*") != 0) {
		long long v;
		char end = 0;

		if (sscanf(im, "\"r%lld\"%c", &v, &end) != 1 || v <= 0) {
			/* a validator we never gave cannot match (RFC 9110
			 * 13.1.1: the precondition fails) */
			h->why = "If-Match must be \"rN\", N the revision you "
			    "edited";
			return ERR_CONFLICT;
		}
		rev = v;
	}
	if (rev > 0 && rev != old->revision) {
		h->why = arena_printf(h->a, "asset %lld is at revision %lld, "
		    "not %lld: someone saved it meanwhile; reload it",
		    (long long)h->id, (long long)old->revision,
		    (long long)rev);
		return ERR_CONFLICT;
	}
	as->id = h->id;
	if (as->slug == NULL || as->slug[0] == '\0')
		as->slug = old->slug;
	/* the state's dates stay unless the state itself changes */
	if (as->status == old->status && as->publish_at == 0)
		as->publish_at = old->publish_at;
	if (as->status == old->status && as->withdrawn_at == 0)
		as->withdrawn_at = old->withdrawn_at;
	date_update_notes(h, old, as);
	if ((e = check(h, old, owner, as)) != ERR_OK ||
	    (e = check_related(h, as)) != ERR_OK ||
	    (e = save(h, as, note != NULL ? note : "edited", rev, &res)) !=
	    ERR_OK)
		return e;
	return answer(h, 200, h->id);
}

bool
state_op_valid(const char *op)
{
	return strcmp(op, "publish") == 0 || strcmp(op, "schedule") == 0 ||
	    strcmp(op, "withdraw") == 0 || strcmp(op, "unpublish") == 0 ||
	    strcmp(op, "draft") == 0;
}

enum err
state_change(struct hctx *h, const char *op, int64_t at, const char *reason)
{
	struct asset *old, *as;
	struct store_save_result res;
	int64_t owner;
	const char *note;
	enum err e;

	if (!state_op_valid(op))
		return ERR_NOTFOUND;
	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK)
		return e;
	as = arena_alloc(h->a, sizeof *as);
	if (as == NULL)
		return ERR_NOMEM;
	*as = *old;
	if (strcmp(op, "publish") == 0) {
		as->status = ASSET_PUBLISHED;
		as->publish_at = 0;	/* now */
		note = "published";
	} else if (strcmp(op, "schedule") == 0) {
		char t[TIME_RFC3339_MAX];

		if (at <= 0 || time_format_rfc3339(at, 0, t) != ERR_OK) {
			h->why = "schedule needs \"publish_at\": an RFC 3339 "
			    "time such as 2026-12-01T10:00:00+01:00";
			return ERR_INVAL;
		}
		as->status = ASSET_PUBLISHED;
		as->publish_at = at;
		note = arena_printf(h->a, "scheduled for %s", t);
	} else if (strcmp(op, "withdraw") == 0) {
		if (reason == NULL || str_trim(str_from(reason)).len == 0) {
			h->why = "withdraw needs a \"reason\" (it is shown on "
			    "the page)";
			return ERR_INVAL;
		}
		as->status = ASSET_WITHDRAWN;
		as->withdrawn_at = 0;
		as->withdraw_reason = arena_strdup(h->a, reason);
		note = "withdrawn";
	} else if (strcmp(op, "unpublish") == 0) {
		as->status = ASSET_UNPUBLISHED;
		note = "unpublished";
	} else {
		as->status = ASSET_DRAFT;
		as->publish_at = 0;
		note = "back to draft";
	}
	if ((e = check(h, old, owner, as)) != ERR_OK ||
	    (e = save(h, as, note, 0, &res)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* POST /api/v1/assets/{id}/{op}: args[0] is op. */
enum err
h_api_state(struct hctx *h)
{
	const char *op = h->args[0], *reason = NULL;
	json_error_t jerr;
	json_t *j = NULL, *v;
	int64_t at = 0;
	int off;
	enum err e;

	if (!state_op_valid(op))
		return ERR_NOTFOUND;
	if (h->req->body_len > 0) {
		if ((e = need_json(h)) != ERR_OK)
			return e;
		j = asset_json_loadb(h->req->body, h->req->body_len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (j == NULL &&
		    json_error_code(&jerr) == json_error_out_of_memory) {
			e = ERR_NOMEM;
			goto out;
		}
		if (j == NULL || !json_is_object(j)) {
			h->why = "the body must be a JSON object";
			e = ERR_INVAL;
			goto out;
		}
		v = json_object_get(j, "publish_at");
		if (json_is_string(v) && time_parse_rfc3339(
		    json_string_value(v), strlen(json_string_value(v)), &at,
		    &off) != ERR_OK)
			at = -1;
		v = json_object_get(j, "reason");
		if (json_is_string(v))
			reason = arena_strdup(h->a, json_string_value(v));
	}
	if ((e = state_change(h, op, at, reason)) == ERR_OK)
		e = answer(h, 200, h->id);
out:
	json_decref(j);
	return e;
}

/* GET /api/v1/assets/{id} for a signed-in user: any status. */
enum err
h_api_asset_private(struct hctx *h)
{
	struct asset *as;
	enum err e;

	if ((e = may_read(h)) != ERR_OK ||
	    (e = store_asset_get(h->store, h->a, h->id, &as)) != ERR_OK)
		return e;
	e = reply_asset(h, 200, as);
	if (e == ERR_OK) {
		char etag[40];

		snprintf(etag, sizeof etag, "\"r%lld\"",
		    (long long)as->revision);
		e = reply_header(h->reply, "X-Revision-ETag", etag);
	}
	return e;
}

enum err
h_api_revisions(struct hctx *h)
{
	struct store_revision *revs;
	size_t n;
	json_t *list, *j;
	struct buf b;
	char *text;
	enum err e;

	if ((e = may_read(h)) != ERR_OK ||
	    (e = store_revisions(h->store, h->a, h->id, &revs, &n)) != ERR_OK)
		return e;
	list = json_array();
	for (size_t i = 0; i < n && list != NULL; i++) {
		char t[40];

		if (time_format_rfc3339(revs[i].created_at, 0, t) != ERR_OK)
			t[0] = '\0';
		if (json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s}",
		    "revision", (json_int_t)revs[i].revision, "created_at", t,
		    "author", revs[i].author != NULL ? revs[i].author : "",
		    "note", revs[i].note != NULL ? revs[i].note : "")) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	j = list != NULL ? json_pack("{s:I,s:o}", "id", (json_int_t)h->id,
	    "revisions", list) : NULL;
	text = j != NULL ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (text == NULL)
		return ERR_NOMEM;
	buf_init(&b, LIMIT_ASSET_JSON_BYTES);
	buf_adds(&b, text);
	buf_addc(&b, '\n');
	mem_free(text);
	e = reply_json_text(h, 200, &b);
	buf_release(&b);
	return e;
}

enum err
h_api_me(struct hctx *h)
{
	const struct user *u = h->auth.user;
	json_t *locales = json_array(), *j;
	struct buf b;
	char *text;
	enum err e;

	for (size_t i = 0; i < u->nlocales && locales != NULL; i++)
		if (json_array_append_new(locales,
		    json_string(u->locales[i].tag)) != 0) {
			json_decref(locales);
			locales = NULL;
		}
	j = locales != NULL ? json_pack("{s:I,s:s,s:s,s:o,s:s}", "id",
	    (json_int_t)u->id, "name", u->name, "role",
	    user_role_name(u->role), "locales", locales, "via",
	    h->auth.via == AUTH_TOKEN ? "token" : "session") : NULL;
	if (j != NULL && h->auth.via == AUTH_SESSION &&
	    json_object_set_new(j, "csrf", json_string(h->auth.csrf)) != 0) {
		json_decref(j);
		j = NULL;
	}
	text = j != NULL ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (text == NULL)
		return ERR_NOMEM;
	buf_init(&b, 1 << 16);
	buf_adds(&b, text);
	buf_addc(&b, '\n');
	mem_free(text);
	e = reply_json_text(h, 200, &b);
	buf_release(&b);
	return e;
}

/*
 * POST /api/v1/assets/{id}/translations/{locale}/confirm
 * {"blocks": ["t4", ...], "head": true}: the translator's "still right"
 * for outdated blocks (and the title and summary), without a new revision;
 * all or nothing (an unknown block id: 404, nothing confirmed).
 */
enum err
h_api_confirm(struct hctx *h)
{
	struct asset *as;
	int64_t owner;
	json_error_t jerr;
	json_t *j = NULL, *v, *blocks;
	struct authz_object ob = { 0 };
	size_t i;
	bool began = false;
	enum err e;

	if ((e = asset_load_owned(h, &as, &owner)) != ERR_OK)
		return e;
	ob.owner = owner;
	ob.status = as->status;
	ob.locale = &h->locale;
	if (!authz_allowed(h->auth.user, AUTHZ_TRANSLATION_EDIT, &ob, &h->why))
		return ERR_FORBIDDEN;
	if ((e = need_json(h)) != ERR_OK)
		return e;
	j = asset_json_loadb(h->req->body != NULL ? h->req->body : "",
	    h->req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL && json_error_code(&jerr) == json_error_out_of_memory) {
		e = ERR_NOMEM;
		goto out;
	}
	blocks = j != NULL ? json_object_get(j, "blocks") : NULL;
	if (j == NULL || !json_is_object(j) ||
	    (blocks != NULL && !json_is_array(blocks))) {
		h->why = "the body must be {\"blocks\": [ids], \"head\": "
		    "true|false}";
		e = ERR_INVAL;
		goto out;
	}
	/* all or nothing: one unknown block id and nothing is confirmed */
	if ((e = store_batch_begin(h->store)) != ERR_OK)
		goto out;
	began = true;
	if (json_is_true(json_object_get(j, "head")) &&
	    (e = store_translation_confirm(h->store, h->id, h->locale.tag,
	    "")) != ERR_OK) {
		h->why = "there is no such translation, or it is the source";
		goto out;
	}
	json_array_foreach(blocks, i, v) {
		const char *id = json_string_value(v);

		if (id == NULL || strlen(id) >= BLOCK_ID_MAX) {
			h->why = "blocks: block ids such as \"t4\"";
			e = ERR_INVAL;
			goto out;
		}
		if ((e = store_translation_confirm(h->store, h->id,
		    h->locale.tag, id)) != ERR_OK) {
			h->why = arena_printf(h->a, "blocks: %s is not a block "
			    "of both the source and this translation", id);
			goto out;
		}
	}
	e = store_batch_end(h->store, true);
	began = false;
	if (e != ERR_OK)
		goto out;
	app_generation_stale(h->app);
	e = answer(h, 200, h->id);
out:
	if (began)
		store_batch_end(h->store, false);
	json_decref(j);
	return e;
}
