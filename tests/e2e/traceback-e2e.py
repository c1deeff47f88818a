"""traceback-e2e.py - the traceback loop of issue 5 end to end, on a screen.

On an Xvfb server of its own (Xvfb -displayfd: it names its display on a
pipe, nothing to guess or wait for), each case runs:

  packter-agent -T 127.0.0.1 --fast  replays a fixed three-packet capture
                                     into packter-viewer;
  xdotool                            pauses the viewer (S), moves the pointer
                                     onto the ball of a packet the test
                                     chose (its place from the camera model
                                     of tests/viewer/harness.py), and
                                     presses T;
  packter-viewer                     sends "src,dst,sport,dport,flag,<md5>"
                                     to the bridge named in the ball's
                                     description;
  packter-tc -> tests/peers/dp-peer.py  the Decision Point receives a
                                     ClientTraceRequest whose PacketDump is
                                     the packet's SPIE digest, recomputed
                                     here with hashlib
                                     (tests/tools/spie-vectors.py);
  packter-tc -> packter-viewer       the verdict arrives, and the viewer
                                     shows it: its HUD message (the text
                                     its SIGUSR1 statistics print as
                                     "message:") is the verdict, and it
                                     names the packet;
  the ball                           keeps its trace: the statistics' "trace
                                     #1:" line names the ball's record and
                                     digest with the verdict's state, the
                                     hovered ball's trace is that state, and
                                     --trace-log has one JSON object a line
                                     for the request, from "requested" to
                                     the verdict, with the AS path.

Cases: found (with the AS path), not found, DP down, DP garbage.  Between
viewer and bridge the test keeps two transparent UDP relays, which give it
the moment the request leaves the viewer and the moment the verdict
reaches it; with the moment the viewer's statistics first show the verdict
this is the click-to-verdict time, printed (not asserted).

Synchronisation: printed lines ("listening on port N", "PORT N", the
bridge's "listening on"), the relays' sockets, the viewer's statistics on
SIGUSR1 (each signal answers with one block).  Every wait is bounded and
says what it waited for when it gives up.
"""

import hashlib
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Last, so that the standard library comes first (tests/tc has a
# concurrent.py, tests/viewer a traceback.py).
sys.path.append(os.path.join(HERE, "..", "tc"))

import tclib  # noqa: E402
from tclib import DP, Bridge, check, free_port, run, tmpdir  # noqa: E402

SKIP = 77
TOP_SRCDIR = tclib.TOP_SRCDIR
TOP_BUILDDIR = tclib.TOP_BUILDDIR
AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")
VIEWER = os.path.join(TOP_BUILDDIR, "viewer", "packter-viewer")
SHADERS = os.path.join(TOP_SRCDIR, "viewer", "gl", "shaders")

W, H = 640, 480
VIEW = 2                # side view: both boards face the camera
FLIGHT_MS = 3600000     # an hour: a ball stays where it was launched
TC = "127.0.0.1"        # the bridge address the agent writes (-T)
TIMEOUT = "3"           # the bridge's --timeout, seconds

timings = []            # (case, key->request, request->shown, key->shown)


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


# --- the capture and its digests --------------------------------------------

def load(name, *path):
    """A module of another test directory, by its file (their directories
    hold modules named like the standard library's: not on sys.path)."""
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(TOP_SRCDIR, "tests", *path))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def make_capture(path):
    """Three packets far apart on the screen: IPv4 with an IP option, IPv6,
    plain IPv4.  Returns [(src, dst, sport, dport, ip bytes)]."""
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.all import (IP, TCP, UDP, Ether, IPOption_RR, IPv6, conf,
                           raw, wrpcap)
    conf.verb = 0

    def eth():
        return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    pkts = [
        eth() / IP(src="10.0.0.1", dst="192.0.2.9", ttl=33, tos=4, id=7,
                   options=[IPOption_RR(routers=["1.2.3.4"])]) /
        TCP(sport=50000, dport=80, flags="S", seq=1000) / b"hello",
        eth() / IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=7, tc=0xab,
                     fl=0x12345) / UDP(sport=20000, dport=53) / b"query",
        eth() / IP(src="192.0.2.77", dst="198.51.100.7", ttl=64, id=9) /
        UDP(sport=33000, dport=53) / b"other",
    ]
    for i, p in enumerate(pkts):
        p.time = 1700000000 + i * 0.001
    wrpcap(path, pkts)
    out = []
    for p in pkts:
        l3 = p.payload
        out.append((l3.src, l3.dst, l3.payload.sport, l3.payload.dport,
                    raw(p)[14:]))
    return out


# --- processes ------------------------------------------------------------------

class Reader:
    """A pipe's lines, collected in a thread; wait for one from an index."""

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
                self.lines.append(raw.decode("utf-8", "replace")
                                  .rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def count(self):
        with self.cond:
            return len(self.lines)

    def wait(self, pattern, timeout, start=0):
        """(index, match) of the first line from start matching, or None."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i])
                    if m:
                        return i, m
                    i += 1
                left = end - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def tail(self, n=40):
        with self.cond:
            return "\n".join(self.lines[-n:])


def die_with_parent():
    """In the child: SIGTERM when the test dies (PR_SET_PDEATHSIG), so
    a test killed by make's timeout leaves no X server behind."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Xvfb:
    """An X server of the test's own; its display number comes on a pipe."""

    def __init__(self):
        r, w = os.pipe()
        self.p = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x720x24",
             "-nolisten", "tcp", "-noreset"], pass_fds=(w,),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent)
        os.close(w)
        got = b""
        end = time.monotonic() + 20
        while not got.endswith(b"\n"):
            left = end - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                break
            chunk = os.read(r, 64)
            if not chunk:
                break
            got += chunk
        os.close(r)
        if not got.strip().isdigit():
            self.stop()
            raise RuntimeError("Xvfb did not name its display: %r" % got)
        self.display = ":" + got.strip().decode()

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()


XSERVER = None


def xdotool(*args, timeout=15):
    env = dict(os.environ, DISPLAY=XSERVER.display)
    try:
        r = subprocess.run(["xdotool"] + list(args), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError("xdotool %s: no answer in %d s" %
                           (" ".join(args), timeout))
    if r.returncode != 0:
        raise RuntimeError("xdotool %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


class Relay:
    """Two transparent UDP relays: viewer -> bridge (requests) and
    bridge -> viewer (messages), each datagram noted with its time."""

    def __init__(self):
        self.req = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.req.bind(("127.0.0.1", 0))
        self.msg = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.msg.bind(("127.0.0.1", 0))
        self.req_port = self.req.getsockname()[1]
        self.host, self.port = "127.0.0.1", self.msg.getsockname()[1]
        self.req_to = self.msg_to = None
        self.requests = []      # (time, text)
        self.messages = []      # (time, keyword, payload)
        self.cond = threading.Condition()
        self.stop_r, self.stop_w = os.pipe()
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while True:
            r, _, _ = select.select([self.req, self.msg, self.stop_r],
                                    [], [])
            if self.stop_r in r:
                return
            for s in r:
                data = s.recv(65536)
                now = time.monotonic()
                with self.cond:
                    to = self.req_to if s is self.req else self.msg_to
                    if to is not None:
                        s.sendto(data, to)
                    text = data.decode("utf-8", "replace")
                    if s is self.req:
                        self.requests.append((now, text))
                    else:
                        kw, _, payload = text.partition("\n")
                        self.messages.append((now, kw, payload.rstrip("\n")))
                    self.cond.notify_all()

    def wait(self, what, pred, timeout):
        """The first item of self.<what> for which pred holds, or None."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for item in getattr(self, what):
                    if pred(item):
                        return item
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def close(self):
        os.write(self.stop_w, b"x")
        self.t.join(5)
        for fd in (self.stop_r, self.stop_w):
            os.close(fd)
        self.req.close()
        self.msg.close()


class Viewer:
    """packter-viewer on the test's X server, asked for its statistics."""

    def __init__(self, tc_port, trace_log):
        env = dict(os.environ, DISPLAY=XSERVER.display)
        env.pop("SDL_VIDEODRIVER", None)
        self.p = subprocess.Popen(
            [VIEWER, "-b", "127.0.0.1", "-p", "0", "--geometry",
             "%dx%d" % (W, H), "--shader-dir", SHADERS, "--view", str(VIEW),
             "--flight-ms", str(FLIGHT_MS), "--tc-port", str(tc_port),
             "--trace-log", trace_log, "--stats"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = Reader(self.p.stdout)
        self.err = Reader(self.p.stderr)
        m = self.out.wait(r"^listening on port (\d+)$", 20)
        if m is None:
            self.stop()
            raise RuntimeError("the viewer did not start:\n%s" %
                               self.err.tail())
        self.port = int(m[1].group(1))
        # Its window, once mapped (xdotool --sync waits for it).
        wins = xdotool("search", "--sync", "--onlyvisible", "--pid",
                       str(self.p.pid), "--name", "^PACKTER viewer$",
                       timeout=20).split()
        if not wins:
            raise RuntimeError("no viewer window")
        self.win = wins[0]

    def stats(self, timeout=10):
        """One statistics block (SIGUSR1): {counter: n}, plus "message",
        "hover" and "selected"."""
        start = self.err.count()
        os.kill(self.p.pid, signal.SIGUSR1)
        got = self.err.wait(r"^selected: ", timeout, start)
        if got is None:
            raise RuntimeError("the viewer printed no statistics on "
                               "SIGUSR1 within %d s:\n%s" %
                               (timeout, self.err.tail()))
        with self.err.cond:
            block = self.err.lines[start:got[0] + 1]
        st = {}
        for line in block:
            m = re.match(r"^  (\S.*?)\s+(\d+)$", line)
            if m:
                st[m.group(1)] = int(m.group(2))
            for k in ("message", "hover", "selected", "hover trace"):
                if line.startswith(k + ": "):
                    st[k] = line[len(k) + 2:]
            m = re.match(r"^(trace #\d+): (.*)$", line)
            if m:
                st[m.group(1)] = m.group(2)
        return st

    def until(self, pred, what, timeout=10):
        """Statistics until pred holds for them (one block per frame at
        most), or a failure naming what was awaited."""
        end = time.monotonic() + timeout
        while True:
            st = self.stats()
            if pred(st):
                return st, time.monotonic()
            if time.monotonic() >= end:
                raise RuntimeError("waited %d s for %s; last statistics: "
                                   "%s" % (timeout, what, st))

    def key(self, name):
        """Press and release a key; the time just before."""
        t = time.monotonic()
        xdotool("key", "--clearmodifiers", name)
        return t

    def point(self, x, y):
        xdotool("mousemove", "--window", self.win, str(x), str(y))

    def stop(self):
        """SIGTERM (SDL makes it a quit event); the exit status."""
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.out.t.join(5)
        self.err.t.join(5)
        return self.p.returncode


# --- one case -------------------------------------------------------------------

CAPTURE = None      # path
PACKETS = None      # [(src, dst, sport, dport, ip bytes)]
SPIE = None         # tests/tools/spie-vectors.py: PROTOCOL.md's masking
HARNESS = None      # tests/viewer/harness.py: the viewer's camera model


def digest(ip):
    return hashlib.md5(SPIE.masked(ip)).hexdigest()


def place(i):
    """Where the ball of packet i is on the screen, just launched."""
    src, dst, sport, dport, _ = PACKETS[i]
    xy = HARNESS.project(VIEW, W, H, HARNESS.ball_at(src, sport, dst, dport,
                                                     0.0))
    return int(round(xy[0])), int(round(xy[1]))


def traceback_case(name, pick, verdict, texts, dp_args=None):
    """Agent -> viewer; S, point at packet pick, T; bridge and DP (None:
    down); the verdict PACKTERMSG holding verdict and texts, on screen."""
    src, dst, sport, dport, ip = PACKETS[pick]
    md5 = digest(ip)
    desc = "%s-%s" % (md5, TC)
    relay = Relay()
    viewer = dp = br = None
    trace_log = os.path.join(tmpdir("e2e-log-"), "traces.jsonl")
    try:
        viewer = Viewer(relay.req_port, trace_log)
        relay.msg_to = ("127.0.0.1", viewer.port)
        if dp_args is not None:
            dp = DP(*dp_args)
            dp_port = dp.port
        else:
            dp_port = free_port()
        br = Bridge(dp_port, relay, ["--timeout", TIMEOUT, "--retries", "0"])
        relay.req_to = (br.host, br.port)

        # The capture into the viewer.
        a = subprocess.run([AGENT, "-r", CAPTURE, "-T", TC, "--fast", "-q",
                            "-v", "127.0.0.1:%d" % viewer.port],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30)
        check(a.returncode == 0, "%s: the agent replayed the capture: %s" %
              (name, a.stderr))
        viewer.until(lambda st: st.get("records") == len(PACKETS),
                     "%d records in the viewer" % len(PACKETS))

        # Pause, point, T.
        x, y = place(pick)
        viewer.point(x, y)
        viewer.key("s")
        st, _ = viewer.until(lambda st: st.get("hover") == desc,
                             "the pointer at %d,%d over the ball %s" %
                             (x, y, desc), 10)
        t_key = viewer.key("t")
        req = relay.wait("requests", lambda r: True, 5)
        check(req is not None, "%s: T sent a request" % name)
        if req is None:
            return
        fields = req[1].split(",")
        check(fields[:4] == [src, dst, str(sport), str(dport)] and
              len(fields) == 6 and fields[5] == md5,
              "%s: the request names the packet and its digest: %r "
              "(want %s,%s,%d,%d,FLAG,%s)" % (name, req[1], src, dst,
                                              sport, dport, md5))

        # The verdict through the bridge, and on the screen.
        final = relay.wait(
            "messages", lambda m: m[1] == "PACKTERMSG" and verdict in m[2],
            float(TIMEOUT) + 5)
        check(final is not None, "%s: the bridge sent the '%s' verdict; "
              "it sent %r" % (name, verdict, relay.messages))
        if final is None:
            return
        for t in texts:
            check(t in final[2], "%s: the verdict says %r: %r" %
                  (name, t, final[2]))
        started = relay.wait(
            "messages", lambda m: m[1] == "PACKTERMSG" and
            "Traceback started" in m[2], 0)
        check(started is not None and md5 in started[2],
              "%s: the 'started' message names the digest: %r" %
              (name, started))
        st, t_shown = viewer.until(
            lambda st: verdict in st.get("message", ""),
            "the verdict on the viewer's HUD", 10)
        for t in texts:
            check(t in st["message"], "%s: the viewer shows %r: %r" %
                  (name, t, st["message"]))
        check(st.get("traceback requests sent") == 1,
              "%s: the viewer counted one request sent: %s" % (name, st))
        check(st.get("control messages", 0) >= 2,
              "%s: the viewer counted the bridge's messages: %s" % (name, st))
        check_ball(name, st, pick, md5, verdict, trace_log)
        timings.append((name, req[0] - t_key, t_shown - req[0],
                        t_shown - t_key))
        print("  %s: key->request %.1f ms, request->verdict at the viewer "
              "%.1f ms, request->shown %.1f ms" %
              (name, (req[0] - t_key) * 1e3, (final[0] - req[0]) * 1e3,
               (t_shown - req[0]) * 1e3), flush=True)

        # What the Decision Point received.
        if dp is not None:
            recs = dp.records()
            check(len(recs) == 1 and recs[0]["valid"],
                  "%s: the DP received one valid request: %s" %
                  (name, [r.get("error") for r in recs]))
            check(len(recs) == 1 and recs[0].get("hash") == md5,
                  "%s: the DP's PacketDump is the packet's digest %s: %s" %
                  (name, md5, [r.get("hash") for r in recs]))
    finally:
        if br is not None:
            br.stop()
            if br.p.returncode != 0:
                check(False, "%s: packter-tc exits 0: %s\n%s" %
                      (name, br.p.returncode, br.err.text()))
        if dp is not None:
            dp.stop()
        if viewer is not None:
            rc = viewer.stop()
            check(rc == 0, "%s: the viewer exits 0 on SIGTERM, not %s:\n%s" %
                  (name, rc, viewer.err.tail()))
        relay.close()


STATE_OF = {"Trace found": "found", "Trace not found": "not found",
            "Trace error": "error"}


def check_ball(name, st, pick, md5, verdict, trace_log):
    """The verdict belongs to the ball: its record, digest and state, in
    the statistics, the panel and the --trace-log JSON."""
    src, dst, sport, dport, _ = PACKETS[pick]
    state = STATE_OF[verdict]
    if ":" in src:
        packet = "[%s]:%d -> [%s]:%d" % (src, sport, dst, dport)
    else:
        packet = "%s:%d -> %s:%d" % (src, sport, dst, dport)
    tr = st.get("trace #1", "")
    check(tr.startswith("%s record %d %s hash %s " %
                        (state, pick, packet, md5)),
          "%s: the trace is the ball's (record %d, %s), %s: %r" %
          (name, pick, packet, state, tr))
    check("trace #2" not in st, "%s: one request: %s" % (name, st))
    check(st.get("hover trace") == state,
          "%s: the hovered ball's marker says %r: %r" %
          (name, state, st.get("hover trace")))
    check("trace #1: %s" % packet in st.get("message", ""),
          "%s: the verdict panel names the packet %s: %r" %
          (name, packet, st.get("message")))
    with open(trace_log) as fh:
        objs = [json.loads(line) for line in fh]
    check(len(objs) >= 2 and all(o["id"] == 1 for o in objs),
          "%s: --trace-log has the request's states: %r" % (name, objs))
    if not objs:
        return
    check(objs[0]["state"] == "requested" and objs[-1]["state"] == state,
          "%s: --trace-log goes from requested to %s: %r" %
          (name, state, [o["state"] for o in objs]))
    last = objs[-1]
    want = {"record": pick, "hash": md5, "src": src, "dst": dst,
            "sport": sport, "dport": dport, "packet": packet,
            "bridge": TC, "bridge_addr": TC}
    for k, v in want.items():
        check(last.get(k) == v, "%s: --trace-log %s is %r, not %r" %
              (name, k, last.get(k), v))
    check(re.match(r"^\d+\.\d{6}$", last.get("request", "")) is not None,
          "%s: --trace-log has the bridge's request number: %r" %
          (name, last.get("request")))
    if state == "found":
        check(last.get("path") == ["AS64500", "AS64501"],
              "%s: --trace-log's AS path: %r" % (name, last.get("path")))
    print("  %s: the ball's trace is %s; --trace-log: %s" %
          (name, state, " -> ".join(o["state"] for o in objs)), flush=True)


def found():
    traceback_case("found", 0, "Trace found",
                   ["AS64500 (depth 1, found, Source)",
                    "AS64501 (depth 2, reached, Transit)"],
                   ["--path", "64500:found:Source,64501:reached:Transit"])


def not_found():
    traceback_case("not_found", 1, "Trace not found",
                   ["no AS saw the packet (2 asked)"],
                   ["--path", "64500:notfound,64501:notfound"])


def dp_down():
    traceback_case("dp_down", 2, "Trace error",
                   ["cannot connect to the Decision Point"], None)


def dp_garbage():
    traceback_case("dp_garbage", 0, "Trace error",
                   ["does not start an XML document"],
                   ["--path", "64500", "--mode", "garbage"])


def main():
    global XSERVER, CAPTURE, PACKETS, SPIE, HARNESS
    for prog, what in ((VIEWER, "the viewer (--disable-viewer?)"),
                       (AGENT, "the agent"), (tclib.BRIDGE, "packter-tc")):
        if not os.access(prog, os.X_OK):
            skip("%s not built: %s" % (what, prog))
    if tclib.XSD is None:
        print("ERROR: tests/data/intertrack/InterTrackMessage.xsd not found")
        sys.exit(99)
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    try:
        import scapy.all  # noqa: F401
    except ImportError:
        skip("python3-scapy is not installed")
    SPIE = load("spie_vectors", "tools", "spie-vectors.py")
    HARNESS = load("viewer_harness", "viewer", "harness.py")
    CAPTURE = os.path.join(tmpdir("e2e-cap-"), "three.pcap")
    PACKETS = make_capture(CAPTURE)
    seen = [place(i) for i in range(len(PACKETS))]
    for i in range(len(seen)):
        for j in range(i):
            if (abs(seen[i][0] - seen[j][0]) + abs(seen[i][1] - seen[j][1])
                    < 30):
                raise SystemExit("the test's balls overlap: %s" % seen)
    XSERVER = Xvfb()
    try:
        cases = {"found": found, "not_found": not_found,
                 "dp_down": dp_down, "dp_garbage": dp_garbage}
        try:
            run(cases)
        finally:
            if timings:
                worst = max(t[2] for t in timings)
                print("# click-to-verdict (request leaves the viewer -> "
                      "verdict shown): %s; worst %.1f ms (target < 1 s)" %
                      (", ".join("%s %.1f ms" % (t[0], t[2] * 1e3)
                                 for t in timings), worst * 1e3))
                print("# key press -> verdict shown: %s" %
                      ", ".join("%s %.1f ms" % (t[0], t[3] * 1e3)
                                for t in timings), flush=True)
    finally:
        XSERVER.stop()


if __name__ == "__main__":
    main()
