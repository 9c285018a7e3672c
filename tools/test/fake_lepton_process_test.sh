#!/usr/bin/env bash
# Starts the standalone fake-lepton as a shell user would, drives the whole job API with curl
# using the settings it prints, and checks that SIGTERM stops it cleanly.
# Usage: fake_lepton_process_test.sh <fake-lepton binary> <plan file> <cluster file>
set -euo pipefail
binary=$1
plan=$2
cluster=$3
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

"$binary" --port-file "$dir/port" --time-scale 50 --plan "$plan" --cluster "$cluster" --journal-capacity 100 \
  --fault '{"name":"boot","status":503,"times":1,"match":{"path":"/shapes"}}' >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 1 500); do [ -s "$dir/port" ] && break; sleep 0.01; done
[ -s "$dir/port" ] || { echo "fake-lepton did not start"; cat "$dir/err"; exit 1; }
# shellcheck disable=SC1091
source "$dir/out"
[ -n "$LEPTON_WORKSPACE_URL" ] && [ "$LEPTON_WORKSPACE_ID" = fake-ws ] || { echo "bad settings"; cat "$dir/out"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
# call METHOD PATH [BODY] -> prints "<status> <body>"
call() {
  local args=(-sS -o "$dir/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $LEPTON_WORKSPACE_TOKEN")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  local code
  code=$(curl "${args[@]}" "$LEPTON_WORKSPACE_URL$2")
  echo "$code $(cat "$dir/body")"
}
expect() {  # expect STATUS SUBSTRING METHOD PATH [BODY]
  local want=$1 text=$2; shift 2
  local got; got=$(call "$@")
  [[ "$got" == "$want "* ]] || fail "$* -> $got (wanted $want)"
  [[ "$got" == *"$text"* ]] || fail "$* -> $got (wanted to contain $text)"
}

expect 200 '"jobs":[]' GET /jobs
# The rule given on the command line fires once.
expect 503 '"code":"ServiceUnavailable"' GET /shapes
created=$(call POST /jobs '{"metadata":{"name":"curl-job"},"spec":{"resource_shape":"cpu.small","container":{"command":["sh","-c","echo hello from curl; sleep 1; exit 3"]}}}')
[[ "$created" == "200 "* ]] || fail "create -> $created"
id=$(sed -E 's/.*"id":"(curl-job-[a-z0-9]+)".*/\1/' <<<"$created")
[[ "$id" == curl-job-* ]] || fail "no id in $created"
expect 200 "\"id\":\"$id\"" GET "/jobs/$id"
expect 200 '"jobs":[{' GET '/jobs?page=1&page_size=10&status=q&status=s&status=r&status=f'
expect 200 '"reason"' GET "/jobs/$id/events"
expect 200 '[' GET "/jobs/$id/replicas"
expect 200 '"ng-h100-pool"' GET /dedicated-node-groups
expect 200 '"unschedulable"' GET /dedicated-node-groups/ng-h100-pool/nodes
# The cluster file: a second group, a reservation in effect, and a queue on the one usable node.
expect 200 '"ng-a100-pool"' GET /dedicated-node-groups
expect 200 '"phase":"Reserved"' GET /dedicated-node-groups/ng-a100-pool/reservations
a100_job='{"metadata":{"name":"a100-job"},"spec":{"resource_shape":"gpu.4xh100","affinity":{"allowed_dedicated_node_groups":["ng-a100-pool"]},"container":{"command":["sh","-c","sleep 3600"]}}}'
expect 200 '"a100-job-' POST /jobs "$a100_job"
second=$(call POST /jobs "$a100_job" | sed -E 's/.*"id":"(a100-job-[a-z0-9]+)".*/\1/')
expect 200 'insufficient capacity' GET "/jobs/$second/events"
expect 200 '"gpu.8xh100"' GET /shapes
expect 200 '"workspace_state":"normal"' GET /workspace
expect 200 '{}' POST /usersecrets '[{"name":"hf","value":"x"}]'
expect 200 '"name":"hf"' GET /usersecrets
expect 200 '{}' DELETE /usersecrets/hf
code=$(curl -s -o /dev/null -w '%{http_code}' "$LEPTON_WORKSPACE_URL/jobs")
[ "$code" = 401 ] || fail "no token -> $code"

# At 50x a 1 s sleep ends within a fraction of a second of real time: wait for the end state.
for _ in $(seq 1 300); do
  state=$(call GET "/jobs/$id")
  [[ "$state" == *'"state":"Failed"'* ]] && break
  sleep 0.02
done
[[ "$state" == *'"state":"Failed"'* ]] || fail "job did not fail: $state"
replica=$(call GET "/jobs/$id/replicas" | grep -o "\"id\":\"$id-0-[a-z0-9]*\"" | head -n 1 | cut -d'"' -f4)
log=$(curl -sS -H "Authorization: Bearer $LEPTON_WORKSPACE_TOKEN" "$LEPTON_WORKSPACE_URL/jobs/$id/replicas/$replica/log")
[ "$log" = "hello from curl" ] || fail "log: $log"
expect 200 'hello from curl' GET "/logs?job=$id"

# Control plane.
base=${LEPTON_WORKSPACE_URL%/api/v2/*}
curl -sS -X POST "$base/fake/v1/clock/advance" --data '{"by":"10s"}' | grep -q '"now_ms"' || fail "clock advance"
curl -sS "$base/fake/v1/jobs" | grep -q "$id" || fail "jobs inspection"
curl -sS "$base/fake/v1/jobs" | grep -q '"queue_position":1' || fail "no queue position for $second"
curl -sS -X PUT "$base/fake/v1/cluster" --data '{"reservations":[{"id":"r","node_group":"ng-h100-pool","nodes":["nope"]}]}' \
  | grep -q '/reservations/0/nodes/0' || fail "bad cluster accepted"
expect 200 '{}' DELETE "/jobs/$id"

# Faults for any language: one request through the header, then a rule through the control plane.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $LEPTON_WORKSPACE_TOKEN" \
  -H 'X-Fake-Lepton-Fault: {"status":502}' "$LEPTON_WORKSPACE_URL/jobs")
[ "$code" = 502 ] || fail "fault header -> $code"
curl -sS -X POST "$base/fake/v1/faults" --data '{"name":"slow-down","status":429,"retry_after":"2s","times":1}' \
  | grep -q '"name":"slow-down"' || fail "add fault"
headers=$(curl -sS -D - -o /dev/null -H "Authorization: Bearer $LEPTON_WORKSPACE_TOKEN" "$LEPTON_WORKSPACE_URL/jobs")
[[ "$headers" == *"429"* && "$headers" == *"Retry-After: 2"* ]] || fail "429 fault: $headers"
curl -sS "$base/fake/v1/faults" | grep -q '"fired":1,"match":{},"matched":1,"name":"slow-down"' || fail "fault counters"
curl -sS -X DELETE "$base/fake/v1/faults" | grep -q '{}' || fail "clear faults"
expect 200 '"jobs":' GET /jobs
journal=$(curl -sS "$base/fake/v1/journal?method=GET&path=.*/shapes")
[[ "$journal" == *'"status":503'* && "$journal" == *'"fault":"boot"'* ]] || fail "journal: $journal"
curl -sS "$base/fake/v1/journal" | grep -q "$LEPTON_WORKSPACE_TOKEN" && fail "the journal holds the token"

kill -TERM "$pid"
wait "$pid" && status=0 || status=$?
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
echo "fake-lepton process test: all checks passed"
