/*
 * status.c - the one place where an enum err becomes an HTTP status.
 *
 * Does not render error pages (h_pages.c does) or log.
 */
#include "http_internal.h"
#include "pressroom/banned.h"

int
http_status_of(enum err e)
{
	switch (e) {
	case ERR_OK: return 200;
	case ERR_INVAL: return 400;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_LIMIT: return 413;
	case ERR_AUTH: return 401;
	case ERR_RATE: return 429;
	case ERR_NOMEM: return 503;
	case ERR_IO:
	case ERR_DB:
	case ERR_CORRUPT:
	default: return 500;
	}
}

int
http_status_of_asset(enum err e, bool gone)
{
	if (e == ERR_NOTFOUND && gone)
		return 410;
	return http_status_of(e);
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "";
	}
}
