#!/usr/bin/python3
"""snort-bad.py - broken Alertpkt datagrams through `packter-agent -U`.

Each one is sent between two good alerts: the good ones' records must come
out untouched and the bad one be counted under its name (bad-size: a size
that is no known layout, 1500-byte reference-agent layout included;
alerts-without-packet; invalid: caplen or offsets outside the packet).  Also:
a raw IP packet (no link header, nethdr 0) is drawn; a 256-byte message
without its NUL and with control characters becomes one clean line with -S,
UTF-8 in it kept, bytes that are not UTF-8 turned to '?'.
"""
import importlib.util
import os
import socket
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import collectlib as cl

spec = importlib.util.spec_from_file_location(
    "snort_peer", os.path.join(here, "..", "peers", "snort-peer.py"))
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

SYN = cl.tcp_frame("10.1.0.1", "10.1.0.2", 1234, 80, "S")
GOOD = peer.alertpkt(SYN, 1700000000.25, "good", 1, 2, 3)
GOOD_REC = "10.1.0.1,10.1.0.2,1234,80,1,TCP src:10.1.0.1(1234) dst:10.1.0.2(80)"
END = peer.alertpkt(cl.udp_frame(b"end", src=cl.SENTINEL_SRC,
                                 dst=cl.SENTINEL_DST, sport=65535,
                                 dport=65535), 1700000001.0, "end", 1, 1, 1)
c = cl.Checker()


def run(path, dgrams, extra=()):
    a = cl.Agent("snort", list(extra), path=path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    for d in dgrams:
        s.sendto(d, path)

    def end():
        s.sendto(END, path)
    a.sync(end)
    recs = a.records()
    s.close()
    return recs, a.stop()


def alert(**override):
    return peer.alertpkt(SYN, 1700000000.5, "bad", 1, 9, 1, override=override)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "snort_alert")
    bad = [
        ("empty datagram", b"", "bad-size", []),
        ("100 bytes", GOOD[:100], "bad-size", []),
        ("the reference agent's 1500-byte layout", GOOD[:256 + 24 + 20 +
                                                       1500 + 36],
         "bad-size", []),
        ("one byte short", GOOD[:-1], "bad-size", []),
        ("one byte long", GOOD + b"\0", "bad-size", []),
        ("OpenAppID plus one", GOOD + b"\0" * 65, "bad-size", []),
        ("larger than any layout", GOOD + b"\0" * 5000, "bad-size", []),
        ("no packet (val 1)", peer.alertpkt(SYN, 1700000000.5, "x", 1, 9, 1,
                                            val=peer.NO_PACKET),
         "alerts-without-packet", []),
        ("caplen 0", alert(caplen=0), "alerts-without-packet", []),
        ("caplen past the packet field", alert(caplen=70000, len=70000),
         "invalid", []),
        ("dlthdr past the packet", alert(dlthdr=5000), "invalid", []),
        ("nethdr past the packet", alert(nethdr=5000), "invalid", []),
        ("transhdr past the packet", alert(transhdr=5000), "invalid",
         [GOOD_REC]),
        ("ts_usec out of range", alert(ts_usec=2000000, len=54), "alerts",
         [GOOD_REC]),
    ]
    for what, d, name, between in bad:
        recs, cnt = run(path, [GOOD, d, GOOD])
        c.records(recs, [GOOD_REC] + between + [GOOD_REC],
                  what + ": records around it")
        c.eq(cl.counter(cnt, "snort", name) >= 1, True, what + ": " + name)
        c.eq(cl.counter(cnt, "snort", "datagrams"), 4, what + ": datagrams")

    # A raw IP packet, Snort on a link without a header: nethdr 0.
    raw = peer.alertpkt(SYN[14:], 1700000000.5, "raw", 1, 9, 1,
                        override=dict(nethdr=0, transhdr=20, data=40))
    recs, cnt = run(path, [raw])
    c.records(recs, [GOOD_REC], "raw IP packet, nethdr 0")

    # A message that fills its 256 bytes, control characters in it.
    msg = b"A\tB\nC\x7fD," + b"m" * 247
    recs, cnt = run(path, [peer.alertpkt(SYN, 1700000000.5, msg, 3, 77, 2)],
                    ["-S"])
    c.records(recs, ["10.1.0.1,10.1.0.2,1234,80,1,Incident:A B C D," +
                     "m" * 247 + " sid:77 gen:3 rev:2"],
              "-S with a message of 256 bytes and control characters")

    # UTF-8 passes; bytes that are not UTF-8 become '?'.
    msg = "Überwachung ✓ ".encode() + b"\xff\xc3(\xed\xa0\x80!"
    recs, cnt = run(path, [peer.alertpkt(SYN, 1700000000.5, msg, 1, 5, 1)],
                    ["-S"])
    c.records(recs, ["10.1.0.1,10.1.0.2,1234,80,1,Incident:Überwachung ✓ "
                     "??(???! sid:5 gen:1 rev:1"], "-S: UTF-8 kept, the rest '?'")
c.done()
