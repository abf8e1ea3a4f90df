#!/usr/bin/env python3
"""Answers QUIC long-header packets with a Version Negotiation packet (RFC 9000 section 17.2.1),
which is what a QUIC server does for an Initial with a version it does not speak. Enough for a
reachability probe of UDP 443; no handshake is ever completed.

usage: quic_responder.py PORT ADDR..."""

import os
import selectors
import socket
import sys

SUPPORTED = (0x00000001, 0x6B3343CF)  # QUIC v1 and v2


def version_negotiation(packet):
    """The reply to one datagram, or None when it is not a QUIC long-header packet."""
    if len(packet) < 7 or not packet[0] & 0x80:
        return None
    version = int.from_bytes(packet[1:5], "big")
    if version == 0:
        return None  # never answer a Version Negotiation packet
    dcid_len = packet[5]
    if dcid_len > 20 or len(packet) < 6 + dcid_len + 1:
        return None
    dcid = packet[6:6 + dcid_len]
    scid_len = packet[6 + dcid_len]
    scid = packet[7 + dcid_len:7 + dcid_len + scid_len]
    if scid_len > 20 or len(scid) != scid_len:
        return None
    first = 0x80 | (os.urandom(1)[0] & 0x7F)
    reply = bytes([first]) + b"\x00\x00\x00\x00"
    reply += bytes([len(scid)]) + scid + bytes([len(dcid)]) + dcid
    for v in SUPPORTED:
        reply += v.to_bytes(4, "big")
    return reply


def main():
    port = int(sys.argv[1])
    sel = selectors.DefaultSelector()
    for addr in sys.argv[2:]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((addr, port))
        sel.register(sock, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            data, peer = key.fileobj.recvfrom(65536)
            reply = version_negotiation(data)
            if reply:
                key.fileobj.sendto(reply, peer)


if __name__ == "__main__":
    main()
