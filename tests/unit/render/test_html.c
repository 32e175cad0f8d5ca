/*
 * test_html.c - unit tests for src/render/html.c: the escaping choke point
 * (& < > " ', invalid UTF-8, NUL and control characters) and the URL scheme
 * allow-list of html_url_ok.
 *
 * Does not test the writers built on top (page.c, markdown.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/html.h"
#include "pressroom/banned.h"

/* html_escape of s[0..n) must give want */
static void
check_escape(const char *s, size_t n, const char *want)
{
	struct buf b;

	buf_init(&b, 1u << 20);
	html_escape(&b, s, n);
	assert_int_equal(b.err, ERR_OK);
	assert_string_equal(b.p, want);
	assert_int_equal(b.len, strlen(want));
	buf_release(&b);
}

#define ESC(lit, want) check_escape((lit), sizeof(lit) - 1, (want))
#define FFFD "\xEF\xBF\xBD"

static void
test_escape_specials(void **state)
{
	(void)state;
	ESC("", "");
	ESC("plain text", "plain text");
	ESC("&", "&amp;");
	ESC("<", "&lt;");
	ESC(">", "&gt;");
	ESC("\"", "&quot;");
	ESC("'", "&#39;");
	ESC("<a href=\"x\" title='y'>&amp;</a>",
	    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;"
	    "&lt;/a&gt;");
	ESC("a&b<c>d", "a&amp;b&lt;c&gt;d");
	ESC("\"onmouseover=alert(1)", "&quot;onmouseover=alert(1)");
}

static void
test_escape_utf8(void **state)
{
	(void)state;
	/* valid text of every length passes unchanged */
	ESC("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
	    "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
	ESC("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
	    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
	ESC("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D <b>",
	    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D &lt;b&gt;");
	/* each bad byte is one U+FFFD */
	ESC("a\xFF" "b", "a" FFFD "b");
	ESC("\x80", FFFD);
	ESC("\xC3", FFFD);			/* truncated at the end */
	ESC("\xE2\x82", FFFD FFFD);		/* truncated 3-byte form */
	ESC("\xC0\xAF", FFFD FFFD);		/* overlong '/' */
	ESC("\xED\xA0\x80", FFFD FFFD FFFD);	/* surrogate */
	ESC("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);	/* > U+10FFFF */
	ESC("\xC3<", FFFD "&lt;");		/* '<' is not swallowed */
	/* the two-byte fast path's edges: C2 80 and DF BF are the first and
	 * last well-formed pairs, C1 BF is overlong, a lead at the end alone */
	ESC("\xC2\x80\xDF\xBF", "\xC2\x80\xDF\xBF");
	ESC("\xC1\xBF", FFFD FFFD);
	ESC("a\xD0", "a" FFFD);
}

static void
test_escape_controls(void **state)
{
	(void)state;
	ESC("a\0b", "a" FFFD "b");
	ESC("\x01\x02x\x1F\x7F", "x");
	ESC("\x1B[31mred", "[31mred");
	ESC("tab\there\nnew\r\nline", "tab\there\nnew\r\nline");
	ESC("\x0B\x0C", "");
}

static void
test_escapes_add(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	html_escapes(&b, "<x>");
	html_add(&b, (struct html){ "<b>ok</b>", 9 });
	html_escapes(&b, "");
	assert_int_equal(b.err, ERR_OK);
	assert_string_equal(b.p, "&lt;x&gt;<b>ok</b>");
	buf_release(&b);
}

static void
test_escape_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	html_escapes(&b, "<<<");	/* 12 bytes escaped */
	assert_int_equal(b.err, ERR_LIMIT);
	assert_true(b.len <= 8);
	html_escapes(&b, "a");		/* sticky: no-op */
	assert_int_equal(b.err, ERR_LIMIT);
	buf_release(&b);
}

static bool
url_ok(const char *s)
{
	return html_url_ok(s, strlen(s));
}

static void
test_url_allowed(void **state)
{
	(void)state;
	assert_true(url_ok("http://example.org/"));
	assert_true(url_ok("https://example.org/a?b=c#d"));
	assert_true(url_ok("HTTPS://EXAMPLE.ORG/"));
	assert_true(url_ok("HtTp://x"));
	assert_true(url_ok("mailto:press@example.org"));
	assert_true(url_ok("MAILTO:press@example.org"));
	/* relative references */
	assert_true(url_ok(""));
	assert_true(url_ok("page"));
	assert_true(url_ok("a/b/c.html"));
	assert_true(url_ok("/en/statements/1-x"));
	assert_true(url_ok("../up"));
	assert_true(url_ok("?page=2"));
	assert_true(url_ok("#content"));
	assert_true(url_ok("//cdn.example.org/x.css"));
	assert_true(url_ok("/a:b"));		/* ':' after a '/' */
	assert_true(url_ok("?q=javascript:x"));
	assert_true(url_ok("#javascript:x"));
	assert_true(url_ok("caf\xC3\xA9"));
}

static void
test_url_refused(void **state)
{
	(void)state;
	assert_false(url_ok("javascript:alert(1)"));
	assert_false(url_ok("JaVaScRiPt:alert(1)"));
	assert_false(url_ok("JAVASCRIPT:alert(1)"));
	assert_false(url_ok(" javascript:alert(1)"));
	assert_false(url_ok("\tjavascript:alert(1)"));
	assert_false(url_ok("\x01javascript:alert(1)"));
	assert_false(url_ok("java\tscript:alert(1)"));
	assert_false(url_ok("java\nscript:alert(1)"));
	assert_false(url_ok("javascript\x7F:alert(1)"));
	assert_false(url_ok("data:text/html;base64,PHNjcmlwdD4="));
	assert_false(url_ok("DATA:text/html,x"));
	assert_false(url_ok("vbscript:msgbox(1)"));
	assert_false(url_ok("file:///etc/passwd"));
	assert_false(url_ok("ftp://example.org/"));
	assert_false(url_ok("a:b"));
	assert_false(url_ok(":nothing"));
	assert_false(url_ok("http :x"));
	assert_false(url_ok("https://a b/"));	/* space anywhere */
	assert_false(url_ok("httpx://x"));
	assert_false(url_ok("http\xC3\xA9:x"));
}

static void
test_url_length(void **state)
{
	(void)state;
	/* only n bytes count: the scheme is cut before the ':' */
	assert_true(html_url_ok("javascript:alert(1)", 10));
	assert_false(html_url_ok("javascript:alert(1)", 11));
	assert_true(html_url_ok("http://x\0javascript:", 8));
	assert_false(html_url_ok("http://x\0javascript:", 9));	/* NUL */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_specials),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escapes_add),
		cmocka_unit_test(test_escape_limit),
		cmocka_unit_test(test_url_allowed),
		cmocka_unit_test(test_url_refused),
		cmocka_unit_test(test_url_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
