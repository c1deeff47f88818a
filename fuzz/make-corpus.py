#!/usr/bin/python3
"""make-corpus.py - seed inputs for fuzz-decode from capture files.

    fuzz/make-corpus.py [-n FRAMES] [-o DIR] [--max-len BYTES] [CAPTURE|DIR ...]

Takes the first FRAMES frames (default 4) of every pcap or pcapng file given
(default: ../shared/captures/tcpdump beside the source tree) whose link type
common/decode.h supports, writes each as one input -- a byte for the link type
(its low byte, as fuzz/fuzz-decode.c reads it) then the captured bytes -- named
by the SHA-1 of its content, so duplicates collapse.  Frames are cut at
--max-len (default 4096) bytes.

The committed seed set (fuzz/corpus/fuzz-decode) is this output minimised by
coverage with libFuzzer:
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--frames", type=int, default=4)
    ap.add_argument("-o", "--out", default=os.path.join(HERE, "corpus",
                                                        "fuzz-decode"))
    ap.add_argument("--max-len", type=int, default=4096)
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()

    inputs = args.captures or [os.path.join(TOP, "..", "shared", "captures",
                                            "tcpdump")]
    files = []
    for p in inputs:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p)
                            if not f.startswith("."))
        else:
            files.append(p)
    if not files:
        sys.exit("make-corpus: no capture files")

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
