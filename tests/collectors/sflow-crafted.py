#!/usr/bin/python3
"""sflow-crafted.py - sFlow datagrams made by hand: versions 2 and 4 (no
capture of them exists here; laid out as RFC 3176 says), IPv6 agents,
sub-agents, sampled IPv4/IPv6 records, and bad input.

Every bad datagram is sent between two good ones: the good ones' records
must come out untouched, the bad one must be counted under its name
(truncated: a length or count past the end; invalid: an element that
contradicts its declared length; bad-version ...) and the agent must go on.
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl


def pad(b):
    return b + b"\0" * (-len(b) % 4)


def xstr(s):
    return struct.pack(">I", len(s)) + pad(s)


def addr(a):
    ip = ipaddress.ip_address(a)
    return struct.pack(">I", 1 if ip.version == 4 else 2) + ip.packed


def dgram(samples, version=5, agent="192.0.2.1", sub=0, nsamples=None):
    h = struct.pack(">I", version) + addr(agent)
    if version == 5:
        h += struct.pack(">I", sub)
    h += struct.pack(">III", 11, 1000, len(samples) if nsamples is None
                     else nsamples)
    return h + b"".join(samples)


def record(fmt, data, length=None):
    return struct.pack(">II", fmt, len(data) if length is None else length) + data


def raw_header(frame, proto=1, hlen=None):
    return record(1, struct.pack(">IIII", proto, len(frame) + 4, 4,
                                 len(frame) if hlen is None else hlen) +
                  pad(frame))


def sampled4(src, dst, proto, sp, dp, flags=0):
    return record(3, struct.pack(">II4s4sIIII", 40, proto,
                                 ipaddress.ip_address(src).packed,
                                 ipaddress.ip_address(dst).packed, sp, dp,
                                 flags, 0))


def sampled6(src, dst, proto, sp, dp, flags=0):
    return record(4, struct.pack(">II16s16sIIII", 60, proto,
                                 ipaddress.ip_address(src).packed,
                                 ipaddress.ip_address(dst).packed, sp, dp,
                                 flags, 0))


def flow_sample(records, rate=100, expanded=False, length=None, nrec=None):
    if expanded:
        body = struct.pack(">IIIIIIIIII", 1, 0, 7, rate, rate * 10, 0, 0, 3,
                           0, 4)
    else:
        body = struct.pack(">IIIIIII", 1, 7, rate, rate * 10, 0, 3, 4)
    body += struct.pack(">I", len(records) if nrec is None else nrec)
    body += b"".join(records)
    return struct.pack(">II", 3 if expanded else 1,
                       len(body) if length is None else length) + body


def sample(fmt, body):
    return struct.pack(">II", fmt, len(body)) + body


SYN = cl.tcp_frame("10.1.0.1", "10.1.0.2", 1234, 80, "S")
SYN6 = cl.tcp_frame("2001:db8::a", "2001:db8::b", 1234, 443, "S", v6=True)
GOOD = dgram([flow_sample([raw_header(SYN)], rate=100)])
GOOD_REC = ("10.1.0.1,10.1.0.2,1234,80,1,sFlow agent=192.0.2.1 rate=1:100 "
            "TCP src:10.1.0.1(1234) dst:10.1.0.2(80)")
c = cl.Checker()

# --- good ones: what the datagram says reaches the record ------------------
recs, _ = cl.run_case("sflow", [
    dgram([flow_sample([raw_header(SYN6)], rate=2048, expanded=True)],
          agent="2001:db8::99", sub=3),
    dgram([flow_sample([sampled4("10.2.0.1", "10.2.0.2", 1, 8, 0)], rate=4)]),
    dgram([flow_sample([sampled6("2001:db8::1", "2001:db8::2", 17, 53, 5353)],
                       rate=5)]),
    # a sampled record and a raw header in one sample: the header is drawn
    dgram([flow_sample([sampled4("10.9.9.9", "10.9.9.8", 17, 1, 2),
                        raw_header(SYN)], rate=100)]),
    # the IPv4 header protocol (11): the header starts at IP
    dgram([flow_sample([raw_header(SYN[14:], proto=11)], rate=100)]),
])
c.records(recs, [
    "2001:db8::a,2001:db8::b,1234,443,6,sFlow agent=2001:db8::99 sub=3 "
    "rate=1:2048 TCP src:2001:db8::a(1234) dst:2001:db8::b(443)",
    "10.2.0.1,10.2.0.2,2048,0,4,sFlow agent=192.0.2.1 rate=1:4 "
    "ICMPv4 src:10.2.0.1 dst:10.2.0.2 (type:8 code:0)",
    "2001:db8::1,2001:db8::2,53,5353,8,sFlow agent=192.0.2.1 rate=1:5 "
    "UDP src:2001:db8::1(53) dst:2001:db8::2(5353)",
    GOOD_REC, GOOD_REC], "v5: IPv6 agent, sub-agent, expanded, sampled "
    "IPv4/IPv6, header wins, IPv4 header protocol")

# --- versions 2 and 4 -------------------------------------------------------


def fs24(ptype, pdata, ext, rate=64):
    return struct.pack(">I", 1) + struct.pack(">IIIIIII", 1, 5, rate,
                                              rate * 100, 0, 3, 4) + \
        struct.pack(">I", ptype) + pdata + ext


def ext24(version):
    e = [struct.pack(">IIIII", 1, 10, 0, 20, 0),                 # switch
         struct.pack(">II", 2, 1) + bytes([10, 9, 9, 9]) +       # router
         struct.pack(">II", 24, 16)]
    if version == 2:                                             # gateway
        e.append(struct.pack(">IIIII", 3, 65000, 65001, 65002, 2) +
                 struct.pack(">II", 65003, 65004))
    else:
        e.append(struct.pack(">IIIII", 3, 65000, 65001, 65002, 1) +
                 struct.pack(">IIII", 2, 2, 65003, 65004) +
                 struct.pack(">II", 1, 123) + struct.pack(">I", 100))
    e.append(struct.pack(">I", 4) + xstr(b"alice") + xstr(b"bob"))  # user
    e.append(struct.pack(">II", 5, 1) + xstr(b"http://x/"))         # url
    return struct.pack(">I", len(e)) + b"".join(e)


HDR24 = struct.pack(">III", 1, len(SYN) + 4, len(SYN)) + pad(SYN)
IP24 = struct.pack(">II4s4sIIII", 40, 17, bytes([10, 2, 0, 1]),
                   bytes([10, 2, 0, 2]), 53, 5353, 0, 0)
CTR24 = struct.pack(">I", 2) + struct.pack(">IIII", 1, 5, 30, 2) + b"\0" * 140
for v in (2, 4):
    ok = dgram([fs24(1, HDR24, ext24(v)), CTR24, fs24(2, IP24, ext24(v), 32)],
               version=v)
    recs, cnt = cl.run_case("sflow", [ok, ok[:-9],
                                      dgram([fs24(1, HDR24, struct.pack(
                                          ">II", 1, 9))], version=v), ok])
    r1 = ("10.1.0.1,10.1.0.2,1234,80,1,sFlow agent=192.0.2.1 rate=1:64 "
          "TCP src:10.1.0.1(1234) dst:10.1.0.2(80)")
    r2 = ("10.2.0.1,10.2.0.2,53,5353,3,sFlow agent=192.0.2.1 rate=1:32 "
          "UDP src:10.2.0.1(53) dst:10.2.0.2(5353)")
    # the cut one still yields its first sample; the unknown extended type
    # (9) stops its datagram after the packet was read, before drawing it
    c.records(recs, [r1, r2, r1, r1, r2], "v%d: header, IPv4, counters, all "
              "extended types; cut; unknown extended type" % v)
    c.eq((cl.counter(cnt, "sflow", "truncated"),
          cl.counter(cnt, "sflow", "invalid"),
          cl.counter(cnt, "sflow", "counter-samples-skipped")), (1, 1, 3),
         "v%d: truncated, invalid, counter samples counted" % v)

# --- bad input, each between two good datagrams ------------------------------
bad = [
    ("empty datagram", b"", "truncated", 0),
    ("cut in the header", GOOD[:10], "truncated", 0),
    ("cut in the agent address", GOOD[:6], "truncated", 0),
    ("cut in the sample", GOOD[:60], "truncated", 0),
    ("cut in the header bytes", GOOD[:-8], "truncated", 0),
    ("sample count past the end", dgram([flow_sample([raw_header(SYN)])],
                                        nsamples=1000), "truncated", 1),
    ("sample length past the end", dgram([flow_sample(
        [raw_header(SYN)], length=0xfffffff0)]), "truncated", 0),
    ("record length past the sample", dgram([flow_sample(
        [record(1, b"\0" * 16, length=0xfffffff0)])]), "invalid", 0),
    ("record count past the sample", dgram([flow_sample(
        [raw_header(SYN)], nrec=1000)]), "invalid", 0),
    ("header length past the record", dgram([flow_sample(
        [raw_header(SYN, hlen=5000)])]), "invalid", 0),
    ("record longer than its contents", dgram([flow_sample(
        [record(3, sampled4("10.0.0.1", "10.0.0.2", 6, 1, 2)[8:] +
                b"\0" * 4)])]), "invalid", 0),
    ("sample longer than its records", dgram([sample(1, flow_sample(
        [raw_header(SYN)])[8:] + b"\0" * 8)]), "invalid", 0),
    ("agent address type 7", struct.pack(">II", 5, 7) + GOOD[12:],
     "invalid", 0),
    ("version 3", struct.pack(">I", 3) + GOOD[4:], "bad-version", 0),
    ("version 6", struct.pack(">I", 6) + GOOD[4:], "bad-version", 0),
    ("version 0xffffffff", b"\xff" * 4 + GOOD[4:], "bad-version", 0),
    ("NetFlow v5 on the sFlow port", b"\x00\x05" + b"\0" * 70,
     "bad-version", 0),
    ("trailing bytes", GOOD + b"\0" * 8, "invalid", 1),
    ("unknown sample type and enterprise", dgram(
        [sample(9, b"\0" * 12), sample(4413 << 12 | 1, b"\0" * 8),
         flow_sample([raw_header(SYN)])]), "other-samples-skipped", 1),
    ("counter samples", dgram([sample(2, b"\0" * 40), sample(4, b"\0" * 8),
                               flow_sample([raw_header(SYN)])]),
     "counter-samples-skipped", 1),
    ("extended records", dgram([flow_sample(
        [record(1001, b"\0" * 16), record(4413 << 12 | 5, b"\0" * 4),
         raw_header(SYN)])]), "other-records-skipped", 1),
    ("header protocol PPP", dgram([flow_sample([raw_header(SYN, proto=7)])]),
     "header-protocol-skipped", 0),
    ("sample without a packet", dgram([flow_sample([record(1001,
                                                           b"\0" * 16)])]),
     "samples-without-packet", 0),
    ("sampled record of GRE", dgram([flow_sample(
        [sampled4("10.0.0.1", "10.0.0.2", 47, 0, 0)])]), "skipped-ip-proto",
     0),
]
for what, d, name, n in bad:
    recs, cnt = cl.run_case("sflow", [GOOD, d, GOOD])
    c.records(recs, [GOOD_REC] * (2 + n), what + ": records around it")
    c.eq(cl.counter(cnt, "sflow", name) >= 1, True, what + ": " + name)
    c.eq(cl.counter(cnt, "sflow", "datagrams"), 4, what + ": datagrams")
c.done()
