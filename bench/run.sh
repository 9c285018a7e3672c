#!/usr/bin/env bash
# Builds the benchmarks in Release (build-release/) and prints the median of each figure.
# Usage: bench/run.sh [extra Google Benchmark flags, e.g. --benchmark_filter=Lifecycle]
# The machine is shared and noisy: compare figures measured in the same run (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build-release/build.ninja ]; then
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEPTONKIT_BUILD_TOOLS=OFF
fi
cmake --build build-release -j 2 --target fake_bench
build-release/bench/fake_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.5 "$@" 2>/dev/null | grep -E "^(Benchmark|-{5}|.*_median)"
