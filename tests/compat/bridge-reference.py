"""bridge-reference.py - every message packter-tc sends to the viewer
(written by common/protocol.c's pt_encode_control) is taken by the PACKTER
2.6 reference viewer's rules (refviewer.py): a found, a not found and a
failed trace, with -s (music, voice, sky dome), against the DP peer.

The bridge and the DP peer as tests/tc runs them (tclib.py); the viewer is
a raw UDP socket here, so the datagrams are judged byte for byte.
"""

import os
import select
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP_SRCDIR, "tests", "tc"))
import refviewer  # noqa: E402
from tclib import DP, Bridge, request  # noqa: E402

failures = 0


def check(cond, what):
    global failures
    print("%s - %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures += 1


class RawViewer:
    """What tclib's Bridge needs of a viewer: host and port."""

    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(("127.0.0.1", 0))
        self.host = "127.0.0.1"
        self.port = self.s.getsockname()[1]
        self.got = []

    def until(self, needle, timeout=10.0):
        """Datagrams until one holding needle (or timeout): True if seen."""
        while True:
            r, _, _ = select.select([self.s], [], [], timeout)
            if not r:
                return False
            d = self.s.recv(65536)
            self.got.append(d)
            if needle in d:
                return True


def one(name, dp_args, needle):
    v = RawViewer()
    with DP(*dp_args) as dp:
        with Bridge(dp.port, v, ["--timeout", "5", "-s"],
                    dp_host=dp.listen) as br:
            br.send(request(1))
            seen = v.until(needle)
            br.stop()
    # The bridge has stopped: what it sent after the verdict is queued.
    while select.select([v.s], [], [], 0)[0]:
        v.got.append(v.s.recv(65536))
    check(seen, "%s: the verdict reached the viewer" % name)
    kinds = sorted({d.split(b"\n", 1)[0].decode() for d in v.got})
    bad = [(d[:60], refviewer.fit(d)) for d in v.got
           if refviewer.fit(d) is not None]
    check(v.got and not bad, "%s: %d messages (%s), each taken by the "
          "reference viewer%s" % (name, len(v.got), " ".join(kinds),
                                  "" if not bad else ": %r" % bad[:3]))
    check(all(not d.endswith(b"\n") or d.startswith(b"PACKTERMSG") or
              d.startswith(b"PACKTERHTML") for d in v.got),
          "%s: no file name or voice ends in a line end" % name)


def main():
    one("found", ["--path", "64500:found:Source,64501:reached:Transit"],
        b"Trace found")
    one("not found", ["--path", "64500:notfound,64501:notfound"],
        b"Trace not found")
    one("error", ["--error-code", "TB_WAIT_ITM_REPLY"], b"Trace error")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
