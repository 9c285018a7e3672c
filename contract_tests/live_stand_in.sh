#!/usr/bin/env bash
# Runs the contract suite's `live` backend against a standalone fake-lepton standing in for a
# workspace: the fake is started on a kernel-chosen port and the suite finds it only through the
# SDK's environment variables (LEPTON_WORKSPACE_ID / _TOKEN / _URL), exactly as a live run would.
#   live_stand_in.sh FAKE_LEPTON LEPTON_CONTRACT [lepton-contract flags...]
set -euo pipefail
fake=$1 runner=$2
shift 2
env_file=$(mktemp)
"$fake" --port 0 --time-scale 50 --token "stand-in-token-$RANDOM$RANDOM" >"$env_file" 2>/dev/null &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; rm -f "$env_file"' EXIT
for _ in $(seq 200); do
  grep -q '^export LEPTON_WORKSPACE_URL=' "$env_file" && break
  kill -0 "$fake_pid" 2>/dev/null || { echo "live_stand_in: fake-lepton exited" >&2; exit 1; }
  sleep 0.05
done
# shellcheck disable=SC1090
source "$env_file"
# The stand-in runs 50x real time: poll often, and give up sooner than on a real workspace.
export LEPTONKIT_CONTRACT_POLL_MS=20 LEPTONKIT_CONTRACT_PATIENCE_SECONDS=60
"$runner" --backend=live "$@"
