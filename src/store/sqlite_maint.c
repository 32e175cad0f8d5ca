/*
 * sqlite_maint.c - the SQLite backend's upkeep: online backup to a file and
 * WAL checkpoints.
 *
 * The backup copies pages with SQLite's online backup API from one read
 * transaction held on the store's connection, so the copy is one snapshot
 * however long it takes and however much others write (in WAL mode a
 * reader blocks nobody). It writes a temporary file next to the target,
 * checks it by opening it as a store, syncs it and renames it into place.
 * Does not restore: a restore is a file copy made while the database is
 * closed (docs/OPERATIONS.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "pressroom/store.h"
#include "sqlite_internal.h"
#include "pressroom/banned.h"

#define BACKUP_PATH_MAX 4096

/* fsync a file or a directory by name; false with errno set. */
static bool
sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) |
	    O_CLOEXEC);
	int rc, saved;

	if (fd < 0)
		return false;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc == 0;
}

/* Removes a temporary database and whatever SQLite left beside it. */
static void
remove_tmp(const char *tmp)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	char p[BACKUP_PATH_MAX + 16];

	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, sizeof p, "%s%s", tmp, sfx[i]);
		unlink(p);
	}
}

/*
 * ERR_OK when a backup may be written to path: it does not exist, or
 * force is set and it is a regular file other than the database, with
 * no "-wal" file in use beside it.
 */
static enum err
check_target(struct store *s, const char *path, bool force, struct diag *d)
{
	const char *db = sqlite3_db_filename(sqlite_db(s), "main");
	struct stat tst, dst;
	char wal[BACKUP_PATH_MAX + 8];

	if (path[0] == '\0' || strlen(path) >= BACKUP_PATH_MAX) {
		diag_set(d, 0, 0, "backup: bad file name");
		return ERR_INVAL;
	}
	snprintf(wal, sizeof wal, "%s-wal", path);
	/* SQLite would apply a log left there to whatever file is there */
	if (stat(wal, &tst) == 0 && tst.st_size > 0) {
		diag_set(d, 0, 0, "%s exists: %s looks like a database in "
		    "use, which a backup must not replace", wal, path);
		return ERR_INVAL;
	}
	if (stat(path, &tst) != 0) {
		if (errno == ENOENT)
			return ERR_OK;
		diag_set(d, 0, 0, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	if (db != NULL && db[0] != '\0' && stat(db, &dst) == 0 &&
	    dst.st_dev == tst.st_dev && dst.st_ino == tst.st_ino) {
		diag_set(d, 0, 0, "%s is the database itself", path);
		return ERR_INVAL;
	}
	if (!force) {
		diag_set(d, 0, 0, "%s exists (--force replaces it)", path);
		return ERR_CONFLICT;
	}
	if (!S_ISREG(tst.st_mode)) {
		diag_set(d, 0, 0, "%s is not a regular file", path);
		return ERR_INVAL;
	}
	return ERR_OK;
}

/* Copies every page of the held snapshot to the database file tmp. */
static enum err
copy_pages(struct store *s, const char *tmp, struct store_backup_result *res,
    struct diag *d)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int rc, waited = 0;
	enum err e = ERR_OK;

	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		diag_set(d, 0, 0, "%s: %s", tmp, dst != NULL ?
		    sqlite3_errmsg(dst) : "out of memory");
		e = (rc & 0xff) == SQLITE_NOMEM ? ERR_NOMEM : ERR_IO;
		goto out;
	}
	bk = sqlite3_backup_init(dst, "main", sqlite_db(s), "main");
	if (bk == NULL) {
		diag_set(d, 0, 0, "backup: %s", sqlite3_errmsg(dst));
		e = ERR_DB;
		goto out;
	}
	for (;;) {
		rc = sqlite3_backup_step(bk, STORE_BACKUP_STEP_PAGES);
		res->steps++;
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		/* the copy is ours alone; wait like any other connection */
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    waited < SQLITE_STORE_BUSY_MS) {
			sqlite3_sleep(10);
			waited += 10;
			continue;
		}
		break;
	}
	res->pages = sqlite3_backup_pagecount(bk);
	rc = sqlite3_backup_finish(bk);
	if (rc != SQLITE_OK) {
		diag_set(d, 0, 0, "backup: %s", sqlite3_errstr(rc));
		e = (rc & 0xff) == SQLITE_NOMEM ? ERR_NOMEM :
		    (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ?
		    ERR_IO : ERR_DB;
	}
out:
	if (dst != NULL && sqlite3_close(dst) != SQLITE_OK && e == ERR_OK) {
		diag_set(d, 0, 0, "%s: cannot close the copy", tmp);
		e = ERR_IO;
	}
	return e;
}

/* Opens the copy as a store and runs its integrity check. */
static enum err
check_copy(const char *tmp, struct diag *d)
{
	struct store *c = NULL;
	struct diag cd;
	enum err e;

	diag_init(&cd, NULL);
	e = store_open(tmp, 0, &c, &cd);
	if (e == ERR_OK)
		e = store_check(c, &cd);
	store_close(c);
	if (e != ERR_OK) {
		diag_set(d, 0, 0, "the copy fails its check, nothing was "
		    "written: %s", cd.msg);
		return e == ERR_NOMEM || e == ERR_IO ? e : ERR_CORRUPT;
	}
	return ERR_OK;
}

/* Moves the checked copy to path: atomically, never over a file that
 * appeared meanwhile unless force. */
static enum err
place(const char *tmp, const char *path, bool force, struct diag *d)
{
	if (!force) {
		if (link(tmp, path) == 0) {
			unlink(tmp);
			return ERR_OK;
		}
		if (errno == EEXIST) {
			diag_set(d, 0, 0, "%s exists (--force replaces it)",
			    path);
			return ERR_CONFLICT;
		}
		/* file systems without hard links: a rename will do */
		if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS) {
			diag_set(d, 0, 0, "%s: %s", path, strerror(errno));
			return ERR_IO;
		}
		if (access(path, F_OK) == 0) {
			diag_set(d, 0, 0, "%s exists (--force replaces it)",
			    path);
			return ERR_CONFLICT;
		}
	}
	if (rename(tmp, path) != 0) {
		diag_set(d, 0, 0, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	return ERR_OK;
}

enum err
sqlite_backup(struct store *s, const char *path, unsigned flags,
    struct store_backup_result *res, struct diag *d)
{
	bool force = (flags & STORE_BACKUP_FORCE) != 0;
	char tmp[BACKUP_PATH_MAX + 16], dir[BACKUP_PATH_MAX];
	const char *slash;
	struct stat st;
	bool snapshot = false, made = false;
	enum err e;
	int fd;

	memset(res, 0, sizeof *res);
	if ((e = check_target(s, path, force, d)) != ERR_OK)
		return e;
	if (!sqlite3_get_autocommit(sqlite_db(s))) {
		diag_set(d, 0, 0, "backup: a transaction is open on this "
		    "connection");
		return ERR_CONFLICT;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag_set(d, 0, 0, "%s: cannot create a file beside it: %s",
		    path, strerror(errno));
		return ERR_IO;
	}
	close(fd);
	made = true;
	/*
	 * The snapshot: a read transaction held from before the first page
	 * until after the last, so backup_step never sees another
	 * connection's commit (which would restart the copy) and every page
	 * comes from the same instant.
	 */
	if ((e = sqlite_script(s, sql_text(SQL_READ_BEGIN))) != ERR_OK) {
		diag_set(d, 0, 0, "backup: %s", store_errmsg(s));
		goto out;
	}
	snapshot = true;
	if ((e = sqlite_script(s, sql_text(SQL_HEADER))) != ERR_OK) {
		diag_set(d, 0, 0, "backup: %s", store_errmsg(s));
		goto out;
	}
	e = copy_pages(s, tmp, res, d);
	sqlite_script(s, sql_text(SQL_COMMIT));
	snapshot = false;
	if (e != ERR_OK)
		goto out;
	if ((e = check_copy(tmp, d)) != ERR_OK)
		goto out;
	if (!sync_path(tmp, false) || stat(tmp, &st) != 0) {
		diag_set(d, 0, 0, "%s: %s", tmp, strerror(errno));
		e = ERR_IO;
		goto out;
	}
	res->bytes = (int64_t)st.st_size;
	if ((e = place(tmp, path, force, d)) != ERR_OK)
		goto out;
	made = false;
	slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!sync_path(dir, true)) {
		diag_set(d, 0, 0, "%s: cannot sync the directory: %s", dir,
		    strerror(errno));
		e = ERR_IO;
	}
out:
	if (snapshot)
		sqlite_script(s, sql_text(SQL_ROLLBACK));
	if (made)
		remove_tmp(tmp);
	return e;
}

enum err
sqlite_checkpoint(struct store *s, unsigned wait_ms,
    struct store_checkpoint *out)
{
	sqlite3 *db = sqlite_db(s);
	int log = -1, done = -1, rc;

	memset(out, 0, sizeof *out);
	sqlite3_busy_timeout(db, wait_ms > (unsigned)SQLITE_STORE_BUSY_MS ?
	    SQLITE_STORE_BUSY_MS : (int)wait_ms);
	rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE,
	    &log, &done);
	sqlite3_busy_timeout(db, SQLITE_STORE_BUSY_MS);
	out->log_frames = log;
	out->checkpointed = done;
	if ((rc & 0xff) == SQLITE_BUSY) {
		out->busy = true;
		return ERR_OK;
	}
	return sqlite_err(s, rc);
}
