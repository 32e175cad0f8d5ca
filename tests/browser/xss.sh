#!/bin/sh
# Hostile input in headless Chromium (xss.mjs): a fresh database with an
# editor, an admin, the editor's API token and a publisher whose titles are
# XSS payloads; xss.mjs writes the rest through the API and the forms. The
# server's exit status and sanitizer reports are checked as in run.sh.
# Usage: xss.sh PRESSROOM_BINARY SOURCE_ROOT BUILD_DIR
set -u
if [ $# -ne 3 ]; then
	echo "usage: $0 PRESSROOM_BINARY SOURCE_ROOT BUILD_DIR" >&2
	exit 2
fi
PRESSROOM=$1
SRC=$2
BUILD=$3
. "$SRC/tests/browser/lib.sh"

export PRESSROOM_DB="$work/p.db"
XSS_USER=ed
XSS_PASSWORD='correct horse battery staple'
XSS_ADMIN=root
XSS_ADMIN_PASSWORD='another long passphrase'
# the publisher's titles (xss.mjs checks that they show as text)
XSS_PUB_EN='<script>alert(__xss_90=90)</script> "pub" xqpub'
XSS_PUB_RU='Лента <img src=x onerror=alert(__xss_91=91)> xqpub'
XSS_PUB_AR='شريط ‮<svg onload=alert(__xss_92=92)>‬ xqpub'
{ "$PRESSROOM" init &&
    printf '%s\n' "$XSS_PASSWORD" |
    "$PRESSROOM" user add "$XSS_USER" --role editor --password-stdin &&
    printf '%s\n' "$XSS_ADMIN_PASSWORD" |
    "$PRESSROOM" user add "$XSS_ADMIN" --role admin --password-stdin &&
    "$PRESSROOM" publisher add xss --display table \
        --show date,place,speakers,locales,kind \
        --title "en-GB=$XSS_PUB_EN" --title "ru-RU=$XSS_PUB_RU" \
        --title "ar=$XSS_PUB_AR"; } >"$work/load.log" 2>&1 ||
    { cat "$work/load.log" >&2; fail "could not set up the database"; }
XSS_TOKEN=$("$PRESSROOM" token add "$XSS_USER" 2>>"$work/load.log") ||
    { cat "$work/load.log" >&2; fail "could not make an API token"; }
export XSS_USER XSS_PASSWORD XSS_ADMIN XSS_ADMIN_PASSWORD XSS_TOKEN \
    XSS_PUB_EN XSS_PUB_RU XSS_PUB_AR
npm_ready
server_start

status=0
node "$SRC/tests/browser/xss.mjs" "$base" "$BUILD" || status=1
server_stop
exit "$status"
