#!/bin/sh
# End-to-end tests of `pressroom serve` over a real socket on 127.0.0.1:
# keep-alive, Content-Length, ETag/304, HEAD, method and size limits, slow
# clients, cache invalidation by another process's write, clean shutdown.
# Usage: http.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
SEED="$SRC/tests/fixtures/seed/000_1e53a87551ad3537.txt"
export PRESSROOM_DB="$work/p.db"
ART=/en-GB/2015-06-11-foreign-minister-sergey-lavrovs-statement-and-answers-to-media

"$PRESSROOM" init >/dev/null
"$PRESSROOM" import --tz Europe/Moscow "$SEED" >/dev/null
"$PRESSROOM" import "$SRC"/examples/*.json >/dev/null

port=$(free_port)
base="http://127.0.0.1:$port"
"$PRESSROOM" serve --listen "127.0.0.1:$port" --timeout 2 --threads 2 \
    >"$work/serve.log" 2>&1 &
server_pid=$!
i=0
until curl -s -o /dev/null "$base/static/style.css"; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		bad "server did not start"; cat "$work/serve.log" >&2; finish
	fi
	sleep 0.05
done

c() {
	rm -f "$work/body" "$work/head"
	: >"$work/body"
	curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' "$@"
}
hdr() { grep -i "^$1:" "$work/head" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

code=$(c -H 'Accept-Language: ru,en;q=0.5' "$base/")
expect_eq "root status" "$code" 302
expect_eq "root location" "$(hdr Location)" "/ru-RU/"

code=$(c "$base$ART"); expect_eq "article status" "$code" 200
expect_eq "content type" "$(hdr Content-Type)" "text/html; charset=utf-8"
expect_eq "content length" "$(hdr Content-Length)" "$(wc -c <"$work/body" | tr -d ' ')"
expect_in "article body" 'id="t6"' "$work/body"
cp "$work/body" "$work/plain"
etag=$(hdr ETag)
[ -n "$etag" ] && ok || bad "no ETag"
expect_eq "nosniff" "$(hdr X-Content-Type-Options)" "nosniff"

code=$(c -H "If-None-Match: $etag" "$base$ART"); expect_eq "304" "$code" 304
expect_eq "304 has no body" "$(wc -c <"$work/body" | tr -d ' ')" 0

# gzip for clients that ask, the same bytes once decoded
code=$(c --compressed "$base$ART"); expect_eq "gzip status" "$code" 200
expect_eq "gzip encoding" "$(hdr Content-Encoding)" "gzip"
expect_eq "gzip Vary" "$(hdr Vary)" "Accept-Encoding"
cmp -s "$work/body" "$work/plain" && ok || bad "gzip body differs once decoded"
gzetag=$(hdr ETag)
[ "$gzetag" != "$etag" ] && ok || bad "gzip variant has the identity ETag"
code=$(c --compressed -H "If-None-Match: $gzetag" "$base$ART")
expect_eq "gzip 304" "$code" 304
code=$(c -H "Accept-Encoding: gzip;q=0" "$base$ART")
expect_eq "gzip;q=0 refused" "$(hdr Content-Encoding)" ""
[ -n "$(hdr Last-Modified)" ] && ok || bad "no Last-Modified"
# a reply made for one request (a search, never cached) is compressed
# only for a client that takes gzip, and then decodes to the same bytes
S="/en-GB/search?q=water"
code=$(c "$base$S"); expect_eq "search status" "$code" 200
expect_eq "search, no gzip asked" "$(hdr Content-Encoding)" ""
cp "$work/body" "$work/search-plain"
code=$(c --compressed "$base$S"); expect_eq "search gzip status" "$code" 200
expect_eq "search gzip encoding" "$(hdr Content-Encoding)" "gzip"
cmp -s "$work/body" "$work/search-plain" && ok ||
    bad "search gzip body differs once decoded"

code=$(c -I "$base$ART"); expect_eq "HEAD status" "$code" 200
expect_not_in "HEAD has no body" "<html" "$work/body"
[ -n "$(hdr Content-Length)" ] && ok || bad "HEAD without Content-Length"

# keep-alive: two requests, one connection
curl -sv -o /dev/null -o /dev/null "$base$ART" "$base/en-GB/" 2>"$work/v"
expect_in "keep-alive" "Re-using existing connection" "$work/v"

code=$(c -X POST -d x=1 "$base/en-GB/"); expect_eq "POST" "$code" 405
expect_eq "Allow" "$(hdr Allow)" "GET, HEAD"

head -c 9000000 /dev/zero >"$work/big"
code=$(c -X GET --data-binary @"$work/big" "$base/en-GB/")
expect_eq "declared body over the limit" "$code" 413
code=$(c -X GET -H 'Transfer-Encoding: chunked' --data-binary @"$work/big" \
    "$base/en-GB/")
case "$code" in 000|100|413) ok ;; *) bad "chunked body over the limit: $code" ;; esac

big=$(head -c 40000 /dev/zero | tr '\0' a)
code=$(c -H "X-Big: $big" "$base/en-GB/")
case "$code" in 431|413|400) ok ;; *) bad "40 KB header: $code" ;; esac
longurl=$(head -c 16000 /dev/zero | tr '\0' a)
code=$(c "$base/en-GB/$longurl")
case "$code" in 414|431|404|400) ok ;; *) bad "16 KB URL: $code" ;; esac

code=$(c "$base/nope/nothing"); expect_eq "404" "$code" 404
expect_in "styled 404" '<link rel="stylesheet"' "$work/body"

# a slow client is cut off after the timeout (2 s here)
start=$(date +%s)
python3 - "$port" <<'PY' && ok || bad "slow client was not disconnected"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /en-GB/ HTTP/1.1\r\nHost: x\r\n")   # headers never end
s.settimeout(10)
try:
    data = s.recv(100)
except socket.timeout:
    sys.exit(1)
sys.exit(0)
PY
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -le 6 ] && ok || bad "slow client took ${elapsed}s to drop"
# the server still answers meanwhile
code=$(c "$base/en-GB/"); expect_eq "alive after slow client" "$code" 200

# another process writes: the next request shows it
old=$(c "$base$ART"; hdr ETag)
mkdir -p "$work/v2"
sed 's/Wemeetregularly/We meet regularly/' "$SEED" >"$work/v2/000_1e53a87551ad3537.txt"
"$PRESSROOM" import --tz Europe/Moscow "$work/v2/000_1e53a87551ad3537.txt" >/dev/null
code=$(c -H "If-None-Match: $etag" "$base$ART")
expect_eq "edit invalidates the cached page" "$code" 200
expect_in "edited text served" "We meet regularly" "$work/body"

kill -TERM "$server_pid"
i=0
while kill -0 "$server_pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
done
if kill -0 "$server_pid" 2>/dev/null; then
	bad "server ignored SIGTERM"
else
	wait "$server_pid"; src=$?
	expect_eq "clean exit (no leaks under ASan)" "$src" 0
fi
server_pid=
expect_in "access log" "GET" "$work/serve.log"
finish
