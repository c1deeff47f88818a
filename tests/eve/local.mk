# tests/eve: Suricata's EVE JSON through `packter-agent --eve` (the peer is
# tests/peers/eve-peer.py: Suricata is not in Debian): a file replayed from
# its start, a file followed (rotation, truncation, created later, without
# inotify), the unix_dgram and unix_stream sockets.  Needs: tshark, scapy.
EVE_TESTS = \
	tests/eve/eve-replay.py \
	tests/eve/eve-follow.py \
	tests/eve/eve-socket.py

TESTS += $(EVE_TESTS)
EXTRA_DIST += $(EVE_TESTS) tests/eve/evelib.py tests/peers/eve-peer.py
