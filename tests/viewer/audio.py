"""audio.py - sounds, effects and voice of a running viewer, captured by
SDL's disk audio driver (SDL_AUDIODRIVER=disk, SDL_DISKAUDIOFILE): what
the device was given, sample by sample.  media/ provides the sounds.

- PACKTERSOUND 300,music.wav: sound, and no more than the duration asked
  (the file is 8 s long).
- PACKTERSOUND -700,beep.wav: a 0.12 s beep looped for 0.7 s.
- PACKTERSOUND -60000,music.wav, then PACKTERSOUND 0: the sound stops; the
  capture ends in silence and the viewer exits long before the minute (it
  waits for every sound to end).
- PACKTERSE: several at once, up to --max-effects; the rest counted; a
  file that is no WAV is not played.
- --mute: the sound plays, silently.
- PACKTERVOICE in English and in Japanese: speech, not silence (skipped
  without libespeak-ng).
- A flood of 300 effects: every one accounted for (played, over the cap,
  queued out or rate limited).

The stop case waits for the capture to hold some sound before it sends the
stop: the disk driver's file is the only thing that can tell.
"""

import os
import shutil
import tempfile
import time

from harness import fail
from mediatest import MEDIA, Viewer, loud_span, samples


def run(messages, args=(), wait_for=None):
    tmp = tempfile.mkdtemp(prefix="packter-audio-test.")
    raw = os.path.join(tmp, "out.raw")
    v = Viewer(["--exit-after-messages", str(len(messages)),
                "--exit-after", "60"] + list(args), 320, 240, media=MEDIA,
               audio_file=raw)
    for m in messages:
        v.send(m)
    v.finish()
    span = loud_span(raw, v.out)
    shutil.rmtree(tmp, ignore_errors=True)
    v.cleanup()
    return v, span


def test_sound():
    v, (total, span, loud, tail) = run(["PACKTERSOUND\n300,music.wav\n"])
    if v.stat("sounds played") != 1 or loud < 0.1 or span > 1.5:
        fail("PACKTERSOUND 300: %.2f s loud over %.2f s of %.2f s" %
             (loud, span, total))
    print("ok: PACKTERSOUND 300,music.wav: %.2f s of sound, cut (the file "
          "is 8 s)" % span)

    v, (total, span, loud, tail) = run(["PACKTERSOUND\n-700,beep.wav\n"])
    if span < 0.4 or span > 3:
        fail("PACKTERSOUND -700,beep.wav: sound over %.2f s" % span)
    print("ok: PACKTERSOUND -700,beep.wav: a 0.12 s beep looped over "
          "%.2f s" % span)

    v, (total, span, loud, tail) = run(["PACKTERSOUND\n300,music.wav\n"],
                                       ["--mute"])
    if v.stat("sounds played") != 1 or loud > 0 or total <= 0:
        fail("--mute: %.2f s loud of %.2f s" % (loud, total))
    print("ok: --mute: the sound played silently (%.2f s captured)" % total)


def test_stop():
    tmp = tempfile.mkdtemp(prefix="packter-audio-test.")
    raw = os.path.join(tmp, "out.raw")
    v = Viewer(["--exit-after-messages", "2", "--exit-after", "45"], 320,
               240, media=MEDIA, audio_file=raw)
    v.send("PACKTERSOUND\n-60000,music.wav\n")
    v.handled("PACKTERSOUND playing")
    # Until the device has been given some of it (the file tells).
    deadline = time.monotonic() + 20
    while not any(abs(s) > 64 for s in samples(raw)[-20000:]):
        if time.monotonic() > deadline:
            fail("the looped sound never reached the device")
        time.sleep(0.05)
    v.send("PACKTERSOUND\n0,\n")
    v.handled("PACKTERSOUND stopped")
    v.finish()
    total, span, loud, tail = loud_span(raw, v.out)
    if v.stat("sounds stopped") != 1 or loud <= 0 or tail < 0.1 or \
            total > 40:
        fail("stop: %.2f s loud, %.2f s silent at the end of %.2f s" %
             (loud, tail, total))
    shutil.rmtree(tmp, ignore_errors=True)
    v.cleanup()
    print("ok: PACKTERSOUND 0 stops a looped sound: %.2f s of sound, then "
          "%.2f s of silence" % (span, tail))


def test_effects():
    v, (total, span, loud, tail) = run(["PACKTERSE\nbeep.wav\n"] * 6,
                                       ["--max-effects", "3"])
    played, over = v.stat("effects played"), v.stat("effects over the cap")
    if played + over != 6 or played < 3 or loud <= 0:
        fail("6 effects, --max-effects 3: %d played, %d over the cap" %
             (played, over))
    print("ok: PACKTERSE x6, --max-effects 3: %d played, %d over the cap" %
          (played, over))

    v, (total, span, loud, tail) = run(["PACKTERSE\npackter.jpg\n"])
    if v.stat("sounds not loaded") != 1 or loud > 0 or \
            "not a WAV file" not in v.out:
        fail("an effect that is no WAV:\n" + v.out)
    print("ok: PACKTERSE of a file that is no WAV: not played, counted")

    n = 300
    v, (total, span, loud, tail) = run(["PACKTERSE\nbeep.wav\n"] * n)
    counts = {k: v.stat(k) for k in (
        "effects played", "effects over the cap",
        "effects dropped (queue full)", "rate limited")}
    if sum(counts.values()) != n or counts["effects played"] < 10 or \
            counts["rate limited"] == 0:
        fail("a flood of %d effects: %r" % (n, counts))
    print("ok: a flood of %d effects, all counted: %r" % (n, counts))


def test_voice():
    for text, lang in (("Trace found. Three autonomous systems.", "en"),
                       ("\u30c8\u30ec\u30fc\u30b9\u6210\u529f", "ja")):
        v, (total, span, loud, tail) = run(["PACKTERVOICE\n%s\n" % text])
        if v.line("voice: ") != "espeak-ng":
            print("SKIP: built without libespeak-ng")
            return
        if v.stat("voice texts spoken") != 1 or loud < 0.3:
            fail("PACKTERVOICE (%s): %.2f s of sound\n%s" %
                 (lang, loud, v.out))
        print("ok: PACKTERVOICE (%s): %.2f s of speech" % (lang, span))


def main():
    test_sound()
    test_stop()
    test_effects()
    test_voice()


if __name__ == "__main__":
    main()
