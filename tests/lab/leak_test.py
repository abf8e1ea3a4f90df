#!/usr/bin/env python3
"""ctest: the lab leaves nothing behind (namespace, /etc/netns entry, state dir, process, host
firewall rule) after a run that succeeds, a run whose command fails, a run stopped by SIGTERM,
and an up/down pair; and while it runs, its servers listen only on 127.0.0.0/8.

usage: leak_test.py --cache DIR"""

import ipaddress
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import labtest  # noqa: E402

failures = []
checks = []


def expect(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    checks.append(what)
    if not ok:
        failures.append(what)


def host_ruleset():
    return subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout


def processes_mentioning(text):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def assert_gone(tag, ns, state_dir, ruleset_before):
    expect(f"{tag}: namespace {ns} removed", not os.path.exists(f"/run/netns/{ns}"))
    expect(f"{tag}: /etc/netns/{ns} removed", not os.path.exists(f"/etc/netns/{ns}"))
    expect(f"{tag}: state dir removed", not os.path.exists(state_dir))
    expect(f"{tag}: no process left", processes_mentioning(state_dir) == [])
    expect(f"{tag}: host firewall untouched", host_ruleset() == ruleset_before)


def read_ids(path):
    with open(path) as f:
        ids = f.read().split()
    os.remove(path)  # so the next step cannot read a stale one
    return ids[0], ids[1]


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "--cache":
        sys.exit(__doc__)
    labtest.skip_unless_lab_can_run()
    cache = sys.argv[2]
    common = ["--catalog-json", labtest.FIXTURE, "--cache", cache]
    before = host_ruleset()
    out = os.path.join(cache, f"leak-{os.getpid()}")
    os.makedirs(cache, exist_ok=True)

    # 1. A run that succeeds, with every kind of server (mixed starts squid too).
    script = f'echo $LAB_NS $LAB_DIR > {out}.ids; ss -Hlntu > {out}.ss'
    r = labtest.lab("run", "mixed", *common, "--", "sh", "-c", script)
    expect("run: command's status 0 passed on", r.returncode == 0)
    ns, state_dir = read_ids(out + ".ids")
    local = [line.split()[4].rsplit(":", 1)[0] for line in open(out + ".ss") if line.split()]
    expect(f"run: {len(local)} listening sockets, all on 127.0.0.0/8",
           len(local) > 10 and all(ipaddress.ip_address(a) in ipaddress.ip_network("127.0.0.0/8")
                                   for a in local))
    assert_gone("run", ns, state_dir, before)

    # 2. The command fails: its status comes back, the lab is still torn down.
    r = labtest.lab("run", "open", *common, "--", "sh", "-c",
                    f"echo $LAB_NS $LAB_DIR > {out}.ids; exit 7")
    expect("failing command: status 7 passed on", r.returncode == 7)
    assert_gone("failing command", *read_ids(out + ".ids"), before)

    # 2b. A clock scenario: libfaketime's shared memory for the command (named after the first
    # faked process, /dev/shm/faketime_shm_PID) must not outlive it on the host.
    r = labtest.lab("run", "clock-skew", *common, "--", "sh", "-c",
                    f"echo $LAB_NS $LAB_DIR $$ > {out}.ids; exec date")
    with open(out + ".ids") as f:
        pid = f.read().split()[2]
    expect("clock: command ran", r.returncode == 0)
    expect(f"clock: no /dev/shm/faketime_shm_{pid} or its semaphore left",
           not os.path.exists(f"/dev/shm/faketime_shm_{pid}")
           and not os.path.exists(f"/dev/shm/sem.faketime_sem_{pid}"))
    assert_gone("clock", *read_ids(out + ".ids"), before)

    # 3. lab run stopped by SIGTERM while its command runs.
    proc = subprocess.Popen([sys.executable, labtest.LAB, "run", "proxy", *common, "--", "sh",
                             "-c", f"echo $LAB_NS $LAB_DIR > {out}.ids; sleep 60"])
    deadline = time.monotonic() + 60
    while not os.path.exists(out + ".ids") or not open(out + ".ids").read().strip():
        if time.monotonic() > deadline or proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(timeout=30)
    expect("SIGTERM: lab run exits 143", rc == 128 + signal.SIGTERM)
    assert_gone("SIGTERM", *read_ids(out + ".ids"), before)

    # 4. up, then down from another process.
    r = labtest.lab("up", "ssl-inspection-trusted", *common, capture_output=True, text=True)
    env = dict(line[len("export "):].split("=", 1) for line in r.stdout.splitlines()
               if line.startswith("export "))
    ns, state_dir = env.get("LAB_NS", "?"), env.get("LAB_DIR", "?").strip("'")
    expect("up: namespace exists while up", os.path.exists(f"/run/netns/{ns}"))
    expect("up: servers running while up", processes_mentioning(state_dir) != [])
    labtest.lab("down", state_dir)
    assert_gone("up/down", ns, state_dir, before)

    for ext in (".ss",):
        if os.path.exists(out + ext):
            os.remove(out + ext)
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
