/*
 * time.c - civil calendar arithmetic (proleptic Gregorian) and RFC 3339.
 *
 * Uses the days-from-civil algorithm (H. Hinnant) instead of gmtime/timegm.
 * Does not know about time zones (tz.c) or month names (languages are not
 * base's business).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "pressroom/time.h"
#include "pressroom/banned.h"

#define YEAR_MIN 1
#define YEAR_MAX 9999

bool
time_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
time_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
		31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && time_is_leap(y))
		return 29;
	return days[m - 1];
}

enum err
time_civil_check(const struct civil *c)
{
	if (c->year < YEAR_MIN || c->year > YEAR_MAX || c->month < 1 ||
	    c->month > 12 || c->day < 1 ||
	    c->day > time_days_in_month(c->year, c->month) || c->hour < 0 ||
	    c->hour > 23 || c->min < 0 || c->min > 59 || c->sec < 0 ||
	    c->sec > 59)
		return ERR_INVAL;
	return ERR_OK;
}

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

enum err
time_from_civil(const struct civil *c, int64_t *out)
{
	if (time_civil_check(c) != ERR_OK)
		return ERR_INVAL;
	*out = days_from_civil(c->year, c->month, c->day) * 86400 +
	    c->hour * 3600 + c->min * 60 + c->sec;
	return ERR_OK;
}

/* First and last instants of years 1..9999. */
#define T_MIN (-62135596800LL)
#define T_MAX (253402300799LL)

enum err
time_to_civil(int64_t t, struct civil *out)
{
	int64_t days, secs, z, era, doe, yoe, y, doy, mp;

	if (t < T_MIN || t > T_MAX)
		return ERR_INVAL;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->year = (int)(y + (out->month <= 2));
	out->hour = (int)(secs / 3600);
	out->min = (int)(secs / 60 % 60);
	out->sec = (int)(secs % 60);
	return ERR_OK;
}

enum err
time_format_rfc3339(int64_t t, int offset, char *out)
{
	struct civil c;
	int a;

	/* RFC 3339 offsets are whole minutes; the local time must lie in
	 * years 1..9999 (time_to_civil checks), the bounds on t only keep
	 * t + offset from overflowing */
	if (offset < -TIME_OFFSET_MAX || offset > TIME_OFFSET_MAX ||
	    offset % 60 != 0 || t < T_MIN - TIME_OFFSET_MAX ||
	    t > T_MAX + TIME_OFFSET_MAX)
		return ERR_INVAL;
	if (time_to_civil(t + offset, &c) != ERR_OK)
		return ERR_INVAL;
	a = offset < 0 ? -offset : offset;
	snprintf(out, TIME_RFC3339_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    c.year, c.month, c.day, c.hour, c.min, c.sec,
	    offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	return ERR_OK;
}

static bool
take_digits(const char *s, size_t n, size_t *i, size_t count, int *out)
{
	int v = 0;

	if (n - *i < count)
		return false;
	for (size_t k = 0; k < count; k++) {
		char c = s[*i + k];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*i += count;
	*out = v;
	return true;
}

static bool
take_char(const char *s, size_t n, size_t *i, char c1, char c2)
{
	if (*i >= n || (s[*i] != c1 && s[*i] != c2))
		return false;
	(*i)++;
	return true;
}

enum err
time_parse_rfc3339(const char *s, size_t n, int64_t *t, int *offset)
{
	struct civil c;
	size_t i = 0;
	int oh, om, off, sign;
	int64_t local;

	if (!take_digits(s, n, &i, 4, &c.year) || !take_char(s, n, &i, '-', '-') ||
	    !take_digits(s, n, &i, 2, &c.month) ||
	    !take_char(s, n, &i, '-', '-') || !take_digits(s, n, &i, 2, &c.day) ||
	    !take_char(s, n, &i, 'T', 't') ||
	    !take_digits(s, n, &i, 2, &c.hour) ||
	    !take_char(s, n, &i, ':', ':') || !take_digits(s, n, &i, 2, &c.min) ||
	    !take_char(s, n, &i, ':', ':') || !take_digits(s, n, &i, 2, &c.sec))
		return ERR_INVAL;
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return ERR_INVAL;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (take_char(s, n, &i, 'Z', 'z')) {
		off = 0;
	} else {
		if (i >= n || (s[i] != '+' && s[i] != '-'))
			return ERR_INVAL;
		sign = s[i] == '-' ? -1 : 1;
		i++;
		if (!take_digits(s, n, &i, 2, &oh) ||
		    !take_char(s, n, &i, ':', ':') ||
		    !take_digits(s, n, &i, 2, &om) || om > 59)
			return ERR_INVAL;
		off = sign * (oh * 3600 + om * 60);
		if (off < -TIME_OFFSET_MAX || off > TIME_OFFSET_MAX)
			return ERR_INVAL;
	}
	if (i != n)
		return ERR_INVAL;
	if (time_from_civil(&c, &local) != ERR_OK)
		return ERR_INVAL;
	*t = local - off;
	*offset = off;
	return ERR_OK;
}

static const char *const wdays[7] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	"Tue", "Wed" };	/* 1970-01-01 was a Thursday */
static const char *const mons[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

enum err
time_format_http(int64_t t, char *out)
{
	struct civil c;
	int64_t days;

	if (time_to_civil(t, &c) != ERR_OK)
		return ERR_INVAL;
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	snprintf(out, TIME_HTTP_MAX, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    wdays[((days % 7) + 7) % 7], c.day, mons[c.month - 1], c.year,
	    c.hour, c.min, c.sec);
	return ERR_OK;
}

enum err
time_parse_http(const char *s, int64_t *out)
{
	struct civil c = { 0 };
	size_t i = 5, n = strlen(s);
	int m = -1, wd = -1;

	/* "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 bytes */
	if (n != 29 || s[3] != ',' || s[4] != ' ')
		return ERR_INVAL;
	for (int k = 0; k < 7; k++)
		if (strncmp(s, wdays[k], 3) == 0)
			wd = k;
	if (wd < 0 || !take_digits(s, n, &i, 2, &c.day) ||
	    !take_char(s, n, &i, ' ', ' '))
		return ERR_INVAL;
	for (int k = 0; k < 12; k++)
		if (strncmp(s + i, mons[k], 3) == 0)
			m = k;
	if (m < 0)
		return ERR_INVAL;
	c.month = m + 1;
	i += 3;
	if (!take_char(s, n, &i, ' ', ' ') ||
	    !take_digits(s, n, &i, 4, &c.year) ||
	    !take_char(s, n, &i, ' ', ' ') ||
	    !take_digits(s, n, &i, 2, &c.hour) ||
	    !take_char(s, n, &i, ':', ':') ||
	    !take_digits(s, n, &i, 2, &c.min) ||
	    !take_char(s, n, &i, ':', ':') ||
	    !take_digits(s, n, &i, 2, &c.sec) || strcmp(s + i, " GMT") != 0)
		return ERR_INVAL;
	return time_from_civil(&c, out);
}

int64_t
time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}
