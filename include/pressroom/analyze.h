/*
 * analyze.h - text analysis for search: turns text in a language into the
 * tokens the full-text index holds, with the byte offsets of the words they
 * came from.
 *
 * For each word (a run of letters, digits and combining marks; each CJK
 * ideograph and kana is a word of its own): Unicode NFKC and case folding
 * (utf8proc), default-ignorable characters dropped, every decimal digit
 * made ASCII; in a word mixing Latin and Cyrillic letters, the look-alike
 * letters of the minority script are folded into the majority script's
 * ("Mосква" with a Latin M becomes "москва"); in Arabic script, alef and
 * hamza forms become a bare alef, ta marbuta ha, alef maqsura ya, tatweel
 * and diacritics go, and for Arabic (ar) the definite article and the
 * clitics before it (ال وال فال بال كال لل) are taken off when at least two
 * letters remain. Then the word is stemmed with the Snowball stemmer of the
 * language (libstemmer: every language it has; a language without one is
 * normalised only), and Latin diacritics are folded after stemming.
 *
 * Every token is prefixed by the language ("en:negoti"), so one index
 * holds all languages and a query stemmed for English only meets English
 * text. When indexing (ANALYZE_DOCUMENT) a word may also give colocated
 * tokens (same position) that only some queries use: the unstemmed form
 * for prefix queries ("en=negotiations"), the stem of the word without
 * its accents (so "negociacion" finds "negociación"), and in Arabic the
 * stem without a one-letter clitic (و ف ب ك ل), which a query never loses
 * itself (so "وزير" stays a minister, and "ووزير" still finds it).
 *
 * Text may start with a locale marker, "\x01" TAG "\x02", naming its
 * locale; the marker yields no token, and offsets count its bytes. Text
 * without one is analysed as language "und" (normalised, not stemmed).
 *
 * An analyzer caches stemmers, which are not thread-safe: use one per
 * thread or connection. Does not know SQLite, FTS5 or query syntax.
 */
#ifndef PRESSROOM_ANALYZE_H
#define PRESSROOM_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/buf.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"

/* The locale marker: ANALYZE_MARK tag ANALYZE_MARK_END text. */
#define ANALYZE_MARK '\x01'
#define ANALYZE_MARK_END '\x02'

/*
 * Highlight markers around matched words in snippets. Valid content never
 * holds these bytes (text_check refuses control characters).
 */
#define ANALYZE_HL_OPEN '\x1e'
#define ANALYZE_HL_CLOSE '\x1f'

/* Bytes of a token, language prefix included, with the NUL. */
#define ANALYZE_TOKEN_MAX 320

enum analyze_mode {
	ANALYZE_DOCUMENT,	/* indexing: stems and colocated variants */
	ANALYZE_QUERY,		/* a query phrase: stems only */
	ANALYZE_PREFIX,		/* a query phrase whose last word is a prefix:
				 * that word unstemmed (stem and surface
				 * forms, colocated), the others stemmed */
	ANALYZE_AUX,		/* highlighting: one token per word (the
				 * positions of DOCUMENT), text empty */
	ANALYZE_MODE__MAX
};

struct analyze_token {
	const char *p;		/* "en:negoti"; borrowed for the callback */
	size_t len;
	size_t start, end;	/* the word's bytes in the analysed text */
	bool colocated;		/* at the position of the token before */
};

/* Called for each token; anything but ERR_OK stops the analysis, and
 * analyze_text returns it. */
typedef enum err (*analyze_fn)(void *ctx, const struct analyze_token *t);

struct analyzer;

/* A new analyzer (no stemmer made yet); ERR_NOMEM. */
enum err analyzer_new(struct analyzer **out);
/* Frees it and its stemmers; NULL is a no-op. */
void analyzer_free(struct analyzer *an);

/*
 * Analyses text[0..n) (UTF-8; invalid bytes separate words) in mode,
 * calling fn for every token in order. Each word gives at least one
 * token. ERR_NOMEM (a stemmer or our allocator failed), or fn's error.
 */
enum err analyze_text(struct analyzer *an, const char *text, size_t n,
    enum analyze_mode mode, analyze_fn fn, void *ctx);

/* True if s[0..n) holds at least one word, that is gives a token. */
bool analyze_has_word(const char *s, size_t n);

/* Appends the locale marker for l ("\x01en-GB\x02") to b. */
void analyze_marker_add(struct buf *b, const struct locale *l);

/*
 * The length of the locale marker that starts s[0..n) (0 if there is
 * none, or it is not a well-formed one), with its primary language in
 * lang ("und" when there is no marker).
 */
size_t analyze_marker_parse(const char *s, size_t n,
    char lang[LOCALE_LANG_MAX]);

/*
 * The Snowball algorithm used for a primary language subtag ("ru" ->
 * "russian"), or NULL when libstemmer has none for it.
 */
const char *analyze_stemmer_name(const char *lang);

/*
 * Appends the plain text of Markdown md[0..n) to out: markup and link
 * destinations dropped, blocks and line breaks made one space, character
 * references decoded. What the index holds and snippets show. ERR_NOMEM or
 * ERR_LIMIT from out, ERR_INVAL if md4c gives up.
 */
enum err analyze_markdown_plain(struct buf *out, const char *md, size_t n);

#endif
