#!/usr/bin/env bash
# Runs scripts/install-deps.sh against stub apt-get and dpkg-query on PATH, in a temp folder:
# with and without an existing policy-rc.d, with nothing missing, and with apt-get failing.
# Touches no system path: the policy-rc.d path is redirected with ORCHARD_POLICY_RC_D.
set -uo pipefail
script="$(cd "$(dirname "$0")/../.." && pwd)/scripts/install-deps.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0

# Stubs. State lives in $STUB: "installed" lists installed packages; apt-get logs its calls,
# records whether policy-rc.d existed during install, and fails when told to.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/usr/bin/env bash
pkg="${@: -1}"
grep -qx "$pkg" "$STUB/installed" 2>/dev/null || exit 1
printf 'install ok installed'
STUB
cat >"$tmp/bin/apt-get" <<'STUB'
#!/usr/bin/env bash
echo "apt-get $*" >>"$STUB/calls"
[[ -n "${STUB_FAIL:-}" && "$1" == "$STUB_FAIL" ]] && { echo "E: Unable to locate package x" >&2; exit 100; }
if [[ "$1" == install ]]; then
  [[ -e "$ORCHARD_POLICY_RC_D" ]] && echo present >"$STUB/policy-during-install"
  for a in "$@"; do
    case "$a" in install|-*) ;; *) [[ "$a" == "${STUB_DROP:-}" ]] || echo "$a" >>"$STUB/installed" ;; esac
  done
fi
exit 0
STUB
chmod +x "$tmp/bin/"*

# case NAME: fresh state; the remaining words are set up by the caller before `run`.
new_case() {
  name="$1"
  export STUB="$tmp/$name"
  mkdir -p "$STUB"
  : >"$STUB/installed"
  export ORCHARD_POLICY_RC_D="$STUB/policy-rc.d"
  unset STUB_FAIL STUB_DROP
}
run() { PATH="$tmp/bin:$PATH" bash "$script" "$@" >"$STUB/out" 2>&1; status=$?; }
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then passed=$((passed + 1)); else
    failures=$((failures + 1))
    echo "FAIL [$name] $1"
    sed 's/^/    /' "$STUB/out"
  fi
}

new_case policy-absent
run --test
check "exit 0 on the first run" test "$status" -eq 0
check "policy-rc.d in place while apt-get installs" test -e "$STUB/policy-during-install"
check "policy-rc.d removed afterwards" test ! -e "$ORCHARD_POLICY_RC_D"
check "installed the test packages too" grep -qx nginx "$STUB/installed"

new_case policy-present
printf '#!/bin/sh\nexit 101\n' >"$ORCHARD_POLICY_RC_D"
run --test
check "exit 0 on the first run when policy-rc.d exists" test "$status" -eq 0
check "the machine's policy-rc.d is left alone" grep -q 'exit 101' "$ORCHARD_POLICY_RC_D"
check "says what it installed" grep -q 'installing' "$STUB/out"

new_case nothing-missing
sed 's/#.*//' "$(dirname "$script")/packages-build.txt" | awk 'NF {print $1}' >"$STUB/installed"
run
check "exit 0 with nothing missing" test "$status" -eq 0
check "apt-get not called with nothing missing" test ! -e "$STUB/calls"

new_case install-fails
export STUB_FAIL=install
run
check "exit 1 when apt-get install fails" test "$status" -eq 1
check "names the failing step" grep -q "'apt-get install' failed (exit 100)" "$STUB/out"
check "shows apt-get's reason" grep -q 'Unable to locate package' "$STUB/out"
check "policy-rc.d removed after a failure" test ! -e "$ORCHARD_POLICY_RC_D"

new_case update-fails
export STUB_FAIL=update
run
check "exit 1 when apt-get update fails" test "$status" -eq 1
check "names the update step" grep -q "'apt-get update' failed" "$STUB/out"

new_case package-still-missing
export STUB_DROP=cmake
run
check "exit 1 when a package is still missing after apt-get" test "$status" -eq 1
check "names the missing package" grep -q 'still not installed: cmake' "$STUB/out"

new_case bench
run --bench
check "exit 0 with --bench" test "$status" -eq 0
check "installed the bench packages" grep -qx prometheus-blackbox-exporter "$STUB/installed"
check "installed the build packages with them" grep -qx cmake "$STUB/installed"
check "left the test-only packages out" bash -c "! grep -qx chromium '$STUB/installed'"

new_case bad-flag
run --tset
check "exit 2 on an unknown flag" test "$status" -eq 2
check "the usage names every flag" grep -qF 'usage: scripts/install-deps.sh [--test | --bench]' "$STUB/out"

echo "install-deps: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
