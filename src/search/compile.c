/*
 * compile.c - a struct search_query written as FTS5 expressions: every
 * term a quoted FTS5 string behind a locale marker, one branch per
 * language.
 *
 * The index's tokens carry their language ("en:negoti"), so the branch
 * for a language only meets that language's passages, and the branches
 * together search them all. What the user typed only ever lands inside a
 * quoted string (quotes doubled, though the parser leaves none), so it
 * cannot be FTS5 syntax. Does not parse (query.c) or run anything.
 */
#include <string.h>
#include "pressroom/analyze.h"
#include "pressroom/search.h"
#include "pressroom/banned.h"

#define COMPILED_MAX (1u << 20)

/* One term: "\x01lang\x02text" and " *" for a prefix. */
static void
term(struct buf *b, const char *lang, const struct search_term *t)
{
	buf_addc(b, '"');
	buf_addc(b, ANALYZE_MARK);
	buf_adds(b, lang);
	buf_addc(b, ANALYZE_MARK_END);
	for (const char *p = t->text; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	if (t->kind == SEARCH_PREFIX)
		buf_adds(b, " *");
}

/* The query's groups for one language: (a) AND (b OR c). */
static void
branch(struct buf *b, const char *lang, const struct search_query *q)
{
	buf_addc(b, '(');
	for (size_t g = 0; g < q->ngroups; g++) {
		if (g > 0)
			buf_adds(b, " AND ");
		buf_addc(b, '(');
		for (size_t k = 0; k < q->groups[g].nterms; k++) {
			if (k > 0)
				buf_adds(b, " OR ");
			term(b, lang, &q->groups[g].terms[k]);
		}
		buf_addc(b, ')');
	}
	buf_addc(b, ')');
}

static char *
take(struct arena *a, struct buf *b, enum err *e)
{
	char *s;

	if (b->err != ERR_OK) {
		*e = b->err;
		return NULL;
	}
	if ((s = arena_strndup(a, b->p, b->len)) == NULL)
		*e = a->err;
	buf_reset(b);
	return s;
}

enum err
search_compile(struct arena *a, const struct search_query *q,
    const struct locale *locales, size_t n, struct search_fts *out)
{
	char (*langs)[LOCALE_LANG_MAX];
	size_t nlangs = 0;
	struct search_fts r;
	struct buf b;
	enum err e = ERR_OK;

	langs = arena_calloc(a, n + 1, sizeof *langs);
	if (langs == NULL)
		return a->err;
	for (size_t i = 0; i < n; i++) {
		char l[LOCALE_LANG_MAX];
		bool seen = false;

		locale_language(&locales[i], l);
		for (size_t k = 0; k < nlangs && !seen; k++)
			seen = strcmp(langs[k], l) == 0;
		if (!seen)
			memcpy(langs[nlangs++], l, LOCALE_LANG_MAX);
	}
	if (nlangs == 0)
		memcpy(langs[nlangs++], "und", 4);
	buf_init(&b, COMPILED_MAX);
	if (!search_query_empty(q))
		for (size_t i = 0; i < nlangs; i++) {
			if (i > 0)
				buf_adds(&b, " OR ");
			branch(&b, langs[i], q);
		}
	if ((r.match = take(a, &b, &e)) == NULL)
		goto out;
	if (!search_query_empty(q))
		for (size_t i = 0; i < nlangs; i++)
			for (size_t k = 0; k < q->nexcluded; k++) {
				if (b.len > 0)
					buf_adds(&b, " OR ");
				term(&b, langs[i], &q->excluded[k]);
			}
	if ((r.exclude = take(a, &b, &e)) == NULL)
		goto out;
	*out = r;
out:
	buf_release(&b);
	return e;
}
