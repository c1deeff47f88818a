#!/usr/bin/python3
"""interop.py - common/auth.c against Python's hmac, both ways.

tests/auth/auth-tool signs, computes MACs and verifies datagrams; this script
does the same with nothing but the hmac module and the rules of
docs/protocol.md section 7, over a few hundred generated cases (random keys
in both key-file forms, ids, times up to 2^63-1, payloads of every kind with
CRLF, inner and trailing NULs, the line in the old form or the sequenced one
with boot ids and sequence numbers up to 2^64-1):

  - what auth-tool signs, Python verifies (line syntax, MAC, payload intact);
  - what Python signs, auth-tool accepts; a changed byte is bad-mac, the same
    datagram again a replay, another id unknown-id; the window's edges; the
    same payload under the next sequence number is new, under an earlier
    boot id old-boot;
  - key files: mode 644 refused with the fix in the message, 600 read as
    Python reads it, another owner refused (when root);
  - tests/auth/hmac-vectors.h is what tests/auth/hmac-vectors.py makes.
"""
import hashlib
import hmac
import os
import random
import re
import subprocess
import sys
import tempfile

SRC = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BUILD = os.environ.get("top_builddir") or SRC
TOOL = os.path.join(BUILD, "tests", "auth", "auth-tool")
sys.path.insert(0, os.path.join(SRC, "tests", "auth"))
sys.dont_write_bytecode = True

vectors = __import__("hmac-vectors")

LINE = re.compile(rb"\APACKTERAGENT ([^,\s]{1,64}),(0|[1-9][0-9]*),([0-9a-f]{64})"
                  rb"(?:,([0-9a-f]{16}),(0|[1-9][0-9]*))?\n")
failures = 0


def fail(msg):
    global failures
    failures += 1
    if failures <= 20:
        print("FAIL:", msg)


def tool(*args, stdin=b"", ok=True):
    p = subprocess.run([TOOL] + [a if isinstance(a, bytes) else str(a) for a in args],
                       input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if ok and p.returncode != 0:
        fail("auth-tool %s: exit %d: %s" % (args[0], p.returncode, p.stderr.decode(errors="replace")))
    return p


def tail_of(seq):
    """",<boot>,<seq>" of the sequenced form; seq is None or (boot, seq)."""
    return b"" if seq is None else b",%016x,%d" % seq


def mac_of(key, agent_id, t, part, seq=None):
    return hmac.new(key, b"%s,%d%s\n" % (agent_id, t, tail_of(seq)) + part,
                    hashlib.sha256).hexdigest()


def line_of(key, agent_id, t, part, seq=None):
    return b"PACKTERAGENT %s,%d,%s%s\n" % (agent_id, t, mac_of(key, agent_id, t, part, seq).encode(),
                                           tail_of(seq))


def seq_args(seq):
    return [] if seq is None else ["-b", "%x" % seq[0], "-n", seq[1]]


def write(path, data, mode=0o600):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def random_case(rng):
    key = bytes(rng.randrange(256) for _ in range(rng.randrange(18, 300)))
    if rng.random() < 0.5:
        keyfile = b"hex:" + (key.hex().upper() if rng.random() < 0.3 else key.hex()).encode()
    else:
        keyfile = key
    keyfile += rng.choice([b"", b"\n", b"\r\n"])
    key = vectors.key_from_file(keyfile)
    # No comma (the line's separator), no "=" (--agent-key ID=KEYFILE).
    idchars = bytes(c for c in range(0x21, 0x7f) if c not in (0x2c, 0x3d))
    agent_id = bytes(rng.choice(idchars) for _ in range(rng.randrange(1, 65)))
    if rng.random() < 0.1:
        agent_id = "agént-東京".encode()
    t = rng.choice([0, 1, 1700000000 + rng.randrange(10**6),
                    rng.randrange(2**62), 2**63 - 1])
    kind = rng.randrange(5)
    if kind == 0:
        payload = b"PACKTER\n" + b"".join(
            b"192.0.2.%d,2001:db8::%x,%d,%d,%d,d%d\n" % (rng.randrange(256), rng.randrange(65536),
                                                         rng.randrange(65536), rng.randrange(65536),
                                                         rng.randrange(10), i)
            for i in range(rng.randrange(1, 60)))
    elif kind == 1:
        payload = b"PACKTERMSG\r\npic.png,<b>alert</b>\r\n"
    elif kind == 2:
        payload = b"PACKTERSOUND\n" + b"%d,a.wav" % rng.randrange(-9999, 9999)
    elif kind == 3:
        payload = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000)))
        payload = payload.lstrip(b"\r\n\t ")
    else:
        payload = b"PACKTERVOICE\nwith\0inner NUL\n"
    if rng.random() < 0.2:
        payload += b"\0" * rng.randrange(1, 5)
    seq = None
    if rng.random() < 0.6:
        seq = (rng.choice([0, 1, rng.randrange(2**64), 2**64 - 1]),
               rng.choice([0, 1, rng.randrange(2**32), rng.randrange(2**64), 2**64 - 2]))
    return keyfile, key, agent_id, t, payload, seq


def check_sign(d, case, n):
    keyfile, key, agent_id, t, payload, seq = case
    kf = write(os.path.join(d, "k%d" % n), keyfile)
    p = tool("sign", "-k", kf, "-i", agent_id, "-t", t, *seq_args(seq), stdin=payload)
    if p.returncode != 0:
        return
    m = LINE.match(p.stdout)
    if not m:
        fail("case %d: bad line %r" % (n, p.stdout[:200]))
        return
    if m.group(1) != agent_id or int(m.group(2)) != t:
        fail("case %d: id/time %r" % (n, m.groups()[:2]))
    got_seq = None if m.group(4) is None else (int(m.group(4), 16), int(m.group(5)))
    if got_seq != seq:
        fail("case %d: boot/seq %r, want %r" % (n, got_seq, seq))
    if p.stdout[m.end():] != payload:
        fail("case %d: payload changed" % n)
    want = mac_of(key, agent_id, t, payload.rstrip(b"\0"), seq)
    if m.group(3).decode() != want:
        fail("case %d: sign: MAC %s, Python says %s" % (n, m.group(3).decode(), want))
    p = tool("mac", "-k", kf, "-i", agent_id, "-t", t, *seq_args(seq), stdin=payload)
    if p.stdout.strip().decode() != mac_of(key, agent_id, t, payload, seq):
        fail("case %d: mac differs from Python" % n)


def check_verify(d, case, n, rng):
    keyfile, key, agent_id, t, payload, seq = case
    t = min(t, 2**62)
    if seq is not None:
        seq = (seq[0], min(seq[1], 2**64 - 2))
    kf = write(os.path.join(d, "v%d" % n), keyfile)
    part = payload.rstrip(b"\0")
    line = line_of(key, agent_id, t, part, seq)
    good = write(os.path.join(d, "good%d" % n), line + payload)
    body = bytearray(line + payload)
    i = len(line) + rng.randrange(len(part)) if part else len(line) - 2
    body[i] ^= 1 << rng.randrange(8)
    if i == len(line) - 2:
        body[i] = ord("0") if body[i] != ord("0") else ord("1")
    bad = write(os.path.join(d, "bad%d" % n), bytes(body))
    other = write(os.path.join(d, "other%d" % n),
                  line_of(key, b"x" + agent_id[:63], t, part, seq) + payload)
    spec = agent_id + b"=" + kf.encode()
    files, want = [good, bad, good, other], ["ok", "bad-mac", "replay", "unknown-id"]
    if seq is not None:
        # The same payload, the next number: new.  Another boot id at an
        # earlier time: a boot the agent has left.
        files.append(write(os.path.join(d, "next%d" % n),
                           line_of(key, agent_id, t, part, (seq[0], seq[1] + 1)) + payload))
        want.append("ok")
        if t > 0:
            files.append(write(os.path.join(d, "boot%d" % n),
                               line_of(key, agent_id, t - 1, part, (seq[0] ^ 1, 0)) + payload))
            want.append("old-boot")
    p = tool("verify", "-t", t, "-a", spec, *files)
    got = [l.split()[-1] for l in p.stdout.decode().splitlines()]
    if got != want:
        fail("case %d: verify %s, want %s" % (n, got, want))
    for now, res in ((t + 300, "ok"), (t + 301, "too-old"), (t - 300, "ok"), (t - 301, "too-new")):
        if now < 0:
            continue
        p = tool("verify", "-t", now, "-a", spec, good)
        r = p.stdout.decode().split()[-1:] or ["?"]
        if r[0] != res:
            fail("case %d: now=t%+d: %s, want %s" % (n, now - t, r[0], res))


def check_keyfiles(d):
    kf = write(os.path.join(d, "perm"), b"hex:" + b"ab" * 20 + b"\n", 0o644)
    p = tool("key", kf, ok=False)
    if p.returncode != 1 or b"chmod 600" not in p.stderr:
        fail("mode 644: exit %d, %r" % (p.returncode, p.stderr))
    for mode in (0o640, 0o604, 0o620, 0o602, 0o660):
        os.chmod(kf, mode)
        if tool("key", kf, ok=False).returncode != 1:
            fail("mode %o accepted" % mode)
    os.chmod(kf, 0o600)
    p = tool("key", kf)
    if p.stdout.decode().split() != ["20", "ab" * 20]:
        fail("mode 600: %r" % p.stdout)
    if os.geteuid() == 0:
        os.chown(kf, 65534, 65534)
        p = tool("key", kf, ok=False)
        if p.returncode != 1 or b"owned by uid 65534" not in p.stderr:
            fail("owner 65534: exit %d, %r" % (p.returncode, p.stderr))
    # The viewer's option names the file that is wrong.
    kf = write(os.path.join(d, "perm2"), b"0123456789abcdef\n", 0o644)
    p = tool("verify", "-t", 1, "-a", "a=" + kf, kf, ok=False)
    if p.returncode != 1 or kf.encode() not in p.stderr:
        fail("--agent-key with mode 644: %r" % p.stderr)


def check_policy(d):
    """The viewer's policy through auth-tool's options (-r, -c, -w)."""
    key = b"0123456789abcdef0123"
    kf = write(os.path.join(d, "pk"), key + b"\n")
    spec = "p1=" + kf
    rec = write(os.path.join(d, "rec"), b"PACKTER\n192.0.2.1,192.0.2.2,1,2,0,x\n")
    ctl = write(os.path.join(d, "ctl"), b"PACKTERSE\nbeep.wav\n")

    def signed(name, t, payload, seq=None):
        return write(os.path.join(d, name), line_of(key, b"p1", t, payload, seq) + payload)

    s1 = signed("s1", 1000, b"PACKTERSE\nbeep.wav\n")
    s1b = signed("s1b", 1000, b"PACKTERSE\nboop.wav\n")
    s2 = signed("s2", 1001, b"PACKTERSE\nbeep.wav\n")
    s3 = signed("s3", 1011, b"PACKTER\n")
    q = [signed("q%d" % i, 1000, b"PACKTERSE\nbeep.wav\n", (0xfeed, i)) for i in range(3)]
    for args, want in (
            (["-t", 1000, "-a", spec, rec, ctl, s1], ["unsigned", "unsigned-control", "ok"]),
            (["-t", 1000, rec, ctl, s1], ["unsigned", "unsigned", "signed-unchecked"]),
            (["-r", "-t", 1000, "-a", spec, rec, ctl, s1], ["unsigned-refused", "unsigned-refused", "ok"]),
            (["-c", 1, "-t", 1000, "-a", spec, s1, s1b, s1], ["ok", "replay-cache-full", "replay"]),
            (["-c", 1, "-t", 1001, "-a", spec, s1, s2, s1], ["ok", "ok", "behind-window"]),
            # Identical payloads in one second: one in the old form, all
            # in the sequenced form, each once.
            (["-t", 1000, "-a", spec, s1, s1, q[0], q[1], q[2], q[1]],
             ["ok", "replay", "ok", "ok", "ok", "replay"]),
            (["-w", 10, "-t", 1000, "-a", spec, s3, s2], ["too-new", "ok"]),
            (["-w", 10, "-t", 1001, "-a", spec, s1, s3], ["ok", "ok"])):
        p = tool("verify", *args)
        got = [l.split()[-1] for l in p.stdout.decode().splitlines()]
        if got != want:
            fail("verify %s: %s, want %s" % (args, got, want))


def check_vectors_file():
    p = subprocess.run([sys.executable, os.path.join(SRC, "tests", "auth", "hmac-vectors.py")],
                       stdout=subprocess.PIPE, check=True)
    with open(os.path.join(SRC, "tests", "auth", "hmac-vectors.h"), "rb") as f:
        if f.read() != p.stdout:
            fail("tests/auth/hmac-vectors.h is stale: run tests/auth/hmac-vectors.py > tests/auth/hmac-vectors.h")


def main():
    if not os.access(TOOL, os.X_OK):
        print("SKIP: no", TOOL)
        sys.exit(77)
    seed = int(os.environ.get("AUTH_SEED", "7"))
    rng = random.Random(seed)
    check_vectors_file()
    with tempfile.TemporaryDirectory(prefix="auth-interop.") as d:
        check_keyfiles(d)
        check_policy(d)
        for n in range(80):
            case = random_case(rng)
            check_sign(d, case, n)
            check_verify(d, case, n, rng)
    print("%s: seed %d, %d failures" % (os.path.basename(sys.argv[0]), seed, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
