#!/usr/bin/python3
"""gen-captures.py - write the small test captures of tests/TESTLIST.

    /usr/bin/python3 tests/tools/gen-captures.py tests/captures NAME ...

The captures are committed in tests/captures and the tests read them there;
this script is never run at test time (so a capture cannot drift with
scapy's version, and a capture from a bug report sits beside these).  To add
one: a cap_NAME() function and a CAPTURES entry below, then run the line
above with its NAME only (without NAMEs every capture is written again:
check with `git diff --stat tests/captures` that nothing else changed), and
commit the file with its TESTLIST line (docs/HACKING.md).

Every capture is deterministic: fixed timestamps, addresses, MACs, ports and
contents, so the agent's output for it can be committed as an expected file.
Packets are built with scapy (Debian's python3-scapy) and written by the small
pcap / pcapng writers below, which control the link type, the snaplen, the
captured and original lengths and the timestamp resolution exactly.

Files are written to NAME.tmp and renamed, so tests running in parallel may
all call this script on the same directory.

Addresses come from the documentation ranges (RFC 5737, RFC 3849).
"""

import os
import struct
import sys

import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (ARP, GRE, ICMP, IP, LLC, PPPoE, Dot11, Dot11Beacon,
                       Dot11Elt, Dot11QoS, SCTP, SNAP, STP,
                       TCP, UDP, Dot1AD, Dot1Q, Dot3, Ether, ICMPv6DestUnreach,
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NS,
                       ICMPv6ND_RA, ICMPv6TimeExceeded, IPOption_NOP,
                       IPOption_Router_Alert, IPOption_RR, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, Raw, raw)
from scapy.contrib.mpls import MPLS
from scapy.layers.ipsec import AH, ESP

# Link types (LINKTYPE_* as written in files).
LT_NULL = 0
LT_ETHERNET = 1
LT_PPP = 9
LT_PPP_HDLC = 50
LT_C_HDLC = 104
LT_IEEE802_11 = 105
LT_RADIOTAP = 127
LT_RAW = 101
LT_LOOP = 108
LT_LINUX_SLL = 113
LT_IPV4 = 228
LT_IPV6 = 229
LT_LINUX_SLL2 = 276

T0 = 1700000000          # 2023-11-14 22:13:20 UTC: every capture starts here
MAC_A = "02:00:5e:00:00:0a"
MAC_B = "02:00:5e:00:00:0b"

A4 = "192.0.2.1"
B4 = "198.51.100.2"
C4 = "203.0.113.3"
A6 = "2001:db8::1"
B6 = "2001:db8:0:1::2"


class Cap:
    """A capture being built: link type, snaplen and (ts, bytes, origlen)."""

    def __init__(self, linktype, snaplen=65535, gap_us=1000):
        self.linktype = linktype
        self.snaplen = snaplen
        self.gap_us = gap_us
        self.t_us = 0
        self.pkts = []

    def add(self, frame, caplen=None, gap_us=None, orig=None, at_us=None):
        if at_us is not None:
            self.t_us = at_us
        data = raw(frame) if not isinstance(frame, bytes) else frame
        origlen = len(data) if orig is None else orig
        if caplen is not None:
            data = data[:caplen]
        data = data[:self.snaplen]
        self.pkts.append((T0 * 1000000 + self.t_us, data, origlen))
        self.t_us += self.gap_us if gap_us is None else gap_us
        return self


def pcap_bytes(cap, nsec=False, swapped=False):
    e = ">" if swapped else "<"
    magic = 0xa1b23c4d if nsec else 0xa1b2c3d4
    out = [struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, cap.snaplen,
                       cap.linktype)]
    for t_us, data, origlen in cap.pkts:
        sec, usec = divmod(t_us, 1000000)
        # Nanosecond files get 123 ns more, which a microsecond reader drops.
        frac = usec * 1000 + 123 if nsec else usec
        out.append(struct.pack(e + "IIII", sec, frac, len(data), origlen))
        out.append(data)
    return b"".join(out)


def pcapng_bytes(cap, tsresol=9):
    """One section, one interface (if_tsresol 10^-tsresol), EPBs."""

    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)

    def opt(code, val):
        return (struct.pack("<HH", code, len(val)) + val +
                b"\0" * (-len(val) % 4))

    shb = block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1) +
                opt(4, b"packter gen-captures.py") + opt(0, b""))
    idb = block(1, struct.pack("<HHI", cap.linktype, 0, cap.snaplen) +
                opt(2, b"test0") + opt(9, bytes([tsresol])) + opt(0, b""))
    out = [shb, idb]
    for t_us, data, origlen in cap.pkts:
        ts = t_us * 10 ** tsresol // 1000000 + (7 if tsresol > 6 else 0)
        out.append(block(6, struct.pack("<IIIII", 0, ts >> 32,
                                        ts & 0xffffffff, len(data),
                                        origlen) + data))
    return b"".join(out)


# --- helpers ----------------------------------------------------------------

def eth(payload, src=MAC_A, dst=MAC_B):
    return Ether(src=src, dst=dst) / payload


def tcp4(flags, sport=40000, dport=80, src=A4, dst=B4, **kw):
    return IP(src=src, dst=dst, **kw) / TCP(sport=sport, dport=dport,
                                            flags=flags, seq=1000, ack=0)


def tcp6(flags, sport=40000, dport=80, src=A6, dst=B6):
    return IPv6(src=src, dst=dst) / TCP(sport=sport, dport=dport,
                                        flags=flags, seq=1000)


def udp4(sport=40053, dport=40099, src=A4, dst=B4, load=b"packter"):
    return IP(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(load)


def udp6(sport=40053, dport=40099, src=A6, dst=B6, load=b"packter"):
    return IPv6(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(load)


def icmp4(t=8, c=0, src=A4, dst=B4):
    # (the timestamp fields default to the clock: fix them)
    return IP(src=src, dst=dst) / ICMP(type=t, code=c, id=1, seq=1,
                                       ts_ori=1, ts_rx=2, ts_tx=3) / \
        Raw(b"ping")


def sll(payload, proto, pkttype=0):
    # pkttype(2) hatype(2) halen(2) addr(8) proto(2)
    return struct.pack(">HHH8sH", pkttype, 1, 6,
                       bytes.fromhex("02005e00000a0000"), proto) + raw(payload)


def sll2(payload, proto, pkttype=0):
    # proto(2) rsvd(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8)
    return struct.pack(">HHIHBB8s", proto, 0, 2, 1, pkttype, 6,
                       bytes.fromhex("02005e00000a0000")) + raw(payload)


def null_hdr(family, order):
    return struct.pack(order + "I", family)


# --- the captures -------------------------------------------------------------

def cap_eth_tcp4():
    """Every IPv4 TCP flag class over Ethernet."""
    c = Cap(LT_ETHERNET)
    for fl, sp in (("S", 40001), ("SA", 40002), ("A", 40003), ("PA", 40004),
                   ("FA", 40005), ("F", 40006), ("R", 40007), ("RA", 40008),
                   ("SF", 40009), ("SR", 40010), ("SFR", 40011), ("", 40012),
                   ("U", 40013), ("FPU", 40014), ("E", 40015), ("C", 40016)):
        c.add(eth(tcp4(fl, sport=sp)))
    c.add(eth(tcp4("S", sport=65535, dport=1, src="0.0.0.0",
                   dst="255.255.255.255")))
    c.add(eth(tcp4("A", sport=0, dport=0, src="10.0.0.1", dst="127.0.0.1")))
    return c


def cap_eth_tcp6():
    """Every IPv6 TCP flag class over Ethernet."""
    c = Cap(LT_ETHERNET)
    for fl, sp in (("S", 50001), ("SA", 50002), ("A", 50003), ("FA", 50004),
                   ("R", 50005), ("RA", 50006), ("SF", 50007), ("SR", 50008),
                   ("", 50009), ("PA", 50010)):
        c.add(eth(tcp6(fl, sport=sp)))
    return c


def cap_eth_udp_icmp():
    """UDP, ICMP and ICMPv6 over Ethernet, both families, many types/codes."""
    c = Cap(LT_ETHERNET)
    c.add(eth(udp4()))
    c.add(eth(udp4(sport=53, dport=33434, src=C4, dst=A4)))
    c.add(eth(udp4(sport=0, dport=65535)))
    c.add(eth(udp6()))
    c.add(eth(udp6(sport=547, dport=546, src="fe80::1", dst="ff02::1:2")))
    for t, code in ((8, 0), (0, 0), (3, 3), (3, 13), (11, 0), (5, 1),
                    (13, 0), (255, 255)):
        c.add(eth(icmp4(t, code)))
    c.add(eth(IPv6(src=A6, dst=B6) / ICMPv6EchoRequest(id=1, seq=1)))
    c.add(eth(IPv6(src=B6, dst=A6) / ICMPv6EchoReply(id=1, seq=1)))
    c.add(eth(IPv6(src="fe80::2", dst="ff02::1:ff00:1") /
              ICMPv6ND_NS(tgt=A6)))
    c.add(eth(IPv6(src="fe80::1", dst="ff02::1") / ICMPv6ND_RA()))
    c.add(eth(IPv6(src=A6, dst=B6) / ICMPv6DestUnreach(code=4) /
              IPv6(src=B6, dst=A6) / UDP(sport=1, dport=2)))
    c.add(eth(IPv6(src=A6, dst=B6) / ICMPv6TimeExceeded(code=1) /
              IPv6(src=B6, dst=A6) / UDP(sport=1, dport=2)))
    # An ICMP error quoting a TCP header: drawn as ICMP, not as the quote.
    c.add(eth(IP(src=C4, dst=A4) / ICMP(type=3, code=1) /
              IP(src=A4, dst=B4) / TCP(sport=1234, dport=80, flags="S")))
    return c


def cap_vlan():
    """802.1Q, 802.1ad QinQ, the old 0x9100 tag and a triple stack."""
    c = Cap(LT_ETHERNET)
    c.add(Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=100) / udp4())
    c.add(Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=4094, prio=5) /
          tcp6("S"))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x88a8) / Dot1AD(vlan=10) /
          Dot1Q(vlan=20) / tcp4("S", sport=41000))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x88a8) / Dot1AD(vlan=11) /
          Dot1Q(vlan=21) / udp6(sport=1111, dport=2222))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x9100) /
          Dot1Q(vlan=30, type=0x8100) / Dot1Q(vlan=31) / icmp4(8, 0))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x88a8) / Dot1AD(vlan=1) /
          Dot1AD(vlan=2, type=0x8100) / Dot1Q(vlan=3) /
          tcp4("F", sport=41001))
    c.add(Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=5) /
          ARP(hwsrc=MAC_A, psrc=A4, pdst=B4))
    return c


def cap_mpls_pppoe():
    """MPLS label stacks (IPv4 and IPv6 below) and PPPoE sessions."""
    c = Cap(LT_ETHERNET)
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x8847) / MPLS(label=100, s=1,
                                                          ttl=64) /
          tcp4("S", sport=42000))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x8847) /
          MPLS(label=16, s=0, ttl=64) / MPLS(label=17, s=0, ttl=64) /
          MPLS(label=18, s=1, ttl=64) / udp6(sport=4242, dport=4343))
    # The PPP protocol field in full (two bytes), as PPPoE sends it.
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x8864) /
          PPPoE(sessionid=7) / Raw(b"\x00\x21") / udp4(sport=7, dport=8))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x8864) /
          PPPoE(sessionid=7) / Raw(b"\x00\x57") / tcp6("R", sport=9))
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x8864) /
          PPPoE(sessionid=7) / Raw(b"\xc0\x21\x01\x01\x00\x04"))  # LCP
    return c


def cap_raw(lt):
    """Raw IP: IPv4 and IPv6 mixed, told apart by the version nibble."""
    c = Cap(lt)
    c.add(tcp4("S"))
    c.add(udp6())
    c.add(icmp4(0, 0))
    c.add(IPv6(src=A6, dst=B6) / ICMPv6EchoRequest())
    c.add(tcp6("FA"))
    return c


def cap_ipv4_only():
    c = Cap(LT_IPV4)
    c.add(tcp4("S"))
    c.add(udp4())
    c.add(icmp4(8, 0))
    return c


def cap_ipv6_only():
    c = Cap(LT_IPV6)
    c.add(tcp6("S"))
    c.add(udp6())
    c.add(IPv6(src=A6, dst=B6) / ICMPv6EchoRequest())
    return c


def cap_null(order, lt=LT_NULL, v6family=30):
    c = Cap(lt)
    c.add(null_hdr(2, order) + raw(tcp4("S")))
    c.add(null_hdr(2, order) + raw(udp4()))
    c.add(null_hdr(v6family, order) + raw(tcp6("A")))
    c.add(null_hdr(v6family, order) + raw(udp6()))
    return c


def cap_null_le():
    """DLT_NULL written by a little-endian host: AF_INET 2, macOS AF_INET6 30,
    FreeBSD 28, OpenBSD 24; a family that is not IP is skipped."""
    c = cap_null("<")
    c.add(null_hdr(28, "<") + raw(IPv6(src=A6, dst=B6) /
                                  ICMPv6EchoRequest()))
    c.add(null_hdr(24, "<") + raw(udp6(sport=24, dport=24)))
    c.add(null_hdr(7, "<") + b"\x00" * 20)        # AF_? not IP
    return c


def cap_null_be():
    """DLT_NULL written by a big-endian host."""
    c = cap_null(">")
    c.add(null_hdr(24, ">") + raw(udp6(sport=24, dport=24)))
    return c


def cap_loop():
    """DLT_LOOP (OpenBSD): the family in network byte order."""
    c = cap_null(">", LT_LOOP, v6family=24)
    return c


def cap_sll():
    """Linux cooked v1 (what `-i any` gave before libpcap 1.10)."""
    c = Cap(LT_LINUX_SLL)
    c.add(sll(tcp4("S"), 0x0800))
    c.add(sll(udp6(), 0x86dd, pkttype=4))
    c.add(sll(icmp4(8, 0), 0x0800))
    c.add(sll(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4), 0x0806))
    c.add(sll(Dot1Q(vlan=7) / tcp4("R", sport=1), 0x8100))
    return c


def cap_sll2():
    """Linux cooked v2 (`-i any` with libpcap >= 1.10)."""
    c = Cap(LT_LINUX_SLL2)
    c.add(sll2(tcp6("S"), 0x86dd))
    c.add(sll2(udp4(), 0x0800, pkttype=4))
    c.add(sll2(IPv6(src=A6, dst=B6) / ICMPv6EchoRequest(), 0x86dd))
    c.add(sll2(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4), 0x0806))
    return c


def cap_ppp():
    """PPP (LINKTYPE_PPP): with and without address/control, the protocol
    in two bytes or compressed to one; LCP is not IP."""
    c = Cap(LT_PPP)
    c.add(b"\xff\x03\x00\x21" + raw(tcp4("S", sport=51001)))
    c.add(b"\x21" + raw(udp4(sport=51002)))
    c.add(b"\x00\x57" + raw(tcp6("FA", sport=51003)))
    c.add(b"\xff\x03\x57" + raw(udp6(sport=51004)))
    c.add(b"\xff\x03\xc0\x21\x01\x01\x00\x04")
    return c


def cap_ppp_serial():
    """LINKTYPE_PPP_HDLC: PPP in HDLC framing, and Cisco HDLC as routers
    write it under the same link type."""
    c = Cap(LT_PPP_HDLC)
    c.add(b"\xff\x03\x00\x21" + raw(icmp4(8, 0)))
    c.add(b"\x0f\x00\x08\x00" + raw(udp4(sport=51005)))
    c.add(b"\x8f\x00\x86\xdd" + raw(tcp6("S", sport=51006)))
    return c


def cap_chdlc():
    """Cisco HDLC (LINKTYPE_C_HDLC); SLARP is not IP."""
    c = Cap(LT_C_HDLC)
    c.add(b"\x0f\x00\x08\x00" + raw(tcp4("R", sport=51007)))
    c.add(b"\x0f\x00\x86\xdd" + raw(udp6(sport=51008)))
    c.add(b"\x8f\x00\x80\x35" + b"\0" * 20)
    return c


W1, W2, W3, W4 = ("02:00:5e:00:01:01", "02:00:5e:00:01:02",
                  "02:00:5e:00:01:03", "02:00:5e:00:01:04")


def snap(payload, ethertype):
    return LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(OUI=0, code=ethertype) / \
        payload


def wifi_frames(c, prefix=b""):
    """802.11 data frames every way they come, and frames that are not
    IP, each after prefix (a radiotap header, or nothing)."""
    def add(frame):
        c.add(prefix + raw(frame))
    add(Dot11(type=2, subtype=0, FCfield="to-DS", addr1=W1, addr2=W2,
              addr3=W3) / snap(tcp4("S", sport=53001), 0x0800))
    add(Dot11(type=2, subtype=0, FCfield="from-DS", addr1=W1, addr2=W2,
              addr3=W3) / snap(udp6(sport=53002), 0x86dd))
    add(Dot11(type=2, subtype=0, FCfield="to-DS+from-DS", addr1=W1,
              addr2=W2, addr3=W3, addr4=W4) / snap(icmp4(8, 0), 0x0800))
    add(Dot11(type=2, subtype=8, FCfield="to-DS", addr1=W1, addr2=W2,
              addr3=W3) / Dot11QoS(TID=5) / snap(udp4(sport=53003),
                                                  0x0800))
    add(Dot11(type=2, subtype=0, FCfield="to-DS+protected", addr1=W1,
              addr2=W2, addr3=W3) / Raw(b"\x01\x00\x00\x20" + b"e" * 40))
    add(Dot11(type=2, subtype=4, FCfield="to-DS", addr1=W1, addr2=W2,
              addr3=W3))                                    # null data
    add(Dot11(type=0, subtype=8, addr1="ff:ff:ff:ff:ff:ff", addr2=W2,
              addr3=W2) / Dot11Beacon(timestamp=1, beacon_interval=100) /
        Dot11Elt(ID=0, info=b"packter"))
    add(Dot11(type=2, subtype=0, FCfield="to-DS", addr1=W1, addr2=W2,
              addr3=W3) / snap(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4), 0x0806))
    return c


def cap_wifi():
    """IEEE 802.11 without a radio header (LINKTYPE_IEEE802_11)."""
    return wifi_frames(Cap(LT_IEEE802_11))


def cap_radiotap():
    """802.11 behind radiotap headers: none present; TSFT and Flags with
    a frame check sequence at the end; an extended presence bitmap; the
    data-pad flag with a QoS header."""
    c = Cap(LT_RADIOTAP)
    wifi_frames(c, prefix=bytes.fromhex("0000080000000000"))
    # TSFT (8 bytes at offset 8) + Flags (FCS present): 4 bytes at the end.
    rt = bytes.fromhex("00001100 03000000") + struct.pack("<Q", 123) + \
        b"\x10"
    f = raw(Dot11(type=2, subtype=0, FCfield="to-DS", addr1=W1, addr2=W2,
                  addr3=W3) / snap(tcp4("FA", sport=53004), 0x0800))
    c.add(rt + f + b"\xde\xad\xbe\xef")
    # Two presence words (the first says "more"); Flags 0.
    rt = bytes.fromhex("00000d00 02000080 00000000") + b"\x00"
    c.add(rt + raw(Dot11(type=2, subtype=0, FCfield="from-DS", addr1=W1,
                         addr2=W2, addr3=W3) / snap(udp4(sport=53005),
                                                    0x0800)))
    # Data pad: the 26-byte QoS header is padded to 28.
    rt = bytes.fromhex("00000900 02000000") + b"\x20"
    f = raw(Dot11(type=2, subtype=8, FCfield="to-DS", addr1=W1, addr2=W2,
                  addr3=W3) / Dot11QoS(TID=0))
    c.add(rt + f + b"\0\0" + raw(snap(tcp6("R", sport=53006), 0x86dd)))
    return c


def cap_ipv4_options():
    """IPv4 headers of 24 to 60 bytes: options are skipped, not read as TCP."""
    c = Cap(LT_ETHERNET)
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_Router_Alert()]) /
              TCP(sport=43001, dport=80, flags="S")))
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_NOP()] * 4 +
                 [IPOption_RR(routers=[C4, "0.0.0.0"])]) /
              UDP(sport=43002, dport=53) / Raw(b"q")))
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_RR(
        routers=["0.0.0.0"] * 9)]) / ICMP(type=8)))          # IHL 15
    c.add(eth(IP(src=B4, dst=A4, options=[IPOption_NOP()] * 40) /
              TCP(sport=80, dport=43001, flags="FA")))          # IHL 15
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_Router_Alert()]) /
              TCP(sport=43003, dport=443, flags="A")))
    return c


def frag4(pkt, size):
    """Split an IPv4 packet into fragments carrying size bytes (a multiple
    of 8) of its payload each; IP ids are fixed."""
    data = raw(pkt)
    ip = IP(data)
    hlen = ip.ihl * 4
    body = data[hlen:]
    out = []
    for off in range(0, len(body), size):
        chunk = body[off:off + size]
        mf = off + size < len(body)
        f = IP(src=ip.src, dst=ip.dst, id=ip.id, proto=ip.proto, ttl=ip.ttl,
               flags="MF" if mf else 0, frag=off // 8,
               options=ip.options) / Raw(chunk)
        out.append(f)
    return out


def cap_ipv4_frag():
    """IPv4 fragments: the first carries the transport header, the later
    ones are drawn with ports 0 0; a first fragment too short for the TCP
    flags is drawn as truncated."""
    c = Cap(LT_ETHERNET)
    for f in frag4(IP(src=A4, dst=B4, id=0x1111) /
                   UDP(sport=44001, dport=2049) / Raw(b"u" * 40), 16):
        c.add(eth(f))
    for f in frag4(IP(src=A4, dst=B4, id=0x2222) /
                   TCP(sport=44002, dport=80, flags="S") /
                   Raw(b"t" * 24), 24):
        c.add(eth(f))
    for f in frag4(IP(src=B4, dst=A4, id=0x3333) /
                   ICMP(type=8) / Raw(b"i" * 32), 16):
        c.add(eth(f))
    # A first fragment of 8 bytes: TCP ports but no flags byte.
    for f in frag4(IP(src=A4, dst=C4, id=0x4444) /
                   TCP(sport=44003, dport=22, flags="S"), 8):
        c.add(eth(f))
    # Fragments of a protocol that is not drawn stay skipped.
    for f in frag4(IP(src=A4, dst=B4, id=0x5555, proto=47) /
                   Raw(b"g" * 32), 16):
        c.add(eth(f))
    # A fragment with options.
    for f in frag4(IP(src=C4, dst=B4, id=0x6666,
                      options=[IPOption_Router_Alert()]) /
                   UDP(sport=44004, dport=44005) / Raw(b"o" * 16), 16):
        c.add(eth(f))
    return c


def cap_ipv6_ext():
    """IPv6 extension header chains."""
    c = Cap(LT_ETHERNET)
    h = IPv6(src=A6, dst=B6)
    c.add(eth(h / IPv6ExtHdrHopByHop() / UDP(sport=45001, dport=45002)))
    c.add(eth(h / IPv6ExtHdrRouting(addresses=["2001:db8::99"]) /
              TCP(sport=45003, dport=80, flags="S")))
    c.add(eth(h / IPv6ExtHdrDestOpt() / ICMPv6EchoRequest()))
    c.add(eth(h / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
              IPv6ExtHdrRouting(addresses=["2001:db8::98", "2001:db8::97"]) /
              IPv6ExtHdrDestOpt() / TCP(sport=45004, dport=443, flags="R")))
    # Fragments: the first carries the header, a later one does not.
    c.add(eth(h / IPv6ExtHdrFragment(id=0x1234, offset=0, m=1) /
              UDP(sport=45005, dport=45006, len=72) / Raw(b"f" * 24)))
    c.add(eth(IPv6(src=A6, dst=B6, nh=44) /
              IPv6ExtHdrFragment(id=0x1234, offset=4, m=0, nh=17) /
              Raw(b"f" * 32)))
    c.add(eth(h / IPv6ExtHdrHopByHop() /
              IPv6ExtHdrFragment(id=0x99, offset=0, m=1) /
              TCP(sport=45007, dport=80, flags="SA")))
    c.add(eth(IPv6(src=B6, dst=A6, nh=44) /
              IPv6ExtHdrFragment(id=0x99, offset=100, m=1, nh=6) /
              Raw(b"x" * 16)))
    c.add(eth(IPv6(src=B6, dst=A6, nh=44) /
              IPv6ExtHdrFragment(id=0x98, offset=3, m=0, nh=58) /
              Raw(b"x" * 16)))
    # Stops: ESP, AH, no next header, an unknown protocol after options.
    c.add(eth(IPv6(src=A6, dst=B6, nh=50) / Raw(b"\0\0\0\x01" + b"e" * 20)))
    c.add(eth(h / AH(spi=1, seq=1, icv=b"\0" * 12, nh=6) /
              TCP(sport=45008, dport=80)))
    c.add(eth(IPv6(src=A6, dst=B6, nh=59)))
    c.add(eth(h / IPv6ExtHdrDestOpt(nh=59)))
    c.add(eth(h / IPv6ExtHdrHopByHop(nh=132) / SCTP(sport=1, dport=2)))
    # A fragment later than the first, of a protocol that is not drawn.
    c.add(eth(IPv6(src=B6, dst=A6, nh=44) /
              IPv6ExtHdrFragment(id=0x97, offset=3, m=0, nh=132) /
              Raw(b"x" * 16)))
    return c


def cap_ipv6_addrs():
    """IPv6 addresses whose text form is easy to get wrong."""
    c = Cap(LT_ETHERNET, gap_us=10000)
    pairs = (("::", "::1"), ("::ffff:192.0.2.1", "::192.0.2.2"),
             ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
             ("2001:db8:1:0:1:0:0:0", "2001:0:0:1::"),
             ("fe80::", "ff02::1"),
             ("1:2:3:4:5:6:7:8", "2001:db8::a:b:c:d"),
             ("1::8", "::2:3:4:5:6:7:8"),
             ("1:0:2:0:3:0:4:0", "0:1:0:0:0:1:0:0"),
             ("::ffff:0:0", "64:ff9b::c000:201"),
             ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::0.0.0.2"))
    for s, d in pairs:
        c.add(eth(IPv6(src=s, dst=d) / UDP(sport=1, dport=2)))
    return c


def cap_other_proto():
    """IP protocols that are not drawn, and non-IP frames."""
    c = Cap(LT_ETHERNET)
    c.add(eth(IP(src=A4, dst=B4) / GRE() / IP(src=C4, dst=A4) /
              TCP(sport=1, dport=2, flags="S")))
    c.add(eth(IP(src=A4, dst=B4) / ESP(spi=1, seq=1) / Raw(b"e" * 16)))
    c.add(eth(IP(src=A4, dst=B4) / AH(spi=1, seq=1, icv=b"\0" * 12, nh=17) /
              UDP(sport=1, dport=2)))
    c.add(eth(IP(src=A4, dst=B4) / SCTP(sport=3868, dport=3868)))
    c.add(eth(IP(src=A4, dst="224.0.0.1", proto=2) /
              Raw(bytes.fromhex("1164ee9b00000000"))))
    c.add(eth(IPv6(src=A6, dst=B6) / SCTP(sport=1, dport=2)))
    c.add(eth(IPv6(src=A6, dst=B6) / GRE() / IP(src=C4, dst=A4) / UDP()))
    c.add(eth(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4)))
    c.add(eth(ARP(op=2, hwsrc=MAC_B, psrc=B4, hwdst=MAC_A, pdst=A4)))
    c.add(Ether(src=MAC_A, dst="01:80:c2:00:00:00") / LLC() / STP())
    c.add(Ether(src=MAC_A, dst=MAC_B, type=0x88cc) / Raw(b"\x02\x07" +
                                                          b"\0" * 30))
    # LLC/SNAP carrying IPv4: followed like Ethernet II.
    c.add(Dot3(src=MAC_A, dst=MAC_B) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) /
          SNAP(OUI=0, code=0x0800) / udp4(sport=46001, dport=46002))
    # A drawn packet between the skipped ones, so the output is not empty.
    c.add(eth(tcp4("S", sport=46003)))
    return c


def cap_snaplen():
    """Captures cut short: a TCP header needs 14 bytes (ports and flags),
    UDP 4, ICMP 2; less is drawn as (truncated) with ports 0 0. An IP
    header cut short is skipped."""
    c = Cap(LT_ETHERNET, snaplen=65535)
    L2, L3 = 14, 20
    t = eth(tcp4("S", sport=47001, dport=80))
    c.add(t, caplen=L2 + L3 + 14)           # just enough: SYN drawn
    c.add(eth(tcp4("S", sport=47002)), caplen=L2 + L3 + 13)   # no flags
    c.add(eth(tcp4("S", sport=47003)), caplen=L2 + L3 + 2)
    c.add(eth(tcp4("FA", sport=47004)), caplen=L2 + L3)
    c.add(eth(udp4(sport=47005)), caplen=L2 + L3 + 4)
    c.add(eth(udp4(sport=47006)), caplen=L2 + L3 + 3)
    c.add(eth(icmp4(3, 1)), caplen=L2 + L3 + 2)
    c.add(eth(icmp4(3, 1)), caplen=L2 + L3 + 1)
    c.add(eth(tcp6("S", sport=47007)), caplen=L2 + 40 + 14)
    c.add(eth(tcp6("S", sport=47008)), caplen=L2 + 40 + 12)
    c.add(eth(udp6(sport=47009)), caplen=L2 + 40 + 2)
    c.add(eth(IPv6(src=A6, dst=B6) / ICMPv6EchoRequest()), caplen=L2 + 41)
    c.add(eth(IPv6(src=A6, dst=B6) / IPv6ExtHdrHopByHop() /
              UDP(sport=47010, dport=1)), caplen=L2 + 40 + 8 + 2)
    # IP headers cut short: skipped (truncated-ip), not drawn.
    c.add(eth(tcp4("S", sport=47011)), caplen=L2 + 19)
    c.add(eth(tcp6("S", sport=47012)), caplen=L2 + 39)
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_Router_Alert()]) /
              UDP(sport=47013)), caplen=L2 + 22)
    c.add(eth(IPv6(src=A6, dst=B6) / IPv6ExtHdrHopByHop() / UDP()),
          caplen=L2 + 40 + 4)
    # Link headers cut short.
    c.add(eth(tcp4("S")), caplen=13)
    c.add(Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=9) / tcp4("S"),
          caplen=16)
    # The IP length says the TCP header is cut (the frame has padding).
    c.add(eth(IP(src=A4, dst=B4, len=30) / TCP(sport=47014, dport=80,
                                               flags="S")))
    # A UDP datagram in a minimum-size frame: the padding is not UDP.
    c.add(eth(IP(src=A4, dst=B4) / UDP(sport=47015, dport=7)) /
          Raw(b"\0" * 18))
    return c


def cap_batch():
    """Many records close together: the agent batches them into datagrams
    of at most --payload-size bytes; a 5 ms gap closes a datagram."""
    c = Cap(LT_ETHERNET, gap_us=100)
    for i in range(60):
        c.add(eth(udp4(sport=20000 + i, dport=30000 + i)))
    c.add(eth(tcp6("S", sport=1)), gap_us=5000)
    c.add(eth(tcp6("S", sport=2)), gap_us=4999)
    c.add(eth(tcp6("S", sport=3)), gap_us=1)
    c.add(eth(tcp6("S", sport=4)), gap_us=100000)
    for i in range(30):
        c.add(eth(tcp6("A", sport=60000 + i, src="2001:db8:ffff:ffff:ffff:"
                       "ffff:ffff:%x" % (i + 1))), gap_us=10)
    return c


def cap_time_backwards():
    """Packet times that go backwards (a merged capture): a datagram
    closes when the next record is older than its first."""
    c = Cap(LT_ETHERNET)
    for i, t in enumerate((10000, 11000, 0, 1000, 2000, 1500, 30000,
                           29999, 29999, 40000)):
        c.add(eth(udp4(sport=54000 + i)), at_us=t)
    return c


def cap_gap():
    """A quiet hour inside a capture: two bursts an hour apart, for paced
    replay with --max-gap (the records keep their capture times)."""
    c = Cap(LT_ETHERNET, gap_us=1000)
    for i in range(3):
        c.add(eth(udp4(sport=41000 + i)))
    c.add(eth(tcp4("S", sport=42000)), gap_us=3600 * 1000000)
    for i in range(2):
        c.add(eth(udp4(sport=43000 + i)))
    return c


def cap_mixed():
    """A bit of everything: for the filter, sampling and UDP tests."""
    c = Cap(LT_ETHERNET, gap_us=2000)
    for i in range(100):
        k = i % 5
        if k == 0:
            c.add(eth(tcp4("S", sport=10000 + i)))
        elif k == 1:
            c.add(eth(udp4(sport=10000 + i)))
        elif k == 2:
            c.add(eth(icmp4(8, 0)))
        elif k == 3:
            c.add(eth(udp6(sport=10000 + i)))
        else:
            c.add(eth(tcp6("A", sport=10000 + i)))
    c.add(eth(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4)))
    return c


def cap_slow():
    """Two packets 1000 s apart: the first must come out (the idle flush)
    long before the second is due when the file is paced."""
    c = Cap(LT_ETHERNET, gap_us=1000 * 1000000)
    c.add(eth(udp4(sport=52001)))
    c.add(eth(udp4(sport=52002)))
    return c


def cap_traceback():
    """Packets for the SPIE digest: TOS, TTL, options, flags differ."""
    c = Cap(LT_ETHERNET, gap_us=10000)
    c.add(eth(IP(src=A4, dst=B4, tos=0x10, ttl=3, id=77) /
              TCP(sport=48001, dport=80, flags="S")))
    c.add(eth(IP(src=A4, dst=B4, tos=0xb8, ttl=250, id=77, flags="DF") /
              TCP(sport=48001, dport=80, flags="S")))
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_Router_Alert()]) /
              UDP(sport=48002, dport=53) / Raw(b"abcdefgh")))
    c.add(eth(IP(src=A4, dst=B4, options=[IPOption_RR(routers=[C4] * 3)]) /
              ICMP(type=8, id=5, seq=6)))
    c.add(eth(IPv6(src=A6, dst=B6, tc=0xff, fl=0x12345, hlim=9) /
              TCP(sport=48003, dport=443, flags="S")))
    c.add(eth(IPv6(src=A6, dst=B6, tc=0x0f, fl=0x12345, hlim=200) /
              UDP(sport=48004, dport=53) / Raw(b"zz")))
    c.add(eth(IPv6(src=A6, dst=B6) / IPv6ExtHdrHopByHop() /
              UDP(sport=48005, dport=1)))
    # Datagrams shorter than header + 8: the digest covers what there is.
    c.add(eth(IP(src=A4, dst=B4) / ICMP(type=8)) / Raw(b"\0" * 20),
          caplen=14 + 20 + 8)
    c.add(eth(IP(src=A4, dst=B4, len=24, proto=17) / Raw(b"\x01\x02\x03\x04"))
          / Raw(b"\0" * 22))
    # A later fragment.
    for f in frag4(IP(src=B4, dst=A4, id=0x7777) /
                   UDP(sport=48006, dport=9) / Raw(b"r" * 24), 16):
        c.add(eth(f))
    return c


def cap_damaged():
    """Five good packets, then a record header that promises more bytes
    than the file holds: a capture cut mid-packet."""
    c = Cap(LT_ETHERNET, gap_us=10000)
    for i in range(5):
        c.add(eth(udp4(sport=49000 + i)))
    data = pcap_bytes(c)
    last = raw(eth(tcp4("S", sport=49999)))
    sec, usec = divmod(T0 * 1000000 + 50000, 1000000)
    data += struct.pack("<IIII", sec, usec, len(last), len(last))
    return data + last[:30]


def cap_damaged_hdr():
    """Good packets, then a record claiming a caplen over the snaplen."""
    c = Cap(LT_ETHERNET, snaplen=200, gap_us=10000)
    for i in range(3):
        c.add(eth(udp4(sport=49100 + i)))
    data = pcap_bytes(c)
    sec, usec = divmod(T0 * 1000000 + 30000, 1000000)
    return data + struct.pack("<IIII", sec, usec, 0x7fffffff, 0x7fffffff) + \
        b"\xff" * 64


def cap_short_header():
    """A file cut inside its 24-byte file header."""
    return pcap_bytes(Cap(LT_ETHERNET))[:10]


def cap_unknown_link():
    """A link type the agent does not decode (LINKTYPE_USER0 = 147)."""
    c = Cap(147)
    c.add(b"\x08\x00" + b"\0" * 30)
    return c


def cap_pcapng():
    """pcapng with nanosecond timestamps: TIME lines show microseconds."""
    c = Cap(LT_ETHERNET, gap_us=3000)
    c.add(eth(tcp4("S")))
    c.add(eth(udp6()))
    c.add(eth(ARP(hwsrc=MAC_A, psrc=A4, pdst=B4)))
    c.add(eth(icmp4(0, 0)))
    c.add(eth(tcp6("R")))
    return c


def cap_pcap_nsec():
    """Classic pcap, nanosecond magic, written big-endian."""
    return cap_pcapng()


# name -> (function, writer)
CAPTURES = {
    "eth-tcp4.pcap": (cap_eth_tcp4, pcap_bytes),
    "eth-tcp6.pcap": (cap_eth_tcp6, pcap_bytes),
    "eth-udp-icmp.pcap": (cap_eth_udp_icmp, pcap_bytes),
    "vlan-qinq.pcap": (cap_vlan, pcap_bytes),
    "mpls-pppoe.pcap": (cap_mpls_pppoe, pcap_bytes),
    "raw.pcap": (lambda: cap_raw(LT_RAW), pcap_bytes),
    "raw-lt12.pcap": (lambda: cap_raw(12), pcap_bytes),
    "raw-lt14.pcap": (lambda: cap_raw(14), pcap_bytes),
    "raw-ipv4.pcap": (cap_ipv4_only, pcap_bytes),
    "raw-ipv6.pcap": (cap_ipv6_only, pcap_bytes),
    "null-le.pcap": (cap_null_le, pcap_bytes),
    "null-be.pcap": (cap_null_be, lambda c: pcap_bytes(c, swapped=True)),
    "loop.pcap": (cap_loop, pcap_bytes),
    "sll.pcap": (cap_sll, pcap_bytes),
    "sll2.pcap": (cap_sll2, pcap_bytes),
    "ppp.pcap": (cap_ppp, pcap_bytes),
    "ppp-serial.pcap": (cap_ppp_serial, pcap_bytes),
    "chdlc.pcap": (cap_chdlc, pcap_bytes),
    "wifi.pcap": (cap_wifi, pcap_bytes),
    "radiotap.pcap": (cap_radiotap, pcap_bytes),
    "ipv4-options.pcap": (cap_ipv4_options, pcap_bytes),
    "ipv4-frag.pcap": (cap_ipv4_frag, pcap_bytes),
    "ipv6-ext.pcap": (cap_ipv6_ext, pcap_bytes),
    "ipv6-addrs.pcap": (cap_ipv6_addrs, pcap_bytes),
    "other-proto.pcap": (cap_other_proto, pcap_bytes),
    "snaplen.pcap": (cap_snaplen, pcap_bytes),
    "batch.pcap": (cap_batch, pcap_bytes),
    "mixed.pcap": (cap_mixed, pcap_bytes),
    "time-backwards.pcap": (cap_time_backwards, pcap_bytes),
    "gap-hour.pcap": (cap_gap, pcap_bytes),
    "slow.pcap": (cap_slow, pcap_bytes),
    "traceback.pcap": (cap_traceback, pcap_bytes),
    "pcapng.pcapng": (cap_pcapng, pcapng_bytes),
    "nsec-be.pcap": (cap_pcap_nsec,
                     lambda c: pcap_bytes(c, nsec=True, swapped=True)),
    "damaged.pcap": (cap_damaged, None),
    "damaged-hdr.pcap": (cap_damaged_hdr, None),
    "short-header.pcap": (cap_short_header, None),
    "unknown-link.pcap": (cap_unknown_link, pcap_bytes),
}


def build(name):
    fn, writer = CAPTURES[name]
    obj = fn()
    return obj if writer is None else writer(obj)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: gen-captures.py OUTDIR [NAME ...]\n")
        return 2
    outdir = argv[1]
    names = argv[2:] or sorted(CAPTURES)
    os.makedirs(outdir, exist_ok=True)
    for name in names:
        if name not in CAPTURES:
            sys.stderr.write("gen-captures.py: no capture named %s\n" % name)
            return 2
        data = build(name)
        path = os.path.join(outdir, name)
        tmp = "%s.%d.tmp" % (path, os.getpid())
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
