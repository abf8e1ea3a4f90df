#!/usr/bin/env python3
"""ctest: a CA in the Mac's System keychain is trusted by orchard check as --ca-file's are.

In ssl-inspection-untrusted (squid bumps TCP 443 with a CA the OS does not trust), a host-facts
folder whose security-find-certificate-system.pem holds the lab's inspection CA stands for a Mac
whose MDM profile installed that CA. With `--host-facts DIR` (and no --ca-file for it) the
bumped rows must be tls_intercepted, the interceptor named and trusted by this machine; the same
run without the folder (the control) must still say tls_untrusted. A few hosts only, so the lab
and both runs stay well under a minute.

usage: keychain_trust_test.py --orchard BIN --cache DIR
       keychain_trust_test.py --inside ORCHARD WORKDIR  (what the lab runs)"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import check_expectations  # noqa: E402  (its schema check)

SCENARIO = "ssl-inspection-untrusted"
HOSTS = ["gdmf.apple.com", "valid.apple.com", "gg.apple.com"]
INTERCEPTOR = "Example Corp SSL Inspection CA"


def inside(orchard, work):
    """In the lab: build the folder from $LAB_INSPECTION_CA and run check with and without it."""
    facts = os.path.join(work, "facts")
    os.makedirs(facts)
    with open(os.path.join(facts, "platform"), "w") as f:
        f.write("macos\n")
    shutil.copy(os.environ["LAB_INSPECTION_CA"],
                os.path.join(facts, "security-find-certificate-system.pem"))
    base = [orchard, "check", *os.environ["LAB_ORCHARD_ARGS"].split(), "--timeout", "6",
            "--format", "json"]
    for host in HOSTS:
        base += ["--host", host]
    for name, extra in (("with", ["--host-facts", facts]), ("without", [])):
        r = subprocess.run(base + ["-o", os.path.join(work, name + ".json")] + extra,
                           capture_output=True, text=True)
        with open(os.path.join(work, name + ".rc"), "w") as f:
            f.write(f"{r.returncode}\n{r.stderr}")
    return 0


def problems_in(doc, want_reason, want_text):
    out = []
    bumped = [r for r in doc.get("results", [])
              if r.get("port") == 443 and r.get("transport") == "tcp"]
    if not bumped:
        out.append("no TCP 443 row was checked")
    for r in bumped:
        if (r.get("status"), r.get("reason")) != ("fail", want_reason):
            out.append(f"{r.get('host')}:443 is {r.get('status')}/{r.get('reason')}, want "
                       f"fail/{want_reason}: {r.get('detail')}")
        elif INTERCEPTOR not in r.get("detail", ""):
            out.append(f"{r.get('host')}:443 does not name the interceptor: {r.get('detail')}")
    finding = next((d for d in doc.get("diagnoses", []) if d.get("id") == "tls-interception"),
                   None)
    text = " ".join(str(finding.get(k, "")) for k in ("title", "explanation", "remedy")) \
        if finding else ""
    if not finding or INTERCEPTOR not in text or want_text not in text:
        out.append(f"tls-interception finding lacks {INTERCEPTOR!r} and {want_text!r}: {text}")
    return out


def main(argv):
    if len(argv) == 4 and argv[1] == "--inside":
        return inside(argv[2], argv[3])
    args = dict(zip(argv[1::2], argv[2::2]))
    if "--orchard" not in args or "--cache" not in args:
        sys.exit(__doc__)
    import labtest  # noqa: E402
    labtest.skip_unless_lab_can_run()
    orchard = os.path.abspath(args["--orchard"])
    with tempfile.TemporaryDirectory(prefix="orchard-keychain-") as work:
        os.chmod(work, 0o755)
        catalog = os.path.join(work, "catalog.json")
        with open(catalog, "w") as f:
            subprocess.run([orchard, "catalog", "list", "--format", "json"], stdout=f, check=True)
        r = labtest.lab("run", SCENARIO, "--catalog-json", catalog, "--cache", args["--cache"],
                        "--", sys.executable, os.path.abspath(__file__), "--inside", orchard, work)
        if r.returncode != 0:
            print(f"FAIL: the lab run exited {r.returncode}")
            return 1
        failed = 0
        for name, reason, text in (("with", "tls_intercepted", "which this machine trusts"),
                                   ("without", "tls_untrusted", "does not trust")):
            with open(os.path.join(work, name + ".rc")) as f:
                rc, _, err = f.read().partition("\n")
            path = os.path.join(work, name + ".json")
            if rc.strip() != "1" or not os.path.exists(path):
                problems = [f"orchard check exited {rc.strip()}, want 1: {err.strip()[-500:]}"]
            else:
                doc, problems = check_expectations.read_document(path)
                problems = problems + problems_in(doc, reason, text)
                # The facts read go into the document (schema-checked above), and only then.
                host = doc.get("host", {}).get("platform")
                if host != ("macos" if name == "with" else None):
                    problems.append(f"host object says platform {host!r}")
            print(f"{'FAIL' if problems else 'ok  '} {name} --host-facts")
            for p in problems:
                print(f"     {p}")
            failed += bool(problems)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
