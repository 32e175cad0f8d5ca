#!/bin/sh
# The write-ahead log stays bounded while readers never stop. A writer
# process keeps importing a changing asset; readers hold overlapping read
# transactions so that at every instant one of them has a snapshot (the
# pattern under which SQLite's own PASSIVE checkpoints never let the log
# restart: it grows without bound), and HTTP requests keep coming. The
# server's checkpoint thread (serve --checkpoint-interval 1) must keep the
# -wal file under a bound; then, with no server, the same load shows the
# log growing past it (the test would not notice a missing checkpoint
# otherwise).
# Usage: wal.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
CHECK="python3 $SRC/tests/e2e/dbcheck.py"
export PRESSROOM_DB="$work/p.db"
SECONDS_LOAD=12
BOUND=$((24 * 1048576))	# journal_size_limit (16 MiB) + what 1 s writes
mkdir -p "$work/gen"

"$PRESSROOM" init >/dev/null
$CHECK bulk "$work/gen" 100
$CHECK gen "$work/gen" 1
"$PRESSROOM" import "$work/gen"/*.json >/dev/null || bad "initial import"

# load PHASE: the writer and the readers for SECONDS_LOAD seconds; the
# result ("max last reads rounds") in $work/PHASE.out
load() {
	rm -f "$work/stop"
	python3 "$SRC/tests/e2e/walreaders.py" "$PRESSROOM_DB" "$work/stop" \
	    "$work/$1.wal" &
	readers=$!
	(
		k=2
		while [ ! -f "$work/stop" ]; do
			$CHECK gen "$work/gen" $k
			"$PRESSROOM" import "$work/gen/load.json" >/dev/null \
			    2>>"$work/writer.err" || echo "$k" >>"$work/writer.fail"
			k=$((k + 1))
		done
		echo $k >"$work/$1.rounds"
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
	sleep $SECONDS_LOAD
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
load served
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
load unserved
set -- $(cat "$work/unserved.out")
echo "without: -wal at most $(($1 / 1024)) KiB, $3 reads, $4 writer rounds"
[ "$1" -gt "$BOUND" ] && ok ||
    bad "without checkpoints the -wal stayed at $1 bytes: the load does not starve checkpoints, so the test proves nothing"
$CHECK check "$PRESSROOM_DB" >/dev/null && ok || bad "database check"
finish
