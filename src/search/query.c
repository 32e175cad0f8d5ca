/*
 * query.c - the search box's text parsed into a struct search_query, and
 * written back in normalised form.
 *
 * Never fails on input: bytes that are not UTF-8 and control characters
 * separate terms, what does not fit the limits is dropped, a term without
 * a word in it is skipped. Does not write FTS5 expressions (compile.c).
 */
#include <string.h>
#include "pressroom/analyze.h"
#include "pressroom/limits.h"
#include "pressroom/search.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

struct parser {
	struct arena *a;
	struct search_query *q;
	char *s;		/* the cleaned text, NUL-terminated */
	size_t n, i;
	size_t cap_groups, cap_excluded;
	size_t nterms;
	bool or_next;		/* "OR" seen: the next term joins the group */
	bool not_next;		/* "NOT" seen: the next term is excluded */
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Opening and closing quotes: " and the typographic ones. */
static size_t
quote_len(const char *s, size_t n)
{
	static const char *const quotes[] = {
		"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E",
		"\xC2\xAB", "\xC2\xBB",
	};

	for (size_t k = 0; k < sizeof quotes / sizeof quotes[0]; k++) {
		size_t l = strlen(quotes[k]);

		if (l <= n && memcmp(s, quotes[k], l) == 0)
			return l;
	}
	return 0;
}

/*
 * The input cut to the byte limit at a code point, with invalid bytes and
 * control characters (C0, DEL, C1) made spaces.
 */
static char *
clean(struct arena *a, const char *text, size_t n, size_t *outn, bool *cut)
{
	char *out;
	size_t i = 0, len = 0;

	if (n > LIMIT_SEARCH_QUERY_BYTES) {
		n = LIMIT_SEARCH_QUERY_BYTES;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		*cut = true;
	}
	if ((out = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	while (i < n) {
		size_t at = i;
		uint32_t cp = utf8_next(text, n, &i);

		if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0)) {
			out[len++] = ' ';
			continue;
		}
		memcpy(out + len, text + at, i - at);
		len += i - at;
	}
	out[len] = '\0';
	*outn = len;
	return out;
}

static bool
add_term(struct parser *p, enum search_term_kind kind, const char *text,
    size_t n, bool neg)
{
	struct search_query *q = p->q;
	struct search_term *t;
	bool join = p->or_next && !neg && !p->not_next && q->ngroups > 0;

	neg = neg || p->not_next;
	p->or_next = false;
	p->not_next = false;
	if (!analyze_has_word(text, n))
		return true;	/* nothing to look for: skipped */
	if (p->nterms == LIMIT_SEARCH_TERMS) {
		q->cut = true;
		return true;
	}
	if (neg) {
		t = arena_push(p->a, (void **)&q->excluded, &q->nexcluded,
		    &p->cap_excluded, sizeof *t);
		if (t == NULL)
			return false;
		q->nexcluded++;
	} else {
		struct search_group *g;
		size_t cap;

		if (!join) {
			g = arena_push(p->a, (void **)&q->groups, &q->ngroups,
			    &p->cap_groups, sizeof *g);
			if (g == NULL)
				return false;
			q->ngroups++;
		}
		g = &q->groups[q->ngroups - 1];
		cap = g->nterms;	/* grows by one each time */
		t = arena_push(p->a, (void **)&g->terms, &g->nterms, &cap,
		    sizeof *t);
		if (t == NULL)
			return false;
		g->nterms++;
	}
	t->kind = kind;
	t->text = arena_strndup(p->a, text, n);
	if (t->text == NULL)
		return false;
	p->nterms++;
	return true;
}

/* Code points of the last space-separated word of s[0..n). */
static size_t
last_word_chars(const char *s, size_t n)
{
	size_t from = n, i, count = 0;

	while (from > 0 && !is_space(s[from - 1]))
		from--;
	for (i = from; i < n; ) {
		utf8_next(s, n, &i);
		count++;
	}
	return count;
}

/* A "phrase", from after its opening quote; the closing one is optional. */
static bool
take_phrase(struct parser *p, bool neg)
{
	size_t from = p->i, end, ql = 0;
	enum search_term_kind kind = SEARCH_PHRASE;
	bool stars = false;

	while (p->i < p->n && (ql = quote_len(p->s + p->i, p->n - p->i)) == 0)
		p->i++;
	end = p->i;
	if (p->i < p->n)
		p->i += ql;
	/* "abc"* and "abc*" are prefixes; the stars are no text */
	while (p->i < p->n && p->s[p->i] == '*') {
		p->i++;
		stars = true;
	}
	for (;;) {
		while (end > from && is_space(p->s[end - 1]))
			end--;
		if (end == from || p->s[end - 1] != '*')
			break;
		end--;
		stars = true;
	}
	while (from < end && is_space(p->s[from]))
		from++;
	if (stars && last_word_chars(p->s + from, end - from) >=
	    LIMIT_SEARCH_PREFIX_CHARS)
		kind = SEARCH_PREFIX;
	return add_term(p, kind, p->s + from, end - from, neg);
}

/* A bare word: up to a space or a quote. */
static bool
take_word(struct parser *p, bool neg)
{
	size_t from = p->i, end, stars = 0;
	enum search_term_kind kind = SEARCH_WORD;

	while (p->i < p->n && !is_space(p->s[p->i]) &&
	    quote_len(p->s + p->i, p->n - p->i) == 0)
		p->i++;
	end = p->i;
	if (!neg && end - from == 2 && memcmp(p->s + from, "OR", 2) == 0) {
		p->or_next = p->q->ngroups > 0;
		return true;
	}
	if (!neg && end - from == 3 && memcmp(p->s + from, "AND", 3) == 0)
		return true;
	if (!neg && end - from == 3 && memcmp(p->s + from, "NOT", 3) == 0) {
		p->not_next = true;
		p->or_next = false;
		return true;
	}
	while (end > from && p->s[end - 1] == '*') {
		end--;
		stars++;
	}
	if (stars > 0 && last_word_chars(p->s + from, end - from) >=
	    LIMIT_SEARCH_PREFIX_CHARS)
		kind = SEARCH_PREFIX;
	return add_term(p, kind, p->s + from, end - from, neg);
}

enum err
search_parse(struct arena *a, const char *text, size_t n,
    struct search_query **out)
{
	struct parser p = { .a = a };
	bool neg;
	size_t ql;

	if ((p.q = arena_calloc(a, 1, sizeof *p.q)) == NULL ||
	    (p.s = clean(a, text != NULL ? text : "", text != NULL ? n : 0,
	    &p.n, &p.q->cut)) == NULL)
		return a->err;
	while (p.i < p.n) {
		if (is_space(p.s[p.i])) {
			p.i++;
			continue;
		}
		neg = false;
		if (p.s[p.i] == '-' && p.i + 1 < p.n &&
		    !is_space(p.s[p.i + 1])) {
			neg = true;
			p.i++;
		}
		if ((ql = quote_len(p.s + p.i, p.n - p.i)) > 0) {
			p.i += ql;
			if (!take_phrase(&p, neg))
				return a->err;
		} else if (!take_word(&p, neg)) {
			return a->err;
		}
	}
	*out = p.q;
	return ERR_OK;
}

bool
search_query_empty(const struct search_query *q)
{
	return q == NULL || q->ngroups == 0;
}

static void
format_term(struct buf *b, const struct search_term *t)
{
	/* a term is written bare only when it would read back the same */
	bool quoted = t->kind == SEARCH_PHRASE ||
	    (t->kind == SEARCH_PREFIX && (strchr(t->text, ' ') != NULL ||
	    t->text[0] == '-')) ||
	    (t->kind == SEARCH_WORD && (strcmp(t->text, "OR") == 0 ||
	    strcmp(t->text, "AND") == 0 || strcmp(t->text, "NOT") == 0));

	if (quoted)
		buf_addc(b, '"');
	buf_adds(b, t->text);
	if (quoted)
		buf_addc(b, '"');
	if (t->kind == SEARCH_PREFIX)
		buf_addc(b, '*');
}

void
search_query_format(struct buf *b, const struct search_query *q)
{
	bool first = true;

	for (size_t g = 0; g < q->ngroups; g++)
		for (size_t k = 0; k < q->groups[g].nterms; k++) {
			if (!first)
				buf_adds(b, k > 0 ? " OR " : " ");
			first = false;
			format_term(b, &q->groups[g].terms[k]);
		}
	for (size_t k = 0; k < q->nexcluded; k++) {
		if (!first)
			buf_addc(b, ' ');
		first = false;
		buf_addc(b, '-');
		format_term(b, &q->excluded[k]);
	}
}
