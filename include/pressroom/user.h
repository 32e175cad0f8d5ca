/*
 * user.h - accounts, roles and the one authorisation rule.
 *
 * Four roles: a contributor writes drafts (its own), a translator edits
 * translations in its own locales, an editor publishes, schedules and
 * withdraws, an admin also manages users and publishers. Passwords are
 * hashed with argon2id (libsodium's crypto_pwhash_str). authz_allowed()
 * is the only place that decides who may do what; every route asks it.
 * Does not store accounts (the store does) or read requests (http does).
 */
#ifndef PRESSROOM_USER_H
#define PRESSROOM_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/asset.h"
#include "pressroom/err.h"
#include "pressroom/locale.h"

enum user_role {
	ROLE_CONTRIBUTOR,
	ROLE_TRANSLATOR,
	ROLE_EDITOR,
	ROLE_ADMIN,
	ROLE__MAX
};

#define USER_NAME_MAX 64
#define PASSWORD_MIN 12		/* characters */
#define PASSWORD_MAX 1024	/* bytes */
#define PASSWORD_HASH_MAX 128	/* crypto_pwhash_STRBYTES */

struct user {
	int64_t id;
	char *name;		/* [a-z0-9._-], 1..USER_NAME_MAX, a letter first */
	enum user_role role;
	struct locale *locales;	/* a translator's locales */
	size_t nlocales;
	bool disabled;
	int64_t created_at;
};

const char *user_role_name(enum user_role r);
enum err user_role_parse(const char *s, enum user_role *out);
bool user_name_valid(const char *name);

/* True if the translator works in l (exact tag). */
bool user_has_locale(const struct user *u, const struct locale *l);

/*
 * A password must be 12 to 1024 bytes of UTF-8 holding at least 12
 * characters. ERR_INVAL (too short, not text) or ERR_LIMIT; why says which.
 */
enum err user_password_check(const char *pw, const char **why);

/* argon2id hash of pw into out (NUL-terminated); ERR_NOMEM if libsodium
 * could not get its memory. */
enum err user_password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* True if pw matches hash (constant-time in the password). */
bool user_password_verify(const char *hash, const char *pw);

#define AUTH_TOKEN_MAX 64	/* "pr_" + 43 base64url characters + NUL */
#define AUTH_HASH_BYTES 32

/*
 * A new random token of 256 bits (prefix "pr_", then base64url) for a
 * session or an API key, and its SHA-256, which is all the store keeps.
 * ERR_IO when the system has no entropy.
 */
enum err auth_token_new(char out[AUTH_TOKEN_MAX],
    unsigned char hash[AUTH_HASH_BYTES]);

/* The SHA-256 of a token as a client sent it. */
void auth_token_hash(const char *token, unsigned char hash[AUTH_HASH_BYTES]);

/* Constant-time comparison of two NUL-terminated strings (CSRF tokens). */
bool auth_equal(const char *a, const char *b);

/* What someone wants to do. */
enum authz_action {
	AUTHZ_READ_DRAFTS,	/* see assets that are not public */
	AUTHZ_ASSET_CREATE,	/* a new asset (as a draft, or published) */
	AUTHZ_ASSET_EDIT,	/* change an asset's structure or metadata */
	AUTHZ_TRANSLATION_EDIT,	/* change one locale's text */
	AUTHZ_ASSET_STATE,	/* publish, schedule, withdraw, unpublish */
	AUTHZ_REVISION_RESTORE,
	AUTHZ_ATTACH,		/* upload an attachment */
	AUTHZ_USERS,		/* manage accounts */
	AUTHZ_PUBLISHERS,	/* manage publishers */
	AUTHZ__MAX
};

/* What it is done to (fields that do not apply are ignored). */
struct authz_object {
	int64_t owner;			/* the asset's creator; 0: unknown */
	enum asset_status status;	/* the asset's status now */
	bool is_new;			/* AUTHZ_ASSET_CREATE */
	const struct locale *locale;	/* AUTHZ_TRANSLATION_EDIT */
};

/*
 * THE authorisation rule. A disabled user may do nothing.
 *   contributor: read drafts, create drafts, edit its own drafts (all of
 *     them, translations included), attach;
 *   translator: read drafts, edit translations in its locales;
 *   editor: all of the above on any asset, change states, restore;
 *   admin: everything, users and publishers too.
 * why (may be NULL) gets a short English reason on refusal.
 */
bool authz_allowed(const struct user *u, enum authz_action a,
    const struct authz_object *o, const char **why);

/*
 * May u turn asset old (NULL: a new asset) into new? Compares the two:
 * metadata and structure changes need AUTHZ_ASSET_EDIT (or CREATE),
 * text changes in a locale need AUTHZ_TRANSLATION_EDIT for it, a status
 * or publish_at change needs AUTHZ_ASSET_STATE (a contributor may only
 * create and keep drafts). ERR_FORBIDDEN with d saying what was refused.
 */
enum err authz_asset_change(const struct user *u, const struct asset *old,
    int64_t owner, const struct asset *new, struct diag *d);

#endif
