"""concurrent.py - many requests at once: all are answered, each verdict
matches its own request (by sequence number, and by an AS the DP peer
derives from each hash), and they really were in flight together; with a
small --max-inflight the rest wait their turn and are answered too; with
no room left, a request is refused and its viewer told the bridge is busy
(rate-limited, the rest counted)."""

import time

from tclib import DP, Bridge, Viewer, check, md5_of, request, run, seq_of


peak = None


def burst(n, dp_args, bridge_args, wait=20):
    v = Viewer()
    with DP("--path-from-hash", *dp_args) as dp:
        with Bridge(dp.port, v, ["--timeout", "10"] + bridge_args) as br:
            for i in range(n):
                br.send(request(i))
            end = time.monotonic() + wait
            while (sum("Trace found" in m[2] or "Trace error" in m[2]
                       for m in v.messages("PACKTERMSG")) < n and
                   v.recv(end - time.monotonic()) is not None):
                pass
            br.stop()
            c = br.counters()
        recs = dp.records()

    started = {}            # seq -> hash
    for m in v.messages("PACKTERMSG"):
        if "Traceback started" in m[2]:
            h = m[2].split("packet ")[1][:32]
            started[seq_of(m[2])] = h
    verdicts = [m for m in v.messages("PACKTERMSG") if "Trace found" in m[2]]
    check(len(started) == n, "%d started messages, one per request: %d" %
          (n, len(started)))
    check(len(verdicts) == n, "%d found verdicts: %d (counters %s)" %
          (n, len(verdicts), c))
    matched = 0
    for m in verdicts:
        h = started.get(seq_of(m[2]))
        if h is None:
            continue
        want = "AS%d (depth 1" % (64512 + int(h[:4], 16) % 1000)
        matched += want in m[2]
    check(matched == n, "every verdict carries its own request's AS: %d/%d"
          % (matched, n))
    check(sorted(started.values()) == sorted(md5_of(i) for i in range(n)),
          "every hash was asked for once")
    check(len(recs) == n and all(r["valid"] for r in recs),
          "the DP received %d valid requests" % n)
    seqs = set(tuple(r["seq"]) for r in recs if r["valid"])
    check(len(seqs) == n, "all TemporarySequenceNumbers differ")
    check(set("%d.%06d" % s for s in seqs) == set(started),
          "the DP saw the sequence numbers the viewer was told")
    global peak
    peak = c.get("dp-connections-peak")
    return max((r.get("concurrent", 0) for r in recs), default=0)


def fifty_at_once():
    most = burst(50, ["--delay-ms", "300"], ["--max-inflight", "64"])
    print("  at most %d requests were open at the DP at once" % most)
    check(most >= 2, "requests overlap at the DP (max %d)" % most)


def queued_behind_limit():
    most = burst(20, ["--delay-ms", "50"], ["--max-inflight", "4"])
    # The DP's own count lags (its handler threads see a close late), so
    # the limit is judged by the bridge's peak of open connections.
    print("  at most %d requests were open at the DP at once, bridge "
          "peak %s" % (most, peak))
    check(peak == 4, "--max-inflight 4 holds (bridge peak %s)" % peak)


def queue_full_told():
    """A request that finds the queue full: its viewer is told the bridge
    is busy, TC_BUSY_NOTICES (5) a second at most, the rest counted."""
    v = Viewer()
    with DP("--delay-ms", "2000") as dp:
        with Bridge(dp.port, v, ["--timeout", "10", "--max-inflight", "1",
                                 "--max-queue", "0"]) as br:
            br.send(request(0))
            check(v.wait("PACKTERMSG", "Traceback started") is not None,
                  "the first request starts")
            for i in range(1, 9):
                br.send(request(i))
            # Each refusal is one message or one count: wait for the
            # messages, then read the counts.
            end = time.monotonic() + 10
            while (len([m for m in v.messages("PACKTERMSG")
                        if "busy" in m[2]]) < 5 and
                   v.recv(end - time.monotonic()) is not None):
                pass
            br.stop()
            c = br.counters()
    busy = [m for m in v.messages("PACKTERMSG") if "busy" in m[2]]
    check(c.get("refused-queue-full") == 8,
          "8 requests refused: %s" % c.get("refused-queue-full"))
    check(len(busy) >= 5 and len(busy) + c.get("refused-queue-full-untold",
                                               -1) == 8,
          "each refusal told (%d) or counted untold (%s)" %
          (len(busy), c.get("refused-queue-full-untold")))
    check(all("Trace error" in m[2] and "ask again later" in m[2]
              for m in busy), "the viewer is told as for an error: %r" %
          busy[:1])


run({
    "fifty_at_once": fifty_at_once,
    "queued_behind_limit": queued_behind_limit,
    "queue_full_told": queue_full_told,
})
