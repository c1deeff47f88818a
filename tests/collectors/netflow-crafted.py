#!/usr/bin/python3
"""netflow-crafted.py - NetFlow v5/v9 and IPFIX datagrams made by hand: the
template cache's behaviour and bad input.

Templates: several templates and records per set; data before its template
(in the same datagram and in an earlier one) held and decoded when it
comes; the hold's cap; template refresh and redefinition; withdrawal of one
and of all; options templates and their data skipped; IPFIX
variable-length and enterprise fields; IPv6, ICMP and ICMPv6 from each kind
of element, and from the destination port; ipVersion choosing between
address families, and without it the outer header's family (an IPv6 tunnel
carrying IPv4); ports from udp/tcpSourcePort and -DestinationPort (180-183);
records that carry only the packet (dataLinkFrameSection, Ethernet over an
MPLS pseudowire with a control word among them, and ipHeaderPacketSection)
decoded as captured packets; these checked against tshark as well.  A flood
of templates from one exporter churning only its own templates at its cap;
templates expiring after --template-timeout; the caps on sets and template
records in one datagram.  Bad input between good datagrams: counted under
its name, the good records around it intact.  (netflow-collisions.py: the
cache under a hash-collision attack, and full.)
"""
import ipaddress
import os
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

SECS = 1700000000


def ip(a):
    return ipaddress.ip_address(a).packed


def v5(flows, count=None, trailing=b""):
    h = struct.pack(">HHIIIIBBH", 5, len(flows) if count is None else count,
                    1000, SECS, 0, 1, 0, 0, 0)
    recs = b"".join(struct.pack(">4s4s4sHHIIIIHHBBBBHHBBH", ip(s), ip(d),
                                b"\0" * 4, 1, 2, pk, by, 0, 0, sp, dp, 0,
                                fl, pr, 0, 0, 0, 0, 0, 0)
                    for s, d, sp, dp, pr, fl, pk, by in flows)
    return h + recs + trailing


def v9(sets, domain=1):
    return struct.pack(">HHIIII", 9, 0, 1000, SECS, 1, domain) + b"".join(sets)


def ipfix(sets, domain=1, length=None):
    body = b"".join(sets)
    return struct.pack(">HHIII", 10, 16 + len(body) if length is None
                       else length, SECS, 1, domain) + body


def fld(ie, length, pen=None):
    if pen is None:
        return struct.pack(">HH", ie, length)
    return struct.pack(">HHI", ie | 0x8000, length, pen)


def tmpl(tid, fields, count=None):
    return struct.pack(">HH", tid, len(fields) if count is None else
                       count) + b"".join(fields)


def tset(templates, sid=2, length=None):
    body = b"".join(templates)
    return struct.pack(">HH", sid, 4 + len(body) if length is None
                       else length) + body


def dset(tid, records, length=None):
    body = b"".join(records)
    return struct.pack(">HH", tid, 4 + len(body) if length is None
                       else length) + body


# A plain IPv4 template: src, dst, sport, dport, proto, flags, pkts, bytes.
T4 = [fld(8, 4), fld(12, 4), fld(7, 2), fld(11, 2), fld(4, 1), fld(6, 1),
      fld(2, 4), fld(1, 4)]


def r4(s, d, sp, dp, pr=6, fl=0x02, pk=3, by=300):
    return struct.pack(">4s4sHHBBII", ip(s), ip(d), sp, dp, pr, fl, pk, by)


def rec(s, d, sp, dp, flag, desc, name="IPFIX", pk=3, by=300, exp="127.0.0.1"):
    return "%s,%s,%d,%d,%d,%s exporter=%s packets=%d bytes=%d %s" % (
        s, d, sp, dp, flag, name, exp, pk, by, desc)


def tcp(s, d, sp, dp, flag=1, **kw):
    return rec(s, d, sp, dp, flag, "TCP src:%s(%d) dst:%s(%d)" %
               (s, sp, d, dp), **kw)


A = tcp("10.0.0.1", "10.0.0.2", 1000, 80)
B = tcp("10.0.0.3", "10.0.0.4", 1001, 443)
RA = r4("10.0.0.1", "10.0.0.2", 1000, 80)
RB = r4("10.0.0.3", "10.0.0.4", 1001, 443)
GOOD = ipfix([tset([tmpl(256, T4)]), dset(256, [RA, RB])])
c = cl.Checker()


def case(what, datagrams, want, counters=None, extra=()):
    recs, cnt = cl.run_case("netflow", datagrams, extra)
    c.records(recs, want, what)
    for name, v in (counters or {}).items():
        c.eq(cl.counter(cnt, "netflow", name), v, "%s: %s" % (what, name))
    return cnt


# --- the protocols ----------------------------------------------------------
case("v5: flows, flag classes", [v5([
    ("10.0.0.1", "10.0.0.2", 1000, 80, 6, 0x03, 3, 300),     # SYN+FIN: SYN
    ("10.0.0.1", "10.0.0.2", 1000, 80, 6, 0x11, 3, 300),     # FIN
    ("10.0.0.1", "10.0.0.2", 1000, 80, 6, 0x14, 3, 300),     # RST
    ("10.0.0.1", "10.0.0.2", 1000, 80, 6, 0x18, 3, 300),     # other
    ("10.0.0.5", "10.0.0.6", 53, 53, 17, 0, 3, 300),
    ("10.0.0.7", "10.0.0.8", 0, 0x0303, 1, 0, 3, 300),       # ICMP 3/3
    ("10.0.0.9", "10.0.0.10", 0, 0, 47, 0, 3, 300)])],      # GRE: skipped
    [tcp("10.0.0.1", "10.0.0.2", 1000, 80, 1, name="NetFlow v5"),
     tcp("10.0.0.1", "10.0.0.2", 1000, 80, 2, name="NetFlow v5"),
     tcp("10.0.0.1", "10.0.0.2", 1000, 80, 2, name="NetFlow v5"),
     tcp("10.0.0.1", "10.0.0.2", 1000, 80, 0, name="NetFlow v5"),
     rec("10.0.0.5", "10.0.0.6", 53, 53, 3,
         "UDP src:10.0.0.5(53) dst:10.0.0.6(53)", "NetFlow v5"),
     rec("10.0.0.7", "10.0.0.8", 768, 768, 4,
         "ICMPv4 src:10.0.0.7 dst:10.0.0.8 (type:3 code:3)", "NetFlow v5")],
    {"skipped-ip-proto": 1, "netflow-v5": 2})

T6 = [fld(27, 16), fld(28, 16), fld(7, 2), fld(11, 2), fld(4, 1), fld(6, 1),
      fld(2, 4), fld(1, 4)]


def r6(s, d, sp, dp, pr=6, fl=0x02, pk=3, by=300):
    return struct.pack(">16s16sHHBBII", ip(s), ip(d), sp, dp, pr, fl, pk, by)


case("v9: two templates in a set, several records per set, IPv6", [v9([
    tset([tmpl(300, T4), tmpl(301, T6)], sid=0),
    dset(300, [RA, RB]),
    dset(301, [r6("2001:db8::1", "2001:db8::2", 5, 6, 17)])])],
    [tcp("10.0.0.1", "10.0.0.2", 1000, 80, name="NetFlow v9"),
     tcp("10.0.0.3", "10.0.0.4", 1001, 443, name="NetFlow v9"),
     rec("2001:db8::1", "2001:db8::2", 5, 6, 8,
         "UDP src:2001:db8::1(5) dst:2001:db8::2(6)", "NetFlow v9")],
    {"templates-learnt": 2})

# ICMP from each kind of element, and from the destination port.
TI32 = [fld(8, 4), fld(12, 4), fld(4, 1), fld(32, 2), fld(2, 4), fld(1, 4)]
TI176 = [fld(8, 4), fld(12, 4), fld(4, 1), fld(176, 1), fld(177, 1),
         fld(2, 4), fld(1, 4)]
TI139 = [fld(27, 16), fld(28, 16), fld(4, 1), fld(139, 2), fld(2, 4),
         fld(1, 4)]
TIPORT = [fld(8, 4), fld(12, 4), fld(4, 1), fld(7, 2), fld(11, 2), fld(2, 4),
          fld(1, 4)]
a, b = ip("10.1.1.1"), ip("10.1.1.2")
a6, b6 = ip("2001:db8::1"), ip("2001:db8::2")
case("ICMP and ICMPv6 type/code elements and the port", [ipfix([
    tset([tmpl(256, TI32), tmpl(257, TI176), tmpl(258, TI139),
          tmpl(259, TIPORT)]),
    dset(256, [a + b + struct.pack(">BHII", 1, 0x0800, 3, 300)]),
    dset(257, [a + b + struct.pack(">BBBII", 1, 11, 1, 3, 300)]),
    dset(258, [a6 + b6 + struct.pack(">BHII", 58, 0x8100, 3, 300)]),
    dset(259, [a + b + struct.pack(">BHHII", 1, 0, 0x0304, 3, 300)])])],
    [rec("10.1.1.1", "10.1.1.2", 2048, 0, 4,
         "ICMPv4 src:10.1.1.1 dst:10.1.1.2 (type:8 code:0)"),
     rec("10.1.1.1", "10.1.1.2", 2816, 256, 4,
         "ICMPv4 src:10.1.1.1 dst:10.1.1.2 (type:11 code:1)"),
     rec("2001:db8::1", "2001:db8::2", 33024, 0, 9,
         "ICMPv6 src:2001:db8::1 dst:2001:db8::2 (type:129 code:0)"),
     rec("10.1.1.1", "10.1.1.2", 768, 1024, 4,
         "ICMPv4 src:10.1.1.1 dst:10.1.1.2 (type:3 code:4)")])

# Both families present: ipVersion decides; zero IPv4 addresses mean IPv6.
TB = [fld(8, 4), fld(12, 4), fld(27, 16), fld(28, 16), fld(60, 1),
      fld(4, 1), fld(7, 2), fld(11, 2)]
TBNV = [fld(8, 4), fld(12, 4), fld(27, 16), fld(28, 16), fld(4, 1),
        fld(7, 2), fld(11, 2)]
case("IPv4 and IPv6 elements: ipVersion, zero addresses", [ipfix([
    tset([tmpl(256, TB), tmpl(257, TBNV)]),
    dset(256, [a + b + a6 + b6 + struct.pack(">BBHH", 6, 17, 1, 2),
               a + b + a6 + b6 + struct.pack(">BBHH", 4, 17, 1, 2)]),
    dset(257, [b"\0" * 8 + a6 + b6 + struct.pack(">BHH", 17, 1, 2)])])],
    ["2001:db8::1,2001:db8::2,1,2,8,IPFIX exporter=127.0.0.1 UDP "
     "src:2001:db8::1(1) dst:2001:db8::2(2)",
     "10.1.1.1,10.1.1.2,1,2,3,IPFIX exporter=127.0.0.1 UDP "
     "src:10.1.1.1(1) dst:10.1.1.2(2)",
     "2001:db8::1,2001:db8::2,1,2,8,IPFIX exporter=127.0.0.1 UDP "
     "src:2001:db8::1(1) dst:2001:db8::2(2)"])


def case_tshark(what, datagrams, want, counters=None, extra=()):
    """case(), and the records checked against tshark's decode too."""
    cnt = case(what, datagrams, want, counters, extra)
    with tempfile.TemporaryDirectory() as tmp:
        pc = os.path.join(tmp, "sent.pcap")
        sent = [d if isinstance(d, tuple) else ("127.0.0.1", d)
                for d in datagrams]
        cl.payload_pcap(pc, sent, 4739)
        c.records(cl.netflow_expected(pc, 4739), want, what + ": tshark")
    return cnt


# Both families and no ipVersion: the family whose address comes first is
# the outer header (an IPv6 VXLAN tunnel with an IPv4 TCP SYN inside, and
# the other way round); a pair of zeros is the unused one.
TT6 = [fld(27, 16), fld(28, 16), fld(4, 1), fld(7, 2), fld(11, 2),
       fld(8, 4), fld(12, 4), fld(4, 1), fld(7, 2), fld(11, 2), fld(6, 1)]
TT4 = [fld(8, 4), fld(12, 4), fld(4, 1), fld(7, 2), fld(11, 2),
       fld(27, 16), fld(28, 16), fld(4, 1), fld(7, 2), fld(11, 2), fld(6, 1)]
i4, j4 = ip("10.0.0.1"), ip("10.0.0.2")
case_tshark("both families, no ipVersion: the outer header's", [ipfix([
    tset([tmpl(256, TT6), tmpl(257, TT4)]),
    dset(256, [a6 + b6 + struct.pack(">BHH", 17, 4789, 4789) + i4 + j4 +
               struct.pack(">BHHB", 6, 40000, 80, 0x02),
               b"\0" * 32 + struct.pack(">BHH", 6, 40000, 80) + i4 + j4 +
               struct.pack(">BHHB", 17, 5, 6, 0x02)]),
    dset(257, [i4 + j4 + struct.pack(">BHH", 17, 4789, 4789) + a6 + b6 +
               struct.pack(">BHHB", 6, 40000, 80, 0x02)])])],
    ["2001:db8::1,2001:db8::2,4789,4789,8,IPFIX exporter=127.0.0.1 UDP "
     "src:2001:db8::1(4789) dst:2001:db8::2(4789)",
     "10.0.0.1,10.0.0.2,40000,80,1,IPFIX exporter=127.0.0.1 TCP "
     "src:10.0.0.1(40000) dst:10.0.0.2(80)",
     "10.0.0.1,10.0.0.2,4789,4789,3,IPFIX exporter=127.0.0.1 UDP "
     "src:10.0.0.1(4789) dst:10.0.0.2(4789)"])

# Ports from udpSourcePort .. tcpDestinationPort (180-183).
case_tshark("ports from udp/tcp source and destination port elements", [ipfix([
    tset([tmpl(256, [fld(8, 4), fld(12, 4), fld(4, 1), fld(180, 2),
                     fld(181, 2)]),
          tmpl(257, [fld(8, 4), fld(12, 4), fld(4, 1), fld(182, 2),
                     fld(183, 2), fld(6, 1)])]),
    dset(256, [a + b + struct.pack(">BHH", 17, 5353, 53)]),
    dset(257, [a + b + struct.pack(">BHHB", 6, 40001, 443, 0x12)])])],
    ["10.1.1.1,10.1.1.2,5353,53,3,IPFIX exporter=127.0.0.1 UDP "
     "src:10.1.1.1(5353) dst:10.1.1.2(53)",
     "10.1.1.1,10.1.1.2,40001,443,1,IPFIX exporter=127.0.0.1 TCP "
     "src:10.1.1.1(40001) dst:10.1.1.2(443)"])


# Records that carry the packet itself and no addresses: the frame
# (dataLinkFrameSection, 315) or the IP header on (ipHeaderPacketSection,
# 313), decoded as a captured packet is; Ethernet over an MPLS pseudowire
# with a control word among them.
def vl(b):
    return bytes([len(b)]) + b if len(b) < 255 else \
        b"\xff" + struct.pack(">H", len(b)) + b


def mpls_pw_frame():
    from scapy.all import Ether, IP, UDP
    inner = bytes(Ether(src="02:00:00:00:00:05", dst="02:00:00:00:00:06") /
                  IP(src="10.9.0.1", dst="10.9.0.2", id=1) /
                  UDP(sport=4000, dport=5000) / (b"p" * 10))
    return (b"\x02" * 6 + b"\x04" * 6 + b"\x88\x47" +
            struct.pack(">II", 300012 << 12 | 255, 17 << 12 | 0x100 | 255) +
            b"\0\0\0\0" + inner)


def ip6_udp_packet():
    from scapy.all import IPv6, UDP
    return bytes(IPv6(src="2001:db8::7", dst="2001:db8::8") /
                 UDP(sport=123, dport=123) / (b"n" * 8))


syn = cl.tcp_frame("10.7.0.1", "10.7.0.2", 40005, 22)
TF = [fld(2, 4), fld(1, 4), fld(315, 0xffff)]
TH = [fld(2, 4), fld(1, 4), fld(313, 0xffff)]
case_tshark("frames in records: dataLinkFrameSection, ipHeaderPacketSection",
    [ipfix([tset([tmpl(256, TF)]),
            dset(256, [struct.pack(">II", 1, 60) + vl(syn),
                       struct.pack(">II", 1, 60) + vl(mpls_pw_frame())])]),
     # (in a message of its own: tshark 4.0 misses a template that follows
     # one with dataLinkFrameSection in a set)
     ipfix([tset([tmpl(257, TH)]),
            dset(257, [struct.pack(">II", 2, 200) + vl(ip6_udp_packet())])])],
    ["10.7.0.1,10.7.0.2,40005,22,1,IPFIX exporter=127.0.0.1 packets=1 "
     "bytes=60 TCP src:10.7.0.1(40005) dst:10.7.0.2(22)",
     "10.9.0.1,10.9.0.2,4000,5000,3,IPFIX exporter=127.0.0.1 packets=1 "
     "bytes=60 UDP src:10.9.0.1(4000) dst:10.9.0.2(5000)",
     "2001:db8::7,2001:db8::8,123,123,8,IPFIX exporter=127.0.0.1 packets=2 "
     "bytes=200 UDP src:2001:db8::7(123) dst:2001:db8::8(123)"],
    {"flows-from-frame-sections": 3, "flows-without-addresses": 0})

# Variable-length and enterprise fields between the ones we read; 8-byte
# counters; a 2-byte tcpControlBits.
TV = [fld(8, 4), fld(100, 4, pen=9), fld(12, 4), fld(82, 0xffff),
      fld(7, 2), fld(101, 0xffff, pen=2636), fld(11, 2), fld(4, 1),
      fld(6, 2), fld(2, 8), fld(1, 8)]


def rv(name, ent, sp, dp):
    def vl(b):
        return bytes([len(b)]) + b if len(b) < 255 else \
            b"\xff" + struct.pack(">H", len(b)) + b
    return a + b"\xee" * 4 + b + vl(name) + struct.pack(">H", sp) + vl(ent) + \
        struct.pack(">HBHQQ", dp, 6, 0x0011, 7, 7000)


case("IPFIX variable-length and enterprise fields", [ipfix([
    tset([tmpl(256, TV)]),
    dset(256, [rv(b"eth0", b"", 1, 2), rv(b"x" * 300, b"y" * 3, 3, 4)])])],
    [rec("10.1.1.1", "10.1.1.2", 1, 2, 2,
         "TCP src:10.1.1.1(1) dst:10.1.1.2(2)", pk=7, by=7000),
     rec("10.1.1.1", "10.1.1.2", 3, 4, 2,
         "TCP src:10.1.1.1(3) dst:10.1.1.2(4)", pk=7, by=7000)])

# Packets and bytes: delta first, then total, then post- counters.
TC = [fld(8, 4), fld(12, 4), fld(4, 1), fld(23, 4), fld(86, 4), fld(24, 4)]
case("counters: total before post-", [ipfix([
    tset([tmpl(256, TC)]),
    dset(256, [a + b + struct.pack(">BIII", 17, 500, 9, 4)])])],
    ["10.1.1.1,10.1.1.2,0,0,3,IPFIX exporter=127.0.0.1 packets=9 bytes=500 "
     "UDP src:10.1.1.1(0) dst:10.1.1.2(0)"])

# --- templates over time ------------------------------------------------------
case("data before its template, same datagram and the next", [
    ipfix([dset(257, [RB])]),
    ipfix([dset(256, [RA]), tset([tmpl(256, T4), tmpl(257, T4)])])],
    [A, B], {"data-sets-without-template": 2, "held-sets-decoded": 2})

case("the hold keeps the last 64 sets", [ipfix([dset(256, [RA])])] * 63 +
     [ipfix([dset(256, [RB])] * 7), GOOD],
    [A] * 57 + [B] * 7 + [A, B],
    {"data-sets-without-template": 70, "held-sets-dropped": 6,
     "held-sets-decoded": 64})

T4B = T4[1:2] + T4[0:1] + T4[2:]           # dst and src swapped
case("template refresh and redefinition", [
    GOOD, GOOD, ipfix([tset([tmpl(256, T4B)]), dset(256, [RA])])],
    [A, B, A, B, tcp("10.0.0.2", "10.0.0.1", 1000, 80)],
    {"templates-learnt": 1, "templates-refreshed": 1, "templates-changed": 1})

case("withdrawal of one template, then of all", [
    GOOD,
    ipfix([tset([tmpl(256, [], count=0)]), dset(256, [RA])]),
    ipfix([tset([tmpl(257, T4), tmpl(258, T4)])]),
    ipfix([tset([tmpl(2, [], count=0)]), dset(257, [RA]), dset(258, [RB])])],
    [A, B], {"templates-withdrawn": 3, "data-sets-without-template": 3})

TOPT = [fld(149, 4), fld(34, 4), fld(35, 1)]
case("options templates: their data skipped", [
    ipfix([struct.pack(">HHHHH", 3, 4 + 6 + 12, 400, 3, 1) + b"".join(TOPT),
           dset(400, [b"\0" * 9, b"\1" * 9]), dset(256, [RA])]),
    v9([struct.pack(">HHHHH", 1, 4 + 6 + 12 + 2, 400, 4, 8) +
        b"".join(TOPT) + b"\0\0", dset(400, [b"\0" * 9])]), GOOD],
    [A, A, B], {"options-templates": 2, "options-data-sets-skipped": 2,
             "data-sets-without-template": 1, "held-sets-expired": 0})

# A flood from one exporter: past its cap it gives up its own least recently
# used templates (template 256 decoded data after the first 100, so 257 to
# 332 go); other exporters are not affected.
flood = []
for base in range(256, 256 + 1100, 100):
    flood.append(("127.0.0.2", ipfix([tset([tmpl(t, T4) for t in
                                            range(base, min(base + 100,
                                                            256 + 1100))])])))
    if base == 256:
        flood.append(("127.0.0.2", ipfix([dset(256, [RA])])))
case("a template flood churns only its exporter's templates", flood + [
    ("127.0.0.2", ipfix([dset(256, [RA]), dset(257, [RB]),
                         dset(1300, [RB])])),
    ("127.0.0.3", GOOD)],
    [tcp("10.0.0.1", "10.0.0.2", 1000, 80, exp="127.0.0.2"),
     tcp("10.0.0.1", "10.0.0.2", 1000, 80, exp="127.0.0.2"),
     tcp("10.0.0.3", "10.0.0.4", 1001, 443, exp="127.0.0.2"),
     tcp("10.0.0.1", "10.0.0.2", 1000, 80, exp="127.0.0.3"),
     tcp("10.0.0.3", "10.0.0.4", 1001, 443, exp="127.0.0.3")],
    {"templates-learnt": 1101, "templates-evicted-exporter-cap": 76,
     "data-sets-without-template": 1, "templates-known": 1025,
     "exporters-known": 2})

recs, cnt = cl.run_case("netflow", [("127.0.0.1", GOOD), ("::1", GOOD)],
                        bind="[::]:0")
c.records(recs, [A, B, tcp("10.0.0.1", "10.0.0.2", 1000, 80, exp="::1"),
                 tcp("10.0.0.3", "10.0.0.4", 1001, 443, exp="::1")],
          "bound to [::]: IPv4 and IPv6 exporters, templates apart")

case("domains and versions keep their own templates", [
    GOOD, ipfix([dset(256, [RA])], domain=2),
    v9([dset(256, [RA])], domain=1)],
    [A, B], {"data-sets-without-template": 2})

# Templates expire when not refreshed for --template-timeout seconds: the
# one second of the clock passing is what is tested, not a wait for the
# agent (each datagram is answered before the next is sent).
a_ = cl.Agent("netflow", ["--template-timeout", "1"])
a_.send(GOOD)
a_.sync()
time.sleep(1.2)
a_.send(ipfix([tset([tmpl(257, T4)]), dset(256, [RA]), dset(257, [RB])]))
a_.sync()
recs = a_.records()
cnt = a_.stop()
c.records(recs, [A, B, B], "--template-timeout 1: an old template expires")
c.eq(cl.counter(cnt, "netflow", "templates-expired"), 1, "templates-expired")
c.eq(cl.counter(cnt, "netflow", "data-sets-without-template"), 1,
     "templates-expired: its data waits")

# A datagram is read for at most 256 sets and 512 template records.
case("sets past 256 in a datagram: skipped", [
    GOOD, ipfix([dset(256, [RA])] * 300)], [A, B] + [A] * 256,
    {"datagrams-over-set-cap": 1})
case("template records past 512 in a datagram: skipped", [
    ipfix([tset([tmpl(t, T4) for t in range(256, 256 + 600)])]),
    ipfix([dset(256 + 511, [RA]), dset(256 + 512, [RB])])], [A],
    {"datagrams-over-template-cap": 1, "templates-learnt": 512,
     "data-sets-without-template": 1})

# --- bad input between good datagrams ------------------------------------------
bad = [
    ("empty datagram", b"", "truncated", []),
    ("one byte", b"\x00", "truncated", []),
    ("v5 cut header", v5([])[:10], "truncated", []),
    ("v5 count past the end", v5([("10.0.0.1", "10.0.0.2", 1000, 80, 6, 2,
                                   3, 300)], count=3), "truncated",
     [tcp("10.0.0.1", "10.0.0.2", 1000, 80, name="NetFlow v5")]),
    ("v5 bytes past the count", v5([("10.0.0.1", "10.0.0.2", 1000, 80, 6,
                                     2, 3, 300)], count=0, trailing=b"\0"),
     "invalid", []),
    ("v9 cut header", v9([])[:12], "truncated", []),
    ("IPFIX cut header", GOOD[:10], "truncated", []),
    ("IPFIX length past the datagram", ipfix([], length=200), "truncated",
     []),
    ("IPFIX length under its header", ipfix([], length=8), "invalid", []),
    ("IPFIX bytes after the message", GOOD + b"\0" * 6, "invalid", [A, B]),
    ("set length under 4", ipfix([struct.pack(">HH", 256, 2)]), "invalid",
     []),
    ("set length past the end", ipfix([dset(256, [RA], length=400)]),
     "truncated", []),
    ("template fields past the set", ipfix([tset([tmpl(500, T4, count=60)])]),
     "templates-invalid", []),
    ("template ID under 256", ipfix([tset([tmpl(100, T4)])]),
     "templates-invalid", []),
    ("template of no length", ipfix([tset([tmpl(500, [fld(8, 0)])])]),
     "templates-invalid", []),
    ("template of too many fields", ipfix([tset([tmpl(500, [fld(210, 1)] *
                                                      300)])]),
     "templates-invalid", []),
    ("v9 field of variable length", v9([tset([tmpl(500, [fld(8, 0xffff)])],
                                             sid=0)]), "templates-invalid",
     []),
    ("IPFIX options scope count 0", ipfix([struct.pack(">HHHHH", 3, 14, 400,
                                                       1, 0) + TOPT[0]]),
     "invalid", []),
    ("v9 options lengths not of fields", v9([struct.pack(">HHHHH", 1, 14,
                                                         400, 3, 4) +
                                             TOPT[0]]), "invalid", []),
    ("variable length past the record", ipfix([
        tset([tmpl(500, TV)]),
        dset(500, [rv(b"ok", b"", 1, 2), a + b"\xee" * 4 + b + b"\xff\xff\xf0"
                   + b"\0" * 40])]), "invalid",
     [rec("10.1.1.1", "10.1.1.2", 1, 2, 2,
          "TCP src:10.1.1.1(1) dst:10.1.1.2(2)", pk=7, by=7000)]),
    ("reserved set ID", ipfix([dset(77, [b"\0" * 8]), dset(256, [RA])]),
     "reserved-sets-skipped", [A]),
    ("flow without addresses", ipfix([tset([tmpl(600, [fld(4, 1)])]),
                                      dset(600, [b"\x06"])]),
     "flows-without-addresses", []),
    ("flow of GRE", ipfix([dset(256, [r4("10.0.0.1", "10.0.0.2", 0, 0, 47)])]),
     "skipped-ip-proto", []),
    ("version 1", b"\x00\x01" + GOOD[2:], "bad-version", []),
    ("version 7", b"\x00\x07" + GOOD[2:], "bad-version", []),
    ("version 11", b"\x00\x0b" + GOOD[2:], "bad-version", []),
    ("sFlow on the NetFlow port", struct.pack(">II", 5, 1) + b"\0" * 60,
     "bad-version", []),
]
for what, d, name, between in bad:
    recs, cnt = cl.run_case("netflow", [GOOD, d, GOOD])
    c.records(recs, [A, B] + between + [A, B], what + ": records around it")
    c.eq(cl.counter(cnt, "netflow", name) >= 1, True, what + ": " + name)
    c.eq(cl.counter(cnt, "netflow", "datagrams"), 4, what + ": datagrams")
c.done()
