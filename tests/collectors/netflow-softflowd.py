#!/usr/bin/python3
"""netflow-softflowd.py - softflowd as the exporter, NetFlow v5, v9, IPFIX.

softflowd reads a deterministic test capture (collectlib.make_traffic) and
exports its flows with -v 5, -v 9 and -v 10 to a tee that hands every
datagram at once to `packter-agent --netflow` and keeps a copy.  The agent's
records must equal, in order, those made from tshark's decode of the copy
(-d udp.port==N,cflow); and the flows must be the capture's: v5 its IPv4
TCP/UDP/ICMP flows, v9 and IPFIX the IPv6 ones too.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("tshark", "softflowd")

ok = True
with tempfile.TemporaryDirectory() as tmp:
    cap = os.path.join(tmp, "traffic.pcap")
    cl.make_traffic(cap)
    # "-c none": no control socket.  softflowd 1.1.0 reading a file never
    # polls, yet looks at the control socket's poll result (uninitialised),
    # and may block in accept(2) for ever.
    for v in ("5", "9", "10"):
        a = cl.Agent("netflow")
        tee = cl.Tee(a)
        p = subprocess.Popen([cl.tool_path("softflowd"), "-d", "-r", cap,
                              "-n", "127.0.0.1:%d" % tee.port, "-v", v,
                              "-p", os.path.join(tmp, "softflowd.pid"),
                              "-c", "none"],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        tee.pump(p)
        if p.returncode != 0:
            cl.fail("softflowd -v %s exited with %d" % (v, p.returncode))
        a.sync()
        got = a.records()
        a.stop()
        sent = os.path.join(tmp, "v%s.pcap" % v)
        cl.payload_pcap(sent, tee.got, 2055)
        want = cl.netflow_expected(sent, 2055)
        ok &= cl.compare(got, want, "softflowd -v %s -> agent vs tshark" % v)
        # The flows of the capture: by endpoints and protocol class.
        ends = sorted(set(",".join(l.split(",")[:2]) for l in got))
        v4 = ["10.0.0.1,10.0.0.2", "10.0.0.2,10.0.0.1", "10.0.0.3,10.0.0.4",
              "10.0.0.4,10.0.0.3", "10.0.1.1,10.0.1.2", "10.0.0.5,10.0.0.6",
              "10.0.0.6,10.0.0.5", "10.0.0.7,10.0.0.8", "10.0.0.8,10.0.0.7",
              "10.0.0.9,10.0.0.10"]
        v6 = ["2001:db8::1,2001:db8::2", "2001:db8::2,2001:db8::1",
              "2001:db8::5,2001:db8::6", "2001:db8::3,2001:db8::4",
              "2001:db8::7,2001:db8::8", "2001:db8::8,2001:db8::7"]
        if ends != sorted(v4 + (v6 if v != "5" else [])):
            print("FAIL softflowd -v %s: flows between %s" % (v, ends))
            ok = False
sys.exit(0 if ok else 1)
