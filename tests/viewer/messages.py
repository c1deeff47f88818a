"""messages.py - control messages sent to a running viewer (offscreen) have
the effects a screenshot shows.

In a temporary media directory: a solid PNG and a solid JPEG picture, a
solid sky texture, a file that is no picture, the missile model of media/.

- PACKTERMSG with the PNG (and the paper's PACKTERMESG with the JPEG): the
  panel the viewer says it drew holds the picture's colour over most of the
  picture's area and nowhere outside it, and the HTML's <font color> text
  in its colour; --stats says the text.
- PACKTERHTML alone: a panel with text and no picture.
- Space (injected) hides the panel; --message-seconds closes it.
- PACKTERSKYDOMETEXTURE: the sky's colour fills the background, where
  without it the renderer's background colour is; then a file that fails to
  load removes the dome (the reference's behaviour); media/sky.png gives a
  background of many colours.
- Hostile HTML (deep nesting, 60 KB of text, broken markup, bad UTF-8)
  makes a panel that stays inside the window; a flood of 400 messages is
  all accounted for (shown, replaced or rate limited).
- Records of flag 10 are drawn as the missile: its pixels cover a much
  longer shape than the ball of flag 0 at the same place and time, in none
  of the ball's colour; a flag without a model (11) is a ball of flag 1's
  colour.
"""

import os
import shutil

from harness import (FLAG_RGB, ball_at, fail, matches, pixel, project,
                     read_png)
from mediatest import (MEDIA, Viewer, count, media_dir, write_jpeg,
                       write_png)

W, H = 640, 480
PIC_RGB = (230, 30, 200)
JPG_RGB = (20, 200, 40)
SKY_RGB = (200, 120, 20)
BG = (8, 10, 20)        # viewer/gl/render.h: RENDER_BG_* x 255


def panel_case(media, keyword, picture, pic_rgb, tol, html, text, args=(),
               want_panel=True):
    v = Viewer(["--exit-after-messages", "1", "--exit-after", "60"] +
               list(args), W, H, media=media)
    v.send("%s\n%s,%s\n" % (keyword, picture, html))
    v.finish()
    img = read_png(v.png)
    box = v.panel()
    if v.line("message: ") != text:
        fail("%s: message %r, want %r" % (keyword, v.line("message: "),
                                          text))
    if not want_panel:
        if box is not None:
            fail("%s %s: a panel at %r" % (keyword, args, box))
        if count(img, pic_rgb, tol) > 0:
            fail("%s %s: the picture's colour is on the screen" %
                 (keyword, args))
        v.cleanup()
        return None
    if box is None:
        fail("%s: no panel:\n%s" % (keyword, v.out))
    inside = count(img, pic_rgb, tol, box)
    outside = count(img, pic_rgb, tol, box, inside=False)
    # The pictures are 64 x 48, not scaled in a panel of 500 pixels.
    if inside < 0.9 * 64 * 48 or inside > 64 * 48 or outside > 0:
        fail("%s: %d pixels of the picture's colour in the panel %r, %d "
             "outside" % (keyword, inside, box, outside))
    if v.stat("messages shown") != 1 or v.stat("pictures not loaded") != 0:
        fail("%s: counters:\n%s" % (keyword, v.out))
    v.cleanup()
    print("ok: %s %s: the picture in the panel at %r (%d pixels)" %
          (keyword, picture, box, inside))
    return img, box


def test_panels(media):
    img, box = panel_case(
        media, "PACKTERMSG", "solid.png", PIC_RGB, 2,
        '<p>text in <font color="#00ff00">GREEN</font></p>',
        "text in GREEN")
    lime = count(img, (0, 255, 0), 40, box)
    if lime < 20:
        fail("the <font color> text: %d lime pixels in the panel" % lime)
    print("ok: the HTML's coloured text in the panel (%d pixels)" % lime)

    panel_case(media, "PACKTERMESG", "solid.jpg", JPG_RGB, 12,
               "<b>JPEG</b>", "JPEG")

    # HTML alone: a panel of text, no picture.
    v = Viewer(["--exit-after-messages", "1", "--exit-after", "60"], W, H,
               media=media)
    v.send("PACKTERHTML\n<h1>Heading</h1><ul><li>one<li>two</ul>\n")
    v.finish()
    box = v.panel()
    img = read_png(v.png)
    if box is None or v.line("message: ") != "Heading \u2022 one \u2022 two":
        fail("PACKTERHTML: panel %r, message %r" %
             (box, v.line("message: ")))
    text = count(img, (0xe8, 0xec, 0xf4), 24, box)
    if text < 50 or count(img, PIC_RGB, 2) > 0:
        fail("PACKTERHTML: %d pixels of text in the panel" % text)
    v.cleanup()
    print("ok: PACKTERHTML: a panel of text (%d pixels)" % text)

    # Hidden by Space, closed by time.
    panel_case(media, "PACKTERMSG", "solid.png", PIC_RGB, 2, "x", "x",
               ["--inject-key", "Space"], want_panel=False)
    print("ok: Space hides the panel")
    panel_case(media, "PACKTERMSG", "solid.png", PIC_RGB, 2, "x", "x",
               ["--message-seconds", "0.001"], want_panel=False)
    print("ok: the panel closes after --message-seconds")


def test_hostile(media):
    cases = [
        "<b>" * 20000 + "deep",
        "<ul><li>" * 7000 + "nested",
        "word " * 12000,
        "x" * 60000,
        "<p><b>unclosed <i>x</p></b><<<>>>&#xffffff;&bogus; \udcff\udcfe "
        "<font size=999999 color=#zzz>f<span style='font-size:99999px'>s"
        "</span></font><table><tr><td>c<td>d</table>" * 150,
    ]
    v = Viewer(["--exit-after-messages", str(len(cases)),
                "--exit-after", "60"], W, H, media=media)
    for html in cases:
        v.send(("PACKTERHTML\n" + html + "\n").encode("utf-8",
                                                     "surrogateescape"))
        v.handled("PACKTERHTML")
    v.finish()
    box = v.panel()
    if box is None or box[0] < 0 or box[1] < 0 or box[0] + box[2] > W or \
            box[1] + box[3] > H:
        fail("hostile HTML: panel %r in a %dx%d window" % (box, W, H))
    if v.stat("messages shown") != len(cases):
        fail("hostile HTML: counters\n" + v.out)
    v.cleanup()
    print("ok: %d hostile HTML messages shown, the panel %r within the "
          "window" % (len(cases), box))

    n = 400
    v = Viewer(["--exit-after-messages", str(n), "--exit-after", "60"],
               W, H, media=media)
    for i in range(n):
        v.send("PACKTERMSG\nsolid.png,<p>message %d</p>\n" % i)
    v.finish()
    got = {k: v.stat(k) for k in ("messages shown", "replaced before "
                                  "applied", "rate limited")}
    if sum(got.values()) != n or got["messages shown"] < 1 or \
            got["rate limited"] == 0:
        fail("a flood of %d messages: %r" % (n, got))
    v.cleanup()
    print("ok: a flood of %d messages, all counted: %r" % (n, got))


def background(img):
    """Fractions of the pixels in the scene area (outside the HUD's top
    panel, legend and the boards' middle) that are the sky's colour and
    the renderer's background."""
    sky = count(img, SKY_RGB, 3)
    bg = count(img, BG, 3)
    return sky / float(W * H), bg / float(W * H)


def test_skydome(media):
    v = Viewer(["--exit-after-messages", "1", "--exit-after", "60"], W, H,
               media=media)
    v.send("PACKTERSKYDOMETEXTURE\nsky-solid.png\n")
    v.finish()
    sky, bg = background(read_png(v.png))
    if v.line("sky dome: ") != "sky-solid.png" or sky < 0.5 or bg > 0.01:
        fail("sky dome: %r, %.2f of the screen sky, %.2f background" %
             (v.line("sky dome: "), sky, bg))
    v.cleanup()
    print("ok: the sky dome fills %.0f%% of the screen" % (100 * sky))

    # A file that is no picture: no dome.
    v = Viewer(["--exit-after-messages", "2", "--exit-after", "60"], W, H,
               media=media)
    v.send("PACKTERSKYDOMETEXTURE\nsky-solid.png\n")
    v.handled("PACKTERSKYDOMETEXTURE set")
    v.send("PACKTERSKYDOMETEXTURE\nnot-a-picture.png\n")
    v.finish()
    sky, bg = background(read_png(v.png))
    if (v.line("sky dome: ") != "none" or sky > 0 or bg < 0.5 or
            v.stat("sky domes removed") != 1 or
            v.stat("sky domes set") != 1):
        fail("bad sky file: %r, %.2f sky, %.2f background\n%s" %
             (v.line("sky dome: "), sky, bg, v.out))
    v.cleanup()
    print("ok: a sky texture that fails to load removes the dome")

    # Our own sky: a background of many colours, not the plain one.
    v = Viewer(["--exit-after-messages", "1", "--exit-after", "60"], W, H,
               media=MEDIA)
    v.send("PACKTERSKYDOMETEXTURE\nsky.png\n")
    v.finish()
    img = read_png(v.png)
    _, bg = background(img)
    colours = set()
    for row in img[2][100:380]:
        for x in range(200, 440):
            colours.add(row[3 * x:3 * x + 3])
    if v.line("sky dome: ") != "sky.png" or bg > 0.3 or len(colours) < 50:
        fail("media/sky.png: %.2f background, %d colours" %
             (bg, len(colours)))
    v.cleanup()
    print("ok: media/sky.png as the dome (%d colours)" % len(colours))


def lit_box(img, cx, cy, r):
    """Bounding box and count of the pixels near (cx, cy) that are not the
    background."""
    xs, ys = [], []
    for y in range(int(cy) - r, int(cy) + r + 1):
        for x in range(int(cx) - r, int(cx) + r + 1):
            px = pixel(img, x, y)
            if px is not None and max(abs(px[i] - BG[i])
                                      for i in range(3)) > 40:
                xs.append(x)
                ys.append(y)
    if not xs:
        return 0, 0, 0
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1, len(xs)


def flight(media, flag, name):
    """One record of this flag, frozen at mid-flight, front view."""
    src, dst, sport, dport = "10.0.0.1", "240.0.0.1", 40000, 20000
    v = Viewer(["--view", "1", "--flight-ms", "2000",
                "--exit-after-records", "1", "--record-offset", "1000",
                "--exit-after", "60"], W, H, media=media)
    v.send("PACKTER\n%s,%s,%d,%d,%d,%s\n" % (src, dst, sport, dport, flag,
                                             name))
    v.finish()
    img = read_png(v.png)
    c = project(1, W, H, ball_at(src, sport, dst, dport, 0.5))
    drawn = v.line("models: ")
    v.cleanup()
    return img, c, drawn


def test_models(media):
    ball, c, _ = flight(media, 0, "ball")
    missile, c2, drawn = flight(media, 10, "missile")
    other, _, _ = flight(media, 11, "no model")
    bw, bh, bn = lit_box(ball, c[0], c[1], 40)
    mw, mh, mn = lit_box(missile, c[0], c[1], 40)
    if not matches(pixel(ball, int(c[0]), int(c[1])), FLAG_RGB[0]):
        fail("the flag 0 ball is not at %r" % (c,))
    if drawn != "1 drawn 1":
        fail("models: %r" % drawn)
    # The missile: a long shape, several times the ball's length, and
    # no pixel of a pink ball.
    if max(mw, mh) < 3 * max(bw, bh) or mn < bn:
        fail("missile %dx%d (%d pixels), ball %dx%d (%d)" %
             (mw, mh, mn, bw, bh, bn))
    for y in range(int(c[1]) - 3, int(c[1]) + 4):
        for x in range(int(c[0]) - 3, int(c[0]) + 4):
            if matches(pixel(missile, x, y), FLAG_RGB[0], 30):
                fail("a pink ball where the missile is, at %d,%d" % (x, y))
    # Without a model, flag 11 is a ball of flag 1's colour.
    if not any(matches(pixel(other, int(c[0]) + dx, int(c[1]) + dy),
                       FLAG_RGB[1])
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
        fail("flag 11 is not a ball of flag 1's colour")
    print("ok: flag 10 drawn as the missile (%dx%d px, %d lit) where flag "
          "0 is a ball (%dx%d px); flag 11 wraps to 1" %
          (mw, mh, mn, bw, bh))


def main():
    media = media_dir(models=True)
    try:
        write_png(os.path.join(media, "solid.png"), 64, 48, PIC_RGB)
        write_jpeg(os.path.join(media, "solid.jpg"), 64, 48, JPG_RGB)
        write_png(os.path.join(media, "sky-solid.png"), 64, 32, SKY_RGB)
        with open(os.path.join(media, "not-a-picture.png"), "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\nthis is no picture" * 10)
        test_panels(media)
        test_hostile(media)
        test_skydome(media)
        test_models(media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
