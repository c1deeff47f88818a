#!/usr/bin/python3
"""geoip-test.py - packter-agent -G: the places of every record's addresses
in the PACKTERGEO line (docs/protocol.md 3.6), from a database written by
tests/tools/make-mmdb.pl (Debian's libmaxmind-db-writer-perl) out of
tests/data/geo/places.txt, checked against that table by a longest-prefix
match of its own (python's ipaddress, not libmaxminddb):

- each record datagram has one PACKTERGEO line, before its PACKTERTIME line
  (last without --no-capture-time), with one word a record line;
- each word is SRC/DST as the table says: Tokyo, Paris, New York, Sao
  Paulo; "-" for an address not in the table, for one whose city has no
  location and for one placed off the Earth (latitude 95.5); with
  --geo-home, private, loopback and link-local addresses at home;
- the record lines and their capture times are those sent without -G;
- with --payload-size 300 every datagram fits with both lines; over UDP,
  with the send thread (its ring filled) and without, the datagrams sent
  are those -n prints;
- the counters add up: every address looked up once a record, found, home,
  not found, without location and bad location each where the table says;
- -G with --anonymise, --geo-home alone or unfit, a missing or unfit
  database are refused (exit 2) in words.
"""

import ipaddress
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

CAPTURES = ["eth-tcp4.pcap", "eth-udp-icmp.pcap", "ipv6-addrs.pcap",
            "mixed.pcap", "batch.pcap"]
HOME = (35.0116, 135.7681)          # Kyoto
LOCAL = [ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "127.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
    "169.254.0.0/16", "100.64.0.0/10", "::1/128", "fc00::/7", "fe80::/10")]


def load_places(path):
    """[(network, (lat, lon) or None for "-")], most specific first."""
    out = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            place = None if w[1] == "-" else (float(w[1]), float(w[2]))
            out.append((ipaddress.ip_network(w[0]), place))
    out.sort(key=lambda e: -e[0].prefixlen)
    return out


def fmt(v):
    """1e-4 degrees, no trailing zeros, as the agent writes them."""
    e4 = int(round(abs(v) * 10000))
    s = "%s%d" % ("-" if v < 0 and e4 else "", e4 // 10000)
    if e4 % 10000:
        s += "." + ("%04d" % (e4 % 10000)).rstrip("0")
    return s


def expect(places, addr, home):
    a = ipaddress.ip_address(addr)
    if a.version == 6 and a.ipv4_mapped is not None:
        m = a.ipv4_mapped
        if home and any(m in n for n in LOCAL if n.version == 4):
            return "%s,%s" % (fmt(home[0]), fmt(home[1]))
        a = m
    if home and any(a in n for n in LOCAL if n.version == a.version):
        return "%s,%s" % (fmt(home[0]), fmt(home[1]))
    if a.version == 6 and int(a) < 1 << 32:
        a = ipaddress.IPv4Address(int(a))   # ::/96 is where IPv4 lives
    for net, place in places:
        # The database maps IPv4 into ::ffff:0:0/96 and ::/96 (aliases).
        if net.version == a.version and a in net:
            if place is None or abs(place[0]) > 90 or abs(place[1]) > 180:
                return "-"
            return "%s,%s" % (fmt(place[0]), fmt(place[1]))
    return "-"


def split(payload):
    """(record lines, geo words or None, time line or None, order ok)."""
    lines = payload.decode().split("\n")[:-1]
    times = geo = None
    if lines and lines[-1].startswith("PACKTERTIME "):
        times = lines.pop()
    if lines and lines[-1].startswith("PACKTERGEO "):
        geo = lines.pop().split()[1:]
    return lines[1:], geo, times


def main():
    ck = at.Checker("geoip")
    top = at.top_srcdir()
    caps = at.captures_dir(CAPTURES)
    places = load_places(os.path.join(top, "tests", "data", "geo",
                                      "places.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "places.mmdb")
        r = subprocess.run(["perl", os.path.join(top, "tests", "tools",
                                                 "make-mmdb.pl"),
                            os.path.join(top, "tests", "data", "geo",
                                         "places.txt"), db],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            print("make-mmdb.pl failed (libmaxmind-db-writer-perl "
                  "installed? tools/setup installs it): %s" %
                  r.stderr.decode(errors="replace"))
            sys.exit(1)
        rc, _, err = at.run_agent(["-r", os.path.join(caps, CAPTURES[0]),
                                   "-n", "-G", db])
        if rc == 2 and "built without libmaxminddb" in err:
            print("this agent has no libmaxminddb; -G refused in words: ok")
            sys.exit(at.SKIP)

        totals = {}
        for cap in CAPTURES:
            path = os.path.join(caps, cap)
            rc, plain, _ = at.run_agent(["-r", path, "--fast", "-n", "-q"])
            for home in (None, HOME):
                args = ["-r", path, "--fast", "-n", "-G", db]
                if home:
                    args += ["--geo-home", "%s,%s" % home]
                rc, out, err = at.run_agent(args)
                ck.eq(rc, 0, "%s %s: exit" % (cap, args[5:]))
                # The places take room: datagrams may close sooner, so
                # the records and their times are compared one by one.
                flat = []
                nrec = 0
                for _, _, p in at.parse_print(out):
                    recs, geo, times = split(p)
                    flat.extend(zip(recs, at.times_of(p) or
                                    [None] * len(recs)))
                    if not ck.check(geo is not None and
                                    len(geo) == len(recs),
                                    "%s: a word a record: %r" %
                                    (cap, p[-200:])):
                        continue
                    for rec, word in zip(recs, geo):
                        f = rec.split(",", 5)
                        w = "%s/%s" % (expect(places, f[0], home),
                                       expect(places, f[1], home))
                        ck.eq(word, w, "%s: %s -> %s" % (cap, f[0], f[1]))
                        nrec += 1
                want = []
                for _, _, p in at.parse_print(plain):
                    recs, geo, _ = split(p)
                    ck.check(geo is None, "no PACKTERGEO without -G")
                    want.extend(zip(recs, at.times_of(p) or
                                    [None] * len(recs)))
                ck.check(flat == want, "%s: records and times as without "
                         "-G (%d, %d records)" % (cap, len(flat), len(want)))
                _, c = at.counters(err)
                ck.eq(c.get("geo-lookups"), 2 * nrec, "%s: lookups" % cap)
                ck.eq(sum(c.get(k, 0) for k in (
                    "geo-found", "geo-home", "geo-not-found",
                    "geo-no-location", "geo-bad-location", "geo-errors")),
                    2 * nrec, "%s: every lookup has an answer" % cap)
                for k, v in c.items():
                    if k.startswith("geo-"):
                        key = (k, home is not None)
                        totals[key] = totals.get(key, 0) + v
        for k in ("geo-found", "geo-not-found", "geo-no-location",
                  "geo-bad-location", "geo-cache-hits"):
            ck.check(totals.get((k, False), 0) > 0, "%s seen" % k)
        ck.check(totals.get(("geo-home", True), 0) > 0, "geo-home seen")
        ck.eq(totals.get(("geo-home", False), 0), 0, "no home without it")
        ck.eq(totals.get(("geo-errors", False), 0), 0, "no lookup errors")

        # Without times the places end the datagram; one record each.
        path = os.path.join(caps, "mixed.pcap")
        rc, out, _ = at.run_agent(["-r", path, "--fast", "-n", "-q", "-G",
                                   db, "--no-capture-time", "--no-batch"])
        dg = at.parse_print(out)
        ok = bool(dg)
        for _, _, p in dg:
            recs, geo, times = split(p)
            ok = ok and times is None and geo is not None and \
                len(geo) == 1 and len(recs) == 1
        ck.check(rc == 0 and ok, "--no-capture-time --no-batch: one "
                 "record and one word, PACKTERGEO last")

        # Small datagrams: the room kept for both lines as records come
        # holds; every datagram fits, with a word a record.
        rc, out, _ = at.run_agent(["-r", path, "--fast", "-n", "-q", "-G",
                                   db, "--payload-size", "300"])
        dg = at.parse_print(out)
        ok = rc == 0 and len(dg) > 1
        for _, _, p in dg:
            recs, geo, times = split(p)
            ok = ok and len(p) <= 300 and times is not None and \
                geo is not None and len(geo) == len(recs)
        ck.check(ok, "--payload-size 300: every datagram fits, PACKTERGEO "
                 "then PACKTERTIME")

        # Sent (the send thread; --loop fills its ring of 256) as printed.
        for extra in ([], ["--no-send-thread"]):
            args = ["-r", path, "--fast", "-q", "-G", db, "--loop", "120"]
            rc, out, _ = at.run_agent(args + ["-n"])
            want = [p for _, _, p in at.parse_print(out)]
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
            s.bind(("127.0.0.1", 0))
            rc, _, err = at.run_agent(args + extra + [
                "-v", "127.0.0.1:%d" % s.getsockname()[1]])
            got = []
            s.setblocking(False)
            while True:         # the agent has exited: all is queued
                try:
                    got.append(s.recv(70000))
                except BlockingIOError:
                    break
            s.close()
            ck.check(rc == 0 and len(want) > 256 and got == want,
                     "-G over UDP %s: %d datagrams sent as the %d printed "
                     "(%s)" % (extra, len(got), len(want), err.strip()))

        # Refusals, in words.
        kf = os.path.join(tmp, "key")
        with open(kf, "w") as f:
            f.write("00" * 32 + "\n")
        os.chmod(kf, 0o600)
        bad = os.path.join(tmp, "not.mmdb")
        with open(bad, "w") as f:
            f.write("not a database\n")
        for args, words in (
                (["-G", db, "--anonymise", kf], "do not go together"),
                (["--geo-home", "35,135"], "goes with -G"),
                (["-G", db, "--geo-home", "95,0"], "not LAT,LON"),
                (["-G", db, "--geo-home", "35"], "not LAT,LON"),
                (["-G", os.path.join(tmp, "none.mmdb")],
                 "No such file or directory"),
                (["-G", bad], "-G: " + bad)):
            rc, _, err = at.run_agent(["-r", path, "-n"] + args)
            ck.check(rc == 2 and words in err, "%s refused: %d %r" %
                     (args, rc, err))
    ck.done()


if __name__ == "__main__":
    main()
