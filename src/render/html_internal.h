/*
 * html_internal.h - the only way to declare bytes trusted markup.
 *
 * Private to src/render: the Markdown renderer, the template engine and the
 * page writers include it. Nothing outside src/render may, so nothing else
 * can turn text into struct html (tools/lint-layers checks).
 */
#ifndef PRESSROOM_RENDER_HTML_INTERNAL_H
#define PRESSROOM_RENDER_HTML_INTERNAL_H

#include "pressroom/html.h"

/* Declares p[0..len) (NUL-terminated, borrowed) to be safe markup. */
static inline struct html
html_trust(const char *p, size_t len)
{
	return (struct html){ p, len };
}

#endif
