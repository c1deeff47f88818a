"""capture.py - capture time on a running viewer, read off its pixels.

1. The agent sends media/demo.pcap (captured from 2023-11-14 22:13:20 UTC)
   as fast as it can into a viewer run with --utc and --record; the viewer
   freezes at the 100th record (--exit-after-records) and its screenshot's
   HUD, read by OCR (tesseract), says "2023-11-14" and "capture time":
   the clock is the capture's, not today's.  The HUD also says nothing was
   lost and how much history it keeps.
2. The recording played back (--play, no agent) gives the same records
   (--dump-records) and, frozen at the same record, the same scene: the
   scene area of both screenshots is the same but for a few pixels (stamps
   are kept to the millisecond for the GPU, from different epochs).
3. The recording is the agent's -n format: `packter-agent --replay` reads
   it back whole.
Skipped without tesseract.
"""

import os
import shutil
import subprocess
import sys

from harness import TOP_BUILDDIR, TOP_SRCDIR, Viewer, fail, read_png, skip

W, H = 800, 500
AGENT = os.path.join(TOP_BUILDDIR, "agent", "packter-agent")
PCAP = os.path.join(TOP_SRCDIR, "media", "demo.pcap")
N = 100


def ocr(png):
    out = subprocess.run(["tesseract", png, "-"], capture_output=True,
                         text=True, timeout=120)
    return out.stdout


def scene_diff(a, b):
    """Pixels of the scene area (no HUD) that differ by more than 48."""
    diff = total = 0
    for y in range(90, H - 40):
        ra, rb = a[2][y], b[2][y]
        for x in range(200 if y >= H - 230 else 0, W):
            total += 1
            pa, pb = ra[3 * x:3 * x + 3], rb[3 * x:3 * x + 3]
            if any(abs(pa[i] - pb[i]) > 48 for i in range(3)):
                diff += 1
    return diff, total


def main():
    if shutil.which("tesseract") is None:
        skip("no tesseract (Debian's tesseract-ocr)")
    tmp = os.environ.get("TMPDIR", "/tmp")
    rec = os.path.join(tmp, "packter-timeline-%d.rec" % os.getpid())
    dump1, dump2 = rec + ".dump1", rec + ".dump2"
    freeze = ["--utc", "--exit-after-records", str(N), "--record-offset",
              "500", "--exit-after", "60", "--flight-ms", "3000"]

    v = Viewer(freeze + ["--record", rec, "--dump-records", dump1], w=W,
               h=H)
    subprocess.run([AGENT, "-r", PCAP, "--fast", "-v",
                    "127.0.0.1:%d" % v.port], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    v.finish()
    if v.stat("placed by capture time") < N:
        fail("records not placed by capture time:\n" + v.out)
    text = ocr(v.png)
    for want in ("2023-11-14", "capture time", "UTC", "lost 0"):
        if want not in text:
            fail("the HUD does not say %r; OCR read:\n%s" % (want, text))
    if "history:" not in text:
        fail("the HUD does not say how much history it keeps:\n" + text)
    print("ok: the HUD reads the capture's date: %s" %
          [ln for ln in text.splitlines() if "2023-11-14" in ln][0])
    img1 = read_png(v.png)
    recorded = int(v.line("recorded: ").split()[0])
    v.cleanup()

    v = Viewer(freeze + ["--play", rec, "--dump-records", dump2], w=W, h=H)
    v.finish()
    played = int(v.line("played: ").split()[0])
    if played != recorded or played < N:
        fail("played %d of %d datagrams recorded" % (played, recorded))
    with open(dump1) as f1, open(dump2) as f2:
        d1, d2 = f1.read(), f2.read()
    if d1 != d2 or d1.count("\n") < N:
        fail("--play kept other records than the live run")
    img2 = read_png(v.png)
    diff, total = scene_diff(img1, img2)
    print("ok: --play: %d datagrams, the same %d records; scene pixels "
          "differing: %d of %d" % (played, d1.count("\n"), diff, total))
    if diff > total // 200:
        fail("the played scene differs from the live one in %d pixels" %
             diff)
    text = ocr(v.png)
    if "2023-11-14" not in text or "REPLAY" not in text and \
            "PAUSED" not in text:
        fail("the played HUD: %s" % text)
    v.cleanup()

    out = subprocess.run([AGENT, "--replay", rec, "--fast", "-n"],
                         capture_output=True, text=True)
    got = sum(1 for ln in out.stdout.splitlines() if ln.startswith("TIME "))
    if got != recorded:
        fail("packter-agent --replay read %d of %d datagrams" %
             (got, recorded))
    print("ok: packter-agent --replay reads the recording")
    for p in (rec, dump1, dump2):
        os.unlink(p)


if __name__ == "__main__":
    sys.exit(main())
