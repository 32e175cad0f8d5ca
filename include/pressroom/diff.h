/*
 * diff.h - what changed between two texts, word by word, and between two
 * revisions of an asset, block by block.
 *
 * Used to show a translator how the source changed since it was
 * translated, and an editor what a revision changed. Bounded: long texts
 * whose middle parts differ too much are shown as one removal and one
 * addition rather than aligned word by word. Does not render (the admin
 * templates do) and does not load revisions (the store does).
 */
#ifndef PRESSROOM_DIFF_H
#define PRESSROOM_DIFF_H

#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/err.h"

enum diff_op {
	DIFF_SAME,
	DIFF_DEL,
	DIFF_ADD,
	DIFF_OP__MAX
};

/* A run of text (borrowed from the inputs, len bytes, not NUL-ended). */
struct diff_span {
	enum diff_op op;
	const char *p;
	size_t len;
};

#define DIFF_CELLS_MAX (1u << 20)	/* LCS table cells before giving up */

/*
 * old and new as runs of words and spaces marked same, deleted or added,
 * in reading order; adjacent runs of one kind are merged. ERR_NOMEM.
 */
enum err diff_words(struct arena *a, const char *old, const char *new,
    struct diff_span **out, size_t *n);

/* One difference between two revisions of an asset. */
enum asset_change_kind {
	CHANGE_ADDED,
	CHANGE_REMOVED,
	CHANGE_CHANGED,
	CHANGE_KIND__MAX
};

struct asset_change {
	enum asset_change_kind kind;
	const char *where;	/* "slug", "status", "en-GB title", "ru-RU #t4" */
	const char *old;	/* "" when added */
	const char *new;	/* "" when removed */
};

/*
 * The differences between two states of one asset: metadata (slug, kind,
 * date, place, state, locales, speakers, tags, related), then per
 * translation its title, summary and blocks (by id), in the order of new.
 * Strings are in a or borrowed from the assets. ERR_NOMEM.
 */
enum err asset_diff(struct arena *a, const struct asset *old,
    const struct asset *new, struct asset_change **out, size_t *n);

#endif
