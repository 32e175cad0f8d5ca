/*
 * cmd_serve.c - `pressroom serve`: run the site until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/http.h"
#include "pressroom/limits.h"
#include "pressroom/str.h"
#include "cli.h"
#include "pressroom/banned.h"

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
help(void)
{
	printf("usage: pressroom [--db PATH] serve [--listen HOST:PORT]\n"
	    "                 [--base-url URL] [--theme DIR] [--site-name NAME]\n"
	    "                 [--threads N] [--timeout SECONDS]\n"
	    "                 [--max-conn-per-ip N] [--checkpoint-interval "
	    "SECONDS]\n"
	    "                 [--quiet]\n"
	    "\n"
	    "Serves the site:\n"
	    "  /                      redirect to the best language\n"
	    "                         (Accept-Language)\n"
	    "  /{locale}/             latest items in that locale (?page=N)\n"
	    "  /{locale}/{slug}       an article; turns are anchors #t1, #t2...\n"
	    "  /api/v1/assets/{id}    an asset as JSON\n"
	    "  /static/{file}         theme files\n"
	    "\n"
	    "  --listen HOST:PORT   default 127.0.0.1:8080 ([::1]:8080 for IPv6)\n"
	    "  --base-url URL       absolute address used in links to other\n"
	    "                       languages (default http://LISTEN)\n"
	    "  --theme DIR          override templates/ and static/ files\n"
	    "  --site-name NAME     the site's name (default: \"Press room\",\n"
	    "                       translated)\n"
	    "  --threads N          worker threads (default: one per CPU)\n"
	    "  --timeout SECONDS    close idle connections, and those whose\n"
	    "                       request headers take longer (default 15;\n"
	    "                       a body may take as long again plus 1 s\n"
	    "                       per 16 KiB)\n"
	    "  --max-conn-per-ip N  connections at once from one address\n"
	    "                       (default 512); more are refused\n"
	    "  --checkpoint-interval SECONDS\n"
	    "                       how often the write-ahead log is copied\n"
	    "                       into the database and emptied (default 5)\n"
	    "  --quiet              no access log\n"
	    "\n"
	    "Stops cleanly on SIGINT or SIGTERM.\n");
}

int
cmd_serve(struct cli *c, int argc, char **argv)
{
	const char *threads = NULL, *timeout = NULL, *per_ip = NULL;
	const char *checkpoint = NULL;
	struct http_config cfg = { 0 };
	bool want_help;
	const struct cli_opt opts[] = {
		{ "listen", true, &cfg.listen, NULL },
		{ "base-url", true, &cfg.base_url, NULL },
		{ "theme", true, &cfg.theme_dir, NULL },
		{ "site-name", true, &cfg.site_name, NULL },
		{ "threads", true, &threads, NULL },
		{ "timeout", true, &timeout, NULL },
		{ "max-conn-per-ip", true, &per_ip, NULL },
		{ "checkpoint-interval", true, &checkpoint, NULL },
		{ "quiet", false, NULL, &cfg.quiet },
		{ NULL, false, NULL, NULL },
	};
	char *args[4];
	int nargs;
	struct app *app = NULL;
	struct sigaction sa;
	struct diag d;
	int64_t v;
	enum err e;

	if (!cli_opts_parse(c, "serve", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs))
		return EXIT_USAGE;
	if (want_help) {
		help();
		return EXIT_OK;
	}
	if (nargs > 0) {
		cli_error("serve: unexpected argument \"%s\"", args[0]);
		return EXIT_USAGE;
	}
	if (threads != NULL) {
		if (str_to_i64(str_from(threads), 1, 256, &v) != ERR_OK) {
			cli_error("serve: --threads must be 1 to 256");
			return EXIT_USAGE;
		}
		cfg.threads = (unsigned)v;
	}
	if (timeout != NULL) {
		if (str_to_i64(str_from(timeout), 1, 3600, &v) != ERR_OK) {
			cli_error("serve: --timeout must be 1 to 3600 seconds");
			return EXIT_USAGE;
		}
		cfg.timeout_s = (unsigned)v;
	}
	if (per_ip != NULL) {
		if (str_to_i64(str_from(per_ip), 1, LIMIT_HTTP_CONNECTIONS, &v)
		    != ERR_OK) {
			cli_error("serve: --max-conn-per-ip must be 1 to %u",
			    LIMIT_HTTP_CONNECTIONS);
			return EXIT_USAGE;
		}
		cfg.max_conn_per_ip = (unsigned)v;
	}
	if (checkpoint != NULL) {
		if (str_to_i64(str_from(checkpoint), 1, 3600, &v) != ERR_OK) {
			cli_error("serve: --checkpoint-interval must be 1 to "
			    "3600 seconds");
			return EXIT_USAGE;
		}
		cfg.checkpoint_s = (unsigned)v;
	}
	if (cfg.listen == NULL)
		cfg.listen = "127.0.0.1:8080";
	cfg.db_path = c->db;
	diag_init(&d, NULL);
	if ((e = app_new(&cfg, &app, &d)) != ERR_OK) {
		cli_diag(&d);
		return EXIT_FAIL;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	e = http_serve(app, &cfg, &stop_flag, &d);
	app_free(app);
	if (e != ERR_OK) {
		cli_diag(&d);
		return e == ERR_INVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}
