/*
 * fixture.h - a test database holding the examples and the seed, and a
 * request builder (method, target, headers, body, peer address), for the
 * HTTP tests that run through the dispatcher.
 *
 * Not a test itself; does not start a server.
 */
#ifndef PRESSROOM_TESTS_HTTP_FIXTURE_H
#define PRESSROOM_TESTS_HTTP_FIXTURE_H

#include "pressroom/http.h"

#define FIX_HEADERS_MAX 16
#define FIX_PARAMS_MAX 8

struct fix_request {
	struct http_request req;
	struct arena arena;
	const char *headers[FIX_HEADERS_MAX][2];
	size_t nheaders;
	const char *params[FIX_PARAMS_MAX][2];
	size_t nparams;
	char path[4096];
	char *body;		/* owned copy, or NULL */
};

/*
 * Creates dir/fixture.db with the examples' JSON files (ids 1..8 in file
 * order) and the seed (id 9, --tz Europe/Moscow); asset 3 is related to 1
 * and 8; ids 10 to 13 are copies of asset 1 (titled with their slugs)
 * scheduled for 2100, withdrawn, unpublished and draft. Tags: "water" on 1,
 * 3, 4; "vessa river" on 1; "consular affairs" on 3, 8. Publishers:
 * "statements" (statements and speeches, by year, titled in en, ru, ar),
 * "water" (tag water, table by title, en-GB ru-RU ar de-DE with the
 * original as fallback, 2 per page, prev/next) and "picks" (manual: 8, 11,
 * 1, 10, 3, full text).
 * Returns the database path (static storage). Aborts the test on failure.
 */
const char *fix_db_create(const char *dir);

/* An app on db with base URL http://test.invalid. */
struct app *fix_app(const char *db);

/* Prepares a GET for target ("/path?a=b&c=d": the query is split). */
void fix_request_init(struct fix_request *f, enum http_method m,
    const char *target);
/*
 * Adds a header (any name; looked up case-insensitively, the first of a
 * name wins). name and value are borrowed: they must outlive the request.
 * More than FIX_HEADERS_MAX aborts the test.
 */
void fix_request_header(struct fix_request *f, const char *name,
    const char *value);

/*
 * Gives the request a body: a copy of len bytes (which may hold NULs),
 * NUL-terminated as http.h promises, in a block of its own so that the
 * sanitizers see a read past it; and, unless content_type is NULL, a
 * Content-Type header. A second call replaces the body.
 */
void fix_request_body(struct fix_request *f, const char *content_type,
    const void *body, size_t len);

/* The client's address as the server adapter would give it (borrowed). */
void fix_request_peer(struct fix_request *f, const char *peer);

void fix_request_release(struct fix_request *f);

#endif
