#!/usr/bin/python3
"""netflow-captures.py - exporters' NetFlow v5/v9 and IPFIX datagrams
through the collector.

Each case replays the UDP payloads of one or more captures to
`packter-agent --netflow` over loopback, one loopback address per original
exporter.  Carried in tests/data/flows: softflowd (v5, v9, IPFIX) and
pmacct's nfprobe (v9, IPFIX; templates and data in the first datagram, data
alone after it) exporting our test traffic, and pmacct's datagrams played
last first, so that the records come from data the agent held until the
template came.  When PACKTER_FLOW_CAPTURES names their folder (not carried:
AGPL and GPL), also real routers' captures: akvorado's (routers and probes
of several vendors, templates and data in separate files, options
templates, sampling, ICMP, MPLS, NAT) and pmacct's (Cisco and Huawei
NetFlow v9 and IPFIX, several sources, IPv6 exporters, options maps
re-assigned).  The records must equal, in order, those made from tshark's
decode of the datagrams as sent (collectlib.netflow_expected).
"""
import glob
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("tshark")


def payloads_of(files):
    out = []
    for f in files:
        out += [(src, p) for src, sp, dp, p in cl.udp_payloads(f)]
    return out


# (name, [(src, payload)])
cases = []
for f in cl.data_files("flows", "softflowd-*.pcap") + \
        cl.data_files("flows", "pmacct-nfprobe-*.pcap"):
    cases.append((os.path.basename(f), payloads_of([f])))
for f in cl.data_files("flows", "pmacct-nfprobe-*.pcap"):
    p = payloads_of([f])
    if len(p) < 2:
        cl.fail(f + ": want a template datagram and data after it")
    cases.append((os.path.basename(f) + " last first", p[::-1]))

vendor = cl.vendor_captures()
if vendor is not None:
    ak = os.path.join(vendor, "akvorado")
    pm = os.path.join(vendor, "pmacct")
    lists = [
        ["netflow-nfv5.pcap"],
        ["netflow-data+templates.pcap"],
        ["netflow-template.pcap", "netflow-data.pcap"],
        ["netflow-data.pcap", "netflow-template.pcap"],        # data waits
        ["netflow-datalink-template.pcap", "netflow-datalink-data.pcap"],
        ["netflow-ethernet-over-mpls-with-control-word-template.pcap",
         "netflow-ethernet-over-mpls-with-control-word-data.pcap"],
        ["netflow-icmp-template.pcap", "netflow-icmp-data.pcap"],
        ["netflow-ipfix-srv6-template.pcap", "netflow-ipfix-srv6-data.pcap"],
        ["netflow-ipfixprobe-templates.pcap", "netflow-ipfixprobe-data.pcap"],
        ["netflow-juniper-cpid-template.pcap",
         "netflow-juniper-cpid-data.pcap"],
        ["netflow-mpls.pcap"],
        ["netflow-multiplesamplingrates-options-template.pcap",
         "netflow-multiplesamplingrates-options-data.pcap",
         "netflow-multiplesamplingrates-template.pcap",
         "netflow-multiplesamplingrates-data.pcap"],
        ["netflow-nat.pcap"],
        ["netflow-options-template.pcap", "netflow-options-data.pcap"],
        ["netflow-physicalinterfaces.pcap"],
        ["netflow-samplingrate-template.pcap",
         "netflow-samplingrate-data.pcap"],
    ]
    lists = [[os.path.join(ak, f) for f in c] for c in lists]
    multi = sorted(glob.glob(os.path.join(pm, "110-*.pcap")))
    lists += [[f] for f in sorted(glob.glob(os.path.join(pm, "*.pcap")))
              if f not in multi]
    if multi:
        lists.append(multi)
    missing = [f for c in lists for f in c if not os.path.exists(f)]
    if missing:
        cl.fail("vendor captures missing: " + " ".join(missing))
    cases += [("+".join(os.path.basename(f) for f in c), payloads_of(c))
              for c in lists]

ok = True
total = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, payloads in cases:
        a = cl.Agent("netflow")
        src_map = {}
        sent = [(src_map.setdefault(s, "127.0.0.%d" % (len(src_map) + 1)), p)
                for s, p in payloads]
        cl.replay(a, sent, src_map={s: s for s, _ in sent})
        got = a.records()
        counters = a.stop()
        pc = os.path.join(tmp, "sent.pcap")
        cl.payload_pcap(pc, sent, a.port)
        want = cl.netflow_expected(pc, a.port)
        ok &= cl.compare(got, want, name)
        total += len(got)
        n = cl.counter(counters, "netflow", "datagrams")
        if n != len(payloads) + a.sentinels:
            print("FAIL %s: %d datagrams counted, %d sent" % (
                name, n, len(payloads) + a.sentinels))
            ok = False
if total == 0:
    cl.fail("no records at all")
sys.exit(0 if ok else 1)
