/*
 * arena.c - chunked bump allocator (see arena.h for the invariants).
 *
 * Chunks grow geometrically up to 1 MiB; a request larger than a chunk gets a
 * chunk of its own. Does not return memory before arena_reset/release.
 */
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/arena.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_FIRST_CHUNK 4096
#define ARENA_MAX_CHUNK (1u << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;	/* usable bytes in data */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a, size_t cap)
{
	a->head = NULL;
	a->used = 0;
	a->cap = cap;
	a->err = ERR_OK;
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		mem_free(c);
	}
	a->head = NULL;
	a->used = 0;
	a->err = ERR_OK;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next, *keep = NULL;

	/*
	 * keep the largest ordinary chunk: it is the one a similar request will
	 * need; one-off giants are returned so an idle thread holds little
	 */
	for (c = a->head; c != NULL; c = c->next)
		if (c->size <= ARENA_MAX_CHUNK &&
		    (keep == NULL || c->size > keep->size))
			keep = c;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (c != keep)
			mem_free(c);
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->used = 0;
	a->err = ERR_OK;
}

static void *
arena_fail(struct arena *a, enum err e)
{
	if (a->err == ERR_OK)
		a->err = e;
	return NULL;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need, size, total;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return arena_fail(a, ERR_LIMIT);
	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need > a->cap || a->used > a->cap - need)
		return arena_fail(a, ERR_LIMIT);
	if (c == NULL || c->size - c->used < need) {
		size = c == NULL ? ARENA_FIRST_CHUNK : c->size * 2;
		if (size > ARENA_MAX_CHUNK)
			size = ARENA_MAX_CHUNK;
		if (size < need)
			size = need;
		if (!mem_add(sizeof *c, size, &total))
			return arena_fail(a, ERR_LIMIT);
		c = mem_alloc(total);
		if (c == NULL)
			return arena_fail(a, ERR_NOMEM);
		c->size = size;
		c->used = 0;
		if (a->head != NULL && need > a->head->size - a->head->used &&
		    size == need) {
			/* an oversized one-off: keep the current chunk in front */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += need;
	a->used += need;
	return p;
}

void *
arena_calloc(struct arena *a, size_t count, size_t size)
{
	size_t n;
	void *p;

	if (!mem_mul(count, size, &n))
		return arena_fail(a, ERR_LIMIT);
	p = arena_alloc(a, n);
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return arena_fail(a, ERR_LIMIT);
	p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_fail(a, ERR_INVAL);
	p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_push(struct arena *a, void **items, size_t *n, size_t *cap, size_t size)
{
	size_t ncap, bytes;
	unsigned char *p;

	if (*n >= *cap) {
		ncap = *cap == 0 ? 8 : *cap * 2;
		if (!mem_mul(ncap, size, &bytes))
			return arena_fail(a, ERR_LIMIT);
		p = arena_alloc(a, bytes);
		if (p == NULL)
			return NULL;
		if (*n > 0)
			memcpy(p, *items, *n * size);
		*items = p;
		*cap = ncap;
	}
	p = (unsigned char *)*items + *n * size;
	memset(p, 0, size);
	return p;
}
