#!/usr/bin/env bash
# Starts the standalone fake-lepton on 127.0.0.1 (kernel-chosen port) as one process and runs
# fake-loader against it as a second: 8 threads create, patch, list and delete 4,000 jobs while
# the fake's clock runs 50 times faster than real time, then the loader checks that exactly the
# jobs it did not delete remain. Every wait is bounded; SIGTERM must then stop the fake cleanly.
# The token travels in the environment only and is never printed.
# Usage: fake_loader_process_test.sh <fake-lepton binary> <fake-loader binary>
set -euo pipefail
fake=$1
loader=$2
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

# A refused flag is a usage error (exit 2) whose message holds no token, even when a token is a
# part of the "<redacted>" that replaces it ("e") or rides in --workspace <id>:<token>; the
# redaction must end (`timeout` is the backstop).
status=0
timeout 10 "$loader" --token e --workspace ws:loader-usage-token-7c1e9 --no-such-flag \
  >"$dir/usage-out" 2>"$dir/usage-err" || status=$?
[ "$status" = 2 ] || fail "fake-loader with a refused flag exited with $status, not 2"
grep -q 'loader-usage-token-7c1e9' "$dir/usage-out" "$dir/usage-err" \
  && fail "the --workspace credential's token was printed"
grep -q 'no-such-flag' "$dir/usage-err" || fail "the usage error does not name the refused flag"

"$fake" --host 127.0.0.1 --port 0 --port-file "$dir/port" --time-scale 50 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 1 500); do [ -s "$dir/port" ] && break; sleep 0.01; done
[ -s "$dir/port" ] || { cat "$dir/err"; fail "fake-lepton did not start within 5 s"; }
# shellcheck disable=SC1091
source "$dir/out"
export LEPTON_WORKSPACE_ID LEPTON_WORKSPACE_TOKEN LEPTON_WORKSPACE_URL
[[ "$LEPTON_WORKSPACE_URL" == http://127.0.0.1:"$(cat "$dir/port")"/* ]] \
  || fail "the fake is not on loopback at the port it wrote"

# The loader gives up by itself 5 s past its 120 s deadline (exit 3); `timeout` is only a backstop.
status=0
timeout -k 5 140 "$loader" --threads 8 --jobs 4000 --deadline 120 >"$dir/summary" 2>"$dir/loader-err" \
  || status=$?
cat "$dir/summary"
head -n 30 "$dir/loader-err"
[ "$status" = 0 ] || fail "fake-loader exited with $status"
grep -q ' 0 errors, 0 lost, 0 duplicated, 0 unexpected, 0 in a wrong state' "$dir/summary" \
  || fail "the summary reports a problem"

kill -TERM "$pid"
for _ in $(seq 1 1000); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
kill -0 "$pid" 2>/dev/null && fail "fake-lepton still running 10 s after SIGTERM"
wait "$pid" && status=0 || status=$?
pid=
[ "$status" = 0 ] || fail "fake-lepton exit status $status after SIGTERM"
echo "fake-loader process test: all checks passed"
