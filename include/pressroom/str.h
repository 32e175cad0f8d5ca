/*
 * str.h - borrowed byte slices for parsing.
 *
 * A struct str never owns its bytes and is not NUL-terminated. Helpers that
 * "take" from a slice advance it past what they consumed. Comparisons here are
 * byte-wise or ASCII-case-insensitive; Unicode-aware work lives in utf8.h.
 */
#ifndef PRESSROOM_STR_H
#define PRESSROOM_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/err.h"

struct str {
	const char *p;
	size_t len;
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })

struct str str_from(const char *s);	/* s NUL-terminated; NULL gives "" */
struct str str_make(const char *p, size_t len);

bool str_eq(struct str a, struct str b);
bool str_eq_cstr(struct str a, const char *s);
bool str_caseeq_cstr(struct str a, const char *s);	/* ASCII case only */
bool str_starts_with(struct str s, const char *prefix);
bool str_ends_with(struct str s, const char *suffix);

/* Index of the first byte c, or s.len if there is none. */
size_t str_find_char(struct str s, char c);

/* Drops ASCII whitespace (space, tab, CR, LF, FF, VT) at both ends. */
struct str str_trim(struct str s);

/*
 * Takes the bytes before the first c from *s (all of it if there is no c) and
 * advances *s past the c. Returns false only when *s was empty.
 */
bool str_take_until(struct str *s, char c, struct str *out);

/* Takes a line (without "\n" or "\r\n"); false at the end of *s. */
bool str_take_line(struct str *s, struct str *out);

/*
 * Parses all of s as a decimal integer in [min, max] (optional leading '-').
 * ERR_INVAL on any other byte or an empty slice, ERR_LIMIT when out of range.
 */
enum err str_to_i64(struct str s, int64_t min, int64_t max, int64_t *out);

#endif
