"""reference.py - packter-agent as a drop-in for PACKTER 2.x sites:

  - every datagram the agent sends (records with their PACKTERTIME trailer,
    the alarm's messages of our alarm.conf and of a packter.conf, with
    --voice-format softalk, --se-per-packet) is taken whole by the
    reference viewer's rules (refviewer.py), and parses under ours;
  - a packter.conf in the reference's syntax is read as pt_thmon reads it:
    the messages as pt_thmon makes them, notes for keys without meaning
    here, errors with file and line;
  - -n then --replay sends the control messages byte for byte as before;
  - old command lines: -s without a number, -6, -G, -U's trailing socket
    path, --compat 2 (-s, -R, -r).

Over UDP on loopback: a socket stands in for the viewer, the agent reads
media/demo.pcap with --fast and exits; its datagrams are then read from
the socket.  Nothing waits on time.
"""

import os
import re
import select
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refviewer  # noqa: E402

TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.join(HERE, "..", "..")
TOP_BUILDDIR = os.environ.get("top_builddir") or os.getcwd()
AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")
DEMO = os.path.join(TOP_SRCDIR, "media", "demo.pcap")
MEDIA = os.path.join(TOP_SRCDIR, "media")
CONF = os.path.join(HERE, "alarm.conf")
REFCONF = os.path.join(HERE, "packter.conf")

failures = 0


def check(cond, what):
    global failures
    print("%s - %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures += 1
    return cond


def agent(args, timeout=60):
    """Run the agent; (status, stdout bytes, stderr text)."""
    p = subprocess.run([AGENT] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def sent(args):
    """The datagrams the agent sends to a viewer socket: (status, [bytes],
    stderr)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    p = subprocess.Popen([AGENT] + args + ["-q", "-v", "127.0.0.1:%d" % port],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    got, err, eof = [], b"", False
    # Read as it sends (the socket's queue is small); its stderr closes
    # when it exits, and what it sent before is in the queue by then.
    while not eof:
        r, _, _ = select.select([s, p.stderr], [], [], 60)
        if not r:
            break
        if s in r:
            got.append(s.recv(65536))
        if p.stderr in r:
            chunk = os.read(p.stderr.fileno(), 65536)
            err += chunk
            eof = not chunk
    while select.select([s], [], [], 0)[0]:
        got.append(s.recv(65536))
    s.close()
    p.stderr.close()
    rc = p.wait(60)
    return rc, got, err.decode("utf-8", "replace")


def keyword(d):
    return d.split(b"\n", 1)[0].decode("utf-8", "replace")


def controls(dgrams):
    return [d for d in dgrams if keyword(d) in refviewer.CONTROL]


def all_fit(dgrams, what):
    bad = [(d[:80], refviewer.fit(d)) for d in dgrams
           if refviewer.fit(d) is not None]
    check(not bad, "%s: %d datagrams, each taken by the reference viewer%s"
          % (what, len(dgrams), "" if not bad else ": %r" % bad[:3]))


def media_exists(dgrams, what):
    """Every name an alarm message gives is a file of our media."""
    names = set()
    for d in controls(dgrams):
        r = refviewer.read_data(d)
        a = refviewer.act(r[1], r[2])
        for k in ("picture", "se", "texture", "file"):
            if k in a:
                names.add(a[k])
    missing = sorted(n for n in names
                     if not os.path.isfile(os.path.join(MEDIA, n)))
    check(names and not missing, "%s: the names it sends are in media/ "
          "(%s)%s" % (what, " ".join(sorted(names)),
                      "" if not missing else "; missing %s" % missing))


def test_ours():
    rc, d, err = sent(["-r", DEMO, "--fast", "--alarm", CONF])
    check(rc == 0, "alarm.conf: agent exits 0 (%s)" % err.strip()[-200:])
    kinds = sorted({keyword(x) for x in controls(d)})
    check(kinds == ["PACKTERMSG", "PACKTERSE", "PACKTERSKYDOMETEXTURE",
                    "PACKTERSOUND", "PACKTERVOICE"],
          "alarm.conf: every kind of message is sent (%s)" % kinds)
    check(all(not x.endswith(b"\n") for x in controls(d)),
          "alarm.conf: no control payload ends in a line end")
    all_fit(d, "alarm.conf")
    media_exists(d, "alarm.conf")
    recs = [x for x in d if keyword(x) == "PACKTER"]
    taken = sum(len(refviewer.read_data(x)[2]) for x in recs)
    ours = sum(x.count(b"\n") - 1 - (b"\nPACKTERTIME " in x) for x in recs)
    check(taken == ours and taken > 0,
          "records: the reference takes all %d record lines of %d batched "
          "datagrams, and stops at the PACKTERTIME trailer (%d)"
          % (ours, len(recs), taken))

    rc, d, err = sent(["-r", DEMO, "--fast", "--alarm", CONF,
                       "--voice-format", "softalk"])
    voices = [x for x in d if keyword(x) == "PACKTERVOICE"]
    check(voices and all(x.startswith(b"PACKTERVOICE\n/T:1 /W:Warning: ")
                         and b"\n" not in x[13:] for x in voices),
          "--voice-format softalk: '/T:1 /W:TEXT', one command line (%r)"
          % (voices[:1],))
    all_fit(d, "--voice-format softalk")


def test_packter_conf():
    rc, d, err = sent(["-r", DEMO, "--fast", "--alarm", REFCONF])
    check(rc == 0, "packter.conf: agent exits 0")
    all_fit(d, "packter.conf")
    msgs = [x.decode() for x in d if keyword(x) == "PACKTERMSG"]
    want = ("PACKTERMSG\nmale.png,<pic-m4><div align=\"center\"><font "
            "color=\"red\">UDP share over the threshold</font></div><div "
            "align=\"center\"><font size=\"-1\">Observed: </font> ")
    check(any(m.startswith(want) for m in msgs) and
          all(m.startswith("PACKTERMSG\nmale.png,<pic-m4><div ") and
              re.search(r"Observed: </font> \d+ <font size=\"-1\">"
                        r"Threshold: </font> 20$", m) for m in msgs),
          "packter.conf: the message as pt_thmon makes it (blanks run "
          "together, observed and threshold in per cent): %r"
          % (msgs[:1],))
    voices = sorted({x for x in d if keyword(x) == "PACKTERVOICE"})
    check(voices == [b"PACKTERVOICE\n/T:1 /W:TCP SYN packets are over the "
                     b"threshold", b"PACKTERVOICE\n/T:1 /W:UDP packets are "
                     b"over the threshold"],
          "packter.conf: the voice of MON_OPT_VOICE_HEAD + MON_UDP_VOICE "
          "(the first given) + MON_OPT_VOICE_FOOT: %r" % voices)
    sounds = sorted({x for x in d if keyword(x) == "PACKTERSOUND"})
    check(sounds == [b"PACKTERSOUND\n-20000,Detection.wav",
                     b"PACKTERSOUND\n30000,Detection.wav"],
          "packter.conf: MON_SYN_SOUND and MON_UDP_SOUND as the music: %r"
          % sounds)
    skies = sorted({x for x in d if keyword(x) == "PACKTERSKYDOMETEXTURE"})
    check(skies == [b"PACKTERSKYDOMETEXTURE\ntexture1.bmp"],
          "packter.conf: MON_SKYDOME_START: %r" % skies)
    media_exists(d, "packter.conf")
    check("MON_OPT_SOUND_HEAD has no meaning here" in err and
          "4 IPTB_* keys are packter_tc's" in err and
          "A LINE WITHOUT" not in err,
          "packter.conf: notes for the keys without meaning here; lines "
          "without '=' say nothing")

    with tempfile.TemporaryDirectory() as t:
        bad = os.path.join(t, "packter.conf")
        with open(bad, "w") as f:
            f.write("# bad\nMON_SYN_PIC=male.png\nMON_SYN_SOUND=loud\n")
        rc, _, err = agent(["-r", DEMO, "--fast", "-n", "--alarm", bad])
        check(rc == 2 and "packter.conf:3: MON_SYN_SOUND: milliseconds"
              in err, "packter.conf: a bad value stops the agent with "
              "file and line (%s)" % err.strip())
        with open(bad, "w") as f:
            f.write("MON_SYN_PIC=../etc/passwd\n")
        rc, _, err = agent(["-r", DEMO, "--fast", "-n", "--alarm", bad])
        check(rc == 2 and "packter.conf:1: MON_SYN_PIC" in err,
              "packter.conf: a name outside the media is refused")
        with open(bad, "wb") as f:
            f.write(b"MON_SYN_MSG=" + b"x" * 5000 + b"\n")
        rc, _, err = agent(["-r", DEMO, "--fast", "-n", "--alarm", bad])
        check(rc == 2 and "packter.conf:1: line too long" in err,
              "packter.conf: a line over the bound is refused (%s)"
              % err.strip())


def test_replay():
    with tempfile.TemporaryDirectory() as t:
        rc, _, direct = 0, None, None
        rc, d1, _ = sent(["-r", DEMO, "--fast", "--alarm", CONF])
        saved = os.path.join(t, "saved.txt")
        rc, out, _ = agent(["-r", DEMO, "--fast", "-n", "-q", "--alarm",
                            CONF])
        with open(saved, "wb") as f:
            f.write(out)
        check(b"\nsky.png\nTIME " in out,
              "-n: a control message's line ends before the next TIME")
        rc, d2, _ = sent(["--replay", saved, "--fast"])
        check(rc == 0 and controls(d2) == controls(d1),
              "--replay: the %d control messages go out byte for byte as "
              "sent live" % len(controls(d1)))


def test_command_lines():
    rc, out, err = agent(["-r", DEMO, "--fast", "-n", "-q", "-s"])
    ses = re.findall(rb"PACKTERSE\n(se\d\.wav)\n", out)
    recs = out.count(b"\nPACKTER\n") + out.startswith(b"PACKTER\n")
    check(rc == 0 and "PACKTER 2.x's -s" in err and len(ses) == 3000 and
          set(ses) <= {b"se%d.wav" % i for i in range(10)},
          "-s last: PACKTER 2.x's sound effect per packet (%d)" % len(ses))
    rc, out, err = agent(["-s", "-r", DEMO, "--fast", "-n", "-q"])
    check(rc == 0 and len(re.findall(rb"PACKTERSE\n", out)) == 3000,
          "-s -r FILE: -s takes no number: the old -s")
    rc, out2, err = agent(["-s", "96", "-r", DEMO, "--fast", "-n", "-q"])
    check(rc == 0 and b"PACKTERSE" not in out2,
          "-s 96: the snaplen, as ever")
    rc, out, err = agent(["-6", "-r", DEMO, "--fast", "-n", "-q"])
    check(rc == 0 and "-6 is PACKTER 2.x's" in err, "-6: accepted, noted")
    rc, out, err = agent(["-G", "GeoLiteCity.dat", "-r", DEMO, "-n"])
    check(rc == 2 and "GeoLiteCity.dat, the legacy GeoIP format, is not "
          "read" in err,
          "-G GeoLiteCity.dat: refused, saying -G reads a MaxMind DB")

    # -R N: ours keeps 1 in N; --compat 2 (and --random-gap) the
    # reference's, 1 in (N+1)/2.  Seeded, so the counts are fixed.
    def records(args):
        _, o, _ = agent(args + ["-r", DEMO, "--fast", "-n", "-q",
                                "--no-batch", "--seed", "7"])
        return o.count(b"\nPACKTER\n") + o.startswith(b"PACKTER\n")
    ours = records(["-R", "9"])
    gap = records(["--random-gap", "9"])
    old = records(["--compat", "2", "-R", "9"])
    check(250 <= ours <= 420 and 500 <= gap <= 700 and old == gap,
          "-R 9 keeps about 3000/9 (%d); --random-gap 9 and --compat 2 "
          "-R 9 about 3000/5 (%d, %d)" % (ours, gap, old))
    rc, out, err = agent(["--compat", "2", "-s", "-r", DEMO, "-n", "-q"])
    check(rc == 0 and len(re.findall(rb"PACKTERSE\n", out)) == 3000,
          "--compat 2: -s is the sound per packet, -r unpaced")
    rc, out, err = agent(["--compat", "2", "--snaplen", "96", "-r", DEMO,
                          "-n", "-q"])
    check(rc == 0 and b"PACKTERSE" not in out,
          "--compat 2: --snaplen still sets the snaplen")
    rc, out, err = agent(["--compat", "1", "-r", DEMO])
    check(rc == 2 and "the only level is 2" in err, "--compat 1: refused")

    # -U with its socket path as the trailing word, as pt_agent took it.
    with tempfile.TemporaryDirectory() as t:
        path = os.path.join(t, "snort_alert")
        p = subprocess.Popen([AGENT, "-U", "-n", "-q", path],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        line = b""
        while b"listening on" not in line:
            line = p.stderr.readline()
            if not line:
                break
        check(b"listening on " + path.encode() in line and
              os.path.exists(path),
              "-U PATH as the trailing word: the socket path")
        p.terminate()
        p.wait(10)
        p.stderr.close()


def main():
    if not os.access(AGENT, os.X_OK):
        print("reference: no agent at %s" % AGENT)
        return 99
    test_ours()
    test_packter_conf()
    test_replay()
    test_command_lines()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
