#!/usr/bin/python3
"""gen-alarm-captures.py - captures for the agent's DoS alarm tests.

    /usr/bin/python3 gen-alarm-captures.py OUTDIR

Writes, deterministically (fixed seed, fixed timestamps from T0), Ethernet
pcap files:

  normal.pcap     10 s of ordinary traffic at about 150 packets/s: TCP
                  connections (handshake, data, FIN), DNS over UDP, pings,
                  IPv4 and IPv6.  No window in it should raise an alarm.
  synflood.pcap   3 s of the same, then 1 s of a SYN flood to
                  198.51.100.80:80 at 4000 packets/s from spoofed sources
                  (the background goes on), then 3 s of the ordinary again.
  udpflood6.pcap  the same shape with a UDP flood to [2001:db8::80]:53
                  over IPv6.

Packets are built with scapy (Debian's python3-scapy).  A flood's packets
differ only in source address, port and sequence number, so scapy builds
one and the others are that one with those fields and the checksums
rewritten (scapy takes a millisecond a packet).  The pcap writer is the few
lines below.  Files are written as NAME.tmp and renamed, so several
tests may run this at once.  Addresses come from the documentation ranges
(RFC 5737, RFC 3849).
"""

import os
import random
import struct
import sys

import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP,  # noqa: E402
                       Ether, IPv6, Raw, raw)

T0 = 1700000000
MAC_A = "02:00:5e:00:00:0a"
MAC_B = "02:00:5e:00:00:0b"

CLIENTS4 = ["192.0.2.%d" % i for i in range(10, 30)]
SERVERS4 = ["198.51.100.%d" % i for i in (1, 2, 3, 4)]
CLIENTS6 = ["2001:db8:1::%x" % i for i in range(10, 20)]
SERVERS6 = ["2001:db8::%x" % i for i in (1, 2)]
DNS4 = "198.51.100.53"

SYN_TARGET = "198.51.100.80"
UDP_TARGET = "2001:db8::80"


def frame(l3):
    return raw(Ether(src=MAC_A, dst=MAC_B) / l3)


def ip(src, dst):
    return IPv6(src=src, dst=dst) if ":" in src else IP(src=src, dst=dst)


def tcp_session(rng, t, out):
    """One connection: handshake, a few data packets each way, FIN, FIN."""
    six = rng.random() < 0.25
    cli = rng.choice(CLIENTS6 if six else CLIENTS4)
    srv = rng.choice(SERVERS6 if six else SERVERS4)
    sport = rng.randrange(40000, 60000)
    dport = rng.choice((80, 443, 22))
    up = ip(cli, srv)
    down = ip(srv, cli)
    steps = [(up, "S"), (down, "SA"), (up, "A")]
    for _ in range(rng.randrange(3, 10)):
        steps.append((up if rng.random() < 0.4 else down, "PA"))
    steps += [(up, "FA"), (down, "FA"), (up, "A")]
    for l3, flags in steps:
        if l3 is up:
            seg = TCP(sport=sport, dport=dport, flags=flags)
        else:
            seg = TCP(sport=dport, dport=sport, flags=flags)
        pkt = l3 / seg
        if flags == "PA":
            pkt = pkt / Raw(b"x" * rng.randrange(20, 200))
        out.append((t, frame(pkt)))
        t += rng.randrange(200, 20000)


def dns(rng, t, out):
    cli = rng.choice(CLIENTS4)
    sport = rng.randrange(40000, 60000)
    qid = rng.randrange(1 << 16)
    q = DNSQR(qname="www.example.com")
    out.append((t, frame(IP(src=cli, dst=DNS4) / UDP(sport=sport, dport=53) /
                         DNS(id=qid, rd=1, qd=q))))
    out.append((t + rng.randrange(500, 5000),
                frame(IP(src=DNS4, dst=cli) / UDP(sport=53, dport=sport) /
                      DNS(id=qid, qr=1, rd=1, ra=1, qd=q,
                          an=DNSRR(rrname="www.example.com",
                                   rdata="192.0.2.80")))))


def ping(rng, t, out):
    cli = rng.choice(CLIENTS4)
    srv = rng.choice(SERVERS4)
    out.append((t, frame(IP(src=cli, dst=srv) / ICMP(type=8))))
    out.append((t + rng.randrange(500, 5000),
                frame(IP(src=srv, dst=cli) / ICMP(type=0))))


def background(rng, start_us, seconds, out):
    """About 150 packets per second of the ordinary."""
    t_end = start_us + seconds * 1000000
    t = start_us
    while t < t_end:
        r = rng.random()
        if r < 0.62:
            tcp_session(rng, t, out)
        elif r < 0.92:
            dns(rng, t, out)
        else:
            ping(rng, t, out)
        t += rng.randrange(30000, 110000)


def csum(data):
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def syn_flood(rng, start_us, count, pps, out):
    """SYNs from spoofed IPv4 sources: scapy's first, patched copies after."""
    tmpl = bytearray(frame(IP(src="192.0.2.100", dst=SYN_TARGET) /
                           TCP(sport=1024, dport=80, flags="S", seq=1)))
    ip0, l4 = 14, 34
    gap = 1000000 // pps
    for i in range(count):
        f = bytearray(tmpl)
        src = bytes((203, 0, 113, rng.randrange(1, 255))) if i % 2 else \
            bytes((192, 0, 2, rng.randrange(100, 255)))
        f[ip0 + 12:ip0 + 16] = src
        f[ip0 + 4:ip0 + 6] = struct.pack("!H", i & 0xffff)
        f[ip0 + 10:ip0 + 12] = b"\0\0"
        f[ip0 + 10:ip0 + 12] = struct.pack("!H", csum(bytes(f[ip0:l4])))
        f[l4:l4 + 2] = struct.pack("!H", rng.randrange(1024, 65536))
        f[l4 + 4:l4 + 8] = struct.pack("!I", rng.randrange(1 << 32))
        f[l4 + 16:l4 + 18] = b"\0\0"
        seg = bytes(f[l4:])
        pseudo = bytes(f[ip0 + 12:ip0 + 20]) + struct.pack("!BBH", 0, 6,
                                                           len(seg))
        f[l4 + 16:l4 + 18] = struct.pack("!H", csum(pseudo + seg))
        out.append((start_us + i * gap, bytes(f)))


def udp_flood6(rng, start_us, count, pps, out):
    """UDP over IPv6 from spoofed sources, made the same way."""
    tmpl = bytearray(frame(IPv6(src="2001:db8:bad::1", dst=UDP_TARGET) /
                           UDP(sport=1024, dport=53) / Raw(b"\0" * 40)))
    ip0, l4 = 14, 54
    gap = 1000000 // pps
    for i in range(count):
        f = bytearray(tmpl)
        f[ip0 + 22:ip0 + 24] = struct.pack("!H", rng.randrange(1, 0xffff))
        f[l4:l4 + 2] = struct.pack("!H", rng.randrange(1024, 65536))
        f[l4 + 6:l4 + 8] = b"\0\0"
        seg = bytes(f[l4:])
        pseudo = bytes(f[ip0 + 8:ip0 + 40]) + struct.pack("!IxxxB",
                                                          len(seg), 17)
        f[l4 + 6:l4 + 8] = struct.pack("!H", csum(pseudo + seg) or 0xffff)
        out.append((start_us + i * gap, bytes(f)))


def write_pcap(path, pkts):
    pkts.sort(key=lambda p: p[0])
    out = [struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)]
    for t_us, data in pkts:
        sec, usec = divmod(T0 * 1000000 + t_us, 1000000)
        out.append(struct.pack("<IIII", sec, usec, len(data), len(data)))
        out.append(data)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(b"".join(out))
    os.rename(tmp, path)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-alarm-captures.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)

    rng = random.Random(6)
    pkts = []
    background(rng, 0, 10, pkts)
    write_pcap(os.path.join(outdir, "normal.pcap"), pkts)

    rng = random.Random(7)
    pkts = []
    background(rng, 0, 7, pkts)
    syn_flood(rng, 3000000, 4000, 4000, pkts)
    write_pcap(os.path.join(outdir, "synflood.pcap"), pkts)

    rng = random.Random(8)
    pkts = []
    background(rng, 0, 7, pkts)
    udp_flood6(rng, 3000000, 4000, 4000, pkts)
    write_pcap(os.path.join(outdir, "udpflood6.pcap"), pkts)


if __name__ == "__main__":
    main()
