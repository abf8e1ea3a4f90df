"""A network namespace of the lab's own: created with a unique name, the only place the lab's
servers run, and removed with everything in it. Only its loopback interface exists, so nothing
in it can reach any address outside 127.0.0.0/8."""

import os
import shutil
import signal
import subprocess
import time


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


def create(name, nameserver):
    _ip("netns", "add", name)
    _ip("-n", name, "link", "set", "lo", "up")
    # `ip netns exec` bind-mounts /etc/netns/NAME/* over /etc/*: commands run in the namespace
    # then use the lab's resolver. Removed by destroy().
    etc = f"/etc/netns/{name}"
    os.makedirs(etc, exist_ok=True)
    with open(os.path.join(etc, "resolv.conf"), "w") as f:
        f.write(f"nameserver {nameserver}\noptions timeout:1 attempts:1\n")


def exists(name):
    return os.path.exists(f"/run/netns/{name}")


def inode(name):
    try:
        return os.stat(f"/run/netns/{name}").st_ino
    except OSError:
        return None


def exec_argv(name, argv):
    return ["ip", "netns", "exec", name, *argv]


def run(name, argv, **kw):
    return subprocess.run(exec_argv(name, argv), **kw)


def pids(name):
    out = _ip("netns", "pids", name, check=False).stdout.split()
    return [int(p) for p in out if p.isdigit()]


def _in_namespace(pid, ns_inode):
    try:
        return os.stat(f"/proc/{pid}/ns/net").st_ino == ns_inode
    except OSError:
        return False


def stop(name, started_pids, grace=3.0):
    """Ends the processes the lab started (by id, only while they are still in the namespace),
    then anything else left in the namespace (helpers they spawned). TERM first, KILL after
    `grace` seconds."""
    ns_inode = inode(name)
    if ns_inode is None:
        return
    targets = [p for p in started_pids if _in_namespace(p, ns_inode)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        targets = sorted(set(targets + pids(name)))
        for pid in targets:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            # Reap our own children so they do not linger as zombies.
            try:
                while os.waitpid(-1, os.WNOHANG)[0] > 0:
                    pass
            except ChildProcessError:
                pass
            if not any(_in_namespace(p, ns_inode) and _alive(p) for p in targets) and not pids(
                    name):
                return
            time.sleep(0.05)


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def destroy(name):
    if exists(name):
        _ip("netns", "del", name, check=False)
    shutil.rmtree(f"/etc/netns/{name}", ignore_errors=True)
    try:
        os.rmdir("/etc/netns")  # only when empty: other labs may be running
    except OSError:
        pass
