#!/bin/sh
# Runs every libFuzzer target for a while. Usage: scripts/fuzz.sh BUILD SECONDS
# Corpora live in fuzz/corpus/<target>/ (not committed), seeded from the
# test fixtures; a crashing input is written to fuzz/regress/<target>/,
# where the test suite replays it: commit it with its fix.
set -eu
build=$1
seconds=$2
cd "$(dirname "$0")/.."
status=0
for t in import tmpl markdown http search; do
	corpus=fuzz/corpus/$t
	mkdir -p "$corpus"
	case $t in
	import) cp -n tests/fixtures/seed/*.txt tests/fixtures/import/*.txt \
	    examples/*.json "$corpus"/ 2>/dev/null || true ;;
	tmpl) cp -n templates/*.html "$corpus"/ 2>/dev/null || true ;;
	markdown) for f in examples/*.json; do
		python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for l,t in d["translations"].items():
    for b in t["blocks"]: print(b["text"])' "$f" >"$corpus/$(basename "$f" .json).md"
	done ;;
	http) printf 'GET\n/en-GB/\nen\n\n2\n' >"$corpus/list" ;;
	search) cp -n fuzz/regress/search/* "$corpus"/ 2>/dev/null || true
		printf 'water "border treaty" negot* -fish OR visa' \
		    >"$corpus/syntax" ;;
	esac
	echo "fuzz_$t: $seconds s"
	if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=2 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="fuzz/regress/$t/" "$corpus" \
	    fuzz/regress/$t 2>"$build/fuzz_$t.log"; then
		echo "fuzz_$t: FAILED, see $build/fuzz_$t.log and fuzz/regress/$t/"
		status=1
	fi
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb" \
	    "$build/fuzz_$t.log" | sed "s/^/  /"
done
exit $status
