/*
 * log.h - one-line log messages on stderr, with untrusted bytes quoted.
 *
 * Messages are written with a single write(2) so lines from several threads
 * do not interleave. Does not rotate files or talk to syslog.
 */
#ifndef PRESSROOM_LOG_H
#define PRESSROOM_LOG_H

#include <stddef.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_LEVEL__MAX };

/* Messages above this level are dropped; LOG_INFO by default. */
void log_set_level(enum log_level l);

void log_msg(enum log_level l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Writes s[0..n) into out (outlen bytes, NUL-terminated) with every byte
 * outside printable ASCII and every '"' and '\\' escaped as \xHH, cut with
 * "..." when it does not fit. For logging what a client sent.
 */
void log_quote(const char *s, size_t n, char *out, size_t outlen);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
