#!/usr/bin/python3
"""live-fanout.py - --threads 2 on a veth pair gives every packet exactly
once (run by tests/agent/live-fanout.sh).

    namespace A: vethA 192.0.2.1  --  sender (python): N UDP datagrams to
                                      192.0.2.2:9, source ports P0 .. P0+N-1
    namespace B: vethB 192.0.2.2  --  packter-agent -i vethB --threads 2
                                      -B 4096 'udp and dst port 9'
                                      -> UDP 127.0.0.1:PORT -> listener

The agent spreads the capture over two PACKET_FANOUT members.  A probe
(source port P0-1) is sent until its record comes back, so both sockets are
in the group; then the N datagrams go in one burst.  The test reads the
listener until each of the N source ports has been seen (the deadline only
bounds a failure), stops the agent, which sends what it holds before it
exits, and then has the listener drain its socket: by then every datagram
the agent sent is there.  Each port must be seen exactly once; each of the
two threads must have read some of them (pcap counters per thread), the
capture threads must report no kernel drop, and each socket must say it
reads a TPACKET_V3 ring of the -B size.  Where the agent has libmaxminddb,
it runs with -G (a database make-mmdb.pl writes from tests/data/geo): each
datagram has one place word a record, each test record Tokyo to Tokyo
(192.0.2.0/24), and the threads' look-ups are summed.  Exits 77 without
root or network namespaces.

    live-fanout.py                the test
    live-fanout.py --listener     (inside B) datagrams as hex; "DRAIN" on
                                  stdin: what is queued, then "DRAINED"
    live-fanout.py --sender       (inside A) "PROBE" / "BURST N" on stdin
"""

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

A4, B4 = "192.0.2.1", "192.0.2.2"
P0 = 20000
N = 2000


def listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind(("127.0.0.1", 0))
    print("PORT %d" % s.getsockname()[1], flush=True)
    while True:
        r, _, _ = select.select([s, sys.stdin], [], [])
        if s in r:
            print("DGRAM " + s.recv(70000).hex(), flush=True)
        if sys.stdin in r:
            if not sys.stdin.readline():
                return
            s.setblocking(False)
            while True:
                try:
                    print("DGRAM " + s.recv(70000).hex())
                except BlockingIOError:
                    break
            s.setblocking(True)
            print("DRAINED", flush=True)


def sender():
    for line in sys.stdin:
        w = line.split()
        ports = [P0 - 1] if w[0] == "PROBE" else range(P0, P0 + int(w[1]))
        for p in ports:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((A4, p))
            s.sendto(b"packter fanout %d" % p, (B4, 9))
            s.close()
        print("SENT", flush=True)


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
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


TOKYO = "35.6895,139.6917"


def sports(at, line, geo_bad):
    """The source ports of the records of one listener line; with -G
    (geo_bad a list), the records whose place word is not Tokyo to Tokyo,
    or a datagram without one word a record, are appended to geo_bad."""
    out = []
    recs = at.records_of(bytes.fromhex(line.split()[1]))
    words = None
    if recs and recs[-1][0].startswith("PACKTERGEO "):
        words = ",".join(recs.pop()).split()[1:]   # split at commas
    if geo_bad is not None and (words is None or len(words) != len(recs)):
        geo_bad.append("words %r for %d records" % (words, len(recs)))
        words = None
    for i, r in enumerate(recs):
        if r[0] == A4 and r[1] == B4 and r[3] == "9":
            out.append(int(r[2]))
            if words is not None and words[i] != TOKYO + "/" + TOKYO:
                geo_bad.append("%s:%s %s" % (r[0], r[2], words[i]))
    return out


def geo_database(agent, tmp):
    """A database for -G, or None where the agent cannot read one."""
    top = os.environ.get("top_srcdir", os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    db = os.path.join(tmp, "places.mmdb")
    r = sh("perl", os.path.join(top, "tests", "tools", "make-mmdb.pl"),
           os.path.join(top, "tests", "data", "geo", "places.txt"), db,
           check=False)
    if r.returncode != 0:
        print("no -G: make-mmdb.pl failed: %s" % r.stderr.decode().strip())
        return None
    r = sh(agent, "-G", db, "-r", "/dev/null", "-n", check=False)
    if b"built without libmaxminddb" in r.stderr:
        print("no -G: this agent has no libmaxminddb")
        return None
    return db


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
    ck = at.Checker("live-fanout")
    tag = "%d" % (os.getpid() % 100000)
    nsa, nsb = "packter-fa-" + tag, "packter-fb-" + tag
    va, vb = "pfa" + tag, "pfb" + tag
    procs, made = [], []
    tmp = tempfile.TemporaryDirectory()
    db = geo_database(agent, tmp.name)
    geo_bad = [] if db else None
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
        for ns, dev, a4 in ((nsa, va, A4), (nsb, vb, B4)):
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "addr", "add", a4 + "/24", "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "up")
        me = os.path.abspath(__file__)
        lis = subprocess.Popen(["ip", "netns", "exec", nsb, sys.executable,
                                me, "--listener"], stdout=subprocess.PIPE,
                               stdin=subprocess.PIPE)
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
        ag = subprocess.Popen(["ip", "netns", "exec", nsb, agent, "-i", vb,
                               "--threads", "2", "-B", "4096",
                               "-v", "127.0.0.1:%d" % port] +
                              (["-G", db] if db else []) +
                              ["udp", "and", "dst", "port", "9"],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append(ag)

        def order(what):
            snd.stdin.write((what + "\n").encode())
            snd.stdin.flush()
            if sent.get(60) != "SENT":
                raise RuntimeError("the sender stopped")

        seen = {}

        def take(line):
            for p in sports(at, line, geo_bad):
                seen[p] = seen.get(p, 0) + 1

        # The probe until it comes back: the group has both members.
        for attempt in range(40):
            order("PROBE")
            end = time.monotonic() + 0.5
            while P0 - 1 not in seen and time.monotonic() < end:
                line = lines.get(max(0.0, end - time.monotonic()))
                if line is None:
                    break
                take(line)
            if P0 - 1 in seen:
                break
        if not ck.check(P0 - 1 in seen, "the probe's record never came"):
            raise RuntimeError("no record from the agent")
        order("BURST %d" % N)
        end = time.monotonic() + 60
        want = set(range(P0, P0 + N))
        while not want <= set(seen) and time.monotonic() < end:
            line = lines.get(max(0.0, end - time.monotonic()))
            if line is None:
                break
            take(line)
        ag.send_signal(signal.SIGTERM)
        try:
            _, err = ag.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            ck.check(False, "the agent did not stop on SIGTERM")
            ag.kill()
            _, err = ag.communicate()
        err = err.decode(errors="replace")
        ck.eq(ag.returncode, 0, "exit status after SIGTERM (%s)" %
              err.strip())
        # Everything it sent is in the listener's socket now.
        lis.stdin.write(b"DRAIN\n")
        lis.stdin.flush()
        while True:
            line = lines.get(20)
            if line is None or line == "DRAINED":
                break
            take(line)
        missing = sorted(want - set(seen))
        twice = sorted(p for p in want if seen.get(p, 0) > 1)
        ck.check(not missing, "%d of %d packets never drawn: %r" % (
            len(missing), N, missing[:10]))
        ck.check(not twice, "%d packets drawn more than once: %r" % (
            len(twice), twice[:10]))
        full, flat = at.counters(err)
        per = [full.get("capture %s thread %d/packets-read" % (vb, i), 0)
               for i in range(2)]
        ck.check(all(n > 0 for n in per), "each thread read some packets: "
                 "%r" % per)
        ck.eq(sum(per), flat.get("packets-read"), "packets-read: only the "
              "two threads read")
        ck.check(sum(per) >= N + 1, "the threads read every packet: %r" %
                 per)
        ck.eq(flat.get("kernel-dropped", 0), 0, "no kernel drops")
        ck.check(full.get("agent (2 capture threads)/records", 0) >= N + 1,
                 "the threads' cores are summed: %r" % full)
        rings = [ln for ln in err.splitlines() if "capturing on %s (" % vb
                 in ln]
        ck.eq(len(rings), 2, "two sockets opened: %r" % rings)
        ck.check(all("buffer 4096 KiB, ring TPACKET_V3" in ln
                     for ln in rings), "-B 4096 and a TPACKET_V3 ring: %r" %
                 rings)
        if db:
            ck.check(not geo_bad, "-G: every record Tokyo to Tokyo, one "
                     "word a record: %r" % geo_bad[:5])
            recs = full.get("agent (2 capture threads)/records", 0)
            ck.eq(full.get("geoip (2 capture threads)/geo-lookups"),
                  2 * recs, "-G: the threads' look-ups summed, two a "
                  "record")
            ck.eq(full.get("geoip (2 capture threads)/geo-found"),
                  2 * recs, "-G: every address found")
        print("live-fanout: %d packets, threads read %r%s" % (
            N, per, ", with -G" if db else ""))
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
        tmp.cleanup()


if __name__ == "__main__":
    if sys.argv[1:] == ["--listener"]:
        listener()
    elif sys.argv[1:] == ["--sender"]:
        sender()
    else:
        sys.exit(main())
