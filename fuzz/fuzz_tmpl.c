/*
 * fuzz_tmpl.c - libFuzzer target for src/render/tmpl.c: the input is added
 * as a template (also usable as a partial of a fixed one), checked against a
 * small fixed schema and rendered with a small fixed value tree. It must
 * never crash, leak or hang, and a render must never emit a quote or NUL
 * that neither the template's text nor an HTML value holds (that is, a
 * text value unescaped).
 *
 * An input starting with byte 0x01 runs with allocation failure injected
 * after the number of allocations given by its second byte; every failure
 * must then come back as ERR_NOMEM. Does not fuzz the value tree or the
 * schema: those are written by our own code, not read from input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/mem.h"
#include "pressroom/tmpl.h"
#include "pressroom/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tschema fz_meta_fields[] = {
	{ "k", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema fz_item_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "url", TVAL_STR, NULL },
	{ "on", TVAL_BOOL, NULL },
	{ "meta", TVAL_OBJ, fz_meta_fields },
	{ "tags", TVAL_LIST, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema fz_author_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "bio", TVAL_HTML, NULL },
	{ NULL, TVAL_NULL, NULL },
};

static const struct tschema fz_schema[] = {
	{ "title", TVAL_STR, NULL },
	{ "name", TVAL_STR, NULL },
	{ "empty", TVAL_STR, NULL },
	{ "body", TVAL_HTML, NULL },
	{ "flag", TVAL_BOOL, NULL },
	{ "off", TVAL_BOOL, NULL },
	{ "tags", TVAL_LIST, NULL },
	{ "items", TVAL_LIST, fz_item_fields },
	{ "author", TVAL_OBJ, fz_author_fields },
	{ "missing", TVAL_STR, NULL },
	{ NULL, TVAL_NULL, NULL },
};

/* fixed partials the input may include; "wrap" includes the input back */
static const char *const fz_partials[][2] = {
	{ "row", "<li>{{name}}{{#tags}} {{.}}{{/tags}}</li>\n" },
	{ "box", "  {{#flag}}\n  {{>row}}\n  {{/flag}}\n" },
	{ "wrap", "<main>\n  {{>fuzz}}\n</main>\n" },
};

#define FZ(call) do { if (e == ERR_OK) e = (call); } while (0)

static struct tval *
fz_model(struct arena *a)
{
	struct tval *root, *tags, *items, *it, *meta, *author;
	enum err e = ERR_OK;

	root = tval_obj(a);
	FZ(tval_set_str(a, root, "title", "<script>alert('x')</script>&"));
	FZ(tval_set_str(a, root, "name", "root"));
	FZ(tval_set_str(a, root, "empty", ""));
	FZ(tval_set_html(a, root, "body", (struct html){ "<p>ok</p>", 9 }));
	FZ(tval_set_bool(a, root, "flag", true));
	FZ(tval_set_bool(a, root, "off", false));
	tags = tval_list(a);
	FZ(tval_set(a, root, "tags", tags));
	FZ(tval_push_str(a, tags, "a<b"));
	FZ(tval_push_str(a, tags, "\"c\""));
	items = tval_list(a);
	FZ(tval_set(a, root, "items", items));
	for (int i = 0; i < 2; i++) {
		it = tval_push_obj(a, items);
		FZ(tval_set_str(a, it, "name", i ? "two<" : "one>"));
		FZ(tval_set_bool(a, it, "on", i == 0));
		if (i == 0) {
			FZ(tval_set_str(a, it, "url", "/x?a=1&b=2"));
			meta = tval_obj(a);
			FZ(tval_set(a, it, "meta", meta));
			FZ(tval_set_str(a, meta, "k", "v'"));
		}
	}
	author = tval_obj(a);
	FZ(tval_set(a, root, "author", author));
	FZ(tval_set_str(a, author, "name", "Ann"));
	FZ(tval_set_html(a, author, "bio", (struct html){ "<i>b</i>", 8 }));
	return e == ERR_OK ? root : NULL;
}

/*
 * Text values hold ' and " and NUL never; HTML values hold neither quote.
 * So a quote in the output that the template's own text lacks came from a
 * value unescaped, and so would a NUL.
 */
static void
fz_check_output(const char *src, size_t n, const struct buf *out)
{
	if (memchr(out->p, '\0', out->len) != NULL &&
	    memchr(src, '\0', n) == NULL)
		abort();
	if (memchr(out->p, '\'', out->len) != NULL &&
	    memchr(src, '\'', n) == NULL)
		abort();
	if (memchr(out->p, '"', out->len) != NULL &&
	    memchr(src, '"', n) == NULL)
		abort();
}

/* ERR_OK, or the first error; aborts on a broken promise */
static enum err
fz_run(const char *src, size_t n)
{
	struct tmpl_set *s = NULL;
	struct diag d;
	struct arena a;
	struct buf out;
	struct tval *root;
	size_t sections = 0;
	enum err e;

	arena_init(&a, 1u << 20);
	buf_init(&out, 1u << 20);
	diag_init(&d, NULL);
	if ((e = tmpl_set_new(&s)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < sizeof fz_partials / sizeof fz_partials[0];
	    i++)
		FZ(tmpl_set_add(s, fz_partials[i][0], fz_partials[i][1],
		    strlen(fz_partials[i][1]), &d));
	if (e != ERR_OK)
		goto out;
	if ((e = tmpl_set_add(s, "fuzz", src, n, &d)) != ERR_OK)
		goto out;
	if ((root = fz_model(&a)) == NULL) {
		e = a.err;
		goto out;
	}
	/* unchecked templates never render */
	if (tmpl_render(s, "fuzz", root, &out) != ERR_INVAL)
		abort();
	if ((e = tmpl_check(s, "fuzz", fz_schema, &d)) != ERR_OK)
		goto out;
	if (d.msg[0] != '\0')
		abort();	/* a message without an error */
	/*
	 * Lists nested in lists multiply the work (2^depth); keep renders of
	 * inputs with many sections out so a run measures bugs, not patience.
	 */
	for (size_t i = 0; i + 2 < n; i++)
		if (src[i] == '{' && src[i + 1] == '{' && src[i + 2] == '#')
			sections++;
	if (sections > 10)
		goto out;
	e = tmpl_render(s, "fuzz", root, &out);
	if (e == ERR_OK)
		fz_check_output(src, n, &out);
	if (e != ERR_OK && e != ERR_LIMIT && e != ERR_NOMEM)
		abort();	/* the fixed tree matches the schema */
	if (e != ERR_OK)
		goto out;
	/* the input as a partial inside a fixed template */
	if ((e = tmpl_check(s, "wrap", fz_schema, &d)) != ERR_OK)
		goto out;
	buf_reset(&out);
	e = tmpl_render(s, "wrap", root, &out);
	if (e == ERR_OK)
		fz_check_output(src, n, &out);
out:
	tmpl_set_free(s);
	arena_release(&a);
	buf_release(&out);
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	enum err e;

	if (size >= 2 && data[0] == 0x01) {
		mem_fail_after(data[1] + 1);
		e = fz_run(src + 2, size - 2);
		if (mem_failed() && e != ERR_NOMEM)
			abort();
		mem_fail_after(0);
		return 0;
	}
	(void)fz_run(src, size);
	return 0;
}
