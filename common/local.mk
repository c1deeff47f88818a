# common/: the library the agent, the viewer, the bridge and the tests link.
# No globals, no printing, no exit: errors go back through errbuf.h.
noinst_LIBRARIES += common/libpackter.a
common_libpackter_a_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
common_libpackter_a_SOURCES = \
	common/cursor.h common/errbuf.h common/errbuf.c \
	common/decode.h common/decode-int.h common/decode.c \
	common/decode-ether.c common/decode-link.c common/decode-ppp.c \
	common/decode-ip.c common/decode-ip6.c \
	common/decode-l4.c common/decode-80211.c \
	common/classify.h common/classify.c \
	common/protocol.h common/protocol.c common/encode.c common/geo.c \
	common/spie.h common/spie.c \
	common/scale.h common/scale.c \
	common/counters.h \
	common/auth.h common/auth.c \
	common/acl.h common/acl.c \
	common/secret.h common/secret.c \
	common/text.h common/text.c \
	common/cryptopan.h common/cryptopan.c \
	common/siphash.h common/siphash.c
