"""The lab's resolver: unbound serving one root zone (every lab name, with CNAME chains) and the
scenario's DNS rules as local zones and bogus trust anchors."""

import os

from . import model

# answer -> how unbound produces it.
_LOCAL_ZONE_TYPES = {
    "nxdomain": "always_nxdomain",
    "nodata": "always_nodata",
    "refused": "always_refuse",
    "timeout": "always_deny",  # the query is dropped: the client times out
    "sinkhole": "always_null",  # 0.0.0.0 and ::
}
ANSWERS = sorted(list(_LOCAL_ZONE_TYPES) + ["servfail", "sinkhole-loopback"])


def zone_text(lab):
    lines = [
        "$ORIGIN .",
        "$TTL 300",
        ". IN SOA ns.corp.example. hostmaster.corp.example. 1 3600 600 86400 300",
        ". IN NS ns.corp.example.",
        f"ns.corp.example. IN A {model.DNS_ADDR}",
    ]
    for name, addr in sorted(model.INFRA_NAMES.items()):
        lines.append(f"{name}. IN A {addr}")
    for server in sorted(lab.named_servers(), key=lambda s: s.name):
        chain = [server.name] + lab.cname_chain(server)
        for a, b in zip(chain, chain[1:]):
            lines.append(f"{a}. IN CNAME {b}.")
        lines.append(f"{chain[-1]}. IN A {server.addr}")
    return "\n".join(lines) + "\n"


def _server_lines(state_dir, addr, log):
    return [
        "server:",
        f"  interface: {addr}",
        "  port: 53",
        "  do-daemonize: no",
        '  chroot: ""',
        '  username: ""',
        f'  directory: "{state_dir}"',
        '  pidfile: ""',
        "  use-syslog: no",
        f'  logfile: "{state_dir}/logs/{log}"',
        "  verbosity: 0",
        "  num-threads: 1",
        '  module-config: "validator iterator"',
        "  access-control: 127.0.0.0/8 allow",
        "  do-ip6: no",
        "  do-not-query-localhost: no",
        "  val-log-level: 1",
    ]


def unbound_conf(state_dir, zone_file, rules):
    """rules: list of (name, answer)."""
    out = _server_lines(state_dir, model.DNS_ADDR, "unbound.log")
    for name, answer in rules:
        if answer == "servfail":
            # A trust anchor for an unsigned name makes every answer under it bogus: unbound
            # answers SERVFAIL at once, as a validating resolver does for a broken chain.
            out.append(f'  trust-anchor: "{name}. DS 12345 13 2 '
                       '49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE12B1E5E5F0BD0D9A4A8B8E9C"')
        elif answer == "sinkhole-loopback":
            out.append(f'  local-zone: "{name}." redirect')
            out.append(f'  local-data: "{name}. 60 IN A 127.0.0.1"')
        else:
            out.append(f'  local-zone: "{name}." {_LOCAL_ZONE_TYPES[answer]}')
    out += [
        "auth-zone:",
        '  name: "."',
        f'  zonefile: "{zone_file}"',
        "  for-upstream: yes",
        "  for-downstream: no",
        "  fallback-enabled: no",
    ]
    return "\n".join(out) + "\n"


def vpn_unbound_conf(state_dir, domain, servers):
    """A VPN's resolver, as split DNS sends names to it: it answers its own domain only (every
    name there with the server's VPN-side address, no CNAME chain) and refuses every other name,
    as corporate resolvers that serve internal zones do. Asked for apple.com it says REFUSED, so
    a client that sent it names outside its domain would show it."""
    out = _server_lines(state_dir, model.VPN_DNS_ADDR, "unbound-vpn.log")
    out.append('  local-zone: "." refuse')
    out.append(f'  local-zone: "{domain}." static')
    for server in sorted(servers, key=lambda s: s.name):
        out.append(f'  local-data: "{server.name}. 60 IN A {server.vpn_addr}"')
    return "\n".join(out) + "\n"


def write_vpn(state_dir, domain, servers):
    """Writes the VPN resolver's config; returns the command that runs it."""
    conf = os.path.join(state_dir, "dns", "unbound-vpn.conf")
    os.makedirs(os.path.dirname(conf), exist_ok=True)
    with open(conf, "w") as f:
        f.write(vpn_unbound_conf(state_dir, domain, servers))
    return ["unbound", "-d", "-c", conf]


def write(state_dir, lab, rules):
    """Writes the zone and unbound's config; returns the command that runs unbound."""
    zone = os.path.join(state_dir, "dns", "root.zone")
    conf = os.path.join(state_dir, "dns", "unbound.conf")
    os.makedirs(os.path.dirname(zone), exist_ok=True)
    with open(zone, "w") as f:
        f.write(zone_text(lab))
    with open(conf, "w") as f:
        f.write(unbound_conf(state_dir, zone, rules))
    return ["unbound", "-d", "-c", conf]
