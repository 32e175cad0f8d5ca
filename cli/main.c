/*
 * main.c - the pressroom command: global options, subcommand dispatch,
 * help text and exit codes.
 *
 * Does no work itself; each cmd_*.c runs one subcommand.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/log.h"
#include "cli.h"
#include "pressroom/banned.h"

#ifndef PRESSROOM_VERSION
#define PRESSROOM_VERSION "0.0.0"
#endif

static const struct {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", cmd_init, "create the database or bring its schema up to date" },
	{ "import", cmd_import, "import pages (scraped text or pressroom JSON)" },
	{ "list", cmd_list, "list assets, newest first" },
	{ "search", cmd_search, "full-text search of what is public" },
	{ "show", cmd_show, "show one asset (text or --json)" },
	{ "publish", cmd_publish, "publish an asset now" },
	{ "schedule", cmd_schedule, "publish an asset at a given second" },
	{ "withdraw", cmd_withdraw, "withdraw an asset (page kept, notice)" },
	{ "unpublish", cmd_unpublish, "take an asset down (410 Gone)" },
	{ "tag", cmd_tag, "add or remove tags" },
	{ "relate", cmd_relate, "add or remove related assets" },
	{ "publisher", cmd_publisher, "manage saved listings (add, set, list, "
	    "show, rm)" },
	{ "reindex", cmd_reindex, "rebuild the full-text search index" },
	{ "backup", cmd_backup, "copy the database, consistent and checked, "
	    "while in use" },
	{ "user", cmd_user, "manage accounts (add, passwd, set, disable, "
	    "list)" },
	{ "token", cmd_token, "manage API tokens (add, list, revoke)" },
	{ "serve", cmd_serve, "serve the site over HTTP" },
	{ "export-site", cmd_export, "write the public site as plain files" },
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: pressroom [--db PATH] COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "pressroom publishes statements, speeches, press releases,\n"
	    "briefings and transcripts in many languages.\n"
	    "\n"
	    "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f,
	    "\n"
	    "Global options:\n"
	    "  --db PATH     the database (default: $PRESSROOM_DB, else\n"
	    "                ./pressroom.db)\n"
	    "  --help        this text; `pressroom COMMAND --help` for one\n"
	    "                command\n"
	    "  --version     print the version\n"
	    "\n"
	    "Exit codes:\n"
	    "  0  success\n"
	    "  1  failure (database, file system, memory)\n"
	    "  2  bad command line\n"
	    "  3  input rejected (nothing was written)\n"
	    "  4  not found\n");
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("pressroom: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_diag(const struct diag *d)
{
	char msg[1024];

	diag_format(d, msg, sizeof msg);
	cli_error("%s", msg);
}

int
cli_exit_of(enum err e)
{
	switch (e) {
	case ERR_OK: return EXIT_OK;
	case ERR_INVAL:
	case ERR_LIMIT: return EXIT_DATA;
	case ERR_NOTFOUND: return EXIT_NOTFOUND;
	default: return EXIT_FAIL;
	}
}

bool
cli_opts_parse(const struct cli *c, const char *cmd, int argc, char **argv,
    const struct cli_opt *opts, bool *help, char **args, int maxargs,
    int *nargs)
{
	bool only_args = false;

	(void)c;
	*nargs = 0;
	*help = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		const struct cli_opt *o = NULL;
		size_t n;

		if (only_args || a[0] != '-' || a[1] == '\0') {
			if (*nargs >= maxargs) {
				cli_error("%s: too many arguments (see `pressroom "
				    "%s --help`)", cmd, cmd);
				return false;
			}
			args[(*nargs)++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
			continue;
		}
		if (a[1] != '-') {
			cli_error("%s: unknown option %s (options are long: "
			    "--name)", cmd, a);
			return false;
		}
		eq = strchr(a, '=');
		n = eq != NULL ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (const struct cli_opt *p = opts; p != NULL && p->name != NULL;
		    p++)
			if (strlen(p->name) == n &&
			    strncmp(p->name, a + 2, n) == 0)
				o = p;
		if (o == NULL) {
			cli_error("%s: unknown option %s (see `pressroom %s "
			    "--help`)", cmd, a, cmd);
			return false;
		}
		if (!o->takes_value) {
			if (eq != NULL) {
				cli_error("%s: --%s takes no value", cmd,
				    o->name);
				return false;
			}
			*o->flag = true;
			continue;
		}
		if (eq != NULL) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			cli_error("%s: --%s needs a value", cmd, o->name);
			return false;
		}
	}
	return true;
}

int
main(int argc, char **argv)
{
	struct cli c = { .prog = argv[0] };
	const char *env = getenv("PRESSROOM_DB");
	int i = 1;

	asset_json_setup();
	c.db = env != NULL && env[0] != '\0' ? env : "pressroom.db";
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("pressroom %s\n", PRESSROOM_VERSION);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db = argv[i] + 5;
		} else {
			cli_error("unknown option %s", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (c.db[0] == '\0') {
		cli_error("--db: empty path");
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return commands[k].fn(&c, argc - i - 1, argv + i + 1);
	cli_error("unknown command \"%s\" (see `pressroom --help`)", argv[i]);
	return EXIT_USAGE;
}
