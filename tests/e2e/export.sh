#!/bin/sh
# The static export: every file byte-identical to what `serve` sends for its
# URL, nothing that is not public, and re-runs that rewrite only what
# changed and remove what the site no longer has.
# Usage: export.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
export PRESSROOM_DB="$work/p.db"
"$PRESSROOM" init >/dev/null
"$PRESSROOM" import "$SRC"/examples/*.json >/dev/null
"$PRESSROOM" import --tz Europe/Moscow \
    "$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt" >/dev/null
"$PRESSROOM" withdraw 2020-04-09-humanitarian-aid-vessa-valley-floods \
    --reason "Replaced." >/dev/null
"$PRESSROOM" schedule 2023-12-04-interview-minister-maarland-climate-conference-dubai \
    --at 2099-01-01T00:00:00Z >/dev/null
"$PRESSROOM" tag 2019-11-20-statement-signing-vessa-river-water-treaty \
    "vessa river" >/dev/null
"$PRESSROOM" publisher add home --title "en-GB=From the Ministry" \
    --page-size 3 >/dev/null
"$PRESSROOM" publisher add speeches --kinds speech,statement \
    --locales en-GB,ru-RU --page-size 1 >/dev/null
port=$(free_port)
base="http://127.0.0.1:$port"
out="$work/site"

run_pr export-site --base-url "$base" "$out"
expect_eq "export" "$rc" 0
expect_in "export counts" "written, 0 unchanged, 0 removed" "$work/out"
[ -f "$out/en-GB/index.html" ] && ok || bad "no en-GB/index.html"
[ -f "$out/static/style.css" ] && ok || bad "no theme file"
[ -f "$out/sitemap.xml" ] && [ -f "$out/robots.txt" ] && ok ||
    bad "no sitemap or robots.txt"
[ -f "$out/ar/feed.atom" ] && ok || bad "no Arabic feed"
[ -f "$out/en-GB/page/3/index.html" ] && ok || bad "no home page 3 (3 per page)"
[ -f "$out/ru-RU/p/speeches/page/2/index.html" ] && ok ||
    bad "no publisher page 2"
[ -f "$out/en-GB/p/speeches.atom" ] && ok || bad "no publisher feed"
[ ! -e "$out/ar/p/speeches" ] && ok || bad "a publisher outside its locales"
[ -f "$out/en-GB/tag/vessa river/index.html" ] && ok || bad "no tag page"
[ -f "$out/en-GB/archive/2015/06/index.html" ] && ok || bad "no archive month"
[ -f "$out/en-GB/2020-04-09-humanitarian-aid-vessa-valley-floods" ] && ok ||
    bad "a withdrawn page keeps its page"
if grep -rl "interview-minister-maarland" "$out" >/dev/null; then
	bad "a scheduled item leaked into the export"
else
	ok
fi

"$PRESSROOM" serve --listen "127.0.0.1:$port" --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "$base/robots.txt"; do
	i=$((i + 1)); [ $i -gt 100 ] && { bad "server did not start"; finish; }
	sleep 0.05
done
# every exported file is what the server sends for its URL
n=0
while read -r f; do
	case "$f" in
	*index.html) url="/${f%index.html}" ;;
	*) url="/$f" ;;
	esac
	url=$(python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1]))' "$url")
	code=$(curl -s -o "$work/served" -w '%{http_code}' "$base$url")
	want=200
	[ "$f" = 404.html ] && want=404
	[ "$code" = "$want" ] || bad "$url: served $code"
	cmp -s "$work/served" "$out/$f" || bad "$f differs from $url"
	n=$((n + 1))
done <"$out/.pressroom-export"
[ "$n" -gt 60 ] && ok || bad "only $n files compared"

# re-runs
run_pr export-site --base-url "$base" "$out"
expect_in "nothing changed" " 0 written," "$work/out"
"$PRESSROOM" tag 2019-11-20-statement-signing-vessa-river-water-treaty \
    water >/dev/null
run_pr export-site --base-url "$base" "$out"
expect_not_in "an edit rewrites some files" " 0 written," "$work/out"
expect_in "an edit removes nothing" " 0 removed" "$work/out"
"$PRESSROOM" unpublish 2019-11-20-statement-signing-vessa-river-water-treaty >/dev/null
run_pr export-site --base-url "$base" "$out"
expect_not_in "unpublishing removes files" " 0 removed" "$work/out"
[ ! -e "$out/en-GB/2019-11-20-statement-signing-vessa-river-water-treaty" ] &&
    ok || bad "the unpublished page is still there"
run_pr export-site --base-url "$base" "$out" --threads 1
expect_in "stable after removal" " 0 written," "$work/out"
run_pr export-site; expect_eq "export without a directory" "$rc" 2
finish
