#!/usr/bin/python3
"""packter-agent -A ID -K KEYFILE: every datagram sent to a viewer starts with
"PACKTERAGENT ID,TIME,HMAC" and the HMAC, recomputed here with Python's hmac
over "ID,TIME\\n" + the rest of the datagram, matches; -n output stays
unsigned; bad key files and a lone -A are refused with exit 2."""
import hashlib
import hmac
import os
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading

BUILD = os.environ.get("top_builddir", ".")
AGENT = os.path.join(BUILD, "agent", "packter-agent")
failed = 0


def check(cond, what):
    global failed
    print("%s - %s" % ("ok" if cond else "not ok", what))
    if not cond:
        failed += 1


def make_capture(path, n):
    """n UDP packets, 1 us apart, raw IPv4 (LINKTYPE_RAW)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i in range(n):
            udp = struct.pack("!HHHH", 40000 + i, 53, 8, 0)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, i, 0, 64, 17, 0,
                             bytes([192, 0, 2, 1]), bytes([198, 51, 100, i % 250 + 1]))
            f.write(struct.pack("<IIII", 1700000000, i, len(ip + udp), len(ip + udp)))
            f.write(ip + udp)


def main():
    if not os.access(AGENT, os.X_OK):
        print("agent not built")
        return 77
    tmp = tempfile.mkdtemp()
    cap = os.path.join(tmp, "u.pcap")
    make_capture(cap, 200)
    key = b"a-shared-key-of-the-noc-0123456789"
    kf = os.path.join(tmp, "agent.key")
    with open(kf, "wb") as f:
        f.write(key + b"\n")
    os.chmod(kf, 0o600)

    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    rx.bind(("127.0.0.1", 0))
    rx.settimeout(10)
    got = []

    def reader():
        while True:
            d = rx.recv(65535)
            if d == b"END":
                return
            got.append(d)

    t = threading.Thread(target=reader)
    t.start()
    port = rx.getsockname()[1]
    p = subprocess.run([AGENT, "-r", cap, "--fast", "-q", "-v",
                        "127.0.0.1:%d" % port, "-A", "noc-1", "-K", kf])
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        b"END", ("127.0.0.1", port))
    t.join()
    check(p.returncode == 0, "agent exits 0")
    good = records = 0
    for d in got:
        first, rest = d.split(b"\n", 1)
        if not first.startswith(b"PACKTERAGENT "):
            continue
        aid, tm, mac = first[len(b"PACKTERAGENT "):].split(b",")
        want = hmac.new(key, aid + b"," + tm + b"\n" + rest,
                        hashlib.sha256).hexdigest().encode()
        if aid == b"noc-1" and hmac.compare_digest(want, mac) and \
                rest.startswith(b"PACKTER\n"):
            good += 1
            # The PACKTERTIME trailer is signed too, and is no record.
            records += sum(1 for ln in rest.split(b"\n")[1:]
                           if ln and not ln.startswith(b"PACKTERTIME "))
    check(len(got) > 0 and good == len(got),
          "all %d datagrams signed with a good HMAC (%d good)" % (len(got), good))
    check(records == 200, "the 200 records arrive (%d)" % records)
    check(all(len(d) <= 1400 for d in got), "signed datagrams stay within 1400 bytes")

    out = subprocess.run([AGENT, "-r", cap, "--fast", "-q", "-n", "-A",
                          "noc-1", "-K", kf], stdout=subprocess.PIPE).stdout
    check(b"PACKTERAGENT" not in out, "-n output is not signed")

    os.chmod(kf, 0o644)
    p = subprocess.run([AGENT, "-r", cap, "--fast", "-q", "-v",
                        "127.0.0.1:%d" % port, "-A", "noc-1", "-K", kf],
                       stderr=subprocess.PIPE)
    check(p.returncode == 2 and b"chmod 600" in p.stderr,
          "a key file others can read is refused: %r" % p.stderr)
    p = subprocess.run([AGENT, "-r", cap, "-n", "-A", "noc-1"],
                       stderr=subprocess.PIPE)
    check(p.returncode == 2 and b"go together" in p.stderr, "-A alone is refused")
    p = subprocess.run([AGENT, "-r", cap, "-n", "-A", "a,b", "-K", kf],
                       stderr=subprocess.PIPE)
    check(p.returncode == 2, "an id with a comma is refused")
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
