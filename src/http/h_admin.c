/*
 * h_admin.c - the editors' web interface under /admin: the view helpers
 * every admin page shares, sign-in and sign-out, the asset list, the
 * translation to-do list, users and API tokens, and the admin error page.
 * The asset editor, translations and history are in h_admin_asset.c.
 *
 * Pages are server-rendered forms that work without JavaScript; every
 * form carries the session's CSRF token (the dispatcher checks it and the
 * Origin before any handler of a POST runs). Replies are private: never
 * cached, never compressed. Every action asks authz_allowed(); nothing
 * here decides who may do what by itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/limits.h"
#include "pressroom/page.h"
#include "pressroom/time.h"
#include "admin_internal.h"
#include "pressroom/banned.h"

#define HTML "text/html; charset=utf-8"
#define ADMIN_PAGE_SIZE 30

void
av_fail(struct av *v, enum err e)
{
	if (v->e == ERR_OK && e != ERR_OK)
		v->e = e;
}

void
av_str(struct av *v, struct tval *o, const char *key, const char *s)
{
	if (o == NULL) {
		av_fail(v, ERR_NOMEM);
		return;
	}
	av_fail(v, tval_set_str(v->h->a, o, key, s));
}

void
av_fmt(struct av *v, struct tval *o, const char *key, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, LIMIT_PAGE_BYTES);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (b.err != ERR_OK)
		av_fail(v, b.err);
	else
		av_str(v, o, key, arena_strndup(v->h->a, b.p, b.len));
	buf_release(&b);
}

void
av_bool(struct av *v, struct tval *o, const char *key, bool b)
{
	if (o == NULL) {
		av_fail(v, ERR_NOMEM);
		return;
	}
	av_fail(v, tval_set_bool(v->h->a, o, key, b));
}

struct tval *
av_list(struct av *v, struct tval *o, const char *key)
{
	struct tval *l = tval_list(v->h->a);

	if (o == NULL || l == NULL) {
		av_fail(v, ERR_NOMEM);
		return NULL;
	}
	av_fail(v, tval_set(v->h->a, o, key, l));
	return l;
}

struct tval *
av_obj(struct av *v, struct tval *o, const char *key)
{
	struct tval *c = tval_obj(v->h->a);

	if (o == NULL || c == NULL) {
		av_fail(v, ERR_NOMEM);
		return NULL;
	}
	av_fail(v, tval_set(v->h->a, o, key, c));
	return c;
}

struct tval *
av_push(struct av *v, struct tval *list)
{
	struct tval *o = list != NULL ? tval_push_obj(v->h->a, list) : NULL;

	if (o == NULL)
		av_fail(v, ERR_NOMEM);
	return o;
}

void
av_option(struct av *v, struct tval *list, const char *value,
    const char *label, bool selected)
{
	struct tval *o = av_push(v, list);

	av_str(v, o, "value", value);
	av_str(v, o, "label", label);
	av_bool(v, o, "selected", selected);
}

void
av_spans(struct av *v, struct tval *o, const char *old, const char *new)
{
	struct diff_span *sp;
	size_t n;
	struct tval *list = av_list(v, o, "spans");
	enum err e = diff_words(v->h->a, old, new, &sp, &n);

	if (e != ERR_OK) {
		av_fail(v, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tval *s = av_push(v, list);

		av_str(v, s, "text", arena_strndup(v->h->a, sp[i].p,
		    sp[i].len));
		av_bool(v, s, "del", sp[i].op == DIFF_DEL);
		av_bool(v, s, "add", sp[i].op == DIFF_ADD);
		av_bool(v, s, "same", sp[i].op == DIFF_SAME);
	}
}

/* Messages a redirect may ask for with ?done=: fixed texts only. */
static const char *
done_message(const char *code)
{
	static const struct {
		const char *code, *text;
	} msgs[] = {
		{ "saved", "Saved." },
		{ "unchanged", "Nothing had changed: no new revision." },
		{ "created", "Created as a draft." },
		{ "published", "Published." },
		{ "scheduled", "Scheduled." },
		{ "withdrawn", "Withdrawn: the page now shows the notice." },
		{ "unpublished", "Unpublished: the page answers 410 Gone." },
		{ "draft", "Back to draft: no longer scheduled or public." },
		{ "restored", "Restored as a new revision." },
		{ "translated", "Translation saved." },
		{ "out", "Signed out." },
		{ "user", "User saved." },
		{ "revoked", "Token revoked." },
	};

	for (size_t i = 0; code != NULL && i < sizeof msgs / sizeof msgs[0];
	    i++)
		if (strcmp(code, msgs[i].code) == 0)
			return msgs[i].text;
	return NULL;
}

static const char *
admin_css(struct hctx *h)
{
	const struct theme_asset *ta;

	if (theme_static(h->app->theme, "admin.css", &ta) != ERR_OK)
		return "/static/admin.css";
	return arena_printf(h->a, "/static/admin.css?v=%.8s", ta->etag + 1);
}

struct tval *
admin_root(struct av *v, const char *title)
{
	struct hctx *h = v->h;
	struct tval *root = tval_obj(h->a);
	const struct user *u = h->auth.user;

	if (root == NULL) {
		av_fail(v, ERR_NOMEM);
		return NULL;
	}
	av_str(v, root, "page_title", title);
	av_str(v, root, "css_href", admin_css(h));
	av_bool(v, root, "signed_in", u != NULL);
	if (u != NULL) {
		av_bool(v, root, "can_users", authz_allowed(u, AUTHZ_USERS,
		    NULL, NULL));
		av_str(v, root, "user_name", u->name);
		av_str(v, root, "user_role", user_role_name(u->role));
		av_str(v, root, "csrf", h->auth.csrf);
	}
	av_str(v, root, "notice", done_message(h->req->param(h->req->ctx,
	    "done")));
	return root;
}

enum err
admin_render(struct av *v, struct tval *root, const char *name, int status)
{
	struct hctx *h = v->h;
	struct http_reply *r;
	struct buf b;
	enum err e = v->e;

	if (e == ERR_OK && root == NULL)
		e = ERR_NOMEM;
	if (e != ERR_OK)
		return e;
	buf_init(&b, LIMIT_PAGE_BYTES);
	e = tmpl_render(theme_templates(h->app->theme), name, root, &b);
	r = e == ERR_OK ? reply_from_buf(status, HTML, &b) : NULL;
	buf_release(&b);
	if (e != ERR_OK)
		return e;
	if (r == NULL)
		return ERR_NOMEM;
	http_reply_unref(h->reply);
	h->reply = r;
	return reply_private(r);
}

enum err
admin_redirect(struct hctx *h, const char *location)
{
	struct http_reply *r;

	if (location == NULL)
		return ERR_NOMEM;
	r = reply_redirect(303, location);
	if (r == NULL)
		return ERR_NOMEM;
	http_reply_unref(h->reply);
	h->reply = r;
	return reply_private(r);
}

enum err
admin_may(struct hctx *h, enum authz_action a, const struct authz_object *o)
{
	const char *why;

	if (authz_allowed(h->auth.user, a, o, &why))
		return ERR_OK;
	h->why = why;
	return ERR_FORBIDDEN;
}

/* --- error page -------------------------------------------------------- */

struct http_reply *
h_admin_error_page(struct hctx *h, int status)
{
	struct av v = { .h = h };
	struct tval *root;
	const char *reason = http_reason(status);
	struct http_reply *r;

	/* the page is drawn for the user the guard identified, if any */
	root = admin_root(&v, reason[0] != '\0' ? reason : "Error");
	av_fmt(&v, root, "heading", "%d %s", status, reason);
	av_str(&v, root, "message", h->why != NULL ? h->why :
	    status == 404 ? "There is no such page or asset." :
	    status == 403 ? "Your role does not allow this." :
	    "The request could not be carried out.");
	h->reply = NULL;
	if (admin_render(&v, root, "admin-error", status) != ERR_OK) {
		http_reply_unref(h->reply);
		h->reply = NULL;
		return h_error_page(h, status);
	}
	r = h->reply;
	h->reply = NULL;
	return r;
}

/* --- sign-in ----------------------------------------------------------- */

enum err
h_admin_bare(struct hctx *h)
{
	return admin_redirect(h, "/admin/");
}

/* Where to go after signing in: an /admin path of ours, else /admin/. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || strncmp(next, "/admin", 6) != 0 ||
	    strstr(next, "//") != NULL || strchr(next, '\\') != NULL)
		return "/admin/";
	for (const char *p = next; *p != '\0'; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f)
			return "/admin/";
	return next;
}

#define LOGIN_COOKIE "__Host-pressroom-login"

/*
 * The sign-in form, with a fresh pre-session CSRF token: in a cookie and
 * in the form, compared when the form comes back (so a sign-in cannot be
 * forged from elsewhere either; the Origin is checked as well).
 */
static enum err
login_page(struct hctx *h, const char *name, const char *next,
    const char *error, int status)
{
	struct av v = { .h = h };
	struct tval *root = admin_root(&v, "Sign in");
	char token[AUTH_TOKEN_MAX];
	unsigned char hash[AUTH_HASH_BYTES];
	enum err e;

	if ((e = auth_token_new(token, hash)) != ERR_OK)
		return e;
	av_str(&v, root, "next", safe_next(next));
	av_str(&v, root, "name", name);
	av_str(&v, root, "error", error);
	av_str(&v, root, "csrf", arena_strdup(h->a, token));
	if ((e = admin_render(&v, root, "admin-login", status)) != ERR_OK)
		return e;
	return reply_header(h->reply, "Set-Cookie", arena_printf(h->a,
	    LOGIN_COOKIE "=%s; Path=/; Secure; HttpOnly; SameSite=Strict; "
	    "Max-Age=3600", token));
}

enum err
h_admin_login_page(struct hctx *h)
{
	const char *next = h->req->param(h->req->ctx, "next");

	if (h->auth.user != NULL)
		return admin_redirect(h, safe_next(next));
	return login_page(h, NULL, next, NULL, 200);
}

enum err
h_admin_login(struct hctx *h)
{
	const char *name = h->has_form ? form_get(&h->form, "name") : NULL;
	const char *pw = h->has_form ? form_get(&h->form, "password") : NULL;
	const char *next = h->has_form ? form_get(&h->form, "next") : NULL;
	const char *csrf = h->has_form ? form_get(&h->form, "csrf") : NULL;
	const char *pre = form_cookie(h->a, h->req->header(h->req->ctx,
	    "Cookie"), LOGIN_COOKIE);
	const char *cookie;
	enum err e;

	if (csrf == NULL || pre == NULL || !auth_equal(csrf, pre))
		return login_page(h, name, next, "The sign-in form had "
		    "expired or did not come from this site: try again.", 403);
	if (name == NULL || pw == NULL || !user_name_valid(name) ||
	    strlen(pw) > PASSWORD_MAX)
		return login_page(h, NULL, next, "Give your name and "
		    "password.", 200);
	e = auth_login(h, name, pw, &cookie);
	if (e == ERR_RATE) {
		e = login_page(h, name, next, h->why, 429);
		return e != ERR_OK ? e : reply_header(h->reply, "Retry-After",
		    "60");
	}
	if (e == ERR_AUTH)
		return login_page(h, name, next, h->why, 200);
	if (e != ERR_OK)
		return e;
	if ((e = admin_redirect(h, safe_next(next))) != ERR_OK ||
	    (e = reply_header(h->reply, "Set-Cookie", cookie)) != ERR_OK)
		return e;
	return reply_header(h->reply, "Set-Cookie", LOGIN_COOKIE "=; Path=/; "
	    "Secure; HttpOnly; SameSite=Strict; Max-Age=0");
}

enum err
h_admin_logout(struct hctx *h)
{
	const char *cookie;
	enum err e;

	if ((e = auth_logout(h, &cookie)) != ERR_OK ||
	    (e = admin_redirect(h, "/admin/login?done=out")) != ERR_OK)
		return e;
	return reply_header(h->reply, "Set-Cookie", cookie);
}

/* --- the asset list ---------------------------------------------------- */

/* "ru-RU" pill for asset as: current, outdated or missing. */
void
av_locale_pills(struct av *v, struct tval *list, const struct asset *as)
{
	struct hctx *h = v->h;

	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];
		struct translation_status ts;
		struct tval *o = av_push(v, list);

		asset_translation_status(as, t, &ts);
		av_str(v, o, "tag", t->locale.tag);
		av_str(v, o, "href", i == 0 ?
		    arena_printf(h->a, "/admin/assets/%lld", (long long)as->id) :
		    arena_printf(h->a, "/admin/assets/%lld/t/%s",
		    (long long)as->id, t->locale.tag));
		if (ts.is_source) {
			av_str(v, o, "state", "current");
			av_str(v, o, "hint", "source");
		} else if (ts.outdated > 0 || ts.missing > 0) {
			av_str(v, o, "state", "outdated");
			av_str(v, o, "hint", arena_printf(h->a, "%zu outdated, "
			    "%zu missing", ts.outdated, ts.missing));
		} else {
			av_str(v, o, "state", "current");
			av_str(v, o, "hint", "up to date");
		}
	}
	for (size_t i = 0; i < as->nlocales; i++) {
		struct tval *o;

		if (asset_translation(as, &as->locales[i]) != NULL)
			continue;
		o = av_push(v, list);
		av_str(v, o, "tag", as->locales[i].tag);
		av_str(v, o, "href", arena_printf(h->a,
		    "/admin/assets/%lld/t/%s", (long long)as->id,
		    as->locales[i].tag));
		av_str(v, o, "state", "missing");
		av_str(v, o, "hint", "announced, not translated");
	}
}

const char *
admin_public_href(struct hctx *h, const struct asset *as)
{
	struct buf b;
	const char *s;

	if (asset_visibility(as->status, as->publish_at, h->now) < VIS_WITHDRAWN
	    || as->ntranslations == 0)
		return NULL;
	buf_init(&b, 4096);
	page_article_path(&b, &as->translations[0].locale, as->slug);
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

const char *
admin_time(struct hctx *h, int64_t t, int offset)
{
	char s[TIME_RFC3339_MAX];
	struct civil c;

	if (time_to_civil(t + offset, &c) != ERR_OK ||
	    time_format_rfc3339(t, offset, s) != ERR_OK)
		return "";
	return arena_printf(h->a, "%04d-%02d-%02d %02d:%02d %.6s", c.year,
	    c.month, c.day, c.hour, c.min, offset == 0 ? "UTC" : s + 19);
}

enum err
h_admin_home(struct hctx *h)
{
	static const char *const statuses[][2] = {
		{ "", "any" }, { "draft", "draft" },
		{ "scheduled", "scheduled" }, { "published", "published" },
		{ "withdrawn", "withdrawn" }, { "unpublished", "unpublished" },
	};
	struct av v = { .h = h };
	struct tval *root, *opts, *items;
	const char *status = h->req->param(h->req->ctx, "status");
	const char *page_s = h->req->param(h->req->ctx, "page");
	struct store_list_query q = { .limit = ADMIN_PAGE_SIZE,
		.status_now = h->now };
	struct store_list list;
	int64_t page = 1;
	bool known = false;
	enum err e;

	if ((e = admin_may(h, AUTHZ_READ_DRAFTS, NULL)) != ERR_OK)
		return e;
	if (page_s != NULL &&
	    str_to_i64(str_from(page_s), 1, LIMIT_LIST_PAGES, &page) != ERR_OK)
		page = 1;
	for (size_t i = 1; status != NULL && i < sizeof statuses /
	    sizeof statuses[0]; i++)
		known |= strcmp(status, statuses[i][0]) == 0;
	if (!known)
		status = NULL;
	q.status = status;
	q.offset = (size_t)(page - 1) * ADMIN_PAGE_SIZE;
	if ((e = store_asset_list(h->store, h->a, &q, &list)) != ERR_OK)
		return e;
	root = admin_root(&v, "Assets");
	opts = av_list(&v, root, "status_options");
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		av_option(&v, opts, statuses[i][0], statuses[i][1],
		    status != NULL ? strcmp(status, statuses[i][0]) == 0 :
		    i == 0);
	av_fmt(&v, root, "count_label", "%zu asset%s", list.total,
	    list.total == 1 ? "" : "s");
	av_bool(&v, root, "has_items", list.nitems > 0);
	items = av_list(&v, root, "items");
	for (size_t i = 0; i < list.nitems && v.e == ERR_OK; i++) {
		const struct asset_summary *it = &list.items[i];
		struct tval *o = av_push(&v, items);
		struct asset *as;
		const char *label;

		if ((e = store_asset_get(h->store, h->a, it->id, &as)) !=
		    ERR_OK)
			return e;
		label = asset_status_label(as->status, as->publish_at, h->now);
		av_fmt(&v, o, "id", "%lld", (long long)as->id);
		av_str(&v, o, "title", it->title);
		av_str(&v, o, "locale", it->locale.tag);
		av_str(&v, o, "dir", locale_dir(&it->locale));
		av_str(&v, o, "kind", asset_kind_name(as->kind));
		av_str(&v, o, "status", label);
		av_str(&v, o, "status_label", label);
		if (as->status == ASSET_PUBLISHED)
			av_str(&v, o, "when", admin_time(h, as->publish_at,
			    0));
		av_str(&v, o, "updated", admin_time(h, as->updated_at, 0));
		av_str(&v, o, "edit_href", arena_printf(h->a,
		    "/admin/assets/%lld", (long long)as->id));
		av_str(&v, o, "public_href", admin_public_href(h, as));
		av_locale_pills(&v, av_list(&v, o, "locales"), as);
	}
	if (page > 1)
		av_str(&v, root, "prev_href", arena_printf(h->a,
		    "/admin/?page=%lld%s%s", (long long)(page - 1),
		    status != NULL ? "&status=" : "", status != NULL ?
		    status : ""));
	if (q.offset + list.nitems < list.total)
		av_str(&v, root, "next_href", arena_printf(h->a,
		    "/admin/?page=%lld%s%s", (long long)(page + 1),
		    status != NULL ? "&status=" : "", status != NULL ?
		    status : ""));
	return admin_render(&v, root, "admin-assets", 200);
}

/* --- translations to do ------------------------------------------------ */

struct todo {
	struct locale l;
	bool missing;
	int64_t id;
	const char *title;
	const char *status_label;
	const char *detail;
};

static int
todo_cmp(const void *x, const void *y)
{
	const struct todo *a = x, *b = y;
	int c = strcmp(a->l.tag, b->l.tag);

	if (c != 0)
		return c;
	if (a->missing != b->missing)
		return a->missing ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* Adds as's missing and outdated translations to *todo. */
static enum err
todo_add(struct hctx *h, const struct asset *as, const char *title,
    struct todo **todo, size_t *n, size_t *cap)
{
	for (size_t k = 0; k < as->nlocales; k++) {
		const struct locale *l = &as->locales[k];
		const struct translation *t = asset_translation(as, l);
		struct translation_status ts = { 0 };
		struct todo *x;

		if (t != NULL) {
			asset_translation_status(as, t, &ts);
			if (ts.is_source || (ts.outdated == 0 &&
			    ts.missing == 0))
				continue;
		}
		x = arena_push(h->a, (void **)todo, n, cap, sizeof *x);
		if (x == NULL)
			return ERR_NOMEM;
		(*n)++;
		x->l = *l;
		x->missing = t == NULL;
		x->id = as->id;
		x->title = title;
		x->status_label = asset_status_label(as->status, as->publish_at,
		    h->now);
		x->detail = t == NULL ? "" : arena_printf(h->a, "%zu outdated, "
		    "%zu missing", ts.outdated, ts.missing);
	}
	return ERR_OK;
}

enum err
h_admin_translations(struct hctx *h)
{
	struct av v = { .h = h };
	struct tval *root, *locs, *cur = NULL, *missing = NULL,
	    *outdated = NULL;
	struct store_list_query q = { .limit = LIMIT_LIST_PAGE_SIZE };
	struct store_list list;
	struct todo *todo = NULL;
	size_t n = 0, cap = 0, nm = 0, no = 0;
	enum err e;

	if ((e = admin_may(h, AUTHZ_READ_DRAFTS, NULL)) != ERR_OK)
		return e;
	/* every asset that is not gone, a page of the store at a time */
	for (q.offset = 0;; q.offset += list.nitems) {
		if ((e = store_asset_list(h->store, h->a, &q, &list)) != ERR_OK)
			return e;
		for (size_t i = 0; i < list.nitems; i++) {
			struct asset *as;

			if (list.items[i].status == ASSET_UNPUBLISHED)
				continue;
			if ((e = store_asset_get(h->store, h->a,
			    list.items[i].id, &as)) != ERR_OK ||
			    (e = todo_add(h, as, list.items[i].title, &todo,
			    &n, &cap)) != ERR_OK)
				return e;
		}
		if (list.nitems == 0 || q.offset + list.nitems >= list.total)
			break;
	}
	if (n > 1)
		qsort(todo, n, sizeof *todo, todo_cmp);
	root = admin_root(&v, "Translations");
	av_bool(&v, root, "no_work", n == 0);
	locs = av_list(&v, root, "locales");
	for (size_t i = 0; i < n; i++) {
		struct tval *o;

		if (i == 0 || !locale_eq(&todo[i].l, &todo[i - 1].l)) {
			cur = av_push(&v, locs);
			av_str(&v, cur, "tag", todo[i].l.tag);
			missing = av_list(&v, cur, "missing");
			outdated = av_list(&v, cur, "outdated");
			nm = no = 0;
		}
		o = av_push(&v, todo[i].missing ? missing : outdated);
		av_fmt(&v, o, "id", "%lld", (long long)todo[i].id);
		av_str(&v, o, "title", todo[i].title);
		av_str(&v, o, "href", arena_printf(h->a,
		    "/admin/assets/%lld/t/%s", (long long)todo[i].id,
		    todo[i].l.tag));
		av_str(&v, o, "status_label", todo[i].status_label);
		av_str(&v, o, "detail", todo[i].detail);
		if (todo[i].missing)
			nm++;
		else
			no++;
		av_bool(&v, cur, "has_missing", nm > 0);
		av_bool(&v, cur, "has_outdated", no > 0);
		av_fmt(&v, cur, "counts", "%zu untranslated, %zu to update", nm,
		    no);
	}
	return admin_render(&v, root, "admin-translations", 200);
}

/* --- users and tokens -------------------------------------------------- */

static const char *
locales_text(struct hctx *h, const struct user *u)
{
	struct buf b;
	const char *s;

	buf_init(&b, 4096);
	for (size_t i = 0; i < u->nlocales; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", u->locales[i].tag);
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

static enum err
users_page(struct hctx *h, const char *new_token, const char *error,
    int status)
{
	struct av v = { .h = h };
	struct tval *root, *list, *opts;
	struct user **users;
	struct store_token_info *toks;
	size_t n, nt;
	enum err e;

	if ((e = store_user_list(h->store, h->a, &users, &n)) != ERR_OK ||
	    (e = store_token_list(h->store, h->a, &toks, &nt)) != ERR_OK)
		return e;
	root = admin_root(&v, "Users");
	av_str(&v, root, "error", error);
	av_str(&v, root, "new_token", new_token);
	list = av_list(&v, root, "users");
	for (size_t i = 0; i < n; i++) {
		struct tval *o = av_push(&v, list);

		av_str(&v, o, "name", users[i]->name);
		av_str(&v, o, "role", user_role_name(users[i]->role));
		av_str(&v, o, "locales", locales_text(h, users[i]));
		av_str(&v, o, "state", users[i]->disabled ? "disabled" :
		    "active");
		av_str(&v, o, "toggle_op", users[i]->disabled ? "enable" :
		    "disable");
		av_str(&v, o, "toggle_label", users[i]->disabled ? "Enable" :
		    "Disable");
	}
	opts = av_list(&v, root, "role_options");
	for (int r = 0; r < ROLE__MAX; r++)
		av_option(&v, opts, user_role_name((enum user_role)r),
		    user_role_name((enum user_role)r), false);
	list = av_list(&v, root, "tokens");
	for (size_t i = 0; i < nt; i++) {
		struct tval *o = av_push(&v, list);

		av_fmt(&v, o, "id", "%lld", (long long)toks[i].id);
		av_str(&v, o, "user", toks[i].user);
		av_str(&v, o, "label", toks[i].name);
		av_str(&v, o, "state", toks[i].revoked_at != 0 ?
		    arena_printf(h->a, "revoked %s", admin_time(h,
		    toks[i].revoked_at, 0)) : "valid");
		av_bool(&v, o, "can_revoke", toks[i].revoked_at == 0);
	}
	return admin_render(&v, root, "admin-users", status);
}

enum err
h_admin_users(struct hctx *h)
{
	enum err e = admin_may(h, AUTHZ_USERS, NULL);

	return e != ERR_OK ? e : users_page(h, NULL, NULL, 200);
}

/* Parses "ru-RU ar" or "ru-RU, ar" into u's locales (in h->a). */
static enum err
parse_locales(struct hctx *h, const char *s, struct user *u)
{
	struct str rest = str_from(s), tok;
	size_t cap = 0;

	u->locales = NULL;
	u->nlocales = 0;
	while (rest.len > 0) {
		size_t i = 0;
		struct locale *l;

		while (i < rest.len && rest.p[i] != ' ' && rest.p[i] != ',')
			i++;
		tok = str_make(rest.p, i);
		rest.p += i < rest.len ? i + 1 : i;
		rest.len -= i < rest.len ? i + 1 : i;
		if (tok.len == 0)
			continue;
		l = arena_push(h->a, (void **)&u->locales, &u->nlocales, &cap,
		    sizeof *l);
		if (l == NULL)
			return ERR_NOMEM;
		if (locale_parse(tok, l) != ERR_OK) {
			h->why = arena_printf(h->a, "\"%.*s\" is not a language "
			    "tag", (int)(tok.len > 40 ? 40 : tok.len), tok.p);
			return ERR_INVAL;
		}
		u->nlocales++;
	}
	return ERR_OK;
}

static enum err
users_add(struct hctx *h)
{
	const char *name = form_get(&h->form, "name");
	const char *role = form_get(&h->form, "role");
	const char *locales = form_get(&h->form, "locales");
	const char *pw = form_get(&h->form, "password");
	char hash[PASSWORD_HASH_MAX];
	struct user u = { 0 };
	struct diag d;
	const char *why;
	enum err e;

	if (name == NULL || !user_name_valid(name))
		return users_page(h, NULL, "A name is 1 to 64 of a-z, 0-9, "
		    "'.', '_' and '-', starting with a letter.", 400);
	if (role == NULL || user_role_parse(role, &u.role) != ERR_OK)
		return users_page(h, NULL, "Pick a role.", 400);
	if (pw == NULL || user_password_check(pw, &why) != ERR_OK)
		return users_page(h, NULL, pw == NULL ? "Give a password." :
		    why, 400);
	if ((e = parse_locales(h, locales != NULL ? locales : "", &u)) !=
	    ERR_OK)
		return e == ERR_INVAL ? users_page(h, NULL, h->why, 400) : e;
	if ((e = user_password_hash(pw, hash)) != ERR_OK)
		return e;
	u.name = (char *)name;
	diag_init(&d, NULL);
	e = store_user_save(h->store, &u, hash, h->now, &d);
	if (e == ERR_CONFLICT)
		return users_page(h, NULL, "There is a user of that name "
		    "already.", 409);
	if (e != ERR_OK)
		return e;
	return admin_redirect(h, "/admin/users?done=user");
}

enum err
h_admin_users_post(struct hctx *h)
{
	const char *op = h->has_form ? form_get(&h->form, "op") : NULL;
	const char *name = h->has_form ? form_get(&h->form, "name") : NULL;
	struct user *u;
	enum err e;

	if ((e = admin_may(h, AUTHZ_USERS, NULL)) != ERR_OK)
		return e;
	if (op == NULL) {
		h->why = "the form has no \"op\"";
		return ERR_INVAL;
	}
	if (strcmp(op, "add") == 0)
		return users_add(h);
	if (strcmp(op, "revoke") == 0) {
		const char *id = form_get(&h->form, "token");
		int64_t tid;

		if (id == NULL || str_to_i64(str_from(id), 1, INT64_MAX,
		    &tid) != ERR_OK)
			return ERR_INVAL;
		if ((e = store_token_revoke(h->store, tid, h->now)) != ERR_OK)
			return e;
		return admin_redirect(h, "/admin/users?done=revoked");
	}
	if (name == NULL || !user_name_valid(name))
		return users_page(h, NULL, "No such user.", 404);
	e = store_user_get(h->store, h->a, name, 0, &u, NULL);
	if (e == ERR_NOTFOUND)
		return users_page(h, NULL, "No such user.", 404);
	if (e != ERR_OK)
		return e;
	if (strcmp(op, "token") == 0) {
		char token[AUTH_TOKEN_MAX];
		unsigned char hash[AUTH_HASH_BYTES];
		const char *label = form_get(&h->form, "label");
		int64_t tid;

		if ((e = auth_token_new(token, hash)) != ERR_OK ||
		    (e = store_token_create(h->store, hash, u->id,
		    label != NULL ? label : "", h->now, &tid)) != ERR_OK)
			return e;
		return users_page(h, arena_strdup(h->a, token), NULL, 200);
	}
	if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0) {
		struct diag d;

		if (u->id == h->auth.user->id) {
			return users_page(h, NULL, "You cannot disable your "
			    "own account.", 400);
		}
		u->disabled = strcmp(op, "disable") == 0;
		diag_init(&d, NULL);
		if ((e = store_user_save(h->store, u, NULL, h->now, &d)) !=
		    ERR_OK)
			return e;
		if (u->disabled &&
		    (e = store_sessions_delete_user(h->store, u->id)) != ERR_OK)
			return e;
		return admin_redirect(h, "/admin/users?done=user");
	}
	h->why = "unknown \"op\"";
	return ERR_INVAL;
}
