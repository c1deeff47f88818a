"""harden.py - hostile sound files in the media directory, named by the
network, against a running viewer (SDL's disk audio driver, offscreen
video), each attack of the "hardening, second round" issue replayed:

- a 6 KB 8-bit mono WAV at 1 Hz as PACKTERSE: SDL_mixer 2.6 overflowed an
  int converting it (a heap write past its buffer).  Now refused by its
  header, counted, and the viewer plays a good effect afterwards;
- the same file as PACKTERSOUND 60000: the viewer grew by 1.9 GB in 5 s and
  kept 1.46 GB.  Now refused; VmHWM (peak) and VmRSS after it stay within
  GROWTH_MAX of VmRSS before it;
- a 4 MiB WAV (the largest effect file) at 4 kHz (185 MB decoded, 1.8 s without a frame): refused
  for its rate; the same at 8 kHz (98 x 4 MiB held by SDL_mixer while
  converting) refused by the decode bound; a good 8 kHz effect is decoded
  by the "sound-loader" thread, and the frame time is reported;
- PACKTERSOUND with MIDI, a tracker module and an Ogg stream at 1 Hz:
  refused; music.wav still plays.

Memory is read from /proc/PID/status while the viewer runs (it waits for
one more message before it exits).
"""

import os
import shutil
import struct
import tempfile

from harness import fail
from mediatest import MEDIA, Viewer, media_dir

MIB = 1024 * 1024
# The bug took 1.9 GB; SDL, the disk driver and one decoded effect need
# a few tens of MiB.
GROWTH_MAX = 192 * MIB


def wav(path, rate, channels, bits, nbytes):
    align = channels * bits // 8
    body = b"\x80" * nbytes
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * align, align,
                      bits)
    data = (b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" +
            struct.pack("<I", len(body)) + body)
    with open(path, "wb") as fh:
        fh.write(b"RIFF" + struct.pack("<I", 4 + len(data)) + b"WAVE" + data)


def ogg_crc(data):
    crc = 0
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04c11db7 if crc & 0x80000000 else
                   crc << 1) & 0xffffffff
    return crc


def ogg_vorbis(path, rate):
    """One Ogg page: a Vorbis identification header at rate Hz."""
    ident = (b"\x01vorbis" + struct.pack("<IBIiiiB", 0, 1, rate, 0, 0, 0,
                                         0xb8) + b"\x01")
    page = bytearray(b"OggS" + struct.pack("<BBqIII", 0, 2, 0, 1, 0, 0) +
                     bytes([1, len(ident)]) + ident)
    page[22:26] = struct.pack("<I", ogg_crc(page))
    with open(path, "wb") as fh:
        fh.write(bytes(page))


def status(pid, key):
    with open("/proc/%d/status" % pid) as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    fail("no %s in /proc/%d/status" % (key, pid))


def threads(pid):
    names = []
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, t)) as fh:
                names.append(fh.read().strip())
        except OSError:
            pass
    return names


def main():
    media = media_dir()
    work = tempfile.mkdtemp(prefix="packter-harden-test.")
    try:
        shutil.copy(os.path.join(MEDIA, "beep.wav"), media)
        shutil.copy(os.path.join(MEDIA, "music.wav"), media)
        wav(os.path.join(media, "one-hertz.wav"), 1, 1, 8, 6 * 1024)
        wav(os.path.join(media, "slow-4k.wav"), 4000, 1, 8, 4 * MIB - 44)
        wav(os.path.join(media, "big-8k.wav"), 8000, 1, 8, 4 * MIB - 44)
        # 8 kHz 8-bit mono, 3 s: SDL_mixer holds 98 times the data
        # converting it to 44.1 kHz stereo, well under the 64 MiB bound.
        wav(os.path.join(media, "short-8k.wav"), 8000, 1, 8, 24000)
        with open(os.path.join(media, "tune.mid"), "wb") as fh:
            fh.write(b"MThd\0\0\0\6\0\1\0\1\1\xe0MTrk\0\0\0\4\0\xff\x2f\0")
        with open(os.path.join(media, "tune.xm"), "wb") as fh:
            fh.write(b"Extended Module: hostile" + bytes(400))
        ogg_vorbis(os.path.join(media, "one-hertz.ogg"), 1)

        steps = [
            # (payload, report line prefix, counter to bump)
            ("PACKTERSE\none-hertz.wav\n",
             "PACKTERSE not loaded: sample rate 1 Hz",
             "sounds refused by their header"),
            ("PACKTERSE\nbeep.wav\n", "PACKTERSE playing", None),
            ("PACKTERSOUND\n60000,one-hertz.wav\n",
             "PACKTERSOUND not loaded: sample rate 1 Hz",
             "sounds refused by their header"),
            ("PACKTERSE\nslow-4k.wav\n",
             "PACKTERSE not loaded: sample rate 4000 Hz",
             "sounds refused by their header"),
            ("PACKTERSOUND\n60000,slow-4k.wav\n",
             "PACKTERSOUND not loaded: sample rate 4000 Hz",
             "sounds refused by their header"),
            ("PACKTERSE\nbig-8k.wav\n",
             "PACKTERSE not loaded: decoding it would take 391 MiB",
             "sounds over the decode bound"),
            ("PACKTERSOUND\n60000,tune.mid\n",
             "PACKTERSOUND not loaded: MIDI is not played",
             "sounds refused by their header"),
            ("PACKTERSOUND\n60000,tune.xm\n",
             "PACKTERSOUND not loaded: not WAV, FLAC, Ogg or MP3",
             "sounds refused by their header"),
            ("PACKTERSOUND\n60000,one-hertz.ogg\n",
             "PACKTERSOUND not loaded: sample rate 1 Hz",
             "sounds refused by their header"),
            ("PACKTERSE\nshort-8k.wav\n", "PACKTERSE playing", None),
            ("PACKTERSOUND\n400,music.wav\n", "PACKTERSOUND playing", None),
        ]
        v = Viewer(["--exit-after-messages", str(len(steps) + 1),
                    "--exit-after", "120"], 160, 120, media=media,
                   audio_file=os.path.join(work, "audio.raw"))
        pid = v.proc.pid
        rss0 = None
        loader = False
        for payload, want, _ in steps:
            v.send(payload)
            line = v.handled(want.split(" ")[0])
            if not line.startswith("control: " + want):
                fail("%r: %r, want %r" % (payload, line, want))
            if rss0 is None:
                # The device is open now (the first sound opened it).
                rss0 = status(pid, "VmRSS")
            loader = loader or "sound-loader" in threads(pid)
        hwm = status(pid, "VmHWM")
        rss = status(pid, "VmRSS")
        v.send("PACKTERSOUND\n0,\n")
        v.handled("PACKTERSOUND stopped")
        v.finish(timeout=120)

        want = {}
        for _, _, counter in steps:
            if counter is not None:
                want[counter] = want.get(counter, 0) + 1
        for counter, n in want.items():
            if v.stat(counter) != n:
                fail("%s: %d, want %d\n%s" % (counter, v.stat(counter), n,
                                             v.out))
        if v.stat("effects played") != 2 or v.stat("sounds played") != 1:
            fail("the good sounds did not play:\n" + v.out)
        if not loader:
            fail("no sound-loader thread in /proc/%d/task" % pid)
        if hwm - rss0 > GROWTH_MAX or rss - rss0 > GROWTH_MAX:
            fail("memory: VmRSS %.1f MiB at the first sound, VmHWM %.1f "
                 "MiB, VmRSS %.1f MiB after (bound: +%d MiB)" %
                 (rss0 / MIB, hwm / MIB, rss / MIB, GROWTH_MAX // MIB))
        print("ok: %d hostile sounds refused (%r), the good ones played; "
              "VmRSS %.1f MiB at the first sound, VmHWM %.1f MiB, VmRSS "
              "%.1f MiB after; frame-ms-max %s" %
              (sum(want.values()), want, rss0 / MIB, hwm / MIB, rss / MIB,
               v.stat("frame-ms-max")))
        v.cleanup()
    finally:
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
