"""collectlib.py - what the collector tests share.

A running `packter-agent -n` with one collector bound to a free loopback port
(the agent logs "listening on UDP ADDR:PORT", which tells the port and that
the socket is bound), datagrams sent to it over real sockets, a sentinel
datagram after them whose record marks the end of the output (the agent
handles datagrams in order), and the oracle: tshark's decode of the same
datagrams turned into the records the agent must print.

Record lines are "SRC,DST,SPORT,DPORT,FLAG,DESC" as docs/protocol.md says;
descriptions are the source's prefix + " " + the core's usual one
("TCP src:A(p) dst:B(q)", "ICMPv4 src:A dst:B (type:T code:C)").
"""

import glob
import ipaddress
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir") or TOP_SRCDIR
AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")
DATA = os.path.join(TOP_SRCDIR, "tests", "data")    # carried: tests/data/README.md
TIMEOUT = 30.0          # seconds any one wait may take before failing

SENTINEL_SRC = "192.0.2.254"
SENTINEL_DST = "192.0.2.253"
SENTINEL_KEY = SENTINEL_SRC + "," + SENTINEL_DST + ",65535,65535,"


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def need_tool(*names):
    for n in names:
        if not any(os.access(os.path.join(d, n), os.X_OK)
                   for d in os.environ.get("PATH", "").split(":") +
                   ["/usr/sbin", "/sbin"]):
            skip(n + " is not installed")


def tool_path(name):
    for d in os.environ.get("PATH", "").split(":") + ["/usr/sbin", "/sbin"]:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return name


def data_files(*parts):
    """Files of tests/data (a glob pattern under it); missing is an error:
    they are carried in the tree."""
    files = sorted(glob.glob(os.path.join(DATA, *parts)))
    if not files:
        print("ERROR: no %s under %s" % (os.path.join(*parts), DATA))
        sys.exit(99)
    return files


def vendor_captures():
    """The folder of vendor flow captures (akvorado/ and pmacct/ under it:
    AGPL and GPL test data, not carried) that PACKTER_FLOW_CAPTURES names,
    or None, saying so, when it is unset.  A folder named but absent is an
    error, not a silent pass."""
    d = os.environ.get("PACKTER_FLOW_CAPTURES")
    if not d:
        print("# PACKTER_FLOW_CAPTURES unset: vendor captures left out "
              "(tests/data/README.md)")
        return None
    if not os.path.isdir(d):
        print("ERROR: PACKTER_FLOW_CAPTURES=%s is not a folder" % d)
        sys.exit(99)
    print("# vendor captures from " + d)
    return d


# --- pcap files -------------------------------------------------------------

def read_pcap(path):
    """[(ts, linktype, bytes)] from a classic pcap file (either byte order)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError(path + ": not a classic pcap file")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0xffff
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        out.append((sec + frac / (1e9 if nano else 1e6), linktype,
                     data[off:off + incl]))
        off += incl
    return out


def write_pcap(path, frames, linktype=1):
    """frames: [(ts, bytes)]"""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144,
                            linktype))
        for ts, b in frames:
            sec = int(ts)
            usec = int(round((ts - sec) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, len(b), len(b)))
            f.write(b)


def pcap_time_range(path):
    """(first, last) packet time of a capture, in microseconds."""
    times = [sec * 1000000 + usec for sec, usec, _ in read_pcap_times(path)]
    return min(times), max(times)


def read_pcap_times(path):
    """[(sec, usec, caplen)] of a little- or big-endian microsecond pcap."""
    with open(path, "rb") as f:
        data = f.read()
    end = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    off, out = 24, []
    while off + 16 <= len(data):
        sec, usec, incl, _ = struct.unpack_from(end + "IIII", data, off)
        out.append((sec, usec, incl))
        off += 16 + incl
    return out


def record_times(out):
    """The capture time (µs) of every record in -n output, from each
    datagram's PACKTERTIME trailer (docs/protocol.md 3.3); sentinels too."""
    times = []
    for line in out.decode(errors="replace").split("\n"):
        if not line.startswith("PACKTERTIME "):
            continue
        words = line.split()[1:]
        sec, _, frac = words[0].partition(".")
        t = int(sec) * 1000000 + int((frac + "000000")[:6])
        times.append(t)
        for w in words[1:]:
            t += int(w)
            times.append(t)
    return times


def udp_payloads(path):
    """[(src address text, src port, dst port, payload)] of the UDP datagrams
    (IPv4 or IPv6 over Ethernet, VLANs, Linux cooked or raw IP) in a file."""
    out = []
    for _ts, lt, b in read_pcap(path):
        off = 0
        if lt == 1:
            etype, off = struct.unpack(">H", b[12:14])[0], 14
            while etype in (0x8100, 0x88a8) and off + 4 <= len(b):
                etype, off = struct.unpack(">H", b[off + 2:off + 4])[0], off + 4
        elif lt == 113:
            etype, off = struct.unpack(">H", b[14:16])[0], 16
        elif lt in (101, 12, 14):
            etype = 0x0800 if b[0] >> 4 == 4 else 0x86dd
        else:
            continue
        if etype == 0x0800 and off + 20 <= len(b):
            ihl = (b[off] & 15) * 4
            if b[off + 9] != 17 or struct.unpack(">H", b[off + 6:off + 8])[0] & 0x3fff:
                continue
            src = str(ipaddress.IPv4Address(b[off + 12:off + 16]))
            total = struct.unpack(">H", b[off + 2:off + 4])[0]
            u, end = off + ihl, off + total
        elif etype == 0x86dd and off + 40 <= len(b):
            if b[off + 6] != 17:
                continue
            src = str(ipaddress.IPv6Address(b[off + 8:off + 24]))
            u = off + 40
            end = u + struct.unpack(">H", b[off + 4:off + 6])[0]
        else:
            continue
        sport, dport, ulen = struct.unpack(">HHH", b[u:u + 6])
        out.append((src, sport, dport, b[u + 8:min(u + ulen, end, len(b))]))
    return out


def udp_frame(payload, src="127.0.0.1", dst="127.0.0.1", sport=40000,
              dport=9995):
    """An Ethernet + IPv4 + UDP frame around payload, for tshark."""
    udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, socket.inet_aton(src), socket.inet_aton(dst))
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip + udp


# --- the agent --------------------------------------------------------------

class Agent:
    """packter-agent -n with one collector on 127.0.0.1, port chosen by it."""

    def __init__(self, kind, extra=(), path=None, bind="127.0.0.1:0"):
        if not os.access(AGENT, os.X_OK):
            fail(AGENT + " is not built")
        self.kind = kind
        if kind == "snort":
            args = [AGENT, "-n", "-U", path] + list(extra)
        else:
            args = [AGENT, "-n", "--" + kind + "=" + bind] + list(extra)
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = b""
        self.err = b""
        self.port = None
        self.sentinels = 0
        self.socks = {}
        want = b"listening on"
        while want not in self.err:
            self._read(self.p.stderr, "err")
        line = [l for l in self.err.split(b"\n") if want in l][0].decode()
        if kind != "snort":
            self.port = int(line.rsplit(":", 1)[1])

    def _read(self, f, which):
        r, _, _ = select.select([f], [], [], TIMEOUT)
        if not r:
            self.kill()
            fail("agent: no output in %d s (stderr: %r)" % (TIMEOUT, self.err))
        b = os.read(f.fileno(), 1 << 20)
        if not b:
            self.p.wait()
            fail("agent exited (status %s): %s" % (self.p.returncode,
                                                  self.err.decode(errors="replace")))
        if which == "err":
            self.err += b
        else:
            self.out += b

    def sock(self, src="127.0.0.1"):
        if src not in self.socks:
            s = socket.socket(socket.AF_INET6 if ":" in src else
                              socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
            s.bind((src, 0))
            self.socks[src] = s
        return self.socks[src]

    def send(self, payload, src="127.0.0.1"):
        """From src (an IPv6 source goes to ::1, the agent bound to ::)."""
        self.sock(src).sendto(payload, ("::1" if ":" in src else
                                        "127.0.0.1", self.port))

    def sync(self, send_sentinel=None):
        """Send the sentinel and wait for its record: all before it is out."""
        self.sentinels += 1
        if send_sentinel is not None:
            send_sentinel()
        elif self.kind == "sflow":
            self.send(sflow_sentinel())
        else:
            self.send(netflow_sentinel())
        while self.out.count(SENTINEL_KEY.encode()) < self.sentinels:
            self._read(self.p.stdout, "out")

    def records(self):
        """Record lines printed so far, sentinels left out."""
        lines = self.out.decode(errors="replace").split("\n")
        return [l for l in lines if l and not l.startswith("TIME ") and
                not l.startswith("PACKTERTIME ") and
                l != "PACKTER" and not l.startswith(SENTINEL_KEY)]

    def timed_records(self):
        """[(sec, usec, record)], sentinels left out: one per datagram, so
        for an agent run with --no-batch each record's own time."""
        out, t = [], None
        for l in self.out.decode(errors="replace").split("\n"):
            if l.startswith("TIME "):
                t = tuple(int(x) for x in l.split()[1:3])
            elif l and l != "PACKTER" and not l.startswith(SENTINEL_KEY) \
                    and not l.startswith("PACKTERTIME "):
                out.append((t[0], t[1], l))
        return out

    def stop(self):
        """SIGTERM; returns {section: {counter: value}} from its stderr."""
        # A SIGTERM that lands between the loop's check and its ppoll(2)
        # waits for the next event (main.c polls without a signal mask):
        # send it again until the agent is gone, within TIMEOUT.
        for _ in range(int(TIMEOUT * 4)):
            self.p.send_signal(signal.SIGTERM)
            try:
                out, err = self.p.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            self.kill()
            fail("agent did not stop on SIGTERM")
        self.out += out
        self.err += err
        for s in self.socks.values():
            s.close()
        if self.p.returncode != 0:
            fail("agent exited with %d: %s" % (self.p.returncode,
                                                self.err.decode(errors="replace")))
        return parse_counters(self.err.decode(errors="replace"))

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def parse_counters(text):
    sec, out = None, {}
    for line in text.split("\n"):
        if line.endswith(":") and not line.startswith(" "):
            sec = line[:-1]
            out[sec] = {}
        elif line.startswith("  ") and sec is not None:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                out[sec][parts[0]] = int(parts[1])
    return out


def counter(counters, prefix, name):
    """The counter name in the section whose title starts with prefix."""
    for sec, c in counters.items():
        if sec.startswith(prefix):
            return c.get(name, 0)
    return 0


def sflow_sentinel():
    """sFlow v5, one flow sample with one sampled IPv4 record."""
    rec = struct.pack(">II4s4sIIII", 0, 17, socket.inet_aton(SENTINEL_SRC),
                      socket.inet_aton(SENTINEL_DST), 65535, 65535, 0, 0)
    sample = struct.pack(">IIIIIIII", 1, 0, 1, 1, 0, 0, 0, 1)
    sample += struct.pack(">II", 3, len(rec)) + rec
    return struct.pack(">II4sIIII", 5, 1, socket.inet_aton(SENTINEL_SRC), 0,
                       0, 0, 1) + struct.pack(">II", 1, len(sample)) + sample


def netflow_sentinel():
    """NetFlow v5, one UDP flow."""
    hdr = struct.pack(">HHIIIIBBH", 5, 1, 0, 0, 0, 0, 0, 0, 0)
    rec = struct.pack(">4s4s4sHHIIIIHHBBBBHHBBH",
                      socket.inet_aton(SENTINEL_SRC),
                      socket.inet_aton(SENTINEL_DST), b"\0" * 4, 0, 0, 1, 1,
                      0, 0, 65535, 65535, 0, 0, 17, 0, 0, 0, 0, 0, 0)
    return hdr + rec


# --- records as the agent must write them -----------------------------------

def flag_class(family, proto, tcp_flags):
    base = 5 if family == 6 else 0
    if proto == 6:
        if tcp_flags is None:
            return base
        if tcp_flags & 0x02:
            return base + 1
        if tcp_flags & 0x05:
            return base + 2
        return base
    if proto == 17:
        return base + 3
    if proto in (1, 58):
        return base + 4
    return base


def describe(family, proto, src, dst, sport=None, dport=None, icmp=None,
             l4="ok"):
    name = {6: "TCP", 17: "UDP", 1: "ICMPv4", 58: "ICMPv6"}.get(proto, "IP")
    if l4 != "ok":
        return "%s src:%s dst:%s (%s)" % (name, src, dst, l4)
    if proto in (1, 58):
        return "%s src:%s dst:%s (type:%d code:%d)" % (name, src, dst,
                                                        icmp[0], icmp[1])
    return "%s src:%s(%d) dst:%s(%d)" % (name, src, sport, dst, dport)


def record(family, proto, src, dst, sport, dport, tcp_flags, icmp, prefix,
           l4="ok"):
    """The record line for a packet or flow."""
    src = str(ipaddress.ip_address(src))
    dst = str(ipaddress.ip_address(dst))
    if l4 != "ok":
        sp = dp = 0
        flag = flag_class(family, proto, None)
    elif proto in (1, 58):
        sp, dp = icmp[0] * 256, icmp[1] * 256
        flag = flag_class(family, proto, None)
    else:
        sp, dp = sport, dport
        flag = flag_class(family, proto, tcp_flags)
    d = describe(family, proto, src, dst, sport, dport, icmp, l4)
    return "%s,%s,%d,%d,%d,%s" % (src, dst, sp, dp, flag,
                                  prefix + " " + d if prefix else d)


# --- tshark ---------------------------------------------------------------

def tshark_pdml(pcap, decode_as=()):
    args = ["tshark", "-r", pcap, "-T", "pdml", "-o", "tcp.analyze_sequence_numbers:FALSE"]
    for d in decode_as:
        args += ["-d", d]
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        fail("tshark failed: " + r.stderr.decode(errors="replace"))
    return ET.fromstring(r.stdout)


def fields(node, name):
    """Descendant fields called name, in order."""
    return [f for f in node.iter("field") if f.get("name") == name]


def field(node, name, default=None):
    for f in node.iter("field"):
        if f.get("name") == name:
            return f.get("show")
    return default


def child_field(node, name, default=None):
    for f in node:
        if f.tag == "field" and f.get("name") == name:
            return f.get("show")
    return default


def ival(s):
    return int(s, 0)


def packet_of(protos):
    """From a sequence of sibling <proto> elements (a decoded frame or a
    sampled header), the first IP packet as the agent's decoder sees it:
    (family, proto, src, dst, sport, dport, tcp_flags, icmp, l4) or None."""
    protos = list(protos)
    for i, p in enumerate(protos):
        name = p.get("name")
        if name not in ("ip", "ipv6"):
            continue
        fam = 4 if name == "ip" else 6
        if fam == 4:
            src, dst = child_field(p, "ip.src"), child_field(p, "ip.dst")
            if src is None or dst is None or child_field(p, "ip.proto") is None:
                return None     # the IP header itself is cut
            proto = ival(child_field(p, "ip.proto"))
            frag = ival(field(p, "ip.frag_offset", "0"))
            if frag:
                return (fam, proto, src, dst, 0, 0, None, None, "fragment")
        else:
            src, dst = child_field(p, "ipv6.src"), child_field(p, "ipv6.dst")
            if src is None or dst is None:
                return None
            proto = ival(child_field(p, "ipv6.nxt"))
            # extension headers: the last next-header tshark shows
            for f in p.iter("field"):
                if f.get("name") in ("ipv6.hopopts.nxt", "ipv6.dstopts.nxt",
                                     "ipv6.routing.nxt", "ipv6.fraghdr.nxt"):
                    proto = ival(f.get("show"))
                if f.get("name") == "ipv6.fraghdr.offset" and ival(f.get("show")):
                    return (fam, proto, src, dst, 0, 0, None, None, "fragment")
        if proto not in (1, 6, 17, 58):
            return None         # the core draws no other protocol
        rest = [q for q in protos[i + 1:]]
        want = {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}.get(proto)
        l4 = next((q for q in rest if q.get("name") == want), None)
        if l4 is None:
            return (fam, proto, src, dst, 0, 0, None, None, "truncated")
        if proto == 6:
            if field(l4, "tcp.flags") is None:
                return (fam, proto, src, dst, 0, 0, None, None, "truncated")
            return (fam, proto, src, dst, ival(field(l4, "tcp.srcport")),
                    ival(field(l4, "tcp.dstport")), ival(field(l4, "tcp.flags")),
                    None, "ok")
        if proto == 17:
            if field(l4, "udp.dstport") is None:
                return (fam, proto, src, dst, 0, 0, None, None, "truncated")
            return (fam, proto, src, dst, ival(field(l4, "udp.srcport")),
                    ival(field(l4, "udp.dstport")), None, None, "ok")
        t = "icmp" if proto == 1 else "icmpv6"
        if field(l4, t + ".code") is None:
            return (fam, proto, src, dst, 0, 0, None, None, "truncated")
        return (fam, proto, src, dst, 0, 0, None,
                (ival(field(l4, t + ".type")), ival(field(l4, t + ".code"))),
                "ok")
    return None


def compare(got, want, what):
    """Exit with a readable difference if the record lists differ."""
    if got == want:
        print("ok   %s: %d records" % (what, len(got)))
        return True
    print("FAIL %s: %d records, %d expected" % (what, len(got), len(want)))
    import difflib
    for l in list(difflib.unified_diff(want, got, "expected (tshark)",
                                       "agent", lineterm=""))[:60]:
        print("   " + l)
    return False


# --- sFlow ----------------------------------------------------------------

def sflow_expected(pcap, port=6343):
    """The records the agent must print for the sFlow datagrams of pcap, from
    tshark's decode: one per flow sample, from its first raw header of
    protocol Ethernet, IPv4 or IPv6, else from its sampled IPv4/IPv6 record;
    described "sFlow agent=A[ sub=N] rate=1:R" + the usual description."""
    root = tshark_pdml(pcap, ["udp.port==%d,sflow" % port])
    recs = []
    for pkt in root.iter("packet"):
        sf = next((p for p in pkt.iter("proto") if p.get("name") == "sflow"),
                  None)
        if sf is None:
            continue
        agent = (child_field(sf, "sflow_245.agent") or
                 child_field(sf, "sflow_245.agent.v6"))
        if agent is None:
            continue
        sub = ival(child_field(sf, "sflow_245.sub_agent_id", "0"))
        prefix = "sFlow agent=%s" % ipaddress.ip_address(agent)
        if sub:
            prefix += " sub=%d" % sub
        for s in sf:
            show = s.get("show", "")
            if not (show.startswith("Flow sample") or
                    show.startswith("Expanded flow sample")):
                continue
            rate = ival(child_field(s, "sflow.flow_sample.sampling_rate"))
            p = "%s rate=1:%d" % (prefix, rate)
            pk, found = None, False
            for r in s:
                if r.get("show") != "Raw packet header":
                    continue
                if ival(child_field(r, "sflow_245.header_protocol")) not in (1, 11, 12):
                    continue
                h = next(f for f in r if f.get("name") == "sflow_245.header")
                pk, found = packet_of(h.findall("proto")), True
                break
            if not found:
                for r in s:
                    src = child_field(r, "sflow_245.ipv4_src") or \
                        child_field(r, "sflow_245.ipv6_src")
                    if src is None:
                        continue
                    fam = 4 if child_field(r, "sflow_245.ipv4_src") else 6
                    dst = child_field(r, "sflow_245.ipv%d_dst" % fam)
                    proto = ival(child_field(r, "sflow.ip_protocol"))
                    sp = ival(child_field(r, "sflow_245.ip.source_port"))
                    dp = ival(child_field(r, "sflow.ip.destination_port"))
                    fl = ival(field(r, "sflow_245.ip.tcp_flags", "0"))
                    if proto not in (1, 6, 17, 58):
                        break
                    pk = (fam, proto, src, dst, sp, dp, fl,
                          (sp & 255, dp & 255), "ok")
                    break
            if pk is None:
                continue
            fam, proto, src, dst, sp, dp, fl, icmp, l4 = pk
            recs.append(record(fam, proto, src, dst, sp, dp, fl, icmp, p, l4))
    return recs


def replay(agent, payloads, src_map=None, sync_every=50):
    """Send payloads [(src, payload)] to the agent; src is mapped to a
    loopback address per distinct original sender (so exporters stay apart);
    waits for the agent after every sync_every datagrams and at the end
    (so that no more than that are in flight: an agent not run as root may
    get no more than net.core.rmem_max of socket buffer)."""
    src_map = {} if src_map is None else src_map
    for i, (src, payload) in enumerate(payloads):
        if src not in src_map:
            src_map[src] = "127.0.0.%d" % (len(src_map) + 1)
        agent.send(payload, src_map[src])
        if (i + 1) % sync_every == 0:
            agent.sync()
    agent.sync()
    return src_map


# --- NetFlow v5 / v9 / IPFIX -------------------------------------------------

NF_NAMES = {5: "NetFlow v5", 9: "NetFlow v9", 10: "IPFIX"}
HOLD_MAX = 64           # source-netflow.c NF_HOLD_MAX


def mpls_unwrapped(b):
    """An Ethernet frame with its MPLS stack read as the agent's decoder
    reads it (common/decode-ether.c): after the bottom-of-stack label a
    first nibble of 4 or 6 is IP, 0 the control word of a pseudowire (RFC
    4385) and then an Ethernet frame (RFC 4448).  Returns (linktype, bytes)
    of what the stack carries, or None when the frame has no MPLS.  (tshark
    guesses whether a pseudowire has a control word from what follows it,
    and takes a control word followed by a MAC address that starts with a 0
    nibble for none; so the stack is taken off here and tshark decodes what
    it carried.)"""
    off, etype = 14, struct.unpack(">H", b[12:14])[0] if len(b) >= 14 else 0
    while etype in (0x8100, 0x88a8, 0x9100) and off + 4 <= len(b):
        etype, off = struct.unpack(">H", b[off + 2:off + 4])[0], off + 4
    if etype not in (0x8847, 0x8848):
        return None
    while off + 4 <= len(b):
        label = struct.unpack(">I", b[off:off + 4])[0]
        off += 4
        if label & 0x100:
            break
    if off >= len(b):
        return None
    nib = b[off] >> 4
    if nib in (4, 6):
        return (101, b[off:])
    if nib == 0:
        inner = b[off + 4:]
        return mpls_unwrapped(inner) or (1, inner)
    return None


def embedded_packet(field_node, linktype):
    """The packet of a frame a flow record carries (dataLinkFrameSection:
    Ethernet, linktype 1; ipHeaderPacketSection: IP, 101), as packet_of()
    gives it: from tshark's own dissection of the bytes inside the record
    where it made one, else from tshark's decode of the bytes alone."""
    b = bytes.fromhex(field_node.get("value") or "")
    if linktype == 1:
        un = mpls_unwrapped(b)
        if un is None:
            protos = field_node.findall("proto")
            if protos:
                return packet_of(protos)
        else:
            linktype, b = un
    with tempfile.TemporaryDirectory() as tmp:
        pc = os.path.join(tmp, "frame.pcap")
        write_pcap(pc, [(1.0, b)], linktype)
        pkt = next(tshark_pdml(pc).iter("packet"))
    return packet_of(pkt.findall("proto"))


def nf_flow_record(flow, version, exporter):
    """The record for one flow of tshark's decode (a "Flow N" or "pdu N/M"
    node), by the agent's rules (source-netflow.c), or None if it draws
    none.  Elements by tshark's names; the first occurrence wins (tshark
    names udp/tcpSourcePort cflow.srcport too, so where a record has both
    the first wins here: the crafted cases have one or the other)."""
    v, pos, nodes = {}, {}, {}
    for f in flow.iter("field"):
        n = f.get("name")
        if n and n not in v and f.get("show") is not None:
            v[n] = f.get("show")
            pos[n] = ival(f.get("pos", "0"))
            nodes[n] = f
    has4 = "cflow.srcaddr" in v and "cflow.dstaddr" in v
    has6 = "cflow.srcaddrv6" in v and "cflow.dstaddrv6" in v
    if has4 and has6:
        ver = ival(v.get("cflow.ip_version", "0"))
        z4 = v["cflow.srcaddr"] == "0.0.0.0" and v["cflow.dstaddr"] == "0.0.0.0"
        z6 = v["cflow.srcaddrv6"] == "::" and v["cflow.dstaddrv6"] == "::"
        if ver == 6:
            has4 = False
        elif ver == 4:
            has6 = False
        elif z4:
            has4 = False
        elif z6:
            has6 = False
        elif min(pos["cflow.srcaddrv6"], pos["cflow.dstaddrv6"]) < \
                min(pos["cflow.srcaddr"], pos["cflow.dstaddr"]):
            has4 = False        # the outer header is the first one
    prefix = "%s exporter=%s" % (NF_NAMES[version], exporter)
    for names, label in ((("cflow.packets", "cflow.permanent_packets",
                           "cflow.post_packets"), "packets"),
                         (("cflow.octets", "cflow.permanent_octets",
                           "cflow.post_octets"), "bytes")):
        for n in names:
            if n in v:
                prefix += " %s=%d" % (label, ival(v[n]))
                break
    if has4:
        fam, src, dst = 4, v["cflow.srcaddr"], v["cflow.dstaddr"]
    elif has6:
        fam, src, dst = 6, v["cflow.srcaddrv6"], v["cflow.dstaddrv6"]
    else:
        # No addresses: the frame the record carries, decoded as captured.
        for name, lt in (("cflow.data_link_frame_section", 1),
                         ("cflow.section_header", 101)):
            if name in nodes:
                pk = embedded_packet(nodes[name], lt)
                if pk is None:
                    return None
                fam, proto, src, dst, sp, dp, fl, icmp, l4 = pk
                return record(fam, proto, src, dst, sp, dp, fl, icmp,
                              prefix, l4)
        return None
    if "cflow.protocol" not in v:
        return None
    proto = ival(v["cflow.protocol"])
    if proto not in (1, 6, 17, 58):
        return None
    sport = ival(v.get("cflow.srcport", "0"))
    dport = ival(v.get("cflow.dstport", "0"))
    flags = ival(v["cflow.tcpflags"]) & 0xff if "cflow.tcpflags" in v else None
    icmp = None
    if proto in (1, 58):
        t = "6" if proto == 58 else "4"
        if "cflow.icmp_ipv%s_type" % t in v and "cflow.icmp_ipv%s_code" % t in v:
            icmp = (ival(v["cflow.icmp_ipv%s_type" % t]),
                    ival(v["cflow.icmp_ipv%s_code" % t]))
        elif "cflow.icmp_type_code_ipv4" in v:
            tc = ival(v["cflow.icmp_type_code_ipv4"])
            icmp = (tc >> 8, tc & 255)
        else:
            icmp = (dport >> 8, dport & 255)
    return record(fam, proto, src, dst, sport, dport, flags, icmp, prefix)


def nf_datagrams(root):
    """Per cflow datagram of tshark's decode: (exporter, version, domain,
    [set]) where a set is ("data", id, [flow nodes] or None when tshark found
    no template), ("tmpl", options, [template ids]) or ("v5", [pdu nodes])."""
    out = []
    for pkt in root.iter("packet"):
        cf = next((p for p in pkt.iter("proto") if p.get("name") == "cflow"),
                  None)
        if cf is None:
            continue
        src = field(pkt, "ip.src") or field(pkt, "ipv6.src")
        version = ival(child_field(cf, "cflow.version"))
        domain = ival(field(cf, "cflow.source_id", None) or
                      field(cf, "cflow.od_id", "0"))
        sets = []
        if version == 5:
            sets.append(("v5", [n for n in cf if n.get("show", "").startswith("pdu ")]))
        for s in cf:
            show = s.get("show", "")
            if not (show.startswith("FlowSet ") or show.startswith("Set ")):
                continue
            sid = ival(child_field(s, "cflow.flowset_id"))
            if sid in ((0, 1) if version == 9 else (2, 3)):
                opts = sid in (1, 3)
                ids = []
                for t in s:
                    tid = child_field(t, "cflow.template_id")
                    if tid is None:
                        continue
                    n = child_field(t, "cflow.template_field_count") or \
                        child_field(t, "cflow.option_scope_length")
                    ids.append((ival(tid), n is not None and ival(n) == 0 and
                                child_field(t, "cflow.option_length") is None))
                sets.append(("tmpl", opts, ids))
            elif sid >= 256:
                if field(s, "cflow.no_template_found") is not None:
                    sets.append(("data", sid, None))
                else:
                    sets.append(("data", sid, [n for n in s if
                                               n.get("show", "").startswith("Flow ")]))
        out.append((src, version, domain, sets))
    return out


def netflow_expected(pcap, port):
    """Records for the NetFlow/IPFIX datagrams of pcap as the agent must
    print them, from tshark's decode (-d udp.port==port,cflow).  Data that
    comes before its template waits (as the agent holds it) and is decoded
    when the template comes: its flows are taken from a second decode of the
    capture played twice, where the templates are known."""
    frames = read_pcap(pcap)
    d = ["udp.port==%d,cflow" % port]
    first = nf_datagrams(tshark_pdml(pcap, d))
    second = []
    if any(s[0] == "data" and s[2] is None for g in first for s in g[3]):
        with tempfile.TemporaryDirectory() as tmp:
            twice = os.path.join(tmp, "twice.pcap")
            write_pcap(twice, [(ts, b) for ts, _lt, b in frames + frames],
                       frames[0][1] if frames else 1)
            second = nf_datagrams(tshark_pdml(twice, d))[len(first):]
    recs, held, options = [], [], set()

    def flows(nodes, version, exporter):
        for n in nodes:
            r = nf_flow_record(n, version, exporter)
            if r is not None:
                recs.append(r)

    for i, (src, version, domain, sets) in enumerate(first):
        for j, s in enumerate(sets):
            if s[0] == "v5":
                flows(s[1], version, src)
            elif s[0] == "tmpl":
                for tid, withdrawn in s[2]:
                    key = (src, version, domain, tid)
                    if withdrawn:
                        continue
                    if s[1]:
                        options.add(key)
                    else:
                        options.discard(key)
                    for h in [h for h in held if h[0] == key]:
                        held.remove(h)
                        if not s[1]:
                            later = second[h[1]][3][h[2]]
                            flows(later[2] or [], version, src)
            else:
                key = (src, version, domain, s[1])
                if s[2] is None:
                    held.append((key, i, j))
                    if len(held) > HOLD_MAX:
                        held.pop(0)
                elif key not in options:
                    flows(s[2], version, src)
    return recs


def payload_pcap(path, payloads, port):
    """Write the datagrams [(src, payload)] as sent to the agent."""
    write_pcap(path, [(1.0 + i * 1e-3, udp_frame(p, src=s, dport=port))
                      for i, (s, p) in enumerate(payloads)])


# --- a test capture ---------------------------------------------------------

def make_traffic(path):
    """A small deterministic capture (Ethernet): IPv4 and IPv6 TCP with SYN,
    FIN and RST, flows seen mid-way, UDP, ICMP and ICMPv6, and a GRE packet
    no collector draws.  Same bytes every time (scapy, fixed fields)."""
    from scapy.all import Ether, IP, IPv6, TCP, UDP, ICMP, ICMPv6EchoRequest, \
        ICMPv6EchoReply, GRE, Raw
    e = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    pk = []

    def tcp4(s, d, sp, dp, fl, data=b""):
        pk.append(e / IP(src=s, dst=d, id=len(pk), ttl=64) /
                  TCP(sport=sp, dport=dp, flags=fl, seq=1000 + len(pk),
                      ack=2000 if "A" in fl else 0, window=8192) / Raw(data))

    def tcp6(s, d, sp, dp, fl, data=b""):
        pk.append(e / IPv6(src=s, dst=d, hlim=64) /
                  TCP(sport=sp, dport=dp, flags=fl, seq=1000 + len(pk),
                      ack=2000 if "A" in fl else 0, window=8192) / Raw(data))

    a, b = "10.0.0.1", "10.0.0.2"
    tcp4(a, b, 40001, 80, "S")
    tcp4(b, a, 80, 40001, "SA")
    tcp4(a, b, 40001, 80, "A")
    tcp4(a, b, 40001, 80, "PA", b"GET / HTTP/1.0\r\n\r\n")
    tcp4(b, a, 80, 40001, "PA", b"HTTP/1.0 200 OK\r\n\r\n")
    tcp4(a, b, 40001, 80, "FA")
    tcp4(b, a, 80, 40001, "FA")
    tcp4(a, b, 40001, 80, "A")
    tcp4("10.0.0.3", "10.0.0.4", 40002, 443, "S")
    tcp4("10.0.0.4", "10.0.0.3", 443, 40002, "RA")
    for i in range(3):
        tcp4("10.0.1.1", "10.0.1.2", 5000, 6000, "PA", b"x" * (100 + i))
    for i in range(3):
        pk.append(e / IP(src="10.0.0.5", dst="10.0.0.6", id=len(pk)) /
                  UDP(sport=5353, dport=53) / Raw(b"q" * (20 + i)))
    pk.append(e / IP(src="10.0.0.6", dst="10.0.0.5", id=len(pk)) /
              UDP(sport=53, dport=5353) / Raw(b"r" * 40))
    pk.append(e / IP(src="10.0.0.7", dst="10.0.0.8", id=len(pk)) /
              ICMP(type=8, code=0, id=7, seq=1) / Raw(b"p" * 32))
    pk.append(e / IP(src="10.0.0.8", dst="10.0.0.7", id=len(pk)) /
              ICMP(type=0, code=0, id=7, seq=1) / Raw(b"p" * 32))
    pk.append(e / IP(src="10.0.0.9", dst="10.0.0.10", id=len(pk)) /
              ICMP(type=3, code=3) / Raw(b"\0" * 28))
    s6, d6 = "2001:db8::1", "2001:db8::2"
    tcp6(s6, d6, 40003, 22, "S")
    tcp6(d6, s6, 22, 40003, "SA")
    tcp6(s6, d6, 40003, 22, "A")
    tcp6(s6, d6, 40003, 22, "PA", b"SSH-2.0-test\r\n")
    tcp6("2001:db8::5", "2001:db8::6", 40004, 25, "RA")
    for i in range(2):
        pk.append(e / IPv6(src="2001:db8::3", dst="2001:db8::4") /
                  UDP(sport=123, dport=123) / Raw(b"n" * 48))
    pk.append(e / IPv6(src="2001:db8::7", dst="2001:db8::8") /
              ICMPv6EchoRequest(id=9, seq=1, data=b"p" * 16))
    pk.append(e / IPv6(src="2001:db8::8", dst="2001:db8::7") /
              ICMPv6EchoReply(id=9, seq=1, data=b"p" * 16))
    pk.append(e / IP(src="10.0.0.11", dst="10.0.0.12", id=len(pk)) / GRE() /
              Raw(b"g" * 20))
    write_pcap(path, [(1700000000.0 + i * 0.01, bytes(p))
                      for i, p in enumerate(pk)])
    return len(pk)


class Tee:
    """A UDP socket a peer exports to: every datagram is kept (in order) and
    passed on at once to the agent, from 127.0.0.1."""

    def __init__(self, agent):
        self.agent = agent
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.s.bind(("127.0.0.1", 0))
        self.port = self.s.getsockname()[1]
        self.got = []

    def pump(self, proc):
        """Forward until proc has exited and its datagrams are all passed
        on: loopback delivers a datagram into this socket's queue before
        sendto() returns, so once the exporter (and the children it waits
        for) is gone, what is queued is everything."""
        while True:
            done = proc.poll() is not None
            r, _, _ = select.select([self.s], [], [], 0 if done else 0.1)
            if r:
                b, _ = self.s.recvfrom(65535)
                self.got.append(("127.0.0.1", b))
                self.agent.send(b)
            elif done:
                return


# --- crafted cases ------------------------------------------------------------

def run_case(kind, datagrams, extra=(), bind="127.0.0.1:0"):
    """Start an agent, send [(src, payload)] (or bare payloads, from
    127.0.0.1), wait for them, stop: (records, counters)."""
    a = Agent(kind, extra, bind=bind)
    for d in datagrams:
        src, p = d if isinstance(d, tuple) else ("127.0.0.1", d)
        a.send(p, src)
    a.sync()
    recs = a.records()
    return recs, a.stop()


class Checker:
    def __init__(self):
        self.ok = True

    def eq(self, got, want, what):
        if got == want:
            print("ok   " + what)
        else:
            print("FAIL %s: got %r, want %r" % (what, got, want))
            self.ok = False

    def records(self, got, want, what):
        self.ok &= compare(got, want, what)

    def done(self):
        sys.exit(0 if self.ok else 1)


def tcp_frame(src, dst, sport, dport, flags="S", v6=False):
    """An Ethernet frame of one TCP segment (scapy)."""
    from scapy.all import Ether, IP, IPv6, TCP
    ip = IPv6(src=src, dst=dst) if v6 else IP(src=src, dst=dst, id=1)
    return bytes(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") /
                 ip / TCP(sport=sport, dport=dport, flags=flags, seq=1))
