#!/usr/bin/env python3
"""Helpers for the end-to-end tests that load a database hard: writes the
JSON the writers import, and checks a database file (a backup) for
consistency. Standard library only.

  dbcheck.py gen DIR ROUND          write DIR/load.json for that round
  dbcheck.py bulk DIR N [ROUND]     write N assets DIR/bulk-NNNN.json
                                    (their text names ROUND, if given)
  dbcheck.py check DB [MIN_ROUND]   check DB; prints "ok ROUND ASSETS"

The "load" asset of round k has k % 5 + 2 blocks per translation, and
every title and block names round k, so a database that held half of a
save would show two rounds, or blocks that the revision does not have.

check: PRAGMA integrity_check is "ok", foreign keys hold, and every asset
is complete: its row points at its newest revision, whose stored JSON
has exactly the translations (titles) and blocks (texts, in order) that
the asset's rows have. Exits 1 with the first problem on stderr.
"""
import json
import os
import re
import sqlite3
import sys

LOCALES = ["en-GB", "ru-RU", "de-DE"]
WORDS = ("treaty water river border council statement minister "
         "delegation agreement negotiation cooperation embassy visa "
         "humanitarian energy climate security trade culture").split()


def asset(slug, title, nblocks, tag):
    tr = {}
    for loc in LOCALES:
        blocks = []
        for b in range(nblocks):
            words = " ".join(WORDS[(b * 7 + i) % len(WORDS)]
                             for i in range(60))
            blocks.append({"type": "paragraph",
                           "text": "%s %s block %d: %s." %
                                   (tag, loc, b + 1, words)})
        tr[loc] = {"title": "%s (%s)" % (title, loc),
                   "summary": "%s summary" % tag, "blocks": blocks}
    return {"slug": slug, "kind": "statement",
            "published_at": "2024-05-01T10:00:00+02:00",
            "place": "Norburg", "locales": LOCALES, "translations": tr}


def gen(d, k):
    k = int(k)
    a = asset("2024-05-01-load", "Load round %d" % k, k % 5 + 2,
              "round %d" % k)
    tmp = os.path.join(d, ".load.json")
    with open(tmp, "w") as f:
        json.dump(a, f, ensure_ascii=False)
    os.replace(tmp, os.path.join(d, "load.json"))


def bulk(d, n, k=None):
    for i in range(int(n)):
        tag = "bulk %d" % i if k is None else "bulk %d, version %s" % (i, k)
        a = asset("2023-01-01-bulk-%d" % i, "Bulk item %d" % i,
                  8 + i % 5, tag)
        with open(os.path.join(d, "bulk-%04d.json" % i), "w") as f:
            json.dump(a, f, ensure_ascii=False)


def fail(msg):
    print("dbcheck: " + msg, file=sys.stderr)
    sys.exit(1)


def check(db, min_round="0"):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    r = c.execute("PRAGMA integrity_check").fetchall()
    if r != [("ok",)]:
        fail("integrity_check: %r" % r[:5])
    r = c.execute("PRAGMA foreign_key_check").fetchall()
    if r:
        fail("foreign_key_check: %r" % r[:5])
    rounds = []
    n = 0
    for aid, slug, rev, chash in c.execute(
            "SELECT id, slug, revision, content_hash FROM asset"):
        n += 1
        last = c.execute("SELECT revision, content, content_hash "
                         "FROM revision WHERE asset_id = ? "
                         "ORDER BY revision DESC LIMIT 1", (aid,)).fetchone()
        if last is None:
            fail("asset %d has no revision" % aid)
        if last[0] != rev or last[2] != chash:
            fail("asset %d is at revision %d (hash %r), its newest "
                 "revision is %d (%r)" % (aid, rev, chash, last[0], last[2]))
        j = json.loads(last[1])
        titles = dict(c.execute("SELECT locale, title FROM translation "
                                "WHERE asset_id = ?", (aid,)).fetchall())
        want = {loc: t["title"] for loc, t in j["translations"].items()}
        if titles != want:
            fail("asset %d: translations %r, revision has %r" %
                 (aid, titles, want))
        for loc, t in j["translations"].items():
            texts = [x[0] for x in c.execute(
                "SELECT text FROM block WHERE asset_id = ? AND locale = ? "
                "ORDER BY position", (aid, loc))]
            if texts != [b["text"] for b in t["blocks"]]:
                fail("asset %d %s: %d blocks, revision has %d (or the "
                     "texts differ)" % (aid, loc, len(texts),
                                        len(t["blocks"])))
        if slug == "2024-05-01-load":
            seen = set()
            for loc, t in j["translations"].items():
                seen.update(re.findall(r"round (\d+)", t["title"]))
                for b in t["blocks"]:
                    seen.update(re.findall(r"round (\d+)", b["text"]))
            if len(seen) != 1:
                fail("the load asset mixes rounds %r" % sorted(seen))
            k = int(seen.pop())
            if any(len(t["blocks"]) != k % 5 + 2
                   for t in j["translations"].values()):
                fail("the load asset of round %d has the wrong number "
                     "of blocks" % k)
            rounds.append(k)
    if len(rounds) != 1:
        fail("expected one load asset, found %d" % len(rounds))
    if rounds[0] < int(min_round):
        fail("load round %d < %s" % (rounds[0], min_round))
    print("ok %d %d" % (rounds[0], n))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "gen" and len(sys.argv) == 4:
        gen(sys.argv[2], sys.argv[3])
    elif cmd == "bulk" and len(sys.argv) in (4, 5):
        bulk(*sys.argv[2:])
    elif cmd == "check" and len(sys.argv) in (3, 4):
        check(*sys.argv[2:])
    else:
        sys.exit(__doc__)
