"""tclib.py - the pieces of the bridge tests: the DP peer, packter-tc, and a
UDP socket standing in for the viewer, all on loopback.

Synchronisation is on sockets and pipes only: the DP peer prints its port,
the bridge logs the port it listens on, the viewer socket waits for
datagrams with a timeout.  Nothing sleeps to wait for something to happen.
"""

import atexit
import hashlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77

TOP_SRCDIR = os.environ.get("top_srcdir") or \
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir") or os.getcwd()
BRIDGE = os.path.join(TOP_BUILDDIR, "tc-bridge", "packter-tc")
PEER = os.path.join(TOP_SRCDIR, "tests", "peers", "dp-peer.py")
PYTHON = "/usr/bin/python3"


def find_xsd():
    env = os.environ.get("PACKTER_ITM_XSD")
    if env and os.access(env, os.R_OK):
        return env
    p = os.path.join(TOP_SRCDIR, "tests", "data", "intertrack",
                     "InterTrackMessage.xsd")
    return os.path.abspath(p) if os.access(p, os.R_OK) else None


XSD = find_xsd()


def tmpdir(prefix):
    """A scratch directory, removed when the test ends."""
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, True)
    return d


def md5_of(i):
    """A distinct 32-lowercase-hex digest per test packet."""
    return hashlib.md5(b"packet %d" % i).hexdigest()


def request(i, src="10.0.0.1", dst="192.0.2.9", sport=60000, dport=80,
            flag=1):
    return ("%s,%s,%d,%d,%d,%s" % (src, dst, sport, dport, flag,
                                   md5_of(i))).encode()


class Lines:
    """Collects a pipe's lines in a thread; wait() for one that matches."""

    def __init__(self, pipe):
        self.lines = []
        self.cond = threading.Condition()
        self.closed = False
        self.t = threading.Thread(target=self._run, args=(pipe,),
                                  daemon=True)
        self.t.start()

    def _run(self, pipe):
        for raw in iter(pipe.readline, b""):
            with self.cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def wait(self, pattern, timeout=10.0, start=0):
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    m = rx.search(line)
                    if m:
                        return m
                left = end - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def text(self):
        with self.cond:
            return "\n".join(self.lines)


def free_port(kind=socket.SOCK_STREAM, host="127.0.0.1"):
    """A port nothing listens on (bound then released)."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, kind)
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


class DP:
    """tests/peers/dp-peer.py, started and waited for."""

    def __init__(self, *args, listen="127.0.0.1", port=0):
        self.dir = tmpdir("tc-dp-")
        self.record = os.path.join(self.dir, "record.jsonl")
        self.save = os.path.join(self.dir, "saved")
        os.mkdir(self.save)
        cmd = [PYTHON, PEER, "--schema", XSD, "--listen", listen,
               "--port", str(port), "--record", self.record,
               "--save-dir", self.save] + list(args)
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = Lines(self.p.stdout)
        self.err = Lines(self.p.stderr)
        m = self.out.wait(r"^PORT (\d+)$", 15)
        if not m:
            self.stop()
            raise RuntimeError("dp-peer did not start: %s" % self.err.text())
        self.port = int(m.group(1))
        self.listen = listen

    def records(self):
        try:
            with open(self.record, encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def saved(self):
        return sorted(os.path.join(self.save, n) for n in os.listdir(self.save))

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Viewer:
    """A UDP socket where the bridge's messages arrive."""

    def __init__(self, host="127.0.0.1", port=0):
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.s = socket.socket(fam, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.s.bind((host, port))
        self.host = host
        self.port = self.s.getsockname()[1]
        self.got = []          # (monotonic time, keyword, payload)

    def recv(self, timeout):
        r, _, _ = select.select([self.s], [], [], max(timeout, 0))
        if not r:
            return None
        data = self.s.recv(65536)
        t = time.monotonic()
        text = data.decode("utf-8", "replace")
        kw, _, payload = text.partition("\n")
        if payload.endswith("\n"):
            payload = payload[:-1]
        item = (t, kw, payload)
        self.got.append(item)
        return item

    def wait(self, kw, contains="", timeout=10.0, start=0):
        """The first message of keyword kw holding contains (old or new)."""
        for item in self.got[start:]:
            if item[1] == kw and contains in item[2]:
                return item
        end = time.monotonic() + timeout
        while True:
            item = self.recv(end - time.monotonic())
            if item is None:
                return None
            if item[1] == kw and contains in item[2]:
                return item

    def messages(self, kw=None):
        return [i for i in self.got if kw is None or i[1] == kw]

    def close(self):
        self.s.close()


class Bridge:
    """packter-tc on loopback, its stderr collected."""

    def __init__(self, dp_port, viewer=None, args=(), dp_host="127.0.0.1",
                 listen="127.0.0.1:0", wrapper=()):
        host = "[%s]" % dp_host if ":" in dp_host else dp_host
        cmd = list(wrapper) + [BRIDGE, "-d", "%s:%d" % (host, dp_port),
                               "-l", listen]
        if viewer is not None:
            vh = "[%s]" % viewer.host if ":" in viewer.host else viewer.host
            cmd += ["-v", "%s:%d" % (vh, viewer.port)]
        cmd += list(args)
        self.wrapped = bool(wrapper)
        env = dict(os.environ)
        if wrapper:
            # LeakSanitizer cannot run under ptrace (strace): an ASan build
            # would fail at exit for that alone.
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":detect_leaks=0").lstrip(":")
        self.p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, env=env)
        self.err = Lines(self.p.stderr)
        m = self.err.wait(r"listening on (\S+) port (\d+)", 15)
        if not m:
            self.stop()
            raise RuntimeError("packter-tc did not start:\n%s" %
                               self.err.text())
        self.host = m.group(1)
        self.port = int(m.group(2))
        fam = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self.tx = socket.socket(fam, socket.SOCK_DGRAM)

    def send(self, data):
        self.tx.sendto(data, (self.host, self.port))
        return time.monotonic()

    def pid(self):
        """The bridge's own pid (under a wrapper such as strace, its
        child's)."""
        if not self.wrapped:
            return self.p.pid
        try:
            with open("/proc/%d/task/%d/children" % (self.p.pid,
                                                      self.p.pid)) as f:
                kids = f.read().split()
            return int(kids[0]) if kids else None
        except OSError:
            return None

    def stop(self):
        """SIGTERM to the bridge; waits for it (and any wrapper)."""
        if self.p.poll() is None:
            pid = self.pid()
            if pid is not None:
                os.kill(pid, signal.SIGTERM)
            else:
                self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.err.t.join(5)
        return self.p.returncode

    def counters(self):
        c = {}
        for line in self.err.text().splitlines():
            m = re.match(r"^  (\S+)\s+(\d+)$", line)
            if m:
                c[m.group(1)] = int(m.group(2))
        return c

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        rc = self.stop()
        self.tx.close()
        # Every run ends cleanly (under ASan: no leak, no error either).
        check(rc == 0, "packter-tc exits 0 after SIGTERM, not %s:\n%s" %
              (rc, "\n".join(self.err.text().splitlines()[-30:])))


# --- a tiny runner ----------------------------------------------------------

class Failed(Exception):
    pass


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("  FAIL: %s" % what, flush=True)
    return cond


def seq_of(payload):
    m = re.search(r"request (\d+\.\d{6})", payload)
    return m.group(1) if m else None


def run(cases):
    """Run the named cases (all by default); exit 0, 1, or 77 (skip)."""
    if XSD is None:
        # Carried in the tree: missing means a broken checkout.
        print("ERROR: tests/data/intertrack/InterTrackMessage.xsd not found")
        sys.exit(99)
    try:
        import lxml.etree  # noqa: F401  (the DP peer needs it)
    except ImportError:
        print("SKIP: python3-lxml is not installed (the DP peer needs it)")
        sys.exit(SKIP)
    if not os.access(BRIDGE, os.X_OK):
        print("SKIP: %s not built" % BRIDGE)
        sys.exit(SKIP)
    names = sys.argv[1:] or list(cases)
    bad = 0
    for i, name in enumerate(names, 1):
        before = len(failures)
        try:
            cases[name]()
        except Exception as e:          # a crash is a failure, with its story
            import traceback
            traceback.print_exc()
            failures.append("%s: %r" % (name, e))
        ok = len(failures) == before
        bad += not ok
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name), flush=True)
    print("1..%d" % len(names))
    sys.exit(1 if bad else 0)
