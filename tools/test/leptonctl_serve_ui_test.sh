#!/usr/bin/env bash
# leptonctl --fake --serve-ui (what `./run demo --ui` runs): prints the dashboard's URL on stderr,
# runs the command, then keeps the fake and its dashboard serving until SIGTERM, and exits with
# the command's code.
# Usage: leptonctl_serve_ui_test.sh <leptonctl binary>
set -euo pipefail
binary=$1
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; cat "$dir/err" 2>/dev/null; exit 1; }

"$binary" --fake --serve-ui node-groups >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 1 1000); do grep -q "keeps serving" "$dir/err" && break; sleep 0.01; done
grep -q "keeps serving" "$dir/err" || fail "leptonctl did not keep the fake serving"
grep -q "h100-pool" "$dir/out" || fail "the command did not run"
url=$(sed -nE 's#.*dashboard: (http://127\.0\.0\.1:[0-9]+/fake/ui/).*#\1#p' "$dir/err" | head -1)
[ -n "$url" ] || fail "no dashboard URL on stderr"
code=$(curl -sS -o "$dir/page" -w '%{http_code}' "$url")
[ "$code" = 200 ] && grep -q '<script src="app.js"' "$dir/page" || fail "the dashboard is not served ($code)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" = 0 ] || fail "leptonctl exited $status after SIGTERM, not the command's 0"
if curl -sS -o /dev/null "$url" 2>/dev/null; then fail "the fake still answers after leptonctl ended"; fi
echo "all checks passed"
