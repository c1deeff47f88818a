#!/usr/bin/python3
"""netflow-collisions.py - the NetFlow/IPFIX template cache under attack:
keys that all fell into one hash bucket of the unkeyed hash the cache used
before (FNV-1a, 4096 buckets), a cache filled to its cap, and datagrams of
as many lookups as fit.

The keys are computed as an attacker computes them (well under a second,
below): 16 exporter addresses x 1024 templates, all in bucket 0 of the old
hash, then datagrams of 16,000 empty data sets whose template IDs also fall
in bucket 0 but were never learnt, so that each set walked the whole chain
of 16,384 templates (about 0.84 s of CPU per datagram with the old cache,
the agent's one loop stalled for every source).  With SipHash and a key of
the agent's own, the same keys spread over the buckets:

  - every one of the 16,384 templates is learnt, none refused for a full
    chain, and no chain is longer than NF_MAX_CHAIN (32);
  - 200 datagrams of 250 such sets each (under the cap on sets, so that
    only the hash is at work) and 10 datagrams of 16,372 (where the cap
    works too: read up to NF_MAX_SETS, 256, sets each, the rest skipped and
    counted) cost the agent little CPU time (from /proc/PID/stat, as
    times(2) gives it): each run stays under a tenth of what the old cache
    spent on it on the development machine (1.6 s and 5.2 s), a bound the
    old cache breaks tenfold and the new one keeps with a margin of more
    than ten on a loaded machine;
  - with the cache full, a new exporter still gets in: the least recently
    used exporter goes with its 1024 templates, and one whose templates
    decoded data a moment before stays.

The CPU figures are printed for the record (the bound is the only timed
assertion, on CPU time and not on wall time).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collectlib as cl

SECS = 1700000000
P = 16777619 % 4096             # FNV's prime, modulo the old bucket count
PINV = pow(P, -1, 4096)
EXPORTERS = 16
PER_EXPORTER = 1024             # NF_MAX_PER_EXPORTER
SMALL_DATAGRAMS, SMALL_SETS = 200, 250
SMALL_BOUND = 0.16              # s of CPU for them (old cache: 1.6 s)
ATTACK_DATAGRAMS = 10
CPU_BOUND = 0.52                # s of CPU for them (old cache: 5.2 s)


def fnv(h, data):
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def old_bucket(addr, version, tid, domain):
    """netflow-templates.c before: key_hash(k) % NF_BUCKETS."""
    h = fnv(fnv(2166136261, b"\x04"), addr)
    return fnv(h, bytes([version]) + struct.pack(">HI", tid, domain) +
               b"\0") % 4096


def colliding_ids(addr, domain, version=10):
    """Template IDs (>= 256) of (addr, domain) in bucket 0 of the old hash.
    FNV-1a's low 12 bits depend only on the low 12 bits of its state, and
    each step is a bijection of them, so the state the ID must leave is
    found backwards from 0 through the five bytes after it, and for each
    high byte of the ID at most one low byte gets there."""
    s = fnv(fnv(fnv(2166136261, b"\x04"), addr), bytes([version])) % 4096
    t = 0
    for b in reversed(struct.pack(">I", domain) + b"\0"):
        t = ((t * PINV) % 4096) ^ b
    u = (t * PINV) % 4096               # the state before the ID's low byte
    ids = []
    for hi in range(1, 256):
        a = ((s ^ hi) * P) % 4096
        lo = a ^ u
        if lo < 256:
            ids.append(hi << 8 | lo)
    return ids


def ipfix(sets, domain):
    body = b"".join(sets)
    return struct.pack(">HHIII", 10, 16 + len(body), SECS, 1, domain) + body


T4 = struct.pack(">HHHHHHHHHHHHHHHH", 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1,
                 2, 4, 1, 4)


def tset(ids):
    body = b"".join(struct.pack(">HH", t, 8) + T4 for t in ids)
    return struct.pack(">HH", 2, 4 + len(body)) + body


def dset(tid, records=()):
    body = b"".join(records)
    return struct.pack(">HH", tid, 4 + len(body)) + body


def r4(s, d, sp, dp):
    return struct.pack(">4s4sHHBBII", bytes(map(int, s.split("."))),
                       bytes(map(int, d.split("."))), sp, dp, 6, 2, 3, 300)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")


def tcp(exp, s="10.0.0.1", d="10.0.0.2", sp=1000, dp=80):
    return ("%s,%s,%d,%d,1,IPFIX exporter=%s packets=3 bytes=300 "
            "TCP src:%s(%d) dst:%s(%d)" % (s, d, sp, dp, exp, s, sp, d, dp))


# --- the keys -------------------------------------------------------------
learning = []                   # (source, datagram)
first = {}                      # exporter -> (domain, id) of its first one
for e in range(1, EXPORTERS + 1):
    src = "127.0.0.%d" % e
    addr = bytes([127, 0, 0, e])
    n, domain = 0, 1
    while n < PER_EXPORTER:
        ids = colliding_ids(addr, domain)[:PER_EXPORTER - n]
        if ids:
            learning.append((src, ipfix([tset(ids)], domain)))
            first.setdefault(src, (domain, ids[0]))
            n += len(ids)
        domain += 1
assert all(old_bucket(bytes([127, 0, 0, 1]), 10, t, d) == 0
           for d in (1, 2, 3) for t in colliding_ids(bytes([127, 0, 0, 1]), d))
attacker, adomain = "127.0.0.%d" % (EXPORTERS + 1), 999
aids = colliding_ids(bytes([127, 0, 0, EXPORTERS + 1]), adomain)
nsets = (65507 - 16) // 4
attack = ipfix([dset(aids[i % len(aids)]) for i in range(nsets)], adomain)
small = ipfix([dset(aids[i % len(aids)]) for i in range(SMALL_SETS)], adomain)
print("keys: %d templates from %d exporters and %d attack IDs, all in "
      "bucket 0 of the old hash; attack datagrams of %d bytes, %d sets" % (
          PER_EXPORTER * EXPORTERS, EXPORTERS, len(aids), len(attack), nsets))

# --- the attack -------------------------------------------------------------
c = cl.Checker()
a = cl.Agent("netflow")
t0 = cpu_seconds(a.p.pid)
cl.replay(a, learning, src_map={s: s for s, _ in learning}, sync_every=50)
t1 = cpu_seconds(a.p.pid)
cl.replay(a, [(attacker, small)] * SMALL_DATAGRAMS, src_map={attacker:
                                                           attacker})
t2 = cpu_seconds(a.p.pid)
for i in range(ATTACK_DATAGRAMS):
    a.send(attack, attacker)
    a.sync()
t3 = cpu_seconds(a.p.pid)
learn_cpu, small_cpu, attack_cpu = t1 - t0, t2 - t1, t3 - t2
print("CPU: learning %d templates %.3f s; %d datagrams of %d sets %.3f s; "
      "%d datagrams of %d sets %.3f s" % (
          PER_EXPORTER * EXPORTERS, learn_cpu, SMALL_DATAGRAMS, SMALL_SETS,
          small_cpu, ATTACK_DATAGRAMS, nsets, attack_cpu))
c.eq(small_cpu < SMALL_BOUND, True, "%d sets a datagram: CPU %.3f s < %.2f s"
     % (SMALL_SETS, small_cpu, SMALL_BOUND))
c.eq(attack_cpu < CPU_BOUND, True, "%d sets a datagram: CPU %.3f s < %.2f s"
     % (nsets, attack_cpu, CPU_BOUND))

# The cache is full.  Exporter 1 decodes data; a new exporter comes: the
# least recently used one (2) goes, 1 stays.
d1, t1id = first["127.0.0.1"]
d2, t2id = first["127.0.0.2"]
a.send(ipfix([dset(t1id, [r4("10.0.0.1", "10.0.0.2", 1000, 80)])], d1),
       "127.0.0.1")
GOOD = ipfix([tset([256]), dset(256, [r4("10.0.0.3", "10.0.0.4", 1001, 443)])],
             1)
a.send(GOOD, "127.0.0.99")
a.send(ipfix([dset(t2id, [r4("10.0.0.5", "10.0.0.6", 1002, 22)])], d2),
       "127.0.0.2")
a.send(ipfix([dset(t1id, [r4("10.0.0.1", "10.0.0.2", 1000, 80)])], d1),
       "127.0.0.1")
a.sync()
recs = a.records()
cnt = a.stop()
c.records(recs, [tcp("127.0.0.1"),
                 tcp("127.0.0.99", "10.0.0.3", "10.0.0.4", 1001, 443),
                 tcp("127.0.0.1")],
          "a full cache: a new exporter gets in, the one in use stays")


def n(name):
    return cl.counter(cnt, "netflow", name)


c.eq(n("templates-learnt"), PER_EXPORTER * EXPORTERS + 1, "templates-learnt")
c.eq(n("templates-refused-hash-chain"), 0, "no chain filled")
c.eq(0 < n("hash-chain-max") <= 32, True,
     "hash-chain-max %d <= NF_MAX_CHAIN" % n("hash-chain-max"))
c.eq(n("datagrams-over-set-cap"), ATTACK_DATAGRAMS, "datagrams-over-set-cap")
c.eq(n("data-sets-without-template"),
     SMALL_DATAGRAMS * SMALL_SETS + ATTACK_DATAGRAMS * 256 + 1,
     "data-sets-without-template")
c.eq(n("exporters-evicted"), 1, "exporters-evicted")
c.eq(n("templates-evicted-with-exporter"), PER_EXPORTER,
     "templates-evicted-with-exporter")
c.eq(n("templates-known"), PER_EXPORTER * (EXPORTERS - 1) + 1,
     "templates-known")
c.done()
