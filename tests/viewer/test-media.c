/*
 * test-media.c - the confinement of network-named files (viewer/media/media.c):
 * names refused before any system call, links leading out refused by the
 * kernel, links inside followed, only regular files read, the aliases for
 * other programs' default names, picture headers, model discovery.
 *
 * Works in a fresh temporary media directory with a symbolic link to a
 * file outside it, one to a directory outside it, one inside, a FIFO, a
 * directory, an empty file and, as root, a device node.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/test.h"
#include "media.h"

static char dir[256], outside[256];

static void
put(const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(content, f);
	fclose(f);
}

static void
link_to(const char *target, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (symlink(target, path) == -1) {
		perror(path);
		exit(1);
	}
}

static void
setup(void)
{
	char path[512];

	snprintf(dir, sizeof(dir), "/tmp/packter-test-media.XXXXXX");
	snprintf(outside, sizeof(outside), "/tmp/packter-test-outside.XXXXXX");
	if (mkdtemp(dir) == NULL || mkdtemp(outside) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	put("hello.txt", "hello");
	put("empty.wav", "");
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/models", dir);
	mkdir(path, 0755);
	put("sub/deep.txt", "deep");
	put("tc-found.png", "found");
	put("beep.wav", "beep");
	put("models/flag-10.obj", "o");
	put("models/flag-10.png", "p");
	put("models/flag-12.obj", "o");		/* no texture: not a model */
	put("models/flag-011.obj", "o");	/* leading zero */
	put("models/flag-11.png", "p");
	put("models/flag-11.obj", "o");
	put("models/flag-9.obj", "o");		/* below 10 */
	put("models/flag-9.png", "p");
	put("models/flag-70000.obj", "o");	/* above 65535 */
	put("models/flag-70000.png", "p");
	/* The reference viewer's: packterNN.x is flag NN - 1. */
	put("models/packter11.x", "x");		/* flag 10 */
	put("models/packter300.x", "x");	/* flag 299, no texture */
	put("models/packter300.png", "p");
	put("models/packter10.x", "x");		/* flag 9: a class */
	put("models/packter01.x", "x");		/* flag 0 */
	put("models/packter011.x", "x");	/* leading zero */
	put("models/packter65537.x", "x");	/* flag 65536 */
	put("models/packter65536.x", "x");	/* flag 65535 */
	put("models/packter12.obj", "o");
	snprintf(path, sizeof(path), "%s/secret", outside);
	if ((fclose(fopen(path, "w"))) != 0)
		exit(1);
	link_to(path, "out.png");
	link_to(outside, "outdir");
	link_to("/etc/passwd", "passwd.png");
	link_to("hello.txt", "in.txt");
	link_to("sub/../hello.txt", "in-dots.txt");
	link_to("../../../../../../../etc/passwd", "sub/climb.png");
	snprintf(path, sizeof(path), "%s/pipe.wav", dir);
	mkfifo(path, 0644);
}

static void
teardown(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, outside);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
}

static int
refused(const char *name, enum media_counter want)
{
	enum media_counter got = MEDIA_COUNTERS;
	char why[128];

	return media_check_name(name, strlen(name), &got, why,
	    sizeof(why)) == MEDIA_E_REFUSED && got == want;
}

TEST(names)
{
	char long_name[300];
	enum media_counter k;
	char why[128];

	CHECK(refused("/etc/passwd", MEDIA_REFUSED_ABSOLUTE));
	CHECK(refused("//etc/passwd", MEDIA_REFUSED_ABSOLUTE));
	CHECK(refused("../etc/passwd", MEDIA_REFUSED_DOTS));
	CHECK(refused("../../etc/passwd", MEDIA_REFUSED_DOTS));
	CHECK(refused("sub/../../x", MEDIA_REFUSED_DOTS));
	CHECK(refused("sub/..", MEDIA_REFUSED_DOTS));
	CHECK(refused("..", MEDIA_REFUSED_DOTS));
	CHECK(refused(".", MEDIA_REFUSED_DOTS));
	CHECK(refused("./x.png", MEDIA_REFUSED_DOTS));
	CHECK(refused("sub//x", MEDIA_REFUSED_DOTS));
	CHECK(refused("sub/", MEDIA_REFUSED_DOTS));
	CHECK(refused("", MEDIA_REFUSED_CHARS));
	CHECK(refused("a\\..\\b", MEDIA_REFUSED_CHARS));
	CHECK(refused("a\tb", MEDIA_REFUSED_CHARS));
	CHECK(refused("a\x7f", MEDIA_REFUSED_CHARS));
	CHECK(refused("a/b/c/d/e/f/g/h/i", MEDIA_REFUSED_LONG));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	CHECK(refused(long_name, MEDIA_REFUSED_LONG));
	/* A NUL inside the slice is a control character. */
	CHECK(media_check_name("a\0/etc/passwd", 13, &k, why,
	    sizeof(why)) == MEDIA_E_REFUSED && k == MEDIA_REFUSED_CHARS);
	/* Fine: dots inside names, UTF-8, subdirectories. */
	CHECK(media_check_name("a..b.png", 8, &k, why, sizeof(why)) ==
	    MEDIA_OK);
	CHECK(media_check_name("...", 3, &k, why, sizeof(why)) == MEDIA_OK);
	CHECK(media_check_name("sub/x.png", 9, &k, why, sizeof(why)) ==
	    MEDIA_OK);
	CHECK(media_check_name("\xe7\x94\xbb.png", 7, &k, why,
	    sizeof(why)) == MEDIA_OK);
}

static char *
rd(struct media *m, const char *name, size_t *size, int *res)
{
	char err[256];

	return media_read(m, name, strlen(name), size, res, err, sizeof(err));
}

TEST(reads)
{
	struct media m;
	char err[256], *buf;
	size_t size;
	int res;

	CHECK(media_open(&m, dir, err, sizeof(err)) == 0);
	buf = rd(&m, "hello.txt", &size, &res);
	CHECK(buf != NULL && res == MEDIA_OK && size == 5 &&
	    memcmp(buf, "hello", 5) == 0);
	free(buf);
	buf = rd(&m, "sub/deep.txt", &size, &res);
	CHECK(buf != NULL && size == 4);
	free(buf);
	/* Links that stay inside are followed (by openat2). */
	buf = rd(&m, "in.txt", &size, &res);
	CHECK(m.no_openat2 ? buf == NULL : buf != NULL && size == 5);
	free(buf);
	buf = rd(&m, "in-dots.txt", &size, &res);
	CHECK(m.no_openat2 ? buf == NULL : buf != NULL && size == 5);
	free(buf);
	buf = rd(&m, "empty.wav", &size, &res);
	CHECK(buf != NULL && size == 0 && res == MEDIA_OK);
	free(buf);
	CHECK_EQ_U(m.c[MEDIA_READ], m.no_openat2 ? 3 : 5);

	/* Links leading out: refused, whatever they point at. */
	CHECK(rd(&m, "out.png", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "passwd.png", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "outdir/secret", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "sub/climb.png", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK_EQ_U(m.c[MEDIA_REFUSED_LINK], 4);

	/* Names: refused and counted, each by its reason. */
	CHECK(rd(&m, "/etc/passwd", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "../../etc/passwd", &size, &res) == NULL);
	CHECK(rd(&m, "sub/../hello.txt", &size, &res) == NULL);
	CHECK_EQ_U(m.c[MEDIA_REFUSED_ABSOLUTE], 1);
	CHECK_EQ_U(m.c[MEDIA_REFUSED_DOTS], 2);

	/* Not regular files, missing ones. */
	CHECK(rd(&m, "pipe.wav", &size, &res) == NULL &&
	    res == MEDIA_E_OTHER);
	CHECK(rd(&m, "sub", &size, &res) == NULL && res == MEDIA_E_OTHER);
	CHECK_EQ_U(m.c[MEDIA_NOT_FILE], 2);
	CHECK(rd(&m, "nothing.png", &size, &res) == NULL &&
	    res == MEDIA_E_MISSING);
	CHECK(rd(&m, "nothing/x.png", &size, &res) == NULL &&
	    res == MEDIA_E_MISSING);
	CHECK_EQ_U(m.c[MEDIA_MISSING], 2);

	/* Too large. */
	m.max_file = 3;
	CHECK(rd(&m, "hello.txt", &size, &res) == NULL &&
	    res == MEDIA_E_OTHER);
	CHECK_EQ_U(m.c[MEDIA_TOO_LARGE], 1);
	m.max_file = MEDIA_FILE_MAX;

	/* Other programs' default names. */
	buf = rd(&m, "traceback-found.png", &size, &res);
	CHECK(buf != NULL && size == 5 && memcmp(buf, "found", 5) == 0);
	free(buf);
	buf = rd(&m, "traceback-started.wav", &size, &res);
	CHECK(buf != NULL && size == 4 && memcmp(buf, "beep", 4) == 0);
	free(buf);
	CHECK_EQ_U(m.c[MEDIA_ALIASED], 2);
	CHECK(rd(&m, "traceback-error.png", &size, &res) == NULL &&
	    res == MEDIA_E_MISSING);
	media_close(&m);
}

/* Without openat2 (old kernels, seccomp): every link refused. */
TEST(no_openat2)
{
	struct media m;
	char err[256], *buf;
	size_t size;
	int res;

	CHECK(media_open(&m, dir, err, sizeof(err)) == 0);
	m.no_openat2 = true;
	buf = rd(&m, "sub/deep.txt", &size, &res);
	CHECK(buf != NULL && size == 4);
	free(buf);
	CHECK(rd(&m, "in.txt", &size, &res) == NULL && res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "passwd.png", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "outdir/secret", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK(rd(&m, "sub/climb.png", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
	CHECK_EQ_U(m.c[MEDIA_REFUSED_LINK], 4);
	media_close(&m);
}

/*
 * A FIFO or a device node is refused without being opened at all: inotify
 * sees every open for reading (not those with O_PATH, which open nothing),
 * so none may show.  The device node (/dev/null's numbers) only as root.
 */
static void
never_opened(bool walk)
{
	struct media m;
	char err[256], path[512], ev[4096];
	const char *names[] = { "pipe.wav", "null.wav" };
	size_t size, i;
	ssize_t n;
	int in, res;

	snprintf(path, sizeof(path), "%s/null.wav", dir);
	if (access(path, F_OK) == -1 &&
	    mknod(path, S_IFCHR | 0644, makedev(1, 3)) == -1)
		printf("# no device node (%s): the FIFO only\n",
		    strerror(errno));
	CHECK(media_open(&m, dir, err, sizeof(err)) == 0);
	m.no_openat2 = walk;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (access(path, F_OK) == -1)
			continue;
		CHECK((in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) != -1);
		CHECK(inotify_add_watch(in, path, IN_OPEN | IN_ACCESS) != -1);
		CHECK(rd(&m, names[i], &size, &res) == NULL &&
		    res == MEDIA_E_OTHER);
		n = read(in, ev, sizeof(ev));
		CHECK(n == -1 && errno == EAGAIN);
		close(in);
	}
	CHECK(m.c[MEDIA_NOT_FILE] >= 1);
	media_close(&m);
}

TEST(fifo_device_unopened)
{
	never_opened(false);
	never_opened(true);
}

TEST(no_directory)
{
	struct media m;
	char err[256];
	size_t size;
	int res;

	CHECK(media_open(&m, "/nonexistent/packter", err, sizeof(err)) == -1);
	CHECK(strstr(err, "/nonexistent/packter") != NULL);
	CHECK(rd(&m, "x.png", &size, &res) == NULL && res == MEDIA_E_MISSING);
	CHECK(rd(&m, "/etc/passwd", &size, &res) == NULL &&
	    res == MEDIA_E_REFUSED);
}

TEST(models)
{
	struct media m;
	unsigned flags[8];
	char err[256];
	int n;

	CHECK(media_open(&m, dir, err, sizeof(err)) == 0);
	n = media_model_flags(&m, flags, 8);
	CHECK_EQ_U(n, 2);
	CHECK(n == 2 && flags[0] == 10 && flags[1] == 11);
	CHECK_EQ_U(media_model_flags(&m, flags, 1), 1);
	n = media_xmodel_flags(&m, flags, 8);
	CHECK_EQ_U(n, 3);
	CHECK(n == 3 && flags[0] == 10 && flags[1] == 299 &&
	    flags[2] == 65535);
	media_close(&m);
}

TEST(image_info)
{
	static const uint8_t png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 1, 0, 0, 0, 0, 200, 8, 6, 0, 0, 0
	};
	static const uint8_t jpg[] = {
		0xff, 0xd8,
		0xff, 0xe0, 0, 4, 'J', 'F',		/* APP0, short */
		0xff, 0xff,				/* a fill byte */
		0xff, 0xc0, 0, 11, 8, 0, 160, 1, 64, 3, 1, 0x11, 0
	};
	static const uint8_t jpg_cut[] = {
		0xff, 0xd8, 0xff, 0xe0, 0, 40, 'J', 'F'
	};
	static const uint8_t gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0 };
	/* BITMAPINFOHEADER, 300 x -120 (top down); OS/2's, 17 x 5. */
	static const uint8_t bmp[] = {
		'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
		40, 0, 0, 0, 0x2c, 1, 0, 0, 0x88, 0xff, 0xff, 0xff
	};
	static const uint8_t bmp_core[] = {
		'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0,
		12, 0, 0, 0, 17, 0, 5, 0
	};
	static const uint8_t bmp_odd[] = {	/* a DIB header of 20 bytes */
		'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
		20, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0
	};
	static const uint8_t bmp_zero[] = {
		'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
		40, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0
	};
	const char *type;
	size_t n;
	int w, h;

	CHECK(media_image_info(png, sizeof(png), &w, &h) != NULL &&
	    strcmp(media_image_info(png, sizeof(png), &w, &h), "PNG") == 0 &&
	    w == 256 && h == 200);
	CHECK(media_image_info(png, 20, &w, &h) == NULL);
	CHECK(media_image_info(jpg, sizeof(jpg), &w, &h) != NULL &&
	    w == 320 && h == 160);
	CHECK(media_image_info(jpg_cut, sizeof(jpg_cut), &w, &h) == NULL);
	CHECK(media_image_info(gif, sizeof(gif), &w, &h) == NULL);

	type = media_image_info(bmp, sizeof(bmp), &w, &h);
	CHECK(type != NULL && strcmp(type, "BMP") == 0 && w == 300 &&
	    h == 120);
	type = media_image_info(bmp_core, sizeof(bmp_core), &w, &h);
	CHECK(type != NULL && strcmp(type, "BMP") == 0 && w == 17 && h == 5);
	CHECK(media_image_info(bmp_odd, sizeof(bmp_odd), &w, &h) == NULL);
	CHECK(media_image_info(bmp_zero, sizeof(bmp_zero), &w, &h) == NULL);
	/* Cut anywhere before its sides, it is refused. */
	for (n = 0; n < sizeof(bmp); n++)
		CHECK(media_image_info(bmp, n, &w, &h) == NULL);
}

int
main(void)
{
	setup();
	RUN(names);
	RUN(reads);
	RUN(no_openat2);
	RUN(fifo_device_unopened);
	RUN(no_directory);
	RUN(models);
	RUN(image_info);
	teardown();
	return test_report();
}
