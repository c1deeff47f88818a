/*
 * test.h - a small unit-test harness (in the spirit of redis's testhelp.h).
 *
 *     TEST("cursor reads big-endian") { ... CHECK(x == 1); CHECK_EQ_U(a, b); }
 *     int main(void) { RUN(name); ...; return test_report(); }
 *     RUN_CASE(row->name, check_row(row));	(a table's rows, one by one)
 *
 * Prints one line per failed check and a TAP-like summary; exits non-zero on
 * any failure, so automake's test driver counts it.
 */
#ifndef PACKTER_TEST_H
#define PACKTER_TEST_H

#include <stdio.h>
#include <string.h>

static int test_checks, test_failed, test_cases, test_cases_failed;
static const char *test_current;

#define CHECK(cond) do {						\
	test_checks++;							\
	if (!(cond)) {							\
		test_failed++;						\
		printf("  FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__,	\
		    test_current, #cond);				\
	}								\
} while (0)

#define CHECK_EQ_U(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	test_checks++;							\
	if (_a != _b) {							\
		test_failed++;						\
		printf("  FAIL %s:%d [%s]: %s == %s (%llu != %llu)\n",	\
		    __FILE__, __LINE__, test_current, #a, #b, _a, _b);	\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	test_checks++;							\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0) {		\
		test_failed++;						\
		printf("  FAIL %s:%d [%s]: %s == \"%s\" (got \"%s\")\n", \
		    __FILE__, __LINE__, test_current, #a,		\
		    _b ? _b : "(null)", _a ? _a : "(null)");		\
	}								\
} while (0)

/* Compare a slice (pointer, length) with a C string. */
#define CHECK_MEM(p, len, s) do {					\
	const char *_s = (s);						\
	size_t _l = (len);						\
	test_checks++;							\
	if (_l != strlen(_s) || memcmp((p), _s, _l) != 0) {		\
		test_failed++;						\
		printf("  FAIL %s:%d [%s]: \"%.*s\" != \"%s\"\n",	\
		    __FILE__, __LINE__, test_current, (int)_l,		\
		    (const char *)(p), _s);				\
	}								\
} while (0)

#define TEST(name) static void test_##name(void)
#define RUN(name) RUN_CASE(#name, test_##name())
/* One case of a table: a TAP line named by the row, its checks counted. */
#define RUN_CASE(name, call) do {					\
	int _before = test_failed;					\
	test_current = (name);						\
	test_cases++;							\
	call;								\
	if (test_failed != _before)					\
		test_cases_failed++;					\
	printf("%s %d - %s\n", test_failed != _before ? "not ok" : "ok", \
	    test_cases, test_current);					\
} while (0)

static inline int
test_report(void)
{
	printf("1..%d\n# %d checks, %d failed, in %d cases (%d failed)\n",
	    test_cases, test_checks, test_failed, test_cases,
	    test_cases_failed);
	return test_failed != 0;
}

#endif /* PACKTER_TEST_H */
