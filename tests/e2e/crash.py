#!/usr/bin/python3
"""The crash-safety harness (issue 6): writers on the API, the server
killed with SIGKILL at random moments, and after every kill a check that
nothing acknowledged was lost or changed and nothing was half saved.

One round (a "kill"):

  1  `pressroom serve` starts on the database (a new free port on
     127.0.0.1, --checkpoint-interval 1, so kills also land in checkpoints);
  2  CRASH_WRITERS threads (4) write through the API with Bearer tokens of
     two editors: POST /api/v1/assets (create), PUT /api/v1/assets/{id}
     with If-Match "rN" (replace: new text, block count, translations,
     locales, speakers, tags, place, date, and sometimes files first
     uploaded with POST /api/v1/attachments, up to 300 KB; or only the
     source's text, which makes the other translations' blocks outdated),
     POST .../translations/{locale}/confirm (outdated blocks marked still
     right: no new revision), and POST .../publish, .../schedule,
     .../withdraw, .../draft, .../unpublish. Each asset is
     written by one thread only, so its writes are in a known order and at
     most one of them is in flight when the server dies. Every 2xx answer
     is recorded (id, revision, the asset as answered) and compared with
     what was sent;
  3  after a random time (mostly 0.3-1.5 s, sometimes at once) the server
     gets SIGKILL (by its pid); it must not have died before;
  4  with the server dead, the database is opened read-only with Python's
     sqlite3 and checked:
       - PRAGMA integrity_check is "ok", foreign_key_check is empty;
       - every acknowledged write is there: its revision row holds exactly
         the asset as the server answered it (later: the same hash), and
         every revision's content_hash is the SHA-256 of its content;
         every acknowledged upload is there, and every file's bytes are
         their SHA-256 and size;
       - every asset is at its last acknowledged revision, or at the next
         one when a write of it was in flight at the kill and that
         revision is exactly what the write sent (then it counts as
         acknowledged from now on); a create in flight either left
         nothing or a whole asset; no other asset exists; revisions are
         1..N without gaps;
       - no half-saved asset: each asset's rows (asset, asset_locale,
         asset_speaker, translation, block, asset_tag, related,
         asset_attachment) are exactly its newest revision's JSON (status,
         publish_at, withdrawal, every translation, every block with its
         id, type, role, speaker and text, in order, every file with its
         type and size), the asset's content_hash is that revision's,
         and the search index (search_doc and the FTS5 table's rows) has
         one row per title, summary and block of it;
         every text of a translation in a revision names one write (the
         harness's marker), so a mix of two writes shows; the store's
         generation is at least the number of revisions;
  5  the server is started again on the same database, and
     GET /api/v1/assets/{id} with a token must answer every asset written
     this round (and a sample of the others) exactly as last acknowledged,
     with its revision and its translation status (per block rev,
     source_rev, outdated; unknown after a write in flight, until the
     next acknowledged one); published ones due now are also asked for
     without
     a token (public) and must show every translation, and their files
     (/attachments/{sha256}/{name}) must be the bytes uploaded.

At the end every asset is asked for once more, the server is stopped
with SIGTERM (exit code 0: under ASan, LeakSanitizer found no leak), the
database checked again, and serve.log must hold no error (nor a
sanitizer's report).

Environment: CRASH_KILLS (20), CRASH_WRITERS (4), CRASH_SEED (random;
printed), CRASH_MIN_S / CRASH_MAX_S (0.3 / 1.5: the time writers run before
most kills), CRASH_SELFTEST: tamper with the database after the first kill,
between the kill and the checks, to see the harness catch it (it must
fail): 1 or "revision" deletes an acknowledged revision row, "content"
changes an acknowledged revision's text, "block" deletes a block of an
asset (a half-saved asset), "translation" deletes a translation with its
blocks, "file" cuts an acknowledged upload's bytes in half. CRASH_SHOW
(200): how many failure lines to print; CRASH_KEEP=1 keeps the work
directory (with the database and serve.log) when crash.py made it.

Usage: crash.py PRESSROOM_BINARY [WORK_DIR]
Prints one line per kill and a summary line:
  crash: K kills, W acknowledged writes (...), C checks, F failures, T s
and exits 1 on any failure. Python 3 standard library only.
"""
import datetime
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.path.abspath(sys.argv[1])
OWN_WORK = len(sys.argv) < 3
WORK = tempfile.mkdtemp(prefix="pressroom-crash.") if OWN_WORK \
    else sys.argv[2]
DB = os.path.join(WORK, "crash.db")
LOG = os.path.join(WORK, "serve.log")
ENV = dict(os.environ, PRESSROOM_DB=DB)
SELFTEST = os.environ.get("CRASH_SELFTEST", "")
if SELFTEST == "1":
    SELFTEST = "revision"
KILLS = int(os.environ.get("CRASH_KILLS", "2" if SELFTEST else "20"))
WRITERS = int(os.environ.get("CRASH_WRITERS", "4"))
SEED = int(os.environ.get("CRASH_SEED", str(random.SystemRandom()
                                             .randrange(1, 10**9))))
MIN_S = float(os.environ.get("CRASH_MIN_S", "0.3"))
MAX_S = float(os.environ.get("CRASH_MAX_S", "1.5"))
SHOW = int(os.environ.get("CRASH_SHOW", "200"))
START_TIMEOUT = 60.0          # ASan is slow to start
HTTP_TIMEOUT = 60.0
PASSWORD = "crash harness passphrase"

LOCALES = ["en-GB", "ru-RU", "de-DE", "ar"]
EXTRA_LOCALES = ["fr-FR", "es-ES"]     # announced, never translated
DIR = {"ar": "rtl"}
KINDS = ["statement", "speech", "transcript", "press-release", "news",
         "briefing", "interview"]
TURN_KINDS = ("transcript", "briefing", "interview")
ROLES = ["statement", "question", "answer", "remark"]
PLACES = ["Norburg", "Ostra", "Lenka", "Geneva", "New York"]
PEOPLE = [("Ingrid Maarland", "Minister for Foreign Affairs"),
          ("Tomas Vell", "Spokesperson"),
          ("Anna Berg", "State Secretary"),
          ("Jonas Lind", "Ambassador")]
TAGS = ["vessa river", "water", "treaty", "floods", "visa", "climate"]
WORDS = {
    "en-GB": "the minister said that the treaty on the river water will "
             "enter into force after both parliaments ratify it and the "
             "delegations met again in the capital to discuss cooperation "
             "on energy security trade and culture".split(),
    "ru-RU": "министр заявил что договор о водах реки вступит в силу после "
             "ратификации обоими парламентами делегации снова встретились "
             "в столице для обсуждения сотрудничества в области энергетики "
             "безопасности торговли и культуры".split(),
    "de-DE": "der minister sagte dass der vertrag über das wasser des "
             "flusses nach der ratifizierung durch beide parlamente in kraft "
             "tritt die delegationen trafen sich erneut in der hauptstadt "
             "um über zusammenarbeit zu sprechen".split(),
    "ar": "قال الوزير إن المعاهدة بشأن مياه النهر ستدخل حيز التنفيذ بعد "
          "أن يصادق عليها البرلمانان واجتمع الوفدان مرة أخرى في العاصمة "
          "لمناقشة التعاون في مجال الطاقة والأمن والتجارة والثقافة".split(),
}

checks = 0
fails = 0
shown = 0
lock = threading.RLock()
stats = {"create": 0, "replace": 0, "source edit": 0, "confirm": 0,
         "publish": 0, "schedule": 0, "withdraw": 0, "draft": 0,
         "unpublish": 0, "upload": 0}
counts = {"inflight": 0, "landed": 0, "gets": 0, "file_gets": 0,
          "public_gets": 0, "rev_rows": 0}
ANY = object()     # a value that only has to be there (not null)


class At:
    """An RFC 3339 value that must name this instant (any offset)."""

    def __init__(self, t):
        self.t = t

    def __repr__(self):
        return "At(%d)" % self.t


def log(*a):
    print(*a, flush=True)


def check(cond, what):
    global checks, fails, shown
    with lock:
        checks += 1
        if not cond:
            fails += 1
            if shown < SHOW:
                print("FAIL:", what, file=sys.stderr, flush=True)
                shown += 1
    return cond


def epoch(s):
    return int(datetime.datetime.fromisoformat(s).timestamp())


def offset_s(s):
    return int(datetime.datetime.fromisoformat(s).utcoffset()
               .total_seconds())


def rfc3339(t, off_min=0):
    tz = datetime.timezone(datetime.timedelta(minutes=off_min))
    return datetime.datetime.fromtimestamp(t, tz).isoformat()


def conforms(want, got):
    """got equals want, where ANY matches any non-null value and At(t) an
    RFC 3339 string for t."""
    if want is ANY:
        return got is not None
    if isinstance(want, At):
        try:
            return isinstance(got, str) and epoch(got) == want.t
        except ValueError:
            return False
    if isinstance(want, dict):
        return isinstance(got, dict) and set(want) == set(got) and \
            all(conforms(want[k], got[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and \
            all(conforms(w, g) for w, g in zip(want, got))
    return want == got


def strip(j):
    """The API's asset as a revision stores it: no id, revision,
    timestamps or translation status."""
    j = {k: v for k, v in j.items()
         if k not in ("id", "revision", "created_at", "updated_at")}
    tr = {}
    for loc, t in j.get("translations", {}).items():
        t = {k: v for k, v in t.items() if k != "status"}
        t["blocks"] = [{k: v for k, v in b.items()
                        if k not in ("rev", "source_rev", "outdated")}
                       for b in t.get("blocks", [])]
        tr[loc] = t
    j["translations"] = tr
    return j


def short(j, n=300):
    s = json.dumps(j, ensure_ascii=False, sort_keys=True, default=repr)
    return s if len(s) <= n else s[:n] + "..."


def diff(want, got, path=""):
    """The first place where got does not conform to want, for messages."""
    if isinstance(want, dict) and isinstance(got, dict):
        if set(want) != set(got):
            return "%s keys %s vs %s" % (path or ".", sorted(want),
                                         sorted(got))
        for k in want:
            if not conforms(want[k], got[k]):
                return diff(want[k], got[k], path + "." + k)
    if isinstance(want, list) and isinstance(got, list) and \
            len(want) == len(got):
        for i, (w, g) in enumerate(zip(want, got)):
            if not conforms(w, g):
                return diff(w, g, "%s[%d]" % (path, i))
    return "%s: want %s, got %s" % (path or ".", short(want, 160),
                                    short(got, 160))


# --- the model: what was acknowledged --------------------------------------

class Asset:
    def __init__(self, owner, slug):
        self.id = 0
        self.owner = owner
        self.slug = slug
        self.rev = 0
        self.content = None
        self.view = None        # translation status as last answered
        self.touched = True


assets = {}        # id -> Asset
acked = {}         # (id, revision) -> content (as a revision stores it)
verified = {}      # (id, revision) -> content_hash seen matching acked
uploads = {}       # sha256 (hex) -> the bytes of an acknowledged upload


def view(j):
    """The translation status the API shows: per translation its status,
    per block rev, source_rev and outdated."""
    return {loc: (t.get("status"), [(b.get("id"), b.get("rev"),
                                     b.get("source_rev"), b.get("outdated"))
                                    for b in t.get("blocks", [])])
            for loc, t in j.get("translations", {}).items()}


def ack(a, rev, content, what, v=None):
    """Records an acknowledged write of asset a (v: the translation status
    answered, None when unknown); False if it cannot be."""
    a.touched = True
    if rev == a.rev:
        # an identical save or a confirmation: same revision and content
        a.view = v
        return check(content == a.content, "%s of asset %d answered "
                     "revision %d again with other content: %s" %
                     (what, a.id, rev, diff(a.content, content)))
    if not check(rev == a.rev + 1, "%s of asset %d answered revision %d, "
                 "after %d" % (what, a.id, rev, a.rev)):
        a.view = None
        return False
    a.rev = rev
    a.content = content
    a.view = v
    with lock:
        acked[(a.id, rev)] = content
    return True


# --- what the writers send --------------------------------------------------

def text(rng, loc, mark, n):
    w = WORDS[loc]
    return " ".join([mark] + [w[rng.randrange(len(w))] for _ in range(n)])


def make_content(rng, mark, slug, state):
    """A whole asset (as a revision stores it) whose every text names
    mark; state gives status, publish_at and the withdrawal."""
    kind = rng.choice(KINDS)
    locs = ["en-GB"] + [loc for loc in LOCALES[1:] if rng.random() < 0.6]
    announced = list(locs)
    if rng.random() < 0.3:
        announced.append(rng.choice(EXTRA_LOCALES))
    speakers = rng.sample(PEOPLE, rng.randrange(0, 3))
    nblocks = rng.choice([1, 2, 3, 4, 6, 9, 14])
    structure = []
    np = nt = 0
    for i in range(nblocks):
        if kind in TURN_KINDS and i > 0:
            nt += 1
            sp = rng.choice(speakers)[0] if speakers and \
                rng.random() < 0.8 else None
            structure.append(("t%d" % nt, "turn", rng.choice(ROLES), sp))
        else:
            np += 1
            structure.append(("p%d" % np, "paragraph", None, None))
    tr = {}
    for loc in locs:
        blocks = []
        for bid, typ, role, sp in structure:
            n = rng.choice([8, 20, 60, 200, 600])
            blocks.append({"id": bid, "type": typ, "role": role,
                           "speaker": sp, "text": text(rng, loc, mark, n)})
        tr[loc] = {"title": text(rng, loc, mark, rng.randrange(3, 10)),
                   "summary": "" if rng.random() < 0.2 else
                   text(rng, loc, mark, rng.randrange(5, 30)),
                   "dir": DIR.get(loc, "ltr"), "blocks": blocks}
    c = {"slug": slug, "kind": kind,
         "published_at": "2024-%02d-%02dT%02d:%02d:00%s" % (
             rng.randrange(1, 13), rng.randrange(1, 29),
             rng.randrange(0, 24), rng.choice([0, 15, 30, 45]),
             rng.choice(["+00:00", "+02:00", "-05:00", "+05:45"])),
         "place": rng.choice(PLACES) + " " + mark,
         "locales": announced,
         "speakers": [{"name": n, "title": t} for n, t in speakers],
         "tags": sorted(rng.sample(TAGS, rng.randrange(0, 3))),
         "translations": tr, "related": []}
    c.update(state)
    return c


def mixed(c):
    """The translations of an asset whose texts name more than one write
    (a source edit changes one translation, a replace all of them)."""
    out = {}
    for loc, t in c.get("translations", {}).items():
        seen = set()
        for s in [t.get("title", ""), t.get("summary", "")] + \
                [b.get("text", "") for b in t.get("blocks", [])]:
            if s:
                seen.add(s.split(" ", 1)[0])
        if len(seen) != 1:
            out[loc] = sorted(seen)
    return out


class Lost(Exception):
    """The connection failed: the write may or may not have landed."""


class Writer:
    def __init__(self, wid, tokens):
        self.wid = wid
        self.rng = random.Random(SEED * 100 + wid)
        self.tokens = tokens
        self.pool = []          # the assets this writer owns
        self.seq = 0
        self.inflight = None    # (what, asset or None, want, slug)
        self.sent_at = 0.0      # when the last request was sent
        self.lost = None        # (when, why) the connection failed
        self.port = 0
        self.conn = None
        self.stop = None

    def request(self, method, path, body=None, headers=None):
        h = {"Authorization": "Bearer " +
             self.tokens[self.seq % len(self.tokens)]}
        if isinstance(body, bytes):
            pass
        elif body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body, ensure_ascii=False).encode()
        h.update(headers or {})
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
            self.sent_at = time.monotonic()
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            raise Lost(str(e) or type(e).__name__)
        return r.status, data

    def mark(self):
        self.seq += 1
        return "cm%dq%d" % (self.wid, self.seq)

    def one(self):
        rng = self.rng
        if not self.pool or rng.random() < 0.1:
            if len(self.pool) >= 8:
                # retired: no longer written, still checked after each kill
                self.pool.pop(0)
            return self.create()
        a = rng.choice(self.pool)
        r = rng.random()
        if r < 0.4:
            return self.replace(a)
        if r < 0.5:
            return self.source_edit(a)
        if r < 0.6:
            return self.confirm(a)
        return self.state(a, rng.choice(["publish", "schedule", "withdraw",
                                         "withdraw", "draft", "unpublish"]))

    def create(self):
        rng = self.rng
        mark = self.mark()
        slug = "crash-%d-%d-%d" % (self.wid, self.seq, SEED % 100000)
        status = rng.choice(["draft", "published"])
        body = make_content(rng, mark, slug,
                            {"status": status, "publish_at": None})
        want = dict(body, publish_at=ANY if status == "published" else None)
        a = Asset(self, slug)
        self.inflight = ("create", None, want, slug)
        st, data = self.request("POST", "/api/v1/assets", body)
        self.inflight = None
        if not check(st == 201, "create %s: %d %s" % (slug, st, data[:300])):
            return
        j = json.loads(data)
        a.id = j["id"]
        got = strip(j)
        check(conforms(want, got), "create %s answered other content: %s" %
              (slug, diff(want, got)))
        check(j.get("revision") == 1, "create %s answered revision %r" %
              (slug, j.get("revision")))
        with lock:
            check(a.id not in assets, "create %s answered the id %d of "
                  "another asset" % (slug, a.id))
            assets[a.id] = a
            stats["create"] += 1
        self.pool.append(a)
        ack(a, j.get("revision", 0), got, "create", view(j))

    def state_fields(self, a):
        return {k: a.content[k] for k in
                ("status", "publish_at", "withdrawn_at", "withdraw_reason")
                if k in a.content}

    def upload(self):
        """POST /api/v1/attachments: an attachment (acknowledged when
        answered 201 with its SHA-256)."""
        rng = self.rng
        n = rng.choice([1, 300, 5000, 60000, 300000])
        mark = self.mark()
        if rng.random() < 0.5:
            data = text(rng, "en-GB", mark, n // 6 + 1).encode()
            name = "notes-%d-%d.txt" % (self.wid, self.seq)
        else:
            data = bytes(rng.getrandbits(8) for _ in range(min(n, 4096)))
            data = data * (n // len(data) + 1)
            data = data[:n]
            name = "annex-%d-%d.bin" % (self.wid, self.seq)
        sha = hashlib.sha256(data).hexdigest()
        self.inflight = ("upload", None, None, None)
        st, got = self.request("POST", "/api/v1/attachments?name=" + name,
                               data, {"Content-Type":
                                      "application/octet-stream"})
        self.inflight = None
        if not check(st == 201, "upload %s: %d %s" % (name, st, got[:300])):
            return None
        j = json.loads(got)
        check(j.get("sha256") == sha and j.get("size") == len(data),
              "upload %s answered %s" % (name, short(j)))
        with lock:
            uploads[sha] = data
            stats["upload"] += 1
        return {"name": name, "sha256": sha, "type": j.get("type"),
                "size": len(data)}

    def replace(self, a):
        mark = self.mark()
        body = make_content(self.rng, mark, a.slug, self.state_fields(a))
        files = []
        for _ in range(self.rng.choice([0, 0, 0, 1, 1, 2])):
            f = self.upload()
            if f is not None:
                files.append(f)
        want = body
        if files:
            body = dict(body, attachments=[{"name": f["name"],
                                            "sha256": f["sha256"]}
                                           for f in files])
            want = dict(body, attachments=files)
        self.inflight = ("replace", a, want, a.slug)
        st, data = self.request("PUT", "/api/v1/assets/%d" % a.id, body,
                                {"If-Match": '"r%d"' % a.rev})
        self.inflight = None
        self.answered(a, "replace", st, data, want)

    def source_edit(self, a):
        """PUT with only the source's text changed: the other translations'
        blocks become outdated (translation status)."""
        rng = self.rng
        if len(a.content["translations"]) < 2:
            return self.replace(a)
        mark = self.mark()
        body = json.loads(json.dumps(a.content))
        t = body["translations"]["en-GB"]
        t["title"] = text(rng, "en-GB", mark, rng.randrange(3, 10))
        if t["summary"]:
            t["summary"] = text(rng, "en-GB", mark, rng.randrange(5, 30))
        for b in t["blocks"]:
            b["text"] = text(rng, "en-GB", mark, rng.choice([8, 20, 60]))
        self.inflight = ("source edit", a, body, a.slug)
        st, data = self.request("PUT", "/api/v1/assets/%d" % a.id, body,
                                {"If-Match": '"r%d"' % a.rev})
        self.inflight = None
        self.answered(a, "source edit", st, data, body)

    def confirm(self, a):
        """POST .../translations/{locale}/confirm: outdated blocks marked
        as still right (no new revision; the status must stay)."""
        rng = self.rng
        todo = [(loc, [b[0] for b in blocks if b[3]], st)
                for loc, (st, blocks) in (a.view or {}).items()
                if loc != "en-GB" and
                (any(b[3] for b in blocks) or (st or {}).get(
                    "head_outdated"))]
        if not todo:
            return self.source_edit(a)
        loc, ids, st = rng.choice(todo)
        ids = rng.sample(ids, rng.randrange(min(1, len(ids)), len(ids) + 1))
        head = bool(st and st.get("head_outdated")) and rng.random() < 0.7
        self.inflight = ("confirm", a, a.content, a.slug)
        code, data = self.request(
            "POST", "/api/v1/assets/%d/translations/%s/confirm" % (a.id, loc),
            {"blocks": ids, "head": head})
        self.inflight = None
        if not check(code == 200, "confirm of asset %d %s %s: %d %s" %
                     (a.id, loc, ids, code, data[:300])):
            return
        j = json.loads(data)
        got = view(j).get(loc, (None, []))
        still = [b[0] for b in got[1] if b[0] in ids and b[3]]
        check(not still and not (head and (got[0] or {}).get(
            "head_outdated")), "confirm of asset %d %s %s (head %s) "
            "answered %s still outdated" % (a.id, loc, ids, head,
                                             still or "the head"))
        if ack(a, j.get("revision", 0), strip(j), "confirm", view(j)):
            with lock:
                stats["confirm"] += 1

    def state(self, a, op):
        rng = self.rng
        want = {k: v for k, v in a.content.items()
                if k not in ("withdrawn_at", "withdraw_reason")}
        body = None
        if op == "publish":
            want.update(status="published", publish_at=ANY)
        elif op == "schedule":
            t = int(time.time()) + rng.randrange(3600, 400 * 86400)
            off = rng.choice([0, 60, -300, 345])
            body = {"publish_at": rfc3339(t, off)}
            want.update(status="published", publish_at=At(t))
        elif op == "withdraw":
            reason = "Withdrawn %s by writer %d" % (self.mark(), self.wid)
            body = {"reason": reason}
            want.update(status="withdrawn", publish_at=None,
                        withdrawn_at=ANY, withdraw_reason=reason)
        else:
            want.update(status="draft" if op == "draft" else "unpublished",
                        publish_at=None)
        self.inflight = (op, a, want, a.slug)
        st, data = self.request("POST", "/api/v1/assets/%d/%s" % (a.id, op),
                                body)
        self.inflight = None
        self.answered(a, op, st, data, want)

    def answered(self, a, what, st, data, want):
        if not check(st == 200, "%s of asset %d: %d %s" %
                     (what, a.id, st, data[:300])):
            return
        j = json.loads(data)
        got = strip(j)
        check(conforms(want, got), "%s of asset %d answered other content: "
              "%s" % (what, a.id, diff(want, got)))
        if ack(a, j.get("revision", 0), got, what, view(j)):
            with lock:
                stats[what] += 1

    def run(self):
        while not self.stop.is_set():
            try:
                self.one()
            except Lost as e:
                self.lost = (time.monotonic(), str(e))
                return
            except Exception as e:  # a bug in the harness or bad JSON
                check(False, "writer %d: %r" % (self.wid, e))
                return


# --- the server -------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def run(*args, stdin=None):
    r = subprocess.run([BIN] + list(args), env=ENV, input=stdin,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("crash: pressroom %s failed (%d): %s" %
                 (" ".join(args), r.returncode, r.stderr))
    return r.stdout


server = []     # the server running now, to stop if the harness is stopped


def start():
    port = free_port()
    logf = open(LOG, "a")
    p = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:%d" % port,
                          "--checkpoint-interval", "1", "--quiet"],
                         env=ENV, stdout=logf, stderr=logf,
                         stdin=subprocess.DEVNULL)
    logf.close()
    server[:] = [p]
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if p.poll() is not None:
            return p, port, "exited with %d" % p.returncode
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/static/style.css")
            ok = c.getresponse().status == 200
            c.close()
            if ok:
                return p, port, None
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            return p, port, "did not answer within %d s" % START_TIMEOUT
        time.sleep(0.02)


def log_tail():
    try:
        with open(LOG, errors="replace") as f:
            return f.read()[-2000:]
    except OSError:
        return ""


# --- the checks after a kill ------------------------------------------------

def tamper(mode, rng):
    """CRASH_SELFTEST: damages the database the way a broken store
    would, between the kill and the checks."""
    c = sqlite3.connect(DB)
    keys = sorted(acked)
    if mode == "revision":
        aid, rev = rng.choice(keys)
        c.execute("DELETE FROM revision WHERE asset_id = ? AND revision = ?",
                  (aid, rev))
        what = "deleted revision %d of asset %d" % (rev, aid)
    elif mode == "content":
        aid, rev = rng.choice(keys)
        content = c.execute("SELECT content FROM revision WHERE asset_id = ? "
                            "AND revision = ?", (aid, rev)).fetchone()[0]
        j = json.loads(content)
        t = next(iter(j["translations"].values()))
        t["title"] = t["title"] + " changed"
        c.execute("UPDATE revision SET content = ? WHERE asset_id = ? AND "
                  "revision = ?", (json.dumps(j, ensure_ascii=False,
                                              separators=(",", ":")),
                                   aid, rev))
        what = "changed the title in revision %d of asset %d" % (rev, aid)
    elif mode == "block":
        aid, loc, pos = rng.choice(c.execute(
            "SELECT asset_id, locale, position FROM block").fetchall())
        c.execute("DELETE FROM block WHERE asset_id = ? AND locale = ? AND "
                  "position = ?", (aid, loc, pos))
        what = "deleted block %d of asset %d %s" % (pos, aid, loc)
    elif mode == "translation":
        rows = c.execute("SELECT asset_id, locale FROM translation WHERE "
                         "position > 0").fetchall()
        aid, loc = rng.choice(rows)
        c.execute("DELETE FROM block WHERE asset_id = ? AND locale = ?",
                  (aid, loc))
        c.execute("DELETE FROM translation WHERE asset_id = ? AND "
                  "locale = ?", (aid, loc))
        what = "deleted the %s translation of asset %d" % (loc, aid)
    elif mode == "file":
        sha = rng.choice(sorted(uploads))
        c.execute("UPDATE attachment SET data = substr(data, 1, size / 2) "
                  "WHERE sha256 = ?", (sha,))
        what = "cut the bytes of attachment %s in half" % sha
    else:
        sys.exit("crash: CRASH_SELFTEST must be 1, revision, content, "
                 "block, translation or file")
    c.commit()
    c.close()
    log("selftest: %s; the checks must fail" % what)


def sha256(b):
    """sha256(X) in SQL: the digest of text (UTF-8) or a blob."""
    if b is None:
        return None
    if isinstance(b, str):
        b = b.encode()
    return hashlib.sha256(b).digest()


def group(rows, n=1):
    out = {}
    for r in rows:
        out.setdefault(r[0] if n == 1 else r[:n], []).append(r)
    return out


def rows_match(aid, j, head, db):
    """The asset's rows are exactly its newest revision j."""
    (slug, kind, event_at, event_off, place, rev, chash, status, pub,
     wat, wreason) = head
    where = "asset %d (revision %d)" % (aid, rev)
    check(slug == j["slug"] and kind == j["kind"] and place == j["place"],
          "%s: slug, kind or place %r differ from its revision" %
          (where, (slug, kind, place)))
    check(event_at == epoch(j["published_at"]) and
          event_off == offset_s(j["published_at"]),
          "%s: event %d%+d, revision says %s" %
          (where, event_at, event_off, j["published_at"]))
    check(status == j["status"], "%s: status %s, revision says %s" %
          (where, status, j["status"]))
    if j["status"] == "published":
        check(j["publish_at"] is not None and pub == epoch(j["publish_at"]),
              "%s: publish_at %d, revision says %s" %
              (where, pub, j["publish_at"]))
    if j["status"] == "withdrawn":
        check(wat == epoch(j["withdrawn_at"]) and
              wreason == j["withdraw_reason"],
              "%s: withdrawn %r %r, revision says %s %s" %
              (where, wat, wreason, j["withdrawn_at"],
               j["withdraw_reason"]))
    else:
        check(wat is None and wreason is None,
              "%s: %s but withdrawn_at %r, reason %r" %
              (where, status, wat, wreason))
    locs = [r[2] for r in db["locales"].get(aid, [])]
    check(locs == j["locales"], "%s: locales %r, revision says %r" %
          (where, locs, j["locales"]))
    sp = db["speakers"].get(aid, [])
    check([(r[2], r[3]) for r in sp] ==
          [(s["name"], s["title"]) for s in j["speakers"]],
          "%s: speakers %r differ from its revision" % (where, sp))
    person = {r[1]: r[4] for r in sp}     # position -> person id
    names = [s["name"] for s in j["speakers"]]
    tags = [r[2] for r in db["tags"].get(aid, [])]
    check(tags == j["tags"], "%s: tags %r, revision says %r" %
          (where, tags, j["tags"]))
    rel = [r[2] for r in db["related"].get(aid, [])]
    check(rel == j["related"], "%s: related %r, revision says %r" %
          (where, rel, j["related"]))
    att = [(r[2], r[3], r[4], r[5]) for r in db["attachments"].get(aid, [])]
    check(att == [(f["name"], f["sha256"], f["type"], f["size"])
                  for f in j.get("attachments", [])],
          "%s: attachments %s, revision says %s" %
          (where, short(att), short(j.get("attachments", []))))
    trs = {r[1]: r for r in db["translations"].get(aid, [])}
    wantloc = list(j["translations"])
    check(sorted(trs, key=lambda k: trs[k][2]) == wantloc,
          "%s: translations %r, revision has %r" %
          (where, sorted(trs), wantloc))
    mydocs = db["docs"].get(aid, [])
    wantdocs = set()
    for loc, t in j["translations"].items():
        r = trs.get(loc)
        if r is not None:
            check(r[3] == t["title"] and r[4] == t["summary"] and
                  r[5] == t.get("update_note", ""),
                  "%s %s: title or summary differ from its revision" %
                  (where, loc))
        blocks = db["blocks"].get((aid, loc), [])
        got = [(r[3], r[4], r[5], names[r[6]] if r[6] is not None and
                0 <= r[6] < len(names) else r[6], r[7]) for r in blocks]
        want = [(b["id"], b["type"], b["role"], b["speaker"], b["text"])
                for b in t["blocks"]]
        check(got == want and [r[2] for r in blocks] ==
              list(range(len(blocks))),
              "%s %s: %d blocks, its revision has %d (or they differ)" %
              (where, loc, len(got), len(want)))
        # the search index: a row per title, summary (if any) and block
        wantdocs.add((loc, 0, 0, None, None, None, t["title"]))
        if t["summary"]:
            wantdocs.add((loc, 1, 0, None, None, None, t["summary"]))
        for k, b in enumerate(t["blocks"]):
            wantdocs.add((loc, 2, k, b["id"], b["role"],
                          person.get(names.index(b["speaker"]))
                          if b["speaker"] in names else None, b["text"]))
    gotdocs = set()
    for d in mydocs:
        (did, _, loc, field, pos, bid, role, spk) = d
        ft = db["fts"].get(did)
        txt = None
        if ft is not None and 0 <= field <= 2 and ft[field] is not None:
            # the locale marker, then the text (plain: no Markdown here)
            want_t = [w for w in wantdocs if w[:6] ==
                      (loc, field, pos, bid, role, spk)]
            txt = want_t[0][6] if want_t and \
                ft[field].endswith(want_t[0][6]) else "?"
        gotdocs.add((loc, field, pos, bid, role, spk, txt))
    check(gotdocs == wantdocs and len(mydocs) == len(wantdocs),
          "%s: search index rows %d, its revision needs %d (or they "
          "differ: %s)" % (where, len(mydocs), len(wantdocs),
                          short(sorted(gotdocs ^ wantdocs, key=repr), 200)))


def db_check(inflight):
    """Checks the database with the server dead; resolves the writes in
    flight (adopting those that landed whole). Returns the number of
    writes in flight that landed."""
    c = sqlite3.connect("file:%s?mode=ro" % DB, uri=True)
    c.create_function("sha256", 1, sha256, deterministic=True)
    c.execute("BEGIN")     # one snapshot for all that follows
    r = c.execute("PRAGMA integrity_check").fetchall()
    check(r == [("ok",)], "integrity_check: %r" % r[:5])
    r = c.execute("PRAGMA foreign_key_check").fetchall()
    check(not r, "foreign_key_check: %r" % r[:5])
    heads = {r[0]: r[1:] for r in c.execute(
        "SELECT id, slug, kind, event_at, event_offset, place, revision, "
        "content_hash, status, publish_at, withdrawn_at, withdraw_reason "
        "FROM asset")}
    revs = {}
    for aid, rev, h, ok in c.execute(
            "SELECT asset_id, revision, content_hash, "
            "sha256(content) = content_hash FROM revision"):
        revs.setdefault(aid, {})[rev] = h
        check(ok == 1, "revision %d of asset %d: content_hash is not the "
              "SHA-256 of its content" % (rev, aid))
    nrev = sum(len(v) for v in revs.values())
    counts["rev_rows"] = nrev
    gen = c.execute("SELECT value FROM meta WHERE key = 'generation'") \
        .fetchone()
    check(gen is not None and gen[0] >= nrev, "generation %r < %d revisions"
          % (gen, nrev))

    def content(aid, rev):
        r = c.execute("SELECT content FROM revision WHERE asset_id = ? AND "
                      "revision = ?", (aid, rev)).fetchone()
        return json.loads(r[0]) if r is not None else None

    # every file kept whole; every acknowledged upload there
    files = set()
    for sha, ok in c.execute(
            "SELECT sha256, lower(hex(sha256(data))) = sha256 AND "
            "length(data) = size FROM attachment"):
        files.add(sha)
        check(ok == 1, "attachment %s: its bytes are not its SHA-256 or "
              "size" % sha)
    for sha in uploads:
        check(sha in files, "acknowledged upload %s is gone" % sha)

    # the writes in flight at the kill: nothing, or the whole write
    landed = 0
    by_slug = {h[0]: aid for aid, h in heads.items()}
    for what, a, want, slug in inflight:
        if what == "upload":
            continue    # nothing or the whole file: checked below
        if a is None:
            aid = by_slug.get(slug)
            if aid is None:
                continue
            got = content(aid, 1)
            if check(aid not in assets and heads[aid][5] == 1 and
                     got is not None and conforms(want, got),
                     "create %s in flight left asset %d at revision %d: %s"
                     % (slug, aid, heads[aid][5],
                        diff(want, got) if got else "no revision 1")):
                a = Asset(inflight_owner[slug], slug)
                a.id = aid
                assets[aid] = a
                a.owner.pool.append(a)
                ack(a, 1, got, "create (in flight)")
                stats["create"] += 1
                landed += 1
            continue
        h = heads.get(a.id)
        if h is None or h[5] == a.rev:
            continue
        got = content(a.id, a.rev + 1)
        if check(h[5] == a.rev + 1 and got is not None and
                 conforms(want, got),
                 "%s of asset %d in flight left revision %d (last "
                 "acknowledged %d): %s" % (what, a.id, h[5], a.rev,
                                           diff(want, got) if got else "")):
            ack(a, a.rev + 1, got, what + " (in flight)")
            stats[what] += 1
            landed += 1

    # every acknowledged write, exactly; every asset at its last one
    for aid in heads:
        check(aid in assets, "asset %d (%s) was never acknowledged nor in "
              "flight" % (aid, heads[aid][0]))
    for aid, a in assets.items():
        h = heads.get(aid)
        if not check(h is not None, "asset %d (%s) acknowledged at revision "
                     "%d is gone" % (aid, a.slug, a.rev)):
            continue
        check(h[5] == a.rev, "asset %d is at revision %d, the last "
              "acknowledged is %d" % (aid, h[5], a.rev))
        have = sorted(revs.get(aid, {}))
        check(have == list(range(1, len(have) + 1)) and
              have[-1:] == [h[5]], "asset %d at revision %d has revisions "
              "%s" % (aid, h[5], have if len(have) < 20 else
                      "%d..%d (%d)" % (have[0], have[-1], len(have))))
        check(revs.get(aid, {}).get(h[5]) == h[6], "asset %d: its "
              "content_hash is not its newest revision's" % aid)
    for key, want in list(acked.items()):
        h = revs.get(key[0], {}).get(key[1])
        if not check(h is not None, "acknowledged revision %d of asset %d "
                     "is gone" % (key[1], key[0])):
            continue
        if key in verified:
            check(verified[key] == h, "acknowledged revision %d of asset "
                  "%d changed (its hash)" % (key[1], key[0]))
            continue
        got = content(*key)
        if check(got == want, "acknowledged revision %d of asset %d "
                 "differs: %s" % (key[1], key[0], diff(want, got))):
            verified[key] = h

    # no asset half saved: its rows are its newest revision
    db = {
        "locales": group(c.execute("SELECT asset_id, position, locale FROM "
                                   "asset_locale ORDER BY 1, 2")),
        "speakers": group(c.execute(
            "SELECT s.asset_id, s.position, p.name, s.title, p.id FROM "
            "asset_speaker s JOIN person p ON p.id = s.person_id "
            "ORDER BY 1, 2")),
        "tags": group(c.execute(
            "SELECT x.asset_id, x.position, t.name FROM asset_tag x JOIN "
            "tag t ON t.id = x.tag_id ORDER BY 1, 2")),
        "related": group(c.execute("SELECT asset_id, position, related_id "
                                   "FROM related ORDER BY 1, 2")),
        "attachments": group(c.execute(
            "SELECT x.asset_id, x.position, x.name, x.sha256, a.type, "
            "a.size FROM asset_attachment x LEFT JOIN attachment a ON "
            "a.sha256 = x.sha256 ORDER BY 1, 2")),
        "translations": group(c.execute(
            "SELECT asset_id, locale, position, title, summary, update_note "
            "FROM translation")),
        "blocks": group(c.execute(
            "SELECT asset_id, locale, position, block_id, type, role, "
            "speaker, text FROM block ORDER BY 1, 2, 3"), 2),
        "docs": group(c.execute(
            "SELECT asset_id, id, locale, field, position, block_id, role, "
            "speaker FROM search_doc"), 1),
        "fts": {r[0]: r[1:] for r in c.execute(
            "SELECT id, c0, c1, c2 FROM search_fts_content")},
    }
    # search_doc rows are (asset_id, id, ...): put the id first
    db["docs"] = {aid: [(r[1], r[0]) + r[2:] for r in rows]
                  for aid, rows in db["docs"].items()}
    ndocs = sum(len(v) for v in db["docs"].values())
    check(ndocs == len(db["fts"]), "search_doc has %d rows, the FTS5 "
          "table %d" % (ndocs, len(db["fts"])))
    for aid, h in heads.items():
        j = content(aid, h[5])
        if not check(j is not None, "asset %d: no revision %d" %
                     (aid, h[5])):
            continue
        m = mixed(j)
        check(not m, "asset %d revision %d mixes writes: %s" %
              (aid, h[5], m))
        try:
            rows_match(aid, j, h, db)
        except (KeyError, ValueError, TypeError, IndexError) as e:
            check(False, "asset %d: rows unreadable against its revision: "
                  "%r" % (aid, e))
    c.rollback()
    c.close()
    return landed


inflight_owner = {}     # slug of a create in flight -> its writer


def api_check(port, tokens, ids, rng):
    """GET /api/v1/assets/{id} for ids: exactly as last acknowledged."""
    conn = http.client.HTTPConnection("127.0.0.1", port,
                                      timeout=HTTP_TIMEOUT)
    pub = http.client.HTTPConnection("127.0.0.1", port,
                                     timeout=HTTP_TIMEOUT)
    now = time.time()
    try:
        for aid in ids:
            a = assets[aid]
            conn.request("GET", "/api/v1/assets/%d" % aid, headers={
                "Authorization": "Bearer " + rng.choice(tokens)})
            r = conn.getresponse()
            data = r.read()
            counts["gets"] += 1
            if not check(r.status == 200, "GET asset %d: %d %s" %
                         (aid, r.status, data[:200])):
                continue
            j = json.loads(data)
            check(j.get("revision") == a.rev and
                  r.getheader("X-Revision-ETag") == '"r%d"' % a.rev,
                  "GET asset %d: revision %r (%s), last acknowledged %d" %
                  (aid, j.get("revision"), r.getheader("X-Revision-ETag"),
                   a.rev))
            check(strip(j) == a.content, "GET asset %d differs from its "
                  "last acknowledged write: %s" %
                  (aid, diff(a.content, strip(j))))
            check(a.view is None or view(j) == a.view, "GET asset %d: "
                  "translation status differs from the last acknowledged "
                  "write: %s" % (aid, diff(a.view, view(j))))
            c = a.content
            if c["status"] == "published" and epoch(c["publish_at"]) < now:
                # the public read API: every translation, whole
                pub.request("GET", "/api/v1/assets/%d" % aid)
                r = pub.getresponse()
                data = r.read()
                counts["public_gets"] += 1
                if check(r.status == 200, "public GET asset %d "
                         "(published): %d" % (aid, r.status)):
                    j = json.loads(data)
                    got = {loc: (t["title"], [b["text"] for b in
                                              t["blocks"]])
                           for loc, t in j["translations"].items()}
                    want = {loc: (t["title"], [b["text"] for b in
                                               t["blocks"]])
                            for loc, t in c["translations"].items()}
                    check(got == want, "public GET asset %d: translations "
                          "differ from the last acknowledged write" % aid)
                for f in c.get("attachments", []):
                    pub.request("GET", "/attachments/%s/%s" %
                                (f["sha256"], f["name"]))
                    r = pub.getresponse()
                    data = r.read()
                    counts["file_gets"] += 1
                    check(r.status == 200 and data == uploads.get(
                        f["sha256"]), "public GET of asset %d's file %s: "
                        "%d, %d bytes" % (aid, f["name"], r.status,
                                          len(data)))
    except (OSError, http.client.HTTPException, ValueError) as e:
        check(False, "checking the API: %r" % e)
    finally:
        conn.close()
        pub.close()


# --- the run ----------------------------------------------------------------

def main():
    t0 = time.monotonic()
    rng = random.Random(SEED)
    log("crash: seed %d, %d kills, %d writers, %s" %
        (SEED, KILLS, WRITERS, BIN))
    run("init")
    tokens = []
    for name in ("crash-ed1", "crash-ed2"):
        run("user", "add", name, "--role", "editor", "--password-stdin",
            stdin=PASSWORD + "\n")
        tokens.append(run("token", "add", name).strip())
    writers = [Writer(i + 1, tokens) for i in range(WRITERS)]
    kills = 0
    spent = {"starting": 0.0, "writing": 0.0, "checking": 0.0}
    for k in range(1, KILLS + 1):
        t1 = time.monotonic()
        p, port, err = start()
        spent["starting"] += time.monotonic() - t1
        if not check(err is None, "server (round %d) %s: %s" %
                     (k, err, log_tail())):
            if p.poll() is None:
                p.kill()
                p.wait()
            break
        if k > 1:
            # the restarted server shows every asset as last acknowledged:
            # those written last round, and a sample of the others
            touched = sorted(a.id for a in assets.values() if a.touched)
            rest = sorted(set(assets) - set(touched))
            ids = touched + rng.sample(rest, min(len(rest), 10))
            t1 = time.monotonic()
            api_check(port, tokens, ids, rng)
            spent["checking"] += time.monotonic() - t1
        for a in assets.values():
            a.touched = False
        stop = threading.Event()
        threads = []
        for w in writers:
            w.port, w.conn, w.stop, w.lost = port, None, stop, None
            threads.append(threading.Thread(target=w.run, daemon=True))
        before = sum(stats.values())
        f0 = fails
        for t in threads:
            t.start()
        # mostly in the thick of the writes; sometimes at once
        delay = rng.uniform(0, 0.05) if rng.random() < 0.15 else \
            rng.uniform(MIN_S, MAX_S)
        time.sleep(delay)
        kill_at = time.monotonic()
        os.kill(p.pid, signal.SIGKILL)
        rc = p.wait()
        kills += 1
        check(rc == -signal.SIGKILL, "the server died before the kill, "
              "exit %d: %s" % (rc, log_tail()))
        stop.set()
        for t in threads:
            t.join()
        inflight = [w.inflight for w in writers if w.inflight is not None]
        # sent before the kill (the others found the server dead)
        sent = sum(1 for w in writers if w.inflight is not None and
                   w.sent_at < kill_at)
        for w in writers:
            check(w.lost is None or w.lost[0] > kill_at, "writer %d lost "
                  "its connection %.3f s before the kill: %s" %
                  (w.wid, kill_at - w.lost[0] if w.lost else 0,
                   w.lost[1] if w.lost else ""))
            if w.inflight is not None and w.inflight[0] == "create":
                inflight_owner[w.inflight[3]] = w
            if w.inflight is not None and w.inflight[1] is not None:
                w.inflight[1].touched = True
                if w.inflight[0] == "confirm":
                    w.inflight[1].view = None   # done or not: unknown
            w.inflight = None
            if w.conn is not None:
                w.conn.close()
                w.conn = None
        counts["inflight"] += sent
        if SELFTEST and k == 1 and acked:
            tamper(SELFTEST, rng)
        t1 = time.monotonic()
        landed = db_check(inflight)
        t_check = time.monotonic() - t1
        spent["checking"] += t_check
        spent["writing"] += delay
        counts["landed"] += landed
        log("kill %d after %.2f s: %d writes acknowledged, %d in flight "
            "(%d landed), %d revisions, checked in %.2f s; %s" %
            (k, delay, sum(stats.values()) - before, sent, landed,
             counts["rev_rows"], t_check, "ok" if fails == f0 else
             "%d FAILED" % (fails - f0)))
    # the end: a clean stop, and every asset once more
    p, port, err = start()
    if check(err is None, "server (last) %s: %s" % (err, log_tail())):
        api_check(port, tokens, sorted(assets), rng)
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        check(rc == 0, "server stopped with SIGTERM exited with %d: %s" %
              (rc, log_tail()))
    else:
        if p.poll() is None:
            p.kill()
            p.wait()
    db_check([])
    try:
        with open(LOG, errors="replace") as f:
            bad = [ln for ln in f if " pressroom error:" in ln or
                   "Sanitizer" in ln or "runtime error" in ln]
    except OSError as e:
        bad = [str(e)]
    check(not bad, "the server's log has %d errors: %s" %
          (len(bad), "".join(bad[:5])))
    if kills < KILLS:
        check(False, "only %d of %d kills" % (kills, KILLS))
    elapsed = time.monotonic() - t0
    log("crash: %d kills, %d acknowledged writes (%s), %d in flight at a "
        "kill (%d landed whole), %d assets, %d revisions, "
        "%d reads (%d public, %d files), %d checks, %d failures, %.1f s "
        "(seed %d)" %
        (kills, sum(stats.values()),
         ", ".join("%s %d" % kv for kv in stats.items()),
         counts["inflight"], counts["landed"], len(assets),
         counts["rev_rows"], counts["gets"] + counts["public_gets"] +
         counts["file_gets"], counts["public_gets"], counts["file_gets"],
         checks, fails, elapsed, SEED))
    log("crash: %s" % ", ".join("%s %.1f s" % kv for kv in spent.items()))
    return 1 if fails else 0


def stopped(signum, frame):
    sys.exit("crash: stopped by signal %d" % signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stopped)
    try:
        rc = main()
    finally:
        for p in server:
            if p.poll() is None:
                p.kill()
                p.wait()
        if OWN_WORK and not os.environ.get("CRASH_KEEP"):
            shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(rc)
