/*
 * admin_internal.h - what the editorial interface's handlers share: a
 * view builder over the template values (errors collected once, as in
 * page.c), the page frame and the redirects.
 *
 * Private to src/http (h_admin.c, h_admin_asset.c).
 */
#ifndef PRESSROOM_HTTP_ADMIN_INTERNAL_H
#define PRESSROOM_HTTP_ADMIN_INTERNAL_H

#include "pressroom/diff.h"
#include "pressroom/tmpl.h"
#include "http_internal.h"

/* A view under construction: the first failure is kept in e. */
struct av {
	struct hctx *h;
	enum err e;
};

void av_fail(struct av *v, enum err e);
void av_str(struct av *v, struct tval *o, const char *key, const char *s);
void av_fmt(struct av *v, struct tval *o, const char *key, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
void av_bool(struct av *v, struct tval *o, const char *key, bool b);
/* A new list or object set under key of o (NULL on failure, kept in v). */
struct tval *av_list(struct av *v, struct tval *o, const char *key);
struct tval *av_obj(struct av *v, struct tval *o, const char *key);
/* A new object appended to list. */
struct tval *av_push(struct av *v, struct tval *list);
/* {value, label, selected} appended to list. */
void av_option(struct av *v, struct tval *list, const char *value,
    const char *label, bool selected);
/* o.spans: the word diff from old to new ({text, del, add, same}). */
void av_spans(struct av *v, struct tval *o, const char *old,
    const char *new);
/* {tag, href, state, hint} for each translation and missing locale. */
void av_locale_pills(struct av *v, struct tval *list, const struct asset *as);

/* The frame every admin page has (admin-head): user, CSRF token, the
 * ?done= notice. */
struct tval *admin_root(struct av *v, const char *title);

/* Renders template name into h->reply (private) with status. */
enum err admin_render(struct av *v, struct tval *root, const char *name,
    int status);

/* A 303 to location (private). ERR_NOMEM (also for a NULL location). */
enum err admin_redirect(struct hctx *h, const char *location);

/* authz_allowed for the signed-in user; ERR_FORBIDDEN with h->why. */
enum err admin_may(struct hctx *h, enum authz_action a,
    const struct authz_object *o);

/* The public page of as if it has one now, else NULL. */
const char *admin_public_href(struct hctx *h, const struct asset *as);

/* "2026-12-01 10:00 +01:00" (UTC when offset is 0), in h->a. */
const char *admin_time(struct hctx *h, int64_t t, int offset);

#endif
