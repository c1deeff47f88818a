#!/usr/bin/python3
"""sflow-captures.py - real exporters' sFlow datagrams through the collector.

Every sFlow capture of ../shared/captures (akvorado's sflow-*.pcap: switches
and routers of several vendors, expanded samples, ICMP, QinQ, VXLAN; tcpdump's
sflow*.pcap: IPv6 agents, counter samples, a malformed datagram) is replayed,
datagram by datagram, to `packter-agent --sflow` over loopback; the records it
prints must equal, in order, those made from tshark's decode of the same
capture (collectlib.sflow_expected).
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("tshark")
caps = cl.need_captures()
files = sorted(glob.glob(os.path.join(caps, "flows", "akvorado", "sflow-*.pcap")) +
               glob.glob(os.path.join(caps, "tcpdump", "sflow*.pcap")))
if not files:
    cl.skip("no sFlow captures")

ok = True
for f in files:
    payloads = [(src, p) for src, sp, dp, p in cl.udp_payloads(f) if dp == 6343]
    want = cl.sflow_expected(f)
    a = cl.Agent("sflow")
    cl.replay(a, payloads)
    got = a.records()
    c = a.stop()
    ok &= cl.compare(got, want, os.path.basename(f))
    if cl.counter(c, "sflow", "datagrams") != len(payloads) + a.sentinels:
        print("FAIL %s: datagrams counted %d, sent %d" % (
            os.path.basename(f), cl.counter(c, "sflow", "datagrams"),
            len(payloads) + a.sentinels))
        ok = False
sys.exit(0 if ok else 1)
