"""hostile.py - replies built to hurt an XML parser (entity expansion, an
external entity naming a local file, a huge document, deep nesting) are
refused: an error verdict, promptly, and the named file is never opened
(traced with strace when it is installed)."""

import os
import shutil

from tclib import DP, Bridge, Viewer, check, request, run, tmpdir


def hostile(mode, reason, secret=None, accepted=False):
    """One request against a DP in mode; returns the verdict and the
    strace output (or None)."""
    v = Viewer()
    d = tmpdir("tc-hostile-")
    trace = os.path.join(d, "strace.txt")
    wrapper = ()
    if shutil.which("strace"):
        wrapper = ("strace", "-f", "-qq", "-e", "trace=open,openat,openat2",
                   "-o", trace)
    args = ["--path", "64500", "--mode", mode]
    if secret:
        args += ["--secret-file", secret]
    with DP(*args) as dp:
        with Bridge(dp.port, v, ["--timeout", "5"], wrapper=wrapper) as br:
            br.send(request(1))
            final = v.wait("PACKTERMSG", "Trace error", 10)
            check(final is not None, "%s: an error verdict arrived" % mode)
            if final:
                check(reason in final[2], "%s: reason '%s' in %r" %
                      (mode, reason, final[2]))
            check((v.wait("PACKTERMSG", "Trace accepted", 0) is not None)
                  == accepted, "%s: accepted is %s" % (mode, accepted))
            br.stop()
            c = br.counters()
            check(c.get("dp-replies-refused", 0) >= 1,
                  "%s: the reply is counted as refused: %s" % (mode, c))
            check(br.p.returncode == 0, "%s: the bridge exits cleanly" % mode)
    text = None
    if wrapper and os.path.exists(trace):
        with open(trace) as f:
            text = f.read()
    return v, final, text, br


def billion_laughs():
    hostile("billion-laughs", "DOCTYPE")


def external_entity():
    d = tmpdir("tc-secret-")
    secret = os.path.join(d, "secret.txt")
    token = "SECRET-%s" % os.urandom(8).hex()
    with open(secret, "w") as f:
        f.write(token + "\n")
    v, final, trace, br = hostile("xxe", "DOCTYPE", secret=secret,
                                  accepted=True)
    check(not any(token in m[2] for m in v.got),
          "the file's content reaches no message")
    check(token not in br.err.text(), "nor the log")
    if trace is None:
        print("  (strace not installed: file opens not traced)")
    else:
        opens = [l for l in trace.splitlines() if "open" in l]
        check(len(opens) > 0, "strace saw the bridge's opens")
        check(not any(secret in l for l in opens),
              "the bridge never opened %s" % secret)


def huge_document():
    hostile("huge", "over 1048576 bytes", accepted=True)


def deep_nesting():
    hostile("deep", "not well-formed")


run({
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "huge_document": huge_document,
    "deep_nesting": deep_nesting,
})
