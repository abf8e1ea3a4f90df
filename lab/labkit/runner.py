"""Bringing a scenario up and down: the namespace, the firewall, the servers, readiness, the
environment handed to commands, and a teardown that leaves nothing behind."""

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time

from . import daemons, dns, hostfacts, model, netns, pki, scenario as scen, web

STATE_PREFIX = "orchard-lab-"
READY_SECONDS = 60  # generous: CI runs the lab beside compiles on 2 cores


class LabError(Exception):
    pass


def _state_path(state_dir):
    return os.path.join(state_dir, "state.json")


def _save(state_dir, state):
    tmp = _state_path(state_dir) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f, indent=1)
    os.replace(tmp, _state_path(state_dir))


def load_state(state_dir):
    with open(_state_path(state_dir)) as f:
        return json.load(f)


def _start(state, state_dir, name, argv):
    log = open(os.path.join(state_dir, "logs", name + ".log"), "w")
    proc = subprocess.Popen(netns.exec_argv(state["ns"], argv), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    state["pids"][name] = proc.pid
    _save(state_dir, state)  # so a teardown from elsewhere knows every pid
    return proc


def _listening(ns):
    out = netns.run(ns, ["ss", "-Hlntu"], capture_output=True, text=True).stdout
    found = set()
    for line in out.splitlines():
        cols = line.split()
        if len(cols) >= 5:
            found.add((cols[0], cols[4]))
    return found


def _wait_ready(state, state_dir, procs, expected):
    deadline = time.monotonic() + READY_SECONDS
    while True:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise LabError(f"{name} exited with {proc.returncode} at start:\n"
                               + _tail(os.path.join(state_dir, "logs", name + ".log")))
        missing = expected - _listening(state["ns"])
        if not missing:
            return
        if time.monotonic() > deadline:
            raise LabError("servers not listening after %ds: %s" % (
                READY_SECONDS, ", ".join(f"{p} {a}" for p, a in sorted(missing)[:10])))
        time.sleep(0.05)


def _tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def up(scenario_name, rows, cache_dir):
    """Brings a scenario up; returns its state dir. On any failure everything is torn down."""
    sc = scen.load(scenario_name)
    cache_dir = os.path.abspath(cache_dir)  # servers run from other working directories
    lab = model.Lab(rows)
    pki_dir = pki.ensure(cache_dir, lab.cert_names())
    state_dir = tempfile.mkdtemp(prefix=STATE_PREFIX)
    os.chmod(state_dir, 0o755)  # nginx workers and squid run as other users
    os.makedirs(os.path.join(state_dir, "logs"))
    state = {"ns": "olab-" + secrets.token_hex(5), "pids": {}, "scenario": scenario_name,
             "pki": pki_dir, "created": time.time()}
    _save(state_dir, state)
    try:
        _bring_up(state, state_dir, sc, lab, pki_dir, cache_dir)
    except BaseException:
        down(state_dir)
        raise
    return state_dir


def _bring_up(state, state_dir, sc, lab, pki_dir, cache_dir):
    ns = state["ns"]
    netns.create(ns, model.DNS_ADDR)
    ruleset = scen.nft_ruleset(lab, sc)
    if ruleset:
        path = os.path.join(state_dir, "firewall.nft")
        with open(path, "w") as f:
            f.write(ruleset)
        res = netns.run(ns, ["nft", "-f", path], capture_output=True, text=True)
        if res.returncode != 0:
            raise LabError(f"nft rejected the scenario's firewall:\n{res.stderr}")
    with open(os.path.join(state_dir, "ca-file.pem"), "w") as out:
        for part in scen.ca_bundle(sc):
            with open(os.path.join(pki_dir, part)) as f:
                out.write(f.read())

    procs, expected = {}, set()
    procs["unbound"] = _start(state, state_dir, "unbound",
                              dns.write(state_dir, lab, scen.dns_rules(lab, sc)))
    expected.add(("udp", f"{model.DNS_ADDR}:53"))
    domain = scen.split_domain(sc)
    if domain:
        # Split DNS: the VPN's resolver answers its domain with the VPN-side addresses, where
        # nginx serves the same sites; a Mac's folder names both resolvers.
        vpn_servers = lab.route_via_vpn(domain)
        procs["unbound-vpn"] = _start(state, state_dir, "unbound-vpn",
                                      dns.write_vpn(state_dir, domain, vpn_servers))
        expected.add(("udp", f"{model.VPN_DNS_ADDR}:53"))
        for server in vpn_servers:
            expected |= {("tcp", f"{server.vpn_addr}:{port}")
                         for port in server.tcp_ports - web.NOT_WEB}
        try:
            hostfacts.write(os.path.join(state_dir, "host-facts"), domain)
        except (OSError, hostfacts.HostFactsError) as e:
            raise LabError(f"cannot write the host-facts folder: {e}") from None
    nginx, ocsp = web.write(state_dir, lab, pki_dir, sc.get("proxy", {}).get("pac"))
    procs["nginx"] = _start(state, state_dir, "nginx", nginx)
    procs["ocsp"] = _start(state, state_dir, "ocsp", ocsp)
    expected.add(("tcp", f"{model.OCSP_ADDR}:{model.OCSP_PORT}"))
    expected.add(("tcp", f"{model.PORTAL_ADDR}:80"))
    ssh_addrs, quic_addrs = [], []
    for server in lab.servers.values():
        for port in server.tcp_ports - web.NOT_WEB:
            expected.add(("tcp", f"{server.addr}:{port}"))
        if 22 in server.tcp_ports:
            ssh_addrs.append(server.addr)
        if 443 in server.udp_ports:
            quic_addrs.append(server.addr)
        if 123 in server.udp_ports:
            name = "chrony-" + server.addr
            procs[name] = _start(state, state_dir, name, daemons.chrony(state_dir, server.addr))
            expected.add(("udp", f"{server.addr}:123"))
    if ssh_addrs:
        procs["sshd"] = _start(state, state_dir, "sshd",
                               daemons.sshd(state_dir, ssh_addrs, cache_dir))
        expected |= {("tcp", f"{a}:22") for a in ssh_addrs}
    if quic_addrs:
        procs["quic"] = _start(state, state_dir, "quic", daemons.quic(quic_addrs))
        expected |= {("udp", f"{a}:443") for a in quic_addrs}
    if scen.needs_squid(sc):
        intercept = bool(sc.get("inspection", {}).get("mode"))
        procs["squid"] = _start(state, state_dir, "squid",
                                daemons.squid(state_dir, pki_dir, intercept))
        expected.add(("tcp", f"{model.PROXY_ADDR}:{model.PROXY_PORT}"))
        expected.add(("tcp", f"{model.PROXY_ADDR}:{model.PROXY_AUTH_PORT}"))
        if intercept:
            expected.add(("tcp", f"{model.PROXY_ADDR}:{model.INTERCEPT_TLS_PORT}"))
    state["connect_to"] = lab.connect_to()
    with open(os.path.join(state_dir, "servers.json"), "w") as f:
        json.dump({key: {"name": s.name, "addr": s.addr, "vpn_addr": s.vpn_addr,
                         "tcp": sorted(s.tcp_ports),
                         "udp": sorted(s.udp_ports), "role": s.role,
                         "hosts": sorted({r.host for r in s.rows})}
                   for key, s in lab.servers.items()}, f, indent=1)
    _save(state_dir, state)
    _wait_ready(state, state_dir, procs, expected)


def down(state_dir):
    """Tears a lab down: its processes, namespace, /etc/netns entry and state dir."""
    try:
        state = load_state(state_dir)
    except (OSError, ValueError):
        state = None
    if state:
        netns.stop(state["ns"], list(state.get("pids", {}).values()))
        netns.destroy(state["ns"])
    if os.path.basename(os.path.normpath(state_dir)).startswith(STATE_PREFIX):
        shutil.rmtree(state_dir, ignore_errors=True)


def environment(state_dir):
    """The LAB_* variables a command in the lab gets (also printed by `lab/lab env`)."""
    state = load_state(state_dir)
    sc = scen.load(state["scenario"])
    ca_file = os.path.join(state_dir, "ca-file.pem")
    anchor = os.path.join(state["pki"], "root.pem")
    args = ["--resolver", model.DNS_ADDR, "--ca-file", ca_file, "--trust-anchor", anchor]
    for c in state.get("connect_to", []):
        args += ["--connect-to", c]
    proxy = f"http://{model.PROXY_ADDR}:{model.PROXY_PORT}"
    proxy_auth = (f"http://{model.PROXY_USER}:{model.PROXY_PASSWORD}@{model.PROXY_ADDR}:"
                  f"{model.PROXY_AUTH_PORT}")
    env = {
        "LAB_NS": state["ns"],
        "LAB_DIR": state_dir,
        "LAB_SCENARIO": state["scenario"],
        "LAB_DNS": model.DNS_ADDR,
        "LAB_CA_FILE": ca_file,
        "LAB_TRUST_ANCHOR": anchor,
        "LAB_INSPECTION_CA": os.path.join(state["pki"], "bump.pem"),
        "LAB_PROXY": proxy,
        "LAB_PROXY_AUTH": proxy_auth,
        "LAB_PROXY_AUTH_BARE": f"http://{model.PROXY_ADDR}:{model.PROXY_AUTH_PORT}",
        "LAB_PAC_URL": "http://wpad.corp.example/proxy.pac",
        "LAB_PAC_FILE": os.path.join(state_dir, "proxy.pac"),
        "LAB_ORCHARD_ARGS": " ".join(args),
    }
    domain = scen.split_domain(sc)
    if domain:
        # A Mac on a VPN with split DNS: `orchard check $LAB_ORCHARD_ARGS --host-facts
        # "$LAB_HOST_FACTS"` sends names in LAB_SPLIT_DOMAIN to LAB_SPLIT_DNS.
        env["LAB_HOST_FACTS"] = os.path.join(state_dir, "host-facts")
        env["LAB_SPLIT_DNS"] = model.VPN_DNS_ADDR
        env["LAB_SPLIT_DOMAIN"] = domain
    clock = scen.clock_env(sc)
    if clock:
        # For commands started by hand in a lab that is up: `env $LAB_CLOCK_ENV CMD`.
        env["LAB_CLOCK_ENV"] = " ".join(f"{k}={v}" for k, v in clock.items())
    return env


def clock_environment(state_dir):
    """What `lab run` adds to its command's environment in a clock scenario (libfaketime)."""
    return scen.clock_env(scen.load(load_state(state_dir)["scenario"]))


def command_argv(state_dir, cmd):
    """How `lab run` starts CMD inside the namespace. In a clock scenario only CMD gets
    libfaketime, and it runs with a private /dev/shm: libfaketime 0.9.10 (Debian 12) keeps
    /dev/shm/faketime_shm_PID and a semaphore for its children and leaves them behind whenever
    the process that made them execs or is killed, which would leak files on the host."""
    ns = load_state(state_dir)["ns"]
    clock = clock_environment(state_dir)
    if not clock:
        return netns.exec_argv(ns, cmd)
    script = 'mount -t tmpfs -o mode=1777 lab-shm /dev/shm && exec env "$@"'
    return netns.exec_argv(ns, ["unshare", "-m", "--propagation", "private", "sh", "-c", script,
                                "lab-run", *[f"{k}={v}" for k, v in clock.items()], *cmd])


def find_state_dirs():
    root = tempfile.gettempdir()
    return sorted(os.path.join(root, d) for d in os.listdir(root)
                  if d.startswith(STATE_PREFIX) and os.path.exists(
                      os.path.join(root, d, "state.json")))
