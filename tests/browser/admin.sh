#!/bin/sh
# The editorial workflow in headless Chromium (admin.mjs): a database with
# the examples and an editor account, served on 127.0.0.1; the server's
# exit status and sanitizer reports are checked as in run.sh.
# Usage: admin.sh PRESSROOM_BINARY SOURCE_ROOT BUILD_DIR
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
password='correct horse battery staple'
{ "$PRESSROOM" init && "$PRESSROOM" import "$SRC"/examples/*.json &&
    printf '%s\n' "$password" |
    "$PRESSROOM" user add editor --role editor --password-stdin; } \
    >"$work/load.log" 2>&1 ||
    { cat "$work/load.log" >&2; fail "could not set up the database"; }
npm_ready
server_start

status=0
node "$SRC/tests/browser/admin.mjs" "$base" editor "$password" "$BUILD" ||
    status=1
server_stop
exit "$status"
