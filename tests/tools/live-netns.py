#!/usr/bin/python3
"""live-netns.py - live capture across a veth pair between two network
namespaces (run by tests/agent/live-netns.sh).

    namespace A: vethA 192.0.2.1/24 2001:db8::1/64  --  sender (python)
    namespace B: vethB 192.0.2.2/24 2001:db8::2/64  --  packter-agent -i vethB
                                                       -> UDP 127.0.0.1:PORT
                                                       -> listener (python)

The agent runs twice: on vethB, then on "any" (Linux cooked v2 headers) with
a BPF filter that keeps its own datagrams to the listener out.  Real
packets go from A to B: a TCP SYN (B answers RST), a UDP datagram (B
answers ICMP port unreachable), an ICMP echo request (B answers a reply),
IPv6 UDP (ICMPv6 unreachable back) and an IPv6 TCP SYN.  The agent captures
on B's end and sends its records to a UDP listener on B's loopback; each
expected record is checked field by field.  The agent has no "capture open"
signal, so each packet is sent again until its record arrives (at most 40
times, waiting on the listener's pipe, never sleeping).  The agent runs with
-u nobody (privileges dropped once the capture is open) when that user
exists.  Exits 77 when namespaces cannot be made (not root, no `ip`, no
CAP_NET_ADMIN); documentation addresses exist only inside the namespaces.

    live-netns.py                 the test
    live-netns.py --listener      (inside B) print each datagram received
    live-netns.py --sender        (inside A) send what stdin asks for
"""

import os
import pwd
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

A4, B4 = "192.0.2.1", "192.0.2.2"
A6, B6 = "2001:db8::1", "2001:db8::2"


# --- helpers run inside the namespaces ------------------------------------

def listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    print("PORT %d" % s.getsockname()[1], flush=True)
    while True:
        data = s.recv(70000)
        # One line per datagram: its bytes in hex.
        print("DGRAM " + data.hex(), flush=True)


def icmp_checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def sender():
    """Reads "KIND PORT" lines; sends; answers "SENT KIND SPORT"."""
    for line in sys.stdin:
        kind, port = line.split()
        port = int(port)
        sport = 0
        if kind in ("tcp4", "tcp6"):
            fam, src, dst = (socket.AF_INET, A4, B4) if kind == "tcp4" \
                else (socket.AF_INET6, A6, B6)
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.bind((src, 0))
            sport = s.getsockname()[1]
            s.settimeout(5)
            try:
                s.connect((dst, port))
            except OSError:
                pass                    # refused: B answered with a RST
            s.close()
        elif kind in ("udp4", "udp6"):
            fam, src, dst = (socket.AF_INET, A4, B4) if kind == "udp4" \
                else (socket.AF_INET6, A6, B6)
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.bind((src, 0))
            sport = s.getsockname()[1]
            s.sendto(b"packter live test", (dst, port))
            s.close()
        elif kind == "icmp4":
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                              socket.IPPROTO_ICMP)
            body = struct.pack("!BBHHH", 8, 0, 0, port, 1) + b"packter"
            body = body[:2] + struct.pack("!H", icmp_checksum(body)) + \
                body[4:]
            s.sendto(body, (B4, 0))
            s.close()
        print("SENT %s %d" % (kind, sport), flush=True)


# --- the test ---------------------------------------------------------------

class Skip(Exception):
    pass


def sh(*args, check=True):
    r = subprocess.run(list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if check and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(args),
                                       r.stderr.decode().strip()))
    return r


class Lines:
    """Line reader over a pipe with a deadline (select, no sleeping)."""

    def __init__(self, f):
        self.fd = f.fileno()
        self.buf = b""

    def get(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def run_agent(ck, at, agent, nsb, capture, port, lines, snd, sent, procs,
              kinds, bpf=()):
    """Run the agent in B with capture options; send each kind from A
    until its records arrive at the listener; stop the agent."""
    args = ["ip", "netns", "exec", nsb, agent] + capture + [
        "-v", "127.0.0.1:%d" % port]
    try:
        pwd.getpwnam("nobody")
        args += ["-u", "nobody"]
    except KeyError:
        pass
    args += list(bpf)
    ag = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    procs.append(ag)
    records = []
    what = " ".join(capture)

    def want_records(kind, port, expect):
        """Send kind until every expected record has arrived."""
        missing = list(expect)
        sport = 0
        for attempt in range(40):
            snd.stdin.write(("%s %d\n" % (kind, port)).encode())
            snd.stdin.flush()
            ack = sent.get(20)
            if ack is None or not ack.startswith("SENT " + kind):
                raise RuntimeError("the sender stopped: %r" % ack)
            sport = int(ack.split()[2])
            want = [w(sport) for w in missing]
            end = time.monotonic() + 0.5
            while want and time.monotonic() < end:
                line = lines.get(max(0.0, end - time.monotonic()))
                if line is None:
                    break
                if ag.poll() is not None:
                    raise RuntimeError("the agent exited: %s" %
                                       ag.stderr.read().decode())
                payload = bytes.fromhex(line.split()[1])
                for r in at.records_of(payload):
                    records.append(r)
                    if r in want:
                        i = want.index(r)
                        del want[i]
                        del missing[i]
            if not missing:
                return attempt + 1
        ck.check(False, "%s: %s: records never seen: %r" % (
            what, kind, [w(sport) for w in missing]))
        return None

    def rec(src, dst, sp, dp, flag, desc):
        return [src, dst, str(sp), str(dp), str(flag), desc]

    tcp_port, udp_port = 1, 9
    expect = {
        "tcp4": (tcp_port, [
            lambda sp: rec(A4, B4, sp, tcp_port, 1, "TCP src:%s(%d) dst:%s"
                           "(%d)" % (A4, sp, B4, tcp_port)),
            lambda sp: rec(B4, A4, tcp_port, sp, 2, "TCP src:%s(%d) dst:%s"
                           "(%d)" % (B4, tcp_port, A4, sp)),
        ]),
        "udp4": (udp_port, [
            lambda sp: rec(A4, B4, sp, udp_port, 3, "UDP src:%s(%d) dst:%s"
                           "(%d)" % (A4, sp, B4, udp_port)),
            lambda sp: rec(B4, A4, 768, 768, 4, "ICMPv4 src:%s dst:%s "
                           "(type:3 code:3)" % (B4, A4)),
        ]),
        "icmp4": (4242, [
            lambda sp: rec(A4, B4, 2048, 0, 4, "ICMPv4 src:%s dst:%s "
                           "(type:8 code:0)" % (A4, B4)),
            lambda sp: rec(B4, A4, 0, 0, 4, "ICMPv4 src:%s dst:%s "
                           "(type:0 code:0)" % (B4, A4)),
        ]),
        "udp6": (udp_port, [
            lambda sp: rec(A6, B6, sp, udp_port, 8, "UDP src:%s(%d) dst:%s"
                           "(%d)" % (A6, sp, B6, udp_port)),
            lambda sp: rec(B6, A6, 256, 1024, 9, "ICMPv6 src:%s dst:%s "
                           "(type:1 code:4)" % (B6, A6)),
        ]),
        "tcp6": (tcp_port, [
            lambda sp: rec(A6, B6, sp, tcp_port, 6, "TCP src:%s(%d) dst:%s"
                           "(%d)" % (A6, sp, B6, tcp_port)),
            lambda sp: rec(B6, A6, tcp_port, sp, 7, "TCP src:%s(%d) dst:%s"
                           "(%d)" % (B6, tcp_port, A6, sp)),
        ]),
    }
    for kind in kinds:
        n = want_records(kind, *expect[kind])
        if kind == kinds[0]:
            print("live-netns: %s: %s seen after %s sends" % (what, kind, n))
    # Everything the agent sent is a record of one of the two hosts (ND
    # and MLD chatter included), never of the agent's own datagrams.
    for r in records:
        ck.check(r[0] in (A4, B4, A6, B6, "::") or r[0].startswith("fe80:"),
                 "%s: a record from an unexpected source: %r" % (what, r))
        ck.check(0 <= int(r[4]) <= 9, "%s: flag out of range: %r" %
                 (what, r))
        ck.check(r[0] != "127.0.0.1", "%s: the agent drew its own "
                 "datagrams: %r" % (what, r))

    ag.send_signal(signal.SIGTERM)
    try:
        _, err = ag.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        ck.check(False, "%s: the agent did not stop on SIGTERM" % what)
        ag.kill()
        _, err = ag.communicate()
    ck.eq(ag.returncode, 0, "%s: agent exit status after SIGTERM (%s)" %
          (what, err.decode(errors="replace").strip()))
    full, flat = at.counters(err.decode(errors="replace"))
    ck.check(flat.get("packets-read", 0) >= 2 * len(kinds),
             "%s: the capture counted its packets: %r" % (what, full))


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import agenttest as at

    if os.geteuid() != 0:
        print("SKIP: not root: network namespaces need CAP_NET_ADMIN")
        return at.SKIP
    if shutil.which("ip") is None:
        print("SKIP: no ip command (iproute2)")
        return at.SKIP
    agent = at.agent_path()
    ck = at.Checker("live-netns")
    tag = "%d" % (os.getpid() % 100000)
    nsa, nsb = "packter-a-" + tag, "packter-b-" + tag
    va, vb = "pka" + tag, "pkb" + tag
    procs = []
    made = []
    try:
        try:
            sh("ip", "netns", "add", nsa)
            made.append(nsa)
            sh("ip", "netns", "add", nsb)
            made.append(nsb)
            sh("ip", "link", "add", va, "netns", nsa, "type", "veth",
               "peer", "name", vb, "netns", nsb)
        except RuntimeError as e:
            raise Skip("cannot make network namespaces: %s" % e)
        for ns, dev, a4, a6 in ((nsa, va, A4, A6), (nsb, vb, B4, B6)):
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "addr", "add", a4 + "/24", "dev", dev)
            sh("ip", "-n", ns, "addr", "add", a6 + "/64", "dev", dev,
               "nodad")
            sh("ip", "-n", ns, "link", "set", dev, "up")

        me = os.path.abspath(__file__)
        lis = subprocess.Popen(["ip", "netns", "exec", nsb, sys.executable,
                                me, "--listener"], stdout=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
        procs.append(lis)
        lines = Lines(lis.stdout)
        first = lines.get(20)
        if first is None or not first.startswith("PORT "):
            raise RuntimeError("the listener did not start: %r" % first)
        port = int(first.split()[1])

        snd = subprocess.Popen(["ip", "netns", "exec", nsa, sys.executable,
                                me, "--sender"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
        procs.append(snd)
        sent = Lines(snd.stdout)
        # On B's end of the pair; then on "any" (Linux cooked headers),
        # with a filter that keeps the agent's own datagrams to the
        # listener out of its capture.
        run_agent(ck, at, agent, nsb, ["-i", vb], port, lines, snd, sent,
                  procs, ["tcp4", "udp4", "icmp4", "udp6", "tcp6"])
        run_agent(ck, at, agent, nsb, ["-i", "any"], port, lines, snd, sent,
                  procs, ["tcp4", "udp6"],
                  ["not", "udp", "port", str(port)])
        ck.done()
    except Skip as e:
        print("SKIP: %s" % e)
        return at.SKIP
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for ns in made:
            sh("ip", "netns", "del", ns, check=False)


if __name__ == "__main__":
    if sys.argv[1:] == ["--listener"]:
        listener()
    elif sys.argv[1:] == ["--sender"]:
        sender()
    else:
        sys.exit(main())
