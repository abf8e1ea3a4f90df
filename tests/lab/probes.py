"""Small independent probes (dig, sockets, Python's ssl, openssl) that the lab self-test uses to
check that a scenario's network behaves as the scenario says. No orchard code involved."""

import base64
import os
import socket
import ssl
import struct
import subprocess
import time
import urllib.parse
import http.client as httpclient


def dig(name, qtype="A", server=None):
    """(status, answers): status is NOERROR/NXDOMAIN/SERVFAIL/... or TIMEOUT. `server`: ask that
    resolver rather than the namespace's resolv.conf one."""
    at = [f"@{server}"] if server else []
    out = subprocess.run(["dig", "+time=1", "+tries=1", *at, name, qtype], capture_output=True,
                         text=True).stdout
    status = "TIMEOUT"
    answers = []
    section = False
    for line in out.splitlines():
        if "status:" in line:
            status = line.split("status:")[1].split(",")[0].strip()
        if line.startswith(";; ANSWER SECTION"):
            section = True
            continue
        if section:
            if not line.strip():
                section = False
                continue
            cols = line.split()
            answers.append((cols[3], cols[4]))
    return status, answers


def tcp(addr, port, timeout=1.5):
    s = socket.socket()
    s.settimeout(timeout)
    try:
        s.connect((addr, port))
        return "open"
    except ConnectionRefusedError:
        return "refused"
    except (socket.timeout, TimeoutError):
        return "timeout"
    except OSError as e:
        return f"error:{e.errno}"
    finally:
        s.close()


def tls(host, port, cafile, addr=None, timeout=3):
    """(verified, verify_error, issuer_cn, subject_cn) of the certificate the server sends."""
    addr = addr or host
    ctx = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection((addr, port), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname=host) as s:
                cert = s.getpeercert()
                return True, "", _cn(cert["issuer"]), _cn(cert["subject"])
    except ssl.SSLCertVerificationError as e:
        unverified = _unverified(host, port, addr, timeout)
        return False, e.verify_message, unverified[0], unverified[1]


def _unverified(host, port, addr, timeout):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection((addr, port), timeout=timeout) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as s:
            der = s.getpeercert(binary_form=True)
    text = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-issuer", "-subject",
                           "-nameopt", "multiline"], input=der, capture_output=True).stdout
    cns = [l.split("=", 1)[1].strip() for l in text.decode().splitlines()
           if l.strip().startswith("commonName")]
    return (cns + ["", ""])[:2]


def _cn(name):
    for rdn in name:
        for k, v in rdn:
            if k == "commonName":
                return v
    return ""


def http(url, method="GET", body=None, headers=None, proxy=None, timeout=3):
    """(status, headers dict, body bytes) without following redirects."""
    u = urllib.parse.urlsplit(url)
    if proxy:
        p = urllib.parse.urlsplit(proxy)
        conn = httpclient.HTTPConnection(p.hostname, p.port, timeout=timeout)
        path = url
        headers = dict(headers or {})
        if p.username:
            cred = base64.b64encode(f"{p.username}:{p.password}".encode()).decode()
            headers["Proxy-Authorization"] = "Basic " + cred
    else:
        conn = httpclient.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
        path = u.path + (("?" + u.query) if u.query else "")
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def connect_via_proxy(proxy, host, port, timeout=3):
    """Status code of a CONNECT through an explicit proxy."""
    p = urllib.parse.urlsplit(proxy)
    conn = httpclient.HTTPConnection(p.hostname, p.port, timeout=timeout)
    headers = {}
    if p.username:
        cred = base64.b64encode(f"{p.username}:{p.password}".encode()).decode()
        headers["Proxy-Authorization"] = "Basic " + cred
    conn.request("CONNECT", f"{host}:{port}", headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


NTP_EPOCH = 2208988800


def ntp(addr, timeout=1.5):
    """(outcome, offset_seconds, stratum): outcome is ok, timeout or refused."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.connect((addr, 123))
        t1 = time.time()
        frac = int((t1 % 1) * 2**32)
        s.send(b"\x23" + b"\0" * 39 + struct.pack("!II", int(t1) + NTP_EPOCH, frac))
        data = s.recv(512)
        t4 = time.time()
    except ConnectionRefusedError:
        return "refused", None, None
    except (socket.timeout, TimeoutError):
        return "timeout", None, None
    finally:
        s.close()
    if len(data) < 48 or data[0] & 7 != 4:
        return "bad", None, None
    t2 = _ntp_time(data[32:40])
    t3 = _ntp_time(data[40:48])
    return "ok", ((t2 - t1) + (t3 - t4)) / 2, data[1]


def _ntp_time(b):
    sec, frac = struct.unpack("!II", b)
    return sec - NTP_EPOCH + frac / 2**32


def quic(addr, timeout=1.5):
    """outcome: vn (a Version Negotiation came back), timeout or refused."""
    dcid, scid = os.urandom(8), os.urandom(8)
    pkt = bytes([0xC0]) + b"\x1a\x2a\x3a\x4a" + bytes([8]) + dcid + bytes([8]) + scid
    pkt += b"\0" * (1200 - len(pkt))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.connect((addr, 443))
        s.send(pkt)
        data = s.recv(2048)
    except ConnectionRefusedError:
        return "refused"
    except (socket.timeout, TimeoutError):
        return "timeout"
    finally:
        s.close()
    ok = data[1:5] == b"\0\0\0\0" and data[6:14] == scid and data[15:23] == dcid
    return "vn" if ok else "bad"


def udp_resends(addr, port, datagram, tries=2, timeout=0.5):
    """Sends `datagram` `tries` times from one socket (one flow), waiting `timeout` for an answer
    after each: a list of "answered" or "timeout", one per send."""
    out = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.connect((addr, port))
        for _ in range(tries):
            s.send(datagram)
            try:
                s.recv(2048)
                out.append("answered")
            except (socket.timeout, TimeoutError):
                out.append("timeout")
    return out


def ntp_request():
    t = time.time()
    return b"\x23" + b"\0" * 39 + struct.pack("!II", int(t) + NTP_EPOCH, int((t % 1) * 2**32))


def quic_initial():
    pkt = bytes([0xC0]) + b"\x1a\x2a\x3a\x4a" + bytes([8]) + os.urandom(8) + bytes([8])
    return pkt + os.urandom(8) + b"\0" * (1200 - len(pkt) - 8)


def ssh_banner(addr, timeout=1.5):
    try:
        with socket.create_connection((addr, 22), timeout=timeout) as s:
            return s.recv(256).decode(errors="replace").strip()
    except ConnectionRefusedError:
        return "refused"
    except (socket.timeout, TimeoutError):
        return "timeout"


def ocsp_request(issuer, cert):
    return subprocess.run(["openssl", "ocsp", "-issuer", issuer, "-cert", cert, "-no_nonce",
                           "-reqout", "/dev/stdout"], capture_output=True, check=True).stdout


def ocsp_status(response_der, issuer, cert, cafile):
    """The cert status openssl reads from a DER response ("good", "revoked", ...)."""
    out = subprocess.run(["openssl", "ocsp", "-respin", "/dev/stdin", "-issuer", issuer, "-cert",
                          cert, "-CAfile", cafile], input=response_der, capture_output=True)
    text = out.stdout.decode()
    for word in ("good", "revoked", "unknown"):
        if f": {word}" in text:
            return word
    return "unparsed: " + out.stderr.decode()[:200]


def crl_issuer(der):
    out = subprocess.run(["openssl", "crl", "-inform", "DER", "-noout", "-issuer"], input=der,
                         capture_output=True)
    return out.stdout.decode().strip() if out.returncode == 0 else ""
