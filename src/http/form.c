/*
 * form.c - HTML form bodies (urlencoded and multipart/form-data), Cookie
 * headers and header parameters.
 *
 * Everything is bounded by the input and LIMIT_FORM_*; nothing is read
 * past len, and a body that does not parse is refused whole. A part's
 * headers must be UTF-8 without control characters and hold at most one
 * Content-Disposition and one Content-Type, so that no CR reaches a file
 * name or a type and no two readers can see different names; a file name
 * keeps only its last path component (Windows paths included, "." and
 * ".." give ""). Does not know what fields mean and does not decide what
 * a file is (attachments sniff the bytes themselves).
 */
#include <string.h>
#include <strings.h>
#include "pressroom/form.h"
#include "pressroom/str.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent- and plus-decodes p[0..n) into a; NULL on a bad escape (*e is
 * ERR_INVAL, *why says which) or when the arena fails (*e is its error).
 */
static char *
url_decode(struct arena *a, const char *p, size_t n, size_t *outlen,
    const char **why, enum err *e)
{
	char *o = arena_alloc(a, n + 1);
	size_t k = 0;

	if (o == NULL) {
		*e = a->err != ERR_OK ? a->err : ERR_NOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+') {
			o[k++] = ' ';
		} else if (p[i] == '%') {
			int hi, lo;

			if (i + 2 >= n) {
				*why = "a '%' escape is cut short";
				*e = ERR_INVAL;
				return NULL;
			}
			hi = hexval(p[i + 1]);
			lo = hexval(p[i + 2]);
			if (hi < 0 || lo < 0) {
				*why = "a '%' escape is not two hex digits";
				*e = ERR_INVAL;
				return NULL;
			}
			o[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			o[k++] = p[i];
		}
	}
	o[k] = '\0';
	*outlen = k;
	return o;
}

static struct form_field *
push_field(struct arena *a, struct form *f, size_t *cap, const char **why,
    enum err *e)
{
	struct form_field *x;

	if (f->n >= LIMIT_FORM_FIELDS) {
		*why = "too many fields";
		*e = ERR_LIMIT;
		return NULL;
	}
	x = arena_push(a, (void **)&f->fields, &f->n, cap, sizeof *x);
	if (x == NULL) {
		*e = a->err != ERR_OK ? a->err : ERR_NOMEM;
		return NULL;
	}
	f->n++;
	return x;
}

/* A decoded name must be UTF-8 without control characters. */
static bool
name_ok(const char *s, size_t n)
{
	if (n == 0 || n > LIMIT_FORM_NAME_BYTES || !utf8_valid(s, n, NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

enum err
form_parse_urlencoded(struct arena *a, const char *s, size_t len,
    struct form *out, const char **why)
{
	struct form f = { 0 };
	size_t cap = 0, i = 0;
	enum err e = ERR_OK;
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	while (i < len) {
		size_t end = i, eq, nl, vl;
		struct form_field *x;
		char *name, *value;

		while (end < len && s[end] != '&')
			end++;
		if (end == i) {		/* "a=1&&b=2": an empty pair */
			i = end + 1;
			continue;
		}
		for (eq = i; eq < end && s[eq] != '='; eq++)
			;
		name = url_decode(a, s + i, eq - i, &nl, why, &e);
		if (name == NULL)
			goto out;
		value = eq < end ? url_decode(a, s + eq + 1, end - eq - 1, &vl,
		    why, &e) : url_decode(a, "", 0, &vl, why, &e);
		if (value == NULL)
			goto out;
		if (!name_ok(name, nl)) {
			*why = "a field name is empty, too long or not text";
			e = ERR_INVAL;
			goto out;
		}
		if (!utf8_valid(value, vl, NULL) || strlen(value) != vl) {
			*why = "a field value is not UTF-8 text";
			e = ERR_INVAL;
			goto out;
		}
		if ((x = push_field(a, &f, &cap, why, &e)) == NULL)
			goto out;
		x->name = name;
		x->value = value;
		x->len = vl;
		i = end + 1;
	}
	*out = f;
out:
	return e;
}

/* First occurrence of needle (m bytes) in hay[0..n), or n. */
static size_t
find(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || m > n)
		return n;
	for (size_t i = 0; i + m <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
			return i;
	return n;
}

static bool
is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/*
 * Walks the ";"-separated parameters after the first token, skipping
 * malformed ones; a quoted value is unquoted (only \" and \\ escape) and
 * an unterminated quote ends the search.
 */
const char *
form_header_param(struct arena *a, const char *value, const char *param)
{
	struct str s = str_from(value);
	size_t pl = strlen(param);

	while (s.len > 0) {
		size_t semi = str_find_char(s, ';'), i;
		struct str name, v;

		if (semi == s.len)
			return NULL;
		s.p += semi + 1;
		s.len -= semi + 1;
		while (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
			s.p++;
			s.len--;
		}
		for (i = 0; i < s.len && is_tchar(s.p[i]); i++)
			;
		name = str_make(s.p, i);
		if (i >= s.len || s.p[i] != '=')
			continue;
		s.p += i + 1;
		s.len -= i + 1;
		if (s.len > 0 && s.p[0] == '"') {
			char *o = arena_alloc(a, s.len + 1);
			size_t k = 0, j = 1;

			if (o == NULL)
				return NULL;
			/* only \" and \\ are escapes: browsers send a
			 * Windows path's backslashes as they are */
			for (; j < s.len && s.p[j] != '"'; j++) {
				if (s.p[j] == '\\' && j + 1 < s.len &&
				    (s.p[j + 1] == '"' || s.p[j + 1] == '\\'))
					j++;
				o[k++] = s.p[j];
			}
			if (j >= s.len)
				return NULL;	/* unterminated quote */
			o[k] = '\0';
			s.p += j + 1;
			s.len -= j + 1;
			if (name.len == pl && strncasecmp(name.p, param, pl) ==
			    0)
				return o;
			continue;
		}
		for (i = 0; i < s.len && s.p[i] != ';' && s.p[i] != ' ' &&
		    s.p[i] != '\t'; i++)
			;
		v = str_make(s.p, i);
		if (name.len == pl && strncasecmp(name.p, param, pl) == 0)
			return arena_strndup(a, v.p, v.len);
		s.p += i;
		s.len -= i;
	}
	return NULL;
}

bool
form_type_is(const char *content_type, const char *t)
{
	struct str s;
	size_t n;

	if (content_type == NULL)
		return false;
	s = str_from(content_type);
	n = str_find_char(s, ';');
	s = str_trim(str_make(s.p, n));
	return s.len == strlen(t) && strncasecmp(s.p, t, s.len) == 0;
}

/*
 * The last path component of a client's file name ("C:\x\a.pdf" gives
 * "a.pdf"); "" for one that names no file ("dir/", ".", "..").
 */
static const char *
base_name(const char *s)
{
	const char *b = s;

	for (const char *p = s; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	if (strcmp(b, ".") == 0 || strcmp(b, "..") == 0)
		return "";
	return b;
}

/* A part's header line: UTF-8 without control characters (tab aside), so
 * that no CR or NUL reaches a name, a file name or a type. */
static bool
header_line_ok(struct str line)
{
	if (!utf8_valid(line.p, line.len, NULL))
		return false;
	for (size_t i = 0; i < line.len; i++) {
		unsigned char c = (unsigned char)line.p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

/* Reads one part's headers (p[0..n), without the blank line). */
static enum err
part_headers(struct arena *a, const char *p, size_t n,
    struct form_field *x, const char **why)
{
	struct str s = str_make(p, n), line;
	bool have_name = false;

	while (str_take_line(&s, &line)) {
		size_t colon = str_find_char(line, ':');
		struct str hname, hval;
		char *v;

		if (!header_line_ok(line)) {
			*why = "a part header is not UTF-8 text, or holds "
			    "control characters";
			return ERR_INVAL;
		}
		if (colon == line.len) {
			*why = "a part header has no ':'";
			return ERR_INVAL;
		}
		hname = str_trim(str_make(line.p, colon));
		hval = str_trim(str_make(line.p + colon + 1,
		    line.len - colon - 1));
		v = arena_strndup(a, hval.p, hval.len);
		if (v == NULL)
			return a->err != ERR_OK ? a->err : ERR_NOMEM;
		if (str_caseeq_cstr(hname, "Content-Disposition")) {
			const char *name, *fn;

			if (have_name) {
				/* which name would it be? */
				*why = "a part has two Content-Dispositions";
				return ERR_INVAL;
			}
			if (!form_type_is(v, "form-data")) {
				*why = "a part is not form-data";
				return ERR_INVAL;
			}
			name = form_header_param(a, v, "name");
			fn = form_header_param(a, v, "filename");
			if ((name == NULL || fn == NULL) && a->err != ERR_OK)
				return a->err;
			if (name == NULL || !name_ok(name, strlen(name))) {
				*why = "a part has no usable name";
				return ERR_INVAL;
			}
			x->name = name;
			x->filename = fn != NULL ? base_name(fn) : NULL;
			have_name = true;
		} else if (str_caseeq_cstr(hname, "Content-Type")) {
			if (x->type != NULL) {
				*why = "a part has two Content-Types";
				return ERR_INVAL;
			}
			x->type = v;
		}
	}
	if (!have_name) {
		*why = "a part has no Content-Disposition";
		return ERR_INVAL;
	}
	return ERR_OK;
}

static enum err
parse_multipart(struct arena *a, const char *boundary, const char *body,
    size_t len, struct form *out, const char **why)
{
	struct form f = { 0 };
	size_t cap = 0, bl = strlen(boundary), i, dl;
	char delim[80];
	enum err e = ERR_OK;

	if (bl == 0 || bl > 70) {
		*why = "the multipart boundary is missing or too long";
		return ERR_INVAL;
	}
	/* "--boundary" first, then "\r\n--boundary" between parts */
	delim[0] = '\r';
	delim[1] = '\n';
	delim[2] = '-';
	delim[3] = '-';
	memcpy(delim + 4, boundary, bl);
	dl = bl + 4;
	if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0) {
		*why = "the body does not start with the boundary";
		return ERR_INVAL;
	}
	i = dl - 2;
	for (;;) {
		size_t hend, cend;
		struct form_field *x;
		char *v;

		/* after a delimiter: "--" ends, "\r\n" starts a part */
		if (i + 2 <= len && body[i] == '-' && body[i + 1] == '-')
			break;
		if (i + 2 > len || body[i] != '\r' || body[i + 1] != '\n') {
			*why = "a boundary is not followed by a line end";
			e = ERR_INVAL;
			goto out;
		}
		i += 2;
		hend = find(body + i, len - i, "\r\n\r\n", 4);
		if (hend == len - i) {
			/* a part with no headers at all starts with \r\n */
			*why = "a part's headers do not end";
			e = ERR_INVAL;
			goto out;
		}
		if (hend > LIMIT_FORM_PART_HEADER_BYTES) {
			*why = "a part's headers are too long";
			e = ERR_LIMIT;
			goto out;
		}
		if ((x = push_field(a, &f, &cap, why, &e)) == NULL)
			goto out;
		if ((e = part_headers(a, body + i, hend, x, why)) != ERR_OK)
			goto out;
		i += hend + 4;
		cend = find(body + i, len - i, delim, dl);
		if (cend == len - i) {
			*why = "the last part is not closed by the boundary";
			e = ERR_INVAL;
			goto out;
		}
		v = arena_alloc(a, cend + 1);
		if (v == NULL) {
			e = a->err != ERR_OK ? a->err : ERR_NOMEM;
			goto out;
		}
		memcpy(v, body + i, cend);
		v[cend] = '\0';
		if (x->filename == NULL && (!utf8_valid(v, cend, NULL) ||
		    memchr(v, '\0', cend) != NULL)) {
			*why = "a field value is not UTF-8 text";
			e = ERR_INVAL;
			goto out;
		}
		x->value = v;
		x->len = cend;
		i += cend + dl;
	}
	*out = f;
out:
	return e;
}

enum err
form_parse(struct arena *a, const char *content_type, const char *body,
    size_t len, struct form *out, const char **why)
{
	const char *dummy, *boundary;

	if (why == NULL)
		why = &dummy;
	if (body == NULL) {
		body = "";
		len = 0;
	}
	if (form_type_is(content_type, "application/x-www-form-urlencoded"))
		return form_parse_urlencoded(a, body, len, out, why);
	if (form_type_is(content_type, "multipart/form-data")) {
		boundary = form_header_param(a, content_type, "boundary");
		if (boundary == NULL) {
			if (a->err != ERR_OK)
				return a->err;
			*why = "multipart/form-data without a boundary";
			return ERR_INVAL;
		}
		return parse_multipart(a, boundary, body, len, out, why);
	}
	*why = "expected a form (application/x-www-form-urlencoded or "
	    "multipart/form-data)";
	return ERR_INVAL;
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->fields[i].filename == NULL &&
		    strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

const char *
form_cookie(struct arena *a, const char *header, const char *name)
{
	struct str s = str_from(header), pair;
	size_t nl = strlen(name);

	if (header == NULL)
		return NULL;
	while (str_take_until(&s, ';', &pair)) {
		size_t eq;
		struct str n, v;

		pair = str_trim(pair);
		eq = str_find_char(pair, '=');
		if (eq == pair.len)
			continue;
		n = str_trim(str_make(pair.p, eq));
		v = str_trim(str_make(pair.p + eq + 1, pair.len - eq - 1));
		if (n.len != nl || memcmp(n.p, name, nl) != 0)
			continue;
		if (v.len >= 2 && v.p[0] == '"' && v.p[v.len - 1] == '"') {
			v.p++;
			v.len -= 2;
		}
		for (size_t i = 0; i < v.len; i++) {
			unsigned char c = (unsigned char)v.p[i];

			/* RFC 6265 cookie-octet */
			if (c < 0x21 || c > 0x7e || c == '"' || c == ',' ||
			    c == ';' || c == '\\')
				return NULL;
		}
		return arena_strndup(a, v.p, v.len);
	}
	return NULL;
}
