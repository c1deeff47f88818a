#!/usr/bin/python3
"""pacing-test.py - capture time through paced replay: --max-gap.

gap-hour.pcap holds two bursts an hour apart.  Paced as captured (at
--speed 100, so the hour would take 36 s) with --max-gap 0.05, the agent:
- waits no longer than the gap cap (the whole run ends within the test's
  timeout of 20 s, which waiting the hour would break: a bound, not a
  timing measurement);
- counts one shortened gap (gaps-shortened);
- keeps every record's capture time, the hour included (PACKTERTIME lines,
  checked against the capture's own timestamps);
and --replay of the -n text does the same with its TIME lines.
"""

import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402



def pcap_times(path):
    """The packets' own timestamps (µs) of a classic little-endian pcap."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"\xd4\xc3\xb2\xa1", "a little-endian µs pcap"
    off, out = 24, []
    while off + 16 <= len(data):
        sec, usec, incl, _ = struct.unpack_from("<IIII", data, off)
        out.append(sec * 1000000 + usec)
        off += 16 + incl
    return out


def times(out):
    t = []
    for _, _, payload in at.parse_print(out):
        t.extend(at.times_of(payload) or [])
    return t


def main():
    ck = at.Checker("pacing")
    cap = os.path.join(at.captures_dir(["gap-hour.pcap"]), "gap-hour.pcap")

    # --fast: the reference times, no wait at all.
    rc, out, err = at.run_agent(["-r", cap, "--fast", "-n"])
    ck.eq(rc, 0, "--fast exit status")
    fast = times(out)
    ck.eq(len(fast), 6, "records with capture times")
    want = pcap_times(cap)
    ck.eq(fast, want, "capture times as in the file (the hour kept)")
    ck.check(max(b - a for a, b in zip(want, want[1:])) >= 3600 * 1000000,
             "the capture holds its hour")

    # Paced, gap cut: done well before the hour (36 s at --speed 100)
    # would be waited, and the times are the same.
    try:
        rc, out, err = at.run_agent(["-r", cap, "-n", "--speed", "100",
                                     "--max-gap", "0.05"], timeout=20)
    except subprocess.TimeoutExpired:
        ck.check(False, "--max-gap: the agent waited out the gap")
        ck.done()
    ck.eq(rc, 0, "paced exit status")
    ck.eq(times(out), fast, "paced: the same capture times")
    _, flat = at.counters(err)
    ck.eq(flat.get("gaps-shortened"), 1, "gaps-shortened counter")
    printed = out

    # The -n text replayed keeps its PACKTERTIME lines and cuts its gap.
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "saved.txt")
        with open(path, "wb") as f:
            f.write(printed)
        rc, out, err = at.run_agent(["--replay", path, "-n", "--speed",
                                     "100", "--max-gap", "0.05"],
                                    timeout=20)
        ck.eq(rc, 0, "--replay exit status")
        ck.eq(out, printed, "--replay: the same datagrams, trailers and all")
        _, flat = at.counters(err)
        ck.eq(flat.get("gaps-shortened"), 1, "--replay gaps-shortened")

    # Bad values are refused.
    rc, _, err = at.run_agent(["-r", cap, "-n", "--max-gap", "-1"])
    ck.eq(rc, 2, "--max-gap -1 refused")
    ck.done()


if __name__ == "__main__":
    main()
