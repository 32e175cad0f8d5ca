/*
 * test_buf.c - unit tests for src/base/buf.c: the invariants of struct buf
 * (p never NULL, always NUL-terminated at len, never more than max bytes,
 * first error sticky), formatted appends that grow the storage, truncation,
 * buf_detach's ownership rules and behaviour under allocation failure.
 *
 * Does not test escaping writers built on buf (render/html.c has its own
 * tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/buf.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

static int
teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	return 0;
}

/* the invariants that hold after every operation */
static void
check_inv(const struct buf *b)
{
	assert_non_null(b->p);
	assert_int_equal(b->p[b->len], '\0');
	assert_true(b->len <= b->max);
	if (b->alloc > 0)
		assert_true(b->len < b->alloc);
}

static void
check_content(const struct buf *b, const char *want)
{
	check_inv(b);
	assert_int_equal(b->len, strlen(want));
	assert_string_equal(b->p, want);
}

static void
test_init_empty(void **state)
{
	struct buf b;
	struct str s;

	(void)state;
	buf_init(&b, 100);
	check_content(&b, "");
	assert_int_equal(b.err, ERR_OK);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.max, 100);
	s = buf_str(&b);
	assert_non_null(s.p);
	assert_int_equal(s.len, 0);
	/* adding nothing allocates nothing and keeps the invariants */
	buf_add(&b, "", 0);
	buf_adds(&b, "");
	check_content(&b, "");
	buf_reset(&b);
	check_content(&b, "");
	buf_truncate(&b, 0);
	check_content(&b, "");
	buf_release(&b);
	check_content(&b, "");
	buf_release(&b);
	assert_int_equal(b.max, 100);
}

static void
test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	buf_add(&b, "abc", 2);
	check_content(&b, "ab");
	buf_adds(&b, "cd");
	check_content(&b, "abcd");
	buf_addstr(&b, STR_LIT("ef"));
	check_content(&b, "abcdef");
	buf_addc(&b, 'g');
	check_content(&b, "abcdefg");
	buf_addf(&b, "%d|%s|%c", -5, "x", 'y');
	check_content(&b, "abcdefg-5|x|y");
	buf_addf(&b, "%s", "");
	check_content(&b, "abcdefg-5|x|y");
	assert_true(str_eq_cstr(buf_str(&b), "abcdefg-5|x|y"));
	assert_int_equal(b.err, ERR_OK);
	buf_release(&b);
	check_content(&b, "");
}

static void
test_embedded_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	buf_add(&b, "a\0b", 3);
	buf_addc(&b, '\0');
	check_inv(&b);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.p, "a\0b\0\0", 5);
	buf_release(&b);
}

static void
test_growth(void **state)
{
	struct buf b;
	char want[5001];

	(void)state;
	buf_init(&b, 1u << 20);
	for (int i = 0; i < 5000; i++) {
		want[i] = (char)('a' + i % 26);
		buf_addc(&b, want[i]);
		check_inv(&b);
		assert_int_equal(b.len, (size_t)i + 1);
	}
	want[5000] = '\0';
	check_content(&b, want);
	buf_release(&b);
}

static void
test_addf_growth(void **state)
{
	struct buf b;
	char want[2000];
	size_t o = 0;

	(void)state;
	buf_init(&b, 1u << 20);
	/* a first format far past the initial 64 bytes */
	buf_addf(&b, "%0100d", 7);
	check_inv(&b);
	assert_int_equal(b.len, 100);
	assert_int_equal(b.p[98], '0');
	assert_int_equal(b.p[99], '7');
	buf_reset(&b);
	/* exactly 63, 64 and 65 bytes around the first allocation size */
	for (int w = 62; w <= 66; w++) {
		buf_reset(&b);
		buf_addf(&b, "%*s", w, "z");
		check_inv(&b);
		assert_int_equal(b.len, (size_t)w);
		assert_int_equal(b.p[w - 1], 'z');
	}
	buf_reset(&b);
	/* many appends that each cross an allocation boundary */
	for (int i = 0; i < 100; i++) {
		int n = snprintf(want + o, sizeof want - o, "[%d:%s]", i,
		    i % 2 ? "odd" : "even-number");

		o += (size_t)n;
		buf_addf(&b, "[%d:%s]", i, i % 2 ? "odd" : "even-number");
		check_inv(&b);
	}
	check_content(&b, want);
	buf_release(&b);
}

static void
test_cap_exact(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_adds(&b, "0123456789");
	check_content(&b, "0123456789");
	assert_int_equal(b.err, ERR_OK);
	/* one byte more fails and nothing is appended */
	buf_addc(&b, 'x');
	assert_int_equal(b.err, ERR_LIMIT);
	check_content(&b, "0123456789");
	buf_release(&b);

	/* a single add larger than the cap leaves the content as it was */
	buf_init(&b, 10);
	buf_adds(&b, "abc");
	buf_adds(&b, "defghijk");
	assert_int_equal(b.err, ERR_LIMIT);
	check_content(&b, "abc");
	buf_release(&b);

	/* formatted output over the cap */
	buf_init(&b, 10);
	buf_addf(&b, "%s", "01234567890");
	assert_int_equal(b.err, ERR_LIMIT);
	check_content(&b, "");
	buf_release(&b);

	/* a cap of zero */
	buf_init(&b, 0);
	buf_addc(&b, 'a');
	assert_int_equal(b.err, ERR_LIMIT);
	check_content(&b, "");
	buf_release(&b);
}

static void
test_error_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	buf_adds(&b, "abc");
	buf_adds(&b, "too long for it");
	assert_int_equal(b.err, ERR_LIMIT);
	/* later appends that would fit are no-ops now */
	buf_adds(&b, "d");
	buf_addc(&b, 'e');
	buf_addf(&b, "%d", 1);
	buf_addstr(&b, STR_LIT("f"));
	check_content(&b, "abc");
	assert_int_equal(buf_grow(&b, 1), ERR_LIMIT);
	assert_int_equal(b.err, ERR_LIMIT);
	/* reset clears the error and empties, keeping the storage */
	{
		char *p = b.p;
		size_t alloc = b.alloc;

		buf_reset(&b);
		assert_int_equal(b.err, ERR_OK);
		check_content(&b, "");
		assert_ptr_equal(b.p, p);
		assert_int_equal(b.alloc, alloc);
	}
	buf_adds(&b, "12345678");
	check_content(&b, "12345678");
	assert_int_equal(b.err, ERR_OK);
	buf_release(&b);
}

static void
test_nomem_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1u << 20);
	mem_fail_after(1);
	buf_adds(&b, "abc");
	mem_fail_after(0);
	assert_int_equal(b.err, ERR_NOMEM);
	check_content(&b, "");
	buf_adds(&b, "abc");
	check_content(&b, "");
	buf_release(&b);

	/* the first error is kept even when a later one differs */
	buf_init(&b, 100);
	buf_adds(&b, "0123456789");
	mem_fail_after(1);
	buf_addf(&b, "%0200d", 1);	/* over the cap: LIMIT before malloc */
	assert_int_equal(b.err, ERR_LIMIT);
	buf_adds(&b, "x");		/* would need no allocation either */
	assert_int_equal(b.err, ERR_LIMIT);
	mem_fail_after(0);
	check_content(&b, "0123456789");
	buf_release(&b);

	/* growth fails after content exists: content and storage survive */
	buf_init(&b, 1u << 20);
	buf_adds(&b, "keep me");
	mem_fail_after(1);
	buf_addf(&b, "%0500d", 1);
	mem_fail_after(0);
	assert_int_equal(b.err, ERR_NOMEM);
	check_content(&b, "keep me");
	buf_release(&b);
}

static void
test_grow(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_grow(&b, 0), ERR_OK);
	check_content(&b, "");
	assert_int_equal(buf_grow(&b, 100), ERR_OK);
	assert_true(b.alloc >= 101);
	/* growing does not change the content */
	check_content(&b, "");
	assert_int_equal(buf_grow(&b, 101), ERR_LIMIT);
	assert_int_equal(b.err, ERR_LIMIT);
	buf_release(&b);

	buf_init(&b, 100);
	assert_int_equal(buf_grow(&b, SIZE_MAX), ERR_LIMIT);
	buf_release(&b);
}

static void
test_huge_max(void **state)
{
	struct buf b;
	char chunk[100];

	(void)state;
	/* "no practical limit" must not break the growth arithmetic */
	memset(chunk, 'm', sizeof chunk);
	buf_init(&b, SIZE_MAX);
	for (int i = 0; i < 50; i++)
		buf_add(&b, chunk, sizeof chunk);
	check_inv(&b);
	assert_int_equal(b.err, ERR_OK);
	assert_int_equal(b.len, 5000);
	assert_true(buf_grow(&b, SIZE_MAX) != ERR_OK);
	buf_release(&b);

	buf_init(&b, SIZE_MAX - 1);
	buf_adds(&b, "x");
	buf_add(&b, chunk, sizeof chunk);
	check_inv(&b);
	assert_int_equal(b.len, 101);
	buf_release(&b);
}

static void
test_truncate(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	buf_adds(&b, "hello world");
	buf_truncate(&b, 5);
	check_content(&b, "hello");
	/* len beyond the content changes nothing */
	buf_truncate(&b, 50);
	check_content(&b, "hello");
	buf_truncate(&b, 5);
	check_content(&b, "hello");
	buf_adds(&b, "!");
	check_content(&b, "hello!");
	buf_truncate(&b, 0);
	check_content(&b, "");
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 100);
	buf_adds(&b, "owned");
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "owned");
	assert_int_equal(len, 5);
	/* the buffer is empty and usable, with the same cap */
	check_content(&b, "");
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.max, 100);
	buf_adds(&b, "next");
	check_content(&b, "next");
	/* the detached block is independent of the buffer */
	assert_string_equal(p, "owned");
	mem_free(p);
	buf_release(&b);

	/* nothing added: a fresh allocation the caller frees */
	buf_init(&b, 100);
	len = 99;
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	mem_free(p);
	/* len may be NULL */
	buf_adds(&b, "x");
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "x");
	mem_free(p);
	buf_release(&b);

	/* an errored buffer gives NULL and is reset (error cleared) */
	buf_init(&b, 4);
	buf_adds(&b, "ab");
	buf_adds(&b, "cdef");
	assert_int_equal(b.err, ERR_LIMIT);
	len = 99;
	assert_null(buf_detach(&b, &len));
	assert_int_equal(len, 99);
	assert_int_equal(b.err, ERR_OK);
	check_content(&b, "");
	assert_int_equal(b.max, 4);
	buf_adds(&b, "abcd");
	check_content(&b, "abcd");
	buf_release(&b);

	/* the buffer after a reset with storage: detach hands it over */
	buf_init(&b, 100);
	buf_adds(&b, "abc");
	buf_reset(&b);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	mem_free(p);
	buf_release(&b);
}

/* a render-like sequence with each allocation failing in turn */
static void
test_alloc_failure_loop(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct buf b;
		char *p;
		size_t len;

		buf_init(&b, 1u << 20);
		mem_fail_after(n);
		for (int i = 0; i < 200; i++)
			buf_addf(&b, "<p>%d %s</p>\n", i, "paragraph");
		p = buf_detach(&b, &len);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_non_null(p);
			assert_true(len > 200 * 10);
			mem_free(p);
			break;
		}
		mem_fail_after(0);
		assert_null(p);
		check_content(&b, "");
		assert_int_equal(b.err, ERR_OK);
		buf_release(&b);
		assert_true(n < 100);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_addf_growth),
		cmocka_unit_test(test_cap_exact),
		cmocka_unit_test(test_error_sticky),
		cmocka_unit_test_teardown(test_nomem_sticky, teardown),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_huge_max),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_detach),
		cmocka_unit_test_teardown(test_alloc_failure_loop, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
