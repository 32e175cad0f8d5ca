/*
 * fuzz_markdown.c - libFuzzer target for the Markdown renderer: any bytes
 * become HTML and plain text. Checks that nothing crashes and that the
 * HTML never contains markup the renderer did not write: no "<script", no
 * link or source whose scheme (as a browser reads it) is javascript,
 * vbscript or data.
 *
 * Does not check CommonMark conformance (md4c's own tests do).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/buf.h"
#include "pressroom/markdown.h"
#include "pressroom/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The scheme a browser would read in the attribute value starting at v
 * (up to the closing quote), lower-cased into out; "" when it has none (a
 * relative URL). Browsers drop leading spaces and controls and every tab
 * and newline, and a scheme is an ASCII letter then letters, digits, "+",
 * "-" or "." before a ":" (the WHATWG URL parser).
 */
static void
url_scheme(const char *v, char *out, size_t cap)
{
	size_t n = 0;

	while (*v != '"' && *v != '\0' && (unsigned char)*v <= ' ')
		v++;
	for (; *v != '"' && *v != '\0'; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			out[n < cap ? n : cap - 1] = '\0';
			return;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (n > 0 && ((c >= '0' && c <= '9') || c == '+' ||
		    c == '-' || c == '.'))) || n + 1 >= cap)
			break;
		out[n++] = (char)(c | 0x20);
	}
	out[0] = '\0';
}

static void
check_html(const char *h)
{
	const char *tags[] = { "<script", "<iframe", "<object", "<embed",
		"<style", "<svg", "<math", "<form", "<input", "<base",
		"<meta", "<link", " on", NULL };
	const char *attrs[] = { "href=\"", "src=\"", NULL };

	for (size_t i = 0; tags[i] != NULL; i++) {
		const char *p = strstr(h, tags[i]);

		/* " on" is fine in text, not as an attribute: look for "=" */
		if (p != NULL && strcmp(tags[i], " on") == 0) {
			const char *lt = p;

			while (lt > h && *lt != '<' && *lt != '>')
				lt--;
			if (*lt != '<' || strchr(p, '=') == NULL ||
			    strchr(p, '>') == NULL ||
			    strchr(p, '=') > strchr(p, '>'))
				continue;
			if (strncmp(lt, "<a ", 3) == 0 ||
			    strncmp(lt, "<img ", 5) == 0 ||
			    strncmp(lt, "<ol ", 4) == 0 ||
			    strncmp(lt, "<td ", 4) == 0 ||
			    strncmp(lt, "<th ", 4) == 0)
				continue;	/* our attributes are quoted */
		}
		if (p != NULL && strcmp(tags[i], " on") != 0)
			abort();
	}
	/* every link and source: no script or data scheme, however spelt
	 * ("data\uFFFD:x" is a relative path, "java\tscript:x" is not) */
	for (size_t i = 0; attrs[i] != NULL; i++)
		for (const char *p = strstr(h, attrs[i]); p != NULL;
		    p = strstr(p + 1, attrs[i])) {
			char scheme[32];

			url_scheme(p + strlen(attrs[i]), scheme,
			    sizeof scheme);
			if (strcmp(scheme, "javascript") == 0 ||
			    strcmp(scheme, "vbscript") == 0 ||
			    strcmp(scheme, "data") == 0)
				abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;

	buf_init(&b, 64u << 20);
	if (markdown_render(&b, (const char *)data, size) == ERR_OK)
		check_html(b.p);
	buf_release(&b);
	buf_init(&b, 64u << 20);
	(void)markdown_plain(&b, (const char *)data, size);
	buf_release(&b);
	return 0;
}
