#!/usr/bin/python3
"""dp-peer.py - an InterTrack Decision Point for the bridge's tests.

There is no public InterTrack DP.  This one follows the published message
format and schema (tests/data/intertrack/InterTrackMessage.xsd) byte for
byte: every request it receives is validated against the schema (and the
PacketDump against "32 lowercase hex"), and every well-behaved reply it
sends is validated against the same schema before it leaves.

It listens on TCP (127.0.0.1, port 0 = any free one) and prints
"PORT <n>" on standard output once bound, so a test can synchronise on it.
Each connection carries one ClientTraceRequest; the peer answers on it with
a ClientMessageIDReply and then a ClientTraceReply whose AS path the test
chooses, then closes -- or misbehaves as --mode says.

What it received is appended to --record FILE, one JSON object per request
(written before any reply is sent): the hash, the bridge's and the DP's
addresses and IP versions, the TemporarySequenceNumber, the TTL, whether it
validated (and why not), the raw document, and how many connections were
being served at that moment ("concurrent").  --save-dir DIR also keeps
each request as DIR/request-N.xml (for xmllint --schema).

Modes:
  normal              ID reply, trace reply, close
  stall               read the request, answer nothing, keep the connection
  stall-after-accept  ID reply, then nothing
  close               close without a word
  close-after-accept  ID reply, then close
  garbage             bytes that are not XML
  garbage-xml         a reply that is not well-formed
  wrong-seq           an ID reply for another TemporarySequenceNumber
  billion-laughs      a reply with nested entity definitions
  xxe                 a reply with an external entity naming --secret-file
  huge                an ID reply, then a 2 MiB document
  deep                a reply nested 100000 elements deep
  heartbeat-first     a valid HeartbeatRequest before the replies
  trickle             the normal replies, a few bytes at a time
  concat              both replies in one write, no separator
  nul-separated       both replies, each followed by a NUL byte

The trace reply: --path "ASN[:STATE[:STATUS]],..." gives one AS per entry,
depth 1, 2 ...; STATE is found, notfound, error or reached (default found),
STATUS an ASStatus type (default Source for the first, Transit after).
--error-code TYPE answers with an InterASTraceResult/ErrorCode instead.
--path-from-hash derives one AS from the request's hash (64512 + the first
four hex digits mod 1000), so concurrent tests can match verdicts to hashes.
"""

import argparse
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time

from lxml import etree

ROOT = b"</InterTrackMessage>"
MAX_REQUEST = 1 << 20
HEX32 = re.compile(r"^[0-9a-f]{32}$")

lock = threading.Lock()
counter = [0]
active = [0]       # connections being handled now


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--schema", required=True, help="InterTrackMessage.xsd")
    p.add_argument("--listen", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--mode", default="normal")
    p.add_argument("--path", default="64500:found:Source")
    p.add_argument("--path-from-hash", action="store_true")
    p.add_argument("--error-code", default=None)
    p.add_argument("--export", default="AllResultExport",
                   choices=["AllResultExport", "InterASResultExport"])
    p.add_argument("--delay-ms", type=int, default=0,
                   help="between the ID reply and the trace reply")
    p.add_argument("--record", default=None)
    p.add_argument("--save-dir", default=None)
    p.add_argument("--secret-file", default="/etc/hostname")
    return p.parse_args()


ARGS = parse_args()
SCHEMA = etree.XMLSchema(etree.parse(ARGS.schema))
# Requests come from the bridge under test: parse them as warily as it must.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True,
                         load_dtd=False, huge_tree=False)


def el(parent, tag, text=None, **attrs):
    e = etree.SubElement(parent, tag) if parent is not None else \
        etree.Element(tag)
    for k, v in attrs.items():
        e.set(k, str(v))
    if text is not None:
        e.text = str(text)
    return e


def block_of(addr):
    if addr.startswith("127.") or addr == "::1":
        return "loopback"
    return "global"


def node(parent, tag, addr):
    n = el(parent, tag)
    nid = el(n, "NodeID", idtype="IP")
    v6 = ":" in addr
    el(nid, "IPAddress", addr, version="6" if v6 else "4",
       block=block_of(addr), mask="128" if v6 else "32")
    return n


def message_id(parent, dp_addr, seq):
    m = el(parent, "MessageID")
    node(m, "Origin", dp_addr)
    el(m, "SequenceNumber", sec=seq[0], usec=seq[1])
    return m


def id_reply(req, msgseq, tmpseq=None):
    root = el(None, "InterTrackMessage", type="ClientMessageIDReply")
    r = el(root, "ClientMessageIDReply")
    node(r, "SourceNode", req["dp"])
    node(r, "DestinationNode", req["bridge"])
    sec, usec = tmpseq or req["seq"]
    el(r, "TemporarySequenceNumber", sec=sec, usec=usec)
    message_id(r, req["dp"], msgseq)
    return root


def hops_for(req):
    if ARGS.path_from_hash:
        return [(64512 + int(req["hash"][:4], 16) % 1000, "found", "Source")]
    hops = []
    for i, item in enumerate(x for x in ARGS.path.split(",") if x):
        parts = item.split(":")
        asn = int(parts[0])
        state = parts[1] if len(parts) > 1 else "found"
        status = parts[2] if len(parts) > 2 else \
            ("Source" if i == 0 else "Transit")
        hops.append((asn, state, status))
    return hops


def trace_reply(req, msgseq):
    root = el(None, "InterTrackMessage", type="ClientTraceReply")
    r = el(root, "ClientTraceReply", Export_type=ARGS.export)
    node(r, "SourceNode", req["dp"])
    node(r, "DestinationNode", req["bridge"])
    message_id(r, req["dp"], msgseq)
    ex = el(r, ARGS.export)

    itrq = el(None, "ITMTraceRequest", Footmark_type="Footmark")
    node(itrq, "DestinationNode", req["dp"])
    message_id(itrq, req["dp"], msgseq)
    el(itrq, "TTL", req["ttl"])
    el(itrq, "ITMPathList")
    fm = el(itrq, "Footmark")
    el(fm, "PacketDump", req["hash"], encodetype="md5", header="ip",
       iftype="1", PayloadLength="32")
    el(fm, "TimeStamp", sec=msgseq[0], usec=msgseq[1])

    itrp = el(None, "ITMTraceReply")
    node(itrp, "SourceNode", req["dp"])
    message_id(itrp, req["dp"], msgseq)
    res = el(itrp, "InterASTraceResult", degree="100")
    if ARGS.error_code:
        ec = el(res, "ErrorCode", errortype=ARGS.error_code)
        el(ec, "ErrorMessage", "the ITM of the next AS did not answer")
    else:
        for depth, (asn, state, status) in enumerate(hops_for(req), 1):
            a = el(res, "AS", depth=depth, degree="100", state=state)
            nid = el(a, "NodeID", idtype="ITMID")
            itmid = el(nid, "ITMID")
            el(itmid, "ASNumber", asn)
            el(itmid, "CoverArea", ipversion="4", scope="global")
            el(a, "ASStatus", type=status)
            if state == "error":
                el(a, "ErrorCode", errortype="TB_BUSY_BTM")

    # AllResultExport: request first; InterASResultExport: request, reply.
    ex.append(itrq)
    ex.append(itrp)
    return root


def serialise(root, check=True):
    if check and not SCHEMA.validate(root):
        raise RuntimeError("dp-peer built an invalid reply: %s" %
                           SCHEMA.error_log.last_error)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)


def read_request(sock):
    data = b""
    sock.settimeout(10)
    while ROOT not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST:
            break
    return data


def examine(raw, peer, local):
    """Validate one request; return the record."""
    rec = {"valid": False, "error": None, "raw": raw.decode("utf-8",
                                                            "replace"),
           "peer": peer, "local": local}
    end = raw.find(ROOT)
    if end < 0:
        rec["error"] = "no complete InterTrackMessage"
        return rec
    doc = raw[:end + len(ROOT)]
    try:
        root = etree.fromstring(doc.strip(), PARSER)
    except etree.XMLSyntaxError as e:
        rec["error"] = "not well-formed: %s" % e
        return rec
    if not SCHEMA.validate(root):
        rec["error"] = "schema: %s" % SCHEMA.error_log.last_error
        return rec
    if root.get("type") != "ClientTraceRequest":
        rec["error"] = "type %s" % root.get("type")
        return rec
    ctr = root.find("ClientTraceRequest")
    dump = ctr.findall("PacketDump")
    if len(dump) != 1 or not HEX32.match(dump[0].text or ""):
        rec["error"] = "PacketDump is not one 32-lowercase-hex MD5"
        return rec
    tsn = ctr.find("TemporarySequenceNumber")
    dst = ctr.find("DestinationNode/NodeID/IPAddress")
    src = ctr.find("SourceNode/NodeID/IPAddress")
    opt = ctr.find("Options/Option")
    rec.update({
        "valid": True,
        "hash": dump[0].text,
        "dump_attrs": dict(dump[0].attrib),
        "seq": [int(tsn.get("sec")), int(tsn.get("usec"))],
        "ttl": int(ctr.findtext("TTL")),
        "dp": dst.text, "dp_version": dst.get("version"),
        "dp_block": dst.get("block"), "dp_mask": dst.get("mask"),
        "bridge": src.text, "bridge_version": src.get("version"),
        "bridge_block": src.get("block"),
        "option": [opt.get("type"), opt.text] if opt is not None else None,
    })
    return rec


def record(rec):
    with lock:
        counter[0] += 1
        n = counter[0]
        if ARGS.save_dir:
            with open(os.path.join(ARGS.save_dir, "request-%d.xml" % n),
                      "w", encoding="utf-8") as f:
                f.write(rec["raw"])
        if ARGS.record:
            with open(ARGS.record, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec) + "\n")
    return n


def billion_laughs(req):
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else "lol%d" % (i - 1)
        ents.append('<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
    return ('<?xml version="1.0"?>\n<!DOCTYPE InterTrackMessage [\n%s\n]>\n'
            '<InterTrackMessage type="ClientMessageIDReply">'
            '<ClientMessageIDReply><TemporarySequenceNumber sec="%d" '
            'usec="%d"/><MessageID><SequenceNumber sec="1" usec="1"/>'
            '</MessageID><Options><Option type="x">&lol9;</Option></Options>'
            '</ClientMessageIDReply></InterTrackMessage>\n' %
            ("\n".join(ents), req["seq"][0], req["seq"][1])).encode()


def xxe(req):
    return ('<?xml version="1.0"?>\n'
            '<!DOCTYPE InterTrackMessage [ <!ENTITY xxe SYSTEM "file://%s"> ]>\n'
            '<InterTrackMessage type="ClientTraceReply"><ClientTraceReply '
            'Export_type="AllResultExport"><AllResultExport><ITMTraceReply>'
            '<InterASTraceResult degree="1"><ErrorCode '
            'errortype="TB_UNKNOWN_ERROR"><ErrorMessage>&xxe;</ErrorMessage>'
            '</ErrorCode></InterASTraceResult></ITMTraceReply>'
            '</AllResultExport></ClientTraceReply></InterTrackMessage>\n' %
            os.path.abspath(ARGS.secret_file)).encode()


def huge(req):
    filler = "A" * (2 << 20)
    return ('<InterTrackMessage type="ClientTraceReply"><ClientTraceReply '
            'Export_type="AllResultExport"><Options><Option type="pad">%s'
            '</Option></Options></ClientTraceReply></InterTrackMessage>\n' %
            filler).encode()


def deep(req):
    n = 100000
    return (b'<InterTrackMessage type="ClientTraceReply"><ClientTraceReply>'
            + b"<a>" * n + b"</a>" * n +
            b"</ClientTraceReply></InterTrackMessage>\n")


def heartbeat(req):
    root = el(None, "InterTrackMessage", type="HeartbeatRequest")
    hb = el(root, "HeartbeatRequest")
    node(hb, "Master", req["dp"])
    return serialise(root)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        with lock:
            active[0] += 1
        try:
            self.serve()
        finally:
            with lock:
                active[0] -= 1

    def serve(self):
        sock = self.request
        raw = read_request(sock)
        peer = self.client_address[0]
        local = sock.getsockname()[0]
        rec = examine(raw, peer, local)
        with lock:
            rec["concurrent"] = active[0]
        record(rec)
        if not rec["valid"]:
            sys.stderr.write("dp-peer: invalid request: %s\n" % rec["error"])
            return
        msgseq = (rec["seq"][0], (rec["seq"][1] + 1) % 1000000)
        mode = ARGS.mode
        try:
            self.answer(sock, rec, msgseq, mode)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def stall(self, sock):
        # Wait until the bridge gives up and closes (or the test ends).
        sock.settimeout(None)
        try:
            while sock.recv(4096):
                pass
        except OSError:
            pass

    def answer(self, sock, rec, msgseq, mode):
        if mode == "close":
            return
        if mode == "stall":
            return self.stall(sock)
        if mode == "garbage":
            sock.sendall(b"\x00\x01HELLO this is not XML at all\r\n"
                         + os.urandom(256))
            return self.stall(sock)
        if mode == "garbage-xml":
            sock.sendall(b'<?xml version="1.0"?>\n<InterTrackMessage '
                         b'type="ClientMessageIDReply"><ClientMessageIDReply>'
                         b'<oops></ClientMessageIDReply></InterTrackMessage>\n')
            return self.stall(sock)
        if mode == "billion-laughs":
            sock.sendall(billion_laughs(rec))
            return self.stall(sock)
        if mode == "xxe":
            sock.sendall(serialise(id_reply(rec, msgseq)))
            sock.sendall(xxe(rec))
            return self.stall(sock)
        if mode == "deep":
            sock.sendall(deep(rec))
            return self.stall(sock)
        if mode == "wrong-seq":
            other = (rec["seq"][0] ^ 1, rec["seq"][1])
            sock.sendall(serialise(id_reply(rec, msgseq, other)))
            return self.stall(sock)

        first = serialise(id_reply(rec, msgseq))
        if mode == "heartbeat-first":
            sock.sendall(heartbeat(rec))
        if mode == "huge":
            sock.sendall(first)
            sock.sendall(huge(rec))
            return self.stall(sock)
        if mode in ("stall-after-accept", "close-after-accept"):
            sock.sendall(first)
            if mode == "stall-after-accept":
                self.stall(sock)
            return
        second = serialise(trace_reply(rec, msgseq))
        if mode == "concat":
            sock.sendall(first + second)
        elif mode == "nul-separated":
            sock.sendall(first + b"\0" + second + b"\0")
        elif mode == "trickle":
            data = first + second
            for i in range(0, len(data), 7):
                sock.sendall(data[i:i + 7])
                time.sleep(0.0005)
        else:
            sock.sendall(first)
            if ARGS.delay_ms:
                time.sleep(ARGS.delay_ms / 1000.0)
            sock.sendall(second)
        # Close after the answer, as the reference DP's exchange ended.


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


def main():
    if ":" in ARGS.listen:
        Server.address_family = socket.AF_INET6
    srv = Server((ARGS.listen, ARGS.port), Handler)
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
