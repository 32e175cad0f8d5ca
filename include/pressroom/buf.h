/*
 * buf.h - a growing byte buffer for building output.
 *
 * Invariants: b->p is never NULL and is always NUL-terminated at b->len; the
 * buffer never grows past b->max bytes of content; the first failure (ERR_NOMEM
 * or ERR_LIMIT) is kept in b->err and every later append is then a no-op, so
 * a renderer can append a hundred times and check once. No append returns a
 * pointer the caller must remember. Not thread-safe.
 */
#ifndef PRESSROOM_BUF_H
#define PRESSROOM_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "pressroom/err.h"
#include "pressroom/str.h"

struct buf {
	char *p;
	size_t len;
	size_t alloc;	/* 0 while p points at a shared empty string */
	size_t max;
	enum err err;
};

/* An empty buffer that will hold at most max bytes. Allocates nothing. */
void buf_init(struct buf *b, size_t max);

/* Frees the storage; the buffer is then as after buf_init() with the same max. */
void buf_release(struct buf *b);

/* Empties the buffer, keeping its storage, and clears the error. */
void buf_reset(struct buf *b);

/* Makes sure n more bytes fit; sets b->err and returns it on failure. */
enum err buf_grow(struct buf *b, size_t n);

void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addstr(struct buf *b, struct str s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * Gives b the error e (of a helper buffer, say) unless it has one
 * already: later appends are no-ops and whoever checks b sees e.
 */
void buf_fail(struct buf *b, enum err e);

/* Cuts the content to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Hands the storage to the caller (free with mem_free) and leaves the buffer
 * empty. Returns NULL if the buffer has an error (it is then reset), or a
 * fresh empty allocation if nothing was added. *len may be NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

/* The buffer's content as a borrowed slice. */
struct str buf_str(const struct buf *b);

#endif
