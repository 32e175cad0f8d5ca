/*
 * theme.h - the site's look: page templates and static files.
 *
 * The default theme (templates/ and static/ in the source tree) is compiled
 * into the binary. A theme directory given at start-up overrides any of its
 * files by name (templates/NAME.html, static/NAME). All templates are
 * compiled and checked against the page schemas when the theme loads, so a
 * broken theme stops start-up with a message naming file, line and column.
 */
#ifndef PRESSROOM_THEME_H
#define PRESSROOM_THEME_H

#include <stddef.h>
#include "pressroom/err.h"
#include "pressroom/tmpl.h"

struct theme;

/*
 * Loads the default theme, overlaid with dir when dir is not NULL. ERR_IO
 * for an unreadable dir or file, ERR_INVAL/ERR_NOTFOUND/ERR_LIMIT for
 * template errors (d names the file), ERR_NOMEM. Free with theme_free().
 */
enum err theme_load(const char *dir, struct theme **out, struct diag *d);
void theme_free(struct theme *th);

/* The checked template set. */
const struct tmpl_set *theme_templates(const struct theme *th);

struct theme_asset {
	const char *name;	/* "style.css" */
	const unsigned char *data;
	size_t len;
	const char *content_type;	/* with charset for text */
	char etag[24];		/* quoted strong ETag of the bytes */
};

/* The static file called name; ERR_NOTFOUND. Borrowed from the theme. */
enum err theme_static(const struct theme *th, const char *name,
    const struct theme_asset **out);

/* Every static file of the theme; *n is their number. Borrowed. */
const struct theme_asset *theme_static_all(const struct theme *th,
    size_t *n);

/* "/static/style.css?v=<hash>": the stylesheet's cache-busting URL path. */
const char *theme_css_href(const struct theme *th);

#endif
