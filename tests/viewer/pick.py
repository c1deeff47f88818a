"""pick.py - pointing at a ball names it: a synthetic mouse move onto the
projected centre of a known ball makes it the hovered ball, a click pins it
(the display is paused, as an operator would), and it is drawn larger.  A
click where no ball is pins nothing.
"""

import random

from harness import (Viewer, ball_at, display_modes, fail, pixel, project)

W, H = 640, 480
VIEW = 2
FLIGHT = 1000
BALLS = [  # src, dst, sport, dport, flag
    ("10.0.0.1", "192.168.1.1", 20000, 20000, 1),
    ("100.0.0.1", "100.0.0.2", 45000, 45000, 2),
    ("200.0.0.1", "150.0.0.2", 30000, 52000, 3),
]
TARGET = 1


def lit(img, cx, cy, r):
    """Pixels around (cx, cy) brighter than the background and boards."""
    n = 0
    for y in range(int(cy) - r, int(cy) + r + 1):
        for x in range(int(cx) - r, int(cx) + r + 1):
            px = pixel(img, x, y)
            if px is not None and max(px) > 150:
                n += 1
    return n


def run(mode, on_ball):
    token = "pick-%08x" % random.getrandbits(32)
    lines = ["%s,%s,%d,%d,%d,ball %d %s" % (b + (i, token))
             for i, b in enumerate(BALLS)]
    centres = [project(VIEW, W, H, ball_at(b[0], b[2], b[1], b[3], 0.5))
               for b in BALLS]
    if on_ball:
        x, y = centres[TARGET]
    else:
        x, y = W / 2 + 150, 100  # above the boards, no ball there
    pos = "%d,%d" % (int(x), int(y))
    v = Viewer(["--view", str(VIEW), "--flight-ms", str(FLIGHT),
                "--exit-after-records", str(len(BALLS)), "--record-offset",
                str(FLIGHT // 2), "--exit-after", "60",
                "--inject-move", pos, "--inject-click", pos,
                "--inject-move", pos], mode, W, H)
    v.send("PACKTER\n" + "\n".join(lines) + "\n")
    v.finish()
    hover, selected = v.line("hover: "), v.line("selected: ")
    if on_ball:
        want = "ball %d %s" % (TARGET, token)
        if hover != want or selected != want:
            fail("%s: pointer at (%s): hover %r, selected %r, want %r" %
                 (mode, pos, hover, selected, want))
        img = v.image()
        big = lit(img, *centres[TARGET], 14)
        small = [lit(img, *centres[i], 14) for i in range(len(BALLS))
                 if i != TARGET]
        if not all(big > 2 * s for s in small):
            fail("%s: the picked ball is not drawn larger: %d vs %r" %
                 (mode, big, small))
        print("ok: %s: the ball under the pointer is named, pinned and "
              "enlarged" % mode)
    else:
        if hover != "(none)" or selected != "(none)":
            fail("%s: nothing under (%s), but hover %r, selected %r" %
                 (mode, pos, hover, selected))
        print("ok: %s: nothing picked where no ball is" % mode)
    v.cleanup()


def main():
    for mode in display_modes():
        run(mode, True)
    run("offscreen", False)


if __name__ == "__main__":
    main()
