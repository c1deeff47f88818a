/*
 * onefile.c - replay inputs through a fuzz target without libFuzzer.
 *
 *     fuzz-decode-replay crash-1234 fuzz/corpus/fuzz-decode
 *
 * Each argument is a file (replayed as one input) or a directory (every
 * regular file in it, in name order).  Linked with the same target source as
 * the libFuzzer build, so a crash found by the fuzzer reproduces here under
 * a normal or an ASan build, and `make check` replays the seed corpora.
 * Exits 0 when every input ran (a target signals a broken invariant by
 * aborting), 1 when an input could not be read, 2 on bad usage.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

/* The target's entry points; the initializer is optional. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* Inputs larger than this are refused, as libFuzzer's -max_len would cut. */
#define REPLAY_MAX_INPUT	(16 * 1024 * 1024)

static int	verbose;

/* Read a whole file; NULL (and a message) on error. */
static uint8_t *
read_input(const char *path, size_t *lenp)
{
	FILE *f;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			if (cap >= REPLAY_MAX_INPUT) {
				fprintf(stderr, "replay: %s: larger than %d "
				    "bytes\n", path, REPLAY_MAX_INPUT);
				goto fail;
			}
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto fail;
	}
	fclose(f);
	*lenp = len;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static int
run_file(const char *path)
{
	uint8_t *buf, *copy;
	size_t len;

	if ((buf = read_input(path, &len)) == NULL)
		return -1;
	/*
	 * An exact-size copy, as libFuzzer hands over, so that ASan sees a
	 * read one byte past the input.
	 */
	copy = xmalloc(len > 0 ? len : 1);
	memcpy(copy, buf, len);
	free(buf);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of a directory, sorted; returns inputs run or -1. */
static long
run_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	long ran = 0;
	int len;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (len < 0 || (size_t)len >= sizeof(path)) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir,
			    names[i]);
			ran = -1;
			break;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(path) != 0) {
			ran = -1;
			break;
		}
		ran++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ran;
}

int
main(int argc, char **argv)
{
	struct stat st;
	long ran = 0, r;
	int i, first = 1;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-v] file|directory ...\n",
		    argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = first; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			r = run_dir(argv[i]);
		else
			r = run_file(argv[i]) == 0 ? 1 : -1;
		if (r < 0)
			return 1;
		ran += r;
	}
	printf("replay: %ld inputs ran\n", ran);
	return 0;
}
