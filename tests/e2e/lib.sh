# Shared helpers for the end-to-end tests (sourced, not run).
# Usage in a test: . "$(dirname "$0")/lib.sh"; needs $PRESSROOM (binary).
set -u
fails=0
checks=0
work=$(mktemp -d /tmp/pressroom-e2e.XXXXXX)
trap 'cleanup' EXIT

cleanup() {
	if [ -n "${server_pid:-}" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$work"
}

ok() {
	checks=$((checks + 1))
}

bad() {
	checks=$((checks + 1))
	fails=$((fails + 1))
	echo "FAIL: $*" >&2
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

# expect_in WHAT NEEDLE FILE
expect_in() {
	if grep -qF -- "$2" "$3"; then ok; else
		bad "$1: '$2' not in $3:"; head -c 2000 "$3" >&2; echo >&2
	fi
}

expect_not_in() {
	if grep -qF -- "$2" "$3"; then bad "$1: '$2' found in $3"; else ok; fi
}

# run_pr [args...]: runs pressroom, stdout to $work/out, stderr to
# $work/err, exit code in $rc
run_pr() {
	"$PRESSROOM" "$@" >"$work/out" 2>"$work/err"
	rc=$?
}

# A free TCP port on 127.0.0.1 (the kernel picks it).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

finish() {
	echo "$checks checks, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}
