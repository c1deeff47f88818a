#!/usr/bin/python3
"""make-corpus.py - seed inputs for the fuzz targets from capture files.

    fuzz/make-corpus.py [-k decode|sflow|netflow] [-n FRAMES] [-o DIR]
                        [--max-len BYTES] [CAPTURE|DIR ...]

Inputs are named by the SHA-1 of their content, so duplicates collapse.

-k decode (the default): the first FRAMES frames (default 4) of every pcap or
pcapng file given (default: tcpdump's captures, tests/data/tcpdump)
whose link type common/decode.h supports, each as one input: a byte for the
link type (its low byte, as fuzz/fuzz-decode.c reads it), then the captured
bytes, cut at --max-len (default 4096).

-k sflow: every UDP payload of the first FRAMES frames of each capture (default
the sFlow captures of tests/data, and of the vendor captures' folder that
PACKTER_FLOW_CAPTURES names, else ../shared/captures/flows when present) as
one input, as fuzz-sflow reads it.

-k netflow: the UDP payloads of the first FRAMES frames of each capture, as one
input per capture in fuzz-netflow's framing (flags byte with the exporter
index, 16-bit big-endian length, payload), exporters numbered by source
address in order of appearance.  Captures named X-template(s) and X-data are
one input, templates first, so that the data decodes.

The committed seed sets are this output minimised by coverage with libFuzzer:
    fuzz/make-corpus.py -n 16 -o /tmp/raw
    build-fuzz/fuzz/fuzz-decode -merge=1 fuzz/corpus/fuzz-decode /tmp/raw
"""

import argparse
import hashlib
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def supported_linktypes():
    """The PK_DLT_* numbers of common/decode.h."""
    types = set()
    with open(os.path.join(TOP, "common", "decode.h")) as f:
        for line in f:
            m = re.match(r"#define\s+PK_DLT_\w+\s+(\d+)\b", line)
            if m:
                types.add(int(m.group(1)))
    return types


def read_pcap(data, nframes):
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return
    if len(data) < 24:
        return
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0xFFFF
    off = 24
    n = 0
    while n < nframes and off + 16 <= len(data):
        caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        off += 16
        if caplen > len(data) - off:
            return
        yield linktype, data[off:off + caplen]
        off += caplen
        n += 1


def read_pcapng(data, nframes):
    off = 0
    e = "<"
    ifaces = []
    n = 0
    while n < nframes and off + 12 <= len(data):
        btype = struct.unpack(e + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = data[off + 8:off + 12]
            e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            ifaces = []
        blen = struct.unpack(e + "I", data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 2:          # interface description
            ifaces.append(struct.unpack(e + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:       # enhanced packet
            ifid, _, _, caplen = struct.unpack(e + "IIII", body[:16])
            if ifid < len(ifaces) and caplen <= len(body) - 20:
                yield ifaces[ifid], body[20:20 + caplen]
                n += 1
        elif btype == 3 and len(body) >= 4 and ifaces:  # simple packet
            plen = struct.unpack(e + "I", body[:4])[0]
            yield ifaces[0], body[4:4 + min(plen, len(body) - 4)]
            n += 1
        off += blen


def frames(path, nframes):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return read_pcapng(data, nframes)
    return read_pcap(data, nframes)


def udp_payload(linktype, frame):
    """(source address, UDP payload) of an unfragmented datagram, or None."""
    off = 0
    proto = None
    if linktype == 1:
        off, proto = 14, frame[12:14]
        while proto in (b"\x81\x00", b"\x88\xa8") and len(frame) >= off + 4:
            proto = frame[off + 2:off + 4]
            off += 4
    elif linktype == 113:
        off, proto = 16, frame[14:16]
    elif linktype == 276:
        off, proto = 20, frame[0:2]
    elif linktype in (0, 108):
        off = 4
    elif linktype not in (12, 14, 101, 228, 229):
        return None
    ip = frame[off:]
    if len(ip) < 1 or (proto is not None and
                       proto not in (b"\x08\x00", b"\x86\xdd")):
        return None
    if ip[0] >> 4 == 4 and len(ip) >= 20:
        ihl = (ip[0] & 15) * 4
        frag = struct.unpack(">H", ip[6:8])[0]
        if ip[9] != 17 or frag & 0x3FFF:
            return None
        src, udp = ip[12:16], ip[ihl:]
    elif ip[0] >> 4 == 6 and len(ip) >= 40:
        if ip[6] != 17:
            return None
        src, udp = ip[8:24], ip[40:]
    else:
        return None
    if len(udp) < 8:
        return None
    ulen = struct.unpack(">H", udp[4:6])[0]
    return src, udp[8:max(8, min(ulen, len(udp)))]


def write_input(outdir, blob):
    name = hashlib.sha1(blob).hexdigest()
    dst = os.path.join(outdir, name)
    if os.path.exists(dst):
        return 0
    with open(dst, "wb") as f:
        f.write(blob)
    return 1


def flow_groups(files):
    """Captures grouped: X-template(s) before X-data, others alone."""
    groups = {}
    order = []
    for path in files:
        base = os.path.basename(path).rsplit(".", 1)[0]
        m = re.match(r"(.*)-(data|templates?)$", base)
        key = (os.path.dirname(path), m.group(1)) if m else (path,)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((0 if m and m.group(2) != "data" else 1, path))
    return [[p for _, p in sorted(groups[k])] for k in order]


def make_flow(args, files):
    os.makedirs(args.out, exist_ok=True)
    written = 0
    if args.kind == "sflow":
        for path in files:
            for linktype, frame in frames(path, args.frames):
                u = udp_payload(linktype, frame)
                if u and len(u[1]) >= 4:
                    written += write_input(args.out, u[1])
    else:
        for group in flow_groups(files):
            blob = b""
            exporters = {}
            for path in group:
                for linktype, frame in frames(path, args.frames):
                    u = udp_payload(linktype, frame)
                    if not u or len(u[1]) < 4 or len(blob) > 65536:
                        continue
                    idx = exporters.setdefault(u[0], len(exporters)) & 3
                    blob += bytes([idx]) + struct.pack(">H", len(u[1])) + u[1]
            if blob:
                written += write_input(args.out, blob)
    print("make-corpus: %d files read, %d %s inputs written to %s"
          % (len(files), written, args.kind, args.out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-k", "--kind", choices=("decode", "sflow", "netflow"),
                    default="decode")
    ap.add_argument("-n", "--frames", type=int, default=4)
    ap.add_argument("-o", "--out")
    ap.add_argument("--max-len", type=int, default=4096)
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()

    data = os.path.join(TOP, "tests", "data")     # tests/data/README.md
    vendor = os.environ.get("PACKTER_FLOW_CAPTURES") or \
        os.path.join(TOP, "..", "shared", "captures", "flows")
    if args.out is None:
        args.out = os.path.join(HERE, "corpus", "fuzz-" + args.kind)
    inputs = args.captures
    if not inputs:
        inputs = [os.path.join(data, "tcpdump")]
        if args.kind != "decode":
            inputs.append(os.path.join(data, "flows"))
            inputs += [d for d in (os.path.join(vendor, "akvorado"),
                                   os.path.join(vendor, "pmacct"))
                       if os.path.isdir(d)]
    files = []
    for p in inputs:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p)
                            if not f.startswith("."))
        else:
            files.append(p)
    if not args.captures and args.kind != "decode":
        want = ("sflow", "pmacct-sfprobe") if args.kind == "sflow" else \
            ("netflow", "nfv9", "ipfix", "cflow", "softflowd",
             "pmacct-nfprobe")
        files = [f for f in files
                 if os.path.basename(f).lower().startswith(want)
                 or (args.kind == "netflow" and "/pmacct/" in f)]
    if not files:
        sys.exit("make-corpus: no capture files")
    if args.kind != "decode":
        return make_flow(args, files)

    types = supported_linktypes()
    os.makedirs(args.out, exist_ok=True)
    written = skipped = 0
    for path in files:
        try:
            for linktype, frame in frames(path, args.frames):
                if linktype not in types:
                    skipped += 1
                    continue
                blob = bytes([linktype & 0xFF]) + frame[:args.max_len]
                name = hashlib.sha1(blob).hexdigest()
                dst = os.path.join(args.out, name)
                if not os.path.exists(dst):
                    with open(dst, "wb") as f:
                        f.write(blob)
                    written += 1
        except (OSError, struct.error) as ex:
            print("make-corpus: %s: %s" % (path, ex), file=sys.stderr)
    print("make-corpus: %d files read, %d inputs written to %s, "
          "%d frames of other link types skipped"
          % (len(files), written, args.out, skipped))


if __name__ == "__main__":
    main()
