#!/usr/bin/env python3
"""A real OCSP responder for the lab CA: an HTTP front (GET per RFC 6960 appendix A, and POST)
that hands each request to `openssl ocsp` in responder mode. `openssl ocsp -port` cannot bind a
chosen address, so this front binds the loopback address the lab gives it.

usage: ocsp_responder.py ADDR PORT INDEX CA RSIGNER RKEY"""

import base64
import binascii
import http.server
import subprocess
import sys
import urllib.parse

ADDR, PORT, INDEX, CA, RSIGNER, RKEY = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]


def respond(der_request):
    proc = subprocess.run(
        ["openssl", "ocsp", "-index", INDEX, "-CA", CA, "-rsigner", RSIGNER, "-rkey", RKEY,
         "-reqin", "/dev/stdin", "-respout", "/dev/stdout", "-nmin", "60"],
        input=der_request, capture_output=True, timeout=10)
    return proc.stdout if proc.returncode == 0 else b""


def _decode_get(path):
    # The request is the path's tail; a catalog URL may put a prefix ("/ocsp03-apple/") first,
    # and base64 itself may hold "/", so try each split point from the left.
    path = urllib.parse.unquote(path.lstrip("/"))
    parts = path.split("/")
    for i in range(len(parts)):
        text = "/".join(parts[i:])
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
    return b""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, der_request):
        body = respond(der_request) if der_request else b""
        if not body:
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer(_decode_get(self.path))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(self.rfile.read(min(length, 65536)))

    def log_message(self, fmt, *args):
        sys.stderr.write("ocsp: " + fmt % args + "\n")


http.server.ThreadingHTTPServer.allow_reuse_address = True
http.server.ThreadingHTTPServer((ADDR, PORT), Handler).serve_forever()
