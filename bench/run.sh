#!/usr/bin/env bash
# Builds the benchmarks in Release (build-release/) and prints the median of each figure.
# Usage: bench/run.sh [fake_bench|cluster_bench|client_bench] [extra Google Benchmark flags, e.g.
# --benchmark_filter=Lifecycle]; both suites when no suite is named.
# The machine is shared and noisy: compare figures measured in the same run (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
suites=(fake_bench cluster_bench client_bench)
if [ $# -gt 0 ] && [[ "$1" == *_bench ]]; then
  suites=("$1")
  shift
fi
if [ ! -f build-release/build.ninja ]; then
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEPTONKIT_BUILD_TOOLS=OFF
fi
cmake --build build-release -j 2 --target "${suites[@]}"
for suite in "${suites[@]}"; do
  "build-release/bench/$suite" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_min_time=0.5 "$@" 2>/dev/null | grep -E "^(Benchmark|-{5}|.*_median)"
done
