#!/usr/bin/env bash
# The drift guard end to end, with the real binaries:
#  1. the committed recording compared with itself shows no difference;
#  2. a copy of it with one field renamed, compared with a fresh recording of the fake, is
#     reported with that field's new and old names;
#  3. (information only) the committed recording against the fresh one, printed for the log: it
#     was made on real time through the live backend, the fresh one on a manual clock, so polls
#     may see states the other did not; a hard check belongs to a recording of a real workspace.
#   drift_guard_test.sh LEPTON_CONTRACT LEPTON_DRIFT RECORDED_DIR
set -euo pipefail
runner=$1 drift=$2 recorded=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$drift" "$recorded" "$recorded" >"$work/self.txt" || { cat "$work/self.txt"; echo "FAIL: a recording differs from itself"; exit 1; }

# The same tests the reference recording ran (the runner lists them in tests-run.txt).
filter=$(paste -sd: "$recorded/tests-run.txt")
"$runner" --backend=inprocess --record="$work/fake" --gtest_brief=1 --gtest_filter="$filter" \
  >"$work/run.txt" 2>&1 ||
  { cat "$work/run.txt"; echo "FAIL: recording the fake failed"; exit 1; }

# Rename status.state to status.phase in every answer of the copy: as if the workspace had
# renamed the field.
cp -r "$recorded" "$work/renamed"
grep -rl '"state":' "$work/renamed" | xargs sed -i 's/"state":/"phase":/g'
set +e
"$drift" "$work/renamed" "$work/fake" >"$work/renamed.txt"
code=$?
set -e
cat "$work/renamed.txt" | grep -E 'status\.(phase|state)' | head -6
[ "$code" -eq 1 ] || { echo "FAIL: lepton-drift exited $code, expected 1 (differences)"; exit 1; }
grep -q 'status\.phase: recorded as string, never sent by the fake' "$work/renamed.txt" ||
  { echo "FAIL: the renamed field (status.phase) is not reported"; exit 1; }
grep -q 'status\.state: sent by the fake as string, never recorded' "$work/renamed.txt" ||
  { echo "FAIL: the field the fake still sends (status.state) is not reported"; exit 1; }

echo "--- committed recording vs the fake today (information) ---"
"$drift" "$recorded" "$work/fake" | tail -15 || true
echo "PASS"
