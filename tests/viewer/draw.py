"""draw.py - records of known flags, sent to a running viewer, must be drawn
where the camera projection says and nowhere else.

One datagram of ten records (flags 0-9, IPv4 and IPv6, on a grid of board
points) plus a bad line in the middle.  The viewer freezes the display at
mid-flight of that datagram (--exit-after-records, --record-offset = half the
flight) and writes a screenshot.  For each flag: its colour is found within a
pixel or two of the projected ball centre, and nowhere else in the scene area
(the HUD's legend, which shows every colour, is left out).

The same with and without --occlusion.  Then through the keys: B (a tenth of a second back, paused) moves
every ball back to where the projection puts it at 0.4 of its flight, and
Backspace (5 minutes back) leaves the boards empty.  The offscreen run also
writes a PPM stream, whose last frame must be the screenshot.
"""

from harness import (FLAG_RGB, Viewer, ball_at, display_modes, fail, matches,
                     pixel, project, read_ppm_frames)

W, H = 640, 480
VIEW = 2
FLIGHT = 1000
FIRST_OCTET = [40, 100, 160, 220]
PORTS = [12000, 30000, 48000]


def records():
    recs = []
    for f in range(10):
        a = FIRST_OCTET[f % 4]
        port = PORTS[f // 4]
        if f < 5:
            src = dst = "%d.1.2.3" % a
        else:
            src = dst = "%x::1" % (a * 256)
        recs.append((src, dst, port, port, f))
    return recs


# Bytes of 40 and more: every flag colour has a channel above that, the
# background and the boards have none.
BRIGHT = bytes(0 if i < 40 else 1 for i in range(256))


def lit_pixels(img):
    """(x, y, rgb) of the pixels with a channel of 40 or more."""
    w, h, rows = img
    for y, row in enumerate(rows):
        t = row.translate(BRIGHT)
        i = t.find(1)
        while i >= 0:
            x = i // 3
            yield x, y, tuple(row[3 * x:3 * x + 3])
            i = t.find(1, 3 * x + 3)


def near_predicted(x, y, centres, radius):
    return any((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
               for cx, cy in centres)


def scene_area(x, y):
    """Pixels outside the HUD: top panel, legend (the colours, the models in
    use), the scrubber and the text above it."""
    if y < 90 or y >= H - 60:
        return False
    if x < 200 and y >= H - 250:
        return False
    return True


def run(mode, keys=(), progress=0.5, ppm=False, view=VIEW, extra=()):
    recs = records()
    lines = ["%s,%s,%d,%d,%d,flag %d test ball" % (r + (r[4],)) for r in recs]
    lines.insert(5, "this line is not a record")
    args = ["--view", str(view), "--flight-ms", str(FLIGHT),
            "--exit-after-records", "10", "--record-offset",
            str(FLIGHT // 2), "--exit-after", "60"]
    for k in keys:
        args += ["--inject-key", k]
    args += list(extra)
    v = Viewer(args, mode, W, H, ppm=ppm)
    v.send("PACKTER\n" + "\n".join(lines) + "\n")
    v.finish()
    if v.stat("records") != 10 or v.stat("bad record lines") != 1:
        fail("expected 10 records and 1 bad line:\n" + v.out)
    img = v.image()
    if img[0] != W or img[1] != H:
        fail("screenshot is %dx%d" % (img[0], img[1]))
    if ppm:
        frames = read_ppm_frames(v.ppm)
        if len(frames) < 2 or frames[-1][:2] != (W, H):
            fail("PPM stream: %d frames" % len(frames))
        if frames[-1][2] != b"".join(img[2]):
            fail("the PPM stream's last frame is not the screenshot")

    if progress is None:
        for x, y, px in lit_pixels(img):
            if scene_area(x, y) and any(matches(px, FLAG_RGB[f])
                                        for f in range(10)):
                fail("%s: a ball at (%d, %d) 5 minutes back" % (mode, x, y))
        v.cleanup()
        print("ok: %s: Backspace: nothing in flight 5 minutes back" % mode)
        return

    centres = {}
    for (src, dst, sport, dport, f) in recs:
        p = project(view, W, H, ball_at(src, sport, dst, dport, progress))
        if p is None or not scene_area(p[0], p[1]):
            fail("test ball %d is off the scene area: %r" % (f, p))
        centres[f] = p
    for f, (x, y) in centres.items():
        for g, (x2, y2) in centres.items():
            if f < g and (x - x2) ** 2 + (y - y2) ** 2 < 12 ** 2:
                fail("test balls %d and %d are too close on the screen" %
                     (f, g))

    for f, (cx, cy) in centres.items():
        found = [(x, y) for x in range(int(cx) - 2, int(cx) + 3)
                 for y in range(int(cy) - 2, int(cy) + 3)
                 if matches(pixel(img, x, y), FLAG_RGB[f])]
        if not found:
            near = [pixel(img, int(cx) + dx, int(cy) + dy)
                    for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            fail("%s: flag %d (#%06X) not at (%.1f, %.1f): %r" %
                 (mode, f, FLAG_RGB[f], cx, cy, near))

    # Nowhere else: every pixel of a flag's colour is on a ball (a darker rim
    # of one colour can match another: lime at half is green).
    counted = {f: 0 for f in centres}
    all_centres = list(centres.values())
    for x, y, px in lit_pixels(img):
        if not scene_area(x, y):
            continue
        for f in centres:
            if matches(px, FLAG_RGB[f]):
                if not near_predicted(x, y, all_centres, 8):
                    fail("%s: flag %d colour at (%d, %d), no ball there" %
                         (mode, f, x, y))
                if near_predicted(x, y, [centres[f]], 8):
                    counted[f] += 1
    for f, n in counted.items():
        if n == 0 or n > 100:
            fail("%s: flag %d: %d pixels" % (mode, f, n))
    v.cleanup()
    print("ok: %s: 10 balls where the projection puts them at %.2f%s%s" %
          (mode, progress, " after " + "+".join(keys) if keys else "",
           " " + " ".join(extra) if extra else ""))


def main():
    for mode in display_modes():
        run(mode, ppm=(mode == "offscreen"))
    # The other way of drawing: with a depth buffer (without is the default
    # on a software renderer such as this one).
    run("offscreen", extra=["--occlusion"])
    # The home view sees the flights across the screen: a tenth of a
    # second moves each ball by tens of pixels.
    run("offscreen", keys=["B"], progress=0.4, view=0)
    run("offscreen", keys=["Backspace"], progress=None)


if __name__ == "__main__":
    main()
