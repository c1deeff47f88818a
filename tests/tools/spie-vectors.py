#!/usr/bin/python3
"""spie-vectors.py - the fixed vectors of tests/unit/test-spie.c.

Computes the SPIE traceback digest of a few IP packets with Python's hashlib,
from the rule in PROTOCOL.md ("Traceback"), independently of common/spie.c:

  IPv4: zero TOS, total length, flags + fragment offset, TTL, header
        checksum and every option byte; MD5 over IHL*4 + 8 bytes (or the
        whole datagram when its total length is shorter).
  IPv6: zero the top four bits of the traffic class and the hop limit; MD5
        over 40 + 8 bytes (or 40 + payload length when that is shorter).

and prints them as C initialisers.  Run it and paste the output into
test-spie.c when a vector is added; the test itself never runs Python.
"""

import hashlib


def mask4(pkt):
    b = bytearray(pkt)
    ihl = (b[0] & 0x0f) * 4
    total = b[2] << 8 | b[3]
    n = ihl + 8
    if total != 0 and ihl <= total < n:
        n = total
    b = b[:n]
    b[1] = 0
    b[2:4] = b"\0\0"
    b[6:8] = b"\0\0"
    b[8] = 0
    b[10:12] = b"\0\0"
    for i in range(20, ihl):
        b[i] = 0
    return bytes(b)


def mask6(pkt):
    b = bytearray(pkt)
    plen = b[4] << 8 | b[5]
    n = 48
    if plen != 0 and plen < 8:
        n = 40 + plen
    b = b[:n]
    b[0] &= 0xf0
    b[7] = 0
    return bytes(b)


def masked(pkt):
    return mask4(pkt) if pkt[0] >> 4 == 4 else mask6(pkt)


A4 = bytes([192, 0, 2, 1])
B4 = bytes([198, 51, 100, 2])
A6 = bytes.fromhex("20010db8000000000000000000000001")
B6 = bytes.fromhex("20010db8000000010000000000000002")

TCP = bytes.fromhex("9c4000500000 03e8 00000000 5002 2000 0000 0000"
                    .replace(" ", ""))

VECTORS = [
    ("ipv4_tcp_syn",
     bytes.fromhex("45100028 1234 4000 4006 beef") + A4 + B4 + TCP),
    ("ipv4_tcp_syn_other_hop",        # TOS, TTL, flags, checksum changed
     bytes.fromhex("45b80028 1234 0000 fa06 0101") + A4 + B4 + TCP),
    ("ipv4_options_udp",
     bytes.fromhex("47000030 0001 0000 4011 0000") + A4 + B4 +
     bytes.fromhex("0707040102030400") +                  # record route
     bytes.fromhex("bb820035 0010 abcd") + b"abcdefgh"),
    ("ipv4_short_icmp",                # total 24 < 20 + 8
     bytes.fromhex("45000018 0002 0000 4001 0000") + A4 + B4 +
     bytes.fromhex("08000000")),
    ("ipv4_later_fragment",
     bytes.fromhex("45000024 7777 0002 4011 0000") + B4 + A4 +
     b"rrrrrrrrrrrrrrrr"),
    ("ipv6_tcp",
     bytes.fromhex("6ff12345 0014 0609") + A6 + B6 + TCP),
    ("ipv6_tcp_other_hop",             # TC top nibble and hop limit changed
     bytes.fromhex("60f12345 0014 06c8") + A6 + B6 + TCP),
    ("ipv6_short_udp",                 # payload length 4 < 8
     bytes.fromhex("60000000 0004 1140") + A6 + B6 +
     bytes.fromhex("01020304")),
    ("ipv6_hop_by_hop",
     bytes.fromhex("60000000 0010 0040") + A6 + B6 +
     bytes.fromhex("1100000000000000") + bytes.fromhex("bb850001 0008 0000")),
]


def c_bytes(b, indent="\t"):
    out, line = [], indent
    for i, x in enumerate(b):
        item = "0x%02x," % x
        if len(line.expandtabs()) + len(item) + 1 > 76:
            out.append(line.rstrip())
            line = indent
        line += item + " "
    out.append(line.rstrip())
    return "\n".join(out)


def main():
    for name, pkt in VECTORS:
        m = masked(pkt)
        print("/* %s: %d bytes, %d hashed */" % (name, len(pkt), len(m)))
        print("static const uint8_t %s[] = {\n%s\n};" % (name, c_bytes(pkt)))
        print("static const uint8_t %s_masked[] = {\n%s\n};" % (
            name, c_bytes(m)))
        print('static const char %s_md5[] = "%s";\n' % (
            name, hashlib.md5(m).hexdigest()))


if __name__ == "__main__":
    main()
