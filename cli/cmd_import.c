/*
 * cmd_import.c - `pressroom import FILE...`: parse every file first, and
 * only if all of them are good, save them (one transaction each).
 *
 * An imported page's identity is its file name ("file:NAME", or --source):
 * importing it again updates that asset (a new revision when the content
 * changed, nothing when it did not); a new asset gets its slug made unique.
 * The slug of an existing asset never changes, so its address stays.
 * "related" entries given by slug (JSON) are resolved to ids: against the
 * store, or against another file of the same import (saved first, then
 * linked in a second pass); an unknown slug rejects the import before
 * anything is written.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/buf.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "pressroom/tz.h"
#include "cli.h"
#include "pressroom/banned.h"

#define IMPORT_FILES_MAX 100000

static void
help(void)
{
	printf("usage: pressroom [--db PATH] import [--tz ZONE] [--locale TAG]\n"
	    "                 [--source KEY] [--draft] [--dry-run] "
	    "[--batch N] FILE...\n"
	    "\n"
	    "Imports pages scraped to plain text from an archive (a time\n"
	    "line such as \"11 June 201518:30\", a title line, a line of\n"
	    "locales, the text, \"Question:\" and \"Name:\" turns) and\n"
	    "pressroom's own JSON (files starting with '{').\n"
	    "\n"
	    "  --tz ZONE      IANA zone of the times in the pages\n"
	    "                 (e.g. Europe/Moscow; default UTC)\n"
	    "  --locale TAG   the pages' language (default: detected among\n"
	    "                 the locales a page announces)\n"
	    "  --source KEY   identity of the asset (one FILE only; default\n"
	    "                 \"file:\" and the file name)\n"
	    "  --draft        new assets are drafts (default: published)\n"
	    "  --dry-run      check and report, write nothing\n"
	    "  --batch N      commit N files at a time (default 1: each file\n"
	    "                 its own transaction). Faster for big imports\n"
	    "                 (one disk sync and one search index flush per\n"
	    "                 batch); a file that fails still leaves no\n"
	    "                 trace, the batch's others are kept\n"
	    "\n"
	    "Every file is checked before anything is written: if one is\n"
	    "rejected, nothing is imported and the exit code is 3.\n"
	    "Importing a file again updates the asset's text (a new revision\n"
	    "if it changed); its address, publication state, tags and\n"
	    "related assets stay as they are.\n");
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* A slug nobody else has: slug, slug-2, slug-3... */
static enum err
unique_slug(struct store *s, struct arena *a, struct asset *as)
{
	int64_t other;
	enum err e;
	char *cand = as->slug;

	for (int k = 2; k < 1000; k++) {
		e = store_asset_find(s, cand, NULL, &other);
		if (e == ERR_NOTFOUND) {
			as->slug = cand;
			return ERR_OK;
		}
		if (e != ERR_OK)
			return e;
		cand = arena_printf(a, "%.*s-%d", LIMIT_SLUG_BYTES - 5,
		    as->slug, k);
		if (cand == NULL)
			return a->err;
	}
	return ERR_CONFLICT;
}

/* Is every related slug in the store or among the batch's slugs? */
static bool
related_known(struct store *s, struct asset **assets, int n, int self,
    const char *file)
{
	const struct asset *as = assets[self];
	int64_t id;

	for (size_t i = 0; i < as->nrelated_slugs; i++) {
		bool found = store_asset_find(s, as->related_slugs[i], NULL,
		    &id) == ERR_OK;

		for (int k = 0; k < n && !found; k++)
			found = k != self && strcmp(assets[k]->slug,
			    as->related_slugs[i]) == 0;
		if (!found) {
			cli_error("%s: related: there is no asset \"%s\"", file,
			    as->related_slugs[i]);
			return false;
		}
	}
	return true;
}

static enum err
save_one(struct store *s, struct arena *a, const char *file,
    struct asset *as)
{
	struct store_save_opts opts = { .author = "import",
		.note = "imported" };
	struct store_save_result res;
	struct asset *old;
	struct diag d;
	int64_t id;
	size_t pending;
	enum err e;

	diag_init(&d, file);
	e = as->source != NULL ? store_asset_find(s, NULL, as->source, &id) :
	    ERR_NOTFOUND;
	if (e == ERR_OK) {
		if ((e = store_asset_get(s, a, id, &old)) != ERR_OK)
			goto fail;
		as->id = id;
		as->slug = old->slug;	/* addresses never move */
		/* an import updates the text, never the publication state,
		 * and keeps what editors added when the file has none */
		as->status = old->status;
		as->publish_at = old->publish_at;
		as->withdrawn_at = old->withdrawn_at;
		as->withdraw_reason = old->withdraw_reason;
		if (as->ntags == 0) {
			as->tags = old->tags;
			as->ntags = old->ntags;
		}
		if (as->nrelated == 0 && as->nrelated_slugs == 0) {
			as->related = old->related;
			as->nrelated = old->nrelated;
		}
		opts.note = "re-imported";
	} else if (e == ERR_NOTFOUND) {
		as->id = 0;
		if ((e = unique_slug(s, a, as)) != ERR_OK)
			goto fail;
	} else {
		goto fail;
	}
	if ((e = store_asset_resolve_related(s, a, as)) != ERR_OK)
		goto fail;
	pending = as->nrelated_slugs;
	as->nrelated_slugs = 0;	/* those are linked in the second pass */
	e = store_asset_save(s, as, &opts, &res, &d);
	as->nrelated_slugs = pending;
	if (e != ERR_OK)
		goto fail;
	printf("%s: #%lld /%s/%s %s (revision %lld)\n", file,
	    (long long)res.id, as->translations[0].locale.tag, as->slug,
	    res.created ? "created" : res.changed ? "updated" : "unchanged",
	    (long long)res.revision);
	return ERR_OK;
fail:
	if (d.msg[0] == '\0')
		diag_set(&d, 0, 0, "cannot save: %s (%s)", err_str(e),
		    store_errmsg(s));
	cli_diag(&d);
	return e;
}

/*
 * With --batch N (n > 1): a batch is opened before a save when none is,
 * and ended after every n saves (and at the end).
 */
static enum err
batch_open(struct store *s, size_t n, bool *open)
{
	if (n <= 1 || *open)
		return ERR_OK;
	*open = true;
	return store_batch_begin(s);
}

static enum err
batch_close(struct store *s, bool *open)
{
	if (!*open)
		return ERR_OK;
	*open = false;
	return store_batch_end(s, true);
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	const char *tzname = NULL, *locale = NULL, *source = NULL;
	const char *batch_arg = NULL;
	size_t batch = 1, in_batch = 0;
	bool batch_is_open = false;
	bool dry = false, draft = false, want_help;
	const struct cli_opt opts[] = {
		{ "tz", true, &tzname, NULL },
		{ "locale", true, &locale, NULL },
		{ "source", true, &source, NULL },
		{ "dry-run", false, NULL, &dry },
		{ "batch", true, &batch_arg, NULL },
		{ "draft", false, NULL, &draft },
		{ NULL, false, NULL, NULL },
	};
	char **files = NULL;
	int nfiles = 0, rc = EXIT_OK, bad = 0;
	struct tz *zone = NULL;
	struct locale loc;
	struct import_opts io = { 0 };
	struct arena a;
	struct asset **assets = NULL;
	struct store *s = NULL;
	struct buf text;
	struct diag d;
	enum err e;

	arena_init(&a, (size_t)1 << 34);
	buf_init(&text, LIMIT_IMPORT_FILE_BYTES);
	files = arena_calloc(&a, (size_t)argc + 1, sizeof *files);
	if (files == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (!cli_opts_parse(c, "import", argc, argv, opts, &want_help, files,
	    argc + 1, &nfiles)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help();
		goto out;
	}
	if (batch_arg != NULL) {
		int64_t v;

		if (str_to_i64(str_from(batch_arg), 1, IMPORT_FILES_MAX, &v) !=
		    ERR_OK) {
			cli_error("import: --batch must be 1 to %d",
			    IMPORT_FILES_MAX);
			rc = EXIT_USAGE;
			goto out;
		}
		batch = (size_t)v;
	}
	if (nfiles == 0 || nfiles > IMPORT_FILES_MAX) {
		cli_error("import: give 1 to %d files (see `pressroom import "
		    "--help`)", IMPORT_FILES_MAX);
		rc = EXIT_USAGE;
		goto out;
	}
	if (source != NULL && nfiles != 1) {
		cli_error("import: --source names one asset: give one file");
		rc = EXIT_USAGE;
		goto out;
	}
	if (tzname != NULL) {
		e = tz_load(tzname, &zone);
		if (e != ERR_OK) {
			cli_error("import: --tz %s: %s", tzname, e == ERR_INVAL ?
			    "not a time zone name (like Europe/Moscow)" :
			    e == ERR_NOTFOUND ? "no such time zone" :
			    err_str(e));
			rc = EXIT_USAGE;
			goto out;
		}
		io.tz = zone;
	}
	if (locale != NULL) {
		if (locale_parse(str_from(locale), &loc) != ERR_OK) {
			cli_error("import: --locale %s: not a BCP 47 language "
			    "tag (like en-GB)", locale);
			rc = EXIT_USAGE;
			goto out;
		}
		io.locale = &loc;
	}
	assets = arena_calloc(&a, (size_t)nfiles, sizeof *assets);
	if (assets == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	/* parse everything first: one bad file and nothing is written */
	for (int i = 0; i < nfiles; i++) {
		diag_init(&d, files[i]);
		io.source = source != NULL ? source : arena_printf(&a,
		    "file:%s", base_name(files[i]));
		e = import_read_file(files[i], &text, &d);
		if (e == ERR_OK)
			e = import_parse(&a, text.p, text.len, &io, &assets[i],
			    &d);
		if (e == ERR_OK && draft)
			assets[i]->status = ASSET_DRAFT;
		if (e != ERR_OK) {
			if (d.msg[0] == '\0')
				diag_set(&d, 0, 0, "%s", err_str(e));
			cli_diag(&d);
			bad++;
			if (e == ERR_NOMEM || e == ERR_IO || e == ERR_NOTFOUND)
				rc = EXIT_FAIL;
		}
	}
	if (bad > 0) {
		cli_error("import: %d of %d file%s rejected; nothing was "
		    "imported", bad, nfiles, nfiles == 1 ? "" : "s");
		if (rc == EXIT_OK)
			rc = EXIT_DATA;
		goto out;
	}
	if (dry) {
		for (int i = 0; i < nfiles; i++)
			printf("%s: ok: %s, %zu translation(s), %s\n", files[i],
			    assets[i]->slug, assets[i]->ntranslations,
			    asset_kind_name(assets[i]->kind));
		goto out;
	}
	diag_init(&d, NULL);
	e = store_open(c->db, 0, &s, &d);
	if (e != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	for (int i = 0; i < nfiles; i++)
		if (!related_known(s, assets, nfiles, i, files[i])) {
			cli_error("import: nothing was imported");
			rc = EXIT_DATA;
			goto out;
		}
	for (int i = 0; i < nfiles && rc == EXIT_OK; i++) {
		if ((e = batch_open(s, batch, &batch_is_open)) == ERR_OK)
			e = save_one(s, &a, files[i], assets[i]);
		if (e != ERR_OK)
			rc = e == ERR_INVAL || e == ERR_CONFLICT ? EXIT_DATA :
			    EXIT_FAIL;
		if ((++in_batch % batch == 0 || i + 1 == nfiles) &&
		    batch_close(s, &batch_is_open) != ERR_OK) {
			cli_error("import: cannot commit: %s", store_errmsg(s));
			rc = EXIT_FAIL;
		}
	}
	if (batch_close(s, &batch_is_open) != ERR_OK && rc == EXIT_OK) {
		cli_error("import: cannot commit: %s", store_errmsg(s));
		rc = EXIT_FAIL;
	}
	/* second pass: links to assets saved later in this import */
	for (int i = 0; i < nfiles && rc == EXIT_OK; i++) {
		if (assets[i]->nrelated_slugs == 0)
			continue;
		if ((e = batch_open(s, batch, &batch_is_open)) == ERR_OK)
			e = save_one(s, &a, files[i], assets[i]);
		if (e == ERR_OK && assets[i]->nrelated_slugs > 0) {
			cli_error("%s: related: \"%s\" could not be linked",
			    files[i], assets[i]->related_slugs[0]);
			e = ERR_INVAL;
		}
		if (e != ERR_OK)
			rc = e == ERR_INVAL || e == ERR_CONFLICT ? EXIT_DATA :
			    EXIT_FAIL;
		if (++in_batch % batch == 0 &&
		    batch_close(s, &batch_is_open) != ERR_OK) {
			cli_error("import: cannot commit: %s", store_errmsg(s));
			rc = EXIT_FAIL;
		}
	}
	if (batch_close(s, &batch_is_open) != ERR_OK && rc == EXIT_OK) {
		cli_error("import: cannot commit: %s", store_errmsg(s));
		rc = EXIT_FAIL;
	}
out:
	store_close(s);
	tz_free(zone);
	buf_release(&text);
	arena_release(&a);
	return rc;
}
