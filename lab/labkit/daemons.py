"""Configs and commands for the lab's other servers: chrony (NTP), openssh (SSH), squid
(explicit proxy, with and without Basic auth, and ssl-bump interception) and the QUIC
responder. Each function writes what its server needs under the state dir and returns the
command that runs it in the foreground."""

import os
import pwd
import subprocess

from . import model

_HELPERS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "helpers")


def chrony(state_dir, addr):
    """One chronyd per NTP address (chronyd binds a single IPv4 address). It serves its own
    clock as a local stratum-2 source and never touches the system clock (-x)."""
    conf = os.path.join(state_dir, f"chrony-{addr}.conf")
    with open(conf, "w") as f:
        f.write(f"""local stratum 2
allow 127.0.0.0/8
bindaddress {addr}
port 123
cmdport 0
pidfile {state_dir}/chrony-{addr}.pid
""")
    return ["chronyd", "-d", "-x", "-u", "root", "-f", conf]


def sshd(state_dir, addrs, pki_cache):
    """openssh-server on port 22. sshd insists on /run/sshd; it gets a private tmpfs /run in its
    own mount namespace so nothing is created on the host.

    The host key path must be absolute: the listener loads it from its start directory, but then
    chdirs to / and every connection re-executes sshd (-R), which loads the key again. A relative
    path (`--cache build/lab-cache`) let sshd start, listen and then close each connection
    without a banner ("Unable to load host key: //build/lab-cache/...")."""
    key = os.path.join(os.path.abspath(pki_cache), "ssh_host_ed25519_key")
    if not os.path.exists(key):
        tmp = key + f".{os.getpid()}"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp], check=True)
        os.replace(tmp, key)
        os.replace(tmp + ".pub", key + ".pub")
    conf = os.path.join(state_dir, "sshd_config")
    with open(conf, "w") as f:
        for addr in addrs:
            f.write(f"ListenAddress {addr}:22\n")
        f.write(f"""HostKey {key}
PidFile {state_dir}/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile none
""")
    script = ("mount -t tmpfs -o mode=755 lab-run /run && mkdir -m 755 /run/sshd && "
              f"exec /usr/sbin/sshd -D -e -f {conf}")
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script]


def quic(addrs):
    return ["python3", os.path.join(_HELPERS, "quic_responder.py"), "443", *addrs]


def squid(state_dir, pki_dir, intercept):
    """squid-openssl: the explicit proxy (PROXY_PORT open, PROXY_AUTH_PORT with Basic auth) and,
    when `intercept`, ssl-bump of intercepted TCP 443, re-signed with the lab's inspection CA."""
    base = os.path.join(state_dir, "squid")
    os.makedirs(base, exist_ok=True)
    proxy = pwd.getpwnam("proxy")
    passwd = os.path.join(base, "passwd")
    hashed = subprocess.run(["openssl", "passwd", "-apr1", model.PROXY_PASSWORD], check=True,
                            capture_output=True, text=True).stdout.strip()
    with open(passwd, "w") as f:
        f.write(f"{model.PROXY_USER}:{hashed}\n")
    addr = model.PROXY_ADDR
    lines = [
        f"pid_filename {base}/squid.pid",
        f"cache_log {base}/cache.log",
        f"access_log stdio:{base}/access.log",
        "cache_store_log none",
        "cache deny all",
        f"coredump_dir {base}",
        "netdb_filename none",
        f"dns_nameservers {model.DNS_ADDR}",
        "visible_hostname proxy.corp.example",
        "cache_effective_user proxy",
        "shutdown_lifetime 0 seconds",
        "forwarded_for delete",
        f"tcp_outgoing_address {addr}",
        # Its DNS client sockets too, so nothing binds a wildcard address.
        f"udp_incoming_address {addr}",
        f"udp_outgoing_address {addr}",
        f"http_port {addr}:{model.PROXY_PORT}",
        f"http_port {addr}:{model.PROXY_AUTH_PORT} name=authport",
        f"auth_param basic program /usr/lib/squid/basic_ncsa_auth {passwd}",
        "auth_param basic realm orchard-lab",
        "acl authport myportname authport",
        "acl authed proxy_auth REQUIRED",
        "http_access deny authport !authed",
        "http_access allow all",
    ]
    if intercept:
        # squid reads its CA after dropping to the proxy user: give it a copy it may read.
        for ext in ("pem", "key"):
            with open(f"{pki_dir}/bump.{ext}") as src, open(f"{base}/bump.{ext}", "w") as dst:
                dst.write(src.read())
        ssl_db = os.path.join(base, "ssl_db")
        subprocess.run(["/usr/lib/squid/security_file_certgen", "-c", "-s", ssl_db, "-M", "4MB"],
                       check=True, stdout=subprocess.DEVNULL)
        lines += [
            f"https_port {addr}:{model.INTERCEPT_TLS_PORT} intercept ssl-bump "
            f"tls-cert={base}/bump.pem tls-key={base}/bump.key "
            "generate-host-certificates=on dynamic_cert_mem_cache_size=4MB",
            f"sslcrtd_program /usr/lib/squid/security_file_certgen -s {ssl_db} -M 4MB",
            "sslcrtd_children 8 startup=4 idle=2",
            f"tls_outgoing_options cafile={pki_dir}/root.pem",
            "acl step1 at_step SslBump1",
            "ssl_bump peek step1",
            "ssl_bump bump all",
        ]
    for root, dirs, files in os.walk(base):
        for name in dirs + files:
            os.chown(os.path.join(root, name), proxy.pw_uid, proxy.pw_gid)
    os.chown(base, proxy.pw_uid, proxy.pw_gid)
    conf = os.path.join(base, "squid.conf")
    with open(conf, "w") as f:
        f.write("\n".join(l for l in lines if l) + "\n")
    # squid keeps shared memory under fixed names (/dev/shm/squid-tls_session_cache.shm,
    # squid-cf__*.shm) and leaves some behind: two labs' squids would share one segment and
    # break each other's ssl-bump under ctest -j, and the host would keep the files. A private
    # /dev/shm in its own mount namespace keeps each squid's segments to itself.
    script = ("mount -t tmpfs -o mode=1777 lab-shm /dev/shm && "
              f"exec squid -N -f {conf}")
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script]
