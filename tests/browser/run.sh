#!/bin/sh
# Browser tests: loads the examples and the seed into a temporary database,
# serves it on 127.0.0.1, runs pages.mjs in Debian's headless Chromium
# (through playwright-core, installed by `npm ci` from the committed lock
# file; no browser is ever downloaded) and validates the article, list and
# error pages with html5lib in strict mode. Screenshots land in
# BUILD_DIR/tests/browser/. Needs scripts/deps.sh check's packages.
# Usage: run.sh PRESSROOM_BINARY SOURCE_ROOT BUILD_DIR
set -u
if [ $# -ne 3 ]; then
	echo "usage: $0 PRESSROOM_BINARY SOURCE_ROOT BUILD_DIR" >&2
	exit 2
fi
PRESSROOM=$1
SRC=$2
BUILD=$3
SEED="$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt"
SEED_PATH=/en-GB/2015-06-11-foreign-minister-sergey-lavrovs-statement-and-answers-to-media
AR_PATH=/ar/2021-06-17-joint-news-conference-ostra-consular-agreement

. "$SRC/tests/browser/lib.sh"

export PRESSROOM_DB="$work/p.db"
"$PRESSROOM" init >"$work/load.log" 2>&1 &&
    "$PRESSROOM" import "$SRC"/examples/*.json >>"$work/load.log" 2>&1 &&
    "$PRESSROOM" import --tz Europe/Moscow "$SEED" >>"$work/load.log" 2>&1 ||
    { cat "$work/load.log" >&2; fail "could not load the examples and the seed"; }

npm_ready
server_start

status=0
node "$SRC/tests/browser/pages.mjs" "$base" "$BUILD" || status=1
# Debian's interpreter: python3-html5lib is installed for it.
/usr/bin/python3 "$SRC/tests/browser/validate_html.py" "$base" \
    "200:$SEED_PATH" "200:$AR_PATH" 200:/ru-RU/ 200:/en-GB/ \
    404:/ru-RU/no-such-article 404:/nope/nothing \
    "200:/en-GB/search?q=treaty" 200:/de-DE/search \
    "200:/ar/search?q=%D8%A7%D9%84%D9%85%D8%B9%D8%A7%D9%87%D8%AF%D8%A9" \
    || status=1

server_stop
exit "$status"
