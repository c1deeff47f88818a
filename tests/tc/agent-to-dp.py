"""agent-to-dp.py - the traceback chain without a screen: packter-agent -T
describes packets by their SPIE digest; the digest is recomputed here
independently (hashlib over the masked bytes, IPv4 with options and IPv6);
the request line the viewer's T would send (the record with the bridge
address cut off) goes to packter-tc; the DP peer receives exactly that hash
and the verdict comes back."""

import hashlib
import os
import subprocess

from tclib import (DP, Bridge, TOP_BUILDDIR, Viewer, check, run, seq_of,
                   tmpdir)

AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")


def spie(ip):
    """PROTOCOL.md's digest of the IP packet ip (bytes)."""
    b = bytearray(ip)
    if b[0] >> 4 == 4:
        ihl = (b[0] & 0x0f) * 4
        for i in (1, 2, 3, 6, 7, 8, 10, 11):
            b[i] = 0
        for i in range(20, ihl):
            b[i] = 0
        n = ihl + 8
    else:
        b[0] &= 0xf0        # the top four bits of the traffic class
        b[7] = 0
        n = 48
    return hashlib.md5(bytes(b[:min(n, len(b))])).hexdigest()


def packets():
    from scapy.all import (ICMP, IP, TCP, UDP, Ether, IPOption_RR, IPv6,
                           conf, raw)
    conf.verb = 0

    def E():
        return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    return [
        E() / IP(src="10.0.0.1", dst="192.0.2.9", ttl=33, tos=4,
                     options=[IPOption_RR(routers=["1.2.3.4"])]) /
        TCP(sport=60000, dport=80, flags="S") / b"hello",
        E() / IP(src="198.51.100.7", dst="203.0.113.5", ttl=64) /
        UDP(sport=5353, dport=53) / b"query",
        E() / IP(src="10.9.8.7", dst="10.7.8.9") / ICMP(type=8),
        E() / IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=7,
                       tc=0xab, fl=0x12345) / UDP(sport=5353, dport=53) /
        (b"x" * 20),
        E() / IPv6(src="2001:db8::3", dst="2001:db8::4") /
        TCP(sport=443, dport=51000, flags="A"),
    ], raw


def chain():
    if not os.access(AGENT, os.X_OK):
        print("  (packter-agent not built: case skipped)")
        return
    try:
        pkts, raw = packets()
    except ImportError:
        print("  (python3-scapy missing: case skipped)")
        return
    from scapy.all import wrpcap
    d = tmpdir("tc-agent-")
    cap = os.path.join(d, "t.pcap")
    wrpcap(cap, pkts)
    want = [spie(raw(p)[14:]) for p in pkts]
    out = subprocess.run([AGENT, "-r", cap, "-T", "127.0.0.1", "-n", "-q",
                          "--no-batch"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, timeout=30)
    check(out.returncode == 0, "the agent ran: %s" % out.stderr)
    recs = [l for l in out.stdout.splitlines()
            if l and not l.startswith(("TIME", "PACKTER"))]
    check(len(recs) == len(pkts), "one record per packet: %d" % len(recs))
    got = [r.rsplit(",", 1)[1].split("-", 1)[0] for r in recs]
    check(got == want, "the agent's digests are the independent ones:\n"
          "  %s\n  %s" % (got, want))

    v = Viewer()
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, v, ["--timeout", "5"]) as br:
            for r in recs:
                # What the viewer's T sends: the record, address cut off.
                line = r[:r.rindex("-")]
                br.send(line.encode())
                f = v.wait("PACKTERMSG", "Trace found", 5, start=len(v.got))
                check(f is not None, "a verdict for %s" % line)
        seen = [x["hash"] for x in dp.records() if x["valid"]]
    check(seen == want, "the DP received each packet's digest in turn")


run({"chain": chain})
