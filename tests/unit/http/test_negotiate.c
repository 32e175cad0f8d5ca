/*
 * test_negotiate.c - the small pure parts of src/http: Accept-Language
 * negotiation, If-None-Match matching, method names and the error to
 * status mapping.
 *
 * Does not dispatch requests (tests/http does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "http_internal.h"
#include "pressroom/banned.h"

static struct locale avail[5];
static const char *const tags[5] = { "en-GB", "ru-RU", "ar", "de-DE",
	"en-US" };

static int
pick(const char *accept)
{
	return negotiate_locale(accept, avail, 5);
}

static void
t_negotiate(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		assert_int_equal(locale_parse(str_from(tags[i]), &avail[i]),
		    ERR_OK);
	assert_int_equal(pick(NULL), -1);
	assert_int_equal(pick(""), -1);
	assert_int_equal(pick("ru"), 1);
	assert_int_equal(pick("ru-RU"), 1);
	assert_int_equal(pick("ru-BY"), 1);	/* same language */
	assert_int_equal(pick("en-US"), 4);	/* exact beats language */
	assert_int_equal(pick("en"), 0);	/* first of the language */
	assert_int_equal(pick("fr, de;q=0.5"), 3);
	assert_int_equal(pick("de;q=0.5, ar;q=0.8"), 2);
	assert_int_equal(pick("de;q=0.5, ar;q=0"), 3);	/* q=0: not wanted */
	assert_int_equal(pick("ja, *;q=0.1"), 0);
	assert_int_equal(pick("ja, zh"), -1);
	assert_int_equal(pick("RU-ru"), 1);
	assert_int_equal(pick("ru;q=1.0, en;q=1"), 1);	/* order breaks ties */
	/* malformed ranges are skipped, never fatal */
	assert_int_equal(pick(";;;,,, de"), 3);
	assert_int_equal(pick("ru;q=2, de"), 3);
	assert_int_equal(pick("ru;q=0.5555, de;q=0.1"), 3);
	assert_int_equal(pick("ru;x=1, de"), 3);
	assert_int_equal(pick("-, en-"), -1);
}

static void
t_etag(void **state)
{
	(void)state;
	assert_true(etag_match("\"abc\"", "\"abc\""));
	assert_true(etag_match("W/\"abc\"", "\"abc\""));
	assert_true(etag_match("\"x\", \"abc\"", "\"abc\""));
	assert_true(etag_match("*", "\"abc\""));
	assert_false(etag_match("\"abcd\"", "\"abc\""));
	assert_false(etag_match("\"ab\"", "\"abc\""));
	assert_false(etag_match("", "\"abc\""));
	assert_false(etag_match(NULL, "\"abc\""));
	assert_false(etag_match("\"abc\"", ""));
}

static void
t_status(void **state)
{
	(void)state;
	assert_int_equal(http_status_of(ERR_OK), 200);
	assert_int_equal(http_status_of(ERR_NOTFOUND), 404);
	assert_int_equal(http_status_of(ERR_INVAL), 400);
	assert_int_equal(http_status_of(ERR_FORBIDDEN), 403);
	assert_int_equal(http_status_of(ERR_CONFLICT), 409);
	assert_int_equal(http_status_of(ERR_LIMIT), 413);
	assert_int_equal(http_status_of(ERR_NOMEM), 503);
	assert_int_equal(http_status_of(ERR_DB), 500);
	assert_int_equal(http_status_of(ERR_CORRUPT), 500);
	assert_int_equal(http_status_of((enum err)999), 500);
	assert_string_equal(http_reason(404), "Not Found");
	assert_int_equal(http_method_parse("GET"), HTTP_GET);
	assert_int_equal(http_method_parse("HEAD"), HTTP_HEAD);
	assert_int_equal(http_method_parse("get"), HTTP_OTHER);
	assert_int_equal(http_method_parse("BREW"), HTTP_OTHER);
}

static const char *ae_value;

static const char *
ae_header(const void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "Accept-Encoding") == 0 ? ae_value : NULL;
}

static bool
gz_for(const char *ae)
{
	static char gz[] = "x";
	struct http_reply r = { .gz = gz, .gzlen = 1 };
	struct http_request req = { .header = ae_header };

	ae_value = ae;
	return http_reply_gzip(&r, &req);
}

static void
t_accept_encoding(void **state)
{
	(void)state;
	assert_true(gz_for("gzip"));
	assert_true(gz_for("deflate, gzip;q=0.5"));
	assert_true(gz_for("GZIP"));
	assert_true(gz_for("x-gzip"));
	assert_true(gz_for("*"));
	assert_true(gz_for("br;q=1.0, gzip;q=0.8, *;q=0.1"));
	assert_false(gz_for(NULL));
	assert_false(gz_for(""));
	assert_false(gz_for("br, deflate"));
	assert_false(gz_for("gzip;q=0"));
	assert_false(gz_for("gzip;q=0.000"));
	assert_false(gz_for("gzipper"));
	assert_false(gz_for("identity"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_negotiate),
		cmocka_unit_test(t_etag),
		cmocka_unit_test(t_status),
		cmocka_unit_test(t_accept_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
