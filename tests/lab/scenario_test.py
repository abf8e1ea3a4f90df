#!/usr/bin/env python3
"""ctest: runs `orchard check --format json` in a lab scenario on the real catalog and compares
every row's status and reason with the scenario's [expect] table. The lab is torn down whatever
happens.

usage: scenario_test.py SCENARIO --orchard BIN --cache DIR [--timeout SECONDS]"""

import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations  # noqa: E402
import labtest  # noqa: E402


def main(argv):
    args = dict(zip(argv[2::2], argv[3::2]))
    if len(argv) < 6 or "--orchard" not in args or "--cache" not in args:
        sys.exit(__doc__)
    labtest.skip_unless_lab_can_run()
    scenario, orchard, cache = argv[1], os.path.abspath(args["--orchard"]), args["--cache"]
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", scenario + ".toml"), "rb") as f:
        spec = check_expectations.tomllib.load(f)
    # [orchard] args: extra options, expanded by the shell in the lab ("$LAB_PROXY").
    extra = " ".join('"' + a.replace('"', '\\"') + '"'
                     for a in spec.get("orchard", {}).get("args", []))
    timeout = args.get("--timeout", str(spec.get("orchard", {}).get("timeout", 2)))
    with tempfile.TemporaryDirectory(prefix="orchard-scenario-") as tmp:
        out, catalog = os.path.join(tmp, "check.json"), os.path.join(tmp, "catalog.json")
        with open(catalog, "w") as f:
            subprocess.run([orchard, "catalog", "list", "--format", "json"], stdout=f, check=True)
        script = (f'"$0" check $LAB_ORCHARD_ARGS --timeout "$1" --format json -o "$2" {extra}; '
                  'rc=$?; [ $rc -le 1 ] || echo "orchard check exited $rc" >&2; exit $rc')
        r = labtest.lab("run", scenario, "--catalog-json", catalog, "--cache", cache, "--",
                        "sh", "-c", script, orchard, timeout, out)
        if r.returncode > 1 or not os.path.exists(out):
            print(f"FAIL: orchard check in scenario {scenario} exited {r.returncode}")
            return 1
        expect = spec["expect"]
        doc, schema_problems = check_expectations.read_document(out)
        with open(catalog) as f:
            rows = json.load(f)
        if isinstance(rows, dict):
            rows = next((rows[k] for k in ("endpoints", "rows", "results")
                         if isinstance(rows.get(k), list)), None)
        checked, problems = check_expectations.compare(expect, doc, rows)
        problems = schema_problems + problems
        for line in problems:
            print("MISMATCH " + line)
        summary = doc.get("summary", {})
        print(f"scenario {scenario}: {checked} rows, orchard took "
              f"{summary.get('duration_ms', '?')} ms")
        print(f"{max(checked - len(problems), 0)} passed, {len(problems)} failed")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
