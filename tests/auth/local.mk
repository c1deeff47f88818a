# tests/auth: authenticated feeds and allow lists (common/auth.c, common/acl.c).
# Unit tests against HMAC vectors made by tests/auth/hmac-vectors.py (Python's
# hmac); tests/auth/interop.py checks auth-tool (sign, mac, verify) against
# Python's hmac both ways at test time, and the key file rules.
check_PROGRAMS += tests/unit/test-auth tests/unit/test-acl tests/auth/auth-tool
tests_unit_test_auth_SOURCES = tests/unit/test-auth.c tests/unit/test.h \
	tests/auth/hmac-vectors.h
tests_unit_test_auth_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)
tests_unit_test_acl_SOURCES = tests/unit/test-acl.c tests/unit/test.h
tests_unit_test_acl_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)
tests_auth_auth_tool_SOURCES = tests/auth/auth-tool.c
tests_auth_auth_tool_LDADD = $(PROGS_LDADD) $(CRYPTO_LIBS)

TESTS += tests/unit/test-auth tests/unit/test-acl tests/auth/interop.py \
	tests/auth/agent-sign.py
EXTRA_DIST += tests/auth/interop.py tests/auth/hmac-vectors.py \
	tests/auth/agent-sign.py
