"""confine.py - names from the network never open files outside the media
directory: the viewer runs under strace (every open, openat and openat2 of
every thread) while hostile names arrive in PACKTERMSG, PACKTERSKYDOMETEXTURE,
PACKTERSE and PACKTERSOUND:

    absolute paths (/etc/passwd, the secret file's own path), "..",
    symbolic links in the media directory to a file outside it, to a
    directory outside it, and one climbing out with "../..", a FIFO and,
    as root, a device node (/dev/null's numbers).

Each message is sent after the viewer reported the previous one handled
(so none replaces another).  Then:
- no system call named the secret file, /etc/passwd by a relative path, or
  any path with a ".." and "passwd" in it;
- the links were opened only through openat2 with RESOLVE_BENEATH (or
  O_NOFOLLOW without it), and each such call failed;
- the FIFO and the device node were never opened, only looked at with
  O_PATH (which opens nothing: no FIFO waits for a writer, no driver is
  asked);
- a good picture named the same way was opened (the trace sees the media
  opens at all) and shown;
- the viewer counted each refusal under its reason.
Skipped without strace (package strace) or where ptrace is not allowed.
"""

import os
import re
import stat
import shutil
import subprocess
import tempfile

from harness import fail, skip
from mediatest import Viewer, media_dir, write_png

HOSTILE = [
    # (kind, name, counter)
    ("MSG", "/etc/passwd", "refused: absolute path"),
    ("MSG", "../../etc/passwd", "refused: dot components"),
    ("SKY", "../../../../../../../../etc/passwd", "refused: dot components"),
    ("MSG", "sub/../../etc/passwd", "refused: dot components"),
    ("MSG", "escape.png", "refused: link leading out"),
    ("SKY", "outdir/secret.png", "refused: link leading out"),
    ("SE", "sub/climb.wav", "refused: link leading out"),
    ("SOUND", "passwd.wav", "refused: link leading out"),
    ("SE", "/etc/shadow", "refused: absolute path"),
    ("MSG", "fifo.png", "not a regular file"),
]
DEVICE = ("SE", "null.wav", "not a regular file")


def message(kind, name):
    if kind == "MSG":
        return "PACKTERMSG\n%s,hostile\n" % name, "PACKTERMSG"
    if kind == "SKY":
        return "PACKTERSKYDOMETEXTURE\n%s\n" % name, "PACKTERSKYDOMETEXTURE"
    if kind == "SE":
        return "PACKTERSE\n%s\n" % name, "PACKTERSE"
    return "PACKTERSOUND\n1000,%s\n" % name, "PACKTERSOUND"


def main():
    if shutil.which("strace") is None:
        skip("no strace (install the strace package)")
    probe = subprocess.run(["strace", "-f", "-o", "/dev/null", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        skip("strace cannot trace here: %s" % probe.stderr.decode().strip())

    media = media_dir()
    outside = tempfile.mkdtemp(prefix="packter-outside.")
    work = tempfile.mkdtemp(prefix="packter-confine-test.")
    trace = os.path.join(work, "trace")
    try:
        secret = os.path.join(outside, "secret.png")
        write_png(secret, 8, 8, (255, 0, 0))
        write_png(os.path.join(media, "good.png"), 8, 8, (0, 0, 255))
        os.mkdir(os.path.join(media, "sub"))
        os.symlink(secret, os.path.join(media, "escape.png"))
        os.symlink(outside, os.path.join(media, "outdir"))
        os.symlink("../../../../../../../../../etc/passwd",
                   os.path.join(media, "sub", "climb.wav"))
        os.symlink("/etc/passwd", os.path.join(media, "passwd.wav"))
        os.mkfifo(os.path.join(media, "fifo.png"))
        hostile = list(HOSTILE)
        try:
            os.mknod(os.path.join(media, "null.wav"), 0o644 | stat.S_IFCHR,
                     os.makedev(1, 3))
            hostile.append(DEVICE)
        except OSError as e:
            print("# no device node (%s): the FIFO only" % e)

        v = Viewer(["--exit-after-messages", str(len(hostile) + 1),
                    "--exit-after", "120"], 320, 240, media=media,
                   audio_file=os.path.join(work, "audio.raw"),
                   wrap=["strace", "-f", "-qq", "-o", trace, "-e",
                         "trace=open,openat,openat2,creat"])
        for kind, name, _ in hostile:
            payload, keyword = message(kind, name)
            v.send(payload)
            v.handled(keyword)
        v.send("PACKTERMSG\ngood.png,fine\n")
        v.handled("PACKTERMSG shown")
        v.finish(timeout=180)

        with open(trace) as fh:
            calls = [ln for ln in fh if re.search(r"\bopen(at2?)?\(|creat\(",
                                                  ln)]
        bad = []
        links = {"escape.png": 0, "outdir/secret.png": 0,
                 "sub/climb.wav": 0, "passwd.wav": 0}
        opened_good = False
        for ln in calls:
            m = re.search(r'"((?:[^"\\]|\\.)*)"', ln)
            path = m.group(1) if m else ""
            ok = re.search(r"= -1 E[A-Z]+", ln) is not None
            if outside in path or "shadow" in path or \
                    (".." in path and "passwd" in path) or \
                    ("secret" in path and not ok):
                bad.append(ln.strip())
            if path == "/etc/passwd" and "openat2" in ln:
                bad.append(ln.strip())
            for name in links:
                if path == name or path.endswith("/" + name):
                    links[name] += 1
                    if not re.search(r"= -1 E(XDEV|LOOP|NOTDIR)", ln):
                        bad.append(ln.strip())
            if path == "good.png" and re.search(r"= \d+$", ln.strip()):
                opened_good = True
            if path in ("fifo.png", "null.wav") and "O_PATH" not in ln:
                bad.append(ln.strip())
        # /etc/passwd by its absolute name: only if something other than
        # the media code opened it (glibc's user lookups), never through
        # a media directory descriptor.
        for ln in calls:
            if '"/etc/passwd"' in ln and "AT_FDCWD" not in ln and \
                    "open(" not in ln:
                bad.append(ln.strip())
        if bad:
            fail("opened outside the media directory, or opened a FIFO "
                 "or a device:\n  " +
                 "\n  ".join(bad))
        if not opened_good:
            fail("the trace shows no open of good.png (%d opens traced)" %
                 len(calls))
        for name, n in links.items():
            if n == 0 and name != "outdir/secret.png":
                fail("the link %s was never tried" % name)

        want = {}
        for _, _, counter in hostile:
            want[counter] = want.get(counter, 0) + 1
        for counter, n in want.items():
            if v.stat(counter) != n:
                fail("%s: %d, want %d\n%s" % (counter, v.stat(counter), n,
                                             v.out))
        refused = sum(1 for _, _, c in hostile if c != "not a regular file")
        if v.stat("refused names") != refused or \
                v.stat("files read") != 1 or \
                v.stat("messages shown") != 1 + sum(
                    1 for k, _, _ in hostile if k == "MSG"):
            fail("counters:\n" + v.out)
        v.cleanup()
        print("ok: %d hostile names, %d opens traced: nothing outside the "
              "media directory opened; refusals counted %r" %
              (len(hostile), len(calls), want))
    finally:
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
