"""requests.py - what goes in and out of the bridge is checked: bad
datagrams from the network are refused, counted, and logged at a limited
rate; every ClientTraceRequest the DP peer received validates against
InterTrackMessage.xsd with xmllint, IPv4 and IPv6, and its
TemporarySequenceNumber is unique."""

import os
import shutil
import signal
import socket
import subprocess

from tclib import (DP, XSD, Bridge, Viewer, check, md5_of, request, run)

BAD = [
    b"10.0.0.1,192.0.2.9,60000,80," + md5_of(1).encode(),            # fields
    b"10.0.0.1,192.0.2.9,60000,80,1," + md5_of(1).upper().encode(),  # hash
    b"10.0.0.1,192.0.2.9,60000,80,1," + md5_of(1).encode()[:31],     # hash
    b"10.0.0.300,192.0.2.9,60000,80,1," + md5_of(1).encode(),        # address
    b"10.0.0.1,::1,60000,80,1," + md5_of(1).encode(),                # address
    b"10.0.0.1,192.0.2.9,70000,80,1," + md5_of(1).encode(),          # number
    b"",                                                             # fields
    b"x" * 3000,                                                     # fields
    b"10.0.0.1,192.0.2.9,60000,80,1," + md5_of(1).encode() + b"\0",  # fields
]


def bad_datagrams():
    v = Viewer()
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, v) as br:
            for _ in range(3):
                for b in BAD:
                    br.send(b)
            # One good request after them: its messages are the first to
            # come back, so nothing was sent for the bad ones.
            br.send(request(5))
            first = v.wait("PACKTERMSG", "", 5)
            check(first is not None and "Traceback started" in first[2] and
                  md5_of(5) in first[2], "the first message is the good "
                  "request's: %r" % (first[2] if first else None))
            check(v.wait("PACKTERMSG", "Trace found", 5) is not None,
                  "the good request is traced")
            os.kill(br.p.pid, signal.SIGUSR1)
            check(br.err.wait(r"^  bad-hash\s+6$", 5) is not None,
                  "SIGUSR1 prints the counters")
            br.stop()
            c = br.counters()
            started = [m for m in v.messages("PACKTERMSG")
                       if "Traceback started" in m[2]]
        recs = dp.records()
    check(len(started) == 1, "one started message: %d" % len(started))
    check(len(recs) == 1, "the DP saw one request: %d" % len(recs))
    check(c.get("datagrams") == 3 * len(BAD) + 1 and c.get("requests") == 1,
          "datagrams and requests counted: %s" % c)
    check(c.get("bad-fields") == 12 and c.get("bad-hash") == 6 and
          c.get("bad-address") == 6 and c.get("bad-number") == 3,
          "each kind of bad request counted: %s" % c)
    logged = [l for l in br.err.text().splitlines() if "bad request" in l]
    check(1 <= len(logged) <= 5, "bad requests are logged at a limited "
          "rate: %d lines for 27" % len(logged))


def xmllint_validates():
    if not shutil.which("xmllint"):
        print("SKIP-PART: xmllint not installed (libxml2-utils)")
        check(False, "xmllint (libxml2-utils) is needed")
        return
    files = []
    hosts = ["127.0.0.1"]
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
        s.close()
        hosts.append("::1")
    except OSError:
        print("  (no IPv6 loopback: IPv4 only)")
    for host in hosts:
        for ttl in ("0", "16", "64"):
            v = Viewer()
            with DP("--path", "64500", listen=host) as dp:
                with Bridge(dp.port, v, ["--ttl", ttl, "--schema", XSD],
                            dp_host=host) as br:
                    for i in range(10):
                        br.send(request(i))
                    n = 0
                    while n < 10 and v.wait("PACKTERMSG", "Trace found", 5,
                                            start=len(v.got)) is not None:
                        n = sum("Trace found" in m[2]
                                for m in v.messages("PACKTERMSG"))
                    check(n == 10, "%s TTL %s: 10 traces found: %d" %
                          (host, ttl, n))
                    br.stop()
                recs = dp.records()
                check(all(r["valid"] for r in recs) and len(recs) == 10,
                      "the DP peer (lxml) validated all 10")
                check(all(r["ttl"] == int(ttl) for r in recs), "TTL %s" % ttl)
                check(len(set(tuple(r["seq"]) for r in recs)) == 10,
                      "10 distinct TemporarySequenceNumbers")
                check(all(r["dp_version"] == ("6" if ":" in host else "4")
                          for r in recs), "IPAddress version for %s" % host)
                saved = dp.saved()
                check(len(saved) == 10, "10 requests saved")
                r = subprocess.run(["xmllint", "--noout", "--nonet",
                                    "--schema", XSD] + saved,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
                check(r.returncode == 0, "xmllint --schema: %s" % r.stdout)
                files += saved
    # The check has teeth: a request edited out of the schema fails it.
    if files:
        with open(files[0]) as f:
            doc = f.read()
        bad = files[0] + ".bad.xml"
        with open(bad, "w") as f:
            f.write(doc.replace("<TTL>", "<TTL>9").replace(
                'encodetype="md5"', 'encodetype="crc"'))
        r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema",
                            XSD, bad], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        check(r.returncode != 0, "xmllint refuses an invalid request")
    print("  %d requests validated by xmllint --schema" % len(files))


def allow_list():
    """--allow ::1: a request from 127.0.0.1 (seen as ::ffff:127.0.0.1 on
    the dual-stack socket) is dropped and counted; the one from ::1 after
    it is traced."""
    try:
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s6.bind(("::1", 0))
    except OSError:
        print("  (no IPv6 loopback: allow list not tested)")
        return
    v = Viewer()
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, v, args=("--allow", "::1"),
                    listen="[::]:0") as br:
            s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s4.sendto(request(7), ("127.0.0.1", br.port))
            s6.sendto(request(8), ("::1", br.port))
            check(v.wait("PACKTERMSG", "Trace found", 5) is not None,
                  "the request from ::1 is traced")
            br.stop()
            c = br.counters()
        recs = dp.records()
    check(c.get("refused-not-allowed") == 1 and c.get("requests") == 1,
          "the request from outside --allow is counted, not traced: %s" % c)
    check(len(recs) == 1, "the DP saw one request: %d" % len(recs))
    check(not any(md5_of(7) in m[2] for m in v.messages("PACKTERMSG")),
          "no message about the refused request")
    p = subprocess.run([os.path.join(os.environ.get("top_builddir", "."),
                                     "tc-bridge", "packter-tc"),
                        "--allow", "192.0.2.1/24"], stderr=subprocess.PIPE)
    check(p.returncode == 2 and b"--allow" in p.stderr,
          "a prefix with host bits is refused: %r" % p.stderr)


run({
    "bad_datagrams": bad_datagrams,
    "allow_list": allow_list,
    "xmllint_validates": xmllint_validates,
})
