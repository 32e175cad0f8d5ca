/*
 * asset.c - the content model's names, builders and validation.
 *
 * Does not store, render or parse assets; see asset.h for the invariants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "pressroom/asset.h"
#include "pressroom/limits.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

static const char *const kind_names[ASSET_KIND__MAX] = {
	[ASSET_KIND_STATEMENT] = "statement",
	[ASSET_KIND_SPEECH] = "speech",
	[ASSET_KIND_TRANSCRIPT] = "transcript",
	[ASSET_KIND_PRESS_RELEASE] = "press-release",
	[ASSET_KIND_NEWS] = "news",
	[ASSET_KIND_BRIEFING] = "briefing",
	[ASSET_KIND_INTERVIEW] = "interview",
};

static const char *const status_names[ASSET_STATUS__MAX] = {
	[ASSET_DRAFT] = "draft",
	[ASSET_PUBLISHED] = "published",
	[ASSET_WITHDRAWN] = "withdrawn",
	[ASSET_UNPUBLISHED] = "unpublished",
};

static const char *const type_names[BLOCK_TYPE__MAX] = {
	[BLOCK_PARAGRAPH] = "paragraph",
	[BLOCK_TURN] = "turn",
};

static const char *const role_names[TURN_ROLE__MAX] = {
	[TURN_ROLE_NONE] = "",
	[TURN_ROLE_STATEMENT] = "statement",
	[TURN_ROLE_QUESTION] = "question",
	[TURN_ROLE_ANSWER] = "answer",
	[TURN_ROLE_REMARK] = "remark",
};

const char *
asset_kind_name(enum asset_kind k)
{
	return (unsigned)k < ASSET_KIND__MAX ? kind_names[k] : NULL;
}

enum err
asset_kind_parse(const char *s, enum asset_kind *out)
{
	for (int i = 0; i < ASSET_KIND__MAX; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum asset_kind)i;
			return ERR_OK;
		}
	return ERR_INVAL;
}

enum asset_visibility
asset_visibility(enum asset_status status, int64_t publish_at, int64_t now)
{
	switch (status) {
	case ASSET_PUBLISHED:
		return publish_at <= now ? VIS_PUBLIC : VIS_HIDDEN;
	case ASSET_WITHDRAWN:
		return VIS_WITHDRAWN;
	case ASSET_UNPUBLISHED:
		return VIS_GONE;
	case ASSET_DRAFT:
	default:
		return VIS_HIDDEN;
	}
}

int64_t
asset_last_modified_at(enum asset_status status, int64_t publish_at,
    int64_t updated_at, int64_t now)
{
	if (status == ASSET_PUBLISHED && publish_at <= now &&
	    publish_at > updated_at)
		return publish_at;
	return updated_at;
}

int64_t
asset_last_modified(const struct asset *as, int64_t now)
{
	return asset_last_modified_at(as->status, as->publish_at,
	    as->updated_at, now);
}

int64_t
asset_shown_modified_at(enum asset_status status, int64_t publish_at,
    int64_t updated_at, int64_t now)
{
	switch (asset_visibility(status, publish_at, now)) {
	case VIS_PUBLIC:
		return asset_last_modified_at(status, publish_at, updated_at,
		    now);
	case VIS_HIDDEN:
		return status == ASSET_DRAFT ? updated_at : 0;
	default:
		return updated_at;
	}
}

int64_t
asset_shown_modified(const struct asset *as, int64_t now)
{
	return asset_shown_modified_at(as->status, as->publish_at,
	    as->updated_at, now);
}

const char *
asset_status_name(enum asset_status st)
{
	return (unsigned)st < ASSET_STATUS__MAX ? status_names[st] : NULL;
}

enum err
asset_status_parse(const char *s, enum asset_status *out)
{
	for (int i = 0; i < ASSET_STATUS__MAX; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum asset_status)i;
			return ERR_OK;
		}
	return ERR_INVAL;
}

const char *
asset_status_label(enum asset_status st, int64_t publish_at, int64_t now)
{
	if (st == ASSET_PUBLISHED && publish_at > now)
		return "scheduled";
	return asset_status_name(st) != NULL ? asset_status_name(st) : "";
}

enum err
tag_normalise(const char *in, size_t n, char out[TAG_MAX])
{
	struct str t = str_trim(str_make(in, n));
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len;
	size_t o = 0, bad;
	bool space = false;

	if (t.len == 0)
		return ERR_INVAL;
	if (t.len >= 4 * TAG_MAX)
		return ERR_LIMIT;
	if (text_check(t.p, t.len, 4 * TAG_MAX, &bad) != ERR_OK ||
	    memchr(t.p, ',', t.len) != NULL)
		return ERR_INVAL;
	len = utf8proc_map((const utf8proc_uint8_t *)t.p,
	    (utf8proc_ssize_t)t.len, &folded, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (len < 0)
		return len == UTF8PROC_ERROR_NOMEM ? ERR_NOMEM : ERR_INVAL;
	for (utf8proc_ssize_t i = 0; i < len; i++) {
		unsigned char c = folded[i];

		if (c == ' ' || c == '\t' || c == '\n') {
			space = true;
			continue;
		}
		if (space && o > 0) {
			if (o + 1 >= TAG_MAX)
				goto limit;
			out[o++] = ' ';
		}
		space = false;
		if (o + 1 >= TAG_MAX)
			goto limit;
		out[o++] = (char)c;
	}
	free(folded);
	out[o] = '\0';
	return o > 0 ? ERR_OK : ERR_INVAL;
limit:
	free(folded);
	return ERR_LIMIT;
}

char *
text_sort_key(struct arena *a, const char *s)
{
	utf8proc_uint8_t *k = NULL;
	utf8proc_ssize_t n;
	char *out;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &k,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
	    UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	    UTF8PROC_IGNORE);
	if (n < 0) {
		/* not UTF-8 (cannot happen for a valid asset): as it is */
		return arena_strdup(a, s);
	}
	out = arena_strndup(a, (const char *)k, (size_t)n);
	free(k);
	return out;
}

enum err
asset_tag_add(struct arena *a, struct asset *as, const char *tag)
{
	char **tags;

	for (size_t i = 0; i < as->ntags; i++)
		if (strcmp(as->tags[i], tag) == 0)
			return ERR_OK;
	if (as->ntags >= LIMIT_TAGS)
		return ERR_LIMIT;
	tags = arena_alloc(a, (as->ntags + 1) * sizeof *tags);
	if (tags == NULL)
		return a->err;
	if (as->ntags > 0)
		memcpy(tags, as->tags, as->ntags * sizeof *tags);
	tags[as->ntags] = arena_strdup(a, tag);
	if (tags[as->ntags] == NULL)
		return a->err;
	as->tags = tags;
	as->ntags++;
	return ERR_OK;
}

const char *
block_type_name(enum block_type t)
{
	return (unsigned)t < BLOCK_TYPE__MAX ? type_names[t] : NULL;
}

enum err
block_type_parse(const char *s, enum block_type *out)
{
	for (int i = 0; i < BLOCK_TYPE__MAX; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum block_type)i;
			return ERR_OK;
		}
	return ERR_INVAL;
}

const char *
turn_role_name(enum turn_role r)
{
	return (unsigned)r < TURN_ROLE__MAX ? role_names[r] : NULL;
}

enum err
turn_role_parse(const char *s, enum turn_role *out)
{
	for (int i = 1; i < TURN_ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum turn_role)i;
			return ERR_OK;
		}
	return ERR_INVAL;
}

struct asset *
asset_new(struct arena *a)
{
	struct asset *as = arena_calloc(a, 1, sizeof *as);

	if (as == NULL)
		return NULL;
	as->slug = arena_strdup(a, "");
	as->place = arena_strdup(a, "");
	if (as->slug == NULL || as->place == NULL)
		return NULL;
	as->kind = ASSET_KIND_STATEMENT;
	as->status = ASSET_DRAFT;
	return as;
}

struct translation *
asset_translation(const struct asset *as, const struct locale *l)
{
	for (size_t i = 0; i < as->ntranslations; i++)
		if (locale_eq(&as->translations[i].locale, l))
			return &as->translations[i];
	return NULL;
}

struct translation *
asset_translation_for(const struct asset *as, const struct locale *l)
{
	struct translation *t = asset_translation(as, l);

	if (t != NULL)
		return t;
	for (size_t i = 0; i < as->ntranslations; i++)
		if (locale_same_language(&as->translations[i].locale, l))
			return &as->translations[i];
	return NULL;
}

enum err
asset_speaker_intern(struct arena *a, struct asset *as, const char *name,
    const char *title, int *out)
{
	struct person *p;
	size_t i;

	for (i = 0; i < as->nspeakers; i++) {
		if (strcmp(as->speakers[i].name, name) != 0)
			continue;
		if (as->speakers[i].title == NULL && title != NULL) {
			as->speakers[i].title = arena_strdup(a, title);
			if (as->speakers[i].title == NULL)
				return a->err;
		}
		*out = (int)i;
		return ERR_OK;
	}
	if (as->nspeakers >= LIMIT_SPEAKERS)
		return ERR_LIMIT;
	p = arena_alloc(a, (as->nspeakers + 1) * sizeof *p);
	if (p == NULL)
		return a->err;
	if (as->nspeakers > 0)
		memcpy(p, as->speakers, as->nspeakers * sizeof *p);
	p[i].name = arena_strdup(a, name);
	p[i].title = title != NULL ? arena_strdup(a, title) : NULL;
	if (p[i].name == NULL || (title != NULL && p[i].title == NULL))
		return a->err;
	as->speakers = p;
	as->nspeakers++;
	*out = (int)i;
	return ERR_OK;
}

enum err
translation_block_add(struct arena *a, struct translation *t, const char *id,
    enum block_type type, enum turn_role role, int speaker, const char *text,
    size_t textlen)
{
	struct block *b;

	if (t->nblocks >= LIMIT_BLOCKS)
		return ERR_LIMIT;
	if (strlen(id) >= BLOCK_ID_MAX)
		return ERR_INVAL;
	/* blocks grow by doubling; capacity is implied by powers of two */
	if (t->nblocks == 0 || (t->nblocks & (t->nblocks - 1)) == 0) {
		size_t cap = t->nblocks == 0 ? 8 : t->nblocks * 2;

		b = arena_alloc(a, cap * sizeof *b);
		if (b == NULL)
			return a->err;
		if (t->nblocks > 0)
			memcpy(b, t->blocks, t->nblocks * sizeof *b);
		t->blocks = b;
	}
	b = &t->blocks[t->nblocks];
	memset(b, 0, sizeof *b);
	snprintf(b->id, sizeof b->id, "%s", id);
	b->type = type;
	b->role = role;
	b->speaker = speaker;
	b->text = arena_strndup(a, text, textlen);
	if (b->text == NULL)
		return a->err;
	t->nblocks++;
	return ERR_OK;
}

enum err
asset_translation_add(struct arena *a, struct asset *as,
    const struct locale *l, struct translation **out)
{
	struct translation *t;

	if (asset_translation(as, l) != NULL)
		return ERR_CONFLICT;
	if (as->ntranslations >= LIMIT_LOCALES)
		return ERR_LIMIT;
	t = arena_alloc(a, (as->ntranslations + 1) * sizeof *t);
	if (t == NULL)
		return a->err;
	if (as->ntranslations > 0)
		memcpy(t, as->translations, as->ntranslations * sizeof *t);
	as->translations = t;
	t = &as->translations[as->ntranslations++];
	memset(t, 0, sizeof *t);
	t->locale = *l;
	t->title = arena_strdup(a, "");
	t->summary = arena_strdup(a, "");
	if (t->title == NULL || t->summary == NULL)
		return a->err;
	*out = t;
	return ERR_OK;
}

enum err
text_check(const char *s, size_t n, size_t max, size_t *bad)
{
	if (n > max) {
		*bad = max;
		return ERR_LIMIT;
	}
	if (!utf8_valid(s, n, bad))
		return ERR_INVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* C0 except tab and newline, DEL, and C1 (U+0080..U+009F,
		 * encoded C2 80..C2 9F; s is valid UTF-8 here) */
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ||
		    (c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)) {
			*bad = i;
			return ERR_INVAL;
		}
	}
	return ERR_OK;
}

static enum err
check_field(struct diag *d, const char *field, const char *s, size_t max,
    bool required, bool oneline)
{
	size_t bad = 0, n;
	enum err e;

	if (s == NULL) {
		diag_set(d, 0, 0, "%s: missing", field);
		return ERR_INVAL;
	}
	n = strlen(s);
	if (required && n == 0) {
		diag_set(d, 0, 0, "%s: must not be empty", field);
		return ERR_INVAL;
	}
	e = text_check(s, n, max, &bad);
	if (e == ERR_LIMIT) {
		diag_set(d, 0, 0, "%s: longer than %zu bytes", field, max);
		return e;
	}
	if (e != ERR_OK) {
		diag_set(d, 0, 0,
		    "%s: invalid UTF-8 or control character at byte %zu",
		    field, bad);
		return e;
	}
	if (oneline && memchr(s, '\n', n) != NULL) {
		diag_set(d, 0, 0, "%s: must be a single line", field);
		return ERR_INVAL;
	}
	return ERR_OK;
}

/* "p12" / "t4": prefix letter and a decimal number >= 1, no leading zero */
static bool
block_id_ok(const char *id, enum block_type type)
{
	size_t n = strlen(id);

	if (n < 2 || n > 7)
		return false;
	if (id[0] != (type == BLOCK_TURN ? 't' : 'p'))
		return false;
	if (id[1] < '1' || id[1] > '9')
		return false;
	for (size_t i = 2; i < n; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	return true;
}



static enum err
check_blocks(const struct asset *as, const struct translation *t,
    struct diag *d)
{
	char field[96];
	enum err e;

	if (t->nblocks > LIMIT_BLOCKS) {
		diag_set(d, 0, 0, "translations.%s.blocks: more than %d blocks",
		    t->locale.tag, LIMIT_BLOCKS);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct block *b = &t->blocks[i];

		snprintf(field, sizeof field, "translations.%s.blocks[%zu]",
		    t->locale.tag, i);
		if ((unsigned)b->type >= BLOCK_TYPE__MAX ||
		    (unsigned)b->role >= TURN_ROLE__MAX) {
			diag_set(d, 0, 0, "%s: bad type or role", field);
			return ERR_INVAL;
		}
		if (!block_id_ok(b->id, b->type)) {
			diag_set(d, 0, 0,
			    "%s.id: \"%s\" is not a %s id (%s followed by a "
			    "number from 1)", field, b->id,
			    block_type_name(b->type),
			    b->type == BLOCK_TURN ? "t" : "p");
			return ERR_INVAL;
		}
		if (b->type == BLOCK_PARAGRAPH &&
		    (b->role != TURN_ROLE_NONE || b->speaker != -1)) {
			diag_set(d, 0, 0,
			    "%s: a paragraph has no role and no speaker", field);
			return ERR_INVAL;
		}
		if (b->type == BLOCK_TURN && b->role == TURN_ROLE_NONE) {
			diag_set(d, 0, 0, "%s: a turn needs a role", field);
			return ERR_INVAL;
		}
		if (b->speaker < -1 || (b->speaker >= 0 &&
		    (size_t)b->speaker >= as->nspeakers)) {
			diag_set(d, 0, 0, "%s.speaker: no such speaker", field);
			return ERR_INVAL;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->blocks[k].id, b->id) == 0) {
				diag_set(d, 0, 0, "%s.id: \"%s\" is used twice",
				    field, b->id);
				return ERR_INVAL;
			}
		snprintf(field + strlen(field), sizeof field - strlen(field),
		    ".text");
		e = check_field(d, field, b->text, LIMIT_BLOCK_TEXT_BYTES,
		    true, false);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* the same block id must be the same block in every translation */
static enum err
check_shared_ids(const struct asset *as, struct diag *d)
{
	for (size_t i = 1; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];

		for (size_t j = 0; j < i; j++) {
			const struct translation *u = &as->translations[j];

			for (size_t bi = 0; bi < t->nblocks; bi++)
				for (size_t bj = 0; bj < u->nblocks; bj++) {
					const struct block *a = &t->blocks[bi];
					const struct block *b = &u->blocks[bj];

					if (strcmp(a->id, b->id) != 0)
						continue;
					if (a->role != b->role ||
					    a->speaker != b->speaker) {
						diag_set(d, 0, 0,
						    "translations.%s.blocks[%zu]: "
						    "block %s has another role "
						    "or speaker in %s",
						    t->locale.tag, bi, a->id,
						    u->locale.tag);
						return ERR_INVAL;
					}
				}
		}
	}
	return ERR_OK;
}

enum err
asset_validate(const struct asset *as, struct diag *d)
{
	char field[96];
	enum err e;

	if (as->slug == NULL || !slug_valid(as->slug)) {
		diag_set(d, 0, 0,
		    "slug: \"%.80s\" must be 1 to %d of a-z, 0-9 and '-', "
		    "not starting or ending with '-'",
		    as->slug != NULL ? as->slug : "", LIMIT_SLUG_BYTES);
		return ERR_INVAL;
	}
	if (slug_reserved(as->slug)) {
		diag_set(d, 0, 0, "slug: \"%s\" names a part of the site; "
		    "choose another", as->slug);
		return ERR_INVAL;
	}
	if ((unsigned)as->kind >= ASSET_KIND__MAX) {
		diag_set(d, 0, 0, "kind: out of range");
		return ERR_INVAL;
	}
	if (as->event_offset < -TIME_OFFSET_MAX ||
	    as->event_offset > TIME_OFFSET_MAX ||
	    as->event_offset % 60 != 0) {
		diag_set(d, 0, 0, "published_at: offset must be whole minutes "
		    "within 18 hours of UTC");
		return ERR_INVAL;
	}
	e = check_field(d, "place", as->place, LIMIT_PLACE_BYTES, false, true);
	if (e != ERR_OK)
		return e;
	if (as->nlocales > LIMIT_LOCALES) {
		diag_set(d, 0, 0, "locales: more than %d", LIMIT_LOCALES);
		return ERR_LIMIT;
	}
	if (as->ntranslations > LIMIT_LOCALES) {
		diag_set(d, 0, 0, "translations: more than %d", LIMIT_LOCALES);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < as->nlocales; i++)
		for (size_t k = 0; k < i; k++)
			if (locale_eq(&as->locales[i], &as->locales[k])) {
				diag_set(d, 0, 0, "locales: %s is listed twice",
				    as->locales[i].tag);
				return ERR_INVAL;
			}
	if (as->nspeakers > LIMIT_SPEAKERS) {
		diag_set(d, 0, 0, "speakers: more than %d", LIMIT_SPEAKERS);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < as->nspeakers; i++) {
		snprintf(field, sizeof field, "speakers[%zu].name", i);
		e = check_field(d, field, as->speakers[i].name,
		    LIMIT_PERSON_NAME_BYTES, true, true);
		if (e != ERR_OK)
			return e;
		if (as->speakers[i].title != NULL) {
			snprintf(field, sizeof field, "speakers[%zu].title", i);
			e = check_field(d, field, as->speakers[i].title,
			    LIMIT_PERSON_TITLE_BYTES, false, true);
			if (e != ERR_OK)
				return e;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(as->speakers[i].name,
			    as->speakers[k].name) == 0) {
				diag_set(d, 0, 0,
				    "speakers[%zu].name: \"%s\" is listed twice",
				    i, as->speakers[i].name);
				return ERR_INVAL;
			}
	}
	if (as->ntranslations == 0) {
		diag_set(d, 0, 0, "translations: an asset needs at least one");
		return ERR_INVAL;
	}
	for (size_t i = 0; i < as->ntranslations; i++) {
		const struct translation *t = &as->translations[i];

		for (size_t k = 0; k < i; k++)
			if (locale_eq(&t->locale, &as->translations[k].locale)) {
				diag_set(d, 0, 0,
				    "translations: %s appears twice",
				    t->locale.tag);
				return ERR_INVAL;
			}
		snprintf(field, sizeof field, "translations.%s.title",
		    t->locale.tag);
		e = check_field(d, field, t->title, LIMIT_TITLE_BYTES, true,
		    true);
		if (e != ERR_OK)
			return e;
		snprintf(field, sizeof field, "translations.%s.summary",
		    t->locale.tag);
		e = check_field(d, field, t->summary, LIMIT_SUMMARY_BYTES,
		    false, false);
		if (e != ERR_OK)
			return e;
		if (t->update_note != NULL) {
			snprintf(field, sizeof field,
			    "translations.%s.update_note", t->locale.tag);
			e = check_field(d, field, t->update_note,
			    LIMIT_REASON_BYTES, false, false);
			if (e != ERR_OK)
				return e;
		}
		e = check_blocks(as, t, d);
		if (e != ERR_OK)
			return e;
	}
	if (as->nrelated > LIMIT_RELATED) {
		diag_set(d, 0, 0, "related: more than %d", LIMIT_RELATED);
		return ERR_LIMIT;
	}
	if (as->nattachments > LIMIT_ATTACHMENTS) {
		diag_set(d, 0, 0, "attachments: more than %d",
		    LIMIT_ATTACHMENTS);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < as->nattachments; i++) {
		const struct attachment *at = &as->attachments[i];

		if (!attachment_sha_valid(at->sha256) ||
		    !attachment_name_valid(at->name)) {
			diag_set(d, 0, 0, "attachments[%zu]: a bad name or "
			    "sha256", i);
			return ERR_INVAL;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(at->name, as->attachments[k].name) == 0) {
				diag_set(d, 0, 0, "attachments[%zu]: \"%s\" "
				    "is attached twice", i, at->name);
				return ERR_INVAL;
			}
	}
	if ((unsigned)as->status >= ASSET_STATUS__MAX) {
		diag_set(d, 0, 0, "status: out of range");
		return ERR_INVAL;
	}
	if (as->status == ASSET_WITHDRAWN) {
		e = check_field(d, "withdraw_reason", as->withdraw_reason,
		    LIMIT_REASON_BYTES, true, false);
		if (e != ERR_OK)
			return e;
	}
	if (as->ntags > LIMIT_TAGS) {
		diag_set(d, 0, 0, "tags: more than %d", LIMIT_TAGS);
		return ERR_LIMIT;
	}
	for (size_t i = 0; i < as->ntags; i++) {
		char norm[TAG_MAX];

		if (as->tags[i] == NULL || tag_normalise(as->tags[i],
		    strlen(as->tags[i]), norm) != ERR_OK ||
		    strcmp(norm, as->tags[i]) != 0) {
			diag_set(d, 0, 0, "tags[%zu]: \"%.60s\" is not a "
			    "normalised tag (lower case, single spaces, no "
			    "comma, under %d bytes)", i,
			    as->tags[i] != NULL ? as->tags[i] : "", TAG_MAX);
			return ERR_INVAL;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(as->tags[k], as->tags[i]) == 0) {
				diag_set(d, 0, 0, "tags: \"%s\" is listed "
				    "twice", as->tags[i]);
				return ERR_INVAL;
			}
	}
	for (size_t i = 0; i < as->nrelated_slugs; i++)
		if (!slug_valid(as->related_slugs[i])) {
			diag_set(d, 0, 0, "related: \"%.80s\" is not a slug",
			    as->related_slugs[i]);
			return ERR_INVAL;
		}
	for (size_t i = 0; i < as->nrelated; i++)
		if (as->related[i] <= 0 || as->related[i] == as->id) {
			diag_set(d, 0, 0, "related[%zu]: not another asset's id",
			    i);
			return ERR_INVAL;
		}
	return check_shared_ids(as, d);
}
