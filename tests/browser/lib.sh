# Shared by the browser test scripts (sourced, not run): a work directory
# removed on exit, playwright-core installed from the lock file when
# node_modules does not hold exactly the locked versions, and a pressroom
# server on a free 127.0.0.1 port stopped by its pid.
# Needs PRESSROOM and SRC set by the caller.

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

# npm ci from the lock file, unless node_modules already has it.
npm_ready() {
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
}

# Starts `pressroom serve` on $PRESSROOM_DB; sets base and server_pid.
server_start() {
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
	base="http://127.0.0.1:$port"
	# Under ASan, also catch pointers into a returned function's stack
	# frame (the view models borrow strings until the page is rendered).
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
}

# Stops the server with SIGTERM; fails on a non-zero exit or a sanitizer
# report in its log. Sets status to 1 on failure (the caller's variable).
server_stop() {
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
		grep -v '^    #[1-9][0-9]' "$work/serve.log" |
		    grep -A 40 'Sanitizer' | head -n 60 >&2
		status=1
	elif [ "$status" -ne 0 ]; then
		echo "--- server log (last lines)" >&2
		tail -n 30 "$work/serve.log" >&2
	fi
}
