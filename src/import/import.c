/*
 * import.c - the importer's front door: reading a file, checking that it is
 * text we can import, choosing between the JSON and scraped-text formats,
 * and making slugs for imported assets.
 *
 * Does not parse scraped pages (text.c) or JSON (core's asset_json.c), and
 * does not write to the store.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/slug.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "detect.h"
#include "pressroom/banned.h"

#define IMPORT_READ_CHUNK 16384
#define IMPORT_SLUG_MAX 80	/* bytes of an imported asset's slug */
#define IMPORT_DATE_LEN 10	/* "2015-06-11" */
#define IMPORT_SLUG_WORDS (IMPORT_SLUG_MAX - IMPORT_DATE_LEN - 1)

static const char import_bom[] = "\xEF\xBB\xBF";

enum err
import_read_file(const char *path, struct buf *out, struct diag *d)
{
	char chunk[IMPORT_READ_CHUNK], msg[128];
	FILE *f = NULL;
	enum err e = ERR_OK;
	size_t got;

	buf_reset(out);
	if (d != NULL && d->file == NULL)
		d->file = path;
	f = fopen(path, "rb");
	if (f == NULL) {
		int errnum = errno;

		if (strerror_r(errnum, msg, sizeof msg) != 0)
			snprintf(msg, sizeof msg, "error %d", errnum);
		e = errnum == ENOENT ? ERR_NOTFOUND : ERR_IO;
		diag_set(d, 0, 0, "cannot open: %s", msg);
		goto out;
	}
	for (;;) {
		got = fread(chunk, 1, sizeof chunk, f);
		if (got > LIMIT_IMPORT_FILE_BYTES - out->len) {
			e = ERR_LIMIT;
			diag_set(d, 0, 0, "larger than %u bytes, the limit for "
			    "one imported file", LIMIT_IMPORT_FILE_BYTES);
			goto out;
		}
		buf_add(out, chunk, got);
		if (out->err != ERR_OK) {
			e = out->err;
			diag_set(d, 0, 0, "%s", e == ERR_NOMEM ?
			    "out of memory" : "larger than the buffer allows");
			goto out;
		}
		if (got < sizeof chunk) {
			if (ferror(f)) {
				int errnum = errno;

				if (strerror_r(errnum, msg, sizeof msg) != 0)
					snprintf(msg, sizeof msg, "error %d",
					    errnum);
				e = ERR_IO;
				diag_set(d, 0, 0, "cannot read: %s", msg);
				goto out;
			}
			break;
		}
	}
out:
	if (f != NULL)
		fclose(f);
	if (e != ERR_OK)
		buf_reset(out);
	return e;
}

enum err
import_check_text(const char *text, size_t n, struct diag *d)
{
	size_t i = 0, line_start;
	unsigned line = 1, col = 1;
	bool content = false;

	if (n == 0) {
		diag_set(d, 0, 0, "the file is empty");
		return ERR_INVAL;
	}
	if (n > LIMIT_IMPORT_FILE_BYTES) {
		diag_set(d, 0, 0, "the file is larger than %u bytes, the limit "
		    "for one imported file", LIMIT_IMPORT_FILE_BYTES);
		return ERR_LIMIT;
	}
	if (n >= 3 && memcmp(text, import_bom, 3) == 0)
		i = 3;
	line_start = i;
	while (i <= n) {
		unsigned char c = i < n ? (unsigned char)text[i] : '\n';
		size_t at = i;
		uint32_t cp;

		if (c == '\n' || c == '\r') {
			if (at - line_start > LIMIT_IMPORT_LINE_BYTES) {
				diag_set(d, line, 0, "the line is longer than "
				    "%u bytes, the limit for one line",
				    LIMIT_IMPORT_LINE_BYTES);
				return ERR_LIMIT;
			}
			if (i == n)
				break;
			i++;
			if (c == '\r' && i < n && text[i] == '\n')
				i++;
			line++;
			col = 1;
			line_start = i;
			continue;
		}
		if (c == 0) {
			diag_set(d, line, col, "NUL byte: this is a binary "
			    "file, not text");
			return ERR_INVAL;
		}
		if ((c < 0x20 && c != '\t' && c != '\f') || c == 0x7f) {
			diag_set(d, line, col, "control character 0x%02X: "
			    "this is a binary file, not text", c);
			return ERR_INVAL;
		}
		cp = utf8_next(text, n, &i);
		if (cp == UTF8_INVALID) {
			diag_set(d, line, col, "invalid UTF-8 (byte 0x%02X): "
			    "convert the file to UTF-8 first", c);
			return ERR_INVAL;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			diag_set(d, line, col, "control character U+%04X: "
			    "this is not plain text", (unsigned)cp);
			return ERR_INVAL;
		}
		if (!import_detect_is_space(cp))
			content = true;
		col++;
	}
	if (!content) {
		diag_set(d, 0, 0, "the file has nothing but whitespace");
		return ERR_INVAL;
	}
	return ERR_OK;
}

/*
 * Cuts a slug to at most max bytes at a '-' (a hard cut when the last one
 * is in the first half), without a '-' at the end.
 */
static void
import_slug_cut(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && s[n] != '-')
			n--;
		if (n <= max / 2)
			n = max;
	}
	while (n > 0 && s[n - 1] == '-')
		n--;
	s[n] = '\0';
}

/* True when title has a letter that a slug can spell: Latin or Cyrillic. */
static bool
import_slug_spellable(const char *title)
{
	struct str s = str_from(title);
	size_t i = 0;

	while (i < s.len) {
		uint32_t cp = import_detect_next(s, &i);
		enum import_script sc;

		if (!import_detect_is_letter(cp))
			continue;
		sc = import_detect_script(cp);
		if (sc == IMPORT_SCRIPT_LATIN || sc == IMPORT_SCRIPT_CYRILLIC)
			return true;
	}
	return false;
}

enum err
import_make_slug(struct arena *a, const struct asset *as, const char *title,
    char **out)
{
	char date[16], *words = NULL, *slug;
	const char *kind = asset_kind_name(as->kind);
	struct civil c;
	enum err e;

	if (kind == NULL || as->event_offset < -TIME_OFFSET_MAX ||
	    as->event_offset > TIME_OFFSET_MAX ||
	    time_to_civil(as->event_at + as->event_offset, &c) != ERR_OK)
		return ERR_INVAL;
	snprintf(date, sizeof date, "%04d-%02d-%02d", c.year, c.month, c.day);
	if (title != NULL && import_slug_spellable(title)) {
		/*
		 * One byte more than fits, then cut here: slug_from_title
		 * drops the word that ends exactly at its max (src/core/
		 * slug.c writes the separator only while o < max).
		 */
		e = slug_from_title(a, title, IMPORT_SLUG_WORDS + 1, &words);
		if (e != ERR_OK && e != ERR_INVAL)
			return e;
		if (words != NULL)
			import_slug_cut(words, IMPORT_SLUG_WORDS);
		if (words != NULL && words[0] == '\0')
			words = NULL;
	}
	if (words != NULL)
		slug = arena_printf(a, "%s-%s", date, words);
	else
		slug = arena_printf(a, "%s-%s", kind, date);
	if (slug == NULL)
		return a->err != ERR_OK ? a->err : ERR_NOMEM;
	*out = slug;
	return ERR_OK;
}

/* Offset of the first byte that is not a BOM or JSON whitespace. */
static size_t
import_first_byte(const char *text, size_t n)
{
	size_t i = n >= 3 && memcmp(text, import_bom, 3) == 0 ? 3 : 0;

	while (i < n && (text[i] == ' ' || text[i] == '\t' ||
	    text[i] == '\n' || text[i] == '\r'))
		i++;
	return i;
}

static enum err
import_json(struct arena *a, const char *text, size_t n,
    const struct import_opts *opts, struct asset **out, struct diag *d)
{
	size_t bom = n >= 3 && memcmp(text, import_bom, 3) == 0 ? 3 : 0;
	struct asset *as = NULL;
	char *slug;
	enum err e;

	e = asset_json_parse(a, text + bom, n - bom, &as, d);
	if (e != ERR_OK)
		return e;
	if (as->slug == NULL || as->slug[0] == '\0') {
		if (as->ntranslations == 0) {
			diag_set(d, 0, 0, "translations: an asset needs at "
			    "least one");
			return ERR_INVAL;
		}
		e = import_make_slug(a, as, as->translations[0].title, &slug);
		if (e != ERR_OK) {
			diag_set(d, 0, 0, "slug: cannot make one from the "
			    "date and title (%s)", err_str(e));
			return e;
		}
		as->slug = slug;
	}
	if (as->source == NULL && opts != NULL && opts->source != NULL) {
		as->source = arena_strdup(a, opts->source);
		if (as->source == NULL) {
			diag_set(d, 0, 0, "out of memory");
			return a->err;
		}
	}
	e = asset_validate(as, d);
	if (e != ERR_OK)
		return e;
	*out = as;
	return ERR_OK;
}

enum err
import_parse(struct arena *a, const char *text, size_t n,
    const struct import_opts *opts, struct asset **out, struct diag *d)
{
	enum err e;
	size_t i;

	e = import_check_text(text, n, d);
	if (e != ERR_OK)
		return e;
	i = import_first_byte(text, n);
	if (i < n && text[i] == '{')
		return import_json(a, text, n, opts, out, d);
	return import_text_parse(a, text, n, opts, out, d);
}
