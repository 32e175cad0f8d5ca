/*
 * tmpl.h - Mustache-style templates, checked against a schema at start-up
 * and rendered with escaping by default.
 *
 * Syntax: {{name}} (escaped text), {{{name}}} and {{&name}} (raw: only for
 * values of type TVAL_HTML), {{#name}}...{{/name}} (section: a list repeats
 * with each element as the innermost scope, an object renders once as the
 * innermost scope, true or a non-empty string renders once), {{^name}}...
 * {{/name}} (inverted: renders when the value is missing, false, null, ""
 * or an empty list), {{>partial}}, {{!comment}}, dotted names (a.b.c) and
 * {{.}} for the current string (a list element or the value of a string
 * section). Blanks inside tags are allowed ({{# items }}). Names are
 * letters, digits, _ and -; partial names may also hold . and /.
 *
 * Names resolve from the innermost scope outwards, as in Mustache, but at
 * check time against the schema: a name is bound to the innermost scope
 * whose schema declares its first part. A value missing from that scope at
 * render time renders as empty/false; it is not looked up further out. A
 * list section makes each element the innermost scope, an object or string
 * section its value; a bool section adds no scope.
 *
 * Standalone tags (section, inverted, closing, comment and partial tags
 * alone on their line apart from blanks) take their line with them, as the
 * Mustache spec says; a standalone partial's lines are indented by the
 * blanks before its tag. A partial included inline (not standalone) is not
 * indented. Set delimiters ({{=<% %>=}}) and lambdas are not supported.
 *
 * Checking: every name used by a template (and by the partials it includes,
 * recursively) must exist in the schema given for it, {{name}} must name a
 * TVAL_STR field, raw tags must name TVAL_HTML fields, sections must name
 * lists, objects, bools or strings. So an unknown variable fails start-up,
 * not a request.
 */
#ifndef PRESSROOM_TMPL_H
#define PRESSROOM_TMPL_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/buf.h"
#include "pressroom/err.h"
#include "pressroom/html.h"

enum tval_type {
	TVAL_NULL,
	TVAL_STR,	/* text, escaped on output */
	TVAL_HTML,	/* trusted markup (struct html) */
	TVAL_BOOL,
	TVAL_LIST,	/* of TVAL_OBJ, or of TVAL_STR */
	TVAL_OBJ,
	TVAL__MAX
};

/*
 * A schema is an array of fields ended by one with name NULL. A TVAL_OBJ
 * field, and a TVAL_LIST field of objects, has its members in fields; a
 * TVAL_LIST of strings has fields NULL. TVAL_NULL is not a field type.
 * Schemas are only read during tmpl_check; the set keeps no pointer into
 * them for rendering.
 */
struct tschema {
	const char *name;
	enum tval_type type;
	const struct tschema *fields;
};

/*
 * A view model: a tree of values built in an arena by the page code. Strings
 * are borrowed (they must outlive the render), the tree itself lives in the
 * arena given to the constructors (use the same arena for a whole tree). A
 * tree is only read by tmpl_render, so one tree may be rendered by several
 * threads at once once it is built. The constructors return NULL when the
 * arena fails (its error is in a->err).
 */
struct tval;

struct tval *tval_obj(struct arena *a);
struct tval *tval_list(struct arena *a);

/*
 * Setters on an object: key is borrowed (use literals). A later set of the
 * same key replaces the earlier one. A NULL s (or h.p) sets null, which
 * renders like a missing value. ERR_NOMEM/ERR_LIMIT via the arena, ERR_INVAL
 * when o is not an object, key is NULL, or child is o. When o or child is
 * NULL (a constructor failed) the arena's error is returned (ERR_INVAL if
 * it has none), so calls may be chained without checking each constructor.
 */
enum err tval_set_str(struct arena *a, struct tval *o, const char *key,
    const char *s);
enum err tval_set_html(struct arena *a, struct tval *o, const char *key,
    struct html h);
enum err tval_set_bool(struct arena *a, struct tval *o, const char *key,
    bool v);
enum err tval_set(struct arena *a, struct tval *o, const char *key,
    struct tval *child);

/*
 * Appends to a list: a new object (returned, NULL on failure) or a string
 * (s not NULL). A list holds only objects or only strings: appending the
 * other kind fails (NULL, ERR_INVAL); errors of tval_push_str are as for the
 * setters.
 */
struct tval *tval_push_obj(struct arena *a, struct tval *list);
enum err tval_push_str(struct arena *a, struct tval *list, const char *s);

struct tmpl_set;

/*
 * A set of templates, long-lived (allocated with mem_alloc). Built and
 * checked by one thread; after that only read, by any number of renders.
 */

/* An empty set; ERR_NOMEM, ERR_INVAL if out is NULL. */
enum err tmpl_set_new(struct tmpl_set **out);
/* Frees the set and every template; NULL is a no-op. */
void tmpl_set_free(struct tmpl_set *s);

/*
 * Parses a template and adds it under name (replacing one of the same name,
 * which is how a theme overrides the default). src is copied. On a syntax
 * error (unclosed tag or section, mismatched {{/x}}, empty name, bad
 * character in a name, set delimiters, more than LIMIT_TEMPLATE_DEPTH
 * nested sections, source over LIMIT_TEMPLATE_BYTES) returns
 * ERR_INVAL/ERR_LIMIT with d holding line and column (1-based, the column
 * counted in code points) and a message that names the template
 * ("... in template \"name\""); d->file is left as the caller set it (a
 * theme puts the file path there). On failure the set is unchanged.
 * Replacing a template un-checks every template whose check reached it
 * (itself, and those including it as a partial): check again after
 * replacing. ERR_NOMEM; ERR_INVAL for an empty name. d may be NULL; as with
 * diag_set, a message already in d is kept.
 */
enum err tmpl_set_add(struct tmpl_set *s, const char *name, const char *src,
    size_t n, struct diag *d);

/* True if a template of that name was added. */
bool tmpl_set_has(const struct tmpl_set *s, const char *name);

/*
 * Checks template name and every partial it reaches against schema (see the
 * top of this file). A template must pass this before tmpl_render accepts
 * it. ERR_NOTFOUND for a missing template or partial, ERR_INVAL for an
 * unknown name or a type misuse, ERR_LIMIT for sections and partials nested
 * together deeper than LIMIT_TEMPLATE_DEPTH (so a partial cycle is
 * ERR_LIMIT; its message names the cycle). d names the template, line and
 * column, e.g. "unknown variable \"titel\" in template \"article\"" at
 * 12:5; an error in a partial has the partial's line and column and says
 * where it was included from. d->file is not changed. Checking again (with
 * any schema) replaces the previous result; a failed check leaves the
 * template unchecked. ERR_NOMEM.
 */
enum err tmpl_check(struct tmpl_set *s, const char *name,
    const struct tschema *schema, struct diag *d);

/*
 * Renders template name with root (a TVAL_OBJ) as the outermost scope,
 * appending to out. Values missing from the tree render as empty/false;
 * members the schema does not name are ignored. A value the template uses
 * whose type differs from the schema's (or a list element of the other
 * kind) is ERR_INVAL. ERR_NOTFOUND when there is no such template,
 * ERR_INVAL when it did not pass tmpl_check (or was un-checked since) or
 * root is not an object; out's own error (ERR_NOMEM, ERR_LIMIT) if
 * appending failed. On any error out is cut back to its length before the
 * call (its sticky error stays). Thread-safe for concurrent renders of a set
 * that is no longer modified; does not allocate except by growing out.
 */
enum err tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tval *root, struct buf *out);

#endif
