"""A Mac's host-facts folder for [split_dns] scenarios (what `orchard host --save DIR` keeps, read
back by `orchard check --host-facts DIR`): its `scutil --dns` names the lab's two resolvers.

The text is not made up: it is two real recorded outputs kept in src/host/testdata/scutil_dns
(see SOURCES.md there) with the lab's addresses and the scenario's domain put in:
- tailscale_supplemental_utun4.txt (a corporate VPN on utun4): the "DNS configuration" section,
  whose default resolver becomes the lab's resolver and whose supplemental resolver for
  example.com becomes the VPN's resolver for the scenario's domain;
- tunnelblick_scoped_utun.txt: the "DNS configuration (for scoped queries)" section, whose
  scoped utun resolver becomes the same VPN resolver on the same utun4. macOS asks a scoped
  resolver only for lookups bound to that interface, so ordinary names must not go there.
Each substitution must find its text: a fixture that changes fails the lab at once."""

import os

from . import model

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))), "src", "host", "testdata")
VPN_INTERFACE = "utun4"


class HostFactsError(Exception):
    pass


def _read(name):
    with open(os.path.join(TESTDATA, name)) as f:
        return f.read()


def _edit(text, source, replacements, drop):
    """Replaces each (old, new) and removes every line holding one of `drop`; each must occur."""
    for old, new in replacements:
        if old not in text:
            raise HostFactsError(f"{source}: no {old!r} to replace")
        text = text.replace(old, new)
    lines = text.splitlines(keepends=True)
    for d in drop:
        if not any(d in line for line in lines):
            raise HostFactsError(f"{source}: no line with {d!r} to drop")
        lines = [line for line in lines if d not in line]
    return "".join(lines)


def scutil_dns(domain):
    """`scutil --dns` of a Mac on a VPN whose resolver (model.VPN_DNS_ADDR) answers for `domain`
    and whose default resolver is the lab's (model.DNS_ADDR)."""
    vpn = "tailscale_supplemental_utun4.txt"
    default = _edit(_read(os.path.join("scutil_dns", vpn)), vpn,
                    [("example.com", domain), ("172.22.22.1", model.DNS_ADDR),
                     ("172.31.66.13", model.VPN_DNS_ADDR)],
                    # One address per resolver in the lab (no IPv6 in it).
                    ["2002:d106:7acc:0:deef:9ff:fea8:39e", "172.31.66.14"])
    scoped_name = "tunnelblick_scoped_utun.txt"
    scoped = _read(os.path.join("scutil_dns", scoped_name))
    cut = scoped.find("DNS configuration (for scoped queries)")
    if cut < 0:
        raise HostFactsError(f"{scoped_name}: no scoped section")
    scoped = _edit(scoped[cut:], scoped_name,
                   [("8.8.8.8", model.VPN_DNS_ADDR), ("13 (utun0)", f"18 ({VPN_INTERFACE})")],
                   ["8.8.4.4"])
    return default.rstrip("\n") + "\n\n" + scoped


def write(folder, domain):
    """Writes the folder (platform, scutil--dns.txt, sw_vers.txt); the other tools' files are
    left out, so those facts are absent (listed as not recorded)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "platform"), "w") as f:
        f.write("macos\n")
    with open(os.path.join(folder, "scutil--dns.txt"), "w") as f:
        f.write(scutil_dns(domain))
    with open(os.path.join(folder, "sw_vers.txt"), "w") as f:
        f.write(_read(os.path.join("sw_vers", "sonoma_14_0.txt")))
    return folder
