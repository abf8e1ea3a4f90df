#!/usr/bin/env bash
# The lint CI runs: clang-format on every C++ file, clang-tidy (.clang-tidy) on the C++ sources
# changed since BASE.
#   scripts/lint.sh [BASE]   BASE: a git revision (default ORCHARD_LINT_BASE, else HEAD~1)
# clang-tidy reads the compile commands of BUILD_DIR (default build), so build first; a changed
# file that the build compiles only inside a unity file is linted through no file of its own and
# is named as skipped. Exits 1 on any finding, 2 on a usage or set-up error.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-${ORCHARD_LINT_BASE:-HEAD~1}}"
build="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc)}"
for tool in clang-format-14 clang-tidy-14; do
  command -v "$tool" >/dev/null ||
    { echo "lint.sh: $tool is missing (scripts/install-deps.sh --test installs it)" >&2; exit 2; }
done

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "lint.sh: not a git checkout (a source tarball?): nothing to lint against; skipped" >&2
  exit 0
fi
status=0
mapfile -t sources < <(git ls-files '*.cc' '*.h')
if ! clang-format-14 --dry-run -Werror "${sources[@]}"; then
  echo "lint.sh: clang-format would change the files above (clang-format-14 -i FILE)" >&2
  status=1
fi

if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "lint.sh: no revision '$base' in this clone; clang-tidy skipped" >&2
  exit "$status"
fi
[[ -f $build/compile_commands.json ]] ||
  { echo "lint.sh: $build/compile_commands.json is missing: build first" >&2; exit 2; }
mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" -- '*.cc')
compiled=()
skipped=()
# A unity-built file is linted through the unity source that includes it.
mapfile -t unity < <(sed -n 's/^ *"file": "\(.*\/Unity\/unity_[^"]*\)",*$/\1/p' \
  "$build/compile_commands.json")
for file in "${changed[@]}"; do
  if grep -qF "\"file\": \"$PWD/$file\"" "$build/compile_commands.json"; then
    compiled+=("$file")
  elif including=$(grep -lF "\"$PWD/$file\"" "${unity[@]}" /dev/null 2>/dev/null | head -1) &&
      [[ -n $including ]]; then
    compiled+=("$including")
  else
    skipped+=("$file")
  fi
done
mapfile -t compiled < <(printf '%s\n' "${compiled[@]}" | sort -u | grep .)
[[ ${#skipped[@]} -gt 0 ]] &&
  echo "lint.sh: not compiled on their own (unity builds, other platforms): ${skipped[*]}" >&2
if [[ ${#compiled[@]} -gt 0 ]]; then
  echo "lint.sh: clang-tidy on ${#compiled[@]} file(s) changed since $base" >&2
  if ! printf '%s\n' "${compiled[@]}" |
      xargs -P "$jobs" -n 1 clang-tidy-14 -p "$build" --quiet 2>/dev/null; then
    echo "lint.sh: clang-tidy found the problems above" >&2
    status=1
  fi
fi
exit "$status"
