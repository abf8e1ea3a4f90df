# Shared by the shell tests that run the orchard binary (source it after `orchard=...`):
# a temporary folder $tmp removed on exit, pass/fail counting, and run/expect helpers.
# Every run is in an empty network namespace where one can be had, so that nothing the binary
# does can reach a network.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0
isolate=()
unshare -rn true 2>/dev/null && isolate=(unshare -rn)

# run ARGS...: runs orchard; sets $rc, $out and $err (stdout and stderr, also in $tmp/out and
# $tmp/err).
run() {
  ${isolate[@]+"${isolate[@]}"} "$orchard" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out="$(cat "$tmp/out")"
  err="$(cat "$tmp/err")"
}
ok() { passed=$((passed + 1)); }
# bad WHAT: a failed expectation, shown with the last run's exit code and output.
bad() {
  failures=$((failures + 1))
  echo "FAIL: $*"
  echo "    rc=${rc-} out=$(head -c 300 "$tmp/out" 2>/dev/null) err=$(head -c 300 "$tmp/err" 2>/dev/null)"
}
expect_rc() { [[ $rc -eq $1 ]] && ok || bad "$2: exit $rc, expected $1"; }
# expect_in NEEDLE HAYSTACK WHAT
expect_in() { [[ $2 == *"$1"* ]] && ok || bad "$3: '$1' missing"; }
# expect_err NEEDLE WHAT: the last run's stderr holds NEEDLE.
expect_err() { grep -qF -- "$1" "$tmp/err" && ok || bad "$2: stderr lacks '$1'"; }
# finish NAME: the summary line; the script's status (0 when nothing failed).
finish() {
  echo "$1: $passed passed, $failures failed"
  [[ $failures -eq 0 ]]
}
