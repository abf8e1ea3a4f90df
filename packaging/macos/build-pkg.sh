#!/usr/bin/env bash
# Builds orchard-VERSION.pkg, an installer package an MDM (Jamf, Intune, Kandji) can push:
# /usr/local/bin/orchard, its man page and completions, and the Homebrew libraries it links
# copied beside it (/usr/local/lib/orchard), so the Macs it lands on need no Homebrew.
#   packaging/macos/build-pkg.sh [--with-serve]
# --with-serve also installs /Library/LaunchDaemons/com.orchard.serve.plist and starts it.
# Environment: BUILD_DIR (default build-pkg), ORCHARD_PKG_SIGN ("Developer ID Installer: ..."
# to sign the product; unsigned otherwise), ORCHARD_CODESIGN (identity for the binary; ad hoc
# otherwise). Needs Xcode's command-line tools and `brew install cmake pkgconf boost c-ares
# cli11 duktape fmt openssl@3 prometheus-cpp tl-expected tomlplusplus`.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $(uname) == Darwin ]] || { echo "build-pkg.sh: needs macOS (pkgbuild, productbuild)" >&2; exit 2; }
with_serve=0
[[ "${1:-}" == "--with-serve" ]] && with_serve=1
build="${BUILD_DIR:-build-pkg}"
version=$(sed -n 's/^project(orchard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
stage="$build/pkgroot"
rm -rf "$stage" "$build/scripts"
mkdir -p "$stage" "$build/scripts"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr/local \
  -DORCHARD_BUILD_TESTS=OFF -DORCHARD_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(sysctl -n hw.ncpu)"
DESTDIR="$PWD/$stage" cmake --install "$build" >/dev/null

# Bundle every non-system library (Homebrew's) and point the binary at the copies.
bin="$stage/usr/local/bin/orchard"
libdir="$stage/usr/local/lib/orchard"
mkdir -p "$libdir"
bundle() {  # bundle FILE: copy what FILE links from Homebrew, rewrite FILE's references
  local file="$1" dep name
  while read -r dep; do
    name=$(basename "$dep")
    if [[ ! -e "$libdir/$name" ]]; then
      cp "$dep" "$libdir/$name"
      chmod u+w "$libdir/$name"
      install_name_tool -id "@rpath/$name" "$libdir/$name"
      bundle "$libdir/$name"
    fi
    install_name_tool -change "$dep" "@rpath/$name" "$file"
  done < <(otool -L "$file" | awk 'NR > 1 {print $1}' | grep -E '^(/opt/homebrew|/usr/local/(opt|Cellar))/' || true)
}
bundle "$bin"
install_name_tool -add_rpath "@executable_path/../lib/orchard" "$bin"
for f in "$libdir"/*.dylib "$bin"; do
  [[ -e "$f" ]] && codesign --force --sign "${ORCHARD_CODESIGN:--}" "$f"
done

if [[ $with_serve -eq 1 ]]; then
  mkdir -p "$stage/Library/LaunchDaemons"
  cp deploy/com.orchard.serve.plist "$stage/Library/LaunchDaemons/"
  cat >"$build/scripts/postinstall" <<'POST'
#!/bin/sh
# Start (or restart) the exporter after an install or upgrade.
plist=/Library/LaunchDaemons/com.orchard.serve.plist
launchctl bootout system "$plist" 2>/dev/null || true
launchctl bootstrap system "$plist"
POST
  chmod 755 "$build/scripts/postinstall"
fi

pkgbuild --root "$stage" --identifier com.orchard.cli --version "$version" \
  --install-location / --scripts "$build/scripts" "$build/orchard-component.pkg"
sign=()
[[ -n "${ORCHARD_PKG_SIGN:-}" ]] && sign=(--sign "$ORCHARD_PKG_SIGN")
productbuild --package "$build/orchard-component.pkg" ${sign[@]+"${sign[@]}"} "$build/orchard-$version.pkg"
echo "$build/orchard-$version.pkg"
