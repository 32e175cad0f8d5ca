#!/bin/sh
# Builds pressroom in release mode and runs bench/article.py (see there).
set -eu
cd "$(dirname "$0")/.."
test -f build-release/build.ninja ||
    CC=gcc meson setup build-release -Dbuildtype=release -Dtests=false >/dev/null
ninja -C build-release pressroom >/dev/null
exec python3 bench/article.py --binary build-release/pressroom "$@"
