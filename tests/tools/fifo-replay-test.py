#!/usr/bin/python3
"""fifo-replay-test.py - two inputs that used to hang or overflow the agent
(run by tests/agent/fifo-replay.sh):

  * -r FIFO with no writer: the agent waits in its poll loop, not in
    open(2) with its signals blocked, so SIGTERM and SIGINT end it (judged by
    the process exiting); a writer that comes later is read in full; --loop
    cannot rewind a FIFO, as it cannot rewind standard input;
  * --replay with TIME 9223372036854775807 0 (whose microseconds overflowed
    an int64_t: a UBSan abort, and no pacing in a plain build) is a bad TIME
    line, counted and skipped; the latest TIME that fits is paced as the
    gap it says (never, here), and SIGTERM still ends the wait.
"""

import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

ck = at.Checker("fifo-replay")
AGENT = at.agent_path()


def capture(n, first_port=40000):
    """n UDP packets, raw IPv4 (LINKTYPE_RAW), 1 us apart."""
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101)
    for i in range(n):
        udp = struct.pack("!HHHH", first_port + i, 53, 8, 0)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, i, 0, 64, 17, 0,
                         bytes([192, 0, 2, 1]), bytes([198, 51, 100, 1]))
        out += struct.pack("<IIII", 1700000000, i, 28, 28) + ip + udp
    return out


def read_until(stream, want, deadline):
    buf = b""
    fd = stream.fileno()
    while want not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
    return buf


def start(args):
    return subprocess.Popen([AGENT] + args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def ends(p, what):
    """Wait for the agent to exit; returns (stdout, stderr) once it has."""
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        ck.check(False, "%s: the agent is still running 20 s later" % what)
        p.kill()
        out, err = p.communicate()
    return out, err


def test_fifo_signal(d, sig):
    fifo = os.path.join(d, "nowriter-%d" % sig)
    os.mkfifo(fifo)
    p = start(["-r", fifo, "-n"])
    # The agent says when it waits; a fixed agent says so at once.  An old
    # one never does (it is stuck in open()): signal it anyway after 5 s.
    err = read_until(p.stderr, b"waiting for a writer", time.monotonic() + 5)
    ck.check(b"waiting for a writer" in err, "FIFO: the agent says it "
             "waits for a writer: %r" % err)
    p.send_signal(sig)
    ends(p, "-r FIFO with no writer, %s" % signal.Signals(sig).name)
    ck.eq(p.returncode, 0, "-r FIFO with no writer, %s: a clean exit" %
          signal.Signals(sig).name)


def write_fifo(path, data, deadline):
    """Write data into the FIFO once a reader has it open (ENXIO until
    then); False when none did before the deadline."""
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            if time.monotonic() > deadline:
                return False
            select.select([], [], [], 0.05)
    os.set_blocking(fd, True)
    os.write(fd, data)
    os.close(fd)
    return True


def test_fifo_writer(d):
    fifo = os.path.join(d, "writer")
    os.mkfifo(fifo)
    p = start(["-r", fifo, "-n", "--fast", "--loop", "2"])
    read_until(p.stderr, b"waiting for a writer", time.monotonic() + 5)
    ck.check(write_fifo(fifo, capture(5), time.monotonic() + 10),
             "-r FIFO: the agent has it open for reading")
    out, err = ends(p, "-r FIFO, a writer")
    ck.eq(p.returncode, 0, "-r FIFO: exit status")
    ck.eq(sorted(int(r[2]) for r in at.all_records(out)),
          list(range(40000, 40005)), "-r FIFO: the writer's packets")
    ck.check(b"--loop cannot rewind a FIFO" in err, "-r FIFO --loop 2: "
             "one pass, as standard input: %r" % err)


def test_replay_overflow(d):
    path = os.path.join(d, "huge.txt")
    with open(path, "wb") as f:
        f.write(b"TIME 1 0\nPACKTER\n0.1,0.2,1,2,3,first\n"
                b"TIME 9223372036854775807 0\nPACKTER\n0.1,0.2,1,2,3,huge\n"
                b"TIME 2 0\nPACKTER\n0.1,0.2,1,2,3,second\n")
    rc, out, err = at.run_agent(["--replay", path, "-n"], timeout=30)
    ck.eq(rc, 0, "--replay, TIME 2^63-1: exit status (%s)" % err.strip())
    _, flat = at.counters(err)
    ck.eq(flat.get("bad-time-lines"), 1, "--replay: TIME 2^63-1 is a bad "
          "TIME line")
    ck.check(b"huge" not in out and b"first" in out and b"second" in out,
             "--replay: the datagram of the bad TIME line is skipped, the "
             "others sent: %r" % out)

    # The latest TIME that fits, 292,471 years after the first: never due.
    path = os.path.join(d, "far.txt")
    with open(path, "wb") as f:
        f.write(b"TIME 1 0\nPACKTER\n0.1,0.2,1,2,3,first\n"
                b"TIME 9223372036853 0\nPACKTER\n0.1,0.2,1,2,3,far\n")
    p = start(["--replay", path, "-n", "--speed", "1e-9"])
    out = read_until(p.stdout, b"first", time.monotonic() + 20)
    ck.check(b"first" in out, "--replay: the first datagram is sent while "
             "the second is far away: %r" % out)
    ck.eq(p.poll(), None, "--replay: waiting for the far one")
    p.send_signal(signal.SIGTERM)
    rest, err = ends(p, "--replay waiting 292,471 years")
    ck.eq(p.returncode, 0, "--replay, SIGTERM while waiting: exit status")
    ck.check(b"far" not in out + rest, "--replay: the far datagram never "
             "came due")


def main():
    with tempfile.TemporaryDirectory(prefix="fifo-replay.") as d:
        test_fifo_signal(d, signal.SIGTERM)
        test_fifo_signal(d, signal.SIGINT)
        test_fifo_writer(d)
        test_replay_overflow(d)
    ck.done()


if __name__ == "__main__":
    main()
