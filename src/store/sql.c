/*
 * sql.c - every SQLite statement and migration, as constants.
 *
 * Statements take bound parameters only (?1, ?2...); none is ever built
 * from strings at run time. Migrations are append-only: a released one is
 * never edited, a change to the schema is a new entry at the end.
 */
#include "sql.h"
#include "pressroom/banned.h"

static const char *const sql_table[SQL__MAX] = {
	[SQL_GENERATION_GET] =
	    "SELECT value FROM meta WHERE key = 'generation'",
	[SQL_GENERATION_BUMP] =
	    "UPDATE meta SET value = value + 1 WHERE key = 'generation' "
	    "RETURNING value",
	[SQL_DATA_VERSION] = "PRAGMA data_version",
	[SQL_BEGIN] = "BEGIN IMMEDIATE",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_ASSET_HEAD] =
	    "SELECT revision, content_hash, created_at, updated_at "
	    "FROM asset WHERE id = ?1",
	[SQL_ASSET_INSERT] =
	    "INSERT INTO asset(slug, kind, event_at, event_offset, place, "
	    "source, revision, content_hash, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8)",
	[SQL_ASSET_UPDATE] =
	    "UPDATE asset SET slug = ?2, kind = ?3, event_at = ?4, "
	    "event_offset = ?5, place = ?6, source = ?7, "
	    "revision = revision + 1, content_hash = ?8, updated_at = ?9 "
	    "WHERE id = ?1 RETURNING revision, created_at",
	[SQL_ASSET_GET] =
	    "SELECT slug, kind, event_at, event_offset, place, source, "
	    "revision, created_at, updated_at, status, publish_at, "
	    "withdrawn_at, withdraw_reason FROM asset WHERE id = ?1",
	[SQL_ASSET_STATE_SET] =
	    "UPDATE asset SET status = ?2, publish_at = ?3, withdrawn_at = ?4, "
	    "withdraw_reason = ?5 WHERE id = ?1",
	[SQL_TAGS_DELETE] = "DELETE FROM asset_tag WHERE asset_id = ?1",
	[SQL_TAG_FIND] = "SELECT id FROM tag WHERE name = ?1",
	[SQL_TAG_INSERT] = "INSERT INTO tag(name) VALUES (?1)",
	[SQL_ASSET_TAG_INSERT] =
	    "INSERT INTO asset_tag(asset_id, position, tag_id) "
	    "VALUES (?1, ?2, ?3)",
	[SQL_TAGS_GET] =
	    "SELECT t.name FROM asset_tag x JOIN tag t ON t.id = x.tag_id "
	    "WHERE x.asset_id = ?1 ORDER BY x.position",
	/* sitemaps and the export: every asset in scope with its locales */
	[SQL_ASSET_INDEX] =
	    "SELECT a.id, a.slug, a.updated_at, a.publish_at, a.status, "
	    "(SELECT group_concat(locale, ' ') FROM (SELECT locale FROM "
	    " translation WHERE asset_id = a.id ORDER BY position)) "
	    "FROM asset a WHERE " SQL_IN_SCOPE " ORDER BY a.id "
	    "LIMIT :limit OFFSET :offset",
	/* the next instant at which something becomes public */
	[SQL_NEXT_PUBLISH] =
	    "SELECT min(publish_at) FROM asset WHERE status = 'published' "
	    "AND publish_at > :now",
	[SQL_ASSET_BY_SLUG] = "SELECT id FROM asset WHERE slug = ?1",
	[SQL_ASSET_BY_SOURCE] = "SELECT id FROM asset WHERE source = ?1",
	[SQL_ASSET_EXISTS] = "SELECT 1 FROM asset WHERE id = ?1",
	[SQL_LOCALES_DELETE] = "DELETE FROM asset_locale WHERE asset_id = ?1",
	[SQL_LOCALE_INSERT] =
	    "INSERT INTO asset_locale(asset_id, position, locale) "
	    "VALUES (?1, ?2, ?3)",
	[SQL_LOCALES_GET] =
	    "SELECT locale FROM asset_locale WHERE asset_id = ?1 "
	    "ORDER BY position",
	[SQL_SPEAKERS_DELETE] =
	    "DELETE FROM asset_speaker WHERE asset_id = ?1",
	[SQL_PERSON_FIND] = "SELECT id FROM person WHERE name = ?1",
	[SQL_PERSON_INSERT] = "INSERT INTO person(name) VALUES (?1)",
	[SQL_SPEAKER_INSERT] =
	    "INSERT INTO asset_speaker(asset_id, position, person_id, title) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[SQL_SPEAKERS_GET] =
	    "SELECT p.name, s.title FROM asset_speaker s "
	    "JOIN person p ON p.id = s.person_id "
	    "WHERE s.asset_id = ?1 ORDER BY s.position",
	[SQL_TRANSLATIONS_DELETE] =
	    "DELETE FROM translation WHERE asset_id = ?1",
	[SQL_TRANSLATION_INSERT] =
	    "INSERT INTO translation(asset_id, locale, position, title, "
	    "summary) VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQL_TRANSLATIONS_GET] =
	    "SELECT locale, title, summary FROM translation "
	    "WHERE asset_id = ?1 ORDER BY position",
	[SQL_BLOCK_INSERT] =
	    "INSERT INTO block(asset_id, locale, position, block_id, type, "
	    "role, speaker, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[SQL_BLOCKS_GET] =
	    "SELECT locale, block_id, type, role, speaker, text FROM block "
	    "WHERE asset_id = ?1 ORDER BY locale, position",
	[SQL_RELATED_DELETE] = "DELETE FROM related WHERE asset_id = ?1",
	[SQL_RELATED_INSERT] =
	    "INSERT INTO related(asset_id, position, related_id) "
	    "VALUES (?1, ?2, ?3)",
	[SQL_RELATED_GET] =
	    "SELECT related_id FROM related WHERE asset_id = ?1 "
	    "ORDER BY position",
	[SQL_REVISION_INSERT] =
	    "INSERT INTO revision(asset_id, revision, created_at, author, "
	    "note, content, content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[SQL_REVISIONS_GET] =
	    "SELECT revision, created_at, author, note FROM revision "
	    "WHERE asset_id = ?1 ORDER BY revision DESC",
	[SQL_REVISION_GET] =
	    "SELECT content FROM revision WHERE asset_id = ?1 "
	    "AND revision = ?2",
	/*
	 * ?1 locale ("" for every locale), ?2 1 when ?1 is a bare language
	 * that matches any region ("en" matches "en-GB": tags between "en-"
	 * and "en."), scope, :limit, :offset. One row per asset: with min(),
	 * SQLite takes the other columns from the row holding the minimum,
	 * so an asset shows in its first-listed matching translation.
	 */
	[SQL_LIST] =
	    "SELECT a.id, a.slug, a.kind, a.event_at, a.event_offset, "
	    "a.place, t.locale, t.title, t.summary, "
	    "(SELECT b.text FROM block b WHERE b.asset_id = a.id AND "
	    " b.locale = t.locale ORDER BY b.position LIMIT 1), a.updated_at, "
	    "min(t.position), a.status, a.publish_at "
	    "FROM translation t JOIN asset a ON a.id = t.asset_id "
	    "WHERE (?1 = '' OR t.locale = ?1 OR (?2 AND t.locale > ?1 || '-' "
	    " AND t.locale < ?1 || '.')) AND " SQL_IN_SCOPE " "
	    "GROUP BY a.id ORDER BY a.event_at DESC, a.id DESC "
	    "LIMIT :limit OFFSET :offset",
	[SQL_LIST_COUNT] =
	    "SELECT count(DISTINCT t.asset_id) FROM translation t "
	    "JOIN asset a ON a.id = t.asset_id "
	    "WHERE (?1 = '' OR t.locale = ?1 OR (?2 AND t.locale > ?1 || '-' "
	    " AND t.locale < ?1 || '.')) AND " SQL_IN_SCOPE,
	[SQL_JOURNAL_WAL] = "PRAGMA journal_mode = WAL",
	/* FULL: a commit survives power loss, not just a crash */
	[SQL_SETUP] =
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA trusted_schema = OFF;",
	/* one statement, so one read transaction: the three agree */
	[SQL_HEADER] =
	    "SELECT (SELECT user_version FROM pragma_user_version), "
	    "(SELECT application_id FROM pragma_application_id), "
	    "(SELECT count(*) FROM sqlite_schema)",
	[SQL_INTEGRITY_CHECK] = "PRAGMA integrity_check",
	[SQL_FOREIGN_KEY_CHECK] = "PRAGMA foreign_key_check",
	[SQL_TRANSLATION_LOCALES] =
	    "SELECT t.locale, count(*) FROM translation t "
	    "JOIN asset a ON a.id = t.asset_id WHERE " SQL_IN_SCOPE " "
	    "GROUP BY t.locale ORDER BY count(*) DESC, t.locale",
};

const char *
sql_text(enum sql_id id)
{
	return sql_table[id];
}

const char *const sql_migrations[] = {
	/* 1: the content model */
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO meta(key, value) VALUES ('generation', 0);"
	"CREATE TABLE asset("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL,"
	"  event_at INTEGER NOT NULL,"
	"  event_offset INTEGER NOT NULL,"
	"  place TEXT NOT NULL,"
	"  source TEXT UNIQUE,"
	"  revision INTEGER NOT NULL,"
	"  content_hash BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX asset_event ON asset(event_at DESC, id DESC);"
	"CREATE TABLE asset_locale("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  locale TEXT NOT NULL,"
	"  PRIMARY KEY(asset_id, position)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE person("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	") STRICT;"
	"CREATE TABLE asset_speaker("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  title TEXT,"
	"  PRIMARY KEY(asset_id, position)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX asset_speaker_person ON asset_speaker(person_id);"
	"CREATE TABLE translation("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  locale TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  PRIMARY KEY(asset_id, locale)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX translation_locale ON translation(locale, asset_id);"
	"CREATE TABLE block("
	"  asset_id INTEGER NOT NULL,"
	"  locale TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  block_id TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  role TEXT,"
	"  speaker INTEGER,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY(asset_id, locale, position),"
	"  FOREIGN KEY(asset_id, locale) REFERENCES translation(asset_id, locale)"
	"    ON DELETE CASCADE"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE related("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  related_id INTEGER NOT NULL REFERENCES asset(id),"
	"  PRIMARY KEY(asset_id, position)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX related_target ON related(related_id);"
	/* revisions keep every saved state; no cascade: they outlive edits */
	"CREATE TABLE revision("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id),"
	"  revision INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  note TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  content_hash BLOB NOT NULL,"
	"  PRIMARY KEY(asset_id, revision)"
	") STRICT, WITHOUT ROWID;"
	"PRAGMA application_id = 1347568979;"	/* "PRES" */
	"PRAGMA user_version = 1;",

	/* 2: publication status (scheduling is a future publish_at) and tags */
	"ALTER TABLE asset ADD COLUMN status TEXT NOT NULL DEFAULT 'published';"
	"ALTER TABLE asset ADD COLUMN publish_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE asset ADD COLUMN withdrawn_at INTEGER;"
	"ALTER TABLE asset ADD COLUMN withdraw_reason TEXT;"
	"UPDATE asset SET publish_at = created_at;"
	"CREATE INDEX asset_visible ON asset(status, publish_at);"
	"CREATE TABLE tag("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	") STRICT;"
	"CREATE TABLE asset_tag("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  tag_id INTEGER NOT NULL REFERENCES tag(id),"
	"  PRIMARY KEY(asset_id, position)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX asset_tag_tag ON asset_tag(tag_id, asset_id);"
	"PRAGMA user_version = 2;",
};

const size_t sql_nmigrations = sizeof sql_migrations / sizeof sql_migrations[0];
