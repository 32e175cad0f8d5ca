/*
 * analyze.c - words to index tokens: segmentation, NFKC and case folding,
 * digit, look-alike and Arabic normalisation, Arabic clitics, Snowball
 * stemming per language, Latin accent folding; the locale marker; plain
 * text of Markdown for the index.
 *
 * Works on one word at a time in fixed buffers inside the analyzer (no
 * allocation per word). Does not know FTS5 (src/store/fts.c adapts this
 * to it) or query syntax (src/search).
 */
#include <string.h>
#include <libstemmer.h>
#include <md4c.h>
#include <utf8proc.h>
#include "pressroom/analyze.h"
#include "pressroom/mem.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

#define WORD_BYTES_MAX 256	/* a longer word is cut (one token) */
#define WORD_CPS_MAX 1024	/* code points after decomposition */
#define NORM_CPS_MAX 64		/* code points of a normalised word */
#define TEXT_MAX (NORM_CPS_MAX * 4 + 1)
#define STEMMERS_MAX 8		/* languages cached per analyzer */
#define VARIANTS_MAX 6		/* tokens of one word */

#define NFKC_CASEFOLD (UTF8PROC_STABLE | UTF8PROC_COMPOSE | \
	UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* ISO 639 codes of the languages libstemmer has (Snowball's names). */
static const struct {
	const char *lang;
	const char *algo;
} stemmer_table[] = {
	{ "ar", "arabic" }, { "hy", "armenian" }, { "eu", "basque" },
	{ "ca", "catalan" }, { "da", "danish" }, { "nl", "dutch" },
	{ "en", "english" }, { "eo", "esperanto" }, { "et", "estonian" },
	{ "fi", "finnish" }, { "fr", "french" }, { "de", "german" },
	{ "el", "greek" }, { "hi", "hindi" }, { "hu", "hungarian" },
	{ "id", "indonesian" }, { "ga", "irish" }, { "it", "italian" },
	{ "lt", "lithuanian" }, { "ne", "nepali" }, { "no", "norwegian" },
	{ "nb", "norwegian" }, { "nn", "norwegian" }, { "pt", "portuguese" },
	{ "ro", "romanian" }, { "ru", "russian" }, { "sr", "serbian" },
	{ "es", "spanish" }, { "sv", "swedish" }, { "ta", "tamil" },
	{ "tr", "turkish" }, { "yi", "yiddish" },
};

/* Languages written in Cyrillic: a mixed word's tie goes to Cyrillic. */
static const char *const cyrillic_langs[] = {
	"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "ba",
	"tt", "cv", "ce", "os", "sah", "ab", "av",
};

struct stemmer_slot {
	char lang[LOCALE_LANG_MAX];
	struct sb_stemmer *sb;	/* NULL: the language is not stemmed */
};

struct analyzer {
	struct stemmer_slot slots[STEMMERS_MAX];
	size_t nslots;
	size_t victim;		/* the slot replaced when all are taken */
	int32_t cps[WORD_CPS_MAX];
	char tok[ANALYZE_TOKEN_MAX];
	char safe[TEXT_MAX];	/* the normalised word, clitics off */
	char full[TEXT_MAX];	/* the normalised word */
	char tmp[TEXT_MAX];
	char stem[TEXT_MAX];
	char seen[VARIANTS_MAX][TEXT_MAX + 1];	/* tokens of this word */
	size_t nseen;
};

/* What analyze_text passes to the word function. */
struct run {
	struct analyzer *an;
	char lang[LOCALE_LANG_MAX];
	struct sb_stemmer *sb;
	bool arabic;		/* lang is "ar": clitics are handled */
	bool cyrillic;		/* ties of mixed words go to Cyrillic */
	enum analyze_mode mode;
	analyze_fn fn;
	void *ctx;
	bool first;		/* no token emitted for this word yet */
};

/* --- stemmers ----------------------------------------------------------- */

const char *
analyze_stemmer_name(const char *lang)
{
	const char **have = sb_stemmer_list();

	for (size_t i = 0; i < sizeof stemmer_table / sizeof stemmer_table[0];
	    i++) {
		if (strcmp(stemmer_table[i].lang, lang) != 0)
			continue;
		for (size_t k = 0; have[k] != NULL; k++)
			if (strcmp(have[k], stemmer_table[i].algo) == 0)
				return stemmer_table[i].algo;
		return NULL;
	}
	return NULL;
}

enum err
analyzer_new(struct analyzer **out)
{
	struct analyzer *an = mem_calloc(1, sizeof *an);

	if (an == NULL)
		return ERR_NOMEM;
	*out = an;
	return ERR_OK;
}

void
analyzer_free(struct analyzer *an)
{
	if (an == NULL)
		return;
	for (size_t i = 0; i < an->nslots; i++)
		sb_stemmer_delete(an->slots[i].sb);
	mem_free(an);
}

/* The stemmer for lang (NULL when it has none), made on first use. */
static enum err
stemmer_get(struct analyzer *an, const char *lang, struct sb_stemmer **out)
{
	struct stemmer_slot *slot;
	const char *algo;
	struct sb_stemmer *sb = NULL;

	for (size_t i = 0; i < an->nslots; i++)
		if (strcmp(an->slots[i].lang, lang) == 0) {
			*out = an->slots[i].sb;
			return ERR_OK;
		}
	algo = analyze_stemmer_name(lang);
	if (algo != NULL && (sb = sb_stemmer_new(algo, "UTF_8")) == NULL)
		return ERR_NOMEM;
	if (an->nslots < STEMMERS_MAX) {
		slot = &an->slots[an->nslots++];
	} else {
		slot = &an->slots[an->victim];
		an->victim = (an->victim + 1) % STEMMERS_MAX;
		sb_stemmer_delete(slot->sb);
	}
	memcpy(slot->lang, lang, LOCALE_LANG_MAX);
	slot->sb = sb;
	*out = sb;
	return ERR_OK;
}

/* --- the locale marker -------------------------------------------------- */

void
analyze_marker_add(struct buf *b, const struct locale *l)
{
	buf_addc(b, ANALYZE_MARK);
	buf_adds(b, l->tag);
	buf_addc(b, ANALYZE_MARK_END);
}

size_t
analyze_marker_parse(const char *s, size_t n, char lang[LOCALE_LANG_MAX])
{
	struct locale l;
	size_t k;

	memcpy(lang, "und", 4);
	if (n < 3 || s[0] != ANALYZE_MARK)
		return 0;
	for (k = 1; k < n && k <= LOCALE_TAG_MAX && s[k] != ANALYZE_MARK_END;
	    k++)
		;
	if (k == n || s[k] != ANALYZE_MARK_END ||
	    locale_parse(str_make(s + 1, k - 1), &l) != ERR_OK)
		return 0;
	locale_language(&l, lang);
	return k + 1;
}

/* --- words -------------------------------------------------------------- */

enum cp_class {
	CP_SEP,		/* between words */
	CP_START,	/* starts or continues a word */
	CP_INNER,	/* continues a word, never starts one */
	CP_ALONE,	/* a word by itself (CJK ideographs, kana) */
};

static bool
is_han_or_kana(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||	/* kana */
	    (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

static enum cp_class
cp_class(uint32_t cp)
{
	if (cp == UTF8_INVALID || cp > 0x10FFFF)
		return CP_SEP;
	if (cp == 0x0640)	/* tatweel: stretches a word, is none */
		return CP_INNER;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return is_han_or_kana(cp) ? CP_ALONE : CP_START;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return CP_START;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF:	/* soft hyphen, ZWJ, ZWNJ */
		return CP_INNER;
	default:
		return CP_SEP;
	}
}

/* The next word at or after *i: [*ws, *we); false when there is none. */
static bool
next_word(const char *s, size_t n, size_t *i, size_t *ws, size_t *we)
{
	size_t at, j;
	uint32_t cp;
	enum cp_class c;

	for (;;) {
		if (*i >= n)
			return false;
		at = *i;
		cp = utf8_next(s, n, i);
		c = cp_class(cp);
		if (c == CP_START || c == CP_ALONE)
			break;
	}
	*ws = at;
	if (c == CP_ALONE) {
		*we = *i;
		return true;
	}
	for (;;) {
		j = *i;
		if (j >= n)
			break;
		cp = utf8_next(s, n, &j);
		c = cp_class(cp);
		if (c != CP_START && c != CP_INNER)
			break;
		*i = j;
	}
	*we = *i;
	return true;
}

bool
analyze_has_word(const char *s, size_t n)
{
	size_t i = 0, ws, we;

	return next_word(s, n, &i, &ws, &we);
}

/* --- normalisation ------------------------------------------------------ */

static bool
is_latin(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF);
}

static bool
is_cyrillic(int32_t cp)
{
	return cp >= 0x400 && cp <= 0x52F;
}

static bool
is_arabic(int32_t cp)
{
	return (cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
	    (cp >= 0x8A0 && cp <= 0x8FF);
}

/* Latin and Cyrillic letters that look alike (after case folding). */
static const struct {
	int32_t latin, cyrillic;
} lookalikes[] = {
	{ 'a', 0x430 }, { 'b', 0x432 }, { 'c', 0x441 }, { 'e', 0x435 },
	{ 'h', 0x43D }, { 'i', 0x456 }, { 'j', 0x458 }, { 'k', 0x43A },
	{ 'm', 0x43C }, { 'o', 0x43E }, { 'p', 0x440 }, { 's', 0x455 },
	{ 't', 0x442 }, { 'x', 0x445 }, { 'y', 0x443 },
};

/* Folds the minority script's look-alikes into the majority script. */
static void
fold_lookalikes(int32_t *c, size_t n, size_t latin, size_t cyr,
    bool cyr_wins_tie)
{
	bool to_cyr = cyr > latin || (cyr == latin && cyr_wins_tie);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof lookalikes / sizeof lookalikes[0];
		    k++) {
			if (to_cyr && c[i] == lookalikes[k].latin) {
				c[i] = lookalikes[k].cyrillic;
				break;
			}
			if (!to_cyr && c[i] == lookalikes[k].cyrillic) {
				c[i] = lookalikes[k].latin;
				break;
			}
		}
}

/* The value of a decimal digit (category Nd), or -1. */
static int
digit_value(int32_t cp)
{
	int32_t z = cp;

	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ND)
		return -1;
	/* Nd code points come in runs of ten starting at zero */
	while (z > 0 && cp - z < 64 &&
	    utf8proc_category(z - 1) == UTF8PROC_CATEGORY_ND)
		z--;
	return (int)((cp - z) % 10);
}

static bool
keep_cp(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return true;
	default:
		return false;
	}
}

/*
 * Arabic letters normalised: alef and hamza forms to bare alef, ta marbuta
 * to ha, alef maqsura to ya; 0 for tatweel and diacritics (dropped).
 */
static int32_t
arabic_fold(int32_t cp)
{
	if (cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
	    (cp >= 0x06D6 && cp <= 0x06ED))
		return 0;
	switch (cp) {
	case 0x0622: case 0x0623: case 0x0625: case 0x0671:
		return 0x0627;
	case 0x0629:
		return 0x0647;
	case 0x0649:
		return 0x064A;
	default:
		return cp;
	}
}

#define AR_ALEF 0x0627
#define AR_BA 0x0628
#define AR_FA 0x0641
#define AR_KAF 0x0643
#define AR_LAM 0x0644
#define AR_WAW 0x0648

/* The article and the clitics joined to it: safe to take off always. */
static const int32_t ar_articles[][4] = {
	{ AR_WAW, AR_BA, AR_ALEF, AR_LAM }, { AR_FA, AR_BA, AR_ALEF, AR_LAM },
	{ AR_WAW, AR_KAF, AR_ALEF, AR_LAM }, { AR_FA, AR_KAF, AR_ALEF, AR_LAM },
	{ AR_WAW, AR_ALEF, AR_LAM, 0 }, { AR_FA, AR_ALEF, AR_LAM, 0 },
	{ AR_BA, AR_ALEF, AR_LAM, 0 }, { AR_KAF, AR_ALEF, AR_LAM, 0 },
	{ AR_WAW, AR_LAM, AR_LAM, 0 }, { AR_FA, AR_LAM, AR_LAM, 0 },
	{ AR_LAM, AR_LAM, 0, 0 }, { AR_ALEF, AR_LAM, 0, 0 },
};

/* Leading code points of the article (with its clitics) to drop. */
static size_t
ar_article(const int32_t *c, size_t n)
{
	for (size_t i = 0; i < sizeof ar_articles / sizeof ar_articles[0];
	    i++) {
		size_t k = 0;

		while (k < 4 && ar_articles[i][k] != 0 && k < n &&
		    c[k] == ar_articles[i][k])
			k++;
		if (k < 4 && ar_articles[i][k] != 0)
			continue;
		if (n >= k + 2)
			return k;
	}
	return 0;
}

static bool
ar_conj(int32_t cp)
{
	return cp == AR_WAW || cp == AR_FA;
}

static bool
ar_prep(int32_t cp)
{
	return cp == AR_BA || cp == AR_KAF || cp == AR_LAM;
}

/* --- encoding and folding of strings ----------------------------------- */

static size_t
encode(const int32_t *c, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += utf8_encode((uint32_t)c[i], out + len);
	out[len] = '\0';
	return len;
}

/* Latin letters without their diacritics ("négoci" -> "negoci"). */
static size_t
fold_accents(const char *in, size_t n, char *out)
{
	size_t i = 0, len = 0;

	while (i < n) {
		size_t at = i;
		uint32_t cp = utf8_next(in, n, &i);
		utf8proc_int32_t d[8];
		utf8proc_ssize_t k;

		if (cp >= 0xC0 && is_latin((int32_t)cp)) {
			k = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
			    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, NULL);
			if (k > 0 && k <= 8) {
				for (utf8proc_ssize_t j = 0; j < k; j++)
					len += utf8_encode((uint32_t)d[j],
					    out + len);
				continue;
			}
		}
		memcpy(out + len, in + at, i - at);
		len += i - at;
	}
	out[len] = '\0';
	return len;
}

/*
 * The stem of in (copied into an->stem), or in itself without a stemmer.
 * Snowball's Arabic stemmer takes a first و ف ب ك ل off any word of four
 * letters or more, so بيان (statement) would become يان and فرنسا رنس:
 * that letter is put back, and a clitic is only ever dropped by word()'s
 * colocated alternatives.
 */
static enum err
stem(struct run *r, const char *in, size_t n, size_t *outn)
{
	const sb_symbol *s;
	size_t i = 0, keep = 0;
	uint32_t first;
	int len;

	if (r->sb == NULL) {
		memmove(r->an->stem, in, n);
		r->an->stem[n] = '\0';
		*outn = n;
		return ERR_OK;
	}
	if (r->arabic && n > 0) {
		first = utf8_next(in, n, &i);
		if (ar_conj((int32_t)first) || ar_prep((int32_t)first))
			keep = i;
	}
	s = sb_stemmer_stem(r->sb, (const sb_symbol *)in, (int)n);
	if (s == NULL)
		return ERR_NOMEM;
	len = sb_stemmer_length(r->sb);
	if (len < 0 || (size_t)len + keep >= TEXT_MAX)
		len = 0;	/* cannot happen: a stem is never longer */
	if (keep > 0 && ((size_t)len < keep || memcmp(s, in, keep) != 0)) {
		memcpy(r->an->stem, in, keep);
		memcpy(r->an->stem + keep, s, (size_t)len);
		len += (int)keep;
	} else {
		memcpy(r->an->stem, s, (size_t)len);
	}
	r->an->stem[len] = '\0';
	*outn = (size_t)len;
	return ERR_OK;
}

/* Emits lang + sep + text unless this word emitted that token already. */
static enum err
emit(struct run *r, char sep, const char *text, size_t n, size_t start,
    size_t end)
{
	struct analyzer *an = r->an;
	struct analyze_token t;
	size_t ll = strlen(r->lang);

	if (ll + 1 + n >= ANALYZE_TOKEN_MAX)
		n = ANALYZE_TOKEN_MAX - ll - 2;
	memcpy(an->tok, r->lang, ll);
	an->tok[ll] = sep;
	memcpy(an->tok + ll + 1, text, n);
	an->tok[ll + 1 + n] = '\0';
	for (size_t i = 0; i < an->nseen; i++)
		if (strcmp(an->seen[i], an->tok + ll) == 0)
			return ERR_OK;
	if (an->nseen < VARIANTS_MAX) {
		memcpy(an->seen[an->nseen], an->tok + ll, n + 2);
		an->nseen++;
	}
	t.p = an->tok;
	t.len = ll + 1 + n;
	t.start = start;
	t.end = end;
	t.colocated = !r->first;
	r->first = false;
	return r->fn(r->ctx, &t);
}

/* Emits the stem of in[0..n), accents folded after stemming. */
static enum err
emit_stem(struct run *r, const char *in, size_t n, size_t start,
    size_t end)
{
	size_t sn;
	enum err e;

	if ((e = stem(r, in, n, &sn)) != ERR_OK)
		return e;
	sn = fold_accents(r->an->stem, sn, r->an->tmp);
	return emit(r, ':', r->an->tmp, sn, start, end);
}

/*
 * Normalises the word w[0..wn) into an->cps; returns the number of code
 * points (0 when nothing is left).
 */
static size_t
normalise(struct run *r, const char *w, size_t wn)
{
	int32_t *c = r->an->cps;
	utf8proc_ssize_t n;
	size_t k = 0, latin = 0, cyr = 0;

	if (wn > WORD_BYTES_MAX) {
		wn = WORD_BYTES_MAX;
		while (wn > 0 && ((unsigned char)w[wn] & 0xC0) == 0x80)
			wn--;
	}
	/* ASCII letters and digits (most words of many languages): NFKC
	 * leaves them be and case folding is tolower */
	for (n = 0; (size_t)n < wn && (unsigned char)w[n] < 0x80; n++)
		;
	if ((size_t)n == wn) {
		for (size_t i = 0; i < wn && k < NORM_CPS_MAX; i++) {
			unsigned char ch = (unsigned char)w[i];

			c[k++] = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
		}
		return k;
	}
	for (;;) {
		n = utf8proc_decompose((const utf8proc_uint8_t *)w,
		    (utf8proc_ssize_t)wn, c, WORD_CPS_MAX, NFKC_CASEFOLD);
		if (n < 0)
			return 0;
		if (n <= WORD_CPS_MAX)
			break;
		wn /= 2;	/* a pathological expansion: cut the word */
		while (wn > 0 && ((unsigned char)w[wn] & 0xC0) == 0x80)
			wn--;
	}
	n = utf8proc_normalize_utf32(c, n, NFKC_CASEFOLD);
	if (n < 0)
		return 0;
	for (utf8proc_ssize_t i = 0; i < n && k < NORM_CPS_MAX; i++) {
		int32_t cp = c[i];
		int dv;

		if (is_arabic(cp) && (cp = arabic_fold(cp)) == 0)
			continue;
		if ((dv = digit_value(cp)) >= 0)
			cp = '0' + dv;
		else if (!keep_cp(cp))
			continue;
		if (is_latin(cp))
			latin++;
		else if (is_cyrillic(cp))
			cyr++;
		c[k++] = cp;
	}
	if (latin > 0 && cyr > 0)
		fold_lookalikes(c, k, latin, cyr, r->cyrillic);
	return k;
}

/* The tokens of one word; prefix: the last word of a prefix query. */
static enum err
word(struct run *r, const char *w, size_t wn, size_t start, size_t end,
    bool prefix)
{
	struct analyzer *an = r->an;
	const int32_t *c = an->cps;
	size_t k, safe = 0, alts[2], nalts = 0, sn, fn, n;
	enum err e;

	r->first = true;
	an->nseen = 0;
	k = normalise(r, w, wn);
	if (k == 0) {
		/* nothing survived normalisation: the word as it is */
		n = wn < NORM_CPS_MAX ? wn : NORM_CPS_MAX;
		return emit(r, ':', w, n, start, end);
	}
	if (r->arabic && is_arabic(c[0])) {
		safe = ar_article(c, k);
		/* one-letter clitics: only as colocated alternatives */
		if (ar_conj(c[safe]) && k - safe - 1 >= 3) {
			alts[nalts++] = safe + 1;
			if (ar_prep(c[safe + 1]) && k - safe - 2 >= 3)
				alts[nalts++] = safe + 2;
		} else if (ar_prep(c[safe]) && k - safe - 1 >= 3) {
			alts[nalts++] = safe + 1;
		}
	}
	sn = encode(c + safe, k - safe, an->safe);
	fn = encode(c, k, an->full);
	if (prefix) {
		n = fold_accents(an->safe, sn, an->tmp);
		if ((e = emit(r, ':', an->tmp, n, start, end)) != ERR_OK)
			return e;
		n = fold_accents(an->full, fn, an->tmp);
		return emit(r, '=', an->tmp, n, start, end);
	}
	if ((e = emit_stem(r, an->safe, sn, start, end)) != ERR_OK ||
	    r->mode != ANALYZE_DOCUMENT)
		return e;
	/* the surface form, for prefix queries (when it is not the stem) */
	n = fold_accents(an->full, fn, an->tmp);
	if (strcmp(an->tmp, an->seen[0] + 1) != 0 &&
	    (e = emit(r, '=', an->tmp, n, start, end)) != ERR_OK)
		return e;
	/* the stem of the word without its accents */
	n = fold_accents(an->safe, sn, an->full);
	if (n != sn || memcmp(an->full, an->safe, n) != 0) {
		if ((e = emit_stem(r, an->full, n, start, end)) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < nalts; i++) {
		n = encode(c + alts[i], k - alts[i], an->safe);
		if ((e = emit_stem(r, an->safe, n, start, end)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err
analyze_text(struct analyzer *an, const char *text, size_t n,
    enum analyze_mode mode, analyze_fn fn, void *ctx)
{
	struct run r = { .an = an, .mode = mode, .fn = fn, .ctx = ctx };
	size_t i, ws, we, nws, nwe;
	bool have;
	enum err e;

	i = analyze_marker_parse(text, n, r.lang);
	if ((e = stemmer_get(an, r.lang, &r.sb)) != ERR_OK)
		return e;
	r.arabic = strcmp(r.lang, "ar") == 0;
	for (size_t k = 0; k < sizeof cyrillic_langs / sizeof cyrillic_langs[0];
	    k++)
		if (strcmp(r.lang, cyrillic_langs[k]) == 0)
			r.cyrillic = true;
	have = next_word(text, n, &i, &ws, &we);
	if (mode == ANALYZE_AUX) {
		/*
		 * Highlighting only maps token positions to bytes: every word
		 * gives exactly one primary token in every mode, so the words
		 * are enough, whatever their text.
		 */
		for (; have; have = next_word(text, n, &i, &ws, &we)) {
			struct analyze_token t = { .p = "", .len = 0,
				.start = ws, .end = we };

			if ((e = fn(ctx, &t)) != ERR_OK)
				return e;
		}
		return ERR_OK;
	}
	while (have) {
		bool more = next_word(text, n, &i, &nws, &nwe);

		e = word(&r, text + ws, we - ws, ws, we,
		    mode == ANALYZE_PREFIX && !more);
		if (e != ERR_OK)
			return e;
		have = more;
		ws = nws;
		we = nwe;
	}
	return ERR_OK;
}

/* --- Markdown to plain text -------------------------------------------- */

struct plain {
	struct buf *b;
	size_t start;		/* b's length before the text */
	bool space;		/* a block or line ended: one space next */
};

static int
plain_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct plain *p = ud;

	(void)detail;
	if (type != MD_BLOCK_DOC && p->b->len > p->start)
		p->space = true;
	return 0;
}

static int
plain_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)type;
	(void)detail;
	(void)ud;
	return 0;
}

/* Appends text with control characters made spaces. */
static void
plain_add(struct buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			buf_add(b, s + from, i - from);
			buf_addc(b, ' ');
			from = i + 1;
		}
	}
	buf_add(b, s + from, n - from);
}

/* &amp; &#233; &#xE9; and the common named references; others as they are. */
static void
plain_entity(struct buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name, *text;
	} names[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&apos;", "'" }, { "&nbsp;", " " },
	};
	uint32_t cp = 0;
	char out[4];
	size_t len;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == n &&
		    memcmp(names[i].name, s, n) == 0) {
			buf_adds(b, names[i].text);
			return;
		}
	if (n >= 4 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';

		for (size_t i = hex ? 3 : 2; i + 1 < n && cp <= 0x10FFFF; i++) {
			unsigned char c = (unsigned char)s[i];
			int v = c >= '0' && c <= '9' ? c - '0' :
			    hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			    hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (v < 0) {
				cp = 0;
				break;
			}
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = ' ';
		len = utf8_encode(cp, out);
		buf_add(b, len > 0 ? out : "\xEF\xBF\xBD", len > 0 ? len : 3);
		return;
	}
	plain_add(b, s, n);
}

static int
plain_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct plain *p = ud;

	if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
		p->space = true;
		return 0;
	}
	if (p->space) {
		buf_addc(p->b, ' ');
		p->space = false;
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_adds(p->b, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_ENTITY:
		plain_entity(p->b, s, n);
		break;
	default:
		plain_add(p->b, s, n);
		break;
	}
	return 0;
}

enum err
analyze_markdown_plain(struct buf *out, const char *md, size_t n)
{
	struct plain p = { .b = out, .start = out->len };
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES |
		    MD_FLAG_STRIKETHROUGH,
		.enter_block = plain_block,
		.leave_block = plain_block,
		.enter_span = plain_span,
		.leave_span = plain_span,
		.text = plain_text,
	};

	if (n > (size_t)UINT32_MAX)
		return ERR_LIMIT;
	if (md_parse(md, (MD_SIZE)n, &parser, &p) != 0)
		return out->err != ERR_OK ? out->err : ERR_INVAL;
	return out->err;
}
