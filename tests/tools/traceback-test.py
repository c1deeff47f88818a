#!/usr/bin/python3
"""traceback-test.py - the agent's -T ADDRESS descriptions against SPIE
digests recomputed here with hashlib from the raw bytes of the captures
(run by tests/agent/traceback.sh).

The rule (PROTOCOL.md, "Traceback"): IPv4 with TOS, total length, flags +
fragment offset, TTL, checksum and option bytes zeroed, MD5 over IHL*4 + 8
bytes (the datagram if shorter); IPv6 with the top four bits of the traffic
class and the hop limit zeroed, MD5 over 40 + 8 (40 + payload length if
shorter).  The description must be "<32 lowercase hex>-<ADDRESS>"; a packet
captured too short for the digest keeps its ordinary description and is
counted as no-traceback-hash.  The file is read here with a pcap reader of
its own; the IP header is found by the link type's header length.
"""

import hashlib
import importlib.util
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "spie_vectors", os.path.join(at.HERE, "spie-vectors.py"))
sv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sv)

ck = at.Checker("traceback")
CAP = at.captures_dir()


def read_pcap(path):
    """(linktype, [frame bytes]) of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("%s: not a pcap file" % path)
    linktype = struct.unpack(e + "I", data[20:24])[0]
    frames, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        frames.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return linktype, frames


def l3_offset(linktype, fr):
    """Where the IP header starts, or None for frames that are not IP."""
    if linktype == 1:
        off = 12
        while len(fr) >= off + 2:
            t = fr[off] << 8 | fr[off + 1]
            if t in (0x8100, 0x88a8, 0x9100):
                off += 4
                continue
            return off + 2 if t in (0x0800, 0x86dd) else None
        return None
    if linktype in (0, 108):
        return 4
    if linktype in (113, 276):
        # The protocol field, then VLAN tags a driver left in place.
        off, t = (16, fr[14:16]) if linktype == 113 else (20, fr[0:2])
        while t in (b"\x81\x00", b"\x88\xa8") and len(fr) >= off + 4:
            t = fr[off + 2:off + 4]
            off += 4
        return off if t in (b"\x08\x00", b"\x86\xdd") else None
    if linktype in (101, 228, 229):
        return 0
    raise ValueError("link type %d not handled here" % linktype)


def expected(l3):
    """(src, dst, digest or None) of the IP packet at l3."""
    if len(l3) < 1:
        return None
    v = l3[0] >> 4
    if v == 4 and len(l3) >= 20:
        ihl = (l3[0] & 0x0f) * 4
        total = l3[2] << 8 | l3[3]
        n = ihl + 8
        if total != 0 and ihl <= total < n:
            n = total
        # Bytes past the datagram (padding) are not the packet's.
        have = min(len(l3), total) if total >= ihl else len(l3)
        src = ".".join(str(b) for b in l3[12:16])
        dst = ".".join(str(b) for b in l3[16:20])
        d = hashlib.md5(sv.mask4(l3)).hexdigest() if have >= n else None
        return src, dst, d
    if v == 6 and len(l3) >= 40:
        import socket
        plen = l3[4] << 8 | l3[5]
        n = 40 + plen if 0 < plen < 8 else 48
        have = min(len(l3), 40 + plen) if plen else len(l3)
        src = socket.inet_ntop(socket.AF_INET6, l3[8:24])
        dst = socket.inet_ntop(socket.AF_INET6, l3[24:40])
        d = hashlib.md5(sv.mask6(l3)).hexdigest() if have >= n else None
        return src, dst, d
    return None


def check_capture(cap, tc, every_frame_drawn=False):
    linktype, frames = read_pcap(os.path.join(CAP, cap))
    want = []
    for fr in frames:
        off = l3_offset(linktype, fr)
        if off is None or off > len(fr):
            continue
        e = expected(fr[off:])
        if e is not None:
            want.append(e)
    rc, out, err = at.run_agent(["-r", cap, "--fast", "-n", "-T", tc],
                                cwd=CAP)
    ck.eq(rc, 0, "%s -T %s: exit status" % (cap, tc))
    rc0, out0, _ = at.run_agent(["-r", cap, "--fast", "-n", "-q"], cwd=CAP)
    got = at.all_records(out)
    plain = at.all_records(out0)
    ck.eq(len(got), len(plain), "%s -T: the same packets are drawn" % cap)
    ck.eq([r[:5] for r in got], [r[:5] for r in plain],
          "%s -T: only the descriptions change" % cap)
    pat = re.compile(r"([0-9a-f]{32})-" + re.escape(tc))
    nohash = 0
    j = 0
    for k, r in enumerate(got):
        m = pat.fullmatch(r[5])
        if m is None:
            nohash += 1
            ck.eq(r[5], plain[k][5], "%s record %d: without a digest, the "
                  "ordinary description" % (cap, k + 1))
        # The next frame, in order, that this record can stand for.
        while j < len(want):
            src, dst, d = want[j]
            j += 1
            if (src, dst) == (r[0], r[1]) and \
                    (d == m.group(1) if m else d is None):
                break
            if every_frame_drawn:
                ck.check(False, "%s record %d: %s, the digest of frame %d "
                         "is %s" % (cap, k + 1, r[5], j, d))
                break
        else:
            ck.check(False, "%s record %d (%s) matches no frame's digest "
                     "in order" % (cap, k + 1, ",".join(r)))
            break
    full, flat = at.counters(err)
    ck.eq(flat.get("no-traceback-hash", 0), nohash,
          "%s: no-traceback-hash counter" % cap)
    return got, nohash


def main():
    got, nohash = check_capture("traceback.pcap", "192.0.2.77",
                                every_frame_drawn=True)
    ck.eq(len(got), 11, "traceback.pcap: every frame drawn")
    ck.eq(nohash, 0, "traceback.pcap: every frame hashed")
    # Two TCP SYNs that differ only in what routers change: one digest.
    ck.check(got[0][5] == got[1][5], "TOS, TTL, DF and checksum do not "
             "change the digest")
    got6, _ = check_capture("traceback.pcap", "2001:db8::77",
                            every_frame_drawn=True)
    ck.eq([r[5][:32] for r in got6], [r[5][:32] for r in got],
          "the digest does not depend on the bridge address")
    check_capture("traceback.pcap", "tc-bridge.example")
    for cap in ("ipv4-options.pcap", "ipv4-frag.pcap", "ipv6-ext.pcap",
                "eth-udp-icmp.pcap", "vlan-qinq.pcap", "sll.pcap",
                "sll2.pcap", "null-le.pcap", "loop.pcap", "raw.pcap"):
        check_capture(cap, "192.0.2.77")
    # Short captures: some records keep their description.
    _, nohash = check_capture("snaplen.pcap", "192.0.2.77")
    ck.check(nohash > 0, "snaplen.pcap: packets too short for a digest")
    ck.done()


if __name__ == "__main__":
    main()
