#!/usr/bin/env bash
# Loads each generated completion script in its real shell and asks it to complete, as Tab
# would: `orchard check --for` must offer --format, and so on.
#   completion_test.sh ORCHARD SHELL   (SHELL: bash, zsh or fish; exit 77 when it is missing)
set -uo pipefail
orchard="$1"
shell="$2"
command -v "$shell" >/dev/null || { echo "SKIP: $shell not installed (scripts/install-deps.sh --test)"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$orchard" completion "$shell" >"$tmp/script" || { echo "FAIL: orchard completion $shell"; exit 1; }
touch "$tmp/results.json" "$tmp/run-a.json"
failures=0
passed=0

# complete LINE: the candidates the shell offers for LINE (the cursor at its end), one a line.
complete() {
  case "$shell" in
    bash)
      (cd "$tmp" && bash --norc --noprofile -c '
        source "$1"
        read -ra COMP_WORDS <<<"$2"
        [[ $2 == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _orchard
        printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/script" "$1")
      ;;
    fish)
      (cd "$tmp" && fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$tmp/script" "$1" |
        cut -f1)
      ;;
    zsh)
      ZDOTDIR="$tmp" python3 "$(dirname "$0")/zsh_complete.py" "$tmp/script" "$tmp" "$1"
      ;;
  esac
}

expect() {  # expect LINE WORD...: every WORD is offered for LINE
  local line="$1" got word
  shift
  got="$(complete "$line")"
  for word in "$@"; do
    if grep -qxF -- "$word" <<<"$got"; then passed=$((passed + 1)); else
      failures=$((failures + 1))
      echo "FAIL [$shell] '$line' does not offer '$word'; it offers:"
      sed 's/^/    /' <<<"$got"
    fi
  done
}
refuse() {  # refuse LINE WORD: WORD is not offered for LINE
  local got
  got="$(complete "$1")"
  if grep -qxF -- "$2" <<<"$got"; then
    failures=$((failures + 1))
    echo "FAIL [$shell] '$1' offers '$2'"
  else passed=$((passed + 1)); fi
}

expect "orchard check --for" --format
expect "orchard ch" check
expect "orchard " check catalog explain diff allowlist serve help completion
refuse "orchard " man
expect "orchard check --format j" json jsonl jamf
expect "orchard check -f " text json jsonl junit html markdown csv jamf
expect "orchard check --color " auto always never
expect "orchard catalog " list show import diff
expect "orchard catalog list --for" --format
expect "orchard catalog diff --c" --catalog
expect "orchard allowlist --format " squid nftables pac paloalto-edl
expect "orchard completion " bash zsh fish
expect "orchard explain res" results.json
expect "orchard check -o run-" run-a.json
refuse "orchard check --for" --from

echo "completion $shell: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
