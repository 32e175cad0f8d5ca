/*
 * test_arena.c - unit tests for src/base/arena.c: alignment of every pointer
 * handed out, the byte cap and its sticky error, reset and release, growth of
 * arrays with arena_push, large one-off allocations, string helpers and
 * behaviour under injected allocation failure.
 *
 * Does not test thread use (an arena is not thread-safe by contract).
 */
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/arena.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

#define ALIGN alignof(max_align_t)

static int
teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	return 0;
}

static void
assert_aligned(const void *p)
{
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % ALIGN, 0);
}

static void
test_alignment(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31,
		33, 63, 100, 255, 1000, 4000, 4096, 5000, 70000 };
	struct arena a;

	(void)state;
	arena_init(&a, 64u << 20);
	for (int round = 0; round < 20; round++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			unsigned char *p = arena_alloc(&a, sizes[i]);

			assert_aligned(p);
			/* the whole block is writable (ASan checks) */
			memset(p, 0xAB, sizes[i]);
		}
	assert_aligned(arena_calloc(&a, 3, 5));
	assert_aligned(arena_strdup(&a, "x"));
	assert_aligned(arena_strndup(&a, "xyz", 1));
	assert_aligned(arena_printf(&a, "%d", 42));
	assert_int_equal(a.err, ERR_OK);
	arena_release(&a);
}

static void
test_distinct_blocks(void **state)
{
	struct arena a;
	unsigned char *p[200];

	(void)state;
	arena_init(&a, 1u << 20);
	for (int i = 0; i < 200; i++) {
		p[i] = arena_alloc(&a, 37);
		assert_non_null(p[i]);
		memset(p[i], i, 37);
	}
	/* no allocation overlapped another */
	for (int i = 0; i < 200; i++)
		for (int k = 0; k < 37; k++)
			assert_int_equal(p[i][k], (unsigned char)i);
	arena_release(&a);
}

static void
test_calloc_zeroes(void **state)
{
	struct arena a;
	unsigned char *p;

	(void)state;
	arena_init(&a, 1u << 20);
	/* dirty the chunk, reset, then calloc must still give zeroes */
	p = arena_alloc(&a, 1000);
	memset(p, 0xFF, 1000);
	arena_reset(&a);
	p = arena_calloc(&a, 10, 100);
	assert_non_null(p);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0);
	arena_release(&a);
}

static void
test_calloc_overflow(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, SIZE_MAX);
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 3));
	assert_int_equal(a.err, ERR_LIMIT);
	arena_release(&a);

	arena_init(&a, SIZE_MAX);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_int_equal(a.err, ERR_LIMIT);
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	assert_null(arena_strndup(&a, "x", SIZE_MAX));
	assert_int_equal(a.err, ERR_LIMIT);
	arena_release(&a);
}

static void
test_cap(void **state)
{
	struct arena a;
	void *p;

	(void)state;
	arena_init(&a, 16 * ALIGN);
	for (int i = 0; i < 16; i++)
		assert_non_null(arena_alloc(&a, ALIGN));
	assert_int_equal(a.used, 16 * ALIGN);
	assert_int_equal(a.err, ERR_OK);
	/* one byte more is over the cap */
	assert_null(arena_alloc(&a, 1));
	assert_int_equal(a.err, ERR_LIMIT);
	assert_int_equal(a.used, 16 * ALIGN);
	arena_release(&a);

	/* a single request larger than the cap */
	arena_init(&a, 1000);
	assert_null(arena_alloc(&a, 1001));
	assert_int_equal(a.err, ERR_LIMIT);
	assert_int_equal(a.used, 0);
	arena_release(&a);

	/* a cap of zero hands out nothing */
	arena_init(&a, 0);
	assert_null(arena_alloc(&a, 0));
	assert_int_equal(a.err, ERR_LIMIT);
	arena_release(&a);

	/* the first error sticks while later small allocations still work */
	arena_init(&a, 4096);
	assert_null(arena_alloc(&a, 5000));
	assert_int_equal(a.err, ERR_LIMIT);
	p = arena_alloc(&a, 10);
	assert_non_null(p);
	assert_int_equal(a.err, ERR_LIMIT);
	arena_release(&a);
}

static void
test_error_sticks_first(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	mem_fail_after(1);
	assert_null(arena_alloc(&a, 10));
	assert_int_equal(a.err, ERR_NOMEM);
	mem_fail_after(0);
	/* a later limit error does not replace the first failure */
	assert_null(arena_alloc(&a, 2u << 20));
	assert_int_equal(a.err, ERR_NOMEM);
	/* reset clears it */
	arena_reset(&a);
	assert_int_equal(a.err, ERR_OK);
	assert_non_null(arena_alloc(&a, 10));
	arena_release(&a);
}

static void
test_reset_reuses(void **state)
{
	struct arena a;
	char *p, *q;

	(void)state;
	arena_init(&a, 1u << 20);
	p = arena_alloc(&a, 100);
	assert_non_null(p);
	arena_reset(&a);
	assert_int_equal(a.used, 0);
	assert_non_null(a.head);
	q = arena_alloc(&a, 100);
	/* the kept chunk is reused from its start */
	assert_ptr_equal(p, q);

	/* the cap counts from the reset, not from arena_init */
	for (int round = 0; round < 5; round++) {
		size_t got = 0;

		arena_reset(&a);
		while (arena_alloc(&a, 1024) != NULL)
			got += 1024;
		assert_int_equal(a.err, ERR_LIMIT);
		/* exactly the cap: 1024 is a multiple of the alignment */
		assert_int_equal(got, 1u << 20);
		assert_int_equal(a.used, a.cap);
	}
	arena_reset(&a);
	assert_int_equal(a.err, ERR_OK);
	assert_non_null(arena_strdup(&a, "still works"));
	arena_release(&a);
}

static void
test_release_and_reuse(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1u << 20);
	assert_non_null(arena_alloc(&a, 3000));
	assert_non_null(arena_alloc(&a, 3000));
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	/* releasing twice and releasing an empty arena are harmless */
	arena_release(&a);
	arena_init(&a, 100);
	arena_release(&a);
	arena_init(&a, 1u << 20);
	assert_non_null(arena_strdup(&a, "again"));
	arena_release(&a);
}

static void
test_large_one_off(void **state)
{
	struct arena a;
	unsigned char *small1, *big, *small2, *huge;

	(void)state;
	arena_init(&a, 64u << 20);
	small1 = arena_alloc(&a, 64);
	memset(small1, 1, 64);
	big = arena_alloc(&a, 100000);
	assert_aligned(big);
	memset(big, 2, 100000);
	small2 = arena_alloc(&a, 64);
	assert_aligned(small2);
	memset(small2, 3, 64);
	/* larger than the biggest ordinary chunk */
	huge = arena_alloc(&a, 3u << 20);
	assert_aligned(huge);
	memset(huge, 4, 3u << 20);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(small1[i], 1);
		assert_int_equal(small2[i], 3);
	}
	for (size_t i = 0; i < 100000; i += 997)
		assert_int_equal(big[i], 2);
	assert_int_equal(huge[(3u << 20) - 1], 4);
	assert_true(a.used >= 64 + 100000 + 64 + (3u << 20));

	/* after a reset the giant is gone and small allocations work */
	arena_reset(&a);
	for (int i = 0; i < 1000; i++)
		assert_aligned(arena_alloc(&a, 100));
	/* another giant after the reset */
	huge = arena_alloc(&a, 5u << 20);
	assert_aligned(huge);
	memset(huge, 5, 5u << 20);
	arena_release(&a);
}

static void
test_strings(void **state)
{
	struct arena a;
	char *s;
	char big[600];

	(void)state;
	arena_init(&a, 1u << 20);
	s = arena_strdup(&a, "hello");
	assert_string_equal(s, "hello");
	s = arena_strdup(&a, "");
	assert_string_equal(s, "");
	s = arena_strndup(&a, "hello", 3);
	assert_string_equal(s, "hel");
	s = arena_strndup(&a, NULL, 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	/* NUL bytes are copied as they are, and one is added */
	s = arena_strndup(&a, "a\0b", 3);
	assert_memory_equal(s, "a\0b\0", 4);

	s = arena_printf(&a, "%s-%d-%c", "x", -12, 'z');
	assert_string_equal(s, "x--12-z");
	s = arena_printf(&a, "%s", "");
	assert_string_equal(s, "");
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s = arena_printf(&a, "<%s>", big);
	assert_int_equal(strlen(s), sizeof big + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[sizeof big], '>');
	arena_release(&a);

	/* printf over the cap */
	arena_init(&a, 256);
	assert_null(arena_printf(&a, "%s", big));
	assert_int_equal(a.err, ERR_LIMIT);
	arena_release(&a);
}

struct item {
	int64_t k;
	char tag[9];
};

static void
test_push_growth(void **state)
{
	struct arena a;
	struct item *items = NULL, *it;
	size_t n = 0, cap = 0;

	(void)state;
	arena_init(&a, 16u << 20);
	for (int i = 0; i < 5000; i++) {
		void *v = items;

		it = arena_push(&a, &v, &n, &cap, sizeof *it);
		items = v;
		assert_non_null(it);
		assert_aligned(items);
		assert_ptr_equal(it, &items[n]);
		assert_true(cap > n);
		/* the new element is zeroed even on reused memory */
		assert_int_equal(it->k, 0);
		assert_int_equal(it->tag[0], 0);
		it->k = i * 3;
		memcpy(it->tag, "abcdefgh", 9);
		n++;
		if (i % 500 == 0)
			for (size_t k = 0; k < n; k++)
				assert_int_equal(items[k].k, (int64_t)k * 3);
	}
	assert_int_equal(n, 5000);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(items[k].k, (int64_t)k * 3);
		assert_string_equal(items[k].tag, "abcdefgh");
	}
	arena_release(&a);
}

static void
test_push_failure(void **state)
{
	struct arena a;
	void *items = NULL;
	size_t n = 0, cap = 0;
	int *it;

	(void)state;
	/* the cap stops growth; the array so far is untouched */
	arena_init(&a, 256);
	for (;;) {
		it = arena_push(&a, &items, &n, &cap, sizeof *it);
		if (it == NULL)
			break;
		*it = (int)n;
		n++;
	}
	assert_int_equal(a.err, ERR_LIMIT);
	assert_true(n >= 8);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(((int *)items)[k], (int)k);
	assert_true(cap >= n);
	arena_release(&a);

	/* element size times capacity overflows */
	arena_init(&a, 1u << 20);
	items = NULL;
	n = cap = 0;
	assert_null(arena_push(&a, &items, &n, &cap, SIZE_MAX / 4));
	assert_int_equal(a.err, ERR_LIMIT);
	assert_null(items);
	assert_int_equal(cap, 0);
	arena_release(&a);
}

/* every allocation of a mixed workload fails in turn: no crash, no leak */
static void
test_alloc_failure_loop(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct arena a;
		void *items = NULL;
		size_t cnt = 0, cap = 0;
		bool ok = true;

		arena_init(&a, 64u << 20);
		mem_fail_after(n);
		for (int i = 0; i < 50 && ok; i++) {
			int *it = arena_push(&a, &items, &cnt, &cap,
			    sizeof *it);

			ok = it != NULL && arena_alloc(&a, 3000) != NULL &&
			    arena_printf(&a, "%d", i) != NULL;
			if (it != NULL)
				cnt++;
		}
		ok = ok && arena_alloc(&a, 2u << 20) != NULL;
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_true(ok);
			assert_int_equal(a.err, ERR_OK);
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		assert_false(ok);
		assert_int_equal(a.err, ERR_NOMEM);
		arena_release(&a);
		assert_true(n < 1000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_distinct_blocks),
		cmocka_unit_test(test_calloc_zeroes),
		cmocka_unit_test(test_calloc_overflow),
		cmocka_unit_test(test_cap),
		cmocka_unit_test_teardown(test_error_sticks_first, teardown),
		cmocka_unit_test(test_reset_reuses),
		cmocka_unit_test(test_release_and_reuse),
		cmocka_unit_test(test_large_one_off),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_push_growth),
		cmocka_unit_test(test_push_failure),
		cmocka_unit_test_teardown(test_alloc_failure_loop, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
