/*
 * h_attach.c - attachments over HTTP: the public file route
 * /attachments/{sha256}/{name}, the editors' upload and removal
 * (/admin/assets/{id}/attachments) and the API's upload
 * (POST /api/v1/attachments?name=...).
 *
 * A file is served only while an asset that has it under that name is
 * visible (the embargo holds for files too), with the type judged from
 * its bytes at upload, nosniff, a sandboxing CSP, and as a download
 * (Content-Disposition: attachment) unless it is a raster image: never
 * rendered as HTML or SVG. Does not judge types itself (core's
 * attachment_sniff does).
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "pressroom/limits.h"
#include "admin_internal.h"
#include "pressroom/banned.h"

/* RFC 8187 filename*= value: UTF-8, percent-encoded. */
static const char *
disposition(struct hctx *h, const char *type, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const char *s;

	buf_init(&b, 4096);
	buf_adds(&b, attachment_inline(type) ? "inline" : "attachment");
	buf_adds(&b, "; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	s = b.err == ERR_OK ? arena_strndup(h->a, b.p, b.len) : NULL;
	buf_release(&b);
	return s;
}

/* The stored type as one of the sniffer's own (static) strings. */
static const char *
static_type(const char *type)
{
	static const char *const known[] = { "application/pdf", "image/png",
		"image/jpeg", "image/gif", "image/webp",
		"text/plain; charset=utf-8" };

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(type, known[i]) == 0)
			return known[i];
	return "application/octet-stream";
}

/*
 * GET /attachments/{sha256}/{name} (public: only while an asset that has
 * it is visible) and /admin/attachments/{sha256}/{name} (editors: any).
 */
static enum err
serve(struct hctx *h, bool public)
{
	struct store_scope scope = { .public = public, .now = h->now,
		.withdrawn = true };
	const char *sha = h->args[0], *name = h->args[1], *type, *cd;
	const void *data;
	size_t len;
	struct http_reply *r;
	enum err e;

	if (!attachment_sha_valid(sha) || !attachment_name_valid(name))
		return ERR_NOTFOUND;
	if ((e = store_attachment_visible(h->store, sha, name, &scope)) !=
	    ERR_OK ||
	    (e = store_attachment_get(h->store, h->a, sha, &type, &data,
	    &len)) != ERR_OK)
		return e;
	r = reply_from_bytes(200, static_type(type), data, len);
	if (r == NULL)
		return ERR_NOMEM;
	cd = disposition(h, type, name);
	if (cd == NULL || reply_header(r, "Content-Disposition", cd) != ERR_OK ||
	    reply_header(r, "Content-Security-Policy",
	    "default-src 'none'; sandbox") != ERR_OK ||
	    reply_header(r, "Cache-Control", "public, no-cache") != ERR_OK) {
		http_reply_unref(r);
		return ERR_NOMEM;
	}
	/* the bytes never change: their hash is the validator */
	snprintf(r->etag, sizeof r->etag, "\"%.40s\"", sha);
	h->reply = r;
	h->cacheable = public;
	return ERR_OK;
}

enum err
h_attachment(struct hctx *h)
{
	return serve(h, true);
}

enum err
h_admin_attachment(struct hctx *h)
{
	enum err e = admin_may(h, AUTHZ_READ_DRAFTS, NULL);

	return e != ERR_OK ? e : serve(h, false);
}

/* Keeps bytes; *sha gets their hex SHA-256 (in h->a), *type theirs. */
static enum err
keep(struct hctx *h, const void *data, size_t len, const char **sha,
    const char **type)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char *hex;
	enum err e;

	if (len > LIMIT_ATTACHMENT_BYTES) {
		h->why = arena_printf(h->a, "a file may have at most %u MiB",
		    LIMIT_ATTACHMENT_BYTES >> 20);
		return ERR_LIMIT;
	}
	if (len == 0) {
		h->why = "the file is empty";
		return ERR_INVAL;
	}
	crypto_hash_sha256(hash, data, len);
	hex = arena_alloc(h->a, ATTACHMENT_SHA_HEX + 1);
	if (hex == NULL)
		return ERR_NOMEM;
	sodium_bin2hex(hex, ATTACHMENT_SHA_HEX + 1, hash, sizeof hash);
	*type = attachment_sniff(data, len);
	if ((e = store_attachment_put(h->store, hex, *type, data, len,
	    h->now)) != ERR_OK)
		return e;
	*sha = hex;
	return ERR_OK;
}

/* A file name from a client, made valid: path and leading dots cut. */
static const char *
clean_name(struct hctx *h, const char *name)
{
	char *s;

	if (name == NULL)
		return NULL;
	while (*name == '.' || *name == ' ')
		name++;
	s = arena_strndup(h->a, name, strnlen(name, ATTACHMENT_NAME_MAX));
	if (s == NULL || !attachment_name_valid(s))
		return NULL;
	return s;
}

/* POST /api/v1/attachments?name=N with the file as the body. */
enum err
h_api_attachment(struct hctx *h)
{
	const char *name = h->req->param(h->req->ctx, "name");
	const char *sha, *type;
	struct buf b;
	struct http_reply *r;
	enum err e;

	if ((e = admin_may(h, AUTHZ_ATTACH, NULL)) != ERR_OK)
		return e;
	if (name != NULL && clean_name(h, name) == NULL) {
		h->why = "name: a file name without '/', '\\' or control "
		    "characters";
		return ERR_INVAL;
	}
	if ((e = keep(h, h->req->body, h->req->body_len, &sha, &type)) !=
	    ERR_OK)
		return e;
	buf_init(&b, 4096);
	buf_addf(&b, "{\"sha256\": \"%s\", \"type\": \"%s\", \"size\": %zu}\n",
	    sha, type, h->req->body_len);
	r = b.err == ERR_OK ? reply_from_buf(201, "application/json; "
	    "charset=utf-8", &b) : NULL;
	buf_release(&b);
	if (r == NULL)
		return ERR_NOMEM;
	h->reply = r;
	return ERR_OK;
}

/* POST /admin/assets/{id}/attachments: op "upload" (field "file") or
 * "remove" (field "name"). */
enum err
h_admin_attachments(struct hctx *h)
{
	const struct form_field *file = h->has_form ?
	    form_field(&h->form, "file") : NULL;
	const char *op = h->has_form ? form_get(&h->form, "op") : NULL;
	struct asset *old, *as;
	struct store_save_result res;
	int64_t owner;
	enum err e;

	if ((e = asset_load_owned(h, &old, &owner)) != ERR_OK)
		return e;
	if ((as = arena_alloc(h->a, sizeof *as)) == NULL)
		return ERR_NOMEM;
	*as = *old;
	if (op != NULL && strcmp(op, "remove") == 0) {
		const char *name = form_get(&h->form, "name");
		size_t k = 0;

		as->attachments = arena_calloc(h->a, old->nattachments + 1,
		    sizeof *as->attachments);
		if (as->attachments == NULL)
			return ERR_NOMEM;
		for (size_t i = 0; i < old->nattachments; i++)
			if (name == NULL ||
			    strcmp(old->attachments[i].name, name) != 0)
				as->attachments[k++] = old->attachments[i];
		as->nattachments = k;
	} else {
		const char *sha, *type, *name;
		struct authz_object ob = { .owner = owner,
			.status = old->status };

		if ((e = admin_may(h, AUTHZ_ATTACH, &ob)) != ERR_OK)
			return e;
		if (file == NULL || file->filename == NULL) {
			h->why = "choose a file to upload";
			return ERR_INVAL;
		}
		name = clean_name(h, file->filename);
		if (name == NULL)
			name = "file";
		if ((e = keep(h, file->value, file->len, &sha, &type)) !=
		    ERR_OK)
			return e;
		e = asset_attachment_add(h->a, as, sha, name);
		if (e == ERR_CONFLICT) {
			h->why = "a file of that name is attached already: "
			    "remove it first";
			return e;
		}
		if (e != ERR_OK)
			return e;
	}
	if ((e = asset_save_checked(h, old, owner, as, op != NULL &&
	    strcmp(op, "remove") == 0 ? "attachment removed" :
	    "attachment added", 0, &res)) != ERR_OK)
		return e;
	return admin_redirect(h, arena_printf(h->a, "/admin/assets/%lld?"
	    "done=saved", (long long)h->id));
}
