"""net.py - the viewer's input as counted by --stats: IPv4 and IPv6 on one
port, several records a datagram, CRLF line ends, a bad line skipped alone,
empty datagrams, unknown keywords and control messages counted apart, the
text of a message shown, and the history bounded with the oldest records
dropped and counted.
"""

import socket

from harness import Viewer, fail


def has_ipv6():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def main():
    v6 = has_ipv6()
    want = 12 + (2 if v6 else 0)
    v = Viewer(["--history", "5", "--exit-after-records", str(want),
                "--record-offset", "0", "--exit-after", "60"],
               "offscreen", 320, 240, bind=None)
    v.send("PACKTERMSG\nok.png,<p>Hello &amp; <b>welcome</b></p>\n")
    v.send("")
    v.send("NOTPACKTER\n1,2,3\n")
    v.send("PACKTER\r\n10.0.0.1,10.0.0.2,1,2,3,a\r\nbad,line\r\n"
           "10.0.0.1,10.0.0.2,1,2,3,b, with, commas\r\n")
    for i in range(10):
        v.send("PACKTER\n192.0.2.%d,198.51.100.1,%d,80,1,v4 %d\n" %
               (i, 1000 + i, i))
    if v6:
        v.send("PACKTER\n2001:db8::1,2001:db8::2,1,2,5,v6 a\n"
               "2001:db8::1,2001:db8::2,1,2,6,v6 last\n", to="::1")
    v.finish()
    checks = {"records": want, "bad record lines": 1, "empty datagrams": 1,
              "unknown keywords": 1, "control messages": 1,
              "records kept": 5, "dropped (ring full)": want - 5}
    for name, n in checks.items():
        if v.stat(name) != n:
            fail("%s: %d, want %d\n%s" % (name, v.stat(name), n, v.out))
    if v.line("message: ") != "Hello & welcome":
        fail("message: %r" % v.line("message: "))
    v.cleanup()
    print("ok: %d records over IPv4%s, counted as sent" %
          (want, " and IPv6" if v6 else ""))


if __name__ == "__main__":
    main()
