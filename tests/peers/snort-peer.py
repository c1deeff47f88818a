#!/usr/bin/python3
"""snort-peer.py - Snort's alert_unixsock output, for the agent's tests.

Snort is not in Debian.  This peer follows Snort's published Alertpkt
struct byte for byte, as agent/snort.c's header lays it out (Snort 2.9:
spo_alert_unixsock.h, pcap_pkthdr32.h, event.h; Snort 3: alert_unixsock.cc):
one datagram per alert, sendto() of the whole struct to a Unix datagram
socket, integers in the host's byte order, no padding before pkt.

  offset  size
       0   256  alertmsg, NUL-terminated, at most 255 characters
     256    16  pkth: ts_sec, ts_usec, caplen, len
     272    20  dlthdr, nethdr, transhdr, data (offsets in pkt), val
     292 65535  pkt, from the link layer on
   65827     1  alignment
   65828    36  event: gid, sid, rev, class, priority, event id, event
                reference, reference time sec, usec
   65864        (OpenAppID builds: app_name[64], 65928 bytes in all)

Layouts (--layout):
  snort3   65,864 bytes, pkth field by field, nethdr for IPv4 and IPv6
  snort29  65,864 bytes, pkth right (2.9.8 and later), nethdr for IPv4 only
           (Snort 2 leaves it 0 for IPv6)
  appid    as snort29 plus app_name: 65,928 bytes (2.9.7+ with OpenAppID)
  old64    Snort 2.9 before 2.9.8 on a 64-bit host: pkth is the first 16
           bytes of a 64-bit struct timeval header, so ts_sec = the low half
           of the seconds, ts_usec = the high half (0), caplen = the
           microseconds, len = 0; and min(that caplen, snaplen) packet bytes
           are copied: the packet is cut short or padded with zeros.

Run as a program: snort-peer.py [--layout L] [--snaplen N] SOCKET CAPTURE
sends one alert per packet of the (Ethernet, classic pcap) capture:
message "PACKTER test alert N", gid 1, sid 1000000+N, rev 1+N%3.
"""
import argparse
import socket
import struct
import sys

MSG_LEN = 256
SNAPLEN = 65535
SIZE = 65864
SIZE_APPID = 65928
NO_PACKET = 0x1
NO_TRANSPORT = 0x2


def offsets(frame, layout):
    """(dlthdr, nethdr, transhdr, data, val) of an Ethernet frame, as Snort
    fills them for this layout."""
    off, etype = 14, struct.unpack(">H", frame[12:14])[0]
    while etype in (0x8100, 0x88a8) and off + 4 <= len(frame):
        etype = struct.unpack(">H", frame[off + 2:off + 4])[0]
        off += 4
    net = trans = data = 0
    val = NO_TRANSPORT
    if etype == 0x0800 and len(frame) >= off + 20:
        net = off
        proto = frame[off + 9]
        trans = off + (frame[off] & 15) * 4
    elif etype == 0x86dd and len(frame) >= off + 40:
        net = off if layout == "snort3" else 0
        proto = frame[off + 6]
        trans = off + 40
    else:
        return 0, 0, 0, 0, NO_TRANSPORT
    hl = {6: 20, 17: 8, 1: 8, 58: 8}.get(proto)
    if hl is not None and trans + hl <= len(frame):
        if proto == 6:
            hl = (frame[trans + 12] >> 4) * 4
        data = trans + hl
        val = 0
    else:
        trans = 0
    return 0, net, trans, data, val


def alertpkt(frame, ts, msg, gid, sid, rev, layout="snort3",
             snaplen=SNAPLEN, val=None, override=None):
    """One Alertpkt datagram for an Ethernet frame captured at ts.
    override: {field: value} to write fields as a broken Snort would."""
    sec, usec = int(ts), int(round((ts - int(ts)) * 1e6))
    if usec >= 1000000:
        sec, usec = sec + 1, usec - 1000000
    dlt, net, trans, data, v = offsets(frame, layout)
    if val is not None:
        v = val
    if v & NO_PACKET:
        frame = b""
        dlt = net = trans = data = 0
    if layout == "old64":
        # struct timeval { int64 tv_sec; int64 tv_usec; } over 4 x 32 bits
        f = dict(ts_sec=sec & 0xffffffff, ts_usec=sec >> 32, caplen=usec,
                 len=0)
        pkt = frame[:min(usec, snaplen)]
    else:
        f = dict(ts_sec=sec, ts_usec=usec, caplen=min(len(frame), snaplen),
                 len=len(frame))
        pkt = frame[:f["caplen"]]
    f.update(dlthdr=dlt, nethdr=net, transhdr=trans, data=data, val=v)
    f.update(override or {})
    m = msg.encode() if isinstance(msg, str) else msg
    b = m[:MSG_LEN].ljust(MSG_LEN, b"\0")
    b += struct.pack("=9I", f["ts_sec"], f["ts_usec"], f["caplen"], f["len"],
                     f["dlthdr"], f["nethdr"], f["transhdr"], f["data"],
                     f["val"])
    b += pkt[:SNAPLEN].ljust(SNAPLEN, b"\0")
    b += b"\0"                                  # alignment
    b += struct.pack("=9I", gid, sid, rev, 3, 2, 4242 + sid, 4242 + sid,
                     sec & 0xffffffff, usec)
    if layout == "appid":
        b += b"packter-test".ljust(64, b"\0")
    assert len(b) == (SIZE_APPID if layout == "appid" else SIZE)
    return b


def test_alert(i):
    """The message, gid, sid, rev of the peer's alert number i."""
    return "PACKTER test alert %d" % i, 1, 1000000 + i, 1 + i % 3


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1",) else ">"
    off, out = 24, []
    while off + 16 <= len(data):
        sec, usec, incl, _ = struct.unpack(e + "IIII", data[off:off + 16])
        out.append((sec + usec / 1e6, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layout", default="snort3",
                    choices=["snort3", "snort29", "appid", "old64"])
    ap.add_argument("--snaplen", type=int, default=SNAPLEN)
    ap.add_argument("socket")
    ap.add_argument("capture")
    a = ap.parse_args()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    for i, (ts, frame) in enumerate(read_pcap(a.capture)):
        msg, gid, sid, rev = test_alert(i)
        s.sendto(alertpkt(frame, ts, msg, gid, sid, rev, a.layout,
                          a.snaplen), a.socket)
    return 0


if __name__ == "__main__":
    sys.exit(main())
