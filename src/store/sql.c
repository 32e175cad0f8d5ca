/*
 * sql.c - every SQLite statement and migration, as constants.
 *
 * Statements take bound parameters only (?1, ?2...); none is ever built
 * from strings at run time. Migrations are append-only: a released one is
 * never edited, a change to the schema is a new entry at the end.
 */
#include "sql.h"
#include "pressroom/banned.h"

/* The WHERE part of a publisher's listing (see SQL_PUBLISHER_ITEMS). */
#define SQL_PUBLISHER_FILTERS \
	"(:fallback = 1 OR tl.locale IS NOT NULL) " \
	"AND (:manual IS NULL OR a.id IN (SELECT value FROM " \
	" json_each(:manual))) " \
	"AND (:kinds IS NULL OR a.kind IN (SELECT value FROM " \
	" json_each(:kinds))) " \
	"AND (:tags_any IS NULL OR EXISTS (SELECT 1 FROM asset_tag x JOIN " \
	" tag g ON g.id = x.tag_id WHERE x.asset_id = a.id AND g.name IN " \
	" (SELECT value FROM json_each(:tags_any)))) " \
	"AND (:tags_all IS NULL OR (SELECT count(DISTINCT g.name) FROM " \
	" asset_tag x JOIN tag g ON g.id = x.tag_id WHERE x.asset_id = a.id " \
	" AND g.name IN (SELECT value FROM json_each(:tags_all))) = " \
	" (SELECT count(DISTINCT value) FROM json_each(:tags_all))) " \
	"AND (:tags_none IS NULL OR NOT EXISTS (SELECT 1 FROM asset_tag x " \
	" JOIN tag g ON g.id = x.tag_id WHERE x.asset_id = a.id AND g.name " \
	" IN (SELECT value FROM json_each(:tags_none)))) " \
	"AND (:speaker IS NULL OR EXISTS (SELECT 1 FROM asset_speaker s " \
	" JOIN person p ON p.id = s.person_id WHERE s.asset_id = a.id AND " \
	" p.name = :speaker)) " \
	"AND (:place IS NULL OR a.place = :place) " \
	"AND (:from IS NULL OR a.event_at >= :from) " \
	"AND (:to IS NULL OR a.event_at < :to) " \
	"AND (:has_locale IS NULL OR EXISTS (SELECT 1 FROM translation y " \
	" WHERE y.asset_id = a.id AND y.locale = :has_locale))"

/*
 * The assets a publisher may show, found the cheapest way its filters
 * allow: a manual list's ids, else the assets of its tags (any of), else
 * of its speaker, else those in its date range by the asset_event_at
 * index. Only a first cut: SQL_PUBLISHER_FILTERS still decides. Each
 * branch's constant condition is tested once, so only one branch runs.
 */
#define SQL_PUBLISHER_CANDIDATES \
	"(SELECT DISTINCT value AS cid FROM json_each(:manual) " \
	"UNION ALL SELECT DISTINCT x.asset_id FROM tag g JOIN asset_tag x " \
	" ON x.tag_id = g.id WHERE :manual IS NULL AND :tags_any IS NOT NULL " \
	" AND g.name IN (SELECT value FROM json_each(:tags_any)) " \
	"UNION ALL SELECT DISTINCT s.asset_id FROM person p JOIN " \
	" asset_speaker s ON s.person_id = p.id WHERE :manual IS NULL AND " \
	" :tags_any IS NULL AND :speaker IS NOT NULL AND p.name = :speaker " \
	"UNION ALL SELECT id FROM asset WHERE :manual IS NULL AND " \
	" :tags_any IS NULL AND :speaker IS NULL AND event_at >= " \
	" coalesce(:from, -9223372036854775807) AND event_at < " \
	" coalesce(:to, 9223372036854775807)) AS cand " \
	"CROSS JOIN asset a ON a.id = cand.cid "

/* One ordering key of a publisher: by :o (0 event, 1 title, 2 modified),
 * descending when :d is 1. */
#define SQL_ORDER_KEY(o, d) \
	"CASE WHEN " o " = 0 AND " d " = 0 THEN a.event_at END ASC, " \
	"CASE WHEN " o " = 0 AND " d " = 1 THEN a.event_at END DESC, " \
	"CASE WHEN " o " = 1 AND " d " = 0 THEN coalesce(tl.sort_key, " \
	" t0.sort_key) END ASC, " \
	"CASE WHEN " o " = 1 AND " d " = 1 THEN coalesce(tl.sort_key, " \
	" t0.sort_key) END DESC, " \
	"CASE WHEN " o " = 2 AND " d " = 0 THEN a.updated_at END ASC, " \
	"CASE WHEN " o " = 2 AND " d " = 1 THEN a.updated_at END DESC"

/*
 * The full-text index: one row per title, summary and block of every
 * translation (search_doc says which), text behind the locale marker of
 * pressroom/analyze.h. Created by migration 3 and again by
 * SQL_SEARCH_RESET; never edit it: another index is a new migration.
 */
#define SQL_SEARCH_FTS_V3 \
	"CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, " \
	"tokenize = 'pressroom');"

/*
 * A publisher's items in :locale, numbered in its order (pick.ord from 1).
 * Every filter is off when its parameter is NULL; lists come as JSON
 * arrays (json_each). Each asset shows in :locale, or (with :fallback 1)
 * in its first translation, marked. Order: two keys (:o1/:o2 are 0 event,
 * 1 title by its sort key, 2 last modified; :d1/:d2 1 for descending), a
 * manual list's own order first, then the newest id.
 * The ids are sorted on cheap columns alone; the costly ones (block text,
 * speakers, locales: SQL_PUBLISHER_COLUMNS) are read for a page only.
 * CROSS JOIN: assets drive, each finding its own translations by the
 * primary key, rather than every translation of the archive looking up
 * its asset (on 100,000 assets a page went from 1.2 s to 0.3 s with this
 * and the split).
 */
#define SQL_PUBLISHER_PICK \
	"WITH pick AS (SELECT a.id AS pid, row_number() OVER (ORDER BY " \
	"CASE WHEN :manual IS NULL THEN 0 ELSE (SELECT j.key FROM " \
	" json_each(:manual) j WHERE j.value = a.id) END, " \
	SQL_ORDER_KEY(":o1", ":d1") ", " SQL_ORDER_KEY(":o2", ":d2") ", " \
	"a.id DESC) AS ord FROM " SQL_PUBLISHER_CANDIDATES \
	"CROSS JOIN translation t0 ON t0.asset_id = a.id AND " \
	" t0.position = 0 " \
	"LEFT JOIN translation tl ON tl.asset_id = a.id AND " \
	" tl.locale = :locale " \
	"WHERE " SQL_IN_SCOPE " AND " SQL_PUBLISHER_FILTERS ") "

/* A publisher listing's row (read by sqlite.c publisher_rows_read), from
 * a, t0 (the first translation) and tl (the one in :locale, if any). */
#define SQL_PUBLISHER_COLUMNS \
	"a.id, a.slug, a.kind, a.event_at, a.event_offset, a.place, " \
	"coalesce(tl.locale, t0.locale), coalesce(tl.title, t0.title), " \
	"coalesce(tl.summary, t0.summary), " \
	"(SELECT b.text FROM block b WHERE b.asset_id = a.id AND " \
	" b.locale = coalesce(tl.locale, t0.locale) ORDER BY b.position " \
	" LIMIT 1), a.updated_at, a.status, a.publish_at, " \
	"tl.locale IS NULL, " \
	"(SELECT group_concat(name, char(31)) FROM (SELECT p.name FROM " \
	" asset_speaker s JOIN person p ON p.id = s.person_id WHERE " \
	" s.asset_id = a.id ORDER BY s.position)), " \
	"(SELECT group_concat(locale, ' ') FROM (SELECT locale FROM " \
	" translation WHERE asset_id = a.id ORDER BY position)) "

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
	    "withdrawn_at, withdraw_reason, update_note_at FROM asset "
	    "WHERE id = ?1",
	[SQL_ASSET_STATE_SET] =
	    "UPDATE asset SET status = ?2, publish_at = ?3, withdrawn_at = ?4, "
	    "withdraw_reason = ?5, update_note_at = ?6 WHERE id = ?1",
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
	[SQL_PUBLISHER_UPSERT] =
	    "INSERT INTO publisher(name, config, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?3) ON CONFLICT(name) DO UPDATE SET "
	    "config = excluded.config, updated_at = excluded.updated_at "
	    "RETURNING id",
	[SQL_PUBLISHER_GET] =
	    "SELECT id, config FROM publisher WHERE name = ?1",
	[SQL_PUBLISHER_LIST] =
	    "SELECT id, config FROM publisher ORDER BY name",
	[SQL_PUBLISHER_DELETE] = "DELETE FROM publisher WHERE name = ?1",
	/* a page (:offset, :limit) of a publisher's items (see above) */
	[SQL_PUBLISHER_ITEMS] =
	    SQL_PUBLISHER_PICK
	    "SELECT " SQL_PUBLISHER_COLUMNS
	    "FROM pick JOIN asset a ON a.id = pick.pid "
	    "JOIN translation t0 ON t0.asset_id = a.id AND t0.position = 0 "
	    "LEFT JOIN translation tl ON tl.asset_id = a.id AND "
	    " tl.locale = :locale "
	    "WHERE pick.ord > :offset AND pick.ord <= :offset + :limit "
	    "ORDER BY pick.ord",
	/* every id SQL_PUBLISHER_ITEMS pages through, in its order */
	[SQL_PUBLISHER_ORDER] =
	    SQL_PUBLISHER_PICK "SELECT pid FROM pick ORDER BY ord",
	/* the rows of SQL_PUBLISHER_ITEMS for the ids :ids (a JSON array),
	 * in that order */
	[SQL_PUBLISHER_ROWS] =
	    "SELECT " SQL_PUBLISHER_COLUMNS
	    "FROM json_each(:ids) j CROSS JOIN asset a ON a.id = j.value "
	    "JOIN translation t0 ON t0.asset_id = a.id AND t0.position = 0 "
	    "LEFT JOIN translation tl ON tl.asset_id = a.id AND "
	    " tl.locale = :locale "
	    "ORDER BY j.key",
	[SQL_PUBLISHER_COUNT] =
	    "SELECT count(*) FROM " SQL_PUBLISHER_CANDIDATES
	    "CROSS JOIN translation t0 ON t0.asset_id = a.id AND "
	    " t0.position = 0 "
	    "LEFT JOIN translation tl ON tl.asset_id = a.id AND "
	    " tl.locale = :locale "
	    "WHERE " SQL_IN_SCOPE " AND " SQL_PUBLISHER_FILTERS,
	/*
	 * Full-text search. The tokenizer ('pressroom', src/store/fts.c) is
	 * registered on every connection before migrations run. search_doc
	 * says what each row of search_fts is (its id is the FTS rowid); the
	 * speaker is the person of the turn (?7 is its speaker index).
	 */
	[SQL_FTS5_API] = "SELECT fts5(?1)",
	[SQL_SEARCH_FTS_DELETE] =
	    "DELETE FROM search_fts WHERE rowid IN "
	    "(SELECT id FROM search_doc WHERE asset_id = ?1)",
	[SQL_SEARCH_DOC_DELETE] = "DELETE FROM search_doc WHERE asset_id = ?1",
	[SQL_SEARCH_DOC_INSERT] =
	    "INSERT INTO search_doc(asset_id, locale, field, position, "
	    "block_id, role, speaker) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "(SELECT person_id FROM asset_speaker WHERE asset_id = ?1 AND "
	    "position = ?7))",
	[SQL_SEARCH_FTS_INSERT] =
	    "INSERT INTO search_fts(rowid, title, summary, body) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[SQL_SEARCH_PENDING] =
	    "SELECT value FROM meta WHERE key = 'search_reindex'",
	/* `pressroom reindex`: an empty index of the same shape */
	[SQL_SEARCH_RESET] =
	    "DROP TABLE IF EXISTS search_fts;"
	    "DELETE FROM search_doc;"
	    "DELETE FROM meta WHERE key = 'search_reindex';"
	    SQL_SEARCH_FTS_V3,
	[SQL_SEARCH_ASSET_IDS] = "SELECT id FROM asset ORDER BY id",
	[SQL_SEARCH_OPTIMIZE] =
	    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
	/*
	 * Every passage (title, summary or block row) that matches :match,
	 * passes the filters and belongs to an asset in scope, with its
	 * BM25 score (titles weigh 4, summaries 2, blocks 1; lower is
	 * better). :locale "" is any, with :bare 1 a bare language matches
	 * its regions; :kind, :role, :speaker (part of a person's name, ASCII
	 * case ignored) and :tag "" are any; :from and :to (local time of the
	 * event, seconds as if UTC) NULL are open.
	 */
	[SQL_SEARCH_ROWS] =
	    "SELECT d.id, d.asset_id, d.locale, d.field, d.speaker, "
	    "bm25(search_fts, 4.0, 2.0, 1.0), a.kind, a.event_at, "
	    "a.event_offset "
	    "FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid "
	    "JOIN asset a ON a.id = d.asset_id "
	    "WHERE search_fts MATCH :match "
	    "AND (:locale = '' OR d.locale = :locale OR (:bare AND "
	    " d.locale > :locale || '-' AND d.locale < :locale || '.')) "
	    "AND (:kind = '' OR a.kind = :kind) "
	    "AND (:role = '' OR d.role = :role) "
	    "AND (:speaker = '' OR d.speaker IN (SELECT id FROM person "
	    " WHERE instr(lower(name), lower(:speaker)) > 0)) "
	    "AND (:tag = '' OR EXISTS (SELECT 1 FROM asset_tag x JOIN tag t "
	    " ON t.id = x.tag_id WHERE x.asset_id = a.id AND t.name = :tag)) "
	    "AND (:from IS NULL OR a.event_at + a.event_offset >= :from) "
	    "AND (:to IS NULL OR a.event_at + a.event_offset < :to) "
	    "AND " SQL_IN_SCOPE " "
	    /* newest first (FTS5 walks its doclists backwards, no sort):
	     * past LIMIT_SEARCH_PASSAGES, what is counted is the newest */
	    "ORDER BY search_fts.rowid DESC",
	/* assets with a passage matching an excluded term */
	[SQL_SEARCH_EXCLUDED] =
	    "SELECT DISTINCT d.asset_id FROM search_fts "
	    "JOIN search_doc d ON d.id = search_fts.rowid "
	    "WHERE search_fts MATCH ?1",
	[SQL_SEARCH_HIT] =
	    "SELECT a.slug, t.title, t.summary FROM asset a "
	    "JOIN translation t ON t.asset_id = a.id "
	    "WHERE a.id = ?1 AND t.locale = ?2",
	/* char(30) and char(31): ANALYZE_HL_OPEN and ANALYZE_HL_CLOSE */
	[SQL_SEARCH_SNIPPET] =
	    "SELECT snippet(search_fts, -1, char(30), char(31), '…', 32), "
	    "d.block_id FROM search_fts "
	    "JOIN search_doc d ON d.id = search_fts.rowid "
	    "WHERE search_fts MATCH ?1 AND search_fts.rowid = ?2",
	[SQL_SEARCH_TITLE] =
	    "SELECT highlight(search_fts, 0, char(30), char(31)) "
	    "FROM search_fts WHERE search_fts MATCH ?1 AND rowid = ?2",
	[SQL_SEARCH_PERSON] = "SELECT name FROM person WHERE id = ?1",
	/* distinct translation locales, one index seek each */
	[SQL_SEARCH_LOCALES] =
	    "WITH RECURSIVE l(x) AS (SELECT min(locale) FROM translation "
	    "UNION ALL SELECT (SELECT min(locale) FROM translation "
	    "WHERE locale > l.x) FROM l WHERE l.x IS NOT NULL) "
	    "SELECT x FROM l WHERE x IS NOT NULL",
	/* tag, speaker and archive pages: what exists in a locale */
	[SQL_TERMS_TAG] =
	    "SELECT g.name, count(DISTINCT a.id) FROM asset_tag x "
	    "JOIN tag g ON g.id = x.tag_id JOIN asset a ON a.id = x.asset_id "
	    "JOIN translation t ON t.asset_id = a.id AND t.locale = :locale "
	    "WHERE " SQL_IN_SCOPE " GROUP BY g.name ORDER BY g.name",
	[SQL_TERMS_SPEAKER] =
	    "SELECT p.name, count(DISTINCT a.id) FROM asset_speaker x "
	    "JOIN person p ON p.id = x.person_id "
	    "JOIN asset a ON a.id = x.asset_id "
	    "JOIN translation t ON t.asset_id = a.id AND t.locale = :locale "
	    "WHERE " SQL_IN_SCOPE " GROUP BY p.name ORDER BY p.name",
	[SQL_TERMS_MONTH] =
	    "SELECT strftime('%Y-%m', a.event_at, 'unixepoch'), "
	    "count(*) FROM asset a "
	    "JOIN translation t ON t.asset_id = a.id AND t.locale = :locale "
	    "WHERE " SQL_IN_SCOPE " GROUP BY 1 ORDER BY 1",
	/* store_batch_begin: each save of the batch is a savepoint */
	[SQL_SAVEPOINT] = "SAVEPOINT asset_save",
	[SQL_RELEASE] = "RELEASE asset_save",
	[SQL_ROLLBACK_TO] = "ROLLBACK TO asset_save",
	/* accounts */
	[SQL_USER_INSERT] =
	    "INSERT INTO user(name, role, locales, password_hash, disabled, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[SQL_USER_UPDATE] =
	    "UPDATE user SET role = ?2, locales = ?3, "
	    "password_hash = coalesce(?4, password_hash), disabled = ?5, "
	    "updated_at = ?6 WHERE id = ?1",
	[SQL_USER_BY_NAME] =
	    "SELECT id, name, role, locales, password_hash, disabled, "
	    "created_at FROM user WHERE name = ?1",
	[SQL_USER_BY_ID] =
	    "SELECT id, name, role, locales, password_hash, disabled, "
	    "created_at FROM user WHERE id = ?1",
	[SQL_USER_LIST] =
	    "SELECT id, name, role, locales, password_hash, disabled, "
	    "created_at FROM user ORDER BY name",
	[SQL_SESSION_INSERT] =
	    "INSERT INTO session(token_hash, user_id, csrf, created_at, "
	    "last_seen) VALUES (?1, ?2, ?3, ?4, ?4)",
	[SQL_SESSION_GET] =
	    "SELECT user_id, csrf, created_at, last_seen FROM session "
	    "WHERE token_hash = ?1",
	[SQL_SESSION_TOUCH] =
	    "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1",
	[SQL_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
	[SQL_SESSIONS_DELETE_USER] = "DELETE FROM session WHERE user_id = ?1",
	[SQL_TOKEN_INSERT] =
	    "INSERT INTO api_token(token_hash, user_id, name, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[SQL_TOKEN_USER] =
	    "SELECT user_id FROM api_token WHERE token_hash = ?1 AND "
	    "revoked_at IS NULL",
	[SQL_TOKEN_LIST] =
	    "SELECT t.id, u.name, t.name, t.created_at, t.revoked_at FROM "
	    "api_token t JOIN user u ON u.id = t.user_id ORDER BY t.id",
	[SQL_TOKEN_REVOKE] =
	    "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND "
	    "revoked_at IS NULL",
	[SQL_LOGIN_FAILURE_ADD] =
	    "INSERT INTO login_failure(key, at) VALUES (?1, ?2)",
	[SQL_LOGIN_FAILURES] =
	    "SELECT count(*) FROM login_failure WHERE key = ?1 AND at >= ?2",
	[SQL_LOGIN_FAILURES_PRUNE] = "DELETE FROM login_failure WHERE at < ?1",
	[SQL_ASSET_OWNER_SET] =
	    "UPDATE asset SET created_by = ?2 WHERE id = ?1 AND "
	    "created_by IS NULL",
	[SQL_ASSET_OWNER_GET] = "SELECT created_by FROM asset WHERE id = ?1",
	[SQL_ATTACHMENT_PUT] =
	    "INSERT INTO attachment(sha256, type, size, data, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(sha256) DO NOTHING",
	[SQL_ATTACHMENT_GET] =
	    "SELECT type, data FROM attachment WHERE sha256 = ?1",
	[SQL_ATTACHMENT_META] =
	    "SELECT type, size FROM attachment WHERE sha256 = ?1",
	[SQL_ATTACHMENT_VISIBLE] =
	    "SELECT 1 FROM asset_attachment aa JOIN asset a ON a.id = "
	    "aa.asset_id WHERE aa.sha256 = :sha AND aa.name = :name AND "
	    SQL_IN_SCOPE " LIMIT 1",
	[SQL_ATTACHMENT_INDEX] =
	    "SELECT DISTINCT aa.sha256, aa.name FROM asset_attachment aa "
	    "JOIN asset a ON a.id = aa.asset_id WHERE " SQL_IN_SCOPE " "
	    "ORDER BY 1, 2",
	[SQL_ATTACHMENTS_DELETE] =
	    "DELETE FROM asset_attachment WHERE asset_id = ?1",
	[SQL_ATTACHMENT_LINK] =
	    "INSERT INTO asset_attachment(asset_id, position, sha256, name) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[SQL_ATTACHMENTS_GET] =
	    "SELECT aa.sha256, aa.name, f.type, f.size FROM asset_attachment aa "
	    "JOIN attachment f ON f.sha256 = aa.sha256 WHERE aa.asset_id = ?1 "
	    "ORDER BY aa.position",
	/* a translation block (or head) marked as from the source's now */
	[SQL_BLOCK_CONFIRM] =
	    "UPDATE block SET source_rev = src.rev FROM ("
	    " SELECT b.rev FROM block b JOIN translation t ON "
	    " t.asset_id = b.asset_id AND t.locale = b.locale "
	    " WHERE b.asset_id = ?1 AND t.position = 0 AND b.block_id = ?3"
	    ") AS src WHERE block.asset_id = ?1 AND block.locale = ?2 AND "
	    "block.block_id = ?3 AND ?2 <> (SELECT locale FROM translation "
	    " WHERE asset_id = ?1 AND position = 0)",
	[SQL_HEAD_CONFIRM] =
	    "UPDATE translation SET head_source_rev = (SELECT head_rev FROM "
	    " translation WHERE asset_id = ?1 AND position = 0) "
	    "WHERE asset_id = ?1 AND locale = ?2 AND position > 0",
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
	    "summary, sort_key, head_rev, head_source_rev, update_note) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[SQL_TRANSLATIONS_GET] =
	    "SELECT locale, title, summary, head_rev, head_source_rev, "
	    "update_note FROM translation WHERE asset_id = ?1 "
	    "ORDER BY position",
	[SQL_BLOCK_INSERT] =
	    "INSERT INTO block(asset_id, locale, position, block_id, type, "
	    "role, speaker, text, rev, source_rev) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SQL_BLOCKS_GET] =
	    "SELECT locale, block_id, type, role, speaker, text, rev, "
	    "source_rev FROM block WHERE asset_id = ?1 "
	    "ORDER BY locale, position",
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
	 * and "en."), scope, :limit, :offset. One row per asset, in its
	 * first-listed matching translation. Walks assets newest first by
	 * the asset_event_at index and stops at the page: a page costs what
	 * its offset does, not the archive's size (400 ms -> 1 ms for the
	 * first page of 100,000 assets). An exact locale is one primary key
	 * probe per asset; only "" and bare languages look for the first.
	 */
	[SQL_LIST] =
	    "SELECT a.id, a.slug, a.kind, a.event_at, a.event_offset, "
	    "a.place, t.locale, t.title, t.summary, "
	    "(SELECT b.text FROM block b WHERE b.asset_id = a.id AND "
	    " b.locale = t.locale ORDER BY b.position LIMIT 1), a.updated_at, "
	    "t.position, a.status, a.publish_at "
	    "FROM asset a JOIN translation t ON t.asset_id = a.id AND "
	    " t.locale = CASE WHEN ?1 <> '' AND NOT ?2 THEN ?1 ELSE "
	    " (SELECT t2.locale FROM translation t2 WHERE "
	    " t2.asset_id = a.id AND (?1 = '' OR t2.locale = ?1 OR (?2 AND "
	    " t2.locale > ?1 || '-' AND t2.locale < ?1 || '.')) "
	    " ORDER BY t2.position LIMIT 1) END "
	    "WHERE " SQL_IN_SCOPE " "
	    " AND (:status IS NULL OR "
	    " (:status = 'scheduled' AND a.status = 'published' AND "
	    "  a.publish_at > :snow) OR "
	    " (:status = 'published' AND a.status = 'published' AND "
	    "  a.publish_at <= :snow) OR "
	    " (:status NOT IN ('scheduled', 'published') AND "
	    "  a.status = :status)) "
	    /* keyset start (store_list_query.after_id); without one both
	     * are INT64_MAX */
	    " AND (a.event_at, a.id) < (:after_at, :after_id) "
	    "ORDER BY a.event_at DESC, a.id DESC "
	    "LIMIT :limit OFFSET :offset",
	[SQL_LIST_COUNT] =
	    "SELECT count(DISTINCT t.asset_id) FROM translation t "
	    "JOIN asset a ON a.id = t.asset_id "
	    "WHERE (?1 = '' OR t.locale = ?1 OR (?2 AND t.locale > ?1 || '-' "
	    " AND t.locale < ?1 || '.')) AND " SQL_IN_SCOPE
	    " AND (:status IS NULL OR "
	    " (:status = 'scheduled' AND a.status = 'published' AND "
	    "  a.publish_at > :snow) OR "
	    " (:status = 'published' AND a.status = 'published' AND "
	    "  a.publish_at <= :snow) OR "
	    " (:status NOT IN ('scheduled', 'published') AND "
	    "  a.status = :status)) ",
	[SQL_JOURNAL_WAL] = "PRAGMA journal_mode = WAL",
	/* FULL: a commit survives power loss, not just a crash */
	/*
	 * mmap: reads of a big database (the search index) go through the
	 * OS page cache, shared by all connections, instead of a read()
	 * system call per page into each connection's small cache
	 */
	/* a snapshot held for the whole of a backup */
	[SQL_READ_BEGIN] = "BEGIN DEFERRED",
	[SQL_SETUP] =
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA trusted_schema = OFF;"
	    /* a restarted WAL is cut back to 16 MiB (default: never) */
	    "PRAGMA journal_size_limit = 16777216;"
	    "PRAGMA mmap_size = 1073741824;",
	/* an asset as listed, one row per translation, in their order */
	[SQL_ASSET_SUMMARY] =
	    "SELECT a.slug, a.kind, a.event_at, a.event_offset, a.place, "
	    "a.updated_at, a.status, a.publish_at, t.locale, t.title, "
	    "t.summary, (SELECT b.text FROM block b WHERE b.asset_id = a.id "
	    " AND b.locale = t.locale ORDER BY b.position LIMIT 1) "
	    "FROM asset a JOIN translation t ON t.asset_id = a.id "
	    "WHERE a.id = ?1 ORDER BY t.position",
	[SQL_MMAP_OFF] = "PRAGMA mmap_size = 0; PRAGMA cache_size = -32768",
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

	/*
	 * 3: full-text search. search_doc: what each index row is (field 0
	 * title, 1 summary, 2 block). The index is filled by the C code (it
	 * holds the Markdown's plain text): the flag makes the first
	 * writable open after this migration run `pressroom reindex`.
	 */
	"CREATE TABLE search_doc("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  locale TEXT NOT NULL,"
	"  field INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  block_id TEXT,"
	"  role TEXT,"
	"  speaker INTEGER REFERENCES person(id)"
	") STRICT;"
	"CREATE INDEX search_doc_asset ON search_doc(asset_id);"
	SQL_SEARCH_FTS_V3
	"INSERT INTO meta(key, value) VALUES ('search_reindex', 1);"
	"PRAGMA user_version = 3;",

	/* 4: publishers, and title sort keys for their listings */
	"CREATE TABLE publisher("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  config TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	") STRICT;"
	"ALTER TABLE translation ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';"
	"UPDATE translation SET sort_key = lower(title);"
	"CREATE INDEX asset_event_at ON asset(event_at);"
	"PRAGMA user_version = 4;",

	/*
	 * 5: accounts, sessions, API tokens, login failures (rate limit), who
	 * created an asset, and per-block revisions for translation status:
	 * a source block's rev grows when its text changes; a translated
	 * block's source_rev says which rev of the source it translates.
	 */
	"CREATE TABLE user("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL,"
	"  locales TEXT NOT NULL DEFAULT '',"
	"  password_hash TEXT,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE session("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX session_user ON session(user_id);"
	"CREATE TABLE api_token("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER"
	") STRICT;"
	"CREATE TABLE login_failure("
	"  key TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX login_failure_key ON login_failure(key, at);"
	"ALTER TABLE asset ADD COLUMN created_by INTEGER;"
	"ALTER TABLE block ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE block ADD COLUMN source_rev INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE translation ADD COLUMN head_rev INTEGER NOT NULL "
	"  DEFAULT 1;"
	"ALTER TABLE translation ADD COLUMN head_source_rev INTEGER NOT NULL "
	"  DEFAULT 1;"
	/* the public "updated" note: its text per translation, its time */
	"ALTER TABLE translation ADD COLUMN update_note TEXT NOT NULL "
	"  DEFAULT '';"
	"ALTER TABLE asset ADD COLUMN update_note_at INTEGER NOT NULL "
	"  DEFAULT 0;"
	/* files by the SHA-256 of their bytes, attached under a name */
	"CREATE TABLE attachment("
	"  sha256 TEXT PRIMARY KEY,"
	"  type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE asset_attachment("
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES attachment(sha256),"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY(asset_id, position)"
	") STRICT;"
	"CREATE INDEX asset_attachment_sha ON asset_attachment(sha256, name);"
	"PRAGMA user_version = 5;",
};

const size_t sql_nmigrations = sizeof sql_migrations / sizeof sql_migrations[0];
