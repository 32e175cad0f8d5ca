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
#include <stdio.h>
#include <zlib.h>
#include "pressroom/time.h"
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
	void *ad = atomic_load(&r->adapter), *adgz = atomic_load(&r->adapter_gz);
	void (*adfree)(void *) = atomic_load(&r->adapter_free);

	if (adfree != NULL && ad != NULL)
		adfree(ad);
	if (adfree != NULL && adgz != NULL)
		adfree(adgz);
	mem_free(r->gz);
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

enum err
reply_last_modified(struct http_reply *r, int64_t t)
{
	char v[TIME_HTTP_MAX];

	if (t <= 0 || time_format_http(t, v) != ERR_OK)
		return ERR_OK;
	r->last_modified = t;
	return reply_header(r, "Last-Modified", v);
}

/* Worth compressing: text of some size. */
static bool
compressible(const struct http_reply *r)
{
	const char *t = r->content_type;

	return r->len >= 256 && t != NULL && (strncmp(t, "text/", 5) == 0 ||
	    strncmp(t, "application/json", 16) == 0 ||
	    strncmp(t, "application/atom+xml", 20) == 0 ||
	    strncmp(t, "application/xml", 15) == 0 ||
	    strncmp(t, "image/svg+xml", 13) == 0);
}

enum err
reply_compress(struct http_reply *r, bool once)
{
	z_stream z;
	size_t bound;
	char *out;
	int rc;

	if (!compressible(r) || r->gz != NULL)
		return ERR_OK;
	if (http_reply_header(r, "Vary") == NULL &&
	    reply_header(r, "Vary", "Accept-Encoding") != ERR_OK)
		return ERR_NOMEM;
	memset(&z, 0, sizeof z);
	/* 31: a gzip wrapper; level 6 is zlib's default trade-off, for a
	 * reply compressed once and sent many times; 1 (about three times
	 * faster, a few per cent bigger) for one sent once */
	if (deflateInit2(&z, once ? 1 : 6, Z_DEFLATED, 31, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return ERR_NOMEM;
	bound = deflateBound(&z, (uLong)r->len);
	out = mem_alloc(bound);
	if (out == NULL) {
		deflateEnd(&z);
		return ERR_NOMEM;
	}
	z.next_in = (Bytef *)r->body;
	z.avail_in = (uInt)r->len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	if (rc != Z_STREAM_END || z.total_out >= r->len) {
		mem_free(out);	/* not smaller: send it as it is */
		return ERR_OK;
	}
	r->gz = out;
	r->gzlen = z.total_out;
	if (r->etag[0] != '\0')
		snprintf(r->etag_gz, sizeof r->etag_gz, "%.*s-gz\"",
		    (int)strlen(r->etag) - 1, r->etag);
	return ERR_OK;
}

/* Does Accept-Encoding take gzip? (RFC 9110 12.5.3: "gzip", "x-gzip" or
 * "*", with q > 0) */
static bool
accepts_gzip(const char *ae)
{
	const char *p = ae;

	if (ae == NULL)
		return false;
	while (*p != '\0') {
		struct str item, coding;
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		const char *semi;

		item = str_trim(str_make(p, len));
		p += len + (end != NULL ? 1 : 0);
		semi = memchr(item.p, ';', item.len);
		coding = str_trim(str_make(item.p, semi != NULL ?
		    (size_t)(semi - item.p) : item.len));
		if (!str_caseeq_cstr(coding, "gzip") &&
		    !str_caseeq_cstr(coding, "x-gzip") &&
		    !str_eq_cstr(coding, "*"))
			continue;
		if (semi != NULL) {
			struct str q = str_trim(str_make(semi + 1, item.len -
			    (size_t)(semi + 1 - item.p)));

			/* q=0, q=0.0, q=0.00, q=0.000: refused */
			if (q.len >= 3 && (q.p[0] == 'q' || q.p[0] == 'Q') &&
			    q.p[1] == '=' && q.p[2] == '0' &&
			    strspn(q.p + 3, ".0") == q.len - 3)
				continue;
		}
		return true;
	}
	return false;
}

bool
reply_accepts_gzip(const struct http_request *req)
{
	return req->header != NULL &&
	    accepts_gzip(req->header(req->ctx, "Accept-Encoding"));
}

bool
http_reply_gzip(const struct http_reply *r, const struct http_request *req)
{
	return r->gz != NULL && req->header != NULL &&
	    accepts_gzip(req->header(req->ctx, "Accept-Encoding"));
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
