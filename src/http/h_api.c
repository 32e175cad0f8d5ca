/*
 * h_api.c - the read-only JSON API: /api/v1/assets/{id},
 * /api/v1/publishers and /api/v1/publishers/{name}.
 *
 * The JSON is asset_json.h's canonical shape with metadata. Ids of assets
 * the public cannot see now (related assets, a manual publisher's list)
 * are left out. Writes are h_api_write.c's.
 */
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "http_internal.h"
#include "pressroom/banned.h"

/*
 * Keeps of ids[0..*n) those of assets the public can see now, in order:
 * a scheduled or draft asset is not even named by its id before its time.
 * With last_modified, raises it to the latest asset_shown_modified.
 */
static enum err
keep_public(struct hctx *h, int64_t *ids, size_t *n, int64_t *last_modified)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		struct asset *as;
		enum err e = store_asset_get(h->store, h->a, ids[i], &as);
		int64_t t;

		if (e == ERR_NOTFOUND)
			continue;
		if (e != ERR_OK)
			return e;
		if (asset_visibility(as->status, as->publish_at, h->now) ==
		    VIS_PUBLIC)
			ids[k++] = ids[i];
		t = asset_shown_modified(as, h->now);
		if (last_modified != NULL && t > *last_modified)
			*last_modified = t;
	}
	*n = k;
	return ERR_OK;
}

enum err
h_api_asset(struct hctx *h)
{
	struct asset *as;
	struct buf b;
	struct http_reply *r;
	int64_t last;
	enum err e;

	/* a signed-in editor sees any status (never cached: R_IDENT) */
	if (h->auth.user != NULL)
		return h_api_asset_private(h);
	if ((e = store_asset_get(h->store, h->a, h->id, &as)) != ERR_OK)
		return e;
	switch (asset_visibility(as->status, as->publish_at, h->now)) {
	case VIS_HIDDEN:
		return ERR_NOTFOUND;
	case VIS_GONE:
		h->gone = true;
		return ERR_NOTFOUND;
	default:
		break;
	}
	last = asset_last_modified(as, h->now);
	if ((e = keep_public(h, as->related, &as->nrelated, &last)) != ERR_OK)
		return e;
	buf_init(&b, LIMIT_ASSET_JSON_BYTES + 4096);
	e = asset_json_write(as, ASSET_JSON_META | ASSET_JSON_PRETTY, &b);
	buf_addc(&b, '\n');
	if (e == ERR_OK && b.err != ERR_OK)
		e = b.err;
	if (e != ERR_OK) {
		buf_release(&b);
		return e;
	}
	r = reply_from_buf(200, "application/json; charset=utf-8", &b);
	buf_release(&b);
	if (r == NULL)
		return ERR_NOMEM;
	if (reply_header(r, "Cache-Control", "public, no-cache") != ERR_OK ||
	    reply_last_modified(r, last) != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = true;
	return ERR_OK;
}

static enum err
json_reply(struct hctx *h, struct buf *b)
{
	struct http_reply *r = reply_from_buf(200,
	    "application/json; charset=utf-8", b);

	if (r == NULL)
		return ERR_NOMEM;
	if (reply_header(r, "Cache-Control", "public, no-cache") != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	h->reply = r;
	h->cacheable = true;
	return ERR_OK;
}

enum err
h_api_publishers(struct hctx *h)
{
	struct publisher **all;
	size_t n;
	struct buf b;
	enum err e;

	if ((e = store_publisher_list(h->store, h->a, &all, &n)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		if ((e = keep_public(h, all[i]->manual, &all[i]->nmanual,
		    NULL)) !=
		    ERR_OK)
			return e;
	buf_init(&b, LIMIT_ASSET_JSON_BYTES);
	buf_adds(&b, "{\"publishers\": [");
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		e = publisher_json_write(all[i], false, &b);
	}
	buf_adds(&b, "]}\n");
	if (e == ERR_OK)
		e = b.err != ERR_OK ? b.err : json_reply(h, &b);
	buf_release(&b);
	return e;
}

enum err
h_api_publisher(struct hctx *h)
{
	struct publisher *p;
	struct buf b;
	enum err e;

	if (!publisher_name_valid(h->args[0]))
		return ERR_NOTFOUND;
	if ((e = store_publisher_get(h->store, h->a, h->args[0], &p)) !=
	    ERR_OK ||
	    (e = keep_public(h, p->manual, &p->nmanual, NULL)) != ERR_OK)
		return e;
	buf_init(&b, LIMIT_ASSET_JSON_BYTES);
	e = publisher_json_write(p, true, &b);
	buf_addc(&b, '\n');
	if (e == ERR_OK)
		e = b.err != ERR_OK ? b.err : json_reply(h, &b);
	buf_release(&b);
	return e;
}
