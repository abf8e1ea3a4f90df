"""The lab's picture of the catalog: which names exist, the loopback address each one gets, the
ports and services behind it, and the CNAME chain the lab's DNS serves for it.

Input is the row list printed by `orchard catalog list --format json` (a list of rows, or an
object holding one under "endpoints", "rows" or "results"). Each row needs "host" and "ports";
"kind", "transport", "category", "id" and the hints ("representative_host",
"representative_address", "sni", "http_check", "url") are used when present, either at the top
level of the row or under "hints"."""

import fnmatch
import ipaddress
import json
import subprocess

# Every address the lab uses is in 127.0.0.0/8 and lives on the namespace's own loopback.
DNS_ADDR = "127.53.0.1"
PROXY_ADDR = "127.20.0.1"  # squid: intercept ports and the explicit proxy ports
PORTAL_ADDR = "127.30.0.1"  # the captive portal's web server
FILTER_ADDR = "127.31.0.1"  # a web filter's block page, for [web_filter] scenarios
OCSP_ADDR = "127.40.0.1"  # `openssl ocsp`, behind nginx
PROXY_PORT = 3128  # explicit proxy, no authentication
PROXY_AUTH_PORT = 3129  # explicit proxy, Basic authentication
PROXY_USER, PROXY_PASSWORD = "lab", "orchard-lab"
INTERCEPT_TLS_PORT = 3130  # squid ssl-bump for intercepted TCP 443
OCSP_PORT = 8080
HOST_NET = ipaddress.ip_network("127.10.0.0/16")
# Split DNS ([split_dns] scenarios): a VPN's resolver beside the default one, and the addresses it
# answers for its domain's names, where the same servers listen again (the VPN's path to them).
VPN_DNS_ADDR = "127.53.0.2"
VPN_NET = ipaddress.ip_network("127.60.0.0/16")

# Infrastructure names the lab's DNS also answers for.
INFRA_NAMES = {
    "proxy.corp.example": PROXY_ADDR,
    "portal.corp.example": PORTAL_ADDR,
    "wpad.corp.example": PORTAL_ADDR,
}


def _url_path(url):
    if "://" in url:
        rest = url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return url if url.startswith("/") else "/" + url


class Row:
    def __init__(self, raw):
        hints = dict(raw.get("hints") or {})
        for key in ("representative_host", "representative_address", "sni", "http_check", "url",
                    "expect"):
            if key not in hints and key in raw:
                hints[key] = raw[key]
        self.host = raw["host"]
        self.id = raw.get("id") or f"{raw.get('category', '')}/{self.host}"
        self.category = raw.get("category", "")
        self.ports = [int(p) for p in raw.get("ports", [])]
        self.transport = (raw.get("transport") or "tcp").lower()
        kind = raw.get("kind")
        if not kind:
            kind = "wildcard" if self.host.startswith("*.") else (
                "cidr" if "/" in self.host else "name")
        self.kind = kind
        self.hints = hints
        self.raw = raw

    @property
    def target(self):
        """The name (or address) orchard probes for this row."""
        if self.kind == "wildcard":
            rep = self.hints.get("representative_host")
            return rep or "lab-representative." + self.host[2:]
        if self.kind == "cidr":
            return self.sni or self.cidr_address
        return self.host

    @property
    def cidr_address(self):
        rep = self.hints.get("representative_address")
        if rep:
            return rep
        net = ipaddress.ip_network(self.host, strict=False)
        return str(next(net.hosts()))

    @property
    def sni(self):
        return self.hints.get("sni") or ""

    @property
    def role(self):
        """What the web server answers for this row: ocsp, crl, captive or http."""
        check = self.hints.get("http_check")
        if check:
            return check
        name = self.target
        if name.startswith("ocsp"):
            return "ocsp"
        if name.startswith("crl"):
            return "crl"
        if name.startswith("captive."):
            return "captive"
        return "http"

    def matches(self, pattern):
        """True when a scenario's host pattern names this row: a glob on the catalog's host
        column ("ocsp*", "*.push.apple.com", "*icloud*")."""
        return fnmatch.fnmatchcase(self.host, pattern)


def load_rows(orchard=None, catalog_json=None):
    if catalog_json:
        with open(catalog_json) as f:
            doc = json.load(f)
    else:
        out = subprocess.run([orchard, "catalog", "list", "--format", "json"], check=True,
                             capture_output=True, text=True).stdout
        doc = json.loads(out)
    if isinstance(doc, dict):
        for key in ("endpoints", "rows", "results"):
            if isinstance(doc.get(key), list):
                doc = doc[key]
                break
    if not isinstance(doc, list) or not doc:
        raise ValueError("catalog JSON holds no rows")
    return [Row(r) for r in doc]


class Server:
    """One lab name (or CIDR stand-in) and what listens for it."""

    def __init__(self, name, addr):
        self.name = name  # DNS name, or the CIDR's representative address
        self.addr = addr
        self.tcp_ports = set()
        self.udp_ports = set()
        self.role = "http"
        self.paths = set()  # catalog URL paths (CRL files, the hotspot page)
        self.rows = []
        self.is_cidr = False
        self.vpn_addr = None  # set in [split_dns] scenarios for the names in the VPN's domain


class Lab:
    """The servers the catalog calls for, with deterministic addresses and CNAME chains."""

    def __init__(self, rows):
        self.rows = rows
        self.servers = {}
        hosts = iter(HOST_NET.hosts())
        next(hosts)  # skip 127.10.0.1 so no server sits on a ".1" that looks special
        for row in rows:
            key = row.host if row.kind == "cidr" else row.target
            server = self.servers.get(key)
            if server is None:
                server = Server(row.target, str(next(hosts)))
                server.is_cidr = row.kind == "cidr"
                self.servers[key] = server
            server.rows.append(row)
            ports = server.udp_ports if row.transport == "udp" else server.tcp_ports
            ports.update(row.ports)
            if row.role != "http":
                server.role = row.role
            url = row.hints.get("url") or ""
            if url:
                server.paths.add(_url_path(url))

    def named_servers(self):
        return [s for s in self.servers.values() if not s.is_cidr]

    def cert_names(self):
        return sorted({s.name for s in self.servers.values()})

    def server_for(self, row):
        return self.servers[row.host if row.kind == "cidr" else row.target]

    def in_domain(self, domain):
        """The named servers whose name is `domain` or under it, as a resolver matches names."""
        d = domain.lower().rstrip(".")
        return [s for s in self.named_servers()
                if s.name.lower() == d or s.name.lower().endswith("." + d)]

    def select(self, hosts=(), categories=()):
        """The servers whose rows match any host pattern or category."""
        out = []
        for server in self.servers.values():
            if any(r.category in categories or any(r.matches(h) for h in hosts)
                   for r in server.rows):
                out.append(server)
        return out

    def cname_chain(self, server):
        """A chain like the real ones: some names answer directly, others through one or two
        CDN aliases. Deterministic per name."""
        label = server.name.replace(".", "-")
        shape = sum(server.name.encode()) % 3
        if shape == 0:
            return []
        if shape == 1:
            return [f"{label}.g.aaplimg.com"]
        return [f"{server.name}.akadns.net", f"{label}-lb.g.aaplimg.com"]

    def route_via_vpn(self, domain):
        """Gives every server in `domain` its VPN-side address: HOST_NET's 127.10.a.b becomes
        VPN_NET's 127.60.a.b. Returns those servers."""
        servers = self.in_domain(domain)
        offset = int(VPN_NET.network_address) - int(HOST_NET.network_address)
        for server in servers:
            server.vpn_addr = str(ipaddress.ip_address(int(ipaddress.ip_address(server.addr))
                                                       + offset))
        return servers

    def connect_to(self):
        """orchard --connect-to values that send the CIDR rows to their lab servers."""
        out = []
        for server in self.servers.values():
            if not server.is_cidr:
                continue
            for row in server.rows:
                for port in row.ports:
                    out.append(f"{row.host}:{port}:{server.addr}:{port}")
        return sorted(set(out))
