/*
 * publisher.c - the publisher model: defaults, validation, JSON both ways.
 *
 * Does not list anything: the store runs publishers, render shows them.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/publisher.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

static const char *const selection_names[PUB_SELECTION__MAX] = {
	"dynamic", "manual" };
static const char *const order_names[PUB_ORDER__MAX] = {
	"event", "title", "modified" };
static const char *const group_names[PUB_GROUP__MAX] = {
	"none", "kind", "year", "month" };
static const char *const paging_names[PUB_PAGING__MAX] = {
	"none", "prev-next", "numbered" };
static const char *const display_names[PUB_DISPLAY__MAX] = {
	"full", "abstracts", "titles", "table" };
static const char *const fallback_names[PUB_FALLBACK__MAX] = {
	"hide", "original" };
static const struct {
	const char *name;
	unsigned bit;
} show_names[] = {
	{ "date", PUB_SHOW_DATE }, { "place", PUB_SHOW_PLACE },
	{ "speakers", PUB_SHOW_SPEAKERS }, { "locales", PUB_SHOW_LOCALES },
	{ "kind", PUB_SHOW_KIND },
};

const char *
pub_order_name(enum pub_order o)
{
	return (unsigned)o < PUB_ORDER__MAX ? order_names[o] : "";
}

const char *
pub_group_name(enum pub_group g)
{
	return (unsigned)g < PUB_GROUP__MAX ? group_names[g] : "";
}

const char *
pub_paging_name(enum pub_paging p)
{
	return (unsigned)p < PUB_PAGING__MAX ? paging_names[p] : "";
}

const char *
pub_display_name(enum pub_display d)
{
	return (unsigned)d < PUB_DISPLAY__MAX ? display_names[d] : "";
}

const char *
pub_fallback_name(enum pub_fallback f)
{
	return (unsigned)f < PUB_FALLBACK__MAX ? fallback_names[f] : "";
}

/* index of s in names[0..n), or -1 */
static int
name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

struct publisher *
publisher_new(struct arena *a)
{
	struct publisher *p = arena_calloc(a, 1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->name = arena_strdup(a, "");
	if (p->name == NULL)
		return NULL;
	p->selection = PUB_DYNAMIC;
	p->order[0] = PUB_ORDER_EVENT;
	p->desc[0] = true;
	p->order[1] = PUB_ORDER_TITLE;
	p->desc[1] = false;
	p->group = PUB_GROUP_NONE;
	p->page_size = 20;
	p->paging = PUB_PAGING_NUMBERED;
	p->display = PUB_DISPLAY_ABSTRACTS;
	p->show = PUB_SHOW_DATE | PUB_SHOW_PLACE | PUB_SHOW_KIND;
	p->fallback = PUB_FALLBACK_HIDE;
	return p;
}

bool
publisher_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > PUBLISHER_NAME_MAX || name[0] == '-' ||
	    name[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return false;
	}
	return true;
}

static enum err
check_tags(char **tags, size_t n, const char *field, struct diag *d)
{
	if (n > LIMIT_PUBLISHER_TAGS) {
		diag_set(d, 0, 0, "filters.tags.%s: more than %d tags", field,
		    LIMIT_PUBLISHER_TAGS);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < n; i++) {
		char norm[TAG_MAX];

		if (tags[i] == NULL || tag_normalise(tags[i], strlen(tags[i]),
		    norm) != ERR_OK || strcmp(norm, tags[i]) != 0) {
			diag_set(d, 0, 0, "filters.tags.%s[%zu]: not a "
			    "normalised tag", field, i);
			return ERR_INVAL;
		}
	}
	return ERR_OK;
}

enum err
publisher_validate(const struct publisher *p, struct diag *d)
{
	const char *field;
	enum err e;
	size_t bad;

	if (p->name == NULL || !publisher_name_valid(p->name)) {
		diag_set(d, 0, 0, "name: \"%.64s\" must be 1 to %d of a-z, 0-9 "
		    "and '-', not starting or ending with '-'",
		    p->name != NULL ? p->name : "", PUBLISHER_NAME_MAX);
		return ERR_INVAL;
	}
	for (size_t i = 0; i < p->ntitles; i++) {
		if (p->titles[i].text == NULL ||
		    text_check(p->titles[i].text, strlen(p->titles[i].text),
		    LIMIT_TITLE_BYTES, &bad) != ERR_OK ||
		    p->titles[i].text[0] == '\0') {
			diag_set(d, 0, 0, "title.%s: must be a line of text",
			    p->titles[i].locale.tag);
			return ERR_INVAL;
		}
		/* the JSON form holds one title per locale */
		for (size_t k = 0; k < i; k++)
			if (locale_eq(&p->titles[i].locale,
			    &p->titles[k].locale)) {
				diag_set(d, 0, 0, "title.%s: given twice",
				    p->titles[i].locale.tag);
				return ERR_INVAL;
			}
	}
	if ((field = (unsigned)p->selection >= PUB_SELECTION__MAX ?
	    "selection" : (unsigned)p->group >= PUB_GROUP__MAX ? "group" :
	    (unsigned)p->paging >= PUB_PAGING__MAX ? "paging" :
	    (unsigned)p->display >= PUB_DISPLAY__MAX ? "display" :
	    (unsigned)p->fallback >= PUB_FALLBACK__MAX ? "fallback" :
	    (unsigned)p->order[0] >= PUB_ORDER__MAX ? "order[0].by" :
	    (unsigned)p->order[1] >= PUB_ORDER__MAX ? "order[1].by" :
	    p->show >= (unsigned)PUB_SHOW_KIND << 1 ? "show" : NULL) !=
	    NULL) {
		diag_set(d, 0, 0, "%s: out of range", field);
		return ERR_INVAL;
	}
	if (p->selection == PUB_MANUAL &&
	    (p->nmanual == 0 || p->nmanual > LIMIT_PUBLISHER_MANUAL)) {
		diag_set(d, 0, 0, "assets: a manual publisher lists 1 to %d "
		    "assets", LIMIT_PUBLISHER_MANUAL);
		return ERR_INVAL;
	}
	for (size_t i = 0; i < p->nmanual; i++) {
		if (p->manual[i] <= 0) {
			diag_set(d, 0, 0, "assets[%zu]: not an asset id", i);
			return ERR_INVAL;
		}
		for (size_t k = 0; k < i; k++)
			if (p->manual[k] == p->manual[i]) {
				diag_set(d, 0, 0, "assets[%zu]: %lld is listed "
				    "twice", i, (long long)p->manual[i]);
				return ERR_INVAL;
			}
	}
	if (p->kinds >= (1u << ASSET_KIND__MAX)) {
		diag_set(d, 0, 0, "filters.kinds: unknown kind");
		return ERR_INVAL;
	}
	if ((e = check_tags(p->tags_any, p->ntags_any, "any", d)) != ERR_OK ||
	    (e = check_tags(p->tags_all, p->ntags_all, "all", d)) != ERR_OK ||
	    (e = check_tags(p->tags_none, p->ntags_none, "none", d)) !=
	    ERR_OK)
		return e;
	if (p->speaker != NULL && (p->speaker[0] == '\0' ||
	    text_check(p->speaker, strlen(p->speaker), LIMIT_PERSON_NAME_BYTES,
	    &bad) != ERR_OK)) {
		diag_set(d, 0, 0, "filters.speaker: must be a name of 1 to %d "
		    "bytes of text", LIMIT_PERSON_NAME_BYTES);
		return ERR_INVAL;
	}
	if (p->place != NULL && (p->place[0] == '\0' ||
	    text_check(p->place, strlen(p->place), LIMIT_PLACE_BYTES, &bad) !=
	    ERR_OK)) {
		diag_set(d, 0, 0, "filters.place: must be 1 to %d bytes of "
		    "text", LIMIT_PLACE_BYTES);
		return ERR_INVAL;
	}
	if (p->from != 0 && p->to != 0 && p->from >= p->to) {
		diag_set(d, 0, 0, "filters: \"from\" must be before \"to\"");
		return ERR_INVAL;
	}
	if (p->page_size == 0 || p->page_size > LIMIT_LIST_PAGE_SIZE) {
		diag_set(d, 0, 0, "page_size: 1 to %d", LIMIT_LIST_PAGE_SIZE);
		return ERR_INVAL;
	}
	if (p->nlocales > LIMIT_LOCALES) {
		diag_set(d, 0, 0, "locales: more than %d", LIMIT_LOCALES);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < p->nlocales; i++)
		for (size_t k = 0; k < i; k++)
			if (locale_eq(&p->locales[i], &p->locales[k])) {
				diag_set(d, 0, 0, "locales: %s is listed twice",
				    p->locales[i].tag);
				return ERR_INVAL;
			}
	return ERR_OK;
}

bool
publisher_serves(const struct publisher *p, const struct locale *l)
{
	if (p->nlocales == 0)
		return true;
	for (size_t i = 0; i < p->nlocales; i++)
		if (locale_eq(&p->locales[i], l))
			return true;
	return false;
}

const char *
publisher_title(const struct publisher *p, const struct locale *l)
{
	for (size_t i = 0; i < p->ntitles; i++)
		if (locale_eq(&p->titles[i].locale, l))
			return p->titles[i].text;
	for (size_t i = 0; i < p->ntitles; i++)
		if (locale_same_language(&p->titles[i].locale, l))
			return p->titles[i].text;
	return p->ntitles > 0 ? p->titles[0].text : NULL;
}

/* --- JSON out ---------------------------------------------------------- */

static int
put(json_t *o, const char *k, json_t *v)
{
	return v == NULL || json_object_set_new(o, k, v) != 0 ? -1 : 0;
}

static json_t *
strings(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
time_or_null(int64_t t)
{
	char s[TIME_RFC3339_MAX];

	if (t == 0 || time_format_rfc3339(t, 0, s) != ERR_OK)
		return json_null();
	return json_string(s);
}

enum err
publisher_to_json(const struct publisher *p, json_t **out)
{
	json_t *o = json_object(), *t, *f, *tags, *arr;
	enum err e = ERR_NOMEM;

	if (o == NULL)
		return ERR_NOMEM;
	if (put(o, "name", json_string(p->name)) ||
	    put(o, "title", t = json_object()))
		goto out;
	for (size_t i = 0; i < p->ntitles; i++)
		if (put(t, p->titles[i].locale.tag,
		    json_string(p->titles[i].text)))
			goto out;
	if (put(o, "selection", json_string(selection_names[p->selection])) ||
	    put(o, "assets", arr = json_array()))
		goto out;
	for (size_t i = 0; i < p->nmanual; i++)
		if (json_array_append_new(arr, json_integer(p->manual[i])))
			goto out;
	if (put(o, "filters", f = json_object()) ||
	    put(f, "kinds", arr = json_array()))
		goto out;
	for (int k = 0; k < ASSET_KIND__MAX; k++)
		if ((p->kinds & (1u << k)) && json_array_append_new(arr,
		    json_string(asset_kind_name((enum asset_kind)k))))
			goto out;
	if (put(f, "tags", tags = json_object()) ||
	    put(tags, "any", strings(p->tags_any, p->ntags_any)) ||
	    put(tags, "all", strings(p->tags_all, p->ntags_all)) ||
	    put(tags, "none", strings(p->tags_none, p->ntags_none)) ||
	    put(f, "speaker", p->speaker != NULL ? json_string(p->speaker) :
		json_null()) ||
	    put(f, "place", p->place != NULL ? json_string(p->place) :
		json_null()) ||
	    put(f, "from", time_or_null(p->from)) ||
	    put(f, "to", time_or_null(p->to)) ||
	    put(f, "locale", p->has_locale ? json_string(p->locale.tag) :
		json_null()) ||
	    put(o, "order", arr = json_array()))
		goto out;
	for (int k = 0; k < 2; k++) {
		json_t *key = json_object();

		if (json_array_append_new(arr, key) ||
		    put(key, "by", json_string(order_names[p->order[k]])) ||
		    put(key, "dir", json_string(p->desc[k] ? "desc" : "asc")))
			goto out;
	}
	if (put(o, "group", json_string(group_names[p->group])) ||
	    put(o, "page_size", json_integer(p->page_size)) ||
	    put(o, "paging", json_string(paging_names[p->paging])) ||
	    put(o, "display", json_string(display_names[p->display])) ||
	    put(o, "show", arr = json_array()))
		goto out;
	for (size_t i = 0; i < sizeof show_names / sizeof show_names[0]; i++)
		if ((p->show & show_names[i].bit) && json_array_append_new(arr,
		    json_string(show_names[i].name)))
			goto out;
	if (put(o, "locales", arr = json_array()))
		goto out;
	for (size_t i = 0; i < p->nlocales; i++)
		if (json_array_append_new(arr, json_string(p->locales[i].tag)))
			goto out;
	if (put(o, "fallback", json_string(fallback_names[p->fallback])))
		goto out;
	*out = o;
	o = NULL;
	e = ERR_OK;
out:
	json_decref(o);
	return e;
}

struct dump_ctx {
	struct buf *b;
};

static int
dump_cb(const char *s, size_t n, void *data)
{
	struct dump_ctx *c = data;

	buf_add(c->b, s, n);
	return c->b->err == ERR_OK ? 0 : -1;
}

enum err
publisher_json_write(const struct publisher *p, bool pretty, struct buf *b)
{
	struct dump_ctx c = { b };
	json_t *j;
	enum err e = publisher_to_json(p, &j);

	if (e != ERR_OK)
		return e;
	if (json_dump_callback(j, dump_cb, &c, JSON_PRESERVE_ORDER |
	    (pretty ? JSON_INDENT(2) : JSON_COMPACT)) != 0)
		e = b->err != ERR_OK ? b->err : ERR_NOMEM;
	json_decref(j);
	return e;
}

/* --- JSON in ----------------------------------------------------------- */

struct rd {
	struct arena *a;
	struct diag *d;
	enum err e;
};

static bool
bad(struct rd *r, enum err e, const char *field, const char *why)
{
	if (r->e == ERR_OK)
		r->e = e;
	diag_set(r->d, 0, 0, "%s: %s", field, why);
	return false;
}

/* an enum member by name; missing or null keeps *out */
static bool
rd_enum(struct rd *r, const json_t *o, const char *key,
    const char *const *names, int n, int *out)
{
	const json_t *v = json_object_get(o, key);
	char why[160];
	int i;

	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v) || (i = name_index(names, n,
	    json_string_value(v))) < 0) {
		size_t at = (size_t)snprintf(why, sizeof why, "must be one of");

		for (int k = 0; k < n && at < sizeof why; k++)
			at += (size_t)snprintf(why + at, sizeof why - at,
			    "%s %s", k > 0 ? "," : "", names[k]);
		return bad(r, ERR_INVAL, key, why);
	}
	*out = i;
	return true;
}

static bool
rd_str(struct rd *r, const json_t *o, const char *key, char **out)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
	    json_string_length(v))
		return bad(r, ERR_INVAL, key, "must be a string");
	*out = arena_strdup(r->a, json_string_value(v));
	return *out != NULL || bad(r, ERR_NOMEM, key, "out of memory");
}

/* n ASCII digits of s as a number; false if any is not a digit */
static bool
digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* exactly "YYYY-MM-DD" (not checked against the calendar) */
static bool
date_read(const char *s, struct civil *c)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	    digits(s, 4, &c->year) && digits(s + 5, 2, &c->month) &&
	    digits(s + 8, 2, &c->day);
}

/* "2015-06-11" (midnight UTC) or RFC 3339 */
static bool
rd_time(struct rd *r, const json_t *o, const char *key, int64_t *out)
{
	const json_t *v = json_object_get(o, key);
	const char *s;
	struct civil c = { 0 };
	int off;

	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return bad(r, ERR_INVAL, key, "must be a date");
	s = json_string_value(v);
	if (time_parse_rfc3339(s, strlen(s), out, &off) == ERR_OK)
		return true;
	if (date_read(s, &c) && time_from_civil(&c, out) == ERR_OK)
		return true;
	return bad(r, ERR_INVAL, key, "must be a date (2015-06-11) or an "
	    "RFC 3339 date-time");
}

static bool
rd_tags(struct rd *r, const json_t *o, const char *key, char ***out,
    size_t *n)
{
	const json_t *v = json_object_get(o, key), *t;
	size_t i;

	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_array(v) || json_array_size(v) > LIMIT_PUBLISHER_TAGS)
		return bad(r, ERR_INVAL, key, "must be an array of at most 20 "
		    "tags");
	*out = arena_calloc(r->a, json_array_size(v) + 1, sizeof **out);
	if (*out == NULL)
		return bad(r, ERR_NOMEM, key, "out of memory");
	*n = 0;
	json_array_foreach(v, i, t) {
		char tag[TAG_MAX];

		if (!json_is_string(t) || tag_normalise(json_string_value(t),
		    json_string_length(t), tag) != ERR_OK)
			return bad(r, ERR_INVAL, key, "holds something that "
			    "is not a tag");
		if (((*out)[(*n)++] = arena_strdup(r->a, tag)) == NULL)
			return bad(r, ERR_NOMEM, key, "out of memory");
	}
	return true;
}

static bool
rd_filters(struct rd *r, const json_t *f, struct publisher *p)
{
	const json_t *v, *tags;
	size_t i;

	if (f == NULL || json_is_null(f))
		return true;
	if (!json_is_object(f))
		return bad(r, ERR_INVAL, "filters", "must be an object");
	v = json_object_get(f, "kinds");
	if (v != NULL && !json_is_null(v)) {
		const json_t *k;

		if (!json_is_array(v))
			return bad(r, ERR_INVAL, "filters.kinds",
			    "must be an array of kinds");
		p->kinds = 0;
		json_array_foreach(v, i, k) {
			enum asset_kind kind;

			if (!json_is_string(k) || asset_kind_parse(
			    json_string_value(k), &kind) != ERR_OK)
				return bad(r, ERR_INVAL, "filters.kinds",
				    "holds an unknown kind");
			p->kinds |= 1u << kind;
		}
	}
	tags = json_object_get(f, "tags");
	if (tags != NULL && !json_is_null(tags)) {
		if (!json_is_object(tags))
			return bad(r, ERR_INVAL, "filters.tags", "must be "
			    "{\"any\": [], \"all\": [], \"none\": []}");
		if (!rd_tags(r, tags, "any", &p->tags_any, &p->ntags_any) ||
		    !rd_tags(r, tags, "all", &p->tags_all, &p->ntags_all) ||
		    !rd_tags(r, tags, "none", &p->tags_none, &p->ntags_none))
			return false;
	}
	if (!rd_str(r, f, "speaker", &p->speaker) ||
	    !rd_str(r, f, "place", &p->place) ||
	    !rd_time(r, f, "from", &p->from) || !rd_time(r, f, "to", &p->to))
		return false;
	v = json_object_get(f, "locale");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || locale_parse(str_from(
		    json_string_value(v)), &p->locale) != ERR_OK)
			return bad(r, ERR_INVAL, "filters.locale",
			    "must be a BCP 47 tag");
		p->has_locale = true;
	}
	return true;
}

static bool
rd_order(struct rd *r, const json_t *v, struct publisher *p)
{
	const json_t *k;
	size_t i;

	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_array(v) || json_array_size(v) < 1 ||
	    json_array_size(v) > 2)
		return bad(r, ERR_INVAL, "order", "must list one or two keys "
		    "({\"by\": \"event\", \"dir\": \"desc\"})");
	json_array_foreach(v, i, k) {
		int by = p->order[i], dir = -1;
		static const char *const dirs[2] = { "asc", "desc" };

		if (!json_is_object(k) || !rd_enum(r, k, "by", order_names,
		    PUB_ORDER__MAX, &by) || !rd_enum(r, k, "dir", dirs, 2,
		    &dir))
			return r->e != ERR_OK ? false : bad(r, ERR_INVAL,
			    "order", "each key is an object");
		p->order[i] = (enum pub_order)by;
		/* without a direction: titles A to Z, times newest first */
		p->desc[i] = dir >= 0 ? dir == 1 : by != PUB_ORDER_TITLE;
	}
	if (json_array_size(v) == 1) {
		/* the second key breaks ties: by title, unless that is the
		 * first */
		p->order[1] = p->order[0] == PUB_ORDER_TITLE ?
		    PUB_ORDER_EVENT : PUB_ORDER_TITLE;
		p->desc[1] = p->order[1] == PUB_ORDER_EVENT;
	}
	return true;
}

enum err
publisher_from_json(struct arena *a, const json_t *j, struct publisher **out,
    struct diag *d)
{
	struct rd r = { a, d, ERR_OK };
	struct publisher *p;
	const json_t *v, *x;
	const char *key;
	size_t i;
	int sel, grp, pag, dis, fb;
	json_int_t ps;

	if (!json_is_object(j)) {
		diag_set(d, 0, 0, "a publisher must be a JSON object");
		return ERR_INVAL;
	}
	if ((p = publisher_new(a)) == NULL)
		return a->err;
	sel = p->selection;
	grp = p->group;
	pag = p->paging;
	dis = p->display;
	fb = p->fallback;
	if (!rd_str(&r, j, "name", &p->name))
		return r.e;
	v = json_object_get(j, "title");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_object(v)) {
			bad(&r, ERR_INVAL, "title", "must be {locale: text}");
			return r.e;
		}
		p->titles = arena_calloc(a, json_object_size(v) + 1,
		    sizeof *p->titles);
		if (p->titles == NULL)
			return a->err;
		json_object_foreach((json_t *)v, key, x) {
			struct pub_title *t = &p->titles[p->ntitles];

			if (locale_parse(str_from(key), &t->locale) != ERR_OK ||
			    !json_is_string(x)) {
				bad(&r, ERR_INVAL, "title", "must be {locale: "
				    "text}");
				return r.e;
			}
			if ((t->text = arena_strdup(a, json_string_value(x)))
			    == NULL)
				return a->err;
			p->ntitles++;
		}
	}
	if (!rd_enum(&r, j, "selection", selection_names, PUB_SELECTION__MAX,
	    &sel) || !rd_enum(&r, j, "group", group_names, PUB_GROUP__MAX,
	    &grp) || !rd_enum(&r, j, "paging", paging_names, PUB_PAGING__MAX,
	    &pag) || !rd_enum(&r, j, "display", display_names,
	    PUB_DISPLAY__MAX, &dis) || !rd_enum(&r, j, "fallback",
	    fallback_names, PUB_FALLBACK__MAX, &fb))
		return r.e;
	p->selection = (enum pub_selection)sel;
	p->group = (enum pub_group)grp;
	p->paging = (enum pub_paging)pag;
	p->display = (enum pub_display)dis;
	p->fallback = (enum pub_fallback)fb;
	v = json_object_get(j, "assets");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) >
		    LIMIT_PUBLISHER_MANUAL) {
			bad(&r, ERR_INVAL, "assets", "must be an array of at "
			    "most 500 asset ids");
			return r.e;
		}
		p->manual = arena_calloc(a, json_array_size(v) + 1,
		    sizeof *p->manual);
		if (p->manual == NULL)
			return a->err;
		json_array_foreach(v, i, x) {
			if (!json_is_integer(x)) {
				bad(&r, ERR_INVAL, "assets", "must hold ids");
				return r.e;
			}
			p->manual[p->nmanual++] = json_integer_value(x);
		}
	}
	if (!rd_filters(&r, json_object_get(j, "filters"), p) ||
	    !rd_order(&r, json_object_get(j, "order"), p))
		return r.e;
	v = json_object_get(j, "page_size");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || (ps = json_integer_value(v)) < 1 ||
		    ps > LIMIT_LIST_PAGE_SIZE) {
			bad(&r, ERR_INVAL, "page_size", "must be 1 to 100");
			return r.e;
		}
		p->page_size = (unsigned)ps;
	}
	v = json_object_get(j, "show");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_array(v)) {
			bad(&r, ERR_INVAL, "show", "must be an array");
			return r.e;
		}
		p->show = 0;
		json_array_foreach(v, i, x) {
			size_t k;

			for (k = 0; k < sizeof show_names / sizeof show_names[0];
			    k++)
				if (json_is_string(x) && strcmp(
				    json_string_value(x), show_names[k].name) ==
				    0)
					break;
			if (k == sizeof show_names / sizeof show_names[0]) {
				bad(&r, ERR_INVAL, "show", "holds something "
				    "other than date, place, speakers, locales "
				    "or kind");
				return r.e;
			}
			p->show |= show_names[k].bit;
		}
	}
	v = json_object_get(j, "locales");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) > LIMIT_LOCALES) {
			bad(&r, ERR_INVAL, "locales", "must be an array of tags");
			return r.e;
		}
		p->locales = arena_calloc(a, json_array_size(v) + 1,
		    sizeof *p->locales);
		if (p->locales == NULL)
			return a->err;
		json_array_foreach(v, i, x) {
			if (!json_is_string(x) || locale_parse(str_from(
			    json_string_value(x)), &p->locales[p->nlocales]) !=
			    ERR_OK) {
				bad(&r, ERR_INVAL, "locales", "must be an array "
				    "of BCP 47 tags");
				return r.e;
			}
			p->nlocales++;
		}
	}
	v = json_object_get(j, "id");
	if (v != NULL && json_is_integer(v))
		p->id = json_integer_value(v);
	if ((r.e = publisher_validate(p, d)) != ERR_OK)
		return r.e;
	*out = p;
	return ERR_OK;
}

enum err
publisher_json_parse(struct arena *a, const char *text, size_t n,
    struct publisher **out, struct diag *d)
{
	json_error_t jerr;
	json_t *j;
	enum err e;

	asset_json_alloc_reset();
	j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	if (asset_json_alloc_failed() ||
	    (j == NULL && json_error_code(&jerr) == json_error_out_of_memory)) {
		/* a tree made while memory ran out may have lost text */
		json_decref(j);
		diag_set(d, 0, 0, "out of memory");
		return ERR_NOMEM;
	}
	if (j == NULL) {
		diag_set(d, (unsigned)(jerr.line > 0 ? jerr.line : 0),
		    (unsigned)(jerr.column > 0 ? jerr.column : 0), "%s",
		    jerr.text);
		return ERR_INVAL;
	}
	e = publisher_from_json(a, j, out, d);
	json_decref(j);
	return e;
}
