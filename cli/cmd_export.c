/*
 * cmd_export.c - `pressroom export-site DIR`: the whole public site as
 * plain files, byte-identical to what `serve` sends for the same URLs
 * (each file is made by the same dispatcher, with the same base URL).
 *
 * Incremental: a file is rewritten only when its bytes change, and files
 * an earlier export wrote that the site no longer has are removed (the
 * list of what was written is kept in DIR/.pressroom-export). Files are
 * written to a temporary name and renamed, so a reader never sees half a
 * page. Does not upload anywhere.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pressroom/http.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/str.h"
#include "pressroom/time.h"
#include "cli.h"
#include "pressroom/banned.h"

#define MANIFEST ".pressroom-export"
#define THREADS_MAX 16

struct export {
	struct app *app;
	const char *dir;
	const char **paths;
	size_t n;
	char **files;		/* relative file name per path */
	_Atomic size_t next;	/* work queue */
	_Atomic size_t done, written, unchanged;
	_Atomic int failed;
	pthread_mutex_t err_lock;
	char err[512];
	bool progress;
};

static const char *
no_header(const void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

/*
 * "/en-GB/" -> "en-GB/index.html", "/x" -> "x"; NULL for a path with an
 * empty, "." or ".." segment (never written: it would leave DIR).
 */
static char *
file_of(struct arena *a, const char *path)
{
	size_t n = strlen(path);
	struct str rest = str_make(path + 1, n > 0 ? n - 1 : 0), seg;

	if (n == 0 || path[0] != '/')
		return NULL;
	while (str_take_until(&rest, '/', &seg))
		if (seg.len == 0 || str_eq_cstr(seg, ".") ||
		    str_eq_cstr(seg, ".."))
			return NULL;

	if (n > 0 && path[n - 1] == '/')
		return arena_printf(a, "%sindex.html", path + 1);
	return arena_strdup(a, path + 1);
}

static void fail(struct export *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps the first error (truncated to fit) and stops the workers. */
static void
fail(struct export *x, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&x->err_lock);
	if (x->err[0] == '\0') {
		va_start(ap, fmt);
		if (vsnprintf(x->err, sizeof x->err, fmt, ap) < 0)
			x->err[0] = '?';
		va_end(ap);
	}
	pthread_mutex_unlock(&x->err_lock);
	atomic_store(&x->failed, 1);
}

/* mkdir -p for the directories of file (relative to dir) */
static int
make_parents(const char *dir, const char *file)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/%s", dir, file);

	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	for (char *p = path + strlen(dir) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

#define DIRS_MADE 8	/* directories a worker remembers making */

struct dirs_made {
	char dir[DIRS_MADE][512];
	unsigned next;
};

/*
 * true when file's directory is one this worker made lately; else
 * remembers it (in place of the oldest) for the caller to make now, and
 * on failure to forget with dir_unmade. Articles come a locale after
 * another, so a few are enough to skip nearly every mkdir.
 */
static bool
dir_made(struct dirs_made *m, const char *file)
{
	const char *slash = strrchr(file, '/');
	size_t n = slash != NULL ? (size_t)(slash - file) : 0;
	char *slot;

	for (unsigned k = 0; k < DIRS_MADE; k++)
		if (m->dir[k][0] != '\0' && strlen(m->dir[k]) == n &&
		    strncmp(m->dir[k], file, n) == 0)
			return true;
	slot = m->dir[m->next];
	m->next = (m->next + 1) % DIRS_MADE;
	slot[0] = '\0';
	if (n > 0 && n < sizeof m->dir[0]) {
		memcpy(slot, file, n);
		slot[n] = '\0';
	}
	return false;
}

static void
dir_unmade(struct dirs_made *m)
{
	for (unsigned k = 0; k < DIRS_MADE; k++)
		m->dir[k][0] = '\0';
}

/* 1 if dir/file holds exactly body[0..len) */
static int
same_bytes(const char *path, const char *body, size_t len)
{
	struct stat st;
	FILE *f;
	char buf[65536];
	size_t off = 0, got;
	int same = 1;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return 0;
	f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (off + got > len || memcmp(buf, body + off, got) != 0) {
			same = 0;
			break;
		}
		off += got;
	}
	fclose(f);
	return same && off == len;
}

static int
write_file(const char *path, const char *body, size_t len, long pid)
{
	char tmp[4200];
	FILE *f;
	int ok;

	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, pid);
	f = fopen(tmp, "wb");
	if (f == NULL)
		return -1;
	ok = fwrite(body, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void *
worker(void *arg)
{
	struct export *x = arg;
	struct arena a;
	struct http_request req = { .method = HTTP_GET, .header = no_header,
		.param = no_header };
	struct dirs_made made = { .next = 0 };
	long pid = (long)getpid();
	size_t i;

	arena_init(&a, LIMIT_REQUEST_ARENA);
	req.arena = &a;
	while ((i = atomic_fetch_add(&x->next, 1)) < x->n) {
		const char *path = x->paths[i];
		struct http_reply *r;
		char file[4096];
		int want = strcmp(path, "/404.html") == 0 ? 404 : 200;

		if (atomic_load(&x->failed))
			break;
		req.path = path;
		r = http_dispatch(x->app, &req);
		arena_reset(&a);
		snprintf(file, sizeof file, "%s/%s", x->dir, x->files[i]);
		if (r->status != want) {
			fail(x, "%s: the server answers %d", path, r->status);
		} else if (same_bytes(file, r->body, r->len)) {
			atomic_fetch_add(&x->unchanged, 1);
		} else if (!dir_made(&made, x->files[i]) &&
		    make_parents(x->dir, x->files[i]) != 0) {
			dir_unmade(&made);
			fail(x, "cannot write %s: %s", file, strerror(errno));
		} else if (write_file(file, r->body, r->len, pid) != 0) {
			fail(x, "cannot write %s: %s", file, strerror(errno));
		} else {
			atomic_fetch_add(&x->written, 1);
		}
		http_reply_unref(r);
		i = atomic_fetch_add(&x->done, 1) + 1;
		if (x->progress && (i % 200 == 0 || i == x->n))
			fprintf(stderr, "\rexporting %zu/%zu", i, x->n);
	}
	arena_release(&a);
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes what the last export wrote and this one did not; counts them. */
static size_t
remove_stale(struct export *x, struct arena *a)
{
	char path[4096], line[4096];
	FILE *f;
	size_t removed = 0;
	char **sorted = arena_calloc(a, x->n + 1, sizeof *sorted);

	if (sorted == NULL)
		return 0;
	memcpy(sorted, x->files, x->n * sizeof *sorted);
	qsort(sorted, x->n, sizeof *sorted, cmp_str);
	snprintf(path, sizeof path, "%s/%s", x->dir, MANIFEST);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		char *key = line;
		size_t n = strlen(line);

		while (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		/* only names we could have written: no climbing out */
		if (n == 0 || line[0] == '/' || strstr(line, "..") != NULL ||
		    bsearch(&key, sorted, x->n, sizeof *sorted, cmp_str) !=
		    NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", x->dir, line);
		if (unlink(path) == 0)
			removed++;
	}
	fclose(f);
	return removed;
}

static int
write_manifest(struct export *x)
{
	char path[4096];
	FILE *f;
	int ok = 1;

	snprintf(path, sizeof path, "%s/%s.tmp", x->dir, MANIFEST);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	for (size_t i = 0; i < x->n; i++)
		ok = fprintf(f, "%s\n", x->files[i]) > 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (ok) {
		char final[4096];

		snprintf(final, sizeof final, "%s/%s", x->dir, MANIFEST);
		ok = rename(path, final) == 0;
	}
	return ok ? 0 : -1;
}

static void
help(void)
{
	printf("usage: pressroom [--db PATH] export-site [--base-url URL]\n"
	    "                 [--theme DIR] [--site-name NAME] [--threads N] DIR\n"
	    "\n"
	    "Writes the whole public site into DIR as plain files: every\n"
	    "page in every locale with its pagination, feeds, sitemaps,\n"
	    "robots.txt, theme files and 404.html, byte-identical to what\n"
	    "`pressroom serve` sends with the same --base-url (default\n"
	    "http://127.0.0.1:8080). A path ending in / is stored as\n"
	    "index.html; article pages are files without an extension: serve\n"
	    "them as text/html; charset=utf-8 (see docs/EXPORT.md).\n"
	    "Re-running rewrites only what changed and removes what the site\n"
	    "no longer has, and says how many files were written, unchanged\n"
	    "and removed. Scheduled items appear in an export made after\n"
	    "their time.\n");
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	struct http_config cfg = { .listen = "127.0.0.1:8080", .quiet = true,
		.no_cache = true, .no_mmap = true };
	const char *threads_s = NULL;
	bool want_help;
	const struct cli_opt opts[] = {
		{ "base-url", true, &cfg.base_url, NULL },
		{ "theme", true, &cfg.theme_dir, NULL },
		{ "site-name", true, &cfg.site_name, NULL },
		{ "threads", true, &threads_s, NULL },
		{ NULL, false, NULL, NULL },
	};
	struct export x = { .err_lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t th[THREADS_MAX];
	char *args[4];
	int nargs, rc = EXIT_OK;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nthreads = ncpu > 0 ? (size_t)ncpu : 1, started = 0, removed;
	struct arena a;
	struct diag d;
	int64_t v;
	enum err e;

	arena_init(&a, (size_t)1 << 34);
	if (!cli_opts_parse(c, "export-site", argc, argv, opts,
	    &want_help, args, (int)(sizeof args / sizeof args[0]), &nargs)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (want_help) {
		help();
		goto out;
	}
	if (nargs != 1) {
		cli_error("export-site: give the directory to write");
		rc = EXIT_USAGE;
		goto out;
	}
	if (threads_s != NULL) {
		if (str_to_i64(str_from(threads_s), 1, THREADS_MAX, &v) !=
		    ERR_OK) {
			cli_error("export-site: --threads must be 1 to %d",
			    THREADS_MAX);
			rc = EXIT_USAGE;
			goto out;
		}
		nthreads = (size_t)v;
	}
	if (nthreads > THREADS_MAX)
		nthreads = THREADS_MAX;
	x.dir = args[0];
	if (mkdir(x.dir, 0755) != 0 && errno != EEXIST) {
		cli_error("export-site: cannot create %s: %s", x.dir,
		    strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	cfg.db_path = c->db;
	diag_init(&d, NULL);
	if ((e = app_new(&cfg, &x.app, &d)) != ERR_OK) {
		cli_diag(&d);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((e = http_site_paths(x.app, &a, time_now(), &x.paths, &x.n)) !=
	    ERR_OK) {
		cli_error("export-site: %s", err_str(e));
		rc = EXIT_FAIL;
		goto out;
	}
	x.files = arena_calloc(&a, x.n + 1, sizeof *x.files);
	if (x.files == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < x.n; i++)
		if ((x.files[i] = file_of(&a, x.paths[i])) == NULL) {
			cli_error("export-site: refusing the path \"%s\"",
			    x.paths[i]);
			rc = EXIT_FAIL;
			goto out;
		}
	x.progress = isatty(STDERR_FILENO);
	for (; started < nthreads; started++)
		if (pthread_create(&th[started], NULL, worker, &x) != 0)
			break;
	if (started == 0)
		worker(&x);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (x.progress)
		fputc('\n', stderr);
	if (atomic_load(&x.failed)) {
		cli_error("export-site: %s", x.err);
		rc = EXIT_FAIL;
		goto out;
	}
	removed = remove_stale(&x, &a);
	if (write_manifest(&x) != 0) {
		cli_error("export-site: cannot write %s/%s", x.dir, MANIFEST);
		rc = EXIT_FAIL;
		goto out;
	}
	printf("%s: %zu files: %zu written, %zu unchanged, %zu removed\n",
	    x.dir, x.n, atomic_load(&x.written), atomic_load(&x.unchanged),
	    removed);
out:
	app_free(x.app);
	arena_release(&a);
	return rc;
}
