#!/usr/bin/python3
"""anon-test.py - packter-agent --anonymise against an independent
Crypto-PAn written here with python3-cryptography's AES (not our C code):

- every address of every record, IPv4 and IPv6, is the oracle's mapping of
  the address the same agent sends without --anonymise;
- addresses in descriptions are mapped the same way; no original address
  is left anywhere in the output;
- --anonymise-keep CIDR leaves those addresses as they are, maps the rest;
- with -T the SPIE digests are the same as without --anonymise (the digest
  is of the packet as captured);
- a key file others can read, a short key, or --anonymise-keep alone are
  refused (exit 2).
"""

import ipaddress
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenttest as at  # noqa: E402

from cryptography.hazmat.primitives.ciphers import (  # noqa: E402
    Cipher, algorithms, modes)

KEY = bytes([21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144,
             125, 16, 216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45,
             42, 132, 34, 2])


class Oracle:
    """Crypto-PAn as the paper writes it, bit by bit."""

    def __init__(self, key):
        self.enc = Cipher(algorithms.AES(key[:16]), modes.ECB()).encryptor()
        self.pad = int.from_bytes(self.aes(key[16:]), "big")

    def aes(self, block):
        return self.enc.update(block)

    def map(self, addr):
        a = ipaddress.ip_address(addr)
        bits = a.max_prefixlen
        x = int(a) << (128 - bits)            # as the first bits of 128
        flip = 0
        for i in range(bits):
            mask = ((1 << i) - 1) << (128 - i) if i else 0
            block = (x & mask) | (self.pad & ~mask & ((1 << 128) - 1))
            out = self.aes(block.to_bytes(16, "big"))
            flip = flip << 1 | (out[0] >> 7)
        return str(ipaddress.ip_address(int(a) ^ flip))


# Addresses as the records and the agent's descriptions write them.
ADDR = re.compile(r"(?:^|[,\s]|src:|dst:)([0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*)"
                  r"(?=[,(\s]|$)", re.M)


def addresses_in(text):
    out = []
    for w in ADDR.findall(text):
        try:
            out.append(str(ipaddress.ip_address(w)))
        except ValueError:
            pass
    return out


def main():
    ck = at.Checker("anon")
    oracle = Oracle(KEY)
    caps = at.captures_dir(["mixed.pcap", "ipv6-addrs.pcap",
                            "traceback.pcap"])
    with tempfile.TemporaryDirectory() as d:
        kf = os.path.join(d, "cryptopan.key")
        with open(kf, "w") as f:
            f.write(KEY[:16].hex() + "\n" + KEY[16:].hex() + "\n")
        os.chmod(kf, 0o600)

        for cap in ("mixed.pcap", "ipv6-addrs.pcap"):
            path = os.path.join(caps, cap)
            rc, clear, _ = at.run_agent(["-r", path, "--fast", "-n", "-q"])
            ck.eq(rc, 0, "%s: clear run" % cap)
            rc, anon, err = at.run_agent(["-r", path, "--fast", "-n", "-q",
                                          "--anonymise", kf])
            ck.eq(rc, 0, "%s: --anonymise run (%s)" % (cap, err.strip()))
            want_recs = at.all_records(clear)
            got_recs = at.all_records(anon)
            ck.eq(len(got_recs), len(want_recs), "%s: records" % cap)
            originals = set()
            bad = 0
            for w, g in zip(want_recs, got_recs):
                originals.update((w[0], w[1]))
                for k in (0, 1):
                    if g[k] != oracle.map(w[k]):
                        bad += 1
                ck.check(g[2:5] == w[2:5], "%s: ports and flag kept" % cap)
                # The description, with its addresses mapped too.
                want_desc = re.sub(
                    r"(src:|dst:)([0-9A-Fa-f.:]+)(?=[( ]|$)",
                    lambda m: m.group(1) + oracle.map(m.group(2)), w[5])
                ck.eq(g[5], want_desc, "%s: description" % cap)
            ck.eq(bad, 0, "%s: addresses that differ from the oracle" % cap)
            left = [a for a in addresses_in(anon.decode()) if a in originals]
            ck.eq(left, [], "%s: original addresses in the output" % cap)

        # Kept in the clear: the source network of mixed.pcap.
        path = os.path.join(caps, "mixed.pcap")
        rc, clear, _ = at.run_agent(["-r", path, "--fast", "-n", "-q"])
        src4 = next(r[0] for r in at.all_records(clear) if "." in r[0])
        net = str(ipaddress.ip_network(src4 + "/24", strict=False))
        rc, anon, _ = at.run_agent(["-r", path, "--fast", "-n", "-q",
                                    "--anonymise", kf,
                                    "--anonymise-keep", net])
        ck.eq(rc, 0, "--anonymise-keep run")
        kept = mapped = 0
        for w, g in zip(at.all_records(clear), at.all_records(anon)):
            for k in (0, 1):
                inside = ipaddress.ip_address(w[k]) in \
                    ipaddress.ip_network(net)
                if inside:
                    kept += ck.check(g[k] == w[k], "%s kept" % w[k])
                else:
                    mapped += ck.check(g[k] == oracle.map(w[k]),
                                       "%s mapped" % w[k])
        ck.check(kept > 0 and mapped > 0, "both kept (%d) and mapped (%d)" %
                 (kept, mapped))

        # Traceback digests: of the packet as captured.
        path = os.path.join(caps, "traceback.pcap")
        rc, clear, _ = at.run_agent(["-r", path, "--fast", "-n", "-q",
                                     "-T", "192.0.2.77"])
        rc2, anon, _ = at.run_agent(["-r", path, "--fast", "-n", "-q",
                                     "-T", "192.0.2.77", "--anonymise", kf])
        ck.eq((rc, rc2), (0, 0), "-T runs")
        ck.eq([r[5] for r in at.all_records(anon)],
              [r[5] for r in at.all_records(clear)],
              "-T digests the same with --anonymise")

        # Refusals.
        os.chmod(kf, 0o644)
        rc, _, err = at.run_agent(["-r", path, "-n", "--anonymise", kf])
        ck.check(rc == 2 and "chmod 600" in err, "readable key refused: %r" %
                 err)
        os.chmod(kf, 0o600)
        with open(kf, "w") as f:
            f.write("0011\n")
        rc, _, err = at.run_agent(["-r", path, "-n", "--anonymise", kf])
        ck.check(rc == 2 and "64 hex digits" in err, "short key refused: %r"
                 % err)
        rc, _, err = at.run_agent(["-r", path, "-n", "--anonymise-keep",
                                   "10.0.0.0/8"])
        ck.eq(rc, 2, "--anonymise-keep alone refused")
    ck.done()


if __name__ == "__main__":
    main()
