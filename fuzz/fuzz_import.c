/*
 * fuzz_import.c - libFuzzer target for the importer: any bytes go through
 * import_parse (scraped text or JSON) twice, once detecting the locale with
 * the default zone (UTC) and once with a fixed locale and Europe/Moscow.
 * Each run has its own arena, released afterwards, so LeakSanitizer sees
 * any leak of the importer's own buffers.
 *
 * Checks that nothing crashes, that a failure leaves a message in the diag
 * and no asset, and that a success is a valid asset. An input that starts
 * with byte 0x01 runs with allocation failure injected after as many
 * allocations as its second byte says (the rest is the text). Does not
 * check that what was recovered is right: the unit tests do that.
 *
 * Build with clang: -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
 * -fsanitize=fuzzer,address,undefined -Iinclude, this file and every .c
 * file of src/import, src/core and src/base, -lutf8proc -ljansson. Seed the
 * corpus with tests/fixtures/seed and tests/fixtures/import.
 * Crashers go to tests/fixtures/import/regress/, which test_import replays.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "pressroom/asset.h"
#include "pressroom/asset_json.h"
#include "pressroom/import.h"
#include "pressroom/locale.h"
#include "pressroom/mem.h"
#include "pressroom/tz.h"
#include "pressroom/banned.h"

#define FUZZ_ARENA_CAP (64u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct locale fuzz_locale;
static struct tz *fuzz_moscow;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	asset_json_setup();
	if (locale_parse(str_from("en-GB"), &fuzz_locale) != ERR_OK)
		abort();
	/* kept for the whole run; UTC when the zone files are missing */
	if (tz_load("Europe/Moscow", &fuzz_moscow) != ERR_OK)
		fuzz_moscow = NULL;
	return 0;
}

static void
fuzz_one(const char *text, size_t n, const struct import_opts *o)
{
	struct asset *as = NULL;
	struct arena a;
	struct diag d;
	enum err e;

	arena_init(&a, FUZZ_ARENA_CAP);
	diag_init(&d, NULL);
	e = import_parse(&a, text, n, o, &as, &d);
	if (e != ERR_OK) {
		if (as != NULL || d.msg[0] == '\0')
			abort();
	} else if (as == NULL || asset_validate(as, NULL) != ERR_OK) {
		abort();
	}
	arena_release(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts detect = { NULL, NULL, NULL };
	struct import_opts fixed = { NULL, &fuzz_locale, "file:fuzz" };
	long fail = 0;

	fixed.tz = fuzz_moscow;
	if (size >= 2 && data[0] == 0x01) {
		fail = (long)data[1] + 1;
		data += 2;
		size -= 2;
	}
	mem_fail_after(fail);
	fuzz_one((const char *)data, size, &detect);
	mem_fail_after(fail);
	fuzz_one((const char *)data, size, &fixed);
	mem_fail_after(0);
	return 0;
}
