#!/usr/bin/env python3
"""Compares an `orchard check --format json` document with a scenario's [expect] table, row by
row, and (given the catalog rows) checks that every catalog row and port was reported.

usage: check_expectations.py SCENARIO.toml RESULT.json [CATALOG.json]

[expect] holds `default = {status, reason}` and `rows = [{selectors..., status, reason}]`; the
last rule whose selectors all match a result wins. Selectors: hosts (globs on the catalog's host),
categories, ports, transport, checks, kinds (name, wildcard, cidr). A rule (or the default) may
also say which resolver answered and what: `resolver` is the result's "resolver" field, which
orchard writes only when a per-domain (split DNS) resolver answered ("" = none did), and
`resolved_in = "CIDR"` wants at least one resolved address, every one inside CIDR.

`diagnoses` lists what a network engineer concludes about the network, most important first:
each entry an id, or a table `{ id, affected = N, severity = "...", mentions = ["text"] }`
(affected: the number of host:port targets; mentions: text the title, explanation or remedy
must contain, such as the interceptor's name). When `diagnoses` is given, orchard must report
exactly those ids, in that order. RESULT.json must also be valid against schema/check-v1
(tests/schema/validate.py). Exits 1 on any mismatch, 2 on unusable input."""

import fnmatch
import ipaddress
import json
import os
import sys
import tomllib

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "schema"))
import validate  # noqa: E402


def kind_of(host):
    return "cidr" if "/" in host else ("wildcard" if host.startswith("*.") else "name")


def matches(rule, result):
    host = result.get("host", "")
    if "hosts" in rule and not any(fnmatch.fnmatchcase(host, h) for h in rule["hosts"]):
        return False
    if "categories" in rule and result.get("category") not in rule["categories"]:
        return False
    if "ports" in rule and result.get("port") not in rule["ports"]:
        return False
    if "transport" in rule and result.get("transport") != rule["transport"]:
        return False
    if "checks" in rule and result.get("check") not in rule["checks"]:
        return False
    if "kinds" in rule and kind_of(host) not in rule["kinds"]:
        return False
    return True


def rule_for(expect, result):
    """The [expect] rule that decides `result`: the last matching row rule, else the default."""
    want = expect.get("default", {"status": "pass", "reason": "ok"})
    for rule in expect.get("rows", []):
        if matches(rule, result):
            want = rule
    return want


def expected_for(expect, result):
    want = rule_for(expect, result)
    return want["status"], want["reason"]


def answer_problems(rule, result):
    """What is wrong with who answered the row's DNS query and what it answered."""
    out = []
    if "resolver" in rule and result.get("resolver", "") != rule["resolver"]:
        out.append(f"resolver {result.get('resolver', '')!r}, expected {rule['resolver']!r}")
    if "resolved_in" in rule:
        net = ipaddress.ip_network(rule["resolved_in"])
        resolved = result.get("resolved") or []
        if not resolved or not all(ipaddress.ip_address(a) in net for a in resolved):
            out.append(f"resolved {resolved}, expected addresses in {net}")
    return out


def schema_problems(doc):
    """Problem lines for a check-v1 document orchard wrote that the schema rejects."""
    return [f"schema check-v1: {p}" for p in validate.document_errors("check-v1", doc)]


def read_document(path):
    """The check-v1 document orchard wrote to `path`, and what the schema has against it.
    Raises OSError or ValueError when it cannot be read or is not strict JSON."""
    with open(path) as f:
        doc = validate.parse(f.read())
    return doc, schema_problems(doc)


def compare(expect, doc, catalog_rows=None):
    """Returns (number of rows checked, list of problem lines)."""
    problems = []
    if doc.get("schema") != "orchard/check-v1":
        problems.append(f"schema is {doc.get('schema')!r}, not 'orchard/check-v1'")
    results = doc.get("results")
    if not isinstance(results, list) or not results:
        return 0, problems + ["the document has no results"]
    for r in results:
        want = expected_for(expect, r)
        got = (r.get("status"), r.get("reason"))
        where = (f"{r.get('host')}:{r.get('port')}/{r.get('transport')} [{r.get('category')}, "
                 f"{r.get('check')}, target {r.get('target')}]")
        if got != want:
            problems.append(f"{where}: expected {want[0]}/{want[1]}, got {got[0]}/{got[1]} "
                            f"({r.get('detail', '')})")
        problems += [f"{where}: {p}" for p in answer_problems(rule_for(expect, r), r)]
    if catalog_rows is not None:
        reported = {(r.get("host"), r.get("port"), r.get("transport")) for r in results}
        for row in catalog_rows:
            for port in row.get("ports", []):
                key = (row["host"], port, (row.get("transport") or "tcp").lower())
                if key not in reported:
                    problems.append(f"{key[0]}:{key[1]}/{key[2]}: in the catalog, not reported")
    if "diagnoses" in expect:
        problems += compare_diagnoses(expect["diagnoses"], doc.get("diagnoses"))
    return len(results), problems


def compare_diagnoses(wanted, got):
    """Problem lines for the diagnoses: the same ids in the same order, and each table's facts."""
    if not isinstance(got, list):
        return ["the document has no diagnoses list"]
    wanted = [w if isinstance(w, dict) else {"id": w} for w in wanted]
    want_ids = [w["id"] for w in wanted]
    got_ids = [d.get("id") for d in got]
    problems = []
    for w in want_ids:
        if w not in got_ids:
            problems.append(f"diagnosis {w!r} missing (got {got_ids})")
    for g in got_ids:
        if g not in want_ids:
            problems.append(f"diagnosis {g!r} not expected (expected {want_ids})")
    if not problems and got_ids != want_ids:
        problems.append(f"diagnoses in the order {got_ids}, expected {want_ids}")
    by_id = {d.get("id"): d for d in got}
    for w in wanted:
        d = by_id.get(w["id"])
        if d is None:
            continue
        affected = d.get("affected") or []
        if "affected" in w and len(affected) != w["affected"]:
            problems.append(f"diagnosis {w['id']!r}: {len(affected)} affected targets, expected "
                            f"{w['affected']} ({', '.join(affected[:6])}"
                            f"{', ...' if len(affected) > 6 else ''})")
        if "severity" in w and d.get("severity") != w["severity"]:
            problems.append(f"diagnosis {w['id']!r}: severity {d.get('severity')!r}, expected "
                            f"{w['severity']!r}")
        text = " ".join(str(d.get(k, "")) for k in ("title", "explanation", "remedy"))
        for m in w.get("mentions", []):
            if m not in text:
                problems.append(f"diagnosis {w['id']!r} does not mention {m!r} "
                                f"(title: {d.get('title', '')!r})")
    return problems


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            expect = tomllib.load(f).get("expect")
        doc, problems = read_document(argv[2])
        rows = None
        if len(argv) == 4:
            with open(argv[3]) as f:
                rows = json.load(f)
            if isinstance(rows, dict):
                rows = next((rows[k] for k in ("endpoints", "rows", "results")
                             if isinstance(rows.get(k), list)), None)
    except (OSError, ValueError, validate.Missing) as e:
        print(f"check_expectations: {e}", file=sys.stderr)
        return 2
    if not expect:
        print(f"check_expectations: {argv[1]} has no [expect] table", file=sys.stderr)
        return 2
    checked, mismatches = compare(expect, doc, rows)
    problems += mismatches
    for line in problems:
        print("MISMATCH " + line)
    print(f"{checked - len(problems) if checked >= len(problems) else 0} passed, "
          f"{len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
