#!/bin/sh
# Renders the golden run as HTML with `orchard explain`, opens it in headless Chromium, takes a
# screenshot and fails on any console message. Chromium logs every console message as
# "INFO:CONSOLE..." with --enable-logging=stderr --v=0; a control page that logs on purpose
# proves the scan still sees them with this Chromium. Exit 77 (ctest: skipped) without chromium.
# Usage: html_chromium_test.sh ORCHARD RESULTS_JSON OUT_DIR
set -u
orchard=$1 results=$2 out_dir=$3

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium; see scripts/packages-test.txt)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir"

# Prints Chromium's log for one page; never touches the network (all names resolve to nothing).
render() { # PAGE SCREENSHOT
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" \
    --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$2" "file://$1" 2>&1
}

printf '<!DOCTYPE html><html><body><script>console.error("control-message")</script></body></html>' \
  > "$work/control.html"
if ! render "$work/control.html" "$work/control.png" | grep -q 'CONSOLE.*control-message'; then
  echo "FAIL: the console scan did not see the control page's message; it cannot be trusted"
  exit 1
fi

if ! "$orchard" explain "$results" --format html -o "$work/report.html"; then
  echo "FAIL: orchard explain could not render the HTML report"
  exit 1
fi
log=$(render "$work/report.html" "$out_dir/html_report.png")
console=$(printf '%s\n' "$log" | grep 'CONSOLE' || true)
if [ -n "$console" ]; then
  echo "FAIL: the report logged to the console:"
  printf '%s\n' "$console"
  exit 1
fi
size=$(wc -c < "$out_dir/html_report.png" 2>/dev/null || echo 0)
if [ "$size" -lt 20000 ]; then
  echo "FAIL: the screenshot is missing or blank ($size bytes)"
  exit 1
fi
echo "PASS: no console messages; screenshot $out_dir/html_report.png ($size bytes)"
