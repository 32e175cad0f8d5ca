/*
 * test_cases.c - runs tests/http/cases.txt through http_dispatch, one
 * cmocka test per case (format at the top of cases.txt).
 *
 * Does not open sockets (tests/e2e does) and does not test the cache
 * (test_cache.c does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "fixture.h"
#include "pressroom/banned.h"

#define CASES_MAX 256
#define LINES_MAX 64

struct tcase {
	char name[200];
	unsigned line;		/* in cases.txt */
	char *lines[LINES_MAX];	/* the case's lines after "===" */
	size_t nlines;
};

static struct tcase cases[CASES_MAX];
static size_t ncases;
static struct app *app;
static char tmpdir[] = "/tmp/pressroom-http-XXXXXX";
static char last_etag[64], last_etag_gz[64];

/* "\xff" escapes in a request line, for bytes a text file can't hold */
static void
unescape(char *s)
{
	char *o = s;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] == 'x' && s[2] != '\0' &&
		    s[3] != '\0') {
			char hex[3] = { s[2], s[3], 0 };

			*o++ = (char)strtol(hex, NULL, 16);
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

static void
load_cases(void)
{
	FILE *f = fopen(TEST_SRC_ROOT "/tests/http/cases.txt", "r");
	char line[8192];
	unsigned no = 0;
	struct tcase *c = NULL;

	if (f == NULL) {
		perror("cases.txt");
		exit(1);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);

		no++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (strncmp(line, "=== ", 4) == 0) {
			if (ncases == CASES_MAX) {
				fprintf(stderr, "too many cases\n");
				exit(1);
			}
			c = &cases[ncases++];
			snprintf(c->name, sizeof c->name, "%.199s", line + 4);
			c->line = no;
			continue;
		}
		if (c == NULL || c->nlines == LINES_MAX) {
			fprintf(stderr, "cases.txt:%u: line outside a case\n",
			    no);
			exit(1);
		}
		c->lines[c->nlines++] = strdup(line);
	}
	fclose(f);
}

static void
run_case(void **state)
{
	struct tcase *c = *state;
	struct fix_request fr;
	struct http_reply *r;
	char target[4096], method[16], hv[512];
	char *sp, *etag_header = NULL;
	bool failed = false;

	snprintf(target, sizeof target, "%s", c->lines[0]);
	sp = strchr(target, ' ');
	if (sp == NULL)
		fail_msg("cases.txt:%u: first line must be METHOD PATH",
		    c->line);
	*sp = '\0';
	snprintf(method, sizeof method, "%.15s", target);
	memmove(target, sp + 1, strlen(sp + 1) + 1);
	unescape(target);
	fix_request_init(&fr, http_method_parse(method), target);
	for (size_t i = 1; i < c->nlines; i++) {
		char *l = c->lines[i], *colon;

		if (strncmp(l, "> ", 2) != 0)
			continue;
		colon = strstr(l + 2, ": ");
		if (colon == NULL)
			fail_msg("cases.txt:%u: bad header line %s", c->line,
			    l);
		*colon = '\0';
		if (strstr(colon + 2, "$ETAG") != NULL) {
			char *at = strstr(colon + 2, "$ETAG");
			bool gz = strncmp(at, "$ETAG_GZ", 8) == 0;

			snprintf(hv, sizeof hv, "%.*s%s%s",
			    (int)(at - (colon + 2)), colon + 2,
			    gz ? last_etag_gz : last_etag, at + (gz ? 8 : 5));
			free(etag_header);
			etag_header = strdup(hv);
			fix_request_header(&fr, l + 2, etag_header);
		} else {
			fix_request_header(&fr, l + 2, colon + 2);
		}
	}
	r = http_dispatch(app, &fr.req);
	for (size_t i = 1; i < c->nlines; i++) {
		const char *l = c->lines[i], *v;
		char name[128];

		if (strncmp(l, "> ", 2) == 0)
			continue;
		if (strncmp(l, "< ", 2) == 0 && l[2] >= '1' && l[2] <= '5' &&
		    strlen(l) == 5) {
			if (r->status != atol(l + 2)) {
				print_error("  status %d, expected %s\n",
				    r->status, l + 2);
				failed = true;
			}
		} else if (strncmp(l, "< ", 2) == 0) {
			const char *colon = strstr(l + 2, ": ");

			if (colon == NULL)
				fail_msg("cases.txt:%u: bad line %s", c->line,
				    l);
			snprintf(name, sizeof name, "%.*s",
			    (int)(colon - l - 2), l + 2);
			if (strcasecmp(name, "Content-Type") == 0)
				v = r->content_type;
			else
				v = http_reply_header(r, name);
			if (v == NULL || strcmp(v, colon + 2) != 0) {
				print_error("  header %s: %s, expected %s\n",
				    name, v != NULL ? v : "(absent)",
				    colon + 2);
				failed = true;
			}
		} else if (strncmp(l, "<? ", 3) == 0) {
			if (http_reply_header(r, l + 3) == NULL) {
				print_error("  header %s absent\n", l + 3);
				failed = true;
			}
		} else if (strncmp(l, "<! ", 3) == 0) {
			if (http_reply_header(r, l + 3) != NULL) {
				print_error("  header %s present\n", l + 3);
				failed = true;
			}
		} else if (strncmp(l, "~ ", 2) == 0) {
			if (strstr(r->body, l + 2) == NULL) {
				print_error("  body lacks: %s\n", l + 2);
				failed = true;
			}
		} else if (strncmp(l, "!~ ", 3) == 0) {
			if (strstr(r->body, l + 3) != NULL) {
				print_error("  body has: %s\n", l + 3);
				failed = true;
			}
		} else {
			fail_msg("cases.txt:%u: unknown line: %s", c->line, l);
		}
	}
	if (r->etag[0] != '\0')
		snprintf(last_etag, sizeof last_etag, "%s", r->etag);
	if (r->etag_gz[0] != '\0')
		snprintf(last_etag_gz, sizeof last_etag_gz, "%s", r->etag_gz);
	if (failed)
		print_error("  body was:\n%.3000s\n", r->body);
	http_reply_unref(r);
	fix_request_release(&fr);
	free(etag_header);
	if (failed)
		fail_msg("case \"%s\" (cases.txt:%u) failed", c->name, c->line);
}

int
main(void)
{
	struct CMUnitTest *tests;
	const char *db;
	int rc;

	load_cases();
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	db = fix_db_create(tmpdir);
	app = fix_app(db);
	tests = calloc(ncases, sizeof *tests);
	for (size_t i = 0; i < ncases; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = &cases[i];
	}
	/* cases run in file order: the conditional ones use the ETag of the
	 * case before them */
	rc = _cmocka_run_group_tests("http cases", tests, ncases, NULL, NULL);
	app_free(app);
	for (size_t i = 0; i < ncases; i++)
		for (size_t k = 0; k < cases[i].nlines; k++)
			free(cases[i].lines[k]);
	free(tests);
	{
		char cmd[256];

		snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			rc = rc == 0 ? 1 : rc;
	}
	return rc;
}
