#!/usr/bin/env bash
# Builds orchard's packages from one version (CMake's project(VERSION)):
#   scripts/package.sh deb       BUILD_DIR/orchard_VERSION_ARCH.deb, with CPack (Debian, Ubuntu)
#   scripts/package.sh tarball   BUILD_DIR/orchard-VERSION.tar.gz, the source tarball that
#                                packaging/homebrew/orchard.rb builds from
#   scripts/package.sh macos     BUILD_DIR/orchard-VERSION.pkg (on a Mac; packaging/macos)
#   scripts/package.sh deb --no-build   package what BUILD_DIR already built (the tests do, so
#                                a package test never rebuilds the binary other tests are running)
# Environment: BUILD_DIR (default build), JOBS (default nproc). Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
version=$(sed -n 's/^project(orchard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

configure_and_build() {
  cmake -S . -B "$build" "$@" >/dev/null
  cmake --build "$build" -j "$jobs" --target orchard orchard_docs
}

case "${1:-}" in
  deb)
    [[ "${2:-}" == --no-build ]] || configure_and_build
    (cd "$build" && cpack -G DEB -D CPACK_PACKAGING_INSTALL_PREFIX=/usr >/dev/null)
    ls "$build"/orchard_"$version"_*.deb
    ;;
  tarball)
    # What is committed, nothing else; the commit goes in as ORCHARD_GIT_COMMIT's default.
    mkdir -p "$build"
    out="$build/orchard-$version.tar.gz"
    git archive --format=tar.gz --prefix="orchard-$version/" -o "$out" HEAD
    echo "$out"
    ;;
  macos)
    [[ $(uname) == Darwin ]] || { echo "package.sh macos: needs macOS (pkgbuild)" >&2; exit 2; }
    BUILD_DIR="$build" packaging/macos/build-pkg.sh
    ;;
  *)
    echo "usage: scripts/package.sh deb|tarball|macos" >&2
    exit 2
    ;;
esac
