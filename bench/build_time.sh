#!/usr/bin/env bash
# The edit-build-test loop's figures (issue #21): a clean clone's `./run test` with an empty
# ccache, the ten longest build steps, and the loop after touching one source file of the fake.
#
#   bench/build_time.sh [WORK_DIR]      (default: a new temporary directory, removed at the end)
#
# Prints, in this order:
#   clean ./run test: N s (build N s, tests N s)    the wall time of each stage, from its lines
#   top ten build steps                             seconds, from build/.ninja_log
#   touch fake_lepton/src/world.cc, rebuild: N s    `cmake --build build`
#   ... then ctest -L fake: N s                     every test case of the fake
# Nothing else should run on the machine meanwhile: these are wall times on its cores.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

git clone -q "$source_dir" "$work/leptonkit"
cd "$work/leptonkit"
# An empty cache: a new machine has none.
export CCACHE_DIR="$work/ccache"

started=$SECONDS
./run test > "$work/run-test.log" 2>&1 || { tail -40 "$work/run-test.log"; exit 1; }
total=$((SECONDS - started))
stage_seconds() { sed -n "s/^== $1.*: passed in \([0-9]*\) s$/\1/p" "$work/run-test.log"; }
echo "clean ./run test: ${total} s (build $(stage_seconds build) s, tests $(stage_seconds every) s)"

echo "top ten build steps (s):"
awk 'NR > 1 { printf "%8.1f  %s\n", ($2 - $1) / 1000, $4 }' build/.ninja_log | sort -rn | head -10

touch fake_lepton/src/world.cc
started=$SECONDS
cmake --build build -j 2 > /dev/null
rebuilt=$((SECONDS - started))
started=$SECONDS
ctest --test-dir build -L fake -j 2 > "$work/ctest-fake.log" 2>&1 || { tail -20 "$work/ctest-fake.log"; exit 1; }
tested=$((SECONDS - started))
echo "touch fake_lepton/src/world.cc, rebuild: ${rebuilt} s, then ctest -L fake: ${tested} s" \
     "($(grep -o '[0-9]* tests failed out of [0-9]*' "$work/ctest-fake.log"))"
