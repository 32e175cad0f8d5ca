#!/usr/bin/env python3
"""Hostile HTTP clients against a running `pressroom serve`, while a probe
keeps asking for a page and the server's memory is watched.

Usage: hostile.py PORT SERVER_PID TIMEOUT_S MAX_CONN_PER_IP BODY_CAP [RSS_MB]

The server listens on 127.0.0.1:PORT with `--timeout TIMEOUT_S
--max-conn-per-ip MAX_CONN_PER_IP`. Attackers connect from 127.0.0.1 and
other loopback addresses (127.0.0.10 and up, so that slowloris can open
more connections than one address may); the probe connects from
127.0.0.2, a new connection per request. Checks, each printed with its
figures:

  slowloris     hundreds of connections sending headers a byte at a time:
                every one closed by TIMEOUT_S + 2 s
  slow body     complete headers, then a body a few bytes at a time:
                closed by TIMEOUT_S + 2 s
  1 GiB declared  413 within 1 s, body never read, connection closed
  1 GiB chunked   the connection is closed once BODY_CAP bytes are in
  1,000 headers / a 64 KB header / a 16 KB URL   a 4xx (or a close) in 1 s
  framing       Content-Length with Transfer-Encoding, two different
                Content-Lengths: 400 and the connection closed
  paths         invalid UTF-8: 400; ".." (plain and %2e%2e): 400 or 404,
                never a file
  per-IP limit  MAX_CONN_PER_IP connections from one address are served,
                the next is closed at once; another address is served
                meanwhile
  probe         0 failures and p99 under 1 s over the whole run
  memory        resident memory grows by less than RSS_MB (64) MB

Exits 1 if any check fails. Standard library only.
"""
import errno
import os
import selectors
import socket
import statistics
import sys
import threading
import time

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
TIMEOUT = float(sys.argv[3])
PER_IP = int(sys.argv[4])
BODY_CAP = int(sys.argv[5])
# AddressSanitizer's allocator keeps freed memory in quarantine
RSS_LIMIT_MB = int(sys.argv[6]) if len(sys.argv) > 6 else 64
HOST = "127.0.0.1"
PAGE = "/en-GB/"
fails = 0


def check(ok, what):
    global fails
    print("%s: %s" % ("ok" if ok else "FAIL", what), flush=True)
    if not ok:
        fails += 1


def connect(src="127.0.0.1", timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, 0))
    s.settimeout(timeout)
    s.connect((HOST, PORT))
    return s


def status_of(data):
    """The status code of the first response in data, or None."""
    if not data.startswith(b"HTTP/1."):
        return None
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def exchange(data, src="127.0.0.1", wait=3.0, first=None):
    """Sends data, reads until the server closes or wait passes. Returns
    (bytes read, seconds until closed or None if still open); with first
    (a list), appends the seconds until the first byte came."""
    s = connect(src)
    t0 = time.monotonic()
    out = b""
    closed = None
    try:
        s.sendall(data)
    except OSError:
        pass
    s.settimeout(0.05)
    while time.monotonic() - t0 < wait:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            closed = time.monotonic() - t0
            break
        if not d:
            closed = time.monotonic() - t0
            break
        if not out and first is not None:
            first.append(time.monotonic() - t0)
        out += d
    s.close()
    return out, closed


# --- the probe and the memory watch ------------------------------------------

probe_lat = []
probe_fail = []
rss_max = [0]
stop = threading.Event()


def rss_kb():
    try:
        with open("/proc/%d/status" % PID) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def probe():
    req = ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" %
           PAGE).encode()
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            s = connect("127.0.0.2", timeout=5)
            s.sendall(req)
            data = b""
            while True:
                d = s.recv(65536)
                if not d:
                    break
                data += d
            s.close()
            if status_of(data) != 200:
                probe_fail.append("status %r" % status_of(data))
        except OSError as e:
            probe_fail.append(repr(e))
        probe_lat.append(time.monotonic() - t0)
        time.sleep(0.01)


def watch_rss():
    while not stop.is_set():
        rss_max[0] = max(rss_max[0], rss_kb())
        time.sleep(0.05)


# --- attacks -------------------------------------------------------------------

def trickle(socks, payload, every, limit):
    """Sends payload a few bytes at a time on every socket until the server
    closes it; returns the seconds each one took to be closed (None: still
    open after limit)."""
    sel = selectors.DefaultSelector()
    pos = {}
    done = {}
    t0 = time.monotonic()
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        pos[s] = 0
    step, last = payload[1], 0.0
    payload = payload[0]
    while len(done) < len(socks) and time.monotonic() - t0 < limit:
        now = time.monotonic()
        if now - last >= every:
            last = now
            for s in socks:
                if s in done or pos[s] >= len(payload):
                    continue
                try:
                    n = s.send(payload[pos[s]:pos[s] + step])
                    pos[s] += n
                except OSError:
                    done[s] = now - t0
                    sel.unregister(s)
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                d = s.recv(4096)
            except OSError:
                d = b""
            if not d:
                done[s] = time.monotonic() - t0
                sel.unregister(s)
    for s in socks:
        s.close()
    return [done.get(s) for s in socks]


def many_sockets(n, first_src=10, per_src=50):
    socks = []
    for i in range(n):
        src = "127.0.0.%d" % (first_src + i // per_src)
        socks.append(connect(src))
    return socks


def slowloris():
    n = 300
    socks = many_sockets(n)
    head = (b"GET " + PAGE.encode() + b" HTTP/1.1\r\nHost: x\r\n" +
            b"".join(b"X-Slow-%d: %s\r\n" % (i, b"a" * 20)
                     for i in range(100)))
    t = trickle(socks, (head, 1), 0.3, TIMEOUT + 10)
    closed = [x for x in t if x is not None]
    worst = max(closed) if closed else None
    check(len(closed) == n and worst <= TIMEOUT + 2,
          "slowloris: %d connections sending a header byte each 0.3 s, "
          "%d closed, the last after %s s (limit %.1f s)" %
          (n, len(closed), "%.2f" % worst if worst else "-", TIMEOUT + 2))


def slow_body():
    n = 50
    socks = many_sockets(n, first_src=20)
    body = (b"POST /api/v1/assets HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n"
            b"\r\n")
    for s in socks:
        s.sendall(body)
    t = trickle(socks, (b"{" + b" " * 99999, 4), 0.3, TIMEOUT + 10)
    closed = [x for x in t if x is not None]
    worst = max(closed) if closed else None
    check(len(closed) == n and worst <= TIMEOUT + 2,
          "slow body: %d connections sending 4 bytes each 0.3 s, %d "
          "closed, the last after %s s (limit %.1f s)" %
          (n, len(closed), "%.2f" % worst if worst else "-", TIMEOUT + 2))


def declared_gib():
    for method in (b"POST /api/v1/assets", b"GET " + PAGE.encode()):
        t0 = time.monotonic()
        out, closed = exchange(method + b" HTTP/1.1\r\nHost: x\r\n"
                               b"Content-Length: 1073741824\r\n\r\n" +
                               b"x" * 1024, wait=3)
        took = time.monotonic() - t0
        check(status_of(out) == 413 and closed is not None and
              closed < 1.0,
              "1 GiB declared (%s): %s, closed after %s s" %
              (method.split()[0].decode(), status_of(out),
               "%.3f" % closed if closed is not None else "never"))
        del took


def chunked_gib():
    s = connect()
    s.sendall(b"POST /api/v1/assets HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"10000\r\n" + b"a" * 65536 + b"\r\n"
    sent = 0
    t0 = time.monotonic()
    closed = False
    s.settimeout(5)
    try:
        while sent < (1 << 30) and time.monotonic() - t0 < 20:
            s.sendall(chunk)
            sent += 65536
    except OSError:
        closed = True
    took = time.monotonic() - t0
    s.close()
    # the kernel buffers a few MB on both sides: allow for them
    check(closed and sent <= BODY_CAP + (16 << 20) and took < 5,
          "1 GiB chunked: closed after %.1f MB of body (cap %.1f MB) "
          "in %.2f s" % (sent / 1e6, BODY_CAP / 1e6, took))


def header_floods():
    t0 = time.monotonic()
    out, closed = exchange(b"GET " + PAGE.encode() + b" HTTP/1.1\r\n"
                           b"Host: x\r\n" +
                           b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
                           + b"\r\n", wait=2)
    st = status_of(out)
    check(st in (400, 413, 431) and time.monotonic() - t0 < 1.5,
          "1,000 headers: %s in %.3f s" % (st, time.monotonic() - t0))
    t0 = time.monotonic()
    try:
        out, closed = exchange(b"GET " + PAGE.encode() + b" HTTP/1.1\r\n"
                               b"Host: x\r\nX-Big: " + b"a" * 65536 +
                               b"\r\n\r\n", wait=2)
    except OSError:
        out, closed = b"", 0.0
    st = status_of(out)
    check((st in (400, 413, 431) or (st is None and closed is not None))
          and time.monotonic() - t0 < 1.5,
          "64 KB header: %s, closed %s, in %.3f s" %
          (st, closed is not None, time.monotonic() - t0))
    first = []
    out, closed = exchange(b"GET /en-GB/" + b"a" * 16384 + b" HTTP/1.1\r\n"
                           b"Host: x\r\nConnection: close\r\n\r\n",
                           wait=2, first=first)
    st = status_of(out)
    check(st in (400, 404, 414, 431) and first and first[0] < 1,
          "16 KB URL: %s in %.3f s" % (st, first[0] if first else -1))


def framing():
    cases = [
        ("Content-Length with Transfer-Encoding",
         b"POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
         b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("GET with Content-Length and Transfer-Encoding",
         b"GET " + PAGE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
         b"Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n"
         b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("two Content-Lengths",
         b"POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         b"Content-Length: 41\r\n\r\nhello"
         b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"),
    ]
    for what, data in cases:
        out, closed = exchange(data, wait=2)
        st = status_of(out)
        n = out.count(b"HTTP/1.1 ")
        check(st == 400 and n == 1 and closed is not None and closed < 1,
              "%s: %s, %d response(s), closed after %s s" %
              (what, st, n, "%.3f" % closed if closed is not None
               else "never"))


def paths():
    cases = [
        ("invalid UTF-8", b"/en-GB/\xff\xfe\xc0\xaf", (400,)),
        ("overlong UTF-8 slash", b"/static/..\xc0\xafmeson.build", (400,)),
        ("dot-dot", b"/static/../../../../etc/passwd", (400, 404)),
        ("encoded dot-dot", b"/static/%2e%2e/%2e%2e/etc/passwd", (400, 404)),
        ("encoded slash", b"/static/..%2f..%2fmeson.build", (400, 404)),
        ("dot-dot article", b"/en-GB/../../etc/passwd", (400, 404)),
        ("NUL", b"/static/style.css%00.html", (400, 404)),
    ]
    for what, path, want in cases:
        out, _ = exchange(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n"
                          b"Connection: close\r\n\r\n", wait=2)
        st = status_of(out)
        leak = b"root:" in out or b"project(" in out
        check(st in want and not leak, "%s path: %s%s" %
              (what, st, " and it leaked a file" if leak else ""))


def per_ip():
    # all within the timeout: an idle connection is closed after it
    held = []
    req = b"GET " + PAGE.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    try:
        for _ in range(PER_IP):
            s = connect("127.0.0.5")
            s.sendall(req)
            held.append(s)
        # every one of them is served, and stays open (keep-alive)
        ok = 0
        for s in held:
            s.settimeout(3)
            try:
                if status_of(s.recv(65536)) == 200:
                    ok += 1
            except OSError:
                pass
        extra = connect("127.0.0.5")
        extra.settimeout(2)
        t0 = time.monotonic()
        try:
            extra.sendall(b"GET " + PAGE.encode() +
                          b" HTTP/1.1\r\nHost: x\r\n\r\n")
            d = extra.recv(65536)
        except OSError:
            d = b""
        took = time.monotonic() - t0
        extra.close()
        other, _ = exchange(b"GET " + PAGE.encode() + b" HTTP/1.1\r\n"
                            b"Host: x\r\nConnection: close\r\n\r\n",
                            src="127.0.0.6", wait=2)
        check(ok == PER_IP and d == b"" and took < 1 and
              status_of(other) == 200,
              "per-IP limit: %d of %d connections served, connection %d "
              "%s in %.3f s, another address got %s" %
              (ok, PER_IP, PER_IP + 1, "refused" if d == b"" else
               "served", took, status_of(other)))
    finally:
        for s in held:
            s.close()
    time.sleep(0.2)
    again, _ = exchange(b"GET " + PAGE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\n\r\n", src="127.0.0.5")
    check(status_of(again) == 200,
          "per-IP limit: served again once the others closed (%s)" %
          status_of(again))


def main():
    base = rss_kb()
    threads = [threading.Thread(target=probe), threading.Thread(
        target=watch_rss)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    try:
        for attack in (declared_gib, header_floods, framing, paths, per_ip,
                       chunked_gib, slowloris, slow_body):
            attack()
    finally:
        stop.set()
        for t in threads:
            t.join()
    lat = sorted(probe_lat)
    p99 = lat[int(len(lat) * 0.99) - 1] if lat else None
    print("probe: %d requests in %.1f s, p50 %.1f ms, p99 %.1f ms, max "
          "%.1f ms, %d failures %s" %
          (len(lat), time.monotonic() - t0,
           statistics.median(lat) * 1e3 if lat else 0,
           p99 * 1e3 if p99 else 0, lat[-1] * 1e3 if lat else 0,
           len(probe_fail), probe_fail[:3]))
    check(len(lat) > 100 and not probe_fail and p99 < 1.0,
          "probe p99 under 1 s with no failures")
    grow = (rss_max[0] - base) / 1024
    print("memory: resident %.1f MB before, %.1f MB at most (+%.1f MB)" %
          (base / 1024, rss_max[0] / 1024, grow))
    check(grow < RSS_LIMIT_MB, "resident memory grew by less than %d MB" %
          RSS_LIMIT_MB)
    try:
        os.kill(PID, 0)
        alive = True
    except OSError:
        alive = False
    check(alive, "the server is still running")
    print("%s" % ("hostile: all passed" if fails == 0 else
                  "hostile: %d failed" % fails))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
