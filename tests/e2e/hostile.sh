#!/bin/sh
# Hostile clients against `pressroom serve` over a real socket: slowloris,
# slow bodies, 1 GiB bodies declared and chunked, header floods, a 16 KB
# URL, conflicting framing, bad paths and too many connections from one
# address, while a probe keeps asking for a page (p99 under 1 s) and the
# server's memory is watched. The checks are in hostile.py; this starts
# the server on a port of its own and stops it by pid.
# Usage: hostile.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
export PRESSROOM_DB="$work/p.db"
TIMEOUT=2
PER_IP=64
# LIMIT_HTTP_BODY_BYTES in include/pressroom/limits.h
CAP=$(sed -n 's/^#define LIMIT_HTTP_BODY_BYTES (\([0-9]*\)u << 20).*/\1/p' \
    "$SRC/include/pressroom/limits.h")
CAP=$((CAP * 1048576))

"$PRESSROOM" init >/dev/null
"$PRESSROOM" import "$SRC"/examples/*.json >/dev/null
port=$(free_port)
"$PRESSROOM" serve --listen "127.0.0.1:$port" --timeout $TIMEOUT \
    --max-conn-per-ip $PER_IP --threads 2 --quiet \
    >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/static/style.css"; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		bad "server did not start"; cat "$work/serve.log" >&2; finish
	fi
	sleep 0.05
done

# AddressSanitizer's quarantine holds freed memory: a looser bound there
rss=64
grep -q __asan_init "$PRESSROOM" && rss=320
if python3 "$SRC/tests/e2e/hostile.py" "$port" "$server_pid" $TIMEOUT \
    $PER_IP $CAP $rss; then
	ok
else
	bad "hostile clients (see above)"
	tail -n 20 "$work/serve.log" >&2
fi

# the server stops cleanly (and leak-free under ASan) afterwards
kill -TERM "$server_pid"
i=0
while kill -0 "$server_pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 200 ] && break; sleep 0.05
done
if kill -0 "$server_pid" 2>/dev/null; then
	bad "server ignored SIGTERM"
else
	wait "$server_pid"
	expect_eq "clean exit" "$?" 0
fi
server_pid=
expect_in "deadline cuts are logged" "did not send a whole request in time" \
    "$work/serve.log"
finish
