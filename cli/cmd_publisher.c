/*
 * cmd_publisher.c - `pressroom publisher add|set|list|show|rm`: manage the
 * saved listings the site is built from.
 *
 * Options become a JSON patch over the publisher's JSON form (see
 * publisher.h), which is then read back and validated, so the command line
 * and --json FILE go through the same checks. Does not render anything.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "pressroom/buf.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/store.h"
#include "cli.h"
#include "pressroom/banned.h"

#define TITLES_MAX 32

struct popts {
	const char *titles[TITLES_MAX];	/* --title may be repeated */
	size_t ntitles;
	const char *json, *title, *selection, *assets, *kinds, *tags_any,
	    *tags_all, *tags_none, *speaker, *place, *from, *to, *locale,
	    *order, *group, *page_size, *paging, *display, *show, *locales,
	    *fallback;
};

static void
help(void)
{
	printf("usage: pressroom publisher add NAME [OPTIONS]\n"
	    "       pressroom publisher set NAME [OPTIONS]\n"
	    "       pressroom publisher list\n"
	    "       pressroom publisher show NAME [--json]\n"
	    "       pressroom publisher rm NAME\n"
	    "\n"
	    "A publisher is a saved listing: /{locale}/p/NAME shows it (with\n"
	    "/page/N/ pages) and /{locale}/p/NAME.atom is its feed; one named\n"
	    "\"home\" is shown on each locale's home page.\n"
	    "\n"
	    "  --json FILE          the whole configuration as JSON (the API's\n"
	    "                       shape); the options below change it further\n"
	    "  --title LOCALE=TEXT  its title in a locale (repeat for each;\n"
	    "                       LOCALE= removes one)\n"
	    "  --selection dynamic|manual\n"
	    "  --assets ID,...      the manual list, in order (ids or slugs)\n"
	    "  --kinds K,...        statement, speech, transcript, press-release,\n"
	    "                       news, briefing, interview (\"\" for any)\n"
	    "  --tags-any T,...     at least one of these tags\n"
	    "  --tags-all T,...     all of these tags\n"
	    "  --tags-none T,...    none of these tags\n"
	    "  --speaker NAME       only assets where NAME speaks\n"
	    "  --place PLACE\n"
	    "  --from DATE --to DATE  event dates, from inclusive, to exclusive\n"
	    "                       (2015-06-11 or RFC 3339)\n"
	    "  --locale TAG         only assets with text in TAG\n"
	    "  --order KEY:DIR[,KEY:DIR]  event, title, modified; asc or desc\n"
	    "  --group none|kind|year|month\n"
	    "  --page-size N        1 to %d\n"
	    "  --paging none|prev-next|numbered\n"
	    "  --display full|abstracts|titles|table\n"
	    "  --show F,...         date, place, speakers, locales, kind\n"
	    "  --locales TAG,...    the locales it serves (\"\" for all)\n"
	    "  --fallback hide|original  an item lacking the page's locale is\n"
	    "                       hidden, or shown in its original language\n"
	    "\n"
	    "An empty value (\"\") clears a filter.\n", LIMIT_LIST_PAGE_SIZE);
}

/* "a,b,c" as a JSON array of strings ("" gives []) */
static json_t *
csv(const char *s)
{
	json_t *arr = json_array();
	struct str rest = str_from(s), part;

	while (arr != NULL && str_take_until(&rest, ',', &part)) {
		part = str_trim(part);
		if (part.len > 0 && json_array_append_new(arr,
		    json_stringn(part.p, part.len)) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int
set_str(json_t *o, const char *key, const char *v)
{
	if (v == NULL)
		return 0;
	return json_object_set_new(o, key, v[0] == '\0' ? json_null() :
	    json_string(v));
}

static json_t *
obj(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);

	if (json_is_object(o))
		return o;
	o = json_object();
	if (o == NULL || json_object_set_new(parent, key, o) != 0)
		return NULL;
	return o;
}

/* Applies the options to the JSON form j. Returns false (after saying
 * why) on a malformed option. */
static bool
apply(struct store *s, json_t *j, const struct popts *o)
{
	json_t *f = obj(j, "filters"), *tags = f != NULL ? obj(f, "tags") :
	    NULL;
	int rc = f == NULL || tags == NULL;

	for (size_t i = 0; i < o->ntitles; i++) {
		const char *title = o->titles[i], *eq = strchr(title, '=');
		json_t *t = obj(j, "title");
		char tag[LOCALE_TAG_MAX];

		if (eq == NULL || eq == title ||
		    (size_t)(eq - title) >= sizeof tag || t == NULL) {
			cli_error("publisher: --title LOCALE=TEXT");
			return false;
		}
		snprintf(tag, sizeof tag, "%.*s", (int)(eq - title), title);
		rc |= json_object_set_new(t, tag, eq[1] == '\0' ?
		    json_null() : json_string(eq + 1));
		if (eq[1] == '\0')
			json_object_del(t, tag);
	}
	rc |= set_str(j, "selection", o->selection);
	if (o->assets != NULL) {
		json_t *ids = json_array(), *names = csv(o->assets), *v;
		size_t i;

		json_array_foreach(names, i, v) {
			int64_t id;
			const char *ref = json_string_value(v);

			if (str_to_i64(str_from(ref), 1, INT64_MAX, &id) !=
			    ERR_OK && store_asset_find(s, ref, NULL, &id) !=
			    ERR_OK) {
				cli_error("publisher: --assets: no asset \"%s\"",
				    ref);
				json_decref(ids);
				json_decref(names);
				return false;
			}
			rc |= json_array_append_new(ids, json_integer(id));
		}
		json_decref(names);
		rc |= json_object_set_new(j, "assets", ids);
	}
	if (o->kinds != NULL)
		rc |= json_object_set_new(f, "kinds", csv(o->kinds));
	if (o->tags_any != NULL)
		rc |= json_object_set_new(tags, "any", csv(o->tags_any));
	if (o->tags_all != NULL)
		rc |= json_object_set_new(tags, "all", csv(o->tags_all));
	if (o->tags_none != NULL)
		rc |= json_object_set_new(tags, "none", csv(o->tags_none));
	rc |= set_str(f, "speaker", o->speaker);
	rc |= set_str(f, "place", o->place);
	rc |= set_str(f, "from", o->from);
	rc |= set_str(f, "to", o->to);
	rc |= set_str(f, "locale", o->locale);
	if (o->order != NULL) {
		json_t *keys = json_array(), *parts = csv(o->order), *v;
		size_t i;

		json_array_foreach(parts, i, v) {
			const char *k = json_string_value(v), *c = strchr(k, ':');
			json_t *key = json_object();

			json_object_set_new(key, "by", c != NULL ?
			    json_stringn(k, (size_t)(c - k)) : json_string(k));
			if (c != NULL)
				json_object_set_new(key, "dir",
				    json_string(c + 1));
			rc |= json_array_append_new(keys, key);
		}
		json_decref(parts);
		rc |= json_object_set_new(j, "order", keys);
	}
	rc |= set_str(j, "group", o->group);
	if (o->page_size != NULL) {
		int64_t n;

		if (str_to_i64(str_from(o->page_size), 1, LIMIT_LIST_PAGE_SIZE,
		    &n) != ERR_OK) {
			cli_error("publisher: --page-size must be 1 to %d",
			    LIMIT_LIST_PAGE_SIZE);
			return false;
		}
		rc |= json_object_set_new(j, "page_size", json_integer(n));
	}
	rc |= set_str(j, "paging", o->paging);
	rc |= set_str(j, "display", o->display);
	if (o->show != NULL)
		rc |= json_object_set_new(j, "show", csv(o->show));
	if (o->locales != NULL)
		rc |= json_object_set_new(j, "locales", csv(o->locales));
	rc |= set_str(j, "fallback", o->fallback);
	if (rc != 0) {
		cli_error("publisher: out of memory");
		return false;
	}
	return true;
}

static int
show(const struct publisher *p, bool json)
{
	struct buf b;
	enum err e;

	buf_init(&b, LIMIT_ASSET_JSON_BYTES);
	if (json) {
		e = publisher_json_write(p, true, &b);
		if (e == ERR_OK)
			printf("%s\n", b.p);
		buf_release(&b);
		return e == ERR_OK ? EXIT_OK : EXIT_FAIL;
	}
	printf("%s (%s, %s)\n", p->name, p->selection == PUB_MANUAL ?
	    "manual" : "dynamic", pub_display_name(p->display));
	for (size_t i = 0; i < p->ntitles; i++)
		printf("  title %s: %s\n", p->titles[i].locale.tag,
		    p->titles[i].text);
	printf("  order: %s %s, %s %s; group: %s; %u per page, %s\n",
	    pub_order_name(p->order[0]), p->desc[0] ? "desc" : "asc",
	    pub_order_name(p->order[1]), p->desc[1] ? "desc" : "asc",
	    pub_group_name(p->group), p->page_size, pub_paging_name(p->paging));
	printf("  locales: ");
	if (p->nlocales == 0)
		printf("all");
	for (size_t i = 0; i < p->nlocales; i++)
		printf("%s%s", i > 0 ? " " : "", p->locales[i].tag);
	printf("; fallback: %s\n", pub_fallback_name(p->fallback));
	buf_release(&b);
	return EXIT_OK;
}

int
cmd_publisher(struct cli *c, int argc, char **argv)
{
	struct popts o = { 0 };
	bool want_help, json = false;
	const struct cli_opt opts[] = {
		{ "json", false, NULL, &json },
		{ "from-json", true, &o.json, NULL },
		{ "title", true, &o.title, NULL },
		{ "selection", true, &o.selection, NULL },
		{ "assets", true, &o.assets, NULL },
		{ "kinds", true, &o.kinds, NULL },
		{ "tags-any", true, &o.tags_any, NULL },
		{ "tags-all", true, &o.tags_all, NULL },
		{ "tags-none", true, &o.tags_none, NULL },
		{ "speaker", true, &o.speaker, NULL },
		{ "place", true, &o.place, NULL },
		{ "from", true, &o.from, NULL },
		{ "to", true, &o.to, NULL },
		{ "locale", true, &o.locale, NULL },
		{ "order", true, &o.order, NULL },
		{ "group", true, &o.group, NULL },
		{ "page-size", true, &o.page_size, NULL },
		{ "paging", true, &o.paging, NULL },
		{ "display", true, &o.display, NULL },
		{ "show", true, &o.show, NULL },
		{ "locales", true, &o.locales, NULL },
		{ "fallback", true, &o.fallback, NULL },
		{ NULL, false, NULL, NULL },
	};
	char *args[8];
	int nargs, rc = EXIT_OK;
	struct store *s = NULL;
	struct publisher *p, **all;
	struct arena a;
	struct diag d;
	json_t *j = NULL;
	size_t n;
	enum err e;
	const char *verb;

	arena_init(&a, (size_t)1 << 28);
	/* --title may be given once per locale: collect them all */
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "--title") == 0 && o.ntitles < TITLES_MAX)
			o.titles[o.ntitles++] = argv[i + 1];
	/* "--json FILE" on add/set reads a file; "--json" on show prints */
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "--json") == 0 && argc > 1 &&
		    (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "set") == 0))
			argv[i] = (char *)"--from-json";
	if (!cli_opts_parse(c, "publisher", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help || nargs == 0) {
		help();
		rc = want_help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	verb = args[0];
	if (strcmp(verb, "list") != 0 && nargs != 2) {
		cli_error("publisher %s: give one publisher name", verb);
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
		if ((e = store_publisher_list(s, &a, &all, &n)) != ERR_OK) {
			cli_error("publisher list: %s (%s)", err_str(e),
			    store_errmsg(s));
			rc = EXIT_FAIL;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			const char *t = all[i]->ntitles > 0 ?
			    all[i]->titles[0].text : "";

			printf("%-24s %-8s %-10s %s\n", all[i]->name,
			    all[i]->selection == PUB_MANUAL ? "manual" :
			    "dynamic", pub_display_name(all[i]->display), t);
		}
		printf("%zu publisher%s\n", n, n == 1 ? "" : "s");
		goto out;
	}
	if (strcmp(verb, "show") == 0 || strcmp(verb, "rm") == 0) {
		e = strcmp(verb, "rm") == 0 ? store_publisher_delete(s,
		    args[1]) : store_publisher_get(s, &a, args[1], &p);
		if (e == ERR_NOTFOUND) {
			cli_error("publisher %s: no publisher \"%s\"", verb,
			    args[1]);
			rc = EXIT_NOTFOUND;
		} else if (e != ERR_OK) {
			cli_error("publisher %s: %s (%s)", verb, err_str(e),
			    store_errmsg(s));
			rc = EXIT_FAIL;
		} else if (strcmp(verb, "show") == 0) {
			rc = show(p, json);
		} else {
			printf("removed %s\n", args[1]);
		}
		goto out;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "set") != 0) {
		cli_error("publisher: unknown verb \"%s\" (add, set, list, "
		    "show, rm)", verb);
		rc = EXIT_USAGE;
		goto out;
	}
	e = store_publisher_get(s, &a, args[1], &p);
	if (strcmp(verb, "add") == 0 && e == ERR_OK) {
		cli_error("publisher add: \"%s\" exists (use set)", args[1]);
		rc = EXIT_DATA;
		goto out;
	}
	if (strcmp(verb, "set") == 0 && e != ERR_OK) {
		cli_error("publisher set: no publisher \"%s\"", args[1]);
		rc = e == ERR_NOTFOUND ? EXIT_NOTFOUND : EXIT_FAIL;
		goto out;
	}
	if (o.json != NULL) {
		struct buf text;
		json_error_t jerr;

		buf_init(&text, LIMIT_IMPORT_FILE_BYTES);
		diag_init(&d, o.json);
		e = import_read_file(o.json, &text, &d);
		if (e == ERR_OK && (j = json_loadb(text.p, text.len, 0,
		    &jerr)) == NULL) {
			diag_set(&d, (unsigned)jerr.line, (unsigned)jerr.column,
			    "%s", jerr.text);
			e = ERR_INVAL;
		}
		buf_release(&text);
		if (e != ERR_OK) {
			cli_diag(&d);
			rc = cli_exit_of(e);
			goto out;
		}
	} else if (strcmp(verb, "set") == 0) {
		if ((e = publisher_to_json(p, &j)) != ERR_OK) {
			rc = EXIT_FAIL;
			goto out;
		}
	} else {
		j = json_object();
	}
	if (j == NULL || json_object_set_new(j, "name",
	    json_string(args[1])) != 0 || !apply(s, j, &o)) {
		rc = EXIT_USAGE;
		goto out;
	}
	diag_init(&d, NULL);
	if ((e = publisher_from_json(&a, j, &p, &d)) != ERR_OK) {
		cli_error("publisher %s: %s", verb, d.msg);
		rc = EXIT_DATA;
		goto out;
	}
	if ((e = store_publisher_save(s, p, 0, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = cli_exit_of(e);
		goto out;
	}
	printf("%s %s\n", strcmp(verb, "add") == 0 ? "added" : "updated",
	    p->name);
out:
	json_decref(j);
	store_close(s);
	arena_release(&a);
	return rc;
}
