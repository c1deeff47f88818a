#!/usr/bin/python3
"""netflow-times.py - the capture time a flow record carries on the wire
(the PACKTERTIME trailer, docs/protocol.md 3.3) is the flow's start:

- NetFlow v5: export time - (header sysUptime - record First), to the ms;
- NetFlow v9: the same with FIRST_SWITCHED (22), and LAST_SWITCHED (21)
  when there is no start;
- IPFIX: flowStartMilliseconds (152), flowStartSeconds (150),
  flowStartMicroseconds (154, NTP format);
- without any of them, or with a start after the exporter's uptime (a
  broken clock), the export time.
Crafted datagrams (the layouts of RFC 3954 / RFC 7011 and Cisco's v5) to a
running agent; the times read back from its -n output.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

SECS = 1700000100
US = 1000000


def ip(a):
    return bytes(int(x) for x in a.split("."))


def v5(first, last, uptime):
    h = struct.pack(">HHIIIIBBH", 5, 1, uptime, SECS, 0, 1, 0, 0, 0)
    r = struct.pack(">4s4s4sHHIIIIHHBBBBHHBBH", ip("10.0.0.1"),
                    ip("10.0.0.2"), b"\0" * 4, 1, 2, 3, 300, first, last,
                    1000, 80, 0, 2, 6, 0, 0, 0, 0, 0, 0)
    return h + r


def fld(ie, length):
    return struct.pack(">HH", ie, length)


BASE = [fld(8, 4), fld(12, 4), fld(7, 2), fld(11, 2), fld(4, 1), fld(6, 1)]


def base_rec():
    return ip("10.0.0.1") + ip("10.0.0.2") + struct.pack(">HHBB", 1000, 80,
                                                         6, 2)


def sets(tid, fields, tail, sid):
    t = struct.pack(">HH", tid, len(fields)) + b"".join(fields)
    tset = struct.pack(">HH", sid, 4 + len(t)) + t
    body = base_rec() + tail
    pad = b"\0" * ((4 - (4 + len(body)) % 4) % 4)
    dset = struct.pack(">HH", tid, 4 + len(body) + len(pad)) + body + pad
    return tset + dset


def v9(fields, tail, uptime=10000):
    return struct.pack(">HHIIII", 9, 2, uptime, SECS, 1, 1) + \
        sets(300, BASE + fields, tail, 0)


def ipfix(fields, tail):
    body = sets(400, BASE + fields, tail, 2)
    return struct.pack(">HHIII", 10, 16 + len(body), SECS, 1, 1) + body


def ntp(sec, usec):
    return struct.pack(">II", sec + 2208988800, (usec << 32) // 1000000)


CASES = [
    ("v5 First", v5(250, 900, 1000), SECS * US - 750000),
    ("v5 First after uptime: export time", v5(5000, 6000, 1000), SECS * US),
    ("v9 FIRST_SWITCHED", v9([fld(22, 4), fld(21, 4)],
                             struct.pack(">II", 4000, 9000)),
     SECS * US - 6 * US),
    ("v9 LAST_SWITCHED alone", v9([fld(21, 4)], struct.pack(">I", 9500)),
     SECS * US - 500000),
    ("IPFIX flowStartMilliseconds", ipfix([fld(152, 8)],
                                          struct.pack(">Q", (SECS - 5) * 1000
                                                      + 250)),
     (SECS - 5) * US + 250000),
    ("IPFIX flowStartSeconds", ipfix([fld(150, 4)],
                                     struct.pack(">I", SECS - 60)),
     (SECS - 60) * US),
    ("IPFIX flowStartMicroseconds", ipfix([fld(154, 8)],
                                          ntp(SECS - 2, 123456)),
     (SECS - 2) * US + 123456),
    ("IPFIX without times: export time", ipfix([], b""), SECS * US),
]

c = cl.Checker()
for what, dgram, want in CASES:
    a = cl.Agent("netflow", ["--no-batch"])
    a.send(dgram)
    a.sync()
    recs = a.records()
    times = cl.record_times(a.out)
    a.stop()
    c.eq(len(recs), 1, what + ": one record")
    # The sentinel's record is last; ours is first.
    c.eq(times[0] if times else None, want, what + ": capture time")
c.done()
