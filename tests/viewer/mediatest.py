"""mediatest.py - what the control-message tests (messages.py, audio.py,
confine.py) share on top of harness.py: a viewer with its own media
directory, --report-messages lines read as they come (the viewer says on
its standard output when it has handled each control message, so a test
can send the next one after it), SDL's disk audio driver, a PNG writer,
the raw audio it captures.
"""

import importlib.util
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

from harness import SHADERS, TOP_SRCDIR, VIEWER, fail, line_of, stat_of

MEDIA = os.path.join(TOP_SRCDIR, "media")


def write_png(path, w, h, rgb, alpha=255):
    """A solid w x h picture of one colour."""
    row = b"\x00" + bytes(rgb + (alpha,)) * w
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                 chunk(b"IDAT", zlib.compress(row * h)) +
                 chunk(b"IEND", b""))


def write_jpeg(path, w, h, rgb):
    """A solid JPEG, with media/make-media.py's own encoder."""
    spec = importlib.util.spec_from_file_location(
        "make_media", os.path.join(MEDIA, "make-media.py"))
    mm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mm)
    mm.write_jpeg(path, w, h, lambda x, y: rgb)


def media_dir(models=False):
    """A fresh media directory; with the missile of media/ if asked."""
    d = tempfile.mkdtemp(prefix="packter-media-test.")
    if models:
        os.mkdir(os.path.join(d, "models"))
        for ext in ("obj", "png"):
            shutil.copy(os.path.join(MEDIA, "models", "flag-10." + ext),
                        os.path.join(d, "models"))
    return d


class Viewer:
    """packter-viewer on a free port with --report-messages and --stats."""

    def __init__(self, args, w=640, h=480, media=None, audio_file=None,
                 wrap=None, env_extra=None):
        self.w, self.h = w, h
        self.tmp = tempfile.mkdtemp(prefix="packter-viewer-test.")
        self.png = os.path.join(self.tmp, "shot.png")
        self.audio = audio_file
        cmd = [VIEWER, "-b", "127.0.0.1", "-p", "0", "--geometry",
               "%dx%d" % (w, h), "--shader-dir", SHADERS, "--screenshot",
               self.png, "--stats", "--report-messages"]
        if media is not None:
            cmd += ["--media", media]
        cmd += args
        env = dict(os.environ)
        env["SDL_VIDEODRIVER"] = "offscreen"
        cmd.append("--offscreen")
        if audio_file is not None:
            env["SDL_AUDIODRIVER"] = "disk"
            env["SDL_DISKAUDIOFILE"] = audio_file
        else:
            cmd.append("--no-audio")
        if wrap:
            # LeakSanitizer cannot run under ptrace (strace): an ASan build
            # would fail at exit for that alone.
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":detect_leaks=0").lstrip(":")
        env.update(env_extra or {})
        self.proc = subprocess.Popen((wrap or []) + cmd,
                                     stdout=subprocess.PIPE, env=env,
                                     text=True)
        self.lines = []
        self.taken = 0
        self.used = set()
        line = self.proc.stdout.readline()
        if not line.startswith("listening on port "):
            self.proc.kill()
            fail("viewer did not start: %r" % line)
        self.port = int(line.split()[3])

    def send(self, payload):
        import socket
        if isinstance(payload, str):
            payload = payload.encode()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(payload, ("127.0.0.1", self.port))

    def handled(self, prefix):
        """Read the viewer's output up to a report line starting with
        "control: " + prefix; that line.  A report already read and not yet
        asked for counts (messages decoded apart may report in any order)."""
        for i in range(self.taken, len(self.lines)):
            line = self.lines[i]
            if line.startswith("control: " + prefix) and \
                    i not in self.used:
                self.used.add(i)
                return line.strip()
        while True:
            line = self.proc.stdout.readline()
            if line == "":
                fail("the viewer ended before reporting %r; it said:\n%s" %
                     (prefix, "".join(self.lines)))
            self.lines.append(line)
            if line.startswith("control: " + prefix):
                self.used.add(len(self.lines) - 1)
                return line.strip()

    def finish(self, timeout=120, status=0):
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("viewer did not exit")
        self.out = "".join(self.lines) + out
        if self.proc.returncode != status:
            print(self.out)
            fail("viewer exited with %d" % self.proc.returncode)
        return self.out

    def stat(self, name):
        return stat_of(self.out, name)

    def line(self, prefix):
        return line_of(self.out, prefix)

    def reports(self):
        return [ln[len("control: "):].strip()
                for ln in self.out.splitlines()
                if ln.startswith("control: ")]

    def panel(self):
        """(x, y, w, h) of the message panel in the last frame, or None."""
        p = self.line("panel: ")
        if p is None or p == "hidden":
            return None
        xy, wh = p.split()
        x, y = (int(v) for v in xy.split(","))
        w, h = (int(v) for v in wh.split("x"))
        return x, y, w, h

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def count(img, rgb, tol, box=None, inside=True):
    """Pixels within tol of rgb, inside (or outside) box (x, y, w, h)."""
    w, h, rows = img
    n = 0
    for y in range(h):
        row = rows[y]
        for x in range(w):
            if box is not None:
                bx, by, bw, bh = box
                if (bx <= x < bx + bw and by <= y < by + bh) != inside:
                    continue
            px = row[3 * x:3 * x + 3]
            if (abs(px[0] - rgb[0]) <= tol and abs(px[1] - rgb[1]) <= tol
                    and abs(px[2] - rgb[2]) <= tol):
                n += 1
    return n


# --- captured audio ---------------------------------------------------------

def audio_format(out):
    """(rate, bytes a frame) from the viewer's "audio: open ..." line."""
    for line in out.splitlines():
        if line.startswith("audio: open "):
            f = line.split()
            rate, bits, channels = int(f[2]), int(f[4]), int(f[6])
            if bits != 16:
                fail("audio: %d bits, the test reads 16" % bits)
            return rate, 2 * channels
    fail("the audio device was not opened:\n" + out)


def samples(path):
    """The captured signed 16-bit samples (all channels)."""
    with open(path, "rb") as fh:
        data = fh.read()
    n = len(data) // 2
    return struct.unpack("<%dh" % n, data[:2 * n])


def loud_span(path, out, threshold=64):
    """(seconds captured, seconds from the first to the last sample above
    the threshold, seconds above it, seconds after the last one)."""
    rate, frame = audio_format(out)
    s = samples(path)
    per = frame // 2
    total = len(s) // per
    loud = [i // per for i, v in enumerate(s) if abs(v) > threshold]
    if not loud:
        return total / rate, 0.0, 0.0, total / rate
    frames = len(set(loud))
    return (total / rate, (loud[-1] - loud[0] + 1) / rate, frames / rate,
            (total - 1 - loud[-1]) / rate)
