/*
 * attach.c - attachments as the content model sees them: valid names and
 * hashes, the type of a file judged from its bytes, and adding one to an
 * asset.
 *
 * The sniffer knows a few signatures and UTF-8 text; everything else is
 * application/octet-stream. It never answers text/html or image/svg+xml,
 * so no upload is ever rendered by a browser as a page. Does not store or
 * serve the bytes (the store and http do).
 */
#include <string.h>
#include "pressroom/limits.h"
#include "pressroom/utf8.h"
#include "pressroom/asset.h"
#include "pressroom/banned.h"

bool
attachment_name_valid(const char *name)
{
	size_t n;

	if (name == NULL)
		return false;
	n = strlen(name);
	if (n == 0 || n > ATTACHMENT_NAME_MAX || name[0] == '.' ||
	    !utf8_valid(name, n, NULL))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
			return false;
	}
	return true;
}

bool
attachment_sha_valid(const char *sha)
{
	if (sha == NULL || strlen(sha) != ATTACHMENT_SHA_HEX)
		return false;
	for (size_t i = 0; i < ATTACHMENT_SHA_HEX; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') ||
		    (sha[i] >= 'a' && sha[i] <= 'f')))
			return false;
	return true;
}

static bool
starts(const unsigned char *p, size_t n, const char *sig, size_t m)
{
	return n >= m && memcmp(p, sig, m) == 0;
}

const char *
attachment_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;

	if (starts(p, n, "%PDF-", 5))
		return "application/pdf";
	if (starts(p, n, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (starts(p, n, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (starts(p, n, "GIF87a", 6) || starts(p, n, "GIF89a", 6))
		return "image/gif";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	/* text: UTF-8 without NUL or other controls but tab and line ends */
	if (n > 0 && utf8_valid(data, n, NULL)) {
		for (size_t i = 0; i < n; i++)
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
			    p[i] != '\r') || p[i] == 0x7f)
				return "application/octet-stream";
		return "text/plain; charset=utf-8";
	}
	return "application/octet-stream";
}

bool
attachment_inline(const char *type)
{
	return type != NULL && (strcmp(type, "image/png") == 0 ||
	    strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/gif") == 0 ||
	    strcmp(type, "image/webp") == 0);
}

enum err
asset_attachment_add(struct arena *a, struct asset *as, const char *sha256,
    const char *name)
{
	struct attachment *v;

	if (!attachment_sha_valid(sha256) || !attachment_name_valid(name))
		return ERR_INVAL;
	if (as->nattachments >= LIMIT_ATTACHMENTS)
		return ERR_LIMIT;
	for (size_t i = 0; i < as->nattachments; i++)
		if (strcmp(as->attachments[i].name, name) == 0)
			return ERR_CONFLICT;
	v = arena_alloc(a, (as->nattachments + 1) * sizeof *v);
	if (v == NULL)
		return a->err;
	if (as->nattachments > 0)
		memcpy(v, as->attachments, as->nattachments * sizeof *v);
	memset(&v[as->nattachments], 0, sizeof *v);
	memcpy(v[as->nattachments].sha256, sha256, ATTACHMENT_SHA_HEX + 1);
	v[as->nattachments].name = arena_strdup(a, name);
	if (v[as->nattachments].name == NULL)
		return a->err;
	as->attachments = v;
	as->nattachments++;
	return ERR_OK;
}
