#!/usr/bin/env bash
# Installs the Debian packages orchard needs, only those missing. Needs root (or sudo).
#   scripts/install-deps.sh          build packages
#   scripts/install-deps.sh --test   build packages plus what the tests and the lab use
#   scripts/install-deps.sh --bench  build packages plus what bench/scale_bench compares with
# Exits 0 when every package is installed afterwards; otherwise says which are not and why.
# ORCHARD_POLICY_RC_D overrides the policy-rc.d path (tests point it into a temp folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lists=("$here/packages-build.txt")
case "${1:-}" in
  "") ;;
  --test) lists+=("$here/packages-test.txt") ;;
  --bench) lists+=("$here/packages-bench.txt") ;;
  *) echo "usage: scripts/install-deps.sh [--test | --bench]" >&2; exit 2 ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing_of() {
  local p
  for p in "$@"; do installed "$p" || echo "$p"; done
}

mapfile -t wanted < <(cat "${lists[@]}" | sed 's/#.*//' | awk 'NF {print $1}')
mapfile -t missing < <(missing_of "${wanted[@]}")
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || {
    echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive

# Packages such as nginx or squid must not start system services: the lab starts its own. A
# policy-rc.d that the machine already has is left as it is.
policy="${ORCHARD_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
created_policy=0
cleanup() {
  if [[ $created_policy -eq 1 ]]; then $sudo rm -f "$policy"; fi
  return 0  # an EXIT trap's status must never become the script's
}
trap cleanup EXIT
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  created_policy=1
fi

log="$(mktemp)"
trap 'cleanup; rm -f "$log"' EXIT
# apt-get says why when it fails; keep its words for that case only.
run_apt() {
  local what="$1"
  shift
  local status=0
  $sudo apt-get "$@" >"$log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    echo "install-deps: 'apt-get $what' failed (exit $status):" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}
run_apt update update -qq
run_apt install install -y -qq --no-install-recommends "${missing[@]}"

mapfile -t still < <(missing_of "${missing[@]}")
if [[ ${#still[@]} -gt 0 ]]; then
  echo "install-deps: apt-get finished but these are still not installed: ${still[*]}" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
echo "install-deps: installed ${#missing[@]} packages" >&2
