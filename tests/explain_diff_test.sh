#!/bin/sh
# End-to-end checks of `orchard explain` and `orchard diff` on the golden run: every format
# through the CLI equals its golden file, exit codes follow the README, bad input is exit 2.
# Usage: explain_diff_test.sh ORCHARD GOLDEN_DIR
set -u
orchard=$1 golden=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_rc() { # WANT DESCRIPTION COMMAND...
  want=$1 what=$2
  shift 2
  "$@" > "$work/out" 2> "$work/err"
  rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want ($(cat "$work/err"))"
}

for pair in text:expected.txt json:expected.json jsonl:expected.jsonl junit:expected.junit.xml \
            html:expected.html markdown:expected.md csv:expected.csv jamf:expected.jamf.txt; do
  format=${pair%%:*} file=${pair#*:}
  expect_rc 0 "explain --format $format" "$orchard" explain "$golden/results.json" \
    --format "$format" -o "$work/$file"
  cmp -s "$work/$file" "$golden/$file" || fail "explain --format $format differs from $file"
done
expect_rc 0 "explain from stdin" sh -c "\"$orchard\" explain - < \"$golden/results.json\""
cmp -s "$work/out" "$golden/expected.txt" || fail "explain - (stdin) differs from expected.txt"

expect_rc 2 "explain of a missing file" "$orchard" explain "$work/missing.json"
expect_rc 2 "explain with an unknown format" "$orchard" explain "$golden/results.json" --format yaml
sed 's/"status": "fail"/"status": "grey"/' "$golden/results.json" > "$work/grey.json"
expect_rc 2 "explain of an unknown status" "$orchard" explain "$work/grey.json"
grep -q 'results\[[0-9]*\].status: unknown status' "$work/err" ||
  fail "the error does not name the JSON path: $(cat "$work/err")"

# "after": the first passing row now fails. The other direction only improves.
awk '!done && /"status": "pass"/ { sub(/"pass"/, "\"fail\""); done = 1 } { print }' \
  "$golden/results.json" > "$work/after.json"
expect_rc 0 "diff of a run with itself" "$orchard" diff "$golden/results.json" "$golden/results.json"
grep -q '0 worse' "$work/out" || fail "diff of identical runs does not say 0 worse"
expect_rc 1 "diff where a row broke" "$orchard" diff "$golden/results.json" "$work/after.json"
grep -q 'broke .*certs.apple.com:80 .*pass -> fail' "$work/out" || fail "diff does not show the broken row"
expect_rc 0 "diff where a row was fixed" "$orchard" diff "$work/after.json" "$golden/results.json"
expect_rc 1 "diff --format json" "$orchard" diff --format json "$golden/results.json" "$work/after.json"
grep -q '"schema": "orchard/diff-v1"' "$work/out" || fail "diff --format json lacks its schema"
expect_rc 2 "diff with a missing file" "$orchard" diff "$golden/results.json" "$work/missing.json"

[ "$failures" -eq 0 ] && echo "PASS" || exit 1
