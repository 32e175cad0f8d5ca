/*
 * cmd_user.c - `pressroom user add|passwd|disable|enable|list` and
 * `pressroom token add|list|revoke`: accounts and API tokens.
 *
 * There is no default account: the first admin is made here. Passwords
 * are read from the terminal without echo, or with --password-stdin from
 * the first line of standard input; they are hashed with argon2id and
 * never stored or printed. A new API token is printed once.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "cli.h"
#include "pressroom/banned.h"

static void
help_user(void)
{
	printf("usage: pressroom user add NAME --role ROLE [--locales TAG,...]\n"
	    "                         [--password-stdin | --no-password]\n"
	    "       pressroom user passwd NAME [--password-stdin]\n"
	    "       pressroom user set NAME [--role ROLE] [--locales TAG,...]\n"
	    "       pressroom user disable NAME | enable NAME\n"
	    "       pressroom user list\n"
	    "\n"
	    "ROLE is contributor (writes drafts), translator (edits the\n"
	    "translations of --locales), editor (publishes, schedules,\n"
	    "withdraws) or admin (also users and publishers). A password has\n"
	    "at least 12 characters; it is asked for on the terminal, or read\n"
	    "from the first line of standard input with --password-stdin.\n"
	    "--no-password makes an account that only uses API tokens.\n"
	    "Changing a password or disabling an account ends its sessions.\n");
}

static void
help_token(void)
{
	printf("usage: pressroom token add USER [--label TEXT]\n"
	    "       pressroom token list\n"
	    "       pressroom token revoke ID\n"
	    "\n"
	    "An API token acts as its user for the JSON API:\n"
	    "  Authorization: Bearer pr_...\n"
	    "It is printed once by `token add` (only its hash is kept);\n"
	    "revoke it when it is no longer needed.\n");
}

/* One line without its newline, from the terminal (no echo) or stdin. */
static int
read_password(bool from_stdin, const char *prompt, char *out, size_t n)
{
	FILE *in = stdin;
	struct termios old, quiet;
	bool tty = false;
	size_t len;

	if (!from_stdin) {
		in = fopen("/dev/tty", "r+");
		if (in == NULL) {
			cli_error("no terminal to ask for a password on: use "
			    "--password-stdin");
			return -1;
		}
		fputs(prompt, in);
		fflush(in);
		if (tcgetattr(fileno(in), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tty = tcsetattr(fileno(in), TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(out, (int)n, in) == NULL)
		out[0] = '\0';
	if (tty) {
		tcsetattr(fileno(in), TCSAFLUSH, &old);
		fputc('\n', in);
	}
	if (in != stdin)
		fclose(in);
	len = strlen(out);
	if (len > 0 && out[len - 1] != '\n' && len == n - 1) {
		cli_error("the password is too long (at most %d bytes)",
		    PASSWORD_MAX);
		return -2;	/* input rejected, not a usage error */
	}
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

static int
get_password(bool from_stdin, char hash[PASSWORD_HASH_MAX])
{
	char pw[PASSWORD_MAX + 2], again[PASSWORD_MAX + 2];
	const char *why;
	int rc = EXIT_USAGE;

	switch (read_password(from_stdin, "Password: ", pw, sizeof pw)) {
	case 0:
		break;
	case -2:
		rc = EXIT_DATA;
		goto out;
	default:
		goto out;
	}
	if (user_password_check(pw, &why) != ERR_OK) {
		cli_error("%s", why);
		rc = EXIT_DATA;
		goto out;
	}
	if (!from_stdin) {
		if (read_password(false, "Again: ", again, sizeof again) != 0)
			goto out;
		if (strcmp(pw, again) != 0) {
			cli_error("the two passwords differ");
			rc = EXIT_DATA;
			goto out;
		}
	}
	if (user_password_hash(pw, hash) != ERR_OK) {
		cli_error("cannot hash the password (out of memory)");
		rc = EXIT_FAIL;
		goto out;
	}
	rc = EXIT_OK;
out:
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(again, sizeof again);
	return rc;
}

/* "ru-RU,ar" into u->locales */
static int
parse_locales(struct arena *a, const char *s, struct user *u)
{
	struct str rest = str_from(s), part;
	size_t cap = 0;

	u->locales = NULL;
	u->nlocales = 0;
	while (str_take_until(&rest, ',', &part)) {
		struct locale *l;

		part = str_trim(part);
		if (part.len == 0)
			continue;
		l = arena_push(a, (void **)&u->locales, &u->nlocales, &cap,
		    sizeof *l);
		if (l == NULL)
			return EXIT_FAIL;
		if (locale_parse(part, l) != ERR_OK) {
			cli_error("user: \"%.*s\" is not a locale", (int)part.len,
			    part.p);
			return EXIT_USAGE;
		}
		u->nlocales++;
	}
	return EXIT_OK;
}

int
cmd_user(struct cli *c, int argc, char **argv)
{
	const char *role = NULL, *locales = NULL;
	bool want_help, pw_stdin = false, no_pw = false;
	const struct cli_opt opts[] = {
		{ "role", true, &role, NULL },
		{ "locales", true, &locales, NULL },
		{ "password-stdin", false, NULL, &pw_stdin },
		{ "no-password", false, NULL, &no_pw },
		{ NULL, false, NULL, NULL },
	};
	char *args[4], hash[PASSWORD_HASH_MAX];
	int nargs, rc = EXIT_OK;
	struct store *s = NULL;
	struct user *u, **all;
	struct arena a;
	struct diag d;
	size_t n;
	enum err e;
	const char *verb;

	arena_init(&a, (size_t)1 << 24);
	if (!cli_opts_parse(c, "user", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help || nargs == 0) {
		help_user();
		rc = want_help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	verb = args[0];
	if (strcmp(verb, "list") != 0 && strcmp(verb, "add") != 0 &&
	    strcmp(verb, "passwd") != 0 && strcmp(verb, "set") != 0 &&
	    strcmp(verb, "disable") != 0 && strcmp(verb, "enable") != 0) {
		cli_error("user: unknown verb \"%s\" (add, passwd, set, "
		    "disable, enable, list)", verb);
		rc = EXIT_USAGE;
		goto out;
	}
	if (strcmp(verb, "list") != 0 && nargs != 2) {
		cli_error("user %s: give one user name", verb);
		rc = EXIT_USAGE;
		goto out;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, 0, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if (strcmp(verb, "list") == 0) {
		if ((e = store_user_list(s, &a, &all, &n)) != ERR_OK) {
			cli_error("user list: %s", err_str(e));
			rc = EXIT_FAIL;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			printf("%-20s %-12s", all[i]->name,
			    user_role_name(all[i]->role));
			for (size_t k = 0; k < all[i]->nlocales; k++)
				printf(" %s", all[i]->locales[k].tag);
			printf("%s\n", all[i]->disabled ? " (disabled)" : "");
		}
		printf("%zu user%s\n", n, n == 1 ? "" : "s");
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		if (store_user_get(s, &a, args[1], 0, &u, NULL) == ERR_OK) {
			cli_error("user add: %s exists", args[1]);
			rc = EXIT_DATA;
			goto out;
		}
		u = arena_calloc(&a, 1, sizeof *u);
		if (u == NULL) {
			rc = EXIT_FAIL;
			goto out;
		}
		u->name = args[1];
		if (role == NULL || user_role_parse(role, &u->role) != ERR_OK) {
			cli_error("user add: --role contributor, translator, "
			    "editor or admin");
			rc = EXIT_USAGE;
			goto out;
		}
		if (locales != NULL && (rc = parse_locales(&a, locales, u)) !=
		    EXIT_OK)
			goto out;
		if (u->role == ROLE_TRANSLATOR && u->nlocales == 0) {
			cli_error("user add: a translator needs --locales");
			rc = EXIT_USAGE;
			goto out;
		}
		if (!no_pw && (rc = get_password(pw_stdin, hash)) != EXIT_OK)
			goto out;
		e = store_user_save(s, u, no_pw ? NULL : hash, time(NULL), &d);
	} else {
		e = store_user_get(s, &a, args[1], 0, &u, NULL);
		if (e != ERR_OK) {
			cli_error("user %s: no user %s", verb, args[1]);
			rc = EXIT_NOTFOUND;
			goto out;
		}
		if (strcmp(verb, "passwd") == 0) {
			if ((rc = get_password(pw_stdin, hash)) != EXIT_OK)
				goto out;
			e = store_user_save(s, u, hash, time(NULL), &d);
			if (e == ERR_OK)
				e = store_sessions_delete_user(s, u->id);
		} else if (strcmp(verb, "disable") == 0 ||
		    strcmp(verb, "enable") == 0) {
			u->disabled = strcmp(verb, "disable") == 0;
			e = store_user_save(s, u, NULL, time(NULL), &d);
			if (e == ERR_OK && u->disabled)
				e = store_sessions_delete_user(s, u->id);
		} else if (strcmp(verb, "set") == 0) {
			if (role != NULL && user_role_parse(role, &u->role) !=
			    ERR_OK) {
				cli_error("user set: --role contributor, "
				    "translator, editor or admin");
				rc = EXIT_USAGE;
				goto out;
			}
			if (locales != NULL &&
			    (rc = parse_locales(&a, locales, u)) != EXIT_OK)
				goto out;
			if (u->role == ROLE_TRANSLATOR && u->nlocales == 0) {
				cli_error("user set: a translator needs "
				    "--locales");
				rc = EXIT_USAGE;
				goto out;
			}
			e = store_user_save(s, u, NULL, time(NULL), &d);
		} else {
			cli_error("user: unknown verb \"%s\" (add, passwd, set, "
			    "disable, enable, list)", verb);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (e != ERR_OK) {
		if (d.msg[0] == '\0')
			diag_set(&d, 0, 0, "user %s: %s", verb, err_str(e));
		cli_diag(&d);
		rc = cli_exit_of(e);
		goto out;
	}
	printf("%s %s (%s)\n", strcmp(verb, "add") == 0 ? "added" :
	    strcmp(verb, "passwd") == 0 ? "new password for" :
	    strcmp(verb, "disable") == 0 ? "disabled" :
	    strcmp(verb, "enable") == 0 ? "enabled" : "updated", u->name,
	    user_role_name(u->role));
out:
	explicit_bzero(hash, sizeof hash);
	store_close(s);
	arena_release(&a);
	return rc;
}

int
cmd_token(struct cli *c, int argc, char **argv)
{
	const char *label = NULL;
	bool want_help;
	const struct cli_opt opts[] = {
		{ "label", true, &label, NULL },
		{ NULL, false, NULL, NULL },
	};
	char *args[4], token[AUTH_TOKEN_MAX];
	unsigned char hash[AUTH_HASH_BYTES];
	int nargs, rc = EXIT_OK;
	struct store *s = NULL;
	struct store_token_info *list;
	struct user *u;
	struct arena a;
	struct diag d;
	size_t n;
	int64_t id;
	enum err e;

	arena_init(&a, (size_t)1 << 24);
	if (!cli_opts_parse(c, "token", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help || nargs == 0) {
		help_token();
		rc = want_help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, 0, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if (strcmp(args[0], "add") == 0 && nargs == 2) {
		if (store_user_get(s, &a, args[1], 0, &u, NULL) != ERR_OK) {
			cli_error("token add: no user %s", args[1]);
			rc = EXIT_NOTFOUND;
			goto out;
		}
		if (auth_token_new(token, hash) != ERR_OK ||
		    store_token_create(s, hash, u->id, label != NULL ? label :
		    "", time(NULL), &id) != ERR_OK) {
			cli_error("token add: cannot make a token");
			rc = EXIT_FAIL;
			goto out;
		}
		/* the only output on stdout: scripts read it */
		printf("%s\n", token);
		fprintf(stderr, "token %lld for %s (revoke with `pressroom "
		    "token revoke %lld`)\n", (long long)id, u->name,
		    (long long)id);
	} else if (strcmp(args[0], "list") == 0) {
		if (store_token_list(s, &a, &list, &n) != ERR_OK) {
			rc = EXIT_FAIL;
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			printf("%5lld  %-20s %-24s %s\n", (long long)list[i].id,
			    list[i].user, list[i].name, list[i].revoked_at ?
			    "revoked" : "valid");
	} else if (strcmp(args[0], "revoke") == 0 && nargs == 2) {
		if (str_to_i64(str_from(args[1]), 1, INT64_MAX, &id) !=
		    ERR_OK) {
			cli_error("token revoke: give the token's id");
			rc = EXIT_USAGE;
			goto out;
		}
		e = store_token_revoke(s, id, time(NULL));
		if (e != ERR_OK) {
			cli_error("token revoke: no valid token %lld",
			    (long long)id);
			rc = EXIT_NOTFOUND;
			goto out;
		}
		printf("revoked token %lld\n", (long long)id);
	} else {
		help_token();
		rc = EXIT_USAGE;
	}
out:
	explicit_bzero(token, sizeof token);
	store_close(s);
	arena_release(&a);
	return rc;
}
