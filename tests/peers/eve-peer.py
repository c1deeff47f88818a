#!/usr/bin/python3
"""eve-peer.py - Suricata's EVE JSON output, for the agent's tests.

Suricata is not in Debian 12.  This peer writes events as Suricata's user
guide specifies them ("Eve JSON Format": the common section, the alert,
anomaly and flow event types; the drop fields as output-json-drop.c writes
them) and delivers them as Suricata's eve-log filetypes do:

  regular      one compact JSON object a line, appended to a file; rotation
               as logrotate and Suricata's SIGHUP do it (the file renamed,
               Suricata writing the old one until it opens a new one at the
               path), truncation as copytruncate does it
  unix_dgram   Suricata connect()s a datagram socket to the path the reader
               bound and send()s one event, newline included, per datagram
  unix_stream  Suricata connect()s a stream socket to the path the reader
               listens on and writes one event a line

Events (keys in Suricata's order):

  {"timestamp": "2023-11-14T22:13:20.000000+0100",   local time, its offset
   "flow_id": N, "event_type": "alert", "src_ip": "10.0.0.1",
   "src_port": 40001, "dest_ip": "10.0.0.2", "dest_port": 80,
   "proto": "TCP",                    or "UDP", "ICMP", "IPv6-ICMP", "006"
   "icmp_type": 8, "icmp_code": 0,    ICMP only
   "alert": {"action": "allowed", "gid": 1, "signature_id": 1000000,
             "rev": 1, "signature": "...", "category": "...",
             "severity": 2},
   "payload": "<base64>", "payload_printable": "...", "stream": 0,
   "packet": "<base64 of the frame>", "packet_info": {"linktype": 1}}

IPv6 addresses are written in full, four digits a group, as Suricata
writes them.  Tested with it (tests/eve/): file rotation, truncation, a file
created later, replay from the start with --fast and paced, and both socket
kinds.

Run as a program: eve-peer.py [--mode regular|unix_dgram|unix_stream]
[--no-packet] [--payload] PATH CAPTURE writes one alert per packet of the
(Ethernet, classic pcap) capture: signature "PACKTER test alert N", gid 1,
sid 1000000+N, rev 1+N%3, severity 1+N%3.
"""
import argparse
import base64
import ipaddress
import json
import os
import socket
import struct
import sys
import time

PROTO_NAMES = {6: "TCP", 17: "UDP", 1: "ICMP", 58: "IPv6-ICMP"}


def timestamp(t, offset_min=60):
    """Suricata's "%Y-%m-%dT%H:%M:%S.%06u%z" of UTC time t, in a zone
    offset_min minutes east of UTC."""
    us = int(round(t * 1e6))
    sec, usec = divmod(us, 1000000)
    local = time.gmtime(sec + offset_min * 60)
    sign = "+" if offset_min >= 0 else "-"
    off = abs(offset_min)
    return "%s.%06d%s%02d%02d" % (time.strftime("%Y-%m-%dT%H:%M:%S", local),
                                   usec, sign, off // 60, off % 60)


def addr_text(family, b):
    if family == 4:
        return str(ipaddress.IPv4Address(b))
    h = b.hex()
    return ":".join(h[i:i + 4] for i in range(0, 32, 4))


def tuple_of(frame):
    """(family, proto, src, dst, sport, dport, icmp, payload) of an Ethernet
    frame (addresses as Suricata writes them), or None."""
    off, etype = 14, struct.unpack(">H", frame[12:14])[0]
    while etype in (0x8100, 0x88a8) and off + 4 <= len(frame):
        etype = struct.unpack(">H", frame[off + 2:off + 4])[0]
        off += 4
    if etype == 0x0800 and len(frame) >= off + 20:
        fam, proto = 4, frame[off + 9]
        src, dst = frame[off + 12:off + 16], frame[off + 16:off + 20]
        l4 = off + (frame[off] & 15) * 4
    elif etype == 0x86dd and len(frame) >= off + 40:
        fam, proto = 6, frame[off + 6]
        src, dst = frame[off + 8:off + 24], frame[off + 24:off + 40]
        l4 = off + 40
    else:
        return None
    sp = dp = 0
    icmp = None
    data = b""
    if proto in (6, 17) and len(frame) >= l4 + 8:
        sp, dp = struct.unpack(">HH", frame[l4:l4 + 4])
        hl = (frame[l4 + 12] >> 4) * 4 if proto == 6 else 8
        data = frame[l4 + hl:]
    elif proto in (1, 58) and len(frame) >= l4 + 2:
        icmp = (frame[l4], frame[l4 + 1])
        data = frame[l4 + 8:]
    return (fam, proto, addr_text(fam, src), addr_text(fam, dst), sp, dp,
            icmp, data)


def common(ts, event_type, tup, flow_id=1, offset_min=60, proto_text=None):
    fam, proto, src, dst, sp, dp, icmp, _data = tup
    ev = {"timestamp": timestamp(ts, offset_min), "flow_id": flow_id,
          "event_type": event_type, "src_ip": src}
    if proto in (6, 17):
        ev["src_port"] = sp
    ev["dest_ip"] = dst
    if proto in (6, 17):
        ev["dest_port"] = dp
    ev["proto"] = proto_text or PROTO_NAMES.get(proto, "%03d" % proto)
    if icmp is not None:
        ev["icmp_type"], ev["icmp_code"] = icmp
    return ev


def add_packet(ev, frame, tup, packet, payload, linktype=1):
    if payload:
        ev["payload"] = base64.b64encode(tup[7]).decode()
        ev["payload_printable"] = "".join(
            chr(c) if 32 <= c < 127 else "." for c in tup[7])
        ev["stream"] = 0
    if packet:
        ev["packet"] = base64.b64encode(frame).decode()
        ev["packet_info"] = {"linktype": linktype}
    return ev


def test_alert(i):
    """(signature, gid, sid, rev, severity) of the test's alert N."""
    return ("PACKTER test alert %d" % i, 1, 1000000 + i, 1 + i % 3,
            1 + i % 3)


def alert(frame, ts, sig, gid, sid, rev, severity, packet=True,
          payload=False, offset_min=60, proto_text=None):
    tup = tuple_of(frame)
    ev = common(ts, "alert", tup, offset_min=offset_min,
                proto_text=proto_text)
    ev["alert"] = {"action": "allowed", "gid": gid, "signature_id": sid,
                   "rev": rev, "signature": sig,
                   "category": "Misc activity", "severity": severity}
    return add_packet(ev, frame, tup, packet, payload)


def anomaly(frame, ts, kind="decode", event="decoder.udp.pkt_too_small",
            packet=True, layer=None):
    tup = tuple_of(frame)
    ev = common(ts, "anomaly", tup)
    if packet:
        ev["packet"] = base64.b64encode(frame).decode()
        ev["packet_info"] = {"linktype": 1}
    ev["anomaly"] = {"type": kind, "event": event}
    if layer is not None:
        ev["anomaly"]["layer"] = layer
    return ev


def drop(frame, ts, reason=None, with_alert=None):
    """A drop event: the TCP flags and the IP fields of the packet dropped;
    with_alert = (signature, gid, sid, rev, severity) as "drop: alerts: yes"
    adds it."""
    tup = tuple_of(frame)
    ev = common(ts, "drop", tup)
    d = {"len": len(frame) - 14, "tos": 0, "ttl": 64, "ipid": 0}
    if tup[1] == 6:
        fl = frame[14 + (frame[14] & 15) * 4 + 13] if tup[0] == 4 else \
            frame[14 + 40 + 13]
        d.update({"tcpseq": 1, "tcpack": 0, "tcpwin": 8192,
                  "syn": bool(fl & 2), "ack": bool(fl & 16),
                  "psh": bool(fl & 8), "rst": bool(fl & 4),
                  "urg": bool(fl & 32), "fin": bool(fl & 1), "tcpres": 0,
                  "tcpurgp": 0})
    elif tup[1] == 17:
        d["udplen"] = len(tup[7]) + 8
    if reason is not None:
        d["reason"] = reason
    ev["drop"] = d
    if with_alert is not None:
        sig, gid, sid, rev, sev = with_alert
        ev["alert"] = {"action": "blocked", "gid": gid, "signature_id": sid,
                       "rev": rev, "signature": sig, "category": "x",
                       "severity": sev}
    return ev


def flow(frame, ts):
    tup = tuple_of(frame)
    ev = common(ts, "flow", tup)
    ev["app_proto"] = "failed"
    ev["flow"] = {"pkts_toserver": 1, "pkts_toclient": 0,
                  "bytes_toserver": len(frame), "bytes_toclient": 0,
                  "start": timestamp(ts), "end": timestamp(ts), "age": 0,
                  "state": "new", "reason": "timeout", "alerted": False}
    return ev


def line(ev):
    """One event as Suricata writes it: compact, a newline after it."""
    return (json.dumps(ev, separators=(",", ":")) + "\n").encode()


# --- delivery ---------------------------------------------------------------

class EveFile:
    """An eve.json as Suricata keeps it: opened for appending, unbuffered."""

    def __init__(self, path):
        self.path = path
        self.f = open(path, "ab", buffering=0)

    def write(self, data):
        self.f.write(data)

    def rotate(self, create=False):
        """logrotate renames the file; with create=True it makes a new empty
        one at once.  Suricata goes on writing the renamed one (self.old)
        until reopen()."""
        os.rename(self.path, self.path + ".1")
        if create:
            open(self.path, "ab").close()
        self.old = self.f

    def reopen(self):
        """Suricata's SIGHUP: the old file closed, the path opened."""
        self.old.close()
        self.f = open(self.path, "ab", buffering=0)

    def truncate(self):
        """copytruncate: the file cut to 0 under Suricata's open O_APPEND
        descriptor, which then writes at the new end."""
        os.truncate(self.path, 0)

    def close(self):
        self.f.close()


class EveDgram:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.s.connect(path)

    def write(self, data):
        for ln in data.splitlines(keepends=True):
            self.s.send(ln)

    def close(self):
        self.s.close()


class EveStream:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)

    def write(self, data):
        self.s.sendall(data)

    def close(self):
        self.s.close()


def open_writer(mode, path):
    return {"regular": EveFile, "unix_dgram": EveDgram,
            "unix_stream": EveStream}[mode](path)


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nano = data[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        out.append((sec + frac / (1e9 if nano else 1e6),
                    data[off:off + incl]))
        off += incl
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="regular",
                    choices=("regular", "unix_dgram", "unix_stream"))
    ap.add_argument("--no-packet", action="store_true")
    ap.add_argument("--payload", action="store_true")
    ap.add_argument("path")
    ap.add_argument("capture")
    a = ap.parse_args()
    w = open_writer(a.mode, a.path)
    for i, (ts, frame) in enumerate(read_pcap(a.capture)):
        if tuple_of(frame) is None:
            continue
        sig, gid, sid, rev, sev = test_alert(i)
        w.write(line(alert(frame, ts, sig, gid, sid, rev, sev,
                           packet=not a.no_packet, payload=a.payload)))
    w.close()


if __name__ == "__main__":
    sys.exit(main())
