#!/usr/bin/python3
"""make-media.py - make PACKTER's media from code, the same bytes every time.

    /usr/bin/python3 media/make-media.py [OUTDIR]   write every file (default:
                                                    the directory of this script)
    /usr/bin/python3 media/make-media.py --check DIR
                                    check the files in DIR: each decodes and is
                                    what README says (sizes, lengths, triangles)
    /usr/bin/python3 media/make-media.py --compare DIR
                                    make everything in a temporary directory and
                                    compare it byte for byte with DIR

Nothing here but the Python standard library: PNG through zlib, a baseline
JPEG encoder, WAV through the wave module, Wavefront OBJ as text.  Pictures
are drawn with signed distance functions (anti-aliased edges) and a 5x7
bitmap font of our own; sounds are additive synthesis; random numbers come
from a fixed linear congruential generator, so no library version changes a
star or a sample.  (zlib's output could differ between zlib versions; the
pictures it holds would not.)

Everything made here is licensed CC-BY 4.0, as media/README says.
"""

import math
import os
import struct
import sys
import tempfile
import wave
import zlib

RATE = 22050                    # sound sample rate


# --- random numbers ---------------------------------------------------------

class Lcg:
    """A 64-bit linear congruential generator (Knuth's MMIX constants)."""

    def __init__(self, seed):
        self.s = seed & 0xffffffffffffffff

    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) \
            & 0xffffffffffffffff
        return self.s >> 11

    def random(self):
        return self.next() / float(1 << 53)

    def uniform(self, a, b):
        return a + (b - a) * self.random()


# --- PNG --------------------------------------------------------------------

def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def _filter_rows(rows, bpp):
    """Per row, the filter of None/Sub/Up with the smallest sum of bytes."""
    out = []
    prev = bytes(len(rows[0]))
    for row in rows:
        sub = bytes((row[i] - (row[i - bpp] if i >= bpp else 0)) & 255
                    for i in range(len(row)))
        up = bytes((row[i] - prev[i]) & 255 for i in range(len(row)))
        best = min(((0, row), (1, sub), (2, up)),
                   key=lambda c: sum(b if b < 128 else 256 - b for b in c[1]))
        out.append(bytes([best[0]]) + best[1])
        prev = row
    return b"".join(out)


def write_png(path, w, h, rows, alpha):
    """rows: h byte strings of w RGB or RGBA pixels, 8 bits a channel."""
    bpp = 4 if alpha else 3
    assert len(rows) == h and all(len(r) == w * bpp for r in rows)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) +
            _chunk(b"IDAT", zlib.compress(_filter_rows(rows, bpp), 9)) +
            _chunk(b"IEND", b""))
    _write(path, data)


def write_bmp(path, w, h, rows):
    """rows: h byte strings of w RGB pixels; a 24-bit BMP (BI_RGB, bottom
    up, BGR, rows padded to 4 bytes), as the PACKTER 2.x viewers' sky dome
    textures are."""
    assert len(rows) == h and all(len(r) == w * 3 for r in rows)
    pad = (4 - (w * 3) % 4) % 4
    out = bytearray()
    for r in reversed(rows):
        line = bytearray(len(r))
        line[0::3], line[1::3], line[2::3] = r[2::3], r[1::3], r[0::3]
        out += line + b"\0" * pad
    head = struct.pack("<2sIHHI", b"BM", 54 + len(out), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(out),
                       2835, 2835, 0, 0)
    _write(path, head + info + bytes(out))


def bmp_info(path):
    """(width, height) of a 24-bit BI_RGB BMP, after checking its sizes."""
    data = open(path, "rb").read()
    magic, size, _, _, off = struct.unpack("<2sIHHI", data[:14])
    hs, w, h, planes, bits, comp, isize = struct.unpack("<IiiHHII",
                                                        data[14:38])
    assert magic == b"BM" and size == len(data) and off == 54, "bad header"
    assert hs == 40 and planes == 1 and bits == 24 and comp == 0
    assert w > 0 and h > 0 and isize == h * ((w * 3 + 3) // 4 * 4)
    assert off + isize == len(data), "pixel data of the wrong size"
    return w, h


def _write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# --- a canvas with anti-aliased shapes ----------------------------------------

def clamp(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


class Canvas:
    """Straight-alpha RGBA floats in [0,1]; shapes by signed distance."""

    def __init__(self, w, h, bg=(0.0, 0.0, 0.0, 0.0)):
        self.w, self.h = w, h
        self.px = [list(bg) for _ in range(w * h)]

    def blend(self, x, y, rgb, a):
        if a <= 0.0 or not (0 <= x < self.w and 0 <= y < self.h):
            return
        p = self.px[y * self.w + x]
        da = p[3] * (1.0 - a)
        oa = a + da
        for i in range(3):
            p[i] = (rgb[i] * a + p[i] * da) / oa
        p[3] = oa

    def fill(self, sdf, rgb, alpha=1.0, box=None):
        """Cover the pixels where sdf < 0, edges anti-aliased."""
        x0, y0, x1, y1 = box or (0, 0, self.w, self.h)
        x0, y0 = max(0, int(x0) - 2), max(0, int(y0) - 2)
        x1, y1 = min(self.w, int(x1) + 3), min(self.h, int(y1) + 3)
        colour = rgb if callable(rgb) else None
        for y in range(y0, y1):
            for x in range(x0, x1):
                d = sdf(x + 0.5, y + 0.5)
                cov = clamp(0.5 - d)
                if cov > 0.0:
                    self.blend(x, y, colour(x, y) if colour else rgb,
                               cov * alpha)

    def text(self, s, cx, top, scale, rgb):
        """The bitmap font, centred on cx."""
        width = len(s) * 6 * scale - scale
        x = int(round(cx - width / 2.0))
        for ch in s:
            glyph = FONT[ch]
            for gy, line in enumerate(glyph):
                for gx, bit in enumerate(line):
                    if bit != "#":
                        continue
                    for yy in range(scale):
                        for xx in range(scale):
                            self.blend(x + gx * scale + xx,
                                       top + gy * scale + yy, rgb, 1.0)
            x += 6 * scale

    def rows(self, alpha=True):
        out = []
        for y in range(self.h):
            row = bytearray()
            for x in range(self.w):
                p = self.px[y * self.w + x]
                row += bytes(int(round(clamp(c) * 255)) for c in p[:3])
                if alpha:
                    row.append(int(round(clamp(p[3]) * 255)))
            out.append(bytes(row))
        return out


def sd_circle(cx, cy, r):
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def sd_ring(cx, cy, r, width):
    return lambda x, y: abs(math.hypot(x - cx, y - cy) - r) - width / 2.0


def sd_segment(ax, ay, bx, by, width):
    dx, dy = bx - ax, by - ay
    ll = dx * dx + dy * dy

    def f(x, y):
        t = clamp(((x - ax) * dx + (y - ay) * dy) / ll)
        return math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2.0
    return f


def sd_round_rect(x0, y0, x1, y1, r):
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    hx, hy = (x1 - x0) / 2.0 - r, (y1 - y0) / 2.0 - r

    def f(x, y):
        qx, qy = abs(x - cx) - hx, abs(y - cy) - hy
        return (math.hypot(max(qx, 0.0), max(qy, 0.0)) +
                min(max(qx, qy), 0.0) - r)
    return f


def sd_polygon(pts):
    """A convex polygon, corners in either order."""
    n = len(pts)
    area = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] *
               pts[i][1] for i in range(n))
    sign = 1.0 if area > 0 else -1.0
    edges = []
    for i in range(n):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % n]
        ex, ey = bx - ax, by - ay
        ln = math.hypot(ex, ey)
        # Outward normal.
        edges.append((ax, ay, sign * ey / ln, -sign * ex / ln))

    def f(x, y):
        return max((x - ax) * nx + (y - ay) * ny for ax, ay, nx, ny in edges)
    return f


def sd_union(*fs):
    return lambda x, y: min(f(x, y) for f in fs)


def sd_subtract(a, b):
    return lambda x, y: max(a(x, y), -b(x, y))


def hexrgb(s):
    return tuple(int(s[i:i + 2], 16) / 255.0 for i in (0, 2, 4))


# --- a 5x7 bitmap font of our own ----------------------------------------------

_FONT_SRC = {
    "A": " ### |#   #|#   #|#####|#   #|#   #|#   #",
    "B": "#### |#   #|#   #|#### |#   #|#   #|#### ",
    "C": " ### |#   #|#    |#    |#    |#   #| ### ",
    "D": "#### |#   #|#   #|#   #|#   #|#   #|#### ",
    "E": "#####|#    |#    |#### |#    |#    |#####",
    "F": "#####|#    |#    |#### |#    |#    |#    ",
    "G": " ### |#   #|#    |# ###|#   #|#   #| ####",
    "H": "#   #|#   #|#   #|#####|#   #|#   #|#   #",
    "I": " ### |  #  |  #  |  #  |  #  |  #  | ### ",
    "J": "  ###|   # |   # |   # |   # |#  # | ##  ",
    "K": "#   #|#  # |# #  |##   |# #  |#  # |#   #",
    "L": "#    |#    |#    |#    |#    |#    |#####",
    "M": "#   #|## ##|# # #|# # #|#   #|#   #|#   #",
    "N": "#   #|##  #|# # #|#  ##|#   #|#   #|#   #",
    "O": " ### |#   #|#   #|#   #|#   #|#   #| ### ",
    "P": "#### |#   #|#   #|#### |#    |#    |#    ",
    "Q": " ### |#   #|#   #|#   #|# # #|#  # | ## #",
    "R": "#### |#   #|#   #|#### |# #  |#  # |#   #",
    "S": " ####|#    |#    | ### |    #|    #|#### ",
    "T": "#####|  #  |  #  |  #  |  #  |  #  |  #  ",
    "U": "#   #|#   #|#   #|#   #|#   #|#   #| ### ",
    "V": "#   #|#   #|#   #|#   #|#   #| # # |  #  ",
    "W": "#   #|#   #|#   #|# # #|# # #|# # #| # # ",
    "X": "#   #|#   #| # # |  #  | # # |#   #|#   #",
    "Y": "#   #|#   #| # # |  #  |  #  |  #  |  #  ",
    "Z": "#####|    #|   # |  #  | #   |#    |#####",
    "0": " ### |#   #|#  ##|# # #|##  #|#   #| ### ",
    "1": "  #  | ##  |  #  |  #  |  #  |  #  | ### ",
    "2": " ### |#   #|    #|   # |  #  | #   |#####",
    "3": "#####|   # |  #  |   # |    #|#   #| ### ",
    "4": "   # |  ## | # # |#  # |#####|   # |   # ",
    "5": "#####|#    |#### |    #|    #|#   #| ### ",
    "6": "  ## | #   |#    |#### |#   #|#   #| ### ",
    "7": "#####|    #|   # |  #  | #   | #   | #   ",
    "8": " ### |#   #|#   #| ### |#   #|#   #| ### ",
    "9": " ### |#   #|#   #| ####|    #|   # | ##  ",
    " ": "     |     |     |     |     |     |     ",
    "-": "     |     |     |#####|     |     |     ",
    ".": "     |     |     |     |     | ##  | ##  ",
    "!": "  #  |  #  |  #  |  #  |  #  |     |  #  ",
    "?": " ### |#   #|    #|   # |  #  |     |  #  ",
    ":": "     | ##  | ##  |     | ##  | ##  |     ",
    "/": "    #|    #|   # |  #  | #   |#    |#    ",
}
FONT = {ch: src.split("|") for ch, src in _FONT_SRC.items()}
assert all(len(g) == 7 and all(len(r) == 5 for r in g) for g in FONT.values())


# --- pictures ---------------------------------------------------------------

def ball(path):
    """A white sphere (the viewer tints it by flag), lit from the top left."""
    n = 64
    c = Canvas(n, n)
    r = n / 2.0 - 1.0
    lx, ly, lz = -0.45, -0.55, 0.70
    ln = math.sqrt(lx * lx + ly * ly + lz * lz)
    lx, ly, lz = lx / ln, ly / ln, lz / ln

    def shade(x, y):
        nx, ny = (x + 0.5 - n / 2.0) / r, (y + 0.5 - n / 2.0) / r
        nz = math.sqrt(max(0.0, 1.0 - nx * nx - ny * ny))
        d = max(0.0, nx * lx + ny * ly + nz * lz)
        hz = nz + lz        # Blinn highlight toward the viewer
        hl = math.sqrt((nx + lx) ** 2 + (ny + ly) ** 2 + hz ** 2)
        spec = max(0.0, hz / hl) ** 40 if hl > 0 else 0.0
        v = clamp(0.25 + 0.70 * d + 0.45 * spec)
        return (v, v, v)
    c.fill(sd_circle(n / 2.0, n / 2.0, r), shade)
    write_png(path, n, n, c.rows(), True)


def board(path):
    """A translucent blue grid for the two boards."""
    n = 512
    rows = []
    for y in range(n):
        row = bytearray()
        for x in range(n):
            edge = min(x, y, n - 1 - x, n - 1 - y)
            if edge < 4:
                px = (120, 200, 255, 235)
            elif x % 64 in (0, 63) or y % 64 in (0, 63):
                px = (70, 140, 220, 200)
            elif x % 16 == 0 or y % 16 == 0:
                px = (40, 80, 150, 150)
            else:
                t = y / (n - 1.0)
                px = (int(10 + 8 * t), int(22 + 14 * t), int(48 + 20 * t),
                      110)
            row += bytes(px)
        rows.append(bytes(row))
    write_png(path, n, n, rows, True)


def sky(path, palette, seed=2009, w=1024, h=512):
    """An equirectangular night sky: gradient, Milky Way, stars, a moon.

    Row 0 is the zenith, the middle row the horizon, the last the nadir;
    columns run once around.  palette: (zenith, horizon, ground, tint of
    the stars and the band).  A path ending in .bmp is written as a BMP."""
    zen, hor, gnd, tint = palette
    img = [[0.0, 0.0, 0.0] for _ in range(w * h)]
    for y in range(h):
        lat = 90.0 - (y + 0.5) * 180.0 / h
        if lat >= 0:
            t = (lat / 90.0) ** 0.45
            col = [hor[i] + (zen[i] - hor[i]) * t for i in range(3)]
        else:
            t = clamp(-lat / 12.0)
            col = [hor[i] * (1 - t) + gnd[i] * t for i in range(3)]
        for x in range(w):
            img[y * w + x][:] = col

    rng = Lcg(seed)
    # The band: brightness along a tilted great circle, with lumps.
    lumps = [(rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 1.0),
              rng.uniform(0.05, 0.16)) for _ in range(40)]
    for y in range(h // 2 + 8):
        lat = math.radians(90.0 - (y + 0.5) * 180.0 / h)
        for x in range(w):
            lon = (x + 0.5) * 2 * math.pi / w
            # Distance from the plane tilted 60 degrees about the y axis.
            vx = math.cos(lat) * math.cos(lon)
            vy = math.cos(lat) * math.sin(lon)
            vz = math.sin(lat)
            d = vx * 0.866 - vz * 0.5
            b = math.exp(-(d * d) / 0.012)
            if b < 0.01:
                continue
            along = math.atan2(vy, vx * 0.5 + vz * 0.866)
            lump = sum(a * math.exp(-((along - c + math.pi) % (2 * math.pi)
                                      - math.pi) ** 2 / (2 * s * s))
                       for c, a, s in lumps)
            v = 0.10 * b * (0.5 + 0.5 * min(lump, 1.5))
            p = img[y * w + x]
            for i in range(3):
                p[i] += v * tint[i]

    # Stars, uniform on the sphere, above the horizon.
    for _ in range(2600):
        z = rng.random()                     # sin(latitude), upper half
        lat = math.degrees(math.asin(z))
        lon = rng.random()
        mag = rng.random() ** 6              # a few bright, many faint
        sx = lon * w
        sy = (90.0 - lat) * h / 180.0
        if sy > h / 2.0 - 2:
            continue
        stretch = 1.0 / max(0.15, math.cos(math.radians(lat)))
        rad = 0.55 + 1.3 * mag
        warm = rng.uniform(-0.15, 0.15)
        col = (1.0 + warm, 1.0, 1.0 - warm)
        for yy in range(int(sy - rad - 1), int(sy + rad + 2)):
            for xx in range(int(sx - rad * stretch - 1),
                            int(sx + rad * stretch + 2)):
                if not 0 <= yy < h:
                    continue
                dx = (xx + 0.5 - sx) / stretch
                dy = yy + 0.5 - sy
                v = (0.35 + 0.9 * mag) * math.exp(-(dx * dx + dy * dy) /
                                                  (rad * rad * 0.5))
                p = img[yy * w + xx % w]
                for i in range(3):
                    p[i] += v * col[i] * (0.6 + 0.4 * tint[i])

    # A moon with a halo, 35 degrees up.
    mx, my, mr = w * 0.30, h * (90.0 - 35.0) / 180.0, 9.0
    for yy in range(int(my - 40), int(my + 41)):
        for xx in range(int(mx - 40), int(mx + 41)):
            d = math.hypot(xx + 0.5 - mx, yy + 0.5 - my)
            p = img[yy * w + xx]
            halo = 0.18 * math.exp(-d / 14.0)
            disc = clamp(mr + 0.5 - d)
            crater = 0.12 * math.exp(-((xx - mx + 3) ** 2 +
                                       (yy - my - 2) ** 2) / 8.0)
            for i in range(3):
                p[i] = p[i] * (1 - disc) + disc * (0.92 - crater) + \
                    halo * (0.7 + 0.3 * tint[i])

    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            p = img[y * w + x]
            row += bytes(int(round(clamp(c) * 255)) for c in p)
        rows.append(bytes(row))
    if path.endswith(".bmp"):
        write_bmp(path, w, h, rows)
    else:
        write_png(path, w, h, rows, False)


PLATE = 8, 8, 248, 248


def plate(c, rgb):
    c.fill(sd_round_rect(*PLATE, 36), rgb)
    # A softer top half for some depth.
    c.fill(sd_round_rect(14, 14, 242, 128, 30), (1.0, 1.0, 1.0), 0.08)


def label(c, s, rgb=(1.0, 1.0, 1.0)):
    scale = 4 if len(s) <= 8 else 3
    c.text(s, 128, 224 - 7 * scale // 2 - 2, scale, rgb)


def magnifier(c, rgb, lens_rgb):
    c.fill(sd_circle(112, 96, 48), lens_rgb, 0.35, (60, 44, 164, 148))
    c.fill(sd_ring(112, 96, 52, 16), rgb, 1.0, (50, 34, 174, 158))
    c.fill(sd_segment(150, 134, 190, 174, 24), rgb, 1.0, (134, 118, 206, 190))


def tc_icon(path, state):
    c = Canvas(256, 256)
    white = (1.0, 1.0, 1.0)
    if state == "started":
        plate(c, hexrgb("2456a6"))
        magnifier(c, white, hexrgb("9fd0ff"))
        label(c, "TRACE")
    elif state == "accepted":
        plate(c, hexrgb("1f7f86"))
        c.fill(sd_segment(52, 96, 160, 96, 26), white)
        c.fill(sd_polygon([(150, 46), (212, 96), (150, 146)]), white)
        label(c, "ACCEPTED")
    elif state == "found":
        plate(c, hexrgb("2e8b3a"))
        c.fill(sd_union(sd_segment(66, 98, 108, 140, 28),
                        sd_segment(108, 140, 190, 50, 28)), white,
               box=(40, 30, 216, 170))
        label(c, "FOUND")
    elif state == "notfound":
        plate(c, hexrgb("8a6d1f"))
        magnifier(c, white, hexrgb("ffe7a0"))
        c.fill(sd_union(sd_segment(94, 78, 130, 114, 12),
                        sd_segment(130, 78, 94, 114, 12)), white,
               box=(80, 64, 144, 128))
        label(c, "NOT FOUND")
    elif state == "error":
        plate(c, hexrgb("a3262a"))
        c.fill(sd_polygon([(128, 28), (206, 168), (50, 168)]),
               hexrgb("ffd23f"), box=(40, 20, 216, 176))
        c.fill(sd_segment(128, 70, 128, 124, 18), (0.1, 0.1, 0.1))
        c.fill(sd_circle(128, 148, 10), (0.1, 0.1, 0.1))
        label(c, "ERROR")
    write_png(path, 256, 256, c.rows(), True)


ALARMS = [
    # kind, label, accent colour
    ("syn", "SYN FLOOD", "ffd23f"),
    ("fin", "FIN FLOOD", "ffa64d"),
    ("rst", "RST FLOOD", "ff7a59"),
    ("icmp", "ICMP FLOOD", "6fd3ff"),
    ("udp", "UDP FLOOD", "8cff7a"),
    ("rate", "PACKET FLOOD", "ff5fd2"),
]


def alarm_icon(path, text, accent):
    c = Canvas(256, 256)
    plate(c, hexrgb("3a0d10"))
    c.fill(sd_round_rect(*PLATE, 36), hexrgb("ff3b30"), 1.0)
    c.fill(sd_round_rect(16, 16, 240, 240, 30), hexrgb("3a0d10"), 1.0)
    c.fill(sd_polygon([(128, 26), (212, 170), (44, 170)]), hexrgb(accent),
           box=(36, 18, 220, 178))
    c.fill(sd_segment(128, 68, 128, 124, 18), (0.08, 0.05, 0.05))
    c.fill(sd_circle(128, 148, 10), (0.08, 0.05, 0.05))
    label(c, text)
    write_png(path, 256, 256, c.rows(), True)


def person(path, kind):
    """A figure on a plate for PACKTER 2.x's MON_*_PIC and IPTB_*_PIC
    defaults: male.png (the alarm's, on red) and female.png (the
    traceback's, on blue, with long hair)."""
    c = Canvas(256, 256)
    skin, white = hexrgb("f1c9a5"), (1.0, 1.0, 1.0)
    if kind == "male":
        plate(c, hexrgb("7a1f24"))
        c.fill(sd_circle(128, 74, 46), hexrgb("2b1d14"),
               box=(80, 26, 176, 100))             # short hair
        body = hexrgb("28456e")
        text = "ALARM"
    else:
        plate(c, hexrgb("1f4a8a"))
        c.fill(sd_union(sd_circle(128, 76, 50),
                        sd_round_rect(78, 76, 178, 160, 24)),
               hexrgb("3b2414"), box=(70, 20, 186, 170))  # long hair
        body = hexrgb("7a2e5e")
        text = "TRACEBACK"
    c.fill(sd_round_rect(64, 132, 192, 210, 40), body,
           box=(56, 124, 200, 212))                # shoulders
    c.fill(sd_circle(128, 86, 38), skin, box=(84, 42, 172, 130))
    c.fill(sd_circle(114, 84, 4), hexrgb("222222"), box=(106, 76, 122, 92))
    c.fill(sd_circle(142, 84, 4), hexrgb("222222"), box=(134, 76, 150, 92))
    c.fill(sd_segment(118, 106, 138, 106, 4), hexrgb("9a4a3a"),
           box=(110, 98, 146, 114))
    label(c, text, white)
    write_png(path, 256, 256, c.rows(), True)


# --- JPEG (baseline, 4:4:4, the standard Huffman tables) ---------------------

_QL = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
       14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
       18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
       49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_QC = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
       24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99] + \
    [99] * 32
_DC_L = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
_DC_C = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
_AC_L = ([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d], bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
    "2433627282090a161718191a25262728292a3435363738393a43444546474849"
    "4a535455565758595a636465666768696a737475767778797a83848586878889"
    "8a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5"
    "c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8"
    "f9fa"))
_AC_C = ([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0"
    "156272d10a162434e125f11718191a262728292a35363738393a434445464748"
    "494a535455565758595a636465666768696a737475767778797a828384858687"
    "88898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3"
    "c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8"
    "f9fa"))
for _bits, _vals in (_DC_L, _DC_C, _AC_L, _AC_C):
    assert sum(_bits) == len(_vals)


def _zigzag():
    order = []
    for s in range(15):
        cells = [(y, s - y) for y in range(8) if 0 <= s - y < 8]
        order += cells if s % 2 else cells[::-1]
    return [y * 8 + x for y, x in order]


_ZZ = _zigzag()


def _huff_codes(table):
    """Canonical codes of a (bits, values) table: value -> (code, length)."""
    bits, vals = table
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _Bits:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, code, length):
        self.acc = (self.acc << length) | code
        self.n += length
        while self.n >= 8:
            self.n -= 8
            b = (self.acc >> self.n) & 255
            self.out.append(b)
            if b == 0xff:
                self.out.append(0)          # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)


def _category(v):
    v = abs(v)
    n = 0
    while v:
        n += 1
        v >>= 1
    return n


def write_jpeg(path, w, h, rgb, quality=88):
    """rgb(x, y) -> (r, g, b) in 0..255.  Baseline, no subsampling."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    ql = [max(1, min(255, (q * scale + 50) // 100)) for q in _QL]
    qc = [max(1, min(255, (q * scale + 50) // 100)) for q in _QC]
    cos = [[(math.sqrt(0.5) if u == 0 else 1.0) * 0.5 *
            math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
           for u in range(8)]
    dc_l, dc_c = _huff_codes(_DC_L), _huff_codes(_DC_C)
    ac_l, ac_c = _huff_codes(_AC_L), _huff_codes(_AC_C)
    bw = _Bits()
    pred = [0, 0, 0]

    def block(samples, q, dcc, acc, comp):
        # Rows, then columns: F = C B C^T.
        tmp = [[sum(cos[u][x] * samples[y * 8 + x] for x in range(8))
                for u in range(8)] for y in range(8)]
        coef = [0] * 64
        for v in range(8):
            for u in range(8):
                f = sum(cos[v][y] * tmp[y][u] for y in range(8))
                coef[v * 8 + u] = int(round(f / q[v * 8 + u]))
        zz = [coef[i] for i in _ZZ]
        diff = zz[0] - pred[comp]
        pred[comp] = zz[0]
        n = _category(diff)
        bw.put(*dcc[n])
        if n:
            bw.put(diff if diff > 0 else diff + (1 << n) - 1, n)
        run = 0
        for k in range(1, 64):
            v = zz[k]
            if v == 0:
                run += 1
                continue
            while run > 15:
                bw.put(*acc[0xf0])
                run -= 16
            n = _category(v)
            bw.put(*acc[(run << 4) | n])
            bw.put(v if v > 0 else v + (1 << n) - 1, n)
            run = 0
        if run:
            bw.put(*acc[0x00])

    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            ys, cbs, crs = [], [], []
            for y in range(8):
                for x in range(8):
                    r, g, b = rgb(min(bx + x, w - 1), min(by + y, h - 1))
                    ys.append(0.299 * r + 0.587 * g + 0.114 * b - 128)
                    cbs.append(-0.168736 * r - 0.331264 * g + 0.5 * b)
                    crs.append(0.5 * r - 0.418688 * g - 0.081312 * b)
            block(ys, ql, dc_l, ac_l, 0)
            block(cbs, qc, dc_c, ac_c, 1)
            block(crs, qc, dc_c, ac_c, 2)
    bw.flush()

    def seg(marker, body):
        return struct.pack(">HH", marker, len(body) + 2) + body

    def dht(cls, ident, table):
        bits, vals = table
        return bytes([cls << 4 | ident]) + bytes(bits) + bytes(vals)

    out = b"\xff\xd8"
    out += seg(0xffe0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")
    out += seg(0xffdb, b"\0" + bytes(ql[i] for i in _ZZ) +
               b"\x01" + bytes(qc[i] for i in _ZZ))
    out += seg(0xffc0, struct.pack(">BHHB", 8, h, w, 3) +
               b"\x01\x11\x00\x02\x11\x01\x03\x11\x01")
    out += seg(0xffc4, dht(0, 0, _DC_L) + dht(1, 0, _AC_L) +
               dht(0, 1, _DC_C) + dht(1, 1, _AC_C))
    out += seg(0xffda, b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00")
    out += bytes(bw.out) + b"\xff\xd9"
    _write(path, out)


def banner(path):
    """PACKTER over a dusk gradient with flying balls: a JPEG picture."""
    w, h = 320, 160
    c = Canvas(w, h, (0.0, 0.0, 0.0, 1.0))
    for y in range(h):
        t = y / (h - 1.0)
        for x in range(w):
            p = c.px[y * w + x]
            p[0], p[1], p[2] = 0.05 + 0.20 * t, 0.07 + 0.10 * t, 0.20 + 0.25 * t
    rng = Lcg(11)
    for i in range(24):
        x, y = rng.uniform(10, w - 10), rng.uniform(10, h - 10)
        col = hexrgb(("ff5050", "50ff50", "5080ff", "ffff50", "ff50ff")[i % 5])
        c.fill(sd_circle(x, y, rng.uniform(3, 7)), col, 0.9,
               (x - 8, y - 8, x + 8, y + 8))
    c.fill(sd_round_rect(34, 52, 286, 108, 12), (0.0, 0.0, 0.0), 0.55,
           (30, 48, 290, 112))
    c.text("PACKTER", w / 2.0, 59, 6, (1.0, 1.0, 1.0))
    write_jpeg(path, w, h, lambda x, y: tuple(
        int(round(clamp(v) * 255)) for v in c.px[y * w + x][:3]))


# --- the missile: flag 10 ---------------------------------------------------

SEG = 16                        # around the body


def missile(obj_path, png_path):
    """A missile along +x, from x = -0.5 (tail) to 0.5 (tip), unit length.

    Texture (256x128): u across the body from tail (0) to tip (0.75), v
    around it; the fins take u 0.78-0.98."""
    verts, uvs, norms, faces = [], [], [], []

    def v(p):
        verts.append(p)
        return len(verts)

    def t(p):
        uvs.append(p)
        return len(uvs)

    def n(p):
        ln = math.sqrt(sum(c * c for c in p))
        norms.append(tuple(c / ln for c in p))
        return len(norms)

    def body_u(x):
        return (x + 0.5) * 0.75

    # The profile: (x, radius, slope of the radius, for the normals).
    prof = [(-0.50, 0.036), (-0.46, 0.046), (-0.44, 0.050), (0.25, 0.050),
            (0.34, 0.045), (0.41, 0.034), (0.46, 0.020), (0.49, 0.007)]
    tip = 0.50
    rings = []
    for i, (x, r) in enumerate(prof):
        xa, ra = prof[max(0, i - 1)]
        xb, rb = prof[min(len(prof) - 1, i + 1)]
        dr = (rb - ra) / (xb - xa)
        ring = []
        for k in range(SEG + 1):
            a = 2 * math.pi * k / SEG
            cy, cz = math.cos(a), math.sin(a)
            ring.append((v((x, r * cy, r * cz)),
                         t((body_u(x), k / float(SEG))),
                         n((-dr, cy, cz))))
        rings.append(ring)
    for i in range(len(rings) - 1):
        a, b = rings[i], rings[i + 1]
        for k in range(SEG):
            faces.append((a[k], a[k + 1], b[k + 1]))
            faces.append((a[k], b[k + 1], b[k]))
    # The tip: a fan to one point.
    last = rings[-1]
    vt = v((tip, 0.0, 0.0))
    for k in range(SEG):
        tt = t((0.75, (k + 0.5) / SEG))
        nt = n((1.0, 0.0, 0.0))
        faces.append((last[k], last[k + 1], (vt, tt, nt)))
    # The tail: a flat disc facing -x (the nozzle, dark in the texture).
    first = rings[0]
    vc = v((-0.5, 0.0, 0.0))
    nb = n((-1.0, 0.0, 0.0))
    tc = t((0.005, 0.5))
    for k in range(SEG):
        faces.append(((first[k + 1][0], tc, nb), (first[k][0], tc, nb),
                      (vc, tc, nb)))

    def fin(angle, x0, x1, x_out0, x_out1, r_in, r_out, th, u0, u1):
        """A thin trapezoid plate from r_in to r_out at the given angle."""
        ca, sa = math.cos(angle), math.sin(angle)
        # Perpendicular to the fin's plane (in y-z).
        py, pz = -sa, ca

        def pt(x, r, side):
            return (x, r * ca + side * th * py, r * sa + side * th * pz)
        quad = [(x0, r_in), (x1, r_in), (x_out1, r_out), (x_out0, r_out)]
        tex = [(u0, 0.05), (u1, 0.05), (u1, 0.45), (u0 + 0.4 * (u1 - u0),
                                                      0.45)]
        sides = {}
        for side in (1, -1):
            ids = [v(pt(x, r, side)) for x, r in quad]
            tids = [t((tu, tv if side > 0 else tv + 0.5)) for tu, tv in tex]
            nid = n((0.0, side * py, side * pz))
            c = [(ids[i], tids[i], nid) for i in range(4)]
            if side > 0:
                faces.append((c[0], c[1], c[2]))
                faces.append((c[0], c[2], c[3]))
            else:
                faces.append((c[0], c[2], c[1]))
                faces.append((c[0], c[3], c[2]))
            sides[side] = ids
        # The rims: four thin quads, normals facing out of each edge.
        for i in range(4):
            j = (i + 1) % 4
            (xa, ra), (xb, rb) = quad[i], quad[j]
            ex, er = xb - xa, rb - ra
            # The edge's outward normal in the fin's plane (x, radial).
            cx_, cr_ = (sum(q[0] for q in quad) / 4.0,
                        sum(q[1] for q in quad) / 4.0)
            nx_, nr_ = er, -ex
            if nx_ * ((xa + xb) / 2 - cx_) + nr_ * ((ra + rb) / 2 - cr_) < 0:
                nx_, nr_ = -nx_, -nr_
            nid = n((nx_, nr_ * ca, nr_ * sa))
            tr = t((u1, 0.97))
            a1, b1 = sides[1][i], sides[1][j]
            a2, b2 = sides[-1][i], sides[-1][j]
            quadv = [(a1, tr, nid), (b1, tr, nid), (b2, tr, nid),
                     (a2, tr, nid)]
            faces.append((quadv[0], quadv[1], quadv[2]))
            faces.append((quadv[0], quadv[2], quadv[3]))

    for q in range(4):
        ang = math.pi / 4 + q * math.pi / 2
        fin(ang, -0.46, -0.28, -0.47, -0.40, 0.049, 0.135, 0.005, 0.78,
            0.98)
        fin(ang, 0.08, 0.16, 0.10, 0.15, 0.049, 0.085, 0.004, 0.78, 0.90)

    # Fix the winding so every face turns its front (CCW) to its normal.
    fixed = []
    for f in faces:
        p = [verts[c[0] - 1] for c in f]
        e1 = [p[1][i] - p[0][i] for i in range(3)]
        e2 = [p[2][i] - p[0][i] for i in range(3)]
        cr = (e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
              e1[0] * e2[1] - e1[1] * e2[0])
        nn = [sum(norms[c[2] - 1][i] for c in f) for i in range(3)]
        fixed.append(f if sum(cr[i] * nn[i] for i in range(3)) >= 0
                     else (f[0], f[2], f[1]))

    lines = ["# flag-10.obj - a missile for PACKTER's DoS flag (10).",
             "# Made by media/make-media.py; CC-BY 4.0, the PACKTER project.",
             "# Points along +x: tail at x = -0.5, tip at x = 0.5 (unit "
             "length); y up.",
             "# Texture: flag-10.png (the same name, .png).",
             "# %d vertices, %d triangles." % (len(verts), len(fixed)),
             "o missile"]
    lines += ["v %.5f %.5f %.5f" % p for p in verts]
    lines += ["vt %.5f %.5f" % p for p in uvs]
    lines += ["vn %.5f %.5f %.5f" % p for p in norms]
    lines += ["f " + " ".join("%d/%d/%d" % c for c in f) for f in fixed]
    _write(obj_path, ("\n".join(lines) + "\n").encode())

    # The texture: white body, red nose, black and yellow bands, grey fins.
    tw, th_ = 256, 128
    rows = []
    for y in range(th_):
        row = bytearray()
        for x in range(tw):
            u = (x + 0.5) / tw
            vv = (y + 0.5) / th_
            if u < 0.03:
                col = (40, 40, 44)                   # nozzle
            elif u < 0.75:
                xm = u / 0.75 - 0.5                  # back to model x
                shade = 0.85 + 0.15 * math.cos(2 * math.pi * vv)
                if xm > 0.25:
                    col = (200, 30, 30)              # nose
                elif 0.20 < xm < 0.23:
                    col = (20, 20, 20)
                elif -0.05 < xm < 0.05:
                    stripe = int((x + y) / 6) % 2
                    col = (240, 200, 20) if stripe else (25, 25, 25)
                elif -0.40 < xm < -0.37:
                    col = (200, 30, 30)
                else:
                    col = (232, 234, 236)
                col = tuple(int(c * shade) for c in col)
            else:
                col = (90, 96, 104) if vv < 0.9 else (60, 64, 70)
            row += bytes(col)
        rows.append(bytes(row))
    write_png(png_path, tw, th_, rows, False)


# --- sounds -----------------------------------------------------------------

def write_wav(path, samples):
    """Mono, 16 bits, RATE Hz; samples are floats in [-1, 1]."""
    data = b"".join(struct.pack("<h", int(round(clamp(s, -1.0, 1.0) * 32767)))
                    for s in samples)
    tmp = path + ".tmp"
    with wave.open(tmp, "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(data)
    os.replace(tmp, path)


def env(i, n, attack, release):
    """A linear attack/release envelope over n samples."""
    a, r = int(attack * RATE), int(release * RATE)
    if a and i < a:
        return i / float(a)
    if r and i > n - r:
        return max(0.0, (n - i) / float(r))
    return 1.0


def note_freq(semitones_from_a4):
    return 440.0 * 2 ** (semitones_from_a4 / 12.0)


def beep(path):
    n = int(0.12 * RATE)
    write_wav(path, [0.5 * env(i, n, 0.005, 0.02) *
                     math.sin(2 * math.pi * 1000 * i / RATE) for i in range(n)])


def alarm_sound(path):
    """A two-sweep siren, square-ish (odd harmonics)."""
    n = int(1.6 * RATE)
    out, ph = [], 0.0
    for i in range(n):
        t = i / float(RATE)
        f = 600 + 600 * (0.5 - 0.5 * math.cos(2 * math.pi * t / 0.8))
        ph += 2 * math.pi * f / RATE
        s = sum(math.sin(k * ph) / k for k in (1, 3, 5, 7))
        out.append(0.45 * env(i, n, 0.01, 0.05) * s)
    write_wav(path, out)


def pluck(buf, start, freq, dur, amp, harmonics=(1.0, 0.5, 0.25),
          decay=6.0, wrap=False):
    """Add a decaying note into buf at sample start."""
    n = int(dur * RATE)
    for i in range(n):
        t = i / float(RATE)
        e = math.exp(-decay * t) * min(1.0, i / (0.004 * RATE))
        if i > n - 200:
            e *= (n - i) / 200.0
        s = sum(h * math.sin(2 * math.pi * freq * (k + 1) * t)
                for k, h in enumerate(harmonics))
        j = start + i
        if wrap:
            j %= len(buf)
        elif j >= len(buf):
            break
        buf[j] += amp * e * s


def success(path):
    buf = [0.0] * int(0.7 * RATE)
    for k, semi in enumerate((3, 7, 10, 15)):          # C5 E5 G5 C6
        pluck(buf, int(k * 0.09 * RATE), note_freq(semi), 0.7 - k * 0.09,
              0.25)
    write_wav(path, buf)


def failure(path):
    buf = [0.0] * int(0.8 * RATE)
    for k, semi in enumerate((-2, -8)):                # G4, C#4
        pluck(buf, int(k * 0.25 * RATE), note_freq(semi), 0.55, 0.3,
              harmonics=(1.0, 0.6, 0.45, 0.3, 0.2), decay=3.0)
    write_wav(path, buf)


def detection(path):
    """PACKTER 2.x's Detection.wav name: three falling two-tone alerts."""
    n = int(1.2 * RATE)
    out = []
    for i in range(n):
        t = i / float(RATE)
        k = int(t / 0.4)
        f = 880.0 if (t % 0.4) < 0.2 else 660.0
        f *= 2 ** (-k / 12.0)
        s = math.sin(2 * math.pi * f * t) + 0.3 * math.sin(6 * math.pi * f * t)
        e = env(i % int(0.2 * RATE), int(0.2 * RATE), 0.005, 0.03)
        out.append(0.4 * e * s)
    write_wav(path, out)


def sonar(path):
    """PACKTER 2.x's Traceback.wav name: a sonar ping and its echo."""
    buf = [0.0] * int(1.4 * RATE)
    pluck(buf, 0, 1318.5, 1.0, 0.35, harmonics=(1.0, 0.15), decay=4.0)
    pluck(buf, int(0.55 * RATE), 1318.5, 0.8, 0.12, harmonics=(1.0, 0.15),
          decay=5.0)
    write_wav(path, buf)


def se_class(path, cls):
    """PACKTER 2.x's se<N>.wav, a blip per flag class: IPv4 0-4 low, IPv6
    5-9 an octave up, the class's step within a pentatonic scale."""
    steps = (0, 2, 4, 7, 9)
    semi = steps[cls % 5] + (12 if cls >= 5 else 0) - 9
    f = note_freq(semi)
    n = int(0.08 * RATE)
    write_wav(path, [0.45 * env(i, n, 0.003, 0.04) *
                     (math.sin(2 * math.pi * f * i / RATE) +
                      0.25 * math.sin(4 * math.pi * f * i / RATE))
                     for i in range(n)])


def music(path):
    """8 s that loop without a seam: notes that run past the end wrap."""
    bar = 2.0                                          # 120 bpm, 4/4
    n = int(4 * bar * RATE)
    buf = [0.0] * n
    # A minor, F, C, G: (root for the bass, chord tones), from A4.
    chords = [(-24, (0, 3, 7)), (-28, (-4, 0, 3)), (-21, (3, 7, 10)),
              (-26, (-2, 2, 5))]
    for b, (root, tones) in enumerate(chords):
        t0 = int(b * bar * RATE)
        # A soft pad: each chord tone through the whole bar and past it.
        for semi in tones:
            f = note_freq(semi - 12)
            m = int(bar * 1.25 * RATE)
            for i in range(m):
                e = math.sin(math.pi * i / m) ** 2
                t = i / float(RATE)
                buf[(t0 + i) % n] += 0.06 * e * (
                    math.sin(2 * math.pi * f * t) +
                    0.3 * math.sin(2 * math.pi * f * 2.003 * t))
        # Bass on beats 1 and 3.
        for beat in (0, 2):
            pluck(buf, t0 + int(beat * bar / 4 * RATE), note_freq(root),
                  0.9, 0.22, harmonics=(1.0, 0.3), decay=3.0, wrap=True)
        # An arpeggio in eighths, up and down the chord an octave up.
        pattern = [0, 1, 2, 1, 0, 1, 2, 1]
        for k, idx in enumerate(pattern):
            pluck(buf, t0 + int(k * bar / 8 * RATE), note_freq(tones[idx]),
                  0.6, 0.10, decay=7.0, wrap=True)
    peak = max(abs(s) for s in buf)
    write_wav(path, [0.8 * s / peak for s in buf])


# --- all of it --------------------------------------------------------------

SKY = ((hexrgb("03061a"), hexrgb("1c3366"), hexrgb("07080c"),
        (0.85, 0.9, 1.0)))
SKY_ALARM = ((hexrgb("1a0305"), hexrgb("7a1a12"), hexrgb("0c0606"),
              (1.0, 0.65, 0.55)))


# --- the world map (media/world.png) -------------------------------------------
#
# Natural Earth's 1:110m countries (public domain; CC0 as Debian's
# r-cran-rnaturalearthdata packages them, in R's lazy-load format), read
# here without R: the .rdx index is a gzipped R serialization, each object
# in the .rdb a raw LZMA2 (or zlib, or bzip2) stream of one.  Only the parts
# of R's XDR serialization format that sp's SpatialPolygonsDataFrame uses.

NATURAL_EARTH = "/usr/lib/R/site-library/rnaturalearthdata/data/Rdata"
WORLD_W, WORLD_H = 1024, 512
WORLD_SS = 2                    # supersampling, each way


class RObject:
    """An R value: its type, its value, its attributes (a dict)."""

    def __init__(self, kind, value, attrs=None):
        self.kind, self.value, self.attrs = kind, value, attrs or {}


class RReader:
    """R's unserialize() for XDR ("X\n") streams, versions 2 and 3."""

    def __init__(self, data):
        self.d, self.p, self.refs = data, 0, []
        if self.d[:2] != b"X\n":
            raise ValueError("not an XDR serialization")
        self.p = 2
        version = self.int()
        self.int()
        self.int()
        if version == 3:
            n = self.int()                  # the native encoding's name
            self.p += n
        elif version != 2:
            raise ValueError("serialization version %d" % version)

    def int(self):
        v = struct.unpack_from(">i", self.d, self.p)[0]
        self.p += 4
        return v

    def length(self):
        n = self.int()
        if n == -1:
            hi, lo = self.int(), self.int()
            n = (hi << 32) | (lo & 0xffffffff)
        if n < 0 or n > len(self.d):
            raise ValueError("bad length %d" % n)
        return n

    def item(self):
        flags = self.int()
        kind = flags & 0xff
        has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
        if kind == 255:                     # REFSXP
            i = flags >> 8
            return self.refs[(i if i else self.int()) - 1]
        if kind in (254, 253, 252, 251, 250, 242, 241):
            return None                     # NULL, environments, markers
        if kind in (249, 248, 247):         # namespace, package, persist
            self.int()
            names = [self.item() for _ in range(self.length())]
            self.refs.append(names)
            return names
        if kind == 1:                       # SYMSXP
            sym = self.item()
            self.refs.append(sym)
            return sym
        if kind in (2, 6, 239, 240, 3, 5, 17):   # pairlists and the like
            out = {}
            while True:
                attrs = self.attrs() if has_attr else {}
                tag = self.item() if has_tag else None
                val = self.item()
                out[tag if tag is not None else len(out)] = val
                del attrs
                flags = self.int()
                kind = flags & 0xff
                has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
                if kind not in (2, 6, 239, 240):
                    if kind != 254:
                        raise ValueError("pairlist ends in type %d" % kind)
                    return RObject("list", out)
        if kind == 4:                       # ENVSXP
            env = RObject("env", None)
            self.refs.append(env)
            self.int()
            for _ in range(4):
                self.item()
            return env
        if kind == 9:                       # CHARSXP
            n = self.int()
            if n == -1:
                return None
            v = self.d[self.p:self.p + n].decode("utf-8", "replace")
            self.p += n
            return v
        if kind in (10, 13):                # LGLSXP, INTSXP
            n = self.length()
            v = struct.unpack_from(">%di" % n, self.d, self.p)
            self.p += 4 * n
        elif kind == 14:                    # REALSXP
            n = self.length()
            v = struct.unpack_from(">%dd" % n, self.d, self.p)
            self.p += 8 * n
        elif kind in (16, 19, 20):          # STRSXP, VECSXP, EXPRSXP
            v = [self.item() for _ in range(self.length())]
        elif kind == 24:                    # RAWSXP
            n = self.length()
            v = self.d[self.p:self.p + n]
            self.p += n
        elif kind == 25:                    # S4SXP: attributes only
            v = None
        else:
            raise ValueError("R type %d not read here" % kind)
        return RObject(kind, v, self.attrs() if has_attr else {})

    def attrs(self):
        a = self.item()
        return a.value if isinstance(a, RObject) else {}


def r_object(base, name):
    """One object of an R lazy-load database (base.rdx + base.rdb)."""
    import gzip
    import lzma
    import bz2
    index = RReader(gzip.decompress(open(base + ".rdx", "rb").read()))
    top = index.item()
    variables = top.value[0]
    names = variables.attrs["names"].value
    off, n = variables.value[names.index(name)].value
    with open(base + ".rdb", "rb") as f:
        f.seek(off)
        blob = f.read(n)
    size, kind = struct.unpack(">I", blob[:4])[0], blob[4:5]
    if kind == b"Z":
        data = lzma.decompress(blob[5:], format=lzma.FORMAT_RAW, filters=[
            {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}])
    elif kind == b"2":
        data = bz2.decompress(blob[5:])
    else:
        data = zlib.decompress(blob[4:])
    if len(data) != size:
        raise ValueError("%s: %d bytes, want %d" % (name, len(data), size))
    return RReader(data).item()


def country_rings():
    """Each country's rings as lists of (lon, lat), from countries110."""
    obj = r_object(NATURAL_EARTH, "countries110")
    out = []
    for country in obj.attrs["polygons"].value:
        rings = []
        for poly in country.attrs["Polygons"].value:
            c = poly.attrs["coords"].value
            n = len(c) // 2
            rings.append([(c[i], c[n + i]) for i in range(n)])
        out.append(rings)
    return out


def fill_rings(mask, w, h, rings, value):
    """Even-odd fill of one country's rings (holes and all) into mask."""
    rows = {}
    for ring in rings:
        pts = [((lon + 180.0) / 360.0 * w, (90.0 - lat) / 180.0 * h)
               for lon, lat in ring]
        for i in range(len(pts)):
            (x0, y0), (x1, y1) = pts[i], pts[i - 1]
            if y0 == y1:
                continue
            if y0 > y1:
                x0, y0, x1, y1 = x1, y1, x0, y0
            top = max(int(math.ceil(y0 - 0.5)), 0)
            bot = min(int(math.ceil(y1 - 0.5)), h)
            for y in range(top, bot):
                yc = y + 0.5
                rows.setdefault(y, []).append(
                    x0 + (x1 - x0) * (yc - y0) / (y1 - y0))
    for y, xs in rows.items():
        xs.sort()
        row = y * w
        for i in range(0, len(xs) - 1, 2):
            a = max(int(math.ceil(xs[i] - 0.5)), 0)
            b = min(int(math.ceil(xs[i + 1] - 0.5)), w)
            if b > a:
                mask[row + a:row + b] = value * (b - a)


def world(path):
    """1024x512 RGB equirectangular world map (row 0 the north pole,
    column 0 at 180 W): ocean, land by latitude, country borders, a 30
    degree graticule.  Natural Earth's 1:110m countries, rasterised at
    twice the size each way and averaged down."""
    W, H = WORLD_W * WORLD_SS, WORLD_H * WORLD_SS
    land = bytearray(W * H)
    countries = country_rings()
    for k, rings in enumerate(countries):
        fill_rings(land, W, H, rings, bytes([1 + k % 250]))
    ocean = (12, 38, 72)
    rows = []
    for y in range(WORLD_H):
        lat = 90.0 - (y + 0.5) * 180.0 / WORLD_H
        ice = clamp((abs(lat) - 60.0) / 25.0)
        green = (46 + 60 * ice, 92 + 50 * ice, 56 + 90 * ice)
        row = bytearray()
        for x in range(WORLD_W):
            acc = [0.0, 0.0, 0.0]
            for sy in range(WORLD_SS):
                base = (y * WORLD_SS + sy) * W + x * WORLD_SS
                for sx in range(WORLD_SS):
                    c = land[base + sx]
                    if c == 0:
                        rgb = ocean
                    else:
                        # A border: a neighbour of another country.
                        edge = False
                        for o in (1, -1, W, -W):
                            j = base + sx + o
                            if 0 <= j < len(land) and land[j] != c:
                                edge = True
                                break
                        rgb = (150, 175, 150) if edge else green
                    for i in range(3):
                        acc[i] += rgb[i]
            px = [a / (WORLD_SS * WORLD_SS) for a in acc]
            lon = (x + 0.5) * 360.0 / WORLD_W - 180.0
            if (abs((lon + 180.0) % 30.0) < 360.0 / WORLD_W or
                    abs((lat + 90.0) % 30.0) < 180.0 / WORLD_H):
                px = [p * 0.7 + q * 0.3 for p, q in zip(px, (90, 130, 170))]
            row += bytes(int(round(clamp(p / 255.0) * 255)) for p in px)
        rows.append(bytes(row))
    write_png(path, WORLD_W, WORLD_H, rows, False)


def have_world_data():
    return os.path.exists(NATURAL_EARTH + ".rdb")


def make_all(out):
    def p(name):
        return os.path.join(out, name)
    ball(p("ball.png"))
    board(p("board.png"))
    for state in ("started", "accepted", "found", "notfound", "error"):
        tc_icon(p("tc-%s.png" % state), state)
    for kind, text, accent in ALARMS:
        alarm_icon(p("alarm-%s.png" % kind), text, accent)
    banner(p("packter.jpg"))
    missile(p("models/flag-10.obj"), p("models/flag-10.png"))
    beep(p("beep.wav"))
    alarm_sound(p("alarm.wav"))
    success(p("success.wav"))
    failure(p("failure.wav"))
    music(p("music.wav"))
    sky(p("sky.png"), SKY)
    sky(p("sky-alarm.png"), SKY_ALARM)
    # The names PACKTER 2.x's configs and agents use by default.
    person(p("male.png"), "male")
    person(p("female.png"), "female")
    detection(p("Detection.wav"))
    sonar(p("Traceback.wav"))
    success(p("Success.wav"))
    failure(p("Failed.wav"))
    for cls in range(10):
        se_class(p("se%d.wav" % cls), cls)
    sky(p("texture1.bmp"), SKY, w=512, h=256)
    sky(p("texture2.bmp"), SKY_ALARM, w=512, h=256)
    if have_world_data():
        world(p("world.png"))
    else:
        print("make-media.py: no %s.rdb (apt-get install "
              "r-cran-rnaturalearthdata): world.png not made" % NATURAL_EARTH)


# PACKTER 2.x's default names (packter.conf.sample, pt_agent -s).
REFERENCE_NAMES = (["male.png", "female.png", "Detection.wav",
                    "Traceback.wav", "Success.wav", "Failed.wav",
                    "texture1.bmp", "texture2.bmp"] +
                   ["se%d.wav" % i for i in range(10)])

GENERATED = (["ball.png", "board.png", "sky.png", "sky-alarm.png",
              "packter.jpg", "models/flag-10.obj", "models/flag-10.png",
              "beep.wav", "alarm.wav", "success.wav", "failure.wav",
              "music.wav"] +
             ["tc-%s.png" % s for s in ("started", "accepted", "found",
                                        "notfound", "error")] +
             ["alarm-%s.png" % k for k, _, _ in ALARMS] + REFERENCE_NAMES +
             ["world.png"])


# --- checks -----------------------------------------------------------------

def png_info(path):
    """(width, height, channels, raw pixels) after checking every CRC."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        ln, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        crc, = struct.unpack(">I", data[pos + 8 + ln:pos + 12 + ln])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, "bad CRC"
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + ln
        if kind == b"IEND":
            break
    w, h, depth, ctype = ihdr[:4]
    assert depth == 8 and ctype in (2, 6)
    ch = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    assert len(raw) == h * (1 + w * ch), "pixel data of the wrong size"
    return w, h, ch, raw


def jpeg_size(path):
    data = open(path, "rb").read()
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos = 2
    while pos < len(data):
        assert data[pos] == 0xff
        marker = data[pos + 1]
        ln, = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker == 0xc0:
            h, w = struct.unpack(">HH", data[pos + 5:pos + 9])
            return w, h
        pos += 2 + ln
    raise AssertionError("no SOF0")


def check(d):
    errors = []

    def expect(cond, what):
        if not cond:
            errors.append(what)

    readme = open(os.path.join(d, "README")).read()
    total = 0
    for root, _, files in os.walk(d):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    expect(total < 3 * 1024 * 1024, "media/ is %d bytes, over 3 MiB" % total)

    for name in GENERATED:
        path = os.path.join(d, name)
        if not os.path.exists(path):
            errors.append("%s: missing" % name)
            continue
        expect(name in readme, "%s: not in README" % name)
        try:
            if name.endswith(".png"):
                w, h, ch, _ = png_info(path)
                if name.startswith("sky") or name == "world.png":
                    expect((w, h) == (1024, 512), "%s: not 1024x512" % name)
            elif name.endswith(".bmp"):
                w, h = bmp_info(path)
                expect((w, h) == (512, 256), "%s: not 512x256" % name)
            elif name.endswith(".jpg"):
                w, h = jpeg_size(path)
                expect((w, h) == (320, 160), "%s: %dx%d" % (name, w, h))
            elif name.endswith(".wav"):
                with wave.open(path) as f:
                    expect(f.getnchannels() == 1 and f.getsampwidth() == 2,
                           "%s: not 16-bit mono" % name)
                    n = f.getnframes()
                    frames = f.readframes(n)
                    secs = n / float(f.getframerate())
                expect(0.05 < secs < 10.0, "%s: %.2f s" % (name, secs))
                s = struct.unpack("<%dh" % n, frames)
                rms = math.sqrt(sum(x * x for x in s) / float(n))
                expect(rms > 1000, "%s: silent (rms %.0f)" % (name, rms))
        except (AssertionError, struct.error, zlib.error, OSError,
                wave.Error) as e:
            errors.append("%s: %s" % (name, e or "malformed"))

    # Every model follows the convention and is a sane mesh.
    mdir = os.path.join(d, "models")
    for f in sorted(os.listdir(mdir)):
        base, ext = os.path.splitext(f)
        if ext != ".obj":
            continue
        expect(base.startswith("flag-") and base[5:].isdigit() and
               int(base[5:]) >= 10, "%s: not flag-<N>.obj, N >= 10" % f)
        expect(os.path.exists(os.path.join(mdir, base + ".png")),
               "%s: no %s.png" % (f, base))
        v, vt, vn, tris = [], 0, 0, []
        for line in open(os.path.join(mdir, f)):
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "v":
                v.append(tuple(float(x) for x in w[1:4]))
            elif w[0] == "vt":
                vt += 1
            elif w[0] == "vn":
                vn += 1
            elif w[0] == "f":
                expect(len(w) == 4, "%s: a face that is not a triangle" % f)
                tris.append([tuple(int(i) for i in c.split("/"))
                             for c in w[1:]])
        bad = [c for t in tris for c in t
               if not (1 <= c[0] <= len(v) and 1 <= c[1] <= vt and
                       1 <= c[2] <= vn)]
        expect(not bad, "%s: face indices out of range" % f)
        expect(100 <= len(tris) <= 1000,
               "%s: %d triangles" % (f, len(tris)))
        xs = [p[0] for p in v]
        expect(abs(min(xs) + 0.5) < 1e-3 and abs(max(xs) - 0.5) < 1e-3,
               "%s: x from %.3f to %.3f, not -0.5 to 0.5" %
               (f, min(xs), max(xs)))
        tipv = max(v, key=lambda p: p[0])
        expect(abs(tipv[1]) < 1e-3 and abs(tipv[2]) < 1e-3,
               "%s: the tip is not on the x axis" % f)
        ys = [abs(p[1]) for p in v] + [abs(p[2]) for p in v]
        expect(max(ys) < 0.25, "%s: wider than long" % f)
    return errors


def main():
    args = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    if args and args[0] == "--check":
        d = args[1] if len(args) > 1 else here
        errors = check(d)
        for e in errors:
            print("FAIL: " + e)
        print("%d files checked, %d problems" % (len(GENERATED), len(errors)))
        sys.exit(1 if errors else 0)
    if args and args[0] == "--compare":
        d = args[1] if len(args) > 1 else here
        with tempfile.TemporaryDirectory() as tmp:
            make_all(tmp)
            differ = [n for n in GENERATED
                      if os.path.exists(os.path.join(tmp, n)) and
                      open(os.path.join(tmp, n), "rb").read() !=
                      open(os.path.join(d, n), "rb").read()]
        for n in differ:
            print("differs: " + n)
        print("%d of %d files differ" % (len(differ), len(GENERATED)))
        sys.exit(1 if differ else 0)
    make_all(args[0] if args else here)


if __name__ == "__main__":
    main()
