/*
 * fuzz_form.c - libFuzzer target for src/http/form.c. The first input
 * byte picks what the rest is:
 *   0  an urlencoded body;
 *   1  a multipart/form-data body with the boundary "XyZ";
 *   2  a Content-Type line, then a body parsed by form_parse() (so any
 *      type, boundary and parameter syntax is reached);
 *   3  a cookie name line, then a Cookie header (also read as a header
 *      value for form_header_param() and form_type_is()).
 * Checks that nothing crashes or leaks, that a refusal says why, and that
 * what is accepted keeps form.h's promises: names are 1 to
 * LIMIT_FORM_NAME_BYTES of UTF-8 without control characters, text values
 * are UTF-8 without NUL and NUL-terminated at len, file names carry no
 * path, part types no control characters, a cookie only cookie-octets;
 * and an urlencoded form, encoded again, parses to the same fields.
 *
 * Does not dispatch requests (fuzz_http does).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/buf.h"
#include "pressroom/form.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_MAX (1u << 20)

static void
check(bool ok)
{
	if (!ok)
		abort();
}

static bool
no_controls(const char *s, size_t n, bool tab)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(tab && c == '\t')) || c == 0x7f)
			return false;
	}
	return true;
}

static void
check_form(const struct form *f)
{
	check(f->n <= LIMIT_FORM_FIELDS);
	check(f->n == 0 || f->fields != NULL);
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *x = &f->fields[i];
		size_t nl = strlen(x->name);

		check(nl > 0 && nl <= LIMIT_FORM_NAME_BYTES);
		check(utf8_valid(x->name, nl, NULL));
		check(no_controls(x->name, nl, false));
		check(x->value != NULL && x->value[x->len] == '\0');
		if (x->filename == NULL) {
			check(strlen(x->value) == x->len);
			check(utf8_valid(x->value, x->len, NULL));
		} else {
			check(strchr(x->filename, '/') == NULL);
			check(strchr(x->filename, '\\') == NULL);
			check(strcmp(x->filename, ".") != 0 &&
			    strcmp(x->filename, "..") != 0);
			check(no_controls(x->filename, strlen(x->filename),
			    true));
		}
		if (x->type != NULL)
			check(no_controls(x->type, strlen(x->type), true));
		/* the first field of a name is what form_field finds */
		check(form_field(f, x->name) != NULL);
		check(form_field(f, x->name) <= x);
		if (x->filename == NULL)
			check(form_get(f, x->name) != NULL);
	}
}

static void
encode(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '*') {
			buf_addc(b, (char)c);
		} else if (c == ' ') {
			buf_addc(b, '+');
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* Encoded again, f parses to the same fields. */
static void
round_trip(struct arena *a, const struct form *f)
{
	struct buf b;
	struct form g;

	buf_init(&b, 16u * FZ_MAX);
	for (size_t i = 0; i < f->n; i++) {
		if (i > 0)
			buf_addc(&b, '&');
		encode(&b, f->fields[i].name, strlen(f->fields[i].name));
		buf_addc(&b, '=');
		encode(&b, f->fields[i].value, f->fields[i].len);
	}
	check(b.err == ERR_OK);
	check(form_parse_urlencoded(a, b.p, b.len, &g, NULL) == ERR_OK);
	check(g.n == f->n);
	for (size_t i = 0; i < f->n; i++) {
		check(strcmp(g.fields[i].name, f->fields[i].name) == 0);
		check(g.fields[i].len == f->fields[i].len);
		check(memcmp(g.fields[i].value, f->fields[i].value,
		    f->fields[i].len) == 0);
	}
	buf_release(&b);
}

static void
parse(struct arena *a, const char *type, const char *body, size_t n,
    bool urlencoded)
{
	struct form f = { 0 };
	const char *why = NULL;
	enum err e = form_parse(a, type, body, n, &f, &why);

	if (e == ERR_OK) {
		check(why == NULL);
		check_form(&f);
		if (urlencoded)
			round_trip(a, &f);
	} else {
		check(e == ERR_INVAL || e == ERR_LIMIT || e == ERR_NOMEM);
		check(e == ERR_NOMEM || (why != NULL && why[0] != '\0'));
	}
}

/* Splits s (NUL-terminated copy of the input) at its first newline. */
static char *
split_line(char *s, size_t n, size_t *rest)
{
	char *nl = memchr(s, '\n', n);

	if (nl == NULL) {
		*rest = 0;
		return s + n;
	}
	*nl = '\0';
	*rest = n - (size_t)(nl + 1 - s);
	return nl + 1;
}

static void
cookie(struct arena *a, char *s, size_t n)
{
	size_t rest;
	char *header = split_line(s, n, &rest);
	const char *v = form_cookie(a, header, s);
	const char *p;

	if (v != NULL)
		for (p = v; *p != '\0'; p++) {
			unsigned char c = (unsigned char)*p;

			check(c >= 0x21 && c <= 0x7e && c != '"' && c != ',' &&
			    c != ';' && c != '\\');
		}
	(void)form_header_param(a, header, s);
	(void)form_type_is(header, s);
	(void)form_type_is(header, "multipart/form-data");
}

/* A body of exactly n bytes in its own block, so that ASan sees a read
 * past its end (no NUL after it). */
static void
parse_exact(struct arena *a, const char *type, const char *p, size_t n,
    bool urlencoded)
{
	char *body = malloc(n > 0 ? n : 1);

	if (body == NULL)
		return;
	memcpy(body, p, n);
	parse(a, type, body, n, urlencoded);
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	char *copy, *body;
	size_t n, rest;

	if (size < 1 || size > FZ_MAX)
		return 0;
	n = size - 1;
	copy = malloc(n + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, n);
	copy[n] = '\0';
	arena_init(&a, 64u << 20);
	switch (data[0] & 3) {
	case 0:
		parse_exact(&a, "application/x-www-form-urlencoded", copy, n,
		    true);
		break;
	case 1:
		parse_exact(&a, "multipart/form-data; boundary=XyZ", copy, n,
		    false);
		break;
	case 2:
		body = split_line(copy, n, &rest);
		parse_exact(&a, copy, body, rest, false);
		break;
	default:
		cookie(&a, copy, n);
		break;
	}
	arena_release(&a);
	free(copy);
	return 0;
}
