# common/: the library the agent, the viewer, the bridge and the tests link.
noinst_LIBRARIES += common/libpackter.a
common_libpackter_a_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
common_libpackter_a_SOURCES = \
	common/cursor.h \
	common/decode.h common/decode.c common/decode-ether.c \
	common/decode-link.c common/decode-ip.c common/decode-ip6.c \
	common/decode-l4.c common/decode-80211.c \
	common/classify.h common/classify.c \
	common/protocol.h common/protocol.c common/encode.c \
	common/spie.h common/spie.c \
	common/scale.h common/scale.c \
	common/log.h common/log.c \
	common/counters.h common/counters.c \
	common/auth.h common/auth.c \
	common/acl.h common/acl.c \
	common/cli.h common/cli.c
