"""The lab's certificates: a root standing in for the genuine public roots, an intermediate that
signs one leaf per lab name, an OCSP/CRL setup for it, and the CAs of the inspecting proxy and
the captive portal. Everything is made with the openssl CLI once per set of names and kept in a
cache folder (the build dir in tests), so scenarios start fast."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import time

# Bump when the layout or contents change so stale caches are rebuilt.
_VERSION = "3"
# Leaves last this long; a cache older than _MAX_AGE_DAYS is rebuilt well before they expire.
_LEAF_DAYS = 825
_MAX_AGE_DAYS = 300


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def _ec_key(path, cwd):
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path,
             cwd=cwd)


def _self_signed(name, subject, cwd, days=3650):
    _ec_key(f"{name}.key", cwd)
    _openssl("req", "-x509", "-new", "-key", f"{name}.key", "-subj", subject, "-days", str(days),
             "-sha256", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
             "-out", f"{name}.pem", cwd=cwd)


_CA_CNF = """[ca]
default_ca = lab
[lab]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
crlnumber = crlnumber
default_md = sha256
default_crl_days = 3650
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
authorityInfoAccess = OCSP;URI:http://ocsp.apple.com/ocsp03-lab
crlDistributionPoints = URI:http://crl.apple.com/lab.crl
[intermediate]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
[ocsp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
"""


def _sign(csr_subject, key, out, ext, cwd, days, san=None):
    cmd = ["req", "-new", "-key", key, "-subj", csr_subject, "-out", out + ".csr"]
    if san:
        cmd += ["-addext", "subjectAltName=" + san]
    _openssl(*cmd, cwd=cwd)
    _openssl("ca", "-batch", "-config", "ca.cnf", "-notext", "-cert", "inter.pem", "-keyfile",
             "inter.key", "-extensions", ext, "-days", str(days), "-in", out + ".csr", "-out", out,
             cwd=cwd)
    os.remove(os.path.join(cwd, out + ".csr"))


def _san_for(name):
    kind = "IP" if name.replace(".", "").isdigit() else "DNS"
    return f"{kind}:{name}"


def _build(names, dest):
    _self_signed("root", "/O=Orchard Lab/CN=Orchard Lab Root CA", dest)
    _self_signed("bump", "/O=Example Corp/CN=Example Corp SSL Inspection CA", dest)
    _self_signed("portal", "/O=Guest WiFi/CN=portal.corp.example", dest, days=_LEAF_DAYS)
    # The intermediate is signed by the root with `openssl x509` (the `ca` database is the
    # intermediate's own, for its leaves, OCSP index and CRL).
    _ec_key("inter.key", dest)
    _openssl("req", "-new", "-key", "inter.key", "-subj", "/O=Orchard Lab/CN=Orchard Lab Server CA 1",
             "-out", "inter.csr", cwd=dest)
    with open(os.path.join(dest, "inter.ext"), "w") as f:
        f.write("basicConstraints=critical,CA:TRUE,pathlen:0\n"
                "keyUsage=critical,keyCertSign,cRLSign,digitalSignature\n")
    _openssl("x509", "-req", "-in", "inter.csr", "-CA", "root.pem", "-CAkey", "root.key",
             "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", "inter.ext", "-out",
             "inter.pem", cwd=dest)
    with open(os.path.join(dest, "ca.cnf"), "w") as f:
        f.write(_CA_CNF)
    os.mkdir(os.path.join(dest, "newcerts"))
    open(os.path.join(dest, "index.txt"), "w").close()
    with open(os.path.join(dest, "serial"), "w") as f:
        f.write("1000\n")
    with open(os.path.join(dest, "crlnumber"), "w") as f:
        f.write("01\n")
    # All leaves share one key: generating ~100 keys would only slow the first start down.
    _ec_key("leaf.key", dest)
    os.mkdir(os.path.join(dest, "leaves"))
    for name in names:
        _sign(f"/CN={name}", "leaf.key", f"leaves/{name}.pem", "leaf", dest, _LEAF_DAYS,
              san=_san_for(name))
    _ec_key("ocsp.key", dest)
    _sign("/O=Orchard Lab/CN=Orchard Lab OCSP Responder", "ocsp.key", "ocsp.pem", "ocsp", dest,
          _LEAF_DAYS)
    # One revoked leaf so the CRL and the OCSP index say something.
    _sign("/CN=revoked.orchard.example", "leaf.key", "revoked.pem", "leaf", dest, _LEAF_DAYS,
          san="DNS:revoked.orchard.example")
    _openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "inter.pem", "-keyfile", "inter.key",
             "-revoke", "revoked.pem", cwd=dest)
    _openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "inter.pem", "-keyfile", "inter.key",
             "-gencrl", "-out", "lab.crl.pem", cwd=dest)
    _openssl("crl", "-in", "lab.crl.pem", "-outform", "DER", "-out", "lab.crl", cwd=dest)
    # nginx sends leaf + intermediate, as real servers do.
    inter = open(os.path.join(dest, "inter.pem")).read()
    for name in names:
        with open(os.path.join(dest, "leaves", name + ".pem"), "a") as out:
            out.write(inter)
    with open(os.path.join(dest, "names"), "w") as f:
        f.write("\n".join(names) + "\n")


def ensure(cache_root, names):
    """Returns a folder holding the PKI for `names`, building it when missing or stale.

    Safe to call from parallel lab runs: builds happen under a lock, into a temporary folder that
    is renamed into place."""
    names = sorted(set(names))
    cache_root = os.path.abspath(cache_root)  # servers run with other working dirs
    key = hashlib.sha256(("\n".join([_VERSION] + names)).encode()).hexdigest()[:16]
    os.makedirs(cache_root, exist_ok=True)
    final = os.path.join(cache_root, "pki-" + key)
    with open(os.path.join(cache_root, "pki.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = os.path.join(final, "names")
        if os.path.exists(stamp) and time.time() - os.path.getmtime(stamp) < _MAX_AGE_DAYS * 86400:
            return final
        shutil.rmtree(final, ignore_errors=True)
        tmp = tempfile.mkdtemp(prefix="pki-build-", dir=cache_root)
        try:
            _build(names, tmp)
            os.chmod(tmp, 0o755)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return final
