#!/usr/bin/env python3
"""Benchmark: the seed's article page served by pressroom vs the same bytes
served by nginx as a static file.

Both servers are pinned to CPU 0 with the same number of workers (--workers,
default 2: pressroom's minimum of two threads, nginx's worker_processes),
which then share that one core; wrk runs pinned to CPU 1, so on a 2-core
machine the load generator does not steal the server's core. Rounds are interleaved
(pressroom, nginx, pressroom, ...) at each connection count, and the
medians are compared. Printed per server: requests/s, p99 latency,
requests per server CPU-second, peak resident memory; and each as a ratio
to nginx.

Usage: bench/article.py [--duration S] [--rounds N] [--conns 64,256]
Needs: build/pressroom (release build recommended: make bench does it),
nginx and wrk (scripts/deps.sh bench). Not a test: prints figures only.
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
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "tests/fixtures/seed/000_1e53a87551ad3537.txt")
ART = "/en-GB/2015-06-11-foreign-minister-sergey-lavrovs-statement-and-answers-to-media"
CLK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_up(url, proc):
    last = None
    for _ in range(200):
        if proc.poll() is not None:
            sys.exit("server exited early")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception as e:
            last = e
            time.sleep(0.05)
    sys.exit("server did not come up: %s (%s)" % (url, last))


def pids_of(proc, name):
    """The process and its children (nginx's worker)."""
    out = [proc.pid]
    try:
        kids = subprocess.run(["pgrep", "-P", str(proc.pid)],
                              capture_output=True, text=True).stdout.split()
        out += [int(k) for k in kids]
    except FileNotFoundError:
        pass
    return out


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            pass
    return total / CLK


def peak_rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def parse_wrk(text):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    val, unit = float(m.group(1)), m.group(2)
    p99 = val / 1000 if unit == "us" else val if unit == "ms" else val * 1000
    total = int(re.search(r"(\d+) requests in", text).group(1))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors = sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    non2xx = int(m.group(1)) if m else 0
    return rps, p99, total, errors, non2xx


def wrk(url, conns, duration):
    cmd = ["wrk", "-t1", "-c%d" % conns, "-d%ds" % duration, "--latency", url]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "1"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def bench_path(args, path, body, pr, ng, pport, nport):
    purl = "http://127.0.0.1:%d%s" % (pport, path)
    nurl = "http://127.0.0.1:%d%s" % (nport, path)
    servers = [("pressroom", pr, purl), ("nginx", ng, nurl)]
    print("page: %s (%d bytes); %d rounds x %d s, interleaved; "
          "servers on CPU 0 (pressroom %d threads, nginx %d workers), "
          "wrk -t1 on CPU 1" %
          (path, len(body), args.rounds, args.duration,
           max(2, args.workers), args.workers))
    results = {}
    for conns in [int(c) for c in args.conns.split(",")]:
        for rnd in range(args.rounds):
            order = servers if rnd % 2 == 0 else servers[::-1]
            for name, proc, url in order:
                pids = pids_of(proc, name)
                c0 = cpu_seconds(pids)
                out = wrk(url, conns, args.duration)
                cpu = cpu_seconds(pids) - c0
                rps, p99, total, errs, non2xx = parse_wrk(out)
                r = results.setdefault((name, conns), [])
                r.append((rps, p99, total / cpu if cpu > 0 else 0,
                          errs, non2xx))
    print()
    print("%-10s %5s %12s %10s %14s %10s %8s" % (
        "server", "conns", "req/s", "p99 ms", "req/CPU-s", "peak MB",
        "errors"))
    for conns in [int(c) for c in args.conns.split(",")]:
        med = {}
        for name, proc, _ in servers:
            rs = results[(name, conns)]
            med[name] = (statistics.median(x[0] for x in rs),
                         statistics.median(x[1] for x in rs),
                         statistics.median(x[2] for x in rs),
                         peak_rss_kb(pids_of(proc, name)) / 1024,
                         sum(x[3] + x[4] for x in rs))
            m = med[name]
            print("%-10s %5d %12.0f %10.2f %14.0f %10.1f %8d" % (
                name, conns, m[0], m[1], m[2], m[3], m[4]))
        p, n = med["pressroom"], med["nginx"]
        print("%-10s %5d %11.2fx %9.2fx %13.2fx %9.2fx" % (
            "ratio", conns, p[0] / n[0], p[1] / n[1] if n[1] else 0,
            p[2] / n[2] if n[2] else 0, p[3] / n[3] if n[3] else 0))
    print("\nratios are pressroom / nginx: want req/s and req/CPU-s "
          ">= 0.9, p99 <= 1.0\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--conns", default="64,256")
    ap.add_argument("--workers", type=int, default=2,
                    help="server threads / nginx worker processes")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/pressroom"))
    ap.add_argument("--scenario", default="article",
                    choices=("article", "listing"),
                    help="article: the seed's page; listing: a publisher's "
                    "page and its Atom feed over the examples")
    args = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("%s is not installed (scripts/deps.sh bench)" % tool)
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    work = tempfile.mkdtemp(prefix="pressroom-bench-")
    procs = []
    try:
        db = os.path.join(work, "bench.db")
        env = dict(os.environ, PRESSROOM_DB=db)
        subprocess.run([args.binary, "init"], env=env, check=True,
                       capture_output=True)
        subprocess.run([args.binary, "import", "--tz", "Europe/Moscow", SEED],
                       env=env, check=True, capture_output=True)
        if args.scenario == "listing":
            subprocess.run([args.binary, "import"] + sorted(
                os.path.join(ROOT, "examples", f) for f in
                os.listdir(os.path.join(ROOT, "examples"))
                if f.endswith(".json")), env=env, check=True,
                capture_output=True)
            subprocess.run([args.binary, "publisher", "add", "statements",
                            "--kinds", "statement,speech,transcript",
                            "--title", "en-GB=Statements",
                            "--show", "date,place,speakers,locales"],
                           env=env, check=True, capture_output=True)
            paths = ["/en-GB/p/statements/", "/en-GB/p/statements.atom"]
        else:
            paths = [ART]
        pport, nport = free_port(), free_port()
        pr = subprocess.Popen(pin + [args.binary, "serve", "--listen",
                              "127.0.0.1:%d" % pport, "--threads", str(max(2, args.workers)),
                              "--quiet"], env=env, stderr=subprocess.DEVNULL)
        procs.append(pr)
        docroot = os.path.join(work, "www")
        os.makedirs(os.path.join(work, "tmp"))
        bodies = {}
        for path in paths:
            purl = "http://127.0.0.1:%d%s" % (pport, path)
            wait_up(purl, pr)
            bodies[path] = urllib.request.urlopen(purl).read()
            # the same bytes as a static file for nginx
            fpath = os.path.join(docroot, path.lstrip("/"))
            if fpath.endswith("/"):
                fpath += "index.html"
            os.makedirs(os.path.dirname(fpath), exist_ok=True)
            with open(fpath, "wb") as f:
                f.write(bodies[path])
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""
worker_processes %(workers)d;
daemon off;
master_process on;
pid %(w)s/nginx.pid;
error_log %(w)s/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    types { text/html html; application/atom+xml atom; }
    default_type "text/html; charset=utf-8";
    client_body_temp_path %(w)s/tmp;
    proxy_temp_path %(w)s/tmp;
    fastcgi_temp_path %(w)s/tmp;
    uwsgi_temp_path %(w)s/tmp;
    scgi_temp_path %(w)s/tmp;
    server {
        listen 127.0.0.1:%(port)d;
        root %(root)s;
        location / { }
    }
}
""" % {"w": work, "port": nport, "root": docroot,
       "workers": args.workers})
        # nginx's worker may run as another user (nobody) when we are root
        for d, _, files in os.walk(work):
            os.chmod(d, 0o755)
            for fn in files:
                os.chmod(os.path.join(d, fn), 0o644)
        ng = subprocess.Popen(pin + [nginx_bin, "-c", conf, "-p", work])
        procs.append(ng)
        for path in paths:
            nurl = "http://127.0.0.1:%d%s" % (nport, path)
            wait_up(nurl, ng)
            assert urllib.request.urlopen(nurl).read() == bodies[path], \
                "nginx does not serve the same bytes for " + path
        time.sleep(0.5)
        for path in paths:
            bench_path(args, path, bodies[path], pr, ng, pport, nport)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
