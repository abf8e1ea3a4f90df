"""nginx for every lab name (TLS with SNI on every TCP port but 80 and 22, plain HTTP on 80), the
captive portal, and the OCSP responder behind it."""

import os

from . import model

SUCCESS_PAGE = "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"
PORTAL_PAGE = ("<html><head><title>Guest WiFi</title></head><body><h1>Welcome to Guest WiFi</h1>"
               "<form method=post action=/login><input name=user><input type=password name=pass>"
               "<button>Log in</button></form></body></html>")
# What a Symantec (Blue Coat) ProxySG answers for a denied request, served with status 200 as
# such filters often do (their "policy_denied" and "content_filter_denied" exception pages).
BLOCK_PAGE = ("<html><head><title>Access Denied</title></head><body><h1>Access Denied "
              "(policy_denied)</h1><p>Your request was denied because of its content "
              "categorization: \"Technology/Internet\".</p><p>For assistance, contact your "
              "network support team.</p></body></html>")
PLAIN_TCP = {80}
NOT_WEB = {22}


def _quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _role_locations(server, pki_dir):
    ocsp = f"http://{model.OCSP_ADDR}:{model.OCSP_PORT}"
    if server.role == "ocsp":
        return [f"location / {{ proxy_pass {ocsp}; }}"]
    if server.role == "crl":
        crl = os.path.join(pki_dir, "lab.crl")
        paths = sorted(server.paths) or ["/lab.crl"]
        locs = [f"location = {p} {{ default_type application/pkix-crl; alias {crl}; }}"
                for p in paths]
        return locs + ["location / { return 404; }"]
    if server.role == "captive":
        return ["location / { default_type text/html; return 200 " + _quote(SUCCESS_PAGE) + "; }"]
    return ["location / { default_type text/plain; return 200 "
            + _quote(f"orchard lab: {server.name}\n") + "; }"]


def _server_block(server, pki_dir):
    listens = []
    # A [split_dns] scenario's VPN-side address serves the same site: only the path differs.
    for addr in filter(None, (server.addr, server.vpn_addr)):
        for port in sorted(server.tcp_ports - NOT_WEB):
            tls = "" if port in PLAIN_TCP else " ssl"
            listens.append(f"  listen {addr}:{port}{tls};")
    if not listens:
        return ""
    lines = ["server {"] + listens
    lines.append(f"  server_name {server.name};")
    lines.append(f"  ssl_certificate {pki_dir}/leaves/{server.name}.pem;")
    lines.append(f"  ssl_certificate_key {pki_dir}/leaf.key;")
    lines += ["  " + loc for loc in _role_locations(server, pki_dir)]
    lines.append("}")
    return "\n".join(lines)


def _portal_blocks(pki_dir, pac_file):
    addr = model.PORTAL_ADDR
    login = "http://portal.corp.example/login"
    return f"""server {{
  listen {addr}:80;
  listen {addr}:443 ssl;
  server_name _;
  ssl_certificate {pki_dir}/portal.pem;
  ssl_certificate_key {pki_dir}/portal.key;
  location = /login {{ default_type text/html; return 200 {_quote(PORTAL_PAGE)}; }}
  location = /proxy.pac {{ default_type application/x-ns-proxy-autoconfig; alias {pac_file}; }}
  location = /wpad.dat {{ default_type application/x-ns-proxy-autoconfig; alias {pac_file}; }}
  location / {{ return 302 {login}; }}
}}"""


def _filter_block():
    return f"""server {{
  listen {model.FILTER_ADDR}:80;
  server_name _;
  location / {{ default_type text/html; return 200 {_quote(BLOCK_PAGE)}; }}
}}"""


def nginx_conf(state_dir, lab, pki_dir, pac_file):
    tmp = os.path.join(state_dir, "nginx")
    blocks = [_server_block(s, pki_dir) for s in lab.servers.values()]
    blocks = [b for b in blocks if b]
    return f"""daemon off;
master_process on;
worker_processes 1;
user www-data;
pid {state_dir}/nginx.pid;
error_log {state_dir}/logs/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log {state_dir}/logs/nginx-access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server_tokens off;
  ssl_protocols TLSv1.2 TLSv1.3;
  keepalive_timeout 5;
{_portal_blocks(pki_dir, pac_file)}
{_filter_block()}
{chr(10).join(blocks)}
}}
"""


DEFAULT_PAC = """function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".apple.com") || dnsDomainIs(host, ".icloud.com")) return "DIRECT";
  return "PROXY proxy.corp.example:3128; DIRECT";
}
"""


def write(state_dir, lab, pki_dir, pac_text=None):
    """Writes nginx's config; returns the commands that run nginx and the OCSP responder."""
    tmp = os.path.join(state_dir, "nginx")
    os.makedirs(tmp, exist_ok=True)
    os.chown(tmp, *_www_data())
    pac_file = os.path.join(state_dir, "proxy.pac")
    with open(pac_file, "w") as f:
        f.write(pac_text or DEFAULT_PAC)
    conf = os.path.join(state_dir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(state_dir, lab, pki_dir, pac_file))
    helpers = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "helpers")
    ocsp = ["python3", os.path.join(helpers, "ocsp_responder.py"), model.OCSP_ADDR,
            str(model.OCSP_PORT), f"{pki_dir}/index.txt", f"{pki_dir}/inter.pem",
            f"{pki_dir}/ocsp.pem", f"{pki_dir}/ocsp.key"]
    return ["nginx", "-c", conf, "-e", f"{state_dir}/logs/nginx-error.log"], ocsp


def _www_data():
    import pwd
    pw = pwd.getpwnam("www-data")
    return pw.pw_uid, pw.pw_gid
