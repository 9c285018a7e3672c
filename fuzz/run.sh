#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each once over its seed corpus.
#
#   fuzz/run.sh [--runs N | --seconds S] [BUILD_DIR | --prebuilt BUILD_DIR]
#
# BUILD_DIR defaults to build-fuzz in the repository, configured and built here; --prebuilt
# names a build that already has the targets (`./run check` uses the `asan` preset's
# build-asan). Each target first replays the inputs in
# fuzz/regressions/<target>/, then runs alone (the machine's cores are shared) with a corpus
# directory under BUILD_DIR/corpus/<target>, seeded from fixtures/ and fuzz/seeds/ at every
# run; new inputs the fuzzer finds stay there for the next run. Prints one line per target with
# its executions and exit status; exits non-zero when a regression input fails or a target
# crashed, naming the input that crashed it (kept in BUILD_DIR/crashes/<target>/).
set -euo pipefail

usage() { echo "usage: $0 [--runs N | --seconds S] [BUILD_DIR | --prebuilt BUILD_DIR]" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
limit=(-max_total_time=30)
build_dir="${root}/build-fuzz"
prebuilt=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 ]] || usage; limit=("-runs=$2"); shift 2 ;;
    --seconds) [[ $# -ge 2 ]] || usage; limit=("-max_total_time=$2"); shift 2 ;;
    --prebuilt) [[ $# -ge 2 ]] || usage; build_dir="$2"; prebuilt=1; shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) build_dir="$1"; shift ;;
  esac
done
mkdir -p "${build_dir}"
build_dir="$(cd "${build_dir}" && pwd)"

targets=(wire_codec_fuzzer plan_fuzzer command_fuzzer fake_request_fuzzer client_response_fuzzer)

if [[ ${prebuilt} -eq 0 ]]; then
  CC=clang CXX=clang++ cmake -S "${root}" -B "${build_dir}" -G Ninja \
    -DLEPTONKIT_BUILD_FUZZERS=ON -DLEPTONKIT_BUILD_TESTS=OFF -DLEPTONKIT_BUILD_TOOLS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "${build_dir}" -j2 --target "${targets[@]}"
fi

# Copies the seed files of one target into its corpus directory (names kept, so a re-run
# overwrites rather than duplicates).
seed_corpus() {
  local target="$1" corpus="$2"
  mkdir -p "${corpus}"
  case "${target}" in
    wire_codec_fuzzer) find "${root}/fixtures/wire" -type f -name '*.json' -exec cp -t "${corpus}" {} + ;;
    plan_fuzzer)
      find "${root}/fixtures/scenarios" "${root}/fixtures/clusters" -type f -name '*.json' \
        -exec cp -t "${corpus}" {} + ;;
  esac
  if [[ -d "${root}/fuzz/seeds/${target}" ]]; then
    cp -t "${corpus}" "${root}/fuzz/seeds/${target}"/*
  fi
}

# libFuzzer flags of one target beyond the common ones.
target_flags() {
  case "$1" in
    fake_request_fuzzer|client_response_fuzzer)
      # Their server threads free a request's memory after the client has the answer, and the
      # fake keeps state, so most inputs end with more mallocs than frees. libFuzzer then runs
      # the input again and makes a whole-heap LeakSanitizer pass, until 1000 passes made it
      # give up: most of a bounded run's time (fuzz/README.md). LeakSanitizer still checks the
      # whole run when the process exits.
      echo "-detect_leaks=0" ;;
  esac
}

summary=()
failed=0
for target in "${targets[@]}"; do
  corpus="${build_dir}/corpus/${target}"
  crashes="${build_dir}/crashes/${target}"
  log="${build_dir}/logs/${target}.log"
  regressions="${root}/fuzz/regressions/${target}"
  read -r -a flags <<<"$(target_flags "${target}")"
  seed_corpus "${target}" "${corpus}"
  mkdir -p "${crashes}" "$(dirname "${log}")"

  # Inputs that once found a problem run first, three times each (some of those problems
  # showed only on a second request over the same connection, or only now and then).
  if compgen -G "${regressions}/*" >/dev/null; then
    echo "== ${target}: replaying ${regressions} (log: ${log%.log}.regressions.log)"
    if ! "${build_dir}/fuzz/${target}" "${flags[@]}" -runs=3 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="${crashes}/regression-" "${regressions}"/* \
        >"${log%.log}.regressions.log" 2>&1; then
      failed=1
      line="${target}: REGRESSION (see ${log%.log}.regressions.log)"
      summary+=("${line}")
      echo "${line}"
      continue
    fi
  fi

  echo "== ${target} (log: ${log})"
  start=$(date +%s)
  set +e
  "${build_dir}/fuzz/${target}" "${corpus}" "${limit[@]}" "${flags[@]}" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="${crashes}/" >"${log}" 2>&1
  status=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" | tail -n 1)
  line="${target}: executions=${execs:-?} seconds=${seconds} exit=${status}"
  if [[ ${status} -ne 0 ]]; then
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "${log}" | tail -n 1)
    if [[ -z "${artifact}" ]] && grep -q 'ERROR: LeakSanitizer' "${log}"; then
      line+=" LEAK found at exit, no single input (see ${log})"
    else
      line+=" CRASH input=${artifact:-unknown} (see ${log})"
    fi
    # The report itself, so that a CI log that keeps only this output shows what failed.
    tail -n 60 "${log}"
  fi
  summary+=("${line}")
  echo "${line}"
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "${failed}"
