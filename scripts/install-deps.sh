#!/usr/bin/env bash
# Installs the Debian packages orchard needs, only those missing. Needs root (or sudo).
#   scripts/install-deps.sh          build packages
#   scripts/install-deps.sh --test   build packages plus what the tests and the lab use
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lists=("$here/packages-build.txt")
[[ "${1:-}" == "--test" ]] && lists+=("$here/packages-test.txt")

mapfile -t wanted < <(cat "${lists[@]}" | sed 's/#.*//' | awk 'NF {print $1}')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Packages such as nginx or squid must not start system services: the lab starts its own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee $policy >/dev/null
  $sudo chmod 755 $policy
  created_policy=1
fi
cleanup() { [[ $created_policy -eq 1 ]] && $sudo rm -f $policy; }
trap cleanup EXIT
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
