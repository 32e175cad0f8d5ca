/*
 * cmd_init.c - `pressroom init`: create the database, or bring an existing
 * one's schema up to date.
 */
#include <stdio.h>
#include <unistd.h>
#include "pressroom/store.h"
#include "cli.h"
#include "pressroom/banned.h"

int
cmd_init(struct cli *c, int argc, char **argv)
{
	char *args[8];
	int nargs;
	bool help;
	struct store *s;
	struct diag d;
	enum err e;
	bool existed;

	if (!cli_opts_parse(c, "init", argc, argv, NULL, &help,
	    args, (int)(sizeof args / sizeof args[0]), &nargs))
		return EXIT_USAGE;
	if (help) {
		printf("usage: pressroom [--db PATH] init\n\n"
		    "Creates the database at PATH (SQLite, WAL mode), or\n"
		    "upgrades an existing pressroom database's schema.\n");
		return EXIT_OK;
	}
	if (nargs > 0) {
		cli_error("init: unexpected argument \"%s\"", args[0]);
		return EXIT_USAGE;
	}
	existed = access(c->db, F_OK) == 0;
	diag_init(&d, NULL);
	e = store_open(c->db, STORE_CREATE, &s, &d);
	if (e != ERR_OK) {
		cli_diag(&d);
		return EXIT_FAIL;
	}
	store_close(s);
	printf("%s %s\n", existed ? "up to date:" : "created", c->db);
	return EXIT_OK;
}
