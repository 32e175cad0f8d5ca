/*
 * diff.c - word diffs (longest common subsequence of word and space
 * tokens, after trimming the common prefix and suffix) and asset diffs
 * (field by field, block by block).
 *
 * The LCS table is bounded by DIFF_CELLS_MAX; beyond it the differing
 * middle is one deletion and one addition. Does not render.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/diff.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

struct tok {
	const char *p;
	size_t len;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits s into alternating runs of spaces and non-spaces. */
static enum err
tokenize(struct arena *a, const char *s, struct tok **out, size_t *n)
{
	size_t cap = 0, i = 0, len = strlen(s);

	*out = NULL;
	*n = 0;
	while (i < len) {
		size_t j = i;
		bool sp = is_space(s[i]);
		struct tok *t;

		while (j < len && is_space(s[j]) == sp)
			j++;
		t = arena_push(a, (void **)out, n, &cap, sizeof *t);
		if (t == NULL)
			return ERR_NOMEM;
		t->p = s + i;
		t->len = j - i;
		(*n)++;
		i = j;
	}
	return ERR_OK;
}

static bool
tok_eq(const struct tok *x, const struct tok *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

struct spans {
	struct arena *a;
	struct diff_span *v;
	size_t n, cap;
	enum err e;
};

static void
emit(struct spans *s, enum diff_op op, const struct tok *t)
{
	struct diff_span *d;

	if (s->e != ERR_OK)
		return;
	if (s->n > 0 && s->v[s->n - 1].op == op &&
	    s->v[s->n - 1].p + s->v[s->n - 1].len == t->p) {
		s->v[s->n - 1].len += t->len;
		return;
	}
	d = arena_push(s->a, (void **)&s->v, &s->n, &s->cap, sizeof *d);
	if (d == NULL) {
		s->e = ERR_NOMEM;
		return;
	}
	d->op = op;
	d->p = t->p;
	d->len = t->len;
	s->n++;
}

enum err
diff_words(struct arena *a, const char *old, const char *new,
    struct diff_span **out, size_t *n)
{
	struct tok *x, *y;
	size_t nx, ny, pre = 0, suf = 0, m, k;
	struct spans s = { .a = a };
	enum err e;

	if ((e = tokenize(a, old != NULL ? old : "", &x, &nx)) != ERR_OK ||
	    (e = tokenize(a, new != NULL ? new : "", &y, &ny)) != ERR_OK)
		return e;
	while (pre < nx && pre < ny && tok_eq(&x[pre], &y[pre]))
		pre++;
	while (suf < nx - pre && suf < ny - pre &&
	    tok_eq(&x[nx - 1 - suf], &y[ny - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		emit(&s, DIFF_SAME, &y[i]);
	m = nx - pre - suf;
	k = ny - pre - suf;
	if (m > 0 && k > 0 && (m + 1) * (k + 1) <= DIFF_CELLS_MAX) {
		/* L[i][j]: LCS length of x[pre+i..] and y[pre+j..] */
		uint32_t *L = arena_calloc(a, (m + 1) * (k + 1), sizeof *L);
		size_t i = 0, j = 0;

		if (L == NULL)
			return ERR_NOMEM;
#define AT(i, j) L[(i) * (k + 1) + (j)]
		for (size_t ii = m; ii-- > 0;)
			for (size_t jj = k; jj-- > 0;)
				AT(ii, jj) = tok_eq(&x[pre + ii], &y[pre + jj]) ?
				    AT(ii + 1, jj + 1) + 1 :
				    (AT(ii + 1, jj) >= AT(ii, jj + 1) ?
				    AT(ii + 1, jj) : AT(ii, jj + 1));
		while (i < m && j < k) {
			if (tok_eq(&x[pre + i], &y[pre + j])) {
				emit(&s, DIFF_SAME, &y[pre + j]);
				i++;
				j++;
			} else if (AT(i + 1, j) >= AT(i, j + 1)) {
				emit(&s, DIFF_DEL, &x[pre + i++]);
			} else {
				emit(&s, DIFF_ADD, &y[pre + j++]);
			}
		}
#undef AT
		while (i < m)
			emit(&s, DIFF_DEL, &x[pre + i++]);
		while (j < k)
			emit(&s, DIFF_ADD, &y[pre + j++]);
	} else {
		for (size_t i = 0; i < m; i++)
			emit(&s, DIFF_DEL, &x[pre + i]);
		for (size_t j = 0; j < k; j++)
			emit(&s, DIFF_ADD, &y[pre + j]);
	}
	for (size_t i = ny - suf; i < ny; i++)
		emit(&s, DIFF_SAME, &y[i]);
	if (s.e != ERR_OK)
		return s.e;
	*out = s.v;
	*n = s.n;
	return ERR_OK;
}

struct changes {
	struct arena *a;
	struct asset_change *v;
	size_t n, cap;
	enum err e;
};

static void
change(struct changes *c, const char *where, const char *old,
    const char *new)
{
	struct asset_change *x;

	old = old != NULL ? old : "";
	new = new != NULL ? new : "";
	if (c->e != ERR_OK || strcmp(old, new) == 0)
		return;
	x = arena_push(c->a, (void **)&c->v, &c->n, &c->cap, sizeof *x);
	if (x == NULL || where == NULL) {
		c->e = ERR_NOMEM;
		return;
	}
	x->kind = old[0] == '\0' ? CHANGE_ADDED : new[0] == '\0' ?
	    CHANGE_REMOVED : CHANGE_CHANGED;
	x->where = where;
	x->old = old;
	x->new = new;
	c->n++;
}

/* A list of strings as one line ("a, b, c"), in a. */
static const char *
joined(struct arena *a, char *const *v, size_t n)
{
	size_t len = 1;
	char *s, *o;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	s = o = arena_alloc(a, len);
	if (s == NULL)
		return NULL;
	*o = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);

		if (i > 0) {
			memcpy(o, ", ", 2);
			o += 2;
		}
		memcpy(o, v[i], l);
		o += l;
		*o = '\0';
	}
	return s;
}

static const char *
locales_line(struct arena *a, const struct asset *as)
{
	char **v = arena_calloc(a, as->nlocales + 1, sizeof *v);

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < as->nlocales; i++)
		v[i] = (char *)as->locales[i].tag;
	return joined(a, v, as->nlocales);
}

static const char *
speakers_line(struct arena *a, const struct asset *as)
{
	char **v = arena_calloc(a, as->nspeakers + 1, sizeof *v);

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < as->nspeakers; i++)
		v[i] = as->speakers[i].title != NULL ?
		    arena_printf(a, "%s (%s)", as->speakers[i].name,
		    as->speakers[i].title) : as->speakers[i].name;
	return joined(a, v, as->nspeakers);
}

static const char *
related_line(struct arena *a, const struct asset *as)
{
	char **v = arena_calloc(a, as->nrelated + 1, sizeof *v);

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < as->nrelated; i++)
		v[i] = arena_printf(a, "%lld", (long long)as->related[i]);
	return joined(a, v, as->nrelated);
}

static const char *
state_line(struct arena *a, const struct asset *as)
{
	char t[TIME_RFC3339_MAX] = "";

	if (as->status == ASSET_PUBLISHED && as->publish_at != 0 &&
	    time_format_rfc3339(as->publish_at, 0, t) == ERR_OK)
		return arena_printf(a, "published from %s", t);
	if (as->status == ASSET_WITHDRAWN)
		return arena_printf(a, "withdrawn: %s", as->withdraw_reason !=
		    NULL ? as->withdraw_reason : "");
	return asset_status_name(as->status);
}

static const char *
when_line(struct arena *a, const struct asset *as)
{
	char t[TIME_RFC3339_MAX];

	if (time_format_rfc3339(as->event_at, as->event_offset, t) != ERR_OK)
		return "";
	return arena_strdup(a, t);
}

static const struct block *
block_in(const struct translation *t, const char *id)
{
	for (size_t i = 0; t != NULL && i < t->nblocks; i++)
		if (strcmp(t->blocks[i].id, id) == 0)
			return &t->blocks[i];
	return NULL;
}

enum err
asset_diff(struct arena *a, const struct asset *old, const struct asset *new,
    struct asset_change **out, size_t *n)
{
	struct changes c = { .a = a };

	change(&c, "slug", old->slug, new->slug);
	change(&c, "kind", asset_kind_name(old->kind),
	    asset_kind_name(new->kind));
	change(&c, "date", when_line(a, old), when_line(a, new));
	change(&c, "place", old->place, new->place);
	change(&c, "state", state_line(a, old), state_line(a, new));
	change(&c, "announced in", locales_line(a, old),
	    locales_line(a, new));
	change(&c, "speakers", speakers_line(a, old), speakers_line(a, new));
	change(&c, "tags", joined(a, old->tags, old->ntags),
	    joined(a, new->tags, new->ntags));
	change(&c, "related", related_line(a, old), related_line(a, new));
	for (size_t i = 0; i < new->ntranslations; i++) {
		const struct translation *t = &new->translations[i];
		const struct translation *o = asset_translation(old,
		    &t->locale);
		const char *tag = t->locale.tag;

		change(&c, arena_printf(a, "%s title", tag),
		    o != NULL ? o->title : "", t->title);
		change(&c, arena_printf(a, "%s summary", tag),
		    o != NULL ? o->summary : "", t->summary);
		for (size_t k = 0; k < t->nblocks; k++) {
			const struct block *ob = block_in(o,
			    t->blocks[k].id);

			change(&c, arena_printf(a, "%s #%s", tag,
			    t->blocks[k].id), ob != NULL ? ob->text : "",
			    t->blocks[k].text);
		}
		for (size_t k = 0; o != NULL && k < o->nblocks; k++)
			if (block_in(t, o->blocks[k].id) == NULL)
				change(&c, arena_printf(a, "%s #%s", tag,
				    o->blocks[k].id), o->blocks[k].text, "");
	}
	for (size_t i = 0; i < old->ntranslations; i++) {
		const struct translation *o = &old->translations[i];

		if (asset_translation(new, &o->locale) == NULL)
			change(&c, arena_printf(a, "%s translation",
			    o->locale.tag), o->title, "");
	}
	if (c.e != ERR_OK)
		return c.e;
	*out = c.v;
	*n = c.n;
	return ERR_OK;
}
