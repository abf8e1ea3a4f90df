#!/usr/bin/env python3
"""Checks, from inside a running lab, that the scenario's network does what the scenario says,
with independent tools (dig, sockets, Python's ssl, openssl) and the fixture catalog
(tests/lab/fixtures/catalog.json). Run by lab_selftest.py as
`lab/lab run SCENARIO -- python3 tests/lab/selftest.py`. Prints one line per check and a
closing "N passed, M failed"; exits 1 on any failure."""

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probes as p  # noqa: E402

LAB = os.environ["LAB_DIR"]
CA = os.environ["LAB_CA_FILE"]
ANCHOR = os.environ["LAB_TRUST_ANCHOR"]
PKI = os.path.dirname(ANCHOR)
SERVERS = json.load(open(os.path.join(LAB, "servers.json")))
LAB_ISSUER = "Orchard Lab Server CA 1"
BUMP_ISSUER = "Example Corp SSL Inspection CA"
results = []


def check(what, got, want):
    ok = got == want if not callable(want) else want(got)
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {what}: got {got!r}" + ("" if ok else f", want {want!r}"))


def addr(name):
    return SERVERS[name]["addr"]


def resolves_to_lab(name):
    status, answers = p.dig(name)
    a = [v for t, v in answers if t == "A"]
    return status == "NOERROR" and a == [addr(name)]


def leaf(name):
    return os.path.join(PKI, "leaves", name + ".pem")


def open_web():
    for name in ("gs.apple.com", "1-courier.push.apple.com", "www.icloud.com", "captive.apple.com"):
        check(f"dns {name}", resolves_to_lab(name), True)
    status, answers = p.dig("crl.apple.com")
    check("crl.apple.com CNAME chain", [t for t, _ in answers], ["CNAME", "CNAME", "A"])
    status, answers = p.dig("gs.apple.com", "AAAA")
    check("AAAA gs.apple.com has no address", (status, [t for t, _ in answers if t == "AAAA"]),
          ("NOERROR", []))
    check("unknown name is NXDOMAIN", p.dig("nothing.apple.com")[0], "NXDOMAIN")
    for name, port in (("gs.apple.com", 443), ("1-courier.push.apple.com", 5223),
                       ("1-courier.push.apple.com", 2197), ("www.icloud.com", 443)):
        check(f"tls {name}:{port}", p.tls(name, port, CA)[:3], (True, "", LAB_ISSUER))
    cidr = os.environ["LAB_ORCHARD_ARGS"].split("--connect-to ")[1].split()[0]
    target = cidr.split(":")[2]
    check("cidr row's server", p.tls("17.248.128.1", 443, CA, addr=target)[3], "17.248.128.1")
    status, headers, body = p.http("http://captive.apple.com/hotspot-detect.html")
    check("captive page", (status, b"Success" in body), (200, True))
    status, headers, body = p.http("http://crl.apple.com/root.crl")
    check("crl at the catalog's path", (status, p.crl_issuer(body)),
          (200, "issuer=O = Orchard Lab, CN = Orchard Lab Server CA 1"))
    check("other crl path is 404", p.http("http://crl.apple.com/nope.crl")[0], 404)
    check("plain http answer", p.http("http://gs.apple.com/")[0], 200)


def open_ocsp():
    inter = os.path.join(PKI, "inter.pem")
    req = p.ocsp_request(inter, leaf("gs.apple.com"))
    status, headers, body = p.http("http://ocsp.apple.com/ocsp03-apple", "POST", req,
                                   {"Content-Type": "application/ocsp-request"})
    check("ocsp POST", (status, headers.get("content-type"),
                        p.ocsp_status(body, inter, leaf("gs.apple.com"), ANCHOR)),
          (200, "application/ocsp-response", "good"))
    revoked = os.path.join(PKI, "revoked.pem")
    import base64, urllib.parse
    get = base64.b64encode(p.ocsp_request(inter, revoked)).decode()
    status, _, body = p.http("http://ocsp.apple.com/ocsp03-apple/" + urllib.parse.quote(get, safe=""))
    check("ocsp GET (revoked leaf)", (status, p.ocsp_status(body, inter, revoked, ANCHOR)),
          (200, "revoked"))
    # A request for a certificate of another CA still gets a DER OCSPResponse.
    bump = os.path.join(PKI, "bump.pem")
    status, headers, body = p.http("http://ocsp.apple.com/", "POST", p.ocsp_request(bump, bump))
    check("ocsp foreign issuer answers DER", (status, body[:1]), (200, b"\x30"))


def open_udp_ssh():
    outcome, offset, stratum = p.ntp(addr("time.apple.com"))
    check("ntp time.apple.com", (outcome, stratum, offset is not None and abs(offset) < 1),
          ("ok", 2, True))
    check("quic version negotiation", p.quic(addr("mask.icloud.com")), "vn")
    check("ssh banner", p.ssh_banner(addr("upload.appleschoolcontent.com"))[:8], "SSH-2.0-")


def scenario_open():
    open_web()
    open_ocsp()
    open_udp_ssh()


def scenario_dark():
    check("dns times out", p.dig("gs.apple.com")[0], "TIMEOUT")
    check("tcp 443 dropped", p.tcp(addr("gs.apple.com"), 443), "timeout")
    check("ntp dropped", p.ntp(addr("time.apple.com"))[0], "timeout")


def scenario_dns_nxdomain():
    for name in ("www.icloud.com", "mask.icloud.com"):
        check(f"{name} NXDOMAIN", p.dig(name)[0], "NXDOMAIN")
    check("gs.apple.com resolves", resolves_to_lab("gs.apple.com"), True)


def scenario_dns_sinkhole():
    check("push sinkholed", p.dig("1-courier.push.apple.com")[1], [("A", "0.0.0.0")])
    check("push AAAA sinkholed", p.dig("1-courier.push.apple.com", "AAAA")[1], [("AAAA", "::")])
    check("apps to loopback", p.dig("www.apps.apple.com")[1], [("A", "127.0.0.1")])
    check("gs.apple.com resolves", resolves_to_lab("gs.apple.com"), True)


def scenario_cert_validation_blocked():
    check("ocsp dropped", p.tcp(addr("ocsp.apple.com"), 80), "timeout")
    check("crl dropped", p.tcp(addr("crl.apple.com"), 80), "timeout")
    check("ocsp2 dropped", p.tcp(addr("ocsp2.apple.com"), 443), "timeout")
    check("valid.apple.com open", p.tcp(addr("valid.apple.com"), 443), "open")


def scenario_ports_rejected():
    push = addr("1-courier.push.apple.com")
    check("5223 refused", p.tcp(push, 5223), "refused")
    check("2197 refused", p.tcp(push, 2197), "refused")
    check("443 open", p.tcp(push, 443), "open")
    check("ntp rejected", p.ntp(addr("time.apple.com"))[0], "refused")


def _inspected(trusted):
    verified, error, issuer, subject = p.tls("gs.apple.com", 443, CA)
    check("443 re-signed by the inspection CA", (issuer, subject), (BUMP_ISSUER, "gs.apple.com"))
    check("OS store trusts it" if trusted else "OS store rejects it", verified, trusted)
    check("5223 not inspected", p.tls("1-courier.push.apple.com", 5223, CA)[:3],
          (True, "", LAB_ISSUER))


def scenario_ssl_inspection_trusted():
    _inspected(True)


def scenario_ssl_inspection_untrusted():
    _inspected(False)


def scenario_captive_portal():
    status, headers, _ = p.http("http://captive.apple.com/hotspot-detect.html")
    check("captive redirected", (status, headers.get("location")),
          (302, "http://portal.corp.example/login"))
    status, _, body = p.http("http://portal.corp.example/login")
    check("portal login page", (status, b"Guest WiFi" in body), (200, True))
    verified, _, issuer, subject = p.tls("gs.apple.com", 443, CA)
    check("https reaches the portal", (verified, subject), (False, "portal.corp.example"))
    check("5223 dropped", p.tcp(addr("1-courier.push.apple.com"), 5223), "timeout")
    check("ntp dropped", p.ntp(addr("time.apple.com"))[0], "timeout")


def scenario_filter_block_page():
    for url in ("http://captive.apple.com/hotspot-detect.html", "http://ocsp.apple.com/"):
        status, _, body = p.http(url)
        check(f"{url} answered by the filter with 200",
              (status, b"policy_denied" in body, b"Success" in body), (200, True, False))
    verified, _, issuer, subject = p.tls("gs.apple.com", 443, CA)
    check("https untouched", (verified, issuer), (True, LAB_ISSUER))
    check("5223 open", p.tcp(addr("1-courier.push.apple.com"), 5223), "open")


def scenario_clock_skew():
    outcome, offset, _ = p.ntp(addr("time.apple.com"))
    check("ntp shows ~400 days", (outcome, offset is not None and 399 * 86400 < offset < 401 * 86400),
          ("ok", True))
    verified, error, issuer, _ = p.tls("gs.apple.com", 443, CA)
    check("certificate not yet valid", (verified, "not yet valid" in error), (False, True))


def scenario_mixed():
    check("livephotoskit SERVFAIL", p.dig("www.apple-livephotoskit.com")[0], "SERVFAIL")
    check("doh NODATA", p.dig("doh.dns.apple.com"), ("NOERROR", []))
    check("5223 dropped", p.tcp(addr("1-courier.push.apple.com"), 5223), "timeout")
    check("quic rejected", p.quic(addr("mask.icloud.com")), "refused")
    check("ssh rejected", p.ssh_banner(addr("upload.appleschoolcontent.com")), "refused")
    check("gs.apple.com inspected", p.tls("gs.apple.com", 443, CA)[2], BUMP_ISSUER)
    check("ocsp2 bypassed", p.tls("ocsp2.apple.com", 443, CA)[2], LAB_ISSUER)


def scenario_udp_first_datagram_lost():
    open_web()
    for what, name, port, datagram in (("ntp", "time.apple.com", 123, p.ntp_request()),
                                       ("quic", "mask.icloud.com", 443, p.quic_initial())):
        check(f"{what}: a flow's first datagram is lost, its second answered",
              p.udp_resends(addr(name), port, datagram), ["timeout", "answered"])
        check(f"{what}: so is a new flow's first", p.udp_resends(addr(name), port, datagram, 1),
              ["timeout"])


SPLIT_NAMES = ("updates.cdn-apple.com", "updates-http.cdn-apple.com")


def _split_dns_default():
    """What the default resolver says, whatever the VPN's does: every name, the lab's addresses."""
    check("split domain", os.environ["LAB_SPLIT_DOMAIN"], "cdn-apple.com")
    for name in SPLIT_NAMES + ("gs.apple.com",):
        check(f"default resolver: {name}", resolves_to_lab(name), True)


def scenario_split_dns():
    _split_dns_default()
    vpn = os.environ["LAB_SPLIT_DNS"]
    for name in SPLIT_NAMES:
        check(f"vpn resolver: {name} at its VPN-side address", p.dig(name, server=vpn),
              ("NOERROR", [("A", SERVERS[name]["vpn_addr"])]))
        check(f"{name}'s VPN-side address differs", SERVERS[name]["vpn_addr"] != addr(name), True)
    check("vpn resolver refuses other names", p.dig("gs.apple.com", server=vpn)[0], "REFUSED")
    check("vpn resolver: unknown name in its domain", p.dig("nothing.cdn-apple.com",
                                                            server=vpn)[0], "NXDOMAIN")
    vpn_side = SERVERS["updates.cdn-apple.com"]["vpn_addr"]
    check("tls at the VPN-side address",
          p.tls("updates.cdn-apple.com", 443, CA, addr=vpn_side)[:3], (True, "", LAB_ISSUER))
    vpn_http = SERVERS["updates-http.cdn-apple.com"]["vpn_addr"]
    check("http at the VPN-side address", p.tcp(vpn_http, 80), "open")
    facts = os.environ["LAB_HOST_FACTS"]
    check("host-facts folder", sorted(os.listdir(facts)),
          ["platform", "scutil--dns.txt", "sw_vers.txt"])
    with open(os.path.join(facts, "scutil--dns.txt")) as f:
        text = f.read()
    check("scutil --dns names the VPN resolver for the domain",
          "domain   : cdn-apple.com\n  nameserver[0] : 127.53.0.2\n" in text, True)


def scenario_split_dns_down():
    _split_dns_default()
    for name in SPLIT_NAMES:
        check(f"vpn resolver dropped: {name}", p.dig(name, server=os.environ["LAB_SPLIT_DNS"])[0],
              "TIMEOUT")


def _proxies():
    proxy, auth = os.environ["LAB_PROXY"], os.environ["LAB_PROXY_AUTH"]
    bare = os.environ["LAB_PROXY_AUTH_BARE"]
    check("CONNECT via the open proxy", p.connect_via_proxy(proxy, "gs.apple.com", 443), 200)
    check("auth proxy without credentials", p.connect_via_proxy(bare, "gs.apple.com", 443), 407)
    check("auth proxy with credentials", p.connect_via_proxy(auth, "gs.apple.com", 443), 200)
    status, _, body = p.http("http://captive.apple.com/hotspot-detect.html", proxy=proxy)
    check("plain http through the proxy", (status, b"Success" in body), (200, True))
    status, _, body = p.http(os.environ["LAB_PAC_URL"])
    check("PAC served", (status, b"FindProxyForURL" in body), (200, True))


def scenario_proxy():
    _proxies()
    check("direct still open", p.tcp(addr("gs.apple.com"), 443), "open")


def scenario_proxy_only():
    _proxies()
    check("direct dropped", p.tcp(addr("gs.apple.com"), 443), "timeout")


def main():
    name = os.environ["LAB_SCENARIO"]
    fn = globals().get("scenario_" + name.replace("-", "_"))
    if fn is None:
        print(f"no self-test for scenario {name}")
        return 1
    started = time.monotonic()
    fn()
    passed = sum(results)
    print(f"selftest {name}: {time.monotonic() - started:.1f}s")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
