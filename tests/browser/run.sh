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

work=$(mktemp -d /tmp/pressroom-browser.XXXXXX)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

export PRESSROOM_DB="$work/p.db"
"$PRESSROOM" init >"$work/load.log" 2>&1 &&
    "$PRESSROOM" import "$SRC"/examples/*.json >>"$work/load.log" 2>&1 &&
    "$PRESSROOM" import --tz Europe/Moscow "$SEED" >>"$work/load.log" 2>&1 ||
    { cat "$work/load.log" >&2; fail "could not load the examples and the seed"; }

# playwright-core from the lock file, unless node_modules already has
# exactly the locked versions.
cd "$SRC" || fail "no $SRC"
if ! node -e '
const fs = require("fs");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
for (const [p, m] of Object.entries(lock.packages)) {
	if (p === "") continue;
	const got = JSON.parse(fs.readFileSync(p + "/package.json", "utf8"));
	if (got.version !== m.version) process.exit(1);
}' 2>/dev/null; then
	npm ci --prefer-offline --no-audit --no-fund --loglevel=error \
	    >"$work/npm.log" 2>&1 ||
	    { cat "$work/npm.log" >&2; fail "npm ci"; }
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
# Under ASan, also catch pointers into a returned function's stack frame
# (the view models borrow strings until the page is rendered).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_stack_use_after_return=1" \
    "$PRESSROOM" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "$base/static/style.css"; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$server_pid" 2>/dev/null; then
		cat "$work/serve.log" >&2
		fail "server did not start"
	fi
	sleep 0.05
done

status=0
node "$SRC/tests/browser/pages.mjs" "$base" "$BUILD" || status=1
# Debian's interpreter: python3-html5lib is installed for it.
/usr/bin/python3 "$SRC/tests/browser/validate_html.py" "$base" \
    "200:$SEED_PATH" "200:$AR_PATH" 200:/ru-RU/ 200:/en-GB/ \
    404:/ru-RU/no-such-article 404:/nope/nothing || status=1

kill -TERM "$server_pid" 2>/dev/null
i=0
while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
if kill -0 "$server_pid" 2>/dev/null; then
	echo "FAIL: server ignored SIGTERM" >&2
	status=1
else
	wait "$server_pid"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: server exited $rc (a sanitizer report?)" >&2
		status=1
	fi
fi
server_pid=
if grep -q 'Sanitizer' "$work/serve.log"; then
	echo "FAIL: the server's sanitizer report:" >&2
	grep -v '^    #[1-9][0-9]' "$work/serve.log" | grep -A 40 'Sanitizer' |
	    head -n 60 >&2
	status=1
elif [ "$status" -ne 0 ]; then
	echo "--- server log (last lines)" >&2
	tail -n 30 "$work/serve.log" >&2
fi
exit "$status"
