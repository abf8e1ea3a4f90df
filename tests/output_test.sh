#!/usr/bin/env bash
# Where orchard writes and what it reads, as a root-run tool on an admin's machine meets it:
# -o onto a device or FIFO writes into it and never replaces it, a symlink is followed, a
# directory or socket is refused, a full device or an unwritable stdout fails the command
# (exit 2), an endless input file is refused instead of exhausting memory, and a catalog
# nested past the parser's stack is refused instead of crashing. The devices are
# made with mknod in a temporary folder (the real /dev is never touched); without permission
# to mknod those cases are skipped, saying so. No network: runs in an empty network namespace
# where one can be had.
#   output_test.sh ORCHARD GOLDEN_DIR
set -uo pipefail
orchard="$1"
golden="$2"
article="$(cd "$(dirname "$0")/.." && pwd)/src/catalog/testdata/article.html"
# shellcheck source=support/shell.sh
source "$(dirname "$0")/support/shell.sh"

devices=1
if ! { mknod "$tmp/null" c 1 3 && mknod "$tmp/full" c 1 7 && mknod "$tmp/zero" c 1 5; } 2>/dev/null; then
  devices=0
  echo "SKIP: mknod not permitted here; the device cases are skipped"
fi

cat >"$tmp/catalog.toml" <<'TOML'
[catalog]
source = "output test"

[[category]]
id = "lab"
section = "Lab"

[[endpoint]]
category = "lab"
host = "closed.lab.test"
ports = [443]
transport = "tcp"
os = ["macOS"]
description = "nothing listens"
proxy = "no"
TOML

# Each command that takes -o, with the exit code it has when all goes well.
commands=(
  "0|catalog list"
  "0|catalog import $article"
  "0|allowlist --format domains"
  "0|explain $golden/results.json"
  "0|diff $golden/results.json $golden/results.json"
  "1|check --no-builtin --catalog $tmp/catalog.toml --connect-to ::127.0.0.1:9 --timeout 1"
)
for entry in "${commands[@]}"; do
  want=${entry%%|*}
  read -r -a cmd <<<"${entry#*|}"
  what="orchard ${cmd[0]} ${cmd[1]}"

  run "${cmd[@]}" -o "$tmp/reference"
  expect_rc "$want" "$what -o FILE"
  [[ -s $tmp/reference ]] && ok || bad "$what -o FILE wrote nothing"

  # A symlink to nothing yet: followed, the file made where it points, the link kept.
  rm -f "$tmp/link" "$tmp/target"
  ln -s target "$tmp/link"
  run "${cmd[@]}" -o "$tmp/link"
  expect_rc "$want" "$what -o SYMLINK"
  [[ -L $tmp/link && -f $tmp/target && -s $tmp/target ]] && ok || bad "$what -o SYMLINK replaced the link"

  # A FIFO with a reader: the report goes down the pipe; the FIFO stays.
  rm -f "$tmp/fifo"
  mkfifo "$tmp/fifo"
  timeout 20 cat "$tmp/fifo" >"$tmp/fifo.out" &
  reader=$!
  run "${cmd[@]}" -o "$tmp/fifo"
  # Opening it read-write never blocks and ends a reader still waiting for a writer.
  exec 3<>"$tmp/fifo"
  exec 3>&-
  wait "$reader"
  expect_rc "$want" "$what -o FIFO"
  [[ -p $tmp/fifo ]] && ok || bad "$what -o FIFO replaced the FIFO"
  [[ -s $tmp/fifo.out ]] && ok || bad "$what -o FIFO: the reader got nothing"

  # A directory or a socket: refused, left as it was.
  mkdir -p "$tmp/dir"
  run "${cmd[@]}" -o "$tmp/dir"
  expect_rc 2 "$what -o DIRECTORY"
  expect_err "is a directory" "$what -o DIRECTORY"
  [[ -d $tmp/dir ]] && ok || bad "$what -o DIRECTORY replaced it"
  if command -v python3 >/dev/null; then
    rm -f "$tmp/sock"
    python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$tmp/sock"
    run "${cmd[@]}" -o "$tmp/sock"
    expect_rc 2 "$what -o SOCKET"
    expect_err "is a socket" "$what -o SOCKET"
    [[ -S $tmp/sock ]] && ok || bad "$what -o SOCKET replaced it"
  fi

  if ((devices)); then
    run "${cmd[@]}" -o "$tmp/null"
    expect_rc "$want" "$what -o NULL-DEVICE"
    [[ -c $tmp/null ]] && ok || bad "$what -o NULL-DEVICE replaced the device with a file"
    run "${cmd[@]}" -o "$tmp/full"
    expect_rc 2 "$what -o FULL-DEVICE"
    expect_err "full: write failed" "$what -o FULL-DEVICE"
    [[ -c $tmp/full ]] && ok || bad "$what -o FULL-DEVICE replaced the device with a file"
    # stdout on a full device, as in `orchard explain run.json > /dev/full`
    ${isolate[@]+"${isolate[@]}"} "$orchard" "${cmd[@]}" >"$tmp/full" 2>"$tmp/err"
    rc=$?
    expect_rc 2 "$what > FULL-DEVICE"
    expect_err "stdout: write failed" "$what > FULL-DEVICE"
  fi
  # stdout closed
  ${isolate[@]+"${isolate[@]}"} "$orchard" "${cmd[@]}" >&- 2>"$tmp/err"
  rc=$?
  expect_rc 2 "$what >&-"
done

# Endless inputs: /dev/zero's numbers (or, without mknod, a sparse file of 100 MiB).
if ((devices)); then endless="$tmp/zero"; else endless="$tmp/sparse"; truncate -s 100M "$endless"; fi
inputs=(
  "catalog list --catalog $endless"
  "catalog diff $endless"
  "catalog import $endless"
  "explain $endless"
  "diff $endless $golden/results.json"
  "allowlist --format domains --from $endless"
  "check --no-builtin --catalog $tmp/catalog.toml --pac $endless"
  "check --no-builtin --catalog $tmp/catalog.toml --ca-file $endless"
)
for entry in "${inputs[@]}"; do
  read -r -a cmd <<<"$entry"
  run "${cmd[@]}"
  expect_rc 2 "orchard $entry"
  expect_err "larger than 64 MiB" "orchard $entry"
done

# A 100 KB catalog, one dotted key or table header 50,000 parts deep, overflowed the TOML
# parser's stack (exit 139) in every command that reads a catalog.
parts="$(printf 'a.%.0s' $(seq 50000))a"
printf '[catalog]\n%s = 1\n' "$parts" >"$tmp/deep-key.toml"
printf '[catalog]\n[%s]\n' "$parts" >"$tmp/deep-table.toml"
for file in deep-key.toml deep-table.toml; do
  for entry in "catalog list" "check --no-builtin" "allowlist --format domains" \
    "serve --listen 127.0.0.1:0"; do
    read -r -a cmd <<<"$entry"
    run "${cmd[@]}" --catalog "$tmp/$file"
    expect_rc 2 "orchard $entry --catalog $file"
    expect_err "$file:2: keys, tables and arrays nested more than 128 deep" "orchard $entry --catalog $file"
  done
done

finish output
