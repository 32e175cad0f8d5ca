#!/bin/sh
# Runs every libFuzzer target for a while. Usage: scripts/fuzz.sh BUILD SECONDS
# Corpora live in fuzz/corpus/<target>/ (not committed), seeded from the
# test fixtures; a crashing input is written to fuzz/regress/<target>/,
# where the test suite replays it: commit it with its fix.
# The targets are every fuzz/fuzz_*.c that BUILD has built. FUZZ_TIMEOUT
# (default 2) is libFuzzer's -timeout for one input, in seconds.
set -eu
build=$1
seconds=$2
timeout=${FUZZ_TIMEOUT:-2}
cd "$(dirname "$0")/.."
status=0
targets=""
for f in fuzz/fuzz_*.c; do
	t=${f#fuzz/fuzz_}
	t=${t%.c}
	[ -x "$build/fuzz/fuzz_$t" ] && targets="$targets $t"
done
for t in $targets; do
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
	json)	# raw JSON: the asset and publisher readers; a first byte
		# below 0x20 makes it a write API request (see fuzz_json.c)
		for f in examples/*.json tests/fixtures/search/*.json; do
			b=$(basename "$f" .json)
			cp -n "$f" "$corpus/$b.json" 2>/dev/null || true
			{ printf '\000'; cat "$f"; } >"$corpus/$b.create"
			{ printf '\001'; cat "$f"; } >"$corpus/$b.replace"
		done
		printf '\002{"publish_at": "2030-06-01T10:00:00+02:00"}' \
		    >"$corpus/schedule"
		printf '\003{"reason": "Superseded by a later statement."}' \
		    >"$corpus/withdraw"
		printf '\004{"blocks": ["p1", "t1"], "head": true}' \
		    >"$corpus/confirm"
		printf '\024{"blocks": ["t1"], "head": false}' \
		    >"$corpus/confirm-translator"
		printf '\005{}' >"$corpus/publish"
		# every member an asset may have; the file is the fixture's
		printf '\000{"slug": "2021-01-01-all", "kind": "news", "published_at": "2021-01-01T00:00:00-05:30", "place": "P", "source": "file:x", "status": "withdrawn", "withdraw_reason": "r", "withdrawn_at": "2021-02-01T00:00:00Z", "update_note_at": "2021-02-02T00:00:00Z", "locales": ["en-GB", "ar"], "speakers": ["A B", {"name": "C D", "title": null}], "tags": ["Water", "  Vessa   River ", "ВОДА"], "related": [1, "2020-01-02-fuzz-two"], "attachments": [{"name": "report.txt", "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", "type": "text/plain", "size": 6}], "translations": {"en-GB": {"title": "x", "summary": "s", "update_note": "fixed a name", "blocks": [{"text": "y"}, {"id": "t7", "type": "turn", "role": "remark", "speaker": "C D", "text": "z"}]}, "ar": {"title": "ت", "blocks": [{"id": "p1", "type": "paragraph", "role": null, "speaker": null, "text": "ب"}]}}, "note": "n"}' \
		    >"$corpus/create-all"
		printf '\030{"kind": "speech", "published_at": "2031-01-01T00:00:00+05:00", "status": "published", "publish_at": "2031-01-01T00:00:00+05:00", "translations": {"de-DE": {"title": "Rede", "blocks": []}}}' \
		    >"$corpus/create-admin-no-slug"
		printf '\016{"slug": "2020-01-02-fuzz-two", "kind": "statement", "status": "draft", "published_at": "2020-01-02T09:30:00Z", "note": "typo", "revision": 1, "translations": {"en-GB": {"title": "Draft", "blocks": [{"text": "d"}]}}}' \
		    >"$corpus/replace-contributor"
		printf '{"name": "statements", "title": {"en-GB": "Statements", "ar": "بيانات"}, "filters": {"kinds": ["statement", "speech"], "tags": {"any": ["water"], "none": ["visa"]}, "speaker": "A B", "from": "2015-01-01", "to": "2016-01-01T00:00:00Z", "locale": "en-GB"}, "show": ["date", "place", "speakers", "locales", "kind"], "group": "year", "order": [{"by": "event", "dir": "desc"}, {"by": "title"}]}' \
		    >"$corpus/publisher-dynamic"
		printf '{"name": "picks", "selection": "manual", "assets": [8, 11, 1, 10, 3], "display": "table", "paging": "prev-next", "page_size": 2, "locales": ["en-GB", "ru-RU"], "fallback": "original"}' \
		    >"$corpus/publisher-manual" ;;
	esac
	echo "fuzz_$t: $seconds s"
	if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="$timeout" \
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
