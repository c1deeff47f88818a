#!/bin/sh
# agent-alarm.sh - packter-agent --alarm end to end, on the captures of
# gen-alarm-captures.py, through the agent's -n output:
#   - the SYN flood raises exactly one alarm: one PACKTERMSG naming
#     198.51.100.80, with the PACKTERSE, PACKTERVOICE and sky dome of
#     flood.conf, and the flood's SYNs to that target sent with flag 10;
#     the sky comes back once the flood is over;
#   - ordinary traffic raises none and sends no flag 10;
#   - the IPv6 UDP flood names 2001:db8::80;
#   - a broken config stops the agent with its file and line.
# Skipped while the agent has no --alarm.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PYTHON:=/usr/bin/python3}"

agent="$top_builddir/agent/packter-agent"
conf="$top_srcdir/tests/alarm/flood.conf"
work="$top_builddir/tests/alarm/agent-alarm.out"

if [ ! -x "$agent" ]; then
	echo "agent-alarm: no agent at $agent" >&2
	exit 99
fi
if ! "$agent" --help 2>&1 | grep -q -e '--alarm'; then
	echo "SKIP: packter-agent has no --alarm"
	exit 77
fi
. "$top_srcdir/tests/alarm/gen.sh"
mkdir -p "$work" || exit 99

fail=0
check() {
	# check WHAT COMMAND...: run the command, say ok or FAIL.
	what=$1
	shift
	if "$@"; then
		echo "ok - $what"
	else
		echo "FAIL - $what"
		fail=1
	fi
}

run() {
	# run NAME CAPTURE: the agent's output in $work/NAME.out, its status
	# in $work/NAME.status.
	(cd "$capdir" && timeout 60 "$agent" -r "$2" --fast -n -q \
	    --alarm "$conf") >"$work/$1.out" 2>"$work/$1.err"
	echo $? >"$work/$1.status"
}

# Lines of a datagram kind: the line after each keyword line.
payloads() {
	awk -v kw="$1" 'prev == kw { print } { prev = $0 }' "$2"
}

# Records (lines of PACKTER datagrams) with flag $1, as "DST FLAG".
flagged() {
	awk -F, -v flag="$1" '
		/^TIME / { rec = 0; next }
		/^PACKTERTIME / { next }
		/^PACKTER$/ { rec = 1; next }
		/^PACKTER/ { rec = 0; next }
		rec && NF >= 6 && $5 == flag { print $2 }' "$2"
}

count() {
	wc -l | tr -d ' '
}

# msg_has PATTERN FILE: a PACKTERMSG payload in FILE matches PATTERN.
msg_has() {
	payloads PACKTERMSG "$2" | grep -q -e "$1"
}

# --- the SYN flood -----------------------------------------------------------
run syn synflood.pcap
out="$work/syn.out"
check "syn flood: agent exits 0" test "$(cat "$work/syn.status")" = 0
check "syn flood: one PACKTERMSG" \
    test "$(grep -c '^PACKTERMSG$' "$out")" = 1
check "syn flood: the message names 198.51.100.80" \
    msg_has 'SYN flood.*to 198\.51\.100\.80 (' "$out"
check "syn flood: its picture" msg_has '^alarm-syn\.png,' "$out"
check "syn flood: one sound effect" test "$(payloads PACKTERSE "$out" | count)" = 1
check "syn flood: one voice" test "$(payloads PACKTERVOICE "$out")" = \
    "Warning: SYN flood against 198.51.100.80."
check "syn flood: sky dome, then the sky again" test \
    "$(payloads PACKTERSKYDOMETEXTURE "$out" | tr '\n' ' ')" = \
    "sky-alarm.png sky.png "
n=$(flagged 10 "$out" | count)
check "syn flood: thousands of flag-10 records ($n)" test "$n" -ge 2500
check "syn flood: flag 10 only for the target" \
    test "$(flagged 10 "$out" | sort -u)" = "198.51.100.80"
# Every flood packet is a SYN to port 80; the ones before the alarm keep
# flag 1 (IPv4 SYN).
n1=$(flagged 1 "$out" | grep -c '^198\.51\.100\.80$')
check "syn flood: 4000 flood SYNs in all ($n + $n1)" test $((n + n1)) -eq 4000

# --- ordinary traffic --------------------------------------------------------
run normal normal.pcap
out="$work/normal.out"
check "normal: agent exits 0" test "$(cat "$work/normal.status")" = 0
check "normal: records sent" test "$(grep -c '^PACKTER$' "$out")" -gt 100
check "normal: no PACKTERMSG" test "$(grep -c '^PACKTERMSG$' "$out")" = 0
check "normal: no flag 10" test "$(flagged 10 "$out" | count)" = 0

# --- the IPv6 UDP flood ------------------------------------------------------
run udp6 udpflood6.pcap
out="$work/udp6.out"
check "udp6 flood: one PACKTERMSG" \
    test "$(grep -c '^PACKTERMSG$' "$out")" = 1
check "udp6 flood: names 2001:db8::80" \
    msg_has 'UDP flood.*to 2001:db8::80 (' "$out"
check "udp6 flood: flag 10 only for the target" \
    test "$(flagged 10 "$out" | sort -u)" = "2001:db8::80"

# --- a broken config ---------------------------------------------------------
bad="$work/bad.conf"
printf 'syn = 0.5\nsyn_ratio = 3\n' >"$bad"
timeout 60 "$agent" -r "$capdir/normal.pcap" --fast -n -q --alarm "$bad" \
    >/dev/null 2>"$work/bad.err"
st=$?
check "bad config: exit status 2 ($st)" test $st -eq 2
check "bad config: says file and line" \
    grep -q "bad.conf:2: syn_ratio: unknown key" "$work/bad.err"

exit $fail
