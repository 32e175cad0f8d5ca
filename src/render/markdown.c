/*
 * markdown.c - md4c's parser with our own HTML writer (see markdown.h).
 *
 * md4c's bundled HTML renderer passes raw HTML and javascript: links
 * through, so it is not used. Every byte of text goes through html_escape.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <md4c.h>
#include "pressroom/html.h"
#include "pressroom/limits.h"
#include "pressroom/markdown.h"
#include "pressroom/mem.h"
#include "pressroom/banned.h"

#define SPAN_STACK 64
/*
 * md4c (0.4.8, Debian 12) was seen by fuzz_markdown to hand the text
 * callback a span ending past the document, nondeterministically. It
 * parses a copy followed by this many zero bytes, and text spans are cut
 * at the document's end.
 */
#define MD_PAD 64

struct md_out {
	struct buf *b;
	int plain;		/* markdown_plain: text only */
	int image;		/* > 0 inside an image: text goes to alt */
	int depth;		/* span nesting */
	unsigned char linked[SPAN_STACK];	/* did this <a> open? */
	int need_space;		/* plain: a block ended */
	uintptr_t doc, doc_end, pad_end;	/* the copy md4c parses */
};

static void
put(struct md_out *o, const char *s)
{
	if (!o->plain)
		buf_adds(o->b, s);
}

/* An attribute from md4c's pieces; false if it holds an entity or NUL. */
static int
attr_plain(const MD_ATTRIBUTE *at, struct buf *tmp)
{
	for (unsigned i = 0; at->substr_offsets[i] < at->size; i++) {
		MD_OFFSET off = at->substr_offsets[i];
		MD_SIZE len = at->substr_offsets[i + 1] - off;

		if (at->substr_types[i] != MD_TEXT_NORMAL)
			return 0;
		buf_add(tmp, at->text + off, len);
	}
	return tmp->err == ERR_OK;
}

static void
open_link(struct md_out *o, const MD_SPAN_A_DETAIL *a, int slot)
{
	struct buf href, title;

	buf_init(&href, 8192);
	buf_init(&title, 8192);
	if (slot >= 0)
		o->linked[slot] = 0;
	if (attr_plain(&a->href, &href) && html_url_ok(href.p, href.len) &&
	    attr_plain(&a->title, &title)) {
		buf_adds(o->b, "<a href=\"");
		html_escape(o->b, href.p, href.len);
		buf_adds(o->b, "\"");
		if (title.len > 0) {
			buf_adds(o->b, " title=\"");
			html_escape(o->b, title.p, title.len);
			buf_adds(o->b, "\"");
		}
		/* external links must not get our window.opener */
		if (strncmp(href.p, "http", 4) == 0)
			buf_adds(o->b, " rel=\"noopener noreferrer\"");
		buf_adds(o->b, ">");
		if (slot >= 0)
			o->linked[slot] = 1;
	}
	/* out of memory is no reason to drop a link: the render fails */
	if (href.err == ERR_NOMEM || title.err == ERR_NOMEM)
		buf_fail(o->b, ERR_NOMEM);
	buf_release(&href);
	buf_release(&title);
}

static void
open_image(struct md_out *o, const MD_SPAN_IMG_DETAIL *img, int slot)
{
	struct buf src;

	buf_init(&src, 8192);
	if (slot >= 0)
		o->linked[slot] = 0;
	if (attr_plain(&img->src, &src) && html_url_ok(src.p, src.len)) {
		buf_adds(o->b, "<img src=\"");
		html_escape(o->b, src.p, src.len);
		buf_adds(o->b, "\" alt=\"");
		if (slot >= 0)
			o->linked[slot] = 1;
	}
	if (src.err == ERR_NOMEM)
		buf_fail(o->b, ERR_NOMEM);
	buf_release(&src);
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_out *o = ud;
	char tag[8];

	if (o->plain) {
		if (type != MD_BLOCK_DOC && o->b->len > 0)
			o->need_space = 1;
		return 0;
	}
	switch (type) {
	case MD_BLOCK_DOC: break;
	case MD_BLOCK_QUOTE: put(o, "<blockquote>\n"); break;
	case MD_BLOCK_UL: put(o, "<ul>\n"); break;
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *ol = detail;

		if (ol->start != 1)
			buf_addf(o->b, "<ol start=\"%u\">\n", ol->start);
		else
			put(o, "<ol>\n");
		break;
	}
	case MD_BLOCK_LI: put(o, "<li>"); break;
	case MD_BLOCK_HR: put(o, "<hr>\n"); break;
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *h = detail;
		unsigned lvl = h->level + 1 > 6 ? 6 : h->level + 1;

		buf_addf(o->b, "<h%u>", lvl);
		break;
	}
	case MD_BLOCK_CODE: put(o, "<pre><code>"); break;
	case MD_BLOCK_HTML: put(o, "<pre>"); break;
	case MD_BLOCK_P: put(o, "<p>"); break;
	case MD_BLOCK_TABLE: put(o, "<table>\n"); break;
	case MD_BLOCK_THEAD: put(o, "<thead>\n"); break;
	case MD_BLOCK_TBODY: put(o, "<tbody>\n"); break;
	case MD_BLOCK_TR: put(o, "<tr>"); break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		const MD_BLOCK_TD_DETAIL *td = detail;
		const char *name = type == MD_BLOCK_TH ? "th" : "td";

		snprintf(tag, sizeof tag, "%s", name);
		if (td->align == MD_ALIGN_LEFT)
			buf_addf(o->b, "<%s style=\"text-align:left\">", tag);
		else if (td->align == MD_ALIGN_CENTER)
			buf_addf(o->b, "<%s style=\"text-align:center\">", tag);
		else if (td->align == MD_ALIGN_RIGHT)
			buf_addf(o->b, "<%s style=\"text-align:right\">", tag);
		else
			buf_addf(o->b, "<%s>", tag);
		break;
	}
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_out *o = ud;

	if (o->plain)
		return 0;
	switch (type) {
	case MD_BLOCK_DOC: break;
	case MD_BLOCK_QUOTE: put(o, "</blockquote>\n"); break;
	case MD_BLOCK_UL: put(o, "</ul>\n"); break;
	case MD_BLOCK_OL: put(o, "</ol>\n"); break;
	case MD_BLOCK_LI: put(o, "</li>\n"); break;
	case MD_BLOCK_HR: break;
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *h = detail;
		unsigned lvl = h->level + 1 > 6 ? 6 : h->level + 1;

		buf_addf(o->b, "</h%u>\n", lvl);
		break;
	}
	case MD_BLOCK_CODE: put(o, "</code></pre>\n"); break;
	case MD_BLOCK_HTML: put(o, "</pre>\n"); break;
	case MD_BLOCK_P: put(o, "</p>\n"); break;
	case MD_BLOCK_TABLE: put(o, "</table>\n"); break;
	case MD_BLOCK_THEAD: put(o, "</thead>\n"); break;
	case MD_BLOCK_TBODY: put(o, "</tbody>\n"); break;
	case MD_BLOCK_TR: put(o, "</tr>\n"); break;
	case MD_BLOCK_TH: put(o, "</th>"); break;
	case MD_BLOCK_TD: put(o, "</td>"); break;
	}
	return 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_out *o = ud;
	int slot = o->depth < SPAN_STACK ? o->depth : -1;

	o->depth++;
	if (o->plain)
		return 0;
	if (o->image > 0) {
		if (type == MD_SPAN_IMG)
			o->image++;
		return 0;	/* alt text is text only */
	}
	switch (type) {
	case MD_SPAN_EM: put(o, "<em>"); break;
	case MD_SPAN_STRONG: put(o, "<strong>"); break;
	case MD_SPAN_CODE: put(o, "<code>"); break;
	case MD_SPAN_DEL: put(o, "<del>"); break;
	case MD_SPAN_U: put(o, "<u>"); break;
	case MD_SPAN_A: open_link(o, detail, slot); break;
	case MD_SPAN_IMG:
		open_image(o, detail, slot);
		o->image = 1;
		break;
	default: break;
	}
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_out *o = ud;
	int slot;

	(void)detail;
	o->depth--;
	slot = o->depth < SPAN_STACK ? o->depth : -1;
	if (o->plain)
		return 0;
	if (o->image > 0) {
		if (type != MD_SPAN_IMG)
			return 0;
		if (--o->image > 0)
			return 0;
		if (slot >= 0 && o->linked[slot])
			put(o, "\">");
		return 0;
	}
	switch (type) {
	case MD_SPAN_EM: put(o, "</em>"); break;
	case MD_SPAN_STRONG: put(o, "</strong>"); break;
	case MD_SPAN_CODE: put(o, "</code>"); break;
	case MD_SPAN_DEL: put(o, "</del>"); break;
	case MD_SPAN_U: put(o, "</u>"); break;
	case MD_SPAN_A:
		if (slot >= 0 && o->linked[slot])
			put(o, "</a>");
		break;
	default: break;
	}
	return 0;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct md_out *o = ud;
	uintptr_t at = (uintptr_t)s;

	/* nothing of the padding, whatever md4c says */
	if (at >= o->doc && at < o->pad_end && at + n > o->doc_end)
		n = at < o->doc_end ? (MD_SIZE)(o->doc_end - at) : 0;

	if (o->plain) {
		if (o->need_space && type != MD_TEXT_SOFTBR &&
		    type != MD_TEXT_BR) {
			buf_addc(o->b, ' ');
			o->need_space = 0;
		}
		switch (type) {
		case MD_TEXT_NULLCHAR: buf_adds(o->b, "\xEF\xBF\xBD"); break;
		case MD_TEXT_BR:
		case MD_TEXT_SOFTBR: o->need_space = 1; break;
		default: buf_add(o->b, s, n); break;
		}
		return 0;
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_adds(o->b, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
		buf_adds(o->b, o->image > 0 ? " " : "<br>\n");
		break;
	case MD_TEXT_SOFTBR:
		buf_adds(o->b, o->image > 0 ? " " : "\n");
		break;
	case MD_TEXT_ENTITY:
		/* md4c hands over only well-formed references (&amp; &#123;) */
		buf_add(o->b, s, n);
		break;
	default:
		html_escape(o->b, s, n);
		break;
	}
	return 0;
}

static enum err
run(struct buf *out, const char *md, size_t n, int plain)
{
	struct md_out o = { .b = out, .plain = plain };
	MD_PARSER p = {
		.abi_version = 0,
		.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES |
		    MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS |
		    MD_FLAG_PERMISSIVEEMAILAUTOLINKS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};

	char *copy;
	enum err e;

	if (n > (size_t)UINT32_MAX - MD_PAD)
		return ERR_LIMIT;
	if ((copy = mem_alloc(n + MD_PAD)) == NULL)
		return ERR_NOMEM;
	if (n > 0)
		memcpy(copy, md, n);
	memset(copy + n, 0, MD_PAD);
	o.doc = (uintptr_t)copy;
	o.doc_end = o.doc + n;
	o.pad_end = o.doc_end + MD_PAD;
	if (md_parse(copy, (MD_SIZE)n, &p, &o) != 0)
		e = out->err != ERR_OK ? out->err : ERR_INVAL;
	else
		e = out->err;
	mem_free(copy);
	return e;
}

enum err
markdown_render(struct buf *out, const char *md, size_t n)
{
	return run(out, md, n, 0);
}

enum err
markdown_plain(struct buf *out, const char *md, size_t n)
{
	return run(out, md, n, 1);
}
