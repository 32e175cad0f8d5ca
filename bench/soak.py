#!/usr/bin/env python3
"""Soak: a minute of wrk at 256 connections across the site's routes, with
a writer importing now and then, checking that nothing leaks or breaks.

Serves the examples and the seed (plus a publisher made for it) with
`pressroom serve --quiet` pinned to CPU 0; warms up; then runs wrk -t1
(CPU 1) with a Lua script that rotates over article, list, publisher,
search (/{locale}/search?q=..., never cached) and Atom feed URLs and counts
every status; meanwhile a writer re-imports an asset every --write-every
seconds (each write invalidates the response cache, so pages are rendered
again under load), and the server's resident memory, open descriptors
and -wal size are sampled every second. Checks and prints:

  0 socket errors (connect, read, write, timeout)
  0 unexpected statuses (every URL here must answer 200)
  resident memory growth under 5 % from the mean of the first 10 s to the
    mean of the last 10 s
  open file descriptors back to the warmed-up baseline once wrk is done
  the -wal file bounded (the server's checkpoints; limit --wal-mb)

Usage: bench/soak.py [--duration S] [--conns N] [--write-every S]
                     [--binary PATH] [--wal-mb MB]
Needs wrk (scripts/deps.sh bench). Builds build-release like
bench/article.sh unless --binary is given. Not a test: prints figures and
exits 1 when a check fails.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "tests/fixtures/seed/000_1e53a87551ad3537.txt")
BUILD = os.path.join(ROOT, "build-release")

URLS = [
    "/en-GB/2019-11-20-statement-signing-vessa-river-water-treaty",
    "/en-GB/2015-06-11-foreign-minister-sergey-lavrovs-statement-and-"
    "answers-to-media",
    "/ar/2021-06-17-joint-news-conference-ostra-consular-agreement",
    "/ru-RU/2021-06-17-joint-news-conference-ostra-consular-agreement",
    "/en-GB/",
    "/ru-RU/",
    "/en-GB/p/soak/",
    "/ru-RU/p/soak/",
    # never cached, and some 4 ms of CPU each: one in thirteen
    "/en-GB/search?q=water%20treaty",
    "/en-GB/2022-12-06-speech-security-council-open-debate-water-peace-"
    "security",
    "/de-DE/2023-03-21-norland-opens-embassy-in-nairobi",
    "/en-GB/feed.atom",
    "/ru-RU/feed.atom",
]

LUA = r"""
local urls = { %s }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; statuses = {} end
function request()
  n = n + 1
  return wrk.format("GET", urls[(n %% #urls) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
  end
  for k, v in pairs(all) do io.write(string.format("STATUS %%d %%d\n", k, v)) end
  local e = summary.errors
  io.write(string.format("ERRORS %%d %%d %%d %%d %%d\n", e.connect, e.read,
    e.write, e.timeout, e.status))
  io.write(string.format("TOTAL %%d %%d\n", summary.requests,
    summary.duration))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("LATENCY %%g %%d\n", p, latency:percentile(p)))
  end
  io.write(string.format("LATENCY max %%d\n", latency.max))
end
"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def build():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        subprocess.run(["meson", "setup", BUILD, "-Dbuildtype=release",
                        "-Dtests=false"], env=dict(os.environ, CC="gcc"),
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", BUILD, "pressroom"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(BUILD, "pressroom")


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def nfds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def wal_bytes(db):
    try:
        return os.path.getsize(db + "-wal")
    except OSError:
        return 0


def wrk(port, conns, seconds, script, pin):
    cmd = pin + ["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds,
                 "--timeout", "5s", "-s", script,
                 "http://127.0.0.1:%d" % port]
    return subprocess.run(cmd, capture_output=True, text=True,
                          check=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--conns", type=int, default=256)
    ap.add_argument("--write-every", type=float, default=2.0,
                    help="seconds between the writer's imports (0: none)")
    ap.add_argument("--wal-mb", type=float, default=64.0)
    ap.add_argument("--warmup", type=int, default=15,
                    help="seconds of load (and writes) before measuring")
    ap.add_argument("--binary")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (scripts/deps.sh bench)")
    binary = args.binary or build()
    pin0 = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    pin1 = ["taskset", "-c", "1"] if shutil.which("taskset") else []
    work = tempfile.mkdtemp(prefix="pressroom-soak-")
    server = None
    stop = threading.Event()
    try:
        db = os.path.join(work, "soak.db")
        env = dict(os.environ, PRESSROOM_DB=db)

        def pr(*a):
            subprocess.run([binary] + list(a), env=env, check=True,
                           capture_output=True)
        pr("init")
        pr("import", "--tz", "Europe/Moscow", SEED)
        examples = sorted(os.path.join(ROOT, "examples", f) for f in
                          os.listdir(os.path.join(ROOT, "examples"))
                          if f.endswith(".json"))
        pr("import", *examples)
        pr("publisher", "add", "soak", "--kinds",
           "statement,speech,transcript,briefing", "--group", "year")
        port = free_port()
        server = subprocess.Popen(pin0 + [binary, "serve", "--listen",
                                          "127.0.0.1:%d" % port,
                                          "--threads", "2", "--quiet"],
                                  env=env, stderr=subprocess.PIPE)
        for _ in range(200):
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/en-GB/" % port,
                                       timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        for u in URLS:
            r = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, u))
            if r.status != 200:
                sys.exit("%s: %d before the soak" % (u, r.status))
            r.read()
        script = os.path.join(work, "soak.lua")
        with open(script, "w") as f:
            f.write(LUA % ", ".join('"%s"' % u for u in URLS))

        samples = []	# (t, rss kB, fds, wal bytes)
        writes = [0, 0]	# done, failed
        measuring = threading.Event()

        def sampler():
            t0 = time.monotonic()
            while not stop.is_set():
                samples.append((time.monotonic() - t0,
                                status_kb(server.pid, "VmRSS"),
                                nfds(server.pid), wal_bytes(db)))
                stop.wait(1.0)

        def writer():
            k = 0
            src = os.path.join(ROOT, "examples",
                               "05-news-embassy-nairobi.json")
            with open(src) as f:
                text = f.read()
            dst = os.path.join(work, "soak-write.json")
            while not stop.wait(args.write_every):
                k += 1
                with open(dst, "w") as f:
                    f.write(text.replace("Nairobi", "Nairobi (%d)" % k, 1))
                try:
                    pr("import", dst)
                    if measuring.is_set():
                        writes[0] += 1
                except subprocess.CalledProcessError:
                    writes[1] += 1

        ths = []
        if args.write_every > 0:
            ths.append(threading.Thread(target=writer))
            ths[-1].start()
        log("warming up (%d s, with the writer)" % args.warmup)
        wrk(port, args.conns, args.warmup, script, pin1)
        time.sleep(2)
        fd_base = nfds(server.pid)
        rss_base = status_kb(server.pid, "VmRSS")
        measuring.set()
        ths.append(threading.Thread(target=sampler))
        ths[-1].start()
        log("soak: %d s of wrk -t1 -c%d over %d URLs" %
            (args.duration, args.conns, len(URLS)))
        out = wrk(port, args.conns, args.duration, script, pin1)
        stop.set()
        for t in ths:
            t.join()
        time.sleep(3)	# wrk's connections close; the pool settles
        fd_after = nfds(server.pid)
        rss_after = status_kb(server.pid, "VmRSS")
        hwm = status_kb(server.pid, "VmHWM")
    finally:
        stop.set()
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)

    statuses = {int(a): int(b) for a, b in
                re.findall(r"^STATUS (\d+) (\d+)$", out, re.M)}
    errs = [int(x) for x in re.search(r"^ERRORS (.*)$", out,
                                      re.M).group(1).split()]
    total, dur_us = [int(x) for x in re.search(r"^TOTAL (.*)$", out,
                                               re.M).group(1).split()]
    lat = {p: int(v) for p, v in re.findall(r"^LATENCY (\S+) (\d+)$", out,
                                            re.M)}
    first = [s[1] for s in samples if s[0] < 10.5]
    last = [s[1] for s in samples if s[0] >= samples[-1][0] - 10]
    growth = (statistics.mean(last) / statistics.mean(first) - 1) * 100
    wal_max = max(s[3] for s in samples)
    fd_max = max(s[2] for s in samples)
    socket_errors = sum(errs[:4])
    unexpected = sum(v for k, v in statuses.items() if k != 200)

    print("soak: %d s, %d connections, %d URLs (article, list, publisher, "
          "search, feed), writer every %.1f s (%d imports, %d failed)" %
          (args.duration, args.conns, len(URLS), args.write_every,
           writes[0], writes[1]))
    print("  requests      %d (%.0f/s)" % (total, total / (dur_us / 1e6)))
    print("  latency       p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 "
          "%.2f ms, max %.2f ms" %
          tuple(lat.get(k, 0) / 1000 for k in
                ("50", "90", "99", "99.9", "max")))
    print("  statuses      %s" % ", ".join(
        "%d: %d" % kv for kv in sorted(statuses.items())))
    print("  socket errors connect %d, read %d, write %d, timeout %d" %
          tuple(errs[:4]))
    print("  memory        %.1f MB warmed up; mean %.1f MB first 10 s, "
          "%.1f MB last 10 s (%+.2f %%); %.1f MB after; peak %.1f MB" %
          (rss_base / 1024, statistics.mean(first) / 1024,
           statistics.mean(last) / 1024, growth, rss_after / 1024,
           hwm / 1024))
    tens = {}
    for t, rss, _, _ in samples:
        tens.setdefault(int(t // 10), []).append(rss)
    print("  memory / 10 s %s MB" % " ".join(
        "%.1f" % (statistics.mean(v) / 1024) for _, v in sorted(tens.items())))
    print("  descriptors   %d warmed up, at most %d under load, %d after" %
          (fd_base, fd_max, fd_after))
    print("  -wal          at most %.1f MB (limit %.0f MB)" %
          (wal_max / 1048576, args.wal_mb))
    fails = []
    if socket_errors:
        fails.append("socket errors")
    if unexpected:
        fails.append("unexpected statuses")
    if growth >= 5:
        fails.append("memory grew %.1f %%" % growth)
    if fd_after > fd_base:
        fails.append("descriptors %d after, %d before" % (fd_after, fd_base))
    if wal_max > args.wal_mb * 1048576:
        fails.append("-wal reached %.1f MB" % (wal_max / 1048576))
    if writes[1]:
        fails.append("%d imports failed" % writes[1])
    print("soak: %s" % ("all checks passed" if not fails else
                        "FAILED: " + "; ".join(fails)))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
