#!/usr/bin/python3
"""cli-test.py - packter-agent's options, errors and file handling, end to
end on the generated captures (run by tests/agent/cli.sh).

  * --help / --version exit 0; bad options, a missing file, a bad filter,
    bad numbers, an unknown user or viewer exit 2 with one line that names
    what is wrong;
  * a damaged capture: every good packet before the damage is printed, the
    error names the file, the exit status is 1;
  * -r - reads standard input (pcap and pcapng) exactly as -r FILE;
  * trailing words are a BPF filter; -f adds to every flag;
  * -R N / --sample P with --seed: deterministic, a subset of the records,
    a count within a statistical bound, counters that add up;
  * --no-batch: one record per datagram; batching never exceeds
    --payload-size; --loop N repeats the file;
  * a paced file: the first datagram is flushed while the agent waits for
    the next packet; SIGUSR1 prints the counters; SIGTERM flushes and exits.
  * -u USER drops privileges once the file is open (as root only).
"""

import os
import pwd
import select
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

ck = at.Checker("cli")
CAP = at.captures_dir()
AGENT = at.agent_path()


def run(*args, stdin=None):
    return at.run_agent(list(args), cwd=CAP, stdin=stdin)


def lines(text):
    return [ln for ln in text.split("\n") if ln]


def flags_of(recs):
    return [int(r[4]) for r in recs]


def test_help_version():
    for opt in ("--help", "-h"):
        rc, out, err = run(opt)
        ck.eq(rc, 0, opt + " exit status")
        ck.check(out.startswith(b"usage: packter-agent"), opt + " prints "
                 "the usage on stdout: %r" % out[:40])
        for o in (b"--viewer", b"--read", b"--no-batch", b"--fast",
                  b"--payload-size", b"--traceback", b"--sample"):
            ck.check(o in out, "%s mentions %s" % (opt, o.decode()))
    for opt in ("--version", "-V"):
        rc, out, err = run(opt)
        ck.eq(rc, 0, opt + " exit status")
        ck.check(out.startswith(b"packter-agent ") and
                 out.count(b"\n") == 1, opt + " prints one line: %r" % out)


def test_errors():
    # (arguments, a word the one-line message must contain)
    cases = [
        (["-r", "no-such-file.pcap", "-n"], "no-such-file.pcap"),
        (["-r", "mixed.pcap", "-n", "--fast", "udp", "and", "and"],
         "udp and and"),
        (["-r", "mixed.pcap", "-n", "-p", "0"], "-p"),
        (["-r", "mixed.pcap", "-n", "-p", "65536"], "-p"),
        (["-r", "mixed.pcap", "-n", "-f", "x"], "-f"),
        (["-r", "mixed.pcap", "-n", "-f", "-1"], "-f"),
        (["-r", "mixed.pcap", "-n", "-R", "0"], "-R"),
        (["-r", "mixed.pcap", "-n", "--sample", "0"], "--sample"),
        (["-r", "mixed.pcap", "-n", "--sample", "1.5"], "--sample"),
        (["-r", "mixed.pcap", "-n", "--sample", "nan"], "--sample"),
        (["-r", "mixed.pcap", "-n", "--payload-size", "10"],
         "--payload-size"),
        (["-r", "mixed.pcap", "-n", "--speed", "0"], "--speed"),
        (["-r", "mixed.pcap", "-n", "--loop", "0"], "--loop"),
        (["-r", "mixed.pcap", "-n", "-T", "a,b"], "-T"),
        (["-r", "mixed.pcap", "-v", "[::1"], "[::1"),
        (["-r", "mixed.pcap", "-v", "127.0.0.1:99999"], "99999"),
        (["-r", "mixed.pcap", "-v", "host.invalid"], "host.invalid"),
        (["-r", "mixed.pcap", "-n", "-u", "no-such-user-x"],
         "no-such-user-x"),
        (["--replay", "no-such-replay.txt"], "no-such-replay.txt"),
        (["-i", "no-such-if0", "-n"], "no-such-if0"),
        (["-n"], "-r"),
        (["-r", "unknown-link.pcap", "-n"], "147"),
        (["-r", "short-header.pcap", "-n"], "short-header.pcap"),
    ]
    for args, word in cases:
        rc, out, err = run(*args)
        what = "agent %s" % " ".join(args)
        ck.eq(rc, 2, what + ": exit status")
        ck.eq(out, b"", what + ": nothing on stdout")
        ck.eq(len(lines(err)), 1, what + ": one line on stderr: %r" % err)
        ck.check(word in err, what + ": the message names %r: %r" %
                 (word, err))
    # Options getopt rejects: the option is named in one line, exit 2.
    for args, word in ((["--bogus"], "'--bogus'"), (["-r"], "'-r'"),
                       (["-Y"], "'-Y'")):
        rc, out, err = run(*args)
        what = "agent %s" % " ".join(args)
        ck.eq(rc, 2, what + ": exit status")
        ck.check(word in lines(err)[0] if err else False,
                 what + ": the message names the option: %r" % err)
        ck.eq(len(lines(err)), 1, what + ": one line on stderr: %r" % err)


def test_damaged():
    for args in (["-r", "damaged.pcap"], ["-r", "-"]):
        stdin = open(os.path.join(CAP, "damaged.pcap"), "rb") \
            if args[1] == "-" else None
        rc, out, err = run(*(args + ["--fast", "-n", "-q"]), stdin=stdin)
        if stdin:
            stdin.close()
        what = "damaged capture via %s" % args[1]
        ck.eq(rc, 1, what + ": exit status")
        recs = at.all_records(out)
        ck.eq([r[2] for r in recs], [str(49000 + i) for i in range(5)],
              what + ": every good packet before the damage")
        ck.check("'%s'" % args[1] in err if args[1] != "-" else
                 "damaged" in err, what + ": the error names the file: %r"
                 % err)
    rc, out, err = run("-r", "damaged-hdr.pcap", "--fast", "-n", "-q")
    ck.eq(rc, 1, "bad record header: exit status")
    ck.eq(len(at.all_records(out)), 3, "bad record header: the 3 good "
          "packets")


def test_stdin():
    for cap in ("mixed.pcap", "pcapng.pcapng", "ipv6-ext.pcap"):
        rc1, out1, _ = run("-r", cap, "--fast", "-n", "-q")
        with open(os.path.join(CAP, cap), "rb") as f:
            rc2, out2, _ = run("-r", "-", "--fast", "-n", "-q", stdin=f)
        ck.eq((rc1, rc2), (0, 0), "%s: exit status of -r FILE, -r -" % cap)
        ck.check(out1 == out2 and len(out1) > 0,
                 "%s: -r - prints what -r FILE prints" % cap)


def test_filter():
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "-q")
    allrecs = at.all_records(out)
    ck.eq(len(allrecs), 100, "mixed.pcap: records")
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "-q", "udp")
    recs = at.all_records(out)
    ck.eq(rc, 0, "filter udp: exit status")
    ck.eq(len(recs), 40, "filter udp: records")
    ck.check(set(flags_of(recs)) == {3, 8}, "filter udp: only UDP flags: %r"
             % set(flags_of(recs)))
    ck.eq(recs, [r for r in allrecs if r[4] in ("3", "8")],
          "filter udp: the UDP records, in order")
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "-q", "ip6",
                       "and", "tcp")
    recs = at.all_records(out)
    ck.eq(set(flags_of(recs)), {5}, "filter 'ip6 and tcp'")
    ck.eq(len(recs), 20, "filter 'ip6 and tcp': records")
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "icmp or",
                       "port 10005")
    recs = at.all_records(out)
    ck.eq(len(recs), 21, "filter 'icmp or port 10005' (one word with "
          "spaces, then more words)")
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "arp")
    ck.eq(at.all_records(out), [], "filter arp: no records")
    _, flat = at.counters(err)
    ck.eq(flat.get("skipped-non-ip"), 1, "filter arp: the ARP frame is "
          "read and skipped")


def test_flag_base():
    _, out0, _ = run("-r", "eth-udp-icmp.pcap", "--fast", "-n", "-q")
    for base in (10, 100, 65000):
        rc, out, _ = run("-r", "eth-udp-icmp.pcap", "--fast", "-n", "-q",
                         "-f", str(base))
        a, b = at.all_records(out0), at.all_records(out)
        ck.eq(rc, 0, "-f %d: exit status" % base)
        ck.eq([int(r[4]) + base for r in a], [int(r[4]) for r in b],
              "-f %d adds to every flag" % base)
        ck.eq([r[:4] + r[5:] for r in a], [r[:4] + r[5:] for r in b],
              "-f %d changes nothing else" % base)


def multiset(recs):
    d = {}
    for r in recs:
        k = ",".join(r)
        d[k] = d.get(k, 0) + 1
    return d


def test_sampling():
    loops = 20
    _, full_out, _ = run("-r", "mixed.pcap", "--fast", "-n", "-q",
                         "--loop", str(loops))
    full = multiset(at.all_records(full_out))
    frames = 101 * loops
    for args, p in ((["-R", "4"], 0.25), (["-R", "10"], 0.1),
                    (["--sample", "0.5"], 0.5), (["--sample", "0.05"], 0.05),
                    (["-R", "2", "--sample", "0.5"], 0.25)):
        outs = []
        for seed in ("1", "1", "987654321"):
            rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "--loop",
                               str(loops), "--seed", seed, *args)
            outs.append((out, err))
            what = "%s --seed %s" % (" ".join(args), seed)
            ck.eq(rc, 0, what + ": exit status")
            recs = at.all_records(out)
            ms = multiset(recs)
            ck.check(all(full.get(k, 0) >= v for k, v in ms.items()),
                     what + ": the records are a subset of the file's")
            # Binomial(frames, p): 6 standard deviations either side.
            mean = frames * p
            sd = (frames * p * (1 - p)) ** 0.5
            ck.check(mean - 6 * sd <= len(recs) <= mean + 6 * sd,
                     what + ": %d records, expected %.0f +- %.0f" %
                     (len(recs), mean, 6 * sd))
            full_c, flat = at.counters(err)
            ck.eq(flat.get("sampled-out", 0) +
                  full_c.get("agent/records", 0) +
                  flat.get("skipped-non-ip", 0), frames,
                  what + ": sampled-out + records + skipped = frames")
        ck.eq(outs[0][0], outs[1][0], "%s: the same seed, the same records"
              % " ".join(args))
        ck.check(outs[0][0] != outs[2][0], "%s: another seed, other records"
                 % " ".join(args))
    # Keeping every packet.
    for args in (["-R", "1"], ["--sample", "1"]):
        rc, out, _ = run("-r", "mixed.pcap", "--fast", "-n", "-q",
                         "--loop", str(loops), *args)
        ck.eq(multiset(at.all_records(out)), full, " ".join(args) +
              " keeps every record")


def test_batching():
    for cap in ("batch.pcap", "mixed.pcap", "eth-udp-icmp.pcap",
                "ipv6-addrs.pcap"):
        _, out, _ = run("-r", cap, "--fast", "-n", "-q")
        dg = at.parse_print(out)
        recs = at.all_records(out)
        ck.check(all(len(p) <= 1400 for _, _, p in dg),
                 "%s: default datagrams <= 1400 bytes: %r" %
                 (cap, max(len(p) for _, _, p in dg)))
        rc, out1, _ = run("-r", cap, "--fast", "-n", "-q", "--no-batch")
        dg1 = at.parse_print(out1)
        ck.eq(rc, 0, "%s --no-batch: exit status" % cap)
        ck.check(all(len(at.records_of(p)) == 1 for _, _, p in dg1),
                 "%s --no-batch: one record per datagram" % cap)
        ck.eq(at.all_records(out1), recs, "%s --no-batch: the same records"
              % cap)
        for size in (256, 300, 700, 65507):
            _, out2, _ = run("-r", cap, "--fast", "-n", "-q",
                             "--payload-size", str(size))
            dg2 = at.parse_print(out2)
            ck.check(all(len(p) <= size for _, _, p in dg2),
                     "%s --payload-size %d: datagrams within it" %
                     (cap, size))
            ck.eq(at.all_records(out2), recs, "%s --payload-size %d: the "
                  "same records" % (cap, size))
    # The batch capture does batch: fewer datagrams than records.
    _, out, _ = run("-r", "batch.pcap", "--fast", "-n", "-q")
    ck.check(len(at.parse_print(out)) < len(at.all_records(out)) / 4,
             "batch.pcap is batched")
    # --loop.
    _, one, _ = run("-r", "eth-tcp4.pcap", "--fast", "-n", "-q")
    rc, three, _ = run("-r", "eth-tcp4.pcap", "--fast", "-n", "-q",
                       "--loop", "3")
    ck.eq(at.all_records(three), at.all_records(one) * 3,
          "--loop 3 plays the file three times")


def read_until(stream, want, deadline):
    """Read from a pipe until want (bytes) appears or the deadline passes;
    returns what was read."""
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


def test_paced_flush_and_signals():
    p = subprocess.Popen([AGENT, "-r", "slow.pcap", "-n"], cwd=CAP,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        out = read_until(p.stdout, b"(52001)", deadline)
        ck.check(b"(52001)" in out, "paced file: the first record is "
                 "flushed while the second is 1000 s away: %r" % out)
        ck.check(b"(52002)" not in out, "paced file: not the second yet")
        ck.eq(p.poll(), None, "paced file: still running")
        # Right away: the agent is about to wait (or waiting) for the
        # next packet, 1000 s away; the signal must still be seen.
        p.send_signal(signal.SIGUSR1)
        err = read_until(p.stderr, b"records", time.monotonic() + 10)
        ck.check(b"records" in err, "SIGUSR1 prints the counters (a signal "
                 "that arrives just before the agent starts waiting must "
                 "not be lost): %r" % err)
        ck.eq(p.poll(), None, "SIGUSR1 does not stop the agent")
        p.send_signal(signal.SIGTERM)
        try:
            rest, err2 = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            ck.check(False, "SIGTERM: the agent is still waiting for the "
                     "next packet 20 s later (a signal that arrives just "
                     "before the agent starts waiting must not be lost)")
            p.kill()
            rest, err2 = p.communicate()
        ck.eq(p.returncode, 0, "SIGTERM: a clean exit")
        ck.check(b"(52002)" not in rest, "SIGTERM: the second packet was "
                 "never due")
        ck.check(b"records" in err2, "SIGTERM: counters on exit")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_default_user():
    """Started as root without -u: the agent goes on as nobody, and --loop
    still rereads a capture only root may open."""
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return
    import shutil
    import tempfile
    d = tempfile.mkdtemp()
    private = os.path.join(d, "private.pcap")
    shutil.copy(os.path.join(CAP, "mixed.pcap"), private)
    os.chmod(d, 0o700)
    os.chmod(private, 0o600)
    _, once, _ = run("-r", private, "--fast", "-n", "-q")
    rc, out, err = run("-r", private, "--fast", "-n", "-q", "-d",
                       "--loop", "3")
    ck.eq(rc, 0, "root without -u: exit status")
    ck.check("now running as nobody" in err, "root without -u: becomes "
             "nobody: %r" % err[-300:])
    ck.eq(len(at.all_records(out)), 3 * len(at.all_records(once)),
          "--loop 3 after dropping root: three passes")
    rc, out, err = run("-r", private, "--fast", "-n", "-q", "-d",
                       "-u", "root")
    ck.check(rc == 0 and "now running as nobody" not in err,
             "-u root keeps root")
    shutil.rmtree(d)


def test_full_disk():
    """-n onto a full disk: a clear error, exit 1, no spinning."""
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        p = subprocess.run([AGENT, "-r", os.path.join(CAP, "mixed.pcap"),
                            "--fast", "-n", "-q"], stdout=full,
                           stderr=subprocess.PIPE, timeout=30)
    ck.eq(p.returncode, 1, "-n to a full disk: exit status")
    ck.check(b"No space left on device" in p.stderr,
             "-n to a full disk: says why: %r" % p.stderr[:200])


def test_drop_privileges():
    if os.geteuid() != 0:
        print("cli: not root, -u not tested")
        return
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        print("cli: no user nobody, -u not tested")
        return
    _, want, _ = run("-r", "mixed.pcap", "--fast", "-n", "-q")
    rc, out, err = run("-r", "mixed.pcap", "--fast", "-n", "-q", "-d",
                       "-u", "nobody")
    ck.eq(rc, 0, "-u nobody: exit status")
    ck.eq(out, want, "-u nobody: the same output")
    ck.check("uid %d" % nobody.pw_uid in err, "-u nobody: the agent says "
             "it runs as nobody: %r" % err)


def main():
    test_help_version()
    test_errors()
    test_damaged()
    test_stdin()
    test_filter()
    test_flag_base()
    test_sampling()
    test_batching()
    test_paced_flush_and_signals()
    test_drop_privileges()
    test_full_disk()
    test_default_user()
    ck.done()


if __name__ == "__main__":
    main()
