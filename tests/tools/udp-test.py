#!/usr/bin/python3
"""udp-test.py - the agent sends to real UDP listeners on loopback (run by
tests/agent/udp.sh).

For several captures and options, the datagrams a listener on 127.0.0.1 or
::1 (a free port each time) receives must equal, in order and byte for byte,
the datagrams `-n` prints for the same arguments (the text after each TIME
line).  Synchronisation is by process exit: the agent has handed every
datagram to the kernel before it exits, so the listener then drains its
socket without waiting.  Covered: -v HOST:PORT, -v [V6]:PORT, -v V6 with
-p PORT, -v HOST -p PORT, two viewers at once, --no-batch, a viewer that
is not listening (the agent goes on and exits 0), and --replay of a -n file
(fast and paced) sending the same datagrams again, datagrams larger than
the sender's slots among them.  Enough datagrams to fill the send thread's
ring, and the same with --no-send-thread.
"""

import os
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

ck = at.Checker("udp")
CAP = at.captures_dir()


class Listener:
    def __init__(self, family):
        host = "127.0.0.1" if family == socket.AF_INET else "::1"
        self.s = socket.socket(family, socket.SOCK_DGRAM)
        for opt in (getattr(socket, "SO_RCVBUFFORCE", None),
                    socket.SO_RCVBUF):
            if opt is None:
                continue
            try:
                self.s.setsockopt(socket.SOL_SOCKET, opt, 32 << 20)
                break
            except OSError:
                continue
        self.s.bind((host, 0))
        self.port = self.s.getsockname()[1]
        self.host = host

    def drain(self):
        """Every datagram already queued; never waits."""
        out = []
        self.s.setblocking(False)
        while True:
            try:
                out.append(self.s.recv(70000))
            except BlockingIOError:
                return out

    def close(self):
        self.s.close()


def have_ipv6():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.bind(("::1", 0))
        s.close()
        return True
    except OSError:
        return False


V6 = have_ipv6()


def printed(args, filt=()):
    rc, out, err = at.run_agent(args + ["-n"] + list(filt), cwd=CAP)
    ck.eq(rc, 0, "%s -n: exit status (%s)" % (" ".join(args), err))
    return [p for _, _, p in at.parse_print(out)]


def sent(args, viewer_args, listeners):
    rc, out, err = at.run_agent(args + viewer_args, cwd=CAP)
    what = "%s %s" % (" ".join(args), " ".join(viewer_args))
    ck.eq(rc, 0, what + ": exit status (%s)" % err.strip())
    ck.eq(out, b"", what + ": nothing on stdout")
    return [ln.drain() for ln in listeners], err


def compare(what, got, want):
    if not ck.eq(len(got), len(want), what + ": datagrams received"):
        return
    for i, (g, w) in enumerate(zip(got, want)):
        if not ck.check(g == w, "%s: datagram %d differs:\n got  %r\n want "
                        "%r" % (what, i + 1, g[:200], w[:200])):
            return


def test_forms():
    args = ["-r", "mixed.pcap", "--fast", "-q"]
    want = printed(args)
    ck.check(len(want) > 5, "mixed.pcap makes several datagrams")

    ln = Listener(socket.AF_INET)
    for form in (["-v", "127.0.0.1:%d" % ln.port],
                 ["-v", "127.0.0.1", "-p", str(ln.port)],
                 ["-p", str(ln.port)]):             # default viewer
        (got,), _ = sent(args, form, [ln])
        compare(" ".join(form), got, want)
    ln.close()

    if not V6:
        print("udp: no IPv6 loopback; the [::1] forms are not tested")
        return
    ln = Listener(socket.AF_INET6)
    for form in (["-v", "[::1]:%d" % ln.port],
                 ["-v", "::1", "-p", str(ln.port)],
                 ["-v", "[::1]", "-p", str(ln.port)]):
        (got,), _ = sent(args, form, [ln])
        compare(" ".join(form), got, want)
    ln.close()


def test_captures():
    for cap, extra in (("eth-udp-icmp.pcap", []), ("ipv6-ext.pcap", []),
                       ("batch.pcap", []), ("batch.pcap", ["--no-batch"]),
                       ("batch.pcap", ["--payload-size", "300"]),
                       ("mixed.pcap", ["--loop", "20"]),
                       # Over a thousand datagrams: the send thread's
                       # ring (256) fills and the capture waits for it;
                       # and the same sent from the capture thread.
                       ("mixed.pcap", ["--loop", "120"]),
                       ("mixed.pcap", ["--loop", "120", "--no-send-thread"]),
                       ("traceback.pcap", ["-T", "192.0.2.77"]),
                       ("mixed.pcap", ["-f", "20", "udp"])):
        # Options first: trailing words are the filter.
        opts = [a for a in extra if a != "udp"]
        filt = [a for a in extra if a == "udp"]
        args = ["-r", cap, "--fast", "-q"] + opts
        want = printed(args, filt)
        ln = Listener(socket.AF_INET)
        (got,), _ = sent(args, ["-v", "127.0.0.1:%d" % ln.port] + filt,
                         [ln])
        compare("%s %s" % (cap, " ".join(extra)), got, want)
        if "--no-batch" in extra:
            ck.check(all(len(at.records_of(g)) == 1 and
                         len(at.times_of(g)) == 1 for g in got),
                     "--no-batch over UDP: one record (and its capture "
                     "time) per datagram")
        ln.close()


def test_two_viewers():
    args = ["-r", "eth-tcp6.pcap", "--fast"]
    want = printed(args + ["-q"])
    a = Listener(socket.AF_INET)
    b = Listener(socket.AF_INET6) if V6 else Listener(socket.AF_INET)
    bspec = "[::1]:%d" % b.port if V6 else "127.0.0.1:%d" % b.port
    (ga, gb), err = sent(args, ["-v", "127.0.0.1:%d" % a.port, "-v", bspec],
                         [a, b])
    compare("first of two viewers", ga, want)
    compare("second of two viewers", gb, want)
    full, _ = at.counters(err)
    ck.eq(full.get("sender/datagrams-sent"), 2 * len(want),
          "two viewers: datagrams-sent counts both")
    a.close()
    b.close()


def test_not_listening():
    # A port nobody listens on: the kernel answers with port unreachable;
    # the agent must count that and go on to the end of the file.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    rc, out, err = at.run_agent(["-r", "mixed.pcap", "--fast", "-v",
                                 "127.0.0.1:%d" % port], cwd=CAP)
    ck.eq(rc, 0, "a viewer not listening: exit status (%s)" % err.strip())
    full, flat = at.counters(err)
    ck.eq(full.get("agent/records"), 100, "a viewer not listening: every "
          "record is still made")


def test_replay():
    # The last: datagrams larger than a slot of the sender replayed at the
    # default size (sent on their own, after what is queued).
    for cap, opts in (("batch.pcap", []), ("mixed.pcap", ["--loop", "5"]),
                      ("ipv6-addrs.pcap", []),
                      ("batch.pcap", ["--payload-size", "6000", "--loop",
                                      "3"])):
        args = ["-r", cap, "--fast", "-q"] + opts
        rc, text, err = at.run_agent(args + ["-n"], cwd=CAP)
        want = [p for _, _, p in at.parse_print(text)]
        with tempfile.NamedTemporaryFile(suffix=".txt") as f:
            f.write(text)
            f.flush()
            for pace in (["--fast"], []):
                if not pace and cap == "mixed.pcap":
                    continue        # 5 x 0.2 s paced: not worth the time
                ln = Listener(socket.AF_INET)
                (got,), err = sent(["--replay", f.name, "-q"] + pace,
                                   ["-v", "127.0.0.1:%d" % ln.port], [ln])
                compare("--replay %s %s" % (cap, " ".join(pace)), got, want)
                ln.close()
            # And printed again: the same text, TIME lines and all.
            rc, again, err = at.run_agent(["--replay", f.name, "--fast",
                                           "-q", "-n"], cwd=CAP)
            ck.eq(rc, 0, "--replay -n: exit status")
            ck.check(again == text, "--replay %s -n prints the file again"
                     % cap)


def main():
    test_forms()
    test_captures()
    test_two_viewers()
    test_not_listening()
    test_replay()
    ck.done()


if __name__ == "__main__":
    main()
