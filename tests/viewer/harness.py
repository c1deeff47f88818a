"""harness.py - drive packter-viewer from the viewer tests.

Starts the viewer on a free port (-p 0; it prints "listening on port N" once
bound, which is what we wait for), sends datagrams to it, waits for it to exit
and reads its screenshot (a PNG decoder with zlib, enough for the viewer's own
files).  The camera model below is the one viewer/core/camera.h documents,
written again here so that the tests check the viewer against it rather than
against itself.
"""

import math
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import zlib

TOP_BUILDDIR = os.environ.get("top_builddir", ".")
TOP_SRCDIR = os.environ.get("top_srcdir", ".")
VIEWER = os.path.join(TOP_BUILDDIR, "viewer", "packter-viewer")
SHADERS = os.path.join(TOP_SRCDIR, "viewer", "gl", "shaders")

# viewer/core/scene.h and viewer/core/camera.h
BOARD_X = 1.6
BOARD_HALF = 1.0
FOV_DEG = 45.0
NEAR, FAR = 0.05, 200.0
VIEWS = {  # yaw, pitch, dist
    0: (-0.78, 0.18, 5.35),
    1: (0.0, 0.0, 6.0),
    2: (math.pi / 2, 0.0, 6.0),
}

# PROTOCOL.md's flag colours
FLAG_RGB = [0xFFA3B1, 0x0000FF, 0xFF0000, 0x8000FF, 0x008000,
            0x00FFFF, 0xFFFF00, 0xFFFFFF, 0x00FF00, 0xFF8040]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def stat_of(out, name):
    """The value of counter name in --stats output (fails if absent)."""
    for line in out.splitlines():
        s = line.strip()
        if s.startswith(name + " ") and s[len(name):].strip().isdigit():
            return int(s[len(name):].strip())
    fail("no counter %r in:\n%s" % (name, out))


def line_of(out, prefix):
    """The rest of the first line of out that starts with prefix, or None."""
    for line in out.splitlines():
        if line.startswith(prefix):
            return line[len(prefix):]
    return None


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


# --- positions ---------------------------------------------------------------

def addr_x(text):
    """PROTOCOL.md: x = address / 2^32 or / 2^128."""
    if ":" in text:
        b = socket.inet_pton(socket.AF_INET6, text)
        return int.from_bytes(b, "big") / 2.0**128
    b = socket.inet_pton(socket.AF_INET, text)
    return int.from_bytes(b, "big") / 2.0**32


def board_point(board, u, v):
    x = -BOARD_X if board == 0 else BOARD_X
    return (x, (v - 0.5) * 2 * BOARD_HALF, (0.5 - u) * 2 * BOARD_HALF)


def ball_at(src, sport, dst, dport, p):
    a = board_point(0, addr_x(src), sport / 65536.0)
    b = board_point(1, addr_x(dst), dport / 65536.0)
    return tuple(a[i] + (b[i] - a[i]) * p for i in range(3))


def project(view, w, h, pt):
    """World point to window pixels (x right, y down), or None if behind."""
    yaw, pitch, dist = VIEWS[view]
    eye = (dist * math.cos(pitch) * math.sin(yaw), dist * math.sin(pitch),
           dist * math.cos(pitch) * math.cos(yaw))
    f = [-e for e in eye]
    n = math.sqrt(sum(c * c for c in f))
    f = [c / n for c in f]
    r = [f[1] * 0 - f[2] * 1, f[2] * 0 - f[0] * 0, f[0] * 1 - f[1] * 0]
    n = math.sqrt(sum(c * c for c in r))
    r = [c / n for c in r]
    u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2],
         r[0] * f[1] - r[1] * f[0]]
    d = [pt[i] - eye[i] for i in range(3)]
    cx = sum(d[i] * r[i] for i in range(3))
    cy = sum(d[i] * u[i] for i in range(3))
    cz = sum(d[i] * f[i] for i in range(3))  # depth in front of the eye
    if cz <= NEAR:
        return None
    t = 1.0 / math.tan(math.radians(FOV_DEG) / 2)
    ndc_x = cx * t / (w / h) / cz
    ndc_y = cy * t / cz
    return ((ndc_x + 1) / 2 * w, (1 - ndc_y) / 2 * h)


# --- PNG -----------------------------------------------------------------------

def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + ": not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB",
                                                                body)
            if depth != 8 or ctype not in (2, 6) or interlace != 0:
                fail("unexpected PNG format %d/%d/%d" %
                     (depth, ctype, interlace))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xff
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xff
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xff
            elif ftype == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 0xff
        rows.append(bytes(line) if bpp == 3 else
                    bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return w, h, rows


def read_ppm_frames(path):
    """The frames of a PPM stream: a list of (width, height, RGB bytes)."""
    with open(path, "rb") as fh:
        data = fh.read()
    frames, pos = [], 0
    while pos < len(data):
        fields = []
        while len(fields) < 4:
            while data[pos:pos + 1].isspace():
                pos += 1
            end = pos
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        pos += 1  # the single white space before the pixels
        if fields[0] != b"P6" or fields[3] != b"255":
            fail("not a P6 stream")
        w, h = int(fields[1]), int(fields[2])
        frames.append((w, h, data[pos:pos + 3 * w * h]))
        pos += 3 * w * h
    return frames


def pixel(img, x, y):
    w, h, rows = img
    if not (0 <= x < w and 0 <= y < h):
        return None
    return tuple(rows[y][3 * x:3 * x + 3])


def matches(px, rgb, tol=48):
    """Within tol of the colour in each channel.  The flag colours differ
    by 127 or more in some channel; a ball seen through a board is tinted
    by about 18%; the HUD's grey text stays more than 60 away from pink
    and white."""
    want = ((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)
    return px is not None and all(abs(px[i] - want[i]) <= tol
                                  for i in range(3))


# --- running the viewer ---------------------------------------------------------

def display_modes():
    """How the tests may run the viewer here: offscreen EGL, Xvfb."""
    modes = ["offscreen"]
    if shutil.which("xvfb-run") and shutil.which("Xvfb"):
        modes.append("xvfb")
    return modes


class Viewer:
    def __init__(self, args, mode="offscreen", w=640, h=480,
                 bind="127.0.0.1", ppm=False, stderr=None, env_extra=None):
        self.w, self.h = w, h
        self.tmp = tempfile.mkdtemp(prefix="packter-viewer-test.")
        self.png = os.path.join(self.tmp, "shot.png")
        self.ppm = os.path.join(self.tmp, "frames.ppm")
        cmd = [VIEWER] + (["-b", bind] if bind else []) + ["-p", "0",
               "--geometry", "%dx%d" % (w, h), "--shader-dir", SHADERS,
               "--screenshot", self.png, "--stats"] + args
        if ppm:
            cmd += ["--ppm-stream", self.ppm]
        env = dict(os.environ)
        # No configuration file of this machine's user (packter-viewer(1)).
        env["XDG_CONFIG_HOME"] = self.tmp
        env.update(env_extra or {})
        if mode == "offscreen":
            # Without a display only when asked (packter-viewer(1)).
            env["SDL_VIDEODRIVER"] = "offscreen"
            cmd.append("--offscreen")
        else:
            env.pop("SDL_VIDEODRIVER", None)
            cmd = ["xvfb-run", "-a", "-s",
                   "-screen 0 %dx%dx24" % (max(w, 1280), max(h, 720))] + cmd
        # Two xvfb-run -a starting at once can pick the same display: the
        # loser's Xvfb fails, and it is worth another try.
        for attempt in range(3 if mode == "xvfb" else 1):
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                         stderr=stderr, env=env, text=True)
            line = self.proc.stdout.readline()
            if line.startswith("listening on port "):
                break
            self.proc.kill()
            self.proc.wait()
        else:
            fail("viewer did not start: %r" % line)
        self.port = int(line.split()[3])

    def send(self, payload, to="127.0.0.1"):
        if isinstance(payload, str):
            payload = payload.encode()
        fam = socket.AF_INET6 if ":" in to else socket.AF_INET
        with socket.socket(fam, socket.SOCK_DGRAM) as s:
            s.sendto(payload, (to, self.port))

    def finish(self, timeout=120):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("viewer did not exit")
        self.out = out
        self.err = err
        if self.proc.returncode != 0:
            print(out)
            fail("viewer exited with %d" % self.proc.returncode)
        return out

    def stat(self, name):
        return stat_of(self.out, name)

    def line(self, prefix):
        return line_of(self.out, prefix)

    def image(self):
        return read_png(self.png)

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
