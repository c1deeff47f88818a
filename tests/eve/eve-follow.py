#!/usr/bin/python3
"""eve-follow.py - `packter-agent --eve FILE` following a file as tail -F
does, with the EVE peer (tests/peers/eve-peer.py) writing it as Suricata
does.

- What the file held at start (and a line cut at its end) is not drawn;
  what is appended is, a line written in two pieces as one.
- Rotation as logrotate + Suricata's SIGHUP do it: the file renamed,
  Suricata writing the renamed one until it reopens the path; then with
  logrotate's "create" (a new empty file at once, Suricata still writing
  the old one): the old file is drained, and read on after the new one came.
- copytruncate: the file cut to 0 and written again from its start.
- A file created after the agent started: read from its start.
- inotify did all of it (timer-checks 0); with PACKTER_EVE_NO_INOTIFY the
  timer does the same (timer-checks > 0).

Each step ends with the sentinel alert and waits for its record (the agent
hands events over in the order it reads them): no sleeps.  Records must be
tshark's decode of the packets the alerts carry, at their timestamps.
"""
import os
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import evelib as ev  # noqa: E402

cl = ev.cl
peer = ev.peer
cl.need_tool("tshark")

ok = True


def check(got, want, what):
    global ok
    if got == want:
        print("ok   " + what)
    else:
        print("FAIL %s: got %r, want %r" % (what, got, want))
        ok = False


def alerts(frames, first):
    """The EVE lines of alerts first, first+1 ... for frames."""
    out = b""
    for i, (ts, b) in enumerate(frames):
        sig, gid, sid, rev, sev = peer.test_alert(first + i)
        out += peer.line(peer.alert(b, ts, sig, gid, sid, rev, sev))
    return out


def follow(tmp, frames, env=None, what="inotify"):
    global ok
    path = os.path.join(tmp, "eve.json")
    for p in (path, path + ".1"):
        if os.path.exists(p):
            os.unlink(p)
    w = peer.EveFile(path)
    w.write(alerts(frames[:5], 100))            # before: not drawn
    w.write(alerts(frames[5:6], 105)[:30])      # cut at the end
    a = ev.Agent(["--eve", path], ready=b"following", env=env)
    drawn = []                                  # indexes into frames
    w.write(alerts(frames[5:6], 105)[30:])      # the cut line's end

    def part(lo, hi, first=None):
        data = alerts(frames[lo:hi], lo)
        half = len(data) // 2
        w.write(data[:half])
        w.write(data[half:])
        drawn.extend(range(lo, hi))

    part(6, 12)
    a.sync(lambda: w.write(ev.sentinel()))
    # Rotation: renamed; Suricata writes the old file, then reopens.
    w.rotate()
    part(12, 15)
    a.sync(lambda: w.write(ev.sentinel()))
    w.reopen()
    part(15, 18)
    a.sync(lambda: w.write(ev.sentinel()))
    # Rotation with "create": the old file written after the new one came.
    w.rotate(create=True)
    a.sync(lambda: open(path, "ab").write(ev.sentinel()))
    part(18, 21)
    a.sync(lambda: w.write(ev.sentinel()))
    w.reopen()
    part(21, 26)
    a.sync(lambda: w.write(ev.sentinel()))
    # copytruncate, then less than was there before (else a truncation is
    # not seen, as with tail -F).
    w.truncate()
    part(26, 28)
    a.sync(lambda: w.write(ev.sentinel()))
    c = a.stop()
    w.close()
    got = a.records()
    recs = ev.tshark_records([frames[i] for i in drawn], tmp)
    want = [ev.usec_of(frames[i][0]) + (r,) for i, r in zip(drawn, recs)]
    ok &= cl.compare(["%d %d %s" % g for g in got],
                     ["%d %d %s" % x for x in want], what + ": records")
    check(ev.counter(c, "rotations"), 2, what + ": rotations")
    check(ev.counter(c, "truncations"), 1, what + ": truncations")
    check(ev.counter(c, "opens"), 3, what + ": opens")
    check(ev.counter(c, "bad-json"), 0, what + ": no line taken apart")
    check(ev.counter(c, "lines"), len(drawn) + a.seen, what + ": lines")
    return c


with tempfile.TemporaryDirectory() as tmp:
    frames = [f for f in ev.traffic(tmp) if peer.tuple_of(f[1])[1] != 47]
    c = follow(tmp, frames)
    check(ev.counter(c, "timer-checks"), 0, "inotify: no timer")
    c = follow(tmp, frames, env={"PACKTER_EVE_NO_INOTIFY": "1"},
               what="timer")
    check(ev.counter(c, "timer-checks") > 0, True, "timer: the timer")

    # A file created later: read from its start.
    path = os.path.join(tmp, "later", "eve.json")
    os.mkdir(os.path.dirname(path))
    a = ev.Agent(["--eve", path], ready=b"waiting for")
    w = peer.EveFile(path)
    w.write(alerts(frames[:4], 0))
    a.sync(lambda: w.write(ev.sentinel()))
    c = a.stop()
    w.close()
    recs = ev.tshark_records(frames[:4], tmp)
    ok &= cl.compare(["%d %d %s" % g for g in a.records()],
                     ["%d %d %s" % (ev.usec_of(frames[i][0]) + (r,))
                      for i, r in enumerate(recs)], "created later")
    check(ev.counter(c, "opens"), 1, "created later: opened")

    # A directory that is not there: refused at start.
    r = ev.subprocess.run([ev.AGENT, "-n", "--eve",
                           os.path.join(tmp, "none", "eve.json")],
                          stdout=ev.subprocess.PIPE,
                          stderr=ev.subprocess.PIPE, timeout=ev.TIMEOUT)
    check((r.returncode, b"cannot watch the directory" in r.stderr),
          (2, True), "no directory: refused")

sys.exit(0 if ok else 1)
