/*
 * buf.c - growing, capped, sticky-error output buffer (see buf.h).
 *
 * Does not know about HTML or any encoding: escaping lives in render/html.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/buf.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

static char buf_empty[1];

void
buf_init(struct buf *b, size_t max)
{
	b->p = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
	b->err = ERR_OK;
}

void
buf_release(struct buf *b)
{
	if (b->alloc > 0)
		mem_free(b->p);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->p[0] = '\0';
	b->err = ERR_OK;
}

enum err
buf_grow(struct buf *b, size_t n)
{
	size_t want, nalloc, limit;
	char *p;

	if (b->err != ERR_OK)
		return b->err;
	/* content + NUL must be representable: len + n < SIZE_MAX */
	if (n > b->max || b->len > b->max - n || b->len + n == SIZE_MAX) {
		b->err = ERR_LIMIT;
		return b->err;
	}
	want = b->len + n + 1;
	if (want <= b->alloc)
		return ERR_OK;
	/* max + 1 would wrap to 0 for max == SIZE_MAX */
	limit = b->max < SIZE_MAX ? b->max + 1 : SIZE_MAX;
	nalloc = b->alloc < 64 ? 64 : b->alloc;
	while (nalloc < want)
		nalloc = nalloc > limit / 2 ? limit : nalloc * 2;
	p = mem_realloc(b->alloc > 0 ? b->p : NULL, nalloc);
	if (p == NULL) {
		b->err = ERR_NOMEM;
		return b->err;
	}
	if (b->alloc == 0)
		p[0] = '\0';
	b->p = p;
	b->alloc = nalloc;
	return ERR_OK;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_grow(b, n) != ERR_OK)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addstr(struct buf *b, struct str s)
{
	buf_add(b, s.p, s.len);
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err != ERR_OK)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = ERR_INVAL;
		return;
	}
	if (buf_grow(b, (size_t)n) != ERR_OK)
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_fail(struct buf *b, enum err e)
{
	if (b->err == ERR_OK)
		b->err = e;
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->err != ERR_OK) {
		buf_release(b);
		return NULL;
	}
	if (b->alloc == 0) {
		p = mem_strndup("", 0);
		if (p == NULL)
			return NULL;
	} else {
		p = b->p;
	}
	if (len != NULL)
		*len = b->len;
	buf_init(b, b->max);
	return p;
}

struct str
buf_str(const struct buf *b)
{
	return (struct str){ b->p, b->len };
}
