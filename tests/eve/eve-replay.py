#!/usr/bin/python3
"""eve-replay.py - an EVE file through `packter-agent --eve FILE
--eve-from-start` (--fast, and paced with --speed), the decoder's rules and
its counters.

The EVE peer (tests/peers/eve-peer.py) writes one alert per packet of the
test capture, with timestamps in three time zones: with the packet (the
record must be tshark's decode of it), with the payload only and with
neither (the record must be made from src_ip, dest_ip, ports and proto),
each with and without -S ("Incident:<signature> sid:N gen:N rev:N
severity:N").  Each record's time must be the event's timestamp.  Then bad
lines between good alerts, each counted under its name while the good ones
come out untouched; anomaly and drop events with --eve-events; and the
same file paced (--speed 20) giving the same output as --fast.
"""
import base64
import json
import os
import sys
import tempfile
import subprocess
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import evelib as ev  # noqa: E402

cl = ev.cl
peer = ev.peer
cl.need_tool("tshark")

ok = True
OFFSETS = (60, -480, 0, 330)


def check(got, want, what):
    global ok
    if got == want:
        print("ok   " + what)
    else:
        print("FAIL %s: got %r, want %r" % (what, got, want))
        ok = False


with tempfile.TemporaryDirectory() as tmp:
    frames = ev.traffic(tmp)
    path = os.path.join(tmp, "eve.json")

    # --- alerts: packet, payload only, tuple only; with and without -S ---
    for kind in ("packet", "payload", "tuple"):
        with open(path, "wb") as f:
            for i, (ts, b) in enumerate(frames):
                sig, gid, sid, rev, sev = peer.test_alert(i)
                f.write(peer.line(peer.alert(
                    b, ts, sig, gid, sid, rev, sev,
                    packet=kind == "packet", payload=kind == "payload",
                    offset_min=OFFSETS[i % len(OFFSETS)])))
        for incident in (False, True):
            extra = ["--fast"] + (["-S"] if incident else [])
            got, c, _ = ev.run_replay(path, extra)
            descs = [ev.incident(*peer.test_alert(i)) if incident else None
                     for i in range(len(frames))]
            if kind == "packet":
                recs = ev.tshark_records(frames, tmp, descs if incident
                                         else None)
            else:
                recs = []
                for i, (ts, b) in enumerate(frames):
                    fam, proto = peer.tuple_of(b)[:2]
                    recs.append(ev.tuple_record(b, descs[i])
                                if proto in (1, 6, 17, 58) else None)
            want = [ev.usec_of(frames[i][0]) + (r,)
                    for i, r in enumerate(recs) if r is not None]
            what = "%s%s" % (kind, " -S" if incident else "")
            ok &= cl.compare(["%d %d %s" % g for g in got],
                             ["%d %d %s" % w for w in want], what)
            n = len(frames)
            check(ev.counter(c, "lines"), n, what + ": lines")
            check(ev.counter(c, "alerts"), n - 1, what + ": alerts")
            check(ev.counter(c, "drawn-from-packet" if kind == "packet"
                             else "drawn-from-tuple"),
                  ev.counter(c, "alerts"), what + ": drawn from")
            check(ev.counter(c, "payload-without-packet"),
                  n - 1 if kind == "payload" else 0, what + ": payload")
            # The GRE packet: not drawn, from its packet or its tuple.
            check(ev.counter(c, "proto-not-drawn"), 1, what + ": GRE")
            check(ev.counter(c, "packet-not-decoded"),
                  1 if kind == "packet" else 0, what + ": GRE's packet")
        if len(want) < 25:
            cl.fail("too few records: %d" % len(want))

    # --- bad lines between good alerts -----------------------------------
    syn = cl.tcp_frame("10.1.0.1", "10.1.0.2", 1234, 80, "S")
    good = peer.line(peer.alert(syn, 1700000000.25, "good", 1, 2, 3, 2))
    good_rec = "1700000000 250000 10.1.0.1,10.1.0.2,1234,80,1," \
        "TCP src:10.1.0.1(1234) dst:10.1.0.2(80)"
    tup_rec = "1700000000 250000 10.1.0.1,10.1.0.2,1234,80,0," \
        "TCP src:10.1.0.1(1234) dst:10.1.0.2(80)"
    base = peer.alert(syn, 1700000000.25, "good", 1, 2, 3, 2)

    def with_(**kw):
        e = json.loads(json.dumps(base))
        for k, v in kw.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return peer.line(e)

    bad = [
        # (line, counter, record drawn instead, or None)
        (b"not json\n", "bad-json", None),
        (good[:40] + b"\n", "bad-json", None),
        (b"[1, 2, 3]\n", "not-object", None),
        (good[:-1] + b" {}\n", "bad-json", None),
        (good[:-1] + b"\0\n", "bad-json", None),
        (b'{"event_type": "alert", "x": "\xff\xfe"}\n', "bad-json", None),
        (b"\n", "blank-lines", None),
        (b"  \r\n", "blank-lines", None),
        (b"{" * 100 + b"}" * 100 + b"\n", "bad-json", None),
        (b'{"a": "' + b"x" * 600000 + b'"}\n', "too-long", None),
        (b'{"a": "' + b"y" * (3 << 20) + b'"}\n', "too-long", None),
        (peer.line(peer.flow(syn, 1700000000.25)), "not-selected", None),
        (peer.line(peer.anomaly(syn, 1700000000.25)), "not-selected", None),
        (peer.line(peer.drop(syn, 1700000000.25)), "not-selected", None),
        (with_(event_type=None), "no-event-type", None),
        (with_(timestamp=None), "bad-timestamp", None),
        (with_(timestamp="2023-02-30T00:00:00.000000+0000"),
         "bad-timestamp", None),
        (with_(timestamp="2023-01-01T00:00:00.000000+2500"),
         "bad-timestamp", None),
        (with_(timestamp=17), "bad-timestamp", None),
        (with_(alert={"signature_id": "9"}), "bad-field", None),
        (with_(alert={"signature_id": 1 << 40}), "bad-field", None),
        (with_(alert=None), "bad-field", None),
        (with_(src_port=70000), "bad-field", None),
        (with_(src_ip="10.1.0.300"), "bad-field", None),
        (with_(packet=None, packet_info=None, src_ip=None), "no-addresses",
         None),
        (with_(packet=None, packet_info=None, dest_ip="2001:db8::1"),
         "no-addresses", None),
        (with_(packet="!!!!"), "bad-packet", tup_rec),
        (with_(packet="QUJD="), "bad-packet", tup_rec),
        (with_(packet=base64.b64encode(b"\0" * 300000).decode()),
         "bad-packet", tup_rec),
        (with_(packet_info={"linktype": 9999}), "linktype-not-decoded",
         tup_rec),
        (with_(packet=base64.b64encode(syn[:20]).decode()),
         "packet-not-decoded", tup_rec),
        (with_(packet=None, packet_info=None, proto="GRE"),
         "proto-not-drawn", None),
    ]
    max_line = 500000
    with open(path, "wb") as f:
        f.write(good)
        for line, _, _ in bad:
            f.write(line + good)
        f.write(good[:-1])      # the last line, cut
    got, c, err = ev.run_replay(path, ["--fast", "--eve-max-line",
                                       str(max_line)])
    want = [good_rec]
    for _, _, rec in bad:
        if rec is not None:
            want.append(rec)
        want.append(good_rec)
    ok &= cl.compare(["%d %d %s" % g for g in got], want, "bad lines")
    counts = {}
    for _, name, _ in bad:
        counts[name] = counts.get(name, 0) + 1
    for name, n in sorted(counts.items()):
        check(ev.counter(c, name), n, "bad lines: " + name)
    check(ev.counter(c, "cut-lines"), 1, "bad lines: the cut last line")
    check(ev.counter(c, "lines"), 2 * len(bad) + 1 -
          counts["too-long"], "bad lines: lines")
    check("line skipped" in err, True, "bad lines: logged")

    # -S: text from the event becomes one line, cut to what the core keeps.
    long_sig = "ctl\n\t\x01 \u00e9t\u00e9 \U0001f600 " + "\u00e9" * 600
    with open(path, "wb") as f:
        f.write(peer.line(peer.alert(syn, 1700000000.25, long_sig, 1, 2, 3,
                                     2)))
    got, c, _ = ev.run_replay(path, ["--fast", "-S"])
    desc = got[0][2].split(",", 5)[5] if got else ""
    check(desc.startswith("Incident:ctl    \u00e9t\u00e9 \U0001f600 "),
          True, "-S: control characters")
    check(desc.endswith(" sid:2 gen:1 rev:3 severity:2") and
          len(desc.encode()) <= 1024 - 160 - 1 and len(desc) > 400, True,
          "-S: a long signature cut whole, its numbers kept")

    # --- anomaly and drop events ------------------------------------------
    udp = cl.udp_frame(b"q" * 10, src="10.2.0.1", dst="10.2.0.2",
                       sport=5353, dport=53)
    fin6 = cl.tcp_frame("2001:db8::1", "2001:db8::2", 4000, 443, "FA",
                        v6=True)
    events = [
        peer.anomaly(udp, 1700000001.5),
        peer.anomaly(udp, 1700000002.5, kind="applayer",
                     event="INVALID_RECORD_TYPE", packet=False,
                     layer="proto_parser"),
        peer.drop(fin6, 1700000003.5, reason="stream error"),
        peer.drop(syn, 1700000004.5, with_alert=("blocked it", 1, 7, 2, 1)),
        peer.alert(syn, 1700000005.5, "an alert", 1, 8, 1, 3, packet=False),
    ]
    with open(path, "wb") as f:
        for e in events:
            f.write(peer.line(e))
    got, c, _ = ev.run_replay(path, ["--fast", "-S", "--eve-events",
                                     "alert,anomaly,drop"])
    want = [
        "1700000001 500000 10.2.0.1,10.2.0.2,5353,53,3,"
        "Anomaly:decoder.udp.pkt_too_small type:decode",
        "1700000002 500000 10.2.0.1,10.2.0.2,5353,53,3,"
        "Anomaly:INVALID_RECORD_TYPE type:applayer layer:proto_parser",
        "1700000003 500000 2001:db8::1,2001:db8::2,4000,443,7,"
        "Drop:stream error",
        "1700000004 500000 10.1.0.1,10.1.0.2,1234,80,1,"
        "Drop:blocked it sid:7 gen:1 rev:2 severity:1",
        "1700000005 500000 10.1.0.1,10.1.0.2,1234,80,0,"
        "Incident:an alert sid:8 gen:1 rev:1 severity:3",
    ]
    ok &= cl.compare(["%d %d %s" % g for g in got], want,
                     "anomaly and drop, -S")
    check((ev.counter(c, "anomalies"), ev.counter(c, "drops"),
           ev.counter(c, "alerts")), (2, 2, 1), "anomaly and drop: counted")
    got, c, _ = ev.run_replay(path, ["--fast", "--eve-events", "drop"])
    check(len(got), 2, "--eve-events drop: the drops alone")
    check(ev.counter(c, "not-selected"), 3, "--eve-events drop: the rest")
    r = subprocess.run([ev.AGENT, "-n", "--eve", path, "--eve-events",
                        "alert,flows"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=ev.TIMEOUT)
    check((r.returncode, b"'flows' is not" in r.stderr), (2, True),
          "--eve-events: an unknown type refused")

    # --- paced: the same records, at the events' own pace -------------------
    with open(path, "wb") as f:
        for i, (ts, b) in enumerate(frames[:10]):
            sig, gid, sid, rev, sev = peer.test_alert(i)
            f.write(peer.line(peer.alert(b, 1700000000 + i * 0.2, sig, gid,
                                         sid, rev, sev)))
    fast, _, _ = ev.run_replay(path, ["--fast"])
    t0 = time.monotonic()
    paced, _, _ = ev.run_replay(path, ["--speed", "20"])
    took = time.monotonic() - t0
    ok &= cl.compare(["%d %d %s" % g for g in paced],
                     ["%d %d %s" % g for g in fast], "paced --speed 20")
    print("# paced: 1.8 s of events at --speed 20 took %.3f s" % took)

sys.exit(0 if ok else 1)
