/*
 * limits.h - every size and count limit of pressroom, named in one place.
 *
 * Input larger than these is refused with ERR_LIMIT and a message naming the
 * limit; nothing is silently cut.
 */
#ifndef PRESSROOM_LIMITS_H
#define PRESSROOM_LIMITS_H

/* Import */
#define LIMIT_IMPORT_FILE_BYTES (4u << 20)	/* one imported file */
#define LIMIT_IMPORT_LINE_BYTES (256u << 10)	/* one line of a scraped page */

/* Content model */
#define LIMIT_SLUG_BYTES 120
#define LIMIT_TITLE_BYTES 1024
#define LIMIT_SUMMARY_BYTES 4096
#define LIMIT_PLACE_BYTES 200
#define LIMIT_PERSON_NAME_BYTES 200
#define LIMIT_PERSON_TITLE_BYTES 200
#define LIMIT_BLOCK_TEXT_BYTES (256u << 10)
#define LIMIT_BLOCKS 2000		/* per translation */
#define LIMIT_LOCALES 64		/* per asset */
#define LIMIT_SPEAKERS 200		/* per asset */
#define LIMIT_RELATED 100		/* per asset */
#define LIMIT_TAGS 50			/* per asset */
#define LIMIT_REASON_BYTES 1000		/* a withdrawal reason */
#define LIMIT_ATTACHMENTS 50		/* per asset */
#define LIMIT_ATTACHMENT_BYTES (7u << 20)	/* one file (fits a request) */
#define LIMIT_ASSET_JSON_BYTES (8u << 20)

/* Rendering */
#define LIMIT_PAGE_BYTES (16u << 20)	/* one rendered response */
#define LIMIT_TEMPLATE_BYTES (256u << 10)
#define LIMIT_TEMPLATE_DEPTH 32		/* nested sections and partials */
#define LIMIT_MARKDOWN_DEPTH 32

/* HTTP */
#define LIMIT_HTTP_CONN_MEMORY (20u << 10)	/* headers + URL per connection */
#define LIMIT_HTTP_BODY_BYTES (8u << 20)	/* = LIMIT_ASSET_JSON_BYTES */
#define LIMIT_HTTP_TIMEOUT_S 15
#define LIMIT_HTTP_HEADERS 100		/* header fields in a request */
#define LIMIT_HTTP_BODY_MIN_RATE (16u << 10)	/* bytes/s a body must keep
						 * up, after the timeout */
#define LIMIT_SESSION_IDLE_S (30 * 60)	/* a session unused this long ends */
#define LIMIT_SESSION_MAX_S (12 * 3600)	/* and any session after this */
#define LIMIT_LOGIN_FAILURES 10		/* per account and per address... */
#define LIMIT_LOGIN_WINDOW_S 60		/* ...in this many seconds */
#define LIMIT_HTTP_CONNECTIONS 4096
#define LIMIT_HTTP_CONN_PER_IP 512
#define LIMIT_HTTP_PATH_BYTES 2048
#define LIMIT_REQUEST_ARENA (64u << 20)
#define LIMIT_LIST_PAGE_SIZE 100
#define LIMIT_LIST_PAGES 100000
#define LIMIT_RESPONSE_CACHE_BYTES (64u << 20)

/* Search: longer queries are cut, extra terms dropped (never refused) */
#define LIMIT_SEARCH_QUERY_BYTES 512	/* of the search box's text */
#define LIMIT_SEARCH_TERMS 12		/* words, phrases and prefixes */
#define LIMIT_SEARCH_PREFIX_CHARS 3	/* shorter "ab*" is the word "ab" */
#define LIMIT_SEARCH_PAGE_SIZE 50
#define LIMIT_SEARCH_PAGES 50		/* results beyond are not shown */
#define LIMIT_SEARCH_PASSAGES 100000	/* matching passages counted */
#define LIMIT_SEARCH_FACET_VALUES 20	/* per facet */

#endif
