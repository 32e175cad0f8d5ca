/*
 * utf8.h - strict UTF-8 validation, decoding and encoding.
 *
 * Strict means RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF. Classification of code points (letters, case) is done with
 * utf8proc in the modules above base; this file needs only libc.
 */
#ifndef PRESSROOM_UTF8_H
#define PRESSROOM_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True if s[0..n) is valid UTF-8. On false, *bad (if not NULL) is the offset
 * of the first byte of the first invalid sequence.
 */
bool utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * Decodes one code point at s[*i] (i < n) and advances *i past it. Returns
 * the code point, or UTF8_INVALID (advancing by one byte) for an invalid
 * sequence.
 */
#define UTF8_INVALID 0xFFFFFFFFu
uint32_t utf8_next(const char *s, size_t n, size_t *i);

/* Writes cp (<= U+10FFFF, not a surrogate) to out; returns 1..4, 0 if invalid. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Number of code points in valid UTF-8 text (invalid bytes count as one). */
size_t utf8_length(const char *s, size_t n);

#endif
