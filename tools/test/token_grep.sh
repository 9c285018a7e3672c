#!/usr/bin/env bash
# Fails if a workspace token of the test run appears in the run's output.
#
#   token_grep.sh BUILD_DIR [LOG...]
#
# Scans BUILD_DIR/Testing/Temporary/LastTest.log (ctest's record of every test's command and
# output) and every LOG named, for each token listed in fixtures/test_tokens.txt (fixed,
# case-sensitive substrings; that file says which tokens are listed and why). A hit is reported
# as FILE:LINE with the line shown and the token itself masked, so this script's own output
# never carries a token.
#
# Positive control: every listed token must also occur somewhere in the sources (outside the
# list itself); a token renamed in the tests but not in the list fails here instead of making
# the scan pass without checking anything.
#
# Exit status: 0 no token found; 1 a token was found, or a listed token is in no source file;
# 2 usage: no LastTest.log (run ctest first), a LOG that cannot be read, an empty list.
# LEPTONKIT_TEST_TOKENS overrides the list file and LEPTONKIT_SOURCE_DIR the source tree (for
# the self-test, token_grep_self_test.sh).
set -uo pipefail

usage() {
  echo "usage: token_grep.sh BUILD_DIR [LOG...]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
build_dir=$1
shift

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${LEPTONKIT_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
list=${LEPTONKIT_TEST_TOKENS:-$source_dir/fixtures/test_tokens.txt}

[ -r "$list" ] || { echo "token_grep: cannot read the token list $list" >&2; exit 2; }
mapfile -t tokens < <(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$list" | grep -v -e '^#' -e '^$')
[ ${#tokens[@]} -gt 0 ] || { echo "token_grep: $list lists no token" >&2; exit 2; }

files=("$build_dir/Testing/Temporary/LastTest.log" "$@")
for file in "${files[@]}"; do
  [ -r "$file" ] || { echo "token_grep: cannot read $file (for LastTest.log: run ctest first)" >&2; exit 2; }
done

status=0

token_file=$(mktemp)
trap 'rm -f "$token_file"' EXIT
printf '%s\n' "${tokens[@]}" >"$token_file"

# The positive control, in one pass over the sources: which listed tokens occur in them. Build
# trees and hidden directories are not sources.
found=$(grep -rhoF --exclude-dir='build*' --exclude-dir='.*' --exclude="$(basename "$list")" \
          -f "$token_file" -- "$source_dir" | sort -u)
for i in "${!tokens[@]}"; do
  if ! grep -qxF -- "${tokens[$i]}" <<<"$found"; then
    echo "token_grep: token #$((i + 1)) of $list is in no source file under $source_dir:" \
         "a test renamed its token; update the list" >&2
    status=1
  fi
done

# The scan: one line per hit, the token masked as <token #N>. awk reads the tokens from their
# file (a -v assignment would interpret backslashes in them).
hits=$(awk -v token_file="$token_file" '
  BEGIN {
    while ((getline line < token_file) > 0) token[++n] = line
    if (n == 0) { print "token_grep: read no token from " token_file > "/dev/stderr"; exit 2 }
  }
  {
    shown = $0
    found = 0
    for (i = 1; i <= n; i++) {
      rest = shown
      shown = ""
      while ((at = index(rest, token[i])) > 0) {
        shown = shown substr(rest, 1, at - 1) "<token #" i ">"
        rest = substr(rest, at + length(token[i]))
        found = 1
      }
      shown = shown rest
    }
    if (found) {
      if (length(shown) > 240) shown = substr(shown, 1, 240) "..."
      printf "%s:%d: %s\n", FILENAME, FNR, shown
    }
  }' "${files[@]}") || {
  # A file that cannot be read, or no token read, must not pass as "no token found".
  echo "token_grep: the scan failed (awk exit $?)" >&2
  exit 2
}
if [ -n "$hits" ]; then
  echo "token_grep: a test token appears in the run's output (tokens listed in $list):" >&2
  echo "$hits" >&2
  status=1
fi

if [ $status -eq 0 ]; then
  echo "token_grep: none of ${#tokens[@]} test tokens in ${#files[@]} file(s)"
fi
exit $status
