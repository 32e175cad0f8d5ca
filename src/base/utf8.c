/*
 * utf8.c - strict UTF-8 (RFC 3629) validation, decoding and encoding.
 *
 * Does not classify or normalise code points; that is utf8proc's job.
 */
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

uint32_t
utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i, len;
	uint32_t cp, min;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	} else if ((p[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = p[0] & 0x1F;
		min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = p[0] & 0x0F;
		min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if (left < len)
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			goto bad;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		goto bad;
	*i += len;
	return cp;
bad:
	*i += 1;
	return UTF8_INVALID;
}

bool
utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, at;

	while (i < n) {
		/* fast path for ASCII runs */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		at = i;
		if (utf8_next(s, n, &i) == UTF8_INVALID) {
			if (bad != NULL)
				*bad = at;
			return false;
		}
	}
	return true;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

size_t
utf8_length(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		utf8_next(s, n, &i);
		count++;
	}
	return count;
}
