"""evelib.py - what the EVE tests share.

A running `packter-agent -n --no-batch --eve ...` (one record a datagram,
so each "TIME" line is its record's time), the EVE peer
(tests/peers/eve-peer.py), a sentinel alert whose record marks how far the
agent has read (192.0.2.254 -> 192.0.2.253, ports 65535: the agent hands
events over in the order it reads them), and the records the agent must
print: from tshark's decode of the packets the events carry, or from the
events' own fields when they carry none (collectlib's rules).

The -n output is read as "TIME sec usec" + "PACKTER" + record lines; a
last line of a datagram that starts with "PACKTERTIME" is ignored.
"""
import importlib.util
import os
import select
import signal
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "collectors"))
import collectlib as cl  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "eve_peer", os.path.join(here, "..", "peers", "eve-peer.py"))
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

AGENT = cl.AGENT
TIMEOUT = cl.TIMEOUT
SENTINEL_KEY = cl.SENTINEL_KEY
SENTINEL_FRAME = cl.udp_frame(b"end", src=cl.SENTINEL_SRC,
                              dst=cl.SENTINEL_DST, sport=65535, dport=65535)


def sentinel(ts=1700000999.5):
    """The sentinel alert, with its packet."""
    return peer.line(peer.alert(SENTINEL_FRAME, ts, "end", 1, 1, 1, 1))


def parse_output(text):
    """[(sec, usec, record)] of -n output, sentinels included."""
    out, t = [], None
    for ln in text.split("\n"):
        if ln.startswith("TIME "):
            t = tuple(int(x) for x in ln.split()[1:3])
        elif ln and ln != "PACKTER" and not ln.startswith("PACKTERTIME"):
            out.append((t[0], t[1], ln))
    return out


class Agent:
    """packter-agent -n --no-batch with the given arguments, started and
    waited for until its stderr says `ready`."""

    def __init__(self, args, ready=b"eve: ", env=None):
        if not os.access(AGENT, os.X_OK):
            cl.fail(AGENT + " is not built")
        e = dict(os.environ)
        e.update(env or {})
        self.p = subprocess.Popen([AGENT, "-n", "--no-batch"] + list(args),
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=e)
        self.out = b""
        self.err = b""
        self.seen = 0
        while ready not in self.err:
            self._read()

    def _read(self):
        r, _, _ = select.select([self.p.stdout, self.p.stderr], [], [],
                                TIMEOUT)
        if not r:
            self.kill()
            cl.fail("agent: no output in %d s (stderr: %r)" % (TIMEOUT,
                                                                self.err))
        for f in r:
            b = os.read(f.fileno(), 1 << 20)
            if not b:
                self.p.wait()
                cl.fail("agent exited (status %s): %s" % (
                    self.p.returncode, self.err.decode(errors="replace")))
            if f is self.p.stdout:
                self.out += b
            else:
                self.err += b

    def sync(self, write_sentinel):
        """Write the sentinel (a function) and wait for its record."""
        self.seen += 1
        write_sentinel()
        while self.out.count(SENTINEL_KEY.encode()) < self.seen:
            self._read()

    def wait_records(self, n):
        """Wait until n records (sentinels left out) are out."""
        while len(self.records()) < n:
            self._read()

    def records(self):
        """[(sec, usec, record)] so far, sentinels left out."""
        return [r for r in parse_output(self.out.decode(errors="replace"))
                if not r[2].startswith(SENTINEL_KEY)]

    def stop(self):
        """SIGTERM; {section: {counter: value}} from its stderr."""
        for _ in range(int(TIMEOUT * 4)):
            self.p.send_signal(signal.SIGTERM)
            try:
                out, err = self.p.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            self.kill()
            cl.fail("agent did not stop on SIGTERM")
        self.out += out
        self.err += err
        if self.p.returncode != 0:
            cl.fail("agent exited with %d: %s" % (
                self.p.returncode, self.err.decode(errors="replace")))
        return cl.parse_counters(self.err.decode(errors="replace"))

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def run_replay(path, extra=()):
    """packter-agent -n --no-batch --eve PATH --eve-from-start ...: it ends
    at the end of the file.  (records, counters, stderr)."""
    r = subprocess.run([AGENT, "-n", "--no-batch", "--eve", path,
                        "--eve-from-start"] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT * 4)
    err = r.stderr.decode(errors="replace")
    if r.returncode != 0:
        cl.fail("agent exited with %d: %s" % (r.returncode, err))
    recs = [x for x in parse_output(r.stdout.decode(errors="replace"))
            if not x[2].startswith(SENTINEL_KEY)]
    return recs, cl.parse_counters(err), err


def counter(c, name):
    return cl.counter(c, "eve", name)


# --- what the agent must print -----------------------------------------------

def usec_of(ts):
    sec = int(ts)
    return sec, int(round((ts - sec) * 1e6))


def tshark_records(frames, tmp, descs=None):
    """[record] of tshark's decode of [(ts, frame)]; descs[i], when given,
    replaces the description (-S)."""
    pc = os.path.join(tmp, "seen.pcap")
    cl.write_pcap(pc, frames)
    root = cl.tshark_pdml(pc)
    out = []
    for i, pkt in enumerate(root.iter("packet")):
        pk = cl.packet_of([p for p in pkt if p.tag == "proto"])
        if pk is None:
            out.append(None)
            continue
        fam, proto, src, dst, sp, dp, fl, icmp, l4 = pk
        r = cl.record(fam, proto, src, dst, sp, dp, fl, icmp, "", l4)
        if descs is not None:
            r = ",".join(r.split(",")[:5]) + "," + descs[i]
        out.append(r)
    return out


def tuple_record(frame, desc=None, tcp_flags=None):
    """The record made from an event's fields (no packet)."""
    fam, proto, src, dst, sp, dp, icmp, _ = peer.tuple_of(frame)
    r = cl.record(fam, proto, src, dst, sp, dp, tcp_flags, icmp, "")
    if desc is not None:
        r = ",".join(r.split(",")[:5]) + "," + desc
    return r


def incident(sig, gid, sid, rev, sev):
    return "Incident:%s sid:%d gen:%d rev:%d severity:%d" % (sig, sid, gid,
                                                             rev, sev)


def traffic(tmp):
    """[(ts, frame)] of collectlib's test capture, the ones a tuple can be
    taken from (the GRE packet left in: drawn from its packet only)."""
    cap = os.path.join(tmp, "traffic.pcap")
    cl.make_traffic(cap)
    return [(ts, b) for ts, _lt, b in cl.read_pcap(cap)]
