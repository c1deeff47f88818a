#!/usr/bin/python3
"""appmap-test.py - which program sent each packet (--tag-apps, --app NAME,
--app -- COMMAND), with real programs on the loopback of a network
namespace (run by tests/agent/appmap.sh).

    namespace: lo 127.0.0.1
      server   a Python HTTP server (http.server) that answers a request
               only when told to on its stdin, so every client is still
               alive while its packets are attributed
      clients  curl, and a Python client (socket) that prints its port
      agent    packter-agent -i lo -n -u nobody  (privileges dropped: the
               helper keeps them to read the programs' /proc/PID/fd)

1. --tag-apps: every record of curl's connection towards the server,
   the SYN first, ends with app=curl[ITS PID]; every one of the server's
   answers with app=<the server's name>[ITS PID]; the Python client's
   with app=python3...[ITS PID]; a UDP datagram that a raw socket sent,
   between two ports no socket holds, with app=-.
2. --app curl: curl and the Python client talk to the server at the same
   time; only curl's connection is drawn, both ways (the server's answers
   to curl are curl's traffic), and the Python client's is counted as
   records-not-app.
3. --app -- curl URL: the agent starts curl itself, draws its connection
   from its SYN on, leaves the Python client out, and stops by itself once
   curl has exited.

Everything waits on pipes (the server's "REQ" line, the agent's output),
never on sleeps.  Exits 77 without root, ip(8) or curl.
"""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

SERVER = r"""
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    def do_GET(self):
        print("REQ %d" % self.client_address[1], flush=True)
        sys.stdin.readline()
        body = b"packter appmap test\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("PORT %d" % s.server_address[1], flush=True)
s.serve_forever()
"""

# A UDP datagram from port 5 to port 6 that no socket sent or receives
# (a raw socket writes it): no program owns it.
ORPHAN = r"""
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
s.sendto(struct.pack("!HHHH", 5, 6, 8 + 7, 0) + b"orphan!", ("127.0.0.1", 0))
"""

CLIENT = r"""
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print("PORT %d" % s.getsockname()[1], flush=True)
s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
while s.recv(4096):
    pass
"""

TAG = re.compile(r" app=(\S+)$")


class Skip(Exception):
    pass


class Lines:
    """Line reader over a pipe with a deadline (select, no sleeping)."""

    def __init__(self, f):
        self.fd = f.fileno()
        self.buf = b""

    def get(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode(errors="replace")


class Agent:
    """The agent in the namespace, its records read as they come."""

    def __init__(self, ns, agent, args, procs):
        cmd = ["ip", "netns", "exec", ns, agent, "-i", "lo", "-n"] + (
            ["-d"] if os.environ.get("APPMAP_DEBUG") else []) + [
               "-u", "nobody"] + args
        self.p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        procs.append(self.p)
        self.out = Lines(self.p.stdout)
        self.err = Lines(self.p.stderr)
        self.errtext = ""
        self.records = []

    def ready(self):
        """Wait until the capture is open (the agent logs it)."""
        while True:
            line = self.err.get(20)
            if line is None:
                raise RuntimeError("the agent did not start: %s" %
                                   self.errtext)
            self.errtext += line + "\n"
            if line.startswith("packter-agent: capturing on lo"):
                return

    def until(self, pred, timeout=20):
        """Read records until pred(record) holds for one; True if so."""
        if any(pred(r) for r in self.records):
            return True
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            line = self.out.get(end - time.monotonic())
            if line is None:
                return False
            r = self.take(line)
            if r is not None and pred(r):
                return True
        return False

    def take(self, line):
        f = line.split(",", 5)
        if len(f) < 6:
            return None                 # TIME, PACKTER, PACKTERTIME
        r = {"sport": int(f[2]), "dport": int(f[3]), "flag": int(f[4]),
             "desc": f[5]}
        m = TAG.search(f[5])
        r["app"] = m.group(1) if m else None
        self.records.append(r)
        return r

    def counted(self, name, timeout=20):
        """Ask for the counters (SIGUSR1) until name is above 0 in them:
        what the agent held back (up to its 200 ms hold) has been decided.
        True if it came."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.p.send_signal(signal.SIGUSR1)
            lap = time.monotonic() + 1.0
            while time.monotonic() < lap:
                line = self.err.get(lap - time.monotonic())
                if line is None:
                    break
                self.errtext += line + "\n"
                w = line.split()
                if len(w) == 2 and w[0] == name and w[1].isdigit() and \
                        int(w[1]) > 0:
                    return True
        return False

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            out, err = self.p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, err = self.p.communicate()
        for line in (self.out.buf + out).decode(errors="replace").split("\n"):
            self.take(line)
        self.out.buf = b""
        if os.environ.get("APPMAP_DEBUG"):
            print(self.errtext + (self.err.buf + err).decode(errors="replace"))
            print("\n".join(r["desc"] for r in self.records))
        return self.p.returncode, self.errtext + (self.err.buf + err).decode(
            errors="replace")


def sh(*args, check=True):
    r = subprocess.run(list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if check and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(args),
                                       r.stderr.decode().strip()))
    return r


def counters(err):
    flat = {}
    for line in err.splitlines():
        parts = line.split()
        if line.startswith("  ") and len(parts) == 2 and parts[1].isdigit():
            flat[parts[0]] = flat.get(parts[0], 0) + int(parts[1])
    return flat


def main():
    if os.geteuid() != 0:
        print("SKIP: not root: network namespaces need CAP_NET_ADMIN")
        return 77
    for tool in ("ip", "curl"):
        if shutil.which(tool) is None:
            print("SKIP: no %s" % tool)
            return 77
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import agenttest as at
    agent = at.agent_path()
    ck = at.Checker("appmap")
    ns = "packter-app-%d" % (os.getpid() % 100000)
    py = sys.executable
    procs = []
    made = False
    try:
        try:
            sh("ip", "netns", "add", ns)
            made = True
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        except RuntimeError as e:
            raise Skip("cannot make a network namespace: %s" % e)
        nsx = ["ip", "netns", "exec", ns]

        srv = subprocess.Popen(nsx + [py, "-c", SERVER],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        procs.append(srv)
        srv_out = Lines(srv.stdout)
        first = srv_out.get(20)
        if first is None or not first.startswith("PORT "):
            raise RuntimeError("the server did not start: %r" % first)
        port = int(first.split()[1])
        with open("/proc/%d/comm" % srv.pid) as f:
            srv_comm = f.read().strip()
        srv_tag = "%s[%d]" % (srv_comm, srv.pid)
        url = "http://127.0.0.1:%d/" % port

        def release(ag=None):
            """Wait for a request at the server, and with ag for the
            records of its connection both ways (so both programs are
            alive when their packets are attributed); let it answer."""
            line = srv_out.get(20)
            if line is None or not line.startswith("REQ "):
                raise RuntimeError("no request at the server: %r" % line)
            cp = int(line.split()[1])
            if ag is not None:
                ck.check(ag.until(lambda r: r["sport"] == cp) and
                         ag.until(lambda r: r["dport"] == cp),
                         "no records of the connection from %d" % cp)
            srv.stdin.write(b"go\n")
            srv.stdin.flush()
            return cp

        def client():
            c = subprocess.Popen(nsx + [py, "-c", CLIENT, str(port)],
                                 stdout=subprocess.PIPE)
            procs.append(c)
            line = Lines(c.stdout).get(20)
            if line is None or not line.startswith("PORT "):
                raise RuntimeError("the client did not start: %r" % line)
            with open("/proc/%d/comm" % c.pid) as f:
                comm = f.read().strip()
            return c, int(line.split()[1]), "%s[%d]" % (comm, c.pid)

        def flow(rs, cport):
            return [r for r in rs if cport in (r["sport"], r["dport"]) and
                    port in (r["sport"], r["dport"])]

        def ended(ag, cport):
            """Both FINs of the connection seen (flag 2 each way)."""
            return ag.until(lambda r: r["flag"] == 2 and r["sport"] == cport) \
                and ag.until(lambda r: r["flag"] == 2 and r["dport"] == cport)

        # 1. --tag-apps: curl, then the Python client, one at a time.
        ag = Agent(ns, agent, ["--tag-apps"], procs)
        ag.ready()
        curl = subprocess.Popen(nsx + ["curl", "-s", "-o", "/dev/null", url])
        procs.append(curl)
        cport = release(ag)
        ck.check(curl.wait(timeout=20) == 0, "curl failed")
        ck.check(ended(ag, cport), "--tag-apps: curl's connection not seen")
        pc, pport, ptag = client()
        release(ag)
        pc.wait(timeout=20)
        ck.check(ended(ag, pport), "--tag-apps: the client's connection "
                 "not seen")
        subprocess.run(nsx + [py, "-c", ORPHAN], check=True)
        ck.check(ag.until(lambda r: r["sport"] == 5 and r["dport"] == 6),
                 "--tag-apps: the orphan datagram not seen")
        rc, err = ag.stop()
        ck.eq(rc, 0, "--tag-apps: agent exit status (%s)" % err.strip())
        orphan = [r for r in ag.records if r["sport"] == 5 and
                  r["dport"] == 6]
        ck.check(orphan and all(r["app"] == "-" for r in orphan),
                 "--tag-apps: a datagram no program owns: %r" % orphan)
        ag.records = [r for r in ag.records if r not in orphan and
                      not r["desc"].startswith("ICMP")]
        curl_tag = "curl[%d]" % curl.pid
        for cp, ctag, who in ((cport, curl_tag, "curl"),
                              (pport, ptag, "python client")):
            f = flow(ag.records, cp)
            ck.check(any(r["flag"] == 1 and r["dport"] == port for r in f),
                     "--tag-apps: %s's SYN missing" % who)
            for r in f:
                want = ctag if r["dport"] == port else srv_tag
                ck.eq(r["app"], want, "--tag-apps: %s's connection: %s" %
                      (who, r["desc"]))
        for r in ag.records:
            ck.check(r["app"] is not None, "a record without a tag: %r" % r)
        c = counters(err)
        ck.check(c.get("records-owned", 0) >= len(ag.records),
                 "--tag-apps: records-owned %r for %d records" %
                 (c.get("records-owned"), len(ag.records)))
        for bad in ("netlink-truncated", "netlink-invalid", "proc-unparsed",
                    "helper-bad-messages", "bad-questions"):
            ck.eq(c.get(bad, 0), 0, "--tag-apps: counter %s" % bad)
        print("appmap: --tag-apps: %d records, curl %s, server %s, client %s"
              % (len(ag.records), curl_tag, srv_tag, ptag))

        # 2. --app curl: curl and the Python client at the same time.
        ag = Agent(ns, agent, ["--app", "curl", "--tag-apps"], procs)
        ag.ready()
        curl = subprocess.Popen(nsx + ["curl", "-s", "-o", "/dev/null", url])
        procs.append(curl)
        cport = release(ag)
        pc, pport, ptag = client()
        release()
        ck.check(curl.wait(timeout=20) == 0, "curl failed")
        pc.wait(timeout=20)
        ck.check(ended(ag, cport), "--app curl: curl's connection not seen")
        # The client's records are decided once their answers are in.
        ag.counted("records-not-app")
        rc, err = ag.stop()
        ck.eq(rc, 0, "--app curl: agent exit status (%s)" % err.strip())
        f = flow(ag.records, cport)
        ck.eq(len(f), len(ag.records), "--app curl: records of other "
              "connections: %r" % [r for r in ag.records if r not in f])
        ck.check(any(r["dport"] == cport for r in f) and
                 any(r["sport"] == cport for r in f),
                 "--app curl: both ways of curl's connection")
        ck.check(not flow(ag.records, pport), "--app curl: the Python "
                 "client was drawn")
        ck.check(counters(err).get("records-not-app", 0) > 0,
                 "--app curl: the client's records were not counted out")
        print("appmap: --app curl: %d records drawn, %d left out" %
              (len(ag.records), counters(err).get("records-not-app", 0)))

        # 3. --app -- curl URL: started by the agent, followed to its end.
        ag = Agent(ns, agent, ["--tag-apps", "--app", "--", "curl", "-s",
                               "-o", "/dev/null", url], procs)
        cport = release(ag)
        pc, pport, ptag = client()
        release()
        pc.wait(timeout=20)
        try:
            ag.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            ck.check(False, "--app -- curl: the agent did not stop by itself")
        rc, err = ag.stop()
        ck.eq(rc, 0, "--app -- curl: agent exit status (%s)" % err.strip())
        m = re.search(r"started 'curl' as pid (\d+)", err)
        ck.check(m is not None, "--app -- curl: no pid logged: %s" % err)
        ctag = "curl[%s]" % (m.group(1) if m else "?")
        f = flow(ag.records, cport)
        ck.eq(len(f), len(ag.records), "--app -- curl: other records")
        ck.check(any(r["flag"] == 1 and r["dport"] == port for r in f),
                 "--app -- curl: the first SYN was not drawn")
        ck.check(any(r["flag"] == 2 for r in f),
                 "--app -- curl: the end of the connection was not drawn")
        for r in f:
            want = ctag if r["dport"] == port else srv_tag
            ck.eq(r["app"], want, "--app -- curl: %s" % r["desc"])
        ck.check("the command exited with status 0" in err,
                 "--app -- curl: its exit not logged")
        print("appmap: --app -- curl: %d records, %s" % (len(f), ctag))
        ck.done()
    except Skip as e:
        print("SKIP: %s" % e)
        return 77
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if made:
            sh("ip", "netns", "del", ns, check=False)


if __name__ == "__main__":
    sys.exit(main())
