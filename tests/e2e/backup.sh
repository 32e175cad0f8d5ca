#!/bin/sh
# End-to-end test of `pressroom backup` under load, and of a restore.
# A writer process keeps importing a changing asset (a new revision with a
# different number of blocks each round, plus a new asset every fifth
# round) and a reader keeps listing and showing, while backups are taken
# one after another. Every backup must open, pass integrity_check and
# foreign_key_check and hold one instant: every asset's rows match its
# newest revision, the changing asset is one round, whole (dbcheck.py).
# Then: refusals (existing file, the database itself, a file with a -wal
# beside it), a failed backup leaves nothing, and a restore (the copy put
# in place while nothing runs) serves and takes writes.
# Usage: backup.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
CHECK="python3 $SRC/tests/e2e/dbcheck.py"
export PRESSROOM_DB="$work/p.db"
mkdir -p "$work/gen" "$work/new"

"$PRESSROOM" init >/dev/null
$CHECK bulk "$work/gen" 300
$CHECK gen "$work/gen" 1
"$PRESSROOM" import "$work/gen"/*.json >/dev/null || bad "initial import"

# the writer: one process per round, as a cron job or an editor would
(
	k=2
	while [ ! -f "$work/stop" ]; do
		$CHECK gen "$work/gen" $k
		if ! "$PRESSROOM" import "$work/gen/load.json" >/dev/null \
		    2>>"$work/writer.err"; then
			echo "round $k" >>"$work/writer.fail"
		fi
		if [ $((k % 5)) -eq 0 ]; then
			cp "$work/gen/bulk-0001.json" "$work/new/new-$k.json"
			sed -i "s/2023-01-01-bulk-1\"/2023-01-02-new-$k\"/" \
			    "$work/new/new-$k.json"
			"$PRESSROOM" import "$work/new/new-$k.json" >/dev/null \
			    2>>"$work/writer.err" ||
			    echo "new $k" >>"$work/writer.fail"
		fi
		echo $((k - 1)) >"$work/rounds"
		k=$((k + 1))
	done
) &
writer=$!
# the reader
(
	while [ ! -f "$work/stop" ]; do
		"$PRESSROOM" list >/dev/null 2>>"$work/reader.err" ||
		    echo x >>"$work/reader.fail"
		"$PRESSROOM" show 2024-05-01-load >/dev/null \
		    2>>"$work/reader.err" || echo x >>"$work/reader.fail"
	done
) &
reader=$!

# twelve backups at least, and on until the writer has done ten rounds
# (a slow machine takes longer, it does not test less), two minutes at most
sleep 1
n=0
start=$(date +%s)
while [ $n -lt 12 ] || { [ "$(cat "$work/rounds" 2>/dev/null || echo 0)" \
    -lt 10 ] && [ $(($(date +%s) - start)) -lt 120 ]; }; do
	n=$((n + 1))
	if "$PRESSROOM" backup "$work/bk$n.db" >"$work/bk.out" 2>&1; then
		ok
	else
		bad "backup $n under load failed: $(cat "$work/bk.out")"
	fi
	sleep 0.3
done
touch "$work/stop"
wait $writer
wait $reader
rounds=$(cat "$work/rounds")
[ "$rounds" -ge 10 ] && ok || bad "the writer did only $rounds rounds"
[ ! -s "$work/writer.fail" ] && ok ||
    bad "writer failures: $(head -c 500 "$work/writer.fail") $(head -c 500 "$work/writer.err")"
[ ! -s "$work/reader.fail" ] && ok ||
    bad "reader failures: $(head -c 500 "$work/reader.err")"

# every backup is one consistent instant; rounds never go back
prev=0
first=0
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	if out=$($CHECK check "$work/bk$i.db" $prev 2>&1); then
		ok
		prev=${out#ok }
		prev=${prev%% *}
		[ $first -eq 0 ] && first=$prev
	else
		bad "backup $i: $out"
	fi
done
# the load really overlapped: later backups saw later rounds
echo "writer rounds: $rounds; $n backups saw rounds $first to $prev"
[ "$prev" -gt "$first" ] && ok ||
    bad "all backups hold round $first: the writer did not overlap"
$CHECK check "$PRESSROOM_DB" >/dev/null && ok || bad "the database itself"
ls "$work" | grep -q '\.tmp-' && bad "temporary files left: $(ls "$work")" || ok

# refusals: exit 2, nothing changed
cp "$work/bk1.db" "$work/keep.db"
"$PRESSROOM" backup "$work/bk1.db" >/dev/null 2>"$work/err"
expect_eq "existing file refused" "$?" 2
expect_in "says --force" "--force" "$work/err"
cmp -s "$work/bk1.db" "$work/keep.db" && ok || bad "refused backup changed the file"
"$PRESSROOM" backup --force "$work/bk1.db" >/dev/null
expect_eq "--force replaces" "$?" 0
$CHECK check "$work/bk1.db" >/dev/null && ok || bad "--force copy"
"$PRESSROOM" backup --force "$PRESSROOM_DB" >/dev/null 2>"$work/err"
expect_eq "the database itself refused" "$?" 2
printf 'x' >"$work/bk2.db-wal"
"$PRESSROOM" backup --force "$work/bk2.db" >/dev/null 2>"$work/err"
expect_eq "a database in use refused" "$?" 2
rm -f "$work/bk2.db-wal"
"$PRESSROOM" backup "$work/no/such/dir/x.db" >/dev/null 2>"$work/err"
expect_eq "unwritable place" "$?" 1
"$PRESSROOM" backup >/dev/null 2>&1
expect_eq "no FILE" "$?" 2
"$PRESSROOM" --db "$work/none.db" backup "$work/x.db" >/dev/null 2>&1
expect_eq "no database" "$?" 1
[ ! -e "$work/x.db" ] && ok || bad "backup of no database wrote a file"

# restore: nothing runs; the copy replaces the database and its WAL
last="$work/bk$n.db"
want=$($CHECK check "$last")
rm -f "$PRESSROOM_DB" "$PRESSROOM_DB-wal" "$PRESSROOM_DB-shm"
cp "$last" "$PRESSROOM_DB"
got=$($CHECK check "$PRESSROOM_DB")
expect_eq "restored database" "$got" "$want"
"$PRESSROOM" --db "$last" list >"$work/list.want"
"$PRESSROOM" list >"$work/list.got"
cmp -s "$work/list.want" "$work/list.got" && ok || bad "restored list differs"
k=${want#ok }
k=${k%% *}
port=$(free_port)
"$PRESSROOM" serve --listen "127.0.0.1:$port" --quiet \
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
code=$(curl -s -o "$work/page" -w '%{http_code}' \
    "http://127.0.0.1:$port/en-GB/2024-05-01-load")
expect_eq "restored page" "$code" 200
expect_in "restored round" "Load round $k (en-GB)" "$work/page"
# and it takes writes again
$CHECK gen "$work/gen" $((k + 1))
"$PRESSROOM" import "$work/gen/load.json" >/dev/null
expect_eq "import after restore" "$?" 0
sleep 0.1
code=$(curl -s -o "$work/page" -w '%{http_code}' \
    "http://127.0.0.1:$port/en-GB/2024-05-01-load")
expect_in "write after restore served" "Load round $((k + 1)) (en-GB)" \
    "$work/page"
kill -TERM "$server_pid"
wait "$server_pid"
expect_eq "server exit" "$?" 0
server_pid=
finish
