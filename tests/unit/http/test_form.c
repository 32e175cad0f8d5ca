/*
 * test_form.c - request bodies and cookies (src/http/form.c): urlencoded
 * bodies (escapes, '+', empty pairs, bad escapes, invalid UTF-8, control
 * characters, the caps), multipart/form-data (boundaries quoted or not,
 * file parts with their path cut off and any bytes, text parts that must
 * be UTF-8, truncated or malformed bodies, the header cap), the Cookie
 * header, header parameters and media types, and allocation failures.
 *
 * Does not dispatch requests: how the router uses a form (the CSRF field)
 * is tested through tests/http.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/buf.h"
#include "pressroom/form.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

#define URLENC "application/x-www-form-urlencoded"
#define MP "multipart/form-data; boundary=XyZ"

static struct arena arena;

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 64u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

/* Parses a urlencoded string; why must be set exactly on failure. */
static enum err
url(const char *s, struct form *f)
{
	const char *why = NULL;
	enum err e = form_parse_urlencoded(&arena, s, strlen(s), f, &why);

	if (e == ERR_OK)
		assert_null(why);
	else if (e == ERR_INVAL || e == ERR_LIMIT)
		assert_non_null(why);
	return e;
}

/* Parses a body of n bytes with a Content-Type. */
static enum err
body(const char *type, const char *b, size_t n, struct form *f,
    const char **why)
{
	const char *w = NULL;
	enum err e = form_parse(&arena, type, b, n, f, &w);

	if (e == ERR_INVAL || e == ERR_LIMIT)
		assert_non_null(w);
	if (why != NULL)
		*why = w;
	return e;
}

static enum err
mp(const char *b, struct form *f)
{
	return body(MP, b, strlen(b), f, NULL);
}

static void
assert_field(const struct form *f, size_t i, const char *name,
    const char *value)
{
	assert_true(i < f->n);
	assert_string_equal(f->fields[i].name, name);
	assert_int_equal(f->fields[i].len, strlen(value));
	assert_memory_equal(f->fields[i].value, value, strlen(value) + 1);
	assert_null(f->fields[i].filename);
}

static void
t_url_basic(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(url("a=1&b=%C3%A9+x", &f), ERR_OK);
	assert_int_equal(f.n, 2);
	assert_field(&f, 0, "a", "1");
	assert_field(&f, 1, "b", "\xc3\xa9 x");
	assert_null(f.fields[0].type);
	/* order is the body's, duplicates are kept, the first one wins */
	assert_int_equal(url("x=1&y=2&x=3", &f), ERR_OK);
	assert_int_equal(f.n, 3);
	assert_field(&f, 2, "x", "3");
	assert_string_equal(form_get(&f, "x"), "1");
	assert_string_equal(form_field(&f, "y")->value, "2");
	assert_null(form_get(&f, "z"));
	assert_null(form_field(&f, "z"));
	assert_null(form_get(&f, "X"));	/* names are exact */
}

static void
t_url_escapes(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(url("na%6De=%41%4a%4A", &f), ERR_OK);
	assert_field(&f, 0, "name", "AJJ");
	assert_int_equal(url("p=%2B+%2b%20%25%26%3D", &f), ERR_OK);
	assert_field(&f, 0, "p", "+ + %&=");
	assert_int_equal(url("a+b=c+", &f), ERR_OK);
	assert_field(&f, 0, "a b", "c ");
	assert_int_equal(url("e=%F0%9F%98%80", &f), ERR_OK);	/* 4 */
	assert_field(&f, 0, "e", "\xf0\x9f\x98\x80");
	/* '=' in a value, a value with no '=' at all */
	assert_int_equal(url("a==b=", &f), ERR_OK);
	assert_field(&f, 0, "a", "=b=");
	assert_int_equal(url("flag&v=", &f), ERR_OK);
	assert_int_equal(f.n, 2);
	assert_field(&f, 0, "flag", "");
	assert_field(&f, 1, "v", "");
	/* a textarea's line ends and tabs are text */
	assert_int_equal(url("t=a%0D%0Ab%09c", &f), ERR_OK);
	assert_field(&f, 0, "t", "a\r\nb\tc");
	/* a raw UTF-8 byte sequence is as good as an escaped one */
	assert_int_equal(url("r=\xd0\xb6", &f), ERR_OK);
	assert_field(&f, 0, "r", "\xd0\xb6");
}

static void
t_url_empty(void **state)
{
	struct form f = { (void *)1, 99 };

	(void)state;
	assert_int_equal(url("", &f), ERR_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(url("&&&", &f), ERR_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(url("&a=1&&b=2&", &f), ERR_OK);
	assert_int_equal(f.n, 2);
	assert_field(&f, 0, "a", "1");
	assert_field(&f, 1, "b", "2");
	/* an empty name is refused, not skipped */
	assert_int_equal(url("=x", &f), ERR_INVAL);
	assert_int_equal(url("a=1&=", &f), ERR_INVAL);
	/* the length given is the body: nothing is read past it */
	assert_int_equal(form_parse_urlencoded(&arena, "a=1&b=2", 3, &f,
	    NULL), ERR_OK);
	assert_int_equal(f.n, 1);
	assert_field(&f, 0, "a", "1");
	assert_int_equal(form_parse_urlencoded(&arena, "a=%41", 4, &f, NULL),
	    ERR_INVAL);
}

static void
t_url_bad(void **state)
{
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%zz", "a=%4g", "a=%g4", "%=1", "a=1%",
		"a=%%41", "a%=1", "a=% 41", "a=%+1",
		/* not UTF-8: stray, cut, overlong, surrogate, > U+10FFFF */
		"a=%FF", "a=%C3", "a=%C3%28", "a=%C0%AF", "a=%E0%80%80",
		"a=%ED%A0%80", "a=%F4%90%80%80", "a=\xff", "%FF=1",
		"\xc3=1",
		/* NUL, in a value or a name */
		"a=%00", "a=x%00y", "%00=1",
		/* control characters in names */
		"a%0Ab=1", "a%0D=1", "a%09=1", "a%7F=1", "a%01=1",
		"\x01=1", "a\x7f=1",
	};
	struct form f = { (void *)1, 99 };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum err e = url(bad[i], &f);

		if (e != ERR_INVAL)
			fail_msg("\"%s\": %s", bad[i], err_str(e));
		/* *out is untouched on failure */
		assert_ptr_equal(f.fields, (void *)1);
		assert_int_equal(f.n, 99);
	}
}

static void
t_url_caps(void **state)
{
	char name[LIMIT_FORM_NAME_BYTES + 8];
	struct buf b;
	struct form f;
	const char *why = NULL;

	(void)state;
	memset(name, 'n', LIMIT_FORM_NAME_BYTES);
	memcpy(name + LIMIT_FORM_NAME_BYTES, "=v", 3);
	assert_int_equal(url(name, &f), ERR_OK);
	assert_int_equal(strlen(f.fields[0].name), LIMIT_FORM_NAME_BYTES);
	memset(name, 'n', LIMIT_FORM_NAME_BYTES + 1);
	memcpy(name + LIMIT_FORM_NAME_BYTES + 1, "=v", 3);
	assert_int_equal(url(name, &f), ERR_INVAL);
	/* escapes count as the byte they make */
	buf_init(&b, 1u << 20);
	for (size_t i = 0; i < LIMIT_FORM_NAME_BYTES; i++)
		buf_adds(&b, "%41");
	buf_adds(&b, "=1");
	assert_int_equal(url(b.p, &f), ERR_OK);
	buf_release(&b);

	/* exactly LIMIT_FORM_FIELDS fields, then one more */
	buf_init(&b, 1u << 24);
	for (size_t i = 0; i < LIMIT_FORM_FIELDS; i++)
		buf_adds(&b, "k=v&");
	assert_int_equal(b.err, ERR_OK);
	assert_int_equal(url(b.p, &f), ERR_OK);
	assert_int_equal(f.n, LIMIT_FORM_FIELDS);
	/* empty pairs are not fields */
	buf_adds(&b, "&&&&");
	assert_int_equal(url(b.p, &f), ERR_OK);
	buf_adds(&b, "k");
	assert_int_equal(form_parse_urlencoded(&arena, b.p, b.len, &f, &why),
	    ERR_LIMIT);
	assert_non_null(why);
	buf_release(&b);
}

static void
t_parse_types(void **state)
{
	struct form f;
	const char *why;

	(void)state;
	assert_int_equal(body(URLENC, "a=1", 3, &f, NULL), ERR_OK);
	assert_int_equal(body(" Application/X-WWW-Form-Urlencoded ; "
	    "charset=UTF-8", "a=1", 3, &f, NULL), ERR_OK);
	assert_field(&f, 0, "a", "1");
	/* no body at all is an empty form */
	assert_int_equal(body(URLENC, NULL, 0, &f, NULL), ERR_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(body(NULL, "a=1", 3, &f, &why), ERR_INVAL);
	assert_int_equal(body("text/plain", "a=1", 3, &f, &why), ERR_INVAL);
	assert_int_equal(body("application/json", "{}", 2, &f, &why),
	    ERR_INVAL);
	assert_int_equal(body("", "a=1", 3, &f, &why), ERR_INVAL);
	/* multipart needs its boundary, of 1 to 70 bytes */
	assert_int_equal(body("multipart/form-data", "--x--", 5, &f, &why),
	    ERR_INVAL);
	assert_int_equal(body("multipart/form-data; boundary=", "----", 4,
	    &f, &why), ERR_INVAL);
	assert_int_equal(body("multipart/form-data; boundary=\"\"", "----", 4,
	    &f, &why), ERR_INVAL);
	assert_int_equal(body("multipart/form-data; boundary=\"x", "--x--", 5,
	    &f, &why), ERR_INVAL);
	{
		char type[160], b[160], bd[72];

		for (size_t i = 0; i < sizeof bd - 1; i++)
			bd[i] = (char)('0' + i % 10);
		bd[70] = '\0';
		snprintf(type, sizeof type, "multipart/form-data; boundary=%s",
		    bd);
		snprintf(b, sizeof b, "--%s--", bd);
		assert_int_equal(body(type, b, strlen(b), &f, NULL), ERR_OK);
		assert_int_equal(f.n, 0);
		bd[70] = '0';
		bd[71] = '\0';
		snprintf(type, sizeof type, "multipart/form-data; boundary=%s",
		    bd);
		snprintf(b, sizeof b, "--%s--", bd);
		assert_int_equal(body(type, b, strlen(b), &f, &why),
		    ERR_INVAL);
	}
}

static const char mp_two[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Hello, \xd0\xbc\xd0\xb8\xd1\x80\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=csrf\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "tok\r\n"
    "--XyZ--\r\n";

static void
t_mp_basic(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(mp(mp_two, &f), ERR_OK);
	assert_int_equal(f.n, 2);
	assert_field(&f, 0, "title", "Hello, \xd0\xbc\xd0\xb8\xd1\x80");
	assert_null(f.fields[0].type);
	assert_field(&f, 1, "csrf", "tok");
	assert_string_equal(f.fields[1].type, "text/plain; charset=utf-8");
	assert_string_equal(form_get(&f, "csrf"), "tok");
	/* no epilogue, bare "--XyZ--" at the end */
	assert_int_equal(body(MP, mp_two, sizeof mp_two - 3, &f, NULL),
	    ERR_OK);
	assert_int_equal(f.n, 2);
	/* an epilogue after the close is ignored */
	{
		static const char b[] = "--XyZ\r\n"
		    "Content-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ--\r\nanything at all \xff\r\n--XyZ\r\n";

		assert_int_equal(mp(b, &f), ERR_OK);
		assert_int_equal(f.n, 1);
		assert_field(&f, 0, "a", "1");
	}
	/* a form with no field, and a field with an empty value */
	assert_int_equal(mp("--XyZ--", &f), ERR_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(mp("--XyZ\r\nContent-Disposition: form-data; "
	    "name=e\r\n\r\n\r\n--XyZ--", &f), ERR_OK);
	assert_field(&f, 0, "e", "");
	/* a value holding line ends and a near-boundary */
	assert_int_equal(mp("--XyZ\r\nContent-Disposition: form-data; "
	    "name=t\r\n\r\n\r\n--Xy\r\n-XyZ\r\n\r\n--XyZ--", &f), ERR_OK);
	assert_field(&f, 0, "t", "\r\n--Xy\r\n-XyZ\r\n");
	/* header names are case-insensitive, blanks around values go */
	assert_int_equal(mp("--XyZ\r\ncontent-disposition:form-data;"
	    "name=\"x\"  \r\nCONTENT-TYPE:   text/plain\r\n\r\nv\r\n--XyZ--",
	    &f), ERR_OK);
	assert_field(&f, 0, "x", "v");
	assert_string_equal(f.fields[0].type, "text/plain");
}

static void
t_mp_boundary(void **state)
{
	static const char quoted[] =
	    "--a b:c'(),+_-./=?\r\n"
	    "Content-Disposition: form-data; name=q\r\n\r\n1\r\n"
	    "--a b:c'(),+_-./=?--\r\n";
	struct form f;

	(void)state;
	assert_int_equal(body("multipart/form-data; boundary=\"a b:c'(),+_-./"
	    "=?\"", quoted, sizeof quoted - 1, &f, NULL), ERR_OK);
	assert_field(&f, 0, "q", "1");
	/* the parameter's name is case-insensitive; others may come first */
	assert_int_equal(body("Multipart/Form-Data;charset=utf-8; "
	    "BOUNDARY=XyZ", mp_two, sizeof mp_two - 1, &f, NULL), ERR_OK);
	assert_int_equal(f.n, 2);
	/* a "boundary" inside another parameter's quotes is not it */
	assert_int_equal(body("multipart/form-data; x=\"; boundary=no\"; "
	    "boundary=XyZ", mp_two, sizeof mp_two - 1, &f, NULL), ERR_OK);
	assert_int_equal(f.n, 2);
	/* a different boundary than the body's */
	assert_int_equal(body("multipart/form-data; boundary=XyZw", mp_two,
	    sizeof mp_two - 1, &f, NULL), ERR_INVAL);
	assert_int_equal(body("multipart/form-data; boundary=Xy", mp_two,
	    sizeof mp_two - 1, &f, NULL), ERR_INVAL);
}

static void
t_mp_file(void **state)
{
	static const char bin[] = "\x00\x01\xff\xfe\r\n--X\r\n\x00\x89PNG";
	struct buf b;
	struct form f;
	const struct form_field *x;
	static const struct {
		const char *given;
		const char *kept;
	} names[] = {
		{ "report.pdf", "report.pdf" },
		{ "C:\\Users\\me\\report.pdf", "report.pdf" },
		{ "C:\\\\Users\\\\me\\\\report.pdf", "report.pdf" },
		{ "/etc/passwd", "passwd" },
		{ "../../x.bin", "x.bin" },
		{ "dir/sub\\mixed/y.txt", "y.txt" },
		{ "\xd0\xbe\xd1\x82\xd1\x87\xd1\x91\xd1\x82.docx",
		    "\xd0\xbe\xd1\x82\xd1\x87\xd1\x91\xd1\x82.docx" },
		{ "a\\\"quoted\\\".txt", "a\"quoted\".txt" },
		{ "", "" },		/* a file input left empty */
		{ "dir/", "" },
		{ "..", "" },		/* never a path step */
		{ "x/.", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_init(&b, 1u << 16);
		buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"up\"; filename=\"%s\"\r\nContent-Type: "
		    "application/octet-stream\r\n\r\n", names[i].given);
		buf_add(&b, bin, sizeof bin - 1);
		buf_adds(&b, "\r\n--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"up\"\r\n\r\ntext\r\n--XyZ--\r\n");
		assert_int_equal(b.err, ERR_OK);
		if (body(MP, b.p, b.len, &f, NULL) != ERR_OK)
			fail_msg("filename \"%s\" refused", names[i].given);
		assert_int_equal(f.n, 2);
		x = form_field(&f, "up");
		assert_ptr_equal(x, &f.fields[0]);
		assert_non_null(x->filename);
		if (strcmp(x->filename, names[i].kept) != 0)
			fail_msg("filename \"%s\" kept as \"%s\", not \"%s\"",
			    names[i].given, x->filename, names[i].kept);
		assert_string_equal(x->type, "application/octet-stream");
		assert_int_equal(x->len, sizeof bin - 1);
		assert_memory_equal(x->value, bin, sizeof bin - 1);
		assert_int_equal(x->value[x->len], '\0');
		/* form_get skips the file, finds the text of the same name */
		assert_string_equal(form_get(&f, "up"), "text");
		buf_release(&b);
	}
	/* "filename" is not "filename*" nor "xfilename" */
	assert_int_equal(mp("--XyZ\r\nContent-Disposition: form-data; "
	    "name=n; filename*=UTF-8''a.txt; xfilename=b\r\n\r\nv\r\n--XyZ--",
	    &f), ERR_OK);
	assert_field(&f, 0, "n", "v");
	/* "filename" inside the quoted name is part of the name */
	assert_int_equal(mp("--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"n; filename=evil\"\r\n\r\nv\r\n--XyZ--", &f), ERR_OK);
	assert_field(&f, 0, "n; filename=evil", "v");
	/* the parameters' order does not matter */
	assert_int_equal(mp("--XyZ\r\nContent-Disposition: form-data; "
	    "filename=\"f.txt\"; name=\"n\"\r\n\r\nv\r\n--XyZ--", &f), ERR_OK);
	assert_string_equal(f.fields[0].name, "n");
	assert_string_equal(f.fields[0].filename, "f.txt");
}

static void
t_mp_text_utf8(void **state)
{
	static const char *const bad[] = {
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "\xff\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "\xc3\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "\xed\xa0\x80\r\n--XyZ--",
	};
	static const char nul[] = "--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nx\0y\r\n--XyZ--";
	static const char nulfile[] = "--XyZ\r\nContent-Disposition: "
	    "form-data; name=a; filename=f\r\n\r\nx\0y\r\n--XyZ--";
	struct form f;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(mp(bad[i], &f), ERR_INVAL);
	assert_int_equal(body(MP, nul, sizeof nul - 1, &f, &why), ERR_INVAL);
	assert_int_equal(body(MP, nulfile, sizeof nulfile - 1, &f, &why),
	    ERR_OK);
	assert_int_equal(f.fields[0].len, 3);
	assert_memory_equal(f.fields[0].value, "x\0y", 4);
}

static void
t_mp_malformed(void **state)
{
	static const char *const bad[] = {
		/* missing or broken final boundary */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ-",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		    "--XyZ--",
		/* no boundary first, or a preamble, or junk after one */
		"", "-", "--", "--Xy", "x--XyZ--", "\r\n--XyZ--",
		"preamble\r\n--XyZ--", "--XyZjunk\r\n--XyZ--",
		"--XyZ \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		    "--XyZjunk\r\n--XyZ--",
		/* headers that never end, or junk in them */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\n\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\njunk\r\n"
		    "\r\n1\r\n--XyZ--",
		"--XyZ\r\njunk\r\nContent-Disposition: form-data; name=a\r\n"
		    "\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n "
		    "folded\r\n\r\n1\r\n--XyZ--",
		/* Content-Disposition missing, not form-data, without name */
		"--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n"
		    "1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; filename=f\r\n\r\n1"
		    "\r\n--XyZ--",
		/* a name that is not text, or has control characters */
		"--XyZ\r\nContent-Disposition: form-data; name=\"\x01\"\r\n"
		    "\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\xff\"\r\n"
		    "\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\x7f\"\r\n"
		    "\r\n1\r\n--XyZ--",
		/* control characters in a part's headers: a file name or a
		 * type with CR must never reach a reply header */
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename="
		    "\"x\ry.txt\"\r\n\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename="
		    "\"x\x1b[31m.txt\"\r\n\r\n1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		    "Content-Type: text/plain\rSet-Cookie: x=1\r\n\r\n1\r\n"
		    "--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		    "Content-Type: text/\xc3\r\n\r\n1\r\n--XyZ--",
		/* two Content-Dispositions: which name is it? */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		    "Content-Disposition: form-data; name=csrf\r\n\r\n1\r\n"
		    "--XyZ--",
	};
	struct form f = { (void *)1, 99 };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum err e = mp(bad[i], &f);

		if (e != ERR_INVAL)
			fail_msg("case %zu: %s", i, err_str(e));
		assert_ptr_equal(f.fields, (void *)1);
		assert_int_equal(f.n, 99);
	}
	/* a NUL in a part's headers */
	{
		static const char b[] = "--XyZ\r\nContent-Disposition: "
		    "form-data; name=a\0b\r\n\r\n1\r\n--XyZ--";

		assert_int_equal(body(MP, b, sizeof b - 1, &f, NULL),
		    ERR_INVAL);
	}
}

static void
t_mp_header_cap(void **state)
{
	struct buf b;
	struct form f;
	const char *why;
	const char *head = "Content-Disposition: form-data; name=a; x=\"";
	size_t fill;

	(void)state;
	/* headers of exactly LIMIT_FORM_PART_HEADER_BYTES, then one more */
	for (int extra = 0; extra < 2; extra++) {
		buf_init(&b, 1u << 16);
		buf_adds(&b, "--XyZ\r\n");
		buf_adds(&b, head);
		fill = LIMIT_FORM_PART_HEADER_BYTES - strlen(head) - 1 +
		    (size_t)extra;
		for (size_t i = 0; i < fill; i++)
			buf_addc(&b, 'h');
		buf_adds(&b, "\"\r\n\r\nv\r\n--XyZ--");
		assert_int_equal(body(MP, b.p, b.len, &f, &why),
		    extra == 0 ? ERR_OK : ERR_LIMIT);
		buf_release(&b);
	}
	/* many fields: the cap holds for multipart too */
	buf_init(&b, 1u << 24);
	for (size_t i = 0; i <= LIMIT_FORM_FIELDS; i++)
		buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=k\r\n\r\nv\r\n");
	buf_adds(&b, "--XyZ--");
	assert_int_equal(b.err, ERR_OK);
	assert_int_equal(body(MP, b.p, b.len, &f, &why), ERR_LIMIT);
	buf_release(&b);
}

static void
t_cookie(void **state)
{
	(void)state;
	assert_string_equal(form_cookie(&arena, "a=1; __Host-pressroom=pr_x"
	    "-_Y; b=2", "__Host-pressroom"), "pr_x-_Y");
	assert_string_equal(form_cookie(&arena, "a=1;b=2", "b"), "2");
	assert_string_equal(form_cookie(&arena, "a=1;b=2", "a"), "1");
	assert_string_equal(form_cookie(&arena, "  a = 1  ;  ", "a"), "1");
	assert_string_equal(form_cookie(&arena, "a=\"q1\"", "a"), "q1");
	assert_string_equal(form_cookie(&arena, "a=\"\"", "a"), "");
	assert_string_equal(form_cookie(&arena, "a=", "a"), "");
	assert_string_equal(form_cookie(&arena, "a=b=c", "a"), "b=c");
	assert_string_equal(form_cookie(&arena, "junk; a=1", "a"), "1");
	assert_string_equal(form_cookie(&arena, "a=!#$%&'()*+-./:<=>?@[]^_`"
	    "{|}~", "a"), "!#$%&'()*+-./:<=>?@[]^_`{|}~");
	/* the first of a name wins */
	assert_string_equal(form_cookie(&arena, "a=1; a=2", "a"), "1");
	assert_string_equal(form_cookie(&arena, "b=0; a=1; a=2", "a"), "1");
	/* absent: other names, prefixes, case */
	assert_null(form_cookie(&arena, NULL, "a"));
	assert_null(form_cookie(&arena, "", "a"));
	assert_null(form_cookie(&arena, ";;;", "a"));
	assert_null(form_cookie(&arena, "b=1", "a"));
	assert_null(form_cookie(&arena, "ab=1; ba=2", "a"));
	assert_null(form_cookie(&arena, "A=1", "a"));
	assert_null(form_cookie(&arena, "a", "a"));
	/* invalid octets: the cookie is refused, not cut */
	assert_null(form_cookie(&arena, "a=b c", "a"));
	assert_null(form_cookie(&arena, "a=b,c", "a"));
	assert_null(form_cookie(&arena, "a=b\\c", "a"));
	assert_null(form_cookie(&arena, "a=b\"c", "a"));
	assert_null(form_cookie(&arena, "a=\"", "a"));
	assert_null(form_cookie(&arena, "a=\"b", "a"));
	assert_null(form_cookie(&arena, "a=\"b\"c\"", "a"));
	assert_null(form_cookie(&arena, "a=b\x7f", "a"));
	assert_null(form_cookie(&arena, "a=b\x01", "a"));
	assert_null(form_cookie(&arena, "a=b\tc", "a"));
	assert_null(form_cookie(&arena, "a=\xc3\xa9", "a"));
	/* the first one is malformed: no falling back to a later one */
	assert_null(form_cookie(&arena, "a=b c; a=2", "a"));
	/* a bad cookie of another name does not matter */
	assert_string_equal(form_cookie(&arena, "b=x y; a=1", "a"), "1");
}

static void
t_header_param(void **state)
{
	(void)state;
	assert_string_equal(form_header_param(&arena, "multipart/form-data; "
	    "boundary=abc", "boundary"), "abc");
	assert_string_equal(form_header_param(&arena, "multipart/form-data;"
	    "boundary=abc;charset=x", "boundary"), "abc");
	assert_string_equal(form_header_param(&arena, "m/f; BoUnDaRy=\"a;b "
	    "c\"", "boundary"), "a;b c");
	assert_string_equal(form_header_param(&arena, "m/f; charset=utf-8; "
	    "boundary=b", "CHARSET"), "utf-8");
	assert_string_equal(form_header_param(&arena, "form-data; name=\"a\\"
	    "\"b\\\\c\"", "name"), "a\"b\\c");
	assert_string_equal(form_header_param(&arena, "form-data; name=\"\"",
	    "name"), "");
	assert_string_equal(form_header_param(&arena, "form-data; name=",
	    "name"), "");
	assert_string_equal(form_header_param(&arena, "form-data; xname=1; "
	    "name=2", "name"), "2");
	assert_string_equal(form_header_param(&arena, "form-data; x=\"; "
	    "name=no\"; name=yes", "name"), "yes");
	assert_string_equal(form_header_param(&arena, "form-data; junk; "
	    "name=yes", "name"), "yes");
	/* the first of a name wins */
	assert_string_equal(form_header_param(&arena, "x/y; a=1; a=2", "a"),
	    "1");
	/* absent */
	assert_null(form_header_param(&arena, NULL, "boundary"));
	assert_null(form_header_param(&arena, "", "boundary"));
	assert_null(form_header_param(&arena, "multipart/form-data",
	    "boundary"));
	assert_null(form_header_param(&arena, "boundary=abc", "boundary"));
	assert_null(form_header_param(&arena, "m/f; boundary", "boundary"));
	assert_null(form_header_param(&arena, "m/f; boundaryx=1", "boundary"));
	assert_null(form_header_param(&arena, "m/f; boundary=\"abc",
	    "boundary"));
	assert_null(form_header_param(&arena, "m/f; boundary=\"abc\\\"",
	    "boundary"));
}

static void
t_type_is(void **state)
{
	(void)state;
	assert_true(form_type_is("application/json", "application/json"));
	assert_true(form_type_is("APPLICATION/Json; charset=utf-8",
	    "application/json"));
	assert_true(form_type_is(" application/json ;", "application/json"));
	assert_true(form_type_is("application/json\t", "application/json"));
	assert_true(form_type_is("multipart/form-data;boundary=x",
	    "multipart/form-data"));
	assert_false(form_type_is(NULL, "application/json"));
	assert_false(form_type_is("", "application/json"));
	assert_false(form_type_is("application/jsonx", "application/json"));
	assert_false(form_type_is("application/jso", "application/json"));
	assert_false(form_type_is("text/application/json",
	    "application/json"));
	assert_false(form_type_is("application/ json", "application/json"));
	assert_false(form_type_is("application/x-www-form-urlencoded",
	    "multipart/form-data"));
}

/* Each allocation failing in turn: a clean error, never a half form. */
static void
t_alloc_failures(void **state)
{
	static const struct {
		const char *type;
		const char *body;
	} cases[] = {
		{ URLENC, "a=1&b=%C3%A9+x&c&d=4&e=5&f=6&g=7&h=8&i=9&j=10" },
		{ MP, mp_two },
	};

	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t n = strlen(cases[c].body);
		long total;
		struct form f;

		arena_release(&arena);
		arena_init(&arena, 64u << 20);
		mem_fail_after(0);
		assert_int_equal(form_parse(&arena, cases[c].type,
		    cases[c].body, n, &f, NULL), ERR_OK);
		total = mem_alloc_count();
		assert_true(total > 0);
		for (long k = 1; k <= total; k++) {
			enum err e;

			arena_release(&arena);
			arena_init(&arena, 64u << 20);
			mem_fail_after(k);
			e = form_parse(&arena, cases[c].type, cases[c].body, n,
			    &f, NULL);
			mem_fail_after(0);
			assert_int_equal(e, ERR_NOMEM);
		}
		mem_fail_after(0);
	}
	/* a full arena (its cap, not the heap) is a limit */
	{
		struct arena small;
		struct form f;
		char big[600];

		memset(big, 'x', sizeof big);
		memcpy(big, "a=", 2);
		big[sizeof big - 1] = '\0';
		arena_init(&small, 256);
		assert_int_equal(form_parse_urlencoded(&small, big, strlen(big),
		    &f, NULL), ERR_LIMIT);
		arena_release(&small);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_url_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(t_url_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_url_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(t_url_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(t_url_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(t_parse_types, setup, teardown),
		cmocka_unit_test_setup_teardown(t_mp_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(t_mp_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(t_mp_file, setup, teardown),
		cmocka_unit_test_setup_teardown(t_mp_text_utf8, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_mp_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_mp_header_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(t_header_param, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_type_is, setup, teardown),
		cmocka_unit_test_setup_teardown(t_alloc_failures, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
