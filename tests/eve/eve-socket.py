#!/usr/bin/python3
"""eve-socket.py - Suricata's unix_dgram and unix_stream EVE outputs into
`packter-agent --eve unix_dgram:PATH` / `unix_stream:PATH`.

Suricata connects to a socket the reader made (it binds or listens, as
util-logopenfile.c's connect() expects), so the agent makes it: mode 0660
or tighter, removed at exit.  The EVE peer (tests/peers/eve-peer.py)
connects as Suricata does and sends one alert per packet of the test
capture: one event a datagram, or one a line on a stream written in pieces
that split lines anywhere, from two connections one after the other.
Records must be tshark's decode of the packets, at the events' timestamps,
with -S on the stream.  Also: a datagram longer than --eve-max-line is
counted too-long, a connection closed inside a line is cut-lines, a live
socket at the path is refused and left alone, a stale one replaced.
"""
import os
import socket
import stat
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


def socket_ok(path, what):
    st = os.lstat(path)
    check(stat.S_ISSOCK(st.st_mode) and not stat.S_IMODE(st.st_mode) & 0o117,
          True, what + ": a socket, mode 0660 at most")


with tempfile.TemporaryDirectory() as tmp:
    os.chmod(tmp, 0o755)
    frames = [f for f in ev.traffic(tmp) if peer.tuple_of(f[1])[1] != 47]
    lines = []
    for i, (ts, b) in enumerate(frames):
        sig, gid, sid, rev, sev = peer.test_alert(i)
        lines.append(peer.line(peer.alert(b, ts, sig, gid, sid, rev, sev)))
    recs = ev.tshark_records(frames, tmp)
    want = ["%d %d %s" % (ev.usec_of(frames[i][0]) + (r,))
            for i, r in enumerate(recs)]
    descs = [ev.incident(*peer.test_alert(i)) for i in range(len(frames))]
    want_s = ["%d %d %s" % (ev.usec_of(frames[i][0]) + (r,))
              for i, r in enumerate(ev.tshark_records(frames, tmp, descs))]
    path = os.path.join(tmp, "eve.sock")

    # --- unix_dgram ---------------------------------------------------------
    a = ev.Agent(["--eve", "unix_dgram:" + path, "--eve-max-line", "4096"],
                 ready=b"listening on")
    socket_ok(path, "unix_dgram")
    w = peer.EveDgram(path)
    for ln in lines:
        w.write(ln)
    w.write(b'{"a": "' + b"z" * 5000 + b'"}\n')
    w.s.send(lines[0][:-1])         # no newline: the datagram ends it
    a.sync(lambda: w.write(ev.sentinel()))
    w.close()
    c = a.stop()
    ok &= cl.compare(["%d %d %s" % g for g in a.records()],
                     want + want[:1], "unix_dgram")
    check(ev.counter(c, "datagrams"), len(lines) + 3, "unix_dgram: datagrams")
    check(ev.counter(c, "too-long"), 1, "unix_dgram: too long")
    check(os.path.lexists(path), False, "unix_dgram: removed at exit")

    # --- unix_stream ----------------------------------------------------------
    a = ev.Agent(["--eve", "unix_stream:" + path, "-S"],
                 ready=b"listening on")
    socket_ok(path, "unix_stream")
    data = b"".join(lines)
    half = len(data) // 2
    w = peer.EveStream(path)
    for i in range(0, half, 7):     # lines split anywhere
        w.write(data[i:min(i + 7, half)])
    w.close()
    cut = data[:half].rfind(b"\n") + 1
    first = data[:cut].count(b"\n")
    a.wait_records(first)
    w = peer.EveStream(path)
    w.write(data[half:])            # the second half of a line: bad-json
    a.sync(lambda: w.write(ev.sentinel()))
    w.write(lines[0][:20])          # closed inside a line
    w.close()
    w = peer.EveStream(path)
    w.write(data)
    a.sync(lambda: w.write(ev.sentinel()))
    w.close()
    c = a.stop()
    got = ["%d %d %s" % g for g in a.records()]
    # Each connection is a stream of its own: the line cut at the end of
    # the first and the start of the second are lost, nothing else.
    last = data[half:].find(b"\n") + half + 1
    second = data[last:].count(b"\n")
    ok &= cl.compare(got, want_s[:first] + want_s[len(lines) - second:] +
                     want_s, "unix_stream -S")
    check(ev.counter(c, "connections"), 3, "unix_stream: connections")
    check(ev.counter(c, "cut-lines"), 2, "unix_stream: cut lines")
    check(ev.counter(c, "bad-json"), 1, "unix_stream: a half line")
    check(os.path.lexists(path), False, "unix_stream: removed at exit")

    # --- the socket file ------------------------------------------------------
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.close()
    a = ev.Agent(["--eve", "unix_stream:" + path], ready=b"listening on")
    check(b"replaced the stale socket" in a.err, True, "stale socket replaced")
    a.stop()
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        live = socket.socket(socket.AF_UNIX, kind)
        live.bind(path)
        if kind == socket.SOCK_STREAM:
            live.listen(1)
        for mode in ("unix_dgram:", "unix_stream:"):
            r = ev.subprocess.run([ev.AGENT, "-n", "--eve", mode + path],
                                  stdout=ev.subprocess.PIPE,
                                  stderr=ev.subprocess.PIPE,
                                  timeout=ev.TIMEOUT)
            check((r.returncode, b"another program" in r.stderr,
                   os.path.lexists(path)), (2, True, True),
                  "a live socket refused (%s %d)" % (mode, kind))
        live.close()
        os.unlink(path)
    with open(path, "w") as f:
        f.write("precious\n")
    r = ev.subprocess.run([ev.AGENT, "-n", "--eve", "unix_dgram:" + path],
                          stdout=ev.subprocess.PIPE,
                          stderr=ev.subprocess.PIPE, timeout=ev.TIMEOUT)
    check((r.returncode, open(path).read()), (2, "precious\n"),
          "a regular file refused and left alone")

sys.exit(0 if ok else 1)
