/*
 * test_tz.c - unit tests for src/base/tz.c against the system's zoneinfo:
 * offsets in force at instants (historical transitions, southern-hemisphere
 * DST, half- and quarter-hour zones, the POSIX footer rule after the last
 * transition, before the first transition), wall-clock to UTC with gaps and
 * overlaps, zone-name validation, corrupt files, and TZif files written by
 * the test to reach footer forms no real zone uses (Jn, n).
 *
 * Expected values were taken from the IANA data (checked with Python's
 * zoneinfo). Does not test "right/" zones (unsupported) or TZ/localtime.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "pressroom/tz.h"
#include "pressroom/banned.h"

#define H 3600

static struct tz *
load(const char *name)
{
	struct tz *z = NULL;
	enum err e = tz_load(name, &z);

	if (e != ERR_OK)
		fail_msg("tz_load(%s): %s", name, err_str(e));
	assert_non_null(z);
	assert_string_equal(tz_name(z), name);
	return z;
}

static int64_t
civil(int y, int mo, int d, int h, int mi, int s)
{
	struct civil c = { y, mo, d, h, mi, s };
	int64_t t = 0;

	assert_int_equal(time_from_civil(&c, &t), ERR_OK);
	return t;
}

/* wall-clock time in z gives instant want_t with offset want_off */
static void
check_local(const struct tz *z, int64_t local, int64_t want_t, int want_off)
{
	int64_t t = 0;
	int off = 1;
	enum err e = tz_to_utc(z, local, &t, &off);

	if (e != ERR_OK)
		fail_msg("%s: local %lld refused: %s", tz_name(z),
		    (long long)local, err_str(e));
	if (t != want_t || off != want_off)
		fail_msg("%s: local %lld -> %lld %d, want %lld %d",
		    tz_name(z), (long long)local, (long long)t, off,
		    (long long)want_t, want_off);
	assert_int_equal(tz_offset_at(z, t), off);
}

static void
check_gap(const struct tz *z, int64_t local)
{
	int64_t t = 42;
	int off = 42;

	assert_int_equal(tz_to_utc(z, local, &t, &off), ERR_INVAL);
	assert_true(t == 42);
	assert_int_equal(off, 42);
}

static void
check_offset(const struct tz *z, int64_t t, int want)
{
	int got = tz_offset_at(z, t);

	if (got != want)
		fail_msg("%s at %lld: %d, want %d", tz_name(z), (long long)t,
		    got, want);
}

static void
test_moscow(void **state)
{
	struct tz *z = load("Europe/Moscow");

	(void)state;
	/* 2015: +03:00 all year */
	check_local(z, civil(2015, 6, 11, 18, 30, 0), 1434036600, 3 * H);
	check_local(z, civil(2015, 1, 15, 12, 0, 0), 1421312400, 3 * H);
	/* 2011-2014: permanent +04:00, summer and winter */
	check_local(z, civil(2012, 7, 1, 12, 0, 0), 1341129600, 4 * H);
	check_local(z, civil(2013, 1, 15, 12, 0, 0), 1358236800, 4 * H);
	/* 1990: MSK +03:00 in winter, MSD +04:00 in summer */
	check_local(z, civil(1990, 7, 1, 12, 0, 0), 646819200, 4 * H);
	check_local(z, civil(1990, 1, 15, 12, 0, 0), 632394000, 3 * H);
	check_offset(z, 1434036600, 3 * H);
	/* the 2014-10-26 change back from +04 to +03 (02:00 local) */
	check_offset(z, civil(2014, 10, 25, 21, 59, 59), 4 * H);
	check_offset(z, civil(2014, 10, 25, 22, 0, 0), 3 * H);
	/* local mean time before the first transition: +2:30:17 */
	check_offset(z, -5000000000LL, 9017);
	/* after the last transition the footer "MSK-3" applies */
	check_offset(z, civil(2100, 7, 1, 0, 0, 0), 3 * H);
	check_offset(z, civil(9999, 12, 31, 0, 0, 0), 3 * H);
	tz_free(z);
}

static void
test_new_york(void **state)
{
	struct tz *z = load("America/New_York");

	(void)state;
	check_local(z, civil(2024, 1, 15, 12, 0, 0), 1705338000, -5 * H);
	check_local(z, civil(2024, 7, 15, 12, 0, 0), 1721059200, -4 * H);
	/* spring forward 2024-03-10 02:00 -> 03:00: the gap never happened */
	check_gap(z, civil(2024, 3, 10, 2, 0, 0));
	check_gap(z, civil(2024, 3, 10, 2, 30, 0));
	check_gap(z, civil(2024, 3, 10, 2, 59, 59));
	check_local(z, civil(2024, 3, 10, 1, 59, 59), 1710053999, -5 * H);
	check_local(z, civil(2024, 3, 10, 3, 0, 0), 1710054000, -4 * H);
	/* fall back 2024-11-03 02:00 -> 01:00: the earlier instant wins */
	check_local(z, civil(2024, 11, 3, 1, 30, 0), 1730611800, -4 * H);
	check_local(z, civil(2024, 11, 3, 1, 0, 0), 1730610000, -4 * H);
	check_local(z, civil(2024, 11, 3, 0, 59, 59), 1730609999, -4 * H);
	check_local(z, civil(2024, 11, 3, 2, 0, 0), 1730617200, -5 * H);
	/* exact transition instants */
	check_offset(z, 1710054000 - 1, -5 * H);
	check_offset(z, 1710054000, -4 * H);
	check_offset(z, 1730613600 - 1, -4 * H);
	check_offset(z, 1730613600, -5 * H);
	/* the last transitions in the data and the first from the footer */
	check_offset(z, 2140668000 - 1, -4 * H);
	check_offset(z, 2140668000, -5 * H);
	check_offset(z, 2152162800 - 1, -5 * H);
	check_offset(z, 2152162800, -4 * H);
	check_offset(z, 2172722400 - 1, -4 * H);
	check_offset(z, 2172722400, -5 * H);
	check_offset(z, 2215062000 - 1, -5 * H);
	check_offset(z, 2215062000, -4 * H);
	check_offset(z, 2235621600 - 1, -4 * H);
	check_offset(z, 2235621600, -5 * H);
	/* far future through the POSIX footer EST5EDT,M3.2.0,M11.1.0 */
	check_local(z, civil(2100, 7, 1, 12, 0, 0), 4118140800, -4 * H);
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103715600, -5 * H);
	check_offset(z, 4108690800 - 1, -5 * H);
	check_offset(z, 4108690800, -4 * H);
	check_offset(z, 4129250400 - 1, -4 * H);
	check_offset(z, 4129250400, -5 * H);
	check_gap(z, civil(2100, 3, 14, 2, 30, 0));
	check_local(z, civil(2100, 11, 7, 1, 30, 0), 4129248600, -4 * H);
	/* local mean time before 1883: -4:56:02 */
	check_offset(z, -5000000000LL, -17762);
	tz_free(z);
}

static void
test_sydney(void **state)
{
	struct tz *z = load("Australia/Sydney");

	(void)state;
	/* southern summer is DST (+11), winter is standard (+10) */
	check_local(z, civil(2024, 1, 15, 12, 0, 0), 1705280400, 11 * H);
	check_local(z, civil(2024, 7, 15, 12, 0, 0), 1721008800, 10 * H);
	check_offset(z, 1712419200 - 1, 11 * H);
	check_offset(z, 1712419200, 10 * H);
	check_offset(z, 1728144000 - 1, 10 * H);
	check_offset(z, 1728144000, 11 * H);
	check_gap(z, civil(2024, 10, 6, 2, 30, 0));
	check_local(z, civil(2024, 4, 7, 2, 30, 0), 1712417400, 11 * H);
	/* the footer across the new year (DST spans it) */
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103658000, 11 * H);
	check_local(z, civil(2100, 7, 15, 12, 0, 0), 4119300000, 10 * H);
	check_offset(z, civil(2099, 12, 31, 13, 0, 0), 11 * H);
	check_offset(z, civil(2100, 1, 1, 13, 0, 0), 11 * H);
	check_offset(z, 4110451200 - 1, 11 * H);
	check_offset(z, 4110451200, 10 * H);
	check_offset(z, 4126176000 - 1, 10 * H);
	check_offset(z, 4126176000, 11 * H);
	tz_free(z);
}

static void
test_odd_offsets(void **state)
{
	struct tz *z;

	(void)state;
	z = load("Asia/Kolkata");
	check_local(z, civil(2024, 1, 1, 12, 0, 0), 1704090600, 19800);
	check_offset(z, civil(2100, 7, 1, 0, 0, 0), 19800);
	tz_free(z);

	/* +12:45 / +13:45 with rule times that have minutes */
	z = load("Pacific/Chatham");
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103648100, 49500);
	check_local(z, civil(2100, 7, 15, 12, 0, 0), 4119290100, 45900);
	check_offset(z, 4110444000 - 1, 49500);
	check_offset(z, 4110444000, 45900);
	check_offset(z, 4125564000 - 1, 45900);
	check_offset(z, 4125564000, 49500);
	tz_free(z);

	/* a DST shift of only 30 minutes */
	z = load("Australia/Lord_Howe");
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103658000, 39600);
	check_local(z, civil(2100, 7, 15, 12, 0, 0), 4119298200, 37800);
	check_offset(z, 4126174200 - 1, 37800);
	check_offset(z, 4126174200, 39600);
	tz_free(z);

	/* -03:30 / -02:30 */
	z = load("America/St_Johns");
	check_local(z, civil(2100, 7, 15, 12, 0, 0), 4119345000, -9000);
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103710200, -12600);
	tz_free(z);
}

static void
test_footer_special_rules(void **state)
{
	struct tz *z;

	(void)state;
	/* IST-1GMT0,M10.5.0,M3.5.0/1: "DST" (offset 0) in winter */
	z = load("Europe/Dublin");
	check_local(z, civil(2100, 1, 15, 12, 0, 0), 4103697600, 0);
	check_local(z, civil(2100, 7, 15, 12, 0, 0), 4119332400, H);
	check_offset(z, 4109878800 - 1, 0);
	check_offset(z, 4109878800, H);
	check_offset(z, 4128627600 - 1, H);
	check_offset(z, 4128627600, 0);
	tz_free(z);

	/* <-02>2<-01>,M3.5.0/-1,M10.5.0/0: a negative rule time */
	z = load("America/Nuuk");
	check_offset(z, 4109878800 - 1, -2 * H);
	check_offset(z, 4109878800, -H);
	check_offset(z, 4128627600 - 1, -H);
	check_offset(z, 4128627600, -2 * H);
	tz_free(z);
}

static void
test_utc(void **state)
{
	struct tz *z;
	int64_t t = 0;
	int off = 1;

	(void)state;
	z = load("UTC");
	assert_int_equal(tz_offset_at(z, 1434036600), 0);
	assert_int_equal(tz_offset_at(z, -5000000000LL), 0);
	assert_int_equal(tz_to_utc(z, 1434036600, &t, &off), ERR_OK);
	assert_true(t == 1434036600);
	assert_int_equal(off, 0);
	tz_free(z);
	z = load("Etc/UTC");
	assert_int_equal(tz_offset_at(z, 0), 0);
	tz_free(z);
	z = tz_utc();
	assert_non_null(z);
	assert_string_equal(tz_name(z), "UTC");
	assert_int_equal(tz_offset_at(z, 4000000000LL), 0);
	tz_free(z);
	tz_free(z);
	tz_free(NULL);
	/* a zone that is UTC by its data, not by name */
	z = load("Etc/GMT");
	assert_int_equal(tz_offset_at(z, 1434036600), 0);
	assert_int_equal(tz_to_utc(z, 1434036600, &t, &off), ERR_OK);
	assert_true(t == 1434036600);
	tz_free(z);
	/* Etc/GMT-3 is +03:00 (POSIX sign convention in the name) */
	z = load("Etc/GMT-3");
	assert_int_equal(tz_offset_at(z, 1434036600), 3 * H);
	tz_free(z);
}

static void
check_bad_name(const char *name, enum err want)
{
	struct tz *z = (struct tz *)0x1;
	enum err e = tz_load(name, &z);

	if (e != want)
		fail_msg("tz_load(\"%s\"): %s, want %s", name, err_str(e),
		    err_str(want));
	assert_ptr_equal(z, (struct tz *)0x1);	/* untouched */
}

static void
test_bad_names(void **state)
{
	char name[80];

	(void)state;
	check_bad_name("", ERR_INVAL);
	check_bad_name("../etc/passwd", ERR_INVAL);
	check_bad_name("Europe/../../etc/passwd", ERR_INVAL);
	check_bad_name("..", ERR_INVAL);
	check_bad_name("/abs", ERR_INVAL);
	check_bad_name("/usr/share/zoneinfo/UTC", ERR_INVAL);
	check_bad_name("Europe//Moscow", ERR_INVAL);
	check_bad_name("Europe/Moscow/", ERR_INVAL);
	check_bad_name("Europe/./Moscow", ERR_INVAL);
	check_bad_name("Europe\\Moscow", ERR_INVAL);
	check_bad_name("Europe/Mos cow", ERR_INVAL);
	check_bad_name("Europe/Moscow\n", ERR_INVAL);
	check_bad_name("-Europe", ERR_INVAL);
	check_bad_name("Europe/Moscow%00", ERR_INVAL);
	check_bad_name("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
	    ERR_INVAL);
	/* 65 bytes is one too many, 64 is allowed (and then unknown) */
	memset(name, 'A', 65);
	name[65] = '\0';
	check_bad_name(name, ERR_INVAL);
	name[64] = '\0';
	check_bad_name(name, ERR_NOTFOUND);
	/* well-formed but unknown */
	check_bad_name("Mars/Olympus", ERR_NOTFOUND);
	check_bad_name("Europe/Atlantis", ERR_NOTFOUND);
	/* a directory is not a zone */
	check_bad_name("Europe", ERR_NOTFOUND);
	/* a file of the zoneinfo directory that is not TZif */
	check_bad_name("leapseconds", ERR_CORRUPT);
	/* '.' is never part of a zone name */
	check_bad_name("tzdata.zi", ERR_INVAL);
}

static void
test_names_allowed(void **state)
{
	struct tz *z;

	(void)state;
	/* '_', '-', '+' and digits occur in real names */
	z = load("America/Port-au-Prince");
	tz_free(z);
	z = load("America/Argentina/Buenos_Aires");
	check_offset(z, civil(2024, 1, 1, 0, 0, 0), -3 * H);
	tz_free(z);
	z = load("Etc/GMT+5");
	check_offset(z, 0, -5 * H);
	tz_free(z);
}

/* for many instants, offset_at and to_utc agree with each other */
static void
check_consistency(const char *name)
{
	struct tz *z = load(name);
	uint64_t seed = 0x2545F4914F6CDD1DULL;
	const int64_t lo = civil(1900, 1, 1, 0, 0, 0);
	const int64_t hi = civil(2200, 1, 1, 0, 0, 0);

	for (int k = 0; k < 20000; k++) {
		int64_t t, local, u = 0;
		int off, uoff = 0;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		t = lo + (int64_t)(seed % (uint64_t)(hi - lo));
		off = tz_offset_at(z, t);
		assert_true(off > -15 * H && off < 15 * H);
		local = t + off;
		if (tz_to_utc(z, local, &u, &uoff) != ERR_OK)
			fail_msg("%s: %lld (local of %lld) refused", name,
			    (long long)local, (long long)t);
		/* the same wall clock; the earlier of two when ambiguous */
		if (u + uoff != local || u > t || tz_offset_at(z, u) != uoff)
			fail_msg("%s: %lld -> local %lld -> %lld %d", name,
			    (long long)t, (long long)local, (long long)u,
			    uoff);
	}
	tz_free(z);
}

static void
test_consistency(void **state)
{
	static const char *const zones[] = { "America/New_York",
		"Europe/Moscow", "Australia/Sydney", "Europe/Dublin",
		"Pacific/Chatham", "Australia/Lord_Howe", "America/Nuuk",
		"Asia/Kolkata", "Europe/London", "America/Santiago",
		"Pacific/Apia", "Asia/Tehran", "Africa/Casablanca" };

	(void)state;
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		check_consistency(zones[i]);
}

/* every wall-clock minute of the NY spring gap is refused, none other */
static void
test_gap_minutes(void **state)
{
	struct tz *z = load("America/New_York");
	int64_t day = civil(2024, 3, 10, 0, 0, 0), t;
	int off;

	(void)state;
	for (int m = 0; m < 24 * 60; m++) {
		enum err e = tz_to_utc(z, day + m * 60, &t, &off);

		if (m >= 120 && m < 180)
			assert_int_equal(e, ERR_INVAL);
		else
			assert_int_equal(e, ERR_OK);
	}
	tz_free(z);
}

/* --- zones written by the test ------------------------------------------ */

struct scratch {
	char dir[512];
	char *old_tzdir;
};

static void
be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
be64(unsigned char *p, uint64_t v)
{
	be32(p, (uint32_t)(v >> 32));
	be32(p + 4, (uint32_t)v);
}

/*
 * A TZif file of the given version with ntrans transitions and ntypes types
 * (designation "ZZZ" for all), and footer (version >= 2; NULL for none).
 * Returns the size written to out.
 */
static size_t
tzif_make(unsigned char *out, char version, const int64_t *trans,
    const unsigned char *idx, size_t ntrans, const int32_t *offs,
    size_t ntypes, const char *footer)
{
	size_t o = 0;

	for (int pass = 0; pass < (version == 0 ? 1 : 2); pass++) {
		size_t tsize = pass == 0 ? 4 : 8;

		memcpy(out + o, "TZif", 4);
		out[o + 4] = (unsigned char)version;
		memset(out + o + 5, 0, 15);
		be32(out + o + 20, 0);			/* isut */
		be32(out + o + 24, 0);			/* isstd */
		be32(out + o + 28, 0);			/* leap */
		be32(out + o + 32, (uint32_t)ntrans);
		be32(out + o + 36, (uint32_t)ntypes);
		be32(out + o + 40, 4);			/* chars */
		o += 44;
		for (size_t i = 0; i < ntrans; i++) {
			if (tsize == 4)
				be32(out + o, (uint32_t)(int32_t)trans[i]);
			else
				be64(out + o, (uint64_t)trans[i]);
			o += tsize;
		}
		for (size_t i = 0; i < ntrans; i++)
			out[o++] = idx[i];
		for (size_t i = 0; i < ntypes; i++) {
			be32(out + o, (uint32_t)offs[i]);
			out[o + 4] = 0;
			out[o + 5] = 0;
			o += 6;
		}
		memcpy(out + o, "ZZZ", 4);
		o += 4;
	}
	if (version != 0 && footer != NULL) {
		size_t n = strlen(footer);

		out[o++] = '\n';
		memcpy(out + o, footer, n);
		o += n;
		out[o++] = '\n';
	}
	return o;
}

static void
scratch_write(const struct scratch *s, const char *name,
    const unsigned char *p, size_t n)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", s->dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static int
scratch_setup(void **state)
{
	static struct scratch s;
	const char *old = getenv("TZDIR");

	snprintf(s.dir, sizeof s.dir, "%s/tests/unit/base/tz-XXXXXX",
	    TEST_BUILD_ROOT);
	if (mkdtemp(s.dir) == NULL)
		return -1;
	s.old_tzdir = old != NULL ? strdup(old) : NULL;
	setenv("TZDIR", s.dir, 1);
	*state = &s;
	return 0;
}

static const char *const scratch_files[] = { "J", "N", "Fixed", "V1",
	"Hello", "Empty", "Truncated", "BadFooter", "Unsorted", "BadType",
	"NoRule", "Trans" };

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char path[700];

	for (size_t i = 0; i < sizeof scratch_files / sizeof scratch_files[0];
	    i++) {
		snprintf(path, sizeof path, "%s/%s", s->dir, scratch_files[i]);
		unlink(path);
	}
	rmdir(s->dir);
	if (s->old_tzdir != NULL)
		setenv("TZDIR", s->old_tzdir, 1);
	else
		unsetenv("TZDIR");
	free(s->old_tzdir);
	mem_fail_after(0);
	return 0;
}

static void
test_footer_julian(void **state)
{
	const struct scratch *s = *state;
	unsigned char f[512];
	int32_t offs[1] = { 2 * H };
	struct tz *z;

	/* Jn counts 1..365 and never Feb 29: J60 is 1 March every year */
	scratch_write(s, "J", f, tzif_make(f, '2', NULL, NULL, 0, offs, 1,
	    "AAA-2BBB,J60/0,J300/0"));
	z = load("J");
	check_offset(z, 1709157600, 2 * H);		/* 2024-02-28 22:00Z */
	check_offset(z, 1709244000 - 1, 2 * H);
	check_offset(z, 1709244000, 3 * H);		/* 2024-02-29 22:00Z */
	check_offset(z, 1729976400 - 1, 3 * H);		/* 2024-10-26 21:00Z */
	check_offset(z, 1729976400, 2 * H);
	check_offset(z, civil(2023, 2, 28, 21, 59, 59), 2 * H);
	check_offset(z, civil(2023, 2, 28, 22, 0, 0), 3 * H);
	tz_free(z);

	/* n counts 0..365 with Feb 29: day 59 is 29 Feb in a leap year */
	scratch_write(s, "N", f, tzif_make(f, '2', NULL, NULL, 0, offs, 1,
	    "AAA-2BBB,59/0,299/0"));
	z = load("N");
	check_offset(z, 1709157600 - 1, 2 * H);
	check_offset(z, 1709157600, 3 * H);		/* 2024-02-28 22:00Z */
	check_offset(z, 1729890000 - 1, 3 * H);		/* 2024-10-25 21:00Z */
	check_offset(z, 1729890000, 2 * H);
	check_offset(z, civil(2023, 2, 28, 21, 59, 59), 2 * H);
	check_offset(z, civil(2023, 2, 28, 22, 0, 0), 3 * H);
	tz_free(z);
}

static void
test_written_zones(void **state)
{
	const struct scratch *s = *state;
	unsigned char f[1024];
	int32_t offs[2] = { 5 * H + 1800, 6 * H };
	int64_t trans[2] = { 1000000000, 1100000000 };
	unsigned char idx[2] = { 1, 0 };
	struct tz *z;
	int64_t t;
	int off;

	/* a fixed zone: footer without DST, no transitions */
	scratch_write(s, "Fixed", f, tzif_make(f, '3', NULL, NULL, 0, offs,
	    1, "<+0530>-5:30"));
	z = load("Fixed");
	check_offset(z, 0, 19800);
	check_offset(z, 4000000000LL, 19800);
	tz_free(z);

	/* version 1 only: the 32-bit data, no footer */
	scratch_write(s, "V1", f, tzif_make(f, 0, trans, idx, 2, offs, 2,
	    NULL));
	z = load("V1");
	check_offset(z, 0, 5 * H + 1800);		/* before: type 0 */
	check_offset(z, 1000000000, 6 * H);
	check_offset(z, 1099999999, 6 * H);
	check_offset(z, 1100000000, 5 * H + 1800);
	check_offset(z, 4000000000LL, 5 * H + 1800);	/* last type stays */
	tz_free(z);

	/* transitions and a footer that takes over after the last one */
	scratch_write(s, "Trans", f, tzif_make(f, '2', trans, idx, 2, offs, 2,
	    "AAA-4"));
	z = load("Trans");
	check_offset(z, 1050000000, 6 * H);
	check_offset(z, 1100000000, 4 * H);
	check_offset(z, 2000000000, 4 * H);
	assert_int_equal(tz_to_utc(z, 2000000000 + 4 * H, &t, &off), ERR_OK);
	assert_true(t == 2000000000);
	assert_int_equal(off, 4 * H);
	tz_free(z);
}

static void
test_corrupt_files(void **state)
{
	const struct scratch *s = *state;
	unsigned char f[1024];
	int32_t offs[2] = { 0, H };
	int64_t trans[2] = { 1000, 500 };
	unsigned char idx[2] = { 0, 1 };
	size_t n;

	scratch_write(s, "Hello", (const unsigned char *)"hello, world\n", 13);
	check_bad_name("Hello", ERR_CORRUPT);
	scratch_write(s, "Empty", f, 0);
	check_bad_name("Empty", ERR_CORRUPT);
	/* a good file cut short */
	n = tzif_make(f, '2', NULL, NULL, 0, offs, 1, "AAA0");
	scratch_write(s, "Truncated", f, 60);
	check_bad_name("Truncated", ERR_CORRUPT);
	assert_true(n > 60);
	/* a footer that is not a POSIX TZ string */
	scratch_write(s, "BadFooter", f, tzif_make(f, '2', NULL, NULL, 0, offs,
	    1, "garbage!"));
	check_bad_name("BadFooter", ERR_CORRUPT);
	/* zoneinfo footers with DST always carry rules */
	scratch_write(s, "NoRule", f, tzif_make(f, '2', NULL, NULL, 0, offs,
	    1, "AAA0BBB"));
	check_bad_name("NoRule", ERR_CORRUPT);
	/* transitions out of order */
	scratch_write(s, "Unsorted", f, tzif_make(f, '2', trans, idx, 2, offs,
	    2, "AAA0"));
	check_bad_name("Unsorted", ERR_CORRUPT);
	/* a transition naming a type that does not exist */
	trans[1] = 2000;
	idx[1] = 7;
	scratch_write(s, "BadType", f, tzif_make(f, '2', trans, idx, 2, offs,
	    2, "AAA0"));
	check_bad_name("BadType", ERR_CORRUPT);
}

static void
test_default_dir(void **state)
{
	struct tz *z;

	(void)state;
	/* without TZDIR the system directory is used */
	unsetenv("TZDIR");
	z = load("Europe/Moscow");
	check_offset(z, 1434036600, 3 * H);
	tz_free(z);
	setenv("TZDIR", "", 1);
	z = load("Asia/Kolkata");
	tz_free(z);
}

static int
fault_teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	return 0;
}

static void
test_alloc_failure(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct tz *z = NULL;
		enum err e;

		mem_fail_after(n);
		e = tz_load("America/New_York", &z);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			check_offset(z, 1721059200, -4 * H);
			tz_free(z);
			break;
		}
		mem_fail_after(0);
		assert_int_equal(e, ERR_NOMEM);
		assert_null(z);
		assert_true(n < 100);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moscow),
		cmocka_unit_test(test_new_york),
		cmocka_unit_test(test_sydney),
		cmocka_unit_test(test_odd_offsets),
		cmocka_unit_test(test_footer_special_rules),
		cmocka_unit_test(test_utc),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_names_allowed),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_gap_minutes),
		cmocka_unit_test_setup_teardown(test_footer_julian,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_written_zones,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_default_dir,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_teardown(test_alloc_failure, fault_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
