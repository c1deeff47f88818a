#!/usr/bin/python3
"""Write a pcap of N mixed packets (IPv4/IPv6, TCP/UDP/ICMP, all flag
classes) for the agent benchmark.  Raw bytes, no scapy: 1M packets in seconds.

usage: gen-mixed.py OUT.pcap [N [GAP_US]]

GAP_US is the time between packets (default 1 us); the demo capture
media/demo.pcap is `gen-mixed.py media/demo.pcap 3000 10000`.
"""
import random
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    gap = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rnd = random.Random(11300)
    eth4 = b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00"
    eth6 = b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x86\xdd"
    # A pool of templates; the loop only patches addresses and ports.
    frames = []
    for i in range(4096):
        v6 = rnd.random() < 0.3
        kind = rnd.choice(["ack", "syn", "fin", "rst", "udp", "udp", "icmp", "ack"])
        sport, dport = rnd.randrange(1024, 65536), rnd.choice([80, 443, 53, 22, rnd.randrange(1, 65536)])
        if kind == "udp":
            l4 = struct.pack("!HHHH", sport, dport, 8 + 32, 0) + bytes(32)
            proto = 17
        elif kind == "icmp":
            l4 = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, i, 1) + bytes(32)
            proto = 58 if v6 else 1
        else:
            fl = {"ack": 0x10, "syn": 0x02, "fin": 0x11, "rst": 0x04}[kind]
            l4 = struct.pack("!HHIIBBHHH", sport, dport, i, 0, 5 << 4, fl, 65535, 0, 0) + bytes(20)
            proto = 6
        if v6:
            src = bytes([0x20, 0x01, 0x0d, 0xb8]) + rnd.randbytes(12)
            dst = bytes([0x20, 0x01, 0x0d, 0xb8]) + rnd.randbytes(12)
            ip = struct.pack("!IHBB", 6 << 28, len(l4), proto, 64) + src + dst
            frames.append(eth6 + ip + l4)
        else:
            src, dst = rnd.randbytes(4), rnd.randbytes(4)
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), i, 0, 64, proto, 0, src, dst)
            hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
            frames.append(eth4 + hdr + l4)
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        chunks = []
        t = 1700000000 * 1000000
        for k in range(n):
            fr = frames[k & 4095]
            t += gap
            chunks.append(struct.pack("<IIII", t // 1000000, t % 1000000, len(fr), len(fr)))
            chunks.append(fr)
            if len(chunks) > 20000:
                f.write(b"".join(chunks))
                chunks = []
        f.write(b"".join(chunks))


if __name__ == "__main__":
    main()
