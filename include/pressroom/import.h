/*
 * import.h - turning files from elsewhere into assets.
 *
 * Two formats: pressroom's own JSON (the API's shape, see asset_json.h) and
 * pages scraped to plain text from Liferay-style "Asset Publisher" sites
 * (the ministry archive format: a time glued to its date, a title ending in
 * place and date, a line of announced locales, the opening statement, then
 * "Question:" and "Name Surname:" turns, then site furniture). Detection is
 * by content: a file whose first non-blank byte is '{' is JSON.
 * docs/IMPORT.md describes the scraped format, the heuristics and their
 * limits, and every error message.
 *
 * Errors come with a diag: line and column (1-based, in characters) of the
 * input where it makes sense, and a message that quotes the offending text
 * ("\"31 June 2015\" is not a date: June has 30 days"). Assets are built in
 * the caller's arena; on failure nothing is returned and whatever was
 * allocated stays in the arena until it is reset.
 *
 * Does not write to the store: the caller decides identity and saves.
 */
#ifndef PRESSROOM_IMPORT_H
#define PRESSROOM_IMPORT_H

#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/err.h"
#include "pressroom/tz.h"

/* Options of an import; a NULL pointer to them means all defaults. */
struct import_opts {
	const struct tz *tz;		/* the page's zone; NULL: UTC */
	const struct locale *locale;	/* the text's locale; NULL: detect */
	const char *source;		/* identity ("file:NAME") or NULL */
};

/*
 * Reads a whole file into out (which is reset first), refusing more than
 * LIMIT_IMPORT_FILE_BYTES (or out's own maximum). ERR_NOTFOUND for a missing
 * file, ERR_IO for one the system refuses (a directory, no permission),
 * ERR_LIMIT, ERR_NOMEM; out is then empty. When d->file is NULL it is set
 * to path (borrowed: keep path alive while d is used) so that diag_format
 * names the file in this and later messages.
 */
enum err import_read_file(const char *path, struct buf *out, struct diag *d);

/*
 * Checks that text is something we can import at all: not empty (nor only
 * whitespace, no-break spaces included), not binary (no NUL bytes or other
 * control characters than tab, CR, LF, FF; no C1 controls U+0080..U+009F),
 * valid UTF-8 (a UTF-8 BOM at the start is allowed), at most
 * LIMIT_IMPORT_FILE_BYTES with no line over LIMIT_IMPORT_LINE_BYTES.
 * ERR_INVAL or ERR_LIMIT; d gets the line and column of the first bad byte
 * (lines end at LF, CRLF or a lone CR).
 */
enum err import_check_text(const char *text, size_t n, struct diag *d);

/*
 * Parses a scraped text page into an asset in a (see the top of this file
 * and docs/IMPORT.md). Recovers the time (in opts->tz), title, place,
 * announced locales, the text's locale (opts->locale or detected from
 * script and common words among the announced ones), the opening statement
 * as paragraphs p1..pN and the turns t1..tM with their roles and speakers
 * (person records, with a title such as "Foreign Minister" when the page
 * title names it before the speaker's name), and the kind. The slug is made
 * from the date and title; source is a copy of opts->source; the summary is
 * "". Words are never altered: text is only trimmed of surrounding
 * whitespace, and turn labels ("Question:", "Sergey Lavrov:") are cut off.
 * Checks the text with import_check_text first, and the result with
 * asset_validate. ERR_INVAL / ERR_LIMIT with d (line, column, what and why)
 * for bad input, including a language it cannot tell without opts->locale;
 * ERR_NOMEM; nothing is returned then.
 */
enum err import_text_parse(struct arena *a, const char *text, size_t n,
    const struct import_opts *opts, struct asset **out, struct diag *d);

/*
 * Detects the format and parses with import_text_parse or asset_json_parse
 * (after import_check_text; a BOM before the JSON is skipped). A JSON asset
 * without a slug gets one made from its first translation's title;
 * opts->source fills a missing "source"; the result is validated. Errors as
 * import_text_parse, or as asset_json_parse (d naming the JSON path, or the
 * line and column of a syntax error).
 */
enum err import_parse(struct arena *a, const char *text, size_t n,
    const struct import_opts *opts, struct asset **out, struct diag *d);

/*
 * A slug for an asset from its date and a title: "2015-06-11-foreign-
 * minister-sergey-lavrovs-statement..." (at most 80 bytes, cut at a word
 * boundary), or "<kind>-<date>" ("transcript-2015-06-11") when the title
 * is NULL or has no Latin or Cyrillic letter. The date is as announced:
 * event_at shifted by event_offset. *out is in a. ERR_INVAL for an event
 * time, offset or kind out of range; ERR_NOMEM (or the arena's ERR_LIMIT).
 */
enum err import_make_slug(struct arena *a, const struct asset *as,
    const char *title, char **out);

#endif
