/*
 * test_store.c - unit tests of the store layer through
 * include/pressroom/store.h: src/store/store.c (the ops dispatch),
 * src/store/sqlite.c (the SQLite backend) and src/store/sql.c (statements
 * and migrations).
 *
 * Covers opening (create, ":memory:", a missing file, a foreign and a newer
 * database, read-only, the connection's PRAGMAs, migrations that run once,
 * several processes migrating at once), saving (every field round trips,
 * unchanged saves, revisions, expect_revision, unique slug and source,
 * related ids, validation, all or nothing), finding, listing (locale
 * matching, order, pagination), locale counts, the generation counter
 * across connections, the integrity check, two writers at once and
 * allocation failure (saves and reads).
 *
 * Where the contract promises something about storage (one person row per
 * name, no partial rows) the test reads the database with sqlite3 itself:
 * a file through its own connection, a ":memory:" store through the
 * store's connection, caught with an SQLite auto-extension while
 * store_open runs. The same trick reads per-connection settings
 * (synchronous, foreign_keys) that no other connection can see. Does not
 * test the PostgreSQL backend (not built yet), rendering, import or HTTP.
 */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/mem.h"
#include "pressroom/store.h"
#include "pressroom/banned.h"

#define ARENA_CAP (64u << 20)
#define NOW1 1700000100
#define NOW2 1700000200
#define NOW3 1700000300

/* --- fixture: a scratch directory, stores and an arena ------------------ */

struct fx {
	char dir[64];
	char path[128];		/* dir/pressroom.db, not created */
	struct store *s;
	struct store *s2;
	sqlite3 *db;		/* a direct connection, closed by teardown */
	struct arena a;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/pr-test-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/pressroom.db", f->dir);
	arena_init(&f->a, ARENA_CAP);
	*state = f;
	return 0;
}

/* Removes every file in the scratch directory, then the directory. */
static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	struct dirent *de;
	char p[512];
	DIR *dir;

	mem_fail_after(0);
	store_close(f->s);
	store_close(f->s2);
	sqlite3_close(f->db);
	arena_release(&f->a);
	if ((dir = opendir(f->dir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
			unlink(p);
		}
		closedir(dir);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* --- direct SQLite access ----------------------------------------------- */

/* A connection of our own to a database file. */
static sqlite3 *
db_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static void
db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg != NULL ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

/* The first column of the first row of sql as an integer (-1: no row). */
static long long
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row of sql as text into out. */
static void
db_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(out, n, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Row counts of every content table and the stored generation. */
struct counts {
	long long asset, locale, person, speaker, translation, block, related,
	    revision, generation;
};

static void
counts_get(sqlite3 *db, struct counts *c)
{
	memset(c, 0, sizeof *c);
	c->asset = db_int(db, "SELECT count(*) FROM asset");
	c->locale = db_int(db, "SELECT count(*) FROM asset_locale");
	c->person = db_int(db, "SELECT count(*) FROM person");
	c->speaker = db_int(db, "SELECT count(*) FROM asset_speaker");
	c->translation = db_int(db, "SELECT count(*) FROM translation");
	c->block = db_int(db, "SELECT count(*) FROM block");
	c->related = db_int(db, "SELECT count(*) FROM related");
	c->revision = db_int(db, "SELECT count(*) FROM revision");
	c->generation = db_int(db,
	    "SELECT value FROM meta WHERE key = 'generation'");
}

static void
counts_assert_equal(const struct counts *want, const struct counts *got)
{
	assert_int_equal(got->asset, want->asset);
	assert_int_equal(got->locale, want->locale);
	assert_int_equal(got->person, want->person);
	assert_int_equal(got->speaker, want->speaker);
	assert_int_equal(got->translation, want->translation);
	assert_int_equal(got->block, want->block);
	assert_int_equal(got->related, want->related);
	assert_int_equal(got->revision, want->revision);
	assert_int_equal(got->generation, want->generation);
}

/* Counts of the database file at path through a connection of our own. */
static void
counts_file(const char *path, struct counts *c)
{
	sqlite3 *db = db_open(path);

	counts_get(db, c);
	sqlite3_close(db);
}

/*
 * Catching the store's own connection: an auto-extension runs for every
 * connection opened in the process, so while store_open runs it sees the
 * store's. A trace callback then counts the CREATE TABLE statements that
 * connection runs (the migrations).
 */
static sqlite3 *caught_db;
static int caught_creates;

static int
trace_creates(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)p;
	if (type == SQLITE_TRACE_STMT && x != NULL &&
	    strstr((const char *)x, "CREATE TABLE") != NULL)
		caught_creates++;
	return 0;
}

static int
catch_db(sqlite3 *db, char **errmsg, const struct sqlite3_api_routines *api)
{
	(void)errmsg;
	(void)api;
	caught_db = db;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_creates, NULL);
	return SQLITE_OK;
}

/* store_open that also returns the store's connection (borrowed). */
static enum err
open_caught(const char *target, unsigned flags, struct store **out,
    sqlite3 **db, struct diag *d)
{
	enum err e;

	caught_db = NULL;
	caught_creates = 0;
	assert_int_equal(sqlite3_auto_extension((void (*)(void))catch_db),
	    SQLITE_OK);
	e = store_open(target, flags, out, d);
	sqlite3_cancel_auto_extension((void (*)(void))catch_db);
	*db = caught_db;
	return e;
}

/* --- building assets ---------------------------------------------------- */

static struct locale
loc(const char *tag)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(tag), &l), ERR_OK);
	return l;
}

static char *
sdup(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	assert_non_null(p);
	return p;
}

static void
add_block(struct arena *a, struct translation *t, const char *id,
    enum block_type type, enum turn_role role, int speaker, const char *text)
{
	assert_int_equal(translation_block_add(a, t, id, type, role, speaker,
	    text, strlen(text)), ERR_OK);
}

/*
 * A transcript using every field: three announced locales, speakers with
 * and without a title, two translations (ru-RU listed before en-GB) with
 * paragraphs and turns (one without a speaker), related ids and a source.
 * Speakers are listed against alphabetical order on purpose.
 */
static struct asset *
build_rich(struct arena *a, const char *slug, const int64_t *related,
    size_t nrelated)
{
	struct asset *as = asset_new(a);
	struct translation *t;
	int lavrov, zakharova, reporter;
	static const char *const tags[] = { "ru-RU", "en-GB", "ar" };

	assert_non_null(as);
	as->slug = sdup(a, slug);
	as->kind = ASSET_KIND_TRANSCRIPT;
	as->event_at = 1699990000;
	as->event_offset = 3 * 3600;
	as->place = sdup(a, "Moscow");
	as->locales = arena_calloc(a, 3, sizeof *as->locales);
	assert_non_null(as->locales);
	for (size_t i = 0; i < 3; i++)
		as->locales[i] = loc(tags[i]);
	as->nlocales = 3;
	assert_int_equal(asset_speaker_intern(a, as, "Sergey Lavrov",
	    "Minister of Foreign Affairs", &lavrov), ERR_OK);
	assert_int_equal(asset_speaker_intern(a, as, "Maria Zakharova",
	    "Spokeswoman", &zakharova), ERR_OK);
	assert_int_equal(asset_speaker_intern(a, as, "A reporter", NULL,
	    &reporter), ERR_OK);

	assert_int_equal(asset_translation_add(a, as, &(struct locale){
	    .tag = "ru-RU" }, &t), ERR_OK);
	t->title = sdup(a, "Пресс-конференция С.В.Лаврова");
	t->summary = sdup(a, "Кратко о главном.");
	add_block(a, t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "Вступление.\n\nВторой абзац.");
	add_block(a, t, "t1", BLOCK_TURN, TURN_ROLE_STATEMENT, lavrov,
	    "Добрый день.");
	add_block(a, t, "t2", BLOCK_TURN, TURN_ROLE_QUESTION, reporter,
	    "Вопрос?");
	add_block(a, t, "t3", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov, "Ответ.");
	add_block(a, t, "t4", BLOCK_TURN, TURN_ROLE_REMARK, -1, "(Смех)");
	add_block(a, t, "t5", BLOCK_TURN, TURN_ROLE_REMARK, zakharova,
	    "Спасибо.");

	assert_int_equal(asset_translation_add(a, as, &(struct locale){
	    .tag = "en-GB" }, &t), ERR_OK);
	t->title = sdup(a, "Press conference by Sergey Lavrov");
	t->summary = sdup(a, "");
	add_block(a, t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "Opening.\n\nSecond paragraph.");
	add_block(a, t, "t1", BLOCK_TURN, TURN_ROLE_STATEMENT, lavrov,
	    "Good afternoon.");
	add_block(a, t, "t2", BLOCK_TURN, TURN_ROLE_QUESTION, reporter,
	    "A question?");
	add_block(a, t, "t3", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov,
	    "An answer.\twith a tab");
	add_block(a, t, "p2", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "Only in English.");

	if (nrelated > 0) {
		as->related = arena_calloc(a, nrelated, sizeof *as->related);
		assert_non_null(as->related);
		memcpy(as->related, related, nrelated * sizeof *related);
		as->nrelated = nrelated;
	}
	as->source = sdup(a, "file:lavrov-2023.txt");
	return as;
}

/*
 * A plain statement with one translation per tag, in the order given:
 * title "Title SLUG TAG", summary "Summary SLUG TAG", blocks p1 "Lead SLUG
 * TAG" and p2.
 */
static struct asset *
build_simple(struct arena *a, const char *slug, int64_t event_at,
    const char *const *tags, size_t ntags)
{
	struct asset *as = asset_new(a);

	assert_non_null(as);
	as->slug = sdup(a, slug);
	as->event_at = event_at;
	as->place = sdup(a, "Geneva");
	for (size_t i = 0; i < ntags; i++) {
		struct locale l = loc(tags[i]);
		struct translation *t;
		char *s;

		assert_int_equal(asset_translation_add(a, as, &l, &t), ERR_OK);
		t->title = arena_printf(a, "Title %s %s", slug, tags[i]);
		t->summary = arena_printf(a, "Summary %s %s", slug, tags[i]);
		assert_non_null(t->title);
		assert_non_null(t->summary);
		s = arena_printf(a, "Lead %s %s", slug, tags[i]);
		assert_non_null(s);
		add_block(a, t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, s);
		add_block(a, t, "p2", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
		    "More text.");
	}
	return as;
}

static struct asset *
build_one(struct arena *a, const char *slug, const char *tag)
{
	return build_simple(a, slug, 1690000000, &tag, 1);
}

/* --- comparing ---------------------------------------------------------- */

static void
assert_str_or_null(const char *want, const char *got)
{
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

/* Every content field (not id, revision or timestamps) is equal. */
static void
assert_content_equal(const struct asset *want, const struct asset *got)
{
	assert_string_equal(got->slug, want->slug);
	assert_int_equal(got->kind, want->kind);
	assert_int_equal(got->event_at, want->event_at);
	assert_int_equal(got->event_offset, want->event_offset);
	assert_string_equal(got->place, want->place);
	assert_int_equal(got->nlocales, want->nlocales);
	for (size_t i = 0; i < want->nlocales; i++)
		assert_string_equal(got->locales[i].tag, want->locales[i].tag);
	assert_int_equal(got->nspeakers, want->nspeakers);
	for (size_t i = 0; i < want->nspeakers; i++) {
		assert_string_equal(got->speakers[i].name,
		    want->speakers[i].name);
		assert_str_or_null(want->speakers[i].title,
		    got->speakers[i].title);
	}
	assert_int_equal(got->ntranslations, want->ntranslations);
	for (size_t i = 0; i < want->ntranslations; i++) {
		const struct translation *w = &want->translations[i];
		const struct translation *g = &got->translations[i];

		assert_string_equal(g->locale.tag, w->locale.tag);
		assert_string_equal(g->title, w->title);
		assert_string_equal(g->summary, w->summary);
		assert_int_equal(g->nblocks, w->nblocks);
		for (size_t k = 0; k < w->nblocks; k++) {
			assert_string_equal(g->blocks[k].id, w->blocks[k].id);
			assert_int_equal(g->blocks[k].type, w->blocks[k].type);
			assert_int_equal(g->blocks[k].role, w->blocks[k].role);
			assert_int_equal(g->blocks[k].speaker,
			    w->blocks[k].speaker);
			assert_string_equal(g->blocks[k].text,
			    w->blocks[k].text);
		}
	}
	assert_int_equal(got->nrelated, want->nrelated);
	for (size_t i = 0; i < want->nrelated; i++)
		assert_int_equal(got->related[i], want->related[i]);
	assert_str_or_null(want->source, got->source);
}

/* --- small wrappers ----------------------------------------------------- */

static struct store *
open_ok(const char *target, unsigned flags)
{
	struct store *s = NULL;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_open(target, flags, &s, &d);
	if (e != ERR_OK)
		print_error("store_open %s: %s: %s\n", target, err_str(e),
		    d.msg);
	assert_int_equal(e, ERR_OK);
	assert_non_null(s);
	return s;
}

static struct store_save_result
save_ok(struct store *s, struct asset *as, int64_t now)
{
	struct store_save_opts o = { .now = now };
	struct store_save_result r;
	struct diag d;
	enum err e;

	memset(&r, 0xa5, sizeof r);
	diag_init(&d, NULL);
	e = store_asset_save(s, as, &o, &r, &d);
	if (e != ERR_OK)
		print_error("save %s: %s: %s\n", as->slug, err_str(e), d.msg);
	assert_int_equal(e, ERR_OK);
	return r;
}

/* A save that must fail with want; returns the diag message. */
static void
save_fail(struct store *s, struct asset *as,
    const struct store_save_opts *o, enum err want, struct diag *d)
{
	struct store_save_result r;
	enum err e;

	diag_init(d, NULL);
	e = store_asset_save(s, as, o, &r, d);
	if (e != want)
		print_error("save %s: got %s, want %s (%s)\n", as->slug,
		    err_str(e), err_str(want), d->msg);
	assert_int_equal(e, want);
	assert_true(d->msg[0] != '\0');
}

static uint64_t
gen(struct store *s)
{
	uint64_t g = 0;

	assert_int_equal(store_generation(s, &g), ERR_OK);
	return g;
}

static void
check_ok(struct store *s)
{
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = store_check(s, &d);
	if (e != ERR_OK)
		print_error("store_check: %s: %s\n", err_str(e), d.msg);
	assert_int_equal(e, ERR_OK);
}

static bool
file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* --- opening ------------------------------------------------------------ */

static void
test_open_create_file(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got = NULL;
	int64_t id;

	assert_false(file_exists(f->path));
	f->s = open_ok(f->path, STORE_CREATE);
	assert_true(file_exists(f->path));
	assert_string_equal(store_errmsg(f->s), "");
	check_ok(f->s);
	as = build_one(&f->a, "kept", "en-GB");
	id = save_ok(f->s, as, NOW1).id;
	store_close(f->s);
	f->s = NULL;
	/* the file holds the asset; it opens again without STORE_CREATE */
	f->s = open_ok(f->path, 0);
	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_content_equal(as, got);
	check_ok(f->s);
}

static void
test_open_memory(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got = NULL;
	struct store_save_result r;

	f->s = open_ok(":memory:", STORE_CREATE);
	check_ok(f->s);
	as = build_one(&f->a, "in-memory", "en-GB");
	r = save_ok(f->s, as, NOW1);
	assert_int_equal(r.id, 1);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(as, got);
	/* another ":memory:" store is another, empty database */
	f->s2 = open_ok(":memory:", STORE_CREATE);
	assert_int_equal(store_asset_get(f->s2, &f->a, r.id, &got),
	    ERR_NOTFOUND);
	/* nothing was written to the current directory */
	assert_false(file_exists(":memory:"));
}

static void
test_open_missing(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct diag d;
	char path[192];

	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, 0, &s, &d), ERR_NOTFOUND);
	assert_null(s);
	assert_non_null(strstr(d.msg, "pressroom init"));
	assert_false(file_exists(f->path));

	/* in a directory that does not exist either */
	snprintf(path, sizeof path, "%s/no/such/dir.db", f->dir);
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, 0, &s, &d), ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "pressroom init"));

	/* STORE_CREATE alone does not make missing directories */
	diag_init(&d, NULL);
	assert_int_not_equal(store_open(path, STORE_CREATE, &s, &d), ERR_OK);
	assert_null(s);
	assert_true(d.msg[0] != '\0');
}

static void
test_open_postgres_reserved(void **state)
{
	struct store *s = NULL;
	struct diag d;

	(void)state;
	diag_init(&d, NULL);
	assert_int_equal(store_open("postgres://localhost/pressroom",
	    STORE_CREATE, &s, &d), ERR_INVAL);
	assert_null(s);
	assert_non_null(strstr(d.msg, "PostgreSQL"));
	diag_init(&d, NULL);
	assert_int_equal(store_open("postgresql://x", 0, &s, &d), ERR_INVAL);
	assert_null(s);
}

/* WAL, synchronous=FULL, foreign keys, a busy timeout, untrusted schema. */
static void
check_pragmas(sqlite3 *db, const char *mode)
{
	char text[32];

	db_text(db, "PRAGMA journal_mode", text, sizeof text);
	assert_string_equal(text, mode);
	assert_int_equal(db_int(db, "PRAGMA synchronous"), 2);	/* FULL */
	assert_int_equal(db_int(db, "PRAGMA foreign_keys"), 1);
	assert_true(db_int(db, "PRAGMA busy_timeout") >= 1000);
	assert_int_equal(db_int(db, "PRAGMA trusted_schema"), 0);
}

static void
test_open_pragmas(void **state)
{
	struct fx *f = *state;
	sqlite3 *sdb = NULL;
	struct diag d;
	char text[32];

	diag_init(&d, NULL);
	assert_int_equal(open_caught(f->path, STORE_CREATE, &f->s, &sdb, &d),
	    ERR_OK);
	assert_non_null(sdb);
	check_pragmas(sdb, "wal");
	/* WAL is a property of the file: another connection sees it too */
	f->db = db_open(f->path);
	db_text(f->db, "PRAGMA journal_mode", text, sizeof text);
	assert_string_equal(text, "wal");
	assert_int_equal(db_int(f->db, "PRAGMA application_id"),
	    0x50524553);
	assert_true(db_int(f->db, "PRAGMA user_version") >= 1);
	sqlite3_close(f->db);
	f->db = NULL;
	store_close(f->s);
	f->s = NULL;

	/* re-opening an existing file sets the same */
	assert_int_equal(open_caught(f->path, 0, &f->s, &sdb, &d), ERR_OK);
	check_pragmas(sdb, "wal");
	store_close(f->s);
	f->s = NULL;

	/* a memory database cannot be WAL but gets the rest */
	assert_int_equal(open_caught(":memory:", STORE_CREATE, &f->s, &sdb,
	    &d), ERR_OK);
	check_pragmas(sdb, "memory");
}

static void
test_open_foreign(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct diag d;
	unsigned flags[] = { 0, STORE_CREATE };

	/* an SQLite database of someone else: other tables */
	f->db = db_open(f->path);
	db_exec(f->db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
	    "INSERT INTO notes(body) VALUES ('keep me');");
	for (size_t i = 0; i < 2; i++) {
		diag_init(&d, NULL);
		assert_int_equal(store_open(f->path, flags[i], &s, &d),
		    ERR_CORRUPT);
		assert_null(s);
		assert_non_null(strstr(d.msg, "not a pressroom database"));
	}
	/* no migration ran on it */
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM sqlite_schema"),
	    1);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), 0);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM notes"), 1);
	/* and it was not switched to WAL either: it is not ours to change */
	{
		char wal[1100];

		snprintf(wal, sizeof wal, "%s-wal", f->path);
		assert_int_not_equal(access(wal, F_OK), 0);
	}
	sqlite3_close(f->db);
	f->db = NULL;
	unlink(f->path);

	/* no tables but a schema version and no application id of ours */
	f->db = db_open(f->path);
	db_exec(f->db, "PRAGMA user_version = 1");
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &d),
	    ERR_CORRUPT);
	assert_non_null(strstr(d.msg, "not a pressroom database"));
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM sqlite_schema"),
	    0);
}

static void
test_open_not_sqlite(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct diag d;
	char junk[8192];
	FILE *fp;

	/* a file that is not an SQLite database at all */
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)('a' + i % 26);
	fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
	assert_int_equal(fclose(fp), 0);
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, STORE_CREATE, &s, &d),
	    ERR_CORRUPT);
	assert_null(s);
	assert_true(d.msg[0] != '\0');
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, STORE_READONLY, &s, &d),
	    ERR_CORRUPT);
	assert_null(s);
	assert_true(d.msg[0] != '\0');
}

static void
test_open_newer(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct diag d;
	long long v;
	char sql[64];

	f->s = open_ok(f->path, STORE_CREATE);
	store_close(f->s);
	f->s = NULL;
	f->db = db_open(f->path);
	v = db_int(f->db, "PRAGMA user_version");
	assert_true(v >= 1);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", v + 1);
	db_exec(f->db, sql);
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, 0, &s, &d), ERR_CORRUPT);
	assert_null(s);
	assert_non_null(strstr(d.msg, "newer"));
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), v + 1);
	/* back to the known version it opens again */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", v);
	db_exec(f->db, sql);
	f->s = open_ok(f->path, 0);
}

static void
test_open_migrates_once(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got = NULL;
	sqlite3 *sdb = NULL;
	struct diag d;
	long long version;
	int64_t id;
	uint64_t g;

	diag_init(&d, NULL);
	assert_int_equal(open_caught(f->path, STORE_CREATE, &f->s, &sdb, &d),
	    ERR_OK);
	assert_true(caught_creates > 0);	/* the schema was created */
	as = build_one(&f->a, "survivor", "en-GB");
	id = save_ok(f->s, as, NOW1).id;
	g = gen(f->s);
	store_close(f->s);
	f->s = NULL;
	f->db = db_open(f->path);
	version = db_int(f->db, "PRAGMA user_version");
	sqlite3_close(f->db);
	f->db = NULL;

	for (int i = 0; i < 3; i++) {
		unsigned flags = i == 1 ? STORE_CREATE : 0;

		assert_int_equal(open_caught(f->path, flags, &f->s, &sdb, &d),
		    ERR_OK);
		assert_int_equal(caught_creates, 0);
		assert_int_equal(store_asset_get(f->s, &f->a, id, &got),
		    ERR_OK);
		assert_content_equal(as, got);
		assert_int_equal(gen(f->s), g);
		store_close(f->s);
		f->s = NULL;
	}
	f->db = db_open(f->path);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), version);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM meta"), 1);
}

static void
test_open_readonly(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct store_list_query q = { .limit = 10 };
	struct store_list l;
	struct asset *as, *got = NULL;
	struct counts before, after;
	struct diag d;
	char path[192], sql[64];
	int64_t id;
	uint64_t g;

	/* missing: not found, and STORE_CREATE does not apply */
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, STORE_READONLY | STORE_CREATE, &s,
	    &d), ERR_NOTFOUND);
	assert_non_null(strstr(d.msg, "pressroom init"));
	assert_false(file_exists(f->path));

	/* a pressroom database: reads work, writes fail and change nothing */
	f->s2 = open_ok(f->path, STORE_CREATE);
	as = build_rich(&f->a, "read-only", NULL, 0);
	id = save_ok(f->s2, as, NOW1).id;
	store_close(f->s2);
	f->s2 = NULL;
	f->s = open_ok(f->path, STORE_READONLY);
	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_content_equal(as, got);
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 1);
	check_ok(f->s);
	g = gen(f->s);
	counts_file(f->path, &before);
	as = build_one(&f->a, "not-written", "en-GB");
	diag_init(&d, NULL);
	assert_int_not_equal(store_asset_save(f->s, as, NULL,
	    &(struct store_save_result){ 0 }, &d), ERR_OK);
	assert_true(d.msg[0] != '\0');
	assert_int_equal(as->id, 0);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	/* and it sees what a writer commits */
	f->s2 = open_ok(f->path, 0);
	save_ok(f->s2, as, NOW2);
	assert_true(gen(f->s) != g);
	assert_int_equal(gen(f->s), gen(f->s2));
	assert_int_equal(store_asset_find(f->s, "not-written", NULL, &id),
	    ERR_OK);
	store_close(f->s);
	f->s = NULL;

	/* one from a newer pressroom */
	f->db = db_open(f->path);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %lld",
	    db_int(f->db, "PRAGMA user_version") + 1);
	db_exec(f->db, sql);
	sqlite3_close(f->db);
	f->db = NULL;
	diag_init(&d, NULL);
	assert_int_equal(store_open(f->path, STORE_READONLY, &s, &d),
	    ERR_CORRUPT);
	assert_non_null(strstr(d.msg, "newer"));

	/* somebody else's database */
	snprintf(path, sizeof path, "%s/foreign.db", f->dir);
	f->db = db_open(path);
	db_exec(f->db, "CREATE TABLE notes(body TEXT)");
	sqlite3_close(f->db);
	f->db = NULL;
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, STORE_READONLY, &s, &d),
	    ERR_CORRUPT);
	assert_non_null(strstr(d.msg, "not a pressroom database"));

	/* an empty database: read-only cannot create the schema */
	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	f->db = db_open(path);
	db_exec(f->db, "PRAGMA journal_mode = WAL");
	sqlite3_close(f->db);
	f->db = NULL;
	diag_init(&d, NULL);
	assert_int_equal(store_open(path, STORE_READONLY, &s, &d),
	    ERR_CORRUPT);
	assert_non_null(strstr(d.msg, "pressroom init"));
	assert_null(s);
}

/*
 * Several processes (here threads) opening at once a database whose schema
 * is behind, as the workers of a server upgraded to a new migration do: an
 * empty WAL database is a database at schema version 0.
 */
#define OPENERS 4

struct opener {
	const char *path;
	pthread_barrier_t *go;
	enum err e;
	char msg[DIAG_MSG_MAX];
};

static void *
opener_main(void *arg)
{
	struct opener *o = arg;
	struct store *s = NULL;
	struct diag d;

	diag_init(&d, NULL);
	pthread_barrier_wait(o->go);
	o->e = store_open(o->path, STORE_CREATE, &s, &d);
	snprintf(o->msg, sizeof o->msg, "%s", d.msg);
	store_close(s);
	return NULL;
}

static void
test_open_concurrent_migration(void **state)
{
	struct fx *f = *state;
	pthread_t th[OPENERS];
	struct opener op[OPENERS];
	pthread_barrier_t go;
	char path[192], mode[16];

	for (int round = 0; round < 20; round++) {
		snprintf(path, sizeof path, "%s/race%d.db", f->dir, round);
		f->db = db_open(path);
		db_text(f->db, "PRAGMA journal_mode = WAL", mode, sizeof mode);
		assert_string_equal(mode, "wal");
		sqlite3_close(f->db);
		f->db = NULL;
		assert_int_equal(pthread_barrier_init(&go, NULL, OPENERS), 0);
		for (int i = 0; i < OPENERS; i++) {
			op[i] = (struct opener){ .path = path, .go = &go };
			assert_int_equal(pthread_create(&th[i], NULL,
			    opener_main, &op[i]), 0);
		}
		for (int i = 0; i < OPENERS; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&go);
		for (int i = 0; i < OPENERS; i++) {
			if (op[i].e != ERR_OK)
				print_error("round %d opener %d: %s: %s\n",
				    round, i, err_str(op[i].e), op[i].msg);
			assert_int_equal(op[i].e, ERR_OK);
		}
		f->s = open_ok(path, 0);
		check_ok(f->s);
		store_close(f->s);
		f->s = NULL;
	}
}

/* --- saving ------------------------------------------------------------- */

/* Saves the asset build_rich relates to; returns its id. */
static int64_t
save_related_target(struct store *s, struct arena *a)
{
	struct asset *as = build_one(a, "earlier-statement", "en-GB");

	/* a speaker of the rich asset, so person ids differ from positions */
	assert_int_equal(asset_speaker_intern(a, as, "Maria Zakharova", NULL,
	    &(int){ 0 }), ERR_OK);
	return save_ok(s, as, NOW1 - 50).id;
}

static void
test_save_create_get(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got = NULL;
	struct store_save_result r;
	int64_t rel;

	f->s = open_ok(f->path, STORE_CREATE);
	rel = save_related_target(f->s, &f->a);
	as = build_rich(&f->a, "lavrov-press-conference", &rel, 1);
	r = save_ok(f->s, as, NOW1);
	assert_true(r.id > rel);
	assert_int_equal(r.revision, 1);
	assert_true(r.created);
	assert_true(r.changed);
	/* the asset given is updated too */
	assert_int_equal(as->id, r.id);
	assert_int_equal(as->revision, 1);
	assert_int_equal(as->created_at, NOW1);
	assert_int_equal(as->updated_at, NOW1);

	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(as, got);
	assert_int_equal(got->id, r.id);
	assert_int_equal(got->revision, 1);
	assert_int_equal(got->created_at, NOW1);
	assert_int_equal(got->updated_at, NOW1);
	/* spelled out, in case both sides were wrong the same way */
	assert_string_equal(got->translations[0].locale.tag, "ru-RU");
	assert_string_equal(got->translations[1].locale.tag, "en-GB");
	assert_string_equal(got->speakers[0].name, "Sergey Lavrov");
	assert_null(got->speakers[2].title);
	assert_int_equal(got->translations[0].blocks[4].speaker, -1);
	assert_int_equal(got->translations[0].blocks[5].speaker, 1);
	assert_string_equal(got->locales[2].tag, "ar");
	assert_int_equal(got->related[0], rel);
	assert_int_equal(asset_validate(got, NULL), ERR_OK);

	/* a fresh connection reads the same from the file */
	f->s2 = open_ok(f->path, 0);
	got = NULL;
	assert_int_equal(store_asset_get(f->s2, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(as, got);

	assert_int_equal(store_asset_get(f->s, &f->a, r.id + 100, &got),
	    ERR_NOTFOUND);
	assert_int_equal(store_asset_get(f->s, &f->a, 0, &got), ERR_NOTFOUND);
	assert_int_equal(store_asset_get(f->s, &f->a, -1, &got),
	    ERR_NOTFOUND);
	check_ok(f->s);
}

static void
test_save_minimal(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got = NULL;
	struct store_save_result r;

	/* no locales, speakers, related or source; empty place */
	f->s = open_ok(":memory:", STORE_CREATE);
	as = build_one(&f->a, "x", "ar");
	as->place = sdup(&f->a, "");
	as->kind = ASSET_KIND_INTERVIEW;
	as->event_at = -86400;
	as->event_offset = -(9 * 3600 + 30 * 60);
	r = save_ok(f->s, as, NOW1);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(as, got);
	assert_null(got->source);
	assert_int_equal(got->nlocales, 0);
	assert_int_equal(got->nspeakers, 0);
	assert_int_equal(got->nrelated, 0);
}

static void
test_save_clock(void **state)
{
	struct fx *f = *state;
	struct store_save_result r;
	struct asset *as, *got = NULL;
	time_t before, after;

	/* no options at all: the clock, "system" and an empty note */
	f->s = open_ok(":memory:", STORE_CREATE);
	as = build_one(&f->a, "clocked", "en-GB");
	before = time(NULL);
	assert_int_equal(store_asset_save(f->s, as, NULL, &r, NULL), ERR_OK);
	after = time(NULL);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_true(got->created_at >= (int64_t)before);
	assert_true(got->created_at <= (int64_t)after);
	assert_int_equal(got->updated_at, got->created_at);
}

static void
test_save_unchanged(void **state)
{
	struct fx *f = *state;
	struct asset *as, *again, *got = NULL;
	struct store_save_result r;
	struct store_save_opts o = { .now = NOW2, .expect_revision = 1 };
	struct store_revision *revs = NULL;
	struct counts before, after;
	struct diag d;
	size_t n = 0;
	int64_t rel;
	uint64_t g;

	f->s = open_ok(f->path, STORE_CREATE);
	rel = save_related_target(f->s, &f->a);
	as = build_rich(&f->a, "same-again", &rel, 1);
	r = save_ok(f->s, as, NOW1);
	g = gen(f->s);
	counts_file(f->path, &before);

	/* the same content built afresh, saved later by someone else */
	again = build_rich(&f->a, "same-again", &rel, 1);
	again->id = r.id;
	diag_init(&d, NULL);
	memset(&r, 0xa5, sizeof r);
	assert_int_equal(store_asset_save(f->s, again, &o, &r, &d), ERR_OK);
	assert_false(r.changed);
	assert_false(r.created);
	assert_int_equal(r.id, again->id);
	assert_int_equal(r.revision, 1);
	/* the asset given gets the stored revision and times */
	assert_int_equal(again->revision, 1);
	assert_int_equal(again->created_at, NOW1);
	assert_int_equal(again->updated_at, NOW1);
	/* and once more with the loaded asset itself */
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	r = save_ok(f->s, got, NOW3);
	assert_false(r.changed);
	assert_int_equal(r.revision, 1);

	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	assert_int_equal(gen(f->s), g);
	assert_int_equal(store_revisions(f->s, &f->a, r.id, &revs, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(revs[0].revision, 1);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_int_equal(got->revision, 1);
	assert_int_equal(got->updated_at, NOW1);	/* not touched */
	assert_int_equal(got->created_at, NOW1);
}

static void
test_save_revisions(void **state)
{
	struct fx *f = *state;
	struct asset *v1, *v2, *got = NULL;
	struct store_save_result r;
	struct store_save_opts o = { .author = "editor@example.org",
		.note = "fix the title", .now = NOW2, .expect_revision = 1 };
	struct store_revision *revs = NULL;
	struct diag d;
	size_t n = 0;
	int64_t id;

	f->s = open_ok(f->path, STORE_CREATE);
	v1 = build_rich(&f->a, "revised", NULL, 0);
	id = save_ok(f->s, v1, NOW1).id;	/* author and note default */

	v2 = build_rich(&f->a, "revised", NULL, 0);
	v2->id = id;
	v2->translations[1].title = sdup(&f->a, "Press conference (updated)");
	v2->speakers[2].title = sdup(&f->a, "Reporter");
	diag_init(&d, NULL);
	assert_int_equal(store_asset_save(f->s, v2, &o, &r, &d), ERR_OK);
	assert_true(r.changed);
	assert_false(r.created);
	assert_int_equal(r.id, id);
	assert_int_equal(r.revision, 2);
	assert_int_equal(v2->revision, 2);
	assert_int_equal(v2->created_at, NOW1);
	assert_int_equal(v2->updated_at, NOW2);

	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_content_equal(v2, got);
	assert_int_equal(got->revision, 2);
	assert_int_equal(got->created_at, NOW1);
	assert_int_equal(got->updated_at, NOW2);

	assert_int_equal(store_revisions(f->s, &f->a, id, &revs, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(revs[0].revision, 2);
	assert_int_equal(revs[0].created_at, NOW2);
	assert_string_equal(revs[0].author, "editor@example.org");
	assert_string_equal(revs[0].note, "fix the title");
	assert_int_equal(revs[1].revision, 1);
	assert_int_equal(revs[1].created_at, NOW1);
	assert_string_equal(revs[1].author, "system");
	assert_string_equal(revs[1].note, "");

	got = NULL;
	assert_int_equal(store_revision_get(f->s, &f->a, id, 1, &got), ERR_OK);
	assert_content_equal(v1, got);
	assert_int_equal(got->id, id);
	assert_int_equal(got->revision, 1);
	assert_string_equal(got->translations[1].title,
	    "Press conference by Sergey Lavrov");
	assert_null(got->speakers[2].title);
	got = NULL;
	assert_int_equal(store_revision_get(f->s, &f->a, id, 2, &got), ERR_OK);
	assert_content_equal(v2, got);
	assert_int_equal(got->revision, 2);

	assert_int_equal(store_revision_get(f->s, &f->a, id, 3, &got),
	    ERR_NOTFOUND);
	assert_int_equal(store_revision_get(f->s, &f->a, id, 0, &got),
	    ERR_NOTFOUND);
	assert_int_equal(store_revision_get(f->s, &f->a, id + 1, 1, &got),
	    ERR_NOTFOUND);
	assert_int_equal(store_revisions(f->s, &f->a, id + 1, &revs, &n),
	    ERR_NOTFOUND);

	/* a third revision; the first is still there */
	v2->translations[0].blocks[0].text = sdup(&f->a, "Новое вступление.");
	r = save_ok(f->s, v2, NOW3);
	assert_int_equal(r.revision, 3);
	assert_int_equal(store_revisions(f->s, &f->a, id, &revs, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(revs[0].revision, 3);
	assert_int_equal(revs[2].revision, 1);
	got = NULL;
	assert_int_equal(store_revision_get(f->s, &f->a, id, 1, &got), ERR_OK);
	assert_content_equal(v1, got);
}

static void
test_save_expect_revision(void **state)
{
	struct fx *f = *state;
	struct asset *as, *stale, *got = NULL;
	struct store_save_opts o = { .now = NOW3, .expect_revision = 1 };
	struct counts before, after;
	struct diag d;
	int64_t id;
	uint64_t g;

	f->s = open_ok(f->path, STORE_CREATE);
	as = build_rich(&f->a, "contested", NULL, 0);
	id = save_ok(f->s, as, NOW1).id;
	as->translations[0].title = sdup(&f->a, "Второй заголовок");
	assert_int_equal(save_ok(f->s, as, NOW2).revision, 2);
	g = gen(f->s);
	counts_file(f->path, &before);

	/* an editor who loaded revision 1 saves on top of revision 2 */
	stale = build_rich(&f->a, "contested", NULL, 0);
	stale->id = id;
	stale->place = sdup(&f->a, "Sochi");
	save_fail(f->s, stale, &o, ERR_CONFLICT, &d);
	assert_non_null(strstr(d.msg, "revision"));
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	assert_int_equal(gen(f->s), g);
	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_content_equal(as, got);
	assert_int_equal(got->revision, 2);
	assert_int_equal(got->updated_at, NOW2);

	/* also when the content is unchanged, and for a future revision */
	o.expect_revision = 3;
	save_fail(f->s, as, &o, ERR_CONFLICT, &d);

	/* with the current revision it goes through */
	o.expect_revision = 2;
	assert_int_equal(store_asset_save(f->s, stale, &o,
	    &(struct store_save_result){ 0 }, &d), ERR_OK);
	assert_int_equal(stale->revision, 3);
}

static void
test_save_duplicate_slug(void **state)
{
	struct fx *f = *state;
	struct asset *a1, *a2, *dupe, *got = NULL;
	struct store_save_opts o = { .now = NOW2 };
	struct counts before, after;
	struct diag d;
	int64_t id;

	f->s = open_ok(f->path, STORE_CREATE);
	a1 = build_rich(&f->a, "taken", NULL, 0);
	save_ok(f->s, a1, NOW1);
	a2 = build_one(&f->a, "other", "en-US");
	id = save_ok(f->s, a2, NOW1).id;
	counts_file(f->path, &before);

	/* a new asset with a taken slug, new speakers and all */
	dupe = build_rich(&f->a, "taken", NULL, 0);
	dupe->source = NULL;
	(void)asset_speaker_intern(&f->a, dupe, "Nobody Yet", NULL,
	    &(int){ 0 });
	save_fail(f->s, dupe, &o, ERR_CONFLICT, &d);
	assert_non_null(strstr(d.msg, "taken"));
	assert_int_equal(dupe->id, 0);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);

	/* renaming another asset to a taken slug */
	a2->slug = sdup(&f->a, "taken");
	save_fail(f->s, a2, &o, ERR_CONFLICT, &d);
	assert_int_equal(a2->id, id);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_string_equal(got->slug, "other");
	assert_int_equal(got->revision, 1);
	check_ok(f->s);
}

static void
test_save_duplicate_source(void **state)
{
	struct fx *f = *state;
	struct asset *a1, *a2, *n1, *n2;
	struct store_save_opts o = { .now = NOW2 };
	struct counts before, after;
	struct diag d;

	f->s = open_ok(f->path, STORE_CREATE);
	a1 = build_one(&f->a, "first", "en-GB");
	a1->source = sdup(&f->a, "file:same.txt");
	save_ok(f->s, a1, NOW1);
	counts_file(f->path, &before);
	a2 = build_one(&f->a, "second", "en-GB");
	a2->source = sdup(&f->a, "file:same.txt");
	save_fail(f->s, a2, &o, ERR_CONFLICT, &d);
	assert_int_equal(a2->id, 0);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	/* any number of assets may have no source */
	n1 = build_one(&f->a, "no-source-1", "en-GB");
	n2 = build_one(&f->a, "no-source-2", "en-GB");
	save_ok(f->s, n1, NOW1);
	save_ok(f->s, n2, NOW1);
	a2->source = sdup(&f->a, "file:other.txt");
	save_ok(f->s, a2, NOW1);
}

static void
test_save_related_missing(void **state)
{
	struct fx *f = *state;
	struct asset *as, *bad, *got = NULL;
	struct store_save_opts o = { .now = NOW2 };
	struct counts before, after;
	struct diag d;
	int64_t rel, missing, id, two[2];
	uint64_t g;

	f->s = open_ok(f->path, STORE_CREATE);
	rel = save_related_target(f->s, &f->a);
	g = gen(f->s);
	counts_file(f->path, &before);
	missing = rel + 41;

	/* fails after the asset row, speakers and translations went in */
	bad = build_rich(&f->a, "dangling", &missing, 1);
	(void)asset_speaker_intern(&f->a, bad, "New Person", "Nobody",
	    &(int){ 0 });
	save_fail(f->s, bad, &o, ERR_INVAL, &d);
	{
		char want[64];

		snprintf(want, sizeof want,
		    "related[0]: there is no asset %lld", (long long)missing);
		assert_string_equal(d.msg, want);
	}
	assert_int_equal(bad->id, 0);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	assert_int_equal(gen(f->s), g);
	assert_int_equal(store_asset_find(f->s, "dangling", NULL, &id),
	    ERR_NOTFOUND);

	/* the second related id is the bad one */
	two[0] = rel;
	two[1] = missing;
	bad = build_rich(&f->a, "dangling", two, 2);
	save_fail(f->s, bad, &o, ERR_INVAL, &d);
	assert_non_null(strstr(d.msg, "related[1]"));
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);

	/* an update that fails the same way leaves the old state whole */
	as = build_rich(&f->a, "good", &rel, 1);
	id = save_ok(f->s, as, NOW1).id;
	counts_file(f->path, &before);
	bad = build_rich(&f->a, "good-renamed", &missing, 1);
	bad->id = id;
	bad->translations[0].nblocks = 1;
	save_fail(f->s, bad, &o, ERR_INVAL, &d);
	assert_int_equal(bad->id, id);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	assert_int_equal(store_asset_get(f->s, &f->a, id, &got), ERR_OK);
	assert_content_equal(as, got);
	assert_int_equal(got->revision, 1);
	check_ok(f->s);
}

static void
test_save_invalid(void **state)
{
	struct fx *f = *state;
	struct asset *as;
	struct store_save_opts o = { .now = NOW2 };
	struct counts before, after;
	struct diag d;

	f->s = open_ok(f->path, STORE_CREATE);
	save_related_target(f->s, &f->a);
	counts_file(f->path, &before);

	as = build_rich(&f->a, "ok-slug", NULL, 0);
	as->slug = sdup(&f->a, "");
	save_fail(f->s, as, &o, ERR_INVAL, &d);
	assert_non_null(strstr(d.msg, "slug"));
	assert_int_equal(as->id, 0);

	as = build_rich(&f->a, "Bad Slug", NULL, 0);
	save_fail(f->s, as, &o, ERR_INVAL, &d);

	/* a paragraph with a speaker */
	as = build_rich(&f->a, "para-speaker", NULL, 0);
	as->translations[1].blocks[4].speaker = 0;
	save_fail(f->s, as, &o, ERR_INVAL, &d);
	assert_non_null(strstr(d.msg, "paragraph"));

	/* a related asset named by slug, not resolved to an id */
	as = build_rich(&f->a, "by-slug", NULL, 0);
	as->related_slugs = (char *[]){ sdup(&f->a, "earlier-statement") };
	as->nrelated_slugs = 1;
	save_fail(f->s, as, &o, ERR_INVAL, &d);
	assert_non_null(strstr(d.msg, "earlier-statement"));
	assert_int_equal(as->id, 0);

	/* no translation at all */
	as = build_rich(&f->a, "untranslated", NULL, 0);
	as->ntranslations = 0;
	save_fail(f->s, as, &o, ERR_INVAL, &d);

	/* an asset related to itself */
	as = build_rich(&f->a, "self", NULL, 0);
	save_ok(f->s, as, NOW1);
	as->related = &as->id;
	as->nrelated = 1;
	save_fail(f->s, as, &o, ERR_INVAL, &d);

	/* so nothing of the invalid ones reached the tables */
	counts_file(f->path, &after);
	assert_int_equal(after.asset, before.asset + 1);
	assert_int_equal(after.revision, before.revision + 1);
	assert_int_equal(after.translation, before.translation + 2);
}

static void
test_save_missing_id(void **state)
{
	struct fx *f = *state;
	struct asset *as;
	struct store_save_opts o = { .now = NOW2 };
	struct counts before, after;
	struct diag d;
	int64_t id;

	f->s = open_ok(f->path, STORE_CREATE);
	id = save_related_target(f->s, &f->a);
	counts_file(f->path, &before);
	as = build_rich(&f->a, "ghost", NULL, 0);
	as->id = id + 4242;
	save_fail(f->s, as, &o, ERR_NOTFOUND, &d);
	assert_int_equal(as->id, id + 4242);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
	/* and with expect_revision, still not found rather than a conflict */
	o.expect_revision = 1;
	save_fail(f->s, as, &o, ERR_NOTFOUND, &d);
	counts_file(f->path, &after);
	counts_assert_equal(&before, &after);
}

static void
test_save_persons_shared(void **state)
{
	struct fx *f = *state;
	struct asset *a1, *a2, *got = NULL;
	int64_t id1, id2;
	int sp;

	f->s = open_ok(f->path, STORE_CREATE);
	a1 = build_rich(&f->a, "one", NULL, 0);
	id1 = save_ok(f->s, a1, NOW1).id;
	a2 = build_one(&f->a, "two", "en-GB");
	assert_int_equal(asset_speaker_intern(&f->a, a2, "Sergey Lavrov", NULL,
	    &sp), ERR_OK);
	add_block(&f->a, &a2->translations[0], "t1", BLOCK_TURN,
	    TURN_ROLE_ANSWER, sp, "Yes.");
	id2 = save_ok(f->s, a2, NOW1).id;
	/* re-saving a changed asset does not add persons either */
	a1->place = sdup(&f->a, "Sochi");
	save_ok(f->s, a1, NOW2);

	f->db = db_open(f->path);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM person "
	    "WHERE name = 'Sergey Lavrov'"), 1);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(db_int(f->db, "SELECT count(DISTINCT person_id) FROM "
	    "asset_speaker s JOIN person p ON p.id = s.person_id "
	    "WHERE p.name = 'Sergey Lavrov'"), 1);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM asset_speaker s "
	    "JOIN person p ON p.id = s.person_id "
	    "WHERE p.name = 'Sergey Lavrov'"), 2);

	/* the title belongs to the asset, not the person */
	assert_int_equal(store_asset_get(f->s, &f->a, id2, &got), ERR_OK);
	assert_string_equal(got->speakers[0].name, "Sergey Lavrov");
	assert_null(got->speakers[0].title);
	assert_int_equal(got->translations[0].blocks[2].speaker, 0);
	assert_int_equal(store_asset_get(f->s, &f->a, id1, &got), ERR_OK);
	assert_string_equal(got->speakers[0].title,
	    "Minister of Foreign Affairs");
}

static void
test_find(void **state)
{
	struct fx *f = *state;
	struct asset *a1, *a2;
	int64_t id1, id2, out = 0;

	f->s = open_ok(":memory:", STORE_CREATE);
	a1 = build_rich(&f->a, "has-source", NULL, 0);
	id1 = save_ok(f->s, a1, NOW1).id;
	a2 = build_one(&f->a, "no-source", "ru-RU");
	id2 = save_ok(f->s, a2, NOW1).id;
	assert_int_not_equal(id1, id2);

	assert_int_equal(store_asset_find(f->s, "has-source", NULL, &out),
	    ERR_OK);
	assert_int_equal(out, id1);
	assert_int_equal(store_asset_find(f->s, "no-source", NULL, &out),
	    ERR_OK);
	assert_int_equal(out, id2);
	assert_int_equal(store_asset_find(f->s, NULL, "file:lavrov-2023.txt",
	    &out), ERR_OK);
	assert_int_equal(out, id1);
	/* the slug wins when both are given */
	assert_int_equal(store_asset_find(f->s, "no-source",
	    "file:lavrov-2023.txt", &out), ERR_OK);
	assert_int_equal(out, id2);

	out = 77;
	assert_int_equal(store_asset_find(f->s, "nope", NULL, &out),
	    ERR_NOTFOUND);
	assert_int_equal(store_asset_find(f->s, "has-sourc", NULL, &out),
	    ERR_NOTFOUND);
	assert_int_equal(store_asset_find(f->s, NULL, "file:nope.txt", &out),
	    ERR_NOTFOUND);
	assert_int_equal(store_asset_find(f->s, NULL, "", &out), ERR_NOTFOUND);
	assert_int_equal(out, 77);

	/* after a rename the old slug is gone */
	a2->slug = sdup(&f->a, "renamed");
	save_ok(f->s, a2, NOW2);
	assert_int_equal(store_asset_find(f->s, "no-source", NULL, &out),
	    ERR_NOTFOUND);
	assert_int_equal(store_asset_find(f->s, "renamed", NULL, &out),
	    ERR_OK);
	assert_int_equal(out, id2);
}

/* --- listing ------------------------------------------------------------ */

#define NLIST 30

struct model {
	int64_t id;
	char slug[16];
	int64_t event_at;
	int event_offset;
	enum asset_kind kind;
	int64_t updated_at;
	const char *const *tags;
	size_t ntags;
};

static const char *const pat0[] = { "en-GB" };
static const char *const pat1[] = { "en-US" };
static const char *const pat2[] = { "ru-RU", "en-GB" };
static const char *const pat3[] = { "ar" };
static const char *const pat4[] = { "en-US", "en-GB", "ru-RU" };

static struct model models[NLIST];

/* Thirty assets in five locale patterns, saved out of time order. */
static void
build_list(struct store *s, struct arena *a)
{
	static const struct {
		const char *const *tags;
		size_t n;
	} pats[] = { { pat0, 1 }, { pat1, 1 }, { pat2, 2 }, { pat3, 1 },
		{ pat4, 3 } };

	for (int i = 0; i < NLIST; i++) {
		struct model *m = &models[i];
		struct asset *as;

		snprintf(m->slug, sizeof m->slug, "item-%d", i);
		/* a permutation of 30 minutes, three of them at one time */
		m->event_at = 1600000000 + (int64_t)((i * 7) % NLIST) * 60;
		if (i == 21 || i == 22)
			m->event_at = models[20].event_at;
		m->event_offset = (i % 5 - 2) * 3600;
		m->kind = (enum asset_kind)(i % ASSET_KIND__MAX);
		m->tags = pats[i % 5].tags;
		m->ntags = pats[i % 5].n;
		m->updated_at = NOW1 + i;
		as = build_simple(a, m->slug, m->event_at, m->tags, m->ntags);
		as->event_offset = m->event_offset;
		as->kind = m->kind;
		m->id = save_ok(s, as, m->updated_at).id;
	}
}

static bool
tag_matches(const char *q, const char *tag)
{
	size_t n = strlen(q);

	if (q[0] == '\0' || strcmp(q, tag) == 0)
		return true;
	return strchr(q, '-') == NULL && strncmp(tag, q, n) == 0 &&
	    tag[n] == '-';
}

struct expect {
	const struct model *m;
	const char *tag;	/* the translation listed */
};

static int
expect_cmp(const void *pa, const void *pb)
{
	const struct expect *a = pa, *b = pb;

	if (a->m->event_at != b->m->event_at)
		return a->m->event_at > b->m->event_at ? -1 : 1;
	return a->m->id > b->m->id ? -1 : a->m->id < b->m->id;
}

/* What listing q must give, in order; returns the count. */
static size_t
expected(const char *q, struct expect *out)
{
	size_t n = 0;

	for (int i = 0; i < NLIST; i++)
		for (size_t k = 0; k < models[i].ntags; k++)
			if (tag_matches(q, models[i].tags[k])) {
				out[n].m = &models[i];
				out[n].tag = models[i].tags[k];
				n++;
				break;
			}
	qsort(out, n, sizeof *out, expect_cmp);
	return n;
}

static void
assert_item(const struct expect *x, const struct asset_summary *it)
{
	char want[64];

	assert_int_equal(it->id, x->m->id);
	assert_string_equal(it->slug, x->m->slug);
	assert_int_equal(it->kind, x->m->kind);
	assert_int_equal(it->event_at, x->m->event_at);
	assert_int_equal(it->event_offset, x->m->event_offset);
	assert_string_equal(it->place, "Geneva");
	assert_string_equal(it->locale.tag, x->tag);
	snprintf(want, sizeof want, "Title %s %s", x->m->slug, x->tag);
	assert_string_equal(it->title, want);
	snprintf(want, sizeof want, "Summary %s %s", x->m->slug, x->tag);
	assert_string_equal(it->summary, want);
	snprintf(want, sizeof want, "Lead %s %s", x->m->slug, x->tag);
	assert_string_equal(it->lead, want);
	assert_int_equal(it->updated_at, x->m->updated_at);
}

/* Walks every page of q with page size limit, one page past the end. */
static void
check_listing(struct store *s, struct arena *a, const char *q, size_t limit)
{
	struct expect want[NLIST];
	struct store_list_query lq = { .limit = limit };
	size_t n = expected(q, want);

	snprintf(lq.locale.tag, sizeof lq.locale.tag, "%s", q);
	for (lq.offset = 0; lq.offset <= n + limit; lq.offset += limit) {
		struct store_list l = { .total = 9999 };
		size_t page = lq.offset < n ? n - lq.offset : 0;

		if (page > limit)
			page = limit;
		arena_reset(a);
		assert_int_equal(store_asset_list(s, a, &lq, &l), ERR_OK);
		assert_int_equal(l.total, n);
		assert_int_equal(l.nitems, page);
		for (size_t i = 0; i < l.nitems; i++)
			assert_item(&want[lq.offset + i], &l.items[i]);
	}
	/*
	 * The same pages resumed after an item of the list (the last of the
	 * page before, or of the page two before with offset limit), with
	 * the total given instead of counted
	 */
	for (size_t at = limit; at < n + limit; at += limit) {
		for (size_t back = 1; back <= 2 && back * limit <= at;
		    back++) {
			struct store_list_query rq = lq;
			struct store_list l = { .total = 9999 };
			const struct expect *prev;
			size_t page = at < n ? n - at : 0;

			if (at - back * limit + limit - 1 >= n)
				continue;	/* no such item to resume after */
			prev = &want[at - back * limit + limit - 1];
			if (page > limit)
				page = limit;
			rq.after_event_at = prev->m->event_at;
			rq.after_id = prev->m->id;
			rq.offset = (back - 1) * limit;
			rq.total_known = true;
			rq.total = 7777;
			arena_reset(a);
			assert_int_equal(store_asset_list(s, a, &rq, &l),
			    ERR_OK);
			assert_int_equal(l.total, 7777);
			assert_int_equal(l.nitems, page);
			for (size_t i = 0; i < l.nitems; i++)
				assert_item(&want[at + i], &l.items[i]);
		}
	}
}

static void
test_list(void **state)
{
	struct fx *f = *state;
	static const char *const queries[] = { "en-GB", "en-US", "ru-RU",
		"ar", "en", "ru", "", "e", "eng", "en-", "fr", "en-AU",
		"ru-RU-x-a", "a", "arb" };
	static const size_t limits[] = { 1, 3, 7, 30, LIMIT_LIST_PAGE_SIZE };
	struct expect want[NLIST];

	f->s = open_ok(f->path, STORE_CREATE);
	build_list(f->s, &f->a);
	/* the model itself: what each query must return */
	assert_int_equal(expected("en-GB", want), 18);
	assert_int_equal(expected("en", want), 24);
	assert_int_equal(expected("", want), NLIST);
	assert_int_equal(expected("e", want), 0);
	assert_int_equal(expected("eng", want), 0);
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++)
			check_listing(f->s, &f->a, queries[q], limits[k]);
}

/*
 * An asset as a listing shows it: in the exact locale asked, else one of
 * the same language, else its first translation; lead is that
 * translation's first block; unknown ids are ERR_NOTFOUND.
 */
static void
test_summary_get(void **state)
{
	struct fx *f = *state;
	static const char *const tags[] = { "ru-RU", "en-US", "en-GB" };
	struct asset_summary s;
	struct asset *as;
	struct locale l;
	int64_t id;

	f->s = open_ok(":memory:", STORE_CREATE);
	as = build_simple(&f->a, "three", 1600000000, tags, 3);
	as->status = ASSET_PUBLISHED;
	as->publish_at = NOW1 - 5;
	id = save_ok(f->s, as, NOW1).id;
	l = loc("en-GB");
	assert_int_equal(store_asset_summary_get(f->s, &f->a, id, &l, &s),
	    ERR_OK);
	assert_int_equal(s.id, id);
	assert_string_equal(s.slug, "three");
	assert_string_equal(s.place, "Geneva");
	assert_int_equal(s.event_at, 1600000000);
	assert_int_equal(s.status, ASSET_PUBLISHED);
	assert_int_equal(s.publish_at, NOW1 - 5);
	assert_int_equal(s.updated_at, NOW1);
	assert_string_equal(s.locale.tag, "en-GB");
	assert_string_equal(s.title, "Title three en-GB");
	assert_string_equal(s.summary, "Summary three en-GB");
	assert_string_equal(s.lead, "Lead three en-GB");
	l = loc("en-AU");	/* same language: the first English one */
	assert_int_equal(store_asset_summary_get(f->s, &f->a, id, &l, &s),
	    ERR_OK);
	assert_string_equal(s.locale.tag, "en-US");
	assert_string_equal(s.lead, "Lead three en-US");
	l = loc("ar");		/* none: the first translation */
	assert_int_equal(store_asset_summary_get(f->s, &f->a, id, &l, &s),
	    ERR_OK);
	assert_string_equal(s.locale.tag, "ru-RU");
	assert_string_equal(s.title, "Title three ru-RU");
	assert_int_equal(store_asset_summary_get(f->s, &f->a, id + 1, &l,
	    &s), ERR_NOTFOUND);
}

/*
 * A snapshot sees the store as it was when it began, whatever another
 * connection commits meanwhile, and the new state once it ends; one at a
 * time, and not inside a batch.
 */
static void
test_snapshot(void **state)
{
	struct fx *f = *state;
	static const char *const tags[] = { "en-GB" };
	struct store_list_query q = { .limit = 10 };
	struct store_list l;

	f->s = open_ok(f->path, STORE_CREATE);
	f->s2 = open_ok(f->path, 0);
	save_ok(f->s, build_simple(&f->a, "first", 1600000000, tags, 1), NOW1);
	assert_int_equal(store_snapshot_end(f->s), ERR_INVAL);
	assert_int_equal(store_snapshot_begin(f->s), ERR_OK);
	assert_int_equal(store_snapshot_begin(f->s), ERR_CONFLICT);
	assert_int_equal(store_batch_begin(f->s), ERR_CONFLICT);
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 1);
	save_ok(f->s2, build_simple(&f->a, "second", 1600000060, tags, 1),
	    NOW1 + 1);
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.nitems, 1);
	assert_int_equal(store_snapshot_end(f->s), ERR_OK);
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 2);
	assert_int_equal(l.nitems, 2);
	assert_int_equal(store_batch_begin(f->s), ERR_OK);
	assert_int_equal(store_snapshot_begin(f->s), ERR_CONFLICT);
	assert_int_equal(store_batch_end(f->s, false), ERR_OK);
}

/* The spelled-out answers for a few queries, in case the model is wrong. */
static void
test_list_spelled_out(void **state)
{
	struct fx *f = *state;
	struct store_list_query q = { .limit = LIMIT_LIST_PAGE_SIZE };
	struct store_list l;
	int seen[NLIST + 1] = { 0 };

	f->s = open_ok(":memory:", STORE_CREATE);
	build_list(f->s, &f->a);

	/* "en": item-4 has en-US and en-GB and shows once, in en-US */
	snprintf(q.locale.tag, sizeof q.locale.tag, "en");
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 24);
	assert_int_equal(l.nitems, 24);
	for (size_t i = 0; i < l.nitems; i++) {
		assert_true(l.items[i].id >= 1 && l.items[i].id <= NLIST);
		assert_int_equal(seen[l.items[i].id]++, 0);
		assert_int_equal(strncmp(l.items[i].locale.tag, "en-", 3), 0);
		if (i > 0) {
			assert_true(l.items[i - 1].event_at >=
			    l.items[i].event_at);
			if (l.items[i - 1].event_at == l.items[i].event_at)
				assert_true(l.items[i - 1].id > l.items[i].id);
		}
		if (strcmp(l.items[i].slug, "item-4") == 0)
			assert_string_equal(l.items[i].locale.tag, "en-US");
		if (strcmp(l.items[i].slug, "item-2") == 0) {
			assert_string_equal(l.items[i].locale.tag, "en-GB");
			assert_string_equal(l.items[i].lead,
			    "Lead item-2 en-GB");
		}
	}
	/* item-20, 21, 22 share a time: highest id first */
	snprintf(q.locale.tag, sizeof q.locale.tag, "%s", "");
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, NLIST);
	for (size_t i = 0; i + 2 < l.nitems; i++)
		if (strcmp(l.items[i].slug, "item-22") == 0) {
			assert_string_equal(l.items[i + 1].slug, "item-21");
			assert_string_equal(l.items[i + 2].slug, "item-20");
		}
	/* the newest: item-17 at minute (17 * 7) % 30 = 29 */
	assert_string_equal(l.items[0].slug, "item-17");
	/* "" shows item-2 in its first translation */
	for (size_t i = 0; i < l.nitems; i++)
		if (strcmp(l.items[i].slug, "item-2") == 0)
			assert_string_equal(l.items[i].title,
			    "Title item-2 ru-RU");

	/* "e" and "eng" are not prefixes of "en-GB" */
	snprintf(q.locale.tag, sizeof q.locale.tag, "e");
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.nitems, 0);
	snprintf(q.locale.tag, sizeof q.locale.tag, "eng");
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.nitems, 0);
}

static void
test_list_limits(void **state)
{
	struct fx *f = *state;
	struct store_list_query q = { .limit = 0 };
	struct store_list l = { 0 };

	f->s = open_ok(":memory:", STORE_CREATE);
	/* an empty store lists nothing */
	q.limit = 10;
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.nitems, 0);
	save_ok(f->s, build_one(&f->a, "only", "en-GB"), NOW1);
	q.limit = 0;
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_LIMIT);
	q.limit = LIMIT_LIST_PAGE_SIZE + 1;
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_LIMIT);
	q.limit = SIZE_MAX;
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_LIMIT);
	q.limit = LIMIT_LIST_PAGE_SIZE;
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.nitems, 1);
}

struct lc_want {
	const char *tag;
	size_t count;
};

static void
test_locales(void **state)
{
	struct fx *f = *state;
	struct store_locale_count *lc = NULL;
	size_t n = 99;
	/* 18 en-GB, 12 en-US and 12 ru-RU (tie: by tag), 6 ar */
	static const struct lc_want want[] = { { "en-GB", 18 },
		{ "en-US", 12 }, { "ru-RU", 12 }, { "ar", 6 } };

	f->s = open_ok(":memory:", STORE_CREATE);
	assert_int_equal(store_locales(f->s, &f->a, NULL, &lc, &n), ERR_OK);
	assert_int_equal(n, 0);
	build_list(f->s, &f->a);
	assert_int_equal(store_locales(f->s, &f->a, NULL, &lc, &n), ERR_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(lc[i].locale.tag, want[i].tag);
		assert_int_equal(lc[i].count, want[i].count);
	}
	/* 13 assets in zh-Hant-TW put it second */
	for (int i = 0; i < 13; i++) {
		char slug[16];

		snprintf(slug, sizeof slug, "zh-%d", i);
		save_ok(f->s, build_one(&f->a, slug, "zh-Hant-TW"), NOW1);
	}
	assert_int_equal(store_locales(f->s, &f->a, NULL, &lc, &n), ERR_OK);
	assert_int_equal(n, 5);
	assert_string_equal(lc[0].locale.tag, "en-GB");
	assert_string_equal(lc[1].locale.tag, "zh-Hant-TW");
	assert_int_equal(lc[1].count, 13);
	assert_string_equal(lc[2].locale.tag, "en-US");
	assert_string_equal(lc[3].locale.tag, "ru-RU");
	assert_string_equal(lc[4].locale.tag, "ar");
}

/* --- generation and check ----------------------------------------------- */

static void
test_generation(void **state)
{
	struct fx *f = *state;
	struct asset *a1, *a2, *dupe;
	struct store_save_opts o = { .now = NOW2 };
	struct store_save_result r;
	struct diag d;
	uint64_t g0, g1, g2, g3;

	f->s = open_ok(f->path, STORE_CREATE);
	f->s2 = open_ok(f->path, 0);
	g0 = gen(f->s);
	assert_int_equal(gen(f->s), g0);
	assert_int_equal(gen(f->s2), g0);

	/* a save on this connection */
	a1 = build_rich(&f->a, "gen-one", NULL, 0);
	save_ok(f->s, a1, NOW1);
	g1 = gen(f->s);
	assert_true(g1 != g0);
	assert_int_equal(gen(f->s2), g1);

	/* a save on another connection */
	a2 = build_one(&f->a, "gen-two", "en-GB");
	save_ok(f->s2, a2, NOW1);
	g2 = gen(f->s);
	assert_true(g2 != g1 && g2 != g0);
	assert_int_equal(gen(f->s2), g2);

	/* no writes, unchanged saves and failed saves do not move it */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(gen(f->s), g2);
		assert_int_equal(gen(f->s2), g2);
	}
	r = save_ok(f->s, a1, NOW2);
	assert_false(r.changed);
	r = save_ok(f->s2, a2, NOW2);
	assert_false(r.changed);
	dupe = build_one(&f->a, "gen-one", "ar");
	save_fail(f->s2, dupe, &o, ERR_CONFLICT, &d);
	assert_int_equal(gen(f->s), g2);
	assert_int_equal(gen(f->s2), g2);

	/* an update on the other connection, then one here */
	a2->place = sdup(&f->a, "Vienna");
	save_ok(f->s2, a2, NOW2);
	g3 = gen(f->s);
	assert_true(g3 != g2 && g3 != g1 && g3 != g0);
	assert_int_equal(gen(f->s2), g3);
	a1->place = sdup(&f->a, "Vienna");
	save_ok(f->s, a1, NOW3);
	assert_true(gen(f->s) != g3);
	assert_int_equal(gen(f->s), gen(f->s2));

	/* a connection opened later agrees */
	store_close(f->s);
	f->s = NULL;
	f->s = open_ok(f->path, 0);
	assert_int_equal(gen(f->s), gen(f->s2));
}

static void
test_check(void **state)
{
	struct fx *f = *state;
	struct diag d;
	int64_t rel, id;

	f->s = open_ok(f->path, STORE_CREATE);
	check_ok(f->s);
	rel = save_related_target(f->s, &f->a);
	id = save_ok(f->s, build_rich(&f->a, "checked", &rel, 1), NOW1).id;
	check_ok(f->s);
	assert_true(id > rel);

	/* a related row pointing nowhere, written behind the store's back */
	f->db = db_open(f->path);
	db_exec(f->db, "PRAGMA foreign_keys = OFF;"
	    "INSERT INTO related(asset_id, position, related_id) "
	    "VALUES (1, 5, 999)");
	diag_init(&d, NULL);
	assert_int_equal(store_check(f->s, &d), ERR_CORRUPT);
	assert_non_null(strstr(d.msg, "foreign key"));
	db_exec(f->db, "DELETE FROM related WHERE related_id = 999");
	check_ok(f->s);
}

/* --- two writers at once ------------------------------------------------ */

#define WRITERS 2
#define WRITER_SAVES 200

struct writer {
	const char *path;
	int k;
	int fails;
	char msg[DIAG_MSG_MAX + 64];
};

/* One connection: creates an asset then changes it, 100 times over. */
static void *
writer_main(void *arg)
{
	struct writer *w = arg;
	struct store *s = NULL;
	struct arena a;
	struct diag d;
	struct asset *as = NULL;
	enum err e;

	diag_init(&d, NULL);
	if ((e = store_open(w->path, 0, &s, &d)) != ERR_OK) {
		w->fails++;
		snprintf(w->msg, sizeof w->msg, "open: %s", d.msg);
		return NULL;
	}
	arena_init(&a, ARENA_CAP);
	for (int i = 0; i < WRITER_SAVES; i++) {
		struct store_save_opts o = { .now = NOW1 + i };
		struct store_save_result r;
		char slug[32];
		int sp;

		if (i % 2 == 0) {
			arena_reset(&a);
			snprintf(slug, sizeof slug, "w%d-%d", w->k, i);
			as = build_simple(&a, slug, 1600000000 + i,
			    (const char *const[]){ "en-GB" }, 1);
			if (asset_speaker_intern(&a, as, "Sergey Lavrov", NULL,
			    &sp) != ERR_OK)
				w->fails++;
		} else {
			as->place = arena_printf(&a, "Place %d", i);
		}
		diag_init(&d, NULL);
		e = store_asset_save(s, as, &o, &r, &d);
		if (e != ERR_OK || !r.changed || r.created != (i % 2 == 0) ||
		    r.revision != 1 + i % 2) {
			if (w->fails++ == 0)
				snprintf(w->msg, sizeof w->msg,
				    "save %d: %s: %s", i, err_str(e), d.msg);
		}
	}
	arena_release(&a);
	store_close(s);
	return NULL;
}

static void
test_two_writers(void **state)
{
	struct fx *f = *state;
	pthread_t th[WRITERS];
	struct writer w[WRITERS];
	struct store_list_query q = { .limit = 10 };
	struct store_list l;
	struct counts c;
	uint64_t g0;

	f->s = open_ok(f->path, STORE_CREATE);
	g0 = gen(f->s);
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){ .path = f->path, .k = i };
		assert_int_equal(pthread_create(&th[i], NULL, writer_main,
		    &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < WRITERS; i++) {
		if (w[i].fails > 0)
			print_error("writer %d: %d failures, first: %s\n", i,
			    w[i].fails, w[i].msg);
		assert_int_equal(w[i].fails, 0);
	}
	counts_file(f->path, &c);
	assert_int_equal(c.asset, WRITERS * WRITER_SAVES / 2);
	assert_int_equal(c.revision, WRITERS * WRITER_SAVES);
	assert_int_equal(c.translation, WRITERS * WRITER_SAVES / 2);
	assert_int_equal(c.block, WRITERS * WRITER_SAVES);
	assert_int_equal(c.person, 1);
	assert_int_equal(c.speaker, WRITERS * WRITER_SAVES / 2);
	assert_int_equal(gen(f->s), g0 + WRITERS * WRITER_SAVES);
	assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
	assert_int_equal(l.total, WRITERS * WRITER_SAVES / 2);
	check_ok(f->s);
}

/* --- allocation failure ------------------------------------------------- */

static void
test_nomem_open(void **state)
{
	struct store *s;
	struct diag d;
	enum err e;
	long n;

	(void)state;
	for (n = 1; n < 10000; n++) {
		s = NULL;
		diag_init(&d, NULL);
		mem_fail_after(n);
		e = store_open(":memory:", STORE_CREATE, &s, &d);
		mem_fail_after(0);
		if (e == ERR_OK)
			break;
		assert_int_equal(e, ERR_NOMEM);
		assert_null(s);
	}
	assert_true(n > 1);
	assert_non_null(s);
	check_ok(s);
	store_close(s);
}

/*
 * Saves as into s with the n-th allocation failing, for n = 1, 2... until
 * the save goes through. After each failure the store holds exactly what
 * it held before (the counts of its connection db) and passes its check.
 * Returns how many saves failed.
 */
static long
save_until_ok(struct store *s, sqlite3 *db, struct asset *as,
    struct store_save_result *r)
{
	struct store_save_opts o = { .author = "nomem", .now = NOW2 };
	struct counts before, after;
	int64_t id_before = as->id;
	struct diag d;
	enum err e;
	bool hit;
	long n;

	counts_get(db, &before);
	for (n = 1; n < 100000; n++) {
		diag_init(&d, NULL);
		mem_fail_after(n);
		e = store_asset_save(s, as, &o, r, &d);
		hit = mem_failed();
		mem_fail_after(0);
		if (e == ERR_OK)
			break;
		if (e != ERR_NOMEM)
			print_error("n=%ld: %s: %s\n", n, err_str(e), d.msg);
		assert_int_equal(e, ERR_NOMEM);
		assert_true(hit);
		assert_int_equal(as->id, id_before);
		counts_get(db, &after);
		counts_assert_equal(&before, &after);
		check_ok(s);
	}
	assert_int_equal(e, ERR_OK);
	return n - 1;
}

static void
test_nomem_save(void **state)
{
	struct fx *f = *state;
	struct asset *as, *v2, *got = NULL;
	struct store_save_result r;
	struct counts c;
	sqlite3 *db = NULL;
	struct diag d;
	int64_t rel, out;

	diag_init(&d, NULL);
	assert_int_equal(open_caught(":memory:", STORE_CREATE, &f->s, &db, &d),
	    ERR_OK);
	assert_non_null(db);
	rel = save_related_target(f->s, &f->a);

	/* a new asset: absent after every failure, whole after success */
	as = build_rich(&f->a, "under-pressure", &rel, 1);
	assert_true(save_until_ok(f->s, db, as, &r) > 0);
	assert_true(r.created);
	assert_int_equal(store_asset_find(f->s, "under-pressure", NULL, &out),
	    ERR_OK);
	assert_int_equal(out, r.id);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(as, got);
	counts_get(db, &c);
	assert_int_equal(c.asset, 2);
	assert_int_equal(c.revision, 2);

	/* an update: revision 1 whole after every failure */
	v2 = build_rich(&f->a, "under-pressure", &rel, 1);
	v2->id = r.id;
	v2->translations[0].title = sdup(&f->a, "Другой заголовок");
	v2->ntranslations = 1;
	assert_true(save_until_ok(f->s, db, v2, &r) > 0);
	assert_int_equal(r.revision, 2);
	assert_int_equal(store_asset_get(f->s, &f->a, r.id, &got), ERR_OK);
	assert_content_equal(v2, got);
	got = NULL;
	assert_int_equal(store_revision_get(f->s, &f->a, r.id, 1, &got),
	    ERR_OK);
	assert_content_equal(as, got);
	check_ok(f->s);
}

/* Reads under allocation failure: ERR_NOMEM, nothing leaked, then OK. */
static void
test_nomem_read(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got;
	struct store_list_query q = { .limit = 10 };
	struct store_list l;
	struct store_revision *revs;
	struct store_locale_count *lc;
	struct arena a;
	size_t n;
	int64_t id;
	long fails = 0;

	f->s = open_ok(":memory:", STORE_CREATE);
	as = build_rich(&f->a, "read-me", NULL, 0);
	id = save_ok(f->s, as, NOW1).id;
	for (int op = 0; op < 3; op++) {
		for (long k = 1; k < 100000; k++) {
			enum err e = ERR_OK;

			arena_init(&a, ARENA_CAP);
			got = NULL;
			mem_fail_after(k);
			switch (op) {
			case 0:
				e = store_asset_get(f->s, &a, id, &got);
				break;
			case 1:
				e = store_asset_list(f->s, &a, &q, &l);
				break;
			default:
				e = store_revisions(f->s, &a, id, &revs, &n);
				break;
			}
			mem_fail_after(0);
			if (e == ERR_OK) {
				if (got != NULL)
					assert_content_equal(as, got);
				arena_release(&a);
				break;
			}
			if (e != ERR_NOMEM)
				print_error("op %d, allocation %ld: %s (%s)\n",
				    op, k, err_str(e), store_errmsg(f->s));
			assert_int_equal(e, ERR_NOMEM);
			fails++;
			arena_release(&a);
		}
	}
	assert_true(fails >= 3);
	assert_int_equal(store_locales(f->s, &f->a, NULL, &lc, &n), ERR_OK);
	check_ok(f->s);
}

/*
 * An old revision is parsed from its JSON: running out of memory there is
 * ERR_NOMEM too, not a corrupt revision.
 */
static void
test_nomem_revision_get(void **state)
{
	struct fx *f = *state;
	struct asset *as, *got;
	struct arena a;
	enum err e = ERR_OK;
	long k;

	f->s = open_ok(":memory:", STORE_CREATE);
	as = build_rich(&f->a, "read-me", NULL, 0);
	save_ok(f->s, as, NOW1);
	for (k = 1; k < 100000; k++) {
		arena_init(&a, ARENA_CAP);
		got = NULL;
		mem_fail_after(k);
		e = store_revision_get(f->s, &a, as->id, 1, &got);
		mem_fail_after(0);
		if (e == ERR_OK) {
			assert_content_equal(as, got);
			arena_release(&a);
			break;
		}
		arena_release(&a);
		if (e != ERR_NOMEM)
			print_error("allocation %ld: %s (%s)\n", k, err_str(e),
			    store_errmsg(f->s));
		assert_int_equal(e, ERR_NOMEM);
	}
	assert_int_equal(e, ERR_OK);
	assert_true(k > 1);
}

/*
 * The SQL twin of asset_visibility() (SQL_VISIBLE in sql.c) must agree
 * with it: every status at publication times before, at and after each
 * instant asked about. Also store_locales and store_next_publish.
 */
static void
test_visibility_agrees(void **state)
{
	struct fx *f = *state;
	static const int64_t times[] = { 1000, 2000, 3000 };
	static const int64_t nows[] = { 999, 1000, 1500, 2000, 2999, 3000,
		4000 };
	int64_t ids[ASSET_STATUS__MAX][3];
	enum asset_status st[ASSET_STATUS__MAX][3];
	int64_t pub[ASSET_STATUS__MAX][3];
	int n = 0;

	f->s = open_ok(f->path, STORE_CREATE);
	for (int k = 0; k < ASSET_STATUS__MAX; k++)
		for (int i = 0; i < 3; i++) {
			char slug[32];
			struct asset *as;

			snprintf(slug, sizeof slug, "vis-%d-%d", k, i);
			as = build_one(&f->a, slug, "en-GB");
			as->status = (enum asset_status)k;
			as->publish_at = times[i];
			if (as->status == ASSET_WITHDRAWN)
				as->withdraw_reason = sdup(&f->a, "why");
			save_ok(f->s, as, 500);
			ids[k][i] = as->id;
			st[k][i] = as->status;
			pub[k][i] = as->publish_at;
			n++;
		}
	for (size_t w = 0; w < sizeof nows / sizeof nows[0]; w++) {
		struct store_list_query q = { .limit = 100 };
		struct store_list l;
		struct store_locale_count *lc;
		size_t nlc, want = 0;
		int64_t next;
		enum err e;

		q.scope.public = true;
		q.scope.now = nows[w];
		assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
		for (int k = 0; k < ASSET_STATUS__MAX; k++)
			for (int i = 0; i < 3; i++) {
				bool vis = asset_visibility(st[k][i], pub[k][i],
				    nows[w]) == VIS_PUBLIC;
				bool listed = false;

				for (size_t j = 0; j < l.nitems; j++)
					if (l.items[j].id == ids[k][i])
						listed = true;
				if (vis != listed)
					fail_msg("status %d publish_at %lld at "
					    "%lld: visible %d, listed %d", k,
					    (long long)pub[k][i],
					    (long long)nows[w], vis, listed);
				want += vis;
			}
		assert_int_equal(l.total, want);
		assert_int_equal(l.nitems, want);
		assert_int_equal(store_locales(f->s, &f->a, &q.scope, &lc,
		    &nlc), ERR_OK);
		assert_int_equal(nlc, want > 0 ? 1 : 0);
		if (want > 0)
			assert_int_equal(lc[0].count, want);
		e = store_next_publish(f->s, nows[w], &next);
		if (nows[w] >= 3000) {
			assert_int_equal(e, ERR_NOTFOUND);
		} else {
			assert_int_equal(e, ERR_OK);
			assert_int_equal(next, nows[w] < 1000 ? 1000 :
			    nows[w] < 2000 ? 2000 : 3000);
		}
	}
	/* an editor's scope sees all of them */
	{
		struct store_list_query q = { .limit = 100 };
		struct store_list l;

		assert_int_equal(store_asset_list(f->s, &f->a, &q, &l), ERR_OK);
		assert_int_equal((int)l.total, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
		T(test_open_create_file),
		T(test_open_memory),
		T(test_open_missing),
		T(test_open_postgres_reserved),
		T(test_open_pragmas),
		T(test_open_foreign),
		T(test_open_not_sqlite),
		T(test_open_newer),
		T(test_open_migrates_once),
		T(test_open_readonly),
		T(test_open_concurrent_migration),
		T(test_save_create_get),
		T(test_save_minimal),
		T(test_save_clock),
		T(test_save_unchanged),
		T(test_save_revisions),
		T(test_save_expect_revision),
		T(test_save_duplicate_slug),
		T(test_save_duplicate_source),
		T(test_save_related_missing),
		T(test_save_invalid),
		T(test_save_missing_id),
		T(test_save_persons_shared),
		T(test_find),
		T(test_list),
		T(test_list_spelled_out),
		T(test_summary_get),
		T(test_snapshot),
		T(test_list_limits),
		T(test_visibility_agrees),
		T(test_locales),
		T(test_generation),
		T(test_check),
		T(test_two_writers),
		T(test_nomem_open),
		T(test_nomem_save),
		T(test_nomem_read),
		T(test_nomem_revision_get),
#undef T
	};

	asset_json_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
