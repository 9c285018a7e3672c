#!/usr/bin/env bash
# token_grep.sh checked on files made for it: a clean run passes; a token in LastTest.log or in
# a named log fails and is reported by file and line without the token itself; a listed token
# that no source holds fails (the positive control); a missing LastTest.log is a usage error.
#   token_grep_self_test.sh TOKEN_GREP_SH
set -uo pipefail
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
# run NAME ARGS...: runs the script, its output to $work/NAME.out; prints its exit status.
run() {
  local name=$1
  shift
  "$script" "$@" >"$work/$name.out" 2>&1
  echo $?
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
list="$here/../../fixtures/test_tokens.txt"
# A real token of the list, read from it, so that this file holds none.
token=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$list" | head -n 1 | tr -d '[:space:]')
[ -n "$token" ] || fail "no token in $list"

mkdir -p "$work/build/Testing/Temporary"
log="$work/build/Testing/Temporary/LastTest.log"
printf 'Start testing\n[ RUN ] Clean.Test\n[ OK ] Clean.Test\n' >"$log"
printf 'demo output\nall good\n' >"$work/clean.log"

code=$(run clean "$work/build" "$work/clean.log")
[ "$code" = 0 ] || fail "clean files: exit $code, wanted 0: $(cat "$work/clean.out")"

printf 'line one\nAuthorization: Bearer %s seen\n' "$token" >"$work/leaky.log"
code=$(run named "$work/build" "$work/clean.log" "$work/leaky.log")
[ "$code" = 1 ] || fail "a token in a named log: exit $code, wanted 1"
grep -qF "$work/leaky.log:2: Authorization: Bearer <token #" "$work/named.out" ||
  fail "the hit is not named by file and line: $(cat "$work/named.out")"
grep -qF -- "$token" "$work/named.out" && fail "the report repeats the token"

printf 'Start testing\nCommand: "x" "--token" "%s"\n' "$token" >"$log"
code=$(run last_test "$work/build")
[ "$code" = 1 ] || fail "a token in LastTest.log: exit $code, wanted 1"
grep -qF "$log:2:" "$work/last_test.out" || fail "LastTest.log hit not named: $(cat "$work/last_test.out")"
printf 'Start testing\n' >"$log"

# The positive control: a listed token that no source holds fails, even on clean files.
printf '# comment\n%s\nnever-written-token-%s\n' "$token" "$RANDOM$RANDOM" >"$work/tokens.txt"
code=$(LEPTONKIT_TEST_TOKENS="$work/tokens.txt" run control "$work/build")
[ "$code" = 1 ] || fail "a token in no source: exit $code, wanted 1"
grep -qF "token #2 of $work/tokens.txt is in no source file" "$work/control.out" ||
  fail "the missing token is not named: $(cat "$work/control.out")"

rm "$log"
code=$(run usage "$work/build")
[ "$code" = 2 ] || fail "no LastTest.log: exit $code, wanted 2"

echo "token_grep self-test: all checks passed"
