/*
 * user.c - roles, names, passwords (argon2id through libsodium) and the
 * authorisation rule (see user.h).
 *
 * Does not store or look up accounts.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "pressroom/user.h"
#include "pressroom/utf8.h"
#include "pressroom/banned.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_CONTRIBUTOR] = "contributor",
	[ROLE_TRANSLATOR] = "translator",
	[ROLE_EDITOR] = "editor",
	[ROLE_ADMIN] = "admin",
};

const char *
user_role_name(enum user_role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "";
}

enum err
user_role_parse(const char *s, enum user_role *out)
{
	for (int i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return ERR_OK;
		}
	return ERR_INVAL;
}

bool
user_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > USER_NAME_MAX || !(name[0] >= 'a' && name[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool
user_has_locale(const struct user *u, const struct locale *l)
{
	for (size_t i = 0; i < u->nlocales; i++)
		if (locale_eq(&u->locales[i], l))
			return true;
	return false;
}

enum err
user_password_check(const char *pw, const char **why)
{
	size_t n = strlen(pw);

	if (n > PASSWORD_MAX) {
		*why = "a password may not be longer than 1024 bytes";
		return ERR_LIMIT;
	}
	if (!utf8_valid(pw, n, NULL)) {
		*why = "a password must be text (UTF-8)";
		return ERR_INVAL;
	}
	if (utf8_length(pw, n) < PASSWORD_MIN) {
		*why = "a password needs at least 12 characters";
		return ERR_INVAL;
	}
	return ERR_OK;
}

enum err
user_password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	char h[crypto_pwhash_STRBYTES];

	if (sodium_init() < 0)
		return ERR_NOMEM;
	if (crypto_pwhash_str_alg(h, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return ERR_NOMEM;
	snprintf(out, PASSWORD_HASH_MAX, "%s", h);
	sodium_memzero(h, sizeof h);
	return ERR_OK;
}

bool
user_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || hash[0] == '\0' || sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

enum err
auth_token_new(char out[AUTH_TOKEN_MAX], unsigned char hash[AUTH_HASH_BYTES])
{
	unsigned char raw[32];

	if (sodium_init() < 0)
		return ERR_IO;
	randombytes_buf(raw, sizeof raw);
	memcpy(out, "pr_", 3);
	sodium_bin2base64(out + 3, AUTH_TOKEN_MAX - 3, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	auth_token_hash(out, hash);
	return ERR_OK;
}

void
auth_token_hash(const char *token, unsigned char hash[AUTH_HASH_BYTES])
{
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
}

bool
auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static bool
refuse(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return false;
}

bool
authz_allowed(const struct user *u, enum authz_action a,
    const struct authz_object *o, const char **why)
{
	static const struct authz_object none = { 0 };
	bool own_draft;

	if (u == NULL)
		return refuse(why, "you are not signed in");
	if (u->disabled)
		return refuse(why, "this account is disabled");
	if ((unsigned)u->role >= ROLE__MAX)
		return refuse(why, "this account has no valid role");
	if (o == NULL)
		o = &none;
	if (u->role == ROLE_ADMIN)
		return true;
	own_draft = o->owner == u->id && o->status == ASSET_DRAFT;
	switch (a) {
	case AUTHZ_READ_DRAFTS:
		return true;
	case AUTHZ_ASSET_CREATE:
		return u->role != ROLE_TRANSLATOR ||
		    refuse(why, "translators do not create assets");
	case AUTHZ_ASSET_EDIT:
		if (u->role == ROLE_EDITOR)
			return true;
		if (u->role == ROLE_CONTRIBUTOR && (own_draft || o->is_new))
			return true;
		return refuse(why, u->role == ROLE_CONTRIBUTOR ?
		    "contributors edit only their own drafts" :
		    "translators edit only translations");
	case AUTHZ_TRANSLATION_EDIT:
		if (u->role == ROLE_EDITOR)
			return true;
		if (u->role == ROLE_CONTRIBUTOR && (own_draft || o->is_new))
			return true;
		if (u->role == ROLE_TRANSLATOR && o->locale != NULL &&
		    user_has_locale(u, o->locale))
			return true;
		return refuse(why, u->role == ROLE_TRANSLATOR ?
		    "this locale is not one of yours" :
		    "contributors edit only their own drafts");
	case AUTHZ_ASSET_STATE:
	case AUTHZ_REVISION_RESTORE:
		return u->role == ROLE_EDITOR ||
		    refuse(why, "only editors publish, schedule, withdraw "
		    "and restore");
	case AUTHZ_ATTACH:
		return u->role != ROLE_TRANSLATOR ||
		    refuse(why, "translators do not upload attachments");
	case AUTHZ_USERS:
	case AUTHZ_PUBLISHERS:
	default:
		return refuse(why, "only admins do this");
	}
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Metadata and structure shared by all translations. The announced
 * locales of b may be a's followed by more (a translator adding its
 * language: checked as a translation by the caller).
 */
static bool
same_meta(const struct asset *a, const struct asset *b)
{
	if (!same_str(a->slug, b->slug) || !same_str(a->source, b->source) ||
	    a->kind != b->kind ||
	    a->event_at != b->event_at || a->event_offset != b->event_offset ||
	    !same_str(a->place, b->place) || a->nlocales > b->nlocales ||
	    a->nspeakers != b->nspeakers || a->ntags != b->ntags ||
	    a->nrelated != b->nrelated || a->nrelated_slugs != 0 ||
	    b->nrelated_slugs != 0)
		return false;
	for (size_t i = 0; i < a->nlocales; i++)
		if (!locale_eq(&a->locales[i], &b->locales[i]))
			return false;
	for (size_t i = 0; i < a->nspeakers; i++)
		if (!same_str(a->speakers[i].name, b->speakers[i].name) ||
		    !same_str(a->speakers[i].title, b->speakers[i].title))
			return false;
	for (size_t i = 0; i < a->ntags; i++)
		if (!same_str(a->tags[i], b->tags[i]))
			return false;
	for (size_t i = 0; i < a->nrelated; i++)
		if (a->related[i] != b->related[i])
			return false;
	/* which translation is the source is structure too */
	if (a->ntranslations > 0 && (b->ntranslations == 0 ||
	    !locale_eq(&a->translations[0].locale,
	    &b->translations[0].locale)))
		return false;
	if (a->nattachments != b->nattachments)
		return false;
	for (size_t i = 0; i < a->nattachments; i++)
		if (strcmp(a->attachments[i].sha256, b->attachments[i].sha256) ||
		    !same_str(a->attachments[i].name, b->attachments[i].name))
			return false;
	return true;
}

static bool
same_state(const struct asset *a, const struct asset *b)
{
	if (a->status != b->status)
		return false;
	/* 0 means "now" to the store: a new date too */
	if (a->status == ASSET_PUBLISHED && a->publish_at != b->publish_at)
		return false;
	if (a->status == ASSET_WITHDRAWN &&
	    (!same_str(a->withdraw_reason, b->withdraw_reason) ||
	    a->withdrawn_at != b->withdrawn_at))
		return false;
	return true;
}

static bool
same_translation(const struct asset *aa, const struct translation *a,
    const struct asset *ba, const struct translation *b)
{
	if (!same_str(a->title, b->title) || !same_str(a->summary, b->summary) ||
	    a->nblocks != b->nblocks)
		return false;
	for (size_t i = 0; i < a->nblocks; i++) {
		const struct block *x = &a->blocks[i], *y = &b->blocks[i];
		const char *sx = x->speaker >= 0 ?
		    aa->speakers[x->speaker].name : NULL;
		const char *sy = y->speaker >= 0 ?
		    ba->speakers[y->speaker].name : NULL;

		if (strcmp(x->id, y->id) != 0 || x->type != y->type ||
		    x->role != y->role || !same_str(sx, sy) ||
		    !same_str(x->text, y->text))
			return false;
	}
	return true;
}

enum err
authz_asset_change(const struct user *u, const struct asset *old,
    int64_t owner, const struct asset *new, struct diag *d)
{
	struct authz_object o = { .owner = owner, .is_new = old == NULL,
		.status = old != NULL ? old->status : ASSET_DRAFT };
	const char *why = NULL;

	/* even a change that changes nothing needs someone allowed */
	if (!authz_allowed(u, AUTHZ_READ_DRAFTS, &o, &why))
		goto no;
	if (old == NULL) {
		if (!authz_allowed(u, AUTHZ_ASSET_CREATE, &o, &why))
			goto no;
		if (new->status != ASSET_DRAFT &&
		    !authz_allowed(u, AUTHZ_ASSET_STATE, &o, &why))
			goto no;
		return ERR_OK;
	}
	if (!same_state(old, new) &&
	    !authz_allowed(u, AUTHZ_ASSET_STATE, &o, &why))
		goto no;
	if (!same_meta(old, new) &&
	    !authz_allowed(u, AUTHZ_ASSET_EDIT, &o, &why))
		goto no;
	/* a newly announced locale is that locale's translators' business */
	for (size_t i = old->nlocales; i < new->nlocales; i++) {
		o.locale = &new->locales[i];
		if (!authz_allowed(u, AUTHZ_TRANSLATION_EDIT, &o, &why)) {
			diag_set(d, 0, 0, "locales: announcing %s: %s",
			    o.locale->tag, why);
			return ERR_FORBIDDEN;
		}
	}
	/* each locale whose text was added, changed or removed */
	for (size_t i = 0; i < new->ntranslations; i++) {
		const struct translation *t = &new->translations[i];
		const struct translation *ot = asset_translation(old,
		    &t->locale);

		o.locale = &t->locale;
		if ((ot == NULL || !same_translation(old, ot, new, t)) &&
		    !authz_allowed(u, AUTHZ_TRANSLATION_EDIT, &o, &why)) {
			diag_set(d, 0, 0, "translations.%s: %s", t->locale.tag,
			    why);
			return ERR_FORBIDDEN;
		}
	}
	for (size_t i = 0; i < old->ntranslations; i++) {
		o.locale = &old->translations[i].locale;
		if (asset_translation(new, o.locale) == NULL &&
		    !authz_allowed(u, AUTHZ_TRANSLATION_EDIT, &o, &why)) {
			diag_set(d, 0, 0, "translations.%s: %s",
			    o.locale->tag, why);
			return ERR_FORBIDDEN;
		}
	}
	return ERR_OK;
no:
	diag_set(d, 0, 0, "%s", why != NULL ? why : "not allowed");
	return ERR_FORBIDDEN;
}
