#!/usr/bin/python3
"""snort.py - Snort alerts through `packter-agent -U PATH` (with and
without -S), and the socket file's life.

The Snort peer (tests/peers/snort-peer.py) writes one Alertpkt per packet of
a deterministic test capture, in each layout the agent accepts: Snort 3,
Snort 2.9, Snort 2.9 with OpenAppID, and old 64-bit Snort 2.9 whose pkth is
a 64-bit timeval (caplen = the microseconds, packet cut to that many bytes
or padded with zeros; the capture's microseconds are chosen so that some
packets are cut inside the IP header, some inside the TCP header).  Each
record, and its time (--no-batch: one record per "TIME" line), must equal
the one made from tshark's decode of the bytes Snort handed over: addresses,
ports, flag, and the description (-S: "Incident:<msg> sid:N gen:N rev:N").

The socket: created 0660 or tighter, a stale socket file replaced, a live
one (another reader) and a file that is not a socket refused and left
alone, the file removed when the agent exits.
"""
import os
import socket
import stat
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "peers"))
import collectlib as cl
import importlib.util

spec = importlib.util.spec_from_file_location(
    "snort_peer", os.path.join(here, "..", "peers", "snort-peer.py"))
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

cl.need_tool("tshark")

# Microseconds of each packet: large (old Snort pads), except a few that
# old Snort turns into short copies.
CUT = {0: 40,           # IPv4 TCP SYN: cut inside the TCP header
       1: 20,           # cut inside the IPv4 header: nothing to draw
       20: 60}          # IPv6 TCP SYN: cut inside the TCP header


def capture(path):
    cl.make_traffic(path)
    frames = cl.read_pcap(path)
    cl.write_pcap(path, [(1700000000 + i + CUT.get(i, 500000 + i) / 1e6, b)
                         for i, (_ts, _lt, b) in enumerate(frames)])
    return [(ts, b) for ts, _lt, b in cl.read_pcap(path)]


def expected(frames, layout, incident, tmp):
    """[(sec, usec, record)] from tshark's decode of what Snort sent."""
    seen = []
    for ts, b in frames:
        usec = int(round((ts - int(ts)) * 1e6))
        seen.append((ts, b[:usec] if layout == "old64" else b))
    pc = os.path.join(tmp, "seen.pcap")
    cl.write_pcap(pc, seen)
    root = cl.tshark_pdml(pc)
    out = []
    for i, pkt in enumerate(root.iter("packet")):
        pk = cl.packet_of([p for p in pkt if p.tag == "proto"])
        if pk is None:
            continue
        fam, proto, src, dst, sp, dp, fl, icmp, l4 = pk
        r = cl.record(fam, proto, src, dst, sp, dp, fl, icmp, "", l4)
        if incident:
            msg, gid, sid, rev = peer.test_alert(i)
            r = ",".join(r.split(",")[:5]) + \
                ",Incident:%s sid:%d gen:%d rev:%d" % (msg, sid, gid, rev)
        ts = frames[i][0]
        out.append((int(ts), int(round((ts - int(ts)) * 1e6)), r))
    return out


def sentinel(path):
    f = cl.udp_frame(b"end", src=cl.SENTINEL_SRC, dst=cl.SENTINEL_DST,
                     sport=65535, dport=65535)
    return lambda: send(path, peer.alertpkt(f, 1700000999.5, "end", 1, 1, 1))


def send(path, dgram):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(dgram, path)
    s.close()


ok = True
with tempfile.TemporaryDirectory() as tmp:
    os.chmod(tmp, 0o755)
    cap = os.path.join(tmp, "traffic.pcap")
    frames = capture(cap)
    path = os.path.join(tmp, "snort_alert")

    for layout in ("snort3", "snort29", "appid", "old64"):
        for incident in (False, True):
            extra = ["--no-batch"] + (["-S"] if incident else [])
            a = cl.Agent("snort", extra, path=path)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            if not stat.S_ISSOCK(os.lstat(path).st_mode) or mode & 0o117:
                print("FAIL socket %s has mode %o" % (path, mode))
                ok = False
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            for i, (ts, b) in enumerate(frames):
                msg, gid, sid, rev = peer.test_alert(i)
                s.sendto(peer.alertpkt(b, ts, msg, gid, sid, rev, layout),
                         path)
            s.close()
            a.sync(sentinel(path))
            got = a.timed_records()
            c = a.stop()
            want = expected(frames, layout, incident, tmp)
            what = "%s%s" % (layout, " -S" if incident else "")
            ok &= cl.compare(["%d %d %s" % g for g in got],
                             ["%d %d %s" % w for w in want], what)
            n = len(frames) + 1
            if cl.counter(c, "snort", "datagrams") != n:
                print("FAIL %s: %d datagrams counted, %d sent" % (
                    what, cl.counter(c, "snort", "datagrams"), n))
                ok = False
            if layout == "old64" and \
                    cl.counter(c, "snort", "old-64bit-header") != len(frames):
                print("FAIL old64: the old header was not recognised")
                ok = False
            if layout == "appid" and \
                    cl.counter(c, "snort", "openappid-layout") != len(frames):
                print("FAIL appid: layout not counted")
                ok = False
            if os.path.lexists(path):
                print("FAIL %s: %s left behind at exit" % (what, path))
                ok = False
    if len(want) < 20:
        cl.fail("too few records: %d" % len(want))

    # A stale socket (nobody bound) is replaced.
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.close()
    a = cl.Agent("snort", [], path=path)
    if b"replaced the stale socket" not in a.err:
        print("FAIL: stale socket not reported replaced")
        ok = False
    a.sync(sentinel(path))      # the loop runs: SIGTERM is handled
    a.stop()
    print("ok   stale socket replaced")

    # A live one (another reader) is refused and left alone.
    live = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    live.bind(path)
    r = subprocess.run([cl.AGENT, "-n", "-U", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=cl.TIMEOUT)
    if r.returncode == 0 or b"another program" not in r.stderr:
        print("FAIL live socket: status %d, %r" % (r.returncode, r.stderr))
        ok = False
    send(path, b"still mine")
    if live.recv(100) != b"still mine":
        print("FAIL live socket taken over")
        ok = False
    live.close()
    os.unlink(path)
    print("ok   live socket refused")

    # Something that is not a socket is refused and left alone.
    with open(path, "w") as f:
        f.write("precious\n")
    r = subprocess.run([cl.AGENT, "-n", "-U", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=cl.TIMEOUT)
    with open(path) as f:
        kept = f.read()
    if r.returncode == 0 or kept != "precious\n" or b"not a socket" not in r.stderr:
        print("FAIL regular file: status %d, %r, %r" % (r.returncode,
                                                        r.stderr, kept))
        ok = False
    else:
        print("ok   regular file refused")
sys.exit(0 if ok else 1)
