"""infobox.py - a ball tells what it is: the pointer on a crafted ball's
projected centre (as pick.py does) shows its box, and the box, read back
from the screenshot with OCR (tesseract), names the class and the ports of
that packet, with -T's digest and bridge; an ICMP ball names its type.  The
box is opaque: its margin is the background colour alone, whatever the
board behind it.  Several balls under the pointer: the box counts them and
Tab goes to the next.
"""

import os
import random
import re
import shutil
import subprocess
import tempfile

from harness import (Viewer, ball_at, display_modes, fail, pixel, project,
                     skip)

W, H = 800, 600
VIEW = 2
FLIGHT = 1000
FONT_PX = "22"          # large enough for OCR to read at once
BOX_RGB = (0x0b, 0x0f, 0x18)
MARGIN = 4              # pixels inside the box's edge that hold no text


def box_of(v, what):
    m = re.match(r"(\d+),(\d+) (\d+)x(\d+)$", v.line(what + ": ") or "")
    if m is None:
        fail("no %s in --stats: %r" % (what, v.line(what + ": ")))
    return tuple(int(g) for g in m.groups())


def ocr(img, box, tmp):
    """The text in box of img, dark on light and twice the size."""
    x0, y0, bw, bh = box
    w2, h2 = 2 * bw, 2 * bh
    out = bytearray()
    for y in range(h2):
        for x in range(w2):
            px = pixel(img, x0 + x // 2, y0 + y // 2) or (0, 0, 0)
            out.append(255 - max(px))
    path = os.path.join(tmp, "box.pgm")
    with open(path, "wb") as fh:
        fh.write(b"P5\n%d %d\n255\n" % (w2, h2) + bytes(out))
    r = subprocess.run(["tesseract", path, "stdout", "--psm", "6"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    if r.returncode != 0:
        fail("tesseract: %s" % r.stderr)
    return r.stdout


def check_opaque(img, box, mode):
    x0, y0, bw, bh = box
    bad = 0
    for x in range(x0 + 1, x0 + bw - 1):
        for y in list(range(y0 + 1, y0 + MARGIN)) + \
                list(range(y0 + bh - MARGIN, y0 + bh - 1)):
            if pixel(img, x, y) != BOX_RGB:
                bad += 1
    if bad:
        fail("%s: %d pixels of the box's margin are not its background: "
             "something shows through" % (mode, bad))


def run_box(mode, line, want, centre_of):
    token = "%08x" % random.getrandbits(32)
    src, dst, sport, dport = centre_of
    x, y = project(VIEW, W, H, ball_at(src, sport, dst, dport, 0.5))
    pos = "%d,%d" % (int(x), int(y))
    v = Viewer(["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                "--exit-after-records", "1", "--record-offset",
                str(FLIGHT // 2), "--exit-after", "60", "--font-size",
                FONT_PX, "--inject-move", pos], mode, W, H)
    v.send("PACKTER\n%s\n" % line.replace("TOKEN", token))
    v.finish()
    box = box_of(v, "hover box")
    img = v.image()
    check_opaque(img, box, mode)
    text = ocr(img, box, v.tmp)
    flat = " ".join(text.split())
    for w in want:
        if w not in flat:
            keep = os.path.join(tempfile.gettempdir(),
                                "packter-infobox-%s.png" % mode)
            shutil.copy(v.png, keep)
            fail("%s: the box should say %r; OCR read %r (screenshot "
                 "kept in %s)" % (mode, w, flat, keep))
    print("ok: %s: the box reads %s" % (mode, ", ".join(repr(w)
                                                         for w in want)))
    v.cleanup()


def run_tab(mode):
    """Two balls on the same spot: counted, Tab hovers the other one."""
    lines = ["10.20.30.40,10.20.30.41,30000,30000,3,first ball",
             "10.20.30.40,10.20.30.41,30000,30000,8,second ball"]
    x, y = project(VIEW, W, H, ball_at("10.20.30.40", 30000, "10.20.30.41",
                                       30000, 0.5))
    pos = "%d,%d" % (int(x), int(y))
    got = {}
    for keys in ([], ["Tab"], ["Tab", "Tab"]):
        args = ["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                "--exit-after-records", "2", "--record-offset",
                str(FLIGHT // 2), "--exit-after", "60", "--inject-move",
                pos]
        for k in keys:
            args += ["--inject-key", k]
        v = Viewer(args, mode, W, H)
        v.send("PACKTER\n" + "\n".join(lines) + "\n")
        v.finish()
        if v.line("under pointer: ") != "2":
            fail("%s: two balls under the pointer, --stats says %r" %
                 (mode, v.line("under pointer: ")))
        got[len(keys)] = v.line("hover: ")
        v.cleanup()
    if got != {0: "first ball", 1: "second ball", 2: "first ball"}:
        fail("%s: Tab should go first -> second -> first: %r" % (mode, got))
    print("ok: %s: two balls under the pointer, Tab goes through them" %
          mode)


def main():
    if shutil.which("tesseract") is None:
        skip("tesseract is not installed (Debian: tesseract-ocr)")
    md5 = "0123456789abcdef0123456789abcdef"
    tcp = ("10.1.2.3", "172.16.5.6", 40000, 443)
    icmp = ("192.0.2.1", "198.51.100.9", 8 * 256, 0)
    for mode in display_modes():
        run_box(mode, "10.1.2.3,172.16.5.6,40000,443,1,%s-127.0.0.1" % md5,
                ["IPv4 TCP SYN", "port 40000", "port 443", "10.1.2.3",
                 "172.16.5.6", "bridge 127.0.0.1", "digest 0123456789ab"],
                tcp)
    run_box("offscreen", "192.0.2.1,198.51.100.9,2048,0,4,ICMPv4 "
            "src:192.0.2.1 dst:198.51.100.9 (type:8 code:0) TOKEN",
            ["IPv4 ICMP", "echo request", "type 8"], icmp)
    run_tab("offscreen")


if __name__ == "__main__":
    main()
