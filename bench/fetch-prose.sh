#!/bin/sh
# Fetches the Debian packages whose prose bench/corpus.py turns into
# benchmark content, and unpacks their HTML and copyright files into a
# cache outside the repository. Idempotent: quiet, and touches nothing,
# when every package is already there.
#
# Usage: bench/fetch-prose.sh [DIR]
#   DIR defaults to $PRESSROOM_PROSE_DIR, else ~/.cache/pressroom-prose.
#
# The packages are downloaded with `apt-get download` and unpacked with
# dpkg-deb; nothing is installed (Docker-style images often drop
# /usr/share/doc at install time, and the handbook is 90 MB installed).
# DIR/PACKAGE/ holds the unpacked files, DIR/PACKAGE.version the version.
#   debian-handbook           en-US ru-RU de-DE fr-FR es-ES ar-MA (it-IT pt-BR ...)
#   installation-guide-amd64  en ru de fr es (it pt ...); no Arabic
set -eu

packages="debian-handbook installation-guide-amd64"
dir=${1:-${PRESSROOM_PROSE_DIR:-$HOME/.cache/pressroom-prose}}

todo=""
for p in $packages; do
	[ -s "$dir/$p.version" ] || todo="$todo $p"
done
[ -z "$todo" ] && exit 0

for tool in apt-get dpkg-deb tar; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "fetch-prose: needs $tool (Debian's apt, dpkg and tar)" >&2
		exit 1
	fi
done
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# As root, apt drops to the _apt user to download, which cannot write
# into a private cache directory: download as root instead, which is what
# apt does anyway (with a warning) when it cannot.
aptopt=""
[ "$(id -u)" -eq 0 ] && aptopt="-o APT::Sandbox::User=root"

download() {
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get download -qq $aptopt "$1" >/dev/null 2>"$tmp/err")
}

for p in $todo; do
	echo "fetch-prose: $p -> $dir/$p" >&2
	if ! download "$p"; then
		if [ "$(id -u)" -eq 0 ]; then
			apt-get update -qq >/dev/null
			download "$p" || { cat "$tmp/err" >&2; exit 1; }
		else
			cat "$tmp/err" >&2
			echo "fetch-prose: cannot download $p; run 'apt-get update' as root" >&2
			exit 1
		fi
	fi
	deb=$(ls "$tmp"/"${p}"_*.deb)
	ver=$(dpkg-deb -f "$deb" Version)
	rm -rf "$tmp/x" && mkdir "$tmp/x"
	# only what the generator reads: the HTML pages and the copyright file
	dpkg-deb --fsys-tarfile "$deb" |
	    tar -x -C "$tmp/x" --wildcards '*.html' "./usr/share/doc/$p/copyright"
	rm -rf "${dir:?}/$p"
	mv "$tmp/x" "$dir/$p"
	rm -f "$deb"
	printf '%s\n' "$ver" >"$dir/$p.version"
done
