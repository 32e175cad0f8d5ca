/*
 * store.c - picks a backend for a target and forwards calls to its ops.
 *
 * Does not contain SQL or backend logic; src/store/sqlite.c does.
 */
#include <string.h>
#include "pressroom/mem.h"
#include "pressroom/store.h"
#include "pressroom/banned.h"

extern const struct store_ops store_sqlite_ops;

enum err
store_open(const char *target, unsigned flags, struct store **out,
    struct diag *d)
{
	const struct store_ops *ops = &store_sqlite_ops;
	struct store *s;
	enum err e;

	if (strncmp(target, "postgres://", 11) == 0 ||
	    strncmp(target, "postgresql://", 13) == 0) {
		diag_set(d, 0, 0, "the PostgreSQL backend is not built yet; "
		    "use a SQLite file path");
		return ERR_INVAL;
	}
	s = mem_calloc(1, sizeof *s);
	if (s == NULL)
		return ERR_NOMEM;
	s->ops = ops;
	e = ops->open(s, target, flags, d);
	if (e != ERR_OK) {
		mem_free(s);
		return e;
	}
	*out = s;
	return ERR_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	s->ops->close(s);
	mem_free(s);
}

enum err
store_asset_save(struct store *s, struct asset *as,
    const struct store_save_opts *opts, struct store_save_result *res,
    struct diag *d)
{
	static const struct store_save_opts none;

	return s->ops->asset_save(s, as, opts != NULL ? opts : &none, res, d);
}

enum err
store_asset_get(struct store *s, struct arena *a, int64_t id,
    struct asset **out)
{
	return s->ops->asset_get(s, a, id, out);
}

enum err
store_asset_find(struct store *s, const char *slug, const char *source,
    int64_t *out)
{
	return s->ops->asset_find(s, slug, source, out);
}

enum err
store_asset_list(struct store *s, struct arena *a,
    const struct store_list_query *q, struct store_list *out)
{
	return s->ops->asset_list(s, a, q, out);
}

enum err
store_locales(struct store *s, struct arena *a,
    const struct store_scope *scope, struct store_locale_count **out,
    size_t *n)
{
	return s->ops->locales(s, a, scope, out, n);
}

enum err
store_publisher_save(struct store *s, struct publisher *p, int64_t now,
    struct diag *d)
{
	return s->ops->publisher_save(s, p, now, d);
}

enum err
store_publisher_get(struct store *s, struct arena *a, const char *name,
    struct publisher **out)
{
	return s->ops->publisher_get(s, a, name, out);
}

enum err
store_publisher_list(struct store *s, struct arena *a,
    struct publisher ***out, size_t *n)
{
	return s->ops->publisher_list(s, a, out, n);
}

enum err
store_publisher_delete(struct store *s, const char *name)
{
	return s->ops->publisher_delete(s, name);
}

enum err
store_publisher_items(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    struct store_list *out)
{
	return s->ops->publisher_items(s, a, p, q, out);
}

enum err
store_terms(struct store *s, struct arena *a, const struct store_scope *scope,
    const struct locale *l, enum store_term_kind kind,
    struct store_term **out, size_t *n)
{
	return s->ops->terms(s, a, scope, l, kind, out, n);
}

enum err
store_asset_index(struct store *s, struct arena *a,
    const struct store_scope *scope, size_t offset, size_t limit,
    struct store_index_item **out, size_t *n)
{
	return s->ops->asset_index(s, a, scope, offset, limit, out, n);
}

enum err
store_next_publish(struct store *s, int64_t now, int64_t *out)
{
	return s->ops->next_publish(s, now, out);
}

enum err
store_revisions(struct store *s, struct arena *a, int64_t id,
    struct store_revision **out, size_t *n)
{
	return s->ops->revisions(s, a, id, out, n);
}

enum err
store_revision_get(struct store *s, struct arena *a, int64_t id,
    int64_t revision, struct asset **out)
{
	return s->ops->revision_get(s, a, id, revision, out);
}

enum err
store_generation(struct store *s, uint64_t *out)
{
	return s->ops->generation(s, out);
}

enum err
store_check(struct store *s, struct diag *d)
{
	return s->ops->check(s, d);
}

enum err
store_search(struct store *s, struct arena *a,
    const struct store_search_query *q, struct store_search_result *out)
{
	return s->ops->search(s, a, q, out);
}

enum err
store_search_locales(struct store *s, struct arena *a, struct locale **out,
    size_t *n)
{
	return s->ops->search_locales(s, a, out, n);
}

enum err
store_reindex(struct store *s, struct diag *d)
{
	return s->ops->reindex(s, d);
}

const char *
store_errmsg(const struct store *s)
{
	return s->errmsg;
}
