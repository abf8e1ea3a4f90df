"""What every lab test shares: the skip rules (root, Linux, the lab's packages) and how to call
lab/lab. ctest treats exit code 77 as a skip (SKIP_RETURN_CODE)."""

import os
import shutil
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAB = os.path.join(ROOT, "lab", "lab")
FIXTURE = os.path.join(HERE, "fixtures", "catalog.json")
_COMMANDS = ["ip", "nft", "unbound", "nginx", "squid", "chronyd", "sshd", "dig", "curl",
             "openssl", "unshare", "ssh-keygen"]
_FAKETIME = ["/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
             "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
             "/usr/lib/faketime/libfaketime.so.1"]


def skip_unless_lab_can_run():
    """Exits with SKIP and a message saying why when this machine cannot run the lab."""
    if not sys.platform.startswith("linux"):
        print("SKIP: lab tests need Linux (network namespaces)")
        sys.exit(SKIP)
    if os.geteuid() != 0:
        print("SKIP: lab tests need root (network namespaces, nftables)")
        sys.exit(SKIP)
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    missing = [c for c in _COMMANDS if not shutil.which(c, path=path)]
    if not any(os.path.exists(f) for f in _FAKETIME):
        missing.append("libfaketime")
    try:
        import jsonschema  # noqa: F401  (the documents orchard writes are validated)
    except ImportError:
        missing.append("python3-jsonschema")
    if missing:
        print("SKIP: lab packages missing (" + ", ".join(missing)
              + "); run scripts/install-deps.sh --test")
        sys.exit(SKIP)
    probe = "olab-probe-%d" % os.getpid()
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        print("SKIP: this kernel or container cannot create network namespaces")
        sys.exit(SKIP)
    # `ip -n` and `ip netns exec`, which the lab runs its servers with, remount / as a slave
    # first; in a chroot whose / is not a mount point that fails (EINVAL), and no lab can run.
    entered = subprocess.run(["ip", "-n", probe, "link", "set", "lo", "up"],
                             capture_output=True, text=True)
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    if entered.returncode != 0:
        print("SKIP: cannot enter a network namespace here (ip -n: "
              + (entered.stderr.strip() or "exit %d" % entered.returncode)
              + "); a chroot whose / is not a mount point cannot run the lab")
        sys.exit(SKIP)


def lab(*args, **kw):
    return subprocess.run([sys.executable, LAB, *args], **kw)
