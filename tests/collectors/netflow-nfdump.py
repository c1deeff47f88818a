#!/usr/bin/python3
"""netflow-nfdump.py - nfdump's tools as real NetFlow peers: a site's nfcapd
archive replayed into the agent draws what nfdump prints for it.

softflowd exports a deterministic capture (collectlib.make_traffic) as
NetFlow v9 to nfcapd, which writes an nfcapd file; `nfdump -r` of that file
is the oracle.  nfreplay then sends the file to `packter-agent --netflow`
as NetFlow v9 and as v5 (IPv4 only): the agent's records must be the
file's flows, endpoints, ports and protocol class each (ICMP: type and code
as the agent draws them, type x 256 and code x 256).

Synchronisation: nfcapd -E prints every flow it decodes, in order, so a
sentinel flow sent after softflowd has finished marks when all before it are
in; the agent's own sentinel does the same on the other side.
"""
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

cl.need_tool("softflowd", "nfcapd", "nfdump", "nfreplay")


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def read_until(p, buf, want):
    """Read p's stdout until want is in it (within cl.TIMEOUT)."""
    while want not in buf[0]:
        r, _, _ = select.select([p.stdout], [], [], cl.TIMEOUT)
        if not r:
            p.kill()
            cl.fail("nfcapd: no %r in %d s: %r" % (want, cl.TIMEOUT,
                                                   buf[0][-400:]))
        b = os.read(p.stdout.fileno(), 1 << 16)
        if not b:
            cl.fail("nfcapd exited: %r" % buf[0][-400:])
        buf[0] += b


PROTO = {"6": "TCP", "17": "UDP", "1": "ICMP", "58": "ICMP6"}


def flow_key(src, dst, sport, dport, proto):
    proto = PROTO.get(proto, proto)
    if proto in ("ICMP", "ICMP6"):
        return (src, dst, proto)
    return (src, dst, int(sport), int(dport), proto)


def agent_key(rec):
    f = rec.split(",", 5)
    desc = f[5]
    proto = "TCP" if " TCP " in " " + desc else "UDP" if " UDP " in \
        " " + desc else "ICMP6" if "ICMPv6" in desc else "ICMP"
    if proto.startswith("ICMP"):
        return (f[0], f[1], proto)
    return (f[0], f[1], int(f[2]), int(f[3]), proto)


ok = True
with tempfile.TemporaryDirectory() as tmp:
    cap = os.path.join(tmp, "traffic.pcap")
    cl.make_traffic(cap)
    flows = os.path.join(tmp, "flows")
    os.mkdir(flows)
    port = free_port()
    # stdbuf: nfcapd prints through stdio, block-buffered into a pipe.
    nc = subprocess.Popen(["stdbuf", "-oL", "nfcapd", "-w", flows, "-p", str(port), "-b",
                           "127.0.0.1", "-E", "-t", "3600"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = [b""]
    read_until(nc, out, b"Startup nfcapd.")
    sf = subprocess.run([cl.tool_path("softflowd"), "-d", "-r", cap, "-n",
                         "127.0.0.1:%d" % port, "-v", "9", "-p",
                         os.path.join(tmp, "sfd.pid"), "-c", "none"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if sf.returncode != 0:
        cl.fail("softflowd exited with %d" % sf.returncode)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(cl.netflow_sentinel(), ("127.0.0.1", port))
    read_until(nc, out, cl.SENTINEL_SRC.encode())
    nc.send_signal(signal.SIGTERM)
    nc.communicate(timeout=cl.TIMEOUT)
    files = [f for f in os.listdir(flows) if f.startswith("nfcapd.") and
             "current" not in f]
    if len(files) != 1:
        cl.fail("nfcapd wrote %r" % files)
    path = os.path.join(flows, files[0])
    nd = subprocess.run(["nfdump", "-r", path, "-q", "-N", "-o",
                         "fmt:%sa,%da,%sp,%dp,%pr"], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, check=True)
    want = []
    for line in nd.stdout.decode().splitlines():
        f = [x.strip() for x in line.split(",")]
        if len(f) != 5 or f[0] == cl.SENTINEL_SRC:
            continue
        # The capture's GRE flow: PACKTER draws TCP, UDP and ICMP only.
        if PROTO.get(f[4], f[4]) not in ("TCP", "UDP", "ICMP", "ICMP6"):
            continue
        want.append(flow_key(*f))
    if len(want) < 10:
        cl.fail("nfdump printed %d flows: %r" % (len(want),
                                                 nd.stdout[:400]))

    for v in ("9", "5"):
        a = cl.Agent("netflow")
        r = subprocess.run(["nfreplay", "-r", path, "-H", "127.0.0.1", "-p",
                            str(a.port), "-v", v, "-d", "100"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            cl.fail("nfreplay -v %s: %s" % (v, r.stderr.decode()))
        a.sync()
        got = sorted(agent_key(l) for l in a.records())
        a.stop()
        exp = sorted(k for k in want if v == "9" or ":" not in k[0])
        if got == exp:
            print("ok   nfreplay -v %s -> agent vs nfdump: %d flows" %
                  (v, len(got)))
        else:
            print("FAIL nfreplay -v %s: agent %r, nfdump %r" % (v, got, exp))
            ok = False
sys.exit(0 if ok else 1)
