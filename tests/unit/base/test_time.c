/*
 * test_time.c - unit tests for src/base/time.c: the Gregorian calendar
 * (leap years, days in months, field checks), conversion between instants
 * and civil UTC time over years 1..9999 including instants before 1970,
 * and RFC 3339 formatting and parsing with offsets, fractions and the
 * malformed forms that must be refused.
 *
 * Does not test time zones (test_tz.c) or time_now beyond plausibility.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/time.h"
#include "pressroom/banned.h"

#define T_FIRST (-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define T_LAST (253402300799LL)		/* 9999-12-31T23:59:59Z */

static void
test_leap(void **state)
{
	(void)state;
	assert_false(time_is_leap(1900));
	assert_true(time_is_leap(2000));
	assert_true(time_is_leap(2024));
	assert_false(time_is_leap(2023));
	assert_false(time_is_leap(2100));
	assert_true(time_is_leap(2400));
	assert_true(time_is_leap(4));
	assert_false(time_is_leap(1));
	assert_false(time_is_leap(9999));
	assert_true(time_is_leap(9996));
}

static void
test_days_in_month(void **state)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	(void)state;
	for (int m = 1; m <= 12; m++) {
		assert_int_equal(time_days_in_month(2023, m), days[m - 1]);
		assert_int_equal(time_days_in_month(2024, m),
		    m == 2 ? 29 : days[m - 1]);
	}
	assert_int_equal(time_days_in_month(1900, 2), 28);
	assert_int_equal(time_days_in_month(2000, 2), 29);
	assert_int_equal(time_days_in_month(2100, 2), 28);
	assert_int_equal(time_days_in_month(2024, 0), 0);
	assert_int_equal(time_days_in_month(2024, 13), 0);
	assert_int_equal(time_days_in_month(2024, -1), 0);
}

static enum err
check_fields(int y, int mo, int d, int h, int mi, int s)
{
	struct civil c = { y, mo, d, h, mi, s };

	return time_civil_check(&c);
}

static void
test_civil_check(void **state)
{
	(void)state;
	assert_int_equal(check_fields(2015, 6, 11, 18, 30, 0), ERR_OK);
	assert_int_equal(check_fields(1, 1, 1, 0, 0, 0), ERR_OK);
	assert_int_equal(check_fields(9999, 12, 31, 23, 59, 59), ERR_OK);
	assert_int_equal(check_fields(2015, 6, 31, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 6, 30, 0, 0, 0), ERR_OK);
	assert_int_equal(check_fields(2015, 2, 29, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2016, 2, 29, 0, 0, 0), ERR_OK);
	assert_int_equal(check_fields(1900, 2, 29, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2000, 2, 29, 0, 0, 0), ERR_OK);
	assert_int_equal(check_fields(2015, 4, 31, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 9, 31, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 11, 31, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 0, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 32, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 0, 1, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 13, 1, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(0, 1, 1, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(10000, 1, 1, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(-1, 1, 1, 0, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, 24, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, -1, 0, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, 0, 60, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, 0, -1, 0), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, 0, 0, 60), ERR_INVAL);
	assert_int_equal(check_fields(2015, 1, 1, 0, 0, -1), ERR_INVAL);
}

static int64_t
from(int y, int mo, int d, int h, int mi, int s)
{
	struct civil c = { y, mo, d, h, mi, s };
	int64_t t = 0;

	assert_int_equal(time_from_civil(&c, &t), ERR_OK);
	return t;
}

static void
test_known_instants(void **state)
{
	int64_t t = 99;
	struct civil bad = { 2015, 6, 31, 0, 0, 0 };

	(void)state;
	assert_true(from(1970, 1, 1, 0, 0, 0) == 0);
	assert_true(from(1969, 12, 31, 23, 59, 59) == -1);
	assert_true(from(2015, 6, 11, 15, 30, 0) == 1434036600);
	assert_true(from(2000, 3, 1, 0, 0, 0) == 951868800);
	assert_true(from(2000, 2, 29, 0, 0, 0) == 951782400);
	assert_true(from(1900, 3, 1, 0, 0, 0) == -2203891200LL);
	assert_true(from(2038, 1, 19, 3, 14, 8) == 2147483648LL);
	assert_true(from(1901, 12, 13, 20, 45, 52) == -2147483648LL);
	assert_true(from(1, 1, 1, 0, 0, 0) == T_FIRST);
	assert_true(from(9999, 12, 31, 23, 59, 59) == T_LAST);
	assert_true(from(1600, 1, 1, 0, 0, 0) == -11676096000LL);
	/* a rejected civil time leaves the output alone */
	assert_int_equal(time_from_civil(&bad, &t), ERR_INVAL);
	assert_true(t == 99);
}

static void
check_to_civil(int64_t t, int y, int mo, int d, int h, int mi, int s)
{
	struct civil c;

	assert_int_equal(time_to_civil(t, &c), ERR_OK);
	assert_int_equal(c.year, y);
	assert_int_equal(c.month, mo);
	assert_int_equal(c.day, d);
	assert_int_equal(c.hour, h);
	assert_int_equal(c.min, mi);
	assert_int_equal(c.sec, s);
}

static void
test_to_civil(void **state)
{
	struct civil c;

	(void)state;
	check_to_civil(0, 1970, 1, 1, 0, 0, 0);
	check_to_civil(-1, 1969, 12, 31, 23, 59, 59);
	check_to_civil(-86400, 1969, 12, 31, 0, 0, 0);
	check_to_civil(-86401, 1969, 12, 30, 23, 59, 59);
	check_to_civil(1434036600, 2015, 6, 11, 15, 30, 0);
	check_to_civil(951782400, 2000, 2, 29, 0, 0, 0);
	check_to_civil(951868799, 2000, 2, 29, 23, 59, 59);
	check_to_civil(-2203977600LL, 1900, 2, 28, 0, 0, 0);
	check_to_civil(-2203891200LL, 1900, 3, 1, 0, 0, 0);
	check_to_civil(T_FIRST, 1, 1, 1, 0, 0, 0);
	check_to_civil(T_LAST, 9999, 12, 31, 23, 59, 59);
	check_to_civil(4102444800LL, 2100, 1, 1, 0, 0, 0);
	assert_int_equal(time_to_civil(T_FIRST - 1, &c), ERR_INVAL);
	assert_int_equal(time_to_civil(T_LAST + 1, &c), ERR_INVAL);
	assert_int_equal(time_to_civil(INT64_MIN, &c), ERR_INVAL);
	assert_int_equal(time_to_civil(INT64_MAX, &c), ERR_INVAL);
}

/* a small deterministic generator so a failure is reproducible */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
round_trip(int64_t t)
{
	struct civil c;
	int64_t back = 0;

	if (time_to_civil(t, &c) != ERR_OK)
		fail_msg("to_civil %lld", (long long)t);
	if (time_civil_check(&c) != ERR_OK)
		fail_msg("bad civil from %lld", (long long)t);
	if (time_from_civil(&c, &back) != ERR_OK || back != t)
		fail_msg("round trip %lld -> %lld", (long long)t,
		    (long long)back);
}

static void
test_round_trip(void **state)
{
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	const int64_t span = T_LAST - T_FIRST + 1;

	(void)state;
	/* every day boundary for a few years around the epoch */
	for (int64_t t = -3 * 366 * 86400LL; t < 3 * 366 * 86400LL;
	    t += 86400) {
		round_trip(t);
		round_trip(t - 1);
	}
	/* the edges of the range */
	for (int64_t k = 0; k < 100000; k += 7) {
		round_trip(T_FIRST + k);
		round_trip(T_LAST - k);
	}
	/* random instants over the whole range, negative ones included */
	for (int k = 0; k < 200000; k++)
		round_trip(T_FIRST +
		    (int64_t)(next_rand(&seed) % (uint64_t)span));
}

/* consecutive days: civil dates follow each other without a gap */
static void
test_every_day(void **state)
{
	struct civil prev, c;

	(void)state;
	assert_int_equal(time_to_civil(T_FIRST, &prev), ERR_OK);
	for (int64_t t = T_FIRST + 86400; t <= T_LAST; t += 86400) {
		assert_int_equal(time_to_civil(t, &c), ERR_OK);
		if (c.day == 1) {
			if (prev.day != time_days_in_month(prev.year,
			    prev.month))
				fail_msg("%04d-%02d-%02d before a 1st",
				    prev.year, prev.month, prev.day);
			if (c.month == 1)
				assert_int_equal(c.year, prev.year + 1);
			else
				assert_int_equal(c.month, prev.month + 1);
		} else {
			if (c.day != prev.day + 1 || c.month != prev.month)
				fail_msg("%04d-%02d-%02d after %04d-%02d-%02d",
				    c.year, c.month, c.day, prev.year,
				    prev.month, prev.day);
		}
		prev = c;
	}
	assert_int_equal(prev.year, 9999);
	assert_int_equal(prev.month, 12);
	assert_int_equal(prev.day, 31);
}

static void
check_format(int64_t t, int off, const char *want)
{
	char out[TIME_RFC3339_MAX];

	memset(out, 'X', sizeof out);
	assert_int_equal(time_format_rfc3339(t, off, out), ERR_OK);
	assert_string_equal(out, want);
}

static void
test_format(void **state)
{
	char out[TIME_RFC3339_MAX];

	(void)state;
	check_format(1434036600, 10800, "2015-06-11T18:30:00+03:00");
	check_format(1434036600, 0, "2015-06-11T15:30:00+00:00");
	check_format(1434036600, -5 * 3600 - 1800, "2015-06-11T10:00:00-05:30");
	check_format(1434036600, 5 * 3600 + 2700, "2015-06-11T21:15:00+05:45");
	check_format(0, 0, "1970-01-01T00:00:00+00:00");
	check_format(-1, 0, "1969-12-31T23:59:59+00:00");
	/* the offset moves the date across midnight and a year */
	check_format(1704067200, -3600, "2023-12-31T23:00:00-01:00");
	check_format(1704067199, 3600, "2024-01-01T00:59:59+01:00");
	check_format(1434036600, TIME_OFFSET_MAX, "2015-06-12T09:30:00+18:00");
	check_format(1434036600, -TIME_OFFSET_MAX, "2015-06-10T21:30:00-18:00");
	/* an offset of a few seconds west still prints a '-' */
	check_format(1434036600, -60, "2015-06-11T15:29:00-00:01");
	/* the first and last representable instants */
	check_format(T_FIRST, 0, "0001-01-01T00:00:00+00:00");
	check_format(T_LAST, 0, "9999-12-31T23:59:59+00:00");
	check_format(T_LAST - 3600, 3600, "9999-12-31T23:59:59+01:00");
	check_format(T_FIRST + 3600, -3600, "0001-01-01T00:00:00-01:00");
	/* what the parser accepts, the formatter writes back */
	check_format(T_FIRST - 3600, 3600, "0001-01-01T00:00:00+01:00");
	check_format(T_LAST + 3600, -3600, "9999-12-31T23:59:59-01:00");

	assert_int_equal(time_format_rfc3339(0, TIME_OFFSET_MAX + 60, out),
	    ERR_INVAL);
	assert_int_equal(time_format_rfc3339(0, -TIME_OFFSET_MAX - 60, out),
	    ERR_INVAL);
	assert_int_equal(time_format_rfc3339(T_LAST + 1, 0, out), ERR_INVAL);
	assert_int_equal(time_format_rfc3339(T_FIRST - 1, 0, out), ERR_INVAL);
	/* the shifted local time must be in range too */
	assert_int_equal(time_format_rfc3339(T_LAST, 3600, out), ERR_INVAL);
	assert_int_equal(time_format_rfc3339(T_FIRST, -3600, out), ERR_INVAL);
	/* RFC 3339 offsets are whole minutes: a seconds part would be lost
	 * and the text would name another instant */
	assert_int_equal(time_format_rfc3339(0, 30, out), ERR_INVAL);
	assert_int_equal(time_format_rfc3339(0, -(2 * 3600 + 30 * 60 + 17),
	    out), ERR_INVAL);
	assert_int_equal(time_format_rfc3339(INT64_MAX, 0, out), ERR_INVAL);
	assert_int_equal(time_format_rfc3339(INT64_MAX, -TIME_OFFSET_MAX, out),
	    ERR_INVAL);
	assert_int_equal(time_format_rfc3339(INT64_MIN, TIME_OFFSET_MAX, out),
	    ERR_INVAL);
	assert_int_equal(time_format_rfc3339(INT64_MIN, 0, out), ERR_INVAL);
}

#define PARSE_OK(lit, want_t, want_off) \
	check_parse_ok((lit), sizeof(lit) - 1, (want_t), (want_off))
#define PARSE_BAD(lit) check_parse_bad((lit), sizeof(lit) - 1)

static void
check_parse_ok(const char *s, size_t n, int64_t want_t, int want_off)
{
	int64_t t = 0;
	int off = 99;

	if (time_parse_rfc3339(s, n, &t, &off) != ERR_OK)
		fail_msg("refused \"%s\"", s);
	if (t != want_t || off != want_off)
		fail_msg("\"%s\" -> %lld %d", s, (long long)t, off);
}

static void
check_parse_bad(const char *s, size_t n)
{
	int64_t t = 77;
	int off = 99;

	if (time_parse_rfc3339(s, n, &t, &off) != ERR_INVAL)
		fail_msg("accepted \"%s\"", s);
	/* outputs are written only on success */
	assert_true(t == 77);
	assert_int_equal(off, 99);
}

static void
test_parse(void **state)
{
	(void)state;
	PARSE_OK("2015-06-11T18:30:00+03:00", 1434036600, 10800);
	PARSE_OK("2015-06-11T15:30:00Z", 1434036600, 0);
	PARSE_OK("2015-06-11T15:30:00z", 1434036600, 0);
	PARSE_OK("2015-06-11t15:30:00z", 1434036600, 0);
	PARSE_OK("2015-06-11T15:30:00+00:00", 1434036600, 0);
	PARSE_OK("2015-06-11T15:30:00-00:00", 1434036600, 0);
	PARSE_OK("2015-06-11T10:00:00-05:30", 1434036600, -19800);
	PARSE_OK("2015-06-11T21:15:00+05:45", 1434036600, 20700);
	PARSE_OK("2015-06-11T18:30:00.5+03:00", 1434036600, 10800);
	PARSE_OK("2015-06-11T18:30:00.123456789+03:00", 1434036600, 10800);
	PARSE_OK("2015-06-11T15:30:00.999999Z", 1434036600, 0);
	PARSE_OK("2015-06-12T09:30:00+18:00", 1434036600, 18 * 3600);
	PARSE_OK("2015-06-10T21:30:00-18:00", 1434036600, -18 * 3600);
	PARSE_OK("1970-01-01T00:00:00Z", 0, 0);
	PARSE_OK("1969-12-31T23:59:59Z", -1, 0);
	PARSE_OK("1900-01-01T00:00:00Z", -2208988800LL, 0);
	PARSE_OK("2024-02-29T12:00:00Z", 1709208000, 0);
	PARSE_OK("2000-02-29T00:00:00Z", 951782400, 0);
	PARSE_OK("0001-01-01T00:00:00Z", T_FIRST, 0);
	PARSE_OK("9999-12-31T23:59:59Z", T_LAST, 0);
	PARSE_OK("0001-01-01T00:00:00+01:00", T_FIRST - 3600, 3600);
	/* the offset moves the instant across a day */
	PARSE_OK("2024-01-01T00:30:00+01:00", 1704065400, 3600);
}

static void
test_parse_bad(void **state)
{
	(void)state;
	PARSE_BAD("");
	PARSE_BAD("2015");
	PARSE_BAD("2015-06-11");
	PARSE_BAD("2015-06-11T18:30");			/* no seconds */
	PARSE_BAD("2015-06-11T18:30:00");		/* no offset */
	PARSE_BAD("2015-06-11 18:30:00Z");		/* space for T */
	PARSE_BAD("2015-06-11x18:30:00Z");
	PARSE_BAD("2015-6-11T18:30:00Z");
	PARSE_BAD("15-06-11T18:30:00Z");
	PARSE_BAD("+2015-06-11T18:30:00Z");
	PARSE_BAD("2015/06/11T18:30:00Z");
	PARSE_BAD("2015-06-11T18.30.00Z");
	PARSE_BAD("2015-06-31T18:30:00Z");		/* 31 June */
	PARSE_BAD("2015-02-29T18:30:00Z");
	PARSE_BAD("1900-02-29T00:00:00Z");
	PARSE_BAD("2015-13-01T00:00:00Z");
	PARSE_BAD("2015-00-01T00:00:00Z");
	PARSE_BAD("2015-06-00T00:00:00Z");
	PARSE_BAD("0000-01-01T00:00:00Z");
	PARSE_BAD("2015-06-11T24:00:00Z");
	PARSE_BAD("2015-06-11T23:60:00Z");
	PARSE_BAD("2015-06-11T23:59:60Z");		/* leap second */
	PARSE_BAD("2015-06-11T18:30:00.Z");		/* empty fraction */
	PARSE_BAD("2015-06-11T18:30:00.+03:00");
	PARSE_BAD("2015-06-11T18:30:00,5Z");
	PARSE_BAD("2015-06-11T18:30:00+3:00");
	PARSE_BAD("2015-06-11T18:30:00+03");
	PARSE_BAD("2015-06-11T18:30:00+0300");
	PARSE_BAD("2015-06-11T18:30:00+03:0");
	PARSE_BAD("2015-06-11T18:30:00+03:60");
	PARSE_BAD("2015-06-11T18:30:00+18:01");	/* beyond 18h */
	PARSE_BAD("2015-06-11T18:30:00-18:30");
	PARSE_BAD("2015-06-11T18:30:00+23:59");
	PARSE_BAD("2015-06-11T18:30:00+99:00");
	PARSE_BAD("2015-06-11T18:30:00 +03:00");
	PARSE_BAD("2015-06-11T18:30:00ZZ");		/* trailing garbage */
	PARSE_BAD("2015-06-11T18:30:00Z ");
	PARSE_BAD("2015-06-11T18:30:00+03:00x");
	PARSE_BAD("2015-06-11T18:30:00+03:00\n");
	PARSE_BAD(" 2015-06-11T18:30:00Z");
	PARSE_BAD("2015-06-11T18:30:00UTC");
	PARSE_BAD("2015-06-11T18:30:00+03:00\0");	/* NUL inside n */
	PARSE_BAD("2015-06-\xD9\xA1\xD9\xA1T18:30:00Z");
}

static void
test_parse_slice(void **state)
{
	const char *s = "2015-06-11T15:30:00Zgarbage";
	int64_t t = 0;
	int off = 1;

	(void)state;
	/* only n bytes are read: what follows is not garbage to the parser */
	assert_int_equal(time_parse_rfc3339(s, 20, &t, &off), ERR_OK);
	assert_true(t == 1434036600);
	assert_int_equal(off, 0);
	/* a slice that ends inside the value */
	assert_int_equal(time_parse_rfc3339(s, 19, &t, &off), ERR_INVAL);
	assert_int_equal(time_parse_rfc3339(s, 0, &t, &off), ERR_INVAL);
}

/* format then parse gives the same instant and offset back */
static void
test_format_parse_round_trip(void **state)
{
	static const int offsets[] = { 0, 3600, -3600, 10800, 19800, 20700,
		-12600, 45900, -TIME_OFFSET_MAX, TIME_OFFSET_MAX, -60, 60 };
	uint64_t seed = 12345;
	char out[TIME_RFC3339_MAX];

	(void)state;
	for (int k = 0; k < 20000; k++) {
		int64_t t = (int64_t)(next_rand(&seed) % 20000000000ULL) -
		    10000000000LL, back = 0;
		int off = offsets[k % (sizeof offsets / sizeof offsets[0])];
		int boff = 1;

		assert_int_equal(time_format_rfc3339(t, off, out), ERR_OK);
		assert_int_equal(strlen(out), 25);
		assert_int_equal(time_parse_rfc3339(out, strlen(out), &back,
		    &boff), ERR_OK);
		if (back != t || boff != off)
			fail_msg("%s: %lld/%d vs %lld/%d", out, (long long)t,
			    off, (long long)back, boff);
	}
}

static void
test_now(void **state)
{
	int64_t t = time_now();

	(void)state;
	/* after this file was written and before the year 2200 */
	assert_true(t > 1700000000);
	assert_true(t < 7258118400LL);
}

static void
test_http_dates(void **state)
{
	char out[TIME_HTTP_MAX];
	int64_t t;

	(void)state;
	assert_int_equal(time_format_http(784111777, out), ERR_OK);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_int_equal(time_format_http(0, out), ERR_OK);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
	assert_int_equal(time_format_http(-1, out), ERR_OK);
	assert_string_equal(out, "Wed, 31 Dec 1969 23:59:59 GMT");
	assert_int_equal(time_parse_http("Sun, 06 Nov 1994 08:49:37 GMT", &t),
	    ERR_OK);
	assert_int_equal(t, 784111777);
	/* round trip over a range of instants */
	for (int64_t x = -86400 * 400; x < 86400LL * 365 * 80;
	    x += 86400 * 7 + 3671) {
		assert_int_equal(time_format_http(x, out), ERR_OK);
		assert_int_equal(time_parse_http(out, &t), ERR_OK);
		assert_int_equal(t, x);
	}
	/* obsolete forms and junk are refused */
	assert_int_equal(time_parse_http("Sunday, 06-Nov-94 08:49:37 GMT", &t),
	    ERR_INVAL);
	assert_int_equal(time_parse_http("Sun Nov  6 08:49:37 1994", &t),
	    ERR_INVAL);
	assert_int_equal(time_parse_http("Sun, 31 Jun 1994 08:49:37 GMT", &t),
	    ERR_INVAL);
	assert_int_equal(time_parse_http("Sun, 06 Nov 1994 08:49:37 UTC", &t),
	    ERR_INVAL);
	assert_int_equal(time_parse_http("", &t), ERR_INVAL);
	assert_int_equal(time_parse_http("Xyz, 06 Nov 1994 08:49:37 GMT", &t),
	    ERR_INVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_civil_check),
		cmocka_unit_test(test_known_instants),
		cmocka_unit_test(test_to_civil),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_slice),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_http_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
