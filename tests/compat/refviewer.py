"""refviewer.py - what the PACKTER 2.6 reference viewer (PackterViewer, C#)
makes of a datagram, written again from its code, for the tests of what our
programs send to old viewers.

The rules, with where they are in the reference (github.com/limura/packter,
PackterViewer/PackterViewer/PackterViewer/):

PacketReader.cs, ReadData():
  - the first line (StreamReader.ReadLine: up to "\\n", "\\r" or "\\r\\n")
    is compared exactly with the keywords; anything else is ignored;
  - PACKTERHTML, PACKTERMSG, PACKTERSOUND, PACKTERVOICE, PACKTERSE and
    PACKTERSKYDOMETEXTURE: the payload is everything after the first "\\n"
    (String.Split('\\n', 2)), nothing trimmed; a datagram without "\\n" is
    not queued at all;
  - PACKTER, PACKTERBALLISTIC: record lines are read one by one
    (FlyPacketLay.SetFromData) until the first that fails: the rest of the
    datagram is dropped.
FlyPacketLay.cs, SetFromData(): the line is split at every ','; fewer than
  6 words fail; words 0 and 1 by IPv4Tools.IPString2Double (a number with
  one '.' in [0,1) is a fraction, else IPAddress.Parse, scaled by the
  largest address: 255.255.255.255 is 1.0); words 2 and 3 by String2Double
  (a number without '.' from 1 to 65536 is a port, /65536; else a number in
  [0,1]); word 4 is the model name, and as a number (byte.TryParse, 0..255)
  the flag, 0 when it is not one; word 5 the description (to the next ',').
MainForm.cs, intervalTimer_Tick() (the last message of each kind a tick):
  - PACKTERMSG: the picture is before the first ',' and must not be empty
    (IndexOf(',') > 0), the HTML after it;
  - PACKTERSOUND: stops the music first, always; then Split(',', 2) must give
    two parts, int.Parse(the first) the milliseconds (> 0 play, < 0 loop,
    0 nothing), the file the second, Trim()med;
  - PACKTERVOICE: a non-empty payload is SofTalk's command line, as it is;
  - PACKTERSE: a non-empty payload is the file name, as it is (not trimmed:
    "beep.wav\\n" names no file);
  - PACKTERSKYDOMETEXTURE: a non-empty payload is the texture's name, as it
    is; one that does not load removes the sky dome
    (PackterDisplayControl.SetSkydomeTexture).
"""

import ipaddress
import re

CONTROL = ("PACKTERHTML", "PACKTERMSG", "PACKTERSOUND", "PACKTERVOICE",
           "PACKTERSE", "PACKTERSKYDOMETEXTURE")
RECORDS = ("PACKTER", "PACKTERBALLISTIC")

# double.TryParse / int.Parse with the invariant culture, as far as our
# senders go: optional blanks and sign, digits, a point, an exponent.
_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
_INT = re.compile(r"^\s*[+-]?\d+\s*$")


def read_line(text, pos):
    """StreamReader.ReadLine from pos: (line, next pos), or (None, pos)."""
    if pos >= len(text):
        return None, pos
    m = re.compile(r"\r\n|\r|\n").search(text, pos)
    if m is None:
        return text[pos:], len(text)
    return text[pos:m.start()], m.end()


def try_double(s):
    if not _NUMBER.match(s):
        return None
    return float(s)


def ip_to_double(s):
    """IPv4Tools.IPString2Double: -1 for what it refuses."""
    if not s:
        return -1.0
    if s.count(".") == 1:
        d = try_double(s)
        if d is not None and 0 <= d < 1:
            return d
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return -1.0
    b = a.packed
    return int.from_bytes(b, "big") / float((1 << (8 * len(b))) - 1)


def port_to_double(s):
    """FlyPacketLay.String2Double: -1 for what it refuses."""
    if not s:
        return -1.0
    d = try_double(s)
    if d is None:
        return -1.0
    if 1 <= d <= 65536 and "." not in s:
        return d / 65536.0
    if 0 <= d <= 1:
        return d
    return -1.0


def record(line):
    """SetFromData on one line: a dict, or None where it fails."""
    w = line.split(",")
    if len(w) < 6:
        return None
    sx, dx = ip_to_double(w[0]), ip_to_double(w[1])
    sy, dy = port_to_double(w[2]), port_to_double(w[3])
    if sx < 0 or dx < 0 or sy < 0 or dy < 0:
        return None
    flag = int(w[4]) if re.match(r"^\s*\+?\d+\s*$", w[4]) else -1
    return {"sx": sx, "dx": dx, "sy": sy, "dy": dy, "model": w[4],
            "flag": flag if 0 <= flag <= 255 else 0, "desc": w[5]}


def read_data(data):
    """ReadData: ("records", keyword, [record], lines read, stopped at) or
    ("control", keyword, payload) or ("ignored", first line)."""
    text = data.decode("utf-8", "replace")
    first, pos = read_line(text, 0)
    if first in CONTROL:
        parts = text.split("\n", 1)
        if len(parts) != 2:
            return ("ignored", first)
        return ("control", first, parts[1])
    if first in RECORDS:
        recs, stop = [], None
        while True:
            line, pos = read_line(text, pos)
            if line is None:
                break
            r = record(line)
            if r is None:
                stop = line
                break
            recs.append(r)
        return ("records", first, recs, stop)
    return ("ignored", first)


def act(keyword, payload):
    """What intervalTimer_Tick does with a control payload: a dict of what
    it shows, plays, speaks or loads, or {"none": why}."""
    if keyword == "PACKTERHTML":
        return {"html": payload} if payload else {"none": "empty"}
    if keyword == "PACKTERMSG":
        pos = payload.find(",")
        if pos <= 0:
            return {"none": "no picture before the comma"}
        return {"picture": payload[:pos], "html": payload[pos + 1:]}
    if keyword == "PACKTERSOUND":
        parts = payload.split(",", 1)
        if len(parts) != 2:
            return {"stop": True}
        if not _INT.match(parts[0]):
            return {"stop": True, "none": "int.Parse fails"}
        ms = int(parts[0])
        if ms == 0:
            return {"stop": True}
        return {"stop": True, "ms": ms, "file": parts[1].strip()}
    if keyword == "PACKTERVOICE":
        return {"softalk": payload} if payload else {"none": "empty"}
    if keyword == "PACKTERSE":
        return {"se": payload} if payload else {"none": "empty"}
    if keyword == "PACKTERSKYDOMETEXTURE":
        return {"texture": payload} if payload else {"none": "empty"}
    return {"none": "not a control keyword"}


_CLEAN = re.compile(r"^[^\s,\x00]+$")


def clean_name(name):
    """A file name the viewer finds as it is: nothing around it."""
    return bool(_CLEAN.match(name))


def fit(data):
    """Why an old viewer would mishandle this datagram, or None.  A control
    message must be acted on with clean names; a record datagram must have
    every record line taken (it may stop at a PACKTERTIME trailer, its last
    line, which the viewer skips harmlessly)."""
    r = read_data(data)
    if r[0] == "ignored":
        return "keyword line %r ignored" % (r[1],)
    if r[0] == "records":
        _, _, recs, stop = r
        if stop is not None and not stop.startswith("PACKTERTIME "):
            return "stops at %r" % stop
        if stop is not None:
            text = data.decode("utf-8", "replace").rstrip("\n")
            if not text.endswith(stop):
                return "PACKTERTIME is not the last line"
        return None
    kw, payload = r[1], r[2]
    a = act(kw, payload)
    if "none" in a and kw != "PACKTERSOUND":
        return "%s: %s" % (kw, a["none"])
    if "none" in a:
        return "%s: %s" % (kw, a["none"])
    for key in ("picture", "se", "texture"):
        if key in a and not clean_name(a[key]):
            return "%s: %s %r is not a clean name" % (kw, key, a[key])
    if "file" in a and (not clean_name(a["file"]) or
                        not payload.endswith(a["file"])):
        return "%s: file %r" % (kw, a["file"])
    return None
