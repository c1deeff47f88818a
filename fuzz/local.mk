# fuzz/: one libFuzzer target per parser (fuzz/fuzz-*.c), built only with
# `CC=clang ./configure --enable-fuzzing`; `make fuzz-smoke` runs each for
# FUZZ_SECONDS with its seed corpus (fuzz/corpus/<target>) and dictionary
# (fuzz/dict/<target>.dict).  In every build the same sources are linked with
# the one-file replay driver (fuzz/onefile.c) as fuzz/<target>-replay, and
# `make check` replays every seed and regression input through them.
FUZZ_TARGETS = fuzz-decode fuzz-protocol
FUZZ_LDADD = common/libpackter.a $(CRYPTO_LIBS)

check_PROGRAMS += fuzz/fuzz-decode-replay fuzz/fuzz-protocol-replay
fuzz_fuzz_decode_replay_SOURCES = fuzz/fuzz-decode.c fuzz/onefile.c
fuzz_fuzz_decode_replay_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_protocol_replay_SOURCES = fuzz/fuzz-protocol.c fuzz/onefile.c
fuzz_fuzz_protocol_replay_LDADD = $(FUZZ_LDADD)

TESTS += fuzz/replay.sh
EXTRA_DIST += fuzz/replay.sh fuzz/smoke fuzz/make-corpus.py fuzz/corpus \
	fuzz/dict fuzz/README

FUZZ_SECONDS = 60
.PHONY: fuzz-smoke

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz-decode fuzz/fuzz-protocol
FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_decode_SOURCES = fuzz/fuzz-decode.c
fuzz_fuzz_decode_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_decode_LDFLAGS = $(FUZZ_LINK)
fuzz_fuzz_protocol_SOURCES = fuzz/fuzz-protocol.c
fuzz_fuzz_protocol_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_protocol_LDFLAGS = $(FUZZ_LINK)

fuzz-smoke: fuzz/fuzz-decode fuzz/fuzz-protocol
	$(SHELL) $(srcdir)/fuzz/smoke -s $(FUZZ_SECONDS) -S $(srcdir) \
	    -B $(builddir) $(FUZZ_TARGETS)
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing" \
	    "(tools/fuzz-smoke does it in build-fuzz/)" >&2; exit 1
endif
