/*
 * html.h - the one escaping choke point for HTML output, and the type of
 * markup that is safe to emit as it is.
 *
 * struct html is trusted markup. Only the Markdown renderer, the template
 * engine and the HTML writers in src/render can make one (through
 * src/render/html_internal.h); everything else can only escape text. So
 * emitting unescaped text by mistake is a type error, not a review comment.
 */
#ifndef PRESSROOM_HTML_H
#define PRESSROOM_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/buf.h"

struct html {
	const char *p;	/* borrowed; NUL-terminated */
	size_t len;
};

/*
 * Appends s[0..n) with & < > " ' escaped, so the result is safe both as
 * element text and inside a quoted attribute value. Invalid UTF-8 and NUL
 * become U+FFFD, other C0 controls except tab/newline/CR are dropped.
 */
void html_escape(struct buf *b, const char *s, size_t n);

/* Same for a NUL-terminated string. */
void html_escapes(struct buf *b, const char *s);

/* Appends trusted markup as it is. */
void html_add(struct buf *b, struct html h);

/*
 * True if url may be used in href/src: a relative reference (no scheme), or
 * the scheme is http, https or mailto (ASCII case-insensitive; leading
 * whitespace and control characters count against it, as browsers strip
 * them). javascript:, data:, vbscript: and everything else are refused.
 */
bool html_url_ok(const char *url, size_t n);

#endif
