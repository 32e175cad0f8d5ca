/*
 * mem.c - allocation wrappers with failure injection and checked arithmetic.
 *
 * Injection is process-wide (tests run one case at a time). Does not track
 * allocations for leak reports: LeakSanitizer does that in the ASan build.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/mem.h"
#include "pressroom/banned.h"

static atomic_long fail_countdown;	/* 0: injection off */
static atomic_long alloc_count;
static atomic_bool fail_hit;
static atomic_bool fail_once;		/* only the one allocation fails */

static bool
mem_should_fail(void)
{
	long n;

	atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
	n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
	if (n == 0)
		return false;
	if (n == 1) {
		atomic_store(&fail_hit, true);
		/* stays at 1, so every later allocation fails too, unless once */
		if (atomic_load(&fail_once))
			atomic_store(&fail_countdown, 0);
		return true;
	}
	atomic_fetch_sub(&fail_countdown, 1);
	return false;
}

static void
fail_setup(long n, bool once)
{
	atomic_store(&fail_countdown, 0);
	atomic_store(&fail_once, once);
	atomic_store(&alloc_count, 0);
	atomic_store(&fail_hit, false);
	atomic_store(&fail_countdown, n < 0 ? 0 : n);
}

void
mem_fail_after(long n)
{
	fail_setup(n, false);
}

void
mem_fail_once(long n)
{
	fail_setup(n, true);
}

long
mem_alloc_count(void)
{
	return atomic_load(&alloc_count);
}

bool
mem_failed(void)
{
	return atomic_load(&fail_hit);
}

void *
mem_alloc(size_t n)
{
	if (mem_should_fail())
		return NULL;
	return malloc(n == 0 ? 1 : n);
}

void *
mem_calloc(size_t count, size_t size)
{
	size_t n;

	if (mem_should_fail() || !mem_mul(count, size, &n))
		return NULL;
	if (count == 0 || size == 0)
		return calloc(1, 1);
	return calloc(count, size);
}

void *
mem_realloc(void *p, size_t n)
{
	if (mem_should_fail())
		return NULL;
	return realloc(p, n == 0 ? 1 : n);
}

void
mem_free(void *p)
{
	free(p);
}

char *
mem_strndup(const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = mem_alloc(n + 1);
	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool
mem_add(size_t a, size_t b, size_t *out)
{
	if (a > SIZE_MAX - b)
		return false;
	*out = a + b;
	return true;
}

bool
mem_mul(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return false;
	*out = a * b;
	return true;
}
