/*
 * revs.c - translation status: which revision each block's text dates
 * from, and whether a translation block is older than its source block
 * (see asset_revs_carry in asset.h).
 *
 * Pure functions over assets; the store calls asset_revs_carry when it
 * saves and keeps the numbers. Does not diff texts (diff.c does).
 */
#include <string.h>
#include "pressroom/asset.h"
#include "pressroom/banned.h"

static const struct block *
find_block(const struct translation *t, const char *id)
{
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < t->nblocks; i++)
		if (strcmp(t->blocks[i].id, id) == 0)
			return &t->blocks[i];
	return NULL;
}

static bool
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

const struct block *
asset_source_block(const struct asset *as, const char *id)
{
	return as->ntranslations > 0 ? find_block(&as->translations[0], id) :
	    NULL;
}

void
asset_revs_carry(const struct asset *old, struct asset *as, int64_t revision)
{
	struct translation *src;
	const struct translation *osrc;

	if (as->ntranslations == 0)
		return;
	src = &as->translations[0];
	osrc = old != NULL ? asset_translation(old, &src->locale) : NULL;
	if (osrc != NULL && same(osrc->title, src->title) &&
	    same(osrc->summary, src->summary) && osrc->head_rev > 0)
		src->head_rev = osrc->head_rev;
	else
		src->head_rev = revision;
	src->head_source_rev = src->head_rev;
	for (size_t i = 0; i < src->nblocks; i++) {
		struct block *b = &src->blocks[i];
		const struct block *ob = find_block(osrc, b->id);

		b->rev = ob != NULL && same(ob->text, b->text) && ob->rev > 0 ?
		    ob->rev : revision;
		b->source_rev = b->rev;
	}
	for (size_t k = 1; k < as->ntranslations; k++) {
		struct translation *t = &as->translations[k];
		const struct translation *ot = old != NULL ?
		    asset_translation(old, &t->locale) : NULL;

		/*
		 * A translation that was the source before (the source
		 * changed language) is no translation of the new one yet:
		 * its numbers start afresh.
		 */
		if (ot != NULL && old->ntranslations > 0 &&
		    ot == &old->translations[0])
			ot = NULL;
		if (ot != NULL && same(ot->title, t->title) &&
		    same(ot->summary, t->summary) && ot->head_rev > 0) {
			t->head_rev = ot->head_rev;
			t->head_source_rev = t->head_source_rev >
			    ot->head_source_rev && t->head_source_rev <=
			    src->head_rev ? t->head_source_rev :
			    ot->head_source_rev;
		} else {
			t->head_rev = revision;
			t->head_source_rev = src->head_rev;
		}
		for (size_t i = 0; i < t->nblocks; i++) {
			struct block *b = &t->blocks[i];
			const struct block *ob = find_block(ot, b->id);
			const struct block *sb = find_block(src, b->id);

			if (ob != NULL && same(ob->text, b->text) &&
			    ob->rev > 0) {
				/*
				 * Unchanged: the stored number, or a newer
				 * one the caller confirmed (asset_revs_confirm),
				 * never past the source's.
				 */
				int64_t want = sb != NULL && b->source_rev >
				    ob->source_rev && b->source_rev <= sb->rev ?
				    b->source_rev : ob->source_rev;

				b->rev = ob->rev;
				b->source_rev = want;
			} else {
				b->rev = revision;
				b->source_rev = sb != NULL ? sb->rev : 0;
			}
		}
	}
}

enum err
asset_revs_confirm(struct asset *as, struct translation *t, const char *id)
{
	const struct translation *src;
	const struct block *sb;

	if (as->ntranslations == 0)
		return ERR_NOTFOUND;
	src = &as->translations[0];
	if (t == src)
		return ERR_INVAL;
	if (id[0] == '\0') {
		t->head_source_rev = src->head_rev;
		return ERR_OK;
	}
	sb = find_block(src, id);
	for (size_t i = 0; i < t->nblocks && sb != NULL; i++)
		if (strcmp(t->blocks[i].id, id) == 0) {
			t->blocks[i].source_rev = sb->rev;
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

bool
asset_block_outdated(const struct asset *as, const struct translation *t,
    const struct block *b)
{
	const struct block *sb;

	if (as->ntranslations == 0 || t == &as->translations[0])
		return false;
	sb = asset_source_block(as, b->id);
	return sb != NULL && b->source_rev < sb->rev;
}

bool
asset_head_outdated(const struct asset *as, const struct translation *t)
{
	if (as->ntranslations == 0 || t == &as->translations[0])
		return false;
	return t->head_source_rev < as->translations[0].head_rev;
}

void
asset_translation_status(const struct asset *as, const struct translation *t,
    struct translation_status *out)
{
	const struct translation *src;

	memset(out, 0, sizeof *out);
	if (as->ntranslations == 0 || t == &as->translations[0]) {
		out->is_source = true;
		return;
	}
	src = &as->translations[0];
	if (asset_head_outdated(as, t))
		out->outdated++;
	for (size_t i = 0; i < t->nblocks; i++)
		if (asset_block_outdated(as, t, &t->blocks[i]))
			out->outdated++;
	for (size_t i = 0; i < src->nblocks; i++)
		if (find_block(t, src->blocks[i].id) == NULL)
			out->missing++;
}
