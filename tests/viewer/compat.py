"""compat.py - the PACKTER 2.x reference implementation's real message forms
(tests/viewer/data/reference/, one datagram a file, see its README) fed to a
running viewer (offscreen, SDL's disk audio driver): what is shown and
played, as the reference viewer would.

- The bridge's "request started" set, as packter_tc.pl -s sends it with the
  sample configuration: the message is shown, the SofTalk voice line is
  spoken (its /W: words: speech in the capture), the 10 s sound plays, and
  the empty PACKTERSKYDOMETEXTURE is ignored: the BMP sky set before stays
  on the screen.  An empty PACKTERSOUND then stops the sound: the capture
  holds far less than 10 s of it.
- The agent's alarm voice (with its trailing newline) is spoken; a SofTalk
  line of options alone says nothing and is counted.
- PACKTERWITHGATEWAY: at half its flight the ball, in flag 1's colour (its
  DESC "1"), is on the gateway board, at the gateway's point, half way
  between the boards; --gateway-board on draws the board where off does
  not, and auto draws it once such a record has come.
- packter13.x (a DirectX .x text model, with a BMP texture its material
  names) is drawn for the records of flag 12, as the reference numbers its
  models.

Look at the screenshots: PACKTER_KEEP_SHOTS=DIR keeps them.
"""

import os
import shutil
import struct
import tempfile
import time

from harness import (FLAG_RGB, TOP_SRCDIR, ball_at, fail, matches, pixel,
                     project, read_png)
from mediatest import Viewer, count, loud_span, media_dir, write_png

W, H = 480, 360
REF = os.path.join(TOP_SRCDIR, "tests", "viewer", "data", "reference")
SKY_RGB = (30, 160, 90)
TEX_RGB = (250, 200, 10)
TEX_HEX = 0xFAC80A
KEEP = os.environ.get("PACKTER_KEEP_SHOTS")


def have_espeak():
    path = os.path.join(os.environ.get("top_builddir", "."), "config.h")
    with open(path) as f:
        return "#define HAVE_ESPEAK_NG 1" in f.read()


ESPEAK = have_espeak()


def dgram(name):
    with open(os.path.join(REF, name), "rb") as f:
        return f.read()


def keep(v, name):
    if KEEP:
        os.makedirs(KEEP, exist_ok=True)
        shutil.copy(v.png, os.path.join(KEEP, name + ".png"))


def write_bmp(path, w, h, rgb):
    """A 24-bit bottom-up Windows bitmap of one colour."""
    row = bytes([rgb[2], rgb[1], rgb[0]]) * w
    row += b"\0" * ((4 - len(row) % 4) % 4)
    pix = row * h
    head = b"BM" + struct.pack("<IHHI", 54 + len(pix), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pix), 2835,
                       2835, 0, 0)
    with open(path, "wb") as f:
        f.write(head + info + pix)


def write_tone(path, seconds):
    import math
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"".join(
            struct.pack("<h", int(12000 * math.sin(i * 0.12)))
            for i in range(int(22050 * seconds))))


# A box 3 long in x, 0.6 high and deep, as a .x text mesh: 8 corners, 6
# quads (clockwise from outside, DirectX's front), its material's texture a
# BMP by a Windows path.
XBOX = """xof 0303txt 0032
template Vector {
 <3D82AB5E-62DA-11cf-AB39-0020AF71E433>
 FLOAT x;
 FLOAT y;
 FLOAT z;
}

Frame Missile {
 FrameTransformMatrix {
  1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0,0.0,0.0,1.0;;
 }
 Mesh Body {
  8;
  -1.5;-0.3;-0.3;, 1.5;-0.3;-0.3;, 1.5;0.3;-0.3;, -1.5;0.3;-0.3;,
  -1.5;-0.3;0.3;, 1.5;-0.3;0.3;, 1.5;0.3;0.3;, -1.5;0.3;0.3;;
  6;
  4;0,3,2,1;, 4;4,5,6,7;, 4;0,1,5,4;, 4;3,7,6,2;, 4;0,4,7,3;, 4;1,2,6,5;;
  MeshMaterialList {
   1; 6; 0,0,0,0,0,0;;
   Material {
    1.0;1.0;1.0;1.0;;
    10.0;
    0.0;0.0;0.0;;
    0.0;0.0;0.0;;
    TextureFilename { "C:\\\\packter\\\\yellow.bmp"; }
   }
  }
  MeshTextureCoords {
   8;
   0;0;, 1;0;, 1;1;, 0;1;, 0;0;, 1;0;, 1;1;, 0;1;;
  }
 }
}
"""


def compat_media():
    d = media_dir()
    write_bmp(os.path.join(d, "skydometexture.bmp"), 64, 32, SKY_RGB)
    write_tone(os.path.join(d, "Traceback.wav"), 12)
    write_png(os.path.join(d, "female.png"), 48, 48, (230, 30, 200))
    os.mkdir(os.path.join(d, "models"))
    with open(os.path.join(d, "models", "packter13.x"), "w") as f:
        f.write(XBOX)
    write_bmp(os.path.join(d, "models", "yellow.bmp"), 8, 8, TEX_RGB)
    return d


def test_bridge_set(media):
    tmp = tempfile.mkdtemp(prefix="packter-compat-test.")
    raw = os.path.join(tmp, "out.raw")
    v = Viewer(["--exit-after-messages", "6", "--exit-after", "60"], W, H,
               media=media, audio_file=raw)
    v.send(dgram("skydome-bmp"))
    v.handled("PACKTERSKYDOMETEXTURE set")
    for name in ("bridge-start-msg", "bridge-start-voice",
                 "bridge-start-sound", "bridge-start-skydome"):
        v.send(dgram(name))
    v.handled("PACKTERSOUND playing")
    if ESPEAK:
        v.handled("PACKTERVOICE speaking")
    # Some of the sound and the voice played (the capture tells), then stop.
    deadline = time.time() + 20
    while time.time() < deadline and (not os.path.exists(raw) or
                                      os.path.getsize(raw) < 400000):
        time.sleep(0.05)
    v.send(dgram("sound-stop"))
    v.finish()
    keep(v, "bridge-set")
    reports = v.reports()
    img = read_png(v.png)
    sky = count(img, SKY_RGB, 3)
    total, span, loud, tail = loud_span(raw, v.out)
    shutil.rmtree(tmp, ignore_errors=True)
    want = ["PACKTERSKYDOMETEXTURE set", "PACKTERMSG shown",
            "PACKTERSKYDOMETEXTURE ignored: no name", "PACKTERSOUND playing",
            "PACKTERSOUND stopped"] + (["PACKTERVOICE speaking"] if ESPEAK
                                       else [])
    for w in want:
        if w not in reports:
            fail("the bridge's set: no %r in %r" % (w, reports))
    if v.line("sky dome: ") != "skydometexture.bmp" or \
            sky < 0.2 * W * H or v.stat("sky domes ignored (no name)") != 1:
        fail("the BMP sky after an empty name: %r, %d sky pixels" %
             (v.line("sky dome: "), sky))
    if not (v.line("message: ") or "").startswith(
            "Launchd IP traceback process"):
        fail("the bridge's message: %r" % v.line("message: "))
    if v.stat("voice texts as SofTalk lines") != 1:
        fail("the SofTalk line was not read as one:\n" + v.out)
    if loud < 0.5 or span > 8:
        fail("sound and voice: %.2f s loud over %.2f s (10 s asked, "
             "stopped)" % (loud, span))
    v.cleanup()
    print("ok: the bridge's set: message shown, SofTalk voice spoken, the "
          "sound stopped by an empty PACKTERSOUND after %.1f s, the BMP sky "
          "kept over an empty name (%.0f%% of the screen)" %
          (span, 100.0 * sky / (W * H)))


def test_voice(media):
    tmp = tempfile.mkdtemp(prefix="packter-compat-test.")
    raw = os.path.join(tmp, "out.raw")
    v = Viewer(["--exit-after-messages", "2", "--exit-after", "60"], 320,
               240, media=media, audio_file=raw)
    v.send(dgram("voice-options-only"))
    v.handled("PACKTERVOICE nothing to say")
    v.send(dgram("agent-alarm-voice"))
    v.finish()
    if v.line("voice: ") != "espeak-ng":
        v.cleanup()
        print("skip: built without libespeak-ng")
        return
    total, span, loud, tail = loud_span(raw, v.out)
    shutil.rmtree(tmp, ignore_errors=True)
    if v.stat("voice texts spoken") != 1 or \
            v.stat("voice texts with nothing to say") != 1 or loud < 0.5:
        fail("the agent's alarm voice: %.2f s loud\n%s" % (loud, v.out))
    v.cleanup()
    print("ok: the agent's SofTalk alarm line spoken (%.2f s of speech); "
          "options alone say nothing" % loud)


def gateway_point(u, v):
    return (0.0, (v - 0.5) * 2, (0.5 - u) * 2)


def test_gateway(media):
    # A record of flag 5 to freeze on, then the gateway record: frozen at
    # half the record's flight, the gateway ball is at its gateway point.
    v = Viewer(["--view", "1", "--flight-ms", "4000",
                "--exit-after-records", "1", "--record-offset", "2000",
                "--exit-after", "60"], W, H, media=media)
    v.send("PACKTER\n10.0.0.1,10.0.0.2,60000,60000,5,clock\n")
    v.send(dgram("gateway"))
    v.finish()
    keep(v, "gateway-ball")
    img = read_png(v.png)
    gx, gy = project(1, W, H, gateway_point(128 / 256.0, 49152 / 65536.0))
    # Within 6 px: the ball's sampled time may sit a frame off half-flight.
    near = [(x, y) for y in range(int(gy) - 6, int(gy) + 7)
            for x in range(int(gx) - 6, int(gx) + 7)
            if matches(pixel(img, x, y), FLAG_RGB[1], 40)]
    if not near or v.line("gateway: ") is None or \
            not v.line("gateway: ").startswith("board shown, 1 records"):
        fail("no flag 1 ball at the gateway point %.0f,%.0f (%r)" %
             (gx, gy, v.line("gateway: ")))
    # And not where a straight flight would put it.
    sx, sy = project(1, W, H, ball_at("10.0.0.1", 16384, "240.0.0.1",
                                      16384, 0.5))
    if any(matches(pixel(img, x, y), FLAG_RGB[1], 40)
           for y in range(int(sy) - 2, int(sy) + 3)
           for x in range(int(sx) - 2, int(sx) + 3)):
        fail("a ball where the straight flight would be")
    v.cleanup()
    print("ok: PACKTERWITHGATEWAY: the ball on the gateway board at "
          "%.0f,%.0f (%d pixels of flag 1's colour), not on the straight "
          "line" % (gx, gy, len(near)))

    shots = {}
    for mode in ("on", "off", "auto"):
        v = Viewer(["--gateway-board", mode, "--exit-after", "1.5"], W, H,
                   media=media)
        v.finish()
        keep(v, "gateway-board-" + mode)
        shots[mode] = (read_png(v.png), v.line("gateway: "))
        v.cleanup()
    on, off, auto = (shots[m][0] for m in ("on", "off", "auto"))
    corners = [project(0, W, H, gateway_point(u, w))
               for u, w in ((0, 0), (1, 0), (1, 1), (0, 1))]
    cx = sum(c[0] for c in corners) / 4
    cy = sum(c[1] for c in corners) / 4
    # The board's box on the screen, below the HUD's clock (which differs).
    box = [(x, y) for y in range(max(70, int(min(c[1] for c in corners))),
                                 int(max(c[1] for c in corners)) + 1)
           for x in range(int(min(c[0] for c in corners)),
                          int(max(c[0] for c in corners)) + 1)]
    diff = sum(1 for x, y in box if pixel(on, x, y) != pixel(off, x, y))
    inside = pixel(on, int(cx), int(cy)), pixel(off, int(cx), int(cy))
    if diff < 0.3 * len(box) or inside[0] == inside[1] or \
            not shots["on"][1].startswith("board shown") or \
            not shots["off"][1].startswith("board hidden") or \
            not shots["auto"][1].startswith("board hidden"):
        fail("--gateway-board: %d pixels differ, centre %r; %r" %
             (diff, inside, [shots[m][1] for m in shots]))
    if any(pixel(auto, x, y) != pixel(off, x, y) for x, y in box):
        fail("--gateway-board auto drew a board before any record")
    print("ok: --gateway-board on draws the middle board (%d of its %d "
          "pixels, centre %r against %r), off and auto without records do "
          "not" % (diff, len(box), inside[0], inside[1]))


def test_xmodel(media):
    src, dst, sport, dport = "10.0.0.1", "240.0.0.1", 40000, 20000
    v = Viewer(["--view", "1", "--flight-ms", "2000",
                "--exit-after-records", "1", "--record-offset", "1000",
                "--exit-after", "60"], W, H, media=media)
    v.send("PACKTER\n%s,%s,%d,%d,12,alarm\n" % (src, dst, sport, dport))
    v.finish()
    keep(v, "xmodel")
    img = read_png(v.png)
    c = project(1, W, H, ball_at(src, sport, dst, dport, 0.5))
    tex = [(x, y) for y in range(int(c[1]) - 40, int(c[1]) + 41)
           for x in range(int(c[0]) - 60, int(c[0]) + 61)
           if matches(pixel(img, x, y), TEX_HEX, 90)]
    xs = [p[0] for p in tex]
    if v.line("models: ") != "1 drawn 1" or len(tex) < 40 or \
            max(xs) - min(xs) < 12:
        fail("packter13.x for flag 12: %r, %d texture pixels" %
             (v.line("models: "), len(tex)))
    v.cleanup()
    print("ok: packter13.x drawn for flag 12 with its BMP texture (%d "
          "pixels, %d wide)" % (len(tex), max(xs) - min(xs) + 1))


def main():
    media = compat_media()
    try:
        test_xmodel(media)
        test_gateway(media)
        test_bridge_set(media)
        test_voice(media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
