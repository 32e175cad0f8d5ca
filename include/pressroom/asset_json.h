/*
 * asset_json.h - the canonical JSON form of an asset, both ways.
 *
 * One shape serves the API, `show --json`, stored revisions and the native
 * import format:
 *   { "id", "slug", "kind", "published_at" (RFC 3339 with the kept offset),
 *     "place", "locales": [tags], "speakers": [{"name", "title"}],
 *     "translations": { tag: { "title", "summary", "dir",
 *         "blocks": [{"id", "type", "role", "speaker", "text"}] } },
 *     "related": [ids], "revision", "created_at", "updated_at" }
 * "role" and "speaker" are null for paragraphs; "speaker" is a speaker's name.
 * On input, "related" may name assets by id or by slug (a string); slugs
 * land in related_slugs for the importer to resolve.
 * Does not read files or talk to the store.
 */
#ifndef PRESSROOM_ASSET_JSON_H
#define PRESSROOM_ASSET_JSON_H

#include <jansson.h>
#include "pressroom/asset.h"
#include "pressroom/buf.h"

enum asset_json_flags {
	ASSET_JSON_CONTENT = 0,		/* content only: what a revision keeps */
	ASSET_JSON_META = 1 << 0,	/* plus id, revision and timestamps */
	ASSET_JSON_PRETTY = 1 << 1,	/* indented, for people */
	ASSET_JSON_STATUS = 1 << 2,	/* translation status: per block "rev",
					 * "source_rev", "outdated"; per
					 * translation "status" (editors) */
};

/*
 * Routes jansson's allocations through mem_alloc/mem_free so that tests'
 * failure injection reaches them. Call once before any thread starts.
 */
void asset_json_setup(void);

/*
 * Whether one of jansson's allocations failed on this thread since the
 * last asset_json_alloc_reset(). jansson's parser goes on after a failed
 * append to a string and may return a tree with characters missing, so
 * whoever parses JSON resets before and checks after, and treats a
 * failure as ERR_NOMEM even when jansson returned a tree.
 */
void asset_json_alloc_reset(void);
bool asset_json_alloc_failed(void);

/*
 * json_loadb() that never returns a tree made while memory ran out: NULL
 * then, with err's code json_error_out_of_memory (callers answer
 * ERR_NOMEM, not "bad JSON"). Otherwise as json_loadb.
 */
json_t *asset_json_loadb(const char *buf, size_t n, size_t flags,
    json_error_t *err);

/* Builds the JSON value; *out is owned by the caller (json_decref). */
enum err asset_to_json(const struct asset *as, unsigned flags, json_t **out);

/* Appends the JSON text (compact unless ASSET_JSON_PRETTY) to b. */
enum err asset_json_write(const struct asset *as, unsigned flags,
    struct buf *b);

/*
 * Reads an asset from a JSON object into a. "id", "revision" and the
 * timestamps are read when present; "slug" may be missing (left empty for
 * the caller to derive); block "id"s may be missing and are then numbered
 * in order (p1, p2... and t1, t2... per translation). The result is
 * validated with asset_validate() unless the slug is empty. ERR_INVAL or
 * ERR_LIMIT with d naming the JSON path.
 */
enum err asset_from_json(struct arena *a, const json_t *j, struct asset **out,
    struct diag *d);

/* Parses text (at most LIMIT_ASSET_JSON_BYTES) then asset_from_json; d gets
 * line and column of a syntax error. */
enum err asset_json_parse(struct arena *a, const char *text, size_t n,
    struct asset **out, struct diag *d);

#endif
