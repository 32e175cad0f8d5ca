#!/usr/bin/python3
"""Parses pressroom's pages with html5lib in strict mode: any HTML parse
error (as the HTML standard defines them) fails. It does not check
accessibility or rendering; pages.mjs does that in Chromium.

Usage: validate_html.py BASE_URL STATUS:PATH...
  e.g. validate_html.py http://127.0.0.1:8080 200:/ru-RU/ 404:/nope
Prints each failure and a last line "N passed, N failed"; exits 1 if any
page failed. Needs Debian's python3-html5lib, hence /usr/bin/python3.
"""
import sys
import urllib.error
import urllib.request

import html5lib


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def check(base, spec):
    want, _, path = spec.partition(":")
    try:
        status, ctype, body = fetch(base + path)
    except OSError as e:
        return "no answer: %s" % e
    if status != int(want):
        return "status %d, want %s" % (status, want)
    if ctype != "text/html; charset=utf-8":
        return "Content-Type %r" % ctype
    parser = html5lib.HTMLParser(strict=True)
    try:
        # bytes with the transport encoding, as a browser gets them
        parser.parse(body, transport_encoding="utf-8")
    except html5lib.html5parser.ParseError as e:
        pos, code, data = parser.errors[-1] if parser.errors else ((0, 0), str(e), {})
        line = body.decode("utf-8", "replace").splitlines()[pos[0] - 1] \
            if pos[0] > 0 else ""
        return "parse error %s at line %d col %d %r: %s" % (
            code, pos[0], pos[1], data, line[:160])
    return None


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    base = sys.argv[1]
    passed = failed = 0
    for spec in sys.argv[2:]:
        why = check(base, spec)
        if why is None:
            passed += 1
        else:
            failed += 1
            print("FAIL: html5lib strict %s: %s" % (spec, why))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
