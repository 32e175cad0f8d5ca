#!/bin/sh
# The embargo probe (tests/e2e/embargo.py): items scheduled for an instant
# T are unreachable through every public route and the static export
# before T, and reachable everywhere after it.
# Usage: embargo.sh PRESSROOM_BINARY SOURCE_ROOT
PRESSROOM=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"
python3 "$SRC/tests/e2e/embargo.py" "$PRESSROOM" "$SRC" "$work"
exit $?
