/*
 * cmd_backup.c - `pressroom backup FILE`: a consistent, checked copy of the
 * database, made while the server and other commands go on using it.
 *
 * The copy is store_backup's (SQLite's online backup API, one snapshot,
 * checked before it is moved into place). Does not restore: a restore is
 * copying the file back while nothing has the database open (README.md).
 */
#include <stdio.h>
#include <time.h>
#include "pressroom/store.h"
#include "cli.h"
#include "pressroom/banned.h"

static void
help(void)
{
	printf("usage: pressroom [--db PATH] backup [--force] FILE\n"
	    "\n"
	    "Copies the database to FILE as it was at one instant, while the\n"
	    "server and other commands keep reading and writing it (SQLite's\n"
	    "online backup API, 1 MiB at a time). The copy is written to a\n"
	    "temporary file beside FILE, opened and checked (PRAGMA\n"
	    "integrity_check and foreign_key_check), synced, and only then\n"
	    "renamed to FILE: FILE is a complete, checked copy or is not\n"
	    "touched. It is readable by its owner only.\n"
	    "\n"
	    "  --force   replace FILE if it exists (never the database\n"
	    "            itself, nor a file with a -wal beside it: a\n"
	    "            database in use)\n"
	    "\n"
	    "To restore, stop the server (and anything else using the\n"
	    "database), remove the database's -wal and -shm files, copy FILE\n"
	    "to the database's path, and start again.\n"
	    "\n"
	    "Exit codes: 0 the copy was written and checked; 1 it failed\n"
	    "(database, file system, memory, or the copy failed its check),\n"
	    "nothing was left at FILE; 2 bad command line, or FILE exists and\n"
	    "--force was not given, or FILE is the database or in use.\n");
}

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	bool force = false, want_help;
	const struct cli_opt opts[] = {
		{ "force", false, NULL, &force },
		{ NULL, false, NULL, NULL },
	};
	char *args[4];
	int nargs;
	struct store *s = NULL;
	struct store_backup_result res;
	struct timespec t0, t1;
	struct diag d;
	enum err e;

	if (!cli_opts_parse(c, "backup", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs))
		return EXIT_USAGE;
	if (want_help) {
		help();
		return EXIT_OK;
	}
	if (nargs != 1) {
		cli_error("backup: expected one FILE (see `pressroom backup "
		    "--help`)");
		return EXIT_USAGE;
	}
	diag_init(&d, NULL);
	/* read-only: a backup never migrates the database it copies */
	if ((e = store_open(c->db, STORE_READONLY, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		return EXIT_FAIL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = store_backup(s, args[0], force ? STORE_BACKUP_FORCE : 0, &res, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(s);
	if (e != ERR_OK) {
		cli_diag(&d);
		return e == ERR_CONFLICT || e == ERR_INVAL ? EXIT_USAGE :
		    EXIT_FAIL;
	}
	printf("backup: %s, %lld pages, %.1f MB in %lld steps, %.2f s, "
	    "checked\n", args[0], (long long)res.pages,
	    (double)res.bytes / 1e6, (long long)res.steps,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return EXIT_OK;
}
