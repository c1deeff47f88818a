"""traceback.py - T on a ball whose description is "<md5>-<bridge>" sends
"src,dst,sport,dport,flag,<md5>" to that bridge (here a UDP socket of the
test's, on the port given with --tc-port), over IPv4 and IPv6; T on a ball
without a hash sends nothing and is counted as refused.
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


def main():
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
