/*
 * err.h - the one error enum every fallible pressroom function returns, and
 * the diagnostic record parsers fill so a user sees where input went wrong.
 *
 * Does not map errors to HTTP statuses (only src/http/status.c does) and does
 * not print anything.
 */
#ifndef PRESSROOM_ERR_H
#define PRESSROOM_ERR_H

#include <stdarg.h>

enum err {
	ERR_OK = 0,
	ERR_NOMEM,	/* an allocation failed */
	ERR_INVAL,	/* input is malformed or violates a rule */
	ERR_LIMIT,	/* input or output exceeds a named limit */
	ERR_NOTFOUND,	/* the thing asked for does not exist */
	ERR_CONFLICT,	/* the thing exists already or changed meanwhile */
	ERR_FORBIDDEN,	/* the caller may not do this */
	ERR_IO,		/* the operating system refused a read or write */
	ERR_DB,		/* the database reported an error */
	ERR_CORRUPT,	/* stored data is not what we wrote */
	ERR_AUTH,	/* the caller is not signed in (or its credentials are bad) */
	ERR_RATE,	/* too many attempts: try again later */
	ERR__MAX
};

/* Short English name of an error ("out of memory"); never NULL. */
const char *err_str(enum err e);

#define DIAG_MSG_MAX 256

/*
 * Where and why input was rejected. file is borrowed (the caller keeps the
 * string alive while the diag is used); line and col are 1-based, 0 when
 * unknown. msg is always NUL-terminated, empty when nothing was set.
 */
struct diag {
	const char *file;
	unsigned line;
	unsigned col;
	char msg[DIAG_MSG_MAX];
};

/* Resets a diag to "no message" with the given file (may be NULL). */
void diag_init(struct diag *d, const char *file);

/*
 * Records a message at line:col unless one is recorded already (the first
 * error is the one worth reporting). d may be NULL, then nothing happens.
 * The message is truncated to DIAG_MSG_MAX - 1 bytes.
 */
void diag_set(struct diag *d, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* Formats "file:line:col: msg" (parts that are unknown are left out). */
void diag_format(const struct diag *d, char *out, unsigned long outlen);

#endif
