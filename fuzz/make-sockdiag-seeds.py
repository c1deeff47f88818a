#!/usr/bin/python3
"""make-sockdiag-seeds.py - seeds of fuzz-sockdiag: real netlink sock_diag
replies of the running kernel (lookups of one socket, as the agent's helper
makes them, and whole dumps), and crafted ones (an error, a cut message,
attributes that lie), each as fuzz-sockdiag reads it: a flags byte (bit 0:
UDP) then the reply.  Every request uses sequence number 1.

    fuzz/make-sockdiag-seeds.py fuzz/corpus/fuzz-sockdiag

Run as root in a fresh network namespace (unshare -n) so that no socket of
the machine ends up in the tree.
"""

import os
import socket
import struct
import sys

NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY = 4, 20
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300


def ask(family, proto, sid=None):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    if sid is None:
        sid, flags, ext = b"\0" * 40 + struct.pack("=II", 0xffffffff,
                                                   0xffffffff), \
            NLM_F_REQUEST | NLM_F_DUMP, 0
    else:
        flags, ext = NLM_F_REQUEST, 0xff     # every extension we may get
    req = struct.pack("=BBBBI", family, proto, ext, 0, 0xffffffff) + sid
    s.send(struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY, flags,
                       1, 0) + req)
    out = []
    while True:
        d = s.recv(65536)
        out.append(d)
        if flags == NLM_F_REQUEST:
            break
        off, done = 0, False            # a dump: until NLMSG_DONE/ERROR
        while off + 16 <= len(d):
            ln, ty = struct.unpack_from("=IH", d, off)
            done = done or ty in (2, 3)
            off += max(16, (ln + 3) & ~3)
        if done:
            break
    s.close()
    return out


def sid4(lport, laddr, rport, raddr, udp):
    a, b = socket.inet_aton(laddr) + b"\0" * 12, \
        socket.inet_aton(raddr) + b"\0" * 12
    if udp:
        return struct.pack("!HH", rport, lport) + b + a + \
            struct.pack("=III", 0, 0xffffffff, 0xffffffff)
    return struct.pack("!HH", lport, rport) + a + b + \
        struct.pack("=III", 0, 0xffffffff, 0xffffffff)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {}
    os.system("ip link set lo up")
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen()
    lp = ls.getsockname()[1]
    c = socket.create_connection(("127.0.0.1", lp))
    cp = c.getsockname()[1]
    a, _ = ls.accept()
    l6 = socket.socket(socket.AF_INET6)
    l6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    l6.bind(("::1", 0))
    l6.listen()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("0.0.0.0", 0))
    up = u.getsockname()[1]
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u6.bind(("::", 0))

    seeds["real-tcp4-established"] = (0, ask(socket.AF_INET, 6,
                                             sid4(cp, "127.0.0.1", lp,
                                                  "127.0.0.1", False)))
    seeds["real-tcp4-listener"] = (0, ask(socket.AF_INET, 6,
                                          sid4(lp, "127.0.0.1", 0,
                                               "0.0.0.0", False)))
    seeds["real-udp4-unconnected"] = (1, ask(socket.AF_INET, 17,
                                             sid4(up, "127.0.0.1", 9,
                                                  "127.0.0.1", True)))
    seeds["real-udp4-none"] = (1, ask(socket.AF_INET, 17,
                                      sid4(1, "127.0.0.1", 2,
                                           "127.0.0.1", True)))
    seeds["real-tcp4-dump"] = (0, ask(socket.AF_INET, 6))
    seeds["real-tcp6-dump"] = (0, ask(socket.AF_INET6, 6))
    seeds["real-udp6-dump"] = (1, ask(socket.AF_INET6, 17))
    for name, (flags, replies) in seeds.items():
        for i, r in enumerate(replies):
            with open(os.path.join(out, "%s-%d" % (name, i)), "wb") as f:
                f.write(bytes([flags]) + r)

    one = seeds["real-tcp4-established"][1][0]
    crafted = {
        "crafted-cut": one[:len(one) - 7],
        "crafted-short-header": one[:12],
        "crafted-length-lies": struct.pack("=I", 8) + one[4:],
        "crafted-length-long": struct.pack("=I", len(one) + 64) + one[4:],
        "crafted-family": one[:16] + b"\x01" + one[17:],
        "crafted-foreign-seq": one[:8] + struct.pack("=I", 2) + one[12:],
        "crafted-two": one + one,
    }
    # An attribute shorter than its own header, then one past the end.
    bad = bytearray(one[:16 + 72]) + struct.pack("=HH", 3, 11) + b"\0"
    struct.pack_into("=I", bad, 0, len(bad))
    crafted["crafted-attr-short"] = bytes(bad)
    bad = bytearray(one[:16 + 72]) + struct.pack("=HHB", 200, 11, 1) + b"\0" * 3
    struct.pack_into("=I", bad, 0, len(bad))
    crafted["crafted-attr-long"] = bytes(bad)
    for name, b in crafted.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"\0" + b)


if __name__ == "__main__":
    main()
