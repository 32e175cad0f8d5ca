/*
 * auth.c - who is asking, and whether a state-changing request really
 * comes from this site: API tokens, session cookies, CSRF tokens, the
 * Origin check, sign-in with its rate limit, and sign-out.
 *
 * The session cookie is "__Host-pressroom": Secure, HttpOnly,
 * SameSite=Strict, Path=/, no Domain, no Max-Age (it ends with the
 * browser; the server ends it after LIMIT_SESSION_IDLE_S unused or
 * LIMIT_SESSION_MAX_S in all). Browsers accept Secure cookies over plain
 * HTTP only from localhost, so anywhere else pressroom must be behind TLS
 * (docs/ADMIN.md). Only hashes of tokens are stored. Does not decide what
 * a user may do (authz_allowed in core does) and does not render pages.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "pressroom/limits.h"
#include "pressroom/log.h"
#include "http_internal.h"
#include "pressroom/banned.h"

/* An argon2id hash of a password nobody has, so that a sign-in with an
 * unknown name costs as much as one with a wrong password. */
static char dummy[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_make(void)
{
	if (user_password_hash("pressroom: no such account", dummy) != ERR_OK)
		dummy[0] = '\0';
}

static const char *
dummy_hash(void)
{
	pthread_once(&dummy_once, dummy_make);
	return dummy;
}

static enum err
session_end(struct hctx *h, const unsigned char *key)
{
	enum err e = store_session_delete(h->store, key);

	return e == ERR_NOTFOUND ? ERR_OK : e;
}

static enum err
from_session(struct hctx *h, const char *token)
{
	struct store_session ss;
	unsigned char key[AUTH_HASH_BYTES];
	struct user *u;
	enum err e;

	auth_token_hash(token, key);
	e = store_session_get(h->store, key, &ss);
	if (e == ERR_NOTFOUND)
		return ERR_OK;	/* an old cookie: anonymous */
	if (e != ERR_OK)
		return e;
	if (h->now - ss.last_seen > LIMIT_SESSION_IDLE_S ||
	    h->now - ss.created_at > LIMIT_SESSION_MAX_S ||
	    h->now < ss.created_at)
		return session_end(h, key);
	e = store_user_get(h->store, h->a, NULL, ss.user_id, &u, NULL);
	if (e == ERR_NOTFOUND || (e == ERR_OK && u->disabled))
		return session_end(h, key);
	if (e != ERR_OK)
		return e;
	/* one write a minute at most keeps the idle clock */
	if (h->now - ss.last_seen >= 60 &&
	    (e = store_session_touch(h->store, key, h->now)) != ERR_OK)
		return e == ERR_NOTFOUND ? ERR_OK : e;	/* just ended */
	h->auth.via = AUTH_SESSION;
	h->auth.user = u;
	memcpy(h->auth.session, key, sizeof key);
	snprintf(h->auth.csrf, sizeof h->auth.csrf, "%s", ss.csrf);
	return ERR_OK;
}

static enum err
from_token(struct hctx *h, const char *token)
{
	unsigned char key[AUTH_HASH_BYTES];
	int64_t uid;
	struct user *u;
	enum err e;

	auth_token_hash(token, key);
	e = store_token_user(h->store, key, &uid);
	if (e == ERR_NOTFOUND)
		goto refuse;
	if (e != ERR_OK)
		return e;
	e = store_user_get(h->store, h->a, NULL, uid, &u, NULL);
	if (e == ERR_NOTFOUND || (e == ERR_OK && u->disabled))
		goto refuse;
	if (e != ERR_OK)
		return e;
	h->auth.via = AUTH_TOKEN;
	h->auth.user = u;
	return ERR_OK;
refuse:
	h->why = "the API token is unknown, revoked, or its account is "
	    "disabled";
	return ERR_AUTH;
}

enum err
auth_identify(struct hctx *h)
{
	const char *authz = h->req->header(h->req->ctx, "Authorization");
	const char *cookie;
	char *token;

	memset(&h->auth, 0, sizeof h->auth);
	if (authz != NULL) {
		struct str s = str_trim(str_from(authz));

		if (s.len < 7 || strncasecmp(s.p, "Bearer ", 7) != 0) {
			h->why = "Authorization must be \"Bearer TOKEN\"";
			return ERR_AUTH;
		}
		s = str_trim(str_make(s.p + 7, s.len - 7));
		if (s.len == 0 || s.len >= AUTH_TOKEN_MAX) {
			h->why = "the API token is malformed";
			return ERR_AUTH;
		}
		token = arena_strndup(h->a, s.p, s.len);
		if (token == NULL)
			return ERR_NOMEM;
		return from_token(h, token);
	}
	cookie = form_cookie(h->a, h->req->header(h->req->ctx, "Cookie"),
	    SESSION_COOKIE);
	if (cookie == NULL || strlen(cookie) >= AUTH_TOKEN_MAX)
		return ERR_OK;
	return from_session(h, cookie);
}

/* "https://host:port" of the base URL: its length in base. */
static size_t
origin_len(const char *base)
{
	const char *p = strstr(base, "://");

	if (p == NULL)
		return strlen(base);
	p += 3;
	while (*p != '\0' && *p != '/')
		p++;
	return (size_t)(p - base);
}

enum err
auth_check_origin(struct hctx *h)
{
	const char *base = h->app->base_url;
	size_t n = origin_len(base);
	const char *origin = h->req->header(h->req->ctx, "Origin");
	const char *referer = h->req->header(h->req->ctx, "Referer");

	if (origin != NULL) {
		if (strlen(origin) == n && strncasecmp(origin, base, n) == 0)
			return ERR_OK;
		h->why = "the request comes from another site (Origin)";
		return ERR_FORBIDDEN;
	}
	if (referer != NULL) {
		if (strncasecmp(referer, base, n) == 0 &&
		    (referer[n] == '/' || referer[n] == '\0'))
			return ERR_OK;
		h->why = "the request comes from another site (Referer)";
		return ERR_FORBIDDEN;
	}
	/* API clients with a token send neither; browsers always send one */
	if (h->auth.via == AUTH_TOKEN)
		return ERR_OK;
	h->why = "a state-changing request needs an Origin header";
	return ERR_FORBIDDEN;
}

enum err
auth_check_write(struct hctx *h, const char *csrf_field)
{
	const char *given;
	enum err e;

	if ((e = auth_check_origin(h)) != ERR_OK)
		return e;
	if (h->auth.via != AUTH_SESSION)
		return ERR_OK;
	given = h->req->header(h->req->ctx, "X-CSRF-Token");
	if (given == NULL)
		given = csrf_field;
	if (given == NULL || h->auth.csrf[0] == '\0' ||
	    !auth_equal(given, h->auth.csrf)) {
		h->why = "the form is stale or was not made by this site "
		    "(CSRF token): reload the page and try again";
		return ERR_FORBIDDEN;
	}
	return ERR_OK;
}

static enum err
too_many(struct hctx *h, const char *key, bool *over)
{
	size_t n = 0;
	enum err e = store_login_failures(h->store, key,
	    h->now - LIMIT_LOGIN_WINDOW_S, &n);

	if (e == ERR_OK && n >= LIMIT_LOGIN_FAILURES)
		*over = true;
	return e;
}

/*
 * "addr:1.2.3.4", or for IPv6 the /64 ("addr:2001:db8:1:2::/64"): one
 * client holds a whole /64, so counting single addresses would let it
 * try 2^64 times.
 */
static void
addr_key(const char *peer, char *out, size_t n)
{
	unsigned char a6[16];
	char text[INET6_ADDRSTRLEN];

	if (peer != NULL && strchr(peer, ':') != NULL &&
	    inet_pton(AF_INET6, peer, a6) == 1) {
		memset(a6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, a6, text, sizeof text) != NULL) {
			snprintf(out, n, "addr:%s/64", text);
			return;
		}
	}
	snprintf(out, n, "addr:%.64s", peer != NULL ? peer : "unknown");
}

enum err
auth_login(struct hctx *h, const char *name, const char *password,
    const char **cookie)
{
	char ukey[USER_NAME_MAX + 8], akey[80], token[AUTH_TOKEN_MAX];
	char csrf[AUTH_TOKEN_MAX];
	unsigned char key[AUTH_HASH_BYTES], ckey[AUTH_HASH_BYTES];
	struct user *u = NULL;
	char *hash = NULL;
	bool over = false, ok;
	enum err e;

	snprintf(ukey, sizeof ukey, "user:%.64s", name);
	addr_key(h->req->peer, akey, sizeof akey);
	if ((e = too_many(h, ukey, &over)) != ERR_OK ||
	    (e = too_many(h, akey, &over)) != ERR_OK)
		return e;
	if (over) {
		h->why = "too many failed sign-ins: wait a minute";
		return ERR_RATE;
	}
	e = store_user_get(h->store, h->a, name, 0, &u, &hash);
	if (e != ERR_OK && e != ERR_NOTFOUND)
		return e;
	if (e == ERR_OK && hash[0] != '\0')
		ok = user_password_verify(hash, password) && !u->disabled;
	else
		ok = (user_password_verify(dummy_hash(), password), false);
	if (!ok) {
		if ((e = store_login_failure(h->store, ukey, h->now)) !=
		    ERR_OK ||
		    (e = store_login_failure(h->store, akey, h->now)) !=
		    ERR_OK)
			return e;
		log_info("sign-in refused for \"%.64s\" from %s", name,
		    akey + 5);
		h->why = "wrong name or password";
		return ERR_AUTH;
	}
	if ((e = auth_token_new(token, key)) != ERR_OK ||
	    (e = auth_token_new(csrf, ckey)) != ERR_OK)
		return e;
	/* the CSRF token: the random part of a second token */
	if ((e = store_session_create(h->store, key, u->id, csrf + 3,
	    h->now)) != ERR_OK)
		return e;
	h->auth.via = AUTH_SESSION;
	h->auth.user = u;
	memcpy(h->auth.session, key, sizeof key);
	snprintf(h->auth.csrf, sizeof h->auth.csrf, "%.43s", csrf + 3);
	*cookie = arena_printf(h->a, "%s=%s; Path=/; Secure; HttpOnly; "
	    "SameSite=Strict", SESSION_COOKIE, token);
	log_info("%s signed in from %s", u->name, akey + 5);
	return *cookie != NULL ? ERR_OK : ERR_NOMEM;
}

enum err
auth_logout(struct hctx *h, const char **cookie)
{
	enum err e = ERR_OK;

	if (h->auth.via == AUTH_SESSION)
		e = session_end(h, h->auth.session);
	if (e != ERR_OK)
		return e;
	memset(&h->auth, 0, sizeof h->auth);
	*cookie = SESSION_COOKIE "=; Path=/; Secure; HttpOnly; "
	    "SameSite=Strict; Max-Age=0";
	return ERR_OK;
}

enum err
reply_private(struct http_reply *r)
{
	enum err e = reply_header(r, "Cache-Control", "private, no-store");

	if (e == ERR_OK)
		e = reply_header(r, "Vary", "Cookie, Authorization");
	return e;
}
