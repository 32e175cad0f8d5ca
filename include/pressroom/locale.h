/*
 * locale.h - BCP 47 language tags: validation, normalisation, direction.
 *
 * Accepts the "langtag" and "privateuse" productions of RFC 5646 (language,
 * up to three extlangs, script, region, variants, extensions, private use)
 * and normalises case the RFC 5646 way ("en-gb" -> "en-GB", "zh-hant-tw" ->
 * "zh-Hant-TW"). Does not check subtags against the IANA registry and does
 * not accept the irregular grandfathered tags ("i-klingon").
 */
#ifndef PRESSROOM_LOCALE_H
#define PRESSROOM_LOCALE_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/err.h"
#include "pressroom/str.h"

#define LOCALE_TAG_MAX 48	/* bytes with the NUL; longer tags are refused */
#define LOCALE_LANG_MAX 9

struct locale {
	char tag[LOCALE_TAG_MAX];	/* normalised, NUL-terminated */
};

/*
 * Validates and normalises s into *out. "_" is accepted as a separator and
 * written as "-". ERR_INVAL for anything that is not a well-formed tag,
 * ERR_LIMIT for a tag longer than LOCALE_TAG_MAX - 1 bytes.
 */
enum err locale_parse(struct str s, struct locale *out);

/* The primary language subtag ("en" for "en-GB"), NUL-terminated. */
void locale_language(const struct locale *l, char out[LOCALE_LANG_MAX]);

/* True when both tags have the same primary language subtag. */
bool locale_same_language(const struct locale *a, const struct locale *b);

/*
 * True for right-to-left text: a script subtag decides when present (Arab,
 * Hebr, Syrc, Thaa, Nkoo, Adlm, Rohg... are RTL; any other is LTR), else
 * the language (ar, fa, he, ur, ps, sd, ug, yi, dv, ckb and others).
 */
bool locale_is_rtl(const struct locale *l);

/* "rtl" or "ltr". */
const char *locale_dir(const struct locale *l);

/* True if l's primary language subtag is lang ("en" for "en-GB"). */
bool locale_is_language(const struct locale *l, const char *lang);

/*
 * Of n locales (n > 0) an item exists in, the one to offer people whose
 * language is none of them (hreflang="x-default"): the first English one,
 * else the first. Returns its index.
 */
size_t locale_default_index(const struct locale *ls, size_t n);

/* Equality of normalised tags. */
bool locale_eq(const struct locale *a, const struct locale *b);

#endif
