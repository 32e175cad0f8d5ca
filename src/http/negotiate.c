/*
 * negotiate.c - choosing a locale from an Accept-Language header.
 *
 * Parses at most 32 ranges; malformed ranges are skipped, never fatal.
 * Does not look at cookies or the path: the router decides precedence.
 */
#include <string.h>
#include <strings.h>
#include "http_internal.h"
#include "pressroom/banned.h"

#define RANGES_MAX 32

struct range {
	char tag[LOCALE_TAG_MAX];
	int q;		/* 0..1000 */
	int order;
};

/* q-value "0", "0.5", "1", "1.000" into 0..1000; -1 if malformed */
static int
parse_q(const char *p, size_t n)
{
	int v = 0, scale = 100;
	size_t i = 2;

	if (n == 0 || n > 5)
		return -1;
	if (p[0] == '1') {
		for (i = 1; i < n; i++)
			if (!(i == 1 && p[i] == '.') && p[i] != '0')
				return -1;
		return 1000;
	}
	if (p[0] != '0')
		return -1;
	if (n == 1)
		return 0;
	if (p[1] != '.')
		return -1;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v += (p[i] - '0') * scale;
		scale /= 10;
	}
	return v;
}

static size_t
parse_ranges(const char *s, struct range *out)
{
	size_t n = 0;
	int order = 0;

	while (*s != '\0' && n < RANGES_MAX) {
		const char *end = strchr(s, ','), *semi;
		size_t len = end != NULL ? (size_t)(end - s) : strlen(s);
		struct str item = str_trim(str_make(s, len)), tag;
		struct locale l;
		int q = 1000;

		s += len + (end != NULL ? 1 : 0);
		semi = memchr(item.p, ';', item.len);
		tag = semi != NULL ? str_trim(str_make(item.p,
		    (size_t)(semi - item.p))) : item;
		if (semi != NULL) {
			struct str param = str_trim(str_make(semi + 1,
			    item.len - (size_t)(semi + 1 - item.p)));

			if (param.len < 2 || (param.p[0] != 'q' &&
			    param.p[0] != 'Q') || param.p[1] != '=')
				continue;
			q = parse_q(param.p + 2, param.len - 2);
			if (q < 0)
				continue;
		}
		if (q == 0)
			continue;
		if (tag.len == 1 && tag.p[0] == '*') {
			memcpy(out[n].tag, "*", 2);
		} else {
			if (locale_parse(tag, &l) != ERR_OK)
				continue;
			memcpy(out[n].tag, l.tag, sizeof l.tag);
		}
		out[n].q = q;
		out[n].order = order++;
		n++;
	}
	return n;
}

static bool
same_language(const char *a, const char *b)
{
	size_t la = strcspn(a, "-"), lb = strcspn(b, "-");

	return la == lb && strncasecmp(a, b, la) == 0;
}

int
negotiate_locale(const char *accept, const struct locale *avail, size_t n)
{
	struct range r[RANGES_MAX];
	size_t nr, i, k;
	int best = -1, best_q = 0, best_order = 0, best_rank = 0;

	if (accept == NULL || n == 0)
		return -1;
	nr = parse_ranges(accept, r);
	for (i = 0; i < nr; i++) {
		for (k = 0; k < n; k++) {
			const char *tag = avail[k].tag;
			size_t rl = strlen(r[i].tag);
			int rank;

			if (strcmp(r[i].tag, "*") == 0)
				rank = 1;
			else if (strcasecmp(r[i].tag, tag) == 0)
				rank = 4;
			else if (strncasecmp(r[i].tag, tag, rl) == 0 &&
			    tag[rl] == '-')
				rank = 3;	/* "en" covers "en-GB" */
			else if (same_language(r[i].tag, tag))
				rank = 2;	/* "en-US" falls back to "en-GB" */
			else
				continue;
			if (best < 0 || r[i].q > best_q ||
			    (r[i].q == best_q && r[i].order < best_order) ||
			    (r[i].q == best_q && r[i].order == best_order &&
			    rank > best_rank)) {
				best = (int)k;
				best_q = r[i].q;
				best_order = r[i].order;
				best_rank = rank;
			}
		}
	}
	return best;
}
