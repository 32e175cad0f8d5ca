/*
 * admin.c - the schemas of the editorial interface's templates (admin-*),
 * checked with the rest of the theme when it loads, so a broken admin
 * template stops start-up rather than a request.
 *
 * The view trees themselves are built by src/http/h_admin*.c, next to the
 * store reads they show; this file only says what each template may use.
 * Does not render.
 */
#include "pressroom/tmpl.h"
#include "page_internal.h"
#include "pressroom/banned.h"

/* What admin-head uses: every admin page has it. */
#define ADMIN_COMMON \
	{ "page_title", TVAL_STR, NULL }, \
	{ "css_href", TVAL_STR, NULL }, \
	{ "signed_in", TVAL_BOOL, NULL }, \
	{ "can_users", TVAL_BOOL, NULL }, \
	{ "user_name", TVAL_STR, NULL }, \
	{ "user_role", TVAL_STR, NULL }, \
	{ "csrf", TVAL_STR, NULL }, \
	{ "notice", TVAL_STR, NULL }, \
	{ "error", TVAL_STR, NULL }

#define END { NULL, TVAL_NULL, NULL }

static const struct tschema option_fields[] = {
	{ "value", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "selected", TVAL_BOOL, NULL },
	END,
};

static const struct tschema span_fields[] = {
	{ "text", TVAL_STR, NULL },
	{ "del", TVAL_BOOL, NULL },
	{ "add", TVAL_BOOL, NULL },
	{ "same", TVAL_BOOL, NULL },
	END,
};

static const struct tschema spans_fields[] = {
	{ "spans", TVAL_LIST, span_fields },
	END,
};

static const struct tschema login_schema[] = {
	ADMIN_COMMON,
	{ "next", TVAL_STR, NULL },
	{ "name", TVAL_STR, NULL },
	END,
};

static const struct tschema error_schema[] = {
	ADMIN_COMMON,
	{ "heading", TVAL_STR, NULL },
	{ "message", TVAL_STR, NULL },
	END,
};

static const struct tschema loc_fields[] = {
	{ "tag", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "state", TVAL_STR, NULL },	/* current, outdated, missing */
	{ "hint", TVAL_STR, NULL },
	END,
};

static const struct tschema item_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "locale", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "kind", TVAL_STR, NULL },
	{ "status", TVAL_STR, NULL },
	{ "status_label", TVAL_STR, NULL },
	{ "when", TVAL_STR, NULL },
	{ "updated", TVAL_STR, NULL },
	{ "edit_href", TVAL_STR, NULL },
	{ "public_href", TVAL_STR, NULL },
	{ "locales", TVAL_LIST, loc_fields },
	END,
};

static const struct tschema assets_schema[] = {
	ADMIN_COMMON,
	{ "status_options", TVAL_LIST, option_fields },
	{ "count_label", TVAL_STR, NULL },
	{ "has_items", TVAL_BOOL, NULL },
	{ "items", TVAL_LIST, item_fields },
	{ "prev_href", TVAL_STR, NULL },
	{ "next_href", TVAL_STR, NULL },
	END,
};

static const struct tschema speaker_fields[] = {
	{ "n", TVAL_STR, NULL },
	{ "name", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	END,
};

static const struct tschema attachment_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "type", TVAL_STR, NULL },
	{ "size", TVAL_STR, NULL },
	END,
};

static const struct tschema block_fields[] = {
	{ "n", TVAL_STR, NULL },
	{ "id", TVAL_STR, NULL },
	{ "pos", TVAL_STR, NULL },
	{ "role_options", TVAL_LIST, option_fields },
	{ "speaker_options", TVAL_LIST, option_fields },
	{ "text", TVAL_STR, NULL },
	{ "rows", TVAL_STR, NULL },
	END,
};

static const struct tschema edit_schema[] = {
	ADMIN_COMMON,
	{ "heading", TVAL_STR, NULL },
	{ "is_new", TVAL_BOOL, NULL },
	{ "id", TVAL_STR, NULL },
	{ "revision", TVAL_STR, NULL },
	{ "status", TVAL_STR, NULL },
	{ "status_label", TVAL_STR, NULL },
	{ "public_href", TVAL_STR, NULL },
	{ "history_href", TVAL_STR, NULL },
	{ "action", TVAL_STR, NULL },
	{ "kind_options", TVAL_LIST, option_fields },
	{ "event_at", TVAL_STR, NULL },
	{ "event_offset", TVAL_STR, NULL },
	{ "place", TVAL_STR, NULL },
	{ "slug", TVAL_STR, NULL },
	{ "source_locale", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "locales", TVAL_STR, NULL },
	{ "tags", TVAL_STR, NULL },
	{ "related", TVAL_STR, NULL },
	{ "speakers", TVAL_LIST, speaker_fields },
	{ "title", TVAL_STR, NULL },
	{ "summary", TVAL_STR, NULL },
	{ "update_note", TVAL_STR, NULL },
	{ "blocks", TVAL_LIST, block_fields },
	{ "save_label", TVAL_STR, NULL },
	{ "translations", TVAL_LIST, loc_fields },
	{ "translate_action", TVAL_STR, NULL },
	{ "attachments", TVAL_LIST, attachment_fields },
	{ "attach_action", TVAL_STR, NULL },
	{ "can_state", TVAL_BOOL, NULL },
	{ "state_action", TVAL_STR, NULL },
	{ "publish_at", TVAL_STR, NULL },
	{ "publish_offset", TVAL_STR, NULL },
	END,
};

static const struct tschema row_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "source_text", TVAL_STR, NULL },
	{ "text", TVAL_STR, NULL },
	{ "rows", TVAL_STR, NULL },
	{ "outdated", TVAL_BOOL, NULL },
	{ "missing", TVAL_BOOL, NULL },
	{ "has_diff", TVAL_BOOL, NULL },
	{ "spans", TVAL_LIST, span_fields },
	END,
};

static const struct tschema translate_schema[] = {
	ADMIN_COMMON,
	{ "heading", TVAL_STR, NULL },
	{ "edit_href", TVAL_STR, NULL },
	{ "id", TVAL_STR, NULL },
	{ "revision", TVAL_STR, NULL },
	{ "source_locale", TVAL_STR, NULL },
	{ "source_dir", TVAL_STR, NULL },
	{ "locale", TVAL_STR, NULL },
	{ "dir", TVAL_STR, NULL },
	{ "status_text", TVAL_STR, NULL },
	{ "action", TVAL_STR, NULL },
	{ "title_src", TVAL_STR, NULL },
	{ "summary_src", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "summary", TVAL_STR, NULL },
	{ "update_note", TVAL_STR, NULL },
	{ "head_outdated", TVAL_BOOL, NULL },
	{ "head_diff", TVAL_OBJ, spans_fields },
	{ "rows", TVAL_LIST, row_fields },
	END,
};

static const struct tschema change_fields[] = {
	{ "where", TVAL_STR, NULL },
	{ "what", TVAL_STR, NULL },
	{ "spans", TVAL_LIST, span_fields },
	END,
};

static const struct tschema revision_fields[] = {
	{ "rev", TVAL_STR, NULL },
	{ "current", TVAL_BOOL, NULL },
	{ "when", TVAL_STR, NULL },
	{ "author", TVAL_STR, NULL },
	{ "note", TVAL_STR, NULL },
	{ "diff_href", TVAL_STR, NULL },
	{ "can_restore", TVAL_BOOL, NULL },
	{ "restore_action", TVAL_STR, NULL },
	END,
};

static const struct tschema history_schema[] = {
	ADMIN_COMMON,
	{ "heading", TVAL_STR, NULL },
	{ "edit_href", TVAL_STR, NULL },
	{ "id", TVAL_STR, NULL },
	{ "revision", TVAL_STR, NULL },
	{ "has_diff", TVAL_BOOL, NULL },
	{ "from", TVAL_STR, NULL },
	{ "to", TVAL_STR, NULL },
	{ "no_changes", TVAL_BOOL, NULL },
	{ "changes", TVAL_LIST, change_fields },
	{ "revisions", TVAL_LIST, revision_fields },
	END,
};

static const struct tschema todo_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "title", TVAL_STR, NULL },
	{ "href", TVAL_STR, NULL },
	{ "status_label", TVAL_STR, NULL },
	{ "detail", TVAL_STR, NULL },
	END,
};

static const struct tschema todo_locale_fields[] = {
	{ "tag", TVAL_STR, NULL },
	{ "counts", TVAL_STR, NULL },
	{ "has_missing", TVAL_BOOL, NULL },
	{ "missing", TVAL_LIST, todo_fields },
	{ "has_outdated", TVAL_BOOL, NULL },
	{ "outdated", TVAL_LIST, todo_fields },
	END,
};

static const struct tschema translations_schema[] = {
	ADMIN_COMMON,
	{ "no_work", TVAL_BOOL, NULL },
	{ "locales", TVAL_LIST, todo_locale_fields },
	END,
};

static const struct tschema user_fields[] = {
	{ "name", TVAL_STR, NULL },
	{ "role", TVAL_STR, NULL },
	{ "locales", TVAL_STR, NULL },
	{ "state", TVAL_STR, NULL },
	{ "toggle_op", TVAL_STR, NULL },
	{ "toggle_label", TVAL_STR, NULL },
	END,
};

static const struct tschema token_fields[] = {
	{ "id", TVAL_STR, NULL },
	{ "user", TVAL_STR, NULL },
	{ "label", TVAL_STR, NULL },
	{ "state", TVAL_STR, NULL },
	{ "can_revoke", TVAL_BOOL, NULL },
	END,
};

static const struct tschema users_schema[] = {
	ADMIN_COMMON,
	{ "users", TVAL_LIST, user_fields },
	{ "role_options", TVAL_LIST, option_fields },
	{ "new_token", TVAL_STR, NULL },
	{ "tokens", TVAL_LIST, token_fields },
	END,
};

enum err
admin_check_templates(struct tmpl_set *s, struct diag *d)
{
	static const struct {
		const char *name;
		const struct tschema *schema;
	} pages[] = {
		{ "admin-login", login_schema },
		{ "admin-error", error_schema },
		{ "admin-assets", assets_schema },
		{ "admin-edit", edit_schema },
		{ "admin-translate", translate_schema },
		{ "admin-history", history_schema },
		{ "admin-translations", translations_schema },
		{ "admin-users", users_schema },
	};
	enum err e;

	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if ((e = tmpl_check(s, pages[i].name, pages[i].schema, d)) !=
		    ERR_OK)
			return e;
	return ERR_OK;
}
