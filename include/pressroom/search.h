/*
 * search.h - the search box's language: user text parsed into a query
 * (a small syntax tree), and the query written as an FTS5 expression for
 * the store's index.
 *
 * Syntax (docs/SEARCH.md):
 *   word            passages with the word, in any of its forms (stemmed)
 *   "a phrase"      the words in this order, next to each other
 *   negot*          words starting with "negot" (at least
 *                   LIMIT_SEARCH_PREFIX_CHARS characters before the *)
 *   -word, -"a b"   assets with a passage holding it are left out;
 *                   NOT word is the same
 *   a OR b          either (binds tighter than the implicit AND)
 *   AND             ignored: words are all required anyway
 * Terms are joined by AND within one passage (a title, a summary or a
 * block). Anything else is text: parentheses, column filters ("title:"),
 * NEAR, ^ and stray quotes or stars are words or separators, never FTS5
 * syntax. Nothing is an error: an unclosed quote runs to the end, a lone
 * "-" or "OR" is ignored, input past LIMIT_SEARCH_QUERY_BYTES or terms
 * past LIMIT_SEARCH_TERMS are dropped (the query says it was cut).
 *
 * The FTS5 expression quotes every term, so user text never becomes FTS5
 * syntax, and gives each quoted string the locale marker of
 * pressroom/analyze.h, so the tokenizer stems it for that language. Does
 * not run queries (the store does) or know SQL.
 */
#ifndef PRESSROOM_SEARCH_H
#define PRESSROOM_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/buf.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"

enum search_term_kind {
	SEARCH_WORD,		/* one word as typed (may hold punctuation
				 * the tokenizer splits: "flood-hit") */
	SEARCH_PHRASE,		/* words in order */
	SEARCH_PREFIX,		/* the last word is a prefix */
	SEARCH_TERM_KIND__MAX
};

/* text is valid UTF-8 without control characters or '"', and holds at
 * least one word (analyze_has_word). */
struct search_term {
	enum search_term_kind kind;
	char *text;
};

/* Alternatives: a passage matches when it matches any of them. */
struct search_group {
	struct search_term *terms;
	size_t nterms;		/* >= 1 */
};

/*
 * A parsed query: a passage must match every group; an asset with a
 * passage matching any excluded term is left out. Lives in an arena.
 */
struct search_query {
	struct search_group *groups;
	size_t ngroups;
	struct search_term *excluded;
	size_t nexcluded;
	bool cut;		/* input or terms were dropped at a limit */
};

/*
 * Parses text[0..n) (any bytes: invalid UTF-8 and control characters are
 * separators) into *out in a. Only ERR_NOMEM (or the arena's ERR_LIMIT).
 */
enum err search_parse(struct arena *a, const char *text, size_t n,
    struct search_query **out);

/* True when the query has something to look for (a group). */
bool search_query_empty(const struct search_query *q);

/*
 * Appends the query written back in its own syntax, normalised ("a b OR c
 * -d \"e f\" g*"): for the search box and cache keys.
 */
void search_query_format(struct buf *b, const struct search_query *q);

/* FTS5 expressions for store_search_query's match and exclude. */
struct search_fts {
	char *match;		/* "" when there is nothing to look for */
	char *exclude;		/* "" when nothing is excluded */
};

/*
 * Writes q as FTS5 expressions for the languages of locales[0..n) (one
 * branch per distinct primary language, in the given order; no locale
 * gives "und", the unstemmed analysis). Every term is a quoted FTS5
 * string with the language's locale marker; FTS5 accepts every output.
 * The strings live in a. ERR_NOMEM or ERR_LIMIT (from a).
 */
enum err search_compile(struct arena *a, const struct search_query *q,
    const struct locale *locales, size_t n, struct search_fts *out);

#endif
