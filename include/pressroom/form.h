/*
 * form.h - request bodies and cookies as the browser sends them: HTML form
 * submissions (application/x-www-form-urlencoded and multipart/form-data)
 * and the Cookie header.
 *
 * Parsing is strict and bounded: a malformed body is refused with a reason
 * (never half-read), text values must be UTF-8, names and the number of
 * fields are capped (LIMIT_FORM_*). Everything decoded lives in the arena
 * given. Does not know what a field means (the handlers do) and does not
 * touch sockets.
 */
#ifndef PRESSROOM_FORM_H
#define PRESSROOM_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/err.h"

#define LIMIT_FORM_FIELDS 20000
#define LIMIT_FORM_NAME_BYTES 256
#define LIMIT_FORM_PART_HEADER_BYTES 4096

struct form_field {
	const char *name;	/* decoded, NUL-terminated */
	const char *value;	/* decoded, NUL-terminated (a file's bytes may
				 * hold NULs: use len) */
	size_t len;
	const char *filename;	/* a multipart file part's name as the client
				 * gave it (path cut off), else NULL */
	const char *type;	/* a multipart part's Content-Type, else NULL */
};

struct form {
	struct form_field *fields;
	size_t n;
};

/*
 * Parses body (len bytes) by its Content-Type: urlencoded, or multipart
 * with its boundary. A file part's bytes are taken as they are; every
 * other value must be UTF-8 (ERR_INVAL). ERR_INVAL for a malformed body or
 * an unsupported type (why gets a short English reason), ERR_LIMIT past a
 * cap, ERR_NOMEM. On success *out holds the fields in body order.
 */
enum err form_parse(struct arena *a, const char *content_type,
    const char *body, size_t len, struct form *out, const char **why);

/* The same for a query string or urlencoded body ("a=1&b=%C3%A9+x"). */
enum err form_parse_urlencoded(struct arena *a, const char *s, size_t len,
    struct form *out, const char **why);

/* The first text value of name (not a file), or NULL. */
const char *form_get(const struct form *f, const char *name);

/* The first field of name (file or not), or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);

/*
 * The value of cookie name in a Cookie header (RFC 6265 syntax, quotes
 * removed), copied into a; NULL when absent or malformed. When a name
 * appears twice the first wins, as browsers send the most specific first.
 */
const char *form_cookie(struct arena *a, const char *header,
    const char *name);

/* The value of parameter param ("boundary", "charset") of a header value
 * such as a Content-Type, unquoted, in a; NULL when absent. */
const char *form_header_param(struct arena *a, const char *value,
    const char *param);

/* True if a Content-Type value is of type t ("application/json"),
 * ignoring case, blanks and parameters. */
bool form_type_is(const char *content_type, const char *t);

#endif
