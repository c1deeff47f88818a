/*
 * fuzz-filter.c - the viewer's display filters (viewer/core/filter.c): the
 * input is an expression, compiled with filter_compile(), then evaluated
 * on a few fixed records.  Invariants: a refusal points inside the
 * expression and says why (a non-empty message); an accepted filter keeps
 * its text as given, and evaluating it twice gives the same answer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "protocol.h"

static const char *const lines[] = {
	"10.0.0.1,192.0.2.80,40000,80,1,TCP SYN src:10.0.0.1(40000)",
	"2001:db8::5,2001:db8:1::53,5353,53,8,UDP DNS query",
	"0.5,0.25,0.5,0.5,12,Incident:brute force",
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char expr[FILTER_TEXT_MAX + 2], err[256];
	struct pt_record r;
	struct filter *f;
	size_t pos, i, n;

	n = size < sizeof(expr) - 1 ? size : sizeof(expr) - 1;
	memcpy(expr, data, n);
	expr[n] = '\0';
	n = strlen(expr);		/* to the first NUL, as a C string */
	err[0] = '\0';
	f = filter_compile(expr, err, sizeof(err), &pos);
	if (f == NULL) {
		if (pos > n || err[0] == '\0')
			abort();
		return 0;
	}
	if (strcmp(filter_text(f), expr) != 0)
		abort();
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (pt_parse_record_line(lines[i], strlen(lines[i]), &r, err,
		    sizeof(err)) != 0)
			abort();
		if (filter_match(f, &r) != filter_match(f, &r))
			abort();
	}
	filter_free(f);
	return 0;
}
