/*
 * test_mem.c - unit tests for src/base/mem.c: the allocation wrappers, the
 * overflow-checked size arithmetic and the fault-injection contract that
 * every other fault test relies on (mem_fail_after(n) fails the n-th
 * allocation and every later one until mem_fail_after(0)).
 *
 * Does not test that libraries call mem_alloc (jansson is covered by
 * tests/unit/core/test_asset_json.c) and does not test thread safety.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/mem.h"
#include "pressroom/banned.h"

static int
teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	return 0;
}

static void
test_alloc_basic(void **state)
{
	char *p, *q;
	unsigned char *z;

	(void)state;
	p = mem_alloc(16);
	assert_non_null(p);
	memset(p, 'x', 16);
	q = mem_realloc(p, 4096);
	assert_non_null(q);
	assert_int_equal(q[15], 'x');
	mem_free(q);

	/* zero-size requests still give a pointer that can be freed */
	p = mem_alloc(0);
	assert_non_null(p);
	mem_free(p);
	p = mem_realloc(NULL, 0);
	assert_non_null(p);
	mem_free(p);
	z = mem_calloc(0, 8);
	assert_non_null(z);
	mem_free(z);

	z = mem_calloc(100, 3);
	assert_non_null(z);
	for (size_t i = 0; i < 300; i++)
		assert_int_equal(z[i], 0);
	mem_free(z);

	mem_free(NULL);
}

static void
test_calloc_overflow(void **state)
{
	(void)state;
	assert_null(mem_calloc(SIZE_MAX / 2, 4));
	assert_null(mem_calloc(SIZE_MAX, SIZE_MAX));
}

static void
test_strndup(void **state)
{
	char *p;

	(void)state;
	p = mem_strndup("hello world", 5);
	assert_non_null(p);
	assert_string_equal(p, "hello");
	mem_free(p);

	p = mem_strndup("", 0);
	assert_non_null(p);
	assert_string_equal(p, "");
	mem_free(p);

	/* NUL bytes inside are copied, one is appended */
	p = mem_strndup("a\0b", 3);
	assert_non_null(p);
	assert_memory_equal(p, "a\0b\0", 4);
	mem_free(p);

	assert_null(mem_strndup("x", SIZE_MAX));
}

static void
test_add_mul(void **state)
{
	size_t r = 7;

	(void)state;
	assert_true(mem_add(1, 2, &r));
	assert_int_equal(r, 3);
	assert_true(mem_add(SIZE_MAX - 1, 1, &r));
	assert_true(r == SIZE_MAX);
	r = 7;
	assert_false(mem_add(SIZE_MAX, 1, &r));
	assert_int_equal(r, 7);		/* untouched on overflow */
	assert_false(mem_add(1, SIZE_MAX, &r));
	assert_false(mem_add(SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1, &r));
	assert_int_equal(r, 7);

	assert_true(mem_mul(0, SIZE_MAX, &r));
	assert_int_equal(r, 0);
	assert_true(mem_mul(SIZE_MAX, 0, &r));
	assert_int_equal(r, 0);
	assert_true(mem_mul(SIZE_MAX, 1, &r));
	assert_true(r == SIZE_MAX);
	assert_true(mem_mul(1u << 16, 1u << 15, &r));
	assert_int_equal(r, (size_t)1 << 31);
	r = 7;
	assert_false(mem_mul(SIZE_MAX / 2 + 1, 2, &r));
	assert_false(mem_mul(2, SIZE_MAX / 2 + 1, &r));
	assert_false(mem_mul(SIZE_MAX, SIZE_MAX, &r));
	assert_int_equal(r, 7);
	assert_true(mem_mul(SIZE_MAX / 3, 3, &r));
	assert_true(r == SIZE_MAX / 3 * 3);
}

/* allocates k times and returns a bit mask of which allocations failed */
static unsigned
alloc_pattern(int k)
{
	unsigned mask = 0;

	for (int i = 0; i < k; i++) {
		void *p;

		switch (i % 4) {
		case 0: p = mem_alloc(8); break;
		case 1: p = mem_calloc(2, 8); break;
		case 2: p = mem_realloc(NULL, 8); break;
		default: p = mem_strndup("abc", 3); break;
		}
		if (p == NULL)
			mask |= 1u << i;
		mem_free(p);
	}
	return mask;
}

static void
test_fail_after_one(void **state)
{
	(void)state;
	mem_fail_after(1);
	assert_false(mem_failed());
	assert_null(mem_alloc(1));
	assert_true(mem_failed());
	/* every later allocation fails too, of every kind */
	assert_null(mem_alloc(1));
	assert_null(mem_calloc(1, 1));
	assert_null(mem_realloc(NULL, 1));
	assert_null(mem_strndup("x", 1));
	mem_fail_after(0);
	assert_false(mem_failed());
	assert_int_equal(alloc_pattern(8), 0);
}

static void
test_fail_after_n(void **state)
{
	(void)state;
	for (int n = 1; n <= 12; n++) {
		unsigned want = ~0u << (n - 1) & ((1u << 12) - 1);

		mem_fail_after(n);
		assert_int_equal(alloc_pattern(12), want);
		assert_true(mem_failed());
		assert_int_equal(mem_alloc_count(), 12);
	}
	/* n beyond the number of allocations: nothing fails */
	mem_fail_after(13);
	assert_int_equal(alloc_pattern(12), 0);
	assert_false(mem_failed());
	mem_fail_after(0);
}

static void
test_fail_off(void **state)
{
	(void)state;
	mem_fail_after(0);
	assert_int_equal(alloc_pattern(16), 0);
	assert_false(mem_failed());
	/* negative switches injection off as well */
	mem_fail_after(-5);
	assert_int_equal(alloc_pattern(16), 0);
	assert_false(mem_failed());
	/* a new call re-arms the countdown from the start */
	mem_fail_after(3);
	assert_int_equal(alloc_pattern(2), 0);
	mem_fail_after(3);
	assert_int_equal(alloc_pattern(4), 0xC);
}

static void
test_realloc_failure_keeps_block(void **state)
{
	char *p, *q;

	(void)state;
	p = mem_alloc(8);
	assert_non_null(p);
	memcpy(p, "content", 8);
	mem_fail_after(1);
	q = mem_realloc(p, 1u << 16);
	assert_null(q);
	mem_fail_after(0);
	/* the old block is still the caller's and intact */
	assert_string_equal(p, "content");
	mem_free(p);
}

static void
test_alloc_count(void **state)
{
	void *p;

	(void)state;
	mem_fail_after(0);
	assert_int_equal(mem_alloc_count(), 0);
	p = mem_alloc(4);
	mem_free(p);
	p = mem_calloc(1, 4);
	mem_free(p);
	p = mem_realloc(NULL, 4);
	p = mem_realloc(p, 40);
	mem_free(p);
	assert_int_equal(mem_alloc_count(), 4);
	/* frees are not counted, failed allocations are */
	mem_free(NULL);
	assert_int_equal(mem_alloc_count(), 4);
	mem_fail_after(1);
	assert_null(mem_alloc(1));
	assert_null(mem_alloc(1));
	assert_int_equal(mem_alloc_count(), 2);
	mem_fail_after(0);
	assert_int_equal(mem_alloc_count(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_alloc_basic, teardown),
		cmocka_unit_test_teardown(test_calloc_overflow, teardown),
		cmocka_unit_test_teardown(test_strndup, teardown),
		cmocka_unit_test_teardown(test_add_mul, teardown),
		cmocka_unit_test_teardown(test_fail_after_one, teardown),
		cmocka_unit_test_teardown(test_fail_after_n, teardown),
		cmocka_unit_test_teardown(test_fail_off, teardown),
		cmocka_unit_test_teardown(test_realloc_failure_keeps_block,
		    teardown),
		cmocka_unit_test_teardown(test_alloc_count, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
