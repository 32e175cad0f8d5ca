#!/usr/bin/env python3
"""Readers that never stop, and a watch on the write-ahead log, for wal.sh.

Usage: walreaders.py DB STOPFILE OUTFILE [READERS]

READERS threads (default 3) each hold a read transaction on DB for 20 to
80 ms, over and over, staggered so that at every moment some reader holds
a snapshot: the pattern under which a log whose checkpoints are only
PASSIVE (SQLite's automatic ones) is never restarted and grows without
bound. Meanwhile the size of DB-wal is sampled every 50 ms. When STOPFILE
appears, writes "MAX_BYTES LAST_BYTES READS" to OUTFILE and exits.
Standard library only.
"""
import os
import random
import sqlite3
import sys
import threading
import time

db, stopfile, outfile = sys.argv[1:4]
nreaders = int(sys.argv[4]) if len(sys.argv) > 4 else 3
stop = threading.Event()
reads = [0]


def reader(k):
    c = sqlite3.connect(db, timeout=10, isolation_level=None)
    rnd = random.Random(k)
    time.sleep(0.02 * k)
    while not stop.is_set():
        c.execute("BEGIN")
        c.execute("SELECT count(*), sum(length(text)) FROM block").fetchone()
        time.sleep(rnd.uniform(0.02, 0.08))
        c.execute("COMMIT")
        reads[0] += 1
    c.close()


def wal_size():
    try:
        return os.path.getsize(db + "-wal")
    except OSError:
        return 0


threads = [threading.Thread(target=reader, args=(k,))
           for k in range(nreaders)]
for t in threads:
    t.start()
biggest = 0
while not os.path.exists(stopfile):
    biggest = max(biggest, wal_size())
    time.sleep(0.05)
stop.set()
for t in threads:
    t.join()
with open(outfile, "w") as f:
    f.write("%d %d %d\n" % (biggest, wal_size(), reads[0]))
