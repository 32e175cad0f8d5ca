#!/bin/sh
# Installs the Debian 12 packages pressroom needs, and only those missing.
# Quiet when everything is there. Usage: scripts/deps.sh [build|check|bench]
#   build  compilers, Meson, the libraries (default)
#   check  build + what the test suite uses (cmocka, clang's sanitizer
#          runtimes, curl; for tests/browser: Chromium, Node.js and npm
#          for playwright-core, python3-html5lib to validate HTML)
#   bench  build + nginx and wrk for the benchmarks, hugo for the
#          export benchmark's anchor (bench/corpus.py --hugo)
set -eu

want="meson ninja-build pkg-config gcc libc6-dev python3 tzdata \
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev \
libutf8proc-dev libmd4c-dev libstemmer-dev zlib1g-dev"
case "${1:-build}" in
build) ;;
check) want="$want libcmocka-dev clang libclang-rt-14-dev curl \
chromium nodejs npm python3-html5lib python3-feedparser" ;;
bench) want="$want nginx wrk curl procps hugo" ;;
*) echo "usage: $0 [build|check|bench]" >&2; exit 2 ;;
esac

# A package counts as present when it is installed or an installed package
# provides it (a nodejs that bundles npm provides and conflicts with npm).
have=$(dpkg-query -W -f='${Status}\t${Package}, ${Provides}\n' 2>/dev/null |
    sed -n 's/^install ok installed\t//p' | tr ',' '\n' |
    sed 's/([^)]*)//; s/^ *//; s/ *$//' | sort -u)
missing=""
for p in $want; do
	if ! printf '%s\n' "$have" | grep -qx -- "$p"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "deps: need root to install:$missing" >&2
		exit 1
	fi
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
