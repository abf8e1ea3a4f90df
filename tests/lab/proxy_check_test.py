#!/usr/bin/env python3
"""ctest: `orchard check` routed through proxies, proven through the binary in the lab.

One lab bring-up per scenario (proxy: an open network with squid; proxy-only: direct egress
dropped, only squid gets out; proxy-upstream-fails: squid itself cannot reach two hosts). Inside it, several `orchard check --format json` runs on the
embedded catalog, restricted to a few hosts that cover every case: hosts that support proxies,
hosts that do not, APNs (proxies on 443 only), plain HTTP on 80 and NTP. Each run's rows are
compared with a table of (status, reason, route); each run's routing description, notes,
diagnoses and exit code too. The proxy's password must never appear in what orchard prints.

usage: proxy_check_test.py SCENARIO --orchard BIN --cache DIR
       proxy_check_test.py --inside SCENARIO ORCHARD WORKDIR  (what the lab runs)"""

import base64
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations  # noqa: E402  (its schema check)

SQUID = "127.20.0.1:3128"  # $LAB_PROXY
SQUID_AUTH = "127.20.0.1:3129"  # $LAB_PROXY_AUTH, $LAB_PROXY_AUTH_BARE
PAC_PROXY = "proxy.corp.example:3128"  # what the lab's PAC (lab/labkit/web.py) names
PASSWORD = "orchard-lab"  # lab/labkit/model.py PROXY_PASSWORD (also squid's realm)
WRONG_PASSWORD = "not-the-password"
# What must never appear in a report: the credentials, in the clear or as a Basic header.
SECRETS = ["lab:" + PASSWORD, base64.b64encode(b"lab:" + PASSWORD.encode()).decode(),
           WRONG_PASSWORD, base64.b64encode(b"lab:" + WRONG_PASSWORD.encode()).decode()]
PAC_URL = "http://wpad.corp.example/proxy.pac"

HOSTS = ["valid.apple.com", "appleid.cdn-apple.com", "gg.apple.com", "mask-api.icloud.com",
         "*.push.apple.com", "ocsp.apple.com", "ocsp2.apple.com", "crl3.digicert.com",
         "time.apple.com"]
# (host, port) by the catalog's "Supports proxies" column for that port. APNs is "note":
# proxies on 443 only.
YES = [("valid.apple.com", 443), ("appleid.cdn-apple.com", 443), ("gg.apple.com", 443),
       ("gg.apple.com", 80), ("mask-api.icloud.com", 443), ("*.push.apple.com", 443)]
NO = [("ocsp.apple.com", 80), ("ocsp2.apple.com", 443), ("crl3.digicert.com", 80),
      ("*.push.apple.com", 80), ("*.push.apple.com", 5223), ("*.push.apple.com", 2197)]
NTP = ("time.apple.com", 123)
# The lab's PAC: .apple.com and .icloud.com DIRECT, everything else "PROXY
# proxy.corp.example:3128; DIRECT". Of the selection it sends these two to the proxy.
PAC_PROXIED = [("appleid.cdn-apple.com", 443), ("crl3.digicert.com", 80)]

PASS = ("pass", "ok")
PROXY_VARS = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
              "ALL_PROXY", "no_proxy", "NO_PROXY"]


def rows(default, **overrides):
    """The expected (status, reason, route) of every selected row: `default` for all, then
    overrides by list name ("yes", "no", "ntp") or explicit keys via `keys`."""
    table = {key: default for key in YES + NO + [NTP]}
    for name, value in overrides.items():
        if name == "keys":
            table.update(value)
            continue
        for key in {"yes": YES, "no": NO, "ntp": [NTP]}[name]:
            table[key] = value
    return table


def direct(outcome=PASS):
    return (*outcome, "direct")


def via(proxy, outcome=PASS):
    return (*outcome, "proxy " + proxy)


def case(name, args, expect=None, env=None, rc=0, description=None, notes=(), diagnoses=None,
         compared=None, text=(), fmt="json", hosts=None):
    """One orchard check run. diagnoses: {id: affected (host, port) list or None for "any"}; ids
    not listed must be absent unless listed in OTHER_DIAGNOSES_OK. compared: the (status,
    reason) every proxied row's direct twin must have (None: no row may carry one). hosts: the
    --host selection instead of HOSTS; its expect is then keyed by (row id, port), since one
    host may be listed in several rows."""
    return dict(name=name, args=args, expect=expect, env=env or {}, rc=rc,
                description=description, notes=list(notes), diagnoses=diagnoses or {},
                compared=compared, text=list(text), fmt=fmt, hosts=hosts)


def label(key):
    return f"{key[0]}:{key[1]}"


# Diagnoses that other rules add for the same failures and that these tests do not pin down.
OTHER_DIAGNOSES_OK = {"cert-validation-blocked", "ports-blocked", "cdn-blocked", "dark-network"}

OPEN_ALL_DIRECT = rows(direct())

# Hosts listed twice with different "Supports proxies" facts (issue 16): each row is judged by
# its own route, keyed here by (row id, port).
TWICE = ["gdmf.apple.com", "itunes.apple.com"]
TWICE_YES = [("mdm/gdmf.apple.com", 443), ("app-store/itunes.apple.com", 443),
             ("app-store/itunes.apple.com", 80)]
TWICE_NO = [("software-updates/gdmf.apple.com", 443), ("carrier-updates/itunes.apple.com", 443)]


def twice(yes, no):
    return {**{k: yes for k in TWICE_YES}, **{k: no for k in TWICE_NO}}


CASES = {
    "proxy": [
        case("explicit", ["--proxy", "$LAB_PROXY"],
             rows(direct(), yes=via(SQUID)), description="--proxy " + SQUID),
        case("basic-auth-in-url", ["--proxy", "$LAB_PROXY_AUTH"],
             rows(direct(), yes=via(SQUID_AUTH)), description="--proxy " + SQUID_AUTH),
        case("basic-auth-proxy-user", ["--proxy", "$LAB_PROXY_AUTH_BARE", "--proxy-user",
                                       "lab:" + PASSWORD],
             rows(direct(), yes=via(SQUID_AUTH)), description="--proxy " + SQUID_AUTH),
        case("no-credentials", ["--proxy", "$LAB_PROXY_AUTH_BARE"],
             rows(direct(), yes=via(SQUID_AUTH, ("fail", "proxy_auth_required"))), rc=1,
             description="--proxy " + SQUID_AUTH, diagnoses={"proxy-auth-required": YES}),
        case("wrong-password", ["--proxy", "$LAB_PROXY_AUTH_BARE", "--proxy-user",
                                "lab:" + WRONG_PASSWORD],
             rows(direct(), yes=via(SQUID_AUTH, ("fail", "proxy_auth_required"))), rc=1,
             description="--proxy " + SQUID_AUTH, diagnoses={"proxy-auth-required": YES}),
        # crl3.digicert.com: the PAC says proxy, but it does not support proxies, so the device
        # (and orchard) go direct first, and direct works here.
        case("pac-url", ["--pac", "$LAB_PAC_URL"],
             rows(direct(), keys={("appleid.cdn-apple.com", 443): via(PAC_PROXY)}),
             description="--pac " + PAC_URL),
        case("pac-file", ["--pac", "$LAB_PAC_FILE"],
             rows(direct(), keys={("appleid.cdn-apple.com", 443): via(PAC_PROXY)}),
             description="--pac $LAB_PAC_FILE"),
        # curl's rules: HTTPS_PROXY covers TLS and the other CONNECT ports, not plain HTTP;
        # NO_PROXY names go direct (and are noted); hosts without proxy support go direct first.
        case("env-https-proxy", [],
             rows(direct(), yes=via(SQUID),
                  keys={("valid.apple.com", 443): direct(), ("mask-api.icloud.com", 443): direct(),
                        ("gg.apple.com", 80): direct()}),
             env={"HTTPS_PROXY": "$LAB_PROXY", "NO_PROXY": "valid.apple.com,.icloud.com"},
             description="environment proxy variables",
             notes=['NO_PROXY entry "valid.apple.com" sends valid.apple.com direct',
                    'NO_PROXY entry ".icloud.com" sends mask-api.icloud.com direct']),
        case("env-http-proxy-lowercase", [],
             rows(direct(), keys={("gg.apple.com", 80): via(SQUID)}),
             env={"http_proxy": "$LAB_PROXY"}, description="environment proxy variables"),
        # A CGI program's environment carries a request's Proxy: header as HTTP_PROXY.
        case("env-http-proxy-uppercase-ignored", [], OPEN_ALL_DIRECT,
             env={"HTTP_PROXY": "$LAB_PROXY"}, description="direct"),
        case("env-all-proxy", [],
             rows(direct(), yes=via(SQUID), keys={("*.push.apple.com", 443): direct()}),
             env={"ALL_PROXY": "$LAB_PROXY", "no_proxy": "push.apple.com"},
             description="environment proxy variables",
             notes=['NO_PROXY entry "push.apple.com" sends 1-courier.push.apple.com direct']),
        case("no-proxy-flag-ignores-env", ["--no-proxy"], OPEN_ALL_DIRECT,
             env={"HTTPS_PROXY": "$LAB_PROXY", "ALL_PROXY": "$LAB_PROXY",
                  "http_proxy": "$LAB_PROXY"},
             description="direct (--no-proxy)"),
        case("compare-routes-agree", ["--proxy", "$LAB_PROXY", "--compare-routes"],
             rows(direct(), yes=via(SQUID)), description="--proxy " + SQUID, compared=PASS),
        case("compare-routes-without-proxy", ["--compare-routes"], rc=2,
             text=["--compare-routes", "no proxy is configured"]),
    ],
    "proxy-only": [
        # The control: nothing gets out direct, so whatever passes below is the proxy's doing.
        case("direct", [], rows(direct(("fail", "tcp_timeout")),
                                ntp=direct(("fail", "ntp_timeout"))),
             rc=1, description="direct", diagnoses={"dark-network": None}),
        case("explicit", ["--proxy", "$LAB_PROXY"],
             rows(via(SQUID), no=via(SQUID, ("warn", "proxy_required")),
                  ntp=direct(("fail", "ntp_timeout"))),
             rc=1, description="--proxy " + SQUID,
             diagnoses={"proxy-required": NO, "ports-blocked": [NTP]}),
        case("basic-auth", ["--proxy", "$LAB_PROXY_AUTH"],
             rows(via(SQUID_AUTH), no=via(SQUID_AUTH, ("warn", "proxy_required")),
                  ntp=direct(("fail", "ntp_timeout"))),
             rc=1, description="--proxy " + SQUID_AUTH,
             diagnoses={"proxy-required": NO, "ports-blocked": [NTP]}),
        # The PAC sends Apple hosts DIRECT, which this network drops.
        case("pac-url", ["--pac", "$LAB_PAC_URL"],
             rows(direct(("fail", "tcp_timeout")), ntp=direct(("fail", "ntp_timeout")),
                  keys={("appleid.cdn-apple.com", 443): via(PAC_PROXY),
                        ("crl3.digicert.com", 80): via(PAC_PROXY, ("warn", "proxy_required"))}),
             rc=1, description="--pac " + PAC_URL,
             diagnoses={"proxy-required": [("crl3.digicert.com", 80)]}),
        case("compare-routes", ["--proxy", "$LAB_PROXY", "--compare-routes"],
             rows(via(SQUID), no=via(SQUID, ("warn", "proxy_required")),
                  ntp=direct(("fail", "ntp_timeout"))),
             rc=1, description="--proxy " + SQUID,
             diagnoses={"proxy-required": NO, "ports-blocked": [NTP]},
             compared=("fail", "tcp_timeout")),
        # The row that supports proxies passes through the proxy; its twin that does not is
        # proxy_required (the device goes direct, which this network drops).
        case("rows-disagree", ["--proxy", "$LAB_PROXY"], hosts=TWICE,
             expect=twice(via(SQUID), via(SQUID, ("warn", "proxy_required"))),
             description="--proxy " + SQUID,
             diagnoses={"proxy-required": [("gdmf.apple.com", 443), ("itunes.apple.com", 443)]}),
        # Behind a proxy that wants credentials: the proxied rows meet the 407, the direct twins
        # the dropped direct route.
        case("rows-disagree-auth", ["--proxy", "$LAB_PROXY_AUTH_BARE"], hosts=TWICE,
             expect=twice(via(SQUID_AUTH, ("fail", "proxy_auth_required")),
                          direct(("fail", "tcp_timeout"))), rc=1,
             description="--proxy " + SQUID_AUTH,
             diagnoses={"proxy-auth-required": [("gdmf.apple.com", 443),
                                                ("itunes.apple.com", 443),
                                                ("itunes.apple.com", 80)],
                        "partial-outage": [("gdmf.apple.com", 443), ("itunes.apple.com", 443)]}),
        case("compare-routes-text", ["--proxy", "$LAB_PROXY", "--compare-routes"], rc=1,
             fmt="text",
             text=["Through the proxy and direct (12 checks went through a proxy)",
                   "6 pass only through the proxy",
                   "valid.apple.com:443 (tls): proxy pass ok; direct fail tcp_timeout",
                   "ocsp.apple.com:80 (ocsp): proxy warn proxy_required; direct fail tcp_timeout",
                   "Direct egress is blocked, but 6 hosts must go direct"]),
    ],
    # Squid is reachable but cannot reach two targets: the firewall rejects gg.apple.com and drops
    # valid.apple.com for squid too. Squid's could-not-reach pages are the target's failure (on
    # CONNECT and on plain HTTP alike), never proxy_denied.
    "proxy-upstream-fails": [
        case("explicit", ["--proxy", "$LAB_PROXY"],
             rows(direct(), yes=via(SQUID),
                  keys={("gg.apple.com", 443): via(SQUID, ("fail", "tcp_refused")),
                        ("gg.apple.com", 80): via(SQUID, ("fail", "tcp_refused")),
                        ("valid.apple.com", 443): via(SQUID, ("fail", "tcp_timeout"))}),
             rc=1, description="--proxy " + SQUID, diagnoses={"partial-outage": None}),
    ],
}


# ---- inside the lab -----------------------------------------------------------------------

def inside(scenario, orchard, work):
    lab_env = {k: v for k, v in os.environ.items() if k.startswith("LAB_")}
    with open(os.path.join(work, "lab_env.json"), "w") as f:
        json.dump(lab_env, f)
    base = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    for c in CASES[scenario]:
        selection = [a for h in (c["hosts"] or HOSTS) for a in ("--host", h)]
        env = dict(base)
        env.update({k: os.path.expandvars(v) for k, v in c["env"].items()})
        out = os.path.join(work, c["name"] + ".out")
        argv = [orchard, "check", *os.environ["LAB_ORCHARD_ARGS"].split(), "--timeout", "2",
                "--format", c["fmt"], *selection, *[os.path.expandvars(a) for a in c["args"]],
                "-o", out]
        with open(os.path.join(work, c["name"] + ".err"), "w") as err:
            rc = subprocess.run(argv, env=env, stdout=err, stderr=subprocess.STDOUT).returncode
        with open(os.path.join(work, c["name"] + ".rc"), "w") as f:
            f.write(str(rc))
    return 0


# ---- outside: the verdicts ----------------------------------------------------------------

def route_of(result):
    route = result.get("route") or {}
    if route.get("kind") == "proxy":
        return "proxy " + route.get("proxy", "")
    return route.get("kind", "?")


def check_document(c, doc, lab_env):
    problems = []
    got = {}
    for r in doc.get("results", []):
        key = (r.get("row_id") if c["hosts"] else r.get("host"), r.get("port"))
        if key in got:
            problems.append(f"{label(key)} reported twice")
        got[key] = r
    for key, want in c["expect"].items():
        r = got.pop(key, None)
        if r is None:
            problems.append(f"{label(key)}: missing from the results")
            continue
        have = (r.get("status"), r.get("reason"), route_of(r))
        if have != want:
            problems.append(f"{label(key)}: got {' '.join(have)}, want {' '.join(want)} "
                            f"({r.get('detail', '')})")
        twin = r.get("compared")
        if c["compared"] is None or r.get("route", {}).get("kind") != "proxy":
            if twin:
                problems.append(f"{label(key)}: unexpected compared {twin}")
        elif not twin:
            problems.append(f"{label(key)}: went through the proxy but has no compared route")
        else:
            have = (twin.get("status"), twin.get("reason"), route_of(twin))
            if have != (*c["compared"], "direct"):
                problems.append(f"{label(key)}: compared {have}, want "
                                f"{(*c['compared'], 'direct')}")
    for key in got:
        problems.append(f"{label(key)}: not expected in this selection")

    routing = doc.get("routing") or {}
    want = c["description"].replace("$LAB_PAC_FILE", lab_env.get("LAB_PAC_FILE", "?"))
    if routing.get("description") != want:
        problems.append(f"routing.description {routing.get('description')!r}, want {want!r}")
    if sorted(routing.get("notes", [])) != sorted(c["notes"]):
        problems.append(f"routing.notes {routing.get('notes')}, want {c['notes']}")

    diagnoses = {d.get("id"): d for d in doc.get("diagnoses", [])}
    for did, affected in c["diagnoses"].items():
        d = diagnoses.get(did)
        if d is None:
            problems.append(f"diagnosis {did} missing (have {sorted(diagnoses)})")
            continue
        if affected is not None:
            want_affected = sorted(label(k) for k in affected)
            if sorted(d.get("affected", [])) != want_affected:
                problems.append(f"diagnosis {did} affects {d.get('affected')}, want "
                                f"{want_affected}")
            if did == "proxy-required":
                words = d.get("explanation", "") + " " + d.get("remedy", "")
                for host in sorted({k[0] for k in affected}):
                    if host not in words:
                        problems.append(f"diagnosis {did} does not name {host}")
    for did in diagnoses:
        if did not in c["diagnoses"] and did not in OTHER_DIAGNOSES_OK:
            problems.append(f"unexpected diagnosis {did}: {diagnoses[did].get('affected')}")
    return problems


def check_case(c, work, lab_env):
    def read(ext):
        path = os.path.join(work, c["name"] + ext)
        if not os.path.exists(path):
            return None
        with open(path, errors="replace") as f:
            return f.read()

    rc_text, out, err = read(".rc"), read(".out"), read(".err") or ""
    if rc_text is None:
        return ["did not run"]
    problems = []
    rc = int(rc_text)
    if rc != c["rc"]:
        problems.append(f"exit code {rc}, want {c['rc']}: {err[-500:]}")
    for secret in SECRETS:
        if secret in (out or "") + err:
            problems.append(f"orchard's output holds the proxy credentials ({secret})")
    if c["rc"] == 2:
        if out is not None:
            problems.append("a usage error still wrote the report (-o)")
        words = " ".join(err.split())
        problems += [f"stderr lacks {t!r}: {err.strip()}" for t in c["text"] if t not in words]
        return problems
    if out is None:
        return problems + ["no report written"]
    if c["fmt"] == "text":
        words = " ".join(out.split())
        return problems + [f"text report lacks {t!r}" for t in c["text"] if t not in words]
    try:
        doc = check_expectations.validate.parse(out)
    except ValueError as e:
        return problems + [f"report is not JSON: {e}"]
    return problems + check_expectations.schema_problems(doc) + check_document(c, doc, lab_env)


def main(argv):
    if len(argv) == 5 and argv[1] == "--inside":
        return inside(argv[2], argv[3], argv[4])
    args = dict(zip(argv[2::2], argv[3::2]))
    if len(argv) != 6 or "--orchard" not in args or "--cache" not in args \
            or argv[1] not in CASES:
        sys.exit(__doc__)
    import labtest  # noqa: E402
    labtest.skip_unless_lab_can_run()
    scenario, orchard = argv[1], os.path.abspath(args["--orchard"])
    with tempfile.TemporaryDirectory(prefix="orchard-proxy-check-") as work:
        os.chmod(work, 0o755)
        catalog = os.path.join(work, "catalog.json")
        with open(catalog, "w") as f:
            subprocess.run([orchard, "catalog", "list", "--format", "json"], stdout=f, check=True)
        r = labtest.lab("run", scenario, "--catalog-json", catalog, "--cache", args["--cache"],
                        "--", sys.executable, os.path.abspath(__file__), "--inside", scenario,
                        orchard, work)
        if r.returncode != 0:
            print(f"FAIL: the lab run exited {r.returncode}")
            return 1
        with open(os.path.join(work, "lab_env.json")) as f:
            lab_env = json.load(f)
        failed = 0
        for c in CASES[scenario]:
            problems = check_case(c, work, lab_env)
            print(f"{'FAIL' if problems else 'ok  '} {scenario}/{c['name']}")
            for p in problems:
                print(f"     {p}")
            failed += bool(problems)
        print(f"{len(CASES[scenario]) - failed} passed, {failed} failed")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
