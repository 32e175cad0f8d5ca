#!/bin/sh
# The crash-safety benchmark run: tests/e2e/crash.py with 100 kills (the
# test suite runs 20). Builds build-release like bench/article.sh unless
# --binary is given; prints a line per kill and the figures.
# Usage: bench/crash.sh [--kills N] [--writers N] [--seed S] [--binary PATH]
set -eu
cd "$(dirname "$0")/.."
kills=100
binary=
while [ $# -gt 0 ]; do
	case $1 in
	--kills) export CRASH_KILLS=$2; shift 2 ;;
	--writers) export CRASH_WRITERS=$2; shift 2 ;;
	--seed) export CRASH_SEED=$2; shift 2 ;;
	--binary) binary=$2; shift 2 ;;
	*) echo "usage: bench/crash.sh [--kills N] [--writers N] [--seed S]" \
	    "[--binary PATH]" >&2; exit 2 ;;
	esac
done
export CRASH_KILLS="${CRASH_KILLS:-$kills}"
if [ -z "$binary" ]; then
	test -f build-release/build.ninja ||
	    CC=gcc meson setup build-release -Dbuildtype=release \
	    -Dtests=false >/dev/null
	ninja -C build-release pressroom >/dev/null
	binary=build-release/pressroom
fi
exec python3 tests/e2e/crash.py "$binary"
