/*
 * i18n.h - the words pressroom itself puts on a page (labels, month names,
 * language names), in English, Russian, German, French, Spanish and Arabic.
 *
 * Lookups take a locale and use its primary language; anything else falls
 * back to English. Does not translate content: that is the editors' job.
 */
#ifndef PRESSROOM_I18N_H
#define PRESSROOM_I18N_H

#include <stdint.h>
#include "pressroom/asset.h"
#include "pressroom/buf.h"
#include "pressroom/locale.h"

enum msg {
	MSG_QUESTION,
	MSG_ANSWER,
	MSG_STATEMENT,
	MSG_REMARK,
	MSG_ADDITIONAL_MATERIALS,
	MSG_NOT_AVAILABLE,
	MSG_LANGUAGES,
	MSG_LATEST,
	MSG_NEWER,
	MSG_OLDER,
	MSG_PAGE_OF,		/* "Page %u of %u" */
	MSG_NOT_FOUND_TITLE,
	MSG_NOT_FOUND_TEXT,
	MSG_HOME,
	MSG_NO_ITEMS,
	MSG_SKIP_TO_CONTENT,
	MSG_SPEAKERS,
	MSG_PLACE,
	MSG_SITE_NAME,
	MSG_PAGINATION,
	MSG_ORIGINAL_TEXT,
	MSG_WITHDRAWN,		/* "Withdrawn" */
	MSG_WITHDRAWN_TEXT,	/* "This text was withdrawn on" */
	MSG_UPDATED,		/* "Updated" (a public update note) */
	MSG_DOCUMENTS,		/* "Documents" (an article's attachments) */
	MSG_OUTDATED,		/* a translated passage older than its original */
	MSG_GONE_TITLE,
	MSG_GONE_TEXT,
	MSG_SEARCH,
	MSG_SEARCH_QUERY,
	MSG_SEARCH_HELP,
	MSG_SEARCH_FILTERS,
	MSG_SEARCH_KIND,
	MSG_SEARCH_ROLE,
	MSG_SEARCH_SPEAKER,
	MSG_SEARCH_LANGUAGE,
	MSG_SEARCH_TAG,
	MSG_SEARCH_FROM,
	MSG_SEARCH_TO,
	MSG_SEARCH_ANY,
	MSG_SEARCH_YEAR,
	MSG_SEARCH_REFINE,
	MSG_SEARCH_RESULTS,		/* "Results: %u" */
	MSG_SEARCH_NONE,
	MSG_SEARCH_PROMPT,
	MSG_SEARCH_CUT,
	MSG_SEARCH_CAPPED,
	MSG_SEARCH_CLEAR,
	MSG_COL_DATE,		/* table column headings */
	MSG_COL_TITLE,
	MSG_COL_KIND,
	MSG_COL_PLACE,
	MSG_AVAILABLE_IN,
	MSG_TAG_HEADING,	/* "Tagged “%s”" */
	MSG_SPEAKER_HEADING,	/* "%s" said: "Statements by %s" */
	MSG_ARCHIVE,
	MSG_PREVIOUS,
	MSG_NEXT,
	MSG__MAX
};

/* The message in l's language (English if it has none); never NULL. */
const char *i18n_msg(const struct locale *l, enum msg m);

/* The kind's label ("Press release", "Пресс-релиз"); never NULL. */
const char *i18n_kind(const struct locale *l, enum asset_kind k);

/* The role's label ("Question", "Вопрос"); "" for TURN_ROLE_NONE. */
const char *i18n_role(const struct locale *l, enum turn_role r);

/*
 * The language's own name for tag l ("Deutsch", "Русский", "العربية"), with
 * the region in brackets when region is set ("English (GB)"). Unknown
 * languages give the tag itself. Appends to b.
 */
void i18n_language_name(struct buf *b, const struct locale *l, int region);

/*
 * Appends instant t at offset as a date and time in l's language:
 * "11 June 2015, 18:30 (UTC+03:00)", "11 июня 2015 г., 18:30 (UTC+03:00)".
 * with_time 0 gives the date only.
 */
/* Appends "June 2015" ("июнь 2015", "junio de 2015") in l's language. */
void i18n_format_month(struct buf *b, const struct locale *l, int year,
    int month);

/*
 * Appends message m with its one "%s" replaced by arg (messages are data,
 * never format strings).
 */
void i18n_format1(struct buf *b, const struct locale *l, enum msg m,
    const char *arg);

void i18n_format_datetime(struct buf *b, const struct locale *l, int64_t t,
    int offset, int with_time);

#endif
