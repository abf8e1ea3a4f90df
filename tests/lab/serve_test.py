#!/usr/bin/env python3
"""ctest: `orchard serve` in a failing lab scenario, scraped by a real Prometheus server.

Outside the lab it brings the scenario up and runs itself inside the namespace (--inside).
Inside, it starts `orchard serve` with the lab's options and Prometheus scraping it every
second, then asks Prometheus's HTTP API for the failing rows, their reasons and the diagnosis
series, runs `promtool check metrics` on /metrics, and stops orchard with SIGTERM (which must
exit 0).

usage: serve_test.py SCENARIO --orchard BIN --cache DIR
       serve_test.py --inside ORCHARD WORKDIR  (what the lab runs)"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True

ORCHARD_PORT = 9817
PROM_PORT = 9090
# (PromQL, what must hold for every row it returns, how many rows at least)
EXPECTED = {
    "cert-validation-blocked": [
        # The scenario drops the OCSP and CRL hosts; certs.apple.com:80 stays open.
        ('orchard_probe_success{category="certificate-validation",transport="tcp",port="80",'
         'check=~"ocsp|crl"}', lambda v: v == 0, 8),
        ('orchard_probe_success{host="certs.apple.com",port="80"}', lambda v: v == 1, 1),
        ('orchard_probe_failure_reason{category="certificate-validation",port="80",'
         'reason="tcp_timeout"}', lambda v: v == 1, 5),
        ('orchard_probe_success{category="apple-id"}', lambda v: v == 1, 4),
        ('orchard_diagnosis{id="cert-validation-blocked"}', lambda v: v == 1, 1),
        ('orchard_runs_total', lambda v: v >= 1, 1),
    ],
}


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode()


def query(expr):
    url = f"http://127.0.0.1:{PROM_PORT}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    _, body = get(url)
    data = json.loads(body)
    if data.get("status") != "success":
        raise RuntimeError(f"query {expr}: {body}")
    return [(r["metric"], float(r["value"][1])) for r in data["data"]["result"]]


def inside(orchard, work, scenario):
    args = os.environ.get("LAB_ORCHARD_ARGS", "").split()
    serve = subprocess.Popen([orchard, "serve", *args, "--timeout", "2", "--interval", "3",
                              "--listen", f"127.0.0.1:{ORCHARD_PORT}"],
                             stdout=open(os.path.join(work, "serve.log"), "w"),
                             stderr=subprocess.STDOUT)
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                "scrape_configs:\n  - job_name: orchard\n    static_configs:\n"
                f"      - targets: ['127.0.0.1:{ORCHARD_PORT}']\n")
    prom = subprocess.Popen(["prometheus", f"--config.file={config}",
                             f"--storage.tsdb.path={os.path.join(work, 'tsdb')}",
                             f"--web.listen-address=127.0.0.1:{PROM_PORT}"],
                            stdout=open(os.path.join(work, "prometheus.log"), "w"),
                            stderr=subprocess.STDOUT)
    failures = []
    try:
        deadline = time.monotonic() + 90
        pending = list(EXPECTED[scenario])
        while pending and time.monotonic() < deadline:
            time.sleep(1)
            still = []
            for expr, ok, at_least in pending:
                try:
                    rows = query(expr)
                except Exception:  # Prometheus still starting
                    still.append((expr, ok, at_least))
                    continue
                if len(rows) < at_least or not all(ok(v) for _, v in rows):
                    still.append((expr, ok, at_least))
            pending = still
        for expr, _, at_least in pending:
            try:
                got = query(expr)
            except Exception as e:  # noqa: BLE001
                got = str(e)
            failures.append(f"{expr}: wanted at least {at_least} matching rows, got {got}")
        status, metrics = get(f"http://127.0.0.1:{ORCHARD_PORT}/metrics")
        lint = subprocess.run(["promtool", "check", "metrics"], input=metrics, text=True,
                              capture_output=True)
        if lint.returncode != 0:
            failures.append("promtool check metrics: " + lint.stdout + lint.stderr)
        try:
            get(f"http://127.0.0.1:{ORCHARD_PORT}/probe?target=example.com")
            failures.append("/probe?target= was not refused")
        except urllib.error.HTTPError as e:
            if e.code != 400:
                failures.append(f"/probe?target= answered {e.code}, want 400")
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            rc = serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            rc = "hung"
        prom.terminate()
        try:
            prom.wait(timeout=20)
        except subprocess.TimeoutExpired:
            prom.kill()
    if rc != 0:
        failures.append(f"orchard serve exited {rc} on SIGTERM, want 0")
    for f in failures:
        print("FAIL " + f)
    if failures:
        print(open(os.path.join(work, "serve.log")).read()[-3000:])
    checks = len(EXPECTED[scenario]) + 3
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "--inside":
        return inside(argv[2], argv[3], argv[4])
    args = dict(zip(argv[2::2], argv[3::2]))
    if len(argv) < 6 or "--orchard" not in args or "--cache" not in args:
        sys.exit(__doc__)
    import labtest  # noqa: E402
    labtest.skip_unless_lab_can_run()
    if not shutil.which("prometheus") or not shutil.which("promtool"):
        print("SKIP: prometheus/promtool missing; run scripts/install-deps.sh --test")
        return labtest.SKIP
    scenario, orchard = argv[1], os.path.abspath(args["--orchard"])
    with tempfile.TemporaryDirectory(prefix="orchard-serve-") as work:
        catalog = os.path.join(work, "catalog.json")
        with open(catalog, "w") as f:
            subprocess.run([orchard, "catalog", "list", "--format", "json"], stdout=f, check=True)
        r = labtest.lab("run", scenario, "--catalog-json", catalog, "--cache", args["--cache"],
                        "--", sys.executable, os.path.abspath(__file__), "--inside", orchard,
                        work, scenario)
        return r.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
