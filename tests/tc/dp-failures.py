"""dp-failures.py - a Decision Point that is down, slow, rude or confused
gives the viewer an "error" verdict, within the request's timeout, and the
bridge goes on serving: it connects again for the next request."""

import time

from tclib import (DP, Bridge, Viewer, check, free_port, request, run,
                   seq_of)


def expect_error(mode, reason, timeout="3", accepted=False, extra=()):
    v = Viewer()
    with DP("--path", "64500", "--mode", mode) as dp:
        with Bridge(dp.port, v, ["--timeout", timeout] + list(extra)) as br:
            t0 = br.send(request(1))
            started = v.wait("PACKTERMSG", "Traceback started", 5)
            final = v.wait("PACKTERMSG", "Trace error", float(timeout) + 5)
            check(final is not None, "%s: an error verdict arrived" % mode)
            if final is None:
                return None, None
            check(reason in final[2], "%s: the reason says '%s': %r" %
                  (mode, reason, final[2]))
            check(started is not None and
                  seq_of(started[2]) == seq_of(final[2]),
                  "%s: the verdict carries the request's sequence" % mode)
            check((v.wait("PACKTERMSG", "Trace accepted", 0) is not None)
                  == accepted, "%s: accepted %s" % (mode, accepted))
            # The bridge still answers: the DP is asked again.
            n = len(v.got)
            br.send(request(2))
            check(v.wait("PACKTERMSG", "Traceback started", 5, start=n)
                  is not None, "%s: the bridge still serves" % mode)
            br.stop()
            return final[0] - t0, br.counters()


def dp_down():
    port = free_port()
    v = Viewer()
    with Bridge(port, v, ["--timeout", "3", "--retries", "1"]) as br:
        t0 = br.send(request(1))
        final = v.wait("PACKTERMSG", "Trace error", 8)
        check(final is not None and "cannot connect to the Decision Point"
              in final[2], "DP down: error verdict naming the cause: %r" %
              (final[2] if final else None))
        if final:
            check(final[0] - t0 < 3.0, "DP down: the verdict comes within "
                  "the timeout (%.3f s)" % (final[0] - t0))
        br.stop()
        c = br.counters()
        check(c.get("dp-connect-failed") == 2 and c.get("dp-reconnects") == 1,
              "one reconnect, then the verdict: %s" % c)


def dp_comes_back():
    port = free_port()
    v = Viewer()
    with Bridge(port, v, ["--timeout", "3", "--retries", "0"]) as br:
        br.send(request(1))
        check(v.wait("PACKTERMSG", "Trace error", 8) is not None,
              "error while the DP is down")
        with DP("--path", "64500", port=port):
            br.send(request(2))
            check(v.wait("PACKTERMSG", "Trace found", 8) is not None,
                  "found once the DP is up again")


def garbage():
    expect_error("garbage", "does not start an XML document")


def garbage_xml():
    expect_error("garbage-xml", "not well-formed")


def stall():
    took, c = expect_error("stall", "no answer from the Decision Point "
                           "within 1.0 s", timeout="1")
    if c is not None:
        check(c.get("dp-timeouts") == 1, "counted as a timeout: %s" % c)
        print("  stall: error verdict after %.3f s (timeout 1 s)" % took)


def stall_after_accept():
    expect_error("stall-after-accept", "no trace reply from the Decision "
                 "Point within 1.0 s", timeout="1", accepted=True)


def close_early():
    expect_error("close", "closed the connection without accepting")


def close_after_accept():
    expect_error("close-after-accept", "closed the connection before the "
                 "trace reply", accepted=True)


def wrong_seq():
    took, c = expect_error("wrong-seq", "not ours")
    if c is not None:
        check(c.get("dp-replies-not-ours", 0) >= 1, "counted: %s" % c)


def dp_slow_but_in_time():
    """A DP slower than the reference's 10 s sleep would allow is fine as
    long as it answers within --timeout; meanwhile others are served."""
    v = Viewer()
    with DP("--path", "64500", "--delay-ms", "700") as dp:
        with Bridge(dp.port, v, ["--timeout", "5"]) as br:
            br.send(request(1))
            br.send(request(2))
            end = time.monotonic() + 8
            while (len(v.messages("PACKTERMSG")) < 6 and
                   v.recv(end - time.monotonic()) is not None):
                pass
            got = [seq_of(m[2]) for m in v.messages("PACKTERMSG")
                   if "Trace found" in m[2]]
            check(len(set(got)) == 2, "both slow traces found: %s" % got)


run({
    "dp_down": dp_down,
    "dp_comes_back": dp_comes_back,
    "garbage": garbage,
    "garbage_xml": garbage_xml,
    "stall": stall,
    "stall_after_accept": stall_after_accept,
    "close_early": close_early,
    "close_after_accept": close_after_accept,
    "wrong_seq": wrong_seq,
    "dp_slow_but_in_time": dp_slow_but_in_time,
})
