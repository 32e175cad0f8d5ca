/*
 * publisher.h - asset publishers: named, saved listing configurations
 * ("latest statements", "the Minister's speeches", "briefings of 2015",
 * "everything tagged Syria, in Arabic"), the building block of a press
 * office's site.
 *
 * A publisher selects assets (by rules, or a manual ordered list), filters
 * them, orders them by up to two keys, groups them, pages them, and says
 * how to show them and in which locales. Invariants (publisher_validate):
 * name is 1..64 of [a-z0-9-] not starting or ending with '-'; page_size
 * 1..LIMIT_LIST_PAGE_SIZE; tags are normalised; a manual publisher lists
 * 1..LIMIT_PUBLISHER_MANUAL distinct positive ids; from < to when both set;
 * titles and served locales each name a locale once.
 * Does not run the listing (the store does) or render it (render does).
 */
#ifndef PRESSROOM_PUBLISHER_H
#define PRESSROOM_PUBLISHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"

#define PUBLISHER_NAME_MAX 64
#define LIMIT_PUBLISHER_MANUAL 500
#define LIMIT_PUBLISHER_TAGS 20		/* in each of any/all/none */

enum pub_selection { PUB_DYNAMIC, PUB_MANUAL, PUB_SELECTION__MAX };
enum pub_order { PUB_ORDER_EVENT, PUB_ORDER_TITLE, PUB_ORDER_MODIFIED,
	PUB_ORDER__MAX };
enum pub_group { PUB_GROUP_NONE, PUB_GROUP_KIND, PUB_GROUP_YEAR,
	PUB_GROUP_MONTH, PUB_GROUP__MAX };
enum pub_paging { PUB_PAGING_NONE, PUB_PAGING_PREVNEXT, PUB_PAGING_NUMBERED,
	PUB_PAGING__MAX };
enum pub_display { PUB_DISPLAY_FULL, PUB_DISPLAY_ABSTRACTS,
	PUB_DISPLAY_TITLES, PUB_DISPLAY_TABLE, PUB_DISPLAY__MAX };
enum pub_fallback { PUB_FALLBACK_HIDE, PUB_FALLBACK_ORIGINAL,
	PUB_FALLBACK__MAX };

/* What to show with each item (bits of publisher.show). */
enum pub_show {
	PUB_SHOW_DATE = 1 << 0,		/* date and time with the offset */
	PUB_SHOW_PLACE = 1 << 1,
	PUB_SHOW_SPEAKERS = 1 << 2,
	PUB_SHOW_LOCALES = 1 << 3,	/* the languages it is available in */
	PUB_SHOW_KIND = 1 << 4,
};

struct pub_title {
	struct locale locale;
	char *text;
};

struct publisher {
	int64_t id;			/* 0 until stored */
	char *name;
	struct pub_title *titles;	/* per locale; may be empty */
	size_t ntitles;
	enum pub_selection selection;
	int64_t *manual;		/* PUB_MANUAL: asset ids, in order */
	size_t nmanual;
	/* filters (dynamic and manual alike); empty means "any" */
	unsigned kinds;			/* bit 1 << enum asset_kind */
	char **tags_any, **tags_all, **tags_none;
	size_t ntags_any, ntags_all, ntags_none;
	char *speaker;			/* a person's name */
	char *place;
	int64_t from, to;		/* event time: from <= t < to; 0: open */
	bool has_locale;
	struct locale locale;		/* items with text in this locale */
	/* ordering: two keys, then newest id first */
	enum pub_order order[2];
	bool desc[2];
	enum pub_group group;
	unsigned page_size;
	enum pub_paging paging;
	enum pub_display display;
	unsigned show;			/* enum pub_show bits */
	/* advanced settings */
	struct locale *locales;		/* served; none: every site locale */
	size_t nlocales;
	enum pub_fallback fallback;
};

/* Names of the enum values ("dynamic", "title", "month"...). */
const char *pub_order_name(enum pub_order o);
const char *pub_group_name(enum pub_group g);
const char *pub_paging_name(enum pub_paging p);
const char *pub_display_name(enum pub_display d);
const char *pub_fallback_name(enum pub_fallback f);

/* A publisher with the defaults: dynamic, newest event first, no groups,
 * 20 per page, numbered pages, abstracts, date and place shown, every
 * locale, fallback hide. NULL on failure. */
struct publisher *publisher_new(struct arena *a);

/* True if name is a valid publisher name. */
bool publisher_name_valid(const char *name);

/* Checks the invariants at the top of this file; d names the field. */
enum err publisher_validate(const struct publisher *p, struct diag *d);

/* Does the publisher serve pages in locale l? */
bool publisher_serves(const struct publisher *p, const struct locale *l);

/* Its title in l (exact, then same language, then the first), or NULL. */
const char *publisher_title(const struct publisher *p,
    const struct locale *l);

/*
 * The JSON form (the API's and the store's):
 *   {"name", "title": {tag: text}, "selection", "assets": [ids],
 *    "filters": {"kinds": [], "tags": {"any": [], "all": [], "none": []},
 *                "speaker", "place", "from", "to", "locale"},
 *    "order": [{"by", "dir"}], "group", "page_size", "paging",
 *    "display", "show": [], "locales": [], "fallback"}
 * from/to are RFC 3339 date-times or dates (YYYY-MM-DD, midnight UTC).
 */
enum err publisher_to_json(const struct publisher *p, json_t **out);
enum err publisher_json_write(const struct publisher *p, bool pretty,
    struct buf *b);

/*
 * Reads a publisher from JSON into a; missing members keep the defaults
 * of publisher_new(); validated. ERR_INVAL/ERR_LIMIT with d naming the
 * member.
 */
enum err publisher_from_json(struct arena *a, const json_t *j,
    struct publisher **out, struct diag *d);
enum err publisher_json_parse(struct arena *a, const char *text, size_t n,
    struct publisher **out, struct diag *d);

#endif
