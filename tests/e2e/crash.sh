#!/bin/sh
# The crash-safety harness (tests/e2e/crash.py): concurrent API writers,
# the server killed with SIGKILL at random moments (CRASH_KILLS, 20) and
# restarted on the same database; after every kill no acknowledged write
# may be lost or changed, PRAGMA integrity_check must be ok and no asset
# half saved. CRASH_SELFTEST=1 (revision, content, block, translation)
# damages the database after the first kill: the run must then fail.
# Usage: crash.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
python3 "$SRC/tests/e2e/crash.py" "$PRESSROOM" "$work"
exit $?
