/*
 * slug.c - readable ASCII slugs from titles in Latin and Cyrillic scripts.
 *
 * Uses utf8proc to fold case and strip diacritics. Does not transliterate
 * Arabic, Hebrew, Greek or CJK (they become separators): a slug is a
 * convenience, the asset id stays the identity.
 */
#include <string.h>
#include <utf8proc.h>
#include "pressroom/limits.h"
#include "pressroom/slug.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

bool
slug_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > LIMIT_SLUG_BYTES || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return false;
		if (c == '-' && s[i + 1] == '-')
			return false;
	}
	return true;
}

bool
slug_reserved(const char *s)
{
	static const char *const words[] = { "page", "p", "search", "feed",
		"tag", "tags", "speaker", "speakers", "archive", "api",
		"static", "admin", "sitemap", "index", NULL };

	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* Russian/Ukrainian/Belarusian lower-case letters, U+0430..U+044F first */
static const char *const cyr_basic[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
	"o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
	"y", "", "e", "yu", "ya",
};

static const char *
translit(utf8proc_int32_t cp)
{
	if (cp >= 0x430 && cp <= 0x44F)
		return cyr_basic[cp - 0x430];
	switch (cp) {
	case 0x451: return "e";		/* ё */
	case 0x454: return "ye";	/* є */
	case 0x456: return "i";		/* і */
	case 0x457: return "yi";	/* ї */
	case 0x45E: return "u";		/* ў */
	case 0x491: return "g";		/* ґ */
	case 0xDF: return "ss";
	case 0xE6: return "ae";
	case 0xF8: return "o";
	case 0x153: return "oe";
	case 0x142: return "l";
	case 0x111: return "d";
	case 0xF0: return "d";
	case 0xFE: return "th";
	case 0x131: return "i";
	default: return NULL;
	}
}

static bool
is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x2BC ||
	    cp == 0x60 || cp == 0xB4;
}

static bool
is_mark(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	    c == UTF8PROC_CATEGORY_ME;
}

enum err
slug_from_title(struct arena *a, const char *title, size_t max, char **out)
{
	size_t n = strlen(title), i = 0, o = 0, cut;
	char *s;
	bool sep = false, any = false;

	if (max == 0 || max > LIMIT_SLUG_BYTES)
		max = LIMIT_SLUG_BYTES;
	s = arena_alloc(a, max + 8);
	if (s == NULL)
		return a->err;
	while (i < n && o < max + 1) {
		uint32_t cp = utf8_next(title, n, &i);
		utf8proc_int32_t lc, dec[8];
		utf8proc_ssize_t nd;
		const char *t;
		char tmp[16];
		size_t tn = 0;

		if (cp == UTF8_INVALID)
			continue;
		if (is_apostrophe((utf8proc_int32_t)cp))
			continue;
		lc = utf8proc_tolower((utf8proc_int32_t)cp);
		t = translit(lc);
		/* hard and soft signs, and combining marks of decomposed
		 * text, belong to the letters around them */
		if ((t != NULL && t[0] == '\0') || is_mark(lc))
			continue;
		if (t != NULL) {
			tn = strlen(t);
			memcpy(tmp, t, tn);
		} else {
			int opts = UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
			    UTF8PROC_COMPAT;

			nd = utf8proc_decompose_char(lc, dec, 8, opts, NULL);
			for (utf8proc_ssize_t k = 0; k < nd && k < 8; k++) {
				utf8proc_int32_t c = dec[k];

				if (c >= 'A' && c <= 'Z')
					c += 32;
				if ((c >= 'a' && c <= 'z') ||
				    (c >= '0' && c <= '9'))
					tmp[tn++] = (char)c;
			}
		}
		if (tn == 0) {
			sep = any;
			continue;
		}
		if (sep && o <= max)
			s[o++] = '-';
		sep = false;
		for (size_t k = 0; k < tn && o < max + 1; k++)
			s[o++] = tmp[k];
		any = true;
	}
	if (!any)
		return ERR_INVAL;
	if (o > max) {
		/* cut at the last separator that fits, else hard at max */
		cut = max;
		while (cut > 0 && s[cut] != '-')
			cut--;
		o = cut > max / 2 ? cut : max;
	}
	while (o > 0 && s[o - 1] == '-')
		o--;
	s[o] = '\0';
	*out = s;
	return ERR_OK;
}
