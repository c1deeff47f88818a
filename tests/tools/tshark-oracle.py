#!/usr/bin/python3
"""tshark-oracle.py - check every expected output of tests/TESTLIST against
tshark's decode of the same capture.

For each case this script asks tshark (PDML: every protocol and field with
its byte position) what each frame holds, derives the PACKTER records from
that by the rules of PROTOCOL.md (its own code, not the agent's):

  * the outermost IPv4/IPv6 header; tunnels and ICMP quotes inside it are
    ignored (only the first IP layer and the transport header at the
    position right after it are read);
  * TCP needs 14 bytes (ports + flags), UDP 4, ICMP/ICMPv6 2, counted from
    the transport header to the end of the capture or of the IP datagram,
    whichever is first; less, or a later fragment, gives ports 0 0 with
    the class's flag and a "(truncated)" / "(fragment)" description;
  * flags 0-9 (SYN wins over FIN/RST), ICMP type*256 / code*256;
  * other protocols, ESP/AH, no-next-header, non-IP frames and IP headers
    cut short are skipped;

then batches the records as the agent's -n mode promises (a datagram closes
when the next record would pass --payload-size, when a record's packet time
is --flush-ms or more after the datagram's first, or with --no-batch after
every record) and compares the whole text with the committed expected file,
record by record, field by field.  It also checks the agent's counters that
follow from the same decode (records, fragments, truncated, skipped by
reason).  Trailing BPF words are applied by tcpdump before tshark reads the
file; with -R/--sample the records must be an ordered subset of the full
set.  Fields tshark does not decode are reported as unverified, not passed
silently.

    tshark-oracle.py [NAME ...]
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

TSHARK_OPTS = [
    "-o", "ip.defragment:FALSE",
    "-o", "ipv6.defragment:FALSE",
    "-o", "tcp.desegment_tcp_streams:FALSE",
    "-o", "tcp.analyze_sequence_numbers:FALSE",
    "-o", "udp.try_heuristic_first:FALSE",
    "-o", "ip.try_heuristic_first:FALSE",
]

# Link types the agent decodes (LINKTYPE_ numbers in files).
SUPPORTED_LINKTYPES = {0, 1, 9, 12, 14, 50, 101, 104, 105, 108, 113, 127,
                       228, 229, 276}

NEED = {6: 14, 17: 4, 1: 2, 58: 2}
NAME = {6: "TCP", 17: "UDP", 1: "ICMPv4", 58: "ICMPv6"}
EXT6 = {0: "ipv6.hopopts", 43: "ipv6.routing", 60: "ipv6.dstopts",
        44: "ipv6.fraghdr"}


class Unknown:
    """A value tshark did not decode: equal to anything, but counted."""
    hits = 0

    def __eq__(self, other):
        Unknown.hits += 1
        return True

    def __ne__(self, other):
        return not self.__eq__(other)

    def __str__(self):
        return "?"

    __repr__ = __str__


def fields_of(elem, prefix=None):
    """The fields directly or indirectly inside elem, but not inside a
    nested <proto> (so an IPv6 extension header's fields stay its own)."""
    out = {}

    def walk(e):
        for ch in e:
            if ch.tag == "proto":
                continue
            if ch.tag == "field":
                name = ch.get("name")
                if name and name not in out:
                    out[name] = ch
                walk(ch)

    walk(elem)
    return out


def ival(f, name, default=None):
    e = f.get(name)
    if e is None or e.get("show") is None:
        return default
    s = e.get("show")
    try:
        return int(s, 0)
    except ValueError:
        # "0x0002" and plain decimal are handled above; also "1" / "True".
        if s in ("True", "Set"):
            return 1
        if s in ("False", "Not set"):
            return 0
        return default


def sval(f, name):
    e = f.get(name)
    return None if e is None else e.get("show")


def fmt_addr(family, text):
    if family == 4:
        return socket.inet_ntop(socket.AF_INET,
                                socket.inet_pton(socket.AF_INET, text))
    return socket.inet_ntop(socket.AF_INET6,
                            socket.inet_pton(socket.AF_INET6, text))


class Frame:
    """What the oracle derives for one frame."""

    def __init__(self):
        self.number = 0
        self.sec = 0
        self.usec = 0
        self.result = None      # "record", or a skip bucket name
        self.rec = None         # [src, dst, sport, dport, flag, desc]
        self.l4 = None          # "ok", "fragment", "truncated"
        self.family = 0
        self.proto = None


def parse_time(frame_fields):
    t = sval(frame_fields, "frame.time_epoch")
    sec, _, frac = t.partition(".")
    frac = (frac + "000000")[:6]            # truncate to microseconds
    return int(sec), int(frac)


def derive(pkt):
    """One <packet> element -> Frame."""
    fr = Frame()
    protos = [p for p in pkt if p.tag == "proto"]
    ff = fields_of(next(p for p in protos if p.get("name") == "frame"))
    fr.number = ival(ff, "frame.number")
    fr.sec, fr.usec = parse_time(ff)
    caplen = ival(ff, "frame.cap_len")

    ip_idx = None
    for i, p in enumerate(protos):
        if p.get("name") in ("ip", "ipv6"):
            ip_idx = i
            break
    if ip_idx is None:
        fr.result = "non-ip"
        return fr
    ipel = protos[ip_idx]
    l3 = int(ipel.get("pos"))
    f = fields_of(ipel)
    after = protos[ip_idx + 1:]

    if ipel.get("name") == "ip":
        fr.family = 4
        hlen = ival(f, "ip.hdr_len")
        if hlen is None or caplen < l3 + 20:
            fr.result = "trunc-ip"
            return fr
        if hlen < 20:
            fr.result = "trunc-ip"      # invalid: same bucket
            return fr
        if caplen < l3 + hlen:
            fr.result = "trunc-ip"
            return fr
        total = ival(f, "ip.len")
        if total == 0:
            total = caplen - l3
        if total < hlen:
            fr.result = "trunc-ip"
            return fr
        proto = ival(f, "ip.proto")
        later = ival(f, "ip.frag_offset", 0) != 0
        src = fmt_addr(4, sval(f, "ip.src"))
        dst = fmt_addr(4, sval(f, "ip.dst"))
        l4 = l3 + hlen
        limit = min(caplen, l3 + total)
    else:
        fr.family = 6
        if caplen < l3 + 40:
            fr.result = "trunc-ip"
            return fr
        plen = ival(f, "ipv6.plen")
        limit = caplen if plen == 0 else min(caplen, l3 + 40 + plen)
        nh = ival(f, "ipv6.nxt")
        src = fmt_addr(6, sval(f, "ipv6.src"))
        dst = fmt_addr(6, sval(f, "ipv6.dst"))
        pos = l3 + 40
        later = False
        nested = [p for p in ipel.iter("proto") if p is not ipel]
        k = 0
        while nh in EXT6:
            want = EXT6[nh]
            ext = None
            while k < len(nested):
                cand = nested[k]
                k += 1
                if cand.get("name") == want and int(cand.get("pos")) == pos:
                    ext = cand
                    break
            if ext is None:
                fr.result = "trunc-ip"
                return fr
            ef = fields_of(ext)
            if nh == 44:
                if pos + 8 > limit:
                    fr.result = "trunc-ip"
                    return fr
                nh = ival(ef, "ipv6.fraghdr.nxt")
                pos += 8
                if ival(ef, "ipv6.fraghdr.offset", 0) != 0:
                    later = True
                    break
            else:
                n = ival(ef, want + ".len")
                if n is None or pos + (n + 1) * 8 > limit:
                    fr.result = "trunc-ip"
                    return fr
                nh = ival(ef, want + ".nxt")
                pos += (n + 1) * 8
        proto = nh
        l4 = pos

    fr.proto = proto
    if proto not in NEED or (fr.family == 4 and proto == 58) or \
            (fr.family == 6 and proto == 1):
        if later:
            fr.result = "ip-proto"
        elif proto in (50, 51):
            fr.result = "esp-ah"
        elif proto == 59 and fr.family == 6:
            fr.result = "no-next"
        else:
            fr.result = "ip-proto"
        return fr

    fr.result = "record"
    base = 0 if fr.family == 4 else 5
    name = NAME[proto]
    if later:
        fr.l4 = "fragment"
    elif limit - l4 >= NEED[proto]:
        fr.l4 = "ok"
    else:
        fr.l4 = "truncated"
    if fr.l4 != "ok":
        cls = {6: 0, 17: 3, 1: 4, 58: 4}[proto]
        fr.rec = [src, dst, 0, 0, base + cls,
                  "%s src:%s dst:%s (%s)" % (name, src, dst, fr.l4)]
        return fr

    # The transport header tshark decoded at exactly that position.
    tname = {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}[proto]
    tel = None
    for p in after:
        if p.get("name") == tname and p.get("pos") is not None and \
                int(p.get("pos")) == l4:
            tel = p
            break
    tf = fields_of(tel) if tel is not None else {}
    if proto in (6, 17):
        sp = ival(tf, tname + ".srcport")
        dp = ival(tf, tname + ".dstport")
        sp = Unknown() if sp is None else sp
        dp = Unknown() if dp is None else dp
        if proto == 6:
            fl = ival(tf, "tcp.flags")
            if fl is None:
                cls = Unknown()
            elif fl & 0x02:
                cls = 1
            elif fl & 0x05:
                cls = 2
            else:
                cls = 0
        else:
            cls = 3
        flag = cls if isinstance(cls, Unknown) else base + cls
        fr.rec = [src, dst, sp, dp, flag,
                  "%s src:%s(%s) dst:%s(%s)" % (name, src, sp, dst, dp)]
        if isinstance(sp, Unknown) or isinstance(dp, Unknown):
            fr.rec[5] = Unknown()
    else:
        t = ival(tf, tname + ".type")
        c = ival(tf, tname + ".code")
        if t is None or c is None:
            fr.rec = [src, dst, Unknown(), Unknown(), base + 4, Unknown()]
        else:
            fr.rec = [src, dst, t * 256, c * 256, base + 4,
                      "%s src:%s dst:%s (type:%d code:%d)" % (
                          name, src, dst, t, c)]
    return fr


TSHARK_CACHE = {}


def tshark_frames(path):
    """Run tshark on path; return (frames, tshark's stderr)."""
    r = subprocess.run(["tshark", "-n", "-r", path, "-T", "pdml"] +
                       TSHARK_OPTS, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    text = r.stdout.decode(errors="replace")
    if "<pdml" not in text:
        raise RuntimeError("tshark failed on %s: %s" % (
            path, r.stderr.decode(errors="replace")))
    frames = []
    # Parse packet by packet, so that a damaged file's partial output works.
    for m in re.finditer(r"<packet>.*?</packet>", text, re.S):
        frames.append(derive(ET.fromstring(m.group(0))))
    return frames, r.stderr.decode(errors="replace")


def linktype_of(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24:
        return None
    magic = head[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        return int.from_bytes(head[20:24], "little")
    if magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        return int.from_bytes(head[20:24], "big")
    if magic == b"\x0a\x0d\x0d\x0a":
        # pcapng: the first IDB follows the SHB.
        with open(path, "rb") as f:
            data = f.read(4096)
        shb_len = int.from_bytes(data[4:8], "little")
        return int.from_bytes(data[shb_len + 8:shb_len + 10], "little")
    return None


class Opts:
    def __init__(self, args):
        self.payload = 1400
        self.flush_us = 5000
        self.batch = True
        self.times = True
        self.flag_base = 0
        self.tc = None
        self.sampled = False
        self.loops = 1
        self.quiet = False
        self.filter = []
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("--fast", "-n"):
                pass
            elif a == "-q":
                self.quiet = True
            elif a == "--no-batch":
                self.batch = False
            elif a == "--no-capture-time":
                self.times = False
            elif a == "--payload-size":
                i += 1
                self.payload = int(args[i])
            elif a == "--flush-ms":
                i += 1
                self.flush_us = int(args[i]) * 1000
            elif a == "-f":
                i += 1
                self.flag_base = int(args[i])
            elif a == "-T":
                i += 1
                self.tc = args[i]
            elif a in ("-R", "--sample"):
                i += 1
                self.sampled = True
            elif a == "--seed":
                i += 1
            elif a == "--loop":
                i += 1
                self.loops = int(args[i])
            elif a.startswith("-"):
                raise ValueError("the oracle does not know option %s" % a)
            else:
                self.filter = args[i:]
                break
            i += 1


def batch(records, o):
    """records: list of (sec, usec, line) -> the -n text the agent owes.
    With capture times each datagram ends with a PACKTERTIME line whose
    room is kept as records come (agent/sender.c): "PACKTERTIME S.UUUUUU"
    for the first record, " DELTA" for each further one, "\n"."""
    out = []
    cur = None
    first_max = 39 if o.times else 0        # PT_TIME_FIRST_MAX
    for sec, usec, line in records:
        if len(line) + 8 + (first_max + 1 if o.times else 0) > o.payload:
            continue
        t = sec * 1000000 + usec
        tl = 0
        if cur is not None:
            gap = (sec - cur[0]) * 1000000 + (usec - cur[1])
            if o.times:
                tl = len(" %d" % (t - cur[5]))
            if not o.batch or gap >= o.flush_us or gap < 0 or \
                    cur[2] + len(line) + cur[4] + tl + 1 > o.payload:
                out.append(cur)
                cur = None
        if cur is None:
            cur = [sec, usec, 8, [], 0, t]
            if o.times:
                tl = len("PACKTERTIME %d.%06d" % (sec, usec))
        cur[3].append(line)
        cur[2] += len(line)
        cur[4] += tl
        cur[5] = t
    if cur is not None:
        out.append(cur)
    return out


def split_expected(text):
    """Expected file -> (stdout text, stderr lines, exit status)."""
    out, err, status = [], [], None
    for line in text.split("\n"):
        if line.startswith("stderr: "):
            err.append(line[8:])
        elif line.startswith("exit: "):
            status = int(line[6:])
        else:
            out.append(line)
    return "\n".join(out), err, status


def rec_str(r):
    return ",".join(str(x) for x in r)


def check_case(ck, name, cap, args, expected_path, capdir, tmpdir):
    with open(expected_path, encoding="utf-8") as f:
        stdout, err, status = split_expected(f.read())
    o = Opts(args)
    path = os.path.join(capdir, cap)
    lt = linktype_of(path)
    got_dgrams = at.parse_print(stdout.encode())
    got = []            # (sec, usec, fields); the time of a datagram's
    got_times = []      # first record only; and each record's own time
    for sec, usec, payload in got_dgrams:
        recs = at.records_of(payload)
        times = at.times_of(payload)
        if o.times and recs:
            ck.check(times is not None and len(times) == len(recs),
                     "%s: a datagram without a capture time per record: "
                     "%r" % (name, payload[-80:]))
        elif not o.times:
            ck.check(times is None, "%s: PACKTERTIME with "
                     "--no-capture-time" % name)
        for i, r in enumerate(recs):
            got.append((sec, usec, r) if i == 0 else (None, None, r))
            got_times.append(times[i] if times and i < len(times) else None)

    if lt is None or lt not in SUPPORTED_LINKTYPES:
        ck.eq(len(got), 0, "%s: records from a file the agent cannot read"
              % name)
        ck.eq(status, 2, "%s: exit status for an unreadable file" % name)
        ck.check(any(cap in line for line in err),
                 "%s: the error names the file: %r" % (name, err))
        return

    if o.filter:
        filtered = os.path.join(tmpdir, name + ".pcap")
        r = subprocess.run(["tcpdump", "-r", path, "-w", filtered] +
                           o.filter, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if not ck.eq(r.returncode, 0, "%s: tcpdump filter %s" %
                     (name, o.filter)):
            return
        path = filtered
    key = (path, tuple(o.filter))
    if key not in TSHARK_CACHE:
        TSHARK_CACHE[key] = tshark_frames(path)
    frames, tserr = TSHARK_CACHE[key]
    damaged = "cut short" in tserr or "damaged" in tserr or \
        "corrupt" in tserr
    if damaged:
        ck.eq(status, 1, "%s: exit status after a damaged file" % name)
        ck.check(any(cap in line for line in err),
                 "%s: the error names the file: %r" % (name, err))
    else:
        ck.eq(status, 0, "%s: exit status" % name)
    frames = frames * o.loops

    want = []
    for fr in frames:
        if fr.result != "record":
            continue
        r = list(fr.rec)
        r[4] = r[4] + o.flag_base if not isinstance(r[4], Unknown) else r[4]
        if o.tc is not None:
            r[5] = "digest"
        want.append((fr.sec, fr.usec, r))

    def same(got_field, want_field):
        if isinstance(want_field, Unknown):
            return want_field == got_field
        return str(want_field) == got_field

    def rec_eq(a, b, where):
        ok = True
        for i, fname in enumerate(("src", "dst", "sport", "dport", "flag")):
            if not ck.check(same(a[i], b[i]), "%s: %s %s: got %s, tshark "
                            "says %s" % (name, where, fname, a[i], b[i])):
                ok = False
        if isinstance(b[5], str) and b[5] == "digest":
            ok &= ck.check(re.fullmatch(r"[0-9a-f]{32}-" + re.escape(o.tc),
                                        a[5]) is not None,
                           "%s: %s traceback description %r" %
                           (name, where, a[5]))
        elif not ck.check(same(a[5], b[5]), "%s: %s description: got %r, "
                          "tshark says %r" % (name, where, a[5], b[5])):
            ok = False
        return ok

    if o.sampled:
        # An ordered subset of the full record list.
        j = 0
        for k, (sec, usec, r) in enumerate(got):
            while j < len(want) and not (
                    (sec is None or (want[j][0], want[j][1]) == (sec, usec))
                    and rec_str(want[j][2]) == ",".join(r)):
                j += 1
            if not ck.check(j < len(want), "%s: sampled record %d (%s) is "
                            "not in the capture's records in order" %
                            (name, k + 1, ",".join(r))):
                break
            j += 1
        ck.check(len(got) < len(want), "%s: sampling kept all %d records"
                 % (name, len(got)))
        return

    # Record by record, field by field.
    bad = 0
    for k in range(max(len(got), len(want))):
        if bad >= 10:
            ck.check(False, "%s: more differences not shown" % name)
            break
        where = "record %d" % (k + 1)
        if k >= len(got):
            bad += 1
            ck.check(False, "%s: %s missing; tshark says %s" %
                     (name, where, rec_str(want[k][2])))
        elif k >= len(want):
            bad += 1
            ck.check(False, "%s: %s extra: %s" % (name, where,
                                                   ",".join(got[k][2])))
        elif not rec_eq(got[k][2], want[k][2], where):
            bad += 1
        elif o.times and not ck.eq(got_times[k], want[k][0] * 1000000 +
                                   want[k][1], "%s: %s capture time "
                                   "(tshark's frame.time_epoch)" %
                                   (name, where)):
            bad += 1

    # The datagrams: their TIME lines and boundaries follow the batching
    # rule applied to the packets' own times.
    if len(got) == len(want):
        lines = [(w[0], w[1], ",".join(g[2]) + "\n")
                 for g, w in zip(got, want)]
        sim = batch(lines, o)
        ck.eq([(s, u, len(at.records_of(p))) for s, u, p in got_dgrams],
              [(d[0], d[1], len(d[3])) for d in sim],
              "%s: datagrams (TIME sec usec, records in each)" % name)
    for s, u, p in got_dgrams:
        ck.check(len(p) <= o.payload, "%s: datagram of %d bytes > %d" %
                 (name, len(p), o.payload))

    # Counters that follow from the decode.
    if o.quiet and not err:
        return
    full, flat = at.counters("\n".join(err))
    n = {}
    for fr in frames:
        key = fr.result
        if key == "record":
            if fr.l4 == "fragment":
                n["frag"] = n.get("frag", 0) + 1
            elif fr.l4 == "truncated":
                n["trunc"] = n.get("trunc", 0) + 1
        n[key] = n.get(key, 0) + 1
    ck.eq(full.get("agent/records", 0), n.get("record", 0),
          "%s: records counter" % name)
    ck.eq(flat.get("drawn-fragment", 0), n.get("frag", 0),
          "%s: drawn-fragment counter" % name)
    ck.eq(flat.get("drawn-truncated-l4", 0), n.get("trunc", 0),
          "%s: drawn-truncated-l4 counter" % name)
    ck.eq(flat.get("skipped-ip-proto", 0), n.get("ip-proto", 0),
          "%s: skipped-ip-proto counter" % name)
    ck.eq(flat.get("skipped-esp-ah", 0), n.get("esp-ah", 0),
          "%s: skipped-esp-ah counter" % name)
    ck.eq(flat.get("skipped-ipv6-no-next", 0), n.get("no-next", 0),
          "%s: skipped-ipv6-no-next counter" % name)
    ck.eq(sum(flat.get(c, 0) for c in ("skipped-non-ip", "truncated-link",
                                       "invalid-link")),
          n.get("non-ip", 0), "%s: non-IP frames (skipped-non-ip + "
          "truncated-link + invalid-link)" % name)
    ck.eq(sum(flat.get(c, 0) for c in ("truncated-ip", "invalid-ip")),
          n.get("trunc-ip", 0), "%s: IP headers cut short (truncated-ip + "
          "invalid-ip)" % name)


def main(argv):
    for tool in ("tshark", "tcpdump"):
        if subprocess.run(["sh", "-c", "command -v " + tool],
                          stdout=subprocess.DEVNULL).returncode != 0:
            print("SKIP: %s is not installed" % tool)
            return at.SKIP
    src = at.top_srcdir()
    capdir = at.captures_dir()
    ck = at.Checker("tshark-oracle")
    only = set(argv[1:])
    ncases = 0
    with tempfile.TemporaryDirectory() as tmp, \
            open(os.path.join(src, "tests", "TESTLIST")) as lst:
        for line in lst:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            name, cap, args, exp = words[0], words[1], words[2:-1], words[-1]
            if only and name not in only:
                continue
            ncases += 1
            before = ck.failed
            u0 = Unknown.hits
            check_case(ck, name, cap, args,
                       os.path.join(src, "tests", "agent", "expected", exp),
                       capdir, tmp)
            print("%s: %s%s" % (name, "ok" if ck.failed == before
                                else "FAIL",
                                " (%d fields tshark cannot say)" %
                                (Unknown.hits - u0)
                                if Unknown.hits > u0 else ""))
    ck.check(ncases > 0, "no TESTLIST case ran")
    ck.done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
