/*
 * asset.h - pressroom's content model: an asset (a statement, speech,
 * transcript...) with its announced locales, speakers and translations, each
 * translation an ordered list of blocks (paragraphs and speaker turns).
 *
 * Invariants of a valid asset (asset_validate checks them all):
 * - slug is 1..LIMIT_SLUG_BYTES of [a-z0-9-], not starting or ending in '-';
 * - locales (announced) are distinct; translations have distinct locales;
 * - block ids are "p<N>" for paragraphs and "t<N>" for turns (N >= 1), unique
 *   within a translation, and a block id means the same block in every
 *   translation: same type, role and speaker (turn 4 in English is turn 4 in
 *   Russian);
 * - a turn has a role; a paragraph has role TURN_ROLE_NONE and no speaker;
 *   speaker is an index into speakers or -1;
 * - all text is valid UTF-8 without NUL or control characters other than
 *   tab and newline, within the limits of limits.h;
 * - related ids are positive and not the asset's own; related_slugs are
 *   valid slugs (the store refuses an asset that still has any);
 * - tags are normalised (tag_normalise) and distinct; a WITHDRAWN asset has
 *   a reason; a PUBLISHED one a publish_at.
 *
 * Assets built by the importer, the store or the JSON reader live in an
 * arena: every pointer below points into it, nothing is freed one by one.
 * Does not know how assets are stored, rendered or imported.
 */
#ifndef PRESSROOM_ASSET_H
#define PRESSROOM_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/arena.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"

enum asset_kind {
	ASSET_KIND_STATEMENT,
	ASSET_KIND_SPEECH,
	ASSET_KIND_TRANSCRIPT,
	ASSET_KIND_PRESS_RELEASE,
	ASSET_KIND_NEWS,
	ASSET_KIND_BRIEFING,
	ASSET_KIND_INTERVIEW,
	ASSET_KIND__MAX
};

enum block_type {
	BLOCK_PARAGRAPH,
	BLOCK_TURN,
	BLOCK_TYPE__MAX
};

enum turn_role {
	TURN_ROLE_NONE,		/* paragraphs only */
	TURN_ROLE_STATEMENT,
	TURN_ROLE_QUESTION,
	TURN_ROLE_ANSWER,
	TURN_ROLE_REMARK,
	TURN_ROLE__MAX
};

/*
 * Where an asset is in its life. "Scheduled" is not a status of its own: it
 * is PUBLISHED with publish_at in the future, so that the clock, not a
 * cron job, makes it appear (see asset_visibility).
 */
enum asset_status {
	ASSET_DRAFT,		/* never shown */
	ASSET_PUBLISHED,	/* shown from publish_at on */
	ASSET_WITHDRAWN,	/* page kept with a notice; out of lists */
	ASSET_UNPUBLISHED,	/* gone: 410 */
	ASSET_STATUS__MAX
};

/* What the public may see of an asset at a given instant. */
enum asset_visibility {
	VIS_HIDDEN,		/* does not exist for the public: 404 */
	VIS_GONE,		/* was public, is no more: 410 */
	VIS_WITHDRAWN,		/* its page, with the withdrawal notice */
	VIS_PUBLIC,		/* its page, and in lists, feeds, search */
	VIS__MAX
};

#define BLOCK_ID_MAX 12
#define TAG_MAX 64		/* bytes of a tag, with the NUL */

struct person {
	char *name;
	char *title;	/* "Foreign Minister"; NULL when unknown */
};

struct block {
	char id[BLOCK_ID_MAX];	/* "p3", "t4" */
	enum block_type type;
	enum turn_role role;
	int speaker;		/* index into asset.speakers, -1 for none */
	char *text;		/* Markdown; paragraphs separated by a blank line */
	/* translation status, filled by the store (see asset_revs_carry) */
	int64_t rev;		/* the asset revision its text last changed in */
	int64_t source_rev;	/* the source block's rev it was translated
				 * from (the source's own blocks: rev) */
};

#define ATTACHMENT_SHA_HEX 64	/* hex digits of a SHA-256 */
#define ATTACHMENT_NAME_MAX 200	/* bytes of a file name */

/*
 * A file attached to an asset (a PDF of the statement, a photo). The bytes
 * live in the store under their SHA-256; the same bytes may be attached
 * under several names. Served at /attachments/{sha256}/{name}.
 */
struct attachment {
	char sha256[ATTACHMENT_SHA_HEX + 1];	/* lowercase hex */
	char *name;		/* see attachment_name_valid */
	char *type;		/* judged from the bytes (attachment_sniff);
				 * filled by the store */
	int64_t size;		/* bytes; filled by the store */
};

struct translation {
	struct locale locale;
	char *title;
	char *summary;		/* "" when there is none */
	struct block *blocks;
	size_t nblocks;
	char *update_note;	/* public "updated" note; "" when none */
	/* the title and summary as one unit, like a block's rev/source_rev */
	int64_t head_rev;
	int64_t head_source_rev;
};

struct asset {
	int64_t id;		/* 0 until stored */
	char *slug;
	enum asset_kind kind;
	int64_t event_at;	/* UTC instant, seconds since the epoch */
	int event_offset;	/* seconds east of UTC it was announced in */
	char *place;		/* "" when unknown */
	struct locale *locales;	/* announced, in announced order */
	size_t nlocales;
	struct person *speakers;
	size_t nspeakers;
	struct translation *translations;
	size_t ntranslations;
	int64_t *related;	/* ids of related assets ("Additional materials") */
	size_t nrelated;
	char **related_slugs;	/* related assets named by slug, to be
				 * resolved to ids before saving (import) */
	size_t nrelated_slugs;
	struct attachment *attachments;
	size_t nattachments;
	char *source;		/* import identity ("file:NAME"), NULL if none */
	char **tags;		/* normalised tags (see tag_normalise) */
	size_t ntags;
	enum asset_status status;
	int64_t publish_at;	/* PUBLISHED: visible from then on (UTC) */
	int64_t withdrawn_at;	/* WITHDRAWN: when (UTC) */
	char *withdraw_reason;	/* WITHDRAWN: shown with the notice */
	int64_t update_note_at;	/* when the translations' update notes were
				 * last changed (UTC); 0: there are none */
	/* filled by the store, ignored when saving */
	int64_t revision;
	int64_t created_at;
	int64_t updated_at;
};

/*
 * What a listing shows of an asset in one locale: no blocks, just the lead
 * (the first block's Markdown) for an abstract. Strings live in an arena.
 */
struct asset_summary {
	int64_t id;
	char *slug;
	enum asset_kind kind;
	int64_t event_at;
	int event_offset;
	char *place;
	struct locale locale;	/* of the title, summary and lead */
	char *title;
	char *summary;
	char *lead;
	int64_t updated_at;
	enum asset_status status;
	int64_t publish_at;
	/* filled by publisher listings */
	bool fallback;		/* shown in another locale than the page's */
	char **speakers;	/* names */
	size_t nspeakers;
	struct locale *locales;	/* translations it has */
	size_t nlocales;
};

/*
 * THE visibility rule; every public surface asks it (SQL queries use the
 * same rule, spelt out once in src/store/sql.c as SQL_VISIBLE and checked
 * against this function by the store tests):
 *   DRAFT -> hidden; UNPUBLISHED -> gone; WITHDRAWN -> withdrawn;
 *   PUBLISHED -> public from publish_at on, hidden before.
 */
enum asset_visibility asset_visibility(enum asset_status status,
    int64_t publish_at, int64_t now);

/*
 * When the public's view of the asset last changed, as of now: its last
 * save or, if later and past, the moment it became public.
 */
int64_t asset_last_modified(const struct asset *as, int64_t now);
/* The same from the three fields it reads (a listing's summary has them). */
int64_t asset_last_modified_at(enum asset_status status, int64_t publish_at,
    int64_t updated_at, int64_t now);

/*
 * When the asset, shown on another page (as related, in a list of ids),
 * last changed that page, as of now: asset_last_modified while public;
 * its last save once withdrawn, gone or back to draft (it left the page
 * then); 0 while scheduled (not even its save's date may show).
 */
int64_t asset_shown_modified(const struct asset *as, int64_t now);
/* The same from the three fields it reads. */
int64_t asset_shown_modified_at(enum asset_status status, int64_t publish_at,
    int64_t updated_at, int64_t now);

/* "draft", "published", "withdrawn", "unpublished"; ERR_INVAL if unknown. */
const char *asset_status_name(enum asset_status s);
enum err asset_status_parse(const char *s, enum asset_status *out);

/*
 * The status as an editor sees it at now: "scheduled" for a PUBLISHED
 * asset whose publish_at is still ahead, else asset_status_name().
 */
const char *asset_status_label(enum asset_status s, int64_t publish_at,
    int64_t now);

/*
 * A key that sorts titles the way readers expect, in any script: NFKD,
 * case folded, marks (accents) removed. In a; NULL on failure.
 */
char *text_sort_key(struct arena *a, const char *s);

/*
 * Normalises a tag: trimmed, inner whitespace runs made one space, case
 * folded (utf8proc), NFC; 1..TAG_MAX-1 bytes, no control characters and
 * no ',' (tags are given as comma-separated lists). ERR_INVAL or
 * ERR_LIMIT. out holds TAG_MAX bytes.
 */
enum err tag_normalise(const char *in, size_t n, char out[TAG_MAX]);

/* Adds a normalised tag unless present; ERR_LIMIT past LIMIT_TAGS. */
enum err asset_tag_add(struct arena *a, struct asset *as, const char *tag);

/* "statement", "press-release"...; NULL for an out-of-range value. */
const char *asset_kind_name(enum asset_kind k);
/* Parses a kind name; ERR_INVAL when unknown. */
enum err asset_kind_parse(const char *s, enum asset_kind *out);

const char *block_type_name(enum block_type t);
enum err block_type_parse(const char *s, enum block_type *out);

/* "statement", "question", "answer", "remark"; "" for TURN_ROLE_NONE. */
const char *turn_role_name(enum turn_role r);
enum err turn_role_parse(const char *s, enum turn_role *out);

/* A zeroed asset in a (kind statement, no speakers, offset 0); NULL on failure. */
struct asset *asset_new(struct arena *a);

/* The translation in locale l, or NULL. */
struct translation *asset_translation(const struct asset *as,
    const struct locale *l);

/*
 * The translation to show for l: exact match, else the first one of the same
 * language, else NULL.
 */
struct translation *asset_translation_for(const struct asset *as,
    const struct locale *l);

/*
 * Index of the speaker named name (exact bytes), adding a person record when
 * there is none. title may be NULL; it fills a missing title. Strings are
 * copied into a. ERR_NOMEM, ERR_LIMIT past LIMIT_SPEAKERS.
 */
enum err asset_speaker_intern(struct arena *a, struct asset *as,
    const char *name, const char *title, int *out);

/* Appends a block to t with text copied into a; the id is given. */
enum err translation_block_add(struct arena *a, struct translation *t,
    const char *id, enum block_type type, enum turn_role role, int speaker,
    const char *text, size_t textlen);

/* Appends an empty translation for l; ERR_CONFLICT if l is there already. */
enum err asset_translation_add(struct arena *a, struct asset *as,
    const struct locale *l, struct translation **out);

/*
 * A file name fit for a page and a URL path segment: 1 to
 * ATTACHMENT_NAME_MAX bytes of UTF-8, no control characters, no '/' or
 * '\\', not starting with '.'.
 */
bool attachment_name_valid(const char *name);

/* True for 64 lowercase hex digits. */
bool attachment_sha_valid(const char *sha);

/*
 * The Content-Type of n bytes judged from the bytes alone, never from a
 * name or a client's claim: PDF, PNG, JPEG, GIF, WebP, UTF-8 plain text,
 * else "application/octet-stream". HTML and SVG are never recognised as
 * such: they are served as downloads, not rendered.
 */
const char *attachment_sniff(const void *p, size_t n);

/* Whether a browser may show this type inline (the raster images). */
bool attachment_inline(const char *type);

/* Adds an attachment (name copied); ERR_LIMIT past LIMIT_ATTACHMENTS,
 * ERR_CONFLICT for a name already attached, ERR_INVAL for a bad name or
 * sha. */
enum err asset_attachment_add(struct arena *a, struct asset *as,
    const char *sha256, const char *name);

/*
 * Translation status. The first translation is the source (the text as
 * written); every other one is translated from it. Each block, and each
 * translation's title and summary taken together ("head"), records the
 * asset revision its text last changed in (rev) and, in a translation,
 * the source's rev it was translated from (source_rev).
 *
 * asset_revs_carry fills those of as, about to be saved as revision
 * revision, from old (the asset as stored, NULL for a new one): unchanged
 * text keeps its numbers; changed or new text gets rev = revision and, in
 * a translation, source_rev = the source block's rev now (0 when the
 * source has no such block). A translator's edit thus marks the block as
 * translated from the current source.
 */
void asset_revs_carry(const struct asset *old, struct asset *as,
    int64_t revision);

/*
 * Marks translation t's block id ("" for the head) as translated from the
 * current source, without changing its text (a translator's "still
 * right"). ERR_NOTFOUND when t or the source has no such block, ERR_INVAL
 * for the source itself.
 */
enum err asset_revs_confirm(struct asset *as, struct translation *t,
    const char *id);

/* The source block of translation block b (same id), or NULL. */
const struct block *asset_source_block(const struct asset *as,
    const char *id);

/* Is b (a block of translation t) older than its source block? */
bool asset_block_outdated(const struct asset *as, const struct translation *t,
    const struct block *b);

/* Is t's title and summary older than the source's? */
bool asset_head_outdated(const struct asset *as, const struct translation *t);

/*
 * Translation t's state against the source: outdated blocks (and head),
 * source blocks it lacks. The source itself is always up to date.
 */
struct translation_status {
	size_t outdated;	/* blocks older than their source, head counted */
	size_t missing;		/* source blocks with no counterpart */
	bool is_source;
};
void asset_translation_status(const struct asset *as,
    const struct translation *t, struct translation_status *out);

/*
 * Checks every invariant listed at the top of this file. On failure fills
 * d (may be NULL) with a message naming the field ("translations.ru-RU.
 * blocks[3].text: ...") and returns ERR_INVAL or ERR_LIMIT.
 */
enum err asset_validate(const struct asset *as, struct diag *d);

/*
 * Checks that text is valid UTF-8 of at most max bytes with no control
 * characters except tab and newline. ERR_INVAL or ERR_LIMIT; *bad is the
 * byte offset of the problem.
 */
enum err text_check(const char *s, size_t n, size_t max, size_t *bad);

#endif
