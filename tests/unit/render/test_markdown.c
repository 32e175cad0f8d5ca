/*
 * test_markdown.c - the Markdown writer: ordinary CommonMark output, raw
 * HTML shown as text, URL scheme allow-list (also behind entities),
 * headings demoted, images, tables, plain-text extraction, and allocation
 * failures.
 *
 * Does not test md4c's parsing beyond what our writer depends on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/markdown.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

static char out[65536];

static const char *
md(const char *src)
{
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(markdown_render(&b, src, strlen(src)), ERR_OK);
	snprintf(out, sizeof out, "%s", b.p);
	buf_release(&b);
	return out;
}

static const char *
plain(const char *src)
{
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(markdown_plain(&b, src, strlen(src)), ERR_OK);
	snprintf(out, sizeof out, "%s", b.p);
	buf_release(&b);
	return out;
}

static void
t_paragraphs(void **state)
{
	(void)state;
	assert_string_equal(md("one\n\ntwo"), "<p>one</p>\n<p>two</p>\n");
	assert_string_equal(md("a *b* **c** `d`"),
	    "<p>a <em>b</em> <strong>c</strong> <code>d</code></p>\n");
	assert_string_equal(md("- x\n- y"),
	    "<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n");
	assert_string_equal(md("3. x"), "<ol start=\"3\">\n<li>x</li>\n</ol>\n");
	assert_string_equal(md("~~gone~~"), "<p><del>gone</del></p>\n");
}

static void
t_escaping(void **state)
{
	(void)state;
	assert_string_equal(md("<script>alert(1)</script>"),
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	assert_string_equal(md("a <b onclick=x>b</b> & c"),
	    "<p>a &lt;b onclick=x&gt;b&lt;/b&gt; &amp; c</p>\n");
	assert_string_equal(md("Russia's \"quote\""),
	    "<p>Russia&#39;s &quot;quote&quot;</p>\n");
	/* a well-formed entity passes as it is: the browser decodes it */
	assert_string_equal(md("&copy; &#x41;"), "<p>&copy; &#x41;</p>\n");
}

static void
t_links(void **state)
{
	(void)state;
	assert_string_equal(md("[a](https://example.org/x?y=1&z=2)"),
	    "<p><a href=\"https://example.org/x?y=1&amp;z=2\" "
	    "rel=\"noopener noreferrer\">a</a></p>\n");
	assert_string_equal(md("[a](/en-GB/x#t4 \"T\")"),
	    "<p><a href=\"/en-GB/x#t4\" title=\"T\">a</a></p>\n");
	assert_string_equal(md("[a](mailto:press@example.org)"),
	    "<p><a href=\"mailto:press@example.org\">a</a></p>\n");
	/* refused schemes keep the text, lose the link */
	assert_string_equal(md("[a](javascript:alert(1))"), "<p>a</p>\n");
	assert_string_equal(md("[a](JAVASCRIPT:alert(1))"), "<p>a</p>\n");
	assert_string_equal(md("[a](data:text/html,x)"), "<p>a</p>\n");
	assert_string_equal(md("[a](vbscript:x)"), "<p>a</p>\n");
	/* an entity could hide a scheme from the check: no link at all */
	assert_string_equal(md("[a](&#106;avascript:alert(1))"), "<p>a</p>\n");
	assert_null(strstr(md("<javascript:alert(1)>"), "href"));
	assert_non_null(strstr(md("see https://example.org/a"),
	    "href=\"https://example.org/a\""));
}

static void
t_images_headings_tables(void **state)
{
	(void)state;
	assert_string_equal(md("![a *b*](/static/x.png)"),
	    "<p><img src=\"/static/x.png\" alt=\"a b\"></p>\n");
	/* a refused image shows its alt text instead */
	assert_string_equal(md("![x](javascript:alert(1))"), "<p>x</p>\n");
	assert_string_equal(md("# Title"), "<h2>Title</h2>\n");
	assert_string_equal(md("###### Six"), "<h6>Six</h6>\n");
	assert_non_null(strstr(md("| a | b |\n|:--|--:|\n| 1 | 2 |"),
	    "<td style=\"text-align:right\">2</td>"));
}

static void
t_plain(void **state)
{
	(void)state;
	assert_string_equal(plain("one *two*\n\nthree [four](http://x)"),
	    "one two three four");
	assert_string_equal(plain("- a\n- b"), "a b");
	assert_string_equal(plain("<b>x</b>"), "<b>x</b>");
}

static void
t_alloc_failure(void **state)
{
	const char *src = "para *one*\n\n[l](https://x.org)\n\n- a\n- b\n";

	(void)state;
	for (long n = 1; n < 1000; n++) {
		struct buf b;
		enum err e;

		buf_init(&b, 1u << 20);
		mem_fail_after(n);
		e = markdown_render(&b, src, strlen(src));
		mem_fail_after(0);
		buf_release(&b);
		if (e == ERR_OK)
			return;
		assert_int_equal(e, ERR_NOMEM);
	}
	fail_msg("never succeeded");
}

static void
t_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(markdown_render(&b, "a long paragraph of text", 24),
	    ERR_LIMIT);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_paragraphs),
		cmocka_unit_test(t_escaping),
		cmocka_unit_test(t_links),
		cmocka_unit_test(t_images_headings_tables),
		cmocka_unit_test(t_plain),
		cmocka_unit_test(t_alloc_failure),
		cmocka_unit_test(t_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
