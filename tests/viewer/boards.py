"""boards.py - the boards' ranges, filters and configuration on a running
viewer, checked in its screenshots.

- --range 10.0.0.0/8 --outside hide: a ball of 10.128.0.1, port 32768, is
  drawn at the middle of the sender board (seen face-on from the side view),
  not where the whole address space would put it; a ball of 192.0.2.1 is
  nowhere.  With --outside edge the latter is on the board's back edge.
- --filter "dst port 80": the port 80 ball is drawn, the port 443 one is
  not; --filter "port http" is refused with exit status 2 and a caret under
  the word.
- The tick labels of a prefix board, read back with tesseract.
- --boards 4 --board 127.0.0.2=3: the records of the datagrams sent from
  127.0.0.2 start from sender board 3 (the square's front side), those from
  127.0.0.1 from board 1 (its back side), where boards.h's ring puts them.
- A running viewer's range changed by editing its --config file and sending
  SIGHUP: the viewer says so on its standard output (the test waits for that
  line, not for a time), reports the bad line with file:line and skips it,
  and the ball sent after lands at the new range's middle.
"""

import os
import re
import shutil
import math
import signal
import socket
import subprocess
import sys

from harness import (FLAG_RGB, SHADERS, VIEWER, Viewer, board_point, fail,
                     matches, pixel, project, skip)

W, H = 640, 480
SIDE = 2
FLIGHT = 1000
MID = "10.128.0.1,10.128.0.1,32768,32768,1,middle of 10/8"
OUT = "192.0.2.1,192.0.2.1,32768,32768,3,outside 10/8"


def scene_area(x, y):
    return 90 <= y < H - 30 and not (x < 260 and y >= H - 260)


def found_near(img, rgb, at, r=3):
    x0, y0 = int(at[0]), int(at[1])
    return any(matches(pixel(img, x, y), rgb)
               for x in range(x0 - r, x0 + r + 1)
               for y in range(y0 - r, y0 + r + 1))


def anywhere(img, rgb):
    w, h, rows = img
    for y in range(h):
        for x in range(w):
            if scene_area(x, y) and matches(pixel(img, x, y), rgb):
                return (x, y)
    return None


def run(args, lines, n, offset=1, **kw):
    v = Viewer(["--view", str(SIDE), "--flight-ms", str(FLIGHT),
                "--ball-size", "3",
                "--exit-after-records", str(n), "--record-offset",
                str(offset), "--exit-after", "60"] + args, "offscreen", W, H,
               **kw)
    v.send("PACKTER\n" + "\n".join(lines) + "\n")
    return v


def check_range():
    v = run(["--range", "10.0.0.0/8", "--outside", "hide"], [MID, OUT], 2)
    v.finish()
    img = v.image()
    middle = project(SIDE, W, H, board_point(0, 0.5, 0.5))
    whole = project(SIDE, W, H, board_point(0, 10.5 / 256, 0.5))
    if not found_near(img, FLAG_RGB[1], middle):
        fail("10.128.0.1 is not at the middle of the 10/8 board %r" %
             (middle,))
    if found_near(img, FLAG_RGB[1], whole):
        fail("10.128.0.1 drawn where the whole space puts it")
    at = anywhere(img, FLAG_RGB[3])
    if at is not None:
        fail("192.0.2.1 is outside 10/8 and hidden, yet drawn at %r" % (at,))
    v.cleanup()
    print("ok: --range 10.0.0.0/8: 10.128.0.1 at the middle, 192.0.2.1 "
          "hidden")

    v = run(["--range", "10.0.0.0/8", "--outside", "edge"], [MID, OUT], 2)
    v.finish()
    img = v.image()
    edge = project(SIDE, W, H, board_point(0, 1.0, 0.5))
    if not found_near(img, FLAG_RGB[3], edge):
        fail("--outside edge: 192.0.2.1 not on the board's edge %r" %
             (edge,))
    v.cleanup()
    print("ok: --outside edge: 192.0.2.1 on the back edge")


def check_filter():
    lines = ["10.0.0.1,10.0.0.2,40000,80,1,web",
             "10.0.0.1,10.0.0.3,40001,443,3,tls"]
    v = run(["--filter", "dst port 80"], lines, 2)
    v.finish()
    img = v.image()
    at = project(SIDE, W, H, board_point(0, 10.0 / 256, 40000 / 65536.0))
    if not found_near(img, FLAG_RGB[1], at):
        fail("--filter: the port 80 ball is not drawn at %r" % (at,))
    if anywhere(img, FLAG_RGB[3]) is not None:
        fail("--filter dst port 80: the port 443 ball is drawn")
    if "filter: dst port 80 (hide)" not in v.out:
        fail("--stats does not show the filter:\n" + v.out)
    v.cleanup()
    print("ok: --filter dst port 80 hides the port 443 ball")

    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    p = subprocess.run([VIEWER, "-p", "0", "--shader-dir", SHADERS,
                        "--filter", "tcp and port http"], env=env,
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 2:
        fail("a bad --filter: exit %d, not 2" % p.returncode)
    want = "tcp and port http"
    if "unknown word \"tcp\"" not in p.stderr or want not in p.stderr or \
            "\n^" not in p.stderr:
        fail("a bad --filter's message: %r" % p.stderr)
    print("ok: a bad --filter is refused with status 2: %s" %
          p.stderr.strip().splitlines()[0])


def ocr_text(png):
    if shutil.which("tesseract") is None:
        skip("no tesseract (tools/setup installs tesseract-ocr)")
    p = subprocess.run(["tesseract", png, "-", "--psm", "11"],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        fail("tesseract: " + p.stderr)
    return p.stdout


def check_labels():
    v = Viewer(["--view", str(SIDE), "--range", "10.0.0.0/8",
                "--port-scale", "services", "--font-size", "22",
                "--exit-after", "1.5"], "offscreen", 1280, 720)
    v.finish()
    text = ocr_text(v.png)
    words = set(re.findall(r"[0-9][0-9.]*[0-9]", text))
    # Ticks that overlap a neighbour are left out, so not all of them.
    want = ["10.0.0.0", "10.128.0.0", "10.255.255.255", "256", "512", "768",
            "1024"]
    seen = [w for w in want if w in text]
    if len(seen) < 5:
        fail("tick labels read back: %r, wanted %r" % (sorted(words), want))
    for default in ("64.0.0.0", "128.0.0.0", "192.0.0.0"):
        if re.search(r"(?<![0-9.])" + re.escape(default), text):
            fail("a label of the whole space, %s, on a 10/8 board" % default)
    v.cleanup()
    print("ok: tick labels of 10.0.0.0/8, services scale, read back: %s" %
          " ".join(seen))


def check_reload():
    tmp = os.environ.get("TMPDIR", "/tmp")
    conf = os.path.join(tmp, "packter-boards-%d.conf" % os.getpid())
    with open(conf, "w") as f:
        f.write("# all addresses at first\nrange = all\n")
    v = run(["--config", conf], [], 1, stderr=subprocess.PIPE)
    with open(conf, "w") as f:
        f.write("[viewer]\nbogus = 1\nrange = 10.0.0.0/8\noutside = hide\n")
    v.proc.send_signal(signal.SIGHUP)
    while True:
        line = v.proc.stdout.readline()
        if line == "":
            fail("the viewer ended before reading its configuration again")
        if line.startswith("configuration read again"):
            break
    if "1 lines skipped" not in line:
        fail("the reload should skip one line: %r" % line)
    v.send("PACKTER\n" + MID + "\n")
    v.finish()
    os.unlink(conf)
    if "%s:2: bogus: unknown key" % conf not in v.err:
        fail("the bad line is not reported with file:line: %r" % v.err)
    img = v.image()
    middle = project(SIDE, W, H, board_point(0, 0.5, 0.5))
    if not found_near(img, FLAG_RGB[1], middle):
        fail("after SIGHUP, 10.128.0.1 is not at the middle of 10/8")
    if "board senders: 10.0.0.0/8" not in v.out or \
            "1 reloads" not in v.out:
        fail("--stats after the reload:\n" + v.out)
    v.cleanup()
    print("ok: SIGHUP: the range changed, the bad line reported and skipped")


def ring_point(n, k, u, v):
    """boards.h: board k of n (0 the receiver), radius 1.6 up to 5."""
    r = 1.6 if n <= 4 else max(1.6, 1.2 / math.tan(math.pi / n))
    th = 2 * math.pi * k / n
    org = (r * math.cos(th), 0.0, -r * math.sin(th))
    eu = (math.sin(th), 0.0, math.cos(th))
    return (org[0] + (u - 0.5) * 2 * eu[0], (v - 0.5) * 2,
            org[2] + (u - 0.5) * 2 * eu[2])


def check_ring():
    front = 1
    v = Viewer(["--view", str(front), "--ball-size", "3", "--boards", "4",
                "--board", "127.0.0.2=3", "--flight-ms", str(FLIGHT),
                "--exit-after-records", "2", "--record-offset", "1",
                "--exit-after", "60"], "offscreen", W, H, bind=None)
    for src, flag in (("127.0.0.1", 3), ("127.0.0.2", 1)):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((src, 0))
            s.sendto(("PACKTER\n10.128.0.1,10.0.0.1,16384,80,%d,from %s\n"
                      % (flag, src)).encode(), ("127.0.0.1", v.port))
    v.finish()
    img = v.image()
    addr_u = 10.5 / 256
    for k, flag in ((3, 1), (1, 3)):
        at = project(front, W, H, ring_point(4, k, addr_u, 0.25))
        if not found_near(img, FLAG_RGB[flag], at):
            fail("--boards 4: flag %d not on sender board %d at %r" %
                 (flag, k, at))
    if "boards: 4" not in v.out:
        fail("--stats: no 4 boards:\n" + v.out)
    v.cleanup()
    print("ok: --boards 4: each feed's balls leave from its own board")


def main():
    check_ring()
    check_range()
    check_filter()
    check_reload()
    check_labels()


if __name__ == "__main__":
    main()
