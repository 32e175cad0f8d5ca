/*
 * markdown.h - Markdown (CommonMark + tables and strikethrough) to HTML.
 *
 * Parsing is md4c's; writing is ours, through html.h's escaping: raw HTML in
 * the source is shown as text, never passed through; links and images keep
 * only relative, http, https and mailto URLs (others render as plain text);
 * headings are demoted by one level (an article's title is its only h1).
 * Does not sanitise HTML, because it never lets any in.
 */
#ifndef PRESSROOM_MARKDOWN_H
#define PRESSROOM_MARKDOWN_H

#include <stddef.h>
#include "pressroom/buf.h"
#include "pressroom/err.h"

/*
 * Appends the HTML for md[0..n) to out. ERR_NOMEM/ERR_LIMIT from out,
 * ERR_INVAL if md4c gives up (it does not on any input we know of).
 */
enum err markdown_render(struct buf *out, const char *md, size_t n);

/*
 * Appends the plain text of md[0..n) (markup dropped, paragraphs separated
 * by one space) to out, escaped nowhere: for feeds' summaries, meta
 * descriptions and search snippets, which escape it themselves.
 */
enum err markdown_plain(struct buf *out, const char *md, size_t n);

#endif
