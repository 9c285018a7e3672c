#!/usr/bin/env bash
# The fake's dashboard (/fake/ui/) in a real browser: starts fake-lepton with a cluster and jobs
# in different states, renders the page in headless Chromium and checks the rendered DOM; then
# advances the clock through the page's own button and sees the running job complete; then a
# job carrying HTML in its label, command and log shows it as text, creating no element.
# Keeps screenshots (1280x800 and a narrow window) in OUT_DIR.
# Usage: dashboard_browser_test.sh <fake-lepton binary> <out dir>
#
# Headless Chromium with --dump-dom cannot click, so the page understands `click=<button id>` in
# its address's fragment: after its first complete drawing it clicks that button once, running
# the same handler a person's click runs. Chosen over driving the DevTools protocol (a websocket
# client in bash or an npm install of a driver): it needs nothing but Debian's chromium package,
# which `./run test` installs.
set -euo pipefail
binary=$1
out_dir=$2
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  echo "FAIL: chromium is not installed; ./run test installs it (Debian package chromium)"
  exit 1
fi
mkdir -p "$out_dir"
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# The clock runs at a thousandth of real time: only the test (and the page's buttons) move it.
"$binary" --port-file "$dir/port" --time-scale 0.001 --journal-capacity 200 \
  --fault '{"name":"flaky-create","status":503,"times":1,"match":{"method":"POST","path":"/jobs","job_name":"flaky"}}' \
  >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 1 500); do [ -s "$dir/port" ] && break; sleep 0.01; done
[ -s "$dir/port" ] || { echo "FAIL: fake-lepton did not start"; cat "$dir/err"; exit 1; }
# shellcheck disable=SC1091
source "$dir/out"
base="http://127.0.0.1:$(cat "$dir/port")"
grep -q "dashboard at $base/fake/ui/" "$dir/err" || { echo "FAIL: no dashboard URL on stderr"; cat "$dir/err"; exit 1; }
if grep -q dashboard "$dir/out"; then echo "FAIL: the dashboard URL is on stdout"; exit 1; fi

fail() { echo "FAIL: $*"; exit 1; }
# create JSON -> the new job's id (any status but 200 fails, unless the second argument says).
create() {
  local code
  code=$(curl -sS -o "$dir/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $LEPTON_WORKSPACE_TOKEN" \
    -H 'Content-Type: application/json' --data "$1" "$LEPTON_WORKSPACE_URL/jobs")
  [ "$code" = "${2:-200}" ] || fail "create $1 -> $code $(cat "$dir/body")"
  sed -E 's/.*"id":"([a-z0-9-]+)".*/\1/' "$dir/body"
}
advance() { curl -sS -X POST --data "{\"seconds\": $1}" "$base/fake/v1/clock/advance" >/dev/null; }
job() {  # job NAME SHAPE REPLICAS COMMAND_JSON_STRING [LABELS_JSON]
  local labels=${5:-}
  [ -n "$labels" ] || labels='{}'
  printf '{"metadata":{"name":"%s","labels":%s},"spec":{"resource_shape":"%s","completions":%s,"parallelism":%s,"container":{"command":["sh","-c",%s]}}}' \
    "$1" "$labels" "$2" "$3" "$3" "$4"
}
# render FRAGMENT OUT: the DOM after the page has run for a few seconds of virtual time.
render() {
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/profile-$RANDOM" --window-size=1280,800 --virtual-time-budget=4000 \
    --dump-dom "$base/fake/ui/$1" >"$2" 2>"$dir/chromium.err" || { cat "$dir/chromium.err"; fail "chromium --dump-dom $1"; }
  # One element a line: rows and list items can be checked one at a time.
  sed -i -e 's#</tr>#</tr>\n#g' -e 's#</li>#</li>\n#g' "$2"
}
screenshot() {  # screenshot FRAGMENT WIDTH HEIGHT FILE
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$dir/profile-$RANDOM" --window-size="$2,$3" --virtual-time-budget=4000 \
    --screenshot="$4" "$base/fake/ui/$1" >/dev/null 2>"$dir/chromium.err" || { cat "$dir/chromium.err"; fail "chromium --screenshot"; }
  [ -s "$4" ] || fail "no screenshot in $4"
}
row() { grep -F "data-job-id=\"$1\"" "$2" || fail "no row for job $1 in $2"; }
has() { grep -qF -- "$1" <<<"$2" || fail "expected '$1' in: $2"; }

# The world: a job running on two nodes, a failed one, one created after a fault fired, one
# with HTML in it; then one queueing for capacity.
train=$(create "$(job train gpu.8xh100 2 '"echo step 1 of train; sleep 60; echo done training"')")
broken=$(create "$(job broken cpu.small 1 '"echo starting; exit 3"')")
create "$(job flaky cpu.small 1 '"sleep 6000"')" 503 >/dev/null
flaky=$(create "$(job flaky cpu.small 1 '"sleep 6000"')")
payload='<img src=x onerror=document.body.dataset.pwned=1>'
xss=$(create "$(job xss-probe cpu.small 1 "\"echo '$payload'; sleep 6000\"" "{\"note\":\"$payload\"}")")
advance 5
big=$(create "$(job big gpu.8xh100 3 '"sleep 60"')")

render "" "$dir/jobs.html"
has 'data-state="Running"' "$(row "$train" "$dir/jobs.html")"
has '>2/2<' "$(row "$train" "$dir/jobs.html")"
has 'data-state="Failed"' "$(row "$broken" "$dir/jobs.html")"
has 'data-state="Running"' "$(row "$flaky" "$dir/jobs.html")"
has '>xss-probe<' "$(row "$xss" "$dir/jobs.html")"
big_row=$(row "$big" "$dir/jobs.html")
has 'data-state="Queueing"' "$big_row"
has '>#1<' "$big_row"
has 'insufficient capacity' "$big_row"
for name in train broken flaky xss-probe big; do has ">$name<" "$(cat "$dir/jobs.html")"; done
has '5 jobs' "$(cat "$dir/jobs.html")"
# The node grid: the four nodes of the default group, 16 GPUs held by train, 16 free.
[ "$(grep -c 'data-node="' "$dir/jobs.html")" = 4 ] || fail "expected 4 nodes in the grid"
[ "$(grep -o 'class="gpu job-c[0-9]*"' "$dir/jobs.html" | wc -l)" = 16 ] || fail "expected 16 held GPUs"
[ "$(grep -o 'class="gpu free"' "$dir/jobs.html" | wc -l)" = 16 ] || fail "expected 16 free GPUs"
[ "$(grep -F 'class="swatch' "$dir/jobs.html" | grep -cF ">train<")" = 2 ] || fail "train should hold two nodes"
# The fault rule: both creates of flaky matched it, the first one fired it.
fault_row=$(grep -F 'data-fault="flaky-create"' "$dir/jobs.html" || fail "no fault row")
has '<td class="matched">2</td><td class="fired">1</td>' "$fault_row"
# The journal shows the refused create.
has '>503<' "$(cat "$dir/jobs.html")"
echo "ok: jobs, states, queue reason, node grid, fault counts and journal are shown"
screenshot "" 1280 800 "$out_dir/dashboard.png"
screenshot "" 420 900 "$out_dir/dashboard-narrow.png"

# The page's "+1 min" button moves the clock; the job view then shows train completed.
before=$(curl -sS "$base/fake/v1/clock" | sed -E 's/.*"now_ms":([0-9]+).*/\1/')
render "#job=$train&click=advance-60s" "$dir/advanced.html"
after=$(curl -sS "$base/fake/v1/clock" | sed -E 's/.*"now_ms":([0-9]+).*/\1/')
[ $((after - before)) -ge 60000 ] || fail "the clock moved $((after - before)) ms, not the button's minute"
has 'data-state="Completed"' "$(row "$train" "$dir/advanced.html")"
has 'Job train' "$(cat "$dir/advanced.html")"
has 'done training' "$(cat "$dir/advanced.html")"
grep -q 'class="timeline"' "$dir/advanced.html" || fail "no event timeline"
echo "ok: the page's +1 min button advanced the clock and train completed"
screenshot "#job=$train" 1280 800 "$out_dir/dashboard-job.png"

# HTML from the fake is text: in the log, the label and the command, escaped; no element made.
render "#job=$xss" "$dir/xss.html"
has "Job xss-probe" "$(cat "$dir/xss.html")"
[ "$(grep -cF '&lt;img src=x onerror=' "$dir/xss.html")" -ge 2 ] || fail "the HTML is not shown as text"
if grep -qi '<img' "$dir/xss.html"; then fail "an <img> element was created from the fake's text"; fi
if grep -q 'data-pwned' "$dir/xss.html"; then fail "the injected handler ran"; fi
echo "ok: HTML in a label, a command and a log line is shown as text"

kill "$pid"
wait "$pid" || fail "fake-lepton did not stop cleanly"
pid=

# --no-ui: no page, and no URL printed.
"$binary" --port-file "$dir/port2" --no-ui >"$dir/out2" 2>"$dir/err2" &
pid=$!
for _ in $(seq 1 500); do [ -s "$dir/port2" ] && break; sleep 0.01; done
[ -s "$dir/port2" ] || fail "fake-lepton --no-ui did not start"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$dir/port2")/fake/ui/")
[ "$code" = 404 ] || fail "--no-ui still serves the dashboard ($code)"
if grep -q dashboard "$dir/err2"; then fail "--no-ui still prints a dashboard URL"; fi
echo "ok: --no-ui serves no dashboard"
echo "all checks passed"
