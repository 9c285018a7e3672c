#!/usr/bin/env bash
# Runs the benchmarks and prints one table: figure, median, target, pass or MISS (perf_table).
#
#   bench/run.sh            builds Release in build-release/ and takes medians of 5 repetitions
#   bench/run.sh --quick [BUILD_DIR]
#                           one short repetition of each, on an existing build (default build/):
#                           a quick proof that every benchmark runs (`./run test` only builds them)
#
# Each group of figures runs in its own process, so that one benchmark's memory does not count
# in another's resident-set figure. Targets missed never fail this script (the machine is
# shared and noisy; compare figures taken in one run); a benchmark that cannot run does.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
  build_dir=${2:-build}
  repetitions=1
  min_time=0.05
else
  build_dir=build-release
  repetitions=5
  min_time=0.5
  if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEPTONKIT_BUILD_TOOLS=OFF
  fi
  cmake --build "$build_dir" -j 2 --target fake_bench store_bench client_bench cluster_bench \
    perf_table lepton-contract
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# group NAME BINARY FILTER [MIN_TIME [REPETITIONS]]: one process, its JSON in $out/NAME.json,
# its console output in $out/NAME.log (shown if it fails).
group() {
  local name=$1 binary=$2 filter=$3 time=${4:-$min_time} reps=${5:-$repetitions}
  echo "bench: $name" >&2
  if ! "$build_dir/bench/$binary" --benchmark_filter="$filter" --benchmark_repetitions="$reps" \
      --benchmark_min_time="$time" --benchmark_out="$out/$name.json" --benchmark_out_format=json \
      > "$out/$name.log" 2>&1; then
    cat "$out/$name.log" >&2
    echo "bench: $binary ($name) could not run" >&2
    exit 1
  fi
}

# Request rates need a few hundred milliseconds: 8 new connections take a moment to settle.
request_time=0.5
$quick && request_time=0.2
group requests fake_bench 'BM_FreshFakeToFirstAnswer|BM_CreateGetSequential/1/|BM_BareHttplibFloor|BM_CreateGetThreads' "$request_time"
group lifecycle fake_bench 'BM_LifecycleOnManualClock' 0
group get_stored store_bench 'BM_GetJobAmongStored'
group list_stored store_bench 'BM_ListAllStored' 0
# A size, not a time: one repetition in a fresh process (a second would reuse the first's memory).
group resident store_bench 'BM_ResidentPerStoredJob' 0 1
# Single repetitions of the describe comparison are bimodal (bench/README.md): take 15.
describe_reps=15
$quick && describe_reps=1
group describe client_bench 'BM_DescribeOverhead/0/' "$min_time" "$describe_reps"
group cluster cluster_bench 'BM_ClusterPlacesAndFinishes/100000/' 0

# The whole contract suite against the in-process fake: wall time of its runner.
echo "bench: contract suite" >&2
entries=()
for ((i = 0; i < repetitions; ++i)); do
  start=$(date +%s%N)
  "$build_dir/contract_tests/lepton-contract" --backend=inprocess > /dev/null
  entries+=("{\"run_name\":\"contract_suite_wall\",\"run_type\":\"iteration\",\"real_time\":$((($(date +%s%N) - start) / 1000)),\"time_unit\":\"us\"}")
done
(IFS=,; echo "{\"benchmarks\":[${entries[*]}]}") > "$out/contract.json"

mode="medians of $repetitions, $(basename "$build_dir")"
$quick && mode="quick: one short repetition each, $(basename "$build_dir"); figures are indicative only"
echo "Performance figures ($mode):"
"$build_dir/bench/perf_table" "$out"/*.json
