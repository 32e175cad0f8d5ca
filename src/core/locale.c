/*
 * locale.c - BCP 47 (RFC 5646) tag parsing, case normalisation, direction.
 *
 * A hand-written recogniser of the RFC's ABNF; no registry lookup. Does not
 * negotiate between tags (Accept-Language matching lives in http).
 */
#include <string.h>
#include <strings.h>
#include "pressroom/locale.h"
#include "pressroom/banned.h"

#define SUBTAGS_MAX 24

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
all_alpha(struct str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_alpha((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool
all_digit(struct str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_digit((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool
all_alnum(struct str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!is_alpha((unsigned char)s.p[i]) &&
		    !is_digit((unsigned char)s.p[i]))
			return false;
	return true;
}

enum subtag_case { CASE_LOWER, CASE_UPPER, CASE_TITLE };

static void
put(char *out, size_t *o, struct str s, enum subtag_case cs)
{
	if (*o > 0)
		out[(*o)++] = '-';
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		bool up = cs == CASE_UPPER || (cs == CASE_TITLE && i == 0);

		if (up && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 32);
		else if (!up && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		out[(*o)++] = (char)c;
	}
}

enum err
locale_parse(struct str s, struct locale *out)
{
	struct str sub[SUBTAGS_MAX];
	size_t n = 0, i = 0, o = 0, start = 0;
	char tag[LOCALE_TAG_MAX];
	int extlangs = 0;
	char singletons[36];
	size_t nsingle = 0;

	if (s.len == 0)
		return ERR_INVAL;
	if (s.len >= LOCALE_TAG_MAX)
		return ERR_LIMIT;
	/* split on '-' or '_' */
	for (i = 0; i <= s.len; i++) {
		if (i == s.len || s.p[i] == '-' || s.p[i] == '_') {
			if (i == start || n == SUBTAGS_MAX)
				return ERR_INVAL;
			sub[n++] = str_make(s.p + start, i - start);
			start = i + 1;
		}
	}
	for (i = 0; i < n; i++)
		if (sub[i].len > 8 || !all_alnum(sub[i]))
			return ERR_INVAL;
	i = 0;
	/* privateuse only: x-... */
	if (sub[0].len == 1) {
		if (!str_caseeq_cstr(sub[0], "x") || n < 2)
			return ERR_INVAL;
		goto privateuse;
	}
	/* language: 2-3 alpha (+ extlangs), 4 alpha (reserved), 5-8 alpha */
	if (!all_alpha(sub[0]) || sub[0].len < 2)
		return ERR_INVAL;
	put(tag, &o, sub[0], CASE_LOWER);
	i = 1;
	if (sub[0].len <= 3) {
		while (i < n && sub[i].len == 3 && all_alpha(sub[i]) &&
		    extlangs < 3) {
			put(tag, &o, sub[i++], CASE_LOWER);
			extlangs++;
		}
	}
	/* script */
	if (i < n && sub[i].len == 4 && all_alpha(sub[i]))
		put(tag, &o, sub[i++], CASE_TITLE);
	/* region */
	if (i < n && ((sub[i].len == 2 && all_alpha(sub[i])) ||
	    (sub[i].len == 3 && all_digit(sub[i]))))
		put(tag, &o, sub[i++], CASE_UPPER);
	/* variants: 5-8 alnum, or digit + 3 alnum; no repeats */
	while (i < n && ((sub[i].len >= 5) ||
	    (sub[i].len == 4 && is_digit((unsigned char)sub[i].p[0])))) {
		for (size_t k = 0; k < i; k++)
			if (sub[k].len == sub[i].len &&
			    strncasecmp(sub[k].p, sub[i].p, sub[i].len) == 0)
				return ERR_INVAL;
		put(tag, &o, sub[i++], CASE_LOWER);
	}
	/* extensions: singleton (not x) + one or more 2-8 subtags */
	while (i < n && sub[i].len == 1 && !str_caseeq_cstr(sub[i], "x")) {
		char c = (char)(sub[i].p[0] | 0x20);

		if (memchr(singletons, c, nsingle) != NULL)
			return ERR_INVAL;
		singletons[nsingle++] = c;
		put(tag, &o, sub[i++], CASE_LOWER);
		if (i >= n || sub[i].len < 2)
			return ERR_INVAL;
		while (i < n && sub[i].len >= 2)
			put(tag, &o, sub[i++], CASE_LOWER);
	}
	if (i < n) {
		if (!str_caseeq_cstr(sub[i], "x") || i + 1 >= n)
			return ERR_INVAL;
		goto privateuse;
	}
	goto done;
privateuse:
	put(tag, &o, sub[i++], CASE_LOWER);
	for (; i < n; i++)
		put(tag, &o, sub[i], CASE_LOWER);
done:
	tag[o] = '\0';
	memcpy(out->tag, tag, o + 1);
	return ERR_OK;
}

void
locale_language(const struct locale *l, char out[LOCALE_LANG_MAX])
{
	size_t n = strcspn(l->tag, "-");

	if (n >= LOCALE_LANG_MAX)
		n = LOCALE_LANG_MAX - 1;
	memcpy(out, l->tag, n);
	out[n] = '\0';
}

bool
locale_same_language(const struct locale *a, const struct locale *b)
{
	char la[LOCALE_LANG_MAX], lb[LOCALE_LANG_MAX];

	locale_language(a, la);
	locale_language(b, lb);
	return strcmp(la, lb) == 0;
}

static const char *const rtl_scripts[] = {
	"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr",
	"Mand", "Yezi", NULL
};

static const char *const rtl_languages[] = {
	"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb",
	"arc", "syr", "prs", "azb", "lrc", "mzn", "glk", "bal", "ks", "iw",
	NULL
};

bool
locale_is_rtl(const struct locale *l)
{
	char lang[LOCALE_LANG_MAX];
	const char *p = l->tag;

	/* a script subtag is the first 4-letter subtag after the language */
	while ((p = strchr(p, '-')) != NULL) {
		size_t n;

		p++;
		n = strcspn(p, "-");
		if (n == 1)
			break;	/* extensions and private use follow */
		if (n == 4 && p[0] >= 'A' && p[0] <= 'Z') {
			for (size_t k = 0; rtl_scripts[k] != NULL; k++)
				if (strncmp(p, rtl_scripts[k], 4) == 0)
					return true;
			return false;
		}
	}
	locale_language(l, lang);
	for (size_t k = 0; rtl_languages[k] != NULL; k++)
		if (strcmp(lang, rtl_languages[k]) == 0)
			return true;
	return false;
}

const char *
locale_dir(const struct locale *l)
{
	return locale_is_rtl(l) ? "rtl" : "ltr";
}

bool
locale_eq(const struct locale *a, const struct locale *b)
{
	return strcmp(a->tag, b->tag) == 0;
}

bool
locale_is_language(const struct locale *l, const char *lang)
{
	size_t n = strlen(lang);

	return strncmp(l->tag, lang, n) == 0 &&
	    (l->tag[n] == '\0' || l->tag[n] == '-');
}

size_t
locale_default_index(const struct locale *ls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (locale_is_language(&ls[i], "en"))
			return i;
	return 0;
}
