/*
 * reply.c - reference-counted replies, their headers and strong ETags.
 *
 * Every reply carries the security headers pressroom sends on every
 * response. Does not send anything: the server adapter does.
 */
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "pressroom/mem.h"
#include "http_internal.h"
#include "pressroom/banned.h"

static const struct {
	const char *name, *value;
} common_headers[] = {
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "strict-origin-when-cross-origin" },
	{ "Content-Security-Policy", "default-src 'self'; img-src 'self' "
	    "https: data:; style-src 'self'; script-src 'self'; "
	    "object-src 'none'; base-uri 'none'; form-action 'self'; "
	    "frame-ancestors 'none'" },
	{ "X-Frame-Options", "DENY" },
};

#define NCOMMON (sizeof common_headers / sizeof common_headers[0])

static void
reply_free(struct http_reply *r)
{
	void *ad = atomic_load(&r->adapter);

	if (r->adapter_free != NULL && ad != NULL)
		r->adapter_free(ad);
	for (size_t i = 0; i < r->nheaders; i++)
		mem_free(r->headers[i].value);
	mem_free(r->body);
	mem_free(r);
}

void
http_reply_ref(struct http_reply *r)
{
	if (r == reply_oom())
		return;
	atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
}

void
http_reply_unref(struct http_reply *r)
{
	if (r == NULL || r == reply_oom())
		return;
	if (atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) == 1)
		reply_free(r);
}

const char *
http_reply_header(const struct http_reply *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	if (strcasecmp(name, "ETag") == 0 && r->etag[0] != '\0')
		return r->etag;
	return NULL;
}

enum err
reply_header(struct http_reply *r, const char *name, const char *value)
{
	char *v;

	if (r->nheaders >= HTTP_REPLY_HEADERS_MAX)
		return ERR_LIMIT;
	v = mem_strndup(value, strlen(value));
	if (v == NULL)
		return ERR_NOMEM;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = v;
	r->nheaders++;
	return ERR_OK;
}

static struct http_reply *
reply_alloc(int status, const char *content_type, char *body, size_t len)
{
	struct http_reply *r = mem_calloc(1, sizeof *r);

	if (r == NULL) {
		mem_free(body);
		return NULL;
	}
	r->refs = 1;
	r->status = status;
	r->content_type = content_type;
	r->body = body;
	r->len = len;
	for (size_t i = 0; i < NCOMMON; i++)
		if (reply_header(r, common_headers[i].name,
		    common_headers[i].value) != ERR_OK) {
			reply_free(r);
			return NULL;
		}
	return r;
}

struct http_reply *
reply_from_buf(int status, const char *content_type, struct buf *b)
{
	size_t len = 0;
	char *body = buf_detach(b, &len);

	if (body == NULL)
		return NULL;
	return reply_alloc(status, content_type, body, len);
}

struct http_reply *
reply_from_bytes(int status, const char *content_type, const void *p,
    size_t n)
{
	char *body = mem_strndup(p, n);

	if (body == NULL)
		return NULL;
	return reply_alloc(status, content_type, body, n);
}

void
reply_etag(struct http_reply *r)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char h[16];
	size_t o = 0;

	crypto_generichash(h, sizeof h, (const unsigned char *)r->body, r->len,
	    NULL, 0);
	r->etag[o++] = '"';
	for (size_t i = 0; i < sizeof h; i++) {
		r->etag[o++] = hex[h[i] >> 4];
		r->etag[o++] = hex[h[i] & 15];
	}
	r->etag[o++] = '"';
	r->etag[o] = '\0';
}

struct http_reply *
reply_redirect(int status, const char *location)
{
	struct http_reply *r = reply_from_bytes(status,
	    "text/plain; charset=utf-8", "", 0);

	if (r == NULL)
		return NULL;
	if (reply_header(r, "Location", location) != ERR_OK) {
		http_reply_unref(r);
		return NULL;
	}
	return r;
}

struct http_reply *
reply_oom(void)
{
	static char body[] = "Service unavailable: out of memory\n";
	static struct http_reply oom = {
		.refs = 1,
		.status = 503,
		.content_type = "text/plain; charset=utf-8",
		.body = body,
		.len = sizeof body - 1,
	};

	return &oom;
}

bool
etag_match(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = inm;

	if (inm == NULL || etag[0] == '\0')
		return false;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		/* a weak validator never matches a strong comparison... but
		 * If-None-Match uses the weak comparison (RFC 9110 13.1.2) */
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
		    p[n] == '\t'))
			return true;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return false;
}
