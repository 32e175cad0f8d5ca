/*
 * sql.h - the SQLite backend's statements and schema migrations.
 *
 * Private to src/store. Every statement pressroom runs on SQLite is a
 * constant here, indexed by enum sql_id, with bound parameters only; the
 * migrations are constant scripts numbered from 1. Nothing else in the
 * project contains SQL for SQLite.
 */
#ifndef PRESSROOM_STORE_SQL_H
#define PRESSROOM_STORE_SQL_H

#include <stddef.h>

enum sql_id {
	SQL_GENERATION_GET,
	SQL_GENERATION_BUMP,
	SQL_DATA_VERSION,
	SQL_BEGIN,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_ASSET_HEAD,
	SQL_ASSET_INSERT,
	SQL_ASSET_UPDATE,
	SQL_ASSET_GET,
	SQL_ASSET_BY_SLUG,
	SQL_ASSET_BY_SOURCE,
	SQL_ASSET_EXISTS,
	SQL_LOCALES_DELETE,
	SQL_LOCALE_INSERT,
	SQL_LOCALES_GET,
	SQL_SPEAKERS_DELETE,
	SQL_PERSON_FIND,
	SQL_PERSON_INSERT,
	SQL_SPEAKER_INSERT,
	SQL_SPEAKERS_GET,
	SQL_TRANSLATIONS_DELETE,
	SQL_TRANSLATION_INSERT,
	SQL_TRANSLATIONS_GET,
	SQL_BLOCK_INSERT,
	SQL_BLOCKS_GET,
	SQL_RELATED_DELETE,
	SQL_RELATED_INSERT,
	SQL_RELATED_GET,
	SQL_REVISION_INSERT,
	SQL_REVISIONS_GET,
	SQL_REVISION_GET,
	SQL_LIST,
	SQL_LIST_COUNT,
	SQL_TRANSLATION_LOCALES,
	SQL_ASSET_STATE_SET,
	SQL_TAGS_DELETE,
	SQL_TAG_FIND,
	SQL_TAG_INSERT,
	SQL_ASSET_TAG_INSERT,
	SQL_TAGS_GET,
	SQL_NEXT_PUBLISH,
	SQL_ASSET_INDEX,
	SQL_PUBLISHER_UPSERT,
	SQL_PUBLISHER_GET,
	SQL_PUBLISHER_LIST,
	SQL_PUBLISHER_DELETE,
	SQL_PUBLISHER_ITEMS,
	SQL_PUBLISHER_ORDER,
	SQL_PUBLISHER_ROWS,
	SQL_PUBLISHER_COUNT,
	SQL_TERMS_TAG,
	SQL_TERMS_SPEAKER,
	SQL_TERMS_MONTH,
	SQL_USER_INSERT,
	SQL_USER_UPDATE,
	SQL_USER_BY_NAME,
	SQL_USER_BY_ID,
	SQL_USER_LIST,
	SQL_SESSION_INSERT,
	SQL_SESSION_GET,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DELETE,
	SQL_SESSIONS_DELETE_USER,
	SQL_TOKEN_INSERT,
	SQL_TOKEN_USER,
	SQL_TOKEN_LIST,
	SQL_TOKEN_REVOKE,
	SQL_LOGIN_FAILURE_ADD,
	SQL_LOGIN_FAILURES,
	SQL_LOGIN_FAILURES_PRUNE,
	SQL_ASSET_OWNER_SET,
	SQL_ASSET_OWNER_GET,
	SQL_BLOCK_CONFIRM,
	SQL_HEAD_CONFIRM,
	/* attachments (src/store/sqlite_attach.c, sqlite.c) */
	SQL_ATTACHMENT_PUT,
	SQL_ATTACHMENT_GET,
	SQL_ATTACHMENT_META,
	SQL_ATTACHMENT_VISIBLE,
	SQL_ATTACHMENT_INDEX,
	SQL_ATTACHMENTS_DELETE,
	SQL_ATTACHMENT_LINK,
	SQL_ATTACHMENTS_GET,
	/* full-text search (src/store/sqlite_search.c, fts.c) */
	SQL_FTS5_API,
	SQL_SEARCH_FTS_DELETE,
	SQL_SEARCH_DOC_DELETE,
	SQL_SEARCH_DOC_INSERT,
	SQL_SEARCH_FTS_INSERT,
	SQL_SEARCH_PENDING,
	SQL_SEARCH_RESET,	/* a script: run with sqlite3_exec */
	SQL_SEARCH_ASSET_IDS,
	SQL_SEARCH_OPTIMIZE,
	SQL_SEARCH_ROWS,
	SQL_SEARCH_EXCLUDED,
	SQL_SEARCH_HIT,
	SQL_SEARCH_SNIPPET,
	SQL_SEARCH_TITLE,
	SQL_SEARCH_PERSON,
	SQL_SEARCH_LOCALES,
	SQL_SAVEPOINT,		/* a save inside a batch */
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_READ_BEGIN,		/* a read transaction (store_backup) */
	/* connection set-up and checks */
	SQL_JOURNAL_WAL,
	SQL_SETUP,		/* a script: run with sqlite3_exec */
	SQL_ASSET_SUMMARY,	/* store_asset_summary_get */
	SQL_MMAP_OFF,		/* STORE_NO_MMAP */
	SQL_HEADER,		/* user_version, application_id, objects */
	SQL_INTEGRITY_CHECK,
	SQL_FOREIGN_KEY_CHECK,
	SQL__MAX
};

/*
 * THE visibility rule in SQL (alias "a" for asset), the twin of
 * asset_visibility() in src/core/asset.c: what the public may list at the
 * instant bound to :now. Statements that serve the public include
 * SQL_IN_SCOPE, which applies it when :public is 1. (SQLite numbers a
 * named parameter after the highest ?N seen before it, so a statement
 * with SQL_IN_SCOPE uses names, not ?N, for anything that follows it.)
 */
#define SQL_VISIBLE "(a.status = 'published' AND a.publish_at <= :now)"
#define SQL_IN_SCOPE "(:public = 0 OR " SQL_VISIBLE " OR " \
    "(:withdrawn = 1 AND a.status = 'withdrawn'))"

/* The text of statement id. */
const char *sql_text(enum sql_id id);

/*
 * Migration scripts: sql_migrations[k] brings schema version k to k + 1,
 * and ends by setting PRAGMA user_version to k + 1 and the application id.
 */
extern const char *const sql_migrations[];
extern const size_t sql_nmigrations;

/* PRAGMA application_id of a pressroom database ("PRES" in ASCII). */
#define SQL_PRESSROOM_APP_ID 0x50524553

#endif
