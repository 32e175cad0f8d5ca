/*
 * cli.h - what the pressroom command's parts share: global options, exit
 * codes, a small option parser, and one entry point per subcommand.
 *
 * Does not contain business logic: commands call the library.
 */
#ifndef PRESSROOM_CLI_H
#define PRESSROOM_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "pressroom/err.h"

/* Exit codes, documented in `pressroom --help` and README.md. */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* runtime failure: database, I/O, memory */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_DATA = 3,		/* input rejected (import) */
	EXIT_NOTFOUND = 4,	/* no such asset (show) */
	EXIT__MAX
};

struct cli {
	const char *db;		/* --db, $PRESSROOM_DB or ./pressroom.db */
	const char *prog;
};

/*
 * Options parsing. Each command lists its options; cli_opts_parse fills
 * values, and leaves positional arguments in args[0..*nargs) (at most
 * maxargs: more is a usage error, reported). Accepts
 * "--name value", "--name=value", flags, and "--" to end options.
 */
struct cli_opt {
	const char *name;	/* without "--" */
	bool takes_value;
	const char **value;	/* set for options with a value */
	bool *flag;		/* set for flags */
};

/*
 * false (after printing what is wrong to stderr) on an unknown option or a
 * missing value. "--help" sets *help.
 */
bool cli_opts_parse(const struct cli *c, const char *cmd, int argc,
    char **argv, const struct cli_opt *opts, bool *help, char **args,
    int maxargs, int *nargs);

/* Prints "pressroom: <msg>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a diag ("pressroom: file:line:col: msg"). */
void cli_diag(const struct diag *d);

/* The exit code for a library error. */
int cli_exit_of(enum err e);

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_reindex(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_publisher(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_token(struct cli *c, int argc, char **argv);
int cmd_state(struct cli *c, const char *cmd, int argc, char **argv);
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_schedule(struct cli *c, int argc, char **argv);
int cmd_withdraw(struct cli *c, int argc, char **argv);
int cmd_unpublish(struct cli *c, int argc, char **argv);
int cmd_tag(struct cli *c, int argc, char **argv);
int cmd_relate(struct cli *c, int argc, char **argv);

#endif
