/*
 * h_static.c - the theme's static files under /static/.
 *
 * A request carrying the file's current version (?v=, as the pages link it)
 * may be cached for a year; others for an hour. Does not read the disk:
 * files were loaded with the theme.
 */
#include <string.h>
#include "http_internal.h"
#include "pressroom/banned.h"

enum err
h_static(struct hctx *h)
{
	const struct theme_asset *ta;
	const char *v = h->req->param(h->req->ctx, "v");
	struct http_reply *r;
	enum err e;

	if ((e = theme_static(h->app->theme, h->name, &ta)) != ERR_OK)
		return e;
	r = reply_from_bytes(200, ta->content_type, ta->data, ta->len);
	if (r == NULL)
		return ERR_NOMEM;
	memcpy(r->etag, ta->etag, sizeof ta->etag);
	/* the version in the link is the first 8 hex digits of the ETag */
	if (reply_header(r, "Cache-Control", v != NULL &&
	    strlen(v) == 8 && strncmp(v, ta->etag + 1, 8) == 0 ?
	    "public, max-age=31536000, immutable" : "public, max-age=3600") !=
	    ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = true;
	return ERR_OK;
}
