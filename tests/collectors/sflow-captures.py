#!/usr/bin/python3
"""sflow-captures.py - real exporters' sFlow datagrams through the collector.

Every sFlow capture carried in tests/data (tcpdump's sflow*.pcap: IPv6
agents, counter samples, expanded samples, a malformed datagram; pmacct's
sfprobe exporting our test traffic, flows/pmacct-sfprobe.pcap), and, when
PACKTER_FLOW_CAPTURES names their folder, akvorado's sflow-*.pcap (switches
and routers of several vendors, ICMP, QinQ, VXLAN; not carried: AGPL), is
replayed, datagram by datagram, to `packter-agent --sflow` over loopback;
the records it prints must equal, in order, those made from tshark's decode
of the same capture (collectlib.sflow_expected).
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("tshark")
files = cl.data_files("tcpdump", "sflow*.pcap") + \
    cl.data_files("flows", "*sfprobe*.pcap")
vendor = cl.vendor_captures()
if vendor is not None:
    more = sorted(glob.glob(os.path.join(vendor, "akvorado", "sflow-*.pcap")))
    if not more:
        cl.fail("no akvorado/sflow-*.pcap under " + vendor)
    files += more

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
