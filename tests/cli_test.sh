#!/usr/bin/env bash
# The command line as a user meets it: help with examples and exit codes for every command,
# usage errors that name the command and the flag, --version, --color, and a Jamf <result>
# even when the command line is wrong. Runs the binary; touches no network.
#   cli_test.sh ORCHARD
set -uo pipefail
orchard="$1"
# shellcheck source=support/shell.sh
source "$(dirname "$0")/support/shell.sh"

for sub in check catalog "catalog list" explain diff allowlist serve help completion; do
  # shellcheck disable=SC2086
  run help $sub
  expect_rc 0 "orchard help $sub"
  expect_in "Examples:" "$out" "orchard help $sub"
  expect_in "Exit codes:" "$out" "orchard help $sub"
  expect_in "orchard $sub" "$out" "orchard help $sub names itself"
  # shellcheck disable=SC2086
  run $sub --help
  expect_in "Exit codes:" "$out" "orchard $sub --help"
done
run help nosuch
expect_rc 2 "help for an unknown command"
expect_in "no command 'nosuch'" "$err" "help for an unknown command"
run help
expect_in "completion" "$out" "orchard help lists the commands"

run --version
expect_rc 0 "--version"
expect_in "(commit " "$out" "--version names the commit"
expect_in "OpenSSL 3" "$out" "--version names OpenSSL"
expect_in "c-ares 1." "$out" "--version names c-ares"
expect_in "Boost 1." "$out" "--version names Boost"

# Usage errors: exit 2, the command and the flag named, and where to read more.
run check --timeout nan
expect_rc 2 "check --timeout nan"
expect_in "orchard check: --timeout" "$err" "a range error names command and flag"
expect_in "orchard help check" "$err" "a usage error says where the options are"
for bad in "check --deadline inf" "check --timeout -nan" "check --concurrency 0" \
  "serve --interval nan" "serve --min-probe-interval inf"; do
  # shellcheck disable=SC2086
  run $bad
  expect_rc 2 "$bad"
  flag="${bad#* }"
  expect_in "orchard ${bad%% *}: ${flag%% *}" "$err" "$bad names its command and flag"
done
run check --fromat json
expect_rc 2 "a misspelt flag"
expect_in "orchard check:" "$err" "a misspelt flag names the command"
expect_in "--fromat" "$err" "a misspelt flag is named"
run catalog list -f yaml
expect_rc 2 "catalog list -f yaml"
expect_in "orchard catalog list: --format" "$err" "a bad format names the nested command and flag"
run allowlist -f yaml
expect_rc 2 "allowlist -f yaml"
expect_in "--format: yaml not in" "$err" "an unknown allowlist format"
run check --color sometimes
expect_rc 2 "--color sometimes"
expect_in "--color" "$err" "--color sometimes is named"

# Jamf: the attribute is never blank, whatever went wrong.
run check -f jamf --timeout 0
expect_rc 2 "jamf with a bad --timeout"
expect_in "<result>ERROR: orchard check: --timeout" "$out" "jamf usage error on stdout"
run check --format=jamf --catalog "$tmp/missing.toml" --no-builtin
expect_rc 2 "jamf with a missing catalog"
expect_in "<result>ERROR: orchard check: " "$out" "jamf input error on stdout"
expect_in "missing.toml" "$out" "the jamf result says what failed"
run check -f jamf --timeout 0 -o "$tmp/ea.txt"
[[ -z $out ]] && ok || bad "with -o FILE, nothing goes to stdout"
run check -f json --timeout 0
[[ -z $out ]] && ok || bad "no <result> for other formats"

# --color: always colours even into a pipe and despite NO_COLOR; never and auto do not here.
# An open-file limit too small for --concurrency: said once, and fewer checks run at once.
(ulimit -n 100 && exec ${isolate[@]+"${isolate[@]}"} "$orchard" check --host ocsp.apple.com \
  --resolver 127.0.0.1:9 --timeout 0.2 --concurrency 512 -f json) >"$tmp/out" 2>"$tmp/err"
rc=$?
out="$(cat "$tmp/out")"
err="$(cat "$tmp/err")"
expect_rc 1 "a check under a small file limit"
expect_in "--concurrency 512 needs more open files than this process may have (100); running 36 checks at once" "$err" "the file-limit cap"
[[ $(grep -c "open files" <<<"$err") -eq 1 ]] && ok || bad "the cap is said once"

golden="$(cd "$(dirname "$0")" && pwd)/golden/results.json"
NO_COLOR=1 run explain "$golden" --color always
[[ $out == *$'\e['* ]] && ok || bad "--color always colours the text report"
run explain "$golden" --color never
[[ $out != *$'\e['* ]] && ok || bad "--color never"
run explain "$golden"
[[ $out != *$'\e['* ]] && ok || bad "--color auto does not colour a pipe"

# Error messages quote what they were given; a terminal must not act on its escapes or show it
# reordered by a bidi override (a file name here; a catalog's text or a server's answer alike).
# The bytes of U+202E, not $'\u202e': bash writes that as UTF-8 only in a UTF-8 locale (a fresh
# minimal Debian has none, and there it stayed the six characters \u202e).
hostile="$tmp/"$'\e[31m'"evil"$'\xe2\x80\xae'"txt.toml"
run check --no-builtin --catalog "$hostile"
expect_rc 2 "a catalog that does not exist, under a hostile name"
expect_in "evil" "$err" "the message names the file"
[[ $err != *$'\e'* ]] && ok || bad "stderr carries an ESC byte"
[[ $err != *$'\xe2\x80\xae'* ]] && ok || bad "stderr carries U+202E"
finish cli
