#!/usr/bin/python3
"""live-faults.py - packter-agent -i on an interface that goes down, comes
back and then disappears (run by tests/agent/live-faults.sh).

In a network namespace of its own, a veth pair va/vb: frames written raw on
vb arrive on va, where the agent captures with -n.
  1. a frame is drawn (sent again until its record is printed, bounded);
  2. va goes down: the agent stays, and does not spin (its CPU time over a
     one-second window stays small);
  3. va comes back up: a new frame is drawn again (recovery);
  4. the pair is deleted: the agent exits 1 naming the interface.
Exits 77 where namespaces cannot be made.
"""

import os
import select
import shutil
import subprocess
import sys
import time

NS = "packter-faults-%d" % os.getpid()
failed = 0


def check(cond, what):
    global failed
    print("%s - %s" % ("ok" if cond else "not ok", what), flush=True)
    if not cond:
        failed += 1


def sh(*args):
    return subprocess.run(list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


def frame(sport):
    """Ethernet + IPv4 + UDP 192.0.2.7:sport -> 192.0.2.8:2222."""
    import struct
    udp = struct.pack("!HHHH", sport, 2222, 8, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0, 64, 17, 0,
                     bytes([192, 0, 2, 7]), bytes([192, 0, 2, 8]))
    s = sum(struct.unpack("!10H", ip))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
    return b"\x02\0\0\0\0\x08\x02\0\0\0\0\x07\x08\x00" + ip + udp


def inject(sport):
    code = ("import socket,sys; s=socket.socket(socket.AF_PACKET, "
            "socket.SOCK_RAW); s.bind(('vb', 0)); "
            "s.send(bytes.fromhex(sys.argv[1]))")
    return sh("ip", "netns", "exec", NS, sys.executable, "-c", code,
              frame(sport).hex()).returncode == 0


class Reader:
    """Lines of a pipe, read with deadlines (select; never sleeps)."""

    def __init__(self, f):
        self.fd = f.fileno()
        self.buf = b""
        self.lines = []

    def until(self, pred, timeout):
        end = time.monotonic() + timeout
        while True:
            for i, l in enumerate(self.lines):
                if pred(l):
                    del self.lines[:i + 1]
                    return l
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return None
            data = os.read(self.fd, 65536)
            if not data:
                return None
            self.buf += data
            *done, self.buf = self.buf.split(b"\n")
            self.lines += [d.decode(errors="replace") for d in done]


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])        # utime + stime


def drawn(out, sport, tries=40):
    """Send until the record of the frame from sport is printed."""
    want = "192.0.2.7,192.0.2.8,%d,2222,3," % sport
    for _ in range(tries):
        if not inject(sport):
            return False
        if out.until(lambda l: l.startswith(want), 0.25) is not None:
            return True
    return False


def main():
    agent = os.path.join(os.environ.get("top_builddir", "."), "agent",
                         "packter-agent")
    if not shutil.which("ip") or os.geteuid() != 0:
        print("needs root and iproute2")
        return 77
    if sh("ip", "netns", "add", NS).returncode != 0:
        print("cannot make a network namespace")
        return 77
    p = None
    try:
        for cmd in (("ip", "link", "add", "va", "type", "veth", "peer",
                     "name", "vb"),
                    ("ip", "link", "set", "va", "up"),
                    ("ip", "link", "set", "vb", "up")):
            r = sh("ip", "netns", "exec", NS, *cmd)
            if r.returncode != 0:
                print("cannot make the veth pair: %s" % r.stderr.decode())
                return 77
        p = subprocess.Popen(["ip", "netns", "exec", NS, agent, "-i", "va",
                              "-n", "udp"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        out, err = Reader(p.stdout), Reader(p.stderr)
        check(err.until(lambda l: "capturing on va" in l, 10) is not None,
              "the agent says when the capture is open")
        check(drawn(out, 1001), "a frame on the interface is drawn")

        sh("ip", "netns", "exec", NS, "ip", "link", "set", "va", "down")
        inject(1002)
        # A measurement window, not a synchronisation: CPU used while down.
        pid = int(sh("pgrep", "-f", "-n", "packter-agent -i va").stdout or 0)
        t0 = cpu_ticks(pid) if pid else 0
        time.sleep(1.0)
        t1 = cpu_ticks(pid) if pid else 0
        check(p.poll() is None, "the agent waits while the link is down")
        check(pid != 0 and t1 - t0 < 20,
              "and does not spin: %d ticks in 1 s" % (t1 - t0))

        sh("ip", "netns", "exec", NS, "ip", "link", "set", "va", "up")
        check(drawn(out, 1003), "the link back up: frames are drawn again")

        sh("ip", "netns", "exec", NS, "ip", "link", "del", "vb")
        try:
            rc = p.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        msg = err.until(lambda l: "'va'" in l, 2)
        check(rc == 1, "the interface gone: the agent exits 1 (%r)" % rc)
        check(msg is not None, "with a message naming it: %r" % msg)
    finally:
        if p is not None and p.poll() is None:
            p.kill()
            p.wait()
        sh("ip", "netns", "del", NS)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
