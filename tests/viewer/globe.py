"""globe.py - the globe (--globe-view LAT,LON): a flight from Tokyo to
Paris starts and ends where the projection says.

The records carry their places in a PACKTERGEO line (docs/protocol.md 3.6),
as packter-agent -G writes them.  The expected pixels come from the model
of viewer/core/globe.h (the Earth of radius 1, latitude and longitude to
x = cos(lat) sin(lon), y = sin(lat), z = cos(lat) cos(lon); great circles
lifted by (0.02 + 0.3 theta / pi) sin(pi p); an unknown end in the sky at
1.6) and the orbit camera of camera.h over 45 N 70 E at 3.2, written again
here.  The viewer freezes at the flight's start, middle and end
(--record-offset), and at each the blue ball (flag 1) is within two pixels
of the projected point; a ball from an unknown source to Paris (purple) is
above Paris, half way down from the sky, at mid-flight; a flight from New
York to Sao Paulo (lime) is behind the Earth and drawn nowhere; a record
with no place is counted and not drawn.  The Earth is textured: ocean and
land colours under the disc, none outside it.  Pointing at the mid-flight
ball names it (hover), pointing at the hidden one names nothing; E goes
back to the boards, where the ball is where the board projection says (G,
the filter's key, leaves the globe shown).  A
PACKTEARTH datagram (PACKTER 3.0's pt_agent -G) flies the same way.
"""

import hashlib
import math
import socket

from harness import (FLAG_RGB, Viewer, ball_at, display_modes, fail, matches,
                     pixel, project)

W, H = 640, 480
FLIGHT = 1000
VIEW_LAT, VIEW_LON, DIST = 45.0, 70.0, 3.2
FOV_DEG, NEAR = 45.0, 0.05
TOKYO = (35.6895, 139.6917)
PARIS = (48.8566, 2.3522)
NEW_YORK = (40.7128, -74.006)
SAO_PAULO = (-23.5505, -46.6333)
LIFT_MIN, LIFT, SKY = 0.02, 0.30, 1.6

RECORDS = [  # line, word
    ("192.0.2.1,198.51.100.2,40000,443,1,tokyo-paris", "%s,%s/%s,%s" %
     (TOKYO + PARIS)),
    ("203.0.113.9,198.51.100.2,40000,443,3,sky-paris", "-/%s,%s" % PARIS),
    ("2001:db8::1,2001:db8:0:1::2,5,5,8,newyork-saopaulo", "%s,%s/%s,%s" %
     (NEW_YORK + SAO_PAULO)),
    ("10.0.0.1,10.0.0.2,1,1,4,nowhere", "-/-"),
]


def unit(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.sin(lo), math.sin(la),
            math.cos(la) * math.cos(lo))


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0])


def flight_at(src, dst, p):
    """viewer/core/globe.h's flight at progress p (src or dst None: the
    sky)."""
    if src is None:
        return tuple(c * (SKY - (SKY - 1) * p) for c in unit(*dst))
    if dst is None:
        return tuple(c * (1 + (SKY - 1) * p) for c in unit(*src))
    a, b = unit(*src), unit(*dst)
    theta = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b)))))
    k = cross(a, b)
    n = math.sqrt(sum(c * c for c in k))
    k = tuple(c / n for c in k)
    w = cross(k, a)
    h = 1 + (LIFT_MIN + LIFT * theta / math.pi) * math.sin(math.pi * p)
    return tuple(h * (a[i] * math.cos(p * theta) + w[i] * math.sin(p *
                                                                 theta))
                 for i in range(3))


def eye():
    return tuple(DIST * c for c in unit(VIEW_LAT, VIEW_LON))


def project_globe(pt):
    """camera.h's projection with yaw = lon, pitch = lat of the view."""
    e = eye()
    f = [-c / DIST for c in e]
    r = [-f[2], 0.0, f[0]]                  # f x up
    n = math.sqrt(sum(c * c for c in r))
    r = [c / n for c in r]
    u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2],
         r[0] * f[1] - r[1] * f[0]]
    d = [pt[i] - e[i] for i in range(3)]
    cx = sum(d[i] * r[i] for i in range(3))
    cy = sum(d[i] * u[i] for i in range(3))
    cz = sum(d[i] * f[i] for i in range(3))
    if cz <= NEAR:
        return None
    t = 1.0 / math.tan(math.radians(FOV_DEG) / 2)
    return ((cx * t / (W / H) / cz + 1) / 2 * W, (1 - cy * t / cz) / 2 * H)


def hidden(pt):
    """Is pt behind the Earth, seen from the eye?"""
    e = eye()
    d = [pt[i] - e[i] for i in range(3)]
    L = math.sqrt(sum(c * c for c in d))
    d = [c / L for c in d]
    b = sum(e[i] * d[i] for i in range(3))
    c = sum(x * x for x in e) - 1.0
    disc = b * b - c
    return disc > 0 and -b - math.sqrt(disc) < L - 0.02


def datagram():
    return ("PACKTER\n" + "".join(r + "\n" for r, _ in RECORDS) +
            "PACKTERGEO " + " ".join(w for _, w in RECORDS) + "\n")


def run_viewer(mode, offset, extra=()):
    v = Viewer(["--globe-view", "%g,%g" % (VIEW_LAT, VIEW_LON),
                "--flight-ms", str(FLIGHT), "--exit-after-records",
                str(len(RECORDS)), "--record-offset", str(offset),
                "--exit-after", "60"] + list(extra), mode, W, H)
    v.send(datagram())
    v.finish()
    return v


def near(img, cx, cy, rgb, r=2):
    return [(x, y) for x in range(int(cx) - r, int(cx) + r + 1)
            for y in range(int(cy) - r, int(cy) + r + 1)
            if matches(pixel(img, x, y), rgb)]


def scene_area(x, y):
    if y < 90 or y >= H - 30:
        return False
    return not (x < 200 and y >= H - 200)


def check_positions(mode, offset):
    p = offset / float(FLIGHT)
    v = run_viewer(mode, offset)
    if v.stat("placed (both ends)") != 2 or \
            v.stat("placed (one end)") != 1 or v.stat("not placed") != 1:
        fail("%s: places counted wrong:\n%s" % (mode, v.out))
    if v.line("globe: ") != "shown":
        fail("%s: the globe is not shown" % mode)
    img = v.image()
    want = flight_at(TOKYO, PARIS, p)
    c = project_globe(want)
    if c is None or hidden(want) or not scene_area(*c):
        fail("the test's Tokyo-Paris point at %.3f is not in view: %r" %
             (p, c))
    if not near(img, c[0], c[1], FLAG_RGB[1]):
        fail("%s: at %.3f the Tokyo-Paris ball is not at (%.1f, %.1f): %r" %
             (mode, p, c[0], c[1], pixel(img, int(c[0]), int(c[1]))))
    # Nowhere else far from there.
    for y in range(90, H - 30):
        for x in range(0, W):
            if scene_area(x, y) and matches(pixel(img, x, y), FLAG_RGB[1],
                                            20) and \
                    (x - c[0]) ** 2 + (y - c[1]) ** 2 > 12 ** 2:
                fail("%s: blue at (%d, %d), no ball there" % (mode, x, y))
    hide = flight_at(NEW_YORK, SAO_PAULO, p)
    if not hidden(hide):
        fail("the test's New York-Sao Paulo point is not hidden")
    for y in range(90, H - 30):
        for x in range(0, W):
            if scene_area(x, y) and matches(pixel(img, x, y), FLAG_RGB[8],
                                            30):
                fail("%s: lime at (%d, %d): the hidden flight drawn" %
                     (mode, x, y))
    if offset == FLIGHT // 2:
        s = project_globe(flight_at(None, PARIS, p))
        if not near(img, s[0], s[1], FLAG_RGB[3]):
            fail("%s: the ball from the sky is not above Paris at "
                 "(%.1f, %.1f)" % (mode, s[0], s[1]))
        # The Earth: coloured under its disc, background beyond it.
        centre = project_globe((0.0, 0.0, 0.0))
        inside = pixel(img, int(centre[0]), int(centre[1]) + 40)
        outside = pixel(img, W - 20, H // 2)
        if max(inside) < 30 or max(outside) > 30:
            fail("%s: no Earth: inside %r outside %r" % (mode, inside,
                                                        outside))
    v.cleanup()
    print("ok: %s: Tokyo-Paris at %.3f at (%.1f, %.1f)" % (mode, p, c[0],
                                                          c[1]))
    return c


def check_hover(mode):
    c = project_globe(flight_at(TOKYO, PARIS, 0.5))
    pos = "%d,%d" % (int(c[0]), int(c[1]))
    v = run_viewer(mode, FLIGHT // 2, ["--inject-move", pos,
                                       "--inject-move", pos])
    if v.line("hover: ") != "tokyo-paris":
        fail("%s: pointing at (%s): hover %r" % (mode, pos,
                                                 v.line("hover: ")))
    v.cleanup()
    h = project_globe(flight_at(NEW_YORK, SAO_PAULO, 0.5))
    pos = "%d,%d" % (int(h[0]), int(h[1]))
    v = run_viewer(mode, FLIGHT // 2, ["--inject-move", pos,
                                       "--inject-move", pos])
    if v.line("hover: ") != "(none)":
        fail("%s: the hidden ball was picked through the Earth: %r" %
             (mode, v.line("hover: ")))
    v.cleanup()
    print("ok: %s: hover names the flight, not the one behind the Earth" %
          mode)


def check_traceback(mode):
    """T on the hovered flight: the request its record line makes."""
    lsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.setblocking(False)
    md5 = hashlib.md5(b"globe").hexdigest()
    line = "192.0.2.1,198.51.100.2,40000,443,1,%s-127.0.0.1" % md5
    c = project_globe(flight_at(TOKYO, PARIS, 0.5))
    pos = "%d,%d" % (int(c[0]), int(c[1]))
    v = Viewer(["--globe-view", "%g,%g" % (VIEW_LAT, VIEW_LON),
                "--flight-ms", str(FLIGHT), "--exit-after-records", "1",
                "--record-offset", str(FLIGHT // 2), "--exit-after", "60",
                "--tc-port", str(lsock.getsockname()[1]),
                "--inject-move", pos, "--inject-key", "T"], mode, W, H)
    v.send("PACKTER\n%s\nPACKTERGEO %s\n" % (line, RECORDS[0][1]))
    v.finish()
    try:
        got = lsock.recv(4096).decode()
    except BlockingIOError:
        got = None
    lsock.close()
    want = "192.0.2.1,198.51.100.2,40000,443,1,%s" % md5
    if got != want or v.stat("traceback requests sent") != 1:
        fail("%s: T on the globe: the bridge got %r, want %r" % (mode, got,
                                                                 want))
    v.cleanup()
    print("ok: %s: T on a flight of the globe asks its bridge" % mode)


def check_earth(mode):
    """PACKTEARTH: Tokyo to Paris, yellow (flag 6), at mid-flight."""
    c = project_globe(flight_at(TOKYO, PARIS, 0.5))
    pos = "%d,%d" % (int(c[0]), int(c[1]))
    v = Viewer(["--globe-view", "%g,%g" % (VIEW_LAT, VIEW_LON),
                "--flight-ms", str(FLIGHT), "--exit-after-records", "1",
                "--record-offset", str(FLIGHT // 2), "--exit-after", "60",
                "--inject-move", pos, "--inject-move", pos], mode, W, H)
    v.send("PACKTEARTH\n%s,%s,%s,%s,6,from pt_agent, with a comma\n" %
           (TOKYO + PARIS))
    v.finish()
    if v.stat("earth records") != 1 or v.stat("placed (both ends)") != 1:
        fail("%s: PACKTEARTH not taken:\n%s" % (mode, v.out))
    if v.line("hover: ") != "from pt_agent, with a comma":
        fail("%s: PACKTEARTH ball not pointed at: %r" % (mode,
                                                        v.line("hover: ")))
    img = v.image()
    if not near(img, c[0], c[1], FLAG_RGB[6]):
        fail("%s: the PACKTEARTH ball is not at (%.1f, %.1f)" % (mode, c[0],
                                                                c[1]))
    v.cleanup()
    print("ok: %s: a PACKTEARTH flight where the projection says" % mode)


def check_key(mode):
    v = run_viewer(mode, FLIGHT // 2, ["--inject-key", "E"])
    if v.line("globe: ") != "hidden":
        fail("%s: E did not go back to the boards" % mode)
    img = v.image()
    b = project(0, W, H, ball_at("192.0.2.1", 40000, "198.51.100.2", 443,
                                 0.5))
    if not near(img, b[0], b[1], FLAG_RGB[1]):
        fail("%s: after E the ball is not on its board path at %r" %
             (mode, b))
    v.cleanup()
    print("ok: %s: E: the boards again, the ball on its board path" % mode)
    # G is the boards' filter key (highlight / hide), not the globe's.
    v = run_viewer(mode, FLIGHT // 2, ["--inject-key", "G"])
    if v.line("globe: ") != "shown" or \
            "filter: none (highlight)" not in v.out:
        fail("%s: G on the globe: %r, %r" % (mode, v.line("globe: "),
                                             v.line("boards: ")))
    v.cleanup()
    print("ok: %s: G: the filter's highlight, the globe stays" % mode)


def main():
    for mode in display_modes():
        start = check_positions(mode, 0)
        check_positions(mode, FLIGHT // 2)
        end = check_positions(mode, FLIGHT - 1)
        if (start[0] - end[0]) ** 2 + (start[1] - end[1]) ** 2 < 100 ** 2:
            fail("Tokyo and Paris are too close on the screen to tell")
    check_hover("offscreen")
    check_traceback("offscreen")
    check_earth("offscreen")
    check_key("offscreen")


if __name__ == "__main__":
    main()
