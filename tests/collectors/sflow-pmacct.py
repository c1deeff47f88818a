#!/usr/bin/python3
"""sflow-pmacct.py - pmacct's sFlow probe as the exporter.

pmacctd reads a deterministic test capture (collectlib.make_traffic:
IPv4/IPv6 TCP, UDP, ICMP, ICMPv6, GRE) with its sfprobe plugin at sampling
rate 1 and exports sFlow v5 to a tee that hands every datagram at once to
`packter-agent --sflow` and keeps a copy.  The agent's records must equal,
in order, those made from tshark's decode of the copy; and, the sampled
headers being the capture's packets, the same addresses, ports and flags
as the agent's own records for the capture (-r).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("tshark", "pmacctd")

with tempfile.TemporaryDirectory() as tmp:
    cap = os.path.join(tmp, "traffic.pcap")
    npackets = cl.make_traffic(cap)
    a = cl.Agent("sflow")
    tee = cl.Tee(a)
    conf = os.path.join(tmp, "pmacctd.conf")
    with open(conf, "w") as f:
        f.write("daemonize: false\n"
                "pcap_savefile: %s\n"
                "plugins: sfprobe\n"
                "sfprobe_receiver: 127.0.0.1:%d\n"
                "sfprobe_agentip: 192.0.2.10\n"
                "sfprobe_sampling_rate: 1\n" % (cap, tee.port))
    p = subprocess.Popen([cl.tool_path("pmacctd"), "-f", conf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tee.pump(p)
    a.sync()
    got = a.records()
    counters = a.stop()

    sent = os.path.join(tmp, "sflow.pcap")
    cl.payload_pcap(sent, tee.got, 6343)
    want = cl.sflow_expected(sent)
    ok = cl.compare(got, want, "pmacctd sfprobe -> agent vs tshark")

    # The samples are the capture's packets: compare with -r.
    r = subprocess.run([cl.AGENT, "-q", "-n", "-r", cap],
                       stdout=subprocess.PIPE, check=True)
    direct = [l for l in r.stdout.decode().split("\n")
              if l and not l.startswith("TIME ") and l != "PACKTER" and
              not l.startswith("PACKTERTIME ")]
    key = lambda l: ",".join(l.split(",")[:5])
    ok &= cl.compare([key(l) for l in got], [key(l) for l in direct],
                     "sampled headers vs the capture read with -r")
    if len(got) < 25:
        cl.fail("only %d records from pmacctd" % len(got))
    if cl.counter(counters, "sflow", "raw-headers") != npackets:
        print("FAIL raw headers counted %d, %d packets sampled at 1:1" % (
            cl.counter(counters, "sflow", "raw-headers"), npackets))
        ok = False
sys.exit(0 if ok else 1)
