#!/bin/sh
# orchard host through the binary: this machine's facts as JSON and as text, the Linux facts
# read from files the test writes (never the real /etc), and a bad format is a usage error.
# --save and --host-facts: a folder built from the committed macOS outputs replays as that Mac on
# any machine. Usage: host_test.sh ORCHARD HOST_TESTDATA
set -u
orchard=$1
testdata=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
printf 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n' > "$work/os-release"
printf 'search lab.example\nnameserver 127.0.0.53\n' > "$work/resolv.conf"
mkdir "$work/ca-certificates"
files="--os-release $work/os-release --resolv-conf $work/resolv.conf --ca-certificates $work/ca-certificates"
# The proxy in effect on Linux is the environment: none unless a test sets it.
unset http_proxy https_proxy all_proxy no_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY

# shellcheck disable=SC2086
"$orchard" host --format json $files > "$work/out" 2> "$work/err" || fail "host --format json: exit $? ($(cat "$work/err"))"
case "$(uname -s)" in
  Darwin)
    grep -q '"platform":"macos"' "$work/out" || fail "no macos platform: $(cat "$work/out")"
    grep -q '"system_extensions":\[' "$work/out" || fail "no system_extensions: $(cat "$work/out")"
    ;;
  *)
    want='{"platform":"linux","os":{"name":"Debian GNU/Linux","version":"12","build":""},"resolvers":[{"nameservers":["127.0.0.53"],"search_domains":["lab.example"],"domain":"","interface":"","scoped":false,"supplemental":false}],"proxy_environment":[],"local_ca_certificates":[],"problems":[]}'
    [ "$(cat "$work/out")" = "$want" ] || fail "host --format json printed $(cat "$work/out")"
    if command -v python3 > /dev/null; then
      python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "not JSON"
    fi
    # shellcheck disable=SC2086
    "$orchard" host $files > "$work/text" 2>&1 || fail "host (text): exit $?"
    grep -q '^os        Debian GNU/Linux 12$' "$work/text" || fail "text: $(cat "$work/text")"
    grep -q '^  127.0.0.53 (search lab.example)$' "$work/text" || fail "text: $(cat "$work/text")"
    grep -q '^proxy     none (no proxy variables set)$' "$work/text" || fail "text proxy: $(cat "$work/text")"
    if grep -q 'system extensions\|mdm\|configuration profiles\|problem' "$work/text"; then
      fail "Mac-only facts reported on Linux: $(cat "$work/text")"
    fi
    # The environment's proxies and an admin-added CA, shown; the password never is.
    cp "$testdata/security/system_keychain_two_roots.pem" "$work/ca-certificates/inspection.crt"
    # shellcheck disable=SC2086
    https_proxy=http://alice:s3cret@proxy.lab.example:3128 NO_PROXY=.lab.example \
      "$orchard" host $files > "$work/text" 2>&1 || fail "host (text, proxy): exit $?"
    grep -q '^proxy     environment$' "$work/text" || fail "text proxy env: $(cat "$work/text")"
    grep -q '^  https_proxy=http://\*\*\*@proxy.lab.example:3128$' "$work/text" || fail "text https_proxy: $(cat "$work/text")"
    grep -q '^  NO_PROXY=.lab.example$' "$work/text" || fail "text NO_PROXY: $(cat "$work/text")"
    grep -q '^local CA certificates (2)$' "$work/text" || fail "text local CAs: $(cat "$work/text")"
    grep -q '^  Apple Root CA - G3 (inspection.crt)$' "$work/text" || fail "text local CA: $(cat "$work/text")"
    # shellcheck disable=SC2086
    https_proxy=http://alice:s3cret@proxy.lab.example:3128 \
      "$orchard" host --format json $files --save "$work/saved-proxy" > "$work/out" 2>&1 || fail "host --save (proxy): exit $?"
    if grep -rq s3cret "$work/out" "$work/saved-proxy"; then
      fail "a proxy password reached the output or the saved folder"
    fi
    grep -q '"proxy_environment":\[{"name":"https_proxy","value":"http://\*\*\*@proxy.lab.example:3128"}\]' "$work/out" || fail "json proxy_environment: $(cat "$work/out")"
    grep -q '"local_ca_certificates":\[{"subject":"Apple Root CA - G3","file":"inspection.crt"}' "$work/out" || fail "json local CAs: $(cat "$work/out")"
    "$orchard" host --format json --host-facts "$work/saved-proxy" > "$work/replayed.json" 2> "$work/err" || fail "replay (proxy): exit $?"
    cmp -s "$work/out" "$work/replayed.json" || fail "proxy replay differs: $(cat "$work/out") vs $(cat "$work/replayed.json")"
    rm "$work/ca-certificates/inspection.crt"
    ;;
esac
# A Mac's folder, from the recorded outputs in src/host/testdata.
mac="$work/mac"
mkdir "$mac"
echo macos > "$mac/platform"
cp "$testdata/sw_vers/sonoma_14_0.txt" "$mac/sw_vers.txt"
cp "$testdata/scutil_dns/supplemental_ppp0.txt" "$mac/scutil--dns.txt"
cp "$testdata/systemextensionsctl/santa_waiting_for_user.txt" "$mac/systemextensionsctl-list.txt"
cp "$testdata/profiles/dep_user_approved.txt" "$mac/profiles-status-enrollment.txt"
cp "$testdata/profiles/configuration_firewall_passcode.plist" "$mac/profiles-C-o-stdout-xml.plist"
cp "$testdata/security/admin_simplemdm.txt" "$mac/security-dump-trust-settings-d.txt"
cp "$testdata/security/system_keychain_two_roots.pem" "$mac/security-find-certificate-system.pem"
cp "$testdata/scutil_proxy/anyproxy_http_https_socks.txt" "$mac/scutil--proxy.txt"
"$orchard" host --host-facts "$mac" --format json > "$work/mac.json" 2> "$work/err" || fail "host --host-facts: exit $? ($(cat "$work/err"))"
for want in '"platform":"macos"' '"os":{"name":"macOS","version":"14.0","build":"23A344"}' \
    '"nameservers":\["<dns1>","<dns2>"\]' '"interface":"ppp0"' '"supplemental":true' \
    '"bundle_id":"com.google.santa.daemon"' '"state":"activated waiting for user"' \
    '"enrolled":true' '"name":"SimpleMDM"' '"problems":\[\]' \
    '"configuration_profiles":\[{"identifier":"com.company.mdm.com.apple.security.firewall","display_name":"Firewall","organization":"Company","verification_state":"verified","install_date":"2023-03-31 01:14:38 +0000","payloads":\[{"type":"com.apple.security.firewall","identifier":"com.apple.security.firewall","display_name":"Firewall"}\]}' \
    '"system_proxy":{"pac_url":"","auto_discovery":false,"http":"127.0.0.1:8888","https":"127.0.0.1:8888","socks":"127.0.0.1:7891","exceptions":\["127.0.0.1","localhost"\],"exclude_simple_hostnames":false}'; do
  grep -q "$want" "$work/mac.json" || fail "host --host-facts json lacks $want: $(cat "$work/mac.json")"
done
if grep -q 'proxy_environment\|local_ca_certificates' "$work/mac.json"; then
  fail "Linux facts claimed for a Mac: $(cat "$work/mac.json")"
fi
"$orchard" host --host-facts "$mac" > "$work/mac.txt" 2> "$work/err" || fail "host --host-facts (text): exit $?"
for want in '^proxy$' '^  https      127.0.0.1:8888$' '^  socks      127.0.0.1:7891$' \
    '^  exceptions 127.0.0.1 localhost$' '^configuration profiles (2)$' \
    '^  com.company.profiles.PasswordPolicy "Password Policy" (Company, verified): com.apple.mobiledevice.passwordpolicy$'; do
  grep -q "$want" "$work/mac.txt" || fail "host --host-facts text lacks $want: $(cat "$work/mac.txt")"
done
cp "$testdata/scutil_proxy/pac_wpad_dat.txt" "$mac/scutil--proxy.txt"
"$orchard" host --host-facts "$mac" > "$work/mac.txt" 2> "$work/err" || fail "host --host-facts (pac): exit $?"
grep -q '^  pac        http://wpad.company.com/wpad.dat$' "$work/mac.txt" || fail "pac text: $(cat "$work/mac.txt")"
cp "$testdata/scutil_proxy/none_default_exceptions.txt" "$mac/scutil--proxy.txt"
"$orchard" host --host-facts "$mac" > "$work/mac.txt" 2> "$work/err" || fail "host --host-facts (none): exit $?"
grep -q '^proxy     none$' "$work/mac.txt" || fail "no-proxy text: $(cat "$work/mac.txt")"
# --save keeps what it read (here the Linux files) and --host-facts reads the copy back the same.
# shellcheck disable=SC2086
"$orchard" host --format json $files --save "$work/saved" > "$work/live.json" 2> "$work/err" || fail "host --save: exit $? ($(cat "$work/err"))"
"$orchard" host --format json --host-facts "$work/saved" > "$work/replayed.json" 2> "$work/err" || fail "host --host-facts saved: exit $? ($(cat "$work/err"))"
cmp -s "$work/live.json" "$work/replayed.json" || fail "replay differs: $(cat "$work/live.json") vs $(cat "$work/replayed.json")"
# A folder missing every file: facts absent, each named as not recorded; never a crash.
mkdir "$work/empty"
"$orchard" host --host-facts "$work/empty" --format json > "$work/out" 2> "$work/err" || fail "host --host-facts empty: exit $?"
grep -q 'sw_vers: not recorded' "$work/out" || fail "empty folder: $(cat "$work/out")"
"$orchard" host --host-facts "$work/nope" > /dev/null 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "host --host-facts (missing folder): exit $rc, want 2"
grep -q "no such folder" "$work/err" || fail "missing folder message: $(cat "$work/err")"

# A recorded folder is somebody else's text: an escape sequence or a bidi override in it never
# reaches the terminal.
mkdir "$work/hostile"
echo macos > "$work/hostile/platform"
printf 'ProductName:\tmac\033[2J\033]0;pwned\007OS\nProductVersion:\t14.0\342\200\256\nBuildVersion:\t23A344\n' \
  > "$work/hostile/sw_vers.txt"
"$orchard" host --host-facts "$work/hostile" > "$work/text" 2> "$work/err" || fail "host --host-facts hostile: exit $?"
if LC_ALL=C grep -q "$(printf '\033')\\|$(printf '\342\200\256')" "$work/text"; then
  fail "control or bidi characters reached the text: $(od -c "$work/text" | head -5)"
fi
grep -q '^os        mac' "$work/text" || fail "hostile os line: $(cat "$work/text")"

"$orchard" host --format yaml > /dev/null 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "host --format yaml: exit $rc, want 2"
grep -q -- '--format' "$work/err" || fail "the usage error does not name --format: $(cat "$work/err")"
[ "$failures" -eq 0 ] || exit 1
echo "host e2e: ok"
