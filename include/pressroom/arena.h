/*
 * arena.h - a bump allocator for things that live exactly as long as one
 * request or one command: parsed parameters, loaded assets, view models.
 *
 * Invariants: memory handed out is aligned for any type; nothing is freed
 * individually; arena_reset() keeps the first chunk for reuse, arena_release()
 * returns everything. An arena has a hard cap on the bytes it hands out; the
 * first failure is kept in a->err (ERR_NOMEM or ERR_LIMIT) so a caller may
 * allocate many times and check once. Not thread-safe.
 */
#ifndef PRESSROOM_ARENA_H
#define PRESSROOM_ARENA_H

#include <stddef.h>
#include "pressroom/err.h"

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used;	/* bytes handed out since the last reset */
	size_t cap;	/* at most this many bytes handed out */
	enum err err;	/* first failure, ERR_OK if none */
};

/* Sets up an empty arena that hands out at most cap bytes. Allocates nothing. */
void arena_init(struct arena *a, size_t cap);

/* Frees every chunk; the arena may be reused after arena_init(). */
void arena_release(struct arena *a);

/* Forgets every allocation but keeps one chunk; clears a->err. */
void arena_reset(struct arena *a);

/* n bytes (uninitialised / zeroed); NULL on failure, with a->err set. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t count, size_t size);

/* Copies of strings, always NUL-terminated; NULL on failure. s may contain
 * NUL bytes in strndup, they are copied as they are. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

/* A formatted string in the arena; NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Grows an array held in the arena: *items has *n elements of size bytes; on
 * success it has room for one more, which is zeroed and returned (the caller
 * increments *n). Old storage is abandoned to the arena. NULL on failure.
 */
void *arena_push(struct arena *a, void **items, size_t *n, size_t *cap,
    size_t size);

#endif
