/*
 * theme.c - loads the default theme compiled into the binary, overlays a
 * theme directory, compiles and checks the templates, serves static files.
 *
 * Reads the theme directory once, at start-up; does not watch it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/theme.h"
#include "page_internal.h"
#include "theme_data.h"
#include "pressroom/banned.h"

#define THEME_FILES_MAX 256
#define THEME_STATIC_BYTES (4u << 20)

struct theme_entry {
	char name[128];		/* "templates/article.html" */
	const unsigned char *data;
	size_t len;
	unsigned char *owned;	/* non-NULL when read from a theme dir */
};

struct theme {
	struct tmpl_set *tmpl;
	struct theme_entry files[THEME_FILES_MAX];
	size_t nfiles;
	struct theme_asset assets[THEME_FILES_MAX];
	size_t nassets;
	char css_href[64];
};

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');

	if (dot != NULL)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static bool
name_ok(const char *n)
{
	size_t len = strlen(n);

	if (len == 0 || len > 100 || n[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)n[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static struct theme_entry *
entry_slot(struct theme *th, const char *name)
{
	for (size_t i = 0; i < th->nfiles; i++)
		if (strcmp(th->files[i].name, name) == 0)
			return &th->files[i];
	if (th->nfiles == THEME_FILES_MAX)
		return NULL;
	snprintf(th->files[th->nfiles].name, sizeof th->files[0].name, "%s",
	    name);
	return &th->files[th->nfiles++];
}

static enum err
read_whole(const char *path, size_t max, unsigned char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t n;
	enum err e = ERR_OK;

	if (f == NULL)
		return ERR_IO;
	p = mem_alloc(max + 1);
	if (p == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	n = fread(p, 1, max + 1, f);
	if (ferror(f)) {
		e = ERR_IO;
		goto out;
	}
	if (n > max) {
		e = ERR_LIMIT;
		goto out;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	p = NULL;
out:
	mem_free(p);
	fclose(f);
	return e;
}

/* Reads dir/sub/<name> files into the theme, replacing defaults. */
static enum err
overlay(struct theme *th, const char *dir, const char *sub, struct diag *d)
{
	char path[1024], name[128];
	DIR *dh;
	struct dirent *de;
	enum err e = ERR_OK;
	int n;

	n = snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (n < 0 || (size_t)n >= sizeof path)
		return ERR_LIMIT;
	dh = opendir(path);
	if (dh == NULL) {
		if (errno == ENOENT)
			return ERR_OK;	/* a theme may override only some parts */
		diag_set(d, 0, 0, "cannot read theme directory %s: %s", path,
		    strerror(errno));
		return ERR_IO;
	}
	while ((de = readdir(dh)) != NULL) {
		struct theme_entry *te;
		struct stat st;
		unsigned char *data;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		if (!name_ok(de->d_name)) {
			diag_set(d, 0, 0, "theme file %s/%s: name must be "
			    "letters, digits, '.', '_' or '-'", path,
			    de->d_name);
			e = ERR_INVAL;
			break;
		}
		n = snprintf(path, sizeof path, "%s/%s/%s", dir, sub,
		    de->d_name);
		if (n < 0 || (size_t)n >= sizeof path ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		e = read_whole(path, strcmp(sub, "templates") == 0 ?
		    LIMIT_TEMPLATE_BYTES : THEME_STATIC_BYTES, &data, &len);
		if (e != ERR_OK) {
			diag_set(d, 0, 0, "theme file %s: %s", path,
			    e == ERR_LIMIT ? "too large" : err_str(e));
			break;
		}
		snprintf(name, sizeof name, "%s/%s", sub, de->d_name);
		te = entry_slot(th, name);
		if (te == NULL) {
			mem_free(data);
			diag_set(d, 0, 0, "theme %s: more than %d files", dir,
			    THEME_FILES_MAX);
			e = ERR_LIMIT;
			break;
		}
		mem_free(te->owned);
		te->owned = data;
		te->data = data;
		te->len = len;
		snprintf(path, sizeof path, "%s/%s", dir, sub);
	}
	closedir(dh);
	return e;
}

/*
 * Puts the template's file name in front of a diag's message: the theme
 * (and the name) is freed before the caller prints it, so d->file cannot
 * point at it.
 */
static void
diag_prefix(struct diag *d, const char *file)
{
	char msg[DIAG_MSG_MAX];

	if (d == NULL)
		return;
	/* truncation is fine here; the return value is checked only to say so */
	if (d->line > 0) {
		if (snprintf(msg, sizeof msg, "%s:%u:%u: %s", file, d->line,
		    d->col, d->msg) < 0)
			return;
	} else if (snprintf(msg, sizeof msg, "%s: %s", file, d->msg) < 0) {
		return;
	}
	memcpy(d->msg, msg, sizeof msg);
	d->line = 0;
	d->col = 0;
}

void
theme_free(struct theme *th)
{
	if (th == NULL)
		return;
	tmpl_set_free(th->tmpl);
	for (size_t i = 0; i < th->nfiles; i++)
		mem_free(th->files[i].owned);
	mem_free(th);
}

enum err
theme_load(const char *dir, struct theme **out, struct diag *d)
{
	struct theme *th;
	enum err e;

	th = mem_calloc(1, sizeof *th);
	if (th == NULL)
		return ERR_NOMEM;
	for (const struct theme_file *f = theme_files; f->name != NULL; f++) {
		struct theme_entry *te = entry_slot(th, f->name);

		if (te == NULL) {
			e = ERR_LIMIT;
			goto out;
		}
		te->data = f->data;
		te->len = f->len;
	}
	if (dir != NULL) {
		if ((e = overlay(th, dir, "templates", d)) != ERR_OK ||
		    (e = overlay(th, dir, "static", d)) != ERR_OK)
			goto out;
	}
	if ((e = tmpl_set_new(&th->tmpl)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < th->nfiles; i++) {
		struct theme_entry *te = &th->files[i];
		char tname[128];
		size_t len;

		if (strncmp(te->name, "templates/", 10) == 0) {
			len = strlen(te->name + 10);
			if (len < 6 || strcmp(te->name + 10 + len - 5, ".html"))
				continue;
			snprintf(tname, sizeof tname, "%.*s", (int)(len - 5),
			    te->name + 10);
			e = tmpl_set_add(th->tmpl, tname, (const char *)te->data,
			    te->len, d);
			if (e != ERR_OK) {
				diag_prefix(d, te->name);
				goto out;
			}
		} else if (strncmp(te->name, "static/", 7) == 0) {
			struct theme_asset *as = &th->assets[th->nassets++];

			as->name = te->name + 7;
			as->data = te->data;
			as->len = te->len;
			as->content_type = content_type(as->name);
			snprintf(as->etag, sizeof as->etag, "\"%016llx\"",
			    (unsigned long long)fnv1a(te->data, te->len));
			if (strcmp(as->name, "style.css") == 0)
				snprintf(th->css_href, sizeof th->css_href,
				    "/static/style.css?v=%.8s", as->etag + 1);
		}
	}
	if ((e = page_check_templates(th->tmpl, d)) != ERR_OK ||
	    (e = admin_check_templates(th->tmpl, d)) != ERR_OK)
		goto out;
	if (th->css_href[0] == '\0')
		snprintf(th->css_href, sizeof th->css_href, "/static/style.css");
	*out = th;
	th = NULL;
out:
	theme_free(th);
	return e;
}

const struct tmpl_set *
theme_templates(const struct theme *th)
{
	return th->tmpl;
}

enum err
theme_static(const struct theme *th, const char *name,
    const struct theme_asset **out)
{
	for (size_t i = 0; i < th->nassets; i++)
		if (strcmp(th->assets[i].name, name) == 0) {
			*out = &th->assets[i];
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

const struct theme_asset *
theme_static_all(const struct theme *th, size_t *n)
{
	*n = th->nassets;
	return th->assets;
}

const char *
theme_css_href(const struct theme *th)
{
	return th->css_href;
}
