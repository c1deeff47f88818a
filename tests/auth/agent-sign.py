#!/usr/bin/python3
"""packter-agent -A ID -K KEYFILE: every datagram sent to a viewer starts with
"PACKTERAGENT ID,TIME,HMAC,BOOT,SEQ" and the HMAC, recomputed here with
Python's hmac over "ID,TIME,BOOT,SEQ\\n" + the rest of the datagram, matches;
one boot id a run, sequence numbers 0, 1, 2 ...; 10 identical pings in one
second are 10 datagrams the verifier (tests/auth/auth-tool) all accepts,
and so are those of a second run of the agent (a restart: a new boot id,
numbers from 0 again); -n output stays unsigned; bad key files and a lone
-A are refused with exit 2."""
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
import time

BUILD = os.environ.get("top_builddir", ".")
AGENT = os.path.join(BUILD, "agent", "packter-agent")
TOOL = os.path.join(BUILD, "tests", "auth", "auth-tool")
failed = 0


def check(cond, what):
    global failed
    print("%s - %s" % ("ok" if cond else "not ok", what))
    if not cond:
        failed += 1


def make_pings(path, n):
    """n identical ICMP echo requests, 1 us apart, raw IPv4."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 7, 0, 64, 1, 0,
                         bytes([192, 0, 2, 1]), bytes([198, 51, 100, 1]))
        for i in range(n):
            f.write(struct.pack("<IIII", 1700000000, i, 28, 28))
            f.write(ip + icmp)


def run_agent(cap, kf, extra=()):
    """The agent to a UDP socket of ours; (exit status, datagrams)."""
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
                        "127.0.0.1:%d" % port, "-A", "noc-1", "-K", kf] +
                       list(extra))
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        b"END", ("127.0.0.1", port))
    t.join()
    rx.close()
    return p.returncode, got


def parse(key, d):
    """(id, time, boot, seq, rest) of a datagram whose MAC is good."""
    first, rest = d.split(b"\n", 1)
    if not first.startswith(b"PACKTERAGENT "):
        return None
    f = first[len(b"PACKTERAGENT "):].split(b",")
    if len(f) != 5:
        return None
    aid, tm, mac, boot, seq = f
    want = hmac.new(key, b",".join([aid, tm, boot, seq]) + b"\n" + rest,
                    hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(want, mac):
        return None
    return aid, int(tm), boot, int(seq), rest


def verify(tmp, kf, datagrams):
    """auth-tool verify over the datagrams, in order: the results."""
    files = []
    for i, d in enumerate(datagrams):
        files.append(os.path.join(tmp, "dg%d" % i))
        with open(files[-1], "wb") as f:
            f.write(d)
    p = subprocess.run([TOOL, "verify", "-t", str(int(time.time())), "-a",
                        "noc-1=" + kf] + files, stdout=subprocess.PIPE)
    return [ln.split()[-1] for ln in p.stdout.decode().splitlines()]


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

    rc, got = run_agent(cap, kf)
    check(rc == 0, "agent exits 0")
    good = records = 0
    seqs, boots = [], set()
    for d in got:
        r = parse(key, d)
        if r is not None and r[0] == b"noc-1" and r[4].startswith(b"PACKTER\n"):
            good += 1
            # The PACKTERTIME trailer is signed too, and is no record.
            records += sum(1 for ln in r[4].split(b"\n")[1:]
                           if ln and not ln.startswith(b"PACKTERTIME "))
            boots.add(r[2])
            seqs.append(r[3])
    check(len(got) > 0 and good == len(got),
          "all %d datagrams signed with a good HMAC (%d good)" % (len(got), good))
    check(records == 200, "the 200 records arrive (%d)" % records)
    check(all(len(d) <= 1400 for d in got), "signed datagrams stay within 1400 bytes")
    check(len(boots) == 1, "one boot id in a run: %r" % boots)
    check(seqs == list(range(len(seqs))), "sequence numbers 0, 1, 2 ...: %r" % seqs[:10])

    # 10 identical pings in one second, one a datagram: all kept.
    pings = os.path.join(tmp, "pings.pcap")
    make_pings(pings, 10)
    rc, first = run_agent(pings, kf, ["--no-batch"])
    check(rc == 0 and len(first) == 10, "10 pings, 10 datagrams (%d)" % len(first))
    # The same records (their PACKTERTIME lines differ by 1 us each).
    bodies = set(b"\n".join(ln for ln in parse(key, d)[4].split(b"\n")
                            if not ln.startswith(b"PACKTERTIME "))
                 for d in first if parse(key, d))
    check(len(bodies) == 1, "the 10 datagrams carry the same records")
    res = verify(tmp, kf, first + first[:1])
    check(res == ["ok"] * 10 + ["replay"],
          "10 identical pings: 10 accepted, a replay refused: %r" % res)
    # The agent again: a restart, a new boot id, numbers from 0.
    rc, second = run_agent(pings, kf, ["--no-batch"])
    b1 = set(parse(key, d)[2] for d in first)
    b2 = set(parse(key, d)[2] for d in second)
    check(len(b2) == 1 and b1 != b2, "a second run, a new boot id")
    check(parse(key, second[0])[3] == 0, "a second run counts from 0")
    res = verify(tmp, kf, first + second + first[:1])
    check(res == ["ok"] * 20 + ["old-boot"],
          "after a restart the new boot is accepted, the old refused: %r" % res)

    out = subprocess.run([AGENT, "-r", cap, "--fast", "-q", "-n", "-A",
                          "noc-1", "-K", kf], stdout=subprocess.PIPE).stdout
    check(b"PACKTERAGENT" not in out, "-n output is not signed")

    os.chmod(kf, 0o644)
    p = subprocess.run([AGENT, "-r", cap, "--fast", "-q", "-v",
                        "127.0.0.1:9", "-A", "noc-1", "-K", kf],
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
