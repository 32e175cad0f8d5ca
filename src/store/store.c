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
store_asset_resolve_related(struct store *s, struct arena *a,
    struct asset *as)
{
	int64_t *ids, id;
	size_t keep = 0;
	enum err e;

	if (as->nrelated_slugs == 0)
		return ERR_OK;
	ids = arena_calloc(a, as->nrelated + as->nrelated_slugs + 1,
	    sizeof *ids);
	if (ids == NULL)
		return a->err;
	for (size_t i = 0; i < as->nrelated; i++)
		ids[i] = as->related[i];
	as->related = ids;
	for (size_t i = 0; i < as->nrelated_slugs; i++) {
		e = store_asset_find(s, as->related_slugs[i], NULL, &id);
		if (e == ERR_NOTFOUND) {
			as->related_slugs[keep++] = as->related_slugs[i];
			continue;
		}
		if (e != ERR_OK)
			return e;
		as->related[as->nrelated++] = id;
	}
	as->nrelated_slugs = keep;
	return ERR_OK;
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

enum err
store_publisher_order(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    int64_t **ids, size_t *n)
{
	return s->ops->publisher_order(s, a, p, q, ids, n);
}

enum err
store_publisher_rows(struct store *s, struct arena *a,
    const struct publisher *p, const struct store_publisher_query *q,
    const int64_t *ids, size_t n, struct store_list *out)
{
	return s->ops->publisher_rows(s, a, p, q, ids, n, out);
}

enum err
store_asset_summary_get(struct store *s, struct arena *a, int64_t id,
    const struct locale *l, struct asset_summary *out)
{
	return s->ops->asset_summary_get(s, a, id, l, out);
}

enum err
store_batch_begin(struct store *s)
{
	return s->ops->batch_begin(s);
}

enum err
store_batch_end(struct store *s, bool commit)
{
	return s->ops->batch_end(s, commit);
}

enum err
store_snapshot_begin(struct store *s)
{
	return s->ops->snapshot_begin(s);
}

enum err
store_snapshot_end(struct store *s)
{
	return s->ops->snapshot_end(s);
}

enum err
store_backup(struct store *s, const char *path, unsigned flags,
    struct store_backup_result *res, struct diag *d)
{
	return s->ops->backup(s, path, flags, res, d);
}

enum err
store_checkpoint(struct store *s, unsigned wait_ms,
    struct store_checkpoint *out)
{
	return s->ops->checkpoint(s, wait_ms, out);
}

const char *
store_errmsg(const struct store *s)
{
	return s->errmsg;
}

/* --- accounts ----------------------------------------------------------- */

enum err
store_user_save(struct store *s, struct user *u, const char *password_hash,
    int64_t now, struct diag *d)
{
	return s->ops->accounts->user_save(s, u, password_hash, now, d);
}

enum err
store_user_get(struct store *s, struct arena *a, const char *name,
    int64_t id, struct user **out, char **hash)
{
	return s->ops->accounts->user_get(s, a, name, id, out, hash);
}

enum err
store_user_list(struct store *s, struct arena *a, struct user ***out,
    size_t *n)
{
	return s->ops->accounts->user_list(s, a, out, n);
}

enum err
store_session_create(struct store *s, const unsigned char *hash,
    int64_t user_id, const char *csrf, int64_t now)
{
	return s->ops->accounts->session_create(s, hash, user_id, csrf, now);
}

enum err
store_session_get(struct store *s, const unsigned char *hash,
    struct store_session *out)
{
	return s->ops->accounts->session_get(s, hash, out);
}

enum err
store_session_touch(struct store *s, const unsigned char *hash, int64_t now)
{
	return s->ops->accounts->session_touch(s, hash, now);
}

enum err
store_session_delete(struct store *s, const unsigned char *hash)
{
	return s->ops->accounts->session_delete(s, hash);
}

enum err
store_sessions_delete_user(struct store *s, int64_t user_id)
{
	return s->ops->accounts->sessions_delete_user(s, user_id);
}

enum err
store_token_create(struct store *s, const unsigned char *hash,
    int64_t user_id, const char *name, int64_t now, int64_t *id)
{
	return s->ops->accounts->token_create(s, hash, user_id, name, now, id);
}

enum err
store_token_user(struct store *s, const unsigned char *hash,
    int64_t *user_id)
{
	return s->ops->accounts->token_user(s, hash, user_id);
}

enum err
store_token_list(struct store *s, struct arena *a,
    struct store_token_info **out, size_t *n)
{
	return s->ops->accounts->token_list(s, a, out, n);
}

enum err
store_token_revoke(struct store *s, int64_t id, int64_t now)
{
	return s->ops->accounts->token_revoke(s, id, now);
}

enum err
store_login_failure(struct store *s, const char *key, int64_t now)
{
	return s->ops->accounts->login_failure(s, key, now);
}

enum err
store_login_failures(struct store *s, const char *key, int64_t since,
    size_t *count)
{
	return s->ops->accounts->login_failures(s, key, since, count);
}

enum err
store_asset_owner(struct store *s, int64_t id, int64_t *owner)
{
	return s->ops->accounts->asset_owner(s, id, owner);
}

enum err
store_translation_confirm(struct store *s, int64_t id, const char *locale,
    const char *block_id)
{
	return s->ops->accounts->translation_confirm(s, id, locale, block_id);
}

enum err
store_attachment_put(struct store *s, const char *sha256, const char *type,
    const void *data, size_t len, int64_t now)
{
	return s->ops->attachments->put(s, sha256, type, data, len, now);
}

enum err
store_attachment_get(struct store *s, struct arena *a, const char *sha256,
    const char **type, const void **data, size_t *len)
{
	return s->ops->attachments->get(s, a, sha256, type, data, len);
}

enum err
store_attachment_visible(struct store *s, const char *sha256,
    const char *name, const struct store_scope *scope)
{
	return s->ops->attachments->visible(s, sha256, name, scope);
}

enum err
store_attachment_index(struct store *s, struct arena *a,
    const struct store_scope *scope, struct store_attachment_ref **out,
    size_t *n)
{
	return s->ops->attachments->index(s, a, scope, out, n);
}
