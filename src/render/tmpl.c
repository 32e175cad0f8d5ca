/*
 * tmpl.c - Mustache-style templates: parsed into a flat node list when added,
 * bound to a schema when checked, rendered with escaping through html.h.
 *
 * tmpl_set_add parses once: text runs, tags, dotted names split into parts,
 * standalone lines already cut away. tmpl_check resolves every name to the
 * scope that declares it in the schema (so a render walks no scope chain by
 * name) and expands partials in the scope they are included in. A render
 * then only follows the precomputed binding and compares keys in the one
 * object that holds each value.
 *
 * Does not support set delimiters or lambdas, does not look a name up in an
 * outer scope when the declared scope lacks the value at run time (it is
 * missing, so it renders empty), and does not lock: a set is built and
 * checked at start-up and only read while rendering.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/tmpl.h"
#include "pressroom/banned.h"

/* ---------------------------------------------------------------- values */

struct tval_member {
	const char *key;	/* borrowed */
	size_t keylen;
	struct tval *val;
};

/*
 * A value. An object holds unique keys in the order they were first set; a
 * list holds only objects or only strings (of_str, fixed by its first
 * element).
 */
struct tval {
	enum tval_type type;
	bool of_str;
	union {
		struct str s;
		struct html h;
		bool b;
		struct {
			void *items;	/* tval_member (OBJ), tval * (LIST) */
			size_t n, cap;
		} arr;
	} u;
};

/* the arena's first error for a NULL that came from a failed constructor */
static enum err
tval_bad(const struct arena *a)
{
	return a != NULL && a->err != ERR_OK ? a->err : ERR_INVAL;
}

static struct tval *
tval_new(struct arena *a, enum tval_type type)
{
	struct tval *v;

	if (a == NULL)
		return NULL;
	v = arena_calloc(a, 1, sizeof *v);
	if (v != NULL)
		v->type = type;
	return v;
}

struct tval *
tval_obj(struct arena *a)
{
	return tval_new(a, TVAL_OBJ);
}

struct tval *
tval_list(struct arena *a)
{
	return tval_new(a, TVAL_LIST);
}

static enum err
tval_put(struct arena *a, struct tval *o, const char *key, struct tval *val)
{
	struct tval_member *m = o->u.arr.items;
	size_t keylen = strlen(key);

	for (size_t i = 0; i < o->u.arr.n; i++) {
		if (m[i].keylen == keylen &&
		    memcmp(m[i].key, key, keylen) == 0) {
			m[i].val = val;
			return ERR_OK;
		}
	}
	m = arena_push(a, &o->u.arr.items, &o->u.arr.n, &o->u.arr.cap,
	    sizeof *m);
	if (m == NULL)
		return tval_bad(a);
	m->key = key;
	m->keylen = keylen;
	m->val = val;
	o->u.arr.n++;
	return ERR_OK;
}

/* validates the target object before anything is allocated for it */
static enum err
tval_obj_ok(const struct arena *a, const struct tval *o, const char *key)
{
	if (o == NULL || a == NULL)
		return tval_bad(a);
	if (key == NULL || o->type != TVAL_OBJ)
		return ERR_INVAL;
	return ERR_OK;
}

enum err
tval_set_str(struct arena *a, struct tval *o, const char *key, const char *s)
{
	struct tval *v;
	enum err e;

	if ((e = tval_obj_ok(a, o, key)) != ERR_OK)
		return e;
	if ((v = tval_new(a, s != NULL ? TVAL_STR : TVAL_NULL)) == NULL)
		return tval_bad(a);
	if (s != NULL)
		v->u.s = str_from(s);
	return tval_put(a, o, key, v);
}

enum err
tval_set_html(struct arena *a, struct tval *o, const char *key,
    struct html h)
{
	struct tval *v;
	enum err e;

	if ((e = tval_obj_ok(a, o, key)) != ERR_OK)
		return e;
	if ((v = tval_new(a, h.p != NULL ? TVAL_HTML : TVAL_NULL)) == NULL)
		return tval_bad(a);
	if (h.p != NULL)
		v->u.h = h;
	return tval_put(a, o, key, v);
}

enum err
tval_set_bool(struct arena *a, struct tval *o, const char *key, bool b)
{
	struct tval *v;
	enum err e;

	if ((e = tval_obj_ok(a, o, key)) != ERR_OK)
		return e;
	if ((v = tval_new(a, TVAL_BOOL)) == NULL)
		return tval_bad(a);
	v->u.b = b;
	return tval_put(a, o, key, v);
}

enum err
tval_set(struct arena *a, struct tval *o, const char *key, struct tval *child)
{
	enum err e;

	if ((e = tval_obj_ok(a, o, key)) != ERR_OK)
		return e;
	if (child == NULL)
		return tval_bad(a);
	if (child == o)
		return ERR_INVAL;	/* a cycle would render forever */
	return tval_put(a, o, key, child);
}

static enum err
tval_append(struct arena *a, struct tval *list, struct tval *v)
{
	struct tval **slot;

	slot = arena_push(a, &list->u.arr.items, &list->u.arr.n,
	    &list->u.arr.cap, sizeof *slot);
	if (slot == NULL)
		return tval_bad(a);
	*slot = v;
	list->u.arr.n++;
	list->of_str = v->type == TVAL_STR;
	return ERR_OK;
}

struct tval *
tval_push_obj(struct arena *a, struct tval *list)
{
	struct tval *v;

	if (list == NULL || list->type != TVAL_LIST ||
	    (list->u.arr.n > 0 && list->of_str))
		return NULL;
	if ((v = tval_obj(a)) == NULL)
		return NULL;
	if (tval_append(a, list, v) != ERR_OK)
		return NULL;
	return v;
}

enum err
tval_push_str(struct arena *a, struct tval *list, const char *s)
{
	struct tval *v;

	if (list == NULL || a == NULL)
		return tval_bad(a);
	if (s == NULL || list->type != TVAL_LIST ||
	    (list->u.arr.n > 0 && !list->of_str))
		return ERR_INVAL;
	if ((v = tval_new(a, TVAL_STR)) == NULL)
		return tval_bad(a);
	v->u.s = str_from(s);
	return tval_append(a, list, v);
}

/* the member called name of object o, NULL if it has none */
static const struct tval *
tval_get(const struct tval *o, struct str name)
{
	const struct tval_member *m = o->u.arr.items;

	for (size_t i = 0; i < o->u.arr.n; i++)
		if (m[i].keylen == name.len &&
		    memcmp(m[i].key, name.p, name.len) == 0)
			return m[i].val;
	return NULL;
}

/* ------------------------------------------------------------- templates */

enum tmpl_kind {
	TMPL_TEXT,
	TMPL_VAR,	/* {{name}}: escaped text */
	TMPL_RAW,	/* {{{name}}}, {{&name}}: trusted HTML as it is */
	TMPL_SECTION,	/* {{#name}}: body is the nodes up to end */
	TMPL_INVERTED,	/* {{^name}} */
	TMPL_PARTIAL,	/* {{>name}} */
	TMPL__MAX
};

/*
 * One parsed piece of a template. Comments and closing tags leave no node;
 * the body of a section is the nodes from index + 1 up to (not with) end.
 */
struct tmpl_node {
	enum tmpl_kind kind;
	bool bol;		/* starts a line of the source (and is kept) */
	bool standalone;	/* PARTIAL: alone on its line */
	size_t off;		/* offset of the text or the tag, for diag */
	size_t end;		/* SECTION, INVERTED: index after the body */
	struct str text;	/* TEXT: bytes; others: the name as written */
	struct str indent;	/* PARTIAL, standalone: the blanks before it */
	size_t part;		/* names: parts[part .. part + nparts) */
	size_t nparts;		/* 0 for {{.}} */
};

/*
 * Where a name was found while checking: frames up from the innermost
 * scope, the schema's type of the value, and for a partial its binding.
 */
struct tmpl_bind {
	const struct tmpl_bound *partial;
	unsigned up;
	enum tval_type type;
	bool of_obj;		/* LIST: elements are objects, else strings */
};

/* A scope while checking: an object with these fields, or a string. */
struct tmpl_frame {
	enum tval_type type;	/* TVAL_OBJ or TVAL_STR */
	const struct tschema *fields;
};

/*
 * A template bound to one stack of scopes: one bind per node. Made by
 * tmpl_check, owned by the checked template (in its list), never changed
 * after the check returns.
 */
struct tmpl_bound {
	struct tmpl_bound *next;
	const struct tmpl *t;
	struct tmpl_frame frames[LIMIT_TEMPLATE_DEPTH + 1];	/* memo key */
	size_t nframes;
	unsigned height;	/* deepest nesting of sections and partials */
	struct tmpl_bind binds[];
};

/*
 * A parsed template. entry is NULL until a check succeeds; it and every
 * binding of the partials it reached are in bounds.
 */
struct tmpl {
	char *name;
	char *src;
	size_t len;
	struct tmpl_node *nodes;
	size_t nnodes, capnodes;
	struct str *parts;
	size_t nparts, capparts;
	struct tmpl_bound *bounds;
	const struct tmpl_bound *entry;
};

struct tmpl_set {
	struct tmpl **items;
	size_t n, cap;
};

static const char *const tval_type_names[TVAL__MAX] = {
	[TVAL_NULL] = "null",
	[TVAL_STR] = "text",
	[TVAL_HTML] = "HTML",
	[TVAL_BOOL] = "a bool",
	[TVAL_LIST] = "a list",
	[TVAL_OBJ] = "an object",
};

static void
tmpl_unbind(struct tmpl *t)
{
	struct tmpl_bound *b, *next;

	for (b = t->bounds; b != NULL; b = next) {
		next = b->next;
		mem_free(b);
	}
	t->bounds = NULL;
	t->entry = NULL;
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	tmpl_unbind(t);
	mem_free(t->nodes);
	mem_free(t->parts);
	mem_free(t->src);
	mem_free(t->name);
	mem_free(t);
}

static struct tmpl *
tmpl_find(const struct tmpl_set *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strncmp(s->items[i]->name, name, len) == 0 &&
		    s->items[i]->name[len] == '\0')
			return s->items[i];
	return NULL;
}

/*
 * Room for one more than n elements of size bytes: items itself while it has
 * room, else a larger copy (*cap updated). NULL on failure, items untouched.
 */
static void *
tmpl_grow(void *items, size_t n, size_t *cap, size_t size)
{
	size_t ncap, bytes;
	void *p;

	if (n < *cap)
		return items;
	ncap = *cap == 0 ? 16 : *cap;
	if (!mem_mul(ncap, 2, &ncap) || !mem_mul(ncap, size, &bytes))
		return NULL;
	if ((p = mem_realloc(items, bytes)) == NULL)
		return NULL;
	*cap = ncap;
	return p;
}

/* ----------------------------------------------------------- diagnostics */

/* 1-based line and column (in code points) of src[off] */
static void
tmpl_pos(const char *src, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)src[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* s quoted for a message: printable ASCII as it is, else \xNN; cut at 48 */
static const char *
tmpl_quote(char *out, size_t outlen, struct str s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	for (i = 0; i < s.len && i < 48 && o + 5 < outlen; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (i < s.len && o + 4 < outlen) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/*
 * Records msg at src[off] (if where) of template tname, then from, unless d
 * has a message already. d->file is left as the caller set it: template
 * names may die with the set or the caller's buffer before d is read.
 */
static void
tmpl_diag(struct diag *d, const char *tname, const char *src, size_t off,
    bool where, const char *msg, const char *from)
{
	unsigned line = 0, col = 0;
	char q[200];

	if (d == NULL || d->msg[0] != '\0')
		return;
	if (where)
		tmpl_pos(src, off, &line, &col);
	diag_set(d, line, col, "%s in template \"%s\"%s", msg,
	    tmpl_quote(q, sizeof q, str_from(tname)), from);
}

/* ---------------------------------------------------------------- parser */

struct tmpl_parser {
	struct tmpl *t;
	const char *name;	/* given to tmpl_set_add, for messages */
	struct diag *d;
	size_t open[LIMIT_TEMPLATE_DEPTH];	/* open sections: node index */
	size_t nopen;
};

static enum err
tmpl_parse_fail(struct tmpl_parser *p, enum err e, size_t off,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum err
tmpl_parse_fail(struct tmpl_parser *p, enum err e, size_t off,
    const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tmpl_diag(p->d, p->name, p->t->src, off, true, msg, "");
	return e;
}

static struct tmpl_node *
tmpl_node_add(struct tmpl_parser *p, enum tmpl_kind kind, size_t off)
{
	struct tmpl *t = p->t;
	struct tmpl_node *n;

	n = tmpl_grow(t->nodes, t->nnodes, &t->capnodes, sizeof *t->nodes);
	if (n == NULL)
		return NULL;
	t->nodes = n;
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->off = off;
	n->bol = off == 0 || t->src[off - 1] == '\n';
	return n;
}

static enum err
tmpl_text_add(struct tmpl_parser *p, size_t from, size_t to)
{
	struct tmpl_node *n;

	if (to <= from)
		return ERR_OK;
	if ((n = tmpl_node_add(p, TMPL_TEXT, from)) == NULL)
		return ERR_NOMEM;
	n->text = str_make(p->t->src + from, to - from);
	return ERR_OK;
}

static bool
tmpl_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Splits name (trimmed, not empty) at dots into parts of node n. */
static enum err
tmpl_name_parse(struct tmpl_parser *p, struct tmpl_node *n, size_t off)
{
	struct tmpl *t = p->t;
	struct str name = n->text, part, *parts;
	char q[200];
	size_t i, start;

	if (name.len == 1 && name.p[0] == '.') {
		n->nparts = 0;
		return ERR_OK;
	}
	for (i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.p[i];

		if (c != '.' && !tmpl_name_char(c))
			return tmpl_parse_fail(p, ERR_INVAL, off,
			    "bad character in name \"%s\" (names are letters, "
			    "digits, _ and -, joined by dots)",
			    tmpl_quote(q, sizeof q, name));
	}
	n->part = t->nparts;
	start = 0;
	for (i = 0; i <= name.len; i++) {
		if (i < name.len && name.p[i] != '.')
			continue;
		part = str_make(name.p + start, i - start);
		if (part.len == 0)
			return tmpl_parse_fail(p, ERR_INVAL, off,
			    "empty part in dotted name \"%s\"",
			    tmpl_quote(q, sizeof q, name));
		if ((parts = tmpl_grow(t->parts, t->nparts, &t->capparts,
		    sizeof *t->parts)) == NULL)
			return ERR_NOMEM;
		t->parts = parts;
		t->parts[t->nparts++] = part;
		n->nparts++;
		start = i + 1;
	}
	return ERR_OK;
}

static enum err
tmpl_partial_name_check(struct tmpl_parser *p, struct str name, size_t off)
{
	char q[200];

	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.p[i];

		if (!tmpl_name_char(c) && c != '.' && c != '/')
			return tmpl_parse_fail(p, ERR_INVAL, off,
			    "bad character in partial name \"%s\" (letters, "
			    "digits, _ - . and /)",
			    tmpl_quote(q, sizeof q, name));
	}
	return ERR_OK;
}

/* Offset of the first "needle" (of nlen bytes) at or after from, or len. */
static size_t
tmpl_memfind(const char *s, size_t len, size_t from, const char *needle,
    size_t nlen)
{
	const char *hit;

	while (from + nlen <= len) {
		hit = memchr(s + from, needle[0], len - from - nlen + 1);
		if (hit == NULL)
			break;
		from = (size_t)(hit - s);
		if (memcmp(hit, needle, nlen) == 0)
			return from;
		from++;
	}
	return len;
}

static bool
tmpl_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Handles one tag: sigil is its first character ('\0' for a variable, '{'
 * for a triple), name what follows, trimmed; its "{{" is at off. When it is
 * standalone, its line's blanks start at ls.
 */
static enum err
tmpl_tag(struct tmpl_parser *p, char sigil, struct str name, size_t off,
    bool standalone, size_t ls)
{
	struct tmpl *t = p->t;
	struct tmpl_node *n, *open;
	enum tmpl_kind kind;
	char q[200], q2[200];
	enum err e;

	if (sigil == '!')
		return ERR_OK;
	if (sigil == '=')
		return tmpl_parse_fail(p, ERR_INVAL, off,
		    "set delimiters ({{=...=}}) are not supported");
	if (name.len == 0)
		return tmpl_parse_fail(p, ERR_INVAL, off, "empty name in tag");
	if (sigil == '/') {
		if (p->nopen == 0)
			return tmpl_parse_fail(p, ERR_INVAL, off,
			    "{{/%s}} closes no open section",
			    tmpl_quote(q, sizeof q, name));
		open = &t->nodes[p->open[p->nopen - 1]];
		if (!str_eq(open->text, name)) {
			unsigned line, col;

			tmpl_pos(t->src, open->off, &line, &col);
			return tmpl_parse_fail(p, ERR_INVAL, off,
			    "{{/%s}} does not close {{%c%s}} of line %u col %u",
			    tmpl_quote(q, sizeof q, name),
			    open->kind == TMPL_SECTION ? '#' : '^',
			    tmpl_quote(q2, sizeof q2, open->text), line, col);
		}
		open->end = t->nnodes;
		p->nopen--;
		return ERR_OK;
	}
	switch (sigil) {
	case '#':
		kind = TMPL_SECTION;
		break;
	case '^':
		kind = TMPL_INVERTED;
		break;
	case '>':
		kind = TMPL_PARTIAL;
		break;
	case '&':
	case '{':
		kind = TMPL_RAW;
		break;
	default:
		kind = TMPL_VAR;
		break;
	}
	if ((kind == TMPL_SECTION || kind == TMPL_INVERTED) &&
	    p->nopen == LIMIT_TEMPLATE_DEPTH)
		return tmpl_parse_fail(p, ERR_LIMIT, off,
		    "sections nested more than %d deep", LIMIT_TEMPLATE_DEPTH);
	if (kind == TMPL_PARTIAL &&
	    (e = tmpl_partial_name_check(p, name, off)) != ERR_OK)
		return e;
	if ((n = tmpl_node_add(p, kind, off)) == NULL)
		return ERR_NOMEM;
	n->text = name;
	if (standalone) {
		n->bol = false;	/* its line is gone */
		n->standalone = kind == TMPL_PARTIAL;
		n->indent = str_make(t->src + ls, off - ls);
	}
	if (kind == TMPL_PARTIAL)
		return ERR_OK;
	if ((e = tmpl_name_parse(p, n, off)) != ERR_OK)
		return e;
	if (kind == TMPL_SECTION || kind == TMPL_INVERTED)
		p->open[p->nopen++] = t->nnodes - 1;
	return ERR_OK;
}

static enum err
tmpl_parse(struct tmpl_parser *p)
{
	const char *src = p->t->src;
	size_t len = p->t->len, i = 0, text = 0;
	size_t cs, ce, te, ls, next;
	bool triple, standalone;
	struct tmpl_node *open;
	char sigil, q[200];
	enum err e;

	for (;;) {
		i = tmpl_memfind(src, len, i, "{{", 2);
		if (i == len)
			break;
		triple = i + 2 < len && src[i + 2] == '{';
		cs = i + (triple ? 3 : 2);
		ce = tmpl_memfind(src, len, cs, triple ? "}}}" : "}}",
		    triple ? 3 : 2);
		if (ce == len)
			return tmpl_parse_fail(p, ERR_INVAL, i,
			    triple ? "unclosed tag: no }}} after {{{" :
			    "unclosed tag: no }} after {{");
		te = ce + (triple ? 3 : 2);
		sigil = triple ? '{' : cs < ce ? src[cs] : '\0';
		if (!triple && sigil != '\0' &&
		    strchr("#^/!>&=", sigil) != NULL)
			cs++;
		else if (!triple)
			sigil = '\0';

		/* standalone: only blanks around it on its line */
		standalone = false;
		ls = i;
		next = te;
		if (sigil != '\0' && sigil != '{' && sigil != '&') {
			while (ls > 0 && tmpl_blank(src[ls - 1]))
				ls--;
			while (next < len && tmpl_blank(src[next]))
				next++;
			if ((ls == 0 || src[ls - 1] == '\n') &&
			    (next == len || src[next] == '\n' ||
			    (src[next] == '\r' && next + 1 < len &&
			    src[next + 1] == '\n'))) {
				standalone = true;
				if (next < len)
					next += src[next] == '\r' ? 2 : 1;
			} else {
				ls = i;
				next = te;
			}
		}
		if ((e = tmpl_text_add(p, text, ls)) != ERR_OK)
			return e;
		e = tmpl_tag(p, sigil, sigil == '!' ? str_make("", 0) :
		    str_trim(str_make(src + cs, ce - cs)), i, standalone, ls);
		if (e != ERR_OK)
			return e;
		text = i = next;
	}
	if ((e = tmpl_text_add(p, text, len)) != ERR_OK)
		return e;
	if (p->nopen > 0) {
		open = &p->t->nodes[p->open[p->nopen - 1]];
		return tmpl_parse_fail(p, ERR_INVAL, open->off,
		    "unclosed section {{%c%s}}",
		    open->kind == TMPL_SECTION ? '#' : '^',
		    tmpl_quote(q, sizeof q, open->text));
	}
	return ERR_OK;
}

/* ------------------------------------------------------------------ sets */

enum err
tmpl_set_new(struct tmpl_set **out)
{
	struct tmpl_set *s;

	if (out == NULL)
		return ERR_INVAL;
	if ((s = mem_calloc(1, sizeof *s)) == NULL)
		return ERR_NOMEM;
	*out = s;
	return ERR_OK;
}

void
tmpl_set_free(struct tmpl_set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		tmpl_free(s->items[i]);
	mem_free(s->items);
	mem_free(s);
}

bool
tmpl_set_has(const struct tmpl_set *s, const char *name)
{
	return s != NULL && name != NULL &&
	    tmpl_find(s, name, strlen(name)) != NULL;
}

/* Un-checks every template whose check reached old (about to be freed). */
static void
tmpl_set_forget(struct tmpl_set *s, const struct tmpl *old)
{
	for (size_t i = 0; i < s->n; i++) {
		struct tmpl *t = s->items[i];

		for (const struct tmpl_bound *b = t->bounds; b != NULL;
		    b = b->next) {
			if (b->t == old) {
				tmpl_unbind(t);
				break;
			}
		}
	}
}

enum err
tmpl_set_add(struct tmpl_set *s, const char *name, const char *src,
    size_t n, struct diag *d)
{
	struct tmpl_parser p;
	struct tmpl *t = NULL, *old, **items;
	enum err e;

	if (s == NULL || name == NULL || (src == NULL && n > 0)) {
		e = ERR_INVAL;
		goto out;
	}
	if (name[0] == '\0') {
		diag_set(d, 0, 0, "empty template name");
		e = ERR_INVAL;
		goto out;
	}
	if (n > LIMIT_TEMPLATE_BYTES) {
		char msg[64];

		snprintf(msg, sizeof msg, "larger than %u bytes",
		    LIMIT_TEMPLATE_BYTES);
		tmpl_diag(d, name, NULL, 0, false, msg, "");
		e = ERR_LIMIT;
		goto out;
	}
	e = ERR_NOMEM;
	if ((t = mem_calloc(1, sizeof *t)) == NULL ||
	    (t->name = mem_strndup(name, strlen(name))) == NULL ||
	    (t->src = mem_strndup(n > 0 ? src : "", n)) == NULL)
		goto out;
	t->len = n;
	p.t = t;
	p.name = name;
	p.d = d;
	p.nopen = 0;
	if ((e = tmpl_parse(&p)) != ERR_OK)
		goto out;
	if ((old = tmpl_find(s, name, strlen(name))) != NULL) {
		for (size_t i = 0; i < s->n; i++)
			if (s->items[i] == old)
				s->items[i] = t;
		tmpl_set_forget(s, old);
		tmpl_free(old);
	} else {
		items = tmpl_grow(s->items, s->n, &s->cap, sizeof *s->items);
		if (items == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		s->items = items;
		s->items[s->n++] = t;
	}
	t = NULL;
	e = ERR_OK;
out:
	tmpl_free(t);
	return e;
}

/* --------------------------------------------------------------- checker */

struct tmpl_checker {
	struct tmpl_set *s;
	struct diag *d;
	struct tmpl_bound *bounds;	/* made by this check */
	struct tmpl_frame frames[LIMIT_TEMPLATE_DEPTH + 1];
	size_t nframes;
	struct {
		const struct tmpl *t;
		size_t off;
	} incl[LIMIT_TEMPLATE_DEPTH + 1];	/* partial tags followed */
	size_t nincl;
};

static enum err
tmpl_check_fail(struct tmpl_checker *c, const struct tmpl *t, size_t off,
    enum err e, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static enum err
tmpl_check_fail(struct tmpl_checker *c, const struct tmpl *t, size_t off,
    enum err e, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX], from[256], q[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	from[0] = '\0';
	if (c->nincl > 0) {
		const struct tmpl *it = c->incl[c->nincl - 1].t;
		unsigned line, col;

		tmpl_pos(it->src, c->incl[c->nincl - 1].off, &line, &col);
		snprintf(from, sizeof from, " (included from \"%s\" line %u "
		    "col %u)", tmpl_quote(q, sizeof q, str_from(it->name)),
		    line, col);
	}
	tmpl_diag(c->d, t->name, t->src, off, true, msg, from);
	return e;
}

static const struct tschema *
tmpl_schema_find(const struct tschema *fields, struct str name)
{
	if (fields == NULL)
		return NULL;
	for (; fields->name != NULL; fields++)
		if (str_eq_cstr(name, fields->name))
			return fields;
	return NULL;
}

/*
 * Resolves the name of node n to the innermost scope that declares its first
 * part, then through objects for the others. *field is the schema entry.
 */
static enum err
tmpl_resolve(struct tmpl_checker *c, const struct tmpl *t,
    const struct tmpl_node *n, struct tmpl_bind *b,
    const struct tschema **field)
{
	const struct str *parts = n->nparts > 0 ? t->parts + n->part : NULL;
	const struct tschema *f = NULL;
	char q[200], q2[200], q3[200];
	size_t k;

	*field = NULL;
	if (n->nparts == 0) {
		if (c->frames[c->nframes - 1].type != TVAL_STR)
			return tmpl_check_fail(c, t, n->off, ERR_INVAL,
			    "{{.}} is only for a string: use it in a section "
			    "over a list of strings or a string");
		b->up = 0;
		b->type = TVAL_STR;
		return ERR_OK;
	}
	for (k = c->nframes; k-- > 0;) {
		if (c->frames[k].type == TVAL_OBJ &&
		    (f = tmpl_schema_find(c->frames[k].fields, parts[0])) !=
		    NULL)
			break;
	}
	if (f == NULL)
		return tmpl_check_fail(c, t, n->off, ERR_INVAL,
		    "unknown variable \"%s\"",
		    tmpl_quote(q, sizeof q, n->text));
	b->up = (unsigned)(c->nframes - 1 - k);
	for (size_t i = 1; i < n->nparts; i++) {
		if (f->type != TVAL_OBJ)
			return tmpl_check_fail(c, t, n->off, ERR_INVAL,
			    "unknown variable \"%s\": \"%s\" is %s, not an "
			    "object", tmpl_quote(q, sizeof q, n->text),
			    tmpl_quote(q2, sizeof q2, parts[i - 1]),
			    (unsigned)f->type < TVAL__MAX ?
			    tval_type_names[f->type] : "of a bad type");
		if ((f = tmpl_schema_find(f->fields, parts[i])) == NULL)
			return tmpl_check_fail(c, t, n->off, ERR_INVAL,
			    "unknown variable \"%s\": \"%s\" has no field "
			    "\"%s\"", tmpl_quote(q, sizeof q, n->text),
			    tmpl_quote(q2, sizeof q2, parts[i - 1]),
			    tmpl_quote(q3, sizeof q3, parts[i]));
	}
	if ((unsigned)f->type >= TVAL__MAX || f->type == TVAL_NULL)
		return tmpl_check_fail(c, t, n->off, ERR_INVAL,
		    "schema field \"%s\" has no valid type",
		    tmpl_quote(q, sizeof q, n->text));
	b->type = f->type;
	b->of_obj = f->fields != NULL;
	*field = f;
	return ERR_OK;
}

/*
 * A partial that includes itself, directly or through others, would nest
 * without end: ERR_LIMIT (the depth limit would catch it later, with a less
 * helpful message), naming the cycle.
 */
static enum err
tmpl_check_cycle(struct tmpl_checker *c, const struct tmpl *t,
    const struct tmpl_node *n, const struct tmpl *pt)
{
	char chain[DIAG_MSG_MAX];
	size_t k, used = 0;

	for (k = 0; k < c->nincl; k++)
		if (c->incl[k].t == pt)
			break;
	if (k == c->nincl && pt != t)
		return ERR_OK;
	chain[0] = '\0';
	for (; k < c->nincl && used + 1 < sizeof chain; k++) {
		snprintf(chain + used, sizeof chain - used, "%s -> ",
		    c->incl[k].t->name);
		used += strlen(chain + used);
	}
	if (used + 1 < sizeof chain)
		snprintf(chain + used, sizeof chain - used, "%s -> %s",
		    t->name, pt->name);
	return tmpl_check_fail(c, t, n->off, ERR_LIMIT,
	    "partial \"%s\" includes itself (%s)", pt->name, chain);
}

static enum err tmpl_check_tmpl(struct tmpl_checker *c, const struct tmpl *t,
    unsigned depth, const struct tmpl_bound **out);

static enum err
tmpl_check_range(struct tmpl_checker *c, const struct tmpl *t,
    struct tmpl_bound *b, size_t from, size_t to, unsigned depth,
    unsigned *height)
{
	const struct tmpl_bound *pb;
	const struct tschema *f;
	const struct tmpl *pt;
	unsigned h;
	char q[200];
	bool push;
	enum err e;

	*height = 0;
	for (size_t i = from; i < to; i++) {
		const struct tmpl_node *n = &t->nodes[i];
		struct tmpl_bind *bd = &b->binds[i];

		switch (n->kind) {
		case TMPL_TEXT:
			break;
		case TMPL_VAR:
			if ((e = tmpl_resolve(c, t, n, bd, &f)) != ERR_OK)
				return e;
			if (bd->type == TVAL_HTML)
				return tmpl_check_fail(c, t, n->off, ERR_INVAL,
				    "\"%s\" is HTML: insert it with {{{%s}}}",
				    tmpl_quote(q, sizeof q, n->text),
				    tmpl_quote(q, sizeof q, n->text));
			if (bd->type != TVAL_STR)
				return tmpl_check_fail(c, t, n->off, ERR_INVAL,
				    "\"%s\" is %s, not text: use {{#%s}}",
				    tmpl_quote(q, sizeof q, n->text),
				    tval_type_names[bd->type],
				    tmpl_quote(q, sizeof q, n->text));
			break;
		case TMPL_RAW:
			if ((e = tmpl_resolve(c, t, n, bd, &f)) != ERR_OK)
				return e;
			if (bd->type != TVAL_HTML)
				return tmpl_check_fail(c, t, n->off, ERR_INVAL,
				    "\"%s\" is %s, not HTML: only HTML values "
				    "may be inserted raw", tmpl_quote(q,
				    sizeof q, n->text),
				    tval_type_names[bd->type]);
			break;
		case TMPL_SECTION:
		case TMPL_INVERTED:
			if (depth >= LIMIT_TEMPLATE_DEPTH)
				return tmpl_check_fail(c, t, n->off, ERR_LIMIT,
				    "sections and partials nested more than "
				    "%d deep", LIMIT_TEMPLATE_DEPTH);
			if ((e = tmpl_resolve(c, t, n, bd, &f)) != ERR_OK)
				return e;
			if (bd->type == TVAL_HTML)
				return tmpl_check_fail(c, t, n->off, ERR_INVAL,
				    "\"%s\" is HTML: a section needs a list, "
				    "an object, a bool or text",
				    tmpl_quote(q, sizeof q, n->text));
			push = n->kind == TMPL_SECTION &&
			    bd->type != TVAL_BOOL;
			if (push) {
				struct tmpl_frame *fr =
				    &c->frames[c->nframes++];

				fr->type = bd->type == TVAL_STR ||
				    (bd->type == TVAL_LIST && !bd->of_obj) ?
				    TVAL_STR : TVAL_OBJ;
				fr->fields = fr->type == TVAL_OBJ && f != NULL ?
				    f->fields : NULL;
			}
			e = tmpl_check_range(c, t, b, i + 1, n->end, depth + 1,
			    &h);
			if (push)
				c->nframes--;
			if (e != ERR_OK)
				return e;
			if (h + 1 > *height)
				*height = h + 1;
			i = n->end - 1;
			break;
		case TMPL_PARTIAL:
			pt = tmpl_find(c->s, n->text.p, n->text.len);
			if (pt == NULL)
				return tmpl_check_fail(c, t, n->off,
				    ERR_NOTFOUND, "unknown partial \"%s\"",
				    tmpl_quote(q, sizeof q, n->text));
			if ((e = tmpl_check_cycle(c, t, n, pt)) != ERR_OK)
				return e;
			if (depth >= LIMIT_TEMPLATE_DEPTH)
				return tmpl_check_fail(c, t, n->off, ERR_LIMIT,
				    "sections and partials nested more than "
				    "%d deep", LIMIT_TEMPLATE_DEPTH);
			c->incl[c->nincl].t = t;
			c->incl[c->nincl].off = n->off;
			c->nincl++;
			e = tmpl_check_tmpl(c, pt, depth + 1, &pb);
			c->nincl--;
			if (e != ERR_OK)
				return e;
			if (depth + 1 + pb->height > LIMIT_TEMPLATE_DEPTH)
				return tmpl_check_fail(c, t, n->off, ERR_LIMIT,
				    "sections and partials nested more than "
				    "%d deep", LIMIT_TEMPLATE_DEPTH);
			bd->partial = pb;
			if (pb->height + 1 > *height)
				*height = pb->height + 1;
			break;
		case TMPL__MAX:
			return ERR_INVAL;
		}
	}
	return ERR_OK;
}

static bool
tmpl_frames_eq(const struct tmpl_bound *b, const struct tmpl_checker *c)
{
	if (b->nframes != c->nframes)
		return false;
	for (size_t i = 0; i < c->nframes; i++)
		if (b->frames[i].type != c->frames[i].type ||
		    b->frames[i].fields != c->frames[i].fields)
			return false;
	return true;
}

/*
 * Binds t in the current scopes, at depth sections and partials deep. A
 * binding made earlier in this check for the same scopes is shared, so a
 * partial used many times is checked once per scope stack.
 */
static enum err
tmpl_check_tmpl(struct tmpl_checker *c, const struct tmpl *t, unsigned depth,
    const struct tmpl_bound **out)
{
	struct tmpl_bound *b = NULL;
	size_t size;
	enum err e;

	for (b = c->bounds; b != NULL; b = b->next) {
		if (b->t == t && tmpl_frames_eq(b, c)) {
			*out = b;
			return ERR_OK;	/* the caller checks the height */
		}
	}
	if (!mem_mul(t->nnodes, sizeof b->binds[0], &size) ||
	    !mem_add(size, sizeof *b, &size))
		return ERR_NOMEM;
	if ((b = mem_calloc(1, size)) == NULL)
		return ERR_NOMEM;
	b->t = t;
	memcpy(b->frames, c->frames, c->nframes * sizeof c->frames[0]);
	b->nframes = c->nframes;
	e = tmpl_check_range(c, t, b, 0, t->nnodes, depth, &b->height);
	if (e != ERR_OK) {
		mem_free(b);
		return e;
	}
	b->next = c->bounds;
	c->bounds = b;
	*out = b;
	return ERR_OK;
}

enum err
tmpl_check(struct tmpl_set *s, const char *name,
    const struct tschema *schema, struct diag *d)
{
	struct tmpl_checker c;
	const struct tmpl_bound *entry;
	struct tmpl_bound *b, *next;
	struct tmpl *t;
	char q[200];
	enum err e;

	memset(&c, 0, sizeof c);
	if (s == NULL || name == NULL || schema == NULL) {
		e = ERR_INVAL;
		goto out;
	}
	if ((t = tmpl_find(s, name, strlen(name))) == NULL) {
		diag_set(d, 0, 0, "no template named \"%s\"",
		    tmpl_quote(q, sizeof q, str_from(name)));
		e = ERR_NOTFOUND;
		goto out;
	}
	tmpl_unbind(t);
	c.s = s;
	c.d = d;
	c.frames[0].type = TVAL_OBJ;
	c.frames[0].fields = schema;
	c.nframes = 1;
	if ((e = tmpl_check_tmpl(&c, t, 0, &entry)) != ERR_OK)
		goto out;
	t->bounds = c.bounds;
	t->entry = entry;
	c.bounds = NULL;
out:
	for (b = c.bounds; b != NULL; b = next) {
		next = b->next;
		mem_free(b);
	}
	return e;
}

/* -------------------------------------------------------------- renderer */

struct tmpl_renderer {
	struct buf *out;
	const struct tval *frames[LIMIT_TEMPLATE_DEPTH + 1];
	size_t nframes;
	struct str indent[LIMIT_TEMPLATE_DEPTH + 1];	/* of partials */
	size_t nindent;
};

static void
tmpl_indent(struct tmpl_renderer *r)
{
	for (size_t i = 0; i < r->nindent; i++)
		buf_addstr(r->out, r->indent[i]);
}

/* text of an indented partial: the indent goes after every inner newline */
static void
tmpl_text_indented(struct tmpl_renderer *r, struct str s)
{
	size_t nl;

	while (s.len > 0) {
		nl = str_find_char(s, '\n');
		if (nl == s.len) {
			buf_addstr(r->out, s);
			return;
		}
		buf_add(r->out, s.p, nl + 1);
		s.p += nl + 1;
		s.len -= nl + 1;
		if (s.len > 0)
			tmpl_indent(r);
	}
}

/* The value a name was bound to; NULL when it is missing or null. */
static enum err
tmpl_lookup(const struct tmpl_renderer *r, const struct tmpl *t,
    const struct tmpl_node *n, const struct tmpl_bind *b,
    const struct tval **out)
{
	const struct tval *v = r->frames[r->nframes - 1 - b->up];
	const struct str *parts = n->nparts > 0 ? t->parts + n->part : NULL;

	*out = NULL;
	for (size_t i = 0; i < n->nparts; i++) {
		if (v->type == TVAL_NULL)
			return ERR_OK;
		if (v->type != TVAL_OBJ)
			return ERR_INVAL;
		if ((v = tval_get(v, parts[i])) == NULL)
			return ERR_OK;
	}
	if (v->type == TVAL_NULL)
		return ERR_OK;
	if (v->type != b->type)
		return ERR_INVAL;
	*out = v;
	return ERR_OK;
}

static enum err tmpl_render_range(struct tmpl_renderer *r,
    const struct tmpl_bound *b, size_t from, size_t to);

/* Renders a section body once with v (NULL: no new scope) innermost. */
static enum err
tmpl_render_body(struct tmpl_renderer *r, const struct tmpl_bound *b,
    size_t i, const struct tval *v)
{
	const struct tmpl_node *n = &b->t->nodes[i];
	enum err e;

	if (v == NULL)
		return tmpl_render_range(r, b, i + 1, n->end);
	if (r->nframes == sizeof r->frames / sizeof r->frames[0])
		return ERR_LIMIT;	/* the check makes this impossible */
	r->frames[r->nframes++] = v;
	e = tmpl_render_range(r, b, i + 1, n->end);
	r->nframes--;
	return e;
}

static enum err
tmpl_render_section(struct tmpl_renderer *r, const struct tmpl_bound *b,
    size_t i, const struct tval *v)
{
	const struct tmpl_bind *bd = &b->binds[i];
	struct tval *const *items;
	enum tval_type want;
	enum err e = ERR_OK;

	if (v == NULL)
		return ERR_OK;
	switch (v->type) {
	case TVAL_LIST:
		items = v->u.arr.items;
		want = bd->of_obj ? TVAL_OBJ : TVAL_STR;
		for (size_t k = 0; k < v->u.arr.n && e == ERR_OK; k++) {
			if (items[k]->type != want)
				return ERR_INVAL;
			if (r->out->err != ERR_OK)
				break;
			e = tmpl_render_body(r, b, i, items[k]);
		}
		return e;
	case TVAL_OBJ:
		return tmpl_render_body(r, b, i, v);
	case TVAL_BOOL:
		return v->u.b ? tmpl_render_body(r, b, i, NULL) : ERR_OK;
	case TVAL_STR:
		return v->u.s.len > 0 ? tmpl_render_body(r, b, i, v) : ERR_OK;
	default:
		return ERR_INVAL;
	}
}

static bool
tmpl_falsy(const struct tval *v)
{
	if (v == NULL)
		return true;
	switch (v->type) {
	case TVAL_LIST:
		return v->u.arr.n == 0;
	case TVAL_BOOL:
		return !v->u.b;
	case TVAL_STR:
		return v->u.s.len == 0;
	default:
		return false;
	}
}

static enum err
tmpl_render_partial(struct tmpl_renderer *r, const struct tmpl_node *n,
    const struct tmpl_bound *pb)
{
	size_t saved = r->nindent;
	enum err e;

	if (!n->standalone)
		r->nindent = 0;	/* its lines are not lines of the includer */
	else if (n->indent.len > 0 && r->nindent < LIMIT_TEMPLATE_DEPTH + 1)
		r->indent[r->nindent++] = n->indent;
	e = tmpl_render_range(r, pb, 0, pb->t->nnodes);
	r->nindent = saved;
	return e;
}

static enum err
tmpl_render_range(struct tmpl_renderer *r, const struct tmpl_bound *b,
    size_t from, size_t to)
{
	const struct tmpl *t = b->t;
	const struct tval *v;
	enum err e;

	for (size_t i = from; i < to; i++) {
		const struct tmpl_node *n = &t->nodes[i];
		const struct tmpl_bind *bd = &b->binds[i];

		if (r->out->err != ERR_OK)
			return r->out->err;
		if (r->nindent > 0 && n->bol)
			tmpl_indent(r);
		switch (n->kind) {
		case TMPL_TEXT:
			if (r->nindent == 0)
				buf_addstr(r->out, n->text);
			else
				tmpl_text_indented(r, n->text);
			break;
		case TMPL_VAR:
			if ((e = tmpl_lookup(r, t, n, bd, &v)) != ERR_OK)
				return e;
			if (v != NULL)
				html_escape(r->out, v->u.s.p, v->u.s.len);
			break;
		case TMPL_RAW:
			if ((e = tmpl_lookup(r, t, n, bd, &v)) != ERR_OK)
				return e;
			if (v != NULL)
				html_add(r->out, v->u.h);
			break;
		case TMPL_SECTION:
			if ((e = tmpl_lookup(r, t, n, bd, &v)) != ERR_OK ||
			    (e = tmpl_render_section(r, b, i, v)) != ERR_OK)
				return e;
			i = n->end - 1;
			break;
		case TMPL_INVERTED:
			if ((e = tmpl_lookup(r, t, n, bd, &v)) != ERR_OK)
				return e;
			if (tmpl_falsy(v) &&
			    (e = tmpl_render_body(r, b, i, NULL)) != ERR_OK)
				return e;
			i = n->end - 1;
			break;
		case TMPL_PARTIAL:
			if ((e = tmpl_render_partial(r, n, bd->partial)) !=
			    ERR_OK)
				return e;
			break;
		case TMPL__MAX:
			return ERR_INVAL;
		}
	}
	return ERR_OK;
}

enum err
tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tval *root, struct buf *out)
{
	struct tmpl_renderer r;
	const struct tmpl *t;
	size_t start;
	enum err e;

	if (s == NULL || name == NULL || root == NULL || out == NULL)
		return ERR_INVAL;
	if ((t = tmpl_find(s, name, strlen(name))) == NULL)
		return ERR_NOTFOUND;
	if (t->entry == NULL || root->type != TVAL_OBJ)
		return ERR_INVAL;
	if (out->err != ERR_OK)
		return out->err;
	start = out->len;
	r.out = out;
	r.frames[0] = root;
	r.nframes = 1;
	r.nindent = 0;
	e = tmpl_render_range(&r, t->entry, 0, t->nnodes);
	if (e == ERR_OK)
		e = out->err;
	if (e != ERR_OK)
		buf_truncate(out, start);
	return e;
}
