/*
 * mem.h - the allocator every pressroom module goes through, with
 * overflow-checked size arithmetic and allocation-failure injection for tests.
 *
 * Does not abort on failure: every function reports it, and callers turn it
 * into ERR_NOMEM. Third-party libraries (SQLite, jansson) allocate on their
 * own unless they are pointed at these functions.
 */
#ifndef PRESSROOM_MEM_H
#define PRESSROOM_MEM_H

#include <stdbool.h>
#include <stddef.h>

/* malloc/calloc/realloc/free; NULL on failure or on an injected failure. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);

/* Copies n bytes of s and appends a NUL; NULL on failure. */
char *mem_strndup(const char *s, size_t n);

/* a + b and a * b into *out; false (and *out untouched) on overflow. */
bool mem_add(size_t a, size_t b, size_t *out);
bool mem_mul(size_t a, size_t b, size_t *out);

/*
 * Fault injection for tests: after mem_fail_after(n), the n-th following
 * allocation fails (n = 1 fails the very next one) and so does every later
 * one until mem_fail_after(0) switches injection off. mem_alloc_count()
 * counts allocations since the last mem_fail_after() call. Thread-safe.
 * mem_fail_once(n) is the same except that only the n-th allocation fails
 * (a transient failure: what follows must still work). mem_failed()
 * tells whether the injected failure happened.
 */
void mem_fail_after(long n);
void mem_fail_once(long n);
long mem_alloc_count(void);
bool mem_failed(void);

#endif
