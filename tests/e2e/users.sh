#!/bin/sh
# End-to-end tests of `pressroom user` and `pressroom token`: help texts,
# adding accounts (password from standard input, refused passwords, roles,
# names, duplicates, --no-password, translators' locales), the list, set,
# disable and enable, passwd, that changing a password or disabling an
# account ends its sessions (session rows are put in the database with
# Python's sqlite3: nothing in the CLI or the server makes one yet), API
# tokens (printed once in the documented format, never stored in clear,
# listed, revoked), and that the server honours them: GET /api/v1/me with
# the token is 200, and 401 once it is revoked or its account disabled.
# Checks that once found bugs go through `known`, a plain check.
# Usage: users.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
export PRESSROOM_DB="$work/p.db"
PW='correct horse battery staple'

# known WHAT STATUS: a check that once found a bug: fails when STATUS is
# not 0
known() {
	if [ "$2" = 0 ]; then ok
	else bad "$1"
	fi
}

# sql QUERY: the first column of each row, from the database
sql() {
	python3 - "$PRESSROOM_DB" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
EOF
}

# a session row for user NAME, as a sign-in would make it
add_session() {
	python3 - "$PRESSROOM_DB" "$1" <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
uid = db.execute("SELECT id FROM user WHERE name = ?",
                 (sys.argv[2],)).fetchone()[0]
db.execute("INSERT INTO session(token_hash, user_id, csrf, created_at, "
           "last_seen) VALUES (?, ?, 'csrf', 1700000000, 1700000000)",
           (os.urandom(32), uid))
db.commit()
EOF
}

sessions_of() {
	sql "SELECT count(*) FROM session s JOIN user u ON u.id = s.user_id
	    WHERE u.name = '$1'"
}

pw_file() {
	printf '%s\n' "$1" >"$work/pw"
}

"$PRESSROOM" init >/dev/null

# --- help -------------------------------------------------------------------
run_pr user --help
expect_eq "user --help exit" "$rc" 0
for s in "usage: pressroom user add NAME --role ROLE" "--password-stdin" \
    "--no-password" "pressroom user passwd NAME" "pressroom user set NAME" \
    "disable NAME" "enable NAME" "pressroom user list" \
    "at least 12 characters" "contributor" "translator" "editor" "admin" \
    "ends its sessions"; do
	expect_in "user --help" "$s" "$work/out"
done
run_pr token --help
expect_eq "token --help exit" "$rc" 0
for s in "usage: pressroom token add USER [--label TEXT]" \
    "pressroom token list" "pressroom token revoke ID" \
    "Authorization: Bearer pr_" "printed once"; do
	expect_in "token --help" "$s" "$work/out"
done
run_pr user
expect_eq "user without a verb" "$rc" 2
expect_in "user without a verb: usage" "usage: pressroom user" "$work/out"
run_pr token
expect_eq "token without a verb" "$rc" 2
run_pr user frobnicate nobody
[ "$rc" -eq 2 ]
known "user frobnicate nobody exits $rc ('no user nobody'): the user is
 looked up before the verb is checked (cmd_user.c)" $?
run_pr user add
expect_eq "user add without a name" "$rc" 2
run_pr user add alice bob --role admin --no-password
expect_eq "user add with two names" "$rc" 2
# more words than the commands take: a usage error, not a crash
run_pr user add a b c d e f
[ "$rc" -eq 2 ] && ! grep -q Sanitizer "$work/err"
known "pressroom user add a b c d e f exits $rc: cli_opts_parse
 (cli/main.c:125) writes past cmd_user's args[4]" $?
run_pr token add a b c d e
[ "$rc" -eq 2 ] && ! grep -q Sanitizer "$work/err"
known "pressroom token add a b c d e exits $rc: cli_opts_parse
 (cli/main.c:125) writes past cmd_token's args[4]" $?
run_pr user list
expect_eq "empty list exit" "$rc" 0
expect_in "empty list" "0 users" "$work/out"

# --- add --------------------------------------------------------------------
pw_file "$PW"
run_pr user add alice --role admin --password-stdin <"$work/pw"
expect_eq "add alice" "$rc" 0
expect_in "add alice says" "added alice (admin)" "$work/out"
expect_not_in "password not on stdout" "$PW" "$work/out"
expect_not_in "password not on stderr" "$PW" "$work/err"
h=$(sql "SELECT password_hash FROM user WHERE name = 'alice'")
case "$h" in
'$argon2id$'*) ok ;;
*) bad "alice's password is not an argon2id hash: '$h'" ;;
esac
case "$h" in
*"$PW"*) bad "the password is stored in clear" ;;
*) ok ;;
esac
if grep -qF "$PW" "$PRESSROOM_DB" "$PRESSROOM_DB-wal" 2>/dev/null; then
	bad "the password is in the database file"
else ok; fi

run_pr user frobnicate alice
expect_eq "user unknown verb" "$rc" 2
expect_in "user unknown verb says so" "unknown verb" "$work/err"

# short passwords: 11 characters, in ASCII or in Cyrillic (22 bytes)
for p in 'elevenchars' 'парольпарол' ''; do
	pw_file "$p"
	run_pr user add shorty --role editor --password-stdin <"$work/pw"
	expect_eq "short password '$p' exit" "$rc" 3
	expect_in "short password '$p' message" "at least 12 characters" \
	    "$work/err"
done
run_pr user add shorty --role editor --password-stdin </dev/null
expect_eq "no password on stdin" "$rc" 3
expect_eq "short passwords made no user" \
    "$(sql "SELECT count(*) FROM user WHERE name = 'shorty'")" 0
# twelve characters of Cyrillic are enough (characters, not bytes)
pw_file 'парольпароль'
run_pr user add ru.editor --role editor --password-stdin <"$work/pw"
expect_eq "12 Cyrillic characters" "$rc" 0
# over PASSWORD_MAX (1024 bytes): refused, and it is input (exit 3)
python3 -c 'print("x" * 1025)' >"$work/pw"
run_pr user add longpw --role editor --password-stdin <"$work/pw"
[ "$rc" -ne 0 ] && ok || bad "a 1025-byte password was accepted"
expect_eq "long password made no user" \
    "$(sql "SELECT count(*) FROM user WHERE name = 'longpw'")" 0
[ "$rc" -eq 3 ]
known "a password over 1024 bytes exits $rc, not 3 (input rejected) as a
 short one does (cmd_user.c read_password)" $?
python3 -c 'print("x" * 1024)' >"$work/pw"
run_pr user add maxpw --role editor --password-stdin <"$work/pw"
expect_eq "a 1024-byte password" "$rc" 0
# no terminal and no --password-stdin: says what to do, does not hang
setsid -w "$PRESSROOM" user add ttyless --role editor </dev/null \
    >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" -ne 0 ] && ok || bad "user add without a terminal succeeded"
expect_in "no terminal" "--password-stdin" "$work/err"

# roles
pw_file "$PW"
run_pr user add bob --role boss --password-stdin <"$work/pw"
expect_eq "bad role" "$rc" 2
expect_in "bad role message" "contributor, translator, editor or admin" \
    "$work/err"
run_pr user add bob --password-stdin <"$work/pw"
expect_eq "no role" "$rc" 2
run_pr user add bob --role Admin --password-stdin <"$work/pw"
expect_eq "role in capitals" "$rc" 2

# names
long=$(python3 -c 'print("a" * 65)')
for n in Bob 1bob .bob "bo b" "bob/x" "$long"; do
	run_pr user add "$n" --role editor --no-password
	expect_eq "bad name '$n'" "$rc" 3
	expect_in "bad name '$n' message" "user name" "$work/err"
done
run_pr user add "$(python3 -c 'print("a" * 64)')" --role editor \
    --no-password
expect_eq "64-character name" "$rc" 0

# duplicate
pw_file 'another password entirely'
run_pr user add alice --role contributor --password-stdin <"$work/pw"
expect_eq "duplicate" "$rc" 3
expect_in "duplicate message" "alice exists" "$work/err"
expect_eq "duplicate left alice alone" \
    "$(sql "SELECT role FROM user WHERE name = 'alice'")" admin
expect_eq "duplicate left alice's password alone" \
    "$(sql "SELECT password_hash FROM user WHERE name = 'alice'")" "$h"

# --no-password
run_pr user add bot --role contributor --no-password
expect_eq "no-password" "$rc" 0
expect_eq "no-password: no hash" \
    "$(sql "SELECT coalesce(password_hash, 'NULL') FROM user
	WHERE name = 'bot'")" NULL

# translators and their locales
run_pr user add tr --role translator --no-password
expect_eq "translator without locales" "$rc" 2
expect_in "translator without locales message" "--locales" "$work/err"
run_pr user add tr --role translator --locales 'not a tag!' --no-password
expect_eq "bad locale" "$rc" 2
expect_in "bad locale message" "is not a locale" "$work/err"
run_pr user add tr --role translator --locales ru-ru,AR --no-password
expect_eq "translator" "$rc" 0

# --- list -------------------------------------------------------------------
run_pr user list
expect_eq "list exit" "$rc" 0
grep -Eq '^alice +admin *$' "$work/out" && ok || bad "list: alice admin"
grep -Eq '^tr +translator +ru-RU ar$' "$work/out" && ok ||
    bad "list: tr translator ru-RU ar"
grep -Eq '^bot +contributor *$' "$work/out" && ok || bad "list: bot"
expect_in "list count" "6 users" "$work/out"
expect_not_in "list shows no hash" 'argon2' "$work/out"
# sorted by name
sed '$d' "$work/out" | cut -d' ' -f1 >"$work/names"
LC_ALL=C sort "$work/names" | cmp -s - "$work/names" && ok ||
    bad "list is not sorted by name: $(tr '\n' ' ' <"$work/names")"

# --- set --------------------------------------------------------------------
run_pr user set tr --role editor
expect_eq "set role" "$rc" 0
expect_in "set role says" "updated tr (editor)" "$work/out"
run_pr user list
grep -Eq '^tr +editor +ru-RU ar$' "$work/out" && ok ||
    bad "set --role kept the locales"
run_pr user set tr --role translator --locales de-DE
expect_eq "set locales" "$rc" 0
run_pr user list
grep -Eq '^tr +translator +de-DE$' "$work/out" && ok ||
    bad "set --locales replaced them"
run_pr user set tr --role overlord
expect_eq "set bad role" "$rc" 2
run_pr user set nobody --role editor
expect_eq "set unknown user" "$rc" 4
# user add refuses a translator without locales; user set should too
run_pr user set bot --role translator
[ "$rc" -ne 0 ]
known "user set bot --role translator makes a translator without locales
 (user add refuses one)" $?
run_pr user set bot --role contributor --locales ''

# --- disable and enable -----------------------------------------------------
add_session tr
add_session tr
add_session alice
expect_eq "two sessions of tr" "$(sessions_of tr)" 2
run_pr user disable tr
expect_eq "disable" "$rc" 0
expect_in "disable says" "disabled tr" "$work/out"
expect_eq "disable ended tr's sessions" "$(sessions_of tr)" 0
expect_eq "disable left alice's session" "$(sessions_of alice)" 1
run_pr user list
grep -Eq '^tr +translator +de-DE \(disabled\)$' "$work/out" && ok ||
    bad "list marks tr disabled"
run_pr user enable tr
expect_eq "enable" "$rc" 0
run_pr user list
expect_not_in "enabled again" "(disabled)" "$work/out"
run_pr user disable nobody
expect_eq "disable unknown" "$rc" 4
run_pr user enable nobody
expect_eq "enable unknown" "$rc" 4

# --- passwd -----------------------------------------------------------------
add_session alice
expect_eq "two sessions of alice" "$(sessions_of alice)" 2
pw_file 'short'
run_pr user passwd alice --password-stdin <"$work/pw"
expect_eq "passwd too short" "$rc" 3
expect_eq "short passwd kept the hash" \
    "$(sql "SELECT password_hash FROM user WHERE name = 'alice'")" "$h"
expect_eq "short passwd kept the sessions" "$(sessions_of alice)" 2
pw_file 'a brand new passphrase'
run_pr user passwd alice --password-stdin <"$work/pw"
expect_eq "passwd" "$rc" 0
expect_in "passwd says" "new password for alice" "$work/out"
h2=$(sql "SELECT password_hash FROM user WHERE name = 'alice'")
[ "$h2" != "$h" ] && ok || bad "passwd did not change the hash"
expect_eq "passwd ended alice's sessions" "$(sessions_of alice)" 0
run_pr user passwd nobody --password-stdin <"$work/pw"
expect_eq "passwd unknown" "$rc" 4
# a password for an account that had none
run_pr user passwd bot --password-stdin <"$work/pw"
expect_eq "passwd for a token-only account" "$rc" 0

# --- tokens -----------------------------------------------------------------
run_pr token list
expect_eq "token list empty" "$rc" 0
run_pr token add alice --label ci
expect_eq "token add" "$rc" 0
expect_eq "token add prints one line" "$(wc -l <"$work/out" | tr -d ' ')" 1
grep -Eq '^pr_[A-Za-z0-9_-]{43}$' "$work/out" && ok ||
    bad "token format: $(cat "$work/out")"
tok_a=$(cat "$work/out")
id_a=$(sed -n 's/^token \([0-9]*\) for alice.*/\1/p' "$work/err")
[ -n "$id_a" ] && ok || bad "token add says its id on stderr"
expect_in "token add says how to revoke" "token revoke $id_a" "$work/err"
run_pr token add bot
expect_eq "token add without a label" "$rc" 0
tok_b=$(cat "$work/out")
id_b=$(sed -n 's/^token \([0-9]*\) for bot.*/\1/p' "$work/err")
[ "$tok_a" != "$tok_b" ] && ok || bad "two tokens are the same"
run_pr token add nobody
expect_eq "token add unknown user" "$rc" 4
expect_eq "token add unknown user prints no token" \
    "$(wc -c <"$work/out" | tr -d ' ')" 0
if grep -qF "$tok_a" "$PRESSROOM_DB" "$PRESSROOM_DB-wal" 2>/dev/null; then
	bad "the token is in the database file"
else ok; fi
run_pr token list
expect_eq "token list" "$rc" 0
grep -Eq "^ *$id_a +alice +ci +valid$" "$work/out" && ok ||
    bad "token list: alice's token"
grep -Eq "^ *$id_b +bot +valid$" "$work/out" && ok ||
    bad "token list: bot's token"
expect_not_in "token list shows no token" "pr_" "$work/out"

# --- the server honours tokens ----------------------------------------------
port=$(free_port)
base="http://127.0.0.1:$port"
"$PRESSROOM" serve --listen "127.0.0.1:$port" --threads 2 --quiet \
    >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "$base/static/style.css"; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		bad "server did not start"; cat "$work/serve.log" >&2; finish
	fi
	sleep 0.05
done

me() {
	: >"$work/body"
	curl -s -o "$work/body" -w '%{http_code}' "$@" "$base/api/v1/me"
}

expect_eq "me without a token" "$(me)" 401
expect_eq "me with alice's token" \
    "$(me -H "Authorization: Bearer $tok_a")" 200
expect_in "me is alice" '"name": "alice"' "$work/body"
expect_in "me via token" '"via": "token"' "$work/body"
expect_in "me is admin" '"role": "admin"' "$work/body"
expect_eq "me with bot's token" \
    "$(me -H "Authorization: Bearer $tok_b")" 200
expect_in "me is bot" '"name": "bot"' "$work/body"
fake=pr_$(python3 -c 'print("A" * 43)')
expect_eq "me with a made-up token" \
    "$(me -H "Authorization: Bearer $fake")" 401
expect_eq "me with a token cut short" \
    "$(me -H "Authorization: Bearer $(echo "$tok_a" | cut -c1-45)")" 401
expect_eq "me with Basic" "$(me -H "Authorization: Basic $tok_a")" 401

# revoked while the server runs: refused at once
run_pr token revoke "$id_a"
expect_eq "token revoke" "$rc" 0
expect_in "token revoke says" "revoked token $id_a" "$work/out"
expect_eq "me with the revoked token" \
    "$(me -H "Authorization: Bearer $tok_a")" 401
expect_eq "me with bot's token still" \
    "$(me -H "Authorization: Bearer $tok_b")" 200
# an account disabled: its tokens are refused; enabled: accepted again
"$PRESSROOM" user disable bot >/dev/null
expect_eq "me with a disabled account's token" \
    "$(me -H "Authorization: Bearer $tok_b")" 401
"$PRESSROOM" user enable bot >/dev/null
expect_eq "me with an enabled account's token" \
    "$(me -H "Authorization: Bearer $tok_b")" 200

kill "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=

run_pr token list
grep -Eq "^ *$id_a +alice +ci +revoked$" "$work/out" && ok ||
    bad "token list: revoked"
grep -Eq "^ *$id_b +bot +valid$" "$work/out" && ok ||
    bad "token list: bot's still valid"
run_pr token revoke "$id_a"
expect_eq "token revoke twice" "$rc" 4
expect_in "token revoke twice says" "no valid token $id_a" "$work/err"
run_pr token revoke 99999
expect_eq "token revoke unknown" "$rc" 4
run_pr token revoke abc
expect_eq "token revoke not a number" "$rc" 2
run_pr token revoke 0
expect_eq "token revoke 0" "$rc" 2
run_pr token revoke
expect_eq "token revoke without an id" "$rc" 2

finish
