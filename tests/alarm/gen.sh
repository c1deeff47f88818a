# gen.sh - sourced by the alarm tests: make the captures of
# gen-alarm-captures.py in $capdir unless they are there and newer than the
# script.  Skips the test (77) without scapy.

capdir="$top_builddir/tests/alarm/captures"
gen="$top_srcdir/tests/alarm/gen-alarm-captures.py"
if ! "$PYTHON" -c 'import scapy' 2>/dev/null; then
	echo "SKIP: $PYTHON has no scapy (apt-get install python3-scapy)"
	exit 77
fi
fresh=1
for f in normal synflood udpflood6; do
	[ "$capdir/$f.pcap" -nt "$gen" ] || fresh=0
done
if [ $fresh -eq 0 ]; then
	"$PYTHON" "$gen" "$capdir" || exit 99
fi
