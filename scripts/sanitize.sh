#!/usr/bin/env bash
# The sanitizer stage of `scripts/dev.sh test` (and of the forge CI's sanitizers job):
#   1. build-sanitize: clang with ASan+UBSan and the libFuzzer targets; the unit and end-to-end
#      tests, and each fuzz target on its seed corpus plus ORCHARD_FUZZ_SECONDS (5) of fuzzing.
#      The lab, Chromium and package tests, and the load test (CheckUnderLoad: its time and
#      memory bounds are the plain build's), are left to the plain build.
#   2. build-tsan: orchard and serve's tests under ThreadSanitizer (serve is the one module with
#      threads: its worker and the HTTP front).
# Needs the packages of `scripts/install-deps.sh --test` (clang, libclang-rt-14-dev).
# Environment: JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"
command -v clang++ >/dev/null || { echo "sanitize.sh: clang++ is missing (scripts/install-deps.sh --test installs it)" >&2; exit 1; }

san=build-sanitize
CC=clang CXX=clang++ cmake -S . -B "$san" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DORCHARD_SANITIZE=ON -DORCHARD_FUZZ=ON -DORCHARD_BUILD_BENCH=OFF >/dev/null
cmake --build "$san" -j "$jobs"
ctest --test-dir "$san" --output-on-failure -j "$jobs" -L 'unit|e2e|fuzz' \
  -LE 'lab|chromium' -E 'e2e\.deb_package|CheckUnderLoad'

tsan=build-tsan
CC=clang CXX=clang++ cmake -S . -B "$tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DORCHARD_TSAN=ON -DORCHARD_BUILD_BENCH=OFF >/dev/null
cmake --build "$tsan" -j "$jobs" --target orchard serve_test serve_e2e_test
# Without address randomisation: clang 14's TSan cannot map its shadow memory on kernels that
# randomise 32 bits of mmap addresses (vm.mmap_rnd_bits = 32, newer runners' default).
setarch "$(uname -m)" -R ctest --test-dir "$tsan" --output-on-failure -j "$jobs" -L 'unit|e2e' -LE lab \
  -R '^(Metrics|Coordinator|ServerTest|ServeE2e|e2e\.serve)\.'
