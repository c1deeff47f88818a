"""agenttest.py - what the agent tests share: paths, running the agent,
reading its -n output, and a tiny result reporter.

Imported by the scripts in tests/tools; never run on its own.
"""

import os
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))


def top_srcdir():
    return os.environ.get("top_srcdir") or os.path.dirname(
        os.path.dirname(HERE))


def top_builddir():
    return os.environ.get("top_builddir") or os.getcwd()


def agent_path():
    p = os.path.join(top_builddir(), "agent", "packter-agent")
    if not os.access(p, os.X_OK):
        sys.stderr.write("no agent at %s (set top_builddir)\n" % p)
        sys.exit(99)
    return p


def captures_dir(names=None):
    """The committed test captures, tests/captures (made by
    gen-captures.py, never at test time); exits 99 if any named is
    missing."""
    d = os.path.join(top_srcdir(), "tests", "captures")
    for n in names or []:
        if not os.path.isfile(os.path.join(d, n)):
            sys.stderr.write("no capture %s in %s\n" % (n, d))
            sys.exit(99)
    if not os.path.isdir(d):
        sys.stderr.write("no capture folder %s\n" % d)
        sys.exit(99)
    return d


def run_agent(args, cwd=None, stdin=None, timeout=60):
    """Run the agent; return (exit status, stdout bytes, stderr text)."""
    r = subprocess.run([agent_path()] + list(args), cwd=cwd,
                       stdin=stdin if stdin is not None else
                       subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def parse_print(data):
    """Split -n output into datagrams: a list of (sec, usec, payload bytes).
    A datagram runs from the line after its TIME line to the next TIME
    line."""
    out = []
    cur = None
    for line in data.splitlines(keepends=True):
        if line.startswith(b"TIME "):
            parts = line.split()
            if len(parts) != 3:
                raise ValueError("bad TIME line %r" % line)
            cur = [int(parts[1]), int(parts[2]), b""]
            out.append(cur)
        else:
            if cur is None:
                raise ValueError("text before the first TIME line: %r" %
                                 line)
            cur[2] += line
    return [tuple(d) for d in out]


def split_times(payload):
    """A record datagram's text -> (its lines without the PACKTERTIME
    trailer, the capture time of each record line in microseconds or None
    when there is no trailer).  docs/protocol.md 3.3."""
    lines = payload.decode().split("\n")
    if lines[-1] != "":
        raise ValueError("datagram does not end in a newline: %r" %
                         payload[-40:])
    lines = lines[:-1]
    if not lines or not lines[-1].startswith("PACKTERTIME "):
        return lines, None
    words = lines[-1].split()[1:]
    sec, _, frac = words[0].partition(".")
    t = int(sec) * 1000000 + int((frac + "000000")[:6])
    times = [t]
    for w in words[1:]:
        t += int(w)
        times.append(t)
    return lines[:-1], times


def records_of(payload):
    """The record lines of one PACKTER datagram, as lists of 6 fields
    (the description keeps its commas); its PACKTERTIME trailer, if any,
    left out."""
    lines, _ = split_times(payload)
    if not lines or lines[0] != "PACKTER":
        raise ValueError("datagram does not start with PACKTER: %r" %
                         payload[:40])
    return [ln.split(",", 5) for ln in lines[1:]]


def times_of(payload):
    """The capture time (µs) of each record of a datagram, or None."""
    _, times = split_times(payload)
    return times


def all_records(data):
    recs = []
    for _, _, payload in parse_print(data):
        recs.extend(records_of(payload))
    return recs


def counters(stderr):
    """The "  name value" counter lines on stderr, per section, as a dict
    {"section/name": value} and a dict {name: summed value}."""
    full, flat, section = {}, {}, ""
    for line in stderr.splitlines():
        if not line.startswith(" ") and line.endswith(":"):
            section = line[:-1]
            continue
        parts = line.split()
        if line.startswith("  ") and len(parts) == 2 and parts[1].isdigit():
            full[section + "/" + parts[0]] = int(parts[1])
            flat[parts[0]] = flat.get(parts[0], 0) + int(parts[1])
    return full, flat


class Checker:
    """Counts checks; prints one line per failure; exits 0/1 at the end."""

    def __init__(self, name):
        self.name = name
        self.checks = 0
        self.failed = 0

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            self.failed += 1
            print("FAIL %s: %s" % (self.name, what))
        return cond

    def eq(self, got, want, what):
        return self.check(got == want, "%s: got %r, want %r" %
                          (what, got, want))

    def done(self):
        print("%s: %d checks, %d failed" % (self.name, self.checks,
                                             self.failed))
        sys.exit(1 if self.failed else 0)
