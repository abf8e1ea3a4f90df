#!/usr/bin/env bash
# The two Quick start commands:
#   scripts/dev.sh check [ORCHARD CHECK OPTIONS...]  install, build, run `orchard check`
#   scripts/dev.sh test                              install, build, run the whole test suite
#   scripts/dev.sh lint [BASE]                       install, build, run scripts/lint.sh
# `test` lints first (clang-format on every file, clang-tidy on what changed since
# ORCHARD_LINT_BASE, default HEAD~1), runs the suite, then scripts/sanitize.sh: the unit and
# end-to-end suites again under ASan+UBSan (clang, build-sanitize), each libFuzzer target
# briefly, and serve's tests under TSan.
# Environment: BUILD_DIR (default build), JOBS (default nproc), ORCHARD_SANITIZERS=0 skips the
# sanitizer stages (a quicker local run; CI always runs them).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-check}"
[[ $# -gt 0 ]] && shift
build="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc)}"

case "$mode" in
  check) scripts/install-deps.sh ;;
  test | lint) scripts/install-deps.sh --test ;;
  *)
    echo "usage: scripts/dev.sh check [options] | scripts/dev.sh test | scripts/dev.sh lint [BASE]" >&2
    exit 2
    ;;
esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
case "$mode" in
  check)
    # Only the binary: the test suite and benchmarks wait for `scripts/dev.sh test`.
    cmake --build "$build" -j "$jobs" --target orchard
    exec "$build/orchard" check "$@"
    ;;
  lint)
    cmake --build "$build" -j "$jobs"
    BUILD_DIR="$build" JOBS="$jobs" exec scripts/lint.sh "$@"
    ;;
  test)
    cmake --build "$build" -j "$jobs"
    BUILD_DIR="$build" JOBS="$jobs" scripts/lint.sh
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
    if [[ ${ORCHARD_SANITIZERS:-1} == 0 && ${CI:-} != true ]]; then
      echo "dev.sh: sanitizer stages skipped (ORCHARD_SANITIZERS=0)" >&2
      exit 0
    fi
    # The same suites under ASan+UBSan with the fuzz targets, and serve's under TSan.
    JOBS="$jobs" exec scripts/sanitize.sh
    ;;
esac
