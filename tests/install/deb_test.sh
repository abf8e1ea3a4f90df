#!/usr/bin/env bash
# scripts/package.sh deb, then the .deb installed into an empty root with dpkg --root (no
# chroot needed, nothing on this machine touched): the binary runs, man reads its page, bash
# completes with the installed script, and dpkg removes every file again.
#   deb_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
source_dir="$1"
build_dir="$2"
command -v dpkg-deb >/dev/null && command -v cpack >/dev/null ||
  { echo "SKIP: needs dpkg-deb and cpack (Debian)"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}" >>"$tmp/log" 2>&1; then passed=$((passed + 1)); else
    failures=$((failures + 1))
    echo "FAIL: $1"
    tail -n 20 "$tmp/log" | sed 's/^/    /'
  fi
}

deb=$(BUILD_DIR="$build_dir" "$source_dir/scripts/package.sh" deb --no-build 2>"$tmp/package.err" | tail -n 1)
if [[ ! -f $deb ]]; then
  echo "FAIL: scripts/package.sh deb made no package"
  cat "$tmp/package.err"
  exit 1
fi
version=$(sed -n 's/^project(orchard VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
check "the package is named for the version" grep -q "orchard_${version}_" <<<"$deb"
check "Depends names the shared libraries" sh -c "dpkg-deb -f '$deb' Depends | grep -q libc-ares"

root="$tmp/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# --force-depends: the empty root has none of the libraries; the binary runs on this machine's.
check "dpkg installs it into an empty root" \
  dpkg --root="$root" --force-depends --force-not-root --log=/dev/null -i "$deb"
check "dpkg knows it installed" sh -c "dpkg --root='$root' -s orchard | grep -q 'install ok installed'"
check "orchard --version" sh -c "'$root/usr/bin/orchard' --version | grep -q 'orchard $version (commit'"
check "orchard catalog list" sh -c "'$root/usr/bin/orchard' catalog list --profile sep | grep -q ocsp.apple.com"
check "man -l reads the page without warnings" \
  bash "$source_dir/tests/install/man_test.sh" "$root/usr/bin/orchard" "$root/usr/share/man/man1/orchard.1"
check "bash completes with the installed script" bash --norc -c "
  source '$root/usr/share/bash-completion/completions/orchard'
  COMP_WORDS=(orchard check --for); COMP_CWORD=2; _orchard
  [[ \" \${COMPREPLY[*]} \" == *' --format '* ]]"
check "zsh completion where Debian's zsh looks" test -f "$root/usr/share/zsh/vendor-completions/_orchard"
check "fish completion where fish looks" test -f "$root/usr/share/fish/vendor_completions.d/orchard.fish"
check "the example deploy files" test -f "$root/usr/share/orchard/deploy/orchard.service"
check "dpkg removes it" dpkg --root="$root" --force-not-root --log=/dev/null -r orchard
check "nothing of it is left" test ! -e "$root/usr/bin/orchard"

echo "deb package: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
