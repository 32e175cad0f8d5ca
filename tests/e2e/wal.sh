#!/bin/sh
# The write-ahead log stays bounded while readers never stop. A writer
# process keeps importing a changing asset; readers hold overlapping read
# transactions so that at every instant one of them has a snapshot (the
# pattern under which SQLite's own PASSIVE checkpoints never let the log
# restart: it grows without bound), and HTTP requests keep coming. The
# server's checkpoint thread (serve --checkpoint-interval 1) must keep the
# -wal file under a bound, and empty it once the load stops; then, with no
# server, the same load must drive the log past that bound (otherwise the
# load does not starve checkpoints, and the test would prove nothing).
# Usage: wal.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
CHECK="python3 $SRC/tests/e2e/dbcheck.py"
export PRESSROOM_DB="$work/p.db"
SECONDS_LOAD=12
BOUND=$((8 * 1048576))	# a few seconds of this writer at most
mkdir -p "$work/gen" "$work/round"

"$PRESSROOM" init >/dev/null
$CHECK bulk "$work/gen" 100
$CHECK gen "$work/gen" 1
"$PRESSROOM" import "$work/gen"/*.json >/dev/null || bad "initial import"

# load PHASE MIN_S MIN_ROUNDS MAX_S [WAL_BYTES]: the writer (six saves a
# round: the load asset and five bulk ones rewritten) and the readers, for
# MIN_S seconds and MIN_ROUNDS rounds of the writer (a slow machine takes
# longer, not fewer), at most MAX_S seconds, or until the -wal file passes
# WAL_BYTES; the result ("max last reads rounds") in $work/PHASE.out
load() {
	rm -f "$work/stop"
	python3 "$SRC/tests/e2e/walreaders.py" "$PRESSROOM_DB" "$work/stop" \
	    "$work/$1.wal" &
	readers=$!
	(
		k=2
		echo 0 >"$work/$1.rounds"
		while [ ! -f "$work/stop" ]; do
			$CHECK gen "$work/round" $k
			$CHECK bulk "$work/round" 5 $k
			"$PRESSROOM" import "$work/round"/*.json >/dev/null \
			    2>>"$work/writer.err" || echo "$k" >>"$work/writer.fail"
			echo $((k - 1)) >"$work/$1.rounds"
			k=$((k + 1))
		done
	) &
	writer=$!
	if [ -n "${port:-}" ]; then
		(
			while [ ! -f "$work/stop" ]; do
				curl -s -o /dev/null "http://127.0.0.1:$port/en-GB/"
				curl -s -o /dev/null "http://127.0.0.1:$port/en-GB/2024-05-01-load"
			done
		) &
		http=$!
	fi
	start=$(date +%s)
	while :; do
		sleep 0.2
		now=$(date +%s)
		[ $((now - start)) -ge "$4" ] && break
		[ $((now - start)) -ge "$2" ] &&
		    [ "$(cat "$work/$1.rounds" 2>/dev/null || echo 0)" -ge "$3" ] &&
		    break
		[ -n "${5:-}" ] && [ "$(stat -c %s "$PRESSROOM_DB-wal" \
		    2>/dev/null || echo 0)" -gt "$5" ] && break
	done
	touch "$work/stop"
	wait $writer
	wait $readers
	[ -n "${http:-}" ] && wait $http
	http=
	echo "$(cat "$work/$1.wal") $(cat "$work/$1.rounds")" >"$work/$1.out"
}

port=$(free_port)
"$PRESSROOM" serve --listen "127.0.0.1:$port" --checkpoint-interval 1 \
    --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/static/style.css"; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		bad "server did not start"; cat "$work/serve.log" >&2; finish
	fi
	sleep 0.05
done
load served $SECONDS_LOAD 10 150
sleep 2	# one more checkpoint with the load gone
last=$(stat -c %s "$PRESSROOM_DB-wal" 2>/dev/null || echo 0)
kill -TERM "$server_pid"
wait "$server_pid"
expect_eq "server exit" "$?" 0
server_pid=
port=
set -- $(cat "$work/served.out")
echo "with the server's checkpoints: -wal at most $(($1 / 1024)) KiB" \
    "(bound $((BOUND / 1024)) KiB), $3 reads, $4 writer rounds;" \
    "$((last / 1024)) KiB once idle"
[ "$1" -le "$BOUND" ] && ok || bad "-wal reached $1 bytes (bound $BOUND)"
[ "$3" -ge 100 ] && ok || bad "the readers did only $3 reads"
[ "$4" -ge 10 ] && ok || bad "the writer did only $4 rounds"
[ "$last" -eq 0 ] && ok || bad "-wal is $last bytes once idle, not truncated"
[ ! -s "$work/writer.fail" ] && ok ||
    bad "writer failures: $(head -c 300 "$work/writer.err")"

# the same load without the server: nothing restarts the log
load unserved 150 0 150 $((BOUND + 4 * 1048576))
set -- $(cat "$work/unserved.out")
echo "without: -wal at most $(($1 / 1024)) KiB, $3 reads, $4 writer rounds"
[ "$1" -gt "$BOUND" ] && ok ||
    bad "without checkpoints the -wal stayed at $1 bytes: the load does not starve checkpoints, so the test proves nothing"
$CHECK check "$PRESSROOM_DB" >/dev/null && ok || bad "database check"
finish
