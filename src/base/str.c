/*
 * str.c - borrowed slices: comparison, trimming, splitting, integers.
 *
 * Does not allocate and does not assume NUL termination.
 */
#include <string.h>
#include "pressroom/str.h"
#include "pressroom/banned.h"

struct str
str_from(const char *s)
{
	if (s == NULL)
		return (struct str){ "", 0 };
	return (struct str){ s, strlen(s) };
}

struct str
str_make(const char *p, size_t len)
{
	return (struct str){ p, len };
}

bool
str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool
str_eq_cstr(struct str a, const char *s)
{
	return str_eq(a, str_from(s));
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool
str_caseeq_cstr(struct str a, const char *s)
{
	size_t n = strlen(s), i;

	if (n != a.len)
		return false;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a.p[i]) !=
		    ascii_lower((unsigned char)s[i]))
			return false;
	return true;
}

bool
str_starts_with(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);

	/* n == 0 first: the empty slice may have p == NULL (as in str_eq) */
	return s.len >= n && (n == 0 || memcmp(s.p, prefix, n) == 0);
}

bool
str_ends_with(struct str s, const char *suffix)
{
	size_t n = strlen(suffix);

	return s.len >= n &&
	    (n == 0 || memcmp(s.p + s.len - n, suffix, n) == 0);
}

size_t
str_find_char(struct str s, char c)
{
	const char *p = s.len > 0 ? memchr(s.p, c, s.len) : NULL;

	return p == NULL ? s.len : (size_t)(p - s.p);
}

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

struct str
str_trim(struct str s)
{
	while (s.len > 0 && is_space((unsigned char)s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && is_space((unsigned char)s.p[s.len - 1]))
		s.len--;
	return s;
}

bool
str_take_until(struct str *s, char c, struct str *out)
{
	size_t i;

	if (s->len == 0)
		return false;
	i = str_find_char(*s, c);
	*out = (struct str){ s->p, i };
	if (i < s->len)
		i++;
	s->p += i;
	s->len -= i;
	return true;
}

bool
str_take_line(struct str *s, struct str *out)
{
	if (!str_take_until(s, '\n', out))
		return false;
	if (out->len > 0 && out->p[out->len - 1] == '\r')
		out->len--;
	return true;
}

enum err
str_to_i64(struct str s, int64_t min, int64_t max, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, lim;
	size_t i = 0;

	if (s.len == 0)
		return ERR_INVAL;
	if (s.p[0] == '-') {
		neg = true;
		i = 1;
		if (s.len == 1)
			return ERR_INVAL;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c < '0' || c > '9')
			return ERR_INVAL;
		if (v > (lim - (c - '0')) / 10)
			return ERR_LIMIT;
		v = v * 10 + (c - '0');
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;

		if (r < min || r > max)
			return ERR_LIMIT;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return ERR_LIMIT;
		*out = (int64_t)v;
	}
	return ERR_OK;
}
