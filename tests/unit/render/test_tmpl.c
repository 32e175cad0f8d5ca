/*
 * test_tmpl.c - unit tests for src/render/tmpl.c: syntax, checking against a
 * schema, rendering (escaping, sections, scopes, partials, standalone
 * lines), limits, diagnostics, allocation failure at every step, concurrent
 * renders, and the crashers found by fuzz/fuzz_tmpl.c.
 *
 * Does not test html_escape itself (test_html.c) or the page templates
 * (tests of src/render/page.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/tmpl.h"
#include "pressroom/banned.h"

/* --- schema and model used by most tests ------------------------------- */

static const struct tschema place_fields[] = {
	{ "city", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema author_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "bio", TVAL_HTML, NULL },
	{ "home", TVAL_OBJ, place_fields },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema item_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "url", TVAL_STR, NULL },
	{ "done", TVAL_BOOL, NULL },
	{ "tags", TVAL_LIST, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema schema[] = {
	{ "title", TVAL_STR, NULL },
	{ "name", TVAL_STR, NULL },
	{ "site", TVAL_STR, NULL },
	{ "subtitle", TVAL_STR, NULL },
	{ "empty", TVAL_STR, NULL },
	{ "nothing", TVAL_STR, NULL },
	{ "body", TVAL_HTML, NULL },
	{ "yes", TVAL_BOOL, NULL },
	{ "no", TVAL_BOOL, NULL },
	{ "tags", TVAL_LIST, NULL },
	{ "none", TVAL_LIST, NULL },
	{ "items", TVAL_LIST, item_fields },
	{ "author", TVAL_OBJ, author_fields },
	{ NULL, TVAL_NULL, NULL },
};

struct fx {
	struct tmpl_set *s;
	struct arena a;
	struct buf out;
	struct diag d;
	struct tval *root;
};

/* the standard model; NULL if the arena failed */
static struct tval *
model(struct arena *a)
{
	struct tval *root, *tags, *items, *it, *author, *home;
	enum err e = ERR_OK;

#define M(call) do { if (e == ERR_OK) e = (call); } while (0)
	root = tval_obj(a);
	M(tval_set_str(a, root, "title", "Tom & Jerry <3"));
	M(tval_set_str(a, root, "name", "root-name"));
	M(tval_set_str(a, root, "site", "Press"));
	M(tval_set_str(a, root, "subtitle", "Sub"));
	M(tval_set_str(a, root, "empty", ""));
	M(tval_set_str(a, root, "nothing", NULL));
	M(tval_set_html(a, root, "body", (struct html){ "<p>Hi</p>", 9 }));
	M(tval_set_bool(a, root, "yes", true));
	M(tval_set_bool(a, root, "no", false));
	tags = tval_list(a);
	M(tval_set(a, root, "tags", tags));
	M(tval_push_str(a, tags, "a<b"));
	M(tval_push_str(a, tags, "c"));
	M(tval_set(a, root, "none", tval_list(a)));
	items = tval_list(a);
	M(tval_set(a, root, "items", items));
	it = tval_push_obj(a, items);
	M(tval_set_str(a, it, "name", "one"));
	M(tval_set_str(a, it, "url", "/1"));
	M(tval_set_bool(a, it, "done", true));
	tags = tval_list(a);
	M(tval_set(a, it, "tags", tags));
	M(tval_push_str(a, tags, "x"));
	M(tval_push_str(a, tags, "y"));
	it = tval_push_obj(a, items);
	M(tval_set_str(a, it, "name", "two"));
	M(tval_set_str(a, it, "url", "/2\""));
	author = tval_obj(a);
	M(tval_set(a, root, "author", author));
	M(tval_set_str(a, author, "name", "Ann"));
	M(tval_set_html(a, author, "bio", (struct html){ "<i>x</i>", 8 }));
	home = tval_obj(a);
	M(tval_set(a, author, "home", home));
	M(tval_set_str(a, home, "city", "Oslo"));
#undef M
	return e == ERR_OK ? root : NULL;
}

static int
setup(void **state)
{
	static struct fx fx;

	memset(&fx, 0, sizeof fx);
	if (tmpl_set_new(&fx.s) != ERR_OK)
		return -1;
	arena_init(&fx.a, 1u << 20);
	buf_init(&fx.out, 1u << 20);
	diag_init(&fx.d, NULL);
	if ((fx.root = model(&fx.a)) == NULL)
		return -1;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	tmpl_set_free(fx->s);
	arena_release(&fx->a);
	buf_release(&fx->out);
	mem_fail_after(0);
	return 0;
}

static enum err
add(struct fx *fx, const char *name, const char *src)
{
	diag_init(&fx->d, NULL);
	return tmpl_set_add(fx->s, name, src, strlen(src), &fx->d);
}

static enum err
check(struct fx *fx, const char *name)
{
	diag_init(&fx->d, NULL);
	return tmpl_check(fx->s, name, schema, &fx->d);
}

/* adds src as template "t", checks it and renders the standard model */
static void
want_render(struct fx *fx, const char *src, const char *want)
{
	enum err e;

	e = add(fx, "t", src);
	if (e != ERR_OK)
		fail_msg("add: %s: %s", err_str(e), fx->d.msg);
	e = check(fx, "t");
	if (e != ERR_OK)
		fail_msg("check: %s: %u:%u: %s", err_str(e), fx->d.line,
		    fx->d.col, fx->d.msg);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, want);
}

static void
want_diag(const struct fx *fx, const char *file, unsigned line,
    unsigned col, const char *needle)
{
	char where[128];

	/* the template is named in the message; d->file stays the caller's */
	assert_null(fx->d.file);
	if (file != NULL) {
		snprintf(where, sizeof where, " in template \"%s\"", file);
		if (strstr(fx->d.msg, where) == NULL)
			fail_msg("diag \"%s\" lacks \"%s\"", fx->d.msg, where);
	}
	assert_int_equal(fx->d.line, line);
	assert_int_equal(fx->d.col, col);
	if (strstr(fx->d.msg, needle) == NULL)
		fail_msg("diag \"%s\" lacks \"%s\"", fx->d.msg, needle);
}

/* adding src as "t" fails with e at line:col, message containing needle */
static void
want_syntax_fail(struct fx *fx, const char *src, enum err e, unsigned line,
    unsigned col, const char *needle)
{
	assert_int_equal(add(fx, "t", src), e);
	want_diag(fx, "t", line, col, needle);
}

/* adding src as "t" works, checking it fails so */
static void
want_check_fail(struct fx *fx, const char *src, enum err e, unsigned line,
    unsigned col, const char *needle)
{
	assert_int_equal(add(fx, "t", src), ERR_OK);
	assert_int_equal(check(fx, "t"), e);
	want_diag(fx, "t", line, col, needle);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &fx->out),
	    ERR_INVAL);
}

/* --- variables and escaping --------------------------------------------- */

static void
test_variables(void **state)
{
	struct fx *fx = *state;

	want_render(fx, "", "");
	want_render(fx, "plain <b>text</b> { } }} {",
	    "plain <b>text</b> { } }} {");
	want_render(fx, "Hi {{site}}!", "Hi Press!");
	want_render(fx, "{{ site }}|{{\tsite\t}}", "Press|Press");
	want_render(fx, "{{title}}", "Tom &amp; Jerry &lt;3");
	want_render(fx, "[{{empty}}][{{nothing}}]", "[][]");
	want_render(fx, "{{site}}{{site}}", "PressPress");
}

static void
test_escaping(void **state)
{
	struct fx *fx = *state;
	struct tval *o = tval_obj(&fx->a);

	assert_int_equal(tval_set_str(&fx->a, o, "title",
	    "<script>alert(\"x&y\")</script>'\x01\xFF"), ERR_OK);
	assert_int_equal(add(fx, "t", "<h1 title=\"{{title}}\">{{title}}</h1>"),
	    ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p,
	    "<h1 title=\"&lt;script&gt;alert(&quot;x&amp;y&quot;)"
	    "&lt;/script&gt;"
	    "&#39;\xEF\xBF\xBD\">&lt;script&gt;alert(&quot;x&amp;y&quot;)"
	    "&lt;/script&gt;&#39;\xEF\xBF\xBD</h1>");
}

static void
test_raw(void **state)
{
	struct fx *fx = *state;

	want_render(fx, "{{{body}}}|{{&body}}|{{& body }}|{{{ body }}}",
	    "<p>Hi</p>|<p>Hi</p>|<p>Hi</p>|<p>Hi</p>");
	want_render(fx, "{{{author.bio}}}", "<i>x</i>");
	/* raw only for HTML values */
	want_check_fail(fx, "x\n {{{title}}}", ERR_INVAL, 2, 2, "not HTML");
	want_check_fail(fx, "{{&title}}", ERR_INVAL, 1, 1, "not HTML");
	want_check_fail(fx, "{{{yes}}}", ERR_INVAL, 1, 1, "not HTML");
	want_check_fail(fx, "{{#tags}}{{{.}}}{{/tags}}", ERR_INVAL, 1, 10,
	    "not HTML");
	/* and HTML only raw */
	want_check_fail(fx, "{{body}}", ERR_INVAL, 1, 1, "{{{body}}}");
	want_check_fail(fx, "{{yes}}", ERR_INVAL, 1, 1, "not text");
	want_check_fail(fx, "{{items}}", ERR_INVAL, 1, 1, "not text");
	want_check_fail(fx, "{{author}}", ERR_INVAL, 1, 1, "not text");
}

/* --- sections ----------------------------------------------------------- */

static void
test_sections(void **state)
{
	struct fx *fx = *state;

	/* lists of objects, with names resolving outwards */
	want_render(fx, "{{#items}}[{{name}} {{url}} {{site}}]{{/items}}",
	    "[one /1 Press][two /2&quot; Press]");
	/* inner names shadow outer ones */
	want_render(fx, "{{name}}{{#items}},{{name}}{{/items}},{{name}}",
	    "root-name,one,two,root-name");
	/* an object renders once as the innermost scope */
	want_render(fx, "{{#author}}{{name}} of {{site}}{{/author}}",
	    "Ann of Press");
	want_render(fx, "{{#author}}{{#home}}{{city}}/{{name}}{{/home}}"
	    "{{/author}}", "Oslo/Ann");
	/* bools */
	want_render(fx, "{{#yes}}Y{{title}}{{/yes}}{{#no}}N{{/no}}",
	    "YTom &amp; Jerry &lt;3");
	/* strings: non-empty renders once, {{.}} is the string */
	want_render(fx, "{{#subtitle}}<h2>{{.}}</h2>{{/subtitle}}",
	    "<h2>Sub</h2>");
	want_render(fx, "{{#subtitle}}<h2>{{subtitle}}</h2>{{/subtitle}}",
	    "<h2>Sub</h2>");
	want_render(fx, "{{#empty}}E{{/empty}}{{#nothing}}N{{/nothing}}", "");
	/* lists of strings */
	want_render(fx, "{{#tags}}<{{.}}>{{/tags}}", "<a&lt;b><c>");
	want_render(fx, "{{#none}}x{{/none}}", "");
	/* nested lists */
	want_render(fx, "{{#items}}{{name}}:{{#tags}}({{.}}){{/tags}};"
	    "{{/items}}", "one:(x)(y);two:;");
	want_render(fx, "{{#items}}{{#done}}{{name}} done{{/done}}"
	    "{{^done}}{{name}} open{{/done}} {{/items}}",
	    "one done two open ");
	/* {{.}} inside a bool section is still the current string */
	want_render(fx, "{{#tags}}{{#yes}}{{.}}{{/yes}}{{/tags}}", "a&lt;bc");
	want_render(fx, "{{#tags}}{{#.}}[{{.}}]{{/.}}{{/tags}}",
	    "[a&lt;b][c]");
	want_render(fx, "{{# items }}.{{/ items }}", "..");
	/* sections must not name HTML */
	want_check_fail(fx, "{{#body}}x{{/body}}", ERR_INVAL, 1, 1, "section");
	want_check_fail(fx, "{{^body}}x{{/body}}", ERR_INVAL, 1, 1, "section");
}

static void
test_inverted(void **state)
{
	struct fx *fx = *state;

	want_render(fx, "{{^no}}F{{/no}}{{^yes}}T{{/yes}}", "F");
	want_render(fx, "{{^empty}}E{{/empty}}{{^nothing}}N{{/nothing}}",
	    "EN");
	want_render(fx, "{{^none}}0{{/none}}{{^tags}}T{{/tags}}", "0");
	want_render(fx, "{{^subtitle}}S{{/subtitle}}", "");
	want_render(fx, "{{^author}}A{{/author}}", "");
	want_render(fx, "{{^author.home.city}}A{{/author.home.city}}", "");
	/* missing from the tree */
	want_render(fx, "{{#items}}{{^url}}<no url: {{name}}>{{/url}}"
	    "{{/items}}", "");
	want_render(fx, "{{#items}}{{^tags}}<no tags: {{name}}>{{/tags}}"
	    "{{/items}}", "<no tags: two>");
}

static void
test_dotted(void **state)
{
	struct fx *fx = *state;

	want_render(fx, "{{author.name}} {{author.home.city}}", "Ann Oslo");
	want_render(fx, "{{#author.home}}{{city}}{{/author.home}}", "Oslo");
	want_render(fx, "{{#items}}{{author.name}}{{/items}}", "AnnAnn");
	want_check_fail(fx, "\n\n  {{author.nme}}", ERR_INVAL, 3, 3,
	    "unknown variable \"author.nme\": \"author\" has no field "
	    "\"nme\"");
	want_check_fail(fx, "{{title.x}}", ERR_INVAL, 1, 1, "not an object");
	want_check_fail(fx, "{{items.name}}", ERR_INVAL, 1, 1, "not an object");
	want_check_fail(fx, "{{nope.x}}", ERR_INVAL, 1, 1,
	    "unknown variable \"nope.x\"");
}

static void
test_dot(void **state)
{
	struct fx *fx = *state;

	want_check_fail(fx, "{{.}}", ERR_INVAL, 1, 1, "{{.}}");
	want_check_fail(fx, "{{#items}}{{.}}{{/items}}", ERR_INVAL, 1, 11,
	    "{{.}}");
	want_check_fail(fx, "{{#author}}{{.}}{{/author}}", ERR_INVAL, 1, 12,
	    "{{.}}");
}

static void
test_missing_values(void **state)
{
	struct fx *fx = *state;
	struct tval *o = tval_obj(&fx->a);

	assert_non_null(o);
	assert_int_equal(add(fx, "t", "[{{title}}{{{body}}}{{author.name}}"
	    "{{#items}}i{{/items}}{{#yes}}y{{/yes}}{{^yes}}!y{{/yes}}"
	    "{{#author}}a{{/author}}{{^author}}!a{{/author}}"
	    "{{author.home.city}}]"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "[!y!a]");
	/* null values are missing too, also in the middle of a dotted name */
	assert_int_equal(tval_set_str(&fx->a, o, "author", NULL), ERR_OK);
	assert_int_equal(tval_set_html(&fx->a, o, "body",
	    (struct html){ NULL, 0 }), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "[!y!a]");
}

/* --- partials ----------------------------------------------------------- */

static void
test_partials(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(add(fx, "item", "<li>{{name}} of {{site}}</li>"),
	    ERR_OK);
	assert_int_equal(add(fx, "parts/head", "<h1>{{title}}</h1>"), ERR_OK);
	want_render(fx, "{{>parts/head}}<ul>{{#items}}{{>item}}{{/items}}"
	    "</ul>", "<h1>Tom &amp; Jerry &lt;3</h1><ul><li>one of Press</li>"
	    "<li>two of Press</li></ul>");
	/* the same partial in another scope binds other names */
	want_render(fx, "{{>item}}|{{#author}}{{>item}}{{/author}}",
	    "<li>root-name of Press</li>|<li>Ann of Press</li>");
	want_render(fx, "{{> item }}", "<li>root-name of Press</li>");
	assert_true(tmpl_set_has(fx->s, "item"));
	assert_false(tmpl_set_has(fx->s, "nope"));
}

static void
test_partial_errors(void **state)
{
	struct fx *fx = *state;

	want_check_fail(fx, "a\n  {{>nope}}", ERR_NOTFOUND, 2, 3,
	    "unknown partial \"nope\"");
	/* an error inside a partial names the partial and its includer */
	assert_int_equal(add(fx, "bad", "ok\n{{#items}}{{titel}}{{/items}}"),
	    ERR_OK);
	assert_int_equal(add(fx, "t", "x\n\n   {{>bad}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_INVAL);
	want_diag(fx, "bad", 2, 11, "unknown variable \"titel\" in template "
	    "\"bad\" (included from \"t\" line 3 col 4)");
	/* the partial is fine where the name is known */
	assert_int_equal(add(fx, "bad", "{{url}}"), ERR_OK);
	assert_int_equal(add(fx, "t", "{{>bad}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_INVAL);
	want_diag(fx, "bad", 1, 1, "unknown variable \"url\" in template "
	    "\"bad\" (included from \"t\" line 1 col 1)");
	want_render(fx, "{{#items}}{{>bad}}{{/items}}", "/1/2&quot;");
	/* a missing template */
	diag_init(&fx->d, NULL);
	assert_int_equal(tmpl_check(fx->s, "none", schema, &fx->d),
	    ERR_NOTFOUND);
	assert_non_null(strstr(fx->d.msg, "none"));
}

static void
test_partial_recursion(void **state)
{
	struct fx *fx = *state;
	char name[16], src[64];

	want_check_fail(fx, "{{>t}}", ERR_LIMIT, 1, 1,
	    "partial \"t\" includes itself (t -> t)");
	want_check_fail(fx, "{{#yes}}\n{{>t}}\n{{/yes}}", ERR_LIMIT, 2, 1,
	    "includes itself");
	/* a -> b -> c -> b */
	assert_int_equal(add(fx, "a", "A{{>b}}"), ERR_OK);
	assert_int_equal(add(fx, "b", "B{{#items}}{{>c}}{{/items}}"), ERR_OK);
	assert_int_equal(add(fx, "c", "C\n  {{>b}}"), ERR_OK);
	assert_int_equal(check(fx, "a"), ERR_LIMIT);
	want_diag(fx, "c", 2, 3, "partial \"b\" includes itself (b -> c -> b) "
	    "in template \"c\" (included from \"b\" line 1 col 12)");
	assert_int_equal(check(fx, "c"), ERR_LIMIT);
	/* a partial used twice side by side is not a cycle */
	assert_int_equal(add(fx, "c", "C"), ERR_OK);
	assert_int_equal(add(fx, "b", "{{>c}}{{>c}}{{#items}}{{>c}}{{/items}}"),
	    ERR_OK);
	assert_int_equal(check(fx, "a"), ERR_OK);

	/* a chain of exactly LIMIT_TEMPLATE_DEPTH partials is fine */
	for (int i = 0; i <= LIMIT_TEMPLATE_DEPTH + 1; i++) {
		snprintf(name, sizeof name, "p%d", i);
		snprintf(src, sizeof src, "%d{{>p%d}}", i, i + 1);
		assert_int_equal(add(fx, name, src), ERR_OK);
	}
	snprintf(name, sizeof name, "p%d", LIMIT_TEMPLATE_DEPTH);
	assert_int_equal(add(fx, name, "end"), ERR_OK);
	assert_int_equal(check(fx, "p0"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "p0", fx->root, &fx->out), ERR_OK);
	assert_true(strstr(fx->out.p, "31end") != NULL);
	/* one more is too deep */
	snprintf(name, sizeof name, "p%d", LIMIT_TEMPLATE_DEPTH + 1);
	assert_int_equal(add(fx, name, "end"), ERR_OK);
	snprintf(name, sizeof name, "p%d", LIMIT_TEMPLATE_DEPTH);
	snprintf(src, sizeof src, "{{>p%d}}", LIMIT_TEMPLATE_DEPTH + 1);
	assert_int_equal(add(fx, name, src), ERR_OK);
	assert_int_equal(check(fx, "p0"), ERR_LIMIT);
	assert_int_equal(check(fx, "p1"), ERR_OK);
	/* sections count too: 31 sections + a partial with a section */
	assert_int_equal(add(fx, "sec", "{{#yes}}x{{/yes}}"), ERR_OK);
	{
		struct buf b;

		buf_init(&b, 4096);
		for (int i = 0; i < LIMIT_TEMPLATE_DEPTH - 1; i++)
			buf_adds(&b, "{{#yes}}");
		buf_adds(&b, "{{>sec}}");
		for (int i = 0; i < LIMIT_TEMPLATE_DEPTH - 1; i++)
			buf_adds(&b, "{{/yes}}");
		assert_int_equal(add(fx, "deep", b.p), ERR_OK);
		assert_int_equal(check(fx, "deep"), ERR_LIMIT);
		assert_int_equal(add(fx, "sec", "x"), ERR_OK);
		assert_int_equal(check(fx, "deep"), ERR_OK);
		buf_release(&b);
	}
}

static void
test_partial_fanout(void **state)
{
	struct fx *fx = *state;
	char name[16], src[64];
	clock_t t0 = clock();

	/* each includes the next twice: 2^30 expansions without sharing */
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof name, "f%d", i);
		snprintf(src, sizeof src, "{{>f%d}}{{>f%d}}", i + 1, i + 1);
		assert_int_equal(add(fx, name, src), ERR_OK);
	}
	assert_int_equal(add(fx, "f30", "{{name}}"), ERR_OK);
	assert_int_equal(check(fx, "f0"), ERR_OK);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

/* --- unknown names and syntax errors ------------------------------------ */

static void
test_unknown_variable(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(add(fx, "article", "<h1>{{title}}</h1>\n\n"
	    "  <p>{{titel}}</p>"), ERR_OK);
	assert_int_equal(check(fx, "article"), ERR_INVAL);
	want_diag(fx, "article", 3, 6, "unknown variable \"titel\"");
	want_check_fail(fx, "{{#items}}\n{{#nope}}x{{/nope}}\n{{/items}}",
	    ERR_INVAL, 2, 1, "unknown variable \"nope\"");
	want_check_fail(fx, "{{^nope}}x{{/nope}}", ERR_INVAL, 1, 1, "nope");
	/* a name of an inner scope is unknown outside it */
	want_check_fail(fx, "{{#items}}{{url}}{{/items}}{{url}}", ERR_INVAL, 1,
	    28, "unknown variable \"url\"");
	/* columns count code points */
	want_check_fail(fx, "\xC3\xA9\xE2\x82\xAC{{nope}}", ERR_INVAL, 1, 3,
	    "nope");
	/* names may hold - and _ */
	want_check_fail(fx, "{{title}}{{#items}}{{a-b_9}}{{/items}}", ERR_INVAL,
	    1, 20, "a-b_9");
}

static void
test_syntax_errors(void **state)
{
	struct fx *fx = *state;

	want_syntax_fail(fx, "abc\n  {{name", ERR_INVAL, 2, 3, "unclosed tag");
	want_syntax_fail(fx, "{{name}", ERR_INVAL, 1, 1, "unclosed tag");
	want_syntax_fail(fx, "x {{{body}}", ERR_INVAL, 1, 3, "}}}");
	want_syntax_fail(fx, "{{", ERR_INVAL, 1, 1, "unclosed tag");
	want_syntax_fail(fx, "{{! never closed", ERR_INVAL, 1, 1, "unclosed");
	want_syntax_fail(fx, "{{#a}}\n {{/b}}", ERR_INVAL, 2, 2,
	    "{{/b}} does not close {{#a}} of line 1 col 1 in template \"t\"");
	want_syntax_fail(fx, "{{#a}}{{^b}}{{/a}}{{/b}}", ERR_INVAL, 1, 13,
	    "does not close {{^b}}");
	want_syntax_fail(fx, "x\n{{#items}}\n{{#a}}{{/a}}", ERR_INVAL, 2, 1,
	    "unclosed section {{#items}}");
	want_syntax_fail(fx, "{{^a}}", ERR_INVAL, 1, 1,
	    "unclosed section {{^a}}");
	want_syntax_fail(fx, "ok\n{{/x}}", ERR_INVAL, 2, 1, "closes no open");
	want_syntax_fail(fx, "{{}}", ERR_INVAL, 1, 1, "empty name");
	want_syntax_fail(fx, "{{ \t }}", ERR_INVAL, 1, 1, "empty name");
	want_syntax_fail(fx, "{{#}}{{/}}", ERR_INVAL, 1, 1, "empty name");
	want_syntax_fail(fx, "{{{}}}", ERR_INVAL, 1, 1, "empty name");
	want_syntax_fail(fx, "{{>}}", ERR_INVAL, 1, 1, "empty name");
	want_syntax_fail(fx, "{{a b}}", ERR_INVAL, 1, 1, "bad character");
	want_syntax_fail(fx, "{{a<b}}", ERR_INVAL, 1, 1, "bad character");
	want_syntax_fail(fx, "{{\xC3\xA9}}", ERR_INVAL, 1, 1, "\\xc3\\xa9");
	want_syntax_fail(fx, "{{a..b}}", ERR_INVAL, 1, 1, "empty part");
	want_syntax_fail(fx, "{{.a}}", ERR_INVAL, 1, 1, "empty part");
	want_syntax_fail(fx, "{{a.}}", ERR_INVAL, 1, 1, "empty part");
	want_syntax_fail(fx, "{{>a b}}", ERR_INVAL, 1, 1, "partial name");
	want_syntax_fail(fx, "{{=<% %>=}}", ERR_INVAL, 1, 1, "set delimiters");
	want_syntax_fail(fx, "{{<parent}}{{/parent}}", ERR_INVAL, 1, 1,
	    "bad character");
	/* a failed add leaves the set as it was */
	assert_int_equal(add(fx, "keep", "{{site}}"), ERR_OK);
	assert_int_equal(check(fx, "keep"), ERR_OK);
	assert_int_equal(add(fx, "keep", "{{site"), ERR_INVAL);
	assert_int_equal(tmpl_render(fx->s, "keep", fx->root, &fx->out),
	    ERR_OK);
	assert_string_equal(fx->out.p, "Press");
	/* bad arguments */
	assert_int_equal(tmpl_set_add(fx->s, "", "x", 1, &fx->d), ERR_INVAL);
	assert_int_equal(tmpl_set_add(fx->s, NULL, "x", 1, NULL), ERR_INVAL);
	assert_int_equal(tmpl_set_add(fx->s, "n", NULL, 1, NULL), ERR_INVAL);
	assert_int_equal(tmpl_set_add(fx->s, "n", NULL, 0, NULL), ERR_OK);
	assert_int_equal(tmpl_set_add(NULL, "n", "", 0, NULL), ERR_INVAL);
}

static void
test_comments_and_misc(void **state)
{
	struct fx *fx = *state;

	want_render(fx, "a{{! comment }}b{{!}}c{{!{{x}}d", "abcd");
	want_render(fx, "a{{!\nmulti\nline\n}}b", "ab");
	want_render(fx, "{{{body}}}}", "<p>Hi</p>}");
	want_render(fx, "{{site}}}", "Press}");
	want_render(fx, "{ {{site}} }", "{ Press }");
	/* NUL bytes in template text are kept */
	assert_int_equal(tmpl_set_add(fx->s, "t", "a\0{{site}}", 10, NULL),
	    ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &fx->out), ERR_OK);
	assert_int_equal(fx->out.len, 7);
	assert_memory_equal(fx->out.p, "a\0Press", 7);
}

/* --- standalone lines --------------------------------------------------- */

static void
test_standalone(void **state)
{
	struct fx *fx = *state;

	/* from the Mustache spec (sections, inverted, comments) */
	want_render(fx, "| This Is\n{{#yes}}\n|\n{{/yes}}\n| A Line",
	    "| This Is\n|\n| A Line");
	want_render(fx, "| This Is\n  {{#yes}}\n|\n  {{/yes}}\n| A Line",
	    "| This Is\n|\n| A Line");
	want_render(fx, "| This Is\n\t{{^no}} \t\n|\n {{/no}}\t\n| A Line",
	    "| This Is\n|\n| A Line");
	want_render(fx, "|\r\n{{#yes}}\r\n{{/yes}}\r\n|", "|\r\n|");
	want_render(fx, "  {{#yes}}\n#{{/yes}}\n/", "#\n/");
	want_render(fx, "#{{#yes}}\n/\n  {{/yes}}", "#\n/\n");
	want_render(fx, " {{#yes}}YES{{/yes}}\n {{#yes}}GOOD{{/yes}}\n",
	    " YES\n GOOD\n");
	want_render(fx, "Begin.\n{{! Comment Block! }}\nEnd.",
	    "Begin.\nEnd.");
	want_render(fx, "Begin.\n  {{!\n  multi\n  }}  \nEnd.",
	    "Begin.\nEnd.");
	want_render(fx, "  12 {{! 34 }}\n", "  12 \n");
	want_render(fx, "a\n{{!x}}{{!y}}\nb", "a\n\nb");
	/* variables are never standalone */
	want_render(fx, "a\n  {{site}}  \nb", "a\n  Press  \nb");
	want_render(fx, "a\n{{{body}}}\nb", "a\n<p>Hi</p>\nb");
	/* a lone \r is not a line end */
	want_render(fx, "a\n{{#yes}}\rb{{/yes}}", "a\n\rb");
	/* the generated HTML is clean */
	want_render(fx, "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n"
	    "  {{/items}}\n</ul>\n",
	    "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n");
	want_render(fx, "<ul>\n{{#none}}\n<li>x</li>\n{{/none}}\n"
	    "{{^none}}\n<li>none</li>\n{{/none}}\n</ul>",
	    "<ul>\n<li>none</li>\n</ul>");
}

static void
test_standalone_partials(void **state)
{
	struct fx *fx = *state;

	/* from the Mustache spec: partial indentation */
	assert_int_equal(add(fx, "partial", "|\n{{{body}}}\n|\n"), ERR_OK);
	want_render(fx, "\\\n {{>partial}}\n/\n",
	    "\\\n |\n <p>Hi</p>\n |\n/\n");
	assert_int_equal(add(fx, "partial", ">"), ERR_OK);
	want_render(fx, "|\r\n{{>partial}}\r\n|", "|\r\n>|");
	want_render(fx, "  {{>partial}}\n>", "  >>");
	assert_int_equal(add(fx, "partial", ">\n>"), ERR_OK);
	want_render(fx, "  {{site}}  {{> partial}}\n", "  Press  >\n>\n");
	want_render(fx, "\n {{>partial}}", "\n >\n >");
	/* indentation nests; a value's own newlines are not indented */
	assert_int_equal(add(fx, "p1", "a\n  {{>p2}}\nb\n"), ERR_OK);
	assert_int_equal(add(fx, "p2", "c\n\nd{{#yes}}\n{{title}}\n{{/yes}}\n"),
	    ERR_OK);
	want_render(fx, "x\n  {{>p1}}\ny",
	    "x\n  a\n    c\n    \n    d\n    Tom &amp; Jerry &lt;3\n  b\ny");
	/* inline partials are not indented, even inside indented ones */
	assert_int_equal(add(fx, "p2", "c\nd"), ERR_OK);
	assert_int_equal(add(fx, "p1", "a {{>p2}} b\n{{#items}}{{>p2}}"
	    "{{/items}}\n"), ERR_OK);
	want_render(fx, " {{>p1}}", " a c\nd b\n c\ndc\nd\n");
	/* the same text as a real page: head and foot partials */
	assert_int_equal(add(fx, "head", "<head>\n  <title>{{site}}</title>\n"
	    "</head>\n"), ERR_OK);
	want_render(fx, "<html>\n  {{>head}}\n  <body>\n  </body>\n</html>",
	    "<html>\n  <head>\n    <title>Press</title>\n  </head>\n"
	    "  <body>\n  </body>\n</html>");
}

/* --- checks and renders ------------------------------------------------- */

static void
test_unchecked(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(add(fx, "row", "<li>{{name}}</li>"), ERR_OK);
	assert_int_equal(add(fx, "page", "{{#items}}{{>row}}{{/items}}"),
	    ERR_OK);
	/* never checked */
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_INVAL);
	assert_int_equal(check(fx, "page"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_OK);
	assert_string_equal(fx->out.p, "<li>one</li><li>two</li>");
	/* replacing a partial un-checks its includers */
	assert_int_equal(add(fx, "row", "<li>{{url}}</li>"), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_INVAL);
	assert_int_equal(fx->out.len, 0);
	assert_int_equal(check(fx, "page"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_OK);
	assert_string_equal(fx->out.p, "<li>/1</li><li>/2&quot;</li>");
	/* adding an unrelated template does not */
	assert_int_equal(add(fx, "other", "x"), ERR_OK);
	assert_int_equal(add(fx, "other", "y"), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_OK);
	/* a failed check leaves it unchecked */
	assert_int_equal(add(fx, "row", "{{nope}}"), ERR_OK);
	assert_int_equal(check(fx, "page"), ERR_INVAL);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_INVAL);
	/* checking a partial on its own does not check its includers */
	assert_int_equal(add(fx, "row", "{{site}}"), ERR_OK);
	assert_int_equal(check(fx, "row"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "page", fx->root, &fx->out),
	    ERR_INVAL);
	/* unknown template, bad arguments */
	assert_int_equal(tmpl_render(fx->s, "nope", fx->root, &fx->out),
	    ERR_NOTFOUND);
	assert_int_equal(tmpl_render(fx->s, "row", NULL, &fx->out), ERR_INVAL);
	assert_int_equal(tmpl_render(NULL, "row", fx->root, &fx->out),
	    ERR_INVAL);
	assert_int_equal(tmpl_check(fx->s, "row", NULL, NULL), ERR_INVAL);
}

static void
test_recheck_other_schema(void **state)
{
	static const struct tschema other[] = {
		{ "site", TVAL_LIST, NULL },
		{ NULL, TVAL_NULL, NULL },
	};
	struct fx *fx = *state;
	struct tval *o = tval_obj(&fx->a), *l = tval_list(&fx->a);

	assert_int_equal(add(fx, "t", "{{#site}}<{{.}}>{{/site}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tval_set(&fx->a, o, "site", l), ERR_OK);
	assert_int_equal(tval_push_str(&fx->a, l, "a"), ERR_OK);
	/* checked as a string: a list there is a type error */
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);
	assert_int_equal(tmpl_check(fx->s, "t", other, NULL), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "<a>");
}

static void
test_type_mismatch(void **state)
{
	struct fx *fx = *state;
	struct arena *a = &fx->a;
	struct tval *o = tval_obj(a), *l = tval_list(a), *it;

	assert_int_equal(add(fx, "t", "{{title}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	/* what was there before stays; nothing is half-written */
	buf_adds(&fx->out, "keep");
	assert_int_equal(tval_set_bool(a, o, "title", true), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);
	assert_string_equal(fx->out.p, "keep");
	assert_int_equal(tval_set_html(a, o, "title",
	    (struct html){ "<b>", 3 }), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);
	assert_int_equal(tval_set_str(a, o, "title", "ok"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "keepok");

	/* list of strings where objects are expected, and the reverse */
	assert_int_equal(add(fx, "t", "a{{#items}}{{name}}{{/items}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tval_set(a, o, "items", l), ERR_OK);
	assert_int_equal(tval_push_str(a, l, "x"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);
	assert_string_equal(fx->out.p, "keepok");
	l = tval_list(a);
	assert_non_null(it = tval_push_obj(a, l));
	assert_int_equal(tval_set(a, o, "tags", l), ERR_OK);
	assert_int_equal(add(fx, "t", "{{#tags}}{{.}}{{/tags}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);

	/* a section over the wrong kind of value */
	assert_int_equal(add(fx, "t", "{{#yes}}y{{/yes}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tval_set_str(a, o, "yes", "true"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);
	assert_int_equal(add(fx, "t", "{{^yes}}y{{/yes}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);

	/* something that is not an object in the middle of a dotted name */
	assert_int_equal(add(fx, "t", "{{author.name}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tval_set_str(a, o, "author", "Ann"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_INVAL);

	/* the root must be an object */
	assert_int_equal(tmpl_render(fx->s, "t", l, &fx->out), ERR_INVAL);
	assert_string_equal(fx->out.p, "keepok");
	(void)it;
}

static void
test_render_limit(void **state)
{
	struct fx *fx = *state;
	struct buf small;

	assert_int_equal(add(fx, "t", "{{#items}}{{name}}.........{{/items}}"),
	    ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	buf_init(&small, 16);
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &small), ERR_LIMIT);
	assert_int_equal(small.len, 0);
	/* out's sticky error is reported */
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &small), ERR_LIMIT);
	buf_release(&small);
	buf_init(&small, 24);
	assert_int_equal(tmpl_render(fx->s, "t", fx->root, &small), ERR_OK);
	assert_string_equal(small.p, "one.........two.........");
	buf_release(&small);
}

/* --- limits of the source ----------------------------------------------- */

static void
test_limits(void **state)
{
	struct fx *fx = *state;
	struct buf b;
	char *big;

	/* size */
	big = mem_alloc(LIMIT_TEMPLATE_BYTES + 1);
	assert_non_null(big);
	memset(big, 'x', LIMIT_TEMPLATE_BYTES + 1);
	diag_init(&fx->d, NULL);
	assert_int_equal(tmpl_set_add(fx->s, "big", big,
	    LIMIT_TEMPLATE_BYTES + 1, &fx->d), ERR_LIMIT);
	assert_non_null(strstr(fx->d.msg, "larger than"));
	assert_false(tmpl_set_has(fx->s, "big"));
	assert_int_equal(tmpl_set_add(fx->s, "big", big, LIMIT_TEMPLATE_BYTES,
	    NULL), ERR_OK);
	mem_free(big);

	/* nesting: LIMIT_TEMPLATE_DEPTH sections are fine, one more is not */
	buf_init(&b, 1u << 16);
	for (int i = 0; i < LIMIT_TEMPLATE_DEPTH; i++)
		buf_adds(&b, i % 2 ? "{{#yes}}" : "{{^no}}");
	buf_adds(&b, "deep");
	for (int i = LIMIT_TEMPLATE_DEPTH; i-- > 0;)
		buf_adds(&b, i % 2 ? "{{/yes}}" : "{{/no}}");
	want_render(fx, b.p, "deep");
	buf_reset(&b);
	for (int i = 0; i < LIMIT_TEMPLATE_DEPTH; i++)
		buf_adds(&b, "{{#yes}}\n");
	buf_adds(&b, "  {{#no}}x{{/no}}");
	want_syntax_fail(fx, b.p, ERR_LIMIT, LIMIT_TEMPLATE_DEPTH + 1, 3,
	    "nested more than");
	buf_release(&b);
}

/* --- values ------------------------------------------------------------- */

static void
test_tval(void **state)
{
	struct fx *fx = *state;
	struct arena *a = &fx->a, failing;
	struct tval *o = tval_obj(a), *l = tval_list(a), *sl = tval_list(a);

	/* a later set of the same key replaces the earlier one */
	assert_int_equal(tval_set_str(a, o, "site", "one"), ERR_OK);
	assert_int_equal(tval_set_str(a, o, "title", "t"), ERR_OK);
	assert_int_equal(tval_set_str(a, o, "site", "two"), ERR_OK);
	assert_int_equal(add(fx, "t", "{{site}}{{title}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "twot");
	/* keys are compared whole */
	assert_int_equal(tval_set_str(a, o, "sit", "no"), ERR_OK);
	assert_int_equal(tval_set_str(a, o, "site2", "no"), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_string_equal(fx->out.p, "twot");

	/* setters want an object, lists a kind */
	assert_int_equal(tval_set_str(a, l, "x", "y"), ERR_INVAL);
	assert_int_equal(tval_set_bool(a, l, "x", true), ERR_INVAL);
	assert_int_equal(tval_set(a, l, "x", o), ERR_INVAL);
	assert_int_equal(tval_set(a, o, "self", o), ERR_INVAL);
	assert_int_equal(tval_set_str(a, o, NULL, "y"), ERR_INVAL);
	assert_int_equal(tval_push_str(a, o, "x"), ERR_INVAL);
	assert_null(tval_push_obj(a, o));
	assert_int_equal(tval_push_str(a, l, NULL), ERR_INVAL);
	assert_non_null(tval_push_obj(a, l));
	assert_int_equal(tval_push_str(a, l, "x"), ERR_INVAL);
	assert_int_equal(tval_push_str(a, sl, "x"), ERR_OK);
	assert_null(tval_push_obj(a, sl));
	assert_null(tval_push_obj(a, NULL));
	assert_int_equal(tval_set(a, o, "x", NULL), ERR_INVAL);

	/* a failed constructor's NULL gives the arena's error */
	arena_init(&failing, 0);
	assert_null(tval_obj(&failing));
	assert_int_equal(failing.err, ERR_LIMIT);
	assert_int_equal(tval_set(&failing, NULL, "x", tval_list(&failing)),
	    ERR_LIMIT);
	assert_int_equal(tval_set_str(&failing, NULL, "x", "y"), ERR_LIMIT);
	assert_int_equal(tval_push_str(&failing, NULL, "y"), ERR_LIMIT);
	assert_int_equal(tval_set(a, o, "x", tval_list(&failing)), ERR_INVAL);
	arena_release(&failing);

	/* many members and elements */
	for (int i = 0; i < 300; i++) {
		static char keys[300][8];

		snprintf(keys[i], sizeof keys[i], "k%d", i);
		assert_int_equal(tval_set_str(a, o, keys[i], keys[i]), ERR_OK);
		assert_int_equal(tval_push_str(a, sl, "z"), ERR_OK);
	}
	assert_int_equal(tval_set(a, o, "tags", sl), ERR_OK);
	assert_int_equal(add(fx, "t", "{{#tags}}{{.}}{{/tags}}"), ERR_OK);
	assert_int_equal(check(fx, "t"), ERR_OK);
	buf_reset(&fx->out);
	assert_int_equal(tmpl_render(fx->s, "t", o, &fx->out), ERR_OK);
	assert_int_equal(fx->out.len, 301);
}

static void
test_bad_schema(void **state)
{
	static const struct tschema bad[] = {
		{ "n", TVAL_NULL, NULL },
		{ "x", (enum tval_type)99, NULL },
		{ "o", TVAL_OBJ, NULL },
		{ NULL, TVAL_NULL, NULL },
	};
	struct fx *fx = *state;

	assert_int_equal(add(fx, "t", "{{n}}"), ERR_OK);
	assert_int_equal(tmpl_check(fx->s, "t", bad, NULL), ERR_INVAL);
	assert_int_equal(add(fx, "t", "{{#x}}{{/x}}"), ERR_OK);
	assert_int_equal(tmpl_check(fx->s, "t", bad, NULL), ERR_INVAL);
	assert_int_equal(add(fx, "t", "{{#o}}{{n}}{{/o}}"), ERR_OK);
	assert_int_equal(tmpl_check(fx->s, "t", bad, NULL), ERR_INVAL);
	/* an object without fields has no names */
	assert_int_equal(add(fx, "t", "{{#o}}x{{/o}}{{^o}}y{{/o}}"), ERR_OK);
	assert_int_equal(tmpl_check(fx->s, "t", bad, NULL), ERR_OK);
}

/* --- allocation failure ------------------------------------------------- */

static const char torture_want[] =
    "<h1>Tom &amp; Jerry &lt;3</h1>\n<ul>\n  <li>one: x y </li>\n"
    "  <li>two: </li>\n</ul>\n<p>Hi</p>Ann";

/* the whole life of a set, from nothing; every step may fail */
static enum err
torture_once(struct buf *out)
{
	static const char page[] = "<h1>{{title}}</h1>\n<ul>\n"
	    "  {{#items}}\n  {{>row}}\n  {{/items}}\n</ul>\n{{{body}}}"
	    "{{#author}}{{name}}{{/author}}";
	static const char row[] = "<li>{{name}}: {{#tags}}{{.}}"
	    "{{^yes}}{{/yes}} {{/tags}}</li>\n";
	struct tmpl_set *s = NULL;
	struct diag d;
	struct arena a;
	struct tval *root;
	enum err e;

	arena_init(&a, 1u << 20);
	diag_init(&d, NULL);
	if ((e = tmpl_set_new(&s)) != ERR_OK)
		goto out;
	if ((e = tmpl_set_add(s, "row", "x", 1, &d)) != ERR_OK ||
	    (e = tmpl_set_add(s, "page", page, strlen(page), &d)) != ERR_OK ||
	    (e = tmpl_check(s, "page", schema, &d)) != ERR_OK)
		goto out;
	/* replacing the partial drops the first check */
	if ((e = tmpl_set_add(s, "row", row, strlen(row), &d)) != ERR_OK ||
	    (e = tmpl_check(s, "page", schema, &d)) != ERR_OK)
		goto out;
	if ((root = model(&a)) == NULL) {
		e = a.err;
		goto out;
	}
	e = tmpl_render(s, "page", root, out);
out:
	tmpl_set_free(s);
	arena_release(&a);
	return e;
}

static void
test_alloc_failure(void **state)
{
	struct buf out;
	enum err e;
	bool failed;
	long n;

	(void)state;
	for (n = 1;; n++) {
		buf_init(&out, 1u << 20);
		mem_fail_after(n);
		e = torture_once(&out);
		failed = mem_failed();
		mem_fail_after(0);
		if (!failed) {
			assert_int_equal(e, ERR_OK);
			assert_string_equal(out.p, torture_want);
			buf_release(&out);
			break;
		}
		if (e != ERR_NOMEM)
			fail_msg("allocation %ld failed: got %s", n,
			    err_str(e));
		assert_int_equal(out.len, 0);
		buf_release(&out);
	}
	assert_true(n > 10);
}

/* --- concurrent renders ------------------------------------------------- */

struct worker {
	const struct tmpl_set *s;
	const struct tval *root;
	const char *want;
	int bad;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct buf b;

	buf_init(&b, 1u << 20);
	for (int i = 0; i < 500; i++) {
		buf_reset(&b);
		if (tmpl_render(w->s, "page", w->root, &b) != ERR_OK ||
		    strcmp(b.p, w->want) != 0)
			w->bad++;
	}
	buf_release(&b);
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct fx *fx = *state;
	struct worker w[4];
	pthread_t th[4];
	const char *want = "<ul>\n  <li>one x y</li>\n  <li>two</li>\n"
	    "</ul>\nAnn";

	assert_int_equal(add(fx, "row", "<li>{{name}}{{#tags}} {{.}}{{/tags}}"
	    "</li>\n"), ERR_OK);
	assert_int_equal(add(fx, "page", "<ul>\n  {{#items}}\n  {{>row}}\n"
	    "  {{/items}}\n</ul>\n{{author.name}}"), ERR_OK);
	assert_int_equal(check(fx, "page"), ERR_OK);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ fx->s, fx->root, want, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, worker_run,
		    &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].bad, 0);
	}
}

/*
 * --- inputs for fuzz/fuzz_tmpl.c's crash classes -------------------------
 * The fuzzer has found no crasher so far; these are the edge inputs it was
 * seeded with (braces at the end, empty tags, {{.}} sections, a template
 * including itself). Add each crasher it finds here.
 */

static void
test_fuzz_regress(void **state)
{
	struct fx *fx = *state;
	static const char *const cases[] = {
		"{{",
		"{{{",
		"{{{{",
		"}}{{}}}",
		"{{#a}}{{/a}}}}",
		"{{!}}",
		"{{!}}}",
		"\n{{!\n",
		"{{#.}}{{/.}}",
		"  {{>t}}",
		"{{^.}}{{.}}{{/.}}",
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		diag_init(&fx->d, NULL);
		if (tmpl_set_add(fx->s, "t", cases[i], strlen(cases[i]),
		    &fx->d) != ERR_OK)
			continue;
		if (check(fx, "t") != ERR_OK)
			continue;
		buf_reset(&fx->out);
		(void)tmpl_render(fx->s, "t", fx->root, &fx->out);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_variables),
		T(test_escaping),
		T(test_raw),
		T(test_sections),
		T(test_inverted),
		T(test_dotted),
		T(test_dot),
		T(test_missing_values),
		T(test_partials),
		T(test_partial_errors),
		T(test_partial_recursion),
		T(test_partial_fanout),
		T(test_unknown_variable),
		T(test_syntax_errors),
		T(test_comments_and_misc),
		T(test_standalone),
		T(test_standalone_partials),
		T(test_unchecked),
		T(test_recheck_other_schema),
		T(test_type_mismatch),
		T(test_render_limit),
		T(test_limits),
		T(test_tval),
		T(test_bad_schema),
		T(test_alloc_failure),
		T(test_concurrent),
		T(test_fuzz_regress),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
