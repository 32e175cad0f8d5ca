#!/usr/bin/env python3
"""corpus.py - deterministic, realistic multilingual content for benchmarks.

Writes N assets (default 10,000) as pressroom JSON files (one per asset,
000001.json, 000002.json... in the order of their event time) that
`pressroom import` reads, and optionally the same content as a
multilingual Hugo site (--hugo DIR) for the export benchmark.

The text is real prose: sentences extracted from Debian packages' HTML
documentation in each language (see PROSE below and bench/README.md),
fetched by bench/fetch-prose.sh into a cache outside the repository
($PRESSROOM_PROSE_DIR, else ~/.cache/pressroom-prose). Translations of one
asset share their blocks (ids, types, roles, speakers, number of
paragraphs) but are not translations of each other: each locale's text is
drawn from that language's pool.

Deterministic: the same --seed, options and prose packages give the same
bytes. Everything random comes from one random.Random(seed); files are read
in sorted order; nothing depends on time, hash order or the environment.

Python 3 standard library only (Debian 12's python3 is enough).
Run `bench/corpus.py --help`; `bench/corpus.py --selftest` checks itself.
"""

import argparse
import bisect
import datetime
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Prose sources: Debian packages, unpacked by bench/fetch-prose.sh into
# PROSE_DIR/PACKAGE/. For each language: the directory of its HTML pages.
# The English directory of each package is also read to drop untranslated
# paragraphs (partial translations fall back to English).

PROSE = [
    {
        "package": "debian-handbook",
        "root": "usr/share/doc/debian-handbook/html",
        "para": re.compile(r'<div class="para">(.*?)(?=<div|</div>)', re.S),
        "dirs": {"en": "en-US", "ru": "ru-RU", "de": "de-DE", "fr": "fr-FR",
                 "es": "es-ES", "ar": "ar-MA", "it": "it-IT", "pt": "pt-BR"},
    },
    {
        "package": "installation-guide-amd64",
        "root": "usr/share/doc/installation-guide-amd64",
        "para": re.compile(r"<p>(.*?)</p>", re.S),
        "dirs": {"en": "en", "ru": "ru", "de": "de", "fr": "fr", "es": "es",
                 "it": "it", "pt": "pt"},
    },
]

# Per language: the script its letters must be in and a few frequent words
# of which a sentence must hold at least one (Latin-script languages), which
# keeps English left in partial translations out.
LANGS = {
    "en": ("latin", "the and of to is in that it for with are this be".split()),
    "de": ("latin", "der die das und ist nicht mit von zu ein eine den auf "
                    "sich werden es im für".split()),
    "fr": ("latin", "le la les des et est une du pour dans que qui sur pas "
                    "par il au".split()),
    "es": ("latin", "el la los las y que es una del para por con se un al "
                    "su".split()),
    "it": ("latin", "il la le di che è per una del della non con sono gli "
                    "si un".split()),
    "pt": ("latin", "o os as de que é do da para com não um uma em se no "
                    "na".split()),
    "ru": ("cyrillic", []),
    "ar": ("arabic", []),
}
# words a title fragment must not end with
TRAILING = {
    "ru": "и в во на с со по для к о об из что как а но или не ни от до за "
          "у же ли бы то это его их при без".split(),
    "ar": "و في من على إلى عن أن إن مع هذا هذه التي الذي أو ثم لا ما كل "
          "بين عند قد".split(),
    "en": "a an as at by or but if so than then into from when which who "
          "where while can may will would should could has have had was "
          "were its their our your".split(),
    "de": "dem des einer eines einem oder aber wenn als wie bei aus nach "
          "dass kann wird sind hat".split(),
    "fr": "l un aux ou mais si en ne ce cette ces son sa ses leur comme "
          "avec peut sont".split(),
    "es": "lo las en o pero si como sus su este esta ser puede son".split(),
    "it": "lo i in o ma se come suo sua questo questa essere può".split(),
    "pt": "o a em ou mas se como seu sua este esta ser pode são".split(),
}
ENGLISH_ONLY = frozenset("the and of is with this that which are you be "
                         "for".split())

DEFAULT_LOCALES = "en-GB,ru-RU,de-DE,fr-FR,es-ES,ar"
RTL = {"ar", "fa", "he", "ur"}

_CODE = re.compile(
    r"<(code|pre|kbd|tt|samp|tt)\b[^>]*>.*?</\1>"
    r"|<span class=\"(?:command|citerefentry|keycap|guimenu\w*|guibutton"
    r"|errortext|userinput|computeroutput|filename|literal)\">.*?</span>"
    r"|<(?:em|strong) class=\"(?:replaceable|userinput)\">.*?</(?:em|strong)>"
    r"|<a [^>]*class=\"email\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
# a sentence ends with . ! ? ؟ or … (and closing quotes), then space, then
# an upper-case or Arabic letter (after an opening quote)
_BOUND = re.compile(r"([.!?\u061f\u2026][\u00bb\u201d\")]*)\s+"
                    r"(?=[\u00ab\u201c\"\u00bf\u00a1(]?"
                    r"[A-Z\u00c0-\u00d6\u00d8-\u00de\u0410-\u042f\u0401"
                    r"\u0621-\u064a])")
_BAD = re.compile(r"[/\\_=<>{}\[\]$`|#@~*&^%+\x00]")
_END = re.compile(r"[.!?\u061f][\u00bb\u201d\")]?$")
_WORD = re.compile(r"\w+")
# every control (but tab, newline and our NUL mark) and format character
_INVISIBLE = re.compile("[%s]" % "".join(
    re.escape(chr(c)) for c in range(0x10000)
    if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) not in
    "\t\n\x00"))


def _script_of(c):
    o = ord(c)
    if o < 0x250:
        return "latin"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0x600 <= o < 0x700 or 0x750 <= o < 0x780 or 0xfb50 <= o < 0xff00:
        return "arabic"
    return "other"


def _clean(fragment):
    s = _CODE.sub("\x00", fragment)
    s = html.unescape(_TAG.sub("", s))
    # format characters (soft hyphens, direction marks) and controls go
    s = _INVISIBLE.sub("", s)
    return _WS.sub(" ", s).strip()


def _paragraphs(src, base, lang):
    d = os.path.join(base, src["package"], src["root"], src["dirs"][lang])
    if not os.path.isdir(d):
        return
    for name in sorted(os.listdir(d)):
        if not name.endswith(".html"):
            continue
        with open(os.path.join(d, name), encoding="utf-8") as f:
            text = f.read()
        for m in src["para"].finditer(text):
            p = _clean(m.group(1))
            if p:
                yield p


def _balanced(s):
    return (s.count("(") == s.count(")") and
            s.count("\u00ab") == s.count("\u00bb") and
            s.count("\u201c") == s.count("\u201d") and
            s.count('"') % 2 == 0)


def _is_question(s):
    return s.rstrip("\u00bb\u201d\")").endswith(("?", "\u061f"))


def _prose_ok(s, lang, english, shortest=30):
    if not shortest <= len(s) <= 400 or _BAD.search(s) or \
            not _END.search(s):
        return False
    first = s.lstrip("\u00ab\u201c\"\u00bf\u00a1(")[:1]
    if not first or not (first.isupper() or _script_of(first) == "arabic"):
        return False
    if not _balanced(s) or s in english:
        return False
    letters = [c for c in s if c.isalpha()]
    digits = sum(c.isdigit() for c in s)
    if not letters or digits > 0.08 * len(s):
        return False
    script, stop = LANGS[lang]
    native = sum(_script_of(c) == script for c in letters)
    if native < (0.97 if script == "latin" else 0.85) * len(letters):
        return False
    if stop:
        words = [w.lower() for w in _WORD.findall(s)]
        own = sum(w in stop for w in words)
        if own == 0:
            return False
        if lang != "en" and sum(w in ENGLISH_ONLY for w in words) >= own:
            return False
    return True


def load_pool(base, lang):
    """Sentences of one language: [(sentence, package)], in source order,
    deduplicated. The per-package counts are what bench/README.md cites."""
    out, seen = [], set()
    for src in PROSE:
        if lang not in src["dirs"]:
            continue
        english = set()
        if lang != "en":
            for p in _paragraphs(src, base, "en"):
                english.add(p)
                english.update(_BOUND.sub("\\1\x01", p).split("\x01"))
        for p in _paragraphs(src, base, lang):
            if p in english:
                continue
            for s in _BOUND.sub("\\1\x01", p).split("\x01"):
                s = s.strip()
                if s in seen:
                    continue
                # questions are rare in documentation: shorter ones count
                if _prose_ok(s, lang, english,
                             12 if _is_question(s) else 30):
                    seen.add(s)
                    out.append((s, src["package"]))
    return out


def prose_dir(arg=None):
    return (arg or os.environ.get("PRESSROOM_PROSE_DIR") or
            os.path.join(os.path.expanduser("~"), ".cache", "pressroom-prose"))


def ensure_prose(base):
    if all(os.path.exists(os.path.join(base, s["package"] + ".version"))
           for s in PROSE):
        return
    r = subprocess.run([os.path.join(HERE, "fetch-prose.sh"), base])
    if r.returncode != 0:
        sys.exit("corpus: fetching the prose packages failed")


def prose_versions(base):
    v = {}
    for s in PROSE:
        with open(os.path.join(base, s["package"] + ".version")) as f:
            v[s["package"]] = f.read().strip()
    return v


class Pool:
    """One language's sentences, and its questions."""

    def __init__(self, lang, sentences):
        if len(sentences) < 200:
            sys.exit("corpus: only %d sentences for %r; is the prose cache "
                     "complete?" % (len(sentences), lang))
        self.lang = lang
        self.trailing = frozenset(LANGS[lang][1] + TRAILING.get(lang, []))
        self.s = [s for s, _ in sentences if len(s) >= 30]
        self.n = len(self.s)
        self.q = [s for s, _ in sentences if _is_question(s)]


# --------------------------------------------------------------------------
# Pools of metadata. Names and organisations are fictional (as in
# examples/), the cities real; tags and titles are English, one value for
# all locales, as pressroom stores them.

FIRST = """Ingrid Lukas Marek Sara Sofia Anna Erik Johan Mikael Helena Karin
Tomas Elin Oskar Nina Leila Omar Yusuf Amira Karim Fatima Hassan Olga Dmitri
Irina Pavel Elena Andrei Marta Pablo Lucía Carmen Javier Isabel Claire Julien
Camille Antoine Hélène Pierre Greta Jonas Katrin Matthias Ulrike Kwame Amina
Chidi Wanjiru Tendai Priya Arjun Mei Hiroshi Yuna Daniel Rebecca Thomas Laura
Samuel""".split()
LAST = """Maarland Endresen Javorin Lund Renvall Halvorsen Brekke Vinter Solberg
Strand Norheim Aasen Dahl Ekholm Lindqvist Sandvik Tveit Varga Novak Horvat
Kovacs Petrov Sokolova Orlov Haddad Mansour Karimi Rahman Benali Nasser Garcia
Moreno Navarro Ortega Lefebvre Moreau Girard Fontaine Becker Hartmann Keller
Wagner Mensah Okafor Mwangi Banda Sharma Iyer Chen Tanaka Kim Oliveira Costa
Rossi Bianchi Ivanova Kaplan Demir Yilmaz Andersen""".split()
COUNTRIES = """Ostrelia Kenya France Germany Spain Egypt Morocco Japan Brazil
Canada India Jordan Norway Finland Poland Italy Mexico Chile Nigeria
Indonesia Turkey Georgia Kazakhstan Viet-Nam Australia Argentina Ghana
Senegal Tunisia Qatar""".split()
HOME = "the Republic of Norland"
HOME_ROLES = [
    "Deputy Minister for Foreign Affairs of " + HOME,
    "State Secretary for European Affairs of " + HOME,
    "State Secretary for Development Cooperation of " + HOME,
    "Director of the Press and Information Department of the Ministry of "
    "Foreign Affairs",
    "Director for Consular Affairs of the Ministry of Foreign Affairs",
    "Director for Multilateral Affairs of the Ministry of Foreign Affairs",
    "Legal Adviser of the Ministry of Foreign Affairs",
    "Special Envoy for Climate of " + HOME,
    "Special Envoy for Water of " + HOME,
    "Special Envoy for the Middle East of " + HOME,
    "Permanent Representative of Norland to the United Nations in New York",
    "Permanent Representative of Norland to the United Nations Office at "
    "Geneva",
    "Minister for Trade and Development of " + HOME,
    "Prime Minister of " + HOME,
    "President of " + HOME,
]
ABROAD_ROLES = ["Ambassador of Norland to {c}", "Consul General of Norland in "
                "{c}", "Minister for Foreign Affairs of {c}",
                "Prime Minister of {c}", "Ambassador of {c} to Norland",
                "Deputy Foreign Minister of {c}"]
ORGS = ["Secretary-General of the United Nations",
        "United Nations High Commissioner for Refugees",
        "Director-General of the World Health Organization",
        "President of the International Committee of the Red Cross",
        "Secretary General of the Council of Europe",
        "Executive Director of the World Food Programme"]
OUTLETS = ["Radio Norland", "Norland Today", "The Norburg Courier",
           "Norburg Evening News", "Ostrelia Today", "Vessa Valley Herald",
           "Lenka Daily", "Northern Press Agency", "Continental Wire",
           "Global News Service", "Le Courrier du Nord", "Nordischer Rundfunk",
           "Diario del Norte", "Gulf Daily Review", "Radio Ostra International",
           "Morning Post Norland", "Channel Four Norland",
           "Baltic Business Journal", "World Affairs Weekly",
           "Euro-Atlantic Review"]
JOURNALIST_ROLES = ["Correspondent, {o}", "Diplomatic correspondent, {o}",
                    "Editor-in-chief, {o}", "Presenter, {o}"]
TAGS = """climate; water; vessa river; consular affairs; visas; human rights;
united nations; security council; trade; sanctions; energy; migration;
humanitarian aid; arms control; cyber security; ostrelia; european union;
african union; g20; oceans; health; education; culture; development
cooperation; disarmament; non-proliferation; terrorism; refugees; food
security; gender equality; children; minorities; press freedom; elections;
rule of law; international law; treaties; embassies; diaspora; economy;
investment; tourism; transport; arctic; antarctica; space; science;
digital affairs; artificial intelligence; pandemic; vaccines; floods;
drought; earthquakes; wildfires; peacekeeping; mediation; ceasefire;
middle east; africa; asia; latin america; north america; central asia;
caucasus; balkans; baltic sea; mediterranean; red sea; nile; danube;
osce; council of europe; wto; who; unesco; unicef; unhcr; icrc; nato;
asean; mercosur; g7; brics; kenya; egypt; morocco; jordan; japan; india;
brazil; canada; france; germany; spain; italy; poland; turkey; georgia;
kazakhstan; indonesia; nigeria; ghana; senegal; tunisia; qatar; mexico;
chile; argentina; australia; viet nam; bilateral relations; official
visits; state visits; anniversaries; commemoration; condolences;
congratulations; appointments; budget; reform; transparency; anti-corruption;
fisheries; agriculture; forests; biodiversity; nuclear safety; shipping;
aviation; border; customs; consular assistance; evacuation; travel advice;
hostages; detention; extradition; nationality; passports; languages;
sport; youth""".replace("\n", " ").split(";")
TAGS = [t.strip() for t in TAGS]

# (city, IANA zone, weight): the home capital most often, then abroad
PLACES = [
    ("Norburg", "Europe/Oslo", 40), ("Ostra", "Europe/Helsinki", 6),
    ("Lenka", "Europe/Oslo", 3), ("Geneva", "Europe/Zurich", 6),
    ("New York", "America/New_York", 6), ("Brussels", "Europe/Brussels", 5),
    ("Vienna", "Europe/Vienna", 3), ("Paris", "Europe/Paris", 3),
    ("Berlin", "Europe/Berlin", 3), ("Madrid", "Europe/Madrid", 2),
    ("London", "Europe/London", 3), ("Moscow", "Europe/Moscow", 2),
    ("Kyiv", "Europe/Kyiv", 1), ("Warsaw", "Europe/Warsaw", 1),
    ("Ankara", "Europe/Istanbul", 1), ("Tbilisi", "Asia/Tbilisi", 1),
    ("Baku", "Asia/Baku", 1), ("Reykjavik", "Atlantic/Reykjavik", 1),
    ("Cairo", "Africa/Cairo", 2), ("Rabat", "Africa/Casablanca", 1),
    ("Algiers", "Africa/Algiers", 1), ("Tunis", "Africa/Tunis", 1),
    ("Nairobi", "Africa/Nairobi", 2), ("Addis Ababa", "Africa/Addis_Ababa", 2),
    ("Lagos", "Africa/Lagos", 1), ("Dakar", "Africa/Dakar", 1),
    ("Johannesburg", "Africa/Johannesburg", 1), ("Amman", "Asia/Amman", 1),
    ("Beirut", "Asia/Beirut", 1), ("Riyadh", "Asia/Riyadh", 1),
    ("Doha", "Asia/Qatar", 1), ("Dubai", "Asia/Dubai", 2),
    ("Tehran", "Asia/Tehran", 1), ("Kabul", "Asia/Kabul", 1),
    ("New Delhi", "Asia/Kolkata", 2), ("Kathmandu", "Asia/Kathmandu", 1),
    ("Dhaka", "Asia/Dhaka", 1), ("Yangon", "Asia/Yangon", 1),
    ("Bangkok", "Asia/Bangkok", 1), ("Jakarta", "Asia/Jakarta", 1),
    ("Beijing", "Asia/Shanghai", 2), ("Tokyo", "Asia/Tokyo", 2),
    ("Seoul", "Asia/Seoul", 1), ("Astana", "Asia/Almaty", 1),
    ("Tashkent", "Asia/Tashkent", 1), ("Sydney", "Australia/Sydney", 1),
    ("Adelaide", "Australia/Adelaide", 1),
    ("Auckland", "Pacific/Auckland", 1), ("Honolulu", "Pacific/Honolulu", 1),
    ("Washington", "America/New_York", 3),
    ("Los Angeles", "America/Los_Angeles", 1),
    ("Mexico City", "America/Mexico_City", 1), ("Bogotá", "America/Bogota", 1),
    ("Lima", "America/Lima", 1), ("Caracas", "America/Caracas", 1),
    ("Santiago", "America/Santiago", 1),
    ("Buenos Aires", "America/Argentina/Buenos_Aires", 1),
    ("Brasília", "America/Sao_Paulo", 1), ("St. John's", "America/St_Johns", 1),
    ("Ottawa", "America/Toronto", 1),
]

KINDS = [("statement", 18), ("speech", 8), ("transcript", 10),
         ("press-release", 16), ("news", 26), ("briefing", 12),
         ("interview", 10)]
SENTENCES_PER_PARA = [(1, 10), (2, 20), (3, 25), (4, 20), (5, 12), (6, 8),
                      (7, 5)]
ROLE_LABEL = {"statement": "Statement", "question": "Question",
              "answer": "Answer", "remark": "Remark"}


def _cum(weights):
    out, t = [], 0
    for w in weights:
        t += w
        out.append(t)
    return out


class Pick:
    """Weighted choice with precomputed cumulative weights."""

    def __init__(self, items, weights):
        self.items = items
        self.cw = _cum(weights)
        self.total = self.cw[-1]

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cw,
                                              rng.random() * self.total)]


def zipf(items, s=1.0):
    return Pick(items, [1.0 / (i + 1) ** s for i in range(len(items))])


def slugify(text):
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    t = re.sub(r"[^a-z0-9]+", "-", t.decode().lower()).strip("-")
    return t


# --------------------------------------------------------------------------

class Generator:
    def __init__(self, pools, locales, per_asset, seed, start=2005, end=2026):
        self.pools = pools              # lang -> Pool
        self.locales = locales          # [(tag, lang)]
        self.per_asset = per_asset      # (min, max) translations per asset
        self.rng = random.Random(seed)
        self.start, self.end = start, end
        rng = self.rng

        # officials: the minister and the spokesperson change every few
        # years; everyone else is drawn with Zipf weights
        names = [f + " " + l for f in FIRST for l in LAST]
        rng.shuffle(names)
        ni = iter(names)
        years = end - start + 1
        self.ministers = [(next(ni), "Minister for Foreign Affairs of " + HOME)
                          for _ in range((years + 3) // 4)]
        self.spokespersons = [(next(ni), "Spokesperson of the Ministry of "
                               "Foreign Affairs of Norland")
                              for _ in range((years + 2) // 3)]
        officials = []
        for _ in range(320):
            r = rng.random()
            if r < 0.45:
                title = rng.choice(HOME_ROLES)
            elif r < 0.9:
                title = rng.choice(ABROAD_ROLES).format(
                    c=rng.choice(COUNTRIES))
            else:
                title = rng.choice(ORGS)
            officials.append((next(ni), title))
        self.official = zipf(officials, 0.9)
        journalists = [(next(ni), rng.choice(JOURNALIST_ROLES).format(
            o=rng.choice(OUTLETS))) for _ in range(120)]
        self.journalist = zipf(journalists, 0.8)
        self.outlet = zipf(OUTLETS, 0.7)
        tags = list(TAGS)
        rng.shuffle(tags)
        self.tag = zipf(tags, 1.0)
        self.place = Pick(PLACES, [p[2] for p in PLACES])
        self.kind = Pick([k for k, _ in KINDS], [w for _, w in KINDS])
        self.nsent = Pick([n for n, _ in SENTENCES_PER_PARA],
                          [w for _, w in SENTENCES_PER_PARA])
        self.zones = {}

    # -- times ------------------------------------------------------------

    def times(self, n):
        """n distinct event times, sorted: (utc seconds, local datetime,
        place). Local times are in office hours, on 5-minute steps."""
        rng = self.rng
        d0 = datetime.date(self.start, 1, 1).toordinal()
        days = datetime.date(self.end, 12, 31).toordinal() - d0 + 1
        hours = Pick(list(range(7, 22)),
                     [1, 3, 6, 8, 8, 6, 6, 7, 7, 6, 5, 4, 3, 2, 1])
        used, out = set(), []
        while len(out) < n:
            place = self.place(rng)
            zone = self.zones.get(place[1])
            if zone is None:
                zone = self.zones[place[1]] = zoneinfo.ZoneInfo(place[1])
            day = datetime.date.fromordinal(d0 + rng.randrange(days))
            minute = rng.choice((0, 0, 0, 30, 30, 15, 45)) \
                if rng.random() < 0.6 else 5 * rng.randrange(12)
            local = datetime.datetime(day.year, day.month, day.day,
                                      hours(rng), minute, tzinfo=zone)
            utc = int(local.timestamp())
            if utc in used:
                continue
            used.add(utc)
            out.append((utc, local, place[0]))
        out.sort(key=lambda t: t[0])
        return out

    # -- text -------------------------------------------------------------

    def run(self, pool, k):
        """k consecutive sentences from a random place of the pool."""
        i = self.rng.randrange(pool.n)
        s = pool.s[i:i + k]
        if len(s) < k:
            s += pool.s[:k - len(s)]
        return s

    def decorate(self, text, deco, doc):
        """*emphasis* or a [link](…) on a few words of the first sentence;
        the same paragraphs are decorated in every locale."""
        words = text.split(" ", 12)
        cand = [i for i in range(min(len(words) - 1, 11))
                if words[i].isalpha()]
        if not cand:
            return text
        i = cand[self.rng.randrange(len(cand))]
        j = i + 1
        while j < min(i + 3, len(words) - 1) and words[j].isalpha():
            j += 1
        phrase = " ".join(words[i:j])
        if deco == "em":
            words[i:j] = ["*" + phrase + "*"]
        else:
            words[i:j] = ["[%s](https://example.org/documents/%s)"
                          % (phrase, doc)]
        return " ".join(words)

    def paragraph(self, pool, shape, doc):
        k, deco = shape
        if deco == "list":
            items = self.run(pool, k + 1)
            return items[0] + "\n\n" + "\n".join("- " + s for s in items[1:])
        text = " ".join(self.run(pool, k))
        return self.decorate(text, deco, doc) if deco else text

    def question(self, pool, shape, outlet):
        k = min(shape[0][0], 3)
        s = self.run(pool, k)
        if pool.q and self.rng.random() < 0.5:
            s[-1] = pool.q[self.rng.randrange(len(pool.q))]
        text = " ".join(s)
        return "*%s:* %s" % (outlet, text) if outlet else text

    def title(self, pool):
        """A fragment of a real sentence: 4 to 12 words, cut at a comma."""
        rng = self.rng
        for _ in range(20):
            words = pool.s[rng.randrange(pool.n)].split()
            n = min(len(words), rng.randint(4, 12))
            frag = words[:n]
            for i in range(3, n):
                if frag[i - 1][-1:] in ",;:\u060c\u061b":
                    frag = frag[:i]
                    break
            while len(frag) > 3 and frag[-1].lower() in pool.trailing:
                frag.pop()
            t = " ".join(frag).rstrip(".,;:!?\u060c\u061b\u061f-\u2013\u2014 ")
            if len(t) >= 15 and _balanced(t):
                return t[0].upper() + t[1:]
        return t

    # -- assets -----------------------------------------------------------

    def shape(self, kind, year):
        """The asset's skeleton, shared by all its translations: speakers
        and blocks [(id, type, role, speaker, outlet, [(sentences, deco)])]."""
        rng, nsent = self.rng, self.nsent
        minister = self.ministers[min((year - self.start) // 4,
                                      len(self.ministers) - 1)]
        spokes = self.spokespersons[min((year - self.start) // 3,
                                        len(self.spokespersons) - 1)]
        speakers, blocks = [], []
        np_ = [0]
        nt = [0]

        def paras(k, lists=0.0):
            out = []
            for _ in range(k):
                r = rng.random()
                deco = ("list" if r < lists else "em" if r < lists + 0.04
                        else "link" if r < lists + 0.08 else None)
                out.append((rng.randint(3, 6) if deco == "list"
                            else nsent(rng), deco))
            return out

        def para(k=1, **kw):
            for sh in paras(k, **kw):
                np_[0] += 1
                blocks.append(("p%d" % np_[0], "paragraph", None, None, None,
                               [sh]))

        def turn(role, who, k, outlet=None):
            nt[0] += 1
            blocks.append(("t%d" % nt[0], "turn", role, who, outlet,
                           paras(k)))

        def official():
            for _ in range(10):
                p = self.official(rng)
                if p not in speakers and p != minister:
                    return p
            return p

        def add(p):
            if p not in speakers:
                speakers.append(p)
            return p[0]

        if kind in ("statement", "press-release", "news"):
            if rng.random() < (0.4 if kind == "statement" else 0.6):
                add(minister if rng.random() < 0.5 else official())
            if kind == "news" and rng.random() < 0.3:
                add(official())
            n = {"statement": (2, 6), "press-release": (2, 6),
                 "news": (1, 5)}[kind]
            para(rng.randint(*n), lists=0.12 if kind == "press-release"
                 else 0.0)
        elif kind == "speech":
            add(minister if rng.random() < 0.6 else official())
            blocks.append(("p1", "paragraph", None, None, None, [(1, None)]))
            np_[0] = 1
            para(rng.randint(4, 10))
        elif kind == "transcript":
            who = [add(minister)] + [add(official())
                                     for _ in range(rng.randint(0, 2))]
            para()
            for w in who:
                turn("statement", w, rng.randint(1, 3))
            for _ in range(rng.randint(3, 12)):
                turn("question", None, 1, self.outlet(rng))
                a = rng.sample(who, 2 if len(who) > 1 and
                               rng.random() < 0.2 else 1)
                for w in a:
                    turn("answer", w, rng.randint(1, 3))
            if rng.random() < 0.15:
                turn("remark", rng.choice(who), 1)
        elif kind == "briefing":
            sp = add(spokes)
            para()
            for _ in range(1 if rng.random() < 0.7 else 2):
                turn("statement", sp, rng.randint(2, 5))
            for _ in range(rng.randint(3, 18)):
                turn("question", None, 1, self.outlet(rng))
                turn("answer", sp, rng.choice((1, 1, 2, 2, 3)))
            if rng.random() < 0.1:
                turn("remark", sp, 1)
        else:   # interview
            guest = add(minister if rng.random() < 0.5 else official())
            host = add(self.journalist(rng))
            para()
            for _ in range(rng.randint(4, 10)):
                turn("question", host, 1)
                turn("answer", guest, rng.randint(1, 3))
            if rng.random() < 0.3:
                turn("remark", host, 1)
                turn("remark", guest, 1)
        return speakers, blocks

    def asset(self, i, t, earlier):
        """Asset number i (from 0) at time t; earlier: slugs of assets
        0..i-1. Returns the JSON object."""
        rng = self.rng
        utc, local, place = t
        kind = self.kind(rng)
        lo, hi = self.per_asset
        k = rng.randint(lo, hi)
        locs = [self.locales[0]] + (rng.sample(self.locales[1:], k - 1)
                                    if k > 1 else [])
        locs.sort(key=self.locales.index)
        speakers, blocks = self.shape(kind, local.year)
        ntags = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4, 5))
        tags = []
        for _ in range(ntags):
            tg = self.tag(rng)
            if tg not in tags:
                tags.append(tg)
        related = []
        if earlier and rng.random() < 0.3:
            window = min(len(earlier), 400)
            for _ in range(rng.randint(1, 3)):
                r = earlier[len(earlier) - 1 - rng.randrange(window)]
                if r not in related:
                    related.append(r)

        translations = {}
        for tag, lang in locs:
            pool = self.pools[lang]
            summary = " ".join(self.run(pool, rng.randint(1, 2)))
            tr = {"title": self.title(pool), "summary": summary,
                  "blocks": None}
            bl = []
            for bid, typ, role, who, outlet, shape in blocks:
                if role == "question":
                    text = self.question(pool, shape, outlet)
                else:
                    text = "\n\n".join(self.paragraph(pool, sh, "%d" % (i + 1))
                                       for sh in shape)
                bl.append({"id": bid, "type": typ, "role": role,
                           "speaker": who, "text": text})
            tr["blocks"] = bl
            translations[tag] = tr

        day = local.strftime("%Y-%m-%d")
        # words of the first title in Latin script, else the number
        words = ["%d" % (i + 1)]
        for tag, _ in locs:
            w = [w for w in slugify(translations[tag]["title"]).split("-")
                 if w]
            if len(w) >= 2:
                words = w[:6]
                break
        slug = "-".join([day, kind] + words)[:100].rstrip("-")
        off = local.utcoffset()
        mins = int(off.total_seconds()) // 60
        sign = "+" if mins >= 0 else "-"
        ts = local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (
            sign, abs(mins) // 60, abs(mins) % 60)
        obj = {"slug": slug, "kind": kind, "published_at": ts,
               "place": place, "locales": [t for t, _ in locs],
               "speakers": [{"name": n, "title": ti} for n, ti in speakers],
               "tags": tags, "related": related,
               "translations": translations}
        return obj


def parse_locales(s):
    out = []
    for tag in s.split(","):
        tag = tag.strip()
        if not tag:
            continue
        lang = tag.split("-")[0].lower()
        if lang not in LANGS:
            sys.exit("corpus: no prose for %r (languages: %s)"
                     % (tag, " ".join(sorted(LANGS))))
        if tag in (t for t, _ in out):
            sys.exit("corpus: locale %r listed twice" % tag)
        out.append((tag, lang))
    if not out:
        sys.exit("corpus: no locales")
    return out


def parse_per_asset(s, n):
    if s in (None, "", "all"):
        return (n, n)
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", s)
    if not m:
        sys.exit("corpus: --locales-per-asset wants K or MIN-MAX")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if not 1 <= lo <= hi <= n:
        sys.exit("corpus: --locales-per-asset must be within 1..%d" % n)
    return (lo, hi)


# --------------------------------------------------------------------------
# Hugo site

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}" dir="{{ or .Site.Language.LanguageDirection "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Languages }}<a href="/{{ .Lang }}/" hreflang="{{ .Lang }}">{{ .LanguageName }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006, 15:04 -07:00" }}</time> · {{ .Params.place }}</p>
<nav class="translations">{{ range .AllTranslations }}{{ if eq .Lang $.Lang }}<strong>{{ .Language.LanguageName }}</strong>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a>{{ end }} {{ end }}</nav>
{{ with .Params.speakers }}<ul class="speakers">{{ range . }}<li>{{ .name }}, {{ .title }}</li>{{ end }}</ul>{{ end }}
{{ .Content }}
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li><a href="{{ printf "tags/%s/" (urlize .) | relLangURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.related }}<h2>Additional materials</h2><ul>{{ range . }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006, 15:04 -07:00" }}</time>{{ with .Params.place }} · {{ . }}{{ end }}</p>
{{ with .Description }}<p>{{ . }}</p>{{ end }}
</article>
{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
"""


def dumps_asset(obj):
    """The asset as JSON with one line per key and per block: compact and
    fast (json's C encoder does each piece) but no line longer than a
    block, as `pressroom import` limits the length of a line."""
    enc = json.JSONEncoder(ensure_ascii=False).encode
    out = ["{"]
    for k, v in obj.items():
        if k != "translations":
            out.append("  %s: %s," % (enc(k), enc(v)))
    out.append('  "translations": {')
    tags = list(obj["translations"])
    for n, tag in enumerate(tags):
        tr = obj["translations"][tag]
        out.append("    %s: {" % enc(tag))
        for k, v in tr.items():
            if k != "blocks":
                out.append("      %s: %s," % (enc(k), enc(v)))
        out.append('      "blocks": [')
        bl = tr["blocks"]
        for i, b in enumerate(bl):
            out.append("        " + enc(b) + ("," if i + 1 < len(bl) else ""))
        out.append("      ]")
        out.append("    }" + ("," if n + 1 < len(tags) else ""))
    out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def hugo_config(locales):
    lines = ['baseURL = "https://example.org/"',
             'title = "pressroom benchmark corpus"',
             'defaultContentLanguage = %s' % toml_str(locales[0][0].lower()),
             "defaultContentLanguageInSubdir = true",
             "paginate = 20",
             "enableRobotsTXT = true",
             "",
             "[taxonomies]",
             '  tag = "tags"',
             "",
             "[languages]"]
    names = {"en": "English", "ru": "Русский", "de": "Deutsch",
             "fr": "Français", "es": "Español", "ar": "العربية",
             "it": "Italiano", "pt": "Português"}
    for w, (tag, lang) in enumerate(locales, 1):
        key = tag.lower()
        lines += ["  [languages.%s]" % key,
                  "    languageCode = %s" % toml_str(tag),
                  "    languageName = %s" % toml_str(names[lang]),
                  "    contentDir = %s" % toml_str("content/" + key),
                  "    weight = %d" % w]
        if lang in RTL:
            lines.append('    languageDirection = "rtl"')
    return "\n".join(lines) + "\n"


def hugo_page(obj, tag, kinds_by_slug):
    tr = obj["translations"][tag]
    fm = ["+++",
          "title = " + toml_str(tr["title"]),
          "date = " + obj["published_at"],
          "slug = " + toml_str(obj["slug"]),
          "translationKey = " + toml_str(obj["slug"]),
          "description = " + toml_str(tr["summary"]),
          "tags = [" + ", ".join(toml_str(t) for t in obj["tags"]) + "]",
          "place = " + toml_str(obj["place"]),
          "speakers = [" + ", ".join(
              "{ name = %s, title = %s }" % (toml_str(s["name"]),
                                             toml_str(s["title"]))
              for s in obj["speakers"]) + "]",
          "related = [" + ", ".join(
              toml_str("/%s/%s" % (kinds_by_slug[r], r))
              for r in obj["related"]) + "]",
          "+++", ""]
    body = []
    for b in tr["blocks"]:
        if b["type"] == "turn":
            body.append("### %s {#%s}" % (b["speaker"] or
                                          ROLE_LABEL[b["role"]], b["id"]))
        body.append(b["text"])
    return "\n".join(fm) + "\n\n".join(body) + "\n"


# --------------------------------------------------------------------------

def prepare_dir(d, force, ours):
    """Creates d, or empties what an earlier run wrote there (--force)."""
    if os.path.isdir(d) and os.listdir(d):
        if not force:
            sys.exit("corpus: %s is not empty (--force replaces an earlier "
                     "output)" % d)
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if ours(name):
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p)
                else:
                    os.unlink(p)
    os.makedirs(d, exist_ok=True)


def generate(args, pools, log=sys.stderr):
    locales = parse_locales(args.locales)
    per = parse_per_asset(args.locales_per_asset, len(locales))
    gen = Generator(pools, locales, per, args.seed, args.first_year,
                    args.last_year)
    n = args.count
    width = max(6, len(str(n)))
    if args.out:
        prepare_dir(args.out, args.force,
                    lambda s: re.fullmatch(r"\d+\.json", s) is not None)
    if args.hugo:
        prepare_dir(args.hugo, args.force, lambda s: s in (
            "hugo.toml", "content", "layouts", "public", "resources",
            ".hugo_build.lock"))
        with open(os.path.join(args.hugo, "hugo.toml"), "w",
                  encoding="utf-8") as f:
            f.write(hugo_config(locales))
        lay = os.path.join(args.hugo, "layouts", "_default")
        os.makedirs(lay)
        for name, text in (("baseof.html", HUGO_BASEOF),
                           ("single.html", HUGO_SINGLE),
                           ("list.html", HUGO_LIST)):
            with open(os.path.join(lay, name), "w", encoding="utf-8") as f:
                f.write(text)
        made = set()
    t0 = time.monotonic()
    times = gen.times(n)
    slugs, kinds_by_slug = [], {}
    stats = {"assets": 0, "translations": 0, "blocks": 0, "json_bytes": 0,
             "hugo_bytes": 0, "kinds": {}}
    tty = log.isatty() and not args.quiet
    for i in range(n):
        obj = gen.asset(i, times[i], slugs)
        s = base = obj["slug"]
        k = 2
        while s in kinds_by_slug:
            s = "%s-%d" % (base, k)
            k += 1
        obj["slug"] = s
        slugs.append(s)
        kinds_by_slug[s] = obj["kind"]
        stats["assets"] += 1
        stats["translations"] += len(obj["translations"])
        stats["blocks"] += sum(len(t["blocks"])
                               for t in obj["translations"].values())
        stats["kinds"][obj["kind"]] = stats["kinds"].get(obj["kind"], 0) + 1
        if args.out:
            data = (dumps_asset(obj) if args.indent is None else
                    json.dumps(obj, ensure_ascii=False, indent=args.indent)
                    + "\n").encode("utf-8")
            with open(os.path.join(args.out, "%0*d.json" % (width, i + 1)),
                      "wb") as f:
                f.write(data)
            stats["json_bytes"] += len(data)
        if args.hugo:
            for tag in obj["translations"]:
                d = os.path.join(args.hugo, "content", tag.lower(),
                                 obj["kind"])
                if d not in made:
                    os.makedirs(d, exist_ok=True)
                    made.add(d)
                data = hugo_page(obj, tag, kinds_by_slug).encode("utf-8")
                with open(os.path.join(d, s + ".md"), "wb") as f:
                    f.write(data)
                stats["hugo_bytes"] += len(data)
        if tty and (i + 1) % 1000 == 0:
            log.write("\rcorpus: %d/%d" % (i + 1, n))
            log.flush()
    if tty:
        log.write("\r")
    stats["seconds"] = time.monotonic() - t0
    return stats


def load_pools(args, langs):
    base = prose_dir(args.prose_dir)
    ensure_prose(base)
    return {lang: Pool(lang, load_pool(base, lang))
            for lang in sorted(set(langs))}


# --------------------------------------------------------------------------
# Self-test

REQUIRED = ("slug", "kind", "published_at", "place", "locales", "speakers",
            "tags", "related", "translations")
KIND_NAMES = {k for k, _ in KINDS}


def check_asset(obj, earlier, problems, where):
    def bad(msg):
        problems.append("%s: %s" % (where, msg))

    for k in REQUIRED:
        if k not in obj:
            bad("missing " + k)
            return
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", obj["slug"]) or \
            len(obj["slug"]) > 120:
        bad("bad slug %r" % obj["slug"])
    if not obj["slug"].startswith(obj["published_at"][:10]):
        bad("slug does not start with the local date")
    if obj["kind"] not in KIND_NAMES:
        bad("bad kind")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d",
                        obj["published_at"]):
        bad("bad published_at")
    names = [s["name"] for s in obj["speakers"]]
    if len(set(names)) != len(names):
        bad("speaker listed twice")
    for r in obj["related"]:
        if r not in earlier:
            bad("related %r is not an earlier asset" % r)
    if set(obj["translations"]) != set(obj["locales"]):
        bad("translations and locales differ")
    skeleton = None
    for tag, tr in obj["translations"].items():
        for k in ("title", "summary", "blocks"):
            if k not in tr:
                bad("%s: missing %s" % (tag, k))
                return
        if not tr["title"] or "\n" in tr["title"]:
            bad("%s: bad title" % tag)
        sk = []
        for b in tr["blocks"]:
            if set(b) != {"id", "type", "role", "speaker", "text"}:
                bad("%s: block keys %s" % (tag, sorted(b)))
            if b["speaker"] is not None and b["speaker"] not in names:
                bad("%s: unknown speaker" % tag)
            if not b["text"].strip():
                bad("%s: empty block" % tag)
            sk.append((b["id"], b["type"], b["role"], b["speaker"],
                       b["text"].count("\n\n")))
        if skeleton is None:
            skeleton = sk
        elif sk != skeleton:
            bad("%s: blocks differ from the first translation" % tag)
        lang = tag.split("-")[0]
        script = LANGS[lang][0]
        text = tr["title"] + tr["blocks"][0]["text"]
        if script != "latin" and not any(_script_of(c) == script
                                         for c in text):
            bad("%s: no %s letters" % (tag, script))


def selftest(args):
    t0 = time.monotonic()
    args.count = 200
    pools = load_pools(args, [lang for _, lang in
                              parse_locales(args.locales)])
    with tempfile.TemporaryDirectory(prefix="corpus-selftest-") as tmp:
        runs, seed0 = [], args.seed
        for r, seed in enumerate((seed0, seed0, seed0 + 1)):
            args.out = os.path.join(tmp, "json%d" % r)
            args.hugo = os.path.join(tmp, "hugo%d" % r)
            args.seed = seed
            generate(args, pools)
            files = {}
            for d in (args.out, args.hugo):
                for root, dirs, names in os.walk(d):
                    dirs.sort()
                    for name in sorted(names):
                        p = os.path.join(root, name)
                        with open(p, "rb") as f:
                            files[os.path.relpath(p, tmp)[6:]] = f.read()
            runs.append(files)
        args.seed = seed0
        problems = []
        if runs[0] != runs[1]:
            diff = sorted(k for k in set(runs[0]) | set(runs[1])
                          if runs[0].get(k) != runs[1].get(k))
            problems.append("same seed, different output: %s" % diff[:5])
        if runs[0] == runs[2]:
            problems.append("another seed gave the same output")
        jsons = sorted(k for k in runs[0] if k.endswith(".json"))
        if len(jsons) != 200:
            problems.append("%d JSON files, not 200" % len(jsons))
        earlier, instants, kinds = set(), [], set()
        for k in jsons:
            obj = json.loads(runs[0][k])
            check_asset(obj, earlier, problems, k)
            if obj["slug"] in earlier:
                problems.append("%s: slug used twice" % k)
            earlier.add(obj["slug"])
            instants.append(datetime.datetime.fromisoformat(
                obj["published_at"]).timestamp())
            kinds.add(obj["kind"])
        if instants != sorted(instants) or len(set(instants)) != len(instants):
            problems.append("event times not distinct and in file order")
        if kinds != KIND_NAMES:
            problems.append("kinds missing: %s" % sorted(KIND_NAMES - kinds))
        md = [k for k in runs[0] if k.endswith(".md")]
        ntr = sum(len(json.loads(runs[0][k])["translations"]) for k in jsons)
        if len(md) != ntr:
            problems.append("%d Hugo pages for %d translations"
                            % (len(md), ntr))
        if args.pressroom:
            files = [os.path.join(tmp, "json0", k) for k in jsons]
            db = os.path.join(tmp, "check.db")
            for cmd in ([args.pressroom, "--db", db, "init"],
                        [args.pressroom, "--db", db, "import", "--dry-run"]
                        + files):
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
                if r.returncode != 0:
                    problems.append("%s: exit %d: %s" % (
                        " ".join(cmd[:5]), r.returncode, r.stderr[-500:]))
    for p in problems[:20]:
        print("FAIL " + p, file=sys.stderr)
    print("corpus selftest: %s (200 assets x %d locales, 3 runs, "
          "%d problems, %.1f s)" % ("ok" if not problems else "FAILED",
                                    len(parse_locales(args.locales)),
                                    len(problems), time.monotonic() - t0))
    return 1 if problems else 0


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate realistic multilingual benchmark content "
        "for pressroom (JSON for `pressroom import`, and a Hugo site), "
        "deterministically from a seed, out of real prose shipped by "
        "Debian packages.")
    ap.add_argument("--count", "-n", type=int, default=10000,
                    help="number of assets (default 10000)")
    ap.add_argument("--seed", type=int, default=1,
                    help="random seed (default 1); same seed, same bytes")
    ap.add_argument("--locales", default=DEFAULT_LOCALES,
                    help="comma-separated locale tags, the first one in "
                    "every asset (default %s; languages: %s)"
                    % (DEFAULT_LOCALES, " ".join(sorted(LANGS))))
    ap.add_argument("--locales-per-asset", metavar="K|MIN-MAX",
                    help="translations per asset (default: all locales)")
    ap.add_argument("--first-year", type=int, default=2005)
    ap.add_argument("--last-year", type=int, default=2026)
    ap.add_argument("--out", metavar="DIR",
                    help="write one pressroom JSON file per asset here")
    ap.add_argument("--hugo", metavar="DIR",
                    help="write the same content as a Hugo site here")
    ap.add_argument("--indent", type=int, default=None,
                    help="indent the JSON files fully (default: a line "
                    "per key and per block, which is faster)")
    ap.add_argument("--force", action="store_true",
                    help="replace the files of an earlier run in DIR")
    ap.add_argument("--prose-dir", metavar="DIR",
                    help="prose cache (default $PRESSROOM_PROSE_DIR, else "
                    "~/.cache/pressroom-prose)")
    ap.add_argument("--pool-stats", action="store_true",
                    help="print the sentences per language and package")
    ap.add_argument("--selftest", action="store_true",
                    help="generate 200 assets twice and check them")
    ap.add_argument("--pressroom", metavar="BIN",
                    help="with --selftest: also check with BIN import "
                    "--dry-run")
    ap.add_argument("--quiet", "-q", action="store_true")
    args = ap.parse_args(argv)

    if args.selftest:
        return selftest(args)
    if args.pool_stats:
        base = prose_dir(args.prose_dir)
        ensure_prose(base)
        print("packages: " + ", ".join("%s %s" % kv for kv in
                                       sorted(prose_versions(base).items())))
        for _, lang in parse_locales(args.locales):
            pool = load_pool(base, lang)
            per = {}
            for _, pkg in pool:
                per[pkg] = per.get(pkg, 0) + 1
            q = sum(_is_question(s) for s, _ in pool)
            print("%s: %d sentences (%s), %d questions" % (
                lang, len(pool), ", ".join("%s %d" % kv for kv in
                                           sorted(per.items())), q))
        return 0
    if not args.out and not args.hugo:
        ap.error("nothing to do: give --out DIR and/or --hugo DIR")
    if args.count < 1 or args.count > 999999:
        ap.error("--count must be within 1..999999")
    if args.first_year > args.last_year:
        ap.error("--first-year after --last-year")
    pools = load_pools(args, [lang for _, lang in
                              parse_locales(args.locales)])
    st = generate(args, pools)
    if not args.quiet:
        print("corpus: %d assets, %d translations, %d blocks (%s) in %.1f s; "
              "JSON %.1f MB, Hugo %.1f MB; seed %d, prose from %s" % (
                  st["assets"], st["translations"], st["blocks"],
                  ", ".join("%s %d" % kv for kv in sorted(st["kinds"].items())),
                  st["seconds"], st["json_bytes"] / 1e6,
                  st["hugo_bytes"] / 1e6, args.seed, ", ".join(
                      "%s %s" % kv for kv in sorted(prose_versions(
                          prose_dir(args.prose_dir)).items()))),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
