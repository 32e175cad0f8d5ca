/*
 * err.c - names of errors and the diag record.
 *
 * Does not print: callers decide where a message goes.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/err.h"
#include "pressroom/banned.h"

static const char *const err_names[ERR__MAX] = {
	[ERR_OK] = "success",
	[ERR_NOMEM] = "out of memory",
	[ERR_INVAL] = "invalid input",
	[ERR_LIMIT] = "limit exceeded",
	[ERR_NOTFOUND] = "not found",
	[ERR_CONFLICT] = "conflict",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_IO] = "input/output error",
	[ERR_DB] = "database error",
	[ERR_CORRUPT] = "corrupt data",
	[ERR_AUTH] = "not signed in",
	[ERR_RATE] = "too many attempts",
};

const char *
err_str(enum err e)
{
	if ((unsigned)e >= ERR__MAX)
		return "unknown error";
	return err_names[e];
}

void
diag_init(struct diag *d, const char *file)
{
	if (d == NULL)
		return;
	d->file = file;
	d->line = 0;
	d->col = 0;
	d->msg[0] = '\0';
}

void
diag_set(struct diag *d, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL || d->msg[0] != '\0')
		return;
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	if (d->msg[0] == '\0')
		snprintf(d->msg, sizeof d->msg, "%s", "error");
}

void
diag_format(const struct diag *d, char *out, unsigned long outlen)
{
	const char *file = d->file != NULL ? d->file : "";
	const char *sep = d->file != NULL ? ":" : "";

	if (d->line > 0 && d->col > 0)
		snprintf(out, outlen, "%s%s%u:%u: %s", file, sep, d->line,
		    d->col, d->msg);
	else if (d->line > 0)
		snprintf(out, outlen, "%s%s%u: %s", file, sep, d->line, d->msg);
	else if (d->file != NULL)
		snprintf(out, outlen, "%s: %s", file, d->msg);
	else
		snprintf(out, outlen, "%s", d->msg);
}
