/*
 * log.c - one-line messages on stderr with a UTC timestamp and level.
 *
 * Each message goes out in one write(2). Does not buffer, rotate or filter by
 * module.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>
#include "pressroom/log.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

static atomic_int log_level = LOG_INFO;

static const char *const level_names[LOG_LEVEL__MAX] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

void
log_set_level(enum log_level l)
{
	atomic_store(&log_level, (int)l);
}

void
log_msg(enum log_level l, const char *fmt, ...)
{
	char line[2048], stamp[TIME_RFC3339_MAX];
	va_list ap;
	int n, m;

	if ((int)l > atomic_load(&log_level) || (unsigned)l >= LOG_LEVEL__MAX)
		return;
	if (time_format_rfc3339(time_now(), 0, stamp) != ERR_OK)
		stamp[0] = '\0';
	n = snprintf(line, sizeof line, "%s pressroom %s: ", stamp,
	    level_names[l]);
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n >= sizeof line - 1)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

void
log_quote(const char *s, size_t n, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (outlen == 0)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ?
		    1 : 4;

		if (o + need + 4 > outlen) {
			if (o + 4 <= outlen) {
				out[o++] = '.';
				out[o++] = '.';
				out[o++] = '.';
			}
			break;
		}
		if (need == 1) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o < outlen ? o : outlen - 1] = '\0';
}
