#!/usr/bin/python3
"""The embargo probe (issue 5, "Tests"): dozens of items scheduled for an
instant T, each carrying a unique marker word ("qzv" and eight letters) in
its title, summary, blocks, slug, place, speaker, tag and attachment names
(and in the attachments' bytes). Before T none of the markers, slugs,
attachment hashes, the years and the locale (it-IT) only they have may be
reachable through any public route; after T every one must be, on every
surface at once.

Phases, all against one `pressroom serve` on 127.0.0.1 and the static
export (`pressroom export-site`):

  B  the items exist as drafts (next to a public control item that relates
     to some of them and shares a file's bytes with one): crawl, export
  -  schedule every item for T (publish_at in assorted UTC offsets), T
     chosen from B's measured duration (1.4 times it, plus 5 s) and moved
     later, every item scheduled again, if P runs short of time
  P  before T: the same crawl and export; no marker anywhere, hidden
     addresses 404 (GET, HEAD, If-None-Match: *, If-Modified-Since, gzip),
     and every response (status, body, ETag, Last-Modified, Location,
     Content-Length, Cache-Control) and exported file exactly as in B:
     scheduling must change nothing anyone can see
  T  from T - 1.2 s to T + 1.2 s a few surfaces again and again: nothing
     answered before T shows an item, everything asked from T on does
  A  after T: every item on its pages (200, Last-Modified T), lists,
     feeds, sitemaps, search and its facets, tag, speaker and archive
     pages, publishers, API and attachments (the same bytes), and in a
     new export; pages that changed at T have new ETags, and a request
     with an old ETag or Last-Modified gets the new page, not 304

A crawl asks for: /, with several Accept-Language; every locale's list
and all its pages; feeds; sitemaps (the index and every part it lists);
robots.txt; every publisher's pages, feed and JSON; tag, speaker and
archive pages with their pages; every item's article in every locale
prefix (canonical or not, translated or not) and under other spellings;
/api/v1/assets/{id} for every id; every attachment; search pages and the
search API for every marker (plain, prefix, with filters) and for shared
words (whose totals and facets are compared); the editorial routes
without credentials; HEAD, conditional and gzip variants; and every
same-origin link in any page fetched, to depth 2 (a search page's links
only from the searches asked for). Without credentials, except the
editor's requests that check no cache hands their answer to others.

EMBARGO_SELFTEST=1 makes one
item public at once, to see the probe catch it (it must fail);
EMBARGO_BUDGET=S forces a short T (to exercise moving it); EMBARGO_SEED,
EMBARGO_SHOW (failure lines printed, 400), EMBARGO_STATS.

Usage: embargo.py PRESSROOM_BINARY SOURCE_ROOT [WORK_DIR]
Prints one line per failed check and "N checks, M failed"; exits 1 on a
failure. Python 3 standard library only.
"""
import calendar
import glob
import gzip
import hashlib
import html
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

BIN = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
OWN_WORK = len(sys.argv) < 4
WORK = tempfile.mkdtemp(prefix="pressroom-embargo.") if OWN_WORK \
    else sys.argv[3]
DB = os.path.join(WORK, "embargo.db")
ENV = dict(os.environ, PRESSROOM_DB=DB)
SEED = int(os.environ.get("EMBARGO_SEED", "20260515"))
NMARKERS = 30
LOCALES = ["en-GB", "ru-RU", "ar", "de-DE", "fr-FR", "es-ES", "it-IT"]
# prefixes that are not a translation's own address: redirects once public
ODD_PREFIXES = ["en", "en-gb", "ru", "de", "fr", "it", "ar-EG"]
KINDS = ["statement", "speech", "transcript", "press-release", "news",
         "briefing", "interview"]
TURN_KINDS = ("transcript", "briefing", "interview")
SHARED_TAG = "embargo probe"
SHARED_WORD = "Kvellstad"     # in every marker item, in no public one
COMMON_WORD = "Vessa"         # in every marker item and in the examples
MINISTER = "Ingrid Maarland"
PAST = "Mon, 01 Jan 1990 00:00:00 GMT"
MARKER_RE = re.compile(rb"(?i)qzv[a-z]*")
LINK_RE = re.compile(rb"""(?:href|src)\s*=\s*["']([^"']*)["']"""
                     rb"|<loc>([^<]*)</loc>")
SELFTEST = os.environ.get("EMBARGO_SELFTEST") == "1"
MAX_DEPTH = 2
MAX_URLS = 20000
MAX_PAGES = 40

checks = 0
fails = 0
shown = 0


def log(*a):
    print(*a, flush=True)


def check(cond, what):
    global checks, fails, shown
    checks += 1
    if not cond:
        fails += 1
        if shown < int(os.environ.get("EMBARGO_SHOW", "400")):
            print("FAIL:", what, file=sys.stderr, flush=True)
            shown += 1
    return cond


def sanitizer_report(text):
    return "Sanitizer" in text or "runtime error:" in text


def pr(*args, stdin=None, ok=(0,)):
    """Runs pressroom; fails the check (and stops) on a bad exit."""
    r = subprocess.run([BIN] + list(args), input=stdin, env=ENV, cwd=WORK,
                       capture_output=True, text=True)
    good = r.returncode in ok and not sanitizer_report(r.stderr)
    if not check(good, "pressroom %s exited %d: %s" % (
            " ".join(args)[:200], r.returncode, r.stderr[-3000:])):
        raise Abort()
    return r


class Abort(Exception):
    """Stops the probe after a failure that leaves nothing to test."""


def finish():
    if fails > shown:
        print("(%d more failures not shown)" % (fails - shown),
              file=sys.stderr, flush=True)
    log("%d checks, %d failed" % (checks, fails))
    return 1 if fails else 0


# --- the items ---------------------------------------------------------------

rng = random.Random(SEED)


def new_word(prefix, taken):
    while True:
        w = prefix + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz")
                             for _ in range(8))
        # prefixes stay unique too: "qzvabcde*" finds one item only
        if not any(t[:8] == w[:8] for t in taken):
            taken.add(w)
            return w


TEXTS = {
    "en-GB": ("{K} on the {m} initiative",
              "The Ministry comments on the {m} initiative.",
              "The {m} initiative concerns the {c} basin; {s} was named "
              "after it.",
              "Can you tell us more about {m}?",
              "The {m} talks will continue next month."),
    "ru-RU": ("Заявление об инициативе {m}",
              "Министерство комментирует инициативу {m}.",
              "Инициатива {m} касается бассейна реки Весса ({c}); "
              "{s} назван в её честь.",
              "Расскажите подробнее об инициативе {m}?",
              "Переговоры {m} продолжатся в следующем месяце."),
    "ar": ("بيان بشأن مبادرة {m}",
           "تعلق الوزارة على مبادرة {m}.",
           "تتعلق مبادرة {m} بحوض نهر فيسا ({c})؛ {s}.",
           "هل يمكنكم إخبارنا المزيد عن {m}؟",
           "ستستمر محادثات {m} الشهر المقبل."),
    "de-DE": ("Erklärung zur Initiative {m}",
              "Das Ministerium äußert sich zur Initiative {m}.",
              "Die Initiative {m} betrifft das Becken der {c}; {s}.",
              "Können Sie mehr über {m} sagen?",
              "Die Gespräche über {m} werden fortgesetzt."),
    "fr-FR": ("Déclaration sur l'initiative {m}",
              "Le ministère commente l'initiative {m}.",
              "L'initiative {m} concerne le bassin de la {c} ; {s}.",
              "Pouvez-vous nous en dire plus sur {m} ?",
              "Les pourparlers {m} se poursuivront le mois prochain."),
    "es-ES": ("Declaración sobre la iniciativa {m}",
              "El ministerio comenta la iniciativa {m}.",
              "La iniciativa {m} se refiere a la cuenca del {c}; {s}.",
              "¿Puede contarnos más sobre {m}?",
              "Las conversaciones {m} continuarán el mes próximo."),
    "it-IT": ("Dichiarazione sull'iniziativa {m}",
              "Il ministero commenta l'iniziativa {m}.",
              "L'iniziativa {m} riguarda il bacino del {c}; {s}.",
              "Può dirci di più su {m}?",
              "I colloqui {m} continueranno il mese prossimo."),
}

# (translations, announced locales): it-IT has no public item at all
LOCSETS = [
    (["en-GB"], ["en-GB", "es-ES"]),
    (["en-GB", "ru-RU"], None),
    (["ru-RU"], None),
    (["ar", "en-GB"], None),
    (["de-DE", "fr-FR"], None),
    (["fr-FR"], ["fr-FR", "de-DE"]),
    (["en-GB", "ru-RU", "ar", "de-DE", "fr-FR"], None),
    (["it-IT", "en-GB"], None),
    (["es-ES", "en-GB"], None),
]
OFFSETS = [180, 60, -300, 240, 0, 330, -210, 120]   # minutes east of UTC


def rfc3339(t, off_min):
    tm = time.gmtime(t + off_min * 60)
    if off_min == 0:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", tm)
    sign = "+" if off_min > 0 else "-"
    return time.strftime("%Y-%m-%dT%H:%M:%S", tm) + "%s%02d:%02d" % (
        sign, abs(off_min) // 60, abs(off_min) % 60)


def png_bytes(word):
    """A small valid PNG (1x1, grey) with the word in a tEXt chunk."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) +
            chunk(b"tEXt", b"Comment\x00" + word.encode()) +
            chunk(b"IDAT", zlib.compress(b"\x00\x80")) +
            chunk(b"IEND", b""))


def pdf_bytes(word):
    return ("%%PDF-1.4\n%% annex %s\n1 0 obj << /Type /Catalog >> endobj\n"
            "trailer << /Root 1 0 R >>\n%%%%EOF\n" % word).encode()


class Item:
    pass


def make_items(now):
    taken = set()
    items = []
    for i in range(NMARKERS):
        it = Item()
        it.i = i
        it.m = new_word("qzv", taken)
        it.kind = KINDS[i % len(KINDS)]
        it.trans, ann = LOCSETS[i % len(LOCSETS)]
        it.announced = ann or list(it.trans)
        it.slug = "%s-%s-probe" % (it.m, it.kind)
        it.speaker = "Mira " + it.m.capitalize()
        it.tags = [it.m, SHARED_TAG] + (["vessa river"] if i % 4 == 1
                                         else [])
        it.place = it.m.capitalize() + " Town"
        off = OFFSETS[i % len(OFFSETS)]
        if i % 10 == 0:           # a year no public item has
            ev = calendar.timegm((2011 + i // 10, 3 + i // 10, 9, 10, 0, 0))
        elif i % 10 == 5:         # a year the examples have
            ev = calendar.timegm((2023, 2 + i // 10, 14, 9, 30, 0))
        else:                     # recent: tops lists and feeds
            ev = now - 86400 * (3 + 4 * i) - 3600 * i
        it.event = rfc3339(ev, off)
        lt = time.gmtime(ev + off * 60)
        it.year, it.month = lt.tm_year, lt.tm_mon
        it.pub_offset = OFFSETS[(i + 3) % len(OFFSETS)]
        it.with_minister = i % 3 == 0
        # a public person as a speaker, with a title that is a marker
        it.javorin_title = ("Envoy for %s" % it.m) if i % 7 == 2 else None
        it.related = [1, 3] if i % 5 == 1 else []
        it.attachments = []       # (name, bytes, content type)
        nm = it.m
        if i % 3 == 0:
            it.attachments.append(("%s-annex.pdf" % nm, pdf_bytes(nm),
                                   "application/pdf"))
        elif i % 3 == 1:
            it.attachments.append(("Annex %s final.txt" % nm,
                                   ("Annex to %s.\n" % nm).encode(),
                                   "application/octet-stream"))
        else:
            it.attachments.append(("%s-photo.png" % nm, png_bytes(nm),
                                   "application/octet-stream"))
        if i % 6 == 4:
            it.attachments.append(("%s-notes.txt" % nm,
                                   ("Notes on %s.\n" % nm).encode(),
                                   "application/octet-stream"))
        it.shared_name = None     # same bytes as the public control's file
        if i == 7:
            it.shared_name = "%s-shared-copy.txt" % nm
        items.append(it)
    return items


def item_json(it):
    speakers = [{"name": it.speaker, "title": "Envoy for the %s talks" %
                 it.m}]
    if it.with_minister:
        speakers.append({"name": MINISTER,
                         "title": "Minister for Foreign Affairs"})
    if it.javorin_title:
        speakers.append({"name": "Marek Javorin", "title": it.javorin_title})
    trans = {}
    for loc in it.trans:
        title, summary, p1, q, a = TEXTS[loc]
        fmt = dict(m=it.m, c=COMMON_WORD, s=SHARED_WORD,
                   K=it.kind.replace("-", " ").capitalize())
        blocks = [{"id": "p1", "type": "paragraph",
                   "text": p1.format(**fmt)}]
        if it.kind in TURN_KINDS:
            blocks.append({"id": "t1", "type": "turn", "role": "question",
                           "speaker": None, "text": q.format(**fmt)})
            blocks.append({"id": "t2", "type": "turn", "role": "answer",
                           "speaker": it.speaker, "text": a.format(**fmt)})
        else:
            blocks.append({"id": "p2", "type": "paragraph",
                           "text": a.format(**fmt)})
        trans[loc] = {"title": title.format(**fmt),
                      "summary": summary.format(**fmt), "blocks": blocks}
    atts = [{"name": n, "sha256": hashlib.sha256(b).hexdigest()}
            for n, b, _ in it.attachments]
    if it.shared_name:
        atts.append({"name": it.shared_name,
                     "sha256": hashlib.sha256(CONTROL_SHARED).hexdigest()})
    return {"slug": it.slug, "kind": it.kind, "published_at": it.event,
            "place": it.place, "locales": it.announced, "speakers": speakers,
            "tags": it.tags, "translations": trans, "related": it.related,
            "attachments": atts, "status": "draft"}


CONTROL_WORD = "ctlprobewrd"
CONTROL_SHARED = b"A file shared by a public and an embargoed item.\n"
CONTROL_OWN = b"The control item's own annex.\n"


# --- HTTP --------------------------------------------------------------------

class Obs:
    __slots__ = ("status", "headers", "body", "t0", "t1", "url", "variant")

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = None
        self.used = 0.0
        self.requests = 0

    def _connect(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=120)

    def request(self, method, url, headers=None, body=None):
        hdrs = dict(headers or {})
        # the server closes a connection idle for 15 s: do not race it
        if self.conn is not None and time.time() - self.used > 10:
            self.conn.close()
            self.conn = None
        for attempt in range(3):
            if self.conn is None:
                self._connect()
            t0 = time.time()
            try:
                self.conn.request(method, url, body=body, headers=hdrs)
                r = self.conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, OSError) as e:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise RuntimeError("%s %s: %s" % (method, url, e))
                continue
            t1 = time.time()
            self.used = t1
            self.requests += 1
            o = Obs()
            o.status = r.status
            o.headers = r.getheaders()
            o.t0, o.t1 = t0, t1
            o.url = url
            if o.header("Content-Encoding") == "gzip" and data:
                try:
                    data = gzip.decompress(data)
                except (OSError, EOFError):
                    check(False, "%s %s: a gzip body that does not inflate"
                          % (method, url))
            o.body = data
            if r.will_close:
                self.conn.close()
                self.conn = None
            return o
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()


def q(s):
    return urllib.parse.quote(s, safe="")


# --- the crawl ---------------------------------------------------------------

class World:
    """What the crawl knows: items, ids, attachments, publishers."""


def paged_bases(w):
    """Listing bases (ending in /) whose /page/N/ are walked."""
    bases = []
    years = sorted({(it.year, it.month) for it in w.items} |
                   set(w.example_months))
    terms = [it.m for it in w.items] + [SHARED_TAG, "vessa river"]
    people = [it.speaker for it in w.items] + [MINISTER, "Marek Javorin"]
    for loc in LOCALES:
        bases.append("/%s/" % loc)
        for p in w.publishers:
            bases.append("/%s/p/%s/" % (loc, p))
        for t in terms:
            bases.append("/%s/tag/%s/" % (loc, q(t)))
        for s in people:
            bases.append("/%s/speaker/%s/" % (loc, q(s)))
        for y in sorted({y for y, _ in years}):
            bases.append("/%s/archive/%04d/" % (loc, y))
        for y, mo in years:
            bases.append("/%s/archive/%04d/%02d/" % (loc, y, mo))
    return bases


def article_urls(w, slugs):
    urls = []
    for slug in slugs:
        for loc in LOCALES + ODD_PREFIXES:
            urls.append("/%s/%s" % (loc, slug))
    return urls


def search_urls(w):
    urls = []
    for it in w.items:
        M = it.m.upper()
        loc0 = it.trans[0]
        urls += [
            "/api/v1/search?q=%s" % M,
            "/api/v1/search?q=%s*" % it.m[:8],
            "/api/v1/search?q=%s&tag=%s" % (M, M),
            "/api/v1/search?q=%s&locale=%s&kind=%s&speaker=%s&from=%04d-01-01"
            "&to=%04d-12-31" % (M, loc0, it.kind, q(it.speaker.upper()),
                                it.year, it.year),
            "/api/v1/search?q=%s&role=answer&per_page=50&prefer=%s"
            % (M, loc0),
            "/en-GB/search?q=%s" % M,
            "/%s/search?q=%s*" % (loc0, it.m[:8]),
            "/%s/search?q=%s&kind=%s&tag=%s&speaker=%s" % (
                loc0, M, it.kind, q(SHARED_TAG), q(it.speaker.upper())),
        ]
    for word in (COMMON_WORD, SHARED_WORD, CONTROL_WORD):
        urls.append("/api/v1/search?q=%s&per_page=50" % word)
        urls.append("/api/v1/search?q=%s&tag=%s" % (word, q(SHARED_TAG)))
        for loc in LOCALES:
            urls.append("/%s/search?q=%s" % (loc, word))
    urls.append("/api/v1/search?q=%s&speaker=%s&per_page=50"
                % (COMMON_WORD, q(MINISTER)))
    urls.append("/ru-RU/search?q=%s&page=2" % COMMON_WORD)
    urls.append("/api/v1/search?q=Vess*&per_page=50")
    return urls


def static_seeds(w):
    urls = ["/", "/robots.txt", "/sitemap.xml", "/api/v1/publishers",
            "/api/v1/publishers/nosuch", "/404.html"]
    for p in w.publishers:
        urls.append("/api/v1/publishers/%s" % p)
    for loc in LOCALES:
        urls += ["/%s" % loc, "/%s/feed.atom" % loc,
                 "/sitemap-%s-1.xml" % loc, "/sitemap-%s-2.xml" % loc]
        for p in w.publishers:
            urls += ["/%s/p/%s" % (loc, p), "/%s/p/%s.atom" % (loc, p)]
    return urls


def api_urls(w):
    return ["/api/v1/assets/%d" % i for i in range(1, w.max_id + 4)]


def attachment_urls(w):
    urls = []
    for it in w.items:
        for name, data, _ in it.attachments:
            sha = hashlib.sha256(data).hexdigest()
            urls.append("/attachments/%s/%s" % (sha, q(name)))
            urls.append("/attachments/%s/other.bin" % sha)
        if it.shared_name:
            urls.append("/attachments/%s/%s" % (
                hashlib.sha256(CONTROL_SHARED).hexdigest(),
                q(it.shared_name)))
    for name, data in w.control_files:
        urls.append("/attachments/%s/%s" % (hashlib.sha256(data).hexdigest(),
                                           q(name)))
    return urls


def private_urls(w):
    """Editorial routes asked without credentials: never a page."""
    urls = ["/admin", "/admin/", "/admin/translations", "/admin/users"]
    for it in w.items:
        urls += ["/api/v1/assets/%d/revisions" % it.id,
                 "/admin/assets/%d" % it.id,
                 "/admin/assets/%d/history" % it.id,
                 "/admin/assets/%d/translate" % it.id,
                 "/admin/assets/%d/t/%s" % (it.id, it.trans[0])]
        name, data, _ = it.attachments[0]
        urls.append("/admin/attachments/%s/%s" % (
            hashlib.sha256(data).hexdigest(), q(name)))
    return urls


def odd_article_urls(w):
    """Other spellings of an article's address."""
    urls = ["/en-GB/?page=2", "/en-GB/page/1/", "/en-GB/page/2",
            "/ru-RU/page/0/"]
    for it in w.items:
        loc = it.trans[0]
        urls += ["/%s/%s/" % (loc, it.slug),
                 "/%s/%s" % (loc, it.slug.upper()),
                 "/%s/%%%02X%s" % (loc, ord(it.slug[0]), it.slug[1:]),
                 "/%s/%s?x=1" % (loc, it.slug),
                 "/%s//%s" % (loc, it.slug),
                 "/%s/%s.atom" % (loc, it.slug),
                 "/%s/%d" % (loc, it.id)]
    return urls


ODD_LISTS = 4     # the first odd_article_urls are public list addresses


ACCEPT_LANGS = ["it-IT,it;q=0.9", "ar", "ru,en;q=0.5", "de-DE", "fr-FR",
                "es", "zz"]


def links_of(w, base_url, o):
    ctype = (o.header("Content-Type") or "").lower()
    if not any(t in ctype for t in ("html", "xml", "atom")):
        return []
    out = []
    for m in LINK_RE.finditer(o.body):
        raw = (m.group(1) or m.group(2) or b"").decode("utf-8", "replace")
        raw = html.unescape(raw).strip()
        if not raw or raw.startswith(("data:", "mailto:", "javascript:")):
            continue
        absu = urllib.parse.urljoin(w.base + base_url, raw)
        u = urllib.parse.urlsplit(absu)
        if "%s://%s" % (u.scheme, u.netloc) != w.base:
            continue
        path = u.path or "/"
        out.append(path + ("?" + u.query if u.query else ""))
    return out


def crawl(w, cl, phase, before=None):
    """One full crawl; returns {(method, url, variant): Obs}. before() is
    called before each request."""
    obs = {}
    seen = set()
    queue = []

    def get(url, depth, variant="", headers=None, method="GET"):
        key = (method, url, variant)
        if key in obs:
            return obs[key]
        if len(obs) >= MAX_URLS:
            return None
        if before is not None:
            before()
        o = cl.request(method, url, headers=headers)
        o.variant = variant
        obs[key] = o
        # a search page's links are the same search with other filters:
        # followed from the searches asked for, not from those reached
        if method == "GET" and variant == "" and depth < MAX_DEPTH and \
                not (depth > 0 and url.split("?")[0].endswith("/search")):
            for link in links_of(w, url, o):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))
        return o

    def enqueue(url):
        if url not in seen:
            seen.add(url)
            queue.append((url, 0))

    def drain():
        while queue:
            url, depth = queue.pop(0)
            get(url, depth)

    for u in static_seeds(w):
        enqueue(u)
    drain()
    # every sitemap the index lists
    idx = obs.get(("GET", "/sitemap.xml", ""))
    if idx is not None:
        for u in links_of(w, "/sitemap.xml", idx):
            enqueue(u)
    for lang in ACCEPT_LANGS:
        get("/", 0, "al:" + lang, {"Accept-Language": lang})
    # listings and all their pages
    for base in paged_bases(w):
        o = get(base, 0)
        drain()
        n = 2
        while o is not None and o.status == 200 and n <= MAX_PAGES:
            o = get("%spage/%d/" % (base, n), 0)
            drain()
            n += 1
    slugs = [it.slug for it in w.items] + [w.control_slug]
    arts = article_urls(w, slugs)
    apis = api_urls(w)
    atts = attachment_urls(w)
    for u in arts + apis + atts + search_urls(w) + private_urls(w) + \
            odd_article_urls(w):
        enqueue(u)
    drain()
    # HEAD and conditional requests
    heads = arts + apis + atts + [u for u in static_seeds(w)
                                  if not u.startswith("/api/v1/pub")]
    for u in heads:
        get(u, MAX_DEPTH, "head", method="HEAD")
    for u in arts + apis + atts:
        get(u, MAX_DEPTH, "inm*", {"If-None-Match": "*"})
        get(u, MAX_DEPTH, "ims", {"If-Modified-Since": PAST})
    # gzip variants of what a cache is likely to hold
    gz = [u for u in static_seeds(w) if "nosuch" not in u] + \
        [b for b in paged_bases(w) if "/tag/" not in b and "/speaker/"
         not in b] + [u for u in arts if u.split("/")[1] in LOCALES]
    for u in gz:
        get(u, MAX_DEPTH, "gzip", {"Accept-Encoding": "gzip"})
    if len(obs) >= MAX_URLS:
        check(False, "%s: the crawl reached its cap of %d requests"
              % (phase, MAX_URLS))
    return obs


# --- leak scanning -----------------------------------------------------------

def reflections(url):
    """Words the request itself carries (a search echoes its query)."""
    u = urllib.parse.urlsplit(url)
    vals = [v for _, v in urllib.parse.parse_qsl(u.query)]
    words = set()
    for v in vals:
        for m in MARKER_RE.finditer(v.encode()):
            words.add(m.group(0))
    return words


def leaks_in(w, o):
    """Markers, hidden hashes and hidden paths in a response."""
    path = o.url.split("?")[0]
    spellings = {path, urllib.parse.quote(urllib.parse.unquote(path),
                                          safe="/-_.~")}

    def unreflected(k, v):
        # a redirect to the sign-in page names the path asked for
        if k.lower() == "location" and 300 <= o.status < 400 and \
                v.startswith("/admin/login?"):
            for sp in spellings:
                v = v.replace(sp, "")
        return v
    blob = b"\n".join(("%s: %s" % (k, unreflected(k, v))).encode(
        "utf-8", "replace") for k, v in o.headers if k.lower() != "date")
    blob += b"\n" + (o.body or b"")
    allowed = reflections(o.url)
    found = set()
    for m in MARKER_RE.finditer(blob):
        word = m.group(0)
        if word in allowed:
            continue
        found.add(word.decode().lower())
    low = blob.lower()
    for sha in w.hidden_shas:
        if sha.encode() in low:
            found.add("sha256 " + sha[:12] + "…")
    for y in w.hidden_years:
        if ("/archive/%04d/" % y).encode() in blob:
            found.add("/archive/%04d/" % y)
    if "it-it" not in o.url.lower() and (b"it-IT" in blob or
                                          b"/it-it/" in low):
        found.add("it-IT (a locale only embargoed items have)")
    return found


def scan_phase(w, obs, phase, T):
    overran = 0
    leaked = 0
    for key in sorted(obs, key=lambda k: (k[1], k[0], k[2])):
        o = obs[key]
        if T is not None and o.t1 >= T:
            overran += 1
            continue
        found = leaks_in(w, o)
        # a request for a hidden path must find nothing there
        if not check(not found, "%s leak: %s %s%s (%d) shows %s" % (
                phase, key[0], key[1], " [%s]" % key[2] if key[2] else "",
                o.status, ", ".join(sorted(found)[:6]))):
            leaked += 1
    if T is not None:
        check(overran == 0, "%s: %d responses arrived after T, so they prove "
              "nothing (the crawl overran its budget; the machine is too "
              "slow for the chosen T)" % (phase, overran))
    return leaked


def controls(w, obs, phase):
    """The crawl sees what is public: the control item everywhere (so a
    crawl that sees nothing cannot pass for one that finds no leak)."""
    ok200 = sum(1 for o in obs.values() if o.status == 200)
    check(ok200 >= 500, "%s: only %d responses of %d were 200" % (
        phase, ok200, len(obs)))
    word = CONTROL_WORD.encode()
    for u in ("/en-GB/", "/ru-RU/", "/en-GB/feed.atom",
              "/en-GB/%s" % w.control_slug, "/ru-RU/%s" % w.control_slug,
              "/api/v1/assets/%d" % w.control_id,
              "/en-GB/tag/%s/" % q(SHARED_TAG), "/en-GB/p/tagged/",
              "/en-GB/speaker/%s/" % q(MINISTER), "/en-GB/p/picks/",
              "/en-GB/search?q=%s" % CONTROL_WORD,
              "/api/v1/search?q=%s&per_page=50" % CONTROL_WORD):
        o = obs.get(("GET", u, ""))
        check(o is not None and o.status == 200 and word in o.body,
              "%s: the public control item is not on %s (%s)" % (
                  phase, u, o and o.status))
    o = obs.get(("GET", "/sitemap-en-GB-1.xml", ""))
    check(o is not None and ("/en-GB/%s<" % w.control_slug).encode()
          in o.body, "%s: the control item is not in the en-GB sitemap"
          % phase)
    for name, data in w.control_files:
        u = "/attachments/%s/%s" % (hashlib.sha256(data).hexdigest(),
                                    q(name))
        o = obs.get(("GET", u, ""))
        check(o is not None and o.status == 200 and o.body == data,
              "%s: the control's attachment %s answers %s" % (
                  phase, u, o and o.status))


def hidden_ids(w, obs, phase, T):
    """Public JSON must not name hidden items by id either."""
    hidden = {it.id for it in w.items}
    for key in sorted(obs):
        o = obs[key]
        if key[0] != "GET" or key[2] != "" or o.status != 200 or (
                T is not None and o.t1 >= T):
            continue
        path = key[1].split("?")[0]
        if path.startswith("/api/v1/assets/"):
            j = json_of(o) or {}
            ids = set(j.get("related") or []) & hidden
            check(not ids, "%s, the public JSON of a public asset "
                  "(%s) lists hidden assets among its \"related\": their "
                  "ids, so their existence, show before T (asset_to_json "
                  "writes every related id; h_api_asset does not filter "
                  "them as h_article's related_summary does)" % (
                      "before T" if T else "as drafts", path))
        elif path.startswith("/api/v1/publishers"):
            j = json_of(o) or {}
            pubs = j.get("publishers", [j])
            for pub in pubs:
                ids = set(pub.get("assets") or []) & hidden
                check(not ids, "%s, %s: the manual publisher %s's public "
                      "JSON lists hidden assets' ids in \"assets\"" % (
                          "before T" if T else "as drafts", path,
                          pub.get("name")))


def expect_hidden(w, obs, phase, T):
    """Hidden paths answer 404 (not 410, 200, 304, nor a redirect)."""
    hidden = []
    for it in w.items:
        hidden += ["/%s/%s" % (loc, it.slug) for loc in LOCALES +
                   ODD_PREFIXES]
        hidden.append("/api/v1/assets/%d" % it.id)
        for name, data, _ in it.attachments:
            hidden.append("/attachments/%s/%s" % (
                hashlib.sha256(data).hexdigest(), q(name)))
        if it.shared_name:
            hidden.append("/attachments/%s/%s" % (
                hashlib.sha256(CONTROL_SHARED).hexdigest(),
                q(it.shared_name)))
        for loc in LOCALES:
            hidden.append("/%s/tag/%s/" % (loc, q(it.m)))
            hidden.append("/%s/speaker/%s/" % (loc, q(it.speaker)))
    for y in w.hidden_years:
        for loc in LOCALES:
            hidden.append("/%s/archive/%04d/" % (loc, y))
    hidden.append("/it-IT/")
    for loc in LOCALES:
        hidden.append("/%s/tag/%s/page/2/" % (loc, q(SHARED_TAG)))
    hidden += odd_article_urls(w)[ODD_LISTS:]
    for u in private_urls(w):
        o = obs.get(("GET", u, ""))
        if o is not None and (T is None or o.t1 < T):
            check(o.status in (301, 302, 303, 401, 403), "%s: %s without "
                  "credentials answers %d" % (phase, u, o.status))
    hidden = sorted(set(hidden))
    for u in hidden:
        for variant, method in (("", "GET"), ("head", "HEAD"),
                                ("inm*", "GET"), ("ims", "GET"),
                                ("gzip", "GET")):
            o = obs.get((method, u, variant))
            if o is None or (T is not None and o.t1 >= T):
                continue
            check(o.status == 404, "%s: %s %s%s answers %d, want 404" % (
                phase, method, u, " [%s]" % variant if variant else "",
                o.status))


EMPTY_FEED_UPDATED = re.compile(rb"<updated>[^<]*</updated>")


def normalised(body):
    """An Atom feed without entries says <updated> = when it was made (the
    request's instant): that moves with any write to the store, seen or
    not. Compared apart (see check() in compare_phases)."""
    if b"<feed" in body and b"<entry" not in body:
        return EMPTY_FEED_UPDATED.sub(b"<updated/>", body, count=1)
    return body


def compare_phases(b, p, T):
    """Before T, scheduling must have changed nothing anyone can see."""
    kb = set(b)
    kp = {k for k in p if p[k].t1 < T}
    only_b = sorted(kb - set(p))
    only_p = sorted(kp - kb)
    check(not only_b, "P: %d requests of the drafts crawl were not made "
          "before T (the pages link differently): %s" % (
              len(only_b), only_b[:5]))
    check(not only_p, "P: %d requests not made in the drafts crawl (new "
          "links appeared): %s" % (len(only_p), only_p[:5]))
    empty_feeds = []
    for k in sorted(kb & kp):
        ob, op = b[k], p[k]
        what = "%s %s%s" % (k[0], k[1], " [%s]" % k[2] if k[2] else "")
        check(ob.status == op.status, "P: %s answers %d; as a draft it was "
              "%d" % (what, op.status, ob.status))
        same = ob.body == op.body
        if not same and normalised(ob.body) == normalised(op.body):
            empty_feeds.append(k[1])
            continue
        if k[0] == "HEAD" and ("GET", k[1], "") in empty_feeds_keys(b, p, k):
            empty_feeds.append(k[1])
            continue
        for h in ("ETag", "Last-Modified", "Location", "Content-Type",
                  "Content-Length", "Cache-Control"):
            check(ob.header(h) == op.header(h), "P: %s: %s is %r; as a "
                  "draft it was %r (scheduling shows)" % (
                      what, h, op.header(h), ob.header(h)))
        check(same, "P: %s: the body differs from the drafts crawl "
              "(scheduling shows): %s" % (what, first_diff(ob.body,
                                                          op.body)))
    check(not empty_feeds, "an Atom feed without entries gives the "
          "request's instant as its <updated> (src/render/feed.c, "
          "feed_atom: updated = info->now), so any write to the store, "
          "scheduling a hidden item included, changes it, its ETag and "
          "the exported file: %s" % ", ".join(sorted(set(empty_feeds))[:4]))


def empty_feeds_keys(b, p, k):
    """For a HEAD: the GET it shadows, when only an empty feed's time
    moved."""
    g = ("GET", k[1], "")
    if g in b and g in p and b[g].body != p[g].body and \
            normalised(b[g].body) == normalised(p[g].body):
        return {g}
    return set()


def first_diff(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    s = max(0, n - 60)
    return "at byte %d: %r vs %r" % (n, a[s:n + 60], b[s:n + 60])


# --- the export --------------------------------------------------------------

def export(w, d):
    t0 = time.time()
    pr("export-site", "--base-url", w.base, d)
    t1 = time.time()
    files = {}
    for root, dirs, names in os.walk(d):
        for n in names:
            path = os.path.join(root, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, d)] = f.read()
    return files, t0, t1


def scan_export(w, files, phase):
    bad = 0
    for rel, data in sorted(files.items()):
        o = Obs()
        o.headers = []
        o.body = rel.encode() + b"\n" + data
        o.url = "/"
        o.status = 0
        found = leaks_in(w, o)
        if not check(not found, "%s: the export's %s shows %s" % (
                phase, rel, ", ".join(sorted(found)[:6]))):
            bad += 1
    return bad


# --- after T -----------------------------------------------------------------

def listing_union(obs, base):
    """The bodies of a listing and all its pages, with their statuses."""
    parts = []
    o = obs.get(("GET", base, ""))
    n = 2
    while o is not None:
        parts.append(o)
        if o.status != 200:
            break
        o = obs.get(("GET", "%spage/%d/" % (base, n), ""))
        n += 1
    return parts


def expect_listed(obs, base, marker, what):
    parts = listing_union(obs, base)
    ok = any(p.status == 200 and marker.encode() in p.body for p in parts)
    check(ok, "A: %s: %s is not on %s (or its pages; statuses %s)" % (
        what, marker, base, [p.status for p in parts][:6]))


def after_checks(w, a, p):
    base = w.base
    for it in w.items:
        m = it.m
        # the article in each of its languages
        for loc in LOCALES:
            u = "/%s/%s" % (loc, it.slug)
            o = a.get(("GET", u, ""))
            if loc in it.trans:
                if check(o is not None and o.status == 200,
                         "A: %s answers %s, want 200" % (
                             u, o and o.status)):
                    title = TEXTS[loc][0].format(
                        m=m, K=it.kind.replace("-", " ").capitalize())
                    check(has_text(o.body, title),
                          "A: %s lacks its title %r" % (u, title))
                    check(it.speaker.encode() in o.body,
                          "A: %s lacks its speaker" % u)
                    for name, data, _ in it.attachments:
                        sha = hashlib.sha256(data).hexdigest()
                        check(("/attachments/%s/" % sha).encode() in o.body,
                              "A: %s does not link its attachment %s" % (
                                  u, name))
                    check(("/tag/%s/" % m).encode() in o.body,
                          "A: %s does not link its tag" % u)
                    lm = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                       time.gmtime(w.T))
                    check(o.header("ETag") is not None and
                          o.header("Last-Modified") == lm,
                          "A: %s: ETag %s, Last-Modified %s (want T, %s)" % (
                              u, o.header("ETag"), o.header("Last-Modified"),
                              lm))
                hd = a.get(("HEAD", u, "head"))
                check(hd is not None and hd.status == 200 and
                      hd.header("ETag") == (o.header("ETag") if o else None)
                      and hd.body == b"",
                      "A: HEAD %s answers %s with ETag %s (GET: %s)" % (
                          u, hd and hd.status, hd and hd.header("ETag"),
                          o and o.header("ETag")))
                ims = a.get(("GET", u, "ims"))
                check(ims is not None and ims.status == 200 and
                      m.encode() in ims.body,
                      "A: %s with If-Modified-Since 1990 answers %s" % (
                          u, ims and ims.status))
                gz = a.get(("GET", u, "gzip"))
                check(gz is not None and gz.status == 200 and
                      gz.body == o.body,
                      "A: %s gzipped is not the page" % u)
            else:
                # not a translation of it: a redirect to one, or 404
                ok = o is not None and (o.status == 404 or (
                    o.status in (301, 302) and
                    (o.header("Location") or "").endswith("/" + it.slug)))
                check(ok, "A: %s (no %s translation) answers %s %s" % (
                    u, loc, o and o.status, o and o.header("Location")))
        for pre in ODD_PREFIXES:
            u = "/%s/%s" % (pre, it.slug)
            o = a.get(("GET", u, ""))
            check(o is not None and o.status in (301, 302, 404),
                  "A: %s answers %s" % (u, o and o.status))
        # the API
        u = "/api/v1/assets/%d" % it.id
        o = a.get(("GET", u, ""))
        if check(o is not None and o.status == 200,
                 "A: %s answers %s, want 200" % (u, o and o.status)):
            try:
                j = json.loads(o.body)
                check(j.get("id") == it.id and j.get("slug") == it.slug and
                      j.get("status") == "published" and
                      j.get("publish_at") == rfc3339(w.T, 0).replace(
                          "Z", "+00:00"),
                      "A: %s: id %r slug %r status %r publish_at %r" % (
                          u, j.get("id"), j.get("slug"), j.get("status"),
                          j.get("publish_at")))
            except ValueError:
                check(False, "A: %s is not JSON" % u)
        # attachments: the bytes, as a download or an image
        for name, data, _ in it.attachments:
            sha = hashlib.sha256(data).hexdigest()
            u = "/attachments/%s/%s" % (sha, q(name))
            o = a.get(("GET", u, ""))
            check(o is not None and o.status == 200 and o.body == data,
                  "A: %s answers %s%s" % (u, o and o.status,
                                          "" if o is None or o.body == data
                                          else " with other bytes"))
            hd = a.get(("HEAD", u, "head"))
            check(hd is not None and hd.status == 200,
                  "A: HEAD %s answers %s" % (u, hd and hd.status))
        if it.shared_name:
            u = "/attachments/%s/%s" % (
                hashlib.sha256(CONTROL_SHARED).hexdigest(),
                q(it.shared_name))
            o = a.get(("GET", u, ""))
            check(o is not None and o.status == 200 and
                  o.body == CONTROL_SHARED, "A: %s answers %s" % (
                      u, o and o.status))
        # lists, feeds, sitemaps, tag, speaker and archive pages
        for loc in it.trans:
            expect_listed(a, "/%s/" % loc, m, "the home page")
            f = a.get(("GET", "/%s/feed.atom" % loc, ""))
            check(f is not None and f.status == 200 and m.encode() in f.body,
                  "A: %s is not in /%s/feed.atom" % (m, loc))
            sm = [o for k, o in a.items() if k[0] == "GET" and k[2] == "" and
                  k[1].startswith("/sitemap-%s-" % loc) and o.status == 200]
            check(any(("%s/%s/%s" % (base, loc, it.slug)).encode() in o.body
                      for o in sm),
                  "A: /%s/%s is not in a %s sitemap" % (loc, it.slug, loc))
            expect_listed(a, "/%s/tag/%s/" % (loc, q(m)), m, "its tag page")
            expect_listed(a, "/%s/tag/%s/" % (loc, q(SHARED_TAG)), m,
                          "the shared tag's page")
            expect_listed(a, "/%s/speaker/%s/" % (loc, q(it.speaker)), m,
                          "its speaker's page")
            if it.with_minister:
                expect_listed(a, "/%s/speaker/%s/" % (loc, q(MINISTER)), m,
                              "the minister's speaker page")
                expect_listed(a, "/%s/p/minister/" % loc, m,
                              "the minister publisher")
            expect_listed(a, "/%s/archive/%04d/" % (loc, it.year), m,
                          "its year's archive")
            expect_listed(a, "/%s/archive/%04d/%02d/" % (loc, it.year,
                                                         it.month), m,
                          "its month's archive")
            expect_listed(a, "/%s/p/tagged/" % loc, m,
                          "the tag publisher")
            if it.kind in ("statement", "speech") and loc in (
                    "en-GB", "ru-RU", "fr-FR"):
                expect_listed(a, "/%s/p/statements/" % loc, m,
                              "the statements publisher")
                f = a.get(("GET", "/%s/p/statements.atom" % loc, ""))
                check(f is not None and m.encode() in f.body,
                      "A: %s is not in /%s/p/statements.atom" % (m, loc))
            if it.id in w.picks:
                expect_listed(a, "/%s/p/picks/" % loc, m,
                              "the manual publisher")
        # search finds it and the facets count it
        u = "/api/v1/search?q=%s" % m.upper()
        o = a.get(("GET", u, ""))
        try:
            j = json.loads(o.body)
        except (ValueError, AttributeError):
            j = {}
        ok = (j.get("total") == 1 and len(j.get("results", [])) == 1 and
              j["results"][0].get("id") == it.id)
        if check(ok, "A: %s: total %r, results %r" % (
                u, j.get("total"), [r.get("id") for r in
                                    j.get("results", [])])):
            fac = j.get("facets", {})
            check(fac.get("kind") == [{"value": it.kind, "count": 1}],
                  "A: %s: kind facet %r" % (u, fac.get("kind")))
            check(fac.get("year") == [{"value": str(it.year), "count": 1}],
                  "A: %s: year facet %r" % (u, fac.get("year")))
            locs = sorted((f["value"], f["count"])
                          for f in fac.get("locale", []))
            check(locs == sorted((loc, 1) for loc in it.trans),
                  "A: %s: locale facet %r, want %r" % (u, locs, it.trans))
            if it.kind in TURN_KINDS:
                sp = {f["value"]: f["count"] for f in fac.get("speaker", [])}
                check(sp.get(it.speaker) == 1, "A: %s: speaker facet %r" % (
                    u, fac.get("speaker")))
        for u in ("/api/v1/search?q=%s*" % m[:8],
                  "/api/v1/search?q=%s&tag=%s" % (m.upper(), m.upper())):
            j = json_of(a.get(("GET", u, ""))) or {}
            check(j.get("total") == 1 and [r.get("id") for r in
                                           j.get("results", [])] == [it.id],
                  "A: %s: total %r" % (u, j.get("total")))
        u = "/en-GB/search?q=%s" % m.upper()
        o = a.get(("GET", u, ""))
        check(o is not None and o.status == 200 and m.encode() in o.body and
              ("/" + it.slug).encode() in o.body,
              "A: %s does not show it" % u)
        u = "/%s/search?q=%s*" % (it.trans[0], m[:8])
        o = a.get(("GET", u, ""))
        check(o is not None and o.status == 200 and m.encode() in o.body,
              "A: %s does not show it" % u)
    # the shared words: counts and facets are the drafts' plus the items'
    kinds = {}
    locs = {}
    for it in w.items:
        kinds[it.kind] = kinds.get(it.kind, 0) + 1
        for loc in it.trans:
            locs[loc] = locs.get(loc, 0) + 1
    for word, base_ in ((SHARED_WORD, False), (COMMON_WORD, True)):
        u = "/api/v1/search?q=%s&per_page=50" % word
        jb = json_of(p.get(("GET", u, "")))
        ja = json_of(a.get(("GET", u, "")))
        if jb is None or ja is None:
            check(False, "A: %s is not JSON" % u)
            continue
        want = (jb.get("total", 0) if base_ else 0) + len(w.items)
        check(ja.get("total") == want, "A: %s: total %r, want %r (before "
              "T: %r)" % (u, ja.get("total"), want, jb.get("total")))
        for facet, extra in (("kind", kinds), ("locale", locs)):
            before = {f["value"]: f["count"] for f in
                      jb.get("facets", {}).get(facet, [])}
            after = {f["value"]: f["count"] for f in
                     ja.get("facets", {}).get(facet, [])}
            wantf = dict(before) if base_ else {}
            for k, v in extra.items():
                wantf[k] = wantf.get(k, 0) + v
            check(after == wantf, "A: %s: %s facet %r, want %r" % (
                u, facet, after, wantf))
        years = {f["value"]: f["count"] for f in
                 ja.get("facets", {}).get("year", [])}
        for it in w.items:
            check(str(it.year) in years, "A: %s: no year %d in the facet" %
                  (u, it.year))
    # the related items show on the control's page once public
    o = a.get(("GET", "/en-GB/%s" % w.control_slug, ""))
    for it in w.items:
        if it.id in w.control_related and "en-GB" in it.trans:
            check(o is not None and it.m.encode() in o.body,
                  "A: the control's page does not show related %s" % it.m)
    for u in private_urls(w):
        o = a.get(("GET", u, ""))
        check(o is not None and o.status in (301, 302, 303, 401, 403),
              "A: %s without credentials answers %s" % (u, o and o.status))
    # it-IT exists now
    o = a.get(("GET", "/it-IT/", ""))
    check(o is not None and o.status == 200, "A: /it-IT/ answers %s" % (
        o and o.status))
    idx = a.get(("GET", "/sitemap.xml", ""))
    check(idx is not None and b"sitemap-it-IT-1.xml" in idx.body,
          "A: the sitemap index does not list the it-IT sitemap")


def has_text(body, text):
    """text in an HTML body, however its apostrophes are escaped."""
    for apo in ("'", "&#39;", "&#x27;", "&apos;"):
        if text.replace("'", apo).encode() in body:
            return True
    return False


def json_of(o):
    if o is None:
        return None
    try:
        return json.loads(o.body)
    except ValueError:
        return None


def stale_checks(w, cl, p, a):
    """Nothing from before T is served after T for what changed."""
    changed = 0
    must_change = ["/%s/" % loc for loc in ("en-GB", "ru-RU", "ar",
                                            "de-DE", "fr-FR")] + \
        ["/%s/feed.atom" % loc for loc in ("en-GB", "ru-RU", "ar", "de-DE",
                                           "fr-FR", "es-ES")] + \
        ["/sitemap.xml", "/sitemap-en-GB-1.xml", "/en-GB/p/tagged/",
         "/en-GB/p/statements/", "/en-GB/p/picks/",
         "/en-GB/speaker/%s/" % q(MINISTER),
         "/en-GB/tag/%s/" % q(SHARED_TAG),
         "/en-GB/%s" % w.control_slug]
    for u in must_change:
        ob, oa = p.get(("GET", u, "")), a.get(("GET", u, ""))
        check(ob is not None and oa is not None and ob.body != oa.body,
              "A: %s did not change at T" % u)
    for k in sorted(p):
        if k[0] != "GET" or k[2] not in ("", "gzip") or k not in a:
            continue
        ob, oa = p[k], a[k]
        if ob.status != 200 or oa.status != 200 or ob.body == oa.body:
            continue
        changed += 1
        tag = " [gzip]" if k[2] else ""
        eb, ea = ob.header("ETag"), oa.header("ETag")
        if eb is not None:
            check(eb != ea, "A: %s%s changed but kept its ETag %s" % (
                k[1], tag, eb))
            hdrs = {"If-None-Match": eb}
            if k[2] == "gzip":
                hdrs["Accept-Encoding"] = "gzip"
            o = cl.request("GET", k[1], headers=hdrs)
            check(o.status == 200 and o.body == oa.body,
                  "A: %s%s with the ETag from before T answers %d%s" % (
                      k[1], tag, o.status, "" if o.status != 200 else
                      " with another body"))
        lb = ob.header("Last-Modified")
        if lb is not None and k[2] == "":
            o = cl.request("GET", k[1], headers={"If-Modified-Since": lb})
            ok = o.status == 200 and o.body == oa.body
            what = ("A: %s changed at T but keeps Last-Modified %s, so "
                    "If-Modified-Since with it answers %d: a client "
                    "revalidating by date keeps the page from before T" % (
                        k[1], lb, o.status))
            check(ok, what)
    check(changed >= 20, "A: only %d pages changed at T" % changed)
    return changed


# --- main --------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def api(cl, w, method, url, payload=None, raw=None, ctype=None):
    hdrs = {"Authorization": "Bearer " + w.token}
    body = None
    if raw is not None:
        body = raw
        hdrs["Content-Type"] = ctype
    elif payload is not None:
        body = json.dumps(payload).encode()
        hdrs["Content-Type"] = "application/json"
    o = cl.request(method, url, headers=hdrs, body=body)
    try:
        j = json.loads(o.body)
    except ValueError:
        j = None
    return o, j


def setup(w, cl):
    # attachments first: the items list them
    for it in w.items:
        for name, data, ctype in it.attachments:
            o, j = api(cl, w, "POST", "/api/v1/attachments?name=" + q(name),
                       raw=data, ctype=ctype)
            if not check(o.status in (200, 201) and j and j.get("sha256") ==
                         hashlib.sha256(data).hexdigest(),
                         "upload %s: %d %s" % (name, o.status, o.body[:300])):
                raise Abort()
    for name, data in w.control_files:
        o, j = api(cl, w, "POST", "/api/v1/attachments?name=" + q(name),
                   raw=data, ctype="application/octet-stream")
        check(o.status in (200, 201), "upload %s: %d" % (name, o.status))
    for it in w.items:
        o, j = api(cl, w, "POST", "/api/v1/assets", item_json(it))
        if not check(o.status == 201 and j is not None and "id" in j,
                     "create %s: %d %s" % (it.slug, o.status,
                                           o.body[:500])):
            raise Abort()
        it.id = j["id"]
        check(j.get("status") == "draft", "create %s: status %r" % (
            it.slug, j.get("status")))
    # the control: public now, tagged like the items, related to some of
    # them, sharing a file's bytes with one
    w.control_related = [it.id for it in w.items[:6]]
    ctl = {"slug": w.control_slug, "kind": "statement",
           "published_at": rfc3339(w.now - 86400, 60), "place": "Norburg",
           "locales": ["en-GB", "ru-RU"],
           "speakers": [{"name": MINISTER,
                         "title": "Minister for Foreign Affairs"}],
           "tags": [SHARED_TAG],
           "translations": {
               "en-GB": {"title": "Control statement %s" % CONTROL_WORD,
                         "summary": "A public item next to the embargoed "
                         "ones, about the %s." % COMMON_WORD,
                         "blocks": [{"id": "p1", "type": "paragraph",
                                     "text": "The %s control text." %
                                     CONTROL_WORD}]},
               "ru-RU": {"title": "Контрольное заявление %s" % CONTROL_WORD,
                         "summary": "Публичный материал.",
                         "blocks": [{"id": "p1", "type": "paragraph",
                                     "text": "Контрольный текст %s." %
                                     CONTROL_WORD}]}},
           "related": w.control_related + [1],
           "attachments": [{"name": n, "sha256":
                            hashlib.sha256(d).hexdigest()}
                           for n, d in w.control_files],
           "status": "published"}
    o, j = api(cl, w, "POST", "/api/v1/assets", ctl)
    if not check(o.status == 201 and j is not None,
                 "create the control: %d %s" % (o.status, o.body[:500])):
        raise Abort()
    w.control_id = j["id"]
    w.max_id = max([it.id for it in w.items] + [w.control_id])
    w.picks = [w.items[2].id, w.items[9].id, w.items[13].id]
    pr("publisher", "add", "picks", "--selection", "manual", "--assets",
       ",".join(str(i) for i in [w.control_id] + w.picks + [1]),
       "--display", "titles", "--title", "en-GB=Picks")


def main():
    w = World()
    log("embargo probe: seed %d, work %s" % (SEED, WORK))
    pr("init")
    pr("import", *sorted(glob.glob(os.path.join(SRC, "examples", "*.json"))))
    pr("user", "add", "ed", "--role", "editor", "--password-stdin",
       stdin="embargo probe passphrase\n")
    w.token = pr("token", "add", "ed").stdout.strip()
    check(w.token.startswith("pr_"), "token add printed %r" % w.token[:10])
    w.publishers = ["home", "tagged", "minister", "statements", "picks"]
    pr("publisher", "add", "home", "--title", "en-GB=Latest",
       "--page-size", "10")
    pr("publisher", "add", "tagged", "--tags-any", SHARED_TAG,
       "--group", "year", "--display", "full", "--page-size", "12")
    pr("publisher", "add", "minister", "--speaker", MINISTER, "--display",
       "abstracts", "--page-size", "5", "--paging", "prev-next",
       "--fallback", "original")
    pr("publisher", "add", "statements", "--kinds", "statement,speech",
       "--locales", "en-GB,ru-RU,fr-FR", "--display", "table",
       "--group", "month", "--page-size", "7")
    # the examples' months (their archive pages are public throughout)
    w.example_months = set()
    for f in glob.glob(os.path.join(SRC, "examples", "*.json")):
        with open(f, encoding="utf-8") as fh:
            ev = json.load(fh)["published_at"]
        w.example_months.add((int(ev[:4]), int(ev[5:7])))
    w.now = int(time.time())
    w.items = make_items(w.now)
    w.hidden_shas = sorted({hashlib.sha256(d).hexdigest()
                            for it in w.items for _, d, _ in it.attachments})
    ex_years = {y for y, _ in w.example_months}
    w.hidden_years = sorted({it.year for it in w.items} - ex_years)
    w.control_slug = "probe-control-statement"
    w.control_files = [("control-annex.txt", CONTROL_OWN),
                       ("control-shared.txt", CONTROL_SHARED)]

    port = free_port()
    w.base = "http://127.0.0.1:%d" % port
    logf = open(os.path.join(WORK, "serve.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--quiet"], env=ENV, cwd=WORK, stdout=logf,
                           stderr=subprocess.STDOUT)
    cl = Client(port)
    try:
        for _ in range(600):
            try:
                if cl.request("GET", "/robots.txt").status == 200:
                    break
            except RuntimeError:
                pass
            if srv.poll() is not None:
                break
            time.sleep(0.05)
        else:
            check(False, "the server did not start")
            raise Abort()
        if not check(srv.poll() is None, "the server exited at start"):
            raise Abort()
        run(w, cl)
    except RuntimeError as e:
        check(False, "HTTP: %s" % e)
    finally:
        cl.close()
        if srv.poll() is None:
            srv.send_signal(signal.SIGTERM)
            try:
                srv.wait(60)
            except subprocess.TimeoutExpired:
                srv.kill()
                srv.wait()
        logf.close()
        with open(os.path.join(WORK, "serve.log"), encoding="utf-8",
                  errors="replace") as f:
            text = f.read()
        check(srv.returncode == 0, "the server exited %s" % srv.returncode)
        check(not sanitizer_report(text),
              "the server's log has a sanitizer report:\n" + text[-4000:])
        if OWN_WORK:
            shutil.rmtree(WORK, ignore_errors=True)


def straddle(w, cl):
    it = w.items[1]
    name, data, _ = it.attachments[0]
    urls = ["/en-GB/", "/en-GB/feed.atom", "/sitemap-en-GB-1.xml",
            "/en-GB/%s" % it.slug, "/api/v1/assets/%d" % it.id,
            "/api/v1/search?q=%s" % it.m.upper(), "/en-GB/tag/%s/" % it.m,
            "/en-GB/p/tagged/", "/ru-RU/speaker/%s/" % q(it.speaker),
            "/attachments/%s/%s" % (hashlib.sha256(data).hexdigest(),
                                    q(name))]
    wait = w.T - 1.2 - time.time()
    if wait > 0:
        time.sleep(wait)
    before = after = 0
    k = 0
    bad = {}          # (url, when) -> (times, first answer)
    while time.time() < w.T + 1.2 or (after < 2 * len(urls) and
                                      time.time() < w.T + 20):
        u = urls[k % len(urls)]
        k += 1
        o = cl.request("GET", u)
        if o.t1 < w.T:
            before += 1
            found = leaks_in(w, o)
            public = u in ("/en-GB/", "/en-GB/feed.atom",
                           "/sitemap-en-GB-1.xml", "/en-GB/p/tagged/",
                           "/api/v1/search?q=%s" % it.m.upper())
            if found or not (o.status == 404 or public):
                n, first = bad.get((u, "before"), (0, None))
                bad[(u, "before")] = (n + 1, first or (
                    "%.3f s before T with %d, showing %s" % (
                        w.T - o.t1, o.status, sorted(found)[:4])))
        elif o.t0 >= w.T + 0.05:
            after += 1
            shown = (it.m.encode() in o.body or
                     ("/" + it.slug).encode() in o.body or
                     (u.startswith("/attachments/") and o.body == data))
            if o.status != 200 or not shown:
                n, first = bad.get((u, "after"), (0, None))
                bad[(u, "after")] = (n + 1, first or (
                    "%.3f s after T with %d %s" % (
                        o.t0 - w.T, o.status, "with the item" if shown
                        else "without the item")))
    for u in urls:
        for when in ("before", "after"):
            n, first = bad.get((u, when), (0, None))
            check(n == 0, "around T: %s answered %d times wrongly %s T, "
                  "first %s" % (u, n, when, first))
    log("around T: %d requests before T, %d after (%d asked)" % (
        before, after, k))
    # (P covered before T; on a stalled machine this window may be empty)
    check(after >= 2 * len(urls), "around T: too few requests after T "
          "(%d)" % after)


def schedule_all(w, cl, T):
    t0 = time.time()
    for it in w.items:
        at = rfc3339(T, it.pub_offset)
        if SELFTEST and it.i == 0:
            # the probe's own test: one item public already, which every
            # check of P must notice (EMBARGO_SELFTEST=1; fails on purpose)
            at = rfc3339(int(time.time()) - 60, it.pub_offset)
        o, j = api(cl, w, "POST", "/api/v1/assets/%d/schedule" % it.id,
                   {"publish_at": at})
        check(o.status == 200 and j is not None and
              j.get("status") == "published" and
              (j.get("publish_at") == rfc3339(T, 0).replace("Z", "+00:00")
               or (SELFTEST and it.i == 0)),
              "schedule %d at %s: %d %s" % (it.id, at, o.status,
                                            j and j.get("publish_at")))
    if w.T is not None:
        check(time.time() < w.T, "moving T: the items were scheduled "
              "again only after the old T (%.1f s late)" % (
                  time.time() - w.T))
    w.T = T
    # time to keep for moving T again: this took so long
    w.margin = max(4.0, 4 * (time.time() - t0))


def keep_ahead(w, cl, need):
    """Pushes T later when fewer than need seconds (plus the margin to
    schedule again) are left before it."""
    if time.time() + need + w.margin < w.T:
        return
    w.moves += 1
    if not check(w.moves <= 5, "T was moved 5 times: the pre-T phase "
                 "cannot keep ahead of it (the machine is far slower than "
                 "the first crawl said)"):
        raise Abort()
    w.budget *= 2
    T = int(math.ceil(time.time() + need + w.margin + w.budget))
    log("moving T from %s to %s (the machine is slower than B said)" % (
        rfc3339(w.T, 0), rfc3339(T, 0)))
    schedule_all(w, cl, T)


def run(w, cl):
    setup(w, cl)
    exp = os.path.join(WORK, "export")

    # B: drafts
    t0 = time.time()
    b = crawl(w, cl, "B")
    tb = time.time() - t0
    nreq = len(b)
    scan_phase(w, b, "B (drafts)", None)
    expect_hidden(w, b, "B (drafts)", None)
    hidden_ids(w, b, "B (drafts)", None)
    controls(w, b, "B (drafts)")
    files_b, e0, e1 = export(w, exp)
    scan_export(w, files_b, "B (drafts) export")
    te = e1 - e0
    log("B: %d requests in %.1f s, export of %d files in %.1f s" % (
        nreq, tb, len(files_b), te))

    # schedule everything for T, written in assorted offsets; T leaves
    # P what B took and some more, and is pushed later (every item
    # scheduled again) if P still runs short
    w.budget = 1.4 * (tb + te) + 5
    if os.environ.get("EMBARGO_BUDGET"):      # to test moving T
        w.budget = float(os.environ["EMBARGO_BUDGET"])
    w.T = None
    w.moves = 0
    schedule_all(w, cl, int(math.ceil(time.time() + w.budget)))
    # an editor sees it; then nobody else may get that from a cache
    for it in w.items:
        u = "/api/v1/assets/%d" % it.id
        o, j = api(cl, w, "GET", u)
        check(o.status == 200 and j is not None and it.m in json.dumps(j),
              "GET %s as the editor answers %d" % (u, o.status))
        check("no-store" in (o.header("Cache-Control") or "") or
              "private" in (o.header("Cache-Control") or ""),
              "GET %s as the editor: Cache-Control %r" % (
                  u, o.header("Cache-Control")))
        o = cl.request("GET", u)
        check(o.status == 404 and not leaks_in(w, o),
              "GET %s after the editor's answers %d" % (u, o.status))
        o = cl.request("GET", u, headers={
            "Authorization": "Bearer pr_" + "A" * 43})
        check(o.status in (401, 404) and not leaks_in(w, o),
              "GET %s with a bad token answers %d" % (u, o.status))
        u = "/%s/%s" % (it.trans[0], it.slug)
        o = cl.request("GET", u, headers={
            "Authorization": "Bearer " + w.token})
        check(o.status == 404 and not leaks_in(w, o),
              "GET %s with the editor's token answers %d" % (u, o.status))
    log("scheduled %d items for %s (in %.1f s)" % (
        len(w.items), rfc3339(w.T, 0), w.T - time.time()))

    # P: before T
    t0 = time.time()
    p = crawl(w, cl, "P", lambda: keep_ahead(w, cl, 1.0))
    tp = time.time() - t0
    keep_ahead(w, cl, 2 * te + 2)
    files_p, e0, e1 = export(w, exp + "-p")
    log("P: %d requests in %.1f s, export in %.1f s; %.1f s to T" % (
        len(p), tp, e1 - e0, w.T - time.time()))

    # around T: a few surfaces asked again and again from T - 1.2 s to
    # T + 1.2 s; what was answered wholly before T must not show the item,
    # what was asked from T on must (no cache may serve the page of
    # before). P is judged afterwards: its timings are recorded.
    straddle(w, cl)
    scan_phase(w, p, "P (scheduled, before T)", w.T)
    expect_hidden(w, p, "P (scheduled, before T)", w.T)
    hidden_ids(w, p, "P (scheduled, before T)", w.T)
    controls(w, p, "P (scheduled, before T)")
    compare_phases(b, p, w.T)
    if check(e1 < w.T, "P: the export ended %.1f s after T (too slow a "
             "machine for the budget)" % (e1 - w.T)):
        scan_export(w, files_p, "P (before T) export")
        check(set(files_p) == set(files_b),
              "P: the export's files differ from the drafts': %s" % sorted(
                  set(files_p) ^ set(files_b))[:8])
        moved = []
        for rel in sorted(set(files_p) & set(files_b)):
            if files_p[rel] != files_b[rel] and \
                    normalised(files_p[rel]) == normalised(files_b[rel]):
                moved.append(rel)
                continue
            check(files_p[rel] == files_b[rel], "P: the export's %s "
                  "differs from the drafts' (scheduling shows): %s" % (
                      rel, first_diff(files_b[rel], files_p[rel])))
        check(not moved, "an Atom feed without entries gives the "
              "request's instant as its <updated>, so the export's %s "
              "changed when a hidden item was scheduled" % ", ".join(
                  moved[:4]))

    # A: after T
    wait = w.T + 1.5 - time.time()
    if wait > 0:
        time.sleep(wait)
    t0 = time.time()
    a = crawl(w, cl, "A")
    log("A: %d requests in %.1f s" % (len(a), time.time() - t0))
    if os.environ.get("EMBARGO_STATS"):
        for name, ob in (("B", b), ("A", a)):
            cats = {}
            for k in ob:
                c = k[0] + " " + (k[2] or "") + " " + (
                    k[1].split("?")[0].split("/")[2] if k[1].count("/") > 1
                    else k[1])
                cats[c] = cats.get(c, 0) + 1
            log(name, sorted(cats.items(), key=lambda x: -x[1])[:25])
    controls(w, a, "A (after T)")
    after_checks(w, a, p)
    changed = stale_checks(w, cl, p, a)
    log("A: %d pages changed at T" % changed)
    files_a, e0, e1 = export(w, exp)
    seen = set()
    for rel, data in files_a.items():
        for m in MARKER_RE.finditer(rel.encode() + b"\n" + data):
            seen.add(m.group(0).decode().lower())
    for it in w.items:
        check(it.m in seen, "A: %s is nowhere in the export" % it.m)
        for loc in it.trans:
            rel = os.path.join(loc, it.slug)
            check(rel in files_a and it.m.encode() in files_a[rel],
                  "A: the export has no %s" % rel)
            for d in (os.path.join(loc, "tag", it.m),
                      os.path.join(loc, "speaker", it.speaker),
                      os.path.join(loc, "archive", "%04d" % it.year),
                      os.path.join(loc, "archive", "%04d" % it.year,
                                   "%02d" % it.month), loc):
                # the listing's first page or one of its /page/N/
                pages = [rel for rel in files_a if rel == os.path.join(
                    d, "index.html") or re.fullmatch(
                        re.escape(os.path.join(d, "page")) + r"/\d+/"
                        r"index\.html", rel)]
                check(any(it.m.encode() in files_a[rel] for rel in pages),
                      "A: %s is on no page of the export's %s/ (%d pages)"
                      % (it.m, d, len(pages)))
    for loc in LOCALES:
        rel = os.path.join(loc, "feed.atom")
        want = [it.m for it in w.items if loc in it.trans]
        check(rel in files_a and all(m.encode() in files_a[rel]
                                     for m in want),
              "A: the export's %s lacks markers" % rel)


if __name__ == "__main__":
    try:
        main()
    except Abort:
        pass
    sys.exit(finish())
