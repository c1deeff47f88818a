#!/usr/bin/python3
"""wall.py - the NOC wall: multicast feeds, a 2x2 wall of tiles, lead and
follow (run by tests/viewer/test-wall-view.sh, as root; 77 without netns).

Everything runs in a network namespace whose loopback carries multicast
(`ip link set lo up multicast on`, routes for 239.0.0.0/8 and ff00::/8):

 1. feeds: one agent replays a file of records to the group 239.1.1.1
    (--ttl 1); two viewers joined to it (-b 239.1.1.1) each keep every
    record; an IPv6 group (ff15::1) the same, by a veth (Linux does not
    loop IPv6 multicast through lo); a live capture on lo with
    -v GROUP draws the test's packets and none of its own datagrams
    (the BPF filter built from a group address).
 2. the wall: four viewers, tiles of a 2x2 wall, 320x240 each, tile 0,0
    leading on 239.2.2.2 and paused by an injected S after 300 records,
    the three others and a fifth viewer of the whole size (640x480)
    following.  The four screenshots side by side equal the fifth's (a
    few per cent of pixels may differ: text edges), and balls that cross
    the seams between tiles are drawn on both sides of them.
 3. lead lost and back, and a late joiner: a live leader with the side
    view; a follower started late takes its camera; the leader stops, the
    follower says "no leader" and goes live; a new leader (top view) is
    followed without restarting the follower.
 4. signed sync: with --sync-key the key's holders follow; a follower with
    another key refuses every message (refused-auth); an unkeyed one
    follows the signed leader.

Frames of lag and sync bytes per message are printed from --stats.
"""

import os
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as hv  # noqa: E402

AGENT = os.path.join(hv.TOP_BUILDDIR, "agent", "packter-agent")
NS = "packter-wall-%d" % os.getpid()
FEED = "239.1.1.1"
FEED6 = "ff15::1"
SYNC = "239.2.2.2"
PORT, SYNC_PORT = 11390, 11391
W, H = 320, 240
T0 = 1700000000


def sh(*args, check=True):
    r = subprocess.run(list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if check and r.returncode != 0:
        hv.fail("%s: %s" % (" ".join(args), r.stdout))
    return r


def in_ns(args):
    return ["ip", "netns", "exec", NS] + args


def write_feed(path, n, step_us=10000):
    """n datagrams step_us apart, three records each: balls that cross the
    middle of the picture (the tiles' seams) in the front view."""
    with open(path, "w") as f:
        for i in range(n):
            us = i * step_us
            sec, usec = T0 + us // 1000000, us % 1000000
            f.write("TIME %d %d\nPACKTER\n" % (sec, usec))
            # Across the vertical seam below and above the middle, and
            # across the horizontal one left of it.
            f.write("10.0.0.1,10.255.0.1,16384,16384,1,low %d\n" % i)
            f.write("200.0.0.1,200.255.0.1,49152,49152,8,high %d\n" % i)
            f.write("100.0.0.1,100.255.0.1,16384,65535,3,rising %d\n" % i)
            f.write("PACKTERTIME" + (" %d.%06d" % (sec, usec)) * 3 + "\n")


def viewer_cmd(args, w=W, h=H, shot=None):
    cmd = [hv.VIEWER, "--offscreen", "--geometry", "%dx%d" % (w, h),
           "--shader-dir", hv.SHADERS, "--stats", "--exit-after", "120"]
    if shot:
        cmd += ["--screenshot", shot]
    return in_ns(cmd + args)


class Proc:
    """A process whose standard error is read line by line."""

    def __init__(self, cmd, name):
        self.name = name
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True,
                                  env=dict(os.environ,
                                           SDL_VIDEODRIVER="offscreen"))
        self.err = []
        self.partial = ""
        self.started = time.monotonic()

    def wait_line(self, what, timeout=60):
        """The first stderr line holding what (the pipe tells us).  Read
        with os.read, so that no line waits in a buffer select cannot
        see."""
        for line in self.err:
            if what in line:
                return line
        fd = self.p.stderr.fileno()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 1.0)
            if not r:
                continue
            chunk = os.read(fd, 65536).decode(errors="replace")
            if chunk == "":
                break
            self.partial += chunk
            while "\n" in self.partial:
                line, self.partial = self.partial.split("\n", 1)
                self.err.append(line + "\n")
                if what in line:
                    return line
        hv.fail("%s: no line with %r in:\n%s" % (self.name, what,
                                                  "".join(self.err)))

    def wait_port(self):
        line = self.p.stdout.readline()
        if not line.startswith("listening on port"):
            hv.fail("%s did not start: %r" % (self.name, line))

    def finish(self, sig=None, timeout=40):
        if sig is not None:
            self.p.send_signal(sig)
        try:
            out, err = self.p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            hv.fail("%s did not exit" % self.name)
        self.out = out
        self.errtext = "".join(self.err) + self.partial + err
        if self.p.returncode != 0:
            print(out, self.errtext)
            hv.fail("%s exited with %d" % (self.name, self.p.returncode))
        return out


def feeds(tmp):
    """Part 1: IPv4 and IPv6 groups to two viewers each; live capture."""
    feed = os.path.join(tmp, "feed1.txt")
    write_feed(feed, 50, 2000)
    for group, bind, ifn in ((FEED, FEED, "lo"),
                             ("[%s]" % FEED6, FEED6, "va")):
        vs = [Proc(viewer_cmd(["-b", bind, "-p", str(PORT),
                               "--multicast-if", ifn,
                               "--exit-after-records", "150"]),
                   "viewer %s %d" % (bind, i)) for i in range(2)]
        for v in vs:
            v.wait_port()
        ag = sh(*in_ns([AGENT, "--replay", feed, "-v", "%s:%d" % (group,
                        PORT), "--ttl", "1", "--multicast-if", ifn]))
        for v in vs:
            v.finish()
            got = hv.stat_of(v.out, "records")
            if got != 150:
                hv.fail("%s: %d of 150 records" % (v.name, got))
        print("feeds: %s to two viewers: 150 records each (%s)" %
              (group, ag.stdout.strip().splitlines()[-1:]))

    # Live capture on lo sending to the group: the test's packets are
    # drawn, the agent's own datagrams to the group are not.
    v = Proc(viewer_cmd(["-b", FEED, "-p", str(PORT), "--exit-after-records",
                         "20", "--dump-records", os.path.join(tmp, "d")]),
             "live viewer")
    v.wait_port()
    ag = subprocess.Popen(in_ns([AGENT, "-i", "lo", "-v", "%s:%d" %
                                 (FEED, PORT), "-u", "root", "--flush-ms",
                                 "1", "udp"]), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    code = ("import socket,select,sys\n"
            "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            "for i in range(400):\n"
            "  s.sendto(b'x',('127.0.0.1',9999))\n"
            "  if select.select([sys.stdin],[],[],0.05)[0]: break\n")
    snd = subprocess.Popen(in_ns([sys.executable, "-c", code]),
                           stdin=subprocess.PIPE)
    v.finish()
    snd.stdin.close()
    snd.wait()
    ag.send_signal(signal.SIGTERM)
    ag.wait()
    with open(os.path.join(tmp, "d")) as f:
        lines = f.read().splitlines()
    own = [ln for ln in lines if FEED in ln or str(PORT) in ln.split(",")[3]]
    test = [ln for ln in lines if ",9999," in ln]
    if own or len(test) < 20:
        hv.fail("live capture to a group: %d own datagrams drawn, %d of "
                "the test's:\n%s" % (len(own), len(test), "\n".join(lines)))
    print("feeds: live capture with -v %s: %d test packets, none of its "
          "own" % (FEED, len(test)))


def differ(a, b, tol=48):
    return any(abs(a[i] - b[i]) > tol for i in range(3))


def is_ball(px):
    bg = (8, 10, 20)
    return px is not None and differ(px, bg, 60) and max(px) > 120


def wall(tmp):
    """Part 2: a 2x2 wall against one viewer of the whole size."""
    feed = os.path.join(tmp, "feed2.txt")
    write_feed(feed, 3000)
    common = ["-b", FEED, "-p", str(PORT), "--view", "1", "--hud-tile",
              "none"]
    tiles = {}
    lead = Proc(viewer_cmd(common + ["--wall", "2x2", "--tile", "0,0",
                                     "--lead", "%s:%d" % (SYNC, SYNC_PORT),
                                     "--inject-after-records", "600",
                                     "--inject-key", "S"],
                           shot=os.path.join(tmp, "t00.png")), "leader")
    lead.wait_port()
    for c, r in ((1, 0), (0, 1), (1, 1)):
        tiles[(c, r)] = Proc(viewer_cmd(
            common + ["--wall", "2x2", "--tile", "%d,%d" % (c, r),
                      "--follow", "%s:%d" % (SYNC, SYNC_PORT),
                      "--exit-after-synced-frames", "5"],
            shot=os.path.join(tmp, "t%d%d.png" % (c, r))),
            "tile %d,%d" % (c, r))
    whole = Proc(viewer_cmd(common + ["--follow", "%s:%d" % (SYNC, SYNC_PORT),
                                      "--exit-after-synced-frames", "5"],
                            2 * W, 2 * H, os.path.join(tmp, "whole.png")),
                 "whole")
    for p in list(tiles.values()) + [whole]:
        p.wait_port()
    ag = subprocess.Popen(in_ns([AGENT, "--replay", feed, "-v", "%s:%d" %
                                 (FEED, PORT)]), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    for p in list(tiles.values()) + [whole]:
        p.finish()
    lead.finish(signal.SIGTERM)
    ag.kill()
    ag.wait()
    tiles[(0, 0)] = lead

    img = {k: hv.read_png(os.path.join(tmp, "t%d%d.png" % k))
           for k in tiles}
    ref = hv.read_png(os.path.join(tmp, "whole.png"))
    if ref[0] != 2 * W or ref[1] != 2 * H:
        hv.fail("whole viewer is %dx%d" % (ref[0], ref[1]))

    def tile_px(x, y):
        return hv.pixel(img[(x // W, y // H)], x % W, y % H)

    diff = balls = 0
    for y in range(0, 2 * H):
        for x in range(0, 2 * W):
            a, b = tile_px(x, y), hv.pixel(ref, x, y)
            if differ(a, b):
                diff += 1
            if is_ball(b):
                balls += 1
    frac = diff / (4.0 * W * H)
    print("wall: 2x2 tiles against the whole: %.2f%% of pixels differ, "
          "%d ball pixels in the whole" % (100 * frac, balls))
    if balls < 200:
        hv.fail("too few balls drawn (%d pixels): not paused in flight?" %
                balls)
    if frac > 0.03:
        hv.fail("the tiles differ from the whole in %.2f%% of pixels" %
                (100 * frac))

    # Seams: a ball on both sides of the vertical and the horizontal one.
    vert = [y for y in range(2 * H) if is_ball(tile_px(W - 1, y)) and
            is_ball(tile_px(W, y))]
    horiz = [x for x in range(2 * W) if is_ball(tile_px(x, H - 1)) and
             is_ball(tile_px(x, H))]
    print("wall: balls across the seams: %d rows at the vertical one, %d "
          "columns at the horizontal one" % (len(vert), len(horiz)))
    if not vert or not horiz:
        hv.fail("no ball drawn on both sides of a seam (vertical %d, "
                "horizontal %d)" % (len(vert), len(horiz)))
    if not [y for y in vert if y < H] or not [y for y in vert if y >= H]:
        hv.fail("the vertical seam is crossed only in one row of tiles: %s"
                % vert)

    for k, p in sorted(tiles.items()):
        if k == (0, 0):
            sent = hv.stat_of(p.out, "sync-sent")
            nbytes = hv.stat_of(p.out, "sync-sent-bytes")
            print("wall: leader sent %d sync messages, %.1f bytes each, "
                  "one a frame (%d frames)" % (sent, nbytes / sent,
                                               hv.stat_of(p.out, "frames")))
            continue
        n = hv.stat_of(p.out, "sync-frames-followed")
        lag = hv.stat_of(p.out, "sync-lag-us-sum") / max(n, 1)
        print("wall: tile %d,%d: lag mean %.0f us (%.2f frames at 60 Hz), "
              "max %d us" % (k[0], k[1], lag, lag / 16667.0,
                             hv.stat_of(p.out, "sync-lag-us-max")))


def lost_and_back(tmp):
    """Part 3: a late joiner, the leader lost, a new leader."""
    feed = os.path.join(tmp, "feed3.txt")
    write_feed(feed, 4000)
    common = ["-b", FEED, "-p", str(PORT)]
    sync = "%s:%d" % (SYNC, SYNC_PORT)
    ag = subprocess.Popen(in_ns([AGENT, "--replay", feed, "-v", "%s:%d" %
                                 (FEED, PORT)]), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    lead = Proc(viewer_cmd(common + ["--lead", sync, "--view", "2"]),
                "leader 1")
    lead.wait_port()
    lead.wait_line("leading on")
    # Late: the leader has been drawing for a while.
    f = Proc(viewer_cmd(common + ["--follow", sync]), "late follower")
    f.wait_port()
    t0 = time.monotonic()
    f.wait_line("following leader")
    print("lead/follow: a late follower follows %.3f s after it listens" %
          (time.monotonic() - t0))
    lead.finish(signal.SIGTERM)
    t0 = time.monotonic()
    f.wait_line("no leader for a second")
    f.err = []
    print("lead/follow: leader gone, said after %.2f s" %
          (time.monotonic() - t0))
    lead2 = Proc(viewer_cmd(common + ["--lead", sync, "--view", "3"]),
                 "leader 2")
    lead2.wait_port()
    f.wait_line("following leader")
    f.finish(signal.SIGTERM)
    lead2.finish(signal.SIGTERM)
    ag.kill()
    ag.wait()
    if hv.stat_of(f.out, "sync-new-leaders") < 2 or \
       hv.stat_of(f.out, "sync-leader-lost") < 1:
        hv.fail("follower: leaders %d, lost %d" % (
            hv.stat_of(f.out, "sync-new-leaders"),
            hv.stat_of(f.out, "sync-leader-lost")))
    cam = hv.line_of(f.out, "wall sync camera: ")
    if cam is None or "pitch 1.5500" not in cam:
        hv.fail("follower does not have the new leader's top view: %r" %
                cam)
    print("lead/follow: lost and back, camera of the new leader: %s" % cam)


def signed(tmp):
    """Part 4: --sync-key: the key's holders follow, others refuse."""
    keys = []
    for name, key in (("k1", "hex:" + "11" * 32), ("k2", "hex:" + "22" * 32)):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(key + "\n")
        os.chmod(path, 0o600)
        keys.append(path)
    sync = "%s:%d" % (SYNC, SYNC_PORT)
    common = ["-b", FEED, "-p", str(PORT)]
    good = Proc(viewer_cmd(common + ["--follow", sync, "--sync-key",
                                     keys[0]]), "keyed follower")
    bad = Proc(viewer_cmd(common + ["--follow", sync, "--sync-key",
                                    keys[1]]), "other key's follower")
    plain = Proc(viewer_cmd(common + ["--follow", sync]), "unkeyed follower")
    for p in (good, bad, plain):
        p.wait_port()
    lead = Proc(viewer_cmd(common + ["--lead", sync, "--sync-key", keys[0]]),
                "keyed leader")
    lead.wait_port()
    good.wait_line("following leader")
    plain.wait_line("following leader")
    for p in (good, bad, plain, lead):
        p.finish(signal.SIGTERM)
    if hv.stat_of(bad.out, "sync-refused-auth") == 0 or \
       hv.stat_of(bad.out, "sync-new-leaders") != 0:
        hv.fail("a follower with another key: refused %d, leaders %d" % (
            hv.stat_of(bad.out, "sync-refused-auth"),
            hv.stat_of(bad.out, "sync-new-leaders")))
    if hv.stat_of(good.out, "sync-refused-auth") != 0:
        hv.fail("the keyed follower refused its leader")
    print("signed: the key's follower follows, another key's refuses %d "
          "messages; %.1f bytes a signed message" % (
              hv.stat_of(bad.out, "sync-refused-auth"),
              hv.stat_of(lead.out, "sync-sent-bytes") /
              max(1, hv.stat_of(lead.out, "sync-sent"))))


def main():
    if os.geteuid() != 0:
        hv.skip("needs root for a network namespace")
    if sh("ip", "netns", "add", NS, check=False).returncode != 0:
        hv.skip("cannot make a network namespace")
    tmp = tempfile.mkdtemp(prefix="packter-wall.")
    try:
        sh(*in_ns(["ip", "link", "set", "lo", "up", "multicast", "on"]))
        sh(*in_ns(["ip", "route", "add", "239.0.0.0/8", "dev", "lo"]))
        # Linux does not loop IPv6 multicast back through lo: the IPv6
        # group goes out by a veth (its local copy is what the viewers get).
        sh(*in_ns(["ip", "link", "add", "va", "type", "veth", "peer", "name",
                   "vb"]))
        for dev in ("va", "vb"):
            sh(*in_ns(["ip", "link", "set", dev, "up"]))
        sh(*in_ns(["ip", "-6", "addr", "add", "2001:db8::1/64", "dev", "va",
                   "nodad"]))
        which = sys.argv[1:] or ["feeds", "wall", "lost", "signed"]
        if "feeds" in which:
            feeds(tmp)
        if "wall" in which:
            wall(tmp)
        if "lost" in which:
            lost_and_back(tmp)
        if "signed" in which:
            signed(tmp)
    finally:
        sh("ip", "netns", "del", NS, check=False)
        if not os.environ.get("KEEP"):
            subprocess.run(["rm", "-rf", tmp])
    print("PASS")


if __name__ == "__main__":
    main()
