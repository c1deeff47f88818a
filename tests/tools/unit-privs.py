#!/usr/bin/python3
"""unit-privs.py - the agent run as systemd/packter-agent@.service runs it
(by tests/agent/unit-privs.sh).

The unit is read, not copied: its ExecStart, the capabilities of its
AmbientCapabilities= and CapabilityBoundingSet= lines, DynamicUser= or
User=, and NoNewPrivileges= become the setpriv(1) command the test runs, so
the test fails when the unit and what the agent needs drift apart.

    namespace A: vethA 192.0.2.1/24  --  sender (live-netns.py --sender)
    namespace B: vethB 192.0.2.2/24  --  setpriv --reuid UID ... \\
                                          packter-agent -q -n -i vethB udp

1. The unit is sane: ExecStart runs packter-agent and takes
   $PACKTER_AGENT_ARGS, nothing is left unsubstituted in the built unit,
   the ambient set lies inside the bounding set and holds CAP_NET_RAW,
   the bounding set holds nothing but CAP_NET_RAW and CAP_NET_ADMIN.
2. With the unit's capabilities and an unprivileged user (a free uid of
   systemd's dynamic range for DynamicUser=yes), the agent captures on
   vethB: UDP datagrams sent from A come out of -n as records naming
   192.0.2.1, 192.0.2.2 and the ports sent.  While it runs, /proc says
   it is that user, with no groups, the unit's bounding set, no effective
   capability outside it, and no_new_privs when the unit asks for it.
   SIGTERM stops it with status 0.
3. The same user without the capabilities is refused: exit status 2 (a
   permission problem, as packter-agent(1) says), no records, and a message that names the interface, says the capture is
   not permitted and names CAP_NET_RAW.

Exits 77 without root, ip(8), setpriv(1) or network namespaces.
"""

import importlib.util
import os
import grp
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import agenttest as at  # noqa: E402

UNIT = "packter-agent@.service"

# Linux capability numbers (linux/capability.h): a stable ABI.
CAPS = ["chown", "dac_override", "dac_read_search", "fowner", "fsetid",
        "kill", "setgid", "setuid", "setpcap", "linux_immutable",
        "net_bind_service", "net_broadcast", "net_admin", "net_raw",
        "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
        "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
        "audit_write", "audit_control", "setfcap", "mac_override",
        "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
        "perfmon", "bpf", "checkpoint_restore"]

DYNAMIC_UIDS = range(61184, 65520)      # systemd's DynamicUser= range


def load_live_netns():
    """live-netns.py's namespace helpers (its name has a dash)."""
    spec = importlib.util.spec_from_file_location(
        "live_netns", os.path.join(HERE, "live-netns.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# --- the unit ---------------------------------------------------------------

def unit_path():
    """The unit as built (what make install installs), else its
    template."""
    built = os.path.join(at.top_builddir(), "systemd", UNIT)
    if os.path.exists(built):
        return built, True
    return os.path.join(at.top_srcdir(), "systemd", UNIT + ".in"), False


def parse_unit(path):
    """{section: [(key, value), ...]} in file order, as systemd reads it:
    comments start with # or ;, a trailing backslash continues a line."""
    sections, cur, pending = {}, None, ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if pending:
                line = pending + " " + line.lstrip()
                pending = ""
            s = line.strip()
            if not s or s[0] in "#;":
                continue
            if s.endswith("\\"):
                pending = s[:-1].rstrip()
                continue
            if s.startswith("[") and s.endswith("]"):
                cur = sections.setdefault(s[1:-1], [])
                continue
            if cur is None or "=" not in s:
                raise ValueError("%s: not a unit line: %r" % (path, s))
            k, v = s.split("=", 1)
            cur.append((k.strip(), v.strip()))
    return sections


def values(section, key):
    return [v for k, v in section if k == key]


def cap_set(assignments, what):
    """A capability setting as systemd folds it: each line adds names, an
    empty one resets, a leading ~ means every capability but those."""
    caps = set()
    for v in assignments:
        if v == "":
            caps = set()
            continue
        invert = v.startswith("~")
        names = set()
        for word in v.lstrip("~").split():
            n = word.lower()
            n = n[4:] if n.startswith("cap_") else n
            if n not in CAPS:
                raise ValueError("%s: unknown capability %r" % (what, word))
            names.add(n)
        caps = caps | (set(CAPS) - names if invert else names)
    return caps


def mask(caps):
    m = 0
    for c in caps:
        m |= 1 << CAPS.index(c)
    return m


def boolean(v):
    return v.lower() in ("1", "yes", "true", "on")


def free_dynamic_uid():
    """A uid of systemd's dynamic range that no account holds, as
    DynamicUser= picks one."""
    start = 61184 + os.getpid() % 4000
    for uid in list(range(start, DYNAMIC_UIDS.stop)) + \
            list(range(DYNAMIC_UIDS.start, start)):
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        try:
            grp.getgrgid(uid)
            continue
        except KeyError:
            return uid
    raise RuntimeError("no free uid in systemd's dynamic range")


# --- /proc ------------------------------------------------------------------

def proc_status(pid):
    st = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                st[k] = v.strip()
    except OSError:
        pass
    return st


# --- the test ---------------------------------------------------------------

class Skip(Exception):
    pass


def setpriv_cmd(uid, gid, initgroups, ambient, bounding, nnp):
    cmd = ["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid]
    cmd += ["--init-groups"] if initgroups else ["--clear-groups"]
    amb = ",".join(["-all"] + ["+" + c for c in sorted(ambient)])
    bnd = ",".join(["-all"] + ["+" + c for c in sorted(bounding)])
    cmd += ["--inh-caps=" + amb, "--ambient-caps=" + amb,
            "--bounding-set=" + bnd]
    if nnp:
        cmd.append("--no-new-privs")
    return cmd + ["--"]


def main():
    if os.geteuid() != 0:
        print("SKIP: not root: network namespaces and setpriv need root")
        return at.SKIP
    for tool in ("ip", "setpriv"):
        if shutil.which(tool) is None:
            print("SKIP: no %s command" % tool)
            return at.SKIP
    live = load_live_netns()
    agent = at.agent_path()
    ck = at.Checker("unit-privs")

    # 1. The unit.
    path, built = unit_path()
    text = open(path).read()
    unit = parse_unit(path)
    svc = unit.get("Service", [])
    ck.check(svc, "%s has a [Service] section" % path)
    execs = values(svc, "ExecStart")
    ck.eq(len(execs), 1, "%s: ExecStart lines" % path)
    argv = shlex.split(execs[-1].lstrip("-@:+!"))
    ck.eq(os.path.basename(argv[0]), "packter-agent",
          "%s: ExecStart runs the agent" % path)
    ck.check(os.path.isabs(argv[0]) or argv[0].startswith("@bindir@"),
             "%s: ExecStart names the agent by its full path: %r" %
             (path, argv[0]))
    ck.check("$PACKTER_AGENT_ARGS" in argv[1:],
             "%s: ExecStart takes $PACKTER_AGENT_ARGS: %r" % (path, argv))
    ck.check(values(svc, "EnvironmentFile") ==
             ["/etc/default/packter-agent-%i"],
             "%s: options from /etc/default/packter-agent-%%i: %r" %
             (path, values(svc, "EnvironmentFile")))
    if built:
        ck.check(re.search(r"@[A-Za-z_]+@", text) is None,
                 "%s: a template placeholder is left: %r" % (
                     path, re.findall(r"@[A-Za-z_]+@", text)))
    ambient = cap_set(values(svc, "AmbientCapabilities"),
                      path + ": AmbientCapabilities")
    bounding = cap_set(values(svc, "CapabilityBoundingSet") or ["~"],
                       path + ": CapabilityBoundingSet")
    ck.check("net_raw" in ambient, "%s: the ambient set holds "
             "CAP_NET_RAW: %r" % (path, sorted(ambient)))
    ck.check(ambient <= bounding, "%s: the ambient set %r lies inside "
             "the bounding set %r" % (path, sorted(ambient),
                                      sorted(bounding)))
    # Least privilege, as docs/security.md promises: nothing beyond these.
    ck.check(bounding <= {"net_raw", "net_admin"}, "%s: the bounding set "
             "grants more than CAP_NET_RAW and CAP_NET_ADMIN: %r" %
             (path, sorted(bounding)))
    nnp = any(boolean(v) for v in values(svc, "NoNewPrivileges")[-1:])
    users = values(svc, "User")
    dynamic = any(boolean(v) for v in values(svc, "DynamicUser")[-1:])
    if users:
        pw = pwd.getpwnam(users[-1])    # the unit's own user must exist
        uid, gid, initgroups = pw.pw_uid, pw.pw_gid, True
    elif dynamic:
        uid = free_dynamic_uid()
        gid, initgroups = uid, False
    else:
        raise RuntimeError("%s: runs as root (no User=, no DynamicUser=)"
                           % path)
    print("unit-privs: %s: ambient %s, bounding %s, uid %d%s" % (
        os.path.relpath(path), ",".join(sorted(ambient)),
        ",".join(sorted(bounding)), uid, ", no_new_privs" if nnp else ""))

    tag = "%d" % (os.getpid() % 100000)
    nsa, nsb = "packter-ua-" + tag, "packter-ub-" + tag
    va, vb = "pua" + tag, "pub" + tag
    procs, made = [], []

    def agent_argv(args):
        """The unit's ExecStart with the test's options for
        $PACKTER_AGENT_ARGS and the built agent for its path."""
        out = [agent]
        for w in argv[1:]:
            out += args if w == "$PACKTER_AGENT_ARGS" else [w]
        return out

    try:
        try:
            live.sh("ip", "netns", "add", nsa)
            made.append(nsa)
            live.sh("ip", "netns", "add", nsb)
            made.append(nsb)
            live.sh("ip", "link", "add", va, "netns", nsa, "type", "veth",
                    "peer", "name", vb, "netns", nsb)
        except RuntimeError as e:
            raise Skip("cannot make network namespaces: %s" % e)
        for ns, dev, a4 in ((nsa, va, live.A4), (nsb, vb, live.B4)):
            live.sh("ip", "-n", ns, "link", "set", "lo", "up")
            live.sh("ip", "-n", ns, "addr", "add", a4 + "/24", "dev", dev)
            live.sh("ip", "-n", ns, "link", "set", dev, "up")
        snd = subprocess.Popen(["ip", "netns", "exec", nsa, sys.executable,
                                os.path.join(HERE, "live-netns.py"),
                                "--sender"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
        procs.append(snd)
        sent = live.Lines(snd.stdout)
        # The agent's own path must be reachable by the unprivileged user.
        ok = subprocess.run(["setpriv", "--reuid=%d" % uid, "--regid=%d" %
                             gid, "--clear-groups", "test", "-x", agent])
        if ok.returncode != 0:
            raise Skip("uid %d cannot run %s (a private build tree)" %
                       (uid, agent))

        # 2. With the unit's capabilities: records.
        cmd = ["ip", "netns", "exec", nsb] + setpriv_cmd(
            uid, gid, initgroups, ambient, bounding, nnp) + \
            agent_argv(["-n", "-i", vb, "udp"])
        ag = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
        procs.append(ag)
        out = live.Lines(ag.stdout)
        seen, status, sends = None, {}, 0
        records = []
        port = 9
        for sends in range(1, 41):
            snd.stdin.write(("udp4 %d\n" % port).encode())
            snd.stdin.flush()
            ack = sent.get(20)
            if ack is None or not ack.startswith("SENT udp4 "):
                raise RuntimeError("the sender stopped: %r" % ack)
            sport = int(ack.split()[2])
            want = [live.A4, live.B4, str(sport), str(port), "3",
                    "UDP src:%s(%d) dst:%s(%d)" % (live.A4, sport, live.B4,
                                                   port)]
            end = time.monotonic() + 0.5
            while seen is None and time.monotonic() < end:
                line = out.get(max(0.0, end - time.monotonic()))
                if line is None:
                    break
                if line.startswith("TIME ") or line == "PACKTER":
                    continue
                records.append(line.split(",", 5))
                if records[-1] == want:
                    seen = want
            if seen is not None:
                break
            if ag.poll() is not None:
                break
        if ag.poll() is None:
            status = proc_status(ag.pid)
        ck.check(seen is not None, "with %s as uid %d: no record of the "
                 "datagrams sent from %s to %s (got %r; agent: %s)" % (
                     ",".join(sorted(ambient)), uid, live.A4, live.B4,
                     records[-3:], "running" if ag.poll() is None else
                     ag.stderr.read().decode(errors="replace").strip()))
        if seen is not None:
            print("unit-privs: with the unit's capabilities: %r after %d "
                  "sends" % (",".join(seen), sends))
        if status:
            ck.eq(status.get("Name"), "packter-agent", "the process")
            ck.eq(status.get("Uid", "").split(), [str(uid)] * 4,
                  "real, effective, saved and fs uid")
            ck.eq(status.get("Gid", "").split(), [str(gid)] * 4,
                  "real, effective, saved and fs gid")
            if not initgroups:
                ck.eq(status.get("Groups", ""), "", "supplementary groups")
            ck.eq(int(status.get("CapBnd", "0"), 16), mask(bounding),
                  "the bounding set is the unit's")
            eff = int(status.get("CapEff", "0"), 16)
            ck.check(eff & ~mask(bounding) == 0, "effective capabilities "
                     "%x outside the unit's bounding set" % eff)
            if nnp:
                ck.eq(status.get("NoNewPrivs"), "1", "no_new_privs")
        ag.send_signal(signal.SIGTERM)
        try:
            _, err = ag.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            ck.check(False, "the agent did not stop on SIGTERM")
            ag.kill()
            _, err = ag.communicate()
        ck.eq(ag.returncode, 0, "agent exit status after SIGTERM (%s)" %
              err.decode(errors="replace").strip())

        # 3. The same user without them: refused, and told why.
        cmd = ["ip", "netns", "exec", nsb] + setpriv_cmd(
            uid, gid, initgroups, set(), set(), nnp) + \
            agent_argv(["-n", "-i", vb, "udp"])
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30)
        except subprocess.TimeoutExpired:
            ck.check(False, "without capabilities: the agent did not exit")
        else:
            err = r.stderr.decode(errors="replace").strip()
            print("unit-privs: without capabilities: status %d: %s" %
                  (r.returncode, err))
            # packter-agent(1): 2 for a permission problem.
            ck.eq(r.returncode, 2, "without capabilities: exit status")
            ck.eq(r.stdout, b"", "without capabilities: output")
            ck.check(vb in err, "without capabilities: the message names "
                     "the interface: %r" % err)
            ck.check("not permitted" in err.lower(), "without capabilities:"
                     " the message says it is not permitted: %r" % err)
            ck.check("cap_net_raw" in err.lower(), "without capabilities: "
                     "the message names CAP_NET_RAW: %r" % err)
        ck.done()
    except Skip as e:
        print("SKIP: %s" % e)
        return at.SKIP
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for ns in made:
            live.sh("ip", "netns", "del", ns, check=False)


if __name__ == "__main__":
    sys.exit(main())
