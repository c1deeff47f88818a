#!/usr/bin/python3
"""kiosk.py - a viewer safe to leave running (run by test-kiosk.sh).

 - without a display (SDL's offscreen driver) and without --offscreen the
   viewer refuses to start and says why;
 - --kiosk: one Esc does not quit (it says to press it again), two do; a
   camera key does nothing and says the camera is locked; after U it
   moves the camera;
 - without --kiosk one Esc quits, as before.
The keys are injected after the first record (--inject-after-records);
what became of them is read from the viewer's log, line by line.
"""

import os
import signal
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as hv  # noqa: E402


def start(args, offscreen=True):
    cmd = [hv.VIEWER, "-b", "127.0.0.1", "-p", "0", "--geometry", "320x240",
           "--shader-dir", hv.SHADERS, "--exit-after", "60"] + args
    if offscreen:
        cmd.append("--offscreen")
    return subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, SDL_VIDEODRIVER="offscreen"))


def port_of(p):
    line = p.stdout.readline()
    if not line.startswith("listening on port"):
        hv.fail("viewer did not start: %r %s" % (line, p.stderr.read()))
    return int(line.split()[3])


def send_record(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"PACKTER\n10.0.0.1,10.0.0.2,1,2,1,kiosk\n",
                 ("127.0.0.1", port))


def wait_log(p, what):
    seen = []
    for line in p.stderr:
        seen.append(line)
        if what in line:
            return
    hv.fail("no %r in the log:\n%s" % (what, "".join(seen)))


def keys(*names):
    out = []
    for n in names:
        out += ["--inject-key", n]
    return out


def main():
    # No display, not asked for: refused, with the reason.
    p = start([], offscreen=False)
    _, err = p.communicate(timeout=60)
    if p.returncode != 1 or "no display" not in err or \
       "--offscreen" not in err:
        hv.fail("offscreen without --offscreen: %d %r" % (p.returncode, err))

    # Without --kiosk, one Esc quits.
    p = start(["--inject-after-records", "1"] + keys("Escape"))
    send_record(port_of(p))
    p.communicate(timeout=60)
    if p.returncode != 0:
        hv.fail("Esc without --kiosk: exit %d" % p.returncode)

    # --kiosk: one Esc asks, and the viewer goes on until told to stop.
    p = start(["--kiosk", "--inject-after-records", "1"] +
              keys("Escape", "1"))
    send_record(port_of(p))
    wait_log(p, "press Esc again")
    wait_log(p, "camera locked (U unlocks it)")
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=60)
    if p.returncode != 0:
        hv.fail("--kiosk, one Esc: exit %d" % p.returncode)

    # Two quit; U unlocks the camera first, so 1 says nothing.
    p = start(["--kiosk", "--inject-after-records", "1"] +
              keys("U", "1", "Escape", "Escape"))
    send_record(port_of(p))
    _, err = p.communicate(timeout=60)
    if p.returncode != 0 or "camera unlocked" not in err or \
       "camera locked (U" in err:
        hv.fail("--kiosk, U 1 Esc Esc: exit %d, %r" % (p.returncode, err))
    print("PASS")


if __name__ == "__main__":
    main()
