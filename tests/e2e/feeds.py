#!/usr/bin/python3
"""Feeds, sitemaps and robots.txt through real parsers, against a running
server: every Atom feed parses with feedparser without error, its entries
and links match what the site shows, withdrawn items are marked; the
sitemap index and every sitemap parse as XML, list only public pages,
answer 200, and their hreflang alternates are reciprocal with x-default.

Usage: feeds.py BASE_URL   (the database holds examples/ and the seed, with
asset 2 withdrawn and asset 5 unpublished; see feeds.sh)
"""
import sys
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

BASE = sys.argv[1]
fails = 0
checks = 0


def check(cond, what):
    global fails, checks
    checks += 1
    if not cond:
        fails += 1
        print("FAIL:", what, file=sys.stderr)


def get(path):
    url = path if path.startswith("http") else BASE + path
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "x": "http://www.w3.org/1999/xhtml"}

# robots.txt
st, _, body = get("/robots.txt")
check(st == 200 and b"Sitemap: " + BASE.encode() + b"/sitemap.xml" in body,
      "robots.txt announces the sitemap index")

# the sitemap index and every sitemap
st, hdr, body = get("/sitemap.xml")
check(st == 200 and hdr["Content-Type"].startswith("application/xml"),
      "sitemap index")
index = ET.fromstring(body)
maps = [e.text for e in index.findall("sm:sitemap/sm:loc", NS)]
check(len(maps) == 6, "six per-locale sitemaps, got %d" % len(maps))
alts = {}      # url -> {hreflang: href}
for m in maps:
    st, _, body = get(m)
    check(st == 200, "sitemap %s answers" % m)
    root = ET.fromstring(body)
    for u in root.findall("sm:url", NS):
        loc = u.find("sm:loc", NS).text
        links = {l.get("hreflang"): l.get("href")
                 for l in u.findall("x:link", NS)}
        alts[loc] = links
for loc, links in alts.items():
    check("withdrawn" not in loc and "nairobi" not in loc and
          "humanitarian-aid" not in loc,
          "only public pages in sitemaps: %s" % loc)
    if links:
        check("x-default" in links, "x-default for %s" % loc)
        check(loc in links.values(), "%s lists itself among its alternates"
              % loc)
        for lang, href in links.items():
            if lang == "x-default":
                continue
            check(href in alts, "alternate %s of %s is in a sitemap"
                  % (href, loc))
            check(alts.get(href, {}) == links,
                  "alternates of %s and %s are reciprocal" % (loc, href))
for loc in list(alts)[:40]:
    st, _, _ = get(loc)
    check(st == 200, "sitemap URL answers 200: %s" % loc)
check(any(l.endswith("/ar/2021-06-17-joint-news-conference-ostra-"
                     "consular-agreement") for l in alts),
      "the Arabic transcript is in the Arabic sitemap")

# every feed
locales = [m.split("sitemap-", 1)[1].rsplit("-", 1)[0] for m in maps]
for loc in locales:
    st, hdr, body = get("/%s/feed.atom" % loc)
    check(st == 200 and hdr["Content-Type"].startswith(
        "application/atom+xml"), "feed %s answers" % loc)
    d = feedparser.parse(body)
    check(not d.bozo, "feed %s parses without error: %r"
          % (loc, d.get("bozo_exception")))
    check(d.feed.get("language", "").lower() == loc.lower() or
          d.feed.get("title_detail", {}).get("language", "").lower()
          == loc.lower(), "feed %s has xml:lang" % loc)
    check(d.feed.get("updated_parsed") is not None, "feed %s updated" % loc)
    ids = [e.id for e in d.entries]
    check(len(ids) == len(set(ids)) and len(ids) > 0,
          "feed %s entry ids unique" % loc)
    st2, _, body2 = get("/%s/feed.atom" % loc)
    check([e.id for e in feedparser.parse(body2).entries] == ids,
          "feed %s entry ids stable" % loc)
    for e in d.entries:
        check(e.get("updated_parsed") and e.get("published_parsed"),
              "entry %s has updated and published" % e.id)
        check(e.link == e.id, "entry %s links to its page" % e.id)
        st, _, page = get(e.link)
        check(st == 200, "entry page answers: %s" % e.link)
        check(e.get("content") and e.content[0].value.strip(),
              "entry %s has content" % e.id)
        withdrawn = any(t.term == "withdrawn" for t in e.get("tags", []))
        if "humanitarian-aid" in e.id:
            check(withdrawn, "the withdrawn item is marked in %s" % loc)
        else:
            check(not withdrawn, "only the withdrawn item is marked")
        check("nairobi" not in e.id, "an unpublished item is not in feeds")
        # the entry's links: each alternate page exists
        others = [l for l in e.links if l.rel == "related"]
        check(all(l.get("hreflang") for l in others),
              "entry %s names the language of each translation" % e.id)
        for l in others:
            if not withdrawn:
                check(l.href in alts, "entry translation %s is public"
                      % l.href)
            st, _, _ = get(l.href)
            check(st == 200, "entry translation answers: %s" % l.href)

# a publisher's feed: only its kinds, only in its locales
for loc in ("en-GB", "ru-RU"):
    st, hdr, body = get("/%s/p/statements.atom" % loc)
    d = feedparser.parse(body)
    check(st == 200 and not d.bozo, "publisher feed %s parses" % loc)
    check(len(d.entries) >= 2, "publisher feed %s has entries" % loc)
    for e in d.entries:
        kinds = [t.term for t in e.get("tags", [])]
        check("statement" in kinds or "speech" in kinds,
              "publisher feed entry %s is a statement or speech" % e.id)
        check(e.link == e.id and e.link.startswith(BASE + "/" + loc + "/"),
              "publisher feed entry %s links to its page" % e.id)
st, _, _ = get("/ar/p/statements.atom")
check(st == 404, "no publisher feed outside its locales")

# the feed a list page advertises
st, _, page = get("/en-GB/")
check(b'type="application/atom+xml" href="/en-GB/feed.atom"' in page,
      "the list page links its feed")
st, _, _ = get("/xx-YY/feed.atom")
check(st == 404, "no feed for a locale nobody publishes in")

print("%d checks, %d failed" % (checks, fails))
sys.exit(1 if fails else 0)
