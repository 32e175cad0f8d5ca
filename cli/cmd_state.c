/*
 * cmd_state.c - the commands that change an asset's state or links:
 * publish, schedule, withdraw, unpublish, tag and relate. Each loads the
 * asset, changes it and saves it as a new revision with a note saying
 * what was done.
 *
 * Does not decide visibility: asset_visibility() does, at request time.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "pressroom/time.h"
#include "pressroom/tz.h"
#include "cli.h"
#include "pressroom/banned.h"

#define ARGS_MAX 64

/* Finds ID or SLUG and loads it; prints why not. */
static int
load(struct store *s, struct arena *a, const char *cmd, const char *ref,
    struct asset **out)
{
	int64_t id;
	enum err e;

	if (str_to_i64(str_from(ref), 1, INT64_MAX, &id) != ERR_OK)
		e = store_asset_find(s, ref, NULL, &id);
	else
		e = ERR_OK;
	if (e == ERR_OK)
		e = store_asset_get(s, a, id, out);
	if (e == ERR_NOTFOUND) {
		cli_error("%s: no asset \"%s\"", cmd, ref);
		return EXIT_NOTFOUND;
	}
	if (e != ERR_OK) {
		cli_error("%s: %s (%s)", cmd, err_str(e), store_errmsg(s));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
save(struct store *s, struct asset *as, const char *note)
{
	struct store_save_opts opts = { .author = "cli", .note = note };
	struct store_save_result res;
	struct diag d;
	char t[TIME_RFC3339_MAX];
	enum err e;

	diag_init(&d, NULL);
	e = store_asset_save(s, as, &opts, &res, &d);
	if (e != ERR_OK) {
		cli_diag(&d);
		return cli_exit_of(e);
	}
	if (time_format_rfc3339(as->publish_at, 0, t) != ERR_OK)
		t[0] = '\0';
	printf("#%lld %s: %s (revision %lld%s)\n", (long long)res.id,
	    as->slug, asset_status_label(as->status, as->publish_at,
	    time_now()), (long long)res.revision,
	    res.changed ? "" : ", unchanged");
	if (as->status == ASSET_PUBLISHED && as->publish_at > time_now())
		printf("  appears at %s\n", t);
	return EXIT_OK;
}

/*
 * "2026-12-01T10:00:00+01:00", or a wall-clock time without offset
 * ("2026-12-01T10:00[:00]", a space instead of T) in zone z.
 */
static enum err
parse_at(const char *s, const struct tz *z, int64_t *out)
{
	struct civil c = { 0 };
	int64_t local, t;
	int off, n = 0;
	char sep;

	if (time_parse_rfc3339(s, strlen(s), &t, &off) == ERR_OK) {
		*out = t;
		return ERR_OK;
	}
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &c.year, &c.month, &c.day,
	    &sep, &c.hour, &c.min, &n) != 6 || (sep != 'T' && sep != ' '))
		return ERR_INVAL;
	if (s[n] == ':' && sscanf(s + n, ":%2d%n", &c.sec, &off) == 1)
		n += off;
	if (s[n] != '\0' || time_from_civil(&c, &local) != ERR_OK)
		return ERR_INVAL;
	return tz_to_utc(z, local, out, &off);
}

static void
help(const char *cmd)
{
	if (strcmp(cmd, "publish") == 0)
		printf("usage: pressroom publish ID|SLUG\n\n"
		    "Publishes now (also a scheduled asset, ahead of time).\n");
	else if (strcmp(cmd, "schedule") == 0)
		printf("usage: pressroom schedule ID|SLUG --at TIME [--tz ZONE]\n"
		    "\n"
		    "Publishes at TIME, to the second: RFC 3339 with an offset\n"
		    "(2026-12-01T10:00:00+01:00), or a wall-clock time\n"
		    "(2026-12-01T10:00) in --tz ZONE (default UTC). Until then\n"
		    "the asset is visible nowhere; at TIME it is everywhere.\n");
	else if (strcmp(cmd, "withdraw") == 0)
		printf("usage: pressroom withdraw ID|SLUG --reason TEXT\n\n"
		    "Withdraws: the page stays with a notice, the date and the\n"
		    "reason; the asset leaves lists, feeds and search.\n");
	else if (strcmp(cmd, "unpublish") == 0)
		printf("usage: pressroom unpublish ID|SLUG\n\n"
		    "Takes the asset down: its address answers 410 Gone.\n");
	else if (strcmp(cmd, "tag") == 0)
		printf("usage: pressroom tag ID|SLUG [--remove] TAG...\n\n"
		    "Adds (or removes) tags. Tags are compared case-folded, with\n"
		    "spaces collapsed; a tag may not contain a comma.\n");
	else
		printf("usage: pressroom relate ID|SLUG [--remove] OTHER...\n\n"
		    "Adds (or removes) related assets, shown as \"Additional\n"
		    "materials\" on the page. OTHER is an id or a slug.\n");
}

static int
do_tags(struct arena *a, struct asset *as, char **args, int n, bool remove)
{
	for (int i = 1; i < n; i++) {
		char tag[TAG_MAX];
		enum err e = tag_normalise(args[i], strlen(args[i]), tag);

		if (e != ERR_OK) {
			cli_error("tag: \"%s\" is not a tag (text without "
			    "commas, under %d bytes)", args[i], TAG_MAX);
			return EXIT_USAGE;
		}
		if (!remove) {
			if (asset_tag_add(a, as, tag) != ERR_OK) {
				cli_error("tag: more than %d tags", LIMIT_TAGS);
				return EXIT_DATA;
			}
			continue;
		}
		for (size_t k = 0; k < as->ntags; k++)
			if (strcmp(as->tags[k], tag) == 0) {
				memmove(&as->tags[k], &as->tags[k + 1],
				    (as->ntags - k - 1) * sizeof *as->tags);
				as->ntags--;
				break;
			}
	}
	return EXIT_OK;
}

static int
do_relate(struct store *s, struct arena *a, struct asset *as, char **args,
    int n, bool remove)
{
	int64_t *rel = arena_calloc(a, as->nrelated + (size_t)n + 1,
	    sizeof *rel);
	size_t nrel = as->nrelated;
	struct asset *other;
	int rc;

	if (rel == NULL)
		return EXIT_FAIL;
	memcpy(rel, as->related, as->nrelated * sizeof *rel);
	for (int i = 1; i < n; i++) {
		bool found = false;

		if ((rc = load(s, a, "relate", args[i], &other)) != EXIT_OK)
			return rc;
		if (other->id == as->id) {
			cli_error("relate: an asset is not related to itself");
			return EXIT_USAGE;
		}
		for (size_t k = 0; k < nrel; k++)
			if (rel[k] == other->id) {
				found = true;
				if (remove) {
					memmove(&rel[k], &rel[k + 1],
					    (nrel - k - 1) * sizeof *rel);
					nrel--;
				}
				break;
			}
		if (!found && !remove)
			rel[nrel++] = other->id;
	}
	as->related = rel;
	as->nrelated = nrel;
	return EXIT_OK;
}

int
cmd_state(struct cli *c, const char *cmd, int argc, char **argv)
{
	const char *at = NULL, *zone = NULL, *reason = NULL;
	bool want_help, remove = false;
	const struct cli_opt opts[] = {
		{ "at", true, &at, NULL },
		{ "tz", true, &zone, NULL },
		{ "reason", true, &reason, NULL },
		{ "remove", false, NULL, &remove },
		{ NULL, false, NULL, NULL },
	};
	char *args[ARGS_MAX];
	char note[160];
	int nargs, rc;
	struct store *s = NULL;
	struct asset *as;
	struct tz *z = NULL;
	struct arena a;
	struct diag d;
	int64_t when = 0;
	enum err e;

	arena_init(&a, (size_t)1 << 30);
	if (!cli_opts_parse(c, cmd, argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help(cmd);
		rc = EXIT_OK;
		goto out;
	}
	rc = EXIT_USAGE;
	if (nargs < 1) {
		cli_error("%s: which asset? (see `pressroom %s --help`)", cmd,
		    cmd);
		goto out;
	}
	if ((strcmp(cmd, "tag") == 0 || strcmp(cmd, "relate") == 0) ?
	    nargs < 2 : nargs != 1) {
		cli_error("%s: wrong number of arguments (see `pressroom %s "
		    "--help`)", cmd, cmd);
		goto out;
	}
	if (strcmp(cmd, "schedule") == 0) {
		if (at == NULL) {
			cli_error("schedule: --at TIME is required");
			goto out;
		}
		if (zone != NULL && tz_load(zone, &z) != ERR_OK) {
			cli_error("schedule: --tz %s: no such time zone", zone);
			goto out;
		}
		if (parse_at(at, z != NULL ? z : tz_utc(), &when) != ERR_OK) {
			cli_error("schedule: --at %s: not a time (use "
			    "2026-12-01T10:00:00+01:00, or 2026-12-01T10:00 "
			    "with --tz)", at);
			goto out;
		}
	}
	if (strcmp(cmd, "withdraw") == 0 && (reason == NULL ||
	    str_trim(str_from(reason)).len == 0)) {
		cli_error("withdraw: --reason TEXT is required (it is shown on "
		    "the page)");
		goto out;
	}
	diag_init(&d, NULL);
	if ((e = store_open(c->db, 0, &s, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = load(s, &a, cmd, args[0], &as)) != EXIT_OK)
		goto out;
	if (strcmp(cmd, "publish") == 0) {
		as->status = ASSET_PUBLISHED;
		as->publish_at = 0;	/* now */
		snprintf(note, sizeof note, "published");
	} else if (strcmp(cmd, "schedule") == 0) {
		as->status = ASSET_PUBLISHED;
		as->publish_at = when;
		snprintf(note, sizeof note, "scheduled for %s", at);
	} else if (strcmp(cmd, "withdraw") == 0) {
		as->status = ASSET_WITHDRAWN;
		as->withdrawn_at = 0;	/* now */
		as->withdraw_reason = arena_strdup(&a, reason);
		snprintf(note, sizeof note, "withdrawn");
	} else if (strcmp(cmd, "unpublish") == 0) {
		as->status = ASSET_UNPUBLISHED;
		snprintf(note, sizeof note, "unpublished");
	} else if (strcmp(cmd, "tag") == 0) {
		if ((rc = do_tags(&a, as, args, nargs, remove)) != EXIT_OK)
			goto out;
		snprintf(note, sizeof note, "tags %s", remove ? "removed" :
		    "added");
	} else {
		if ((rc = do_relate(s, &a, as, args, nargs, remove)) !=
		    EXIT_OK)
			goto out;
		snprintf(note, sizeof note, "related assets %s", remove ?
		    "removed" : "added");
	}
	rc = save(s, as, note);
out:
	tz_free(z);
	store_close(s);
	arena_release(&a);
	return rc;
}

int
cmd_publish(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "publish", argc, argv);
}

int
cmd_schedule(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "schedule", argc, argv);
}

int
cmd_withdraw(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "withdraw", argc, argv);
}

int
cmd_unpublish(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "unpublish", argc, argv);
}

int
cmd_tag(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "tag", argc, argv);
}

int
cmd_relate(struct cli *c, int argc, char **argv)
{
	return cmd_state(c, "relate", argc, argv);
}
