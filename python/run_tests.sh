#!/usr/bin/env bash
# Runs the tests of the leptonkit_fake package (python/tests) and of the Python example
# (examples/python) with pytest against a built fake-lepton, with no install: the package is
# put on PYTHONPATH and its plugin loaded with -p.
#
#   python/run_tests.sh FAKE_LEPTON [PYTEST_ARGS...]
#
# The interpreter is $LEPTONKIT_PYTHON if set, else the first of `python3` on PATH and Debian's
# /usr/bin/python3 that has pytest (Debian: apt-get install python3-pytest).
# Exit status: pytest's (0 all passed, 1 a test failed, ...); 2 for bad usage; 77 when no
# interpreter with pytest is found (ctest reports the test as skipped, with this message).
set -uo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ] || [ -d "$1" ]; then
  echo "usage: run_tests.sh FAKE_LEPTON [PYTEST_ARGS...]  (FAKE_LEPTON: the built fake-lepton;" \
       "got '${1:-}')" >&2
  exit 2
fi
fake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/.." && pwd)

if [ -n "${LEPTONKIT_PYTHON:-}" ]; then
  candidates=("$LEPTONKIT_PYTHON")
else
  candidates=(python3 /usr/bin/python3)
fi
python=
for candidate in "${candidates[@]}"; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import pytest" 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "run_tests.sh: SKIPPED: no Python with pytest among: ${candidates[*]}." \
       "Install Debian's python3-pytest (apt-get install python3-pytest)." >&2
  exit 77
fi
echo "run_tests.sh: $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')," \
     "pytest $("$python" -c 'import pytest; print(pytest.__version__)'), fake-lepton $fake"

cd "$source_dir"
export LEPTONKIT_FAKE_LEPTON="$fake"
export PYTHONPATH="$source_dir/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
exec "$python" -m pytest -p leptonkit_fake.plugin -p no:cacheprovider -q -rfEs \
  python/tests examples/python "$@"
