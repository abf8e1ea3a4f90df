"""Scenarios: lab/scenarios/NAME.toml. Each says what the network does (DNS answers, firewall,
HTTPS inspection, captive portal, clock, proxy) and what orchard must report for every row
([expect]). The README's "The lab" section describes the format."""

import os
import tomllib

from . import dns, model

SCENARIO_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "scenarios")
_ACTIONS = {"reject", "drop", "drop-first"}
# drop-first: the flows (client address and port to server address and port) whose first
# datagram the input chain has already dropped.
_FIRST_SEEN_SET = "udp_first_seen"
_TRANSPORTS = {"tcp", "udp", "any"}


class ScenarioError(Exception):
    pass


def names():
    return sorted(f[:-5] for f in os.listdir(SCENARIO_DIR) if f.endswith(".toml"))


def load(name):
    path = os.path.join(SCENARIO_DIR, name + ".toml")
    if not os.path.exists(path):
        raise ScenarioError(f"unknown scenario '{name}' (lab/lab list shows them)")
    with open(path, "rb") as f:
        try:
            doc = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioError(f"{path}: {e}") from None
    doc["name"] = name
    doc["path"] = path
    for rule in doc.get("dns", {}).get("rules", []):
        if rule.get("answer") not in dns.ANSWERS:
            raise ScenarioError(f"{path}: dns answer must be one of {', '.join(dns.ANSWERS)}")
    split = doc.get("split_dns")
    if split is not None:
        domain = split.get("domain") if isinstance(split, dict) else None
        if not isinstance(domain, str) or not domain.strip(".") or "*" in domain:
            raise ScenarioError(f'{path}: [split_dns] needs domain = "NAME" (no wildcard)')
    if doc.get("egress", {}).get("policy", "drop") != "drop":
        raise ScenarioError(f"{path}: egress policy must be drop")
    for rule in doc.get("firewall", []):
        if rule.get("action") not in _ACTIONS:
            raise ScenarioError(f"{path}: firewall action must be reject, drop or drop-first")
        if rule.get("transport", "any") not in _TRANSPORTS:
            raise ScenarioError(f"{path}: firewall transport must be tcp, udp or any")
        if rule.get("split_dns") and split is None:
            raise ScenarioError(f"{path}: firewall rule has split_dns = true, no [split_dns]")
        if rule["action"] == "drop-first" and rule.get("transport") != "udp":
            raise ScenarioError(f'{path}: firewall action drop-first needs transport = "udp"')
    return doc


def _selected(lab, rule):
    return lab.select(rule.get("hosts", ()), rule.get("categories", ()))


def dns_rules(lab, scenario):
    """(name, answer) pairs for the resolver: every lab name a rule selects."""
    out = []
    for rule in scenario.get("dns", {}).get("rules", []):
        for server in _selected(lab, rule):
            if not server.is_cidr:
                out.append((server.name, rule["answer"]))
    return out


def _proto_matches(transport):
    return ["tcp", "udp"] if transport == "any" else [transport]


def firewall_rules(lab, scenario):
    """nft rule lines for the namespace's input chain. Filtering where packets arrive, not where
    they leave, keeps the sender's view that of a network firewall: a drop is silence (no EPERM
    from the local stack), a reject is a TCP RST or an ICMP port unreachable, drop-first (UDP)
    loses the first datagram of every flow, as a loaded path does."""
    out = []
    for rule in scenario.get("firewall", []):
        addrs = []
        if rule.get("all"):
            addrs.append(str(model.HOST_NET))
        addrs += [s.addr for s in _selected(lab, rule)]
        if rule.get("dns"):
            addrs.append(model.DNS_ADDR)
        if rule.get("split_dns"):
            addrs.append(model.VPN_DNS_ADDR)
        if not addrs:
            raise ScenarioError(f"{scenario['path']}: a firewall rule selects no server")
        ports = rule.get("ports", [])
        for proto in _proto_matches(rule.get("transport", "any")):
            match = "ip daddr { " + ", ".join(sorted(set(addrs))) + " }"
            if rule.get("except_proxy"):
                # squid connects from its own address (tcp_outgoing_address).
                match = f"ip saddr != {model.PROXY_ADDR} " + match
            if ports:
                match += f" {proto} dport {{ " + ", ".join(str(p) for p in ports) + " }"
            else:
                match += f" meta l4proto {proto}"
            if rule["action"] == "drop-first":
                # A lossy path: the first datagram of every flow vanishes, the rest pass.
                flow = "ip saddr . udp sport . ip daddr . udp dport"
                verdict = f"{flow} != @{_FIRST_SEEN_SET} add @{_FIRST_SEEN_SET} {{ {flow} }} drop"
            elif rule["action"] == "drop":
                verdict = "drop"
            else:
                verdict = "reject with tcp reset" if proto == "tcp" else "reject"
            out.append(f"{match} {verdict}")
    return out


def nat_rules(lab, scenario):
    """nft rule lines for the nat output chain: interception and the captive portal."""
    out = []
    net = str(model.HOST_NET)
    if scenario.get("captive", {}).get("enabled"):
        portal = model.PORTAL_ADDR
        out.append(f"ip daddr {net} tcp dport 80 dnat ip to {portal}:80")
        out.append(f"ip daddr {net} tcp dport 443 dnat ip to {portal}:443")
    if scenario.get("web_filter", {}).get("block_page"):
        out.append(f"ip daddr {net} tcp dport 80 dnat ip to {model.FILTER_ADDR}:80")
    inspection = scenario.get("inspection", {})
    if inspection.get("mode"):
        bypass = [s.addr for s in lab.select(inspection.get("bypass_hosts", ()),
                                             inspection.get("bypass_categories", ()))]
        skip = f"ip daddr != {{ {', '.join(bypass)} }} " if bypass else ""
        out.append(f'meta skuid != "proxy" ip daddr {net} {skip}tcp dport 443 '
                   f"dnat ip to {model.PROXY_ADDR}:{model.INTERCEPT_TLS_PORT}")
    return out


def egress_ruleset(scenario):
    """[egress]: a site's default-deny egress firewall, written where a site writes it (Debian's
    /etc/nftables.conf: table inet filter, chain output, policy drop) so a ruleset made for a
    real machine loads into it: `orchard allowlist --format nftables` adds its chain to that
    table and jumps to it from that chain. nftables runs every base chain a packet meets, so an
    accept anywhere else could not lift this drop. Only replies, DNS to the lab's resolvers and
    the lab's own plumbing (nginx's OCSP backend, squid) leave; every lab server is dropped. The
    drop is on the sending side: TCP connects time out (the kernel retries the dropped SYN),
    UDP sends fail at once with EPERM."""
    if "egress" not in scenario:
        return ""
    plumbing = [f"ip daddr {model.DNS_ADDR} udp dport 53 accept",
                f"ip daddr {model.DNS_ADDR} tcp dport 53 accept",
                f"ip daddr {model.OCSP_ADDR} tcp dport {model.OCSP_PORT} accept"]
    if split_domain(scenario):
        plumbing += [f"ip daddr {model.VPN_DNS_ADDR} udp dport 53 accept",
                     f"ip daddr {model.VPN_DNS_ADDR} tcp dport 53 accept"]
    if needs_squid(scenario):
        plumbing.append(f"ip daddr {model.PROXY_ADDR} tcp dport {{ {model.PROXY_PORT}, "
                        f"{model.PROXY_AUTH_PORT}, {model.INTERCEPT_TLS_PORT} }} accept")
    text = "table inet filter {\n  chain output {\n"
    text += "    type filter hook output priority filter; policy drop;\n"
    text += "    ct state established,related accept\n"
    return text + "".join(f"    {r}\n" for r in plumbing) + "  }\n}\n"


def nft_ruleset(lab, scenario):
    return _lab_ruleset(lab, scenario) + egress_ruleset(scenario)


def _lab_ruleset(lab, scenario):
    filt = firewall_rules(lab, scenario)
    nat = nat_rules(lab, scenario)
    if not filt and not nat:
        return ""
    text = "table inet orchard_lab {\n"
    if any(r.get("action") == "drop-first" for r in scenario.get("firewall", [])):
        text += (f"  set {_FIRST_SEEN_SET} {{\n"
                 "    type ipv4_addr . inet_service . ipv4_addr . inet_service\n"
                 "    flags dynamic\n  }\n")
    text += "  chain input {\n    type filter hook input priority 0; policy accept;\n"
    text += "".join(f"    {r}\n" for r in filt) + "  }\n"
    text += "  chain nat_output {\n    type nat hook output priority -100; policy accept;\n"
    text += "".join(f"    {r}\n" for r in nat) + "  }\n}\n"
    return text


def split_domain(scenario):
    """The domain a [split_dns] scenario's VPN resolver answers for, or None."""
    split = scenario.get("split_dns")
    return split["domain"].strip(".").lower() if split else None


def needs_squid(scenario):
    return bool(scenario.get("inspection", {}).get("mode")) or bool(
        scenario.get("proxy", {}).get("enabled"))


def clock_env(scenario):
    """The environment that skews the clock of the command `lab run` starts (libfaketime)."""
    offset = scenario.get("clock", {}).get("offset")
    if not offset:
        return {}
    lib = None
    for candidate in ("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                      "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
                      "/usr/lib/faketime/libfaketime.so.1"):
        if os.path.exists(candidate):
            lib = candidate
            break
    if lib is None:
        raise ScenarioError("libfaketime is not installed (scripts/install-deps.sh --test)")
    return {"LD_PRELOAD": lib, "FAKETIME": offset, "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "FAKETIME_DONT_RESET": "1"}


def ca_bundle(scenario):
    """Which CAs stand for the OS store (--ca-file): the lab root, plus the inspection CA when
    the scenario says the OS trusts it."""
    parts = ["root.pem"]
    if scenario.get("inspection", {}).get("os_trusts_inspection_ca"):
        parts.append("bump.pem")
    return parts
