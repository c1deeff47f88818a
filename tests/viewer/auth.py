"""auth.py - who may speak to the viewer (docs/security.md section 6).

--agent-key: datagrams signed by packter-agent -A ID -K KEYFILE are
accepted; so are datagrams signed here with Python's hmac (the MAC computed
independently of common/auth.c); a wrong key, a changed byte, an unknown id,
a time outside the +-300 s window and an exact replay are refused and counted
by reason; an unsigned control message is refused while an unsigned record
is accepted.  --require-auth refuses everything unsigned.  Without keys a
signed datagram passes unchecked.  --allow CIDR: senders outside the list
are refused and counted (127.0.0.0/8 is all loopback, so a second source
address on lo stands in for a stranger).  Bad --allow values, unsafe key
files and --require-auth without a key stop the viewer at start-up.

Synchronised with --exit-after-records: the datagram sent last is accepted,
and one socket delivers in order, so by then the viewer has seen the rest.
"""

import hashlib
import hmac
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time

from harness import VIEWER, TOP_BUILDDIR, Viewer, fail, skip

AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")
KEY1 = b"a-shared-key-of-the-noc-0123456789"
KEY2 = bytes(range(32))           # written as "hex:..."


def sign(agent_id, key, t, payload):
    """A PACKTERAGENT datagram: HMAC-SHA256 over "ID,TIME\\n" + payload."""
    mac = hmac.new(key, b"%s,%d\n" % (agent_id, t) + payload,
                   hashlib.sha256).hexdigest()
    return b"PACKTERAGENT %s,%d,%s\n" % (agent_id, t, mac.encode()) + payload


def record(desc, i=1):
    return b"PACKTER\n192.0.2.%d,198.51.100.7,4000,80,0,%s\n" % (i, desc)


def send_from(src, port, data):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((src, 0))
        s.sendto(data, ("127.0.0.1", port))


def make_capture(path, n):
    """n UDP packets, raw IPv4 (LINKTYPE_RAW): n records from the agent."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i in range(n):
            udp = struct.pack("!HHHH", 40000 + i, 53, 8, 0)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, i, 0, 64, 17, 0,
                             bytes([192, 0, 2, 1]),
                             bytes([198, 51, 100, i % 250 + 1]))
            f.write(struct.pack("<IIII", 1700000000, i, 28, 28))
            f.write(ip + udp)


def expect(v, want):
    for name, n in want.items():
        if v.stat(name) != n:
            fail("%s: %d, want %d\n%s" % (name, v.stat(name), n, v.out))


def refused_at_start(args, pattern):
    p = subprocess.run([VIEWER] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode != 2 or not re.search(pattern, p.stderr):
        fail("%s: exit %d, %r (want 2 and /%s/)" %
             (" ".join(args), p.returncode, p.stderr, pattern))


def keyed(tmp, k1, k2):
    """Keys and the agent: every refusal by reason, accepted ones counted."""
    cap = os.path.join(tmp, "u.pcap")
    make_capture(cap, 200)
    v = Viewer(["--agent-key", "a1=" + k1, "--agent-key", "a2=" + k2,
                "--allow", "127.0.0.1", "--exit-after-records", "203",
                "--record-offset", "0", "--exit-after", "60"],
               "offscreen", 320, 240)
    port = v.port
    a = subprocess.run([AGENT, "-r", cap, "--fast", "-v",
                        "127.0.0.1:%d" % port, "-A", "a1", "-K", k1],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    m = re.search(r"^\s+datagrams-sent\s+(\d+)$", a.stderr, re.M)
    if a.returncode != 0 or not m:
        v.proc.kill()
        fail("agent: exit %d\n%s" % (a.returncode, a.stderr))
    agent_dgrams = int(m.group(1))

    now = int(time.time())
    good = sign(b"a2", KEY2, now, record(b"good a2"))
    v.send(good)                                           # ok
    v.send(good)                                           # replay
    v.send(sign(b"a1", KEY2, now, record(b"wrong key")))  # bad-mac
    tampered = bytearray(sign(b"a1", KEY1, now, record(b"tampered")))
    tampered[-3] ^= 0x01
    v.send(bytes(tampered))                                # bad-mac
    v.send(sign(b"nobody", KEY1, now, record(b"unknown")))  # unknown-id
    v.send(sign(b"a1", KEY1, now - 1000, record(b"stale")))  # too-old
    v.send(sign(b"a1", KEY1, now + 1000, record(b"future")))  # too-new
    v.send(b"PACKTERMSG\nx.png,unsigned message\n")       # unsigned-control
    v.send(sign(b"a1", KEY1, now, b"PACKTERMSG\nx.png,signed message\n"))
    v.send(record(b"unsigned record"))                     # unsigned, ok
    send_from("127.0.0.5", port, record(b"stranger"))      # not allowed
    v.send(sign(b"a1", KEY1, now, record(b"last")))        # ok
    v.finish()
    expect(v, {"records": 203, "ok": agent_dgrams + 3, "unsigned": 1,
               "replay": 1, "bad-mac": 2, "unknown-id": 1, "too-old": 1,
               "too-new": 1, "unsigned-control": 1, "unsigned-refused": 0,
               "signed-unchecked": 0, "refused-auth": 7,
               "refused-not-allowed": 1, "control messages": 1,
               "signed datagrams": agent_dgrams + 9})
    v.cleanup()
    return agent_dgrams


def required(k1):
    v = Viewer(["--agent-key", "a1=" + k1, "--require-auth",
                "--exit-after-records", "1", "--record-offset", "0",
                "--exit-after", "60"], "offscreen", 320, 240)
    now = int(time.time())
    v.send(record(b"unsigned"))
    v.send(b"PACKTERMSG\nx.png,unsigned message\n")
    v.send(sign(b"a1", KEY1, now, record(b"signed")))
    v.finish()
    expect(v, {"records": 1, "ok": 1, "unsigned-refused": 2,
               "refused-auth": 2, "control messages": 0})
    v.cleanup()


def allow_lists():
    v = Viewer(["--allow", "192.0.2.0/24", "--allow", "127.0.0.2",
                "--exit-after-records", "2", "--record-offset", "0",
                "--exit-after", "60"], "offscreen", 320, 240)
    for i in range(3):
        send_from("127.0.0.1", v.port, record(b"loopback", i))
    send_from("127.0.0.2", v.port, record(b"allowed"))
    # No keys: a signed datagram passes, unchecked.
    send_from("127.0.0.2", v.port, sign(b"a9", b"k" * 16, 0,
                                        record(b"unchecked")))
    v.finish()
    expect(v, {"records": 2, "refused-not-allowed": 3,
               "signed-unchecked": 1, "refused-auth": 0})
    v.cleanup()


def main():
    for prog in (VIEWER, AGENT):
        if not os.access(prog, os.X_OK):
            skip("%s not built" % prog)
    try:
        send_from("127.0.0.5", 9, b"")
    except OSError:
        skip("cannot send from 127.0.0.5")
    tmp = tempfile.mkdtemp(prefix="packter-viewer-auth.")
    k1, k2, loose = (os.path.join(tmp, n) for n in ("a1.key", "a2.key",
                                                     "loose.key"))
    for path, text in ((k1, KEY1 + b"\n"),
                       (k2, b"hex:" + KEY2.hex().encode() + b"\n"),
                       (loose, KEY1)):
        with open(path, "wb") as f:
            f.write(text)
        os.chmod(path, 0o600)
    os.chmod(loose, 0o644)

    refused_at_start(["--require-auth"], r"--require-auth needs --agent-key")
    refused_at_start(["--agent-key", "a1=" + loose], r"chmod 600")
    refused_at_start(["--agent-key", "a1"], r"--agent-key")
    refused_at_start(["--agent-key", "a1=" + os.path.join(tmp, "none")],
                     r"--agent-key")
    refused_at_start(["--allow", "192.0.2.7/24"], r"192\.0\.2\.0/24")
    refused_at_start(["--allow", "localhost"], r"--allow")

    n = keyed(tmp, k1, k2)
    required(k1)
    allow_lists()
    shutil.rmtree(tmp)
    print("ok: agent-signed (%d datagrams) and hmac-signed accepted; wrong "
          "key, changed byte, unknown id, stale, future, replay, unsigned "
          "control refused; --require-auth; --allow" % n)


if __name__ == "__main__":
    main()
