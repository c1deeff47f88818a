#!/usr/bin/python3
"""gen-flow-captures.py - make the flow-export captures of tests/data/flows.

    tests/tools/gen-flow-captures.py OUTDIR

Writes the test traffic of tests/collectors/collectlib.py (make_traffic:
IPv4/IPv6 TCP with SYN, FIN and RST, UDP, ICMP, ICMPv6, GRE) to a scratch
capture, lets real exporters read it and export its flows to a UDP socket
here, and writes the datagrams they sent, in order, as Ethernet/IPv4/UDP
pcap files:

    softflowd-v5.pcap  softflowd-v9.pcap  softflowd-v10.pcap  (softflowd -v N)
    pmacct-nfprobe-v9.pcap  pmacct-nfprobe-v10.pcap  (pmacctd, nfprobe)
    pmacct-sfprobe.pcap  (pmacctd, sfprobe at 1:1, to port 6343)

NetFlow and IPFIX datagrams go to UDP port 2055, sFlow to 6343, from
192.0.2.1 (softflowd) and 192.0.2.2 (pmacctd).  Needs softflowd, pmacctd
and scapy.  The files are committed: run this only to make them again (the
exporters' clocks go into the datagrams, so every run gives other bytes).
"""
import os
import select
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "collectors"))
import collectlib as cl  # noqa: E402


def collect(cmd, sock):
    """Run cmd; every datagram it sends to sock until it exits."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    got = []
    while True:
        done = p.poll() is not None
        r, _, _ = select.select([sock], [], [], 0 if done else 0.1)
        if r:
            got.append(sock.recv(65535))
        elif done:
            break
    if p.returncode != 0:
        sys.exit("%s exited with %d" % (cmd[0], p.returncode))
    if not got:
        sys.exit("%s sent nothing" % " ".join(cmd))
    return got


def write(path, src, port, datagrams):
    cl.write_pcap(path, [(1700000000.0 + i * 1e-3,
                          cl.udp_frame(d, src=src, dst="192.0.2.100",
                                       sport=40000, dport=port))
                         for i, d in enumerate(datagrams)])
    print("%s: %d datagrams" % (path, len(datagrams)))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-flow-captures.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cap = os.path.join(tmp, "traffic.pcap")
        cl.make_traffic(cap)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        # "-c none": see tests/collectors/netflow-softflowd.py.
        for v in ("5", "9", "10"):
            got = collect([cl.tool_path("softflowd"), "-d", "-r", cap,
                           "-n", "127.0.0.1:%d" % port, "-v", v,
                           "-p", os.path.join(tmp, "softflowd.pid"),
                           "-c", "none"], s)
            write(os.path.join(out, "softflowd-v%s.pcap" % v), "192.0.2.1",
                  2055, got)
        probes = (("nfprobe-v9", "nfprobe", "nfprobe_receiver: 127.0.0.1:%d\n"
                   "nfprobe_version: 9\n", 2055),
                  ("nfprobe-v10", "nfprobe", "nfprobe_receiver: 127.0.0.1:%d\n"
                   "nfprobe_version: 10\n", 2055),
                  ("sfprobe", "sfprobe", "sfprobe_receiver: 127.0.0.1:%d\n"
                   "sfprobe_agentip: 192.0.2.2\n"
                   "sfprobe_sampling_rate: 1\n", 6343))
        for name, plugin, conf, dport in probes:
            path = os.path.join(tmp, name + ".conf")
            with open(path, "w") as f:
                f.write("daemonize: false\npcap_savefile: %s\n"
                        "plugins: %s\n" % (cap, plugin) + conf % port)
            got = collect([cl.tool_path("pmacctd"), "-f", path], s)
            write(os.path.join(out, "pmacct-%s.pcap" % name), "192.0.2.2",
                  dport, got)


if __name__ == "__main__":
    main()
