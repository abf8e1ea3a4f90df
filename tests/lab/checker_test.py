#!/usr/bin/env python3
"""ctest: the expectation checker catches a wrong classification. It builds documents the way
orchard writes them for a scenario, checks that the right one passes, and that one wrong status,
one wrong reason, a missing row, a wrong schema, and a wrong, missing, extra or misordered
diagnosis (or a wrong count or interceptor name) each make it fail. Needs no root."""

import copy
import os
import sys
import tomllib

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations as ce  # noqa: E402
import labtest  # noqa: E402

failures = []
checks = [0]


def expect(what, ok):
    checks[0] += 1
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def result(host, port, check, status, reason, transport="tcp", category="c", target=None):
    return {"host": host, "target": target or host, "port": port, "transport": transport,
            "check": check, "status": status, "reason": reason, "category": category}


def main():
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", "mixed.toml"), "rb") as f:
        mixed = tomllib.load(f)["expect"]
    interception = {"id": "tls-interception", "severity": "critical",
                    "title": "HTTPS inspection by 'Example Corp SSL Inspection CA' breaks "
                             "70 Apple hosts",
                    "explanation": "TLS connections to gs.apple.com are decrypted and re-signed "
                                   "by 'Example Corp SSL Inspection CA', which this machine "
                                   "trusts.",
                    "remedy": "Exempt these hosts", "affected": [f"h{i}:443" for i in range(70)]}
    dns = {"id": "dns-failure", "severity": "high", "title": "4 Apple hosts do not resolve",
           "explanation": "2 answered NXDOMAIN; 1 answered SERVFAIL; 1 have no address records "
                          "(NODATA)",
           "remedy": "", "affected": ["a:443", "b:443", "c:443", "d:443"]}
    ports = {"id": "ports-blocked", "severity": "high",
             "title": "Ports blocked: APNs (TCP 5223, 2197), QUIC (UDP 443), SSH (TCP 22)",
             "explanation": "", "remedy": "",
             "affected": ["p:5223", "p:2197", "mask.icloud.com:443", "upload:22"]}
    good = {"schema": "orchard/check-v1", "diagnoses": [interception, dns, ports], "results": [
        result("gs.apple.com", 443, "tls", "fail", "tls_intercepted"),
        result("gs.apple.com", 80, "http", "pass", "ok"),
        result("ocsp.apple.com", 80, "ocsp", "pass", "ok"),
        result("ocsp2.apple.com", 443, "ocsp", "pass", "ok"),
        result("*.push.apple.com", 5223, "tls", "fail", "tcp_timeout",
               target="1-courier.push.apple.com"),
        result("mask.icloud.com", 443, "quic", "fail", "quic_no_reply", transport="udp"),
        result("*.apzones.com", 443, "tls", "fail", "dns_nxdomain", target="x.apzones.com"),
        result("doh.dns.apple.com", 443, "tls", "fail", "dns_nodata"),
        result("17.248.128.0/18", 443, "tls", "fail", "tls_intercepted"),
    ]}
    rows = [{"host": r["host"], "ports": [r["port"]], "transport": r["transport"]}
            for r in good["results"]]
    n, problems = ce.compare(mixed, good, rows)
    expect(f"the right document passes ({problems})", n == 9 and problems == [])

    wrong_status = copy.deepcopy(good)
    wrong_status["results"][1]["status"] = "fail"
    expect("a wrong status fails", len(ce.compare(mixed, wrong_status, rows)[1]) == 1)
    wrong_reason = copy.deepcopy(good)
    wrong_reason["results"][0]["reason"] = "tls_untrusted"
    problems = ce.compare(mixed, wrong_reason, rows)[1]
    expect("a wrong reason fails and names the row",
           len(problems) == 1 and "gs.apple.com:443/tcp" in problems[0]
           and "expected fail/tls_intercepted, got fail/tls_untrusted" in problems[0])
    bypassed = copy.deepcopy(good)
    bypassed["results"][3]["reason"] = "tls_intercepted"
    bypassed["results"][3]["status"] = "fail"
    expect("a bypassed host reported as intercepted fails",
           len(ce.compare(mixed, bypassed, rows)[1]) == 1)
    missing = copy.deepcopy(good)
    del missing["results"][2]
    expect("a catalog row missing from the results fails",
           any("not reported" in p for p in ce.compare(mixed, missing, rows)[1]))
    schema = copy.deepcopy(good)
    schema["schema"] = "orchard/check-v0"
    expect("a wrong schema fails", len(ce.compare(mixed, schema, rows)[1]) == 1)
    expect("an empty document fails",
           ce.compare(mixed, {"schema": "orchard/check-v1", "results": []})[1] != [])
    check_diagnoses(mixed, good, rows)
    check_scenarios()
    check_captive(good)
    check_split_dns()
    print(f"{checks[0] - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def check_diagnoses(mixed, good, rows):
    """What the lab's diagnosis expectations must catch: orchard naming the wrong cause."""
    def problems(change):
        doc = copy.deepcopy(good)
        change(doc["diagnoses"])
        return ce.compare(mixed, doc, rows)[1]

    def swap(ds):  # the interception reported as a generic partial outage
        ds[0] = dict(ds[0], id="partial-outage")
    found = problems(swap)
    expect(f"a wrong diagnosis fails ({found})",
           any("'tls-interception' missing" in p for p in found)
           and any("'partial-outage' not expected" in p for p in found))
    expect("a missing diagnosis fails", len(problems(lambda ds: ds.pop(1))) == 1)
    expect("an extra diagnosis fails",
           len(problems(lambda ds: ds.append({"id": "cdn-blocked", "affected": []}))) == 1)
    expect("diagnoses out of order fail",
           any("order" in p for p in problems(lambda ds: ds.reverse())))
    found = problems(lambda ds: ds[0]["affected"].pop())
    expect("a wrong affected count fails",
           len(found) == 1 and "69 affected targets, expected 70" in found[0])

    def rename(ds):
        for k in ("title", "explanation"):
            ds[0][k] = ds[0][k].replace("Example Corp SSL Inspection CA", "Orchard Lab Root CA")
    expect("a wrong interceptor name fails", len(problems(rename)) == 1)
    found = problems(lambda ds: ds[0].update(severity="high"))
    expect("a wrong severity fails", len(found) == 1 and "severity 'high'" in found[0])
    doc = copy.deepcopy(good)
    del doc["diagnoses"]
    expect("a document without diagnoses fails",
           any("no diagnoses" in p for p in ce.compare(mixed, doc, rows)[1]))


KNOWN_IDS = {"captive-portal", "dark-network", "dns-failure", "clock-skew", "dns-sinkhole",
             "proxy-auth-required", "tls-interception", "proxy-denied", "proxy-required",
             "cdn-blocked", "cert-validation-blocked", "ports-blocked", "partial-outage",
             "split-dns-failure"}


def check_scenarios():
    """Every scenario with an [expect] table says what diagnoses its network gets."""
    folder = os.path.join(labtest.ROOT, "lab", "scenarios")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            want = tomllib.load(f).get("expect")
        if want is None:
            continue
        ids = [d if isinstance(d, str) else d.get("id") for d in want.get("diagnoses", [None])]
        expect(f"{name} expects diagnoses, all known ({ids})",
               "diagnoses" in want and all(i in KNOWN_IDS for i in ids))


def check_captive(good):
    """The captive-portal scenario: a plain-HTTP row that passes a 302 to the portal fails."""
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", "captive-portal.toml"), "rb") as f:
        captive = tomllib.load(f)["expect"]
    portal = {"id": "captive-portal", "severity": "critical", "title": "A captive portal",
              "explanation": "it redirects to http://portal.corp.example/login", "remedy": "",
              "affected": [f"h{i}:80" for i in range(121)]}
    certs = {"id": "cert-validation-blocked", "severity": "critical",
             "title": "Certificate validation is blocked",
             "explanation": "Symantec Endpoint Protection cannot activate its System Extension",
             "remedy": "", "affected": [f"c{i}:80" for i in range(12)]}
    doc = {"schema": "orchard/check-v1", "diagnoses": [portal, certs], "results": [
        result("captive.apple.com", 80, "captive", "fail", "captive_portal"),
        result("swscan.apple.com", 80, "http", "fail", "http_unexpected"),
    ]}
    expect("the captive-portal verdicts pass", ce.compare(captive, doc, None)[1] == [])
    doc["results"][1].update(status="pass", reason="ok")
    expect("a 302 to the portal passed as the service fails",
           len(ce.compare(captive, doc, None)[1]) == 1)


def check_split_dns():
    """The split-dns scenario: who answered each row and with what is checked too."""
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", "split-dns.toml"), "rb") as f:
        split = tomllib.load(f)["expect"]
    vpn = "127.53.0.2 (cdn-apple.com, utun4)"
    cdn = result("updates.cdn-apple.com", 443, "tls", "pass", "ok")
    cdn.update(resolver=vpn, resolved=["127.60.0.9"])
    other = result("gs.apple.com", 443, "tls", "pass", "ok")
    other["resolved"] = ["127.10.0.5"]
    doc = {"schema": "orchard/check-v1", "diagnoses": [], "results": [cdn, other]}
    expect("the split-dns answers pass", ce.compare(split, doc, None)[1] == [])

    def problems(index, **change):
        bad = copy.deepcopy(doc)
        bad["results"][index].update(change)
        return ce.compare(split, bad, None)[1]
    found = problems(0, resolver="")
    expect(f"a split name the VPN's resolver did not answer fails ({found})",
           len(found) == 1 and "expected '127.53.0.2 (cdn-apple.com, utun4)'" in found[0])
    expect("a split name answered with the default's addresses fails",
           len(problems(0, resolved=["127.10.0.9"])) == 1)
    expect("a split name with no answer fails", len(problems(0, resolved=[])) == 1)
    expect("another name the VPN's resolver answered fails", len(problems(1, resolver=vpn)) == 1)
    expect("another name answered from the VPN's addresses fails",
           len(problems(1, resolved=["127.10.0.5", "127.60.0.5"])) == 1)


if __name__ == "__main__":
    sys.exit(main())
