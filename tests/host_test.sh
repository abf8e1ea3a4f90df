#!/bin/sh
# orchard host through the binary: this machine's facts as JSON and as text, the Linux facts
# read from files the test writes (never the real /etc), and a bad format is a usage error.
# Usage: host_test.sh ORCHARD
set -u
orchard=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
printf 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n' > "$work/os-release"
printf 'search lab.example\nnameserver 127.0.0.53\n' > "$work/resolv.conf"
files="--os-release $work/os-release --resolv-conf $work/resolv.conf"

# shellcheck disable=SC2086
"$orchard" host --format json $files > "$work/out" 2> "$work/err" || fail "host --format json: exit $? ($(cat "$work/err"))"
case "$(uname -s)" in
  Darwin)
    grep -q '"platform":"macos"' "$work/out" || fail "no macos platform: $(cat "$work/out")"
    grep -q '"system_extensions":\[' "$work/out" || fail "no system_extensions: $(cat "$work/out")"
    ;;
  *)
    want='{"platform":"linux","os":{"name":"Debian GNU/Linux","version":"12","build":""},"resolvers":[{"nameservers":["127.0.0.53"],"search_domains":["lab.example"],"domain":"","interface":"","scoped":false,"supplemental":false}],"problems":[]}'
    [ "$(cat "$work/out")" = "$want" ] || fail "host --format json printed $(cat "$work/out")"
    if command -v python3 > /dev/null; then
      python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "not JSON"
    fi
    # shellcheck disable=SC2086
    "$orchard" host $files > "$work/text" 2>&1 || fail "host (text): exit $?"
    grep -q '^os        Debian GNU/Linux 12$' "$work/text" || fail "text: $(cat "$work/text")"
    grep -q '^  127.0.0.53 (search lab.example)$' "$work/text" || fail "text: $(cat "$work/text")"
    if grep -q 'system extensions\|mdm\|problem' "$work/text"; then
      fail "Mac-only facts reported on Linux: $(cat "$work/text")"
    fi
    ;;
esac
"$orchard" host --format yaml > /dev/null 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "host --format yaml: exit $rc, want 2"
grep -q -- '--format' "$work/err" || fail "the usage error does not name --format: $(cat "$work/err")"
[ "$failures" -eq 0 ] || exit 1
echo "host e2e: ok"
