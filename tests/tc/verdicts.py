"""verdicts.py - each verdict from the DP peer reaches the viewer as the
issue says: started, accepted, then found (with the AS path), not found or
error; with -s also sound, voice and sky dome; what the DP received is the
packet's hash in a valid ClientTraceRequest."""

import os
import signal
import socket

from tclib import (DP, Bridge, Viewer, check, md5_of, request, run, seq_of,
                   tmpdir)


def one(dp_args, bridge_args=(), i=1, expect="Trace found", dp_kw=None,
        req=None):
    """One request through bridge and DP; returns (viewer, dp records,
    bridge, final message)."""
    v = Viewer()
    with DP(*dp_args, **(dp_kw or {})) as dp:
        with Bridge(dp.port, v, ["--timeout", "5"] + list(bridge_args),
                    dp_host=dp.listen) as br:
            br.send(req or request(i))
            started = v.wait("PACKTERMSG", "Traceback started", 5)
            final = v.wait("PACKTERMSG", expect, 8)
            check(started is not None, "a 'started' message arrived")
            check(final is not None, "the '%s' message arrived" % expect)
            if started and final:
                check(seq_of(started[2]) == seq_of(final[2]) and
                      seq_of(final[2]) is not None,
                      "started and verdict carry one sequence number")
                check(md5_of(i) in started[2],
                      "the started message names the hash")
            br.stop()
        recs = dp.records()
    return v, recs, br, final


def found():
    v, recs, br, final = one(["--path", "64500:found:Source,"
                              "64501:reached:Transit"],
                             ["--ttl", "9"])
    check(final is not None and
          "AS path:<br>AS64500 (depth 1, found, Source)<br>"
          "AS64501 (depth 2, reached, Transit)" in final[2],
          "the AS path arrives in the PACKTERMSG: %r" %
          (final[2] if final else None))
    check(final is not None and final[2].startswith("tc-found.png,"),
          "the found picture is named")
    check(v.wait("PACKTERMSG", "Trace accepted", 0) is not None,
          "an 'accepted' message arrived")
    check(len(recs) == 1 and recs[0]["valid"],
          "the DP received one valid request: %s" %
          [r.get("error") for r in recs])
    if recs:
        r = recs[0]
        check(r["hash"] == md5_of(1), "the DP got the packet's hash")
        check(r["ttl"] == 9, "--ttl reaches the request")
        check(r["dp"] == "127.0.0.1" and r["dp_version"] == "4" and
              r["dp_block"] == "loopback" and r["dp_mask"] == "32",
              "DestinationNode is the DP: %s" % r["dp"])
        check(r["bridge"] == "127.0.0.1" and r["bridge_version"] == "4",
              "SourceNode is the bridge")
        check(r["dump_attrs"] == {"encodetype": "md5", "header": "ip",
                                  "iftype": "1", "PayloadLength": "32"},
              "PacketDump attributes as PROTOCOL.md shows")
        check(r["option"] == ["type", "PACKTER"], "Option type=type PACKTER")
    c = br.counters()
    check(c.get("verdict-found") == 1 and c.get("verdict-accepted") == 1,
          "counters: one accepted, one found: %s" % c)
    check(br.err.wait(r"seq \d+\.\d{6}: verdict found, AS path "
                      r"AS64500/1/found AS64501/2/reached", 0) is not None,
          "the verdict is logged with its sequence number")
    check(not v.messages("PACKTERSOUND"), "no sound without -s")


def found_with_sound():
    v, recs, br, final = one(["--path", "64500"], ["-s"])
    check(v.wait("PACKTERSOUND", "5000,success.wav", 2) is not None,
          "PACKTERSOUND for found")
    check(v.wait("PACKTERVOICE", "Trace found. 1 autonomous", 2) is not None,
          "PACKTERVOICE for found")
    check(v.wait("PACKTERSKYDOMETEXTURE", "sky-alarm.png", 2)
          is not None, "PACKTERSKYDOMETEXTURE for found")
    check(v.wait("PACKTERVOICE", "Traceback started", 0) is not None,
          "a voice for 'started'")


def not_found():
    v, recs, br, final = one(["--path", "64500:notfound,64501:notfound"],
                             expect="Trace not found")
    check(final is not None and "no AS saw the packet (2 asked)" in final[2],
          "the reason is shown: %r" % (final[2] if final else None))
    check(final is not None and final[2].startswith("tc-notfound.png"),
          "the not-found picture")
    check(br.counters().get("verdict-notfound") == 1, "counted as not found")


def error_hop():
    v, recs, br, final = one(["--path", "64500:notfound,64502:error:Busy"],
                             expect="Trace error")
    check(final is not None and "AS64502 (depth 2) reported an error: "
          "TB_BUSY_BTM" in final[2], "the failing AS is named: %r" %
          (final[2] if final else None))


def error_code():
    v, recs, br, final = one(["--error-code", "TB_WAIT_ITM_REPLY"],
                             expect="Trace error")
    check(final is not None and "TB_WAIT_ITM_REPLY" in final[2] and
          "did not answer" in final[2], "the DP's error code and message")


def inter_as_export():
    one(["--path", "64500", "--export", "InterASResultExport"])


def framings():
    for mode in ("concat", "nul-separated", "trickle", "heartbeat-first"):
        v, recs, br, final = one(["--path", "64500", "--mode", mode])
        check(final is not None, "framing '%s' understood" % mode)
        if mode == "heartbeat-first":
            check(br.counters().get("dp-replies-ignored") == 1,
                  "the HeartbeatRequest is ignored and counted")


def ipv6():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        print("  (no IPv6 loopback: case skipped)")
        return
    req = b"2001:db8::1,2001:db8::2,443,51000,6," + md5_of(7).encode()
    v, recs, br, final = one(["--path", "64500"], i=7,
                             dp_kw={"listen": "::1"}, req=req)
    check(len(recs) == 1 and recs[0]["valid"], "a valid IPv6 request")
    if recs:
        r = recs[0]
        check(r["dp"] == "::1" and r["dp_version"] == "6" and
              r["dp_mask"] == "128" and r["dp_block"] == "loopback",
              "DestinationNode version 6: %s" % r)
        check(r["bridge"] == "::1" and r["bridge_version"] == "6",
              "SourceNode version 6")
    check(final is not None and "2001:db8::1" in
          (v.wait("PACKTERMSG", "Traceback started", 0) or (0, 0, ""))[2],
          "IPv6 packet addresses in the started message")


def config_file():
    d = tmpdir("tc-cf-")
    path = os.path.join(d, "tc.conf")
    with open(path, "w") as f:
        f.write("# test configuration\n"
                "[found]\n"
                "picture = custom-found.png\n"
                "text = <b>FOUND {hash}</b> via {path} ({hops} hops) request {seq}\n"
                "voice =\n"
                "sound = custom.wav\n"
                "duration = -1500\n"
                "skydome =\n")
    v, recs, br, final = one(["--path", "64500,64501"],
                             ["-c", path, "-s"], expect="FOUND")
    check(final is not None and final[2] ==
          "custom-found.png,<b>FOUND %s</b> via AS64500 (depth 1, found, "
          "Source)<br>AS64501 (depth 2, found, Transit) (2 hops) request %s"
          % (md5_of(1), seq_of(final[2])),
          "the configured text: %r" % (final[2] if final else None))
    check(v.wait("PACKTERSOUND", "-1500,custom.wav", 2) is not None,
          "the configured sound and duration")
    check(not [m for m in v.messages("PACKTERVOICE") if "found" in m[2]],
          "an empty voice sends none")
    check(not v.messages("PACKTERSKYDOMETEXTURE"), "an empty sky dome: none")


def config_reload():
    """SIGHUP reloads -c FILE; a broken file keeps the old one."""
    d = tmpdir("tc-cf-")
    path = os.path.join(d, "tc.conf")

    def write(text):
        with open(path, "w") as f:
            f.write("[found]\ntext = %s request {seq}\n" % text)

    write("FIRST")
    v = Viewer()
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, v, ["-c", path]) as br:
            br.send(request(1))
            check(v.wait("PACKTERMSG", "FIRST", 5) is not None,
                  "the first configuration")
            write("SECOND")
            n = len(br.err.lines)
            os.kill(br.p.pid, signal.SIGHUP)
            check(br.err.wait("reloaded", 5, start=n) is not None,
                  "SIGHUP: reloaded")
            br.send(request(2))
            check(v.wait("PACKTERMSG", "SECOND", 5) is not None,
                  "the reloaded configuration is used")
            with open(path, "w") as f:
                f.write("[found]\ntext = {bogus}\n")
            n = len(br.err.lines)
            os.kill(br.p.pid, signal.SIGHUP)
            check(br.err.wait("keeping the old configuration", 5, start=n)
                  is not None, "a broken file is reported")
            start = len(v.got)
            br.send(request(3))
            check(v.wait("PACKTERMSG", "SECOND", 5, start=start) is not None,
                  "still the second configuration after a broken reload")
            check(not any("{bogus}" in i[2] for i in v.got),
                  "nothing of the broken file")


def reply_to_requester():
    """Without -v the messages go to the asking address, port 11300."""
    host = "127.0.0.2"
    try:
        v = Viewer(host, 11300)
    except OSError as e:
        print("  (%s:11300 busy: %s; case skipped)" % (host, e))
        return
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, None, ["--timeout", "5"]) as br:
            tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            tx.bind((host, 0))
            tx.sendto(request(3), (br.host, br.port))
            check(v.wait("PACKTERMSG", "Trace found", 8) is not None,
                  "the verdict went to the requester's address, port 11300")
            tx.close()
    v.close()


def no_message():
    v, recs, br, final = None, None, None, None
    vv = Viewer()
    with DP("--path", "64500") as dp:
        with Bridge(dp.port, vv, ["--no-message", "-s"]) as br:
            br.send(request(1))
            check(vv.wait("PACKTERVOICE", "Trace found", 8) is not None,
                  "the voice of the verdict arrives")
    check(not vv.messages("PACKTERMSG"), "--no-message: no PACKTERMSG")


run({
    "found": found,
    "found_with_sound": found_with_sound,
    "not_found": not_found,
    "error_hop": error_hop,
    "error_code": error_code,
    "inter_as_export": inter_as_export,
    "framings": framings,
    "ipv6": ipv6,
    "config_file": config_file,
    "config_reload": config_reload,
    "reply_to_requester": reply_to_requester,
    "no_message": no_message,
})
