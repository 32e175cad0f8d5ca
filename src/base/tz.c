/*
 * tz.c - IANA time zones from compiled TZif files (RFC 8536), versions 1-3.
 *
 * Reads the 64-bit data block when present (the 32-bit one otherwise), and
 * the POSIX TZ footer for instants after the last transition. Leap-second
 * records are skipped (zoneinfo "right/" zones are not supported: pressroom
 * counts time like POSIX). Does not consult TZ or /etc/localtime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "pressroom/tz.h"
#include "pressroom/banned.h"

#define TZ_NAME_MAX 64
#define TZ_FILE_MAX (1u << 20)
#define TZ_DIR_DEFAULT "/usr/share/zoneinfo"

/* A POSIX TZ rule date: Jn (julian, no Feb 29), n (zero-based) or Mm.w.d. */
struct tz_rule_date {
	char kind;	/* 'J', 'N' or 'M' */
	int a, b, c;	/* J: day; N: day; M: month, week, weekday */
	int time;	/* seconds after local midnight, may be <0 or >24h */
};

struct tz_footer {
	int present;
	int std_off;	/* seconds east of UTC */
	int has_dst;
	int dst_off;
	struct tz_rule_date start, end;
};

struct tz {
	char name[TZ_NAME_MAX + 1];
	size_t ntrans;
	int64_t *trans;		/* ascending transition instants */
	unsigned char *trans_type;
	size_t ntypes;
	int *type_off;
	struct tz_footer footer;
};

static int64_t
be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

static int
tz_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || name[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		    c == '+' || c == '-'))
			return 0;
		if (c == '/' && (i + 1 == n || name[i + 1] == '/'))
			return 0;
	}
	return 1;
}

/* --- POSIX TZ string (footer) ------------------------------------------ */

static int
ptz_name(const char **s)
{
	const char *p = *s;
	size_t n = 0;

	if (*p == '<') {
		p++;
		while (*p != '\0' && *p != '>') {
			p++;
			n++;
		}
		if (*p != '>' || n < 3)
			return 0;
		*s = p + 1;
		return 1;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		p++;
		n++;
	}
	if (n < 3)
		return 0;
	*s = p;
	return 1;
}

/* hh[:mm[:ss]] with optional sign, hours up to max_h; seconds into *out */
static int
ptz_time(const char **s, int max_h, int *out)
{
	const char *p = *s;
	int sign = 1, part[3] = { 0, 0, 0 }, k = 0;

	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
	}
	for (;;) {
		int v = 0, digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 3) {
			v = v * 10 + (*p - '0');
			p++;
			digits++;
		}
		if (digits == 0)
			return 0;
		part[k++] = v;
		if (k == 3 || *p != ':')
			break;
		p++;
	}
	if (part[0] > max_h || part[1] > 59 || part[2] > 59)
		return 0;
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	*s = p;
	return 1;
}

static int
ptz_int(const char **s, int min, int max, int *out)
{
	const char *p = *s;
	int v = 0, digits = 0;

	while (*p >= '0' && *p <= '9' && digits < 4) {
		v = v * 10 + (*p - '0');
		p++;
		digits++;
	}
	if (digits == 0 || v < min || v > max)
		return 0;
	*out = v;
	*s = p;
	return 1;
}

static int
ptz_date(const char **s, struct tz_rule_date *d)
{
	const char *p = *s;

	if (*p == 'J') {
		p++;
		d->kind = 'J';
		if (!ptz_int(&p, 1, 365, &d->a))
			return 0;
	} else if (*p == 'M') {
		p++;
		d->kind = 'M';
		if (!ptz_int(&p, 1, 12, &d->a) || *p++ != '.' ||
		    !ptz_int(&p, 1, 5, &d->b) || *p++ != '.' ||
		    !ptz_int(&p, 0, 6, &d->c))
			return 0;
	} else {
		d->kind = 'N';
		if (!ptz_int(&p, 0, 365, &d->a))
			return 0;
	}
	d->time = 7200;
	if (*p == '/') {
		p++;
		if (!ptz_time(&p, 167, &d->time))
			return 0;
	}
	*s = p;
	return 1;
}

static int
ptz_parse(const char *s, struct tz_footer *f)
{
	int off;

	memset(f, 0, sizeof *f);
	if (!ptz_name(&s) || !ptz_time(&s, 24, &off))
		return 0;
	f->std_off = -off;	/* POSIX offsets count west */
	if (*s == '\0') {
		f->present = 1;
		return 1;
	}
	if (!ptz_name(&s))
		return 0;
	f->has_dst = 1;
	f->dst_off = f->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (!ptz_time(&s, 24, &off))
			return 0;
		f->dst_off = -off;
	}
	if (*s != ',')
		return 0;	/* rules are required in zoneinfo footers */
	s++;
	if (!ptz_date(&s, &f->start) || *s++ != ',' || !ptz_date(&s, &f->end) ||
	    *s != '\0')
		return 0;
	f->present = 1;
	return 1;
}

static int64_t
days_of(int y, int m, int d)
{
	struct civil c = { y, m, d, 0, 0, 0 };
	int64_t t = 0;

	time_from_civil(&c, &t);
	return t / 86400;
}

/* Local midnight (as seconds, local-as-UTC) of a rule date in year y. */
static int64_t
rule_day(int y, const struct tz_rule_date *d)
{
	int64_t first, day;
	int dow, dim;

	switch (d->kind) {
	case 'J':
		day = days_of(y, 1, 1) + d->a - 1;
		if (time_is_leap(y) && d->a >= 60)
			day++;
		return day * 86400;
	case 'N':
		return (days_of(y, 1, 1) + d->a) * 86400;
	default:
		first = days_of(y, d->a, 1);
		dow = (int)(((first + 4) % 7 + 7) % 7);	/* 1970-01-01: Thu */
		day = (d->c - dow + 7) % 7 + 1 + (d->b - 1) * 7;
		dim = time_days_in_month(y, d->a);
		while (day > dim)
			day -= 7;
		return (first + day - 1) * 86400;
	}
}

static int
footer_offset(const struct tz_footer *f, int64_t t)
{
	struct civil c;
	int64_t start, end;
	int dst;

	if (!f->has_dst)
		return f->std_off;
	if (time_to_civil(t + f->std_off, &c) != ERR_OK)
		return f->std_off;
	start = rule_day(c.year, &f->start) + f->start.time - f->std_off;
	end = rule_day(c.year, &f->end) + f->end.time - f->dst_off;
	if (start < end)
		dst = t >= start && t < end;
	else
		dst = !(t >= end && t < start);
	return dst ? f->dst_off : f->std_off;
}

/* --- TZif -------------------------------------------------------------- */

struct tzif_counts {
	size_t isut, isstd, leap, time, type, chars;
};

static int
tzif_header(const unsigned char *p, size_t n, struct tzif_counts *c,
    int *version)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return 0;
	*version = p[4] == 0 ? 1 : p[4] - '0';
	c->isut = (size_t)be(p + 20, 4);
	c->isstd = (size_t)be(p + 24, 4);
	c->leap = (size_t)be(p + 28, 4);
	c->time = (size_t)be(p + 32, 4);
	c->type = (size_t)be(p + 36, 4);
	c->chars = (size_t)be(p + 40, 4);
	if (c->type == 0 || c->type > 256 || c->time > 100000 ||
	    c->leap > 100000 || c->chars > 100000 ||
	    (c->isut != 0 && c->isut != c->type) ||
	    (c->isstd != 0 && c->isstd != c->type))
		return 0;
	return 1;
}

static size_t
tzif_block_size(const struct tzif_counts *c, size_t tsize)
{
	return c->time * tsize + c->time + c->type * 6 + c->chars +
	    c->leap * (tsize + 4) + c->isstd + c->isut;
}

static enum err
tzif_parse(struct tz *z, const unsigned char *p, size_t n)
{
	struct tzif_counts c;
	int version;
	size_t tsize = 4, size, i;
	const unsigned char *d;
	char footer[128];

	if (!tzif_header(p, n, &c, &version))
		return ERR_CORRUPT;
	size = tzif_block_size(&c, 4);
	if (n - 44 < size)
		return ERR_CORRUPT;
	if (version >= 2) {
		p += 44 + size;
		n -= 44 + size;
		if (!tzif_header(p, n, &c, &version))
			return ERR_CORRUPT;
		tsize = 8;
		size = tzif_block_size(&c, 8);
		if (n - 44 < size)
			return ERR_CORRUPT;
	}
	d = p + 44;
	z->ntrans = c.time;
	z->ntypes = c.type;
	z->trans = mem_calloc(c.time + 1, sizeof *z->trans);
	z->trans_type = mem_calloc(c.time + 1, 1);
	z->type_off = mem_calloc(c.type, sizeof *z->type_off);
	if (z->trans == NULL || z->trans_type == NULL || z->type_off == NULL)
		return ERR_NOMEM;
	for (i = 0; i < c.time; i++) {
		z->trans[i] = be(d + i * tsize, tsize);
		if (i > 0 && z->trans[i] <= z->trans[i - 1])
			return ERR_CORRUPT;
	}
	d += c.time * tsize;
	for (i = 0; i < c.time; i++) {
		if (d[i] >= c.type)
			return ERR_CORRUPT;
		z->trans_type[i] = d[i];
	}
	d += c.time;
	for (i = 0; i < c.type; i++) {
		int64_t off = be(d + i * 6, 4);

		if (off < -TIME_OFFSET_MAX - 3600 || off > TIME_OFFSET_MAX + 3600)
			return ERR_CORRUPT;
		z->type_off[i] = (int)off;
	}
	if (version >= 2) {
		/* footer: "\n" TZ-string "\n" after the data block */
		const unsigned char *f = p + 44 + size, *end = p + n, *nl;

		if (f < end && *f == '\n') {
			f++;
			nl = memchr(f, '\n', (size_t)(end - f));
			if (nl != NULL && (size_t)(nl - f) < sizeof footer &&
			    nl > f) {
				memcpy(footer, f, (size_t)(nl - f));
				footer[nl - f] = '\0';
				if (!ptz_parse(footer, &z->footer))
					return ERR_CORRUPT;
			}
		}
	}
	return ERR_OK;
}

static struct tz tz_etc_utc = { .name = "Etc/UTC",
	.footer = { .present = 1 } };

struct tz *
tz_utc(void)
{
	static struct tz utc = { .name = "UTC", .footer = { .present = 1 } };

	return &utc;
}

/* the built-in zones: never loaded from a file, never freed */
static int
tz_is_static(const struct tz *z)
{
	return z == tz_utc() || z == &tz_etc_utc;
}

void
tz_free(struct tz *z)
{
	if (z == NULL || tz_is_static(z))
		return;
	mem_free(z->trans);
	mem_free(z->trans_type);
	mem_free(z->type_off);
	mem_free(z);
}

const char *
tz_name(const struct tz *z)
{
	return z->name;
}

enum err
tz_load(const char *name, struct tz **out)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	unsigned char *data = NULL;
	size_t n = 0;
	FILE *f = NULL;
	struct tz *z = NULL;
	enum err e;
	int len;

	if (!tz_name_ok(name) || strstr(name, "..") != NULL)
		return ERR_INVAL;
	if (strcmp(name, "UTC") == 0) {
		*out = tz_utc();
		return ERR_OK;
	}
	if (strcmp(name, "Etc/UTC") == 0) {
		*out = &tz_etc_utc;	/* same zone, its own name */
		return ERR_OK;
	}
	if (dir == NULL || dir[0] == '\0')
		dir = TZ_DIR_DEFAULT;
	len = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= sizeof path)
		return ERR_INVAL;
	f = fopen(path, "rb");
	if (f == NULL) {
		e = ERR_NOTFOUND;
		goto out;
	}
	data = mem_alloc(TZ_FILE_MAX);
	if (data == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	n = fread(data, 1, TZ_FILE_MAX, f);
	if (ferror(f)) {
		/* a directory such as "Europe" opens but does not read */
		e = ERR_NOTFOUND;
		goto out;
	}
	if (n == TZ_FILE_MAX) {
		e = ERR_CORRUPT;
		goto out;
	}
	z = mem_calloc(1, sizeof *z);
	if (z == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	snprintf(z->name, sizeof z->name, "%s", name);
	e = tzif_parse(z, data, n);
	if (e != ERR_OK)
		goto out;
	*out = z;
	z = NULL;
out:
	tz_free(z);
	mem_free(data);
	if (f != NULL)
		fclose(f);
	return e;
}

int
tz_offset_at(const struct tz *z, int64_t t)
{
	size_t lo, hi;

	if (tz_is_static(z))
		return 0;
	if (z->ntrans == 0 || t < z->trans[0]) {
		if (z->ntrans == 0 && z->footer.present)
			return footer_offset(&z->footer, t);
		return z->type_off[0];
	}
	if (t >= z->trans[z->ntrans - 1] && z->footer.present)
		return footer_offset(&z->footer, t);
	/* last transition <= t */
	lo = 0;
	hi = z->ntrans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->type_off[z->trans_type[lo]];
}

enum err
tz_to_utc(const struct tz *z, int64_t local, int64_t *t, int *offset)
{
	int cand[260];
	size_t ncand = 0, i;
	int64_t best = 0;
	int best_off = 0, found = 0;

	if (tz_is_static(z)) {
		*t = local;
		*offset = 0;
		return ERR_OK;
	}
	for (i = 0; i < z->ntypes && ncand < 256; i++)
		cand[ncand++] = z->type_off[i];
	if (z->footer.present) {
		cand[ncand++] = z->footer.std_off;
		if (z->footer.has_dst)
			cand[ncand++] = z->footer.dst_off;
	}
	for (i = 0; i < ncand; i++) {
		int64_t u = local - cand[i];

		if (tz_offset_at(z, u) != cand[i])
			continue;
		if (!found || u < best) {
			best = u;
			best_off = cand[i];
			found = 1;
		}
	}
	if (!found)
		return ERR_INVAL;
	*t = best;
	*offset = best_off;
	return ERR_OK;
}
