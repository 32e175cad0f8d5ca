/*
 * html.c - HTML escaping (the choke point) and the URL scheme allow-list.
 *
 * Does not parse or sanitise HTML: pressroom never accepts raw HTML input;
 * markup is made only by our own writers.
 */
#include <string.h>
#include "pressroom/html.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

void
html_escape(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;

		/* the common cases in one step: a well-formed two-byte
		 * sequence (Cyrillic, Arabic, accented Latin), plain ASCII */
		if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' &&
		    c != '>' && c != '"' && c != '\'') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t at = i;

			if (utf8_next(s, n, &i) == UTF8_INVALID) {
				buf_add(b, s + run, at - run);
				buf_adds(b, "\xEF\xBF\xBD");
				run = i;
			}
			continue;
		}
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case 0: rep = "\xEF\xBF\xBD"; break;
		case '\t': case '\n': case '\r': break;
		default:
			if (c < 0x20 || c == 0x7f)
				rep = "";
		}
		if (rep != NULL) {
			buf_add(b, s + run, i - run);
			buf_adds(b, rep);
			run = i + 1;
		}
		i++;
	}
	buf_add(b, s + run, n - run);
}

void
html_escapes(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

void
html_add(struct buf *b, struct html h)
{
	buf_add(b, h.p, h.len);
}

static bool
scheme_is(const char *s, size_t n, const char *scheme)
{
	size_t k = strlen(scheme);

	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != scheme[i])
			return false;
	}
	return true;
}

bool
html_url_ok(const char *url, size_t n)
{
	size_t i;

	/* browsers strip leading spaces/controls and tabs/newlines inside */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7f)
			return false;
	}
	for (i = 0; i < n; i++) {
		char c = url[i];

		if (c == ':')
			break;
		if (c == '/' || c == '?' || c == '#')
			return true;	/* relative: no scheme before these */
	}
	if (i == n)
		return true;
	return scheme_is(url, i, "http") || scheme_is(url, i, "https") ||
	    scheme_is(url, i, "mailto");
}
