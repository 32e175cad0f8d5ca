/*
 * time.h - civil calendar arithmetic and RFC 3339 for UTC instants.
 *
 * Instants are int64_t seconds since 1970-01-01T00:00:00Z (leap seconds are
 * not counted, as in POSIX). An offset is seconds east of UTC. Works for
 * years 1..9999 without the C library's gmtime/localtime (banned: not
 * thread-safe, and their range is platform-defined). Time zones live in tz.h.
 */
#ifndef PRESSROOM_TIME_H
#define PRESSROOM_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/err.h"

struct civil {
	int year;	/* 1..9999 */
	int month;	/* 1..12 */
	int day;	/* 1..days in month */
	int hour;	/* 0..23 */
	int min;	/* 0..59 */
	int sec;	/* 0..59 */
};

#define TIME_OFFSET_MAX (18 * 3600)	/* RFC 3339 allows +-23:59; real zones stay within 18h */
#define TIME_RFC3339_MAX 32

bool time_is_leap(int year);
int time_days_in_month(int year, int month);	/* 0 for a bad month */

/* ERR_INVAL if a field is out of range (31 June, 24:00, year 0). */
enum err time_civil_check(const struct civil *c);

/* Seconds since the epoch of c read as UTC; ERR_INVAL like time_civil_check. */
enum err time_from_civil(const struct civil *c, int64_t *out);

/* The civil UTC time of an instant; ERR_INVAL outside years 1..9999. */
enum err time_to_civil(int64_t t, struct civil *out);

/*
 * Writes t shifted by offset as "YYYY-MM-DDTHH:MM:SS+hh:mm" ("Z" never: an
 * offset of 0 prints "+00:00" so the kept offset is visible). out must hold
 * TIME_RFC3339_MAX bytes. ERR_INVAL if t or offset is out of range.
 */
enum err time_format_rfc3339(int64_t t, int offset, char *out);

/*
 * Parses an RFC 3339 date-time ("2015-06-11T18:30:00+03:00", "…Z", fractions
 * of a second are accepted and dropped, 't'/'z' lower case too). On success
 * *t is the UTC instant and *offset the offset that was written.
 */
enum err time_parse_rfc3339(const char *s, size_t n, int64_t *t, int *offset);

#define TIME_HTTP_MAX 30

/*
 * Writes t as an HTTP date, IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
 * into out (TIME_HTTP_MAX bytes). ERR_INVAL outside years 1..9999.
 */
enum err time_format_http(int64_t t, char *out);

/*
 * Parses an IMF-fixdate (the only form HTTP senders may generate; the
 * obsolete RFC 850 and asctime forms are refused). ERR_INVAL.
 */
enum err time_parse_http(const char *s, int64_t *out);

/* The current UTC instant from the real-time clock. */
int64_t time_now(void);

#endif
