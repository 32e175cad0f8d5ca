/*
 * cmd_reindex.c - `pressroom reindex`: rebuilds the full-text search index
 * from the stored assets.
 *
 * Saves keep the index current on their own; this is for an analyzer that
 * changed (a new pressroom) or an index in doubt. Does not change content.
 */
#include <stdio.h>
#include <time.h>
#include "pressroom/store.h"
#include "cli.h"
#include "pressroom/banned.h"

static void
help(void)
{
	printf("usage: pressroom [--db PATH] reindex\n"
	    "\n"
	    "Rebuilds the full-text search index (titles, summaries and "
	    "blocks of\n"
	    "every translation, stemmed per language) in one transaction: "
	    "searches\n"
	    "see the old index until the new one is complete. Saving keeps "
	    "the\n"
	    "index current; run this after upgrading pressroom.\n");
}

int
cmd_reindex(struct cli *c, int argc, char **argv)
{
	const struct cli_opt opts[] = { { NULL, false, NULL, NULL } };
	char *args[4];
	int nargs;
	bool want_help;
	struct store *s = NULL;
	struct timespec t0, t1;
	struct diag d;
	enum err e;

	if (!cli_opts_parse(c, "reindex", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs))
		return EXIT_USAGE;
	if (want_help) {
		help();
		return EXIT_OK;
	}
	if (nargs > 0) {
		cli_error("reindex: unexpected argument \"%s\"", args[0]);
		return EXIT_USAGE;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, 0, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		return EXIT_FAIL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = store_reindex(s, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(s);
	if (e != ERR_OK) {
		cli_diag(&d);
		return EXIT_FAIL;
	}
	printf("search index rebuilt in %.1f s\n", (double)(t1.tv_sec -
	    t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return EXIT_OK;
}
