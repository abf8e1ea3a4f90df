#!/usr/bin/env bash
# orchard(1) as man reads it: no warnings from man --warnings, and every subcommand and every
# option that `orchard help SUB` lists is in the page (so the page cannot drift from the CLI).
#   man_test.sh ORCHARD [MANPAGE]   (MANPAGE: an installed orchard.1; default: `orchard man`)
set -uo pipefail
orchard="$1"
command -v man >/dev/null || { echo "SKIP: man not installed (package man-db)"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
page="${2:-$tmp/orchard.1}"
[[ $# -ge 2 ]] || "$orchard" man >"$page" || { echo "FAIL: orchard man"; exit 1; }
failures=0
passed=0
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$page" >"$tmp/text" 2>"$tmp/warnings"
if [[ -s $tmp/warnings ]]; then fail "man --warnings:"; sed 's/^/    /' "$tmp/warnings"; else passed=$((passed + 1)); fi
grep -q "^NAME" "$tmp/text" && passed=$((passed + 1)) || fail "no NAME section"
# What the page says, hyphens in any of groff's renderings as ASCII.
sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' "$tmp/text" >"$tmp/plain"

for sub in check "catalog list" "catalog show" "catalog import" "catalog diff" explain diff \
  allowlist serve help completion; do
  if grep -qF "orchard $sub" "$tmp/plain"; then passed=$((passed + 1)); else fail "no section for orchard $sub"; fi
  # shellcheck disable=SC2086
  for opt in $("$orchard" help $sub | grep -oE '(^|[ ,])--[a-z0-9-]+' | tr -d ' ,' | sort -u); do
    if grep -qF -- "$opt" "$tmp/plain"; then passed=$((passed + 1)); else fail "orchard $sub $opt is not in the man page"; fi
  done
done
grep -q "Exit codes" "$tmp/plain" && passed=$((passed + 1)) || fail "no exit codes"

echo "man page: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
