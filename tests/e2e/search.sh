#!/bin/sh
# End-to-end tests of search through the binary: `pressroom search` (text
# and --json, filters, bad options, exit codes), `pressroom reindex`, the
# index following an import and a state change, and /{locale}/search and
# /api/v1/search over a real socket (MHD decodes %XX and + in the query).
# Usage: search.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
SEED="$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt"
export PRESSROOM_DB="$work/p.db"

for c in search reindex; do
	run_pr "$c" --help; expect_eq "$c --help exit" "$rc" 0
	expect_in "$c --help usage" "usage: pressroom" "$work/out"
done
run_pr --help; expect_in "--help lists search" "search" "$work/out"
expect_in "--help lists reindex" "reindex" "$work/out"

run_pr init
run_pr import "$SRC"/examples/*.json "$SRC"/tests/fixtures/search/*.json
expect_eq "import" "$rc" 0
run_pr import --tz Europe/Moscow "$SEED"

run_pr search терроризмом; expect_eq "search exit" "$rc" 0
expect_in "Russian inflection" "2016-03-01-statement-countering-terrorism" "$work/out"
expect_in "count" "of 2 results" "$work/out"
run_pr search --json terrorism
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 2, d["total"]
assert len(d["results"]) == 2
assert all("<mark>" in r["snippet_html"] or "<mark>" in r["title_html"] for r in d["results"])
assert sum(f["count"] for f in d["facets"]["kind"]) == d["total"]
' "$work/out" && ok || bad "search --json"
run_pr search --speaker Javorin --role answer visa
expect_in "speaker filter" "2020-10-05-transcript-visa-questions#t" "$work/out"
expect_not_in "speaker filter: not her turn" "questions#t3" "$work/out"
expect_not_in "speaker filter: not the question" "questions#t1" "$work/out"
run_pr search --locale ar المعاهدة
expect_in "Arabic" "/ar/2019-07-15-bayan-muahada-al-miyah" "$work/out"
run_pr search 'title:x NEAR(a b) "unclosed'; expect_eq "junk is not an error" "$rc" 0
run_pr search; expect_eq "no query" "$rc" 2
run_pr search --role remark x; expect_eq "bad role" "$rc" 2
run_pr search --from 2020-13-01 x; expect_eq "bad date" "$rc" 2
run_pr search --limit 0 x; expect_eq "bad limit" "$rc" 2
run_pr search --kind nope x; expect_eq "bad kind" "$rc" 2

# what leaves the public leaves the results; the index follows saves
run_pr unpublish 2021-05-05-news-zebrafinch-count --reason "Counted twice."
run_pr search zebrafinch; expect_in "unpublished: gone" "0 to 0 of 0 results" "$work/out"
run_pr publish 2021-05-05-news-zebrafinch-count
run_pr search zebrafinch; expect_in "published again" "1 to 1 of 1 result" "$work/out"
run_pr reindex; expect_eq "reindex" "$rc" 0
expect_in "reindex says so" "search index rebuilt" "$work/out"
run_pr search zebrafinch; expect_in "after reindex" "1 to 1 of 1 result" "$work/out"
run_pr reindex extra; expect_eq "reindex takes no argument" "$rc" 2

# a batched import finds the same
run_pr --db "$work/batch.db" init
run_pr --db "$work/batch.db" import --batch 3 \
    "$SRC"/examples/*.json "$SRC"/tests/fixtures/search/*.json
expect_eq "import --batch" "$rc" 0
expect_in "import --batch created" "#19 " "$work/out"
run_pr --db "$work/batch.db" search --json Vessa
cp "$work/out" "$work/batch.json"
run_pr search --json Vessa
python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["total"] == b["total"] and a["total"] > 5, (a["total"], b["total"])
' "$work/batch.json" "$work/out" && ok || bad "batched import: the same results"
run_pr import --batch 0 "$SEED"; expect_eq "--batch 0" "$rc" 2

# over a socket
port=$(free_port)
base="http://127.0.0.1:$port"
"$PRESSROOM" serve --listen "127.0.0.1:$port" --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "$base/static/style.css"; do
	i=$((i + 1)); [ $i -gt 100 ] && { bad "server did not start"; finish; }
	sleep 0.05
done
code=$(curl -s -o "$work/page" -w '%{http_code}' \
    "$base/en-GB/search?q=water+%22water+treaty%22&speaker=")
expect_eq "search page status" "$code" 200
expect_in "plus and %22 decoded" 'value="water &quot;water treaty&quot;"' "$work/page"
code=$(curl -s -o "$work/api" -w '%{http_code}' \
    "$base/api/v1/search?q=%D1%82%D0%B5%D1%80%D1%80%D0%BE%D1%80%D0%B8%D0%B7%D0%BC%D0%B0")
expect_eq "API status" "$code" 200
expect_in "API finds the Russian forms" '"total": 2,' "$work/api"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/en-GB/search?q=%FF%FE%00x")
expect_eq "bad bytes in the query" "$code" 200
kill "$server_pid"; wait "$server_pid"; server_pid=
finish
