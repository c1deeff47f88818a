"""traceback.py - T on a ball whose description is "<md5>-<bridge>" sends
"src,dst,sport,dport,flag,<md5>" to that bridge (here a UDP socket of the
test's, on the port given with --tc-port), over IPv4 and IPv6; T on a ball
without a hash sends nothing and is counted as refused.  T traces the hovered
ball when there is one, else the pinned one, and says which.  A bridge named
by a host name (packter-agent -T NAME) is resolved, off the frame loop, and
the request goes to its address; a legacy numeric form ("127.1") is refused
and a name that does not resolve ends the request in an error, nothing sent.
"""

import hashlib
import socket

from harness import Viewer, ball_at, fail, project

W, H = 640, 480
VIEW = 2
FLIGHT = 1000


def run(family, bridge, with_hash):
    lsock = socket.socket(family, socket.SOCK_DGRAM)
    lsock.bind((bridge, 0))
    lsock.setblocking(False)
    port = lsock.getsockname()[1]
    md5 = hashlib.md5(bridge.encode()).hexdigest()
    src, dst, sport, dport, flag = "10.1.2.3", "172.16.5.6", 40000, 443, 1
    desc = "%s-%s" % (md5, bridge) if with_hash else "TCP src:10.1.2.3(40000)"
    x, y = project(VIEW, W, H, ball_at(src, sport, dst, dport, 0.5))
    pos = "%d,%d" % (int(x), int(y))
    v = Viewer(["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                "--exit-after-records", "1", "--record-offset",
                str(FLIGHT // 2), "--exit-after", "60", "--tc-port",
                str(port), "--inject-move", pos, "--inject-key", "T"],
               "offscreen", W, H)
    v.send("PACKTER\n%s,%s,%d,%d,%d,%s\n" % (src, dst, sport, dport, flag,
                                             desc))
    v.finish()
    # The viewer has exited: whatever it sent is already queued here.
    try:
        got = lsock.recv(4096).decode()
    except BlockingIOError:
        got = None
    lsock.close()
    if v.line("hover: ") != desc:
        fail("the ball was not under the pointer: %r" % v.line("hover: "))
    if with_hash:
        want = "%s,%s,%d,%d,%d,%s" % (src, dst, sport, dport, flag, md5)
        if got != want:
            fail("bridge %s got %r, want %r" % (bridge, got, want))
        if v.stat("traceback requests sent") != 1:
            fail("request not counted")
        print("ok: T sends the request to %s" % bridge)
    else:
        if got is not None:
            fail("a ball without a hash sent %r" % got)
        if v.stat("traceback requests refused") != 1:
            fail("refusal not counted")
        print("ok: T on a ball without a hash sends nothing")
    v.cleanup()


def receive(lsock):
    try:
        return lsock.recv(4096).decode()
    except BlockingIOError:
        return None


def hovered_or_pinned():
    """Pin A, point at B, T: B's request; pin A, point nowhere, T: A's."""
    lsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.setblocking(False)
    port = lsock.getsockname()[1]
    balls = [("10.1.2.3", "172.16.5.6", 40000, 443, 1),
             ("200.1.2.3", "100.16.5.6", 20000, 8080, 3)]
    md5s = [hashlib.md5(b"%d" % i).hexdigest() for i in range(2)]
    lines = ["%s,%s,%d,%d,%d,%s-127.0.0.1" % (b + (m,))
             for b, m in zip(balls, md5s)]
    at = ["%d,%d" % tuple(int(c) for c in project(
        VIEW, W, H, ball_at(b[0], b[2], b[1], b[3], 0.5))) for b in balls]
    for pointer, want, which in ((at[1], 1, "hovered"),
                                 ("5,470", 0, "pinned")):
        v = Viewer(["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                    "--exit-after-records", "2", "--record-offset",
                    str(FLIGHT // 2), "--exit-after", "60", "--tc-port",
                    str(port), "--inject-click", at[0], "--inject-move",
                    pointer, "--inject-key", "T"], "offscreen", W, H)
        v.send("PACKTER\n" + "\n".join(lines) + "\n")
        v.finish()
        got = receive(lsock)
        b = balls[want]
        if got != "%s,%s,%d,%d,%d,%s" % (b + (md5s[want],)):
            fail("T with ball %d %s sent %r" % (want, which, got))
        news = v.line("news: ") or ""
        if ("the %s ball" % which) not in news:
            fail("T on the %s ball does not say so: %r" % (which, news))
        tr = v.line("trace #1: ") or ""
        if not tr.startswith("requested record %d " % want):
            fail("the request is not ball %d's: %r" % (want, tr))
        v.cleanup()
        print("ok: T traces the %s ball and says so" % which)
    lsock.close()


def bridge_name(name, expect):
    """A bridge named by name: expect "sent", "refused" or "error"."""
    ai = socket.getaddrinfo("localhost", None, 0, socket.SOCK_DGRAM)
    fam, addr = ai[0][0], ai[0][4][0]
    lsock = socket.socket(fam, socket.SOCK_DGRAM)
    lsock.bind((addr, 0))
    lsock.setblocking(False)
    port = lsock.getsockname()[1]
    md5 = hashlib.md5(name.encode()).hexdigest()
    src, dst, sport, dport, flag = "10.1.2.3", "172.16.5.6", 40000, 443, 1
    x, y = project(VIEW, W, H, ball_at(src, sport, dst, dport, 0.5))
    v = Viewer(["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                "--exit-after-records", "1", "--record-offset",
                str(FLIGHT // 2), "--exit-after", "60", "--tc-port",
                str(port), "--inject-move", "%d,%d" % (int(x), int(y)),
                "--inject-key", "T"], "offscreen", W, H)
    v.send("PACKTER\n%s,%s,%d,%d,%d,%s-%s\n" % (src, dst, sport, dport,
                                                 flag, md5, name))
    v.finish()
    got = receive(lsock)
    lsock.close()
    news = v.line("news: ") or ""
    tr = v.line("trace #1: ")
    if expect == "sent":
        want = "%s,%s,%d,%d,%d,%s" % (src, dst, sport, dport, flag, md5)
        if got != want:
            fail("bridge %s (%s): got %r, want %r" % (name, addr, got, want))
        if tr is None or not tr.startswith("requested ") or \
                ("bridge %s " % name) not in tr:
            fail("bridge %s: the request's state: %r" % (name, tr))
        print("ok: a bridge named %s is resolved (%s) and asked" %
              (name, addr))
    elif expect == "refused":
        if got is not None or tr is not None or "legacy numeric" not in news:
            fail("bridge %r: sent %r, trace %r, news %r" %
                 (name, got, tr, news))
        if v.stat("traceback requests refused") != 1:
            fail("bridge %r: the refusal is not counted" % name)
        print("ok: a legacy numeric bridge %r is refused: %s" % (name, news))
    else:
        if got is not None or tr is None or not tr.startswith("error ") or \
                "cannot resolve" not in news:
            fail("bridge %r: sent %r, trace %r, news %r" %
                 (name, got, tr, news))
        print("ok: a bridge name that does not resolve ends in an error, "
              "nothing sent")
    v.cleanup()


def main():
    hovered_or_pinned()
    bridge_name("localhost", "sent")
    bridge_name("127.1", "refused")
    bridge_name("no-such-bridge.invalid", "error")
    run(socket.AF_INET, "127.0.0.1", True)
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.bind(("::1", 0))
        s.close()
        run(socket.AF_INET6, "::1", True)
    except OSError:
        print("# no IPv6 loopback: IPv6 bridge case skipped")
    run(socket.AF_INET, "127.0.0.1", False)


if __name__ == "__main__":
    main()
