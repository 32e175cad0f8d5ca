#!/bin/sh
# Feeds and sitemaps through real parsers (tests/e2e/feeds.py) against a
# server on 127.0.0.1. Usage: feeds.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
export PRESSROOM_DB="$work/p.db"
"$PRESSROOM" init >/dev/null
"$PRESSROOM" import "$SRC"/examples/*.json >/dev/null
"$PRESSROOM" import --tz Europe/Moscow \
    "$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt" >/dev/null
"$PRESSROOM" withdraw 2020-04-09-humanitarian-aid-vessa-valley-floods \
    --reason "Replaced by a corrected text." >/dev/null
"$PRESSROOM" unpublish 2023-03-21-norland-opens-embassy-in-nairobi >/dev/null
"$PRESSROOM" publisher add statements --kinds statement,speech \
    --title "en-GB=Statements" --locales en-GB,ru-RU >/dev/null
port=$(free_port)
"$PRESSROOM" serve --listen "127.0.0.1:$port" --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/robots.txt"; do
	i=$((i + 1)); [ $i -gt 100 ] && { bad "server did not start"; finish; }
	sleep 0.05
done
/usr/bin/python3 "$SRC/tests/e2e/feeds.py" "http://127.0.0.1:$port" && ok ||
    bad "feeds.py"
finish
