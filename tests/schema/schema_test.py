#!/usr/bin/env python3
"""ctest: the schemas are not vacuous. Starting from the golden documents (which must be valid),
each mutation below (a required field removed, a wrong enum name or type, an extra key, a
stray field on a JSON line, non-strict JSON) must be rejected with an error at the right JSON
path, and each harmless variation (a label, the optional `compared` and `udp`, `ntp` facts)
accepted.

usage: schema_test.py"""

import copy
import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import validate  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(validate.SCHEMA_DIR), "tests", "golden")
failures = []


def load():
    with open(os.path.join(GOLDEN, "expected.json")) as f:
        doc = json.load(f)
    with open(os.path.join(GOLDEN, "expected.jsonl")) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return doc, lines


def first(items, pred):
    return next(i for i, item in enumerate(items) if pred(item))


def check(what, schema, doc, want_path=None):
    """want_path None: doc must be valid; else some error must be at that JSON path."""
    errors = validate.document_errors(schema, doc)
    if want_path is None:
        ok = not errors
    else:
        ok = any(e.startswith(want_path + ": ") for e in errors)
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
        print("     want " + ("no error" if want_path is None else f"an error at {want_path}")
              + "; got: " + ("; ".join(errors) or "no error"))


def mutated(doc, change):
    d = copy.deepcopy(doc)
    change(d)
    return d


def check_v1_cases(doc):
    tls = first(doc["results"], lambda r: r["tls"])
    http = first(doc["results"], lambda r: r["http"])
    addr = first(doc["results"], lambda r: r["addresses"])
    compared = {"route": {"kind": "direct", "proxy": ""}, "status": "pass", "reason": "ok",
                "detail": "direct works"}
    ntp = {"offset_ms": -12.5, "delay_ms": 3.0, "stratum": 2}
    udp = {"datagrams_sent": 3, "datagrams_answered": 1}
    accepted = {
        "the golden document": lambda d: None,
        "no labels, results or diagnoses": lambda d: d.update(labels={}, results=[],
                                                              diagnoses=[]),
        "a result with compared": lambda d: d["results"][0].update(compared=compared),
        "a result with ntp facts": lambda d: d["results"][0].update(ntp=ntp),
        "a result with udp facts": lambda d: d["results"][0].update(udp=udp),
        "a Mac's host facts": lambda d: d.update(host={
            "platform": "macos", "os": {"name": "macOS", "version": "14.4", "build": "23E214"},
            "resolvers": [{"nameservers": ["10.0.0.53"], "search_domains": [], "domain": "",
                           "interface": "en0", "scoped": False, "supplemental": False}],
            "system_extensions": [{"category": "com.apple.system_extension.network_extension",
                                   "enabled": True, "active": True, "team_id": "9PTGMPNXZ2",
                                   "bundle_id": "com.symantec.mes.systemextension",
                                   "version": "1/1", "name": "SEP",
                                   "state": "activated enabled"}],
            "mdm": {"dep": True, "enrolled": True, "user_approved": True, "server": ""},
            "admin_trusted_certificates": [{"name": "Corp CA", "trust_settings": 0}],
            "problems": []}),
        "a timing phase that did not run": lambda d: d["results"][0]["timings_ms"].update(
            dns=None),
    }
    for what, change in accepted.items():
        check("check-v1 accepts " + what, "check-v1", mutated(doc, change))

    def drop(*path):
        def change(d):
            for p in path[:-1]:
                d = d[p]
            del d[path[-1]]
        return change

    def put(value, *path):
        def change(d):
            for p in path[:-1]:
                d = d[p]
            d[path[-1]] = value
        return change

    rejected = [
        # a required field missing
        ("without run_id", drop("run_id"), "(document)"),
        ("without routing", drop("routing"), "(document)"),
        ("a result without status", drop("results", 0, "status"), "results[0]"),
        ("a result without timings_ms.first_byte", drop("results", 0, "timings_ms", "first_byte"),
         "results[0].timings_ms"),
        ("tls facts without chain", drop("results", tls, "tls", "chain"), f"results[{tls}].tls"),
        ("a diagnosis without severity", drop("diagnoses", 0, "severity"), "diagnoses[0]"),
        ("a summary without total", drop("summary", "total"), "summary"),
        # a wrong enum name or value
        ("another schema", put("orchard/check-v2", "schema"), "schema"),
        ("a host on 'windows'", put({"platform": "windows", "os": {"name": "", "version": "",
                                                                  "build": ""},
                                     "resolvers": [], "problems": []}, "host"), "host.platform"),
        ("status 'grey'", put("grey", "results", 0, "status"), "results[0].status"),
        ("reason 'dns_bogus'", put("dns_bogus", "results", 0, "reason"), "results[0].reason"),
        ("check 'ping'", put("ping", "results", 0, "check"), "results[0].check"),
        ("transport 'sctp'", put("sctp", "results", 0, "transport"), "results[0].transport"),
        ("proxy_support 'maybe'", put("maybe", "results", 0, "proxy_support"),
         "results[0].proxy_support"),
        ("route kind 'socks'", put("socks", "results", 0, "route", "kind"),
         "results[0].route.kind"),
        ("address outcome 'closed'", put("closed", "results", addr, "addresses", 0, "outcome"),
         f"results[{addr}].addresses[0].outcome"),
        ("severity 'urgent'", put("urgent", "diagnoses", 0, "severity"), "diagnoses[0].severity"),
        ("compared with reason 'nope'",
         put(dict(compared, reason="nope"), "results", 0, "compared"),
         "results[0].compared.reason"),
        # a wrong type or range
        ("port as a string", put("443", "results", 0, "port"), "results[0].port"),
        ("port 70000", put(70000, "results", 0, "port"), "results[0].port"),
        ("a negative count", put(-1, "summary", "failed"), "summary.failed"),
        ("total time as a string", put("5", "results", 0, "timings_ms", "total"),
         "results[0].timings_ms.total"),
        ("intercepted as a string", put("yes", "results", tls, "tls", "intercepted"),
         f"results[{tls}].tls.intercepted"),
        ("http facts as a string", put("200", "results", http, "http"), f"results[{http}].http"),
        ("ntp stratum 300", put(dict(ntp, stratum=300), "results", 0, "ntp"),
         "results[0].ntp.stratum"),
        ("udp datagrams_sent -1", put(dict(udp, datagrams_sent=-1), "results", 0, "udp"),
         "results[0].udp.datagrams_sent"),
        ("udp facts without datagrams_answered", put({"datagrams_sent": 1}, "results", 0, "udp"),
         "results[0].udp"),
        ("a profile that is a number", put([1], "catalog", "profiles"), "catalog.profiles[0]"),
        ("started_at not in UTC", put("2026-11-27T09:30:00+01:00", "started_at"), "started_at"),
        # labels: named like a field, not an identifier, empty, not a string
        ("a label named status", put("x", "labels", "status"), "labels"),
        ("a label named 9lives", put("x", "labels", "9lives"), "labels"),
        ("an empty label", put("", "labels", "site"), "labels.site"),
        ("a label with a newline", put("a\nb", "labels", "site"), "labels.site"),
        ("a label that is a number", put(7, "labels", "site"), "labels.site"),
        # an extra key where the encoder writes a fixed set
        ("an extra top-level key", put(1, "extra"), "(document)"),
        ("an extra key in a result", put(1, "results", 0, "extra"), "results[0]"),
        ("an extra key in timings_ms", put(1, "results", 0, "timings_ms", "extra"),
         "results[0].timings_ms"),
        ("an extra key in an address", put(1, "results", addr, "addresses", 0, "extra"),
         f"results[{addr}].addresses[0]"),
        ("an extra key in tls", put(1, "results", tls, "tls", "extra"), f"results[{tls}].tls"),
        ("an extra key in http", put(1, "results", http, "http", "extra"),
         f"results[{http}].http"),
        ("an extra key in route", put(1, "results", 0, "route", "extra"), "results[0].route"),
        ("an extra key in compared", put(dict(compared, extra=1), "results", 0, "compared"),
         "results[0].compared"),
        ("an extra key in udp", put(dict(udp, extra=1), "results", 0, "udp"), "results[0].udp"),
        ("an extra key in a diagnosis", put(1, "diagnoses", 0, "extra"), "diagnoses[0]"),
        ("an extra key in summary", put(1, "summary", "extra"), "summary"),
        ("an extra key in catalog", put(1, "catalog", "extra"), "catalog"),
        ("an extra key in routing", put(1, "routing", "extra"), "routing"),
    ]
    for what, change, path in rejected:
        check("check-v1 rejects " + what, "check-v1", mutated(doc, change), path)


def jsonl_v1_cases(lines):
    result = lines[0]
    diagnosis = lines[first(lines, lambda x: x["type"] == "diagnosis")]
    run = lines[-1]
    assert result["type"] == "result" and run["type"] == "run"
    for line in lines:
        check(f"jsonl-v1 accepts the golden {line['type']} line", "jsonl-v1", line)
    check("jsonl-v1 accepts a line with another label", "jsonl-v1",
          dict(result, building="b2"))
    rejected = [
        ("a result line without run_id", {k: v for k, v in result.items() if k != "run_id"},
         "(document)"),
        ("a result line without status", {k: v for k, v in result.items() if k != "status"},
         "(document)"),
        ("a run line without summary", {k: v for k, v in run.items() if k != "summary"},
         "(document)"),
        ("type 'metric'", dict(result, type="metric"), "type"),
        ("the check-v1 schema name", dict(result, schema="orchard/check-v1"), "schema"),
        ("a bad timestamp", dict(run, timestamp="yesterday"), "timestamp"),
        ("reason 'grey' on a result line", dict(result, reason="grey"), "reason"),
        ("severity 'urgent' on a diagnosis line", dict(diagnosis, severity="urgent"),
         "severity"),
        ("an extra key in a result line's timings_ms",
         dict(result, timings_ms=dict(result["timings_ms"], extra=1)), "timings_ms"),
        ("an extra key in the run line's summary", dict(run, summary=dict(run["summary"], x=1)),
         "summary"),
        ("a non-string extra key (no label)", dict(result, extra=1), "(document)"),
        ("a key that is no identifier", dict(result, **{"bad-key": "x"}), "(document)"),
        ("a diagnosis field on a result line", dict(result, severity="high"), "(document)"),
        ("a result field on a run line", dict(run, status="pass"), "(document)"),
        ("a result field on a diagnosis line", dict(diagnosis, host="a.apple.com"),
         "(document)"),
        ("a labels object", dict(run, labels={}), "(document)"),
    ]
    for what, line, path in rejected:
        check("jsonl-v1 rejects " + what, "jsonl-v1", line, path)


def strict_json_cases():
    for what, text in [("NaN", '{"schema": NaN}'), ("a key twice", '{"a": 1, "a": 2}')]:
        problems = validate.text_errors("check-v1", text)
        ok = any("not valid JSON" in p for p in problems)
        print(("ok   " if ok else "FAIL ") + f"rejects {what} as not valid JSON")
        if not ok:
            failures.append(what)


def main():
    try:
        validate.validator("check-v1")
    except validate.Missing as e:
        print(f"SKIP: {e}")
        return validate.SKIP
    doc, lines = load()
    check_v1_cases(doc)
    jsonl_v1_cases(lines)
    strict_json_cases()
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
