#!/usr/bin/env python3
"""ctest: closes the allowlist loop in the lab. In the firewall-loop scenario (a default-deny
egress firewall in table inet filter), inside the lab's namespace:

  1. orchard check on the [loop] profile and control hosts: everything fails ([expect]);
  2. orchard allowlist --format nftables --resolve --profile P, loaded with `nft -f`;
  3. orchard check again: the profile's names pass, the control hosts still fail ([loop.expect]).

It also checks the loaded ruleset kept the site's drop policy with orchard's jump first. The lab
is torn down whatever happens.

usage: allowlist_loop_test.py --orchard BIN --cache DIR [--scenario NAME] [--timeout SECONDS]"""

import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations  # noqa: E402
import labtest  # noqa: E402

# Runs in the lab's namespace: $0 orchard, $1 work dir, $2 timeout, $3 profile, $4... selection.
# Each step's exit code goes to a file so the test can say which one went wrong.
_SCRIPT = r"""
orchard=$0 work=$1 timeout=$2 profile=$3
shift 3
check() {
  out=$1
  shift
  "$orchard" check $LAB_ORCHARD_ARGS --timeout "$timeout" --format json -o "$work/$out" "$@"
}
step() { name=$1; shift; "$@" > "$work/$name.out" 2>&1; echo $? > "$work/$name.rc"; }
step before check before.json "$@"
step allowlist "$orchard" allowlist --format nftables --resolve --profile "$profile" \
  -o "$work/apple.nft"
step load nft -f "$work/apple.nft"
step ruleset nft list chain inet filter output
step after check after.json "$@"
"""


def _parse(argv):
    args = dict(zip(argv[1::2], argv[2::2]))
    if "--orchard" not in args or "--cache" not in args:
        sys.exit(__doc__)
    return args


def _step(work, name):
    with open(os.path.join(work, name + ".rc")) as f:
        rc = int(f.read().strip() or "-1")
    with open(os.path.join(work, name + ".out"), errors="replace") as f:
        return rc, f.read()


def _results(work, name):
    """The document orchard check wrote, or None; prints what the schema has against it as
    MISMATCH lines and returns their number too."""
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return None, 0
    doc, problems = check_expectations.read_document(path)
    for line in problems:
        print(f"MISMATCH ({name}) {line}")
    return doc, len(problems)


def _compare(label, expect, doc):
    checked, problems = check_expectations.compare(expect, doc)
    for line in problems:
        print(f"MISMATCH ({label}) {line}")
    counts = {}
    for r in doc.get("results", []):
        counts[r.get("status")] = counts.get(r.get("status"), 0) + 1
    print(f"{label}: {checked} checks, " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return problems


def _check_rules(nft_text, ruleset):
    """The generated file carries the lab's addresses (so --resolve ran in the lab) and the loaded
    output chain kept the site's policy with orchard's jump first."""
    problems = []
    if "resolved" not in nft_text:
        problems.append("apple.nft does not say when its addresses were resolved")
    if not re.search(r"ip daddr \{[^}]*\b127\.10\.\d+\.\d+\b", nft_text):
        problems.append("apple.nft holds no lab address (127.10.0.0/16): --resolve did not "
                        "use the lab's DNS")
    if not re.search(r"policy drop;\s*jump orchard_apple\b", ruleset):
        problems.append("the output chain lost its drop policy or orchard's jump is not first:\n"
                        + ruleset)
    return problems


def main(argv):
    args = _parse(argv)
    labtest.skip_unless_lab_can_run()
    orchard, cache = os.path.abspath(args["--orchard"]), args["--cache"]
    scenario = args.get("--scenario", "firewall-loop")
    with open(os.path.join(labtest.ROOT, "lab", "scenarios", scenario + ".toml"), "rb") as f:
        spec = check_expectations.tomllib.load(f)
    loop = spec["loop"]
    selection = ["--profile", loop["profile"]]
    for host in loop.get("control_hosts", []):
        selection += ["--host", host]
    timeout = args.get("--timeout", "2")
    with tempfile.TemporaryDirectory(prefix="orchard-allowlist-loop-") as work:
        os.chmod(work, 0o755)
        catalog = os.path.join(work, "catalog.json")
        with open(catalog, "w") as f:
            subprocess.run([orchard, "catalog", "list", "--format", "json"], stdout=f, check=True)
        r = labtest.lab("run", scenario, "--catalog-json", catalog, "--cache", cache, "--",
                        "bash", "-c", _SCRIPT, orchard, work, timeout, loop["profile"],
                        *selection)
        if r.returncode != 0:
            print(f"FAIL: the lab run exited {r.returncode}")
            return 1
        problems = []
        for name in ("before", "allowlist", "load", "ruleset", "after"):
            rc, out = _step(work, name)
            # check exits 1 when a check fails, which is the point before the rules go in.
            ok = rc == 0 or (name in ("before", "after") and rc == 1)
            if not ok:
                problems.append(f"step {name} exited {rc}:\n{out}")
        if problems:
            print("FAIL: " + "\n".join(problems))
            return 1
        with open(os.path.join(work, "apple.nft")) as f:
            nft_text = f.read()
        problems = _check_rules(nft_text, _step(work, "ruleset")[1])
        before, bad_before = _results(work, "before.json")
        after, bad_after = _results(work, "after.json")
        if before is None or after is None:
            problems.append("orchard check wrote no results")
        else:
            passed = sum(1 for r in after.get("results", []) if r.get("status") == "pass")
            if passed == 0:
                problems.append("nothing passes after the allowlist")
            rules = sum(1 for line in nft_text.splitlines() if line.startswith("add rule"))
            print(f"apple.nft: {rules} rules; {passed} checks pass once it is loaded")
        for line in problems:
            print("FAIL: " + line)
        # Printed as MISMATCH lines as they are found.
        mismatches = bad_before + bad_after
        if before is not None and after is not None:
            mismatches += len(_compare("before the allowlist", spec["expect"], before))
            mismatches += len(_compare("after the allowlist", loop["expect"], after))
        return 1 if problems or mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
