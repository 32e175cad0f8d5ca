#!/usr/bin/env python3
"""Benchmark: `pressroom export-site` against Hugo building the same content.

Generates the corpus (bench/corpus.py: N assets, default 10,000, in 3
locales each), imports it, then in the same run times pressroom's export
of the whole public site and Hugo's build of the same content as Markdown
pages, each started cold as a child process. Prints for each: wall time,
HTML pages written, pages per second, CPU seconds, peak resident memory
(the child's ru_maxrss), and the ratios pressroom / Hugo.
Goal (issue 3): >= 5x Hugo's pages per second at <= 1/10 of its memory.

Usage: bench/export.py [--count N] [--workdir DIR] [--keep]
Needs hugo (scripts/deps.sh bench) and the prose cache (bench/fetch-prose.sh).
Not a test: prints figures only.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_measured(cmd, **kw):
    """Runs cmd; returns (wall seconds, CPU seconds, peak RSS in MB)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         **kw)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    out = p.stdout.read().decode(errors="replace")
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed:\n%s\n%s" % (" ".join(cmd[:3]), out[-2000:],
                                         err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, out


def html_pages(root):
    n = 0
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html") or ("." not in f and
                                       not f.startswith(".")):
                n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--locales", default="en-GB,ru-RU,ar")
    ap.add_argument("--binary", default=os.path.join(ROOT,
                                                     "build-release/pressroom"))
    ap.add_argument("--workdir")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo is not installed (scripts/deps.sh bench)")
    work = args.workdir or tempfile.mkdtemp(prefix="pressroom-export-")
    os.makedirs(work, exist_ok=True)
    try:
        json_dir = os.path.join(work, "json")
        hugo_dir = os.path.join(work, "hugo")
        if not os.path.isdir(json_dir):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench",
                            "corpus.py"), "--count", str(args.count),
                            "--locales", args.locales, "--out", json_dir,
                            "--hugo", hugo_dir, "--quiet"], check=True)
        db = os.path.join(work, "bench.db")
        env = dict(os.environ, PRESSROOM_DB=db)
        if not os.path.exists(db):
            subprocess.run([args.binary, "init"], env=env, check=True,
                           capture_output=True)
            files = sorted(os.path.join(json_dir, f)
                           for f in os.listdir(json_dir)
                           if f.endswith(".json"))
            t0 = time.monotonic()
            subprocess.run([args.binary, "import"] + files, env=env,
                           check=True, capture_output=True)
            print("imported %d assets in %.1f s" %
                  (len(files), time.monotonic() - t0))
        out_p = os.path.join(work, "export")
        out_h = os.path.join(work, "hugo-out")
        shutil.rmtree(out_p, ignore_errors=True)
        shutil.rmtree(out_h, ignore_errors=True)
        pw, pc, pm, pout = run_measured([args.binary, "export-site", out_p],
                                        env=env)
        hw, hc, hm, _ = run_measured(["hugo", "--quiet", "--source",
                                      hugo_dir, "--destination", out_h])
        pp, hp = html_pages(out_p), html_pages(out_h)
        # and a re-run with nothing changed: the incremental case
        rw, rc, rm, rout = run_measured([args.binary, "export-site", out_p],
                                        env=env)
        print("corpus: %d assets x %d locales (seed 1)" %
              (args.count, len(args.locales.split(","))))
        print("pressroom: %s" % pout.strip())
        print()
        print("%-22s %9s %9s %11s %9s %10s" % ("", "wall s", "pages",
                                               "pages/s", "CPU s",
                                               "peak MB"))
        print("%-22s %9.2f %9d %11.0f %9.2f %10.1f" %
              ("pressroom export-site", pw, pp, pp / pw, pc, pm))
        print("%-22s %9.2f %9d %11.0f %9.2f %10.1f" %
              ("hugo", hw, hp, hp / hw, hc, hm))
        print("%-22s %9.2f %9s %11s %9.2f %10.1f" %
              ("pressroom, unchanged", rw, "", "", rc, rm))
        print()
        print("ratio pressroom/hugo: pages/s %.2fx (goal >= 5x), "
              "peak memory %.3fx (goal <= 0.1x)" %
              ((pp / pw) / (hp / hw), pm / hm))
        print("incremental re-run: %s" % rout.strip())
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
