#!/bin/sh
# End-to-end tests of the pressroom command: init, import (good and bad
# input, idempotence, revisions), list, show, exit codes and help.
# Usage: cli.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
SEED="$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt"
export PRESSROOM_DB="$work/p.db"

run_pr --help; expect_eq "--help exit" "$rc" 0
expect_in "--help lists commands" "import" "$work/out"
expect_in "--help lists exit codes" "input rejected" "$work/out"
for c in init import list show serve; do
	run_pr "$c" --help; expect_eq "$c --help exit" "$rc" 0
	expect_in "$c --help usage" "usage: pressroom" "$work/out"
done
run_pr frobnicate; expect_eq "unknown command" "$rc" 2
run_pr list --frob; expect_eq "unknown option" "$rc" 2
run_pr; expect_eq "no command" "$rc" 2

# before init
run_pr list; expect_eq "list before init" "$rc" 1
expect_in "list before init says how" "pressroom init" "$work/err"

run_pr init; expect_eq "init" "$rc" 0
expect_in "init says created" "created" "$work/out"
run_pr init; expect_eq "init again" "$rc" 0
expect_in "init again is up to date" "up to date" "$work/out"

# bad input: each rejected with file and line, exit 3, nothing written
printf '' >"$work/empty.txt"
printf 'Asset Publisher\n\n11 June 201518:30\n\nTitle\x00with NUL\n' >"$work/binary.txt"
printf 'Asset Publisher\n\n11 June 201518:30\n\nTitle \xff\xfe here\n' >"$work/latin1.txt"
sed 's/^11 June 201518:30$/31 June 201518:30/' "$SEED" >"$work/june31.txt"
for f in empty binary latin1 june31; do
	run_pr import "$work/$f.txt"
	expect_eq "import $f exit" "$rc" 3
	expect_in "import $f names the file" "$f.txt" "$work/err"
	expect_in "import $f says nothing imported" "nothing was imported" "$work/err"
done
expect_in "the impossible date is explained" "31 June" "$work/err"
run_pr list; expect_in "nothing imported after bad input" "0 of 0 assets" "$work/out"
# one bad file in a batch: nothing at all
run_pr import --tz Europe/Moscow "$SEED" "$work/june31.txt"
expect_eq "batch with a bad file exit" "$rc" 3
run_pr list; expect_in "batch with a bad file wrote nothing" "0 of 0 assets" "$work/out"
run_pr import --tz Mars/Olympus "$SEED"; expect_eq "unknown zone" "$rc" 2
run_pr import --tz ../../etc/passwd "$SEED"; expect_eq "zone path" "$rc" 2
run_pr import --locale en_GB_x_ "$SEED"; expect_eq "bad locale" "$rc" 2
run_pr import "$work/missing.txt"; expect_eq "missing file" "$rc" 1
run_pr import --dry-run --tz Europe/Moscow "$SEED"
expect_eq "dry run exit" "$rc" 0
run_pr list; expect_in "dry run wrote nothing" "0 of 0 assets" "$work/out"

# the seed
run_pr import --tz Europe/Moscow "$SEED"; expect_eq "import seed" "$rc" 0
expect_in "import seed created" "created (revision 1)" "$work/out"
run_pr import --tz Europe/Moscow "$SEED"; expect_eq "import seed again" "$rc" 0
expect_in "import seed again unchanged" "unchanged (revision 1)" "$work/out"
run_pr list; expect_in "one asset" "1 of 1 asset" "$work/out"
expect_in "list shows the offset time" "2015-06-11 18:30" "$work/out"
run_pr show 1; expect_eq "show" "$rc" 0
expect_in "show kind" "kind:       transcript" "$work/out"
expect_in "show time" "event:      2015-06-11T18:30:00+03:00" "$work/out"
expect_in "show place" "place:      Moscow" "$work/out"
expect_in "show speaker" "Sergey Lavrov (Foreign Minister)" "$work/out"
expect_in "show t6" "t6   answer" "$work/out"
run_pr show --json 2015-06-11-foreign-minister-sergey-lavrovs-statement-and-answers-to-media
expect_eq "show by slug" "$rc" 0
expect_in "json published_at" '"published_at": "2015-06-11T18:30:00+03:00"' "$work/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["translations"]["en-GB"]["blocks"]; assert sum(b["type"]=="paragraph" for b in t)==8; assert [b["role"] for b in t if b["type"]=="turn"]==["question","answer"]*3; assert d["locales"]==["de-DE","en-GB","es-ES","ru-RU","fr-FR"]' "$work/out" && ok || bad "show --json structure"
run_pr show 99; expect_eq "show missing" "$rc" 4
run_pr show no-such-slug; expect_eq "show missing slug" "$rc" 4

# a changed page (same file name elsewhere) becomes revision 2
mkdir -p "$work/v2"
sed 's/Wemeetregularly/We meet regularly/' "$SEED" >"$work/v2/000_1e53a87551ad3537.txt"
run_pr import --tz Europe/Moscow "$work/v2/000_1e53a87551ad3537.txt"
expect_eq "import changed page" "$rc" 0
expect_in "changed page is revision 2" "updated (revision 2)" "$work/out"
run_pr list; expect_in "still one asset" "1 of 1 asset" "$work/out"
run_pr show --full 1; expect_in "new text" "We meet regularly" "$work/out"

# JSON examples; a link to an unknown slug rejects the whole import
sed 's/"2020-04-09-humanitarian-aid-vessa-valley-floods"/"2099-01-01-no-such-item"/' \
    "$SRC/examples/01-statement-vessa-river-treaty.json" >"$work/badlink.json"
run_pr import "$work/badlink.json" "$SRC/examples/02-press-release-flood-aid.json"
expect_eq "unknown related slug" "$rc" 3
expect_in "unknown related slug named" "2099-01-01-no-such-item" "$work/err"
run_pr list; expect_in "unknown related slug wrote nothing" "1 of 1 asset" "$work/out"
run_pr import "$SRC"/examples/*.json; expect_eq "import examples" "$rc" 0
run_pr show --json 2019-11-20-statement-signing-vessa-river-water-treaty
expect_in "forward link resolved in the second pass" '"related": [' "$work/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["related"])==1' "$work/out" && ok || bad "related of example 01"
run_pr list --locale ar; expect_eq "list ar" "$rc" 0
expect_not_in "no Nairobi item in Arabic" "Nairobi" "$work/out"
run_pr list --locale en --limit 3 --json; expect_eq "list json" "$rc" 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["items"])==3 and d["total"]>=9' "$work/out" && ok || bad "list --json"
run_pr list --limit 0; expect_eq "list limit 0" "$rc" 2

# publication states
TREATY=2019-11-20-statement-signing-vessa-river-water-treaty
run_pr schedule "$TREATY" --at 2099-01-01T10:00:00+01:00
expect_eq "schedule" "$rc" 0
expect_in "schedule says when" "appears at 2099-01-01T09:00:00+00:00" "$work/out"
run_pr list; expect_in "list shows scheduled" "scheduled" "$work/out"
run_pr schedule "$TREATY" --at 2099-06-01T10:00 --tz Europe/Berlin
expect_in "schedule in a zone (summer time)" "2099-06-01T08:00:00+00:00" "$work/out"
run_pr schedule "$TREATY" --at tomorrow; expect_eq "schedule bad time" "$rc" 2
run_pr schedule "$TREATY"; expect_eq "schedule without --at" "$rc" 2
run_pr publish "$TREATY"; expect_eq "publish" "$rc" 0
expect_in "published" "published (revision" "$work/out"
run_pr withdraw "$TREATY"; expect_eq "withdraw without reason" "$rc" 2
run_pr withdraw "$TREATY" --reason "Replaced by a corrected text."
expect_eq "withdraw" "$rc" 0
run_pr show "$TREATY"
expect_in "show withdrawn" "status:     withdrawn: Replaced by a corrected text." "$work/out"
run_pr unpublish 99; expect_eq "unpublish missing" "$rc" 4
run_pr unpublish "$TREATY"; expect_eq "unpublish" "$rc" 0
# re-importing keeps the state
run_pr import "$SRC/examples/01-statement-vessa-river-treaty.json"
run_pr show "$TREATY"; expect_in "re-import keeps the state" "status:     unpublished" "$work/out"
run_pr tag "$TREATY" "Water  Rights" treaty; expect_eq "tag" "$rc" 0
run_pr show "$TREATY"; expect_in "tags normalised" "tags:       water rights, treaty" "$work/out"
run_pr tag "$TREATY" --remove TREATY; expect_eq "untag" "$rc" 0
run_pr show "$TREATY"; expect_not_in "tag removed" "water rights, treaty" "$work/out"
expect_in "other tag kept" "tags:       water rights" "$work/out"
run_pr tag "$TREATY" "a,b"; expect_eq "tag with a comma" "$rc" 2
run_pr relate "$TREATY" "$TREATY"; expect_eq "relate to itself" "$rc" 2
run_pr relate "$TREATY" 2024-10-03-briefing-by-the-spokesperson
expect_eq "relate" "$rc" 0
run_pr show --json "$TREATY"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["related"])==2, d["related"]' "$work/out" && ok || bad "relate added one"
# --draft
export PRESSROOM_DB="$work/draft.db"
run_pr init
run_pr import --draft --tz Europe/Moscow "$SEED"; expect_eq "import --draft" "$rc" 0
run_pr list; expect_in "imported as a draft" "draft" "$work/out"

finish
