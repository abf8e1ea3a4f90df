#!/usr/bin/env python3
"""ctest: the expectation checker catches a wrong classification. It builds documents the way
orchard writes them for a scenario, checks that the right one passes, and that one wrong status,
one wrong reason, a missing row or a wrong schema each make it fail. Needs no root."""

import copy
import os
import sys
import tomllib

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations as ce  # noqa: E402
import labtest  # noqa: E402

failures = []


def expect(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def result(host, port, check, status, reason, transport="tcp", category="c", target=None):
    return {"host": host, "target": target or host, "port": port, "transport": transport,
            "check": check, "status": status, "reason": reason, "category": category}


def main():
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", "mixed.toml"), "rb") as f:
        mixed = tomllib.load(f)["expect"]
    good = {"schema": "orchard/check-v1", "diagnoses": [], "results": [
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
    with_diag = dict(mixed, diagnoses=["tls-interception"])
    expect("a missing diagnosis fails", len(ce.compare(with_diag, good, rows)[1]) == 1)
    print(f"{8 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
